/* kd-cli-orders.c: `kefu-desk import-orders FILE…` and `kefu-desk orders list`: parse, call the order service, print. */
#include "kd-cli-orders.h"
#include "kd-cli-phrases.h"
#include "kd-cli.h"
#include "kd-clock.h"
#include "kd-order-service.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

static const char * const usage_lines[] = {
  N_("Usage: kefu-desk import-orders [--db FILE] [--skip-bad-rows] [--rejects FILE] REPORT…"),
  N_("       kefu-desk orders list [--db FILE] [--flag FLAG] [--status STATUS] [--agent JOB_NO] "
       "[--search Q] [--since DATE] [--limit N]"),
  NULL
};

static int
usage (const char *message)
{
  return kd_cli_usage_error (message, usage_lines);
}

int
kd_cli_import_orders (int    argc,
                      char **argv)
{
  g_autofree char *db = NULL;
  g_autofree char *rejects = NULL;
  gboolean skip = FALSE;
  g_autoptr(GError) error = NULL;
  g_autoptr(KdStore) store = NULL;
  g_autoptr(KdOrderService) service = NULL;
  KdOrderImportSummary s = { 0 };
  int status = KD_EXIT_OK;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("Use the database FILE"), "FILE" },
    { "skip-bad-rows", 0, 0, G_OPTION_ARG_NONE, &skip, N_("Import the good rows and skip the bad ones"), NULL },
    { "rejects", 0, 0, G_OPTION_ARG_FILENAME, &rejects, N_("With --skip-bad-rows: write the skipped rows and why to FILE"), "FILE" },
    { NULL }
  };

  if (!kd_cli_parse (&argc, &argv, "REPORT…", entries, usage_lines, &status))
    return status;
  if (argc < 2)
    return usage (_("import-orders needs at least one REPORT (an order report or an item report, CSV)"));
  if (rejects != NULL && !skip)
    return usage (_("--rejects needs --skip-bad-rows"));
  store = kd_cli_open_store (db, &error);
  if (store == NULL)
    return kd_cli_fail (error);
  service = kd_order_service_new (store, NULL);
  {
    g_autofree char *tz = kd_store_get_setting (store, "shop.time-zone", NULL);
    if (tz != NULL && *tz != '\0')
      kd_order_service_set_time_zone (service, tz);
  }
  if (!kd_order_service_import (service, (const char * const *) argv + 1, skip, rejects, &s, NULL, &error))
    return kd_cli_fail (error);
  g_print (_("Read %u rows: %u orders added, %u updated, %u unchanged; %u item lines; %u new customers; "
             "%u warnings; %u rows skipped.\n"),
           s.rows, s.added, s.updated, s.unchanged, s.items, s.customers, s.warnings, s.rejected);
  return KD_EXIT_OK;
}

static int
orders_list (int    argc,
             char **argv)
{
  g_autofree char *db = NULL;
  g_autofree char *flag_text = NULL;
  g_autofree char *status_text = NULL;
  g_autofree char *agent = NULL;
  g_autofree char *search = NULL;
  g_autofree char *since_text = NULL;
  g_autofree char *limit_text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KdStore) store = NULL;
  g_autoptr(KdOrderService) service = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  KdFlag flag = KD_FLAG_NONE;
  KdOrderStatus st = KD_ORDER_OTHER;
  gint64 since = 0;
  guint limit = 50;
  int status = KD_EXIT_OK;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("Use the database FILE"), "FILE" },
    { "flag", 0, 0, G_OPTION_ARG_STRING, &flag_text, N_("none, red, yellow, green, blue or purple"), "FLAG" },
    { "status", 0, 0, G_OPTION_ARG_STRING, &status_text,
      N_("awaiting-payment, paid, shipped, completed, closed or other"), "STATUS" },
    { "agent", 0, 0, G_OPTION_ARG_STRING, &agent, N_("Orders with a remark by job number JOB_NO"), "JOB_NO" },
    { "search", 0, 0, G_OPTION_ARG_STRING, &search, N_("Order number, buyer, receiver or remark text"), "Q" },
    { "since", 0, 0, G_OPTION_ARG_STRING, &since_text, N_("Orders placed on or after DATE (YYYY-MM-DD)"), "DATE" },
    { "limit", 0, 0, G_OPTION_ARG_STRING, &limit_text, N_("Print at most N orders (default 50)"), "N" },
    { NULL }
  };

  if (!kd_cli_parse (&argc, &argv, "", entries, usage_lines, &status))
    return status;
  if (argc != 1)
    return usage (_("orders list takes no arguments, only options"));
  if (flag_text != NULL && !kd_flag_from_key (flag_text, &flag))
    return usage (_("--flag must be none, red, yellow, green, blue or purple"));
  if (status_text != NULL && !kd_order_status_from_key (status_text, &st))
    return usage (_("--status must be awaiting-payment, paid, shipped, completed, closed or other"));
  if (limit_text != NULL && !kd_cli_parse_limit (limit_text, &limit))
    return usage (_("--limit must be a whole number more than 0"));
  store = kd_cli_open_store (db, &error);
  if (store == NULL)
    return kd_cli_fail (error);
  if (since_text != NULL)
    {
      g_autofree char *tz_name = kd_store_get_setting (store, "shop.time-zone", NULL);
      g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (tz_name && *tz_name ? tz_name : "Asia/Shanghai");

      if (tz == NULL || !kd_order_time_parse (since_text, tz, &since))
        return usage (_("--since must be a date, YYYY-MM-DD"));
    }
  service = kd_order_service_new (store, NULL);
  list = kd_order_service_list (service, flag_text ? (int) flag : -1, status_text ? (int) st : -1, agent,
                                search, since, limit, &error);
  if (list == NULL)
    return kd_cli_fail (error);
  for (guint i = 0; i < list->len; i++)
    {
      KdOrder *o = g_ptr_array_index (list, i);
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (o->created_at);
      g_autofree char *created = dt ? g_date_time_format_iso8601 (dt) : g_strdup ("");
      g_autofree char *buyer = kd_cli_phrases_escape_field (o->buyer);
      g_autofree char *remark = kd_cli_phrases_escape_field (o->latest_remark);

      g_string_append_printf (out, "%s\t%s\t%s\t%s\t%" G_GINT64_FORMAT ".%02d\t%s\t%s\n", o->order_no, buyer,
                              kd_order_status_to_key (o->status), created, o->total / 100, (int) (o->total % 100),
                              kd_flag_to_key (o->flag), remark);
    }
  kd_cli_print (out);
  return KD_EXIT_OK;
}

int
kd_cli_orders (int    argc,
               char **argv)
{
  if (argc < 2)
    return usage (_("orders needs a sub-command: list"));
  if (g_str_equal (argv[1], "list"))
    return orders_list (argc - 1, argv + 1);
  {
    g_autofree char *message = g_strdup_printf (_("unknown orders sub-command “%s”"), argv[1]);
    return usage (message);
  }
}
