/* kd-toast.h: toasts with plain text (escaped for libadwaita 1.2's markup titles) and the undo toast. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

AdwToast *kd_toast_new        (const char   *text);
AdwToast *kd_toast_new_undo   (GtkWidget    *owner,
                               const char   *text,
                               const char   *undo_action);
void      kd_toast_show       (GtkWidget    *widget,
                               AdwToast     *toast);
void      kd_toast_show_error (GtkWidget    *widget,
                               const GError *error);
void      kd_toast_show_replacing (GtkWidget  *widget,
                                   AdwToast  **shown,
                                   AdwToast   *toast);

G_END_DECLS
