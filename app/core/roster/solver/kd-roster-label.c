/* kd-roster-label.c: one person's cheapest row with its totals, by a merged labelling DP over the days. */
#include "kd-roster-label.h"
#include "kd-roster-eval.h"
#include "kd-roster-select.h"

#include <string.h>

#define INF 1e300
#define MAX_TRACKED 4
#define RUN_CAP 63
#define UNITS_CAP 4095

/* A state, packed: last value + 1 (0 off) 6 bits, length of the current
 * stretch 6, whether it touches day 0 1, minutes in units 12, days 7,
 * weekends 4, and up to four capped shift types' counts, 6 bits each. */
typedef struct {
  guint64 key;
  double  cost;
  gint32  parent;
} Label;

typedef struct {
  int last, run, fs, units, days, wk;
  int count[MAX_TRACKED];
} State;

struct _KdRowLabel {
  const KdRosterModel *m;
  int      beam;
  int      unit;          /* gcd of the shift lengths, in minutes */
  gboolean usable;
  Label   *days;          /* [n_days * beam] */
  int     *n;             /* [n_days] */
  Label   *next;          /* [beam * (n_shifts + 1)] */
  gint32  *table;         /* open addressing over next */
  guint32 *stamp;
  guint32  gen;
  guint32  mask;
};

static inline guint64
pack (const State *s)
{
  guint64 k = (guint64) s->last | (guint64) s->run << 6 | (guint64) s->fs << 12
              | (guint64) s->units << 13 | (guint64) s->days << 25 | (guint64) s->wk << 32;

  for (int i = 0; i < MAX_TRACKED; i++)
    k |= (guint64) s->count[i] << (36 + 6 * i);
  return k;
}

static inline void
unpack (guint64 k, State *s)
{
  s->last = k & 63;
  s->run = (k >> 6) & 63;
  s->fs = (k >> 12) & 1;
  s->units = (k >> 13) & 4095;
  s->days = (k >> 25) & 127;
  s->wk = (k >> 32) & 15;
  for (int i = 0; i < MAX_TRACKED; i++)
    s->count[i] = (k >> (36 + 6 * i)) & 63;
}

KdRowLabel *
kd_row_label_new (const KdRosterModel *m,
                  int                  beam)
{
  KdRowLabel *l = g_new0 (KdRowLabel, 1);
  int size = 1, max_len = 0, span;

  l->m = m;
  l->beam = MAX (16, beam);
  l->unit = kd_roster_model_minute_unit (m);
  for (int s = 0; s < m->n_shifts; s++)
    max_len = MAX (max_len, m->shifts[s].length);
  l->usable = m->n_days > 0 && m->n_days <= 100 && m->n_shifts < 63
              && (gint64) m->n_days * (max_len / l->unit) <= UNITS_CAP;
  if (!l->usable)
    return l;
  span = l->beam * (m->n_shifts + 1);
  l->days = g_new (Label, (gsize) m->n_days * l->beam);
  l->n = g_new0 (int, m->n_days);
  l->next = g_new (Label, span);
  while (size < 2 * span)
    size *= 2;
  l->table = g_new (gint32, size);
  l->stamp = g_new0 (guint32, size);
  l->mask = (guint32) size - 1;
  return l;
}

void
kd_row_label_free (KdRowLabel *l)
{
  if (l == NULL)
    return;
  g_free (l->days);
  g_free (l->n);
  g_free (l->next);
  g_free (l->table);
  g_free (l->stamp);
  g_free (l);
}

gboolean
kd_row_label_usable (const KdRowLabel *l)
{
  return l->usable;
}

/* Adds or improves a state among the day's successors. */
static inline void
offer (KdRowLabel *l, int *n_next, guint64 key, double cost, gint32 parent)
{
  guint32 h = (guint32) ((key * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15)) >> 32) & l->mask;

  while (l->stamp[h] == l->gen)
    {
      Label *x = &l->next[l->table[h]];
      if (x->key == key)
        {
          if (cost < x->cost)
            {
              x->cost = cost;
              x->parent = parent;
            }
          return;
        }
      h = (h + 1) & l->mask;
    }
  l->stamp[h] = l->gen;
  l->table[h] = *n_next;
  l->next[*n_next] = (Label) { key, cost, parent };
  (*n_next)++;
}

gboolean
kd_row_label_solve (KdRowLabel   *l,
                    int           p,
                    const double *cell_cost,
                    gint8        *out,
                    double       *cost,
                    gboolean     *exact)
{
  const KdRosterModel *m = l->m;
  const KdRosterPerson *pe = &m->persons[p];
  const int S = m->n_shifts, D = m->n_days, V = S + 1;
  int track[128], n_tracked = 0, max_units_day = 0;
  int maxc = pe->max_consecutive, minc = pe->min_consecutive;
  int mind = pe->min_days_off, mo = CLAMP (pe->min_days_off, 1, RUN_CAP);
  int hist_len = 0, h0 = KD_ROSTER_OFF, best = -1;
  int max_units = pe->max_minutes >= G_MAXINT / 2 ? G_MAXINT : pe->max_minutes / l->unit;
  int min_units = (pe->min_minutes + l->unit - 1) / l->unit;
  double best_cost = INF;
  gboolean unlimited_run = maxc >= RUN_CAP;
  State init;

  *exact = FALSE;
  if (!l->usable || S > 128)
    return FALSE;
  /* Capped types are those the person could otherwise work more often. */
  for (int s = 0; s < S; s++)
    {
      track[s] = -1;
      if (pe->max_shifts[s] > 0 && pe->max_shifts[s] < D)
        {
          if (n_tracked == MAX_TRACKED || pe->max_shifts[s] > 62)
            return FALSE;
          track[s] = n_tracked++;
        }
      if (pe->max_shifts[s] > 0)
        max_units_day = MAX (max_units_day, m->shifts[s].length / l->unit);
    }
  *exact = TRUE;

  for (int k = 0; k < m->n_history && m->history[p * m->n_history + k] >= 0; k++)
    hist_len++;
  if (m->n_history > 0)
    h0 = m->history[p * m->n_history];

  /* The day before day 0, from the history; the stretch it is in touches
   * the horizon's start. */
  memset (&init, 0, sizeof init);
  init.last = h0 >= 0 ? h0 + 1 : 0;
  init.run = h0 >= 0 ? MIN (hist_len, RUN_CAP) : 1;
  init.fs = 1;

  for (int d = 0; d < D; d++)
    {
      int dow = (m->first_weekday + d) % 7;
      int n_prev = d == 0 ? 1 : l->n[d - 1];
      int n_next = 0, lock = m->locked[p * D + d];
      gboolean away = m->unavailable[p * D + d] != KD_UNAVAILABLE_NO;
      /* Days left after this one, for the fewest-minutes bound. */
      int left = D - 1 - d;

      l->gen++;
      if (l->gen == 0)
        {
          memset (l->stamp, 0, sizeof (guint32) * (l->mask + 1));
          l->gen = 1;
        }
      for (int i = 0; i < n_prev; i++)
        {
          State st, ns;
          double c0;

          if (d == 0)
            {
              st = init;
              c0 = 0;
            }
          else
            {
              unpack (l->days[(gsize) (d - 1) * l->beam + i].key, &st);
              c0 = l->days[(gsize) (d - 1) * l->beam + i].cost;
            }

          for (int v = -1; v < S; v++)
            {
              double c = cell_cost[d * V + v + 1];

              if (c >= INF || (lock != KD_ROSTER_UNLOCKED && lock != v))
                continue;
              ns = st;
              if (v < 0)
                {
                  if (st.last > 0)
                    {
                      if (!st.fs && st.run < minc)
                        continue;
                      ns.run = 1;
                      ns.fs = d == 0;
                    }
                  else
                    ns.run = MIN (st.run + 1, mo);
                  ns.last = 0;
                }
              else
                {
                  if (away || pe->max_shifts[v] <= 0)
                    continue;
                  if (st.last > 0)
                    {
                      if (m->forbidden[(st.last - 1) * S + v])
                        continue;
                      if (unlimited_run)
                        ns.run = MIN (st.run + 1, RUN_CAP);
                      else if (st.run + 1 > maxc)
                        continue;
                      else
                        ns.run = st.run + 1;
                    }
                  else
                    {
                      if (!st.fs && st.run < mind)
                        continue;
                      if (maxc < 1)
                        continue;
                      ns.run = 1;
                      ns.fs = d == 0;
                    }
                  ns.last = v + 1;
                  if (track[v] >= 0 && ++ns.count[track[v]] > pe->max_shifts[v])
                    continue;
                  ns.units += m->shifts[v].length / l->unit;
                  if (ns.units > max_units)
                    continue;
                  if (++ns.days > MIN (pe->max_days, 127))
                    continue;
                  if (dow == 5 || (dow == 6 && (d == 0 || st.last == 0)))
                    {
                      if (++ns.wk > pe->max_weekends)
                        continue;
                    }
                }
              /* Not enough days left to reach the fewest minutes or days. */
              if (ns.units + left * max_units_day < min_units || ns.days + left < pe->min_days)
                continue;
              offer (l, &n_next, pack (&ns), c0 + c, i);
            }
        }
      if (n_next > l->beam)
        {
          kd_roster_select_smallest (l->next, n_next, sizeof (Label), G_STRUCT_OFFSET (Label, cost), l->beam);
          n_next = l->beam;
          *exact = FALSE;
        }
      memcpy (l->days + (gsize) d * l->beam, l->next, sizeof (Label) * n_next);
      l->n[d] = n_next;
      if (n_next == 0)
        return FALSE;
    }

  /* The end: totals at least their minimum, then the row's own soft
   * terms that depend on the whole row. */
  for (int i = 0; i < l->n[D - 1]; i++)
    {
      Label *x = &l->days[(gsize) (D - 1) * l->beam + i];
      State st;
      double c = x->cost;

      unpack (x->key, &st);
      if (st.units < min_units || st.days < pe->min_days)
        continue;
      if (st.days < pe->target_days)
        c += (double) (pe->target_days - st.days) * m->w_target_days;
      if (st.last > 0 && m->w_month_end > 0)
        c += (double) m->w_month_end * kd_roster_month_end_units (m, p, st.last - 1, st.run);
      if (c < best_cost)
        {
          best_cost = c;
          best = i;
        }
    }
  if (best < 0)
    return FALSE;
  for (int d = D - 1, i = best; d >= 0; d--)
    {
      State st;
      unpack (l->days[(gsize) d * l->beam + i].key, &st);
      out[d] = (gint8) (st.last - 1);
      i = l->days[(gsize) d * l->beam + i].parent;
    }
  *cost = best_cost;
  return TRUE;
}
