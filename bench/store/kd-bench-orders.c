/* kd-bench-orders.c: remarks on a board that orders-bench filled, for its agent filter. */
#include "kd-bench-orders.h"
#include "kd-store-private.h"

typedef struct {
  guint n;
} Remarks;

static gboolean
remarks_job (KdConn   *conn,
             gpointer  data,
             GError  **error)
{
  Remarks *r = data;
  sqlite3_stmt *stmt = kd_conn_prepare (conn, "SELECT count(*) FROM order_remarks", error);

  if (stmt == NULL)
    return FALSE;
  r->n = sqlite3_step (stmt) == SQLITE_ROW ? (guint) sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_reset (stmt);
  if (r->n > 0)
    return TRUE;
  if (!kd_conn_exec (conn, "INSERT INTO order_remarks (order_id, flag, text, job_number, at, order_created_at) "
                           "SELECT id, 0, '已核对地址，发顺丰', CAST((id / 5) % 10 AS TEXT), created_at + 600, created_at "
                           "FROM orders WHERE id % 5 = 0", error))
    return FALSE;
  r->n = (guint) sqlite3_changes (kd_conn_get_db (conn));
  return TRUE;
}

gboolean
kd_bench_orders_add_remarks (KdStore  *store,
                             guint    *n_remarks,
                             GError  **error)
{
  Remarks r = { 0 };

  if (!kd_store_write (store, remarks_job, &r, error))
    return FALSE;
  *n_remarks = r.n;
  return TRUE;
}
