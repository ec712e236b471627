/* kd-unpaid-chart.c: grouped bars (routed, followed up) per agent with a value axis and a legend. */
#include "kd-unpaid-chart.h"

#include <glib/gi18n.h>

void
kd_unpaid_chart_bar_free (KdUnpaidChartBar *bar)
{
  if (bar == NULL)
    return;
  g_free (bar->label);
  g_free (bar);
}

void
kd_unpaid_chart_get_colours (GdkRGBA *routed,
                             GdkRGBA *followed_up)
{
  if (routed != NULL)
    gdk_rgba_parse (routed, "#3584e4");
  if (followed_up != NULL)
    gdk_rgba_parse (followed_up, "#2ec27e");
}

/* A round step (1, 2, 5 × 10ⁿ) so that the axis has about four lines. */
static guint
axis_step (guint max)
{
  guint step = 1;

  while (max / step > 4)
    {
      if (max / (step * 2) <= 4)
        return step * 2;
      if (max / (step * 5) <= 4)
        return step * 5;
      step *= 10;
    }
  return step;
}

static PangoLayout *
text_layout (cairo_t    *cr,
             const char *text,
             int         max_width)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string ("Sans 9");

  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_text (layout, text, -1);
  if (max_width > 0)
    {
      pango_layout_set_width (layout, max_width * PANGO_SCALE);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
    }
  return layout;
}

static void
legend_entry (cairo_t       *cr,
              double        *x,
              double         y,
              const GdkRGBA *colour,
              const GdkRGBA *foreground,
              const char    *text)
{
  g_autoptr(PangoLayout) layout = text_layout (cr, text, -1);
  int tw, th;

  pango_layout_get_pixel_size (layout, &tw, &th);
  gdk_cairo_set_source_rgba (cr, colour);
  cairo_rectangle (cr, *x, y + (th - 10) / 2.0, 10, 10);
  cairo_fill (cr);
  gdk_cairo_set_source_rgba (cr, foreground);
  cairo_move_to (cr, *x + 14, y);
  pango_cairo_show_layout (cr, layout);
  *x += 14 + tw + 16;
}

guint
kd_unpaid_chart_draw (cairo_t       *cr,
                      int            width,
                      int            height,
                      GPtrArray     *bars,
                      const GdkRGBA *foreground)
{
  const double left = 36, top = 24, bottom = 22, right = 8;
  GdkRGBA routed_colour, followed_colour, grid;
  double plot_w = width - left - right;
  double plot_h = height - top - bottom;
  double group_w, bar_w, x;
  guint max = 0, step, drawn = 0;

  if (bars == NULL || bars->len == 0 || plot_w < 20 || plot_h < 20)
    return 0;

  kd_unpaid_chart_get_colours (&routed_colour, &followed_colour);
  grid = *foreground;
  grid.alpha *= 0.15f;

  for (guint i = 0; i < bars->len; i++)
    {
      KdUnpaidChartBar *b = g_ptr_array_index (bars, i);
      max = MAX (max, MAX (b->routed, b->followed_up));
    }
  step = axis_step (MAX (max, 1));
  max = ((MAX (max, 1) + step - 1) / step) * step;

  /* Legend on top. */
  x = left;
  legend_entry (cr, &x, 2, &routed_colour, foreground, _("Routed"));
  legend_entry (cr, &x, 2, &followed_colour, foreground, _("Followed up"));

  /* Value axis: grid lines with their numbers. */
  cairo_set_line_width (cr, 1);
  for (guint v = 0; v <= max; v += step)
    {
      double y = top + plot_h - plot_h * v / max;
      g_autofree char *text = g_strdup_printf ("%u", v);
      g_autoptr(PangoLayout) layout = text_layout (cr, text, -1);
      int tw, th;

      gdk_cairo_set_source_rgba (cr, &grid);
      cairo_move_to (cr, left, (int) y + 0.5);
      cairo_line_to (cr, left + plot_w, (int) y + 0.5);
      cairo_stroke (cr);
      pango_layout_get_pixel_size (layout, &tw, &th);
      gdk_cairo_set_source_rgba (cr, foreground);
      cairo_move_to (cr, left - 4 - tw, y - th / 2.0);
      pango_cairo_show_layout (cr, layout);
    }

  /* One group per agent: routed beside followed up. */
  group_w = plot_w / bars->len;
  bar_w = MIN (40, group_w * 0.35);
  for (guint i = 0; i < bars->len; i++)
    {
      KdUnpaidChartBar *b = g_ptr_array_index (bars, i);
      double cx = left + group_w * (i + 0.5);
      guint values[2] = { b->routed, b->followed_up };
      const GdkRGBA *colours[2] = { &routed_colour, &followed_colour };
      g_autoptr(PangoLayout) label = text_layout (cr, b->label, (int) group_w - 4);
      int tw, th;

      for (guint s = 0; s < 2; s++)
        {
          double h = plot_h * values[s] / max;
          double bx = cx - bar_w + s * bar_w;

          if (values[s] == 0)
            continue;
          gdk_cairo_set_source_rgba (cr, colours[s]);
          cairo_rectangle (cr, bx + 1, top + plot_h - h, bar_w - 2, h);
          cairo_fill (cr);
          drawn++;
        }
      pango_layout_get_pixel_size (label, &tw, &th);
      gdk_cairo_set_source_rgba (cr, foreground);
      cairo_move_to (cr, cx - (group_w - 4) / 2, top + plot_h + 4);
      pango_cairo_show_layout (cr, label);
    }
  return drawn;
}
