/* kd-roster-construct.c: the solver's greedy start — day by day, each shift filled by the people who can work it without breaking a hard rule. */
#include "kd-roster-solver.h"
#include "kd-roster-solver-private.h"

static int
run_before (const KdRosterModel *m, const gint8 *row, int p, int d)
{
  int n = 0;

  for (int k = d - 1; k >= 0 && row[k] >= 0; k--)
    n++;
  if (n == d)
    for (int k = 0; k < m->n_history && m->history[p * m->n_history + k] >= 0; k++)
      n++;
  return n;
}

/* Cover-driven greedy: day by day, each shift takes the people who can
 * work it without breaking a hard rule, preferring those furthest below
 * their minimum and those who asked for it. */
KdRoster *
kd_roster_construct (const KdRosterModel *m)
{
  KdRoster *r = kd_roster_new (m);
  const int S = m->n_shifts, D = m->n_days, P = m->n_persons;
  g_autofree int *minutes = g_new0 (int, P);
  g_autofree int *days = g_new0 (int, P);
  g_autofree int *per_shift = g_new0 (int, P * S);
  g_autofree int *weekends = g_new0 (int, P);
  g_autofree int *last_weekend = g_new (int, P);
  g_autofree int *order = g_new (int, S);

  kd_roster_apply_locks (r, m);
  for (int p = 0; p < P; p++)
    {
      last_weekend[p] = -1;
      for (int d = 0; d < D; d++)
        {
          int v = kd_roster_get (r, p, d);
          if (v < 0)
            continue;
          minutes[p] += m->shifts[v].length;
          days[p]++;
          per_shift[p * S + v]++;
        }
    }

  for (int d = 0; d < D; d++)
    {
      /* Hardest shifts first: those with the most people required. */
      for (int s = 0; s < S; s++)
        order[s] = s;
      for (int i = 1; i < S; i++)
        for (int j = i; j > 0; j--)
          {
            int a = order[j - 1], b = order[j];
            int na = MAX (m->cover_req[d * S + a], m->cover_min[d * S + a]);
            int nb = MAX (m->cover_req[d * S + b], m->cover_min[d * S + b]);
            if (nb > na)
              {
                order[j - 1] = b;
                order[j] = a;
              }
          }

      for (int oi = 0; oi < S; oi++)
        {
          int s = order[oi];
          int need = MAX (m->cover_req[d * S + s], m->cover_min[d * S + s]);

          for (int p = 0; p < P; p++)
            if (kd_roster_get (r, p, d) == s)
              need--;

          while (need > 0)
            {
              int best_p = -1;
              double best_score = -1e18;

              for (int p = 0; p < P; p++)
                {
                  const KdRosterPerson *person = &m->persons[p];
                  const gint8 *row = r->cells + p * D;
                  int prev = d > 0 ? row[d - 1] : (m->n_history > 0 ? m->history[p * m->n_history] : -1);
                  int run;
                  double score;

                  if (row[d] != KD_ROSTER_OFF || kd_roster_is_locked (m, p, d)
                      || m->unavailable[p * D + d] != KD_UNAVAILABLE_NO
                      || per_shift[p * S + s] >= person->max_shifts[s]
                      || minutes[p] + m->shifts[s].length > person->max_minutes
                      || days[p] >= person->max_days
                      || (prev >= 0 && m->forbidden[prev * S + s])
                      || (d + 1 < D && row[d + 1] >= 0 && m->forbidden[s * S + row[d + 1]]))
                    continue;
                  run = run_before (m, row, p, d);
                  if (run + 1 > person->max_consecutive)
                    continue;
                  if (kd_roster_model_is_weekend (m, d)
                      && kd_roster_model_weekend_index (m, d) != last_weekend[p]
                      && weekends[p] >= person->max_weekends)
                    continue;

                  score = (double) (person->min_minutes - minutes[p]) / MAX (1, m->shifts[s].length);
                  score += (double) (MAX (person->min_days, person->target_days) - days[p]);
                  score -= 0.5 * (m->on_cost[kd_roster_model_cell_cost_index (m, p, d, s)]
                                  + m->off_cost[kd_roster_model_cell_cost_index (m, p, d, s)]
                                  - m->on_cost[kd_roster_model_cell_cost_index (m, p, d, KD_ROSTER_OFF)]);
                  /* Keep stretches going up to their minimum length. */
                  if (run > 0 && run < person->min_consecutive)
                    score += 3;
                  score -= 0.01 * p;  /* deterministic tie-break */
                  if (score > best_score)
                    {
                      best_score = score;
                      best_p = p;
                    }
                }
              if (best_p < 0)
                break;
              kd_roster_set (r, best_p, d, s);
              minutes[best_p] += m->shifts[s].length;
              days[best_p]++;
              per_shift[best_p * S + s]++;
              if (kd_roster_model_is_weekend (m, d)
                  && kd_roster_model_weekend_index (m, d) != last_weekend[best_p])
                {
                  last_weekend[best_p] = kd_roster_model_weekend_index (m, d);
                  weekends[best_p]++;
                }
              need--;
            }
        }
    }
  return r;
}
