/* kd-staff-repo.c: reading and writing staff rows; validation from core before every write. */
#include "kd-staff-repo.h"
#include "kd-query-model-private.h"
#include "kd-clock.h"
#include "kd-error.h"
#include "kd-text.h"

#include <glib/gi18n-lib.h>

#define STAFF_COLUMNS "id, job_number, name, role, phone, active"

static KdStaff *
staff_from_row (sqlite3_stmt *stmt)
{
  KdRole role = KD_ROLE_PRESALE;
  KdStaff *staff;

  kd_role_from_key (kd_stmt_text (stmt, 3), &role);
  staff = kd_staff_new (kd_stmt_text (stmt, 1), kd_stmt_text (stmt, 2), role,
                        kd_stmt_text (stmt, 4));
  kd_staff_set_id (staff, sqlite3_column_int64 (stmt, 0));
  kd_staff_set_active (staff, sqlite3_column_int (stmt, 5));
  return staff;
}

/* ---------------------------------------------------------------- the list */

static GObject *
staff_placeholder (gint64 id)
{
  KdStaff *staff = kd_staff_new ("", "", KD_ROLE_PRESALE, "");
  kd_staff_set_id (staff, id);
  return G_OBJECT (staff);
}

static GObject *
staff_read_row (sqlite3_stmt *stmt)
{
  return G_OBJECT (staff_from_row (stmt));
}

static void
staff_assign (GObject *target,
              GObject *fresh)
{
  kd_staff_assign (KD_STAFF (target), KD_STAFF (fresh));
}

/* Job number, name and phone digits through the stored search text; roles
 * by their label in the reader's language, which the database cannot know. */
static char *
staff_build_search (const char *text,
                    GPtrArray  *params)
{
  g_autofree char *needle = kd_text_normalize (text);
  GString *clause = g_string_new ("instr(search_text, ?) > 0");

  g_ptr_array_add (params, g_variant_ref_sink (g_variant_new_string (needle)));
  for (guint r = 0; r < KD_N_ROLES; r++)
    {
      g_autofree char *label = kd_text_normalize (kd_role_get_label (r));

      if (kd_text_matches (label, needle))
        {
          g_string_append (clause, " OR role = ?");
          g_ptr_array_add (params, g_variant_ref_sink (g_variant_new_string (kd_role_to_key (r))));
        }
    }
  return g_string_free (clause, FALSE);
}

static const KdQuerySort staff_sorts[] = {
  { "job-number", "job_number_key" },
  { "name", "name COLLATE kd_locale" },
  { "role", "CASE role WHEN 'pre-sale' THEN 0 WHEN 'after-sale' THEN 1 WHEN 'order-tracking' THEN 2 "
            "WHEN 'complaints' THEN 3 WHEN 'supervisor' THEN 4 ELSE 5 END" },
  { "phone", "phone" },
  { "status", "active" },
};

static const KdQueryFilter staff_filters[] = {
  { "active", "active = ?" },
};

const KdQuerySpec *
kd_staff_repo_query_spec (void)
{
  static KdQuerySpec spec = {
    .table = "staff",
    .from = "staff",
    .columns = STAFF_COLUMNS,
    .new_placeholder = staff_placeholder,
    .read_row = staff_read_row,
    .assign = staff_assign,
    .build_search = staff_build_search,
    .sorts = staff_sorts,
    .n_sorts = G_N_ELEMENTS (staff_sorts),
    .filters = staff_filters,
    .n_filters = G_N_ELEMENTS (staff_filters),
  };

  if (spec.item_type == 0)
    spec.item_type = KD_TYPE_STAFF;
  return &spec;
}

/* ---------------------------------------------------------------- reading */

/* A small list (sign-in menu, roster): ordered by job number. */
GPtrArray *
kd_staff_repo_list (KdConn    *conn,
                    gboolean   active_only,
                    GError   **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  stmt = kd_conn_prepare (conn,
                          "SELECT " STAFF_COLUMNS " FROM staff WHERE active >= ?1 "
                          "ORDER BY job_number_key, id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, active_only ? 1 : 0);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, staff_from_row (stmt));
  if (!kd_conn_rows_done (conn, stmt, rc, "staff", error))
    return NULL;
  return g_steal_pointer (&list);
}

static KdStaff *
find_one (KdConn      *conn,
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
  return kd_conn_step_one (conn, stmt, KD_ROW_READER (staff_from_row), "staff", error);
}

KdStaff *
kd_staff_repo_find_by_id (KdConn  *conn,
                          gint64   id,
                          GError **error)
{
  g_autoptr(GError) local = NULL;
  KdStaff *staff = find_one (conn, "SELECT " STAFF_COLUMNS " FROM staff WHERE id = ?1 AND ?2 = ?2",
                             id, NULL, &local);

  if (staff == NULL && local != NULL)
    g_propagate_error (error, g_steal_pointer (&local));
  else if (staff == NULL)
    g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_NOT_FOUND,
                 _("That staff member is no longer in the staff directory."));
  return staff;
}

KdStaff *
kd_staff_repo_find_by_job_number (KdConn      *conn,
                                  const char  *job_number,
                                  GError     **error)
{
  g_autoptr(GError) local = NULL;
  KdStaff *staff = find_one (conn, "SELECT " STAFF_COLUMNS " FROM staff WHERE job_number = ?1 AND ?2 = 0",
                             0, job_number, &local);

  if (staff == NULL && local != NULL)
    g_propagate_error (error, g_steal_pointer (&local));
  else if (staff == NULL)
    g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_NOT_FOUND,
                 _("No staff member has job number %s."), job_number);
  return staff;
}

/* Who other than @except_id has @job_number: one lookup in the unique
 * index. NULL with no error when nobody does. */
KdStaff *
kd_staff_repo_find_holder (KdConn      *conn,
                           const char  *job_number,
                           gint64       except_id,
                           GError     **error)
{
  return find_one (conn, "SELECT " STAFF_COLUMNS " FROM staff WHERE job_number = ?1 AND id <> ?2",
                   except_id, job_number, error);
}

/* ---------------------------------------------------------------- writing */

static void
duplicate_error (KdStaff  *staff,
                 GError  **error)
{
  g_clear_error (error);
  g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_DUPLICATE,
               _("Job number %s is already taken."), kd_staff_get_job_number (staff));
}

static void
bind_row (sqlite3_stmt *stmt,
          KdStaff      *staff,
          const char   *name,
          gint64        now)
{
  g_autofree char *search = kd_staff_dup_search_text (staff);
  g_autofree char *key = kd_text_natural_key (kd_staff_get_job_number (staff));

  sqlite3_bind_text (stmt, 2, kd_staff_get_job_number (staff), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, kd_role_to_key (kd_staff_get_role (staff)), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, kd_staff_get_phone (staff), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 6, kd_staff_get_active (staff));
  sqlite3_bind_int64 (stmt, 7, now);
  sqlite3_bind_text (stmt, 8, search, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 9, key, -1, SQLITE_TRANSIENT);
}

gboolean
kd_staff_repo_insert (KdConn   *conn,
                      KdStaff  *staff,
                      GError  **error)
{
  g_autofree char *name = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KD_IS_STAFF (staff), FALSE);

  if (!kd_staff_validate (staff, error))
    return FALSE;
  name = g_strstrip (g_strdup (kd_staff_get_name (staff)));

  stmt = kd_conn_prepare (conn,
                          "INSERT INTO staff (id, job_number, name, role, phone, active, created_at, updated_at, "
                          "search_text, job_number_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8, ?9)",
                          error);
  if (stmt == NULL)
    return FALSE;

  if (kd_staff_get_id (staff) > 0)
    sqlite3_bind_int64 (stmt, 1, kd_staff_get_id (staff));
  else
    sqlite3_bind_null (stmt, 1);
  bind_row (stmt, staff, name, kd_clock_now_unix (NULL));

  if (!kd_conn_step_done (conn, stmt, error))
    {
      if (g_error_matches (*error, KD_STORE_ERROR, KD_STORE_ERROR_DUPLICATE))
        duplicate_error (staff, error);
      return FALSE;
    }

  kd_staff_set_id (staff, sqlite3_last_insert_rowid (kd_conn_get_db (conn)));
  kd_staff_set_name (staff, name);
  kd_conn_note_changed (conn, "staff", kd_staff_get_id (staff));
  return TRUE;
}

gboolean
kd_staff_repo_update (KdConn   *conn,
                      KdStaff  *staff,
                      GError  **error)
{
  g_autofree char *name = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KD_IS_STAFF (staff), FALSE);
  g_return_val_if_fail (kd_staff_get_id (staff) > 0, FALSE);

  if (!kd_staff_validate (staff, error))
    return FALSE;
  name = g_strstrip (g_strdup (kd_staff_get_name (staff)));

  stmt = kd_conn_prepare (conn,
                          "UPDATE staff SET job_number = ?2, name = ?3, role = ?4, phone = ?5, "
                          "active = ?6, updated_at = ?7, search_text = ?8, job_number_key = ?9 WHERE id = ?1",
                          error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, kd_staff_get_id (staff));
  bind_row (stmt, staff, name, kd_clock_now_unix (NULL));

  if (!kd_conn_step_done (conn, stmt, error))
    {
      if (g_error_matches (*error, KD_STORE_ERROR, KD_STORE_ERROR_DUPLICATE))
        duplicate_error (staff, error);
      return FALSE;
    }

  if (sqlite3_changes (kd_conn_get_db (conn)) == 0)
    {
      g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_NOT_FOUND,
                   _("%s is no longer in the staff directory."), kd_staff_get_name (staff));
      return FALSE;
    }
  kd_staff_set_name (staff, name);
  kd_conn_note_changed (conn, "staff", kd_staff_get_id (staff));
  return TRUE;
}

typedef struct {
  KdStaff        *staff;
  KdStaffRemoval  result;
} RemoveData;

/* Deleting is tried first; the foreign keys of every history table refuse
 * it when the person has history, and then they are only deactivated. The
 * savepoint keeps a refused delete from ending the caller's transaction. */
static gboolean
remove_txn (KdConn   *conn,
            gpointer  data,
            GError  **error)
{
  RemoveData *rd = data;
  sqlite3_stmt *stmt;
  int rc;

  stmt = kd_conn_prepare (conn, "DELETE FROM staff WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, kd_staff_get_id (rd->staff));
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);

  if (rc == SQLITE_DONE)
    {
      if (sqlite3_changes (kd_conn_get_db (conn)) == 0)
        {
          g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_NOT_FOUND,
                       _("%s is no longer in the staff directory."), kd_staff_get_name (rd->staff));
          return FALSE;
        }
      rd->result = KD_STAFF_REMOVAL_DELETED;
      kd_conn_note_changed (conn, "staff", kd_staff_get_id (rd->staff));
      return TRUE;
    }

  if (sqlite3_extended_errcode (kd_conn_get_db (conn)) != SQLITE_CONSTRAINT_FOREIGNKEY)
    {
      kd_conn_set_error (conn, error, sqlite3_extended_errcode (kd_conn_get_db (conn)), "delete staff");
      return FALSE;
    }

  stmt = kd_conn_prepare (conn, "UPDATE staff SET active = 0, updated_at = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, kd_staff_get_id (rd->staff));
  sqlite3_bind_int64 (stmt, 2, kd_clock_now_unix (NULL));
  if (!kd_conn_step_done (conn, stmt, error))
    return FALSE;

  rd->result = KD_STAFF_REMOVAL_DEACTIVATED;
  kd_conn_note_changed (conn, "staff", kd_staff_get_id (rd->staff));
  return TRUE;
}

KdStaffRemoval
kd_staff_repo_remove (KdConn   *conn,
                      KdStaff  *staff,
                      GError  **error)
{
  RemoveData rd = { staff, KD_STAFF_REMOVAL_FAILED };

  g_return_val_if_fail (KD_IS_STAFF (staff), KD_STAFF_REMOVAL_FAILED);

  if (!kd_conn_transaction (conn, remove_txn, &rd, error))
    return KD_STAFF_REMOVAL_FAILED;
  if (rd.result == KD_STAFF_REMOVAL_DEACTIVATED)
    kd_staff_set_active (staff, FALSE);
  return rd.result;
}

/* Undo of kd_staff_repo_remove(): @staff is the copy taken before removal. */
gboolean
kd_staff_repo_restore (KdConn          *conn,
                       KdStaff         *staff,
                       KdStaffRemoval   removal,
                       GError         **error)
{
  g_return_val_if_fail (KD_IS_STAFF (staff), FALSE);

  switch (removal)
    {
    case KD_STAFF_REMOVAL_DELETED:
      return kd_staff_repo_insert (conn, staff, error);
    case KD_STAFF_REMOVAL_DEACTIVATED:
      return kd_staff_repo_update (conn, staff, error);
    case KD_STAFF_REMOVAL_FAILED:
    default:
      g_return_val_if_reached (FALSE);
    }
}

gboolean
kd_staff_repo_record_sign_in (KdConn   *conn,
                              KdStaff  *staff,
                              gint64    at_unix,
                              GError  **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KD_IS_STAFF (staff), FALSE);

  stmt = kd_conn_prepare (conn, "INSERT INTO desk_sign_ins (staff_id, signed_in_at) VALUES (?1, ?2)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, kd_staff_get_id (staff));
  sqlite3_bind_int64 (stmt, 2, at_unix);
  return kd_conn_step_done (conn, stmt, error);
}

/* Rows written before schema 3 have no search text or sort key yet. */
gboolean
kd_staff_repo_fill_keys (KdConn  *conn,
                         GError **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  stmt = kd_conn_prepare (conn, "SELECT " STAFF_COLUMNS " FROM staff WHERE job_number_key = ''", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, staff_from_row (stmt));
  if (!kd_conn_rows_done (conn, stmt, rc, "staff", error))
    return FALSE;

  for (guint i = 0; i < rows->len; i++)
    {
      KdStaff *staff = g_ptr_array_index (rows, i);
      g_autofree char *search = kd_staff_dup_search_text (staff);
      g_autofree char *key = kd_text_natural_key (kd_staff_get_job_number (staff));

      stmt = kd_conn_prepare (conn, "UPDATE staff SET search_text = ?2, job_number_key = ?3 WHERE id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, kd_staff_get_id (staff));
      sqlite3_bind_text (stmt, 2, search, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, key, -1, SQLITE_TRANSIENT);
      if (!kd_conn_step_done (conn, stmt, error))
        return FALSE;
    }
  if (rows->len > 0)
    kd_conn_note_changed (conn, "staff", 0);
  return TRUE;
}
