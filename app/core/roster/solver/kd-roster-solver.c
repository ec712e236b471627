/* kd-roster-solver.c: greedy start, row-DP repair, then annealing mixed with row-DP, ruin-and-recreate and two-person DP moves, one run per core; the second also dives by column generation. */
#include "kd-roster-solver.h"
#include "kd-roster-colgen.h"
#include "kd-roster-pairdp.h"
#include "kd-roster-rowdp.h"

#include <math.h>
#include <string.h>

/* Until the first feasible roster, a hard violation outweighs any soft
 * gain a move can bring (a block swap can fix dozens of under-covered
 * places); after it, strict mode refuses hard violations outright. */
#define HARD_WEIGHT 100000
#define MAX_BLOCK   7
#define CHECK_EVERY 1024
#define COLD_FACTOR 0.05
#define RESTART_EVERY 0.125
#define COLGEN_START 0.05

/* Kinds of large moves: ruin-and-recreate, one row by DP, two people
 * swapping days, two rows rebuilt together; each gets this share of the
 * large moves' work (counted in work, not time, so runs repeat exactly).
 * Measured on the benchmark: shares following each kind's recent gains
 * favour the row DP's many small gains and end in worse rosters where
 * the cover is short (instance 6), so the shares are fixed. */
#define N_KINDS 4
static const double kind_share[N_KINDS] = { 2, 1, 1, 2 };

typedef struct {
  guint64 s;
} Rng;

static inline guint64
rng_next (Rng *r)
{
  /* xorshift64*: fast, and the same sequence everywhere for a seed. */
  r->s ^= r->s >> 12;
  r->s ^= r->s << 25;
  r->s ^= r->s >> 27;
  return r->s * G_GUINT64_CONSTANT (2685821657736338717);
}

static inline int
rng_int (Rng *r, int n)
{
  return (int) ((rng_next (r) >> 33) % (guint64) n);
}

static inline double
rng_double (Rng *r)
{
  return (rng_next (r) >> 11) * (1.0 / 9007199254740992.0);
}

typedef struct {
  int d;
  gint8 old_v, new_v;
} CoverChange;

/* The best roster any worker has published (see share_best). */
typedef struct {
  GMutex  lock;
  gint8  *cells;
  gint64  hard, soft;
  gint64  proven;            /* no roster scores below this; -1 unknown */
} Shared;

typedef struct {
  const KdRosterModel *m;
  const KdRosterSolverOptions *opt;
  Shared *shared;            /* NULL under a step budget */
  GCancellable *cancellable;
  gint64 start_time;
  gint64 deadline;           /* monotonic µs; G_MAXINT64 when none */
  volatile gint *stop;       /* shared: set when any worker reaches the target */
  Rng rng;

  gint8 *cells;
  int *cover;
  KdRosterRowCost *rowc;
  guint8 *night_eligible;
  gint64 night_sq, night_tot, wk_sq, wk_tot;
  int night_elig, wk_elig;
  gint64 soft, hard;

  gint8 *scratch[2];

  gint8 *best;
  gint64 best_soft, best_hard;
  gboolean best_pending;     /* the current roster is the best but not copied yet */

  /* Row re-optimisation (see row_dp_move). */
  KdRowDp *dp;
  double *cell_cost;         /* [D * (S + 1)] */
  double *noisy_cost;        /* the same with tie-breaking offsets */
  double *lam;               /* [P * (S + 3)]: per shift type, minute, day, weekend */
  gint8 *dp_row;
  gint8 *dp_best;
  CoverChange *dp_cc;        /* [2 * D] */
  guint64 move_work, dp_work;

  guint64 iterations;
  double fraction;
  gboolean strict;           /* feasible once: never accept a hard violation again */
  gboolean force;            /* inside a ruin-and-recreate step: every move passes */
  gint8 *lns_saved;          /* [LNS_MAX_ROWS * D] */
  KdPairDp *pdp;             /* exchanges of days between two people */
  guint32 *cell_mark;        /* [D * S] for try_move's touched cells */
  guint32 mark_gen;
  int *touched;              /* [4 * D] */
  gboolean use_colgen;       /* this worker also prices and dives (see colgen_phase) */
  int colgen_fails;          /* neighbourhood dives in a row that ran out of time */
  KdColgen *cg;              /* made and freed on the worker's thread: GLPK's state is per thread */
  gboolean *keep;            /* [P] for the dives */
  gint8 *dive;               /* [P * D] a dive's roster */
  double kind_work[N_KINDS];  /* work done by each kind of large move */
  gboolean kind_off[N_KINDS]; /* free pairs only with few shift types */
} Worker;

void
kd_roster_solver_options_init (KdRosterSolverOptions *o)
{
  memset (o, 0, sizeof *o);
  o->seed = 1;
  o->seconds = 10;
  o->target_soft = -1;
}

static inline gboolean
is_locked (const KdRosterModel *m, int p, int d)
{
  return m->locked[p * m->n_days + d] != KD_ROSTER_UNLOCKED;
}

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

                  if (row[d] != KD_ROSTER_OFF || is_locked (m, p, d)
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

static gint64
fair_total (const Worker *w)
{
  return w->m->fair_nights_weight * kd_roster_fair_cost (w->night_sq, w->night_tot, w->night_elig)
       + w->m->fair_weekends_weight * kd_roster_fair_cost (w->wk_sq, w->wk_tot, w->wk_elig);
}

static void
worker_load (Worker *w, const gint8 *cells)
{
  const KdRosterModel *m = w->m;
  const int S = m->n_shifts, D = m->n_days, P = m->n_persons;

  if (cells != w->cells)
    memcpy (w->cells, cells, (gsize) P * D);
  memset (w->cover, 0, sizeof (int) * D * S);
  w->soft = w->hard = 0;
  w->night_sq = w->night_tot = w->wk_sq = w->wk_tot = 0;
  w->night_elig = w->wk_elig = 0;

  for (int p = 0; p < P; p++)
    {
      KdRosterRowCost *c = &w->rowc[p];

      kd_roster_eval_row (m, p, w->cells + p * D, c, NULL);
      w->soft += c->soft_on + c->soft_off + c->soft_days + c->soft_end;
      w->hard += c->hard_mag;
      w->night_eligible[p] = 0;
      for (int s = 0; s < S; s++)
        if (m->shifts[s].is_night && m->persons[p].max_shifts[s] > 0)
          w->night_eligible[p] = 1;
      if (w->night_eligible[p])
        {
          w->night_elig++;
          w->night_sq += (gint64) c->nights * c->nights;
          w->night_tot += c->nights;
        }
      if (m->persons[p].max_weekends > 0)
        {
          w->wk_elig++;
          w->wk_sq += (gint64) c->weekend_shifts * c->weekend_shifts;
          w->wk_tot += c->weekend_shifts;
        }
      for (int d = 0; d < D; d++)
        if (w->cells[p * D + d] >= 0)
          w->cover[d * S + w->cells[p * D + d]]++;
    }
  for (int d = 0; d < D; d++)
    for (int s = 0; s < S; s++)
      {
        int hm = 0;
        w->soft += kd_roster_cover_cost (m, d, s, w->cover[d * S + s], &hm, NULL, NULL);
        w->hard += hm;
      }
  w->soft += fair_total (w);
}

static inline gboolean
key_better (gint64 hard_a, gint64 soft_a, gint64 hard_b, gint64 soft_b)
{
  return hard_a < hard_b || (hard_a == hard_b && soft_a < soft_b);
}

static void
save_best (Worker *w)
{
  memcpy (w->best, w->cells, (gsize) w->m->n_persons * w->m->n_days);
  w->best_pending = FALSE;
}

/* A move rewrites cells of at most two people; @np people, rows in
 * scratch already changed. Cover counts change by the (d, old → new) list. */

static gboolean
try_move (Worker            *w,
          int                np,
          const int         *persons,
          const CoverChange *cc,
          int                ncc,
          double             temperature)
{
  const KdRosterModel *m = w->m;
  const int S = m->n_shifts, D = m->n_days;
  KdRosterRowCost nc[2];
  gint64 d_soft = 0, d_hard = 0, fair_before = 0, fair_after = 0;
  gint64 nsq = w->night_sq, ntot = w->night_tot, wsq = w->wk_sq, wtot = w->wk_tot;
  gint64 delta;
  gboolean accept;

  for (int i = 0; i < np; i++)
    {
      const KdRosterRowCost *oc = &w->rowc[persons[i]];
      int p = persons[i];

      kd_roster_eval_row (m, p, w->scratch[i], &nc[i], NULL);
      d_soft += (nc[i].soft_on + nc[i].soft_off + nc[i].soft_days + nc[i].soft_end)
                - (oc->soft_on + oc->soft_off + oc->soft_days + oc->soft_end);
      d_hard += nc[i].hard_mag - oc->hard_mag;
      if (w->night_eligible[p] && nc[i].nights != oc->nights)
        {
          nsq += (gint64) nc[i].nights * nc[i].nights - (gint64) oc->nights * oc->nights;
          ntot += nc[i].nights - oc->nights;
        }
      if (m->persons[p].max_weekends > 0 && nc[i].weekend_shifts != oc->weekend_shifts)
        {
          wsq += (gint64) nc[i].weekend_shifts * nc[i].weekend_shifts
                 - (gint64) oc->weekend_shifts * oc->weekend_shifts;
          wtot += nc[i].weekend_shifts - oc->weekend_shifts;
        }
    }
  if (m->fair_nights_weight || m->fair_weekends_weight)
    {
      fair_before = fair_total (w);
      fair_after = m->fair_nights_weight * kd_roster_fair_cost (nsq, ntot, w->night_elig)
                 + m->fair_weekends_weight * kd_roster_fair_cost (wsq, wtot, w->wk_elig);
      d_soft += fair_after - fair_before;
    }

  /* Cover: score the touched (day, shift) pairs before and after, each
   * once (two people may change the same day). */
  if (ncc > 0)
    {
      int nt = 0;

      if (++w->mark_gen == 0)
        {
          memset (w->cell_mark, 0, sizeof (guint32) * m->n_days * S);
          w->mark_gen = 1;
        }
      for (int i = 0; i < ncc; i++)
        for (int k = 0; k < 2; k++)
          {
            int v = k ? cc[i].new_v : cc[i].old_v, cell;

            if (v < 0)
              continue;
            cell = cc[i].d * S + v;
            if (w->cell_mark[cell] == w->mark_gen)
              continue;
            w->cell_mark[cell] = w->mark_gen;
            w->touched[nt++] = cell;
          }
      for (int i = 0; i < nt; i++)
        {
          int hm = 0, c = w->touched[i];
          d_soft -= kd_roster_cover_cost (m, c / S, c % S, w->cover[c], &hm, NULL, NULL);
          d_hard -= hm;
        }
      for (int i = 0; i < ncc; i++)
        {
          if (cc[i].old_v >= 0)
            w->cover[cc[i].d * S + cc[i].old_v]--;
          if (cc[i].new_v >= 0)
            w->cover[cc[i].d * S + cc[i].new_v]++;
        }
      for (int i = 0; i < nt; i++)
        {
          int hm = 0, c = w->touched[i];
          d_soft += kd_roster_cover_cost (m, c / S, c % S, w->cover[c], &hm, NULL, NULL);
          d_hard += hm;
        }
    }

  delta = d_soft + d_hard * HARD_WEIGHT;
  if (w->force)
    accept = TRUE;
  else if (w->strict && d_hard > 0)
    accept = FALSE;
  else if (delta <= 0)
    accept = TRUE;
  else if (temperature <= 0)
    accept = FALSE;
  else
    accept = rng_double (&w->rng) < exp (-(double) delta / temperature);

  if (!accept)
    {
      for (int i = 0; i < ncc; i++)
        {
          if (cc[i].old_v >= 0)
            w->cover[cc[i].d * S + cc[i].old_v]++;
          if (cc[i].new_v >= 0)
            w->cover[cc[i].d * S + cc[i].new_v]--;
        }
      return FALSE;
    }

  /* Leaving the best roster for a worse one: keep a copy first. */
  if (w->best_pending && key_better (w->hard, w->soft, w->hard + d_hard, w->soft + d_soft))
    {
      /* The cells are still the old ones here. */
      save_best (w);
    }

  for (int i = 0; i < np; i++)
    {
      int p = persons[i];
      memcpy (w->cells + p * D, w->scratch[i], D);
      w->rowc[p] = nc[i];
    }
  w->night_sq = nsq;
  w->night_tot = ntot;
  w->wk_sq = wsq;
  w->wk_tot = wtot;
  w->soft += d_soft;
  w->hard += d_hard;

  if (w->hard == 0)
    w->strict = TRUE;
  if (key_better (w->hard, w->soft, w->best_hard, w->best_soft))
    {
      w->best_hard = w->hard;
      w->best_soft = w->soft;
      w->best_pending = TRUE;
    }
  return TRUE;
}

/* While hard rules are broken, most moves start from a person who breaks
 * one: random moves elsewhere rarely help. */
static int
pick_person (Worker *w)
{
  int P = w->m->n_persons;
  int p = rng_int (&w->rng, P);

  if (w->hard > 0 && rng_int (&w->rng, 2) == 0)
    for (int tries = 0; tries < 16 && w->rowc[p].hard_mag == 0; tries++)
      p = rng_int (&w->rng, P);
  return p;
}

/* While rules are broken, the row DP goes to rows that break them. */
static int
pick_violator (Worker *w)
{
  int P = w->m->n_persons;
  int p = rng_int (&w->rng, P);

  for (int tries = 0; tries < 64 && w->hard > 0 && w->rowc[p].hard_mag == 0; tries++)
    p = rng_int (&w->rng, P);
  return p;
}

/* One random move of a random kind; returns whether it was accepted. */
static gboolean
random_move (Worker *w, double temperature)
{
  const KdRosterModel *m = w->m;
  const int S = m->n_shifts, D = m->n_days, P = m->n_persons;
  int kind = rng_int (&w->rng, 100);
  int persons[2];
  CoverChange cc[MAX_BLOCK];

  if (kind < 30)
    {
      /* Change one cell. */
      int p = pick_person (w), d = rng_int (&w->rng, D);
      int old_v = w->cells[p * D + d], v;

      if (is_locked (m, p, d))
        return FALSE;
      v = rng_int (&w->rng, S + 1) - 1;
      if (v == old_v)
        v = (v + 2 > S) ? KD_ROSTER_OFF : v + 1;
      if (v == old_v || (v >= 0 && m->persons[p].max_shifts[v] == 0))
        return FALSE;
      memcpy (w->scratch[0], w->cells + p * D, D);
      w->scratch[0][d] = (gint8) v;
      persons[0] = p;
      cc[0].d = d;
      cc[0].old_v = (gint8) old_v;
      cc[0].new_v = (gint8) v;
      return try_move (w, 1, persons, cc, 1, temperature);
    }
  else if (kind < 82)
    {
      /* Swap a block of 1..MAX_BLOCK days between two people: cover stays. */
      int p1 = pick_person (w), p2 = rng_int (&w->rng, P);
      int len = kind < 52 ? 1 : 2 + rng_int (&w->rng, MAX_BLOCK - 1);
      int d0, differ = 0;

      if (p1 == p2 || len > D)
        return FALSE;
      d0 = rng_int (&w->rng, D - len + 1);
      memcpy (w->scratch[0], w->cells + p1 * D, D);
      memcpy (w->scratch[1], w->cells + p2 * D, D);
      for (int d = d0; d < d0 + len; d++)
        {
          gint8 a = w->scratch[0][d], b = w->scratch[1][d];
          if (a == b)
            continue;
          if (is_locked (m, p1, d) || is_locked (m, p2, d))
            return FALSE;
          w->scratch[0][d] = b;
          w->scratch[1][d] = a;
          differ++;
        }
      if (differ == 0)
        return FALSE;
      persons[0] = p1;
      persons[1] = p2;
      return try_move (w, 2, persons, NULL, 0, temperature);
    }
  else if (kind < 94)
    {
      /* Swap two days of one person's row: the days worked and the shift
       * counts stay, which exact "days off a month" rules need. */
      int p = pick_person (w);
      int d1 = rng_int (&w->rng, D), d2 = rng_int (&w->rng, D);
      gint8 a, b;

      if (d1 == d2 || is_locked (m, p, d1) || is_locked (m, p, d2))
        return FALSE;
      a = w->cells[p * D + d1];
      b = w->cells[p * D + d2];
      if (a == b)
        return FALSE;
      memcpy (w->scratch[0], w->cells + p * D, D);
      w->scratch[0][d1] = b;
      w->scratch[0][d2] = a;
      persons[0] = p;
      cc[0].d = d1;
      cc[0].old_v = a;
      cc[0].new_v = b;
      cc[1].d = d2;
      cc[1].old_v = b;
      cc[1].new_v = a;
      return try_move (w, 1, persons, cc, 2, temperature);
    }
  else
    {
      /* Set a block of one person's days to one value (a stretch of work
       * or of rest), which single changes reach only through bad states. */
      int p = pick_person (w);
      int len = 2 + rng_int (&w->rng, MAX_BLOCK - 1);
      int v = rng_int (&w->rng, S + 1) - 1;
      int d0, n = 0;

      if (len > D || (v >= 0 && m->persons[p].max_shifts[v] == 0))
        return FALSE;
      d0 = rng_int (&w->rng, D - len + 1);
      memcpy (w->scratch[0], w->cells + p * D, D);
      for (int d = d0; d < d0 + len; d++)
        {
          if (w->scratch[0][d] == v)
            continue;
          if (is_locked (m, p, d))
            return FALSE;
          cc[n].d = d;
          cc[n].old_v = w->scratch[0][d];
          cc[n].new_v = (gint8) v;
          w->scratch[0][d] = (gint8) v;
          n++;
        }
      if (n == 0)
        return FALSE;
      persons[0] = p;
      return try_move (w, 1, persons, cc, n, temperature);
    }
}

static double
worker_random (gpointer data)
{
  Worker *w = data;

  return rng_double (&w->rng);
}

/* A DP row that misses a total by a little (the price jumped over it):
 * single-cell changes, best first, while they lower the violations. */
static void
fix_up_row (Worker *w, int p, gint8 *row, KdRosterRowCost *rc, double *cost)
{
  const KdRosterModel *m = w->m;
  const int S = m->n_shifts, D = m->n_days, V = S + 1;

  for (int pass = 0; pass < 4 && rc->hard_mag > 0; pass++)
    {
      int best_d = -1, best_v = 0;
      int best_h = rc->hard_mag;
      double best_c = *cost;
      KdRosterRowCost best_rc = *rc;

      for (int d = 0; d < D; d++)
        {
          int old = row[d];

          if (is_locked (m, p, d))
            continue;
          for (int v = -1; v < S; v++)
            {
              KdRosterRowCost nc;
              double c;

              if (v == old || (v >= 0 && (m->persons[p].max_shifts[v] <= 0
                                          || m->unavailable[p * D + d] != KD_UNAVAILABLE_NO)))
                continue;
              row[d] = (gint8) v;
              kd_roster_eval_row (m, p, row, &nc, NULL);
              w->dp_work += D;
              c = *cost - w->cell_cost[d * V + old + 1] + w->cell_cost[d * V + v + 1]
                  - (rc->soft_days + rc->soft_end) + (nc.soft_days + nc.soft_end);
              if (nc.hard_mag < best_h || (nc.hard_mag == best_h && best_d >= 0 && c < best_c))
                {
                  best_h = nc.hard_mag;
                  best_c = c;
                  best_d = d;
                  best_v = v;
                  best_rc = nc;
                }
            }
          row[d] = (gint8) old;
        }
      if (best_d < 0)
        return;
      row[best_d] = (gint8) best_v;
      *rc = best_rc;
      *cost = best_c;
    }
}

#define DP_ROUNDS 16
#define PAIR_BEAM 256
#define PAIR_WORK_WEIGHT 4
#define LNS_MAX_ROWS 4

/* Rebuilds person @p's row as the cheapest one given everybody else's:
 * cover with the others fixed plus the person's requests, under the
 * person's sequence rules exactly and the totals by multipliers kept per
 * person between calls. The result goes through try_move like any move,
 * so the exact evaluator decides. */
static gboolean
row_dp_move (Worker *w, int p, double temperature)
{
  const KdRosterModel *m = w->m;
  const int S = m->n_shifts, D = m->n_days, V = S + 1;
  const gint8 *cur_row = w->cells + (gsize) p * D;
  double *lam = w->lam + (gsize) p * (S + 3);
  KdRowDpSearch search = { w->dp_row, w->noisy_cost, worker_random, w, DP_ROUNDS, 0 };
  KdRosterRowCost best_rc;
  double best_cost = 0;
  int n = 0;

  for (int d = 0; d < D; d++)
    {
      int mine = cur_row[d];

      for (int v = -1; v < S; v++)
        {
          int ci = kd_roster_model_cell_cost_index (m, p, d, v);
          double c = m->on_cost[ci] + m->off_cost[ci];

          if (v >= 0)
            {
              int others = w->cover[d * S + v] - (mine == v ? 1 : 0);
              int h0 = 0, h1 = 0;
              int c0 = kd_roster_cover_cost (m, d, v, others, &h0, NULL, NULL);
              int c1 = kd_roster_cover_cost (m, d, v, others + 1, &h1, NULL, NULL);

              c += (c1 - c0) + (double) (h1 - h0) * HARD_WEIGHT;
            }
          w->cell_cost[d * V + v + 1] = c;
        }
    }
  if (!kd_row_dp_search (w->dp, p, w->cell_cost, lam, &search, w->dp_best, &best_rc, &best_cost))
    {
      w->dp_work += search.work;
      return FALSE;
    }
  w->dp_work += search.work;
  if (best_rc.hard_mag > 0 && best_rc.hard_mag <= 12)
    fix_up_row (w, p, w->dp_best, &best_rc, &best_cost);
  for (int d = 0; d < D; d++)
    if (w->dp_best[d] != cur_row[d])
      {
        w->dp_cc[n].d = d;
        w->dp_cc[n].old_v = cur_row[d];
        w->dp_cc[n].new_v = w->dp_best[d];
        n++;
      }
  if (n == 0)
    return FALSE;
  memcpy (w->scratch[0], w->dp_best, D);
  return try_move (w, 1, &p, w->dp_cc, n, temperature);
}

static gboolean
worker_should_stop (Worker *w)
{
  gint64 now;

  if (g_atomic_int_get (w->stop))
    return TRUE;
  if (w->cancellable != NULL && g_cancellable_is_cancelled (w->cancellable))
    return TRUE;
  if (w->opt->max_iterations > 0 && w->iterations >= w->opt->max_iterations)
    return TRUE;
  now = g_get_monotonic_time ();
  if (now >= w->deadline)
    return TRUE;
  if (w->opt->max_iterations > 0)
    w->fraction = (double) w->iterations / w->opt->max_iterations;
  else
    w->fraction = (double) (now - w->start_time) / (double) (w->deadline - w->start_time);
  /* A roster that scores the proven lower bound is optimal. */
  if (w->shared != NULL && w->best_hard == 0)
    {
      gint64 proven;

      g_mutex_lock (&w->shared->lock);
      proven = w->shared->proven;
      g_mutex_unlock (&w->shared->lock);
      if (proven >= 0 && w->best_soft <= proven)
        {
          g_atomic_int_set (w->stop, 1);
          return TRUE;
        }
    }
  if (w->best_hard == 0 && w->opt->target_soft >= 0 && w->best_soft <= w->opt->target_soft)
    {
      /* Under a step budget each run stops at the target on its own: were
       * the first to arrive to stop the others, the result would depend on
       * which thread the machine ran faster. */
      if (w->opt->max_iterations == 0)
        g_atomic_int_set (w->stop, 1);
      return TRUE;
    }
  return FALSE;
}

/* Mean worsening of random moves from the start: sets the temperature
 * scale to the instance's weights. */
static double
sample_temperature (Worker *w)
{
  double sum = 0;
  int n = 0;
  gint64 soft = w->soft, hard = w->hard;

  for (int i = 0; i < 2000; i++)
    {
      gint64 s0 = w->soft, h0 = w->hard;
      /* Accept everything, measure, and the walk itself is harmless: we
       * reload the start afterwards. */
      if (random_move (w, 1e30))
        {
          gint64 delta = (w->soft - s0);
          if (w->hard == h0 && delta > 0)
            {
              sum += delta;
              n++;
            }
        }
    }
  (void) soft;
  (void) hard;
  return n > 0 ? sum / n : 10.0;
}

/* Writes @row into person @p's place whatever it costs. */
static void
force_row (Worker *w, int p, const gint8 *row)
{
  const int D = w->m->n_days;
  const gint8 *cur_row = w->cells + (gsize) p * D;
  int n = 0;

  for (int d = 0; d < D; d++)
    if (row[d] != cur_row[d])
      {
        w->dp_cc[n].d = d;
        w->dp_cc[n].old_v = cur_row[d];
        w->dp_cc[n].new_v = row[d];
        n++;
      }
  if (n == 0)
    return;
  memcpy (w->scratch[0], row, D);
  w->force = TRUE;
  try_move (w, 1, &p, w->dp_cc, n, 0);
  w->force = FALSE;
}

/* Ruin and recreate: empty a few rows, rebuild them one by one with the
 * row DP (each sees the others' cover), and keep the result if the
 * annealing rule takes it; otherwise put the rows back. Single DP moves
 * stop at rows that are each best given the rest; this reaches trades
 * between people that no single row can start. */
static void
lns_move (Worker *w, double temperature)
{
  const KdRosterModel *m = w->m;
  const int D = m->n_days, P = m->n_persons, S = m->n_shifts;
  int rows[LNS_MAX_ROWS], k = 2 + rng_int (&w->rng, LNS_MAX_ROWS - 1);
  gint64 soft0 = w->soft, hard0 = w->hard, delta;
  gboolean keep;
  int rd = -1, rs = -1;

  k = MIN (k, P);
  /* Half the time the rows are related: a cover cell off its target, and
   * people on both sides of it (working it, and not working it), who are
   * the ones that can trade it away. Random rows rarely share one. */
  if (w->hard == 0 && rng_int (&w->rng, 2) == 0)
    for (int tries = 0; tries < 32; tries++)
      {
        int d = rng_int (&w->rng, D), s = rng_int (&w->rng, S);
        if (w->cover[d * S + s] != m->cover_req[d * S + s])
          {
            rd = d;
            rs = s;
            break;
          }
      }
  for (int i = 0; i < k; i++)
    {
      gboolean dup;
      int tries = 0;
      do
        {
          if (rd >= 0 && tries < 64)
            {
              /* Alternate sides: people working the cell, who could give
               * it up, and people not working it, who could take it. */
              int want_on = (i & 1) == 0;
              rows[i] = rng_int (&w->rng, P);
              if ((w->cells[(gsize) rows[i] * D + rd] == rs) != want_on)
                {
                  tries++;
                  dup = TRUE;
                  continue;
                }
            }
          else
            rows[i] = i == 0 ? pick_person (w) : rng_int (&w->rng, P);
          tries++;
          dup = FALSE;
          for (int j = 0; j < i; j++)
            dup = dup || rows[j] == rows[i];
        }
      while (dup);
      memcpy (w->lns_saved + (gsize) i * D, w->cells + (gsize) rows[i] * D, D);
    }
  for (int i = 0; i < k; i++)
    {
      gint8 *row = w->dp_row;
      for (int d = 0; d < D; d++)
        row[d] = is_locked (m, rows[i], d) ? m->locked[rows[i] * D + d] : KD_ROSTER_OFF;
      force_row (w, rows[i], row);
    }
  for (int i = k - 1; i >= 0; i--)
    {
      w->force = TRUE;
      row_dp_move (w, rows[i], 0);
      w->force = FALSE;
    }
  /* Rows rebuilt first saw the later ones still empty: one more pass, in
   * the other order and only improving, lets each answer the others. */
  for (int i = 0; i < k; i++)
    row_dp_move (w, rows[i], 0);

  delta = (w->soft - soft0) + (w->hard - hard0) * HARD_WEIGHT;
  if (w->strict && w->hard > hard0)
    keep = FALSE;
  else if (delta <= 0)
    keep = TRUE;
  else
    keep = temperature > 0 && rng_double (&w->rng) < exp (-(double) delta / temperature);
  if (!keep)
    for (int i = 0; i < k; i++)
      force_row (w, rows[i], w->lns_saved + (gsize) i * D);
}

/* Two people trade the best set of days (see kd-roster-pairdp.h): the
 * cover stays, so this is the move for tight rosters where every place
 * is filled and everyone is at their hours, and only requests are left
 * to improve. The first person is usually one with unmet requests. */
static gboolean
pair_move (Worker *w, KdPairMode mode, double temperature)
{
  const KdRosterModel *m = w->m;
  const int D = m->n_days, P = m->n_persons;
  int p = rng_int (&w->rng, P), q, first, win = kd_pair_dp_max_window (w->pdp);
  int persons[2];
  gboolean found;

  if (P < 2)
    return FALSE;
  for (int tries = 0; tries < 8 && w->rowc[p].soft_on + w->rowc[p].soft_off == 0; tries++)
    p = rng_int (&w->rng, P);
  q = rng_int (&w->rng, P - 1);
  if (q >= p)
    q++;
  first = D <= win ? 0 : rng_int (&w->rng, D - win + 1);
  found = kd_pair_dp_solve (w->pdp, mode, w->cover, p, q, w->cells + (gsize) p * D, w->cells + (gsize) q * D,
                            first, first + win, rng_next (&w->rng), w->scratch[0], w->scratch[1]);
  w->dp_work += PAIR_WORK_WEIGHT * kd_pair_dp_work (w->pdp) + 1;
  if (!found)
    return FALSE;
  persons[0] = p;
  persons[1] = q;
  if (mode == KD_PAIR_SWAP)
    return try_move (w, 2, persons, NULL, 0, temperature);
  /* Free mode changes the cover: list each changed day once per person. */
  {
    CoverChange *cc = w->dp_cc;
    int n = 0;
    for (int d = 0; d < D; d++)
      {
        gint8 op = w->cells[(gsize) p * D + d], oq = w->cells[(gsize) q * D + d];
        gint8 np = w->scratch[0][d], nq = w->scratch[1][d];
        if (op != np)
          cc[n++] = (CoverChange) { d, op, np };
        if (oq != nq)
          cc[n++] = (CoverChange) { d, oq, nq };
      }
    return try_move (w, 2, persons, cc, n, temperature);
  }
}

/* Feasibility first: rows that break a rule are rebuilt by the row DP
 * (which meets the sequence rules exactly), then, while cover minimums
 * still fail, every row in turn. */
static void
repair_rows (Worker *w)
{
  const int P = w->m->n_persons;

  for (int sweep = 0; sweep < 3 && w->hard > 0; sweep++)
    {
      gint64 row_hard = 0;

      /* Cover minimums broken too: every row may help, not only those
       * breaking their own rules. */
      for (int p = 0; p < P; p++)
        row_hard += w->rowc[p].hard_mag;
      for (int p = 0; p < P; p++)
        {
          /* Large horizons take a while: stay cancellable. */
          if ((w->cancellable != NULL && g_cancellable_is_cancelled (w->cancellable))
              || g_get_monotonic_time () >= w->deadline)
            return;
          if (w->rowc[p].hard_mag > 0 || (sweep > 0 && w->hard > row_hard))
            row_dp_move (w, p, 0);
        }
    }
}

/* At the restarts, workers meet: each publishes its best roster if it
 * beats what is there, or takes the published one if that beats its own,
 * so a worker stuck in a worse basin (one more place left empty, say)
 * carries on from the better one. Only under a time budget: under a step
 * budget the result must not depend on which thread ran faster.
 * Returns TRUE when the worker took the published roster. */
static gboolean
share_best (Worker *w)
{
  Shared *sh = w->shared;
  gboolean took = FALSE;
  gsize n = (gsize) w->m->n_persons * w->m->n_days;

  if (sh == NULL)
    return FALSE;
  if (w->best_pending)
    save_best (w);
  g_mutex_lock (&sh->lock);
  if (key_better (w->best_hard, w->best_soft, sh->hard, sh->soft))
    {
      memcpy (sh->cells, w->best, n);
      sh->hard = w->best_hard;
      sh->soft = w->best_soft;
    }
  else if (key_better (sh->hard, sh->soft, w->best_hard, w->best_soft))
    {
      memcpy (w->best, sh->cells, n);
      w->best_hard = sh->hard;
      w->best_soft = sh->soft;
      took = TRUE;
    }
  g_mutex_unlock (&sh->lock);
  return took;
}

/* Column generation (see kd-roster-colgen.h) from the best roster so far:
 * every person rebuilt (@free_share 1) or a random share of them, the
 * others kept. The result replaces the best when it beats it. Returns
 * FALSE when the dive did not finish in time. */
static gboolean
colgen_phase (Worker *w, double free_share, gint64 deadline)
{
  const KdRosterModel *m = w->m;
  const int P = m->n_persons, D = m->n_days;
  gsize n = (gsize) P * D;
  gboolean ok, timed_out;

  if (w->best_pending)
    save_best (w);
  kd_colgen_add_roster (w->cg, w->best);
  if (free_share >= 1)
    ok = kd_colgen_dive (w->cg, NULL, NULL, deadline, w->stop, w->cancellable, w->dive);
  else
    {
      int n_free = 0;

      for (int p = 0; p < P; p++)
        {
          w->keep[p] = rng_double (&w->rng) >= free_share;
          n_free += !w->keep[p];
        }
      if (n_free < 2)
        return TRUE;
      ok = kd_colgen_dive (w->cg, w->best, w->keep, deadline, w->stop, w->cancellable, w->dive);
    }
  if (kd_colgen_lower_bound (w->cg) >= 0 && w->shared != NULL)
    {
      /* Scores are whole numbers. */
      gint64 proven = (gint64) ceil (kd_colgen_lower_bound (w->cg) - 1e-6);

      g_mutex_lock (&w->shared->lock);
      w->shared->proven = MAX (w->shared->proven, proven);
      g_mutex_unlock (&w->shared->lock);
    }
  if (!ok)
    return FALSE;
  /* Worth looking at, but a sign the roster is too big for dives. */
  timed_out = kd_colgen_dive_timed_out (w->cg);
  memcpy (w->cells, w->best, n);
  worker_load (w, w->dive);
  g_debug ("colgen %.2f at %.2f s: %" G_GINT64_FORMAT "/%" G_GINT64_FORMAT " vs best %" G_GINT64_FORMAT "/%" G_GINT64_FORMAT,
           free_share, (g_get_monotonic_time () - w->start_time) / 1e6, w->hard, w->soft, w->best_hard, w->best_soft);
  if (key_better (w->hard, w->soft, w->best_hard, w->best_soft))
    {
      w->best_hard = w->hard;
      w->best_soft = w->soft;
      save_best (w);
    }
  else
    worker_load (w, w->best);
  return !timed_out;
}

typedef struct {
  Worker               *w;
  KdRosterProgressFunc  progress;
  gpointer              user_data;
  gboolean              reports;
} RunArgs;

static gpointer
worker_run (gpointer data)
{
  RunArgs *a = data;
  Worker *w = a->w;
  const KdRosterModel *m = w->m;
  g_autofree gint8 *start = g_memdup2 (w->cells, (gsize) m->n_persons * m->n_days);
  double t0, t1, temperature;
  gint64 last_report = 0;
  gboolean stop = FALSE;
  double next_restart = RESTART_EVERY;

  t0 = sample_temperature (w);
  worker_load (w, start);
  if (w->hard > 0)
    repair_rows (w);
  w->best_hard = w->hard;
  w->best_soft = w->soft;
  save_best (w);
  /* From about a typical worsening down to where only improvements of a
   * single unit of weight pass. */
  t0 = MAX (1.0, 0.5 * t0);
  t1 = 0.3;
  temperature = t0;

  while (!stop)
    {
      for (int i = 0; i < CHECK_EVERY; i++)
        random_move (w, temperature);
      w->iterations += CHECK_EVERY;
      /* The large moves get about as much work as the random ones, four
       * times as much while rules are broken (counted in cells,
       * transitions and states, not time, so runs repeat exactly). Until
       * feasible they are all row-DP repairs; after, the kinds share the
       * work as kind_share says. */
      w->move_work += (guint64) CHECK_EVERY * 2 * m->n_days * (w->hard > 0 ? 4 : 1);
      while (w->dp_work < w->move_work)
        {
          guint64 before = w->dp_work;
          /* Until feasible, only repairs; after, each kind of large move
           * gets its share of the work. */
          int kind = -1;

          if (w->hard == 0)
            {
              kind = 0;
              for (int k = 1; k < N_KINDS; k++)
                if (!w->kind_off[k] && w->kind_work[k] * kind_share[kind] < w->kind_work[kind] * kind_share[k])
                  kind = k;
            }
          switch (kind)
            {
            case 0:
              lns_move (w, temperature);
              break;
            case 2:
              pair_move (w, KD_PAIR_SWAP, temperature);
              break;
            case 3:
              pair_move (w, KD_PAIR_FREE, temperature);
              break;
            default:
              row_dp_move (w, pick_violator (w), temperature);
              break;
            }
          /* A move that found nothing to do still costs its turn. */
          if (w->dp_work == before)
            w->dp_work += (guint64) m->n_days * (m->n_shifts + 1);
          if (kind >= 0)
            w->kind_work[kind] += (double) (w->dp_work - before);
        }
      stop = worker_should_stop (w);
      /* After a short warm-up (whose rows seed the pool), one worker
       * rebuilds the whole roster by column generation: where the dive
       * finishes, its roster is usually in the right basin, which the
       * annealing then polishes. Dives differ by their tie-breaks and
       * the pool grows, so they repeat while they are quick. A first
       * dive that does not finish by half the time says the roster is
       * too big for it: annealing only from then on. */
      if (w->use_colgen && w->cg == NULL && w->fraction >= COLGEN_START && !stop)
        {
          gint64 span = w->deadline - w->start_time;
          gint64 until = w->start_time + span / 4;
          gint64 before = w->best_soft, before_hard = w->best_hard;

          w->cg = kd_colgen_new (m, w->opt->seed);

          if (!colgen_phase (w, 1.0, w->start_time + span / 2))
            w->use_colgen = FALSE;
          /* Nor are dives worth their time when they do not beat this
           * worker's short warm-up, or the annealing on the other worker
           * did better meanwhile. */
          if (!key_better (w->best_hard, w->best_soft, before_hard, before))
            w->use_colgen = FALSE;
          if (w->shared != NULL)
            {
              g_mutex_lock (&w->shared->lock);
              if (key_better (w->shared->hard, w->shared->soft, w->best_hard, w->best_soft))
                w->use_colgen = FALSE;
              g_mutex_unlock (&w->shared->lock);
            }
          while (w->use_colgen && g_get_monotonic_time () < until && !worker_should_stop (w))
            colgen_phase (w, 1.0, until);
          if (w->hard == 0)
            w->strict = TRUE;
        }
      temperature = t0 * pow (t1 / t0, MIN (1.0, w->fraction));
      /* Until a roster meets every hard rule, search cold: feasibility
       * first, then the annealing has the rest of the budget. */
      if (w->best_hard > 0)
        temperature = MIN (temperature, COLD_FACTOR * t0);
      /* A few times a run, go back to the best roster seen: the walk may
       * have drifted to a worse basin, and the cooler temperature from
       * here on searches around the best instead. */
      if (w->fraction >= next_restart)
        {
          next_restart += RESTART_EVERY;
          /* And a dive that rebuilds a third of the people, the rest
           * kept as in the best roster: a large neighbourhood. */
          if (w->use_colgen && w->best_hard == 0)
            {
              gint64 until = MIN (w->deadline, g_get_monotonic_time ()
                                  + (gint64) (0.03 * (w->deadline - w->start_time)));
              if (colgen_phase (w, 1.0 / 3, until))
                w->colgen_fails = 0;
              else if (++w->colgen_fails >= 2)
                w->use_colgen = FALSE;
            }
          if (share_best (w))
            worker_load (w, w->best);
          else if (w->best_hard == 0 && w->hard == 0 && w->soft > w->best_soft && !w->best_pending)
            worker_load (w, w->best);
          if (w->hard == 0)
            w->strict = TRUE;
        }
      if (a->reports && a->progress != NULL)
        {
          gint64 now = g_get_monotonic_time ();
          if (now - last_report > 100000 || stop)
            {
              last_report = now;
              a->progress (MIN (1.0, w->fraction), (int) MIN (w->best_hard, G_MAXINT), w->best_soft, a->user_data);
            }
        }
    }
  if (w->best_pending)
    save_best (w);
  g_clear_pointer (&w->cg, kd_colgen_free);
  return NULL;
}

KdRoster *
kd_roster_solve (const KdRosterModel         *m,
                 const KdRosterSolverOptions *options,
                 GCancellable                *cancellable,
                 KdRosterProgressFunc         progress,
                 gpointer                     user_data)
{
  KdRosterSolverOptions defaults;
  const int D = m->n_days, P = m->n_persons, S = m->n_shifts;
  g_autoptr(KdRoster) start = NULL;
  KdRoster *result;
  Worker *workers;
  RunArgs *args;
  GThread **threads;
  int n_threads, best_i = 0;
  gint stop = 0;
  gint64 now = g_get_monotonic_time ();
  Shared shared;

  if (options == NULL)
    {
      kd_roster_solver_options_init (&defaults);
      options = &defaults;
    }
  n_threads = options->n_threads > 0 ? options->n_threads : (int) CLAMP (g_get_num_processors (), 1, 8);

  if (options->start != NULL)
    {
      start = kd_roster_copy (options->start);
      kd_roster_apply_locks (start, m);
    }
  else
    start = kd_roster_construct (m);

  if (P == 0)
    return g_steal_pointer (&start);

  workers = g_new0 (Worker, n_threads);
  g_mutex_init (&shared.lock);
  shared.cells = g_new (gint8, (gsize) P * D);
  shared.hard = shared.soft = G_MAXINT64;
  shared.proven = -1;
  args = g_new0 (RunArgs, n_threads);
  threads = g_new0 (GThread *, n_threads);

  for (int i = 0; i < n_threads; i++)
    {
      Worker *w = &workers[i];

      w->m = m;
      w->opt = options;
      w->shared = options->max_iterations > 0 || n_threads < 2 ? NULL : &shared;
      w->cancellable = cancellable;
      w->start_time = now;
      w->deadline = options->seconds > 0 ? now + (gint64) (options->seconds * G_USEC_PER_SEC) : G_MAXINT64;
      w->stop = &stop;
      /* Distinct, well-mixed seeds per thread; never zero for xorshift. */
      w->rng.s = (options->seed + 1) * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15) + (guint64) i * G_GUINT64_CONSTANT (0xD1B54A32D192ED03);
      if (w->rng.s == 0)
        w->rng.s = 1;
      w->cells = g_new (gint8, (gsize) P * D);
      w->best = g_new (gint8, (gsize) P * D);
      w->cover = g_new0 (int, D * S);
      w->rowc = g_new0 (KdRosterRowCost, P);
      w->night_eligible = g_new0 (guint8, P);
      w->scratch[0] = g_new (gint8, D);
      w->scratch[1] = g_new (gint8, D);
      w->dp = kd_row_dp_new (m);
      w->cell_cost = g_new (double, (gsize) D * (S + 1));
      w->noisy_cost = g_new (double, (gsize) D * (S + 1));
      w->lam = g_new0 (double, (gsize) P * (S + 3));
      w->dp_row = g_new (gint8, D);
      w->dp_best = g_new (gint8, D);
      w->dp_cc = g_new (CoverChange, 2 * (gsize) D);
      w->lns_saved = g_new (gint8, (gsize) LNS_MAX_ROWS * D);
      w->pdp = kd_pair_dp_new (m, PAIR_BEAM);
      w->kind_off[3] = !kd_pair_dp_free_mode_ok (m);
      w->cell_mark = g_new0 (guint32, (gsize) D * S + 1);
      w->touched = g_new (int, 4 * (gsize) D + 4);
      /* Under a time budget, the second worker also prices and dives
       * (under a step budget runs must repeat exactly, and GLPK's time
       * limits would not). */
      if (i == 1 && w->shared != NULL && options->seconds > 0)
        {
          w->use_colgen = TRUE;
          w->keep = g_new0 (gboolean, P);
          w->dive = g_new (gint8, (gsize) P * D);
        }
      worker_load (w, start->cells);

      args[i].w = w;
      args[i].progress = progress;
      args[i].user_data = user_data;
      args[i].reports = (i == 0);
    }

  for (int i = 1; i < n_threads; i++)
    threads[i] = g_thread_new ("kd-roster-solver", worker_run, &args[i]);
  worker_run (&args[0]);
  for (int i = 1; i < n_threads; i++)
    g_thread_join (threads[i]);

  for (int i = 1; i < n_threads; i++)
    if (key_better (workers[i].best_hard, workers[i].best_soft,
                    workers[best_i].best_hard, workers[best_i].best_soft))
      best_i = i;

  result = kd_roster_new (m);
  memcpy (result->cells, workers[best_i].best, (gsize) P * D);

  for (int i = 0; i < n_threads; i++)
    {
      Worker *w = &workers[i];
      g_free (w->cells);
      g_free (w->best);
      g_free (w->cover);
      g_free (w->rowc);
      g_free (w->night_eligible);
      g_free (w->scratch[0]);
      g_free (w->scratch[1]);
      kd_row_dp_free (w->dp);
      g_free (w->cell_cost);
      g_free (w->noisy_cost);
      g_free (w->lam);
      g_free (w->dp_row);
      g_free (w->dp_best);
      g_free (w->dp_cc);
      g_free (w->lns_saved);
      kd_pair_dp_free (w->pdp);
      g_free (w->cell_mark);
      g_free (w->touched);
      g_free (w->keep);
      g_free (w->dive);
    }
  g_free (workers);
  g_free (shared.cells);
  g_mutex_clear (&shared.lock);
  g_free (args);
  g_free (threads);
  return result;
}
