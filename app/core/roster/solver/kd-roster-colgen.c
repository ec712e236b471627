/* kd-roster-colgen.c: column generation over the row and labelling DPs, and dives to whole rosters (GLPK for the LPs). */
#include "kd-roster-colgen.h"
#include "kd-roster-eval.h"
#include "kd-roster-label.h"
#include "kd-roster-rowdp.h"

#include <glpk.h>
#include <math.h>
#include <string.h>

/* What a place below the hard minimum, or a row breaking its own rules
 * (only rows from a start roster do), costs in the programs. */
#define HARD_COST 100000.0
#define DP_ROUNDS 16
#define LABEL_BEAM 2048
#define QUICK_BEAM 256
/* The descent's reach: a row's evaluation is O(days), so all pairs of
 * days on long horizons would cost more than the DP itself. */
#define DESCENT_PASSES 6
#define SWAP_REACH 7

struct _KdColgen {
  const KdRosterModel *m;
  glp_prob   *lp;
  GHashTable *seen;        /* GBytes (person, row) → column index */
  GArray     *col_person;  /* [column] person, -1 for slack columns */
  GByteArray *col_rows;    /* rows of the λ columns, D bytes each, by column - first_lambda */
  int         first_lambda;
  int        *under_col;   /* [D * S] */
  int        *under_hard_col;   /* [D * S] 0 when there is no hard minimum */
  int        *over_col;    /* [D * S] */
  KdRowDp    *dp;
  KdRowLabel *label;       /* exact pricing where the rows fit it */
  KdRowLabel *quick_label; /* the same with a narrow beam */
  double     *cell_cost;
  double     *noisy_cost;
  gint8      *search_row;  /* [D] scratch for the row DP's search */
  double     *lam;         /* [P * (S + 3)] per person's multipliers */
  double     *pi;          /* [D * S] */
  int        *fixed;       /* [P] the column a dive fixed the person to, or 0 */
  guint64     rng;
  int         n_priced;
  int         n_dives;
  gboolean    timed_out;   /* the last dive was finished from its last LP */
  int         n_proven;    /* persons this round proven to have no row to add */
  double      bound;       /* a lower bound on any roster's score, or -1 */
  double      lp_value;
};

static double
cg_random (gpointer data)
{
  KdColgen *cg = data;

  cg->rng ^= cg->rng << 13;
  cg->rng ^= cg->rng >> 7;
  cg->rng ^= cg->rng << 17;
  return (cg->rng >> 11) * (1.0 / 9007199254740992.0);
}

static int
add_slack (glp_prob *lp, int row, double coef, int type, double ub, double cost)
{
  int j = glp_add_cols (lp, 1);
  int ind[2] = { 0, row };
  double val[2] = { 0, coef };

  glp_set_col_bnds (lp, j, type, 0, ub);
  glp_set_obj_coef (lp, j, cost);
  glp_set_mat_col (lp, j, 1, ind, val);
  return j;
}

KdColgen *
kd_colgen_new (const KdRosterModel *m,
               guint64              seed)
{
  KdColgen *cg = g_new0 (KdColgen, 1);
  const int D = m->n_days, S = m->n_shifts, P = m->n_persons;

  glp_term_out (GLP_OFF);
  cg->m = m;
  cg->lp = glp_create_prob ();
  cg->seen = g_hash_table_new_full (g_bytes_hash, g_bytes_equal, (GDestroyNotify) g_bytes_unref, NULL);
  cg->col_person = g_array_new (FALSE, FALSE, sizeof (int));
  cg->col_rows = g_byte_array_new ();
  cg->under_col = g_new0 (int, (gsize) D * S + 1);
  cg->under_hard_col = g_new0 (int, (gsize) D * S + 1);
  cg->over_col = g_new0 (int, (gsize) D * S + 1);
  cg->dp = kd_row_dp_new (m);
  cg->label = kd_row_label_new (m, LABEL_BEAM);
  cg->quick_label = kd_row_label_new (m, QUICK_BEAM);
  cg->cell_cost = g_new (double, (gsize) D * (S + 1) + 1);
  cg->noisy_cost = g_new (double, (gsize) D * (S + 1) + 1);
  cg->search_row = g_new (gint8, (gsize) D + 1);
  cg->lam = g_new0 (double, (gsize) P * (S + 3) + 1);
  cg->pi = g_new0 (double, (gsize) D * S + 1);
  cg->fixed = g_new0 (int, (gsize) P + 1);
  cg->bound = -1;
  cg->rng = seed * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15) + 1;
  if (cg->rng == 0)
    cg->rng = 1;   /* xorshift never leaves zero */

  glp_set_obj_dir (cg->lp, GLP_MIN);
  /* Rows: one row per person (exactly one of their rows), then each day
   * and shift: rows working it + under − over = the requirement. */
  if (P > 0)
    glp_add_rows (cg->lp, P);
  for (int p = 0; p < P; p++)
    glp_set_row_bnds (cg->lp, p + 1, GLP_FX, 1, 1);
  if (D * S > 0)
    glp_add_rows (cg->lp, D * S);
  for (int i = 0; i < D * S; i++)
    {
      int row = P + 1 + i, req = m->cover_req[i], min = m->cover_min[i];

      glp_set_row_bnds (cg->lp, row, GLP_FX, req, req);
      if (min > 0)
        {
          /* Places below the minimum cost as hard ones. */
          int soft_room = MAX (0, req - min);
          cg->under_col[i] = add_slack (cg->lp, row, 1, soft_room > 0 ? GLP_DB : GLP_FX, soft_room, m->w_under[i]);
          cg->under_hard_col[i] = add_slack (cg->lp, row, 1, GLP_LO, 0, m->w_under[i] + HARD_COST);
        }
      else
        cg->under_col[i] = add_slack (cg->lp, row, 1, GLP_LO, 0, m->w_under[i]);
      cg->over_col[i] = add_slack (cg->lp, row, -1, GLP_LO, 0, m->w_over[i]);
    }
  cg->first_lambda = glp_get_num_cols (cg->lp) + 1;
  for (int j = 1; j < cg->first_lambda; j++)
    {
      int none = -1;
      g_array_append_val (cg->col_person, none);
    }
  {
    int none = -1;   /* column 0 does not exist in GLPK */
    g_array_prepend_val (cg->col_person, none);
  }
  return cg;
}

void
kd_colgen_free (KdColgen *cg)
{
  if (cg == NULL)
    return;
  glp_delete_prob (cg->lp);
  g_hash_table_unref (cg->seen);
  g_array_unref (cg->col_person);
  g_byte_array_unref (cg->col_rows);
  g_free (cg->under_col);
  g_free (cg->under_hard_col);
  g_free (cg->over_col);
  kd_row_dp_free (cg->dp);
  kd_row_label_free (cg->label);
  kd_row_label_free (cg->quick_label);
  g_free (cg->cell_cost);
  g_free (cg->noisy_cost);
  g_free (cg->search_row);
  g_free (cg->lam);
  g_free (cg->pi);
  g_free (cg->fixed);
  g_free (cg);
  /* GLPK keeps an environment per thread; this thread is done with it. */
  glp_free_env ();
}

static GBytes *
row_key (int p, const gint8 *row, int D)
{
  guint8 *k = g_malloc (sizeof (int) + (gsize) D);

  memcpy (k, &p, sizeof (int));
  memcpy (k + sizeof (int), row, D);
  return g_bytes_new_take (k, sizeof (int) + (gsize) D);
}

/* The column of person @p's @row, added if new. */
static int
column_for (KdColgen *cg, int p, const gint8 *row)
{
  const KdRosterModel *m = cg->m;
  const int D = m->n_days, S = m->n_shifts, P = m->n_persons;
  g_autoptr(GBytes) key = row_key (p, row, D);
  gpointer found;
  KdRosterRowCost rc;
  g_autofree int *ind = g_new (int, (gsize) D + 2);
  g_autofree double *val = g_new (double, (gsize) D + 2);
  int n = 0, j;

  if (g_hash_table_lookup_extended (cg->seen, key, NULL, &found))
    return GPOINTER_TO_INT (found);

  kd_roster_eval_row (m, p, row, &rc, NULL);
  j = glp_add_cols (cg->lp, 1);
  glp_set_col_bnds (cg->lp, j, GLP_LO, 0, 0);
  glp_set_obj_coef (cg->lp, j, rc.soft_on + rc.soft_off + rc.soft_days + rc.soft_end
                    + HARD_COST * rc.hard_mag);
  ind[++n] = p + 1;
  val[n] = 1;
  for (int d = 0; d < D; d++)
    if (row[d] >= 0)
      {
        ind[++n] = P + 1 + d * S + row[d];
        val[n] = 1;
      }
  glp_set_mat_col (cg->lp, j, n, ind, val);
  g_array_append_val (cg->col_person, p);
  g_byte_array_append (cg->col_rows, (const guint8 *) row, D);
  g_hash_table_insert (cg->seen, g_steal_pointer (&key), GINT_TO_POINTER (j));
  return j;
}

void
kd_colgen_add_roster (KdColgen    *cg,
                      const gint8 *cells)
{
  for (int p = 0; p < cg->m->n_persons; p++)
    column_for (cg, p, cells + (gsize) p * cg->m->n_days);
}

int
kd_colgen_n_columns (KdColgen *cg)
{
  return glp_get_num_cols (cg->lp) - cg->first_lambda + 1;
}

int
kd_colgen_n_priced (KdColgen *cg)
{
  return cg->n_priced;
}

double
kd_colgen_lp_value (KdColgen *cg)
{
  return cg->lp_value;
}

gboolean
kd_colgen_dive_timed_out (KdColgen *cg)
{
  return cg->timed_out;
}

double
kd_colgen_lower_bound (KdColgen *cg)
{
  return cg->bound;
}

static gboolean
should_stop (gint64 deadline, volatile gint *stop, GCancellable *cancellable)
{
  return (stop != NULL && g_atomic_int_get (stop))
    || g_cancellable_is_cancelled (cancellable)
    || g_get_monotonic_time () >= deadline;
}

static int
ms_left (gint64 deadline)
{
  gint64 left = (deadline - g_get_monotonic_time ()) / 1000;

  return (int) CLAMP (left, 1, G_MAXINT);
}

static gboolean
solve_lp (KdColgen *cg, gint64 deadline)
{
  glp_smcp parm;

  glp_init_smcp (&parm);
  parm.msg_lev = GLP_MSG_OFF;
  parm.tm_lim = ms_left (deadline);
  if (glp_simplex (cg->lp, &parm) != 0 || glp_get_status (cg->lp) != GLP_OPT)
    return FALSE;
  cg->lp_value = glp_get_obj_val (cg->lp);
  return TRUE;
}

/* The row's cost under this round's cell costs, plus its own soft terms;
 * G_MAXDOUBLE when it breaks one of its own rules. */
static double
row_price (KdColgen *cg, int p, const gint8 *row)
{
  const KdRosterModel *m = cg->m;
  const int D = m->n_days, V = m->n_shifts + 1;
  KdRosterRowCost rc;
  double c = 0;

  kd_roster_eval_row (m, p, row, &rc, NULL);
  if (rc.hard_mag > 0)
    return G_MAXDOUBLE;
  for (int d = 0; d < D; d++)
    c += cg->cell_cost[d * V + row[d] + 1];
  return c + rc.soft_days + rc.soft_end;
}

/* The DP meets the totals only through multipliers, so near a binding
 * total its row can miss cheaper ones. Descent from @row: the best change
 * of one day, or exchange of two days' values (which keeps the totals;
 * within a week on long horizons), while one lowers the price. */
static double
descend (KdColgen *cg, int p, gint8 *row, double price)
{
  const KdRosterModel *m = cg->m;
  const int D = m->n_days, S = m->n_shifts;

  /* Short horizons get every pair of days. */
  const int passes = D <= 28 ? 2 * D : DESCENT_PASSES, reach = D <= 28 ? D : SWAP_REACH;

  for (int pass = 0; pass < passes; pass++)
    {
      double best = price - 1e-9;
      int bd = -1, be = -1, bv = 0;

      for (int d = 0; d < D; d++)
        {
          gint8 old = row[d];

          if (m->locked[p * D + d] != KD_ROSTER_UNLOCKED)
            continue;
          for (int v = -1; v < S; v++)
            {
              double c;

              if (v == old)
                continue;
              row[d] = (gint8) v;
              c = row_price (cg, p, row);
              if (c < best)
                {
                  best = c;
                  bd = d;
                  be = -1;
                  bv = v;
                }
            }
          row[d] = old;
          for (int e = d + 1; e < MIN (D, d + 1 + reach); e++)
            {
              double c;

              if (row[e] == old || m->locked[p * D + e] != KD_ROSTER_UNLOCKED)
                continue;
              row[d] = row[e];
              row[e] = old;
              c = row_price (cg, p, row);
              row[e] = row[d];
              row[d] = old;
              if (c < best)
                {
                  best = c;
                  bd = d;
                  be = e;
                }
            }
        }
      if (bd < 0)
        break;
      if (be < 0)
        row[bd] = (gint8) bv;
      else
        {
          gint8 t = row[bd];
          row[bd] = row[be];
          row[be] = t;
        }
      price = best;
    }
  return price;
}

/* Rows for @p worth adding under the LP's prices: the DP's, and the
 * descent from it and from the person's row the LP uses most. */
static int
price_person (KdColgen *cg, int p, gint8 *row)
{
  const KdRosterModel *m = cg->m;
  const int D = m->n_days, S = m->n_shifts, V = S + 1;
  KdRowDpSearch search = { cg->search_row, cg->noisy_cost, cg_random, cg, DP_ROUNDS, 0 };
  KdRosterRowCost rc;
  double cost, sigma = glp_get_row_dual (cg->lp, p + 1);
  gsize before = g_hash_table_size (cg->seen);
  int n = glp_get_num_cols (cg->lp), used = -1;
  double used_x = 0;

  for (int d = 0; d < D; d++)
    for (int v = -1; v < S; v++)
      {
        int ci = kd_roster_model_cell_cost_index (m, p, d, v);
        double c = m->on_cost[ci] + m->off_cost[ci];

        if (v >= 0)
          c -= cg->pi[d * S + v];
        cg->cell_cost[d * V + v + 1] = c;
      }
  /* Cheapest first: the row DP with multipliers, and descents from its
   * row and from the person's row the LP uses most. Only when these find
   * nothing, the labelling DP: a narrow beam (quick, nearly always right),
   * then the wide one, which when exact also proves that no row of this
   * person prices out. */
  if (kd_row_dp_search (cg->dp, p, cg->cell_cost, cg->lam + (gsize) p * (S + 3), &search, row, &rc, &cost)
      && rc.hard_mag == 0)
    {
      if (cost - sigma < -1e-6)
        column_for (cg, p, row);
      cost = descend (cg, p, row, cost);
      if (cost - sigma < -1e-6)
        column_for (cg, p, row);
    }
  for (int j = cg->first_lambda; j <= n; j++)
    if (g_array_index (cg->col_person, int, j) == p && glp_get_col_prim (cg->lp, j) > used_x)
      {
        used_x = glp_get_col_prim (cg->lp, j);
        used = j;
      }
  if (used >= 0)
    {
      memcpy (row, cg->col_rows->data + (gsize) (used - cg->first_lambda) * D, D);
      cost = row_price (cg, p, row);
      if (cost < G_MAXDOUBLE)
        {
          cost = descend (cg, p, row, cost);
          if (cost - sigma < -1e-6)
            column_for (cg, p, row);
        }
    }
  if (g_hash_table_size (cg->seen) == before && kd_row_label_usable (cg->label))
    {
      gboolean exact = FALSE;

      if (kd_row_label_solve (cg->quick_label, p, cg->cell_cost, row, &cost, &exact) && cost - sigma < -1e-6)
        column_for (cg, p, row);
      else if (kd_row_label_solve (cg->label, p, cg->cell_cost, row, &cost, &exact) && cost - sigma < -1e-6)
        column_for (cg, p, row);
      else if (exact)
        cg->n_proven++;
    }
  return (int) (g_hash_table_size (cg->seen) - before);
}

/* Rounds of pricing until none adds a row or @deadline; the LPs in
 * between may run to @lp_deadline (a round's deadline can pass while
 * its last person is priced, and the LP after it must still be solved). */
static gboolean
generate (KdColgen      *cg,
          int            max_rounds,
          gint64         deadline,
          gint64         lp_deadline,
          volatile gint *stop,
          GCancellable  *cancellable)
{
  const KdRosterModel *m = cg->m;
  g_autofree gint8 *row = g_new (gint8, MAX (1, m->n_days));

  if (kd_colgen_n_columns (cg) == 0)
    return FALSE;
  for (int round = 0; round < max_rounds && !should_stop (deadline, stop, cancellable); round++)
    {
      int added = 0;
      gboolean any_fixed = FALSE;

      if (!solve_lp (cg, lp_deadline))
        return FALSE;
      for (int i = 0; i < m->n_shifts * m->n_days; i++)
        cg->pi[i] = glp_get_row_dual (cg->lp, m->n_persons + 1 + i);

      cg->n_proven = 0;
      for (int p = 0; p < m->n_persons && !should_stop (deadline, stop, cancellable); p++)
        if (cg->fixed[p] == 0)
          added += price_person (cg, p, row);
        else
          any_fixed = TRUE;
      cg->n_priced += added;
      /* With nobody fixed and no row of anyone pricing out, the LP is
       * the linear relaxation of the whole model: its value bounds every
       * roster's score from below (the fairness terms it leaves out are
       * never negative). */
      if (!any_fixed && cg->n_proven == m->n_persons)
        cg->bound = MAX (cg->bound, cg->lp_value);
      if (added == 0)
        break;
    }
  return TRUE;
}

gboolean
kd_colgen_run (KdColgen      *cg,
               gint64         deadline,
               volatile gint *stop,
               GCancellable  *cancellable)
{
  return generate (cg, G_MAXINT, deadline, deadline, stop, cancellable);
}

typedef struct {
  int    j;
  double key;
} Candidate;

static int
candidate_cmp (gconstpointer a, gconstpointer b)
{
  double ka = ((const Candidate *) a)->key, kb = ((const Candidate *) b)->key;

  return ka > kb ? -1 : ka < kb ? 1 : ((const Candidate *) a)->j - ((const Candidate *) b)->j;
}

/* Fixes person @p to column @j (or frees everyone, @j = 0). */
static void
fix_person (KdColgen *cg, int p, int j)
{
  int n = glp_get_num_cols (cg->lp);

  for (int k = cg->first_lambda; k <= n; k++)
    if (g_array_index (cg->col_person, int, k) == p)
      {
        if (j == 0)
          glp_set_col_bnds (cg->lp, k, GLP_LO, 0, 0);
        else if (k != j)
          glp_set_col_bnds (cg->lp, k, GLP_FX, 0, 0);
      }
  cg->fixed[p] = j;
}

gboolean
kd_colgen_dive (KdColgen       *cg,
                const gint8    *base,
                const gboolean *keep,
                gint64          deadline,
                volatile gint  *stop,
                GCancellable   *cancellable,
                gint8          *out)
{
  const KdRosterModel *m = cg->m;
  const int D = m->n_days, P = m->n_persons;
  int n_fixed = 0;
  gboolean done = FALSE;
  /* The LP's tail converges slowly on big rosters: the root gets at
   * most 40 % of the time, and the fixings the rest. */
  gint64 now = g_get_monotonic_time ();
  gint64 root_deadline = now + (gint64) (0.4 * MAX (0, deadline - now));
  g_autofree int *lead = g_new0 (int, P + 1);          /* each person's largest share */
  g_autofree double *lead_x = g_new0 (double, P + 1);
  gboolean have_lp = FALSE;

  cg->timed_out = FALSE;
  if (base != NULL)
    for (int p = 0; p < P; p++)
      {
        int j = column_for (cg, p, base + (gsize) p * D);

        if (keep == NULL || keep[p])
          {
            fix_person (cg, p, j);
            n_fixed++;
          }
      }

  for (gboolean first = TRUE; !should_stop (deadline, stop, cancellable); first = FALSE)
    {
      int n, n_free, take;
      g_autoptr(GArray) cand = g_array_new (FALSE, FALSE, sizeof (Candidate));

      /* Generation to the end at the root and after each fixing, within
       * the time left shared among the fixings left: small rosters
       * converge well within it, big ones move on. */
      gint64 step_deadline = root_deadline;

      if (!first)
        {
          gint64 left = MAX (0, deadline - g_get_monotonic_time ());
          int steps = 0;

          /* Each step fixes an eighth of those left, at least one. */
          for (int f = P - n_fixed; f > 0; f -= MAX (1, f / 8))
            steps++;
          step_deadline = g_get_monotonic_time () + (gint64) (0.7 * left / MAX (1, steps));
        }
      if (!generate (cg, G_MAXINT, step_deadline, deadline, stop, cancellable)
          || !solve_lp (cg, deadline))
        break;
      have_lp = TRUE;
      n = glp_get_num_cols (cg->lp);
      memset (lead_x, 0, sizeof (double) * P);
      for (int j = cg->first_lambda; j <= n; j++)
        {
          int p = g_array_index (cg->col_person, int, j);
          double x = glp_get_col_prim (cg->lp, j);

          if (cg->fixed[p] != 0)
            continue;
          if (x > lead_x[p])
            {
              lead_x[p] = x;
              lead[p] = j;
            }
          /* Rows the LP takes whole are fixed all at once. */
          if (x > 1 - 1e-6)
            {
              fix_person (cg, p, j);
              n_fixed++;
            }
          else if (x > 1e-6)
            {
              /* The first dive takes the largest shares; later ones draw
               * at random, weighted by the share squared (the largest
               * keys u^(1/w) win), so dives from one LP differ. */
              Candidate c = { j, cg->n_dives == 0 ? x : pow (cg_random (cg), 1.0 / (x * x)) };
              g_array_append_val (cand, c);
            }
        }
      if (n_fixed == P)
        {
          done = TRUE;
          break;
        }
      /* One person a step on small rosters, an eighth of those left on
       * big ones. */
      n_free = P - n_fixed;
      take = MAX (1, n_free / 8);
      g_array_sort (cand, candidate_cmp);
      for (guint k = 0; k < cand->len && take > 0; k++)
        {
          Candidate *c = &g_array_index (cand, Candidate, k);
          int p = g_array_index (cg->col_person, int, c->j);

          if (cg->fixed[p] != 0)
            continue;
          fix_person (cg, p, c->j);
          n_fixed++;
          take--;
        }
    }
  /* Out of time (not stopped): the people left take the rows the last
   * LP gave them most of; the caller's evaluation judges the result. */
  if (!done && have_lp && !(stop != NULL && g_atomic_int_get (stop))
      && !g_cancellable_is_cancelled (cancellable))
    {
      done = TRUE;
      cg->timed_out = TRUE;
      for (int p = 0; p < P; p++)
        if (cg->fixed[p] == 0)
          {
            if (lead[p] == 0)
              done = FALSE;
            else
              fix_person (cg, p, lead[p]);
          }
    }
  cg->n_dives++;
  if (done)
    for (int p = 0; p < P; p++)
      memcpy (out + (gsize) p * D, cg->col_rows->data + (gsize) (cg->fixed[p] - cg->first_lambda) * D, D);
  for (int p = 0; p < P; p++)
    if (cg->fixed[p] != 0)
      fix_person (cg, p, 0);
  return done;
}
