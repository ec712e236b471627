/* test-roster-label.c: the labelling DP against brute force on small random rows with every total binding. */
#include "kd-roster-test-util.h"
#include "kd-roster-label.h"

#define DAYS   9
#define SHIFTS 3

/* Every row of 9 days over {off, S0, S1, S2} (262 144 rows) against the
 * labelling DP, with shifts of different lengths, caps on each type,
 * fewest and most minutes and days, weekends, a target, history, days
 * away and locks drawn at random: its row must meet every rule and cost
 * exactly the least any such row costs (the beam never fills here). */
static void
test_brute_force (void)
{
  int n_found = 0, n_none = 0;

  for (guint seed = 1; seed <= 120; seed++)
    {
      GRand *rand = g_rand_new_with_seed (seed);
      g_autoptr(KdRosterModel) m = kd_roster_model_new (DAYS, 1, SHIFTS, 3);
      KdRosterPerson *pe = &m->persons[0];
      double cell_cost[DAYS * (SHIFTS + 1)];
      KdRowLabel *label;
      gint8 row[DAYS];
      double best = G_MAXDOUBLE, cost = 0;
      gboolean found, exact, ok;
      static const int lengths[SHIFTS] = { 480, 600, 360 };

      for (int s = 0; s < SHIFTS; s++)
        {
          m->shifts[s].length = lengths[s];
          pe->max_shifts[s] = g_rand_int_range (rand, 0, 4) == 0 ? KD_ROSTER_UNLIMITED : g_rand_int_range (rand, 0, 5);
        }
      for (int i = 0; i < SHIFTS * SHIFTS; i++)
        m->forbidden[i] = g_rand_int_range (rand, 0, 5) == 0;
      m->first_weekday = g_rand_int_range (rand, 0, 7);
      m->w_month_end = g_rand_boolean (rand) ? 7 : 0;
      m->w_target_days = g_rand_boolean (rand) ? 4 : 0;
      pe->target_days = g_rand_int_range (rand, 0, 7);
      pe->max_consecutive = g_rand_int_range (rand, 0, 6) == 0 ? KD_ROSTER_UNLIMITED : g_rand_int_range (rand, 2, 6);
      pe->min_consecutive = g_rand_int_range (rand, 0, 4);
      pe->min_days_off = g_rand_int_range (rand, 0, 3);
      pe->min_minutes = g_rand_int_range (rand, 0, 4) * 480;
      pe->max_minutes = g_rand_int_range (rand, 0, 3) == 0 ? KD_ROSTER_UNLIMITED : pe->min_minutes + g_rand_int_range (rand, 1, 6) * 360;
      pe->min_days = g_rand_int_range (rand, 0, 3);
      pe->max_days = g_rand_int_range (rand, 0, 3) == 0 ? KD_ROSTER_UNLIMITED : g_rand_int_range (rand, 3, 8);
      pe->max_weekends = g_rand_int_range (rand, 0, 3);
      for (int k = 0; k < 3; k++)
        m->history[k] = (gint8) g_rand_int_range (rand, -1, SHIFTS);
      for (int d = 0; d < DAYS; d++)
        {
          if (g_rand_int_range (rand, 0, 8) == 0)
            m->unavailable[d] = KD_UNAVAILABLE_LEAVE;
          for (int v = 0; v <= SHIFTS; v++)
            cell_cost[d * (SHIFTS + 1) + v] = g_rand_int_range (rand, -6, 6);
        }
      if (g_rand_boolean (rand))
        m->locked[g_rand_int_range (rand, 0, DAYS)] = (gint8) g_rand_int_range (rand, -1, SHIFTS);

      best = kd_test_brute_force_best (m, cell_cost);

      label = kd_row_label_new (m, 4096);
      g_assert_true (kd_row_label_usable (label));
      found = kd_row_label_solve (label, 0, cell_cost, row, &cost, &exact);
      kd_row_label_free (label);
      g_assert_true (exact);
      if (best == G_MAXDOUBLE)
        {
          g_assert_false (found);
          n_none++;
        }
      else
        {
          double c;

          if (!found)
            g_test_message ("seed %u: no row found, brute force %g", seed, best);
          g_assert_true (found);
          c = kd_test_row_cost (m, cell_cost, row, &ok);
          if (!ok || c != best || c != cost)
            g_test_message ("seed %u: label %g/%g (feasible %d), brute force %g", seed, c, cost, ok, best);
          g_assert_true (ok);
          g_assert_cmpfloat (c, ==, best);
          g_assert_cmpfloat (cost, ==, best);
          n_found++;
        }
      g_rand_free (rand);
    }
  /* Both outcomes were exercised. */
  g_test_message ("%d with a row, %d without", n_found, n_none);
  g_assert_cmpint (n_found, >, 40);
  g_assert_cmpint (n_none, >, 5);
}

/* A beam too small for the states still returns a row meeting the rules,
 * and says it may not be the cheapest. */
static void
test_small_beam (void)
{
  g_autoptr(KdRosterModel) m = kd_roster_model_new (28, 1, 2, 0);
  KdRosterPerson *pe = &m->persons[0];
  double cell_cost[28 * 3];
  gint8 row[28];
  double cost;
  gboolean exact;
  KdRowLabel *label;
  KdRosterRowCost rc;

  m->shifts[0].length = 480;
  m->shifts[1].length = 600;
  pe->max_shifts[1] = 8;
  pe->max_consecutive = 5;
  pe->min_consecutive = 2;
  pe->min_days_off = 2;
  pe->min_minutes = 9000;
  pe->max_minutes = 10000;
  pe->max_weekends = 2;
  for (int i = 0; i < 28 * 3; i++)
    cell_cost[i] = (i * 7919) % 11 - 5;
  label = kd_row_label_new (m, 16);
  g_assert_true (kd_row_label_solve (label, 0, cell_cost, row, &cost, &exact));
  g_assert_false (exact);
  kd_roster_eval_row (m, 0, row, &rc, NULL);
  g_assert_cmpint (rc.hard_mag, ==, 0);
  kd_row_label_free (label);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/roster/label/brute-force", test_brute_force);
  g_test_add_func ("/roster/label/small-beam", test_small_beam);
  return g_test_run ();
}
