/* test-roster-repo.c: roster tables, the demo's roster data, and `kefu-desk roster solve` on the demo. */
#include <glib/gstdio.h>

#include "kd-cli.h"
#include "kd-clock.h"
#include "kd-demo.h"
#include "kd-roster-repo.h"
#include "kd-roster-eval.h"
#include "kd-staff-repo.h"
#include "kd-store-private.h"

typedef struct {
  char    *dir;
  char    *path;
  KdStore *store;
  KdConn  *conn;     /* the writer, lent to the test (repositories run inside jobs) */
} Fixture;

static void
acquire (Fixture *f)
{
  f->store = kd_store_open_full (f->path, KD_STORE_OPEN_CREATE, NULL);
  g_assert_nonnull (f->store);
  f->conn = _kd_store_lend_writer (f->store);
}

static void
release (Fixture *f)
{
  if (f->store == NULL)
    return;
  _kd_store_return_writer (f->store);
  f->conn = NULL;
  g_clear_object (&f->store);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 ("2026-11-25T09:00:00+08:00", NULL);
  g_autoptr(KdClock) clock = kd_clock_new_fixed (now);

  kd_clock_set_default (clock);
  f->dir = g_dir_make_tmp ("kd-test-roster-XXXXXX", NULL);
  f->path = g_build_filename (f->dir, "shop.db", NULL);
  g_assert_true (kd_demo_write (f->path, NULL));
  acquire (f);
  /* The demo comes rostered (test_demo_rostered); these tests start
   * from an empty roster. */
  g_assert_true (kd_conn_exec (f->conn, "DELETE FROM roster_assignments", NULL));
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (f->path, "-shm", NULL);

  release (f);
  g_unlink (wal);
  g_unlink (shm);
  g_unlink (f->path);
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static void
test_defaults (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) templates = kd_roster_repo_list_templates (f->conn, NULL);
  KdShiftTemplate *n;
  KdRosterRules rules;

  g_assert_cmpuint (templates->len, ==, 3);
  n = g_ptr_array_index (templates, 1);
  g_assert_cmpstr (n->code, ==, "N");
  g_assert_cmpstr (n->name, ==, "晚班");
  g_assert_cmpint (n->start_minute, ==, 17 * 60);
  g_assert_cmpint (n->length, ==, 8 * 60);   /* until 01:00 */
  g_assert_cmpint (n->required, ==, 2);
  g_assert_true (n->is_night);

  g_assert_true (kd_roster_repo_load_rules (f->conn, &rules, NULL));
  g_assert_cmpint (rules.days_off, ==, 4);
  g_assert_cmpint (rules.max_consecutive, ==, 6);
  g_assert_cmpint (rules.min_rest_hours, ==, 11);
  rules.max_nights = 9;
  g_assert_true (kd_roster_repo_save_rules (f->conn, &rules, NULL));
  g_assert_true (kd_roster_repo_load_rules (f->conn, &rules, NULL));
  g_assert_cmpint (rules.max_nights, ==, 9);
}

static void
test_load_month (Fixture *f, gconstpointer data)
{
  g_autoptr(KdRosterMonth) month = kd_roster_repo_load_month (f->conn, 2026, 11, NULL);
  g_autoptr(KdRosterModel) model = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (month);
  g_assert_cmpuint (month->staff->len, >=, 9);     /* active, not the owner */
  g_assert_cmpuint (month->leave->len, ==, 5);     /* the demo's leave in November */
  model = kd_roster_shop_build_model (month, &error);
  g_assert_no_error (error);
  g_assert_cmpint (model->n_days, ==, 30);

  g_assert_false (kd_roster_repo_add_leave (f->conn, 3, "2026-13-01", "", &error));
  g_assert_error (error, KD_STORE_ERROR, KD_STORE_ERROR_INVALID);
}

static int
run_cli (const char *first, ...)
{
  GPtrArray *args = g_ptr_array_new ();
  va_list ap;
  int rc;

  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  {
    /* g_option_context_parse may rearrange argv: give it a copy. */
    g_auto(GStrv) argv = g_strdupv ((char **) args->pdata);
    g_autofree char **view = g_memdup2 (argv, sizeof (char *) * args->len);
    rc = kd_cli_run (args->len - 1, view);
  }
  g_ptr_array_unref (args);
  return rc;
}

/* The demo month is filled with no violation, a locked cell survives, and
 * the next month continues from it. */
static void
test_cli_solve_demo (Fixture *f, gconstpointer data)
{
  g_autoptr(KdStaff) agent = kd_staff_repo_find_by_job_number (f->conn, "3", NULL);
  g_autoptr(GPtrArray) templates = kd_roster_repo_list_templates (f->conn, NULL);
  gint64 night_id = ((KdShiftTemplate *) g_ptr_array_index (templates, 1))->id;
  g_autoptr(KdRosterMonth) month = NULL;
  g_autoptr(KdRosterModel) model = NULL;
  g_autoptr(KdRoster) roster = NULL;
  g_autoptr(KdRosterScore) score = NULL;
  int n_rostered;
  gint64 t0;

  g_assert_true (kd_roster_repo_set_assignment (f->conn, kd_staff_get_id (agent), "2026-12-24",
                                                night_id, TRUE, NULL));
  release (f);  /* the CLI opens the file itself */

  /* Step budgets, with the seconds only a generous cap: December and so
   * January's start are then the same on every machine, however slow or
   * busy, and both months are found feasible early in the budget. */
  t0 = g_get_monotonic_time ();
  g_assert_cmpint (run_cli ("roster", "solve", "--db", f->path, "--month", "2026-12",
                            "--seconds", "600", "--iterations", "100000", NULL), ==, 0);
  g_test_message ("roster solve 2026-12 on the demo: %.2f s", (g_get_monotonic_time () - t0) / 1e6);
  t0 = g_get_monotonic_time ();
  g_assert_cmpint (run_cli ("roster", "solve", "--db", f->path, "--month", "2027-01",
                            "--seconds", "600", "--iterations", "100000", NULL), ==, 0);
  g_test_message ("roster solve 2027-01 on the demo: %.2f s", (g_get_monotonic_time () - t0) / 1e6);
  g_assert_cmpint (run_cli ("roster", "solve", "--db", f->path, "--month", "2026-1", NULL), ==, 2);
  g_assert_cmpint (run_cli ("roster", "frobnicate", NULL), ==, 2);

  acquire (f);
  month = kd_roster_repo_load_month (f->conn, 2027, 1, NULL);
  n_rostered = month->staff->len;
  g_assert_cmpint (kd_roster_repo_count_month (f->conn, 2026, 12, NULL), ==, n_rostered * 31);
  g_assert_cmpint (kd_roster_repo_count_month (f->conn, 2027, 1, NULL), ==, n_rostered * 31);

  /* Read the stored January back and check it, December's tail included. */
  for (guint i = 0; i < month->assignments->len; i++)
    g_array_index (month->assignments, KdRosterAssignment, i).locked = TRUE;
  model = kd_roster_shop_build_model (month, NULL);
  roster = kd_roster_new (model);
  kd_roster_apply_locks (roster, model);
  score = kd_roster_evaluate (model, roster);
  g_assert_cmpint (score->hard_count, ==, 0);

  /* The locked night of 24 December is still there. */
  {
    g_autoptr(KdRosterMonth) dec = kd_roster_repo_load_month (f->conn, 2026, 12, NULL);
    gboolean found = FALSE;
    for (guint i = 0; i < dec->assignments->len; i++)
      {
        KdRosterAssignment *a = &g_array_index (dec->assignments, KdRosterAssignment, i);
        if (a->staff_id == kd_staff_get_id (agent) && g_date_get_day (&a->day) == 24
            && g_date_get_month (&a->day) == 12)
          {
            g_assert_cmpint (a->shift_id, ==, night_id);
            g_assert_true (a->locked);
            found = TRUE;
          }
      }
    g_assert_true (found);
  }

  /* Staff with roster history are deactivated, not deleted. */
  g_assert_cmpint (kd_staff_repo_remove (f->conn, agent, NULL), ==, KD_STAFF_REMOVAL_DEACTIVATED);
}

/* Too few people: exit 1, the day and shift named, nothing written. */
static void
test_cli_infeasible (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) staff = kd_staff_repo_list (f->conn, FALSE, NULL);

  for (guint i = 0; i < staff->len; i++)
    {
      KdStaff *s = g_ptr_array_index (staff, i);
      for (int d = 1; d <= 31; d++)
        {
          g_autofree char *day = g_strdup_printf ("2026-12-%02d", d);
          if (i >= 5 && d == 12)
            g_assert_true (kd_roster_repo_add_leave (f->conn, kd_staff_get_id (s), day, "年会", NULL));
        }
    }
  release (f);

  g_assert_cmpint (run_cli ("roster", "solve", "--db", f->path, "--month", "2026-12", NULL), ==, 1);

  acquire (f);
  g_assert_cmpint (kd_roster_repo_count_month (f->conn, 2026, 12, NULL), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/roster/repo/defaults", Fixture, NULL, fixture_setup, test_defaults, fixture_teardown);
  g_test_add ("/roster/repo/load-month", Fixture, NULL, fixture_setup, test_load_month, fixture_teardown);
  g_test_add ("/roster/repo/cli-solve-demo", Fixture, NULL, fixture_setup, test_cli_solve_demo, fixture_teardown);
  g_test_add ("/roster/repo/cli-infeasible", Fixture, NULL, fixture_setup, test_cli_infeasible, fixture_teardown);
  return g_test_run ();
}
