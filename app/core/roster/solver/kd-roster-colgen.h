/* kd-roster-colgen.h: whole rosters from one row per person, by column generation and dives. */
#pragma once

#include <gio/gio.h>

#include "kd-roster-model.h"

G_BEGIN_DECLS

/* The annealing changes a few cells at a time; where the cover is short
 * by one place and filling it needs several people's months to move at
 * once, it can stay stuck. This looks at the roster the other way round:
 * every person works one of a pool of rows that each meet the person's
 * own rules; a linear program picks the mix of rows that best fills the
 * cover and requests, its prices for each day and shift ask the row DP
 * for rows worth adding (column generation), and a dive fixes people to
 * the rows it takes most until everyone has one (GLPK solves the LPs).
 *
 * Rows priced by the DP meet the sequence rules exactly and the totals
 * by multipliers, so it is only a first try; when it finds nothing, a
 * labelling DP that carries the totals (kd-roster-label.h) prices
 * exactly, and when it too finds nothing for anyone the LP value is a
 * lower bound. The fairness terms between people are left to the
 * annealing. */
typedef struct _KdColgen KdColgen;

KdColgen *kd_colgen_new          (const KdRosterModel *model,
                                  guint64              seed);
void      kd_colgen_free         (KdColgen            *cg);

/* Adds every row of @cells (a whole roster) to the pool. */
void      kd_colgen_add_roster   (KdColgen            *cg,
                                  const gint8         *cells);

/* Column generation until no row prices out, @deadline (monotonic µs)
 * or @stop / @cancellable. Returns FALSE when the LP could not be solved
 * (empty pool). The pool needs a row for each person first. */
gboolean  kd_colgen_run          (KdColgen            *cg,
                                  gint64               deadline,
                                  volatile gint       *stop,
                                  GCancellable        *cancellable);

/* The LP's value after kd_colgen_run(). */
double    kd_colgen_lp_value     (KdColgen            *cg);

/* A lower bound on the score of any roster meeting the hard rules, once
 * generation has proven (by the exact labelling DP, for every person)
 * that no row prices out with nobody fixed; -1 until then. */
double    kd_colgen_lower_bound  (KdColgen            *cg);

/* Price and dive: generation, then the person whose row the LP takes
 * most is fixed to it, and again until everyone is. With @base, the
 * persons @keep marks (all when NULL) start fixed to their rows of
 * @base, so only the others are rebuilt: a large neighbourhood of many
 * rows at once. Out of time, the people still free take the rows the
 * last LP gave them most of. Writes the roster and returns TRUE unless
 * stopped, cancelled or no LP was solved; everyone is free again
 * afterwards. */
gboolean  kd_colgen_dive         (KdColgen            *cg,
                                  const gint8         *base,
                                  const gboolean      *keep,
                                  gint64               deadline,
                                  volatile gint       *stop,
                                  GCancellable        *cancellable,
                                  gint8               *out);

/* Whether the last dive ran out of time and took the rows its last LP
 * gave the people still free most of (it still wrote a roster). */
gboolean  kd_colgen_dive_timed_out (KdColgen          *cg);

/* Columns in the pool, and columns the pricing added. */
int       kd_colgen_n_columns    (KdColgen            *cg);
int       kd_colgen_n_priced     (KdColgen            *cg);

G_END_DECLS
