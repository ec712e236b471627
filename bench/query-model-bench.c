/* query-model-bench.c: KdQueryModel over a million rows under a real GtkColumnView, against a GListStore baseline in the same run.
 *
 * usage: query-model-bench [--rows N] [--seed S]
 * Needs a display: xvfb-run -a -s "-screen 0 1280x1024x24" dbus-run-session -- …
 * with GSETTINGS_BACKEND=memory GSK_RENDERER=cairo. */
#include <gtk/gtk.h>
#include <glib/gstdio.h>

#include "bench-util.h"
#include "kd-bench-rows.h"
#include "kd-columns.h"
#include "kd-query-model.h"
#include "kd-store.h"

#define VISIBLE 20        /* rows checked as "drawn": fewer than the window shows, all in the first page */
#define N_QUERIES 50
#define N_RANDOM_GETS 2000
#define N_FILL_SAMPLES 50
#define N_SCROLL_STEPS 400

typedef struct {
  GtkWidget     *window;
  GtkColumnView *view;
  GtkWidget     *list_view;     /* the column view's inner GtkListView */
  guint          paints;
  double         last_paint;
  GListModel    *model;         /* what the view shows (KdQueryModel or the baseline chain) */
  KdQueryModel  *qm;            /* when it is a KdQueryModel */
  guint          changes;       /* items-changed of model */
  double         last_change;
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

static GtkWidget *
find_list_view (GtkWidget *widget)
{
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found;

      if (GTK_IS_LIST_VIEW (c))
        return c;
      if ((found = find_list_view (c)) != NULL)
        return found;
    }
  return NULL;
}

static void
build_window (Bench *b)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  b->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (b->window), 1000, 800);
  b->view = GTK_COLUMN_VIEW (gtk_column_view_new (NULL));
  kd_columns_append_text (b->view, "Word", KD_TYPE_BENCH_ROW, "word", NULL);
  kd_columns_append_text (b->view, "Name", KD_TYPE_BENCH_ROW, "name", NULL);
  kd_columns_append_text (b->view, "City", KD_TYPE_BENCH_ROW, "city", NULL);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (b->view));
  gtk_window_set_child (GTK_WINDOW (b->window), scrolled);
  gtk_window_present (GTK_WINDOW (b->window));
  b->list_view = find_list_view (GTK_WIDGET (b->view));
  g_assert_nonnull (b->list_view);
}

static gboolean
painted_once (gpointer data)
{
  Bench *b = data;
  return b->paints > 0;
}

/* Waits for the next paint that starts after now. */
static double
wait_paint (Bench *b)
{
  guint before = b->paints;
  double t0 = bench_now_ms ();

  gtk_widget_queue_draw (b->window);
  while (b->paints == before && bench_now_ms () - t0 < 5000)
    bench_iterate (20);
  return b->last_paint;
}

static void
set_view_model (Bench      *b,
                GListModel *model)
{
  g_autoptr(GtkNoSelection) sel = NULL;

  if (b->model != NULL)
    g_signal_handlers_disconnect_by_func (b->model, on_items_changed, b);
  b->model = model;
  b->qm = model != NULL && KD_IS_QUERY_MODEL (model) ? KD_QUERY_MODEL (model) : NULL;
  if (model != NULL)
    {
      g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), b);
      sel = gtk_no_selection_new (g_object_ref (model));
    }
  gtk_column_view_set_model (b->view, GTK_SELECTION_MODEL (sel));
}

static gboolean
row_filled (GListModel *model,
            guint       position)
{
  g_autoptr(KdBenchRow) row = g_list_model_get_item (model, position);
  return row != NULL && kd_bench_row_is_filled (row);
}

/* The first VISIBLE rows hold data (asking for them is what binding them does anyway). */
static gboolean
top_filled (gpointer data)
{
  Bench *b = data;
  guint n = g_list_model_get_n_items (b->model);

  if (n == 0)
    return FALSE;
  for (guint i = 0; i < MIN (n, VISIBLE); i++)
    if (!row_filled (b->model, i))
      return FALSE;
  return TRUE;
}

static gboolean
model_idle (gpointer data)
{
  Bench *b = data;
  return !kd_query_model_get_loading (b->qm);
}

static void
print_line (const char *what,
            double      value,
            const char *unit,
            const char *note)
{
  printf ("  %-58s %10.3f %s%s%s\n", what, value, unit, note ? "  " : "", note ? note : "");
}

/* ---------------------------------------------------------------- KdQueryModel */

typedef struct {
  double first_draw_ms;       /* model set → first VISIBLE rows filled and painted */
  double snapshot_ms;         /* model set → snapshot applied */
  double get_p50_us, get_p99_us;
  double fill_p50_ms, fill_p99_ms;
  double search_p50_ms, search_p99_ms, search_max_ms;
  double shown_p50_ms, shown_p99_ms;
  double blocked_p50_ms, blocked_p99_ms;
  double frame_p50_ms, frame_p99_ms;  /* the longest frame (layout + paint) per keystroke */
  double clear_ms;            /* search back to "" (all rows): snapshot applied */
  double sort_ms;             /* set_sort("name") applied */
  double scroll_step_p50_ms, scroll_step_p99_ms;
  double scroll_rss_mib, scroll_heap_mib;
  double model_rss_mib, model_heap_mib;
  guint  max_cached;
} ModelResult;

static KdQueryModel *
show_query_model (Bench             *b,
                  KdStore           *store,
                  const KdQuerySpec *spec,
                  double            *first_draw,
                  double            *snapshot)
{
  KdQueryModel *qm;
  double t0 = bench_now_ms (), t_filled;
  guint changes;

  qm = kd_query_model_new (store, spec);
  b->changes = 0;
  set_view_model (b, G_LIST_MODEL (qm));
  changes = b->changes;
  if (!bench_wait (top_filled, b, 60000, NULL))
    g_error ("the first rows never filled");
  t_filled = bench_now_ms ();
  /* The paint that shows them is the first one that starts after they land. */
  {
    guint before = b->paints;
    /* Queued, or a list that changed nothing visible since (a snapshot
     * that only brought ids) would wait for a paint forever. */
    gtk_widget_queue_draw (b->window);
    while (b->paints == before || b->last_paint < t_filled)
      bench_iterate (20);
  }
  *first_draw = b->last_paint - t0;
  *snapshot = (b->changes > changes ? b->last_change : t_filled) - t0;
  g_object_unref (qm);  /* the view's selection holds it */
  return qm;
}

/* A long list shown from nothing, as a board filter or an unsearched
 * list opens: when its first rows are filled and painted, when its count
 * is known (n_items final, the scroll bar right), and when the snapshot of
 * every id is complete. */
typedef struct {
  double first_ms, count_ms, complete_ms;
  guint  n;
} BigList;

static void
time_big_list (Bench             *b,
               KdStore           *store,
               const KdQuerySpec *spec,
               const char        *search,
               BigList           *out)
{
  g_autoptr(KdQueryModel) qm = NULL;
  double t0, t_filled = 0;

  set_view_model (b, NULL);
  bench_spin (50);
  t0 = bench_now_ms ();
  qm = kd_query_model_new (store, spec);
  kd_query_model_set_search (qm, search);
  set_view_model (b, G_LIST_MODEL (qm));
  out->first_ms = out->count_ms = out->complete_ms = 0;
  while (out->complete_ms == 0 || out->first_ms == 0)
    {
      guint n = g_list_model_get_n_items (b->model);
      gboolean idle = !kd_query_model_get_loading (qm);

      bench_iterate (5);
      if (t_filled == 0 && top_filled (b))
        {
          t_filled = bench_now_ms ();
          gtk_widget_queue_draw (b->window);
        }
      if (t_filled > 0 && out->first_ms == 0 && b->last_paint > t_filled)
        out->first_ms = b->last_paint - t0;
      if (out->count_ms == 0 && (n > 256 || (idle && n > 0)))
        out->count_ms = bench_now_ms () - t0;
      if (out->complete_ms == 0 && idle && kd_query_model_get_n_known (qm) == n)
        out->complete_ms = bench_now_ms () - t0;
      if (bench_now_ms () - t0 > 60000)
        g_error ("the list never completed");
    }
  out->n = g_list_model_get_n_items (b->model);
  set_view_model (b, NULL);
}

typedef struct {
  Bench  *b;
  guint   changes;
} SearchWait;

static gboolean
snapshot_landed (gpointer data)
{
  SearchWait *w = data;
  return w->b->changes > w->changes || !kd_query_model_get_loading (w->b->qm);
}

/* One search (or sort) on the model: until the snapshot is applied, then until the rows are filled and painted. */
static void
time_change (Bench      *b,
             void      (*apply) (KdQueryModel *qm, const char *arg),
             const char *arg,
             double     *applied_ms,
             double     *shown_ms,
             double     *blocked_ms,
             double     *frame_ms)
{
  SearchWait w = { b, b->changes };
  double t0, t_call, max_busy = 0, t_applied;

  bench_max_frame = 0;

  t0 = bench_now_ms ();
  apply (b->qm, arg);
  t_call = bench_now_ms () - t0;
  if (!bench_wait (snapshot_landed, &w, 60000, &max_busy))
    g_error ("no snapshot for “%s”", arg);
  t_applied = b->changes > w.changes ? b->last_change : bench_now_ms ();
  *applied_ms = t_applied - t0;
  if (shown_ms != NULL)
    {
      double t_idle;

      if (!bench_wait (model_idle, b, 60000, &max_busy) ||
          (g_list_model_get_n_items (b->model) > 0 && !bench_wait (top_filled, b, 60000, &max_busy)))
        g_error ("rows for “%s” never filled", arg);
      t_idle = bench_now_ms ();
      gtk_widget_queue_draw (b->window);
      while (b->last_paint < t_idle)
        {
          guint paints = b->paints;
          double busy = bench_iterate (20);

          if (b->paints != paints)
            bench_max_frame = MAX (bench_max_frame, busy);
          else
            max_busy = MAX (max_busy, busy);
        }
      *shown_ms = b->last_paint - t0;
    }
  if (blocked_ms != NULL)
    *blocked_ms = t_call + max_busy;
  if (frame_ms != NULL)
    *frame_ms = bench_max_frame;
}

static void
apply_search (KdQueryModel *qm,
              const char   *text)
{
  kd_query_model_set_search (qm, text);
}

static void
apply_sort (KdQueryModel *qm,
            const char   *key)
{
  kd_query_model_set_sort (qm, key, FALSE);
}

static char **
make_queries (guint32 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  char **q = g_new0 (char *, N_QUERIES + 1);

  for (guint i = 0; i < N_QUERIES; i++)
    {
      const char *word = kd_bench_rows_word (g_rand_int_range (rand, 0, kd_bench_rows_n_words ()));
      guint len = MIN (strlen (word), (gsize) g_rand_int_range (rand, 3, 7));
      q[i] = g_strndup (word, len);
    }
  return q;
}

typedef struct {
  Bench *b;
  guint  position;
} ScrollWait;

static gboolean
scrolled_and_filled (gpointer data)
{
  ScrollWait *w = data;
  return !kd_query_model_get_loading (w->b->qm) && row_filled (w->b->model, w->position);
}

static void
search_runs (Bench        *b,
             char        **queries,
             ModelResult  *r)
{
  g_autoptr(GArray) applied = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) shown = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) blocked = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) frames = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; queries[i] != NULL; i++)
    {
      double a, s, bl, fr;

      time_change (b, apply_search, queries[i], &a, &s, &bl, &fr);
      g_array_append_val (frames, fr);
      g_array_append_val (applied, a);
      g_array_append_val (shown, s);
      g_array_append_val (blocked, bl);
    }
  r->search_p50_ms = bench_quantile (applied, 0.5);
  r->search_p99_ms = bench_quantile (applied, 0.99);
  r->search_max_ms = bench_max (applied);
  r->shown_p50_ms = bench_quantile (shown, 0.5);
  r->shown_p99_ms = bench_quantile (shown, 0.99);
  r->blocked_p50_ms = bench_quantile (blocked, 0.5);
  r->blocked_p99_ms = bench_quantile (blocked, 0.99);
  r->frame_p50_ms = bench_quantile (frames, 0.5);
  r->frame_p99_ms = bench_quantile (frames, 0.99);
}

static void
run_query_model (Bench       *b,
                 KdStore     *store,
                 guint32      seed,
                 char       **queries,
                 ModelResult *r)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GArray) first = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) snap = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) gets = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) fills = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) steps = g_array_new (FALSE, FALSE, sizeof (double));
  GtkAdjustment *vadj;
  double rss0, heap0, rss_top, heap_top, applied;
  guint n;

  /* GTK's first column view rows (fonts, glyph caches, CSS) before any
   * memory is counted, so that neither side pays for them. */
  {
    g_autoptr(GListStore) warm = g_list_store_new (KD_TYPE_BENCH_ROW);
    for (guint i = 0; i < 500; i++)
      {
        g_autoptr(KdBenchRow) row = kd_bench_row_new (i + 1, i, kd_bench_rows_word (i), "王伟", "杭州");
        g_list_store_append (warm, row);
      }
    set_view_model (b, G_LIST_MODEL (warm));
    wait_paint (b);
    gtk_widget_activate_action (b->list_view, "list.scroll-to-item", "u", 499);
    wait_paint (b);
    wait_paint (b);
  }

  /* First draw, five times over (a fresh model each time: a cold cache of rows, a warm file). */
  malloc_trim (0);
  rss0 = bench_rss_mib ();
  heap0 = bench_heap_mib ();
  for (guint rep = 0; rep < 5; rep++)
    {
      double fd, sn;

      set_view_model (b, NULL);
      bench_spin (50);
      show_query_model (b, store, kd_bench_rows_spec_substring (), &fd, &sn);
      g_array_append_val (first, fd);
      g_array_append_val (snap, sn);
      printf ("    first draw %u: %.1f ms (snapshot applied at %.1f ms)\n", rep + 1, fd, sn);
    }
  r->first_draw_ms = bench_quantile (first, 0.5);
  r->snapshot_ms = bench_quantile (snap, 0.5);
  r->model_rss_mib = bench_rss_mib () - rss0;
  r->model_heap_mib = bench_heap_mib () - heap0;
  n = g_list_model_get_n_items (b->model);

  /* get_item at random positions: the call itself, in batches of 50 as a frame would bind them. */
  for (guint i = 0; i < N_RANDOM_GETS; i++)
    {
      guint pos = g_rand_int_range (rand, 0, n);
      double t0 = bench_now_ms (), us;
      GObject *item = g_list_model_get_item (b->model, pos);

      us = (bench_now_ms () - t0) * 1000.0;
      g_object_unref (item);
      g_array_append_val (gets, us);
      if (i % 50 == 49)
        bench_wait (model_idle, b, 60000, NULL);
    }
  r->get_p50_us = bench_quantile (gets, 0.5);
  r->get_p99_us = bench_quantile (gets, 0.99);

  /* …and until such a row is filled. */
  for (guint i = 0; i < N_FILL_SAMPLES; i++)
    {
      guint pos = g_rand_int_range (rand, 0, n);
      double t0 = bench_now_ms (), ms;
      g_autoptr(KdBenchRow) row = g_list_model_get_item (b->model, pos);

      while (!kd_bench_row_is_filled (row))
        bench_iterate (20);
      ms = bench_now_ms () - t0;
      g_array_append_val (fills, ms);
    }
  r->fill_p50_ms = bench_quantile (fills, 0.5);
  r->fill_p99_ms = bench_quantile (fills, 0.99);
  r->max_cached = kd_query_model_get_n_cached (b->qm);

  /* Search keystrokes. */
  search_runs (b, queries, r);

  /* Clearing the search and sorting replace every position: measured
   * with the model off the view (the snapshot's own cost), because under
   * the view the KdQueryModel then fills every row (see run_storm()). */
  {
    g_autoptr(KdQueryModel) keep = g_object_ref (b->qm);

    set_view_model (b, NULL);
    set_view_model (b, G_LIST_MODEL (keep));
    gtk_column_view_set_model (b->view, NULL);
    time_change (b, apply_search, "", &r->clear_ms, NULL, NULL, NULL);
    bench_wait (model_idle, b, 60000, NULL);
    time_change (b, apply_sort, "name", &r->sort_ms, NULL, NULL, NULL);
    time_change (b, apply_sort, "key", &applied, NULL, NULL, NULL);
    bench_wait (model_idle, b, 60000, NULL);
    set_view_model (b, G_LIST_MODEL (keep));
    wait_paint (b);
    bench_wait (model_idle, b, 60000, NULL);
  }

  /* Scroll from top to bottom in N_SCROLL_STEPS jumps of n / N_SCROLL_STEPS rows. */
  vadj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (b->list_view));
  gtk_widget_activate_action (b->list_view, "list.scroll-to-item", "u", 0);
  wait_paint (b);
  bench_wait (model_idle, b, 60000, NULL);
  malloc_trim (0);
  rss_top = bench_rss_mib ();
  heap_top = bench_heap_mib ();
  for (guint s = 1; s <= N_SCROLL_STEPS; s++)
    {
      ScrollWait w = { b, (guint) ((guint64) (n - 1) * s / N_SCROLL_STEPS) };
      double t0 = bench_now_ms (), ms;

      gtk_widget_activate_action (b->list_view, "list.scroll-to-item", "u", w.position);
      wait_paint (b);
      if (!bench_wait (scrolled_and_filled, &w, 60000, NULL))
        g_error ("scrolling to %u never filled", w.position);
      {
        double t_filled = bench_now_ms ();
        gtk_widget_queue_draw (b->window);
        while (b->last_paint < t_filled)
          bench_iterate (20);
      }
      ms = b->last_paint - t0;
      g_array_append_val (steps, ms);
      r->max_cached = MAX (r->max_cached, kd_query_model_get_n_cached (b->qm));
      r->scroll_rss_mib = MAX (r->scroll_rss_mib, bench_rss_mib () - rss_top);
    }
  r->scroll_heap_mib = bench_heap_mib () - heap_top;
  r->scroll_step_p50_ms = bench_quantile (steps, 0.5);
  r->scroll_step_p99_ms = bench_quantile (steps, 0.99);
  printf ("    scrolled to %.0f of %.0f px (upper), %u cached rows at most\n",
          gtk_adjustment_get_value (vadj), gtk_adjustment_get_upper (vadj), r->max_cached);

  set_view_model (b, NULL);
}

/* ---------------------------------------------------------------- the baseline */

typedef struct {
  double load_ms;             /* read all rows + GListStore + first paint: all on the main thread */
  double rss_mib, heap_mib;
  double filter_p50_ms, filter_p99_ms;
  double clear_ms;
  double sort_ms;
} BaseResult;

static const char *needle;

static gboolean
base_filter (gpointer item,
             gpointer user_data)
{
  KdBenchRow *row = item;

  /* search_text as the SQL sees it: word, name and city. */
  return needle == NULL || *needle == '\0' ||
         strstr (kd_bench_row_get_word (row), needle) != NULL ||
         strstr (kd_bench_row_get_name (row), needle) != NULL ||
         strstr (kd_bench_row_get_city (row), needle) != NULL;
}

static int
base_compare_key (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  gint64 x = kd_bench_row_get_sort_key ((KdBenchRow *) a), y = kd_bench_row_get_sort_key ((KdBenchRow *) b);

  if (x != y)
    return x < y ? -1 : 1;
  x = kd_bench_row_get_id ((KdBenchRow *) a);
  y = kd_bench_row_get_id ((KdBenchRow *) b);
  return x < y ? -1 : x > y;
}

static int
base_compare_name (gconstpointer a,
                   gconstpointer b,
                   gpointer      user_data)
{
  int c = strcmp (kd_bench_row_get_name ((KdBenchRow *) a), kd_bench_row_get_name ((KdBenchRow *) b));

  return c != 0 ? (c < 0 ? -1 : 1) : base_compare_key (a, b, NULL);
}

static void
run_baseline (Bench      *b,
              KdStore    *store,
              char      **queries,
              BaseResult *r)
{
  g_autoptr(GArray) filters = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  GListStore *list;
  GtkCustomFilter *filter;
  GtkCustomSorter *sorter;
  GtkSortListModel *sorted;
  GtkFilterListModel *filtered;
  double rss0, heap0, t0;

  set_view_model (b, NULL);
  bench_spin (100);
  malloc_trim (0);
  rss0 = bench_rss_mib ();
  heap0 = bench_heap_mib ();

  /* The old shape: store → sort → filter → view, everything in memory. */
  t0 = bench_now_ms ();
  rows = kd_bench_rows_read_all (store, &error);
  g_assert_no_error (error);
  list = g_list_store_new (KD_TYPE_BENCH_ROW);
  g_list_store_splice (list, 0, 0, rows->pdata, rows->len);
  g_clear_pointer (&rows, g_ptr_array_unref);
  sorter = gtk_custom_sorter_new (base_compare_key, NULL, NULL);
  sorted = gtk_sort_list_model_new (G_LIST_MODEL (list), GTK_SORTER (sorter));
  filter = gtk_custom_filter_new (base_filter, NULL, NULL);
  filtered = gtk_filter_list_model_new (G_LIST_MODEL (sorted), g_object_ref (GTK_FILTER (filter)));
  set_view_model (b, G_LIST_MODEL (filtered));
  {
    double t_set = bench_now_ms ();
    while (b->last_paint < t_set)
      bench_iterate (20);
  }
  r->load_ms = b->last_paint - t0;
  r->rss_mib = bench_rss_mib () - rss0;
  r->heap_mib = bench_heap_mib () - heap0;

  /* A keystroke: the filter over every row, synchronously, then the paint. */
  for (guint i = 0; queries[i] != NULL; i++)
    {
      double t_done, ms;

      t0 = bench_now_ms ();
      needle = queries[i];
      gtk_filter_changed (GTK_FILTER (filter), GTK_FILTER_CHANGE_DIFFERENT);
      t_done = bench_now_ms ();
      while (b->last_paint < t_done)
        bench_iterate (20);
      ms = t_done - t0;
      g_array_append_val (filters, ms);
    }
  r->filter_p50_ms = bench_quantile (filters, 0.5);
  r->filter_p99_ms = bench_quantile (filters, 0.99);

  t0 = bench_now_ms ();
  needle = NULL;
  gtk_filter_changed (GTK_FILTER (filter), GTK_FILTER_CHANGE_LESS_STRICT);
  r->clear_ms = bench_now_ms () - t0;
  wait_paint (b);

  /* A sort by name over all rows. */
  t0 = bench_now_ms ();
  gtk_sort_list_model_set_sorter (sorted, GTK_SORTER (gtk_custom_sorter_new (base_compare_name, NULL, NULL)));
  r->sort_ms = bench_now_ms () - t0;
  g_object_unref (gtk_sort_list_model_get_sorter (sorted));  /* the model holds it */
  wait_paint (b);

  set_view_model (b, NULL);
  g_object_unref (filtered);
  g_object_unref (filter);
  bench_spin (50);
}

/* ---------------------------------------------------------------- the storm */

typedef struct {
  double applied_ms;    /* search cleared → snapshot applied */
  double cached_after_apply;
  double idle_ms;       /* → the model idle again, or the limit */
  double rss_mib;
  gboolean finished;
} Storm;

/* Under the view, a search that matched a few rows is cleared: every row comes back. */
static void
run_storm (Bench      *b,
           KdStore    *store,
           const char *query,
           double      limit_ms,
           Storm      *st)
{
  SearchWait w;
  double t0, rss0, s_, f_;

  set_view_model (b, NULL);
  show_query_model (b, store, kd_bench_rows_spec_substring (), &f_, &s_);
  time_change (b, apply_search, query, &s_, &f_, NULL, NULL);
  bench_wait (model_idle, b, 60000, NULL);
  malloc_trim (0);
  rss0 = bench_rss_mib ();
  w = (SearchWait) { b, b->changes };
  t0 = bench_now_ms ();
  kd_query_model_set_search (b->qm, "");
  bench_wait (snapshot_landed, &w, limit_ms, NULL);
  st->applied_ms = bench_now_ms () - t0;
  st->cached_after_apply = kd_query_model_get_n_cached (b->qm);
  st->finished = bench_wait (model_idle, b, limit_ms, NULL);
  st->idle_ms = bench_now_ms () - t0;
  st->rss_mib = bench_rss_mib () - rss0;
}

/* ---------------------------------------------------------------- main */

int
main (int    argc,
      char **argv)
{
  guint n_rows = 1000000;
  guint seed = 1;
  GOptionEntry entries[] = {
    { "rows", 0, 0, G_OPTION_ARG_INT, &n_rows, "Rows in the synthetic table", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "Seed of the data and the queries", "S" },
    { NULL }
  };
  g_autoptr(GOptionContext) options = g_option_context_new ("- KdQueryModel against a GListStore");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL, *path = NULL;
  g_auto(GStrv) queries = NULL;
  KdBenchPaging pg = { 0 };
  ModelResult mr = { 0 };
  ModelResult pr = { 0 };
  BaseResult br = { 0 };
  Storm storm = { 0 };
  BigList all_rows[3] = { { 0 } }, wide_rows[3] = { { 0 } };
  const char *wide_prefix = "s";
  Bench b = { 0 };
  KdStore *store;
  double t0;

  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (!gtk_init_check ())
    {
      g_printerr ("query-model-bench needs a display (run it under xvfb-run)\n");
      return 77;
    }
  setvbuf (stdout, NULL, _IOLBF, 0);
  bench_machine ();

  dir = g_dir_make_tmp ("kd-query-model-bench-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "bench.db", NULL);
  store = kd_store_open_full (path, KD_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  t0 = bench_now_ms ();
  if (!kd_bench_rows_create (store, n_rows, seed, &error))
    g_error ("%s", error->message);
  kd_store_checkpoint (store);   /* the fill's WAL copied back before anything is timed */
  printf ("table: %u rows written in %.0f ms (one write job)\n", n_rows, bench_now_ms () - t0);
  queries = make_queries (seed + 1);

  /* SQL level, on a reader connection. */
  if (!kd_bench_rows_paging (store, n_rows / 100 * 99, 21, &pg, &error))
    g_error ("%s", error->message);

  build_window (&b);
  bench_paint_count = &b.paints;
  g_signal_connect (gtk_widget_get_frame_clock (b.window), "after-paint", G_CALLBACK (on_after_paint), &b);
  if (!bench_wait (painted_once, &b, 10000, NULL))
    g_error ("the window never painted");
  wait_paint (&b);

  printf ("KdQueryModel, substring search (instr(search_text, ?), as the staff directory):\n");
  run_query_model (&b, store, seed + 2, queries, &mr);

  /* The same keystrokes with the search on an indexed prefix. */
  {
    double fd, sn;
    set_view_model (&b, NULL);
    show_query_model (&b, store, kd_bench_rows_spec_prefix (), &fd, &sn);
    search_runs (&b, queries, &pr);
    set_view_model (&b, NULL);
  }

  /* Long lists from nothing (issue 12's board over 1 000 000 orders):
   * every row, and an indexed filter that keeps a tenth or so. */
  for (guint rep = 0; rep < 3; rep++)
    {
      time_big_list (&b, store, kd_bench_rows_spec_substring (), NULL, &all_rows[rep]);
      time_big_list (&b, store, kd_bench_rows_spec_prefix (), wide_prefix, &wide_rows[rep]);
      printf ("    long list %u: all %u rows: first %.1f, count %.1f, complete %.1f ms; "
              "prefix “%s” %u rows: first %.1f, count %.1f, complete %.1f ms\n", rep + 1,
              all_rows[rep].n, all_rows[rep].first_ms, all_rows[rep].count_ms, all_rows[rep].complete_ms,
              wide_prefix, wide_rows[rep].n, wide_rows[rep].first_ms, wide_rows[rep].count_ms, wide_rows[rep].complete_ms);
    }

  printf ("baseline: GListStore of plain row objects, GtkSortListModel + GtkFilterListModel:\n");
  run_baseline (&b, store, queries, &br);

  printf ("storm: clearing a search under the view:\n");
  run_storm (&b, store, queries[0], 20000, &storm);

  printf ("\nquery-model-bench: %u rows, %u queries (prefixes of 3-6 letters of random words)\n", n_rows, N_QUERIES);
  printf ("SQL on a reader connection (medians of 21; page of 128 at position %u):\n",
          n_rows / 100 * 99);
  print_line ("snapshot: SELECT id ORDER BY sort_key, id (all ids)", pg.snapshot_ms, "ms", NULL);
  print_line ("keyset: WHERE (sort_key, id) > (?, ?) LIMIT 128", pg.keyset_ms, "ms", NULL);
  print_line ("OFFSET: LIMIT 128 OFFSET 990000", pg.offset_ms, "ms", NULL);
  print_line ("OFFSET: LIMIT 128 OFFSET 1000 (for scale)", pg.offset_small_ms, "ms", NULL);
  print_line ("snapshot page: WHERE id IN (128 ids)", pg.in_ms, "ms", NULL);
  printf ("KdQueryModel under a GtkColumnView (3 text columns):\n");
  print_line ("first draw: model set -> first rows filled and painted", mr.first_draw_ms, "ms", "(target < 100)");
  print_line ("  of which snapshot applied", mr.snapshot_ms, "ms", NULL);
  print_line ("get_item at a random position, p50", mr.get_p50_us, "us", NULL);
  print_line ("get_item at a random position, p99", mr.get_p99_us, "us", "(target < 2000)");
  print_line ("random row: get_item -> filled, p50", mr.fill_p50_ms, "ms", NULL);
  print_line ("random row: get_item -> filled, p99", mr.fill_p99_ms, "ms", NULL);
  print_line ("search keystroke -> snapshot applied, p50", mr.search_p50_ms, "ms", NULL);
  print_line ("search keystroke -> snapshot applied, p99", mr.search_p99_ms, "ms", "(target < 30)");
  print_line ("search keystroke -> rows filled and painted, p50", mr.shown_p50_ms, "ms", NULL);
  print_line ("search keystroke -> rows filled and painted, p99", mr.shown_p99_ms, "ms", NULL);
  print_line ("keystroke: main thread busy outside frames, p50", mr.blocked_p50_ms, "ms", NULL);
  print_line ("keystroke: main thread busy outside frames, p99", mr.blocked_p99_ms, "ms", NULL);
  print_line ("keystroke: longest frame (GTK layout + paint), p50", mr.frame_p50_ms, "ms", NULL);
  print_line ("keystroke: longest frame (GTK layout + paint), p99", mr.frame_p99_ms, "ms", NULL);
  {
    g_autoptr(GArray) v = g_array_new (FALSE, FALSE, sizeof (double));
    struct { const char *what; BigList *l; gsize off; } lines[] = {
      { "all rows from nothing: first rows filled and painted", all_rows, G_STRUCT_OFFSET (BigList, first_ms) },
      { "all rows from nothing: count known (n_items final)", all_rows, G_STRUCT_OFFSET (BigList, count_ms) },
      { "all rows from nothing: snapshot of every id complete", all_rows, G_STRUCT_OFFSET (BigList, complete_ms) },
      { "indexed filter (prefix \"s\"): first rows filled, painted", wide_rows, G_STRUCT_OFFSET (BigList, first_ms) },
      { "indexed filter (prefix \"s\"): count known", wide_rows, G_STRUCT_OFFSET (BigList, count_ms) },
      { "indexed filter (prefix \"s\"): snapshot complete", wide_rows, G_STRUCT_OFFSET (BigList, complete_ms) },
    };

    for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
      {
        g_array_set_size (v, 0);
        for (guint rep = 0; rep < 3; rep++)
          g_array_append_val (v, G_STRUCT_MEMBER (double, &lines[i].l[rep], lines[i].off));
        print_line (lines[i].what, bench_quantile (v, 0.5), "ms", "(median of 3)");
      }
    printf ("  %-58s %10u rows\n", "rows matching the indexed filter", wide_rows[0].n);
  }
  print_line ("prefix search on indexed word -> snapshot applied, p50", pr.search_p50_ms, "ms", NULL);
  print_line ("prefix search on indexed word -> snapshot applied, p99", pr.search_p99_ms, "ms", "(target < 30)");
  print_line ("clear the search (all rows again) -> applied, off the view", mr.clear_ms, "ms", NULL);
  print_line ("sort by name (no index) -> applied, off the view", mr.sort_ms, "ms", NULL);
  print_line ("scroll top to bottom: one jump -> filled and painted, p50", mr.scroll_step_p50_ms, "ms", NULL);
  print_line ("scroll top to bottom: one jump -> filled and painted, p99", mr.scroll_step_p99_ms, "ms", NULL);
  print_line ("scroll top to bottom: RSS growth (max)", mr.scroll_rss_mib, "MiB", "(target < 20)");
  print_line ("scroll top to bottom: heap growth", mr.scroll_heap_mib, "MiB", NULL);
  print_line ("model loaded and shown: RSS growth", mr.model_rss_mib, "MiB", NULL);
  print_line ("model loaded and shown: heap growth", mr.model_heap_mib, "MiB", NULL);
  printf ("  %-58s %10u rows\n", "row objects cached at most", mr.max_cached);
  printf ("baseline (GListStore, everything on the main thread):\n");
  print_line ("load: read all rows + GListStore + first paint", br.load_ms, "ms", NULL);
  print_line ("load: RSS growth", br.rss_mib, "MiB", NULL);
  print_line ("load: heap growth", br.heap_mib, "MiB", NULL);
  print_line ("filter keystroke (GtkCustomFilter over all rows), p50", br.filter_p50_ms, "ms", NULL);
  print_line ("filter keystroke (GtkCustomFilter over all rows), p99", br.filter_p99_ms, "ms", NULL);
  print_line ("clear the filter", br.clear_ms, "ms", NULL);
  print_line ("sort by name (GtkSortListModel)", br.sort_ms, "ms", NULL);
  printf ("ratios (baseline / KdQueryModel; > 1: the model is better):\n");
  print_line ("first draw", br.load_ms / mr.first_draw_ms, "x", NULL);
  print_line ("memory (RSS growth when shown)", br.rss_mib / MAX (mr.model_rss_mib, 0.1), "x", NULL);
  print_line ("keystroke p50 (filter vs snapshot applied)", br.filter_p50_ms / mr.search_p50_ms, "x", NULL);
  print_line ("keystroke p99", br.filter_p99_ms / mr.search_p99_ms, "x", NULL);
  print_line ("keystroke p99, main thread blocked (outside frames)", br.filter_p99_ms / MAX (mr.blocked_p99_ms, 0.001), "x", NULL);
  print_line ("sort by name", br.sort_ms / mr.sort_ms, "x", NULL);

  printf ("storm: a search cleared under the view (“%s” → all rows):\n", queries[0]);
  print_line ("cleared -> snapshot applied", storm.applied_ms, "ms", NULL);
  printf ("  %-58s %10.0f rows\n", "row objects cached right after the snapshot applied", storm.cached_after_apply);
  print_line (storm.finished ? "cleared -> model idle again" : "cleared -> model still loading at the limit", storm.idle_ms, "ms", NULL);
  print_line ("RSS growth meanwhile", storm.rss_mib, "MiB", NULL);
  fflush (stdout);
  if (!storm.finished)
    {
      /* Thousands of page reads are still queued; do not wait for them. */
      g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);
      if (system (cmd) != 0)
        g_printerr ("could not remove %s\n", dir);
      _exit (0);
    }

  gtk_window_destroy (GTK_WINDOW (b.window));
  bench_spin (100);
  kd_store_close (store);
  g_object_unref (store);
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
