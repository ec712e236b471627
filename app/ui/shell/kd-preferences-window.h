/* kd-preferences-window.h: the desk's preferences, bound to GSettings. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define KD_TYPE_PREFERENCES_WINDOW (kd_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (KdPreferencesWindow, kd_preferences_window, KD, PREFERENCES_WINDOW, AdwPreferencesWindow)

KdPreferencesWindow *kd_preferences_window_new (GSettings *settings);

G_END_DECLS
