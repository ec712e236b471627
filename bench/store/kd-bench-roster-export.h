/* kd-bench-roster-export.h: a synthetic shop month for roster-export-bench, and the naive per-cell exporter it is measured against. */
#pragma once

#include "kd-store.h"

G_BEGIN_DECLS

/* @n_staff agents (job numbers 101…), every day of the month rostered
 * (D/N/R or off, seeded), and 2 leave days for every fifth person. */
gboolean kd_bench_roster_fill       (KdStore     *store,
                                     int          year,
                                     int          month,
                                     int          n_staff,
                                     guint32      seed,
                                     GError     **error);
/* The baseline: the same CSV written the way a quick script would, one
 * freshly prepared SELECT per cell for the shift and one for leave. */
gboolean kd_bench_roster_naive_csv  (KdStore     *store,
                                     int          year,
                                     int          month,
                                     const char  *path,
                                     GError     **error);

G_END_DECLS
