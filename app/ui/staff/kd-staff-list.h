/* kd-staff-list.h: the staff directory: a sortable, searchable column view. */
#pragma once

#include <adwaita.h>

#include "kd-store.h"

G_BEGIN_DECLS

#define KD_TYPE_STAFF_LIST (kd_staff_list_get_type ())
G_DECLARE_FINAL_TYPE (KdStaffList, kd_staff_list, KD, STAFF_LIST, GtkWidget)

void        kd_staff_list_set_store    (KdStaffList *self,
                                        KdStore     *store);
void        kd_staff_list_set_settings (KdStaffList *self,
                                        GSettings   *settings);
GListModel *kd_staff_list_get_model    (KdStaffList *self);

G_END_DECLS
