/* unpaid-bench.c: issue 13's numbers — the overdue check over 1 000 000 orders of which 50 000 await payment, against a full scan in the same run, and the monitor's idle CPU per minute.
 * usage: unpaid-bench [N_ORDERS [N_AWAITING]]   (default 1000000 50000) */
#include <glib/gstdio.h>
#include <time.h>

#include "bench-util.h"
#include "kd-bench-unpaid.h"
#include "kd-clock.h"
#include "kd-unpaid-monitor.h"
#include "kd-unpaid-service.h"

static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void
on_checked (KdUnpaidMonitor *monitor, guint raised, guint waiting, gpointer data)
{
  (*(guint *) data)++;
}

int
main (int argc, char **argv)
{
  guint n_orders = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 1000000;
  guint n_awaiting = argc > 2 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : 50000;
  g_autofree char *dir = g_dir_make_tmp ("kd-unpaid-bench-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "shop.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(KdStore) store = NULL;
  g_autoptr(KdUnpaidService) service = NULL;
  g_autoptr(GArray) idle = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) scans = g_array_new (FALSE, FALSE, sizeof (double));
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  double t0, first_ms, idle_p50, idle_p99, scan_p50;
  guint n_first = 0, n_scan = 0;

  store = kd_store_open_full (path, KD_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  t0 = bench_now_ms ();
  if (!kd_bench_unpaid_fill (store, n_orders, n_awaiting, now, &error))
    g_error ("fill: %s", error->message);
  printf ("unpaid-bench: %u orders, %u awaiting payment, filled in %.0f ms\n",
          n_orders, n_awaiting, bench_now_ms () - t0);

  service = kd_unpaid_service_new (store, NULL, NULL);
  kd_unpaid_service_set_hours (service, 12);

  /* The first check raises what became due in the last minute. */
  {
    g_autoptr(GPtrArray) raised = NULL;
    t0 = bench_now_ms ();
    raised = kd_unpaid_service_check (service, now, NULL, &error);
    first_ms = bench_now_ms () - t0;
    g_assert_no_error (error);
    n_first = raised->len;
  }
  /* Then the steady state: every check of a quiet minute. */
  for (guint i = 0; i < 300; i++)
    {
      g_autoptr(GPtrArray) raised = NULL;
      double ms;

      t0 = bench_now_ms ();
      raised = kd_unpaid_service_check (service, now + 1, NULL, &error);
      ms = bench_now_ms () - t0;
      g_assert_no_error (error);
      g_assert_cmpuint (raised->len, ==, 0);
      g_array_append_val (idle, ms);
    }
  idle_p50 = bench_quantile (idle, 0.5);
  idle_p99 = bench_quantile (idle, 0.99);
  for (guint i = 0; i < 5; i++)
    {
      double ms;

      t0 = bench_now_ms ();
      if (!kd_bench_unpaid_scan (store, now + 1 - 12 * 3600, &n_scan, &error))
        g_error ("scan: %s", error->message);
      ms = bench_now_ms () - t0;
      g_array_append_val (scans, ms);
    }
  scan_p50 = bench_quantile (scans, 0.5);
  g_assert_cmpuint (n_scan, ==, 0);   /* the same answer: nothing left to raise */

  printf ("check raising the last minute's %u orders: %.2f ms\n", n_first, first_ms);
  printf ("check of a quiet minute (300 runs): p50 %.3f ms, p99 %.3f ms (target < 5 ms)\n", idle_p50, idle_p99);
  printf ("full-scan baseline (5 runs): p50 %.1f ms; ratio %.0fx (target >= 100x)\n",
          scan_p50, scan_p50 / idle_p50);

  /* The monitor in the main loop, checking every second for 20 s: its
   * CPU (main thread and store thread) per check is its cost per minute. */
  {
    g_autoptr(KdUnpaidMonitor) monitor = kd_unpaid_monitor_new (service, store, NULL);
    guint checks = 0;
    gint64 end;
    double c0;

    g_signal_connect (monitor, "checked", G_CALLBACK (on_checked), &checks);
    kd_unpaid_monitor_start (monitor, 1);
    /* Past the first check's start-up. */
    while (checks < 1)
      g_main_context_iteration (NULL, TRUE);
    c0 = cpu_ms ();
    checks = 0;
    end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
    while (g_get_monotonic_time () < end)
      g_main_context_iteration (NULL, TRUE);
    printf ("monitor idle: %u checks in 20 s, %.3f ms CPU per check = per minute (target < 1 ms)\n",
            checks, (cpu_ms () - c0) / MAX (checks, 1));
    kd_unpaid_monitor_stop (monitor);
  }

  kd_store_close (store);
  g_clear_object (&service);
  g_clear_object (&store);
  g_unlink (path);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);
    g_unlink (wal);
    g_unlink (shm);
  }
  g_rmdir (dir);
  return 0;
}
