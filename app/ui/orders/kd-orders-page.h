/* kd-orders-page.h: the Orders page: the flag bar, filters, the order list, the detail pane, import. */
#pragma once

#include <adwaita.h>

#include "kd-context.h"

G_BEGIN_DECLS

#define KD_TYPE_ORDERS_PAGE (kd_orders_page_get_type ())
G_DECLARE_FINAL_TYPE (KdOrdersPage, kd_orders_page, KD, ORDERS_PAGE, GtkWidget)

G_END_DECLS
