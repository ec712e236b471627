/* kd-roster-page.h: the month roster: grid, live rule checks, Fill/Regenerate, undo, print. */
#pragma once

#include <gtk/gtk.h>

#include "kd-context.h"

G_BEGIN_DECLS

#define KD_TYPE_ROSTER_PAGE (kd_roster_page_get_type ())
G_DECLARE_FINAL_TYPE (KdRosterPage, kd_roster_page, KD, ROSTER_PAGE, GtkWidget)

G_END_DECLS
