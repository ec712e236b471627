/* test-order-service.c: the order-remark board over the real store: report imports (both layouts, item report, re-import, one transaction, skipping bad rows), buyers' profiles, remarks with the job number, the board's filters and search. */
#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gio.h>
#include <gio/gsettingsbackend.h>
#include <glib/gstdio.h>
#include <string.h>

#include "kd-clock.h"
#include "kd-customer-service.h"
#include "kd-error.h"
#include "kd-order-report.h"
#include "kd-order-service.h"
#include "kd-query-model-private.h"
#include "kd-search.h"
#include "kd-staff-service.h"
#include "kd-store-private.h"
#include "kd-test-util.h"

typedef struct {
  char           *dir;
  KdStore        *store;
  KdStaffService *staff;
  GSettings      *settings;
  KdDeskSession  *session;
  KdOrderService *svc;
} Fixture;

typedef struct {
  const char *sql;
  gint64      value;
} Scalar;

static gboolean
scalar_job (KdConn *conn, gpointer data, GError **error)
{
  Scalar *s = data;
  sqlite3_stmt *stmt = kd_conn_prepare (conn, s->sql, error);

  if (stmt == NULL)
    return FALSE;
  s->value = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : -1;
  sqlite3_reset (stmt);
  return TRUE;
}

static gint64
scalar (Fixture *f, const char *sql)
{
  Scalar s = { sql, 0 };
  g_assert_true (kd_store_read (f->store, scalar_job, &s, NULL));
  return s.value;
}

/* Rows where order_tally (0016) and the orders themselves disagree. */
#define TALLY_WRONG \
  "SELECT (SELECT count(*) FROM (SELECT status, flag, count(*) FROM orders GROUP BY 1, 2 " \
  "                              EXCEPT SELECT status, flag, n FROM order_tally)) + " \
  "       (SELECT count(*) FROM (SELECT status, flag, n FROM order_tally WHERE n <> 0 " \
  "                              EXCEPT SELECT status, flag, count(*) FROM orders GROUP BY 1, 2))"

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autofree char *path = NULL;
  g_autoptr(KdStaff) agent = kd_staff_new ("3", "林晓", KD_ROLE_PRESALE, "");
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();

  g_assert_true (kd_clock_init_default ("2017-07-10T18:00:00+08:00", NULL));
  f->dir = g_dir_make_tmp ("kd-test-orders-XXXXXX", NULL);
  path = g_build_filename (f->dir, "shop.db", NULL);
  f->store = kd_store_open_full (path, KD_STORE_OPEN_CREATE, NULL);
  f->staff = kd_staff_service_new (f->store);
  g_assert_true (kd_staff_service_save (f->staff, agent, NULL));
  f->settings = g_settings_new_with_backend ("io.github.kefudesk.KefuDesk", backend);
  f->session = kd_desk_session_new (f->store, f->staff, f->settings);
  f->svc = kd_order_service_new (f->store, f->session);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->svc);
  g_clear_object (&f->session);
  g_clear_object (&f->settings);
  g_clear_object (&f->staff);
  kd_store_close (f->store);
  /* Let the reads the store's "changed" started come back (closed): a read
   * still on a reader thread holds the store until its callback has run. */
  {
    gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
    while (G_OBJECT (f->store)->ref_count > 1 && g_get_monotonic_time () < end)
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
  }
  g_assert_finalize_object (f->store);
  kd_test_rm_rf (f->dir);
  g_free (f->dir);
}

static char *
fixture_path (const char *name)
{
  const char *root = g_getenv ("KD_SOURCE_ROOT");
  return g_build_filename (root ? root : ".", "tests", "data", "orders", name, NULL);
}

static gboolean
import (Fixture *f, KdOrderImportSummary *s, gboolean skip, const char *rejects, GError **error, ...)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  va_list ap;

  va_start (ap, error);
  while ((name = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (paths, fixture_path (name));
  va_end (ap);
  g_ptr_array_add (paths, NULL);
  return kd_order_service_import (f->svc, (const char * const *) paths->pdata, skip, rejects, s, NULL, error);
}

static void
test_import (Fixture *f, gconstpointer data)
{
  KdOrderImportSummary s = { 0 };
  g_autoptr(GError) error = NULL;

  /* The item report first on the command line: order reports still go first. */
  g_assert_true (import (f, &s, FALSE, NULL, &error, "items.csv", "report-2017-gbk.csv", "report-later-utf8.csv", NULL));
  g_assert_no_error (error);
  g_assert_cmpuint (s.rows, ==, 10);
  g_assert_cmpuint (s.added, ==, 8);
  g_assert_cmpuint (s.items, ==, 2);
  g_assert_cmpuint (s.customers, ==, 5);   /* 爱吃草莓的猫 晚风 tb_8823 小鹿 新买家小周: one profile each */
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM customers"), ==, 5);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM orders"), ==, 8);
  g_assert_cmpint (scalar (f, TALLY_WRONG), ==, 0);
  /* The buyer's summary: 晚风 paid 15.50 (one paid order of three). */
  g_assert_cmpint (scalar (f, "SELECT order_count FROM customers WHERE nickname = '晚风'"), ==, 3);
  g_assert_cmpint (scalar (f, "SELECT total_paid FROM customers WHERE nickname = '晚风'"), ==, 1550);

  /* Re-import: updated in place, never duplicated, remarks untouched. */
  {
    g_autoptr(KdOrder) o = kd_order_service_find (f->svc, "3515313147329357902", &error);
    g_autoptr(KdRemark) r = NULL;

    g_assert_true (kd_desk_session_sign_in (f->session, "3", NULL));
    r = kd_order_service_add_remark (f->svc, o->id, KD_FLAG_YELLOW, "3号客服, 发邮政", "", &error);
    g_assert_no_error (error);
  }
  memset (&s, 0, sizeof s);
  g_assert_true (import (f, &s, FALSE, NULL, &error, "reimport.csv", NULL));
  g_assert_cmpuint (s.added, ==, 0);
  g_assert_cmpuint (s.updated, ==, 1);
  g_assert_cmpuint (s.unchanged, ==, 1);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM orders"), ==, 8);
  g_assert_cmpint (scalar (f, TALLY_WRONG), ==, 0);
  {
    g_autoptr(KdOrder) o = kd_order_service_find (f->svc, "3515313147329357902", NULL);
    g_assert_cmpint (o->status, ==, KD_ORDER_PAID);
    g_assert_cmpint (o->paid, ==, 6990);
    g_assert_cmpstr (o->receiver_name, ==, "李思琪");   /* a column the file lacks keeps its value */
    g_assert_cmpint (o->flag, ==, KD_FLAG_YELLOW);       /* the shop's flag stays */
    g_assert_cmpstr (o->latest_remark, ==, "3号客服, 发邮政");
  }
  /* The same items again replace, not add. */
  memset (&s, 0, sizeof s);
  g_assert_true (import (f, &s, FALSE, NULL, &error, "items.csv", NULL));
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM order_items"), ==, 2);
}

/* An order that changes buyers, by a re-import or by hand: the buyer it
 * left is recounted too (orders, total paid, last order), not only the
 * one it went to. */
static void
test_buyer_change (Fixture *f, gconstpointer data)
{
  g_autofree char *moved = g_build_filename (f->dir, "moved.csv", NULL);
  const char *paths[] = { moved, NULL };
  KdOrderImportSummary s = { 0 };
  g_autoptr(GError) error = NULL;
  gint64 deer_count, deer_paid;

  g_assert_true (import (f, &s, FALSE, NULL, &error, "report-2017-gbk.csv", "report-later-utf8.csv", NULL));
  g_assert_no_error (error);
  g_assert_cmpint (scalar (f, "SELECT order_count FROM customers WHERE nickname = '晚风'"), ==, 3);
  g_assert_cmpint (scalar (f, "SELECT total_paid FROM customers WHERE nickname = '晚风'"), ==, 1550);
  g_assert_cmpint (scalar (f, "SELECT last_order_at FROM customers WHERE nickname = '晚风'"), ==,
                   scalar (f, "SELECT created_at FROM orders WHERE order_no = '3600000000000000003'"));
  deer_count = scalar (f, "SELECT order_count FROM customers WHERE nickname = '小鹿'");
  deer_paid = scalar (f, "SELECT total_paid FROM customers WHERE nickname = '小鹿'");

  /* 晚风's paid order and the latest are 小鹿's in this report. */
  g_assert_true (g_file_set_contents (moved,
    "订单编号,买家会员名,订单状态,订单创建时间,总金额,买家实际支付金额\n"
    "3515313147329357905,小鹿,\"卖家已发货,等待买家确认\",2017-07-04 08:00:00,15.50,15.50\n"
    "3600000000000000003,小鹿,等待买家确认货到付款订单信息,2017-07-10 14:00:00,9.90,0.00\n", -1, NULL));
  memset (&s, 0, sizeof s);
  g_assert_true (kd_order_service_import (f->svc, paths, FALSE, NULL, &s, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (s.updated, ==, 2);
  g_assert_cmpint (scalar (f, "SELECT order_count FROM customers WHERE nickname = '晚风'"), ==, 1);
  g_assert_cmpint (scalar (f, "SELECT total_paid FROM customers WHERE nickname = '晚风'"), ==, 0);
  g_assert_cmpint (scalar (f, "SELECT last_order_at FROM customers WHERE nickname = '晚风'"), ==,
                   scalar (f, "SELECT max(created_at) FROM orders WHERE customer_id = "
                              "(SELECT id FROM customers WHERE nickname = '晚风')"));
  g_assert_cmpint (scalar (f, "SELECT last_order_at FROM customers WHERE nickname = '晚风'"), ==,
                   scalar (f, "SELECT created_at FROM orders WHERE order_no = '3515313147329357902'"));
  g_assert_cmpint (scalar (f, "SELECT order_count FROM customers WHERE nickname = '小鹿'"), ==, deer_count + 2);
  g_assert_cmpint (scalar (f, "SELECT total_paid FROM customers WHERE nickname = '小鹿'"), ==, deer_paid + 1550);

  /* By hand: 晚风's last order goes to a new buyer. */
  {
    g_autoptr(KdOrder) o = NULL;

    g_assert_cmpint (scalar (f, "SELECT count(*) FROM orders WHERE customer_id = "
                                "(SELECT id FROM customers WHERE nickname = '晚风')"), ==, 1);
    o = kd_order_service_find (f->svc, "3515313147329357902", &error);
    g_assert_no_error (error);
    g_assert_nonnull (o);
    g_assert_cmpstr (o->buyer, ==, "晚风");
    kd_order_set_text (&o->buyer, "线下老客王姐");
    g_assert_true (kd_order_service_save (f->svc, o, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (o->buyer, ==, "线下老客王姐");
  }
  g_assert_cmpint (scalar (f, "SELECT order_count FROM customers WHERE nickname = '晚风'"), ==, 0);
  g_assert_cmpint (scalar (f, "SELECT total_paid FROM customers WHERE nickname = '晚风'"), ==, 0);
  g_assert_cmpint (scalar (f, "SELECT last_order_at FROM customers WHERE nickname = '晚风'"), ==, 0);
  g_assert_cmpint (scalar (f, "SELECT order_count FROM customers WHERE nickname = '线下老客王姐'"), ==, 1);
}

/* Back to a database of schema 12 (before 0013-orders-search.sql): no
 * reversed order number, and every order's search row with its number
 * and its buyer, as that version wrote them. */
static gboolean
downgrade_job (KdConn *conn, gpointer data, GError **error)
{
  sqlite3_stmt *stmt;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (!kd_conn_exec (conn, "DROP TRIGGER IF EXISTS orders_no_rev_insert; DROP TRIGGER orders_no_rev_update; "
                           "DROP INDEX orders_no_rev; ALTER TABLE orders DROP COLUMN order_no_rev; "
                           "DROP TABLE order_search_refill; DROP TRIGGER order_tally_update; DROP TRIGGER order_tally_delete; "
                           "DROP TABLE order_tally; DROP INDEX orders_status_flag; DROP TRIGGER order_remarks_order_time; "
                           "DROP TRIGGER order_remarks_time_insert; "
                           "DROP INDEX order_remarks_job_time; ALTER TABLE order_remarks DROP COLUMN order_created_at; "
                           "PRAGMA user_version = 12", error))
    return FALSE;
  stmt = kd_conn_prepare (conn, "SELECT o.id, o.order_no, c.nickname, o.receiver_name FROM orders o "
                                "JOIN customers c ON c.id = o.customer_id", error);
  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      char **row = g_new0 (char *, 3);

      row[0] = g_strdup_printf ("%s\n%s\n%s\n", sqlite3_column_text (stmt, 1), sqlite3_column_text (stmt, 2),
                                sqlite3_column_text (stmt, 3));
      row[1] = g_strdup_printf ("%s\n%s", sqlite3_column_text (stmt, 2), sqlite3_column_text (stmt, 3));
      g_ptr_array_add (rows, row);
      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  for (guint i = 0; i < ids->len; i++)
    {
      char **row = g_ptr_array_index (rows, i);
      if (!kd_search_index_set_full (conn, "order", g_array_index (ids, gint64, i), row[0], row[1], error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
exec_job (KdConn *conn, gpointer data, GError **error)
{
  return kd_conn_exec (conn, data, error);
}

#define NUMBERS_IN_SEARCH_ROWS "SELECT count(*) FROM search_rows s JOIN orders o ON s.domain = 'order' AND s.ref_id = o.id " \
                               "WHERE instr(s.text, o.order_no) > 0"

static guint
count_found (Fixture *f, const char *q)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = kd_order_service_list (f->svc, -1, -1, NULL, q, 0, 0, &error);

  g_assert_no_error (error);
  return found->len;
}

/* An existing database migrates: its orders' search rows are written
 * again without their numbers and buyers, and the same searches find
 * the same orders (the number by its start or its end, the buyer by
 * name and pinyin). */
static void
test_search_migration (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "shop.db", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (import (f, NULL, FALSE, NULL, &error, "report-2017-gbk.csv", "report-later-utf8.csv", NULL));
  g_assert_no_error (error);
  g_assert_cmpint (scalar (f, NUMBERS_IN_SEARCH_ROWS), ==, 0);
  g_assert_true (kd_store_write (f->store, downgrade_job, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (scalar (f, NUMBERS_IN_SEARCH_ROWS), ==, 8);

  g_clear_object (&f->svc);
  g_clear_object (&f->session);
  g_clear_object (&f->staff);
  kd_store_close (f->store);
  g_clear_object (&f->store);
  f->store = kd_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kd_store_get_schema_version (f->store), ==, kd_store_get_latest_version ());
  f->staff = kd_staff_service_new (f->store);
  f->session = kd_desk_session_new (f->store, f->staff, f->settings);
  f->svc = kd_order_service_new (f->store, f->session);

  g_assert_cmpint (scalar (f, NUMBERS_IN_SEARCH_ROWS), ==, 0);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM search_rows WHERE domain = 'order' AND instr(text, '晚风') > 0"), ==, 0);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM order_search_refill"), ==, 0);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM orders WHERE order_no_rev = '5097539237413135153'"), ==, 1);
  /* 0016 counted the orders there were. */
  g_assert_cmpint (scalar (f, "SELECT sum(n) FROM order_tally"), ==, 8);
  g_assert_cmpint (scalar (f, TALLY_WRONG), ==, 0);

  /* The whole number and its start; its last digits; not a part from the middle. */
  g_assert_cmpuint (count_found (f, "3515313147329357905"), ==, 1);
  g_assert_cmpuint (count_found (f, "3515313"), ==, 4);
  g_assert_cmpuint (count_found (f, "３５１５３１３"), ==, 4);
  g_assert_cmpuint (count_found (f, "9357905"), ==, 1);
  g_assert_cmpuint (count_found (f, "0000000000000003"), ==, 1);
  g_assert_cmpuint (count_found (f, "1314732935"), ==, 0);
  /* The buyer, by nickname, pinyin and Traditional characters; the receiver. */
  g_assert_cmpuint (count_found (f, "晚风"), ==, 3);
  g_assert_cmpuint (count_found (f, "晚風"), ==, 3);
  g_assert_cmpuint (count_found (f, "wanfeng"), ==, 3);
  g_assert_cmpuint (count_found (f, "草莓"), ==, 2);
  g_assert_cmpuint (count_found (f, "李思琪"), ==, 2);
  g_assert_cmpuint (count_found (f, "lisiqi"), ==, 2);

  /* A number changed by plain SQL, not by the store's repository, gets its reversed copy from the trigger on UPDATE
   * (new orders get theirs from the repository: 0015). */
  g_assert_true (kd_store_write (f->store, exec_job,
                                 (gpointer) "UPDATE orders SET order_no = '1999999999999998' WHERE order_no = '1999999999999999'",
                                 &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_found (f, "99998"), ==, 1);
  g_assert_cmpuint (count_found (f, "99999"), ==, 0);
}

static void
test_refused_whole (Fixture *f, gconstpointer data)
{
  KdOrderImportSummary s = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *rejects = g_build_filename (f->dir, "rejects.csv", NULL);
  g_autofree char *text = NULL;

  /* A good file and one bad row in the second: nothing at all. */
  g_assert_false (import (f, &s, FALSE, NULL, &error, "report-2017-gbk.csv", "bad-scientific.csv", NULL));
  g_assert_nonnull (strstr (error->message, "bad-scientific.csv:3: 订单编号: "));
  g_clear_error (&error);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM orders"), ==, 0);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM customers"), ==, 0);

  /* An item for an order nobody imported. */
  g_assert_false (import (f, &s, FALSE, NULL, &error, "items.csv", NULL));
  g_assert_nonnull (strstr (error->message, "items.csv:2: "));
  g_clear_error (&error);

  /* Skipping: the good row in, the bad one in the rejects file with its reason. */
  g_assert_true (import (f, &s, TRUE, rejects, &error, "bad-scientific.csv", NULL));
  g_assert_no_error (error);
  g_assert_cmpuint (s.added, ==, 1);
  g_assert_cmpuint (s.rejected, ==, 1);
  g_assert_true (g_file_get_contents (rejects, &text, NULL, NULL));
  g_assert_true (g_str_has_prefix (text, "\xEF\xBB\xBF行号,订单编号,"));
  g_assert_nonnull (strstr (text, "\r\n3,2.47448E+18,"));
  g_assert_nonnull (strstr (text, "订单编号: "));
}

static void
wait_loaded (KdQueryModel *model)
{
  g_list_model_get_n_items (G_LIST_MODEL (model));
  while (kd_query_model_get_loading (model))
    g_main_context_iteration (NULL, TRUE);
}

static void
test_remarks_and_board (Fixture *f, gconstpointer data)
{
  KdOrderImportSummary s = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(KdOrder) a = NULL;
  g_autoptr(KdOrder) b = NULL;
  g_autoptr(KdRemark) r1 = NULL, r2 = NULL, r3 = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(KdQueryModel) model = NULL;
  guint counts[KD_N_FLAGS];
  g_autoptr(GString) big = g_string_new (NULL);

  g_assert_true (import (f, &s, FALSE, NULL, &error, "report-2017-gbk.csv", "items.csv", NULL));
  a = kd_order_service_find (f->svc, "35153131473293579", NULL);
  b = kd_order_service_find (f->svc, "1999999999999999", NULL);
  g_assert_cmpuint (a->items->len, ==, 1);

  /* Nobody signed in: no remark (it must carry a job number). */
  g_assert_null (kd_order_service_add_remark (f->svc, a->id, KD_FLAG_RED, "发顺丰", "", &error));
  g_assert_error (error, KD_VALIDATION_ERROR, KD_ORDER_FIELD_REMARK);
  g_clear_error (&error);
  g_assert_true (kd_desk_session_sign_in (f->session, "3", NULL));

  r1 = kd_order_service_add_remark (f->svc, a->id, KD_FLAG_RED, "发顺丰，尺码待确认后再发", "", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (r1->job_number, ==, "3");
  g_assert_cmpint (r1->at, ==, kd_clock_now_unix (NULL));
  r2 = kd_order_service_add_remark (f->svc, a->id, KD_FLAG_GREEN, "客户出差，过两天再发", "2017-07-10", &error);
  g_assert_no_error (error);
  r3 = kd_order_service_add_remark (f->svc, b->id, KD_FLAG_BLUE, "赠小礼品并退5元", "", &error);
  for (int i = 0; i < 1001; i++)
    g_string_append_c (big, 'x');
  g_assert_null (kd_order_service_add_remark (f->svc, b->id, KD_FLAG_RED, big->str, "", &error));
  g_assert_error (error, KD_VALIDATION_ERROR, KD_ORDER_FIELD_REMARK);
  g_clear_error (&error);

  history = kd_order_service_list_remarks (f->svc, a->id, &error);
  g_assert_cmpuint (history->len, ==, 2);                  /* append-only, oldest first */
  g_assert_cmpint (((KdRemark *) history->pdata[0])->flag, ==, KD_FLAG_RED);
  g_clear_object (&a);
  a = kd_order_service_find (f->svc, "35153131473293579", NULL);
  g_assert_cmpint (a->flag, ==, KD_FLAG_GREEN);            /* the latest remark sets it */
  g_assert_cmpstr (a->agent, ==, "3");

  g_assert_true (kd_order_service_count_flags (f->svc, counts, &error));
  g_assert_cmpint (scalar (f, TALLY_WRONG), ==, 0);
  g_assert_cmpuint (counts[KD_FLAG_NONE], ==, 3);
  g_assert_cmpuint (counts[KD_FLAG_GREEN], ==, 1);
  g_assert_cmpuint (counts[KD_FLAG_BLUE], ==, 1);

  /* The board's list and its filters. */
  model = kd_order_service_create_model (f->svc);
  wait_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 5);
  g_assert_cmpint (kd_query_model_get_id (model, 0), ==,
                   scalar (f, "SELECT id FROM orders WHERE order_no = '3515313147329357902'"));  /* newest first */
  kd_query_model_set_filter (model, "flag", g_variant_new_int64 (KD_FLAG_GREEN));
  wait_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  {
    /* The row itself, read in a page as a list view asks for it. */
    g_autoptr(KdOrder) row = g_list_model_get_item (G_LIST_MODEL (model), 0);
    for (int i = 0; i < 200 && *row->order_no == '\0'; i++)
      g_main_context_iteration (NULL, TRUE);
    g_assert_cmpstr (row->order_no, ==, "35153131473293579");
    g_assert_cmpstr (row->buyer, ==, "爱吃草莓的猫");
    g_assert_cmpstr (row->latest_remark, ==, "客户出差，过两天再发");
    g_assert_cmpstr (row->agent, ==, "3");
  }
  kd_query_model_set_filter (model, "flag", NULL);
  kd_query_model_set_filter (model, "agent", g_variant_new_string ("3"));
  wait_loaded (model);
  /* Listed from the agent's remarks (0017): a remarked twice, once; newest first. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2);
  {
    gint64 newer = a->created_at > b->created_at || (a->created_at == b->created_at && a->id > b->id) ? a->id : b->id;
    gint64 older = newer == a->id ? b->id : a->id;
    g_autofree char *sql = g_strdup_printf ("UPDATE orders SET created_at = created_at - 31536000 WHERE id = %" G_GINT64_FORMAT,
                                            newer);

    g_assert_cmpint (kd_query_model_get_id (model, 0), ==, newer);
    /* The order's time changes: its remarks follow, and so does the list. */
    g_assert_true (kd_store_write (f->store, exec_job, sql, &error));
    g_assert_no_error (error);
    g_assert_cmpint (scalar (f, "SELECT count(*) FROM order_remarks r JOIN orders o ON o.id = r.order_id "
                                "WHERE r.order_created_at <> o.created_at"), ==, 0);
    kd_query_model_refresh (model);
    wait_loaded (model);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2);
    g_assert_cmpint (kd_query_model_get_id (model, 0), ==, older);
    g_assert_cmpint (kd_query_model_get_id (model, 1), ==, newer);
    /* The list is the remarks' order: a remark's copy of the time set
     * apart from its order's (by hand here) moves the row. */
    g_free (sql);
    sql = g_strdup_printf ("UPDATE order_remarks SET order_created_at = 4102444800 WHERE order_id = %" G_GINT64_FORMAT,
                           newer);
    g_assert_true (kd_store_write (f->store, exec_job, sql, &error));
    kd_query_model_refresh (model);
    wait_loaded (model);
    g_assert_cmpint (kd_query_model_get_id (model, 0), ==, newer);
  }
  kd_query_model_set_filter (model, "agent", NULL);
  kd_query_model_set_filter (model, "attention", g_variant_new_string ("2017-07-10"));
  wait_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  kd_query_model_set_filter (model, "attention", g_variant_new_string ("2017-07-09"));
  wait_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  /* With the last shift's start: the orders remarked since, too (both, just now). */
  kd_query_model_set_filter (model, "attention", g_variant_new ("(sx)", "2017-07-09", kd_clock_now_unix (NULL) - 60));
  wait_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2);
  kd_query_model_set_filter (model, "attention", g_variant_new ("(sx)", "2017-07-10", kd_clock_now_unix (NULL) + 60));
  wait_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  kd_query_model_set_filter (model, "attention", NULL);
  kd_query_model_set_filter (model, "status", g_variant_new_int64 (KD_ORDER_AWAITING_PAYMENT));
  wait_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  kd_query_model_set_filter (model, "status", NULL);

  /* Search: remark text, order number (exact first), buyer, pinyin of the buyer, receiver. */
  {
    static const struct { const char *q; guint n; } cases[] = {
      { "尺码待确认", 1 }, { "礼品", 1 }, { "35153131473293579", 4 }, { "3515313", 4 },
      { "晚风", 2 }, { "wanfeng", 2 }, { "杨晨", 1 }, { "不存在", 0 },
    };
    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        kd_query_model_set_search (model, cases[i].q);
        wait_loaded (model);
        if (g_list_model_get_n_items (G_LIST_MODEL (model)) != cases[i].n)
          g_error ("“%s”: %u orders, expected %u", cases[i].q, g_list_model_get_n_items (G_LIST_MODEL (model)), cases[i].n);
        /* A whole order number is also the start of the longer ones: the exact one comes first. */
        if (i == 2)
          g_assert_cmpint (kd_query_model_get_id (model, 0), ==, a->id);
      }
  }
  {
    g_autoptr(GPtrArray) listed = kd_order_service_list (f->svc, KD_FLAG_GREEN, -1, "3", NULL, 0, 10, &error);
    g_assert_cmpuint (listed->len, ==, 1);
  }
  /* What is copied for Taobao and for the chat. */
  {
    g_autofree char *memo = kd_remark_for_taobao (r2->job_number, r2->text);
    g_autofree char *confirm = kd_order_confirmation_text (a);
    g_assert_cmpstr (memo, ==, "3号 客户出差，过两天再发");
    g_assert_nonnull (strstr (confirm, "纯棉四件套 简约条纹（货号 XM-4J-018）"));
    g_assert_nonnull (strstr (confirm, "收货人：杨晨"));
  }
}

static void
test_manual_order (Fixture *f, gconstpointer data)
{
  g_autoptr(KdOrder) o = kd_order_new ("2026120100001", "线下老客王姐");
  g_autoptr(KdOrder) dup = kd_order_new ("2026120100001", "别人");
  g_autoptr(GError) error = NULL;

  g_assert_false (kd_order_service_save (f->svc, o, &error));   /* no time placed */
  g_assert_error (error, KD_VALIDATION_ERROR, KD_ORDER_FIELD_CREATED);
  g_clear_error (&error);
  o->created_at = kd_clock_now_unix (NULL);
  o->total = o->paid = 35000;
  o->status = KD_ORDER_PAID;
  g_assert_true (kd_order_service_save (f->svc, o, &error));
  g_assert_no_error (error);
  g_assert_cmpint (o->id, >, 0);
  g_assert_cmpint (scalar (f, "SELECT total_paid FROM customers WHERE nickname = '线下老客王姐'"), ==, 35000);
  g_assert_cmpint (scalar (f, "SELECT n FROM order_tally WHERE status = 1 AND flag = 0"), ==, 1);
  /* Edited to another status: moved in the tally too. */
  o->status = KD_ORDER_SHIPPED;
  g_assert_true (kd_order_service_save (f->svc, o, &error));
  g_assert_no_error (error);
  g_assert_cmpint (scalar (f, TALLY_WRONG), ==, 0);
  g_assert_cmpint (scalar (f, "SELECT n FROM order_tally WHERE status = 2 AND flag = 0"), ==, 1);
  dup->created_at = o->created_at;
  g_assert_false (kd_order_service_save (f->svc, dup, &error));
  g_assert_error (error, KD_VALIDATION_ERROR, KD_ORDER_FIELD_ORDER_NO);
  g_clear_error (&error);

  /* Sorted by number, shorter numbers first, and turned round whole
   * (every term of the sort, not only its last). */
  {
    static const char * const numbers[] = { "1999999999999999999", "2026120100002", "3515313147329357905" };
    g_autoptr(KdQueryModel) model = kd_order_service_create_model (f->svc);
    g_autoptr(KdOrder) first = NULL;
    g_autoptr(KdOrder) second = NULL;

    for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
      {
        g_autoptr(KdOrder) more = kd_order_new (numbers[i], "线下老客王姐");
        more->created_at = o->created_at;
        g_assert_true (kd_order_service_save (f->svc, more, &error));
        g_assert_no_error (error);
      }
    g_assert_true (kd_query_model_set_sort (model, "order-no", FALSE));
    wait_loaded (model);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 4);
    first = g_list_model_get_item (G_LIST_MODEL (model), 0);
    second = g_list_model_get_item (G_LIST_MODEL (model), 1);
    wait_loaded (model);
    g_assert_cmpstr (first->order_no, ==, "2026120100001");
    g_assert_cmpstr (second->order_no, ==, "2026120100002");
    g_clear_object (&first);
    g_clear_object (&second);

    g_assert_true (kd_query_model_set_sort (model, "order-no", TRUE));
    wait_loaded (model);
    first = g_list_model_get_item (G_LIST_MODEL (model), 0);
    second = g_list_model_get_item (G_LIST_MODEL (model), 3);
    wait_loaded (model);
    g_assert_cmpstr (first->order_no, ==, "3515313147329357905");
    g_assert_cmpstr (second->order_no, ==, "2026120100001");
  }
}

static void
count_signal (gpointer data)
{
  (*(int *) data)++;
}

/* The shop's flag names and meanings: defaults until set, kept in the
 * database, checked, and announced. */
static void
test_flag_texts (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KdOrderService) other = kd_order_service_new (f->store, NULL);
  g_autoptr(GString) long_name = g_string_new (NULL);
  int changed = 0;

  g_assert_cmpstr (kd_order_service_get_flag_name (f->svc, KD_FLAG_GREEN), ==, kd_flag_get_label (KD_FLAG_GREEN));
  g_assert_cmpstr (kd_order_service_get_flag_meaning (f->svc, KD_FLAG_GREEN), ==,
                   kd_flag_get_default_meaning (KD_FLAG_GREEN));
  g_signal_connect_swapped (other, "flags-changed", G_CALLBACK (count_signal), &changed);

  g_assert_true (kd_order_service_set_flag_texts (f->svc, KD_FLAG_GREEN, "  缓发 ", "顾客要求晚点发货", &error));
  g_assert_no_error (error);
  /* Another service on the same store hears of it and reads it again. */
  for (int i = 0; i < 200 && changed == 0; i++)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (changed, >, 0);
  g_assert_cmpstr (kd_order_service_get_flag_name (other, KD_FLAG_GREEN), ==, "缓发");
  g_assert_cmpstr (kd_order_service_get_flag_meaning (other, KD_FLAG_GREEN), ==, "顾客要求晚点发货");
  g_assert_cmpstr (kd_order_service_get_flag_name (other, KD_FLAG_RED), ==, kd_flag_get_label (KD_FLAG_RED));

  /* Too long, or two lines: refused, nothing changed. */
  for (int i = 0; i <= KD_FLAG_NAME_MAX_CHARS; i++)
    g_string_append (long_name, "绿");
  g_assert_false (kd_order_service_set_flag_texts (f->svc, KD_FLAG_GREEN, long_name->str, "", &error));
  g_assert_error (error, KD_VALIDATION_ERROR, KD_ORDER_FIELD_FLAG_NAME);
  g_clear_error (&error);
  g_assert_false (kd_order_service_set_flag_texts (f->svc, KD_FLAG_GREEN, "绿", "一行\n两行", &error));
  g_assert_error (error, KD_VALIDATION_ERROR, KD_ORDER_FIELD_FLAG_MEANING);
  g_clear_error (&error);
  g_assert_cmpstr (kd_order_service_get_flag_name (other, KD_FLAG_GREEN), ==, "缓发");

  /* Empty, or the default typed back: the default again. */
  g_assert_true (kd_order_service_set_flag_texts (f->svc, KD_FLAG_GREEN, "", kd_flag_get_default_meaning (KD_FLAG_GREEN),
                                                  &error));
  for (int i = 0; i < 200 && changed < 2; i++)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (kd_order_service_get_flag_name (other, KD_FLAG_GREEN), ==, kd_flag_get_label (KD_FLAG_GREEN));
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM settings WHERE key LIKE 'orders.flag.green.%' AND value = ''"), ==, 2);
}

/* The shop's time zone: the setting in the database, followed by every
 * service on the store; a name that is no time zone is refused. */
static void
test_time_zone (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KdOrderService) other = kd_order_service_new (f->store, NULL);
  g_autoptr(KdOrderService) later = NULL;
  int changed = 0;

  g_assert_cmpstr (kd_order_service_get_time_zone (f->svc), ==, "Asia/Shanghai");
  g_signal_connect_swapped (other, "flags-changed", G_CALLBACK (count_signal), &changed);
  g_assert_false (kd_order_service_save_time_zone (f->svc, "Mars/Olympus", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_true (kd_order_service_save_time_zone (f->svc, " Europe/Berlin ", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (kd_order_service_get_time_zone (f->svc), ==, "Europe/Berlin");
  for (int i = 0; i < 200 && changed == 0; i++)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (kd_order_service_get_time_zone (other), ==, "Europe/Berlin");
  later = kd_order_service_new (f->store, NULL);
  g_assert_cmpstr (kd_order_service_get_time_zone (later), ==, "Europe/Berlin");
}

/* A report of @n rows; with @bad_line, that line's order number is in scientific notation. */
#define SUMMARIES_WRONG \
  "SELECT count(*) FROM customers c WHERE " \
  "order_count <> (SELECT count(*) FROM orders WHERE customer_id = c.id) OR " \
  "total_paid <> (SELECT coalesce(sum(paid), 0) FROM orders WHERE customer_id = c.id AND status IN (1, 2, 3)) OR " \
  "last_order_at <> (SELECT coalesce(max(created_at), 0) FROM orders WHERE customer_id = c.id)"
#define NOT_SEARCHABLE \
  "SELECT count(*) FROM customers c WHERE NOT EXISTS " \
  "(SELECT 1 FROM search_rows WHERE domain = 'customer' AND ref_id = c.id)"
#define INDEX_COUNT "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND tbl_name IN ('orders', 'customers')"
#define INTEGRITY_WRONG "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check <> 'ok'"

static char *
write_big_report (Fixture *f, const char *name, guint n, guint bad_line)
{
  char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr(GString) text = g_string_new ("订单编号,买家会员名,订单状态,订单创建时间,总金额,买家实际支付金额,收货人姓名\r\n");

  for (guint i = 0; i < n; i++)
    {
      if (i + 2 == bad_line)
        g_string_append (text, "3.51531E+18,买家,等待买家付款,2017-07-01 10:00:00,1.00,0.00,收件人\r\n");
      else
        g_string_append_printf (text, "=\"37%017u\",买家%u,%s,2017-07-%02u 10:00:00,%u.50,0.00,收件人%u\r\n", i, i % 500,
                                i % 4 == 0 ? "等待买家付款" : "交易关闭", 1 + i % 9, 10 + i % 90, i);
    }
  g_assert_true (g_file_set_contents (path, text->str, (gssize) text->len, NULL));
  return path;
}

typedef struct {
  guint   calls;
  guint   between;        /* calls with 0 < done < total */
  guint64 last, total;
  gboolean backwards;
} ProgressSeen;

static void
on_progress (guint64 done, guint64 total, gpointer user_data)
{
  ProgressSeen *p = user_data;

  p->calls++;
  p->backwards |= done < p->last || done > total;
  p->between += done > 0 && done < total;
  p->last = done;
  p->total = total;
}

static void
on_imported (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GAsyncResult **out = user_data;
  *out = g_object_ref (result);
}

/* Large files go through the reader thread in batches: progress moves
 * within a file, every order has its reversed number and, awaiting
 * payment, its alert; a bad row thousands of rows in, once the store
 * has written the rows before it, still leaves nothing. */
static void
test_big_import (Fixture *f, gconstpointer data)
{
  g_autofree char *first = write_big_report (f, "big-1.csv", 6000, 0);
  g_autofree char *second = write_big_report (f, "big-2.csv", 6000, 5001);
  const char *good[] = { first, NULL };
  const char *both[] = { first, second, NULL };
  g_autoptr(GAsyncResult) result = NULL;
  ProgressSeen seen = { 0 };
  KdOrderImportSummary s = { 0 };
  g_autoptr(GError) error = NULL;

  gint64 n_indexes = scalar (f, INDEX_COUNT);

  /* 6 000 orders into an empty board: written without the list indexes,
   * which are built again before the commit (kd_order_repo_drop_indexes). */
  g_assert_cmpint (n_indexes, >=, 12);
  kd_order_service_import_async (f->svc, good, FALSE, NULL, on_progress, &seen, NULL, on_imported, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (kd_order_service_import_finish (f->svc, result, &s, &error));
  g_assert_no_error (error);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (s.added, ==, 6000);
  g_assert_cmpint (scalar (f, INDEX_COUNT), ==, n_indexes);
  g_assert_cmpint (scalar (f, INTEGRITY_WRONG), ==, 0);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM orders INDEXED BY orders_status_flag WHERE status = 0"), ==, 1500);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM customers INDEXED BY customers_nickname_sort WHERE nickname_sort > ''"),
                   ==, 500);
  g_assert_cmpuint (seen.calls, >=, 2);
  g_assert_cmpuint (seen.between, >=, 2);
  g_assert_false (seen.backwards);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM orders WHERE length(order_no) <> 19 OR order_no_rev = ''"), ==, 0);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM orders WHERE order_no_rev <> "
                              "substr(order_no, 19, 1) || substr(order_no, 18, 1) || substr(order_no, 17, 1) || "
                              "substr(order_no, 16, 1) || substr(order_no, 15, 1) || substr(order_no, 14, 1) || "
                              "substr(order_no, 13, 1) || substr(order_no, 12, 1) || substr(order_no, 11, 1) || "
                              "substr(order_no, 10, 1) || substr(order_no, 9, 1) || substr(order_no, 8, 1) || "
                              "substr(order_no, 7, 1) || substr(order_no, 6, 1) || substr(order_no, 5, 1) || "
                              "substr(order_no, 4, 1) || substr(order_no, 3, 1) || substr(order_no, 2, 1) || "
                              "substr(order_no, 1, 1)"), ==, 0);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM unpaid_alerts"), ==, 1500);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM unpaid_alerts a JOIN orders o ON o.id = a.order_id "
                              "WHERE o.status = 0 AND a.created_at = o.created_at"), ==, 1500);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM customers"), ==, 500);
  /* The new buyers were written before their orders (a bulk import), their summaries set at the end. */
  g_assert_cmpint (scalar (f, SUMMARIES_WRONG), ==, 0);
  g_assert_cmpint (scalar (f, NOT_SEARCHABLE), ==, 0);
  g_assert_cmpint (scalar (f, TALLY_WRONG), ==, 0);

  /* A list kept by status has its length from the tally before the
   * snapshot of its ids: a tally one off (set so here) shows, and the
   * snapshot then puts the length right. */
  {
    g_autoptr(KdQueryModel) model = kd_order_service_create_model (f->svc);
    gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    g_assert_true (kd_store_write (f->store, exec_job,
                                   (gpointer) "UPDATE order_tally SET n = n + 1 WHERE status = 0 AND flag = 0", &error));
    _kd_query_model_hold_snapshot (model, TRUE);
    g_assert_true (kd_query_model_set_filter (model, "status", g_variant_new_int64 (KD_ORDER_AWAITING_PAYMENT)));
    while (g_list_model_get_n_items (G_LIST_MODEL (model)) <= 256 && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, FALSE);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1501);
    g_assert_cmpuint (kd_query_model_get_n_known (model), ==, 256);
    _kd_query_model_hold_snapshot (model, FALSE);
    wait_loaded (model);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1500);
    g_assert_true (kd_store_write (f->store, exec_job,
                                   (gpointer) "UPDATE order_tally SET n = n - 1 WHERE status = 0 AND flag = 0", &error));
  }

  /* Rows far down, read by position before the snapshot, in an order of
   * two terms turned round ("length(order_no), order_no" descending): the
   * last ones are read from the end of the list, and are the rows the
   * snapshot then puts there. */
  {
    g_autoptr(KdQueryModel) model = kd_order_service_create_model (f->svc);
    g_autoptr(KdOrder) last = NULL;
    g_autoptr(KdOrder) middle = NULL;
    gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    _kd_query_model_hold_snapshot (model, TRUE);
    g_assert_true (kd_query_model_set_sort (model, "order-no", TRUE));
    g_assert_true (kd_query_model_set_filter (model, "status", g_variant_new_int64 (KD_ORDER_AWAITING_PAYMENT)));
    while (g_list_model_get_n_items (G_LIST_MODEL (model)) <= 256 && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, FALSE);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1500);
    last = g_list_model_get_item (G_LIST_MODEL (model), 1499);
    middle = g_list_model_get_item (G_LIST_MODEL (model), 700);
    while ((last->id == 0 || middle->id == 0) && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, FALSE);
    g_assert_cmpint (last->id, >, 0);
    g_assert_cmpint (middle->id, >, 0);
    g_assert_cmpuint (kd_query_model_get_n_known (model), ==, 256);
    _kd_query_model_hold_snapshot (model, FALSE);
    wait_loaded (model);
    g_assert_cmpint (last->id, ==, kd_query_model_get_id (model, 1499));
    g_assert_cmpint (middle->id, ==, kd_query_model_get_id (model, 700));
    g_assert_cmpint (strcmp (middle->order_no, last->order_no), >, 0);
  }

  /* Both again, the second bad at line 5001: refused, the first file's re-import included. */
  g_assert_true (kd_store_write (f->store, exec_job, (gpointer) "DELETE FROM unpaid_alerts", &error));
  memset (&s, 0, sizeof s);
  g_assert_false (kd_order_service_import (f->svc, both, FALSE, NULL, &s, NULL, &error));
  g_assert_nonnull (strstr (error->message, "big-2.csv:5001: 订单编号: "));
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM orders"), ==, 6000);
  /* 12 000 rows onto 6 000: the indexes were dropped, and are back with the rollback. */
  g_assert_cmpint (scalar (f, INDEX_COUNT), ==, n_indexes);
  g_assert_cmpint (scalar (f, INTEGRITY_WRONG), ==, 0);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM unpaid_alerts"), ==, 0);
  g_assert_cmpint (scalar (f, TALLY_WRONG), ==, 0);

  /* Remarks written by plain SQL, without their order's time: they get it (0017). */
  g_clear_error (&error);
  g_assert_true (kd_store_write (f->store, exec_job,
                                 (gpointer) "INSERT INTO order_remarks (order_id, text, job_number, at) "
                                            "SELECT id, '补发赠品', '7', 1 FROM orders LIMIT 3", &error));
  g_assert_no_error (error);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM order_remarks WHERE job_number = '7'"), ==, 3);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM order_remarks r JOIN orders o ON o.id = r.order_id "
                              "WHERE r.order_created_at <> o.created_at"), ==, 0);
}

static char *
write_file (Fixture *f, const char *name, const char *text)
{
  char *path = g_build_filename (f->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}


/* New buyers are written after their orders, with the summary the import
 * counted: it must be what the database would count. */
static void
test_new_buyers (Fixture *f, gconstpointer data)
{
  const char *header = "订单编号,买家会员名,订单状态,订单创建时间,总金额,买家实际支付金额,收货人姓名\n";
  g_autofree char *one = NULL, *two = NULL, *three = NULL;
  g_autofree char *text = NULL;
  KdOrderImportSummary s = { 0 };
  g_autoptr(GError) error = NULL;

  text = g_strconcat (header,
    "=\"3700000000000000001\",TB_Moon,交易成功,2017-07-01 10:00:00,10.00,10.00,甲\n"
    "=\"3700000000000000002\",tb_moon,买家已付款，等待卖家发货,2017-07-03 10:00:00,5.50,5.50,甲\n"
    "=\"3700000000000000003\",ＴＢ_ＭＯＯＮ,交易关闭,2017-07-05 10:00:00,3.00,0.00,甲\n"
    "=\"3700000000000000004\",小鹿,等待买家付款,2017-07-02 10:00:00,8.00,0.00,乙\n"
    "=\"3700000000000000005\",小鹿,卖家已发货，等待买家确认,2017-07-04 09:00:00,12.34,12.34,乙\n", NULL);
  one = write_file (f, "new-buyers-1.csv", text);
  g_assert_true (kd_order_service_import (f->svc, (const char *[]) { one, NULL }, FALSE, NULL, &s, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (s.added, ==, 5);
  g_assert_cmpuint (s.customers, ==, 2);   /* three spellings of one nickname: one profile, the first spelling */
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM customers"), ==, 2);
  g_assert_cmpint (scalar (f, "SELECT order_count FROM customers WHERE nickname = 'TB_Moon'"), ==, 3);
  g_assert_cmpint (scalar (f, "SELECT total_paid FROM customers WHERE nickname = 'TB_Moon'"), ==, 1550);
  g_assert_cmpint (scalar (f, "SELECT total_paid FROM customers WHERE nickname = '小鹿'"), ==, 1234);
  g_assert_cmpint (scalar (f, "SELECT last_order_at FROM customers WHERE nickname = 'TB_Moon'"), ==,
                   1499047200 + 2 * 86400);   /* 2017-07-03 10:00 in Shanghai, two days on */
  g_assert_cmpint (scalar (f, SUMMARIES_WRONG), ==, 0);
  g_assert_cmpint (scalar (f, NOT_SEARCHABLE), ==, 0);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM pragma_foreign_key_check"), ==, 0);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM customers WHERE created_at = 0 OR nickname_sort = ''"), ==, 0);
  /* The orders' search rows, worked out on the reading thread: their receiver, its pinyin and initials. */
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM search_rows WHERE domain = 'order' AND text = '甲' "
                              "AND pinyin = char(2) || 'jia' AND initials = char(2) || 'j'"), ==, 3);

  /* One order twice in a file, a new buyer and a known one: the new
   * buyers' summaries are counted by the database then. */
  g_clear_pointer (&text, g_free);
  text = g_strconcat (header,
    "=\"3700000000000000006\",新客阿杰,等待买家付款,2017-07-06 10:00:00,20.00,0.00,丙\n"
    "=\"3700000000000000006\",新客阿杰,交易成功,2017-07-06 10:00:00,20.00,20.00,丙\n"
    "=\"3700000000000000007\",tb_moon,交易成功,2017-07-07 10:00:00,1.00,1.00,甲\n", NULL);
  two = write_file (f, "new-buyers-2.csv", text);
  memset (&s, 0, sizeof s);
  g_assert_true (kd_order_service_import (f->svc, (const char *[]) { two, NULL }, FALSE, NULL, &s, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (s.added, ==, 2);
  g_assert_cmpuint (s.updated, ==, 1);
  g_assert_cmpuint (s.customers, ==, 1);
  g_assert_cmpint (scalar (f, "SELECT total_paid FROM customers WHERE nickname = '新客阿杰'"), ==, 2000);
  g_assert_cmpint (scalar (f, "SELECT order_count FROM customers WHERE nickname = 'TB_Moon'"), ==, 4);
  g_assert_cmpint (scalar (f, SUMMARIES_WRONG), ==, 0);

  /* An order taken by a buyer new in this file: the one it was taken from has one fewer. */
  g_clear_pointer (&text, g_free);
  text = g_strconcat (header,
    "=\"3700000000000000005\",新客小白,卖家已发货，等待买家确认,2017-07-04 09:00:00,12.34,12.34,乙\n"
    "=\"3700000000000000008\",新客小白,交易成功,2017-07-08 10:00:00,2.00,2.00,乙\n", NULL);
  three = write_file (f, "new-buyers-3.csv", text);
  g_assert_true (kd_order_service_import (f->svc, (const char *[]) { three, NULL }, FALSE, NULL, &s, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (scalar (f, "SELECT order_count FROM customers WHERE nickname = '小鹿'"), ==, 1);
  g_assert_cmpint (scalar (f, "SELECT total_paid FROM customers WHERE nickname = '新客小白'"), ==, 1434);
  g_assert_cmpint (scalar (f, SUMMARIES_WRONG), ==, 0);
  g_assert_cmpint (scalar (f, NOT_SEARCHABLE), ==, 0);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM pragma_foreign_key_check"), ==, 0);

  /* A nickname no profile may have (checked on the reading thread),
   * after a good row of a new buyer: the file is refused at its line. */
  {
    g_autofree char *four = NULL;
    g_autofree char *long_nick = g_strnfill (70, 'x');

    g_clear_pointer (&text, g_free);
    text = g_strdup_printf ("%s=\"3700000000000000009\",新客小红,交易成功,2017-07-08 10:00:00,2.00,2.00,丁\n"
                            "=\"3700000000000000010\",%s,交易成功,2017-07-08 11:00:00,2.00,2.00,丁\n", header, long_nick);
    four = write_file (f, "new-buyers-4.csv", text);
    g_assert_false (kd_order_service_import (f->svc, (const char *[]) { four, NULL }, FALSE, NULL, &s, NULL, &error));
    g_assert_nonnull (error);
    g_assert_nonnull (strstr (error->message, "new-buyers-4.csv:3: "));
    g_assert_nonnull (strstr (error->message, "64"));
    g_clear_error (&error);
    g_assert_cmpint (scalar (f, "SELECT count(*) FROM customers WHERE nickname = '新客小红'"), ==, 0);
    g_assert_cmpint (scalar (f, "SELECT count(*) FROM orders WHERE order_no = '3700000000000000009'"), ==, 0);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/order-service/import", test_import);
  ADD ("/order-service/buyer-change", test_buyer_change);
  ADD ("/order-service/search-migration", test_search_migration);
  ADD ("/order-service/refused-whole", test_refused_whole);
  ADD ("/order-service/big-import", test_big_import);
  ADD ("/order-service/new-buyers", test_new_buyers);
  ADD ("/order-service/remarks-and-board", test_remarks_and_board);
  ADD ("/order-service/manual-order", test_manual_order);
  ADD ("/order-service/flag-texts", test_flag_texts);
  ADD ("/order-service/time-zone", test_time_zone);
  return g_test_run ();
}
