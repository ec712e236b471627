/* test-unpaid.c: the unpaid-order rule to the second, across midnight, month ends and time zones; alert states and snoozes; routing with and without a roster and between shifts; the notification's words; the follow-up report on a hand-built history. */
#include <glib.h>
#include <string.h>

#include "kd-order.h"
#include "kd-unpaid.h"

static gint64
shanghai (const char *text)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Asia/Shanghai");
  gint64 t = 0;

  g_assert_nonnull (tz);
  g_assert_true (kd_order_time_parse (text, tz, &t));
  return t;
}

static void
test_rule_boundaries (void)
{
  gint64 created = shanghai ("2026-11-30 10:00:00");

  /* 11:59:59 is not yet, 12:00:00 is. */
  g_assert_false (kd_unpaid_is_overdue (KD_ORDER_AWAITING_PAYMENT, created, created + 12 * 3600 - 1, 12));
  g_assert_true (kd_unpaid_is_overdue (KD_ORDER_AWAITING_PAYMENT, created, created + 12 * 3600, 12));
  g_assert_cmpint (kd_unpaid_due_at (created, 12), ==, created + 43200);
  /* Only orders awaiting payment. */
  for (KdOrderStatus s = KD_ORDER_PAID; s < KD_N_ORDER_STATUSES; s++)
    g_assert_false (kd_unpaid_is_overdue (s, created, created + 100 * 3600, 12));
  /* The threshold is clamped to 1–71 h. */
  g_assert_cmpint (kd_unpaid_clamp_hours (0), ==, 1);
  g_assert_cmpint (kd_unpaid_clamp_hours (72), ==, 71);
  g_assert_cmpint (kd_unpaid_clamp_hours (24), ==, 24);
  g_assert_true (kd_unpaid_is_overdue (KD_ORDER_AWAITING_PAYMENT, created, created + 3600, 0));
  g_assert_false (kd_unpaid_is_overdue (KD_ORDER_AWAITING_PAYMENT, created, created + 3599, 0));
  g_assert_false (kd_unpaid_is_overdue (KD_ORDER_AWAITING_PAYMENT, created, created + 71 * 3600 - 1, 500));
  /* Whole hours, never negative. */
  g_assert_cmpint (kd_unpaid_hours_unpaid (created, created + 12 * 3600 - 1), ==, 11);
  g_assert_cmpint (kd_unpaid_hours_unpaid (created, created + 12 * 3600), ==, 12);
  g_assert_cmpint (kd_unpaid_hours_unpaid (created, created - 50), ==, 0);
}

static void
test_rule_midnight_month_end (void)
{
  /* Placed 20:30 on the last day of November, Shanghai time: due 08:30 on
   * 1 December; at the year's end, due in the next year. */
  gint64 created = shanghai ("2026-11-30 20:30:00");
  gint64 due = shanghai ("2026-12-01 08:30:00");
  gint64 nye = shanghai ("2026-12-31 23:59:59");

  g_assert_cmpint (kd_unpaid_due_at (created, 12), ==, due);
  g_assert_false (kd_unpaid_is_overdue (KD_ORDER_AWAITING_PAYMENT, created, due - 1, 12));
  g_assert_true (kd_unpaid_is_overdue (KD_ORDER_AWAITING_PAYMENT, created, due, 12));
  g_assert_cmpint (kd_unpaid_due_at (nye, 12), ==, shanghai ("2027-01-01 11:59:59"));
  /* February of a non-leap year. */
  g_assert_cmpint (kd_unpaid_due_at (shanghai ("2027-02-28 18:00:00"), 12), ==, shanghai ("2027-03-01 06:00:00"));
}

static void
test_time_zones (void)
{
  /* The same instant placed in Shanghai reads 8 hours earlier in UTC: the
   * rule is about instants, the body about the reader's wall clock. */
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GTimeZone) sh = g_time_zone_new_identifier ("Asia/Shanghai");
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  KdUnpaidOrder *o = kd_unpaid_order_new ();
  g_autofree char *body_sh = NULL;
  g_autofree char *body_utc = NULL;

  o->created_at = shanghai ("2026-12-01 02:15:00");
  g_free (o->buyer);
  o->buyer = g_strdup ("tb_小鹿");
  o->total = 12800;
  g_ptr_array_add (orders, o);
  body_sh = kd_unpaid_format_body (orders, o->created_at + 13 * 3600, sh);
  body_utc = kd_unpaid_format_body (orders, o->created_at + 13 * 3600, utc);
  g_assert_nonnull (strstr (body_sh, "12-01 02:15"));
  g_assert_nonnull (strstr (body_utc, "11-30 18:15"));
  g_assert_nonnull (strstr (body_sh, "¥128.00"));
  g_assert_nonnull (strstr (body_sh, "13"));
}

static void
test_states_and_snooze (void)
{
  g_autoptr(KdUnpaidOrder) o = kd_unpaid_order_new ();
  gint64 t0 = shanghai ("2026-12-01 09:00:00");
  gint64 due = t0 + 12 * 3600;

  o->created_at = t0;
  g_assert_cmpint (kd_unpaid_order_get_state (o, due - 1, 12), ==, KD_UNPAID_DUE_SOON);
  g_assert_false (kd_unpaid_order_wants_alert (o, due - 1, 12));
  g_assert_cmpint (kd_unpaid_order_get_state (o, due, 12), ==, KD_UNPAID_NEW);
  g_assert_true (kd_unpaid_order_wants_alert (o, due, 12));

  /* Alerted once: not again. */
  o->first_alerted = o->last_alerted = due;
  g_assert_cmpint (kd_unpaid_order_get_state (o, due + 60, 12), ==, KD_UNPAID_ALERTED);
  g_assert_false (kd_unpaid_order_wants_alert (o, due + 3 * 3600, 12));

  /* Snoozed for an hour: quiet until it ends, then once more. */
  o->snoozed_until = due + 600 + 3600;
  g_assert_cmpint (kd_unpaid_order_get_state (o, due + 700, 12), ==, KD_UNPAID_SNOOZED);
  g_assert_false (kd_unpaid_order_wants_alert (o, o->snoozed_until - 1, 12));
  g_assert_true (kd_unpaid_order_wants_alert (o, o->snoozed_until, 12));
  o->last_alerted = o->snoozed_until;
  g_assert_false (kd_unpaid_order_wants_alert (o, o->snoozed_until + 60, 12));

  /* Followed up: never again; cleared wins over everything. */
  o->followed_up_at = due + 5000;
  g_assert_cmpint (kd_unpaid_order_get_state (o, due + 6000, 12), ==, KD_UNPAID_FOLLOWED_UP);
  g_assert_false (kd_unpaid_order_wants_alert (o, due + 90000, 12));
  o->cleared_at = due + 7000;
  g_assert_cmpint (kd_unpaid_order_get_state (o, due + 8000, 12), ==, KD_UNPAID_CLEARED);

  g_assert_cmpstr (kd_unpaid_state_to_key (KD_UNPAID_FOLLOWED_UP), ==, "followed-up");
  g_assert_cmpstr (kd_unpaid_state_to_key (KD_UNPAID_SNOOZED), ==, "snoozed");
  g_assert_cmpstr (kd_unpaid_state_to_key (KD_UNPAID_NEW), ==, "new");
  g_assert_cmpstr (kd_unpaid_state_to_key (KD_UNPAID_ALERTED), ==, "alerted");
}

static void
test_routing (void)
{
  const char *on_duty[] = { "5", "6", NULL };
  const char *nobody[] = { NULL };
  guint loads[2] = { 0, 0 };
  KdRouteReason reason;

  /* The agent who served the buyer, when on duty. */
  g_assert_cmpstr (kd_unpaid_route ("6", on_duty, loads, TRUE, "3", FALSE, &reason), ==, "6");
  g_assert_cmpint (reason, ==, KD_ROUTE_SERVED);
  g_assert_cmpuint (loads[1], ==, 1);
  /* Else someone on duty, spreading a batch: 5 has fewer so far. */
  g_assert_cmpstr (kd_unpaid_route ("11", on_duty, loads, TRUE, "3", FALSE, &reason), ==, "5");
  g_assert_cmpint (reason, ==, KD_ROUTE_ON_DUTY);
  g_assert_cmpstr (kd_unpaid_route ("", on_duty, loads, TRUE, "3", FALSE, &reason), ==, "5");
  g_assert_cmpstr (kd_unpaid_route ("", on_duty, loads, TRUE, "3", FALSE, &reason), ==, "6");
  g_assert_cmpuint (loads[0], ==, 2);
  g_assert_cmpuint (loads[1], ==, 2);
  /* Nobody on duty with a roster (after the night shift): wait. */
  g_assert_null (kd_unpaid_route ("6", nobody, NULL, TRUE, "3", FALSE, &reason));
  g_assert_cmpint (reason, ==, KD_ROUTE_WAIT);
  /* … unless the shop alerts at any hour: the buyer's agent, else the desk's. */
  g_assert_cmpstr (kd_unpaid_route ("6", nobody, NULL, TRUE, "3", TRUE, &reason), ==, "6");
  g_assert_cmpint (reason, ==, KD_ROUTE_ANY_HOUR);
  g_assert_cmpstr (kd_unpaid_route ("", nobody, NULL, TRUE, "3", TRUE, &reason), ==, "3");
  /* No roster at all: the signed-in agent, whoever served the buyer. */
  g_assert_cmpstr (kd_unpaid_route ("6", nobody, NULL, FALSE, "3", FALSE, &reason), ==, "3");
  g_assert_cmpint (reason, ==, KD_ROUTE_SIGNED_IN);
  /* … and nobody signed in: the buyer's agent, else unassigned. */
  g_assert_cmpstr (kd_unpaid_route ("6", nobody, NULL, FALSE, "", FALSE, &reason), ==, "6");
  g_assert_cmpstr (kd_unpaid_route ("", NULL, NULL, FALSE, NULL, FALSE, &reason), ==, "");
}

static KdUnpaidOrder *
make (const char *buyer, gint64 created, gint64 total, const char *job, const char *name)
{
  KdUnpaidOrder *o = kd_unpaid_order_new ();

  g_free (o->buyer);
  o->buyer = g_strdup (buyer);
  o->created_at = created;
  o->total = total;
  g_free (o->job_number);
  o->job_number = g_strdup (job);
  g_free (o->agent_name);
  o->agent_name = g_strdup (name);
  return o;
}

static void
test_words (void)
{
  g_autoptr(GPtrArray) three = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GTimeZone) sh = g_time_zone_new_identifier ("Asia/Shanghai");
  gint64 t = shanghai ("2026-11-30 21:05:00");
  g_autofree char *title1 = NULL;
  g_autofree char *title3 = NULL;
  g_autofree char *body = NULL;
  g_autofree char *summary = NULL;

  g_ptr_array_add (three, make ("tb_小鹿", t, 12800, "6", "周敏"));
  title1 = kd_unpaid_format_title (three, 12);
  g_assert_cmpstr (title1, ==, "tb_小鹿: order unpaid for over 12 hours");
  g_ptr_array_add (three, make ("tb_小鹿", t + 60, 4900, "6", "周敏"));
  g_ptr_array_add (three, make ("tb_小鹿", t + 120, 3500, "6", "周敏"));
  ((KdUnpaidOrder *) g_ptr_array_index (three, 2))->no_pay_type = TRUE;
  title3 = kd_unpaid_format_title (three, 12);
  g_assert_cmpstr (title3, ==, "tb_小鹿: 3 orders unpaid for over 12 hours");
  body = kd_unpaid_format_body (three, t + 13 * 3600, sh);
  g_assert_nonnull (strstr (body, "Buyer: tb_小鹿"));
  g_assert_nonnull (strstr (body, "¥128.00, placed 11-30 21:05, unpaid for 13 hours"));
  g_assert_nonnull (strstr (body, "¥49.00, placed 11-30 21:06"));
  g_assert_nonnull (strstr (body, "Agent: 周敏 (6)"));
  g_assert_nonnull (strstr (body, "orders but does not pay"));
  g_assert_null (strstr (body, "blacklist"));
  ((KdUnpaidOrder *) g_ptr_array_index (three, 0))->blacklisted = TRUE;
  g_clear_pointer (&body, g_free);
  body = kd_unpaid_format_body (three, t + 13 * 3600, sh);
  g_assert_nonnull (strstr (body, "blacklist"));
  summary = kd_unpaid_format_summary (7, 12);
  g_assert_cmpstr (summary, ==, "7 orders unpaid for over 12 hours");
}

static void
test_report (void)
{
  g_autoptr(GTimeZone) sh = g_time_zone_new_identifier ("Asia/Shanghai");
  gint64 mon = shanghai ("2026-11-30 09:00:00");    /* a Monday */
  gint64 tue = shanghai ("2026-12-01 23:30:00");
  KdUnpaidFact facts[] = {
    /* 6 on Monday: followed up after 10 and 30 min, one paid 2 h later, one never. */
    { "6", mon, mon + 600, mon + 600 + 7200, 12800 },
    { "6", mon + 60, mon + 60 + 1800, 0, 4900 },
    { "6", mon + 120, 0, 0, 9900 },
    /* 6 on Tuesday night (still Tuesday in Shanghai, Wednesday never): paid 25 h after — not counted. */
    { "6", tue, tue + 1200, tue + 1200 + 25 * 3600, 3000 },
    /* 5 on Monday: paid before the follow-up — not recovered by it. */
    { "5", mon + 30, mon + 3000, mon + 100, 5000 },
  };
  g_autoptr(GPtrArray) by_day = kd_unpaid_report_build (facts, G_N_ELEMENTS (facts), KD_UNPAID_BY_DAY, sh);
  g_autoptr(GPtrArray) by_week = kd_unpaid_report_build (facts, G_N_ELEMENTS (facts), KD_UNPAID_BY_WEEK, sh);
  g_autoptr(GPtrArray) by_month = kd_unpaid_report_build (facts, G_N_ELEMENTS (facts), KD_UNPAID_BY_MONTH, sh);
  KdUnpaidReportRow *r;
  g_autofree char *line = NULL;

  g_assert_cmpuint (by_day->len, ==, 3);
  r = g_ptr_array_index (by_day, 0);
  g_assert_cmpstr (r->period, ==, "2026-11-30");
  g_assert_cmpstr (r->job_number, ==, "5");
  g_assert_cmpuint (r->routed, ==, 1);
  g_assert_cmpuint (r->followed_up, ==, 1);
  g_assert_cmpuint (r->paid_after, ==, 0);
  g_assert_cmpint (r->median_minutes, ==, 49);
  r = g_ptr_array_index (by_day, 1);
  g_assert_cmpstr (r->job_number, ==, "6");
  g_assert_cmpuint (r->routed, ==, 3);
  g_assert_cmpuint (r->followed_up, ==, 2);
  g_assert_cmpuint (r->paid_after, ==, 1);
  g_assert_cmpint (r->recovered, ==, 12800);
  g_assert_cmpint (r->median_minutes, ==, 20);   /* (10 + 30) / 2 */
  line = kd_unpaid_report_format_row (r);
  g_assert_cmpstr (line, ==, "2026-11-30\t6\t3\t2\t1\t128.00\t20");
  r = g_ptr_array_index (by_day, 2);
  g_assert_cmpstr (r->period, ==, "2026-12-01");
  g_assert_cmpuint (r->paid_after, ==, 0);

  /* The week starts on Monday 30 November; December is another month. */
  g_assert_cmpuint (by_week->len, ==, 2);
  r = g_ptr_array_index (by_week, 1);
  g_assert_cmpstr (r->period, ==, "2026-11-30");
  g_assert_cmpuint (r->routed, ==, 4);
  g_assert_cmpuint (by_month->len, ==, 3);
  r = g_ptr_array_index (by_month, 2);
  g_assert_cmpstr (r->period, ==, "2026-12-01");
  g_assert_cmpuint (r->routed, ==, 1);
}

static void
test_median (void)
{
  g_autoptr(GArray) m = g_array_new (FALSE, FALSE, sizeof (int));
  int values[] = { 30, 5, 12 };

  g_assert_cmpint (kd_unpaid_median (m), ==, -1);
  g_array_append_vals (m, values, 3);
  g_assert_cmpint (kd_unpaid_median (m), ==, 12);
  g_array_append_val (m, values[0]);
  g_assert_cmpint (kd_unpaid_median (m), ==, 21);
}

int
main (int argc, char **argv)
{
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/unpaid/rule/boundaries", test_rule_boundaries);
  g_test_add_func ("/unpaid/rule/midnight-month-end", test_rule_midnight_month_end);
  g_test_add_func ("/unpaid/time-zones", test_time_zones);
  g_test_add_func ("/unpaid/states-snooze", test_states_and_snooze);
  g_test_add_func ("/unpaid/routing", test_routing);
  g_test_add_func ("/unpaid/words", test_words);
  g_test_add_func ("/unpaid/report", test_report);
  g_test_add_func ("/unpaid/median", test_median);
  return g_test_run ();
}
