/* kd-store.c: opening, checking, migrating and backing up the shop database. */
#include "kd-store-private.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "kd-store-resources.h"

#define MIGRATIONS_PATH RESOURCE_BASE "/store/sql"
/* 'KFDS': marks the file as ours, so another program's SQLite file is refused. */
#define KD_APPLICATION_ID 0x4B464453

struct _KdStore
{
  GObject     parent_instance;
  char       *path;
  sqlite3    *db;
  GHashTable *statements;  /* const char *sql (static) → sqlite3_stmt * */
  int         schema_version;
};

G_DEFINE_FINAL_TYPE (KdStore, kd_store, G_TYPE_OBJECT)
G_DEFINE_QUARK (kd-store-error-quark, kd_store_error)

static void
finalize_statement (gpointer data)
{
  sqlite3_finalize (data);
}

static void
kd_store_finalize (GObject *object)
{
  KdStore *self = (KdStore *) object;

  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    {
      sqlite3_close (self->db);
      self->db = NULL;
    }
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (kd_store_parent_class)->finalize (object);
}

static void
kd_store_class_init (KdStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kd_store_finalize;
}

static void
kd_store_init (KdStore *self)
{
  self->statements = g_hash_table_new_full (NULL, NULL, NULL, finalize_statement);
}

static GResource *
store_resource (void)
{
  static gsize registered;

  if (g_once_init_enter (&registered))
    {
      kd_store_register_resource ();
      g_once_init_leave (&registered, 1);
    }
  return kd_store_get_resource ();
}

typedef struct {
  int   number;
  char *name;
} Migration;

static int
compare_migrations (gconstpointer a,
                    gconstpointer b)
{
  return ((const Migration *) a)->number - ((const Migration *) b)->number;
}

static void
clear_migration (gpointer data)
{
  g_free (((Migration *) data)->name);
}

/* The migrations are the resources named NNNN-description.sql, in order. */
static GArray *
list_migrations (void)
{
  g_auto(GStrv) children = NULL;
  GArray *migrations = g_array_new (FALSE, FALSE, sizeof (Migration));

  g_array_set_clear_func (migrations, clear_migration);
  children = g_resource_enumerate_children (store_resource (), MIGRATIONS_PATH,
                                            G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  for (guint i = 0; children != NULL && children[i] != NULL; i++)
    {
      Migration m;
      char *end = NULL;

      if (!g_str_has_suffix (children[i], ".sql"))
        continue;
      m.number = (int) g_ascii_strtoll (children[i], &end, 10);
      if (end == children[i] || *end != '-' || m.number <= 0)
        continue;
      m.name = g_strdup (children[i]);
      g_array_append_val (migrations, m);
    }
  g_array_sort (migrations, compare_migrations);
  return migrations;
}

int
kd_store_get_latest_version (void)
{
  g_autoptr(GArray) migrations = list_migrations ();

  if (migrations->len == 0)
    return 0;
  return g_array_index (migrations, Migration, migrations->len - 1).number;
}

void
kd_store_set_sqlite_error (KdStore     *self,
                           GError     **error,
                           int          rc,
                           const char  *what)
{
  int primary = rc & 0xff;
  KdStoreError code = KD_STORE_ERROR_FAILED;
  const char *detail = self && self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc);

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

sqlite3 *
kd_store_get_db (KdStore *self)
{
  g_return_val_if_fail (KD_IS_STORE (self), NULL);
  return self->db;
}

/* Statements are prepared once per connection and kept; @sql must be a
 * string literal, since its address is the cache key. The statement comes
 * back reset with no bindings. */
sqlite3_stmt *
kd_store_prepare (KdStore     *self,
                  const char  *sql,
                  GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KD_IS_STORE (self), NULL);

  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  {
    int rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
    if (rc != SQLITE_OK)
      {
        kd_store_set_sqlite_error (self, error, rc, "prepare");
        return NULL;
      }
  }
  g_hash_table_insert (self->statements, (gpointer) sql, stmt);
  return stmt;
}

/* Steps a statement that returns no rows, then resets it. */
gboolean
kd_store_step_done (KdStore       *self,
                    sqlite3_stmt  *stmt,
                    GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      rc = sqlite3_extended_errcode (self->db);
      kd_store_set_sqlite_error (self, error, rc, sqlite3_sql (stmt));
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

const char *
kd_stmt_text (sqlite3_stmt *stmt,
              int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);
  return text ? (const char *) text : "";
}

static gboolean
exec (KdStore     *self,
      const char  *sql,
      GError     **error)
{
  char *message = NULL;
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, &message);

  if (rc != SQLITE_OK)
    {
      g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_FAILED, "%s", message ? message : sqlite3_errstr (rc));
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

static int
pragma_int (sqlite3    *db,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  int value = -1;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

/* Looks at an existing file without writing to it. Only when everything is
 * in order is it opened for writing; any refusal leaves it byte-for-byte as
 * it was. */
static gboolean
check_existing_file (const char  *path,
                     gsize        size,
                     GError     **error)
{
  static const char header[16] = "SQLite format 3";
  char buf[16] = { 0 };
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;
  int rc;
  int version;
  int app_id;
  FILE *fp;

  if (size == 0)
    return TRUE;  /* an empty file is a database with nothing in it yet */

  fp = g_fopen (path, "rb");
  if (fp == NULL)
    {
      int saved = errno;
      g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_CANT_OPEN,
                   _("Cannot read “%s”: %s"), path, g_strerror (saved));
      return FALSE;
    }
  if (fread (buf, 1, sizeof buf, fp) != sizeof buf || memcmp (buf, header, sizeof header) != 0)
    {
      fclose (fp);
      g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_NOT_DATABASE,
                   _("“%s” is not a Kefu Desk database (it is not an SQLite file). It was left untouched."),
                   path);
      return FALSE;
    }
  fclose (fp);

  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_CANT_OPEN,
                   _("Cannot open “%s”: %s"), path, sqlite3_errstr (rc));
      goto out;
    }

  rc = sqlite3_prepare_v2 (db, "PRAGMA quick_check", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          const char *row = (const char *) sqlite3_column_text (stmt, 0);
          if (g_strcmp0 (row, "ok") != 0)
            {
              rc = SQLITE_CORRUPT;
              break;
            }
        }
    }
  if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
    {
      g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_CANT_OPEN,
                   _("“%s” is locked by another program. Close it and try again."), path);
      goto out;
    }
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_CORRUPT,
                   _("“%s” is damaged (the integrity check failed). It was left untouched; "
                     "restore it from a backup."), path);
      goto out;
    }

  version = pragma_int (db, "PRAGMA user_version");
  app_id = pragma_int (db, "PRAGMA application_id");
  if (app_id != KD_APPLICATION_ID &&
      (app_id != 0 || version != 0 || pragma_int (db, "SELECT count(*) FROM sqlite_schema") > 0))
    {
      g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_NOT_DATABASE,
                   _("“%s” is an SQLite database of another program, not a Kefu Desk database. "
                     "It was left untouched."), path);
      goto out;
    }
  if (version > kd_store_get_latest_version ())
    {
      g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_TOO_NEW,
                   _("“%s” was written by a newer Kefu Desk (schema %d; this version knows up to %d). "
                     "It was left untouched; update Kefu Desk to open it."),
                   path, version, kd_store_get_latest_version ());
      goto out;
    }

  ok = TRUE;

out:
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return ok;
}

static gboolean
apply_migration (KdStore          *self,
                 const Migration  *m,
                 GError          **error)
{
  g_autofree char *path = g_strdup_printf ("%s/%s", MIGRATIONS_PATH, m->name);
  g_autofree char *set_version = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize len;

  bytes = g_resource_lookup_data (store_resource (), path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return FALSE;
  sql = g_strndup (g_bytes_get_data (bytes, &len), g_bytes_get_size (bytes));

  if (!exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  set_version = g_strdup_printf ("PRAGMA user_version = %d", m->number);
  if (!exec (self, sql, &local_error) || !exec (self, set_version, &local_error))
    {
      exec (self, "ROLLBACK", NULL);
      g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_FAILED,
                   _("Updating the database to schema %d (%s) failed: %s"),
                   m->number, m->name, local_error->message);
      return FALSE;
    }

  if (!exec (self, "COMMIT", error))
    {
      exec (self, "ROLLBACK", NULL);
      return FALSE;
    }

  self->schema_version = m->number;
  return TRUE;
}

static gboolean
migrate (KdStore  *self,
         GError  **error)
{
  g_autoptr(GArray) migrations = list_migrations ();

  self->schema_version = pragma_int (self->db, "PRAGMA user_version");

  for (guint i = 0; i < migrations->len; i++)
    {
      const Migration *m = &g_array_index (migrations, Migration, i);

      if (m->number <= self->schema_version)
        continue;
      if (!apply_migration (self, m, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
create_new_file (const char  *path,
                 GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_CANT_OPEN,
                   _("Cannot create the folder “%s”: %s"), dir, g_strerror (saved));
      return FALSE;
    }

  fd = g_open (path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_CANT_OPEN,
                   _("Cannot create “%s”: %s"), path, g_strerror (saved));
      return FALSE;
    }
  close (fd);
  return TRUE;
}

KdStore *
kd_store_open (const char  *path,
               GError     **error)
{
  g_autoptr(KdStore) self = NULL;
  GStatBuf st;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  if (g_stat (path, &st) == 0)
    {
      if (!S_ISREG (st.st_mode))
        {
          g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_CANT_OPEN,
                       _("“%s” is not a regular file."), path);
          return NULL;
        }
      if (!check_existing_file (path, st.st_size, error))
        return NULL;
    }
  else if (!create_new_file (path, error))
    return NULL;

  self = g_object_new (KD_TYPE_STORE, NULL);
  self->path = g_strdup (path);

  rc = sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_CANT_OPEN,
                   _("Cannot open “%s”: %s"), path, sqlite3_errstr (rc));
      return NULL;
    }
  sqlite3_extended_result_codes (self->db, 1);

  if (!exec (self, "PRAGMA busy_timeout = 5000", error) ||
      !exec (self, "PRAGMA journal_mode = WAL", error) ||
      !exec (self, "PRAGMA foreign_keys = ON", error) ||
      !exec (self, "PRAGMA synchronous = NORMAL", error))
    return NULL;

  if (!migrate (self, error))
    return NULL;

  return g_steal_pointer (&self);
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

/* Runs @func in one transaction: all of its writes or none. Nested calls
 * become savepoints, so a repository function can be reused inside a
 * larger operation (an import) and still be atomic on its own. */
gboolean
kd_store_transaction (KdStore                 *self,
                      KdStoreTransactionFunc   func,
                      gpointer                 user_data,
                      GError                 **error)
{
  gboolean nested;

  g_return_val_if_fail (KD_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  nested = !sqlite3_get_autocommit (self->db);
  if (!exec (self, nested ? "SAVEPOINT kd_nested" : "BEGIN IMMEDIATE", error))
    return FALSE;

  if (!func (self, user_data, error))
    {
      if (nested)
        {
          exec (self, "ROLLBACK TO kd_nested", NULL);
          exec (self, "RELEASE kd_nested", NULL);
        }
      else
        exec (self, "ROLLBACK", NULL);
      return FALSE;
    }

  if (!exec (self, nested ? "RELEASE kd_nested" : "COMMIT", error))
    {
      if (!nested)
        exec (self, "ROLLBACK", NULL);
      return FALSE;
    }
  return TRUE;
}

/* A consistent copy of the database file @src_path through SQLite's
 * online-backup API, on a connection of its own (so it may run in a worker
 * thread), written beside the destination and moved into place only when
 * complete. Never overwrites. */
gboolean
kd_store_backup_file (const char  *src_path,
                      const char  *dest_path,
                      GError     **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmpl = NULL;
  sqlite3 *src = NULL;
  sqlite3 *dest = NULL;
  sqlite3_backup *backup;
  gboolean ok = FALSE;
  int fd;
  int rc;

  g_return_val_if_fail (src_path != NULL, FALSE);
  g_return_val_if_fail (dest_path != NULL, FALSE);

  if (g_file_test (dest_path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_EXISTS,
                   _("“%s” already exists; choose another file name."), dest_path);
      return FALSE;
    }

  dir = g_path_get_dirname (dest_path);
  base = g_path_get_basename (dest_path);
  tmpl = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  fd = g_mkstemp_full (tmpl, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_CANT_OPEN,
                   _("Cannot write in “%s”: %s"), dir, g_strerror (saved));
      return FALSE;
    }
  close (fd);

  rc = sqlite3_open_v2 (src_path, &src, SQLITE_OPEN_READONLY, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_busy_timeout (src, 5000);
      rc = sqlite3_open_v2 (tmpl, &dest, SQLITE_OPEN_READWRITE, NULL);
    }
  if (rc == SQLITE_OK)
    {
      backup = sqlite3_backup_init (dest, "main", src, "main");
      if (backup != NULL)
        {
          rc = sqlite3_backup_step (backup, -1);
          sqlite3_backup_finish (backup);
          if (rc == SQLITE_DONE)
            rc = sqlite3_errcode (dest);
        }
      else
        rc = sqlite3_errcode (dest);
    }

  if (rc == SQLITE_OK || rc == SQLITE_DONE)
    {
      /* A backup is one self-contained file: leave it out of WAL mode. */
      rc = sqlite3_exec (dest, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
    }

  if (rc != SQLITE_OK)
    {
      g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_FAILED,
                   _("Backing up to “%s” failed: %s"), dest_path,
                   dest ? sqlite3_errmsg (dest) : sqlite3_errstr (rc));
      goto out;
    }

  sqlite3_close (dest);
  dest = NULL;

  /* link() fails if the name was taken meanwhile: still never overwriting. */
  if (link (tmpl, dest_path) != 0)
    {
      int saved = errno;
      g_set_error (error, KD_STORE_ERROR,
                   saved == EEXIST ? KD_STORE_ERROR_EXISTS : KD_STORE_ERROR_FAILED,
                   _("Cannot create “%s”: %s"), dest_path, g_strerror (saved));
      goto out;
    }
  ok = TRUE;

out:
  if (dest != NULL)
    sqlite3_close (dest);
  if (src != NULL)
    sqlite3_close (src);
  g_unlink (tmpl);
  return ok;
}

gboolean
kd_store_backup (KdStore     *self,
                 const char  *dest_path,
                 GError     **error)
{
  g_return_val_if_fail (KD_IS_STORE (self), FALSE);
  return kd_store_backup_file (self->path, dest_path, error);
}

char *
kd_store_get_setting (KdStore    *self,
                      const char *key,
                      const char *default_value)
{
  sqlite3_stmt *stmt;
  char *value = NULL;

  g_return_val_if_fail (KD_IS_STORE (self), NULL);

  stmt = kd_store_prepare (self, "SELECT value FROM settings WHERE key = ?1", NULL);
  if (stmt == NULL)
    return g_strdup (default_value);

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup (kd_stmt_text (stmt, 0));
  sqlite3_reset (stmt);

  return value ? value : g_strdup (default_value);
}

gboolean
kd_store_set_setting (KdStore     *self,
                      const char  *key,
                      const char  *value,
                      GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KD_IS_STORE (self), FALSE);

  stmt = kd_store_prepare (self,
                           "INSERT INTO settings (key, value) VALUES (?1, ?2) "
                           "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_TRANSIENT);
  return kd_store_step_done (self, stmt, error);
}

char *
kd_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "kefu-desk", "kefu-desk.db", NULL);
}
