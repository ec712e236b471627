/* kd-roster-eval.c: the roster evaluator shared by the grid's live checks, the solver and the benchmark. */
#include "kd-roster-eval.h"

#include <string.h>

static inline void
add_violation (KdRosterRowCost *out,
               GArray          *violations,
               KdRosterRule     rule,
               int              person,
               int              day,
               int              shift,
               int              amount,
               int              mag)
{
  out->hard_count++;
  out->hard_mag += mag;
  if (violations != NULL)
    {
      KdRosterViolation v = { rule, person, day, shift, amount };
      g_array_append_val (violations, v);
    }
}

/* Minute totals are off by hundreds; count them in four-hour units so one
 * missing shift weighs about as much as one broken succession. */
static inline int
minutes_mag (int minutes)
{
  return 1 + minutes / 240;
}

static void
check_stretch (const KdRosterModel  *m,
               int                   p,
               gboolean              working,
               int                   start,
               int                   len,
               int                   hist_len,
               KdRosterRowCost      *out,
               GArray               *violations)
{
  const KdRosterPerson *person = &m->persons[p];
  int end = start + len - 1;

  if (working)
    {
      int total = len + (start == 0 ? hist_len : 0);

      if (total > person->max_consecutive)
        add_violation (out, violations, KD_RULE_MAX_CONSECUTIVE, p,
                       MAX (start, start + len - (total - person->max_consecutive)), -1,
                       total - person->max_consecutive, total - person->max_consecutive);
      /* Stretches touching either end of the horizon are exempt: they may
       * continue outside it. */
      if (start > 0 && end < m->n_days - 1 && len < person->min_consecutive)
        add_violation (out, violations, KD_RULE_MIN_CONSECUTIVE, p, start, -1,
                       person->min_consecutive - len, person->min_consecutive - len);
    }
  else
    {
      if (start > 0 && end < m->n_days - 1 && len < person->min_days_off)
        add_violation (out, violations, KD_RULE_MIN_DAYS_OFF, p, start, -1,
                       person->min_days_off - len, person->min_days_off - len);
    }
}

void
kd_roster_eval_row (const KdRosterModel *m,
                    int                  p,
                    const gint8         *row,
                    KdRosterRowCost     *out,
                    GArray              *violations)
{
  const KdRosterPerson *person = &m->persons[p];
  const int S = m->n_shifts;
  const int D = m->n_days;
  int counts[128];
  int minutes = 0, days = 0, weekends = 0, last_weekend = -1;
  int prev, hist_len = 0;
  int dow = m->first_weekday, week = 0;   /* day 0's weekday, counted on incrementally */
  int run_start = 0;
  const guint8 *unavail = m->unavailable + (gsize) p * D;
  const int *on_cost = m->on_cost + (gsize) p * D * (S + 1);
  const int *off_cost = m->off_cost + (gsize) p * D * (S + 1);

  memset (out, 0, sizeof *out);
  /* Only the types there are: this runs for every move the solver tries. */
  memset (counts, 0, sizeof (int) * MIN (S, 128));

  for (int k = 0; k < m->n_history && m->history[p * m->n_history + k] >= 0; k++)
    hist_len++;
  prev = m->n_history > 0 ? m->history[p * m->n_history] : KD_ROSTER_OFF;

  for (int d = 0; d < D; d++)
    {
      int v = row[d];

      out->soft_on += on_cost[d * (S + 1) + v + 1];
      out->soft_off += off_cost[d * (S + 1) + v + 1];

      if (v >= 0)
        {
          if (unavail[d] != KD_UNAVAILABLE_NO)
            add_violation (out, violations, KD_RULE_UNAVAILABLE, p, d, v, 1, 1);
          if (prev >= 0 && m->forbidden[prev * S + v])
            add_violation (out, violations, KD_RULE_SUCCESSION, p, d, v, 1, 1);
          if (++counts[v] == person->max_shifts[v] + 1)
            add_violation (out, violations, KD_RULE_MAX_SHIFTS, p, d, v, 1, 0);
          minutes += m->shifts[v].length;
          days++;
          if (m->shifts[v].is_night)
            out->nights++;
          if (dow >= 5)
            {
              int w = week;

              out->weekend_shifts++;
              if (w != last_weekend)
                {
                  last_weekend = w;
                  if (++weekends == person->max_weekends + 1)
                    add_violation (out, violations, KD_RULE_MAX_WEEKENDS, p, d, -1, 1, 0);
                }
            }
        }

      if (++dow == 7)
        {
          dow = 0;
          week++;
        }
      if (d > 0 && (v >= 0) != (prev >= 0))
        {
          check_stretch (m, p, prev >= 0, run_start, d - run_start, hist_len, out, violations);
          run_start = d;
        }
      prev = v;
    }
  check_stretch (m, p, prev >= 0, run_start, D - run_start, hist_len, out, violations);
  if (prev >= 0 && m->w_month_end > 0)
    out->soft_end = m->w_month_end * kd_roster_month_end_units (m, p, prev, D - run_start + (run_start == 0 ? hist_len : 0));

  /* Totals: the amounts above were counted once per crossing; fix them up
   * to the full excess so magnitudes guide the search. */
  for (int s = 0; s < S; s++)
    if (counts[s] > person->max_shifts[s])
      {
        int excess = counts[s] - person->max_shifts[s];

        out->hard_mag += excess;
        if (violations != NULL)
          for (guint i = 0; i < violations->len; i++)
            {
              KdRosterViolation *viol = &g_array_index (violations, KdRosterViolation, i);
              if (viol->rule == KD_RULE_MAX_SHIFTS && viol->person == p && viol->shift == s)
                viol->amount = excess;
            }
      }
  if (weekends > person->max_weekends)
    {
      int excess = weekends - person->max_weekends;

      out->hard_mag += excess;
      if (violations != NULL)
        for (guint i = 0; i < violations->len; i++)
          {
            KdRosterViolation *viol = &g_array_index (violations, KdRosterViolation, i);
            if (viol->rule == KD_RULE_MAX_WEEKENDS && viol->person == p)
              viol->amount = excess;
          }
    }
  if (minutes > person->max_minutes)
    add_violation (out, violations, KD_RULE_MAX_MINUTES, p, -1, -1,
                   minutes - person->max_minutes, minutes_mag (minutes - person->max_minutes));
  if (minutes < person->min_minutes)
    add_violation (out, violations, KD_RULE_MIN_MINUTES, p, -1, -1,
                   person->min_minutes - minutes, minutes_mag (person->min_minutes - minutes));
  if (days > person->max_days)
    add_violation (out, violations, KD_RULE_MAX_DAYS, p, -1, -1,
                   days - person->max_days, days - person->max_days);
  if (days < person->target_days)
    out->soft_days = (person->target_days - days) * m->w_target_days;
  if (days < person->min_days)
    add_violation (out, violations, KD_RULE_MIN_DAYS, p, -1, -1,
                   person->min_days - days, person->min_days - days);
}

/* What ending the horizon on shift @last after @run working days costs
 * the next month, in units of KdRosterModel.w_month_end. */
int
kd_roster_month_end_units (const KdRosterModel *m,
                           int                  person,
                           int                  last,
                           int                  run)
{
  const KdRosterPerson *pe = &m->persons[person];
  int units = 0;

  if (last < 0)
    return 0;
  if (pe->max_consecutive < KD_ROSTER_UNLIMITED)
    units += MAX (0, run - (pe->max_consecutive - 3));
  for (int s = 0; s < m->n_shifts; s++)
    if (m->forbidden[last * m->n_shifts + s])
      {
        units++;
        break;
      }
  return units;
}

/* Returns the soft cost of @count people on (@day, @shift). */
int
kd_roster_cover_cost (const KdRosterModel *m,
                      int                  day,
                      int                  shift,
                      int                  count,
                      int                 *hard_mag,
                      int                 *under,
                      int                 *over)
{
  int i = day * m->n_shifts + shift;
  int u = count < m->cover_req[i] ? (m->cover_req[i] - count) * m->w_under[i] : 0;
  int o = count > m->cover_req[i] ? (count - m->cover_req[i]) * m->w_over[i] : 0;

  if (hard_mag != NULL)
    *hard_mag = count < m->cover_min[i] ? m->cover_min[i] - count : 0;
  if (under != NULL)
    *under = u;
  if (over != NULL)
    *over = o;
  return u + o;
}

/* Sum of squares above the least it could be for @total shared among
 * @n_eligible people: zero exactly when the spread is as even as possible. */
gint64
kd_roster_fair_cost (gint64 sum_squares,
                     gint64 total,
                     int    n_eligible)
{
  gint64 q, r;

  if (n_eligible <= 0)
    return 0;
  q = total / n_eligible;
  r = total % n_eligible;
  return sum_squares - (r * (q + 1) * (q + 1) + (n_eligible - r) * q * q);
}

KdRosterScore *
kd_roster_evaluate (const KdRosterModel *m,
                    const KdRoster      *r)
{
  KdRosterScore *score = g_new0 (KdRosterScore, 1);
  gint64 nights_sq = 0, nights_total = 0, wk_sq = 0, wk_total = 0;
  int night_eligible = 0, wk_eligible = 0;

  g_return_val_if_fail (r->n_days == m->n_days && r->n_persons == m->n_persons, score);

  score->violations = g_array_new (FALSE, FALSE, sizeof (KdRosterViolation));

  for (int p = 0; p < m->n_persons; p++)
    {
      KdRosterRowCost c;
      gboolean may_night = FALSE;

      for (int d = 0; d < m->n_days; d++)
        {
          int lock = m->locked[p * m->n_days + d];
          if (lock != KD_ROSTER_UNLOCKED && lock != kd_roster_get (r, p, d))
            {
              KdRosterViolation v = { KD_RULE_LOCKED, p, d, lock, 1 };
              g_array_append_val (score->violations, v);
              score->hard_magnitude++;
            }
        }
      kd_roster_eval_row (m, p, r->cells + (gsize) p * m->n_days, &c, score->violations);
      score->hard_magnitude += c.hard_mag;
      score->soft[KD_SOFT_SHIFT_ON] += c.soft_on;
      score->soft[KD_SOFT_SHIFT_OFF] += c.soft_off;
      score->soft[KD_SOFT_SHORT_DAYS] += c.soft_days;
      score->soft[KD_SOFT_MONTH_END] += c.soft_end;

      for (int s = 0; s < m->n_shifts; s++)
        if (m->shifts[s].is_night && m->persons[p].max_shifts[s] > 0)
          may_night = TRUE;
      if (may_night)
        {
          night_eligible++;
          nights_sq += (gint64) c.nights * c.nights;
          nights_total += c.nights;
        }
      if (m->persons[p].max_weekends > 0)
        {
          wk_eligible++;
          wk_sq += (gint64) c.weekend_shifts * c.weekend_shifts;
          wk_total += c.weekend_shifts;
        }
    }

  for (int d = 0; d < m->n_days; d++)
    for (int s = 0; s < m->n_shifts; s++)
      {
        int count = 0, hard = 0, under = 0, over = 0;

        for (int p = 0; p < m->n_persons; p++)
          if (kd_roster_get (r, p, d) == s)
            count++;
        kd_roster_cover_cost (m, d, s, count, &hard, &under, &over);
        score->soft[KD_SOFT_UNDER_COVER] += under;
        score->soft[KD_SOFT_OVER_COVER] += over;
        if (hard > 0)
          {
            KdRosterViolation v = { KD_RULE_MIN_COVER, -1, d, s, hard };
            g_array_append_val (score->violations, v);
            score->hard_magnitude += hard;
          }
      }

  score->soft[KD_SOFT_FAIR_NIGHTS] = m->fair_nights_weight
    * kd_roster_fair_cost (nights_sq, nights_total, night_eligible);
  score->soft[KD_SOFT_FAIR_WEEKENDS] = m->fair_weekends_weight
    * kd_roster_fair_cost (wk_sq, wk_total, wk_eligible);

  for (int t = 0; t < KD_N_SOFT_TERMS; t++)
    score->soft_total += score->soft[t];
  score->hard_count = score->violations->len;
  return score;
}

void
kd_roster_score_free (KdRosterScore *score)
{
  if (score == NULL)
    return;
  if (score->violations != NULL)
    g_array_unref (score->violations);
  g_free (score);
}

const char *
kd_roster_rule_to_string (KdRosterRule rule)
{
  switch (rule)
    {
    case KD_RULE_UNAVAILABLE: return "unavailable";
    case KD_RULE_SUCCESSION: return "succession";
    case KD_RULE_MAX_SHIFTS: return "max-shifts";
    case KD_RULE_MAX_MINUTES: return "max-minutes";
    case KD_RULE_MIN_MINUTES: return "min-minutes";
    case KD_RULE_MAX_DAYS: return "max-days";
    case KD_RULE_MIN_DAYS: return "min-days";
    case KD_RULE_MAX_CONSECUTIVE: return "max-consecutive";
    case KD_RULE_MIN_CONSECUTIVE: return "min-consecutive";
    case KD_RULE_MIN_DAYS_OFF: return "min-days-off";
    case KD_RULE_MAX_WEEKENDS: return "max-weekends";
    case KD_RULE_MIN_COVER: return "min-cover";
    case KD_RULE_LOCKED: return "locked";
    case KD_N_RULES:
    default:
      return "unknown";
    }
}

const char *
kd_roster_soft_term_to_string (KdRosterSoftTerm term)
{
  switch (term)
    {
    case KD_SOFT_SHIFT_ON: return "shift-on-requests";
    case KD_SOFT_SHIFT_OFF: return "shift-off-requests";
    case KD_SOFT_UNDER_COVER: return "under-cover";
    case KD_SOFT_OVER_COVER: return "over-cover";
    case KD_SOFT_SHORT_DAYS: return "short-days";
    case KD_SOFT_FAIR_NIGHTS: return "fair-nights";
    case KD_SOFT_FAIR_WEEKENDS: return "fair-weekends";
    case KD_SOFT_MONTH_END: return "month-end";
    case KD_N_SOFT_TERMS:
    default:
      return "unknown";
    }
}
