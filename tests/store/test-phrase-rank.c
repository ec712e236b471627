/* test-phrase-rank.c: a phrase search listed from the connection's rank order (kd-phrase-rank.c) is exactly what the model's SQL lists (shortcut, favourite, use count, last use, id), for every kind of query, after writes that move, add and remove matches. */
#include <glib/gstdio.h>

#include "kd-phrase.h"
#include "kd-phrase-repo.h"
#include "kd-phrase-repo-private.h"
#include "kd-query-model-private.h"
#include "kd-search.h"
#include "kd-test-util.h"

static const char *words[] = {
  "亲", "退货", "退换", "色差", "尺码", "发货", "顺丰", "优惠券", "羽绒服", "保温杯",
  "七天无理由", "运费险", "款式", "现货", "正品", "退貨", "ＸＬ码", "包邮", "抱歉", "稍等",
};

static const char *queries[] = {
  "亲", "款", "退", "退货", "退貨", "色差", "七天无理由", "tuihuo", "tui huo", "th", "sf", "xl", "tx9", "hy",
  "没有这个词", "码",
};

typedef struct {
  char    *dir;
  KdStore *store;
} Fixture;

typedef struct {
  guint   n;
  guint32 seed;
} Fill;

static gboolean
fill_job (KdConn *conn, gpointer data, GError **error)
{
  Fill *fill = data;
  g_autoptr(GRand) rand = g_rand_new_with_seed (fill->seed);
  g_autoptr(KdPhraseGroup) group = kd_phrase_group_new ("测试");

  if (!kd_phrase_repo_insert_group (conn, group, error))
    return FALSE;
  for (guint i = 0; i < fill->n; i++)
    {
      g_autoptr(GString) body = g_string_new (NULL);
      g_autoptr(KdPhrase) p = NULL;
      g_autofree char *shortcut = i == 7 ? g_strdup ("tx9") : i % 9 == 0 ? g_strdup_printf ("k%u", i) : g_strdup ("");
      g_autofree char *sql = NULL;

      for (guint w = 0, n = g_rand_int_range (rand, 1, 5); w < n; w++)
        g_string_append (body, words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
      p = kd_phrase_new (kd_phrase_group_get_id (group), "", body->str, shortcut);
      if (!kd_phrase_repo_insert (conn, p, error))
        return FALSE;
      /* Few distinct values, so that ties fall to the next key and to id. */
      sql = g_strdup_printf ("UPDATE phrases SET favourite = %d, use_count = %d, last_used = %d WHERE id = %" G_GINT64_FORMAT,
                             g_rand_int_range (rand, 0, 10) == 0, g_rand_int_range (rand, 0, 4),
                             g_rand_int_range (rand, 0, 3) * 1000, kd_phrase_get_id (p));
      if (!kd_conn_exec (conn, sql, error))
        return FALSE;
    }
  return TRUE;
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  Fill fill = { 1500, 7 };

  f->dir = g_dir_make_tmp ("kd-test-phrase-rank-XXXXXX", NULL);
  path = g_build_filename (f->dir, "shop.db", NULL);
  f->store = kd_store_open_full (path, KD_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  kd_store_write (f->store, fill_job, &fill, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  kd_store_close (f->store);
  g_assert_finalize_object (f->store);
  kd_test_rm_rf (f->dir);
  g_free (f->dir);
}

typedef struct {
  const char *query;
  GArray     *fast;
  GArray     *sql;
} Both;

/* The model's snapshot SQL for the phrase spec, no filter, sort "rank"
 * (kd-query-model.c build_sql), and the rank path, on one connection. */
static gboolean
both_job (KdConn *conn, gpointer data, GError **error)
{
  Both *b = data;
  const KdQuerySpec *spec = kd_phrase_repo_query_spec ();
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  g_autofree char *where = spec->build_search (b->query, params);
  g_autofree char *rank = spec->build_rank (b->query, params);
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM %s WHERE %s ORDER BY %s, %s, id", spec->from, where, rank,
                                          spec->sorts[0].order_by);
  sqlite3_stmt *stmt = kd_conn_prepare (conn, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < params->len; i++)
    kd_stmt_bind_variant (stmt, (int) i + 1, g_ptr_array_index (params, i));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (b->sql, id);
    }
  if (!kd_conn_rows_done (conn, stmt, rc, "phrases", error))
    return FALSE;
  return _kd_phrase_repo_search_ids (conn, b->query, b->fast, error);
}

/* Both lists of @query; asserts they are the same; the list. */
static GArray *
search (Fixture *f, const char *query)
{
  g_autoptr(GError) error = NULL;
  Both b = { query, g_array_new (FALSE, FALSE, sizeof (gint64)), g_array_new (FALSE, FALSE, sizeof (gint64)) };

  g_assert_true (kd_store_read (f->store, both_job, &b, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (b.fast->len, ==, b.sql->len);
  for (guint i = 0; i < b.fast->len; i++)
    g_assert_cmpint (g_array_index (b.fast, gint64, i), ==, g_array_index (b.sql, gint64, i));
  g_array_unref (b.sql);
  return b.fast;
}

static gboolean
exec_job (KdConn *conn, gpointer data, GError **error)
{
  return kd_conn_exec (conn, data, error);
}

static void
exec (Fixture *f, const char *sql)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (kd_store_write (f->store, exec_job, (gpointer) sql, &error));
  g_assert_no_error (error);
}

typedef struct {
  const char *sql;
  gint64      value;
} Scalar;

static gboolean
scalar_job (KdConn *conn, gpointer data, GError **error)
{
  Scalar *q = data;
  sqlite3_stmt *stmt = kd_conn_prepare (conn, q->sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    q->value = sqlite3_column_int64 (stmt, 0);
  return kd_conn_rows_done (conn, stmt, rc == SQLITE_ROW ? SQLITE_DONE : rc, "phrases", error);
}

static gint64
scalar (Fixture *f, const char *sql)
{
  Scalar q = { sql, -1 };

  g_assert_true (kd_store_read (f->store, scalar_job, &q, NULL));
  return q.value;
}

static gint64
id_of_shortcut (Fixture *f, const char *shortcut)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM phrases WHERE shortcut = '%s'", shortcut);
  return scalar (f, sql);
}

static gint64
favourite_of (Fixture *f, gint64 id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT favourite FROM phrases WHERE id = %" G_GINT64_FORMAT, id);
  return scalar (f, sql);
}

static gboolean
add_job (KdConn *conn, gpointer data, GError **error)
{
  g_autoptr(KdPhrase) p = kd_phrase_new (1, "", data, "");
  return kd_phrase_repo_insert (conn, p, error);
}

/* Every kind of query lists the same phrases in the same order as SQL. */
static void
test_same_as_sql (Fixture *f, gconstpointer data)
{
  guint total = 0;

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr(GArray) ids = search (f, queries[i]);
      total += ids->len;
    }
  g_assert_cmpuint (total, >, 3000);   /* the queries do match */
  {
    g_autoptr(GArray) none = search (f, "没有这个词");
    g_autoptr(GArray) pinned = search (f, "TX9");

    g_assert_cmpuint (none->len, ==, 0);
    /* The exact shortcut first, whatever its rank. */
    g_assert_cmpuint (pinned->len, >=, 1);
    g_assert_cmpint (g_array_index (pinned, gint64, 0), ==, id_of_shortcut (f, "tx9"));
    g_assert_cmpint (favourite_of (f, g_array_index (pinned, gint64, 0)), ==, 0);
  }
}

/* A write between two searches on the same readers is seen: a phrase
 * used (it moves up), one deleted (it goes), one added. */
static void
test_follows_writes (Fixture *f, gconstpointer data)
{
  g_autoptr(GArray) before = search (f, "退货");
  g_autoptr(GArray) after = NULL;
  g_autofree char *sql = NULL;
  gint64 last, first;

  g_assert_cmpuint (before->len, >, 10);
  last = g_array_index (before, gint64, before->len - 1);
  first = g_array_index (before, gint64, 0);

  sql = g_strdup_printf ("UPDATE phrases SET favourite = 1, use_count = 99 WHERE id = %" G_GINT64_FORMAT, last);
  exec (f, sql);
  after = search (f, "退货");
  g_assert_cmpint (g_array_index (after, gint64, 0), ==, last);
  g_clear_pointer (&after, g_array_unref);

  g_free (sql);
  sql = g_strdup_printf ("DELETE FROM phrases WHERE id = %" G_GINT64_FORMAT, first);
  exec (f, sql);
  after = search (f, "退货");
  g_assert_cmpuint (after->len, ==, before->len - 1);
  for (guint i = 0; i < after->len; i++)
    g_assert_cmpint (g_array_index (after, gint64, i), !=, first);
  g_clear_pointer (&after, g_array_unref);

  g_assert_true (kd_store_write (f->store, add_job, (gpointer) "新写的退货说明", NULL));
  after = search (f, "退货");
  g_assert_cmpuint (after->len, ==, before->len);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(name, fn) g_test_add (name, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/phrase-rank/same-as-sql", test_same_as_sql);
  ADD ("/phrase-rank/follows-writes", test_follows_writes);
  return g_test_run ();
}
