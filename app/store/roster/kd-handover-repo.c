/* kd-handover-repo.c: handovers and their items; one transaction per handover written or acknowledged. */
#include "kd-handover-repo.h"
#include "kd-query-model-private.h"
#include "kd-error.h"
#include "kd-leave.h"
#include "kd-order.h"
#include "kd-staff-repo.h"
#include "kd-text.h"

#include <glib/gi18n-lib.h>

#define HANDOVER_COLUMNS "id, author_id, author_name, author_job_number, written_at, day, shift_code, note, " \
                         "acked_at, acked_by, acked_by_name, n_items, first_item"

static KdHandover *
handover_from_row (sqlite3_stmt *stmt)
{
  KdHandover *h = kd_handover_new (sqlite3_column_int64 (stmt, 1), kd_stmt_text (stmt, 5),
                                   kd_stmt_text (stmt, 6), kd_stmt_text (stmt, 7));

  h->id = sqlite3_column_int64 (stmt, 0);
  h->author_name = g_strdup (kd_stmt_text (stmt, 2));
  h->author_job_number = g_strdup (kd_stmt_text (stmt, 3));
  h->written_at = sqlite3_column_int64 (stmt, 4);
  h->acked_at = sqlite3_column_int64 (stmt, 8);
  h->acked_by = sqlite3_column_int64 (stmt, 9);
  h->acked_by_name = g_strdup (kd_stmt_text (stmt, 10));
  if (sqlite3_column_type (stmt, 12) != SQLITE_NULL)
    kd_handover_add_item (h, kd_stmt_text (stmt, 12), "", "");
  h->n_items = sqlite3_column_int (stmt, 11);
  return h;
}

/* ---------------------------------------------------------------- the list */

static GObject *
handover_placeholder (gint64 id)
{
  KdHandover *h = kd_handover_new (0, "", "", "");
  h->id = id;
  return G_OBJECT (h);
}

static GObject *
handover_read_row (sqlite3_stmt *stmt)
{
  return G_OBJECT (handover_from_row (stmt));
}

static void
handover_assign (GObject *target,
                 GObject *fresh)
{
  kd_handover_assign (KD_HANDOVER (target), KD_HANDOVER (fresh));
}

static char *
handover_build_search (const char *text,
                       GPtrArray  *params)
{
  g_autofree char *needle = kd_text_normalize (text);

  g_ptr_array_add (params, g_variant_ref_sink (g_variant_new_string (needle)));
  return g_strdup ("instr(search_text, ?) > 0");
}

static const KdQuerySort handover_sorts[] = {
  { "written", "written_at" },
};
static const KdQueryFilter handover_filters[] = {
  { "open", "(acked_at IS NULL) = ?" },
  { "author", "author_id = ?" },
};

const KdQuerySpec *
kd_handover_repo_query_spec (void)
{
  static KdQuerySpec spec = {
    .table = "handovers",
    .from = "handover_rows",
    .columns = HANDOVER_COLUMNS,
    .new_placeholder = handover_placeholder,
    .read_row = handover_read_row,
    .assign = handover_assign,
    .build_search = handover_build_search,
    .sorts = handover_sorts,
    .n_sorts = G_N_ELEMENTS (handover_sorts),
    .filters = handover_filters,
    .n_filters = G_N_ELEMENTS (handover_filters),
  };

  if (spec.item_type == 0)
    spec.item_type = KD_TYPE_HANDOVER;
  return &spec;
}

/* ---------------------------------------------------------------- reading */

static gboolean
read_items (KdConn      *conn,
            KdHandover  *h,
            GError     **error)
{
  sqlite3_stmt *stmt = kd_conn_prepare (conn,
                                         "SELECT text, order_no, customer FROM handover_items "
                                         "WHERE handover_id = ?1 ORDER BY position", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  g_ptr_array_set_size (h->items, 0);
  sqlite3_bind_int64 (stmt, 1, h->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    kd_handover_add_item (h, kd_stmt_text (stmt, 0), kd_stmt_text (stmt, 1), kd_stmt_text (stmt, 2));
  if (!kd_conn_rows_done (conn, stmt, rc, "handover_items", error))
    return FALSE;
  return TRUE;
}

KdHandover *
kd_handover_repo_get (KdConn   *conn,
                      gint64    id,
                      GError  **error)
{
  sqlite3_stmt *stmt = kd_conn_prepare (conn, "SELECT " HANDOVER_COLUMNS " FROM handover_rows WHERE id = ?1", error);
  g_autoptr(KdHandover) h = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    h = handover_from_row (stmt);
  sqlite3_reset (stmt);
  if (h == NULL)
    {
      g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_NOT_FOUND, _("The handover is gone."));
      return NULL;
    }
  if (!read_items (conn, h, error))
    return NULL;
  return g_steal_pointer (&h);
}

GPtrArray *
kd_handover_repo_list_open (KdConn   *conn,
                            gint64    except_author,
                            GError  **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt = kd_conn_prepare (conn,
                                         "SELECT " HANDOVER_COLUMNS " FROM handover_rows "
                                         "WHERE acked_at IS NULL AND author_id <> ?1 ORDER BY written_at, id", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, except_author);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, handover_from_row (stmt));
  if (!kd_conn_rows_done (conn, stmt, rc, "handovers", error))
    return NULL;
  for (guint i = 0; i < list->len; i++)
    if (!read_items (conn, g_ptr_array_index (list, i), error))
      return NULL;
  return g_steal_pointer (&list);
}

/* ---------------------------------------------------------------- writing */

typedef struct {
  KdHandover *handover;
  gint64      now;
  gint64      id;
  gint64      by;
} Job;

static gboolean
insert_txn (KdConn   *conn,
            gpointer  data,
            GError  **error)
{
  Job *j = data;
  KdHandover *h = j->handover;
  g_autoptr(KdStaff) author = kd_staff_repo_find_by_id (conn, h->author_id, error);
  g_autofree char *search = NULL;
  sqlite3_stmt *stmt;

  if (author == NULL)
    return FALSE;
  if (!kd_staff_get_active (author))
    {
      g_set_error (error, KD_VALIDATION_ERROR, KD_HANDOVER_FIELD_AUTHOR,
                   _("%s is no longer active and cannot write a handover."), kd_staff_get_name (author));
      return FALSE;
    }
  g_free (h->author_name);
  h->author_name = g_strdup (kd_staff_get_name (author));
  g_free (h->author_job_number);
  h->author_job_number = g_strdup (kd_staff_get_job_number (author));
  h->written_at = j->now;
  search = kd_handover_dup_search_text (h);

  stmt = kd_conn_prepare (conn,
                          "INSERT INTO handovers (author_id, written_at, day, shift_code, note, search_text) "
                          "VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, h->author_id);
  sqlite3_bind_int64 (stmt, 2, h->written_at);
  sqlite3_bind_text (stmt, 3, h->day, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, h->shift_code, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, h->note, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, search, -1, SQLITE_TRANSIENT);
  if (!kd_conn_step_done (conn, stmt, error))
    return FALSE;
  h->id = sqlite3_last_insert_rowid (kd_conn_get_db (conn));

  for (guint i = 0; i < h->items->len; i++)
    {
      KdHandoverItem *it = g_ptr_array_index (h->items, i);

      stmt = kd_conn_prepare (conn,
                              "INSERT INTO handover_items (handover_id, position, text, order_no, customer) "
                              "VALUES (?1, ?2, ?3, ?4, ?5)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, h->id);
      sqlite3_bind_int (stmt, 2, i);
      sqlite3_bind_text (stmt, 3, it->text, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 4, it->order_no, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 5, it->customer, -1, SQLITE_TRANSIENT);
      if (!kd_conn_step_done (conn, stmt, error))
        return FALSE;
    }
  kd_conn_note_changed (conn, "handovers", h->id);
  return TRUE;
}

gboolean
kd_handover_repo_insert (KdConn      *conn,
                         KdHandover  *handover,
                         gint64       now,
                         GError     **error)
{
  Job j = { handover, now, 0, 0 };
  GDate day;

  if (!kd_handover_validate (handover, error))
    return FALSE;
  if (!kd_day_parse (handover->day, &day))
    {
      g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_INVALID,
                   _("“%s” is not a day written YYYY-MM-DD."), handover->day ? handover->day : "");
      return FALSE;
    }
  return kd_conn_transaction (conn, insert_txn, &j, error);
}

static gboolean
ack_txn (KdConn   *conn,
         gpointer  data,
         GError  **error)
{
  Job *j = data;
  g_autoptr(KdHandover) h = kd_handover_repo_get (conn, j->id, error);
  sqlite3_stmt *stmt;

  if (h == NULL)
    return FALSE;
  if (j->by != 0 && h->acked_at != 0)
    {
      g_set_error (error, KD_VALIDATION_ERROR, KD_HANDOVER_FIELD_AUTHOR,
                   _("%s has already acknowledged this handover."), h->acked_by_name);
      return FALSE;
    }
  if (j->by != 0 && j->by == h->author_id)
    {
      g_set_error (error, KD_VALIDATION_ERROR, KD_HANDOVER_FIELD_AUTHOR,
                   _("You wrote this handover; the agent who takes over acknowledges it."));
      return FALSE;
    }
  stmt = kd_conn_prepare (conn, "UPDATE handovers SET acked_at = ?1, acked_by = ?2 WHERE id = ?3", error);
  if (stmt == NULL)
    return FALSE;
  if (j->by != 0)
    {
      sqlite3_bind_int64 (stmt, 1, j->now);
      sqlite3_bind_int64 (stmt, 2, j->by);
    }
  else
    {
      sqlite3_bind_null (stmt, 1);
      sqlite3_bind_null (stmt, 2);
    }
  sqlite3_bind_int64 (stmt, 3, j->id);
  if (!kd_conn_step_done (conn, stmt, error))
    return FALSE;
  kd_conn_note_changed (conn, "handovers", j->id);
  return TRUE;
}

gboolean
kd_handover_repo_acknowledge (KdConn   *conn,
                              gint64    id,
                              gint64    by,
                              gint64    now,
                              GError  **error)
{
  Job j = { NULL, now, id, by };

  g_return_val_if_fail (by > 0, FALSE);
  return kd_conn_transaction (conn, ack_txn, &j, error);
}

gboolean
kd_handover_repo_unacknowledge (KdConn   *conn,
                                gint64    id,
                                GError  **error)
{
  Job j = { NULL, 0, id, 0 };
  return kd_conn_transaction (conn, ack_txn, &j, error);
}

/* The demo order and buyer an item of the demo handovers is about: the
 * @nth newest order in @status, or, with @status -1, the @nth customer
 * (order number ""). The demo's orders and customers are written first,
 * so every link a demo handover shows leads to a real row. */
static gboolean
pick_demo_subject (KdConn   *conn,
                   int       status,
                   int       nth,
                   char    **order_no,
                   char    **customer,
                   GError  **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (status >= 0)
    stmt = kd_conn_prepare (conn,
                            "SELECT o.order_no, c.nickname FROM orders o JOIN customers c ON c.id = o.customer_id "
                            "WHERE o.status = ?1 ORDER BY o.created_at DESC, o.id LIMIT 1 OFFSET ?2", error);
  else
    stmt = kd_conn_prepare (conn,
                            "SELECT '', nickname FROM customers WHERE ?1 < 0 AND blacklisted = 0 "
                            "ORDER BY id LIMIT 1 OFFSET ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, status);
  sqlite3_bind_int (stmt, 2, nth);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *order_no = g_strdup (kd_stmt_text (stmt, 0));
      *customer = g_strdup (kd_stmt_text (stmt, 1));
    }
  if (!kd_conn_rows_done (conn, stmt, rc == SQLITE_ROW ? SQLITE_DONE : rc, "orders", error))
    return FALSE;
  if (rc != SQLITE_ROW)
    {
      g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_NOT_FOUND, "The demo has no order in status %d", status);
      return FALSE;
    }
  return TRUE;
}

/* Handovers the demo team wrote over the last two days: the latest is
 * open. Each item names a demo order in the state its text describes
 * (status, -1 for none) and, when @buyer, that order's buyer, or (status
 * -1 and @buyer) a demo customer. */
gboolean
kd_handover_repo_add_demo (KdConn   *conn,
                           gint64    now,
                           GError  **error)
{
  static const struct {
    const char *author;
    const char *acked_by;   /* NULL: still open */
    int         hours_ago;
    const char *shift;
    const char *note;
    struct { const char *text; int status; gboolean buyer; } items[3];
  } demo[] = {
    { "3", "6", 40, "D", "",
      { { "顾客问加厚款沙发垫何时补货，已答应到货后旺旺通知", -1, TRUE },
        { "退货单已审核，待仓库确认收货后退款", KD_ORDER_COMPLETED, FALSE } } },
    { "6", "7", 32, "N", "夜间咨询量不大",
      { { "物流显示派送异常，已联系快递，明早回电顾客", KD_ORDER_SHIPPED, TRUE } } },
    { "7", "3", 16, "D", "",
      { { "顾客投诉色差，已发实拍图，等顾客回复是否换货", KD_ORDER_COMPLETED, TRUE },
        { "大促价格保护申请 2 单，需主管确认", -1, FALSE } } },
    { "3", NULL, 2, "D", "交班前已清空未读",
      { { "顾客要求改地址，仓库未发货，已备注订单，请晚班盯一下是否改成功", KD_ORDER_PAID, TRUE },
        { "催付：下单 10 小时未付款，18:00 前再提醒一次", KD_ORDER_AWAITING_PAYMENT, TRUE },
        { "发票抬头待顾客补充，收到后开票", -1, TRUE } } },
  };
  int nth = 0;

  for (guint i = 0; i < G_N_ELEMENTS (demo); i++)
    {
      g_autoptr(KdStaff) author = kd_staff_repo_find_by_job_number (conn, demo[i].author, error);
      g_autoptr(KdHandover) h = NULL;
      g_autoptr(GDateTime) at = NULL;
      g_autofree char *day = NULL;
      gint64 written = now - demo[i].hours_ago * 3600;

      if (author == NULL)
        return FALSE;
      at = g_date_time_new_from_unix_local (written);
      day = g_date_time_format (at, "%Y-%m-%d");
      h = kd_handover_new (kd_staff_get_id (author), day, demo[i].shift, demo[i].note);
      for (guint k = 0; k < G_N_ELEMENTS (demo[i].items) && demo[i].items[k].text != NULL; k++)
        {
          g_autofree char *order_no = NULL, *customer = NULL;

          if (demo[i].items[k].status >= 0 || demo[i].items[k].buyer)
            {
              if (!pick_demo_subject (conn, demo[i].items[k].status, nth++, &order_no, &customer, error))
                return FALSE;
            }
          kd_handover_add_item (h, demo[i].items[k].text, order_no ? order_no : "",
                                demo[i].items[k].buyer && customer ? customer : "");
        }
      if (!kd_handover_repo_insert (conn, h, written, error))
        return FALSE;
      if (demo[i].acked_by != NULL)
        {
          g_autoptr(KdStaff) acker = kd_staff_repo_find_by_job_number (conn, demo[i].acked_by, error);

          if (acker == NULL ||
              !kd_handover_repo_acknowledge (conn, h->id, kd_staff_get_id (acker), written + 1800, error))
            return FALSE;
        }
    }
  return TRUE;
}
