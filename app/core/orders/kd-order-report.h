/* kd-order-report.h: Taobao's order report and item report (宝贝报表), read row by row, every quirk of real exports handled. */
#pragma once

#include <gio/gio.h>

#include "kd-order.h"

G_BEGIN_DECLS

#define KD_ORDER_REPORT_ERROR (kd_order_report_error_quark ())

typedef enum {
  KD_ORDER_REPORT_ERROR_EMPTY,     /* no header */
  KD_ORDER_REPORT_ERROR_HEADER,    /* neither report, or a required column missing */
  KD_ORDER_REPORT_ERROR_VALUE,     /* a bad value in a row */
} KdOrderReportError;

GQuark kd_order_report_error_quark (void);

typedef enum {
  KD_ORDER_REPORT_ORDERS,          /* 订单报表 */
  KD_ORDER_REPORT_ITEMS,           /* 宝贝报表 */
} KdOrderReportKind;

/* One row, valid during the callback only. For an order report, @order
 * holds the row (buyer nickname in order->buyer; no ids); a callback that
 * keeps it takes it (g_steal_pointer (&row->order)), and the next row is
 * read into a new one, or into the order the callback leaves in its place
 * (its own reference, cleared by kd_order_clear()). For an item report,
 * @order_no and @item. */
typedef struct {
  gsize        line;
  KdOrder     *order;
  const char  *order_no;
  KdOrderItem *item;
  gboolean     status_unknown;     /* kept as "other" with its words: a warning */
  guint64      offset;             /* bytes of the file read so far, for progress; 0 when not known */
} KdOrderReportRow;

typedef gboolean (*KdOrderRowFunc) (KdOrderReportRow        *row,
                                    gpointer                 user_data,
                                    GError                 **error);

/* A bad row when skipping: its line, what was wrong, and its cells. */
typedef struct {
  gsize   line;
  char   *reason;                  /* "column: reason" */
  GStrv   fields;
} KdOrderReportReject;

void     kd_order_report_reject_free (KdOrderReportReject *reject);

/* What a read gives besides the rows. */
typedef struct {
  KdOrderReportKind  kind;
  GStrv              header;       /* the header cells as read */
  GPtrArray         *rejects;      /* KdOrderReportReject, with skip_bad_rows */
  guint              n_rows;       /* data rows read, rejected ones included */
  guint              warnings;
} KdOrderReportInfo;

void     kd_order_report_info_clear (KdOrderReportInfo *info);

/* Reads every row to @func. @name is the file's display name for
 * messages; times are read in @tz. With @skip_bad_rows a bad row goes to
 * info->rejects and reading goes on; without, reading fails with
 * "NAME:LINE: column: reason" (as does a file that is neither report or
 * lacks one of the required columns, named). UTF-8 with or without BOM
 * and GBK/GB18030 are told apart by the CSV reader. */
gboolean kd_order_report_read_stream (GInputStream       *stream,
                                      const char         *name,
                                      GTimeZone          *tz,
                                      gboolean            skip_bad_rows,
                                      KdOrderRowFunc      func,
                                      gpointer            user_data,
                                      KdOrderReportInfo  *info,
                                      GCancellable       *cancellable,
                                      GError            **error);
/* The same for a file: CSV, or the .xlsx form of the same reports (its
 * first sheet), told apart by content. @func may be NULL: only the header
 * is read (to tell which report a file is). */
gboolean kd_order_report_read_file   (const char         *path,
                                      GTimeZone          *tz,
                                      gboolean            skip_bad_rows,
                                      KdOrderRowFunc      func,
                                      gpointer            user_data,
                                      KdOrderReportInfo  *info,
                                      GCancellable       *cancellable,
                                      GError            **error);

/* Writes @rejects as CSV (UTF-8 with BOM): @header plus "错误原因", each row's cells plus its reason. */
gboolean kd_order_report_write_rejects (GOutputStream  *stream,
                                        const char * const *header,
                                        GPtrArray      *rejects,
                                        GCancellable   *cancellable,
                                        GError        **error);

G_END_DECLS
