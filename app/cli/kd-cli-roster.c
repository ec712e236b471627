/* kd-cli-roster.c: `kefu-desk roster solve --month YYYY-MM [--fill] [--seconds S] [--iterations N] [--db FILE]`. */
#include "kd-cli-roster.h"
#include "kd-cli-roster-export.h"
#include "kd-cli.h"
#include "kd-clock.h"
#include "kd-roster-service.h"

#include <glib/gi18n-lib.h>
#include <string.h>

static const char * const usage_lines[] = {
  N_("Usage: kefu-desk roster solve [--db FILE] --month YYYY-MM [--fill] [--seconds S] [--iterations N] [--seed N]"),
  NULL
};

static int
usage (const char *message)
{
  return kd_cli_usage_error (message, usage_lines);
}

/* Plain decimal seconds ("1", "2.5"), more than 0 and at most the
 * service's cap: no signs, exponents, hex, "nan" or "inf", which
 * g_strtod() would all take. */
static gboolean
parse_seconds (const char *text,
               double     *seconds)
{
  gsize i = 0, digits = 0;

  if (text == NULL)
    return FALSE;
  for (; g_ascii_isdigit (text[i]); i++)
    digits++;
  if (text[i] == '.')
    for (i++; g_ascii_isdigit (text[i]); i++)
      digits++;
  if (text[i] != '\0' || digits == 0 || i > 32)
    return FALSE;
  *seconds = g_ascii_strtod (text, NULL);
  return *seconds > 0 && *seconds <= KD_ROSTER_SOLVE_MAX_SECONDS;
}

static void
print_reasons (const GPtrArray *reasons)
{
  for (guint i = 0; i < reasons->len; i++)
    g_printerr ("  %s\n", (const char *) g_ptr_array_index (reasons, i));
}

static int
roster_solve (int    argc,
              char **argv)
{
  g_autofree char *db = NULL;
  g_autofree char *month_text = NULL;
  g_autofree char *seconds_text = NULL;
  g_autofree char *now = NULL;
  gint64 seed = 1;
  gint64 iterations = 0;
  gboolean fill = FALSE;
  GOptionEntry entries[] = {
    { "fill", 0, 0, G_OPTION_ARG_NONE, &fill, N_("Keep the cells already rostered and fill only the empty ones (as the grid's Fill); without it every cell that is not locked is planned anew (Regenerate)"), NULL },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("Use the database FILE"), "FILE" },
    { "month", 0, 0, G_OPTION_ARG_STRING, &month_text, N_("The month to fill"), "YYYY-MM" },
    { "seconds", 0, 0, G_OPTION_ARG_STRING, &seconds_text, N_("Search for at most S seconds (default 1)"), "S" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, N_("Start the search from seed N"), "N" },
    { "iterations", 0, 0, G_OPTION_ARG_INT64, &iterations, N_("Stop after N search steps per core (default: no limit)"), "N" },
    { "now", 0, 0, G_OPTION_ARG_STRING, &now, N_("Pretend the time is TIME (ISO 8601 with offset)"), "TIME" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(KdStore) store = NULL;
  g_autoptr(KdRosterService) service = NULL;
  g_autoptr(KdRosterSolveResult) result = NULL;
  KdRosterSolveOptions opt;
  int year = 0, mon = 0;

  kd_roster_solve_options_init (&opt);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage (error->message);
  if (argc > 1)
    return usage (_("roster solve takes no other arguments"));
  if (!kd_cli_parse_month (month_text, &year, &mon))
    return usage (_("roster solve needs --month YYYY-MM"));
  if (seconds_text != NULL && !parse_seconds (seconds_text, &opt.seconds))
    return usage (_("--seconds must be a number more than 0 and at most 3600"));
  if (iterations < 0)
    return usage (_("--iterations must not be negative"));
  if (seed < 0)
    return usage (_("--seed must not be negative"));
  if (!kd_clock_init_default (now, &error))
    return usage (error->message);
  opt.iterations = (guint64) iterations;
  opt.seed = (guint64) seed;
  opt.keep_filled = fill;

  store = kd_cli_open_store (db, &error);
  if (store == NULL)
    return kd_cli_fail (error);
  service = kd_roster_service_new (store);
  if (!kd_roster_service_solve (service, year, mon, &opt, NULL, NULL, NULL, &result, &error))
    return kd_cli_fail (error);

  switch (result->status)
    {
    case KD_ROSTER_SOLVE_IMPOSSIBLE:
      g_printerr (_("kefu-desk: no roster for %s can meet the rules:\n"), month_text);
      print_reasons (result->reasons);
      return KD_EXIT_BAD_INPUT;
    case KD_ROSTER_SOLVE_NOT_FOUND:
      g_printerr (_("kefu-desk: no roster for %s meeting every rule was found in %.1f s; the best one breaks:\n"),
                  month_text, opt.seconds);
      print_reasons (result->reasons);
      return KD_EXIT_BAD_INPUT;
    case KD_ROSTER_SOLVE_SAVED:
    default:
      break;
    }

  g_print (_("Filled %s for %d people in %.2f s.\n"), month_text, result->persons, result->elapsed);
  g_print (_("Coverage met: %d of %d places; every hard rule holds.\n"), result->filled, result->places);
  /* %lld, not G_GINT64_FORMAT: xgettext cannot see through the macro. */
  g_print (_("Soft penalty: %lld (days short of the target %lld, uneven nights %lld, uneven weekends %lld, long runs at the month's end %lld)\n"),
           (long long) result->soft_total, (long long) result->soft[KD_SOFT_SHORT_DAYS],
           (long long) result->soft[KD_SOFT_FAIR_NIGHTS], (long long) result->soft[KD_SOFT_FAIR_WEEKENDS],
           (long long) result->soft[KD_SOFT_MONTH_END]);
  return KD_EXIT_OK;
}

int
kd_cli_roster (int    argc,
               char **argv)
{
  if (argc < 2)
    return usage (_("roster needs a sub-command: solve or export"));
  if (g_str_equal (argv[1], "solve"))
    return roster_solve (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "export"))
    return kd_cli_roster_export (argc - 1, argv + 1);
  {
    g_autofree char *message = g_strdup_printf (_("unknown roster sub-command “%s”"), argv[1]);
    return usage (message);
  }
}
