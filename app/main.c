/* main.c: kefu-desk — a command-line sub-command, or else the window. */
#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>

#include "kd-application.h"
#include "kd-cli.h"
#include "kd-clock.h"
#include "kd-demo.h"

static void
init_i18n (void)
{
  /* KEFU_DESK_LOCALEDIR lets an uninstalled build (meson devenv) find its
   * freshly compiled catalogues. */
  const char *localedir = g_getenv ("KEFU_DESK_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KdApplication) app = NULL;
  g_autofree char *db = NULL;
  g_autofree char *now = NULL;
  gboolean demo = FALSE;
  char *gui_argv[] = { argv[0], NULL };
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("Use the database FILE"), "FILE" },
    { "demo", 0, 0, G_OPTION_ARG_NONE, &demo, N_("Open a fresh demo database"), NULL },
    { "now", 0, 0, G_OPTION_ARG_STRING, &now, N_("Pretend the time is TIME (ISO 8601 with offset)"), "TIME" },
    { NULL }
  };

  init_i18n ();

  if (argc > 1 && argv[1][0] != '-')
    return kd_cli_run (argc - 1, argv + 1);  /* an unknown one prints the usage */

  if (argc > 1 && (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h")))
    {
      g_autofree char *usage = kd_cli_usage ();
      fputs (usage, stdout);
      return KD_EXIT_OK;
    }

  context = g_option_context_new (NULL);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_help_enabled (context, FALSE);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc > 1)
    {
      g_autofree char *usage = kd_cli_usage ();
      g_printerr ("kefu-desk: %s\n%s", error ? error->message : _("unexpected argument"), usage);
      return KD_EXIT_USAGE;
    }
  if (demo && db != NULL)
    {
      g_printerr ("kefu-desk: %s\n", _("--demo and --db cannot be used together"));
      return KD_EXIT_USAGE;
    }
  if (!kd_clock_init_default (now, &error))
    {
      g_printerr ("kefu-desk: %s\n", error->message);
      return KD_EXIT_USAGE;
    }

  if (demo)
    {
      db = kd_demo_create_temp (&error);
      if (db == NULL)
        {
          g_printerr ("kefu-desk: %s\n", error->message);
          return KD_EXIT_BAD_INPUT;
        }
    }

  /* A throw-away demo database is not worth backing up. */
  app = kd_application_new (db, !demo);
  return g_application_run (G_APPLICATION (app), 1, gui_argv);
}
