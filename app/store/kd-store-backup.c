/* kd-store-backup.c: consistent copies of the database file through SQLite's online-backup API. */
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
      rc = sqlite3_open_v2 (src_path, &src, SQLITE_OPEN_READONLY, NULL);
      if (rc != SQLITE_OK)
        {
          set_copy_error (dest_path, sqlite3_errstr (rc), error);
          goto out;
        }
      sqlite3_busy_timeout (src, KD_STORE_BUSY_TIMEOUT_MS);
    }

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
