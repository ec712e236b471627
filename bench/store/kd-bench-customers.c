/* kd-bench-customers.c: customers-bench's SQL side (it needs sqlite3.h and the repository, like a repository). */
#include "kd-bench-customers.h"
#include "kd-customer-repo.h"
#include "kd-store-private.h"

#include <stdio.h>

static const char * const surnames[] = { "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "高" };
static const char * const given[] = { "静", "丽", "敏", "伟", "芳", "娜", "秀英", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超", "霞", "婷", "晨", "欣然", "子涵", "一鸣" };
static const char * const nick_words[] = { "小鹿", "晚风", "橘子", "糖糖", "大白", "柚子", "豆豆", "星河", "木子", "风铃", "lucky", "momo", "sunny", "tb" };
static const char * const note_words[] = {
  "尺码偏大", "喜欢讲价", "只收顺丰", "工作日送达", "要开发票", "送礼包装", "颜色敏感", "老客户", "退过货", "催付",
  "纯棉", "床单", "抱枕", "四件套", "睡衣", "拖鞋", "毛巾", "收纳", "晚上回复", "电话沟通",
};

typedef struct {
  guint   n, n_tags, tags_each;
  guint32 seed;
} Fill;

static gboolean
fill_job (KdConn *conn, gpointer data, GError **error)
{
  Fill *fill = data;
  g_autoptr(GArray) tag_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GRand *rand = g_rand_new_with_seed (fill->seed);
  gboolean ok = TRUE;

  for (guint t = 0; t < fill->n_tags && ok; t++)
    {
      g_autofree char *name = g_strdup_printf ("标签%u", t + 1);
      g_autoptr(KdTag) tag = kd_tag_new (name, (int) (t % 9));

      ok = kd_customer_repo_write_tag (conn, tag, error);
      g_array_append_val (tag_ids, ((gint64) { kd_tag_get_id (tag) }));
    }
  for (guint i = 0; i < fill->n && ok; i++)
    {
      g_autofree char *nick = g_strdup_printf ("%s%s%u", nick_words[g_rand_int_range (rand, 0, G_N_ELEMENTS (nick_words))],
                                               surnames[g_rand_int_range (rand, 0, G_N_ELEMENTS (surnames))], i);
      g_autoptr(KdCustomer) c = kd_customer_new (nick);
      g_autofree char *name = g_strconcat (surnames[g_rand_int_range (rand, 0, G_N_ELEMENTS (surnames))],
                                           given[g_rand_int_range (rand, 0, G_N_ELEMENTS (given))], NULL);
      g_autofree char *phone = g_strdup_printf ("1%02u%08u", 30 + g_rand_int_range (rand, 0, 60), i);
      g_autofree char *notes = g_strdup_printf ("%s，%s，%s", note_words[g_rand_int_range (rand, 0, G_N_ELEMENTS (note_words))],
                                                note_words[g_rand_int_range (rand, 0, G_N_ELEMENTS (note_words))],
                                                note_words[g_rand_int_range (rand, 0, G_N_ELEMENTS (note_words))]);

      kd_customer_set_text (&c->real_name, name);
      kd_customer_set_text (&c->notes, notes);
      kd_customer_add_contact (c->phones, phone, TRUE);
      kd_customer_add_contact (c->addresses, "浙江省杭州市西湖区文三路90号", TRUE);
      c->vip = g_rand_int_range (rand, 0, 6);
      /* Tags 1 and 2 are the popular ones (a third of the customers each),
       * the rest spread evenly. */
      for (guint k = 0; k < fill->tags_each; k++)
        {
          guint t = k < 2 && g_rand_int_range (rand, 0, 3) == 0 ? k
                    : (guint) g_rand_int_range (rand, 2, (gint32) fill->n_tags);
          gint64 id = g_array_index (tag_ids, gint64, t);

          if (!kd_customer_has_tag (c, id))
            g_array_append_val (c->tag_ids, id);
        }
      ok = kd_customer_repo_write (conn, c, 1795568400, error);
    }
  g_rand_free (rand);
  return ok;
}

gboolean
kd_bench_customers_fill (KdStore  *store,
                         guint     n,
                         guint     n_tags,
                         guint     tags_each,
                         guint32   seed,
                         GError  **error)
{
  Fill fill = { n, n_tags, tags_each, seed };
  return kd_store_write (store, fill_job, &fill, error);
}

typedef struct {
  gint64 a, b;
} Tags;

static gboolean
tags_job (KdConn *conn, gpointer data, GError **error)
{
  Tags *t = data;
  g_autoptr(KdTag) a = kd_customer_repo_find_tag (conn, 0, "标签1", error);
  g_autoptr(KdTag) b = a ? kd_customer_repo_find_tag (conn, 0, "标签2", error) : NULL;

  if (a == NULL || b == NULL)
    return FALSE;
  t->a = kd_tag_get_id (a);
  t->b = kd_tag_get_id (b);
  return TRUE;
}

gboolean
kd_bench_customers_tags (KdStore  *store,
                         gint64   *tag_a,
                         gint64   *tag_b,
                         GError  **error)
{
  Tags t = { 0, 0 };

  if (!kd_store_read (store, tags_job, &t, error))
    return FALSE;
  *tag_a = t.a;
  *tag_b = t.b;
  return TRUE;
}

typedef struct {
  const char   *query;
  const gint64 *tags;
  guint         n_tags;
  gboolean      naive;
  guint         n_rows;
} Query;

/* KD_BENCH_EXPLAIN=1: the plan of the model's search SQL, once, read
 * from the statement the repository really ran (its SQL text expanded). */
static int
trace_stmt (unsigned kind, void *data, void *p, void *x)
{
  char **last = data;
  char *sql = sqlite3_expanded_sql (p);

  if (sql != NULL && g_str_has_prefix (sql, "SELECT id FROM customers"))
    {
      g_free (*last);
      *last = g_strdup (sql);
    }
  sqlite3_free (sql);
  return 0;
}

static void
explain (sqlite3 *db, const char *sql)
{
  g_autofree char *eqp = g_strconcat ("EXPLAIN QUERY PLAN ", sql, NULL);
  sqlite3_stmt *stmt = NULL;

  printf ("  plan of: %s\n", sql);
  if (sqlite3_prepare_v2 (db, eqp, -1, &stmt, NULL) != SQLITE_OK)
    return;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    printf ("    %d %d %s\n", sqlite3_column_int (stmt, 0), sqlite3_column_int (stmt, 1),
            (const char *) sqlite3_column_text (stmt, 3));
  sqlite3_finalize (stmt);
}

static gboolean
query_job (KdConn *conn, gpointer data, GError **error)
{
  Query *q = data;
  g_autofree char *like = NULL;
  g_autoptr(GString) sql = NULL;
  sqlite3_stmt *stmt;
  int rc, arg = 1;

  if (!q->naive)
    {
      static gboolean explained;
      g_autofree char *last = NULL;
      gboolean want_plan = !explained && g_getenv ("KD_BENCH_EXPLAIN") != NULL;
      g_autoptr(GArray) ids = NULL;

      if (want_plan)
        sqlite3_trace_v2 (kd_conn_get_db (conn), SQLITE_TRACE_STMT, trace_stmt, &last);
      ids = kd_customer_repo_search_ids (conn, q->query, q->tags, q->n_tags, FALSE, 0, error);
      if (want_plan)
        {
          sqlite3_trace_v2 (kd_conn_get_db (conn), 0, NULL, NULL);
          if (last != NULL)
            explain (kd_conn_get_db (conn), last);
          explained = TRUE;
        }
      if (ids == NULL)
        return FALSE;
      q->n_rows = ids->len;
      return TRUE;
    }

  /* What one writes first: LIKE everywhere, the tags counted per row. */
  like = g_strdup_printf ("%%%s%%", q->query);
  sql = g_string_new ("SELECT id FROM customers c WHERE (c.nickname LIKE ?1 OR c.real_name LIKE ?1 OR c.notes LIKE ?1 "
                      "OR EXISTS (SELECT 1 FROM customer_contacts k WHERE k.customer_id = c.id AND k.kind = 0 "
                      "AND k.value LIKE ?1))");
  if (q->n_tags > 0)
    {
      g_string_append (sql, " AND (SELECT count(*) FROM customer_tags ct WHERE ct.customer_id = c.id AND ct.tag_id IN (");
      for (guint i = 0; i < q->n_tags; i++)
        g_string_append_printf (sql, "%s?%u", i ? ", " : "", i + 2);
      g_string_append_printf (sql, ")) = %u", q->n_tags);
    }
  g_string_append (sql, " ORDER BY c.nickname_sort, c.id");
  stmt = kd_conn_prepare (conn, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, arg++, like, -1, SQLITE_TRANSIENT);
  for (guint i = 0; i < q->n_tags; i++)
    sqlite3_bind_int64 (stmt, arg++, q->tags[i]);
  q->n_rows = 0;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    q->n_rows++;
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      kd_conn_set_error (conn, error, rc, "customers");
      return FALSE;
    }
  return TRUE;
}

gboolean
kd_bench_customers_query (KdStore       *store,
                          const char    *query,
                          const gint64  *tags,
                          guint          n_tags,
                          gboolean       naive,
                          guint         *n_rows,
                          GError       **error)
{
  Query q = { query, tags, n_tags, naive, 0 };

  if (!kd_store_read (store, query_job, &q, error))
    return FALSE;
  *n_rows = q.n_rows;
  return TRUE;
}
