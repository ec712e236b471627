/* kd-order-report.c: reading Taobao's order and item reports: columns by name, Excel's wrappers taken off, money in fen, times in the shop's zone. */
#include "config.h"

#include "kd-order-report.h"
#include "kd-csv.h"

#include <archive.h>
#include <archive_entry.h>
#include <glib/gi18n-lib.h>
#include <libxml/xmlreader.h>
#include <string.h>

G_DEFINE_QUARK (kd-order-report-error-quark, kd_order_report_error)

typedef enum {
  C_ORDER_NO, C_BUYER, C_STATUS, C_CREATED,                      /* required (orders) */
  C_PAID_AT, C_SHIPPED_AT, C_TOTAL, C_GOODS, C_PAID, C_POSTAGE,
  C_RECEIVER, C_MOBILE, C_PHONE, C_ADDRESS, C_SHIPPING, C_COURIER, C_TRACKING,
  C_MESSAGE, C_CLOSE_REASON, C_MEMO,
  /* item report */
  C_TITLE, C_PRICE, C_QUANTITY, C_EXTERNAL_CODE, C_ATTRIBUTES, C_MERCHANT_CODE,
  N_COLUMNS
} Column;

/* Header names as the reports write them (trimmed); several layouts. */
static const struct {
  const char *name;
  Column      column;
} names[] = {
  { "订单编号", C_ORDER_NO }, { "买家会员名", C_BUYER }, { "订单状态", C_STATUS },
  { "订单创建时间", C_CREATED }, { "订单付款时间", C_PAID_AT }, { "发货时间", C_SHIPPED_AT },
  { "总金额", C_TOTAL }, { "买家应付货款", C_GOODS }, { "买家实际支付金额", C_PAID }, { "买家应付邮费", C_POSTAGE },
  { "收货人姓名", C_RECEIVER }, { "联系手机", C_MOBILE }, { "联系电话", C_PHONE }, { "收货地址", C_ADDRESS },
  { "运送方式", C_SHIPPING }, { "物流公司", C_COURIER }, { "物流单号", C_TRACKING },
  { "买家留言", C_MESSAGE }, { "订单关闭原因", C_CLOSE_REASON }, { "订单备注", C_MEMO },
  { "标题", C_TITLE }, { "宝贝标题", C_TITLE }, { "价格", C_PRICE }, { "购买数量", C_QUANTITY },
  { "外部系统编号", C_EXTERNAL_CODE }, { "商品属性", C_ATTRIBUTES }, { "商家编码", C_MERCHANT_CODE },
};

void
kd_order_report_reject_free (KdOrderReportReject *reject)
{
  if (reject == NULL)
    return;
  g_free (reject->reason);
  g_strfreev (reject->fields);
  g_free (reject);
}

void
kd_order_report_info_clear (KdOrderReportInfo *info)
{
  g_clear_pointer (&info->header, g_strfreev);
  g_clear_pointer (&info->rejects, g_ptr_array_unref);
}

typedef struct {
  const char          *name;
  GTimeZone           *tz;
  gboolean             skip_bad;
  KdOrderRowFunc       func;
  gpointer             user_data;
  KdOrderReportInfo   *info;
  int                  column_of[N_COLUMNS];
  gboolean             have_header;
  KdOrder             *order;       /* reused for every row */
  GSeekable           *seekable;    /* the file, for the rows' offsets; or NULL */
} State;

/* "订单付款时间 " → "订单付款时间"; also a BOM or "=" before it. */
static char *
clean_header (const char *text)
{
  const char *p = text;
  char *out;

  if (g_str_has_prefix (p, "\xEF\xBB\xBF"))
    p += 3;
  while (*p == '=' || *p == ' ' || *p == '\t' || *p == '"')
    p++;
  out = g_strdup (p);
  g_strstrip (out);
  for (gsize n = strlen (out); n > 0 && (out[n - 1] == '"' || out[n - 1] == ' '); n--)
    out[n - 1] = '\0';
  return out;
}

/* A cell as Excel left it: ="3515…" and ="" unwrapped, a leading ' taken
 * off, 'null and null empty, stray tabs and spaces trimmed. */
static void
clean_span (const char  *text,
            const char **out_start,
            gsize       *out_len)
{
  const char *p = text;
  const char *end = text + strlen (text);

  /* One copy of what is left (an import cleans some twenty cells a row). */
#define TRIM() G_STMT_START { \
    while (p < end && g_ascii_isspace (*p)) p++; \
    while (end > p && g_ascii_isspace (end[-1])) end--; \
  } G_STMT_END
  TRIM ();
  if (end - p >= 3 && p[0] == '=' && p[1] == '"' && end[-1] == '"')
    {
      p += 2;
      end--;
    }
  else if (end - p >= 1 && p[0] == '\'')
    p++;
  TRIM ();
#undef TRIM
  if (end - p == 4 && g_ascii_strncasecmp (p, "null", 4) == 0)
    p = end;
  *out_start = p;
  *out_len = (gsize) (end - p);
}

static char *
clean_cell (const char *text)
{
  const char *p;
  gsize n;

  clean_span (text, &p, &n);
  return g_strndup (p, n);
}

/* A short cell (an amount, a time) cleaned into @buf, without an
 * allocation; NULL when it does not fit (then read it with cell()). */
static const char *
short_cell (const KdCsvRow *row,
            State          *st,
            Column          c,
            char           *buf,
            gsize           size)
{
  int i = st->column_of[c];
  const char *p;
  gsize n;

  clean_span (i >= 0 && (guint) i < row->n_fields ? row->fields[i] : "", &p, &n);
  if (n >= size)
    return NULL;
  memcpy (buf, p, n);
  buf[n] = '\0';
  return buf;
}

static char *
cell (const KdCsvRow *row,
      State          *st,
      Column          c)
{
  int i = st->column_of[c];
  return clean_cell (i >= 0 && (guint) i < row->n_fields ? row->fields[i] : "");
}

static gboolean
read_header (State           *st,
             const KdCsvRow  *row,
             GError         **error)
{
  GStrvBuilder *b = g_strv_builder_new ();
  gboolean items;

  for (int c = 0; c < N_COLUMNS; c++)
    st->column_of[c] = -1;
  for (guint i = 0; i < row->n_fields; i++)
    {
      g_autofree char *h = clean_header (row->fields[i]);

      g_strv_builder_add (b, h);
      for (guint k = 0; k < G_N_ELEMENTS (names); k++)
        if (g_str_equal (h, names[k].name) && st->column_of[names[k].column] < 0)
          st->column_of[names[k].column] = (int) i;
    }
  st->info->header = g_strv_builder_end (b);
  g_strv_builder_unref (b);

  /* The item report: order number, title and quantity, no buyer. */
  items = st->column_of[C_BUYER] < 0 && st->column_of[C_ORDER_NO] >= 0 &&
          st->column_of[C_TITLE] >= 0 && st->column_of[C_QUANTITY] >= 0;
  st->info->kind = items ? KD_ORDER_REPORT_ITEMS : KD_ORDER_REPORT_ORDERS;
  if (!items)
    {
      static const struct { Column c; const char *name; } required[] = {
        { C_ORDER_NO, "订单编号" }, { C_BUYER, "买家会员名" }, { C_STATUS, "订单状态" }, { C_CREATED, "订单创建时间" },
      };
      for (guint k = 0; k < G_N_ELEMENTS (required); k++)
        if (st->column_of[required[k].c] < 0)
          {
            g_set_error (error, KD_ORDER_REPORT_ERROR, KD_ORDER_REPORT_ERROR_HEADER,
                         _("%s:%zu: this is not a Taobao order report: the column “%s” is missing"),
                         st->name, row->line, required[k].name);
            return FALSE;
          }
    }
  st->have_header = TRUE;
  return TRUE;
}

/* The reason a row is bad, "column: reason", or NULL. */
static char *
order_number_problem (const char *no)
{
  if (*no == '\0')
    return g_strdup (_("the order number is empty"));
  if (strpbrk (no, "eE") != NULL && strpbrk (no, ".+") != NULL)
    return g_strdup_printf (_("“%s” is an order number a spreadsheet turned into a rounded number; "
                              "export the report again without opening it in Excel"), no);
  if (!kd_order_no_is_valid (no))
    return g_strdup_printf (_("“%s” is not an order number (digits only)"), no);
  return NULL;
}

static gboolean
money_cell (const KdCsvRow *row,
            State          *st,
            Column          c,
            gint64         *out,
            char          **problem)
{
  char buf[64];
  g_autofree char *long_text = NULL;
  const char *t = short_cell (row, st, c, buf, sizeof buf);

  if (t == NULL)
    t = long_text = cell (row, st, c);
  if (*t == '\0')
    {
      *out = 0;
      return TRUE;
    }
  if (kd_money_parse (t, out))
    return TRUE;
  *problem = g_strdup_printf (_("%s: “%s” is not an amount of money"), st->info->header[st->column_of[c]], t);
  return FALSE;
}

static gboolean
time_cell (const KdCsvRow *row,
           State          *st,
           Column          c,
           gboolean        required,
           gint64         *out,
           char          **problem)
{
  char buf[64];
  g_autofree char *long_text = NULL;
  const char *t = short_cell (row, st, c, buf, sizeof buf);

  if (t == NULL)
    t = long_text = cell (row, st, c);
  *out = 0;
  if (*t == '\0' && !required)
    return TRUE;
  if (kd_order_time_parse (t, st->tz, out))
    return TRUE;
  *problem = g_strdup_printf (_("%s: “%s” is not a date and time (YYYY-MM-DD HH:MM:SS)"),
                              st->info->header[st->column_of[c]], t);
  return FALSE;
}

/* @field becomes *@value (a cell's own copy), without another copy. */
static void
take_text (char **field,
           char **value)
{
  g_free (*field);
  *field = g_steal_pointer (value);
}

static char *
read_order (State           *st,
            const KdCsvRow  *row,
            gboolean        *unknown_status)
{
  KdOrder *o = st->order;
  char *problem = NULL;
  g_autofree char *no = cell (row, st, C_ORDER_NO);
  g_autofree char *buyer = cell (row, st, C_BUYER);
  g_autofree char *status = cell (row, st, C_STATUS);
  g_autofree char *mobile = cell (row, st, C_MOBILE);
  g_autofree char *close = cell (row, st, C_CLOSE_REASON);
  gint64 goods = 0;

  if ((problem = order_number_problem (no)) != NULL)
    {
      char *full = g_strdup_printf ("订单编号: %s", problem);
      g_free (problem);
      return full;
    }
  if (*buyer == '\0')
    return g_strdup_printf ("买家会员名: %s", _("the buyer is empty"));
  take_text (&o->order_no, &no);
  take_text (&o->buyer, &buyer);
  *unknown_status = !kd_order_status_from_taobao (status, &o->status);
  take_text (&o->status_text, &status);
  if (!time_cell (row, st, C_CREATED, TRUE, &o->created_at, &problem) ||
      !time_cell (row, st, C_PAID_AT, FALSE, &o->paid_at, &problem) ||
      !time_cell (row, st, C_SHIPPED_AT, FALSE, &o->shipped_at, &problem) ||
      !money_cell (row, st, C_PAID, &o->paid, &problem) ||
      !money_cell (row, st, C_POSTAGE, &o->postage, &problem) ||
      !money_cell (row, st, C_GOODS, &goods, &problem) ||
      !money_cell (row, st, C_TOTAL, &o->total, &problem))
    return problem;
  if (st->column_of[C_TOTAL] < 0)
    o->total = goods + o->postage;

  {
    char *v = cell (row, st, C_RECEIVER);
    take_text (&o->receiver_name, &v);
  }
  if (*mobile == '\0')
    {
      g_free (mobile);
      mobile = cell (row, st, C_PHONE);
    }
  take_text (&o->receiver_phone, &mobile);
#define TEXT(field, col) G_STMT_START { char *v_ = cell (row, st, col); take_text (&o->field, &v_); } G_STMT_END
  TEXT (receiver_address, C_ADDRESS);
  TEXT (shipping_method, C_SHIPPING);
  TEXT (courier, C_COURIER);
  TEXT (tracking_no, C_TRACKING);
  TEXT (buyer_message, C_MESSAGE);
  TEXT (taobao_memo, C_MEMO);
#undef TEXT
  kd_order_set_text (&o->close_reason, g_str_equal (close, "订单未关闭") ? "" : close);
  return NULL;
}

static char *
read_item (State           *st,
           const KdCsvRow  *row,
           KdOrderItem     *item,
           char           **out_no)
{
  g_autofree char *no = cell (row, st, C_ORDER_NO);
  g_autofree char *qty = cell (row, st, C_QUANTITY);
  char *problem = NULL;
  char *end = NULL;
  gint64 q;

  if ((problem = order_number_problem (no)) != NULL)
    {
      char *full = g_strdup_printf ("订单编号: %s", problem);
      g_free (problem);
      return full;
    }
  q = g_ascii_strtoll (qty, &end, 10);
  if (*qty == '\0' || end == NULL || *end != '\0' || q < 0 || q > 1000000)
    return g_strdup_printf (_("%s: “%s” is not a quantity"), st->info->header[st->column_of[C_QUANTITY]], qty);
  item->quantity = (int) q;
  if (!money_cell (row, st, C_PRICE, &item->price, &problem))
    return problem;
  item->title = cell (row, st, C_TITLE);
  item->attributes = cell (row, st, C_ATTRIBUTES);
  item->merchant_code = cell (row, st, C_MERCHANT_CODE);
  if (*item->merchant_code == '\0')
    {
      g_free (item->merchant_code);
      item->merchant_code = cell (row, st, C_EXTERNAL_CODE);
    }
  *out_no = g_steal_pointer (&no);
  return NULL;
}

static gboolean
on_row (const KdCsvRow  *row,
        gpointer         user_data,
        GError         **error)
{
  State *st = user_data;
  KdOrderReportRow out = { row->line, NULL, NULL, NULL, FALSE,
                           st->seekable != NULL ? (guint64) MAX (0, g_seekable_tell (st->seekable)) : 0 };
  g_autofree char *problem = NULL;
  g_autofree char *order_no = NULL;
  KdOrderItem item = { NULL, };
  gboolean all_empty = TRUE, ok;

  if (!st->have_header)
    {
      if (!read_header (st, row, error))
        return FALSE;
      return st->func != NULL;   /* header only: stop, no error */
    }
  for (guint i = 0; i < row->n_fields && all_empty; i++)
    for (const char *p = row->fields[i]; *p != '\0' && all_empty; p++)
      all_empty = g_ascii_isspace (*p);
  if (all_empty)
    return TRUE;
  st->info->n_rows++;

  if (st->info->kind == KD_ORDER_REPORT_ORDERS)
    {
      problem = read_order (st, row, &out.status_unknown);
      out.order = st->order;
    }
  else
    {
      problem = read_item (st, row, &item, &order_no);
      out.order_no = order_no;
      out.item = &item;
    }

  if (problem != NULL)
    {
      g_free (item.title);
      g_free (item.attributes);
      g_free (item.merchant_code);
      if (!st->skip_bad)
        {
          g_set_error (error, KD_ORDER_REPORT_ERROR, KD_ORDER_REPORT_ERROR_VALUE, "%s:%zu: %s",
                       st->name, row->line, problem);
          return FALSE;
        }
      {
        KdOrderReportReject *r = g_new0 (KdOrderReportReject, 1);
        GStrvBuilder *b = g_strv_builder_new ();

        for (guint i = 0; i < row->n_fields; i++)
          g_strv_builder_add (b, row->fields[i]);
        r->fields = g_strv_builder_end (b);
        g_strv_builder_unref (b);
        r->line = row->line;
        r->reason = g_steal_pointer (&problem);
        g_ptr_array_add (st->info->rejects, r);
      }
      return TRUE;
    }
  if (out.status_unknown)
    st->info->warnings++;
  ok = st->func (&out, st->user_data, error);
  /* Taken by the callback: the next row gets an order of its own, the
   * one the callback left instead or a new one. */
  if (st->info->kind == KD_ORDER_REPORT_ORDERS && out.order != st->order)
    st->order = out.order != NULL ? out.order : kd_order_new ("", "");
  g_free (item.title);
  g_free (item.attributes);
  g_free (item.merchant_code);
  if (!ok && error != NULL && *error != NULL)
    g_prefix_error (error, "%s:%zu: ", st->name, row->line);
  return ok;
}

gboolean
kd_order_report_read_stream (GInputStream       *stream,
                             const char         *name,
                             GTimeZone          *tz,
                             gboolean            skip_bad_rows,
                             KdOrderRowFunc      func,
                             gpointer            user_data,
                             KdOrderReportInfo  *info,
                             GCancellable       *cancellable,
                             GError            **error)
{
  g_autoptr(KdCsvReader) reader = NULL;
  g_autoptr(KdOrder) order = NULL;
  State st = { 0 };
  gboolean ok;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (info != NULL, FALSE);

  memset (info, 0, sizeof *info);
  info->rejects = g_ptr_array_new_with_free_func ((GDestroyNotify) kd_order_report_reject_free);
  st.name = name ? name : "-";
  st.tz = tz;
  st.skip_bad = skip_bad_rows;
  st.func = func;
  st.user_data = user_data;
  st.info = info;
  st.order = kd_order_new ("", "");
  st.seekable = G_IS_SEEKABLE (stream) ? G_SEEKABLE (stream) : NULL;

  /* Lenient quotes for ="…"; the item report ends every row with a comma. */
  reader = kd_csv_reader_new (stream, KD_CSV_READ_LENIENT_QUOTES | KD_CSV_READ_DROP_TRAILING_EMPTY);
  kd_csv_reader_set_max_row_size (reader, 1024 * 1024);
  ok = kd_csv_reader_read_named (reader, st.name, on_row, &st, cancellable, error);
  order = st.order;   /* the one the last row did not use */
  if (!ok)
    return FALSE;
  if (!st.have_header)
    {
      g_set_error (error, KD_ORDER_REPORT_ERROR, KD_ORDER_REPORT_ERROR_EMPTY,
                   _("%s:1: the file is empty; a Taobao order report starts with a header such as “订单编号,买家会员名,…”"),
                   st.name);
      return FALSE;
    }
  return TRUE;
}

/* ---------------------------------------------------------------- .xlsx */

/* The first worksheet of an .xlsx (a zip of XML parts), streamed: libarchive
 * inflates the part, libxml2's reader walks it row by row, and each row
 * goes through the same code as a CSV row. Shared strings are read first
 * (a second pass over the zip: parts come in any order); numbers are kept
 * as the text the file has. */

typedef struct {
  struct archive *archive;
} ZipIO;

static int
zip_read (void *context,
          char *buffer,
          int   len)
{
  la_ssize_t n = archive_read_data (((ZipIO *) context)->archive, buffer, (size_t) len);
  return n < 0 ? -1 : (int) n;
}

static int
zip_close (void *context)
{
  return 0;
}

/* Opens @path and moves to the entry @want (or, with @want NULL, the first
 * worksheet); NULL when it is not there. */
static struct archive *
open_part (const char  *path,
           const char  *want,
           char       **out_name)
{
  struct archive *a = archive_read_new ();
  struct archive_entry *entry;

  archive_read_support_format_zip (a);
  archive_read_support_filter_none (a);
  if (archive_read_open_filename (a, path, 64 * 1024) != ARCHIVE_OK)
    {
      archive_read_free (a);
      return NULL;
    }
  while (archive_read_next_header (a, &entry) == ARCHIVE_OK)
    {
      const char *name = archive_entry_pathname (entry);

      if (name == NULL)
        continue;
      if ((want != NULL && g_str_equal (name, want)) ||
          (want == NULL && g_str_has_prefix (name, "xl/worksheets/sheet") && g_str_has_suffix (name, ".xml")))
        {
          if (out_name != NULL)
            *out_name = g_strdup (name);
          return a;
        }
      archive_read_data_skip (a);
    }
  archive_read_free (a);
  return NULL;
}

static xmlTextReaderPtr
part_reader (ZipIO *io)
{
  /* No network, no entity substitution: a workbook is data. */
  return xmlReaderForIO (zip_read, zip_close, io, NULL, NULL, XML_PARSE_NONET);
}

static gboolean
is_element (xmlTextReaderPtr r,
            const char      *name)
{
  const xmlChar *local = xmlTextReaderConstLocalName (r);
  return local != NULL && strcmp ((const char *) local, name) == 0;
}

static GPtrArray *
read_shared_strings (const char *path)
{
  GPtrArray *strings = g_ptr_array_new_with_free_func (g_free);
  ZipIO io = { open_part (path, "xl/sharedStrings.xml", NULL) };
  xmlTextReaderPtr r;
  GString *current = NULL;
  gboolean in_t = FALSE;

  if (io.archive == NULL)
    return strings;  /* a workbook with inline strings only */
  r = part_reader (&io);
  while (r != NULL && xmlTextReaderRead (r) == 1)
    {
      int type = xmlTextReaderNodeType (r);

      if (type == XML_READER_TYPE_ELEMENT && is_element (r, "si"))
        {
          current = g_string_new (NULL);
          if (xmlTextReaderIsEmptyElement (r))
            {
              g_ptr_array_add (strings, g_string_free (current, FALSE));
              current = NULL;
            }
        }
      else if (type == XML_READER_TYPE_END_ELEMENT && is_element (r, "si") && current != NULL)
        {
          g_ptr_array_add (strings, g_string_free (current, FALSE));
          current = NULL;
        }
      else if (type == XML_READER_TYPE_ELEMENT && is_element (r, "t"))
        in_t = !xmlTextReaderIsEmptyElement (r);
      else if (type == XML_READER_TYPE_END_ELEMENT && is_element (r, "t"))
        in_t = FALSE;
      else if ((type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE) && in_t && current != NULL)
        g_string_append (current, (const char *) xmlTextReaderConstValue (r));
    }
  if (current != NULL)
    g_string_free (current, TRUE);
  if (r != NULL)
    xmlFreeTextReader (r);
  archive_read_free (io.archive);
  return strings;
}

/* "BC12" → column 54 (0-based), -1 when it is not a cell reference. */
static int
column_of_ref (const char *ref)
{
  int col = 0;
  const char *p = ref;

  for (; *p >= 'A' && *p <= 'Z'; p++)
    {
      col = col * 26 + (*p - 'A' + 1);
      if (col > 16384)
        return -1;
    }
  return p == ref ? -1 : col - 1;
}

static gboolean
read_xlsx (const char          *path,
           const char          *name,
           GTimeZone           *tz,
           gboolean             skip_bad_rows,
           KdOrderRowFunc       func,
           gpointer             user_data,
           KdOrderReportInfo   *info,
           GCancellable        *cancellable,
           GError             **error)
{
  g_autoptr(GPtrArray) strings = read_shared_strings (path);
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) lengths = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_autoptr(KdOrder) order = NULL;
  g_autofree char *sheet = NULL;
  ZipIO io = { open_part (path, NULL, &sheet) };
  xmlTextReaderPtr r;
  State st = { 0 };
  GString *value = g_string_new (NULL);
  g_autofree char *cell_type = NULL;
  g_autoptr(GError) local = NULL;
  int cell_col = -1, rc = 1;
  gsize line = 0;
  gboolean in_value = FALSE, ok = TRUE;

  memset (info, 0, sizeof *info);
  info->rejects = g_ptr_array_new_with_free_func ((GDestroyNotify) kd_order_report_reject_free);
  st.name = name;
  st.tz = tz;
  st.skip_bad = skip_bad_rows;
  st.func = func;
  st.user_data = user_data;
  st.info = info;

  if (io.archive == NULL)
    {
      g_string_free (value, TRUE);
      g_set_error (error, KD_ORDER_REPORT_ERROR, KD_ORDER_REPORT_ERROR_HEADER,
                   _("%s: not a readable .xlsx workbook (no worksheet in it)"), name);
      return FALSE;
    }
  r = part_reader (&io);
  st.order = kd_order_new ("", "");
  while (ok && r != NULL && (rc = xmlTextReaderRead (r)) == 1)
    {
      int type = xmlTextReaderNodeType (r);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          ok = FALSE;
          break;
        }
      if (type == XML_READER_TYPE_ELEMENT && is_element (r, "row"))
        {
          g_autofree char *rn = (char *) xmlTextReaderGetAttribute (r, (const xmlChar *) "r");

          line = rn != NULL ? (gsize) g_ascii_strtoull (rn, NULL, 10) : line + 1;
          g_ptr_array_set_size (cells, 0);
          if (xmlTextReaderIsEmptyElement (r))
            continue;
        }
      else if (type == XML_READER_TYPE_ELEMENT && is_element (r, "c"))
        {
          g_autofree char *ref = (char *) xmlTextReaderGetAttribute (r, (const xmlChar *) "r");

          g_free (cell_type);
          cell_type = (char *) xmlTextReaderGetAttribute (r, (const xmlChar *) "t");
          cell_col = ref != NULL ? column_of_ref (ref) : (int) cells->len;
          g_string_truncate (value, 0);
        }
      else if (type == XML_READER_TYPE_ELEMENT && (is_element (r, "v") || is_element (r, "t")))
        in_value = !xmlTextReaderIsEmptyElement (r);
      else if (type == XML_READER_TYPE_END_ELEMENT && (is_element (r, "v") || is_element (r, "t")))
        in_value = FALSE;
      else if ((type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE) && in_value)
        g_string_append (value, (const char *) xmlTextReaderConstValue (r));
      else if (type == XML_READER_TYPE_END_ELEMENT && is_element (r, "c") && cell_col >= 0)
        {
          const char *text = value->str;

          if (g_strcmp0 (cell_type, "s") == 0)
            {
              guint64 k = g_ascii_strtoull (value->str, NULL, 10);
              text = k < strings->len ? g_ptr_array_index (strings, k) : "";
            }
          while ((int) cells->len < cell_col)
            g_ptr_array_add (cells, g_strdup (""));
          if ((int) cells->len == cell_col)
            g_ptr_array_add (cells, g_strdup (text));
          cell_col = -1;
        }
      else if (type == XML_READER_TYPE_END_ELEMENT && is_element (r, "row"))
        {
          KdCsvRow row;

          if (cells->len == 0)
            continue;
          g_array_set_size (lengths, cells->len);
          for (guint i = 0; i < cells->len; i++)
            g_array_index (lengths, gsize, i) = strlen (g_ptr_array_index (cells, i));
          row.line = line;
          row.n_fields = cells->len;
          row.fields = (const char * const *) cells->pdata;
          row.lengths = (const gsize *) (gpointer) lengths->data;
          if (!on_row (&row, &st, &local))
            {
              ok = local == NULL;   /* header only (no error), or a bad row */
              if (local != NULL)
                g_propagate_error (error, g_steal_pointer (&local));
              break;
            }
        }
    }
  if (ok && r != NULL && rc < 0 && st.func != NULL)
    {
      g_set_error (error, KD_ORDER_REPORT_ERROR, KD_ORDER_REPORT_ERROR_VALUE,
                   _("%s:%zu: the worksheet’s XML is broken"), name, line);
      ok = FALSE;
    }
  order = st.order;   /* the one the last row did not use */
  if (r != NULL)
    xmlFreeTextReader (r);
  archive_read_free (io.archive);
  g_string_free (value, TRUE);
  if (ok && !st.have_header)
    {
      g_set_error (error, KD_ORDER_REPORT_ERROR, KD_ORDER_REPORT_ERROR_EMPTY,
                   _("%s:1: the file is empty; a Taobao order report starts with a header such as “订单编号,买家会员名,…”"),
                   name);
      ok = FALSE;
    }
  return ok;
}

gboolean
kd_order_report_read_file (const char         *path,
                           GTimeZone          *tz,
                           gboolean            skip_bad_rows,
                           KdOrderRowFunc      func,
                           gpointer            user_data,
                           KdOrderReportInfo  *info,
                           GCancellable       *cancellable,
                           GError            **error)
{
  g_autofree char *name = NULL;
  g_autoptr(GError) local = NULL;
  g_autoptr(GFileInputStream) in = kd_csv_open_file (path, &name, cancellable, error);

  if (in == NULL)
    return FALSE;
  {
    /* An .xlsx is a zip: "PK\3\4". */
    guchar magic[4] = { 0, };
    gsize n = 0;

    if (g_input_stream_read_all (G_INPUT_STREAM (in), magic, 4, &n, cancellable, NULL) && n == 4 &&
        memcmp (magic, "PK\3\4", 4) == 0)
      return read_xlsx (path, name, tz, skip_bad_rows, func, user_data, info, cancellable, error);
    if (!g_seekable_seek (G_SEEKABLE (in), 0, G_SEEK_SET, cancellable, &local))
      {
        kd_csv_set_read_error (error, name, local);
        return FALSE;
      }
  }
  return kd_order_report_read_stream (G_INPUT_STREAM (in), name, tz, skip_bad_rows, func, user_data, info,
                                      cancellable, error);
}

gboolean
kd_order_report_write_rejects (GOutputStream       *stream,
                               const char * const  *header,
                               GPtrArray           *rejects,
                               GCancellable        *cancellable,
                               GError             **error)
{
  g_autoptr(KdCsvWriter) w = kd_csv_writer_new (stream, KD_CSV_WRITE_GUARD_FORMULAS);
  g_autoptr(GPtrArray) row = g_ptr_array_new ();
  guint n_header = header ? g_strv_length ((GStrv) header) : 0;

  g_ptr_array_add (row, (gpointer) "行号");
  for (guint i = 0; i < n_header; i++)
    g_ptr_array_add (row, (gpointer) header[i]);
  g_ptr_array_add (row, (gpointer) "错误原因");
  if (!kd_csv_writer_write_row (w, (const char * const *) row->pdata, row->len, cancellable, error))
    return FALSE;
  for (guint r = 0; r < rejects->len; r++)
    {
      KdOrderReportReject *rej = g_ptr_array_index (rejects, r);
      g_autofree char *line = g_strdup_printf ("%zu", rej->line);
      guint n = g_strv_length (rej->fields);

      g_ptr_array_set_size (row, 0);
      g_ptr_array_add (row, line);
      for (guint i = 0; i < MAX (n, n_header); i++)
        g_ptr_array_add (row, i < n ? rej->fields[i] : (gpointer) "");
      g_ptr_array_add (row, rej->reason);
      if (!kd_csv_writer_write_row (w, (const char * const *) row->pdata, row->len, cancellable, error))
        return FALSE;
    }
  return kd_csv_writer_flush (w, cancellable, error);
}
