/* kd-cli-roster.c: `kefu-desk roster solve --month YYYY-MM [--seconds S] [--iterations N] [--db FILE]`. */
#include "kd-cli-roster.h"
#include "kd-cli.h"
#include "kd-clock.h"
#include "kd-roster-explain.h"
#include "kd-roster-repo.h"
#include "kd-roster-solver.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

static int
usage (const char *message)
{
  g_printerr ("kefu-desk: %s\n", message);
  g_printerr ("%s\n", _("Usage: kefu-desk roster solve [--db FILE] --month YYYY-MM [--seconds S] [--iterations N] [--seed N]"));
  return KD_EXIT_USAGE;
}

static gboolean
parse_month (const char *text,
             int        *year,
             int        *month)
{
  char tail;

  return text != NULL && sscanf (text, "%4d-%2d%c", year, month, &tail) == 2
         && *month >= 1 && *month <= 12 && *year >= 1900 && *year <= 9999 && strlen (text) == 7;
}

typedef struct {
  int                  year;
  int                  month;
  KdRosterMonth       *loaded;
  const KdRosterMonth *save_month;
  const KdRosterModel *model;
  const KdRoster      *roster;
} RosterJob;

static gboolean
load_job (KdConn   *conn,
          gpointer  data,
          GError  **error)
{
  RosterJob *job = data;
  job->loaded = kd_roster_repo_load_month (conn, job->year, job->month, error);
  return job->loaded != NULL;
}

static gboolean
save_job (KdConn   *conn,
          gpointer  data,
          GError  **error)
{
  RosterJob *job = data;
  return kd_roster_repo_save_roster (conn, job->save_month, job->model, job->roster, error);
}

static int
roster_solve (int    argc,
              char **argv)
{
  g_autofree char *db = NULL;
  g_autofree char *month_text = NULL;
  g_autofree char *now = NULL;
  double seconds = 1.0;
  gint64 seed = 1;
  gint64 iterations = 0;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("Use the database FILE"), "FILE" },
    { "month", 0, 0, G_OPTION_ARG_STRING, &month_text, N_("The month to fill"), "YYYY-MM" },
    { "seconds", 0, 0, G_OPTION_ARG_DOUBLE, &seconds, N_("Search for at most S seconds (default 1)"), "S" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, N_("Start the search from seed N"), "N" },
    { "iterations", 0, 0, G_OPTION_ARG_INT64, &iterations, N_("Stop after N search steps per core (default: no limit)"), "N" },
    { "now", 0, 0, G_OPTION_ARG_STRING, &now, N_("Pretend the time is TIME (ISO 8601 with offset)"), "TIME" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(KdStore) store = NULL;
  g_autoptr(KdRosterMonth) month = NULL;
  g_autoptr(KdRosterModel) model = NULL;
  g_autoptr(KdRoster) roster = NULL;
  g_autoptr(KdRosterScore) score = NULL;
  g_autoptr(GPtrArray) reasons = NULL;
  KdRosterSolverOptions opt;
  int year = 0, mon = 0, places = 0, filled = 0;
  gint64 t0;

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage (error->message);
  if (argc > 1)
    return usage (_("roster solve takes no other arguments"));
  if (!parse_month (month_text, &year, &mon))
    return usage (_("roster solve needs --month YYYY-MM"));
  if (seconds <= 0 || seconds > 3600)
    return usage (_("--seconds must be between 0 and 3600"));
  if (iterations < 0)
    return usage (_("--iterations must not be negative"));
  if (!kd_clock_init_default (now, &error))
    return usage (error->message);

  store = kd_cli_open_store (db, &error);
  if (store == NULL)
    {
      g_printerr ("kefu-desk: %s\n", error->message);
      return KD_EXIT_BAD_INPUT;
    }
  {
    RosterJob job = { year, mon, NULL, NULL, NULL, NULL };
    if (kd_store_read (store, load_job, &job, &error))
      month = job.loaded;
  }
  if (month != NULL)
    model = kd_roster_shop_build_model (month, &error);
  if (model == NULL)
    {
      g_printerr ("kefu-desk: %s\n", error->message);
      return KD_EXIT_BAD_INPUT;
    }
  if (model->n_persons == 0)
    {
      g_printerr ("kefu-desk: %s\n", _("Nobody is on the roster: add active staff first."));
      return KD_EXIT_BAD_INPUT;
    }

  /* Cheap checks first: a day nobody can cover needs no search to refuse. */
  reasons = kd_roster_explain_capacity (model);
  if (reasons->len > 0)
    {
      g_printerr (_("kefu-desk: no roster for %s can meet the rules:\n"), month_text);
      for (guint i = 0; i < reasons->len; i++)
        g_printerr ("  %s\n", (char *) g_ptr_array_index (reasons, i));
      return KD_EXIT_BAD_INPUT;
    }

  kd_roster_solver_options_init (&opt);
  opt.seconds = seconds;
  opt.seed = (guint64) seed;
  /* A step budget makes the outcome independent of the machine's speed
   * (the seconds stay a cap); scripts and tests rely on it. */
  opt.max_iterations = (guint64) iterations;
  opt.target_soft = 0;
  t0 = g_get_monotonic_time ();
  roster = kd_roster_solve (model, &opt, NULL, NULL, NULL);
  score = kd_roster_evaluate (model, roster);

  if (score->hard_count > 0)
    {
      g_autoptr(GPtrArray) left = kd_roster_explain_violations (model, roster, score);

      g_printerr (_("kefu-desk: no roster for %s meeting every rule was found in %.1f s; the best one breaks:\n"),
                  month_text, seconds);
      for (guint i = 0; i < left->len; i++)
        g_printerr ("  %s\n", (char *) g_ptr_array_index (left, i));
      return KD_EXIT_BAD_INPUT;
    }

  if (!kd_store_write (store, save_job, &(RosterJob) { 0, 0, NULL, month, model, roster }, &error))
    {
      g_printerr ("kefu-desk: %s\n", error->message);
      return KD_EXIT_BAD_INPUT;
    }

  for (int d = 0; d < model->n_days; d++)
    for (int s = 0; s < model->n_shifts; s++)
      {
        int n = 0;
        for (int p = 0; p < model->n_persons; p++)
          if (kd_roster_get (roster, p, d) == s)
            n++;
        places += model->cover_min[d * model->n_shifts + s];
        filled += MIN (n, model->cover_min[d * model->n_shifts + s]);
      }
  g_print (_("Filled %s for %d people in %.2f s.\n"), month_text, model->n_persons,
           (g_get_monotonic_time () - t0) / 1e6);
  g_print (_("Coverage met: %d of %d places; every hard rule holds.\n"), filled, places);
  /* %lld, not G_GINT64_FORMAT: xgettext cannot see through the macro. */
  g_print (_("Soft penalty: %lld (days short of the target %lld, uneven nights %lld, uneven weekends %lld, long runs at the month's end %lld)\n"),
           (long long) score->soft_total, (long long) score->soft[KD_SOFT_SHORT_DAYS],
           (long long) score->soft[KD_SOFT_FAIR_NIGHTS], (long long) score->soft[KD_SOFT_FAIR_WEEKENDS],
           (long long) score->soft[KD_SOFT_MONTH_END]);
  return KD_EXIT_OK;
}

int
kd_cli_roster (int    argc,
               char **argv)
{
  if (argc < 2)
    return usage (_("roster needs a sub-command: solve"));
  if (g_str_equal (argv[1], "solve"))
    return roster_solve (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "export"))
    {
      g_printerr (_("kefu-desk: “%s” is not available in this version yet.\n"), "roster export");
      return KD_EXIT_USAGE;
    }
  {
    g_autofree char *message = g_strdup_printf (_("unknown roster sub-command “%s”"), argv[1]);
    return usage (message);
  }
}
