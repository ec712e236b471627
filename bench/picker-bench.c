/* picker-bench.c: opening the quick picker on a 10 000-phrase library, against a window that lists the same phrases from a GListStore.
 *
 * usage: picker-bench [--phrases N]   (under Xvfb; GSETTINGS_SCHEMA_DIR=build-rel/data)
 * Time: kd_phrase_picker_new + present → the first rows filled and painted. */
#include <adwaita.h>
#include <glib/gstdio.h>

#include "bench-util.h"
#include "kd-context.h"
#include "kd-phrase-picker.h"
#include "kd-phrase-service.h"
#include "kd-phrase.h"

static guint paints;
static double last_paint;

static void
on_after_paint (GdkFrameClock *clock, gpointer data)
{
  paints++;
  last_paint = bench_now_ms ();
}

static void
iterate (guint ms)
{
  double end = bench_now_ms () + ms;
  while (bench_now_ms () < end)
    g_main_context_iteration (NULL, FALSE);
}

/* Waits for the paint that follows @t (the first one after the rows land). */
static double
paint_after (GtkWidget *window, double t)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  double deadline = bench_now_ms () + 10000;

  while (clock == NULL && bench_now_ms () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      clock = gtk_widget_get_frame_clock (window);
    }
  if (clock == NULL)
    g_error ("no frame clock");
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), NULL);
  gtk_widget_queue_draw (window);
  while ((last_paint < t) && bench_now_ms () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handlers_disconnect_by_func (clock, on_after_paint, NULL);
  return last_paint;
}

static gboolean
first_rows_filled (GListModel *model)
{
  guint n = MIN (g_list_model_get_n_items (model), 8);

  if (n == 0)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KdPhrase) p = g_list_model_get_item (model, i);
      if (*kd_phrase_get_body (p) == '\0')
        return FALSE;
    }
  return TRUE;
}

static void
write_library (const char *path, guint n)
{
  g_autoptr(GString) csv = g_string_new ("\xEF\xBB\xBFgroup,shortcut,title,body\r\n");
  static const char *groups[] = { "问候", "发货与物流", "七天无理由退换", "催付", "致歉" };
  static const char *words[] = { "退货", "发货", "顺丰", "尺码", "色差", "包邮", "优惠", "正品", "付款", "售后" };

  for (guint i = 0; i < n; i++)
    g_string_append_printf (csv, "%s,b%u,%s说明%u,\"亲，关于%s的问题：第%u条回复，%s{agent}为您处理~\"\r\n",
                            groups[i % G_N_ELEMENTS (groups)], i, words[i % 10], i, words[(i / 10) % 10], i,
                            words[(i / 100) % 10]);
  if (!g_file_set_contents (path, csv->str, (gssize) csv->len, NULL))
    g_error ("cannot write %s", path);
}

int
main (int argc, char **argv)
{
  int n_phrases = 10000;
  GOptionEntry entries[] = {
    { "phrases", 0, 0, G_OPTION_ARG_INT, &n_phrases, "Library size", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) options = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kd-picker-bench-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "bench.db", NULL);
  g_autofree char *csv = g_build_filename (dir, "library.csv", NULL);
  g_autoptr(GArray) opens = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) base = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GSettings) settings = NULL;
  KdStore *store;
  KdContext *context;
  KdPhraseImportCounts counts = { 0 };

  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    g_error ("%s", error->message);
  gtk_init ();
  adw_init ();

  store = kd_store_open_full (db, KD_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  write_library (csv, (guint) n_phrases);
  context = kd_context_new (store, settings = g_settings_new (APP_ID));
  if (!kd_phrase_service_import (kd_context_get_phrase_service (context), csv, &counts, &error))
    g_error ("%s", error->message);
  printf ("picker-bench: %u phrases imported (+ the starter library)\n", counts.added);

  for (guint rep = 0; rep < 7; rep++)
    {
      double t0 = bench_now_ms (), t_filled, t_paint, ms;
      KdPhrasePicker *picker = kd_phrase_picker_new (context);
      GListModel *model = _kd_phrase_picker_get_visible_model (picker);

      gtk_window_present (GTK_WINDOW (picker));
      while (!first_rows_filled (model))
        g_main_context_iteration (NULL, TRUE);
      t_filled = bench_now_ms ();
      t_paint = paint_after (GTK_WIDGET (picker), t_filled);
      ms = t_paint - t0;
      g_array_append_val (opens, ms);
      gtk_window_destroy (GTK_WINDOW (picker));
      iterate (100);
    }

  /* Baseline: every phrase read into a GListStore, then the same window
   * content (a list view over it) shown. */
  for (guint rep = 0; rep < 7; rep++)
    {
      double t0 = bench_now_ms (), ms;
      g_autoptr(GPtrArray) all = kd_phrase_service_search (kd_context_get_phrase_service (context), "", 0, NULL);
      GListStore *list = g_list_store_new (KD_TYPE_PHRASE);
      GtkWidget *window = gtk_window_new ();
      GtkWidget *scrolled = gtk_scrolled_window_new ();
      static const char row_ui[] =
        "<?xml version=\"1.0\"?><interface><template class=\"GtkListItem\"><property name=\"child\">"
        "<object class=\"GtkLabel\"><binding name=\"label\"><lookup name=\"body\" type=\"KdPhrase\">"
        "<lookup name=\"item\">GtkListItem</lookup></lookup></binding></object></property></template></interface>";
      g_autoptr(GBytes) bytes = g_bytes_new_static (row_ui, sizeof row_ui - 1);
      GtkListItemFactory *factory = gtk_builder_list_item_factory_new_from_bytes (NULL, bytes);
      GtkWidget *view;

      for (guint i = 0; all != NULL && i < all->len; i++)
        g_list_store_append (list, g_ptr_array_index (all, i));
      view = gtk_list_view_new (GTK_SELECTION_MODEL (gtk_single_selection_new (G_LIST_MODEL (list))), factory);
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
      gtk_window_set_child (GTK_WINDOW (window), scrolled);
      gtk_window_set_default_size (GTK_WINDOW (window), 520, 460);
      gtk_window_present (GTK_WINDOW (window));
      ms = paint_after (window, bench_now_ms ()) - t0;
      g_array_append_val (base, ms);
      gtk_window_destroy (GTK_WINDOW (window));
      iterate (100);
    }

  printf ("  open the picker -> first rows filled and painted, p50 %10.3f ms\n", bench_quantile (opens, 0.5));
  printf ("  open the picker -> first rows filled and painted, max %10.3f ms  (target < 200)\n", bench_max (opens));
  printf ("  baseline: read every phrase + list + paint, p50      %10.3f ms\n", bench_quantile (base, 0.5));
  printf ("  ratio (baseline / picker, p50)                        %10.3f x\n",
          bench_quantile (base, 0.5) / bench_quantile (opens, 0.5));

  g_object_unref (context);
  kd_store_close (store);
  g_object_unref (store);
  return 0;
}
