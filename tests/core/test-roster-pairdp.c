/* test-roster-pairdp.c: the two-person DP against brute force on small random pairs of rows. */
#include "kd-roster-eval.h"
#include "kd-roster-pairdp.h"

#define SHIFTS 2

/* Two people, random rules, requests and cover; lengths 480 and 600 so
 * that minutes are not a multiple of days. */
static KdRosterModel *
random_model (GRand *rand, int days)
{
  KdRosterModel *m = kd_roster_model_new (days, 2, SHIFTS, 2);

  m->shifts[0].length = 480;
  m->shifts[1].length = 600;
  for (int i = 0; i < SHIFTS * SHIFTS; i++)
    m->forbidden[i] = g_rand_int_range (rand, 0, 4) == 0;
  m->first_weekday = g_rand_int_range (rand, 0, 7);
  for (int p = 0; p < 2; p++)
    {
      KdRosterPerson *pe = &m->persons[p];

      pe->max_consecutive = g_rand_int_range (rand, 0, 5) == 0 ? KD_ROSTER_UNLIMITED : g_rand_int_range (rand, 2, 5);
      pe->min_consecutive = g_rand_int_range (rand, 0, 3);
      pe->min_days_off = g_rand_int_range (rand, 0, 3);
      if (g_rand_boolean (rand))
        pe->max_weekends = g_rand_int_range (rand, 0, 2);
      if (g_rand_boolean (rand))
        pe->max_shifts[g_rand_int_range (rand, 0, SHIFTS)] = g_rand_int_range (rand, 0, 3);
      if (g_rand_boolean (rand))
        {
          pe->min_minutes = 480 * g_rand_int_range (rand, 0, days / 2);
          pe->max_minutes = pe->min_minutes + 600 * g_rand_int_range (rand, 1, days / 2 + 1);
        }
      if (g_rand_int_range (rand, 0, 4) == 0)
        {
          pe->min_days = g_rand_int_range (rand, 0, days / 2);
          pe->max_days = pe->min_days + g_rand_int_range (rand, 1, days);
        }
      for (int k = 0; k < 2; k++)
        m->history[p * 2 + k] = (gint8) g_rand_int_range (rand, -1, SHIFTS);
      for (int d = 0; d < days; d++)
        {
          if (g_rand_int_range (rand, 0, 8) == 0)
            m->unavailable[p * days + d] = KD_UNAVAILABLE_DAY_OFF;
          if (g_rand_int_range (rand, 0, 3) == 0)
            kd_roster_model_add_shift_on (m, p, d, g_rand_int_range (rand, 0, SHIFTS), g_rand_int_range (rand, 1, 4));
          if (g_rand_int_range (rand, 0, 3) == 0)
            kd_roster_model_add_shift_off (m, p, d, g_rand_int_range (rand, 0, SHIFTS), g_rand_int_range (rand, 1, 4));
        }
      if (g_rand_int_range (rand, 0, 3) == 0)
        {
          int d = g_rand_int_range (rand, 0, days);
          m->locked[p * days + d] = (gint8) g_rand_int_range (rand, -1, SHIFTS);
        }
    }
  for (int i = 0; i < days * SHIFTS; i++)
    {
      m->cover_req[i] = g_rand_int_range (rand, 0, 3);
      m->w_under[i] = g_rand_int_range (rand, 1, 20);
      m->w_over[i] = g_rand_int_range (rand, 0, 4);
    }
  return m;
}

static gboolean
locks_hold (const KdRosterModel *m, const KdRoster *r)
{
  for (int i = 0; i < m->n_persons * m->n_days; i++)
    if (m->locked[i] != KD_ROSTER_UNLOCKED && m->locked[i] != r->cells[i])
      return FALSE;
  return TRUE;
}

/* The roster's soft total, or -1 when it breaks a hard rule or a lock. */
static gint64
score (const KdRosterModel *m, const KdRoster *r)
{
  g_autoptr(KdRosterScore) sc = kd_roster_evaluate (m, r);

  if (sc->hard_count > 0 || !locks_hold (m, r))
    return -1;
  return sc->soft_total;
}

/* A random pair of rows that meets every rule, or FALSE. */
static gboolean
random_feasible (GRand *rand, const KdRosterModel *m, KdRoster *r)
{
  for (int tries = 0; tries < 4000; tries++)
    {
      for (int i = 0; i < m->n_persons * m->n_days; i++)
        r->cells[i] = (gint8) (g_rand_int_range (rand, 0, 3) == 0 ? -1 : g_rand_int_range (rand, -1, SHIFTS));
      kd_roster_apply_locks (r, m);
      if (score (m, r) >= 0)
        return TRUE;
    }
  return FALSE;
}

static void
check_against (const KdRosterModel *m, KdRoster *r, KdPairMode mode, gint64 best, gint64 old,
               guint seed)
{
  const int D = m->n_days, S = m->n_shifts;
  g_autoptr(KdRoster) out = kd_roster_copy (r);
  g_autofree int *cover = g_new0 (int, D * S);
  KdPairDp *dp = kd_pair_dp_new (m, 4096);
  gboolean found;

  for (int i = 0; i < 2 * D; i++)
    if (r->cells[i] >= 0)
      cover[(i % D) * S + r->cells[i]]++;
  found = kd_pair_dp_solve (dp, mode, cover, 0, 1, r->cells, r->cells + D, 0, D, seed,
                            out->cells, out->cells + D);
  kd_pair_dp_free (dp);

  if (best < old)
    {
      gint64 got;

      /* A better exchange exists: the DP must find one as good. */
      if (!found) g_printerr ("seed %u mode %d best %ld old %ld\n", seed, mode, (long) best, (long) old);
      g_assert_true (found);
      got = score (m, out);
      if (got != best)
        g_test_message ("seed %u mode %d: DP %" G_GINT64_FORMAT ", brute force %" G_GINT64_FORMAT,
                        seed, mode, got, best);
      g_assert_cmpint (got, ==, best);
    }
  else if (found)
    {
      /* Otherwise it may only move to another roster as cheap. */
      g_assert_cmpint (score (m, out), ==, old);
    }
  if (found && mode == KD_PAIR_SWAP)
    for (int d = 0; d < D; d++)
      {
        /* Swaps only: each day holds the same two values. */
        gboolean same = out->cells[d] == r->cells[d] && out->cells[D + d] == r->cells[D + d];
        gboolean swapped = out->cells[d] == r->cells[D + d] && out->cells[D + d] == r->cells[d];
        g_assert_true (same || swapped);
      }
}

/* Every set of swapped days of 8-day rows: the DP's pair must meet every
 * rule and cost exactly the least any such pair costs. */
static void
test_swap_brute_force (void)
{
  int tested = 0, improved = 0;

  for (guint seed = 1; seed <= 400; seed++)
    {
      GRand *rand = g_rand_new_with_seed (seed);
      const int D = 8;
      g_autoptr(KdRosterModel) m = random_model (rand, D);
      g_autoptr(KdRoster) r = kd_roster_new (m);
      g_autoptr(KdRoster) t = NULL;
      gint64 old, best;

      if (!random_feasible (rand, m, r))
        {
          g_rand_free (rand);
          continue;
        }
      old = best = score (m, r);
      t = kd_roster_copy (r);
      for (int mask = 1; mask < (1 << D); mask++)
        {
          gint64 c;

          for (int d = 0; d < D; d++)
            {
              gboolean sw = (mask >> d) & 1;
              t->cells[d] = sw ? r->cells[D + d] : r->cells[d];
              t->cells[D + d] = sw ? r->cells[d] : r->cells[D + d];
            }
          c = score (m, t);
          if (c >= 0 && c < best)
            best = c;
        }
      check_against (m, r, KD_PAIR_SWAP, best, old, seed);
      tested++;
      improved += best < old;
      g_rand_free (rand);
    }
  /* The random cases must exercise both outcomes. */
  g_assert_cmpint (tested, >, 100);
  g_assert_cmpint (improved, >, 20);
  g_assert_cmpint (improved, <, tested);
}

/* Every pair of 5-day rows over {off, S0, S1}: the free mode must find
 * the cheapest, cover included. */
static void
test_free_brute_force (void)
{
  int tested = 0, improved = 0;

  for (guint seed = 1; seed <= 40; seed++)
    {
      GRand *rand = g_rand_new_with_seed (1000 + seed);
      const int D = 5;
      g_autoptr(KdRosterModel) m = random_model (rand, D);
      g_autoptr(KdRoster) r = kd_roster_new (m);
      g_autoptr(KdRoster) t = NULL;
      gint64 old, best;
      int n = 1;

      if (!random_feasible (rand, m, r))
        {
          g_rand_free (rand);
          continue;
        }
      old = best = score (m, r);
      t = kd_roster_new (m);
      for (int i = 0; i < 2 * D; i++)
        n *= SHIFTS + 1;
      for (int code = 0; code < n; code++)
        {
          gint64 c;

          for (int i = 0, x = code; i < 2 * D; i++, x /= SHIFTS + 1)
            t->cells[i] = (gint8) (x % (SHIFTS + 1) - 1);
          c = score (m, t);
          if (c >= 0 && c < best)
            best = c;
        }
      check_against (m, r, KD_PAIR_FREE, best, old, seed);
      tested++;
      improved += best < old;
      g_rand_free (rand);
    }
  g_assert_cmpint (tested, >, 15);
  g_assert_cmpint (improved, >, 4);
}

/* A window changes only the weeks it covers: days before its first
 * Monday and from its last Monday on stay. */
static void
test_window (void)
{
  for (guint seed = 1; seed <= 200; seed++)
    {
      GRand *rand = g_rand_new_with_seed (5000 + seed);
      const int D = 21;
      g_autoptr(KdRosterModel) m = random_model (rand, D);
      g_autoptr(KdRoster) r = kd_roster_new (m);
      g_autoptr(KdRoster) out = NULL;
      KdPairDp *dp;
      int first = g_rand_int_range (rand, 0, D), last = g_rand_int_range (rand, first + 1, D + 1);
      int a = first, b = last;

      m->persons[0].min_minutes = m->persons[1].min_minutes = 0;
      m->persons[0].min_days = m->persons[1].min_days = 0;
      if (!random_feasible (rand, m, r))
        {
          g_rand_free (rand);
          continue;
        }
      out = kd_roster_copy (r);
      dp = kd_pair_dp_new (m, 256);
      if (a > 0)
        a = MAX (0, a - (a + m->first_weekday) % 7);
      if (b < D)
        b -= (b + m->first_weekday) % 7;
      if (kd_pair_dp_solve (dp, KD_PAIR_SWAP, NULL, 0, 1, r->cells, r->cells + D, first, last, seed,
                            out->cells, out->cells + D))
        {
          g_assert_cmpint (score (m, out), >=, 0);
          for (int d = 0; d < D; d++)
            if (d < a || d >= b)
              {
                g_assert_cmpint (out->cells[d], ==, r->cells[d]);
                g_assert_cmpint (out->cells[D + d], ==, r->cells[D + d]);
              }
        }
      kd_pair_dp_free (dp);
      g_rand_free (rand);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/roster/pairdp/swap-brute-force", test_swap_brute_force);
  g_test_add_func ("/roster/pairdp/free-brute-force", test_free_brute_force);
  g_test_add_func ("/roster/pairdp/window", test_window);
  return g_test_run ();
}
