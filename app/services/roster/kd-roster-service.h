/* kd-roster-service.h: filling a month's roster (load, check, solve, explain, save) and its coverage, for the window and the CLI. */
#pragma once

#include <gio/gio.h>

#include "kd-roster-duty.h"
#include "kd-roster-eval.h"
#include "kd-roster-sheet.h"
#include "kd-roster-solver.h"
#include "kd-store.h"

G_BEGIN_DECLS

#define KD_ROSTER_SERVICE_ERROR (kd_roster_service_error_quark ())

typedef enum {
  KD_ROSTER_SERVICE_ERROR_INVALID_OPTIONS,  /* seconds, month out of range */
  KD_ROSTER_SERVICE_ERROR_NO_STAFF,         /* nobody to put on the roster */
} KdRosterServiceError;

GQuark kd_roster_service_error_quark (void);

#define KD_ROSTER_SOLVE_MAX_SECONDS 3600

typedef struct {
  double   seconds;       /* wall-clock budget, 0 < seconds <= 3600 (default 1) */
  guint64  iterations;    /* search steps per core; 0 = only the seconds */
  guint64  seed;          /* default 1 */
  gboolean keep_filled;   /* "Fill": keep every cell already rostered, not only locked ones */
} KdRosterSolveOptions;

void kd_roster_solve_options_init (KdRosterSolveOptions *options);

typedef enum {
  KD_ROSTER_SOLVE_SAVED,       /* every hard rule holds; the roster is written */
  KD_ROSTER_SOLVE_IMPOSSIBLE,  /* refused before searching (capacity); nothing written */
  KD_ROSTER_SOLVE_NOT_FOUND,   /* the best roster found breaks rules; nothing written */
} KdRosterSolveStatus;

typedef struct {
  KdRosterSolveStatus  status;
  int                  year;
  int                  month;
  int                  persons;      /* people on the roster */
  int                  places;       /* places to fill in the month (every day's shifts) */
  int                  filled;       /* of those, filled by the roster found */
  int                  hard_count;   /* hard violations of the roster found */
  gint64               soft_total;
  gint64               soft[KD_N_SOFT_TERMS];  /* the soft penalty's parts, by KdRosterSoftTerm */
  double               elapsed;      /* seconds spent searching */
  GPtrArray           *reasons;      /* char*, translated: why nothing was written; empty when saved */
} KdRosterSolveResult;

void kd_roster_solve_result_free (KdRosterSolveResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KdRosterSolveResult, kd_roster_solve_result_free)

/* Required against assigned, per day and shift, as stored. */
typedef struct {
  int      year;
  int      month;
  int      n_days;
  int      n_shifts;
  char   **shift_codes;   /* [n_shifts] */
  char   **shift_names;   /* [n_shifts] */
  int     *required;      /* [d * n_shifts + s] */
  int     *assigned;      /* [d * n_shifts + s], people on the roster working it */
  int      places;        /* sum of required */
  int      filled;        /* sum of MIN (assigned, required) */
} KdRosterCoverage;

void kd_roster_coverage_free (KdRosterCoverage *coverage);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KdRosterCoverage, kd_roster_coverage_free)

#define KD_TYPE_ROSTER_SERVICE (kd_roster_service_get_type ())
G_DECLARE_FINAL_TYPE (KdRosterService, kd_roster_service, KD, ROSTER_SERVICE, GObject)

KdRosterService  *kd_roster_service_new            (KdStore                     *store);
KdStore          *kd_roster_service_get_store      (KdRosterService             *self);

/* Waits for the search (the CLI). Returns FALSE with an error when the
 * month cannot be read, its rules are out of range, nobody is on the
 * roster or @cancellable fires (G_IO_ERROR_CANCELLED; nothing written).
 * Otherwise TRUE and *@out says whether the roster was saved, and if
 * not, why. @progress is called from the calling thread. */
gboolean          kd_roster_service_solve          (KdRosterService             *self,
                                                    int                          year,
                                                    int                          month,
                                                    const KdRosterSolveOptions  *options,
                                                    GCancellable                *cancellable,
                                                    KdRosterProgressFunc         progress,
                                                    gpointer                     progress_data,
                                                    KdRosterSolveResult        **out,
                                                    GError                     **error);
/* The same in a worker thread (the window). @progress runs in the
 * caller's thread-default main context, at most a few times a second,
 * and never after @callback; @progress_data must live until then. */
void              kd_roster_service_solve_async    (KdRosterService             *self,
                                                    int                          year,
                                                    int                          month,
                                                    const KdRosterSolveOptions  *options,
                                                    GCancellable                *cancellable,
                                                    KdRosterProgressFunc         progress,
                                                    gpointer                     progress_data,
                                                    GAsyncReadyCallback          callback,
                                                    gpointer                     user_data);
KdRosterSolveResult *kd_roster_service_solve_finish (KdRosterService            *self,
                                                    GAsyncResult                *result,
                                                    GError                     **error);

KdRosterCoverage *kd_roster_service_coverage       (KdRosterService             *self,
                                                    int                          year,
                                                    int                          month,
                                                    GError                     **error);

/* The month as the grid shows it, checked. */
KdRosterSheet    *kd_roster_service_load_sheet     (KdRosterService             *self,
                                                    int                          year,
                                                    int                          month,
                                                    GError                     **error);
void              kd_roster_service_load_sheet_async (KdRosterService           *self,
                                                    int                          year,
                                                    int                          month,
                                                    GCancellable                *cancellable,
                                                    GAsyncReadyCallback          callback,
                                                    gpointer                     user_data);
KdRosterSheet    *kd_roster_service_load_sheet_finish (KdRosterService          *self,
                                                    GAsyncResult                *result,
                                                    GError                     **error);

/* Writes grid cells in one transaction (all or none). */
gboolean          kd_roster_service_set_cells      (KdRosterService             *self,
                                                    const KdRosterCellWrite     *cells,
                                                    guint                        n_cells,
                                                    GError                     **error);
void              kd_roster_service_set_cells_async (KdRosterService            *self,
                                                    const KdRosterCellWrite     *cells,
                                                    guint                        n_cells,
                                                    GCancellable                *cancellable,
                                                    GAsyncReadyCallback          callback,
                                                    gpointer                     user_data);
gboolean          kd_roster_service_set_cells_finish (KdRosterService           *self,
                                                    GAsyncResult                *result,
                                                    GError                     **error);

/* Shift templates and special days. */
GPtrArray        *kd_roster_service_list_templates (KdRosterService             *self,
                                                    GError                     **error);
gboolean          kd_roster_service_save_template  (KdRosterService             *self,
                                                    KdShiftTemplate             *tmpl,
                                                    GError                     **error);
gboolean          kd_roster_service_set_special_day (KdRosterService            *self,
                                                    const KdSpecialDay          *special,
                                                    const KdDayRequirement      *required,
                                                    guint                        n_required,
                                                    GError                     **error);
/* Every marked day (KdSpecialDay*) and their numbers (KdDayRequirement). */
gboolean          kd_roster_service_list_special_days (KdRosterService         *self,
                                                    GPtrArray                  **days,
                                                    GArray                     **required,
                                                    GError                     **error);
gboolean          kd_roster_service_remove_special_day (KdRosterService         *self,
                                                    const GDate                 *day,
                                                    GError                     **error);

/* Marks the days of an .ics holiday calendar that are not marked yet (one
 * transaction); *@added: how many. */
gboolean          kd_roster_service_import_holidays (KdRosterService            *self,
                                                    const char                  *ics_text,
                                                    gsize                        length,
                                                    int                         *added,
                                                    GError                     **error);

/* The shop's rule settings (days off, in a row, rest, nights cap, fairness). */
gboolean          kd_roster_service_load_rules     (KdRosterService             *self,
                                                    KdRosterRules               *rules,
                                                    GError                     **error);
gboolean          kd_roster_service_save_rules     (KdRosterService             *self,
                                                    const KdRosterRules         *rules,
                                                    GError                     **error);

/* Who is on duty at @at (KdOnDuty*): a night shift after midnight is the
 * previous day's roster. For sign-in suggestions and alert routing. */
GPtrArray        *kd_roster_service_on_duty        (KdRosterService             *self,
                                                    GDateTime                   *at,
                                                    GError                     **error);

G_END_DECLS
