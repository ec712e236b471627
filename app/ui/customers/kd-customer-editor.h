/* kd-customer-editor.h: one customer's profile in its own window: view, edit, reveal contacts, purchase history. */
#pragma once

#include <adwaita.h>

#include "kd-context.h"

G_BEGIN_DECLS

#define KD_TYPE_CUSTOMER_EDITOR (kd_customer_editor_get_type ())
G_DECLARE_FINAL_TYPE (KdCustomerEditor, kd_customer_editor, KD, CUSTOMER_EDITOR, AdwWindow)

/* @id 0: a new customer. Signal "saved" (KdCustomerChange *) after a save. */
KdCustomerEditor *kd_customer_editor_new    (KdContext        *context,
                                             gint64            id);
gint64            kd_customer_editor_get_id (KdCustomerEditor *self);

G_END_DECLS
