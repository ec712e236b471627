/* kd-roster-grid.c: 60 × 31 cells drawn in one snapshot (no child widget per cell), edited by keyboard alone or by mouse. */
#include "kd-roster-grid.h"
#include "kd-roster-paint.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

struct _KdRosterGrid
{
  GtkWidget      parent_instance;

  KdRosterSheet *sheet;          /* borrowed */
  KdRosterPaint *paint;
  GtkWidget     *popover;
  int            today;
  int            cursor_p, cursor_d;
  int            anchor_p, anchor_d;
  int            drag_p, drag_d;

  /* Ctrl+C: a rectangle of values. */
  gint8         *clip;
  int            clip_rows, clip_cols;
};

G_DEFINE_FINAL_TYPE (KdRosterGrid, kd_roster_grid, GTK_TYPE_WIDGET)

enum {
  EDIT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static KdRosterPaint *
get_paint (KdRosterGrid *self)
{
  if (self->paint == NULL)
    {
      gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
      self->paint = kd_roster_paint_new (gtk_widget_get_pango_context (GTK_WIDGET (self)), dark);
      kd_roster_paint_set_sheet (self->paint, self->sheet);
    }
  return self->paint;
}

static void
on_dark_changed (KdRosterGrid *self)
{
  g_clear_pointer (&self->paint, kd_roster_paint_free);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
selection_bounds (KdRosterGrid *self, int *p0, int *d0, int *p1, int *d1)
{
  *p0 = MIN (self->cursor_p, self->anchor_p);
  *p1 = MAX (self->cursor_p, self->anchor_p);
  *d0 = MIN (self->cursor_d, self->anchor_d);
  *d1 = MAX (self->cursor_d, self->anchor_d);
}

static char *
describe_cell (KdRosterGrid *self,
               int           p,
               int           d)
{
  const KdRosterSheet *s = self->sheet;
  int v;
  g_autofree char *what = NULL;
  g_autofree char *day = NULL;
  GString *out;
  const KdSpecialDay *special;
  GDate date;
  guint8 flags;

  if (s == NULL || s->n_persons == 0)
    return g_strdup (_("No staff on the roster"));
  v = kd_roster_sheet_get (s, p, d);
  flags = s->flags[p * s->n_days + d];
  kd_roster_sheet_get_date (s, d, &date);
  day = g_strdup_printf ("%04d-%02d-%02d %s", g_date_get_year (&date), g_date_get_month (&date),
                         g_date_get_day (&date), kd_roster_weekday_short (g_date_get_weekday (&date) - G_DATE_MONDAY));
  if (v >= 0)
    {
      const KdRosterShift *shift = &s->model->shifts[v];
      int end = (shift->start_minute + shift->length) % (24 * 60);
      /* Translators: shift name, its code letter, start and end time. */
      what = g_strdup_printf (_("%s (%s) %02d:%02d–%02d:%02d"), shift->name, shift->code,
                              shift->start_minute / 60, shift->start_minute % 60, end / 60, end % 60);
    }
  else if (v == KD_ROSTER_OFF)
    what = g_strdup (_("Day off"));
  else
    what = g_strdup (_("Not rostered"));

  out = g_string_new (NULL);
  /* Translators: person's name, job number, the day, what they work. */
  g_string_append_printf (out, _("%s (No. %s), %s: %s"), s->model->persons[p].name, s->model->persons[p].code, day, what);
  if (flags & KD_SHEET_LEAVE)
    g_string_append_printf (out, "; %s", _("on leave"));
  if (flags & KD_SHEET_LOCKED)
    g_string_append_printf (out, "; %s", _("locked"));
  if (flags & KD_SHEET_VIOLATION)
    g_string_append_printf (out, "; %s", _("breaks a rule"));
  special = kd_roster_shop_special_day (s->month, &date);
  if (special != NULL)
    g_string_append_printf (out, "; %s", special->name);
  return g_string_free (out, FALSE);
}

char *
kd_roster_grid_describe_cursor (KdRosterGrid *self)
{
  return describe_cell (self, self->cursor_p, self->cursor_d);
}

static void
update_accessible (KdRosterGrid *self)
{
  g_autofree char *text = kd_roster_grid_describe_cursor (self);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
}

/* The hovered cell, or over the header the day and what the shop marked on it. */
static gboolean
on_query_tooltip (KdRosterGrid *self,
                  int           x,
                  int           y,
                  gboolean      keyboard,
                  GtkTooltip   *tooltip)
{
  const KdRosterMetrics *m;
  g_autofree char *text = NULL;
  int p, d;

  if (self->sheet == NULL || self->sheet->n_persons == 0)
    return FALSE;
  m = kd_roster_paint_get_metrics (get_paint (self));
  if (keyboard)
    text = kd_roster_grid_describe_cursor (self);
  else if (kd_roster_paint_cell_at (get_paint (self), self->sheet, x, y, &p, &d))
    text = describe_cell (self, p, d);
  else if (y < m->head_h && x >= m->name_w && x < m->name_w + self->sheet->n_days * m->cell_w)
    {
      const KdSpecialDay *special;
      GDate date;

      kd_roster_sheet_get_date (self->sheet, (int) ((x - m->name_w) / m->cell_w), &date);
      special = kd_roster_shop_special_day (self->sheet->month, &date);
      text = g_strdup_printf ("%04d-%02d-%02d %s%s%s", g_date_get_year (&date), g_date_get_month (&date),
                              g_date_get_day (&date),
                              kd_roster_weekday_short (g_date_get_weekday (&date) - G_DATE_MONDAY),
                              special != NULL ? " · " : "", special != NULL ? special->name : "");
    }
  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
ensure_visible (KdRosterGrid *self)
{
  GtkWidget *sw = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_SCROLLED_WINDOW);
  const KdRosterMetrics *m;
  graphene_rect_t r;

  if (sw == NULL || self->sheet == NULL)
    return;
  m = kd_roster_paint_get_metrics (get_paint (self));
  kd_roster_paint_cell_rect (get_paint (self), self->cursor_p, self->cursor_d, &r);
  {
    GtkAdjustment *h = gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (sw));
    GtkAdjustment *v = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (sw));
    double hv = gtk_adjustment_get_value (h), hp = gtk_adjustment_get_page_size (h);
    double vv = gtk_adjustment_get_value (v), vp = gtk_adjustment_get_page_size (v);

    if (r.origin.x - m->name_w < hv)
      gtk_adjustment_set_value (h, r.origin.x - m->name_w);
    else if (r.origin.x + r.size.width > hv + hp)
      gtk_adjustment_set_value (h, r.origin.x + r.size.width - hp);
    if (r.origin.y - m->head_h < vv)
      gtk_adjustment_set_value (v, r.origin.y - m->head_h);
    else if (r.origin.y + r.size.height > vv + vp)
      gtk_adjustment_set_value (v, r.origin.y + r.size.height - vp);
  }
}

static void
move_cursor (KdRosterGrid *self,
             int           p,
             int           d,
             gboolean      extend)
{
  if (self->sheet == NULL || self->sheet->n_persons == 0)
    return;
  self->cursor_p = CLAMP (p, 0, self->sheet->n_persons - 1);
  self->cursor_d = CLAMP (d, 0, self->sheet->n_days - 1);
  if (!extend)
    {
      self->anchor_p = self->cursor_p;
      self->anchor_d = self->cursor_d;
    }
  ensure_visible (self);
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
emit_edits (KdRosterGrid *self,
            GArray       *edits)
{
  if (edits->len > 0)
    g_signal_emit (self, signals[EDIT], 0, edits);
}

/* Every selected cell that is not locked gets @value. */
static void
set_selection (KdRosterGrid *self,
               int           value)
{
  g_autoptr(GArray) edits = g_array_new (FALSE, FALSE, sizeof (KdRosterGridEdit));
  int p0, d0, p1, d1;

  if (self->sheet == NULL || self->sheet->n_persons == 0)
    return;
  selection_bounds (self, &p0, &d0, &p1, &d1);
  for (int p = p0; p <= p1; p++)
    for (int d = d0; d <= d1; d++)
      {
        KdRosterGridEdit e = { p, d, value, FALSE };

        if (kd_roster_sheet_is_locked (self->sheet, p, d) || kd_roster_sheet_get (self->sheet, p, d) == value)
          continue;
        g_array_append_val (edits, e);
      }
  emit_edits (self, edits);
}

/* Locks every rostered cell of the selection, or unlocks them all when
 * they all are locked already. */
static void
toggle_lock (KdRosterGrid *self)
{
  g_autoptr(GArray) edits = g_array_new (FALSE, FALSE, sizeof (KdRosterGridEdit));
  gboolean all_locked = TRUE;
  int p0, d0, p1, d1;

  if (self->sheet == NULL || self->sheet->n_persons == 0)
    return;
  selection_bounds (self, &p0, &d0, &p1, &d1);
  for (int p = p0; p <= p1; p++)
    for (int d = d0; d <= d1; d++)
      if (kd_roster_sheet_get (self->sheet, p, d) != KD_SHEET_EMPTY && !kd_roster_sheet_is_locked (self->sheet, p, d))
        all_locked = FALSE;
  for (int p = p0; p <= p1; p++)
    for (int d = d0; d <= d1; d++)
      {
        KdRosterGridEdit e = { p, d, kd_roster_sheet_get (self->sheet, p, d), !all_locked };

        if (e.value == KD_SHEET_EMPTY || kd_roster_sheet_is_locked (self->sheet, p, d) == e.locked)
          continue;
        g_array_append_val (edits, e);
      }
  emit_edits (self, edits);
}

static void
copy_selection (KdRosterGrid *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  int p0, d0, p1, d1;

  if (self->sheet == NULL || self->sheet->n_persons == 0)
    return;
  selection_bounds (self, &p0, &d0, &p1, &d1);
  g_free (self->clip);
  self->clip_rows = p1 - p0 + 1;
  self->clip_cols = d1 - d0 + 1;
  self->clip = g_new (gint8, self->clip_rows * self->clip_cols);
  for (int p = p0; p <= p1; p++)
    {
      for (int d = d0; d <= d1; d++)
        {
          int v = kd_roster_sheet_get (self->sheet, p, d);

          self->clip[(p - p0) * self->clip_cols + (d - d0)] = (gint8) v;
          if (d > d0)
            g_string_append_c (text, '\t');
          if (v >= 0)
            g_string_append (text, self->sheet->model->shifts[v].code);
        }
      g_string_append_c (text, '\n');
    }
  /* Other programs (a spreadsheet) get the codes as tab-separated text. */
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text->str);
}

/* The copied rectangle, from the cursor on; a copy of one cell fills the
 * whole selection. Cut off at the month's and the staff's ends. */
static void
paste (KdRosterGrid *self)
{
  g_autoptr(GArray) edits = g_array_new (FALSE, FALSE, sizeof (KdRosterGridEdit));
  int p0, d0, p1, d1, rows, cols;

  if (self->clip == NULL || self->sheet == NULL || self->sheet->n_persons == 0)
    return;
  selection_bounds (self, &p0, &d0, &p1, &d1);
  rows = self->clip_rows;
  cols = self->clip_cols;
  if (rows == 1 && cols == 1)
    {
      rows = p1 - p0 + 1;
      cols = d1 - d0 + 1;
    }
  for (int r = 0; r < rows; r++)
    for (int c = 0; c < cols; c++)
      {
        int p = p0 + r, d = d0 + c;
        int v = self->clip[(r % self->clip_rows) * self->clip_cols + (c % self->clip_cols)];
        KdRosterGridEdit e = { p, d, v, FALSE };

        if (p >= self->sheet->n_persons || d >= self->sheet->n_days || v >= self->sheet->n_shifts)
          continue;
        if (kd_roster_sheet_is_locked (self->sheet, p, d) || kd_roster_sheet_get (self->sheet, p, d) == v)
          continue;
        g_array_append_val (edits, e);
      }
  emit_edits (self, edits);
}

static void
popup_menu (KdRosterGrid *self)
{
  graphene_rect_t r;

  if (self->popover == NULL || self->sheet == NULL || self->sheet->n_persons == 0)
    return;
  kd_roster_paint_cell_rect (get_paint (self), self->cursor_p, self->cursor_d, &r);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->popover),
                               &(GdkRectangle) { (int) r.origin.x, (int) r.origin.y, (int) r.size.width, (int) r.size.height });
  gtk_popover_popup (GTK_POPOVER (self->popover));
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                KdRosterGrid          *self)
{
  gboolean shift = (state & GDK_SHIFT_MASK) != 0;
  gboolean ctrl = (state & GDK_CONTROL_MASK) != 0;
  gunichar ch;

  if (self->sheet == NULL)
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      move_cursor (self, self->cursor_p, self->cursor_d - 1, shift);
      return TRUE;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      move_cursor (self, self->cursor_p, self->cursor_d + 1, shift);
      return TRUE;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      move_cursor (self, self->cursor_p - 1, self->cursor_d, shift);
      return TRUE;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      move_cursor (self, self->cursor_p + 1, self->cursor_d, shift);
      return TRUE;
    case GDK_KEY_Home:
      move_cursor (self, ctrl ? 0 : self->cursor_p, 0, shift);
      return TRUE;
    case GDK_KEY_End:
      move_cursor (self, ctrl ? self->sheet->n_persons - 1 : self->cursor_p, self->sheet->n_days - 1, shift);
      return TRUE;
    case GDK_KEY_Delete:
    case GDK_KEY_KP_Delete:
      set_selection (self, KD_ROSTER_OFF);
      return TRUE;
    case GDK_KEY_BackSpace:
      set_selection (self, KD_SHEET_EMPTY);
      return TRUE;
    case GDK_KEY_Menu:
      popup_menu (self);
      return TRUE;
    case GDK_KEY_F10:
      if (shift)
        {
          popup_menu (self);
          return TRUE;
        }
      return FALSE;
    default:
      break;
    }
  if (ctrl && !shift && (state & GDK_ALT_MASK) == 0)
    {
      switch (gdk_keyval_to_lower (keyval))
        {
        case GDK_KEY_c:
          copy_selection (self);
          return TRUE;
        case GDK_KEY_v:
          paste (self);
          return TRUE;
        case GDK_KEY_l:
          toggle_lock (self);
          return TRUE;
        case GDK_KEY_a:
          self->anchor_p = 0;
          self->anchor_d = 0;
          move_cursor (self, self->sheet->n_persons - 1, self->sheet->n_days - 1, TRUE);
          return TRUE;
        default:
          return FALSE;
        }
    }
  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK)) != 0)
    return FALSE;
  ch = gdk_keyval_to_unicode (keyval);
  if (ch != 0 && g_unichar_isalpha (ch))
    {
      int v = kd_roster_sheet_find_code (self->sheet, ch);
      if (v >= 0)
        {
          set_selection (self, v);
          return TRUE;
        }
      gtk_widget_error_bell (GTK_WIDGET (self));
      return TRUE;
    }
  return FALSE;
}

static void
on_pressed (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            KdRosterGrid    *self)
{
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
  int p, d, p0, d0, p1, d1;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (self->sheet == NULL || !kd_roster_paint_cell_at (get_paint (self), self->sheet, x, y, &p, &d))
    return;
  selection_bounds (self, &p0, &d0, &p1, &d1);
  if (button == GDK_BUTTON_SECONDARY)
    {
      /* A right click inside the selection keeps it, so a range can be set at once. */
      if (p < p0 || p > p1 || d < d0 || d > d1)
        move_cursor (self, p, d, FALSE);
      popup_menu (self);
      return;
    }
  move_cursor (self, p, d, (state & GDK_SHIFT_MASK) != 0);
  self->drag_p = p;
  self->drag_d = d;
}

static void
on_drag_update (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                KdRosterGrid   *self)
{
  double sx, sy;
  int p, d;

  if (!gtk_gesture_drag_get_start_point (gesture, &sx, &sy) || self->sheet == NULL)
    return;
  if (kd_roster_paint_cell_at (get_paint (self), self->sheet, sx + dx, sy + dy, &p, &d)
      && (p != self->cursor_p || d != self->cursor_d))
    move_cursor (self, p, d, TRUE);
}

static void
on_focus_changed (KdRosterGrid *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
grid_set_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  set_selection (KD_ROSTER_GRID (widget), g_variant_get_int32 (parameter));
}

static void
grid_lock_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  toggle_lock (KD_ROSTER_GRID (widget));
}

static void
grid_copy_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  copy_selection (KD_ROSTER_GRID (widget));
}

static void
grid_paste_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  paste (KD_ROSTER_GRID (widget));
}

static void
rebuild_menu (KdRosterGrid *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) shifts = g_menu_new ();
  g_autoptr(GMenu) other = g_menu_new ();
  g_autoptr(GMenu) edit = g_menu_new ();

  if (self->sheet != NULL)
    for (int s = 0; s < self->sheet->n_shifts; s++)
      {
        const KdRosterShift *shift = &self->sheet->model->shifts[s];
        g_autofree char *label = g_strdup_printf ("%s  %s", shift->code, shift->name);
        g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

        g_menu_item_set_action_and_target_value (item, "grid.set", g_variant_new_int32 (s));
        g_menu_append_item (shifts, item);
      }
  {
    g_autoptr(GMenuItem) off = g_menu_item_new (_("Day _Off"), NULL);
    g_autoptr(GMenuItem) clear = g_menu_item_new (_("_Not Rostered"), NULL);

    g_menu_item_set_action_and_target_value (off, "grid.set", g_variant_new_int32 (KD_ROSTER_OFF));
    g_menu_item_set_action_and_target_value (clear, "grid.set", g_variant_new_int32 (KD_SHEET_EMPTY));
    g_menu_append_item (other, off);
    g_menu_append_item (other, clear);
  }
  g_menu_append (edit, _("_Lock or Unlock"), "grid.lock");
  g_menu_append (edit, _("_Copy"), "grid.copy");
  g_menu_append (edit, _("_Paste"), "grid.paste");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (shifts));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (other));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (edit));

  if (self->popover == NULL)
    {
      self->popover = gtk_popover_menu_new_from_model (G_MENU_MODEL (menu));
      gtk_widget_set_parent (self->popover, GTK_WIDGET (self));
      gtk_popover_set_has_arrow (GTK_POPOVER (self->popover), FALSE);
      gtk_widget_set_halign (self->popover, GTK_ALIGN_START);
    }
  else
    gtk_popover_menu_set_menu_model (GTK_POPOVER_MENU (self->popover), G_MENU_MODEL (menu));
}

static void
kd_roster_grid_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  KdRosterGrid *self = KD_ROSTER_GRID (widget);
  double w, h;

  kd_roster_paint_get_size (get_paint (self), self->sheet ? self->sheet->n_persons : 0, &w, &h);
  *minimum = *natural = (int) ceil (orientation == GTK_ORIENTATION_HORIZONTAL ? w : h);
}

static void
kd_roster_grid_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  KdRosterGrid *self = KD_ROSTER_GRID (widget);

  if (self->popover != NULL)
    gtk_popover_present (GTK_POPOVER (self->popover));
}

static void
kd_roster_grid_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  KdRosterGrid *self = KD_ROSTER_GRID (widget);
  KdRosterPaintState st = { 0 };

  if (self->sheet == NULL)
    return;
  st.first_row = 0;
  st.n_rows = self->sheet->n_persons;
  st.today = self->today;
  st.selection = TRUE;
  selection_bounds (self, &st.sel_p0, &st.sel_d0, &st.sel_p1, &st.sel_d1);
  st.cursor_p = self->cursor_p;
  st.cursor_d = self->cursor_d;
  st.focused = gtk_widget_has_focus (widget);
  if (gtk_widget_get_native (widget) != NULL &&
      GSK_IS_CAIRO_RENDERER (gtk_native_get_renderer (gtk_widget_get_native (widget))))
    st.flat_scale = gtk_widget_get_scale_factor (widget);
  kd_roster_paint_snapshot (get_paint (self), self->sheet, &st, snapshot);
}

static void
kd_roster_grid_dispose (GObject *object)
{
  KdRosterGrid *self = KD_ROSTER_GRID (object);

  g_clear_pointer (&self->popover, gtk_widget_unparent);
  g_clear_pointer (&self->paint, kd_roster_paint_free);
  g_clear_pointer (&self->clip, g_free);
  self->sheet = NULL;
  G_OBJECT_CLASS (kd_roster_grid_parent_class)->dispose (object);
}

static void
kd_roster_grid_class_init (KdRosterGridClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kd_roster_grid_dispose;
  widget_class->measure = kd_roster_grid_measure;
  widget_class->size_allocate = kd_roster_grid_size_allocate;
  widget_class->snapshot = kd_roster_grid_snapshot;

  /* The edits asked for: a GArray of KdRosterGridEdit, valid during emission. */
  signals[EDIT] = g_signal_new ("edit", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);

  gtk_widget_class_install_action (widget_class, "grid.set", "i", grid_set_action);
  gtk_widget_class_install_action (widget_class, "grid.lock", NULL, grid_lock_action);
  gtk_widget_class_install_action (widget_class, "grid.copy", NULL, grid_copy_action);
  gtk_widget_class_install_action (widget_class, "grid.paste", NULL, grid_paste_action);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GRID);
  gtk_widget_class_set_css_name (widget_class, "kd-roster-grid");
}

static void
kd_roster_grid_init (KdRosterGrid *self)
{
  GtkEventController *key = gtk_event_controller_key_new ();
  GtkGesture *click = gtk_gesture_click_new ();
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();

  self->today = -1;
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (on_query_tooltip), NULL);
  gtk_widget_set_halign (GTK_WIDGET (self), GTK_ALIGN_START);
  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_START);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Roster grid"), -1);

  g_signal_connect (key, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), 0);
  g_signal_connect (click, "pressed", G_CALLBACK (on_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
  g_signal_connect_swapped (focus, "enter", G_CALLBACK (on_focus_changed), self);
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (on_focus_changed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), focus);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (on_dark_changed), self, G_CONNECT_SWAPPED);
  rebuild_menu (self);
}

GtkWidget *
kd_roster_grid_new (void)
{
  return g_object_new (KD_TYPE_ROSTER_GRID, NULL);
}

void
kd_roster_grid_set_sheet (KdRosterGrid  *self,
                          KdRosterSheet *sheet)
{
  g_return_if_fail (KD_IS_ROSTER_GRID (self));

  self->sheet = sheet;
  if (self->paint != NULL)
    kd_roster_paint_set_sheet (self->paint, sheet);
  rebuild_menu (self);
  if (sheet != NULL && sheet->n_persons > 0)
    {
      self->cursor_p = CLAMP (self->cursor_p, 0, sheet->n_persons - 1);
      self->cursor_d = CLAMP (self->cursor_d, 0, sheet->n_days - 1);
      self->anchor_p = CLAMP (self->anchor_p, 0, sheet->n_persons - 1);
      self->anchor_d = CLAMP (self->anchor_d, 0, sheet->n_days - 1);
    }
  update_accessible (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

KdRosterSheet *
kd_roster_grid_get_sheet (KdRosterGrid *self)
{
  return self->sheet;
}

void
kd_roster_grid_refresh (KdRosterGrid *self)
{
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
kd_roster_grid_set_today (KdRosterGrid *self,
                          int           day)
{
  self->today = day;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
kd_roster_grid_set_cursor (KdRosterGrid *self,
                           int           person,
                           int           day)
{
  move_cursor (self, person, day, FALSE);
}

void
kd_roster_grid_get_cursor (KdRosterGrid *self,
                           int          *person,
                           int          *day)
{
  *person = self->cursor_p;
  *day = self->cursor_d;
}

void
kd_roster_grid_get_selection (KdRosterGrid *self,
                              int          *p0,
                              int          *d0,
                              int          *p1,
                              int          *d1)
{
  selection_bounds (self, p0, d0, p1, d1);
}
