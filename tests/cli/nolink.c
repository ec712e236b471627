/* nolink.c: LD_PRELOAD shim making link() fail as on FAT and exFAT, which have no hard links. */
#include <errno.h>

int link (const char *from, const char *to);
int linkat (int from_dir, const char *from, int to_dir, const char *to, int flags);

int
link (const char *from,
      const char *to)
{
  errno = EPERM;
  return -1;
}

int
linkat (int         from_dir,
        const char *from,
        int         to_dir,
        const char *to,
        int         flags)
{
  errno = EPERM;
  return -1;
}
