/* csv-bench.c: generates an order-report CSV, times KdCsvReader on it against sqlite3's .import, and shows peak memory. */
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <glib/gstdio.h>

#include "kd-csv.h"

static const char *nicks[] = { "张三", "李四", "王五", "赵六", "小燕子", "快乐的鱼", "tb_8831", "雪糕不化" };
static const char *statuses[] = { "等待买家付款", "买家已付款", "卖家已发货", "交易成功", "交易关闭" };
static const char *cities[] = { "浙江省杭州市西湖区", "广东省深圳市南山区", "上海市浦东新区", "北京市朝阳区" };
static const char *remarks[] = { "", "请尽快发货", "要\"红色\"的", "周末不在家,\n放快递柜", "送礼,不要放发票" };

typedef struct {
  guint64 rows;
  guint64 fields;
  guint64 bytes;
} Counts;

static gboolean
count_row (const KdCsvRow  *row,
           gpointer         user_data,
           GError         **error)
{
  Counts *c = user_data;

  c->rows++;
  c->fields += row->n_fields;
  for (guint i = 0; i < row->n_fields; i++)
    c->bytes += row->lengths[i];
  return TRUE;
}

/* Peak resident set of this process so far, in KiB. */
static long
peak_rss_kib (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

static gboolean
generate (const char  *path,
          guint64      n_rows,
          gboolean     gb18030,
          GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, error);
  g_autoptr(KdCsvWriter) writer = NULL;
  g_autoptr(GOutputStream) target = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (8);
  const char *header[] = { "订单编号", "买家会员名", "买家应付货款", "订单状态", "收货地址", "买家留言", "订单创建时间" };

  if (stream == NULL)
    return FALSE;
  target = g_object_ref (G_OUTPUT_STREAM (stream));
  if (gb18030)
    {
      /* What an older Taobao export looks like: GBK bytes. */
      g_autoptr(GCharsetConverter) converter = g_charset_converter_new ("GB18030", "UTF-8", error);

      if (converter == NULL)
        return FALSE;
      g_object_unref (target);
      target = g_converter_output_stream_new (G_OUTPUT_STREAM (stream), G_CONVERTER (converter));
    }
  /* No BOM: sqlite3 would make it part of the first column's name. */
  writer = kd_csv_writer_new (target, KD_CSV_WRITE_NO_BOM);
  if (!kd_csv_writer_write_row (writer, header, G_N_ELEMENTS (header), NULL, error))
    return FALSE;

  for (guint64 r = 0; r < n_rows; r++)
    {
      char id[32], nick[64], price[32], address[128], created[32];
      const char *row[7];

      g_snprintf (id, sizeof id, "%" G_GUINT64_FORMAT, G_GUINT64_CONSTANT (2088000000000000) + r);
      g_snprintf (nick, sizeof nick, "%s%u", nicks[g_rand_int_range (rand, 0, G_N_ELEMENTS (nicks))],
                  g_rand_int_range (rand, 0, 1000));
      g_snprintf (price, sizeof price, "%u.%02u", g_rand_int_range (rand, 1, 2000), g_rand_int_range (rand, 0, 100));
      g_snprintf (address, sizeof address, "%s,文三路%u号", cities[g_rand_int_range (rand, 0, G_N_ELEMENTS (cities))],
                  g_rand_int_range (rand, 1, 999));
      g_snprintf (created, sizeof created, "2026-11-%02u %02u:%02u:%02u", g_rand_int_range (rand, 1, 29),
                  g_rand_int_range (rand, 0, 24), g_rand_int_range (rand, 0, 60), g_rand_int_range (rand, 0, 60));
      row[0] = id;
      row[1] = nick;
      row[2] = price;
      row[3] = statuses[g_rand_int_range (rand, 0, G_N_ELEMENTS (statuses))];
      row[4] = address;
      row[5] = remarks[g_rand_int_range (rand, 0, G_N_ELEMENTS (remarks))];
      row[6] = created;
      if (!kd_csv_writer_write_row (writer, row, G_N_ELEMENTS (row), NULL, error))
        return FALSE;
    }
  return kd_csv_writer_flush (writer, NULL, error) &&
         g_output_stream_close (target, NULL, error) &&
         (!gb18030 || g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, error));
}

int
main (int   argc,
      char *argv[])
{
  gint64 n_rows = 1000000;
  gboolean no_baseline = FALSE;
  gboolean keep = FALSE;
  gboolean gb18030 = FALSE;
  g_autofree char *path = NULL;
  GOptionEntry entries[] = {
    { "rows", 'n', 0, G_OPTION_ARG_INT64, &n_rows, "Rows to generate (default 1000000)", "N" },
    { "file", 'f', 0, G_OPTION_ARG_FILENAME, &path, "Where to write the CSV (default: a temporary file)", "FILE" },
    { "no-baseline", 0, 0, G_OPTION_ARG_NONE, &no_baseline, "Do not run sqlite3 .import", NULL },
    { "gb18030", 0, 0, G_OPTION_ARG_NONE, &gb18030, "Write the file in GB18030 instead of UTF-8", NULL },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &keep, "Keep the generated file", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- CSV reader benchmark");
  g_autoptr(GError) error = NULL;
  GStatBuf st;
  Counts counts = { 0 };
  KdCsvEncoding encoding;
  gint64 t0, t_write, t_read;
  double mb, ours;
  long rss_before, rss_after;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (path == NULL)
    path = g_build_filename (g_get_tmp_dir (), "kd-csv-bench.csv", NULL);

  t0 = g_get_monotonic_time ();
  if (!generate (path, n_rows, gb18030, &error))
    {
      g_printerr ("generate: %s\n", error->message);
      return 1;
    }
  t_write = g_get_monotonic_time () - t0;
  if (g_stat (path, &st) != 0)
    return 1;
  mb = st.st_size / 1e6;
  g_print ("file: %s, %" G_GINT64_FORMAT " rows + header, %.1f MB\n", path, n_rows, mb);
  g_print ("writer:   %6.2f s  %7.1f MB/s\n", t_write / 1e6, mb / (t_write / 1e6));

  {
    /* The I/O ceiling: the same file read in the reader's chunk size, no parsing. */
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autoptr(GFileInputStream) in = g_file_read (file, NULL, &error);
    g_autofree char *buf = g_malloc (64 * 1024);
    gssize n;

    if (in == NULL)
      return 1;
    t0 = g_get_monotonic_time ();
    while ((n = g_input_stream_read (G_INPUT_STREAM (in), buf, 64 * 1024, NULL, &error)) > 0)
      ;
    if (n < 0)
      return 1;
    t_read = g_get_monotonic_time () - t0;
    g_print ("raw read: %6.2f s  %7.1f MB/s  (64 KiB reads, page cache)\n", t_read / 1e6, mb / (t_read / 1e6));
  }

  rss_before = peak_rss_kib ();
  t0 = g_get_monotonic_time ();
  if (!kd_csv_read_file (path, KD_CSV_READ_NONE, count_row, &counts, &encoding, NULL, &error))
    {
      g_printerr ("read: %s\n", error->message);
      return 1;
    }
  t_read = g_get_monotonic_time () - t0;
  rss_after = peak_rss_kib ();
  ours = mb / (t_read / 1e6);
  g_print ("KdCsv:    %6.2f s  %7.1f MB/s  (%" G_GUINT64_FORMAT " rows, %" G_GUINT64_FORMAT " fields, %s)\n",
           t_read / 1e6, ours, counts.rows, counts.fields, kd_csv_encoding_to_string (encoding));
  g_print ("peak RSS: %ld KiB before reading, %ld KiB after\n", rss_before, rss_after);
  if (counts.rows != (guint64) n_rows + 1)
    {
      g_printerr ("expected %" G_GINT64_FORMAT " rows\n", n_rows + 1);
      return 1;
    }

  if (!no_baseline)
    {
      g_autofree char *import = g_strdup_printf (".import '%s' t", path);
      const char *sqlite_argv[] = { "sqlite3", ":memory:", ".mode csv", import, "SELECT count(*) FROM t;", NULL };
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      gint status;
      double theirs;

      t0 = g_get_monotonic_time ();
      if (!g_spawn_sync (NULL, (char **) sqlite_argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                         &out, &err, &status, &error) ||
          !g_spawn_check_wait_status (status, &error))
        {
          g_printerr ("sqlite3: %s %s\n", error->message, err != NULL ? err : "");
          return 1;
        }
      t_read = g_get_monotonic_time () - t0;
      theirs = mb / (t_read / 1e6);
      g_strstrip (out);
      g_print ("sqlite3:  %6.2f s  %7.1f MB/s  (.import into :memory:, %s data rows)\n",
               t_read / 1e6, theirs, out);
      g_print ("ratio:    KdCsv is %.2fx the throughput of sqlite3 .import\n", ours / theirs);
    }

  if (!keep)
    g_unlink (path);
  return 0;
}
