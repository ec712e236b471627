/* kd-roster-label.h: one person's cheapest row under every rule of the row, totals included, by a labelling DP. */
#pragma once

#include "kd-roster-model.h"

G_BEGIN_DECLS

/* The row DP (kd-roster-rowdp.h) meets the sequence rules exactly but
 * prices the totals; column generation needs the cheapest row that
 * meets them too. Here each day's states also carry the totals so far
 * (minutes, days, weekends, and the count of each capped shift type),
 * merged when equal, so the search is exact for the row's hard rules
 * and soft terms while at most @beam states a day are kept (then the
 * cheapest are kept and the result may miss the best row). */
typedef struct _KdRowLabel KdRowLabel;

KdRowLabel *kd_row_label_new      (const KdRosterModel *model,
                                   int                  beam);
void        kd_row_label_free     (KdRowLabel          *label);

/* Whether the model's rows fit the states (horizon, minutes, capped
 * types); when not, kd_row_label_solve() returns FALSE. */
gboolean    kd_row_label_usable   (const KdRowLabel    *label);

/* @cell_cost[d * (n_shifts + 1) + v + 1] as for kd_row_dp_solve(). Writes
 * the cheapest row meeting every rule of person @person's row and its
 * cost (cell costs, days short of the target, the month-end term);
 * @exact says whether no state was dropped (FALSE too when the person's
 * rows do not fit the states). Returns FALSE when it found none. */
gboolean    kd_row_label_solve    (KdRowLabel          *label,
                                   int                  person,
                                   const double        *cell_cost,
                                   gint8               *out,
                                   double              *cost,
                                   gboolean            *exact);

G_END_DECLS
