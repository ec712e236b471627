/* kd-roster-solver.h: fills a roster — greedy start, row DP repair, then annealing with row DP moves on every core.
 *
 * Under a time budget with two or more workers, the second one also
 * rebuilds whole rosters by column generation and diving
 * (kd-roster-colgen.h); when that generation proves a lower bound, the
 * solve stops as soon as a roster meets it. Under a step budget
 * (max_iterations) it does not, so runs repeat exactly. */
#pragma once

#include <gio/gio.h>

#include "kd-roster-eval.h"

G_BEGIN_DECLS

/* Called from the thread that called kd_roster_solve(), a few times a
 * second; @hard is the number of hard violations of the best roster so far. */
typedef void (*KdRosterProgressFunc) (double    fraction,
                                      int       hard,
                                      gint64    soft,
                                      gpointer  user_data);

typedef struct {
  guint64         seed;
  double          seconds;          /* wall-clock budget; <= 0 means only max_iterations */
  guint64         max_iterations;   /* per thread; 0 = unlimited. When set, each thread
                                     * stops at the target on its own, so the result
                                     * depends on the seed only (unless the seconds,
                                     * a cancellation or the deadline come first). */
  int             n_threads;        /* 0 = one per processor (at most 8) */
  gint64          target_soft;      /* stop once a feasible roster scores this; < 0 = never */
  const KdRoster *start;            /* optional roster to improve (e.g. the grid); locks win */
} KdRosterSolverOptions;

void           kd_roster_solver_options_init (KdRosterSolverOptions *options);
KdRoster      *kd_roster_construct           (const KdRosterModel   *model);
KdRoster      *kd_roster_solve               (const KdRosterModel   *model,
                                              const KdRosterSolverOptions *options,
                                              GCancellable          *cancellable,
                                              KdRosterProgressFunc   progress,
                                              gpointer               user_data);

G_END_DECLS
