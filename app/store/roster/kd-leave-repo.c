/* kd-leave-repo.c: leave and swap requests, their decisions, and what an approval does to the roster.
 * Over 800 lines on purpose: an approval reads and rewrites the roster
 * cells the request covers, with the request's history, in one job. */
#include "kd-leave-repo.h"
#include "kd-query-model-private.h"
#include "kd-clock.h"
#include "kd-error.h"
#include "kd-staff-repo.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define LEAVE_COLUMNS "id, staff_id, staff_name, staff_job_number, first_day, last_day, kind, reason, " \
                      "status, created_at, decided_at, decided_by_name, decision_note"
#define SWAP_COLUMNS  "id, staff_a, a_name, a_job_number, staff_b, b_name, b_job_number, days, reason, " \
                      "status, created_at, decided_at, decided_by_name, decision_note"

static const char *
type_key (KdRequestType type)
{
  return type == KD_REQUEST_TYPE_LEAVE ? "leave" : "swap";
}

static const char *
type_table (KdRequestType type)
{
  return type == KD_REQUEST_TYPE_LEAVE ? "leave_requests" : "swap_requests";
}

static KdRequestStatus
status_from_stmt (sqlite3_stmt *stmt,
                  int           column)
{
  KdRequestStatus status = KD_REQUEST_PENDING;

  kd_request_status_from_key (kd_stmt_text (stmt, column), &status);
  return status;
}

static KdLeaveRequest *
leave_from_row (sqlite3_stmt *stmt)
{
  KdLeaveKind kind = KD_LEAVE_OTHER;
  KdLeaveRequest *r;

  kd_leave_kind_from_key (kd_stmt_text (stmt, 6), &kind);
  r = kd_leave_request_new (sqlite3_column_int64 (stmt, 1), kd_stmt_text (stmt, 4), kd_stmt_text (stmt, 5),
                            kind, kd_stmt_text (stmt, 7));
  r->id = sqlite3_column_int64 (stmt, 0);
  r->staff_name = g_strdup (kd_stmt_text (stmt, 2));
  r->staff_job_number = g_strdup (kd_stmt_text (stmt, 3));
  r->status = status_from_stmt (stmt, 8);
  r->created_at = sqlite3_column_int64 (stmt, 9);
  r->decided_at = sqlite3_column_int64 (stmt, 10);
  r->decided_by_name = g_strdup (kd_stmt_text (stmt, 11));
  g_free (r->decision_note);
  r->decision_note = g_strdup (kd_stmt_text (stmt, 12));
  return r;
}

static KdSwapRequest *
swap_from_row (sqlite3_stmt *stmt)
{
  KdSwapRequest *r = kd_swap_request_new (sqlite3_column_int64 (stmt, 1), sqlite3_column_int64 (stmt, 4),
                                          kd_stmt_text (stmt, 7), kd_stmt_text (stmt, 8));

  r->id = sqlite3_column_int64 (stmt, 0);
  r->a_name = g_strdup (kd_stmt_text (stmt, 2));
  r->a_job_number = g_strdup (kd_stmt_text (stmt, 3));
  r->b_name = g_strdup (kd_stmt_text (stmt, 5));
  r->b_job_number = g_strdup (kd_stmt_text (stmt, 6));
  r->status = status_from_stmt (stmt, 9);
  r->created_at = sqlite3_column_int64 (stmt, 10);
  r->decided_at = sqlite3_column_int64 (stmt, 11);
  r->decided_by_name = g_strdup (kd_stmt_text (stmt, 12));
  g_free (r->decision_note);
  r->decision_note = g_strdup (kd_stmt_text (stmt, 13));
  return r;
}

/* ---------------------------------------------------------------- lists */

static GObject *
leave_placeholder (gint64 id)
{
  KdLeaveRequest *r = kd_leave_request_new (0, "", "", KD_LEAVE_OTHER, "");
  r->id = id;
  return G_OBJECT (r);
}

static GObject *
leave_read_row (sqlite3_stmt *stmt)
{
  return G_OBJECT (leave_from_row (stmt));
}

static void
leave_assign (GObject *target,
              GObject *fresh)
{
  kd_leave_request_assign (KD_LEAVE_REQUEST (target), KD_LEAVE_REQUEST (fresh));
}

static GObject *
swap_placeholder (gint64 id)
{
  KdSwapRequest *r = kd_swap_request_new (0, 0, "", "");
  r->id = id;
  return G_OBJECT (r);
}

static GObject *
swap_read_row (sqlite3_stmt *stmt)
{
  return G_OBJECT (swap_from_row (stmt));
}

static void
swap_assign (GObject *target,
             GObject *fresh)
{
  kd_swap_request_assign (KD_SWAP_REQUEST (target), KD_SWAP_REQUEST (fresh));
}

/* Pending first (they need a decision), then the newest. */
static const KdQuerySort leave_sorts[] = {
  { "pending-first", "status <> 'pending' ASC, first_day DESC" },
  { "first-day", "first_day" },
};
static const KdQueryFilter leave_filters[] = {
  { "status", "status = ?" },
  { "staff", "staff_id = ?" },
};
static const KdQuerySort swap_sorts[] = {
  { "pending-first", "status <> 'pending' ASC, days DESC" },
};
static const KdQueryFilter swap_filters[] = {
  { "status", "status = ?" },
  { "staff", "(staff_a = ?1 OR staff_b = ?1)" },
};

const KdQuerySpec *
kd_leave_repo_leave_query_spec (void)
{
  static KdQuerySpec spec = {
    .table = "leave_requests",
    .from = "leave_request_rows",
    .columns = LEAVE_COLUMNS,
    .new_placeholder = leave_placeholder,
    .read_row = leave_read_row,
    .assign = leave_assign,
    .sorts = leave_sorts,
    .n_sorts = G_N_ELEMENTS (leave_sorts),
    .filters = leave_filters,
    .n_filters = G_N_ELEMENTS (leave_filters),
  };

  if (spec.item_type == 0)
    spec.item_type = KD_TYPE_LEAVE_REQUEST;
  return &spec;
}

const KdQuerySpec *
kd_leave_repo_swap_query_spec (void)
{
  static KdQuerySpec spec = {
    .table = "swap_requests",
    .from = "swap_request_rows",
    .columns = SWAP_COLUMNS,
    .new_placeholder = swap_placeholder,
    .read_row = swap_read_row,
    .assign = swap_assign,
    .sorts = swap_sorts,
    .n_sorts = G_N_ELEMENTS (swap_sorts),
    .filters = swap_filters,
    .n_filters = G_N_ELEMENTS (swap_filters),
  };

  if (spec.item_type == 0)
    spec.item_type = KD_TYPE_SWAP_REQUEST;
  return &spec;
}

/* ---------------------------------------------------------------- reading */

static gboolean
staff_is_active (KdConn      *conn,
                 gint64       staff_id,
                 GError     **error)
{
  sqlite3_stmt *stmt = kd_conn_prepare (conn, "SELECT active FROM staff WHERE id = ?1", error);
  int rc;
  gboolean active = FALSE;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, staff_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    active = sqlite3_column_int (stmt, 0) == 1;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW || !active)
    {
      g_set_error (error, KD_VALIDATION_ERROR, KD_REQUEST_FIELD_STAFF,
                   rc == SQLITE_ROW ? _("Only active staff can ask for leave or swaps.")
                                    : _("There is no such staff member."));
      return FALSE;
    }
  return TRUE;
}

KdLeaveRequest *
kd_leave_repo_get_leave (KdConn   *conn,
                         gint64    id,
                         GError  **error)
{
  sqlite3_stmt *stmt = kd_conn_prepare (conn, "SELECT " LEAVE_COLUMNS " FROM leave_request_rows WHERE id = ?1", error);
  KdLeaveRequest *r = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    r = leave_from_row (stmt);
  sqlite3_reset (stmt);
  if (r == NULL)
    g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_NOT_FOUND, _("The leave request is gone."));
  return r;
}

KdSwapRequest *
kd_leave_repo_get_swap (KdConn   *conn,
                        gint64    id,
                        GError  **error)
{
  sqlite3_stmt *stmt = kd_conn_prepare (conn, "SELECT " SWAP_COLUMNS " FROM swap_request_rows WHERE id = ?1", error);
  KdSwapRequest *r = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    r = swap_from_row (stmt);
  sqlite3_reset (stmt);
  if (r == NULL)
    g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_NOT_FOUND, _("The swap request is gone."));
  return r;
}

GPtrArray *
kd_leave_repo_list_leave (KdConn      *conn,
                          const char  *status_key,
                          GError     **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt = kd_conn_prepare (conn,
                                         "SELECT " LEAVE_COLUMNS " FROM leave_request_rows "
                                         "WHERE ?1 IS NULL OR status = ?1 ORDER BY first_day, id", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  if (status_key != NULL)
    sqlite3_bind_text (stmt, 1, status_key, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, leave_from_row (stmt));
  if (!kd_conn_rows_done (conn, stmt, rc, "leave_requests", error))
    return NULL;
  return g_steal_pointer (&list);
}

/* ---------------------------------------------------------------- writing */

static void
bind_optional_id (sqlite3_stmt *stmt,
                  int           index,
                  gint64        id)
{
  if (id > 0)
    sqlite3_bind_int64 (stmt, index, id);
  else
    sqlite3_bind_null (stmt, index);
}

gboolean
kd_leave_repo_insert_leave (KdConn          *conn,
                            KdLeaveRequest  *r,
                            gint64           created_by,
                            gint64           now,
                            GError         **error)
{
  sqlite3_stmt *stmt;

  if (!kd_leave_request_validate (r, error) || !staff_is_active (conn, r->staff_id, error))
    return FALSE;
  stmt = kd_conn_prepare (conn,
                          "INSERT INTO leave_requests (staff_id, first_day, last_day, kind, reason, created_at, created_by) "
                          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, r->staff_id);
  sqlite3_bind_text (stmt, 2, r->first_day, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, r->last_day, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, kd_leave_kind_to_key (r->kind), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, r->reason, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 6, now);
  bind_optional_id (stmt, 7, created_by);
  if (!kd_conn_step_done (conn, stmt, error))
    return FALSE;
  r->id = sqlite3_last_insert_rowid (kd_conn_get_db (conn));
  r->status = KD_REQUEST_PENDING;
  r->created_at = now;
  kd_conn_note_changed (conn, "leave_requests", r->id);
  return TRUE;
}

gboolean
kd_leave_repo_insert_swap (KdConn         *conn,
                           KdSwapRequest  *r,
                           gint64          created_by,
                           gint64          now,
                           GError        **error)
{
  g_autofree char *days = NULL;
  sqlite3_stmt *stmt;

  if (!kd_swap_request_validate (r, error) || !staff_is_active (conn, r->staff_a, error))
    return FALSE;
  if (!staff_is_active (conn, r->staff_b, NULL))
    {
      g_set_error (error, KD_VALIDATION_ERROR, KD_REQUEST_FIELD_OTHER_STAFF,
                   _("Only active staff can take over shifts."));
      return FALSE;
    }
  days = kd_swap_request_dup_days (r);
  stmt = kd_conn_prepare (conn,
                          "INSERT INTO swap_requests (staff_a, staff_b, days, reason, created_at, created_by) "
                          "VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, r->staff_a);
  sqlite3_bind_int64 (stmt, 2, r->staff_b);
  sqlite3_bind_text (stmt, 3, days, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, r->reason, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, now);
  bind_optional_id (stmt, 6, created_by);
  if (!kd_conn_step_done (conn, stmt, error))
    return FALSE;
  r->id = sqlite3_last_insert_rowid (kd_conn_get_db (conn));
  r->status = KD_REQUEST_PENDING;
  r->created_at = now;
  kd_conn_note_changed (conn, "swap_requests", r->id);
  return TRUE;
}

/* One person's roster cell on one day, as stored. */
typedef struct {
  gboolean had_row;
  gint64   shift_id;      /* 0: day off */
  gboolean locked;
  gboolean had_leave;
  char    *leave_reason;
  char    *leave_kind;
} Cell;

static void
cell_clear (Cell *c)
{
  g_clear_pointer (&c->leave_reason, g_free);
  g_clear_pointer (&c->leave_kind, g_free);
}

/* @sql with the row of (?1 staff, ?2 day) bound. */
static sqlite3_stmt *
prepare_staff_day (KdConn      *conn,
                   const char  *sql,
                   gint64       staff_id,
                   const char  *day,
                   GError     **error)
{
  sqlite3_stmt *stmt = kd_conn_prepare (conn, sql, error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, staff_id);
  sqlite3_bind_text (stmt, 2, day, -1, SQLITE_TRANSIENT);
  return stmt;
}

static gboolean
read_cell (KdConn      *conn,
           gint64       staff_id,
           const char  *day,
           Cell        *out,
           GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  memset (out, 0, sizeof *out);
  stmt = prepare_staff_day (conn, "SELECT shift_id, locked FROM roster_assignments WHERE staff_id = ?1 AND day = ?2",
                            staff_id, day, error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      out->had_row = TRUE;
      out->shift_id = sqlite3_column_type (stmt, 0) == SQLITE_NULL ? 0 : sqlite3_column_int64 (stmt, 0);
      out->locked = sqlite3_column_int (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      kd_conn_set_error (conn, error, rc, "roster_assignments");
      return FALSE;
    }

  stmt = prepare_staff_day (conn, "SELECT reason, kind FROM leave_days WHERE staff_id = ?1 AND day = ?2",
                            staff_id, day, error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      out->had_leave = TRUE;
      out->leave_reason = g_strdup (kd_stmt_text (stmt, 0));
      out->leave_kind = g_strdup (kd_stmt_text (stmt, 1));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      kd_conn_set_error (conn, error, rc, "leave_days");
      return FALSE;
    }
  return TRUE;
}

static gboolean
keep_cell (KdConn        *conn,
           KdRequestType  type,
           gint64         request_id,
           gint64         staff_id,
           const char    *day,
           const Cell    *c,
           GError       **error)
{
  sqlite3_stmt *stmt = kd_conn_prepare (conn,
                                         "INSERT INTO request_cells (request_type, request_id, staff_id, day, had_row, "
                                         "shift_id, locked, had_leave, leave_reason, leave_kind) "
                                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, type_key (type), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, request_id);
  sqlite3_bind_int64 (stmt, 3, staff_id);
  sqlite3_bind_text (stmt, 4, day, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 5, c->had_row);
  bind_optional_id (stmt, 6, c->shift_id);
  sqlite3_bind_int (stmt, 7, c->locked);
  sqlite3_bind_int (stmt, 8, c->had_leave);
  sqlite3_bind_text (stmt, 9, c->leave_reason ? c->leave_reason : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 10, c->leave_kind ? c->leave_kind : "", -1, SQLITE_TRANSIENT);
  return kd_conn_step_done (conn, stmt, error);
}

static gboolean
write_assignment (KdConn      *conn,
                  gint64       staff_id,
                  const char  *day,
                  gint64       shift_id,
                  gboolean     locked,
                  GError     **error)
{
  sqlite3_stmt *stmt = kd_conn_prepare (conn,
                                         "INSERT INTO roster_assignments (staff_id, day, shift_id, locked) VALUES (?1, ?2, ?3, ?4) "
                                         "ON CONFLICT (staff_id, day) DO UPDATE SET shift_id = excluded.shift_id, "
                                         "locked = excluded.locked", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, staff_id);
  sqlite3_bind_text (stmt, 2, day, -1, SQLITE_TRANSIENT);
  bind_optional_id (stmt, 3, shift_id);
  sqlite3_bind_int (stmt, 4, locked ? 1 : 0);
  if (!kd_conn_step_done (conn, stmt, error))
    return FALSE;
  kd_conn_note_changed (conn, "roster_assignments", staff_id);
  return TRUE;
}

/* @sql deletes @table's row of (?1 staff, ?2 day). */
static gboolean
delete_staff_day (KdConn      *conn,
                  const char  *sql,
                  const char  *table,
                  gint64       staff_id,
                  const char  *day,
                  GError     **error)
{
  sqlite3_stmt *stmt = prepare_staff_day (conn, sql, staff_id, day, error);

  if (stmt == NULL || !kd_conn_step_done (conn, stmt, error))
    return FALSE;
  kd_conn_note_changed (conn, table, staff_id);
  return TRUE;
}

static gboolean
delete_assignment (KdConn      *conn,
                   gint64       staff_id,
                   const char  *day,
                   GError     **error)
{
  return delete_staff_day (conn, "DELETE FROM roster_assignments WHERE staff_id = ?1 AND day = ?2",
                           "roster_assignments", staff_id, day, error);
}

static gboolean
write_leave_day (KdConn      *conn,
                 gint64       staff_id,
                 const char  *day,
                 const char  *reason,
                 const char  *kind,
                 gint64       request_id,
                 GError     **error)
{
  sqlite3_stmt *stmt = kd_conn_prepare (conn,
                                         "INSERT INTO leave_days (staff_id, day, reason, kind, request_id) VALUES (?1, ?2, ?3, ?4, ?5) "
                                         "ON CONFLICT (staff_id, day) DO UPDATE SET reason = excluded.reason, "
                                         "kind = excluded.kind, request_id = excluded.request_id", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, staff_id);
  sqlite3_bind_text (stmt, 2, day, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, reason, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, kind, -1, SQLITE_TRANSIENT);
  bind_optional_id (stmt, 5, request_id);
  if (!kd_conn_step_done (conn, stmt, error))
    return FALSE;
  kd_conn_note_changed (conn, "leave_days", staff_id);
  return TRUE;
}

static gboolean
delete_leave_day (KdConn      *conn,
                  gint64       staff_id,
                  const char  *day,
                  GError     **error)
{
  return delete_staff_day (conn, "DELETE FROM leave_days WHERE staff_id = ?1 AND day = ?2",
                           "leave_days", staff_id, day, error);
}

/* Every day of the leave becomes a leave day (kind and request noted) and
 * a day off in the roster; a locked cell is unlocked, since the person
 * cannot work it. */
static gboolean
approve_leave (KdConn          *conn,
               KdLeaveRequest  *r,
               GError         **error)
{
  GDate day, last;

  if (!kd_day_parse (r->first_day, &day) || !kd_day_parse (r->last_day, &last))
    {
      g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_INVALID, _("The leave request's days are damaged."));
      return FALSE;
    }
  for (; g_date_compare (&day, &last) <= 0; g_date_add_days (&day, 1))
    {
      g_autofree char *d = kd_day_format (&day);
      const char *reason = *r->reason != '\0' ? r->reason : kd_leave_kind_get_zh_name (r->kind);
      Cell c;
      gboolean ok;

      if (!read_cell (conn, r->staff_id, d, &c, error))
        return FALSE;
      ok = keep_cell (conn, KD_REQUEST_TYPE_LEAVE, r->id, r->staff_id, d, &c, error) &&
           write_leave_day (conn, r->staff_id, d, reason, kd_leave_kind_to_key (r->kind), r->id, error) &&
           (!c.had_row || write_assignment (conn, r->staff_id, d, 0, FALSE, error));
      cell_clear (&c);
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

static const char *
staff_name (KdSwapRequest *r,
            gint64         id)
{
  return id == r->staff_a ? r->a_name : r->b_name;
}

/* On each day the two people exchange their cells: shift or day off; a
 * locked cell stays locked (now with the other's shift). */
static gboolean
approve_swap (KdConn         *conn,
              KdSwapRequest  *r,
              GError        **error)
{
  gboolean any_difference = FALSE;

  for (guint i = 0; r->days[i] != NULL; i++)
    {
      const char *d = r->days[i];
      Cell a, b;
      gboolean ok;

      if (!read_cell (conn, r->staff_a, d, &a, error))
        return FALSE;
      if (!read_cell (conn, r->staff_b, d, &b, error))
        {
          cell_clear (&a);
          return FALSE;
        }
      if (a.had_leave || b.had_leave)
        {
          g_set_error (error, KD_VALIDATION_ERROR, KD_REQUEST_FIELD_DAYS,
                       _("%s is on leave on %s: that day cannot be swapped."),
                       staff_name (r, a.had_leave ? r->staff_a : r->staff_b), d);
          cell_clear (&a);
          cell_clear (&b);
          return FALSE;
        }
      if (a.shift_id != b.shift_id)
        any_difference = TRUE;
      ok = keep_cell (conn, KD_REQUEST_TYPE_SWAP, r->id, r->staff_a, d, &a, error) &&
           keep_cell (conn, KD_REQUEST_TYPE_SWAP, r->id, r->staff_b, d, &b, error) &&
           write_assignment (conn, r->staff_a, d, b.shift_id, a.locked, error) &&
           write_assignment (conn, r->staff_b, d, a.shift_id, b.locked, error);
      cell_clear (&a);
      cell_clear (&b);
      if (!ok)
        return FALSE;
    }
  if (!any_difference)
    {
      g_set_error (error, KD_VALIDATION_ERROR, KD_REQUEST_FIELD_DAYS,
                   _("%s and %s have the same shifts on those days: there is nothing to swap."),
                   r->a_name, r->b_name);
      return FALSE;
    }
  return TRUE;
}

static gboolean
set_status (KdConn          *conn,
            KdRequestType    type,
            gint64           id,
            KdRequestStatus  status,
            gint64           decided_by,
            const char      *note,
            gint64           now,
            GError         **error)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE %s SET status = ?1, decided_at = ?2, decided_by = ?3, "
                                          "decision_note = ?4 WHERE id = ?5", type_table (type));
  sqlite3_stmt *stmt = kd_conn_prepare (conn, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, kd_request_status_to_key (status), -1, SQLITE_STATIC);
  if (status == KD_REQUEST_PENDING)
    sqlite3_bind_null (stmt, 2);
  else
    sqlite3_bind_int64 (stmt, 2, now);
  bind_optional_id (stmt, 3, status == KD_REQUEST_PENDING ? 0 : decided_by);
  sqlite3_bind_text (stmt, 4, note ? note : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, id);
  if (!kd_conn_step_done (conn, stmt, error))
    return FALSE;
  kd_conn_note_changed (conn, type_table (type), id);
  return TRUE;
}

typedef struct {
  KdRequestType    type;
  gint64           id;
  KdRequestStatus  decision;
  gint64           decided_by;
  const char      *note;
  gint64           now;
} Decision;

static gboolean
decide_txn (KdConn   *conn,
            gpointer  data,
            GError  **error)
{
  Decision *d = data;
  g_autoptr(GObject) request = NULL;
  KdRequestStatus status;

  if (d->type == KD_REQUEST_TYPE_LEAVE)
    request = (GObject *) kd_leave_repo_get_leave (conn, d->id, error);
  else
    request = (GObject *) kd_leave_repo_get_swap (conn, d->id, error);
  if (request == NULL)
    return FALSE;
  status = d->type == KD_REQUEST_TYPE_LEAVE ? KD_LEAVE_REQUEST (request)->status : KD_SWAP_REQUEST (request)->status;
  if (!kd_request_check_pending (status, error))
    return FALSE;
  if (d->decision == KD_REQUEST_APPROVED)
    {
      if (d->type == KD_REQUEST_TYPE_LEAVE && !approve_leave (conn, KD_LEAVE_REQUEST (request), error))
        return FALSE;
      if (d->type == KD_REQUEST_TYPE_SWAP && !approve_swap (conn, KD_SWAP_REQUEST (request), error))
        return FALSE;
    }
  return set_status (conn, d->type, d->id, d->decision, d->decided_by, d->note, d->now, error);
}

gboolean
kd_leave_repo_decide (KdConn           *conn,
                      KdRequestType     type,
                      gint64            id,
                      KdRequestStatus   decision,
                      gint64            decided_by,
                      const char       *note,
                      gint64            now,
                      GError          **error)
{
  Decision d = { type, id, decision, decided_by, note, now };

  g_return_val_if_fail (decision != KD_REQUEST_PENDING, FALSE);
  if (note != NULL && g_utf8_strlen (note, -1) > KD_REQUEST_REASON_MAX)
    {
      g_set_error (error, KD_VALIDATION_ERROR, KD_REQUEST_FIELD_REASON,
                   _("The note is at most %d characters."), KD_REQUEST_REASON_MAX);
      return FALSE;
    }
  return kd_conn_transaction (conn, decide_txn, &d, error);
}

typedef struct {
  KdRequestType type;
  gint64        id;
} Undo;

static gboolean
undo_txn (KdConn   *conn,
          gpointer  data,
          GError  **error)
{
  Undo *u = data;
  g_autoptr(GArray) cells = g_array_new (FALSE, TRUE, sizeof (Cell));
  g_autoptr(GPtrArray) days = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) staff = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  int rc;
  gboolean ok = TRUE;

  /* Read them all first: restoring uses other statements. */
  stmt = kd_conn_prepare (conn,
                          "SELECT staff_id, day, had_row, shift_id, locked, had_leave, leave_reason, leave_kind "
                          "FROM request_cells WHERE request_type = ?1 AND request_id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, type_key (u->type), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, u->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Cell c = { 0 };
      gint64 id = sqlite3_column_int64 (stmt, 0);

      c.had_row = sqlite3_column_int (stmt, 2);
      c.shift_id = sqlite3_column_type (stmt, 3) == SQLITE_NULL ? 0 : sqlite3_column_int64 (stmt, 3);
      c.locked = sqlite3_column_int (stmt, 4);
      c.had_leave = sqlite3_column_int (stmt, 5);
      c.leave_reason = g_strdup (kd_stmt_text (stmt, 6));
      c.leave_kind = g_strdup (kd_stmt_text (stmt, 7));
      g_array_append_val (cells, c);
      g_array_append_val (staff, id);
      g_ptr_array_add (days, g_strdup (kd_stmt_text (stmt, 1)));
    }
  if (!kd_conn_rows_done (conn, stmt, rc, "request_cells", error))
    ok = FALSE;

  for (guint i = 0; ok && i < cells->len; i++)
    {
      Cell *c = &g_array_index (cells, Cell, i);
      gint64 id = g_array_index (staff, gint64, i);
      const char *d = g_ptr_array_index (days, i);

      ok = (c->had_row ? write_assignment (conn, id, d, c->shift_id, c->locked, error)
                       : delete_assignment (conn, id, d, error)) &&
           (c->had_leave ? write_leave_day (conn, id, d, c->leave_reason, c->leave_kind, 0, error)
                         : (u->type == KD_REQUEST_TYPE_SWAP || delete_leave_day (conn, id, d, error)));
    }
  for (guint i = 0; i < cells->len; i++)
    cell_clear (&g_array_index (cells, Cell, i));
  if (!ok)
    return FALSE;

  stmt = kd_conn_prepare (conn, "DELETE FROM request_cells WHERE request_type = ?1 AND request_id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, type_key (u->type), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, u->id);
  if (!kd_conn_step_done (conn, stmt, error))
    return FALSE;
  return set_status (conn, u->type, u->id, KD_REQUEST_PENDING, 0, "", 0, error);
}

gboolean
kd_leave_repo_undo_decision (KdConn         *conn,
                             KdRequestType   type,
                             gint64          id,
                             GError        **error)
{
  Undo u = { type, id };
  return kd_conn_transaction (conn, undo_txn, &u, error);
}

GArray *
kd_leave_repo_leave_codes (KdConn      *conn,
                           const char  *from,
                           const char  *to,
                           GError     **error)
{
  g_autoptr(GArray) out = g_array_new (FALSE, TRUE, sizeof (KdLeaveDayCode));
  sqlite3_stmt *stmt = kd_conn_prepare (conn,
                                         "SELECT staff_id, day, kind, reason FROM leave_days "
                                         "WHERE day BETWEEN ?1 AND ?2 ORDER BY staff_id, day", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, from, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, to, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KdLeaveDayCode c = { 0 };

      c.staff_id = sqlite3_column_int64 (stmt, 0);
      g_strlcpy (c.day, kd_stmt_text (stmt, 1), sizeof c.day);
      c.code = kd_leave_day_code (kd_stmt_text (stmt, 2), kd_stmt_text (stmt, 3));
      g_array_append_val (out, c);
    }
  if (!kd_conn_rows_done (conn, stmt, rc, "leave_days", error))
    return NULL;
  return g_steal_pointer (&out);
}

/* ---------------------------------------------------------------- demo */

static char *
demo_day (GDateTime *now,
          int        month_offset,
          int        day)
{
  int y = g_date_time_get_year (now), m = g_date_time_get_month (now) + month_offset;

  if (m > 12)
    {
      m -= 12;
      y++;
    }
  return g_strdup_printf ("%04d-%02d-%02d", y, m, day);
}

static gint64
demo_staff_id (KdConn      *conn,
               const char  *job_number,
               GError     **error)
{
  g_autoptr(KdStaff) staff = kd_staff_repo_find_by_job_number (conn, job_number, error);
  return staff ? kd_staff_get_id (staff) : 0;
}

gboolean
kd_leave_repo_add_demo (KdConn   *conn,
                        GError  **error)
{
  static const struct {
    const char *job_number;
    int month_offset, first, last;
    KdLeaveKind kind;
    const char *reason;
    KdRequestStatus decision;
    const char *note;
  } leave[] = {
    { "9",  1, 22, 22, KD_LEAVE_PERSONAL, "搬家", KD_REQUEST_APPROVED, "" },
    { "12", 1, 8, 9, KD_LEAVE_ANNUAL, "回老家参加婚礼", KD_REQUEST_PENDING, NULL },
    { "10", 0, 25, 26, KD_LEAVE_PERSONAL, "", KD_REQUEST_REJECTED, "月底大促人手不足，请改到下月" },
    { "8",  1, 12, 12, KD_LEAVE_SICK, "复诊", KD_REQUEST_PENDING, NULL },
  };
  g_autoptr(GDateTime) now = kd_clock_now_local (kd_clock_get_default ());
  gint64 t = g_date_time_to_unix (now);
  gint64 supervisor = demo_staff_id (conn, "2", error);

  if (supervisor == 0)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (leave); i++)
    {
      g_autofree char *first = demo_day (now, leave[i].month_offset, leave[i].first);
      g_autofree char *last = demo_day (now, leave[i].month_offset, leave[i].last);
      gint64 staff = demo_staff_id (conn, leave[i].job_number, error);
      g_autoptr(KdLeaveRequest) r = NULL;

      if (staff == 0)
        return FALSE;
      r = kd_leave_request_new (staff, first, last, leave[i].kind, leave[i].reason);
      if (!kd_leave_repo_insert_leave (conn, r, staff, t - (i + 1) * 86400, error))
        return FALSE;
      if (leave[i].decision != KD_REQUEST_PENDING &&
          !kd_leave_repo_decide (conn, KD_REQUEST_TYPE_LEAVE, r->id, leave[i].decision, supervisor,
                                 leave[i].note, t - i * 86400, error))
        return FALSE;
    }

  {
    g_autofree char *day = demo_day (now, 1, 5);
    gint64 a = demo_staff_id (conn, "3", error), b = a ? demo_staff_id (conn, "7", error) : 0;
    g_autoptr(KdSwapRequest) s = NULL;

    if (b == 0)
      return FALSE;
    s = kd_swap_request_new (a, b, day, "孩子学校开家长会");
    if (!kd_leave_repo_insert_swap (conn, s, a, t - 3600, error))
      return FALSE;
  }
  return TRUE;
}
