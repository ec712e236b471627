/* kd-roster-moves.h: the moves a solver worker makes on its roster; each goes through kd_roster_worker_try_move(), so the exact evaluator decides. */
#pragma once

#include "kd-roster-worker.h"

G_BEGIN_DECLS

/* One random local move of a random kind; returns whether it was accepted. */
gboolean kd_roster_random_move  (KdRosterWorker *w,
                                 double          temperature);
/* Rows that break a rule rebuilt by the row DP until feasible (or a few sweeps). */
void     kd_roster_repair_rows  (KdRosterWorker *w);
/* The large moves owed for the random moves counted in w->budget.iterations. */
void     kd_roster_large_moves  (KdRosterWorker *w,
                                 double          temperature);

G_END_DECLS
