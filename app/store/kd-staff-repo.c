/* kd-staff-repo.c: reading and writing staff rows, each write one transaction. */
#include "kd-staff-repo.h"
#include "kd-store-private.h"
#include "kd-clock.h"
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

GListStore *
kd_staff_repo_list (KdStore  *store,
                    GError  **error)
{
  g_autoptr(GListStore) list = g_list_store_new (KD_TYPE_STAFF);
  sqlite3_stmt *stmt;
  int rc;

  stmt = kd_store_prepare (store, "SELECT " STAFF_COLUMNS " FROM staff ORDER BY id", error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(KdStaff) staff = staff_from_row (stmt);
      g_list_store_append (list, staff);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      kd_store_set_sqlite_error (store, error, rc, "staff");
      return NULL;
    }
  return g_steal_pointer (&list);
}

KdStaff *
kd_staff_repo_find_by_job_number (KdStore     *store,
                                  const char  *job_number,
                                  GError     **error)
{
  sqlite3_stmt *stmt;
  KdStaff *staff = NULL;

  stmt = kd_store_prepare (store, "SELECT " STAFF_COLUMNS " FROM staff WHERE job_number = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, job_number, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    staff = staff_from_row (stmt);
  sqlite3_reset (stmt);

  if (staff == NULL)
    g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_NOT_FOUND,
                 _("No staff member has job number %s."), job_number);
  return staff;
}

/* The same rules the dialog shows inline; checked again here so the CLI,
 * an import or a bug in a dialog cannot store a bad row. */
gboolean
kd_staff_repo_validate (KdStaff  *staff,
                        GError  **error)
{
  g_autofree char *name = g_strstrip (g_strdup (kd_staff_get_name (staff)));

  if (*kd_staff_get_job_number (staff) == '\0')
    {
      g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_INVALID, _("The job number is required."));
      return FALSE;
    }
  if (!kd_job_number_is_valid (kd_staff_get_job_number (staff)))
    {
      g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_INVALID,
                   _("A job number is 1 to 16 letters, digits or “-”."));
      return FALSE;
    }
  if (*name == '\0')
    {
      g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_INVALID, _("The name is required."));
      return FALSE;
    }
  if (!kd_phone_is_valid (kd_staff_get_phone (staff)))
    {
      g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_INVALID,
                   _("A phone number is 5 to 20 digits, nothing else."));
      return FALSE;
    }
  return TRUE;
}

static void
duplicate_error (KdStaff  *staff,
                 GError  **error)
{
  g_clear_error (error);
  g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_DUPLICATE,
               _("Job number %s is already taken."), kd_staff_get_job_number (staff));
}

static gboolean
insert_txn (KdStore  *store,
            gpointer  data,
            GError  **error)
{
  KdStaff *staff = data;
  gint64 now = kd_clock_now_unix (NULL);
  sqlite3_stmt *stmt;
  g_autofree char *name = g_strstrip (g_strdup (kd_staff_get_name (staff)));

  stmt = kd_store_prepare (store,
                           "INSERT INTO staff (id, job_number, name, role, phone, active, created_at, updated_at) "
                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
                           error);
  if (stmt == NULL)
    return FALSE;

  if (kd_staff_get_id (staff) > 0)
    sqlite3_bind_int64 (stmt, 1, kd_staff_get_id (staff));
  else
    sqlite3_bind_null (stmt, 1);
  sqlite3_bind_text (stmt, 2, kd_staff_get_job_number (staff), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, kd_role_to_key (kd_staff_get_role (staff)), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, kd_staff_get_phone (staff), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 6, kd_staff_get_active (staff));
  sqlite3_bind_int64 (stmt, 7, now);

  if (!kd_store_step_done (store, stmt, error))
    {
      if (g_error_matches (*error, KD_STORE_ERROR, KD_STORE_ERROR_DUPLICATE))
        duplicate_error (staff, error);
      return FALSE;
    }

  kd_staff_set_id (staff, sqlite3_last_insert_rowid (kd_store_get_db (store)));
  kd_staff_set_name (staff, name);
  return TRUE;
}

gboolean
kd_staff_repo_insert (KdStore  *store,
                      KdStaff  *staff,
                      GError  **error)
{
  g_return_val_if_fail (KD_IS_STORE (store), FALSE);
  g_return_val_if_fail (KD_IS_STAFF (staff), FALSE);

  if (!kd_staff_repo_validate (staff, error))
    return FALSE;
  return kd_store_transaction (store, insert_txn, staff, error);
}

static gboolean
update_txn (KdStore  *store,
            gpointer  data,
            GError  **error)
{
  KdStaff *staff = data;
  sqlite3_stmt *stmt;
  g_autofree char *name = g_strstrip (g_strdup (kd_staff_get_name (staff)));

  stmt = kd_store_prepare (store,
                           "UPDATE staff SET job_number = ?2, name = ?3, role = ?4, phone = ?5, "
                           "active = ?6, updated_at = ?7 WHERE id = ?1",
                           error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, kd_staff_get_id (staff));
  sqlite3_bind_text (stmt, 2, kd_staff_get_job_number (staff), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, kd_role_to_key (kd_staff_get_role (staff)), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, kd_staff_get_phone (staff), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 6, kd_staff_get_active (staff));
  sqlite3_bind_int64 (stmt, 7, kd_clock_now_unix (NULL));

  if (!kd_store_step_done (store, stmt, error))
    {
      if (g_error_matches (*error, KD_STORE_ERROR, KD_STORE_ERROR_DUPLICATE))
        duplicate_error (staff, error);
      return FALSE;
    }

  if (sqlite3_changes (kd_store_get_db (store)) == 0)
    {
      g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_NOT_FOUND,
                   _("%s is no longer in the staff directory."), kd_staff_get_name (staff));
      return FALSE;
    }
  kd_staff_set_name (staff, name);
  return TRUE;
}

gboolean
kd_staff_repo_update (KdStore  *store,
                      KdStaff  *staff,
                      GError  **error)
{
  g_return_val_if_fail (KD_IS_STORE (store), FALSE);
  g_return_val_if_fail (KD_IS_STAFF (staff), FALSE);
  g_return_val_if_fail (kd_staff_get_id (staff) > 0, FALSE);

  if (!kd_staff_repo_validate (staff, error))
    return FALSE;
  return kd_store_transaction (store, update_txn, staff, error);
}

typedef struct {
  KdStaff        *staff;
  KdStaffRemoval  result;
} RemoveData;

/* Deleting is tried first; the foreign keys of every history table refuse
 * it when the person has history, and then they are only deactivated. */
static gboolean
remove_txn (KdStore  *store,
            gpointer  data,
            GError  **error)
{
  RemoveData *rd = data;
  sqlite3_stmt *stmt;
  int rc;

  stmt = kd_store_prepare (store, "DELETE FROM staff WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, kd_staff_get_id (rd->staff));
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);

  if (rc == SQLITE_DONE)
    {
      if (sqlite3_changes (kd_store_get_db (store)) == 0)
        {
          g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_NOT_FOUND,
                       _("%s is no longer in the staff directory."), kd_staff_get_name (rd->staff));
          return FALSE;
        }
      rd->result = KD_STAFF_REMOVAL_DELETED;
      return TRUE;
    }

  if (sqlite3_extended_errcode (kd_store_get_db (store)) != SQLITE_CONSTRAINT_FOREIGNKEY)
    {
      kd_store_set_sqlite_error (store, error, sqlite3_extended_errcode (kd_store_get_db (store)),
                                 "delete staff");
      return FALSE;
    }

  stmt = kd_store_prepare (store, "UPDATE staff SET active = 0, updated_at = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, kd_staff_get_id (rd->staff));
  sqlite3_bind_int64 (stmt, 2, kd_clock_now_unix (NULL));
  if (!kd_store_step_done (store, stmt, error))
    return FALSE;

  rd->result = KD_STAFF_REMOVAL_DEACTIVATED;
  return TRUE;
}

KdStaffRemoval
kd_staff_repo_remove (KdStore  *store,
                      KdStaff  *staff,
                      GError  **error)
{
  RemoveData rd = { staff, KD_STAFF_REMOVAL_FAILED };

  g_return_val_if_fail (KD_IS_STORE (store), KD_STAFF_REMOVAL_FAILED);
  g_return_val_if_fail (KD_IS_STAFF (staff), KD_STAFF_REMOVAL_FAILED);

  if (!kd_store_transaction (store, remove_txn, &rd, error))
    return KD_STAFF_REMOVAL_FAILED;
  if (rd.result == KD_STAFF_REMOVAL_DEACTIVATED)
    kd_staff_set_active (staff, FALSE);
  return rd.result;
}

/* Undo of kd_staff_repo_remove(): @staff is the copy taken before removal. */
gboolean
kd_staff_repo_restore (KdStore         *store,
                       KdStaff         *staff,
                       KdStaffRemoval   removal,
                       GError         **error)
{
  g_return_val_if_fail (KD_IS_STORE (store), FALSE);
  g_return_val_if_fail (KD_IS_STAFF (staff), FALSE);

  switch (removal)
    {
    case KD_STAFF_REMOVAL_DELETED:
      return kd_store_transaction (store, insert_txn, staff, error);
    case KD_STAFF_REMOVAL_DEACTIVATED:
      return kd_store_transaction (store, update_txn, staff, error);
    case KD_STAFF_REMOVAL_FAILED:
    default:
      g_return_val_if_reached (FALSE);
    }
}

gboolean
kd_staff_repo_record_sign_in (KdStore  *store,
                              KdStaff  *staff,
                              gint64    at_unix,
                              GError  **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (KD_IS_STORE (store), FALSE);
  g_return_val_if_fail (KD_IS_STAFF (staff), FALSE);

  stmt = kd_store_prepare (store, "INSERT INTO desk_sign_ins (staff_id, signed_in_at) VALUES (?1, ?2)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, kd_staff_get_id (staff));
  sqlite3_bind_int64 (stmt, 2, at_unix);
  return kd_store_step_done (store, stmt, error);
}
