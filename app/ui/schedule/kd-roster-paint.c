/* kd-roster-paint.c: one drawing of the month grid, emitted as GtkSnapshot nodes for the screen or cairo calls for print. */
#include "kd-roster-paint.h"

#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#define N_NUMBERS 1000

typedef struct {
  PangoLayout *layout;
  int          w, h;
} Text;

struct _KdRosterPaint
{
  PangoContext    *context;
  KdRosterMetrics  m;
  gboolean         dark;

  GdkRGBA fg, dim, bg, line, weekend, today, holiday, promotion, bad, bad_fill,
          selection, leave, header;

  Text        numbers[N_NUMBERS];   /* laid out on first use */
  Text        weekdays[7];
  Text        off, leave_text, lock, days_h, nights_h, hours_h, staff_h, cover_h;
  GPtrArray  *names;                /* Text*, per person */
  GPtrArray  *codes;                /* Text*, per shift */
  GPtrArray  *cover_names;          /* Text*, per shift */
  GArray     *colours;              /* GdkRGBA per shift */

  /* The screen's nodes, by part (see kd_roster_paint_snapshot). */
  const KdRosterSheet *cache_sheet;
  int                  cache_today;
  int                  cache_first_row;
  int                  cache_flat_scale;
  GskRenderNode       *bg_node;
  GskRenderNode       *cover_node;
  guint64              cover_sig;
  GPtrArray           *row_nodes;     /* GskRenderNode*, may hold NULL */
  GArray              *row_sigs;      /* guint64 */
  int         n_days;
};

typedef struct {
  GtkSnapshot *snapshot;
  cairo_t     *cr;
} Target;

static void cache_clear (KdRosterPaint *self);

static void
node_unref0 (gpointer node)
{
  if (node != NULL)
    gsk_render_node_unref (node);
}

static void
text_clear (Text *t)
{
  g_clear_object (&t->layout);
}

static void
text_free (gpointer data)
{
  Text *t = data;

  text_clear (t);
  g_free (t);
}

static void
text_set (KdRosterPaint *self,
          Text          *t,
          const char    *s,
          double         max_width,
          gboolean       bold)
{
  PangoRectangle ink, logical;

  text_clear (t);
  t->layout = pango_layout_new (self->context);
  pango_layout_set_text (t->layout, s, -1);
  if (bold)
    {
      PangoAttrList *attrs = pango_attr_list_new ();
      pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      pango_layout_set_attributes (t->layout, attrs);
      pango_attr_list_unref (attrs);
    }
  if (max_width > 0)
    {
      pango_layout_set_width (t->layout, (int) (max_width * PANGO_SCALE));
      pango_layout_set_ellipsize (t->layout, PANGO_ELLIPSIZE_END);
    }
  pango_layout_get_pixel_extents (t->layout, &ink, &logical);
  t->w = logical.width;
  t->h = logical.height;
}

static Text *
text_new (KdRosterPaint *self,
          const char    *s,
          double         max_width,
          gboolean       bold)
{
  Text *t = g_new0 (Text, 1);

  text_set (self, t, s, max_width, bold);
  return t;
}

static Text *
number (KdRosterPaint *self,
        int            n)
{
  Text *t;

  n = CLAMP (n, 0, N_NUMBERS - 1);
  t = &self->numbers[n];
  if (t->layout == NULL)
    {
      char buf[8];
      g_snprintf (buf, sizeof buf, "%d", n);
      text_set (self, t, buf, -1, FALSE);
    }
  return t;
}

const char *
kd_roster_weekday_short (int weekday)
{
  switch (weekday)
    {
    case 0: return C_("weekday, one character", "Mo");
    case 1: return C_("weekday, one character", "Tu");
    case 2: return C_("weekday, one character", "We");
    case 3: return C_("weekday, one character", "Th");
    case 4: return C_("weekday, one character", "Fr");
    case 5: return C_("weekday, one character", "Sa");
    case 6: return C_("weekday, one character", "Su");
    default: return "";
    }
}

static void
rgba (GdkRGBA *c, double r, double g, double b, double a)
{
  c->red = r;
  c->green = g;
  c->blue = b;
  c->alpha = a;
}

KdRosterPaint *
kd_roster_paint_new (PangoContext *context,
                     gboolean      dark)
{
  KdRosterPaint *self = g_new0 (KdRosterPaint, 1);
  Text probe = { 0 };
  double em;

  self->context = g_object_ref (context);
  self->dark = dark;
  self->names = g_ptr_array_new_with_free_func (text_free);
  self->codes = g_ptr_array_new_with_free_func (text_free);
  self->cover_names = g_ptr_array_new_with_free_func (text_free);
  self->colours = g_array_new (FALSE, FALSE, sizeof (GdkRGBA));
  self->n_days = 31;
  self->row_nodes = g_ptr_array_new_with_free_func (node_unref0);
  self->row_sigs = g_array_new (FALSE, TRUE, sizeof (guint64));

  /* Everything scales with the font: a cell holds two wide characters. */
  text_set (self, &probe, "国", -1, FALSE);
  em = MAX (8, probe.h);
  text_clear (&probe);
  self->m.cell_w = MAX (em * 1.65, 20);
  self->m.cell_h = em * 1.45;
  self->m.head_h = em * 2.6;
  self->m.name_w = em * 6.5;
  self->m.total_w = em * 2.4;
  self->m.cover_h = em * 1.3;
  self->m.gap = em * 0.5;

  if (dark)
    {
      rgba (&self->fg, 1, 1, 1, 0.92);
      rgba (&self->dim, 1, 1, 1, 0.45);
      rgba (&self->bg, 0.14, 0.14, 0.14, 1);
      rgba (&self->line, 1, 1, 1, 0.12);
      rgba (&self->weekend, 1, 1, 1, 0.06);
      rgba (&self->header, 1, 1, 1, 0.04);
    }
  else
    {
      rgba (&self->fg, 0, 0, 0, 0.85);
      rgba (&self->dim, 0, 0, 0, 0.4);
      rgba (&self->bg, 1, 1, 1, 1);
      rgba (&self->line, 0, 0, 0, 0.13);
      rgba (&self->weekend, 0, 0, 0, 0.055);
      rgba (&self->header, 0, 0, 0, 0.03);
    }
  rgba (&self->today, 0.21, 0.52, 0.89, 0.28);        /* accent blue */
  rgba (&self->holiday, 0.88, 0.11, 0.14, 0.85);      /* red band */
  rgba (&self->promotion, 1.0, 0.47, 0.0, 0.9);       /* orange band */
  rgba (&self->bad, 0.88, 0.11, 0.14, 1);
  rgba (&self->bad_fill, 0.88, 0.11, 0.14, 0.22);
  rgba (&self->selection, 0.21, 0.52, 0.89, 0.30);
  rgba (&self->leave, 0.5, 0.5, 0.5, 0.28);

  for (int w = 0; w < 7; w++)
    text_set (self, &self->weekdays[w], kd_roster_weekday_short (w), -1, FALSE);
  text_set (self, &self->off, C_("roster cell: a day off", "–"), -1, FALSE);
  text_set (self, &self->leave_text, C_("roster cell: on leave", "L"), -1, FALSE);
  text_set (self, &self->days_h, C_("roster total", "Days"), self->m.total_w, FALSE);
  text_set (self, &self->nights_h, C_("roster total", "Nights"), self->m.total_w, FALSE);
  text_set (self, &self->hours_h, C_("roster total", "Hours"), self->m.total_w, FALSE);
  text_set (self, &self->staff_h, _("Staff"), self->m.name_w - 8, TRUE);
  text_set (self, &self->cover_h, _("On duty"), self->m.name_w - 8, TRUE);
  return self;
}

void
kd_roster_paint_free (KdRosterPaint *self)
{
  if (self == NULL)
    return;
  for (int i = 0; i < N_NUMBERS; i++)
    text_clear (&self->numbers[i]);
  for (int w = 0; w < 7; w++)
    text_clear (&self->weekdays[w]);
  text_clear (&self->off);
  text_clear (&self->leave_text);
  text_clear (&self->lock);
  text_clear (&self->days_h);
  text_clear (&self->nights_h);
  text_clear (&self->hours_h);
  text_clear (&self->staff_h);
  text_clear (&self->cover_h);
  g_ptr_array_unref (self->names);
  g_ptr_array_unref (self->codes);
  g_ptr_array_unref (self->cover_names);
  g_array_unref (self->colours);
  cache_clear (self);
  g_ptr_array_unref (self->row_nodes);
  g_array_unref (self->row_sigs);
  g_object_unref (self->context);
  g_free (self);
}

const KdRosterMetrics *
kd_roster_paint_get_metrics (KdRosterPaint *self)
{
  return &self->m;
}

void
kd_roster_paint_set_sheet (KdRosterPaint       *self,
                           const KdRosterSheet *sheet)
{
  g_ptr_array_set_size (self->names, 0);
  g_ptr_array_set_size (self->codes, 0);
  g_ptr_array_set_size (self->cover_names, 0);
  g_array_set_size (self->colours, 0);
  cache_clear (self);
  self->n_days = sheet != NULL ? sheet->n_days : 31;
  if (sheet == NULL)
    return;
  for (int p = 0; p < sheet->n_persons; p++)
    {
      const KdRosterPerson *person = &sheet->model->persons[p];
      g_autofree char *label = g_strdup_printf ("%s %s", person->name, person->code);
      g_ptr_array_add (self->names, text_new (self, label, self->m.name_w - 8, FALSE));
    }
  for (int s = 0; s < sheet->n_shifts; s++)
    {
      const KdRosterShift *shift = &sheet->model->shifts[s];
      g_autofree char *label = g_strdup_printf ("%s %s", shift->code, shift->name);
      GdkRGBA c;

      g_ptr_array_add (self->codes, text_new (self, shift->code, -1, TRUE));
      g_ptr_array_add (self->cover_names, text_new (self, label, self->m.name_w - 8, FALSE));
      if (shift->colour == NULL || !gdk_rgba_parse (&c, shift->colour))
        rgba (&c, 0.21, 0.52, 0.89, 1);
      c.alpha = self->dark ? 0.55 : 0.5;
      g_array_append_val (self->colours, c);
    }
}

void
kd_roster_paint_get_size (KdRosterPaint *self,
                          int            n_rows,
                          double        *width,
                          double        *height)
{
  int n_days = self->n_days, n_shifts = self->codes->len;

  *width = self->m.name_w + n_days * self->m.cell_w + 3 * self->m.total_w;
  *height = self->m.head_h + n_rows * self->m.cell_h + self->m.gap + n_shifts * self->m.cover_h;
}

/* Drawing primitives. */

static void
fill (Target *t, const GdkRGBA *c, double x, double y, double w, double h)
{
  if (t->snapshot != NULL)
    gtk_snapshot_append_color (t->snapshot, c, &GRAPHENE_RECT_INIT (x, y, w, h));
  else
    {
      gdk_cairo_set_source_rgba (t->cr, c);
      cairo_rectangle (t->cr, x, y, w, h);
      cairo_fill (t->cr);
    }
}

static void
frame (Target *t, const GdkRGBA *c, double x, double y, double w, double h, double lw)
{
  fill (t, c, x, y, w, lw);
  fill (t, c, x, y + h - lw, w, lw);
  fill (t, c, x, y + lw, lw, h - 2 * lw);
  fill (t, c, x + w - lw, y + lw, lw, h - 2 * lw);
}

/* @text centred in the box (or left-aligned with @left). */
static void
text (Target *t, const Text *txt, const GdkRGBA *c, double x, double y, double w, double h, gboolean left)
{
  double tx = left ? x + 4 : x + (w - txt->w) / 2;
  double ty = y + (h - txt->h) / 2;

  if (t->snapshot != NULL)
    {
      gtk_snapshot_save (t->snapshot);
      gtk_snapshot_translate (t->snapshot, &GRAPHENE_POINT_INIT ((float) tx, (float) ty));
      gtk_snapshot_append_layout (t->snapshot, txt->layout, c);
      gtk_snapshot_restore (t->snapshot);
    }
  else
    {
      gdk_cairo_set_source_rgba (t->cr, c);
      cairo_move_to (t->cr, tx, ty);
      pango_cairo_show_layout (t->cr, txt->layout);
    }
}

typedef struct {
  double x0, y0, totals_x, cover_y, width, height;
} Frame;

static void
frame_of (KdRosterPaint            *self,
          const KdRosterSheet      *sheet,
          const KdRosterPaintState *st,
          Frame                    *f)
{
  const KdRosterMetrics *m = &self->m;

  f->x0 = m->name_w;
  f->y0 = m->head_h;
  f->totals_x = f->x0 + sheet->n_days * m->cell_w;
  f->cover_y = f->y0 + st->n_rows * m->cell_h + m->gap;
  kd_roster_paint_get_size (self, st->n_rows, &f->width, &f->height);
}

/* Under the rows: weekend columns, today, special days, the header, the lines. */
static void
paint_background (KdRosterPaint            *self,
                  const KdRosterSheet      *sheet,
                  const KdRosterPaintState *st,
                  Target                   *t)
{
  const KdRosterMetrics *m = &self->m;
  Frame f;

  frame_of (self, sheet, st, &f);
  fill (t, &self->bg, 0, 0, f.width, f.height);
  for (int d = 0; d < sheet->n_days; d++)
    {
      double x = f.x0 + d * m->cell_w;
      const KdSpecialDay *special;
      GDate date;
      int wd;

      kd_roster_sheet_get_date (sheet, d, &date);
      wd = g_date_get_weekday (&date) - G_DATE_MONDAY;
      if (wd >= 5)
        fill (t, &self->weekend, x, 0, m->cell_w, f.height);
      if (d == st->today)
        fill (t, &self->today, x, 0, m->cell_w, m->head_h);
      special = kd_roster_shop_special_day (sheet->month, &date);
      if (special != NULL)
        fill (t, special->kind == KD_SPECIAL_PROMOTION ? &self->promotion : &self->holiday,
              x + 1, 1, m->cell_w - 2, MAX (3, m->head_h * 0.1));
      text (t, number (self, g_date_get_day (&date)), &self->fg, x, m->head_h * 0.1, m->cell_w, m->head_h * 0.45, FALSE);
      text (t, &self->weekdays[wd], wd >= 5 ? &self->bad : &self->dim, x, m->head_h * 0.5, m->cell_w, m->head_h * 0.45, FALSE);
    }
  fill (t, &self->header, 0, 0, f.width, m->head_h);
  text (t, &self->staff_h, &self->fg, 0, 0, m->name_w, m->head_h, TRUE);
  text (t, &self->days_h, &self->dim, f.totals_x, 0, m->total_w, m->head_h, FALSE);
  text (t, &self->nights_h, &self->dim, f.totals_x + m->total_w, 0, m->total_w, m->head_h, FALSE);
  text (t, &self->hours_h, &self->dim, f.totals_x + 2 * m->total_w, 0, m->total_w, m->head_h, FALSE);
  fill (t, &self->header, 0, f.cover_y - m->gap, f.width, m->gap + sheet->n_shifts * m->cover_h);

  /* The cells are inset by a pixel, so the lines show between them. */
  for (int d = 0; d <= sheet->n_days; d++)
    fill (t, &self->line, f.x0 + d * m->cell_w, 0, 1, f.height);
  fill (t, &self->line, 0, m->head_h - 1, f.width, 1);
  fill (t, &self->line, f.totals_x + m->total_w, 0, 1, f.y0 + st->n_rows * m->cell_h);
  fill (t, &self->line, f.totals_x + 2 * m->total_w, 0, 1, f.y0 + st->n_rows * m->cell_h);
}

/* Staff row @r of the page (person st->first_row + r). */
static void
paint_row (KdRosterPaint            *self,
           const KdRosterSheet      *sheet,
           const KdRosterPaintState *st,
           Target                   *t,
           int                       r)
{
  const KdRosterMetrics *m = &self->m;
  const int D = sheet->n_days;
  int p = st->first_row + r;
  const GdkRGBA *total_fg;
  double y;
  Frame f;

  if (p >= sheet->n_persons)
    return;
  frame_of (self, sheet, st, &f);
  y = f.y0 + r * m->cell_h;
  total_fg = sheet->total_bad[p] ? &self->bad : &self->fg;
  if ((guint) p < self->names->len)
    text (t, g_ptr_array_index (self->names, p), &self->fg, 0, y, m->name_w, m->cell_h, TRUE);
  for (int d = 0; d < D; d++)
    {
      double x = f.x0 + d * m->cell_w;
      int v = kd_roster_sheet_get (sheet, p, d);
      guint8 flags = sheet->flags[p * D + d];

      if (v >= 0 && (guint) v < self->colours->len)
        {
          fill (t, &g_array_index (self->colours, GdkRGBA, v), x + 1, y + 1, m->cell_w - 2, m->cell_h - 2);
          text (t, g_ptr_array_index (self->codes, v), &self->fg, x, y, m->cell_w, m->cell_h, FALSE);
        }
      else if (flags & KD_SHEET_LEAVE)
        {
          fill (t, &self->leave, x + 1, y + 1, m->cell_w - 2, m->cell_h - 2);
          text (t, &self->leave_text, &self->fg, x, y, m->cell_w, m->cell_h, FALSE);
        }
      else if (v == KD_ROSTER_OFF)
        text (t, &self->off, &self->dim, x, y, m->cell_w, m->cell_h, FALSE);
      if ((flags & KD_SHEET_LEAVE) && v >= 0)
        fill (t, &self->leave, x + 1, y + m->cell_h - 5, m->cell_w - 2, 4);
      if (flags & KD_SHEET_LOCKED)
        {
          /* A dark corner: locked cells are kept by Fill and Regenerate. */
          double k = m->cell_h * 0.3;
          for (int i = 0; i < 3; i++)
            fill (t, &self->fg, x + m->cell_w - 2 - k + i * k / 3, y + 2, k - i * k / 3, k / 3);
        }
      if (flags & KD_SHEET_VIOLATION)
        {
          fill (t, &self->bad_fill, x + 1, y + 1, m->cell_w - 2, m->cell_h - 2);
          frame (t, &self->bad, x + 1, y + 1, m->cell_w - 2, m->cell_h - 2, 2);
        }
    }
  text (t, number (self, sheet->days[p]), total_fg, f.totals_x, y, m->total_w, m->cell_h, FALSE);
  text (t, number (self, sheet->nights[p]), sheet->fair_bad[p] & KD_SHEET_FAIR_NIGHTS ? &self->bad : &self->fg,
        f.totals_x + m->total_w, y, m->total_w, m->cell_h, FALSE);
  text (t, number (self, (sheet->minutes[p] + 30) / 60), total_fg, f.totals_x + 2 * m->total_w, y, m->total_w, m->cell_h, FALSE);
  fill (t, &self->line, 0, y + m->cell_h - 1, f.width, 1);
}

/* Coverage: people on each shift each day, red where short. */
static void
paint_cover (KdRosterPaint            *self,
             const KdRosterSheet      *sheet,
             const KdRosterPaintState *st,
             Target                   *t)
{
  const KdRosterMetrics *m = &self->m;
  const int S = sheet->n_shifts;
  Frame f;

  frame_of (self, sheet, st, &f);
  for (int s = 0; s < S; s++)
    {
      double y = f.cover_y + s * m->cover_h;

      if ((guint) s < self->cover_names->len)
        text (t, g_ptr_array_index (self->cover_names, s), &self->fg, 0, y, m->name_w, m->cover_h, TRUE);
      for (int d = 0; d < sheet->n_days; d++)
        {
          double x = f.x0 + d * m->cell_w;
          int have = sheet->cover[d * S + s], need = sheet->required[d * S + s];

          if (have < need)
            {
              fill (t, &self->bad_fill, x + 1, y + 1, m->cell_w - 2, m->cover_h - 2);
              text (t, number (self, have), &self->bad, x, y, m->cell_w, m->cover_h, FALSE);
            }
          else if (have > 0 || need > 0)
            text (t, number (self, have), &self->dim, x, y, m->cell_w, m->cover_h, FALSE);
        }
    }
}

static void
paint_selection (KdRosterPaint            *self,
                 const KdRosterSheet      *sheet,
                 const KdRosterPaintState *st,
                 Target                   *t)
{
  const KdRosterMetrics *m = &self->m;
  int r0 = st->sel_p0 - st->first_row, r1 = st->sel_p1 - st->first_row;
  Frame f;

  if (!st->selection || sheet->n_persons == 0)
    return;
  frame_of (self, sheet, st, &f);
  fill (t, &self->selection, f.x0 + st->sel_d0 * m->cell_w, f.y0 + r0 * m->cell_h,
        (st->sel_d1 - st->sel_d0 + 1) * m->cell_w, (r1 - r0 + 1) * m->cell_h);
  if (st->focused)
    {
      GdkRGBA accent = self->selection;
      accent.alpha = 1;
      frame (t, &accent, f.x0 + st->cursor_d * m->cell_w, f.y0 + (st->cursor_p - st->first_row) * m->cell_h,
             m->cell_w, m->cell_h, 2);
    }
}

static void
paint (KdRosterPaint            *self,
       const KdRosterSheet      *sheet,
       const KdRosterPaintState *st,
       Target                   *t)
{
  paint_background (self, sheet, st, t);
  for (int r = 0; r < st->n_rows; r++)
    paint_row (self, sheet, st, t, r);
  paint_cover (self, sheet, st, t);
  paint_selection (self, sheet, st, t);
}

/* The screen keeps each part's nodes and rebuilds only the parts whose
 * content changed: an edit touches a row or two, the cover row and the
 * selection, so the frame's node diff finds the rest unchanged and only
 * those areas are drawn again. */
static guint64
hash_bytes (guint64 h, const void *data, gsize len)
{
  const guint8 *b = data;

  for (gsize i = 0; i < len; i++)
    h = (h ^ b[i]) * 1099511628211ull;
  return h;
}

static guint64
row_signature (const KdRosterSheet *sheet, int p)
{
  guint64 h = 14695981039346656037ull;
  const int D = sheet->n_days;

  h = hash_bytes (h, sheet->cells + p * D, D);
  h = hash_bytes (h, sheet->flags + p * D, D);
  h = hash_bytes (h, &sheet->days[p], sizeof (int));
  h = hash_bytes (h, &sheet->nights[p], sizeof (int));
  h = hash_bytes (h, &sheet->minutes[p], sizeof (int));
  h = hash_bytes (h, &sheet->total_bad[p], 1);
  h = hash_bytes (h, &sheet->fair_bad[p], 1);
  return h;
}

static void
paint_part (KdRosterPaint            *self,
            const KdRosterSheet      *sheet,
            const KdRosterPaintState *st,
            Target                   *t,
            int                       part)   /* -1 background, -2 cover, else a row */
{
  if (part == -1)
    paint_background (self, sheet, st, t);
  else if (part == -2)
    paint_cover (self, sheet, st, t);
  else
    paint_row (self, sheet, st, t, part);
}

static void
part_bounds (KdRosterPaint            *self,
             const KdRosterSheet      *sheet,
             const KdRosterPaintState *st,
             int                       part,
             graphene_rect_t          *out)
{
  const KdRosterMetrics *m = &self->m;
  Frame f;

  frame_of (self, sheet, st, &f);
  if (part == -1)
    graphene_rect_init (out, 0, 0, f.width, f.height);
  else if (part == -2)
    graphene_rect_init (out, 0, f.cover_y, f.width, sheet->n_shifts * m->cover_h);
  else
    graphene_rect_init (out, 0, f.y0 + part * m->cell_h, f.width, m->cell_h);
}

/* GTK 4.8's cairo renderer draws every node of the window on every frame,
 * clipped to what changed (the GL renderer skips nodes outside the clip):
 * with ~6 000 nodes for a 60 × 31 grid that walk alone is most of an
 * edit's frame. So under cairo each part is drawn once into an image of
 * its own, in device pixels, and an unchanged part costs one clipped
 * paint a frame. */
static GskRenderNode *
flat_part_node (KdRosterPaint            *self,
                const KdRosterSheet      *sheet,
                const KdRosterPaintState *st,
                int                       part)
{
  const int k = st->flat_scale;
  graphene_rect_t b, device;
  GskRenderNode *image, *node;
  GskTransform *transform;
  Target t = { NULL, NULL };

  part_bounds (self, sheet, st, part, &b);
  graphene_rect_init (&device, b.origin.x * k, b.origin.y * k, ceil (b.size.width) * k, ceil (b.size.height) * k);
  image = gsk_cairo_node_new (&device);
  t.cr = gsk_cairo_node_get_draw_context (image);   /* already in the node's coordinates */
  cairo_scale (t.cr, k, k);
  paint_part (self, sheet, st, &t, part);
  cairo_destroy (t.cr);
  if (k == 1)
    return image;
  transform = gsk_transform_scale (NULL, 1.0f / k, 1.0f / k);
  node = gsk_transform_node_new (image, transform);
  gsk_transform_unref (transform);
  gsk_render_node_unref (image);
  return node;
}

static GskRenderNode *
part_node (KdRosterPaint            *self,
           const KdRosterSheet      *sheet,
           const KdRosterPaintState *st,
           int                       part)   /* -1 background, -2 cover, else a row */
{
  GtkSnapshot *snapshot;
  Target t = { NULL, NULL };

  if (st->flat_scale > 0)
    return flat_part_node (self, sheet, st, part);
  snapshot = gtk_snapshot_new ();
  t.snapshot = snapshot;
  paint_part (self, sheet, st, &t, part);
  return gtk_snapshot_free_to_node (snapshot);
}

static void
cache_clear (KdRosterPaint *self)
{
  g_clear_pointer (&self->bg_node, gsk_render_node_unref);
  g_clear_pointer (&self->cover_node, gsk_render_node_unref);
  g_ptr_array_set_size (self->row_nodes, 0);
  g_array_set_size (self->row_sigs, 0);
  self->cache_sheet = NULL;
}

void
kd_roster_paint_snapshot (KdRosterPaint            *self,
                          const KdRosterSheet      *sheet,
                          const KdRosterPaintState *st,
                          GtkSnapshot              *snapshot)
{
  Target t = { snapshot, NULL };
  guint64 cover_sig;

  if (self->cache_sheet != sheet || self->cache_today != st->today || self->cache_first_row != st->first_row
      || self->cache_flat_scale != st->flat_scale || self->row_nodes->len != (guint) st->n_rows)
    {
      cache_clear (self);
      self->cache_sheet = sheet;
      self->cache_today = st->today;
      self->cache_first_row = st->first_row;
      self->cache_flat_scale = st->flat_scale;
      g_ptr_array_set_size (self->row_nodes, st->n_rows);
      g_array_set_size (self->row_sigs, st->n_rows);
    }
  if (self->bg_node == NULL)
    self->bg_node = part_node (self, sheet, st, -1);
  gtk_snapshot_append_node (snapshot, self->bg_node);
  for (int r = 0; r < st->n_rows; r++)
    {
      guint64 sig = row_signature (sheet, st->first_row + r);

      if (g_ptr_array_index (self->row_nodes, r) == NULL || g_array_index (self->row_sigs, guint64, r) != sig)
        {
          GskRenderNode *node = part_node (self, sheet, st, r);

          if (g_ptr_array_index (self->row_nodes, r) != NULL)
            gsk_render_node_unref (g_ptr_array_index (self->row_nodes, r));
          g_ptr_array_index (self->row_nodes, r) = node;
          g_array_index (self->row_sigs, guint64, r) = sig;
        }
      if (g_ptr_array_index (self->row_nodes, r) != NULL)
        gtk_snapshot_append_node (snapshot, g_ptr_array_index (self->row_nodes, r));
    }
  cover_sig = hash_bytes (14695981039346656037ull, sheet->cover, sizeof (int) * sheet->n_days * sheet->n_shifts);
  cover_sig = hash_bytes (cover_sig, sheet->required, sizeof (int) * sheet->n_days * sheet->n_shifts);
  if (self->cover_node == NULL || self->cover_sig != cover_sig)
    {
      g_clear_pointer (&self->cover_node, gsk_render_node_unref);
      self->cover_node = part_node (self, sheet, st, -2);
      self->cover_sig = cover_sig;
    }
  if (self->cover_node != NULL)
    gtk_snapshot_append_node (snapshot, self->cover_node);
  paint_selection (self, sheet, st, &t);
}

void
kd_roster_paint_cairo (KdRosterPaint            *self,
                       const KdRosterSheet      *sheet,
                       const KdRosterPaintState *state,
                       cairo_t                  *cr)
{
  Target t = { NULL, cr };

  paint (self, sheet, state, &t);
}

gboolean
kd_roster_paint_cell_at (KdRosterPaint       *self,
                         const KdRosterSheet *sheet,
                         double               x,
                         double               y,
                         int                 *person,
                         int                 *day)
{
  const KdRosterMetrics *m = &self->m;
  int p, d;

  if (x < m->name_w || y < m->head_h)
    return FALSE;
  d = (int) ((x - m->name_w) / m->cell_w);
  p = (int) ((y - m->head_h) / m->cell_h);
  if (d >= sheet->n_days || p >= sheet->n_persons)
    return FALSE;
  *person = p;
  *day = d;
  return TRUE;
}

void
kd_roster_paint_cell_rect (KdRosterPaint   *self,
                           int              person,
                           int              day,
                           graphene_rect_t *out)
{
  const KdRosterMetrics *m = &self->m;

  graphene_rect_init (out, m->name_w + day * m->cell_w, m->head_h + person * m->cell_h, m->cell_w, m->cell_h);
}
