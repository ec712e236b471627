/* test-roster-nsp.c: the Curtois & Qu loader on every benchmark file, and the objective of a known roster. */
#include <stdlib.h>

#include "kd-error.h"
#include "kd-nsp-loader.h"
#include "kd-roster-solver.h"

static char *
nsp_dir (void)
{
  const char *root = g_getenv ("KD_SOURCE_ROOT");
  char *dir;

  if (root == NULL)
    return NULL;
  dir = g_build_filename (root, "..", "shared", "benchmarks", "nsp", NULL);
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_free (dir);
      return NULL;
    }
  return dir;
}

/* Every instance loads with the sizes best_known.csv gives for it. */
static void
test_load_all (void)
{
  g_autofree char *dir = nsp_dir ();
  g_autofree char *csv_path = NULL;
  g_autofree char *csv = NULL;
  g_auto(GStrv) lines = NULL;
  int loaded = 0;

  if (dir == NULL)
    {
      g_test_skip ("the benchmark instances (../shared/benchmarks/nsp) are not here");
      return;
    }
  csv_path = g_build_filename (dir, "best_known.csv", NULL);
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  lines = g_strsplit (csv, "\n", -1);
  for (int i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) f = g_strsplit (lines[i], ",", -1);
      g_autofree char *file = NULL;
      g_autofree char *path = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(KdRosterModel) m = NULL;
      g_autoptr(KdRoster) r = NULL;
      g_autoptr(KdRosterScore) score = NULL;

      if (g_strv_length (f) < 6)
        continue;
      file = g_strconcat (f[0], ".txt", NULL);
      path = g_build_filename (dir, file, NULL);
      m = kd_nsp_load_file (path, &error);
      g_assert_no_error (error);
      g_assert_nonnull (m);
      g_assert_cmpint (m->n_days, ==, atoi (f[1]));
      g_assert_cmpint (m->n_persons, ==, atoi (f[2]));
      g_assert_cmpint (m->n_shifts, ==, atoi (f[3]));
      /* An empty roster breaks only minimum rules and costs the under-cover. */
      r = kd_roster_new (m);
      score = kd_roster_evaluate (m, r);
      g_assert_cmpint (score->soft[KD_SOFT_OVER_COVER], ==, 0);
      g_assert_cmpint (score->soft[KD_SOFT_UNDER_COVER], >, 0);
      loaded++;
    }
  g_assert_cmpint (loaded, ==, 24);
}

static void
test_load_errors (void)
{
  g_autoptr(GError) error = NULL;
  KdRosterModel *m;

  m = kd_nsp_load_data ("SECTION_HORIZON\n14\n\nSECTION_SHIFTS\nD,480,\n\nSECTION_STAFF\nA,D=14,4320,3360,5,2,2\n",
                        "bad.txt", &error);
  g_assert_null (m);
  g_assert_error (error, KD_CORE_ERROR, KD_CORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "bad.txt:8"));
  g_clear_error (&error);

  m = kd_nsp_load_data ("SECTION_HORIZON\n14\n\nSECTION_SHIFTS\nD,480,X\n\nSECTION_STAFF\nA,D=14,4320,3360,5,2,2,1\n",
                        "bad2.txt", &error);
  g_assert_null (m);
  g_assert_nonnull (strstr (error->message, "bad2.txt:5"));
}

/* Reads a roster CSV in the benchmark's output format. */
static KdRoster *
read_roster_csv (const KdRosterModel *m, const char *path)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  KdRoster *r = kd_roster_new (m);

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (int i = 1; lines[i] != NULL && *lines[i] != '\0'; i++)
    {
      g_auto(GStrv) f = g_strsplit (lines[i], ",", -1);
      int p = kd_roster_model_find_person (m, f[0]);

      g_assert_cmpint (p, >=, 0);
      for (int d = 0; d < m->n_days && f[d + 1] != NULL; d++)
        kd_roster_set (r, p, d, *f[d + 1] ? kd_roster_model_find_shift (m, f[d + 1]) : KD_ROSTER_OFF);
    }
  return r;
}

/* An optimal roster of Instance1 scores the best-known 607, and writing it
 * back out gives the same file. */
static void
test_instance1_optimal (void)
{
  g_autofree char *dir = nsp_dir ();
  g_autofree char *path = NULL;
  g_autofree char *roster_path = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *written = NULL;
  g_autoptr(KdRosterModel) m = NULL;
  g_autoptr(KdRoster) r = NULL;
  g_autoptr(KdRosterScore) score = NULL;

  if (dir == NULL)
    {
      g_test_skip ("the benchmark instances are not here");
      return;
    }
  path = g_build_filename (dir, "Instance1.txt", NULL);
  m = kd_nsp_load_file (path, NULL);
  g_assert_nonnull (m);
  roster_path = g_build_filename (g_getenv ("KD_SOURCE_ROOT"), "tests", "data", "nsp-instance1-607.csv", NULL);
  r = read_roster_csv (m, roster_path);
  score = kd_roster_evaluate (m, r);
  g_assert_cmpint (score->hard_count, ==, 0);
  g_assert_cmpint (score->soft_total, ==, 607);
  g_assert_cmpint (score->soft[KD_SOFT_UNDER_COVER], ==, 600);

  g_assert_true (g_file_get_contents (roster_path, &expected, NULL, NULL));
  written = kd_nsp_roster_to_csv (m, r);
  g_assert_cmpstr (written, ==, expected);

  /* One changed cell: the evaluator follows (day 10 needs 2, A works it). */
  {
    g_autoptr(KdRosterScore) s2 = NULL;
    int p = 0, d = 10;
    int old = kd_roster_get (r, p, d);

    kd_roster_set (r, p, d, old == KD_ROSTER_OFF ? 0 : KD_ROSTER_OFF);
    s2 = kd_roster_evaluate (m, r);
    g_assert_true (s2->hard_count > 0 || s2->soft_total != 607);
  }
}

/* A short solve of Instance1 is feasible and near the optimum (the
 * benchmark runs the long ones). A step budget, not seconds: the outcome
 * must not depend on how fast the machine is. */
static void
test_instance1_solve (void)
{
  g_autofree char *dir = nsp_dir ();
  g_autofree char *path = NULL;
  g_autoptr(KdRosterModel) m = NULL;
  g_autoptr(KdRoster) r = NULL;
  g_autoptr(KdRosterScore) score = NULL;
  KdRosterSolverOptions o;

  if (dir == NULL)
    {
      g_test_skip ("the benchmark instances are not here");
      return;
    }
  path = g_build_filename (dir, "Instance1.txt", NULL);
  m = kd_nsp_load_file (path, NULL);
  kd_roster_solver_options_init (&o);
  o.seconds = 0;
  o.max_iterations = 200000;
  o.n_threads = 2;
  o.target_soft = 607;
  r = kd_roster_solve (m, &o, NULL, NULL, NULL);
  score = kd_roster_evaluate (m, r);
  g_assert_cmpint (score->hard_count, ==, 0);
  g_test_message ("Instance1 in 200000 steps: %" G_GINT64_FORMAT, score->soft_total);
  g_assert_cmpint (score->soft_total, <, 700);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/roster/nsp/load-all", test_load_all);
  g_test_add_func ("/roster/nsp/load-errors", test_load_errors);
  g_test_add_func ("/roster/nsp/instance1-optimal", test_instance1_optimal);
  g_test_add_func ("/roster/nsp/instance1-solve", test_instance1_solve);
  return g_test_run ();
}
