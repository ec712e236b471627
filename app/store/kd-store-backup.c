/* kd-store-backup.c: consistent copies of the database file through SQLite's online-backup API, and restoring one. */
#include "kd-store-private.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <unistd.h>

/* Pages copied per step: a few hundred, so that the window's writes get in
 * between and a cancellation is seen within a fraction of a second. */
#define BACKUP_STEP_PAGES 256

static void
set_copy_error (const char  *dest_path,
                const char  *detail,
                GError     **error)
{
  g_autofree char *name = g_filename_display_name (dest_path);

  g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_FAILED,
               _("Backing up to “%s” failed: %s"), name, detail);
}

/* A copy of @src_path as the new file @dest_path, made on connections of
 * its own (so it may run in a worker thread) in steps of a few hundred
 * pages, written beside the destination and moved into place only when
 * complete. Never overwrites; every failure, cancellation included,
 * removes the temporary file and whatever SQLite made beside it.
 * @look: no store of this process has the source open, so it is opened
 * as the checks open it, creating no file beside it. */
gboolean
_kd_store_copy (const char    *src_path,
                gboolean       look,
                const char    *dest_path,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmpl = NULL;
  g_autofree char *dest_name = g_filename_display_name (dest_path);
  sqlite3 *src = NULL;
  sqlite3 *dest = NULL;
  sqlite3_backup *backup;
  gboolean ok = FALSE;
  gboolean had_wal, had_shm;
  int lock_fd = -1;
  int waited_ms = 0;
  int fd;
  int rc;

  g_return_val_if_fail (src_path != NULL, FALSE);
  g_return_val_if_fail (dest_path != NULL, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (g_file_test (dest_path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_EXISTS,
                   _("“%s” already exists; choose another file name."), dest_name);
      return FALSE;
    }

  dir = g_path_get_dirname (dest_path);
  base = g_path_get_basename (dest_path);
  tmpl = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  fd = g_mkstemp_full (tmpl, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;
      g_autofree char *dir_name = g_filename_display_name (dir);
      g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_CANT_OPEN,
                   _("Cannot write in “%s”: %s"), dir_name, g_strerror (saved));
      return FALSE;
    }
  close (fd);

  if (look)
    {
      src = _kd_store_open_look (src_path, &lock_fd, &had_wal, &had_shm, error);
      if (src == NULL)
        goto out;
    }
  else
    {
      _kd_store_init_sqlite ();
      rc = sqlite3_open_v2 (src_path, &src, SQLITE_OPEN_READONLY, NULL);
      if (rc != SQLITE_OK)
        {
          set_copy_error (dest_path, sqlite3_errstr (rc), error);
          goto out;
        }
      sqlite3_busy_timeout (src, KD_STORE_BUSY_TIMEOUT_MS);
    }

  _kd_store_init_sqlite ();

  rc = sqlite3_open_v2 (tmpl, &dest, SQLITE_OPEN_READWRITE, NULL);
  if (rc != SQLITE_OK)
    {
      set_copy_error (dest_path, sqlite3_errstr (rc), error);
      goto out;
    }
  sqlite3_busy_timeout (dest, KD_STORE_BUSY_TIMEOUT_MS);
  /* The copy takes the source's WAL flag with its first page; in exclusive
   * locking mode SQLite keeps the WAL index in memory, so no -shm is made
   * beside the copy (FAT and exFAT sticks included). */
  sqlite3_exec (dest, "PRAGMA locking_mode = EXCLUSIVE", NULL, NULL, NULL);

  backup = sqlite3_backup_init (dest, "main", src, "main");
  if (backup == NULL)
    {
      set_copy_error (dest_path, sqlite3_errmsg (dest), error);
      goto out;
    }
  for (;;)
    {
      rc = sqlite3_backup_step (backup, BACKUP_STEP_PAGES);
      if (rc == SQLITE_DONE)
        break;
      if (g_cancellable_is_cancelled (cancellable))
        break;
      if (rc == SQLITE_OK)
        continue;
      if ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && waited_ms < KD_STORE_BUSY_TIMEOUT_MS)
        {
          sqlite3_sleep (50);
          waited_ms += 50;
          continue;
        }
      break;
    }
  sqlite3_backup_finish (backup);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto out;
  if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
    {
      _kd_store_set_busy_error (src_path, error);
      goto out;
    }
  if (rc != SQLITE_DONE)
    {
      set_copy_error (dest_path, sqlite3_errstr (rc), error);
      goto out;
    }

  /* A backup is one self-contained file: leave it out of WAL mode. */
  rc = sqlite3_exec (dest, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      set_copy_error (dest_path, sqlite3_errmsg (dest), error);
      goto out;
    }
  rc = sqlite3_close (dest);
  dest = NULL;
  if (rc != SQLITE_OK)
    {
      set_copy_error (dest_path, sqlite3_errstr (rc), error);
      goto out;
    }

  ok = _kd_store_move_into_place (tmpl, dest_path, error);

out:
  if (dest != NULL)
    sqlite3_close (dest);
  if (src != NULL)
    {
      if (look)
        _kd_store_close_look (src, lock_fd);
      else
        sqlite3_close (src);
    }
  /* After a move only the sidecars could be left; after a failure, all. */
  _kd_store_remove_with_sidecars (tmpl);
  return ok;
}

/* A consistent copy of the database file @src_path, checked first as
 * opening checks it (as far as reading goes) and copied without creating
 * any file beside it. For a file that no store of this process has open;
 * an open store backs up with kd_store_backup(). */
gboolean
kd_store_backup_file (const char    *src_path,
                      const char    *dest_path,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_return_val_if_fail (src_path != NULL, FALSE);
  g_return_val_if_fail (dest_path != NULL, FALSE);

  if (!_kd_store_check_file (src_path, KD_STORE_OPEN_READ_ONLY, error))
    return FALSE;
  return _kd_store_copy (src_path, TRUE, dest_path, cancellable, error);
}

/* FILE.before-restore-YYYYmmdd-HHMMSS, or with -2, -3… when taken. */
static char *
kept_aside_name (const char *db_path)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  char *name = g_strdup_printf ("%s.before-restore-%s", db_path, stamp);

  for (int i = 2; g_file_test (name, G_FILE_TEST_EXISTS) && i < 100; i++)
    {
      g_free (name);
      name = g_strdup_printf ("%s.before-restore-%s-%d", db_path, stamp, i);
    }
  return name;
}

static gboolean
move_file (const char  *from,
           const char  *to,
           GError     **error)
{
  if (g_rename (from, to) != 0)
    {
      int saved = errno;
      g_autofree char *name = g_filename_display_name (from);
      g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_FAILED,
                   _("Cannot move “%s” aside: %s"), name, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

/* Puts a copy of the backup @backup_path in place of the database
 * @db_path, which must not be open in this process (close its store first).
 *
 * The backup is checked as opening checks a file. The current file, if
 * any, is first given exclusive: switching it out of WAL mode makes SQLite
 * checkpoint its -wal into it and remove the -wal and -shm, which only
 * works when no other program has it open; so the file kept aside
 * (FILE.before-restore-…) holds every change, and no stale -wal is ever
 * replayed over the restored file. A file too damaged for that is kept
 * aside with its -wal and -shm. The restored copy is built beside the
 * file and renamed into place complete. */
gboolean
kd_store_restore_file (const char    *db_path,
                       const char    *backup_path,
                       char         **out_kept_as,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autofree char *dir = g_path_get_dirname (db_path);
  g_autofree char *base = g_path_get_basename (db_path);
  g_autofree char *db_name = g_filename_display_name (db_path);
  g_autofree char *tmp = NULL;
  g_autofree char *kept = NULL;
  sqlite3 *db = NULL;
  gboolean ok = FALSE;
  gboolean exists;
  gboolean with_sidecars = FALSE;

  g_return_val_if_fail (db_path != NULL, FALSE);
  g_return_val_if_fail (backup_path != NULL, FALSE);

  if (out_kept_as != NULL)
    *out_kept_as = NULL;

  if (!_kd_store_check_file (backup_path, KD_STORE_OPEN_READ_ONLY, error))
    return FALSE;

  exists = g_file_test (db_path, G_FILE_TEST_EXISTS);
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *dir_name = g_filename_display_name (dir);
      g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_NOT_FOUND,
                   _("The folder “%s” does not exist."), dir_name);
      return FALSE;
    }
  if (access (dir, W_OK | X_OK) != 0 || (exists && access (db_path, W_OK) != 0))
    {
      g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_READ_ONLY,
                   _("Cannot write to “%s”: the file or its folder is read-only."), db_name);
      return FALSE;
    }

  {
    /* A new name beside the file for the copy (the copy refuses to overwrite). */
    g_autofree char *tmpl = g_strdup_printf ("%s/.%s.restore-XXXXXX", dir, base);
    int fd = g_mkstemp_full (tmpl, O_RDWR | O_CLOEXEC, 0600);

    if (fd < 0)
      {
        int saved = errno;
        g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_CANT_OPEN,
                     _("Cannot create “%s”: %s"), db_name, g_strerror (saved));
        return FALSE;
      }
    close (fd);
    g_unlink (tmpl);
    tmp = g_steal_pointer (&tmpl);
  }
  if (!_kd_store_copy (backup_path, TRUE, tmp, cancellable, error))
    return FALSE;

  if (exists)
    {
      g_autoptr(GError) check_error = NULL;
      g_autofree char *shm = g_strconcat (db_path, "-shm", NULL);
      sqlite3_stmt *stmt = NULL;
      const char *mode = NULL;
      int rc = SQLITE_NOTADB;

      /* A file that fails its checks (damaged, a stray -wal…) is kept
       * aside exactly as it is; a healthy one is checkpointed first. */
      if (!_kd_store_check_file (db_path, KD_STORE_OPEN_READ_ONLY, &check_error))
        {
          if (g_error_matches (check_error, KD_STORE_ERROR, KD_STORE_ERROR_BUSY) ||
              _kd_store_shm_in_use (shm))
            {
              g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_BUSY,
                           _("“%s” is open in another Kefu Desk window or program. Close it, "
                             "then restore again."), db_name);
              goto out;
            }
        }
      else
        {
          _kd_store_init_sqlite ();
          rc = sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READWRITE, NULL);
        }
      if (check_error == NULL && rc == SQLITE_OK)
        {
          sqlite3_busy_timeout (db, KD_STORE_BUSY_TIMEOUT_MS);
          rc = sqlite3_prepare_v2 (db, "PRAGMA journal_mode = DELETE", -1, &stmt, NULL);
        }
      if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
        mode = (const char *) sqlite3_column_text (stmt, 0);
      if ((rc & 0xff) == SQLITE_BUSY || (rc == SQLITE_ROW && g_strcmp0 (mode, "wal") == 0))
        {
          sqlite3_finalize (stmt);
          g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_BUSY,
                       _("“%s” is open in another Kefu Desk window or program. Close it, "
                         "then restore again."), db_name);
          goto out;
        }
      if (rc == SQLITE_ROW)
        {
          sqlite3_finalize (stmt);
          /* Hold the file while it is moved, so nobody starts writing it. */
          if (sqlite3_exec (db, "BEGIN EXCLUSIVE", NULL, NULL, NULL) != SQLITE_OK)
            {
              g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_BUSY,
                           _("“%s” is open in another Kefu Desk window or program. Close it, "
                             "then restore again."), db_name);
              goto out;
            }
        }
      else
        {
          /* Not a database SQLite can use: keep it as it is, journal and all. */
          sqlite3_finalize (stmt);
          if (db != NULL)
            sqlite3_close (db);
          db = NULL;
          with_sidecars = TRUE;
        }

      kept = kept_aside_name (db_path);
      if (!_kd_store_move_into_place (db_path, kept, error))
        goto out;
      if (with_sidecars)
        {
          const char *suffixes[] = { "-wal", "-shm", "-journal" };

          for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
            {
              g_autofree char *from = g_strconcat (db_path, suffixes[i], NULL);
              g_autofree char *to = g_strconcat (kept, suffixes[i], NULL);

              if (g_file_test (from, G_FILE_TEST_EXISTS) && !move_file (from, to, error))
                goto out;
            }
        }
    }

  if (!_kd_store_move_into_place (tmp, db_path, error))
    {
      if (kept != NULL)
        g_rename (kept, db_path);
      goto out;
    }
  ok = TRUE;

out:
  if (db != NULL)
    {
      sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      sqlite3_close (db);
    }
  _kd_store_remove_with_sidecars (tmp);
  if (ok && out_kept_as != NULL)
    *out_kept_as = g_steal_pointer (&kept);
  return ok;
}
