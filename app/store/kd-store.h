/* kd-store.h: the SQLite database of one shop: a store thread that owns the
 * write connection, read-only WAL connections for lists and searches. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define KD_STORE_ERROR (kd_store_error_quark ())

typedef enum {
  KD_STORE_ERROR_CANT_OPEN,     /* missing directory, permissions, locked */
  KD_STORE_ERROR_NOT_DATABASE,  /* not an SQLite file at all */
  KD_STORE_ERROR_CORRUPT,       /* truncated or failing quick_check */
  KD_STORE_ERROR_TOO_NEW,       /* written by a newer Kefu Desk */
  KD_STORE_ERROR_DUPLICATE,     /* a unique key already taken */
  KD_STORE_ERROR_NOT_FOUND,
  KD_STORE_ERROR_INVALID,       /* a value the schema refuses */
  KD_STORE_ERROR_EXISTS,        /* refusing to overwrite a file */
  KD_STORE_ERROR_CLOSED,        /* the store was closed */
  KD_STORE_ERROR_READ_ONLY,     /* the file or its folder cannot be written */
  KD_STORE_ERROR_BUSY,          /* locked by another program past the timeout */
  KD_STORE_ERROR_STRAY_WAL,     /* a -wal beside the file is another copy's */
  KD_STORE_ERROR_FAILED,
} KdStoreError;

GQuark kd_store_error_quark (void);

#define KD_TYPE_STORE (kd_store_get_type ())
G_DECLARE_FINAL_TYPE (KdStore, kd_store, KD, STORE, GObject)

/* One connection, lent to a job for its duration. Only store/ can see
 * inside it (kd-store-private.h); the layers above pass it on to
 * repository functions without looking. */
typedef struct _KdConn KdConn;

/* A job: runs on the store thread (writes) or a reader thread (reads), in
 * one transaction; returning FALSE rolls it back. */
typedef gboolean (*KdStoreFunc) (KdConn   *conn,
                                 gpointer  data,
                                 GError  **error);

typedef enum {
  KD_STORE_OPEN_NONE      = 0,
  /* Create the file (and its folder) when missing. Only the window's
   * default database and `demo -o` do; a file named by the user must exist. */
  KD_STORE_OPEN_CREATE    = 1 << 0,
  /* Check the file only as far as reading it needs (kd-store-open.c). */
  KD_STORE_OPEN_READ_ONLY = 1 << 1,
} KdStoreOpenFlags;

/* kd_store_open_full (path, KD_STORE_OPEN_NONE, error): the file must exist. */
KdStore    *kd_store_open               (const char           *path,
                                         GError              **error);
KdStore    *kd_store_open_full          (const char           *path,
                                         KdStoreOpenFlags      flags,
                                         GError              **error);
void        kd_store_open_async         (const char           *path,
                                         KdStoreOpenFlags      flags,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
KdStore    *kd_store_open_finish        (GAsyncResult         *result,
                                         GError              **error);
void        kd_store_close              (KdStore              *self);
/* Copies the WAL back into the file now, after the jobs queued before,
 * as the store thread does by itself between jobs: for a benchmark that
 * times what follows a large write, not the copy. Blocks; not for the UI. */
void        kd_store_checkpoint         (KdStore              *self);
gboolean    kd_store_is_closed          (KdStore              *self);

const char *kd_store_get_path           (KdStore              *self);
int         kd_store_get_schema_version (KdStore              *self);
int         kd_store_get_latest_version (void);

/* Synchronous forms, for the CLI, tests and worker threads: the calling
 * thread waits. Writes still run on the store thread, in queue order. */
gboolean    kd_store_write              (KdStore              *self,
                                         KdStoreFunc           func,
                                         gpointer              data,
                                         GError              **error);
gboolean    kd_store_read               (KdStore              *self,
                                         KdStoreFunc           func,
                                         gpointer              data,
                                         GError              **error);

/* Asynchronous forms, for the window. @data belongs to the job and is
 * freed with @destroy when the result is; kd_store_job_get_data() gives it
 * back in the callback. "changed" is emitted, in the caller's main
 * context, before @callback runs. */
void        kd_store_write_async        (KdStore              *self,
                                         KdStoreFunc           func,
                                         gpointer              data,
                                         GDestroyNotify        destroy,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
gboolean    kd_store_write_finish       (KdStore              *self,
                                         GAsyncResult         *result,
                                         GError              **error);
void        kd_store_read_async         (KdStore              *self,
                                         KdStoreFunc           func,
                                         gpointer              data,
                                         GDestroyNotify        destroy,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
gboolean    kd_store_read_finish        (KdStore              *self,
                                         GAsyncResult         *result,
                                         GError              **error);
gpointer    kd_store_job_get_data       (GAsyncResult         *result);

gboolean    kd_store_backup             (KdStore              *self,
                                         const char           *dest_path,
                                         GCancellable         *cancellable,
                                         GError              **error);
gboolean    kd_store_backup_file        (const char           *src_path,
                                         const char           *dest_path,
                                         GCancellable         *cancellable,
                                         GError              **error);
gboolean    kd_store_restore_file       (const char           *db_path,
                                         const char           *backup_path,
                                         char                **out_kept_as,
                                         GCancellable         *cancellable,
                                         GError              **error);

char       *kd_store_get_setting        (KdStore              *self,
                                         const char           *key,
                                         const char           *default_value);
gboolean    kd_store_set_setting        (KdStore              *self,
                                         const char           *key,
                                         const char           *value,
                                         GError              **error);
char       *kd_conn_get_setting         (KdConn               *conn,
                                         const char           *key,
                                         const char           *default_value);
gboolean    kd_conn_set_setting         (KdConn               *conn,
                                         const char           *key,
                                         const char           *value,
                                         GError              **error);

/* A savepoint inside the job's transaction: @func's writes, or none. */
gboolean    kd_conn_transaction         (KdConn               *conn,
                                         KdStoreFunc           func,
                                         gpointer              data,
                                         GError              **error);
/* Records that @table's row @id (0: any row) changed; reported by
 * "changed" once the job's transaction commits, dropped if it rolls back. */
void        kd_conn_note_changed        (KdConn               *conn,
                                         const char           *table,
                                         gint64                id);
KdStore    *kd_conn_get_store           (KdConn               *conn);

char       *kd_store_default_path       (void);

G_END_DECLS
