/* kd-cli.c: dispatch and the sub-commands that need no window. */
#include "kd-cli.h"
#include "kd-cli-customers.h"
#include "kd-cli-orders.h"
#include "kd-cli-phrases.h"
#include "kd-cli-roster.h"
#include "kd-cli-unpaid.h"
#include "kd-clock.h"
#include "kd-demo.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

typedef int (*KdCliHandler) (int argc, char **argv);

typedef struct {
  const char   *name;
  const char   *synopsis;
  const char   *summary;
  KdCliHandler  handler;
} KdCliCommand;

static int cmd_demo (int argc, char **argv);
static int cmd_backup (int argc, char **argv);
static int cmd_restore (int argc, char **argv);

static const KdCliCommand commands[] = {
  { "demo", "demo -o FILE", N_("Write a demo database to FILE (never overwrites)"), cmd_demo },
  { "import-orders", "import-orders [--db FILE] [--skip-bad-rows] [--rejects FILE] REPORT…",
    N_("Import Taobao order and item reports"), kd_cli_import_orders },
  { "orders", "orders list [--db FILE] [--flag FLAG] [--status STATUS] [--agent JOB_NO] [--search Q] [--since DATE] [--limit N]",
    N_("List orders on the board"), kd_cli_orders },
  { "unpaid", "unpaid [--db FILE] [--now TIME] [--notify]\n"
    "  kefu-desk unpaid report [--db FILE] --since DATE [--until DATE] [--by day|week|month]",
    N_("List (and notify) orders unpaid after the alert threshold, or print the follow-up report"), kd_cli_unpaid },
  { "phrases", "phrases import|export [--db FILE] [--format kefu|qianniu] FILE.csv\n"
    "  kefu-desk phrases search [--db FILE] [--limit N] QUERY", N_("Import, export or search canned phrases"), kd_cli_phrases },
  { "customers", "customers import|export [--db FILE] FILE.csv\n"
    "  kefu-desk customers search [--db FILE] [--tag TAG]… [--any] [--limit N] QUERY",
    N_("Import, export or search customer profiles"), kd_cli_customers },
  { "roster", "roster solve|export [--db FILE] --month YYYY-MM …", N_("Fill or export a month's roster"), kd_cli_roster },
  { "backup", "backup [--db FILE] -o FILE", N_("Write a consistent copy of the database to FILE"), cmd_backup },
  { "restore", "restore [--db FILE] BACKUP", N_("Put a copy of BACKUP in place of the database, keeping the current file aside"), cmd_restore },
};

gboolean
kd_cli_is_subcommand (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_strcmp0 (name, commands[i].name) == 0)
      return TRUE;
  return FALSE;
}

char *
kd_cli_usage (void)
{
  GString *s = g_string_new (NULL);

  g_string_append_printf (s, "%s\n", _("Usage:"));
  g_string_append_printf (s, "  kefu-desk [--db FILE] [--now TIME]   %s\n", _("Open the window"));
  g_string_append_printf (s, "  kefu-desk --demo                     %s\n", _("Open a fresh demo database"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (s, "  kefu-desk %s\n      %s\n", commands[i].synopsis, _(commands[i].summary));
  g_string_append_printf (s, "\n%s\n", _("Exit status: 0 success, 1 bad input, 2 usage error."));
  return g_string_free (s, FALSE);
}

static int
usage_error (const char *message)
{
  return kd_cli_usage_error (message, NULL);
}

int
kd_cli_usage_error (const char         *message,
                    const char * const *usage)
{
  if (message != NULL)
    g_printerr ("kefu-desk: %s\n", message);
  if (usage == NULL)
    {
      g_autofree char *all = kd_cli_usage ();
      g_printerr ("%s", all);
    }
  for (guint i = 0; usage != NULL && usage[i] != NULL; i++)
    g_printerr ("%s\n", _(usage[i]));
  return KD_EXIT_USAGE;
}

int
kd_cli_fail (const GError *error)
{
  g_printerr ("kefu-desk: %s\n", error->message);
  return KD_EXIT_BAD_INPUT;
}

void
kd_cli_print (const GString *out)
{
  fwrite (out->str, 1, out->len, stdout);
  fflush (stdout);
}

/* A sub-command never creates a database: a missing file (a typo in
 * --db, or no default database yet) is an error naming it. */
KdStore *
kd_cli_open_store (const char  *db_option,
                   GError     **error)
{
  g_autofree char *path = db_option ? g_strdup (db_option) : kd_store_default_path ();
  return kd_store_open_full (path, KD_STORE_OPEN_NONE, error);
}

static int
cmd_demo (int    argc,
          char **argv)
{
  g_autofree char *output = NULL;
  g_autoptr(GError) error = NULL;
  int status = KD_EXIT_OK;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write to FILE"), "FILE" },
    { NULL }
  };

  if (!kd_cli_parse (&argc, &argv, NULL, entries, NULL, &status))
    return status;
  if (output == NULL || argc > 1)
    return usage_error (_("demo needs -o FILE and nothing else"));

  if (!kd_demo_write (output, &error))
    return kd_cli_fail (error);
  g_print (_("Wrote the demo database to %s\n"), output);
  return KD_EXIT_OK;
}

static int
cmd_backup (int    argc,
            char **argv)
{
  g_autofree char *db = NULL;
  g_autofree char *output = NULL;
  g_autofree char *path = NULL;
  g_autofree char *src_name = NULL;
  g_autofree char *dest_name = NULL;
  g_autoptr(GError) error = NULL;
  int status = KD_EXIT_OK;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("Use the database FILE"), "FILE" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write to FILE"), "FILE" },
    { NULL }
  };

  if (!kd_cli_parse (&argc, &argv, NULL, entries, NULL, &status))
    return status;
  if (output == NULL || argc > 1)
    return usage_error (_("backup needs -o FILE and nothing else"));

  /* Only read: no store (and no writer) is needed, so a read-only file
   * can be backed up too. */
  path = db ? g_strdup (db) : kd_store_default_path ();
  if (!kd_store_backup_file (path, output, NULL, &error))
    return kd_cli_fail (error);
  src_name = g_filename_display_name (path);
  dest_name = g_filename_display_name (output);
  g_print (_("Backed up %s to %s\n"), src_name, dest_name);
  return KD_EXIT_OK;
}

static int
cmd_restore (int    argc,
             char **argv)
{
  g_autofree char *db = NULL;
  g_autofree char *path = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *db_name = NULL;
  g_autofree char *backup_name = NULL;
  g_autoptr(GError) error = NULL;
  int status = KD_EXIT_OK;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("Use the database FILE"), "FILE" },
    { NULL }
  };

  if (!kd_cli_parse (&argc, &argv, "BACKUP", entries, NULL, &status))
    return status;
  if (argc != 2)
    return usage_error (_("restore needs one BACKUP file"));

  path = db ? g_strdup (db) : kd_store_default_path ();
  if (!kd_store_restore_file (path, argv[1], &kept, NULL, &error))
    return kd_cli_fail (error);

  /* The restored file is opened once: migrated if the backup is older,
   * and back in WAL mode. */
  {
    g_autoptr(KdStore) store = kd_store_open_full (path, KD_STORE_OPEN_NONE, &error);
    if (store == NULL)
      return kd_cli_fail (error);
    kd_store_close (store);
  }

  db_name = g_filename_display_name (path);
  backup_name = g_filename_display_name (argv[1]);
  {
    g_autofree char *message = g_strdup_printf (_("Restored %s from %s"), db_name, backup_name);
    g_print ("%s\n", message);
  }
  if (kept != NULL)
    {
      g_autofree char *kept_name = g_filename_display_name (kept);
      g_autofree char *message = g_strdup_printf (_("The previous file was kept as %s"), kept_name);
      g_print ("%s\n", message);
    }
  return KD_EXIT_OK;
}

/* argv[0] is the sub-command's name. */
int
kd_cli_run (int    argc,
            char **argv)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_strcmp0 (argv[0], commands[i].name) == 0)
      return commands[i].handler (argc, argv);

  {
    g_autofree char *message = g_strdup_printf (_("unknown command “%s”"), argv[0]);
    return usage_error (message);
  }
}

gboolean
kd_cli_parse_options (int            *argc,
                      char         ***argv,
                      const char     *parameter,
                      GOptionEntry   *entries,
                      GError        **error)
{
  g_autoptr(GOptionContext) context = g_option_context_new (parameter);
  g_autofree char *now = NULL;
  GOptionEntry common[] = {
    { "now", 0, 0, G_OPTION_ARG_STRING, &now, N_("Pretend the time is TIME (ISO 8601 with offset)"), "TIME" },
    { NULL }
  };

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, common, GETTEXT_PACKAGE);
  return g_option_context_parse (context, argc, argv, error) && kd_clock_init_default (now, error);
}

gboolean
kd_cli_parse_limit (const char *text,
                    guint      *limit)
{
  guint64 value = 0;

  if (text == NULL || *text == '\0' || strlen (text) > 9)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
      value = value * 10 + (guint64) (*p - '0');
    }
  *limit = (guint) value;
  return value > 0;
}

gboolean
kd_cli_parse (int                 *argc,
              char              ***argv,
              const char          *parameter,
              GOptionEntry        *entries,
              const char * const  *usage,
              int                 *status)
{
  g_autoptr(GError) error = NULL;

  if (kd_cli_parse_options (argc, argv, parameter, entries, &error))
    return TRUE;
  *status = kd_cli_usage_error (error->message, usage);
  return FALSE;
}

/* No signs, spaces or short forms (sscanf would take "2026-+1" and " 2026-1"). */
gboolean
kd_cli_parse_month (const char *text,
                    int        *year,
                    int        *month)
{
  if (text == NULL || strlen (text) != 7 || text[4] != '-')
    return FALSE;
  for (int i = 0; i < 7; i++)
    if (i != 4 && !g_ascii_isdigit (text[i]))
      return FALSE;
  *year = (text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 + (text[3] - '0');
  *month = (text[5] - '0') * 10 + (text[6] - '0');
  return *month >= 1 && *month <= 12 && *year >= 1900;
}
