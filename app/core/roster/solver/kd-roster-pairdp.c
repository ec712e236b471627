/* kd-roster-pairdp.c: two people's cheapest exchange of days, by a merged beam search over both rows. */
#include "kd-roster-pairdp.h"
#include "kd-roster-eval.h"
#include "kd-roster-select.h"

#include <string.h>

#define MAX_WINDOW 63
#define RUN_CAP    31      /* five bits; longer maxima are left to the evaluator */
#define WK_CAP     7       /* three bits */
#define COUNT_BIAS 32      /* six bits, signed */
#define DAYS_BIAS  64      /* seven bits, signed */
#define MIN_BIAS   1024    /* eleven bits, signed */
#define N_TRACKED  2       /* capped shift types followed exactly, per person */
#define HARD_WEIGHT 100000.0  /* a broken cover minimum, as the solver weighs it */
#define MAX_VALUES 32
#define FREE_MAX_SHIFTS 8  /* free mode tries every pair of values: kept small */

typedef struct {
  guint64 kp, kq;
  double  cost;
  double  rank;
  gint32  parent;
  gint8   np, nq;
} PState;

/* One person's place: the value of the day before (-1 off), how long the
 * current stretch is and whether it touches the horizon's start (then its
 * minimum length does not apply); days, minutes (in units) and capped
 * shifts gained against the old row; weekends worked so far. @start:
 * still before day 0, so the next stretch begins touching the start. */
typedef struct {
  int last, run, fs, start;
  int dd, dm, wk;
  int dc[N_TRACKED];
} Seq;

/* What stays fixed for one person during a solve. */
typedef struct {
  const KdRosterPerson *pe;
  int  person;
  const gint8 *row;
  int  tracked[N_TRACKED];
  int  days, units, counts[N_TRACKED], wk_suffix;
  int  max_units_day;      /* the longest shift the person may work, in units */
  int *rem_days, *rem_units;  /* [d - a]: the old row's days and units after d in the window */
} Side;

struct _KdPairDp {
  const KdRosterModel *m;
  int      beam;
  int      unit;         /* gcd of the shift lengths, in minutes */
  int      window;
  gboolean track_minutes;
  PState  *states;       /* [window][beam]: each day's states after the cut */
  PState  *next;         /* [span]: the day being expanded */
  int      span;
  int     *count;        /* [window] */
  gint32  *table;
  guint32 *stamp;
  guint32  gen;
  guint32  table_mask;
  int     *rem;          /* [4 * (window + 1)] */
  guint64  work;
  guint64  rng;
};

KdPairDp *
kd_pair_dp_new (const KdRosterModel *m,
                int                  beam)
{
  KdPairDp *dp = g_new0 (KdPairDp, 1);
  int max_units = 1, size = 1, fan = MIN (m->n_shifts, FREE_MAX_SHIFTS) + 1;

  dp->m = m;
  dp->beam = MAX (4, beam);
  dp->unit = kd_roster_model_minute_unit (m);
  for (int s = 0; s < m->n_shifts; s++)
    max_units = MAX (max_units, m->shifts[s].length / dp->unit);
  dp->window = MIN (MAX_WINDOW, MAX (1, m->n_days));
  /* Minutes are followed exactly while the window cannot overflow
   * their eleven bits; otherwise the evaluator checks them. */
  dp->track_minutes = max_units * dp->window < MIN_BIAS;
  /* Each state of a day has at most fan² successors. */
  dp->span = dp->beam * MAX (4, fan * fan);
  dp->states = g_new (PState, (gsize) dp->window * dp->beam);
  dp->next = g_new (PState, dp->span);
  dp->count = g_new0 (int, dp->window);
  while (size < 2 * dp->span)
    size *= 2;
  dp->table = g_new (gint32, size);
  dp->stamp = g_new0 (guint32, size);
  dp->table_mask = (guint32) size - 1;
  dp->rem = g_new0 (int, 4 * (dp->window + 1));
  return dp;
}

void
kd_pair_dp_free (KdPairDp *dp)
{
  if (dp == NULL)
    return;
  g_free (dp->states);
  g_free (dp->next);
  g_free (dp->count);
  g_free (dp->table);
  g_free (dp->stamp);
  g_free (dp->rem);
  g_free (dp);
}

guint64
kd_pair_dp_work (const KdPairDp *dp)
{
  return dp->work;
}

gboolean
kd_pair_dp_free_mode_ok (const KdRosterModel *m)
{
  return m->n_shifts <= FREE_MAX_SHIFTS;
}

int
kd_pair_dp_max_window (const KdPairDp *dp)
{
  return dp->window;
}

static guint64
pack (const Seq *u)
{
  guint64 k = 0;

  k |= (guint64) (u->last + 1);
  k |= (guint64) u->run << 5;
  k |= (guint64) u->fs << 10;
  k |= (guint64) (u->dd + DAYS_BIAS) << 11;
  k |= (guint64) (u->dm + MIN_BIAS) << 18;
  k |= (guint64) u->wk << 29;
  k |= (guint64) (u->dc[0] + COUNT_BIAS) << 32;
  k |= (guint64) (u->dc[1] + COUNT_BIAS) << 38;
  k |= (guint64) u->start << 44;
  return k;
}

static void
unpack (guint64 k, Seq *u)
{
  u->last = (int) (k & 31) - 1;
  u->run = (int) ((k >> 5) & 31);
  u->fs = (int) ((k >> 10) & 1);
  u->dd = (int) ((k >> 11) & 127) - DAYS_BIAS;
  u->dm = (int) ((k >> 18) & 2047) - MIN_BIAS;
  u->wk = (int) ((k >> 29) & 7);
  u->dc[0] = (int) ((k >> 32) & 63) - COUNT_BIAS;
  u->dc[1] = (int) ((k >> 38) & 63) - COUNT_BIAS;
  u->start = (int) ((k >> 44) & 1);
}

/* Value @v on the next day. With @check, FALSE when it breaks a sequence
 * rule; without, the state just follows the row. */
static gboolean
seq_step (const KdRosterModel *m, const KdRosterPerson *pe, Seq *s, int v, gboolean check)
{
  int off_cap = CLAMP (pe->min_days_off, 1, RUN_CAP);

  if (v >= 0)
    {
      if (s->last >= 0)
        {
          if (check && (m->forbidden[s->last * m->n_shifts + v]
                        || (pe->max_consecutive < RUN_CAP && s->run + 1 > pe->max_consecutive)))
            return FALSE;
          s->run = MIN (s->run + 1, RUN_CAP);
        }
      else
        {
          if (check && ((!s->fs && s->run < pe->min_days_off) || pe->max_consecutive < 1))
            return FALSE;
          s->fs = s->start;
          s->run = 1;
        }
    }
  else
    {
      if (s->last >= 0)
        {
          if (check && !s->fs && s->run < pe->min_consecutive)
            return FALSE;
          s->run = 1;
          s->fs = s->start;
        }
      else
        s->run = MIN (s->run + 1, off_cap);
    }
  s->last = v;
  s->start = 0;
  return TRUE;
}

/* The state before day @a, following the row (history included). */
static void
seq_before (const KdRosterModel *m, int p, const gint8 *row, int a, Seq *s)
{
  const KdRosterPerson *pe = &m->persons[p];
  int hist = 0;

  memset (s, 0, sizeof *s);
  for (int k = 0; k < m->n_history && m->history[p * m->n_history + k] >= 0; k++)
    hist++;
  if (hist > 0)
    {
      s->last = m->history[p * m->n_history];
      s->run = MIN (hist, RUN_CAP);
    }
  else
    {
      s->last = -1;
      s->run = 1;
    }
  s->fs = 1;
  s->start = 1;
  for (int d = 0; d < a; d++)
    seq_step (m, pe, s, row[d], FALSE);
}

/* Whether worked day @d opens a weekend (Sunday after a worked Saturday does not). */
static inline gboolean
opens_weekend (const KdRosterModel *m, int d, int prev)
{
  int dow = (d + m->first_weekday) % 7;

  return dow == 5 || (dow == 6 && (d == 0 || prev < 0));
}

static int
weekends_in (const KdRosterModel *m, const gint8 *row, int a, int b)
{
  int n = 0;

  for (int d = a; d < b; d++)
    if (row[d] >= 0 && opens_weekend (m, d, d > 0 ? row[d - 1] : -1))
      n++;
  return n;
}

static inline double
request_cost (const KdRosterModel *m, int p, int d, int v)
{
  int ci = kd_roster_model_cell_cost_index (m, p, d, v);

  return m->on_cost[ci] + m->off_cost[ci];
}

static inline double
next_noise (KdPairDp *dp)
{
  dp->rng ^= dp->rng >> 12;
  dp->rng ^= dp->rng << 25;
  dp->rng ^= dp->rng >> 27;
  /* Below half a unit: ties only, never a real difference. */
  return 0.49 * (double) ((dp->rng * G_GUINT64_CONSTANT (2685821657736338717)) >> 11)
         * (1.0 / 9007199254740992.0);
}

/* State @e is reached at cost @c from state @parent by values @np, @nq. */
static inline void
state_reach (KdPairDp *dp, PState *e, double c, int parent, gint8 np, gint8 nq)
{
  e->cost = c;
  e->rank = c + next_noise (dp);
  e->parent = parent;
  e->np = np;
  e->nq = nq;
}

static void
side_init (KdPairDp *dp, Side *sd, int person, const gint8 *row, int a, int b, int *rem, KdPairMode mode,
           const gint8 *other)
{
  const KdRosterModel *m = dp->m;
  const int S = m->n_shifts, D = m->n_days;
  int n = 0;

  sd->person = person;
  sd->pe = &m->persons[person];
  sd->row = row;
  sd->tracked[0] = sd->tracked[1] = -1;
  /* Capped types the person may meet in the window are followed exactly,
   * tightest first. */
  for (int pass = 0; pass < 2 && n < N_TRACKED; pass++)
    for (int s = 0; s < S && n < N_TRACKED; s++)
      {
        int cap = sd->pe->max_shifts[s], have = 0;
        gboolean meets = mode == KD_PAIR_FREE;

        if (cap <= 0 || cap >= D || s == sd->tracked[0])
          continue;
        for (int d = 0; d < D; d++)
          have += row[d] == s;
        for (int d = a; d < b && !meets; d++)
          meets = other[d] == s && row[d] != s;
        if (meets && (pass == 1 || have >= cap))
          sd->tracked[n++] = s;
      }
  sd->days = sd->units = 0;
  sd->counts[0] = sd->counts[1] = 0;
  for (int d = 0; d < D; d++)
    if (row[d] >= 0)
      {
        sd->days++;
        sd->units += m->shifts[row[d]].length / dp->unit;
        for (int k = 0; k < N_TRACKED; k++)
          sd->counts[k] += sd->tracked[k] == row[d];
      }
  sd->wk_suffix = weekends_in (m, row, b, D);
  sd->max_units_day = 0;
  for (int s = 0; s < S; s++)
    if (sd->pe->max_shifts[s] > 0)
      sd->max_units_day = MAX (sd->max_units_day, m->shifts[s].length / dp->unit);
  sd->rem_days = rem;
  sd->rem_units = rem + (b - a + 1);
  sd->rem_days[b - a] = sd->rem_units[b - a] = 0;
  for (int d = b - 1; d >= a; d--)
    {
      int v = row[d];
      sd->rem_days[d - a] = sd->rem_days[d - a + 1] + (v >= 0);
      sd->rem_units[d - a] = sd->rem_units[d - a + 1] + (v >= 0 ? m->shifts[v].length / dp->unit : 0);
    }
}

/* Value @v on day @d for one side: FALSE when it breaks a rule or the
 * totals can no longer end within bounds. */
static gboolean
side_step (const KdPairDp *dp, const Side *sd, Seq *u, int a, int b, int d, int v)
{
  const KdRosterModel *m = dp->m;
  const KdRosterPerson *pe = sd->pe;
  int old = sd->row[d], left = b - d - 1;

  if (v >= 0 && opens_weekend (m, d, u->last))
    {
      u->wk++;
      if (pe->max_weekends < WK_CAP && u->wk > pe->max_weekends)
        return FALSE;
      u->wk = MIN (u->wk, WK_CAP);
    }
  if (!seq_step (m, pe, u, v, TRUE))
    return FALSE;
  if (v != old)
    {
      u->dd += (v >= 0) - (old >= 0);
      if (dp->track_minutes)
        u->dm += ((v >= 0 ? m->shifts[v].length : 0) - (old >= 0 ? m->shifts[old].length : 0)) / dp->unit;
      for (int k = 0; k < N_TRACKED; k++)
        if (sd->tracked[k] >= 0)
          {
            u->dc[k] += (v == sd->tracked[k]) - (old == sd->tracked[k]);
            if (u->dc[k] <= -COUNT_BIAS || u->dc[k] >= COUNT_BIAS)
              return FALSE;
          }
    }
  /* Bounds: with no more work, or with work every day left. */
  {
    int days_now = sd->days + u->dd - sd->rem_days[d - a + 1];
    if (days_now > pe->max_days || days_now + left < pe->min_days)
      return FALSE;
    if (dp->track_minutes)
      {
        int units_now = sd->units + u->dm - sd->rem_units[d - a + 1];
        if ((gint64) units_now * dp->unit > pe->max_minutes
            || (gint64) (units_now + left * sd->max_units_day) * dp->unit < pe->min_minutes)
          return FALSE;
      }
  }
  return TRUE;
}

static gboolean
side_final_ok (const KdPairDp *dp, const Side *sd, const Seq *u)
{
  const KdRosterPerson *pe = sd->pe;

  for (int k = 0; k < N_TRACKED; k++)
    if (sd->tracked[k] >= 0 && sd->counts[k] + u->dc[k] > pe->max_shifts[sd->tracked[k]])
      return FALSE;
  if (pe->max_weekends < WK_CAP && u->wk + sd->wk_suffix > pe->max_weekends)
    return FALSE;
  /* Minutes and days are already within bounds (side_step, none left). */
  return TRUE;
}

/* The unchanged days from @b on must still follow the window's end. */
static gboolean
suffix_ok (const KdRosterModel *m, const Side *sd, Seq s, int b)
{
  for (int d = b; d < m->n_days; d++)
    if (!seq_step (m, sd->pe, &s, sd->row[d], TRUE))
      return FALSE;
  return TRUE;
}

static double
target_cost (const KdRosterModel *m, const KdRosterPerson *pe, int days)
{
  if (pe->target_days <= 0 || days >= pe->target_days)
    return 0;
  return (double) m->w_target_days * (pe->target_days - days);
}

/* Values person @sd may take on day @d. */
static int
allowed_values (const KdRosterModel *m, const Side *sd, int d, KdPairMode mode, int other_value, gint8 *vals)
{
  const int D = m->n_days;
  int lock = m->locked[sd->person * D + d], n = 0, own = sd->row[d];
  gboolean away = m->unavailable[sd->person * D + d] != KD_UNAVAILABLE_NO;

  if (lock != KD_ROSTER_UNLOCKED)
    {
      vals[0] = (gint8) lock;
      return 1;
    }
  vals[n++] = (gint8) own;
  if (mode == KD_PAIR_SWAP)
    {
      if (other_value != own && (other_value < 0 || (!away && sd->pe->max_shifts[other_value] > 0)))
        vals[n++] = (gint8) other_value;
      return n;
    }
  for (int v = -1; v < m->n_shifts && n < MAX_VALUES; v++)
    if (v != own && (v < 0 || (!away && sd->pe->max_shifts[v] > 0)))
      vals[n++] = (gint8) v;
  return n;
}

gboolean
kd_pair_dp_solve (KdPairDp    *dp,
                  KdPairMode   mode,
                  const int   *cover,
                  int          p,
                  int          q,
                  const gint8 *row_p,
                  const gint8 *row_q,
                  int          first,
                  int          last,
                  guint64      seed,
                  gint8       *out_p,
                  gint8       *out_q)
{
  const KdRosterModel *m = dp->m;
  const int S = m->n_shifts, D = m->n_days, fw = m->first_weekday;
  int a = CLAMP (first, 0, D), b = CLAMP (last, 0, D);
  Side sp, sq;
  Seq u0p, u0q;
  double old_cost = 0, best_cost = G_MAXDOUBLE, best_score = G_MAXDOUBLE;
  double pair_cost[MAX_VALUES * MAX_VALUES];
  double c1[MAX_VALUES], c2[MAX_VALUES];
  gint8 vals_p[MAX_VALUES], vals_q[MAX_VALUES];
  int best = -1;
  gboolean differ = FALSE;

  dp->work = 0;
  dp->rng = seed * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15) + 1;
  if (p == q || S >= MAX_VALUES || S > 30 || D == 0
      || (mode == KD_PAIR_FREE && (cover == NULL || S > FREE_MAX_SHIFTS)))
    return FALSE;

  /* Windows start and end on Mondays (or the horizon's ends), so no
   * weekend is cut in two. */
  if (a > 0)
    a = MAX (0, a - (a + fw) % 7);
  if (b - a > dp->window)
    b = a + dp->window;
  if (b < D)
    b -= (b + fw) % 7;
  if (b <= a)
    return FALSE;

  side_init (dp, &sp, p, row_p, a, b, dp->rem, mode, row_q);
  side_init (dp, &sq, q, row_q, a, b, dp->rem + 2 * (b - a + 1), mode, row_p);
  seq_before (m, p, row_p, a, &u0p);
  seq_before (m, q, row_q, a, &u0q);
  u0p.wk = MIN (WK_CAP, weekends_in (m, row_p, 0, a));
  u0q.wk = MIN (WK_CAP, weekends_in (m, row_q, 0, a));

  for (int d = a; d < b; d++)
    {
      const PState *prev = d > a ? dp->states + (gsize) (d - a - 1) * dp->beam : NULL;
      PState *cur = dp->next;
      int n_prev = d > a ? dp->count[d - a - 1] : 1;
      int n = 0;
      int vp = row_p[d], vq = row_q[d];
      int nvp = allowed_values (m, &sp, d, mode, vq, vals_p);
      int nvq = allowed_values (m, &sq, d, mode, vp, vals_q);

      /* This day's cost of each pair of values: requests, and in free
       * mode the cover with everybody else fixed. */
      if (mode == KD_PAIR_FREE)
        for (int s = 0; s < S; s++)
          {
            int others = cover[d * S + s] - (vp == s) - (vq == s);
            int h0 = 0, h1 = 0, h2 = 0;
            int k0 = kd_roster_cover_cost (m, d, s, others, &h0, NULL, NULL);
            int k1 = kd_roster_cover_cost (m, d, s, others + 1, &h1, NULL, NULL);
            int k2 = kd_roster_cover_cost (m, d, s, others + 2, &h2, NULL, NULL);
            c1[s] = (k1 - k0) + (h1 - h0) * HARD_WEIGHT;
            c2[s] = (k2 - k0) + (h2 - h0) * HARD_WEIGHT;
          }
      for (int i = 0; i < nvp; i++)
        for (int j = 0; j < nvq; j++)
          {
            int x = vals_p[i], y = vals_q[j];
            double c = request_cost (m, p, d, x) + request_cost (m, q, d, y);
            if (mode == KD_PAIR_FREE)
              {
                if (x >= 0 && x == y)
                  c += c2[x];
                else
                  c += (x >= 0 ? c1[x] : 0) + (y >= 0 ? c1[y] : 0);
              }
            else if (!((x == vp && y == vq) || (x == vq && y == vp)))
              c = G_MAXDOUBLE;
            pair_cost[i * MAX_VALUES + j] = c;
          }
      old_cost += pair_cost[0];   /* own values come first */

      dp->gen++;
      if (dp->gen == 0)
        {
          memset (dp->stamp, 0, sizeof (guint32) * (dp->table_mask + 1));
          dp->gen = 1;
        }

      for (int i = 0; i < n_prev; i++)
        {
          Seq up, uq;
          double base = prev != NULL ? prev[i].cost : 0;

          if (prev != NULL)
            {
              unpack (prev[i].kp, &up);
              unpack (prev[i].kq, &uq);
            }
          else
            {
              up = u0p;
              uq = u0q;
            }

          for (int x = 0; x < nvp; x++)
            {
              Seq np = up;

              dp->work++;
              if (!side_step (dp, &sp, &np, a, b, d, vals_p[x]))
                continue;
              for (int y = 0; y < nvq; y++)
                {
                  double c = pair_cost[x * MAX_VALUES + y];
                  guint64 kp, kq;
                  guint32 h;
                  Seq nq;

                  if (c >= G_MAXDOUBLE)
                    continue;
                  nq = uq;
                  dp->work++;
                  if (!side_step (dp, &sq, &nq, a, b, d, vals_q[y]))
                    continue;
                  c += base;
                  kp = pack (&np);
                  kq = pack (&nq);
                  h = (guint32) (((kp ^ (kq * G_GUINT64_CONSTANT (0xD1B54A32D192ED03)))
                                  * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15)) >> 40) & dp->table_mask;
                  for (;;)
                    {
                      PState *e;

                      if (dp->stamp[h] != dp->gen)
                        {
                          dp->stamp[h] = dp->gen;
                          dp->table[h] = n;
                          e = &cur[n++];
                          e->kp = kp;
                          e->kq = kq;
                          state_reach (dp, e, c, i, vals_p[x], vals_q[y]);
                          break;
                        }
                      e = &cur[dp->table[h]];
                      if (e->kp == kp && e->kq == kq)
                        {
                          if (c < e->cost)
                            state_reach (dp, e, c, i, vals_p[x], vals_q[y]);
                          break;
                        }
                      h = (h + 1) & dp->table_mask;
                    }
                }
            }
        }
      if (n == 0)
        return FALSE;
      if (n > dp->beam)
        {
          kd_roster_select_smallest (cur, n, sizeof (PState), G_STRUCT_OFFSET (PState, rank), dp->beam);
          n = dp->beam;
        }
      memcpy (dp->states + (gsize) (d - a) * dp->beam, cur, sizeof (PState) * n);
      dp->count[d - a] = n;
    }

  /* The cheapest end state that meets the totals and joins the rest of
   * the rows. */
  {
    const PState *fin = dp->states + (gsize) (b - a - 1) * dp->beam;
    int n_fin = dp->count[b - a - 1];

    for (int i = 0; i < n_fin; i++)
      {
        Seq up, uq;
        double c;

        unpack (fin[i].kp, &up);
        unpack (fin[i].kq, &uq);
        if (!side_final_ok (dp, &sp, &up) || !side_final_ok (dp, &sq, &uq))
          continue;
        c = fin[i].cost + target_cost (m, sp.pe, sp.days + up.dd) + target_cost (m, sq.pe, sq.days + uq.dd);
        /* The rank's tie-breaking offset decides between equal costs. */
        if (c + (fin[i].rank - fin[i].cost) >= best_score)
          continue;
        if (b < D && (!suffix_ok (m, &sp, up, b) || !suffix_ok (m, &sq, uq, b)))
          continue;
        best_score = c + (fin[i].rank - fin[i].cost);
        best_cost = c;
        best = i;
      }
  }
  if (best < 0)
    return FALSE;

  memcpy (out_p, row_p, D);
  memcpy (out_q, row_q, D);
  for (int d = b - 1, i = best; d >= a; d--)
    {
      const PState *st = dp->states + (gsize) (d - a) * dp->beam + i;
      out_p[d] = st->np;
      out_q[d] = st->nq;
      differ = differ || st->np != row_p[d] || st->nq != row_q[d];
      i = st->parent;
    }
  old_cost += target_cost (m, sp.pe, sp.days) + target_cost (m, sq.pe, sq.days);
  return differ && best_cost <= old_cost + 0.25;
}
