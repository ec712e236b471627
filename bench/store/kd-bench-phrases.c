/* kd-bench-phrases.c: phrases-bench's SQL side (it needs sqlite3.h and the repository's spec, like a repository). */
#include "kd-bench-phrases.h"
#include "kd-phrase-repo.h"
#include "kd-query-model-private.h"

#include <stdio.h>

static const char * const words[] = {
  "连衣裙", "羽绒服", "卫衣", "牛仔裤", "床单", "抱枕", "收纳盒", "保温杯", "面料", "纯棉", "加绒", "宽松",
  "显瘦", "高腰", "防水", "透气", "套装", "礼盒", "春款", "秋冬", "新品", "清仓", "包邮", "预售",
};

typedef struct {
  guint   n;
  guint32 seed;
} Fill;

static gboolean
fill_job (KdConn *conn, gpointer data, GError **error)
{
  Fill *fill = data;
  g_autoptr(GPtrArray) starter = kd_phrase_repo_list_all (conn, error);
  GRand *rand;
  gboolean ok = TRUE;

  if (starter == NULL || starter->len == 0)
    return FALSE;
  rand = g_rand_new_with_seed (fill->seed);
  for (guint i = 0; i < fill->n && ok; i++)
    {
      KdPhrase *model = g_ptr_array_index (starter, i % starter->len);
      g_autofree char *shortcut = i % 2 ? g_strdup_printf ("p%u", i) : g_strdup ("");
      g_autofree char *title = g_strdup_printf ("%s %u", kd_phrase_get_title (model), i);
      g_autofree char *body = g_strdup_printf ("%s（%s%s%s，款号%05u）", kd_phrase_get_body (model),
                                               words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))],
                                               words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))],
                                               words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))], i);
      g_autoptr(KdPhrase) p = kd_phrase_new (kd_phrase_get_group_id (model), title, body, shortcut);

      kd_phrase_set_favourite (p, g_rand_int_range (rand, 0, 20) == 0);
      ok = kd_phrase_repo_insert (conn, p, error) &&
           (g_rand_int_range (rand, 0, 3) != 0 ||
            kd_phrase_repo_record_use (conn, kd_phrase_get_id (p), 1795568400 + i, error));
    }
  g_rand_free (rand);
  return ok;
}

gboolean
kd_bench_phrases_fill (KdStore  *store,
                       guint     n,
                       guint32   seed,
                       GError  **error)
{
  Fill fill = { n, seed };
  return kd_store_write (store, fill_job, &fill, error);
}

typedef struct {
  const char *query;
  gboolean    naive;
  gboolean    explain;
  guint       n_rows;
} Query;

/* The plan of @sql as SQLite will run it (KD_BENCH_EXPLAIN=1). */
static void
explain (KdConn *conn, const char *sql, GPtrArray *params)
{
  g_autofree char *eqp = g_strconcat ("EXPLAIN QUERY PLAN ", sql, NULL);
  sqlite3_stmt *stmt = NULL;

  printf ("  plan of: %s\n", sql);
  if (sqlite3_prepare_v2 (kd_conn_get_db (conn), eqp, -1, &stmt, NULL) != SQLITE_OK)
    return;
  for (guint i = 0; i < params->len; i++)
    kd_stmt_bind_variant (stmt, (int) i + 1, g_ptr_array_index (params, i));
  while (sqlite3_step (stmt) == SQLITE_ROW)
    printf ("    %d %d %s\n", sqlite3_column_int (stmt, 0), sqlite3_column_int (stmt, 1),
            (const char *) sqlite3_column_text (stmt, 3));
  sqlite3_finalize (stmt);
}

static gboolean
query_job (KdConn *conn, gpointer data, GError **error)
{
  Query *q = data;
  const KdQuerySpec *spec = kd_phrase_repo_query_spec ();
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  g_autofree char *sql = NULL;
  g_autofree char *where = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (g_getenv ("KD_BENCH_MATCH") != NULL)
    {
      g_ptr_array_add (params, g_variant_ref_sink (g_variant_new_string (q->query)));
      sql = g_strdup ("SELECT rowid FROM search_ngram WHERE search_ngram MATCH ?1");
    }
  else if (q->naive)
    {
      g_autofree char *like = g_strdup_printf ("%%%s%%", q->query);
      g_ptr_array_add (params, g_variant_ref_sink (g_variant_new_string (like)));
      sql = g_strdup ("SELECT id FROM phrases WHERE shortcut LIKE ?1 OR title LIKE ?1 OR body LIKE ?1 "
                      "ORDER BY favourite DESC, use_count DESC, last_used DESC, id");
    }
  else
    {
      /* kd-query-model.c build_sql with the phrase spec, no filter, sort "rank". */
      g_autofree char *rank = NULL;

      where = spec->build_search (q->query, params);
      rank = where ? spec->build_rank (q->query, params) : NULL;
      sql = g_strdup_printf ("SELECT id FROM %s%s%s ORDER BY %s%s%s, id", spec->from,
                             where ? " WHERE " : "", where ? where : "",
                             rank ? rank : "", rank ? ", " : "", spec->sorts[0].order_by);
    }

  if (q->explain)
    explain (conn, sql, params);
  /* What the model's reader runs for it (kd-phrase-rank.c), unless
   * KD_BENCH_SQL=1 asks for the SQL the model would run without it. */
  if (!q->naive && where != NULL && g_getenv ("KD_BENCH_SQL") == NULL && g_getenv ("KD_BENCH_MATCH") == NULL)
    {
      g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

      if (!spec->search_ids (conn, q->query, ids, error))
        return FALSE;
      q->n_rows = ids->len;
      return TRUE;
    }
  stmt = kd_conn_prepare (conn, sql, error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < params->len; i++)
    kd_stmt_bind_variant (stmt, (int) i + 1, g_ptr_array_index (params, i));
  q->n_rows = 0;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    q->n_rows++;
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      kd_conn_set_error (conn, error, rc, "bench");
      return FALSE;
    }
  return TRUE;
}

gboolean
kd_bench_phrases_query (KdStore     *store,
                        const char  *query,
                        gboolean     naive_like,
                        guint       *n_rows,
                        GError     **error)
{
  static gboolean explained;
  Query q = { query, naive_like, FALSE, 0 };

  /* KD_BENCH_EXPLAIN=1: the first query's plan, once. */
  if (!naive_like && !explained && g_getenv ("KD_BENCH_EXPLAIN") != NULL)
    q.explain = explained = TRUE;

  if (!kd_store_read (store, query_job, &q, error))
    return FALSE;
  *n_rows = q.n_rows;
  return TRUE;
}
