/* kd-cli-customers.c: `kefu-desk customers import|export|search`: parse, call the customer service, print. */
#include "kd-cli-customers.h"
#include "kd-cli-phrases.h"
#include "kd-cli.h"
#include "kd-clock.h"
#include "kd-customer-service.h"
#include "kd-staff-service.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

static const char * const usage_lines[] = {
  N_("Usage: kefu-desk customers import [--db FILE] FILE.csv"),
  N_("       kefu-desk customers export [--db FILE] FILE.csv"),
  N_("       kefu-desk customers search [--db FILE] [--tag TAG]… [--any] [--limit N] QUERY"),
  NULL
};

static int
usage (const char *message)
{
  return kd_cli_usage_error (message, usage_lines);
}

static KdCustomerService *
open_service (const char  *db,
              KdStore    **out_store,
              GError     **error)
{
  *out_store = kd_cli_open_store (db, error);
  if (*out_store == NULL)
    return NULL;
  /* Nobody is signed in at the command line: audit rows say so. */
  return kd_customer_service_new (*out_store, NULL);
}

static int
customers_import (int    argc,
                  char **argv)
{
  g_autofree char *db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KdStore) store = NULL;
  g_autoptr(KdCustomerService) service = NULL;
  g_autofree char *name = NULL;
  KdCustomerImportCounts counts = { 0 };
  int status = KD_EXIT_OK;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("Use the database FILE"), "FILE" },
    { NULL }
  };

  if (!kd_cli_parse (&argc, &argv, "FILE.csv", entries, usage_lines, &status))
    return status;
  if (argc != 2)
    return usage (_("customers import needs one FILE.csv"));
  service = open_service (db, &store, &error);
  if (service == NULL)
    return kd_cli_fail (error);
  if (!kd_customer_service_import (service, argv[1], &counts, &error))
    return kd_cli_fail (error);
  name = g_filename_display_name (argv[1]);
  g_print (_("Imported %s: %u added, %u updated, %u new tags.\n"), name, counts.added, counts.updated, counts.tags_added);
  return KD_EXIT_OK;
}

static int
customers_export (int    argc,
                  char **argv)
{
  g_autofree char *db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KdStore) store = NULL;
  g_autoptr(KdCustomerService) service = NULL;
  g_autofree char *name = NULL;
  guint n = 0;
  int status = KD_EXIT_OK;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("Use the database FILE"), "FILE" },
    { NULL }
  };

  if (!kd_cli_parse (&argc, &argv, "FILE.csv", entries, usage_lines, &status))
    return status;
  if (argc != 2)
    return usage (_("customers export needs one FILE.csv"));
  service = open_service (db, &store, &error);
  if (service == NULL)
    return kd_cli_fail (error);
  if (!kd_customer_service_export (service, argv[1], NULL, &n, &error))
    return kd_cli_fail (error);
  name = g_filename_display_name (argv[1]);
  g_print (_("Exported %u customers to %s.\n"), n, name);
  return KD_EXIT_OK;
}

static int
customers_search (int    argc,
                  char **argv)
{
  g_autofree char *db = NULL;
  g_autofree char *limit_text = NULL;
  g_auto(GStrv) tag_names = NULL;
  gboolean any = FALSE;
  g_autoptr(GError) error = NULL;
  g_autoptr(KdStore) store = NULL;
  g_autoptr(KdCustomerService) service = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GArray) tag_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GString) out = g_string_new (NULL);
  guint limit = 20;
  int status = KD_EXIT_OK;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("Use the database FILE"), "FILE" },
    { "tag", 0, 0, G_OPTION_ARG_STRING_ARRAY, &tag_names, N_("Only customers with the tag TAG (repeatable: all of them)"), "TAG" },
    { "any", 0, 0, G_OPTION_ARG_NONE, &any, N_("With several --tag: any of them instead of all"), NULL },
    { "limit", 0, 0, G_OPTION_ARG_STRING, &limit_text, N_("Print at most N matches (default 20)"), "N" },
    { NULL }
  };

  if (!kd_cli_parse (&argc, &argv, "QUERY", entries, usage_lines, &status))
    return status;
  if (argc > 2)
    return usage (_("customers search takes one QUERY (quote it if it has spaces)"));
  if (limit_text != NULL && !kd_cli_parse_limit (limit_text, &limit))
    return usage (_("--limit must be a whole number more than 0"));
  if (argc == 2 && !g_utf8_validate (argv[1], -1, NULL))
    return usage (_("the QUERY is not valid UTF-8"));
  if (argc < 2 && tag_names == NULL)
    return usage (_("customers search needs a QUERY or a --tag"));

  service = open_service (db, &store, &error);
  if (service == NULL)
    return kd_cli_fail (error);

  for (guint i = 0; tag_names != NULL && tag_names[i] != NULL; i++)
    {
      GListModel *tags = kd_customer_service_get_tags (service);
      gint64 id = 0;

      for (guint k = 0; k < g_list_model_get_n_items (tags) && id == 0; k++)
        {
          g_autoptr(KdTag) t = g_list_model_get_item (tags, k);
          if (g_utf8_collate (kd_tag_get_name (t), tag_names[i]) == 0 ||
              g_ascii_strcasecmp (kd_tag_get_name (t), tag_names[i]) == 0)
            id = kd_tag_get_id (t);
        }
      if (id == 0)
        {
          g_printerr (_("kefu-desk: there is no tag “%s”\n"), tag_names[i]);
          return KD_EXIT_BAD_INPUT;
        }
      g_array_append_val (tag_ids, id);
    }

  found = kd_customer_service_search (service, argc == 2 ? argv[1] : "", (const gint64 *) (gpointer) tag_ids->data,
                                      tag_ids->len, any, limit, &error);
  if (found == NULL)
    return kd_cli_fail (error);

  for (guint i = 0; i < found->len; i++)
    {
      KdCustomer *c = g_ptr_array_index (found, i);
      g_autoptr(GString) tags = g_string_new (NULL);
      g_autofree char *nick = kd_cli_phrases_escape_field (c->nickname);
      g_autofree char *name = kd_cli_phrases_escape_field (c->real_name);
      g_autofree char *tag_text = NULL;

      for (guint k = 0; k < c->tag_ids->len; k++)
        {
          KdTag *t = kd_customer_service_lookup_tag (service, g_array_index (c->tag_ids, gint64, k));
          if (t == NULL)
            continue;
          if (tags->len > 0)
            g_string_append_c (tags, ',');
          g_string_append (tags, kd_tag_get_name (t));
        }
      tag_text = kd_cli_phrases_escape_field (tags->str);
      g_string_append_printf (out, "%s\t%s\t%d\t%s\t%d\t%" G_GINT64_FORMAT ".%02d\n", nick, name, c->vip, tag_text,
                              c->order_count, c->total_paid / 100, (int) (c->total_paid % 100));
    }
  kd_cli_print (out);
  return KD_EXIT_OK;
}

int
kd_cli_customers (int    argc,
                  char **argv)
{
  if (argc < 2)
    return usage (_("customers needs a sub-command: import, export or search"));
  if (g_str_equal (argv[1], "import"))
    return customers_import (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "export"))
    return customers_export (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "search"))
    return customers_search (argc - 1, argv + 1);
  {
    g_autofree char *message = g_strdup_printf (_("unknown customers sub-command “%s”"), argv[1]);
    return usage (message);
  }
}
