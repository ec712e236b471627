/* kd-customers-page.h: the Customers page: search, filters, the customer list, bulk actions. */
#pragma once

#include <adwaita.h>

#include "kd-context.h"

G_BEGIN_DECLS

#define KD_TYPE_CUSTOMERS_PAGE (kd_customers_page_get_type ())
G_DECLARE_FINAL_TYPE (KdCustomersPage, kd_customers_page, KD, CUSTOMERS_PAGE, GtkWidget)

G_END_DECLS
