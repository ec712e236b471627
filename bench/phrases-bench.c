/* phrases-bench.c: 10 000 phrases: per-keystroke search through the real KdQueryModel (and its snapshot SQL alone) for 1-, 2-, 3+-character, pinyin and initials queries against a naive LIKE scan; import of a 10 000-phrase Qianniu GBK file. */
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "bench-util.h"
#include "kd-bench-phrases.h"
#include "kd-phrase-csv.h"
#include "kd-phrase-service.h"
#include "kd-test-util.h"

static guint N_PHRASES = 10000;  /* KD_BENCH_PHRASES overrides, for quick runs */
#define ROUNDS    25

typedef struct {
  const char *kind;
  const char *queries[8];
} Kind;

static const Kind kinds[] = {
  { "1 character",   { "退", "货", "色", "码", "亲", "发", "尺", "款" } },
  { "2 characters",  { "退货", "色差", "尺码", "发货", "优惠", "快递", "羽绒", "抱枕" } },
  { "3+ characters", { "运费险", "七天无理由", "退货流程", "顺丰补差价", "羽绒服", "保温杯", "买家秀", "自然光下" } },
  { "pinyin",        { "tuihuo", "secha", "chima", "fahuo", "youhuiquan", "kuaidi", "tui huo", "shunfeng" } },
  { "initials",      { "th", "sc", "cm", "fh", "yhq", "kd", "sf", "zp" } },
};

static void
wait_loaded (KdQueryModel *model)
{
  while (kd_query_model_get_loading (model))
    g_main_context_iteration (NULL, TRUE);
}

static KdStore *
open_new (const char *dir, const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  KdStore *store = kd_store_open_full (path, KD_STORE_OPEN_CREATE, &error);

  if (store == NULL)
    g_error ("%s", error->message);
  return store;
}

int
main (int argc, char **argv)
{
  g_autofree char *dir = g_dir_make_tmp ("kd-phrases-bench-XXXXXX", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(KdStore) store = open_new (dir, "bench.db");
  g_autoptr(KdPhraseService) svc = kd_phrase_service_new (store);
  g_autoptr(KdQueryModel) model = NULL;
  double t0;
  gboolean all_met = TRUE;

  setvbuf (stdout, NULL, _IOLBF, 0);
  if (g_getenv ("KD_BENCH_PHRASES") != NULL)
    N_PHRASES = (guint) MAX (100, atoi (g_getenv ("KD_BENCH_PHRASES")));

  t0 = bench_now_ms ();
  if (!kd_bench_phrases_fill (store, N_PHRASES - 65, 42, &error))
    g_error ("%s", error->message);
  printf ("library: %u phrases (65 starter + %u synthetic), written and indexed in %.0f ms\n\n",
          N_PHRASES, N_PHRASES - 65, bench_now_ms () - t0);

  model = kd_phrase_service_create_model (svc);
  wait_loaded (model);

  printf ("%-14s %8s %8s %8s | %8s %8s | %10s %10s %7s\n", "query kind", "model", "model", "matches",
          "SQL", "SQL", "LIKE", "LIKE", "ratio");
  printf ("%-14s %8s %8s %8s | %8s %8s | %10s %10s %7s\n", "", "p50 ms", "p99 ms", "(mean)",
          "p50 ms", "p99 ms", "p50 ms", "p99 ms", "p50");
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autoptr(GArray) via_model = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) via_sql = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) via_like = g_array_new (FALSE, FALSE, sizeof (double));
      double matches = 0, p99_model, like50 = 0, sql50;

      for (guint r = 0; r < ROUNDS; r++)
        for (guint q = 0; q < 8; q++)
          {
            const char *query = kinds[k].queries[q];
            guint n = 0;
            double t, dt;

            /* A keystroke: from the unsearched list to the query, timed
             * until the new snapshot is applied in the main thread. */
            kd_query_model_set_search (model, NULL);
            wait_loaded (model);
            t = bench_now_ms ();
            kd_query_model_set_search (model, query);
            wait_loaded (model);
            dt = bench_now_ms () - t;
            g_array_append_val (via_model, dt);
            matches += g_list_model_get_n_items (G_LIST_MODEL (model));

            t = bench_now_ms ();
            if (!kd_bench_phrases_query (store, query, FALSE, &n, &error))
              g_error ("%s", error->message);
            dt = bench_now_ms () - t;
            g_array_append_val (via_sql, dt);

            if (k == 2)
              {
                guint n_like = 0;
                t = bench_now_ms ();
                if (!kd_bench_phrases_query (store, query, TRUE, &n_like, &error))
                  g_error ("%s", error->message);
                dt = bench_now_ms () - t;
                g_array_append_val (via_like, dt);
              }
          }
      p99_model = bench_quantile (via_model, 0.99);
      sql50 = bench_quantile (via_sql, 0.5);
      if (via_like->len > 0)
        like50 = bench_quantile (via_like, 0.5);
      printf ("%-14s %8.2f %8.2f %8.0f | %8.2f %8.2f | ", kinds[k].kind, bench_quantile (via_model, 0.5),
              p99_model, matches / via_model->len, sql50, bench_quantile (via_sql, 0.99));
      if (via_like->len > 0)
        printf ("%10.2f %10.2f %6.1fx\n", like50, bench_quantile (via_like, 0.99), like50 / sql50);
      else
        printf ("%10s %10s %7s\n", "-", "-", "-");
      all_met &= p99_model < 5.0;
      if (k == 2)
        all_met &= like50 / sql50 >= 10.0;
    }

  /* Import: the library exported as a Qianniu GBK file into a new database. */
  {
    g_autofree char *csv = g_build_filename (dir, "qianniu.csv", NULL);
    g_autoptr(KdStore) fresh = open_new (dir, "import.db");
    g_autoptr(KdPhraseService) fresh_svc = kd_phrase_service_new (fresh);
    KdPhraseImportCounts counts = { 0 };
    guint n = 0;
    double ms;
    GStatBuf st;

    if (!kd_phrase_service_export (svc, csv, KD_PHRASE_FORMAT_QIANNIU, &n, &error))
      g_error ("%s", error->message);
    g_stat (csv, &st);
    t0 = bench_now_ms ();
    if (!kd_phrase_service_import (fresh_svc, csv, &counts, &error))
      g_error ("%s", error->message);
    ms = bench_now_ms () - t0;
    printf ("\nimport of a %u-phrase Qianniu GBK file (%.1f MiB) into a new database: %.0f ms "
            "(%u added, %u updated, %u new groups; target < 1000 ms)\n",
            n, st.st_size / 1048576.0, ms, counts.added, counts.updated, counts.groups_added);
    all_met &= ms < 1000;
    kd_store_close (fresh);
  }

  printf ("\ntargets (p99 < 5 ms every kind through the model; 3+ characters >= 10x faster than LIKE; import < 1 s): %s\n",
          all_met ? "met" : "NOT met");
  g_clear_object (&model);
  g_clear_object (&svc);
  kd_store_close (store);
  kd_test_rm_rf (dir);
  return 0;
}
