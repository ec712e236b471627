/* kd-window.h: the main window: four pages, the agent at the desk, toasts. */
#pragma once

#include <adwaita.h>

#include "kd-application.h"
#include "kd-context.h"

G_BEGIN_DECLS

#define KD_TYPE_WINDOW (kd_window_get_type ())
G_DECLARE_FINAL_TYPE (KdWindow, kd_window, KD, WINDOW, AdwApplicationWindow)

KdWindow   *kd_window_new                 (KdApplication *app,
                                           KdContext     *context);
KdContext  *kd_window_get_context         (KdWindow      *self);
KdStaff    *kd_window_get_signed_in_staff (KdWindow      *self);
const char *kd_window_get_visible_page    (KdWindow      *self);
void        kd_window_add_toast           (KdWindow      *self,
                                           AdwToast      *toast);

G_END_DECLS
