/* test-roster-repo.c: roster tables, the demo's roster data, and `kefu-desk roster solve` on the demo. */
#include <glib/gstdio.h>

#include "kd-cli.h"
#include "kd-clock.h"
#include "kd-demo.h"
#include "kd-error.h"
#include "kd-roster-sheet.h"
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
  if (data == NULL)
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

/* The demo: at least 9 rostered agents, and November (the clock's month)
 * and December complete and meeting every rule, the promotion included. */
static void
test_demo_rostered (Fixture *f, gconstpointer data)
{
  for (int k = 0; k < 2; k++)
    {
      int y = 2026, m = 11 + k;
      g_autoptr(KdRosterMonth) month = kd_roster_repo_load_month (f->conn, y, m, NULL);
      g_autoptr(KdRosterSheet) sheet = NULL;
      int n;

      g_assert_nonnull (month);
      n = month->staff->len;
      g_assert_cmpint (n, >=, 9);
      g_assert_cmpint (kd_roster_repo_count_month (f->conn, y, m, NULL), ==, n * g_date_get_days_in_month (m, y));
      sheet = kd_roster_sheet_new (g_steal_pointer (&month), NULL);
      for (int i = 0; i < sheet->n_persons * sheet->n_days; i++)
        g_assert_cmpint (sheet->cells[i], !=, KD_SHEET_EMPTY);
      if (sheet->score->hard_count > 0)
        g_error ("%s", (char *) g_ptr_array_index (sheet->messages, 0));
      g_assert_cmpint (sheet->score->hard_count, ==, 0);
      if (k == 1)
        {
          g_assert_cmpuint (sheet->month->special_days->len, ==, 1);
          g_assert_cmpint (sheet->required[10 * sheet->n_shifts + 0], ==, 3);
          g_assert_cmpint (sheet->cover[10 * sheet->n_shifts + 0], >=, 3);
        }
    }
}

/* Grid writes: a shift, a locked day off, a cell cleared; all in one
 * transaction, so a bad cell writes none. */
static void
test_set_cells (Fixture *f, gconstpointer data)
{
  g_autoptr(KdStaff) agent = kd_staff_repo_find_by_job_number (f->conn, "3", NULL);
  g_autoptr(GPtrArray) templates = kd_roster_repo_list_templates (f->conn, NULL);
  gint64 day_id = ((KdShiftTemplate *) g_ptr_array_index (templates, 0))->id;
  KdRosterCellWrite w[3] = { { 0 } };
  g_autoptr(GError) error = NULL;

  for (int i = 0; i < 3; i++)
    {
      w[i].staff_id = kd_staff_get_id (agent);
      g_date_clear (&w[i].day, 1);
      g_date_set_dmy (&w[i].day, i + 1, 12, 2026);
    }
  w[0].shift_id = day_id;
  w[1].locked = TRUE;
  g_assert_true (kd_roster_repo_set_cells (f->conn, w, 2, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kd_roster_repo_count_month (f->conn, 2026, 12, NULL), ==, 2);
  {
    g_autoptr(KdRosterMonth) mo = kd_roster_repo_load_month (f->conn, 2026, 12, NULL);
    g_autoptr(KdRosterSheet) sheet = kd_roster_sheet_new (g_steal_pointer (&mo), NULL);
    int p = kd_roster_sheet_find_person (sheet, kd_staff_get_id (agent));

    g_assert_cmpint (kd_roster_sheet_get (sheet, p, 0), ==, 0);
    g_assert_cmpint (kd_roster_sheet_get (sheet, p, 1), ==, KD_ROSTER_OFF);
    g_assert_true (kd_roster_sheet_is_locked (sheet, p, 1));
    g_assert_false (kd_roster_sheet_is_locked (sheet, p, 0));
    g_assert_cmpint (kd_roster_sheet_get (sheet, p, 2), ==, KD_SHEET_EMPTY);
  }
  /* Clear the first; the third names a shift that does not exist: nothing changes. */
  w[0].clear = TRUE;
  w[2].shift_id = 999999;
  g_assert_false (kd_roster_repo_set_cells (f->conn, w, 3, NULL));
  g_assert_cmpint (kd_roster_repo_count_month (f->conn, 2026, 12, NULL), ==, 2);
  g_assert_true (kd_roster_repo_set_cells (f->conn, w, 1, NULL));
  g_assert_cmpint (kd_roster_repo_count_month (f->conn, 2026, 12, NULL), ==, 1);
}

static void
test_templates_and_special_days (Fixture *f, gconstpointer data)
{
  g_autoptr(KdShiftTemplate) m = kd_shift_template_new ("M", "午夜", "#e01b24", 0, 120, 0, FALSE);
  g_autoptr(KdShiftTemplate) bad = kd_shift_template_new ("MM", "午夜", "#e01b24", 0, 120, 0, FALSE);
  g_autoptr(GPtrArray) templates = NULL;
  g_autoptr(KdSpecialDay) d11 = NULL;
  g_autoptr(GError) error = NULL;
  KdShiftTemplate *day;
  KdDayRequirement req[2];
  GDate date;

  m->required_on[5] = 1;   /* Saturdays */
  g_assert_true (kd_roster_repo_save_template (f->conn, m, &error));
  g_assert_no_error (error);
  g_assert_cmpint (m->id, >, 0);
  g_assert_false (kd_roster_repo_save_template (f->conn, bad, &error));
  g_assert_error (error, KD_VALIDATION_ERROR, KD_SHIFT_FIELD_CODE);
  g_clear_error (&error);

  templates = kd_roster_repo_list_templates (f->conn, NULL);
  g_assert_cmpuint (templates->len, ==, 4);
  g_assert_cmpstr (((KdShiftTemplate *) g_ptr_array_index (templates, 3))->code, ==, "M");
  g_assert_cmpint (((KdShiftTemplate *) g_ptr_array_index (templates, 3))->required_on[5], ==, 1);
  g_assert_cmpint (((KdShiftTemplate *) g_ptr_array_index (templates, 3))->required_on[4], ==, -1);
  day = g_ptr_array_index (templates, 0);
  day->required_on[6] = 1;
  day->required = 3;
  g_assert_true (kd_roster_repo_save_template (f->conn, day, NULL));

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 11, 11, 2026);
  d11 = kd_special_day_new (&date, "双11", KD_SPECIAL_PROMOTION);
  req[0] = (KdDayRequirement) { date, m->id, 5 };
  req[1] = (KdDayRequirement) { date, day->id, 4 };
  g_assert_true (kd_roster_repo_set_special_day (f->conn, d11, req, 2, NULL));
  {
    g_autoptr(KdRosterMonth) mo = kd_roster_repo_load_month (f->conn, 2026, 11, NULL);
    g_autoptr(KdRosterSheet) sheet = kd_roster_sheet_new (g_steal_pointer (&mo), NULL);
    int S = sheet->n_shifts;

    g_assert_cmpint (S, ==, 4);
    g_assert_cmpuint (sheet->month->special_days->len, ==, 1);
    g_assert_cmpint (sheet->required[10 * S + 3], ==, 5);
    g_assert_cmpint (sheet->required[10 * S + 0], ==, 4);
    g_assert_cmpint (sheet->required[9 * S + 3], ==, 0);
    /* 1 November 2026 is a Sunday, the 7th a Saturday, the 9th a Monday. */
    g_assert_cmpint (sheet->required[0 * S + 0], ==, 1);
    g_assert_cmpint (sheet->required[6 * S + 3], ==, 1);
    g_assert_cmpint (sheet->required[8 * S + 0], ==, 3);
  }
  g_assert_true (kd_roster_repo_remove_special_day (f->conn, &date, NULL));
  {
    g_autoptr(KdRosterMonth) mo = kd_roster_repo_load_month (f->conn, 2026, 11, NULL);
    g_assert_cmpuint (mo->special_days->len, ==, 0);
    g_assert_cmpuint (mo->day_required->len, ==, 0);
  }
}

/* At 00:30 on 1 December the night of 30 November is on duty, not the
 * day shift of the 1st, and nobody whose night it is on the 1st. */
static void
test_on_duty_after_midnight (Fixture *f, gconstpointer data)
{
  g_autoptr(KdStaff) a = kd_staff_repo_find_by_job_number (f->conn, "3", NULL);
  g_autoptr(KdStaff) b = kd_staff_repo_find_by_job_number (f->conn, "5", NULL);
  g_autoptr(KdStaff) c = kd_staff_repo_find_by_job_number (f->conn, "6", NULL);
  g_autoptr(GPtrArray) templates = kd_roster_repo_list_templates (f->conn, NULL);
  gint64 day_id = ((KdShiftTemplate *) g_ptr_array_index (templates, 0))->id;
  gint64 night_id = ((KdShiftTemplate *) g_ptr_array_index (templates, 1))->id;
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Asia/Shanghai");
  g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 ("2026-12-01T00:30:00", tz);
  g_autoptr(GDateTime) later = g_date_time_new_from_iso8601 ("2026-12-01T08:30:00", tz);
  g_autoptr(GDateTime) utc = g_date_time_to_utc (at);
  g_autoptr(GPtrArray) on = NULL;

  g_assert_true (kd_roster_repo_set_assignment (f->conn, kd_staff_get_id (a), "2026-11-30", night_id, FALSE, NULL));
  g_assert_true (kd_roster_repo_set_assignment (f->conn, kd_staff_get_id (b), "2026-12-01", day_id, FALSE, NULL));
  g_assert_true (kd_roster_repo_set_assignment (f->conn, kd_staff_get_id (c), "2026-12-01", night_id, FALSE, NULL));

  /* Given in UTC (16:30 on 30 November): the answer is about local time. */
  on = kd_roster_repo_on_duty (f->conn, utc, NULL);
  g_assert_nonnull (on);
  g_assert_cmpuint (on->len, ==, 1);
  g_assert_cmpstr (((KdOnDuty *) g_ptr_array_index (on, 0))->job_number, ==, "3");
  g_assert_cmpstr (((KdOnDuty *) g_ptr_array_index (on, 0))->shift_code, ==, "N");
  g_assert_cmpint (g_date_get_day (&((KdOnDuty *) g_ptr_array_index (on, 0))->day), ==, 30);
  g_ptr_array_unref (g_steal_pointer (&on));

  on = kd_roster_repo_on_duty (f->conn, later, NULL);
  g_assert_cmpuint (on->len, ==, 1);
  g_assert_cmpstr (((KdOnDuty *) g_ptr_array_index (on, 0))->job_number, ==, "5");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/roster/repo/defaults", Fixture, NULL, fixture_setup, test_defaults, fixture_teardown);
  g_test_add ("/roster/repo/load-month", Fixture, NULL, fixture_setup, test_load_month, fixture_teardown);
  g_test_add ("/roster/repo/cli-solve-demo", Fixture, NULL, fixture_setup, test_cli_solve_demo, fixture_teardown);
  g_test_add ("/roster/repo/cli-infeasible", Fixture, NULL, fixture_setup, test_cli_infeasible, fixture_teardown);
  g_test_add ("/roster/repo/demo-rostered", Fixture, "keep", fixture_setup, test_demo_rostered, fixture_teardown);
  g_test_add ("/roster/repo/set-cells", Fixture, NULL, fixture_setup, test_set_cells, fixture_teardown);
  g_test_add ("/roster/repo/templates-special-days", Fixture, NULL, fixture_setup, test_templates_and_special_days, fixture_teardown);
  g_test_add ("/roster/repo/on-duty-after-midnight", Fixture, NULL, fixture_setup, test_on_duty_after_midnight, fixture_teardown);
  return g_test_run ();
}
