/* kd-staff-service.h: the staff directory's behaviour, shared by the window (async) and the CLI (sync). */
#pragma once

#include "kd-query-model.h"
#include "kd-staff.h"
#include "kd-store.h"

G_BEGIN_DECLS

#define KD_TYPE_STAFF_SERVICE (kd_staff_service_get_type ())
G_DECLARE_FINAL_TYPE (KdStaffService, kd_staff_service, KD, STAFF_SERVICE, GObject)

KdStaffService *kd_staff_service_new                 (KdStore             *store);
KdQueryModel   *kd_staff_service_create_model        (KdStaffService      *self);

/* Synchronous: the CLI, tests, worker threads. */
gboolean        kd_staff_service_save                (KdStaffService      *self,
                                                      KdStaff             *staff,
                                                      GError             **error);
KdStaffRemoval  kd_staff_service_remove              (KdStaffService      *self,
                                                      KdStaff             *staff,
                                                      GError             **error);
gboolean        kd_staff_service_restore             (KdStaffService      *self,
                                                      KdStaff             *staff,
                                                      KdStaffRemoval       removal,
                                                      GError             **error);
KdStaff        *kd_staff_service_find_by_job_number  (KdStaffService      *self,
                                                      const char          *job_number,
                                                      GError             **error);
GPtrArray      *kd_staff_service_list                (KdStaffService      *self,
                                                      gboolean             active_only,
                                                      GError             **error);

/* Asynchronous: the window. Each is one transaction on the store thread. */
void            kd_staff_service_save_async          (KdStaffService      *self,
                                                      KdStaff             *staff,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
KdStaff        *kd_staff_service_save_finish         (KdStaffService      *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);
void            kd_staff_service_remove_async        (KdStaffService      *self,
                                                      KdStaff             *staff,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
KdStaffRemoval  kd_staff_service_remove_finish       (KdStaffService      *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);
void            kd_staff_service_restore_async       (KdStaffService      *self,
                                                      KdStaff             *staff,
                                                      KdStaffRemoval       removal,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean        kd_staff_service_restore_finish      (KdStaffService      *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);
/* Who other than @except_id holds @job_number (NULL: nobody), by the unique index. */
void            kd_staff_service_find_holder_async   (KdStaffService      *self,
                                                      const char          *job_number,
                                                      gint64               except_id,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
KdStaff        *kd_staff_service_find_holder_finish  (KdStaffService      *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);

G_END_DECLS
