/* kd-preferences-window.c: privacy and alert preferences, the shop's seller flags, the privacy log. */
#include "kd-preferences-window.h"
#include "kd-autostart.h"
#include "kd-customer-audit.h"
#include "kd-orders-util.h"

#include <glib/gi18n.h>

struct _KdPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;
  GSettings            *settings;
  AdwActionRow         *show_full_phone_row;
  GtkSwitch            *show_full_phone_switch;
  GtkSpinButton        *unpaid_hours_spin;
  GtkSwitch            *keep_running_switch;
  GtkSwitch            *any_hour_switch;
  AdwActionRow         *any_hour_row;
  GtkSwitch            *autostart_switch;
  KdContext            *context;
  AdwPreferencesGroup  *audit_group;
  GPtrArray            *audit_rows;    /* the row widgets shown */
  int                   n_audit_rows;
  AdwEntryRow          *flag_names[KD_N_FLAGS];      /* [KD_FLAG_NONE] unused */
  AdwEntryRow          *flag_meanings[KD_N_FLAGS];
  AdwEntryRow          *time_zone;
};

G_DEFINE_FINAL_TYPE (KdPreferencesWindow, kd_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
kd_preferences_window_dispose (GObject *object)
{
  KdPreferencesWindow *self = KD_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KD_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->context);
  g_clear_pointer (&self->audit_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (kd_preferences_window_parent_class)->dispose (object);
}

static void
kd_preferences_window_class_init (KdPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kd_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/shell/kd-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KdPreferencesWindow, show_full_phone_row);
  gtk_widget_class_bind_template_child (widget_class, KdPreferencesWindow, show_full_phone_switch);
  gtk_widget_class_bind_template_child (widget_class, KdPreferencesWindow, unpaid_hours_spin);
  gtk_widget_class_bind_template_child (widget_class, KdPreferencesWindow, keep_running_switch);
  gtk_widget_class_bind_template_child (widget_class, KdPreferencesWindow, any_hour_switch);
  gtk_widget_class_bind_template_child (widget_class, KdPreferencesWindow, any_hour_row);
  gtk_widget_class_bind_template_child (widget_class, KdPreferencesWindow, autostart_switch);
}

static void
show_error (KdPreferencesWindow *self,
            const GError        *error)
{
  g_autofree char *escaped = g_markup_escape_text (error->message, -1);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (escaped));
}

/* The switch shows whether the autostart file is there, whoever wrote it. */
static void
on_autostart_toggled (KdPreferencesWindow *self)
{
  gboolean wanted = gtk_switch_get_active (self->autostart_switch);
  g_autoptr(GError) error = NULL;

  if (wanted == kd_autostart_is_enabled ())
    return;
  if (!kd_autostart_set_enabled (wanted, &error))
    show_error (self, error);
  g_signal_handlers_block_by_func (self->autostart_switch, on_autostart_toggled, self);
  gtk_switch_set_active (self->autostart_switch, kd_autostart_is_enabled ());
  g_signal_handlers_unblock_by_func (self->autostart_switch, on_autostart_toggled, self);
}

/* A shop setting in the database, not this desk's GSettings: every desk
 * routes the same way. One small settings row, read and written directly. */
static void
on_any_hour_toggled (KdPreferencesWindow *self)
{
  KdUnpaidService *service = kd_context_get_unpaid_service (self->context);
  gboolean wanted = gtk_switch_get_active (self->any_hour_switch);
  g_autoptr(GError) error = NULL;

  if (!kd_unpaid_service_set_any_hour (service, wanted, &error))
    {
      show_error (self, error);
      g_signal_handlers_block_by_func (self->any_hour_switch, on_any_hour_toggled, self);
      gtk_switch_set_active (self->any_hour_switch, !wanted);
      g_signal_handlers_unblock_by_func (self->any_hour_switch, on_any_hour_toggled, self);
    }
}

static void
kd_preferences_window_init (KdPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->n_audit_rows = -1;

  gtk_switch_set_active (self->autostart_switch, kd_autostart_is_enabled ());
  g_signal_connect_swapped (self->autostart_switch, "notify::active", G_CALLBACK (on_autostart_toggled), self);
  /* Until a context says what the shop chose. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->any_hour_row), FALSE);
}

/* ---------------------------------------------------------------- seller flags */

static void
flag_texts_saved (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(KdPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!kd_order_service_set_flag_texts_finish (KD_ORDER_SERVICE (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *markup = g_markup_escape_text (error->message, -1);
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (markup));
    }
}

/* Either entry of a flag applied: both are saved (empty: the default). */
static void
on_flag_apply (AdwEntryRow         *row,
               KdPreferencesWindow *self)
{
  KdFlag flag = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "kd-flag"));

  kd_order_service_set_flag_texts_async (kd_context_get_order_service (self->context), flag,
                                         gtk_editable_get_text (GTK_EDITABLE (self->flag_names[flag])),
                                         gtk_editable_get_text (GTK_EDITABLE (self->flag_meanings[flag])),
                                         kd_context_get_cancellable (self->context), flag_texts_saved,
                                         g_object_ref (self));
}

static AdwEntryRow *
flag_entry_new (KdPreferencesWindow *self,
                KdFlag               flag,
                const char          *title,
                const char          *text)
{
  AdwEntryRow *row = ADW_ENTRY_ROW (adw_entry_row_new ());
  g_autofree char *a11y = NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_entry_row_set_show_apply_button (row, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  /* Translators: a Seller Flags entry's accessible name: the flag's colour, then "Name" or "Meaning" */
  a11y = g_strdup_printf (_("%s: %s"), kd_flag_get_label (flag), title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
  g_object_set_data (G_OBJECT (row), "kd-flag", GINT_TO_POINTER (flag));
  g_signal_connect (row, "apply", G_CALLBACK (on_flag_apply), self);
  return row;
}

static void
time_zone_saved (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(KdPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!kd_order_service_save_time_zone_finish (KD_ORDER_SERVICE (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *markup = g_markup_escape_text (error->message, -1);
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (markup));
    }
}

static void
on_time_zone_apply (AdwEntryRow         *row,
                    KdPreferencesWindow *self)
{
  kd_order_service_save_time_zone_async (kd_context_get_order_service (self->context),
                                         gtk_editable_get_text (GTK_EDITABLE (row)),
                                         kd_context_get_cancellable (self->context), time_zone_saved,
                                         g_object_ref (self));
}

/* The Orders page: the shop's time zone for report times, and the five
 * flags: what the shop calls each and what it means by it, shown on the
 * board (flag bar, tooltips, the remark box). */
static void
add_flags_page (KdPreferencesWindow *self)
{
  KdOrderService *svc = kd_context_get_order_service (self->context);
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *tz_group = adw_preferences_group_new ();

  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (page), _("Orders"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (page), "mail-mark-important-symbolic");
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (tz_group), _("Order Reports"));
  self->time_zone = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->time_zone), _("Shop time zone (times in the reports)"));
  adw_entry_row_set_show_apply_button (self->time_zone, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->time_zone), kd_order_service_get_time_zone (svc));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->time_zone), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Shop time zone"), -1);
  g_signal_connect (self->time_zone, "apply", G_CALLBACK (on_time_zone_apply), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (tz_group), GTK_WIDGET (self->time_zone));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (tz_group));
  for (int f = KD_FLAG_NONE + 1; f < KD_N_FLAGS; f++)
    {
      GtkWidget *group = adw_preferences_group_new ();
      const char *name = kd_order_service_get_flag_name (svc, f);
      const char *meaning = kd_order_service_get_flag_meaning (svc, f);

      if (f == KD_FLAG_NONE + 1)
        {
          /* Translators: the heading over the first seller flag's name and meaning in Preferences */
          g_autofree char *title = g_strdup_printf (_("Seller Flags: %s"), kd_flag_get_label (f));
          adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
        }
      else
        adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), kd_flag_get_label (f));
      if (f == KD_FLAG_NONE + 1)
        adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                               _("What the shop calls each of Taobao's seller flags and what it means by it, "
                                                 "as the Orders page shows them. Leave a field empty for the default."));
      adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), kd_orders_flag_dot_new (f));
      self->flag_names[f] = flag_entry_new (self, f, _("Name"), name);
      self->flag_meanings[f] = flag_entry_new (self, f, _("Meaning"), meaning);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->flag_names[f]));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->flag_meanings[f]));
      adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
    }
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (page));
}

AdwEntryRow *
kd_preferences_window_get_time_zone_entry (KdPreferencesWindow *self)
{
  g_return_val_if_fail (KD_IS_PREFERENCES_WINDOW (self), NULL);
  return self->time_zone;
}

AdwEntryRow *
kd_preferences_window_get_flag_entry (KdPreferencesWindow *self,
                                      KdFlag               flag,
                                      gboolean             meaning)
{
  g_return_val_if_fail (KD_IS_PREFERENCES_WINDOW (self), NULL);
  g_return_val_if_fail (flag > KD_FLAG_NONE && flag < KD_N_FLAGS, NULL);
  return meaning ? self->flag_meanings[flag] : self->flag_names[flag];
}

/* ---------------------------------------------------------------- privacy log */

static void
audit_listed (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(KdPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = kd_customer_service_list_audit_finish (KD_CUSTOMER_SERVICE (source), result, &error);
  g_autoptr(GPtrArray) staff = NULL;
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  if (rows == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        adw_preferences_group_set_description (self->audit_group, error->message);
      return;
    }
  /* Former staff too: the log names whoever was at the desk then. */
  staff = kd_staff_service_list (kd_context_get_staff_service (self->context), FALSE, NULL);
  for (guint i = 0; staff && i < staff->len; i++)
    {
      KdStaff *s = g_ptr_array_index (staff, i);
      gint64 id = kd_staff_get_id (s);
      g_hash_table_insert (names, g_memdup2 (&id, sizeof id), (gpointer) kd_staff_get_name (s));
    }

  for (guint i = 0; i < rows->len; i++)
    {
      gconstpointer row = g_ptr_array_index (rows, i);
      gint64 staff_id = kd_customer_audit_get_staff_id (row);
      const char *who = staff_id > 0 ? g_hash_table_lookup (names, &staff_id) : NULL;
      guint n = kd_customer_audit_get_n_records (row);
      g_autoptr(GDateTime) at = g_date_time_new_from_unix_local (kd_customer_audit_get_at (row));
      g_autofree char *when = at ? g_date_time_format (at, "%Y-%m-%d %H:%M") : g_strdup ("");
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      GtkWidget *action_row = adw_action_row_new ();

      /* Translators: a privacy-log row: what was done, to how many customers */
      title = g_strdup_printf (ngettext ("%s · %u customer", "%s · %u customers", n),
                               kd_customer_audit_action_label (kd_customer_audit_get_action (row)), n);
      /* Translators: a privacy-log row's second line: when, who, what about */
      subtitle = g_strdup_printf (_("%s · %s · %s"), when,
                                  who ? who : staff_id > 0 ? _("(former staff)") : _("nobody signed in"),
                                  kd_customer_audit_get_detail (row));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (action_row), title);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (action_row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (action_row), subtitle);
      adw_preferences_group_add (self->audit_group, action_row);
      g_ptr_array_add (self->audit_rows, action_row);
    }
  if (rows->len == 0)
    adw_preferences_group_set_description (self->audit_group, _("Nothing yet: no contact data has been revealed and no customers exported."));
  self->n_audit_rows = (int) rows->len;
}

void
kd_preferences_window_set_context (KdPreferencesWindow *self,
                                   KdContext           *context)
{
  GtkWidget *page;
  GtkWidget *group;

  g_return_if_fail (KD_IS_PREFERENCES_WINDOW (self));
  g_return_if_fail (self->context == NULL);

  self->context = g_object_ref (context);
  add_flags_page (self);
  self->audit_rows = g_ptr_array_new ();

  {
    gboolean any_hour = FALSE;
    g_autoptr(GError) error = NULL;

    if (kd_unpaid_service_get_any_hour (kd_context_get_unpaid_service (context), &any_hour, &error))
      {
        gtk_switch_set_active (self->any_hour_switch, any_hour);
        g_signal_connect_swapped (self->any_hour_switch, "notify::active", G_CALLBACK (on_any_hour_toggled), self);
        gtk_widget_set_sensitive (GTK_WIDGET (self->any_hour_row), TRUE);
      }
    else
      adw_action_row_set_subtitle (self->any_hour_row, error->message);
  }
  /* Customers' contact data is the owner's to unmask and the privacy log
   * theirs to read (kd-desk-session.h); the service refuses anyone else. */
  if (!kd_desk_session_is_owner (kd_context_get_session (context)))
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->show_full_phone_row), FALSE);
      adw_action_row_set_subtitle (self->show_full_phone_row,
                                   _("Only the shop owner, signed in, can see customers' contact data unmasked"));
      return;
    }
  page = adw_preferences_page_new ();
  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (page), _("Privacy Log"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (page), "security-high-symbolic");
  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Privacy Log"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Every reveal of a customer's contact data, every export and import, newest first: when, who was signed in, how many customers."));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (page));
  self->audit_group = ADW_PREFERENCES_GROUP (group);
  kd_customer_service_list_audit_async (kd_context_get_customer_service (context), 200,
                                        kd_context_get_cancellable (context), audit_listed, g_object_ref (self));
}

gboolean
kd_preferences_window_has_privacy_log (KdPreferencesWindow *self)
{
  g_return_val_if_fail (KD_IS_PREFERENCES_WINDOW (self), FALSE);
  return self->audit_group != NULL;
}

int
kd_preferences_window_get_n_audit_rows (KdPreferencesWindow *self)
{
  g_return_val_if_fail (KD_IS_PREFERENCES_WINDOW (self), -1);
  return self->n_audit_rows;
}

KdPreferencesWindow *
kd_preferences_window_new (GSettings *settings)
{
  KdPreferencesWindow *self = g_object_new (KD_TYPE_PREFERENCES_WINDOW, NULL);

  self->settings = g_object_ref (settings);
  g_settings_bind (settings, "show-full-phone", self->show_full_phone_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "unpaid-alert-hours",
                   gtk_spin_button_get_adjustment (self->unpaid_hours_spin), "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "keep-running", self->keep_running_switch, "active", G_SETTINGS_BIND_DEFAULT);
  return self;
}
