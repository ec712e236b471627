/* kd-roster-duty.h: who is on duty at an instant — the rule for shifts that run past midnight. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The roster days whose shifts can be running at @local: its own date and
 * the day before (a night shift 17:00–01:00 at 00:30 is the previous
 * day's roster). @minute is minutes after @today's midnight. */
void     kd_roster_duty_days   (GDateTime *local,
                                GDate     *today,
                                GDate     *yesterday,
                                int       *minute);
/* Whether a shift of day @roster_day (today or yesterday) starting at
 * @start_minute for @length minutes runs at @minute of @today. */
gboolean kd_roster_duty_covers (const GDate *roster_day,
                                const GDate *today,
                                int          start_minute,
                                int          length,
                                int          minute);

G_END_DECLS

G_BEGIN_DECLS

/* One person on duty. */
typedef struct {
  gint64  staff_id;
  char   *job_number;
  char   *name;
  char   *shift_code;
  char   *shift_name;
  GDate   day;            /* the roster day the shift belongs to */
  int     start_minute;
  int     length;
} KdOnDuty;

KdOnDuty *kd_on_duty_new  (gint64      staff_id,
                           const char *job_number,
                           const char *name,
                           const char *shift_code,
                           const char *shift_name,
                           const GDate *day,
                           int         start_minute,
                           int         length);
void      kd_on_duty_free (KdOnDuty   *duty);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KdOnDuty, kd_on_duty_free)

G_END_DECLS
