/* kd-unpaid.c: the unpaid-order rule, alert states, routing and the notification's words. */
#include "config.h"

#include "kd-unpaid.h"
#include "kd-customer.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* ---------------------------------------------------------------- the rule */

gboolean
kd_unpaid_is_overdue (KdOrderStatus status,
                      gint64        created_at,
                      gint64        now,
                      int           hours)
{
  return status == KD_ORDER_AWAITING_PAYMENT && now >= kd_unpaid_due_at (created_at, hours);
}

gint64
kd_unpaid_due_at (gint64 created_at,
                  int    hours)
{
  return created_at + (gint64) kd_unpaid_clamp_hours (hours) * 3600;
}

int
kd_unpaid_hours_unpaid (gint64 created_at,
                        gint64 now)
{
  return now > created_at ? (int) ((now - created_at) / 3600) : 0;
}

int
kd_unpaid_clamp_hours (int hours)
{
  return CLAMP (hours, KD_UNPAID_HOURS_MIN, KD_UNPAID_HOURS_MAX);
}

/* ---------------------------------------------------------------- states */

static const struct {
  const char *key;
  const char *label;
} states[] = {
  { "due-soon", N_("Due soon") },
  { "new", N_("New") },
  { "alerted", N_("Alerted") },
  { "snoozed", N_("Snoozed") },
  { "followed-up", N_("Followed up") },
  { "cleared", N_("Paid or closed") },
};

const char *
kd_unpaid_state_to_key (KdUnpaidState state)
{
  return states[(guint) state < G_N_ELEMENTS (states) ? state : KD_UNPAID_NEW].key;
}

const char *
kd_unpaid_state_get_label (KdUnpaidState state)
{
  return _(states[(guint) state < G_N_ELEMENTS (states) ? state : KD_UNPAID_NEW].label);
}

const char *
kd_route_reason_get_label (KdRouteReason reason)
{
  switch (reason)
    {
    case KD_ROUTE_SERVED: return _("Served this buyer");
    case KD_ROUTE_ON_DUTY: return _("On duty");
    case KD_ROUTE_SIGNED_IN: return _("Signed in (no roster)");
    case KD_ROUTE_ANY_HOUR: return _("Outside shifts");
    case KD_ROUTE_WAIT: return _("Waiting for the next shift");
    default: return "";
    }
}

/* ---------------------------------------------------------------- one order */

G_DEFINE_FINAL_TYPE (KdUnpaidOrder, kd_unpaid_order, G_TYPE_OBJECT)

static void
kd_unpaid_order_finalize (GObject *object)
{
  KdUnpaidOrder *self = (KdUnpaidOrder *) object;

  g_free (self->order_no);
  g_free (self->buyer);
  g_free (self->served_by);
  g_free (self->job_number);
  g_free (self->agent_name);
  g_free (self->followed_up_by);
  g_free (self->note);

  G_OBJECT_CLASS (kd_unpaid_order_parent_class)->finalize (object);
}

static void
kd_unpaid_order_class_init (KdUnpaidOrderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kd_unpaid_order_finalize;
}

static void
kd_unpaid_order_init (KdUnpaidOrder *self)
{
  self->order_no = g_strdup ("");
  self->buyer = g_strdup ("");
  self->served_by = g_strdup ("");
  self->job_number = g_strdup ("");
  self->agent_name = g_strdup ("");
  self->followed_up_by = g_strdup ("");
  self->note = g_strdup ("");
  self->reason = KD_ROUTE_WAIT;
}

KdUnpaidOrder *
kd_unpaid_order_new (void)
{
  return g_object_new (KD_TYPE_UNPAID_ORDER, NULL);
}

KdUnpaidState
kd_unpaid_order_get_state (KdUnpaidOrder *self,
                           gint64         now,
                           int            hours)
{
  g_return_val_if_fail (KD_IS_UNPAID_ORDER (self), KD_UNPAID_NEW);

  if (self->cleared_at > 0)
    return KD_UNPAID_CLEARED;
  if (self->followed_up_at > 0)
    return KD_UNPAID_FOLLOWED_UP;
  if (self->snoozed_until > now)
    return KD_UNPAID_SNOOZED;
  if (self->first_alerted > 0)
    return KD_UNPAID_ALERTED;
  if (now < kd_unpaid_due_at (self->created_at, hours))
    return KD_UNPAID_DUE_SOON;
  return KD_UNPAID_NEW;
}

gboolean
kd_unpaid_order_wants_alert (KdUnpaidOrder *self,
                             gint64         now,
                             int            hours)
{
  g_return_val_if_fail (KD_IS_UNPAID_ORDER (self), FALSE);

  if (self->cleared_at > 0 || self->followed_up_at > 0)
    return FALSE;
  if (now < kd_unpaid_due_at (self->created_at, hours))
    return FALSE;
  if (self->first_alerted == 0)
    return TRUE;
  /* Snoozed: raised once more when the snooze is over. */
  return self->snoozed_until > 0 && self->snoozed_until <= now &&
         self->last_alerted < self->snoozed_until;
}

/* ---------------------------------------------------------------- routing */

const char *
kd_unpaid_route (const char         *served_by,
                 const char * const *on_duty,
                 guint              *loads,
                 gboolean            roster_exists,
                 const char         *signed_in,
                 gboolean            any_hour,
                 KdRouteReason      *reason)
{
  guint n_on_duty = on_duty != NULL ? g_strv_length ((char **) on_duty) : 0;
  KdRouteReason dummy;

  if (reason == NULL)
    reason = &dummy;
  served_by = served_by != NULL ? served_by : "";
  signed_in = signed_in != NULL ? signed_in : "";

  if (n_on_duty > 0)
    {
      guint best = 0;

      for (guint i = 0; i < n_on_duty; i++)
        if (*served_by != '\0' && g_str_equal (on_duty[i], served_by))
          {
            if (loads != NULL)
              loads[i]++;
            *reason = KD_ROUTE_SERVED;
            return on_duty[i];
          }
      /* Whoever on duty has had the fewest alerts in this check; ties go
       * to the first in the roster's order. */
      for (guint i = 1; loads != NULL && i < n_on_duty; i++)
        if (loads[i] < loads[best])
          best = i;
      if (loads != NULL)
        loads[best]++;
      *reason = KD_ROUTE_ON_DUTY;
      return on_duty[best];
    }

  if (roster_exists && !any_hour)
    {
      *reason = KD_ROUTE_WAIT;
      return NULL;
    }
  if (roster_exists)
    {
      /* Between shifts with "alert at any hour": the buyer's own agent
       * first, as during a shift. */
      *reason = KD_ROUTE_ANY_HOUR;
      return *served_by != '\0' ? served_by : signed_in;
    }
  *reason = KD_ROUTE_SIGNED_IN;
  return *signed_in != '\0' ? signed_in : served_by;
}

/* ---------------------------------------------------------------- words */

char *
kd_unpaid_format_title (GPtrArray *orders,
                        int        hours)
{
  KdUnpaidOrder *first;

  g_return_val_if_fail (orders != NULL && orders->len > 0, NULL);
  first = g_ptr_array_index (orders, 0);
  hours = kd_unpaid_clamp_hours (hours);
  if (orders->len == 1)
    /* Translators: %s is the buyer's nickname */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: order unpaid for over %d hour",
                                         "%s: order unpaid for over %d hours", hours),
                            first->buyer, hours);
  /* Translators: %1$s is the buyer's nickname, %2$u a number of orders */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: %u orders unpaid for over %d hour",
                                       "%s: %u orders unpaid for over %d hours", hours),
                          first->buyer, orders->len, hours);
}

char *
kd_unpaid_format_body (GPtrArray *orders,
                       gint64     now,
                       GTimeZone *local_tz)
{
  g_autoptr(GString) body = g_string_new (NULL);
  KdUnpaidOrder *first;
  gboolean blacklisted = FALSE, no_pay = FALSE;
  const char *agent = "";
  const char *agent_name = "";

  g_return_val_if_fail (orders != NULL && orders->len > 0, NULL);
  first = g_ptr_array_index (orders, 0);

  g_string_append_printf (body, _("Buyer: %s"), first->buyer);
  for (guint i = 0; i < orders->len; i++)
    {
      KdUnpaidOrder *o = g_ptr_array_index (orders, i);
      g_autofree char *amount = kd_money_format (o->total);
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (o->created_at);
      g_autoptr(GDateTime) local = utc ? g_date_time_to_timezone (utc, local_tz) : NULL;
      g_autofree char *placed = local ? g_date_time_format (local, "%m-%d %H:%M") : g_strdup ("");
      int h = kd_unpaid_hours_unpaid (o->created_at, now);

      g_string_append_c (body, '\n');
      /* Translators: an unpaid order: its amount, when it was placed, how
       * long ago ("¥128.00, placed 11-30 21:05, unpaid for 12 h") */
      g_string_append_printf (body, g_dngettext (GETTEXT_PACKAGE, "%s, placed %s, unpaid for %d hour",
                                                 "%s, placed %s, unpaid for %d hours", h),
                              amount, placed, h);
      blacklisted |= o->blacklisted;
      no_pay |= o->no_pay_type;
      if (*o->job_number != '\0')
        {
          agent = o->job_number;
          agent_name = o->agent_name;
        }
    }
  g_string_append_c (body, '\n');
  if (*agent == '\0')
    g_string_append (body, _("Agent: not assigned"));
  else if (*agent_name != '\0')
    /* Translators: the routed agent: name and job number */
    g_string_append_printf (body, _("Agent: %s (%s)"), agent_name, agent);
  else
    g_string_append_printf (body, _("Agent: %s"), agent);
  if (blacklisted)
    g_string_append_printf (body, "\n%s", _("⚠ This buyer is on the blacklist."));
  if (no_pay)
    g_string_append_printf (body, "\n%s", _("⚠ This buyer often orders but does not pay."));
  return g_string_free (g_steal_pointer (&body), FALSE);
}

char *
kd_unpaid_format_summary (guint n_orders,
                          int   hours)
{
  g_autofree char *orders = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u order", "%u orders", n_orders),
                                             n_orders);

  hours = kd_unpaid_clamp_hours (hours);
  /* Translators: %s is "7 orders" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s unpaid for over %d hour",
                                       "%s unpaid for over %d hours", hours),
                          orders, hours);
}

/* ---------------------------------------------------------------- the report */

gboolean
kd_unpaid_period_from_key (const char     *key,
                           KdUnpaidPeriod *out)
{
  static const char * const keys[] = { "day", "week", "month" };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    if (g_strcmp0 (key, keys[i]) == 0)
      {
        *out = (KdUnpaidPeriod) i;
        return TRUE;
      }
  return FALSE;
}

char *
kd_unpaid_period_start (const GDate    *day,
                        KdUnpaidPeriod  period)
{
  GDate start = *day;

  switch (period)
    {
    case KD_UNPAID_BY_WEEK:
      g_date_subtract_days (&start, g_date_get_weekday (&start) - G_DATE_MONDAY);
      break;
    case KD_UNPAID_BY_MONTH:
      g_date_set_day (&start, 1);
      break;
    case KD_UNPAID_BY_DAY:
    default:
      break;
    }
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&start),
                          g_date_get_month (&start), g_date_get_day (&start));
}

void
kd_unpaid_report_row_free (KdUnpaidReportRow *row)
{
  if (row == NULL)
    return;
  g_free (row->period);
  g_free (row->job_number);
  g_free (row);
}

static int
compare_int (gconstpointer a,
             gconstpointer b)
{
  int x = *(const int *) a, y = *(const int *) b;

  return (x > y) - (x < y);
}

int
kd_unpaid_median (GArray *minutes)
{
  guint n = minutes != NULL ? minutes->len : 0;

  if (n == 0)
    return -1;
  g_array_sort (minutes, compare_int);
  if (n % 2 == 1)
    return g_array_index (minutes, int, n / 2);
  /* Even: the lower middle and upper middle's mean, rounded down. */
  return (g_array_index (minutes, int, n / 2 - 1) + g_array_index (minutes, int, n / 2)) / 2;
}

typedef struct {
  KdUnpaidReportRow *row;
  GArray            *minutes;
} Bucket;

static void
bucket_free (gpointer data)
{
  Bucket *b = data;

  kd_unpaid_report_row_free (b->row);
  g_array_unref (b->minutes);
  g_free (b);
}

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  const KdUnpaidReportRow *x = *(KdUnpaidReportRow * const *) a;
  const KdUnpaidReportRow *y = *(KdUnpaidReportRow * const *) b;
  int c = strcmp (x->period, y->period);

  return c != 0 ? c : strcmp (x->job_number, y->job_number);
}

GPtrArray *
kd_unpaid_report_build (const KdUnpaidFact *facts,
                        guint               n_facts,
                        KdUnpaidPeriod      period,
                        GTimeZone          *tz)
{
  g_autoptr(GHashTable) buckets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, bucket_free);
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) kd_unpaid_report_row_free);
  GHashTableIter iter;
  gpointer value;

  for (guint i = 0; i < n_facts; i++)
    {
      const KdUnpaidFact *f = &facts[i];
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (f->first_alerted);
      g_autoptr(GDateTime) local = utc ? g_date_time_to_timezone (utc, tz) : NULL;
      g_autofree char *start = NULL;
      g_autofree char *key = NULL;
      const char *job = f->job_number ? f->job_number : "";
      GDate day;
      Bucket *b;

      if (local == NULL || f->first_alerted <= 0)
        continue;
      g_date_clear (&day, 1);
      g_date_set_dmy (&day, g_date_time_get_day_of_month (local), g_date_time_get_month (local),
                      g_date_time_get_year (local));
      start = kd_unpaid_period_start (&day, period);
      key = g_strconcat (start, "\t", job, NULL);
      b = g_hash_table_lookup (buckets, key);
      if (b == NULL)
        {
          b = g_new0 (Bucket, 1);
          b->row = g_new0 (KdUnpaidReportRow, 1);
          b->row->period = g_strdup (start);
          b->row->job_number = g_strdup (job);
          b->minutes = g_array_new (FALSE, FALSE, sizeof (int));
          g_hash_table_insert (buckets, g_steal_pointer (&key), b);
        }
      b->row->routed++;
      if (f->followed_up_at > 0)
        {
          int minutes = (int) (MAX (f->followed_up_at - f->first_alerted, 0) / 60);

          b->row->followed_up++;
          g_array_append_val (b->minutes, minutes);
          if (f->paid_at >= f->followed_up_at && f->paid_at <= f->followed_up_at + 24 * 3600)
            {
              b->row->paid_after++;
              b->row->recovered += f->total;
            }
        }
    }

  g_hash_table_iter_init (&iter, buckets);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Bucket *b = value;

      b->row->median_minutes = kd_unpaid_median (b->minutes);
      g_ptr_array_add (rows, g_steal_pointer (&b->row));
    }
  g_ptr_array_sort (rows, compare_rows);
  return rows;
}

char *
kd_unpaid_report_format_row (const KdUnpaidReportRow *row)
{
  g_autofree char *median = row->median_minutes >= 0 ? g_strdup_printf ("%d", row->median_minutes) : g_strdup ("");

  return g_strdup_printf ("%s\t%s\t%u\t%u\t%u\t%" G_GINT64_FORMAT ".%02" G_GINT64_FORMAT "\t%s",
                          row->period, row->job_number, row->routed, row->followed_up, row->paid_after,
                          row->recovered / 100, row->recovered % 100, median);
}
