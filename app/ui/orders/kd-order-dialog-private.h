/* kd-order-dialog-private.h: what the dialog's tests look at. */
#pragma once

#include "kd-order-dialog.h"

G_BEGIN_DECLS

/* Sets the field named like the order's list property ("order-no",
 * "buyer", "created", "total", "receiver-name", …) as if typed. */
void        _kd_order_dialog_set_field (KdOrderDialog *self,
                                        const char    *name,
                                        const char    *text);
const char *_kd_order_dialog_get_error (KdOrderDialog *self);
gboolean    _kd_order_dialog_can_save  (KdOrderDialog *self);

G_END_DECLS
