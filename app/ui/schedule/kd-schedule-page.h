/* kd-schedule-page.h: the Schedule page: staff directory now, roster grid later. */
#pragma once

#include <adwaita.h>

#include "kd-context.h"

G_BEGIN_DECLS

#define KD_TYPE_SCHEDULE_PAGE (kd_schedule_page_get_type ())
G_DECLARE_FINAL_TYPE (KdSchedulePage, kd_schedule_page, KD, SCHEDULE_PAGE, GtkWidget)

G_END_DECLS
