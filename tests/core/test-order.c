/* test-order.c: order rules: money to fen exactly, report times in the shop's zone, status words, flags, remarks for Taobao, the report reader on every quirk of real exports. */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "kd-error.h"
#include "kd-order.h"
#include "kd-order-report.h"

static void
test_money (void)
{
  static const struct { const char *text; gint64 fen; } good[] = {
    { "201.12", 20112 }, { "0.00", 0 }, { "0元", 0 }, { "12", 1200 }, { "12.5", 1250 }, { "¥1,280.50", 128050 },
    { " 9.90 ", 990 }, { "0.1", 10 }, { "99999999.99", 9999999999 }, { "1.230", 123 }, { "￥3", 300 },
  };
  static const char * const bad[] = { "", "abc", "1.2.3", "-5", "1e3", "1.234", "12元5", "." };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      gint64 v = -1;
      g_assert_true (kd_money_parse (good[i].text, &v));
      g_assert_cmpint (v, ==, good[i].fen);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      gint64 v = -1;
      if (kd_money_parse (bad[i], &v))
        g_error ("“%s” parsed as %" G_GINT64_FORMAT, bad[i], v);
    }
  /* Every amount from 0.00 to 20.00 exactly, no floating point. */
  for (int fen = 0; fen <= 2000; fen++)
    {
      g_autofree char *t = g_strdup_printf ("%d.%02d", fen / 100, fen % 100);
      gint64 v = -1;
      g_assert_true (kd_money_parse (t, &v));
      g_assert_cmpint (v, ==, fen);
    }
}

static void
test_times (void)
{
  g_autoptr(GTimeZone) sh = g_time_zone_new_identifier ("Asia/Shanghai");
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  gint64 t = 0, u = 0;

  g_assert_true (kd_order_time_parse ("2017-07-08 00:42:32", sh, &t));
  g_assert_cmpint (t, ==, 1499445752);       /* 2017-07-07T16:42:32Z */
  g_assert_true (kd_order_time_parse ("2017-07-08 00:42:32", utc, &u));
  g_assert_cmpint (u - t, ==, 8 * 3600);
  g_assert_true (kd_order_time_parse ("2017/7/8 0:42", sh, &u));
  g_assert_cmpint (u, ==, 1499445720);
  g_assert_true (kd_order_time_parse ("2024-02-29 23:59:59", sh, &u));
  g_assert_false (kd_order_time_parse ("2023-02-29 10:00:00", sh, &u));
  g_assert_false (kd_order_time_parse ("2017-07-08 24:00:00", sh, &u));
  g_assert_false (kd_order_time_parse ("2017-07-08T00:42:32", sh, &u));
  g_assert_false (kd_order_time_parse ("2017-07/08 00:42:32", sh, &u));
  g_assert_false (kd_order_time_parse ("", sh, &u));
}

static void
test_statuses_and_flags (void)
{
  static const struct { const char *text; KdOrderStatus status; } cases[] = {
    { "没有创建支付宝交易", KD_ORDER_AWAITING_PAYMENT }, { "等待买家付款", KD_ORDER_AWAITING_PAYMENT },
    { "等待买家确认货到付款订单信息", KD_ORDER_AWAITING_PAYMENT },
    { "买家已付款，等待卖家发货", KD_ORDER_PAID }, { "买家已付款,等待卖家发货", KD_ORDER_PAID },
    { "买家已确认，等待卖家发货", KD_ORDER_PAID }, { "卖家部分发货", KD_ORDER_PAID },
    { "卖家已发货，等待买家确认", KD_ORDER_SHIPPED }, { "卖家已发货,等待买家确认收货并付款", KD_ORDER_SHIPPED },
    { "买家已签收", KD_ORDER_SHIPPED }, { "买家已签收，回款至卖家", KD_ORDER_COMPLETED },
    { "交易成功", KD_ORDER_COMPLETED }, { "交易关闭", KD_ORDER_CLOSED }, { "交易被淘宝关闭", KD_ORDER_CLOSED },
  };
  KdOrderStatus s;
  KdFlag f;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_true (kd_order_status_from_taobao (cases[i].text, &s));
      g_assert_cmpint (s, ==, cases[i].status);
    }
  g_assert_false (kd_order_status_from_taobao ("买家申请退款中", &s));
  g_assert_cmpint (s, ==, KD_ORDER_OTHER);
  for (int i = 0; i < KD_N_ORDER_STATUSES; i++)
    {
      g_assert_true (kd_order_status_from_key (kd_order_status_to_key (i), &s));
      g_assert_cmpint (s, ==, i);
    }
  for (int i = 0; i < KD_N_FLAGS; i++)
    {
      g_assert_true (kd_flag_from_key (kd_flag_to_key (i), &f));
      g_assert_cmpint (f, ==, i);
    }
  g_assert_true (kd_flag_from_key ("pink", &f));
  g_assert_cmpint (f, ==, KD_FLAG_PURPLE);
  g_assert_cmpstr (kd_flag_to_key (KD_FLAG_PURPLE), ==, "purple");
}

static void
test_remarks (void)
{
  g_autofree char *one = kd_remark_for_taobao ("3", "发顺丰\n尺码待确认后再发");
  g_autofree char *long_text = NULL;
  g_autofree char *cut = NULL;
  g_autoptr(GString) s = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (one, ==, "3号 发顺丰 尺码待确认后再发");
  for (int i = 0; i < 400; i++)
    g_string_append (s, "赠");   /* 3 bytes each */
  cut = kd_remark_for_taobao ("12", s->str);
  g_assert_cmpuint (strlen (cut), <=, KD_REMARK_MAX_BYTES);
  g_assert_true (g_utf8_validate (cut, -1, NULL));
  g_assert_cmpuint (strlen (cut), >=, KD_REMARK_MAX_BYTES - 3);

  g_string_truncate (s, 0);
  for (int i = 0; i < 333; i++)
    g_string_append (s, "赠");   /* 999 bytes */
  g_assert_true (kd_remark_validate (s->str, "", NULL));
  g_string_append (s, "a");      /* 1 000 */
  g_assert_true (kd_remark_validate (s->str, "2026-12-05", NULL));
  g_string_append (s, "a");      /* 1 001 */
  g_assert_false (kd_remark_validate (s->str, "", &error));
  g_assert_error (error, KD_VALIDATION_ERROR, KD_ORDER_FIELD_REMARK);
  g_clear_error (&error);
  g_assert_false (kd_remark_validate ("ok", "12-05", &error));
  g_assert_error (error, KD_VALIDATION_ERROR, KD_ORDER_FIELD_FOLLOW_UP);
  (void) long_text;
}

static void
test_attributes (void)
{
  g_auto(GStrv) a = kd_order_item_split_attributes ("颜色分类：20厘米锅；尺码:M;套餐");

  g_assert_cmpuint (g_strv_length (a), ==, 6);
  g_assert_cmpstr (a[0], ==, "颜色分类");
  g_assert_cmpstr (a[1], ==, "20厘米锅");
  g_assert_cmpstr (a[2], ==, "尺码");
  g_assert_cmpstr (a[3], ==, "M");
  g_assert_cmpstr (a[4], ==, "");
  g_assert_cmpstr (a[5], ==, "套餐");
}

/* ---------------------------------------------------------------- the reader */

typedef struct {
  GPtrArray *orders;    /* copies */
  GPtrArray *items;     /* "no|title|attributes|qty|price|code" */
} Collected;

static gboolean
collect (KdOrderReportRow *row, gpointer data, GError **error)
{
  Collected *c = data;

  if (row->order != NULL)
    g_ptr_array_add (c->orders, kd_order_copy (row->order));
  else
    g_ptr_array_add (c->items, g_strdup_printf ("%s|%s|%s|%d|%" G_GINT64_FORMAT "|%s", row->order_no, row->item->title,
                                                row->item->attributes, row->item->quantity, row->item->price,
                                                row->item->merchant_code));
  return TRUE;
}

static char *
fixture (const char *name)
{
  const char *root = g_getenv ("KD_SOURCE_ROOT");
  return g_build_filename (root ? root : ".", "tests", "data", "orders", name, NULL);
}

static gboolean
read_fixture (const char *name, gboolean skip, Collected *c, KdOrderReportInfo *info, GError **error)
{
  g_autofree char *path = fixture (name);
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Asia/Shanghai");

  c->orders = g_ptr_array_new_with_free_func (g_object_unref);
  c->items = g_ptr_array_new_with_free_func (g_free);
  return kd_order_report_read_file (path, tz, skip, collect, c, info, NULL, error);
}

static void
collected_clear (Collected *c)
{
  g_clear_pointer (&c->orders, g_ptr_array_unref);
  g_clear_pointer (&c->items, g_ptr_array_unref);
}

static void
test_report_2017_gbk (void)
{
  Collected c = { 0 };
  KdOrderReportInfo info = { 0 };
  g_autoptr(GError) error = NULL;
  KdOrder *o;

  g_assert_true (read_fixture ("report-2017-gbk.csv", FALSE, &c, &info, &error));
  g_assert_no_error (error);
  g_assert_cmpint (info.kind, ==, KD_ORDER_REPORT_ORDERS);
  g_assert_cmpuint (g_strv_length (info.header), ==, 46);
  g_assert_cmpstr (info.header[13], ==, "收货地址");          /* "收货地址 " trimmed */
  g_assert_cmpuint (c.orders->len, ==, 5);
  o = c.orders->pdata[0];
  g_assert_cmpstr (o->order_no, ==, "35153131473293579");    /* ="…" taken off; 17 digits */
  g_assert_cmpstr (o->buyer, ==, "爱吃草莓的猫");
  g_assert_cmpint (o->status, ==, KD_ORDER_PAID);
  g_assert_cmpint (o->created_at, ==, 1499445752);
  g_assert_cmpint (o->paid_at, ==, 1499445790);
  g_assert_cmpint (o->total, ==, 12800);
  g_assert_cmpstr (o->buyer_message, ==, "请发顺丰\n周末不在家"); /* a quoted line break */
  g_assert_cmpstr (o->receiver_phone, ==, "13800001234");     /* the leading ' taken off */
  g_assert_cmpstr (o->close_reason, ==, "");                  /* 订单未关闭 */
  o = c.orders->pdata[1];
  g_assert_cmpstr (o->order_no, ==, "3515313147329357902");  /* 19 digits */
  g_assert_cmpint (o->status, ==, KD_ORDER_AWAITING_PAYMENT);
  g_assert_cmpint (o->paid_at, ==, 0);
  g_assert_cmpint (o->postage, ==, 1000);
  o = c.orders->pdata[2];
  g_assert_cmpstr (o->order_no, ==, "1999999999999999");     /* 16 digits */
  g_assert_cmpint (o->total, ==, 20112);
  g_assert_cmpint (o->postage, ==, 0);                        /* 0元 */
  g_assert_cmpstr (o->taobao_memo, ==, "老客户");
  o = c.orders->pdata[3];
  g_assert_cmpint (o->status, ==, KD_ORDER_CLOSED);
  g_assert_cmpstr (o->close_reason, ==, "买家不想买了");
  o = c.orders->pdata[4];
  g_assert_cmpint (o->status, ==, KD_ORDER_SHIPPED);          /* half-width comma */
  kd_order_report_info_clear (&info);
  collected_clear (&c);
}

static void
test_report_later_utf8 (void)
{
  Collected c = { 0 };
  KdOrderReportInfo info = { 0 };
  g_autoptr(GError) error = NULL;
  KdOrder *o;

  g_assert_true (read_fixture ("report-later-utf8.csv", FALSE, &c, &info, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (info.header), ==, 61);
  g_assert_cmpuint (c.orders->len, ==, 3);
  o = c.orders->pdata[1];
  g_assert_cmpstr (o->buyer, ==, "爱吃草莓的猫");              /* 买家会员名 near the end: by name */
  g_assert_cmpint (o->status, ==, KD_ORDER_SHIPPED);
  g_assert_cmpint (o->shipped_at, >, o->paid_at);
  g_assert_cmpint (((KdOrder *) c.orders->pdata[2])->status, ==, KD_ORDER_AWAITING_PAYMENT);
  kd_order_report_info_clear (&info);
  collected_clear (&c);
}

static void
test_item_report (void)
{
  Collected c = { 0 };
  KdOrderReportInfo info = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_true (read_fixture ("items.csv", FALSE, &c, &info, &error));
  g_assert_no_error (error);
  g_assert_cmpint (info.kind, ==, KD_ORDER_REPORT_ITEMS);
  g_assert_cmpuint (c.items->len, ==, 2);
  g_assert_cmpstr (c.items->pdata[0], ==, "35153131473293579|纯棉四件套 简约条纹|颜色分类：雾霾蓝;尺寸：1.8m床|1|12800|XM-4J-018");
  /* No 商家编码: the external code instead. */
  g_assert_cmpstr (c.items->pdata[1], ==, "3515313147329357902|乳胶枕 护颈|颜色分类：白色|2|2995|EXT-77");
  kd_order_report_info_clear (&info);
  collected_clear (&c);
}

static void
test_bad_reports (void)
{
  static const struct { const char *name, *message; } cases[] = {
    { "bad-scientific.csv", "bad-scientific.csv:3: 订单编号: " },
    { "bad-missing-column.csv", "bad-missing-column.csv:1: " },
    { "bad-money.csv", "bad-money.csv:2: 总金额: " },
    { "bad-date.csv", "bad-date.csv:2: 订单创建时间: " },
    { "bad-quote.csv", "bad-quote.csv:2: " },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Collected c = { 0 };
      KdOrderReportInfo info = { 0 };
      g_autoptr(GError) error = NULL;

      g_assert_false (read_fixture (cases[i].name, FALSE, &c, &info, &error));
      g_assert_nonnull (error);
      if (strstr (error->message, cases[i].message) == NULL)
        g_error ("%s: “%s” lacks “%s”", cases[i].name, error->message, cases[i].message);
      kd_order_report_info_clear (&info);
      collected_clear (&c);
    }
  {
    Collected c = { 0 };
    KdOrderReportInfo info = { 0 };
    g_autoptr(GError) error = NULL;

    /* Skipping: the good row read, the bad one kept with its reason. */
    g_assert_true (read_fixture ("bad-scientific.csv", TRUE, &c, &info, &error));
    g_assert_cmpuint (c.orders->len, ==, 1);
    g_assert_cmpuint (info.rejects->len, ==, 1);
    g_assert_cmpuint (((KdOrderReportReject *) info.rejects->pdata[0])->line, ==, 3);
    g_assert_true (g_str_has_prefix (((KdOrderReportReject *) info.rejects->pdata[0])->reason, "订单编号: "));
    kd_order_report_info_clear (&info);
    collected_clear (&c);
  }
  {
    Collected c = { 0 };
    KdOrderReportInfo info = { 0 };

    g_assert_true (read_fixture ("unknown-status.csv", FALSE, &c, &info, NULL));
    g_assert_cmpuint (info.warnings, ==, 1);
    g_assert_cmpint (((KdOrder *) c.orders->pdata[0])->status, ==, KD_ORDER_OTHER);
    g_assert_cmpstr (((KdOrder *) c.orders->pdata[0])->status_text, ==, "买家申请退款中");
    kd_order_report_info_clear (&info);
    collected_clear (&c);
  }
}

static void
test_xlsx (void)
{
  Collected c = { 0 };
  KdOrderReportInfo info = { 0 };
  g_autoptr(GError) error = NULL;
  KdOrder *o;

  g_assert_true (read_fixture ("report.xlsx", FALSE, &c, &info, &error));
  g_assert_no_error (error);
  g_assert_cmpint (info.kind, ==, KD_ORDER_REPORT_ORDERS);
  g_assert_cmpuint (c.orders->len, ==, 3);
  o = c.orders->pdata[0];
  g_assert_cmpstr (o->order_no, ==, "3700000000000000001");   /* a shared string, kept as text */
  g_assert_cmpstr (o->buyer, ==, "xlsx买家甲");                /* rich text: its runs joined */
  g_assert_cmpint (o->total, ==, 12850);                        /* a number cell "128.5" */
  g_assert_cmpstr (o->buyer_message, ==, "周末送货\n谢谢");
  g_assert_cmpint (o->created_at, ==, 1499738400);
  o = c.orders->pdata[1];
  g_assert_cmpint (o->paid_at, ==, 0);                          /* an empty cell left out of the row */
  g_assert_cmpstr (o->receiver_name, ==, "李思琪");
  g_assert_cmpstr (((KdOrder *) c.orders->pdata[2])->receiver_name, ==, "杨晨");   /* an inline string */
  kd_order_report_info_clear (&info);
  collected_clear (&c);

  /* A zip that is no workbook. */
  {
    g_autoptr(GError) e = NULL;

    g_assert_false (read_fixture ("not-a-workbook.xlsx", FALSE, &c, &info, &e));
    g_assert_error (e, KD_ORDER_REPORT_ERROR, KD_ORDER_REPORT_ERROR_HEADER);
    g_assert_nonnull (strstr (e->message, "not-a-workbook.xlsx: "));
    kd_order_report_info_clear (&info);
    collected_clear (&c);
  }
}

/* An order the import's reading thread reads a row into again is like a new one. */
static void
test_clear (void)
{
  g_autoptr(KdOrder) o = kd_order_new ("3515313147329357905", "晚风");
  g_autoptr(KdOrder) fresh = kd_order_new ("", "");
  KdOrderItem *item = g_new0 (KdOrderItem, 1);

  o->id = 7;
  o->customer_id = 3;
  o->status = KD_ORDER_SHIPPED;
  o->created_at = o->paid_at = o->shipped_at = 1700000000;
  o->total = o->paid = o->postage = 100;
  o->flag = KD_FLAG_GREEN;
  kd_order_set_text (&o->receiver_name, "李思琪");
  kd_order_set_text (&o->latest_remark, "3号客服, 发顺丰");
  kd_order_set_text (&o->agent, "3");
  item->title = g_strdup ("纯棉四件套");
  item->attributes = g_strdup ("颜色分类:蓝");
  item->merchant_code = g_strdup ("A1");
  item->quantity = 2;
  g_ptr_array_add (o->items, item);
  kd_order_clear (o);
  g_assert_cmpint (o->id, ==, 0);
  g_assert_cmpint (o->customer_id, ==, 0);
  g_assert_cmpint (o->status, ==, fresh->status);
  g_assert_cmpint (o->created_at + o->paid_at + o->shipped_at, ==, 0);
  g_assert_cmpint (o->total + o->paid + o->postage, ==, 0);
  g_assert_cmpint (o->flag, ==, KD_FLAG_NONE);
  g_assert_cmpstr (o->order_no, ==, "");
  g_assert_cmpstr (o->buyer, ==, "");
  g_assert_cmpstr (o->receiver_name, ==, "");
  g_assert_cmpstr (o->latest_remark, ==, "");
  g_assert_cmpstr (o->agent, ==, "");
  g_assert_cmpuint (o->items->len, ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/order/money", test_money);
  g_test_add_func ("/order/clear", test_clear);
  g_test_add_func ("/order/times", test_times);
  g_test_add_func ("/order/statuses-and-flags", test_statuses_and_flags);
  g_test_add_func ("/order/remarks", test_remarks);
  g_test_add_func ("/order/attributes", test_attributes);
  g_test_add_func ("/order/report-2017-gbk", test_report_2017_gbk);
  g_test_add_func ("/order/report-later-utf8", test_report_later_utf8);
  g_test_add_func ("/order/item-report", test_item_report);
  g_test_add_func ("/order/bad-reports", test_bad_reports);
  g_test_add_func ("/order/xlsx", test_xlsx);
  return g_test_run ();
}
