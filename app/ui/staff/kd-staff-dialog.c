/* kd-staff-dialog.c: field checks shown inline, Save enabled only when all pass. */
#include "kd-staff-dialog-private.h"
#include "kd-text.h"

#include <glib/gi18n.h>

G_DEFINE_FINAL_TYPE (KdStaffDialog, kd_staff_dialog, ADW_TYPE_WINDOW)

enum {
  FIELD_JOB_NUMBER = 1 << 0,
  FIELD_NAME       = 1 << 1,
  FIELD_PHONE      = 1 << 2,
  FIELD_ALL        = FIELD_JOB_NUMBER | FIELD_NAME | FIELD_PHONE,
};

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
row_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static void
show_error (GtkLabel    *label,
            GtkWidget   *row,
            const char  *message,
            gboolean     visible)
{
  gtk_label_set_text (label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), visible && message != NULL);
  if (message != NULL && visible)
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (row, "error");
}

/* The form as a staff member, for core's rules. */
static KdStaff *
staff_from_form (KdStaffDialog *self)
{
  KdStaff *staff = self->original ? kd_staff_copy (self->original)
                                  : kd_staff_new (NULL, NULL, KD_ROLE_PRESALE, NULL);

  kd_staff_set_job_number (staff, row_text (self->job_number_row));
  kd_staff_set_name (staff, row_text (self->name_row));
  kd_staff_set_role (staff, adw_combo_row_get_selected (self->role_row));
  kd_staff_set_phone (staff, row_text (self->phone_row));
  kd_staff_set_active (staff, gtk_switch_get_active (self->active_switch));
  return staff;
}

static char *
field_message (KdStaff      *staff,
               KdStaffField  field)
{
  g_autoptr(GError) error = NULL;

  if (kd_staff_validate_field (staff, field, &error))
    return NULL;
  return g_strdup (error->message);
}

/* Checks every field with core's rules and the last uniqueness answer;
 * shows the messages of the fields already touched. */
static gboolean
validate (KdStaffDialog *self)
{
  g_autoptr(KdStaff) staff = staff_from_form (self);
  g_autofree char *job_message = field_message (staff, KD_STAFF_FIELD_JOB_NUMBER);
  g_autofree char *name_message = field_message (staff, KD_STAFF_FIELD_NAME);
  g_autofree char *phone_message = field_message (staff, KD_STAFF_FIELD_PHONE);
  gboolean valid;

  if (job_message == NULL && self->holder_message != NULL)
    job_message = g_strdup (self->holder_message);

  show_error (self->job_number_error, GTK_WIDGET (self->job_number_row), job_message,
              self->touched & FIELD_JOB_NUMBER);
  show_error (self->name_error, GTK_WIDGET (self->name_row), name_message,
              self->touched & FIELD_NAME);
  show_error (self->phone_error, GTK_WIDGET (self->phone_row), phone_message,
              self->touched & FIELD_PHONE);

  /* Not while the uniqueness answer for what was typed is still out. */
  valid = job_message == NULL && name_message == NULL && phone_message == NULL;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "staff-dialog.save",
                                 valid && self->holder_check == NULL && !self->saving);
  return valid;
}

gboolean
kd_staff_dialog_is_valid (KdStaffDialog *self)
{
  g_return_val_if_fail (KD_IS_STAFF_DIALOG (self), FALSE);
  return validate (self) && self->holder_check == NULL;
}

/* A uniqueness lookup or a save is under way. */
gboolean
kd_staff_dialog_is_busy (KdStaffDialog *self)
{
  g_return_val_if_fail (KD_IS_STAFF_DIALOG (self), FALSE);
  return self->holder_check != NULL || self->saving;
}

static void
holder_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(KdStaffDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KdStaff) holder = kd_staff_service_find_holder_finish (KD_STAFF_SERVICE (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;  /* a newer lookup replaced this one */

  g_clear_object (&self->holder_check);
  g_clear_pointer (&self->holder_message, g_free);
  if (holder != NULL)
    self->holder_message = g_strdup_printf (_("Job number %s is already used by %s."),
                                            kd_staff_get_job_number (holder), kd_staff_get_name (holder));
  validate (self);
}

/* One indexed lookup per change of the job number, off the main thread. */
static void
check_holder (KdStaffDialog *self)
{
  const char *job_number = row_text (self->job_number_row);

  if (self->holder_check != NULL)
    g_cancellable_cancel (self->holder_check);
  g_clear_object (&self->holder_check);
  g_clear_pointer (&self->holder_message, g_free);

  if (!kd_job_number_is_valid (job_number))
    return;

  self->holder_check = g_cancellable_new ();
  kd_staff_service_find_holder_async (kd_context_get_staff_service (self->context), job_number,
                                      self->original ? kd_staff_get_id (self->original) : 0,
                                      self->holder_check, holder_done, g_object_ref (self));
}

static void
on_field_changed (GtkEditable   *editable,
                  KdStaffDialog *self)
{
  if (editable == GTK_EDITABLE (self->job_number_row))
    {
      self->touched |= FIELD_JOB_NUMBER;
      check_holder (self);
    }
  else if (editable == GTK_EDITABLE (self->name_row))
    self->touched |= FIELD_NAME;
  else if (editable == GTK_EDITABLE (self->phone_row))
    self->touched |= FIELD_PHONE;

  gtk_widget_set_visible (GTK_WIDGET (self->save_error), FALSE);
  validate (self);
}

static void
save_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(KdStaffDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KdStaff) saved = kd_staff_service_save_finish (KD_STAFF_SERVICE (source), result, &error);

  self->saving = FALSE;
  if (saved == NULL)
    {
      /* Another desk may have taken the job number since the check. */
      if (g_error_matches (error, KD_STORE_ERROR, KD_STORE_ERROR_DUPLICATE))
        show_error (self->job_number_error, GTK_WIDGET (self->job_number_row), error->message, TRUE);
      else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self->save_error, GTK_WIDGET (self->save_error), error->message, TRUE);
      validate (self);
      return;
    }

  g_signal_emit (self, signals[SAVED], 0, saved);
  gtk_window_close (GTK_WINDOW (self));
}

static void
save_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  KdStaffDialog *self = KD_STAFF_DIALOG (widget);
  g_autoptr(KdStaff) staff = NULL;

  self->touched = FIELD_ALL;
  if (!validate (self) || self->holder_check != NULL || self->saving)
    return;

  staff = staff_from_form (self);
  self->saving = TRUE;
  validate (self);
  kd_staff_service_save_async (kd_context_get_staff_service (self->context), staff,
                               kd_context_get_cancellable (self->context), save_done, g_object_ref (self));
}

static void
kd_staff_dialog_dispose (GObject *object)
{
  KdStaffDialog *self = KD_STAFF_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KD_TYPE_STAFF_DIALOG);
  if (self->holder_check != NULL)
    g_cancellable_cancel (self->holder_check);
  g_clear_object (&self->holder_check);
  g_clear_pointer (&self->holder_message, g_free);
  g_clear_object (&self->context);
  g_clear_object (&self->original);

  G_OBJECT_CLASS (kd_staff_dialog_parent_class)->dispose (object);
}

static void
kd_staff_dialog_class_init (KdStaffDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kd_staff_dialog_dispose;

  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, KD_TYPE_STAFF);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/staff/kd-staff-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KdStaffDialog, job_number_row);
  gtk_widget_class_bind_template_child (widget_class, KdStaffDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, KdStaffDialog, role_row);
  gtk_widget_class_bind_template_child (widget_class, KdStaffDialog, phone_row);
  gtk_widget_class_bind_template_child (widget_class, KdStaffDialog, active_switch);
  gtk_widget_class_bind_template_child (widget_class, KdStaffDialog, job_number_error);
  gtk_widget_class_bind_template_child (widget_class, KdStaffDialog, name_error);
  gtk_widget_class_bind_template_child (widget_class, KdStaffDialog, phone_error);
  gtk_widget_class_bind_template_child (widget_class, KdStaffDialog, save_error);
  gtk_widget_class_bind_template_child (widget_class, KdStaffDialog, save_button);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed);

  gtk_widget_class_install_action (widget_class, "staff-dialog.save", NULL, save_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "staff-dialog.save", NULL);
}

static void
kd_staff_dialog_init (KdStaffDialog *self)
{
  g_autoptr(GtkStringList) roles = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  for (KdRole r = 0; r < KD_N_ROLES; r++)
    gtk_string_list_append (roles, kd_role_get_label (r));
  adw_combo_row_set_model (self->role_row, G_LIST_MODEL (roles));
}

KdStaffDialog *
kd_staff_dialog_new (KdContext *context,
                     KdStaff   *staff)
{
  KdStaffDialog *self;

  g_return_val_if_fail (KD_IS_CONTEXT (context), NULL);

  self = g_object_new (KD_TYPE_STAFF_DIALOG, NULL);
  self->context = g_object_ref (context);

  if (staff != NULL)
    {
      self->original = kd_staff_copy (staff);
      gtk_window_set_title (GTK_WINDOW (self), _("Edit Staff Member"));
      gtk_editable_set_text (GTK_EDITABLE (self->job_number_row), kd_staff_get_job_number (staff));
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), kd_staff_get_name (staff));
      gtk_editable_set_text (GTK_EDITABLE (self->phone_row), kd_staff_get_phone (staff));
      adw_combo_row_set_selected (self->role_row, kd_staff_get_role (staff));
      gtk_switch_set_active (self->active_switch, kd_staff_get_active (staff));
      self->touched = FIELD_ALL;
    }
  else
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Add Staff Member"));
      self->touched = 0;
    }

  validate (self);

  /* Typing starts in the first field, as it would in any form. */
  gtk_widget_grab_focus (GTK_WIDGET (self->job_number_row));
  return self;
}
