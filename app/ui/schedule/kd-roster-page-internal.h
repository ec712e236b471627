/* kd-roster-page-internal.h: what the roster page's two files share (kd-roster-page.c: loading, editing, undo, the month; kd-roster-page-run.c: solve, print, export). */
#pragma once

#include "kd-roster-page-private.h"
#include "kd-roster-export.h"

#include <adwaita.h>

G_BEGIN_DECLS

struct _KdRosterPage
{
  GtkWidget             parent_instance;

  KdContext            *context;
  int                   year;
  int                   month;
  KdRosterSheet        *sheet;
  KdRosterSheet        *pending_sheet;   /* arrived while printing */
  gboolean              printing;
  GCancellable         *load_cancellable;
  guint                 load_generation;
  gboolean              loading;
  guint                 pending_writes;
  gboolean              reload_after_writes;
  int                   solve_after_writes;   /* 0, or 1 + keep_filled */
  GCancellable         *solve_cancellable;
  KdRosterSolveOptions  solve_options;
  GQueue                undo;             /* UndoEntry*, newest first */
  AdwToast             *edit_toast;       /* weak */
  GtkStringList        *issues;
  GtkWidget            *shift_editor;     /* weak */

  GtkWidget            *box;
  GtkMenuButton        *month_button;
  GtkCalendar          *calendar;
  GtkLabel             *status_label;
  GtkRevealer          *progress_revealer;
  GtkProgressBar       *progress_bar;
  GtkScrolledWindow    *grid_scroller;
  KdRosterGrid         *grid;
  GtkListView          *issue_view;
  GtkWidget            *no_issues_label;
};

/* kd-roster-page.c */
KdRosterService *_kd_roster_page_service (KdRosterPage *self);
gboolean _kd_roster_page_is_solving (KdRosterPage *self);
void _kd_roster_page_update_actions (KdRosterPage *self);
void _kd_roster_page_install_sheet (KdRosterPage  *self,
                                    KdRosterSheet *sheet);
void _kd_roster_page_load (KdRosterPage *self);
void _kd_roster_page_push_undo (KdRosterPage *self,
                                GArray       *old_writes);
void _kd_roster_page_let_go_of_edit_toast (KdRosterPage *self);
void _kd_roster_page_show_undo_toast (KdRosterPage *self,
                                      const char   *text);

/* kd-roster-page-run.c */
void _kd_roster_page_start_solve (KdRosterPage *self,
                                  gboolean      keep_filled);
void _kd_roster_page_roster_fill (GtkWidget *widget, const char *action_name, GVariant *parameter);
void _kd_roster_page_roster_regenerate (GtkWidget *widget, const char *action_name, GVariant *parameter);
void _kd_roster_page_roster_cancel (GtkWidget *widget, const char *action_name, GVariant *parameter);
void _kd_roster_page_roster_shifts (GtkWidget *widget, const char *action_name, GVariant *parameter);
GtkPrintOperationResult _kd_roster_page_print_sheet (KdRosterPage  *self,
                                                     const char    *export_filename,
                                                     GError       **error);
void _kd_roster_page_roster_print (GtkWidget *widget, const char *action_name, GVariant *parameter);
void _kd_roster_page_start_export (KdRosterPage         *self,
                                   KdRosterExportFormat  format,
                                   const char           *job_number,
                                   const char           *path);
gboolean _kd_roster_page_export_key (KdRosterPage          *self,
                                     const char            *key,
                                     KdRosterExportFormat  *format,
                                     char                 **job_number);
void _kd_roster_page_roster_export (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter);

G_END_DECLS
