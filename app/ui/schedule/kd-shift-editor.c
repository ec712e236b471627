/* kd-shift-editor.c: shift templates and special days, read and written off the main thread; the roster page follows through the store's "changed". */
#include "kd-shift-editor.h"
#include "kd-shift-editor-private.h"

#include <glib/gi18n.h>

struct _KdShiftEditor
{
  AdwPreferencesWindow  parent_instance;

  KdContext            *context;
  GPtrArray            *templates;     /* KdShiftTemplate*, as last read */
  GPtrArray            *days;          /* KdSpecialDay* */
  GArray               *day_required;  /* KdDayRequirement */
  KdRosterRules         rules;
  gboolean              have_rules;
  guint                 busy;

  GtkWidget            *shifts_page;
  GtkWidget            *days_page;
  GtkWidget            *rules_page;
  GtkSpinButton        *rule_spins[KD_SHIFT_EDITOR_N_RULES];
  GtkButton            *save_rules;
  GPtrArray            *shift_rows;    /* KdShiftRows*, the last one the new shift */
  AdwEntryRow          *day_entry;
  AdwEntryRow          *day_name;
  GtkSwitch            *promotion;
  GPtrArray            *day_spins;     /* GtkSpinButton*, by template */
  GtkButton            *add_day;
};

G_DEFINE_FINAL_TYPE (KdShiftEditor, kd_shift_editor, ADW_TYPE_PREFERENCES_WINDOW)

static void rebuild (KdShiftEditor *self);

static const char *
weekday_name (int w)
{
  switch (w)
    {
    case 0: return _("Monday");
    case 1: return _("Tuesday");
    case 2: return _("Wednesday");
    case 3: return _("Thursday");
    case 4: return _("Friday");
    case 5: return _("Saturday");
    case 6: return _("Sunday");
    default: return "";
    }
}

static void
toast (KdShiftEditor *self,
       const char    *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (escaped));
}

/* Work off the main thread: an optional write, then the tables read again. */

typedef gboolean (*EditorWrite) (KdRosterService *service, gpointer data, GError **error);

typedef struct {
  KdRosterService *service;
  EditorWrite      write;
  gpointer         data;
  GDestroyNotify   free_data;
  char            *done_text;
  GPtrArray       *templates;
  GPtrArray       *days;
  GArray          *day_required;
  KdRosterRules    rules;
} Job;

static void
job_free (gpointer p)
{
  Job *job = p;

  if (job->free_data != NULL)
    job->free_data (job->data);
  g_clear_object (&job->service);
  g_clear_pointer (&job->templates, g_ptr_array_unref);
  g_clear_pointer (&job->days, g_ptr_array_unref);
  g_clear_pointer (&job->day_required, g_array_unref);
  g_free (job->done_text);
  g_free (job);
}

static void
job_thread (GTask        *task,
            gpointer      source,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;

  if (job->write != NULL && !job->write (job->service, job->data, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  job->templates = kd_roster_service_list_templates (job->service, &error);
  if (job->templates == NULL
      || !kd_roster_service_list_special_days (job->service, &job->days, &job->day_required, &error)
      || !kd_roster_service_load_rules (job->service, &job->rules, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
job_done (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  KdShiftEditor *self = KD_SHIFT_EDITOR (source);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  self->busy--;
  /* Closed while the job ran: nothing left to show it in. */
  if (self->context == NULL)
    return;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      toast (self, error->message);
      return;
    }
  g_clear_pointer (&self->templates, g_ptr_array_unref);
  g_clear_pointer (&self->days, g_ptr_array_unref);
  g_clear_pointer (&self->day_required, g_array_unref);
  self->templates = g_steal_pointer (&job->templates);
  self->days = g_steal_pointer (&job->days);
  self->day_required = g_steal_pointer (&job->day_required);
  self->rules = job->rules;
  self->have_rules = TRUE;
  rebuild (self);
  if (job->done_text != NULL)
    toast (self, job->done_text);
}

static void
run (KdShiftEditor  *self,
     EditorWrite     write,
     gpointer        data,
     GDestroyNotify  free_data,
     const char     *done_text)
{
  g_autoptr(GTask) task = g_task_new (self, kd_context_get_cancellable (self->context), job_done, NULL);
  Job *job = g_new0 (Job, 1);

  job->service = g_object_ref (kd_context_get_roster_service (self->context));
  job->write = write;
  job->data = data;
  job->free_data = free_data;
  job->done_text = g_strdup (done_text);
  g_task_set_task_data (task, job, job_free);
  self->busy++;
  g_task_run_in_thread (task, job_thread);
}

static gboolean
save_template_write (KdRosterService *service, gpointer data, GError **error)
{
  return kd_roster_service_save_template (service, data, error);
}

typedef struct {
  KdSpecialDay *special;
  GArray       *required;
  GDate         remove;
} DayData;

static void
day_data_free (gpointer p)
{
  DayData *d = p;

  kd_special_day_free (d->special);
  if (d->required != NULL)
    g_array_unref (d->required);
  g_free (d);
}

static gboolean
special_day_write (KdRosterService *service, gpointer data, GError **error)
{
  DayData *d = data;

  if (d->special != NULL)
    return kd_roster_service_set_special_day (service, d->special, (KdDayRequirement *) d->required->data,
                                              d->required->len, error);
  return kd_roster_service_remove_special_day (service, &d->remove, error);
}

static gboolean
save_rules_write (KdRosterService *service, gpointer data, GError **error)
{
  return kd_roster_service_save_rules (service, data, error);
}

/* The rules page: each setting with the range core/ allows. */
static const struct {
  const char *title;
  const char *subtitle;
  gsize       offset;
  int         max;
} rule_rows[KD_SHIFT_EDITOR_N_RULES] = {
  { N_("Days off a month"), N_("At least, besides leave"), G_STRUCT_OFFSET (KdRosterRules, days_off), 31 },
  { N_("Working days in a row"), N_("At most, counting the end of last month; 0: no limit"), G_STRUCT_OFFSET (KdRosterRules, max_consecutive), 31 },
  { N_("Rest between shifts (hours)"), N_("At least, from one shift's end to the next one's start"), G_STRUCT_OFFSET (KdRosterRules, min_rest_hours), 24 },
  { N_("Night shifts a month"), N_("At most per person; 0: no cap"), G_STRUCT_OFFSET (KdRosterRules, max_nights), 31 },
  { N_("Spread nights evenly"), N_("How much it weighs when filling; 0: not at all"), G_STRUCT_OFFSET (KdRosterRules, fair_nights), 1000 },
  { N_("Spread weekend shifts evenly"), N_("How much it weighs when filling; 0: not at all"), G_STRUCT_OFFSET (KdRosterRules, fair_weekends), 1000 },
};

static void
on_save_rules (KdShiftEditor *self,
               GtkButton     *button)
{
  KdRosterRules *rules = g_new (KdRosterRules, 1);
  g_autoptr(GError) error = NULL;

  *rules = self->rules;
  for (int i = 0; i < KD_SHIFT_EDITOR_N_RULES; i++)
    G_STRUCT_MEMBER (int, rules, rule_rows[i].offset) = gtk_spin_button_get_value_as_int (self->rule_spins[i]);
  if (!kd_roster_rules_check (rules, &error))
    {
      toast (self, error->message);
      g_free (rules);
      return;
    }
  run (self, save_rules_write, rules, g_free, _("Rules saved"));
}

static void
build_rules_page (KdShiftEditor *self)
{
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  GtkWidget *row;

  self->rules_page = adw_preferences_page_new ();
  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (self->rules_page), _("Rules"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (self->rules_page), "emblem-ok-symbolic");
  adw_preferences_group_set_title (group, _("Rules"));
  adw_preferences_group_set_description (group, _("Checked in the grid after every change, and kept by Fill and Regenerate."));
  for (int i = 0; i < KD_SHIFT_EDITOR_N_RULES; i++)
    {
      GtkWidget *s = gtk_spin_button_new_with_range (0, rule_rows[i].max, 1);

      gtk_spin_button_set_value (GTK_SPIN_BUTTON (s), G_STRUCT_MEMBER (int, &self->rules, rule_rows[i].offset));
      gtk_widget_set_valign (s, GTK_ALIGN_CENTER);
      gtk_widget_set_sensitive (s, self->have_rules);
      gtk_accessible_update_property (GTK_ACCESSIBLE (s), GTK_ACCESSIBLE_PROPERTY_LABEL, _(rule_rows[i].title), -1);
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(rule_rows[i].title));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _(rule_rows[i].subtitle));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), s);
      adw_preferences_group_add (group, row);
      self->rule_spins[i] = GTK_SPIN_BUTTON (s);
    }
  self->save_rules = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Save Rules")));
  gtk_widget_add_css_class (GTK_WIDGET (self->save_rules), "suggested-action");
  gtk_widget_set_valign (GTK_WIDGET (self->save_rules), GTK_ALIGN_CENTER);
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_rules), self->have_rules);
  g_signal_connect_object (self->save_rules, "clicked", G_CALLBACK (on_save_rules), self, G_CONNECT_SWAPPED);
  row = adw_action_row_new ();
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (self->save_rules));
  adw_preferences_group_add (group, row);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self->rules_page), group);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (self->rules_page));
}

/* The shifts page. */

static GtkSpinButton *
spin (double value)
{
  GtkWidget *s = gtk_spin_button_new_with_range (0, KD_SHIFT_REQUIRED_MAX, 1);

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (s), value);
  gtk_widget_set_valign (s, GTK_ALIGN_CENTER);
  return GTK_SPIN_BUTTON (s);
}

static AdwEntryRow *
entry_row (AdwExpanderRow *parent,
           const char     *title,
           const char     *text)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
  adw_expander_row_add_row (parent, row);
  return ADW_ENTRY_ROW (row);
}

static void
action_row (AdwExpanderRow *parent,
            const char     *title,
            const char     *subtitle,
            GtkWidget      *suffix)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), suffix);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), suffix);
  gtk_accessible_update_property (GTK_ACCESSIBLE (suffix), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  adw_expander_row_add_row (parent, row);
}

static void
on_save_shift (KdShiftEditor *self,
               GtkButton     *button)
{
  KdShiftRows *r = g_object_get_data (G_OBJECT (button), "kd-rows");
  g_autoptr(KdShiftTemplate) t = NULL;
  g_autoptr(GError) error = NULL;
  GdkRGBA colour;
  g_autofree char *colour_s = NULL;
  int start, end, required;

  if (!kd_shift_parse_time (gtk_editable_get_text (GTK_EDITABLE (r->start)), &start)
      || !kd_shift_parse_time (gtk_editable_get_text (GTK_EDITABLE (r->end)), &end))
    {
      toast (self, _("Write the start and end as HH:MM, for example 17:00 and 01:00."));
      return;
    }
  gtk_color_chooser_get_rgba (GTK_COLOR_CHOOSER (r->colour), &colour);
  colour_s = g_strdup_printf ("#%02x%02x%02x", (int) (colour.red * 255 + 0.5), (int) (colour.green * 255 + 0.5),
                              (int) (colour.blue * 255 + 0.5));
  required = gtk_spin_button_get_value_as_int (r->required);
  t = kd_shift_template_new (gtk_editable_get_text (GTK_EDITABLE (r->code)), gtk_editable_get_text (GTK_EDITABLE (r->name)),
                             colour_s, start, kd_shift_length_from_times (start, end), required,
                             gtk_switch_get_active (r->night));
  t->id = r->id;
  /* A weekday with the everyday number is no exception. */
  for (int w = 0; w < 7; w++)
    {
      int n = gtk_spin_button_get_value_as_int (r->weekday[w]);
      t->required_on[w] = n == required ? -1 : n;
    }
  if (!kd_shift_template_validate (t, &error))
    {
      toast (self, error->message);
      return;
    }
  run (self, save_template_write, g_steal_pointer (&t), (GDestroyNotify) kd_shift_template_free,
       r->id != 0 ? _("Shift saved") : _("Shift added"));
}

static void
add_shift_rows (KdShiftEditor         *self,
                AdwPreferencesGroup   *group,
                const KdShiftTemplate *t)
{
  KdShiftRows *r = g_new0 (KdShiftRows, 1);
  GtkWidget *expander = adw_expander_row_new ();
  g_autofree char *start = kd_shift_format_time (t != NULL ? t->start_minute : 0);
  g_autofree char *end = kd_shift_format_time (t != NULL ? t->start_minute + t->length : 120);
  GdkRGBA colour;
  GtkWidget *button;

  r->id = t != NULL ? t->id : 0;
  r->row = ADW_EXPANDER_ROW (expander);
  if (t != NULL)
    {
      g_autofree char *title = g_strdup_printf ("%s  %s", t->code, t->name);
      /* Translators: a shift's times and the people it needs a day. */
      g_autofree char *subtitle = g_strdup_printf (_("%s–%s · %d a day"), start, end, t->required);
      g_autofree char *escaped = g_markup_escape_text (title, -1);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), escaped);
      adw_expander_row_set_subtitle (r->row, subtitle);
    }
  else
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), _("New Shift"));
      adw_expander_row_set_subtitle (r->row, _("For example 00:00–02:00, all hands on a promotion night"));
    }
  r->code = entry_row (r->row, _("Code (one capital letter)"), t ? t->code : "");
  r->name = entry_row (r->row, _("Shift name"), t ? t->name : "");
  r->start = entry_row (r->row, _("Starts (HH:MM)"), start);
  r->end = entry_row (r->row, _("Ends (HH:MM; at or before the start: the next day)"), end);
  r->colour = GTK_COLOR_BUTTON (gtk_color_button_new ());
  gtk_widget_set_valign (GTK_WIDGET (r->colour), GTK_ALIGN_CENTER);
  if (gdk_rgba_parse (&colour, t && t->colour ? t->colour : "#3584e4"))
    gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (r->colour), &colour);
  action_row (r->row, _("Colour in the grid"), NULL, GTK_WIDGET (r->colour));
  r->night = GTK_SWITCH (gtk_switch_new ());
  gtk_widget_set_valign (GTK_WIDGET (r->night), GTK_ALIGN_CENTER);
  gtk_switch_set_active (r->night, t ? t->is_night : FALSE);
  action_row (r->row, _("Night shift"), _("Counted against the nights cap and spread evenly"), GTK_WIDGET (r->night));
  r->required = spin (t ? t->required : 0);
  action_row (r->row, _("People needed every day"), NULL, GTK_WIDGET (r->required));
  for (int w = 0; w < 7; w++)
    {
      r->weekday[w] = spin (t ? kd_shift_template_required_on (t, w) : 0);
      action_row (r->row, weekday_name (w), _("People needed on this weekday"), GTK_WIDGET (r->weekday[w]));
    }
  button = gtk_button_new_with_mnemonic (t != NULL ? _("_Save Shift") : _("_Add Shift"));
  gtk_widget_add_css_class (button, "suggested-action");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_object_set_data (G_OBJECT (button), "kd-rows", r);
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_save_shift), self, G_CONNECT_SWAPPED);
  r->save = GTK_BUTTON (button);
  {
    GtkWidget *row = adw_action_row_new ();
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    adw_expander_row_add_row (r->row, row);
  }
  adw_preferences_group_add (group, expander);
  g_ptr_array_add (self->shift_rows, r);
}

typedef struct {
  char *text;
  gsize length;
  int   added;
} IcsData;

static void
ics_data_free (gpointer p)
{
  IcsData *d = p;

  g_free (d->text);
  g_free (d);
}

static gboolean
import_write (KdRosterService *service, gpointer data, GError **error)
{
  IcsData *d = data;

  return kd_roster_service_import_holidays (service, d->text, d->length, &d->added, error);
}

static void
ics_loaded (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(KdShiftEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  IcsData *d = g_new0 (IcsData, 1);

  self->busy--;
  if (!g_file_load_contents_finish (G_FILE (source), result, &d->text, &d->length, NULL, &error))
    {
      ics_data_free (d);
      if (self->context != NULL)
        toast (self, error->message);
      return;
    }
  if (self->context == NULL)
    {
      ics_data_free (d);
      return;
    }
  /* The count is only known once written: say it in general terms. */
  run (self, import_write, d, ics_data_free, _("Holidays from the calendar file marked"));
}

void
_kd_shift_editor_import_file (KdShiftEditor *self,
                              GFile         *file)
{
  self->busy++;
  g_file_load_contents_async (file, kd_context_get_cancellable (self->context), ics_loaded, g_object_ref (self));
}

static void
on_chooser_response (GtkNativeDialog *chooser,
                     int              response,
                     KdShiftEditor   *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      if (file != NULL)
        _kd_shift_editor_import_file (self, file);
    }
  g_object_unref (chooser);
}

static void
on_import_ics (KdShiftEditor *self,
               GtkButton     *button)
{
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (_("Import Holidays"), GTK_WINDOW (self),
                                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), NULL);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Calendar files (.ics)"));
  gtk_file_filter_add_pattern (filter, "*.ics");
  gtk_file_filter_add_mime_type (filter, "text/calendar");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_chooser_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* The special days page. */

static void
on_remove_day (KdShiftEditor *self,
               GtkButton     *button)
{
  DayData *d = g_new0 (DayData, 1);

  d->remove = *(GDate *) g_object_get_data (G_OBJECT (button), "kd-day");
  run (self, special_day_write, d, day_data_free, _("Day unmarked"));
}

static void
on_add_day (KdShiftEditor *self,
            GtkButton     *button)
{
  DayData *d;
  GDate day;
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->day_name));

  if (!kd_roster_parse_day (gtk_editable_get_text (GTK_EDITABLE (self->day_entry)), &day))
    {
      toast (self, _("Write the day as YYYY-MM-DD, for example 2026-11-11."));
      return;
    }
  d = g_new0 (DayData, 1);
  d->special = kd_special_day_new (&day, name, gtk_switch_get_active (self->promotion)
                                               ? KD_SPECIAL_PROMOTION : KD_SPECIAL_HOLIDAY);
  d->required = g_array_new (FALSE, FALSE, sizeof (KdDayRequirement));
  for (guint i = 0; i < self->day_spins->len && i < self->templates->len; i++)
    {
      const KdShiftTemplate *t = g_ptr_array_index (self->templates, i);
      KdDayRequirement r = { day, t->id, gtk_spin_button_get_value_as_int (g_ptr_array_index (self->day_spins, i)) };

      /* Only what differs from that weekday's usual numbers. */
      if (r.required != kd_shift_template_required_on (t, g_date_get_weekday (&day) - G_DATE_MONDAY))
        g_array_append_val (d->required, r);
    }
  run (self, special_day_write, d, day_data_free, _("Day marked"));
}

static char *
describe_day (KdShiftEditor      *self,
              const KdSpecialDay *sd)
{
  GString *s = g_string_new (sd->kind == KD_SPECIAL_PROMOTION ? _("Promotion") : _("Holiday"));

  for (guint i = 0; i < self->day_required->len; i++)
    {
      const KdDayRequirement *r = &g_array_index (self->day_required, KdDayRequirement, i);

      if (g_date_compare (&r->day, &sd->day) != 0)
        continue;
      for (guint k = 0; k < self->templates->len; k++)
        {
          const KdShiftTemplate *t = g_ptr_array_index (self->templates, k);
          if (t->id == r->shift_id)
            g_string_append_printf (s, " · %s %d", t->name, r->required);
        }
    }
  return g_string_free (s, FALSE);
}

static void
rebuild (KdShiftEditor *self)
{
  AdwPreferencesGroup *group;
  GtkWidget *row;

  if (self->shifts_page != NULL)
    adw_preferences_window_remove (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (self->shifts_page));
  if (self->days_page != NULL)
    adw_preferences_window_remove (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (self->days_page));
  if (self->rules_page != NULL)
    adw_preferences_window_remove (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (self->rules_page));
  g_ptr_array_set_size (self->shift_rows, 0);
  g_ptr_array_set_size (self->day_spins, 0);

  self->shifts_page = adw_preferences_page_new ();
  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (self->shifts_page), _("Shifts"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (self->shifts_page), "x-office-calendar-symbolic");
  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Shifts"));
  adw_preferences_group_set_description (group, _("A shift's letter sets it in the grid. People needed can differ by weekday."));
  for (guint i = 0; self->templates != NULL && i < self->templates->len; i++)
    add_shift_rows (self, group, g_ptr_array_index (self->templates, i));
  add_shift_rows (self, group, NULL);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self->shifts_page), group);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (self->shifts_page));

  self->days_page = adw_preferences_page_new ();
  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (self->days_page), _("Special Days"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (self->days_page), "starred-symbolic");
  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Marked Days"));
  adw_preferences_group_set_description (group, _("Public holidays and promotions, marked in the grid's header."));
  {
    GtkWidget *import = gtk_button_new_with_mnemonic (_("_Import Holidays…"));

    gtk_widget_set_tooltip_text (import, _("Mark the days of an iCalendar (.ics) holiday calendar"));
    gtk_widget_add_css_class (import, "flat");
    g_signal_connect_object (import, "clicked", G_CALLBACK (on_import_ics), self, G_CONNECT_SWAPPED);
    adw_preferences_group_set_header_suffix (group, import);
  }
  for (guint i = 0; self->days != NULL && i < self->days->len; i++)
    {
      const KdSpecialDay *sd = g_ptr_array_index (self->days, i);
      g_autofree char *title = g_strdup_printf ("%04d-%02d-%02d  %s", g_date_get_year (&sd->day), g_date_get_month (&sd->day),
                                                g_date_get_day (&sd->day), sd->name);
      g_autofree char *escaped = g_markup_escape_text (title, -1);
      g_autofree char *subtitle = describe_day (self, sd);
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, _("Unmark this day"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Unmark this day"), -1);
      g_object_set_data_full (G_OBJECT (remove), "kd-day", g_memdup2 (&sd->day, sizeof (GDate)), g_free);
      g_signal_connect_object (remove, "clicked", G_CALLBACK (on_remove_day), self, G_CONNECT_SWAPPED);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      adw_preferences_group_add (group, row);
    }
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self->days_page), group);

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Mark a Day"));
  row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Day (YYYY-MM-DD)"));
  self->day_entry = ADW_ENTRY_ROW (row);
  adw_preferences_group_add (group, row);
  row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Name, for example 双11"));
  self->day_name = ADW_ENTRY_ROW (row);
  adw_preferences_group_add (group, row);
  self->promotion = GTK_SWITCH (gtk_switch_new ());
  gtk_widget_set_valign (GTK_WIDGET (self->promotion), GTK_ALIGN_CENTER);
  gtk_switch_set_active (self->promotion, TRUE);
  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Promotion"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Off: a public holiday"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (self->promotion));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), GTK_WIDGET (self->promotion));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->promotion), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Promotion"), -1);
  adw_preferences_group_add (group, row);
  for (guint i = 0; self->templates != NULL && i < self->templates->len; i++)
    {
      const KdShiftTemplate *t = g_ptr_array_index (self->templates, i);
      g_autofree char *title = g_strdup_printf (_("People on %s (%s) that day"), t->name, t->code);
      GtkSpinButton *s = spin (t->required);

      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (s));
      gtk_accessible_update_property (GTK_ACCESSIBLE (s), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
      adw_preferences_group_add (group, row);
      g_ptr_array_add (self->day_spins, s);
    }
  self->add_day = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Mark Day")));
  gtk_widget_add_css_class (GTK_WIDGET (self->add_day), "suggested-action");
  gtk_widget_set_valign (GTK_WIDGET (self->add_day), GTK_ALIGN_CENTER);
  g_signal_connect_object (self->add_day, "clicked", G_CALLBACK (on_add_day), self, G_CONNECT_SWAPPED);
  row = adw_action_row_new ();
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (self->add_day));
  adw_preferences_group_add (group, row);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self->days_page), group);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (self->days_page));
  build_rules_page (self);
}

static void
kd_shift_editor_dispose (GObject *object)
{
  KdShiftEditor *self = KD_SHIFT_EDITOR (object);

  g_clear_object (&self->context);
  g_clear_pointer (&self->templates, g_ptr_array_unref);
  g_clear_pointer (&self->days, g_ptr_array_unref);
  g_clear_pointer (&self->day_required, g_array_unref);
  g_clear_pointer (&self->shift_rows, g_ptr_array_unref);
  g_clear_pointer (&self->day_spins, g_ptr_array_unref);
  G_OBJECT_CLASS (kd_shift_editor_parent_class)->dispose (object);
}

static void
kd_shift_editor_class_init (KdShiftEditorClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kd_shift_editor_dispose;
}

static void
kd_shift_editor_init (KdShiftEditor *self)
{
  self->shift_rows = g_ptr_array_new_with_free_func (g_free);
  kd_roster_rules_init_defaults (&self->rules);
  self->day_spins = g_ptr_array_new ();
  gtk_window_set_title (GTK_WINDOW (self), _("Shifts, Special Days and Rules"));
  gtk_window_set_default_size (GTK_WINDOW (self), 560, 640);
  adw_preferences_window_set_search_enabled (ADW_PREFERENCES_WINDOW (self), FALSE);
}

GtkWidget *
kd_shift_editor_new (GtkWindow *parent,
                     KdContext *context)
{
  KdShiftEditor *self = g_object_new (KD_TYPE_SHIFT_EDITOR, "transient-for", parent, "modal", TRUE, NULL);

  self->context = g_object_ref (context);
  rebuild (self);
  run (self, NULL, NULL, NULL, NULL);
  return GTK_WIDGET (self);
}

GPtrArray *
_kd_shift_editor_get_shift_rows (KdShiftEditor *self)
{
  return self->shift_rows;
}

AdwEntryRow *
_kd_shift_editor_get_day_entry (KdShiftEditor *self)
{
  return self->day_entry;
}

AdwEntryRow *
_kd_shift_editor_get_day_name (KdShiftEditor *self)
{
  return self->day_name;
}

GtkSwitch *
_kd_shift_editor_get_promotion (KdShiftEditor *self)
{
  return self->promotion;
}

GPtrArray *
_kd_shift_editor_get_day_spins (KdShiftEditor *self)
{
  return self->day_spins;
}

GtkButton *
_kd_shift_editor_get_add_day (KdShiftEditor *self)
{
  return self->add_day;
}

guint
_kd_shift_editor_get_n_days (KdShiftEditor *self)
{
  return self->days != NULL ? self->days->len : 0;
}

GtkSpinButton *
_kd_shift_editor_get_rule_spin (KdShiftEditor *self,
                                int            i)
{
  return self->rule_spins[i];
}

GtkButton *
_kd_shift_editor_get_save_rules (KdShiftEditor *self)
{
  return self->save_rules;
}

gboolean
_kd_shift_editor_is_busy (KdShiftEditor *self)
{
  return self->busy > 0;
}
