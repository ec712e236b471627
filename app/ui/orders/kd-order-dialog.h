/* kd-order-dialog.h: create or edit an order typed by hand, validated as you type (kd_order_validate). */
#pragma once

#include <adwaita.h>

#include "kd-context.h"

G_BEGIN_DECLS

#define KD_TYPE_ORDER_DIALOG (kd_order_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KdOrderDialog, kd_order_dialog, KD, ORDER_DIALOG, AdwWindow)

/* @order NULL: a new order. Emits "saved" (KdOrder) once stored. */
KdOrderDialog *kd_order_dialog_new (KdContext *context,
                                    KdOrder   *order);

G_END_DECLS
