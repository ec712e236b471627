/* kd-roster-select.h: moving the k cheapest states of a beam to the front. */
#pragma once

#include <glib.h>
#include <string.h>

/* Quickselect over @n elements of @size bytes at @base, each with a
 * double key at @key_offset: afterwards the @k smallest keys are the
 * first @k elements (in no particular order). Used by the beam searches
 * to keep their cheapest states. */
static inline void
kd_roster_select_smallest (void  *base,
                           int    n,
                           gsize  size,
                           gsize  key_offset,
                           int    k)
{
  guint8 *a = base;
  guint8 tmp[128];
  int lo = 0, hi = n - 1;

#define KEY(i) (*(const double *) (a + (gsize) (i) * size + key_offset))
  g_assert (size <= sizeof tmp);
  while (lo < hi)
    {
      double pivot = KEY (lo + (hi - lo) / 2);
      int i = lo, j = hi;

      while (i <= j)
        {
          while (KEY (i) < pivot)
            i++;
          while (KEY (j) > pivot)
            j--;
          if (i <= j)
            {
              memcpy (tmp, a + (gsize) i * size, size);
              memcpy (a + (gsize) i * size, a + (gsize) j * size, size);
              memcpy (a + (gsize) j * size, tmp, size);
              i++;
              j--;
            }
        }
      if (k - 1 <= j)
        hi = j;
      else if (k - 1 >= i)
        lo = i;
      else
        break;
    }
#undef KEY
}
