/* kd-order-repo.c: reading and writing orders, their item lines and remarks, with their search rows. */
#include "config.h"

#include "kd-order-repo.h"
#include "kd-customer-repo.h"
#include "kd-query-model-private.h"
#include "kd-search.h"
#include "kd-search-keys.h"
#include "kd-error.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* Read from "orders" alone (the list's page reads add "WHERE id IN …"). */
#define ORDER_COLUMNS "orders.id, orders.order_no, orders.customer_id, " \
                      "(SELECT nickname FROM customers WHERE customers.id = orders.customer_id), " \
                      "orders.status, orders.status_text, orders.created_at, orders.paid_at, " \
                      "orders.shipped_at, orders.total, orders.paid, orders.postage, orders.receiver_name, orders.receiver_phone, " \
                      "orders.receiver_address, orders.shipping_method, orders.courier, orders.tracking_no, orders.buyer_message, " \
                      "orders.close_reason, orders.taobao_memo, orders.flag, " \
                      "(SELECT text FROM order_remarks r WHERE r.order_id = orders.id ORDER BY r.at DESC, r.id DESC LIMIT 1), " \
                      "(SELECT job_number FROM order_remarks r WHERE r.order_id = orders.id ORDER BY r.at DESC, r.id DESC LIMIT 1)"

static KdOrder *
order_row (sqlite3_stmt *stmt)
{
  KdOrder *o = kd_order_new (kd_stmt_text (stmt, 1), kd_stmt_text (stmt, 3));

  o->id = sqlite3_column_int64 (stmt, 0);
  o->customer_id = sqlite3_column_int64 (stmt, 2);
  o->status = (KdOrderStatus) sqlite3_column_int (stmt, 4);
  kd_order_set_text (&o->status_text, kd_stmt_text (stmt, 5));
  o->created_at = sqlite3_column_int64 (stmt, 6);
  o->paid_at = sqlite3_column_int64 (stmt, 7);
  o->shipped_at = sqlite3_column_int64 (stmt, 8);
  o->total = sqlite3_column_int64 (stmt, 9);
  o->paid = sqlite3_column_int64 (stmt, 10);
  o->postage = sqlite3_column_int64 (stmt, 11);
  kd_order_set_text (&o->receiver_name, kd_stmt_text (stmt, 12));
  kd_order_set_text (&o->receiver_phone, kd_stmt_text (stmt, 13));
  kd_order_set_text (&o->receiver_address, kd_stmt_text (stmt, 14));
  kd_order_set_text (&o->shipping_method, kd_stmt_text (stmt, 15));
  kd_order_set_text (&o->courier, kd_stmt_text (stmt, 16));
  kd_order_set_text (&o->tracking_no, kd_stmt_text (stmt, 17));
  kd_order_set_text (&o->buyer_message, kd_stmt_text (stmt, 18));
  kd_order_set_text (&o->close_reason, kd_stmt_text (stmt, 19));
  kd_order_set_text (&o->taobao_memo, kd_stmt_text (stmt, 20));
  o->flag = (KdFlag) sqlite3_column_int (stmt, 21);
  kd_order_set_text (&o->latest_remark, kd_stmt_text (stmt, 22));
  kd_order_set_text (&o->agent, kd_stmt_text (stmt, 23));
  return o;
}

/* ---------------------------------------------------------------- the board's list */

static GObject *
order_placeholder (gint64 id)
{
  KdOrder *o = kd_order_new ("", "");
  o->id = id;
  return G_OBJECT (o);
}

static GObject *
order_read_row (sqlite3_stmt *stmt)
{
  return G_OBJECT (order_row (stmt));
}

static void
order_assign (GObject *target,
              GObject *fresh)
{
  kd_order_assign (KD_ORDER (target), KD_ORDER (fresh));
}

/* @s's range as a prefix: [s, s with its last character the next one);
 * for digits that is never past '9' + 1 (':'). */
static void
add_prefix_range (GPtrArray  *params,
                  const char *s)
{
  g_autofree char *end = g_strdup (s);

  end[strlen (end) - 1]++;
  g_ptr_array_add (params, g_variant_ref_sink (g_variant_new_string (s)));
  g_ptr_array_add (params, g_variant_ref_sink (g_variant_new_string (end)));
}

/* A run of digits this long is an order number (Taobao's have 16 to 19
 * digits; phones 11, courier tracking numbers at most 15): it is looked up
 * as one only. Its digit pairs are in most search rows (receivers' and
 * buyers' numbers, remarks), and the text search for them alone took
 * 30–50 ms over a million orders. */
#define ORDER_NO_ONLY_DIGITS 16

/* An order's own search row has its receiver and remarks; its number and
 * its buyer are found where they are kept once (0013-orders-search.sql):
 * a number typed whole or from its start is a range of order_no's index,
 * its last digits one of order_no_rev's (a part from the middle is not
 * looked up); the buyer through the customers' search rows (what finds the
 * buyer on the Customers page: nickname, name, phone, notes, pinyin), then
 * the buyers' orders through their index. One "id IN (… UNION ALL …)":
 * each branch is an index lookup, and the planner keeps it one list of ids
 * whatever order and filters surround it. */
static char *
order_build_search (const char *text,
                    GPtrArray  *params)
{
  g_autofree char *raw = kd_search_fold (text);
  char *digits = g_strstrip (raw);   /* folded: full-width digits are digits */
  gboolean number = kd_order_no_is_valid (digits);
  g_autoptr(GString) sql = g_string_new ("id IN (");

  if (!number || strlen (digits) < ORDER_NO_ONLY_DIGITS)
    {
      /* One FTS5 query for both: orders' rows and their buyers'. */
      static const char * const domains[] = { KD_ORDER_SEARCH_DOMAIN, KD_CUSTOMER_SEARCH_DOMAIN };
      g_autofree char *refs = kd_search_build_refs (text, domains, G_N_ELEMENTS (domains), params);

      if (refs == NULL)
        return NULL;
      g_string_append_printf (sql, "WITH m AS MATERIALIZED (%s) "
                              "SELECT ref_id FROM m WHERE domain = '" KD_ORDER_SEARCH_DOMAIN "' "
                              "UNION ALL SELECT id FROM orders WHERE customer_id IN "
                              "(SELECT ref_id FROM m WHERE domain = '" KD_CUSTOMER_SEARCH_DOMAIN "')", refs);
      if (number)
        g_string_append (sql, " UNION ALL ");
    }
  if (number)
    {
      g_autofree char *reversed = g_strreverse (g_strdup (digits));

      g_string_append (sql, "SELECT id FROM orders WHERE order_no >= ? AND order_no < ?"
                            " UNION ALL SELECT id FROM orders WHERE order_no_rev >= ? AND order_no_rev < ?");
      add_prefix_range (params, digits);
      add_prefix_range (params, reversed);
    }
  g_string_append_c (sql, ')');
  return g_string_free (g_steal_pointer (&sql), FALSE);
}

/* The order number typed exactly comes first. */
static char *
order_build_rank (const char *text,
                  GPtrArray  *params)
{
  g_autofree char *t = g_strstrip (g_strdup (text));

  if (!kd_order_no_is_valid (t))
    return NULL;
  g_ptr_array_add (params, g_variant_ref_sink (g_variant_new_string (t)));
  return g_strdup ("(order_no = ?) DESC");
}

static const KdQuerySort order_sorts[] = {
  { "created", "created_at" },
  { "order-no", "length(order_no), order_no" },
  { "buyer", "(SELECT nickname_sort FROM customers c WHERE c.id = orders.customer_id)" },
  { "total", "total" },
  { "status", "status" },
  { "flag", "flag" },
};

#define FOLLOW_UP_DUE "(flag = 3 AND (SELECT follow_up FROM order_remarks r WHERE r.order_id = orders.id " \
                      "ORDER BY r.at DESC, r.id DESC LIMIT 1) BETWEEN '0' AND ?)"

/* "attention": today (YYYY-MM-DD, for the follow-up dates), and with it
 * as "(sx)" the start of the last shift (UTC): remarks written since. */
static char *
attention_build (GVariant   *value,
                 gboolean    searching,
                 GPtrArray  *params)
{
  const char *today = NULL;
  gint64 since = 0;

  if (g_variant_is_of_type (value, G_VARIANT_TYPE ("(sx)")))
    g_variant_get (value, "(&sx)", &today, &since);
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    today = g_variant_get_string (value, NULL);
  else
    return NULL;
  g_ptr_array_add (params, g_variant_ref_sink (g_variant_new_string (today)));
  if (since <= 0)
    return g_strdup (FOLLOW_UP_DUE);
  g_ptr_array_add (params, g_variant_ref_sink (g_variant_new_int64 (since)));
  return g_strdup (FOLLOW_UP_DUE " OR id IN (SELECT order_id FROM order_remarks WHERE at >= ?)");
}

/* The filters build_count() and build_ids() look at, by place. */
enum { FILTER_STATUS, FILTER_FLAG, FILTER_AGENT };

static const KdQueryFilter order_filters[] = {
  [FILTER_STATUS] = { "status", "status = ?", NULL },
  [FILTER_FLAG] = { "flag", "flag = ?", NULL },
  [FILTER_AGENT] = { "agent", "id IN (SELECT order_id FROM order_remarks WHERE job_number = ?)", NULL, NULL, TRUE },
  { "since", "created_at >= ?", NULL },
  { "until", "created_at < ?", NULL },
  { "customer", "customer_id = ?", NULL },
  /* Green orders whose follow-up date (local) has come, and remarks of the last shift. */
  { "attention", NULL, attention_build },
};

/* A list kept by status or flag alone is counted from order_tally (0016):
 * a million orders of flag "none" took 42–60 ms to count in the index. */
static char *
order_build_count (GVariant * const *values,
                   GPtrArray        *params)
{
  GString *sql;

  for (guint i = 0; i < G_N_ELEMENTS (order_filters); i++)
    if (i != FILTER_STATUS && i != FILTER_FLAG && values[i] != NULL)
      return NULL;
  sql = g_string_new ("SELECT coalesce(sum(n), 0) FROM order_tally WHERE 1");
  if (values[FILTER_STATUS] != NULL)
    {
      g_string_append (sql, " AND status = ?");
      g_ptr_array_add (params, g_variant_ref (values[FILTER_STATUS]));
    }
  if (values[FILTER_FLAG] != NULL)
    {
      g_string_append (sql, " AND flag = ?");
      g_ptr_array_add (params, g_variant_ref (values[FILTER_FLAG]));
    }
  return g_string_free (sql, FALSE);
}

/* One agent's orders (the agent filter alone, no search), by time: from
 * that agent's remarks (0017), one range of one index. An order remarked
 * twice by the agent comes twice, side by side; the model keeps one. */
static char *
order_build_ids (GVariant * const  *values,
                 const KdQuerySort *sort,
                 gboolean           descending,
                 GPtrArray         *params)
{
  const char *dir = descending ? " DESC" : "";

  if (values[FILTER_AGENT] == NULL || sort != &order_sorts[0])
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (order_filters); i++)
    if (i != FILTER_AGENT && values[i] != NULL)
      return NULL;
  g_ptr_array_add (params, g_variant_ref (values[FILTER_AGENT]));
  return g_strdup_printf ("SELECT order_id FROM order_remarks WHERE job_number = ? "
                          "ORDER BY order_created_at%s, order_id%s", dir, dir);
}

const KdQuerySpec *
kd_order_repo_query_spec (void)
{
  static KdQuerySpec spec = {
    .table = "orders",
    .from = "orders",
    .columns = ORDER_COLUMNS,
    .new_placeholder = order_placeholder,
    .read_row = order_read_row,
    .assign = order_assign,
    .build_search = order_build_search,
    .build_rank = order_build_rank,
    .build_count = order_build_count,
    .build_ids = order_build_ids,
    .sorts = order_sorts,
    .n_sorts = G_N_ELEMENTS (order_sorts),
    .filters = order_filters,
    .n_filters = G_N_ELEMENTS (order_filters),
  };

  if (spec.item_type == 0)
    spec.item_type = KD_TYPE_ORDER;
  return &spec;
}

/* ---------------------------------------------------------------- search rows */

/* An order's search row: its receiver and its remarks. The number and
 * the buyer are not in it (order_build_search). A new order has no
 * remarks yet: its text from the row itself, and none at all without a
 * receiver. */
void
kd_order_repo_prepare_search (const KdOrder *o,
                              KdSearchText  *out)
{
  kd_search_text_prepare (out, o->receiver_name, o->receiver_name);
}

static gboolean
write_new_search_row (KdConn             *conn,
                      KdOrder            *o,
                      const KdSearchText *prepared,
                      GError            **error)
{
  if (*o->receiver_name == '\0')
    return TRUE;
  if (prepared != NULL)
    return kd_search_index_set_prepared (conn, KD_ORDER_SEARCH_DOMAIN, o->id, prepared, error);
  return kd_search_index_set_full (conn, KD_ORDER_SEARCH_DOMAIN, o->id, o->receiver_name, o->receiver_name, error);
}

static gboolean
write_search_row (KdConn   *conn,
                  gint64    order_id,
                  GError  **error)
{
  sqlite3_stmt *stmt = kd_conn_prepare (conn,
    "SELECT o.receiver_name, "
    "coalesce((SELECT group_concat(text, char(10)) FROM order_remarks r WHERE r.order_id = o.id), '') "
    "FROM orders o WHERE o.id = ?", error);
  g_autofree char *text = NULL;
  g_autofree char *receiver = NULL;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, order_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      receiver = g_strdup (kd_stmt_text (stmt, 0));
      text = g_strdup_printf ("%s\n%s", receiver, kd_stmt_text (stmt, 1));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      kd_conn_set_error (conn, error, rc, "orders");
      return FALSE;
    }
  return kd_search_index_set_full (conn, KD_ORDER_SEARCH_DOMAIN, order_id, text, receiver, error);
}

gboolean
kd_order_repo_fill_search (KdConn  *conn,
                           GError **error)
{
  sqlite3_stmt *stmt = kd_conn_prepare (conn, "SELECT order_id FROM order_search_refill ORDER BY order_id", error);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      kd_conn_set_error (conn, error, rc, "orders");
      return FALSE;
    }
  if (ids->len == 0)
    return TRUE;
  if (!kd_search_batch_begin (conn, error))
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    if (!write_search_row (conn, g_array_index (ids, gint64, i), error))
      return FALSE;
  /* Each row written again left its old tokens in the index's segments
   * with a deletion beside them, so the long posting lists this is meant
   * to shorten would stay until FTS5 happened to merge them: merge now. */
  if (!kd_search_batch_end (conn, error) ||
      !kd_search_optimize (conn, error))
    return FALSE;
  kd_conn_note_changed (conn, "orders", 0);
  return kd_conn_exec (conn, "DELETE FROM order_search_refill", error);
}

/* ---------------------------------------------------------------- writing */

/* The page cache an import may fill (KiB, as PRAGMA cache_size takes
 * it): a 100 000-row report touches some 100 MB of pages at random (five
 * indexes, the buyers', the search index); with SQLite's default 2 MB they
 * go out to the WAL and come back many times over before the commit. */
#define IMPORT_CACHE_KIB 131072

gboolean
kd_order_repo_import_begin (KdConn  *conn,
                            GError **error)
{
  /* The buyers an import adds are written after their orders (see
   * kd-order-import.c): the orders' reference to them is checked at the
   * commit. SQLite turns this off again when the transaction ends. */
  return kd_conn_exec (conn, "PRAGMA defer_foreign_keys = ON", error) &&
         kd_conn_begin_bulk (conn, IMPORT_CACHE_KIB, error) &&
         kd_search_batch_begin (conn, error);
}

gboolean
kd_order_repo_import_end (KdConn  *conn,
                          GError **error)
{
  gboolean ok = kd_search_batch_end (conn, error);

  kd_order_repo_import_abandon (conn);
  return ok;
}

void
kd_order_repo_import_abandon (KdConn *conn)
{
  /* Back to the default, whether the import went through or not, and the
   * pages given back after the commit or rollback: the writer lives as
   * long as the app, and the import's cache would stay otherwise. */
  kd_conn_end_bulk (conn);
}

GPtrArray *
kd_order_repo_drop_indexes (KdConn  *conn,
                            GError **error)
{
  sqlite3_stmt *stmt = kd_conn_prepare (conn,
    "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name IN ('orders', 'customers') "
    "AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%' AND name <> 'orders_customer' ORDER BY name", error);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) definitions = g_ptr_array_new_with_free_func (g_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_ptr_array_add (names, g_strdup (kd_stmt_text (stmt, 0)));
      g_ptr_array_add (definitions, g_strdup (kd_stmt_text (stmt, 1)));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      kd_conn_set_error (conn, error, rc, "orders");
      return NULL;
    }
  for (guint i = 0; i < names->len; i++)
    {
      /* The schema's own names (no quotes in them). */
      g_autofree char *drop = g_strdup_printf ("DROP INDEX \"%s\"", (const char *) g_ptr_array_index (names, i));

      if (!kd_conn_exec (conn, drop, error))
        return NULL;
    }
  return g_steal_pointer (&definitions);
}

gboolean
kd_order_repo_build_indexes (KdConn     *conn,
                             GPtrArray  *definitions,
                             GError    **error)
{
  for (guint i = 0; i < definitions->len; i++)
    if (!kd_conn_exec (conn, g_ptr_array_index (definitions, i), error))
      return FALSE;
  return TRUE;
}

gboolean
kd_order_repo_count (KdConn  *conn,
                     gint64  *n,
                     GError **error)
{
  return kd_conn_select_int64 (conn, "SELECT coalesce(sum(n), 0) FROM order_tally", "orders", n, error);
}

gint64
kd_order_repo_find_id (KdConn      *conn,
                       const char  *order_no,
                       GError     **error)
{
  sqlite3_stmt *stmt = kd_conn_prepare (conn, "SELECT id FROM orders WHERE order_no = ?", error);
  gint64 id = 0;
  int rc;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, order_no, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    kd_conn_set_error (conn, error, rc, "orders");
  return id;
}

#define REPORT_FIELDS "status, status_text, created_at, paid_at, shipped_at, total, paid, postage, receiver_name, " \
                      "receiver_phone, receiver_address, shipping_method, courier, tracking_no, buyer_message, " \
                      "close_reason, taobao_memo"

/* Without a copy: @o outlives the statement's step, and every parameter
 * is bound again before its next one (an import binds some fifteen texts
 * a row). */
static void
bind_report_fields (sqlite3_stmt *stmt,
                    int           first,
                    KdOrder      *o)
{
  sqlite3_bind_int (stmt, first, o->status);
  sqlite3_bind_text (stmt, first + 1, o->status == KD_ORDER_OTHER ? o->status_text : "", -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, first + 2, o->created_at);
  sqlite3_bind_int64 (stmt, first + 3, o->paid_at);
  sqlite3_bind_int64 (stmt, first + 4, o->shipped_at);
  sqlite3_bind_int64 (stmt, first + 5, o->total);
  sqlite3_bind_int64 (stmt, first + 6, o->paid);
  sqlite3_bind_int64 (stmt, first + 7, o->postage);
  sqlite3_bind_text (stmt, first + 8, o->receiver_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, first + 9, o->receiver_phone, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, first + 10, o->receiver_address, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, first + 11, o->shipping_method, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, first + 12, o->courier, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, first + 13, o->tracking_no, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, first + 14, o->buyer_message, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, first + 15, o->close_reason, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, first + 16, o->taobao_memo, -1, SQLITE_STATIC);
}

gboolean
kd_order_repo_upsert_report (KdConn          *conn,
                             KdOrder         *row,
                             gint64           now,
                             KdOrderOutcome  *outcome,
                             gint64          *customer_id,
                             gboolean        *customer_created,
                             GError         **error)
{
  return kd_order_repo_upsert_prepared (conn, row, NULL, NULL, now, outcome, customer_id, customer_created, error);
}

gboolean
kd_order_repo_last_id (KdConn  *conn,
                       gint64  *id,
                       GError **error)
{
  return kd_conn_select_int64 (conn, "SELECT coalesce(max(id), 0) FROM orders", "orders", id, error);
}

gboolean
kd_order_repo_add_unpaid_alerts (KdConn  *conn,
                                 gint64   after_id,
                                 GError **error)
{
  sqlite3_stmt *stmt = kd_conn_prepare (conn, "INSERT OR IGNORE INTO unpaid_alerts (order_id, created_at) "
                                              "SELECT id, created_at FROM orders WHERE id > ?1 AND status = ?2", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, after_id);
  sqlite3_bind_int (stmt, 2, KD_ORDER_AWAITING_PAYMENT);
  if (!kd_conn_step_done (conn, stmt, error))
    return FALSE;
  if (sqlite3_changes (kd_conn_get_db (conn)) > 0)
    kd_conn_note_changed (conn, "unpaid_alerts", 0);
  return TRUE;
}

gboolean
kd_order_repo_add_tally (KdConn       *conn,
                         const guint  *tally,
                         GError      **error)
{
  for (int status = 0; status < KD_N_ORDER_STATUSES; status++)
    {
      sqlite3_stmt *stmt;

      if (tally[status] == 0)
        continue;
      stmt = kd_conn_prepare (conn, "INSERT INTO order_tally (status, flag, n) VALUES (?1, 0, ?2) "
                                    "ON CONFLICT (status, flag) DO UPDATE SET n = n + ?2", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int (stmt, 1, status);
      sqlite3_bind_int64 (stmt, 2, tally[status]);
      if (!kd_conn_step_done (conn, stmt, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
kd_order_repo_upsert_prepared (KdConn             *conn,
                               KdOrder            *row,
                               const KdSearchText *search,
                               guint              *tally,
                               gint64              now,
                               KdOrderOutcome     *outcome,
                               gint64             *customer_id,
                               gboolean           *customer_created,
                               GError            **error)
{
  g_autoptr(GError) local = NULL;
  gint64 id = 0;
  sqlite3_stmt *stmt;

  if (*customer_id > 0)
    *customer_created = FALSE;
  else if (!kd_customer_repo_ensure (conn, row->buyer, now, customer_id, customer_created, error))
    return FALSE;

  /* Added unless the number is there already: most of an import's rows
   * are new, and the unique index looks the number up anyway. */
  stmt = kd_conn_prepare (conn, "INSERT INTO orders (order_no, customer_id, " REPORT_FIELDS ", updated_at, order_no_rev) "
                                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, "
                                "?20, ?21) ON CONFLICT (order_no) DO NOTHING", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, row->order_no, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 21, g_strreverse (g_strdup (row->order_no)), -1, g_free);
  sqlite3_bind_int64 (stmt, 2, *customer_id);
  bind_report_fields (stmt, 3, row);
  sqlite3_bind_int64 (stmt, 20, now);
  if (!kd_conn_step_done (conn, stmt, error))
    return FALSE;
  if (sqlite3_changes (kd_conn_get_db (conn)) > 0)
    {
      id = sqlite3_last_insert_rowid (kd_conn_get_db (conn));
      *outcome = KD_ORDER_ADDED;
      /* Counted where a trigger would (0016); a new order has no flag.
       * An import counts its rows and adds them once: 5 900 instructions
       * a row otherwise, 5 % of the import's writer. */
      if (tally != NULL)
        tally[row->status]++;
      else
        {
          guint one[KD_N_ORDER_STATUSES] = { 0 };

          one[row->status] = 1;
          if (!kd_order_repo_add_tally (conn, one, error))
            return FALSE;
        }
      /* What a trigger did before 0015 (see there): an order awaiting
       * payment is watched by the unpaid-order alerts; an import's are
       * added at its end, in one statement. */
      if (row->status == KD_ORDER_AWAITING_PAYMENT && tally == NULL)
        {
          stmt = kd_conn_prepare (conn, "INSERT OR IGNORE INTO unpaid_alerts (order_id, created_at) VALUES (?, ?)",
                                  error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, id);
          sqlite3_bind_int64 (stmt, 2, row->created_at);
          if (!kd_conn_step_done (conn, stmt, error))
            return FALSE;
        }
    }
  else
    {
      /* What the report leaves empty (a column the layout lacks, a
       * paid time not there yet) keeps the stored value; only a real
       * change counts as "updated". */
      g_autoptr(KdOrder) old = NULL;
      gboolean same;

      id = kd_order_repo_find_id (conn, row->order_no, &local);
      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      g_assert (id > 0);   /* the insert met this number */
      old = kd_order_repo_load (conn, id, error);
      if (old == NULL)
        return FALSE;
#define KEEP_TEXT(f) if (*row->f == '\0') kd_order_set_text (&row->f, old->f)
#define KEEP_NUM(f) if (row->f == 0) row->f = old->f
      KEEP_TEXT (receiver_name); KEEP_TEXT (receiver_phone); KEEP_TEXT (receiver_address);
      KEEP_TEXT (shipping_method); KEEP_TEXT (courier); KEEP_TEXT (tracking_no); KEEP_TEXT (buyer_message);
      KEEP_TEXT (taobao_memo);
      KEEP_NUM (paid_at); KEEP_NUM (shipped_at); KEEP_NUM (total); KEEP_NUM (paid); KEEP_NUM (postage);
#undef KEEP_TEXT
#undef KEEP_NUM
      same = old->customer_id == *customer_id && old->status == row->status &&
             (row->status != KD_ORDER_OTHER || g_str_equal (old->status_text, row->status_text)) &&
             old->created_at == row->created_at && old->paid_at == row->paid_at && old->shipped_at == row->shipped_at &&
             old->total == row->total && old->paid == row->paid && old->postage == row->postage &&
             g_str_equal (old->receiver_name, row->receiver_name) && g_str_equal (old->receiver_phone, row->receiver_phone) &&
             g_str_equal (old->receiver_address, row->receiver_address) &&
             g_str_equal (old->shipping_method, row->shipping_method) && g_str_equal (old->courier, row->courier) &&
             g_str_equal (old->tracking_no, row->tracking_no) && g_str_equal (old->buyer_message, row->buyer_message) &&
             g_str_equal (old->close_reason, row->close_reason) && g_str_equal (old->taobao_memo, row->taobao_memo);
      if (same)
        *outcome = KD_ORDER_UNCHANGED;
      else
        {
          stmt = kd_conn_prepare (conn, "UPDATE orders SET (customer_id, " REPORT_FIELDS ", updated_at) = "
                                        "(?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20) "
                                        "WHERE id = ?1", error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, id);
          sqlite3_bind_int64 (stmt, 2, *customer_id);
          bind_report_fields (stmt, 3, row);
          sqlite3_bind_int64 (stmt, 20, now);
          if (!kd_conn_step_done (conn, stmt, error))
            return FALSE;
          *outcome = KD_ORDER_UPDATED;
          /* Another buyer now: the one it was taken from has one order fewer. */
          if (old->customer_id != *customer_id && !kd_customer_repo_refresh_summary (conn, old->customer_id, error))
            return FALSE;
        }
    }
  row->id = id;
  if (*outcome == KD_ORDER_UNCHANGED)
    return TRUE;
  kd_conn_note_changed (conn, "orders", id);
  if (*outcome == KD_ORDER_ADDED)
    return write_new_search_row (conn, row, search, error);
  return write_search_row (conn, id, error);
}

gboolean
kd_order_repo_clear_items (KdConn  *conn,
                           gint64   order_id,
                           GError **error)
{
  sqlite3_stmt *stmt = kd_conn_prepare (conn, "DELETE FROM order_items WHERE order_id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, order_id);
  return kd_conn_step_done (conn, stmt, error);
}

gboolean
kd_order_repo_add_item (KdConn             *conn,
                        gint64              order_id,
                        const KdOrderItem  *item,
                        GError            **error)
{
  sqlite3_stmt *stmt = kd_conn_prepare (conn, "INSERT INTO order_items (order_id, title, attributes, quantity, price, "
                                              "merchant_code) VALUES (?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, order_id);
  sqlite3_bind_text (stmt, 2, item->title ? item->title : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, item->attributes ? item->attributes : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 4, item->quantity);
  sqlite3_bind_int64 (stmt, 5, item->price);
  sqlite3_bind_text (stmt, 6, item->merchant_code ? item->merchant_code : "", -1, SQLITE_TRANSIENT);
  if (!kd_conn_step_done (conn, stmt, error))
    return FALSE;
  kd_conn_note_changed (conn, "orders", order_id);
  return TRUE;
}

KdOrder *
kd_order_repo_load (KdConn  *conn,
                    gint64   id,
                    GError **error)
{
  sqlite3_stmt *stmt = kd_conn_prepare (conn, "SELECT " ORDER_COLUMNS " FROM orders WHERE orders.id = ?", error);
  g_autoptr(KdOrder) o = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  o = kd_conn_step_one (conn, stmt, KD_ROW_READER (order_row), "orders", error);
  if (o == NULL)
    return NULL;
  stmt = kd_conn_prepare (conn, "SELECT title, attributes, quantity, price, merchant_code FROM order_items "
                                "WHERE order_id = ? ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KdOrderItem *it = g_new0 (KdOrderItem, 1);

      it->title = g_strdup (kd_stmt_text (stmt, 0));
      it->attributes = g_strdup (kd_stmt_text (stmt, 1));
      it->quantity = sqlite3_column_int (stmt, 2);
      it->price = sqlite3_column_int64 (stmt, 3);
      it->merchant_code = g_strdup (kd_stmt_text (stmt, 4));
      g_ptr_array_add (o->items, it);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      kd_conn_set_error (conn, error, rc, "order items");
      return NULL;
    }
  return g_steal_pointer (&o);
}

gboolean
kd_order_repo_save (KdConn   *conn,
                    KdOrder  *order,
                    gint64    now,
                    GError  **error)
{
  KdOrderOutcome outcome;
  gint64 customer_id = 0;
  gboolean created = FALSE;
  g_autoptr(GError) local = NULL;
  gint64 holder;

  g_strstrip (order->order_no);
  g_strstrip (order->buyer);
  if (!kd_order_validate (order, error))
    return FALSE;
  holder = kd_order_repo_find_id (conn, order->order_no, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (holder != 0 && holder != order->id)
    {
      g_set_error (error, KD_VALIDATION_ERROR, KD_ORDER_FIELD_ORDER_NO,
                   _("The order %s is already on the board."), order->order_no);
      return FALSE;
    }
  if (order->id != 0 && holder == 0)
    {
      /* A new number for an order typed by hand. */
      sqlite3_stmt *stmt = kd_conn_prepare (conn, "UPDATE orders SET order_no = ?1, order_no_rev = ?3 WHERE id = ?2", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, order->order_no, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, order->id);
      sqlite3_bind_text (stmt, 3, g_strreverse (g_strdup (order->order_no)), -1, g_free);
      if (!kd_conn_step_done (conn, stmt, error))
        return FALSE;
    }
  if (!kd_order_repo_upsert_report (conn, order, now, &outcome, &customer_id, &created, error))
    return FALSE;
  order->customer_id = customer_id;
  return kd_customer_repo_refresh_summary (conn, customer_id, error);
}

gboolean
kd_order_repo_add_remark (KdConn    *conn,
                          KdRemark  *remark,
                          gint64     staff_id,
                          GError   **error)
{
  sqlite3_stmt *stmt;

  if (!kd_remark_validate (remark->text, remark->follow_up, error))
    return FALSE;
  stmt = kd_conn_prepare (conn, "INSERT INTO order_remarks (order_id, flag, text, job_number, staff_id, at, follow_up, "
                                "order_created_at) "
                                "SELECT id, ?2, ?3, ?4, nullif(?5, 0), ?6, ?7, created_at FROM orders WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, remark->order_id);
  sqlite3_bind_int (stmt, 2, remark->flag);
  sqlite3_bind_text (stmt, 3, remark->text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, remark->job_number, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, staff_id);
  sqlite3_bind_int64 (stmt, 6, remark->at);
  sqlite3_bind_text (stmt, 7, remark->follow_up ? remark->follow_up : "", -1, SQLITE_TRANSIENT);
  if (!kd_conn_step_done (conn, stmt, error))
    return FALSE;
  if (sqlite3_changes (kd_conn_get_db (conn)) == 0)
    {
      g_set_error_literal (error, KD_STORE_ERROR, KD_STORE_ERROR_NOT_FOUND, _("This order is not on the board."));
      return FALSE;
    }
  remark->id = sqlite3_last_insert_rowid (kd_conn_get_db (conn));
  stmt = kd_conn_prepare (conn, "UPDATE orders SET flag = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, remark->flag);
  sqlite3_bind_int64 (stmt, 2, remark->order_id);
  if (!kd_conn_step_done (conn, stmt, error))
    return FALSE;
  kd_conn_note_changed (conn, "orders", remark->order_id);
  kd_conn_note_changed (conn, "order_remarks", remark->id);
  return write_search_row (conn, remark->order_id, error);
}

GPtrArray *
kd_order_repo_list_remarks (KdConn  *conn,
                            gint64   order_id,
                            GError **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) kd_remark_free);
  sqlite3_stmt *stmt = kd_conn_prepare (conn, "SELECT id, order_id, flag, text, job_number, at, follow_up "
                                              "FROM order_remarks WHERE order_id = ? ORDER BY at, id", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, order_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KdRemark *r = g_new0 (KdRemark, 1);

      r->id = sqlite3_column_int64 (stmt, 0);
      r->order_id = sqlite3_column_int64 (stmt, 1);
      r->flag = (KdFlag) sqlite3_column_int (stmt, 2);
      r->text = g_strdup (kd_stmt_text (stmt, 3));
      r->job_number = g_strdup (kd_stmt_text (stmt, 4));
      r->at = sqlite3_column_int64 (stmt, 5);
      r->follow_up = g_strdup (kd_stmt_text (stmt, 6));
      g_ptr_array_add (list, r);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      kd_conn_set_error (conn, error, rc, "order remarks");
      return NULL;
    }
  return g_steal_pointer (&list);
}

gboolean
kd_order_repo_count_flags (KdConn  *conn,
                           guint   *counts,
                           GError **error)
{
  sqlite3_stmt *stmt = kd_conn_prepare (conn, "SELECT flag, sum(n) FROM order_tally GROUP BY flag", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  memset (counts, 0, sizeof (guint) * KD_N_FLAGS);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int f = sqlite3_column_int (stmt, 0);
      if (f >= 0 && f < KD_N_FLAGS)
        counts[f] = (guint) sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      kd_conn_set_error (conn, error, rc, "orders");
      return FALSE;
    }
  return TRUE;
}

GArray *
kd_order_repo_list_ids (KdConn      *conn,
                        int          flag,
                        int          status,
                        const char  *agent,
                        const char  *search,
                        gint64       since,
                        guint        limit,
                        GError     **error)
{
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  g_autoptr(GString) sql = g_string_new ("SELECT id FROM orders WHERE 1");
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *clause = NULL;
  g_autofree char *rank = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (flag >= 0)
    {
      g_string_append (sql, " AND flag = ?");
      g_ptr_array_add (params, g_variant_ref_sink (g_variant_new_int64 (flag)));
    }
  if (status >= 0)
    {
      g_string_append (sql, " AND status = ?");
      g_ptr_array_add (params, g_variant_ref_sink (g_variant_new_int64 (status)));
    }
  if (agent != NULL)
    {
      g_string_append (sql, " AND id IN (SELECT order_id FROM order_remarks WHERE job_number = ?)");
      g_ptr_array_add (params, g_variant_ref_sink (g_variant_new_string (agent)));
    }
  if (since > 0)
    {
      g_string_append (sql, " AND created_at >= ?");
      g_ptr_array_add (params, g_variant_ref_sink (g_variant_new_int64 (since)));
    }
  if (search != NULL && (clause = order_build_search (search, params)) != NULL)
    {
      g_string_append_printf (sql, " AND %s", clause);
      rank = order_build_rank (search, params);
    }
  g_string_append (sql, " ORDER BY ");
  if (rank != NULL)
    g_string_append_printf (sql, "%s, ", rank);
  g_string_append (sql, "created_at DESC, id DESC");
  if (limit > 0)
    g_string_append_printf (sql, " LIMIT %u", limit);
  stmt = kd_conn_prepare (conn, sql->str, error);
  if (stmt == NULL)
    return NULL;
  for (guint i = 0; i < params->len; i++)
    kd_stmt_bind_variant (stmt, (int) i + 1, g_ptr_array_index (params, i));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      kd_conn_set_error (conn, error, rc, "orders");
      return NULL;
    }
  return g_steal_pointer (&ids);
}
