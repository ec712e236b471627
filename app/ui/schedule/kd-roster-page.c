/* kd-roster-page.c: the month roster page: loads a month's sheet off the main thread, applies grid edits at once and writes them in the background, checks rules after every edit, runs Fill/Regenerate through the roster service, undoes; the long work (solve, print, export) in kd-roster-page-run.c. */
#include "kd-roster-page.h"
#include "kd-roster-page-internal.h"
#include "kd-roster-print.h"
#include "kd-roster-export.h"
#include "kd-shift-editor.h"
#include "kd-toast.h"

#include <adwaita.h>
#include <glib/gi18n.h>

typedef struct {
  int     year;
  int     month;
  GArray *writes;   /* KdRosterCellWrite: the cells as they were */
} UndoEntry;

G_DEFINE_FINAL_TYPE (KdRosterPage, kd_roster_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

#define UNDO_MAX 100

static void
undo_entry_free (gpointer data)
{
  UndoEntry *e = data;

  g_array_unref (e->writes);
  g_free (e);
}

KdRosterService *
_kd_roster_page_service (KdRosterPage *self)
{
  return kd_context_get_roster_service (self->context);
}

gboolean
_kd_roster_page_is_solving (KdRosterPage *self)
{
  return self->solve_cancellable != NULL;
}

void
_kd_roster_page_update_actions (KdRosterPage *self)
{
  gboolean ready = self->context != NULL && !_kd_roster_page_is_solving (self);
  gboolean have = ready && self->sheet != NULL && self->sheet->n_persons > 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "roster.fill", have);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "roster.regenerate", have);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "roster.print", self->sheet != NULL && !self->printing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "roster.export", self->sheet != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "roster.undo", ready && !g_queue_is_empty (&self->undo));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "roster.cancel", _kd_roster_page_is_solving (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "roster.prev-month", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "roster.next-month", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "roster.this-month", ready);
  gtk_widget_set_sensitive (GTK_WIDGET (self->grid), !_kd_roster_page_is_solving (self));
}

/* The status line and the list of what is broken, from the sheet's last check. */
static void
update_issues (KdRosterPage *self)
{
  const KdRosterSheet *s = self->sheet;
  g_autoptr(GString) status = g_string_new (NULL);
  g_autofree const char **strv = NULL;
  int empty = 0;

  if (s == NULL)
    {
      gtk_string_list_splice (self->issues, 0, g_list_model_get_n_items (G_LIST_MODEL (self->issues)), NULL);
      gtk_label_set_text (self->status_label, "");
      return;
    }
  {
    /* Only what changed: an edit adds or drops a message or two, and
     * replacing the whole list would rebuild every row the list shows. */
    guint n_old = g_list_model_get_n_items (G_LIST_MODEL (self->issues));
    guint n_new = s->messages->len + s->notes->len, head = 0, tail = 0;
    g_autofree const char **all = g_new0 (const char *, n_new + 1);

    /* The rules broken, then the fairness notes. */
    for (guint i = 0; i < n_new; i++)
      all[i] = i < s->messages->len ? g_ptr_array_index (s->messages, i)
                                    : g_ptr_array_index (s->notes, i - s->messages->len);
    while (head < n_old && head < n_new && g_strcmp0 (gtk_string_list_get_string (self->issues, head), all[head]) == 0)
      head++;
    while (tail < n_old - head && tail < n_new - head &&
           g_strcmp0 (gtk_string_list_get_string (self->issues, n_old - 1 - tail), all[n_new - 1 - tail]) == 0)
      tail++;
    strv = g_new0 (const char *, n_new - head - tail + 1);
    for (guint i = head; i < n_new - tail; i++)
      strv[i - head] = all[i];
    if (n_old - head - tail > 0 || n_new - head - tail > 0)
      gtk_string_list_splice (self->issues, head, n_old - head - tail, strv);
  }
  gtk_widget_set_visible (self->no_issues_label, s->messages->len + s->notes->len == 0);

  for (int i = 0; i < s->n_persons * s->n_days; i++)
    empty += s->cells[i] == KD_SHEET_EMPTY;
  if (s->n_persons == 0)
    g_string_append (status, _("Nobody is on the roster: add active staff first."));
  else if (s->score->hard_count == 0)
    g_string_append (status, _("Every rule holds"));
  else
    g_string_append_printf (status, g_dngettext (GETTEXT_PACKAGE, "%d rule broken", "%d rules broken",
                                                 s->score->hard_count), s->score->hard_count);
  if (s->notes->len > 0)
    {
      g_string_append (status, " · ");
      g_string_append_printf (status, g_dngettext (GETTEXT_PACKAGE, "%u fairness note", "%u fairness notes",
                                                   s->notes->len), s->notes->len);
    }
  if (empty > 0)
    {
      g_string_append (status, " · ");
      g_string_append_printf (status, g_dngettext (GETTEXT_PACKAGE, "%d cell not rostered", "%d cells not rostered", empty), empty);
    }
  gtk_label_set_text (self->status_label, status->str);
}

static int
today_index (KdRosterPage *self)
{
  g_autoptr(GDateTime) now = kd_clock_now_local (kd_context_get_clock (self->context));

  if (g_date_time_get_year (now) == self->year && g_date_time_get_month (now) == self->month)
    return g_date_time_get_day_of_month (now) - 1;
  return -1;
}

static void
update_month_label (KdRosterPage *self)
{
  /* Translators: year and month in the month picker's button. */
  g_autofree char *label = g_strdup_printf (C_("month picker", "%d-%02d"), self->year, self->month);

  gtk_menu_button_set_label (self->month_button, label);
}

void
_kd_roster_page_install_sheet (KdRosterPage  *self,
               KdRosterSheet *sheet)
{
  if (self->printing)
    {
      g_clear_pointer (&self->pending_sheet, kd_roster_sheet_free);
      self->pending_sheet = sheet;
      return;
    }
  kd_roster_grid_set_sheet (self->grid, sheet);
  g_clear_pointer (&self->sheet, kd_roster_sheet_free);
  self->sheet = sheet;
  kd_roster_grid_set_today (self->grid, today_index (self));
  update_issues (self);
  _kd_roster_page_update_actions (self);
}

typedef struct {
  KdRosterPage *page;
  guint         generation;
} LoadData;

static void
load_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  LoadData *ld = user_data;
  g_autoptr(KdRosterPage) self = ld->page;
  guint generation = ld->generation;
  g_autoptr(GError) error = NULL;
  KdRosterSheet *sheet = kd_roster_service_load_sheet_finish (KD_ROSTER_SERVICE (source), result, &error);

  g_free (ld);

  if (generation != self->load_generation)
    {
      /* A newer load is on its way. */
      kd_roster_sheet_free (sheet);
      return;
    }
  self->loading = FALSE;
  if (sheet == NULL)
    {
      kd_toast_show_error (GTK_WIDGET (self), error);
      return;
    }
  if (self->pending_writes > 0)
    {
      /* Read before our own edits landed: read again once they have. */
      kd_roster_sheet_free (sheet);
      self->reload_after_writes = TRUE;
      return;
    }
  _kd_roster_page_install_sheet (self, sheet);
}

void
_kd_roster_page_load (KdRosterPage *self)
{
  LoadData *ld;

  if (self->context == NULL)
    return;
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();
  self->load_generation++;
  self->loading = TRUE;
  update_month_label (self);
  ld = g_new0 (LoadData, 1);
  ld->page = g_object_ref (self);
  ld->generation = self->load_generation;
  kd_roster_service_load_sheet_async (_kd_roster_page_service (self), self->year, self->month, self->load_cancellable,
                                      load_done, ld);
}

static void
write_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(KdRosterPage) self = user_data;
  g_autoptr(GError) error = NULL;

  self->pending_writes--;
  if (!kd_roster_service_set_cells_finish (KD_ROSTER_SERVICE (source), result, &error))
    {
      /* The screen shows what was not written: read the month back. */
      kd_toast_show_error (GTK_WIDGET (self), error);
      self->reload_after_writes = TRUE;
    }
  if (self->pending_writes == 0 && self->solve_after_writes != 0)
    {
      gboolean keep_filled = self->solve_after_writes == 2;

      self->solve_after_writes = 0;
      _kd_roster_page_start_solve (self, keep_filled);
    }
  if (self->pending_writes == 0 && self->reload_after_writes)
    {
      self->reload_after_writes = FALSE;
      _kd_roster_page_load (self);
    }
}

static void
write_cells (KdRosterPage *self,
             GArray       *writes)
{
  self->pending_writes++;
  kd_roster_service_set_cells_async (_kd_roster_page_service (self), (KdRosterCellWrite *) writes->data, writes->len,
                                     NULL, write_done, g_object_ref (self));
}

void
_kd_roster_page_push_undo (KdRosterPage *self,
           GArray       *old_writes)
{
  UndoEntry *e = g_new0 (UndoEntry, 1);

  e->year = self->year;
  e->month = self->month;
  e->writes = g_array_ref (old_writes);
  g_queue_push_head (&self->undo, e);
  while (g_queue_get_length (&self->undo) > UNDO_MAX)
    undo_entry_free (g_queue_pop_tail (&self->undo));
  _kd_roster_page_update_actions (self);
}

static void
on_toast_dismissed (KdRosterPage *self,
                    AdwToast     *toast)
{
  if (self->edit_toast == toast)
    self->edit_toast = NULL;
}

/* The next change gets a toast of its own; this one times out. (Dismissing
 * it here trips libadwaita 1.2 when other toasts are queued.) */
void
_kd_roster_page_let_go_of_edit_toast (KdRosterPage *self)
{
  self->edit_toast = NULL;
}

void
_kd_roster_page_show_undo_toast (KdRosterPage *self,
                 const char   *text)
{
  if (self->edit_toast != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (text, -1);
      adw_toast_set_title (self->edit_toast, escaped);
      return;
    }
  self->edit_toast = kd_toast_new_undo (GTK_WIDGET (self), text, "roster.undo");
  g_signal_connect_object (self->edit_toast, "dismissed", G_CALLBACK (on_toast_dismissed), self, G_CONNECT_SWAPPED);
  kd_toast_show (GTK_WIDGET (self), self->edit_toast);
}

static void
after_change (KdRosterPage *self)
{
  kd_roster_sheet_check (self->sheet);
  kd_roster_grid_refresh (self->grid);
  update_issues (self);
}

static void
on_grid_edit (KdRosterPage *self,
              GArray       *edits,
              KdRosterGrid *grid)
{
  g_autoptr(GArray) old = g_array_new (FALSE, FALSE, sizeof (KdRosterCellWrite));
  g_autoptr(GArray) now = g_array_new (FALSE, FALSE, sizeof (KdRosterCellWrite));
  g_autofree char *text = NULL;

  if (self->sheet == NULL || _kd_roster_page_is_solving (self) || edits->len == 0)
    return;
  for (guint i = 0; i < edits->len; i++)
    {
      const KdRosterGridEdit *e = &g_array_index (edits, KdRosterGridEdit, i);
      KdRosterCellWrite w;

      kd_roster_sheet_cell_write (self->sheet, e->person, e->day, kd_roster_sheet_get (self->sheet, e->person, e->day),
                                  kd_roster_sheet_is_locked (self->sheet, e->person, e->day), &w);
      g_array_append_val (old, w);
      kd_roster_sheet_cell_write (self->sheet, e->person, e->day, e->value, e->locked, &w);
      g_array_append_val (now, w);
      kd_roster_sheet_set (self->sheet, e->person, e->day, e->value);
      kd_roster_sheet_set_locked (self->sheet, e->person, e->day, e->locked && e->value != KD_SHEET_EMPTY);
    }
  after_change (self);
  write_cells (self, now);
  _kd_roster_page_push_undo (self, old);
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u cell changed", "%u cells changed", edits->len), edits->len);
  _kd_roster_page_show_undo_toast (self, text);
}

/* The cells of a write, put into the sheet now (when it is that month),
 * so undo shows at once. */
static void
apply_writes_to_sheet (KdRosterPage *self,
                       GArray       *writes)
{
  for (guint i = 0; i < writes->len; i++)
    {
      const KdRosterCellWrite *w = &g_array_index (writes, KdRosterCellWrite, i);
      int p = kd_roster_sheet_find_person (self->sheet, w->staff_id);
      int d = (int) g_date_days_between (&self->sheet->model->first_date, &w->day);
      int v = KD_SHEET_EMPTY;

      if (p < 0 || d < 0 || d >= self->sheet->n_days)
        continue;
      if (!w->clear)
        {
          v = KD_ROSTER_OFF;
          for (int k = 0; k < self->sheet->n_shifts; k++)
            if (w->shift_id != 0 && kd_roster_shop_shift_id (self->sheet->month, k) == w->shift_id)
              v = k;
        }
      kd_roster_sheet_set (self->sheet, p, d, v);
      kd_roster_sheet_set_locked (self->sheet, p, d, w->locked);
    }
}

static void
roster_undo (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KdRosterPage *self = KD_ROSTER_PAGE (widget);
  UndoEntry *e;

  if (_kd_roster_page_is_solving (self) || g_queue_is_empty (&self->undo))
    return;
  e = g_queue_pop_head (&self->undo);
  if (self->sheet != NULL && e->year == self->year && e->month == self->month)
    {
      apply_writes_to_sheet (self, e->writes);
      after_change (self);
    }
  else
    {
      self->year = e->year;
      self->month = e->month;
      self->reload_after_writes = TRUE;
    }
  write_cells (self, e->writes);
  _kd_roster_page_let_go_of_edit_toast (self);
  undo_entry_free (e);
  _kd_roster_page_update_actions (self);
}

/* Months. */

static void
go_to_month (KdRosterPage *self,
             int           year,
             int           month)
{
  while (month < 1)
    {
      month += 12;
      year--;
    }
  while (month > 12)
    {
      month -= 12;
      year++;
    }
  if (year < 1900 || year > 9999)
    return;
  if (year == self->year && month == self->month && self->sheet != NULL)
    return;
  self->year = year;
  self->month = month;
  _kd_roster_page_load (self);
}

static void
roster_prev_month (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KdRosterPage *self = KD_ROSTER_PAGE (widget);
  go_to_month (self, self->year, self->month - 1);
}

static void
roster_next_month (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KdRosterPage *self = KD_ROSTER_PAGE (widget);
  go_to_month (self, self->year, self->month + 1);
}

static void
roster_this_month (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KdRosterPage *self = KD_ROSTER_PAGE (widget);
  g_autoptr(GDateTime) now = kd_clock_now_local (kd_context_get_clock (self->context));

  go_to_month (self, g_date_time_get_year (now), g_date_time_get_month (now));
}

static void
on_calendar_day_selected (KdRosterPage *self,
                          GtkCalendar  *calendar)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (calendar);

  gtk_menu_button_popdown (self->month_button);
  go_to_month (self, g_date_time_get_year (date), g_date_time_get_month (date));
}

/* Violations list. */

static void
on_issue_activated (KdRosterPage *self,
                    guint         position,
                    GtkListView  *view)
{
  if (self->sheet == NULL || position >= self->sheet->score->violations->len)
    return;
  kd_roster_grid_set_cursor (self->grid, self->sheet->targets[2 * position], self->sheet->targets[2 * position + 1]);
  gtk_widget_grab_focus (GTK_WIDGET (self->grid));
}

static void
setup_issue (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_top (label, 4);
  gtk_widget_set_margin_bottom (label, 4);
  gtk_list_item_set_child (item, label);
}

static void
bind_issue (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  data)
{
  GtkStringObject *s = gtk_list_item_get_item (item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), gtk_string_object_get_string (s));
}

/* Other writers (leave approved, a swap, the CLI in another window): the
 * store says so, possibly from another thread; read the month again from
 * the main loop. */
static gboolean
reload_idle (gpointer data)
{
  g_autoptr(KdRosterPage) self = g_weak_ref_get (data);

  if (self != NULL && !_kd_roster_page_is_solving (self))
    {
      if (self->pending_writes > 0)
        self->reload_after_writes = TRUE;
      else
        _kd_roster_page_load (self);
    }
  return G_SOURCE_REMOVE;
}

static void
weak_ref_free (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

static void
on_store_changed (KdStore      *store,
                  const char   *table,
                  GArray       *ids,
                  KdRosterPage *self)
{
  static const char *const tables[] = {
    "roster_assignments", "leave_days", "shift_templates", "roster_special_days", "staff", "roster_rules",
  };
  GWeakRef *ref;

  if (!g_strv_contains (tables, table))
    return;
  ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, self);
  g_idle_add_full (G_PRIORITY_DEFAULT, reload_idle, ref, weak_ref_free);
}

/* GObject. */

static void
set_context (KdRosterPage *self,
             KdContext    *context)
{
  g_autoptr(GDateTime) now = NULL;

  self->context = g_object_ref (context);
  now = kd_clock_now_local (kd_context_get_clock (context));
  self->year = g_date_time_get_year (now);
  self->month = g_date_time_get_month (now);
  g_signal_connect_object (kd_context_get_store (context), "changed", G_CALLBACK (on_store_changed), self, 0);
  _kd_roster_page_update_actions (self);
  _kd_roster_page_load (self);
}

static void
kd_roster_page_dispose (GObject *object)
{
  KdRosterPage *self = KD_ROSTER_PAGE (object);

  g_cancellable_cancel (self->load_cancellable);
  g_cancellable_cancel (self->solve_cancellable);
  if (self->grid != NULL)
    kd_roster_grid_set_sheet (self->grid, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), KD_TYPE_ROSTER_PAGE);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->solve_cancellable);
  g_clear_pointer (&self->sheet, kd_roster_sheet_free);
  g_clear_pointer (&self->pending_sheet, kd_roster_sheet_free);
  g_queue_clear_full (&self->undo, undo_entry_free);
  g_clear_object (&self->issues);
  g_clear_weak_pointer (&self->shift_editor);
  g_clear_object (&self->context);
  G_OBJECT_CLASS (kd_roster_page_parent_class)->dispose (object);
}

static void
kd_roster_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  KdRosterPage *self = KD_ROSTER_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kd_roster_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  KdRosterPage *self = KD_ROSTER_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      if (self->context == NULL && g_value_get_object (value) != NULL)
        {
          set_context (self, g_value_get_object (value));
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kd_roster_page_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "roster.prev-month", NULL, roster_prev_month);
  gtk_widget_class_install_action (widget_class, "roster.next-month", NULL, roster_next_month);
  gtk_widget_class_install_action (widget_class, "roster.this-month", NULL, roster_this_month);
  gtk_widget_class_install_action (widget_class, "roster.fill", NULL, _kd_roster_page_roster_fill);
  gtk_widget_class_install_action (widget_class, "roster.regenerate", NULL, _kd_roster_page_roster_regenerate);
  gtk_widget_class_install_action (widget_class, "roster.cancel", NULL, _kd_roster_page_roster_cancel);
  gtk_widget_class_install_action (widget_class, "roster.undo", NULL, roster_undo);
  gtk_widget_class_install_action (widget_class, "roster.print", NULL, _kd_roster_page_roster_print);
  gtk_widget_class_install_action (widget_class, "roster.export", "s", _kd_roster_page_roster_export);
  gtk_widget_class_install_action (widget_class, "roster.shifts", NULL, _kd_roster_page_roster_shifts);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "roster.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "roster.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, GDK_CONTROL_MASK, "roster.prev-month", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, GDK_CONTROL_MASK, "roster.next-month", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "roster.cancel", NULL);
}

static void
kd_roster_page_class_init (KdRosterPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kd_roster_page_dispose;
  object_class->get_property = kd_roster_page_get_property;
  object_class->set_property = kd_roster_page_set_property;

  props[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, KD_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, props);

  g_type_ensure (KD_TYPE_ROSTER_GRID);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/schedule/kd-roster-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KdRosterPage, box);
  gtk_widget_class_bind_template_child (widget_class, KdRosterPage, month_button);
  gtk_widget_class_bind_template_child (widget_class, KdRosterPage, calendar);
  gtk_widget_class_bind_template_child (widget_class, KdRosterPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, KdRosterPage, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, KdRosterPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, KdRosterPage, grid_scroller);
  gtk_widget_class_bind_template_child (widget_class, KdRosterPage, grid);
  gtk_widget_class_bind_template_child (widget_class, KdRosterPage, issue_view);
  gtk_widget_class_bind_template_child (widget_class, KdRosterPage, no_issues_label);
  gtk_widget_class_bind_template_callback (widget_class, on_grid_edit);
  gtk_widget_class_bind_template_callback (widget_class, on_calendar_day_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_issue_activated);
  kd_roster_page_class_actions_init (widget_class);
}

static void
kd_roster_page_init (KdRosterPage *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkNoSelection *selection;

  gtk_widget_init_template (GTK_WIDGET (self));
  g_queue_init (&self->undo);
  kd_roster_solve_options_init (&self->solve_options);
  self->solve_options.seconds = 3;
  self->issues = gtk_string_list_new (NULL);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->issues)));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_issue), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_issue), NULL);
  gtk_list_view_set_factory (self->issue_view, factory);
  gtk_list_view_set_model (self->issue_view, GTK_SELECTION_MODEL (selection));
  g_object_unref (factory);
  g_object_unref (selection);
  _kd_roster_page_update_actions (self);
}

/* For the tests. */

KdRosterGrid *
_kd_roster_page_get_grid (KdRosterPage *self)
{
  return self->grid;
}

KdRosterSheet *
_kd_roster_page_get_sheet (KdRosterPage *self)
{
  return self->sheet;
}

gboolean
_kd_roster_page_is_busy (KdRosterPage *self)
{
  return self->loading || self->pending_writes > 0 || _kd_roster_page_is_solving (self) || self->reload_after_writes
         || self->solve_after_writes != 0;
}

void
_kd_roster_page_set_month (KdRosterPage *self,
                           int           year,
                           int           month)
{
  go_to_month (self, year, month);
}

void
_kd_roster_page_get_month (KdRosterPage *self,
                           int          *year,
                           int          *month)
{
  *year = self->year;
  *month = self->month;
}

GListModel *
_kd_roster_page_get_issues (KdRosterPage *self)
{
  return G_LIST_MODEL (self->issues);
}

GtkListView *
_kd_roster_page_get_issue_view (KdRosterPage *self)
{
  return self->issue_view;
}

void
_kd_roster_page_set_solve_options (KdRosterPage               *self,
                                   const KdRosterSolveOptions *options)
{
  self->solve_options = *options;
}

GtkWidget *
_kd_roster_page_get_shift_editor (KdRosterPage *self)
{
  return self->shift_editor;
}

guint
_kd_roster_page_get_undo_depth (KdRosterPage *self)
{
  return g_queue_get_length (&self->undo);
}

gboolean
_kd_roster_page_export_to (KdRosterPage *self,
                           const char   *key,
                           const char   *path)
{
  g_autofree char *job_number = NULL;
  KdRosterExportFormat format;

  if (self->context == NULL || !_kd_roster_page_export_key (self, key, &format, &job_number))
    return FALSE;
  _kd_roster_page_start_export (self, format, job_number, path);
  return TRUE;
}

gboolean
_kd_roster_page_export_pdf (KdRosterPage  *self,
                            const char    *filename,
                            GError       **error)
{
  g_return_val_if_fail (self->sheet != NULL, FALSE);
  return _kd_roster_page_print_sheet (self, filename, error) != GTK_PRINT_OPERATION_RESULT_ERROR;
}
