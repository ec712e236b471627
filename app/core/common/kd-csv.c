/* kd-csv.c: the shared streaming CSV reader and writer (RFC 4180; UTF-8 or GB18030 in, UTF-8 with BOM out).
 * Over 800 lines on purpose: one streaming state machine (chunks, charset
 * detection, quoting, line and column positions) and the writer beside it;
 * the error paths and the fuzzer's corpus are easier to follow in one file. */
#include "kd-csv.h"
#include "kd-csv-private.h"

#include <string.h>
#include <glib/gi18n-lib.h>

/* One read is one chunk; the encoding is decided on the first 64 KiB, which
 * is several hundred rows of any report we import, so a GBK file whose first
 * Chinese character comes late is still recognised. */
#define DEFAULT_CHUNK_SIZE   (64 * 1024)
#define DEFAULT_DETECT_SIZE  (64 * 1024)
/* Bounds the memory an unterminated quote can make us hold. */
#define DEFAULT_MAX_ROW_SIZE (16 * 1024 * 1024)
#define WRITER_BUFFER_SIZE   (64 * 1024)

G_DEFINE_QUARK (kd-csv-error-quark, kd_csv_error)

typedef enum {
  STATE_ROW_START,
  STATE_FIELD_START,
  STATE_UNQUOTED,
  STATE_QUOTED,
  STATE_QUOTE_IN_QUOTED,
} ParseState;

struct _KdCsvReader
{
  GInputStream   *stream;
  KdCsvReadFlags  flags;
  gsize           chunk_size;
  gsize           detect_size;
  gsize           max_row_size;

  /* Decoding */
  KdCsvEncoding   encoding;
  gboolean        neither;          /* the first chunk was neither UTF-8 nor GB18030 */
  GConverter     *converter;        /* GB18030 → UTF-8, NULL for UTF-8 input */
  guint8          carry[8];         /* a character split by a chunk boundary */
  gsize           carry_len;
  guint8         *scratch;          /* carry + one chunk */
  guint8         *converted;
  gsize           converted_size;

  /* Parsing */
  ParseState      state;
  gsize           line;             /* current physical line, 1-based */
  guint64         offset;           /* bytes of UTF-8 parsed before the current buffer */
  guint64         last_cr;          /* offset + 1 of the last CR, so its LF is not a second line */
  gsize           col_base;         /* characters of the current line before line_ptr */
  const guint8   *line_ptr;         /* where the current line starts in the current buffer */
  const guint8   *count_ptr;        /* column_at() has counted the characters up to here, */
  gsize           count_n;          /* this many since line_ptr */
  gsize           row_line;
  gsize           quote_line;
  gsize           quote_column;
  gboolean        field_quoted;

  char           *row;              /* the current row's fields, each NUL-terminated */
  gsize           row_len;
  gsize           row_cap;
  gsize           field_start;
  /* Each field's offset in row and its length: plain arrays grown by
   * doubling (two appends a field; GArray's call each was a tenth of an
   * order import's reading). */
  gsize          *starts;
  gsize          *lengths;
  guint           n_ends;           /* fields ended in this row */
  guint           ends_cap;
  GPtrArray      *fields;

  KdCsvRowFunc    func;
  gpointer        user_data;
  gboolean        stopped;

  gsize           err_line;
  gsize           err_column;
  guint           err_field;
};

/* Bytes that end a run of ordinary field text. */
static guint8 unquoted_special[256];
static guint8 quoted_special[256];

static void
init_tables (void)
{
  static gsize initialised = 0;

  if (g_once_init_enter (&initialised))
    {
      unquoted_special[','] = unquoted_special['"'] = 1;
      unquoted_special['\r'] = unquoted_special['\n'] = 1;
      quoted_special['"'] = quoted_special['\r'] = quoted_special['\n'] = 1;
      g_once_init_leave (&initialised, 1);
    }
}

const char *
kd_csv_encoding_to_string (KdCsvEncoding encoding)
{
  switch (encoding)
    {
    case KD_CSV_ENCODING_UTF8:     return "UTF-8";
    case KD_CSV_ENCODING_UTF8_BOM: return "UTF-8 (BOM)";
    case KD_CSV_ENCODING_GB18030:  return "GB18030";
    case KD_CSV_ENCODING_UNKNOWN:  return "unknown";
    default:                       return "unknown";
    }
}

KdCsvReader *
kd_csv_reader_new (GInputStream   *stream,
                   KdCsvReadFlags  flags)
{
  KdCsvReader *self;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);

  init_tables ();
  self = g_new0 (KdCsvReader, 1);
  self->stream = g_object_ref (stream);
  self->flags = flags;
  self->chunk_size = DEFAULT_CHUNK_SIZE;
  self->detect_size = DEFAULT_DETECT_SIZE;
  self->max_row_size = DEFAULT_MAX_ROW_SIZE;
  self->fields = g_ptr_array_new ();
  return self;
}

void
kd_csv_reader_free (KdCsvReader *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->stream);
  g_clear_object (&self->converter);
  g_clear_pointer (&self->scratch, g_free);
  g_clear_pointer (&self->converted, g_free);
  g_clear_pointer (&self->row, g_free);
  g_clear_pointer (&self->starts, g_free);
  g_clear_pointer (&self->lengths, g_free);
  g_clear_pointer (&self->fields, g_ptr_array_unref);
  g_free (self);
}

void
kd_csv_reader_set_max_row_size (KdCsvReader *self,
                                gsize        max_bytes)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (max_bytes > 0);
  self->max_row_size = max_bytes;
}

void
_kd_csv_reader_set_chunk_size (KdCsvReader *self,
                               gsize        chunk_size,
                               gsize        detect_size)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (chunk_size > 0 && detect_size > 0);
  self->chunk_size = chunk_size;
  self->detect_size = detect_size;
}

KdCsvEncoding
kd_csv_reader_get_encoding (KdCsvReader *self)
{
  g_return_val_if_fail (self != NULL, KD_CSV_ENCODING_UNKNOWN);
  return self->encoding;
}

/* Where the last reading error was found; all 0 when there was none. */
void
kd_csv_reader_get_position (KdCsvReader *self,
                            gsize       *line,
                            gsize       *column,
                            guint       *field)
{
  g_return_if_fail (self != NULL);
  if (line != NULL)
    *line = self->err_line;
  if (column != NULL)
    *column = self->err_column;
  if (field != NULL)
    *field = self->err_field;
}

/* Characters, not bytes: the column a person counts in an editor. */
static gsize
count_chars (const guint8 *start,
             const guint8 *end)
{
  gsize n = 0;

  for (const guint8 *p = start; p < end; p++)
    n += (*p & 0xC0) != 0x80;
  return n;
}

/* Counted on from the last call, not from the line's start: every quoted
 * field asks, and a report's line has dozens. @p never goes back within a
 * line of the buffer. */
static gsize
column_at (KdCsvReader  *self,
           const guint8 *p)
{
  self->count_n += count_chars (self->count_ptr, p);
  self->count_ptr = p;
  return self->col_base + self->count_n + 1;
}

static void
set_position (KdCsvReader *self,
              gsize        line,
              gsize        column)
{
  self->err_line = line;
  self->err_column = column;
  self->err_field = self->n_ends + 1;
}

static void
newline (KdCsvReader  *self,
         const guint8 *data,
         const guint8 *p)
{
  guint64 at = self->offset + (guint64) (p - data);

  /* The LF of a CRLF ends the line the CR already counted. */
  if (!(*p == '\n' && self->last_cr == at))
    self->line++;
  if (*p == '\r')
    self->last_cr = at + 1;
  self->col_base = 0;
  self->line_ptr = p + 1;
  self->count_ptr = p + 1;
  self->count_n = 0;
}

static gboolean
row_append (KdCsvReader  *self,
            const void   *bytes,
            gsize         n,
            GError      **error)
{
  if (G_UNLIKELY (self->row_len + n > self->row_cap))
    {
      gsize needed = self->row_len + n;

      if (needed > self->max_row_size)
        {
          set_position (self, self->row_line, 1);
          g_set_error (error, KD_CSV_ERROR, KD_CSV_ERROR_TOO_LONG,
                       _("line %zu: the row starting here is longer than %zu bytes"),
                       self->row_line, self->max_row_size);
          return FALSE;
        }
      self->row_cap = MIN (MAX (MAX (self->row_cap * 2, needed), 256), self->max_row_size);
      self->row = g_realloc (self->row, self->row_cap);
    }
  memcpy (self->row + self->row_len, bytes, n);
  self->row_len += n;
  return TRUE;
}

static gboolean
end_field (KdCsvReader  *self,
           GError      **error)
{
  gsize start = self->field_start;
  gsize length = self->row_len - start;

  if (!row_append (self, "", 1, error))
    return FALSE;
  if (G_UNLIKELY (self->n_ends == self->ends_cap))
    {
      self->ends_cap = MAX (64, self->ends_cap * 2);
      self->starts = g_renew (gsize, self->starts, self->ends_cap);
      self->lengths = g_renew (gsize, self->lengths, self->ends_cap);
    }
  self->starts[self->n_ends] = start;
  self->lengths[self->n_ends] = length;
  self->n_ends++;
  self->field_start = self->row_len;
  return TRUE;
}

/* Returns FALSE when the callback stops (self->stopped) or fails. */
static gboolean
end_row (KdCsvReader  *self,
         GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  KdCsvRow row;
  guint n = self->n_ends;
  gboolean ok;

  if ((self->flags & KD_CSV_READ_DROP_TRAILING_EMPTY) != 0 && n > 1 &&
      self->lengths[n - 1] == 0 && !self->field_quoted)
    n--;

  g_ptr_array_set_size (self->fields, n);
  for (guint i = 0; i < n; i++)
    self->fields->pdata[i] = self->row + self->starts[i];

  row.line = self->row_line;
  row.n_fields = n;
  row.fields = (const char * const *) self->fields->pdata;
  row.lengths = self->lengths;

  ok = self->func (&row, self->user_data, &local_error);

  /* Only now: with G_DEBUG=gc-friendly, shrinking an array zeroes what the
   * row points to. */
  self->row_len = 0;
  self->field_start = 0;
  self->n_ends = 0;

  if (!ok)
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        self->stopped = TRUE;
      return FALSE;
    }
  return TRUE;
}

static gboolean
quote_error (KdCsvReader   *self,
             const guint8  *p,
             gboolean       after_closing,
             GError       **error)
{
  set_position (self, self->line, column_at (self, p));
  if (after_closing)
    g_set_error (error, KD_CSV_ERROR, KD_CSV_ERROR_QUOTE,
                 _("line %zu, column %zu: text after the closing quote of a field"),
                 self->err_line, self->err_column);
  else
    g_set_error (error, KD_CSV_ERROR, KD_CSV_ERROR_QUOTE,
                 _("line %zu, column %zu: a quote inside an unquoted field"),
                 self->err_line, self->err_column);
  return FALSE;
}

/* The state machine over valid UTF-8. Runs of plain text are copied at
 * once; only quotes, commas and line ends take a trip through the switch. */
static gboolean
parse (KdCsvReader   *self,
       const guint8  *data,
       gsize          len,
       GError       **error)
{
  const guint8 *p = data;
  const guint8 *end = data + len;

  self->line_ptr = data;
  self->count_ptr = data;
  self->count_n = 0;

  while (p < end)
    {
      switch (self->state)
        {
        case STATE_ROW_START:
          if (*p == '\r' || *p == '\n')
            {
              /* Blank line, or the LF of the CRLF that ended the last row. */
              newline (self, data, p);
              p++;
              break;
            }
          self->row_line = self->line;
          self->state = STATE_FIELD_START;
          break;

        case STATE_FIELD_START:
          if (*p == '"')
            {
              self->quote_line = self->line;
              self->quote_column = column_at (self, p);
              self->field_quoted = TRUE;
              self->state = STATE_QUOTED;
              p++;
            }
          else
            {
              self->field_quoted = FALSE;
              self->state = STATE_UNQUOTED;
            }
          break;

        case STATE_UNQUOTED:
          {
            const guint8 *run = p;

            while (p < end && !unquoted_special[*p])
              p++;
            if (p > run && !row_append (self, run, p - run, error))
              return FALSE;
            if (p == end)
              break;
            if (*p == ',')
              {
                if (!end_field (self, error))
                  return FALSE;
                self->state = STATE_FIELD_START;
                p++;
              }
            else if (*p == '"')
              {
                if ((self->flags & KD_CSV_READ_LENIENT_QUOTES) == 0)
                  return quote_error (self, p, FALSE, error);
                if (!row_append (self, p, 1, error))
                  return FALSE;
                p++;
              }
            else
              {
                newline (self, data, p);
                p++;
                self->state = STATE_ROW_START;
                if (!end_field (self, error) || !end_row (self, error))
                  return FALSE;
              }
          }
          break;

        case STATE_QUOTED:
          {
            const guint8 *run = p;

            while (p < end && !quoted_special[*p])
              p++;
            if (p > run && !row_append (self, run, p - run, error))
              return FALSE;
            if (p == end)
              break;
            if (*p == '"')
              {
                self->state = STATE_QUOTE_IN_QUOTED;
                p++;
              }
            else
              {
                /* A line break inside quotes is data, and still a line of the file. */
                if (!row_append (self, p, 1, error))
                  return FALSE;
                newline (self, data, p);
                p++;
              }
          }
          break;

        case STATE_QUOTE_IN_QUOTED:
          if (*p == '"')
            {
              if (!row_append (self, p, 1, error))
                return FALSE;
              self->state = STATE_QUOTED;
              p++;
            }
          else if (*p == ',')
            {
              if (!end_field (self, error))
                return FALSE;
              self->state = STATE_FIELD_START;
              p++;
            }
          else if (*p == '\r' || *p == '\n')
            {
              newline (self, data, p);
              p++;
              self->state = STATE_ROW_START;
              if (!end_field (self, error) || !end_row (self, error))
                return FALSE;
            }
          else
            return quote_error (self, p, TRUE, error);
          break;

        default:
          g_assert_not_reached ();
        }
    }

  self->col_base += self->count_n + count_chars (self->count_ptr, end);
  self->offset += len;
  return TRUE;
}

static gboolean
finish (KdCsvReader  *self,
        GError      **error)
{
  switch (self->state)
    {
    case STATE_ROW_START:
      return TRUE;

    case STATE_QUOTED:
      set_position (self, self->quote_line, self->quote_column);
      g_set_error (error, KD_CSV_ERROR, KD_CSV_ERROR_UNTERMINATED,
                   _("line %zu, column %zu: the quoted field starting here is never closed"),
                   self->quote_line, self->quote_column);
      return FALSE;

    case STATE_FIELD_START:
      /* The last line ends in a comma: one more, empty, field. */
      self->field_quoted = FALSE;
      G_GNUC_FALLTHROUGH;
    case STATE_UNQUOTED:
    case STATE_QUOTE_IN_QUOTED:
      self->state = STATE_ROW_START;
      return end_field (self, error) && end_row (self, error);

    default:
      g_assert_not_reached ();
    }
  return FALSE;
}

static gboolean
encoding_error (KdCsvReader  *self,
                GError      **error)
{
  /* parse() has consumed everything before the bad byte. */
  set_position (self, self->line, self->col_base + 1);
  if (self->neither)
    g_set_error (error, KD_CSV_ERROR, KD_CSV_ERROR_ENCODING,
                 _("line %zu, column %zu: the text is neither UTF-8 nor GB18030"),
                 self->err_line, self->err_column);
  else if (self->encoding == KD_CSV_ENCODING_GB18030)
    g_set_error (error, KD_CSV_ERROR, KD_CSV_ERROR_ENCODING,
                 _("line %zu, column %zu: the text is not valid GB18030"),
                 self->err_line, self->err_column);
  else
    g_set_error (error, KD_CSV_ERROR, KD_CSV_ERROR_ENCODING,
                 _("line %zu, column %zu: the text is not valid UTF-8"),
                 self->err_line, self->err_column);
  return FALSE;
}

/* Validates and parses UTF-8; an incomplete character at the end is kept
 * for the next chunk when @may_carry. NUL bytes are invalid here. */
static gboolean
feed_utf8 (KdCsvReader   *self,
           const guint8  *data,
           gsize          len,
           gboolean       may_carry,
           GError       **error)
{
  const char *valid_end;
  gsize good, rest;

  if (g_utf8_validate_len ((const char *) data, len, &valid_end))
    return parse (self, data, len, error);

  good = (const guint8 *) valid_end - data;
  rest = len - good;
  if (!parse (self, data, good, error))
    return FALSE;
  if (may_carry && rest < 4 && g_utf8_get_char_validated (valid_end, rest) == (gunichar) -2)
    {
      memcpy (self->carry, valid_end, rest);
      self->carry_len = rest;
      return TRUE;
    }
  return encoding_error (self, error);
}

static gboolean
decode_piece (KdCsvReader   *self,
              const guint8  *raw,
              gsize          len,
              gboolean       at_end,
              GError       **error)
{
  const guint8 *data = raw;
  gsize n = len;

  if (self->carry_len > 0)
    {
      memcpy (self->scratch, self->carry, self->carry_len);
      if (len > 0)
        memcpy (self->scratch + self->carry_len, raw, len);
      data = self->scratch;
      n = self->carry_len + len;
      self->carry_len = 0;
    }

  if (self->converter == NULL)
    return feed_utf8 (self, data, n, !at_end, error);

  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      gsize n_read = 0, n_written = 0;
      GConverterResult res;

      res = g_converter_convert (self->converter, data, n,
                                 self->converted, self->converted_size,
                                 at_end ? G_CONVERTER_INPUT_AT_END : G_CONVERTER_NO_FLAGS,
                                 &n_read, &n_written, &local_error);
      if (res == G_CONVERTER_ERROR)
        {
          if (!at_end && n < sizeof self->carry &&
              g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT))
            {
              if (n > 0)
                memcpy (self->carry, data, n);
              self->carry_len = n;
              return TRUE;
            }
          return encoding_error (self, error);
        }
      /* iconv's output is valid UTF-8 but may hold NUL, which feed_utf8 refuses. */
      if (n_written > 0 && !feed_utf8 (self, self->converted, n_written, FALSE, error))
        return FALSE;
      data += n_read;
      n -= n_read;
      if (res == G_CONVERTER_FINISHED || (n == 0 && !at_end))
        return TRUE;
      if (n_read == 0 && n_written == 0)
        return encoding_error (self, error);
    }
}

/* Hands @len raw bytes to the decoder in pieces of at most one chunk, so the
 * scratch buffers keep their size whatever the caller passes. */
static gboolean
feed (KdCsvReader   *self,
      const guint8  *raw,
      gsize          len,
      gboolean       at_end,
      GError       **error)
{
  do
    {
      gsize piece = MIN (len, self->chunk_size);
      gboolean last = at_end && piece == len;

      if (!decode_piece (self, raw, piece, last, error))
        return FALSE;
      raw += piece;
      len -= piece;
    }
  while (len > 0);
  return TRUE;
}

static gboolean
looks_like_utf8 (const guint8 *data,
                 gsize         len,
                 gboolean      eof)
{
  const char *valid_end;
  gsize rest;

  if (g_utf8_validate_len ((const char *) data, len, &valid_end))
    return TRUE;
  rest = len - ((const guint8 *) valid_end - data);
  return !eof && rest < 4 && g_utf8_get_char_validated (valid_end, rest) == (gunichar) -2;
}

static gboolean
looks_like_gb18030 (const guint8 *data,
                    gsize         len,
                    gboolean      eof)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *converted = NULL;

  /* iconv passes NUL through, but no text file has one. */
  if (memchr (data, '\0', len) != NULL)
    return FALSE;
  converted = g_convert ((const char *) data, len, "UTF-8", "GB18030", NULL, NULL, &local_error);
  if (converted != NULL)
    return TRUE;
  return !eof && g_error_matches (local_error, G_CONVERT_ERROR, G_CONVERT_ERROR_PARTIAL_INPUT);
}

/* Returns how many bytes of BOM to skip. */
static gboolean
detect (KdCsvReader   *self,
        const guint8  *data,
        gsize          len,
        gboolean       eof,
        gsize         *skip,
        GError       **error)
{
  *skip = 0;
  if (len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      self->encoding = KD_CSV_ENCODING_UTF8_BOM;
      *skip = 3;
      return TRUE;
    }
  if (looks_like_utf8 (data, len, eof))
    {
      self->encoding = KD_CSV_ENCODING_UTF8;
      return TRUE;
    }
  if (looks_like_gb18030 (data, len, eof))
    {
      self->converter = G_CONVERTER (g_charset_converter_new ("UTF-8", "GB18030", error));
      if (self->converter == NULL)
        return FALSE;
      self->encoding = KD_CSV_ENCODING_GB18030;
      return TRUE;
    }
  /* Read it as UTF-8 so the error names the first byte that is not. */
  self->encoding = KD_CSV_ENCODING_UTF8;
  self->neither = TRUE;
  return TRUE;
}

static void
reset (KdCsvReader *self)
{
  g_clear_object (&self->converter);
  self->encoding = KD_CSV_ENCODING_UNKNOWN;
  self->neither = FALSE;
  self->carry_len = 0;
  self->state = STATE_ROW_START;
  self->line = 1;
  self->offset = 0;
  self->last_cr = G_MAXUINT64;
  self->col_base = 0;
  self->row_len = 0;
  self->field_start = 0;
  self->stopped = FALSE;
  self->err_line = self->err_column = self->err_field = 0;
  self->n_ends = 0;

  g_free (self->scratch);
  self->scratch = g_malloc (self->chunk_size + sizeof self->carry);
  g_free (self->converted);
  /* GB18030 → UTF-8 grows at most 3:2 (two bytes to three). */
  self->converted_size = 2 * (self->chunk_size + sizeof self->carry) + 16;
  self->converted = g_malloc (self->converted_size);
}

/**
 * kd_csv_reader_read:
 *
 * Reads the whole stream, calling @func once per row. Memory stays bounded
 * by the chunk size and the longest row, whatever the size of the stream.
 *
 * Returns: TRUE at the end of the stream or when @func stopped without an
 *   error; FALSE with @error set otherwise.
 */
gboolean
kd_csv_reader_read (KdCsvReader   *self,
                    KdCsvRowFunc   func,
                    gpointer       user_data,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autofree guint8 *chunk = NULL;
  g_autoptr(GByteArray) prefix = NULL;
  gboolean eof = FALSE;
  gsize skip = 0;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  reset (self);
  self->func = func;
  self->user_data = user_data;
  chunk = g_malloc (self->chunk_size);

  prefix = g_byte_array_sized_new (self->detect_size);
  /* At least 4 bytes, so that a BOM is always seen whole. */
  while (prefix->len < MAX (self->detect_size, 4))
    {
      gssize n;

      /* Not every stream checks, and a small file is read whole here. */
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      n = g_input_stream_read (self->stream, chunk,
                                      MIN (self->chunk_size, MAX (self->detect_size, 4) - prefix->len),
                                      cancellable, error);
      if (n < 0)
        return FALSE;
      if (n == 0)
        {
          eof = TRUE;
          break;
        }
      g_byte_array_append (prefix, chunk, n);
    }

  if (!detect (self, prefix->data, prefix->len, eof, &skip, error))
    return FALSE;
  if (!feed (self, prefix->data + skip, prefix->len - skip, eof, error))
    return self->stopped;
  g_clear_pointer (&prefix, g_byte_array_unref);

  while (!eof)
    {
      gssize n;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      n = g_input_stream_read (self->stream, chunk, self->chunk_size, cancellable, error);
      if (n < 0)
        return FALSE;
      eof = n == 0;
      if (!feed (self, chunk, n, eof, error))
        return self->stopped;
    }

  if (!finish (self, error))
    return self->stopped;
  return TRUE;
}

gboolean
kd_csv_read_stream (GInputStream    *stream,
                    KdCsvReadFlags   flags,
                    KdCsvRowFunc     func,
                    gpointer         user_data,
                    KdCsvEncoding   *out_encoding,
                    GCancellable    *cancellable,
                    GError         **error)
{
  g_autoptr(KdCsvReader) reader = kd_csv_reader_new (stream, flags);
  gboolean ok = kd_csv_reader_read (reader, func, user_data, cancellable, error);

  if (out_encoding != NULL)
    *out_encoding = kd_csv_reader_get_encoding (reader);
  return ok;
}

gboolean
kd_csv_reader_read_named (KdCsvReader   *self,
                          const char    *name,
                          KdCsvRowFunc   func,
                          gpointer       user_data,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr(GError) local = NULL;

  if (kd_csv_reader_read (self, func, user_data, cancellable, &local))
    return TRUE;
  if (local->domain == KD_CSV_ERROR)
    {
      gsize line = 0;

      kd_csv_reader_get_position (self, &line, NULL, NULL);
      g_prefix_error (&local, "%s:%zu: ", name, line);
    }
  g_propagate_error (error, g_steal_pointer (&local));
  return FALSE;
}

void
kd_csv_set_read_error (GError       **error,
                       const char    *name,
                       const GError  *cause)
{
  g_set_error (error, cause->domain, cause->code, _("Cannot read “%s”: %s"), name, cause->message);
}

GFileInputStream *
kd_csv_open_file (const char    *path,
                  char         **out_name,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *name = g_filename_display_name (path);
  g_autoptr(GError) local = NULL;
  GFileInputStream *in = g_file_read (file, cancellable, &local);

  if (in == NULL)
    kd_csv_set_read_error (error, name, local);
  if (out_name != NULL)
    *out_name = g_steal_pointer (&name);
  return in;
}

gboolean
kd_csv_read_file (const char      *path,
                  KdCsvReadFlags   flags,
                  KdCsvRowFunc     func,
                  gpointer         user_data,
                  KdCsvEncoding   *out_encoding,
                  GCancellable    *cancellable,
                  GError         **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) stream = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  if (out_encoding != NULL)
    *out_encoding = KD_CSV_ENCODING_UNKNOWN;
  file = g_file_new_for_path (path);
  stream = g_file_read (file, cancellable, error);
  if (stream == NULL)
    return FALSE;
  return kd_csv_read_stream (G_INPUT_STREAM (stream), flags, func, user_data,
                             out_encoding, cancellable, error);
}

/* Writer */

struct _KdCsvWriter
{
  GOutputStream   *stream;
  KdCsvWriteFlags  flags;
  GString         *buffer;
  gboolean         started;
};

KdCsvWriter *
kd_csv_writer_new (GOutputStream   *stream,
                   KdCsvWriteFlags  flags)
{
  KdCsvWriter *self;

  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), NULL);

  self = g_new0 (KdCsvWriter, 1);
  self->stream = g_object_ref (stream);
  self->flags = flags;
  self->buffer = g_string_sized_new (WRITER_BUFFER_SIZE + 1024);
  return self;
}

/* Does not flush: data not yet flushed with kd_csv_writer_flush() is lost,
 * because an error here could not be reported. */
void
kd_csv_writer_free (KdCsvWriter *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->stream);
  g_string_free (self->buffer, TRUE);
  g_free (self);
}

static void
writer_start (KdCsvWriter *self)
{
  /* Excel takes a CSV without a BOM for the ANSI code page and shows
   * Chinese as mojibake; with it, UTF-8 is recognised. */
  if (!self->started && (self->flags & KD_CSV_WRITE_NO_BOM) == 0)
    g_string_append (self->buffer, "\xEF\xBB\xBF");
  self->started = TRUE;
}

/**
 * kd_csv_append_field:
 * @length: bytes of @field, or -1 when NUL-terminated
 *
 * Appends @field as it goes into a CSV line: in quotes, with quotes
 * doubled, only when it holds a comma, quote, CR or LF, or starts or ends
 * with a space or tab (which some readers trim).
 */
void
kd_csv_append_field (GString         *out,
                     const char      *field,
                     gssize           length,
                     KdCsvWriteFlags  flags)
{
  gsize len = length < 0 ? strlen (field) : (gsize) length;
  gboolean guard = FALSE;
  gboolean quote = FALSE;

  if (len > 0)
    {
      char first = field[0];
      char last = field[len - 1];

      guard = (flags & KD_CSV_WRITE_GUARD_FORMULAS) != 0 &&
              (first == '=' || first == '+' || first == '-' || first == '@' ||
               first == '\t' || first == '\r');
      quote = first == ' ' || first == '\t' || last == ' ' || last == '\t';
      for (gsize i = 0; i < len && !quote; i++)
        quote = field[i] == ',' || field[i] == '"' || field[i] == '\r' || field[i] == '\n';
    }

  if (!quote)
    {
      if (guard)
        g_string_append_c (out, '\'');
      g_string_append_len (out, field, len);
      return;
    }

  g_string_append_c (out, '"');
  if (guard)
    g_string_append_c (out, '\'');
  for (gsize i = 0; i < len; i++)
    {
      const char *q = memchr (field + i, '"', len - i);
      gsize run = (q != NULL ? (gsize) (q - field) : len) - i;

      g_string_append_len (out, field + i, run);
      i += run;
      if (q != NULL)
        g_string_append (out, "\"\"");
    }
  g_string_append_c (out, '"');
}

gboolean
kd_csv_writer_flush (KdCsvWriter   *self,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  writer_start (self);
  if (self->buffer->len > 0 &&
      !g_output_stream_write_all (self->stream, self->buffer->str, self->buffer->len,
                                  NULL, cancellable, error))
    return FALSE;
  g_string_truncate (self->buffer, 0);
  return g_output_stream_flush (self->stream, cancellable, error);
}

/**
 * kd_csv_writer_write_row_len:
 * @fields: UTF-8 text, @n_fields of them (at least one)
 * @lengths: (nullable): their lengths, or NULL when NUL-terminated
 *
 * Buffers the row, CRLF-terminated, and writes the buffer to the stream
 * when it holds 64 KiB. Call kd_csv_writer_flush() at the end.
 */
gboolean
kd_csv_writer_write_row_len (KdCsvWriter         *self,
                             const char * const  *fields,
                             const gsize         *lengths,
                             gsize                n_fields,
                             GCancellable        *cancellable,
                             GError             **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (n_fields > 0, FALSE);

  writer_start (self);
  if (n_fields == 1 && (lengths != NULL ? lengths[0] == 0 : fields[0][0] == '\0'))
    {
      /* A bare empty line would be read back as a blank line and skipped. */
      g_string_append (self->buffer, "\"\"");
    }
  else
    {
      for (gsize i = 0; i < n_fields; i++)
        {
          if (i > 0)
            g_string_append_c (self->buffer, ',');
          kd_csv_append_field (self->buffer, fields[i], lengths != NULL ? (gssize) lengths[i] : -1,
                               self->flags);
        }
    }
  g_string_append (self->buffer, "\r\n");

  if (self->buffer->len >= WRITER_BUFFER_SIZE)
    {
      if (!g_output_stream_write_all (self->stream, self->buffer->str, self->buffer->len,
                                      NULL, cancellable, error))
        return FALSE;
      g_string_truncate (self->buffer, 0);
    }
  return TRUE;
}

/* @n_fields: -1 when @fields is NULL-terminated. */
gboolean
kd_csv_writer_write_row (KdCsvWriter         *self,
                         const char * const  *fields,
                         gssize               n_fields,
                         GCancellable        *cancellable,
                         GError             **error)
{
  g_return_val_if_fail (fields != NULL, FALSE);

  if (n_fields < 0)
    n_fields = g_strv_length ((char **) fields);
  return kd_csv_writer_write_row_len (self, fields, NULL, n_fields, cancellable, error);
}
