/* test-store-open.c: creating, migrating and refusing bad database files untouched. */
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <utime.h>

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

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

/* The names in @dir, sorted, one string. */
static char *
list_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

static void
assert_refused_untouched (const char *path, int expected_code)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *names_before = list_dir (dir);
  g_autofree char *names_after = NULL;
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
  /* … and the folder looks exactly as before: no -wal or -shm made. */
  names_after = list_dir (dir);
  g_assert_cmpstr (names_after, ==, names_before);
}

static void
test_create (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KdStore) store = NULL;
  g_autofree char *nested = g_build_filename (f->dir, "a", "b", "shop.db", NULL);
  GStatBuf st;

  store = kd_store_open_full (nested, KD_STORE_OPEN_CREATE, &error);
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
  g_autoptr(KdStore) store = kd_store_open_full (f->path, KD_STORE_OPEN_CREATE, NULL);
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
  g_autoptr(KdStore) store = kd_store_open_full (f->path, KD_STORE_OPEN_CREATE, NULL);
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
  g_autoptr(KdStore) store = kd_store_open_full (f->path, KD_STORE_OPEN_CREATE, NULL);
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
  g_autoptr(KdStore) store = kd_store_open_full (path, KD_STORE_OPEN_CREATE, NULL);
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
  g_autoptr(KdStore) store = kd_store_open_full (f->path, KD_STORE_OPEN_CREATE, NULL);
  g_autoptr(KdStore) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dest = g_build_filename (f->dir, "backup.db", NULL);
  g_autofree char *v = NULL;
  GStatBuf st;

  g_assert_true (kd_store_set_setting (store, "shop.name", "小满", NULL));
  g_assert_true (kd_store_backup (store, dest, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (dest, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* Never overwrites. */
  g_assert_false (kd_store_backup (store, dest, NULL, &error));
  g_assert_error (error, KD_STORE_ERROR, KD_STORE_ERROR_EXISTS);

  copy = kd_store_open (dest, NULL);
  g_assert_nonnull (copy);
  v = kd_store_get_setting (copy, "shop.name", NULL);
  g_assert_cmpstr (v, ==, "小满");
}


static void
test_missing (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KdStore) store = NULL;
  g_autofree char *nested = g_build_filename (f->dir, "a", "b", "typo.db", NULL);
  g_autofree char *names = NULL;

  store = kd_store_open (f->path, &error);
  g_assert_null (store);
  g_assert_error (error, KD_STORE_ERROR, KD_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, f->path));
  g_clear_error (&error);

  store = kd_store_open (nested, &error);
  g_assert_null (store);
  g_assert_error (error, KD_STORE_ERROR, KD_STORE_ERROR_NOT_FOUND);
  /* Neither the file nor its folders were made. */
  names = list_dir (f->dir);
  g_assert_cmpstr (names, ==, "");
}

static void
test_empty (Fixture *f, gconstpointer data)
{
  GStatBuf st;

  g_assert_true (g_file_set_contents (f->path, "", 0, NULL));
  g_assert_cmpint (g_chmod (f->path, 0644), ==, 0);
  assert_refused_untouched (f->path, KD_STORE_ERROR_NOT_DATABASE);
  g_assert_cmpint (g_stat (f->path, &st), ==, 0);
  g_assert_cmpint (st.st_size, ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0644);
}

/* A refused file in WAL mode: reading it the ordinary way makes SQLite
 * create -wal and -shm beside it. */
static void
test_refused_wal_mode_no_sidecars (Fixture *f, gconstpointer data)
{
  g_autoptr(KdStore) store = kd_store_open_full (f->path, KD_STORE_OPEN_CREATE, NULL);
  g_autofree char *sql = g_strdup_printf ("PRAGMA user_version = %d", kd_store_get_latest_version () + 1);
  sqlite3 *db = NULL;

  g_assert_nonnull (store);
  g_clear_object (&store);
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  assert_refused_untouched (f->path, KD_STORE_ERROR_TOO_NEW);
}

static void
create_db (const char *path)
{
  g_autoptr(KdStore) store = kd_store_open_full (path, KD_STORE_OPEN_CREATE, NULL);
  g_assert_nonnull (store);
}

static void
set_setting_raw (const char *path, const char *key, const char *value, gboolean keep_in_wal,
                 const char *copy_to)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT OR REPLACE INTO settings (key, value) VALUES (?1, ?2)",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  if (keep_in_wal)
    {
      /* What a crash leaves: the change only in the -wal, copied now. */
      g_autofree char *contents = NULL;
      g_autofree char *wal = g_strconcat (path, "-wal", NULL);
      g_autofree char *copy_wal = g_strconcat (copy_to, "-wal", NULL);
      gsize len;

      g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
      g_assert_true (g_file_set_contents (copy_to, contents, len, NULL));
      g_clear_pointer (&contents, g_free);
      g_assert_true (g_file_get_contents (wal, &contents, &len, NULL));
      g_assert_cmpuint (len, >, 32);
      g_assert_true (g_file_set_contents (copy_wal, contents, len, NULL));
    }
  sqlite3_close (db);
}

static char *
get_setting (const char *path, const char *key)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KdStore) store = kd_store_open (path, &error);

  g_assert_no_error (error);
  return kd_store_get_setting (store, key, NULL);
}

/* A crash leaves the last changes in the -wal: they are the file's own. */
static void
test_own_wal_after_crash (Fixture *f, gconstpointer data)
{
  g_autofree char *scratch = g_build_filename (f->dir, "scratch.db", NULL);
  g_autofree char *v = NULL;

  create_db (scratch);
  set_setting_raw (scratch, "recent", "in the wal", TRUE, f->path);
  v = get_setting (f->path, "recent");
  g_assert_cmpstr (v, ==, "in the wal");
}

static void
assert_wal_untouched (const char *path, const char *before, gsize len)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *after = NULL;
  gsize after_len;

  g_assert_true (g_file_get_contents (wal, &after, &after_len, NULL));
  g_assert_cmpuint (after_len, ==, len);
  g_assert_true (memcmp (before, after, len) == 0);
}

/* The repro: a backup copied over the file while the old -wal stays. */
static void
test_stray_wal_beside_backup (Fixture *f, gconstpointer data)
{
  g_autofree char *scratch = g_build_filename (f->dir, "scratch.db", NULL);
  g_autofree char *other = g_build_filename (f->dir, "other.db", NULL);
  g_autofree char *backup = g_build_filename (f->dir, "backup.db", NULL);
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *wal_before = NULL;
  gsize len, wal_len;

  create_db (scratch);
  set_setting_raw (scratch, "recent", "of the old file", TRUE, f->path);
  {
    g_autoptr(KdStore) store = kd_store_open_full (other, KD_STORE_OPEN_CREATE, NULL);
    g_assert_true (kd_store_set_setting (store, "shop.name", "backup", NULL));
    g_assert_true (kd_store_backup (store, backup, NULL, NULL));
  }
  g_assert_true (g_file_get_contents (backup, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (f->path, contents, len, NULL));
  g_assert_true (g_file_get_contents (wal, &wal_before, &wal_len, NULL));

  assert_refused_untouched (f->path, KD_STORE_ERROR_STRAY_WAL);
  assert_wal_untouched (f->path, wal_before, wal_len);
}

/* A WAL-mode file written well after its -wal: put there by a copy. */
static void
test_stray_wal_older_than_file (Fixture *f, gconstpointer data)
{
  g_autofree char *scratch = g_build_filename (f->dir, "scratch.db", NULL);
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *wal_before = NULL;
  struct utimbuf times;
  GStatBuf st;
  gsize wal_len;

  create_db (scratch);
  set_setting_raw (scratch, "recent", "of another copy", TRUE, f->path);
  g_assert_cmpint (g_stat (wal, &st), ==, 0);
  times.actime = times.modtime = st.st_mtime + 3600;
  g_assert_cmpint (utime (f->path, &times), ==, 0);
  g_assert_true (g_file_get_contents (wal, &wal_before, &wal_len, NULL));

  assert_refused_untouched (f->path, KD_STORE_ERROR_STRAY_WAL);
  assert_wal_untouched (f->path, wal_before, wal_len);
}

static gboolean
have_sqlite3 (void)
{
  g_autofree char *p = g_find_program_in_path ("sqlite3");
  return p != NULL;
}

/* Another program holds the file locked: wait, as every connection does. */
static GPid
hold_lock (const char *path, int seconds, const char *marker)
{
  g_autofree char *script = g_strdup_printf (
    "{ printf 'PRAGMA locking_mode=EXCLUSIVE;\\nBEGIN EXCLUSIVE;\\n"
    "INSERT OR REPLACE INTO settings VALUES (hex(1), hex(2));\\n.shell touch %s\\n'; "
    "sleep %d; printf 'COMMIT;\\n'; } | sqlite3 '%s' >/dev/null", marker, seconds, path);
  const char *argv[] = { "/bin/sh", "-c", script, NULL };
  g_autoptr(GError) error = NULL;
  GPid pid;

  g_assert_true (g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid, &error));
  g_assert_no_error (error);
  for (int i = 0; i < 200 && !g_file_test (marker, G_FILE_TEST_EXISTS); i++)
    g_usleep (20 * 1000);
  g_assert_true (g_file_test (marker, G_FILE_TEST_EXISTS));
  return pid;
}

static void
wait_child (GPid pid)
{
  int status;
  waitpid (pid, &status, 0);
  g_spawn_close_pid (pid);
}

static void
test_busy_waits (Fixture *f, gconstpointer data)
{
  g_autofree char *marker = g_build_filename (f->dir, "held", NULL);
  g_autoptr(KdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  GPid pid;

  if (!have_sqlite3 ())
    {
      g_test_skip ("sqlite3 is not installed");
      return;
    }
  g_clear_object (&store);
  store = kd_store_open_full (f->path, KD_STORE_OPEN_CREATE, NULL);
  g_clear_object (&store);

  pid = hold_lock (f->path, 1, marker);
  store = kd_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  wait_child (pid);
}

static void
test_busy_past_timeout (Fixture *f, gconstpointer data)
{
  g_autofree char *marker = g_build_filename (f->dir, "held", NULL);
  g_autoptr(KdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  GPid pid;

  if (!have_sqlite3 ())
    {
      g_test_skip ("sqlite3 is not installed");
      return;
    }
  store = kd_store_open_full (f->path, KD_STORE_OPEN_CREATE, NULL);
  g_clear_object (&store);

  pid = hold_lock (f->path, 7, marker);
  store = kd_store_open (f->path, &error);
  g_assert_null (store);
  g_assert_error (error, KD_STORE_ERROR, KD_STORE_ERROR_BUSY);
  g_assert_nonnull (strstr (error->message, f->path));
  g_assert_nonnull (strstr (error->message, "Close"));
  wait_child (pid);
}

/* The writer, past the timeout: not "database is locked" alone. */
static void
test_busy_writer (Fixture *f, gconstpointer data)
{
  g_autofree char *marker = g_build_filename (f->dir, "held", NULL);
  g_autofree char *script = NULL;
  g_autoptr(KdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "/bin/sh", "-c", NULL, NULL };
  GPid pid;

  if (!have_sqlite3 ())
    {
      g_test_skip ("sqlite3 is not installed");
      return;
    }
  store = kd_store_open_full (f->path, KD_STORE_OPEN_CREATE, NULL);
  script = g_strdup_printf ("{ printf 'BEGIN IMMEDIATE;\\nINSERT OR REPLACE INTO settings VALUES (hex(1), hex(2));\\n"
                            ".shell touch %s\\n'; sleep 7; printf 'COMMIT;\\n'; } | sqlite3 '%s' >/dev/null",
                            marker, f->path);
  argv[2] = script;
  g_assert_true (g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid, NULL));
  for (int i = 0; i < 200 && !g_file_test (marker, G_FILE_TEST_EXISTS); i++)
    g_usleep (20 * 1000);

  g_assert_false (kd_store_set_setting (store, "k", "v", &error));
  g_assert_error (error, KD_STORE_ERROR, KD_STORE_ERROR_BUSY);
  g_assert_nonnull (strstr (error->message, f->path));
  wait_child (pid);
}

static void
test_settings_utf8 (Fixture *f, gconstpointer data)
{
  g_autoptr(KdStore) store = kd_store_open_full (f->path, KD_STORE_OPEN_CREATE, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *v = NULL;
  sqlite3 *db = NULL;

  g_assert_false (kd_store_set_setting (store, "shop.name", "bad \xff\xfe name", &error));
  g_assert_error (error, KD_STORE_ERROR, KD_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (kd_store_set_setting (store, "bad\xc3", "x", &error));
  g_assert_error (error, KD_STORE_ERROR, KD_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_clear_object (&store);

  /* Old data written by something else: shown made valid. */
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO settings VALUES ('shop.name', CAST(X'E5B08FFF' AS TEXT))",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  store = kd_store_open (f->path, &error);
  g_assert_no_error (error);
  v = kd_store_get_setting (store, "shop.name", NULL);
  g_assert_true (g_utf8_validate (v, -1, NULL));
}

/* The file has recent changes only in its -wal (a crash); the backup goes
 * in its place, the old file is kept aside with those changes, and no
 * stale -wal is replayed over the restored file. */
static void
test_restore (Fixture *f, gconstpointer data)
{
  g_autofree char *scratch = g_build_filename (f->dir, "scratch.db", NULL);
  g_autofree char *other = g_build_filename (f->dir, "other.db", NULL);
  g_autofree char *backup = g_build_filename (f->dir, "backup.db", NULL);
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (f->path, "-shm", NULL);
  g_autofree char *kept = NULL;
  g_autofree char *v = NULL;
  g_autoptr(GError) error = NULL;

  create_db (scratch);
  set_setting_raw (scratch, "recent", "only in the wal", TRUE, f->path);
  {
    g_autoptr(KdStore) store = kd_store_open_full (other, KD_STORE_OPEN_CREATE, NULL);
    g_assert_true (kd_store_set_setting (store, "shop.name", "from the backup", NULL));
    g_assert_true (kd_store_backup (store, backup, NULL, NULL));
  }

  g_assert_true (kd_store_restore_file (f->path, backup, &kept, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (kept);
  g_assert_true (g_str_has_prefix (kept, f->path));
  g_assert_nonnull (strstr (kept, ".before-restore-"));
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (shm, G_FILE_TEST_EXISTS));

  /* The kept file alone has the change that was only in the -wal. */
  g_assert_cmpint (query_int (kept, "SELECT count(*) FROM settings WHERE key = 'recent'"), ==, 1);

  v = get_setting (f->path, "shop.name");
  g_assert_cmpstr (v, ==, "from the backup");
  g_clear_pointer (&v, g_free);
  v = get_setting (f->path, "recent");
  g_assert_null (v);
}

static void
test_restore_refuses_bad_backup (Fixture *f, gconstpointer data)
{
  g_autofree char *bad = g_build_filename (f->dir, "bad.db", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *names = NULL;
  g_autofree char *names_after = NULL;
  g_autoptr(GError) error = NULL;
  gsize len, after_len;

  {
    g_autoptr(KdStore) store = kd_store_open_full (f->path, KD_STORE_OPEN_CREATE, NULL);
    g_assert_true (kd_store_set_setting (store, "shop.name", "current", NULL));
  }
  g_assert_true (g_file_set_contents (bad, "order_id,buyer\n", -1, NULL));
  g_assert_true (g_file_get_contents (f->path, &before, &len, NULL));
  names = list_dir (f->dir);

  g_assert_false (kd_store_restore_file (f->path, bad, NULL, NULL, &error));
  g_assert_error (error, KD_STORE_ERROR, KD_STORE_ERROR_NOT_DATABASE);
  g_assert_nonnull (strstr (error->message, bad));
  g_assert_true (g_file_get_contents (f->path, &after, &after_len, NULL));
  g_assert_cmpuint (len, ==, after_len);
  g_assert_true (memcmp (before, after, len) == 0);
  names_after = list_dir (f->dir);
  g_assert_cmpstr (names_after, ==, names);
}

static void
test_restore_refuses_file_in_use (Fixture *f, gconstpointer data)
{
  g_autofree char *other = g_build_filename (f->dir, "other.db", NULL);
  g_autofree char *backup = g_build_filename (f->dir, "backup.db", NULL);
  g_autofree char *marker = g_build_filename (f->dir, "held", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *script = NULL;
  g_autofree char *v = NULL;
  const char *argv[] = { "/bin/sh", "-c", NULL, NULL };
  GPid pid;

  if (!have_sqlite3 ())
    {
      g_test_skip ("sqlite3 is not installed");
      return;
    }
  {
    g_autoptr(KdStore) store = kd_store_open_full (f->path, KD_STORE_OPEN_CREATE, NULL);
    g_assert_true (kd_store_set_setting (store, "shop.name", "current", NULL));
  }
  {
    g_autoptr(KdStore) store = kd_store_open_full (other, KD_STORE_OPEN_CREATE, NULL);
    g_assert_true (kd_store_backup (store, backup, NULL, NULL));
  }
  /* Another program has the file open (reading, in WAL mode). */
  script = g_strdup_printf ("{ printf 'SELECT count(*) FROM settings;\\n.shell touch %s\\n'; sleep 3; } "
                            "| sqlite3 '%s' >/dev/null", marker, f->path);
  argv[2] = script;
  g_assert_true (g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid, NULL));
  for (int i = 0; i < 200 && !g_file_test (marker, G_FILE_TEST_EXISTS); i++)
    g_usleep (20 * 1000);

  g_assert_false (kd_store_restore_file (f->path, backup, NULL, NULL, &error));
  g_assert_error (error, KD_STORE_ERROR, KD_STORE_ERROR_BUSY);
  g_assert_nonnull (strstr (error->message, f->path));
  wait_child (pid);
  v = get_setting (f->path, "shop.name");
  g_assert_cmpstr (v, ==, "current");
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
  ADD ("/store/refuse/missing", test_missing);
  ADD ("/store/refuse/empty", test_empty);
  ADD ("/store/refuse/wal-mode-no-sidecars", test_refused_wal_mode_no_sidecars);
  ADD ("/store/wal/own-after-crash", test_own_wal_after_crash);
  ADD ("/store/wal/stray-beside-backup", test_stray_wal_beside_backup);
  ADD ("/store/wal/stray-older-than-file", test_stray_wal_older_than_file);
  ADD ("/store/busy/waits", test_busy_waits);
  ADD ("/store/busy/past-timeout", test_busy_past_timeout);
  ADD ("/store/busy/writer-past-timeout", test_busy_writer);
  ADD ("/store/settings-utf8", test_settings_utf8);
  ADD ("/store/restore", test_restore);
  ADD ("/store/restore/refuses-bad-backup", test_restore_refuses_bad_backup);
  ADD ("/store/restore/refuses-file-in-use", test_restore_refuses_file_in_use);
  return g_test_run ();
}
