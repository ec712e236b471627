/* kd-order-detail.h: one order's fields, item lines, remark timeline and the add-remark box. */
#pragma once

#include <adwaita.h>

#include "kd-context.h"

G_BEGIN_DECLS

#define KD_TYPE_ORDER_DETAIL (kd_order_detail_get_type ())
G_DECLARE_FINAL_TYPE (KdOrderDetail, kd_order_detail, KD, ORDER_DETAIL, GtkWidget)

void     kd_order_detail_set_order_id  (KdOrderDetail *self,
                                        gint64         id);
gint64   kd_order_detail_get_order_id  (KdOrderDetail *self);
/* The loaded order (NULL while none is, or it is still on its way). */
KdOrder *kd_order_detail_get_order     (KdOrderDetail *self);
/* Puts the keyboard in the remark text. */
void     kd_order_detail_focus_remark  (KdOrderDetail *self);

G_END_DECLS
