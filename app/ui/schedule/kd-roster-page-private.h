/* kd-roster-page-private.h: what the widget tests look at. */
#pragma once

#include "kd-roster-grid.h"
#include "kd-roster-page.h"
#include "kd-roster-service.h"

G_BEGIN_DECLS

KdRosterGrid  *_kd_roster_page_get_grid        (KdRosterPage *self);
KdRosterSheet *_kd_roster_page_get_sheet       (KdRosterPage *self);
/* Loading, writing or solving. */
gboolean       _kd_roster_page_is_busy         (KdRosterPage *self);
void           _kd_roster_page_set_month       (KdRosterPage *self,
                                                int           year,
                                                int           month);
void           _kd_roster_page_get_month       (KdRosterPage *self,
                                                int          *year,
                                                int          *month);
GListModel    *_kd_roster_page_get_issues      (KdRosterPage *self);
GtkListView   *_kd_roster_page_get_issue_view  (KdRosterPage *self);
void           _kd_roster_page_set_solve_options (KdRosterPage *self,
                                                  const KdRosterSolveOptions *options);
guint          _kd_roster_page_get_undo_depth  (KdRosterPage *self);
GtkWidget     *_kd_roster_page_get_shift_editor (KdRosterPage *self);
/* The export menu's @key (csv, ics, xlsx, ics-person) to @path, no dialog. */
gboolean       _kd_roster_page_export_to       (KdRosterPage *self,
                                                const char   *key,
                                                const char   *path);
gboolean       _kd_roster_page_export_pdf      (KdRosterPage *self,
                                                const char   *filename,
                                                GError      **error);

G_END_DECLS
