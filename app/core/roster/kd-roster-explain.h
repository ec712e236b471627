/* kd-roster-explain.h: why no roster meets the rules, in the shop's words. */
#pragma once

#include "kd-roster-eval.h"

G_BEGIN_DECLS

/* Before searching: days and shifts that cannot be covered whatever the
 * roster, and month totals the staff cannot reach. Empty when none found
 * (which does not prove a roster exists). Strings are translated. */
GPtrArray *kd_roster_explain_capacity   (const KdRosterModel *model);

/* After searching: one sentence per hard violation left in @score. */
GPtrArray *kd_roster_explain_violations (const KdRosterModel *model,
                                         const KdRoster      *roster,
                                         const KdRosterScore *score);

G_END_DECLS
