/* kd-tag-manager.c: the tag manager window: the service's tag list with a row of actions per tag. */
#include "kd-tag-manager.h"
#include "kd-tag-pills.h"
#include "kd-toast.h"

#include <glib/gi18n.h>

struct _KdTagManager
{
  AdwWindow          parent_instance;

  KdContext         *context;
  GListModel        *tags;           /* the service's */
  KdCustomerChange  *last_change;
  AdwToast          *undo_toast;     /* weak */
  int                new_colour;

  GtkMenuButton     *new_colour_button;
  GtkWidget         *new_colour_swatch;
  GtkEntry          *new_name_entry;
  GtkLabel          *error_label;
  GtkStack          *stack;
  GtkListView       *list_view;
};

G_DEFINE_FINAL_TYPE (KdTagManager, kd_tag_manager, ADW_TYPE_WINDOW)

enum {
  SIGNAL_TAGS_EDITED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static KdCustomerService *
service (KdTagManager *self)
{
  return kd_context_get_customer_service (self->context);
}

static GCancellable *
cancellable (KdTagManager *self)
{
  return kd_context_get_cancellable (self->context);
}

static void
update_state (KdTagManager *self)
{
  gtk_stack_set_visible_child_name (self->stack, g_list_model_get_n_items (self->tags) > 0 ? "list" : "empty");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tags.undo", self->last_change != NULL);
}

static void
show_error (KdTagManager *self,
            const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_label_set_text (self->error_label, error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
}

/* ---------------------------------------------------------------- palette */

/* Nine swatches; each names @action with (@tag_id, colour), or just the
 * colour when @tag_id is negative. */
static void palette_set_tag (GtkWidget *grid, gint64 tag_id);

/* The target comes before the action name: a named action with a missing
 * target is a warning once the widget is in a window. */
static GtkWidget *
palette_new (const char *action,
             gint64      tag_id)
{
  GtkWidget *grid = gtk_grid_new ();

  gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 4);
  for (int i = 0; i < KD_TAG_N_COLOURS; i++)
    {
      GtkWidget *button = gtk_button_new ();
      GtkWidget *swatch = gtk_label_new (NULL);

      gtk_widget_add_css_class (swatch, "kd-swatch");
      gtk_widget_set_halign (swatch, GTK_ALIGN_CENTER);
      gtk_widget_set_valign (swatch, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (swatch, kd_tag_pills_colour_class (i));
      gtk_button_set_child (GTK_BUTTON (button), swatch);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, kd_tag_colour_get_label (i));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, kd_tag_colour_get_label (i), -1);
      g_object_set_data (G_OBJECT (button), "kd-colour", GINT_TO_POINTER (i));
      gtk_grid_attach (GTK_GRID (grid), button, i % 3, i / 3, 1, 1);
    }
  palette_set_tag (grid, tag_id);
  for (GtkWidget *b = gtk_widget_get_first_child (grid); b; b = gtk_widget_get_next_sibling (b))
    gtk_actionable_set_action_name (GTK_ACTIONABLE (b), action);
  return grid;
}

static void
palette_set_tag (GtkWidget *grid,
                 gint64     tag_id)
{
  for (GtkWidget *b = gtk_widget_get_first_child (grid); b; b = gtk_widget_get_next_sibling (b))
    {
      int colour = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (b), "kd-colour"));
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (b),
                                              tag_id >= 0 ? g_variant_new ("(xi)", tag_id, colour)
                                                          : g_variant_new_int32 (colour));
    }
}

static void
set_swatch (GtkWidget *swatch,
            int        colour)
{
  for (int i = 0; i < KD_TAG_N_COLOURS; i++)
    gtk_widget_remove_css_class (swatch, kd_tag_pills_colour_class (i));
  gtk_widget_add_css_class (swatch, kd_tag_pills_colour_class (colour));
}

/* ---------------------------------------------------------------- rows */

typedef struct {
  GtkWidget *colour_button;
  GtkWidget *swatch;
  GtkWidget *palette;
  GtkWidget *name;
  GtkWidget *count;
  GtkWidget *rename;
  GtkWidget *merge;
  GtkWidget *delete;
} Row;

static void
update_row (KdTag      *tag,
            GParamSpec *pspec,
            Row        *row)
{
  int n = kd_tag_get_n_customers (tag);
  /* Translators: in the tag manager, how many customers have the tag */
  g_autofree char *count = g_strdup_printf (ngettext ("%d customer", "%d customers", n), n);

  gtk_label_set_text (GTK_LABEL (row->name), kd_tag_get_name (tag));
  kd_tag_pills_style_label (row->name, kd_tag_get_colour (tag));
  gtk_label_set_text (GTK_LABEL (row->count), count);
  set_swatch (row->swatch, kd_tag_get_colour (tag));
}

static GtkWidget *
icon_button (const char *icon,
             const char *label,
             const char *action)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_int64 (0));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  return button;
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *popover = gtk_popover_new ();
  Row *row = g_new0 (Row, 1);

  row->colour_button = gtk_menu_button_new ();
  row->swatch = gtk_label_new (NULL);
  gtk_widget_add_css_class (row->swatch, "kd-swatch");
  gtk_widget_set_halign (row->swatch, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (row->swatch, GTK_ALIGN_CENTER);
  gtk_menu_button_set_child (GTK_MENU_BUTTON (row->colour_button), row->swatch);
  gtk_widget_set_valign (row->colour_button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (row->colour_button, _("Colour"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->colour_button), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Tag colour"), -1);
  row->palette = palette_new ("tags.recolour", 0);
  gtk_popover_set_child (GTK_POPOVER (popover), row->palette);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (row->colour_button), popover);

  row->name = gtk_label_new (NULL);
  gtk_widget_set_valign (row->name, GTK_ALIGN_CENTER);
  row->count = gtk_label_new (NULL);
  gtk_widget_set_hexpand (row->count, TRUE);
  gtk_label_set_xalign (GTK_LABEL (row->count), 0);
  gtk_widget_add_css_class (row->count, "dim-label");
  row->rename = icon_button ("document-edit-symbolic", _("Rename tag"), "tags.rename");
  row->merge = icon_button ("insert-link-symbolic", _("Merge into another tag"), "tags.merge");
  row->delete = icon_button ("user-trash-symbolic", _("Delete tag"), "tags.delete");

  gtk_box_append (GTK_BOX (box), row->colour_button);
  gtk_box_append (GTK_BOX (box), row->name);
  gtk_box_append (GTK_BOX (box), row->count);
  gtk_box_append (GTK_BOX (box), row->rename);
  gtk_box_append (GTK_BOX (box), row->merge);
  gtk_box_append (GTK_BOX (box), row->delete);
  g_object_set_data_full (G_OBJECT (box), "kd-row", row, g_free);
  gtk_list_item_set_child (item, box);
  gtk_list_item_set_activatable (item, FALSE);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  user_data)
{
  KdTag *tag = gtk_list_item_get_item (item);
  Row *row = g_object_get_data (G_OBJECT (gtk_list_item_get_child (item)), "kd-row");
  gint64 id = kd_tag_get_id (tag);

  palette_set_tag (row->palette, id);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (row->rename), g_variant_new_int64 (id));
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (row->merge), g_variant_new_int64 (id));
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (row->delete), g_variant_new_int64 (id));
  update_row (tag, NULL, row);
  g_signal_connect (tag, "notify", G_CALLBACK (update_row), row);
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  Row *row = g_object_get_data (G_OBJECT (gtk_list_item_get_child (item)), "kd-row");
  g_signal_handlers_disconnect_by_func (gtk_list_item_get_item (item), update_row, row);
}

/* ---------------------------------------------------------------- writes */

typedef struct {
  KdTagManager *self;
  char         *text;   /* the toast's, %s-free */
  gboolean      undoable;
} WriteData;

static void
write_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  WriteData *wd = user_data;
  KdTagManager *self = wd->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(KdCustomerChange) change = kd_customer_service_write_finish (KD_CUSTOMER_SERVICE (source), result, &error);

  if (change == NULL)
    show_error (self, error);
  else
    {
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
      if (wd->undoable)
        {
          AdwToast *toast;

          g_clear_pointer (&self->last_change, kd_customer_change_unref);
          self->last_change = g_steal_pointer (&change);
          if (self->undo_toast != NULL)
            adw_toast_dismiss (self->undo_toast);
          toast = kd_toast_new_undo (GTK_WIDGET (self), wd->text, "tags.undo");
          g_set_weak_pointer (&self->undo_toast, toast);
          kd_toast_show (GTK_WIDGET (self), toast);
        }
      else if (wd->text != NULL)
        kd_toast_show (GTK_WIDGET (self), kd_toast_new (wd->text));
      g_signal_emit (self, signals[SIGNAL_TAGS_EDITED], 0);
    }
  update_state (self);
  g_object_unref (wd->self);
  g_free (wd->text);
  g_free (wd);
}

static WriteData *
write_data (KdTagManager *self,
            char         *text,
            gboolean      undoable)
{
  WriteData *wd = g_new0 (WriteData, 1);

  wd->self = g_object_ref (self);
  wd->text = text;
  wd->undoable = undoable;
  return wd;
}

static void
save_tag (KdTagManager *self,
          KdTag        *tag,
          char         *toast_text)
{
  g_autoptr(GError) error = NULL;

  if (!kd_tag_validate (tag, &error))
    {
      show_error (self, error);
      g_free (toast_text);
      return;
    }
  kd_customer_service_save_tag_async (service (self), tag, cancellable (self), write_done,
                                      write_data (self, toast_text, TRUE));
}

static void
add_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  KdTagManager *self = KD_TAG_MANAGER (widget);
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->new_name_entry))));
  g_autoptr(KdTag) tag = NULL;

  if (*text == '\0')
    return;
  tag = kd_tag_new (text, self->new_colour);
  /* Translators: after adding a tag */
  save_tag (self, tag, g_strdup_printf (_("Added the tag “%s”"), text));
  gtk_editable_set_text (GTK_EDITABLE (self->new_name_entry), "");
  self->new_colour = (self->new_colour + 1) % KD_TAG_N_COLOURS;
  set_swatch (self->new_colour_swatch, self->new_colour);
}

static void
on_new_name_activate (KdTagManager *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "tags.add", NULL);
}

static void
on_new_name_changed (KdTagManager *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
}

static void
new_colour_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  KdTagManager *self = KD_TAG_MANAGER (widget);

  self->new_colour = CLAMP (g_variant_get_int32 (param), 0, KD_TAG_N_COLOURS - 1);
  set_swatch (self->new_colour_swatch, self->new_colour);
  gtk_menu_button_popdown (self->new_colour_button);
}

static void
recolour_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  KdTagManager *self = KD_TAG_MANAGER (widget);
  gint64 id;
  int colour;
  KdTag *tag;
  g_autoptr(KdTag) copy = NULL;

  g_variant_get (param, "(xi)", &id, &colour);
  tag = kd_customer_service_lookup_tag (service (self), id);
  if (tag == NULL || kd_tag_get_colour (tag) == colour)
    return;
  copy = kd_tag_copy (tag);
  kd_tag_set_colour (copy, colour);
  /* Translators: after recolouring a tag; the tag and the colour */
  save_tag (self, copy, g_strdup_printf (_("“%s” is now %s"), kd_tag_get_name (tag), kd_tag_colour_get_label (colour)));
}

typedef struct {
  KdTagManager *self;
  gint64        tag_id;
  GtkWidget    *input;   /* an entry (rename) or a drop-down (merge) */
  GListStore   *others;
} DialogData;

static void
dialog_data_free (DialogData *dd)
{
  g_clear_object (&dd->self);
  g_clear_object (&dd->others);
  g_free (dd);
}

static GtkWidget *
message_dialog (KdTagManager *self,
                const char   *heading,
                const char   *body,
                const char   *apply_label)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "apply", apply_label, NULL);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "apply");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "apply", ADW_RESPONSE_SUGGESTED);
  return dialog;
}

static void
on_rename_response (AdwMessageDialog *dialog,
                    const char       *response,
                    DialogData       *dd)
{
  KdTag *tag = kd_customer_service_lookup_tag (service (dd->self), dd->tag_id);
  g_autofree char *name = NULL;
  g_autoptr(KdTag) copy = NULL;

  if (g_strcmp0 (response, "apply") != 0 || tag == NULL)
    return;
  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (dd->input))));
  if (g_strcmp0 (name, kd_tag_get_name (tag)) == 0)
    return;
  copy = kd_tag_copy (tag);
  kd_tag_set_name (copy, name);
  /* Translators: after renaming a tag; the old and the new name */
  save_tag (dd->self, copy, g_strdup_printf (_("Renamed “%s” to “%s”"), kd_tag_get_name (tag), name));
}

static void
rename_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  KdTagManager *self = KD_TAG_MANAGER (widget);
  KdTag *tag = kd_customer_service_lookup_tag (service (self), g_variant_get_int64 (param));
  GtkWidget *dialog, *entry;
  DialogData *dd;

  if (tag == NULL)
    return;
  dialog = message_dialog (self, _("Rename Tag"), NULL, _("_Rename"));
  entry = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (entry), kd_tag_get_name (tag));
  gtk_entry_set_max_length (GTK_ENTRY (entry), KD_TAG_NAME_MAX);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Tag name"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  dd = g_new0 (DialogData, 1);
  dd->self = g_object_ref (self);
  dd->tag_id = kd_tag_get_id (tag);
  dd->input = entry;
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_rename_response), dd,
                         (GClosureNotify) (void (*) (void)) dialog_data_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_merge_response (AdwMessageDialog *dialog,
                   const char       *response,
                   DialogData       *dd)
{
  KdTag *from = kd_customer_service_lookup_tag (service (dd->self), dd->tag_id);
  KdTag *into = gtk_drop_down_get_selected_item (GTK_DROP_DOWN (dd->input));

  if (g_strcmp0 (response, "apply") != 0 || from == NULL || into == NULL)
    return;
  kd_customer_service_merge_tags_async (service (dd->self), kd_tag_get_id (from), kd_tag_get_id (into), cancellable (dd->self),
                                        write_done,
                                        /* Translators: after merging two tags */
                                        write_data (dd->self, g_strdup_printf (_("Merged “%s” into “%s”"),
                                                                               kd_tag_get_name (from), kd_tag_get_name (into)),
                                                    TRUE));
}

static void
merge_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  KdTagManager *self = KD_TAG_MANAGER (widget);
  KdTag *tag = kd_customer_service_lookup_tag (service (self), g_variant_get_int64 (param));
  g_autofree char *heading = NULL;
  g_autoptr(GtkExpression) expr = NULL;
  GtkWidget *dialog, *drop_down;
  DialogData *dd;
  guint n = g_list_model_get_n_items (self->tags);

  if (tag == NULL)
    return;
  dd = g_new0 (DialogData, 1);
  dd->self = g_object_ref (self);
  dd->tag_id = kd_tag_get_id (tag);
  dd->others = g_list_store_new (KD_TYPE_TAG);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KdTag) other = g_list_model_get_item (self->tags, i);
      if (kd_tag_get_id (other) != dd->tag_id)
        g_list_store_append (dd->others, other);
    }
  /* Translators: the merge-tags dialog; %s is the tag that goes away */
  heading = g_strdup_printf (_("Merge “%s” Into…"), kd_tag_get_name (tag));
  dialog = message_dialog (self, heading, _("Its customers get the chosen tag, and this tag is deleted."), _("_Merge"));
  expr = gtk_property_expression_new (KD_TYPE_TAG, NULL, "name");
  drop_down = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (dd->others)), g_steal_pointer (&expr));
  gtk_accessible_update_property (GTK_ACCESSIBLE (drop_down), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Merge into"), -1);
  dd->input = drop_down;
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), drop_down);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_merge_response), dd,
                         (GClosureNotify) (void (*) (void)) dialog_data_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
delete_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  KdTagManager *self = KD_TAG_MANAGER (widget);
  KdTag *tag = kd_customer_service_lookup_tag (service (self), g_variant_get_int64 (param));

  if (tag == NULL)
    return;
  kd_customer_service_delete_tag_async (service (self), kd_tag_get_id (tag), cancellable (self), write_done,
                                        /* Translators: after deleting a tag; %s is its name */
                                        write_data (self, g_strdup_printf (_("Deleted the tag “%s”"), kd_tag_get_name (tag)),
                                                    TRUE));
}

static void
undo_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  KdTagManager *self = KD_TAG_MANAGER (widget);
  g_autoptr(KdCustomerChange) change = g_steal_pointer (&self->last_change);

  if (change == NULL)
    return;
  if (self->undo_toast != NULL)
    adw_toast_dismiss (self->undo_toast);
  kd_customer_service_undo_async (service (self), change, cancellable (self), write_done,
                                  write_data (self, g_strdup (_("Undone")), FALSE));
  update_state (self);
}

/* ---------------------------------------------------------------- GObject */

static void
kd_tag_manager_dispose (GObject *object)
{
  KdTagManager *self = KD_TAG_MANAGER (object);

  g_clear_weak_pointer (&self->undo_toast);
  gtk_widget_dispose_template (GTK_WIDGET (self), KD_TYPE_TAG_MANAGER);
  if (self->tags != NULL)
    g_signal_handlers_disconnect_by_data (self->tags, self);
  g_clear_pointer (&self->last_change, kd_customer_change_unref);
  g_clear_object (&self->tags);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (kd_tag_manager_parent_class)->dispose (object);
}

static void
kd_tag_manager_class_init (KdTagManagerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kd_tag_manager_dispose;

  signals[SIGNAL_TAGS_EDITED] = g_signal_new ("tags-edited", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                              0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/customers/kd-tag-manager.ui");
  gtk_widget_class_bind_template_child (widget_class, KdTagManager, new_colour_button);
  gtk_widget_class_bind_template_child (widget_class, KdTagManager, new_colour_swatch);
  gtk_widget_class_bind_template_child (widget_class, KdTagManager, new_name_entry);
  gtk_widget_class_bind_template_child (widget_class, KdTagManager, error_label);
  gtk_widget_class_bind_template_child (widget_class, KdTagManager, stack);
  gtk_widget_class_bind_template_child (widget_class, KdTagManager, list_view);
  gtk_widget_class_bind_template_callback (widget_class, on_new_name_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_new_name_changed);

  gtk_widget_class_install_action (widget_class, "tags.add", NULL, add_activated);
  gtk_widget_class_install_action (widget_class, "tags.new-colour", "i", new_colour_activated);
  gtk_widget_class_install_action (widget_class, "tags.recolour", "(xi)", recolour_activated);
  gtk_widget_class_install_action (widget_class, "tags.rename", "x", rename_activated);
  gtk_widget_class_install_action (widget_class, "tags.merge", "x", merge_activated);
  gtk_widget_class_install_action (widget_class, "tags.delete", "x", delete_activated);
  gtk_widget_class_install_action (widget_class, "tags.undo", NULL, undo_activated);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "tags.undo", NULL);
}

static void
kd_tag_manager_init (KdTagManager *self)
{
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *palette = palette_new ("tags.new-colour", -1);

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_popover_set_child (GTK_POPOVER (popover), palette);
  gtk_menu_button_set_popover (self->new_colour_button, popover);
  set_swatch (self->new_colour_swatch, 0);
}

KdTagManager *
kd_tag_manager_new (KdContext *context)
{
  KdTagManager *self = g_object_new (KD_TYPE_TAG_MANAGER, NULL);
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkNoSelection) selection = NULL;

  self->context = g_object_ref (context);
  self->tags = g_object_ref (kd_customer_service_get_tags (service (self)));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), self);
  gtk_list_view_set_factory (self->list_view, factory);
  selection = gtk_no_selection_new (g_object_ref (self->tags));
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
  g_signal_connect_object (self->tags, "items-changed", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  self->new_colour = (int) (g_list_model_get_n_items (self->tags) % KD_TAG_N_COLOURS);
  set_swatch (self->new_colour_swatch, self->new_colour);
  update_state (self);
  return self;
}
