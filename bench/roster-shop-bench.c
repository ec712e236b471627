/* roster-shop-bench.c: a shop month (30 staff × 31 days × 3 shifts) solved by the app's rules, against the greedy start. */
#include <stdio.h>

#include "kd-roster-shop.h"
#include "kd-roster-solver.h"

static KdRosterMonth *
shop_month (int n_staff, int required)
{
  KdRosterMonth *mo = kd_roster_month_new (2026, 12);
  GRand *rand = g_rand_new_with_seed (42);

  g_ptr_array_add (mo->templates, kd_shift_template_new ("D", "白班", "#f6d32d", 480, 540, required, FALSE));
  g_ptr_array_add (mo->templates, kd_shift_template_new ("N", "晚班", "#613583", 1020, 480, required, TRUE));
  g_ptr_array_add (mo->templates, kd_shift_template_new ("R", "常班", "#33d17a", 540, 540, required, FALSE));
  for (int i = 0; i < 3; i++)
    ((KdShiftTemplate *) g_ptr_array_index (mo->templates, i))->id = i + 1;
  mo->rules.max_nights = 10;
  for (int i = 0; i < n_staff; i++)
    {
      g_autofree char *job = g_strdup_printf ("%d", i + 1);
      KdStaff *s = kd_staff_new (job, job, KD_ROLE_PRESALE, "");
      kd_staff_set_id (s, i + 1);
      g_ptr_array_add (mo->staff, s);
      /* a few leave days, and last month's tail ending on nights for some */
      for (int k = g_rand_int_range (rand, 0, 3); k > 0; k--)
        {
          KdLeaveDay l = { i + 1, { 0 } };
          g_date_clear (&l.day, 1);
          g_date_set_dmy (&l.day, g_rand_int_range (rand, 1, 32), 12, 2026);
          g_array_append_val (mo->leave, l);
        }
      for (int k = 0; k < 7; k++)
        {
          KdRosterAssignment a = { i + 1, { 0 }, (i + k) % 4 == 0 ? 0 : 1 + (i % 3), FALSE };
          g_date_clear (&a.day, 1);
          g_date_set_dmy (&a.day, 30 - k, 11, 2026);
          g_array_append_val (mo->assignments, a);
        }
    }
  g_rand_free (rand);
  return mo;
}

int
main (int argc, char **argv)
{
  g_autoptr(KdRosterMonth) mo = shop_month (30, 8);
  g_autoptr(KdRosterModel) m = kd_roster_shop_build_model (mo, NULL);
  KdRosterSolverOptions o;
  gint64 t0;
  double t_construct, t_feasible, t_full;
  int worst = 0;

  /* Baseline: the cover-driven greedy start alone. */
  t0 = g_get_monotonic_time ();
  {
    g_autoptr(KdRoster) r = kd_roster_construct (m);
    g_autoptr(KdRosterScore) s = kd_roster_evaluate (m, r);
    t_construct = (g_get_monotonic_time () - t0) / 1e6;
    printf ("baseline greedy start: %.4f s, %d hard violations, soft %" G_GINT64_FORMAT "\n",
            t_construct, s->hard_count, s->soft_total);
  }

  /* Time to a roster meeting every hard rule, over 5 seeds. */
  t_feasible = 0;
  for (int seed = 1; seed <= 5; seed++)
    {
      g_autoptr(KdRoster) r = NULL;
      g_autoptr(KdRosterScore) s = NULL;
      double t;

      kd_roster_solver_options_init (&o);
      o.seed = seed;
      o.seconds = 10;
      o.target_soft = G_MAXINT64;
      t0 = g_get_monotonic_time ();
      r = kd_roster_solve (m, &o, NULL, NULL, NULL);
      t = (g_get_monotonic_time () - t0) / 1e6;
      s = kd_roster_evaluate (m, r);
      printf ("seed %d: first feasible roster in %.3f s, %d hard violations\n", seed, t, s->hard_count);
      t_feasible = MAX (t_feasible, t);
      worst = MAX (worst, s->hard_count);
    }

  /* What the CLI does: 1 s budget, stop early at soft 0. */
  kd_roster_solver_options_init (&o);
  o.seconds = 1;
  o.target_soft = 0;
  t0 = g_get_monotonic_time ();
  {
    g_autoptr(KdRoster) r = kd_roster_solve (m, &o, NULL, NULL, NULL);
    g_autoptr(KdRosterScore) s = kd_roster_evaluate (m, r);
    t_full = (g_get_monotonic_time () - t0) / 1e6;
    printf ("1 s budget: %.3f s, %d hard violations, soft %" G_GINT64_FORMAT " (short-days %" G_GINT64_FORMAT
            ", fair-nights %" G_GINT64_FORMAT ", fair-weekends %" G_GINT64_FORMAT ", month-end %" G_GINT64_FORMAT ")\n",
            t_full, s->hard_count, s->soft_total, s->soft[KD_SOFT_SHORT_DAYS],
            s->soft[KD_SOFT_FAIR_NIGHTS], s->soft[KD_SOFT_FAIR_WEEKENDS], s->soft[KD_SOFT_MONTH_END]);
    worst = MAX (worst, s->hard_count);
    for (guint i = 0; i < s->violations->len; i++)
      {
        const KdRosterViolation *v = &g_array_index (s->violations, KdRosterViolation, i);
        printf ("  left: %s person %d day %d amount %d\n", kd_roster_rule_to_string (v->rule), v->person, v->day, v->amount);
      }
  }
  printf ("shop month 30x31x3: worst time to feasible %.3f s (target < 2 s), greedy baseline %.4f s, %s\n",
          t_feasible, t_construct, worst == 0 ? "all feasible" : "VIOLATIONS LEFT");
  return worst == 0 ? 0 : 1;
}
