/* kd-bench-orders.h: remarks on a board that orders-bench filled, for its agent filter. */
#pragma once

#include "kd-store.h"

G_BEGIN_DECLS

/* Unless the board has remarks already: one on every fifth order, by ten
 * agents (job numbers "0" to "9", so each has a tenth of them), of flag
 * none, so the orders' flags and the tally stay as they are. */
gboolean kd_bench_orders_add_remarks (KdStore  *store,
                                      guint    *n_remarks,
                                      GError  **error);

G_END_DECLS
