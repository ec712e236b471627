/* kd-roster-export.h: a month's roster as CSV, iCalendar (.ics) or .xlsx, for the CLI and the window. */
#pragma once

#include <gio/gio.h>

#include "kd-roster-shop.h"
#include "kd-store.h"

G_BEGIN_DECLS

typedef enum {
  KD_ROSTER_EXPORT_CSV,    /* UTF-8 with BOM, CRLF: 工号,姓名,YYYY-MM-DD… */
  KD_ROSTER_EXPORT_ICS,    /* RFC 5545, VTIMEZONE of the local zone */
  KD_ROSTER_EXPORT_XLSX,   /* one sheet, cells in the shifts' colours, and a legend */
} KdRosterExportFormat;

gboolean kd_roster_export_format_from_string (const char           *text,
                                              KdRosterExportFormat *out);

/* The month as the exports see it. */
typedef struct {
  int             year;
  int             month;
  int             n_days;
  KdRosterMonth  *source;      /* templates and staff */
  GPtrArray      *staff;       /* KdStaff*, by job number (natural order); one person with a job number filter */
  int            *shift;       /* [p * n_days + d]: template index, or -1 (day off or not rostered) */
  const char    **leave;       /* [p * n_days + d]: leave code (static) or NULL */
} KdRosterExportData;

void                kd_roster_export_data_free (KdRosterExportData *data);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KdRosterExportData, kd_roster_export_data_free)

/* @job_number: only that person (an error naming it when they are not on
 * the roster), or NULL for every rostered person. */
KdRosterExportData *kd_roster_export_load      (KdStore               *store,
                                                int                    year,
                                                int                    month,
                                                const char            *job_number,
                                                GError               **error);
gboolean            kd_roster_export_write_csv (KdRosterExportData    *data,
                                                GOutputStream         *out,
                                                GError               **error);
/* @dtstamp: UTC Unix seconds for every DTSTAMP (the clock's now). */
char               *kd_roster_export_dup_ics   (KdRosterExportData    *data,
                                                gint64                 dtstamp,
                                                GError               **error);
gboolean            kd_roster_export_write_xlsx (KdRosterExportData   *data,
                                                const char            *path,
                                                GError               **error);

typedef struct {
  int staff;      /* rows (people) written */
  int shifts;     /* shift cells */
  int leave;      /* leave days */
} KdRosterExportCounts;

/* Loads and writes @path in @format. Never overwrites: an existing file
 * is KD_STORE_ERROR_EXISTS; the file appears whole or not at all. */
gboolean            kd_roster_export           (KdStore               *store,
                                                int                    year,
                                                int                    month,
                                                KdRosterExportFormat   format,
                                                const char            *job_number,
                                                const char            *path,
                                                KdRosterExportCounts  *counts,
                                                GError               **error);
void                kd_roster_export_async     (KdStore               *store,
                                                int                    year,
                                                int                    month,
                                                KdRosterExportFormat   format,
                                                const char            *job_number,
                                                const char            *path,
                                                GCancellable          *cancellable,
                                                GAsyncReadyCallback    callback,
                                                gpointer               user_data);
gboolean            kd_roster_export_finish    (GAsyncResult          *result,
                                                KdRosterExportCounts  *counts,
                                                GError               **error);

G_END_DECLS
