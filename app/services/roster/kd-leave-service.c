/* kd-leave-service.c: leave and swap requests through store jobs; who may decide is checked in the same transaction as the decision. */
#include "kd-leave-service.h"
#include "kd-audit-repo.h"
#include "kd-clock.h"
#include "kd-leave-repo.h"
#include "kd-roster-repo.h"
#include "kd-roster-sheet.h"
#include "kd-service-job.h"

#include <glib/gi18n-lib.h>

struct _KdLeaveService
{
  GObject  parent_instance;
  KdStore *store;
};

G_DEFINE_QUARK (kd-leave-service-error-quark, kd_leave_service_error)
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
  OP_CHECK,
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
  gboolean         confirmed; /* approve although rules break */
  GPtrArray       *broken;    /* OP_CHECK: what approving would break */
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->by);
  g_clear_object (&job->request);
  g_clear_pointer (&job->broken, g_ptr_array_unref);
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
                 KdRequestStatus *status,
                 GError        **error)
{
  out[0] = out[1] = out[2] = 0;
  if (kind == KD_LEAVE_SERVICE_LEAVE)
    {
      g_autoptr(KdLeaveRequest) r = kd_leave_repo_get_leave (conn, id, error);
      if (r == NULL)
        return FALSE;
      out[0] = r->staff_id;
      *status = r->status;
    }
  else
    {
      g_autoptr(KdSwapRequest) r = kd_leave_repo_get_swap (conn, id, error);
      if (r == NULL)
        return FALSE;
      out[0] = r->staff_a;
      out[1] = r->staff_b;
      *status = r->status;
    }
  return TRUE;
}

/* ---------------------------------------------------------------- rules */

static int
month_key (const GDate *day)
{
  return (int) g_date_get_year (day) * 12 + (int) g_date_get_month (day) - 1;
}

/* The days a request changes, in order. */
static GArray *
request_days (KdConn         *conn,
              KdRequestKind   kind,
              gint64          id,
              gint64          staff[2],
              GError        **error)
{
  g_autoptr(GArray) days = g_array_new (FALSE, FALSE, sizeof (GDate));
  GDate day, last;

  staff[0] = staff[1] = 0;
  if (kind == KD_LEAVE_SERVICE_LEAVE)
    {
      g_autoptr(KdLeaveRequest) r = kd_leave_repo_get_leave (conn, id, error);

      if (r == NULL)
        return NULL;
      staff[0] = r->staff_id;
      if (kd_day_parse (r->first_day, &day) && kd_day_parse (r->last_day, &last))
        for (; g_date_compare (&day, &last) <= 0; g_date_add_days (&day, 1))
          g_array_append_val (days, day);
    }
  else
    {
      g_autoptr(KdSwapRequest) r = kd_leave_repo_get_swap (conn, id, error);

      if (r == NULL)
        return NULL;
      staff[0] = r->staff_a;
      staff[1] = r->staff_b;
      for (guint i = 0; r->days != NULL && r->days[i] != NULL; i++)
        if (kd_day_parse (r->days[i], &day))
          g_array_append_val (days, day);
    }
  return g_steal_pointer (&days);
}

/* Each month the request touches and the month after its last day are
 * read twice, once changed in memory the way the approval would change
 * the store, and both checked by the grid's evaluator; whatever only the
 * changed one breaks is the answer. Nothing is written. */
static GPtrArray *
approval_violations (KdConn         *conn,
                     KdRequestKind   kind,
                     gint64          id,
                     GError        **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) days = NULL;
  gint64 staff[2];
  int first, last;

  days = request_days (conn, kind, id, staff, error);
  if (days == NULL)
    return NULL;
  if (days->len == 0)
    return g_steal_pointer (&out);
  first = month_key (&g_array_index (days, GDate, 0));
  last = month_key (&g_array_index (days, GDate, days->len - 1)) + 1;
  for (int key = first; key <= last; key++)
    {
      g_autoptr(KdRosterSheet) before = NULL;
      g_autoptr(KdRosterSheet) after = NULL;
      g_autoptr(GPtrArray) found = NULL;
      KdRosterMonth *now_m, *then_m;

      now_m = kd_roster_repo_load_month (conn, key / 12, key % 12 + 1, error);
      if (now_m == NULL)
        return NULL;
      then_m = kd_roster_repo_load_month (conn, key / 12, key % 12 + 1, error);
      if (then_m == NULL)
        {
          kd_roster_month_free (now_m);
          return NULL;
        }
      for (guint i = 0; i < days->len; i++)
        {
          const GDate *d = &g_array_index (days, GDate, i);

          if (kind == KD_LEAVE_SERVICE_LEAVE)
            kd_roster_month_add_leave_day (then_m, staff[0], d);
          else
            kd_roster_month_swap_day (then_m, staff[0], staff[1], d);
        }
      before = kd_roster_sheet_new (now_m, error);
      if (before == NULL)
        {
          kd_roster_month_free (then_m);
          return NULL;
        }
      after = kd_roster_sheet_new (then_m, error);
      if (after == NULL)
        return NULL;
      found = kd_roster_sheet_new_violations (before, after);
      g_ptr_array_extend_and_steal (out, g_steal_pointer (&found));
    }
  return g_steal_pointer (&out);
}

static gboolean
refuse_broken (GPtrArray  *broken,
               GError    **error)
{
  g_autoptr(GString) list = g_string_new (NULL);

  if (broken->len == 0)
    return TRUE;
  for (guint i = 0; i < broken->len && i < 5; i++)
    g_string_append_printf (list, "\n• %s", (const char *) g_ptr_array_index (broken, i));
  if (broken->len > 5)
    {
      g_autofree char *more = g_strdup_printf (ngettext ("and %u more", "and %u more", broken->len - 5),
                                               broken->len - 5);
      g_string_append_printf (list, "\n• %s", more);
    }
  g_set_error (error, KD_LEAVE_SERVICE_ERROR, KD_LEAVE_SERVICE_ERROR_BREAKS_RULES,
               _("Approving it breaks the roster's rules:%s"), list->str);
  return FALSE;
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
        KdRequestStatus status = KD_REQUEST_PENDING;
        const char *action = job->decision == KD_REQUEST_APPROVED ? "request.approve"
                             : job->decision == KD_REQUEST_REJECTED ? "request.reject" : "request.withdraw";

        if (!read_requesters (conn, job->kind, job->id, requesters, &status, error))
          return FALSE;
        if (job->decision != KD_REQUEST_WITHDRAWN && !kd_request_check_decider (job->by, requesters, error))
          return FALSE;
        /* Checked in the approving transaction itself: nothing can change
         * the roster between the check and the write. */
        if (job->decision == KD_REQUEST_APPROVED && !job->confirmed && status == KD_REQUEST_PENDING)
          {
            g_autoptr(GPtrArray) broken = approval_violations (conn, job->kind, job->id, error);

            if (broken == NULL || !refuse_broken (broken, error))
              return FALSE;
          }
        return kd_leave_repo_decide (conn, repo_type (job->kind), job->id, job->decision, by_id,
                                     job->note, job->now, error) &&
               kd_audit_repo_record (conn, job->by, action, entity (job->kind), &job->id, 1,
                                     job->note ? job->note : "", error);
      }
    case OP_CHECK:
      job->broken = approval_violations (conn, job->kind, job->id, error);
      return job->broken != NULL;
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
kd_leave_service_approve_confirmed (KdLeaveService  *self,
                                    KdRequestKind    kind,
                                    gint64           id,
                                    KdStaff         *decider,
                                    const char      *note,
                                    GError         **error)
{
  g_autoptr(Job) job = decide_job (kind, id, KD_REQUEST_APPROVED, decider, note);

  g_return_val_if_fail (KD_IS_LEAVE_SERVICE (self), FALSE);
  job->confirmed = TRUE;
  return kd_store_write (self->store, run_job, job, error);
}

static Job *
check_job (KdRequestKind kind,
           gint64        id)
{
  Job *job = job_new (OP_CHECK, NULL);

  job->kind = kind;
  job->id = id;
  return job;
}

GPtrArray *
kd_leave_service_check_approval (KdLeaveService  *self,
                                 KdRequestKind    kind,
                                 gint64           id,
                                 GError         **error)
{
  g_autoptr(Job) job = check_job (kind, id);

  g_return_val_if_fail (KD_IS_LEAVE_SERVICE (self), NULL);
  if (!kd_store_read (self->store, run_job, job, error))
    return NULL;
  return g_steal_pointer (&job->broken);
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
run_async (KdLeaveService      *self,
           Job                 *job,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  kd_service_job_run_async (self, run_async, self->store, KD_SERVICE_JOB_WRITE, run_job, job,
                            (GDestroyNotify) job_free, NULL, cancellable, callback, user_data);
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
kd_leave_service_approve_confirmed_async (KdLeaveService      *self,
                                          KdRequestKind        kind,
                                          gint64               id,
                                          KdStaff             *decider,
                                          const char          *note,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  Job *job = decide_job (kind, id, KD_REQUEST_APPROVED, decider, note);

  job->confirmed = TRUE;
  run_async (self, job, cancellable, callback, user_data);
}

void
kd_leave_service_check_approval_async (KdLeaveService      *self,
                                       KdRequestKind        kind,
                                       gint64               id,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_return_if_fail (KD_IS_LEAVE_SERVICE (self));
  kd_service_job_run_async (self, kd_leave_service_check_approval_async, self->store, KD_SERVICE_JOB_READ,
                            run_job, check_job (kind, id), (GDestroyNotify) job_free, NULL,
                            cancellable, callback, user_data);
}

GPtrArray *
kd_leave_service_check_approval_finish (KdLeaveService  *self,
                                        GAsyncResult    *result,
                                        GError         **error)
{
  Job *job = kd_service_job_finish (self, result, kd_leave_service_check_approval_async, error);
  return job ? g_steal_pointer (&job->broken) : NULL;
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
