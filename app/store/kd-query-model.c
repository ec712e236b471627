/* kd-query-model.c: a lazy GListModel: a snapshot of sorted ids from SQL, rows read in pages by id.
 *
 * The model holds the ids of the matching rows in order (8 bytes a row), so
 * n_items and any position are known at once and a change is reported as
 * the exact range that moved. Row objects are created empty on demand and
 * filled from pages of PAGE_SIZE rows read by primary key on a reader
 * connection; at most MAX_CACHED of them are kept. Search, filters and sort
 * order become the snapshot's WHERE and ORDER BY; nothing is filtered or
 * sorted in C. bench/query-model-bench compares this with keyset paging
 * and OFFSET.
 *
 * Pages are not read the moment get_item() is called: GtkSingleSelection
 * calls it for every added position when the selected row was in a
 * replaced range (a new search, a sort), which would ask for every page of
 * a million rows. Asked-for pages are collected and read from an idle, the
 * most recent first, at most MAX_FETCHES at a time; an old request whose
 * rows nobody holds any more (the selection let go of them) is dropped. */
#include "kd-query-model-private.h"
#include "kd-search-keys.h"

#include <string.h>

#define PAGE_SIZE 128
#define MAX_CACHED (64 * PAGE_SIZE)
#define DIFF_BLOCK 512
#define MAX_FETCHES 3     /* page reads in flight, one per reader connection */
#define KEEP_WANTED 8
#define HEAD_ROWS 256     /* shown while the full snapshot is read */     /* the newest requests read even if nobody holds their rows */

typedef struct {
  GObject  *item;
  gint64    id;
  gboolean  filled;
  gboolean  pending;
  GList    *lru;     /* link in self->lru, data: this Entry */
} Entry;

struct _KdQueryModel
{
  GObject             parent_instance;

  KdStore            *store;
  const KdQuerySpec  *spec;

  char               *search;
  const KdQuerySort  *sort;
  gboolean            descending;
  GVariant          **filter_values;   /* one per spec filter, NULL: off */

  GArray             *ids;             /* gint64, the rows in order */
  GHashTable         *entries;         /* gint64 * id → Entry */
  GQueue              lru;             /* most recently used first */

  guint               generation;      /* of the snapshot asked for last */
  guint               full_generation; /* of the last full snapshot applied */
  GCancellable       *cancellable;     /* of that snapshot */
  gboolean            loading;
  gboolean            reset_on_load;   /* "all rows changed": re-read every row */
  guint               fetches;         /* in flight */
  guint               pages_read;      /* since creation, for tests and benchmarks */
  GArray             *wanted;          /* guint page numbers, oldest first */
  guint               wanted_idle;
  gulong              changed_id;
};

static void kd_query_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KdQueryModel, kd_query_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, kd_query_model_list_model_init))

enum {
  PROP_0,
  PROP_LOADING,
  PROP_N_ITEMS,
  PROP_SEARCH,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static void request_snapshot (KdQueryModel *self);
static void schedule_wanted  (KdQueryModel *self);

/* ---------------------------------------------------------------- the cache */

static void
entry_free (Entry *e)
{
  g_clear_object (&e->item);
  g_free (e);
}

static void
touch (KdQueryModel *self,
       Entry        *e)
{
  g_queue_unlink (&self->lru, e->lru);
  g_queue_push_head_link (&self->lru, e->lru);
}

/* Evicts the least recently used rows beyond MAX_CACHED, except rows on
 * their way (pending) and rows someone else holds (a row widget showing
 * it must keep getting its updates). Looks at a bounded number of rows. */
static void
trim_cache (KdQueryModel *self)
{
  GList *link = self->lru.tail;
  guint budget = 2 * PAGE_SIZE;

  while (self->lru.length > MAX_CACHED && link != NULL && budget-- > 0)
    {
      GList *prev = link->prev;
      Entry *e = link->data;

      if (!e->pending && e->item->ref_count == 1)
        {
          g_queue_delete_link (&self->lru, link);
          g_hash_table_remove (self->entries, &e->id);
        }
      else
        {
          /* Held: move it out of the way of the next trim. */
          g_queue_unlink (&self->lru, link);
          g_queue_push_head_link (&self->lru, link);
        }
      link = prev;
    }
}

static Entry *
lookup_entry (KdQueryModel *self,
              gint64        id,
              gboolean      create)
{
  Entry *e = g_hash_table_lookup (self->entries, &id);

  if (e != NULL || !create)
    return e;

  e = g_new0 (Entry, 1);
  e->id = id;
  e->item = self->spec->new_placeholder (id);
  g_queue_push_head (&self->lru, e);
  e->lru = self->lru.head;
  g_hash_table_insert (self->entries, &e->id, e);
  if (self->lru.length > MAX_CACHED)
    trim_cache (self);
  return e;
}

/* ---------------------------------------------------------------- pages */

typedef struct {
  KdQueryModel      *self;     /* owned */
  const KdQuerySpec *spec;
  GArray            *ids;      /* gint64 */
  GPtrArray         *rows;     /* GObject, read */
} Fetch;

static void
fetch_free (Fetch *f)
{
  g_clear_object (&f->self);
  g_clear_pointer (&f->ids, g_array_unref);
  g_clear_pointer (&f->rows, g_ptr_array_unref);
  g_free (f);
}

static const char *
page_sql (const KdQuerySpec *spec)
{
  /* One statement per spec with PAGE_SIZE placeholders; unused ones are
   * NULL, which IN never matches. Built once and kept per spec. */
  static GHashTable *cache;
  static GMutex lock;
  const char *sql;

  g_mutex_lock (&lock);
  if (cache == NULL)
    cache = g_hash_table_new (NULL, NULL);
  sql = g_hash_table_lookup (cache, spec);
  if (sql == NULL)
    {
      GString *s = g_string_new (NULL);

      g_string_append_printf (s, "SELECT %s FROM %s WHERE id IN (", spec->columns, spec->from);
      for (guint i = 0; i < PAGE_SIZE; i++)
        g_string_append (s, i ? ",?" : "?");
      g_string_append_c (s, ')');
      sql = g_intern_string (s->str);
      g_string_free (s, TRUE);
      g_hash_table_insert (cache, (gpointer) spec, (gpointer) sql);
    }
  g_mutex_unlock (&lock);
  return sql;
}

static gboolean
fetch_job (KdConn   *conn,
           gpointer  data,
           GError  **error)
{
  Fetch *f = data;
  sqlite3_stmt *stmt = kd_conn_prepare (conn, page_sql (f->spec), error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < f->ids->len; i++)
    sqlite3_bind_int64 (stmt, (int) i + 1, g_array_index (f->ids, gint64, i));

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (f->rows, f->spec->read_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      kd_conn_set_error (conn, error, rc, "page");
      return FALSE;
    }
  return TRUE;
}

static void
update_loading (KdQueryModel *self)
{
  gboolean loading = self->cancellable != NULL || self->fetches > 0 || self->wanted_idle != 0;

  if (loading == self->loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_LOADING]);
}

static void
fetch_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Fetch *f = kd_store_job_get_data (result);
  KdQueryModel *self = f->self;
  g_autoptr(GError) error = NULL;

  self->fetches--;
  if (!kd_store_read_finish (KD_STORE (source), result, &error))
    {
      if (!g_error_matches (error, KD_STORE_ERROR, KD_STORE_ERROR_CLOSED))
        g_warning ("Reading a page of %s failed: %s", self->spec->table, error->message);
    }
  else
    {
      for (guint i = 0; i < f->rows->len; i++)
        {
          GObject *fresh = g_ptr_array_index (f->rows, i);
          gint64 id = 0;
          Entry *e;

          g_object_get (fresh, "id", &id, NULL);
          e = lookup_entry (self, id, FALSE);
          if (e != NULL)
            {
              self->spec->assign (e->item, fresh);
              e->filled = TRUE;
            }
        }
    }

  /* Rows no longer there (deleted meanwhile) stay empty; the snapshot that
   * the deletion triggered takes them out of the list. */
  for (guint i = 0; i < f->ids->len; i++)
    {
      Entry *e = lookup_entry (self, g_array_index (f->ids, gint64, i), FALSE);
      if (e != NULL)
        e->pending = FALSE;
    }
  trim_cache (self);
  schedule_wanted (self);
  update_loading (self);
}

static void
start_fetch (KdQueryModel *self,
             GArray       *ids)
{
  Fetch *f = g_new0 (Fetch, 1);

  f->self = g_object_ref (self);
  f->spec = self->spec;
  f->ids = g_array_ref (ids);
  f->rows = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < ids->len; i++)
    lookup_entry (self, g_array_index (ids, gint64, i), TRUE)->pending = TRUE;

  self->fetches++;
  self->pages_read++;
  update_loading (self);
  kd_store_read_async (self->store, fetch_job, f, (GDestroyNotify) fetch_free, NULL, fetch_done, NULL);
}

/* Page @page's rows that exist, are not filled and not on their way;
 * with @held_only, nothing unless one of them is held outside the cache. */
static GArray *
page_ids (KdQueryModel *self,
          guint         page,
          gboolean      held_only)
{
  GArray *ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), PAGE_SIZE);
  guint start = page * PAGE_SIZE;
  guint end = MIN (start + PAGE_SIZE, self->ids->len);
  gboolean held = !held_only;

  for (guint p = start; p < end; p++)
    {
      gint64 id = g_array_index (self->ids, gint64, p);
      Entry *e = lookup_entry (self, id, FALSE);

      if (e == NULL || e->filled || e->pending)
        continue;
      held = held || e->item->ref_count > 1;
      g_array_append_val (ids, id);
    }
  if (!held)
    g_array_set_size (ids, 0);
  return ids;
}

static gboolean
read_wanted (gpointer user_data)
{
  KdQueryModel *self = user_data;

  self->wanted_idle = 0;

  /* Older requests whose rows nobody holds any more (a selection's scan)
   * are dropped; the newest few are read whoever holds them. */
  for (guint i = 0; i + KEEP_WANTED < self->wanted->len;)
    {
      g_autoptr(GArray) ids = page_ids (self, g_array_index (self->wanted, guint, i), TRUE);

      if (ids->len == 0)
        g_array_remove_index (self->wanted, i);
      else
        i++;
    }

  /* Newest first. */
  while (self->wanted->len > 0 && self->fetches < MAX_FETCHES)
    {
      guint page = g_array_index (self->wanted, guint, self->wanted->len - 1);
      g_autoptr(GArray) ids = NULL;

      g_array_set_size (self->wanted, self->wanted->len - 1);
      ids = page_ids (self, page, FALSE);
      if (ids->len > 0)
        start_fetch (self, ids);
    }
  update_loading (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_wanted (KdQueryModel *self)
{
  if (self->wanted->len > 0 && self->wanted_idle == 0 && self->fetches < MAX_FETCHES)
    self->wanted_idle = g_idle_add_full (G_PRIORITY_HIGH_IDLE, read_wanted, self, NULL);
}

/* Notes that the page around @position is wanted. */
static void
want_page_at (KdQueryModel *self,
              guint         position)
{
  guint page = position / PAGE_SIZE;

  if (self->wanted->len == 0 || g_array_index (self->wanted, guint, self->wanted->len - 1) != page)
    {
      /* A page asked for again moves to the newest end. */
      for (guint i = 0; i + 1 < self->wanted->len; i++)
        if (g_array_index (self->wanted, guint, i) == page)
          {
            g_array_remove_index (self->wanted, i);
            break;
          }
      g_array_append_val (self->wanted, page);
    }
  /* A request list longer than a screenful many times over is a scan:
   * forget its oldest end. */
  if (self->wanted->len > 4 * KEEP_WANTED + 64)
    g_array_remove_range (self->wanted, 0, self->wanted->len - (4 * KEEP_WANTED + 64));
  schedule_wanted (self);
  update_loading (self);
}

/* ---------------------------------------------------------------- GListModel */

static GType
kd_query_model_get_item_type (GListModel *model)
{
  return KD_QUERY_MODEL (model)->spec->item_type;
}

static guint
kd_query_model_get_n_items (GListModel *model)
{
  return KD_QUERY_MODEL (model)->ids->len;
}

static gpointer
kd_query_model_get_item (GListModel *model,
                         guint       position)
{
  KdQueryModel *self = KD_QUERY_MODEL (model);
  Entry *e;

  if (position >= self->ids->len)
    return NULL;

  e = lookup_entry (self, g_array_index (self->ids, gint64, position), TRUE);
  touch (self, e);
  if (!e->filled && !e->pending)
    want_page_at (self, position);
  return g_object_ref (e->item);
}

static void
kd_query_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = kd_query_model_get_item_type;
  iface->get_n_items = kd_query_model_get_n_items;
  iface->get_item = kd_query_model_get_item;
}

/* ---------------------------------------------------------------- snapshots */

typedef struct {
  KdQueryModel *self;       /* owned */
  char         *sql;
  GPtrArray    *params;     /* GVariant */
  guint         generation;
  gboolean      head;       /* only the first HEAD_ROWS, to show something at once */
  GArray       *ids;        /* result */
} Snapshot;

static void
snapshot_free (Snapshot *s)
{
  g_clear_object (&s->self);
  g_free (s->sql);
  g_clear_pointer (&s->params, g_ptr_array_unref);
  g_clear_pointer (&s->ids, g_array_unref);
  g_free (s);
}

static gboolean
snapshot_job (KdConn   *conn,
              gpointer  data,
              GError  **error)
{
  Snapshot *s = data;
  sqlite3_stmt *stmt = kd_conn_prepare (conn, s->sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < s->params->len; i++)
    kd_stmt_bind_variant (stmt, (int) i + 1, g_ptr_array_index (s->params, i));

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (s->ids, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      kd_conn_set_error (conn, error, rc, "list");
      return FALSE;
    }
  return TRUE;
}

/* Replaces self->ids (the old ids) by @fresh, where @fresh differs only in
 * [position, position + removed) of the old list, and reports it. A
 * selection model looks for its selected row among the added ones when the
 * selected row was in the removed range, asking for each: for a large range
 * (a new search over a long list) the removal and the addition are
 * reported apart, with the list really in between (a view asks for
 * n_items on each), so there is nothing to scan; the list re-selects by id
 * when it cares. */
static void
replace_range (KdQueryModel *self,
               GArray       *fresh,
               guint         position,
               guint         removed,
               guint         added)
{
  g_autoptr(GArray) old = self->ids;

  if (removed > 0 && added > 4 * PAGE_SIZE)
    {
      GArray *between = g_array_sized_new (FALSE, FALSE, sizeof (gint64), old->len - removed);

      g_array_append_vals (between, old->data, position);
      g_array_append_vals (between, &g_array_index (old, gint64, position + removed),
                           old->len - position - removed);
      self->ids = between;
      g_list_model_items_changed (G_LIST_MODEL (self), position, removed, 0);
      g_array_unref (self->ids);
      self->ids = g_array_ref (fresh);
      g_list_model_items_changed (G_LIST_MODEL (self), position, 0, added);
    }
  else
    {
      self->ids = g_array_ref (fresh);
      if (removed > 0 || added > 0)
        g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
    }
}

/* Replaces the ids with @fresh and reports the one range that differs. */
static void
apply_snapshot (KdQueryModel *self,
                GArray       *fresh)
{
  const gint64 *a = (const gint64 *) (gpointer) self->ids->data;
  const gint64 *b = (const gint64 *) (gpointer) fresh->data;
  guint n_old = self->ids->len, n_new = fresh->len;
  guint prefix = 0, suffix = 0;

  if (self->reset_on_load)
    {
      /* Every row may differ: forget what was read, and have every row
       * widget asked for again. */
      self->reset_on_load = FALSE;
      g_hash_table_remove_all (self->entries);
      g_queue_clear (&self->lru);
      g_array_set_size (self->wanted, 0);
      replace_range (self, fresh, 0, n_old, n_new);
    }
  else
    {
      guint common = MIN (n_old, n_new);

      /* A million ids: compare in blocks with memcmp first (this runs on
       * the main thread), then finish element by element. */
      while (prefix + DIFF_BLOCK <= common &&
             memcmp (a + prefix, b + prefix, DIFF_BLOCK * sizeof (gint64)) == 0)
        prefix += DIFF_BLOCK;
      while (prefix < common && a[prefix] == b[prefix])
        prefix++;
      while (suffix + DIFF_BLOCK <= common - prefix &&
             memcmp (a + n_old - suffix - DIFF_BLOCK, b + n_new - suffix - DIFF_BLOCK,
                     DIFF_BLOCK * sizeof (gint64)) == 0)
        suffix += DIFF_BLOCK;
      while (suffix < common - prefix && a[n_old - 1 - suffix] == b[n_new - 1 - suffix])
        suffix++;
      replace_range (self, fresh, prefix, n_old - prefix - suffix, n_new - prefix - suffix);
    }

  if (n_old != n_new)
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_N_ITEMS]);
}

static void
snapshot_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Snapshot *s = kd_store_job_get_data (result);
  KdQueryModel *self = s->self;
  g_autoptr(GError) error = NULL;
  gboolean ok = kd_store_read_finish (KD_STORE (source), result, &error);

  if (s->generation != self->generation)
    return;  /* a newer snapshot is on its way */

  if (s->head)
    {
      /* The first rows, while the whole list is still being read: show
       * them, unless the whole list came first. */
      if (ok && self->full_generation != s->generation)
        apply_snapshot (self, s->ids);
      return;
    }

  g_clear_object (&self->cancellable);
  self->full_generation = s->generation;
  if (ok)
    apply_snapshot (self, s->ids);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
           !g_error_matches (error, KD_STORE_ERROR, KD_STORE_ERROR_CLOSED))
    g_warning ("Listing %s failed: %s", self->spec->table, error->message);
  update_loading (self);
}

/* *out_ranked: whether the order starts with a search's rank, so that
 * every match is read and sorted before the first comes out. */
static char *
build_sql (KdQueryModel *self,
           GPtrArray    *params,
           gboolean     *out_ranked)
{
  const KdQuerySpec *spec = self->spec;
  GString *sql = g_string_new (NULL);
  g_autofree char *search = NULL;
  g_autofree char *rank = NULL;
  gboolean where = FALSE, merged = FALSE;
  gboolean searching = self->search != NULL && *self->search != '\0' && spec->build_search != NULL;
  const char *dir = self->descending ? " DESC" : "";

  g_string_append_printf (sql, "SELECT id FROM %s", spec->from);
  for (guint i = 0; i < spec->n_filters; i++)
    if (self->filter_values[i] != NULL)
      {
        g_autofree char *built = NULL;

        if (searching && search == NULL && spec->filters[i].build_with_search != NULL &&
            (search = spec->filters[i].build_with_search (self->filter_values[i], self->search, params)) != NULL)
          {
            /* The search and this filter in one clause, at this place
             * among the values. */
            g_string_append_printf (sql, " %s (%s)", where ? "AND" : "WHERE", search);
            where = TRUE;
            merged = TRUE;
            continue;
          }
        if (spec->filters[i].build != NULL)
          {
            built = spec->filters[i].build (self->filter_values[i], searching, params);
            if (built == NULL)
              continue;
          }
        g_string_append_printf (sql, " %s (%s)", where ? "AND" : "WHERE",
                                built != NULL ? built : spec->filters[i].clause);
        if (built == NULL)
          g_ptr_array_add (params, g_variant_ref (self->filter_values[i]));
        where = TRUE;
      }

  if (searching && !merged)
    {
      search = spec->build_search (self->search, params);
      if (search != NULL)
        g_string_append_printf (sql, " %s (%s)", where ? "AND" : "WHERE", search);
    }
  if (search != NULL && spec->build_rank != NULL)
    rank = spec->build_rank (self->search, params);
  if (out_ranked != NULL)
    *out_ranked = rank != NULL;

  g_string_append (sql, " ORDER BY ");
  if (rank != NULL)
    g_string_append_printf (sql, "%s, ", rank);
  if (self->sort != NULL)
    g_string_append_printf (sql, "%s%s, id%s", self->sort->order_by, dir, dir);
  else
    g_string_append_printf (sql, "id%s", dir);
  return g_string_free (sql, FALSE);
}

static Snapshot *
snapshot_new (KdQueryModel *self,
              const char   *sql,
              GPtrArray    *params,
              gboolean      head)
{
  Snapshot *s = g_new0 (Snapshot, 1);

  s->self = g_object_ref (self);
  s->params = g_ptr_array_ref (params);
  s->sql = head ? g_strdup_printf ("%s LIMIT %d", sql, HEAD_ROWS) : g_strdup (sql);
  s->generation = self->generation;
  s->head = head;
  s->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  return s;
}

/* Asks which rows match now. A new search, filter or sort (@with_head)
 * also asks for the first rows alone, which come back in a few
 * milliseconds even when the whole list takes longer (a substring search
 * over a million rows): they are shown first. A refresh after a write does
 * not, or the list would shrink under the user's scroll position. */
static void
request_snapshot_full (KdQueryModel *self,
                       gboolean      with_head)
{
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  g_autofree char *sql = NULL;
  gboolean ranked = FALSE;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  sql = build_sql (self, params, &ranked);
  self->generation++;
  update_loading (self);
  /* Ranked matches are all sorted before the first comes out: the first
   * rows alone would cost a second reader as much as the whole list. */
  if (with_head && !ranked)
    kd_store_read_async (self->store, snapshot_job, snapshot_new (self, sql, params, TRUE),
                         (GDestroyNotify) snapshot_free, self->cancellable, snapshot_done, NULL);
  kd_store_read_async (self->store, snapshot_job, snapshot_new (self, sql, params, FALSE),
                       (GDestroyNotify) snapshot_free, self->cancellable, snapshot_done, NULL);
}

static void
request_snapshot (KdQueryModel *self)
{
  request_snapshot_full (self, TRUE);
}

/* A write committed: re-read the rows we hold, then which rows match. */
static void
on_store_changed (KdStore      *store,
                  const char   *table,
                  GArray       *ids,
                  KdQueryModel *self)
{
  if (ids->len == 0)
    self->reset_on_load = TRUE;
  else
    {
      g_autoptr(GArray) stale = g_array_new (FALSE, FALSE, sizeof (gint64));

      for (guint i = 0; i < ids->len; i++)
        {
          gint64 id = g_array_index (ids, gint64, i);
          Entry *e = lookup_entry (self, id, FALSE);

          if (e != NULL && !e->pending)
            {
              e->filled = FALSE;
              g_array_append_val (stale, id);
            }
          if (stale->len == PAGE_SIZE)
            {
              start_fetch (self, stale);
              g_array_set_size (stale, 0);
            }
        }
      if (stale->len > 0)
        start_fetch (self, stale);
    }
  request_snapshot_full (self, FALSE);
}

/* ---------------------------------------------------------------- public */

void
kd_query_model_set_search (KdQueryModel *self,
                           const char   *text)
{
  g_return_if_fail (KD_IS_QUERY_MODEL (self));

  if (g_strcmp0 (self->search, text) == 0)
    return;
  g_free (self->search);
  self->search = g_strdup (text);
  request_snapshot (self);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_SEARCH]);
}

const char *
kd_query_model_get_search (KdQueryModel *self)
{
  g_return_val_if_fail (KD_IS_QUERY_MODEL (self), NULL);
  return self->search;
}

gboolean
kd_query_model_set_sort (KdQueryModel *self,
                         const char   *key,
                         gboolean      descending)
{
  const KdQuerySort *sort = NULL;

  g_return_val_if_fail (KD_IS_QUERY_MODEL (self), FALSE);

  for (guint i = 0; key != NULL && i < self->spec->n_sorts; i++)
    if (g_str_equal (self->spec->sorts[i].name, key))
      sort = &self->spec->sorts[i];
  if (key != NULL && sort == NULL)
    return FALSE;

  if (sort == self->sort && descending == self->descending)
    return TRUE;
  self->sort = sort;
  self->descending = descending;
  request_snapshot (self);
  return TRUE;
}

const char *
kd_query_model_get_sort_key (KdQueryModel *self)
{
  g_return_val_if_fail (KD_IS_QUERY_MODEL (self), NULL);
  return self->sort ? self->sort->name : NULL;
}

gboolean
kd_query_model_get_sort_descending (KdQueryModel *self)
{
  g_return_val_if_fail (KD_IS_QUERY_MODEL (self), FALSE);
  return self->descending;
}

/* @value (floating taken) is bound to the filter's "?"; NULL turns it off. */
gboolean
kd_query_model_set_filter (KdQueryModel *self,
                           const char   *name,
                           GVariant     *value)
{
  g_autoptr(GVariant) sunk = value ? g_variant_ref_sink (value) : NULL;

  g_return_val_if_fail (KD_IS_QUERY_MODEL (self), FALSE);

  for (guint i = 0; i < self->spec->n_filters; i++)
    if (g_str_equal (self->spec->filters[i].name, name))
      {
        GVariant *old = self->filter_values[i];

        if ((old == NULL && sunk == NULL) || (old != NULL && sunk != NULL && g_variant_equal (old, sunk)))
          return TRUE;
        g_clear_pointer (&self->filter_values[i], g_variant_unref);
        self->filter_values[i] = sunk ? g_variant_ref (sunk) : NULL;
        request_snapshot (self);
        return TRUE;
      }
  return FALSE;
}

void
kd_query_model_refresh (KdQueryModel *self)
{
  g_return_if_fail (KD_IS_QUERY_MODEL (self));
  self->reset_on_load = TRUE;
  request_snapshot_full (self, FALSE);
}

gboolean
kd_query_model_get_loading (KdQueryModel *self)
{
  g_return_val_if_fail (KD_IS_QUERY_MODEL (self), FALSE);
  return self->loading;
}

gint64
kd_query_model_get_id (KdQueryModel *self,
                       guint         position)
{
  g_return_val_if_fail (KD_IS_QUERY_MODEL (self), 0);
  if (position >= self->ids->len)
    return 0;
  return g_array_index (self->ids, gint64, position);
}

guint
kd_query_model_find_id (KdQueryModel *self,
                        gint64        id)
{
  const gint64 *ids;

  g_return_val_if_fail (KD_IS_QUERY_MODEL (self), G_MAXUINT);
  ids = (const gint64 *) (gpointer) self->ids->data;
  for (guint i = 0; i < self->ids->len; i++)
    if (ids[i] == id)
      return i;
  return G_MAXUINT;
}

guint
kd_query_model_get_n_cached (KdQueryModel *self)
{
  g_return_val_if_fail (KD_IS_QUERY_MODEL (self), 0);
  return g_hash_table_size (self->entries);
}

guint
kd_query_model_get_n_pages_read (KdQueryModel *self)
{
  g_return_val_if_fail (KD_IS_QUERY_MODEL (self), 0);
  return self->pages_read;
}

KdStore *
kd_query_model_get_store (KdQueryModel *self)
{
  g_return_val_if_fail (KD_IS_QUERY_MODEL (self), NULL);
  return self->store;
}

/* ---------------------------------------------------------------- GObject */

static void
kd_query_model_dispose (GObject *object)
{
  KdQueryModel *self = KD_QUERY_MODEL (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->wanted_idle, g_source_remove);
  if (self->store != NULL && self->changed_id != 0)
    g_clear_signal_handler (&self->changed_id, self->store);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (kd_query_model_parent_class)->dispose (object);
}

static void
kd_query_model_finalize (GObject *object)
{
  KdQueryModel *self = KD_QUERY_MODEL (object);

  g_queue_clear (&self->lru);
  g_clear_pointer (&self->entries, g_hash_table_unref);
  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->wanted, g_array_unref);
  for (guint i = 0; self->filter_values != NULL && i < self->spec->n_filters; i++)
    g_clear_pointer (&self->filter_values[i], g_variant_unref);
  g_free (self->filter_values);
  g_free (self->search);

  G_OBJECT_CLASS (kd_query_model_parent_class)->finalize (object);
}

static void
kd_query_model_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  KdQueryModel *self = KD_QUERY_MODEL (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->ids->len);
      break;
    case PROP_SEARCH:
      g_value_set_string (value, self->search);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kd_query_model_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  KdQueryModel *self = KD_QUERY_MODEL (object);

  switch (prop_id)
    {
    case PROP_SEARCH:
      kd_query_model_set_search (self, g_value_get_string (value));
      break;
    case PROP_LOADING:
    case PROP_N_ITEMS:
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kd_query_model_class_init (KdQueryModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kd_query_model_dispose;
  object_class->finalize = kd_query_model_finalize;
  object_class->get_property = kd_query_model_get_property;
  object_class->set_property = kd_query_model_set_property;

  props[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  props[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  props[PROP_SEARCH] =
    g_param_spec_string ("search", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
kd_query_model_init (KdQueryModel *self)
{
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->wanted = g_array_new (FALSE, FALSE, sizeof (guint));
  self->entries = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify) entry_free);
  g_queue_init (&self->lru);
}

/* Starts reading at once; the model is empty and "loading" until the
 * first snapshot arrives. */
KdQueryModel *
kd_query_model_new (KdStore           *store,
                    const KdQuerySpec *spec)
{
  KdQueryModel *self;
  g_autofree char *signal = NULL;

  g_return_val_if_fail (KD_IS_STORE (store), NULL);
  g_return_val_if_fail (spec != NULL, NULL);

  self = g_object_new (KD_TYPE_QUERY_MODEL, NULL);
  self->store = g_object_ref (store);
  self->spec = spec;
  self->filter_values = g_new0 (GVariant *, MAX (spec->n_filters, 1));
  if (spec->n_sorts > 0)
    self->sort = &spec->sorts[0];

  /* A list that can be searched will fold what is typed on this thread. */
  if (spec->build_search != NULL)
    kd_search_keys_preload ();

  signal = g_strdup_printf ("changed::%s", spec->table);
  self->changed_id = g_signal_connect (store, signal, G_CALLBACK (on_store_changed), self);
  request_snapshot (self);
  return self;
}
