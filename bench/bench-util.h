/* bench-util.h: clocks, memory, percentiles and a timed main-loop iteration for the GUI benchmarks. */
#pragma once

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <glib.h>

static inline double
bench_now_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Resident set from /proc/self/statm, in MiB. */
static inline double
bench_rss_mib (void)
{
  long pages_total = 0, pages_resident = 0;
  FILE *f = fopen ("/proc/self/statm", "r");

  if (f != NULL)
    {
      if (fscanf (f, "%ld %ld", &pages_total, &pages_resident) != 2)
        pages_resident = 0;
      fclose (f);
    }
  return pages_resident * (double) sysconf (_SC_PAGESIZE) / (1024.0 * 1024.0);
}

/* Bytes malloc has handed out and not had back, in MiB: unlike the RSS it
 * does not keep what an earlier phase freed. */
static inline double
bench_heap_mib (void)
{
  struct mallinfo2 mi = mallinfo2 ();

  return (mi.uordblks + mi.hblkhd) / (1024.0 * 1024.0);
}

static inline int
bench_compare_double (const void *a,
                      const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

/* The @p-quantile (0..1) of @v (sorted in place), nearest rank. */
static inline double
bench_quantile (GArray *v,
                double  p)
{
  guint i;

  if (v->len == 0)
    return 0;
  qsort (v->data, v->len, sizeof (double), bench_compare_double);
  i = (guint) (p * v->len + 0.999999);
  i = i == 0 ? 0 : i - 1;
  return g_array_index (v, double, MIN (i, v->len - 1));
}

static inline double
bench_max (GArray *v)
{
  double m = 0;

  for (guint i = 0; i < v->len; i++)
    m = MAX (m, g_array_index (v, double, i));
  return m;
}

/* One iteration of the default main context, polling at most @max_wait_ms.
 * Returns how long the main thread was busy in it (prepare, check and
 * dispatch: everything but the wait in poll), in ms. */
static inline double
bench_iterate (int max_wait_ms)
{
  static GPollFD *fds;
  static gint allocated;
  GMainContext *ctx = g_main_context_default ();
  gint max_priority = 0, timeout = 0, nfds;
  double busy, t0, t1;

  if (!g_main_context_acquire (ctx))
    g_error ("cannot acquire the main context");
  t0 = bench_now_ms ();
  g_main_context_prepare (ctx, &max_priority);
  while ((nfds = g_main_context_query (ctx, max_priority, &timeout, fds, allocated)) > allocated)
    {
      allocated = nfds;
      fds = g_renew (GPollFD, fds, allocated);
    }
  busy = bench_now_ms () - t0;
  if (timeout < 0 || timeout > max_wait_ms)
    timeout = max_wait_ms;
  g_main_context_get_poll_func (ctx) (fds, nfds, timeout);
  t1 = bench_now_ms ();
  if (g_main_context_check (ctx, max_priority, fds, nfds))
    g_main_context_dispatch (ctx);
  busy += bench_now_ms () - t1;
  g_main_context_release (ctx);
  return busy;
}

typedef gboolean (*BenchCond) (gpointer data);

/* When set (the GUI benchmarks point it at their after-paint count), an
 * iteration that painted a frame counts to bench_max_frame instead of the
 * caller's max_busy: GTK's layout and rendering, not the code measured. */
static guint *bench_paint_count;
static double bench_max_frame;
/* KD_BENCH_TRACE=MS: every iteration busier than MS is printed, with how
 * many frames it painted and how many changes the list reported in it
 * (when a bench points bench_change_count at its count). */
static guint *bench_change_count;

/* Iterates until @cond holds or @timeout_ms pass; the longest busy
 * iteration goes to @max_busy (if given). FALSE on timeout. */
static inline gboolean
bench_wait (BenchCond  cond,
            gpointer   data,
            double     timeout_ms,
            double    *max_busy)
{
  double end = bench_now_ms () + timeout_ms;

  while (!cond (data))
    {
      double busy;
      guint paints;

      if (bench_now_ms () > end)
        return FALSE;
      paints = bench_paint_count ? *bench_paint_count : 0;
      {
        static double trace = -1;
        guint changes = bench_change_count ? *bench_change_count : 0;

        if (trace < 0)
          trace = g_getenv ("KD_BENCH_TRACE") ? g_ascii_strtod (g_getenv ("KD_BENCH_TRACE"), NULL) : 0;
        busy = bench_iterate (20);
        if (trace > 0 && busy > trace)
          fprintf (stderr, "trace: busy %.1f ms, %u paints, %u changes\n", busy,
                   bench_paint_count ? *bench_paint_count - paints : 0,
                   bench_change_count ? *bench_change_count - changes : 0);
      }
      if (bench_paint_count != NULL && *bench_paint_count != paints)
        bench_max_frame = MAX (bench_max_frame, busy);
      else if (max_busy != NULL && busy > *max_busy)
        *max_busy = busy;
    }
  return TRUE;
}

static inline void
bench_spin (double ms)
{
  double end = bench_now_ms () + ms;

  while (bench_now_ms () < end)
    bench_iterate (5);
}

static inline void
bench_machine (void)
{
  g_autofree char *cpuinfo = NULL;
  char *model = (char *) "unknown";

  if (g_file_get_contents ("/proc/cpuinfo", &cpuinfo, NULL, NULL))
    {
      char *line = strstr (cpuinfo, "model name");
      if (line != NULL && (line = strchr (line, ':')) != NULL)
        {
          char *nl;

          model = line + 2;
          if ((nl = strchr (model, '\n')) != NULL)
            *nl = '\0';
        }
    }
  printf ("machine: %s, %ld cores online\n", model, sysconf (_SC_NPROCESSORS_ONLN));
}
