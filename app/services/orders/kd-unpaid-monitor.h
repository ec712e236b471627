/* kd-unpaid-monitor.h: runs the unpaid-order check every minute, after an import, after resume from suspend and when the wall clock is set; hands what it raised to the notifier. */
#pragma once

#include <gio/gio.h>

#include "kd-store.h"
#include "kd-unpaid-notifier.h"
#include "kd-unpaid-service.h"

G_BEGIN_DECLS

#define KD_TYPE_UNPAID_MONITOR (kd_unpaid_monitor_get_type ())
G_DECLARE_FINAL_TYPE (KdUnpaidMonitor, kd_unpaid_monitor, KD, UNPAID_MONITOR, GObject)

/* @notifier may be NULL (then only "checked" tells what was raised). */
KdUnpaidMonitor *kd_unpaid_monitor_new        (KdUnpaidService  *service,
                                               KdStore          *store,
                                               KdUnpaidNotifier *notifier);
/* Checks now, then every @interval_seconds (60 in the app). Also listens
 * to the store (orders changed: check; alerts changed: withdraw), logind's
 * PrepareForSleep and the wall clock being set. */
void             kd_unpaid_monitor_start      (KdUnpaidMonitor  *self,
                                               guint             interval_seconds);
void             kd_unpaid_monitor_stop       (KdUnpaidMonitor  *self);
/* A check as soon as the one running (if any) is over. */
void             kd_unpaid_monitor_check_soon (KdUnpaidMonitor  *self);
/* Checks done so far (for tests and the benchmark). */
guint            kd_unpaid_monitor_get_n_checks (KdUnpaidMonitor *self);

G_END_DECLS
