/* kd-roster-test-util.h: brute force over one person's rows, shared by the DP tests. */
#pragma once

#include "kd-roster-eval.h"

/* Whether person 0's @row keeps the model's locked cells. */
static inline gboolean
kd_test_locks_hold (const KdRosterModel *m, const gint8 *row)
{
  for (int d = 0; d < m->n_days; d++)
    if (m->locked[d] != KD_ROSTER_UNLOCKED && m->locked[d] != row[d])
      return FALSE;
  return TRUE;
}

/* What the row DPs minimise for person 0: the cells
 * (@cell_cost[d * (n_shifts + 1) + v + 1]), days short of the target and
 * the month-end term; @feasible: the row breaks none of its rules. */
static inline double
kd_test_row_cost (const KdRosterModel *m, const double *cell_cost, const gint8 *row, gboolean *feasible)
{
  KdRosterRowCost rc;
  double c = 0;

  kd_roster_eval_row (m, 0, row, &rc, NULL);
  *feasible = rc.hard_mag == 0 && kd_test_locks_hold (m, row);
  for (int d = 0; d < m->n_days; d++)
    c += cell_cost[d * (m->n_shifts + 1) + row[d] + 1];
  return c + rc.soft_end + rc.soft_days;
}

/* The least kd_test_row_cost() of a feasible row, over every row of
 * (n_shifts + 1)^n_days; G_MAXDOUBLE when none is feasible. */
static inline double
kd_test_brute_force_best (const KdRosterModel *m, const double *cell_cost)
{
  const int D = m->n_days, V = m->n_shifts + 1;
  g_autofree gint8 *row = g_new (gint8, D);
  double best = G_MAXDOUBLE;
  int n_rows = 1;

  for (int d = 0; d < D; d++)
    n_rows *= V;
  for (int code = 0; code < n_rows; code++)
    {
      gboolean feasible;
      double c;

      for (int d = 0, x = code; d < D; d++, x /= V)
        row[d] = (gint8) (x % V - 1);
      c = kd_test_row_cost (m, cell_cost, row, &feasible);
      if (feasible && c < best)
        best = c;
    }
  return best;
}
