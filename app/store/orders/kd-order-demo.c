/* kd-order-demo.c: the demo shop's orders: about 2 000 over the last 60 days, every status, remarks in the shop's convention. */
#include "config.h"

#include "kd-order-repo.h"
#include "kd-customer-repo.h"
#include "kd-unpaid-repo.h"
#include "kd-store-private.h"

/* Invented by this team for the demo shop (home goods and loungewear). */
static const struct {
  const char *title;
  const char *attributes;
  gint64      price;
  const char *code;
} products[] = {
  { "纯棉四件套 简约条纹 1.8米床", "颜色分类：雾霾蓝;尺寸：1.8m床（被套220×240）", 29900, "XM-4J-018" },
  { "水洗棉夏凉被 可机洗", "颜色分类：奶白;尺寸：200×230cm", 15900, "XM-LB-230" },
  { "珊瑚绒睡衣 女士冬季加厚套装", "颜色分类：樱花粉;尺码：L", 12800, "XM-SY-L" },
  { "乳胶枕 护颈 单只装", "颜色分类：白色;规格：60×40cm", 8900, "XM-ZT-60" },
  { "加厚浴巾 吸水不掉毛", "颜色分类：灰色;规格：70×140cm", 4900, "XM-YJ-140" },
  { "北欧抱枕套 棉麻 含芯", "颜色分类：墨绿;尺寸：45×45cm", 3900, "XM-BZ-45" },
  { "防滑拖鞋 居家 EVA", "颜色分类：咖啡;尺码：40-41", 2990, "XM-TX-41" },
  { "收纳盒 衣柜抽屉式 三件套", "颜色分类：米白;规格：大号", 6900, "XM-SN-L" },
  { "纯棉毛巾 五条装", "颜色分类：混色", 3500, "XM-MJ-5" },
  { "法兰绒毛毯 午睡盖毯", "颜色分类：燕麦色;尺寸：150×200cm", 9900, "XM-MT-150" },
};

static const char * const remarks[][2] = {
  { "1", "发顺丰，尺码已确认" },            /* red: standard, ready to ship */
  { "2", "客户要求发邮政，已补差价" },       /* yellow: special courier */
  { "3", "客户出差，12月5日后再发" },        /* green: ship later */
  { "4", "赠小礼品并退5元，已备注" },        /* blue: gift or refund */
  { "5", "颜色待确认，先别发" },             /* purple: anything else */
  { "1", "地址已核对，正常发货" },
  { "3", "等尺码换货，确认后再发" },
  { "4", "老客户，送收纳袋一个" },
};

static const char * const agents[] = { "3", "5", "6", "11", "7", "8" };

static const char * const couriers[] = { "顺丰速运", "中通快递", "圆通速递", "韵达快递", "邮政EMS" };

static guint32
next (guint32 *state)
{
  *state = *state * 1664525u + 1013904223u;
  return *state >> 8;
}

gboolean
kd_order_repo_add_demo (KdConn  *conn,
                        gint64   now,
                        GError **error)
{
  g_autoptr(GArray) customers = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) touched = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) touched_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = kd_conn_prepare (conn, "SELECT id, nickname FROM customers ORDER BY id", error);
  g_autoptr(GPtrArray) nicknames = g_ptr_array_new_with_free_func (g_free);
  guint32 seed = 1201;
  guint demo_first_buyer = 0;
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (customers, id);
      g_ptr_array_add (nicknames, g_strdup (kd_stmt_text (stmt, 1)));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE || customers->len == 0)
    return rc == SQLITE_DONE;

  for (guint i = 0; i < 2000; i++)
    {
      guint c = next (&seed) % customers->len;
      gboolean late_payer, has_history;
      const char *history_agent = NULL;
      gint64 alerted = 0, followed = 0;
      g_autofree char *no = g_strdup_printf ("35%03u%05u%09u", 100 + next (&seed) % 800, 10000 + i, 100000000 + next (&seed) % 800000000);
      g_autoptr(KdOrder) o = kd_order_new (no, g_ptr_array_index (nicknames, c));
      guint n_items = 1 + next (&seed) % 3;
      guint r = next (&seed) % 100;
      KdOrderOutcome outcome;
      gint64 customer_id = 0;
      gboolean created = FALSE;
      gint64 age = (gint64) (next (&seed) % (60 * 86400));

      /* The newest dozen await payment: the first three (two buyers) pass
       * the 12-hour threshold 2, 4 and 6 minutes after the demo opens;
       * six more are younger; the last three were alerted and followed up
       * already. Older unpaid orders were closed by Taobao. */
      if (i == 1)
        {
          c = demo_first_buyer;
          kd_order_set_text (&o->buyer, g_ptr_array_index (nicknames, c));
        }
      if (i < 3)
        age = 12 * 3600 - 120 * (gint64) (i + 1);
      else if (i < 9)
        age = (gint64) (i - 2) * 5400 + (gint64) (next (&seed) % 1800);
      else if (i < 12)
        age = 13 * 3600 + (gint64) (i - 9) * 3 * 3600;
      if (i == 0)
        demo_first_buyer = c;
      o->created_at = now - age;
      /* About one order in eight was paid only after an agent's reminder. */
      late_payer = i >= 12 && r >= 8 && r < 20 && age > 2 * 86400 && age < 40 * 86400;
      for (guint k = 0; k < n_items; k++)
        {
          guint p = next (&seed) % G_N_ELEMENTS (products);
          KdOrderItem *it = g_new0 (KdOrderItem, 1);

          it->title = g_strdup (products[p].title);
          it->attributes = g_strdup (products[p].attributes);
          it->quantity = 1 + (int) (next (&seed) % 2);
          it->price = products[p].price;
          it->merchant_code = g_strdup (products[p].code);
          o->total += it->price * it->quantity;
          g_ptr_array_add (o->items, it);
        }
      o->postage = o->total >= 9900 ? 0 : 1000;
      o->total += o->postage;
      if (i < 12)
        o->status = KD_ORDER_AWAITING_PAYMENT;
      else if (r < 3)
        o->status = KD_ORDER_CLOSED;     /* never paid: closed by Taobao */
      else if (r < 8)
        o->status = KD_ORDER_CLOSED;
      else if (age < 2 * 86400)
        o->status = KD_ORDER_PAID;
      else if (age < 10 * 86400)
        o->status = KD_ORDER_SHIPPED;
      else
        o->status = KD_ORDER_COMPLETED;
      if (o->status != KD_ORDER_AWAITING_PAYMENT && o->status != KD_ORDER_CLOSED)
        {
          o->paid = o->total - (next (&seed) % 5 == 0 ? 500 : 0);
          o->paid_at = o->created_at + 60 + (gint64) (next (&seed) % 3600);
          if (late_payer)
            o->paid_at = o->created_at + 12 * 3600 + 300 + (gint64) (next (&seed) % (30 * 3600));
        }
      if (o->status == KD_ORDER_CLOSED)
        kd_order_set_text (&o->close_reason, r < 3 ? "买家未付款，交易超时关闭" : "买家不想买了");
      if (o->status == KD_ORDER_SHIPPED || o->status == KD_ORDER_COMPLETED)
        {
          g_autofree char *tracking = g_strdup_printf ("SF%012u", 100000000 + i);
          o->shipped_at = o->paid_at + 86400;
          kd_order_set_text (&o->courier, couriers[next (&seed) % G_N_ELEMENTS (couriers)]);
          kd_order_set_text (&o->tracking_no, tracking);
        }
      kd_order_set_text (&o->receiver_name, "收件人");
      kd_order_set_text (&o->receiver_phone, "13800000000");
      kd_order_set_text (&o->receiver_address, "浙江省杭州市西湖区文三路90号");
      kd_order_set_text (&o->shipping_method, "快递");
      if (next (&seed) % 6 == 0)
        kd_order_set_text (&o->buyer_message, "请尽快发货，谢谢");

      /* The alert history the follow-up report counts. */
      has_history = late_payer || (i >= 12 && r < 3 && age < 40 * 86400) || (i >= 9 && i < 12);
      if (has_history)
        {
          history_agent = agents[next (&seed) % G_N_ELEMENTS (agents)];
          alerted = o->created_at + 12 * 3600 + (gint64) (next (&seed) % 240);
          followed = next (&seed) % 5 == 0 && !late_payer && i >= 12
                     ? 0 : alerted + 120 + (gint64) (next (&seed) % 5400);
          if (late_payer && o->paid_at < followed)
            o->paid_at = followed + 600 + (gint64) (next (&seed) % (6 * 3600));
        }

      if (!kd_order_repo_upsert_report (conn, o, now, &outcome, &customer_id, &created, error) ||
          !kd_order_repo_clear_items (conn, o->id, error))
        return FALSE;
      for (guint k = 0; k < o->items->len; k++)
        if (!kd_order_repo_add_item (conn, o->id, g_ptr_array_index (o->items, k), error))
          return FALSE;
      if (!g_hash_table_contains (touched, &g_array_index (customers, gint64, c)))
        {
          g_hash_table_add (touched, &g_array_index (customers, gint64, c));
          g_array_append_val (touched_ids, g_array_index (customers, gint64, c));
        }

      if (has_history &&
          !kd_unpaid_repo_add_history (conn, o->id, o->created_at, history_agent, alerted, followed,
                                       followed ? "已旺旺提醒付款" : "",
                                       o->status == KD_ORDER_AWAITING_PAYMENT ? 0
                                       : o->paid_at > 0 ? o->paid_at : o->created_at + 24 * 3600,
                                       o->status, error))
        return FALSE;
      /* The orders about to pass the threshold were talked about in chat. */
      if (i < 3)
        {
          KdRemark rem = { 0, o->id, KD_FLAG_PURPLE, NULL, NULL, o->created_at + 600, NULL };
          rem.text = (char *) (i < 2 ? "客户说下班后付款，留意" : "问了尺码，说考虑一下");
          rem.job_number = (char *) (i < 2 ? "5" : "6");
          rem.follow_up = (char *) "";
          if (!kd_order_repo_add_remark (conn, &rem, 0, error))
            return FALSE;
        }

      /* Most paid orders carry the shop's remark. */
      if (o->status != KD_ORDER_AWAITING_PAYMENT && next (&seed) % 10 < 7)
        {
          guint m = next (&seed) % G_N_ELEMENTS (remarks);
          const char *agent = agents[next (&seed) % G_N_ELEMENTS (agents)];
          KdRemark rem = { 0, o->id, (KdFlag) g_ascii_strtoll (remarks[m][0], NULL, 10), NULL, NULL,
                           (o->paid_at > 0 ? o->paid_at : o->created_at) + 300, NULL };
          g_autofree char *text = g_strdup_printf ("%s号客服, %s", agent, remarks[m][1]);
          g_autofree char *follow = NULL;

          if (rem.flag == KD_FLAG_GREEN)
            {
              g_autoptr(GDateTime) d = g_date_time_new_from_unix_local (now + ((gint64) (next (&seed) % 7) - 2) * 86400);
              follow = g_date_time_format (d, "%Y-%m-%d");
            }
          rem.text = text;
          rem.job_number = (char *) agent;
          rem.follow_up = follow ? follow : (char *) "";
          if (!kd_order_repo_add_remark (conn, &rem, 0, error))
            return FALSE;
        }
    }
  for (guint i = 0; i < touched_ids->len; i++)
    if (!kd_customer_repo_refresh_summary (conn, g_array_index (touched_ids, gint64, i), error))
      return FALSE;
  return TRUE;
}
