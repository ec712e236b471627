/* kd-bench-unpaid.h: a shop of 1 000 000 orders with 50 000 awaiting payment for unpaid-bench, and the full-scan check it is measured against. */
#pragma once

#include "kd-store.h"

G_BEGIN_DECLS

/* @n_orders orders of 100 000 buyers over the last 60 days; every
 * (n_orders / n_awaiting)-th awaits payment, spread over the last 72 h.
 * Those overdue before @now − 60 s were alerted already (the steady
 * state of a desk checking every minute). */
gboolean kd_bench_unpaid_fill (KdStore  *store,
                               guint     n_orders,
                               guint     n_awaiting,
                               gint64    now,
                               GError  **error);
/* The baseline: what a check without the alert table's partial indexes
 * reads — every order (NOT INDEXED), joined to its alert — counting those
 * due at @cutoff that were never alerted. */
gboolean kd_bench_unpaid_scan (KdStore  *store,
                               gint64    cutoff,
                               guint    *n_due,
                               GError  **error);

G_END_DECLS
