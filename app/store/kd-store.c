/* kd-store.c: the store thread, its queue of writes, the reader connections and the statement cache.
 * Over 800 lines on purpose: the statement cache, the store thread's queue
 * and the readers' pool share the connection and job structs and their
 * locking rules; kd-store-open.c and kd-store-backup.c hold what does not. */
#include "kd-store-private.h"
#include "kd-invoke.h"
#include "kd-staff-repo.h"
#include "kd-phrase-repo.h"
#include "kd-order-repo.h"
#include "kd-search.h"

#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

/* Readers serve list pages and searches in parallel with the writer (WAL).
 * Two cores: more readers than this only queue inside SQLite. */
#define MAX_READERS 3

typedef enum {
  JOB_WRITE,
  JOB_LEND,
  JOB_STOP,
} JobKind;

typedef struct {
  JobKind         kind;
  KdStoreFunc     func;
  gpointer        data;
  GDestroyNotify  destroy;
  GCancellable   *cancellable;
  GMainContext   *context;    /* where an async job completes */
  GTask          *task;       /* async only */

  /* Synchronous callers wait on these. */
  GMutex          lock;
  GCond           cond;
  gboolean        done;
  gboolean        returned;   /* JOB_LEND: the borrower is done */

  gboolean        ok;
  GError         *error;
  GArray         *changes;    /* KdChange, committed */
} Job;

struct _KdStore
{
  GObject       parent_instance;
  char         *path;
  int           schema_version;

  KdConn       *writer;       /* used by the store thread only */
  gpointer      lent;         /* Job *, while a test borrows the writer */
  GThread      *thread;
  GAsyncQueue  *queue;        /* Job * */
  int           wal_pages;    /* in the WAL after the last commit (on_wal_commit) */
  int           page_size;    /* the file's (PRAGMA page_size) */

  GMutex        readers_lock;
  GCond         readers_cond;
  GPtrArray    *idle_readers; /* KdConn * */
  guint         n_readers;    /* idle + lent */
  gboolean      closed;
};

G_DEFINE_FINAL_TYPE (KdStore, kd_store, G_TYPE_OBJECT)
G_DEFINE_QUARK (kd-store-error-quark, kd_store_error)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The connection the current thread is running a job on, so that a job
 * calling kd_store_write() again nests instead of deadlocking. */
static GPrivate current_conn;

/* ---------------------------------------------------------------- connections */

/* ORDER BY name COLLATE kd_locale sorts as the reader's locale does (pinyin
 * order for Chinese names under zh_CN), as the lists did before they moved
 * into SQL. Never used in an index: a locale change would corrupt it. */
static int
collate_locale (void       *user_data,
                int         len_a,
                const void *a,
                int         len_b,
                const void *b)
{
  g_autofree char *sa = g_strndup (a, (gsize) len_a);
  g_autofree char *sb = g_strndup (b, (gsize) len_b);
  int r = g_utf8_collate (sa, sb);

  return r < 0 ? -1 : r > 0;
}

static void
setup_connection (sqlite3 *db)
{
  sqlite3_extended_result_codes (db, 1);
  sqlite3_busy_timeout (db, KD_STORE_BUSY_TIMEOUT_MS);
  sqlite3_create_collation_v2 (db, "kd_locale", SQLITE_UTF8, NULL, collate_locale, NULL);
}

typedef struct {
  char         *sql;
  sqlite3_stmt *stmt;
  const char   *address;    /* its key in by_address, or NULL */
} Statement;

KdConn *
_kd_conn_new (KdStore  *store,
              sqlite3  *db,
              gboolean  read_only)
{
  KdConn *conn = g_new0 (KdConn, 1);

  conn->db = db;
  conn->store = store;
  conn->read_only = read_only;
  conn->statements = g_hash_table_new (g_str_hash, g_str_equal);
  conn->by_address = g_hash_table_new (NULL, NULL);
  g_queue_init (&conn->lru);
  conn->changes = g_array_new (FALSE, FALSE, sizeof (KdChange));
  g_datalist_init (&conn->data);
  return conn;
}

static void
statement_free (Statement *s)
{
  sqlite3_finalize (s->stmt);
  g_free (s->sql);
  g_free (s);
}

void
_kd_conn_free (KdConn *conn)
{
  if (conn == NULL)
    return;
  g_hash_table_destroy (conn->statements);
  g_hash_table_destroy (conn->by_address);
  g_queue_clear_full (&conn->lru, (GDestroyNotify) statement_free);
  g_array_unref (conn->changes);
  g_datalist_clear (&conn->data);
  if (conn->db != NULL)
    sqlite3_close (conn->db);
  g_free (conn);
}

gpointer
kd_conn_get_data (KdConn     *conn,
                  const char *key)
{
  return g_datalist_get_data (&conn->data, key);
}

void
kd_conn_set_data (KdConn         *conn,
                  const char     *key,
                  gpointer        data,
                  GDestroyNotify  destroy)
{
  g_datalist_set_data_full (&conn->data, key, data, destroy);
}

sqlite3 *
kd_conn_get_db (KdConn *conn)
{
  return conn->db;
}

KdStore *
kd_conn_get_store (KdConn *conn)
{
  return conn->store;
}

guint
kd_conn_get_n_cached (KdConn *conn)
{
  return conn->lru.length;
}

void
kd_conn_set_error (KdConn      *conn,
                   GError     **error,
                   int          rc,
                   const char  *what)
{
  int primary = rc & 0xff;
  KdStoreError code = KD_STORE_ERROR_FAILED;
  const char *detail = conn && conn->db ? sqlite3_errmsg (conn->db) : sqlite3_errstr (rc);

  if (primary == SQLITE_BUSY && conn != NULL && conn->store != NULL && conn->store->path != NULL)
    {
      _kd_store_set_busy_error (conn->store->path, error);
      return;
    }
  if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
    code = KD_STORE_ERROR_DUPLICATE;
  else if (primary == SQLITE_CONSTRAINT)
    code = KD_STORE_ERROR_INVALID;
  else if (primary == SQLITE_CORRUPT)
    code = KD_STORE_ERROR_CORRUPT;
  else if (primary == SQLITE_NOTADB)
    code = KD_STORE_ERROR_NOT_DATABASE;
  else if (primary == SQLITE_CANTOPEN || primary == SQLITE_PERM ||
           primary == SQLITE_READONLY || primary == SQLITE_BUSY)
    code = KD_STORE_ERROR_CANT_OPEN;

  g_set_error (error, KD_STORE_ERROR, code, "%s: %s", what, detail);
}

static void
remember_address (KdConn     *conn,
                  GList      *link,
                  const char *sql)
{
  Statement *s = link->data;
  GList *other = g_hash_table_lookup (conn->by_address, sql);

  /* One address per statement and one statement per address, so that
   * evicting a statement leaves no address pointing to it. */
  if (s->address != NULL)
    g_hash_table_remove (conn->by_address, s->address);
  if (other != NULL)
    ((Statement *) other->data)->address = NULL;
  g_hash_table_insert (conn->by_address, (gpointer) sql, link);
  s->address = sql;
}

/* Statements are kept per connection, keyed by their SQL text (copied), so
 * SQL built at run time (sort orders, filters) is as safe as a literal.
 * The statement comes back reset with no bindings. */
sqlite3_stmt *
kd_conn_prepare (KdConn      *conn,
                 const char  *sql,
                 GError     **error)
{
  GList *link;
  Statement *s;
  sqlite3_stmt *stmt = NULL;
  int rc;

  /* Mostly the same literal again: found by its address, checked by its
   * text (an address can be reused for other SQL built at run time),
   * without hashing a few hundred bytes of SQL for every row of an import. */
  link = g_hash_table_lookup (conn->by_address, sql);
  if (link != NULL && strcmp (((Statement *) link->data)->sql, sql) != 0)
    link = NULL;
  if (link == NULL && (link = g_hash_table_lookup (conn->statements, sql)) != NULL)
    remember_address (conn, link, sql);
  if (link != NULL)
    {
      s = link->data;
      g_queue_unlink (&conn->lru, link);
      g_queue_push_head_link (&conn->lru, link);
      sqlite3_reset (s->stmt);
      sqlite3_clear_bindings (s->stmt);
      return s->stmt;
    }

  rc = sqlite3_prepare_v3 (conn->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      kd_conn_set_error (conn, error, sqlite3_extended_errcode (conn->db), "prepare");
      return NULL;
    }

  s = g_new0 (Statement, 1);
  s->sql = g_strdup (sql);
  s->stmt = stmt;
  g_queue_push_head (&conn->lru, s);
  g_hash_table_insert (conn->statements, s->sql, conn->lru.head);
  remember_address (conn, conn->lru.head, sql);

  while (conn->lru.length > KD_CONN_STATEMENT_CACHE_SIZE)
    {
      Statement *old = g_queue_pop_tail (&conn->lru);
      g_hash_table_remove (conn->statements, old->sql);
      if (old->address != NULL)
        g_hash_table_remove (conn->by_address, old->address);
      statement_free (old);
    }
  return stmt;
}

/* Steps a statement that returns no rows, then resets it. */
gboolean
kd_conn_step_done (KdConn        *conn,
                   sqlite3_stmt  *stmt,
                   GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      rc = sqlite3_extended_errcode (conn->db);
      kd_conn_set_error (conn, error, rc, sqlite3_sql (stmt));
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

void
kd_conn_release_memory (KdConn *conn)
{
  /* The pages an import wrote are dirty until the commit: only then can
   * they go (run_in_transaction). */
  conn->release_memory = TRUE;
}

gboolean
kd_conn_begin_bulk (KdConn  *conn,
                    int      kib,
                    GError **error)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA main.cache_size = -%d; PRAGMA temp.cache_size = -%d", kib, kib);

  return kd_conn_exec (conn, sql, error);
}

void
kd_conn_end_bulk (KdConn *conn)
{
  kd_conn_exec (conn, "PRAGMA main.cache_size = -2000; PRAGMA temp.cache_size = -2000", NULL);
  kd_conn_release_memory (conn);
}

static void
release_memory_now (KdConn *conn)
{
  conn->release_memory = FALSE;
  sqlite3_db_release_memory (conn->db);
#ifdef __GLIBC__
  /* The pages were allocated on the store thread's malloc arena, whose
   * freed middle glibc keeps unless told. */
  malloc_trim (0);
#endif
}

gboolean
kd_conn_rows_done (KdConn        *conn,
                   sqlite3_stmt  *stmt,
                   int            rc,
                   const char    *what,
                   GError       **error)
{
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      kd_conn_set_error (conn, error, rc, what);
      return FALSE;
    }
  return TRUE;
}

gpointer
kd_conn_step_one (KdConn        *conn,
                  sqlite3_stmt  *stmt,
                  KdRowReader    read,
                  const char    *what,
                  GError       **error)
{
  int rc = sqlite3_step (stmt);
  gpointer record = rc == SQLITE_ROW ? read (stmt) : NULL;

  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    kd_conn_set_error (conn, error, rc, what);
  return record;
}

gboolean
kd_conn_select_int64 (KdConn      *conn,
                      const char  *sql,
                      const char  *what,
                      gint64      *out,
                      GError     **error)
{
  sqlite3_stmt *stmt = kd_conn_prepare (conn, sql, error);
  int rc;

  *out = 0;
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      kd_conn_set_error (conn, error, rc, what);
      return FALSE;
    }
  return TRUE;
}

gboolean
kd_conn_exec (KdConn      *conn,
              const char  *sql,
              GError     **error)
{
  char *message = NULL;
  int rc = sqlite3_exec (conn->db, sql, NULL, NULL, &message);

  if ((rc & 0xff) == SQLITE_BUSY && conn->store != NULL && conn->store->path != NULL)
    {
      /* Past the busy timeout: name the file and what to do. */
      _kd_store_set_busy_error (conn->store->path, error);
      sqlite3_free (message);
      return FALSE;
    }
  if (rc != SQLITE_OK)
    {
      g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_FAILED, "%s",
                   message ? message : sqlite3_errstr (rc));
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

const char *
kd_stmt_text (sqlite3_stmt *stmt,
              int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);
  return text ? (const char *) text : "";
}

void
kd_stmt_bind_variant (sqlite3_stmt *stmt,
                      int           index,
                      GVariant     *value)
{
  if (value == NULL || g_variant_is_of_type (value, G_VARIANT_TYPE ("mv")))
    sqlite3_bind_null (stmt, index);
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    sqlite3_bind_text (stmt, index, g_variant_get_string (value, NULL), -1, SQLITE_TRANSIENT);
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT64))
    sqlite3_bind_int64 (stmt, index, g_variant_get_int64 (value));
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT32))
    sqlite3_bind_int (stmt, index, g_variant_get_int32 (value));
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
    sqlite3_bind_int (stmt, index, g_variant_get_boolean (value));
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_DOUBLE))
    sqlite3_bind_double (stmt, index, g_variant_get_double (value));
  else
    g_return_if_reached ();
}

void
kd_conn_note_changed (KdConn     *conn,
                      const char *table,
                      gint64      id)
{
  KdChange change = { g_intern_string (table), id };

  g_return_if_fail (!conn->read_only);
  g_array_append_val (conn->changes, change);
}

gboolean
kd_conn_transaction (KdConn       *conn,
                     KdStoreFunc   func,
                     gpointer      data,
                     GError      **error)
{
  guint changes_before = conn->changes->len;

  if (!kd_conn_exec (conn, "SAVEPOINT kd_nested", error))
    return FALSE;
  conn->savepoints++;
  if (!func (conn, data, error))
    {
      kd_conn_exec (conn, "ROLLBACK TO kd_nested", NULL);
      kd_conn_exec (conn, "RELEASE kd_nested", NULL);
      conn->savepoints--;
      g_array_set_size (conn->changes, changes_before);
      return FALSE;
    }
  conn->savepoints--;
  return kd_conn_exec (conn, "RELEASE kd_nested", error);
}

/* Runs @func in one transaction on @conn. */
static gboolean
run_in_transaction (KdConn       *conn,
                    KdStoreFunc   func,
                    gpointer      data,
                    GError      **error)
{
  gboolean ok;

  g_array_set_size (conn->changes, 0);
  if (!kd_conn_exec (conn, conn->read_only ? "BEGIN" : "BEGIN IMMEDIATE", error))
    return FALSE;

  g_private_set (&current_conn, conn);
  ok = func (conn, data, error);
  g_private_set (&current_conn, NULL);
  if (conn->search_batch)
    {
      if (ok)
        ok = kd_search_batch_end (conn, error);
      conn->search_batch = FALSE;   /* a failed job: the rollback drops what was kept aside */
    }

  if (ok && !kd_conn_exec (conn, "COMMIT", error))
    ok = FALSE;
  if (!ok)
    {
      kd_conn_exec (conn, "ROLLBACK", NULL);
      g_array_set_size (conn->changes, 0);
    }
  if (conn->release_memory)
    release_memory_now (conn);
  return ok;
}

/* ---------------------------------------------------------------- changes */

/* Emits "changed::TABLE" once per table, with the ids (none: any row). */
static void
emit_changes (KdStore *self,
              GArray  *changes)
{
  g_autoptr(GHashTable) by_table = NULL;
  g_autoptr(GHashTable) any_row = NULL;
  GHashTableIter iter;
  gpointer key, value;

  if (changes == NULL || changes->len == 0)
    return;

  by_table = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_array_unref);
  any_row = g_hash_table_new (NULL, NULL);
  for (guint i = 0; i < changes->len; i++)
    {
      const KdChange *c = &g_array_index (changes, KdChange, i);
      GArray *ids = g_hash_table_lookup (by_table, c->table);

      if (ids == NULL)
        {
          ids = g_array_new (FALSE, FALSE, sizeof (gint64));
          g_hash_table_insert (by_table, (gpointer) c->table, ids);
        }
      if (c->id == 0)
        g_hash_table_add (any_row, (gpointer) c->table);
      else
        g_array_append_val (ids, c->id);
    }

  g_hash_table_iter_init (&iter, by_table);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GArray *ids = value;

      if (g_hash_table_contains (any_row, key))
        g_array_set_size (ids, 0);
      g_signal_emit (self, signals[CHANGED], g_quark_from_string (key), key, ids);
    }
}

/* ---------------------------------------------------------------- the store thread */

static void
job_free (Job *job)
{
  if (job->destroy != NULL && job->data != NULL)
    job->destroy (job->data);
  g_clear_object (&job->cancellable);
  g_clear_pointer (&job->context, g_main_context_unref);
  g_clear_error (&job->error);
  g_clear_pointer (&job->changes, g_array_unref);
  g_mutex_clear (&job->lock);
  g_cond_clear (&job->cond);
  g_free (job);
}

static Job *
job_new (JobKind kind)
{
  Job *job = g_new0 (Job, 1);

  job->kind = kind;
  g_mutex_init (&job->lock);
  g_cond_init (&job->cond);
  return job;
}

/* In the caller's context: report the changes, then complete the task. */
static gboolean
complete_async_job (gpointer user_data)
{
  Job *job = user_data;
  GTask *task = job->task;
  KdStore *self = g_task_get_source_object (task);

  job->task = NULL;
  if (job->ok)
    emit_changes (self, job->changes);

  if (job->ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&job->error));
  g_object_unref (task);
  return G_SOURCE_REMOVE;
}

static void
run_write_job (KdStore *self,
               Job     *job)
{
  if (g_cancellable_set_error_if_cancelled (job->cancellable, &job->error))
    job->ok = FALSE;
  else
    {
      job->ok = run_in_transaction (self->writer, job->func, job->data, &job->error);
      if (job->ok && self->writer->changes->len > 0)
        {
          job->changes = g_array_copy (self->writer->changes);
          g_array_set_size (self->writer->changes, 0);
        }
    }
}

/* The WAL is copied back into the database by the store thread between
 * jobs, not by whichever COMMIT crosses SQLite's 1 000 pages (its
 * autocheckpoint): a job is done, and its caller told, before the copy
 * (280 ms after the 100 000-row order import). With jobs waiting the copy
 * waits too, up to CHECKPOINT_BYTES_BUSY, so the WAL stays bounded. In
 * bytes (SQLite's 1 000 pages of 4 KiB, and 64 MB): a new file has pages of
 * 16 KiB, an older one 4 (kd-store-open.c). */
#define CHECKPOINT_BYTES (1000 * 4096)
#define CHECKPOINT_BYTES_BUSY (16000 * 4096)

static int
on_wal_commit (void        *data,
               sqlite3     *db,
               const char  *name,
               int          pages)
{
  KdStore *self = data;

  if (strcmp (name, "main") == 0)
    self->wal_pages = pages;
  return SQLITE_OK;
}

/* On the store thread, or with the writer lent (the store thread waits). */
static void
checkpoint_now (KdStore *self)
{
  /* PASSIVE: the readers go on; what a reader still needs stays in the
   * WAL, and the next commit tells how much is left. */
  int rc = sqlite3_wal_checkpoint_v2 (self->writer->db, "main", SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);

  if (rc != SQLITE_OK && rc != SQLITE_BUSY)
    g_warning ("Checkpoint of “%s”: %s", self->path, sqlite3_errmsg (self->writer->db));
  self->wal_pages = 0;
}

static void
checkpoint_if_due (KdStore *self)
{
  gint64 bytes = (gint64) self->wal_pages * self->page_size;

  if (bytes < CHECKPOINT_BYTES || (bytes < CHECKPOINT_BYTES_BUSY && g_async_queue_length (self->queue) > 0))
    return;
  checkpoint_now (self);
}

static gpointer
store_thread_main (gpointer user_data)
{
  KdStore *self = user_data;

  for (;;)
    {
      Job *job = g_async_queue_pop (self->queue);

      if (job->kind == JOB_STOP)
        {
          g_mutex_lock (&job->lock);
          job->done = TRUE;
          g_cond_signal (&job->cond);
          g_mutex_unlock (&job->lock);
          break;
        }

      if (job->kind == JOB_LEND)
        {
          /* The borrower uses the connection; this thread waits for it. */
          g_mutex_lock (&job->lock);
          job->done = TRUE;
          g_cond_signal (&job->cond);
          while (!job->returned)
            g_cond_wait (&job->cond, &job->lock);
          g_mutex_unlock (&job->lock);
          job_free (job);
          continue;
        }

      run_write_job (self, job);

      if (job->task != NULL)
        kd_invoke (job->context, complete_async_job, job, NULL);
      else
        {
          g_mutex_lock (&job->lock);
          job->done = TRUE;
          g_cond_signal (&job->cond);
          g_mutex_unlock (&job->lock);
        }
      checkpoint_if_due (self);
    }
  return NULL;
}

static void
wait_job (Job *job)
{
  g_mutex_lock (&job->lock);
  while (!job->done)
    g_cond_wait (&job->cond, &job->lock);
  g_mutex_unlock (&job->lock);
}

static gboolean
closed_error (KdStore  *self,
              GError  **error)
{
  g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_CLOSED,
               _("The database “%s” is already closed."), self->path);
  return FALSE;
}

gboolean
kd_store_write (KdStore      *self,
                KdStoreFunc   func,
                gpointer      data,
                GError      **error)
{
  KdConn *nested = g_private_get (&current_conn);
  Job *job;
  gboolean ok;

  g_return_val_if_fail (KD_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  /* Inside a job of this store's writer already: a savepoint. */
  if (nested != NULL && nested == self->writer)
    return kd_conn_transaction (nested, func, data, error);
  g_return_val_if_fail (nested == NULL || nested->store != self || !nested->read_only, FALSE);

  if (self->closed)
    return closed_error (self, error);

  job = job_new (JOB_WRITE);
  job->func = func;
  job->data = data;
  g_async_queue_push (self->queue, job);
  wait_job (job);

  ok = job->ok;
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&job->error));
  else
    emit_changes (self, job->changes);
  job_free (job);
  return ok;
}

static void
job_task_data_free (gpointer data)
{
  job_free (data);
}

void
kd_store_write_async (KdStore             *self,
                      KdStoreFunc          func,
                      gpointer             data,
                      GDestroyNotify       destroy,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (KD_IS_STORE (self));
  g_return_if_fail (func != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kd_store_write_async);

  job = job_new (JOB_WRITE);
  job->func = func;
  job->data = data;
  job->destroy = destroy;
  job->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  job->context = g_main_context_ref_thread_default ();
  g_task_set_task_data (task, job, job_task_data_free);

  if (self->closed)
    {
      GError *error = NULL;
      closed_error (self, &error);
      g_task_return_error (task, error);
      return;
    }

  job->task = g_object_ref (task);
  g_async_queue_push (self->queue, job);
}

gboolean
kd_store_write_finish (KdStore       *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

gpointer
kd_store_job_get_data (GAsyncResult *result)
{
  Job *job = g_task_get_task_data (G_TASK (result));
  return job ? job->data : NULL;
}

/* Tests only: the write connection, in autocommit mode, for the calling
 * thread until _kd_store_return_writer(); the store thread waits. */
KdConn *
_kd_store_lend_writer (KdStore *self)
{
  Job *job = job_new (JOB_LEND);

  g_return_val_if_fail (self->lent == NULL, NULL);
  g_async_queue_push (self->queue, job);
  wait_job (job);
  self->lent = job;
  return self->writer;
}

void
kd_store_checkpoint (KdStore *self)
{
  g_return_if_fail (KD_IS_STORE (self));
  if (self->closed)
    return;
  _kd_store_lend_writer (self);
  checkpoint_now (self);
  _kd_store_return_writer (self);
}

void
_kd_store_return_writer (KdStore *self)
{
  Job *job = g_steal_pointer (&self->lent);

  g_return_if_fail (job != NULL);
  if (self->writer->changes->len > 0)
    {
      g_autoptr(GArray) changes = g_array_copy (self->writer->changes);
      g_array_set_size (self->writer->changes, 0);
      emit_changes (self, changes);
    }
  g_mutex_lock (&job->lock);
  job->returned = TRUE;
  g_cond_signal (&job->cond);
  g_mutex_unlock (&job->lock);
}

/* ---------------------------------------------------------------- readers */

static KdConn *
open_reader (KdStore  *self,
             GError  **error)
{
  sqlite3 *db = NULL;
  int rc;

  _kd_store_init_sqlite ();

  rc = sqlite3_open_v2 (self->path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_CANT_OPEN,
                   _("Cannot open “%s”: %s"), self->path, sqlite3_errstr (rc));
      sqlite3_close (db);
      return NULL;
    }
  setup_connection (db);
  return _kd_conn_new (self, db, TRUE);
}

static KdConn *
take_reader (KdStore  *self,
             GError  **error)
{
  KdConn *conn = NULL;

  g_mutex_lock (&self->readers_lock);
  for (;;)
    {
      if (self->closed)
        break;
      if (self->idle_readers->len > 0)
        {
          conn = g_ptr_array_steal_index_fast (self->idle_readers, self->idle_readers->len - 1);
          break;
        }
      if (self->n_readers < MAX_READERS)
        {
          self->n_readers++;
          g_mutex_unlock (&self->readers_lock);
          conn = open_reader (self, error);
          if (conn != NULL)
            return conn;
          g_mutex_lock (&self->readers_lock);
          self->n_readers--;
          g_cond_broadcast (&self->readers_cond);
          g_mutex_unlock (&self->readers_lock);
          return NULL;
        }
      g_cond_wait (&self->readers_cond, &self->readers_lock);
    }
  g_mutex_unlock (&self->readers_lock);

  if (conn == NULL)
    closed_error (self, error);
  return conn;
}

static void
give_back_reader (KdStore *self,
                  KdConn  *conn)
{
  g_mutex_lock (&self->readers_lock);
  g_ptr_array_add (self->idle_readers, conn);
  g_cond_broadcast (&self->readers_cond);
  g_mutex_unlock (&self->readers_lock);
}

gboolean
kd_store_read (KdStore      *self,
               KdStoreFunc   func,
               gpointer      data,
               GError      **error)
{
  KdConn *nested = g_private_get (&current_conn);
  KdConn *conn;
  gboolean ok;

  g_return_val_if_fail (KD_IS_STORE (self), FALSE);

  /* Inside a job already: read on its connection, seeing its writes. */
  if (nested != NULL && nested->store == self)
    return func (nested, data, error);

  conn = take_reader (self, error);
  if (conn == NULL)
    return FALSE;
  ok = run_in_transaction (conn, func, data, error);
  give_back_reader (self, conn);
  return ok;
}

/* SQLite calls this every few thousand steps of a statement: a read whose
 * caller has given up (a search superseded by the next keystroke) stops
 * and frees its connection at once instead of finishing a long scan. */
static int
interrupt_if_cancelled (void *data)
{
  return g_cancellable_is_cancelled (data) ? 1 : 0;
}

static void
read_thread_func (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  KdStore *self = source_object;
  Job *job = task_data;
  GError *error = NULL;
  KdConn *conn;
  gboolean ok;

  if (g_task_return_error_if_cancelled (task))
    return;
  conn = take_reader (self, &error);
  if (conn == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (cancellable != NULL)
    sqlite3_progress_handler (conn->db, 4000, interrupt_if_cancelled, cancellable);
  ok = run_in_transaction (conn, job->func, job->data, &error);
  sqlite3_progress_handler (conn->db, 0, NULL, NULL);
  give_back_reader (self, conn);

  if (!ok && g_cancellable_is_cancelled (cancellable))
    {
      g_clear_error (&error);
      g_task_return_error_if_cancelled (task);
    }
  else if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
kd_store_read_async (KdStore             *self,
                     KdStoreFunc          func,
                     gpointer             data,
                     GDestroyNotify       destroy,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (KD_IS_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kd_store_read_async);
  job = job_new (JOB_WRITE);
  job->func = func;
  job->data = data;
  job->destroy = destroy;
  g_task_set_task_data (task, job, job_task_data_free);
  g_task_run_in_thread (task, read_thread_func);
}

gboolean
kd_store_read_finish (KdStore       *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---------------------------------------------------------------- open and close */

static void
kd_store_finalize (GObject *object)
{
  KdStore *self = (KdStore *) object;

  kd_store_close (self);
  g_clear_pointer (&self->queue, g_async_queue_unref);
  g_clear_pointer (&self->idle_readers, g_ptr_array_unref);
  g_mutex_clear (&self->readers_lock);
  g_cond_clear (&self->readers_cond);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (kd_store_parent_class)->finalize (object);
}

static void
kd_store_class_init (KdStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kd_store_finalize;

  /**
   * KdStore::changed:
   * @table: the table whose rows changed (also the signal's detail)
   * @ids: (element-type gint64): the rows' ids; empty when any row may have
   *
   * A write committed. Emitted in the thread that waited for the write
   * (the main context of an async caller).
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_ARRAY);
}

static void
kd_store_init (KdStore *self)
{
  self->queue = g_async_queue_new ();
  self->idle_readers = g_ptr_array_new ();
  g_mutex_init (&self->readers_lock);
  g_cond_init (&self->readers_cond);
}

/* Waits for the queued writes, closes every connection and checkpoints the
 * write-ahead log into the file, so the file alone holds every change. */
void
kd_store_close (KdStore *self)
{
  Job *stop;

  g_return_if_fail (KD_IS_STORE (self));

  if (self->closed)
    return;

  if (self->thread != NULL)
    {
      stop = job_new (JOB_STOP);
      g_async_queue_push (self->queue, stop);
      g_thread_join (g_steal_pointer (&self->thread));
      job_free (stop);
    }

  g_mutex_lock (&self->readers_lock);
  self->closed = TRUE;
  while (self->idle_readers->len < self->n_readers)
    g_cond_wait (&self->readers_cond, &self->readers_lock);
  for (guint i = 0; i < self->idle_readers->len; i++)
    _kd_conn_free (g_ptr_array_index (self->idle_readers, i));
  g_ptr_array_set_size (self->idle_readers, 0);
  self->n_readers = 0;
  g_mutex_unlock (&self->readers_lock);

  if (self->writer != NULL)
    {
      sqlite3_exec (self->writer->db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
      _kd_conn_free (g_steal_pointer (&self->writer));
    }
}

gboolean
kd_store_is_closed (KdStore *self)
{
  g_return_val_if_fail (KD_IS_STORE (self), TRUE);
  return self->closed;
}

static gboolean
fill_keys_job (KdConn   *conn,
               gpointer  data,
               GError  **error)
{
  return kd_staff_repo_fill_keys (conn, error) &&
         kd_phrase_repo_fill_search (conn, error) &&
         kd_order_repo_fill_search (conn, error);
}

/* Migrations and the keys written after them, in one transaction. */
static gboolean
migrate_job (KdConn   *conn,
             gpointer  data,
             GError  **error)
{
  return _kd_store_migrate_within (conn->db, data, error) && fill_keys_job (conn, NULL, error);
}

KdStore *
kd_store_open (const char  *path,
               GError     **error)
{
  return kd_store_open_full (path, KD_STORE_OPEN_NONE, error);
}

KdStore *
kd_store_open_full (const char        *path,
                    KdStoreOpenFlags   flags,
                    GError           **error)
{
  g_autoptr(KdStore) self = NULL;
  sqlite3 *db = NULL;
  KdConn *conn;
  GStatBuf st;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);
  /* A store always has its writer; reading alone is kd_store_backup_file()'s. */
  g_return_val_if_fail (!(flags & KD_STORE_OPEN_READ_ONLY), NULL);

  if (g_stat (path, &st) != 0 && errno == ENOENT)
    {
      if (!(flags & KD_STORE_OPEN_CREATE))
        {
          g_autofree char *name = g_filename_display_name (path);
          g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_NOT_FOUND,
                       _("“%s” does not exist. Name an existing Kefu Desk database "
                         "(nothing was created)."), name);
          return NULL;
        }
      if (!_kd_store_create_file (path, error))
        return NULL;
    }
  else if (!_kd_store_check_file (path, flags, error))
    return NULL;

  self = g_object_new (KD_TYPE_STORE, NULL);
  self->path = g_strdup (path);

  _kd_store_init_sqlite ();

  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_autofree char *name = g_filename_display_name (path);
      g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_CANT_OPEN,
                   _("Cannot open “%s”: %s"), name, sqlite3_errstr (rc));
      sqlite3_close (db);
      self->closed = TRUE;
      return NULL;
    }
  setup_connection (db);
  conn = _kd_conn_new (self, db, FALSE);
  self->writer = conn;
  sqlite3_wal_hook (db, on_wal_commit, self);   /* instead of the autocheckpoint: checkpoint_if_due() */

  if (!kd_conn_exec (conn, "PRAGMA busy_timeout = 5000", error) ||
      !kd_conn_exec (conn, "PRAGMA journal_mode = WAL", error) ||
      !kd_conn_exec (conn, "PRAGMA foreign_keys = ON", error) ||
      !kd_conn_exec (conn, "PRAGMA synchronous = NORMAL", error) ||
      !kd_conn_exec (conn, "PRAGMA temp_store = MEMORY", error) ||
      !run_in_transaction (conn, migrate_job, &self->schema_version, error))
    {
      kd_store_close (self);
      return NULL;
    }
  {
    gint64 page_size = 4096;

    kd_conn_select_int64 (conn, "PRAGMA page_size", "the database", &page_size, NULL);
    self->page_size = (int) CLAMP (page_size, 512, 65536);
  }

  self->thread = g_thread_new ("kd-store", store_thread_main, self);
  return g_steal_pointer (&self);
}

typedef struct {
  char             *path;
  KdStoreOpenFlags  flags;
} OpenData;

static void
open_data_free (gpointer data)
{
  OpenData *od = data;

  g_free (od->path);
  g_free (od);
}

static void
open_thread_func (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  OpenData *od = task_data;
  GError *error = NULL;
  KdStore *store = kd_store_open_full (od->path, od->flags, &error);

  if (store == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, store, g_object_unref);
}

/* Opening checks and may migrate the whole file: off the main thread. */
void
kd_store_open_async (const char          *path,
                     KdStoreOpenFlags     flags,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  OpenData *od = g_new0 (OpenData, 1);

  od->path = g_strdup (path);
  od->flags = flags;
  g_task_set_source_tag (task, kd_store_open_async);
  g_task_set_task_data (task, od, open_data_free);
  g_task_run_in_thread (task, open_thread_func);
}

KdStore *
kd_store_open_finish (GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
kd_store_get_path (KdStore *self)
{
  g_return_val_if_fail (KD_IS_STORE (self), NULL);
  return self->path;
}

int
kd_store_get_schema_version (KdStore *self)
{
  g_return_val_if_fail (KD_IS_STORE (self), 0);
  return self->schema_version;
}

/* The store is open in this process, so the file was checked already;
 * only the copy is made. */
gboolean
kd_store_backup (KdStore       *self,
                 const char    *dest_path,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_return_val_if_fail (KD_IS_STORE (self), FALSE);
  return _kd_store_copy (self->path, FALSE, dest_path, cancellable, error);
}

/* ---------------------------------------------------------------- settings */

char *
kd_conn_get_setting (KdConn     *conn,
                     const char *key,
                     const char *default_value)
{
  sqlite3_stmt *stmt;
  char *value = NULL;

  stmt = kd_conn_prepare (conn, "SELECT value FROM settings WHERE key = ?1", NULL);
  if (stmt == NULL)
    return g_strdup (default_value);

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_utf8_make_valid (kd_stmt_text (stmt, 0), -1);  /* old data may be bad */
  sqlite3_reset (stmt);

  return value ? value : g_strdup (default_value);
}

gboolean
kd_conn_set_setting (KdConn      *conn,
                     const char  *key,
                     const char  *value,
                     GError     **error)
{
  sqlite3_stmt *stmt;

  if (!g_utf8_validate (key, -1, NULL) || !g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_INVALID,
                   _("A setting must be valid UTF-8 text."));
      return FALSE;
    }
  stmt = kd_conn_prepare (conn,
                          "INSERT INTO settings (key, value) VALUES (?1, ?2) "
                          "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                          error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_TRANSIENT);
  if (!kd_conn_step_done (conn, stmt, error))
    return FALSE;
  kd_conn_note_changed (conn, "settings", 0);
  return TRUE;
}

typedef struct {
  const char *key;
  const char *value;
  char       *result;
} SettingJob;

static gboolean
get_setting_job (KdConn   *conn,
                 gpointer  data,
                 GError  **error)
{
  SettingJob *job = data;
  job->result = kd_conn_get_setting (conn, job->key, job->value);
  return TRUE;
}

static gboolean
set_setting_job (KdConn   *conn,
                 gpointer  data,
                 GError  **error)
{
  SettingJob *job = data;
  return kd_conn_set_setting (conn, job->key, job->value, error);
}

char *
kd_store_get_setting (KdStore    *self,
                      const char *key,
                      const char *default_value)
{
  SettingJob job = { key, default_value, NULL };

  g_return_val_if_fail (KD_IS_STORE (self), NULL);
  if (!kd_store_read (self, get_setting_job, &job, NULL))
    return g_strdup (default_value);
  return job.result;
}

gboolean
kd_store_set_setting (KdStore     *self,
                      const char  *key,
                      const char  *value,
                      GError     **error)
{
  SettingJob job = { key, value, NULL };

  g_return_val_if_fail (KD_IS_STORE (self), FALSE);
  return kd_store_write (self, set_setting_job, &job, error);
}

char *
kd_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "kefu-desk", "kefu-desk.db", NULL);
}
