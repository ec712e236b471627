/* kd-staff-dialog-private.h: the dialog's parts, for its own code and its tests. */
#pragma once

#include "kd-staff-dialog.h"

G_BEGIN_DECLS

struct _KdStaffDialog
{
  AdwWindow     parent_instance;

  KdContext    *context;
  GCancellable *holder_check;  /* the uniqueness lookup under way */
  char         *holder_message; /* its answer for the job number typed: NULL when free */
  gboolean      saving;
  KdStaff      *original;   /* NULL when adding */
  guint         touched;    /* fields the user has changed, as FIELD_* bits */

  AdwEntryRow  *job_number_row;
  AdwEntryRow  *name_row;
  AdwComboRow  *role_row;
  AdwEntryRow  *phone_row;
  GtkSwitch    *active_switch;
  GtkLabel     *job_number_error;
  GtkLabel     *name_error;
  GtkLabel     *phone_error;
  GtkLabel     *save_error;
  GtkButton    *save_button;
};

G_END_DECLS
