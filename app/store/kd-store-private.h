/* kd-store-private.h: what the repositories of store/ share; nothing outside store/ includes it. */
#pragma once

#include <sqlite3.h>

#include "kd-store.h"

G_BEGIN_DECLS

/* Bound of each connection's statement cache. A caller may hold at most
 * this many statements from one connection at once (none holds more than
 * three today); the least recently prepared one is finalised first. */
#define KD_CONN_STATEMENT_CACHE_SIZE 64

struct _KdConn
{
  sqlite3    *db;
  KdStore    *store;        /* not owned */
  gboolean    read_only;
  GHashTable *statements;   /* owned SQL text → GList link in lru (data: Statement) */
  GHashTable *by_address;   /* the caller's SQL pointer last seen → the same links (kd_conn_prepare) */
  GQueue      lru;          /* most recently used first */
  GArray     *changes;      /* KdChange, since the job began */
  int         savepoints;
  gboolean    search_batch; /* search rows wait in temp.kd_search_pending (kd-search.c) */
  gboolean    release_memory; /* kd_conn_release_memory() asked, at the end of the job */
  GData      *data;         /* kd_conn_set_data(): caches that live with the connection */
};

/* Registers what every connection needs (the search tokenizer,
 * kd-search-ngram.c) for all connections opened from now on. */
void          _kd_store_init_sqlite (void);

typedef struct {
  const char *table;        /* interned */
  gint64      id;           /* 0: any row */
} KdChange;

sqlite3      *kd_conn_get_db        (KdConn        *conn);
/* What a repository keeps with one connection (a cache only it reads;
 * a connection is used by one thread at a time), freed with it. */
gpointer      kd_conn_get_data      (KdConn        *conn,
                                     const char    *key);
void          kd_conn_set_data      (KdConn        *conn,
                                     const char    *key,
                                     gpointer       data,
                                     GDestroyNotify destroy);
sqlite3_stmt *kd_conn_prepare       (KdConn        *conn,
                                     const char    *sql,
                                     GError       **error);
gboolean      kd_conn_step_done     (KdConn        *conn,
                                     sqlite3_stmt  *stmt,
                                     GError       **error);
/* After a loop of sqlite3_step() while SQLITE_ROW: resets @stmt, and
 * FALSE with @error (naming @what) unless @rc, the last step's, is DONE. */
gboolean      kd_conn_rows_done     (KdConn        *conn,
                                     sqlite3_stmt  *stmt,
                                     int            rc,
                                     const char    *what,
                                     GError       **error);
/* Makes a record of the row @stmt is on (its columns as the caller's SELECT lists them). */
typedef gpointer (*KdRowReader)    (sqlite3_stmt  *stmt);
/* A reader returning its own record type, as a KdRowReader. */
#define KD_ROW_READER(f) ((KdRowReader) (void (*) (void)) (f))
/* Steps @stmt (prepared and bound) for at most one row and resets it:
 * what @read makes of that row, or NULL when there is none (@error left
 * unset) or on failure (@error set, naming @what). */
gpointer      kd_conn_step_one      (KdConn        *conn,
                                     sqlite3_stmt  *stmt,
                                     KdRowReader    read,
                                     const char    *what,
                                     GError       **error);
/* The one integer a SELECT without parameters gives (@sql a literal or
 * otherwise lasting, see kd_conn_prepare); FALSE with @error set, naming
 * @what, when it gives no row or fails. */
gboolean      kd_conn_select_int64  (KdConn        *conn,
                                     const char    *sql,
                                     const char    *what,
                                     gint64        *out,
                                     GError       **error);
gboolean      kd_conn_exec          (KdConn        *conn,
                                     const char    *sql,
                                     GError       **error);
/* In a job that filled a big page cache (an import): once its
 * transaction is over, the connection's unused pages are given back, and
 * the freed memory to the system. */
void          kd_conn_release_memory (KdConn       *conn);
/* An import's page cache: up to @kib KiB of the pages it touches (its
 * tables, their indexes, the search batch's temporary table) stay in
 * memory instead of going out to the WAL or a temporary file and back.
 * kd_conn_end_bulk(), whether the import went through or not, goes back
 * to SQLite's default and gives the pages back after the commit. */
gboolean      kd_conn_begin_bulk    (KdConn        *conn,
                                     int            kib,
                                     GError       **error);
void          kd_conn_end_bulk      (KdConn        *conn);
void          kd_conn_set_error     (KdConn        *conn,
                                     GError       **error,
                                     int            rc,
                                     const char    *what);
guint         kd_conn_get_n_cached  (KdConn        *conn);
const char   *kd_stmt_text          (sqlite3_stmt  *stmt,
                                     int            column);
void          kd_stmt_bind_variant  (sqlite3_stmt  *stmt,
                                     int            index,
                                     GVariant      *value);

KdConn       *_kd_conn_new          (KdStore       *store,
                                     sqlite3       *db,
                                     gboolean       read_only);
void          _kd_conn_free         (KdConn        *conn);

/* Tests only (kd-store.c). */
KdConn       *_kd_store_lend_writer  (KdStore      *self);
void          _kd_store_return_writer (KdStore     *self);

/* How long every connection waits for another program's lock. */
#define KD_STORE_BUSY_TIMEOUT_MS 5000

/* kd-store-open.c */
gboolean      _kd_store_check_file  (const char    *path,
                                     KdStoreOpenFlags flags,
                                     GError       **error);
gboolean      _kd_store_create_file (const char    *path,
                                     GError       **error);
sqlite3      *_kd_store_open_look   (const char    *path,
                                     int           *lock_fd,
                                     gboolean      *had_wal,
                                     gboolean      *had_shm,
                                     GError       **error);
void          _kd_store_close_look  (sqlite3       *db,
                                     int            lock_fd);
gboolean      _kd_store_move_into_place (const char *tmp,
                                     const char    *dest,
                                     GError       **error);
void          _kd_store_remove_with_sidecars (const char *path);
gboolean      _kd_store_shm_in_use  (const char    *shm_path);
/* kd-store-backup.c */
gboolean      _kd_store_copy        (const char    *src_path,
                                     gboolean       look,
                                     const char    *dest_path,
                                     GCancellable  *cancellable,
                                     GError       **error);
void          _kd_store_set_busy_error (const char *path,
                                     GError       **error);
gboolean      _kd_store_migrate     (sqlite3       *db,
                                     int           *schema_version,
                                     GError       **error);
/* The same inside the caller's transaction: opening an existing file
 * migrates and checks it in one transaction, so a file that fails any
 * step is left exactly as it was. */
gboolean      _kd_store_migrate_within (sqlite3     *db,
                                        int         *schema_version,
                                        GError     **error);

G_END_DECLS
