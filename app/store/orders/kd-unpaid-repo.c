/* kd-unpaid-repo.c: reading and writing unpaid-order alerts. */
#include "config.h"

#include "kd-unpaid-repo.h"
#include "kd-store-private.h"

#include <glib/gi18n-lib.h>

/* What every list reads: the order, its buyer, who served the buyer (the
 * latest remark's job number, else the profile's owner) and the alert. */
#define UNPAID_SELECT \
  "SELECT a.order_id, o.order_no, o.customer_id, c.nickname, o.created_at, o.total, " \
  "       c.blacklisted, c.buying_type, " \
  "       COALESCE ((SELECT r.job_number FROM order_remarks r " \
  "                   WHERE r.order_id = o.id AND r.job_number <> '' ORDER BY r.at DESC, r.id DESC LIMIT 1), " \
  "                 (SELECT s.job_number FROM staff s WHERE s.id = c.owner_id), ''), " \
  "       a.job_number, COALESCE ((SELECT s.name FROM staff s WHERE s.job_number = a.job_number), ''), " \
  "       a.reason, a.first_alerted, a.last_alerted, a.snoozed_until, a.followed_up_at, " \
  "       a.followed_up_by, a.note, a.cleared_at, a.cleared_status " \
  "FROM unpaid_alerts a JOIN orders o ON o.id = a.order_id JOIN customers c ON c.id = o.customer_id "

/* kd-customer.h's KD_BUYING_NO_PAY, without pulling in the customer core here. */
#define BUYING_NO_PAY 5

static KdUnpaidOrder *
read_row (sqlite3_stmt *stmt)
{
  KdUnpaidOrder *o = kd_unpaid_order_new ();

#define SET_TEXT(field, col) g_free (o->field); o->field = g_strdup (kd_stmt_text (stmt, col))
  o->order_id = sqlite3_column_int64 (stmt, 0);
  SET_TEXT (order_no, 1);
  o->customer_id = sqlite3_column_int64 (stmt, 2);
  SET_TEXT (buyer, 3);
  o->created_at = sqlite3_column_int64 (stmt, 4);
  o->total = sqlite3_column_int64 (stmt, 5);
  o->blacklisted = sqlite3_column_int (stmt, 6) != 0;
  o->no_pay_type = sqlite3_column_int (stmt, 7) == BUYING_NO_PAY;
  SET_TEXT (served_by, 8);
  SET_TEXT (job_number, 9);
  SET_TEXT (agent_name, 10);
  o->reason = (KdRouteReason) sqlite3_column_int (stmt, 11);
  o->first_alerted = sqlite3_column_int64 (stmt, 12);
  o->last_alerted = sqlite3_column_int64 (stmt, 13);
  o->snoozed_until = sqlite3_column_int64 (stmt, 14);
  o->followed_up_at = sqlite3_column_int64 (stmt, 15);
  SET_TEXT (followed_up_by, 16);
  SET_TEXT (note, 17);
  o->cleared_at = sqlite3_column_int64 (stmt, 18);
  o->cleared_status = (KdOrderStatus) sqlite3_column_int (stmt, 19);
#undef SET_TEXT
  return o;
}

/* Steps @stmt to the end, adding each row to @out. */
static gboolean
collect (KdConn        *conn,
         sqlite3_stmt  *stmt,
         GPtrArray     *out,
         GError       **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (out, read_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      kd_conn_set_error (conn, error, rc, "unpaid_alerts");
      return FALSE;
    }
  return TRUE;
}

GPtrArray *
kd_unpaid_repo_list_due (KdConn  *conn,
                         gint64   cutoff,
                         gint64   now,
                         GError **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;

  /* Both WHERE clauses repeat their partial index's condition, so the
   * planner can use it (0010-unpaid-alerts.sql). */
  stmt = kd_conn_prepare (conn, UNPAID_SELECT
                          "WHERE a.first_alerted = 0 AND a.cleared_at = 0 AND a.followed_up_at = 0 "
                          "  AND a.created_at <= ?1 ORDER BY a.created_at", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, cutoff);
  if (!collect (conn, stmt, out, error))
    return NULL;

  stmt = kd_conn_prepare (conn, UNPAID_SELECT
                          "WHERE a.snoozed_until > 0 AND a.cleared_at = 0 AND a.followed_up_at = 0 "
                          "  AND a.snoozed_until <= ?1 AND a.last_alerted < a.snoozed_until "
                          "ORDER BY a.created_at", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, now);
  if (!collect (conn, stmt, out, error))
    return NULL;
  return g_steal_pointer (&out);
}

GPtrArray *
kd_unpaid_repo_list (KdConn      *conn,
                     gint64       placed_before,
                     const char  *agent,
                     GError     **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;

  stmt = kd_conn_prepare (conn, UNPAID_SELECT
                          "WHERE a.cleared_at = 0 AND a.created_at <= ?1 "
                          "  AND (?2 IS NULL OR a.job_number = ?2) "
                          "ORDER BY a.created_at, a.order_id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, placed_before);
  if (agent != NULL)
    sqlite3_bind_text (stmt, 2, agent, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 2);
  if (!collect (conn, stmt, out, error))
    return NULL;
  return g_steal_pointer (&out);
}

KdUnpaidOrder *
kd_unpaid_repo_load (KdConn  *conn,
                     gint64   order_id,
                     GError **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;

  stmt = kd_conn_prepare (conn, UNPAID_SELECT "WHERE a.order_id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, order_id);
  if (!collect (conn, stmt, out, error))
    return NULL;
  if (out->len == 0)
    return NULL;
  return g_object_ref (g_ptr_array_index (out, 0));
}

/* @stmt changed one row, or the order has no open alert. */
static gboolean
step_one (KdConn        *conn,
          sqlite3_stmt  *stmt,
          gint64         order_id,
          GError       **error)
{
  if (!kd_conn_step_done (conn, stmt, error))
    return FALSE;
  if (sqlite3_changes (kd_conn_get_db (conn)) == 0)
    {
      g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_NOT_FOUND,
                   _("This order is no longer awaiting payment."));
      return FALSE;
    }
  kd_conn_note_changed (conn, "unpaid_alerts", order_id);
  return TRUE;
}

gboolean
kd_unpaid_repo_mark_alerted (KdConn        *conn,
                             gint64         order_id,
                             const char    *job_number,
                             KdRouteReason  reason,
                             gint64         now,
                             GError       **error)
{
  sqlite3_stmt *stmt;

  stmt = kd_conn_prepare (conn,
                          "UPDATE unpaid_alerts SET "
                          "  job_number = CASE WHEN job_number = '' THEN ?2 ELSE job_number END, "
                          "  reason = CASE WHEN job_number = '' THEN ?3 ELSE reason END, "
                          "  first_alerted = CASE WHEN first_alerted = 0 THEN ?4 ELSE first_alerted END, "
                          "  last_alerted = ?4, snoozed_until = 0 "
                          "WHERE order_id = ?1 AND cleared_at = 0 AND followed_up_at = 0", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, order_id);
  sqlite3_bind_text (stmt, 2, job_number ? job_number : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 3, reason);
  sqlite3_bind_int64 (stmt, 4, now);
  return step_one (conn, stmt, order_id, error);
}

gboolean
kd_unpaid_repo_snooze (KdConn  *conn,
                       gint64   order_id,
                       gint64   until,
                       gint64   now,
                       GError **error)
{
  sqlite3_stmt *stmt;

  /* Snoozed from the list before it was raised: it counts as raised now,
   * or the next check would raise it at once. */
  stmt = kd_conn_prepare (conn,
                          "UPDATE unpaid_alerts SET snoozed_until = ?2, "
                          "  first_alerted = CASE WHEN first_alerted = 0 THEN ?3 ELSE first_alerted END, "
                          "  last_alerted = ?3 "
                          "WHERE order_id = ?1 AND cleared_at = 0 AND followed_up_at = 0", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, order_id);
  sqlite3_bind_int64 (stmt, 2, until);
  sqlite3_bind_int64 (stmt, 3, now);
  return step_one (conn, stmt, order_id, error);
}

gboolean
kd_unpaid_repo_follow_up (KdConn      *conn,
                          gint64       order_id,
                          const char  *job_number,
                          const char  *note,
                          gint64       now,
                          GError     **error)
{
  sqlite3_stmt *stmt;

  if (note != NULL && g_utf8_strlen (note, -1) > 500)
    {
      g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_INVALID,
                   _("A follow-up note can be at most 500 characters."));
      return FALSE;
    }
  stmt = kd_conn_prepare (conn,
                          "UPDATE unpaid_alerts SET followed_up_at = ?3, followed_up_by = ?2, note = ?4, "
                          "  first_alerted = CASE WHEN first_alerted = 0 THEN ?3 ELSE first_alerted END, "
                          "  last_alerted = CASE WHEN last_alerted = 0 THEN ?3 ELSE last_alerted END, "
                          "  job_number = CASE WHEN job_number = '' THEN ?2 ELSE job_number END, "
                          "  snoozed_until = 0 "
                          "WHERE order_id = ?1 AND cleared_at = 0", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, order_id);
  sqlite3_bind_text (stmt, 2, job_number ? job_number : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, now);
  sqlite3_bind_text (stmt, 4, note ? note : "", -1, SQLITE_TRANSIENT);
  return step_one (conn, stmt, order_id, error);
}

gboolean
kd_unpaid_repo_roster_exists (KdConn     *conn,
                              GDateTime  *at,
                              gboolean   *exists,
                              GError    **error)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (at);
  g_autofree char *first = g_date_time_format (local, "%Y-%m-01");
  g_autofree char *last = g_date_time_format (local, "%Y-%m-31");
  sqlite3_stmt *stmt;
  int rc;

  stmt = kd_conn_prepare (conn,
                          "SELECT EXISTS (SELECT 1 FROM roster_assignments "
                          "               WHERE day BETWEEN ?1 AND ?2 AND shift_id IS NOT NULL)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, first, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, last, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  *exists = rc == SQLITE_ROW && sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      kd_conn_set_error (conn, error, rc, "roster_assignments");
      return FALSE;
    }
  return TRUE;
}

gboolean
kd_unpaid_repo_add_history (KdConn        *conn,
                            gint64         order_id,
                            gint64         created_at,
                            const char    *job_number,
                            gint64         alerted,
                            gint64         followed,
                            const char    *note,
                            gint64         cleared,
                            KdOrderStatus  status,
                            GError       **error)
{
  sqlite3_stmt *stmt = kd_conn_prepare (conn,
                                        "INSERT INTO unpaid_alerts (order_id, created_at, job_number, reason, "
                                        "  first_alerted, last_alerted, followed_up_at, followed_up_by, note, "
                                        "  cleared_at, cleared_status) "
                                        "VALUES (?1, ?2, ?3, 0, ?4, ?4, ?5, CASE WHEN ?5 > 0 THEN ?3 ELSE '' END, ?6, ?7, ?8) "
                                        "ON CONFLICT (order_id) DO UPDATE SET job_number = excluded.job_number, "
                                        "  first_alerted = excluded.first_alerted, last_alerted = excluded.last_alerted, "
                                        "  followed_up_at = excluded.followed_up_at, followed_up_by = excluded.followed_up_by, "
                                        "  note = excluded.note, cleared_at = excluded.cleared_at, "
                                        "  cleared_status = excluded.cleared_status", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, order_id);
  sqlite3_bind_int64 (stmt, 2, created_at);
  sqlite3_bind_text (stmt, 3, job_number, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, alerted);
  sqlite3_bind_int64 (stmt, 5, followed);
  sqlite3_bind_text (stmt, 6, note ? note : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 7, cleared);
  sqlite3_bind_int (stmt, 8, status == KD_ORDER_AWAITING_PAYMENT ? 0 : status);
  if (!kd_conn_step_done (conn, stmt, error))
    return FALSE;
  kd_conn_note_changed (conn, "unpaid_alerts", order_id);
  return TRUE;
}

char *
kd_unpaid_repo_staff_name (KdConn     *conn,
                           const char *job_number)
{
  sqlite3_stmt *stmt = kd_conn_prepare (conn, "SELECT name FROM staff WHERE job_number = ?1", NULL);
  char *name = NULL;

  if (stmt == NULL)
    return g_strdup ("");
  sqlite3_bind_text (stmt, 1, job_number, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    name = g_strdup (kd_stmt_text (stmt, 0));
  sqlite3_reset (stmt);
  return name ? name : g_strdup ("");
}

GPtrArray *
kd_unpaid_repo_report (KdConn         *conn,
                       gint64          since,
                       gint64          until,
                       KdUnpaidPeriod  period,
                       GTimeZone      *tz,
                       GError        **error)
{
  g_autoptr(GArray) facts = g_array_new (FALSE, FALSE, sizeof (KdUnpaidFact));
  g_autoptr(GStringChunk) jobs = g_string_chunk_new (256);
  sqlite3_stmt *stmt;
  int rc;

  stmt = kd_conn_prepare (conn,
                          "SELECT a.job_number, a.first_alerted, a.followed_up_at, o.paid_at, o.total "
                          "FROM unpaid_alerts a JOIN orders o ON o.id = a.order_id "
                          "WHERE a.first_alerted > 0 AND a.first_alerted >= ?1 AND a.first_alerted < ?2", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, since);
  sqlite3_bind_int64 (stmt, 2, until);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KdUnpaidFact f = {
        .job_number = g_string_chunk_insert_const (jobs, kd_stmt_text (stmt, 0)),
        .first_alerted = sqlite3_column_int64 (stmt, 1),
        .followed_up_at = sqlite3_column_int64 (stmt, 2),
        .paid_at = sqlite3_column_int64 (stmt, 3),
        .total = sqlite3_column_int64 (stmt, 4),
      };
      g_array_append_val (facts, f);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      kd_conn_set_error (conn, error, rc, "unpaid_alerts");
      return NULL;
    }
  return kd_unpaid_report_build ((const KdUnpaidFact *) facts->data, facts->len, period, tz);
}
