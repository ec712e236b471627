/* kd-roster-worker.c: a solver run's state — allocation, loading a roster with its incremental evaluation, and the one move every other move goes through. */
#include "kd-roster-worker.h"

#include <math.h>
#include <string.h>

void
kd_roster_worker_init (KdRosterWorker              *w,
                       const KdRosterModel         *m,
                       const KdRosterSolverOptions *opt,
                       int                          index)
{
  const int D = m->n_days, P = m->n_persons, S = m->n_shifts;

  memset (w, 0, sizeof *w);
  w->m = m;
  w->opt = opt;
  /* Distinct, well-mixed seeds per thread; never zero for xorshift. */
  w->rng.s = (opt->seed + 1) * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15) + (guint64) index * G_GUINT64_CONSTANT (0xD1B54A32D192ED03);
  if (w->rng.s == 0)
    w->rng.s = 1;
  w->cur.cells = g_new (gint8, (gsize) P * D);
  w->best.cells = g_new (gint8, (gsize) P * D);
  w->cur.cover = g_new0 (int, D * S);
  w->cur.rowc = g_new0 (KdRosterRowCost, P);
  w->cur.night_eligible = g_new0 (guint8, P);
  w->scratch.rows[0] = g_new (gint8, D);
  w->scratch.rows[1] = g_new (gint8, D);
  w->dp.row_dp = kd_row_dp_new (m);
  w->dp.cell_cost = g_new (double, (gsize) D * (S + 1));
  w->dp.noisy_cost = g_new (double, (gsize) D * (S + 1));
  w->dp.lam = g_new0 (double, (gsize) P * (S + 3));
  w->dp.row = g_new (gint8, D);
  w->dp.best = g_new (gint8, D);
  w->dp.cc = g_new (KdCoverChange, 2 * (gsize) D);
  w->scratch.lns_saved = g_new (gint8, (gsize) LNS_MAX_ROWS * D);
  w->dp.pair_dp = kd_pair_dp_new (m, PAIR_BEAM);
  w->work.kind_off[3] = !kd_pair_dp_free_mode_ok (m);
  w->scratch.cell_mark = g_new0 (guint32, (gsize) D * S + 1);
  w->scratch.touched = g_new (int, 4 * (gsize) D + 4);
}

/* The worker also prices and dives (see colgen_phase in kd-roster-solver.c). */
void
kd_roster_worker_enable_colgen (KdRosterWorker *w)
{
  w->colgen.on = TRUE;
  w->colgen.keep = g_new0 (gboolean, w->m->n_persons);
  w->colgen.dive = g_new (gint8, (gsize) w->m->n_persons * w->m->n_days);
}

void
kd_roster_worker_clear (KdRosterWorker *w)
{
  g_free (w->cur.cells);
  g_free (w->best.cells);
  g_free (w->cur.cover);
  g_free (w->cur.rowc);
  g_free (w->cur.night_eligible);
  g_free (w->scratch.rows[0]);
  g_free (w->scratch.rows[1]);
  kd_row_dp_free (w->dp.row_dp);
  g_free (w->dp.cell_cost);
  g_free (w->dp.noisy_cost);
  g_free (w->dp.lam);
  g_free (w->dp.row);
  g_free (w->dp.best);
  g_free (w->dp.cc);
  g_free (w->scratch.lns_saved);
  kd_pair_dp_free (w->dp.pair_dp);
  g_free (w->scratch.cell_mark);
  g_free (w->scratch.touched);
  g_free (w->colgen.keep);
  g_free (w->colgen.dive);
  g_clear_pointer (&w->colgen.cg, kd_colgen_free);
  memset (w, 0, sizeof *w);
}

static gint64
fair_total (const KdRosterWorker *w)
{
  return w->m->fair_nights_weight * kd_roster_fair_cost (w->cur.night_sq, w->cur.night_tot, w->cur.night_elig)
       + w->m->fair_weekends_weight * kd_roster_fair_cost (w->cur.wk_sq, w->cur.wk_tot, w->cur.wk_elig);
}

void
kd_roster_worker_load (KdRosterWorker *w, const gint8 *cells)
{
  const KdRosterModel *m = w->m;
  const int S = m->n_shifts, D = m->n_days, P = m->n_persons;

  if (cells != w->cur.cells)
    memcpy (w->cur.cells, cells, (gsize) P * D);
  memset (w->cur.cover, 0, sizeof (int) * D * S);
  w->cur.soft = w->cur.hard = 0;
  w->cur.night_sq = w->cur.night_tot = w->cur.wk_sq = w->cur.wk_tot = 0;
  w->cur.night_elig = w->cur.wk_elig = 0;

  for (int p = 0; p < P; p++)
    {
      KdRosterRowCost *c = &w->cur.rowc[p];

      kd_roster_eval_row (m, p, w->cur.cells + p * D, c, NULL);
      w->cur.soft += c->soft_on + c->soft_off + c->soft_days + c->soft_end;
      w->cur.hard += c->hard_mag;
      w->cur.night_eligible[p] = 0;
      for (int s = 0; s < S; s++)
        if (m->shifts[s].is_night && m->persons[p].max_shifts[s] > 0)
          w->cur.night_eligible[p] = 1;
      if (w->cur.night_eligible[p])
        {
          w->cur.night_elig++;
          w->cur.night_sq += (gint64) c->nights * c->nights;
          w->cur.night_tot += c->nights;
        }
      if (m->persons[p].max_weekends > 0)
        {
          w->cur.wk_elig++;
          w->cur.wk_sq += (gint64) c->weekend_shifts * c->weekend_shifts;
          w->cur.wk_tot += c->weekend_shifts;
        }
      for (int d = 0; d < D; d++)
        if (w->cur.cells[p * D + d] >= 0)
          w->cur.cover[d * S + w->cur.cells[p * D + d]]++;
    }
  for (int d = 0; d < D; d++)
    for (int s = 0; s < S; s++)
      {
        int hm = 0;
        w->cur.soft += kd_roster_cover_cost (m, d, s, w->cur.cover[d * S + s], &hm, NULL, NULL);
        w->cur.hard += hm;
      }
  w->cur.soft += fair_total (w);
}

void
kd_roster_worker_save_best (KdRosterWorker *w)
{
  memcpy (w->best.cells, w->cur.cells, (gsize) w->m->n_persons * w->m->n_days);
  w->best.pending = FALSE;
}

/* A move rewrites cells of at most two people; @np people, rows in
 * scratch already changed. Cover counts change by the (d, old → new) list. */

gboolean
kd_roster_worker_try_move (KdRosterWorker      *w,
                           int                  np,
                           const int           *persons,
                           const KdCoverChange *cc,
                           int                  ncc,
                           double               temperature)
{
  const KdRosterModel *m = w->m;
  const int S = m->n_shifts, D = m->n_days;
  KdRosterRowCost nc[2];
  gint64 d_soft = 0, d_hard = 0, fair_before = 0, fair_after = 0;
  gint64 nsq = w->cur.night_sq, ntot = w->cur.night_tot, wsq = w->cur.wk_sq, wtot = w->cur.wk_tot;
  gint64 delta;
  gboolean accept;

  for (int i = 0; i < np; i++)
    {
      const KdRosterRowCost *oc = &w->cur.rowc[persons[i]];
      int p = persons[i];

      kd_roster_eval_row (m, p, w->scratch.rows[i], &nc[i], NULL);
      d_soft += (nc[i].soft_on + nc[i].soft_off + nc[i].soft_days + nc[i].soft_end)
                - (oc->soft_on + oc->soft_off + oc->soft_days + oc->soft_end);
      d_hard += nc[i].hard_mag - oc->hard_mag;
      if (w->cur.night_eligible[p] && nc[i].nights != oc->nights)
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
      fair_after = m->fair_nights_weight * kd_roster_fair_cost (nsq, ntot, w->cur.night_elig)
                 + m->fair_weekends_weight * kd_roster_fair_cost (wsq, wtot, w->cur.wk_elig);
      d_soft += fair_after - fair_before;
    }

  /* Cover: score the touched (day, shift) pairs before and after, each
   * once (two people may change the same day). */
  if (ncc > 0)
    {
      int nt = 0;

      if (++w->scratch.mark_gen == 0)
        {
          memset (w->scratch.cell_mark, 0, sizeof (guint32) * m->n_days * S);
          w->scratch.mark_gen = 1;
        }
      for (int i = 0; i < ncc; i++)
        for (int k = 0; k < 2; k++)
          {
            int v = k ? cc[i].new_v : cc[i].old_v, cell;

            if (v < 0)
              continue;
            cell = cc[i].d * S + v;
            if (w->scratch.cell_mark[cell] == w->scratch.mark_gen)
              continue;
            w->scratch.cell_mark[cell] = w->scratch.mark_gen;
            w->scratch.touched[nt++] = cell;
          }
      for (int i = 0; i < nt; i++)
        {
          int hm = 0, c = w->scratch.touched[i];
          d_soft -= kd_roster_cover_cost (m, c / S, c % S, w->cur.cover[c], &hm, NULL, NULL);
          d_hard -= hm;
        }
      for (int i = 0; i < ncc; i++)
        {
          if (cc[i].old_v >= 0)
            w->cur.cover[cc[i].d * S + cc[i].old_v]--;
          if (cc[i].new_v >= 0)
            w->cur.cover[cc[i].d * S + cc[i].new_v]++;
        }
      for (int i = 0; i < nt; i++)
        {
          int hm = 0, c = w->scratch.touched[i];
          d_soft += kd_roster_cover_cost (m, c / S, c % S, w->cur.cover[c], &hm, NULL, NULL);
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
    accept = kd_rng_double (&w->rng) < exp (-(double) delta / temperature);

  if (!accept)
    {
      for (int i = 0; i < ncc; i++)
        {
          if (cc[i].old_v >= 0)
            w->cur.cover[cc[i].d * S + cc[i].old_v]++;
          if (cc[i].new_v >= 0)
            w->cur.cover[cc[i].d * S + cc[i].new_v]--;
        }
      return FALSE;
    }

  /* Leaving the best roster for a worse one: keep a copy first. */
  if (w->best.pending && kd_roster_key_better (w->cur.hard, w->cur.soft, w->cur.hard + d_hard, w->cur.soft + d_soft))
    {
      /* The cells are still the old ones here. */
      kd_roster_worker_save_best (w);
    }

  for (int i = 0; i < np; i++)
    {
      int p = persons[i];
      memcpy (w->cur.cells + p * D, w->scratch.rows[i], D);
      w->cur.rowc[p] = nc[i];
    }
  w->cur.night_sq = nsq;
  w->cur.night_tot = ntot;
  w->cur.wk_sq = wsq;
  w->cur.wk_tot = wtot;
  w->cur.soft += d_soft;
  w->cur.hard += d_hard;

  if (w->cur.hard == 0)
    w->strict = TRUE;
  if (kd_roster_key_better (w->cur.hard, w->cur.soft, w->best.hard, w->best.soft))
    {
      w->best.hard = w->cur.hard;
      w->best.soft = w->cur.soft;
      w->best.pending = TRUE;
    }
  return TRUE;
}
