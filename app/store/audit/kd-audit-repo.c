/* kd-audit-repo.c: appending to and reading the audit log; nothing here updates or deletes a row. */
#include "kd-audit-repo.h"
#include "kd-store-private.h"
#include "kd-clock.h"

void
kd_audit_entry_free (KdAuditEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->action);
  g_free (entry->entity);
  g_free (entry->record_ids);
  g_free (entry->detail);
  g_free (entry);
}

gboolean
kd_audit_repo_record (KdConn        *conn,
                      KdStaff       *agent,
                      const char    *action,
                      const char    *entity,
                      const gint64  *ids,
                      guint          n_ids,
                      const char    *detail,
                      GError       **error)
{
  g_autoptr(GString) list = g_string_new (NULL);
  g_autofree char *valid_detail = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (action != NULL && *action != '\0', FALSE);
  g_return_val_if_fail (entity != NULL && *entity != '\0', FALSE);
  g_return_val_if_fail (n_ids == 0 || ids != NULL, FALSE);

  for (guint i = 0; i < MIN (n_ids, KD_AUDIT_MAX_IDS); i++)
    g_string_append_printf (list, i ? ",%" G_GINT64_FORMAT : "%" G_GINT64_FORMAT, ids[i]);
  valid_detail = g_utf8_make_valid (detail ? detail : "", -1);

  stmt = kd_conn_prepare (conn,
                          "INSERT INTO audit_log (at, staff_id, action, entity, record_ids, n_records, detail) "
                          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, kd_clock_now_unix (NULL));
  if (agent != NULL && kd_staff_get_id (agent) > 0)
    sqlite3_bind_int64 (stmt, 2, kd_staff_get_id (agent));
  else
    sqlite3_bind_null (stmt, 2);
  sqlite3_bind_text (stmt, 3, action, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, entity, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, list->str, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 6, n_ids);
  sqlite3_bind_text (stmt, 7, valid_detail, -1, SQLITE_TRANSIENT);
  if (!kd_conn_step_done (conn, stmt, error))
    return FALSE;
  kd_conn_note_changed (conn, "audit_log", sqlite3_last_insert_rowid (kd_conn_get_db (conn)));
  return TRUE;
}

/* Newest first; @entity NULL for every entity. */
GPtrArray *
kd_audit_repo_list (KdConn      *conn,
                    const char  *entity,
                    gint64       since,
                    guint        limit,
                    GError     **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) kd_audit_entry_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = kd_conn_prepare (conn,
                          "SELECT id, at, coalesce(staff_id, 0), action, entity, record_ids, n_records, detail "
                          "FROM audit_log WHERE (?1 IS NULL OR entity = ?1) AND at >= ?2 "
                          "ORDER BY at DESC, id DESC LIMIT ?3", error);
  if (stmt == NULL)
    return NULL;
  if (entity != NULL)
    sqlite3_bind_text (stmt, 1, entity, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, since);
  sqlite3_bind_int64 (stmt, 3, limit > 0 ? limit : G_MAXINT32);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KdAuditEntry *e = g_new0 (KdAuditEntry, 1);

      e->id = sqlite3_column_int64 (stmt, 0);
      e->at = sqlite3_column_int64 (stmt, 1);
      e->staff_id = sqlite3_column_int64 (stmt, 2);
      e->action = g_strdup (kd_stmt_text (stmt, 3));
      e->entity = g_strdup (kd_stmt_text (stmt, 4));
      e->record_ids = g_strdup (kd_stmt_text (stmt, 5));
      e->n_records = (guint) sqlite3_column_int64 (stmt, 6);
      e->detail = g_strdup (kd_stmt_text (stmt, 7));
      g_ptr_array_add (list, e);
    }
  if (!kd_conn_rows_done (conn, stmt, rc, "audit_log", error))
    return NULL;
  return g_steal_pointer (&list);
}
