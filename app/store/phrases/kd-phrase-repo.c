/* kd-phrase-repo.c: reading and writing phrases and their groups, with their search rows; validation from core before every write.
 * Over 800 lines on purpose: phrases and their groups share positions,
 * search rows and the import's merge, which must stay in step in one
 * transaction. */
#include "kd-phrase-repo.h"
#include "kd-phrase-repo-private.h"
#include "kd-query-model-private.h"
#include "kd-search.h"
#include "kd-clock.h"
#include "kd-error.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define PHRASE_COLUMNS "id, group_id, group_name, title, body, shortcut, favourite, use_count, last_used, position"
#define RANK_ORDER     KD_PHRASE_RANK_ORDER
#define LIBRARY_ORDER  "group_position, group_id, position, id"

static KdPhrase *
phrase_from_row (sqlite3_stmt *stmt)
{
  KdPhrase *p = kd_phrase_new (sqlite3_column_int64 (stmt, 1), kd_stmt_text (stmt, 3),
                               kd_stmt_text (stmt, 4), kd_stmt_text (stmt, 5));

  kd_phrase_set_id (p, sqlite3_column_int64 (stmt, 0));
  kd_phrase_set_group_name (p, kd_stmt_text (stmt, 2));
  kd_phrase_set_favourite (p, sqlite3_column_int (stmt, 6));
  kd_phrase_set_use_count (p, sqlite3_column_int (stmt, 7));
  kd_phrase_set_last_used (p, sqlite3_column_int64 (stmt, 8));
  kd_phrase_set_position (p, sqlite3_column_int (stmt, 9));
  return p;
}

static GPtrArray *
collect (KdConn        *conn,
         sqlite3_stmt  *stmt,
         GError       **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, phrase_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      kd_conn_set_error (conn, error, rc, "phrases");
      return NULL;
    }
  return g_steal_pointer (&list);
}

/* ---------------------------------------------------------------- the list */

static GObject *
phrase_placeholder (gint64 id)
{
  KdPhrase *p = kd_phrase_new (0, "", "", "");
  kd_phrase_set_id (p, id);
  return G_OBJECT (p);
}

static GObject *
phrase_read_row (sqlite3_stmt *stmt)
{
  return G_OBJECT (phrase_from_row (stmt));
}

static void
phrase_assign (GObject *target,
               GObject *fresh)
{
  kd_phrase_assign (KD_PHRASE (target), KD_PHRASE (fresh));
}

static char *
phrase_build_search (const char *text,
                     GPtrArray  *params)
{
  return kd_search_build_clause (KD_PHRASE_SEARCH_DOMAIN, "id", text, params);
}

/* The phrase whose shortcut is exactly the query comes first.
 *
 * A query that cannot be a shortcut (Chinese text, a space) still gets a
 * rank term, a constant one (SQLite computes it once, not per row): with
 * a rank, KdQueryModel reads a search in one snapshot instead of "the
 * first rows" and "all rows" on two readers at once. Both have to list
 * and sort every match before the first row comes out (the FTS5 matches
 * are an IN list), so the first rows alone cost as much as the whole
 * list, and the pair took twice the CPU of one (phrases-bench,
 * bench/RESULTS.md). */
static char *
phrase_build_rank (const char *text,
                   GPtrArray  *params)
{
  g_autofree char *key = _kd_phrase_shortcut_key (text);

  if (!kd_phrase_shortcut_is_valid (key))
    return g_strdup ("(1 = 0) DESC");
  g_ptr_array_add (params, g_variant_ref_sink (g_variant_new_string (key)));
  return g_strdup ("(lower(shortcut) = ?) DESC");
}

/* "rank" is several keys and meant to be read one way; a descending
 * request turns only its last key (then id) around. */
static const KdQuerySort phrase_sorts[] = {
  { "rank", RANK_ORDER },
  { "position", "group_position, group_id, position" },
  { "title", "title COLLATE kd_locale" },
  { "shortcut", "lower(shortcut)" },
};

static const KdQueryFilter phrase_filters[] = {
  { "group", "group_id = ?" },
  { "favourite", "favourite = ?" },
};

const KdQuerySpec *
kd_phrase_repo_query_spec (void)
{
  static KdQuerySpec spec = {
    .table = "phrases",
    .from = "phrase_rows",
    .columns = PHRASE_COLUMNS,
    .new_placeholder = phrase_placeholder,
    .read_row = phrase_read_row,
    .assign = phrase_assign,
    .build_search = phrase_build_search,
    .build_rank = phrase_build_rank,
    .search_ids = _kd_phrase_repo_search_ids,
    .sorts = phrase_sorts,
    .n_sorts = G_N_ELEMENTS (phrase_sorts),
    .filters = phrase_filters,
    .n_filters = G_N_ELEMENTS (phrase_filters),
  };

  if (spec.item_type == 0)
    spec.item_type = KD_TYPE_PHRASE;
  return &spec;
}

/* ---------------------------------------------------------------- groups */

static KdPhraseGroup *
group_from_row (sqlite3_stmt *stmt)
{
  KdPhraseGroup *g = kd_phrase_group_new (kd_stmt_text (stmt, 1));

  kd_phrase_group_set_id (g, sqlite3_column_int64 (stmt, 0));
  kd_phrase_group_set_position (g, sqlite3_column_int (stmt, 2));
  kd_phrase_group_set_n_phrases (g, sqlite3_column_int (stmt, 3));
  return g;
}

#define GROUP_SELECT "SELECT g.id, g.name, g.position, (SELECT count(*) FROM phrases p WHERE p.group_id = g.id) " \
                     "FROM phrase_groups g "

GPtrArray *
kd_phrase_repo_list_groups (KdConn  *conn,
                            GError **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  stmt = kd_conn_prepare (conn, GROUP_SELECT "ORDER BY g.position, g.id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, group_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      kd_conn_set_error (conn, error, rc, "phrase groups");
      return NULL;
    }
  return g_steal_pointer (&list);
}

static KdPhraseGroup *
find_group (KdConn      *conn,
            const char  *sql,
            gint64       id,
            const char  *name,
            GError     **error)
{
  sqlite3_stmt *stmt = kd_conn_prepare (conn, sql, error);

  if (stmt == NULL)
    return NULL;
  if (name != NULL)
    sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_int64 (stmt, 1, id);
  return kd_conn_step_one (conn, stmt, KD_ROW_READER (group_from_row), "phrase groups", error);
}

KdPhraseGroup *
kd_phrase_repo_find_group (KdConn  *conn,
                           gint64   id,
                           GError **error)
{
  g_autoptr(GError) local = NULL;
  KdPhraseGroup *g = find_group (conn, GROUP_SELECT "WHERE g.id = ?1", id, NULL, &local);

  if (g == NULL && local != NULL)
    g_propagate_error (error, g_steal_pointer (&local));
  else if (g == NULL)
    g_set_error_literal (error, KD_STORE_ERROR, KD_STORE_ERROR_NOT_FOUND,
                         _("That phrase group no longer exists."));
  return g;
}

KdPhraseGroup *
kd_phrase_repo_find_group_by_name (KdConn      *conn,
                                   const char  *name,
                                   GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (name ? name : ""));
  return find_group (conn, GROUP_SELECT "WHERE g.name = ?1", 0, trimmed, error);
}

static void
group_duplicate_error (const char  *name,
                       GError     **error)
{
  g_clear_error (error);
  g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_DUPLICATE,
               _("There is already a group called “%s”."), name);
}

static gint64
query_int64 (KdConn      *conn,
             const char  *sql,
             gint64       arg,
             gboolean    *ok,
             GError     **error)
{
  sqlite3_stmt *stmt = kd_conn_prepare (conn, sql, error);
  gint64 value = 0;
  int rc;

  *ok = FALSE;
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, arg);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      value = sqlite3_column_int64 (stmt, 0);
      *ok = TRUE;
    }
  else
    kd_conn_set_error (conn, error, rc, "phrases");
  sqlite3_reset (stmt);
  return value;
}

gboolean
kd_phrase_repo_insert_group (KdConn         *conn,
                             KdPhraseGroup  *group,
                             GError        **error)
{
  g_autofree char *name = NULL;
  sqlite3_stmt *stmt;
  gboolean ok;
  gint64 position;

  g_return_val_if_fail (KD_IS_PHRASE_GROUP (group), FALSE);

  if (!kd_phrase_group_validate (group, error))
    return FALSE;
  name = g_strstrip (g_strdup (kd_phrase_group_get_name (group)));

  if (kd_phrase_group_get_id (group) > 0)
    position = kd_phrase_group_get_position (group);
  else
    {
      position = query_int64 (conn, "SELECT COALESCE(MAX(position) + 1, 0) FROM phrase_groups WHERE ?1 = ?1",
                              0, &ok, error);
      if (!ok)
        return FALSE;
    }

  stmt = kd_conn_prepare (conn, "INSERT INTO phrase_groups (id, name, position) VALUES (?1, ?2, ?3)", error);
  if (stmt == NULL)
    return FALSE;
  if (kd_phrase_group_get_id (group) > 0)
    sqlite3_bind_int64 (stmt, 1, kd_phrase_group_get_id (group));
  else
    sqlite3_bind_null (stmt, 1);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, position);
  if (!kd_conn_step_done (conn, stmt, error))
    {
      if (g_error_matches (*error, KD_STORE_ERROR, KD_STORE_ERROR_DUPLICATE))
        group_duplicate_error (name, error);
      return FALSE;
    }

  kd_phrase_group_set_id (group, sqlite3_last_insert_rowid (kd_conn_get_db (conn)));
  kd_phrase_group_set_name (group, name);
  kd_phrase_group_set_position (group, (int) position);
  kd_conn_note_changed (conn, "phrase_groups", kd_phrase_group_get_id (group));
  return TRUE;
}

gboolean
kd_phrase_repo_rename_group (KdConn         *conn,
                             KdPhraseGroup  *group,
                             GError        **error)
{
  g_autofree char *name = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KD_IS_PHRASE_GROUP (group), FALSE);

  if (!kd_phrase_group_validate (group, error))
    return FALSE;
  name = g_strstrip (g_strdup (kd_phrase_group_get_name (group)));

  stmt = kd_conn_prepare (conn, "UPDATE phrase_groups SET name = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, kd_phrase_group_get_id (group));
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
  if (!kd_conn_step_done (conn, stmt, error))
    {
      if (g_error_matches (*error, KD_STORE_ERROR, KD_STORE_ERROR_DUPLICATE))
        group_duplicate_error (name, error);
      return FALSE;
    }
  if (sqlite3_changes (kd_conn_get_db (conn)) == 0)
    {
      g_set_error_literal (error, KD_STORE_ERROR, KD_STORE_ERROR_NOT_FOUND,
                           _("That phrase group no longer exists."));
      return FALSE;
    }
  kd_phrase_group_set_name (group, name);
  kd_conn_note_changed (conn, "phrase_groups", kd_phrase_group_get_id (group));
  kd_conn_note_changed (conn, "phrases", 0);  /* their group-name */
  return TRUE;
}

static GPtrArray *
phrases_of_group (KdConn  *conn,
                  gint64   group_id,
                  GError **error)
{
  sqlite3_stmt *stmt = kd_conn_prepare (conn, "SELECT " PHRASE_COLUMNS " FROM phrase_rows WHERE group_id = ?1 "
                                        "ORDER BY position, id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, group_id);
  return collect (conn, stmt, error);
}

static gboolean
delete_phrase_row (KdConn  *conn,
                   gint64   id,
                   GError **error)
{
  sqlite3_stmt *stmt = kd_conn_prepare (conn, "DELETE FROM phrases WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!kd_conn_step_done (conn, stmt, error))
    return FALSE;
  if (sqlite3_changes (kd_conn_get_db (conn)) == 0)
    {
      g_set_error_literal (error, KD_STORE_ERROR, KD_STORE_ERROR_NOT_FOUND,
                           _("That phrase is no longer in the library."));
      return FALSE;
    }
  if (!kd_search_index_remove (conn, KD_PHRASE_SEARCH_DOMAIN, id, error))
    return FALSE;
  kd_conn_note_changed (conn, "phrases", id);
  return TRUE;
}

typedef struct {
  KdPhraseGroup  *group;
  GPtrArray     **out_removed;
} DeleteGroup;

static gboolean
delete_group_txn (KdConn   *conn,
                  gpointer  data,
                  GError  **error)
{
  DeleteGroup *dg = data;
  gint64 id = kd_phrase_group_get_id (dg->group);
  g_autoptr(GPtrArray) phrases = phrases_of_group (conn, id, error);
  sqlite3_stmt *stmt;

  if (phrases == NULL)
    return FALSE;
  for (guint i = 0; i < phrases->len; i++)
    if (!delete_phrase_row (conn, kd_phrase_get_id (g_ptr_array_index (phrases, i)), error))
      return FALSE;

  stmt = kd_conn_prepare (conn, "DELETE FROM phrase_groups WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!kd_conn_step_done (conn, stmt, error))
    return FALSE;
  if (sqlite3_changes (kd_conn_get_db (conn)) == 0)
    {
      g_set_error_literal (error, KD_STORE_ERROR, KD_STORE_ERROR_NOT_FOUND,
                           _("That phrase group no longer exists."));
      return FALSE;
    }
  kd_conn_note_changed (conn, "phrase_groups", id);
  if (dg->out_removed != NULL)
    *dg->out_removed = g_steal_pointer (&phrases);
  return TRUE;
}

gboolean
kd_phrase_repo_delete_group (KdConn         *conn,
                             KdPhraseGroup  *group,
                             GPtrArray     **out_removed,
                             GError        **error)
{
  DeleteGroup dg = { group, out_removed };

  g_return_val_if_fail (KD_IS_PHRASE_GROUP (group), FALSE);
  if (out_removed != NULL)
    *out_removed = NULL;
  return kd_conn_transaction (conn, delete_group_txn, &dg, error);
}

gboolean
kd_phrase_repo_move_group (KdConn   *conn,
                           gint64    group_id,
                           int       new_position,
                           GError  **error)
{
  g_autoptr(GPtrArray) groups = kd_phrase_repo_list_groups (conn, error);
  g_autoptr(KdPhraseGroup) moving = NULL;
  sqlite3_stmt *stmt;

  if (groups == NULL)
    return FALSE;
  for (guint i = 0; i < groups->len; i++)
    if (kd_phrase_group_get_id (g_ptr_array_index (groups, i)) == group_id)
      {
        moving = g_ptr_array_steal_index (groups, i);
        break;
      }
  if (moving == NULL)
    {
      g_set_error_literal (error, KD_STORE_ERROR, KD_STORE_ERROR_NOT_FOUND,
                           _("That phrase group no longer exists."));
      return FALSE;
    }
  g_ptr_array_insert (groups, CLAMP (new_position, 0, (int) groups->len), g_object_ref (moving));

  /* Positions are rewritten 0…n-1: a gap left by a deleted group closes. */
  for (guint i = 0; i < groups->len; i++)
    {
      stmt = kd_conn_prepare (conn, "UPDATE phrase_groups SET position = ?2 WHERE id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, kd_phrase_group_get_id (g_ptr_array_index (groups, i)));
      sqlite3_bind_int (stmt, 2, (int) i);
      if (!kd_conn_step_done (conn, stmt, error))
        return FALSE;
    }
  kd_conn_note_changed (conn, "phrase_groups", 0);
  kd_conn_note_changed (conn, "phrases", 0);  /* the "position" sort follows the groups */
  return TRUE;
}

/* ---------------------------------------------------------------- phrases */

static KdPhrase *
find_phrase (KdConn      *conn,
             const char  *sql,
             gint64       id,
             const char  *text,
             GError     **error)
{
  sqlite3_stmt *stmt = kd_conn_prepare (conn, sql, error);

  if (stmt == NULL)
    return NULL;
  if (text != NULL)
    sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, id);
  return kd_conn_step_one (conn, stmt, KD_ROW_READER (phrase_from_row), "phrases", error);
}

KdPhrase *
kd_phrase_repo_find_by_id (KdConn  *conn,
                           gint64   id,
                           GError **error)
{
  g_autoptr(GError) local = NULL;
  KdPhrase *p = find_phrase (conn, "SELECT " PHRASE_COLUMNS " FROM phrase_rows WHERE id = ?1 AND ?2 = ?2",
                             id, NULL, &local);

  if (p == NULL && local != NULL)
    g_propagate_error (error, g_steal_pointer (&local));
  else if (p == NULL)
    g_set_error_literal (error, KD_STORE_ERROR, KD_STORE_ERROR_NOT_FOUND,
                         _("That phrase is no longer in the library."));
  return p;
}

KdPhrase *
kd_phrase_repo_find_by_shortcut (KdConn      *conn,
                                 const char  *shortcut,
                                 gint64       except_id,
                                 GError     **error)
{
  g_autofree char *key = _kd_phrase_shortcut_key (shortcut);

  if (*key == '\0')
    return NULL;
  /* lower(shortcut) = ?: the unique index answers. */
  return find_phrase (conn, "SELECT " PHRASE_COLUMNS " FROM phrase_rows WHERE lower(shortcut) = ?1 "
                      "AND shortcut <> '' AND id <> ?2", except_id, key, error);
}

static void
shortcut_taken_error (const char  *shortcut,
                      GError     **error)
{
  g_clear_error (error);
  g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_DUPLICATE,
               _("The shortcut “%s” is already used by another phrase."), shortcut);
}

/* Trims what the store keeps trimmed and checks every rule, the group's
 * existence included. */
static gboolean
prepare_phrase (KdConn    *conn,
                KdPhrase  *phrase,
                GError   **error)
{
  g_autofree char *title = g_strstrip (g_strdup (kd_phrase_get_title (phrase)));
  g_autofree char *body = g_strstrip (g_strdup (kd_phrase_get_body (phrase)));
  g_autofree char *shortcut = g_strstrip (g_strdup (kd_phrase_get_shortcut (phrase)));
  g_autoptr(KdPhraseGroup) group = NULL;
  g_autoptr(GError) local = NULL;

  kd_phrase_set_title (phrase, title);
  kd_phrase_set_body (phrase, body);
  kd_phrase_set_shortcut (phrase, shortcut);
  if (!kd_phrase_validate (phrase, error))
    return FALSE;

  /* Only whether it exists and its name: counting its phrases on every
   * write made an import quadratic. */
  group = find_group (conn, "SELECT g.id, g.name, g.position, 0 FROM phrase_groups g WHERE g.id = ?1",
                      kd_phrase_get_group_id (phrase), NULL, &local);
  if (group == NULL)
    {
      if (local != NULL)
        g_propagate_error (error, g_steal_pointer (&local));
      else
        g_set_error_literal (error, KD_VALIDATION_ERROR, KD_PHRASE_FIELD_GROUP,
                             _("That phrase group no longer exists; choose another one."));
      return FALSE;
    }
  kd_phrase_set_group_name (phrase, kd_phrase_group_get_name (group));
  return TRUE;
}

static gboolean
index_phrase (KdConn    *conn,
              KdPhrase  *phrase,
              GError   **error)
{
  g_autofree char *text = kd_phrase_dup_search_text (phrase);
  return kd_search_index_set (conn, KD_PHRASE_SEARCH_DOMAIN, kd_phrase_get_id (phrase), text, error);
}

static gboolean
insert_row (KdConn    *conn,
            KdPhrase  *phrase,
            gboolean   as_it_was,
            GError   **error)
{
  sqlite3_stmt *stmt;
  gint64 now = kd_clock_now_unix (NULL);
  gint64 position;
  gboolean ok;

  if (!prepare_phrase (conn, phrase, error))
    return FALSE;

  if (as_it_was)
    position = kd_phrase_get_position (phrase);
  else
    {
      position = query_int64 (conn, "SELECT COALESCE(MAX(position) + 1, 0) FROM phrases WHERE group_id = ?1",
                              kd_phrase_get_group_id (phrase), &ok, error);
      if (!ok)
        return FALSE;
    }

  stmt = kd_conn_prepare (conn,
                          "INSERT INTO phrases (id, group_id, title, body, shortcut, favourite, use_count, "
                          "last_used, position, created_at, updated_at) "
                          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)", error);
  if (stmt == NULL)
    return FALSE;
  if (as_it_was && kd_phrase_get_id (phrase) > 0)
    sqlite3_bind_int64 (stmt, 1, kd_phrase_get_id (phrase));
  else
    sqlite3_bind_null (stmt, 1);
  sqlite3_bind_int64 (stmt, 2, kd_phrase_get_group_id (phrase));
  sqlite3_bind_text (stmt, 3, kd_phrase_get_title (phrase), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, kd_phrase_get_body (phrase), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, kd_phrase_get_shortcut (phrase), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 6, kd_phrase_get_favourite (phrase));
  sqlite3_bind_int (stmt, 7, as_it_was ? kd_phrase_get_use_count (phrase) : 0);
  sqlite3_bind_int64 (stmt, 8, as_it_was ? kd_phrase_get_last_used (phrase) : 0);
  sqlite3_bind_int64 (stmt, 9, position);
  sqlite3_bind_int64 (stmt, 10, now);
  if (!kd_conn_step_done (conn, stmt, error))
    {
      if (g_error_matches (*error, KD_STORE_ERROR, KD_STORE_ERROR_DUPLICATE))
        shortcut_taken_error (kd_phrase_get_shortcut (phrase), error);
      return FALSE;
    }

  kd_phrase_set_id (phrase, sqlite3_last_insert_rowid (kd_conn_get_db (conn)));
  kd_phrase_set_position (phrase, (int) position);
  if (!as_it_was)
    {
      kd_phrase_set_use_count (phrase, 0);
      kd_phrase_set_last_used (phrase, 0);
    }
  if (!index_phrase (conn, phrase, error))
    return FALSE;
  kd_conn_note_changed (conn, "phrases", kd_phrase_get_id (phrase));
  kd_conn_note_changed (conn, "phrase_groups", kd_phrase_get_group_id (phrase));
  return TRUE;
}

gboolean
kd_phrase_repo_insert (KdConn    *conn,
                       KdPhrase  *phrase,
                       GError   **error)
{
  g_return_val_if_fail (KD_IS_PHRASE (phrase), FALSE);
  return insert_row (conn, phrase, FALSE, error);
}

gboolean
kd_phrase_repo_restore (KdConn    *conn,
                        KdPhrase  *phrase,
                        GError   **error)
{
  g_return_val_if_fail (KD_IS_PHRASE (phrase), FALSE);
  return insert_row (conn, phrase, TRUE, error);
}

gboolean
kd_phrase_repo_update (KdConn    *conn,
                       KdPhrase  *phrase,
                       GError   **error)
{
  g_autoptr(KdPhrase) stored = NULL;
  sqlite3_stmt *stmt;
  gint64 position;
  gboolean ok;

  g_return_val_if_fail (KD_IS_PHRASE (phrase), FALSE);
  g_return_val_if_fail (kd_phrase_get_id (phrase) > 0, FALSE);

  if (!prepare_phrase (conn, phrase, error))
    return FALSE;
  stored = kd_phrase_repo_find_by_id (conn, kd_phrase_get_id (phrase), error);
  if (stored == NULL)
    return FALSE;

  position = kd_phrase_get_position (stored);
  if (kd_phrase_get_group_id (stored) != kd_phrase_get_group_id (phrase))
    {
      position = query_int64 (conn, "SELECT COALESCE(MAX(position) + 1, 0) FROM phrases WHERE group_id = ?1",
                              kd_phrase_get_group_id (phrase), &ok, error);
      if (!ok)
        return FALSE;
    }

  stmt = kd_conn_prepare (conn,
                          "UPDATE phrases SET group_id = ?2, title = ?3, body = ?4, shortcut = ?5, favourite = ?6, "
                          "position = ?7, updated_at = ?8 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, kd_phrase_get_id (phrase));
  sqlite3_bind_int64 (stmt, 2, kd_phrase_get_group_id (phrase));
  sqlite3_bind_text (stmt, 3, kd_phrase_get_title (phrase), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, kd_phrase_get_body (phrase), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, kd_phrase_get_shortcut (phrase), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 6, kd_phrase_get_favourite (phrase));
  sqlite3_bind_int64 (stmt, 7, position);
  sqlite3_bind_int64 (stmt, 8, kd_clock_now_unix (NULL));
  if (!kd_conn_step_done (conn, stmt, error))
    {
      if (g_error_matches (*error, KD_STORE_ERROR, KD_STORE_ERROR_DUPLICATE))
        shortcut_taken_error (kd_phrase_get_shortcut (phrase), error);
      return FALSE;
    }

  kd_phrase_set_position (phrase, (int) position);
  kd_phrase_set_use_count (phrase, kd_phrase_get_use_count (stored));
  kd_phrase_set_last_used (phrase, kd_phrase_get_last_used (stored));
  if (!index_phrase (conn, phrase, error))
    return FALSE;
  kd_conn_note_changed (conn, "phrases", kd_phrase_get_id (phrase));
  kd_conn_note_changed (conn, "phrase_groups", kd_phrase_get_group_id (stored));
  kd_conn_note_changed (conn, "phrase_groups", kd_phrase_get_group_id (phrase));
  return TRUE;
}

gboolean
kd_phrase_repo_delete (KdConn    *conn,
                       KdPhrase  *phrase,
                       GError   **error)
{
  g_return_val_if_fail (KD_IS_PHRASE (phrase), FALSE);

  if (!delete_phrase_row (conn, kd_phrase_get_id (phrase), error))
    return FALSE;
  kd_conn_note_changed (conn, "phrase_groups", kd_phrase_get_group_id (phrase));
  return TRUE;
}

gboolean
kd_phrase_repo_move (KdConn   *conn,
                     gint64    phrase_id,
                     gint64    to_group_id,
                     GError  **error)
{
  g_autoptr(KdPhrase) phrase = kd_phrase_repo_find_by_id (conn, phrase_id, error);

  if (phrase == NULL)
    return FALSE;
  if (kd_phrase_get_group_id (phrase) == to_group_id)
    return TRUE;
  kd_phrase_set_group_id (phrase, to_group_id);
  return kd_phrase_repo_update (conn, phrase, error);
}

gboolean
kd_phrase_repo_record_use (KdConn   *conn,
                           gint64    phrase_id,
                           gint64    at_unix,
                           GError  **error)
{
  sqlite3_stmt *stmt = kd_conn_prepare (conn, "UPDATE phrases SET use_count = use_count + 1, last_used = ?2 "
                                        "WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, phrase_id);
  sqlite3_bind_int64 (stmt, 2, at_unix);
  if (!kd_conn_step_done (conn, stmt, error))
    return FALSE;
  if (sqlite3_changes (kd_conn_get_db (conn)) == 0)
    {
      g_set_error_literal (error, KD_STORE_ERROR, KD_STORE_ERROR_NOT_FOUND,
                           _("That phrase is no longer in the library."));
      return FALSE;
    }
  kd_conn_note_changed (conn, "phrases", phrase_id);
  return TRUE;
}

/* ---------------------------------------------------------------- lists */

GPtrArray *
kd_phrase_repo_search (KdConn      *conn,
                       const char  *query,
                       guint        limit,
                       GError     **error)
{
  const KdQuerySpec *spec = kd_phrase_repo_query_spec ();
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  g_autofree char *where = spec->build_search (query ? query : "", params);
  g_autofree char *rank = where ? spec->build_rank (query, params) : NULL;
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;

  /* The model's snapshot SQL (kd-query-model.c build_sql) with the columns. */
  sql = g_strdup_printf ("SELECT " PHRASE_COLUMNS " FROM %s%s%s ORDER BY %s%s" RANK_ORDER ", id LIMIT ?",
                         spec->from, where ? " WHERE " : "", where ? where : "",
                         rank ? rank : "", rank ? ", " : "");
  stmt = kd_conn_prepare (conn, sql, error);
  if (stmt == NULL)
    return NULL;
  for (guint i = 0; i < params->len; i++)
    kd_stmt_bind_variant (stmt, (int) i + 1, g_ptr_array_index (params, i));
  sqlite3_bind_int64 (stmt, (int) params->len + 1, limit > 0 ? (gint64) limit : -1);
  return collect (conn, stmt, error);
}

GPtrArray *
kd_phrase_repo_favourites (KdConn  *conn,
                           guint    limit,
                           GError **error)
{
  sqlite3_stmt *stmt = kd_conn_prepare (conn, "SELECT " PHRASE_COLUMNS " FROM phrase_rows WHERE favourite = 1 "
                                        "ORDER BY " LIBRARY_ORDER " LIMIT ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, limit > 0 ? (gint64) limit : -1);
  return collect (conn, stmt, error);
}

GPtrArray *
kd_phrase_repo_list_all (KdConn  *conn,
                         GError **error)
{
  sqlite3_stmt *stmt = kd_conn_prepare (conn, "SELECT " PHRASE_COLUMNS " FROM phrase_rows "
                                        "ORDER BY " LIBRARY_ORDER, error);
  if (stmt == NULL)
    return NULL;
  return collect (conn, stmt, error);
}

/* ---------------------------------------------------------------- import */

static gboolean
import_records (KdConn      *conn,
                GPtrArray   *records,
                const char  *display_name,
                guint       *out_added,
                guint       *out_updated,
                guint       *out_groups_added,
                GError     **error)
{
  g_autoptr(GHashTable) groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint added = 0, updated = 0, groups_added = 0;

  /* The search rows go into the index in one statement at the end (one
   * FTS5 segment, not one per phrase); a failed import's are rolled back
   * with it (kd-search.h). */
  if (!kd_search_batch_begin (conn, error))
    return FALSE;
  for (guint i = 0; i < records->len; i++)
    {
      KdPhraseRecord *rec = g_ptr_array_index (records, i);
      g_autoptr(KdPhrase) existing = NULL;
      g_autoptr(GError) local = NULL;
      gint64 group_id = GPOINTER_TO_SIZE (g_hash_table_lookup (groups, rec->group));
      gboolean ok;

      if (group_id == 0)
        {
          g_autoptr(KdPhraseGroup) group = kd_phrase_repo_find_group_by_name (conn, rec->group, &local);

          if (group == NULL && local == NULL)
            {
              group = kd_phrase_group_new (rec->group);
              if (kd_phrase_repo_insert_group (conn, group, &local))
                groups_added++;
            }
          if (local != NULL)
            {
              g_prefix_error (&local, "%s:%zu: ", display_name, rec->line);
              g_propagate_error (error, g_steal_pointer (&local));
              return FALSE;
            }
          group_id = kd_phrase_group_get_id (group);
          g_hash_table_insert (groups, g_strdup (rec->group), GSIZE_TO_POINTER ((gsize) group_id));
        }

      existing = kd_phrase_repo_find_by_shortcut (conn, rec->shortcut, 0, &local);
      if (existing != NULL)
        {
          kd_phrase_set_group_id (existing, group_id);
          kd_phrase_set_body (existing, rec->body);
          kd_phrase_set_shortcut (existing, rec->shortcut);
          if (rec->has_title)  /* a Qianniu file has none: keep ours */
            kd_phrase_set_title (existing, rec->title);
          ok = kd_phrase_repo_update (conn, existing, &local);
          updated += ok;
        }
      else if (local == NULL)
        {
          g_autoptr(KdPhrase) fresh = kd_phrase_new (group_id, rec->title, rec->body, rec->shortcut);
          ok = kd_phrase_repo_insert (conn, fresh, &local);
          added += ok;
        }
      else
        ok = FALSE;

      if (!ok)
        {
          g_prefix_error (&local, "%s:%zu: ", display_name, rec->line);
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
    }

  if (!kd_search_batch_end (conn, error))
    return FALSE;
  if (out_added != NULL)
    *out_added = added;
  if (out_updated != NULL)
    *out_updated = updated;
  if (out_groups_added != NULL)
    *out_groups_added = groups_added;
  return TRUE;
}

gboolean
kd_phrase_repo_import (KdConn      *conn,
                       GPtrArray   *records,
                       const char  *display_name,
                       guint       *out_added,
                       guint       *out_updated,
                       guint       *out_groups_added,
                       GError     **error)
{
  gboolean ok;

  /* The library, its indexes and the search rows waiting in the batch
   * stay in memory: with the default cache the batch's temporary table
   * spilled some 2 700 pages to a file in /var/tmp and read them back. */
  ok = kd_conn_begin_bulk (conn, 65536, error) &&
       import_records (conn, records, display_name, out_added, out_updated, out_groups_added, error);
  kd_conn_end_bulk (conn);
  return ok;
}

/* ---------------------------------------------------------------- upkeep */

gboolean
kd_phrase_repo_fill_search (KdConn  *conn,
                            GError **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *row_id = kd_search_row_id_sql (KD_PHRASE_SEARCH_DOMAIN, "phrase_rows.id");
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;

  /* Each phrase's search row looked up by its id (the store opens with
   * this: not a scan of every search row). */
  sql = g_strdup_printf ("SELECT " PHRASE_COLUMNS " FROM phrase_rows WHERE NOT EXISTS "
                         "(SELECT 1 FROM search_rows WHERE id = %s)", row_id);
  stmt = kd_conn_prepare (conn, sql, error);
  if (stmt == NULL)
    return FALSE;
  rows = collect (conn, stmt, error);
  if (rows == NULL)
    return FALSE;

  for (guint i = 0; i < rows->len; i++)
    if (!index_phrase (conn, g_ptr_array_index (rows, i), error))
      return FALSE;
  if (rows->len > 0)
    kd_conn_note_changed (conn, "phrases", 0);
  return TRUE;
}

gboolean
kd_phrase_repo_add_demo_usage (KdConn   *conn,
                               gint64    now_unix,
                               GError  **error)
{
  /* Shortcut, favourite, uses, hours since the last use. */
  static const struct { const char *shortcut; gboolean favourite; int uses; int hours_ago; } usage[] = {
    { "hy", TRUE, 412, 1 }, { "fh", TRUE, 268, 2 }, { "th7", TRUE, 190, 3 }, { "sc", TRUE, 121, 5 },
    { "zj", TRUE, 305, 1 }, { "cf", FALSE, 96, 20 }, { "cm", FALSE, 154, 4 }, { "wl", FALSE, 133, 6 },
    { "yj", FALSE, 88, 26 }, { "qy", FALSE, 47, 9 }, { "th", FALSE, 72, 30 }, { "hh", FALSE, 39, 50 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (usage); i++)
    {
      sqlite3_stmt *stmt = kd_conn_prepare (conn, "UPDATE phrases SET favourite = ?2, use_count = ?3, last_used = ?4 "
                                            "WHERE lower(shortcut) = ?1", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, usage[i].shortcut, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 2, usage[i].favourite);
      sqlite3_bind_int (stmt, 3, usage[i].uses);
      sqlite3_bind_int64 (stmt, 4, now_unix - usage[i].hours_ago * 3600);
      if (!kd_conn_step_done (conn, stmt, error))
        return FALSE;
    }
  kd_conn_note_changed (conn, "phrases", 0);
  return TRUE;
}
