/* kd-phrase-rank.c: a phrase search in rank order without SQLite's sorter: the library's rank order kept with each connection, the search's matches marked in it.
 *
 * A character found in nearly every phrase (亲, 款) matches the whole
 * library on each keystroke. As SQL (the matches an IN list, ORDER BY the
 * four rank keys) that is about 1 µs a match, most of it sorting; the
 * index's matches alone are about 0.13 µs. So each connection keeps the
 * ids in rank order (read from the phrases_rank index, again only after
 * a write), and a search marks its matches' positions in a bitmap and
 * reads them out in that order. */
#include "kd-phrase-repo-private.h"
#include "kd-phrase-repo.h"
#include "kd-phrase.h"
#include "kd-search.h"

#include <string.h>

#define RANK_KEY "kd-phrase-rank"

typedef struct {
  gint64   data_version;   /* PRAGMA data_version when read */
  gint64   total_changes;  /* and this connection's own changes */
  GArray  *order;          /* gint64 ids, best first */
  guint32 *position_of;    /* id → position + 1, 0 for none; ids up to max_id */
  gint64   max_id;
} RankOrder;

static void
rank_order_free (RankOrder *r)
{
  g_array_unref (r->order);
  g_free (r->position_of);
  g_free (r);
}

char *
_kd_phrase_shortcut_key (const char *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text ? text : ""));
  return g_ascii_strdown (stripped, -1);
}

static gboolean
data_version (KdConn  *conn,
              gint64  *out,
              GError **error)
{
  sqlite3_stmt *stmt = kd_conn_prepare (conn, "PRAGMA data_version", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out = sqlite3_column_int64 (stmt, 0);
  return kd_conn_rows_done (conn, stmt, rc == SQLITE_ROW ? SQLITE_DONE : rc, "phrases", error);
}

/* The connection's rank order, read again when anything was written
 * since (another connection's commit moves data_version, this one's own
 * the total of changes). */
static RankOrder *
rank_order (KdConn  *conn,
            GError **error)
{
  RankOrder *r = kd_conn_get_data (conn, RANK_KEY);
  gint64 version = 0, changes = sqlite3_total_changes64 (kd_conn_get_db (conn));
  sqlite3_stmt *stmt;
  int rc;

  if (!data_version (conn, &version, error))
    return NULL;
  if (r != NULL && r->data_version == version && r->total_changes == changes)
    return r;

  stmt = kd_conn_prepare (conn, "SELECT id FROM phrases INDEXED BY phrases_rank "
                          "ORDER BY " KD_PHRASE_RANK_ORDER ", id", error);
  if (stmt == NULL)
    return NULL;
  r = g_new0 (RankOrder, 1);
  r->order = g_array_new (FALSE, FALSE, sizeof (gint64));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (r->order, id);
      r->max_id = MAX (r->max_id, id);
    }
  if (!kd_conn_rows_done (conn, stmt, rc, "phrases", error))
    {
      rank_order_free (r);
      return NULL;
    }
  /* Row ids of a table that only grows by insertion are dense; a library
   * whose ids went far past its size (deletes, an import of someone
   * else's ids) gets no table, and the search falls back to its SQL. */
  if (r->max_id < G_MAXUINT32 / 2 && (guint64) r->max_id <= 16 * (guint64) r->order->len + 65536)
    {
      r->position_of = g_new0 (guint32, r->max_id + 1);
      for (guint i = 0; i < r->order->len; i++)
        r->position_of[g_array_index (r->order, gint64, i)] = i + 1;
    }
  r->data_version = version;
  r->total_changes = changes;
  kd_conn_set_data (conn, RANK_KEY, r, (GDestroyNotify) rank_order_free);
  return r;
}

static guint
position_of (RankOrder *r,
             gint64     id)
{
  return id > 0 && id <= r->max_id ? r->position_of[id] : 0;
}

/* As the model's SQL would list them (kd-phrase-repo.c's spec: the
 * shortcut rank, then "rank", then id). */
static gboolean
search_ids_sql (KdConn      *conn,
                const char  *where,
                GPtrArray   *params,
                const char  *text,
                GArray      *ids,
                GError     **error)
{
  g_autofree char *key = _kd_phrase_shortcut_key (text);
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM phrases WHERE %s ORDER BY (lower(shortcut) = ?) DESC, "
                                          KD_PHRASE_RANK_ORDER ", id", where);
  sqlite3_stmt *stmt = kd_conn_prepare (conn, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < params->len; i++)
    kd_stmt_bind_variant (stmt, (int) i + 1, g_ptr_array_index (params, i));
  sqlite3_bind_text (stmt, (int) params->len + 1, kd_phrase_shortcut_is_valid (key) ? key : "", -1,
                     SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  return kd_conn_rows_done (conn, stmt, rc, "phrases", error);
}

gboolean
_kd_phrase_repo_search_ids (KdConn      *conn,
                            const char  *text,
                            GArray      *ids,
                            GError     **error)
{
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  g_autofree char *select = kd_search_build_ids (KD_PHRASE_SEARCH_DOMAIN, text, params);
  g_autofree guint64 *marked = NULL;
  RankOrder *r;
  sqlite3_stmt *stmt;
  gint64 pinned = 0;
  guint n_words;
  int rc;

  if (select == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "no search");
      return FALSE;
    }
  r = rank_order (conn, error);
  if (r == NULL)
    return FALSE;
  if (r->position_of == NULL)
    {
      g_autofree char *where = g_strdup_printf ("id IN (%s)", select);
      return search_ids_sql (conn, where, params, text, ids, error);
    }

  stmt = kd_conn_prepare (conn, select, error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < params->len; i++)
    kd_stmt_bind_variant (stmt, (int) i + 1, g_ptr_array_index (params, i));
  n_words = (r->order->len + 63) / 64;
  marked = g_new0 (guint64, MAX (n_words, 1));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      guint p = position_of (r, sqlite3_column_int64 (stmt, 0));

      /* An index row whose phrase is gone has no position. */
      if (p > 0)
        marked[(p - 1) / 64] |= G_GUINT64_CONSTANT (1) << ((p - 1) % 64);
    }
  if (!kd_conn_rows_done (conn, stmt, rc, "phrases", error))
    return FALSE;

  {
    g_autofree char *key = _kd_phrase_shortcut_key (text);
    g_autoptr(GError) local = NULL;
    g_autoptr(KdPhrase) exact = kd_phrase_shortcut_is_valid (key) ? kd_phrase_repo_find_by_shortcut (conn, key, 0, &local)
                                                                   : NULL;

    if (local != NULL)
      {
        g_propagate_error (error, g_steal_pointer (&local));
        return FALSE;
      }
    pinned = exact != NULL ? kd_phrase_get_id (exact) : 0;
  }
  if (pinned > 0)
    {
      guint p = position_of (r, pinned);

      if (p > 0 && (marked[(p - 1) / 64] & (G_GUINT64_CONSTANT (1) << ((p - 1) % 64))) != 0)
        {
          marked[(p - 1) / 64] &= ~(G_GUINT64_CONSTANT (1) << ((p - 1) % 64));
          g_array_append_val (ids, pinned);
        }
    }
  for (guint w = 0; w < n_words; w++)
    for (guint64 bits = marked[w]; bits != 0; bits &= bits - 1)
      {
        guint p = w * 64 + (guint) __builtin_ctzll (bits);
        g_array_append_val (ids, g_array_index (r->order, gint64, p));
      }
  return TRUE;
}
