/* kd-staff-dialog.h: add or edit one staff member, validated as you type. */
#pragma once

#include <adwaita.h>

#include "kd-context.h"

G_BEGIN_DECLS

#define KD_TYPE_STAFF_DIALOG (kd_staff_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KdStaffDialog, kd_staff_dialog, KD, STAFF_DIALOG, AdwWindow)

KdStaffDialog *kd_staff_dialog_new      (KdContext     *context,
                                         KdStaff       *staff);
gboolean       kd_staff_dialog_is_valid (KdStaffDialog *self);
gboolean       kd_staff_dialog_is_busy  (KdStaffDialog *self);

G_END_DECLS
