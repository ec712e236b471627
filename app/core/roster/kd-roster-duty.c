/* kd-roster-duty.c: a shift belongs to the day it starts on, so at 00:30 yesterday's night shift is on duty. */
#include "kd-roster-duty.h"

void
kd_roster_duty_days (GDateTime *local,
                     GDate     *today,
                     GDate     *yesterday,
                     int       *minute)
{
  g_date_clear (today, 1);
  g_date_set_dmy (today, g_date_time_get_day_of_month (local), g_date_time_get_month (local),
                  g_date_time_get_year (local));
  *yesterday = *today;
  g_date_subtract_days (yesterday, 1);
  *minute = g_date_time_get_hour (local) * 60 + g_date_time_get_minute (local);
}

gboolean
kd_roster_duty_covers (const GDate *roster_day,
                       const GDate *today,
                       int          start_minute,
                       int          length,
                       int          minute)
{
  /* Minutes after the roster day's own midnight. */
  int at = minute + 24 * 60 * (int) g_date_days_between (roster_day, today);

  return at >= start_minute && at < start_minute + length;
}

KdOnDuty *
kd_on_duty_new (gint64       staff_id,
                const char  *job_number,
                const char  *name,
                const char  *shift_code,
                const char  *shift_name,
                const GDate *day,
                int          start_minute,
                int          length)
{
  KdOnDuty *d = g_new0 (KdOnDuty, 1);

  d->staff_id = staff_id;
  d->job_number = g_strdup (job_number);
  d->name = g_strdup (name);
  d->shift_code = g_strdup (shift_code);
  d->shift_name = g_strdup (shift_name);
  d->day = *day;
  d->start_minute = start_minute;
  d->length = length;
  return d;
}

void
kd_on_duty_free (KdOnDuty *d)
{
  if (d == NULL)
    return;
  g_free (d->job_number);
  g_free (d->name);
  g_free (d->shift_code);
  g_free (d->shift_name);
  g_free (d);
}
