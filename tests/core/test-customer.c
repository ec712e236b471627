/* test-customer.c: the customer rules: validation at its edges, phone and address masks, money, types, the customer file read and written. */
#include <gio/gio.h>
#include <string.h>

#include "kd-customer.h"
#include "kd-customer-csv.h"
#include "kd-error.h"
#include "kd-text.h"

static void
test_validation (void)
{
  g_autoptr(KdCustomer) c = kd_customer_new ("晚风");
  g_autoptr(GError) error = NULL;
  g_autofree char *long_nick = g_strnfill (65, 'a');
  g_autofree char *max_nick = g_strnfill (64, 'a');

  g_assert_true (kd_customer_validate (c, &error));
  kd_customer_set_text (&c->nickname, "   ");
  g_assert_false (kd_customer_validate_field (c, KD_CUSTOMER_FIELD_NICKNAME, &error));
  g_assert_error (error, KD_VALIDATION_ERROR, KD_CUSTOMER_FIELD_NICKNAME);
  g_clear_error (&error);
  kd_customer_set_text (&c->nickname, long_nick);
  g_assert_false (kd_customer_validate_field (c, KD_CUSTOMER_FIELD_NICKNAME, NULL));
  kd_customer_set_text (&c->nickname, max_nick);
  g_assert_true (kd_customer_validate_field (c, KD_CUSTOMER_FIELD_NICKNAME, NULL));
  kd_customer_set_text (&c->nickname, "a\tb");
  g_assert_false (kd_customer_validate_field (c, KD_CUSTOMER_FIELD_NICKNAME, NULL));
  kd_customer_set_text (&c->nickname, "晚风");

  /* Height 50–250 cm, weight 10–300 kg, 0 is "not known". */
  for (int h = 0; h <= 300; h++)
    {
      c->height_cm = h;
      g_assert_cmpint (kd_customer_validate_field (c, KD_CUSTOMER_FIELD_HEIGHT, NULL), ==, h == 0 || (h >= 50 && h <= 250));
      c->weight_kg = h;
      g_assert_cmpint (kd_customer_validate_field (c, KD_CUSTOMER_FIELD_WEIGHT, NULL), ==, h == 0 || (h >= 10 && h <= 300));
    }
  c->height_cm = c->weight_kg = 0;
  for (int v = -1; v <= 6; v++)
    {
      c->vip = v;
      g_assert_cmpint (kd_customer_validate_field (c, KD_CUSTOMER_FIELD_VIP, NULL), ==, v >= 0 && v <= 5);
    }
  c->vip = 0;

  /* Dates: real ones only, leap years included. */
  g_assert_true (kd_date_text_is_valid (""));
  g_assert_true (kd_date_text_is_valid ("2024-02-29"));
  g_assert_false (kd_date_text_is_valid ("2023-02-29"));
  g_assert_false (kd_date_text_is_valid ("2026-04-31"));
  g_assert_false (kd_date_text_is_valid ("2026-4-3"));
  g_assert_false (kd_date_text_is_valid ("2026-04-03x"));
  g_assert_true (kd_date_text_is_valid ("2026-12-31"));

  /* Phones: digits, spaces and dashes allowed when typed, digits stored. */
  kd_customer_add_contact (c->phones, "139-0000 5678", TRUE);
  g_assert_true (kd_customer_validate_field (c, KD_CUSTOMER_FIELD_PHONES, NULL));
  kd_customer_normalize (c);
  g_assert_cmpstr (kd_customer_get_default_contact (c->phones), ==, "13900005678");
  kd_customer_add_contact (c->phones, "138 abc", FALSE);
  g_assert_false (kd_customer_validate_field (c, KD_CUSTOMER_FIELD_PHONES, &error));
  g_assert_error (error, KD_VALIDATION_ERROR, KD_CUSTOMER_FIELD_PHONES);
  g_clear_error (&error);
  g_array_set_size (c->phones, 0);
  for (int i = 0; i < 6; i++)
    kd_customer_add_contact (c->phones, "13800001111", i == 0);
  g_assert_false (kd_customer_validate_field (c, KD_CUSTOMER_FIELD_PHONES, NULL));
  g_array_set_size (c->phones, 0);

  /* A blacklisted buyer needs a reason. */
  c->blacklisted = TRUE;
  g_assert_false (kd_customer_validate_field (c, KD_CUSTOMER_FIELD_BLACKLIST_REASON, NULL));
  kd_customer_set_text (&c->blacklist_reason, "恶意差评");
  g_assert_true (kd_customer_validate (c, NULL));
}

static void
test_contacts (void)
{
  g_autoptr(KdCustomer) c = kd_customer_new ("x");
  g_autofree char *text = NULL;

  kd_customer_set_contacts_from_text (c->phones, "  13800001111 \n\n13900002222\n");
  g_assert_cmpuint (c->phones->len, ==, 2);
  g_assert_cmpstr (kd_customer_get_default_contact (c->phones), ==, "13800001111");
  kd_customer_add_contact (c->phones, "17700003333", TRUE);
  g_assert_cmpstr (kd_customer_get_default_contact (c->phones), ==, "17700003333");
  text = kd_customer_dup_contacts_text (c->phones);
  g_assert_cmpstr (text, ==, "17700003333\n13800001111\n13900002222");
  g_assert_null (kd_customer_get_default_contact (c->addresses));
}

static void
test_masks (void)
{
  static const struct { const char *in, *out; } addresses[] = {
    { "浙江省杭州市西湖区文三路90号", "浙江省杭州市西湖区****" },
    { "上海市浦东新区张杨路500号", "上海市浦东新区****" },
    { "广西壮族自治区南宁市青秀区民族大道100号", "广西壮族自治区南宁市青秀区****" },
    { "江苏省昆山市玉山镇人民路1号", "江苏省昆山市****" },
    { "内蒙古自治区锡林郭勒盟正蓝旗上都镇", "内蒙古自治区锡林郭勒盟正蓝旗****" },
    { "四川省凉山州会理县城北街道", "四川省凉山州会理县****" },
    { "臺北市大安區忠孝東路四段100號", "臺北市大安區****" },   /* Traditional */
    { "新疆維吾爾自治區喀什地區疏附縣托克扎克鎮", "新疆維吾爾自治區喀什地區****" },
    { "屏東縣恆春鎮中山路1號", "屏東縣****" },
    { "Room 5, 88 Queen Street", "Room 5****" },
    { "西湖区", "西湖区" },
    { "", "" },
  };
  static const struct { const char *in, *out; } phones[] = {
    { "13812345678", "138****5678" },
    { "02188886666", "021****6666" },
    { "12345", "***45" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (addresses); i++)
    {
      g_autofree char *m = kd_address_mask (addresses[i].in);
      g_assert_cmpstr (m, ==, addresses[i].out);
    }
  for (guint i = 0; i < G_N_ELEMENTS (phones); i++)
    {
      g_autofree char *m = kd_phone_mask (phones[i].in);
      g_assert_cmpstr (m, ==, phones[i].out);
    }
}

static void
test_money (void)
{
  static const struct { gint64 fen; const char *text; } cases[] = {
    { 0, "¥0.00" }, { 1, "¥0.01" }, { 12800, "¥128.00" }, { 100000, "¥1,000.00" },
    { 128000000, "¥1,280,000.00" }, { -550, "-¥5.50" }, { 99999, "¥999.99" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *t = kd_money_format (cases[i].fen);
      g_assert_cmpstr (t, ==, cases[i].text);
    }
}

static void
test_types (void)
{
  for (int s = 0; s < KD_N_COMM_STYLES; s++)
    {
      KdCommStyle back = KD_COMM_STYLE_NONE;
      g_assert_true (kd_comm_style_from_key (kd_comm_style_to_key (s), &back));
      g_assert_cmpint (back, ==, s);
      g_assert_cmpint (*kd_comm_style_get_hint (s) != '\0', ==, s != KD_COMM_STYLE_NONE);
    }
  for (int t = 0; t < KD_N_BUYING_TYPES; t++)
    {
      KdBuyingType back = KD_BUYING_NONE;
      g_assert_true (kd_buying_type_from_key (kd_buying_type_to_key (t), &back));
      g_assert_cmpint (back, ==, t);
      g_assert_cmpint (*kd_buying_type_get_hint (t) != '\0', ==, t != KD_BUYING_NONE);
    }
  g_assert_cmpstr (kd_buying_type_to_key (KD_BUYING_NO_PAY), ==, "no-pay");
  for (int c = 0; c < KD_TAG_N_COLOURS; c++)
    g_assert_cmpint (strlen (kd_tag_colour_get_hex (c)), ==, 7);
}

static void
test_tags (void)
{
  static const struct { const char *name; gboolean ok; } names[] = {
    { "VIP", TRUE }, { "尺码偏大", TRUE }, { "", FALSE }, { "  ", FALSE }, { "a,b", FALSE },
    { "甲；乙", FALSE }, { "一二三四五六七八九十一二三四五六", TRUE }, { "一二三四五六七八九十一二三四五六七", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(KdTag) t = kd_tag_new (names[i].name, 2);
      g_assert_cmpint (kd_tag_validate (t, NULL), ==, names[i].ok);
    }
}

static GPtrArray *
read_text (const char *text, GError **error)
{
  g_autoptr(GInputStream) in = g_memory_input_stream_new_from_data (g_strdup (text), -1, g_free);
  return kd_customer_csv_read_stream (in, "c.csv", NULL, error);
}

static void
test_csv_read (void)
{
  static const struct { const char *text, *message; } bad[] = {
    { "", "c.csv:1: " },
    { "name\n甲\n", "c.csv:1: " },
    { "nickname,vip\n甲,6\n", "c.csv:2: vip: " },
    { "nickname,vip\n甲,-1\n", "c.csv:2: vip: " },
    { "nickname,birthday\n甲,2023-02-29\n", "c.csv:2: birthday: " },
    { "nickname,gender\n甲,男\n乙,x\n", "c.csv:3: gender: " },
    { "nickname,phones\n甲,12ab\n", "c.csv:2: phones: " },
    { "nickname,comm_style\n甲,shy\n", "c.csv:2: comm_style: " },
    { "nickname,blacklisted\n甲,1\n", "c.csv:2: blacklist_reason: " },
    { "nickname,tags\n甲,\"超过十六个字符的标签名字真的太长了\"\n", "c.csv:2: tags: " },
    { "nickname\n甲\n甲\n", "c.csv:3: nickname: " },
    { "nickname\n\"甲\n", "c.csv:2: " },
    { "nickname,vip\n甲,1,extra\n", "c.csv:2: " },
    { "nickname,nickname\n甲,乙\n", "c.csv:1: " },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  KdCustomerRecord *r;

  /* Chinese headers, any order, VIP2, a phone with dashes, tags by ；. */
  rows = read_text ("\xEF\xBB\xBF会员名,标签,VIP,电话,性别,身高,购买类型,黑名单,拉黑原因\r\n"
                    "晚风,VIP老客；爱讲价,VIP2,139-0000-5678,女,165,bargainer,是,恶意退货\r\n"
                    ",,,,,,,,\r\n"
                    "小鹿,,,,,,,,\r\n", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 2);
  r = rows->pdata[0];
  g_assert_cmpuint (r->line, ==, 2);
  g_assert_cmpstr (r->customer->nickname, ==, "晚风");
  g_assert_cmpint (r->customer->vip, ==, 2);
  g_assert_cmpstr (kd_customer_get_default_contact (r->customer->phones), ==, "13900005678");
  g_assert_cmpint (r->customer->gender, ==, KD_GENDER_FEMALE);
  g_assert_cmpint (r->customer->height_cm, ==, 165);
  g_assert_cmpint (r->customer->buying_type, ==, KD_BUYING_BARGAINER);
  g_assert_true (r->customer->blacklisted);
  g_assert_cmpuint (g_strv_length (r->tags), ==, 2);
  g_assert_cmpstr (r->tags[1], ==, "爱讲价");
  r = rows->pdata[1];
  g_assert_cmpuint (r->line, ==, 4);
  g_assert_cmpuint (r->present, ==, 1u << KD_CUSTOMER_COL_NICKNAME);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) e = NULL;
      g_autoptr(GPtrArray) none = read_text (bad[i].text, &e);

      g_assert_null (none);
      g_assert_nonnull (e);
      if (!g_str_has_prefix (e->message, bad[i].message))
        g_error ("case %u: “%s” does not start with “%s”", i, e->message, bad[i].message);
    }
}

static void
test_csv_round_trip (void)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(KdCustomerCsvWriter) w = NULL;
  g_autoptr(KdCustomer) c = kd_customer_new ("=cmd|' /C calc'!A0");
  g_autoptr(GHashTable) owners = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GHashTable) tags = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GPtrArray) back = NULL;
  g_autoptr(GError) error = NULL;
  gint64 tag = 7;
  KdCustomer *r;

  g_hash_table_insert (owners, g_memdup2 (&(gint64) { 3 }, sizeof (gint64)), g_strdup ("3"));
  g_hash_table_insert (tags, g_memdup2 (&tag, sizeof (gint64)), g_strdup ("VIP老客"));
  kd_customer_set_text (&c->real_name, "李, \"小\" 婷");
  kd_customer_add_contact (c->phones, "13800001111", TRUE);
  kd_customer_add_contact (c->phones, "13900002222", FALSE);
  kd_customer_add_contact (c->addresses, "浙江省杭州市西湖区文三路90号", TRUE);
  kd_customer_set_text (&c->notes, "第一行\n第二行");
  c->owner_id = 3;
  c->vip = 4;
  c->comm_style = KD_COMM_STYLE_ANALYTICAL;
  g_array_append_val (c->tag_ids, tag);
  c->order_count = 2;
  c->total_paid = 25600;

  w = kd_customer_csv_writer_new (out, owners, tags, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (kd_customer_csv_writer_add (w, c, &error));
  g_assert_true (kd_customer_csv_writer_close (w, &error));
  g_assert_true (g_output_stream_close (out, NULL, NULL));
  {
    gsize n = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out));
    g_autofree char *text = g_strndup (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out)), n);

    g_assert_true (g_str_has_prefix (text, "\xEF\xBB\xBFnickname,"));
    g_assert_nonnull (strstr (text, "\r\n'=cmd"));
    g_assert_nonnull (strstr (text, ",2,256.00,"));
    back = read_text (text, &error);
  }
  g_assert_no_error (error);
  g_assert_cmpuint (back->len, ==, 1);
  r = ((KdCustomerRecord *) back->pdata[0])->customer;
  g_assert_cmpstr (r->nickname, ==, c->nickname);
  g_assert_cmpstr (r->real_name, ==, c->real_name);
  g_assert_cmpstr (r->notes, ==, c->notes);
  g_assert_cmpuint (r->phones->len, ==, 2);
  g_assert_cmpint (r->vip, ==, 4);
  g_assert_cmpint (r->comm_style, ==, KD_COMM_STYLE_ANALYTICAL);
  g_assert_cmpstr (((KdCustomerRecord *) back->pdata[0])->owner_job_number, ==, "3");
  g_assert_cmpstr (((KdCustomerRecord *) back->pdata[0])->tags[0], ==, "VIP老客");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/customer/validation", test_validation);
  g_test_add_func ("/customer/contacts", test_contacts);
  g_test_add_func ("/customer/masks", test_masks);
  g_test_add_func ("/customer/money", test_money);
  g_test_add_func ("/customer/types", test_types);
  g_test_add_func ("/customer/tags", test_tags);
  g_test_add_func ("/customer/csv-read", test_csv_read);
  g_test_add_func ("/customer/csv-round-trip", test_csv_round_trip);
  return g_test_run ();
}
