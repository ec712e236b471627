/* kd-roster-rowdp.h: the best row for one person by dynamic programming, the other rows fixed. */
#pragma once

#include "kd-roster-model.h"
#include "kd-roster-eval.h"

G_BEGIN_DECLS

/* Every hard rule the model has binds one person's row, except the cover
 * minimum; so given what one day and shift costs this person (requests,
 * cover with the others fixed), a DP over (day, last shift, length of the
 * current stretch) finds the cheapest row that meets the sequence rules
 * exactly: unavailable and locked days, forbidden successions (history
 * included), most and fewest days in a row, fewest days off in a row.
 * Totals (shifts per type, minutes, days, weekends) are priced by
 * multipliers the caller adjusts; the caller checks the row with the
 * evaluator. */
typedef struct _KdRowDp KdRowDp;

/* Multipliers for one person's totals, in cost units. */
typedef struct {
  double per_minute;        /* each minute worked (signed: + pushes down) */
  double per_day;           /* each day worked (signed) */
  double per_weekend;       /* each weekend worked (>= 0) */
  double *per_shift;        /* [n_shifts] each shift of the type (>= 0) */
} KdRowDpPrices;

KdRowDp *kd_row_dp_new   (const KdRosterModel *model);
void     kd_row_dp_free  (KdRowDp             *dp);

/* @cell_cost[d * (n_shifts + 1) + v + 1]: the cost of value v on day d;
 * G_MAXDOUBLE or more forbids it. Writes the row to @out and returns its
 * priced cost, or returns FALSE when no row meets the sequence rules. */
gboolean kd_row_dp_solve (KdRowDp             *dp,
                          int                  person,
                          const double        *cell_cost,
                          const KdRowDpPrices *prices,
                          gint8               *out,
                          double              *cost);

/* Work done by the last solve, in state transitions (for budgets). */
guint64  kd_row_dp_work  (const KdRowDp       *dp);

/* The search for multipliers that make the DP's row meet the person's
 * totals (shifts per type, minutes, days, weekends): up to @rounds
 * solves, each price nudged toward the side its total broke (doubling
 * steps, then bisecting once bracketed). From the second round on,
 * small random offsets in @noisy_cost (scratch, same size as
 * @cell_cost) break ties, since many cells cost the same and whole
 * groups flip together at a critical price.
 *
 * @row and @noisy_cost are the caller's scratch, so the search allocates
 * nothing (the solver calls it many times a second).
 *
 * @lam[n_shifts + 3] (per shift type, minute, day, weekend) is the
 * person's warm start and is left relaxed a little for the next call.
 * Writes the best row found to @out (fewest violations of the row's own
 * rules, then cheapest under @cell_cost plus the row's own soft terms),
 * with its row cost and that cost; stops at the first row that meets
 * every rule. Returns FALSE when the DP finds no row at all. */
typedef struct {
  gint8   *row;                        /* scratch, n_days */
  double  *noisy_cost;
  double (*random) (gpointer data);   /* uniform in [0, 1) */
  gpointer random_data;
  int      rounds;
  guint64  work;                       /* out: DP transitions */
} KdRowDpSearch;

gboolean kd_row_dp_search (KdRowDp             *dp,
                           int                  person,
                           const double        *cell_cost,
                           double              *lam,
                           KdRowDpSearch       *search,
                           gint8               *out,
                           KdRosterRowCost     *out_rc,
                           double              *out_cost);

G_END_DECLS
