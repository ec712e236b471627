/* kd-staff-list.c: staff directory: search, sort, add/edit dialog, delete with undo. */
#include "kd-staff-list-private.h"
#include "kd-staff-dialog.h"
#include "kd-staff-repo.h"
#include "kd-text.h"

#include <glib/gi18n.h>

struct _KdStaffList
{
  GtkWidget            parent_instance;

  KdStore             *store;
  GSettings           *settings;
  GListStore          *staff;
  char                *needle;        /* normalised search text */

  /* The last removal, kept so that Undo can put it back. */
  KdStaff             *removed;
  KdStaffRemoval       removal;
  AdwToast            *undo_toast;    /* weak */
  KdStaffDialog       *dialog;        /* weak */

  GtkWidget           *box;
  GtkSearchEntry      *search_entry;
  GtkStack            *content_stack;
  GtkColumnView       *column_view;
  GtkSingleSelection  *selection;
  GtkSortListModel    *sort_model;
  GtkFilterListModel  *filter_model;
  GtkCustomFilter     *filter;
  GtkColumnViewColumn *job_number_column;
  GtkColumnViewColumn *phone_masked_column;
  GtkColumnViewColumn *phone_full_column;
};

G_DEFINE_FINAL_TYPE (KdStaffList, kd_staff_list, GTK_TYPE_WIDGET)

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  KdStaffList *self = user_data;
  return kd_staff_matches (KD_STAFF (item), self->needle);
}

/* Job numbers sort as people read them: 2 before 10. */
static int
job_number_compare (gconstpointer a,
                    gconstpointer b,
                    gpointer      user_data)
{
  g_autofree char *ka = g_utf8_collate_key_for_filename (kd_staff_get_job_number ((KdStaff *) a), -1);
  g_autofree char *kb = g_utf8_collate_key_for_filename (kd_staff_get_job_number ((KdStaff *) b), -1);
  return g_strcmp0 (ka, kb);
}

static KdStaff *
get_selected (KdStaffList *self)
{
  return gtk_single_selection_get_selected_item (self->selection);
}

static void
update_state (KdStaffList *self)
{
  guint total, shown;
  gboolean has_selection;

  /* The selection's signals fire while the template is still being built. */
  if (self->filter_model == NULL || self->content_stack == NULL)
    return;

  total = self->staff ? g_list_model_get_n_items (G_LIST_MODEL (self->staff)) : 0;
  shown = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  has_selection = get_selected (self) != NULL;

  if (total == 0)
    gtk_stack_set_visible_child_name (self->content_stack, "empty");
  else if (shown == 0)
    gtk_stack_set_visible_child_name (self->content_stack, "no-results");
  else
    gtk_stack_set_visible_child_name (self->content_stack, "list");

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "staff.edit", has_selection);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "staff.delete", has_selection);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "staff.undo-remove", self->removed != NULL);
}

static gboolean
find_by_id (KdStaffList *self,
            gint64       id,
            guint       *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->staff));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KdStaff) s = g_list_model_get_item (G_LIST_MODEL (self->staff), i);
      if (kd_staff_get_id (s) == id)
        {
          *position = i;
          return TRUE;
        }
    }
  return FALSE;
}

static void
select_staff (KdStaffList *self,
              KdStaff     *staff)
{
  GListModel *model = G_LIST_MODEL (self->selection);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KdStaff) s = g_list_model_get_item (model, i);
      if (kd_staff_get_id (s) == kd_staff_get_id (staff))
        {
          gtk_single_selection_set_selected (self->selection, i);
          gtk_widget_activate_action (GTK_WIDGET (self->column_view), "list.scroll-to-item", "u", i);
          return;
        }
    }
}

static void
show_toast (KdStaffList *self,
            AdwToast    *toast)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

static void
show_error_toast (KdStaffList  *self,
                  const GError *error)
{
  g_autofree char *escaped = g_markup_escape_text (error->message, -1);
  show_toast (self, adw_toast_new (escaped));
}

static void
reload (KdStaffList *self)
{
  g_autoptr(GListStore) fresh = NULL;
  g_autoptr(GError) error = NULL;

  if (self->store == NULL)
    return;

  fresh = kd_staff_repo_list (self->store, &error);
  if (fresh == NULL)
    {
      show_error_toast (self, error);
      return;
    }

  g_set_object (&self->staff, fresh);
  gtk_filter_list_model_set_model (self->filter_model, G_LIST_MODEL (self->staff));
  update_state (self);
}

static void
on_dialog_saved (KdStaffDialog *dialog,
                 KdStaff       *saved,
                 KdStaffList   *self)
{
  g_autoptr(KdStaff) item = kd_staff_copy (saved);
  guint position;

  if (find_by_id (self, kd_staff_get_id (item), &position))
    g_list_store_splice (self->staff, position, 1, (gpointer *) &item, 1);
  else
    g_list_store_append (self->staff, item);

  /* A new person should be visible even when a search hides them. */
  if (!kd_staff_matches (item, self->needle))
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");

  update_state (self);
  select_staff (self, item);
}

static void
open_dialog (KdStaffList *self,
             KdStaff     *staff)
{
  KdStaffDialog *dialog;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->store == NULL)
    return;

  dialog = kd_staff_dialog_new (self->store, G_LIST_MODEL (self->staff), staff);
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

  if (staff != NULL)
    open_dialog (self, staff);
}

static void
on_row_activated (GtkColumnView *view,
                  guint          position,
                  KdStaffList   *self)
{
  g_autoptr(KdStaff) staff = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  if (staff != NULL)
    open_dialog (self, staff);
}

static void
undo_remove_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  KdStaffList *self = KD_STAFF_LIST (widget);
  g_autoptr(KdStaff) staff = g_steal_pointer (&self->removed);
  g_autoptr(GError) error = NULL;
  guint position;

  if (staff == NULL)
    return;

  if (self->undo_toast != NULL)
    adw_toast_dismiss (self->undo_toast);

  if (!kd_staff_repo_restore (self->store, staff, self->removal, &error))
    {
      show_error_toast (self, error);
      update_state (self);
      return;
    }

  if (find_by_id (self, kd_staff_get_id (staff), &position))
    g_list_store_splice (self->staff, position, 1, (gpointer *) &staff, 1);
  else
    g_list_store_append (self->staff, staff);

  update_state (self);
  select_staff (self, staff);
}

static void
on_undo_clicked (AdwToast    *toast,
                 KdStaffList *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "staff.undo-remove", NULL);
}

static void
delete_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  KdStaffList *self = KD_STAFF_LIST (widget);
  KdStaff *selected = get_selected (self);
  g_autoptr(KdStaff) before = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  KdStaffRemoval removal;
  AdwToast *toast;
  guint selected_pos;

  if (selected == NULL)
    return;

  before = kd_staff_copy (selected);
  selected_pos = gtk_single_selection_get_selected (self->selection);
  removal = kd_staff_repo_remove (self->store, selected, &error);

  switch (removal)
    {
    case KD_STAFF_REMOVAL_FAILED:
      show_error_toast (self, error);
      return;

    case KD_STAFF_REMOVAL_DELETED:
      {
        guint position;
        if (find_by_id (self, kd_staff_get_id (before), &position))
          g_list_store_remove (self->staff, position);
      }
      name = g_markup_escape_text (kd_staff_get_name (before), -1);
      title = g_strdup_printf (_("Deleted %s"), name);
      break;

    case KD_STAFF_REMOVAL_DEACTIVATED:
    default:
      name = g_markup_escape_text (kd_staff_get_name (before), -1);
      title = g_strdup_printf (_("%s has history, so was deactivated instead of deleted"), name);
      break;
    }

  g_set_object (&self->removed, before);
  self->removal = removal;

  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_undo_clicked), self, 0);
  g_set_weak_pointer (&self->undo_toast, toast);
  show_toast (self, toast);

  /* Keep the keyboard where it was: select the row now in that place. */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->selection)) > 0)
    gtk_single_selection_set_selected (self->selection,
                                       MIN (selected_pos, g_list_model_get_n_items (G_LIST_MODEL (self->selection)) - 1));
  update_state (self);
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
  g_free (self->needle);
  self->needle = kd_text_normalize (gtk_editable_get_text (GTK_EDITABLE (entry)));
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_state (self);
}

static void
on_search_activate (GtkSearchEntry *entry,
                    KdStaffList    *self)
{
  /* Enter in the search box moves to the first match. A fast typist gets
   * here before the delayed search-changed: filter with the text as it is. */
  on_search_changed (entry, self);
  if (g_list_model_get_n_items (G_LIST_MODEL (self->selection)) > 0)
    {
      gtk_single_selection_set_selected (self->selection, 0);
      gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
    }
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

void
kd_staff_list_set_store (KdStaffList *self,
                         KdStore     *store)
{
  g_return_if_fail (KD_IS_STAFF_LIST (self));

  if (!g_set_object (&self->store, store))
    return;
  reload (self);
}

void
kd_staff_list_set_settings (KdStaffList *self,
                            GSettings   *settings)
{
  g_return_if_fail (KD_IS_STAFF_LIST (self));

  if (!g_set_object (&self->settings, settings))
    return;

  g_settings_bind (settings, "show-full-phone", self->phone_full_column, "visible", G_SETTINGS_BIND_GET);
  g_settings_bind (settings, "show-full-phone", self->phone_masked_column, "visible",
                   G_SETTINGS_BIND_GET | G_SETTINGS_BIND_INVERT_BOOLEAN);
}

GListModel *
kd_staff_list_get_model (KdStaffList *self)
{
  g_return_val_if_fail (KD_IS_STAFF_LIST (self), NULL);
  return G_LIST_MODEL (self->staff);
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
  g_clear_object (&self->staff);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->needle, g_free);

  G_OBJECT_CLASS (kd_staff_list_parent_class)->dispose (object);
}

static void
kd_staff_list_class_init (KdStaffListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kd_staff_list_dispose;

  g_type_ensure (KD_TYPE_STAFF);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/staff/kd-staff-list.ui");
  gtk_widget_class_bind_template_child (widget_class, KdStaffList, box);
  gtk_widget_class_bind_template_child (widget_class, KdStaffList, search_entry);
  gtk_widget_class_bind_template_child (widget_class, KdStaffList, content_stack);
  gtk_widget_class_bind_template_child (widget_class, KdStaffList, column_view);
  gtk_widget_class_bind_template_child (widget_class, KdStaffList, selection);
  gtk_widget_class_bind_template_child (widget_class, KdStaffList, sort_model);
  gtk_widget_class_bind_template_child (widget_class, KdStaffList, filter_model);
  gtk_widget_class_bind_template_child (widget_class, KdStaffList, filter);
  gtk_widget_class_bind_template_child (widget_class, KdStaffList, job_number_column);
  gtk_widget_class_bind_template_child (widget_class, KdStaffList, phone_masked_column);
  gtk_widget_class_bind_template_child (widget_class, KdStaffList, phone_full_column);
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
  g_autoptr(GtkSorter) job_sorter = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->needle = g_strdup ("");
  self->staff = g_list_store_new (KD_TYPE_STAFF);
  gtk_custom_filter_set_filter_func (self->filter, filter_func, self, NULL);
  gtk_filter_list_model_set_model (self->filter_model, G_LIST_MODEL (self->staff));
  gtk_sort_list_model_set_sorter (self->sort_model, gtk_column_view_get_sorter (self->column_view));

  job_sorter = GTK_SORTER (gtk_custom_sorter_new (job_number_compare, NULL, NULL));
  gtk_column_view_column_set_sorter (self->job_number_column, job_sorter);
  gtk_column_view_sort_by_column (self->column_view, self->job_number_column, GTK_SORT_ASCENDING);

  /* No key capture from the list into the search entry: it would swallow
   * Delete and Ctrl+Z meant for the selected row. Ctrl+F searches. */
  add_page_shortcuts (self);
  update_state (self);
}
