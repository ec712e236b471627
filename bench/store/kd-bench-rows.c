/* kd-bench-rows.c: a synthetic million-row table for query-model-bench, its KdQuerySpec, and SQL-level paging timings.
 *
 * Bench-only: compiled with the store's private headers (sqlite3.h), as a
 * repository would be, so the benchmark itself stays above the store. */
#include "kd-bench-rows.h"
#include "kd-query-model-private.h"

#include <string.h>

/* ---------------------------------------------------------------- the row */

struct _KdBenchRow
{
  GObject   parent_instance;
  gint64    id;
  gint64    sort_key;
  char     *name;
  char     *city;
  char     *word;
  gboolean  filled;
};

G_DEFINE_FINAL_TYPE (KdBenchRow, kd_bench_row, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_SORT_KEY,
  PROP_NAME,
  PROP_CITY,
  PROP_WORD,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static void
kd_bench_row_finalize (GObject *object)
{
  KdBenchRow *self = KD_BENCH_ROW (object);

  g_free (self->name);
  g_free (self->city);
  g_free (self->word);
  G_OBJECT_CLASS (kd_bench_row_parent_class)->finalize (object);
}

static void
kd_bench_row_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  KdBenchRow *self = KD_BENCH_ROW (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_SORT_KEY:
      g_value_set_int64 (value, self->sort_key);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_CITY:
      g_value_set_string (value, self->city);
      break;
    case PROP_WORD:
      g_value_set_string (value, self->word);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kd_bench_row_class_init (KdBenchRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = kd_bench_row_finalize;
  object_class->get_property = kd_bench_row_get_property;

  props[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  props[PROP_SORT_KEY] = g_param_spec_int64 ("sort-key", NULL, NULL, 0, G_MAXINT64, 0, flags);
  props[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, "", flags);
  props[PROP_CITY] = g_param_spec_string ("city", NULL, NULL, "", flags);
  props[PROP_WORD] = g_param_spec_string ("word", NULL, NULL, "", flags);
  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
kd_bench_row_init (KdBenchRow *self)
{
}

KdBenchRow *
kd_bench_row_new (gint64      id,
                  gint64      sort_key,
                  const char *name,
                  const char *city,
                  const char *word)
{
  KdBenchRow *self = g_object_new (KD_TYPE_BENCH_ROW, NULL);

  self->id = id;
  self->sort_key = sort_key;
  self->name = g_strdup (name);
  self->city = g_strdup (city);
  self->word = g_strdup (word);
  self->filled = TRUE;
  return self;
}

gint64 kd_bench_row_get_id (KdBenchRow *self) { return self->id; }
gint64 kd_bench_row_get_sort_key (KdBenchRow *self) { return self->sort_key; }
const char *kd_bench_row_get_name (KdBenchRow *self) { return self->name; }
const char *kd_bench_row_get_city (KdBenchRow *self) { return self->city; }
const char *kd_bench_row_get_word (KdBenchRow *self) { return self->word; }
gboolean kd_bench_row_is_filled (KdBenchRow *self) { return self->filled; }

/* ---------------------------------------------------------------- the spec */

#define ROW_COLUMNS "id, sort_key, name, city, word"

static GObject *
row_placeholder (gint64 id)
{
  KdBenchRow *row = kd_bench_row_new (id, 0, "", "", "");

  row->filled = FALSE;
  return G_OBJECT (row);
}

static GObject *
row_read (sqlite3_stmt *stmt)
{
  return G_OBJECT (kd_bench_row_new (sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1),
                                     kd_stmt_text (stmt, 2), kd_stmt_text (stmt, 3), kd_stmt_text (stmt, 4)));
}

static void
assign_string (KdBenchRow  *self,
               char       **field,
               const char  *value,
               int          prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), props[prop]);
}

static void
row_assign (GObject *target,
            GObject *fresh)
{
  KdBenchRow *t = KD_BENCH_ROW (target);
  KdBenchRow *f = KD_BENCH_ROW (fresh);

  g_object_freeze_notify (target);
  if (t->sort_key != f->sort_key)
    {
      t->sort_key = f->sort_key;
      g_object_notify_by_pspec (target, props[PROP_SORT_KEY]);
    }
  assign_string (t, &t->name, f->name, PROP_NAME);
  assign_string (t, &t->city, f->city, PROP_CITY);
  assign_string (t, &t->word, f->word, PROP_WORD);
  t->filled = TRUE;
  g_object_thaw_notify (target);
}

static char *
search_substring (const char *text,
                  GPtrArray  *params)
{
  g_autofree char *needle = g_utf8_strdown (text, -1);

  g_ptr_array_add (params, g_variant_ref_sink (g_variant_new_string (needle)));
  return g_strdup ("instr(search_text, ?) > 0");
}

static char *
search_prefix (const char *text,
               GPtrArray  *params)
{
  g_autofree char *low = g_utf8_strdown (text, -1);
  g_autofree char *high = g_strdup (low);
  gsize len = strlen (high);

  /* [low, high): the next string after every one starting with @low
   * (ASCII words; a trailing 0xff byte would need more care). */
  if (len == 0 || (guchar) high[len - 1] == 0xff)
    return NULL;
  high[len - 1]++;
  g_ptr_array_add (params, g_variant_ref_sink (g_variant_new_string (low)));
  g_ptr_array_add (params, g_variant_ref_sink (g_variant_new_string (high)));
  return g_strdup ("word >= ? AND word < ?");
}

static const KdQuerySort row_sorts[] = {
  { "key", "sort_key" },
  { "name", "name" },
};

static KdQuerySpec spec_substring = {
  .table = "bench_rows",
  .from = "bench_rows",
  .columns = ROW_COLUMNS,
  .new_placeholder = row_placeholder,
  .read_row = row_read,
  .assign = row_assign,
  .build_search = search_substring,
  .sorts = row_sorts,
  .n_sorts = G_N_ELEMENTS (row_sorts),
};

static KdQuerySpec spec_prefix = {
  .table = "bench_rows",
  .from = "bench_rows",
  .columns = ROW_COLUMNS,
  .new_placeholder = row_placeholder,
  .read_row = row_read,
  .assign = row_assign,
  .build_search = search_prefix,
  .sorts = row_sorts,
  .n_sorts = G_N_ELEMENTS (row_sorts),
};

const KdQuerySpec *
kd_bench_rows_spec_substring (void)
{
  spec_substring.item_type = KD_TYPE_BENCH_ROW;
  return &spec_substring;
}

const KdQuerySpec *
kd_bench_rows_spec_prefix (void)
{
  spec_prefix.item_type = KD_TYPE_BENCH_ROW;
  return &spec_prefix;
}

/* ---------------------------------------------------------------- the data */

static const char *syllables[] = {
  "an", "bai", "chen", "deng", "fang", "gao", "hu", "jin", "kai", "li", "ming", "ning",
  "ou", "ping", "qing", "rui", "shan", "tao", "wen", "xin", "yang", "zhou", "lan", "mei",
  "hong", "bo", "cui", "du", "feng", "guo", "hai", "jun",
};
static const char *surnames[] = { "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭" };
static const char *given[] = { "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀", "霞", "平" };
static const char *cities[] = { "杭州", "深圳", "上海", "北京", "广州", "成都", "武汉", "南京", "西安", "苏州", "义乌", "厦门" };

#define N_SYL G_N_ELEMENTS (syllables)
#define N_WORDS (N_SYL * N_SYL + N_SYL * N_SYL * N_SYL)

static char *
word_at (guint index)
{
  if (index < N_SYL * N_SYL)
    return g_strconcat (syllables[index / N_SYL], syllables[index % N_SYL], NULL);
  index -= N_SYL * N_SYL;
  return g_strconcat (syllables[index / (N_SYL * N_SYL)], syllables[(index / N_SYL) % N_SYL],
                      syllables[index % N_SYL], NULL);
}

const char *
kd_bench_rows_word (guint index)
{
  static char *words[N_WORDS];

  index %= N_WORDS;
  if (words[index] == NULL)
    words[index] = word_at (index);
  return words[index];
}

guint
kd_bench_rows_n_words (void)
{
  return N_WORDS;
}

typedef struct {
  guint   n_rows;
  guint32 seed;
} Create;

static gboolean
create_job (KdConn   *conn,
            gpointer  data,
            GError  **error)
{
  Create *c = data;
  g_autoptr(GRand) rand = g_rand_new_with_seed (c->seed);
  sqlite3_stmt *stmt;

  if (!kd_conn_exec (conn,
                     "CREATE TABLE bench_rows ("
                     "  id INTEGER PRIMARY KEY, sort_key INTEGER NOT NULL, name TEXT NOT NULL,"
                     "  city TEXT NOT NULL, word TEXT NOT NULL, search_text TEXT NOT NULL)", error))
    return FALSE;

  stmt = kd_conn_prepare (conn, "INSERT INTO bench_rows (id, sort_key, name, city, word, search_text) "
                                "VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 1; i <= c->n_rows; i++)
    {
      g_autofree char *name = g_strconcat (surnames[g_rand_int_range (rand, 0, G_N_ELEMENTS (surnames))],
                                           given[g_rand_int_range (rand, 0, G_N_ELEMENTS (given))],
                                           g_rand_boolean (rand) ? given[g_rand_int_range (rand, 0, G_N_ELEMENTS (given))] : "",
                                           NULL);
      const char *city = cities[g_rand_int_range (rand, 0, G_N_ELEMENTS (cities))];
      const char *word = kd_bench_rows_word (g_rand_int_range (rand, 0, N_WORDS));
      g_autofree char *search = g_strjoin ("\n", word, name, city, NULL);

      sqlite3_bind_int64 (stmt, 1, i);
      sqlite3_bind_int64 (stmt, 2, g_rand_int_range (rand, 0, G_MAXINT32));
      sqlite3_bind_text (stmt, 3, name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, city, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, word, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, search, -1, SQLITE_STATIC);
      if (!kd_conn_step_done (conn, stmt, error))
        return FALSE;
    }
  /* After the rows: one sort to build each index, not a million inserts
   * into it. The words' index carries the sort key and the id: a prefix's
   * snapshot (its ids in the list's order) and its count are read from the
   * index alone, without a lookup of each of 30 000 rows of a short prefix
   * in the table (235 → 33 ms in the sqlite3 shell). */
  return kd_conn_exec (conn, "CREATE INDEX bench_rows_sort ON bench_rows (sort_key, id)", error) &&
         kd_conn_exec (conn, "CREATE INDEX bench_rows_word ON bench_rows (word, sort_key, id)", error);
}

gboolean
kd_bench_rows_create (KdStore  *store,
                      guint     n_rows,
                      guint32   seed,
                      GError  **error)
{
  Create c = { n_rows, seed };

  return kd_store_write (store, create_job, &c, error);
}

static gboolean
read_all_job (KdConn   *conn,
              gpointer  data,
              GError  **error)
{
  GPtrArray *rows = data;
  sqlite3_stmt *stmt = kd_conn_prepare (conn, "SELECT " ROW_COLUMNS " FROM bench_rows ORDER BY sort_key, id", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, row_read (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      kd_conn_set_error (conn, error, rc, "bench rows");
      return FALSE;
    }
  return TRUE;
}

GPtrArray *
kd_bench_rows_read_all (KdStore  *store,
                        GError  **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_full (1 << 20, g_object_unref);

  if (!kd_store_read (store, read_all_job, rows, error))
    return NULL;
  return g_steal_pointer (&rows);
}

/* ---------------------------------------------------------------- paging */

typedef struct {
  guint          position;
  guint          reps;
  KdBenchPaging *out;
} Paging;

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
median (double *v,
        guint   n)
{
  qsort (v, n, sizeof *v, compare_double);
  return v[n / 2];
}

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

/* Steps @stmt to the end reading every column as the page reader would. */
static gboolean
drain (KdConn        *conn,
       sqlite3_stmt  *stmt,
       guint         *n_rows,
       GError       **error)
{
  int rc;
  gsize bytes = 0;

  *n_rows = 0;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      bytes += sqlite3_column_int64 (stmt, 0) + sqlite3_column_int64 (stmt, 1);
      for (int col = 2; col < 5; col++)
        bytes += strlen (kd_stmt_text (stmt, col));
      (*n_rows)++;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      kd_conn_set_error (conn, error, rc, "paging");
      return FALSE;
    }
  return bytes > 0 || *n_rows == 0;
}

static gboolean
paging_job (KdConn   *conn,
            gpointer  data,
            GError  **error)
{
  Paging *p = data;
  g_autofree double *t = g_new0 (double, MAX (p->reps, 5));
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GString) in_sql = g_string_new ("SELECT " ROW_COLUMNS " FROM bench_rows WHERE id IN (");
  sqlite3_stmt *stmt;
  gint64 anchor_key = 0, anchor_id = 0;
  guint n = 0;
  int rc;

  /* The snapshot: what the model runs on every refresh without a search. */
  stmt = kd_conn_prepare (conn, "SELECT id FROM bench_rows ORDER BY sort_key, id", error);
  if (stmt == NULL)
    return FALSE;
  for (guint r = 0; r < 5; r++)
    {
      double t0 = now_ms ();

      g_clear_pointer (&ids, g_array_unref);
      ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);
          g_array_append_val (ids, id);
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          kd_conn_set_error (conn, error, rc, "snapshot");
          return FALSE;
        }
      t[r] = now_ms () - t0;
    }
  p->out->snapshot_ms = median (t, 5);
  p->out->n_ids = ids->len;
  if (p->position == 0 || p->position + 128 > ids->len)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "position %u out of range", p->position);
      return FALSE;
    }

  /* The keyset anchor: the last row of the page before. */
  anchor_id = g_array_index (ids, gint64, p->position - 1);
  stmt = kd_conn_prepare (conn, "SELECT sort_key FROM bench_rows WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, anchor_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    anchor_key = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  stmt = kd_conn_prepare (conn, "SELECT " ROW_COLUMNS " FROM bench_rows WHERE (sort_key, id) > (?1, ?2) "
                                "ORDER BY sort_key, id LIMIT 128", error);
  if (stmt == NULL)
    return FALSE;
  for (guint r = 0; r < p->reps; r++)
    {
      double t0 = now_ms ();

      sqlite3_bind_int64 (stmt, 1, anchor_key);
      sqlite3_bind_int64 (stmt, 2, anchor_id);
      if (!drain (conn, stmt, &n, error))
        return FALSE;
      t[r] = now_ms () - t0;
      g_assert_cmpuint (n, ==, 128);
    }
  p->out->keyset_ms = median (t, p->reps);

  stmt = kd_conn_prepare (conn, "SELECT " ROW_COLUMNS " FROM bench_rows ORDER BY sort_key, id LIMIT 128 OFFSET ?1", error);
  if (stmt == NULL)
    return FALSE;
  for (guint r = 0; r < p->reps; r++)
    {
      double t0 = now_ms ();

      sqlite3_bind_int64 (stmt, 1, p->position);
      if (!drain (conn, stmt, &n, error))
        return FALSE;
      t[r] = now_ms () - t0;
      g_assert_cmpuint (n, ==, 128);
    }
  p->out->offset_ms = median (t, p->reps);
  for (guint r = 0; r < p->reps; r++)
    {
      double t0 = now_ms ();

      sqlite3_bind_int64 (stmt, 1, 1000);
      if (!drain (conn, stmt, &n, error))
        return FALSE;
      t[r] = now_ms () - t0;
    }
  p->out->offset_small_ms = median (t, p->reps);

  for (guint i = 0; i < 128; i++)
    g_string_append (in_sql, i ? ",?" : "?");
  g_string_append_c (in_sql, ')');
  stmt = kd_conn_prepare (conn, in_sql->str, error);
  if (stmt == NULL)
    return FALSE;
  for (guint r = 0; r < p->reps; r++)
    {
      double t0 = now_ms ();

      for (guint i = 0; i < 128; i++)
        sqlite3_bind_int64 (stmt, (int) i + 1, g_array_index (ids, gint64, p->position + i));
      if (!drain (conn, stmt, &n, error))
        return FALSE;
      t[r] = now_ms () - t0;
      g_assert_cmpuint (n, ==, 128);
    }
  p->out->in_ms = median (t, p->reps);
  return TRUE;
}

gboolean
kd_bench_rows_paging (KdStore        *store,
                      guint           position,
                      guint           reps,
                      KdBenchPaging  *out,
                      GError        **error)
{
  Paging p = { position, MAX (reps, 1), out };

  return kd_store_read (store, paging_job, &p, error);
}
