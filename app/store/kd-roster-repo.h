/* kd-roster-repo.h: shift templates, roster rules, assignments and leave in the store. */
#pragma once

#include "kd-roster-model.h"
#include "kd-roster-shop.h"
#include "kd-store.h"

G_BEGIN_DECLS

GPtrArray     *kd_roster_repo_list_templates  (KdStore              *store,
                                               GError              **error);
gboolean       kd_roster_repo_load_rules      (KdStore              *store,
                                               KdRosterRules        *rules,
                                               GError              **error);
gboolean       kd_roster_repo_save_rules      (KdStore              *store,
                                               const KdRosterRules  *rules,
                                               GError              **error);
KdRosterMonth *kd_roster_repo_load_month      (KdStore              *store,
                                               int                   year,
                                               int                   month,
                                               GError              **error);
gboolean       kd_roster_repo_save_roster     (KdStore              *store,
                                               const KdRosterMonth  *month,
                                               const KdRosterModel  *model,
                                               const KdRoster       *roster,
                                               GError              **error);
gboolean       kd_roster_repo_set_assignment  (KdStore              *store,
                                               gint64                staff_id,
                                               const char           *day,
                                               gint64                shift_id,
                                               gboolean              locked,
                                               GError              **error);
gboolean       kd_roster_repo_add_leave       (KdStore              *store,
                                               gint64                staff_id,
                                               const char           *day,
                                               const char           *reason,
                                               GError              **error);
int            kd_roster_repo_count_month     (KdStore              *store,
                                               int                   year,
                                               int                   month,
                                               GError              **error);
gboolean       kd_roster_repo_add_demo        (KdStore              *store,
                                               GError              **error);

G_END_DECLS
