/* kd-order-detail-private.h: what the detail pane's tests look at. */
#pragma once

#include "kd-order-detail.h"

G_BEGIN_DECLS

GtkTextView *_kd_order_detail_get_remark_view (KdOrderDetail *self);
GtkEditable *_kd_order_detail_get_follow_up   (KdOrderDetail *self);
const char  *_kd_order_detail_get_bytes_left  (KdOrderDetail *self);
const char  *_kd_order_detail_get_error       (KdOrderDetail *self);
KdFlag       _kd_order_detail_get_flag        (KdOrderDetail *self);
GPtrArray   *_kd_order_detail_get_remarks     (KdOrderDetail *self);
/* The chosen flag's name and meaning as shown under the picker. */
const char  *_kd_order_detail_get_flag_meaning (KdOrderDetail *self);
gboolean     _kd_order_detail_is_busy         (KdOrderDetail *self);
gboolean     _kd_order_detail_blacklist_shown (KdOrderDetail *self);

G_END_DECLS
