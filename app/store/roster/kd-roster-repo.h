/* kd-roster-repo.h: shift templates, roster rules, assignments and leave in the store. */
#pragma once

#include "kd-roster-duty.h"
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
gboolean       kd_roster_repo_set_cells       (KdConn                   *conn,
                                               const KdRosterCellWrite  *cells,
                                               guint                     n_cells,
                                               GError                  **error);
gboolean       kd_roster_repo_save_template   (KdConn               *conn,
                                               KdShiftTemplate      *tmpl,
                                               GError              **error);
gboolean       kd_roster_repo_set_special_day (KdConn                  *conn,
                                               const KdSpecialDay      *special,
                                               const KdDayRequirement  *required,
                                               guint                    n_required,
                                               GError                 **error);
gboolean       kd_roster_repo_remove_special_day (KdConn            *conn,
                                                  const GDate       *day,
                                                  GError           **error);
gboolean       kd_roster_repo_list_special_days (KdConn             *conn,
                                                 GPtrArray         **days,
                                                 GArray            **required,
                                                 GError            **error);
gboolean       kd_roster_repo_add_holidays    (KdConn               *conn,
                                               GPtrArray            *days,
                                               int                  *added,
                                               GError              **error);
GPtrArray     *kd_roster_repo_on_duty         (KdConn               *conn,
                                               GDateTime            *at,
                                               GError              **error);
gboolean       kd_roster_repo_solve_demo_month (KdConn              *conn,
                                                int                  year,
                                                int                  month,
                                                GError             **error);
gboolean       kd_roster_repo_add_demo        (KdConn               *conn,
                                               GError              **error);

G_END_DECLS
