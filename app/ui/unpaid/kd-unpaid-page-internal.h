/* kd-unpaid-page-internal.h: what the Unpaid page's two files share (kd-unpaid-page.c: state, reading, agent filter, actions; kd-unpaid-columns.c: the columns and their cells). */
#pragma once

#include "kd-unpaid-page-private.h"

G_BEGIN_DECLS

struct _KdUnpaidPage
{
  GtkWidget            parent_instance;

  KdContext           *context;
  GListStore          *orders;          /* KdUnpaidOrder, every agent's, oldest first */
  GtkFilterListModel  *filtered;
  GtkCustomFilter     *filter;
  GPtrArray           *agents;          /* job numbers in the dropdown's order; [0] NULL: all */
  GCancellable        *cancellable;     /* the list being read */
  gboolean             reload_again;
  gboolean             loaded;
  gint64               select_id;       /* select once the list has it */
  guint                n_open;
  guint                tick_id;         /* countdowns, every second */
  guint                minute_id;       /* the list read again */
  GHashTable          *live;            /* GtkListItem → KdUnpaidColumn, cells the clock changes */
  char                *cell_text;       /* tests */

  AdwMessageDialog    *dialog;          /* weak: the follow-up question */
  GtkEditable         *note_entry;
  gint64               dialog_order_id;

  GtkWidget           *box;
  GtkStack            *view_stack;
  GtkDropDown         *agent_dropdown;
  GtkLabel            *summary_label;
  GtkStack            *content_stack;
  GtkColumnView       *column_view;
  GtkSingleSelection  *selection;
  AdwStatusPage       *empty_page;
  KdUnpaidReport      *report;
};

/* kd-unpaid-page.c */
gint64 _kd_unpaid_page_now_unix (KdUnpaidPage *self);
int _kd_unpaid_page_hours (KdUnpaidPage *self);
char *_kd_unpaid_page_local_time (gint64      when,
                                  const char *format);

/* kd-unpaid-columns.c */
char *_kd_unpaid_page_cell_text (KdUnpaidPage   *self,
                                 KdUnpaidOrder  *o,
                                 KdUnpaidColumn  column);
void _kd_unpaid_page_fill_cell (KdUnpaidPage   *self,
                                GtkListItem    *list_item,
                                KdUnpaidColumn  column);
void _kd_unpaid_page_add_columns (KdUnpaidPage *self);

G_END_DECLS
