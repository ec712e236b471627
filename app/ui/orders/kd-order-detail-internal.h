/* kd-order-detail-internal.h: what the order detail's two files share (kd-order-detail.c: loading, actions, the add-remark box; kd-order-detail-fill.c: filling in the fields, items and timeline). */
#pragma once

#include "kd-order-detail-private.h"

G_BEGIN_DECLS

struct _KdOrderDetail
{
  GtkWidget        parent_instance;

  KdContext       *context;
  gint64           order_id;
  KdOrder         *order;          /* loaded, with its items */
  GPtrArray       *remarks;        /* of KdRemark, oldest first */
  KdCustomer      *customer;       /* the buyer's profile, if found */
  GCancellable    *loading;        /* this order's reads: cancelled when another is shown */
  guint            pending;        /* reads and writes on their way */
  KdFlag           flag;           /* the picker's choice */
  gboolean         saving;
  gint64           saving_for;     /* the order the remark on its way is for */

  GtkToggleButton *flag_buttons[KD_N_FLAGS];

  GtkStack        *stack;
  GtkScrolledWindow *scroller;
  GtkWidget       *flag_dot;
  GtkLabel        *title_label;
  GtkLabel        *status_label;
  GtkRevealer     *blacklist_revealer;
  GtkLabel        *blacklist_label;
  GtkWidget       *remark_box;
  GtkBox          *flag_picker;
  GtkLabel        *flag_meaning;
  GtkTextView     *remark_view;
  GtkEntry        *follow_up_entry;
  GtkLabel        *bytes_label;
  GtkLabel        *error_label;
  GtkListBox      *timeline;
  GtkListBox      *items_list;
  GtkGrid         *fields_grid;
};

/* kd-order-detail.c */
KdOrderService *_kd_order_detail_flag_service (KdOrderDetail *self);

/* kd-order-detail-fill.c */
void _kd_order_detail_fill_fields (KdOrderDetail *self);
void _kd_order_detail_fill_items (KdOrderDetail *self);
void _kd_order_detail_fill_timeline (KdOrderDetail *self);
void _kd_order_detail_fill_header (KdOrderDetail *self);

G_END_DECLS
