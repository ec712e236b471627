/* kd-staff-service.c: staff writes as store jobs; the async forms wrap them in GTasks for the window. */
#include "kd-staff-service.h"
#include "kd-service-job.h"
#include "kd-staff-repo.h"

struct _KdStaffService
{
  GObject  parent_instance;
  KdStore *store;
};

G_DEFINE_FINAL_TYPE (KdStaffService, kd_staff_service, G_TYPE_OBJECT)

typedef struct {
  KdStaff        *staff;     /* a copy, owned by the job */
  KdStaffRemoval  removal;
  char           *job_number;
  gint64          except_id;
  KdStaff        *found;
  GPtrArray      *list;
  gboolean        active_only;
} StaffJob;

static void
staff_job_free (StaffJob *job)
{
  g_clear_object (&job->staff);
  g_clear_object (&job->found);
  g_clear_pointer (&job->list, g_ptr_array_unref);
  g_free (job->job_number);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StaffJob, staff_job_free)

static StaffJob *
staff_job_new (KdStaff *staff)
{
  StaffJob *job = g_new0 (StaffJob, 1);

  if (staff != NULL)
    job->staff = kd_staff_copy (staff);
  return job;
}

static gboolean
save_job (KdConn   *conn,
          gpointer  data,
          GError  **error)
{
  StaffJob *job = data;

  if (kd_staff_get_id (job->staff) > 0)
    return kd_staff_repo_update (conn, job->staff, error);
  return kd_staff_repo_insert (conn, job->staff, error);
}

static gboolean
remove_job (KdConn   *conn,
            gpointer  data,
            GError  **error)
{
  StaffJob *job = data;

  job->removal = kd_staff_repo_remove (conn, job->staff, error);
  return job->removal != KD_STAFF_REMOVAL_FAILED;
}

static gboolean
restore_job (KdConn   *conn,
             gpointer  data,
             GError  **error)
{
  StaffJob *job = data;
  return kd_staff_repo_restore (conn, job->staff, job->removal, error);
}

static gboolean
find_holder_job (KdConn   *conn,
                 gpointer  data,
                 GError  **error)
{
  StaffJob *job = data;
  g_autoptr(GError) local = NULL;

  job->found = kd_staff_repo_find_holder (conn, job->job_number, job->except_id, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return TRUE;
}

static gboolean
find_job (KdConn   *conn,
          gpointer  data,
          GError  **error)
{
  StaffJob *job = data;

  job->found = kd_staff_repo_find_by_job_number (conn, job->job_number, error);
  return job->found != NULL;
}

static gboolean
list_job (KdConn   *conn,
          gpointer  data,
          GError  **error)
{
  StaffJob *job = data;

  job->list = kd_staff_repo_list (conn, job->active_only, error);
  return job->list != NULL;
}

/* ---------------------------------------------------------------- sync */

/* On success @staff has its id (a new one) and its stored name. */
gboolean
kd_staff_service_save (KdStaffService  *self,
                       KdStaff         *staff,
                       GError         **error)
{
  g_autoptr(StaffJob) job = staff_job_new (staff);

  g_return_val_if_fail (KD_IS_STAFF_SERVICE (self), FALSE);

  if (!kd_store_write (self->store, save_job, job, error))
    return FALSE;
  kd_staff_set_id (staff, kd_staff_get_id (job->staff));
  kd_staff_set_name (staff, kd_staff_get_name (job->staff));
  return TRUE;
}

KdStaffRemoval
kd_staff_service_remove (KdStaffService  *self,
                         KdStaff         *staff,
                         GError         **error)
{
  g_autoptr(StaffJob) job = staff_job_new (staff);

  g_return_val_if_fail (KD_IS_STAFF_SERVICE (self), KD_STAFF_REMOVAL_FAILED);

  if (!kd_store_write (self->store, remove_job, job, error))
    return KD_STAFF_REMOVAL_FAILED;
  if (job->removal == KD_STAFF_REMOVAL_DEACTIVATED)
    kd_staff_set_active (staff, FALSE);
  return job->removal;
}

gboolean
kd_staff_service_restore (KdStaffService  *self,
                          KdStaff         *staff,
                          KdStaffRemoval   removal,
                          GError         **error)
{
  g_autoptr(StaffJob) job = staff_job_new (staff);

  g_return_val_if_fail (KD_IS_STAFF_SERVICE (self), FALSE);

  job->removal = removal;
  return kd_store_write (self->store, restore_job, job, error);
}

KdStaff *
kd_staff_service_find_by_job_number (KdStaffService  *self,
                                     const char      *job_number,
                                     GError         **error)
{
  g_autoptr(StaffJob) job = staff_job_new (NULL);

  g_return_val_if_fail (KD_IS_STAFF_SERVICE (self), NULL);

  job->job_number = g_strdup (job_number);
  if (!kd_store_read (self->store, find_job, job, error))
    return NULL;
  return g_steal_pointer (&job->found);
}

GPtrArray *
kd_staff_service_list (KdStaffService  *self,
                       gboolean         active_only,
                       GError         **error)
{
  g_autoptr(StaffJob) job = staff_job_new (NULL);

  g_return_val_if_fail (KD_IS_STAFF_SERVICE (self), NULL);

  job->active_only = active_only;
  if (!kd_store_read (self->store, list_job, job, error))
    return NULL;
  return g_steal_pointer (&job->list);
}

/* ---------------------------------------------------------------- async */

static void
run_async (KdStaffService      *self,
           gpointer             source_tag,
           KdServiceJobMode     mode,
           KdStoreFunc          func,
           StaffJob            *job,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  kd_service_job_run_async (self, source_tag, self->store, mode, func, job, (GDestroyNotify) staff_job_free,
                            NULL, cancellable, callback, user_data);
}

void
kd_staff_service_save_async (KdStaffService      *self,
                             KdStaff             *staff,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (KD_IS_STAFF_SERVICE (self));
  g_return_if_fail (KD_IS_STAFF (staff));
  run_async (self, kd_staff_service_save_async, KD_SERVICE_JOB_WRITE, save_job, staff_job_new (staff),
             cancellable, callback, user_data);
}

/* The saved staff member, with the id it was stored under. */
KdStaff *
kd_staff_service_save_finish (KdStaffService  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  StaffJob *job = kd_service_job_finish (self, result, kd_staff_service_save_async, error);
  return job ? g_steal_pointer (&job->staff) : NULL;
}

void
kd_staff_service_remove_async (KdStaffService      *self,
                               KdStaff             *staff,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (KD_IS_STAFF_SERVICE (self));
  g_return_if_fail (KD_IS_STAFF (staff));
  run_async (self, kd_staff_service_remove_async, KD_SERVICE_JOB_WRITE, remove_job, staff_job_new (staff),
             cancellable, callback, user_data);
}

KdStaffRemoval
kd_staff_service_remove_finish (KdStaffService  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  StaffJob *job = kd_service_job_finish (self, result, kd_staff_service_remove_async, error);
  return job ? job->removal : KD_STAFF_REMOVAL_FAILED;
}

void
kd_staff_service_restore_async (KdStaffService      *self,
                                KdStaff             *staff,
                                KdStaffRemoval       removal,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  StaffJob *job;

  g_return_if_fail (KD_IS_STAFF_SERVICE (self));
  g_return_if_fail (KD_IS_STAFF (staff));

  job = staff_job_new (staff);
  job->removal = removal;
  run_async (self, kd_staff_service_restore_async, KD_SERVICE_JOB_WRITE, restore_job, job,
             cancellable, callback, user_data);
}

gboolean
kd_staff_service_restore_finish (KdStaffService  *self,
                                 GAsyncResult    *result,
                                 GError         **error)
{
  StaffJob *job = kd_service_job_finish (self, result, kd_staff_service_restore_async, error);
  return job != NULL;
}

void
kd_staff_service_find_holder_async (KdStaffService      *self,
                                    const char          *job_number,
                                    gint64               except_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  StaffJob *job;

  g_return_if_fail (KD_IS_STAFF_SERVICE (self));

  job = staff_job_new (NULL);
  job->job_number = g_strdup (job_number);
  job->except_id = except_id;
  run_async (self, kd_staff_service_find_holder_async, KD_SERVICE_JOB_READ, find_holder_job, job,
             cancellable, callback, user_data);
}

/* NULL with no error when nobody else holds the job number. */
KdStaff *
kd_staff_service_find_holder_finish (KdStaffService  *self,
                                     GAsyncResult    *result,
                                     GError         **error)
{
  StaffJob *job = kd_service_job_finish (self, result, kd_staff_service_find_holder_async, error);
  return job ? g_steal_pointer (&job->found) : NULL;
}

KdQueryModel *
kd_staff_service_create_model (KdStaffService *self)
{
  g_return_val_if_fail (KD_IS_STAFF_SERVICE (self), NULL);
  return kd_query_model_new (self->store, kd_staff_repo_query_spec ());
}

/* ---------------------------------------------------------------- GObject */

static void
kd_staff_service_dispose (GObject *object)
{
  KdStaffService *self = KD_STAFF_SERVICE (object);

  g_clear_object (&self->store);
  G_OBJECT_CLASS (kd_staff_service_parent_class)->dispose (object);
}

static void
kd_staff_service_class_init (KdStaffServiceClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kd_staff_service_dispose;
}

static void
kd_staff_service_init (KdStaffService *self)
{
}

KdStaffService *
kd_staff_service_new (KdStore *store)
{
  KdStaffService *self;

  g_return_val_if_fail (KD_IS_STORE (store), NULL);

  self = g_object_new (KD_TYPE_STAFF_SERVICE, NULL);
  self->store = g_object_ref (store);
  return self;
}
