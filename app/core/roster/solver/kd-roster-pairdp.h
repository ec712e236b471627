/* kd-roster-pairdp.h: the best exchange of days between two people, by dynamic programming. */
#pragma once

#include "kd-roster-model.h"

G_BEGIN_DECLS

/* Two people trade any set of days: on each day of a window either both
 * keep their values or they swap them. The cover of every day and shift
 * stays as it is, so when the roster is tight (everyone at their hours,
 * every place filled) this reaches the trades single-row changes cannot:
 * it finds, over up to 2^63 combinations, the cheapest pair of rows by
 * their requests that meets both people's sequence rules (successions,
 * days in a row, days off in a row, history included), their minutes,
 * days, weekends and up to two capped shift types exactly.
 *
 * Few rules bind at once, so states are merged when equal and, past
 * @beam states a day, the cheapest are kept: a beam search, exact when
 * it never overflows. The caller checks the rows with the evaluator. */
typedef struct _KdPairDp KdPairDp;

typedef enum {
  KD_PAIR_SWAP,   /* each day: keep or swap; the cover stays */
  KD_PAIR_FREE,   /* each day: any two values; the cover with the others counts */
} KdPairMode;

KdPairDp *kd_pair_dp_new   (const KdRosterModel *model,
                            int                  beam);
void      kd_pair_dp_free  (KdPairDp            *dp);

/* Rows of persons @p and @q in @row_p and @row_q; days [@first, @last)
 * may change (@first and @last are moved to week starts when they cut a
 * weekend). In KD_PAIR_FREE mode the two rows are rebuilt together
 * against everybody else's cover (@cover: the current counts,
 * [d * n_shifts + s], these two people included), which also reaches
 * changes of cover that need both rows to move at once. Ties between
 * equal costs are broken at random from @seed. Writes the new rows
 * (whole horizon) and returns TRUE when they differ from the old ones
 * and cost no more; FALSE when no such rows exist. */
gboolean  kd_pair_dp_solve (KdPairDp            *dp,
                            KdPairMode           mode,
                            const int           *cover,
                            int                  p,
                            int                  q,
                            const gint8         *row_p,
                            const gint8         *row_q,
                            int                  first,
                            int                  last,
                            guint64              seed,
                            gint8               *out_p,
                            gint8               *out_q);

/* Work done by the last solve, in state expansions (for budgets). */
guint64   kd_pair_dp_work  (const KdPairDp      *dp);

/* Whether free mode takes this model (it tries every pair of values a
 * day, so only with a few shift types). */
gboolean  kd_pair_dp_free_mode_ok (const KdRosterModel *model);

/* The longest window one solve takes for this model. */
int       kd_pair_dp_max_window (const KdPairDp *dp);

G_END_DECLS
