/* kd-orders-page-import.c: File → Import on the Orders page: the report chosen, read with a progress bar and Cancel, the summary or the error naming file, line and field. */
#include "kd-orders-page-internal.h"
#include "kd-columns.h"
#include "kd-orders-util.h"
#include "kd-toast.h"
#include <glib/gi18n.h>

/* ---------------------------------------------------------------- import */

static void
on_import_error_response (AdwMessageDialog *dialog,
                          const char       *response,
                          KdOrdersPage     *self)
{
  if (g_strcmp0 (response, "skip") == 0 && self->import_paths != NULL)
    {
      g_auto(GStrv) paths = g_strdupv (self->import_paths);
      _kd_orders_page_import_paths (self, (const char * const *) paths, TRUE);
    }
}

static void
present_message (KdOrdersPage *self,
                 const char   *heading,
                 const char   *body,
                 gboolean      offer_skip)
{
  GtkWidget *dialog = adw_message_dialog_new (_kd_orders_page_parent_window (self), heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  if (offer_skip)
    {
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "skip", _("_Skip Bad Rows and Import"));
      g_signal_connect_object (dialog, "response", G_CALLBACK (on_import_error_response), self, 0);
    }
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  if (_kd_orders_page_parent_window (self) != NULL)
    gtk_window_present (GTK_WINDOW (dialog));
  else
    gtk_window_destroy (GTK_WINDOW (dialog));  /* a test without a window */
}

typedef struct {
  KdOrdersPage *self;
  gboolean      skip_bad_rows;
  char         *rejects_path;
} ImportData;

static void
import_data_free (ImportData *d)
{
  g_clear_object (&d->self);
  g_free (d->rejects_path);
  g_free (d);
}

void
_kd_orders_page_import_progress (guint64  done,
                 guint64  total,
                 gpointer user_data)
{
  KdOrdersPage *self = user_data;

  if (self->import_progress != NULL)
    gtk_progress_bar_set_fraction (self->import_progress, total > 0 ? (double) done / (double) total : 0.0);
}

static void
import_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  ImportData *d = user_data;
  KdOrdersPage *self = d->self;
  g_autoptr(GError) error = NULL;
  KdOrderImportSummary s = { 0 };
  gboolean ok = kd_order_service_import_finish (KD_ORDER_SERVICE (source), result, &s, &error);

  g_clear_object (&self->import_cancellable);
  if (self->context == NULL)   /* the page went away (and cancelled it) */
    {
      import_data_free (d);
      return;
    }
  gtk_revealer_set_reveal_child (self->import_revealer, FALSE);
  g_clear_pointer (&self->import_result, g_free);
  self->import_ok = ok;

  if (!ok && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      self->import_result = g_strdup (_("Import cancelled: nothing was changed."));
      kd_toast_show (GTK_WIDGET (self), kd_toast_new (self->import_result));
    }
  else if (!ok)
    {
      self->import_result = g_strdup (error->message);
      present_message (self, _("Nothing Was Imported"), error->message, !d->skip_bad_rows);
    }
  else
    {
      g_autoptr(GString) body = g_string_new (NULL);

      g_string_append_printf (body, _("Rows read: %u"), s.rows);
      g_string_append_c (body, '\n');
      g_string_append_printf (body, _("Orders added: %u"), s.added);
      g_string_append_c (body, '\n');
      g_string_append_printf (body, _("Orders updated: %u"), s.updated);
      g_string_append_c (body, '\n');
      g_string_append_printf (body, _("Unchanged: %u"), s.unchanged);
      if (s.items > 0)
        {
          g_string_append_c (body, '\n');
          g_string_append_printf (body, _("Item lines: %u"), s.items);
        }
      if (s.customers > 0)
        {
          g_string_append_c (body, '\n');
          g_string_append_printf (body, _("New buyer profiles: %u"), s.customers);
        }
      g_string_append_c (body, '\n');
      g_string_append_printf (body, _("Warnings (unknown status kept as “Other”): %u"), s.warnings);
      if (d->skip_bad_rows)
        {
          g_string_append_c (body, '\n');
          g_string_append_printf (body, _("Rejected rows: %u"), s.rejected);
          if (s.rejected > 0 && d->rejects_path != NULL)
            {
              g_string_append_c (body, '\n');
              g_string_append_printf (body, _("The rejected rows and their reasons are in %s"), d->rejects_path);
            }
        }
      self->import_result = g_strdup (body->str);
      present_message (self, _("Import Finished"), body->str, FALSE);
      _kd_orders_page_count_flags (self);
    }
  _kd_orders_page_update_state (self);
  import_data_free (d);
}

void
_kd_orders_page_import_paths (KdOrdersPage       *self,
              const char * const *paths,
              gboolean            skip_bad_rows)
{
  ImportData *d;
  g_autofree char *names = NULL;
  g_autofree char *label = NULL;
  g_autoptr(GPtrArray) bases = g_ptr_array_new_with_free_func (g_free);

  if (self->import_cancellable != NULL || paths == NULL || paths[0] == NULL)
    return;

  for (guint i = 0; paths[i] != NULL; i++)
    g_ptr_array_add (bases, g_path_get_basename (paths[i]));
  g_ptr_array_add (bases, NULL);
  names = g_strjoinv (", ", (char **) bases->pdata);

  g_strfreev (self->import_paths);
  self->import_paths = g_strdupv ((char **) paths);
  g_clear_pointer (&self->import_result, g_free);

  d = g_new0 (ImportData, 1);
  d->self = g_object_ref (self);
  d->skip_bad_rows = skip_bad_rows;
  if (skip_bad_rows)
    {
      /* Next to the first report, where the person who chose it will look. */
      g_autofree char *dir = g_path_get_dirname (paths[0]);
      g_autofree char *base = g_path_get_basename (paths[0]);
      char *dot = strrchr (base, '.');
      g_autofree char *name = NULL;

      if (dot != NULL)
        *dot = '\0';
      name = g_strconcat (base, "-rejected.csv", NULL);
      d->rejects_path = g_build_filename (dir, name, NULL);
    }

  self->import_cancellable = g_cancellable_new ();
  /* Translators: beside the import progress bar; the file names */
  label = g_strdup_printf (_("Importing %s…"), names);
  gtk_label_set_text (self->import_label, label);
  gtk_progress_bar_set_fraction (self->import_progress, 0.0);
  gtk_revealer_set_reveal_child (self->import_revealer, TRUE);
  _kd_orders_page_update_state (self);

  kd_order_service_import_async (_kd_orders_page_service (self), paths, skip_bad_rows, d->rejects_path,
                                 _kd_orders_page_import_progress, self, self->import_cancellable,
                                 import_done, d);
}

static void
on_import_response (GtkNativeDialog *chooser,
                    int              response,
                    KdOrdersPage    *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
      const char *skip = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), "skip-bad-rows");

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);
          char *path = g_file_get_path (file);
          if (path != NULL)
            g_ptr_array_add (paths, path);
        }
      g_ptr_array_add (paths, NULL);
      _kd_orders_page_import_paths (self, (const char * const *) paths->pdata, g_strcmp0 (skip, "true") == 0);
    }
  g_object_unref (chooser);
}

void
_kd_orders_page_import_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  KdOrdersPage *self = KD_ORDERS_PAGE (widget);
  GtkFileChooserNative *chooser;
  GtkFileFilter *filter;

  if (self->import_cancellable != NULL)
    return;
  chooser = gtk_file_chooser_native_new (_("Import Order Report"), _kd_orders_page_parent_window (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);

  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("Taobao order and item reports (CSV, XLSX)"));
  gtk_file_filter_add_suffix (filter, "csv");
  gtk_file_filter_add_suffix (filter, "xlsx");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_unref (filter);
  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("All files"));
  gtk_file_filter_add_pattern (filter, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_unref (filter);

  /* A check box in the chooser: off, one bad row refuses the whole file. */
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (chooser), "skip-bad-rows",
                               _("Skip bad rows (write them to a rejects file)"), NULL, NULL);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (chooser), "skip-bad-rows", "false");

  g_signal_connect (chooser, "response", G_CALLBACK (on_import_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

void
_kd_orders_page_cancel_import_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  KdOrdersPage *self = KD_ORDERS_PAGE (widget);

  if (self->import_cancellable != NULL)
    g_cancellable_cancel (self->import_cancellable);
}
