/* kd-roster-solver-private.h: what the solver's pieces (worker, moves, orchestration) share: tuning constants, the random numbers, cover changes, the published best. */
#pragma once

#include <glib.h>

#include "kd-roster-model.h"

G_BEGIN_DECLS

/* Until the first feasible roster, a hard violation outweighs any soft
 * gain a move can bring (a block swap can fix dozens of under-covered
 * places); after it, strict mode refuses hard violations outright. */
#define HARD_WEIGHT 100000
#define MAX_BLOCK   7
#define CHECK_EVERY 1024
#define COLD_FACTOR 0.05
#define RESTART_EVERY 0.125
#define COLGEN_START 0.05

/* Kinds of large moves (see kd-roster-moves.c): ruin-and-recreate, one
 * row by DP, two people swapping days, two rows rebuilt together. */
#define N_KINDS 4

#define DP_ROUNDS 16
#define PAIR_BEAM 256
#define PAIR_WORK_WEIGHT 4
#define LNS_MAX_ROWS 4

typedef struct {
  guint64 s;
} KdRng;

static inline guint64
kd_rng_next (KdRng *r)
{
  /* xorshift64*: fast, and the same sequence everywhere for a seed. */
  r->s ^= r->s >> 12;
  r->s ^= r->s << 25;
  r->s ^= r->s >> 27;
  return r->s * G_GUINT64_CONSTANT (2685821657736338717);
}

static inline int
kd_rng_int (KdRng *r, int n)
{
  return (int) ((kd_rng_next (r) >> 33) % (guint64) n);
}

static inline double
kd_rng_double (KdRng *r)
{
  return (kd_rng_next (r) >> 11) * (1.0 / 9007199254740992.0);
}

/* One cell of the cover changing from @old_v to @new_v on day @d. */
typedef struct {
  int d;
  gint8 old_v, new_v;
} KdCoverChange;

/* The best roster any worker has published (see share_best in
 * kd-roster-solver.c). */
typedef struct {
  GMutex  lock;
  gint8  *cells;
  gint64  hard, soft;
  gint64  proven;            /* no roster scores below this; -1 unknown */
} KdRosterShared;

static inline gboolean
kd_roster_is_locked (const KdRosterModel *m, int p, int d)
{
  return m->locked[p * m->n_days + d] != KD_ROSTER_UNLOCKED;
}

/* Fewer hard violations first, then the lower soft score. */
static inline gboolean
kd_roster_key_better (gint64 hard_a, gint64 soft_a, gint64 hard_b, gint64 soft_b)
{
  return hard_a < hard_b || (hard_a == hard_b && soft_a < soft_b);
}

G_END_DECLS
