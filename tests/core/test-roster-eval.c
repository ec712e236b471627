/* test-roster-eval.c: the roster evaluator against hand-computed cases, one or more per rule. */
#include "kd-roster-eval.h"
#include "kd-roster-shop.h"

/* A tiny model: @n_shifts shifts of 480 minutes, nothing required. */
static KdRosterModel *
tiny_model (int days, int persons, int shifts, int history)
{
  KdRosterModel *m = kd_roster_model_new (days, persons, shifts, history);

  for (int s = 0; s < shifts; s++)
    {
      m->shifts[s].code = g_strdup_printf ("S%d", s);
      m->shifts[s].length = 480;
    }
  for (int p = 0; p < persons; p++)
    m->persons[p].code = g_strdup_printf ("P%d", p);
  return m;
}

/* Sets row @p from a string: '.' off, '0'..'9' a shift index. */
static void
set_row (KdRoster *r, int p, const char *cells)
{
  for (int d = 0; cells[d] != '\0'; d++)
    kd_roster_set (r, p, d, cells[d] == '.' ? KD_ROSTER_OFF : cells[d] - '0');
}

static int
count_rule (const KdRosterScore *score, KdRosterRule rule, int *day, int *amount)
{
  int n = 0;

  for (guint i = 0; i < score->violations->len; i++)
    {
      const KdRosterViolation *v = &g_array_index (score->violations, KdRosterViolation, i);
      if (v->rule != rule)
        continue;
      if (n == 0 && day != NULL)
        *day = v->day;
      if (n == 0 && amount != NULL)
        *amount = v->amount;
      n++;
    }
  return n;
}

static void
test_cover (void)
{
  g_autoptr(KdRosterModel) m = tiny_model (2, 3, 1, 0);
  g_autoptr(KdRoster) r = kd_roster_new (m);
  g_autoptr(KdRosterScore) score = NULL;
  int day = -1, amount = 0;

  for (int d = 0; d < 2; d++)
    {
      m->cover_req[d] = 2;
      m->w_under[d] = 100;
      m->w_over[d] = 1;
    }
  m->cover_min[1] = 3;
  set_row (r, 0, "00");
  set_row (r, 1, ".0");
  set_row (r, 2, ".0");
  /* day 0: one short (100); day 1: one over (1) */
  score = kd_roster_evaluate (m, r);
  g_assert_cmpint (score->soft[KD_SOFT_UNDER_COVER], ==, 100);
  g_assert_cmpint (score->soft[KD_SOFT_OVER_COVER], ==, 1);
  g_assert_cmpint (score->soft_total, ==, 101);
  g_assert_cmpint (score->hard_count, ==, 0);

  /* A hard minimum of 3 on day 1 is met; raise it to 4. */
  m->cover_min[1] = 4;
  kd_roster_score_free (g_steal_pointer (&score));
  score = kd_roster_evaluate (m, r);
  g_assert_cmpint (count_rule (score, KD_RULE_MIN_COVER, &day, &amount), ==, 1);
  g_assert_cmpint (day, ==, 1);
  g_assert_cmpint (amount, ==, 1);
}

/* Night 17:00–01:00 then day 08:00 leaves 7 h; regular 09:00 leaves 8 h. */
static void
test_succession_from_start_times (void)
{
  g_autoptr(KdRosterModel) m = tiny_model (3, 1, 3, 1);
  g_autoptr(KdRoster) r = kd_roster_new (m);
  g_autoptr(KdRosterScore) score = NULL;
  int day = -1;
  enum { D, N, R };

  m->shifts[D].start_minute = 8 * 60;  m->shifts[D].length = 9 * 60;
  m->shifts[N].start_minute = 17 * 60; m->shifts[N].length = 8 * 60;
  m->shifts[R].start_minute = 9 * 60;  m->shifts[R].length = 9 * 60;
  kd_roster_model_forbid_by_rest (m, 11 * 60);
  g_assert_true (m->forbidden[N * 3 + D]);
  g_assert_true (m->forbidden[N * 3 + R]);
  g_assert_false (m->forbidden[N * 3 + N]);   /* 16 h */
  g_assert_false (m->forbidden[D * 3 + N]);   /* 24 h */
  g_assert_false (m->forbidden[D * 3 + D]);
  g_assert_false (m->forbidden[R * 3 + D]);   /* 14 h */

  set_row (r, 0, "10.");   /* N then D */
  score = kd_roster_evaluate (m, r);
  g_assert_cmpint (count_rule (score, KD_RULE_SUCCESSION, &day, NULL), ==, 1);
  g_assert_cmpint (day, ==, 1);

  /* Across the month boundary: last month ended on a night. */
  m->history[0] = N;
  set_row (r, 0, "2..");
  kd_roster_score_free (g_steal_pointer (&score));
  score = kd_roster_evaluate (m, r);
  g_assert_cmpint (count_rule (score, KD_RULE_SUCCESSION, &day, NULL), ==, 1);
  g_assert_cmpint (day, ==, 0);

  set_row (r, 0, "1..");  /* N after N is fine */
  kd_roster_score_free (g_steal_pointer (&score));
  score = kd_roster_evaluate (m, r);
  g_assert_cmpint (score->hard_count, ==, 0);
}

static void
test_consecutive_across_boundary (void)
{
  g_autoptr(KdRosterModel) m = tiny_model (10, 1, 1, 7);
  g_autoptr(KdRoster) r = kd_roster_new (m);
  g_autoptr(KdRosterScore) score = NULL;
  int day = -1, amount = 0;

  m->persons[0].max_consecutive = 6;
  /* Worked the last 3 days of last month (a day off before those). */
  m->history[0] = m->history[1] = m->history[2] = 0;
  set_row (r, 0, "000.000000");
  score = kd_roster_evaluate (m, r);
  g_assert_cmpint (score->hard_count, ==, 0);   /* 3 + 3 = 6 */

  set_row (r, 0, "0000.00000");
  kd_roster_score_free (g_steal_pointer (&score));
  score = kd_roster_evaluate (m, r);
  g_assert_cmpint (count_rule (score, KD_RULE_MAX_CONSECUTIVE, &day, &amount), ==, 1);
  g_assert_cmpint (day, ==, 3);     /* the 7th day in a row */
  g_assert_cmpint (amount, ==, 1);

  set_row (r, 0, "...0000000");   /* 7 at the end of the month */
  kd_roster_score_free (g_steal_pointer (&score));
  score = kd_roster_evaluate (m, r);
  g_assert_cmpint (count_rule (score, KD_RULE_MAX_CONSECUTIVE, &day, &amount), ==, 1);
  g_assert_cmpint (day, ==, 9);
}

static void
test_min_stretches (void)
{
  g_autoptr(KdRosterModel) m = tiny_model (10, 1, 1, 0);
  g_autoptr(KdRoster) r = kd_roster_new (m);
  g_autoptr(KdRosterScore) score = NULL;
  int day = -1, amount = 0;

  m->persons[0].min_consecutive = 2;
  m->persons[0].min_days_off = 2;
  /* Stretches touching either end are exempt: "0" at day 0 and ".." is fine. */
  set_row (r, 0, "0..00..000");
  score = kd_roster_evaluate (m, r);
  g_assert_cmpint (score->hard_count, ==, 0);

  set_row (r, 0, "00.0..0000");   /* off stretch of 1 at day 2, work stretch of 1 at day 3 */
  kd_roster_score_free (g_steal_pointer (&score));
  score = kd_roster_evaluate (m, r);
  g_assert_cmpint (count_rule (score, KD_RULE_MIN_DAYS_OFF, &day, &amount), ==, 1);
  g_assert_cmpint (day, ==, 2);
  g_assert_cmpint (amount, ==, 1);
  g_assert_cmpint (count_rule (score, KD_RULE_MIN_CONSECUTIVE, &day, &amount), ==, 1);
  g_assert_cmpint (day, ==, 3);
}

static void
test_weekends (void)
{
  g_autoptr(KdRosterModel) m = tiny_model (14, 1, 1, 0);
  g_autoptr(KdRoster) r = kd_roster_new (m);
  g_autoptr(KdRosterScore) score = NULL;
  int day = -1, amount = 0;

  m->persons[0].max_weekends = 1;
  g_assert_true (kd_roster_model_is_weekend (m, 5));
  g_assert_true (kd_roster_model_is_weekend (m, 6));
  g_assert_false (kd_roster_model_is_weekend (m, 7));
  g_assert_cmpint (kd_roster_model_weekend_index (m, 5), ==, kd_roster_model_weekend_index (m, 6));

  set_row (r, 0, ".....00.......");   /* Saturday and Sunday: one weekend */
  score = kd_roster_evaluate (m, r);
  g_assert_cmpint (score->hard_count, ==, 0);

  set_row (r, 0, ".....0.......0");   /* Saturday of week 1, Sunday of week 2 */
  kd_roster_score_free (g_steal_pointer (&score));
  score = kd_roster_evaluate (m, r);
  g_assert_cmpint (count_rule (score, KD_RULE_MAX_WEEKENDS, &day, &amount), ==, 1);
  g_assert_cmpint (day, ==, 13);
  g_assert_cmpint (amount, ==, 1);

  /* A month starting on a Sunday: day 0 is a weekend day, day 6 Saturday. */
  m->first_weekday = 6;
  g_assert_true (kd_roster_model_is_weekend (m, 0));
  g_assert_false (kd_roster_model_is_weekend (m, 1));
  g_assert_true (kd_roster_model_is_weekend (m, 6));
  g_assert_true (kd_roster_model_is_weekend (m, 7));
  g_assert_cmpint (kd_roster_model_n_weekends (m), ==, 3);
}

static void
test_totals_and_caps (void)
{
  g_autoptr(KdRosterModel) m = tiny_model (7, 1, 2, 0);
  g_autoptr(KdRoster) r = kd_roster_new (m);
  g_autoptr(KdRosterScore) score = NULL;
  int amount = 0;

  m->persons[0].max_shifts[1] = 1;
  m->persons[0].max_minutes = 4 * 480;
  m->persons[0].min_minutes = 2 * 480;
  m->persons[0].max_days = 4;
  m->persons[0].min_days = 2;

  set_row (r, 0, "01111..");   /* 5 days: 1 too many days, 480 min over, three S1 over the cap of 1 */
  score = kd_roster_evaluate (m, r);
  g_assert_cmpint (count_rule (score, KD_RULE_MAX_SHIFTS, NULL, &amount), ==, 1);
  g_assert_cmpint (amount, ==, 3);
  g_assert_cmpint (count_rule (score, KD_RULE_MAX_MINUTES, NULL, &amount), ==, 1);
  g_assert_cmpint (amount, ==, 480);
  g_assert_cmpint (count_rule (score, KD_RULE_MAX_DAYS, NULL, &amount), ==, 1);
  g_assert_cmpint (amount, ==, 1);
  g_assert_cmpint (score->hard_count, ==, 3);

  m->persons[0].target_days = 3;
  m->w_target_days = 5;
  set_row (r, 0, "0......");
  kd_roster_score_free (g_steal_pointer (&score));
  score = kd_roster_evaluate (m, r);
  g_assert_cmpint (score->soft[KD_SOFT_SHORT_DAYS], ==, 10);   /* 2 days short × 5 */
  g_assert_cmpint (count_rule (score, KD_RULE_MIN_MINUTES, NULL, &amount), ==, 1);
  g_assert_cmpint (amount, ==, 480);
  g_assert_cmpint (count_rule (score, KD_RULE_MIN_DAYS, NULL, &amount), ==, 1);
  g_assert_cmpint (amount, ==, 1);

  /* max 0 = may not work that shift at all */
  m->persons[0].max_shifts[1] = 0;
  set_row (r, 0, "01.....");
  kd_roster_score_free (g_steal_pointer (&score));
  score = kd_roster_evaluate (m, r);
  g_assert_cmpint (count_rule (score, KD_RULE_MAX_SHIFTS, NULL, &amount), ==, 1);
  g_assert_cmpint (amount, ==, 1);
}

static void
test_unavailable_requests_locks (void)
{
  g_autoptr(KdRosterModel) m = tiny_model (3, 1, 2, 0);
  g_autoptr(KdRoster) r = kd_roster_new (m);
  g_autoptr(KdRosterScore) score = NULL;
  int day = -1;

  m->unavailable[1] = KD_UNAVAILABLE_LEAVE;
  kd_roster_model_add_shift_on (m, 0, 0, 1, 3);    /* wants S1 on day 0 */
  kd_roster_model_add_shift_off (m, 0, 2, 0, 2);   /* does not want S0 on day 2 */
  m->locked[2] = 0;

  set_row (r, 0, "000");
  score = kd_roster_evaluate (m, r);
  g_assert_cmpint (count_rule (score, KD_RULE_UNAVAILABLE, &day, NULL), ==, 1);
  g_assert_cmpint (day, ==, 1);
  g_assert_cmpint (score->soft[KD_SOFT_SHIFT_ON], ==, 3);
  g_assert_cmpint (score->soft[KD_SOFT_SHIFT_OFF], ==, 2);
  g_assert_cmpint (score->soft_total, ==, 5);

  set_row (r, 0, "1.1");   /* request met, lock broken */
  kd_roster_score_free (g_steal_pointer (&score));
  score = kd_roster_evaluate (m, r);
  g_assert_cmpint (score->soft_total, ==, 0);
  g_assert_cmpint (count_rule (score, KD_RULE_LOCKED, &day, NULL), ==, 1);
  g_assert_cmpint (day, ==, 2);
}

static void
test_fairness (void)
{
  g_autoptr(KdRosterModel) m = tiny_model (7, 3, 2, 0);
  g_autoptr(KdRoster) r = kd_roster_new (m);
  g_autoptr(KdRosterScore) score = NULL;

  m->shifts[1].is_night = TRUE;
  m->fair_nights_weight = 10;
  m->fair_weekends_weight = 1;
  m->persons[2].max_shifts[1] = 0;   /* no nights: not part of the night spread */
  m->persons[2].max_weekends = 0;    /* nor the weekend spread */

  /* nights 3 and 1 → squares 10, best split of 4 over 2 is 2+2 → 8: cost 2 × 10.
   * weekend shifts 2 (P0: Sat, Sun) and 0 → squares 4, best 1+1 = 2: cost 2. */
  set_row (r, 0, "111..00");
  set_row (r, 1, "1......");
  score = kd_roster_evaluate (m, r);
  g_assert_cmpint (score->soft[KD_SOFT_FAIR_NIGHTS], ==, 20);
  g_assert_cmpint (score->soft[KD_SOFT_FAIR_WEEKENDS], ==, 2);

  set_row (r, 0, "11...0.");
  set_row (r, 1, "..11..0");
  kd_roster_score_free (g_steal_pointer (&score));
  score = kd_roster_evaluate (m, r);
  g_assert_cmpint (score->soft[KD_SOFT_FAIR_NIGHTS], ==, 0);
  g_assert_cmpint (score->soft[KD_SOFT_FAIR_WEEKENDS], ==, 0);
}

static KdRosterMonth *
shop_month (int year, int month, int n_staff)
{
  KdRosterMonth *mo = kd_roster_month_new (year, month);

  g_ptr_array_add (mo->templates, kd_shift_template_new ("D", "白班", "#f6d32d", 480, 540, 2, FALSE));
  g_ptr_array_add (mo->templates, kd_shift_template_new ("N", "晚班", "#613583", 1020, 480, 2, TRUE));
  g_ptr_array_add (mo->templates, kd_shift_template_new ("R", "常班", "#33d17a", 540, 540, 2, FALSE));
  for (int i = 0; i < 3; i++)
    ((KdShiftTemplate *) g_ptr_array_index (mo->templates, i))->id = 10 + i;
  for (int i = 0; i < n_staff; i++)
    {
      g_autofree char *job = g_strdup_printf ("%d", i + 1);
      KdStaff *s = kd_staff_new (job, job, KD_ROLE_PRESALE, "");
      kd_staff_set_id (s, i + 1);
      g_ptr_array_add (mo->staff, s);
    }
  return mo;
}

static void
test_shop_february_and_boundary (void)
{
  g_autoptr(KdRosterMonth) feb = shop_month (2026, 2, 2);
  g_autoptr(KdRosterMonth) leap = shop_month (2024, 2, 2);
  g_autoptr(KdRosterModel) m = NULL;
  g_autoptr(KdRosterModel) ml = NULL;
  g_autoptr(KdRoster) r = NULL;
  g_autoptr(KdRosterScore) score = NULL;
  g_autofree char *last = NULL;
  KdRosterAssignment a = { 0 };
  KdLeaveDay leave = { 0 };
  int day = -1;

  /* Staff 1 worked N on 31 January and the six days before it. */
  for (int k = 0; k < 7; k++)
    {
      a.staff_id = 1;
      g_date_clear (&a.day, 1);
      g_date_set_dmy (&a.day, 31 - k, 1, 2026);
      a.shift_id = 11;
      g_array_append_val (feb->assignments, a);
    }
  g_date_clear (&leave.day, 1);
  g_date_set_dmy (&leave.day, 14, 2, 2026);
  leave.staff_id = 2;
  g_array_append_val (feb->leave, leave);

  m = kd_roster_shop_build_model (feb, NULL);
  ml = kd_roster_shop_build_model (leap, NULL);
  g_assert_nonnull (m);
  g_assert_cmpint (m->n_days, ==, 28);
  g_assert_cmpint (ml->n_days, ==, 29);
  g_assert_cmpint (m->first_weekday, ==, 6);       /* 2026-02-01 is a Sunday */
  g_assert_true (kd_roster_model_is_weekend (m, 0));
  g_assert_true (kd_roster_model_is_weekend (m, 27));   /* Saturday 28th */
  last = kd_roster_model_format_day (ml, 28);
  g_assert_cmpstr (last, ==, "2024-02-29");
  g_assert_cmpint (m->persons[0].max_days, ==, 24);   /* 28 - 4 days off */
  g_assert_cmpint (m->persons[1].max_days, ==, 23);   /* and one day of leave */
  g_assert_true (m->forbidden[1 * 3 + 0]);            /* N → D */
  g_assert_cmpint (m->unavailable[1 * 28 + 13], ==, KD_UNAVAILABLE_LEAVE);

  /* Working D on 1 February: 8th day in a row and too little rest after N. */
  r = kd_roster_new (m);
  kd_roster_set (r, 0, 0, 0);
  score = kd_roster_evaluate (m, r);
  g_assert_cmpint (count_rule (score, KD_RULE_SUCCESSION, &day, NULL), ==, 1);
  g_assert_cmpint (day, ==, 0);
  g_assert_cmpint (count_rule (score, KD_RULE_MAX_CONSECUTIVE, &day, NULL), ==, 1);
  g_assert_cmpint (day, ==, 0);
}

/* The grid calls the evaluator after every edit: 60 people × 31 days. */
static void
test_speed (void)
{
  g_autoptr(KdRosterMonth) mo = shop_month (2026, 12, 60);
  g_autoptr(KdRosterModel) m = kd_roster_shop_build_model (mo, NULL);
  g_autoptr(KdRoster) r = kd_roster_new (m);
  gint64 t0;
  double per_call_ms;
  const int N = 200;

  for (int p = 0; p < 60; p++)
    for (int d = 0; d < 31; d++)
      kd_roster_set (r, p, d, (p + d) % 4 == 3 ? KD_ROSTER_OFF : (p + d) % 4);
  t0 = g_get_monotonic_time ();
  for (int i = 0; i < N; i++)
    {
      KdRosterScore *s = kd_roster_evaluate (m, r);
      kd_roster_score_free (s);
    }
  per_call_ms = (g_get_monotonic_time () - t0) / 1000.0 / N;
  g_test_message ("evaluate 60×31: %.3f ms per call", per_call_ms);
  /* < 1 ms in a release build; the bound leaves room for sanitizers. */
  g_assert_cmpfloat (per_call_ms, <, 10.0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/roster/eval/cover", test_cover);
  g_test_add_func ("/roster/eval/succession", test_succession_from_start_times);
  g_test_add_func ("/roster/eval/consecutive-boundary", test_consecutive_across_boundary);
  g_test_add_func ("/roster/eval/min-stretches", test_min_stretches);
  g_test_add_func ("/roster/eval/weekends", test_weekends);
  g_test_add_func ("/roster/eval/totals-caps", test_totals_and_caps);
  g_test_add_func ("/roster/eval/unavailable-requests-locks", test_unavailable_requests_locks);
  g_test_add_func ("/roster/eval/fairness", test_fairness);
  g_test_add_func ("/roster/eval/shop-february-boundary", test_shop_february_and_boundary);
  g_test_add_func ("/roster/eval/speed", test_speed);
  return g_test_run ();
}
