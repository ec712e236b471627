/* kd-preferences-window.h: the desk's preferences, bound to GSettings. */
#pragma once

#include <adwaita.h>

#include "kd-context.h"

G_BEGIN_DECLS

#define KD_TYPE_PREFERENCES_WINDOW (kd_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (KdPreferencesWindow, kd_preferences_window, KD, PREFERENCES_WINDOW, AdwPreferencesWindow)

KdPreferencesWindow *kd_preferences_window_new (GSettings *settings);
/* Reads the shop's "alert at any hour" and adds the Privacy Log page:
 * who revealed, exported or imported which customers, read from @context's
 * customer service, when the owner is signed in; for anyone else the
 * unmasked-data switch is off limits. */
void                 kd_preferences_window_set_context (KdPreferencesWindow *self,
                                                        KdContext           *context);
/* Whether the Privacy Log page is there: only for the owner. */
gboolean             kd_preferences_window_has_privacy_log  (KdPreferencesWindow *self);
/* The Orders page's entry for the shop's time zone (tests). */
AdwEntryRow         *kd_preferences_window_get_time_zone_entry (KdPreferencesWindow *self);
/* The Orders page's entry for @flag's name or (@meaning) meaning (tests). */
AdwEntryRow         *kd_preferences_window_get_flag_entry (KdPreferencesWindow *self,
                                                           KdFlag               flag,
                                                           gboolean             meaning);
/* How many privacy-log rows are listed (tests); -1 while they are read. */
int                  kd_preferences_window_get_n_audit_rows (KdPreferencesWindow *self);

G_END_DECLS
