/* kd-customer-repo-tags.c: customer tags: the list, find, write (rename, recolour), tagging customers, delete; each keeps the customers' tag sort keys. */
#include "config.h"

#include "kd-customer-repo-private.h"
#include "kd-search.h"
#include "kd-search-keys.h"
#include "kd-error.h"
#include "kd-text.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* ---------------------------------------------------------------- tags */

static KdTag *
tag_row (sqlite3_stmt *stmt)
{
  KdTag *t = kd_tag_new (kd_stmt_text (stmt, 1), sqlite3_column_int (stmt, 2));

  kd_tag_set_id (t, sqlite3_column_int64 (stmt, 0));
  kd_tag_set_n_customers (t, sqlite3_column_int (stmt, 3));
  return t;
}

#define TAG_SELECT "SELECT t.id, t.name, t.colour, (SELECT count(*) FROM customer_tags ct WHERE ct.tag_id = t.id) FROM tags t "

GPtrArray *
kd_customer_repo_list_tags (KdConn  *conn,
                            GError **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt = kd_conn_prepare (conn, TAG_SELECT "ORDER BY t.name COLLATE NOCASE, t.id", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, tag_row (stmt));
  if (!kd_conn_rows_done (conn, stmt, rc, "tags", error))
    return NULL;
  return g_steal_pointer (&list);
}

KdTag *
kd_customer_repo_find_tag (KdConn      *conn,
                           gint64       id,
                           const char  *name,
                           GError     **error)
{
  sqlite3_stmt *stmt = kd_conn_prepare (conn, name != NULL ? TAG_SELECT "WHERE t.name = ? COLLATE NOCASE"
                                                           : TAG_SELECT "WHERE t.id = ?", error);

  if (stmt == NULL)
    return NULL;
  if (name != NULL)
    sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_int64 (stmt, 1, id);
  return kd_conn_step_one (conn, stmt, KD_ROW_READER (tag_row), "tags", error);
}

static gboolean
refresh_tags_sort_of_tag (KdConn  *conn,
                          gint64   tag_id,
                          GError **error)
{
  g_autoptr(GArray) ids = kd_customer_repo_tag_customers (conn, tag_id, error);

  if (ids == NULL)
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    {
      if (!_kd_customer_repo_refresh_tags_sort (conn, g_array_index (ids, gint64, i), error))
        return FALSE;
      kd_conn_note_changed (conn, "customers", g_array_index (ids, gint64, i));
    }
  return TRUE;
}

gboolean
kd_customer_repo_write_tag (KdConn  *conn,
                            KdTag   *tag,
                            GError **error)
{
  g_autofree char *name = g_strstrip (g_strdup (kd_tag_get_name (tag)));
  g_autoptr(KdTag) holder = NULL;
  g_autoptr(GError) local = NULL;
  gboolean exists = FALSE;
  sqlite3_stmt *stmt;

  kd_tag_set_name (tag, name);
  if (!kd_tag_validate (tag, error))
    return FALSE;
  holder = kd_customer_repo_find_tag (conn, 0, name, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (holder != NULL && kd_tag_get_id (holder) != kd_tag_get_id (tag))
    {
      g_set_error (error, KD_VALIDATION_ERROR, KD_CUSTOMER_FIELD_TAG_NAME,
                   _("There is already a tag “%s”."), kd_tag_get_name (holder));
      return FALSE;
    }
  if (kd_tag_get_id (tag) != 0 &&
      !_kd_customer_repo_row_exists (conn, "SELECT 1 FROM tags WHERE id = ?", kd_tag_get_id (tag), &exists, error))
    return FALSE;
  stmt = kd_conn_prepare (conn, exists ? "UPDATE tags SET name = ?2, colour = ?3 WHERE id = ?1"
                                       : "INSERT INTO tags (id, name, colour) VALUES (nullif(?1, 0), ?2, ?3)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, kd_tag_get_id (tag));
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 3, kd_tag_get_colour (tag));
  if (!kd_conn_step_done (conn, stmt, error))
    return FALSE;
  if (!exists)
    kd_tag_set_id (tag, sqlite3_last_insert_rowid (kd_conn_get_db (conn)));
  kd_conn_note_changed (conn, "tags", kd_tag_get_id (tag));
  /* A rename changes how the tagged customers sort and read. */
  return !exists || refresh_tags_sort_of_tag (conn, kd_tag_get_id (tag), error);
}

GArray *
kd_customer_repo_tag_customers (KdConn  *conn,
                                gint64   tag_id,
                                GError **error)
{
  sqlite3_stmt *stmt = kd_conn_prepare (conn, "SELECT customer_id FROM customer_tags WHERE tag_id = ? "
                                              "ORDER BY customer_id", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, tag_id);
  return _kd_customer_repo_collect_ids (conn, stmt, error);
}

gboolean
kd_customer_repo_delete_tag (KdConn  *conn,
                             gint64   tag_id,
                             GError **error)
{
  g_autoptr(GArray) ids = kd_customer_repo_tag_customers (conn, tag_id, error);
  sqlite3_stmt *stmt;

  if (ids == NULL)
    return FALSE;
  stmt = kd_conn_prepare (conn, "DELETE FROM tags WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, tag_id);
  if (!kd_conn_step_done (conn, stmt, error))
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    {
      if (!_kd_customer_repo_refresh_tags (conn, g_array_index (ids, gint64, i), error))
        return FALSE;
      kd_conn_note_changed (conn, "customers", g_array_index (ids, gint64, i));
    }
  kd_conn_note_changed (conn, "tags", tag_id);
  return TRUE;
}
