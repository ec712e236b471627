/* fuzz-csv.c: the CSV reader never crashes, gives the same rows at any chunk size, and reads back what the writer wrote of them. */
#include <string.h>

#include "kd-csv.h"
#include "kd-csv-private.h"

int LLVMFuzzerTestOneInput (const unsigned char *data, size_t size);

typedef struct {
  GPtrArray *rows;     /* of GStrv: fields never hold NUL */
  char      *error;    /* the reader's error message, if any */
} Result;

static void
result_clear (Result *r)
{
  g_clear_pointer (&r->rows, g_ptr_array_unref);
  g_clear_pointer (&r->error, g_free);
}

static gboolean
collect (const KdCsvRow  *row,
         gpointer         user_data,
         GError         **error)
{
  Result *r = user_data;
  char **fields = g_new0 (char *, row->n_fields + 1);

  if (row->n_fields == 0)
    __builtin_trap ();
  for (guint i = 0; i < row->n_fields; i++)
    {
      if (strlen (row->fields[i]) != row->lengths[i] ||
          !g_utf8_validate (row->fields[i], row->lengths[i], NULL))
        __builtin_trap ();
      fields[i] = g_strndup (row->fields[i], row->lengths[i]);
    }
  g_ptr_array_add (r->rows, fields);
  return TRUE;
}

static void
parse (const void     *data,
       gsize           size,
       KdCsvReadFlags  flags,
       gsize           chunk,
       Result         *r)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (data, size, NULL);
  g_autoptr(KdCsvReader) reader = kd_csv_reader_new (stream, flags);
  g_autoptr(GError) error = NULL;

  r->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  r->error = NULL;
  if (chunk > 0)
    _kd_csv_reader_set_chunk_size (reader, chunk, 64 * 1024);
  if (!kd_csv_reader_read (reader, collect, r, NULL, &error))
    {
      if (error == NULL || error->domain != KD_CSV_ERROR)
        __builtin_trap ();
      r->error = g_strdup (error->message);
    }
  else if (error != NULL)
    __builtin_trap ();
}

static gboolean
same_rows (GPtrArray *a,
           GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (!g_strv_equal (g_ptr_array_index (a, i), g_ptr_array_index (b, i)))
      return FALSE;
  return TRUE;
}

int
LLVMFuzzerTestOneInput (const unsigned char *data,
                        size_t               size)
{
  Result whole = { 0 }, small = { 0 }, again = { 0 }, lenient = { 0 };
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(KdCsvWriter) writer = NULL;

  /* Chunking must not change anything, errors included. */
  parse (data, size, KD_CSV_READ_NONE, 0, &whole);
  parse (data, size, KD_CSV_READ_NONE, 1 + size % 7, &small);
  if (!same_rows (whole.rows, small.rows) || g_strcmp0 (whole.error, small.error) != 0)
    __builtin_trap ();

  /* The writer's output of what was read reads back as the same rows. */
  out = g_memory_output_stream_new_resizable ();
  writer = kd_csv_writer_new (out, KD_CSV_WRITE_NONE);
  for (guint i = 0; i < whole.rows->len; i++)
    {
      const char * const *fields = g_ptr_array_index (whole.rows, i);

      if (!kd_csv_writer_write_row (writer, fields, -1, NULL, NULL))
        __builtin_trap ();
    }
  if (!kd_csv_writer_flush (writer, NULL, NULL))
    __builtin_trap ();
  parse (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out)),
         g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)),
         KD_CSV_READ_NONE, 0, &again);
  if (again.error != NULL || !same_rows (whole.rows, again.rows))
    __builtin_trap ();

  /* The other flags only for crashes; lenient never fails where strict passed. */
  parse (data, size, KD_CSV_READ_LENIENT_QUOTES | KD_CSV_READ_DROP_TRAILING_EMPTY, 0, &lenient);
  if (whole.error == NULL && lenient.error != NULL)
    __builtin_trap ();

  result_clear (&whole);
  result_clear (&small);
  result_clear (&again);
  result_clear (&lenient);
  return 0;
}
