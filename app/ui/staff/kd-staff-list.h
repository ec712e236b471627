/* kd-staff-list.h: the staff directory: a sortable, searchable column view. */
#pragma once

#include <adwaita.h>

#include "kd-context.h"

G_BEGIN_DECLS

#define KD_TYPE_STAFF_LIST (kd_staff_list_get_type ())
G_DECLARE_FINAL_TYPE (KdStaffList, kd_staff_list, KD, STAFF_LIST, GtkWidget)

GListModel *kd_staff_list_get_model (KdStaffList *self);

G_END_DECLS
