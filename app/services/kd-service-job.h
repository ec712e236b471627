/* kd-service-job.h: one store job (or worker-thread job) as a service's _async/_finish pair. */
#pragma once

#include <gio/gio.h>

#include "kd-store.h"

G_BEGIN_DECLS

typedef enum {
  KD_SERVICE_JOB_READ,   /* on a reader connection */
  KD_SERVICE_JOB_WRITE,  /* on the store thread, in its transaction */
} KdServiceJobMode;

/* Runs in the caller's main context once the job has succeeded, before
 * the task returns: for what the service itself must do with the outcome
 * (remember who signed in). FALSE with @error fails the task. */
typedef gboolean (*KdServiceJobDoneFunc)   (gpointer       source_object,
                                            gpointer       data,
                                            GError       **error);

/* Runs in a worker thread (long file work: backups, exports, imports). */
typedef gboolean (*KdServiceJobThreadFunc) (gpointer       data,
                                            GCancellable  *cancellable,
                                            GError       **error);

gboolean kd_service_job_run                 (KdStore                *store,
                                             KdServiceJobMode        mode,
                                             KdStoreFunc             func,
                                             gpointer                data,
                                             GError                **error);

/* @data (not NULL) belongs to the task and is freed with @destroy when
 * the task is; kd_service_job_finish() lends it to the _finish function,
 * which takes (steals) the results it hands on. @done may be NULL. */
void     kd_service_job_run_async           (gpointer                source_object,
                                             gpointer                source_tag,
                                             KdStore                *store,
                                             KdServiceJobMode        mode,
                                             KdStoreFunc             func,
                                             gpointer                data,
                                             GDestroyNotify          destroy,
                                             KdServiceJobDoneFunc    done,
                                             GCancellable           *cancellable,
                                             GAsyncReadyCallback     callback,
                                             gpointer                user_data);
void     kd_service_job_run_in_thread       (gpointer                source_object,
                                             gpointer                source_tag,
                                             KdServiceJobThreadFunc  func,
                                             gpointer                data,
                                             GDestroyNotify          destroy,
                                             GCancellable           *cancellable,
                                             GAsyncReadyCallback     callback,
                                             gpointer                user_data);

/* The tasks of both return a boolean: a _finish with nothing to hand on
 * may just g_task_propagate_boolean(). kd_service_job_finish() gives the
 * job's data, owned by @result (valid while the caller holds it), or
 * NULL with @error set when the job failed or was cancelled. A NULL
 * @source_tag accepts a task of any tag (one _finish for several _async). */
gpointer kd_service_job_finish              (gpointer                source_object,
                                             GAsyncResult           *result,
                                             gpointer                source_tag,
                                             GError                **error);

G_END_DECLS
