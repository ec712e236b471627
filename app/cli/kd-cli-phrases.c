/* kd-cli-phrases.c: `kefu-desk phrases import|export|search`: parse, call the phrase service, print. */
#include "kd-cli-phrases.h"
#include "kd-cli.h"
#include "kd-clock.h"
#include "kd-phrase-service.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

static const char * const usage_lines[] = {
  N_("Usage: kefu-desk phrases import [--db FILE] FILE.csv"),
  N_("       kefu-desk phrases export [--db FILE] [--format kefu|qianniu] FILE.csv"),
  N_("       kefu-desk phrases search [--db FILE] [--limit N] QUERY"),
  NULL
};

static int
usage (const char *message)
{
  return kd_cli_usage_error (message, usage_lines);
}

static KdPhraseService *
open_service (const char  *db,
              KdStore    **out_store,
              GError     **error)
{
  *out_store = kd_cli_open_store (db, error);
  if (*out_store == NULL)
    return NULL;
  return kd_phrase_service_new (*out_store);
}

static int
phrases_import (int    argc,
                char **argv)
{
  g_autofree char *db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KdStore) store = NULL;
  g_autoptr(KdPhraseService) service = NULL;
  g_autofree char *name = NULL;
  KdPhraseImportCounts counts = { 0 };
  int status = KD_EXIT_OK;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("Use the database FILE"), "FILE" },
    { NULL }
  };

  if (!kd_cli_parse (&argc, &argv, "FILE.csv", entries, usage_lines, &status))
    return status;
  if (argc != 2)
    return usage (_("phrases import needs one FILE.csv"));

  service = open_service (db, &store, &error);
  if (service == NULL)
    return kd_cli_fail (error);
  if (!kd_phrase_service_import (service, argv[1], &counts, &error))
    return kd_cli_fail (error);

  name = g_filename_display_name (argv[1]);
  /* %u: the counts are guint. */
  g_print (_("Imported %s: %u added, %u updated, %u new groups.\n"),
           name, counts.added, counts.updated, counts.groups_added);
  return KD_EXIT_OK;
}

static int
phrases_export (int    argc,
                char **argv)
{
  g_autofree char *db = NULL;
  g_autofree char *format_text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KdStore) store = NULL;
  g_autoptr(KdPhraseService) service = NULL;
  g_autofree char *name = NULL;
  KdPhraseFormat format = KD_PHRASE_FORMAT_KEFU;
  guint n = 0;
  int status = KD_EXIT_OK;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("Use the database FILE"), "FILE" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_text, N_("kefu (UTF-8, the default) or qianniu (GBK)"), "FORMAT" },
    { NULL }
  };

  if (!kd_cli_parse (&argc, &argv, "FILE.csv", entries, usage_lines, &status))
    return status;
  if (argc != 2)
    return usage (_("phrases export needs one FILE.csv"));
  if (format_text == NULL || g_str_equal (format_text, "kefu"))
    format = KD_PHRASE_FORMAT_KEFU;
  else if (g_str_equal (format_text, "qianniu"))
    format = KD_PHRASE_FORMAT_QIANNIU;
  else
    return usage (_("--format must be kefu or qianniu"));

  service = open_service (db, &store, &error);
  if (service == NULL)
    return kd_cli_fail (error);
  if (!kd_phrase_service_export (service, argv[1], format, &n, &error))
    return kd_cli_fail (error);

  name = g_filename_display_name (argv[1]);
  g_print (_("Exported %u phrases to %s.\n"), n, name);
  return KD_EXIT_OK;
}

char *
kd_cli_phrases_escape_field (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text ? text : ""; *p != '\0'; p++)
    switch (*p)
      {
      case '\\': g_string_append (out, "\\\\"); break;
      case '\t': g_string_append (out, "\\t"); break;
      case '\n': g_string_append (out, "\\n"); break;
      case '\r': g_string_append (out, "\\r"); break;
      default:   g_string_append_c (out, *p);
      }
  return g_string_free (out, FALSE);
}

static int
phrases_search (int    argc,
                char **argv)
{
  g_autofree char *db = NULL;
  g_autofree char *limit_text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KdStore) store = NULL;
  g_autoptr(KdPhraseService) service = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  guint limit = 20;
  int status = KD_EXIT_OK;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("Use the database FILE"), "FILE" },
    { "limit", 0, 0, G_OPTION_ARG_STRING, &limit_text, N_("Print at most N matches (default 20)"), "N" },
    { NULL }
  };

  if (!kd_cli_parse (&argc, &argv, "QUERY", entries, usage_lines, &status))
    return status;
  if (argc != 2)
    return usage (_("phrases search needs one QUERY (quote it if it has spaces)"));
  if (limit_text != NULL && !kd_cli_parse_limit (limit_text, &limit))
    return usage (_("--limit must be a whole number more than 0"));
  if (!g_utf8_validate (argv[1], -1, NULL))
    return usage (_("the QUERY is not valid UTF-8"));

  service = open_service (db, &store, &error);
  if (service == NULL)
    return kd_cli_fail (error);
  found = kd_phrase_service_search (service, argv[1], limit, &error);
  if (found == NULL)
    return kd_cli_fail (error);

  for (guint i = 0; i < found->len; i++)
    {
      KdPhrase *p = g_ptr_array_index (found, i);
      g_autofree char *shortcut = kd_cli_phrases_escape_field (kd_phrase_get_shortcut (p));
      g_autofree char *group = kd_cli_phrases_escape_field (kd_phrase_get_group_name (p));
      g_autofree char *title = kd_cli_phrases_escape_field (kd_phrase_get_title (p));
      g_autofree char *body = kd_cli_phrases_escape_field (kd_phrase_get_body (p));

      g_string_append_printf (out, "%s\t%s\t%s\t%s\n", shortcut, group, title, body);
    }
  /* Bytes as they are: machine output is UTF-8 whatever the locale. */
  kd_cli_print (out);
  return KD_EXIT_OK;
}

int
kd_cli_phrases (int    argc,
                char **argv)
{
  if (argc < 2)
    return usage (_("phrases needs a sub-command: import, export or search"));
  if (g_str_equal (argv[1], "import"))
    return phrases_import (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "export"))
    return phrases_export (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "search"))
    return phrases_search (argc - 1, argv + 1);
  {
    g_autofree char *message = g_strdup_printf (_("unknown phrases sub-command “%s”"), argv[1]);
    return usage (message);
  }
}
