/* kd-orders-util.h: what the order widgets share: flag names, tooltips and dots, times and status as shown. */
#pragma once

#include <gtk/gtk.h>

#include "kd-order.h"
#include "kd-order-service.h"

G_BEGIN_DECLS

/* The shop's name for @flag (@service NULL: the default). */
const char *kd_orders_flag_name        (KdOrderService *service,
                                        KdFlag          flag);
/* "Green — ship later": the name with the shop's meaning. */
char       *kd_orders_flag_tooltip     (KdOrderService *service,
                                        KdFlag          flag);
/* A small round dot in the flag's colour (CSS .kd-flag-dot.kd-flag-KEY). */
GtkWidget  *kd_orders_flag_dot_new     (KdFlag      flag);
void        kd_orders_flag_dot_set     (GtkWidget  *dot,
                                        KdFlag      flag);
/* Local "2026-11-25 09:30", "" for 0. */
char       *kd_orders_format_time      (gint64      unix_time);
/* The status label, or the report's own words for "other". */
char       *kd_orders_status_text      (KdOrder    *order);

G_END_DECLS
