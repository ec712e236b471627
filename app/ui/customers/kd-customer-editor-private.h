/* kd-customer-editor-private.h: what the editor's tests look at. */
#pragma once

#include "kd-customer-editor.h"

G_BEGIN_DECLS

gboolean    _kd_customer_editor_is_busy         (KdCustomerEditor *self);
gboolean    _kd_customer_editor_is_revealed     (KdCustomerEditor *self);
/* The phones as shown: masked until Reveal, one per line. */
const char *_kd_customer_editor_get_phones_text (KdCustomerEditor *self);
GtkEditable *_kd_customer_editor_get_nickname   (KdCustomerEditor *self);
/* The message under the nickname, NULL when none is shown. */
const char *_kd_customer_editor_get_nickname_error (KdCustomerEditor *self);
guint       _kd_customer_editor_get_n_orders    (KdCustomerEditor *self);
gboolean    _kd_customer_editor_can_save        (KdCustomerEditor *self);
GtkSpinButton *_kd_customer_editor_get_height   (KdCustomerEditor *self);
/* The messages shown under the fields now, one per line. */
char       *_kd_customer_editor_dup_errors      (KdCustomerEditor *self);

G_END_DECLS
