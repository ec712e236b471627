/* kd-staff-repo.h: the staff directory in the database; run inside store jobs (kd_store_write/read). */
#pragma once

#include "kd-query-model.h"
#include "kd-staff.h"
#include "kd-store.h"

G_BEGIN_DECLS

/* The directory as a KdQueryModel: sorts "job-number" (the default), "name",
 * "role", "phone", "status"; filter "active" (boolean). */
const KdQuerySpec *kd_staff_repo_query_spec      (void);

GPtrArray      *kd_staff_repo_list               (KdConn      *conn,
                                                  gboolean     active_only,
                                                  GError     **error);
KdStaff        *kd_staff_repo_find_by_id         (KdConn      *conn,
                                                  gint64       id,
                                                  GError     **error);
KdStaff        *kd_staff_repo_find_by_job_number (KdConn      *conn,
                                                  const char  *job_number,
                                                  GError     **error);
KdStaff        *kd_staff_repo_find_holder        (KdConn      *conn,
                                                  const char  *job_number,
                                                  gint64       except_id,
                                                  GError     **error);
gboolean        kd_staff_repo_insert             (KdConn      *conn,
                                                  KdStaff     *staff,
                                                  GError     **error);
gboolean        kd_staff_repo_update             (KdConn      *conn,
                                                  KdStaff     *staff,
                                                  GError     **error);
KdStaffRemoval  kd_staff_repo_remove             (KdConn      *conn,
                                                  KdStaff     *staff,
                                                  GError     **error);
gboolean        kd_staff_repo_restore            (KdConn      *conn,
                                                  KdStaff     *staff,
                                                  KdStaffRemoval removal,
                                                  GError     **error);
gboolean        kd_staff_repo_record_sign_in     (KdConn      *conn,
                                                  KdStaff     *staff,
                                                  gint64       at_unix,
                                                  GError     **error);
gboolean        kd_staff_repo_fill_keys          (KdConn      *conn,
                                                  GError     **error);

G_END_DECLS
