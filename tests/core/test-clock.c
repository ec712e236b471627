/* test-clock.c: the injectable clock and the ISO 8601 parser. */
#include "kd-clock.h"

static void
test_parse_offsets (void)
{
  g_autoptr(GDateTime) a = NULL;
  g_autoptr(GDateTime) b = NULL;

  a = kd_parse_iso8601 ("2026-11-25T09:00:00+08:00", NULL);
  g_assert_nonnull (a);
  g_assert_cmpint (g_date_time_to_unix (a), ==, 1795568400);

  b = kd_parse_iso8601 ("2026-11-25T01:00:00Z", NULL);
  g_assert_nonnull (b);
  g_assert_cmpint (g_date_time_to_unix (b), ==, g_date_time_to_unix (a));
}

static void
test_parse_rejects (void)
{
  const char *bad[] = {
    "", "yesterday", "2026-11-25", "2026-11-25T09:00:00",  /* no offset */
    "2026-13-25T09:00:00+08:00", "2026-02-30T09:00:00+08:00", "2026-11-25T25:00:00Z",
    /* offsets no place on Earth has (issue 9, item 8) */
    "2026-11-25T09:00:00+24:00", "2026-11-25T09:00:00+14:30", "2026-11-25T09:00:00-12:30",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GDateTime) dt = kd_parse_iso8601 (bad[i], &error);
      g_assert_null (dt);
      g_assert_nonnull (error);
    }
}

static void
test_fixed_clock (void)
{
  g_autoptr(GDateTime) instant = kd_parse_iso8601 ("2026-12-31T23:30:00+08:00", NULL);
  g_autoptr(KdClock) clock = kd_clock_new_fixed (instant);
  g_autoptr(GDateTime) local = NULL;

  g_assert_cmpint (kd_clock_now_unix (clock), ==, g_date_time_to_unix (instant));
  kd_clock_advance (clock, 3600);
  g_assert_cmpint (kd_clock_now_unix (clock), ==, g_date_time_to_unix (instant) + 3600);

  /* The tests run with TZ=Asia/Shanghai: an hour later is the new year. */
  local = kd_clock_now_local (clock);
  g_assert_cmpint (g_date_time_get_year (local), ==, 2027);
  g_assert_cmpint (g_date_time_get_hour (local), ==, 0);
  g_assert_cmpint (g_date_time_get_minute (local), ==, 30);
}

static void
test_starting_at_runs (void)
{
  g_autoptr(GDateTime) instant = kd_parse_iso8601 ("2020-01-01T00:00:00Z", NULL);
  g_autoptr(KdClock) clock = kd_clock_new_starting_at (instant);
  gint64 t0 = kd_clock_now_unix (clock);

  /* Starts at the given instant (not at the real time) ... */
  g_assert_cmpint (t0, >=, g_date_time_to_unix (instant));
  g_assert_cmpint (t0, <=, g_date_time_to_unix (instant) + 2);
  /* ... and moves with it. */
  g_usleep (1100 * 1000);
  g_assert_cmpint (kd_clock_now_unix (clock), >, t0);
}

static void
test_env_override (void)
{
  g_autoptr(GError) error = NULL;

  g_setenv ("KEFU_DESK_NOW", "2026-11-25T09:00:00+08:00", TRUE);
  g_assert_true (kd_clock_init_default (NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ABS (kd_clock_now_unix (NULL) - 1795568400), <=, 2);

  /* --now wins over the environment. */
  g_assert_true (kd_clock_init_default ("2027-01-01T00:00:00+08:00", &error));
  g_assert_cmpint (ABS (kd_clock_now_unix (NULL) - 1798732800), <=, 2);

  g_setenv ("KEFU_DESK_NOW", "not a time", TRUE);
  g_assert_false (kd_clock_init_default (NULL, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "KEFU_DESK_NOW"));
  g_unsetenv ("KEFU_DESK_NOW");
  kd_clock_set_default (NULL);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/clock/parse-offsets", test_parse_offsets);
  g_test_add_func ("/clock/parse-rejects", test_parse_rejects);
  g_test_add_func ("/clock/fixed", test_fixed_clock);
  g_test_add_func ("/clock/starting-at", test_starting_at_runs);
  g_test_add_func ("/clock/env-override", test_env_override);
  return g_test_run ();
}
