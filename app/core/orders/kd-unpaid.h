/* kd-unpaid.h: the unpaid-order rule (overdue after N hours), an alert's state and who it goes to. */
#pragma once

#include <glib-object.h>

#include "kd-order.h"

G_BEGIN_DECLS

/* GSettings "unpaid-alert-hours": 1–71, default 12 (the service manual's rule). */
#define KD_UNPAID_HOURS_MIN      1
#define KD_UNPAID_HOURS_MAX      71
#define KD_UNPAID_HOURS_DEFAULT  12
/* The list also shows orders that become overdue within this many hours. */
#define KD_UNPAID_SOON_HOURS     3
/* "Snooze 1 hour". */
#define KD_UNPAID_SNOOZE_SECONDS 3600
/* At most this many notifications at once; more become one summary. */
#define KD_UNPAID_MAX_NOTIFICATIONS 3

/* The shop setting (settings table) that lets alerts out while nobody is on duty. */
#define KD_UNPAID_ANY_HOUR_KEY   "unpaid.alert-any-hour"

typedef enum {
  KD_UNPAID_DUE_SOON,     /* not overdue yet */
  KD_UNPAID_NEW,          /* overdue, not alerted yet (or waiting for a shift) */
  KD_UNPAID_ALERTED,
  KD_UNPAID_SNOOZED,
  KD_UNPAID_FOLLOWED_UP,
  KD_UNPAID_CLEARED,      /* paid or closed since */
} KdUnpaidState;

/* Why an alert went to its agent. */
typedef enum {
  KD_ROUTE_SERVED,        /* the agent who served the buyer, on duty now */
  KD_ROUTE_ON_DUTY,       /* someone else on duty now */
  KD_ROUTE_SIGNED_IN,     /* no roster: the agent signed in at this desk */
  KD_ROUTE_ANY_HOUR,      /* nobody on duty, "alert at any hour" is on */
  KD_ROUTE_WAIT,          /* nobody on duty: wait for the next shift */
} KdRouteReason;

/* The rule, exact to the second: awaiting payment and now − created ≥ hours. */
gboolean     kd_unpaid_is_overdue       (KdOrderStatus  status,
                                         gint64         created_at,
                                         gint64         now,
                                         int            hours);
/* The first second the order is overdue. */
gint64       kd_unpaid_due_at           (gint64         created_at,
                                         int            hours);
/* Whole hours since the order was placed (never negative). */
int          kd_unpaid_hours_unpaid     (gint64         created_at,
                                         gint64         now);
/* @hours clamped into KD_UNPAID_HOURS_MIN … MAX. */
int          kd_unpaid_clamp_hours      (int            hours);

const char  *kd_unpaid_state_to_key     (KdUnpaidState  state);   /* "new", "alerted", "snoozed", "followed-up", … */
const char  *kd_unpaid_state_get_label  (KdUnpaidState  state);
const char  *kd_route_reason_get_label  (KdRouteReason  reason);

/* One order that is, or soon will be, unpaid past the threshold; with its
 * alert state (0: not yet) and what the notification says about the buyer. */
#define KD_TYPE_UNPAID_ORDER (kd_unpaid_order_get_type ())
G_DECLARE_FINAL_TYPE (KdUnpaidOrder, kd_unpaid_order, KD, UNPAID_ORDER, GObject)

struct _KdUnpaidOrder
{
  GObject   parent_instance;

  gint64    order_id;
  char     *order_no;
  gint64    customer_id;
  char     *buyer;             /* nickname */
  gint64    created_at;        /* UTC */
  gint64    total;             /* fen */
  gboolean  blacklisted;
  gboolean  no_pay_type;       /* typed "orders but does not pay" */
  char     *served_by;         /* job number on the latest remark, else the owner's; "" */

  /* The alert (unpaid_alerts), as far as it has gone. */
  char     *job_number;        /* routed agent; "" before routing */
  char     *agent_name;
  KdRouteReason reason;
  gint64    first_alerted;
  gint64    last_alerted;
  gint64    snoozed_until;
  gint64    followed_up_at;
  char     *followed_up_by;
  char     *note;
  gint64    cleared_at;
  KdOrderStatus cleared_status;
};

KdUnpaidOrder *kd_unpaid_order_new          (void);
KdUnpaidState  kd_unpaid_order_get_state    (KdUnpaidOrder *self,
                                             gint64         now,
                                             int            hours);
/* Whether a check at @now should raise it: overdue, neither followed up nor
 * cleared, and never alerted or its snooze over (alerted once per snooze). */
gboolean       kd_unpaid_order_wants_alert  (KdUnpaidOrder *self,
                                             gint64         now,
                                             int            hours);

/* Who gets the alert. @on_duty: job numbers of the agents on duty now
 * (NULL-terminated, may be empty); @loads: alerts each already got in this
 * check (same length, updated), so a batch is spread over the shift;
 * @roster_exists: the roster has shifts for today; @signed_in: the desk's
 * agent or "". Returns the job number (owned by an argument) or NULL with
 * KD_ROUTE_WAIT. */
const char    *kd_unpaid_route              (const char          *served_by,
                                             const char * const  *on_duty,
                                             guint               *loads,
                                             gboolean             roster_exists,
                                             const char          *signed_in,
                                             gboolean             any_hour,
                                             KdRouteReason       *reason);

/* Notification text. "张三的 2 笔订单…", the amount with ¥, placed at
 * @local_tz's wall time, hours unpaid, the agent; blacklist / no-pay
 * warnings. @orders: KdUnpaidOrder of one buyer, oldest first. */
char          *kd_unpaid_format_title       (GPtrArray     *orders,
                                             int            hours);
char          *kd_unpaid_format_body        (GPtrArray     *orders,
                                             gint64         now,
                                             GTimeZone     *local_tz);
char          *kd_unpaid_format_summary     (guint          n_orders,
                                             int            hours);

/* The report (催付统计): alerts per agent per period. */
typedef enum {
  KD_UNPAID_BY_DAY,
  KD_UNPAID_BY_WEEK,      /* weeks start on Monday */
  KD_UNPAID_BY_MONTH,
} KdUnpaidPeriod;

gboolean     kd_unpaid_period_from_key  (const char     *key,
                                         KdUnpaidPeriod *out);
/* The period's first day, "YYYY-MM-DD", of @day. */
char        *kd_unpaid_period_start     (const GDate    *day,
                                         KdUnpaidPeriod  period);

typedef struct {
  char   *period;           /* first day of the period, YYYY-MM-DD */
  char   *job_number;
  guint   routed;
  guint   followed_up;
  guint   paid_after;       /* paid within 24 h of the follow-up */
  gint64  recovered;        /* fen, those orders' totals */
  int     median_minutes;   /* alert → follow-up; -1 when none followed up */
} KdUnpaidReportRow;

void         kd_unpaid_report_row_free  (KdUnpaidReportRow *row);

/* What the report counts, one per alert raised. */
typedef struct {
  const char *job_number;
  gint64      first_alerted;
  gint64      followed_up_at;   /* 0: not followed up */
  gint64      paid_at;          /* 0: not paid */
  gint64      total;            /* fen */
} KdUnpaidFact;

/* KdUnpaidReportRow per period (by the day of the alert in @tz) and agent,
 * sorted by period then job number. */
GPtrArray   *kd_unpaid_report_build     (const KdUnpaidFact *facts,
                                         guint               n_facts,
                                         KdUnpaidPeriod      period,
                                         GTimeZone          *tz);
/* "period\tjob\trouted\tfollowed\tpaid\trecovered\tmedian" lines, as the CLI prints them. */
char        *kd_unpaid_report_format_row (const KdUnpaidReportRow *row);
/* The median of @minutes (sorted in place); -1 for none. */
int          kd_unpaid_median           (GArray         *minutes);

G_END_DECLS
