/* kd-handover.h: a handover (交接班) the outgoing agent writes: pending items, each optionally about an order or a customer. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum {
  KD_HANDOVER_FIELD_ITEMS = 1,
  KD_HANDOVER_FIELD_TEXT,
  KD_HANDOVER_FIELD_ORDER,
  KD_HANDOVER_FIELD_CUSTOMER,
  KD_HANDOVER_FIELD_NOTE,
  KD_HANDOVER_FIELD_AUTHOR,
} KdHandoverField;

#define KD_HANDOVER_MAX_ITEMS     50
#define KD_HANDOVER_TEXT_MAX      500   /* characters per item */
#define KD_HANDOVER_NOTE_MAX      500
#define KD_HANDOVER_ORDER_MAX     32    /* Taobao order numbers are 18–19 digits */
#define KD_HANDOVER_CUSTOMER_MAX  64

typedef struct {
  char *text;
  char *order_no;   /* "" when none */
  char *customer;   /* buyer nickname; "" when none */
} KdHandoverItem;

KdHandoverItem *kd_handover_item_new  (const char     *text,
                                       const char     *order_no,
                                       const char     *customer);
void            kd_handover_item_free (KdHandoverItem *item);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KdHandoverItem, kd_handover_item_free)

#define KD_TYPE_HANDOVER (kd_handover_get_type ())
G_DECLARE_FINAL_TYPE (KdHandover, kd_handover, KD, HANDOVER, GObject)

struct _KdHandover
{
  GObject    parent_instance;
  gint64     id;
  gint64     author_id;
  char      *author_name;
  char      *author_job_number;
  gint64     written_at;       /* UTC Unix seconds */
  char      *day;              /* the roster day of the shift handed over */
  char      *shift_code;       /* "" when written off-roster */
  char      *note;
  gint64     acked_at;         /* 0: not acknowledged */
  gint64     acked_by;
  char      *acked_by_name;
  GPtrArray *items;            /* KdHandoverItem*; may be empty in list rows (n_items says how many) */
  int        n_items;
};

/* Properties for lists: author-label, written-label, summary (the first
 * item and how many more), status-label (who acknowledged, or "Open"). */
KdHandover *kd_handover_new            (gint64       author_id,
                                        const char  *day,
                                        const char  *shift_code,
                                        const char  *note);
void        kd_handover_add_item       (KdHandover  *self,
                                        const char  *text,
                                        const char  *order_no,
                                        const char  *customer);
void        kd_handover_assign         (KdHandover  *self,
                                        KdHandover  *other);
/* Trims every field, drops items with no text at all, then checks. */
gboolean    kd_handover_validate       (KdHandover  *self,
                                        GError     **error);
/* What the history search looks in, normalised (kd_text_normalize). */
char       *kd_handover_dup_search_text (KdHandover *self);
/* Plain text of the whole handover (copy to clipboard, CLI). */
char       *kd_handover_dup_text       (KdHandover  *self);

G_END_DECLS
