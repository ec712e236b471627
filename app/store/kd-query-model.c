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
 * rows nobody holds any more (the selection let go of them) is dropped.
 *
 * A new filter or sort reads its first HEAD_ROWS rows alone and, when
 * there are that many, their COUNT next: a long list has its length
 * (and a view its scroll bar) long before the snapshot of every id, which
 * then only fills in the ids of the positions past the first rows. The
 * change a new query makes is reported in steps of STEP_ROWS rows (see
 * step_towards_target()), because GTK 4.8 rebuilds a row widget for every
 * row in a changed range.
 *
 * Over 800 lines on purpose: one GListModel whose page cache, page reads,
 * snapshots and stepped changes keep one set of invariants together (ids,
 * n_known, target, entries, the generations); split up, most of its
 * fields and helpers would have to be shared across files.
 */
#include "kd-query-model-private.h"
#include "kd-search-keys.h"

#include <string.h>

#define PAGE_SIZE 128
#define MAX_CACHED (64 * PAGE_SIZE)
#define DIFF_BLOCK 512
#define STEP_ROWS 8       /* rows removed and added per main-loop turn */
#define STEP_WINDOW 256   /* rows past which a view at the top holds no widgets */
#define SLOW_TURN_US 80000 /* two turns in a row between steps this long: the rest at once */
#define MAX_FETCHES 3     /* page reads in flight, one per reader connection */
#define KEEP_WANTED 8     /* the newest requests read even if nobody holds their rows */
#define HEAD_ROWS 256     /* shown while the full snapshot is read */
/* A position whose id the full snapshot has not brought yet (its count
 * came first). Row ids are positive (SQLite rowids from 1); a row object
 * asked for at such a position is kept under the key -1 - position until
 * its id is known. */
#define UNKNOWN_ID G_MININT64

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

  GArray             *ids;             /* gint64, the rows in order; UNKNOWN_ID from n_known on */
  guint               n_known;         /* leading positions whose id is known */
  GArray             *target;          /* the list being reached in steps, or NULL */
  guint               target_known;
  guint               n_matches;       /* as last notified: the target's length, else the list's */
  gboolean            n_matches_known;
  gboolean            count_pending;   /* a search's first rows only: its count is not known yet */
  guint               step_id;
  guint               steps;
  gint64              last_step_us;    /* monotonic time of the last step */
  guint               slow_turns;      /* in a row, towards this target */
  gint64              slow_turn_us;    /* SLOW_TURN_US; tests: 0 never, 1 always */
  gboolean            step_changes;    /* a new search, filter or sort: step; a write's refresh: at once */
  GHashTable         *entries;         /* gint64 * id → Entry */
  GQueue              lru;             /* most recently used first */

  guint               generation;      /* of the snapshot asked for last */
  guint               full_generation; /* of the last full snapshot applied */
  guint               count_generation;/* of the last count applied before its snapshot */
  gboolean            hold_full;       /* tests: keep full snapshots aside */
  GArray             *held_ids;        /* the last one kept aside meanwhile */
  guint               held_generation;
  GCancellable       *cancellable;     /* of that snapshot */
  /* The rows at counted positions (ids not known yet), read by position
   * meanwhile: the last query's rows with LIMIT and OFFSET, from its
   * start or from its end, whichever is nearer. */
  char               *pos_sql;         /* the last query's, forwards ... */
  char               *pos_sql_reverse; /* ... and backwards */
  GPtrArray          *pos_params;      /* GVariant, its values */
  guint               unknown_epoch;   /* changes whenever the unknown positions' rows are let go */
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
  PROP_N_MATCHES,
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
  e->item = self->spec->new_placeholder (id > 0 ? id : 0);
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
  /* Read by position instead (ids unused): rows [start, end) of the
   * query @sql with @params, of the model's @generation and @epoch. */
  char              *sql;
  GPtrArray         *params;
  guint              start, end;
  guint              offset;   /* start, or counted from the end when @reverse */
  gboolean           reverse;
  guint              generation;
  guint              epoch;
} Fetch;

static void
fetch_free (Fetch *f)
{
  g_clear_object (&f->self);
  g_clear_pointer (&f->ids, g_array_unref);
  g_clear_pointer (&f->rows, g_ptr_array_unref);
  g_clear_pointer (&f->params, g_ptr_array_unref);
  g_free (f->sql);
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
  sqlite3_stmt *stmt;
  int rc;

  if (f->sql != NULL)
    {
      /* By position: the ids first, which OFFSET steps over in the
       * index alone (the row columns, subqueries and all, would be
       * worked out for every row stepped over: 44 ms against 15 at
       * OFFSET 500 000 of a million orders), then their rows by id. */
      guint n = f->params->len;

      stmt = kd_conn_prepare (conn, f->sql, error);
      if (stmt == NULL)
        return FALSE;
      for (guint i = 0; i < n; i++)
        kd_stmt_bind_variant (stmt, (int) i + 1, g_ptr_array_index (f->params, i));
      sqlite3_bind_int64 (stmt, (int) n + 1, f->end - f->start);
      sqlite3_bind_int64 (stmt, (int) n + 2, f->offset);
      f->ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), PAGE_SIZE);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);
          g_array_append_val (f->ids, id);
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          kd_conn_set_error (conn, error, rc, "page");
          return FALSE;
        }
    }

  stmt = kd_conn_prepare (conn, page_sql (f->spec), error);
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
  gboolean loading = self->cancellable != NULL || self->fetches > 0 || self->wanted_idle != 0 ||
                     self->target != NULL;

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
  if (f->sql != NULL)
    {
      gboolean ok = kd_store_read_finish (KD_STORE (source), result, &error);
      g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
      g_autofree gint64 *row_ids = g_new0 (gint64, MAX (f->rows->len, 1));

      if (!ok && !g_error_matches (error, KD_STORE_ERROR, KD_STORE_ERROR_CLOSED))
        g_warning ("Reading a page of %s failed: %s", self->spec->table, error->message);

      /* The rows came in the order of their ids, the positions in the
       * order of the ids read first. */
      for (guint i = 0; ok && i < f->rows->len; i++)
        {
          GObject *row = g_ptr_array_index (f->rows, i);

          g_object_get (row, "id", &row_ids[i], NULL);
          g_hash_table_insert (by_id, &row_ids[i], row);
        }
      /* Its rows are still the ones at those positions unless the list
       * moved on meanwhile (then its asked-for rows were let go or took
       * their ids, and whoever holds them asks again). */
      if (f->epoch == self->unknown_epoch)
        for (guint p = f->start; p < f->end; p++)
          {
            Entry *e = lookup_entry (self, -1 - (gint64) p, FALSE);
            guint i = f->reverse ? f->end - 1 - p : p - f->start;
            GObject *row = NULL;

            if (e == NULL)
              continue;
            e->pending = FALSE;
            if (ok && f->ids != NULL && i < f->ids->len)
              row = g_hash_table_lookup (by_id, &g_array_index (f->ids, gint64, i));
            if (row != NULL && f->generation == self->generation)
              {
                self->spec->assign (e->item, row);
                e->filled = TRUE;
              }
          }
      trim_cache (self);
      schedule_wanted (self);
      update_loading (self);
      return;
    }
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

/* Whether the rows at counted positions can be read by position: the
 * list's unknown positions are the last query's count and nothing is
 * moving (a change being reached in steps, a refresh after a write). */
static gboolean
can_read_by_position (KdQueryModel *self)
{
  return self->pos_sql != NULL && self->target == NULL && self->n_known < self->ids->len &&
         self->count_generation == self->generation && self->full_generation != self->generation;
}

/* The positions of page @page past the known ids whose rows were asked
 * for and are neither filled nor on their way: [*start, *end), or FALSE.
 * With @held_only, FALSE unless one of them is held outside the cache. */
static gboolean
page_unknown (KdQueryModel *self,
              guint         page,
              gboolean      held_only,
              guint        *start,
              guint        *end)
{
  guint first = MAX (page * PAGE_SIZE, self->n_known);
  guint last = MIN (page * PAGE_SIZE + PAGE_SIZE, self->ids->len);
  gboolean any = FALSE, held = !held_only;

  for (guint p = first; p < last; p++)
    {
      Entry *e = lookup_entry (self, -1 - (gint64) p, FALSE);

      if (e == NULL || e->filled || e->pending)
        continue;
      held = held || e->item->ref_count > 1;
      any = TRUE;
    }
  *start = first;
  *end = last;
  return any && held;
}

static void
start_position_fetch (KdQueryModel *self,
                      guint         start,
                      guint         end)
{
  Fetch *f = g_new0 (Fetch, 1);
  guint n = self->ids->len;

  f->self = g_object_ref (self);
  f->spec = self->spec;
  f->rows = g_ptr_array_new_with_free_func (g_object_unref);
  f->start = start;
  f->end = end;
  /* OFFSET steps over every row before it: from the nearer end. */
  f->reverse = n - end < start;
  f->offset = f->reverse ? n - end : start;
  f->sql = g_strdup (f->reverse ? self->pos_sql_reverse : self->pos_sql);
  f->params = g_ptr_array_ref (self->pos_params);
  f->generation = self->generation;
  f->epoch = self->unknown_epoch;
  for (guint p = start; p < end; p++)
    {
      Entry *e = lookup_entry (self, -1 - (gint64) p, FALSE);
      if (e != NULL)
        e->pending = TRUE;
    }

  self->fetches++;
  self->pages_read++;
  update_loading (self);
  kd_store_read_async (self->store, fetch_job, f, (GDestroyNotify) fetch_free, NULL, fetch_done, NULL);
}

static gboolean
read_wanted (gpointer user_data)
{
  KdQueryModel *self = user_data;
  gboolean by_position = can_read_by_position (self);

  self->wanted_idle = 0;

  /* Older requests whose rows nobody holds any more (a selection's scan)
   * are dropped; the newest few are read whoever holds them. */
  for (guint i = 0; i + KEEP_WANTED < self->wanted->len;)
    {
      guint page = g_array_index (self->wanted, guint, i);
      g_autoptr(GArray) ids = page_ids (self, page, TRUE);
      guint start, end;

      if (ids->len == 0 && !(by_position && page_unknown (self, page, TRUE, &start, &end)))
        g_array_remove_index (self->wanted, i);
      else
        i++;
    }

  /* Newest first. */
  while (self->wanted->len > 0 && self->fetches < MAX_FETCHES)
    {
      guint page = g_array_index (self->wanted, guint, self->wanted->len - 1);
      g_autoptr(GArray) ids = NULL;
      guint start, end;

      g_array_set_size (self->wanted, self->wanted->len - 1);
      ids = page_ids (self, page, FALSE);
      if (ids->len > 0)
        start_fetch (self, ids);
      if (by_position && page_unknown (self, page, FALSE, &start, &end))
        {
          if (self->fetches == MAX_FETCHES)
            {
              /* Its known rows went first: the rest with the next read. */
              g_array_append_val (self->wanted, page);
              break;
            }
          start_position_fetch (self, start, end);
        }
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
  gint64 id;
  Entry *e;

  if (position >= self->ids->len)
    return NULL;

  id = g_array_index (self->ids, gint64, position);
  if (id == UNKNOWN_ID)
    {
      /* Counted but not listed yet: an empty row, filled by a read of
       * its position (a jump to the end of a million rows is not kept
       * waiting for all their ids); it takes its id when the snapshot
       * comes (complete_snapshot()). */
      e = lookup_entry (self, -1 - (gint64) position, TRUE);
      touch (self, e);
      if (!e->filled && !e->pending)
        want_page_at (self, position);
      return g_object_ref (e->item);
    }

  e = lookup_entry (self, id, TRUE);
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

/* A snapshot does not keep its model alive: a list dropped from its view
 * is finalized, which cancels its reads (a million ids, a count) instead
 * of letting them hold readers that the next list's first rows wait for. */
typedef struct {
  GWeakRef      self_ref;   /* KdQueryModel */
  const KdQuerySpec *spec;
  char         *sql;
  GPtrArray    *params;     /* GVariant */
  guint         generation;
  gboolean      head;       /* only the first HEAD_ROWS, to show something at once */
  char         *count_sql;  /* head: how many rows match, asked when the head is full */
  GPtrArray    *count_params; /* its values when not @params (the spec's build_count) */
  gboolean      count;      /* this is that count */
  guint         n;          /* its result */
  GArray       *ids;        /* result */
  GPtrArray    *rows;       /* head: the rows themselves, read with their ids */
  char         *search;     /* the spec's search_ids() lists them instead of sql */
} Snapshot;

static void
snapshot_free (Snapshot *s)
{
  g_weak_ref_clear (&s->self_ref);
  g_free (s->sql);
  g_free (s->count_sql);
  g_clear_pointer (&s->count_params, g_ptr_array_unref);
  g_free (s->search);
  g_clear_pointer (&s->params, g_ptr_array_unref);
  g_clear_pointer (&s->ids, g_array_unref);
  g_clear_pointer (&s->rows, g_ptr_array_unref);
  g_free (s);
}

static gboolean
snapshot_job (KdConn   *conn,
              gpointer  data,
              GError  **error)
{
  Snapshot *s = data;
  sqlite3_stmt *stmt;
  int rc;

  if (s->search != NULL)
    return s->spec->search_ids (conn, s->search, s->ids, error);
  stmt = kd_conn_prepare (conn, s->sql, error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < s->params->len; i++)
    kd_stmt_bind_variant (stmt, (int) i + 1, g_ptr_array_index (s->params, i));

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      if (s->count)
        s->n = (guint) CLAMP (id, 0, G_MAXUINT);
      else if (s->rows != NULL)
        {
          GObject *row = s->spec->read_row (stmt);

          g_object_get (row, "id", &id, NULL);
          g_array_append_val (s->ids, id);
          g_ptr_array_add (s->rows, row);
        }
      /* The same id side by side once (a spec's build_ids() may list it
       * twice); a list never holds a row twice. */
      else if (s->ids->len == 0 || g_array_index (s->ids, gint64, s->ids->len - 1) != id)
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

/* Forgets the rows asked for at positions whose id was not known yet:
 * every one of them is inside the range being reported as changed, so
 * whoever holds one asks for its position again. */
static void
drop_unknown (KdQueryModel *self)
{
  GHashTableIter iter;
  gpointer value;

  self->unknown_epoch++;
  if (self->n_known == self->ids->len)
    return;
  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Entry *e = value;

      if (e->id < 0)
        {
          g_queue_delete_link (&self->lru, e->lru);
          g_hash_table_iter_remove (&iter);
        }
    }
}

static gboolean step_idle (gpointer user_data);

static void
clear_target (KdQueryModel *self)
{
  g_clear_pointer (&self->target, g_array_unref);
  g_clear_handle_id (&self->step_id, g_source_remove);
  self->steps = 0;
}

/* "n-matches" follows the list as it will be: a search's new count is
 * known when its snapshot comes, while n-items still counts the old rows
 * that the steps have not taken out yet. */
static guint
current_matches (KdQueryModel *self)
{
  /* Only a search's first rows have come: the count stays the one
   * before until the search's own is known (a list's first load shows
   * what it has). */
  if (self->count_pending && self->n_matches_known)
    return self->n_matches;
  return self->target != NULL ? self->target->len : self->ids->len;
}

static void
notify_n_matches (KdQueryModel *self)
{
  guint n = current_matches (self);

  self->n_matches_known = TRUE;
  if (n == self->n_matches)
    return;
  self->n_matches = n;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_N_MATCHES]);
}

/* A step towards a target that is the list's first @prefix rows and at
 * most STEP_ROWS new ones (a search with few or no matches): the new rows
 * go in on top, and the old rows past the window out, at once (a view at
 * the top has no widgets there); then the old rows left in the window go
 * STEP_ROWS a turn from the bottom up. Removing 200 rows of row widgets
 * in one turn took 65 ms of the main thread (staff-bench), and removing
 * them from the top pulled the rows below into view, each a new widget:
 * from the bottom a turn only drops widgets. */
static void
step_out_bottom_up (KdQueryModel *self,
                    guint         prefix)
{
  const gint64 *a = (const gint64 *) (gpointer) self->ids->data;
  const gint64 *b = (const gint64 *) (gpointer) self->target->data;
  guint n_old = self->ids->len, n_new = self->target->len;
  guint extra = n_old - prefix, fresh = n_new - prefix, keep = MIN (extra, STEP_WINDOW);
  GArray *next;

  if (extra > keep)
    {
      /* The tail past the window. */
      next = g_array_sized_new (FALSE, FALSE, sizeof (gint64), prefix + keep);
      g_array_append_vals (next, a, prefix + keep);
      g_array_unref (self->ids);
      self->ids = next;
      self->n_known = next->len;
      g_list_model_items_changed (G_LIST_MODEL (self), prefix + keep, extra - keep, 0);
      a = (const gint64 *) (gpointer) self->ids->data;
      n_old = self->ids->len;
    }
  if (fresh > 0)
    {
      /* The new rows on top of what is left of the old. */
      next = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_old + fresh);
      g_array_append_vals (next, b, n_new);
      g_array_append_vals (next, a + prefix, n_old - prefix);
      g_array_unref (self->ids);
      self->ids = next;
      self->n_known = next->len;
      g_list_model_items_changed (G_LIST_MODEL (self), prefix, 0, fresh);
    }
  else if (extra == keep)
    {
      guint r = MIN (STEP_ROWS, extra);

      g_array_set_size (self->ids, n_old - r);
      self->n_known = self->ids->len;
      g_list_model_items_changed (G_LIST_MODEL (self), n_old - r, r, 0);
    }
  self->steps++;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_N_ITEMS]);
}

/* One turn of the main loop towards self->target: TRUE once there.
 *
 * A GtkListView on GTK 4.8 keeps up to 200 row widgets around its
 * anchor, and a changed range destroys the widgets of the rows removed
 * and builds new ones for the rows added (it reuses one only for the same
 * item object); a search that replaces the first rows of a long list
 * costs that for all 200, which is 40–300 ms of one main-loop turn. So a
 * large change is reported STEP_ROWS rows at a time, each from an idle,
 * the list consistent after each (the first rows of the new list, then
 * what is left of the old); frames and input come in between. Past the
 * first STEP_WINDOW rows (where a view at the top has no widgets), or
 * when the list holds positions whose ids are not known yet, the rest
 * goes at once; a change that leaves at most STEP_ROWS new rows after
 * the common start (a search with few or no matches) goes as
 * step_out_bottom_up() says; anything left after 2 × STEP_WINDOW / STEP_ROWS
 * steps towards one target (as many as the window's rows removed and
 * added one step each need). A refresh after a write is reported at once, as the one
 * exact range that changed (it keeps selection and scroll position). */
static gboolean
step_towards_target (KdQueryModel *self,
                     gboolean      at_once)
{
  GArray *target = self->target;
  const gint64 *a = (const gint64 *) (gpointer) self->ids->data;
  const gint64 *b = (const gint64 *) (gpointer) target->data;
  guint n_old = self->ids->len, n_new = target->len;
  gboolean partial = self->n_known < n_old || self->target_known < n_new;
  guint common = MIN (MIN (n_old, n_new), MIN (self->n_known, self->target_known));
  guint prefix = 0, suffix = 0, removed, added, r, ad;
  GArray *next;

  /* A million ids: compare in blocks with memcmp first (this runs on
   * the main thread), then finish element by element. */
  while (prefix + DIFF_BLOCK <= common &&
         memcmp (a + prefix, b + prefix, DIFF_BLOCK * sizeof (gint64)) == 0)
    prefix += DIFF_BLOCK;
  while (prefix < common && a[prefix] == b[prefix])
    prefix++;
  common = MIN (n_old, n_new);
  while (!partial && suffix + DIFF_BLOCK <= common - prefix &&
         memcmp (a + n_old - suffix - DIFF_BLOCK, b + n_new - suffix - DIFF_BLOCK,
                 DIFF_BLOCK * sizeof (gint64)) == 0)
    suffix += DIFF_BLOCK;
  while (!partial && suffix < common - prefix && a[n_old - 1 - suffix] == b[n_new - 1 - suffix])
    suffix++;
  removed = n_old - prefix - suffix;
  added = n_new - prefix - suffix;
  /* Many rows to remove inside the window while the new list is mostly
   * the old one's end (a search keeping the last rows): removing them
   * a step at a time would pull rows from below into the view at every
   * step. The new rows go in on top instead, pushing the old ones out of
   * the window (an id may be in both halves meanwhile, as with a
   * partial target). */
  if (!at_once && self->step_changes && prefix < STEP_WINDOW && removed > STEP_ROWS && suffix > 0)
    {
      suffix = 0;
      removed = n_old - prefix;
      added = n_new - prefix;
    }
  r = MIN (removed, STEP_ROWS);
  ad = MIN (added, STEP_ROWS);

  if (!at_once && self->step_changes && self->n_known == n_old && self->target_known == n_new &&
      n_new - prefix <= STEP_ROWS && n_old - prefix > STEP_ROWS && prefix < STEP_WINDOW &&
      self->steps * STEP_ROWS < 2 * STEP_WINDOW)
    {
      step_out_bottom_up (self, prefix);
      return FALSE;
    }

  if (at_once || !self->step_changes || MAX (removed, added) <= STEP_ROWS ||
      self->n_known < n_old ||
      prefix + ad > self->target_known || prefix >= STEP_WINDOW ||
      self->steps * STEP_ROWS >= 2 * STEP_WINDOW)
    {
      g_autoptr(GArray) fresh = g_steal_pointer (&self->target);

      clear_target (self);
      drop_unknown (self);
      self->n_known = self->target_known;
      replace_range (self, fresh, prefix, removed, added);
      if (n_old != n_new)
        g_object_notify_by_pspec (G_OBJECT (self), props[PROP_N_ITEMS]);
      return TRUE;
    }

  /* The new list's first prefix + ad rows, then the old list's rest. */
  next = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_old - r + ad);
  g_array_append_vals (next, b, prefix + ad);
  g_array_append_vals (next, a + prefix + r, n_old - prefix - r);
  g_array_unref (self->ids);
  self->ids = next;
  self->n_known = next->len;
  self->steps++;
  g_list_model_items_changed (G_LIST_MODEL (self), prefix, r, ad);
  if (r != ad)
    g_object_notify_by_pspec (G_OBJECT (self), props[PROP_N_ITEMS]);
  return FALSE;
}

static gboolean
step_idle (gpointer user_data)
{
  KdQueryModel *self = user_data;
  gint64 now = g_get_monotonic_time ();
  /* Steps keep each turn of the main loop short. When the turn since
   * the last one was long all the same (a view whose rows are costly: on
   * GTK 4.8 a column view measures every cell again after each step, 100
   * to 170 ms a turn for the customer list under Xvfb), more of them
   * would only take seconds to reach the end: the rest goes at once
   * (staff-bench: the light rows of the staff list step on, 13–24 ms p99
   * a keystroke; the rest at once after one slow turn cost it 77–82). */
  gboolean slow = self->slow_turn_us > 0 && self->last_step_us > 0 &&
                  now - self->last_step_us >= self->slow_turn_us;
  gboolean at_once;

  /* Two in a row: one slow turn is as likely the machine as the view
   * (staff-bench's light rows have one now and then). */
  self->slow_turns = slow ? self->slow_turns + 1 : 0;
  at_once = self->slow_turns >= 2;
  self->last_step_us = now;
  if (self->target != NULL && !step_towards_target (self, at_once))
    return G_SOURCE_CONTINUE;
  self->last_step_us = 0;
  self->step_id = 0;
  self->steps = 0;
  notify_n_matches (self);
  update_loading (self);
  return G_SOURCE_REMOVE;
}

/* Makes @fresh, whose first @n_known are ids (the rest UNKNOWN_ID:
 * counted, not listed yet), the list: the range that differs is reported
 * at once when small, else in steps (step_towards_target()). Positions
 * not known on either side are always in a changed range. */
static void
apply_snapshot (KdQueryModel *self,
                GArray       *fresh,
                guint         n_known)
{
  guint n_old = self->ids->len, n_new = fresh->len;

  if (self->reset_on_load)
    {
      /* Every row may differ: forget what was read, and have every row
       * widget asked for again. */
      self->reset_on_load = FALSE;
      clear_target (self);
      self->unknown_epoch++;
      g_hash_table_remove_all (self->entries);
      g_queue_clear (&self->lru);
      g_array_set_size (self->wanted, 0);
      self->n_known = n_known;
      replace_range (self, fresh, 0, n_old, n_new);
      if (n_old != n_new)
        g_object_notify_by_pspec (G_OBJECT (self), props[PROP_N_ITEMS]);
      notify_n_matches (self);
      update_loading (self);
      return;
    }

  g_clear_pointer (&self->target, g_array_unref);
  self->target = g_array_ref (fresh);
  self->target_known = n_known;
  /* The steps are counted towards this target: the one before (the
   * first rows of the same query) may have taken some, and what is left
   * of the window must still go in steps. */
  self->steps = 0;
  /* The first step now, so the first rows show in the next frame. */
  self->last_step_us = g_get_monotonic_time ();
  self->slow_turns = 0;
  if (!step_towards_target (self, FALSE) && self->step_id == 0)
    self->step_id = g_idle_add (step_idle, self);
  notify_n_matches (self);
  update_loading (self);
}

/* The full snapshot, after its count: the list had @fresh's length and
 * its first n_known ids already, so nothing moves. Rows asked for in the
 * unknown part take their id and are read if someone still holds them;
 * a row that already had an object under its id (read for an earlier
 * list) is reported changed, so the view takes that one. */
static void
complete_snapshot (KdQueryModel *self,
                   GArray       *fresh)
{
  g_autoptr(GPtrArray) asked = g_ptr_array_new ();
  g_autoptr(GArray) moved = g_array_new (FALSE, FALSE, sizeof (guint));
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Entry *e = value;

      if (e->id < 0)
        {
          g_hash_table_iter_steal (&iter);
          g_ptr_array_add (asked, e);
        }
    }

  g_array_unref (self->ids);
  self->ids = g_array_ref (fresh);
  self->n_known = fresh->len;
  self->unknown_epoch++;   /* a read by position still on its way is of no use now */

  for (guint i = 0; i < asked->len; i++)
    {
      Entry *e = g_ptr_array_index (asked, i);
      guint position = (guint) (-1 - e->id);
      gint64 id = position < fresh->len ? g_array_index (fresh, gint64, position) : 0;
      gint64 read_id = 0;

      if (e->item->ref_count == 1 || id <= 0 || g_hash_table_contains (self->entries, &id))
        {
          if (e->item->ref_count > 1 && id > 0)
            g_array_append_val (moved, position);
          g_queue_delete_link (&self->lru, e->lru);
          entry_free (e);
          continue;
        }
      e->id = id;
      e->pending = FALSE;
      g_hash_table_insert (self->entries, &e->id, e);
      /* Read by position already: the same row unless the list changed
       * in between; else read again by id, into the same object. */
      if (e->filled)
        g_object_get (e->item, "id", &read_id, NULL);
      if (read_id != id)
        {
          e->filled = FALSE;
          want_page_at (self, position);
        }
    }

  for (guint i = 0; i < moved->len; i++)
    {
      guint position = g_array_index (moved, guint, i);
      g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
    }
}

/* How many rows match, while the full snapshot is still being read: the
 * list takes its length at once (and a view its scroll bar), with the
 * first rows known and the rest filled when the snapshot comes. */
static void
apply_count (KdQueryModel *self,
             guint         n)
{
  /* The list as it will be, when it is still being reached in steps. */
  GArray *base = self->target != NULL ? self->target : self->ids;
  guint known = MIN (self->target != NULL ? self->target_known : self->n_known, base->len);
  g_autoptr(GArray) fresh = NULL;

  if (n <= known)
    return;
  fresh = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);
  g_array_append_vals (fresh, base->data, known);
  g_array_set_size (fresh, n);
  for (guint i = known; i < n; i++)
    g_array_index (fresh, gint64, i) = UNKNOWN_ID;
  self->count_generation = self->generation;
  self->count_pending = FALSE;
  apply_snapshot (self, fresh, known);
}

static void start_snapshot (KdQueryModel *self,
                            Snapshot     *s);

static gboolean
searching (KdQueryModel *self)
{
  return self->search != NULL && *self->search != '\0' && self->spec->build_search != NULL;
}

/* The rows a long list's first-rows read brought: kept filled, so the
 * first page needs no read of its own; rows on their way or already
 * filled are left to what they have. */
static void
take_rows (KdQueryModel *self,
           GPtrArray    *rows)
{
  for (guint i = 0; i < rows->len; i++)
    {
      GObject *row = g_ptr_array_index (rows, i);
      gint64 id = 0;
      Entry *e;

      g_object_get (row, "id", &id, NULL);
      e = lookup_entry (self, id, FALSE);
      if (e == NULL)
        {
          e = g_new0 (Entry, 1);
          e->id = id;
          e->item = g_object_ref (row);
          g_queue_push_head (&self->lru, e);
          e->lru = self->lru.head;
          g_hash_table_insert (self->entries, &e->id, e);
          e->filled = TRUE;
        }
      else if (!e->filled && !e->pending)
        {
          self->spec->assign (e->item, row);
          e->filled = TRUE;
        }
    }
  trim_cache (self);
}

/* The whole list of @generation has come (@ids), or failed (@error). */
static void
finish_full (KdQueryModel *self,
             guint         generation,
             GArray       *ids,
             const GError *error)
{
  /* A first-rows read or a count still running is of no use now. */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->full_generation = generation;
  if (ids != NULL)
    self->count_pending = FALSE;
  if (ids != NULL && self->target == NULL &&
      self->count_generation == generation && self->n_known < self->ids->len &&
      ids->len == self->ids->len &&
      memcmp (self->ids->data, ids->data, self->n_known * sizeof (gint64)) == 0)
    {
      complete_snapshot (self, ids);
      notify_n_matches (self);
    }
  else if (ids != NULL)
    apply_snapshot (self, ids, ids->len);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
           !g_error_matches (error, KD_STORE_ERROR, KD_STORE_ERROR_CLOSED))
    g_warning ("Listing %s failed: %s", self->spec->table, error->message);
  update_loading (self);
}

static void
snapshot_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Snapshot *s = kd_store_job_get_data (result);
  g_autoptr(KdQueryModel) self = g_weak_ref_get (&s->self_ref);
  g_autoptr(GError) error = NULL;
  gboolean ok = kd_store_read_finish (KD_STORE (source), result, &error);

  if (self == NULL || s->generation != self->generation)
    return;  /* a newer snapshot is on its way */

  if (s->head || s->count)
    {
      /* The first rows or their count, while the whole list is still
       * being read: show them, unless the whole list came first. */
      if (!ok || self->full_generation == s->generation)
        return;
      if (s->count)
        {
          apply_count (self, s->n);
          return;
        }
      if (s->ids->len == HEAD_ROWS)
        take_rows (self, s->rows);
      /* Fewer than asked for: that is the whole list. */
      self->count_pending = s->ids->len == HEAD_ROWS;
      apply_snapshot (self, s->ids, s->ids->len);
      /* Not while searching: a search may be a scan (instr() over every
       * row), whose count costs as much as the list itself, and would
       * only compete with it for the cores; filters and sort orders are
       * answered by indexes. */
      if (s->ids->len == HEAD_ROWS && s->count_sql != NULL && !searching (self))
        {
          Snapshot *c = g_new0 (Snapshot, 1);

          g_weak_ref_init (&c->self_ref, self);
          c->spec = self->spec;
          c->params = g_ptr_array_ref (s->count_params != NULL ? s->count_params : s->params);
          c->sql = g_strdup (s->count_sql);
          c->generation = s->generation;
          c->count = TRUE;
          c->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
          start_snapshot (self, c);
        }
      return;
    }

  if (self->hold_full && ok)
    {
      /* A test looks at the list between the count and the snapshot. */
      g_clear_pointer (&self->held_ids, g_array_unref);
      self->held_ids = g_array_ref (s->ids);
      self->held_generation = s->generation;
      return;
    }
  finish_full (self, s->generation, ok ? s->ids : NULL, error);
}

static gboolean
ends_with_word (const char *term,
                gsize       len,
                const char *word)
{
  gsize n = strlen (word);

  return len > n && term[len - n - 1] == ' ' && g_ascii_strncasecmp (term + len - n, word, n) == 0;
}

/* @order_by (a sort's terms, "a, b DESC") in the order asked for: a term
 * without ASC or DESC turned round when @descending (appending DESC to the
 * last term alone sorted "length(order_no), order_no" longest last either
 * way), one with them kept (an empty name last either way: "name_sort =
 * '' ASC, name_sort"); with @reverse, every term turned round once more,
 * for a list read backwards (by position from its end), which must be the
 * exact reverse. Terms are split at commas outside parentheses and quotes. */
static void
append_order (GString    *sql,
              const char *order_by,
              gboolean    descending,
              gboolean    reverse)
{
  const char *start = order_by;
  int depth = 0;
  char quote = 0;
  gboolean first = TRUE;

  for (const char *p = order_by;; p++)
    {
      if (quote != 0 && *p == quote)
        quote = 0;
      else if (quote == 0 && (*p == '\'' || *p == '"'))
        quote = *p;
      else if (quote == 0 && *p == '(')
        depth++;
      else if (quote == 0 && *p == ')')
        depth--;
      if (*p == '\0' || (quote == 0 && depth == 0 && *p == ','))
        {
          const char *end = p;
          gboolean desc = descending;

          while (start < end && g_ascii_isspace (*start))
            start++;
          while (end > start && g_ascii_isspace (end[-1]))
            end--;
          if (ends_with_word (start, end - start, "DESC"))
            {
              end -= 5;
              desc = TRUE;
            }
          else if (ends_with_word (start, end - start, "ASC"))
            {
              end -= 4;
              desc = FALSE;
            }
          desc = desc != reverse;
          if (!first)
            g_string_append (sql, ", ");
          first = FALSE;
          g_string_append_len (sql, start, end - start);
          if (desc)
            g_string_append (sql, " DESC");
          if (*p == '\0')
            break;
          start = p + 1;
        }
    }
}

/* *out_ranked: whether the order starts with a search's rank, so that
 * every match is read and sorted before the first comes out. */
static char *
build_sql (KdQueryModel *self,
           GPtrArray    *params,
           gboolean      reverse,
           gboolean     *out_ranked,
           char        **out_count_sql,
           GPtrArray   **out_count_params)
{
  const KdQuerySpec *spec = self->spec;
  GString *sql = g_string_new (NULL);
  g_autofree char *search = NULL;
  g_autofree char *rank = NULL;
  gboolean where = FALSE, merged = FALSE;
  gboolean searching = self->search != NULL && *self->search != '\0' && spec->build_search != NULL;
  const char *dir = self->descending != reverse ? " DESC" : "";

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
  /* The same rows counted: from the spec's own count if it has one for
   * these filters, else the same FROM and WHERE, no order. */
  if (out_count_sql != NULL)
    {
      g_autoptr(GPtrArray) cparams = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);

      *out_count_sql = !searching && spec->build_count != NULL && out_count_params != NULL
                       ? spec->build_count ((GVariant * const *) self->filter_values, cparams) : NULL;
      if (*out_count_sql != NULL)
        *out_count_params = g_steal_pointer (&cparams);
      else
        *out_count_sql = g_strconcat ("SELECT count(*)", sql->str + strlen ("SELECT id"), NULL);
    }

  g_string_append (sql, " ORDER BY ");
  if (rank != NULL)
    g_string_append_printf (sql, "%s, ", rank);
  if (self->sort != NULL)
    {
      append_order (sql, self->sort->order_by, self->descending, reverse);
      g_string_append (sql, ", ");
    }
  g_string_append_printf (sql, "id%s", dir);
  return g_string_free (sql, FALSE);
}

static gboolean
listing_ids (KdQueryModel *self)
{
  for (guint i = 0; i < self->spec->n_filters; i++)
    if (self->filter_values[i] != NULL && self->spec->filters[i].lists_ids)
      return TRUE;
  return FALSE;
}

static gboolean
any_filter (KdQueryModel *self)
{
  for (guint i = 0; i < self->spec->n_filters; i++)
    if (self->filter_values[i] != NULL)
      return TRUE;
  return FALSE;
}

static Snapshot *
snapshot_new (KdQueryModel *self,
              const char   *sql,
              GPtrArray    *params,
              const char   *count_sql,
              GPtrArray    *count_params)
{
  gboolean head = count_sql != NULL;
  Snapshot *s = g_new0 (Snapshot, 1);

  g_weak_ref_init (&s->self_ref, self);
  s->spec = self->spec;
  s->params = g_ptr_array_ref (params);
  /* The first rows are read whole: on a long list the page read for them
   * would wait for a reader behind the snapshot of every id and the count. */
  s->sql = head ? g_strdup_printf ("SELECT %s%s LIMIT %d", self->spec->columns, sql + strlen ("SELECT id"), HEAD_ROWS)
                : g_strdup (sql);
  s->rows = head ? g_ptr_array_new_with_free_func (g_object_unref) : NULL;
  s->generation = self->generation;
  s->head = head;
  s->count_sql = g_strdup (count_sql);
  s->count_params = count_params != NULL ? g_ptr_array_ref (count_params) : NULL;
  s->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  return s;
}

static void
start_snapshot (KdQueryModel *self,
                Snapshot     *s)
{
  kd_store_read_async (self->store, snapshot_job, s, (GDestroyNotify) snapshot_free,
                       self->cancellable, snapshot_done, NULL);
}

/* Asks which rows match now. A new search, filter or sort (@with_head)
 * also asks for the first rows alone, which come back in a few
 * milliseconds even when the whole list takes longer (a substring search
 * over a million rows): they are shown first, and when there are more of
 * them, their count is asked next (an index answers it much sooner than
 * the list of every id), so the list has its length before the snapshot.
 * A refresh after a write does not, or the list would shrink under the
 * user's scroll position. */
static void
request_snapshot_full (KdQueryModel *self,
                       gboolean      with_head)
{
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  g_autofree char *sql = NULL;
  g_autofree char *count_sql = NULL;
  g_autoptr(GPtrArray) count_params = NULL;
  g_autofree char *ids_sql = NULL;
  g_autoptr(GPtrArray) ids_params = NULL;
  gboolean ranked = FALSE;
  Snapshot *full;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  sql = build_sql (self, params, FALSE, &ranked, &count_sql, &count_params);
  self->generation++;
  /* What a count's positions are read by until their ids come. A ranked
   * search is never counted. */
  g_clear_pointer (&self->pos_sql, g_free);
  g_clear_pointer (&self->pos_sql_reverse, g_free);
  g_clear_pointer (&self->pos_params, g_ptr_array_unref);
  if (!ranked)
    {
      g_autoptr(GPtrArray) rparams = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
      g_autofree char *reverse = build_sql (self, rparams, TRUE, NULL, NULL, NULL);

      self->pos_sql = g_strdup_printf ("%s LIMIT ? OFFSET ?", sql);
      self->pos_sql_reverse = g_strdup_printf ("%s LIMIT ? OFFSET ?", reverse);
      self->pos_params = g_ptr_array_ref (params);
    }
  self->step_changes = with_head;
  update_loading (self);
  if (!ranked && !searching (self) && self->spec->build_ids != NULL)
    {
      ids_params = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
      ids_sql = self->spec->build_ids ((GVariant * const *) self->filter_values, self->sort, self->descending,
                                       ids_params);
    }
  /* Ranked matches, or rows a filter lists by id, are all sorted before
   * the first comes out: the first rows alone would cost a second reader
   * as much as the whole list (an agent's 20 000 orders of a million:
   * first rows 55 ms, the list 70, read side by side). A list from the
   * spec's own ids is read whole at once, quickly. */
  if (with_head && !ranked && !listing_ids (self) && ids_sql == NULL)
    start_snapshot (self, snapshot_new (self, sql, params, count_sql, count_params));
  full = ids_sql != NULL ? snapshot_new (self, ids_sql, ids_params, NULL, NULL)
                         : snapshot_new (self, sql, params, NULL, NULL);
  if (ranked && self->spec->search_ids != NULL && self->sort == &self->spec->sorts[0] && !self->descending &&
      !any_filter (self))
    full->search = g_strdup (self->search);
  start_snapshot (self, full);
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
  if (position >= self->ids->len || g_array_index (self->ids, gint64, position) == UNKNOWN_ID)
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

/* Positions whose row id is known: n_items once the snapshot is in; less
 * while only the first rows and the count of a long list are. */
/* How many rows the current query has: the list's length once the change
 * being shown in steps is done (meanwhile n-items still counts old rows),
 * or the last query's while only the first rows of a search have come.
 * What a result count shows; notified as "n-matches". */
guint
kd_query_model_get_n_matches (KdQueryModel *self)
{
  g_return_val_if_fail (KD_IS_QUERY_MODEL (self), 0);
  return current_matches (self);
}

guint
kd_query_model_get_n_known (KdQueryModel *self)
{
  g_return_val_if_fail (KD_IS_QUERY_MODEL (self), 0);
  return self->n_known;
}

void
_kd_query_model_set_slow_turn (KdQueryModel *self,
                               gint64        us)
{
  g_return_if_fail (KD_IS_QUERY_MODEL (self));
  self->slow_turn_us = us;
}

void
_kd_query_model_hold_snapshot (KdQueryModel *self,
                               gboolean      hold)
{
  g_return_if_fail (KD_IS_QUERY_MODEL (self));

  self->hold_full = hold;
  if (!hold && self->held_ids != NULL)
    {
      g_autoptr(GArray) ids = g_steal_pointer (&self->held_ids);

      if (self->held_generation == self->generation)
        finish_full (self, self->held_generation, ids, NULL);
    }
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
  clear_target (self);
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
  g_clear_pointer (&self->held_ids, g_array_unref);
  for (guint i = 0; self->filter_values != NULL && i < self->spec->n_filters; i++)
    g_clear_pointer (&self->filter_values[i], g_variant_unref);
  g_free (self->filter_values);
  g_free (self->search);
  g_free (self->pos_sql);
  g_free (self->pos_sql_reverse);
  g_clear_pointer (&self->pos_params, g_ptr_array_unref);

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
    case PROP_N_MATCHES:
      g_value_set_uint (value, kd_query_model_get_n_matches (self));
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
    case PROP_N_MATCHES:
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
  props[PROP_N_MATCHES] =
    g_param_spec_uint ("n-matches", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  props[PROP_SEARCH] =
    g_param_spec_string ("search", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
kd_query_model_init (KdQueryModel *self)
{
  self->slow_turn_us = SLOW_TURN_US;
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
