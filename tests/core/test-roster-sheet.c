/* test-roster-sheet.c: the shop's rules at their edges as the grid shows them (month lengths, February, last month's tail, the 01:00 night, midnight), weekday and special-day numbers, and who is on duty. */
#include <stdio.h>
#include <string.h>
#include "kd-error.h"
#include "kd-roster-duty.h"
#include "kd-roster-ics.h"
#include "kd-roster-sheet.h"
#include "kd-roster-solver.h"

#define D_ID 11
#define N_ID 12
#define R_ID 13

/* The default templates and rules, @n staff, one month. */
static KdRosterMonth *
shop_month (int year, int month, int n)
{
  KdRosterMonth *mo = kd_roster_month_new (year, month);
  KdShiftTemplate *t;

  t = kd_shift_template_new ("D", "白班", "#f6d32d", 8 * 60, 9 * 60, 2, FALSE);
  t->id = D_ID;
  g_ptr_array_add (mo->templates, t);
  t = kd_shift_template_new ("N", "晚班", "#613583", 17 * 60, kd_shift_length_from_times (17 * 60, 60), 2, TRUE);
  t->id = N_ID;
  g_ptr_array_add (mo->templates, t);
  t = kd_shift_template_new ("R", "常班", "#33d17a", 9 * 60, 9 * 60, 2, FALSE);
  t->id = R_ID;
  g_ptr_array_add (mo->templates, t);
  for (int i = 0; i < n; i++)
    {
      g_autofree char *job = g_strdup_printf ("%d", i + 1);
      g_autofree char *name = g_strdup_printf ("客服%d", i + 1);
      KdStaff *s = kd_staff_new (job, name, KD_ROLE_PRESALE, "");

      kd_staff_set_id (s, 100 + i);
      g_ptr_array_add (mo->staff, s);
    }
  return mo;
}

static void
add_cell (KdRosterMonth *mo, int person, int y, int m, int d, gint64 shift_id, gboolean locked)
{
  KdRosterAssignment a = { 100 + person, { 0 }, shift_id, locked };

  g_date_clear (&a.day, 1);
  g_date_set_dmy (&a.day, d, m, y);
  g_array_append_val (mo->assignments, a);
}

static int
count (const KdRosterSheet *s, KdRosterRule rule, int person, int *day)
{
  int n = 0;

  for (guint i = 0; i < s->score->violations->len; i++)
    {
      const KdRosterViolation *v = &g_array_index (s->score->violations, KdRosterViolation, i);
      if (v->rule != rule || (person >= 0 && v->person != person))
        continue;
      if (n++ == 0 && day != NULL)
        *day = v->day;
    }
  return n;
}

static gboolean
flagged (const KdRosterSheet *s, int p, int d)
{
  return (s->flags[p * s->n_days + d] & KD_SHEET_VIOLATION) != 0;
}

/* A row from a string: D, N, R, '.' off, ' ' not rostered. */
static void
set_row (KdRosterSheet *s, int p, const char *cells)
{
  for (int d = 0; cells[d] != '\0' && d < s->n_days; d++)
    kd_roster_sheet_set (s, p, d, cells[d] == '.' ? KD_ROSTER_OFF
                                  : cells[d] == ' ' ? KD_SHEET_EMPTY
                                  : kd_roster_sheet_find_code (s, cells[d]));
}

static void
test_month_lengths (void)
{
  static const struct { int y, m, days; } cases[] = {
    { 2027, 2, 28 }, { 2028, 2, 29 }, { 2100, 2, 28 }, { 2000, 2, 29 },
    { 2026, 4, 30 }, { 2026, 12, 31 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(KdRosterSheet) s = kd_roster_sheet_new (shop_month (cases[i].y, cases[i].m, 1), NULL);
      GDate last;

      g_assert_nonnull (s);
      g_assert_cmpint (s->n_days, ==, cases[i].days);
      kd_roster_sheet_get_date (s, s->n_days - 1, &last);
      g_assert_cmpint (g_date_get_day (&last), ==, cases[i].days);
      /* Not rostered at all: every shift of every day is short. */
      g_assert_cmpint (count (s, KD_RULE_MIN_COVER, -1, NULL), ==, 3 * cases[i].days);
    }
}

/* A shop with nobody in the directory yet (a new database): the month's
 * sheet opens, empty, instead of writing past a model without cells. */
static void
test_no_staff (void)
{
  g_autoptr(KdRosterSheet) s = kd_roster_sheet_new (shop_month (2026, 12, 0), NULL);

  g_assert_nonnull (s);
  g_assert_cmpint (s->n_persons, ==, 0);
  g_assert_cmpint (s->n_days, ==, 31);
}

/* Four days off in February's 28 days: 24 working days is the most; 25 is flagged as a month total. */
static void
test_february_days_off (void)
{
  g_autoptr(KdRosterSheet) s = kd_roster_sheet_new (shop_month (2027, 2, 1), NULL);
  /* Runs of six with a day off between: 4 × 6 = 24 days, 4 off. */
  const char *ok = "RRRRRR.RRRRRR.RRRRRR.RRRRRR.";
  const char *bad = "RRRRRR.RRRRRR.RRRRRR.RRRRRRR";

  g_assert_cmpint (s->n_days, ==, 28);
  set_row (s, 0, ok);
  kd_roster_sheet_check (s);
  g_assert_cmpint (s->days[0], ==, 24);
  g_assert_cmpint (s->minutes[0], ==, 24 * 9 * 60);
  g_assert_cmpint (count (s, KD_RULE_MAX_DAYS, 0, NULL), ==, 0);
  g_assert_cmpint (count (s, KD_RULE_MAX_CONSECUTIVE, 0, NULL), ==, 0);
  g_assert_false (s->total_bad[0]);

  set_row (s, 0, bad);
  kd_roster_sheet_check (s);
  g_assert_cmpint (s->days[0], ==, 25);
  g_assert_cmpint (count (s, KD_RULE_MAX_DAYS, 0, NULL), ==, 1);
  g_assert_true (s->total_bad[0]);
  /* … and the last run is seven long: its seventh day is flagged. */
  {
    int day = -1;
    g_assert_cmpint (count (s, KD_RULE_MAX_CONSECUTIVE, 0, &day), ==, 1);
    g_assert_cmpint (day, ==, 27);
    g_assert_true (flagged (s, 0, 27));
    g_assert_false (flagged (s, 0, 26));
  }
}

/* Six days in a row at the end of January make 1 March… no: 1 February a seventh. */
static void
test_previous_month_carry_over (void)
{
  KdRosterMonth *mo = shop_month (2027, 2, 2);
  g_autoptr(KdRosterSheet) s = NULL;
  int day = -1;

  for (int d = 26; d <= 31; d++)
    add_cell (mo, 0, 2027, 1, d, R_ID, FALSE);   /* six in a row */
  for (int d = 27; d <= 31; d++)
    add_cell (mo, 1, 2027, 1, d, R_ID, FALSE);   /* five in a row */
  s = kd_roster_sheet_new (mo, NULL);
  set_row (s, 0, "R.");
  set_row (s, 1, "R.");
  kd_roster_sheet_check (s);
  g_assert_cmpint (count (s, KD_RULE_MAX_CONSECUTIVE, 0, &day), ==, 1);
  g_assert_cmpint (day, ==, 0);
  g_assert_true (flagged (s, 0, 0));
  g_assert_cmpint (count (s, KD_RULE_MAX_CONSECUTIVE, 1, NULL), ==, 0);
  g_assert_false (flagged (s, 1, 0));
  /* The message names the day. */
  for (guint i = 0; i < s->score->violations->len; i++)
    if (g_array_index (s->score->violations, KdRosterViolation, i).rule == KD_RULE_MAX_CONSECUTIVE)
      {
        g_assert_nonnull (strstr (g_ptr_array_index (s->messages, i), "2027-02-01"));
        g_assert_cmpint (s->targets[2 * i], ==, 0);
        g_assert_cmpint (s->targets[2 * i + 1], ==, 0);
      }
}

/* 晚班 ends at 01:00: an 08:00 start the next day is 7 h of rest, 09:00 is 8 h; both
 * break the 11 h rule. A night after a night is 16 h: fine. Across the month
 * boundary too. */
static void
test_rest_after_night (void)
{
  KdRosterMonth *mo = shop_month (2026, 12, 4);
  g_autoptr(KdRosterSheet) s = NULL;
  int day = -1;

  g_assert_cmpint (kd_shift_length_from_times (17 * 60, 60), ==, 8 * 60);
  g_assert_cmpint (kd_shift_length_from_times (0, 2 * 60), ==, 2 * 60);
  g_assert_cmpint (kd_shift_length_from_times (8 * 60, 8 * 60), ==, 24 * 60);
  add_cell (mo, 3, 2026, 11, 30, N_ID, FALSE);   /* last night of November */
  s = kd_roster_sheet_new (mo, NULL);
  set_row (s, 0, ".ND");
  set_row (s, 1, ".NR");
  set_row (s, 2, ".NN");
  set_row (s, 3, "D..");
  kd_roster_sheet_check (s);

  g_assert_cmpint (count (s, KD_RULE_SUCCESSION, 0, &day), ==, 1);
  g_assert_cmpint (day, ==, 2);
  g_assert_true (flagged (s, 0, 1));
  g_assert_true (flagged (s, 0, 2));
  g_assert_false (flagged (s, 0, 0));
  g_assert_cmpint (count (s, KD_RULE_SUCCESSION, 1, NULL), ==, 1);
  g_assert_cmpint (count (s, KD_RULE_SUCCESSION, 2, NULL), ==, 0);
  g_assert_cmpint (count (s, KD_RULE_SUCCESSION, 3, &day), ==, 1);
  g_assert_cmpint (day, ==, 0);
  g_assert_true (flagged (s, 3, 0));
  g_assert_cmpint (s->nights[2], ==, 2);
  g_assert_cmpint (s->minutes[2], ==, 2 * 8 * 60);
}

/* The 11 h rule itself: at 7 hours' rest it holds, at 8 it breaks. */
static void
test_rest_rule_edge (void)
{
  KdRosterMonth *mo = shop_month (2026, 12, 1);
  g_autoptr(KdRosterSheet) s = NULL;

  mo->rules.min_rest_hours = 7;
  s = kd_roster_sheet_new (mo, NULL);
  set_row (s, 0, "ND");
  kd_roster_sheet_check (s);
  g_assert_cmpint (count (s, KD_RULE_SUCCESSION, 0, NULL), ==, 0);
  kd_roster_sheet_free (g_steal_pointer (&s));

  mo = shop_month (2026, 12, 1);
  mo->rules.min_rest_hours = 8;
  s = kd_roster_sheet_new (mo, NULL);
  set_row (s, 0, "ND");
  kd_roster_sheet_check (s);
  g_assert_cmpint (count (s, KD_RULE_SUCCESSION, 0, NULL), ==, 1);
}

/* What approving a swap or leave would break, found on the month in memory
 * before anything is written: a swap that puts a day shift right after a
 * night (also into the next month's first day through the tail), and leave
 * that leaves a shift short. */
static void
test_change_violations (void)
{
  KdRosterMonth *mo = shop_month (2026, 12, 2), *after = shop_month (2026, 12, 2);
  g_autoptr(KdRosterSheet) before = NULL;
  g_autoptr(KdRosterSheet) changed = NULL;
  g_autoptr(GPtrArray) found = NULL;
  GDate day;

  for (int i = 0; i < 2; i++)
    {
      KdRosterMonth *m = i == 0 ? mo : after;
      add_cell (m, 0, 2026, 12, 1, N_ID, FALSE);
      add_cell (m, 0, 2026, 12, 2, R_ID, TRUE);   /* locked: the lock stays with person 0 */
      add_cell (m, 1, 2026, 12, 1, D_ID, FALSE);
      add_cell (m, 1, 2026, 12, 2, N_ID, FALSE);
    }
  g_date_clear (&day, 1);
  g_date_set_dmy (&day, 1, 12, 2026);
  /* 客服1 works 晚班 then 常班 at 09:00 (8 h: already broken), 客服2 白班 then 晚班. Swapping the
   * 1st mends it and breaks nothing. */
  kd_roster_month_swap_day (after, 100, 101, &day);
  before = kd_roster_sheet_new (mo, NULL);
  changed = kd_roster_sheet_new (after, NULL);
  g_assert_nonnull (before);
  g_assert_nonnull (changed);
  g_assert_cmpint (kd_roster_sheet_get (changed, 0, 0), ==, 0);   /* 白班 */
  g_assert_cmpint (kd_roster_sheet_get (changed, 1, 0), ==, 1);   /* 晚班 */
  g_assert_true (kd_roster_sheet_is_locked (changed, 0, 1));
  found = kd_roster_sheet_new_violations (before, changed);
  g_assert_cmpuint (found->len, ==, 0);
  g_clear_pointer (&found, g_ptr_array_unref);
  kd_roster_sheet_free (g_steal_pointer (&changed));

  /* Swap the 2nd as well: person 1 now has 晚班 on the 1st and 常班 at 09:00 on the 2nd: 8 h of rest. */
  after = shop_month (2026, 12, 2);
  add_cell (after, 0, 2026, 12, 1, N_ID, FALSE);
  add_cell (after, 0, 2026, 12, 2, R_ID, TRUE);
  add_cell (after, 1, 2026, 12, 1, D_ID, FALSE);
  add_cell (after, 1, 2026, 12, 2, N_ID, FALSE);
  kd_roster_month_swap_day (after, 100, 101, &day);
  g_date_set_dmy (&day, 2, 12, 2026);
  kd_roster_month_swap_day (after, 100, 101, &day);
  changed = kd_roster_sheet_new (after, NULL);
  g_assert_cmpint (kd_roster_sheet_get (changed, 1, 1), ==, 2);   /* 常班 */
  found = kd_roster_sheet_new_violations (before, changed);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (found, 0), "2026-12-02"));
  g_assert_nonnull (strstr (g_ptr_array_index (found, 0), "客服2"));
  g_clear_pointer (&found, g_ptr_array_unref);
  kd_roster_sheet_free (g_steal_pointer (&changed));

  /* Leave on the 2nd for 客服2 (晚班): a day off, and 晚班 that day is one more short. Added twice
   * it is one leave day. */
  after = shop_month (2026, 12, 2);
  add_cell (after, 0, 2026, 12, 1, N_ID, FALSE);
  add_cell (after, 0, 2026, 12, 2, R_ID, TRUE);
  add_cell (after, 1, 2026, 12, 1, D_ID, FALSE);
  add_cell (after, 1, 2026, 12, 2, N_ID, FALSE);
  kd_roster_month_add_leave_day (after, 101, &day);
  kd_roster_month_add_leave_day (after, 101, &day);
  g_assert_cmpuint (after->leave->len, ==, 1);
  changed = kd_roster_sheet_new (after, NULL);
  g_assert_cmpint (kd_roster_sheet_get (changed, 1, 1), ==, KD_ROSTER_OFF);
  g_assert_true (changed->flags[1 * changed->n_days + 1] & KD_SHEET_LEAVE);
  found = kd_roster_sheet_new_violations (before, changed);
  g_assert_cmpuint (found->len, >=, 1);
  for (guint i = 0; i < found->len; i++)
    g_assert_nonnull (strstr (g_ptr_array_index (found, i), "2026-12-02"));
}

/* Fairness, live: nights and weekend shifts more than one apart between the
 * people who may work them are noted (not counted as broken rules), the
 * most and the fewest marked; one apart is as even as it gets. Off when the
 * shop gives fairness no weight. */
static void
test_fairness_notes (void)
{
  KdRosterMonth *mo = shop_month (2026, 12, 3);   /* 2026-12-05 is a Saturday */
  g_autoptr(KdRosterSheet) s = NULL;

  s = kd_roster_sheet_new (mo, NULL);
  set_row (s, 0, "NNNN");
  set_row (s, 1, "NN..");
  set_row (s, 2, "N...");
  kd_roster_sheet_check (s);
  g_assert_cmpuint (s->notes->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (s->notes, 0), "客服1"));
  g_assert_nonnull (strstr (g_ptr_array_index (s->notes, 0), "客服3"));
  g_assert_true (s->fair_bad[0] & KD_SHEET_FAIR_NIGHTS);
  g_assert_false (s->fair_bad[1] & KD_SHEET_FAIR_NIGHTS);
  g_assert_true (s->fair_bad[2] & KD_SHEET_FAIR_NIGHTS);
  g_assert_cmpint (count (s, KD_RULE_MAX_SHIFTS, -1, NULL), ==, 0);

  /* 3, 2, 2: even enough. */
  set_row (s, 0, "NNN.");
  set_row (s, 2, "NN..");
  kd_roster_sheet_check (s);
  g_assert_cmpuint (s->notes->len, ==, 0);
  g_assert_cmpint (s->fair_bad[0], ==, 0);

  /* Weekend shifts: Saturday 5th and Sunday 6th, both for 客服1. */
  set_row (s, 0, "....RR");
  set_row (s, 1, "......");
  set_row (s, 2, "......");
  kd_roster_sheet_check (s);
  g_assert_cmpint (s->weekend_shifts[0], ==, 2);
  g_assert_cmpuint (s->notes->len, ==, 1);
  g_assert_true (s->fair_bad[0] & KD_SHEET_FAIR_WEEKENDS);
  kd_roster_sheet_free (g_steal_pointer (&s));

  mo = shop_month (2026, 12, 3);
  mo->rules.fair_nights = 0;
  mo->rules.fair_weekends = 0;
  s = kd_roster_sheet_new (mo, NULL);
  set_row (s, 0, "NNNNRR");
  kd_roster_sheet_check (s);
  g_assert_cmpuint (s->notes->len, ==, 0);
}

/* Weekday numbers, a promotion's numbers and an extra shift only that day. */
static void
test_required_by_day (void)
{
  KdRosterMonth *mo = shop_month (2026, 11, 3);
  KdShiftTemplate *d = g_ptr_array_index (mo->templates, 0);
  KdShiftTemplate *m = kd_shift_template_new ("M", "午夜", "#e01b24", 0, 120, 0, FALSE);
  KdDayRequirement more = { { 0 }, D_ID, 4 }, midnight = { { 0 }, 14, 3 };
  g_autoptr(KdRosterSheet) s = NULL;
  GDate double11;

  m->id = 14;
  g_ptr_array_add (mo->templates, m);
  d->required_on[6] = 1;    /* Sundays need one */
  g_date_clear (&double11, 1);
  g_date_set_dmy (&double11, 11, 11, 2026);
  g_ptr_array_add (mo->special_days, kd_special_day_new (&double11, "双11", KD_SPECIAL_PROMOTION));
  more.day = midnight.day = double11;
  g_array_append_val (mo->day_required, more);
  g_array_append_val (mo->day_required, midnight);
  s = kd_roster_sheet_new (mo, NULL);

  /* 1 November 2026 is a Sunday; the 2nd a Monday. */
  g_assert_cmpint (s->required[0 * 4 + 0], ==, 1);
  g_assert_cmpint (s->required[1 * 4 + 0], ==, 2);
  g_assert_cmpint (s->required[10 * 4 + 0], ==, 4);
  g_assert_cmpint (s->required[10 * 4 + 3], ==, 3);
  g_assert_cmpint (s->required[9 * 4 + 3], ==, 0);
  g_assert_cmpint (s->required[10 * 4 + 1], ==, 2);
  g_assert_nonnull (kd_roster_shop_special_day (s->month, &double11));
  g_assert_cmpstr (kd_roster_shop_special_day (s->month, &double11)->name, ==, "双11");
  g_assert_cmpint (kd_roster_sheet_find_code (s, 'm'), ==, 3);

  /* Sunday's one day shift is enough. */
  set_row (s, 0, "D");
  kd_roster_sheet_check (s);
  for (guint i = 0; i < s->score->violations->len; i++)
    {
      const KdRosterViolation *v = &g_array_index (s->score->violations, KdRosterViolation, i);
      g_assert_false (v->rule == KD_RULE_MIN_COVER && v->day == 0 && v->shift == 0);
    }
  g_assert_cmpint (s->cover[0 * 4 + 0], ==, 1);
}

/* What the solver finds, the grid shows as meeting every rule: one evaluator. */
static void
test_solver_agrees (void)
{
  KdRosterMonth *mo = shop_month (2027, 2, 9);
  g_autoptr(KdRosterSheet) s = NULL;
  g_autoptr(KdRoster) r = NULL;
  KdRosterSolverOptions opt;

  for (int d = 26; d <= 31; d++)
    add_cell (mo, 0, 2027, 1, d, R_ID, FALSE);
  add_cell (mo, 1, 2027, 1, 31, N_ID, FALSE);
  s = kd_roster_sheet_new (mo, NULL);
  kd_roster_solver_options_init (&opt);
  opt.seconds = 60;
  opt.max_iterations = 20000;
  opt.n_threads = 1;
  r = kd_roster_solve (s->model, &opt, NULL, NULL, NULL);
  for (int p = 0; p < s->n_persons; p++)
    for (int d = 0; d < s->n_days; d++)
      kd_roster_sheet_set (s, p, d, kd_roster_get (r, p, d));
  kd_roster_sheet_check (s);
  g_assert_cmpint (s->score->hard_count, ==, 0);
  for (int i = 0; i < s->n_persons * s->n_days; i++)
    g_assert_false (s->flags[i] & KD_SHEET_VIOLATION);
  /* Person 0 ended January on six in a row: 1 February is a day off. */
  g_assert_cmpint (kd_roster_sheet_get (s, 0, 0), <, 0);
  /* Person 1 ended on a night: no day shift on the 1st. */
  g_assert_cmpint (kd_roster_sheet_get (s, 1, 0), !=, kd_roster_sheet_find_code (s, 'D'));

  /* One edit breaks it, and the grid says where. */
  kd_roster_sheet_set (s, 0, 0, kd_roster_sheet_find_code (s, 'R'));
  kd_roster_sheet_check (s);
  g_assert_true (flagged (s, 0, 0));
  g_assert_cmpint (s->score->hard_count, >, 0);
}

static void
test_locks_and_writes (void)
{
  KdRosterMonth *mo = shop_month (2026, 12, 2);
  g_autoptr(KdRosterSheet) s = NULL;
  KdRosterCellWrite w;

  add_cell (mo, 0, 2026, 12, 24, N_ID, TRUE);
  add_cell (mo, 1, 2026, 12, 1, 0, FALSE);
  s = kd_roster_sheet_new (mo, NULL);
  g_assert_true (kd_roster_sheet_is_locked (s, 0, 23));
  g_assert_cmpint (kd_roster_sheet_get (s, 0, 23), ==, 1);
  g_assert_cmpint (kd_roster_sheet_get (s, 1, 0), ==, KD_ROSTER_OFF);
  g_assert_cmpint (kd_roster_sheet_get (s, 1, 1), ==, KD_SHEET_EMPTY);
  /* The lock holds, so nothing is reported about it. */
  g_assert_cmpint (count (s, KD_RULE_LOCKED, -1, NULL), ==, 0);

  kd_roster_sheet_cell_write (s, 0, 23, 1, TRUE, &w);
  g_assert_cmpint (w.staff_id, ==, 100);
  g_assert_cmpint (w.shift_id, ==, N_ID);
  g_assert_true (w.locked);
  g_assert_false (w.clear);
  g_assert_cmpint (g_date_get_day (&w.day), ==, 24);
  kd_roster_sheet_cell_write (s, 1, 1, KD_SHEET_EMPTY, TRUE, &w);
  g_assert_true (w.clear);
  g_assert_false (w.locked);
  kd_roster_sheet_cell_write (s, 1, 1, KD_ROSTER_OFF, FALSE, &w);
  g_assert_cmpint (w.shift_id, ==, 0);
  g_assert_false (w.clear);
}

static void
test_template_rules (void)
{
  g_autoptr(KdShiftTemplate) t = kd_shift_template_new ("D", "白班", "#f6d32d", 480, 540, 2, FALSE);
  g_autoptr(GError) error = NULL;

  g_assert_true (kd_shift_template_validate (t, &error));
  g_assert_cmpint (kd_shift_template_required_on (t, 0), ==, 2);
  t->required_on[5] = 3;
  g_assert_cmpint (kd_shift_template_required_on (t, 5), ==, 3);
  g_assert_true (kd_shift_template_validate (t, NULL));

  g_free (t->code);
  t->code = g_strdup ("DD");
  g_assert_false (kd_shift_template_validate (t, &error));
  g_assert_error (error, KD_VALIDATION_ERROR, KD_SHIFT_FIELD_CODE);
  g_clear_error (&error);
  g_free (t->code);
  t->code = g_strdup ("d");
  g_assert_false (kd_shift_template_validate (t, NULL));
  g_free (t->code);
  t->code = g_strdup ("D");

  g_free (t->name);
  t->name = g_strdup ("  ");
  g_assert_false (kd_shift_template_validate (t, &error));
  g_assert_error (error, KD_VALIDATION_ERROR, KD_SHIFT_FIELD_NAME);
  g_clear_error (&error);
  g_free (t->name);
  t->name = g_strdup ("白班");

  g_free (t->colour);
  t->colour = g_strdup ("yellow");
  g_assert_false (kd_shift_template_validate (t, &error));
  g_assert_error (error, KD_VALIDATION_ERROR, KD_SHIFT_FIELD_COLOUR);
  g_clear_error (&error);
  g_free (t->colour);
  t->colour = g_strdup ("#F6D32D");

  t->required_on[2] = 1001;
  g_assert_false (kd_shift_template_validate (t, &error));
  g_assert_error (error, KD_VALIDATION_ERROR, KD_SHIFT_FIELD_REQUIRED);
  g_clear_error (&error);
  t->required_on[2] = -1;

  t->length = 24 * 60 + 1;
  g_assert_false (kd_shift_template_validate (t, &error));
  g_assert_error (error, KD_VALIDATION_ERROR, KD_SHIFT_FIELD_TIMES);
}

static void
check_duty (const char *iso, const char *day, int start, int length, gboolean expected)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Asia/Shanghai");
  g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 (iso, tz);
  GDate today, yesterday, roster_day;
  int minute, y, m, d;

  g_assert_nonnull (at);
  kd_roster_duty_days (at, &today, &yesterday, &minute);
  g_assert_cmpint (g_date_days_between (&yesterday, &today), ==, 1);
  g_assert_cmpint (sscanf (day, "%d-%d-%d", &y, &m, &d), ==, 3);
  g_date_clear (&roster_day, 1);
  g_date_set_dmy (&roster_day, d, m, y);
  g_assert_cmpint (kd_roster_duty_covers (&roster_day, &today, start, length, minute), ==, expected);
}

/* 晚班 17:00–01:00 of 30 November is on duty at 00:30 on 1 December (another
 * month), not at 01:00; the 1 December night is not yet. Midnight itself. */
static void
test_on_duty (void)
{
  check_duty ("2026-12-01T00:30:00", "2026-11-30", 1020, 480, TRUE);
  check_duty ("2026-12-01T00:30:00", "2026-12-01", 1020, 480, FALSE);
  check_duty ("2026-12-01T01:00:00", "2026-11-30", 1020, 480, FALSE);
  check_duty ("2026-12-01T00:00:00", "2026-11-30", 1020, 480, TRUE);
  check_duty ("2026-11-30T23:59:00", "2026-11-30", 1020, 480, TRUE);
  check_duty ("2026-11-30T16:59:00", "2026-11-30", 1020, 480, FALSE);
  check_duty ("2026-12-01T08:00:00", "2026-12-01", 480, 540, TRUE);
  check_duty ("2026-12-01T17:00:00", "2026-12-01", 480, 540, FALSE);
  check_duty ("2026-12-01T17:00:00", "2026-12-01", 1020, 480, TRUE);
  /* 00:00–02:00 of its own day, not the day before's. */
  check_duty ("2026-11-11T01:59:00", "2026-11-11", 0, 120, TRUE);
  check_duty ("2026-11-11T01:59:00", "2026-11-10", 0, 120, FALSE);
  /* New year's night: 31 December's night at 00:30 on 1 January. */
  check_duty ("2027-01-01T00:30:00", "2026-12-31", 1020, 480, TRUE);
}

static void
test_times (void)
{
  int m = -1;
  g_autofree char *t = NULL;

  g_assert_true (kd_shift_parse_time ("08:00", &m));
  g_assert_cmpint (m, ==, 480);
  g_assert_true (kd_shift_parse_time ("1:00", &m));
  g_assert_cmpint (m, ==, 60);
  g_assert_true (kd_shift_parse_time (" 23:59 ", &m));
  g_assert_cmpint (m, ==, 1439);
  g_assert_true (kd_shift_parse_time ("17：30", &m));   /* full-width colon */
  g_assert_cmpint (m, ==, 1050);
  g_assert_true (kd_shift_parse_time ("00:00", &m));
  g_assert_cmpint (m, ==, 0);
  g_assert_false (kd_shift_parse_time ("24:00", &m));
  g_assert_false (kd_shift_parse_time ("12:60", &m));
  g_assert_false (kd_shift_parse_time ("12", &m));
  g_assert_false (kd_shift_parse_time ("12:5", &m));
  g_assert_false (kd_shift_parse_time ("123:00", &m));
  g_assert_false (kd_shift_parse_time ("", &m));
  g_assert_false (kd_shift_parse_time (NULL, &m));
  t = kd_shift_format_time (1020 + 480);
  g_assert_cmpstr (t, ==, "01:00");
}

static void
test_days (void)
{
  GDate d;

  g_assert_true (kd_roster_parse_day ("2028-02-29", &d));
  g_assert_cmpint (g_date_get_day (&d), ==, 29);
  g_assert_false (kd_roster_parse_day ("2027-02-29", &d));
  g_assert_false (kd_roster_parse_day ("2026-13-01", &d));
  g_assert_false (kd_roster_parse_day ("2026-1-01", &d));
  g_assert_false (kd_roster_parse_day ("2026-01-01x", &d));
  g_assert_false (kd_roster_parse_day ("+026-01-01", &d));
  g_assert_false (kd_roster_parse_day (NULL, &d));
}

static const char holidays_ics[] =
  "\xef\xbb\xbf" "BEGIN:VCALENDAR\r\n"
  "VERSION:2.0\r\n"
  "PRODID:-//test//holidays//CN\r\n"
  "BEGIN:VEVENT\r\n"
  "DTSTART;VALUE=DATE:20270101\r\n"
  "DTEND;VALUE=DATE:20270102\r\n"
  "SUMMARY:元旦\r\n"
  "END:VEVENT\r\n"
  "BEGIN:VEVENT\r\n"
  "DTSTART;VALUE=DATE:20270206\r\n"
  "DTEND;VALUE=DATE:20270213\r\n"
  "SUMMARY:春节\\, 假\r\n"
  "  期\r\n"
  "END:VEVENT\r\n"
  "BEGIN:VEVENT\n"
  "DTSTART;TZID=Asia/Shanghai:20270405T090000\n"
  "DTEND;TZID=Asia/Shanghai:20270405T180000\n"
  "SUMMARY:清明\n"
  "END:VEVENT\n"
  "BEGIN:VEVENT\n"
  "DTSTART;VALUE=DATE:20270101\n"
  "SUMMARY:元旦 again\n"
  "END:VEVENT\n"
  "END:VCALENDAR\n";

/* A holiday calendar: BOM, CR LF and LF, folded lines, escapes, all-day
 * events ending the day before DTEND, a timed event, a day listed twice. */
static void
test_ics_holidays (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) days = kd_roster_ics_parse_holidays (holidays_ics, strlen (holidays_ics), &error);
  const KdSpecialDay *d;

  g_assert_no_error (error);
  g_assert_cmpuint (days->len, ==, 1 + 7 + 1);
  d = g_ptr_array_index (days, 0);
  g_assert_cmpint (g_date_get_year (&d->day), ==, 2027);
  g_assert_cmpint (g_date_get_day (&d->day), ==, 1);
  g_assert_cmpstr (d->name, ==, "元旦");
  g_assert_cmpint (d->kind, ==, KD_SPECIAL_HOLIDAY);
  d = g_ptr_array_index (days, 1);
  g_assert_cmpstr (d->name, ==, "春节, 假 期");
  g_assert_cmpint (g_date_get_day (&d->day), ==, 6);
  d = g_ptr_array_index (days, 7);
  g_assert_cmpint (g_date_get_day (&d->day), ==, 12);   /* DTEND 13th is not in it */
  d = g_ptr_array_index (days, 8);
  g_assert_cmpstr (d->name, ==, "清明");
  g_assert_cmpint (g_date_get_month (&d->day), ==, 4);
  g_assert_cmpint (g_date_get_day (&d->day), ==, 5);
}

static void
test_ics_refusals (void)
{
  static const char *const bad[] = {
    "BEGIN:VCALENDAR\nEND:VCALENDAR\n",
    "BEGIN:VEVENT\nDTSTART;VALUE=DATE:20270230\nEND:VEVENT\n",
    "BEGIN:VEVENT\nDTSTART:2027-01-01\nEND:VEVENT\n",
    "BEGIN:VEVENT\nSUMMARY:no date\nEND:VEVENT\n",
    "BEGIN:VEVENT\nDTSTART;VALUE=DATE:20270101\nDTEND;VALUE=DATE:20280101\nEND:VEVENT\n",
    "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_assert_null (kd_roster_ics_parse_holidays (bad[i], strlen (bad[i]), &error));
      g_assert_error (error, KD_CORE_ERROR, KD_CORE_ERROR_INVALID);
    }
  {
    g_autoptr(GError) error = NULL;
    const char *t = "BEGIN:VEVENT\nDTSTART;VALUE=DATE:20270101\nDTEND;VALUE=DATE:2027011\nEND:VEVENT\n";
    g_assert_null (kd_roster_ics_parse_holidays (t, strlen (t), &error));
    g_assert_nonnull (strstr (error->message, "3"));   /* the line */
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/roster/sheet/month-lengths", test_month_lengths);
  g_test_add_func ("/roster/sheet/no-staff", test_no_staff);
  g_test_add_func ("/roster/sheet/february-days-off", test_february_days_off);
  g_test_add_func ("/roster/sheet/previous-month", test_previous_month_carry_over);
  g_test_add_func ("/roster/sheet/rest-after-night", test_rest_after_night);
  g_test_add_func ("/roster/sheet/rest-rule-edge", test_rest_rule_edge);
  g_test_add_func ("/roster/sheet/required-by-day", test_required_by_day);
  g_test_add_func ("/roster/sheet/change-violations", test_change_violations);
  g_test_add_func ("/roster/sheet/fairness-notes", test_fairness_notes);
  g_test_add_func ("/roster/sheet/solver-agrees", test_solver_agrees);
  g_test_add_func ("/roster/sheet/locks-and-writes", test_locks_and_writes);
  g_test_add_func ("/roster/sheet/template-rules", test_template_rules);
  g_test_add_func ("/roster/sheet/on-duty", test_on_duty);
  g_test_add_func ("/roster/sheet/times", test_times);
  g_test_add_func ("/roster/sheet/days", test_days);
  g_test_add_func ("/roster/ics/holidays", test_ics_holidays);
  g_test_add_func ("/roster/ics/refusals", test_ics_refusals);
  return g_test_run ();
}
