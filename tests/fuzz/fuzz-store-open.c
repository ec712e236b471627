/* fuzz-store-open.c: any file handed to kd_store_open() is either opened or refused untouched, its folder as it was. */
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "kd-store.h"

int LLVMFuzzerTestOneInput (const unsigned char *data, size_t size);

static guint
count_entries (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (d != NULL && g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static void
empty_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
}

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
  empty_dir (dir);
  path = g_build_filename (dir, "f.db", NULL);
  if (!g_file_set_contents (path, (const char *) data, size, NULL))
    return 0;

  store = kd_store_open (path, &error);
  if (store == NULL)
    {
      /* Refused: one message, the file byte-for-byte as it was, and no
       * -wal, -shm or temporary file left in its folder. */
      if (error == NULL || !g_file_get_contents (path, &after, &after_len, NULL))
        __builtin_trap ();
      if (after_len != size || (size > 0 && memcmp (after, data, size) != 0))
        __builtin_trap ();
      if (count_entries (dir) != 1)
        __builtin_trap ();
    }
  g_clear_object (&store);
  empty_dir (dir);
  return 0;
}
