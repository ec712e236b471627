/* kd-roster-page-run.c: the roster page's long work: Fill and Regenerate with progress, cancel and the reasons when no roster fits; print and PDF; the exports (CSV, iCalendar, .xlsx). */
#include "kd-roster-page.h"
#include "kd-roster-page-internal.h"
#include "kd-roster-print.h"
#include "kd-roster-export.h"
#include "kd-shift-editor.h"
#include "kd-toast.h"
#include <adwaita.h>
#include <glib/gi18n.h>

/* Fill and Regenerate. */

static void
on_progress (double    fraction,
             int       hard,
             gint64    soft,
             gpointer  data)
{
  KdRosterPage *self = data;
  g_autofree char *text = NULL;

  gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0, 1));
  if (hard > 0)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Searching… %d rule still broken",
                                         "Searching… %d rules still broken", hard), hard);
  else
    text = g_strdup (_("Searching… every rule holds; improving fairness"));
  gtk_progress_bar_set_text (self->progress_bar, text);
}

static void
show_reasons (KdRosterPage        *self,
              KdRosterSolveResult *result)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GString) body = g_string_new (NULL);
  GtkWidget *dialog;

  for (guint i = 0; i < result->reasons->len && i < 12; i++)
    g_string_append_printf (body, "%s• %s", i > 0 ? "\n" : "", (char *) g_ptr_array_index (result->reasons, i));
  if (result->reasons->len > 12)
    g_string_append_printf (body, "\n%s", _("…and more."));
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   result->status == KD_ROSTER_SOLVE_IMPOSSIBLE
                                   ? _("No Roster Can Meet the Rules")
                                   : _("No Roster Meeting Every Rule Was Found"),
                                   body->str);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

typedef struct {
  KdRosterPage *page;
  GArray       *old;
  gboolean      keep_filled;
} SolveData;

static void
solve_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  SolveData *sd = user_data;
  g_autoptr(KdRosterPage) self = sd->page;
  g_autoptr(GArray) old = sd->old;
  g_autoptr(GError) error = NULL;
  g_autoptr(KdRosterSolveResult) r = kd_roster_service_solve_finish (KD_ROSTER_SERVICE (source), result, &error);

  g_free (sd);
  g_clear_object (&self->solve_cancellable);
  gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
  _kd_roster_page_update_actions (self);
  if (r == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        kd_toast_show (GTK_WIDGET (self), kd_toast_new (_("Stopped; the roster is as it was.")));
      else
        kd_toast_show_error (GTK_WIDGET (self), error);
      return;
    }
  if (r->status != KD_ROSTER_SOLVE_SAVED)
    {
      show_reasons (self, r);
      return;
    }
  _kd_roster_page_push_undo (self, old);
  _kd_roster_page_show_undo_toast (self, _("Roster filled; every rule holds."));
  _kd_roster_page_let_go_of_edit_toast (self);
  _kd_roster_page_load (self);
}

void
_kd_roster_page_start_solve (KdRosterPage *self,
             gboolean      keep_filled)
{
  SolveData *sd;
  KdRosterSolveOptions opt = self->solve_options;

  if (self->sheet == NULL || _kd_roster_page_is_solving (self))
    return;
  /* The search reads the month from the store: let the edits still on
   * their way land first, or it would plan around cells that are gone. */
  if (self->pending_writes > 0)
    {
      self->solve_after_writes = keep_filled ? 2 : 1;
      return;
    }
  sd = g_new0 (SolveData, 1);
  sd->page = g_object_ref (self);
  sd->keep_filled = keep_filled;
  sd->old = g_array_new (FALSE, FALSE, sizeof (KdRosterCellWrite));
  /* Undo puts back every cell as it is now, empty ones included. */
  for (int p = 0; p < self->sheet->n_persons; p++)
    for (int d = 0; d < self->sheet->n_days; d++)
      {
        KdRosterCellWrite w;
        kd_roster_sheet_cell_write (self->sheet, p, d, kd_roster_sheet_get (self->sheet, p, d),
                                    kd_roster_sheet_is_locked (self->sheet, p, d), &w);
        g_array_append_val (sd->old, w);
      }
  opt.keep_filled = keep_filled;
  self->solve_cancellable = g_cancellable_new ();
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_progress_bar_set_text (self->progress_bar, _("Searching…"));
  gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);
  _kd_roster_page_let_go_of_edit_toast (self);
  _kd_roster_page_update_actions (self);
  kd_roster_service_solve_async (_kd_roster_page_service (self), self->year, self->month, &opt, self->solve_cancellable,
                                 on_progress, self, solve_done, sd);
}

void
_kd_roster_page_roster_fill (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  _kd_roster_page_start_solve (KD_ROSTER_PAGE (widget), TRUE);
}

void
_kd_roster_page_roster_regenerate (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  _kd_roster_page_start_solve (KD_ROSTER_PAGE (widget), FALSE);
}

void
_kd_roster_page_roster_cancel (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KdRosterPage *self = KD_ROSTER_PAGE (widget);

  if (self->solve_cancellable != NULL)
    g_cancellable_cancel (self->solve_cancellable);
}

/* Shift templates and special days. */

void
_kd_roster_page_roster_shifts (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KdRosterPage *self = KD_ROSTER_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *editor = kd_shift_editor_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->context);

  g_set_weak_pointer (&self->shift_editor, editor);
  gtk_window_present (GTK_WINDOW (editor));
}

/* Print. */

static char *
print_title (KdRosterPage *self)
{
  g_autofree char *shop = kd_store_get_setting (kd_context_get_store (self->context), "shop.name", "");

  /* Translators: the shop's name, then year and month. */
  return g_strdup_printf (_("%s Roster %d-%02d"), shop, self->year, self->month);
}

GtkPrintOperationResult
_kd_roster_page_print_sheet (KdRosterPage  *self,
             const char    *export_filename,
             GError       **error)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *title = print_title (self);
  GtkPrintOperationResult res;

  self->printing = TRUE;
  _kd_roster_page_update_actions (self);
  res = kd_roster_print_run (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->sheet,
                             g_strstrip (title), export_filename, error);
  self->printing = FALSE;
  if (self->pending_sheet != NULL)
    _kd_roster_page_install_sheet (self, g_steal_pointer (&self->pending_sheet));
  _kd_roster_page_update_actions (self);
  return res;
}

void
_kd_roster_page_roster_print (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KdRosterPage *self = KD_ROSTER_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (self->sheet == NULL || self->printing)
    return;
  if (_kd_roster_page_print_sheet (self, NULL, &error) == GTK_PRINT_OPERATION_RESULT_ERROR)
    kd_toast_show_error (widget, error);
}

/* ---------------------------------------------------------------- export */

static void
export_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(KdRosterPage) self = user_data;
  g_autoptr(GError) error = NULL;
  KdRosterExportCounts counts = { 0 };

  if (!kd_roster_export_finish (result, &counts, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        kd_toast_show_error (GTK_WIDGET (self), error);
      return;
    }
  kd_toast_show (GTK_WIDGET (self), kd_toast_new (_("Roster exported")));
}

typedef struct {
  KdRosterPage         *self;
  KdRosterExportFormat  format;
  char                 *job_number;   /* one person's, or NULL for everyone */
} ExportChoice;

void
_kd_roster_page_start_export (KdRosterPage         *self,
              KdRosterExportFormat  format,
              const char           *job_number,
              const char           *path)
{
  kd_roster_export_async (kd_context_get_store (self->context), self->year, self->month, format, job_number,
                          path, kd_context_get_cancellable (self->context), export_done, g_object_ref (self));
}

/* "ics-person": the calendar of the person at the grid's cursor. */
gboolean
_kd_roster_page_export_key (KdRosterPage          *self,
            const char            *key,
            KdRosterExportFormat  *format,
            char                 **job_number)
{
  *job_number = NULL;
  if (g_strcmp0 (key, "ics-person") == 0)
    {
      int p, d;

      if (self->sheet == NULL || self->sheet->n_persons == 0)
        return FALSE;
      kd_roster_grid_get_cursor (self->grid, &p, &d);
      *format = KD_ROSTER_EXPORT_ICS;
      *job_number = g_strdup (self->sheet->model->persons[p].code);
      return TRUE;
    }
  return kd_roster_export_format_from_string (key, format);
}

static void
export_chosen (GtkNativeDialog *dialog,
               int              response,
               gpointer         user_data)
{
  ExportChoice *choice = user_data;
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog))) != NULL && g_file_peek_path (file) != NULL)
    {
      KdRosterPage *self = choice->self;

      /* The chooser asked before replacing a file; the export never
       * overwrites one, so make room for it. */
      g_file_delete (file, NULL, NULL);
      _kd_roster_page_start_export (self, choice->format, choice->job_number, g_file_peek_path (file));
    }
  g_object_unref (choice->self);
  g_free (choice->job_number);
  g_free (choice);
  g_object_unref (dialog);
}

void
_kd_roster_page_roster_export (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KdRosterPage *self = KD_ROSTER_PAGE (widget);
  const char *key = g_variant_get_string (parameter, NULL);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *dialog;
  ExportChoice *choice;
  g_autofree char *name = NULL;
  g_autofree char *job_number = NULL;
  KdRosterExportFormat format;

  if (self->context == NULL || !_kd_roster_page_export_key (self, key, &format, &job_number))
    return;
  if (job_number != NULL)
    /* Translators: a file name: 排班-2026-12-3.ics (the job number last) */
    name = g_strdup_printf (_("roster-%d-%02d-%s.ics"), self->year, self->month, job_number);
  else
    /* Translators: a file name: 排班-2026-12.csv */
    name = g_strdup_printf (_("roster-%d-%02d.%s"), self->year, self->month, key);
  dialog = gtk_file_chooser_native_new (_("Export the Roster"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  choice = g_new0 (ExportChoice, 1);
  choice->self = g_object_ref (self);
  choice->format = format;
  choice->job_number = g_steal_pointer (&job_number);
  g_signal_connect (dialog, "response", G_CALLBACK (export_chosen), choice);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}
