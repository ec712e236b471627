/* kd-autostart.h: "Start at login": the XDG autostart entry that runs the alert monitor without a window. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* $XDG_CONFIG_HOME/autostart/io.github.kefudesk.KefuDesk.desktop */
char     *kd_autostart_get_path    (void);
gboolean  kd_autostart_is_enabled  (void);
/* Writes the entry (Exec=kefu-desk --background) or removes it; removing
 * one that is not there is not an error. */
gboolean  kd_autostart_set_enabled (gboolean   enabled,
                                    GError   **error);

G_END_DECLS
