/* test-csv.c: the CSV reader (RFC 4180 cases, encodings, chunk boundaries, errors) and writer (exact bytes, round trip). */
#include <string.h>
#include <glib/gstdio.h>

#include "kd-csv.h"
#include "kd-csv-private.h"

/* A stream that hands out one byte per read, as a slow pipe might. */
#define KD_TYPE_TRICKLE_STREAM (kd_trickle_stream_get_type ())
G_DECLARE_FINAL_TYPE (KdTrickleStream, kd_trickle_stream, KD, TRICKLE_STREAM, GInputStream)

struct _KdTrickleStream
{
  GInputStream parent_instance;
  GBytes *bytes;
  gsize pos;
};

G_DEFINE_TYPE (KdTrickleStream, kd_trickle_stream, G_TYPE_INPUT_STREAM)

static gssize
kd_trickle_stream_read (GInputStream  *stream,
                        void          *buffer,
                        gsize          count,
                        GCancellable  *cancellable,
                        GError       **error)
{
  KdTrickleStream *self = KD_TRICKLE_STREAM (stream);
  gsize size;
  const guint8 *data = g_bytes_get_data (self->bytes, &size);

  if (count == 0 || self->pos >= size)
    return 0;
  ((guint8 *) buffer)[0] = data[self->pos++];
  return 1;
}

static void
kd_trickle_stream_finalize (GObject *object)
{
  KdTrickleStream *self = KD_TRICKLE_STREAM (object);

  g_clear_pointer (&self->bytes, g_bytes_unref);
  G_OBJECT_CLASS (kd_trickle_stream_parent_class)->finalize (object);
}

static void
kd_trickle_stream_class_init (KdTrickleStreamClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kd_trickle_stream_finalize;
  G_INPUT_STREAM_CLASS (klass)->read_fn = kd_trickle_stream_read;
}

static void
kd_trickle_stream_init (KdTrickleStream *self)
{
}

static GInputStream *
trickle_stream_new (const char *data,
                    gsize       len)
{
  KdTrickleStream *self = g_object_new (KD_TYPE_TRICKLE_STREAM, NULL);

  self->bytes = g_bytes_new (data, len);
  return G_INPUT_STREAM (self);
}

/* Rows as "LINE:[f1][f2]\n", CR and LF inside fields shown as \r and \n. */
static gboolean
collect_row (const KdCsvRow  *row,
             gpointer         user_data,
             GError         **error)
{
  GString *out = user_data;

  g_assert_cmpuint (row->n_fields, >, 0);
  g_string_append_printf (out, "%zu:", row->line);
  for (guint i = 0; i < row->n_fields; i++)
    {
      g_assert_cmpuint (strlen (row->fields[i]), ==, row->lengths[i]);
      g_assert_true (g_utf8_validate (row->fields[i], row->lengths[i], NULL));
      g_string_append_c (out, '[');
      for (gsize j = 0; j < row->lengths[i]; j++)
        {
          char c = row->fields[i][j];

          if (c == '\r')
            g_string_append (out, "\\r");
          else if (c == '\n')
            g_string_append (out, "\\n");
          else
            g_string_append_c (out, c);
        }
      g_string_append_c (out, ']');
    }
  g_string_append_c (out, '\n');
  return TRUE;
}

typedef struct {
  gsize chunk;
  gsize detect;
} ChunkSizes;

/* Default sizes, then tiny ones that put a chunk boundary at every place:
 * inside quotes, between CR and LF, inside a UTF-8 or GB18030 character. */
static const ChunkSizes chunk_sizes[] = {
  { 64 * 1024, 64 * 1024 },
  { 1, 64 * 1024 },
  { 2, 64 * 1024 },
  { 3, 64 * 1024 },
  { 5, 64 * 1024 },
  { 7, 64 * 1024 },
  { 1, 1 },
  { 2, 3 },
};

static char *
parse_with (const char      *data,
            gsize            len,
            KdCsvReadFlags   flags,
            gsize            chunk,
            gsize            detect,
            KdCsvEncoding   *encoding,
            GError         **error)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (data, len, NULL);
  g_autoptr(KdCsvReader) reader = kd_csv_reader_new (stream, flags);
  g_autoptr(GString) out = g_string_new ("");

  _kd_csv_reader_set_chunk_size (reader, chunk, detect);
  if (!kd_csv_reader_read (reader, collect_row, out, NULL, error))
    return NULL;
  if (encoding != NULL)
    *encoding = kd_csv_reader_get_encoding (reader);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The same rows and encoding at every chunk size. */
static void
check_parse_len (const char     *data,
                 gsize           len,
                 KdCsvReadFlags  flags,
                 const char     *expected,
                 KdCsvEncoding   expected_encoding)
{
  for (guint i = 0; i < G_N_ELEMENTS (chunk_sizes); i++)
    {
      g_autoptr(GError) error = NULL;
      KdCsvEncoding encoding = KD_CSV_ENCODING_UNKNOWN;
      g_autofree char *rows = parse_with (data, len, flags, chunk_sizes[i].chunk,
                                          chunk_sizes[i].detect, &encoding, &error);

      g_test_message ("chunk %zu, detect %zu", chunk_sizes[i].chunk, chunk_sizes[i].detect);
      g_assert_no_error (error);
      g_assert_cmpstr (rows, ==, expected);
      /* A detection window of one byte cannot tell GB18030 from UTF-8. */
      if (chunk_sizes[i].detect > 4 || expected_encoding != KD_CSV_ENCODING_GB18030)
        g_assert_cmpint (encoding, ==, expected_encoding);
    }
}

static void
check_parse (const char     *data,
             KdCsvReadFlags  flags,
             const char     *expected)
{
  check_parse_len (data, strlen (data), flags, expected, KD_CSV_ENCODING_UTF8);
}

/* The error at every chunk size, as domain, code and message. */
static void
check_error_len (const char     *data,
                 gsize           len,
                 KdCsvReadFlags  flags,
                 gint            code,
                 const char     *message)
{
  for (guint i = 0; i < G_N_ELEMENTS (chunk_sizes); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *rows = NULL;

      /* GB18030 detection needs a window that sees the Chinese text. */
      if (chunk_sizes[i].detect < 64 * 1024 && code == KD_CSV_ERROR_ENCODING)
        continue;
      rows = parse_with (data, len, flags, chunk_sizes[i].chunk, chunk_sizes[i].detect, NULL, &error);
      g_test_message ("chunk %zu, detect %zu: %s", chunk_sizes[i].chunk, chunk_sizes[i].detect, message);
      g_assert_null (rows);
      g_assert_error (error, KD_CSV_ERROR, code);
      g_assert_cmpstr (error->message, ==, message);
    }
}

static void
check_error (const char     *data,
             KdCsvReadFlags  flags,
             gint            code,
             const char     *message)
{
  check_error_len (data, strlen (data), flags, code, message);
}

static char *
to_gb18030 (const char *utf8,
            gsize      *len)
{
  g_autoptr(GError) error = NULL;
  char *gb = g_convert (utf8, -1, "GB18030", "UTF-8", NULL, len, &error);

  g_assert_no_error (error);
  return gb;
}

static void
test_basic (void)
{
  check_parse ("a,b,c\n1,2,3\n", 0, "1:[a][b][c]\n2:[1][2][3]\n");
  check_parse ("", 0, "");
  check_parse ("x", 0, "1:[x]\n");
}

static void
test_line_ends (void)
{
  check_parse ("a,b\r\nc,d\r\n", 0, "1:[a][b]\n2:[c][d]\n");
  check_parse ("a,b\rc,d\r", 0, "1:[a][b]\n2:[c][d]\n");
  check_parse ("a,b\nc,d", 0, "1:[a][b]\n2:[c][d]\n");
  check_parse ("a,b\r\nc,d", 0, "1:[a][b]\n2:[c][d]\n");
  check_parse ("a\r\rb\n\nc\r\n\r\nd", 0, "1:[a]\n3:[b]\n5:[c]\n7:[d]\n");
}

static void
test_empty_fields (void)
{
  check_parse (",,\na,,b\n,\n", 0, "1:[][][]\n2:[a][][b]\n3:[][]\n");
  check_parse ("\"\"\n", 0, "1:[]\n");
  check_parse ("a,\"\"\n", 0, "1:[a][]\n");
  check_parse (" , \n", 0, "1:[ ][ ]\n");
}

static void
test_blank_lines (void)
{
  check_parse ("\n\na\r\n\r\n\nb\n\n", 0, "3:[a]\n6:[b]\n");
  check_parse ("\r\n\r\n", 0, "");
}

static void
test_quoted (void)
{
  check_parse ("\"a,b\",\"c\"\"d\",\"\"\"\"\n", 0, "1:[a,b][c\"d][\"]\n");
  check_parse ("\"x\ny\",\"p\r\nq\",\"r\rs\"\nnext\n", 0, "1:[x\\ny][p\\r\\nq][r\\rs]\n5:[next]\n");
  check_parse ("\"end\"", 0, "1:[end]\n");
  check_parse ("\"a\"\r\n\"b\"\r\n", 0, "1:[a]\n2:[b]\n");
  check_parse ("\"\n\n\"", 0, "1:[\\n\\n]\n");
}

static void
test_trailing_comma (void)
{
  const char *report = "宝贝名称,宝贝价格,\n连衣裙,199.00,\n衬衫,89.00,";

  check_parse (report, 0, "1:[宝贝名称][宝贝价格][]\n2:[连衣裙][199.00][]\n3:[衬衫][89.00][]\n");
  check_parse (report, KD_CSV_READ_DROP_TRAILING_EMPTY,
               "1:[宝贝名称][宝贝价格]\n2:[连衣裙][199.00]\n3:[衬衫][89.00]\n");
  /* Only an unquoted empty last field goes, and never the only field. */
  check_parse ("a,\"\"\n,\nb\n", KD_CSV_READ_DROP_TRAILING_EMPTY, "1:[a][]\n2:[]\n3:[b]\n");
  check_parse ("a,,\r\n", KD_CSV_READ_DROP_TRAILING_EMPTY, "1:[a][]\n");
}

static void
test_bom_and_utf8 (void)
{
  check_parse_len ("\xEF\xBB\xBF订单号,买家会员名\r\n1,张三\r\n", strlen ("\xEF\xBB\xBF订单号,买家会员名\r\n1,张三\r\n"),
                   0, "1:[订单号][买家会员名]\n2:[1][张三]\n", KD_CSV_ENCODING_UTF8_BOM);
  check_parse ("订单号,\"备注,有逗号\"\n1,😀\n", 0, "1:[订单号][备注,有逗号]\n2:[1][😀]\n");
  /* A BOM is only a BOM at the very start. */
  check_parse ("a,\xEF\xBB\xBF" "b\n", 0, "1:[a][\xEF\xBB\xBF" "b]\n");
  check_parse_len ("\xEF\xBB\xBF", 3, 0, "", KD_CSV_ENCODING_UTF8_BOM);
}

static void
test_gb18030 (void)
{
  const char *utf8 = "订单编号,买家会员名,订单状态,备注\r\n"
                     "1001,张三,等待买家付款,\"有逗号,和\"\"引号\"\"\n还有换行\"\r\n"
                     "1002,李四😀,交易成功,繁體字\r\n";
  const char *expected = "1:[订单编号][买家会员名][订单状态][备注]\n"
                         "2:[1001][张三][等待买家付款][有逗号,和\"引号\"\\n还有换行]\n"
                         "4:[1002][李四😀][交易成功][繁體字]\n";
  gsize len;
  g_autofree char *gb = to_gb18030 (utf8, &len);

  /* Really not UTF-8, and the emoji is one of GB18030's 4-byte sequences. */
  g_assert_false (g_utf8_validate (gb, len, NULL));
  g_assert_nonnull (g_strstr_len (gb, len, "\x94\x39\xfc\x36"));
  check_parse_len (gb, len, 0, expected, KD_CSV_ENCODING_GB18030);

  {
    /* Through the file convenience too. */
    g_autoptr(GError) error = NULL;
    g_autofree char *dir = g_dir_make_tmp ("test-csv-XXXXXX", &error);
    g_autofree char *path = g_build_filename (dir, "gbk.csv", NULL);
    g_autoptr(GString) out = g_string_new ("");
    KdCsvEncoding encoding = KD_CSV_ENCODING_UNKNOWN;

    g_assert_no_error (error);
    g_assert_true (g_file_set_contents (path, gb, len, &error));
    g_assert_true (kd_csv_read_file (path, 0, collect_row, out, &encoding, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (out->str, ==, expected);
    g_assert_cmpint (encoding, ==, KD_CSV_ENCODING_GB18030);
    g_assert_cmpstr (kd_csv_encoding_to_string (encoding), ==, "GB18030");
    g_unlink (path);
    g_rmdir (dir);
  }
}

static void
test_encoding_errors (void)
{
  /* 0xFF starts nothing in UTF-8 or GB18030. */
  check_error_len ("ok,1\n张\xff\n", strlen ("ok,1\n张\xff\n"), 0, KD_CSV_ERROR_ENCODING,
                   "line 2, column 2: the text is neither UTF-8 nor GB18030");
  /* A NUL byte is an error in any encoding. */
  check_error_len ("a\0b\n", 4, 0, KD_CSV_ERROR_ENCODING,
                   "line 1, column 2: the text is neither UTF-8 nor GB18030");
  /* A truncated character at the very end. */
  check_error_len ("a,\xe5", 3, 0, KD_CSV_ERROR_ENCODING,
                   "line 1, column 3: the text is neither UTF-8 nor GB18030");

  {
    /* Valid UTF-8 in the detection window, invalid later. */
    g_autoptr(GError) error = NULL;
    const char *data = "abc,def\n\"x\ny\",张\xff\n";
    g_autofree char *rows = parse_with (data, strlen (data), 0, 4, 8, NULL, &error);

    g_assert_null (rows);
    g_assert_error (error, KD_CSV_ERROR, KD_CSV_ERROR_ENCODING);
    g_assert_cmpstr (error->message, ==, "line 3, column 5: the text is not valid UTF-8");
  }
  {
    /* GB18030 in the window, then a byte that GB18030 does not allow. */
    g_autoptr(GError) error = NULL;
    gsize len;
    g_autofree char *gb = to_gb18030 ("张三,李四\n王五,", &len);
    g_autofree char *data = g_malloc (len + 2);
    g_autofree char *rows = NULL;

    memcpy (data, gb, len);
    data[len] = 'x';
    data[len + 1] = (char) 0xff;
    rows = parse_with (data, len + 2, 0, 3, len, NULL, &error);
    g_assert_null (rows);
    g_assert_error (error, KD_CSV_ERROR, KD_CSV_ERROR_ENCODING);
    g_assert_cmpstr (error->message, ==, "line 2, column 5: the text is not valid GB18030");
  }
  {
    /* A GB18030 file cut inside a two-byte character. */
    g_autoptr(GError) error = NULL;
    gsize len;
    g_autofree char *gb = to_gb18030 ("张三,李四", &len);
    g_autofree char *rows = parse_with (gb, len - 1, 0, 2, 5, NULL, &error);

    g_assert_null (rows);
    g_assert_error (error, KD_CSV_ERROR, KD_CSV_ERROR_ENCODING);
    g_assert_cmpstr (error->message, ==, "line 1, column 5: the text is not valid GB18030");
  }
}

static void
test_quote_errors (void)
{
  check_error ("a,b\nc,d\"e\n", 0, KD_CSV_ERROR_QUOTE,
               "line 2, column 4: a quote inside an unquoted field");
  /* Columns count characters, not bytes. */
  check_error ("ab\n张三,x\"y\n", 0, KD_CSV_ERROR_QUOTE,
               "line 2, column 5: a quote inside an unquoted field");
  check_error ("\"ab\"c,d\n", 0, KD_CSV_ERROR_QUOTE,
               "line 1, column 5: text after the closing quote of a field");
  check_error ("\"a\nb\" ,c\n", 0, KD_CSV_ERROR_QUOTE,
               "line 2, column 3: text after the closing quote of a field");
  check_error ("a\nb,\"cd\ne\nf", 0, KD_CSV_ERROR_UNTERMINATED,
               "line 2, column 3: the quoted field starting here is never closed");
  check_error ("\"", 0, KD_CSV_ERROR_UNTERMINATED,
               "line 1, column 1: the quoted field starting here is never closed");
  /* Columns after many quoted fields (counted on from one field to the next). */
  check_error ("\"a\",\"b\",\"张三\",\"d\"x\n", 0, KD_CSV_ERROR_QUOTE,
               "line 1, column 17: text after the closing quote of a field");
  check_error ("h\n\"a\",\"张\",\"b\n", 0, KD_CSV_ERROR_UNTERMINATED,
               "line 2, column 9: the quoted field starting here is never closed");
  check_error ("\"x\ny\",\"张\",\"b\",c\"\n", 0, KD_CSV_ERROR_QUOTE,
               "line 2, column 13: a quote inside an unquoted field");
  /* Lenient mode keeps stray quotes but not text after a closing one. */
  check_parse ("a,=\"123\",b\"c\n", KD_CSV_READ_LENIENT_QUOTES, "1:[a][=\"123\"][b\"c]\n");
  check_error ("\"a\"b\n", KD_CSV_READ_LENIENT_QUOTES, KD_CSV_ERROR_QUOTE,
               "line 1, column 4: text after the closing quote of a field");
}

static void
test_error_position (void)
{
  const char *data = "h1,h2,h3\n1,2,3\"\n";
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (data, -1, NULL);
  g_autoptr(KdCsvReader) reader = kd_csv_reader_new (stream, 0);
  g_autoptr(GString) out = g_string_new ("");
  g_autoptr(GError) error = NULL;
  gsize line, column;
  guint field;

  g_assert_false (kd_csv_reader_read (reader, collect_row, out, NULL, &error));
  g_assert_error (error, KD_CSV_ERROR, KD_CSV_ERROR_QUOTE);
  kd_csv_reader_get_position (reader, &line, &column, &field);
  g_assert_cmpuint (line, ==, 2);
  g_assert_cmpuint (column, ==, 6);
  g_assert_cmpuint (field, ==, 3);
  /* The rows before the error were delivered. */
  g_assert_cmpstr (out->str, ==, "1:[h1][h2][h3]\n");
}

static void
test_too_long (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data ("ok\n\"0123456789abc", -1, NULL);
  g_autoptr(KdCsvReader) reader = kd_csv_reader_new (stream, 0);
  g_autoptr(GString) out = g_string_new ("");

  kd_csv_reader_set_max_row_size (reader, 10);
  _kd_csv_reader_set_chunk_size (reader, 4, 4);
  g_assert_false (kd_csv_reader_read (reader, collect_row, out, NULL, &error));
  g_assert_error (error, KD_CSV_ERROR, KD_CSV_ERROR_TOO_LONG);
  g_assert_cmpstr (error->message, ==, "line 2: the row starting here is longer than 10 bytes");
  g_assert_cmpstr (out->str, ==, "1:[ok]\n");
}

static gboolean
stop_after_one (const KdCsvRow  *row,
                gpointer         user_data,
                GError         **error)
{
  guint *count = user_data;

  (*count)++;
  return FALSE;
}

static gboolean
fail_on_second (const KdCsvRow  *row,
                gpointer         user_data,
                GError         **error)
{
  if (row->line == 2)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "bad price in line %zu", row->line);
      return FALSE;
    }
  return TRUE;
}

static void
test_callback_stops (void)
{
  const char *data = "a\nb\nc\n";
  guint count = 0;

  {
    g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (data, -1, NULL);
    g_autoptr(GError) error = NULL;

    g_assert_true (kd_csv_read_stream (stream, 0, stop_after_one, &count, NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (count, ==, 1);
  }
  {
    g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (data, -1, NULL);
    g_autoptr(GError) error = NULL;

    g_assert_false (kd_csv_read_stream (stream, 0, fail_on_second, NULL, NULL, NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    g_assert_cmpstr (error->message, ==, "bad price in line 2");
  }
}

static void
test_cancel (void)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data ("a,b\n", -1, NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new ("");

  g_cancellable_cancel (cancellable);
  g_assert_false (kd_csv_read_stream (stream, 0, collect_row, out, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpstr (out->str, ==, "");
}

static void
test_missing_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new ("");
  KdCsvEncoding encoding = KD_CSV_ENCODING_UTF8;

  g_assert_false (kd_csv_read_file ("/nonexistent/kd-test.csv", 0, collect_row, out, &encoding, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_cmpint (encoding, ==, KD_CSV_ENCODING_UNKNOWN);
}

/* The imports' shared paths: a missing file names itself, a CSV error
 * names the file and line, a row callback's own error is left alone. */
static gboolean
refuse_row_2 (const KdCsvRow  *row,
              gpointer         user_data,
              GError         **error)
{
  if (row->line < 2)
    return TRUE;
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "row two refused");
  return FALSE;
}

static void
test_named_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GFileInputStream) in = kd_csv_open_file ("/nonexistent/kd-test.csv", &name, NULL, &error);
  static const char bad_quote[] = "a,b\r\nc,d\"e\r\n";
  static const char good[] = "a,b\r\nc,d\r\n";

  g_assert_null (in);
  g_assert_cmpstr (name, ==, "/nonexistent/kd-test.csv");
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_true (g_str_has_prefix (error->message, "Cannot read “/nonexistent/kd-test.csv”: "));
  g_clear_error (&error);

  {
    g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (bad_quote, strlen (bad_quote), NULL);
    g_autoptr(KdCsvReader) reader = kd_csv_reader_new (stream, 0);
    g_autoptr(GString) out = g_string_new ("");

    g_assert_false (kd_csv_reader_read_named (reader, "shop.csv", collect_row, out, NULL, &error));
    g_assert_error (error, KD_CSV_ERROR, KD_CSV_ERROR_QUOTE);
    g_assert_true (g_str_has_prefix (error->message, "shop.csv:2: line 2, column 4: "));
    g_clear_error (&error);
  }
  {
    g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (good, strlen (good), NULL);
    g_autoptr(KdCsvReader) reader = kd_csv_reader_new (stream, 0);

    g_assert_false (kd_csv_reader_read_named (reader, "shop.csv", refuse_row_2, NULL, NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    g_assert_cmpstr (error->message, ==, "row two refused");
    g_clear_error (&error);
  }
  {
    g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (good, strlen (good), NULL);
    g_autoptr(KdCsvReader) reader = kd_csv_reader_new (stream, 0);
    g_autoptr(GString) out = g_string_new ("");

    g_assert_true (kd_csv_reader_read_named (reader, "shop.csv", collect_row, out, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (out->str, ==, "1:[a][b]\n2:[c][d]\n");
  }
}

static void
test_trickle_stream (void)
{
  gsize len;
  g_autofree char *gb = to_gb18030 ("名称,\"价,格\"\r\n\r\n连衣裙,\"1\r\n99\"\r\n", &len);
  g_autoptr(GInputStream) stream = trickle_stream_new (gb, len);
  g_autoptr(GString) out = g_string_new ("");
  g_autoptr(GError) error = NULL;
  KdCsvEncoding encoding = KD_CSV_ENCODING_UNKNOWN;

  g_assert_true (kd_csv_read_stream (stream, 0, collect_row, out, &encoding, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (encoding, ==, KD_CSV_ENCODING_GB18030);
  g_assert_cmpstr (out->str, ==, "1:[名称][价,格]\n3:[连衣裙][1\\r\\n99]\n");
}

/* Writer */

static char *
write_rows (KdCsvWriteFlags      flags,
            const char * const  *rows[],
            gsize               *len)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(KdCsvWriter) writer = kd_csv_writer_new (stream, flags);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; rows[i] != NULL; i++)
    {
      g_assert_true (kd_csv_writer_write_row (writer, rows[i], -1, NULL, &error));
      g_assert_no_error (error);
    }
  g_assert_true (kd_csv_writer_flush (writer, NULL, &error));
  g_assert_no_error (error);
  *len = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (stream));
  return g_memdup2 (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (stream)), *len);
}

static void
test_writer_bytes (void)
{
  const char *r0[] = { "id", "名字", "备注", NULL };
  const char *r1[] = { "1", "a,b", "say \"hi\"", NULL };
  const char *r2[] = { "2", " lead", "trail ", NULL };
  const char *r3[] = { "3", "x\ny", "p\rq", NULL };
  const char *r4[] = { "4", "", "", NULL };
  const char *r5[] = { "", NULL };
  const char *r6[] = { "=SUM(A1)", "+1", "-2", "@x", "a=b", "=1,2", "\tx", NULL };
  const char * const *rows[] = { r0, r1, r2, r3, r4, r5, r6, NULL };
  const char *expected =
    "\xEF\xBB\xBF"
    "id,名字,备注\r\n"
    "1,\"a,b\",\"say \"\"hi\"\"\"\r\n"
    "2,\" lead\",\"trail \"\r\n"
    "3,\"x\ny\",\"p\rq\"\r\n"
    "4,,\r\n"
    "\"\"\r\n"
    "=SUM(A1),+1,-2,@x,a=b,\"=1,2\",\"\tx\"\r\n";
  gsize len;
  g_autofree char *out = write_rows (0, rows, &len);

  g_assert_cmpmem (out, len, expected, strlen (expected));

  {
    g_autofree char *guarded = write_rows (KD_CSV_WRITE_GUARD_FORMULAS | KD_CSV_WRITE_NO_BOM, rows, &len);
    const char *tail = "'=SUM(A1),'+1,'-2,'@x,a=b,\"'=1,2\",\"'\tx\"\r\n";

    g_assert_true (g_str_has_prefix (guarded, "id,"));
    g_assert_cmpuint (len, >, strlen (tail));
    g_assert_cmpmem (guarded + len - strlen (tail), strlen (tail), tail, strlen (tail));
  }
  {
    /* No rows: an Excel-ready empty file is just the BOM. */
    const char * const *none[] = { NULL };
    g_autofree char *empty = write_rows (0, none, &len);

    g_assert_cmpmem (empty, len, "\xEF\xBB\xBF", 3);
  }
}

static void
test_append_field (void)
{
  g_autoptr(GString) s = g_string_new ("");

  kd_csv_append_field (s, "a\"b\"\"", -1, 0);
  g_assert_cmpstr (s->str, ==, "\"a\"\"b\"\"\"\"\"");
  g_string_truncate (s, 0);
  kd_csv_append_field (s, "ab,cd", 2, 0);
  g_assert_cmpstr (s->str, ==, "ab");
  g_string_truncate (s, 0);
  kd_csv_append_field (s, "", 0, KD_CSV_WRITE_GUARD_FORMULAS);
  g_assert_cmpstr (s->str, ==, "");
}

static const char *pieces[] = {
  "a", "Z", "0", ",", "\"", "\r", "\n", "\r\n", " ", "\t", "张", "三", "價", "😀", "=", "'", "",
};

static char *
random_field (GRand *rand)
{
  GString *s = g_string_new ("");
  gint n = g_rand_int_range (rand, 0, 8);

  for (gint i = 0; i < n; i++)
    g_string_append (s, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
  return g_string_free (s, FALSE);
}

typedef struct {
  GPtrArray *rows;   /* of GStrv */
  guint      next;
} RoundTrip;

static gboolean
compare_row (const KdCsvRow  *row,
             gpointer         user_data,
             GError         **error)
{
  RoundTrip *rt = user_data;
  char **expected;

  g_assert_cmpuint (rt->next, <, rt->rows->len);
  expected = g_ptr_array_index (rt->rows, rt->next);
  rt->next++;
  g_assert_cmpuint (row->n_fields, ==, g_strv_length (expected));
  for (guint i = 0; i < row->n_fields; i++)
    g_assert_cmpmem (row->fields[i], row->lengths[i], expected[i], strlen (expected[i]));
  return TRUE;
}

static void
test_round_trip (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261125);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(KdCsvWriter) writer = kd_csv_writer_new (stream, 0);
  g_autoptr(GError) error = NULL;
  const char *data;
  gsize len;

  /* Enough rows to pass the writer's 64 KiB buffer more than once. */
  for (guint r = 0; r < 8000; r++)
    {
      gint n = g_rand_int_range (rand, 1, 9);
      char **fields = g_new0 (char *, n + 1);

      for (gint i = 0; i < n; i++)
        fields[i] = random_field (rand);
      g_assert_true (kd_csv_writer_write_row (writer, (const char * const *) fields, n, NULL, &error));
      g_assert_no_error (error);
      g_ptr_array_add (rows, fields);
    }
  g_assert_true (kd_csv_writer_flush (writer, NULL, &error));
  g_assert_no_error (error);
  data = g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (stream));
  len = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (stream));
  g_assert_cmpuint (len, >, 2 * 64 * 1024);

  for (guint i = 0; i < G_N_ELEMENTS (chunk_sizes); i++)
    {
      g_autoptr(GInputStream) in = g_memory_input_stream_new_from_data (data, len, NULL);
      g_autoptr(KdCsvReader) reader = kd_csv_reader_new (in, 0);
      RoundTrip rt = { rows, 0 };

      /* One-byte chunks over 200 KB are slow under ASan; 3 is enough. */
      if (chunk_sizes[i].chunk < 3)
        continue;
      _kd_csv_reader_set_chunk_size (reader, chunk_sizes[i].chunk, chunk_sizes[i].detect);
      g_assert_true (kd_csv_reader_read (reader, compare_row, &rt, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (rt.next, ==, rows->len);
      g_assert_cmpint (kd_csv_reader_get_encoding (reader), ==, KD_CSV_ENCODING_UTF8_BOM);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/csv/read/basic", test_basic);
  g_test_add_func ("/csv/read/line-ends", test_line_ends);
  g_test_add_func ("/csv/read/empty-fields", test_empty_fields);
  g_test_add_func ("/csv/read/blank-lines", test_blank_lines);
  g_test_add_func ("/csv/read/quoted", test_quoted);
  g_test_add_func ("/csv/read/trailing-comma", test_trailing_comma);
  g_test_add_func ("/csv/read/bom-and-utf8", test_bom_and_utf8);
  g_test_add_func ("/csv/read/gb18030", test_gb18030);
  g_test_add_func ("/csv/read/encoding-errors", test_encoding_errors);
  g_test_add_func ("/csv/read/quote-errors", test_quote_errors);
  g_test_add_func ("/csv/read/error-position", test_error_position);
  g_test_add_func ("/csv/read/too-long", test_too_long);
  g_test_add_func ("/csv/read/callback-stops", test_callback_stops);
  g_test_add_func ("/csv/read/cancel", test_cancel);
  g_test_add_func ("/csv/read/missing-file", test_missing_file);
  g_test_add_func ("/csv/read/named-errors", test_named_errors);
  g_test_add_func ("/csv/read/trickle-stream", test_trickle_stream);
  g_test_add_func ("/csv/write/bytes", test_writer_bytes);
  g_test_add_func ("/csv/write/append-field", test_append_field);
  g_test_add_func ("/csv/write/round-trip", test_round_trip);

  return g_test_run ();
}
