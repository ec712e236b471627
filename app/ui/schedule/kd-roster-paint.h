/* kd-roster-paint.h: draws the month grid once for both the screen (GtkSnapshot) and paper (cairo), so print looks like the screen. */
#pragma once

#include <gtk/gtk.h>

#include "kd-roster-sheet.h"

G_BEGIN_DECLS

/* Where things are, in the painter's units (pixels on screen, points on paper). */
typedef struct {
  double name_w;      /* the name column */
  double cell_w;
  double cell_h;
  double head_h;      /* day number and weekday */
  double total_w;     /* each of the three totals columns */
  double cover_h;     /* each coverage row */
  double gap;         /* between the staff rows and the coverage rows */
} KdRosterMetrics;

typedef struct _KdRosterPaint KdRosterPaint;

/* @context: the widget's or the print context's. @dark: dark style colours. */
KdRosterPaint *kd_roster_paint_new        (PangoContext        *context,
                                           gboolean             dark);
void           kd_roster_paint_free       (KdRosterPaint       *paint);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KdRosterPaint, kd_roster_paint_free)

const KdRosterMetrics *kd_roster_paint_get_metrics (KdRosterPaint *paint);
/* Names, shift codes and colours may have changed: lay them out again. */
void           kd_roster_paint_set_sheet  (KdRosterPaint       *paint,
                                           const KdRosterSheet *sheet);
void           kd_roster_paint_get_size   (KdRosterPaint       *paint,
                                           int                  n_rows,
                                           double              *width,
                                           double              *height);

/* What to draw besides the sheet. */
typedef struct {
  int          first_row;    /* staff rows first_row … first_row + n_rows - 1 */
  int          n_rows;
  int          today;        /* day index of today, -1 when not this month */
  gboolean     selection;    /* draw the selection and the cursor */
  int          sel_p0, sel_d0, sel_p1, sel_d1;   /* inclusive, ordered */
  int          cursor_p, cursor_d;
  gboolean     focused;
  /* The screen's parts (background, each row, the coverage) as one
   * pre-drawn image each, at this many device pixels a pixel; 0: as
   * render nodes of their own (see kd_roster_paint_snapshot). */
  int          flat_scale;
} KdRosterPaintState;

void           kd_roster_paint_snapshot   (KdRosterPaint            *paint,
                                           const KdRosterSheet      *sheet,
                                           const KdRosterPaintState *state,
                                           GtkSnapshot              *snapshot);
void           kd_roster_paint_cairo      (KdRosterPaint            *paint,
                                           const KdRosterSheet      *sheet,
                                           const KdRosterPaintState *state,
                                           cairo_t                  *cr);

/* Hit testing: the staff cell at (@x, @y), FALSE outside the cells. */
gboolean       kd_roster_paint_cell_at    (KdRosterPaint       *paint,
                                           const KdRosterSheet *sheet,
                                           double               x,
                                           double               y,
                                           int                 *person,
                                           int                 *day);
void           kd_roster_paint_cell_rect  (KdRosterPaint       *paint,
                                           int                  person,
                                           int                  day,
                                           graphene_rect_t     *out);
/* "一", "二" … for 0 = Monday: the weekday header's short names. */
const char    *kd_roster_weekday_short    (int                  weekday);

G_END_DECLS
