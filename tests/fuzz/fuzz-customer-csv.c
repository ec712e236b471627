/* fuzz-customer-csv.c: the customer file reader never crashes, accepts only rows the customer rules accept, and reads back what the writer wrote of them. */
#include <string.h>

#include "kd-customer-csv.h"

int LLVMFuzzerTestOneInput (const unsigned char *data, size_t size);

int
LLVMFuzzerTestOneInput (const unsigned char *data,
                        size_t               size)
{
  g_autoptr(GInputStream) in = g_memory_input_stream_new_from_data (data, (gssize) size, NULL);
  g_autoptr(GPtrArray) rows = kd_customer_csv_read_stream (in, "fuzz.csv", NULL, NULL);
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(KdCustomerCsvWriter) writer = NULL;
  g_autoptr(GPtrArray) back = NULL;

  if (rows == NULL)
    return 0;
  out = g_memory_output_stream_new_resizable ();
  writer = kd_customer_csv_writer_new (out, NULL, NULL, NULL, NULL);
  for (guint i = 0; i < rows->len; i++)
    {
      KdCustomerRecord *r = g_ptr_array_index (rows, i);

      if (!kd_customer_validate (r->customer, NULL))
        __builtin_trap ();
      if (!kd_customer_csv_writer_add (writer, r->customer, NULL))
        __builtin_trap ();
    }
  if (!kd_customer_csv_writer_close (writer, NULL) || !g_output_stream_close (out, NULL, NULL))
    __builtin_trap ();
  {
    GMemoryOutputStream *mem = G_MEMORY_OUTPUT_STREAM (out);
    g_autoptr(GInputStream) again = g_memory_input_stream_new_from_data (g_memory_output_stream_get_data (mem),
                                                                         (gssize) g_memory_output_stream_get_data_size (mem),
                                                                         NULL);
    back = kd_customer_csv_read_stream (again, "again.csv", NULL, NULL);
  }
  if (back == NULL || back->len != rows->len)
    __builtin_trap ();
  for (guint i = 0; i < rows->len; i++)
    {
      KdCustomer *a = ((KdCustomerRecord *) rows->pdata[i])->customer;
      KdCustomer *b = ((KdCustomerRecord *) back->pdata[i])->customer;

      if (strcmp (a->nickname, b->nickname) != 0 || strcmp (a->notes, b->notes) != 0 ||
          strcmp (a->real_name, b->real_name) != 0 || a->vip != b->vip || a->height_cm != b->height_cm ||
          a->phones->len != b->phones->len || a->blacklisted != b->blacklisted)
        __builtin_trap ();
    }
  return 0;
}
