/* kd-staff-repo.h: the staff directory in the database. */
#pragma once

#include <gio/gio.h>

#include "kd-staff.h"
#include "kd-store.h"

G_BEGIN_DECLS

typedef enum {
  KD_STAFF_REMOVAL_FAILED,
  KD_STAFF_REMOVAL_DELETED,
  KD_STAFF_REMOVAL_DEACTIVATED,  /* had history, so only marked inactive */
} KdStaffRemoval;

GListStore     *kd_staff_repo_list               (KdStore     *store,
                                                  GError     **error);
KdStaff        *kd_staff_repo_find_by_job_number (KdStore     *store,
                                                  const char  *job_number,
                                                  GError     **error);
gboolean        kd_staff_repo_validate           (KdStaff     *staff,
                                                  GError     **error);
gboolean        kd_staff_repo_insert             (KdStore     *store,
                                                  KdStaff     *staff,
                                                  GError     **error);
gboolean        kd_staff_repo_update             (KdStore     *store,
                                                  KdStaff     *staff,
                                                  GError     **error);
KdStaffRemoval  kd_staff_repo_remove             (KdStore     *store,
                                                  KdStaff     *staff,
                                                  GError     **error);
gboolean        kd_staff_repo_restore            (KdStore     *store,
                                                  KdStaff     *staff,
                                                  KdStaffRemoval removal,
                                                  GError     **error);
gboolean        kd_staff_repo_record_sign_in     (KdStore     *store,
                                                  KdStaff     *staff,
                                                  gint64       at_unix,
                                                  GError     **error);

G_END_DECLS
