/* nsp-bench.c: runs the roster solver on a Curtois & Qu instance and prints its objective. */
#include <stdio.h>
#include <stdlib.h>

#include "kd-nsp-loader.h"
#include "kd-roster-solver.h"

int
main (int    argc,
      char **argv)
{
  double seconds = -1;   /* 10 s, or none under --iterations */
  gint64 seed = 1;
  gint64 iterations = 0;
  int threads = 0;
  g_autofree char *roster_path = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new ("INSTANCE.txt");
  g_autoptr(GError) error = NULL;
  g_autoptr(KdRosterModel) model = NULL;
  g_autoptr(KdRoster) roster = NULL;
  g_autoptr(KdRosterScore) score = NULL;
  KdRosterSolverOptions opt;
  GOptionEntry entries[] = {
    { "seconds", 0, 0, G_OPTION_ARG_DOUBLE, &seconds, "Time budget", "S" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Random seed", "N" },
    { "iterations", 0, 0, G_OPTION_ARG_INT64, &iterations, "Step budget per thread (runs repeat exactly)", "N" },
    { "threads", 0, 0, G_OPTION_ARG_INT, &threads, "Worker threads (0 = one per core)", "N" },
    { "roster", 0, 0, G_OPTION_ARG_FILENAME, &roster_path, "Write the roster as CSV", "OUT.csv" },
    { NULL }
  };
  gint64 t0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2 || iterations < 0)
    {
      fprintf (stderr, "nsp-bench: %s\nusage: nsp-bench INSTANCE.txt [--seconds S | --iterations N] [--seed N] [--threads N] [--roster OUT.csv]\n",
               error ? error->message : "one instance file and a step budget >= 0 expected");
      return 2;
    }

  model = kd_nsp_load_file (argv[1], &error);
  if (model == NULL)
    {
      fprintf (stderr, "nsp-bench: %s\n", error->message);
      return 1;
    }

  kd_roster_solver_options_init (&opt);
  opt.seconds = seconds >= 0 ? seconds : (iterations > 0 ? 0 : 10);
  opt.max_iterations = (guint64) iterations;
  opt.seed = (guint64) seed;
  opt.n_threads = threads;
  t0 = g_get_monotonic_time ();
  roster = kd_roster_solve (model, &opt, NULL, NULL, NULL);
  score = kd_roster_evaluate (model, roster);

  printf ("instance %s days %d staff %d shifts %d threads %d seconds %.2f\n", argv[1],
          model->n_days, model->n_persons, model->n_shifts,
          threads > 0 ? threads : (int) CLAMP (g_get_num_processors (), 1, 8),
          (g_get_monotonic_time () - t0) / 1e6);
  for (int t = 0; t < KD_N_SOFT_TERMS; t++)
    if (score->soft[t] != 0)
      printf ("  %s %" G_GINT64_FORMAT "\n", kd_roster_soft_term_to_string (t), score->soft[t]);
  for (guint i = 0; i < score->violations->len && i < 400; i++)
    {
      const KdRosterViolation *v = &g_array_index (score->violations, KdRosterViolation, i);
      printf ("  violation %s person %s day %d amount %d\n", kd_roster_rule_to_string (v->rule),
              v->person >= 0 ? model->persons[v->person].code : "-", v->day, v->amount);
    }

  if (roster_path != NULL)
    {
      g_autofree char *csv = kd_nsp_roster_to_csv (model, roster);
      if (!g_file_set_contents (roster_path, csv, -1, &error))
        {
          fprintf (stderr, "nsp-bench: %s\n", error->message);
          return 1;
        }
    }

  if (score->hard_count == 0)
    printf ("objective %" G_GINT64_FORMAT "\n", score->soft_total);
  else
    printf ("infeasible %d\n", score->hard_count);
  return 0;
}
