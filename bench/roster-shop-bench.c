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

/* --iterations N [--seed S] [--threads T] [--roster OUT]: one run under a
 * step budget, which repeats exactly, its score and its cells printed
 * (for checking that a refactor keeps the same rosters). */
static int
fixed_run (KdRosterModel *m, gint64 iterations, gint64 seed, int threads, const char *roster_path)
{
  KdRosterSolverOptions o;
  g_autoptr(KdRoster) r = NULL;
  g_autoptr(KdRosterScore) s = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  kd_roster_solver_options_init (&o);
  o.seed = (guint64) seed;
  o.seconds = 0;
  o.max_iterations = (guint64) iterations;
  o.n_threads = threads;
  r = kd_roster_solve (m, &o, NULL, NULL, NULL);
  s = kd_roster_evaluate (m, r);
  printf ("iterations %" G_GINT64_FORMAT " seed %" G_GINT64_FORMAT ": %d hard violations, soft %" G_GINT64_FORMAT "\n",
          iterations, seed, s->hard_count, s->soft_total);
  for (int t = 0; t < KD_N_SOFT_TERMS; t++)
    if (s->soft[t] != 0)
      printf ("  %s %" G_GINT64_FORMAT "\n", kd_roster_soft_term_to_string (t), s->soft[t]);
  for (int p = 0; p < m->n_persons; p++)
    {
      for (int d = 0; d < m->n_days; d++)
        g_string_append_printf (out, "%s%d", d ? "," : "", kd_roster_get (r, p, d));
      g_string_append_c (out, '\n');
    }
  if (roster_path != NULL && !g_file_set_contents (roster_path, out->str, (gssize) out->len, &error))
    {
      fprintf (stderr, "roster-shop-bench: %s\n", error->message);
      return 1;
    }
  return 0;
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
  gint64 iterations = 0, fixed_seed = 1;
  int threads = 0;
  g_autofree char *roster_path = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  GOptionEntry entries[] = {
    { "iterations", 0, 0, G_OPTION_ARG_INT64, &iterations, "One run under this step budget per thread", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &fixed_seed, "Random seed (with --iterations)", "N" },
    { "threads", 0, 0, G_OPTION_ARG_INT, &threads, "Worker threads (with --iterations)", "N" },
    { "roster", 0, 0, G_OPTION_ARG_FILENAME, &roster_path, "Write the cells (with --iterations)", "OUT" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 1 || iterations < 0)
    {
      fprintf (stderr, "roster-shop-bench: %s\n", error ? error->message : "no arguments, a step budget >= 0");
      return 2;
    }
  if (iterations > 0)
    return fixed_run (m, iterations, fixed_seed, threads, roster_path);

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
