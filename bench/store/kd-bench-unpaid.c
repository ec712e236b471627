/* kd-bench-unpaid.c: filling 1 000 000 orders in one statement, and the full-scan baseline. */
#include "kd-bench-unpaid.h"
#include "kd-store-private.h"

typedef struct {
  guint   n_orders;
  guint   n_awaiting;
  gint64  now;
  gint64  cutoff;
  guint   n_due;
} Job;

static gboolean
fill_job (KdConn   *conn,
          gpointer  data,
          GError  **error)
{
  Job *j = data;
  sqlite3_stmt *stmt;

  if (!kd_conn_exec (conn,
                     "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000) "
                     "INSERT INTO customers (nickname, nickname_key, nickname_sort) "
                     "SELECT 'buyer' || i, 'buyer' || i, 'buyer' || i FROM n", error))
    return FALSE;
  stmt = kd_conn_prepare (conn,
                          "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1) "
                          "INSERT INTO orders (order_no, customer_id, status, created_at, total, updated_at) "
                          "SELECT printf('%019d', 3500000000000000000 + i), 1 + (i * 7919) % 100000, "
                          "       CASE WHEN i % ?2 = 0 THEN 0 ELSE 3 END, "
                          "       CASE WHEN i % ?2 = 0 THEN ?3 - (i * 104729) % (72 * 3600) "
                          "            ELSE ?3 - (i * 104729) % (60 * 86400) END, "
                          "       9900, ?3 FROM n", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, (int) j->n_orders);
  sqlite3_bind_int (stmt, 2, (int) (j->n_orders / j->n_awaiting));
  sqlite3_bind_int64 (stmt, 3, j->now);
  if (!kd_conn_step_done (conn, stmt, error))
    return FALSE;
  /* The store adds the alert of a new order awaiting payment (0015); here, by hand. */
  if (!kd_conn_exec (conn, "INSERT INTO unpaid_alerts (order_id, created_at) SELECT id, created_at FROM orders WHERE status = 0",
                     error))
    return FALSE;
  /* Everything overdue a minute ago was alerted then. */
  stmt = kd_conn_prepare (conn,
                          "UPDATE unpaid_alerts SET job_number = '101', first_alerted = created_at + 43200, "
                          "  last_alerted = created_at + 43200 WHERE created_at <= ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, j->now - 43200 - 60);
  if (!kd_conn_step_done (conn, stmt, error))
    return FALSE;
  return kd_conn_exec (conn, "ANALYZE", error);
}

gboolean
kd_bench_unpaid_fill (KdStore  *store,
                      guint     n_orders,
                      guint     n_awaiting,
                      gint64    now,
                      GError  **error)
{
  Job j = { n_orders, n_awaiting, now, 0, 0 };
  return kd_store_write (store, fill_job, &j, error);
}

static gboolean
scan_job (KdConn   *conn,
          gpointer  data,
          GError  **error)
{
  Job *j = data;
  sqlite3_stmt *stmt = kd_conn_prepare (conn,
                                        "SELECT count(*) FROM orders o NOT INDEXED "
                                        "LEFT JOIN unpaid_alerts a ON a.order_id = o.id "
                                        "WHERE o.status = 0 AND o.created_at <= ?1 "
                                        "  AND coalesce (a.first_alerted, 0) = 0", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, j->cutoff);
  rc = sqlite3_step (stmt);
  j->n_due = rc == SQLITE_ROW ? (guint) sqlite3_column_int (stmt, 0) : 0;
  sqlite3_reset (stmt);
  return rc == SQLITE_ROW;
}

gboolean
kd_bench_unpaid_scan (KdStore  *store,
                      gint64    cutoff,
                      guint    *n_due,
                      GError  **error)
{
  Job j = { 0, 0, 0, cutoff, 0 };

  if (!kd_store_read (store, scan_job, &j, error))
    return FALSE;
  *n_due = j.n_due;
  return TRUE;
}
