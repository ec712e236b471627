/* main.c: kefu-desk — a command-line sub-command, or else the window. */
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <glib-unix.h>
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

/* In the C locale GLib converts what it prints to ASCII, so every Chinese
 * file name comes out as "??". Terminals are UTF-8 nearly everywhere: there
 * the UTF-8 text is written as it is; in any other locale it is converted
 * to the locale's charset, as GLib does. */
static void
print_to (FILE       *stream,
          const char *utf8)
{
  const char *charset;

  if (g_get_charset (&charset) || g_ascii_strcasecmp (charset, "ANSI_X3.4-1968") == 0 ||
      g_ascii_strcasecmp (charset, "ASCII") == 0 || g_ascii_strcasecmp (charset, "US-ASCII") == 0)
    fputs (utf8, stream);
  else
    {
      g_autofree char *local = g_convert_with_fallback (utf8, -1, charset, "UTF-8", "?", NULL, NULL, NULL);
      fputs (local != NULL ? local : utf8, stream);
    }
  fflush (stream);
}

static void
print_stdout (const char *utf8)
{
  print_to (stdout, utf8);
}

static void
print_stderr (const char *utf8)
{
  print_to (stderr, utf8);
}

static gboolean
on_quit_signal (gpointer user_data)
{
  g_application_quit (G_APPLICATION (user_data));
  return G_SOURCE_CONTINUE;
}

/* The demo lives in a private temporary folder; leave nothing behind. */
static void
remove_demo (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  const char *suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      g_unlink (file);
    }
  g_rmdir (dir);
}

/* Without a GPU render node, GL is Mesa's software rasteriser (llvmpipe):
 * GTK 4.8 opens a GL context when the display opens, whichever renderer
 * draws, and that alone maps about 150 MB (LLVM's JIT, Mesa's state) to
 * draw what cairo draws on the same CPU. So on such a PC (a shop's office
 * box, a virtual machine, Xvfb) GL is left off. A GDK_DEBUG or
 * GSK_RENDERER set by the user wins, and KEFU_DESK_GL=1 keeps GL. */
static void
choose_renderer (void)
{
  g_autoptr(GDir) dri = NULL;
  const char *name;

  if (g_getenv ("GDK_DEBUG") != NULL || g_getenv ("GSK_RENDERER") != NULL ||
      g_strcmp0 (g_getenv ("KEFU_DESK_GL"), "1") == 0)
    return;
  dri = g_dir_open ("/dev/dri", 0, NULL);
  while (dri != NULL && (name = g_dir_read_name (dri)) != NULL)
    if (g_str_has_prefix (name, "renderD"))
      return;
  g_setenv ("GDK_DEBUG", "gl-disable", FALSE);
  /* Straight to cairo: GTK would try its GL renderer first and print that
   * it failed, at every window. */
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
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
  gboolean picker = FALSE;
  gboolean background = FALSE;
  int status;
  char *gui_argv[] = { argv[0], NULL };
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("Use the database FILE"), "FILE" },
    { "demo", 0, 0, G_OPTION_ARG_NONE, &demo, N_("Open a fresh demo database"), NULL },
    { "picker", 0, 0, G_OPTION_ARG_NONE, &picker, N_("Show the quick phrase picker (of the running window, if any)"), NULL },
    { "background", 0, 0, G_OPTION_ARG_NONE, &background, N_("Start without a window, checking for unpaid orders"), NULL },
    { "now", 0, 0, G_OPTION_ARG_STRING, &now, N_("Pretend the time is TIME (ISO 8601 with offset)"), "TIME" },
    { NULL }
  };

  init_i18n ();
  g_set_print_handler (print_stdout);
  g_set_printerr_handler (print_stderr);

  if (argc > 1 && argv[1][0] != '-')
    return kd_cli_run (argc - 1, argv + 1);  /* an unknown one prints the usage */

  if (argc > 1 && (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h")))
    {
      g_autofree char *usage = kd_cli_usage ();
      fputs (usage, stdout);
      return KD_EXIT_OK;
    }

  /* Before anything starts a thread (setenv) or opens the display. */
  choose_renderer ();

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
  /* SIGTERM and Ctrl+C in a terminal close the window like Ctrl+Q, so the
   * database is closed cleanly (and a demo removed). */
  g_unix_signal_add (SIGINT, on_quit_signal, app);
  g_unix_signal_add (SIGTERM, on_quit_signal, app);
  kd_application_set_background (app, background);
  if (background && !picker && g_application_register (G_APPLICATION (app), NULL, NULL) &&
      g_application_get_is_remote (G_APPLICATION (app)))
    /* Already running (and checking): nothing to start. */
    status = KD_EXIT_OK;
  else if (picker)
    status = kd_application_run_picker (app);
  else
    status = g_application_run (G_APPLICATION (app), 1, gui_argv);
  g_clear_object (&app);

  if (demo)
    remove_demo (db);
  return status;
}
