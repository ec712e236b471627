/* kd-phrase-csv.c: reading and writing phrase files on top of the shared CSV reader/writer (kd-csv.h). */
#include "kd-phrase-csv.h"
#include "kd-error.h"
#include "kd-phrase.h"

#include <glib/gi18n-lib.h>
#include <string.h>

G_DEFINE_QUARK (kd-phrase-csv-error-quark, kd_phrase_csv_error)

typedef enum {
  COL_GROUP,
  COL_SHORTCUT,
  COL_TITLE,
  COL_BODY,
  N_COLS,
} Column;

/* Header names, compared trimmed and in ASCII lower case. */
static const struct { const char *name; Column col; KdPhraseCsvFormat format; } header_names[] = {
  { "group", COL_GROUP, KD_PHRASE_CSV_KEFU },
  { "shortcut", COL_SHORTCUT, KD_PHRASE_CSV_KEFU },
  { "title", COL_TITLE, KD_PHRASE_CSV_KEFU },
  { "body", COL_BODY, KD_PHRASE_CSV_KEFU },
  { "快捷短语编码", COL_SHORTCUT, KD_PHRASE_CSV_QIANNIU },
  { "快捷编码", COL_SHORTCUT, KD_PHRASE_CSV_QIANNIU },
  { "快捷短语", COL_BODY, KD_PHRASE_CSV_QIANNIU },
  { "快捷短语分组", COL_GROUP, KD_PHRASE_CSV_QIANNIU },
};

void
kd_phrase_record_free (KdPhraseRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->group);
  g_free (record->shortcut);
  g_free (record->title);
  g_free (record->body);
  g_free (record);
}

typedef struct {
  const char        *name;
  gboolean           have_header;
  KdPhraseCsvFormat  format;
  int                column_of[N_COLS];   /* field index, -1 absent */
  guint              n_header;
  GHashTable        *shortcuts;          /* lower-case shortcut → line */
  GPtrArray         *records;
} ReadState;

static gboolean
read_header (ReadState       *st,
             const KdCsvRow  *row,
             GError         **error)
{
  gboolean kefu = FALSE, qianniu = FALSE;

  for (int c = 0; c < N_COLS; c++)
    st->column_of[c] = -1;
  st->n_header = row->n_fields;

  for (guint i = 0; i < row->n_fields; i++)
    {
      g_autofree char *cell = g_strstrip (g_ascii_strdown (row->fields[i], -1));

      for (guint h = 0; h < G_N_ELEMENTS (header_names); h++)
        if (g_str_equal (cell, header_names[h].name))
          {
            Column c = header_names[h].col;

            if (st->column_of[c] >= 0)
              {
                g_set_error (error, KD_PHRASE_CSV_ERROR, KD_PHRASE_CSV_ERROR_HEADER,
                             _("%s:%zu: the header names the column “%s” twice"),
                             st->name, row->line, row->fields[i]);
                return FALSE;
              }
            st->column_of[c] = (int) i;
            if (header_names[h].format == KD_PHRASE_CSV_KEFU)
              kefu = TRUE;
            else
              qianniu = TRUE;
          }
    }

  if (st->column_of[COL_BODY] < 0 || (kefu && qianniu))
    {
      g_set_error (error, KD_PHRASE_CSV_ERROR, KD_PHRASE_CSV_ERROR_HEADER,
                   _("%s:%zu: the first line is not a phrase header; expected “group,shortcut,title,body” "
                     "or Qianniu’s “快捷短语编码,快捷短语,快捷短语分组”"),
                   st->name, row->line);
      return FALSE;
    }
  st->format = qianniu ? KD_PHRASE_CSV_QIANNIU : KD_PHRASE_CSV_KEFU;
  st->have_header = TRUE;
  return TRUE;
}

/* Line ends as '\n'; for Qianniu files also the escapes some chat clients
 * write instead of quoting: &#13; and &#10; (a line break; &#13;&#10; is
 * one) and &#44; (a comma). */
static char *
clean_field (const char *text,
             gboolean    qianniu)
{
  GString *out = g_string_sized_new (strlen (text));

  for (const char *p = text; *p != '\0';)
    {
      if (p[0] == '\r')
        {
          g_string_append_c (out, '\n');
          p += p[1] == '\n' ? 2 : 1;
        }
      /* Only an '&' can start an escape: four g_str_has_prefix() calls
       * (a strlen and a strncmp each) at every byte were most of the time
       * spent reading a 10 000-phrase file (phrases-bench). */
      else if (!qianniu || p[0] != '&')
        g_string_append_c (out, *p++);
      else if (g_str_has_prefix (p, "&#13;&#10;"))
        {
          g_string_append_c (out, '\n');
          p += 10;
        }
      else if (g_str_has_prefix (p, "&#13;") || g_str_has_prefix (p, "&#10;"))
        {
          g_string_append_c (out, '\n');
          p += 5;
        }
      else if (g_str_has_prefix (p, "&#44;"))
        {
          g_string_append_c (out, ',');
          p += 5;
        }
      else
        g_string_append_c (out, *p++);
    }
  return g_strstrip (g_string_free (out, FALSE));
}

static const char *
field (const KdCsvRow *row,
       int             index)
{
  return index >= 0 && (guint) index < row->n_fields ? row->fields[index] : "";
}

static gboolean
read_row (const KdCsvRow  *row,
          gpointer         user_data,
          GError         **error)
{
  ReadState *st = user_data;
  gboolean qianniu;
  g_autoptr(KdPhrase) phrase = NULL;
  g_autoptr(KdPhraseGroup) group = NULL;
  g_autoptr(GError) local = NULL;
  KdPhraseRecord *rec;
  gboolean all_empty = TRUE;

  if (!st->have_header)
    return read_header (st, row, error);

  for (guint i = 0; i < row->n_fields && all_empty; i++)
    for (const char *c = row->fields[i]; *c != '\0' && all_empty; c++)
      all_empty = g_ascii_isspace (*c);
  if (all_empty)
    return TRUE;  /* ",,," is a blank line too */

  for (guint i = st->n_header; i < row->n_fields; i++)
    if (row->lengths[i] > 0)
      {
        g_set_error (error, KD_PHRASE_CSV_ERROR, KD_PHRASE_CSV_ERROR_FIELDS,
                     _("%s:%zu: %u fields, but the header has %u"),
                     st->name, row->line, row->n_fields, st->n_header);
        return FALSE;
      }

  qianniu = st->format == KD_PHRASE_CSV_QIANNIU;
  rec = g_new0 (KdPhraseRecord, 1);
  rec->line = row->line;
  rec->group = clean_field (field (row, st->column_of[COL_GROUP]), qianniu);
  rec->shortcut = clean_field (field (row, st->column_of[COL_SHORTCUT]), qianniu);
  rec->title = clean_field (field (row, st->column_of[COL_TITLE]), qianniu);
  rec->body = clean_field (field (row, st->column_of[COL_BODY]), qianniu);
  rec->has_title = st->column_of[COL_TITLE] >= 0;
  g_ptr_array_add (st->records, rec);

  if (*rec->group == '\0')
    {
      g_free (rec->group);
      rec->group = g_strdup (KD_PHRASE_CSV_NO_GROUP);
    }

  group = kd_phrase_group_new (rec->group);
  phrase = kd_phrase_new (1, rec->title, rec->body, rec->shortcut);
  if (!kd_phrase_group_validate (group, &local) ||
      !kd_phrase_validate_field (phrase, KD_PHRASE_FIELD_SHORTCUT, &local) ||
      !kd_phrase_validate_field (phrase, KD_PHRASE_FIELD_TITLE, &local) ||
      !kd_phrase_validate_field (phrase, KD_PHRASE_FIELD_BODY, &local))
    {
      g_prefix_error (&local, "%s:%zu: ", st->name, row->line);
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }

  if (*rec->shortcut != '\0')
    {
      g_autofree char *key = g_ascii_strdown (rec->shortcut, -1);
      gpointer earlier = g_hash_table_lookup (st->shortcuts, key);

      if (earlier != NULL)
        {
          g_set_error (error, KD_PHRASE_CSV_ERROR, KD_PHRASE_CSV_ERROR_DUPLICATE,
                       _("%s:%zu: the shortcut “%s” is already used on line %zu of this file"),
                       st->name, row->line, rec->shortcut, (gsize) GPOINTER_TO_SIZE (earlier));
          return FALSE;
        }
      g_hash_table_insert (st->shortcuts, g_steal_pointer (&key), GSIZE_TO_POINTER (row->line));
    }
  return TRUE;
}

GPtrArray *
kd_phrase_csv_read_stream (GInputStream       *stream,
                           const char         *display_name,
                           KdPhraseCsvFormat  *out_format,
                           GCancellable       *cancellable,
                           GError            **error)
{
  g_autoptr(KdCsvReader) reader = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) kd_phrase_record_free);
  ReadState st = { 0 };

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);

  st.name = display_name ? display_name : "-";
  st.records = records;
  st.shortcuts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  /* Quoted bodies may hold line breaks; a row longer than this is not a phrase file. */
  reader = kd_csv_reader_new (stream, KD_CSV_READ_DROP_TRAILING_EMPTY);
  kd_csv_reader_set_max_row_size (reader, 1024 * 1024);
  if (!kd_csv_reader_read_named (reader, st.name, read_row, &st, cancellable, error))
    {
      g_hash_table_unref (st.shortcuts);
      return NULL;
    }
  g_hash_table_unref (st.shortcuts);

  if (!st.have_header)
    {
      g_set_error (error, KD_PHRASE_CSV_ERROR, KD_PHRASE_CSV_ERROR_EMPTY,
                   _("%s:1: the file is empty; its first line must be a header such as “group,shortcut,title,body”"),
                   st.name);
      return NULL;
    }
  if (out_format != NULL)
    *out_format = st.format;
  return g_steal_pointer (&records);
}

GPtrArray *
kd_phrase_csv_read_file (const char         *path,
                         KdPhraseCsvFormat  *out_format,
                         GCancellable       *cancellable,
                         GError            **error)
{
  g_autofree char *name = NULL;
  g_autoptr(GFileInputStream) in = kd_csv_open_file (path, &name, cancellable, error);

  if (in == NULL)
    return NULL;
  return kd_phrase_csv_read_stream (G_INPUT_STREAM (in), name, out_format, cancellable, error);
}

/* ---------------------------------------------------------------- writing */

static char *
qianniu_escape (const char *text)
{
  GString *out = g_string_sized_new (strlen (text));

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\n')
        g_string_append (out, "&#13;");
      else if (*p == ',')
        g_string_append (out, "&#44;");
      else if (*p != '\r')
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static gboolean
write_qianniu (GOutputStream  *stream,
               GPtrArray      *phrases,
               GCancellable   *cancellable,
               GError        **error)
{
  g_autoptr(GString) csv = g_string_new ("快捷短语编码,快捷短语,快捷短语分组\r\n");
  g_autofree char *bytes = NULL;
  g_autoptr(GError) local = NULL;
  gsize n_bytes = 0;

  for (guint i = 0; i < phrases->len; i++)
    {
      KdPhrase *p = g_ptr_array_index (phrases, i);
      g_autofree char *shortcut = qianniu_escape (kd_phrase_get_shortcut (p));
      g_autofree char *body = qianniu_escape (kd_phrase_get_body (p));
      g_autofree char *group = qianniu_escape (kd_phrase_get_group_name (p));

      kd_csv_append_field (csv, shortcut, -1, KD_CSV_WRITE_NO_BOM);
      g_string_append_c (csv, ',');
      kd_csv_append_field (csv, body, -1, KD_CSV_WRITE_NO_BOM);
      g_string_append_c (csv, ',');
      kd_csv_append_field (csv, group, -1, KD_CSV_WRITE_NO_BOM);
      g_string_append (csv, "\r\n");
    }

  /* GB18030 is GBK byte for byte wherever GBK has the character, and has
   * every other one (emoji) too, so an export never fails half-way. */
  bytes = g_convert (csv->str, csv->len, "GB18030", "UTF-8", NULL, &n_bytes, &local);
  if (bytes == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The phrases cannot be written as GBK: %s"), local->message);
      return FALSE;
    }
  return g_output_stream_write_all (stream, bytes, n_bytes, NULL, cancellable, error);
}

gboolean
kd_phrase_csv_write (GOutputStream      *stream,
                     KdPhraseCsvFormat   format,
                     GPtrArray          *phrases,
                     GCancellable       *cancellable,
                     GError            **error)
{
  g_autoptr(KdCsvWriter) writer = NULL;
  static const char * const header[] = { "group", "shortcut", "title", "body" };

  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (phrases != NULL, FALSE);

  if (format == KD_PHRASE_CSV_QIANNIU)
    return write_qianniu (stream, phrases, cancellable, error);

  writer = kd_csv_writer_new (stream, KD_CSV_WRITE_NONE);
  if (!kd_csv_writer_write_row (writer, header, 4, cancellable, error))
    return FALSE;
  for (guint i = 0; i < phrases->len; i++)
    {
      KdPhrase *p = g_ptr_array_index (phrases, i);
      const char *row[] = {
        kd_phrase_get_group_name (p), kd_phrase_get_shortcut (p),
        kd_phrase_get_title (p), kd_phrase_get_body (p),
      };

      if (!kd_csv_writer_write_row (writer, row, 4, cancellable, error))
        return FALSE;
    }
  return kd_csv_writer_flush (writer, cancellable, error);
}
