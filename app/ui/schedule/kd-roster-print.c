/* kd-roster-print.c: print and PDF of the month roster — a title, a legend, then the grid as on screen, scaled to the page. */
#include "kd-roster-print.h"
#include "kd-roster-paint.h"

#include <glib/gi18n.h>
#include <pango/pangocairo.h>

typedef struct {
  const KdRosterSheet *sheet;
  char                *title;
  KdRosterPaint       *paint;
  int                  rows_per_page;
} PrintJob;

static void
print_job_free (gpointer data)
{
  PrintJob *job = data;

  g_clear_pointer (&job->paint, kd_roster_paint_free);
  g_free (job->title);
  g_free (job);
}

static void
on_begin_print (GtkPrintOperation *op,
                GtkPrintContext   *context,
                PrintJob          *job)
{
  PangoContext *pango = gtk_print_context_create_pango_context (context);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("Sans 9");
  int P = job->sheet->n_persons;

  pango_context_set_font_description (pango, font);
  /* Paper is light whatever the desktop's style. */
  job->paint = kd_roster_paint_new (pango, FALSE);
  g_object_unref (pango);
  kd_roster_paint_set_sheet (job->paint, job->sheet);
  job->rows_per_page = MAX (1, MIN (P, KD_ROSTER_PRINT_ROWS_PER_PAGE));
  gtk_print_operation_set_n_pages (op, MAX (1, (P + KD_ROSTER_PRINT_ROWS_PER_PAGE - 1) / KD_ROSTER_PRINT_ROWS_PER_PAGE));
}

static PangoLayout *
layout (PangoContext *context,
        const char   *text,
        const char   *font,
        double        width)
{
  PangoLayout *l = pango_layout_new (context);
  g_autoptr(PangoFontDescription) desc = pango_font_description_from_string (font);

  pango_layout_set_font_description (l, desc);
  pango_layout_set_text (l, text, -1);
  pango_layout_set_width (l, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (l, PANGO_WRAP_WORD_CHAR);
  return l;
}

/* "D 白班 08:00–17:00 · …", then the month's special days. */
static char *
legend_text (const KdRosterSheet *sheet)
{
  GString *s = g_string_new (NULL);

  for (int k = 0; k < sheet->n_shifts; k++)
    {
      const KdRosterShift *sh = &sheet->model->shifts[k];
      int end = (sh->start_minute + sh->length) % (24 * 60);

      g_string_append_printf (s, "%s%s %s %02d:%02d–%02d:%02d", k > 0 ? "   " : "", sh->code, sh->name,
                              sh->start_minute / 60, sh->start_minute % 60, end / 60, end % 60);
    }
  g_string_append_printf (s, "   %s %s   %s %s", C_("roster cell: a day off", "–"), _("Day off"),
                          C_("roster cell: on leave", "L"), _("On leave"));
  for (guint i = 0; i < sheet->month->special_days->len; i++)
    {
      const KdSpecialDay *sd = g_ptr_array_index (sheet->month->special_days, i);
      g_string_append_printf (s, "   %d/%d %s", g_date_get_month (&sd->day), g_date_get_day (&sd->day), sd->name);
    }
  if (sheet->score->hard_count > 0)
    g_string_append_printf (s, "   %s",
                            g_dngettext (GETTEXT_PACKAGE, "%d rule broken (marked red)", "%d rules broken (marked red)",
                                         sheet->score->hard_count));
  return g_string_free (s, FALSE);
}

/* One page at (0, 0) of @cr, @W × @H points; shared by the print
 * operation and the PNG preview. */
static void
draw_page (PrintJob     *job,
           PangoContext *pango,
           cairo_t      *cr,
           double        W,
           double        H,
           int           page_nr)
{
  PangoLayout *title = layout (pango, job->title, "Sans Bold 13", W);
  g_autofree char *legend_s = legend_text (job->sheet);
  PangoLayout *legend = layout (pango, legend_s, "Sans 8", W);
  KdRosterPaintState st = { 0 };
  int th, lh;
  double gw, gh, scale, top;

  pango_layout_get_pixel_size (title, NULL, &th);
  pango_layout_get_pixel_size (legend, NULL, &lh);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_move_to (cr, 0, 0);
  pango_cairo_show_layout (cr, title);
  cairo_move_to (cr, 0, th + 2);
  pango_cairo_show_layout (cr, legend);
  top = th + lh + 8;

  st.first_row = page_nr * KD_ROSTER_PRINT_ROWS_PER_PAGE;
  st.n_rows = MIN (job->rows_per_page, job->sheet->n_persons - st.first_row);
  st.today = -1;
  /* Every page at the scale of a full one, so the pages match. */
  kd_roster_paint_get_size (job->paint, job->rows_per_page, &gw, &gh);
  scale = MIN (W / gw, (H - top) / gh);
  cairo_save (cr);
  cairo_translate (cr, 0, top);
  cairo_scale (cr, scale, scale);
  cairo_rectangle (cr, 0, 0, gw, gh);
  cairo_clip (cr);
  kd_roster_paint_cairo (job->paint, job->sheet, &st, cr);
  cairo_restore (cr);
  g_object_unref (title);
  g_object_unref (legend);
}

static void
on_draw_page (GtkPrintOperation *op,
              GtkPrintContext   *context,
              int                page_nr,
              PrintJob          *job)
{
  PangoContext *pango = gtk_print_context_create_pango_context (context);

  draw_page (job, pango, gtk_print_context_get_cairo_context (context),
             gtk_print_context_get_width (context), gtk_print_context_get_height (context), page_nr);
  g_object_unref (pango);
}

/* The first page as the printer gets it, at 2 pixels a point, without a
 * printer: for looking at it. */
gboolean
kd_roster_print_render_png (const KdRosterSheet  *sheet,
                            const char           *title,
                            const char           *filename,
                            GError              **error)
{
  /* A4 landscape less 6.35 mm margins, in points. */
  const double W = 841.89 - 36, H = 595.28 - 36, dpp = 2;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) (W * dpp), (int) (H * dpp));
  cairo_t *cr = cairo_create (surface);
  PangoContext *pango = pango_cairo_create_context (cr);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("Sans 9");
  PrintJob job = { sheet, (char *) title, NULL, MAX (1, MIN (sheet->n_persons, KD_ROSTER_PRINT_ROWS_PER_PAGE)) };
  cairo_status_t status;

  /* Points, as on paper: 72 per inch. */
  pango_cairo_context_set_resolution (pango, 72);
  pango_context_set_font_description (pango, font);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, dpp, dpp);
  job.paint = kd_roster_paint_new (pango, FALSE);
  kd_roster_paint_set_sheet (job.paint, sheet);
  draw_page (&job, pango, cr, W, H, 0);
  kd_roster_paint_free (job.paint);
  g_object_unref (pango);
  cairo_destroy (cr);
  status = cairo_surface_write_to_png (surface, filename);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

GtkPrintOperationResult
kd_roster_print_run (GtkWindow            *parent,
                     const KdRosterSheet  *sheet,
                     const char           *title,
                     const char           *export_filename,
                     GError              **error)
{
  g_autoptr(GtkPrintOperation) op = gtk_print_operation_new ();
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  PrintJob *job = g_new0 (PrintJob, 1);

  job->sheet = sheet;
  job->title = g_strdup (title);
  g_object_set_data_full (G_OBJECT (op), "kd-print-job", job, print_job_free);

  gtk_page_setup_set_paper_size_and_default_margins (setup, a4);
  gtk_page_setup_set_orientation (setup, GTK_PAGE_ORIENTATION_LANDSCAPE);
  gtk_print_operation_set_default_page_setup (op, setup);
  gtk_print_operation_set_job_name (op, title);
  gtk_print_operation_set_unit (op, GTK_UNIT_POINTS);
  gtk_print_operation_set_embed_page_setup (op, TRUE);
  g_signal_connect (op, "begin-print", G_CALLBACK (on_begin_print), job);
  g_signal_connect (op, "draw-page", G_CALLBACK (on_draw_page), job);

  if (export_filename != NULL)
    {
      gtk_print_operation_set_export_filename (op, export_filename);
      return gtk_print_operation_run (op, GTK_PRINT_OPERATION_ACTION_EXPORT, parent, error);
    }
  return gtk_print_operation_run (op, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, parent, error);
}
