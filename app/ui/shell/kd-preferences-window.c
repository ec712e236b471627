/* kd-preferences-window.c: privacy and alert preferences. */
#include "kd-preferences-window.h"
#include "kd-customer-audit.h"

#include <glib/gi18n.h>

struct _KdPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;
  GSettings            *settings;
  AdwActionRow         *show_full_phone_row;
  GtkSwitch            *show_full_phone_switch;
  GtkSpinButton        *unpaid_hours_spin;
  KdContext            *context;
  AdwPreferencesGroup  *audit_group;
  GPtrArray            *audit_rows;    /* the row widgets shown */
  int                   n_audit_rows;
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
}

static void
kd_preferences_window_init (KdPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->n_audit_rows = -1;
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
  self->audit_rows = g_ptr_array_new ();

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
  return self;
}
