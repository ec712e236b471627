/* test-roster-colgen.c: column generation and dives — rows meet their rules, locks and kept rows stay, known optima are reached. */
#include "kd-nsp-loader.h"
#include "kd-roster-colgen.h"
#include "kd-roster-eval.h"
#include "kd-roster-solver.h"

#include <math.h>

/* A fortnight, five people, an early (E, 8 h) and a late (L, 8 h) shift;
 * no early after a late. One to three on the early, two on the late: more
 * than five people can work, so some places stay empty; requests both
 * ways. Written for these tests. */
static const char small_instance[] =
  "SECTION_HORIZON\n14\n\n"
  "SECTION_SHIFTS\nE,480,\nL,480,E\n\n"
  "SECTION_STAFF\n"
  "A,E=14|L=14,4800,2880,5,2,2,2\n"
  "B,E=14|L=14,4800,2880,5,2,2,2\n"
  "C,E=14|L=6,4800,2880,5,2,2,2\n"
  "D,E=0|L=14,4800,2880,5,2,2,2\n"
  "E,E=14|L=14,4800,2880,5,2,2,1\n\n"
  "SECTION_DAYS_OFF\nA,3\nD,10,11\n\n"
  "SECTION_SHIFT_ON_REQUESTS\nB,0,E,3\nC,5,E,2\nE,8,L,1\n\n"
  "SECTION_SHIFT_OFF_REQUESTS\nA,1,E,2\nB,6,L,3\nD,2,L,1\n\n"
  "SECTION_COVER\n"
  "0,E,2,100,1\n0,L,2,100,1\n1,E,2,100,1\n1,L,2,100,1\n2,E,2,100,1\n2,L,2,100,1\n"
  "3,E,1,100,1\n3,L,2,100,1\n4,E,2,100,1\n4,L,2,100,1\n5,E,3,100,1\n5,L,2,100,1\n"
  "6,E,1,100,1\n6,L,2,100,1\n7,E,2,100,1\n7,L,2,100,1\n8,E,2,100,1\n8,L,2,100,1\n"
  "9,E,1,100,1\n9,L,2,100,1\n10,E,2,100,1\n10,L,2,100,1\n11,E,2,100,1\n11,L,2,100,1\n"
  "12,E,1,100,1\n12,L,2,100,1\n13,E,1,100,1\n13,L,2,100,1\n";

static KdRosterModel *
load_small (void)
{
  g_autoptr(GError) error = NULL;
  KdRosterModel *m = kd_nsp_load_data (small_instance, "small", &error);

  g_assert_no_error (error);
  return m;
}

static gint64
far_deadline (void)
{
  /* Generous: sanitizers and a busy core slow everything down, and these
   * tests are about what is found, not how fast. */
  return g_get_monotonic_time () + 120 * G_USEC_PER_SEC;
}

static void
assert_rows_meet_rules (const KdRosterModel *m, const KdRoster *r)
{
  for (int p = 0; p < m->n_persons; p++)
    {
      KdRosterRowCost rc;

      kd_roster_eval_row (m, p, r->cells + (gsize) p * m->n_days, &rc, NULL);
      g_assert_cmpint (rc.hard_mag, ==, 0);
    }
}

/* A full dive from the greedy start: every row meets its person's own
 * rules, and the roster scores no worse than the LP's best rows can. */
static void
test_dive_rows (void)
{
  g_autoptr(KdRosterModel) m = load_small ();
  g_autoptr(KdRoster) start = kd_roster_construct (m);
  g_autoptr(KdRoster) r = kd_roster_new (m);
  g_autoptr(KdRosterScore) s0 = kd_roster_evaluate (m, start);
  g_autoptr(KdRosterScore) s1 = NULL;
  KdColgen *cg = kd_colgen_new (m, 1);

  kd_colgen_add_roster (cg, start->cells);
  g_assert_true (kd_colgen_run (cg, far_deadline (), NULL, NULL));
  /* Generation added rows and the mix is at least as good as the start. */
  g_assert_cmpint (kd_colgen_n_priced (cg), >, 0);
  g_assert_cmpfloat (kd_colgen_lp_value (cg), <=, (double) s0->soft_total + 100000.0 * s0->hard_magnitude);
  g_assert_true (kd_colgen_dive (cg, NULL, NULL, far_deadline (), NULL, NULL, r->cells));
  assert_rows_meet_rules (m, r);
  s1 = kd_roster_evaluate (m, r);
  g_test_message ("start %" G_GINT64_FORMAT "/%d, dive %" G_GINT64_FORMAT ", LP %.2f",
                  s0->soft_total, s0->hard_count, s1->soft_total, kd_colgen_lp_value (cg));
  g_assert_cmpint (s1->hard_count, ==, 0);
  /* A dive ends on whole rows, so it cannot beat the LP's mix. */
  g_assert_cmpfloat ((double) s1->soft_total, >=, kd_colgen_lp_value (cg) - 1e-6);
  kd_colgen_free (cg);
}

/* A dive that keeps some people leaves their rows exactly as they were;
 * locked cells never move. */
static void
test_dive_keeps_rows_and_locks (void)
{
  g_autoptr(KdRosterModel) m = load_small ();
  g_autoptr(KdRoster) start = NULL;
  g_autoptr(KdRoster) r = kd_roster_new (m);
  gboolean keep[5] = { TRUE, FALSE, TRUE, FALSE, FALSE };
  KdColgen *cg;

  /* Person B is locked to a late shift on day 9, E to off on day 4. */
  m->locked[1 * m->n_days + 9] = 1;
  m->locked[4 * m->n_days + 4] = KD_ROSTER_OFF;
  start = kd_roster_construct (m);
  cg = kd_colgen_new (m, 7);
  kd_colgen_add_roster (cg, start->cells);
  g_assert_true (kd_colgen_dive (cg, start->cells, keep, far_deadline (), NULL, NULL, r->cells));
  for (int p = 0; p < 5; p++)
    if (keep[p])
      g_assert_cmpmem (r->cells + p * m->n_days, m->n_days, start->cells + p * m->n_days, m->n_days);
  g_assert_cmpint (kd_roster_get (r, 1, 9), ==, 1);
  g_assert_cmpint (kd_roster_get (r, 4, 4), ==, KD_ROSTER_OFF);
  for (int p = 0; p < 5; p++)
    if (!keep[p])
      {
        KdRosterRowCost rc;
        kd_roster_eval_row (m, p, r->cells + (gsize) p * m->n_days, &rc, NULL);
        g_assert_cmpint (rc.hard_mag, ==, 0);
      }
  /* Everyone is free again: a full dive may change the kept rows. */
  g_assert_true (kd_colgen_dive (cg, NULL, NULL, far_deadline (), NULL, NULL, r->cells));
  g_assert_cmpint (kd_roster_get (r, 1, 9), ==, 1);
  g_assert_cmpint (kd_roster_get (r, 4, 4), ==, KD_ROSTER_OFF);
  assert_rows_meet_rules (m, r);
  kd_colgen_free (cg);
}

/* A stop that is already set ends a dive at once, with no roster; a
 * neighbourhood dive that keeps everyone but one person from a feasible
 * roster can only rebuild that person's row, and never makes it break a
 * rule of its own. */
static void
test_stop_and_one_free (void)
{
  g_autoptr(KdRosterModel) m = load_small ();
  g_autoptr(KdRoster) start = NULL;
  g_autoptr(KdRoster) r = kd_roster_new (m);
  g_autoptr(KdRosterScore) s0 = NULL;
  gboolean keep[5] = { TRUE, TRUE, FALSE, TRUE, TRUE };
  KdRosterSolverOptions o;
  KdColgen *cg;
  gint stop = 1;

  /* A feasible start from a short step-budget solve. */
  kd_roster_solver_options_init (&o);
  o.seconds = 0;
  o.max_iterations = 20000;
  o.n_threads = 1;
  start = kd_roster_solve (m, &o, NULL, NULL, NULL);
  s0 = kd_roster_evaluate (m, start);
  g_assert_cmpint (s0->hard_count, ==, 0);

  cg = kd_colgen_new (m, 3);
  kd_colgen_add_roster (cg, start->cells);
  g_assert_false (kd_colgen_dive (cg, NULL, NULL, far_deadline (), &stop, NULL, r->cells));
  g_assert_true (kd_colgen_dive (cg, start->cells, keep, far_deadline (), NULL, NULL, r->cells));
  for (int p = 0; p < 5; p++)
    if (p != 2)
      g_assert_cmpmem (r->cells + p * m->n_days, m->n_days, start->cells + p * m->n_days, m->n_days);
  assert_rows_meet_rules (m, r);
  kd_colgen_free (cg);
}

/* Instance 1 of the benchmark (optimum 607): ten dives from the greedy
 * start, never below the optimum, the best within 1 % of it. */
static void
test_instance1 (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("KD_SOURCE_ROOT"), "..", "shared", "benchmarks",
                                            "nsp", "Instance1.txt", NULL);
  g_autoptr(KdRosterModel) m = NULL;
  g_autoptr(KdRoster) start = NULL;
  g_autoptr(KdRoster) r = NULL;
  g_autoptr(KdRosterScore) s = NULL;
  gint64 best = G_MAXINT64;
  KdColgen *cg;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("the benchmark instances (../shared/benchmarks/nsp) are not here");
      return;
    }
  m = kd_nsp_load_file (path, NULL);
  g_assert_nonnull (m);
  start = kd_roster_construct (m);
  r = kd_roster_new (m);
  cg = kd_colgen_new (m, 1);
  kd_colgen_add_roster (cg, start->cells);
  /* Dives after the first draw their choices at random (from the seed):
   * as the solver does, repeat and keep the best. */
  for (int dive = 0; dive < 10; dive++)
    {
      g_assert_true (kd_colgen_dive (cg, NULL, NULL, far_deadline (), NULL, NULL, r->cells));
      s = kd_roster_evaluate (m, r);
      g_assert_cmpint (s->hard_count, ==, 0);
      g_assert_cmpint (s->soft_total, >=, 607);
      g_test_message ("dive %d: %" G_GINT64_FORMAT, dive, s->soft_total);
      best = MIN (best, s->soft_total);
      g_clear_pointer (&s, kd_roster_score_free);
    }
  /* Within 1 % of the optimum on their own (the annealing polishes the
   * rest in the solver). */
  g_assert_cmpint (best, <=, 613);
  kd_colgen_free (cg);
}

static KdRosterModel *
load_instance (int i)
{
  g_autofree char *name = g_strdup_printf ("Instance%d.txt", i);
  g_autofree char *path = g_build_filename (g_getenv ("KD_SOURCE_ROOT"), "..", "shared", "benchmarks",
                                            "nsp", name, NULL);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return NULL;
  return kd_nsp_load_file (path, NULL);
}

/* Exact generation gives a lower bound: never above the optimum
 * (instances 1–4: 607, 828, 1001, 1716), and on 2–4 the optimum itself
 * once rounded up. */
static void
test_lower_bound (void)
{
  static const int optimum[] = { 0, 607, 828, 1001, 1716 };

  for (int i = 1; i <= 4; i++)
    {
      g_autoptr(KdRosterModel) m = load_instance (i);
      g_autoptr(KdRoster) start = NULL;
      KdColgen *cg;
      double bound;

      if (m == NULL)
        {
          g_test_skip ("the benchmark instances (../shared/benchmarks/nsp) are not here");
          return;
        }
      start = kd_roster_construct (m);
      cg = kd_colgen_new (m, 1);
      g_assert_cmpfloat (kd_colgen_lower_bound (cg), <, 0);
      kd_colgen_add_roster (cg, start->cells);
      g_assert_true (kd_colgen_run (cg, far_deadline (), NULL, NULL));
      bound = kd_colgen_lower_bound (cg);
      g_test_message ("instance %d: bound %.3f, optimum %d", i, bound, optimum[i]);
      g_assert_cmpfloat (bound, >=, 0);
      g_assert_cmpfloat (bound, <=, optimum[i] + 1e-6);
      if (i >= 2)
        g_assert_cmpfloat (ceil (bound - 1e-6), ==, optimum[i]);
      kd_colgen_free (cg);
    }
}

/* Under a time budget the solver stops once a roster meets the proven
 * bound: instance 2 ends at its optimum long before a minute is up. */
static void
test_solver_stops_at_bound (void)
{
  g_autoptr(KdRosterModel) m = load_instance (2);
  g_autoptr(KdRoster) r = NULL;
  g_autoptr(KdRosterScore) s = NULL;
  KdRosterSolverOptions o;
  gint64 t0;

  if (m == NULL)
    {
      g_test_skip ("the benchmark instances (../shared/benchmarks/nsp) are not here");
      return;
    }
  kd_roster_solver_options_init (&o);
  o.seconds = 60;
  o.n_threads = 2;
  t0 = g_get_monotonic_time ();
  r = kd_roster_solve (m, &o, NULL, NULL, NULL);
  s = kd_roster_evaluate (m, r);
  g_test_message ("instance 2: %" G_GINT64_FORMAT " in %.2f s", s->soft_total,
                  (g_get_monotonic_time () - t0) / 1e6);
  g_assert_cmpint (s->hard_count, ==, 0);
  g_assert_cmpint (s->soft_total, ==, 828);
  /* The dives start at 5 % of the budget (3 s); sanitizers slow the rest. */
  g_assert_cmpint (g_get_monotonic_time () - t0, <, 30 * G_USEC_PER_SEC);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/roster/colgen/dive-rows", test_dive_rows);
  g_test_add_func ("/roster/colgen/keeps-rows-and-locks", test_dive_keeps_rows_and_locks);
  g_test_add_func ("/roster/colgen/stop-and-one-free", test_stop_and_one_free);
  g_test_add_func ("/roster/colgen/instance1", test_instance1);
  g_test_add_func ("/roster/colgen/lower-bound", test_lower_bound);
  g_test_add_func ("/roster/colgen/solver-stops-at-bound", test_solver_stops_at_bound);
  return g_test_run ();
}
