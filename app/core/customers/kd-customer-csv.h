/* kd-customer-csv.h: the customer file (UTF-8 with BOM, nickname first), read and written. */
#pragma once

#include <gio/gio.h>

#include "kd-csv.h"
#include "kd-customer.h"

G_BEGIN_DECLS

#define KD_CUSTOMER_CSV_ERROR (kd_customer_csv_error_quark ())

typedef enum {
  KD_CUSTOMER_CSV_ERROR_EMPTY,      /* no header at all */
  KD_CUSTOMER_CSV_ERROR_HEADER,     /* no nickname column, or a column twice */
  KD_CUSTOMER_CSV_ERROR_FIELDS,     /* a row has more fields than the header */
  KD_CUSTOMER_CSV_ERROR_VALUE,      /* a value the rules refuse */
  KD_CUSTOMER_CSV_ERROR_DUPLICATE,  /* a nickname twice in the file */
} KdCustomerCsvError;

GQuark kd_customer_csv_error_quark (void);

/* The columns, in export order. Import needs "nickname" and reads any of
 * the others that the header has (in any order; the Chinese names of the
 * columns are understood too); the last three are written, never read. */
typedef enum {
  KD_CUSTOMER_COL_NICKNAME,
  KD_CUSTOMER_COL_REAL_NAME,
  KD_CUSTOMER_COL_PHONES,
  KD_CUSTOMER_COL_ADDRESSES,
  KD_CUSTOMER_COL_GENDER,
  KD_CUSTOMER_COL_BIRTHDAY,
  KD_CUSTOMER_COL_VIP,
  KD_CUSTOMER_COL_FIRST_CONTACT,
  KD_CUSTOMER_COL_OWNER,
  KD_CUSTOMER_COL_TAGS,
  KD_CUSTOMER_COL_HEIGHT,
  KD_CUSTOMER_COL_WEIGHT,
  KD_CUSTOMER_COL_USUAL_SIZE,
  KD_CUSTOMER_COL_FIT_NOTES,
  KD_CUSTOMER_COL_COMM_STYLE,
  KD_CUSTOMER_COL_BUYING_TYPE,
  KD_CUSTOMER_COL_BLACKLISTED,
  KD_CUSTOMER_COL_BLACKLIST_REASON,
  KD_CUSTOMER_COL_NOTES,
  KD_CUSTOMER_COL_ORDERS,
  KD_CUSTOMER_COL_TOTAL_PAID,
  KD_CUSTOMER_COL_LAST_ORDER,
  KD_CUSTOMER_N_COLS,
} KdCustomerColumn;

const char *kd_customer_csv_column_name (KdCustomerColumn column);

/* One checked row. @customer holds the row's values; @present says which
 * columns the file has a non-empty cell for in this row (an empty cell
 * leaves a stored value alone when merging). */
typedef struct {
  gsize        line;
  KdCustomer  *customer;
  guint32      present;        /* 1 << KdCustomerColumn */
  char        *owner_job_number;
  GStrv        tags;           /* names, trimmed, none empty */
} KdCustomerRecord;

void        kd_customer_record_free     (KdCustomerRecord *record);

/* Every row, or NULL and "NAME:LINE: column: reason" for the first problem. */
GPtrArray  *kd_customer_csv_read_stream (GInputStream     *stream,
                                         const char       *display_name,
                                         GCancellable     *cancellable,
                                         GError          **error);
GPtrArray  *kd_customer_csv_read_file   (const char       *path,
                                         GCancellable     *cancellable,
                                         GError          **error);

/* A writer for customers, one row each after the header; @owner_job_numbers
 * and @tag_names resolve ids (gint64 → const char *), NULL for none. Fields
 * typed by buyers are guarded against spreadsheet formulas. */
typedef struct _KdCustomerCsvWriter KdCustomerCsvWriter;

KdCustomerCsvWriter *kd_customer_csv_writer_new   (GOutputStream        *stream,
                                                   GHashTable           *owner_job_numbers,
                                                   GHashTable           *tag_names,
                                                   GCancellable         *cancellable,
                                                   GError              **error);
gboolean             kd_customer_csv_writer_add   (KdCustomerCsvWriter  *self,
                                                   KdCustomer           *customer,
                                                   GError              **error);
gboolean             kd_customer_csv_writer_close (KdCustomerCsvWriter  *self,
                                                   GError              **error);
void                 kd_customer_csv_writer_free  (KdCustomerCsvWriter  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KdCustomerCsvWriter, kd_customer_csv_writer_free)

G_END_DECLS
