/* kd-roster-solver.c: the solve — one annealing run per core from the greedy start, restarts from the best, sharing it between runs, the second run's column-generation dives, the budget, cancellation and progress. */
#include "kd-roster-solver.h"
#include "kd-roster-colgen.h"
#include "kd-roster-moves.h"
#include "kd-roster-worker.h"

#include <math.h>
#include <string.h>

void
kd_roster_solver_options_init (KdRosterSolverOptions *o)
{
  memset (o, 0, sizeof *o);
  o->seed = 1;
  o->seconds = 10;
  o->target_soft = -1;
}

static gboolean
worker_should_stop (KdRosterWorker *w)
{
  gint64 now;

  if (g_atomic_int_get (w->budget.stop))
    return TRUE;
  if (w->budget.cancellable != NULL && g_cancellable_is_cancelled (w->budget.cancellable))
    return TRUE;
  if (w->opt->max_iterations > 0 && w->budget.iterations >= w->opt->max_iterations)
    return TRUE;
  now = g_get_monotonic_time ();
  if (now >= w->budget.deadline)
    return TRUE;
  if (w->opt->max_iterations > 0)
    w->budget.fraction = (double) w->budget.iterations / w->opt->max_iterations;
  else
    w->budget.fraction = (double) (now - w->budget.start_time) / (double) (w->budget.deadline - w->budget.start_time);
  /* A roster that scores the proven lower bound is optimal. */
  if (w->shared != NULL && w->best.hard == 0)
    {
      gint64 proven;

      g_mutex_lock (&w->shared->lock);
      proven = w->shared->proven;
      g_mutex_unlock (&w->shared->lock);
      if (proven >= 0 && w->best.soft <= proven)
        {
          g_atomic_int_set (w->budget.stop, 1);
          return TRUE;
        }
    }
  if (w->best.hard == 0 && w->opt->target_soft >= 0 && w->best.soft <= w->opt->target_soft)
    {
      /* Under a step budget each run stops at the target on its own: were
       * the first to arrive to stop the others, the result would depend on
       * which thread the machine ran faster. */
      if (w->opt->max_iterations == 0)
        g_atomic_int_set (w->budget.stop, 1);
      return TRUE;
    }
  return FALSE;
}

/* Mean worsening of random moves from the start: sets the temperature
 * scale to the instance's weights. */
static double
sample_temperature (KdRosterWorker *w)
{
  double sum = 0;
  int n = 0;
  gint64 soft = w->cur.soft, hard = w->cur.hard;

  for (int i = 0; i < 2000; i++)
    {
      gint64 s0 = w->cur.soft, h0 = w->cur.hard;
      /* Accept everything, measure, and the walk itself is harmless: we
       * reload the start afterwards. */
      if (kd_roster_random_move (w, 1e30))
        {
          gint64 delta = (w->cur.soft - s0);
          if (w->cur.hard == h0 && delta > 0)
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

/* At the restarts, workers meet: each publishes its best roster if it
 * beats what is there, or takes the published one if that beats its own,
 * so a worker stuck in a worse basin (one more place left empty, say)
 * carries on from the better one. Only under a time budget: under a step
 * budget the result must not depend on which thread ran faster.
 * Returns TRUE when the worker took the published roster. */
static gboolean
share_best (KdRosterWorker *w)
{
  KdRosterShared *sh = w->shared;
  gboolean took = FALSE;
  gsize n = (gsize) w->m->n_persons * w->m->n_days;

  if (sh == NULL)
    return FALSE;
  if (w->best.pending)
    kd_roster_worker_save_best (w);
  g_mutex_lock (&sh->lock);
  if (kd_roster_key_better (w->best.hard, w->best.soft, sh->hard, sh->soft))
    {
      memcpy (sh->cells, w->best.cells, n);
      sh->hard = w->best.hard;
      sh->soft = w->best.soft;
    }
  else if (kd_roster_key_better (sh->hard, sh->soft, w->best.hard, w->best.soft))
    {
      memcpy (w->best.cells, sh->cells, n);
      w->best.hard = sh->hard;
      w->best.soft = sh->soft;
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
colgen_phase (KdRosterWorker *w, double free_share, gint64 deadline)
{
  const KdRosterModel *m = w->m;
  const int P = m->n_persons, D = m->n_days;
  gsize n = (gsize) P * D;
  gboolean ok, timed_out;

  if (w->best.pending)
    kd_roster_worker_save_best (w);
  kd_colgen_add_roster (w->colgen.cg, w->best.cells);
  if (free_share >= 1)
    ok = kd_colgen_dive (w->colgen.cg, NULL, NULL, deadline, w->budget.stop, w->budget.cancellable, w->colgen.dive);
  else
    {
      int n_free = 0;

      for (int p = 0; p < P; p++)
        {
          w->colgen.keep[p] = kd_rng_double (&w->rng) >= free_share;
          n_free += !w->colgen.keep[p];
        }
      if (n_free < 2)
        return TRUE;
      ok = kd_colgen_dive (w->colgen.cg, w->best.cells, w->colgen.keep, deadline, w->budget.stop, w->budget.cancellable, w->colgen.dive);
    }
  if (kd_colgen_lower_bound (w->colgen.cg) >= 0 && w->shared != NULL)
    {
      /* Scores are whole numbers. */
      gint64 proven = (gint64) ceil (kd_colgen_lower_bound (w->colgen.cg) - 1e-6);

      g_mutex_lock (&w->shared->lock);
      w->shared->proven = MAX (w->shared->proven, proven);
      g_mutex_unlock (&w->shared->lock);
    }
  if (!ok)
    return FALSE;
  /* Worth looking at, but a sign the roster is too big for dives. */
  timed_out = kd_colgen_dive_timed_out (w->colgen.cg);
  memcpy (w->cur.cells, w->best.cells, n);
  kd_roster_worker_load (w, w->colgen.dive);
  g_debug ("colgen %.2f at %.2f s: %" G_GINT64_FORMAT "/%" G_GINT64_FORMAT " vs best %" G_GINT64_FORMAT "/%" G_GINT64_FORMAT,
           free_share, (g_get_monotonic_time () - w->budget.start_time) / 1e6, w->cur.hard, w->cur.soft, w->best.hard, w->best.soft);
  if (kd_roster_key_better (w->cur.hard, w->cur.soft, w->best.hard, w->best.soft))
    {
      w->best.hard = w->cur.hard;
      w->best.soft = w->cur.soft;
      kd_roster_worker_save_best (w);
    }
  else
    kd_roster_worker_load (w, w->best.cells);
  return !timed_out;
}

typedef struct {
  KdRosterWorker               *w;
  KdRosterProgressFunc  progress;
  gpointer              user_data;
  gboolean              reports;
} RunArgs;

static gpointer
worker_run (gpointer data)
{
  RunArgs *a = data;
  KdRosterWorker *w = a->w;
  const KdRosterModel *m = w->m;
  g_autofree gint8 *start = g_memdup2 (w->cur.cells, (gsize) m->n_persons * m->n_days);
  double t0, t1, temperature;
  gint64 last_report = 0;
  gboolean stop = FALSE;
  double next_restart = RESTART_EVERY;

  t0 = sample_temperature (w);
  kd_roster_worker_load (w, start);
  if (w->cur.hard > 0)
    kd_roster_repair_rows (w);
  w->best.hard = w->cur.hard;
  w->best.soft = w->cur.soft;
  kd_roster_worker_save_best (w);
  /* From about a typical worsening down to where only improvements of a
   * single unit of weight pass. */
  t0 = MAX (1.0, 0.5 * t0);
  t1 = 0.3;
  temperature = t0;

  while (!stop)
    {
      for (int i = 0; i < CHECK_EVERY; i++)
        kd_roster_random_move (w, temperature);
      w->budget.iterations += CHECK_EVERY;
      kd_roster_large_moves (w, temperature);
      stop = worker_should_stop (w);
      /* After a short warm-up (whose rows seed the pool), one worker
       * rebuilds the whole roster by column generation: where the dive
       * finishes, its roster is usually in the right basin, which the
       * annealing then polishes. Dives differ by their tie-breaks and
       * the pool grows, so they repeat while they are quick. A first
       * dive that does not finish by half the time says the roster is
       * too big for it: annealing only from then on. */
      if (w->colgen.on && w->colgen.cg == NULL && w->budget.fraction >= COLGEN_START && !stop)
        {
          gint64 span = w->budget.deadline - w->budget.start_time;
          gint64 until = w->budget.start_time + span / 4;
          gint64 before = w->best.soft, before_hard = w->best.hard;

          w->colgen.cg = kd_colgen_new (m, w->opt->seed);

          if (!colgen_phase (w, 1.0, w->budget.start_time + span / 2))
            w->colgen.on = FALSE;
          /* Nor are dives worth their time when they do not beat this
           * worker's short warm-up, or the annealing on the other worker
           * did better meanwhile. */
          if (!kd_roster_key_better (w->best.hard, w->best.soft, before_hard, before))
            w->colgen.on = FALSE;
          if (w->shared != NULL)
            {
              g_mutex_lock (&w->shared->lock);
              if (kd_roster_key_better (w->shared->hard, w->shared->soft, w->best.hard, w->best.soft))
                w->colgen.on = FALSE;
              g_mutex_unlock (&w->shared->lock);
            }
          while (w->colgen.on && g_get_monotonic_time () < until && !worker_should_stop (w))
            colgen_phase (w, 1.0, until);
          if (w->cur.hard == 0)
            w->strict = TRUE;
        }
      temperature = t0 * pow (t1 / t0, MIN (1.0, w->budget.fraction));
      /* Until a roster meets every hard rule, search cold: feasibility
       * first, then the annealing has the rest of the budget. */
      if (w->best.hard > 0)
        temperature = MIN (temperature, COLD_FACTOR * t0);
      /* A few times a run, go back to the best roster seen: the walk may
       * have drifted to a worse basin, and the cooler temperature from
       * here on searches around the best instead. */
      if (w->budget.fraction >= next_restart)
        {
          next_restart += RESTART_EVERY;
          /* And a dive that rebuilds a third of the people, the rest
           * kept as in the best roster: a large neighbourhood. */
          if (w->colgen.on && w->best.hard == 0)
            {
              gint64 until = MIN (w->budget.deadline, g_get_monotonic_time ()
                                  + (gint64) (0.03 * (w->budget.deadline - w->budget.start_time)));
              if (colgen_phase (w, 1.0 / 3, until))
                w->colgen.fails = 0;
              else if (++w->colgen.fails >= 2)
                w->colgen.on = FALSE;
            }
          if (share_best (w))
            kd_roster_worker_load (w, w->best.cells);
          else if (w->best.hard == 0 && w->cur.hard == 0 && w->cur.soft > w->best.soft && !w->best.pending)
            kd_roster_worker_load (w, w->best.cells);
          if (w->cur.hard == 0)
            w->strict = TRUE;
        }
      if (a->reports && a->progress != NULL)
        {
          gint64 now = g_get_monotonic_time ();
          if (now - last_report > 100000 || stop)
            {
              last_report = now;
              a->progress (MIN (1.0, w->budget.fraction), (int) MIN (w->best.hard, G_MAXINT), w->best.soft, a->user_data);
            }
        }
    }
  if (w->best.pending)
    kd_roster_worker_save_best (w);
  g_clear_pointer (&w->colgen.cg, kd_colgen_free);
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
  const int D = m->n_days, P = m->n_persons;
  g_autoptr(KdRoster) start = NULL;
  KdRoster *result;
  KdRosterWorker *workers;
  RunArgs *args;
  GThread **threads;
  int n_threads, best_i = 0;
  gint stop = 0;
  gint64 now = g_get_monotonic_time ();
  KdRosterShared shared;

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

  workers = g_new0 (KdRosterWorker, n_threads);
  g_mutex_init (&shared.lock);
  shared.cells = g_new (gint8, (gsize) P * D);
  shared.hard = shared.soft = G_MAXINT64;
  shared.proven = -1;
  args = g_new0 (RunArgs, n_threads);
  threads = g_new0 (GThread *, n_threads);

  for (int i = 0; i < n_threads; i++)
    {
      KdRosterWorker *w = &workers[i];

      kd_roster_worker_init (w, m, options, i);
      w->shared = options->max_iterations > 0 || n_threads < 2 ? NULL : &shared;
      w->budget.cancellable = cancellable;
      w->budget.start_time = now;
      w->budget.deadline = options->seconds > 0 ? now + (gint64) (options->seconds * G_USEC_PER_SEC) : G_MAXINT64;
      w->budget.stop = &stop;
      /* Under a time budget, the second worker also prices and dives
       * (under a step budget runs must repeat exactly, and GLPK's time
       * limits would not). */
      if (i == 1 && w->shared != NULL && options->seconds > 0)
        kd_roster_worker_enable_colgen (w);
      kd_roster_worker_load (w, start->cells);

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
    if (kd_roster_key_better (workers[i].best.hard, workers[i].best.soft,
                              workers[best_i].best.hard, workers[best_i].best.soft))
      best_i = i;

  result = kd_roster_new (m);
  memcpy (result->cells, workers[best_i].best.cells, (gsize) P * D);

  for (int i = 0; i < n_threads; i++)
    kd_roster_worker_clear (&workers[i]);
  g_free (workers);
  g_free (shared.cells);
  g_mutex_clear (&shared.lock);
  g_free (args);
  g_free (threads);
  return result;
}
