/* kd-application.h: the single-instance application: settings, actions, the window. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define KD_TYPE_APPLICATION (kd_application_get_type ())
G_DECLARE_FINAL_TYPE (KdApplication, kd_application, KD, APPLICATION, AdwApplication)

KdApplication *kd_application_new (const char *db_path,
                                   gboolean    backup_enabled);

int            kd_application_run_picker (KdApplication *self);
/* `kefu-desk --background`: no window at start, only the unpaid-order
 * monitor (the desktop's autostart runs this). */
void           kd_application_set_background (KdApplication *self,
                                              gboolean       background);

G_END_DECLS
