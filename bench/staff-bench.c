/* staff-bench.c: a search keystroke in the real KdStaffList over 100 000 staff, against the old in-memory filter and sort in the same run.
 *
 * usage: staff-bench [--staff N] [--seed S]
 * Needs a display and the build's schemas: GSETTINGS_SCHEMA_DIR=<build>/data,
 * GSETTINGS_BACKEND=memory, GSK_RENDERER=cairo, under xvfb-run + dbus-run-session. */
#include <adwaita.h>
#include <glib/gstdio.h>

#include "bench-util.h"
#include "kd-columns.h"
#include "kd-context.h"
#include "kd-query-model.h"
#include "kd-staff-list-private.h"
#include "kd-staff-repo.h"
#include "kd-text.h"

#define N_QUERIES 50
#define VISIBLE 20

static const char *surnames[] = { "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭" };
static const char *given[] = { "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀", "霞", "平" };

typedef struct {
  guint      paints;
  double     last_paint;
  GListModel *model;
  guint      changes;
  double     last_change;
  GtkWidget *window;
} Bench;

static void
on_after_paint (GdkFrameClock *clock,
                Bench         *b)
{
  b->paints++;
  b->last_paint = bench_now_ms ();
}

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Bench      *b)
{
  b->changes++;
  b->last_change = bench_now_ms ();
}

static void
wait_paint_after (Bench  *b,
                  double  t,
                  double *max_busy)
{
  gtk_widget_queue_draw (b->window);
  while (b->last_paint < t)
    {
      guint paints = b->paints, changes = b->changes;
      double busy = bench_iterate (20);

      if (g_getenv ("KD_BENCH_TRACE") != NULL && busy > g_ascii_strtod (g_getenv ("KD_BENCH_TRACE"), NULL))
        fprintf (stderr, "trace (paint wait): busy %.1f ms, %u paints, %u changes\n", busy, b->paints - paints,
                 b->changes - changes);
      if (b->paints != paints)
        bench_max_frame = MAX (bench_max_frame, busy);
      else if (max_busy != NULL)
        *max_busy = MAX (*max_busy, busy);
    }
}

/* ---------------------------------------------------------------- data */

typedef struct {
  guint   n;
  guint32 seed;
} Fill;

static KdStaff *
make_staff (GRand *rand,
            guint  i)
{
  g_autofree char *job = g_strdup_printf ("KF%06u", i);
  g_autofree char *name = g_strconcat (surnames[g_rand_int_range (rand, 0, G_N_ELEMENTS (surnames))],
                                       given[g_rand_int_range (rand, 0, G_N_ELEMENTS (given))],
                                       g_rand_boolean (rand) ? given[g_rand_int_range (rand, 0, G_N_ELEMENTS (given))] : "",
                                       NULL);
  g_autofree char *phone = g_strdup_printf ("1%02d%08d", 30 + g_rand_int_range (rand, 0, 60),
                                            g_rand_int_range (rand, 0, 100000000));

  return kd_staff_new (job, name, g_rand_int_range (rand, 0, KD_N_ROLES), phone);
}

static gboolean
fill_job (KdConn   *conn,
          gpointer  data,
          GError  **error)
{
  Fill *f = data;
  g_autoptr(GRand) rand = g_rand_new_with_seed (f->seed);

  for (guint i = 1; i <= f->n; i++)
    {
      g_autoptr(KdStaff) staff = make_staff (rand, i);

      if (!kd_staff_repo_insert (conn, staff, error))
        return FALSE;
    }
  return TRUE;
}

typedef struct {
  GPtrArray *list;
} ListJob;

static gboolean
list_job (KdConn   *conn,
          gpointer  data,
          GError  **error)
{
  ListJob *j = data;

  j->list = kd_staff_repo_list (conn, FALSE, error);
  return j->list != NULL;
}

/* Fragments people type: part of a job number, a name, a phone number. */
static char **
make_queries (guint32 seed,
              guint   n_staff)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  char **q = g_new0 (char *, N_QUERIES + 1);

  for (guint i = 0; i < N_QUERIES; i++)
    {
      g_autoptr(KdStaff) s = make_staff (rand, g_rand_int_range (rand, 1, n_staff + 1));

      switch (i % 3)
        {
        case 0:
          q[i] = g_strdup (kd_staff_get_job_number (s) + g_rand_int_range (rand, 2, 5));
          break;
        case 1:
          q[i] = g_strdup (kd_staff_get_name (s));
          break;
        default:
          q[i] = g_strndup (kd_staff_get_phone (s) + g_rand_int_range (rand, 0, 4), g_rand_int_range (rand, 4, 8));
          break;
        }
    }
  return q;
}

static gboolean
staff_filled (GListModel *model,
              guint       position)
{
  g_autoptr(KdStaff) s = g_list_model_get_item (model, position);
  return s != NULL && *kd_staff_get_job_number (s) != '\0';
}

static gboolean
top_filled (gpointer data)
{
  Bench *b = data;
  guint n = g_list_model_get_n_items (b->model);

  if (n == 0)
    return !kd_query_model_get_loading (KD_QUERY_MODEL (b->model)) && b->changes > 0;
  for (guint i = 0; i < MIN (n, VISIBLE); i++)
    if (!staff_filled (b->model, i))
      return FALSE;
  return TRUE;
}

typedef struct {
  Bench *b;
  guint  changes;
} Landed;

static gboolean
landed (gpointer data)
{
  Landed *l = data;
  return l->b->changes > l->changes || !kd_query_model_get_loading (KD_QUERY_MODEL (l->b->model));
}

static gboolean
idle_model (gpointer data)
{
  Bench *b = data;
  return !kd_query_model_get_loading (KD_QUERY_MODEL (b->model));
}

static void
print_line (const char *what,
            double      value,
            const char *unit,
            const char *note)
{
  printf ("  %-62s %10.3f %s%s%s\n", what, value, unit, note ? "  " : "", note ? note : "");
}

/* ---------------------------------------------------------------- the old approach */

static char *needle;

static gboolean
old_filter (gpointer item,
            gpointer user_data)
{
  return kd_staff_matches (KD_STAFF (item), needle);
}

/* As the list did before issue 8: a collation key per comparison. */
static int
old_job_number_compare (gconstpointer a,
                        gconstpointer b,
                        gpointer      user_data)
{
  g_autofree char *ka = g_utf8_collate_key_for_filename (kd_staff_get_job_number ((KdStaff *) a), -1);
  g_autofree char *kb = g_utf8_collate_key_for_filename (kd_staff_get_job_number ((KdStaff *) b), -1);
  return g_strcmp0 (ka, kb);
}

int
main (int    argc,
      char **argv)
{
  guint n_staff = 100000;
  guint seed = 1;
  gboolean no_baseline = FALSE;
  GOptionEntry entries[] = {
    { "no-baseline", 0, 0, G_OPTION_ARG_NONE, &no_baseline, "Skip the old approach (for profiling; no ratios)", NULL },
    { "staff", 0, 0, G_OPTION_ARG_INT, &n_staff, "Staff in the directory", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "Seed of the data and the queries", "S" },
    { NULL }
  };
  g_autoptr(GOptionContext) options = g_option_context_new ("- the staff directory's search against the old filter");
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) blocked = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) frames = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) applied = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) shown = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) old_blocked = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) old_shown = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) old_frames = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *dir = NULL, *path = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(KdContext) context = NULL;
  g_auto(GStrv) queries = NULL;
  Bench b = { 0 };
  KdStore *store;
  KdStaffList *list;
  GtkEditable *entry;
  double t0, first_ms, rss0, heap0, rss_new, heap_new;
  double old_load_ms = 0, rss_old = 0, heap_old = 0;
  Fill fill;

  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (!gtk_init_check ())
    {
      g_printerr ("staff-bench needs a display (run it under xvfb-run)\n");
      return 77;
    }
  adw_init ();
  setvbuf (stdout, NULL, _IOLBF, 0);
  bench_machine ();

  dir = g_dir_make_tmp ("kd-staff-bench-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "staff.db", NULL);
  store = kd_store_open_full (path, KD_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  fill = (Fill) { n_staff, seed };
  t0 = bench_now_ms ();
  if (!kd_store_write (store, fill_job, &fill, &error))
    g_error ("%s", error->message);
  printf ("staff: %u inserted with kd_staff_repo_insert in one write job, %.0f ms\n", n_staff, bench_now_ms () - t0);
  /* The fill's WAL copied back before anything is timed: the store thread
   * would do it right after the job, beside the first keystrokes (SQLite's
   * autocheckpoint did it inside the fill's COMMIT before 2026-12-02). */
  kd_store_checkpoint (store);
  queries = make_queries (seed + 1, n_staff);

  settings = g_settings_new (APP_ID);
  context = kd_context_new (store, settings);

  b.window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (b.window), 1000, 800);
  gtk_window_present (GTK_WINDOW (b.window));
  bench_paint_count = &b.paints;
  g_signal_connect (gtk_widget_get_frame_clock (b.window), "after-paint", G_CALLBACK (on_after_paint), &b);
  wait_paint_after (&b, bench_now_ms (), NULL);

  /* A first KdStaffList, shown and searched once, so that GTK's first
   * widgets, CSS and glyphs are paid before either side is measured. */
  {
    KdStaffList *warm = g_object_new (KD_TYPE_STAFF_LIST, "context", context, NULL);

    gtk_window_set_child (GTK_WINDOW (b.window), GTK_WIDGET (warm));
    bench_spin (500);
    gtk_editable_set_text (GTK_EDITABLE (_kd_staff_list_get_search_entry (warm)), "zz-none");
    g_signal_emit_by_name (_kd_staff_list_get_search_entry (warm), "search-changed");
    bench_spin (300);
    gtk_window_set_child (GTK_WINDOW (b.window), NULL);
    bench_spin (300);
  }

  /* ---- the directory as it is: KdStaffList on a KdQueryModel */
  malloc_trim (0);
  rss0 = bench_rss_mib ();
  heap0 = bench_heap_mib ();
  t0 = bench_now_ms ();
  list = g_object_new (KD_TYPE_STAFF_LIST, "context", context, NULL);
  gtk_window_set_child (GTK_WINDOW (b.window), GTK_WIDGET (list));
  b.model = kd_staff_list_get_model (list);
  g_signal_connect (b.model, "items-changed", G_CALLBACK (on_items_changed), &b);
  bench_change_count = &b.changes;
  while (g_list_model_get_n_items (b.model) == 0)
    bench_iterate (20);
  if (!bench_wait (top_filled, &b, 60000, NULL))
    g_error ("the staff list never filled");
  wait_paint_after (&b, bench_now_ms (), NULL);
  first_ms = b.last_paint - t0;
  rss_new = bench_rss_mib () - rss0;
  heap_new = bench_heap_mib () - heap0;
  entry = GTK_EDITABLE (_kd_staff_list_get_search_entry (list));

  for (guint i = 0; queries[i] != NULL; i++)
    {
      Landed l = { &b, b.changes };
      double max_busy = 0, t_call, t_land, v;

      bench_max_frame = 0;
      t0 = bench_now_ms ();
      /* What typing does, without GtkSearchEntry's 150 ms delay. */
      gtk_editable_set_text (entry, queries[i]);
      g_signal_emit_by_name (entry, "search-changed");
      t_call = bench_now_ms () - t0;
      if (!bench_wait (landed, &l, 60000, &max_busy))
        g_error ("no snapshot for “%s”", queries[i]);
      t_land = b.changes > l.changes ? b.last_change : bench_now_ms ();
      v = t_land - t0;
      g_array_append_val (applied, v);
      if (!bench_wait (idle_model, &b, 60000, &max_busy) || !bench_wait (top_filled, &b, 60000, &max_busy))
        g_error ("rows for “%s” never filled", queries[i]);
      wait_paint_after (&b, bench_now_ms (), &max_busy);
      v = b.last_paint - t0;
      g_array_append_val (shown, v);
      v = t_call + max_busy;
      g_array_append_val (blocked, v);
      if (g_getenv ("KD_BENCH_TRACE") != NULL)
        fprintf (stderr, "keystroke “%s”: call %.1f ms, busiest turn %.1f ms, %u rows\n", queries[i], t_call, max_busy,
                 g_list_model_get_n_items (b.model));
      g_array_append_val (frames, bench_max_frame);
    }
  gtk_editable_set_text (entry, "");
  g_signal_emit_by_name (entry, "search-changed");
  bench_wait (idle_model, &b, 60000, NULL);
  g_signal_handlers_disconnect_by_func (b.model, on_items_changed, &b);
  gtk_window_set_child (GTK_WINDOW (b.window), NULL);
  bench_spin (200);

  /* ---- the old approach: every KdStaff in a GListStore, filtered and sorted in C */
  if (!no_baseline)
  {
    g_autoptr(GListStore) all = g_list_store_new (KD_TYPE_STAFF);
    GtkCustomFilter *filter = gtk_custom_filter_new (old_filter, NULL, NULL);
    GtkFilterListModel *filtered;
    GtkSortListModel *sorted;
    GtkColumnView *view;
    GtkWidget *scrolled = gtk_scrolled_window_new ();
    g_autoptr(GtkNoSelection) sel = NULL;
    ListJob job = { NULL };

    malloc_trim (0);
    rss0 = bench_rss_mib ();
    heap0 = bench_heap_mib ();
    t0 = bench_now_ms ();
    needle = kd_text_normalize ("");
    if (!kd_store_read (store, list_job, &job, &error))
      g_error ("%s", error->message);
    g_list_store_splice (all, 0, 0, job.list->pdata, job.list->len);
    g_clear_pointer (&job.list, g_ptr_array_unref);
    filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (all)), g_object_ref (GTK_FILTER (filter)));
    sorted = gtk_sort_list_model_new (G_LIST_MODEL (filtered),
                                      GTK_SORTER (gtk_custom_sorter_new (old_job_number_compare, NULL, NULL)));
    sel = gtk_no_selection_new (G_LIST_MODEL (sorted));
    view = GTK_COLUMN_VIEW (gtk_column_view_new (GTK_SELECTION_MODEL (g_object_ref (sel))));
    kd_columns_append_text (view, "Job No.", KD_TYPE_STAFF, "job-number", NULL);
    kd_columns_append_text (view, "Name", KD_TYPE_STAFF, "name", NULL);
    kd_columns_append_text (view, "Role", KD_TYPE_STAFF, "role-label", NULL);
    kd_columns_append_text (view, "Phone", KD_TYPE_STAFF, "masked-phone", NULL);
    kd_columns_append_text (view, "Status", KD_TYPE_STAFF, "active-label", NULL);
    gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (view));
    gtk_window_set_child (GTK_WINDOW (b.window), scrolled);
    wait_paint_after (&b, bench_now_ms (), NULL);
    old_load_ms = b.last_paint - t0;
    rss_old = bench_rss_mib () - rss0;
    heap_old = bench_heap_mib () - heap0;

    for (guint i = 0; queries[i] != NULL; i++)
      {
        double t_done, v;

        bench_max_frame = 0;
        t0 = bench_now_ms ();
        g_free (needle);
        needle = kd_text_normalize (queries[i]);
        gtk_filter_changed (GTK_FILTER (filter), GTK_FILTER_CHANGE_DIFFERENT);
        t_done = bench_now_ms ();
        wait_paint_after (&b, t_done, NULL);
        v = t_done - t0;
        g_array_append_val (old_blocked, v);
        v = b.last_paint - t0;
        g_array_append_val (old_shown, v);
        g_array_append_val (old_frames, bench_max_frame);
      }
    gtk_window_set_child (GTK_WINDOW (b.window), NULL);
    g_object_unref (filter);
    g_clear_pointer (&needle, g_free);
  }

  printf ("\nstaff-bench: %u staff, %u keystrokes (a third each: job-number, name, phone fragments)\n",
          n_staff, N_QUERIES);
  printf ("KdStaffList (KdQueryModel, instr(search_text, ?) ORDER BY job_number_key):\n");
  print_line ("first rows painted after the widget is created", first_ms, "ms", NULL);
  print_line ("RSS / heap growth when shown", rss_new, "MiB", NULL);
  print_line ("  heap", heap_new, "MiB", NULL);
  print_line ("keystroke: main thread busy outside frames, p50", bench_quantile (blocked, 0.5), "ms", NULL);
  print_line ("keystroke: main thread busy outside frames, p99", bench_quantile (blocked, 0.99), "ms", "(target < 16)");
  print_line ("keystroke: main thread busy outside frames, max", bench_max (blocked), "ms", NULL);
  print_line ("keystroke: longest frame (GTK layout + paint), p50", bench_quantile (frames, 0.5), "ms", NULL);
  print_line ("keystroke: longest frame (GTK layout + paint), p99", bench_quantile (frames, 0.99), "ms", NULL);
  print_line ("keystroke -> snapshot applied, p50", bench_quantile (applied, 0.5), "ms", NULL);
  print_line ("keystroke -> snapshot applied, p99", bench_quantile (applied, 0.99), "ms", NULL);
  print_line ("keystroke -> results filled and painted, p50", bench_quantile (shown, 0.5), "ms", NULL);
  print_line ("keystroke -> results filled and painted, p99", bench_quantile (shown, 0.99), "ms", NULL);
  if (no_baseline)
    goto done;
  printf ("old approach (GListStore, kd_staff_matches per row, collation key per comparison):\n");
  print_line ("load: read all + filter + sort + first paint (main thread)", old_load_ms, "ms", NULL);
  print_line ("RSS growth when shown", rss_old, "MiB", NULL);
  print_line ("  heap", heap_old, "MiB", NULL);
  print_line ("keystroke: main thread blocked (filter + re-sort), p50", bench_quantile (old_blocked, 0.5), "ms", NULL);
  print_line ("keystroke: main thread blocked (filter + re-sort), p99", bench_quantile (old_blocked, 0.99), "ms", NULL);
  print_line ("keystroke: longest frame (GTK layout + paint), p99", bench_quantile (old_frames, 0.99), "ms", NULL);
  print_line ("keystroke -> results painted, p50", bench_quantile (old_shown, 0.5), "ms", NULL);
  print_line ("keystroke -> results painted, p99", bench_quantile (old_shown, 0.99), "ms", NULL);
  printf ("ratios (old / new; > 1: the new path is better):\n");
  print_line ("main thread blocked per keystroke, p50", bench_quantile (old_blocked, 0.5) / bench_quantile (blocked, 0.5), "x", NULL);
  print_line ("main thread blocked per keystroke, p99", bench_quantile (old_blocked, 0.99) / bench_quantile (blocked, 0.99), "x", NULL);
  print_line ("keystroke -> results painted, p50", bench_quantile (old_shown, 0.5) / bench_quantile (shown, 0.5), "x", NULL);
  print_line ("first paint", old_load_ms / first_ms, "x", NULL);
  print_line ("memory (RSS growth)", rss_old / MAX (rss_new, 0.1), "x", NULL);

done:

  gtk_window_destroy (GTK_WINDOW (b.window));
  bench_spin (200);
  g_clear_object (&context);
  kd_store_close (store);
  g_object_unref (store);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);
    g_unlink (path);
    g_unlink (wal);
    g_unlink (shm);
  }
  g_rmdir (dir);
  return 0;
}
