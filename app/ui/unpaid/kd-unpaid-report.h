/* kd-unpaid-report.h: the follow-up report (催付统计): per period and agent, a table, a bar chart and CSV export. */
#pragma once

#include <adwaita.h>

#include "kd-context.h"

G_BEGIN_DECLS

#define KD_TYPE_UNPAID_REPORT (kd_unpaid_report_get_type ())
G_DECLARE_FINAL_TYPE (KdUnpaidReport, kd_unpaid_report, KD, UNPAID_REPORT, GtkWidget)

/* Reads the report again (the page does when it is shown). */
void kd_unpaid_report_reload (KdUnpaidReport *self);

G_END_DECLS
