/* kd-roster-rowdp.c: one person's cheapest row under the sequence rules, by dynamic programming. */
#include "kd-roster-rowdp.h"
#include "kd-roster-eval.h"

#include <math.h>
#include <string.h>

#define INF 1e300

struct _KdRowDp {
  const KdRosterModel *m;
  int      max_states;
  double  *cur;
  double  *nxt;
  gint32  *back;       /* [d * max_states + state]: the state of day d - 1 */
  double  *cd;         /* [n_shifts + 1] this day's costs */
  guint64  work;
};

static int
max_run (const KdRosterModel *m, const KdRosterPerson *pe)
{
  /* No run is longer than the horizon plus the history before it. */
  return CLAMP (pe->max_consecutive, 0, m->n_days + m->n_history);
}

static int
off_cap (const KdRosterModel *m, const KdRosterPerson *pe)
{
  return CLAMP (pe->min_days_off, 1, MAX (1, m->n_days));
}

static int
n_states (const KdRosterModel *m, const KdRosterPerson *pe)
{
  return 2 * m->n_shifts * max_run (m, pe) + 2 * off_cap (m, pe);
}

KdRowDp *
kd_row_dp_new (const KdRosterModel *m)
{
  KdRowDp *dp = g_new0 (KdRowDp, 1);

  dp->m = m;
  dp->max_states = 1;
  for (int p = 0; p < m->n_persons; p++)
    dp->max_states = MAX (dp->max_states, n_states (m, &m->persons[p]));
  dp->cur = g_new (double, dp->max_states);
  dp->nxt = g_new (double, dp->max_states);
  dp->back = g_new (gint32, (gsize) MAX (1, m->n_days) * dp->max_states);
  dp->cd = g_new (double, m->n_shifts + 1);
  return dp;
}

void
kd_row_dp_free (KdRowDp *dp)
{
  if (dp == NULL)
    return;
  g_free (dp->cur);
  g_free (dp->nxt);
  g_free (dp->back);
  g_free (dp->cd);
  g_free (dp);
}

guint64
kd_row_dp_work (const KdRowDp *dp)
{
  return dp->work;
}

/* This day's cost of each value, INF where a hard rule of the cell
 * itself forbids it; prices for totals included, weekends excepted. */
static void
day_costs (KdRowDp             *dp,
           int                  p,
           int                  d,
           const double        *cell_cost,
           const KdRowDpPrices *prices)
{
  const KdRosterModel *m = dp->m;
  const KdRosterPerson *pe = &m->persons[p];
  const int S = m->n_shifts;
  int lock = m->locked[p * m->n_days + d];
  gboolean away = m->unavailable[p * m->n_days + d] != KD_UNAVAILABLE_NO;

  for (int v = -1; v < S; v++)
    {
      double c = cell_cost[d * (S + 1) + v + 1];

      if ((lock != KD_ROSTER_UNLOCKED && lock != v) || c >= INF)
        c = INF;
      else if (v >= 0)
        {
          if (away || pe->max_shifts[v] <= 0)
            c = INF;
          else
            c += prices->per_shift[v] + prices->per_minute * m->shifts[v].length + prices->per_day;
        }
      dp->cd[v + 1] = c;
    }
}

static inline void
relax (double *nxt, gint32 *back, int j, double c, int from)
{
  if (c < nxt[j])
    {
      nxt[j] = c;
      back[j] = from;
    }
}

gboolean
kd_row_dp_solve (KdRowDp             *dp,
                 int                  p,
                 const double        *cell_cost,
                 const KdRowDpPrices *prices,
                 gint8               *out,
                 double              *cost)
{
  const KdRosterModel *m = dp->m;
  const KdRosterPerson *pe = &m->persons[p];
  const int S = m->n_shifts, D = m->n_days;
  const int maxc = max_run (m, pe), mo = off_cap (m, pe);
  const int ns = n_states (m, pe), n_work = 2 * S * maxc;
  const int minc = pe->min_consecutive, mind = pe->min_days_off;
  int hist_len = 0, h0 = KD_ROSTER_OFF, best = -1;
  double best_cost = INF;
  double *cur = dp->cur, *nxt = dp->nxt;

  /* State index: working, with the stretch touching day 0 or not (then
   * the minimum lengths do not apply), on shift s for r days in a row;
   * or off for o days (capped at the minimum, beyond which all is same). */
#define WS(fs, s, r) ((((fs) * S + (s)) * maxc) + (r) - 1)
#define OS(fs, o) (n_work + (fs) * mo + (o) - 1)

  dp->work = 0;
  if (D == 0)
    return FALSE;
  for (int k = 0; k < m->n_history && m->history[p * m->n_history + k] >= 0; k++)
    hist_len++;
  if (m->n_history > 0)
    h0 = m->history[p * m->n_history];

  for (int i = 0; i < ns; i++)
    cur[i] = INF;
  day_costs (dp, p, 0, cell_cost, prices);
  if (dp->cd[0] < INF)
    cur[OS (1, 1)] = dp->cd[0];
  if (hist_len + 1 <= maxc)
    for (int v = 0; v < S; v++)
      if (dp->cd[v + 1] < INF && !(h0 >= 0 && m->forbidden[h0 * S + v]))
        cur[WS (1, v, hist_len + 1)] = dp->cd[v + 1]
          + ((m->first_weekday % 7) >= 5 ? prices->per_weekend : 0);

  for (int d = 1; d < D; d++)
    {
      int dow = (m->first_weekday + d) % 7;
      /* A weekend is worked once: Sunday after a worked Saturday is free. */
      double wk_fresh = dow >= 5 ? prices->per_weekend : 0;
      double wk_cont = dow == 5 ? prices->per_weekend : 0;
      gint32 *back = dp->back + (gsize) d * dp->max_states;

      day_costs (dp, p, d, cell_cost, prices);
      for (int i = 0; i < ns; i++)
        nxt[i] = INF;

      /* Work to work: for each run length the cheapest last shift serves
       * every next shift it may precede; only the shifts it forbids need
       * a scan. This keeps a day at O(S · runs) rather than O(S² · runs). */
      for (int fs = 0; fs < 2; fs++)
        for (int r = 1; r + 1 <= maxc; r++)
          {
            int arg = -1;
            double b = INF;

            for (int s = 0; s < S; s++)
              if (cur[WS (fs, s, r)] < b)
                {
                  b = cur[WS (fs, s, r)];
                  arg = s;
                }
            if (arg < 0)
              continue;
            dp->work += 2 * S;
            for (int v = 0; v < S; v++)
              {
                int from = arg;
                double c = b;

                if (dp->cd[v + 1] >= INF)
                  continue;
                if (m->forbidden[arg * S + v])
                  {
                    from = -1;
                    c = INF;
                    dp->work += S;
                    for (int s = 0; s < S; s++)
                      if (!m->forbidden[s * S + v] && cur[WS (fs, s, r)] < c)
                        {
                          c = cur[WS (fs, s, r)];
                          from = s;
                        }
                    if (from < 0)
                      continue;
                  }
                relax (nxt, back, WS (fs, v, r + 1), c + dp->cd[v + 1] + wk_cont, WS (fs, from, r));
              }
          }
      /* Work to off, where the stretch was long enough. */
      if (dp->cd[0] < INF)
        for (int fs = 0; fs < 2; fs++)
          for (int r = fs ? 1 : MAX (1, minc); r <= maxc; r++)
            for (int s = 0; s < S; s++)
              {
                int i = WS (fs, s, r);
                if (cur[i] < INF)
                  relax (nxt, back, OS (0, 1), cur[i] + dp->cd[0], i);
              }
      for (int fs = 0; fs < 2; fs++)
        for (int o = 1; o <= mo; o++)
          {
            int i = OS (fs, o);
            double c = cur[i];

            if (c >= INF)
              continue;
            dp->work += S + 1;
            if (maxc >= 1 && (fs || o >= mind))
              for (int v = 0; v < S; v++)
                if (dp->cd[v + 1] < INF)
                  relax (nxt, back, WS (0, v, 1), c + dp->cd[v + 1] + wk_fresh, i);
            if (dp->cd[0] < INF)
              relax (nxt, back, OS (fs, MIN (o + 1, mo)), c + dp->cd[0], i);
          }

      {
        double *t = cur;
        cur = nxt;
        nxt = t;
      }
    }

  /* The month's end: long last stretches cost (see w_month_end). */
  if (m->w_month_end > 0)
    for (int fs = 0; fs < 2; fs++)
      for (int s = 0; s < S; s++)
        for (int r = 1; r <= maxc; r++)
          if (cur[WS (fs, s, r)] < INF)
            cur[WS (fs, s, r)] += (double) m->w_month_end * kd_roster_month_end_units (m, p, s, r);
  for (int i = 0; i < ns; i++)
    if (cur[i] < best_cost)
      {
        best_cost = cur[i];
        best = i;
      }
  if (best < 0)
    return FALSE;

  for (int d = D - 1, i = best; d >= 0; d--)
    {
      out[d] = (gint8) (i < n_work ? (i / maxc) % S : KD_ROSTER_OFF);
      if (d > 0)
        i = dp->back[(gsize) d * dp->max_states + i];
    }
  if (cost != NULL)
    *cost = best_cost;
  return TRUE;
#undef WS
#undef OS
}

/* Totals of one row, for the multipliers. */
typedef struct {
  int minutes, days, weekends;
  int counts[128];
} RowTotals;

static void
row_totals (const KdRosterModel *m, const gint8 *row, RowTotals *t)
{
  memset (t, 0, sizeof *t);
  for (int d = 0; d < m->n_days; d++)
    {
      int v = row[d], dow = (m->first_weekday + d) % 7;

      if (v < 0)
        continue;
      t->minutes += m->shifts[v].length;
      t->days++;
      t->counts[v]++;
      if (dow == 5 || (dow == 6 && (d == 0 || row[d - 1] < 0)))
        t->weekends++;
    }
}

/* Moves a multiplier toward the side a total broke (@dir = +1: too much,
 * raise the price). Once the total has been seen on both sides, bisect
 * between the two prices; until then, steps double. */
static void
nudge (double *lam, double *step, double *lo, double *hi, int dir, gboolean non_negative)
{
  /* Other prices move too, so a bracket can turn out wrong: then the
   * far end is dropped and the search widens again. */
  if (dir > 0)
    {
      *lo = *lam;
      if (*hi <= *lo)
        *hi = G_MAXDOUBLE;
      *lam = *hi < G_MAXDOUBLE ? 0.5 * (*lo + *hi) : *lam + *step;
    }
  else
    {
      *hi = *lam;
      if (*lo >= *hi)
        *lo = -G_MAXDOUBLE;
      *lam = *lo > -G_MAXDOUBLE ? 0.5 * (*lo + *hi) : *lam - *step;
    }
  *step *= 2;
  if (non_negative && *lam < 0)
    *lam = 0;
}

gboolean
kd_row_dp_search (KdRowDp         *dp,
                  int              p,
                  const double    *cell_cost,
                  double          *lam,
                  KdRowDpSearch   *search,
                  gint8           *out,
                  KdRosterRowCost *out_rc,
                  double          *out_cost)
{
  const KdRosterModel *m = dp->m;
  const KdRosterPerson *pe = &m->persons[p];
  const int S = m->n_shifts, D = m->n_days, V = S + 1;
  double step[128 + 3], lo[128 + 3], hi[128 + 3];
  gint8 *row = search->row;
  gboolean have = FALSE;
  gint64 best_hard = G_MAXINT64;
  double best_cost = 0;
  double base_day = pe->target_days > 0 ? -(double) m->w_target_days : 0;

  search->work = 0;
  if (S > 128)
    return FALSE;
  /* Steps start from the price itself when it has one (warm start from
   * the last call), else from about one unit per shift. */
  for (int k = 0; k < S + 3; k++)
    {
      double unit = k == S ? 1.0 / 480 : k == S + 1 ? 1.0 : 8.0;
      step[k] = MAX (unit, 0.25 * fabs (lam[k]));
      lo[k] = -G_MAXDOUBLE;
      hi[k] = G_MAXDOUBLE;
    }

  for (int round = 0; round < search->rounds; round++)
    {
      KdRowDpPrices prices = { lam[S], base_day + lam[S + 1], lam[S + 2], lam };
      KdRosterRowCost rc;
      RowTotals t;
      double cost = 0;
      gboolean broke = FALSE;

      if (round == 1)
        for (int i = 0; i < D * V; i++)
          search->noisy_cost[i] = cell_cost[i] + 0.5 * search->random (search->random_data);
      if (!kd_row_dp_solve (dp, p, round == 0 ? cell_cost : search->noisy_cost, &prices, row, NULL))
        break;
      search->work += dp->work;
      kd_roster_eval_row (m, p, row, &rc, NULL);
      for (int d = 0; d < D; d++)
        cost += cell_cost[d * V + row[d] + 1];
      cost += rc.soft_days + rc.soft_end;
      if (rc.hard_mag < best_hard || (rc.hard_mag == best_hard && cost < best_cost))
        {
          best_hard = rc.hard_mag;
          best_cost = cost;
          memcpy (out, row, D);
          *out_rc = rc;
          have = TRUE;
        }
      if (rc.hard_mag == 0)
        break;

      row_totals (m, row, &t);
      for (int s = 0; s < S; s++)
        if (t.counts[s] > pe->max_shifts[s])
          {
            nudge (&lam[s], &step[s], &lo[s], &hi[s], 1, TRUE);
            broke = TRUE;
          }
      if (t.weekends > pe->max_weekends)
        {
          nudge (&lam[S + 2], &step[S + 2], &lo[S + 2], &hi[S + 2], 1, TRUE);
          broke = TRUE;
        }
      if (t.minutes > pe->max_minutes || t.minutes < pe->min_minutes)
        {
          nudge (&lam[S], &step[S], &lo[S], &hi[S], t.minutes > pe->max_minutes ? 1 : -1, FALSE);
          broke = TRUE;
        }
      if (t.days > pe->max_days || t.days < pe->min_days)
        {
          nudge (&lam[S + 1], &step[S + 1], &lo[S + 1], &hi[S + 1], t.days > pe->max_days ? 1 : -1, FALSE);
          broke = TRUE;
        }
      if (!broke)
        break;   /* broken by something no price reaches */
    }

  /* Let prices that held relax a little, so rows are not kept below what
   * their totals allow. */
  for (int k = 0; k < S + 3; k++)
    lam[k] *= 0.9;
  if (have)
    *out_cost = best_cost;
  return have;
}
