/* test-roster-service.c: the roster service: a demo month solved and saved, cancelled, impossible, out-of-range rules, progress on the main context, coverage by hand. */
#include <glib/gstdio.h>
#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include "kd-clock.h"
#include "kd-demo.h"
#include "kd-error.h"
#include "kd-order-service.h"
#include "kd-roster-repo.h"
#include "kd-roster-service.h"
#include "kd-staff-repo.h"
#include "kd-store-private.h"
#include "kd-store.h"
#include "kd-test-util.h"

#define YEAR  2026
#define MONTH 12
#define DAYS  31
#define DEMO_ROSTERED 11   /* active demo staff but the owner */

typedef struct {
  char            *dir;
  char            *db;
  KdStore         *store;
  KdRosterService *service;
} Fixture;

static gboolean
clear_roster_job (KdConn *conn, gpointer data, GError **error)
{
  return kd_conn_exec (conn, "DELETE FROM roster_assignments", error);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 ("2026-11-25T09:00:00+08:00", NULL);
  g_autoptr(KdClock) clock = kd_clock_new_fixed (now);

  /* The demo's leave falls in the clock's month and the next: December. */
  kd_clock_set_default (clock);
  f->dir = g_dir_make_tmp ("kd-test-roster-service-XXXXXX", NULL);
  f->db = g_build_filename (f->dir, "shop.db", NULL);
  g_assert_true (kd_demo_write (f->db, NULL));
  f->store = kd_store_open (f->db, NULL);
  g_assert_nonnull (f->store);
  /* The demo comes rostered; these tests start from an empty roster. */
  g_assert_true (kd_store_write (f->store, clear_roster_job, NULL, NULL));
  f->service = kd_roster_service_new (f->store);
}

/* A GTask's thread lets go of its task (and so of the service) only
 * after the callback may have run: wait for that, a while at most. */
static void
finalize_soon (gpointer object)
{
  GWeakRef ref;
  GObject *still;

  g_weak_ref_init (&ref, object);
  g_object_unref (object);
  for (int i = 0; i < 10000 && (still = g_weak_ref_get (&ref)) != NULL; i++)
    {
      g_object_unref (still);
      g_usleep (1000);
    }
  g_assert_null (g_weak_ref_get (&ref));
  g_weak_ref_clear (&ref);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  finalize_soon (f->service);
  kd_store_close (f->store);
  /* A read the store's "changed" started holds the store until its
   * callback has run (closed): let it come back first. */
  {
    gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
    while (G_OBJECT (f->store)->ref_count > 1 && g_get_monotonic_time () < end)
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
  }
  g_assert_finalize_object (f->store);
  kd_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->db);
}

typedef struct {
  int year, month, n;
} CountJob;

static gboolean
count_job (KdConn *conn, gpointer data, GError **error)
{
  CountJob *c = data;

  c->n = kd_roster_repo_count_month (conn, c->year, c->month, error);
  return c->n >= 0;
}

/* Cells stored for December. */
static int
stored_cells (Fixture *f)
{
  CountJob c = { YEAR, MONTH, -1 };

  g_assert_true (kd_store_read (f->store, count_job, &c, NULL));
  return c.n;
}

static void
fixed_options (KdRosterSolveOptions *o)
{
  kd_roster_solve_options_init (o);
  o->seconds = 120;       /* a cap the step budget comes well before */
  o->iterations = 20000;
  o->seed = 7;
}

static void
test_solve_demo_month (Fixture *f, gconstpointer data)
{
  g_autoptr(KdRosterSolveResult) r = NULL;
  g_autoptr(KdRosterCoverage) c = NULL;
  g_autoptr(GError) error = NULL;
  KdRosterSolveOptions o;

  fixed_options (&o);
  g_assert_true (kd_roster_service_solve (f->service, YEAR, MONTH, &o, NULL, NULL, NULL, &r, &error));
  g_assert_no_error (error);
  g_assert_cmpint (r->status, ==, KD_ROSTER_SOLVE_SAVED);
  g_assert_cmpint (r->year, ==, YEAR);
  g_assert_cmpint (r->month, ==, MONTH);
  g_assert_cmpint (r->persons, ==, DEMO_ROSTERED);
  g_assert_cmpint (r->hard_count, ==, 0);
  g_assert_cmpint (r->places, ==, DAYS * 3 * 2 + 1);   /* three shifts of two people; one more on the promotion day */
  g_assert_cmpint (r->filled, ==, r->places);
  g_assert_cmpuint (r->reasons->len, ==, 0);
  g_assert_cmpint (r->soft_total, >=, 0);
  {
    gint64 sum = 0;
    for (int t = 0; t < KD_N_SOFT_TERMS; t++)
      sum += r->soft[t];
    g_assert_cmpint (sum, ==, r->soft_total);
  }
  g_assert_cmpfloat (r->elapsed, >=, 0);

  /* Every cell of every rostered person written, days off included. */
  g_assert_cmpint (stored_cells (f), ==, DEMO_ROSTERED * DAYS);

  /* What the grid will show agrees with what the solve reported. */
  c = kd_roster_service_coverage (f->service, YEAR, MONTH, &error);
  g_assert_no_error (error);
  g_assert_cmpint (c->places, ==, r->places);
  g_assert_cmpint (c->filled, ==, r->filled);
}

/* A step budget: the same seed gives the same roster. */
static void
test_solve_repeats (Fixture *f, gconstpointer data)
{
  g_autoptr(KdRosterSolveResult) a = NULL;
  g_autoptr(KdRosterSolveResult) b = NULL;
  KdRosterSolveOptions o;

  fixed_options (&o);
  g_assert_true (kd_roster_service_solve (f->service, YEAR, MONTH, &o, NULL, NULL, NULL, &a, NULL));
  g_assert_true (kd_roster_service_solve (f->service, YEAR, MONTH, &o, NULL, NULL, NULL, &b, NULL));
  g_assert_cmpint (a->status, ==, KD_ROSTER_SOLVE_SAVED);
  g_assert_cmpint (b->status, ==, KD_ROSTER_SOLVE_SAVED);
  g_assert_cmpint (a->soft_total, ==, b->soft_total);
  g_assert_cmpmem (a->soft, sizeof a->soft, b->soft, sizeof b->soft);
}

static void
test_cancelled_before (Fixture *f, gconstpointer data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(KdRosterSolveResult) r = NULL;
  g_autoptr(GError) error = NULL;
  KdRosterSolveOptions o;

  fixed_options (&o);
  g_cancellable_cancel (cancellable);
  g_assert_false (kd_roster_service_solve (f->service, YEAR, MONTH, &o, cancellable, NULL, NULL, &r, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (r);
  g_assert_cmpint (stored_cells (f), ==, 0);
}

typedef struct {
  GMainLoop           *loop;
  GCancellable        *cancel_on_progress;
  KdRosterSolveResult *result;
  GError              *error;
  GThread             *main_thread;
  int                  reports;
  int                  reports_after_done;
  gboolean             off_thread;
  gboolean             done;
  double               last_fraction;
} AsyncState;

static void
on_progress (double fraction, int hard, gint64 soft, gpointer data)
{
  AsyncState *s = data;

  if (g_thread_self () != s->main_thread)
    s->off_thread = TRUE;
  if (s->done)
    s->reports_after_done++;
  g_assert_cmpfloat (fraction, >=, 0);
  g_assert_cmpfloat (fraction, <=, 1);
  g_assert_cmpint (hard, >=, 0);
  s->last_fraction = fraction;
  s->reports++;
  if (s->cancel_on_progress != NULL)
    g_cancellable_cancel (s->cancel_on_progress);
}

static void
on_solved (GObject *source, GAsyncResult *result, gpointer data)
{
  AsyncState *s = data;

  s->result = kd_roster_service_solve_finish (KD_ROSTER_SERVICE (source), result, &s->error);
  s->done = TRUE;
  g_main_loop_quit (s->loop);
}

/* Lets any stray progress idle run, so reports_after_done can catch it. */
static void
drain (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
test_async_progress (Fixture *f, gconstpointer data)
{
  AsyncState s = { 0 };
  KdRosterSolveOptions o;

  fixed_options (&o);
  s.loop = g_main_loop_new (NULL, FALSE);
  s.main_thread = g_thread_self ();
  kd_roster_service_solve_async (f->service, YEAR, MONTH, &o, NULL, on_progress, &s, on_solved, &s);
  g_main_loop_run (s.loop);
  drain ();

  g_assert_no_error (s.error);
  g_assert_nonnull (s.result);
  g_assert_cmpint (s.result->status, ==, KD_ROSTER_SOLVE_SAVED);
  g_assert_cmpint (s.reports, >, 0);
  g_assert_false (s.off_thread);
  g_assert_cmpint (s.reports_after_done, ==, 0);
  g_assert_cmpint (stored_cells (f), ==, DEMO_ROSTERED * DAYS);
  kd_roster_solve_result_free (s.result);
  g_main_loop_unref (s.loop);
}

/* Cancelled while searching (a long time budget, no step budget): the
 * search stops early, the result is G_IO_ERROR_CANCELLED, nothing is
 * written. */
static void
test_async_cancel (Fixture *f, gconstpointer data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  AsyncState s = { 0 };
  KdRosterSolveOptions o;
  gint64 t0 = g_get_monotonic_time ();

  kd_roster_solve_options_init (&o);
  o.seconds = 600;
  s.loop = g_main_loop_new (NULL, FALSE);
  s.main_thread = g_thread_self ();
  s.cancel_on_progress = cancellable;
  kd_roster_service_solve_async (f->service, YEAR, MONTH, &o, cancellable, on_progress, &s, on_solved, &s);
  g_main_loop_run (s.loop);
  drain ();

  g_assert_error (s.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (s.result);
  g_assert_cmpint (s.reports, >, 0);
  g_assert_cmpint (g_get_monotonic_time () - t0, <, 60 * G_USEC_PER_SEC);
  g_assert_cmpint (stored_cells (f), ==, 0);
  g_clear_error (&s.error);
  g_main_loop_unref (s.loop);
}

typedef struct {
  const char *day;
} LeaveJob;

/* Everybody on leave on one day: nobody can cover it. */
static gboolean
everybody_off_job (KdConn *conn, gpointer data, GError **error)
{
  LeaveJob *job = data;
  static const char *const jobs[] = { "2", "3", "5", "6", "7", "8", "9", "10", "11", "12", "13" };

  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    {
      g_autoptr(KdStaff) staff = kd_staff_repo_find_by_job_number (conn, jobs[i], error);

      if (staff == NULL || !kd_roster_repo_add_leave (conn, kd_staff_get_id (staff), job->day, "", error))
        return FALSE;
    }
  return TRUE;
}

static void
test_impossible_month (Fixture *f, gconstpointer data)
{
  g_autoptr(KdRosterSolveResult) r = NULL;
  g_autoptr(GError) error = NULL;
  LeaveJob job = { "2026-12-15" };
  KdRosterSolveOptions o;

  g_assert_true (kd_store_write (f->store, everybody_off_job, &job, NULL));
  fixed_options (&o);
  g_assert_true (kd_roster_service_solve (f->service, YEAR, MONTH, &o, NULL, NULL, NULL, &r, &error));
  g_assert_no_error (error);
  g_assert_cmpint (r->status, ==, KD_ROSTER_SOLVE_IMPOSSIBLE);
  g_assert_cmpuint (r->reasons->len, >, 0);
  for (guint i = 0; i < r->reasons->len; i++)
    g_assert_cmpstr (g_ptr_array_index (r->reasons, i), !=, "");
  g_assert_cmpint (r->persons, ==, DEMO_ROSTERED);
  g_assert_cmpint (stored_cells (f), ==, 0);
}

static gboolean
exec_job (KdConn *conn, gpointer data, GError **error)
{
  return kd_conn_exec (conn, data, error);
}

static void
assert_refused (Fixture *f, const char *sql, const char *name)
{
  g_autoptr(KdRosterSolveResult) r = NULL;
  g_autoptr(KdRosterCoverage) c = NULL;
  g_autoptr(GError) error = NULL;
  KdRosterSolveOptions o;

  g_assert_true (kd_store_write (f->store, exec_job, (gpointer) sql, NULL));
  fixed_options (&o);
  g_assert_false (kd_roster_service_solve (f->service, YEAR, MONTH, &o, NULL, NULL, NULL, &r, &error));
  g_assert_error (error, KD_CORE_ERROR, KD_CORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, name));
  g_assert_null (r);
  g_clear_error (&error);
  c = kd_roster_service_coverage (f->service, YEAR, MONTH, &error);
  g_assert_error (error, KD_CORE_ERROR, KD_CORE_ERROR_INVALID);
  g_assert_null (c);
  g_assert_cmpint (stored_cells (f), ==, 0);
}

static void
test_rule_out_of_range (Fixture *f, gconstpointer data)
{
  assert_refused (f, "UPDATE roster_rules SET value = -2147483648 WHERE key = 'fair_weekends'", "fair_weekends");
}

static void
test_required_out_of_range (Fixture *f, gconstpointer data)
{
  /* 2^32 + 2: read as a 32-bit int it would pass as 2. */
  assert_refused (f, "UPDATE shift_templates SET required = 4294967298 WHERE code = 'D'", "白班");
}

static void
test_bad_options (Fixture *f, gconstpointer data)
{
  const double bad[] = { 0, -1, 3601, NAN, INFINITY };
  KdRosterSolveOptions o;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(KdRosterSolveResult) r = NULL;
      g_autoptr(GError) error = NULL;

      fixed_options (&o);
      o.seconds = bad[i];
      g_assert_false (kd_roster_service_solve (f->service, YEAR, MONTH, &o, NULL, NULL, NULL, &r, &error));
      g_assert_error (error, KD_ROSTER_SERVICE_ERROR, KD_ROSTER_SERVICE_ERROR_INVALID_OPTIONS);
    }
  {
    g_autoptr(KdRosterSolveResult) r = NULL;
    g_autoptr(GError) error = NULL;

    fixed_options (&o);
    g_assert_false (kd_roster_service_solve (f->service, YEAR, 13, &o, NULL, NULL, NULL, &r, &error));
    g_assert_error (error, KD_ROSTER_SERVICE_ERROR, KD_ROSTER_SERVICE_ERROR_INVALID_OPTIONS);
  }
  g_assert_cmpint (stored_cells (f), ==, 0);
}

typedef struct {
  const char *job_number;
  const char *day;
  const char *shift_code;   /* NULL: a day off */
} Cell;

static gboolean
cells_job (KdConn *conn, gpointer data, GError **error)
{
  const Cell *cells = data;
  g_autoptr(GPtrArray) templates = kd_roster_repo_list_templates (conn, error);

  if (templates == NULL)
    return FALSE;
  for (const Cell *c = cells; c->job_number != NULL; c++)
    {
      g_autoptr(KdStaff) staff = kd_staff_repo_find_by_job_number (conn, c->job_number, error);
      gint64 shift_id = 0;

      if (staff == NULL)
        return FALSE;
      for (guint i = 0; c->shift_code != NULL && i < templates->len; i++)
        if (g_str_equal (((KdShiftTemplate *) g_ptr_array_index (templates, i))->code, c->shift_code))
          shift_id = ((KdShiftTemplate *) g_ptr_array_index (templates, i))->id;
      g_assert_true (c->shift_code == NULL || shift_id != 0);
      if (!kd_roster_repo_set_assignment (conn, kd_staff_get_id (staff), c->day, shift_id, FALSE, error))
        return FALSE;
    }
  return TRUE;
}

static int
shift_of (const KdRosterCoverage *c, const char *code)
{
  for (int s = 0; s < c->n_shifts; s++)
    if (g_str_equal (c->shift_codes[s], code))
      return s;
  g_assert_not_reached ();
}

static void
test_coverage_by_hand (Fixture *f, gconstpointer data)
{
  static const Cell cells[] = {
    { "3", "2026-12-01", "D" },
    { "5", "2026-12-01", "D" },
    { "7", "2026-12-01", "D" },   /* one more than required: fills 2, not 3 */
    { "6", "2026-12-01", "N" },
    { "3", "2026-12-02", "R" },
    { "8", "2026-12-31", "N" },
    { "9", "2026-12-03", NULL },  /* a day off counts nowhere */
    { "1", "2026-12-01", "R" },   /* the owner is not on the roster */
    { "5", "2026-11-30", "D" },   /* last month */
    { "6", "2027-01-01", "D" },   /* next month */
    { NULL, NULL, NULL }
  };
  g_autoptr(KdRosterCoverage) c = NULL;
  g_autoptr(GError) error = NULL;
  int D, N, R, S;

  g_assert_true (kd_store_write (f->store, cells_job, (gpointer) cells, NULL));
  c = kd_roster_service_coverage (f->service, YEAR, MONTH, &error);
  g_assert_no_error (error);
  g_assert_nonnull (c);
  g_assert_cmpint (c->year, ==, YEAR);
  g_assert_cmpint (c->month, ==, MONTH);
  g_assert_cmpint (c->n_days, ==, DAYS);
  g_assert_cmpint (c->n_shifts, ==, 3);
  S = c->n_shifts;
  D = shift_of (c, "D");
  N = shift_of (c, "N");
  R = shift_of (c, "R");
  g_assert_cmpstr (c->shift_names[D], ==, "白班");

  /* The demo's promotion on 11 December needs a third on the day shift. */
  for (int i = 0; i < DAYS * S; i++)
    g_assert_cmpint (c->required[i], ==, i == 10 * S + D ? 3 : 2);
  g_assert_cmpint (c->assigned[0 * S + D], ==, 3);
  g_assert_cmpint (c->assigned[0 * S + N], ==, 1);
  g_assert_cmpint (c->assigned[0 * S + R], ==, 0);
  g_assert_cmpint (c->assigned[1 * S + R], ==, 1);
  g_assert_cmpint (c->assigned[30 * S + N], ==, 1);
  {
    int total = 0;
    for (int i = 0; i < DAYS * S; i++)
      total += c->assigned[i];
    g_assert_cmpint (total, ==, 6);
  }
  g_assert_cmpint (c->places, ==, DAYS * 3 * 2 + 1);
  g_assert_cmpint (c->filled, ==, 2 + 1 + 1 + 1);
}

static void
async_done (GObject *source, GAsyncResult *result, gpointer data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

/* The grid's path: the sheet read off the main thread, edited, written
 * back in one transaction, read again. */
static void
test_sheet_round_trip (Fixture *f, gconstpointer data)
{
  g_autoptr(KdRosterSheet) sheet = NULL;
  g_autoptr(KdRosterSheet) again = NULL;
  g_autoptr(GAsyncResult) res = NULL;
  g_autoptr(GAsyncResult) res2 = NULL;
  g_autoptr(GError) error = NULL;
  KdRosterCellWrite w[2];
  int night;

  kd_roster_service_load_sheet_async (f->service, YEAR, MONTH, NULL, async_done, &res);
  sheet = kd_roster_service_load_sheet_finish (f->service, wait_result (&res), &error);
  g_assert_no_error (error);
  g_assert_cmpint (sheet->n_persons, ==, DEMO_ROSTERED);
  g_assert_cmpint (sheet->n_days, ==, DAYS);
  g_assert_cmpint (stored_cells (f), ==, 0);
  /* Empty: every place is short, and the leave of the demo is shown. */
  g_assert_cmpint (sheet->score->hard_count, >=, DAYS * 3);
  {
    int on_leave = 0;
    for (int i = 0; i < sheet->n_persons * sheet->n_days; i++)
      on_leave += (sheet->flags[i] & KD_SHEET_LEAVE) != 0;
    g_assert_cmpint (on_leave, ==, 4);   /* the demo: No. 11 on 3 December, No. 6 on the 15th and 16th, No. 9 (approved request) on the 22nd */
  }

  night = kd_roster_sheet_find_code (sheet, 'N');
  kd_roster_sheet_cell_write (sheet, 0, 0, night, TRUE, &w[0]);
  kd_roster_sheet_cell_write (sheet, 0, 1, KD_ROSTER_OFF, FALSE, &w[1]);
  kd_roster_service_set_cells_async (f->service, w, 2, NULL, async_done, &res2);
  g_assert_true (kd_roster_service_set_cells_finish (f->service, wait_result (&res2), &error));
  g_assert_no_error (error);
  g_assert_cmpint (stored_cells (f), ==, 2);

  again = kd_roster_service_load_sheet (f->service, YEAR, MONTH, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kd_roster_sheet_get (again, 0, 0), ==, night);
  g_assert_true (kd_roster_sheet_is_locked (again, 0, 0));
  g_assert_cmpint (kd_roster_sheet_get (again, 0, 1), ==, KD_ROSTER_OFF);
  g_assert_cmpint (kd_roster_sheet_get (again, 0, 2), ==, KD_SHEET_EMPTY);
  g_assert_cmpint (again->cover[0 * again->n_shifts + night], ==, 1);

  g_assert_null (kd_roster_service_load_sheet (f->service, YEAR, 13, &error));
  g_assert_error (error, KD_ROSTER_SERVICE_ERROR, KD_ROSTER_SERVICE_ERROR_INVALID_OPTIONS);
}

/* Fill keeps every rostered cell, locked or not; Regenerate only the locked ones. */
static void
test_fill_and_regenerate (Fixture *f, gconstpointer data)
{
  g_autoptr(KdRosterSheet) sheet = kd_roster_service_load_sheet (f->service, YEAR, MONTH, NULL);
  g_autoptr(KdRosterSheet) filled = NULL;
  g_autoptr(KdRosterSheet) regenerated = NULL;
  g_autoptr(KdRosterSolveResult) r = NULL;
  g_autoptr(KdRosterSolveResult) r2 = NULL;
  KdRosterSolveOptions o;
  KdRosterCellWrite w[2];
  int rr = kd_roster_sheet_find_code (sheet, 'R');

  /* An unlocked R on the 2nd, a locked day off on the 3rd, for person 1. */
  kd_roster_sheet_cell_write (sheet, 1, 1, rr, FALSE, &w[0]);
  kd_roster_sheet_cell_write (sheet, 1, 2, KD_ROSTER_OFF, TRUE, &w[1]);
  g_assert_true (kd_roster_service_set_cells (f->service, w, 2, NULL));

  fixed_options (&o);
  o.keep_filled = TRUE;
  g_assert_true (kd_roster_service_solve (f->service, YEAR, MONTH, &o, NULL, NULL, NULL, &r, NULL));
  g_assert_cmpint (r->status, ==, KD_ROSTER_SOLVE_SAVED);
  filled = kd_roster_service_load_sheet (f->service, YEAR, MONTH, NULL);
  g_assert_cmpint (filled->score->hard_count, ==, 0);
  g_assert_cmpint (kd_roster_sheet_get (filled, 1, 1), ==, rr);
  g_assert_cmpint (kd_roster_sheet_get (filled, 1, 2), ==, KD_ROSTER_OFF);
  for (int i = 0; i < filled->n_persons * filled->n_days; i++)
    g_assert_cmpint (filled->cells[i], !=, KD_SHEET_EMPTY);

  /* Regenerate with another seed: the locked day off stays. */
  o.keep_filled = FALSE;
  o.seed = 99;
  g_assert_true (kd_roster_service_solve (f->service, YEAR, MONTH, &o, NULL, NULL, NULL, &r2, NULL));
  g_assert_cmpint (r2->status, ==, KD_ROSTER_SOLVE_SAVED);
  regenerated = kd_roster_service_load_sheet (f->service, YEAR, MONTH, NULL);
  g_assert_cmpint (regenerated->score->hard_count, ==, 0);
  g_assert_cmpint (kd_roster_sheet_get (regenerated, 1, 2), ==, KD_ROSTER_OFF);
  g_assert_true (kd_roster_sheet_is_locked (regenerated, 1, 2));
  g_assert_cmpint (memcmp (regenerated->cells, filled->cells, (gsize) DAYS * DEMO_ROSTERED), !=, 0);
}

/* On duty at 00:30 after the first night of the month, through the service. */
static void
test_on_duty (Fixture *f, gconstpointer data)
{
  g_autoptr(KdRosterSheet) sheet = kd_roster_service_load_sheet (f->service, YEAR, MONTH, NULL);
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Asia/Shanghai");
  g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 ("2026-12-02T00:30:00", tz);
  g_autoptr(GPtrArray) on = NULL;
  KdRosterCellWrite w[3];
  g_autoptr(GError) error = NULL;

  kd_roster_sheet_cell_write (sheet, 0, 0, kd_roster_sheet_find_code (sheet, 'N'), FALSE, &w[0]);
  kd_roster_sheet_cell_write (sheet, 1, 0, kd_roster_sheet_find_code (sheet, 'D'), FALSE, &w[1]);
  kd_roster_sheet_cell_write (sheet, 2, 1, kd_roster_sheet_find_code (sheet, 'D'), FALSE, &w[2]);
  g_assert_true (kd_roster_service_set_cells (f->service, w, 3, NULL));
  on = kd_roster_service_on_duty (f->service, at, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (on->len, ==, 1);
  g_assert_cmpint (((KdOnDuty *) g_ptr_array_index (on, 0))->staff_id, ==, kd_roster_sheet_staff_id (sheet, 0));
  g_assert_cmpint (g_date_get_day (&((KdOnDuty *) g_ptr_array_index (on, 0))->day), ==, 1);
}

/* The order board's "last shift" (needs attention): at 10:00 on the 2nd,
 * with a day shift on since 08:00, it is the night shift before it (17:00
 * on the 1st, until 01:00); with nobody on duty, the last 12 hours. */
static void
test_last_shift (Fixture *f, gconstpointer data)
{
  g_autoptr(KdRosterSheet) sheet = kd_roster_service_load_sheet (f->service, YEAR, MONTH, NULL);
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Asia/Shanghai");
  g_autoptr(GDateTime) day = g_date_time_new_from_iso8601 ("2026-12-02T10:00:00", tz);
  g_autoptr(GDateTime) night = g_date_time_new_from_iso8601 ("2026-12-01T17:00:00", tz);
  g_autoptr(GDateTime) empty = g_date_time_new_from_iso8601 ("2026-12-20T03:00:00", tz);
  KdRosterCellWrite w[3];

  kd_roster_sheet_cell_write (sheet, 0, 0, kd_roster_sheet_find_code (sheet, 'N'), FALSE, &w[0]);
  kd_roster_sheet_cell_write (sheet, 1, 0, kd_roster_sheet_find_code (sheet, 'D'), FALSE, &w[1]);
  kd_roster_sheet_cell_write (sheet, 2, 1, kd_roster_sheet_find_code (sheet, 'D'), FALSE, &w[2]);
  g_assert_true (kd_roster_service_set_cells (f->service, w, 3, NULL));
  g_assert_cmpint (kd_order_service_last_shift_start (f->service, day), ==, g_date_time_to_unix (night));
  g_assert_cmpint (kd_order_service_last_shift_start (f->service, empty), ==, g_date_time_to_unix (empty) - 12 * 3600);
  g_assert_cmpint (kd_order_service_last_shift_start (NULL, day), ==, g_date_time_to_unix (day) - 12 * 3600);
}

typedef struct {
  const char *sql;
  gint64      out;
} RowsJob;

static gboolean
rows_job (KdConn *conn, gpointer data, GError **error)
{
  RowsJob *c = data;
  sqlite3_stmt *stmt;

  g_assert_cmpint (sqlite3_prepare_v2 (kd_conn_get_db (conn), c->sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  c->out = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return TRUE;
}

static gint64
count_rows (KdStore *store, const char *sql)
{
  RowsJob c = { sql, -1 };

  g_assert_true (kd_store_read (store, rows_job, &c, NULL));
  return c.out;
}

/* The demo as written (not cleared): the clock's month and the next are
 * complete and break no rule, with at least 9 rostered agents; a few
 * handovers and leave requests come with it. */
static void
test_demo_as_written (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 ("2026-11-25T09:00:00+08:00", NULL);
  g_autoptr(KdClock) clock = kd_clock_new_fixed (now);
  g_autofree char *dir = g_dir_make_tmp ("kd-test-roster-demo-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "demo.db", NULL);
  KdRosterService *service;
  KdStore *store;

  kd_clock_set_default (clock);
  g_assert_true (kd_demo_write (db, NULL));
  store = kd_store_open (db, NULL);
  g_assert_nonnull (store);
  service = kd_roster_service_new (store);
  for (int m = 11; m <= 12; m++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KdRosterSheet) sheet = kd_roster_service_load_sheet (service, 2026, m, &error);

      g_assert_no_error (error);
      g_assert_cmpint (sheet->n_persons, >=, 9);
      g_assert_cmpint (sheet->score->hard_count, ==, 0);
      for (int i = 0; i < sheet->n_persons * sheet->n_days; i++)
        g_assert_cmpint (sheet->cells[i], !=, KD_SHEET_EMPTY);
    }
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM handovers"), >=, 2);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM leave_requests"), >=, 2);
  g_object_unref (service);
  kd_store_close (store);
  g_object_unref (store);
  kd_test_rm_rf (dir);
  kd_clock_set_default (NULL);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/roster-service/solve/demo-month", test_solve_demo_month);
  ADD ("/roster-service/solve/repeats", test_solve_repeats);
  ADD ("/roster-service/solve/cancelled-before", test_cancelled_before);
  ADD ("/roster-service/solve/async-progress", test_async_progress);
  ADD ("/roster-service/solve/async-cancel", test_async_cancel);
  ADD ("/roster-service/solve/impossible", test_impossible_month);
  ADD ("/roster-service/solve/rule-out-of-range", test_rule_out_of_range);
  ADD ("/roster-service/solve/required-out-of-range", test_required_out_of_range);
  ADD ("/roster-service/solve/bad-options", test_bad_options);
  ADD ("/roster-service/coverage/by-hand", test_coverage_by_hand);
  ADD ("/roster-service/sheet/round-trip", test_sheet_round_trip);
  ADD ("/roster-service/sheet/fill-and-regenerate", test_fill_and_regenerate);
  ADD ("/roster-service/on-duty", test_on_duty);
  ADD ("/roster-service/last-shift", test_last_shift);
  g_test_add_func ("/roster-service/demo-as-written", test_demo_as_written);
#undef ADD
  return g_test_run ();
}
