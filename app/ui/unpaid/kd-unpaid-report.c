/* kd-unpaid-report.c: the follow-up report: day range and period, the table over the service's rows, the chart, CSV export. */
#include "kd-unpaid-page-private.h"
#include "kd-list-page.h"
#include "kd-unpaid-chart.h"
#include "kd-csv.h"
#include "kd-toast.h"

#include <glib/gi18n.h>

/* ---------------------------------------------------------------- one row, for the column view */

#define KD_TYPE_UNPAID_REPORT_ITEM (kd_unpaid_report_item_get_type ())
G_DECLARE_FINAL_TYPE (KdUnpaidReportItem, kd_unpaid_report_item, KD, UNPAID_REPORT_ITEM, GObject)

struct _KdUnpaidReportItem
{
  GObject            parent_instance;
  KdUnpaidReportRow *row;
  char              *agent;     /* "name · No. 3" */
};

G_DEFINE_FINAL_TYPE (KdUnpaidReportItem, kd_unpaid_report_item, G_TYPE_OBJECT)

static void
kd_unpaid_report_item_finalize (GObject *object)
{
  KdUnpaidReportItem *self = KD_UNPAID_REPORT_ITEM (object);

  g_clear_pointer (&self->row, kd_unpaid_report_row_free);
  g_free (self->agent);
  G_OBJECT_CLASS (kd_unpaid_report_item_parent_class)->finalize (object);
}

static void
kd_unpaid_report_item_class_init (KdUnpaidReportItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kd_unpaid_report_item_finalize;
}

static void
kd_unpaid_report_item_init (KdUnpaidReportItem *self)
{
}

/* ---------------------------------------------------------------- the report */

typedef enum {
  COL_PERIOD,
  COL_AGENT,
  COL_ROUTED,
  COL_FOLLOWED_UP,
  COL_PAID,
  COL_RECOVERED,
  COL_MEDIAN,
  N_COLUMNS
} Column;

struct _KdUnpaidReport
{
  GtkWidget        parent_instance;

  KdContext       *context;
  GListStore      *rows;          /* KdUnpaidReportItem */
  GPtrArray       *bars;          /* KdUnpaidChartBar, per agent */
  GCancellable    *cancellable;   /* the report being read */
  gboolean         reload_again;
  gboolean         loaded;
  guint            n_drawn;

  GtkWidget       *box;
  GtkEntry        *since_entry;
  GtkEntry        *until_entry;
  GtkDropDown     *period_dropdown;
  GtkLabel        *total_label;
  GtkStack        *content_stack;
  GtkDrawingArea  *chart;
  GtkColumnView   *column_view;
  GtkNoSelection  *selection;
  AdwStatusPage   *empty_page;
};

G_DEFINE_FINAL_TYPE (KdUnpaidReport, kd_unpaid_report, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static const char *
column_title (Column column)
{
  switch (column)
    {
    case COL_PERIOD: return _("Period");
    case COL_AGENT: return _("Agent");
    case COL_ROUTED: return _("Routed");
    case COL_FOLLOWED_UP: return _("Followed up");
    case COL_PAID: return _("Paid within 24 h");
    case COL_RECOVERED: return _("Amount recovered");
    case COL_MEDIAN: return _("Median minutes to follow-up");
    case N_COLUMNS:
    default: g_assert_not_reached ();
    }
}

static char *
format_cell (KdUnpaidReportItem *item,
             Column              column,
             gboolean            for_csv)
{
  const KdUnpaidReportRow *row = item->row;

  switch (column)
    {
    case COL_PERIOD: return g_strdup (row->period);
    case COL_AGENT: return g_strdup (item->agent);
    case COL_ROUTED: return g_strdup_printf ("%u", row->routed);
    case COL_FOLLOWED_UP: return g_strdup_printf ("%u", row->followed_up);
    case COL_PAID: return g_strdup_printf ("%u", row->paid_after);
    case COL_RECOVERED:
      /* The CLI's number in the file; the shop's currency sign on screen. */
      return g_strdup_printf ("%s%" G_GINT64_FORMAT ".%02" G_GINT64_FORMAT, for_csv ? "" : "¥",
                              row->recovered / 100, row->recovered % 100);
    case COL_MEDIAN:
      return row->median_minutes >= 0 ? g_strdup_printf ("%d", row->median_minutes) : g_strdup (for_csv ? "" : "—");
    case N_COLUMNS:
    default: g_assert_not_reached ();
    }
}

/* "YYYY-MM-DD" as local midnight (@next_day: the midnight after it). */
static gboolean
parse_day (const char *text,
           gboolean    next_day,
           gint64     *out)
{
  g_autoptr(GDateTime) dt = NULL;
  int y, m, d;
  char tail;

  if (sscanf (text, "%d-%d-%d%c", &y, &m, &d, &tail) != 3 || !g_date_valid_dmy (d, m, y))
    return FALSE;
  dt = g_date_time_new_local (y, m, d, 0, 0, 0);
  if (dt == NULL)
    return FALSE;
  if (next_day)
    {
      g_autoptr(GDateTime) next = g_date_time_add_days (dt, 1);
      *out = g_date_time_to_unix (next);
    }
  else
    *out = g_date_time_to_unix (dt);
  return TRUE;
}

static GHashTable *
staff_names (KdUnpaidReport *self)
{
  GHashTable *names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  /* Former staff too: the report names whoever the alerts went to then. */
  g_autoptr(GPtrArray) staff = kd_staff_service_list (kd_context_get_staff_service (self->context), FALSE, NULL);

  for (guint i = 0; staff != NULL && i < staff->len; i++)
    {
      KdStaff *s = g_ptr_array_index (staff, i);
      g_hash_table_insert (names, g_strdup (kd_staff_get_job_number (s)), g_strdup (kd_staff_get_name (s)));
    }
  return names;
}

static char *
agent_label (GHashTable *names,
             const char *job_number)
{
  const char *name = g_hash_table_lookup (names, job_number);

  if (name != NULL)
    /* Translators: an agent in the report: name and job number */
    return g_strdup_printf (_("%s · No. %s"), name, job_number);
  return g_strdup_printf (_("No. %s"), job_number);
}

static void
show_rows (KdUnpaidReport *self,
           GPtrArray      *rows)
{
  g_autoptr(GHashTable) names = staff_names (self);
  g_autoptr(GHashTable) by_agent = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  guint routed = 0, followed = 0, paid = 0;
  gint64 recovered = 0;
  g_autofree char *total = NULL;
  g_autofree char *amount = NULL;

  g_ptr_array_set_size (self->bars, 0);
  for (guint i = 0; i < rows->len; i++)
    {
      KdUnpaidReportRow *row = g_ptr_array_index (rows, i);
      KdUnpaidReportItem *item = g_object_new (KD_TYPE_UNPAID_REPORT_ITEM, NULL);
      KdUnpaidChartBar *bar;

      item->agent = agent_label (names, row->job_number);
      bar = g_hash_table_lookup (by_agent, row->job_number);
      if (bar == NULL)
        {
          bar = g_new0 (KdUnpaidChartBar, 1);
          bar->label = g_strdup (item->agent);
          g_ptr_array_add (self->bars, bar);
          g_hash_table_insert (by_agent, row->job_number, bar);
        }
      bar->routed += row->routed;
      bar->followed_up += row->followed_up;
      routed += row->routed;
      followed += row->followed_up;
      paid += row->paid_after;
      recovered += row->recovered;
      item->row = g_steal_pointer (&g_ptr_array_index (rows, i));
      g_ptr_array_add (items, item);
    }
  g_list_store_splice (self->rows, 0, g_list_model_get_n_items (G_LIST_MODEL (self->rows)),
                       items->pdata, items->len);

  amount = g_strdup_printf ("¥%" G_GINT64_FORMAT ".%02" G_GINT64_FORMAT, recovered / 100, recovered % 100);
  /* Translators: the report's totals: alerts routed, followed up, paid after the follow-up, the amount recovered */
  total = g_strdup_printf (_("%u routed · %u followed up · %u paid · %s recovered"), routed, followed, paid, amount);
  gtk_label_set_text (self->total_label, rows->len > 0 ? total : "");
  gtk_stack_set_visible_child_name (self->content_stack, rows->len > 0 ? "report" : "empty");
  gtk_widget_queue_draw (GTK_WIDGET (self->chart));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.export", rows->len > 0);
}

static void reload (KdUnpaidReport *self);

static void
report_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(KdUnpaidReport) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = kd_unpaid_service_report_finish (KD_UNPAID_SERVICE (source), result, &error);

  if (rows == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  if (rows == NULL)
    kd_toast_show_error (GTK_WIDGET (self), error);
  else
    {
      show_rows (self, rows);
      self->loaded = TRUE;
    }
  if (self->reload_again)
    {
      self->reload_again = FALSE;
      reload (self);
    }
}

static gboolean
read_range (KdUnpaidReport *self,
            gint64         *since,
            gint64         *until,
            KdUnpaidPeriod *period)
{
  g_autofree char *from = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->since_entry))));
  g_autofree char *to = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->until_entry))));
  gboolean from_ok = parse_day (from, FALSE, since);
  gboolean to_ok = parse_day (to, TRUE, until);
  guint selected = gtk_drop_down_get_selected (self->period_dropdown);

  /* Half typed: mark it and keep showing the last report. */
  if (from_ok)
    gtk_widget_remove_css_class (GTK_WIDGET (self->since_entry), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->since_entry), "error");
  if (to_ok)
    gtk_widget_remove_css_class (GTK_WIDGET (self->until_entry), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->until_entry), "error");

  *period = selected <= KD_UNPAID_BY_MONTH ? (KdUnpaidPeriod) selected : KD_UNPAID_BY_DAY;
  return from_ok && to_ok && *since < *until;
}

static void
reload (KdUnpaidReport *self)
{
  gint64 since, until;
  KdUnpaidPeriod period;

  if (self->context == NULL)
    return;
  if (self->cancellable != NULL)
    {
      self->reload_again = TRUE;
      return;
    }
  if (!read_range (self, &since, &until, &period))
    return;
  self->cancellable = g_cancellable_new ();
  kd_unpaid_service_report_async (kd_context_get_unpaid_service (self->context), since, until, period,
                                  self->cancellable, report_done, g_object_ref (self));
}

void
kd_unpaid_report_reload (KdUnpaidReport *self)
{
  g_return_if_fail (KD_IS_UNPAID_REPORT (self));
  reload (self);
}

static void
on_range_changed (KdUnpaidReport *self)
{
  reload (self);
}

static void
on_store_changed (KdUnpaidReport *self)
{
  /* Read when it is looked at: the page reloads it when it is shown. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    reload (self);
  else
    self->loaded = FALSE;
}

static void
kd_unpaid_report_map (GtkWidget *widget)
{
  KdUnpaidReport *self = KD_UNPAID_REPORT (widget);

  GTK_WIDGET_CLASS (kd_unpaid_report_parent_class)->map (widget);
  if (!self->loaded)
    reload (self);
}

/* ---------------------------------------------------------------- chart */

static void
draw_chart (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        user_data)
{
  KdUnpaidReport *self = user_data;
  GdkRGBA foreground;

  /* GTK 4.8 has no gtk_widget_get_color (). */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (area)), &foreground);
  G_GNUC_END_IGNORE_DEPRECATIONS
  self->n_drawn = kd_unpaid_chart_draw (cr, width, height, self->bars, &foreground);
}

/* ---------------------------------------------------------------- table */

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "column"));
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), column >= COL_ROUTED ? 1.0f : 0.0f);
  if (column >= COL_ROUTED)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (list_item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "column"));
  KdUnpaidReportItem *item = gtk_list_item_get_item (list_item);
  g_autofree char *text = format_cell (item, column, FALSE);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (list_item)), text);
}

static void
add_columns (KdUnpaidReport *self)
{
  for (Column c = 0; c < N_COLUMNS; c++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;

      g_object_set_data (G_OBJECT (factory), "column", GINT_TO_POINTER (c));
      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), self);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), self);
      column = gtk_column_view_column_new (column_title (c), factory);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_expand (column, c == COL_AGENT);
      gtk_column_view_append_column (self->column_view, column);
      g_object_unref (column);
    }
}

/* ---------------------------------------------------------------- export */

static gboolean
export_to (KdUnpaidReport *self,
           GFile          *file,
           GError        **error)
{
  g_autoptr(GFileOutputStream) stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                                        NULL, error);
  g_autoptr(KdCsvWriter) writer = NULL;
  const char *header[N_COLUMNS];
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->rows));

  if (stream == NULL)
    return FALSE;
  writer = kd_csv_writer_new (G_OUTPUT_STREAM (stream), KD_CSV_WRITE_NONE);
  for (Column c = 0; c < N_COLUMNS; c++)
    header[c] = column_title (c);
  if (!kd_csv_writer_write_row (writer, header, N_COLUMNS, NULL, error))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KdUnpaidReportItem) item = g_list_model_get_item (G_LIST_MODEL (self->rows), i);
      char *fields[N_COLUMNS];
      gboolean ok;

      for (Column c = 0; c < N_COLUMNS; c++)
        fields[c] = format_cell (item, c, TRUE);
      ok = kd_csv_writer_write_row (writer, (const char * const *) fields, N_COLUMNS, NULL, error);
      for (Column c = 0; c < N_COLUMNS; c++)
        g_free (fields[c]);
      if (!ok)
        return FALSE;
    }
  return kd_csv_writer_flush (writer, NULL, error) &&
         g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, error);
}

static void
on_export_response (GtkNativeDialog *chooser,
                    int              response,
                    gpointer         user_data)
{
  g_autoptr(KdUnpaidReport) self = user_data;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);
  if (file == NULL)
    return;

  if (!export_to (self, file, &error))
    kd_toast_show_error (GTK_WIDGET (self), error);
  else
    {
      g_autofree char *name = g_file_get_basename (file);
      /* Translators: after the report was exported; %s is the file name */
      g_autofree char *text = g_strdup_printf (_("Saved %s"), name);
      kd_toast_show (GTK_WIDGET (self), kd_toast_new (text));
    }
}

static void
export_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  KdUnpaidReport *self = KD_UNPAID_REPORT (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL;

  chooser = kd_list_page_csv_chooser (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, _("Export Follow-Up Report"),
                                      GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("CSV files"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  name = g_strdup_printf ("unpaid-report-%s-%s.csv", gtk_editable_get_text (GTK_EDITABLE (self->since_entry)),
                          gtk_editable_get_text (GTK_EDITABLE (self->until_entry)));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect (chooser, "response", G_CALLBACK (on_export_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---------------------------------------------------------------- private, for tests */

GListModel *
_kd_unpaid_report_get_rows (KdUnpaidReport *self)
{
  return G_LIST_MODEL (self->rows);
}

gboolean
_kd_unpaid_report_is_busy (KdUnpaidReport *self)
{
  return self->cancellable != NULL || self->reload_again;
}

void
_kd_unpaid_report_set_range (KdUnpaidReport *self,
                             const char     *since,
                             const char     *until,
                             KdUnpaidPeriod  period)
{
  gtk_editable_set_text (GTK_EDITABLE (self->since_entry), since);
  gtk_editable_set_text (GTK_EDITABLE (self->until_entry), until);
  gtk_drop_down_set_selected (self->period_dropdown, period);
  reload (self);
}

const char *
_kd_unpaid_report_get_cell (KdUnpaidReport *self,
                            guint           position,
                            guint           column)
{
  g_autoptr(KdUnpaidReportItem) item = g_list_model_get_item (G_LIST_MODEL (self->rows), position);
  char *text;

  g_return_val_if_fail (item != NULL && column < N_COLUMNS, NULL);
  text = format_cell (item, column, FALSE);
  g_object_set_data_full (G_OBJECT (self), "test-cell", text, g_free);
  return text;
}

guint
_kd_unpaid_report_draw_chart (KdUnpaidReport *self,
                              cairo_t        *cr,
                              int             width,
                              int             height)
{
  GdkRGBA black = { 0, 0, 0, 1 };
  return kd_unpaid_chart_draw (cr, width, height, self->bars, &black);
}

guint
_kd_unpaid_report_get_n_drawn (KdUnpaidReport *self)
{
  return self->n_drawn;
}

gboolean
_kd_unpaid_report_export (KdUnpaidReport *self,
                          const char     *path,
                          GError        **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  return export_to (self, file, error);
}

/* ---------------------------------------------------------------- object */

static void
set_context (KdUnpaidReport *self,
             KdContext      *context)
{
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) first = NULL;
  g_autofree char *today = NULL;
  g_autofree char *since = NULL;
  KdStore *store;

  if (context == NULL || context == self->context)
    return;
  g_return_if_fail (self->context == NULL);
  self->context = g_object_ref (context);

  /* This month so far. */
  now = kd_clock_now_local (kd_context_get_clock (context));
  first = g_date_time_add_days (now, 1 - g_date_time_get_day_of_month (now));
  today = g_date_time_format (now, "%Y-%m-%d");
  since = g_date_time_format (first, "%Y-%m-%d");
  g_signal_handlers_block_by_func (self->since_entry, on_range_changed, self);
  g_signal_handlers_block_by_func (self->until_entry, on_range_changed, self);
  gtk_editable_set_text (GTK_EDITABLE (self->since_entry), since);
  gtk_editable_set_text (GTK_EDITABLE (self->until_entry), today);
  g_signal_handlers_unblock_by_func (self->since_entry, on_range_changed, self);
  g_signal_handlers_unblock_by_func (self->until_entry, on_range_changed, self);

  store = kd_context_get_store (context);
  g_signal_connect_object (store, "changed::unpaid_alerts", G_CALLBACK (on_store_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "changed::orders", G_CALLBACK (on_store_changed), self, G_CONNECT_SWAPPED);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_CONTEXT]);
}

static void
kd_unpaid_report_dispose (GObject *object)
{
  KdUnpaidReport *self = KD_UNPAID_REPORT (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), KD_TYPE_UNPAID_REPORT);
  g_clear_object (&self->rows);
  g_clear_pointer (&self->bars, g_ptr_array_unref);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (kd_unpaid_report_parent_class)->dispose (object);
}

static void
kd_unpaid_report_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  KdUnpaidReport *self = KD_UNPAID_REPORT (object);

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
kd_unpaid_report_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  KdUnpaidReport *self = KD_UNPAID_REPORT (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      set_context (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kd_unpaid_report_class_init (KdUnpaidReportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kd_unpaid_report_dispose;
  object_class->get_property = kd_unpaid_report_get_property;
  object_class->set_property = kd_unpaid_report_set_property;
  widget_class->map = kd_unpaid_report_map;

  props[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, KD_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, props);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/unpaid/kd-unpaid-report.ui");
  gtk_widget_class_bind_template_child (widget_class, KdUnpaidReport, box);
  gtk_widget_class_bind_template_child (widget_class, KdUnpaidReport, since_entry);
  gtk_widget_class_bind_template_child (widget_class, KdUnpaidReport, until_entry);
  gtk_widget_class_bind_template_child (widget_class, KdUnpaidReport, period_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KdUnpaidReport, total_label);
  gtk_widget_class_bind_template_child (widget_class, KdUnpaidReport, content_stack);
  gtk_widget_class_bind_template_child (widget_class, KdUnpaidReport, chart);
  gtk_widget_class_bind_template_child (widget_class, KdUnpaidReport, column_view);
  gtk_widget_class_bind_template_child (widget_class, KdUnpaidReport, selection);
  gtk_widget_class_bind_template_child (widget_class, KdUnpaidReport, empty_page);
  gtk_widget_class_bind_template_callback (widget_class, on_range_changed);

  gtk_widget_class_install_action (widget_class, "report.export", NULL, export_activated);
}

static void
kd_unpaid_report_init (KdUnpaidReport *self)
{
  g_autoptr(GtkStringList) periods = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_list_store_new (KD_TYPE_UNPAID_REPORT_ITEM);
  self->bars = g_ptr_array_new_with_free_func ((GDestroyNotify) kd_unpaid_chart_bar_free);
  gtk_no_selection_set_model (self->selection, G_LIST_MODEL (self->rows));

  /* In KdUnpaidPeriod's order. */
  gtk_string_list_append (periods, _("By day"));
  gtk_string_list_append (periods, _("By week"));
  gtk_string_list_append (periods, _("By month"));
  g_signal_handlers_block_by_func (self->period_dropdown, on_range_changed, self);
  gtk_drop_down_set_model (self->period_dropdown, G_LIST_MODEL (periods));
  gtk_drop_down_set_selected (self->period_dropdown, KD_UNPAID_BY_DAY);
  g_signal_handlers_unblock_by_func (self->period_dropdown, on_range_changed, self);

  gtk_drawing_area_set_draw_func (self->chart, draw_chart, self, NULL);
  add_columns (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.export", FALSE);
  gtk_stack_set_visible_child_name (self->content_stack, "empty");
}
