/* kd-unpaid-service.h: orders unpaid past the threshold — checking, routing, follow-up, snooze, the report; sync (CLI, tests) and async (the window). */
#pragma once

#include <gio/gio.h>

#include "kd-clock.h"
#include "kd-desk-session.h"
#include "kd-store.h"
#include "kd-unpaid.h"

G_BEGIN_DECLS

#define KD_TYPE_UNPAID_SERVICE (kd_unpaid_service_get_type ())
G_DECLARE_FINAL_TYPE (KdUnpaidService, kd_unpaid_service, KD, UNPAID_SERVICE, GObject)

/* @session: the signed-in agent, who gets alerts while no roster exists
 * and is the one following up from the list. @clock: NULL for the default. */
KdUnpaidService *kd_unpaid_service_new          (KdStore         *store,
                                                 KdDeskSession   *session,
                                                 KdClock         *clock);
KdClock         *kd_unpaid_service_get_clock    (KdUnpaidService *self);
/* The threshold in hours (clamped to 1–71; GSettings "unpaid-alert-hours"). */
void             kd_unpaid_service_set_hours    (KdUnpaidService *self,
                                                 int              hours);
int              kd_unpaid_service_get_hours    (KdUnpaidService *self);

/* ---- synchronous */

/* One check at @now: the orders due for an alert are routed (per buyer)
 * and marked alerted, in one transaction; they are returned (KdUnpaidOrder,
 * grouped by buyer, oldest first) for the notifications. Orders that wait
 * for the next shift are counted in @n_waiting and left as they are. */
GPtrArray       *kd_unpaid_service_check        (KdUnpaidService *self,
                                                 gint64           now,
                                                 guint           *n_waiting,
                                                 GError         **error);
/* The list at @now: orders overdue or due within KD_UNPAID_SOON_HOURS,
 * oldest first; those not yet alerted carry the agent they would go to.
 * @agent: routed job number or NULL. */
GPtrArray       *kd_unpaid_service_list         (KdUnpaidService *self,
                                                 gint64           now,
                                                 const char      *agent,
                                                 GError         **error);
KdUnpaidOrder   *kd_unpaid_service_load         (KdUnpaidService *self,
                                                 gint64           order_id,
                                                 GError         **error);
/* Of @order_ids, those whose alert is still open (neither followed up nor
 * cleared): a notification of the others is withdrawn. */
GArray          *kd_unpaid_service_still_open   (KdUnpaidService *self,
                                                 GArray          *order_ids,
                                                 GError         **error);
/* Followed up by @job_number; NULL: the routed agent (a notification's
 * button), or the signed-in agent when it was never routed. */
gboolean         kd_unpaid_service_follow_up    (KdUnpaidService *self,
                                                 gint64           order_id,
                                                 const char      *job_number,
                                                 const char      *note,
                                                 GError         **error);
/* Raised again in an hour. */
gboolean         kd_unpaid_service_snooze       (KdUnpaidService *self,
                                                 gint64           order_id,
                                                 GError         **error);
/* KdUnpaidReportRow for alerts raised in [@since, @until) (UTC seconds). */
GPtrArray       *kd_unpaid_service_report       (KdUnpaidService *self,
                                                 gint64           since,
                                                 gint64           until,
                                                 KdUnpaidPeriod   period,
                                                 GError         **error);
/* The shop setting "alert at any hour" (outside every shift). */
gboolean         kd_unpaid_service_get_any_hour (KdUnpaidService *self,
                                                 gboolean        *any_hour,
                                                 GError         **error);
gboolean         kd_unpaid_service_set_any_hour (KdUnpaidService *self,
                                                 gboolean         any_hour,
                                                 GError         **error);

/* ---- asynchronous: each finish gives what the sync form returns */

void             kd_unpaid_service_check_async      (KdUnpaidService *self,
                                                     GCancellable    *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer         user_data);
GPtrArray       *kd_unpaid_service_check_finish     (KdUnpaidService *self,
                                                     GAsyncResult    *result,
                                                     guint           *n_waiting,
                                                     GError         **error);
void             kd_unpaid_service_list_async       (KdUnpaidService *self,
                                                     const char      *agent,
                                                     GCancellable    *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer         user_data);
GPtrArray       *kd_unpaid_service_list_finish      (KdUnpaidService *self,
                                                     GAsyncResult    *result,
                                                     GError         **error);
void             kd_unpaid_service_still_open_async (KdUnpaidService *self,
                                                     GArray          *order_ids,
                                                     GCancellable    *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer         user_data);
GArray          *kd_unpaid_service_still_open_finish (KdUnpaidService *self,
                                                      GAsyncResult    *result,
                                                      GError         **error);
/* For each of @order_ids (a buyer's orders share one notification). */
void             kd_unpaid_service_follow_up_async  (KdUnpaidService *self,
                                                     GArray          *order_ids,
                                                     const char      *job_number,
                                                     const char      *note,
                                                     GCancellable    *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer         user_data);
gboolean         kd_unpaid_service_follow_up_finish (KdUnpaidService *self,
                                                     GAsyncResult    *result,
                                                     GError         **error);
void             kd_unpaid_service_snooze_async     (KdUnpaidService *self,
                                                     GArray          *order_ids,
                                                     GCancellable    *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer         user_data);
gboolean         kd_unpaid_service_snooze_finish    (KdUnpaidService *self,
                                                     GAsyncResult    *result,
                                                     GError         **error);
void             kd_unpaid_service_report_async     (KdUnpaidService *self,
                                                     gint64           since,
                                                     gint64           until,
                                                     KdUnpaidPeriod   period,
                                                     GCancellable    *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer         user_data);
GPtrArray       *kd_unpaid_service_report_finish    (KdUnpaidService *self,
                                                     GAsyncResult    *result,
                                                     GError         **error);

G_END_DECLS
