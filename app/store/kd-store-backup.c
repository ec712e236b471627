/* kd-store-backup.c: consistent copies of the database file through SQLite's online-backup API. */
#include "kd-store-private.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <unistd.h>

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

