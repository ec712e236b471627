/* kd-roster-grid.h: the month roster as one drawn widget — keyboard and mouse editing, selection, copy and paste, locks. */
#pragma once

#include <gtk/gtk.h>

#include "kd-roster-sheet.h"

G_BEGIN_DECLS

/* One change the grid asks for; the page applies it (and can undo it). */
typedef struct {
  int      person;
  int      day;
  int      value;     /* a shift, KD_ROSTER_OFF or KD_SHEET_EMPTY */
  gboolean locked;
} KdRosterGridEdit;

#define KD_TYPE_ROSTER_GRID (kd_roster_grid_get_type ())
G_DECLARE_FINAL_TYPE (KdRosterGrid, kd_roster_grid, KD, ROSTER_GRID, GtkWidget)

GtkWidget     *kd_roster_grid_new         (void);
/* Borrowed: the page owns the sheet and calls refresh after changing it. */
void           kd_roster_grid_set_sheet   (KdRosterGrid  *self,
                                           KdRosterSheet *sheet);
KdRosterSheet *kd_roster_grid_get_sheet   (KdRosterGrid  *self);
void           kd_roster_grid_refresh     (KdRosterGrid  *self);
/* Day index of today in the sheet's month, or -1. */
void           kd_roster_grid_set_today   (KdRosterGrid  *self,
                                           int            day);
void           kd_roster_grid_set_cursor  (KdRosterGrid  *self,
                                           int            person,
                                           int            day);
void           kd_roster_grid_get_cursor  (KdRosterGrid  *self,
                                           int           *person,
                                           int           *day);
/* The selected rectangle, inclusive. */
void           kd_roster_grid_get_selection (KdRosterGrid *self,
                                             int          *p0,
                                             int          *d0,
                                             int          *p1,
                                             int          *d1);
/* What a screen reader hears for the cursor's cell. */
char          *kd_roster_grid_describe_cursor (KdRosterGrid *self);

G_END_DECLS
