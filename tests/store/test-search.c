/* test-search.c: the shared search: CJK substrings of 1, 2 and 3+ characters, pinyin, initials, Traditional/Simplified, full-width, against a brute-force reference. */
#include <glib/gstdio.h>

#include "kd-search.h"
#include "kd-search-keys.h"
#include "kd-store-private.h"
#include "kd-test-util.h"

static const char *texts[] = {
  "亲，退货请在7天内申请，运费险会自动理赔哦",
  "退换货需要保持吊牌完好",
  "您好，欢迎光临小满家居旗舰店！",
  "这款有现货，今天16:00前付款当天发货",
  "尺码偏小，建议拍大一码",
  "色差问题：图片为实物拍摄，因显示器不同会有轻微色差",
  "ＸＬ码还有库存",
  "Thank you! 感谢您的耐心等待",
  "退貨請聯繫客服",          /* Traditional */
  "发顺丰需要补差价10元",
  "正品保证，假一赔十",
  "抱歉让您久等了",
  "\"引号\" 和 'quotes' 以及 OR AND NOT",
};

typedef struct {
  char    *dir;
  KdStore *store;
} Fixture;

static gboolean
index_job (KdConn *conn, gpointer data, GError **error)
{
  if (!kd_conn_exec (conn, "CREATE TABLE things (id INTEGER PRIMARY KEY)", error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *sql = g_strdup_printf ("INSERT INTO things (id) VALUES (%u)", i + 1);
      if (!kd_conn_exec (conn, sql, error) || !kd_search_index_set (conn, "order", i + 1, texts[i], error))
        return FALSE;
    }
  /* Another domain with the same ids must not leak into this one. */
  return kd_search_index_set (conn, "remark", 1, "退货退货退货", error);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("kd-test-search-XXXXXX", NULL);
  path = g_build_filename (f->dir, "shop.db", NULL);
  f->store = kd_store_open_full (path, KD_STORE_OPEN_CREATE, NULL);
  g_assert_true (kd_store_write (f->store, index_job, NULL, NULL));
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
  GArray     *ids;
} SearchJob;

static gboolean
search_job (KdConn *conn, gpointer data, GError **error)
{
  SearchJob *job = data;
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  g_autofree char *clause = kd_search_build_clause ("order", "id", job->query, params);
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM things%s%s ORDER BY id",
                                          clause ? " WHERE " : "", clause ? clause : "");
  sqlite3_stmt *stmt = kd_conn_prepare (conn, sql, error);

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < params->len; i++)
    kd_stmt_bind_variant (stmt, i + 1, g_ptr_array_index (params, i));
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (job->ids, id);
    }
  sqlite3_reset (stmt);
  return TRUE;
}

static char *
search (Fixture *f, const char *query)
{
  SearchJob job = { query, g_array_new (FALSE, FALSE, sizeof (gint64)) };
  GString *s = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (kd_store_read (f->store, search_job, &job, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < job.ids->len; i++)
    g_string_append_printf (s, "%s%" G_GINT64_FORMAT, i ? "," : "", g_array_index (job.ids, gint64, i));
  g_array_unref (job.ids);
  return g_string_free (s, FALSE);
}

/* The reference: the same definition, by brute force in C. */
static char *
reference (const char *query)
{
  g_autofree char *raw = kd_search_fold (query);
  g_autofree char *q = g_strstrip (g_strdup (raw));
  g_autofree char *sq = kd_search_squeeze (q);
  gboolean latin = kd_search_is_latin (q);
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *folded = kd_search_fold (texts[i]);
      g_autofree char *initials = NULL;
      g_autofree char *pinyin = kd_search_pinyin (folded, &initials);

      if (*q == '\0' || strstr (folded, q) != NULL ||
          (latin && strlen (sq) >= 2 && (strstr (pinyin, sq) != NULL || strstr (initials, sq) != NULL)))
        g_string_append_printf (s, "%s%u", s->len ? "," : "", i + 1);
    }
  return g_string_free (s, FALSE);
}

static void
check (Fixture *f, const char *query, const char *expected)
{
  g_autofree char *got = search (f, query);
  g_autofree char *ref = reference (query);

  g_assert_cmpstr (got, ==, ref);
  if (expected != NULL)
    g_assert_cmpstr (got, ==, expected);
}

static void
test_keys (void)
{
  g_autofree char *folded = kd_search_fold ("退貨ＸＬ");
  g_autofree char *initials = NULL;
  g_autofree char *pinyin = kd_search_pinyin ("退货 退换", &initials);

  g_assert_cmpstr (folded, ==, "退货xl");
  /* ASCII and common Han characters take a shorter way: the same result. */
  {
    static const struct { const char *in, *out; } cases[] = {
      { "ABC买家12", "abc买家12" }, { "買家Ab", "买家ab" }, { "", "" }, { "㐀丂", "㐀丂" },
      { "Ａb買", "ab买" }, { "退貨ＸＬ", "退货xl" }, { "café", "café" }, { "\xe3\x80", "\xef\xbf\xbd\xef\xbf\xbd" },
    };
    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autofree char *f = kd_search_fold (cases[i].in);
        g_assert_cmpstr (f, ==, cases[i].out);
      }
  }
  g_assert_cmpstr (pinyin, ==, "tuihuotuihuan");
  g_assert_cmpstr (initials, ==, "thth");
}

static gboolean
batch_job (KdConn *conn, gpointer data, GError **error)
{
  int step = GPOINTER_TO_INT (data);

  if (step == 0)
    return kd_conn_exec (conn, "INSERT INTO things (id) VALUES (100), (101), (102), (103)", error) &&
           kd_search_batch_begin (conn, error) &&
           kd_search_index_set (conn, "order", 100, "批量写入", error) &&
           kd_search_index_set (conn, "order", 101, "也是批量", error) &&
           kd_search_index_set (conn, "order", 100, "批量写入第二遍", error) &&
           kd_search_index_remove (conn, "order", 101, error) &&
           kd_search_batch_end (conn, error);
  if (step == 1)   /* fails: nothing of it stays, and the batch does not outlive the job */
    {
      g_assert_true (kd_search_batch_begin (conn, error));
      g_assert_true (kd_search_index_set (conn, "order", 102, "失败的批量", error));
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "no");
      return FALSE;
    }
  if (step == 2)   /* left open: indexed before the commit */
    return kd_search_batch_begin (conn, error) &&
           kd_search_index_set (conn, "order", 103, "没关的批量", error);
  return kd_search_index_set (conn, "order", 102, "之后的批量", error);
}

static void
test_batch (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *found = NULL;
  g_autofree char *second = NULL;

  g_assert_true (kd_store_write (f->store, batch_job, GINT_TO_POINTER (0), &error));
  g_assert_no_error (error);
  g_assert_false (kd_store_write (f->store, batch_job, GINT_TO_POINTER (1), &error));
  g_clear_error (&error);
  g_assert_true (kd_store_write (f->store, batch_job, GINT_TO_POINTER (2), &error));
  g_assert_true (kd_store_write (f->store, batch_job, GINT_TO_POINTER (3), &error));
  g_assert_no_error (error);
  found = search (f, "批量");
  g_assert_cmpstr (found, ==, "100,102,103");
  second = search (f, "第二遍");
  g_assert_cmpstr (second, ==, "100");
}

static gboolean integrity_job (KdConn *conn, gpointer data, GError **error);

typedef struct {
  const char *query;
  gint64      key;
  GString    *out;
} KeyedJob;

static gboolean
keyed_job (KdConn *conn, gpointer data, GError **error)
{
  KeyedJob *job = data;
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  g_autofree char *clause = kd_search_build_clause_keyed ("order", "id", job->query, &job->key, 1, FALSE, params);
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM things WHERE %s ORDER BY id", clause);
  sqlite3_stmt *stmt = kd_conn_prepare (conn, sql, error);

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < params->len; i++)
    kd_stmt_bind_variant (stmt, i + 1, g_ptr_array_index (params, i));
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (job->out, "%s%" G_GINT64_FORMAT, job->out->len ? "," : "", (gint64) sqlite3_column_int64 (stmt, 0));
  sqlite3_reset (stmt);
  return TRUE;
}

static char *
keyed (Fixture *f, const char *query, gint64 key)
{
  KeyedJob job = { query, key, g_string_new (NULL) };
  g_autoptr(GError) error = NULL;

  g_assert_true (kd_store_read (f->store, keyed_job, &job, &error));
  g_assert_no_error (error);
  return g_string_free (job.out, FALSE);
}

static gboolean
batch_keys_job (KdConn *conn, gpointer data, GError **error)
{
  static const gint64 seven = 7, eight = 8, both[] = { 7, 8 };

  if (GPOINTER_TO_INT (data) == 0)   /* before: two rows with keys */
    return kd_conn_exec (conn, "INSERT INTO things (id) VALUES (200), (201), (202), (203)", error) &&
           kd_search_index_set (conn, "order", 200, "键一", error) &&
           kd_search_index_set_keys (conn, "order", 200, &seven, 1, error) &&
           kd_search_index_set (conn, "order", 203, "键四", error) &&
           kd_search_index_set_keys (conn, "order", 203, &eight, 1, error);
  return kd_search_batch_begin (conn, error) &&
         /* a new row given keys while it waits */
         kd_search_index_set (conn, "order", 201, "键二", error) &&
         kd_search_index_set_keys (conn, "order", 201, both, 2, error) &&
         /* an indexed row's text again: its keys stay */
         kd_search_index_set (conn, "order", 200, "键一改", error) &&
         /* a new row without keys */
         kd_search_index_set (conn, "order", 202, "键三", error) &&
         /* keys for a row not waiting in the batch */
         kd_search_index_set_keys (conn, "order", 203, &seven, 1, error) &&
         kd_search_batch_end (conn, error);
}

/* Keys given in a batch go in with its rows, and keys a row had stay
 * when only its text is indexed again. */
static void
test_batch_keys (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *seven = NULL, *eight = NULL, *changed = NULL, *all = NULL;

  g_assert_true (kd_store_write (f->store, batch_keys_job, GINT_TO_POINTER (0), &error));
  g_assert_true (kd_store_write (f->store, batch_keys_job, GINT_TO_POINTER (1), &error));
  g_assert_no_error (error);
  seven = keyed (f, "键", 7);
  eight = keyed (f, "键", 8);
  changed = keyed (f, "改", 7);
  all = search (f, "键");
  g_assert_cmpstr (seven, ==, "200,201,203");
  g_assert_cmpstr (eight, ==, "201");
  g_assert_cmpstr (changed, ==, "200");
  g_assert_cmpstr (all, ==, "200,201,202,203");
  g_assert_true (kd_store_write (f->store, integrity_job, NULL, &error));
  g_assert_no_error (error);
}

/* The index's own check: every token of every row's content is in it,
 * and nothing else (kd-search-ngram.c tokenizes a value as it was put in). */
static gboolean
integrity_job (KdConn *conn, gpointer data, GError **error)
{
  return kd_conn_exec (conn, "INSERT INTO search_ngram (search_ngram, rank) VALUES ('integrity-check', 1)", error);
}

/* 0018: no table of column sizes beside the index, no index beside search_rows' ids. */
static gboolean
extra_btrees_job (KdConn *conn, gpointer data, GError **error)
{
  sqlite3_stmt *stmt = kd_conn_prepare (conn, "SELECT count(*) FROM sqlite_schema WHERE name = 'search_ngram_docsize' "
                                              "OR (tbl_name = 'search_rows' AND type = 'index')", error);

  if (stmt == NULL)
    return FALSE;
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  *(gint64 *) data = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
old_style_job (KdConn *conn, gpointer data, GError **error)
{
  /* Pinyin and initials as schema 13 wrote them: unmarked, every letter
   * and pair indexed (and one as written in between: pairs alone). */
  return kd_conn_exec (conn, "UPDATE search_rows SET pinyin = ltrim(pinyin, char(2)), "
                             "initials = ltrim(initials, char(2)) WHERE ref_id <> 2; "
                             "UPDATE search_rows SET pinyin = char(1) || ltrim(pinyin, char(2)), "
                             "initials = char(1) || ltrim(initials, char(2)) WHERE ref_id = 2; "
                             "DROP TRIGGER order_tally_update; DROP TRIGGER order_tally_delete; DROP TABLE order_tally; DROP INDEX orders_status_flag; "
                             "DROP TRIGGER order_remarks_order_time; DROP TRIGGER order_remarks_time_insert; "
                             "DROP INDEX order_remarks_job_time; "
                             "ALTER TABLE order_remarks DROP COLUMN order_created_at; "
                             "PRAGMA user_version = 13", error);
}

/* A database of schema 13 (pinyin indexed letter by letter) migrates:
 * its rows are indexed as triples, pinyin and initials find them, the
 * index matches its content. */
static void
test_pinyin_migration (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "shop.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL, *after = NULL, *initials = NULL, *two = NULL;

  g_assert_true (kd_store_write (f->store, old_style_job, NULL, &error));
  g_assert_no_error (error);
  before = search (f, "tuihuo");
  g_assert_cmpstr (before, ==, "");   /* triples asked, letters indexed */

  kd_store_close (f->store);
  g_assert_finalize_object (f->store);
  f->store = kd_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kd_store_get_schema_version (f->store), ==, kd_store_get_latest_version ());
  after = search (f, "tuihuo");
  initials = search (f, "th");
  two = search (f, "tu");
  g_assert_cmpstr (after, ==, "1,9");
  g_assert_cmpstr (initials, ==, "1,2,6,8,9");
  g_assert_cmpstr (two, ==, "1,2,6,9");   /* 退, 图 */
  check (f, "tuihuo", NULL);
  check (f, "th", NULL);
  check (f, "tu", NULL);
  g_assert_true (kd_store_write (f->store, integrity_job, NULL, &error));
  g_assert_no_error (error);
  {
    gint64 extra = -1;

    g_assert_true (kd_store_write (f->store, extra_btrees_job, &extra, &error));
    g_assert_no_error (error);
    g_assert_cmpint (extra, ==, 0);
  }
}

static void
test_highlight (void)
{
  g_autofree char *a = kd_search_highlight ("亲，退貨請聯繫<客服>", "退货", 100);
  g_autofree char *b = kd_search_highlight ("ＸＬ码 xl 码", "xl", 100);
  g_autofree char *c = kd_search_highlight ("第一行\n第二行很长很长", "", 6);
  g_autofree char *d = kd_search_highlight ("tuihuo 没有汉字匹配", "退货", 100);

  g_assert_cmpstr (a, ==, "亲，<b>退貨</b>請聯繫&lt;客服&gt;");
  g_assert_cmpstr (b, ==, "<b>ＸＬ</b>码 <b>xl</b> 码");
  g_assert_cmpstr (c, ==, "第一行 第二…");
  g_assert_cmpstr (d, ==, "tuihuo 没有汉字匹配");
  {
    /* A fold that changes the length (the ligature ﬁ is "fi"): marked
     * character by character, still at the right place. */
    g_autofree char *e = kd_search_highlight ("ﬁle 退货", "退货", 100);
    g_autofree char *g = kd_search_highlight ("ﬁle 退货", "fi", 100);
    g_assert_cmpstr (e, ==, "ﬁle <b>退货</b>");
    g_assert_cmpstr (g, ==, "<b>ﬁ</b>le 退货");
  }
}

static void
test_queries (Fixture *f, gconstpointer data)
{
  check (f, "退", "1,2,9");            /* one character, Traditional row too */
  check (f, "退货", "1,9");            /* two characters; 退换货 has no 退货 */
  check (f, "色差", "6");
  check (f, "运费险", "1");            /* three: trigrams */
  check (f, "吊牌完好", "2");
  check (f, "退貨", "1,9");            /* Traditional finds Simplified and back */
  check (f, "tuihuo", "1,9");          /* pinyin */
  check (f, "tui huo", "1,9");         /* with a space */
  check (f, "tuihuan", "2");
  check (f, "th", "1,2,6,8,9");        /* initials: 退货, 退换, 不同会 (b-t-h), and "thank" */
  check (f, "ＸＬ", "7");               /* full-width */
  check (f, "xl码", "7");              /* mixed Latin and Chinese */
  check (f, "16:00", "4");
  check (f, "THANK", "8");
  check (f, "\"引号\"", "13");          /* quotes are text, not FTS5 syntax */
  check (f, "OR AND", "13");
  check (f, "不存在的词", "");
  check (f, "   ", "1,2,3,4,5,6,7,8,9,10,11,12,13");
}

/* Every substring of every text of 1 to 4 characters, and the pinyin of
 * some, against the reference. */
static void
test_against_reference (Fixture *f, gconstpointer data)
{
  GRand *rand = g_rand_new_with_seed (7);

  for (guint round = 0; round < 300; round++)
    {
      const char *t = texts[g_rand_int_range (rand, 0, G_N_ELEMENTS (texts))];
      glong n = g_utf8_strlen (t, -1);
      glong len = g_rand_int_range (rand, 1, 5);
      glong start = g_rand_int_range (rand, 0, MAX (1, n - len + 1));
      const char *a = g_utf8_offset_to_pointer (t, start);
      const char *b = g_utf8_offset_to_pointer (t, MIN (n, start + len));
      g_autofree char *q = g_strndup (a, b - a);

      if (round % 3 == 0)
        {
          g_autofree char *folded = kd_search_fold (q);
          g_autofree char *py = kd_search_pinyin (folded, NULL);
          if (*py != '\0')
            check (f, py, NULL);
        }
      check (f, q, NULL);
    }
  g_rand_free (rand);
  g_assert_true (kd_store_write (f->store, integrity_job, NULL, NULL));
}

/* Folding character by character (cached) is the fold of the whole text
 * wherever it is used: random text of what shops write, full-width forms,
 * CJK punctuation and kana, with combining marks and composing
 * neighbours mixed in (text with those is folded whole). */
static void
test_fold_by_char (void)
{
  static const char *pieces[] = {
    "a", "Z", "9", " ", ",", "é", "\xcc\x81" /* U+0301 */, "\xc2\xa8", "ß", "µ", "½",
    "，", "。", "！", "～", "“", "”", "…", "\xe3\x80\x80", "、", "〶", "\xe3\x80\xaa" /* U+302A */,
    "退", "貨", "碼", "尺", "Ｔ", "Ｈ", "１", "＃", "か", "\xe3\x82\x99" /* U+3099 */, "゛", "カ", "ｶ", "ﾞ",
    "㈱", "①", "⼀", "豈", "︰", "ﬁ", "가", "\xe1\x86\xa8" /* U+11A8 */, "ㄱ", "ㅏ", "Ω", "Σ", "😀",
  };
  GRand *rand = g_rand_new_with_seed (11);

  {
    g_autofree char *f = kd_search_fold ("ＴＨ，退貨！");
    g_assert_cmpstr (f, ==, "th,退货!");
  }
  for (guint round = 0; round < 20000; round++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      g_autofree char *fast = NULL, *whole = NULL;

      for (guint i = 0, n = g_rand_int_range (rand, 1, 9); i < n; i++)
        g_string_append (text, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
      fast = kd_search_fold (text->str);
      whole = _kd_search_fold_whole (text->str);
      if (g_strcmp0 (fast, whole) != 0)
        g_error ("“%s” folds to “%s”, as a whole to “%s”", text->str, fast, whole);
    }
  g_rand_free (rand);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/search/keys", test_keys);
  g_test_add_func ("/search/highlight", test_highlight);
  g_test_add_func ("/search/fold-by-char", test_fold_by_char);
  g_test_add ("/search/queries", Fixture, NULL, fixture_setup, test_queries, fixture_teardown);
  g_test_add ("/search/batch", Fixture, NULL, fixture_setup, test_batch, fixture_teardown);
  g_test_add ("/search/batch-keys", Fixture, NULL, fixture_setup, test_batch_keys, fixture_teardown);
  g_test_add ("/search/against-reference", Fixture, NULL, fixture_setup, test_against_reference, fixture_teardown);
  g_test_add ("/search/pinyin-migration", Fixture, NULL, fixture_setup, test_pinyin_migration, fixture_teardown);
  return g_test_run ();
}
