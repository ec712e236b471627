/* fuzz-iso8601.c: kd_parse_iso8601() never crashes and never accepts a time without an offset. */
#include <string.h>

#include "kd-clock.h"

int LLVMFuzzerTestOneInput (const unsigned char *data, size_t size);

int
LLVMFuzzerTestOneInput (const unsigned char *data,
                        size_t               size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) dt = kd_parse_iso8601 (text, &error);
  size_t len = strlen (text);

  if (dt == NULL)
    {
      if (error == NULL)
        __builtin_trap ();
      return 0;
    }
  /* Accepted: it must end in Z or an explicit ±HH:MM offset. */
  if (!(text[len - 1] == 'Z' || text[len - 1] == 'z' || (len > 6 && text[len - 3] == ':')))
    __builtin_trap ();
  return 0;
}
