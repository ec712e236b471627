/* test-store-open.c: creating, migrating and refusing bad database files untouched. */
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include "kd-store.h"
#include "kd-test-util.h"

typedef struct {
  char *dir;
  char *path;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->dir = g_dir_make_tmp ("kd-test-store-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  f->path = g_build_filename (f->dir, "shop.db", NULL);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  kd_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static int
query_int (const char *path, const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int v = -1;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    v = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return v;
}

static void
assert_refused_untouched (const char *path, int expected_code)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len, after_len;
  g_autoptr(GError) error = NULL;
  g_autoptr(KdStore) store = NULL;

  g_assert_true (g_file_get_contents (path, &before, &before_len, NULL));
  store = kd_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, KD_STORE_ERROR, expected_code);
  /* The message names the file. */
  g_assert_nonnull (strstr (error->message, path));
  g_assert_true (g_file_get_contents (path, &after, &after_len, NULL));
  g_assert_cmpuint (before_len, ==, after_len);
  g_assert_true (memcmp (before, after, before_len) == 0);
}

static void
test_create (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KdStore) store = NULL;
  g_autofree char *nested = g_build_filename (f->dir, "a", "b", "shop.db", NULL);
  GStatBuf st;

  store = kd_store_open (nested, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_cmpint (kd_store_get_schema_version (store), ==, kd_store_get_latest_version ());
  g_assert_cmpint (kd_store_get_latest_version (), >=, 1);

  g_assert_cmpint (g_stat (nested, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  g_clear_object (&store);
  g_assert_cmpint (query_int (nested, "PRAGMA user_version"), ==, kd_store_get_latest_version ());
  g_assert_cmpint (query_int (nested, "PRAGMA journal_mode = wal") , !=, -1);
  g_assert_cmpint (query_int (nested, "SELECT count(*) FROM sqlite_schema WHERE name = 'staff'"), ==, 1);
}

static void
test_pragmas (Fixture *f, gconstpointer data)
{
  g_autoptr(KdStore) store = kd_store_open (f->path, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *v = NULL;

  g_assert_nonnull (store);
  /* Reopen: migrations are not applied twice. */
  g_clear_object (&store);
  store = kd_store_open (f->path, &error);
  g_assert_no_error (error);

  g_assert_true (kd_store_set_setting (store, "k", "值", &error));
  v = kd_store_get_setting (store, "k", NULL);
  g_assert_cmpstr (v, ==, "值");
  g_clear_pointer (&v, g_free);
  v = kd_store_get_setting (store, "missing", "默认");
  g_assert_cmpstr (v, ==, "默认");
}

static gboolean
failing_txn (KdConn *conn, gpointer data, GError **error)
{
  g_assert_true (kd_conn_set_setting (conn, "half", "written", error));
  g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_INVALID, "boom");
  return FALSE;
}

static gboolean
outer_txn (KdConn *conn, gpointer data, GError **error)
{
  g_autoptr(GError) inner = NULL;

  if (!kd_conn_set_setting (conn, "outer", "kept", error))
    return FALSE;
  /* A failing nested transaction rolls back only itself; kd_store_write()
   * from inside a job nests the same way. */
  g_assert_false (kd_store_write (kd_conn_get_store (conn), failing_txn, NULL, &inner));
  g_assert_error (inner, KD_STORE_ERROR, KD_STORE_ERROR_INVALID);
  return TRUE;
}

static void
test_transaction_rollback (Fixture *f, gconstpointer data)
{
  g_autoptr(KdStore) store = kd_store_open (f->path, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *half = NULL;
  g_autofree char *outer = NULL;

  g_assert_false (kd_store_write (store, failing_txn, NULL, &error));
  g_assert_error (error, KD_STORE_ERROR, KD_STORE_ERROR_INVALID);
  half = kd_store_get_setting (store, "half", NULL);
  g_assert_null (half);
  g_clear_error (&error);

  g_assert_true (kd_store_write (store, outer_txn, NULL, &error));
  g_assert_no_error (error);
  outer = kd_store_get_setting (store, "outer", NULL);
  g_assert_cmpstr (outer, ==, "kept");
  g_clear_pointer (&half, g_free);
  half = kd_store_get_setting (store, "half", NULL);
  g_assert_null (half);
}

static void
test_not_a_database (Fixture *f, gconstpointer data)
{
  g_assert_true (g_file_set_contents (f->path, "order_id,buyer\n1,小王\n", -1, NULL));
  assert_refused_untouched (f->path, KD_STORE_ERROR_NOT_DATABASE);
}

static void
test_foreign_database (Fixture *f, gconstpointer data)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE photos (id INTEGER)", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  assert_refused_untouched (f->path, KD_STORE_ERROR_NOT_DATABASE);
}

static void
test_too_new (Fixture *f, gconstpointer data)
{
  g_autoptr(KdStore) store = kd_store_open (f->path, NULL);
  sqlite3 *db = NULL;
  g_autofree char *sql = NULL;

  g_assert_nonnull (store);
  g_clear_object (&store);

  sql = g_strdup_printf ("PRAGMA user_version = %d", kd_store_get_latest_version () + 1);
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  assert_refused_untouched (f->path, KD_STORE_ERROR_TOO_NEW);
}

static void
make_populated_db (const char *path)
{
  g_autoptr(KdStore) store = kd_store_open (path, NULL);
  sqlite3 *db = NULL;

  g_assert_nonnull (store);
  g_clear_object (&store);

  /* Enough pages that damage lands inside the b-tree, in a rollback journal
   * so the main file holds everything. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "PRAGMA journal_mode = DELETE;"
                                 "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) "
                                 "INSERT INTO settings (key, value) SELECT 'k' || i, hex(randomblob(64)) FROM n;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
test_truncated (Fixture *f, gconstpointer data)
{
  g_autofree char *contents = NULL;
  gsize len;

  make_populated_db (f->path);
  g_assert_true (g_file_get_contents (f->path, &contents, &len, NULL));
  g_assert_cmpuint (len, >, 8 * 4096);
  g_assert_true (g_file_set_contents (f->path, contents, len / 2 + 100, NULL));
  assert_refused_untouched (f->path, KD_STORE_ERROR_CORRUPT);
}

static void
test_quick_check_fails (Fixture *f, gconstpointer data)
{
  g_autofree char *contents = NULL;
  gsize len;

  make_populated_db (f->path);
  g_assert_true (g_file_get_contents (f->path, &contents, &len, NULL));
  /* Scribble over the middle of the file, past the header and schema. */
  for (gsize i = len / 2; i < len / 2 + 4096 && i < len; i++)
    contents[i] = (char) (i * 7);
  g_assert_true (g_file_set_contents (f->path, contents, len, NULL));
  assert_refused_untouched (f->path, KD_STORE_ERROR_CORRUPT);
}

static void
test_backup (Fixture *f, gconstpointer data)
{
  g_autoptr(KdStore) store = kd_store_open (f->path, NULL);
  g_autoptr(KdStore) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dest = g_build_filename (f->dir, "backup.db", NULL);
  g_autofree char *v = NULL;
  GStatBuf st;

  g_assert_true (kd_store_set_setting (store, "shop.name", "小满", NULL));
  g_assert_true (kd_store_backup (store, dest, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (dest, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* Never overwrites. */
  g_assert_false (kd_store_backup (store, dest, &error));
  g_assert_error (error, KD_STORE_ERROR, KD_STORE_ERROR_EXISTS);

  copy = kd_store_open (dest, NULL);
  g_assert_nonnull (copy);
  v = kd_store_get_setting (copy, "shop.name", NULL);
  g_assert_cmpstr (v, ==, "小满");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(name, fn) g_test_add (name, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/store/create", test_create);
  ADD ("/store/pragmas-settings", test_pragmas);
  ADD ("/store/transaction-rollback", test_transaction_rollback);
  ADD ("/store/refuse/not-a-database", test_not_a_database);
  ADD ("/store/refuse/foreign-database", test_foreign_database);
  ADD ("/store/refuse/too-new", test_too_new);
  ADD ("/store/refuse/truncated", test_truncated);
  ADD ("/store/refuse/quick-check", test_quick_check_fails);
  ADD ("/store/backup", test_backup);
  return g_test_run ();
}
