/* kd-cli-roster-export.c: `kefu-desk roster export [--db FILE] --month YYYY-MM --format csv|ics|xlsx [--staff JOBNO] -o FILE`. */
#include "kd-cli-roster-export.h"
#include "kd-cli.h"
#include "kd-clock.h"
#include "kd-roster-export.h"

#include <glib/gi18n-lib.h>
#include <string.h>

static const char * const usage_lines[] = {
  N_("Usage: kefu-desk roster export [--db FILE] --month YYYY-MM --format csv|ics|xlsx [--staff JOBNO] -o FILE"),
  NULL
};

static int
usage (const char *message)
{
  return kd_cli_usage_error (message, usage_lines);
}

int
kd_cli_roster_export (int    argc,
                      char **argv)
{
  g_autofree char *db = NULL;
  g_autofree char *month_text = NULL;
  g_autofree char *format_text = NULL;
  g_autofree char *staff = NULL;
  g_autofree char *output = NULL;
  g_autofree char *now = NULL;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("Use the database FILE"), "FILE" },
    { "month", 0, 0, G_OPTION_ARG_STRING, &month_text, N_("The month to export"), "YYYY-MM" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_text, N_("csv, ics or xlsx"), "FORMAT" },
    { "staff", 0, 0, G_OPTION_ARG_STRING, &staff, N_("Only the staff member with job number JOBNO"), "JOBNO" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write to FILE"), "FILE" },
    { "now", 0, 0, G_OPTION_ARG_STRING, &now, N_("Pretend the time is TIME (ISO 8601 with offset)"), "TIME" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(KdStore) store = NULL;
  g_autofree char *name = NULL;
  KdRosterExportFormat format;
  KdRosterExportCounts counts;
  int year = 0, mon = 0;

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage (error->message);
  if (argc > 1)
    return usage (_("roster export takes no other arguments"));
  if (!kd_cli_parse_month (month_text, &year, &mon))
    return usage (_("roster export needs --month YYYY-MM"));
  if (!kd_roster_export_format_from_string (format_text, &format))
    return usage (_("roster export needs --format csv, ics or xlsx"));
  if (output == NULL)
    return usage (_("roster export needs -o FILE"));
  if (staff != NULL && *staff == '\0')
    return usage (_("--staff needs a job number"));
  if (!kd_clock_init_default (now, &error))
    return usage (error->message);

  store = kd_cli_open_store (db, &error);
  if (store == NULL)
    return kd_cli_fail (error);
  if (!kd_roster_export (store, year, mon, format, staff, output, &counts, &error))
    return kd_cli_fail (error);
  name = g_filename_display_name (output);
  {
    g_autofree char *message = g_strdup_printf (_("Exported %s to %s: %d people, %d shifts, %d leave days."),
                                                month_text, name, counts.staff, counts.shifts, counts.leave);
    g_print ("%s\n", message);
  }
  return KD_EXIT_OK;
}
