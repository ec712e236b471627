/* fuzz-order-report.c: the order report reader never crashes, and what it accepts holds together: valid order numbers, non-negative amounts, a rejected row always has its reason. */
#include <string.h>

#include "kd-order-report.h"

int LLVMFuzzerTestOneInput (const unsigned char *data, size_t size);

static gboolean
check_row (KdOrderReportRow *row, gpointer user_data, GError **error)
{
  if (row->order != NULL)
    {
      if (!kd_order_no_is_valid (row->order->order_no) || *row->order->buyer == '\0' ||
          row->order->total < 0 || row->order->paid < 0 || row->order->postage < 0 || row->order->created_at == 0 ||
          (guint) row->order->status >= KD_N_ORDER_STATUSES)
        __builtin_trap ();
    }
  else if (row->item == NULL || !kd_order_no_is_valid (row->order_no) || row->item->quantity < 0 || row->item->price < 0)
    __builtin_trap ();
  return TRUE;
}

int
LLVMFuzzerTestOneInput (const unsigned char *data,
                        size_t               size)
{
  static GTimeZone *tz;

  if (tz == NULL)
    tz = g_time_zone_new_offset (8 * 3600);
  for (int skip = 0; skip < 2; skip++)
    {
      g_autoptr(GInputStream) in = g_memory_input_stream_new_from_data (data, (gssize) size, NULL);
      KdOrderReportInfo info = { 0 };

      if (kd_order_report_read_stream (in, "fuzz.csv", tz, skip, check_row, NULL, &info, NULL, NULL))
        for (guint i = 0; info.rejects != NULL && i < info.rejects->len; i++)
          {
            KdOrderReportReject *r = g_ptr_array_index (info.rejects, i);
            if (r->reason == NULL || *r->reason == '\0' || r->line == 0)
              __builtin_trap ();
          }
      kd_order_report_info_clear (&info);
    }
  return 0;
}
