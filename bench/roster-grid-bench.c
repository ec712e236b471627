/* roster-grid-bench.c: the roster grid at 60 staff × 31 days — one edit, the rules re-checked and the grid redrawn — against a grid of one label per cell.
 *
 * usage: roster-grid-bench [--edits N] [--no-baseline]   (under Xvfb, GSK_RENDERER=cairo)
 * Per edit: the cell set in the sheet, every rule re-checked by the shared
 * evaluator (kd_roster_sheet_check), then one frame: its work from the
 * frame clock's before-paint to after-paint (GTK's snapshot and render).
 * The baseline, measured in the same run: a GtkGrid of 1 860 GtkLabels
 * (plus names and totals) updated after the same check, the way a grid
 * built from widgets must: the edited cell, every cell's "broken" class,
 * the totals. Target: check + frame < 16 ms. */
#include <adwaita.h>

#include "bench-util.h"
#include "kd-roster-grid.h"
#include "kd-roster-sheet.h"

#define PERSONS 60
#define YEAR    2026
#define MONTH   12

static double frame_start, frame_end, frame_end_cpu;

/* The main thread's own CPU time: its work, without the time the
 * scheduler gives the other programs on the machine. */
static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}
static guint frames;

static void
on_before_paint (GdkFrameClock *clock, gpointer data)
{
  frame_start = bench_now_ms ();
}

static void
on_after_paint (GdkFrameClock *clock, gpointer data)
{
  frame_end = bench_now_ms ();
  frame_end_cpu = cpu_ms ();
  frames++;
}

static KdRosterSheet *
make_sheet (void)
{
  KdRosterMonth *mo = kd_roster_month_new (YEAR, MONTH);
  KdShiftTemplate *t;
  g_autoptr(GError) error = NULL;
  KdRosterSheet *s;

  t = kd_shift_template_new ("D", "白班", "#f6d32d", 480, 540, 12, FALSE);
  t->id = 1;
  g_ptr_array_add (mo->templates, t);
  t = kd_shift_template_new ("N", "晚班", "#613583", 1020, 480, 12, TRUE);
  t->id = 2;
  g_ptr_array_add (mo->templates, t);
  t = kd_shift_template_new ("R", "常班", "#33d17a", 540, 540, 12, FALSE);
  t->id = 3;
  g_ptr_array_add (mo->templates, t);
  for (int p = 0; p < PERSONS; p++)
    {
      g_autofree char *job = g_strdup_printf ("%d", p + 1);
      g_autofree char *name = g_strdup_printf ("客服%02d", p + 1);
      KdStaff *st = kd_staff_new (job, name, KD_ROLE_PRESALE, "");

      kd_staff_set_id (st, p + 1);
      g_ptr_array_add (mo->staff, st);
      /* Last month's tail, so the boundary rules have work. */
      for (int d = 18; d <= 30; d++)
        {
          KdRosterAssignment a = { p + 1, { 0 }, (p + d) % 7 < 5 ? (p % 3) + 1 : 0, FALSE };
          g_date_clear (&a.day, 1);
          g_date_set_dmy (&a.day, d, 11, YEAR);
          g_array_append_val (mo->assignments, a);
        }
    }
  s = kd_roster_sheet_new (mo, &error);
  if (s == NULL)
    g_error ("%s", error->message);
  for (int p = 0; p < PERSONS; p++)
    for (int d = 0; d < s->n_days; d++)
      kd_roster_sheet_set (s, p, d, (p + d + 31) % 7 < 5 ? p % 3 : KD_ROSTER_OFF);
  kd_roster_sheet_check (s);
  return s;
}

static GtkWidget *
make_window (GtkWidget *child)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *sw = gtk_scrolled_window_new ();

  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (sw), child);
  gtk_window_set_child (GTK_WINDOW (window), sw);
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 950);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

/* Waits for the next frame after now; returns its work (before-paint → after-paint). */
static double
next_frame (GtkWidget *window)
{
  guint before = frames;
  double deadline = bench_now_ms () + 5000;

  while (frames == before && bench_now_ms () < deadline)
    g_main_context_iteration (NULL, TRUE);
  if (frames == before)
    g_error ("no frame painted");
  return frame_end - frame_start;
}

static void
watch_frames (GtkWidget *window)
{
  GdkFrameClock *clock = NULL;
  double deadline = bench_now_ms () + 10000;

  while ((clock = gtk_widget_get_frame_clock (window)) == NULL && bench_now_ms () < deadline)
    g_main_context_iteration (NULL, FALSE);
  if (clock == NULL)
    g_error ("no frame clock");
  g_signal_connect (clock, "before-paint", G_CALLBACK (on_before_paint), NULL);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), NULL);
}

static void
unwatch_frames (GtkWidget *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  g_signal_handlers_disconnect_by_func (clock, on_before_paint, NULL);
  g_signal_handlers_disconnect_by_func (clock, on_after_paint, NULL);
}

typedef struct {
  GArray *check, *frame, *total, *cpu;
  double  first_paint;
  double  snap_p50, draw_p50;   /* the whole grid: building its nodes; cairo drawing them */
} Run;

static void
run_init (Run *r)
{
  r->check = g_array_new (FALSE, FALSE, sizeof (double));
  r->frame = g_array_new (FALSE, FALSE, sizeof (double));
  r->total = g_array_new (FALSE, FALSE, sizeof (double));
  r->cpu = g_array_new (FALSE, FALSE, sizeof (double));
}

static void
run_add (Run *r, double check, double frame, double cpu)
{
  double total = check + frame;

  g_array_append_val (r->cpu, cpu);
  g_array_append_val (r->check, check);
  g_array_append_val (r->frame, frame);
  g_array_append_val (r->total, total);
}

/* The same edits in both runs. */
static void
edit_of (int i, const KdRosterSheet *s, int *p, int *d, int *v)
{
  guint32 x = (guint32) i * 2654435761u + 12345;

  *p = (int) (x % PERSONS);
  *d = (int) ((x >> 8) % s->n_days);
  *v = (int) ((x >> 16) % 4) - 1;   /* off, D, N, R */
}

/* The grid as shipped. */
static void
bench_drawn (Run *r, int edits)
{
  g_autoptr(KdRosterSheet) sheet = make_sheet ();
  GtkWidget *grid = kd_roster_grid_new ();
  GtkWidget *window;
  double t0 = bench_now_ms ();

  kd_roster_grid_set_sheet (KD_ROSTER_GRID (grid), sheet);
  window = make_window (grid);
  watch_frames (window);
  next_frame (window);
  r->first_paint = bench_now_ms () - t0;
  for (int i = 0; i < edits; i++)
    {
      int p, d, v;
      double c0, u0, check, frame;

      edit_of (i, sheet, &p, &d, &v);
      c0 = bench_now_ms ();
      u0 = cpu_ms ();
      kd_roster_sheet_set (sheet, p, d, v);
      kd_roster_sheet_check (sheet);
      kd_roster_grid_refresh (KD_ROSTER_GRID (grid));
      check = bench_now_ms () - c0;
      frame = next_frame (window);
      run_add (r, check, frame, frame_end_cpu - u0);
    }
  /* Where a frame's time goes: the painter's nodes, then cairo drawing them. */
  {
    g_autoptr(GArray) snap = g_array_new (FALSE, FALSE, sizeof (double));
    g_autoptr(GArray) draw = g_array_new (FALSE, FALSE, sizeof (double));
    int w = gtk_widget_get_width (grid), h = gtk_widget_get_height (grid);
    cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);

    for (int i = 0; i < 30; i++)
      {
        GtkSnapshot *snapshot = gtk_snapshot_new ();
        GskRenderNode *node;
        cairo_t *cr = cairo_create (surface);
        double a = bench_now_ms (), b, c;

        GTK_WIDGET_GET_CLASS (grid)->snapshot (grid, snapshot);
        node = gtk_snapshot_free_to_node (snapshot);
        b = bench_now_ms () - a;
        a = bench_now_ms ();
        gsk_render_node_draw (node, cr);
        c = bench_now_ms () - a;
        g_array_append_val (snap, b);
        g_array_append_val (draw, c);
        cairo_destroy (cr);
        gsk_render_node_unref (node);
      }
    cairo_surface_destroy (surface);
    r->snap_p50 = bench_quantile (snap, 0.5);
    r->draw_p50 = bench_quantile (draw, 0.5);
  }
  unwatch_frames (window);
  kd_roster_grid_set_sheet (KD_ROSTER_GRID (grid), NULL);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* One widget per cell. */
typedef struct {
  GtkWidget *cells[PERSONS][31];
  GtkWidget *totals[PERSONS][3];
} Labels;

static const char *const value_class[] = { "off", "s0", "s1", "s2" };

static void
label_set_value (GtkWidget *label, const KdRosterSheet *s, int v)
{
  for (guint k = 0; k < G_N_ELEMENTS (value_class); k++)
    gtk_widget_remove_css_class (label, value_class[k]);
  gtk_widget_add_css_class (label, value_class[v + 1]);
  gtk_label_set_text (GTK_LABEL (label), v >= 0 ? s->model->shifts[v].code : "–");
}

static void
labels_sync (Labels *l, const KdRosterSheet *s)
{
  for (int p = 0; p < PERSONS; p++)
    {
      for (int d = 0; d < s->n_days; d++)
        {
          if (s->flags[p * s->n_days + d] & KD_SHEET_VIOLATION)
            gtk_widget_add_css_class (l->cells[p][d], "bad");
          else
            gtk_widget_remove_css_class (l->cells[p][d], "bad");
        }
      for (int k = 0; k < 3; k++)
        {
          char buf[16];
          g_snprintf (buf, sizeof buf, "%d", k == 0 ? s->days[p] : k == 1 ? s->nights[p] : s->minutes[p] / 60);
          gtk_label_set_text (GTK_LABEL (l->totals[p][k]), buf);
        }
    }
}

static void
bench_labels (Run *r, int edits)
{
  g_autoptr(KdRosterSheet) sheet = make_sheet ();
  g_autofree Labels *l = g_new0 (Labels, 1);
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *window;
  double t0 = bench_now_ms ();

  for (int d = 0; d < sheet->n_days; d++)
    {
      char buf[8];
      g_snprintf (buf, sizeof buf, "%d", d + 1);
      gtk_grid_attach (GTK_GRID (grid), gtk_label_new (buf), d + 1, 0, 1, 1);
    }
  for (int p = 0; p < PERSONS; p++)
    {
      gtk_grid_attach (GTK_GRID (grid), gtk_label_new (sheet->model->persons[p].name), 0, p + 1, 1, 1);
      for (int d = 0; d < sheet->n_days; d++)
        {
          GtkWidget *cell = gtk_label_new (NULL);
          gtk_widget_set_size_request (cell, 28, 24);
          label_set_value (cell, sheet, kd_roster_sheet_get (sheet, p, d));
          l->cells[p][d] = cell;
          gtk_grid_attach (GTK_GRID (grid), cell, d + 1, p + 1, 1, 1);
        }
      for (int k = 0; k < 3; k++)
        {
          l->totals[p][k] = gtk_label_new (NULL);
          gtk_grid_attach (GTK_GRID (grid), l->totals[p][k], sheet->n_days + 1 + k, p + 1, 1, 1);
        }
    }
  labels_sync (l, sheet);
  window = make_window (grid);
  watch_frames (window);
  next_frame (window);
  r->first_paint = bench_now_ms () - t0;
  for (int i = 0; i < edits; i++)
    {
      int p, d, v;
      double c0, u0, check, frame;

      edit_of (i, sheet, &p, &d, &v);
      c0 = bench_now_ms ();
      u0 = cpu_ms ();
      kd_roster_sheet_set (sheet, p, d, v);
      kd_roster_sheet_check (sheet);
      label_set_value (l->cells[p][d], sheet, v);
      labels_sync (l, sheet);
      check = bench_now_ms () - c0;
      frame = next_frame (window);
      run_add (r, check, frame, frame_end_cpu - u0);
    }
  unwatch_frames (window);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
print_row (const char *what, double value, const char *unit, const char *note)
{
  g_print ("  %-58s %10.3f %s%s\n", what, value, unit, note ? note : "");
}

static void
print_run (const char *title, Run *r)
{
  g_print ("%s\n", title);
  print_row ("first paint (create, lay out, draw)", r->first_paint, "ms", NULL);
  print_row ("edit: re-check + widget updates, p50", bench_quantile (r->check, 0.5), "ms", NULL);
  print_row ("edit: re-check + widget updates, p99", bench_quantile (r->check, 0.99), "ms", NULL);
  print_row ("edit: frame (snapshot + render), p50", bench_quantile (r->frame, 0.5), "ms", NULL);
  print_row ("edit: frame (snapshot + render), p99", bench_quantile (r->frame, 0.99), "ms", NULL);
  print_row ("edit: total, p50", bench_quantile (r->total, 0.5), "ms", NULL);
  print_row ("edit: total, p99", bench_quantile (r->total, 0.99), "ms", "  (target < 16)");
  print_row ("edit: total, max", bench_max (r->total), "ms", NULL);
  print_row ("edit: main thread CPU time (check + frame), p50", bench_quantile (r->cpu, 0.5), "ms", NULL);
  print_row ("edit: main thread CPU time (check + frame), p99", bench_quantile (r->cpu, 0.99), "ms", "  (target < 16)");
  if (r->snap_p50 > 0)
    {
      print_row ("whole grid: snapshot (unchanged parts reused), p50", r->snap_p50, "ms", NULL);
      print_row ("whole grid drawn by cairo from scratch, p50", r->draw_p50, "ms", NULL);
    }
}

int
main (int argc, char **argv)
{
  int edits = 200;
  gboolean no_baseline = FALSE;
  GOptionEntry entries[] = {
    { "edits", 0, 0, G_OPTION_ARG_INT, &edits, "Edits per run (200)", "N" },
    { "no-baseline", 0, 0, G_OPTION_ARG_NONE, &no_baseline, "Only the drawn grid (for profiling)", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) octx = g_option_context_new (NULL);
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();
  Run drawn = { 0 }, labels = { 0 };

  g_option_context_add_main_entries (octx, entries, NULL);
  if (!g_option_context_parse (octx, &argc, &argv, NULL) || edits < 1)
    return 2;
  setvbuf (stdout, NULL, _IOLBF, 0);
  if (!gtk_init_check ())
    {
      g_printerr ("roster-grid-bench: no display (run it under xvfb-run)\n");
      return 77;
    }
  adw_init ();
  gtk_css_provider_load_from_data (css,
                                   "label.s0 { background: alpha(#f6d32d, 0.5); }"
                                   "label.s1 { background: alpha(#613583, 0.5); }"
                                   "label.s2 { background: alpha(#33d17a, 0.5); }"
                                   "label.bad { box-shadow: inset 0 0 0 2px #e01b24; }", -1);
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  run_init (&drawn);
  run_init (&labels);

  g_print ("roster-grid-bench: %d staff × 31 days, %d edits each, renderer %s\n", PERSONS, edits,
           g_getenv ("GSK_RENDERER") ? g_getenv ("GSK_RENDERER") : "default");
  bench_drawn (&drawn, edits);
  print_run ("KdRosterGrid (parts cached; under cairo, each part one pre-drawn image):", &drawn);
  if (no_baseline)
    return 0;
  bench_labels (&labels, edits);
  print_run ("baseline: GtkGrid of one GtkLabel per cell, same check:", &labels);

  g_print ("ratios (baseline / KdRosterGrid; > 1: the drawn grid is better):\n");
  print_row ("edit total, p50", bench_quantile (labels.total, 0.5) / bench_quantile (drawn.total, 0.5), "x", NULL);
  print_row ("edit total, p99", bench_quantile (labels.total, 0.99) / bench_quantile (drawn.total, 0.99), "x", NULL);
  print_row ("edit main-thread CPU, p50", bench_quantile (labels.cpu, 0.5) / bench_quantile (drawn.cpu, 0.5), "x", NULL);
  print_row ("edit main-thread CPU, p99", bench_quantile (labels.cpu, 0.99) / bench_quantile (drawn.cpu, 0.99), "x", NULL);
  print_row ("first paint", labels.first_paint / drawn.first_paint, "x", NULL);
  g_print ("target: KdRosterGrid edit < 16 ms: CPU p99 %s, wall p50 %s, wall p99 %s\n",
           bench_quantile (drawn.cpu, 0.99) < 16 ? "met" : "MISSED",
           bench_quantile (drawn.total, 0.5) < 16 ? "met" : "MISSED",
           bench_quantile (drawn.total, 0.99) < 16 ? "met" : "MISSED");
  return 0;
}
