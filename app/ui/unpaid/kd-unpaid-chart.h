/* kd-unpaid-chart.h: the follow-up report's bar chart: alerts routed and followed up per agent, drawn with cairo. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct {
  char  *label;        /* the agent: name and job number */
  guint  routed;
  guint  followed_up;
} KdUnpaidChartBar;

void   kd_unpaid_chart_bar_free (KdUnpaidChartBar *bar);

/* Colours of the two series (libadwaita's palette: blue 3, green 4). */
void   kd_unpaid_chart_get_colours (GdkRGBA *routed,
                                    GdkRGBA *followed_up);

/* Draws @bars (KdUnpaidChartBar) as grouped bars in @width × @height with
 * text in @foreground; returns how many bars of non-zero height it drew. */
guint  kd_unpaid_chart_draw     (cairo_t       *cr,
                                 int            width,
                                 int            height,
                                 GPtrArray     *bars,
                                 const GdkRGBA *foreground);

G_END_DECLS
