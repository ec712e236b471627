/* kd-staff-list.c: staff directory over a KdQueryModel: search, sort, add/edit dialog, delete with undo. */
#include "kd-staff-list-private.h"
#include "kd-columns.h"
#include "kd-staff-dialog.h"
#include "kd-slot-model.h"
#include "kd-text.h"
#include "kd-toast.h"

#include <glib/gi18n.h>

struct _KdStaffList
{
  GtkWidget            parent_instance;

  KdContext           *context;
  KdQueryModel        *model;

  /* The last removal, kept so that Undo can put it back. */
  KdStaff             *removed;
  KdStaffRemoval       removal;
  AdwToast            *undo_toast;    /* weak */
  KdStaffDialog       *dialog;        /* weak */

  /* Applied once the model has the row: after a save, an undo, a delete. */
  gint64               select_id;
  guint                select_position;
  gboolean             select_pending;

  GtkWidget           *box;
  GtkSearchEntry      *search_entry;
  GtkStack            *content_stack;
  GtkColumnView       *column_view;
  GtkSingleSelection  *selection;
  KdSlotModel         *slots;      /* over model: the view keeps its row widgets (kd-slot-model.c) */
  GtkColumnViewColumn *job_number_column;
  GtkColumnViewColumn *phone_masked_column;
  GtkColumnViewColumn *phone_full_column;
};

G_DEFINE_FINAL_TYPE (KdStaffList, kd_staff_list, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static KdStaff *
get_selected (KdStaffList *self)
{
  return kd_slot_unwrap (gtk_single_selection_get_selected_item (self->selection));
}

static KdStaffService *
service (KdStaffList *self)
{
  return kd_context_get_staff_service (self->context);
}

static GCancellable *
cancellable (KdStaffList *self)
{
  return kd_context_get_cancellable (self->context);
}

static void
update_state (KdStaffList *self)
{
  gboolean has_selection;
  guint shown;
  const char *search;

  /* The selection's signals fire while the template is still being built. */
  if (self->content_stack == NULL || self->selection == NULL)
    return;

  shown = self->model ? kd_query_model_get_n_matches (self->model) : 0;
  search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  has_selection = get_selected (self) != NULL;

  if (self->model == NULL || (shown == 0 && kd_query_model_get_loading (self->model)))
    ;  /* keep what is shown until the first answer */
  else if (shown == 0 && *search == '\0')
    gtk_stack_set_visible_child_name (self->content_stack, "empty");
  else if (shown == 0)
    gtk_stack_set_visible_child_name (self->content_stack, "no-results");
  else
    gtk_stack_set_visible_child_name (self->content_stack, "list");

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "staff.edit", has_selection);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "staff.delete", has_selection);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "staff.undo-remove", self->removed != NULL);
}

static void
select_position (KdStaffList *self,
                 guint        position)
{
  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self->column_view), "list.scroll-to-item", "u", position);
}

/* Once the model has caught up with a write, select what the user expects. */
static void
apply_pending_selection (KdStaffList *self)
{
  guint n;

  if (!self->select_pending || self->model == NULL || kd_query_model_get_loading (self->model))
    return;

  self->select_pending = FALSE;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  if (self->select_id > 0)
    {
      guint position = kd_query_model_find_id (self->model, self->select_id);
      if (position != G_MAXUINT)
        select_position (self, position);
    }
  else if (n > 0)
    select_position (self, MIN (self->select_position, n - 1));
  update_state (self);
}

static void
select_when_ready (KdStaffList *self,
                   gint64       id,
                   guint        position)
{
  self->select_id = id;
  self->select_position = position;
  self->select_pending = TRUE;
  apply_pending_selection (self);
}

static void
on_model_loading (KdStaffList *self)
{
  apply_pending_selection (self);
  update_state (self);
}

static void
on_dialog_saved (KdStaffDialog *dialog,
                 KdStaff       *saved,
                 KdStaffList   *self)
{
  g_autofree char *needle = kd_text_normalize (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));

  /* A new person should be visible even when a search hides them. */
  if (!kd_staff_matches (saved, needle))
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");

  select_when_ready (self, kd_staff_get_id (saved), 0);
}

static void
open_dialog (KdStaffList *self,
             KdStaff     *staff)
{
  KdStaffDialog *dialog;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->context == NULL)
    return;

  dialog = kd_staff_dialog_new (self->context, staff);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
  g_signal_connect_object (dialog, "saved", G_CALLBACK (on_dialog_saved), self, 0);
  g_set_weak_pointer (&self->dialog, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_activated (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  open_dialog (KD_STAFF_LIST (widget), NULL);
}

static void
edit_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  KdStaffList *self = KD_STAFF_LIST (widget);
  KdStaff *staff = get_selected (self);

  if (staff != NULL && kd_staff_get_id (staff) > 0)
    open_dialog (self, staff);
}

static void
on_row_activated (GtkColumnView *view,
                  guint          position,
                  KdStaffList   *self)
{
  g_autoptr(KdSlot) slot = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  if (slot != NULL && kd_slot_get_item (slot) != NULL)
    open_dialog (self, kd_slot_get_item (slot));
}

static void
restore_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(KdStaffList) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!kd_staff_service_restore_finish (KD_STAFF_SERVICE (source), result, &error))
    kd_toast_show_error (GTK_WIDGET (self), error);
  update_state (self);
}

static void
undo_remove_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  KdStaffList *self = KD_STAFF_LIST (widget);
  g_autoptr(KdStaff) staff = g_steal_pointer (&self->removed);

  if (staff == NULL)
    return;

  if (self->undo_toast != NULL)
    adw_toast_dismiss (self->undo_toast);

  select_when_ready (self, kd_staff_get_id (staff), 0);
  kd_staff_service_restore_async (service (self), staff, self->removal, cancellable (self),
                                  restore_done, g_object_ref (self));
  update_state (self);
}

typedef struct {
  KdStaffList *self;
  KdStaff     *before;
  guint        position;
} RemoveData;

static void
remove_data_free (RemoveData *rd)
{
  g_clear_object (&rd->self);
  g_clear_object (&rd->before);
  g_free (rd);
}

static void
remove_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  RemoveData *rd = user_data;
  KdStaffList *self = rd->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  KdStaffRemoval removal;
  AdwToast *toast;

  removal = kd_staff_service_remove_finish (KD_STAFF_SERVICE (source), result, &error);
  switch (removal)
    {
    case KD_STAFF_REMOVAL_FAILED:
      kd_toast_show_error (GTK_WIDGET (self), error);
      remove_data_free (rd);
      return;

    case KD_STAFF_REMOVAL_DELETED:
      title = g_strdup_printf (_("Deleted %s"), kd_staff_get_name (rd->before));
      break;

    case KD_STAFF_REMOVAL_DEACTIVATED:
    default:
      title = g_strdup_printf (_("%s has history, so was deactivated instead of deleted"),
                               kd_staff_get_name (rd->before));
      break;
    }

  g_set_object (&self->removed, rd->before);
  self->removal = removal;

  toast = kd_toast_new_undo (GTK_WIDGET (self), title, "staff.undo-remove");
  g_set_weak_pointer (&self->undo_toast, toast);
  kd_toast_show (GTK_WIDGET (self), toast);

  /* Keep the keyboard where it was: select the row now in that place. */
  select_when_ready (self, 0, rd->position);
  remove_data_free (rd);
}

static void
delete_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  KdStaffList *self = KD_STAFF_LIST (widget);
  KdStaff *selected = get_selected (self);
  RemoveData *rd;

  if (selected == NULL || kd_staff_get_id (selected) <= 0)
    return;

  rd = g_new0 (RemoveData, 1);
  rd->self = g_object_ref (self);
  rd->before = kd_staff_copy (selected);
  rd->position = gtk_single_selection_get_selected (self->selection);
  kd_staff_service_remove_async (service (self), selected, cancellable (self), remove_done, rd);
}

static void
find_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  KdStaffList *self = KD_STAFF_LIST (widget);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
on_search_changed (GtkSearchEntry *entry,
                   KdStaffList    *self)
{
  if (self->model != NULL)
    kd_query_model_set_search (self->model, gtk_editable_get_text (GTK_EDITABLE (entry)));
  update_state (self);
}

static void
on_search_activate (GtkSearchEntry *entry,
                    KdStaffList    *self)
{
  /* Enter in the search box moves to the first match. A fast typist gets
   * here before the delayed search-changed: search with the text as it is,
   * and select once the answer is in. */
  on_search_changed (entry, self);
  self->select_id = 0;
  self->select_position = 0;
  self->select_pending = TRUE;
  apply_pending_selection (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

static void
on_stop_search (GtkSearchEntry *entry,
                KdStaffList    *self)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

static void
on_selection_changed (KdStaffList *self)
{
  update_state (self);
}

static void
set_context (KdStaffList *self,
             KdContext   *context)
{
  GSettings *settings;

  if (context == NULL || context == self->context)
    return;
  g_return_if_fail (self->context == NULL);  /* set once */

  self->context = g_object_ref (context);
  self->model = kd_staff_service_create_model (service (self));
  g_signal_connect_object (self->model, "notify::loading", G_CALLBACK (on_model_loading), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::n-matches", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  self->slots = kd_slot_model_new (G_LIST_MODEL (self->model));
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->slots));
  kd_columns_bind_sort (self->column_view, self->model);

  settings = kd_context_get_settings (context);
  g_settings_bind (settings, "show-full-phone", self->phone_full_column, "visible", G_SETTINGS_BIND_GET);
  g_settings_bind (settings, "show-full-phone", self->phone_masked_column, "visible",
                   G_SETTINGS_BIND_GET | G_SETTINGS_BIND_INVERT_BOOLEAN);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_CONTEXT]);
}

GListModel *
kd_staff_list_get_model (KdStaffList *self)
{
  g_return_val_if_fail (KD_IS_STAFF_LIST (self), NULL);
  return G_LIST_MODEL (self->model);
}

KdStaffDialog *
_kd_staff_list_get_dialog (KdStaffList *self)
{
  return self->dialog;
}

AdwToast *
_kd_staff_list_get_undo_toast (KdStaffList *self)
{
  return self->undo_toast;
}

GtkWidget *
_kd_staff_list_get_search_entry (KdStaffList *self)
{
  return GTK_WIDGET (self->search_entry);
}

GListModel *
_kd_staff_list_get_visible_model (KdStaffList *self)
{
  return G_LIST_MODEL (self->selection);
}

const char *
_kd_staff_list_get_state (KdStaffList *self)
{
  return gtk_stack_get_visible_child_name (self->content_stack);
}

gboolean
_kd_staff_list_is_busy (KdStaffList *self)
{
  return self->model == NULL || kd_query_model_get_loading (self->model) || self->select_pending;
}

GtkColumnView *
_kd_staff_list_get_column_view (KdStaffList *self)
{
  return self->column_view;
}

static void
kd_staff_list_dispose (GObject *object)
{
  KdStaffList *self = KD_STAFF_LIST (object);

  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
  g_clear_weak_pointer (&self->dialog);
  g_clear_weak_pointer (&self->undo_toast);

  gtk_widget_dispose_template (GTK_WIDGET (self), KD_TYPE_STAFF_LIST);
  g_clear_object (&self->removed);
  /* The model may outlive the list (a page read on its way holds it). */
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->slots);
  g_clear_object (&self->model);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (kd_staff_list_parent_class)->dispose (object);
}

static void
kd_staff_list_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  KdStaffList *self = KD_STAFF_LIST (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kd_staff_list_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  KdStaffList *self = KD_STAFF_LIST (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      set_context (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kd_staff_list_class_init (KdStaffListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kd_staff_list_dispose;
  object_class->get_property = kd_staff_list_get_property;
  object_class->set_property = kd_staff_list_set_property;

  /* Set once: pages built from a template get it from their parent just
   * after construction (GNOME Calendar's views take their context alike). */
  props[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, KD_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, props);

  g_type_ensure (KD_TYPE_STAFF);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/staff/kd-staff-list.ui");
  gtk_widget_class_bind_template_child (widget_class, KdStaffList, box);
  gtk_widget_class_bind_template_child (widget_class, KdStaffList, search_entry);
  gtk_widget_class_bind_template_child (widget_class, KdStaffList, content_stack);
  gtk_widget_class_bind_template_child (widget_class, KdStaffList, column_view);
  gtk_widget_class_bind_template_child (widget_class, KdStaffList, selection);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_selection_changed);

  gtk_widget_class_install_action (widget_class, "staff.add", NULL, add_activated);
  gtk_widget_class_install_action (widget_class, "staff.edit", NULL, edit_activated);
  gtk_widget_class_install_action (widget_class, "staff.delete", NULL, delete_activated);
  gtk_widget_class_install_action (widget_class, "staff.undo-remove", NULL, undo_remove_activated);
  gtk_widget_class_install_action (widget_class, "staff.find", NULL, find_activated);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "staff.delete", NULL);
}

/* Ctrl+N, Ctrl+E, Ctrl+F and Ctrl+Z work wherever the focus is while the
 * directory is on screen (right after Alt+4 it is still in the header bar,
 * and after a delete the row that had it is gone): the window manages these
 * shortcuts and skips them while the list is not mapped. A focused entry
 * still gets its own Ctrl+Z first. Delete stays bound to the list itself. */
static void
add_page_shortcuts (KdStaffList *self)
{
  static const struct { guint key; const char *action; } shortcuts[] = {
    { GDK_KEY_n, "staff.add" },
    { GDK_KEY_e, "staff.edit" },
    { GDK_KEY_f, "staff.find" },
    { GDK_KEY_z, "staff.undo-remove" },
  };
  GtkEventController *controller = gtk_shortcut_controller_new ();

  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (controller), GTK_SHORTCUT_SCOPE_MANAGED);
  for (guint i = 0; i < G_N_ELEMENTS (shortcuts); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (shortcuts[i].key, GDK_CONTROL_MASK),
                                                            gtk_named_action_new (shortcuts[i].action)));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

static void
kd_staff_list_init (KdStaffList *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* One line a column; the sort keys are the staff query's (kd-staff-repo.c). */
  kd_columns_use_slots (self->column_view);
  self->job_number_column = kd_columns_append_text (self->column_view, _("Job No."), KD_TYPE_STAFF, "job-number", "job-number");
  gtk_column_view_column_set_expand (kd_columns_append_text (self->column_view, _("Name"), KD_TYPE_STAFF, "name", "name"), TRUE);
  gtk_column_view_column_set_expand (kd_columns_append_text (self->column_view, _("Role"), KD_TYPE_STAFF, "role-label", "role"), TRUE);
  self->phone_masked_column = kd_columns_append_text (self->column_view, _("Phone"), KD_TYPE_STAFF, "masked-phone", "phone");
  self->phone_full_column = kd_columns_append_text (self->column_view, _("Phone"), KD_TYPE_STAFF, "phone", "phone");
  kd_columns_append_text (self->column_view, _("Status"), KD_TYPE_STAFF, "active-label", "status");
  gtk_column_view_column_set_visible (self->phone_full_column, FALSE);
  gtk_column_view_sort_by_column (self->column_view, self->job_number_column, GTK_SORT_ASCENDING);

  /* No key capture from the list into the search entry: it would swallow
   * Delete and Ctrl+Z meant for the selected row. Ctrl+F searches. */
  add_page_shortcuts (self);
  update_state (self);
}
