/* kd-leave-service.c: leave and swap requests through store jobs; who may decide is checked in the same transaction as the decision. */
#include "kd-leave-service.h"
#include "kd-audit-repo.h"
#include "kd-clock.h"
#include "kd-leave-repo.h"

#include <glib/gi18n-lib.h>

struct _KdLeaveService
{
  GObject  parent_instance;
  KdStore *store;
};

G_DEFINE_FINAL_TYPE (KdLeaveService, kd_leave_service, G_TYPE_OBJECT)

static void
kd_leave_service_dispose (GObject *object)
{
  KdLeaveService *self = KD_LEAVE_SERVICE (object);

  g_clear_object (&self->store);
  G_OBJECT_CLASS (kd_leave_service_parent_class)->dispose (object);
}

static void
kd_leave_service_class_init (KdLeaveServiceClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kd_leave_service_dispose;
}

static void
kd_leave_service_init (KdLeaveService *self)
{
}

KdLeaveService *
kd_leave_service_new (KdStore *store)
{
  KdLeaveService *self = g_object_new (KD_TYPE_LEAVE_SERVICE, NULL);

  self->store = g_object_ref (store);
  return self;
}

static KdQueryModel *
create_model (KdLeaveService    *self,
              const KdQuerySpec *spec)
{
  KdQueryModel *model = kd_query_model_new (self->store, spec);

  kd_query_model_set_sort (model, "pending-first", FALSE);
  return model;
}

KdQueryModel *
kd_leave_service_create_leave_model (KdLeaveService *self)
{
  g_return_val_if_fail (KD_IS_LEAVE_SERVICE (self), NULL);
  return create_model (self, kd_leave_repo_leave_query_spec ());
}

KdQueryModel *
kd_leave_service_create_swap_model (KdLeaveService *self)
{
  g_return_val_if_fail (KD_IS_LEAVE_SERVICE (self), NULL);
  return create_model (self, kd_leave_repo_swap_query_spec ());
}

/* ---------------------------------------------------------------- jobs */

typedef enum {
  OP_SUBMIT_LEAVE,
  OP_SUBMIT_SWAP,
  OP_DECIDE,
  OP_UNDO,
} Op;

typedef struct {
  Op               op;
  KdRequestKind    kind;
  gint64           id;
  KdRequestStatus  decision;
  KdStaff         *by;
  char            *note;
  GObject         *request;   /* submitted */
  gint64           now;
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->by);
  g_clear_object (&job->request);
  g_free (job->note);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

static Job *
job_new (Op       op,
         KdStaff *by)
{
  Job *job = g_new0 (Job, 1);

  job->op = op;
  job->by = by ? g_object_ref (by) : NULL;
  job->now = kd_clock_now_unix (NULL);
  return job;
}

static KdRequestType
repo_type (KdRequestKind kind)
{
  return kind == KD_LEAVE_SERVICE_LEAVE ? KD_REQUEST_TYPE_LEAVE : KD_REQUEST_TYPE_SWAP;
}

static const char *
entity (KdRequestKind kind)
{
  return kind == KD_LEAVE_SERVICE_LEAVE ? "leave_requests" : "swap_requests";
}

/* Who asked: the decider's rights depend on it. */
static gboolean
read_requesters (KdConn         *conn,
                 KdRequestKind   kind,
                 gint64          id,
                 gint64          out[3],
                 GError        **error)
{
  out[0] = out[1] = out[2] = 0;
  if (kind == KD_LEAVE_SERVICE_LEAVE)
    {
      g_autoptr(KdLeaveRequest) r = kd_leave_repo_get_leave (conn, id, error);
      if (r == NULL)
        return FALSE;
      out[0] = r->staff_id;
    }
  else
    {
      g_autoptr(KdSwapRequest) r = kd_leave_repo_get_swap (conn, id, error);
      if (r == NULL)
        return FALSE;
      out[0] = r->staff_a;
      out[1] = r->staff_b;
    }
  return TRUE;
}

static gboolean
run_job (KdConn   *conn,
         gpointer  data,
         GError  **error)
{
  Job *job = data;
  gint64 by_id = job->by ? kd_staff_get_id (job->by) : 0;

  switch (job->op)
    {
    case OP_SUBMIT_LEAVE:
      return kd_leave_repo_insert_leave (conn, KD_LEAVE_REQUEST (job->request), by_id, job->now, error);
    case OP_SUBMIT_SWAP:
      return kd_leave_repo_insert_swap (conn, KD_SWAP_REQUEST (job->request), by_id, job->now, error);
    case OP_DECIDE:
      {
        gint64 requesters[3];
        const char *action = job->decision == KD_REQUEST_APPROVED ? "request.approve"
                             : job->decision == KD_REQUEST_REJECTED ? "request.reject" : "request.withdraw";

        if (!read_requesters (conn, job->kind, job->id, requesters, error))
          return FALSE;
        if (job->decision != KD_REQUEST_WITHDRAWN && !kd_request_check_decider (job->by, requesters, error))
          return FALSE;
        return kd_leave_repo_decide (conn, repo_type (job->kind), job->id, job->decision, by_id,
                                     job->note, job->now, error) &&
               kd_audit_repo_record (conn, job->by, action, entity (job->kind), &job->id, 1,
                                     job->note ? job->note : "", error);
      }
    case OP_UNDO:
      return kd_leave_repo_undo_decision (conn, repo_type (job->kind), job->id, error) &&
             kd_audit_repo_record (conn, job->by, "request.undo", entity (job->kind), &job->id, 1, "", error);
    default:
      g_assert_not_reached ();
    }
}

static char *
strip_dup (const char *text)
{
  return g_strstrip (g_strdup (text ? text : ""));
}

static Job *
decide_job (KdRequestKind    kind,
            gint64           id,
            KdRequestStatus  decision,
            KdStaff         *decider,
            const char      *note)
{
  Job *job = job_new (OP_DECIDE, decider);

  job->kind = kind;
  job->id = id;
  job->decision = decision;
  job->note = strip_dup (note);
  return job;
}

gboolean
kd_leave_service_submit_leave (KdLeaveService  *self,
                               KdLeaveRequest  *request,
                               KdStaff         *by,
                               GError         **error)
{
  g_autoptr(Job) job = job_new (OP_SUBMIT_LEAVE, by);

  g_return_val_if_fail (KD_IS_LEAVE_SERVICE (self), FALSE);
  job->request = g_object_ref (G_OBJECT (request));
  return kd_store_write (self->store, run_job, job, error);
}

gboolean
kd_leave_service_submit_swap (KdLeaveService  *self,
                              KdSwapRequest   *request,
                              KdStaff         *by,
                              GError         **error)
{
  g_autoptr(Job) job = job_new (OP_SUBMIT_SWAP, by);

  g_return_val_if_fail (KD_IS_LEAVE_SERVICE (self), FALSE);
  job->request = g_object_ref (G_OBJECT (request));
  return kd_store_write (self->store, run_job, job, error);
}

gboolean
kd_leave_service_decide (KdLeaveService   *self,
                         KdRequestKind     kind,
                         gint64            id,
                         KdRequestStatus   decision,
                         KdStaff          *decider,
                         const char       *note,
                         GError          **error)
{
  g_autoptr(Job) job = decide_job (kind, id, decision, decider, note);

  g_return_val_if_fail (KD_IS_LEAVE_SERVICE (self), FALSE);
  return kd_store_write (self->store, run_job, job, error);
}

gboolean
kd_leave_service_undo_decision (KdLeaveService  *self,
                                KdRequestKind    kind,
                                gint64           id,
                                KdStaff         *by,
                                GError         **error)
{
  g_autoptr(Job) job = job_new (OP_UNDO, by);

  g_return_val_if_fail (KD_IS_LEAVE_SERVICE (self), FALSE);
  job->kind = kind;
  job->id = id;
  return kd_store_write (self->store, run_job, job, error);
}

typedef struct {
  gint64   id;
  GObject *out;
} GetJob;

static gboolean
get_leave_job (KdConn   *conn,
               gpointer  data,
               GError  **error)
{
  GetJob *g = data;
  g->out = (GObject *) kd_leave_repo_get_leave (conn, g->id, error);
  return g->out != NULL;
}

static gboolean
get_swap_job (KdConn   *conn,
              gpointer  data,
              GError  **error)
{
  GetJob *g = data;
  g->out = (GObject *) kd_leave_repo_get_swap (conn, g->id, error);
  return g->out != NULL;
}

KdLeaveRequest *
kd_leave_service_get_leave (KdLeaveService  *self,
                            gint64           id,
                            GError         **error)
{
  GetJob g = { id, NULL };

  if (!kd_store_read (self->store, get_leave_job, &g, error))
    return NULL;
  return KD_LEAVE_REQUEST (g.out);
}

KdSwapRequest *
kd_leave_service_get_swap (KdLeaveService  *self,
                           gint64           id,
                           GError         **error)
{
  GetJob g = { id, NULL };

  if (!kd_store_read (self->store, get_swap_job, &g, error))
    return NULL;
  return KD_SWAP_REQUEST (g.out);
}

/* ---------------------------------------------------------------- async */

static void
job_done (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!kd_store_write_finish (KD_STORE (source), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
run_async (KdLeaveService      *self,
           Job                 *job,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, run_async);
  kd_store_write_async (self->store, run_job, job, (GDestroyNotify) job_free, cancellable, job_done, task);
}

void
kd_leave_service_submit_leave_async (KdLeaveService      *self,
                                     KdLeaveRequest      *request,
                                     KdStaff             *by,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  Job *job = job_new (OP_SUBMIT_LEAVE, by);

  job->request = g_object_ref (G_OBJECT (request));
  run_async (self, job, cancellable, callback, user_data);
}

void
kd_leave_service_submit_swap_async (KdLeaveService      *self,
                                    KdSwapRequest       *request,
                                    KdStaff             *by,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  Job *job = job_new (OP_SUBMIT_SWAP, by);

  job->request = g_object_ref (G_OBJECT (request));
  run_async (self, job, cancellable, callback, user_data);
}

void
kd_leave_service_decide_async (KdLeaveService      *self,
                               KdRequestKind        kind,
                               gint64               id,
                               KdRequestStatus      decision,
                               KdStaff             *decider,
                               const char          *note,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  run_async (self, decide_job (kind, id, decision, decider, note), cancellable, callback, user_data);
}

void
kd_leave_service_undo_decision_async (KdLeaveService      *self,
                                      KdRequestKind        kind,
                                      gint64               id,
                                      KdStaff             *by,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  Job *job = job_new (OP_UNDO, by);

  job->kind = kind;
  job->id = id;
  run_async (self, job, cancellable, callback, user_data);
}

gboolean
kd_leave_service_finish (KdLeaveService  *self,
                         GAsyncResult    *result,
                         GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
