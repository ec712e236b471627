/* kd-handover-service.c: handovers through store jobs; the author and the acknowledger are whoever is at the desk. */
#include "kd-handover-service.h"
#include "kd-clock.h"
#include "kd-error.h"
#include "kd-handover-repo.h"
#include "kd-leave.h"
#include "kd-roster-repo.h"
#include "kd-service-job.h"

#include <glib/gi18n-lib.h>

struct _KdHandoverService
{
  GObject  parent_instance;
  KdStore *store;
};

G_DEFINE_FINAL_TYPE (KdHandoverService, kd_handover_service, G_TYPE_OBJECT)

static void
kd_handover_service_dispose (GObject *object)
{
  KdHandoverService *self = KD_HANDOVER_SERVICE (object);

  g_clear_object (&self->store);
  G_OBJECT_CLASS (kd_handover_service_parent_class)->dispose (object);
}

static void
kd_handover_service_class_init (KdHandoverServiceClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kd_handover_service_dispose;
}

static void
kd_handover_service_init (KdHandoverService *self)
{
}

KdHandoverService *
kd_handover_service_new (KdStore *store)
{
  KdHandoverService *self = g_object_new (KD_TYPE_HANDOVER_SERVICE, NULL);

  self->store = g_object_ref (store);
  return self;
}

KdQueryModel *
kd_handover_service_create_model (KdHandoverService *self)
{
  KdQueryModel *model;

  g_return_val_if_fail (KD_IS_HANDOVER_SERVICE (self), NULL);
  model = kd_query_model_new (self->store, kd_handover_repo_query_spec ());
  kd_query_model_set_sort (model, "written", TRUE);
  return model;
}

typedef enum {
  OP_WRITE,
  OP_ACK,
  OP_UNACK,
  OP_GET,
  OP_LIST_OPEN,
} Op;

typedef struct {
  Op          op;
  gint64      id;
  gint64      staff_id;
  gint64      now;
  KdHandover *handover;
  GPtrArray  *list;
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->handover);
  g_clear_pointer (&job->list, g_ptr_array_unref);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

static Job *
job_new (Op       op,
         gint64   id,
         KdStaff *staff)
{
  Job *job = g_new0 (Job, 1);

  job->op = op;
  job->id = id;
  job->staff_id = staff ? kd_staff_get_id (staff) : 0;
  job->now = kd_clock_now_unix (NULL);
  return job;
}

static gboolean
signed_in (gint64    staff_id,
           GError  **error)
{
  if (staff_id <= 0)
    {
      g_set_error (error, KD_VALIDATION_ERROR, KD_HANDOVER_FIELD_AUTHOR,
                   _("Sign in first: handovers are written and acknowledged by the agent at the desk."));
      return FALSE;
    }
  return TRUE;
}

/* A handover is written at the end of a shift, often just after it: the
 * author's shift running now, or else one that ended this long ago. */
#define LATE_MINUTES 60

/* The roster's answer to "which shift is @staff_id handing over": the
 * shift code and its roster day (a night shift written at 00:30 belongs
 * to the day before). FALSE in *@found when they are not on the roster
 * then: the handover is kept as written (off-roster). */
static gboolean
find_own_shift (KdConn      *conn,
                gint64       staff_id,
                gint64       now,
                KdOnDuty   **found,
                GError     **error)
{
  *found = NULL;
  for (int k = 0; k < 2 && *found == NULL; k++)
    {
      g_autoptr(GDateTime) at = g_date_time_new_from_unix_local (now - k * LATE_MINUTES * 60);
      g_autoptr(GPtrArray) duty = kd_roster_repo_on_duty (conn, at, error);

      if (duty == NULL)
        return FALSE;
      for (guint i = 0; i < duty->len && *found == NULL; i++)
        {
          KdOnDuty *d = g_ptr_array_index (duty, i);
          if (d->staff_id == staff_id)
            *found = g_ptr_array_steal_index (duty, i);
        }
    }
  return TRUE;
}

static gboolean
fill_shift (KdConn      *conn,
            Job         *job,
            GError     **error)
{
  g_autoptr(KdOnDuty) duty = NULL;
  KdHandover *h = job->handover;

  if (h->shift_code != NULL && *h->shift_code != '\0')
    return TRUE;
  if (!find_own_shift (conn, job->staff_id, job->now, &duty, error))
    return FALSE;
  if (duty != NULL)
    {
      g_free (h->shift_code);
      h->shift_code = g_strdup (duty->shift_code);
      g_free (h->day);
      h->day = kd_day_format (&duty->day);
    }
  return TRUE;
}

static gboolean
run_job (KdConn   *conn,
         gpointer  data,
         GError  **error)
{
  Job *job = data;

  switch (job->op)
    {
    case OP_WRITE:
      if (!signed_in (job->staff_id, error))
        return FALSE;
      job->handover->author_id = job->staff_id;
      return fill_shift (conn, job, error) &&
             kd_handover_repo_insert (conn, job->handover, job->now, error);
    case OP_ACK:
      return signed_in (job->staff_id, error) &&
             kd_handover_repo_acknowledge (conn, job->id, job->staff_id, job->now, error);
    case OP_UNACK:
      return kd_handover_repo_unacknowledge (conn, job->id, error);
    case OP_GET:
      job->handover = kd_handover_repo_get (conn, job->id, error);
      return job->handover != NULL;
    case OP_LIST_OPEN:
      job->list = kd_handover_repo_list_open (conn, job->staff_id, error);
      return job->list != NULL;
    default:
      g_assert_not_reached ();
    }
}

gboolean
kd_handover_service_write (KdHandoverService  *self,
                           KdHandover         *handover,
                           KdStaff            *author,
                           GError            **error)
{
  g_autoptr(Job) job = job_new (OP_WRITE, 0, author);

  g_return_val_if_fail (KD_IS_HANDOVER_SERVICE (self), FALSE);
  job->handover = g_object_ref (handover);
  return kd_store_write (self->store, run_job, job, error);
}

KdHandover *
kd_handover_service_get (KdHandoverService  *self,
                         gint64              id,
                         GError            **error)
{
  g_autoptr(Job) job = job_new (OP_GET, id, NULL);

  g_return_val_if_fail (KD_IS_HANDOVER_SERVICE (self), NULL);
  if (!kd_store_read (self->store, run_job, job, error))
    return NULL;
  return g_steal_pointer (&job->handover);
}

GPtrArray *
kd_handover_service_list_open (KdHandoverService  *self,
                               KdStaff            *agent,
                               GError            **error)
{
  g_autoptr(Job) job = job_new (OP_LIST_OPEN, 0, agent);

  g_return_val_if_fail (KD_IS_HANDOVER_SERVICE (self), NULL);
  if (!kd_store_read (self->store, run_job, job, error))
    return NULL;
  return g_steal_pointer (&job->list);
}

gboolean
kd_handover_service_acknowledge (KdHandoverService  *self,
                                 gint64              id,
                                 KdStaff            *agent,
                                 GError            **error)
{
  g_autoptr(Job) job = job_new (OP_ACK, id, agent);

  g_return_val_if_fail (KD_IS_HANDOVER_SERVICE (self), FALSE);
  return kd_store_write (self->store, run_job, job, error);
}

gboolean
kd_handover_service_unacknowledge (KdHandoverService  *self,
                                   gint64              id,
                                   GError            **error)
{
  g_autoptr(Job) job = job_new (OP_UNACK, id, NULL);

  g_return_val_if_fail (KD_IS_HANDOVER_SERVICE (self), FALSE);
  return kd_store_write (self->store, run_job, job, error);
}

/* ---------------------------------------------------------------- async */

static KdServiceJobMode
job_mode (Job *job)
{
  return job->op == OP_GET || job->op == OP_LIST_OPEN ? KD_SERVICE_JOB_READ : KD_SERVICE_JOB_WRITE;
}

static void
run_async (KdHandoverService   *self,
           Job                 *job,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  kd_service_job_run_async (self, run_async, self->store, job_mode (job), run_job, job, (GDestroyNotify) job_free,
                            NULL, cancellable, callback, user_data);
}

void
kd_handover_service_write_async (KdHandoverService   *self,
                                 KdHandover          *handover,
                                 KdStaff             *author,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  Job *job = job_new (OP_WRITE, 0, author);

  job->handover = g_object_ref (handover);
  run_async (self, job, cancellable, callback, user_data);
}

void
kd_handover_service_acknowledge_async (KdHandoverService   *self,
                                       gint64               id,
                                       KdStaff             *agent,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  run_async (self, job_new (OP_ACK, id, agent), cancellable, callback, user_data);
}

void
kd_handover_service_unacknowledge_async (KdHandoverService   *self,
                                         gint64               id,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  run_async (self, job_new (OP_UNACK, id, NULL), cancellable, callback, user_data);
}

gboolean
kd_handover_service_finish (KdHandoverService  *self,
                            GAsyncResult       *result,
                            GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
kd_handover_service_list_open_async (KdHandoverService   *self,
                                     KdStaff             *agent,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  run_async (self, job_new (OP_LIST_OPEN, 0, agent), cancellable, callback, user_data);
}

GPtrArray *
kd_handover_service_list_open_finish (KdHandoverService  *self,
                                      GAsyncResult       *result,
                                      GError            **error)
{
  Job *job = kd_service_job_finish (self, result, run_async, error);
  return job ? g_steal_pointer (&job->list) : NULL;
}

void
kd_handover_service_get_async (KdHandoverService   *self,
                               gint64               id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  run_async (self, job_new (OP_GET, id, NULL), cancellable, callback, user_data);
}

KdHandover *
kd_handover_service_get_finish (KdHandoverService  *self,
                                GAsyncResult       *result,
                                GError            **error)
{
  Job *job = kd_service_job_finish (self, result, run_async, error);
  return job ? g_steal_pointer (&job->handover) : NULL;
}
