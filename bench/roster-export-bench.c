/* roster-export-bench: a 60-staff × 31-day month exported as CSV, .ics and .xlsx (target < 1 s each), against a per-cell-query CSV baseline in the same run. */
#include <glib/gstdio.h>

#include "bench-util.h"
#include "kd-bench-roster-export.h"
#include "kd-clock.h"
#include "kd-roster-export.h"
#include "kd-test-util.h"

#define YEAR  2026
#define MONTH 12

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
median (double *v,
        int     n)
{
  qsort (v, n, sizeof *v, compare_doubles);
  return v[n / 2];
}

static gsize
file_size (const char *path)
{
  GStatBuf st;
  return g_stat (path, &st) == 0 ? (gsize) st.st_size : 0;
}

int
main (int argc, char **argv)
{
  int n_staff = 60, runs = 7;
  g_autofree char *dir = g_dir_make_tmp ("kd-roster-export-bench-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "shop.db", NULL);
  g_autoptr(KdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  const char *names[] = { "csv", "ics", "xlsx" };
  double ours[3][16], base[16], t0;
  gsize sizes[3] = { 0 };
  double fill_ms;

  if (argc > 1)
    n_staff = atoi (argv[1]);
  setvbuf (stdout, NULL, _IOLBF, 0);
  store = kd_store_open_full (db, KD_STORE_OPEN_CREATE, &error);
  if (store == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  t0 = bench_now_ms ();
  if (!kd_bench_roster_fill (store, YEAR, MONTH, n_staff, 1, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  fill_ms = bench_now_ms () - t0;
  printf ("roster-export-bench: %d staff × 31 days (%d cells), filled in %.0f ms; median of %d runs\n",
          n_staff, n_staff * 31, fill_ms, runs);

  for (int r = 0; r < runs; r++)
    {
      for (int f = 0; f < 3; f++)
        {
          g_autofree char *path = g_strdup_printf ("%s/roster-%d.%s", dir, r, names[f]);
          KdRosterExportCounts counts;

          t0 = bench_now_ms ();
          if (!kd_roster_export (store, YEAR, MONTH, (KdRosterExportFormat) f, NULL, path, &counts, &error))
            {
              g_printerr ("%s\n", error->message);
              return 1;
            }
          ours[f][r] = bench_now_ms () - t0;
          sizes[f] = file_size (path);
          g_unlink (path);
        }
      {
        g_autofree char *path = g_strdup_printf ("%s/naive-%d.csv", dir, r);
        t0 = bench_now_ms ();
        if (!kd_bench_roster_naive_csv (store, YEAR, MONTH, path, &error))
          {
            g_printerr ("%s\n", error->message);
            return 1;
          }
        base[r] = bench_now_ms () - t0;
        g_unlink (path);
      }
    }

  {
    double csv = median (ours[0], runs), ics = median (ours[1], runs), xlsx = median (ours[2], runs);
    double naive = median (base, runs);

    printf ("csv   %8.1f ms  %7zu bytes  %s\n", csv, sizes[0], csv < 1000 ? "< 1 s met" : "< 1 s MISSED");
    printf ("ics   %8.1f ms  %7zu bytes  %s\n", ics, sizes[1], ics < 1000 ? "< 1 s met" : "< 1 s MISSED");
    printf ("xlsx  %8.1f ms  %7zu bytes  %s\n", xlsx, sizes[2], xlsx < 1000 ? "< 1 s met" : "< 1 s MISSED");
    printf ("baseline (one SELECT per cell, CSV) %8.1f ms\n", naive);
    printf ("ratio baseline / csv: %.1f×\n", naive / csv);
  }
  kd_store_close (store);
  kd_test_rm_rf (dir);
  return 0;
}
