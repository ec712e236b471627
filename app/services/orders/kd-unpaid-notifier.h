/* kd-unpaid-notifier.h: desktop notifications (libnotify) for orders unpaid past the threshold: one per buyer, or one summary, with Followed up / Snooze / Open. */
#pragma once

#include <gio/gio.h>

#include "kd-unpaid-service.h"

G_BEGIN_DECLS

#define KD_TYPE_UNPAID_NOTIFIER (kd_unpaid_notifier_get_type ())
G_DECLARE_FINAL_TYPE (KdUnpaidNotifier, kd_unpaid_notifier, KD, UNPAID_NOTIFIER, GObject)

/* @with_actions: FALSE for a process that exits at once (`unpaid --notify`),
 * whose buttons nobody would be left to answer. Signals: "open-order"
 * (gint64 order id) and "open-list", for the application to show. */
KdUnpaidNotifier *kd_unpaid_notifier_new          (KdUnpaidService  *service,
                                                   gboolean          with_actions);
/* Shows what a check raised (KdUnpaidOrder, grouped by buyer): up to
 * KD_UNPAID_MAX_NOTIFICATIONS buyers one notification each (a buyer's
 * earlier one is updated), otherwise one summary. Without a notification
 * server it logs one warning and returns FALSE; the list still has them. */
gboolean          kd_unpaid_notifier_show         (KdUnpaidNotifier *self,
                                                   GPtrArray        *raised);
/* Withdraws the notifications whose orders are all paid, closed, followed
 * up or snoozed since (asks the service). */
void              kd_unpaid_notifier_refresh      (KdUnpaidNotifier *self);
/* Notifications on screen now (buyers plus the summary). */
guint             kd_unpaid_notifier_get_n_shown  (KdUnpaidNotifier *self);
void              kd_unpaid_notifier_withdraw_all (KdUnpaidNotifier *self);

G_END_DECLS
