/* fuzz-store-open.c: any file handed to kd_store_open() is either opened or refused untouched. */
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "kd-store.h"

int LLVMFuzzerTestOneInput (const unsigned char *data, size_t size);

int
LLVMFuzzerTestOneInput (const unsigned char *data,
                        size_t               size)
{
  static char *dir;
  g_autofree char *path = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KdStore) store = NULL;
  gsize after_len = 0;

  if (dir == NULL)
    dir = g_dir_make_tmp ("kd-fuzz-store-XXXXXX", NULL);
  path = g_build_filename (dir, "f.db", NULL);
  if (!g_file_set_contents (path, (const char *) data, size, NULL))
    return 0;

  store = kd_store_open (path, &error);
  if (store == NULL)
    {
      /* Refused: one message, and the file byte-for-byte as it was. */
      if (error == NULL || !g_file_get_contents (path, &after, &after_len, NULL))
        __builtin_trap ();
      if (after_len != size || (size > 0 && memcmp (after, data, size) != 0))
        __builtin_trap ();
    }
  g_clear_object (&store);

  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);
    g_unlink (wal);
    g_unlink (shm);
    g_unlink (path);
  }
  return 0;
}
