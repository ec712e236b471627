/* kd-roster-moves.c: the solver's moves — random local moves, row-DP rebuilds, ruin-and-recreate, two-person DP exchanges — and how the large ones share their work. */
#include "kd-roster-moves.h"

#include <math.h>
#include <string.h>

/* Each kind of large move gets this share of the large moves' work
 * (counted in work, not time, so runs repeat exactly); kinds as N_KINDS
 * says: 0 ruin-and-recreate, 1 one row by DP, 2 two people swapping days,
 * 3 two rows rebuilt together. Measured on the benchmark: shares
 * following each kind's recent gains favour the row DP's many small
 * gains and end in worse rosters where the cover is short (instance 6),
 * so the shares are fixed. */
static const double kind_share[N_KINDS] = { 2, 1, 1, 2 };

/* While hard rules are broken, most moves start from a person who breaks
 * one: random moves elsewhere rarely help. */
static int
pick_person (KdRosterWorker *w)
{
  int P = w->m->n_persons;
  int p = kd_rng_int (&w->rng, P);

  if (w->cur.hard > 0 && kd_rng_int (&w->rng, 2) == 0)
    for (int tries = 0; tries < 16 && w->cur.rowc[p].hard_mag == 0; tries++)
      p = kd_rng_int (&w->rng, P);
  return p;
}

/* While rules are broken, the row DP goes to rows that break them. */
static int
pick_violator (KdRosterWorker *w)
{
  int P = w->m->n_persons;
  int p = kd_rng_int (&w->rng, P);

  for (int tries = 0; tries < 64 && w->cur.hard > 0 && w->cur.rowc[p].hard_mag == 0; tries++)
    p = kd_rng_int (&w->rng, P);
  return p;
}

/* One random move of a random kind; returns whether it was accepted. */
gboolean
kd_roster_random_move (KdRosterWorker *w, double temperature)
{
  const KdRosterModel *m = w->m;
  const int S = m->n_shifts, D = m->n_days, P = m->n_persons;
  int kind = kd_rng_int (&w->rng, 100);
  int persons[2];
  KdCoverChange cc[MAX_BLOCK];

  if (kind < 30)
    {
      /* Change one cell. */
      int p = pick_person (w), d = kd_rng_int (&w->rng, D);
      int old_v = w->cur.cells[p * D + d], v;

      if (kd_roster_is_locked (m, p, d))
        return FALSE;
      v = kd_rng_int (&w->rng, S + 1) - 1;
      if (v == old_v)
        v = (v + 2 > S) ? KD_ROSTER_OFF : v + 1;
      if (v == old_v || (v >= 0 && m->persons[p].max_shifts[v] == 0))
        return FALSE;
      memcpy (w->scratch.rows[0], w->cur.cells + p * D, D);
      w->scratch.rows[0][d] = (gint8) v;
      persons[0] = p;
      cc[0].d = d;
      cc[0].old_v = (gint8) old_v;
      cc[0].new_v = (gint8) v;
      return kd_roster_worker_try_move (w, 1, persons, cc, 1, temperature);
    }
  else if (kind < 82)
    {
      /* Swap a block of 1..MAX_BLOCK days between two people: cover stays. */
      int p1 = pick_person (w), p2 = kd_rng_int (&w->rng, P);
      int len = kind < 52 ? 1 : 2 + kd_rng_int (&w->rng, MAX_BLOCK - 1);
      int d0, differ = 0;

      if (p1 == p2 || len > D)
        return FALSE;
      d0 = kd_rng_int (&w->rng, D - len + 1);
      memcpy (w->scratch.rows[0], w->cur.cells + p1 * D, D);
      memcpy (w->scratch.rows[1], w->cur.cells + p2 * D, D);
      for (int d = d0; d < d0 + len; d++)
        {
          gint8 a = w->scratch.rows[0][d], b = w->scratch.rows[1][d];
          if (a == b)
            continue;
          if (kd_roster_is_locked (m, p1, d) || kd_roster_is_locked (m, p2, d))
            return FALSE;
          w->scratch.rows[0][d] = b;
          w->scratch.rows[1][d] = a;
          differ++;
        }
      if (differ == 0)
        return FALSE;
      persons[0] = p1;
      persons[1] = p2;
      return kd_roster_worker_try_move (w, 2, persons, NULL, 0, temperature);
    }
  else if (kind < 94)
    {
      /* Swap two days of one person's row: the days worked and the shift
       * counts stay, which exact "days off a month" rules need. */
      int p = pick_person (w);
      int d1 = kd_rng_int (&w->rng, D), d2 = kd_rng_int (&w->rng, D);
      gint8 a, b;

      if (d1 == d2 || kd_roster_is_locked (m, p, d1) || kd_roster_is_locked (m, p, d2))
        return FALSE;
      a = w->cur.cells[p * D + d1];
      b = w->cur.cells[p * D + d2];
      if (a == b)
        return FALSE;
      memcpy (w->scratch.rows[0], w->cur.cells + p * D, D);
      w->scratch.rows[0][d1] = b;
      w->scratch.rows[0][d2] = a;
      persons[0] = p;
      cc[0].d = d1;
      cc[0].old_v = a;
      cc[0].new_v = b;
      cc[1].d = d2;
      cc[1].old_v = b;
      cc[1].new_v = a;
      return kd_roster_worker_try_move (w, 1, persons, cc, 2, temperature);
    }
  else
    {
      /* Set a block of one person's days to one value (a stretch of work
       * or of rest), which single changes reach only through bad states. */
      int p = pick_person (w);
      int len = 2 + kd_rng_int (&w->rng, MAX_BLOCK - 1);
      int v = kd_rng_int (&w->rng, S + 1) - 1;
      int d0, n = 0;

      if (len > D || (v >= 0 && m->persons[p].max_shifts[v] == 0))
        return FALSE;
      d0 = kd_rng_int (&w->rng, D - len + 1);
      memcpy (w->scratch.rows[0], w->cur.cells + p * D, D);
      for (int d = d0; d < d0 + len; d++)
        {
          if (w->scratch.rows[0][d] == v)
            continue;
          if (kd_roster_is_locked (m, p, d))
            return FALSE;
          cc[n].d = d;
          cc[n].old_v = w->scratch.rows[0][d];
          cc[n].new_v = (gint8) v;
          w->scratch.rows[0][d] = (gint8) v;
          n++;
        }
      if (n == 0)
        return FALSE;
      persons[0] = p;
      return kd_roster_worker_try_move (w, 1, persons, cc, n, temperature);
    }
}

static double
worker_random (gpointer data)
{
  KdRosterWorker *w = data;

  return kd_rng_double (&w->rng);
}

/* A DP row that misses a total by a little (the price jumped over it):
 * single-cell changes, best first, while they lower the violations. */
static void
fix_up_row (KdRosterWorker *w, int p, gint8 *row, KdRosterRowCost *rc, double *cost)
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

          if (kd_roster_is_locked (m, p, d))
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
              w->work.large += D;
              c = *cost - w->dp.cell_cost[d * V + old + 1] + w->dp.cell_cost[d * V + v + 1]
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

/* Rebuilds person @p's row as the cheapest one given everybody else's:
 * cover with the others fixed plus the person's requests, under the
 * person's sequence rules exactly and the totals by multipliers kept per
 * person between calls. The result goes through
 * kd_roster_worker_try_move() like any move, so the exact evaluator
 * decides. */
static gboolean
row_dp_move (KdRosterWorker *w, int p, double temperature)
{
  const KdRosterModel *m = w->m;
  const int S = m->n_shifts, D = m->n_days, V = S + 1;
  const gint8 *cur_row = w->cur.cells + (gsize) p * D;
  double *lam = w->dp.lam + (gsize) p * (S + 3);
  KdRowDpSearch search = { w->dp.row, w->dp.noisy_cost, worker_random, w, DP_ROUNDS, 0 };
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
              int others = w->cur.cover[d * S + v] - (mine == v ? 1 : 0);
              int h0 = 0, h1 = 0;
              int c0 = kd_roster_cover_cost (m, d, v, others, &h0, NULL, NULL);
              int c1 = kd_roster_cover_cost (m, d, v, others + 1, &h1, NULL, NULL);

              c += (c1 - c0) + (double) (h1 - h0) * HARD_WEIGHT;
            }
          w->dp.cell_cost[d * V + v + 1] = c;
        }
    }
  if (!kd_row_dp_search (w->dp.row_dp, p, w->dp.cell_cost, lam, &search, w->dp.best, &best_rc, &best_cost))
    {
      w->work.large += search.work;
      return FALSE;
    }
  w->work.large += search.work;
  if (best_rc.hard_mag > 0 && best_rc.hard_mag <= 12)
    fix_up_row (w, p, w->dp.best, &best_rc, &best_cost);
  for (int d = 0; d < D; d++)
    if (w->dp.best[d] != cur_row[d])
      {
        w->dp.cc[n].d = d;
        w->dp.cc[n].old_v = cur_row[d];
        w->dp.cc[n].new_v = w->dp.best[d];
        n++;
      }
  if (n == 0)
    return FALSE;
  memcpy (w->scratch.rows[0], w->dp.best, D);
  return kd_roster_worker_try_move (w, 1, &p, w->dp.cc, n, temperature);
}

/* Writes @row into person @p's place whatever it costs. */
static void
force_row (KdRosterWorker *w, int p, const gint8 *row)
{
  const int D = w->m->n_days;
  const gint8 *cur_row = w->cur.cells + (gsize) p * D;
  int n = 0;

  for (int d = 0; d < D; d++)
    if (row[d] != cur_row[d])
      {
        w->dp.cc[n].d = d;
        w->dp.cc[n].old_v = cur_row[d];
        w->dp.cc[n].new_v = row[d];
        n++;
      }
  if (n == 0)
    return;
  memcpy (w->scratch.rows[0], row, D);
  w->force = TRUE;
  kd_roster_worker_try_move (w, 1, &p, w->dp.cc, n, 0);
  w->force = FALSE;
}

/* Ruin and recreate: empty a few rows, rebuild them one by one with the
 * row DP (each sees the others' cover), and keep the result if the
 * annealing rule takes it; otherwise put the rows back. Single DP moves
 * stop at rows that are each best given the rest; this reaches trades
 * between people that no single row can start. */
static void
lns_move (KdRosterWorker *w, double temperature)
{
  const KdRosterModel *m = w->m;
  const int D = m->n_days, P = m->n_persons, S = m->n_shifts;
  int rows[LNS_MAX_ROWS], k = 2 + kd_rng_int (&w->rng, LNS_MAX_ROWS - 1);
  gint64 soft0 = w->cur.soft, hard0 = w->cur.hard, delta;
  gboolean keep;
  int rd = -1, rs = -1;

  k = MIN (k, P);
  /* Half the time the rows are related: a cover cell off its target, and
   * people on both sides of it (working it, and not working it), who are
   * the ones that can trade it away. Random rows rarely share one. */
  if (w->cur.hard == 0 && kd_rng_int (&w->rng, 2) == 0)
    for (int tries = 0; tries < 32; tries++)
      {
        int d = kd_rng_int (&w->rng, D), s = kd_rng_int (&w->rng, S);
        if (w->cur.cover[d * S + s] != m->cover_req[d * S + s])
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
              rows[i] = kd_rng_int (&w->rng, P);
              if ((w->cur.cells[(gsize) rows[i] * D + rd] == rs) != want_on)
                {
                  tries++;
                  dup = TRUE;
                  continue;
                }
            }
          else
            rows[i] = i == 0 ? pick_person (w) : kd_rng_int (&w->rng, P);
          tries++;
          dup = FALSE;
          for (int j = 0; j < i; j++)
            dup = dup || rows[j] == rows[i];
        }
      while (dup);
      memcpy (w->scratch.lns_saved + (gsize) i * D, w->cur.cells + (gsize) rows[i] * D, D);
    }
  for (int i = 0; i < k; i++)
    {
      gint8 *row = w->dp.row;
      for (int d = 0; d < D; d++)
        row[d] = kd_roster_is_locked (m, rows[i], d) ? m->locked[rows[i] * D + d] : KD_ROSTER_OFF;
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

  delta = (w->cur.soft - soft0) + (w->cur.hard - hard0) * HARD_WEIGHT;
  if (w->strict && w->cur.hard > hard0)
    keep = FALSE;
  else if (delta <= 0)
    keep = TRUE;
  else
    keep = temperature > 0 && kd_rng_double (&w->rng) < exp (-(double) delta / temperature);
  if (!keep)
    for (int i = 0; i < k; i++)
      force_row (w, rows[i], w->scratch.lns_saved + (gsize) i * D);
}

/* Two people trade the best set of days (see kd-roster-pairdp.h): the
 * cover stays, so this is the move for tight rosters where every place
 * is filled and everyone is at their hours, and only requests are left
 * to improve. The first person is usually one with unmet requests. */
static gboolean
pair_move (KdRosterWorker *w, KdPairMode mode, double temperature)
{
  const KdRosterModel *m = w->m;
  const int D = m->n_days, P = m->n_persons;
  int p = kd_rng_int (&w->rng, P), q, first, win = kd_pair_dp_max_window (w->dp.pair_dp);
  int persons[2];
  gboolean found;

  if (P < 2)
    return FALSE;
  for (int tries = 0; tries < 8 && w->cur.rowc[p].soft_on + w->cur.rowc[p].soft_off == 0; tries++)
    p = kd_rng_int (&w->rng, P);
  q = kd_rng_int (&w->rng, P - 1);
  if (q >= p)
    q++;
  first = D <= win ? 0 : kd_rng_int (&w->rng, D - win + 1);
  found = kd_pair_dp_solve (w->dp.pair_dp, mode, w->cur.cover, p, q, w->cur.cells + (gsize) p * D, w->cur.cells + (gsize) q * D,
                            first, first + win, kd_rng_next (&w->rng), w->scratch.rows[0], w->scratch.rows[1]);
  w->work.large += PAIR_WORK_WEIGHT * kd_pair_dp_work (w->dp.pair_dp) + 1;
  if (!found)
    return FALSE;
  persons[0] = p;
  persons[1] = q;
  if (mode == KD_PAIR_SWAP)
    return kd_roster_worker_try_move (w, 2, persons, NULL, 0, temperature);
  /* Free mode changes the cover: list each changed day once per person. */
  {
    KdCoverChange *cc = w->dp.cc;
    int n = 0;
    for (int d = 0; d < D; d++)
      {
        gint8 op = w->cur.cells[(gsize) p * D + d], oq = w->cur.cells[(gsize) q * D + d];
        gint8 np = w->scratch.rows[0][d], nq = w->scratch.rows[1][d];
        if (op != np)
          cc[n++] = (KdCoverChange) { d, op, np };
        if (oq != nq)
          cc[n++] = (KdCoverChange) { d, oq, nq };
      }
    return kd_roster_worker_try_move (w, 2, persons, cc, n, temperature);
  }
}

/* Feasibility first: rows that break a rule are rebuilt by the row DP
 * (which meets the sequence rules exactly), then, while cover minimums
 * still fail, every row in turn. */
void
kd_roster_repair_rows (KdRosterWorker *w)
{
  const int P = w->m->n_persons;

  for (int sweep = 0; sweep < 3 && w->cur.hard > 0; sweep++)
    {
      gint64 row_hard = 0;

      /* Cover minimums broken too: every row may help, not only those
       * breaking their own rules. */
      for (int p = 0; p < P; p++)
        row_hard += w->cur.rowc[p].hard_mag;
      for (int p = 0; p < P; p++)
        {
          /* Large horizons take a while: stay cancellable. */
          if ((w->budget.cancellable != NULL && g_cancellable_is_cancelled (w->budget.cancellable))
              || g_get_monotonic_time () >= w->budget.deadline)
            return;
          if (w->cur.rowc[p].hard_mag > 0 || (sweep > 0 && w->cur.hard > row_hard))
            row_dp_move (w, p, 0);
        }
    }
}

void
kd_roster_large_moves (KdRosterWorker *w, double temperature)
{
  const KdRosterModel *m = w->m;

  /* The large moves get about as much work as the random ones, four
   * times as much while rules are broken (counted in cells, transitions
   * and states, not time, so runs repeat exactly). Until feasible they
   * are all row-DP repairs; after, the kinds share the work as
   * kind_share says. */
  w->work.moves += (guint64) CHECK_EVERY * 2 * m->n_days * (w->cur.hard > 0 ? 4 : 1);
  while (w->work.large < w->work.moves)
    {
      guint64 before = w->work.large;
      /* Until feasible, only repairs; after, each kind of large move
       * gets its share of the work. */
      int kind = -1;

      if (w->cur.hard == 0)
        {
          kind = 0;
          for (int k = 1; k < N_KINDS; k++)
            if (!w->work.kind_off[k] && w->work.kind[k] * kind_share[kind] < w->work.kind[kind] * kind_share[k])
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
      if (w->work.large == before)
        w->work.large += (guint64) m->n_days * (m->n_shifts + 1);
      if (kind >= 0)
        w->work.kind[kind] += (double) (w->work.large - before);
    }
}
