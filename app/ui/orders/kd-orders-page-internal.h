/* kd-orders-page-internal.h: what the Orders page's three files share (kd-orders-page.c: filters, the list, selection, manual orders; -bar.c: the flag bar; -import.c: File → Import). */
#pragma once

#include "kd-orders-page-private.h"

G_BEGIN_DECLS

#define FLAG_ALL (-1)   /* the flag filter when every flag is shown */

struct _KdOrdersPage
{
  GtkWidget            parent_instance;

  KdContext           *context;
  KdQueryModel        *model;

  int                  flag_filter;       /* FLAG_ALL or a KdFlag */
  guint                counts[KD_N_FLAGS];
  gboolean             have_counts;
  gboolean             counting;
  gboolean             count_again;       /* a write came in while counting */

  GCancellable        *import_cancellable;  /* while an import runs */
  char                *import_result;
  gboolean             import_ok;
  GStrv                import_paths;      /* the last import's, to retry with skip */

  KdOrderDialog       *dialog;            /* weak */
  gint64               select_id;         /* select once the model has it */
  gboolean             select_first;      /* the user changed the query: show its first match */

  GtkToggleButton     *flag_buttons[KD_N_FLAGS + 1];   /* [0] all, [1 + flag] */
  GtkLabel            *flag_labels[KD_N_FLAGS + 1];

  GtkWidget           *box;
  GtkSearchEntry      *search_entry;
  GtkDropDown         *status_dropdown;
  GtkEntry            *agent_entry;
  GtkEntry            *since_entry;
  GtkEntry            *until_entry;
  GtkToggleButton     *attention_button;
  GtkButton           *unpaid_button;
  AdwButtonContent    *unpaid_content;
  GtkBox              *flag_bar;
  GtkLabel            *count_label;
  GtkRevealer         *import_revealer;
  GtkLabel            *import_label;
  GtkProgressBar      *import_progress;
  GtkPaned            *paned;
  GtkStack            *content_stack;
  GtkColumnView       *column_view;
  GtkSingleSelection  *selection;
  KdOrderDetail       *detail;
};

/* kd-orders-page.c */
void _kd_orders_page_query_changed (KdOrdersPage *self);
KdOrderService *_kd_orders_page_service (KdOrdersPage *self);
GtkWindow *_kd_orders_page_parent_window (KdOrdersPage *self);
void _kd_orders_page_update_state (KdOrdersPage *self);

/* kd-orders-page-bar.c */
void _kd_orders_page_count_flags (KdOrdersPage *self);
void _kd_orders_page_on_orders_changed (KdOrdersPage *self);
void _kd_orders_page_filter_flag_activated (GtkWidget  *widget,
                                            const char *action_name,
                                            GVariant   *param);
void _kd_orders_page_update_flag_tips (KdOrdersPage *self);
void _kd_orders_page_on_flags_changed (KdOrdersPage *self);
void _kd_orders_page_build_flag_bar (KdOrdersPage *self);

/* kd-orders-page-import.c */
void _kd_orders_page_import_progress (guint64  done,
                                      guint64  total,
                                      gpointer user_data);
void _kd_orders_page_import_paths (KdOrdersPage       *self,
                                   const char * const *paths,
                                   gboolean            skip_bad_rows);
void _kd_orders_page_import_activated (GtkWidget  *widget,
                                       const char *action_name,
                                       GVariant   *param);
void _kd_orders_page_cancel_import_activated (GtkWidget  *widget,
                                              const char *action_name,
                                              GVariant   *param);

G_END_DECLS
