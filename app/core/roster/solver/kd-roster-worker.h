/* kd-roster-worker.h: one solver run's state — the roster it walks with its incremental evaluation, its best, its scratch — and the move that every other move goes through. */
#pragma once

#include <gio/gio.h>

#include "kd-roster-colgen.h"
#include "kd-roster-eval.h"
#include "kd-roster-pairdp.h"
#include "kd-roster-rowdp.h"
#include "kd-roster-solver.h"
#include "kd-roster-solver-private.h"

G_BEGIN_DECLS

/* The roster being walked and the totals kd_roster_worker_try_move()
 * keeps up to date by deltas, so a move costs its rows, not the roster. */
typedef struct {
  gint8 *cells;              /* [P * D] */
  int *cover;                /* [D * S] people on each day's shift */
  KdRosterRowCost *rowc;     /* [P] each row's evaluation */
  guint8 *night_eligible;    /* [P] may work some night shift */
  gint64 night_sq, night_tot, wk_sq, wk_tot;   /* the fairness sums */
  int night_elig, wk_elig;
  gint64 soft, hard;
} KdWorkerState;

/* The best roster this worker has seen. */
typedef struct {
  gint8 *cells;              /* [P * D] */
  gint64 soft, hard;
  gboolean pending;          /* the current roster is the best but not copied yet */
} KdWorkerBest;

/* When to stop, and how far along the run is. */
typedef struct {
  GCancellable *cancellable;
  gint64 start_time;
  gint64 deadline;           /* monotonic µs; G_MAXINT64 when none */
  volatile gint *stop;       /* shared: set when any worker reaches the target */
  guint64 iterations;
  double fraction;
} KdWorkerBudget;

/* Row re-optimisation (row_dp_move in kd-roster-moves.c) and two-person exchanges. */
typedef struct {
  KdRowDp *row_dp;
  KdPairDp *pair_dp;         /* exchanges of days between two people */
  double *cell_cost;         /* [D * (S + 1)] */
  double *noisy_cost;        /* the same with tie-breaking offsets */
  double *lam;               /* [P * (S + 3)]: per shift type, minute, day, weekend */
  gint8 *row;                /* [D] */
  gint8 *best;               /* [D] */
  KdCoverChange *cc;         /* [2 * D] */
} KdWorkerDp;

/* Per-move scratch. */
typedef struct {
  gint8 *rows[2];            /* [D] each: a move's new rows */
  gint8 *lns_saved;          /* [LNS_MAX_ROWS * D] */
  guint32 *cell_mark;        /* [D * S] for kd_roster_worker_try_move() */
  guint32 mark_gen;
  int *touched;              /* [4 * D] */
} KdWorkerScratch;

/* The large moves' work (counted in work, not time, so runs repeat). */
typedef struct {
  guint64 moves;             /* owed to the large moves so far */
  guint64 large;             /* done by them */
  double kind[N_KINDS];      /* done by each kind of large move */
  gboolean kind_off[N_KINDS]; /* free pairs only with few shift types */
} KdWorkerWork;

/* Column generation on this worker (see colgen_phase in kd-roster-solver.c). */
typedef struct {
  gboolean on;               /* this worker also prices and dives */
  int fails;                 /* neighbourhood dives in a row that ran out of time */
  KdColgen *cg;              /* made and freed on the worker's thread: GLPK's state is per thread */
  gboolean *keep;            /* [P] for the dives */
  gint8 *dive;               /* [P * D] a dive's roster */
} KdWorkerColgen;

typedef struct {
  const KdRosterModel *m;
  const KdRosterSolverOptions *opt;
  KdRosterShared *shared;    /* NULL under a step budget */
  KdRng rng;
  gboolean strict;           /* feasible once: never accept a hard violation again */
  gboolean force;            /* inside a ruin-and-recreate step: every move passes */

  KdWorkerBudget budget;
  KdWorkerState cur;
  KdWorkerBest best;
  KdWorkerDp dp;
  KdWorkerScratch scratch;
  KdWorkerWork work;
  KdWorkerColgen colgen;
} KdRosterWorker;

void     kd_roster_worker_init           (KdRosterWorker              *w,
                                          const KdRosterModel         *m,
                                          const KdRosterSolverOptions *opt,
                                          int                          index);
void     kd_roster_worker_enable_colgen  (KdRosterWorker              *w);
void     kd_roster_worker_clear          (KdRosterWorker              *w);
void     kd_roster_worker_load           (KdRosterWorker              *w,
                                          const gint8                 *cells);
void     kd_roster_worker_save_best      (KdRosterWorker              *w);
gboolean kd_roster_worker_try_move       (KdRosterWorker              *w,
                                          int                          np,
                                          const int                   *persons,
                                          const KdCoverChange         *cc,
                                          int                          ncc,
                                          double                       temperature);

G_END_DECLS
