/* kd-test-util.h: small helpers the test programs share. */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>

/* Removes @dir and everything in it (a test's private temporary folder,
 * with the database and its -wal/-shm files). */
static inline void
kd_test_rm_rf (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        kd_test_rm_rf (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}
