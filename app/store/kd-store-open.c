/* kd-store-open.c: looking at a database file before it is used, creating one, migrating its schema. */
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

static gboolean
db_exec (sqlite3     *db,
         const char  *sql,
      GError     **error)
{
  char *message = NULL;
  int rc = sqlite3_exec (db, sql, NULL, NULL, &message);

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
gboolean
_kd_store_check_file (const char  *path,
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
apply_migration (sqlite3          *db,
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

  if (!db_exec (db, "BEGIN IMMEDIATE", error))
    return FALSE;

  set_version = g_strdup_printf ("PRAGMA user_version = %d", m->number);
  if (!db_exec (db, sql, &local_error) || !db_exec (db, set_version, &local_error))
    {
      db_exec (db, "ROLLBACK", NULL);
      g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_FAILED,
                   _("Updating the database to schema %d (%s) failed: %s"),
                   m->number, m->name, local_error->message);
      return FALSE;
    }

  if (!db_exec (db, "COMMIT", error))
    {
      db_exec (db, "ROLLBACK", NULL);
      return FALSE;
    }

  return TRUE;
}

gboolean
_kd_store_migrate (sqlite3  *db,
                   int      *schema_version,
                   GError  **error)
{
  g_autoptr(GArray) migrations = list_migrations ();

  *schema_version = pragma_int (db, "PRAGMA user_version");

  for (guint i = 0; i < migrations->len; i++)
    {
      const Migration *m = &g_array_index (migrations, Migration, i);

      if (m->number <= *schema_version)
        continue;
      if (!apply_migration (db, m, error))
        return FALSE;
      *schema_version = m->number;
    }
  return TRUE;
}

gboolean
_kd_store_create_file (const char  *path,
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

