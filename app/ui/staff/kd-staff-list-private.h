/* kd-staff-list-private.h: what the staff list's tests look at. */
#pragma once

#include "kd-staff-dialog.h"
#include "kd-staff-list.h"

G_BEGIN_DECLS

KdStaffDialog *_kd_staff_list_get_dialog     (KdStaffList *self);
AdwToast      *_kd_staff_list_get_undo_toast (KdStaffList *self);
GtkWidget     *_kd_staff_list_get_search_entry (KdStaffList *self);
GListModel    *_kd_staff_list_get_visible_model (KdStaffList *self);
const char    *_kd_staff_list_get_state      (KdStaffList *self);
gboolean       _kd_staff_list_is_busy        (KdStaffList *self);
GtkColumnView *_kd_staff_list_get_column_view (KdStaffList *self);

G_END_DECLS
