/* test-store-thread.c: the store thread and its queue, reader connections, the statement cache, "changed", close. */
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "kd-store-private.h"
#include "kd-test-util.h"

typedef struct {
  char    *dir;
  char    *path;
  KdStore *store;
} Fixture;

static gboolean
create_table_job (KdConn *conn, gpointer data, GError **error)
{
  return kd_conn_exec (conn, "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL);"
                             "INSERT INTO t (id, v) VALUES (1, 'one'), (2, 'two'), (3, 'three');", error);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("kd-test-thread-XXXXXX", NULL);
  f->path = g_build_filename (f->dir, "shop.db", NULL);
  f->store = kd_store_open_full (f->path, KD_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_true (kd_store_write (f->store, create_table_job, NULL, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  if (f->store != NULL)
    {
      kd_store_close (f->store);
      g_assert_finalize_object (f->store);
    }
  kd_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static char *
value_of (KdConn *conn, const char *sql)
{
  sqlite3_stmt *stmt = kd_conn_prepare (conn, sql, NULL);
  char *v = NULL;

  g_assert_nonnull (stmt);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    v = g_strdup (kd_stmt_text (stmt, 0));
  sqlite3_reset (stmt);
  return v;
}

/* Two different statements built on the heap at one address: the cache is
 * keyed by text, so the second gets its own rows, not the first's. */
static gboolean
same_address_job (KdConn *conn, gpointer data, GError **error)
{
  char *a = g_strdup_printf ("SELECT v FROM t WHERE id = %d", 1);
  gconstpointer first_address = a;
  g_autofree char *va = value_of (conn, a);
  char *b;
  g_autofree char *vb = NULL;
  guint tries = 0;

  g_free (a);
  /* The allocator hands the freed block back for a same-sized string;
   * try a few times, and say so if it never does. */
  do
    {
      b = g_strdup_printf ("SELECT v FROM t WHERE id = %d", 2);
      if ((gconstpointer) b == first_address)
        break;
      g_free (b);
      b = NULL;
    }
  while (++tries < 16);

  if (b == NULL)
    {
      b = g_strdup_printf ("SELECT v FROM t WHERE id = %d", 2);
      g_test_message ("the allocator did not reuse the address; checking the text key alone");
    }
  vb = value_of (conn, b);
  g_free (b);

  g_assert_cmpstr (va, ==, "one");
  g_assert_cmpstr (vb, ==, "two");
  return TRUE;
}

static void
test_cache_keyed_by_text (Fixture *f, gconstpointer data)
{
  g_assert_true (kd_store_read (f->store, same_address_job, NULL, NULL));
  g_assert_true (kd_store_write (f->store, same_address_job, NULL, NULL));
}

/* Dynamic SQL does not leak statements: the cache stays bounded. */
static gboolean
many_statements_job (KdConn *conn, gpointer data, GError **error)
{
  for (int i = 0; i < 3 * KD_CONN_STATEMENT_CACHE_SIZE; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT %d, v FROM t WHERE id = 1", i);
      g_autofree char *expected = g_strdup_printf ("%d", i);
      g_autofree char *v = value_of (conn, sql);

      g_assert_cmpstr (v, ==, expected);
      g_assert_cmpuint (kd_conn_get_n_cached (conn), <=, KD_CONN_STATEMENT_CACHE_SIZE);
    }
  /* The most recent ones are still there, and reused. */
  {
    sqlite3_stmt *a = kd_conn_prepare (conn, "SELECT v FROM t WHERE id = 3", NULL);
    sqlite3_stmt *b = kd_conn_prepare (conn, "SELECT v FROM t WHERE id = 3", NULL);
    g_assert_true (a == b);
  }
  return TRUE;
}

static void
test_cache_bounded (Fixture *f, gconstpointer data)
{
  g_assert_true (kd_store_read (f->store, many_statements_job, NULL, NULL));
}

/* ---------------------------------------------------------------- writes */

static gboolean
append_job (KdConn *conn, gpointer data, GError **error)
{
  int *k = data;
  sqlite3_stmt *stmt = kd_conn_prepare (conn, "INSERT INTO t (v) VALUES (?1)", error);
  g_autofree char *v = g_strdup_printf ("job-%03d", *k);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, v, -1, SQLITE_TRANSIENT);
  if (!kd_conn_step_done (conn, stmt, error))
    return FALSE;
  kd_conn_note_changed (conn, "t", sqlite3_last_insert_rowid (kd_conn_get_db (conn)));
  return TRUE;
}

typedef struct {
  int      done;
  int      changed;
  GArray  *callback_order;
  gboolean changed_before_callback;
} AsyncState;

static void
append_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AsyncState *st = user_data;
  int *k = kd_store_job_get_data (result);
  g_autoptr(GError) error = NULL;

  g_assert_true (kd_store_write_finish (KD_STORE (source), result, &error));
  g_assert_no_error (error);
  /* "changed" for this job was emitted before its callback. */
  if (st->changed < st->done + 1)
    st->changed_before_callback = FALSE;
  g_array_append_val (st->callback_order, *k);
  st->done++;
}

static void
on_changed (KdStore *store, const char *table, GArray *ids, AsyncState *st)
{
  g_assert_cmpstr (table, ==, "t");
  g_assert_cmpuint (ids->len, ==, 1);
  st->changed++;
}

static gboolean
count_job (KdConn *conn, gpointer data, GError **error)
{
  g_autofree char *n = value_of (conn, "SELECT count(*) FROM t");
  *(int *) data = atoi (n);
  return TRUE;
}

static gboolean
page_size_job (KdConn *conn, gpointer data, GError **error)
{
  g_autofree char *n = value_of (conn, "PRAGMA page_size");
  *(int *) data = atoi (n);
  return TRUE;
}

static void
test_async_writes_in_order (Fixture *f, gconstpointer data)
{
  AsyncState st = { 0, 0, g_array_new (FALSE, FALSE, sizeof (int)), TRUE };
  gulong id = g_signal_connect (f->store, "changed::t", G_CALLBACK (on_changed), &st);
  int count = 0;

  for (int k = 0; k < 50; k++)
    {
      int *data_k = g_new (int, 1);
      *data_k = k;
      kd_store_write_async (f->store, append_job, data_k, g_free, NULL, append_done, &st);
    }
  /* A synchronous write queued after them runs after them. */
  {
    int k = 999;
    g_assert_true (kd_store_write (f->store, append_job, &k, NULL));
  }
  g_assert_true (kd_store_read (f->store, count_job, &count, NULL));
  g_assert_cmpint (count, ==, 3 + 51);

  while (st.done < 50)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpint (st.changed, ==, 51);
  g_assert_true (st.changed_before_callback);
  for (int k = 0; k < 50; k++)
    g_assert_cmpint (g_array_index (st.callback_order, int, k), ==, k);

  /* The rows were written in queue order too. */
  {
    g_autofree char *first = NULL;
    g_autofree char *last = NULL;
    KdConn *conn = _kd_store_lend_writer (f->store);
    first = value_of (conn, "SELECT v FROM t WHERE id = 4");
    last = value_of (conn, "SELECT v FROM t WHERE id = 53");
    _kd_store_return_writer (f->store);
    g_assert_cmpstr (first, ==, "job-000");
    g_assert_cmpstr (last, ==, "job-049");
  }

  g_signal_handler_disconnect (f->store, id);
  g_array_unref (st.callback_order);
}

static gboolean
failing_job (KdConn *conn, gpointer data, GError **error)
{
  int k = 7;

  g_assert_true (append_job (conn, &k, NULL));
  g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_INVALID, "refused on purpose");
  return FALSE;
}

static void
count_changes (KdStore *store, const char *table, GArray *ids, int *n)
{
  (*n)++;
}

/* A job that fails leaves nothing behind and reports no change. */
static void
test_failed_job_rolls_back (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  int changes = 0, count = 0;
  gulong id = g_signal_connect (f->store, "changed", G_CALLBACK (count_changes), &changes);

  g_assert_false (kd_store_write (f->store, failing_job, NULL, &error));
  g_assert_error (error, KD_STORE_ERROR, KD_STORE_ERROR_INVALID);
  g_assert_true (kd_store_read (f->store, count_job, &count, NULL));
  g_assert_cmpint (count, ==, 3);
  g_assert_cmpint (changes, ==, 0);
  g_signal_handler_disconnect (f->store, id);
}

/* A job sees its own writes through kd_store_read(); readers see only
 * what has committed. */
static gboolean
read_own_writes_job (KdConn *conn, gpointer data, GError **error)
{
  KdStore *store = kd_conn_get_store (conn);
  int k = 1, inside = 0;

  g_assert_true (append_job (conn, &k, NULL));
  g_assert_true (kd_store_read (store, count_job, &inside, NULL));
  g_assert_cmpint (inside, ==, 4);
  return TRUE;
}

static void
test_reads_inside_a_job (Fixture *f, gconstpointer data)
{
  int count = 0;

  g_assert_true (kd_store_write (f->store, read_own_writes_job, NULL, NULL));
  g_assert_true (kd_store_read (f->store, count_job, &count, NULL));
  g_assert_cmpint (count, ==, 4);
}

static void
cancelled_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GError **out = user_data;
  g_assert_false (kd_store_write_finish (KD_STORE (source), result, out));
}

static void
test_cancelled_write_does_nothing (Fixture *f, gconstpointer data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  GError *error = NULL;
  int k = 5, count = 0;

  g_cancellable_cancel (cancellable);
  kd_store_write_async (f->store, append_job, &k, NULL, cancellable, cancelled_done, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_true (kd_store_read (f->store, count_job, &count, NULL));
  g_assert_cmpint (count, ==, 3);
}

static gboolean
endless_job (KdConn *conn, gpointer data, GError **error)
{
  /* A scan that would take minutes. */
  sqlite3_stmt *stmt = kd_conn_prepare (conn, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                                              "WHERE i < 2000000000) SELECT count(*) FROM n", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      kd_conn_set_error (conn, error, rc, "count");
      return FALSE;
    }
  return TRUE;
}

static gboolean
cancel_soon (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static void
read_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GError **out = user_data;
  g_assert_false (kd_store_read_finish (KD_STORE (source), result, out));
  g_assert_nonnull (*out);
}

/* A long read whose caller gives up stops at once and frees its reader. */
static void
test_cancelled_read_stops (Fixture *f, gconstpointer data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  GError *error = NULL;
  gint64 t0 = g_get_monotonic_time ();
  int count = 0;

  kd_store_read_async (f->store, endless_job, NULL, NULL, cancellable, read_done, &error);
  g_timeout_add (100, cancel_soon, cancellable);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpint (g_get_monotonic_time () - t0, <, 10 * G_USEC_PER_SEC);
  /* The connection is usable again. */
  g_assert_true (kd_store_read (f->store, count_job, &count, NULL));
  g_assert_cmpint (count, ==, 3);
}

/* ---------------------------------------------------------------- checkpoints */

static void
write_flag_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_assert_true (kd_store_write_finish (KD_STORE (source), result, NULL));
  *(gboolean *) user_data = TRUE;
}

static gboolean
big_write_job (KdConn *conn, gpointer data, GError **error)
{
  return kd_conn_exec (conn, "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) "
                             "INSERT INTO t (v) SELECT printf('%.2000c', 'x') || i FROM n", error);
}

static goffset
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (goffset) st.st_size : 0;
}

/* A job of 6 MB (over the 4 MB, SQLite's 1 000 pages of 4 KiB, at which
 * its autocheckpoint would copy the WAL back inside the COMMIT): the copy
 * is made by the store thread after the job, while the store stays open. */
static void
test_checkpoint_between_jobs (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 deadline;
  int count = 0;
  int page_size = 0;

  /* A new file has pages of 16 KiB (kd-store-open.c). */
  g_assert_true (kd_store_read (f->store, page_size_job, &page_size, NULL));
  g_assert_cmpint (page_size, ==, 16384);
  g_assert_cmpint (file_size (f->path), <, 3 * 1024 * 1024);   /* the empty schema */
  g_assert_true (kd_store_write (f->store, big_write_job, NULL, &error));
  g_assert_no_error (error);
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (file_size (f->path) < 6000000 && g_get_monotonic_time () < deadline)
    g_usleep (10000);
  g_assert_cmpint (file_size (f->path), >=, 6000000);
  g_assert_true (kd_store_read (f->store, count_job, &count, NULL));
  g_assert_cmpint (count, ==, 3003);
}

/* kd_store_checkpoint() after a big job still in the queue: when it
 * returns, the file has the job's pages (the store thread's own copy was
 * put off, a job being queued behind). */
static void
test_checkpoint_now (Fixture *f, gconstpointer data)
{
  gboolean written = FALSE;

  kd_store_write_async (f->store, big_write_job, NULL, NULL, NULL, write_flag_done, &written);
  kd_store_checkpoint (f->store);
  g_assert_cmpint (file_size (f->path), >=, 6000000);
  while (!written)
    g_main_context_iteration (NULL, TRUE);
}

/* ---------------------------------------------------------------- close */

/* After close, the file alone has every change: copying it without its
 * -wal loses nothing. */
static void
test_close_checkpoints (Fixture *f, gconstpointer data)
{
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *copy = g_build_filename (f->dir, "copy.db", NULL);
  g_autofree char *contents = NULL;
  gsize len;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  GError *error = NULL;
  int k = 42;

  g_assert_true (kd_store_write (f->store, append_job, &k, NULL));
  kd_store_close (f->store);
  g_assert_true (kd_store_is_closed (f->store));

  /* A closed store refuses work with a clear error. */
  g_assert_false (kd_store_write (f->store, append_job, &k, &error));
  g_assert_error (error, KD_STORE_ERROR, KD_STORE_ERROR_CLOSED);
  g_clear_error (&error);
  g_assert_false (kd_store_read (f->store, count_job, &k, &error));
  g_assert_error (error, KD_STORE_ERROR, KD_STORE_ERROR_CLOSED);
  g_clear_error (&error);

  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS) && g_file_get_contents (wal, &contents, &len, NULL) && len > 0);
  g_assert_true (g_file_get_contents (f->path, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (copy, contents, (gssize) len, NULL));

  g_assert_cmpint (sqlite3_open_v2 (copy, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT v FROM t WHERE v = 'job-042'", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static void
opened (GObject *source, GAsyncResult *result, gpointer user_data)
{
  KdStore **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = kd_store_open_finish (result, &error);
  g_assert_no_error (error);
}

/* Opening off the main thread: the main loop keeps turning meanwhile. */
static void
test_open_async (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "other.db", NULL);
  KdStore *store = NULL;
  guint turns = 0;

  kd_store_open_async (path, KD_STORE_OPEN_CREATE, NULL, opened, &store);
  while (store == NULL)
    {
      g_main_context_iteration (NULL, TRUE);
      turns++;
    }
  g_assert_cmpint (kd_store_get_schema_version (store), ==, kd_store_get_latest_version ());
  kd_store_close (store);
  g_assert_finalize_object (store);
  g_assert_cmpuint (turns, >=, 1);
}

static gpointer
value_of_row (sqlite3_stmt *stmt)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

static gboolean
step_one_job (KdConn *conn, gpointer data, GError **error)
{
  g_autoptr(GError) local = NULL;
  g_autofree char *two = NULL;
  g_autofree char *none = NULL;
  g_autofree char *again = NULL;
  gpointer failed;
  sqlite3_stmt *stmt = kd_conn_prepare (conn, "SELECT v FROM t WHERE id = ?", error);

  g_assert_nonnull (stmt);
  /* A row: what the reader made of it, and the statement reset. */
  sqlite3_bind_int64 (stmt, 1, 2);
  two = kd_conn_step_one (conn, stmt, value_of_row, "t", &local);
  g_assert_no_error (local);
  g_assert_cmpstr (two, ==, "two");
  g_assert_false (sqlite3_stmt_busy (stmt));
  /* No row: NULL, and no error. */
  sqlite3_bind_int64 (stmt, 1, 99);
  none = kd_conn_step_one (conn, stmt, value_of_row, "t", &local);
  g_assert_no_error (local);
  g_assert_null (none);
  sqlite3_bind_int64 (stmt, 1, 3);
  again = kd_conn_step_one (conn, stmt, value_of_row, "t", &local);
  g_assert_cmpstr (again, ==, "three");

  /* A statement that fails when stepped: NULL with an error naming it. */
  stmt = kd_conn_prepare (conn, "SELECT abs(-9223372036854775807 - 1)", error);
  g_assert_nonnull (stmt);
  failed = kd_conn_step_one (conn, stmt, value_of_row, "overflow", &local);
  g_assert_null (failed);
  g_assert_nonnull (local);
  g_assert_false (sqlite3_stmt_busy (stmt));
  return TRUE;
}

/* kd_conn_step_one(): the one row of a lookup, none, or a failure. */
static void
test_step_one (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (kd_store_read (f->store, step_one_job, NULL, &error));
  g_assert_no_error (error);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(name, fn) g_test_add (name, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/store/cache/keyed-by-text", test_cache_keyed_by_text);
  ADD ("/store/cache/bounded", test_cache_bounded);
  ADD ("/store/thread/async-writes-in-order", test_async_writes_in_order);
  ADD ("/store/thread/failed-job-rolls-back", test_failed_job_rolls_back);
  ADD ("/store/thread/reads-inside-a-job", test_reads_inside_a_job);
  ADD ("/store/thread/cancelled-write", test_cancelled_write_does_nothing);
  ADD ("/store/thread/cancelled-read-stops", test_cancelled_read_stops);
  ADD ("/store/thread/close-checkpoints", test_close_checkpoints);
  ADD ("/store/thread/checkpoint-between-jobs", test_checkpoint_between_jobs);
  ADD ("/store/thread/checkpoint-now", test_checkpoint_now);
  ADD ("/store/thread/open-async", test_open_async);
  ADD ("/store/step-one", test_step_one);
  return g_test_run ();
}
