/* kd-order-service.c: the order-remark board's behaviour: the shop's flags and time zone, remarks stamped with the agent's job number, the board's lists; report imports in kd-order-import.c. */
#include "config.h"

#include "kd-order-service-private.h"
#include "kd-service-job.h"
#include "kd-clock.h"
#include "kd-customer-repo.h"
#include "kd-error.h"
#include "kd-order-report.h"
#include "kd-order-repo.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

G_DEFINE_FINAL_TYPE (KdOrderService, kd_order_service, G_TYPE_OBJECT)

enum {
  FLAGS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
clear_flag_texts (KdOrderService *self)
{
  for (int f = 0; f < KD_N_FLAGS; f++)
    {
      g_clear_pointer (&self->flag_names[f], g_free);
      g_clear_pointer (&self->flag_meanings[f], g_free);
    }
  self->have_flag_texts = FALSE;
}

static void
kd_order_service_dispose (GObject *object)
{
  KdOrderService *self = KD_ORDER_SERVICE (object);

  g_clear_object (&self->store);
  g_clear_object (&self->session);
  g_clear_pointer (&self->tz, g_time_zone_unref);
  g_clear_pointer (&self->tz_name, g_free);
  clear_flag_texts (self);
  G_OBJECT_CLASS (kd_order_service_parent_class)->dispose (object);
}

static void
kd_order_service_class_init (KdOrderServiceClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kd_order_service_dispose;

  /* The shop's flag names or meanings changed (here or in another window). */
  signals[FLAGS_CHANGED] =
    g_signal_new ("flags-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kd_order_service_init (KdOrderService *self)
{
}

#define TIME_ZONE_KEY "shop.time-zone"

/* The shop's time zone from the database's settings, when set there. */
static void
load_time_zone (KdOrderService *self)
{
  g_autofree char *name = kd_store_get_setting (self->store, TIME_ZONE_KEY, "");

  if (*name != '\0' && g_strcmp0 (name, self->tz_name) != 0)
    kd_order_service_set_time_zone (self, name);
}

static void
on_settings_changed (KdOrderService *self)
{
  /* Any setting: read the flags again when next asked. */
  load_time_zone (self);
  clear_flag_texts (self);
  g_signal_emit (self, signals[FLAGS_CHANGED], 0);
}

KdOrderService *
kd_order_service_new (KdStore       *store,
                      KdDeskSession *session)
{
  KdOrderService *self = g_object_new (KD_TYPE_ORDER_SERVICE, NULL);

  self->store = g_object_ref (store);
  self->session = session ? g_object_ref (session) : NULL;
  kd_order_service_set_time_zone (self, "Asia/Shanghai");
  load_time_zone (self);
  g_signal_connect_object (store, "changed::settings", G_CALLBACK (on_settings_changed), self, G_CONNECT_SWAPPED);
  return self;
}

/* ---------------------------------------------------------------- the shop's flags */

static char *
flag_key (KdFlag      flag,
          const char *what)
{
  return g_strdup_printf ("orders.flag.%s.%s", kd_flag_to_key (flag), what);
}

static void
load_flag_texts (KdOrderService *self)
{
  if (self->have_flag_texts)
    return;
  for (int f = 0; f < KD_N_FLAGS; f++)
    {
      g_autofree char *name_key = flag_key (f, "name");
      g_autofree char *meaning_key = flag_key (f, "meaning");

      self->flag_names[f] = kd_store_get_setting (self->store, name_key, "");
      self->flag_meanings[f] = kd_store_get_setting (self->store, meaning_key, "");
    }
  self->have_flag_texts = TRUE;
}

const char *
kd_order_service_get_flag_name (KdOrderService *self,
                                KdFlag          flag)
{
  g_return_val_if_fail (KD_IS_ORDER_SERVICE (self), NULL);
  if ((guint) flag >= KD_N_FLAGS)
    flag = KD_FLAG_NONE;
  load_flag_texts (self);
  return *self->flag_names[flag] != '\0' ? self->flag_names[flag] : kd_flag_get_label (flag);
}

const char *
kd_order_service_get_flag_meaning (KdOrderService *self,
                                   KdFlag          flag)
{
  g_return_val_if_fail (KD_IS_ORDER_SERVICE (self), NULL);
  if ((guint) flag >= KD_N_FLAGS)
    flag = KD_FLAG_NONE;
  load_flag_texts (self);
  return *self->flag_meanings[flag] != '\0' ? self->flag_meanings[flag] : kd_flag_get_default_meaning (flag);
}

typedef struct {
  KdFlag  flag;
  char   *name;
  char   *meaning;
} FlagTexts;

static void
flag_texts_free (FlagTexts *t)
{
  g_free (t->name);
  g_free (t->meaning);
  g_free (t);
}

static FlagTexts *
flag_texts_new (KdFlag      flag,
                const char *name,
                const char *meaning,
                GError    **error)
{
  FlagTexts *t;

  if ((guint) flag >= KD_N_FLAGS)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "no such flag");
      return NULL;
    }
  t = g_new0 (FlagTexts, 1);
  t->flag = flag;
  t->name = g_strstrip (g_strdup (name ? name : ""));
  t->meaning = g_strstrip (g_strdup (meaning ? meaning : ""));
  /* The default typed back is the default, in whatever language it is read later. */
  if (g_str_equal (t->name, kd_flag_get_label (flag)))
    t->name[0] = '\0';
  if (g_str_equal (t->meaning, kd_flag_get_default_meaning (flag)))
    t->meaning[0] = '\0';
  if (!kd_flag_validate_texts (t->name, t->meaning, error))
    {
      flag_texts_free (t);
      return NULL;
    }
  return t;
}

static gboolean
set_flag_texts_job (KdConn   *conn,
                    gpointer  data,
                    GError  **error)
{
  FlagTexts *t = data;
  g_autofree char *name_key = flag_key (t->flag, "name");
  g_autofree char *meaning_key = flag_key (t->flag, "meaning");

  return kd_conn_set_setting (conn, name_key, t->name, error) &&
         kd_conn_set_setting (conn, meaning_key, t->meaning, error);
}

gboolean
kd_order_service_set_flag_texts (KdOrderService  *self,
                                 KdFlag           flag,
                                 const char      *name,
                                 const char      *meaning,
                                 GError         **error)
{
  FlagTexts *t = flag_texts_new (flag, name, meaning, error);
  gboolean ok;

  if (t == NULL)
    return FALSE;
  ok = kd_store_write (self->store, set_flag_texts_job, t, error);
  flag_texts_free (t);
  return ok;
}

void
kd_order_service_set_flag_texts_async (KdOrderService      *self,
                                       KdFlag               flag,
                                       const char          *name,
                                       const char          *meaning,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  GError *error = NULL;
  FlagTexts *t = flag_texts_new (flag, name, meaning, &error);

  if (t == NULL)
    {
      g_task_report_error (self, callback, user_data, kd_order_service_set_flag_texts_async, error);
      return;
    }
  kd_service_job_run_async (self, kd_order_service_set_flag_texts_async, self->store, KD_SERVICE_JOB_WRITE,
                            set_flag_texts_job, t, (GDestroyNotify) flag_texts_free, NULL,
                            cancellable, callback, user_data);
}

gboolean
kd_order_service_set_flag_texts_finish (KdOrderService  *self,
                                        GAsyncResult    *result,
                                        GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
kd_order_service_set_time_zone (KdOrderService *self,
                                const char     *identifier)
{
  GTimeZone *tz = g_time_zone_new_identifier (identifier ? identifier : "Asia/Shanghai");

  if (tz == NULL)
    tz = g_time_zone_new_offset (8 * 3600);
  g_clear_pointer (&self->tz, g_time_zone_unref);
  self->tz = tz;
  {
    char *name = g_strdup (identifier ? identifier : "Asia/Shanghai");
    g_free (self->tz_name);
    self->tz_name = name;
  }
}

const char *
kd_order_service_get_time_zone (KdOrderService *self)
{
  g_return_val_if_fail (KD_IS_ORDER_SERVICE (self), NULL);
  return self->tz_name;
}

static gboolean
save_time_zone_job (KdConn   *conn,
                    gpointer  data,
                    GError  **error)
{
  return kd_conn_set_setting (conn, TIME_ZONE_KEY, data, error);
}

static char *
checked_time_zone (const char  *identifier,
                   GError     **error)
{
  g_autofree char *name = g_strstrip (g_strdup (identifier ? identifier : ""));
  g_autoptr(GTimeZone) tz = *name != '\0' ? g_time_zone_new_identifier (name) : NULL;

  if (tz == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a time zone; write one such as Asia/Shanghai."), name);
      return NULL;
    }
  return g_steal_pointer (&name);
}

gboolean
kd_order_service_save_time_zone (KdOrderService  *self,
                                 const char      *identifier,
                                 GError         **error)
{
  g_autofree char *name = checked_time_zone (identifier, error);

  if (name == NULL || !kd_store_write (self->store, save_time_zone_job, name, error))
    return FALSE;
  kd_order_service_set_time_zone (self, name);
  return TRUE;
}

void
kd_order_service_save_time_zone_async (KdOrderService      *self,
                                       const char          *identifier,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  GError *error = NULL;
  char *name = checked_time_zone (identifier, &error);

  if (name == NULL)
    {
      g_task_report_error (self, callback, user_data, kd_order_service_save_time_zone_async, error);
      return;
    }
  /* The service follows the setting when the store says it changed. */
  kd_service_job_run_async (self, kd_order_service_save_time_zone_async, self->store, KD_SERVICE_JOB_WRITE,
                            save_time_zone_job, name, g_free, NULL, cancellable, callback, user_data);
}

gboolean
kd_order_service_save_time_zone_finish (KdOrderService  *self,
                                        GAsyncResult    *result,
                                        GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

KdQueryModel *
kd_order_service_create_model (KdOrderService *self)
{
  KdQueryModel *model = kd_query_model_new (self->store, kd_order_repo_query_spec ());

  kd_query_model_set_sort (model, "created", TRUE);
  return model;
}

/* The earliest start (UTC) of the shifts running at @at, by the roster. */
static gboolean
earliest_start (KdRosterService *roster,
                GDateTime       *at,
                gint64          *out)
{
  g_autoptr(GPtrArray) duty = kd_roster_service_on_duty (roster, at, NULL);
  gint64 best = G_MAXINT64;

  for (guint i = 0; duty != NULL && i < duty->len; i++)
    {
      const KdOnDuty *d = g_ptr_array_index (duty, i);
      g_autoptr(GDateTime) midnight = g_date_time_new (g_date_time_get_timezone (at), g_date_get_year (&d->day),
                                                       g_date_get_month (&d->day), g_date_get_day (&d->day), 0, 0, 0);

      if (midnight != NULL)
        best = MIN (best, g_date_time_to_unix (midnight) + (gint64) d->start_minute * 60);
    }
  if (best == G_MAXINT64)
    return FALSE;
  *out = best;
  return TRUE;
}

gint64
kd_order_service_last_shift_start (KdRosterService *roster,
                                   GDateTime       *now)
{
  gint64 current, previous;

  if (roster == NULL || !earliest_start (roster, now, &current))
    return g_date_time_to_unix (now) - 12 * 3600;
  /* Back from the current shift's start to the last time someone was on
   * duty (a night shift ending at 01:00 before a day shift at 08:00). */
  for (gint64 t = current - 60; t > current - 24 * 3600; t -= 3600)
    {
      g_autoptr(GDateTime) at = g_date_time_add_seconds (now, (gdouble) (t - g_date_time_to_unix (now)));

      if (at != NULL && earliest_start (roster, at, &previous) && previous < current)
        return previous;
    }
  return current;
}

/* ---------------------------------------------------------------- everything else: one job type */

typedef enum {
  JOB_LOAD,
  JOB_FIND,
  JOB_REMARKS,
  JOB_ADD_REMARK,
  JOB_SAVE,
  JOB_COUNT,
  JOB_LIST,
} JobKind;

typedef struct {
  JobKind    kind;
  gint64     id;
  char      *text;
  char      *follow_up;
  char      *agent;
  KdFlag     flag;
  int        status;
  gint64     since;
  guint      limit;
  gint64     staff_id;
  char      *job_number;
  gint64     now;
  KdOrder   *order;
  KdRemark  *remark;
  GPtrArray *list;
  guint      counts[KD_N_FLAGS];
} Job;

static void
job_free (Job *job)
{
  g_free (job->text);
  g_free (job->follow_up);
  g_free (job->agent);
  g_free (job->job_number);
  g_clear_object (&job->order);
  g_clear_pointer (&job->remark, kd_remark_free);
  g_clear_pointer (&job->list, g_ptr_array_unref);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

static Job *
job_new (JobKind kind)
{
  Job *job = g_new0 (Job, 1);
  job->kind = kind;
  job->now = kd_clock_now_unix (NULL);
  return job;
}

static gboolean
not_found (GError **error)
{
  g_set_error_literal (error, KD_STORE_ERROR, KD_STORE_ERROR_NOT_FOUND, _("This order is not on the board."));
  return FALSE;
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
    case JOB_FIND:
      job->id = kd_order_repo_find_id (conn, job->text, &local);
      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      if (job->id == 0)
        return TRUE;
      G_GNUC_FALLTHROUGH;
    case JOB_LOAD:
      job->order = kd_order_repo_load (conn, job->id, &local);
      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      return TRUE;
    case JOB_REMARKS:
      job->list = kd_order_repo_list_remarks (conn, job->id, error);
      return job->list != NULL;
    case JOB_ADD_REMARK:
      job->remark = g_new0 (KdRemark, 1);
      job->remark->order_id = job->id;
      job->remark->flag = job->flag;
      job->remark->text = g_strdup (job->text ? g_strstrip (job->text) : "");
      job->remark->job_number = g_strdup (job->job_number);
      job->remark->at = job->now;
      job->remark->follow_up = g_strdup (job->follow_up ? job->follow_up : "");
      return kd_order_repo_add_remark (conn, job->remark, job->staff_id, error);
    case JOB_SAVE:
      if (!kd_order_repo_save (conn, job->order, job->now, error))
        return FALSE;
      {
        KdOrder *stored = kd_order_repo_load (conn, job->order->id, error);
        if (stored == NULL)
          return FALSE;
        g_clear_object (&job->order);
        job->order = stored;
      }
      return TRUE;
    case JOB_COUNT:
      return kd_order_repo_count_flags (conn, job->counts, error);
    case JOB_LIST:
      {
        g_autoptr(GArray) ids = kd_order_repo_list_ids (conn, job->flag, job->status, job->agent, job->text,
                                                         job->since, job->limit, error);
        if (ids == NULL)
          return FALSE;
        job->list = g_ptr_array_new_with_free_func (g_object_unref);
        for (guint i = 0; i < ids->len; i++)
          {
            KdOrder *o = kd_order_repo_load (conn, g_array_index (ids, gint64, i), error);
            if (o == NULL)
              return FALSE;
            g_ptr_array_add (job->list, o);
          }
        return TRUE;
      }
    default:
      return FALSE;
    }
}

static KdServiceJobMode
job_mode (JobKind kind)
{
  return kind == JOB_ADD_REMARK || kind == JOB_SAVE ? KD_SERVICE_JOB_WRITE : KD_SERVICE_JOB_READ;
}

static gboolean
run_sync (KdOrderService *self,
          Job            *job,
          GError        **error)
{
  return kd_service_job_run (self->store, job_mode (job->kind), run_job, job, error);
}

static void
run_async (KdOrderService      *self,
           Job                 *job,
           gpointer             tag,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  kd_service_job_run_async (self, tag, self->store, job_mode (job->kind), run_job, job, (GDestroyNotify) job_free,
                            NULL, cancellable, callback, user_data);
}

static Job *
remark_job (KdOrderService  *self,
            gint64           order_id,
            KdFlag           flag,
            const char      *text,
            const char      *follow_up,
            GError         **error)
{
  KdStaff *agent = self->session ? kd_desk_session_get_agent (self->session) : NULL;
  Job *job;

  if (agent == NULL)
    {
      g_set_error_literal (error, KD_VALIDATION_ERROR, KD_ORDER_FIELD_REMARK,
                           _("Sign in first: a remark carries your job number."));
      return NULL;
    }
  if ((guint) flag >= KD_N_FLAGS)
    {
      g_set_error_literal (error, KD_VALIDATION_ERROR, KD_ORDER_FIELD_REMARK, _("Unknown flag."));
      return NULL;
    }
  job = job_new (JOB_ADD_REMARK);
  job->id = order_id;
  job->flag = flag;
  job->text = g_strdup (text);
  job->follow_up = g_strdup (follow_up);
  job->staff_id = kd_staff_get_id (agent);
  job->job_number = g_strdup (kd_staff_get_job_number (agent));
  return job;
}

KdOrder *
kd_order_service_load (KdOrderService  *self,
                       gint64           id,
                       GError         **error)
{
  g_autoptr(Job) job = job_new (JOB_LOAD);

  job->id = id;
  return run_sync (self, job, error) ? g_steal_pointer (&job->order) : NULL;
}

KdOrder *
kd_order_service_find (KdOrderService  *self,
                       const char      *order_no,
                       GError         **error)
{
  g_autoptr(Job) job = job_new (JOB_FIND);

  job->text = g_strstrip (g_strdup (order_no));
  return run_sync (self, job, error) ? g_steal_pointer (&job->order) : NULL;
}

GPtrArray *
kd_order_service_list_remarks (KdOrderService  *self,
                               gint64           order_id,
                               GError         **error)
{
  g_autoptr(Job) job = job_new (JOB_REMARKS);

  job->id = order_id;
  return run_sync (self, job, error) ? g_steal_pointer (&job->list) : NULL;
}

KdRemark *
kd_order_service_add_remark (KdOrderService  *self,
                             gint64           order_id,
                             KdFlag           flag,
                             const char      *text,
                             const char      *follow_up,
                             GError         **error)
{
  g_autoptr(Job) job = remark_job (self, order_id, flag, text, follow_up, error);

  if (job == NULL || !run_sync (self, job, error))
    return NULL;
  return g_steal_pointer (&job->remark);
}

gboolean
kd_order_service_save (KdOrderService  *self,
                       KdOrder         *order,
                       GError         **error)
{
  g_autoptr(Job) job = job_new (JOB_SAVE);

  job->order = kd_order_copy (order);
  if (!run_sync (self, job, error))
    return FALSE;
  kd_order_assign (order, job->order);
  return TRUE;
}

gboolean
kd_order_service_count_flags (KdOrderService  *self,
                              guint            counts[KD_N_FLAGS],
                              GError         **error)
{
  g_autoptr(Job) job = job_new (JOB_COUNT);

  if (!run_sync (self, job, error))
    return FALSE;
  memcpy (counts, job->counts, sizeof job->counts);
  return TRUE;
}

GPtrArray *
kd_order_service_list (KdOrderService  *self,
                       int              flag,
                       int              status,
                       const char      *agent,
                       const char      *search,
                       gint64           since,
                       guint            limit,
                       GError         **error)
{
  g_autoptr(Job) job = job_new (JOB_LIST);

  job->flag = (KdFlag) flag;
  job->status = status;
  job->agent = g_strdup (agent);
  job->text = g_strdup (search);
  job->since = since;
  job->limit = limit;
  return run_sync (self, job, error) ? g_steal_pointer (&job->list) : NULL;
}

void
kd_order_service_load_async (KdOrderService      *self,
                             gint64               id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  Job *job = job_new (JOB_LOAD);

  job->id = id;
  run_async (self, job, kd_order_service_load_async, cancellable, callback, user_data);
}

KdOrder *
kd_order_service_load_finish (KdOrderService  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  Job *job = kd_service_job_finish (self, result, kd_order_service_load_async, error);

  if (job == NULL)
    return NULL;
  if (job->order == NULL)
    {
      not_found (error);
      return NULL;
    }
  return g_steal_pointer (&job->order);
}

void
kd_order_service_list_remarks_async (KdOrderService      *self,
                                     gint64               order_id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  Job *job = job_new (JOB_REMARKS);

  job->id = order_id;
  run_async (self, job, kd_order_service_list_remarks_async, cancellable, callback, user_data);
}

GPtrArray *
kd_order_service_list_remarks_finish (KdOrderService  *self,
                                      GAsyncResult    *result,
                                      GError         **error)
{
  Job *job = kd_service_job_finish (self, result, kd_order_service_list_remarks_async, error);
  return job ? g_steal_pointer (&job->list) : NULL;
}

void
kd_order_service_add_remark_async (KdOrderService      *self,
                                   gint64               order_id,
                                   KdFlag               flag,
                                   const char          *text,
                                   const char          *follow_up,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  GError *error = NULL;
  Job *job = remark_job (self, order_id, flag, text, follow_up, &error);

  if (job == NULL)
    {
      g_task_report_error (self, callback, user_data, kd_order_service_add_remark_async, error);
      return;
    }
  run_async (self, job, kd_order_service_add_remark_async, cancellable, callback, user_data);
}

KdRemark *
kd_order_service_add_remark_finish (KdOrderService  *self,
                                    GAsyncResult    *result,
                                    GError         **error)
{
  Job *job = kd_service_job_finish (self, result, kd_order_service_add_remark_async, error);
  return job ? g_steal_pointer (&job->remark) : NULL;
}

void
kd_order_service_save_async (KdOrderService      *self,
                             KdOrder             *order,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  Job *job = job_new (JOB_SAVE);

  job->order = kd_order_copy (order);
  run_async (self, job, kd_order_service_save_async, cancellable, callback, user_data);
}

KdOrder *
kd_order_service_save_finish (KdOrderService  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  Job *job = kd_service_job_finish (self, result, kd_order_service_save_async, error);
  return job ? g_steal_pointer (&job->order) : NULL;
}

void
kd_order_service_count_flags_async (KdOrderService      *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  run_async (self, job_new (JOB_COUNT), kd_order_service_count_flags_async, cancellable, callback, user_data);
}

gboolean
kd_order_service_count_flags_finish (KdOrderService  *self,
                                     GAsyncResult    *result,
                                     guint            counts[KD_N_FLAGS],
                                     GError         **error)
{
  Job *job = kd_service_job_finish (self, result, kd_order_service_count_flags_async, error);

  if (job == NULL)
    return FALSE;
  memcpy (counts, job->counts, sizeof job->counts);
  return TRUE;
}
