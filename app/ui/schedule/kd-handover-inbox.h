/* kd-handover-inbox.h: at sign-in, the handovers the incoming agent has to acknowledge, one button each. */
#pragma once

#include <adwaita.h>

#include "kd-context.h"

G_BEGIN_DECLS

/* Reads the open handovers for the agent now signed in; when there are
 * any, presents a dialog over @parent listing them. Returns at once. */
void       kd_handover_inbox_check      (GtkWindow *parent,
                                         KdContext *context);
/* Tests: the dialog shown over @parent, or NULL. */
GtkWindow *_kd_handover_inbox_get_dialog (GtkWindow *parent);

G_END_DECLS
