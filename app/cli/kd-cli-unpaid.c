/* kd-cli-unpaid.c: `kefu-desk unpaid [--notify]` lists (and raises) the orders unpaid past the threshold; `unpaid report` prints the follow-up table. */
#include "config.h"

#include "kd-cli-unpaid.h"
#include "kd-cli-phrases.h"
#include "kd-cli.h"
#include "kd-clock.h"
#include "kd-desk-session.h"
#include "kd-staff-service.h"
#include "kd-unpaid-notifier.h"
#include "kd-unpaid-service.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

static const char * const usage_lines[] = {
  N_("Usage: kefu-desk unpaid [--db FILE] [--now TIME] [--notify]"),
  N_("       kefu-desk unpaid report [--db FILE] --since DATE [--until DATE] [--by day|week|month]"),
  NULL
};

static int
usage (const char *message)
{
  return kd_cli_usage_error (message, usage_lines);
}

/* This account's settings when the schema is installed (the threshold and
 * who is signed in); NULL when it is not, and the defaults apply. */
static GSettings *
user_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = source ? g_settings_schema_source_lookup (source, APP_ID, TRUE) : NULL;

  return schema != NULL ? g_settings_new_full (schema, NULL, NULL) : NULL;
}

typedef struct {
  KdStore         *store;
  GSettings       *settings;
  KdStaffService  *staff;
  KdDeskSession   *session;
  KdUnpaidService *service;
} Services;

static void
services_clear (Services *s)
{
  g_clear_object (&s->service);
  g_clear_object (&s->session);
  g_clear_object (&s->staff);
  g_clear_object (&s->settings);
  g_clear_object (&s->store);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Services, services_clear)

static gboolean
services_open (Services    *s,
               const char  *db,
               GError     **error)
{
  s->store = kd_cli_open_store (db, error);
  if (s->store == NULL)
    return FALSE;
  s->settings = user_settings ();
  if (s->settings != NULL)
    {
      s->staff = kd_staff_service_new (s->store);
      s->session = kd_desk_session_new (s->store, s->staff, s->settings);
      kd_desk_session_restore (s->session);
    }
  s->service = kd_unpaid_service_new (s->store, s->session, NULL);
  if (s->settings != NULL)
    kd_unpaid_service_set_hours (s->service, g_settings_get_int (s->settings, "unpaid-alert-hours"));
  return TRUE;
}

/* A local date's midnight, "YYYY-MM-DD". */
static gboolean
parse_day (const char *text,
           gint64     *out)
{
  int y, m, d;
  char tail;
  g_autoptr(GDateTime) dt = NULL;

  if (text == NULL || sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || strlen (text) != 10 ||
      !g_date_valid_dmy (d, m, y))
    return FALSE;
  dt = g_date_time_new_local (y, m, d, 0, 0, 0);
  if (dt == NULL)
    return FALSE;
  *out = g_date_time_to_unix (dt);
  return TRUE;
}

static int
unpaid_report (int    argc,
               char **argv)
{
  g_autofree char *db = NULL;
  g_autofree char *since_text = NULL;
  g_autofree char *until_text = NULL;
  g_autofree char *by = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_auto(Services) s = { 0 };
  KdUnpaidPeriod period = KD_UNPAID_BY_DAY;
  gint64 since = 0, until = 0;
  int status = KD_EXIT_OK;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("Use the database FILE"), "FILE" },
    { "since", 0, 0, G_OPTION_ARG_STRING, &since_text, N_("Alerts raised on or after DATE (YYYY-MM-DD)"), "DATE" },
    { "until", 0, 0, G_OPTION_ARG_STRING, &until_text, N_("Alerts raised on or before DATE (default: today)"), "DATE" },
    { "by", 0, 0, G_OPTION_ARG_STRING, &by, N_("One line per agent and day, week or month (default day)"), "PERIOD" },
    { NULL }
  };

  if (!kd_cli_parse (&argc, &argv, "", entries, usage_lines, &status))
    return status;
  if (argc != 1)
    return usage (_("unpaid report takes no arguments, only options"));
  if (since_text == NULL)
    return usage (_("unpaid report needs --since DATE"));
  if (!parse_day (since_text, &since))
    return usage (_("--since must be a date, YYYY-MM-DD"));
  if (until_text != NULL && !parse_day (until_text, &until))
    return usage (_("--until must be a date, YYYY-MM-DD"));
  if (until_text == NULL)
    {
      g_autoptr(GDateTime) now = kd_clock_now_local (NULL);
      g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
      parse_day (today, &until);
    }
  if (until < since)
    return usage (_("--until must not be before --since"));
  if (by != NULL && !kd_unpaid_period_from_key (by, &period))
    return usage (_("--by must be day, week or month"));
  if (!services_open (&s, db, &error))
    return kd_cli_fail (error);
  /* --until is a whole day: up to the next midnight. */
  {
    g_autoptr(GDateTime) u = g_date_time_new_from_unix_local (until);
    g_autoptr(GDateTime) next = g_date_time_add_days (u, 1);
    until = g_date_time_to_unix (next);
  }
  rows = kd_unpaid_service_report (s.service, since, until, period, &error);
  if (rows == NULL)
    return kd_cli_fail (error);
  g_string_append (out, "period\tagent\trouted\tfollowed_up\tpaid_within_24h\trecovered\tmedian_minutes\n");
  for (guint i = 0; i < rows->len; i++)
    {
      g_autofree char *line = kd_unpaid_report_format_row (g_ptr_array_index (rows, i));
      g_string_append_printf (out, "%s\n", line);
    }
  kd_cli_print (out);
  return KD_EXIT_OK;
}

static int
unpaid_list (int    argc,
             char **argv)
{
  g_autofree char *db = NULL;
  gboolean notify = FALSE;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_auto(Services) s = { 0 };
  gint64 now;
  int hours;
  int status = KD_EXIT_OK;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("Use the database FILE"), "FILE" },
    { "notify", 0, 0, G_OPTION_ARG_NONE, &notify, N_("Raise the desktop notifications not raised yet, and record them"), NULL },
    { NULL }
  };

  if (!kd_cli_parse (&argc, &argv, "", entries, usage_lines, &status))
    return status;
  if (argc != 1)
    return usage (_("unpaid takes no arguments, only options (or the sub-command report)"));
  if (!services_open (&s, db, &error))
    return kd_cli_fail (error);
  now = kd_clock_now_unix (NULL);
  hours = kd_unpaid_service_get_hours (s.service);

  if (notify)
    {
      g_autoptr(GPtrArray) raised = kd_unpaid_service_check (s.service, now, NULL, &error);
      g_autoptr(KdUnpaidNotifier) notifier = NULL;

      if (raised == NULL)
        return kd_cli_fail (error);
      /* Nobody stays to answer buttons: the notifications only tell. */
      notifier = kd_unpaid_notifier_new (s.service, FALSE);
      kd_unpaid_notifier_show (notifier, raised);
    }

  list = kd_unpaid_service_list (s.service, now, NULL, &error);
  if (list == NULL)
    return kd_cli_fail (error);
  for (guint i = 0; i < list->len; i++)
    {
      KdUnpaidOrder *o = g_ptr_array_index (list, i);
      KdUnpaidState state = kd_unpaid_order_get_state (o, now, hours);
      g_autoptr(GDateTime) dt = NULL;
      g_autofree char *created = NULL;
      g_autofree char *buyer = NULL;

      if (state == KD_UNPAID_DUE_SOON || state == KD_UNPAID_CLEARED)
        continue;
      dt = g_date_time_new_from_unix_local (o->created_at);
      created = dt ? g_date_time_format_iso8601 (dt) : g_strdup ("");
      buyer = kd_cli_phrases_escape_field (o->buyer);
      g_string_append_printf (out, "%s\t%s\t%s\t%d\t%s\t%s\n", o->order_no, buyer, created,
                              kd_unpaid_hours_unpaid (o->created_at, now), o->job_number,
                              kd_unpaid_state_to_key (state));
    }
  kd_cli_print (out);
  return KD_EXIT_OK;
}

int
kd_cli_unpaid (int    argc,
               char **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "report"))
    return unpaid_report (argc - 1, argv + 1);
  return unpaid_list (argc, argv);
}
