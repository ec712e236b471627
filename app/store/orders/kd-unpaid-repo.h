/* kd-unpaid-repo.h: unpaid-order alerts in the database (unpaid_alerts, 0010); run inside store jobs. */
#pragma once

#include "kd-store.h"
#include "kd-unpaid.h"

G_BEGIN_DECLS

/* Orders a check may raise (KdUnpaidOrder, oldest first): never alerted
 * and placed at or before @cutoff, or snoozed until at or before @now.
 * Two partial-index range reads: it costs what is due, not the history. */
GPtrArray *kd_unpaid_repo_list_due      (KdConn      *conn,
                                         gint64       cutoff,
                                         gint64       now,
                                         GError     **error);
/* The list: every order still awaiting payment placed at or before
 * @placed_before (overdue, or due within the next hours), oldest first;
 * @agent: routed job number, or NULL for all. */
GPtrArray *kd_unpaid_repo_list          (KdConn      *conn,
                                         gint64       placed_before,
                                         const char  *agent,
                                         GError     **error);
/* One order's alert, cleared or not; NULL without error when it has none. */
KdUnpaidOrder *kd_unpaid_repo_load      (KdConn      *conn,
                                         gint64       order_id,
                                         GError     **error);
/* Raised now for @job_number (kept when already routed). */
gboolean   kd_unpaid_repo_mark_alerted  (KdConn      *conn,
                                         gint64       order_id,
                                         const char  *job_number,
                                         KdRouteReason reason,
                                         gint64       now,
                                         GError     **error);
/* Until @until: raised again then. An error for a cleared order. */
gboolean   kd_unpaid_repo_snooze        (KdConn      *conn,
                                         gint64       order_id,
                                         gint64       until,
                                         gint64       now,
                                         GError     **error);
/* Followed up by @job_number: never raised again. */
gboolean   kd_unpaid_repo_follow_up     (KdConn      *conn,
                                         gint64       order_id,
                                         const char  *job_number,
                                         const char  *note,
                                         gint64       now,
                                         GError     **error);
/* Whether the roster has any shift in @at's month (local time). */
gboolean   kd_unpaid_repo_roster_exists (KdConn      *conn,
                                         GDateTime   *at,
                                         gboolean    *exists,
                                         GError     **error);
/* An alert that happened (the demo's history): raised at @alerted for
 * @job_number, followed up at @followed (0: not), cleared at @cleared. */
gboolean   kd_unpaid_repo_add_history   (KdConn      *conn,
                                         gint64       order_id,
                                         gint64       created_at,
                                         const char  *job_number,
                                         gint64       alerted,
                                         gint64       followed,
                                         const char  *note,
                                         gint64       cleared,
                                         KdOrderStatus status,
                                         GError     **error);
/* The name of the agent with @job_number, "" when there is none. */
char      *kd_unpaid_repo_staff_name    (KdConn      *conn,
                                         const char  *job_number);
/* KdUnpaidReportRow for alerts first raised in [@since, @until). */
GPtrArray *kd_unpaid_repo_report        (KdConn        *conn,
                                         gint64         since,
                                         gint64         until,
                                         KdUnpaidPeriod period,
                                         GTimeZone     *tz,
                                         GError       **error);

G_END_DECLS
