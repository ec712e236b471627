/* test-phrase.c: placeholders (expansion, fallbacks, escapes, unknown ones), the phrase rules, and reading phrase files from tests/data/phrases. */
#include <gio/gio.h>
#include <string.h>

#include "kd-error.h"
#include "kd-phrase.h"
#include "kd-phrase-csv.h"
#include "kd-placeholders.h"

static void
test_expand_values (void)
{
  KdPlaceholderValues v;
  g_autofree char *out = NULL;

  kd_placeholder_values_init (&v);
  v.customer_nickname = "tb_小王";
  v.customer_name = "王先生";
  v.agent_name = "林晓";
  v.job_number = "3";
  v.shop_name = "小满家居旗舰店";
  v.order_number = "2026112512345";
  v.amount_fen = 12800;
  out = kd_placeholders_expand ("{customer}您好，我是{shop}的{agent}（{job_no}号），{order}共{amount}", &v);
  g_assert_cmpstr (out, ==, "王先生您好，我是小满家居旗舰店的林晓（3号），2026112512345共¥128.00");
}

static void
test_expand_fallbacks (void)
{
  KdPlaceholderValues v;
  g_autofree char *none = NULL;
  g_autofree char *nick = NULL;
  g_autofree char *blank = NULL;
  g_autofree char *cents = NULL;

  none = kd_placeholders_expand ("{customer}|{agent}|{job_no}|{shop}|{order}|{amount}", NULL);
  g_assert_cmpstr (none, ==, "亲|客服||本店|您的订单|");

  kd_placeholder_values_init (&v);
  v.customer_nickname = "tb_小王";
  nick = kd_placeholders_expand ("{customer}", &v);
  g_assert_cmpstr (nick, ==, "tb_小王");         /* no name: the nickname */

  v.customer_name = "  ";
  v.agent_name = "";
  blank = kd_placeholders_expand ("{customer}{agent}", &v);
  g_assert_cmpstr (blank, ==, "tb_小王客服");     /* blank counts as none */

  kd_placeholder_values_init (&v);
  v.amount_fen = 5;
  cents = kd_placeholders_expand ("{amount}", &v);
  g_assert_cmpstr (cents, ==, "¥0.05");
  g_free (cents);
  v.amount_fen = 0;
  cents = kd_placeholders_expand ("{amount}", &v);
  g_assert_cmpstr (cents, ==, "¥0.00");
}

static void
test_expand_escapes (void)
{
  struct { const char *in, *out; } cases[] = {
    { "{{customer}}", "{customer}" },
    { "{{", "{" },
    { "}}", "}" },
    { "{ }{尺码}{12}{", "{ }{尺码}{12}{" },     /* not placeholders: left alone */
    { "{custmer}", "{custmer}" },                /* unknown: left as is */
    { "{{{customer}}}", "{亲}" },
    { "{customer", "{customer" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = kd_placeholders_expand (cases[i].in, NULL);
      g_assert_cmpstr (out, ==, cases[i].out);
    }
}

static void
test_check (void)
{
  struct { const char *body; gboolean ok; glong offset; const char *suggestion; } cases[] = {
    { "亲{customer}，{agent}{job_no}{shop}{order}{amount}", TRUE, -1, NULL },
    { "{{custmer}} 是字面量", TRUE, -1, NULL },
    { "{ 尺码 } 与 {12}", TRUE, -1, NULL },
    { "亲，{custmer}您好", FALSE, 2, "{customer}" },
    { "{Customer}", FALSE, 0, "{customer}" },
    { "{agnet}", FALSE, 0, "{agent}" },
    { "{price}", FALSE, 0, "{amount}" },
    { "{order_no}", FALSE, 0, "{order}" },
    { "{zzzzzz}", FALSE, 0, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      glong offset = 99;
      gboolean ok = kd_placeholders_check (cases[i].body, &offset, &error);

      g_assert_cmpint (ok, ==, cases[i].ok);
      g_assert_cmpint (offset, ==, cases[i].offset);
      if (!ok)
        {
          g_assert_error (error, KD_VALIDATION_ERROR, KD_PHRASE_FIELD_BODY);
          if (cases[i].suggestion != NULL)
            g_assert_nonnull (strstr (error->message, cases[i].suggestion));
          else
            g_assert_nonnull (strstr (error->message, "{customer}"));  /* lists them */
        }
    }
  g_assert_cmpstr (kd_placeholders_list ()[0], ==, "customer");
  g_assert_cmpuint (g_strv_length ((char **) kd_placeholders_list ()), ==, 6);
}

static void
test_validation (void)
{
  g_autofree char *long_body = NULL;
  g_autofree char *max_body = NULL;
  g_autofree char *long_title = NULL;
  GString *s = g_string_new (NULL);
  struct { gint64 group; const char *title, *body, *shortcut; int field; } cases[] = {
    { 1, "", "您好", "", 0 },
    { 1, "", "您好", "th7", 0 },
    { 1, "", "您好", "ABCDEFGHIJ123456", 0 },
    { 0, "", "您好", "", KD_PHRASE_FIELD_GROUP },
    { 1, "", "", "", KD_PHRASE_FIELD_BODY },
    { 1, "", " \n\t　", "", KD_PHRASE_FIELD_BODY },
    { 1, "", "{custmer}", "", KD_PHRASE_FIELD_BODY },
    { 1, "", "您好", "t h", KD_PHRASE_FIELD_SHORTCUT },
    { 1, "", "您好", "退货", KD_PHRASE_FIELD_SHORTCUT },
    { 1, "", "您好", "ＴＨ", KD_PHRASE_FIELD_SHORTCUT },         /* full-width: not ASCII */
    { 1, "", "您好", "ABCDEFGHIJ1234567", KD_PHRASE_FIELD_SHORTCUT },
    { 1, "", "您好", "th-7", KD_PHRASE_FIELD_SHORTCUT },
    { 1, "标\xff题", "您好", "", KD_PHRASE_FIELD_TITLE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(KdPhrase) p = kd_phrase_new (cases[i].group, cases[i].title, cases[i].body, cases[i].shortcut);
      g_autoptr(GError) error = NULL;

      if (cases[i].field == 0)
        g_assert_true (kd_phrase_validate (p, &error));
      else
        {
          g_assert_false (kd_phrase_validate (p, &error));
          g_assert_error (error, KD_VALIDATION_ERROR, cases[i].field);
        }
    }

  for (int i = 0; i < 2000; i++)
    g_string_append (s, "好");
  max_body = g_strdup (s->str);
  g_string_append (s, "好");
  long_body = g_string_free (s, FALSE);
  long_title = g_strnfill (61, 'a');
  {
    g_autoptr(KdPhrase) ok = kd_phrase_new (1, "", max_body, "");
    g_autoptr(KdPhrase) body = kd_phrase_new (1, "", long_body, "");
    g_autoptr(KdPhrase) title = kd_phrase_new (1, long_title, "您好", "");
    g_autoptr(GError) error = NULL;

    g_assert_true (kd_phrase_validate (ok, NULL));
    g_assert_false (kd_phrase_validate_field (body, KD_PHRASE_FIELD_BODY, &error));
    g_assert_error (error, KD_VALIDATION_ERROR, KD_PHRASE_FIELD_BODY);
    g_clear_error (&error);
    g_assert_false (kd_phrase_validate (title, &error));
    g_assert_error (error, KD_VALIDATION_ERROR, KD_PHRASE_FIELD_TITLE);
  }
  {
    g_autoptr(KdPhraseGroup) g = kd_phrase_group_new ("  ");
    g_autoptr(GError) error = NULL;

    g_assert_false (kd_phrase_group_validate (g, &error));
    g_assert_error (error, KD_VALIDATION_ERROR, KD_PHRASE_FIELD_GROUP);
  }
}

static void
on_notify (GObject *object, GParamSpec *pspec, guint *count)
{
  (*count)++;
}

static void
test_properties (void)
{
  g_autoptr(KdPhrase) a = kd_phrase_new (2, "标题", "正文", "hy");
  g_autoptr(KdPhrase) b = NULL;
  guint notified = 0;

  kd_phrase_set_favourite (a, TRUE);
  kd_phrase_set_use_count (a, 7);
  b = kd_phrase_copy (a);
  g_assert_cmpstr (kd_phrase_get_shortcut (b), ==, "hy");
  g_assert_true (kd_phrase_get_favourite (b));
  g_assert_cmpint (kd_phrase_get_use_count (b), ==, 7);

  g_signal_connect (b, "notify", G_CALLBACK (on_notify), &notified);
  kd_phrase_set_title (b, "标题");   /* unchanged: no notify */
  g_assert_cmpuint (notified, ==, 0);
  kd_phrase_set_title (b, "新标题");
  g_assert_cmpuint (notified, ==, 1);
  kd_phrase_set_title (b, NULL);
  g_assert_cmpstr (kd_phrase_get_title (b), ==, "");
  {
    g_autofree char *text = kd_phrase_dup_search_text (a);
    g_assert_cmpstr (text, ==, "hy\n标题\n正文");
  }
}

/* ---------------------------------------------------------------- files */

static char *
fixture (const char *name)
{
  const char *root = g_getenv ("KD_SOURCE_ROOT");
  return g_build_filename (root ? root : ".", "tests", "data", "phrases", name, NULL);
}

static GPtrArray *
read_fixture (const char *name, KdPhraseCsvFormat *format, GError **error)
{
  g_autofree char *path = fixture (name);
  return kd_phrase_csv_read_file (path, format, NULL, error);
}

#define REC(a, i) ((KdPhraseRecord *) g_ptr_array_index ((a), (i)))

static void
test_read_good (void)
{
  KdPhraseCsvFormat format = 99;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) crlf = read_fixture ("kefu-crlf.csv", &format, &error);
  g_autoptr(GPtrArray) bom = NULL, quoted = NULL, gbk = NULL, variant = NULL, header = NULL, qutf8 = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (format, ==, KD_PHRASE_CSV_KEFU);
  g_assert_cmpuint (crlf->len, ==, 2);
  g_assert_cmpstr (REC (crlf, 0)->group, ==, "问候");
  g_assert_cmpstr (REC (crlf, 0)->body, ==, "亲，您好！欢迎光临{shop}~");
  g_assert_cmpstr (REC (crlf, 1)->body, ==, "当天16:00前付款当天发出");   /* no \r */
  g_assert_cmpuint (REC (crlf, 1)->line, ==, 3);

  bom = read_fixture ("kefu-bom.csv", &format, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bom->len, ==, 2);
  g_assert_cmpstr (REC (bom, 0)->shortcut, ==, "HY");
  g_assert_cmpstr (REC (bom, 1)->group, ==, KD_PHRASE_CSV_NO_GROUP);

  quoted = read_fixture ("kefu-quoted-newlines.csv", &format, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (quoted->len, ==, 2);
  g_assert_cmpstr (REC (quoted, 0)->body, ==, "退货流程：\n1. 申请售后\n2. 寄回，注明\"订单号\"");
  g_assert_cmpuint (REC (quoted, 1)->line, ==, 5);
  g_assert_cmpstr (REC (quoted, 1)->body, ==, "换货, 请备注尺码");

  gbk = read_fixture ("qianniu-gbk.csv", &format, &error);
  g_assert_no_error (error);
  g_assert_cmpint (format, ==, KD_PHRASE_CSV_QIANNIU);
  g_assert_cmpuint (gbk->len, ==, 3);
  g_assert_cmpstr (REC (gbk, 0)->shortcut, ==, "hy");
  g_assert_cmpstr (REC (gbk, 0)->body, ==, "亲，您好,欢迎光临！\n有什么可以帮您？");
  g_assert_cmpstr (REC (gbk, 0)->group, ==, "问候");
  g_assert_false (REC (gbk, 0)->has_title);
  g_assert_cmpstr (REC (gbk, 2)->group, ==, "未分组");

  variant = read_fixture ("qianniu-kuaijie-bianma.csv", &format, &error);
  g_assert_no_error (error);
  g_assert_cmpint (format, ==, KD_PHRASE_CSV_QIANNIU);
  g_assert_cmpstr (REC (variant, 0)->body, ==, "退货请在订单里申请售后\n审核后寄回");
  g_assert_cmpstr (REC (variant, 1)->shortcut, ==, "");

  qutf8 = read_fixture ("qianniu-utf8.csv", &format, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (REC (qutf8, 0)->body, ==, "亲，您好,欢迎光临");

  header = read_fixture ("header-only.csv", &format, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (header->len, ==, 0);
}

/* A Qianniu file's escapes, and what only looks like one: an '&' alone,
 * an escape cut short, an '&' just before an escape. */
static void
test_read_qianniu_escapes (void)
{
  static const char data[] =
    "快捷短语编码,快捷短语,快捷短语分组\r\n"
    "a1,一&#13;&#10;二&#13;三&#10;四&#44;五,组\r\n"
    "a2,甲&乙 &#4 &#44 &&#44;丙 &#,组\r\n"
    "a3,末尾&,组\r\n";
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (data, sizeof data - 1, NULL);
  g_autoptr(GError) error = NULL;
  KdPhraseCsvFormat format = 99;
  g_autoptr(GPtrArray) rows = kd_phrase_csv_read_stream (stream, "escapes.csv", &format, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpint (format, ==, KD_PHRASE_CSV_QIANNIU);
  g_assert_cmpuint (rows->len, ==, 3);
  g_assert_cmpstr (REC (rows, 0)->body, ==, "一\n二\n三\n四,五");
  g_assert_cmpstr (REC (rows, 1)->body, ==, "甲&乙 &#4 &#44 &,丙 &#");
  g_assert_cmpstr (REC (rows, 2)->body, ==, "末尾&");
}

static void
test_read_refused (void)
{
  struct { const char *file; const char *where; GQuark domain; int code; } cases[] = {
    { "empty.csv", "empty.csv:1: ", KD_PHRASE_CSV_ERROR, KD_PHRASE_CSV_ERROR_EMPTY },
    { "kefu-no-header.csv", "kefu-no-header.csv:1: ", KD_PHRASE_CSV_ERROR, KD_PHRASE_CSV_ERROR_HEADER },
    { "kefu-duplicate-shortcut.csv", "kefu-duplicate-shortcut.csv:4: ", KD_PHRASE_CSV_ERROR, KD_PHRASE_CSV_ERROR_DUPLICATE },
    { "kefu-unknown-placeholder.csv", "kefu-unknown-placeholder.csv:2: ", KD_VALIDATION_ERROR, KD_PHRASE_FIELD_BODY },
    { "kefu-long-body.csv", "kefu-long-body.csv:2: ", KD_VALIDATION_ERROR, KD_PHRASE_FIELD_BODY },
    { "kefu-bad-quote.csv", "kefu-bad-quote.csv:2: ", KD_CSV_ERROR, KD_CSV_ERROR_UNTERMINATED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) got = read_fixture (cases[i].file, NULL, &error);

      g_assert_null (got);
      g_assert_error (error, cases[i].domain, cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].where));
    }
}

static GPtrArray *
read_text (const char *text, KdPhraseCsvFormat *format, GError **error)
{
  g_autoptr(GInputStream) in = g_memory_input_stream_new_from_data (g_strdup (text), -1, g_free);
  return kd_phrase_csv_read_stream (in, "mem.csv", format, NULL, error);
}

static void
test_read_edges (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) a = NULL;

  /* Column order from the header; an extra unknown column is ignored. */
  a = read_text ("body,note,Shortcut,GROUP\n你好,x,hy,问候\n", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (REC (a, 0)->body, ==, "你好");
  g_assert_cmpstr (REC (a, 0)->shortcut, ==, "hy");
  g_assert_cmpstr (REC (a, 0)->group, ==, "问候");
  g_clear_pointer (&a, g_ptr_array_unref);

  /* Rows with only commas are blank. */
  a = read_text ("group,shortcut,title,body\n,,,\n问候,,,你好\n", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (a->len, ==, 1);
  g_clear_pointer (&a, g_ptr_array_unref);

  /* Too many fields. */
  a = read_text ("group,shortcut,title,body\n问候,hy,标题,正文,多余\n", NULL, &error);
  g_assert_null (a);
  g_assert_error (error, KD_PHRASE_CSV_ERROR, KD_PHRASE_CSV_ERROR_FIELDS);
  g_assert_nonnull (strstr (error->message, "mem.csv:2: "));
  g_clear_error (&error);

  /* A body is required. */
  a = read_text ("group,shortcut,title,body\n问候,hy,标题,\n", NULL, &error);
  g_assert_null (a);
  g_assert_error (error, KD_VALIDATION_ERROR, KD_PHRASE_FIELD_BODY);
  g_clear_error (&error);

  /* A bad shortcut. */
  a = read_text ("group,shortcut,title,body\n问候,退货,标题,正文\n", NULL, &error);
  g_assert_error (error, KD_VALIDATION_ERROR, KD_PHRASE_FIELD_SHORTCUT);
  g_clear_error (&error);

  /* A quote inside an unquoted field. */
  a = read_text ("group,shortcut,title,body\n问候,hy,标题,正\"文\n", NULL, &error);
  g_assert_error (error, KD_CSV_ERROR, KD_CSV_ERROR_QUOTE);
  g_assert_nonnull (strstr (error->message, "mem.csv:2: "));
  g_clear_error (&error);

  /* Mixed kefu and Qianniu headers are neither. */
  a = read_text ("group,快捷短语\nx,y\n", NULL, &error);
  g_assert_error (error, KD_PHRASE_CSV_ERROR, KD_PHRASE_CSV_ERROR_HEADER);
}

static GPtrArray *
sample_phrases (void)
{
  GPtrArray *list = g_ptr_array_new_with_free_func (g_object_unref);
  struct { const char *group, *shortcut, *title, *body; } rows[] = {
    { "问候", "hy", "欢迎", "亲，您好,欢迎光临{shop}！\n有什么可以帮您？" },
    { "售后", "", "", "\"引号\" 和 emoji 😊" },
    { "未分组", "Th7", "七天", "七天无理由" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      KdPhrase *p = kd_phrase_new (1, rows[i].title, rows[i].body, rows[i].shortcut);
      kd_phrase_set_group_name (p, rows[i].group);
      g_ptr_array_add (list, p);
    }
  return list;
}

static void
round_trip (KdPhraseCsvFormat format)
{
  g_autoptr(GPtrArray) phrases = sample_phrases ();
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(GPtrArray) back = NULL;
  g_autoptr(GError) error = NULL;
  KdPhraseCsvFormat got_format = 99;
  const guint8 *data;
  gsize size;

  g_assert_true (kd_phrase_csv_write (out, format, phrases, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (out, NULL, NULL));
  data = g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out));
  size = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out));

  if (format == KD_PHRASE_CSV_KEFU)
    g_assert_true (size > 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0);   /* BOM */
  else
    {
      /* GBK: 快 is 0xBF 0xEC; the file is not UTF-8. */
      g_assert_true (size > 2 && data[0] == 0xBF && data[1] == 0xEC);
      g_assert_false (g_utf8_validate ((const char *) data, (gssize) size, NULL));
    }

  in = g_memory_input_stream_new_from_data (g_memdup2 (data, size), (gssize) size, g_free);
  back = kd_phrase_csv_read_stream (in, "round.csv", &got_format, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (got_format, ==, format);
  g_assert_cmpuint (back->len, ==, phrases->len);
  for (guint i = 0; i < back->len; i++)
    {
      KdPhrase *p = g_ptr_array_index (phrases, i);
      g_assert_cmpstr (REC (back, i)->group, ==, kd_phrase_get_group_name (p));
      g_assert_cmpstr (REC (back, i)->shortcut, ==, kd_phrase_get_shortcut (p));
      g_assert_cmpstr (REC (back, i)->body, ==, kd_phrase_get_body (p));
      if (format == KD_PHRASE_CSV_KEFU)
        g_assert_cmpstr (REC (back, i)->title, ==, kd_phrase_get_title (p));
    }
}

static void
test_round_trip_kefu (void)
{
  round_trip (KD_PHRASE_CSV_KEFU);
}

static void
test_round_trip_qianniu (void)
{
  round_trip (KD_PHRASE_CSV_QIANNIU);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/placeholders/expand", test_expand_values);
  g_test_add_func ("/placeholders/fallbacks", test_expand_fallbacks);
  g_test_add_func ("/placeholders/escapes", test_expand_escapes);
  g_test_add_func ("/placeholders/check", test_check);
  g_test_add_func ("/phrase/validation", test_validation);
  g_test_add_func ("/phrase/properties", test_properties);
  g_test_add_func ("/phrase-csv/read", test_read_good);
  g_test_add_func ("/phrase-csv/qianniu-escapes", test_read_qianniu_escapes);
  g_test_add_func ("/phrase-csv/refused", test_read_refused);
  g_test_add_func ("/phrase-csv/edges", test_read_edges);
  g_test_add_func ("/phrase-csv/round-trip-kefu", test_round_trip_kefu);
  g_test_add_func ("/phrase-csv/round-trip-qianniu", test_round_trip_qianniu);
  return g_test_run ();
}
