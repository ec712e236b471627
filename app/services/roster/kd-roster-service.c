/* kd-roster-service.c: one month's roster filled: read in one job, checked, searched off the store's threads, explained, written in one job.
 * Over 800 lines on purpose: the month's job struct is shared by loading,
 * solving on a worker thread, the explanation and the write-back; the
 * exports, leave and handover live in files of their own. */
#include "kd-roster-service.h"
#include "kd-roster-explain.h"
#include "kd-roster-ics.h"
#include "kd-roster-repo.h"
#include "kd-roster-shop.h"
#include "kd-service-job.h"

#include <glib/gi18n-lib.h>
#include <string.h>

struct _KdRosterService
{
  GObject  parent_instance;
  KdStore *store;
};

G_DEFINE_TYPE (KdRosterService, kd_roster_service, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

G_DEFINE_QUARK (kd-roster-service-error-quark, kd_roster_service_error)

void
kd_roster_solve_options_init (KdRosterSolveOptions *options)
{
  options->seconds = 1.0;
  options->iterations = 0;
  options->seed = 1;
  options->keep_filled = FALSE;
}

void
kd_roster_solve_result_free (KdRosterSolveResult *result)
{
  if (result == NULL)
    return;
  g_clear_pointer (&result->reasons, g_ptr_array_unref);
  g_free (result);
}

void
kd_roster_coverage_free (KdRosterCoverage *coverage)
{
  if (coverage == NULL)
    return;
  g_strfreev (coverage->shift_codes);
  g_strfreev (coverage->shift_names);
  g_free (coverage->required);
  g_free (coverage->assigned);
  g_free (coverage);
}

static void
kd_roster_service_dispose (GObject *object)
{
  KdRosterService *self = KD_ROSTER_SERVICE (object);

  g_clear_object (&self->store);
  G_OBJECT_CLASS (kd_roster_service_parent_class)->dispose (object);
}

static void
kd_roster_service_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  KdRosterService *self = KD_ROSTER_SERVICE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kd_roster_service_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  KdRosterService *self = KD_ROSTER_SERVICE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kd_roster_service_class_init (KdRosterServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kd_roster_service_dispose;
  object_class->get_property = kd_roster_service_get_property;
  object_class->set_property = kd_roster_service_set_property;

  props[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, KD_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
kd_roster_service_init (KdRosterService *self)
{
}

KdRosterService *
kd_roster_service_new (KdStore *store)
{
  g_return_val_if_fail (KD_IS_STORE (store), NULL);
  return g_object_new (KD_TYPE_ROSTER_SERVICE, "store", store, NULL);
}

KdStore *
kd_roster_service_get_store (KdRosterService *self)
{
  g_return_val_if_fail (KD_IS_ROSTER_SERVICE (self), NULL);
  return self->store;
}

/* Store jobs. */

typedef struct {
  int            year;
  int            month;
  KdRosterMonth *out;
} LoadJob;

static gboolean
load_month_job (KdConn   *conn,
                gpointer  data,
                GError  **error)
{
  LoadJob *job = data;

  job->out = kd_roster_repo_load_month (conn, job->year, job->month, error);
  return job->out != NULL;
}

typedef struct {
  const KdRosterMonth *month;
  const KdRosterModel *model;
  const KdRoster      *roster;
} SaveJob;

static gboolean
save_roster_job (KdConn   *conn,
                 gpointer  data,
                 GError  **error)
{
  SaveJob *job = data;

  return kd_roster_repo_save_roster (conn, job->month, job->model, job->roster, error);
}

static gboolean
check_month (int       year,
             int       month,
             GError  **error)
{
  if (month < 1 || month > 12 || year < 1900 || year > 9999)
    {
      g_set_error (error, KD_ROSTER_SERVICE_ERROR, KD_ROSTER_SERVICE_ERROR_INVALID_OPTIONS,
                   _("A month is written YYYY-MM."));
      return FALSE;
    }
  return TRUE;
}

/* The month as stored, and its model. */
static KdRosterModel *
load_model (KdRosterService  *self,
            int               year,
            int               month,
            KdRosterMonth   **out_month,
            GError          **error)
{
  LoadJob job = { year, month, NULL };
  g_autoptr(KdRosterMonth) mo = NULL;
  KdRosterModel *model;

  if (!check_month (year, month, error))
    return NULL;
  if (!kd_store_read (self->store, load_month_job, &job, error))
    {
      kd_roster_month_free (job.out);
      return NULL;
    }
  mo = job.out;
  model = kd_roster_shop_build_model (mo, error);
  if (model != NULL && out_month != NULL)
    *out_month = g_steal_pointer (&mo);
  return model;
}

static void
count_coverage (const KdRosterModel *model,
                const KdRoster      *roster,
                int                 *places,
                int                 *filled)
{
  const int S = model->n_shifts;

  *places = *filled = 0;
  for (int d = 0; d < model->n_days; d++)
    for (int s = 0; s < S; s++)
      {
        int n = 0;

        for (int p = 0; p < model->n_persons; p++)
          if (kd_roster_get (roster, p, d) == s)
            n++;
        *places += model->cover_min[d * S + s];
        *filled += MIN (n, model->cover_min[d * S + s]);
      }
}

/* "Fill": every cell already rostered (a shift or a day off) is held as
 * if locked, so the search fills only the empty ones and the save skips
 * the rest. */
static void
keep_filled_cells (const KdRosterMonth *mo,
                   KdRosterModel       *model)
{
  for (guint i = 0; i < mo->assignments->len; i++)
    {
      const KdRosterAssignment *a = &g_array_index (mo->assignments, KdRosterAssignment, i);
      int d = (int) g_date_days_between (&model->first_date, &a->day);
      int p = -1, v = KD_ROSTER_OFF;

      if (d < 0 || d >= model->n_days)
        continue;
      for (int q = 0; q < model->n_persons; q++)
        if (model->persons[q].staff_id == a->staff_id)
          p = q;
      if (p < 0)
        continue;
      if (a->shift_id != 0)
        {
          v = -1;
          for (int k = 0; k < model->n_shifts; k++)
            if (kd_roster_shop_shift_id (mo, k) == a->shift_id)
              v = k;
          if (v < 0)
            continue;
        }
      if (model->locked[p * model->n_days + d] == KD_ROSTER_UNLOCKED)
        model->locked[p * model->n_days + d] = (gint8) v;
    }
}

static gboolean
solve_run (KdRosterService             *self,
           int                          year,
           int                          month,
           const KdRosterSolveOptions  *options,
           GCancellable                *cancellable,
           KdRosterProgressFunc         progress,
           gpointer                     progress_data,
           KdRosterSolveResult        **out,
           GError                     **error)
{
  g_autoptr(KdRosterMonth) mo = NULL;
  g_autoptr(KdRosterModel) model = NULL;
  g_autoptr(KdRoster) roster = NULL;
  g_autoptr(KdRosterScore) score = NULL;
  g_autoptr(KdRosterSolveResult) result = NULL;
  g_autoptr(GPtrArray) reasons = NULL;
  KdRosterSolveOptions defaults;
  KdRosterSolverOptions opt;
  SaveJob save;
  gint64 t0;

  if (options == NULL)
    {
      kd_roster_solve_options_init (&defaults);
      options = &defaults;
    }
  /* NaN fails both comparisons, so it is refused too. */
  if (!(options->seconds > 0 && options->seconds <= KD_ROSTER_SOLVE_MAX_SECONDS))
    {
      g_set_error (error, KD_ROSTER_SERVICE_ERROR, KD_ROSTER_SERVICE_ERROR_INVALID_OPTIONS,
                   _("The search time must be more than 0 and at most %d seconds."), KD_ROSTER_SOLVE_MAX_SECONDS);
      return FALSE;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  model = load_model (self, year, month, &mo, error);
  if (model == NULL)
    return FALSE;
  if (options->keep_filled)
    keep_filled_cells (mo, model);
  if (model->n_persons == 0)
    {
      g_set_error (error, KD_ROSTER_SERVICE_ERROR, KD_ROSTER_SERVICE_ERROR_NO_STAFF,
                   _("Nobody is on the roster: add active staff first."));
      return FALSE;
    }

  result = g_new0 (KdRosterSolveResult, 1);
  result->year = year;
  result->month = month;
  result->persons = model->n_persons;
  result->reasons = g_ptr_array_new_with_free_func (g_free);

  /* Cheap checks first: a day nobody can cover needs no search to refuse. */
  reasons = kd_roster_explain_capacity (model);
  if (reasons->len > 0)
    {
      g_autoptr(KdRoster) empty = kd_roster_new (model);

      count_coverage (model, empty, &result->places, &result->filled);
      result->status = KD_ROSTER_SOLVE_IMPOSSIBLE;
      g_ptr_array_extend_and_steal (result->reasons, g_steal_pointer (&reasons));
      *out = g_steal_pointer (&result);
      return TRUE;
    }

  kd_roster_solver_options_init (&opt);
  opt.seconds = options->seconds;
  opt.seed = options->seed;
  /* A step budget makes the outcome independent of the machine's speed
   * (the seconds stay a cap); scripts and tests rely on it. */
  opt.max_iterations = options->iterations;
  opt.target_soft = 0;
  t0 = g_get_monotonic_time ();
  roster = kd_roster_solve (model, &opt, cancellable, progress, progress_data);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  score = kd_roster_evaluate (model, roster);
  count_coverage (model, roster, &result->places, &result->filled);
  result->hard_count = score->hard_count;
  result->soft_total = score->soft_total;
  memcpy (result->soft, score->soft, sizeof result->soft);

  if (score->hard_count > 0)
    {
      g_autoptr(GPtrArray) left = kd_roster_explain_violations (model, roster, score);

      result->status = KD_ROSTER_SOLVE_NOT_FOUND;
      g_ptr_array_extend_and_steal (result->reasons, g_steal_pointer (&left));
      result->elapsed = (g_get_monotonic_time () - t0) / 1e6;
      *out = g_steal_pointer (&result);
      return TRUE;
    }

  /* Last chance to back out: after this the roster is written. */
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  save = (SaveJob) { mo, model, roster };
  if (!kd_store_write (self->store, save_roster_job, &save, error))
    return FALSE;
  result->status = KD_ROSTER_SOLVE_SAVED;
  result->elapsed = (g_get_monotonic_time () - t0) / 1e6;
  *out = g_steal_pointer (&result);
  return TRUE;
}

gboolean
kd_roster_service_solve (KdRosterService             *self,
                         int                          year,
                         int                          month,
                         const KdRosterSolveOptions  *options,
                         GCancellable                *cancellable,
                         KdRosterProgressFunc         progress,
                         gpointer                     progress_data,
                         KdRosterSolveResult        **out,
                         GError                     **error)
{
  g_return_val_if_fail (KD_IS_ROSTER_SERVICE (self), FALSE);
  g_return_val_if_fail (out != NULL && *out == NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return solve_run (self, year, month, options, cancellable, progress, progress_data, out, error);
}

/* Progress from the search thread to the caller's main context: the
 * latest numbers, one idle at a time, so a slow main loop sees fewer
 * reports, not a queue of stale ones. The idles run at a higher priority
 * than the task's completion, so none runs after the callback; and
 * finish() marks the relay done in case. */
typedef struct {
  GMutex                lock;
  GMainContext         *context;
  KdRosterProgressFunc  func;
  gpointer              data;
  double                fraction;
  int                   hard;
  gint64                soft;
  gboolean              pending;
  gboolean              done;
} Relay;

static void
relay_clear (gpointer data)
{
  Relay *r = data;

  g_mutex_clear (&r->lock);
  g_main_context_unref (r->context);
}

static Relay *
relay_new (KdRosterProgressFunc func,
           gpointer             data)
{
  Relay *r = g_atomic_rc_box_new0 (Relay);

  g_mutex_init (&r->lock);
  r->context = g_main_context_ref_thread_default ();
  r->func = func;
  r->data = data;
  return r;
}

static void
relay_unref (gpointer data)
{
  g_atomic_rc_box_release_full (data, relay_clear);
}

static gboolean
relay_dispatch (gpointer data)
{
  Relay *r = data;
  double fraction;
  int hard;
  gint64 soft;
  gboolean done;

  g_mutex_lock (&r->lock);
  r->pending = FALSE;
  fraction = r->fraction;
  hard = r->hard;
  soft = r->soft;
  done = r->done;
  g_mutex_unlock (&r->lock);
  if (!done)
    r->func (fraction, hard, soft, r->data);
  return G_SOURCE_REMOVE;
}

/* Called on the search thread. */
static void
relay_report (double    fraction,
              int       hard,
              gint64    soft,
              gpointer  data)
{
  Relay *r = data;
  gboolean schedule;

  g_mutex_lock (&r->lock);
  r->fraction = fraction;
  r->hard = hard;
  r->soft = soft;
  schedule = !r->pending && !r->done;
  r->pending = TRUE;
  g_mutex_unlock (&r->lock);
  if (schedule)
    {
      g_autoptr(GSource) source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_HIGH);
      g_source_set_static_name (source, "[kefu-desk] roster progress");
      g_source_set_callback (source, relay_dispatch, g_atomic_rc_box_acquire (r), relay_unref);
      g_source_attach (source, r->context);
    }
}

typedef struct {
  int                   year;
  int                   month;
  KdRosterSolveOptions  options;
  Relay                *relay;     /* NULL without a progress callback */
} SolveTask;

static void
solve_task_free (gpointer data)
{
  SolveTask *t = data;

  g_clear_pointer (&t->relay, relay_unref);
  g_free (t);
}

static void
solve_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  KdRosterService *self = source_object;
  SolveTask *t = task_data;
  KdRosterSolveResult *result = NULL;
  GError *error = NULL;

  if (solve_run (self, t->year, t->month, &t->options, cancellable,
                 t->relay != NULL ? relay_report : NULL, t->relay, &result, &error))
    g_task_return_pointer (task, result, (GDestroyNotify) kd_roster_solve_result_free);
  else
    g_task_return_error (task, error);
}

void
kd_roster_service_solve_async (KdRosterService             *self,
                               int                          year,
                               int                          month,
                               const KdRosterSolveOptions  *options,
                               GCancellable                *cancellable,
                               KdRosterProgressFunc         progress,
                               gpointer                     progress_data,
                               GAsyncReadyCallback          callback,
                               gpointer                     user_data)
{
  g_autoptr(GTask) task = NULL;
  SolveTask *t;

  g_return_if_fail (KD_IS_ROSTER_SERVICE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  t = g_new0 (SolveTask, 1);
  t->year = year;
  t->month = month;
  if (options != NULL)
    t->options = *options;
  else
    kd_roster_solve_options_init (&t->options);
  if (progress != NULL)
    t->relay = relay_new (progress, progress_data);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kd_roster_service_solve_async);
  g_task_set_task_data (task, t, solve_task_free);
  g_task_run_in_thread (task, solve_thread);
}

KdRosterSolveResult *
kd_roster_service_solve_finish (KdRosterService  *self,
                                GAsyncResult     *result,
                                GError          **error)
{
  SolveTask *t;

  g_return_val_if_fail (KD_IS_ROSTER_SERVICE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == kd_roster_service_solve_async, NULL);

  t = g_task_get_task_data (G_TASK (result));
  if (t->relay != NULL)
    {
      g_mutex_lock (&t->relay->lock);
      t->relay->done = TRUE;
      g_mutex_unlock (&t->relay->lock);
    }
  return g_task_propagate_pointer (G_TASK (result), error);
}

static int
shift_index (const KdRosterMonth *mo,
             gint64               shift_id)
{
  for (guint i = 0; i < mo->templates->len; i++)
    if (((KdShiftTemplate *) g_ptr_array_index (mo->templates, i))->id == shift_id)
      return (int) i;
  return -1;
}

static gboolean
is_rostered (const KdRosterMonth *mo,
             gint64               staff_id)
{
  for (guint i = 0; i < mo->staff->len; i++)
    if (kd_staff_get_id (g_ptr_array_index (mo->staff, i)) == staff_id)
      return TRUE;
  return FALSE;
}

KdRosterCoverage *
kd_roster_service_coverage (KdRosterService  *self,
                            int               year,
                            int               month,
                            GError          **error)
{
  g_autoptr(KdRosterMonth) mo = NULL;
  g_autoptr(KdRosterModel) model = NULL;
  KdRosterCoverage *c;
  int S, D;

  g_return_val_if_fail (KD_IS_ROSTER_SERVICE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  model = load_model (self, year, month, &mo, error);
  if (model == NULL)
    return NULL;
  S = model->n_shifts;
  D = model->n_days;

  c = g_new0 (KdRosterCoverage, 1);
  c->year = year;
  c->month = month;
  c->n_days = D;
  c->n_shifts = S;
  c->shift_codes = g_new0 (char *, S + 1);
  c->shift_names = g_new0 (char *, S + 1);
  for (int s = 0; s < S; s++)
    {
      c->shift_codes[s] = g_strdup (model->shifts[s].code);
      c->shift_names[s] = g_strdup (model->shifts[s].name);
    }
  c->required = g_new0 (int, (gsize) D * S);
  c->assigned = g_new0 (int, (gsize) D * S);
  for (int i = 0; i < D * S; i++)
    c->required[i] = model->cover_min[i];

  /* The stored cells of the people on the roster, this month only (the
   * month also carries the previous month's tail). */
  for (guint i = 0; i < mo->assignments->len; i++)
    {
      const KdRosterAssignment *a = &g_array_index (mo->assignments, KdRosterAssignment, i);
      int d = (int) g_date_days_between (&model->first_date, &a->day);
      int s = a->shift_id != 0 ? shift_index (mo, a->shift_id) : -1;

      if (d < 0 || d >= D || s < 0 || !is_rostered (mo, a->staff_id))
        continue;
      c->assigned[d * S + s]++;
    }
  for (int i = 0; i < D * S; i++)
    {
      c->places += c->required[i];
      c->filled += MIN (c->assigned[i], c->required[i]);
    }
  return c;
}

/* The grid. */

typedef struct {
  int            year;
  int            month;
  KdRosterSheet *sheet;
} SheetJob;

static void
sheet_job_free (gpointer data)
{
  SheetJob *job = data;

  kd_roster_sheet_free (job->sheet);
  g_free (job);
}

/* On a reader thread: the month read and checked there, so the window
 * gets a sheet ready to draw. */
static gboolean
load_sheet_job (KdConn   *conn,
                gpointer  data,
                GError  **error)
{
  SheetJob *job = data;
  KdRosterMonth *mo = kd_roster_repo_load_month (conn, job->year, job->month, error);

  if (mo == NULL)
    return FALSE;
  job->sheet = kd_roster_sheet_new (mo, error);
  return job->sheet != NULL;
}

KdRosterSheet *
kd_roster_service_load_sheet (KdRosterService  *self,
                              int               year,
                              int               month,
                              GError          **error)
{
  SheetJob job = { year, month, NULL };

  g_return_val_if_fail (KD_IS_ROSTER_SERVICE (self), NULL);
  if (!check_month (year, month, error))
    return NULL;
  if (!kd_store_read (self->store, load_sheet_job, &job, error))
    {
      kd_roster_sheet_free (job.sheet);
      return NULL;
    }
  return job.sheet;
}

void
kd_roster_service_load_sheet_async (KdRosterService     *self,
                                    int                  year,
                                    int                  month,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  GError *error = NULL;
  SheetJob *job;

  g_return_if_fail (KD_IS_ROSTER_SERVICE (self));
  if (!check_month (year, month, &error))
    {
      g_task_report_error (self, callback, user_data, kd_roster_service_load_sheet_async, error);
      return;
    }
  job = g_new0 (SheetJob, 1);
  job->year = year;
  job->month = month;
  kd_service_job_run_async (self, kd_roster_service_load_sheet_async, self->store, KD_SERVICE_JOB_READ,
                            load_sheet_job, job, sheet_job_free, NULL, cancellable, callback, user_data);
}

KdRosterSheet *
kd_roster_service_load_sheet_finish (KdRosterService  *self,
                                     GAsyncResult     *result,
                                     GError          **error)
{
  SheetJob *job = kd_service_job_finish (self, result, NULL, error);
  return job ? g_steal_pointer (&job->sheet) : NULL;
}

typedef struct {
  KdRosterCellWrite *cells;
  guint              n_cells;
} CellsJob;

static void
cells_job_free (gpointer data)
{
  CellsJob *job = data;

  g_free (job->cells);
  g_free (job);
}

static gboolean
set_cells_job (KdConn   *conn,
               gpointer  data,
               GError  **error)
{
  CellsJob *job = data;

  return kd_roster_repo_set_cells (conn, job->cells, job->n_cells, error);
}

gboolean
kd_roster_service_set_cells (KdRosterService          *self,
                             const KdRosterCellWrite  *cells,
                             guint                     n_cells,
                             GError                  **error)
{
  CellsJob job = { (KdRosterCellWrite *) cells, n_cells };

  g_return_val_if_fail (KD_IS_ROSTER_SERVICE (self), FALSE);
  return kd_store_write (self->store, set_cells_job, &job, error);
}

void
kd_roster_service_set_cells_async (KdRosterService          *self,
                                   const KdRosterCellWrite  *cells,
                                   guint                     n_cells,
                                   GCancellable             *cancellable,
                                   GAsyncReadyCallback       callback,
                                   gpointer                  user_data)
{
  CellsJob *job;

  g_return_if_fail (KD_IS_ROSTER_SERVICE (self));
  job = g_new0 (CellsJob, 1);
  job->cells = g_memdup2 (cells, sizeof (KdRosterCellWrite) * MAX (1, n_cells));
  job->n_cells = n_cells;
  kd_service_job_run_async (self, kd_roster_service_set_cells_async, self->store, KD_SERVICE_JOB_WRITE,
                            set_cells_job, job, cells_job_free, NULL, cancellable, callback, user_data);
}

gboolean
kd_roster_service_set_cells_finish (KdRosterService  *self,
                                    GAsyncResult     *result,
                                    GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct {
  GPtrArray       *list;
  GArray          *array;
  KdShiftTemplate *tmpl;
  const KdSpecialDay *special;
  const KdDayRequirement *required;
  guint            n_required;
  const GDate     *day;
  GDateTime       *at;
  KdRosterRules   *rules;
  int              added;
} MiscJob;

static gboolean
list_templates_job (KdConn *conn, gpointer data, GError **error)
{
  MiscJob *job = data;

  job->list = kd_roster_repo_list_templates (conn, error);
  return job->list != NULL;
}

GPtrArray *
kd_roster_service_list_templates (KdRosterService  *self,
                                  GError          **error)
{
  MiscJob job = { 0 };

  g_return_val_if_fail (KD_IS_ROSTER_SERVICE (self), NULL);
  if (!kd_store_read (self->store, list_templates_job, &job, error))
    g_clear_pointer (&job.list, g_ptr_array_unref);
  return job.list;
}

static gboolean
save_template_job (KdConn *conn, gpointer data, GError **error)
{
  MiscJob *job = data;

  return kd_roster_repo_save_template (conn, job->tmpl, error);
}

gboolean
kd_roster_service_save_template (KdRosterService  *self,
                                 KdShiftTemplate  *tmpl,
                                 GError          **error)
{
  MiscJob job = { 0 };

  g_return_val_if_fail (KD_IS_ROSTER_SERVICE (self), FALSE);
  /* Checked here too, so a refusal names the field without a round trip. */
  if (!kd_shift_template_validate (tmpl, error))
    return FALSE;
  job.tmpl = tmpl;
  return kd_store_write (self->store, save_template_job, &job, error);
}

static gboolean
special_day_job (KdConn *conn, gpointer data, GError **error)
{
  MiscJob *job = data;

  if (job->special != NULL)
    return kd_roster_repo_set_special_day (conn, job->special, job->required, job->n_required, error);
  return kd_roster_repo_remove_special_day (conn, job->day, error);
}

gboolean
kd_roster_service_set_special_day (KdRosterService         *self,
                                   const KdSpecialDay      *special,
                                   const KdDayRequirement  *required,
                                   guint                    n_required,
                                   GError                 **error)
{
  MiscJob job = { 0 };

  g_return_val_if_fail (KD_IS_ROSTER_SERVICE (self), FALSE);
  job.special = special;
  job.required = required;
  job.n_required = n_required;
  return kd_store_write (self->store, special_day_job, &job, error);
}

gboolean
kd_roster_service_remove_special_day (KdRosterService  *self,
                                      const GDate      *day,
                                      GError          **error)
{
  MiscJob job = { 0 };

  g_return_val_if_fail (KD_IS_ROSTER_SERVICE (self), FALSE);
  job.day = day;
  return kd_store_write (self->store, special_day_job, &job, error);
}

static gboolean
list_special_days_job (KdConn *conn, gpointer data, GError **error)
{
  MiscJob *job = data;

  return kd_roster_repo_list_special_days (conn, &job->list, &job->array, error);
}

gboolean
kd_roster_service_list_special_days (KdRosterService  *self,
                                     GPtrArray       **days,
                                     GArray          **required,
                                     GError          **error)
{
  MiscJob job = { 0 };

  g_return_val_if_fail (KD_IS_ROSTER_SERVICE (self), FALSE);
  if (!kd_store_read (self->store, list_special_days_job, &job, error))
    return FALSE;
  *days = job.list;
  *required = job.array;
  return TRUE;
}

static gboolean
add_holidays_job (KdConn *conn, gpointer data, GError **error)
{
  MiscJob *job = data;

  return kd_roster_repo_add_holidays (conn, job->list, &job->added, error);
}

gboolean
kd_roster_service_import_holidays (KdRosterService  *self,
                                   const char       *ics_text,
                                   gsize             length,
                                   int              *added,
                                   GError          **error)
{
  g_autoptr(GPtrArray) days = NULL;
  MiscJob job = { 0 };

  g_return_val_if_fail (KD_IS_ROSTER_SERVICE (self), FALSE);
  days = kd_roster_ics_parse_holidays (ics_text, length, error);
  if (days == NULL)
    return FALSE;
  job.list = days;
  if (!kd_store_write (self->store, add_holidays_job, &job, error))
    return FALSE;
  if (added != NULL)
    *added = job.added;
  return TRUE;
}

static gboolean
load_rules_job (KdConn *conn, gpointer data, GError **error)
{
  MiscJob *job = data;

  return kd_roster_repo_load_rules (conn, job->rules, error);
}

gboolean
kd_roster_service_load_rules (KdRosterService  *self,
                              KdRosterRules    *rules,
                              GError          **error)
{
  MiscJob job = { 0 };

  g_return_val_if_fail (KD_IS_ROSTER_SERVICE (self), FALSE);
  job.rules = rules;
  return kd_store_read (self->store, load_rules_job, &job, error);
}

static gboolean
save_rules_job (KdConn *conn, gpointer data, GError **error)
{
  MiscJob *job = data;

  return kd_roster_repo_save_rules (conn, job->rules, error);
}

gboolean
kd_roster_service_save_rules (KdRosterService      *self,
                              const KdRosterRules  *rules,
                              GError              **error)
{
  MiscJob job = { 0 };

  g_return_val_if_fail (KD_IS_ROSTER_SERVICE (self), FALSE);
  /* Refused here with the rule named, before any write. */
  if (!kd_roster_rules_check (rules, error))
    return FALSE;
  job.rules = (KdRosterRules *) rules;
  return kd_store_write (self->store, save_rules_job, &job, error);
}

static gboolean
on_duty_job (KdConn *conn, gpointer data, GError **error)
{
  MiscJob *job = data;

  job->list = kd_roster_repo_on_duty (conn, job->at, error);
  return job->list != NULL;
}

GPtrArray *
kd_roster_service_on_duty (KdRosterService  *self,
                           GDateTime        *at,
                           GError          **error)
{
  MiscJob job = { 0 };

  g_return_val_if_fail (KD_IS_ROSTER_SERVICE (self), NULL);
  g_return_val_if_fail (at != NULL, NULL);
  job.at = at;
  if (!kd_store_read (self->store, on_duty_job, &job, error))
    g_clear_pointer (&job.list, g_ptr_array_unref);
  return job.list;
}
