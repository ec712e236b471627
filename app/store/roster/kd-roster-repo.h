/* kd-roster-repo.h: shift templates, roster rules, assignments and leave in the store. */
#pragma once

#include "kd-roster-model.h"
#include "kd-roster-shop.h"
#include "kd-store.h"

G_BEGIN_DECLS

GPtrArray     *kd_roster_repo_list_templates  (KdConn               *conn,
                                               GError              **error);
gboolean       kd_roster_repo_load_rules      (KdConn               *conn,
                                               KdRosterRules        *rules,
                                               GError              **error);
gboolean       kd_roster_repo_save_rules      (KdConn               *conn,
                                               const KdRosterRules  *rules,
                                               GError              **error);
KdRosterMonth *kd_roster_repo_load_month      (KdConn               *conn,
                                               int                   year,
                                               int                   month,
                                               GError              **error);
gboolean       kd_roster_repo_save_roster     (KdConn               *conn,
                                               const KdRosterMonth  *month,
                                               const KdRosterModel  *model,
                                               const KdRoster       *roster,
                                               GError              **error);
gboolean       kd_roster_repo_set_assignment  (KdConn               *conn,
                                               gint64                staff_id,
                                               const char           *day,
                                               gint64                shift_id,
                                               gboolean              locked,
                                               GError              **error);
gboolean       kd_roster_repo_add_leave       (KdConn               *conn,
                                               gint64                staff_id,
                                               const char           *day,
                                               const char           *reason,
                                               GError              **error);
int            kd_roster_repo_count_month     (KdConn               *conn,
                                               int                   year,
                                               int                   month,
                                               GError              **error);
gboolean       kd_roster_repo_add_demo        (KdConn               *conn,
                                               GError              **error);

G_END_DECLS
