/* kd-customer-csv.c: reading and writing the customer file; every value checked by the customer rules. */
#include "config.h"

#include "kd-customer-csv.h"
#include "kd-error.h"
#include "kd-text.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

G_DEFINE_QUARK (kd-customer-csv-error-quark, kd_customer_csv_error)

static const struct {
  const char *name;   /* written and read */
  const char *alias;  /* read too: what a Chinese spreadsheet calls it */
} columns[KD_CUSTOMER_N_COLS] = {
  { "nickname", "会员名" },
  { "real_name", "姓名" },
  { "phones", "电话" },
  { "addresses", "地址" },
  { "gender", "性别" },
  { "birthday", "生日" },
  { "vip", "VIP" },
  { "first_contact", "首次接触" },
  { "owner", "负责客服" },
  { "tags", "标签" },
  { "height_cm", "身高" },
  { "weight_kg", "体重" },
  { "usual_size", "常穿尺码" },
  { "fit_notes", "尺码备注" },
  { "comm_style", "沟通风格" },
  { "buying_type", "购买类型" },
  { "blacklisted", "黑名单" },
  { "blacklist_reason", "拉黑原因" },
  { "notes", "备注" },
  { "orders", "订单数" },
  { "total_paid", "累计实付" },
  { "last_order", "最近下单" },
};

#define FIRST_WRITE_ONLY KD_CUSTOMER_COL_ORDERS

const char *
kd_customer_csv_column_name (KdCustomerColumn column)
{
  return (guint) column < KD_CUSTOMER_N_COLS ? columns[column].name : "";
}

void
kd_customer_record_free (KdCustomerRecord *record)
{
  if (record == NULL)
    return;
  g_clear_object (&record->customer);
  g_free (record->owner_job_number);
  g_strfreev (record->tags);
  g_free (record);
}

/* ---------------------------------------------------------------- reading */

typedef struct {
  const char *name;
  GPtrArray  *records;
  GHashTable *nicknames;   /* folded nickname → line */
  int         column_of[KD_CUSTOMER_N_COLS];
  guint       n_header;
  gboolean    have_header;
} ReadState;

static gboolean
read_header (ReadState       *st,
             const KdCsvRow  *row,
             GError         **error)
{
  for (int c = 0; c < KD_CUSTOMER_N_COLS; c++)
    st->column_of[c] = -1;
  st->n_header = row->n_fields;

  for (guint i = 0; i < row->n_fields; i++)
    {
      g_autofree char *cell = g_strstrip (g_ascii_strdown (row->fields[i], -1));

      for (int c = 0; c < KD_CUSTOMER_N_COLS; c++)
        {
          g_autofree char *alias = g_ascii_strdown (columns[c].alias, -1);

          if (!g_str_equal (cell, columns[c].name) && !g_str_equal (cell, alias))
            continue;
          if (st->column_of[c] >= 0)
            {
              g_set_error (error, KD_CUSTOMER_CSV_ERROR, KD_CUSTOMER_CSV_ERROR_HEADER,
                           _("%s:%zu: the header names the column “%s” twice"),
                           st->name, row->line, row->fields[i]);
              return FALSE;
            }
          st->column_of[c] = (int) i;
        }
    }

  if (st->column_of[KD_CUSTOMER_COL_NICKNAME] < 0)
    {
      g_set_error (error, KD_CUSTOMER_CSV_ERROR, KD_CUSTOMER_CSV_ERROR_HEADER,
                   _("%s:%zu: the first line is not a customer header: it needs a “nickname” column"),
                   st->name, row->line);
      return FALSE;
    }
  st->have_header = TRUE;
  return TRUE;
}

/* A cell as the rules see it: trimmed, line ends as '\n', the apostrophe
 * the export puts before a formula-like value taken off again. */
static char *
cell (const KdCsvRow *row,
      int             index)
{
  const char *text = index >= 0 && (guint) index < row->n_fields ? row->fields[index] : "";
  GString *out = g_string_new (NULL);

  if (text[0] == '\'' && strchr ("=+-@\t\r", text[1]) != NULL && text[1] != '\0')
    text++;
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\r')
        {
          g_string_append_c (out, '\n');
          if (p[1] == '\n')
            p++;
        }
      else
        g_string_append_c (out, *p);
    }
  return g_strstrip (g_string_free (out, FALSE));
}

static gboolean
value_error (ReadState       *st,
             const KdCsvRow  *row,
             KdCustomerColumn col,
             const char      *reason,
             GError         **error)
{
  g_set_error (error, KD_CUSTOMER_CSV_ERROR, KD_CUSTOMER_CSV_ERROR_VALUE, "%s:%zu: %s: %s",
               st->name, row->line, columns[col].name, reason);
  return FALSE;
}

static gboolean
parse_int (const char *text,
           int         min,
           int         max,
           int        *out)
{
  char *end = NULL;
  gint64 v;

  if (!g_ascii_isdigit (*text))
    return FALSE;
  v = g_ascii_strtoll (text, &end, 10);
  if (end == NULL || *end != '\0' || v < min || v > max)
    return FALSE;
  *out = (int) v;
  return TRUE;
}

/* Contacts one per line; phones may also be separated by ';'. */
static void
set_contacts (GArray     *contacts,
              const char *text,
              gboolean    phones)
{
  g_autofree char *lines = phones ? g_strdelimit (g_strdup (text), ";；", '\n') : g_strdup (text);

  if (phones)
    {
      /* "；" is three bytes: g_strdelimit only turned its bytes into '\n's. */
      kd_customer_set_contacts_from_text (contacts, lines);
      for (guint i = 0; i < contacts->len; i++)
        {
          KdContact *c = &g_array_index (contacts, KdContact, i);
          g_autoptr(GString) digits = g_string_new (NULL);

          for (const char *p = c->value; *p != '\0'; p++)
            if (g_ascii_isdigit (*p))
              g_string_append_c (digits, *p);
            else if (*p != ' ' && *p != '-')
              {
                g_string_truncate (digits, 0);
                g_string_append (digits, c->value);
                break;
              }
          g_free (c->value);
          c->value = g_string_free (g_steal_pointer (&digits), FALSE);
        }
    }
  else
    kd_customer_set_contacts_from_text (contacts, lines);
}

static gboolean
read_row (const KdCsvRow  *row,
          gpointer         user_data,
          GError         **error)
{
  ReadState *st = user_data;
  KdCustomerRecord *rec;
  KdCustomer *c;
  char *v[KD_CUSTOMER_N_COLS] = { NULL, };
  gboolean all_empty = TRUE, ok = FALSE;
  g_autoptr(GError) local = NULL;

  if (!st->have_header)
    return read_header (st, row, error);

  for (guint i = 0; i < row->n_fields && all_empty; i++)
    for (const char *p = row->fields[i]; *p != '\0' && all_empty; p++)
      all_empty = g_ascii_isspace (*p);
  if (all_empty)
    return TRUE;

  for (guint i = st->n_header; i < row->n_fields; i++)
    if (row->lengths[i] > 0)
      {
        g_set_error (error, KD_CUSTOMER_CSV_ERROR, KD_CUSTOMER_CSV_ERROR_FIELDS,
                     _("%s:%zu: %u fields, but the header has %u"),
                     st->name, row->line, row->n_fields, st->n_header);
        return FALSE;
      }

  rec = g_new0 (KdCustomerRecord, 1);
  rec->line = row->line;
  g_ptr_array_add (st->records, rec);
  for (int col = 0; col < FIRST_WRITE_ONLY; col++)
    {
      v[col] = cell (row, st->column_of[col]);
      if (*v[col] != '\0')
        rec->present |= 1u << col;
    }
  c = rec->customer = kd_customer_new (v[KD_CUSTOMER_COL_NICKNAME]);
  kd_customer_set_text (&c->real_name, v[KD_CUSTOMER_COL_REAL_NAME]);
  set_contacts (c->phones, v[KD_CUSTOMER_COL_PHONES], TRUE);
  set_contacts (c->addresses, v[KD_CUSTOMER_COL_ADDRESSES], FALSE);
  kd_customer_set_text (&c->birthday, v[KD_CUSTOMER_COL_BIRTHDAY]);
  kd_customer_set_text (&c->first_contact, v[KD_CUSTOMER_COL_FIRST_CONTACT]);
  kd_customer_set_text (&c->usual_size, v[KD_CUSTOMER_COL_USUAL_SIZE]);
  kd_customer_set_text (&c->fit_notes, v[KD_CUSTOMER_COL_FIT_NOTES]);
  kd_customer_set_text (&c->notes, v[KD_CUSTOMER_COL_NOTES]);
  kd_customer_set_text (&c->blacklist_reason, v[KD_CUSTOMER_COL_BLACKLIST_REASON]);
  rec->owner_job_number = g_strdup (v[KD_CUSTOMER_COL_OWNER]);

  {
    const char *g = v[KD_CUSTOMER_COL_GENDER];
    if (*g == '\0' || g_ascii_strcasecmp (g, "unknown") == 0 || g_str_equal (g, "未知"))
      c->gender = KD_GENDER_UNKNOWN;
    else if (g_ascii_strcasecmp (g, "female") == 0 || g_ascii_strcasecmp (g, "f") == 0 || g_str_equal (g, "女"))
      c->gender = KD_GENDER_FEMALE;
    else if (g_ascii_strcasecmp (g, "male") == 0 || g_ascii_strcasecmp (g, "m") == 0 || g_str_equal (g, "男"))
      c->gender = KD_GENDER_MALE;
    else
      {
        value_error (st, row, KD_CUSTOMER_COL_GENDER, _("expected female, male or empty"), error);
        goto out;
      }
  }
  if (*v[KD_CUSTOMER_COL_VIP] != '\0')
    {
      const char *t = v[KD_CUSTOMER_COL_VIP];
      if (g_ascii_strncasecmp (t, "vip", 3) == 0)
        t += 3;
      if (!parse_int (t, 0, KD_CUSTOMER_VIP_MAX, &c->vip))
        {
          value_error (st, row, KD_CUSTOMER_COL_VIP, _("the VIP level is a number from 0 to 5"), error);
          goto out;
        }
    }
  if (*v[KD_CUSTOMER_COL_HEIGHT] != '\0' && !parse_int (v[KD_CUSTOMER_COL_HEIGHT], 50, 250, &c->height_cm))
    {
      value_error (st, row, KD_CUSTOMER_COL_HEIGHT, _("height is a whole number of cm from 50 to 250"), error);
      goto out;
    }
  if (*v[KD_CUSTOMER_COL_WEIGHT] != '\0' && !parse_int (v[KD_CUSTOMER_COL_WEIGHT], 10, 300, &c->weight_kg))
    {
      value_error (st, row, KD_CUSTOMER_COL_WEIGHT, _("weight is a whole number of kg from 10 to 300"), error);
      goto out;
    }
  if (!kd_comm_style_from_key (v[KD_CUSTOMER_COL_COMM_STYLE], &c->comm_style))
    {
      value_error (st, row, KD_CUSTOMER_COL_COMM_STYLE,
                   _("expected amiable, dominant, analytical, self-centred or empty"), error);
      goto out;
    }
  if (!kd_buying_type_from_key (v[KD_CUSTOMER_COL_BUYING_TYPE], &c->buying_type))
    {
      value_error (st, row, KD_CUSTOMER_COL_BUYING_TYPE,
                   _("expected sociable, decisive, polite, bargainer, no-pay or empty"), error);
      goto out;
    }
  {
    const char *b = v[KD_CUSTOMER_COL_BLACKLISTED];
    if (*b == '\0' || g_str_equal (b, "0") || g_ascii_strcasecmp (b, "no") == 0 || g_str_equal (b, "否"))
      c->blacklisted = FALSE;
    else if (g_str_equal (b, "1") || g_ascii_strcasecmp (b, "yes") == 0 || g_str_equal (b, "是"))
      c->blacklisted = TRUE;
    else
      {
        value_error (st, row, KD_CUSTOMER_COL_BLACKLISTED, _("expected 1 or 0"), error);
        goto out;
      }
  }
  {
    g_autofree char *t = g_strdelimit (g_strdup (v[KD_CUSTOMER_COL_TAGS]), ",", ';');
    g_autoptr(GPtrArray) names = g_ptr_array_new_null_terminated (0, g_free, TRUE);
    g_auto(GStrv) parts = NULL;
    g_autoptr(GString) s = g_string_new (t);

    g_string_replace (s, "；", ";", 0);
    g_string_replace (s, "，", ";", 0);
    parts = g_strsplit (s->str, ";", -1);
    for (guint i = 0; parts[i] != NULL; i++)
      {
        g_autoptr(KdTag) tag = kd_tag_new (g_strstrip (parts[i]), 0);

        if (*parts[i] == '\0')
          continue;
        if (!kd_tag_validate (tag, &local))
          {
            value_error (st, row, KD_CUSTOMER_COL_TAGS, local->message, error);
            goto out;
          }
        g_ptr_array_add (names, g_strdup (parts[i]));
      }
    rec->tags = (GStrv) g_ptr_array_steal (names, NULL);
  }

  for (int f = KD_CUSTOMER_FIELD_NICKNAME; f <= KD_CUSTOMER_FIELD_BLACKLIST_REASON; f++)
    if (!kd_customer_validate_field (c, (KdCustomerField) f, &local))
      {
        static const KdCustomerColumn col_of_field[] = {
          [KD_CUSTOMER_FIELD_NICKNAME] = KD_CUSTOMER_COL_NICKNAME,
          [KD_CUSTOMER_FIELD_REAL_NAME] = KD_CUSTOMER_COL_REAL_NAME,
          [KD_CUSTOMER_FIELD_PHONES] = KD_CUSTOMER_COL_PHONES,
          [KD_CUSTOMER_FIELD_ADDRESSES] = KD_CUSTOMER_COL_ADDRESSES,
          [KD_CUSTOMER_FIELD_GENDER] = KD_CUSTOMER_COL_GENDER,
          [KD_CUSTOMER_FIELD_BIRTHDAY] = KD_CUSTOMER_COL_BIRTHDAY,
          [KD_CUSTOMER_FIELD_VIP] = KD_CUSTOMER_COL_VIP,
          [KD_CUSTOMER_FIELD_FIRST_CONTACT] = KD_CUSTOMER_COL_FIRST_CONTACT,
          [KD_CUSTOMER_FIELD_NOTES] = KD_CUSTOMER_COL_NOTES,
          [KD_CUSTOMER_FIELD_HEIGHT] = KD_CUSTOMER_COL_HEIGHT,
          [KD_CUSTOMER_FIELD_WEIGHT] = KD_CUSTOMER_COL_WEIGHT,
          [KD_CUSTOMER_FIELD_USUAL_SIZE] = KD_CUSTOMER_COL_USUAL_SIZE,
          [KD_CUSTOMER_FIELD_FIT_NOTES] = KD_CUSTOMER_COL_FIT_NOTES,
          [KD_CUSTOMER_FIELD_COMM_STYLE] = KD_CUSTOMER_COL_COMM_STYLE,
          [KD_CUSTOMER_FIELD_BUYING_TYPE] = KD_CUSTOMER_COL_BUYING_TYPE,
          [KD_CUSTOMER_FIELD_BLACKLIST_REASON] = KD_CUSTOMER_COL_BLACKLIST_REASON,
        };
        value_error (st, row, col_of_field[f], local->message, error);
        goto out;
      }

  {
    g_autofree char *key = g_utf8_casefold (c->nickname, -1);
    gpointer earlier = g_hash_table_lookup (st->nicknames, key);

    if (earlier != NULL)
      {
        g_set_error (error, KD_CUSTOMER_CSV_ERROR, KD_CUSTOMER_CSV_ERROR_DUPLICATE,
                     _("%s:%zu: nickname: “%s” is already on line %zu of this file"),
                     st->name, row->line, c->nickname, (gsize) GPOINTER_TO_SIZE (earlier));
        goto out;
      }
    g_hash_table_insert (st->nicknames, g_steal_pointer (&key), GSIZE_TO_POINTER (row->line));
  }
  ok = TRUE;

out:
  for (int col = 0; col < KD_CUSTOMER_N_COLS; col++)
    g_free (v[col]);
  return ok;
}

GPtrArray *
kd_customer_csv_read_stream (GInputStream  *stream,
                             const char    *display_name,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autoptr(KdCsvReader) reader = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) kd_customer_record_free);
  g_autoptr(GHashTable) nicknames = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ReadState st = { 0 };

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);

  st.name = display_name ? display_name : "-";
  st.records = records;
  st.nicknames = nicknames;
  reader = kd_csv_reader_new (stream, KD_CSV_READ_DROP_TRAILING_EMPTY);
  kd_csv_reader_set_max_row_size (reader, 256 * 1024);
  if (!kd_csv_reader_read_named (reader, st.name, read_row, &st, cancellable, error))
    return NULL;
  if (!st.have_header)
    {
      g_set_error (error, KD_CUSTOMER_CSV_ERROR, KD_CUSTOMER_CSV_ERROR_EMPTY,
                   _("%s:1: the file is empty; its first line must be a header starting with “nickname”"), st.name);
      return NULL;
    }
  return g_steal_pointer (&records);
}

GPtrArray *
kd_customer_csv_read_file (const char    *path,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_autofree char *name = NULL;
  g_autoptr(GFileInputStream) in = kd_csv_open_file (path, &name, cancellable, error);

  if (in == NULL)
    return NULL;
  return kd_customer_csv_read_stream (G_INPUT_STREAM (in), name, cancellable, error);
}

/* ---------------------------------------------------------------- writing */

struct _KdCustomerCsvWriter
{
  KdCsvWriter  *csv;
  GHashTable   *owners;
  GHashTable   *tags;
  GCancellable *cancellable;
};

KdCustomerCsvWriter *
kd_customer_csv_writer_new (GOutputStream  *stream,
                            GHashTable     *owner_job_numbers,
                            GHashTable     *tag_names,
                            GCancellable   *cancellable,
                            GError        **error)
{
  KdCustomerCsvWriter *self = g_new0 (KdCustomerCsvWriter, 1);
  const char *header[KD_CUSTOMER_N_COLS];

  self->csv = kd_csv_writer_new (stream, KD_CSV_WRITE_GUARD_FORMULAS);
  self->owners = owner_job_numbers ? g_hash_table_ref (owner_job_numbers) : NULL;
  self->tags = tag_names ? g_hash_table_ref (tag_names) : NULL;
  self->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  for (int c = 0; c < KD_CUSTOMER_N_COLS; c++)
    header[c] = columns[c].name;
  if (!kd_csv_writer_write_row (self->csv, header, KD_CUSTOMER_N_COLS, cancellable, error))
    {
      kd_customer_csv_writer_free (self);
      return NULL;
    }
  return self;
}

static char *
int_or_empty (int v)
{
  return v != 0 ? g_strdup_printf ("%d", v) : g_strdup ("");
}

gboolean
kd_customer_csv_writer_add (KdCustomerCsvWriter  *self,
                            KdCustomer           *c,
                            GError              **error)
{
  g_autoptr(GString) tags = g_string_new (NULL);
  g_autofree char *phones = kd_customer_dup_contacts_text (c->phones);
  g_autofree char *addresses = kd_customer_dup_contacts_text (c->addresses);
  g_autofree char *vip = g_strdup_printf ("%d", c->vip);
  g_autofree char *height = int_or_empty (c->height_cm);
  g_autofree char *weight = int_or_empty (c->weight_kg);
  g_autofree char *orders = g_strdup_printf ("%d", c->order_count);
  g_autofree char *paid = g_strdup_printf ("%" G_GINT64_FORMAT ".%02d", c->total_paid / 100, (int) (ABS (c->total_paid) % 100));
  g_autofree char *last = NULL;
  const char *owner = NULL;
  const char *row[KD_CUSTOMER_N_COLS];

  if (c->owner_id != 0 && self->owners != NULL)
    owner = g_hash_table_lookup (self->owners, &c->owner_id);
  for (guint i = 0; i < c->tag_ids->len; i++)
    {
      gint64 id = g_array_index (c->tag_ids, gint64, i);
      const char *name = self->tags ? g_hash_table_lookup (self->tags, &id) : NULL;

      if (name == NULL)
        continue;
      if (tags->len > 0)
        g_string_append_c (tags, ';');
      g_string_append (tags, name);
    }
  if (c->last_order_at > 0)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (c->last_order_at);
      last = dt ? g_date_time_format (dt, "%Y-%m-%d") : NULL;
    }

  row[KD_CUSTOMER_COL_NICKNAME] = c->nickname;
  row[KD_CUSTOMER_COL_REAL_NAME] = c->real_name;
  row[KD_CUSTOMER_COL_PHONES] = phones;
  row[KD_CUSTOMER_COL_ADDRESSES] = addresses;
  row[KD_CUSTOMER_COL_GENDER] = c->gender == KD_GENDER_FEMALE ? "female" : c->gender == KD_GENDER_MALE ? "male" : "";
  row[KD_CUSTOMER_COL_BIRTHDAY] = c->birthday;
  row[KD_CUSTOMER_COL_VIP] = vip;
  row[KD_CUSTOMER_COL_FIRST_CONTACT] = c->first_contact;
  row[KD_CUSTOMER_COL_OWNER] = owner ? owner : "";
  row[KD_CUSTOMER_COL_TAGS] = tags->str;
  row[KD_CUSTOMER_COL_HEIGHT] = height;
  row[KD_CUSTOMER_COL_WEIGHT] = weight;
  row[KD_CUSTOMER_COL_USUAL_SIZE] = c->usual_size;
  row[KD_CUSTOMER_COL_FIT_NOTES] = c->fit_notes;
  row[KD_CUSTOMER_COL_COMM_STYLE] = kd_comm_style_to_key (c->comm_style);
  row[KD_CUSTOMER_COL_BUYING_TYPE] = kd_buying_type_to_key (c->buying_type);
  row[KD_CUSTOMER_COL_BLACKLISTED] = c->blacklisted ? "1" : "0";
  row[KD_CUSTOMER_COL_BLACKLIST_REASON] = c->blacklist_reason;
  row[KD_CUSTOMER_COL_NOTES] = c->notes;
  row[KD_CUSTOMER_COL_ORDERS] = orders;
  row[KD_CUSTOMER_COL_TOTAL_PAID] = paid;
  row[KD_CUSTOMER_COL_LAST_ORDER] = last ? last : "";
  return kd_csv_writer_write_row (self->csv, row, KD_CUSTOMER_N_COLS, self->cancellable, error);
}

gboolean
kd_customer_csv_writer_close (KdCustomerCsvWriter  *self,
                              GError              **error)
{
  return kd_csv_writer_flush (self->csv, self->cancellable, error);
}

void
kd_customer_csv_writer_free (KdCustomerCsvWriter *self)
{
  if (self == NULL)
    return;
  kd_csv_writer_free (self->csv);
  g_clear_pointer (&self->owners, g_hash_table_unref);
  g_clear_pointer (&self->tags, g_hash_table_unref);
  g_clear_object (&self->cancellable);
  g_free (self);
}
