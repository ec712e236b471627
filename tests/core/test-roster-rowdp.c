/* test-roster-rowdp.c: the row DP against brute force on small random rows, and the month-end term by hand. */
#include "kd-roster-test-util.h"
#include "kd-roster-rowdp.h"

#define DAYS   8
#define SHIFTS 2

/* Every row of 8 days over {off, S0, S1} is tried: the DP's row must meet
 * every rule and cost exactly the least any such row costs. */
static void
test_brute_force (void)
{
  for (guint seed = 1; seed <= 300; seed++)
    {
      GRand *rand = g_rand_new_with_seed (seed);
      g_autoptr(KdRosterModel) m = kd_roster_model_new (DAYS, 1, SHIFTS, 3);
      KdRosterPerson *pe = &m->persons[0];
      double cell_cost[DAYS * (SHIFTS + 1)];
      double per_shift[SHIFTS] = { 0, 0 };
      KdRowDpPrices prices = { 0, 0, 0, per_shift };
      KdRowDp *dp;
      gint8 dp_row[DAYS];
      double best = G_MAXDOUBLE;
      gboolean found, ok;

      for (int s = 0; s < SHIFTS; s++)
        m->shifts[s].length = 480;
      for (int i = 0; i < SHIFTS * SHIFTS; i++)
        m->forbidden[i] = g_rand_int_range (rand, 0, 4) == 0;
      m->first_weekday = g_rand_int_range (rand, 0, 7);
      m->w_month_end = g_rand_boolean (rand) ? 7 : 0;
      pe->max_consecutive = g_rand_int_range (rand, 0, 6) == 0 ? KD_ROSTER_UNLIMITED : g_rand_int_range (rand, 2, 6);
      pe->min_consecutive = g_rand_int_range (rand, 0, 4);
      pe->min_days_off = g_rand_int_range (rand, 0, 4);
      for (int k = 0; k < 3; k++)
        m->history[k] = (gint8) g_rand_int_range (rand, -1, SHIFTS);
      for (int d = 0; d < DAYS; d++)
        {
          if (g_rand_int_range (rand, 0, 6) == 0)
            m->unavailable[d] = KD_UNAVAILABLE_DAY_OFF;
          for (int v = 0; v <= SHIFTS; v++)
            cell_cost[d * (SHIFTS + 1) + v] = g_rand_int_range (rand, -5, 6);
        }
      if (g_rand_boolean (rand))
        m->locked[g_rand_int_range (rand, 0, DAYS)] = (gint8) g_rand_int_range (rand, -1, SHIFTS);

      best = kd_test_brute_force_best (m, cell_cost);

      dp = kd_row_dp_new (m);
      found = kd_row_dp_solve (dp, 0, cell_cost, &prices, dp_row, NULL);
      kd_row_dp_free (dp);
      if (best == G_MAXDOUBLE)
        {
          /* No row meets the rules: then the DP must say so. */
          g_assert_false (found);
        }
      else
        {
          double c;

          g_assert_true (found);
          c = kd_test_row_cost (m, cell_cost, dp_row, &ok);
          if (!ok || c != best)
            g_test_message ("seed %u: DP %g (feasible %d), brute force %g", seed, c, ok, best);
          g_assert_true (ok);
          g_assert_cmpfloat (c, ==, best);
        }
      g_rand_free (rand);
    }
}

/* Ending on a 4-day stretch with at most 5 in a row: 2 days beyond 5 - 3;
 * on a shift that forbids another the next day: 1 more. */
static void
test_month_end (void)
{
  g_autoptr(KdRosterModel) m = kd_roster_model_new (7, 1, 2, 0);
  KdRosterRowCost rc;
  gint8 row[7] = { 0, -1, -1, 1, 1, 1, 1 };

  m->shifts[0].length = m->shifts[1].length = 480;
  m->persons[0].max_consecutive = 5;
  m->forbidden[1 * 2 + 0] = 1;
  m->w_month_end = 10;
  kd_roster_eval_row (m, 0, row, &rc, NULL);
  g_assert_cmpint (rc.soft_end, ==, 30);
  for (int d = 3; d < 7; d++)
    row[d] = 0;   /* ends on a shift nothing is forbidden after */
  kd_roster_eval_row (m, 0, row, &rc, NULL);
  g_assert_cmpint (rc.soft_end, ==, 20);
  row[6] = -1;  /* ends off */
  kd_roster_eval_row (m, 0, row, &rc, NULL);
  g_assert_cmpint (rc.soft_end, ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/roster/rowdp/brute-force", test_brute_force);
  g_test_add_func ("/roster/rowdp/month-end", test_month_end);
  return g_test_run ();
}
