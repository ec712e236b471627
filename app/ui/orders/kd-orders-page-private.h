/* kd-orders-page-private.h: what the page's tests look at. */
#pragma once

#include "kd-order-detail.h"
#include "kd-order-dialog.h"
#include "kd-orders-page.h"

G_BEGIN_DECLS

GtkWidget     *_kd_orders_page_get_search_entry  (KdOrdersPage *self);
GListModel    *_kd_orders_page_get_visible_model (KdOrdersPage *self);
GtkColumnView *_kd_orders_page_get_column_view   (KdOrdersPage *self);
KdOrderDetail *_kd_orders_page_get_detail        (KdOrdersPage *self);
KdOrderDialog *_kd_orders_page_get_dialog        (KdOrdersPage *self);
const char    *_kd_orders_page_get_state         (KdOrdersPage *self);
const char    *_kd_orders_page_get_count_text    (KdOrdersPage *self);
/* The flag bar's count for @flag (as shown), or -1 before the first count. */
int            _kd_orders_page_get_flag_count    (KdOrdersPage *self,
                                                  KdFlag        flag);
/* The flag bar's text for @flag ("Green 12") and its tooltip. */
const char    *_kd_orders_page_get_flag_label    (KdOrdersPage *self,
                                                  KdFlag        flag);
const char    *_kd_orders_page_get_flag_tip      (KdOrdersPage *self,
                                                  KdFlag        flag);
gboolean       _kd_orders_page_is_busy           (KdOrdersPage *self);
/* What the file chooser would start. */
void           _kd_orders_page_import            (KdOrdersPage       *self,
                                                  const char * const *paths,
                                                  gboolean            skip_bad_rows);
/* After an import: the summary's text or the error, NULL before. */
const char    *_kd_orders_page_get_import_result (KdOrdersPage *self,
                                                  gboolean     *ok);

G_END_DECLS
