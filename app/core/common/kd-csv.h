/* kd-csv.h: the shared streaming CSV reader and writer (RFC 4180; UTF-8 or GB18030 in, UTF-8 with BOM out). */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define KD_CSV_ERROR (kd_csv_error_quark ())

typedef enum {
  KD_CSV_ERROR_ENCODING,      /* neither UTF-8 nor GB18030, or a NUL byte */
  KD_CSV_ERROR_QUOTE,         /* a quote inside an unquoted field, or text after a closing quote */
  KD_CSV_ERROR_UNTERMINATED,  /* the input ends inside a quoted field */
  KD_CSV_ERROR_TOO_LONG,      /* one row is longer than the reader's limit */
} KdCsvError;

GQuark kd_csv_error_quark (void);

typedef enum {
  KD_CSV_ENCODING_UNKNOWN,    /* nothing read yet */
  KD_CSV_ENCODING_UTF8,
  KD_CSV_ENCODING_UTF8_BOM,   /* UTF-8 that started with a byte order mark (stripped) */
  KD_CSV_ENCODING_GB18030,    /* converted to UTF-8 while reading; covers GBK and GB2312 */
} KdCsvEncoding;

const char *kd_csv_encoding_to_string (KdCsvEncoding encoding);

/**
 * KdCsvReadFlags:
 * @KD_CSV_READ_NONE: strict RFC 4180.
 * @KD_CSV_READ_DROP_TRAILING_EMPTY: when a row ends in a comma (its last
 *   field is empty and unquoted, and it has more than one field), drop that
 *   last field. For reports such as Taobao's item report that end every
 *   row, header included, with a comma. A quoted `""` at the end is kept.
 * @KD_CSV_READ_LENIENT_QUOTES: a quote inside an unquoted field is kept as a
 *   literal character instead of being an error (`="123"` reaches the caller
 *   as those six characters). Text after a closing quote stays an error.
 *
 * Strict by default: a quote inside an unquoted field and anything but a
 * comma or a line end after a closing quote are errors, because both mean
 * the file was not written the way the reader would guess.
 */
typedef enum {
  KD_CSV_READ_NONE                = 0,
  KD_CSV_READ_DROP_TRAILING_EMPTY = 1 << 0,
  KD_CSV_READ_LENIENT_QUOTES      = 1 << 1,
} KdCsvReadFlags;

/**
 * KdCsvRow:
 * @line: the 1-based physical line on which the row starts (quoted line
 *   breaks and skipped blank lines are counted).
 * @n_fields: at least 1.
 * @fields: the fields, UTF-8, each NUL-terminated (a field never contains a
 *   NUL byte: input with one is an encoding error).
 * @lengths: the length of each field in bytes.
 *
 * Valid only during the callback: the reader reuses its memory.
 */
typedef struct {
  gsize               line;
  guint               n_fields;
  const char * const *fields;
  const gsize        *lengths;
} KdCsvRow;

/* Returns FALSE to stop reading: with @error set, reading fails with that
 * error; without, reading stops and succeeds. */
typedef gboolean (*KdCsvRowFunc) (const KdCsvRow  *row,
                                  gpointer         user_data,
                                  GError         **error);

typedef struct _KdCsvReader KdCsvReader;

KdCsvReader   *kd_csv_reader_new              (GInputStream    *stream,
                                               KdCsvReadFlags   flags);
void           kd_csv_reader_free             (KdCsvReader     *self);
void           kd_csv_reader_set_max_row_size (KdCsvReader     *self,
                                               gsize            max_bytes);
gboolean       kd_csv_reader_read             (KdCsvReader     *self,
                                               KdCsvRowFunc     func,
                                               gpointer         user_data,
                                               GCancellable    *cancellable,
                                               GError         **error);
/* kd_csv_reader_read(), a CSV error (a quote, the encoding, a row too
 * long) prefixed with "NAME:LINE: ", the line where it happened. */
gboolean       kd_csv_reader_read_named       (KdCsvReader     *self,
                                               const char      *name,
                                               KdCsvRowFunc     func,
                                               gpointer         user_data,
                                               GCancellable    *cancellable,
                                               GError         **error);
KdCsvEncoding  kd_csv_reader_get_encoding     (KdCsvReader     *self);
void           kd_csv_reader_get_position     (KdCsvReader     *self,
                                               gsize           *line,
                                               gsize           *column,
                                               guint           *field);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KdCsvReader, kd_csv_reader_free)

gboolean       kd_csv_read_stream             (GInputStream    *stream,
                                               KdCsvReadFlags   flags,
                                               KdCsvRowFunc     func,
                                               gpointer         user_data,
                                               KdCsvEncoding   *out_encoding,
                                               GCancellable    *cancellable,
                                               GError         **error);
/* An import's file opened for reading; *@out_name (may be NULL) gets its
 * display name. On failure "Cannot read “NAME”: why". */
GFileInputStream *kd_csv_open_file            (const char      *path,
                                               char           **out_name,
                                               GCancellable    *cancellable,
                                               GError         **error);
/* @error from @cause as "Cannot read “NAME”: why", keeping its domain and code. */
void           kd_csv_set_read_error          (GError         **error,
                                               const char      *name,
                                               const GError    *cause);
gboolean       kd_csv_read_file               (const char      *path,
                                               KdCsvReadFlags   flags,
                                               KdCsvRowFunc     func,
                                               gpointer         user_data,
                                               KdCsvEncoding   *out_encoding,
                                               GCancellable    *cancellable,
                                               GError         **error);

/**
 * KdCsvWriteFlags:
 * @KD_CSV_WRITE_NONE: UTF-8 with a byte order mark, CRLF line ends.
 * @KD_CSV_WRITE_NO_BOM: leave out the byte order mark (for programs that
 *   are not spreadsheets).
 * @KD_CSV_WRITE_GUARD_FORMULAS: a field starting with `=`, `+`, `-`, `@`,
 *   a tab or a CR gets a leading `'`, so that a spreadsheet shows it as text
 *   instead of running it as a formula (OWASP "CSV injection"). Off by
 *   default because it changes the data: "-5" is written as "'-5" and a
 *   reader gets the apostrophe back. Use it for exports meant for Excel that
 *   contain text typed by buyers.
 */
typedef enum {
  KD_CSV_WRITE_NONE           = 0,
  KD_CSV_WRITE_NO_BOM         = 1 << 0,
  KD_CSV_WRITE_GUARD_FORMULAS = 1 << 1,
} KdCsvWriteFlags;

typedef struct _KdCsvWriter KdCsvWriter;

KdCsvWriter   *kd_csv_writer_new              (GOutputStream   *stream,
                                               KdCsvWriteFlags  flags);
void           kd_csv_writer_free             (KdCsvWriter     *self);
gboolean       kd_csv_writer_write_row        (KdCsvWriter     *self,
                                               const char * const *fields,
                                               gssize           n_fields,
                                               GCancellable    *cancellable,
                                               GError         **error);
gboolean       kd_csv_writer_write_row_len    (KdCsvWriter     *self,
                                               const char * const *fields,
                                               const gsize     *lengths,
                                               gsize            n_fields,
                                               GCancellable    *cancellable,
                                               GError         **error);
gboolean       kd_csv_writer_flush            (KdCsvWriter     *self,
                                               GCancellable    *cancellable,
                                               GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KdCsvWriter, kd_csv_writer_free)

void           kd_csv_append_field            (GString         *out,
                                               const char      *field,
                                               gssize           length,
                                               KdCsvWriteFlags  flags);

G_END_DECLS
