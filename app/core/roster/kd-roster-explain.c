/* kd-roster-explain.c: capacity analysis before solving and plain-language violations after. */
#include "kd-roster-explain.h"

#include <glib/gi18n-lib.h>

static const char *
person_name (const KdRosterModel *m,
             int                  p)
{
  return m->persons[p].name ? m->persons[p].name : m->persons[p].code;
}

static const char *
shift_name (const KdRosterModel *m,
            int                  s)
{
  return m->shifts[s].name ? m->shifts[s].name : m->shifts[s].code;
}

/* The value of the cell before @d when it is fixed (history or a lock). */
static int
fixed_value (const KdRosterModel *m,
             int                  p,
             int                  d)
{
  if (d < 0)
    return -d <= m->n_history ? m->history[p * m->n_history + (-d - 1)] : KD_ROSTER_OFF;
  if (d >= m->n_days)
    return KD_ROSTER_UNLOCKED;
  return m->locked[p * m->n_days + d];
}

GPtrArray *
kd_roster_explain_capacity (const KdRosterModel *m)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  const int S = m->n_shifts, D = m->n_days, P = m->n_persons;
  gint64 month_need = 0, month_can = 0;

  for (int d = 0; d < D; d++)
    {
      int day_need = 0, day_can = 0;
      g_autofree char *day = kd_roster_model_format_day (m, d);

      for (int p = 0; p < P; p++)
        {
          int lock = m->locked[p * D + d];
          if (m->unavailable[p * D + d] == KD_UNAVAILABLE_NO && (lock == KD_ROSTER_UNLOCKED || lock >= 0))
            day_can++;
        }

      for (int s = 0; s < S; s++)
        {
          int need = m->cover_min[d * S + s];
          int can = 0, on_leave = 0, off = 0, resting = 0, not_allowed = 0, elsewhere = 0;

          day_need += need;
          if (need == 0)
            continue;
          for (int p = 0; p < P; p++)
            {
              int lock = m->locked[p * D + d];
              int prev = d == 0 ? fixed_value (m, p, -1) : m->locked[p * D + d - 1];
              int next = fixed_value (m, p, d + 1);

              if (m->unavailable[p * D + d] == KD_UNAVAILABLE_LEAVE)
                on_leave++;
              else if (m->unavailable[p * D + d] == KD_UNAVAILABLE_DAY_OFF)
                off++;
              else if (m->persons[p].max_shifts[s] == 0)
                not_allowed++;
              else if (lock != KD_ROSTER_UNLOCKED && lock != s)
                elsewhere++;
              else if ((prev >= 0 && m->forbidden[prev * S + s]) || (next >= 0 && m->forbidden[s * S + next]))
                resting++;
              else
                can++;
            }
          if (can < need)
            {
              GString *why = g_string_new (NULL);

              if (on_leave)
                g_string_append_printf (why, ngettext ("%d on leave", "%d on leave", on_leave), on_leave);
              if (off)
                {
                  g_autofree char *t = g_strdup_printf (ngettext ("%d with a day off", "%d with a day off", off), off);
                  g_string_append_printf (why, "%s%s", why->len ? ", " : "", t);
                }
              if (resting)
                {
                  g_autofree char *t = g_strdup_printf (ngettext ("%d resting after the previous shift",
                                                                  "%d resting after the previous shift", resting),
                                                        resting);
                  g_string_append_printf (why, "%s%s", why->len ? ", " : "", t);
                }
              if (not_allowed)
                {
                  g_autofree char *t = g_strdup_printf (ngettext ("%d who may not work it",
                                                                  "%d who may not work it", not_allowed),
                                                        not_allowed);
                  g_string_append_printf (why, "%s%s", why->len ? ", " : "", t);
                }
              if (elsewhere)
                {
                  g_autofree char *t = g_strdup_printf (ngettext ("%d locked to another shift or a day off",
                                                                  "%d locked to another shift or a day off", elsewhere),
                                                        elsewhere);
                  g_string_append_printf (why, "%s%s", why->len ? ", " : "", t);
                }
              /* TRANSLATORS: "2026-12-12 needs 2 on 晚班, only 1 is available: 1 on leave, 1 resting after the previous shift" */
              g_ptr_array_add (out, g_strdup_printf (ngettext ("%s needs %d on %s, only %d is available: %s",
                                                               "%s needs %d on %s, only %d are available: %s", can),
                                                     day, need, shift_name (m, s), can, why->str));
              g_string_free (why, TRUE);
            }
        }
      if (day_need > day_can)
        g_ptr_array_add (out, g_strdup_printf (_("%s needs %d people in all, only %d can work that day"),
                                               day, day_need, day_can));
      month_need += day_need;
    }

  for (int p = 0; p < P; p++)
    {
      int avail = 0;
      for (int d = 0; d < D; d++)
        if (m->unavailable[p * D + d] == KD_UNAVAILABLE_NO)
          avail++;
      month_can += MIN (avail, m->persons[p].max_days);
    }
  if (month_need > month_can)
    g_ptr_array_add (out, g_strdup_printf (_("The month needs %lld shifts, but after days off and leave "
                                             "the staff can work only %lld"),
                                           (long long) month_need, (long long) month_can));

  for (int s = 0; s < S; s++)
    {
      gint64 need = 0, cap = 0;
      for (int d = 0; d < D; d++)
        need += m->cover_min[d * S + s];
      for (int p = 0; p < P; p++)
        cap += MIN (m->persons[p].max_shifts[s], D);
      if (need > cap)
        g_ptr_array_add (out, g_strdup_printf (_("The month needs %lld %s shifts, but the caps per person "
                                                 "allow only %lld"),
                                               (long long) need, shift_name (m, s), (long long) cap));
    }

  for (int p = 0; p < P; p++)
    for (int d = 0; d < D; d++)
      {
        int lock = m->locked[p * D + d];
        if (lock >= 0 && m->unavailable[p * D + d] != KD_UNAVAILABLE_NO)
          {
            g_autofree char *day = kd_roster_model_format_day (m, d);
            g_ptr_array_add (out, g_strdup_printf (_("%s: %s is locked to %s but is on leave"),
                                                   day, person_name (m, p), shift_name (m, lock)));
          }
      }
  return out;
}

GPtrArray *
kd_roster_explain_violations (const KdRosterModel *m,
                              const KdRoster      *r,
                              const KdRosterScore *score)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < score->violations->len; i++)
    {
      const KdRosterViolation *v = &g_array_index (score->violations, KdRosterViolation, i);
      g_autofree char *day = v->day >= 0 ? kd_roster_model_format_day (m, v->day) : NULL;
      const char *who = v->person >= 0 ? person_name (m, v->person) : "";
      const KdRosterPerson *person = v->person >= 0 ? &m->persons[v->person] : NULL;
      char *text = NULL;

      switch (v->rule)
        {
        case KD_RULE_UNAVAILABLE:
          text = g_strdup_printf (_("%s: %s works %s but is on leave or has the day off"),
                                  day, who, shift_name (m, v->shift));
          break;
        case KD_RULE_SUCCESSION:
          {
            int prev = v->day > 0 ? kd_roster_get (r, v->person, v->day - 1) : fixed_value (m, v->person, -1);
            text = g_strdup_printf (_("%s: %s works %s right after %s the day before, without the minimum rest"),
                                    day, who, shift_name (m, v->shift), prev >= 0 ? shift_name (m, prev) : "?");
          }
          break;
        case KD_RULE_MAX_SHIFTS:
          if (person->max_shifts[v->shift] == 0)
            text = g_strdup_printf (_("%s: %s may not work %s"), day, who, shift_name (m, v->shift));
          else
            text = g_strdup_printf (_("%s works %d %s shifts more than the cap of %d"),
                                    who, v->amount, shift_name (m, v->shift), person->max_shifts[v->shift]);
          break;
        case KD_RULE_MAX_MINUTES:
          text = g_strdup_printf (_("%s works %d minutes more than allowed this month"), who, v->amount);
          break;
        case KD_RULE_MIN_MINUTES:
          text = g_strdup_printf (_("%s works %d minutes fewer than required this month"), who, v->amount);
          break;
        case KD_RULE_MAX_DAYS:
          text = g_strdup_printf (_("%s gets %d days off too few"), who, v->amount);
          break;
        case KD_RULE_MIN_DAYS:
          text = g_strdup_printf (_("%s works %d days fewer than required"), who, v->amount);
          break;
        case KD_RULE_MAX_CONSECUTIVE:
          text = g_strdup_printf (_("%s: %s works more than %d days in a row"), day, who, person->max_consecutive);
          break;
        case KD_RULE_MIN_CONSECUTIVE:
          text = g_strdup_printf (_("%s: %s works fewer than %d days in a row"), day, who, person->min_consecutive);
          break;
        case KD_RULE_MIN_DAYS_OFF:
          text = g_strdup_printf (_("%s: %s has fewer than %d days off in a row"), day, who, person->min_days_off);
          break;
        case KD_RULE_MAX_WEEKENDS:
          text = g_strdup_printf (_("%s works %d weekends more than allowed"), who, v->amount);
          break;
        case KD_RULE_MIN_COVER:
          text = g_strdup_printf (ngettext ("%s: %s is %d person short", "%s: %s is %d people short", v->amount),
                                  day, shift_name (m, v->shift), v->amount);
          break;
        case KD_RULE_LOCKED:
          text = g_strdup_printf (_("%s: %s is locked to another value"), day, who);
          break;
        case KD_N_RULES:
        default:
          text = g_strdup (kd_roster_rule_to_string (v->rule));
          break;
        }
      g_ptr_array_add (out, text);
    }
  return out;
}
