/* kd-preferences-window.c: privacy and alert preferences. */
#include "kd-preferences-window.h"

struct _KdPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;
  GSettings            *settings;
  GtkSwitch            *show_full_phone_switch;
  GtkSpinButton        *unpaid_hours_spin;
};

G_DEFINE_FINAL_TYPE (KdPreferencesWindow, kd_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
kd_preferences_window_dispose (GObject *object)
{
  KdPreferencesWindow *self = KD_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KD_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (kd_preferences_window_parent_class)->dispose (object);
}

static void
kd_preferences_window_class_init (KdPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kd_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/shell/kd-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KdPreferencesWindow, show_full_phone_switch);
  gtk_widget_class_bind_template_child (widget_class, KdPreferencesWindow, unpaid_hours_spin);
}

static void
kd_preferences_window_init (KdPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
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
