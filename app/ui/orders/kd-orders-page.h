/* kd-orders-page.h: the Orders page: the flag bar, filters, the order list, the detail pane, import. */
#pragma once

#include <adwaita.h>

#include "kd-context.h"

G_BEGIN_DECLS

#define KD_TYPE_ORDERS_PAGE (kd_orders_page_get_type ())
G_DECLARE_FINAL_TYPE (KdOrdersPage, kd_orders_page, KD, ORDERS_PAGE, GtkWidget)

/* Shows @order_id in the detail and selects it in the list; filters that
 * would hide it are cleared (the Unpaid page's "Open order"). */
void kd_orders_page_show_order        (KdOrdersPage *self,
                                       gint64        order_id);
/* The count on the button that opens the Unpaid page (0: no count). */
void kd_orders_page_set_unpaid_count  (KdOrdersPage *self,
                                       guint         n_unpaid);

G_END_DECLS
