/* kd-unpaid-service.c: unpaid-order checks, routing, follow-up, snooze and the report. */
#include "config.h"

#include "kd-unpaid-service.h"
#include "kd-roster-duty.h"
#include "kd-roster-repo.h"
#include "kd-service-job.h"
#include "kd-staff.h"
#include "kd-unpaid-repo.h"

#include <glib/gi18n-lib.h>

struct _KdUnpaidService
{
  GObject        parent_instance;

  KdStore       *store;
  KdDeskSession *session;
  KdClock       *clock;
  int            hours;
};

G_DEFINE_FINAL_TYPE (KdUnpaidService, kd_unpaid_service, G_TYPE_OBJECT)

static void
kd_unpaid_service_finalize (GObject *object)
{
  KdUnpaidService *self = (KdUnpaidService *) object;

  g_clear_object (&self->store);
  g_clear_object (&self->session);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (kd_unpaid_service_parent_class)->finalize (object);
}

static void
kd_unpaid_service_class_init (KdUnpaidServiceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kd_unpaid_service_finalize;
}

static void
kd_unpaid_service_init (KdUnpaidService *self)
{
  self->hours = KD_UNPAID_HOURS_DEFAULT;
}

KdUnpaidService *
kd_unpaid_service_new (KdStore       *store,
                       KdDeskSession *session,
                       KdClock       *clock)
{
  KdUnpaidService *self;

  g_return_val_if_fail (KD_IS_STORE (store), NULL);
  self = g_object_new (KD_TYPE_UNPAID_SERVICE, NULL);
  self->store = g_object_ref (store);
  self->session = session ? g_object_ref (session) : NULL;
  self->clock = g_object_ref (clock ? clock : kd_clock_get_default ());
  return self;
}

KdClock *
kd_unpaid_service_get_clock (KdUnpaidService *self)
{
  g_return_val_if_fail (KD_IS_UNPAID_SERVICE (self), NULL);
  return self->clock;
}

void
kd_unpaid_service_set_hours (KdUnpaidService *self,
                             int              hours)
{
  g_return_if_fail (KD_IS_UNPAID_SERVICE (self));
  self->hours = kd_unpaid_clamp_hours (hours);
}

int
kd_unpaid_service_get_hours (KdUnpaidService *self)
{
  g_return_val_if_fail (KD_IS_UNPAID_SERVICE (self), KD_UNPAID_HOURS_DEFAULT);
  return self->hours;
}

/* ---------------------------------------------------------------- jobs */

typedef enum {
  JOB_CHECK,
  JOB_LIST,
  JOB_LOAD,
  JOB_STILL_OPEN,
  JOB_FOLLOW_UP,
  JOB_SNOOZE,
  JOB_REPORT,
  JOB_GET_ANY_HOUR,
  JOB_SET_ANY_HOUR,
} JobKind;

typedef struct {
  JobKind         kind;
  gint64          now;
  int             hours;
  char           *signed_in;       /* job number, "" when nobody */
  char           *signed_in_name;
  char           *job_number;
  char           *note;
  char           *agent;
  GArray         *ids;             /* gint64 */
  gint64          since;
  gint64          until;
  KdUnpaidPeriod  period;
  gboolean        flag;
  /* results */
  GPtrArray      *list;
  GArray         *open;
  KdUnpaidOrder  *order;
  guint           n_waiting;
} Job;

static void
job_free (Job *job)
{
  g_free (job->signed_in);
  g_free (job->signed_in_name);
  g_free (job->job_number);
  g_free (job->note);
  g_free (job->agent);
  g_clear_pointer (&job->ids, g_array_unref);
  g_clear_pointer (&job->list, g_ptr_array_unref);
  g_clear_pointer (&job->open, g_array_unref);
  g_clear_object (&job->order);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

static Job *
job_new (KdUnpaidService *self,
         JobKind          kind)
{
  Job *job = g_new0 (Job, 1);
  KdStaff *agent = self->session ? kd_desk_session_get_agent (self->session) : NULL;

  job->kind = kind;
  job->now = kd_clock_now_unix (self->clock);
  job->hours = self->hours;
  job->signed_in = g_strdup (agent ? kd_staff_get_job_number (agent) : "");
  job->signed_in_name = g_strdup (agent ? kd_staff_get_name (agent) : "");
  return job;
}

static KdServiceJobMode
job_mode (JobKind kind)
{
  return kind == JOB_CHECK || kind == JOB_FOLLOW_UP || kind == JOB_SNOOZE || kind == JOB_SET_ANY_HOUR
         ? KD_SERVICE_JOB_WRITE : KD_SERVICE_JOB_READ;
}

/* Who is working now, and what routing needs to know about it. */
typedef struct {
  GPtrArray  *on_duty;      /* KdOnDuty */
  char      **jobs;         /* their job numbers */
  guint      *loads;
  gboolean    roster_exists;
  gboolean    any_hour;
} Duty;

static void
duty_clear (Duty *duty)
{
  g_clear_pointer (&duty->on_duty, g_ptr_array_unref);
  g_clear_pointer (&duty->jobs, g_strfreev);
  g_clear_pointer (&duty->loads, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Duty, duty_clear)

static gboolean
duty_load (KdConn  *conn,
           gint64   now,
           Duty    *duty,
           GError **error)
{
  g_autoptr(GDateTime) at = g_date_time_new_from_unix_local (now);
  g_autofree char *any_hour = NULL;
  GPtrArray *jobs;

  duty->on_duty = kd_roster_repo_on_duty (conn, at, error);
  if (duty->on_duty == NULL)
    return FALSE;
  if (!kd_unpaid_repo_roster_exists (conn, at, &duty->roster_exists, error))
    return FALSE;
  any_hour = kd_conn_get_setting (conn, KD_UNPAID_ANY_HOUR_KEY, "0");
  duty->any_hour = g_strcmp0 (any_hour, "1") == 0;
  jobs = g_ptr_array_new ();
  for (guint i = 0; i < duty->on_duty->len; i++)
    {
      KdOnDuty *d = g_ptr_array_index (duty->on_duty, i);
      gboolean seen = FALSE;

      /* Someone rostered twice (a promotion's extra shift) counts once. */
      for (guint j = 0; j < jobs->len && !seen; j++)
        seen = g_str_equal (g_ptr_array_index (jobs, j), d->job_number);
      if (!seen)
        g_ptr_array_add (jobs, g_strdup (d->job_number));
    }
  g_ptr_array_add (jobs, NULL);
  duty->jobs = (char **) g_ptr_array_free (jobs, FALSE);
  duty->loads = g_new0 (guint, g_strv_length (duty->jobs) + 1);
  return TRUE;
}

static char *
staff_name (KdConn     *conn,
            Duty       *duty,
            Job        *job,
            const char *job_number)
{
  for (guint i = 0; i < duty->on_duty->len; i++)
    {
      KdOnDuty *d = g_ptr_array_index (duty->on_duty, i);
      if (g_strcmp0 (d->job_number, job_number) == 0)
        return g_strdup (d->name);
    }
  if (g_strcmp0 (job->signed_in, job_number) == 0)
    return g_strdup (job->signed_in_name);
  return kd_unpaid_repo_staff_name (conn, job_number);
}

/* Routes @orders (oldest first) a buyer at a time: a buyer's orders go to
 * one agent and share one notification. With @mark, they are recorded as
 * alerted and added to @raised; without, only their would-be agent is set
 * (the list's preview). */
static gboolean
route_orders (KdConn     *conn,
              Job        *job,
              GPtrArray  *orders,
              gboolean    mark,
              GPtrArray  *raised,
              GError    **error)
{
  g_auto(Duty) duty = { 0 };
  g_autoptr(GHashTable) groups = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                                        (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();   /* groups, first seen first */

  if (orders->len == 0)
    return TRUE;
  if (!duty_load (conn, job->now, &duty, error))
    return FALSE;

  for (guint i = 0; i < orders->len; i++)
    {
      KdUnpaidOrder *o = g_ptr_array_index (orders, i);
      GPtrArray *group = g_hash_table_lookup (groups, &o->customer_id);

      if (group == NULL)
        {
          group = g_ptr_array_new_with_free_func (g_object_unref);
          g_hash_table_insert (groups, &o->customer_id, group);
          g_ptr_array_add (order, group);
        }
      g_ptr_array_add (group, g_object_ref (o));
    }

  for (guint g = 0; g < order->len; g++)
    {
      GPtrArray *group = g_ptr_array_index (order, g);
      const char *served = "";
      const char *routed = NULL;
      g_autofree char *name = NULL;
      KdRouteReason reason = KD_ROUTE_WAIT;

      for (guint i = 0; i < group->len; i++)
        {
          KdUnpaidOrder *o = g_ptr_array_index (group, i);
          if (*o->served_by != '\0')
            served = o->served_by;       /* the newest order's wins */
          if (*o->job_number != '\0' && routed == NULL)
            {
              routed = o->job_number;     /* raised before (a snooze ended) */
              reason = o->reason;
            }
        }
      if (routed == NULL)
        routed = kd_unpaid_route (served, (const char * const *) duty.jobs, duty.loads, duty.roster_exists,
                                  job->signed_in, duty.any_hour, &reason);
      if (routed == NULL)
        {
          for (guint i = 0; i < group->len; i++)
            ((KdUnpaidOrder *) g_ptr_array_index (group, i))->reason = KD_ROUTE_WAIT;
          job->n_waiting += group->len;
          continue;
        }
      routed = g_intern_string (routed);
      name = staff_name (conn, &duty, job, routed);
      for (guint i = 0; i < group->len; i++)
        {
          KdUnpaidOrder *o = g_ptr_array_index (group, i);

          if (mark && !kd_unpaid_repo_mark_alerted (conn, o->order_id, routed, reason, job->now, error))
            return FALSE;
          g_free (o->job_number);
          o->job_number = g_strdup (routed);
          g_free (o->agent_name);
          o->agent_name = g_strdup (name);
          o->reason = reason;
          if (mark)
            {
              if (o->first_alerted == 0)
                o->first_alerted = job->now;
              o->last_alerted = job->now;
              o->snoozed_until = 0;
              g_ptr_array_add (raised, g_object_ref (o));
            }
        }
    }
  return TRUE;
}

static gboolean
run_job (KdConn   *conn,
         gpointer  data,
         GError  **error)
{
  Job *job = data;
  g_autoptr(GError) local = NULL;

  switch (job->kind)
    {
    case JOB_CHECK:
      {
        g_autoptr(GPtrArray) due = kd_unpaid_repo_list_due (conn, job->now - (gint64) job->hours * 3600,
                                                            job->now, error);
        if (due == NULL)
          return FALSE;
        job->list = g_ptr_array_new_with_free_func (g_object_unref);
        return route_orders (conn, job, due, TRUE, job->list, error);
      }
    case JOB_LIST:
      {
        g_autoptr(GPtrArray) pending = g_ptr_array_new ();
        gint64 soon = job->now - (gint64) (job->hours - KD_UNPAID_SOON_HOURS) * 3600;

        /* Not yet routed ones are routed for the preview with nobody filtered out. */
        job->list = kd_unpaid_repo_list (conn, soon, NULL, error);
        if (job->list == NULL)
          return FALSE;
        for (guint i = 0; i < job->list->len; i++)
          {
            KdUnpaidOrder *o = g_ptr_array_index (job->list, i);
            if (*o->job_number == '\0')
              g_ptr_array_add (pending, o);
          }
        if (!route_orders (conn, job, pending, FALSE, NULL, error))
          return FALSE;
        if (job->agent != NULL)
          for (guint i = job->list->len; i > 0; i--)
            {
              KdUnpaidOrder *o = g_ptr_array_index (job->list, i - 1);
              if (g_strcmp0 (o->job_number, job->agent) != 0)
                g_ptr_array_remove_index (job->list, i - 1);
            }
        return TRUE;
      }
    case JOB_LOAD:
      job->order = kd_unpaid_repo_load (conn, g_array_index (job->ids, gint64, 0), &local);
      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      return TRUE;
    case JOB_STILL_OPEN:
      job->open = g_array_new (FALSE, FALSE, sizeof (gint64));
      for (guint i = 0; i < job->ids->len; i++)
        {
          gint64 id = g_array_index (job->ids, gint64, i);
          g_autoptr(KdUnpaidOrder) o = kd_unpaid_repo_load (conn, id, &local);

          if (local != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local));
              return FALSE;
            }
          if (o != NULL && o->cleared_at == 0 && o->followed_up_at == 0 && o->snoozed_until <= job->now)
            g_array_append_val (job->open, id);
        }
      return TRUE;
    case JOB_FOLLOW_UP:
      for (guint i = 0; i < job->ids->len; i++)
        {
          gint64 id = g_array_index (job->ids, gint64, i);
          g_autofree char *by = g_strdup (job->job_number);

          if (by == NULL)
            {
              g_autoptr(KdUnpaidOrder) o = kd_unpaid_repo_load (conn, id, error);
              if (o == NULL)
                {
                  if (error == NULL || *error == NULL)
                    g_set_error_literal (error, KD_STORE_ERROR, KD_STORE_ERROR_NOT_FOUND,
                                         _("This order is no longer awaiting payment."));
                  return FALSE;
                }
              by = g_strdup (*o->job_number != '\0' ? o->job_number : job->signed_in);
            }
          if (*by == '\0')
            {
              g_set_error_literal (error, KD_STORE_ERROR, KD_STORE_ERROR_INVALID,
                                   _("Sign in first: a follow-up is stamped with your job number."));
              return FALSE;
            }
          if (!kd_unpaid_repo_follow_up (conn, id, by, job->note, job->now, error))
            return FALSE;
        }
      return TRUE;
    case JOB_SNOOZE:
      for (guint i = 0; i < job->ids->len; i++)
        if (!kd_unpaid_repo_snooze (conn, g_array_index (job->ids, gint64, i),
                                    job->now + KD_UNPAID_SNOOZE_SECONDS, job->now, error))
          return FALSE;
      return TRUE;
    case JOB_REPORT:
      {
        g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
        job->list = kd_unpaid_repo_report (conn, job->since, job->until, job->period, tz, error);
        return job->list != NULL;
      }
    case JOB_GET_ANY_HOUR:
      {
        g_autofree char *value = kd_conn_get_setting (conn, KD_UNPAID_ANY_HOUR_KEY, "0");
        job->flag = g_strcmp0 (value, "1") == 0;
        return TRUE;
      }
    case JOB_SET_ANY_HOUR:
      return kd_conn_set_setting (conn, KD_UNPAID_ANY_HOUR_KEY, job->flag ? "1" : "0", error);
    default:
      g_assert_not_reached ();
    }
}

static gboolean
run_sync (KdUnpaidService *self,
          Job             *job,
          GError         **error)
{
  return kd_service_job_run (self->store, job_mode (job->kind), run_job, job, error);
}

static void
run_async (KdUnpaidService     *self,
           Job                 *job,
           gpointer             tag,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  kd_service_job_run_async (self, tag, self->store, job_mode (job->kind), run_job, job, (GDestroyNotify) job_free,
                            NULL, cancellable, callback, user_data);
}

static GArray *
one_id (gint64 id)
{
  GArray *ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), 1);
  g_array_append_val (ids, id);
  return ids;
}

/* ---------------------------------------------------------------- synchronous */

GPtrArray *
kd_unpaid_service_check (KdUnpaidService *self,
                         gint64           now,
                         guint           *n_waiting,
                         GError         **error)
{
  g_autoptr(Job) job = NULL;

  g_return_val_if_fail (KD_IS_UNPAID_SERVICE (self), NULL);
  job = job_new (self, JOB_CHECK);
  job->now = now;
  if (!run_sync (self, job, error))
    return NULL;
  if (n_waiting != NULL)
    *n_waiting = job->n_waiting;
  return g_steal_pointer (&job->list);
}

GPtrArray *
kd_unpaid_service_list (KdUnpaidService *self,
                        gint64           now,
                        const char      *agent,
                        GError         **error)
{
  g_autoptr(Job) job = NULL;

  g_return_val_if_fail (KD_IS_UNPAID_SERVICE (self), NULL);
  job = job_new (self, JOB_LIST);
  job->now = now;
  job->agent = g_strdup (agent);
  if (!run_sync (self, job, error))
    return NULL;
  return g_steal_pointer (&job->list);
}

KdUnpaidOrder *
kd_unpaid_service_load (KdUnpaidService *self,
                        gint64           order_id,
                        GError         **error)
{
  g_autoptr(Job) job = NULL;

  g_return_val_if_fail (KD_IS_UNPAID_SERVICE (self), NULL);
  job = job_new (self, JOB_LOAD);
  job->ids = one_id (order_id);
  if (!run_sync (self, job, error))
    return NULL;
  return g_steal_pointer (&job->order);
}

GArray *
kd_unpaid_service_still_open (KdUnpaidService *self,
                              GArray          *order_ids,
                              GError         **error)
{
  g_autoptr(Job) job = NULL;

  g_return_val_if_fail (KD_IS_UNPAID_SERVICE (self), NULL);
  job = job_new (self, JOB_STILL_OPEN);
  job->ids = g_array_ref (order_ids);
  if (!run_sync (self, job, error))
    return NULL;
  return g_steal_pointer (&job->open);
}

gboolean
kd_unpaid_service_follow_up (KdUnpaidService *self,
                             gint64           order_id,
                             const char      *job_number,
                             const char      *note,
                             GError         **error)
{
  g_autoptr(Job) job = NULL;

  g_return_val_if_fail (KD_IS_UNPAID_SERVICE (self), FALSE);
  job = job_new (self, JOB_FOLLOW_UP);
  job->ids = one_id (order_id);
  job->job_number = g_strdup (job_number);
  job->note = note ? g_strstrip (g_strdup (note)) : NULL;
  return run_sync (self, job, error);
}

gboolean
kd_unpaid_service_snooze (KdUnpaidService *self,
                          gint64           order_id,
                          GError         **error)
{
  g_autoptr(Job) job = NULL;

  g_return_val_if_fail (KD_IS_UNPAID_SERVICE (self), FALSE);
  job = job_new (self, JOB_SNOOZE);
  job->ids = one_id (order_id);
  return run_sync (self, job, error);
}

GPtrArray *
kd_unpaid_service_report (KdUnpaidService *self,
                          gint64           since,
                          gint64           until,
                          KdUnpaidPeriod   period,
                          GError         **error)
{
  g_autoptr(Job) job = NULL;

  g_return_val_if_fail (KD_IS_UNPAID_SERVICE (self), NULL);
  job = job_new (self, JOB_REPORT);
  job->since = since;
  job->until = until;
  job->period = period;
  if (!run_sync (self, job, error))
    return NULL;
  return g_steal_pointer (&job->list);
}

gboolean
kd_unpaid_service_get_any_hour (KdUnpaidService *self,
                                gboolean        *any_hour,
                                GError         **error)
{
  g_autoptr(Job) job = NULL;

  g_return_val_if_fail (KD_IS_UNPAID_SERVICE (self), FALSE);
  job = job_new (self, JOB_GET_ANY_HOUR);
  if (!run_sync (self, job, error))
    return FALSE;
  *any_hour = job->flag;
  return TRUE;
}

gboolean
kd_unpaid_service_set_any_hour (KdUnpaidService *self,
                                gboolean         any_hour,
                                GError         **error)
{
  g_autoptr(Job) job = NULL;

  g_return_val_if_fail (KD_IS_UNPAID_SERVICE (self), FALSE);
  job = job_new (self, JOB_SET_ANY_HOUR);
  job->flag = any_hour;
  return run_sync (self, job, error);
}

/* ---------------------------------------------------------------- asynchronous */

void
kd_unpaid_service_check_async (KdUnpaidService     *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (KD_IS_UNPAID_SERVICE (self));
  run_async (self, job_new (self, JOB_CHECK), kd_unpaid_service_check_async, cancellable, callback, user_data);
}

GPtrArray *
kd_unpaid_service_check_finish (KdUnpaidService  *self,
                                GAsyncResult     *result,
                                guint            *n_waiting,
                                GError          **error)
{
  Job *job = kd_service_job_finish (self, result, kd_unpaid_service_check_async, error);

  if (job == NULL)
    return NULL;
  if (n_waiting != NULL)
    *n_waiting = job->n_waiting;
  return g_steal_pointer (&job->list);
}

void
kd_unpaid_service_list_async (KdUnpaidService     *self,
                              const char          *agent,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  Job *job;

  g_return_if_fail (KD_IS_UNPAID_SERVICE (self));
  job = job_new (self, JOB_LIST);
  job->agent = g_strdup (agent);
  run_async (self, job, kd_unpaid_service_list_async, cancellable, callback, user_data);
}

GPtrArray *
kd_unpaid_service_list_finish (KdUnpaidService  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  Job *job = kd_service_job_finish (self, result, kd_unpaid_service_list_async, error);
  return job ? g_steal_pointer (&job->list) : NULL;
}

void
kd_unpaid_service_still_open_async (KdUnpaidService     *self,
                                    GArray              *order_ids,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  Job *job;

  g_return_if_fail (KD_IS_UNPAID_SERVICE (self));
  job = job_new (self, JOB_STILL_OPEN);
  job->ids = g_array_ref (order_ids);
  run_async (self, job, kd_unpaid_service_still_open_async, cancellable, callback, user_data);
}

GArray *
kd_unpaid_service_still_open_finish (KdUnpaidService  *self,
                                     GAsyncResult     *result,
                                     GError          **error)
{
  Job *job = kd_service_job_finish (self, result, kd_unpaid_service_still_open_async, error);
  return job ? g_steal_pointer (&job->open) : NULL;
}

void
kd_unpaid_service_follow_up_async (KdUnpaidService     *self,
                                   GArray              *order_ids,
                                   const char          *job_number,
                                   const char          *note,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  Job *job;

  g_return_if_fail (KD_IS_UNPAID_SERVICE (self));
  job = job_new (self, JOB_FOLLOW_UP);
  job->ids = g_array_ref (order_ids);
  job->job_number = g_strdup (job_number);
  job->note = note ? g_strstrip (g_strdup (note)) : NULL;
  run_async (self, job, kd_unpaid_service_follow_up_async, cancellable, callback, user_data);
}

gboolean
kd_unpaid_service_follow_up_finish (KdUnpaidService  *self,
                                    GAsyncResult     *result,
                                    GError          **error)
{
  Job *job = kd_service_job_finish (self, result, kd_unpaid_service_follow_up_async, error);
  return job != NULL;
}

void
kd_unpaid_service_snooze_async (KdUnpaidService     *self,
                                GArray              *order_ids,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  Job *job;

  g_return_if_fail (KD_IS_UNPAID_SERVICE (self));
  job = job_new (self, JOB_SNOOZE);
  job->ids = g_array_ref (order_ids);
  run_async (self, job, kd_unpaid_service_snooze_async, cancellable, callback, user_data);
}

gboolean
kd_unpaid_service_snooze_finish (KdUnpaidService  *self,
                                 GAsyncResult     *result,
                                 GError          **error)
{
  Job *job = kd_service_job_finish (self, result, kd_unpaid_service_snooze_async, error);
  return job != NULL;
}

void
kd_unpaid_service_report_async (KdUnpaidService     *self,
                                gint64               since,
                                gint64               until,
                                KdUnpaidPeriod       period,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  Job *job;

  g_return_if_fail (KD_IS_UNPAID_SERVICE (self));
  job = job_new (self, JOB_REPORT);
  job->since = since;
  job->until = until;
  job->period = period;
  run_async (self, job, kd_unpaid_service_report_async, cancellable, callback, user_data);
}

GPtrArray *
kd_unpaid_service_report_finish (KdUnpaidService  *self,
                                 GAsyncResult     *result,
                                 GError          **error)
{
  Job *job = kd_service_job_finish (self, result, kd_unpaid_service_report_async, error);
  return job ? g_steal_pointer (&job->list) : NULL;
}
