/* kd-service-job.c: the GTask around a store job that every service used to write out again. */
#include "kd-service-job.h"

typedef struct {
  KdServiceJobMode        mode;
  KdStoreFunc             func;
  KdServiceJobThreadFunc  thread_func;
  KdServiceJobDoneFunc    done;
  gpointer                data;
  GDestroyNotify          destroy;
} ServiceJob;

static void
service_job_free (ServiceJob *job)
{
  if (job->destroy != NULL)
    job->destroy (job->data);
  g_free (job);
}

static GTask *
service_job_task_new (gpointer             source_object,
                      gpointer             source_tag,
                      gpointer             data,
                      GDestroyNotify       destroy,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  GTask *task = g_task_new (source_object, cancellable, callback, user_data);
  ServiceJob *job = g_new0 (ServiceJob, 1);

  job->data = data;
  job->destroy = destroy;
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, job, (GDestroyNotify) service_job_free);
  return task;
}

gboolean
kd_service_job_run (KdStore           *store,
                    KdServiceJobMode   mode,
                    KdStoreFunc        func,
                    gpointer           data,
                    GError           **error)
{
  return mode == KD_SERVICE_JOB_WRITE ? kd_store_write (store, func, data, error)
                                      : kd_store_read (store, func, data, error);
}

static void
store_job_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ServiceJob *job = g_task_get_task_data (task);
  GError *error = NULL;
  gboolean ok = job->mode == KD_SERVICE_JOB_WRITE ? kd_store_write_finish (KD_STORE (source), result, &error)
                                                  : kd_store_read_finish (KD_STORE (source), result, &error);

  if (ok && job->done != NULL)
    ok = job->done (g_task_get_source_object (task), job->data, &error);
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* The store job gets the data without a destroy function: the outer task
 * owns it and outlives the store job (the store's callback holds it). */
void
kd_service_job_run_async (gpointer              source_object,
                          gpointer              source_tag,
                          KdStore              *store,
                          KdServiceJobMode      mode,
                          KdStoreFunc           func,
                          gpointer              data,
                          GDestroyNotify        destroy,
                          KdServiceJobDoneFunc  done,
                          GCancellable         *cancellable,
                          GAsyncReadyCallback   callback,
                          gpointer              user_data)
{
  GTask *task;
  ServiceJob *job;

  g_return_if_fail (KD_IS_STORE (store));
  g_return_if_fail (func != NULL);
  g_return_if_fail (data != NULL);

  task = service_job_task_new (source_object, source_tag, data, destroy, cancellable, callback, user_data);
  job = g_task_get_task_data (task);
  job->mode = mode;
  job->func = func;
  job->done = done;
  if (mode == KD_SERVICE_JOB_WRITE)
    kd_store_write_async (store, func, data, NULL, cancellable, store_job_done, task);
  else
    kd_store_read_async (store, func, data, NULL, cancellable, store_job_done, task);
}

static void
thread_job_run (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ServiceJob *job = task_data;
  GError *error = NULL;

  if (job->thread_func (job->data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
kd_service_job_run_in_thread (gpointer                source_object,
                              gpointer                source_tag,
                              KdServiceJobThreadFunc  func,
                              gpointer                data,
                              GDestroyNotify          destroy,
                              GCancellable           *cancellable,
                              GAsyncReadyCallback     callback,
                              gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (func != NULL);
  g_return_if_fail (data != NULL);

  task = service_job_task_new (source_object, source_tag, data, destroy, cancellable, callback, user_data);
  ((ServiceJob *) g_task_get_task_data (task))->thread_func = func;
  g_task_run_in_thread (task, thread_job_run);
}

gpointer
kd_service_job_finish (gpointer       source_object,
                       GAsyncResult  *result,
                       gpointer       source_tag,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, source_object), NULL);
  g_return_val_if_fail (source_tag == NULL || g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  return ((ServiceJob *) g_task_get_task_data (G_TASK (result)))->data;
}
