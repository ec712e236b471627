/* kd-phrases-page.c: the phrase library: groups, a searchable list, an editor with a live preview, undo.
 * Over 800 lines on purpose: the group sidebar, the list and the editor
 * share the page's selection, undo and preview state. */
#include "kd-phrases-page-private.h"
#include "kd-error.h"
#include "kd-list-page.h"
#include "kd-phrase-row.h"
#include "kd-toast.h"

#include <glib/gi18n.h>

struct _KdPhrasesPage
{
  GtkWidget            parent_instance;

  KdContext           *context;
  KdQueryModel        *model;
  GListModel          *groups;        /* the service's */

  KdPhrase            *editing;       /* a copy; NULL: a new phrase */
  gboolean             loading_form;  /* filling the editor: not the user typing */
  gint64               select_id;     /* select once the list has it */
  gint64               group_id;      /* the sidebar's choice; 0: all */

  KdPhrase            *removed;       /* for Undo */
  KdPhraseGroup       *removed_group;
  GPtrArray           *removed_group_phrases;

  GtkPaned            *paned;
  GtkListBox          *group_list;
  GtkSearchEntry      *search_entry;
  GtkStack            *content_stack;
  GtkListView         *list_view;
  GtkSingleSelection  *selection;
  GtkWidget           *editor;
  AdwEntryRow         *title_row;
  AdwEntryRow         *shortcut_row;
  AdwComboRow         *group_row;
  GtkSwitch           *favourite_switch;
  GtkTextView         *body_view;
  GtkLabel            *error_label;
  GtkLabel            *preview_label;
};

G_DEFINE_FINAL_TYPE (KdPhrasesPage, kd_phrases_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static KdPhraseService *
service (KdPhrasesPage *self)
{
  return kd_context_get_phrase_service (self->context);
}

static GCancellable *
cancellable (KdPhrasesPage *self)
{
  return kd_context_get_cancellable (self->context);
}

static KdPhrase *
get_selected (KdPhrasesPage *self)
{
  return gtk_single_selection_get_selected_item (self->selection);
}

static char *
body_text (KdPhrasesPage *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->body_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static KdPhraseGroup *
group_at (KdPhrasesPage *self,
          guint          position)
{
  if (self->groups == NULL || position >= g_list_model_get_n_items (self->groups))
    return NULL;
  return g_list_model_get_item (self->groups, position);
}

static guint
group_position (KdPhrasesPage *self,
                gint64         id)
{
  guint n = self->groups ? g_list_model_get_n_items (self->groups) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KdPhraseGroup) g = group_at (self, i);
      if (kd_phrase_group_get_id (g) == id)
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

/* The form as a phrase, for core's rules and for saving. */
static KdPhrase *
phrase_from_form (KdPhrasesPage *self)
{
  g_autofree char *body = body_text (self);
  g_autoptr(KdPhraseGroup) group = group_at (self, adw_combo_row_get_selected (self->group_row));
  KdPhrase *p = self->editing ? kd_phrase_copy (self->editing)
                              : kd_phrase_new (0, "", "", "");

  kd_phrase_set_title (p, gtk_editable_get_text (GTK_EDITABLE (self->title_row)));
  kd_phrase_set_shortcut (p, gtk_editable_get_text (GTK_EDITABLE (self->shortcut_row)));
  kd_phrase_set_body (p, body);
  kd_phrase_set_group_id (p, group ? kd_phrase_group_get_id (group) : 0);
  kd_phrase_set_favourite (p, gtk_switch_get_active (self->favourite_switch));
  return p;
}

/* Checks the form with core's rules and shows the expansion as it will be
 * copied. Returns whether it can be saved. */
static gboolean
validate (KdPhrasesPage *self)
{
  g_autoptr(KdPhrase) p = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *preview = NULL;
  gboolean ok;

  if (self->context == NULL)
    return FALSE;

  p = phrase_from_form (self);
  ok = kd_phrase_validate (p, &error);
  gtk_label_set_text (self->error_label, ok ? "" : error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), !ok && *kd_phrase_get_body (p) != '\0');
  if (!ok && g_error_matches (error, KD_VALIDATION_ERROR, KD_PHRASE_FIELD_SHORTCUT))
    gtk_widget_add_css_class (GTK_WIDGET (self->shortcut_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->shortcut_row), "error");

  preview = kd_phrase_expand_for_desk (G_OBJECT (self->context), kd_phrase_get_body (p));
  gtk_label_set_text (self->preview_label, preview);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "phrases.save", ok);
  return ok;
}

static void
update_state (KdPhrasesPage *self)
{
  const char *search;
  gboolean has_selection;

  if (self->content_stack == NULL || self->model == NULL)
    return;

  search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  has_selection = get_selected (self) != NULL;

  kd_list_page_show_state (self->content_stack, self->model, *search != '\0');

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "phrases.delete", self->editing != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "phrases.duplicate", self->editing != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "phrases.copy", has_selection || self->editing != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "phrases.undo", self->removed != NULL || self->removed_group != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "phrases.rename-group", self->group_id > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "phrases.delete-group", self->group_id > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "phrases.group-up", self->group_id > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "phrases.group-down", self->group_id > 0);
}

/* Fills the editor with @phrase (NULL: a new phrase in the chosen group). */
static void
load_form (KdPhrasesPage *self,
           KdPhrase      *phrase)
{
  guint pos;

  g_clear_object (&self->editing);
  if (phrase != NULL && kd_phrase_get_id (phrase) > 0)
    self->editing = kd_phrase_copy (phrase);

  self->loading_form = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->title_row), phrase ? kd_phrase_get_title (phrase) : "");
  gtk_editable_set_text (GTK_EDITABLE (self->shortcut_row), phrase ? kd_phrase_get_shortcut (phrase) : "");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->body_view), phrase ? kd_phrase_get_body (phrase) : "", -1);
  gtk_switch_set_active (self->favourite_switch, phrase ? kd_phrase_get_favourite (phrase) : FALSE);
  pos = group_position (self, phrase ? kd_phrase_get_group_id (phrase) : self->group_id);
  if (pos == GTK_INVALID_LIST_POSITION)
    pos = 0;
  adw_combo_row_set_selected (self->group_row, pos);
  self->loading_form = FALSE;

  validate (self);
  update_state (self);
}

static void
select_when_ready (KdPhrasesPage *self)
{
  guint position;

  if (self->select_id == 0 || self->model == NULL || kd_query_model_get_loading (self->model))
    return;
  position = kd_query_model_find_id (self->model, self->select_id);
  self->select_id = 0;
  if (position != G_MAXUINT)
    {
      gtk_single_selection_set_selected (self->selection, position);
      gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
    }
}

static void
on_model_loading (KdPhrasesPage *self)
{
  KdPhrase *selected = get_selected (self);

  select_when_ready (self);
  /* The selected row's page has landed: show it in the editor. */
  if (selected != NULL && self->editing != NULL && kd_phrase_get_id (selected) == kd_phrase_get_id (self->editing) &&
      *kd_phrase_get_body (self->editing) == '\0')
    load_form (self, selected);
  update_state (self);
}

static void
on_phrase_selected (KdPhrasesPage *self)
{
  KdPhrase *selected = get_selected (self);

  if (selected != NULL && (self->editing == NULL || kd_phrase_get_id (selected) != kd_phrase_get_id (self->editing)))
    load_form (self, selected);
  update_state (self);
}

static void
on_row_activated (GtkListView   *view,
                  guint          position,
                  KdPhrasesPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "phrases.copy", NULL);
}

static void
on_editor_changed (KdPhrasesPage *self)
{
  if (!self->loading_form)
    validate (self);
}

static void
on_body_changed (GtkTextBuffer *buffer,
                 KdPhrasesPage *self)
{
  on_editor_changed (self);
}

/* ---------------------------------------------------------------- groups */

static void
rebuild_sidebar (KdPhrasesPage *self)
{
  GtkWidget *child;
  GtkWidget *all;
  guint n = g_list_model_get_n_items (self->groups);
  GtkListBoxRow *to_select = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->group_list))) != NULL)
    gtk_list_box_remove (self->group_list, child);

  all = gtk_label_new (_("All Phrases"));
  gtk_label_set_xalign (GTK_LABEL (all), 0);
  gtk_list_box_append (self->group_list, all);
  g_object_set_data (G_OBJECT (gtk_widget_get_parent (all)), "kd-group-id", GINT_TO_POINTER (0));
  if (self->group_id == 0)
    to_select = GTK_LIST_BOX_ROW (gtk_widget_get_parent (all));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KdPhraseGroup) g = group_at (self, i);
      g_autofree char *text = g_strdup_printf ("%s  (%d)", kd_phrase_group_get_name (g), kd_phrase_group_get_n_phrases (g));
      GtkWidget *label = gtk_label_new (text);
      GtkWidget *row;

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_list_box_append (self->group_list, label);
      row = gtk_widget_get_parent (label);
      /* Ids fit in a pointer on every platform Debian ships. */
      g_object_set_data (G_OBJECT (row), "kd-group-id", GSIZE_TO_POINTER ((gsize) kd_phrase_group_get_id (g)));
      if (kd_phrase_group_get_id (g) == self->group_id)
        to_select = GTK_LIST_BOX_ROW (row);
    }
  if (to_select == NULL)
    {
      self->group_id = 0;
      to_select = gtk_list_box_get_row_at_index (self->group_list, 0);
    }
  gtk_list_box_select_row (self->group_list, to_select);
}

static void
on_group_selected (KdPhrasesPage *self,
                   GtkListBoxRow *row)
{
  gint64 id = row ? (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "kd-group-id")) : 0;

  if (self->model == NULL || id == self->group_id)
    return;
  self->group_id = id;
  kd_query_model_set_filter (self->model, "group", id > 0 ? g_variant_new_int64 (id) : NULL);
  update_state (self);
}

static void
on_groups_changed (KdPhrasesPage *self)
{
  rebuild_sidebar (self);
  update_state (self);
}

static KdPhraseGroup *
current_group (KdPhrasesPage *self)
{
  guint pos = group_position (self, self->group_id);
  return pos == GTK_INVALID_LIST_POSITION ? NULL : group_at (self, pos);
}

typedef struct {
  KdPhrasesPage *self;
  GtkEntry      *entry;
  KdPhraseGroup *group;   /* NULL: a new one */
} NameDialog;

static void
name_dialog_free (NameDialog *d)
{
  g_clear_object (&d->group);
  g_free (d);
}

static void
on_name_response (AdwMessageDialog *dialog,
                  const char       *response,
                  NameDialog       *d)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autoptr(KdPhraseGroup) group = NULL;

  if (g_strcmp0 (response, "save") != 0)
    return;
  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (d->entry))));
  if (*name == '\0')
    return;
  group = d->group ? g_object_ref (d->group) : kd_phrase_group_new (name);
  kd_phrase_group_set_name (group, name);
  /* A group is one small row: saved at once, as the dialog closes. */
  if (!kd_phrase_service_save_group (service (d->self), group, &error))
    kd_toast_show_error (GTK_WIDGET (d->self), error);
  else
    d->self->group_id = kd_phrase_group_get_id (group);
}

static void
ask_group_name (KdPhrasesPage *self,
                KdPhraseGroup *group)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                              group ? _("Rename Group") : _("New Group"), NULL);
  GtkWidget *entry = gtk_entry_new ();
  NameDialog *d = g_new0 (NameDialog, 1);

  d->self = self;
  d->entry = GTK_ENTRY (entry);
  d->group = group ? g_object_ref (group) : NULL;
  gtk_editable_set_text (GTK_EDITABLE (entry), group ? kd_phrase_group_get_name (group) : "");
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Group name"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "save", _("_Save"), NULL);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_name_response), d, (GClosureNotify) (void (*) (void)) name_dialog_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_group_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  ask_group_name (KD_PHRASES_PAGE (widget), NULL);
}

static void
rename_group_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  KdPhrasesPage *self = KD_PHRASES_PAGE (widget);
  g_autoptr(KdPhraseGroup) group = current_group (self);

  if (group != NULL)
    ask_group_name (self, group);
}

static void
move_group (KdPhrasesPage *self,
            int            delta)
{
  g_autoptr(GError) error = NULL;
  guint pos = group_position (self, self->group_id);

  if (pos == GTK_INVALID_LIST_POSITION || ((int) pos + delta) < 0)
    return;
  if (!kd_phrase_service_move_group (service (self), self->group_id, (int) pos + delta, &error))
    kd_toast_show_error (GTK_WIDGET (self), error);
}

static void
group_up_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  move_group (KD_PHRASES_PAGE (widget), -1);
}

static void
group_down_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  move_group (KD_PHRASES_PAGE (widget), +1);
}

static void
delete_group_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  KdPhrasesPage *self = KD_PHRASES_PAGE (widget);
  g_autoptr(KdPhraseGroup) group = current_group (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) removed = NULL;
  g_autofree char *title = NULL;

  if (group == NULL)
    return;
  if (!kd_phrase_service_delete_group (service (self), group, &removed, &error))
    {
      kd_toast_show_error (GTK_WIDGET (self), error);
      return;
    }
  g_clear_object (&self->removed);
  g_set_object (&self->removed_group, group);
  g_clear_pointer (&self->removed_group_phrases, g_ptr_array_unref);
  self->removed_group_phrases = g_steal_pointer (&removed);
  /* Translators: %s is a group name, %u how many phrases it had */
  title = g_strdup_printf (_("Deleted the group %s and its %u phrases"), kd_phrase_group_get_name (group),
                           self->removed_group_phrases ? self->removed_group_phrases->len : 0);
  kd_toast_show (widget, kd_toast_new_undo (widget, title, "phrases.undo"));
  self->group_id = 0;
  update_state (self);
}

/* ---------------------------------------------------------------- phrases */

static void
new_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  KdPhrasesPage *self = KD_PHRASES_PAGE (widget);

  gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
  load_form (self, NULL);
  gtk_widget_grab_focus (GTK_WIDGET (self->title_row));
}

static void
save_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(KdPhrasesPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KdPhrase) saved = kd_phrase_service_save_finish (KD_PHRASE_SERVICE (source), result, &error);

  if (saved == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          gtk_label_set_text (self->error_label, error->message);
          gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
        }
      return;
    }
  g_set_object (&self->editing, saved);
  self->select_id = kd_phrase_get_id (saved);
  select_when_ready (self);
  kd_toast_show (GTK_WIDGET (self), kd_toast_new (_("Phrase saved")));
  update_state (self);
}

static void
save_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  KdPhrasesPage *self = KD_PHRASES_PAGE (widget);
  g_autoptr(KdPhrase) p = NULL;

  if (!validate (self))
    return;
  p = phrase_from_form (self);
  kd_phrase_service_save_async (service (self), p, cancellable (self), save_done, g_object_ref (self));
}

static void
duplicate_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  KdPhrasesPage *self = KD_PHRASES_PAGE (widget);
  g_autoptr(KdPhrase) copy = NULL;
  g_autofree char *title = NULL;

  if (self->editing == NULL)
    return;
  copy = phrase_from_form (self);
  kd_phrase_set_id (copy, 0);
  /* Shortcuts are unique: the copy starts without one. */
  kd_phrase_set_shortcut (copy, "");
  /* Translators: the title of a duplicated phrase; %s is the original's */
  title = g_strdup_printf (_("%s (copy)"), *kd_phrase_get_title (copy) ? kd_phrase_get_title (copy) : _("Phrase"));
  kd_phrase_set_title (copy, title);
  kd_phrase_service_save_async (service (self), copy, cancellable (self), save_done, g_object_ref (self));
}

static void
delete_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(KdPhrasesPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;

  if (!kd_phrase_service_delete_finish (KD_PHRASE_SERVICE (source), result, &error))
    {
      kd_toast_show_error (GTK_WIDGET (self), error);
      g_clear_object (&self->removed);
      return;
    }
  title = g_strdup_printf (_("Deleted “%s”"), *kd_phrase_get_title (self->removed) ? kd_phrase_get_title (self->removed)
                                                                                      : kd_phrase_get_shortcut (self->removed));
  kd_toast_show (GTK_WIDGET (self), kd_toast_new_undo (GTK_WIDGET (self), title, "phrases.undo"));
  load_form (self, NULL);
}

static void
delete_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  KdPhrasesPage *self = KD_PHRASES_PAGE (widget);

  if (self->editing == NULL)
    return;
  g_clear_object (&self->removed_group);
  g_clear_pointer (&self->removed_group_phrases, g_ptr_array_unref);
  g_set_object (&self->removed, self->editing);
  kd_phrase_service_delete_async (service (self), self->editing, cancellable (self), delete_done, g_object_ref (self));
}

static void
undo_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  KdPhrasesPage *self = KD_PHRASES_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (self->removed != NULL)
    {
      g_autoptr(KdPhrase) back = g_steal_pointer (&self->removed);
      if (!kd_phrase_service_restore (service (self), back, &error))
        kd_toast_show_error (widget, error);
      else
        self->select_id = kd_phrase_get_id (back);
    }
  else if (self->removed_group != NULL)
    {
      g_autoptr(KdPhraseGroup) group = g_steal_pointer (&self->removed_group);
      g_autoptr(GPtrArray) phrases = g_steal_pointer (&self->removed_group_phrases);
      if (!kd_phrase_service_restore_group (service (self), group, phrases, &error))
        kd_toast_show_error (widget, error);
      else
        self->group_id = kd_phrase_group_get_id (group);
    }
  update_state (self);
}

static void
copy_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  KdPhrasesPage *self = KD_PHRASES_PAGE (widget);
  KdPhrase *phrase = get_selected (self);
  g_autofree char *text = NULL;

  if (phrase == NULL)
    phrase = self->editing;
  if (phrase == NULL)
    return;
  text = kd_phrase_copy_expanded (widget, G_OBJECT (self->context), G_OBJECT (phrase));
  kd_toast_show (widget, kd_toast_new (_("Copied to the clipboard")));
}

static void
find_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  gtk_widget_grab_focus (GTK_WIDGET (KD_PHRASES_PAGE (widget)->search_entry));
}

static void
on_search_changed (GtkSearchEntry *entry,
                   KdPhrasesPage  *self)
{
  if (self->model != NULL)
    kd_query_model_set_search (self->model, gtk_editable_get_text (GTK_EDITABLE (entry)));
  /* The best match at the top, in view. */
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", 0);
  update_state (self);
}

static void
on_search_activate (GtkSearchEntry *entry,
                    KdPhrasesPage  *self)
{
  on_search_changed (entry, self);
  kd_list_page_select_first (GTK_SELECTION_MODEL (self->selection), GTK_WIDGET (self->list_view));
}

/* ---------------------------------------------------------------- import / export */

static void
import_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(KdPhrasesPage) self = user_data;
  g_autoptr(GError) error = NULL;
  KdPhraseImportCounts counts = { 0 };
  g_autofree char *title = NULL;

  if (!kd_phrase_service_import_finish (KD_PHRASE_SERVICE (source), result, &counts, &error))
    {
      kd_toast_show_error (GTK_WIDGET (self), error);
      return;
    }
  /* Translators: after an import; the numbers of phrases added and updated */
  title = g_strdup_printf (_("Imported: %u added, %u updated"), counts.added, counts.updated);
  kd_toast_show (GTK_WIDGET (self), kd_toast_new (title));
}

static void
on_import_response (GtkNativeDialog *chooser,
                    int              response,
                    KdPhrasesPage   *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);

      kd_phrase_service_import_async (service (self), path, cancellable (self), import_done, g_object_ref (self));
    }
  g_object_unref (chooser);
}

static GtkWindow *
parent_window (KdPhrasesPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
import_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  KdPhrasesPage *self = KD_PHRASES_PAGE (widget);
  GtkFileChooserNative *chooser = kd_list_page_csv_chooser (parent_window (self), _("Import Phrases"),
                                                            GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"),
                                                            _("CSV files (Kefu Desk or Qianniu)"));

  g_signal_connect (chooser, "response", G_CALLBACK (on_import_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
export_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(KdPhrasesPage) self = user_data;
  g_autoptr(GError) error = NULL;
  guint n = 0;
  g_autofree char *title = NULL;

  if (!kd_phrase_service_export_finish (KD_PHRASE_SERVICE (source), result, &n, &error))
    {
      kd_toast_show_error (GTK_WIDGET (self), error);
      return;
    }
  title = g_strdup_printf (_("Exported %u phrases"), n);
  kd_toast_show (GTK_WIDGET (self), kd_toast_new (title));
}

static void
on_export_response (GtkNativeDialog *chooser,
                    int              response,
                    KdPhrasesPage   *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);
      const char *format = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), "format");

      kd_phrase_service_export_async (service (self), path,
                                      g_strcmp0 (format, "qianniu") == 0 ? KD_PHRASE_FORMAT_QIANNIU : KD_PHRASE_FORMAT_KEFU,
                                      cancellable (self), export_done, g_object_ref (self));
    }
  g_object_unref (chooser);
}

static void
export_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  KdPhrasesPage *self = KD_PHRASES_PAGE (widget);
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (_("Export Phrases"), parent_window (self),
                                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  const char *ids[] = { "kefu", "qianniu", NULL };
  const char *labels[] = { _("Kefu Desk (UTF-8)"), _("Qianniu (GBK)"), NULL };

  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (chooser), "format", _("Format"), ids, labels);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (chooser), "format", "kefu");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("phrases.csv"));
  g_signal_connect (chooser, "response", G_CALLBACK (on_export_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---------------------------------------------------------------- context */

static void
set_context (KdPhrasesPage *self,
             KdContext     *context)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  g_autoptr(GtkExpression) name = NULL;

  if (context == NULL || context == self->context)
    return;
  g_return_if_fail (self->context == NULL);

  self->context = g_object_ref (context);
  self->model = kd_phrase_service_create_model (service (self));
  self->groups = g_object_ref (kd_phrase_service_get_groups (service (self)));

  factory = kd_phrase_row_factory_new (G_OBJECT (self->model));
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->model));
  g_signal_connect_object (self->model, "notify::loading", G_CALLBACK (on_model_loading), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->groups, "items-changed", G_CALLBACK (on_groups_changed), self, G_CONNECT_SWAPPED);

  name = gtk_property_expression_new (KD_TYPE_PHRASE_GROUP, NULL, "name");
  adw_combo_row_set_expression (self->group_row, name);
  adw_combo_row_set_model (self->group_row, self->groups);

  rebuild_sidebar (self);
  load_form (self, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_CONTEXT]);
}

GtkWidget *
_kd_phrases_page_get_search_entry (KdPhrasesPage *self)
{
  return GTK_WIDGET (self->search_entry);
}

GListModel *
_kd_phrases_page_get_visible_model (KdPhrasesPage *self)
{
  return G_LIST_MODEL (self->selection);
}

gboolean
_kd_phrases_page_is_busy (KdPhrasesPage *self)
{
  return self->model == NULL || kd_query_model_get_loading (self->model) || self->select_id != 0;
}

KdPhrase *
_kd_phrases_page_get_editing (KdPhrasesPage *self)
{
  return self->editing;
}

void
_kd_phrases_page_fill_editor (KdPhrasesPage *self,
                              const char    *title,
                              const char    *shortcut,
                              const char    *body)
{
  gtk_editable_set_text (GTK_EDITABLE (self->title_row), title);
  gtk_editable_set_text (GTK_EDITABLE (self->shortcut_row), shortcut);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->body_view), body, -1);
}

const char *
_kd_phrases_page_get_preview (KdPhrasesPage *self)
{
  return gtk_label_get_text (self->preview_label);
}

const char *
_kd_phrases_page_get_error (KdPhrasesPage *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self->error_label)) ? gtk_label_get_text (self->error_label) : NULL;
}

/* ---------------------------------------------------------------- GObject */

static void
kd_phrases_page_dispose (GObject *object)
{
  KdPhrasesPage *self = KD_PHRASES_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KD_TYPE_PHRASES_PAGE);
  g_clear_object (&self->editing);
  g_clear_object (&self->removed);
  g_clear_object (&self->removed_group);
  g_clear_pointer (&self->removed_group_phrases, g_ptr_array_unref);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  if (self->groups != NULL)
    g_signal_handlers_disconnect_by_data (self->groups, self);
  g_clear_object (&self->model);
  g_clear_object (&self->groups);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (kd_phrases_page_parent_class)->dispose (object);
}

static void
kd_phrases_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, KD_PHRASES_PAGE (object)->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kd_phrases_page_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_CONTEXT:
      set_context (KD_PHRASES_PAGE (object), g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kd_phrases_page_class_init (KdPhrasesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kd_phrases_page_dispose;
  object_class->get_property = kd_phrases_page_get_property;
  object_class->set_property = kd_phrases_page_set_property;

  /* Set once, by the window, right after the template builds the page. */
  props[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, KD_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, props);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/phrases/kd-phrases-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KdPhrasesPage, paned);
  gtk_widget_class_bind_template_child (widget_class, KdPhrasesPage, group_list);
  gtk_widget_class_bind_template_child (widget_class, KdPhrasesPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, KdPhrasesPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, KdPhrasesPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, KdPhrasesPage, selection);
  gtk_widget_class_bind_template_child (widget_class, KdPhrasesPage, editor);
  gtk_widget_class_bind_template_child (widget_class, KdPhrasesPage, title_row);
  gtk_widget_class_bind_template_child (widget_class, KdPhrasesPage, shortcut_row);
  gtk_widget_class_bind_template_child (widget_class, KdPhrasesPage, group_row);
  gtk_widget_class_bind_template_child (widget_class, KdPhrasesPage, favourite_switch);
  gtk_widget_class_bind_template_child (widget_class, KdPhrasesPage, body_view);
  gtk_widget_class_bind_template_child (widget_class, KdPhrasesPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, KdPhrasesPage, preview_label);
  gtk_widget_class_bind_template_callback (widget_class, on_group_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  kd_list_page_bind_stop_search (widget_class);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_phrase_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_editor_changed);

  gtk_widget_class_install_action (widget_class, "phrases.new", NULL, new_activated);
  gtk_widget_class_install_action (widget_class, "phrases.save", NULL, save_activated);
  gtk_widget_class_install_action (widget_class, "phrases.delete", NULL, delete_activated);
  gtk_widget_class_install_action (widget_class, "phrases.duplicate", NULL, duplicate_activated);
  gtk_widget_class_install_action (widget_class, "phrases.undo", NULL, undo_activated);
  gtk_widget_class_install_action (widget_class, "phrases.copy", NULL, copy_activated);
  gtk_widget_class_install_action (widget_class, "phrases.find", NULL, find_activated);
  gtk_widget_class_install_action (widget_class, "phrases.add-group", NULL, add_group_activated);
  gtk_widget_class_install_action (widget_class, "phrases.rename-group", NULL, rename_group_activated);
  gtk_widget_class_install_action (widget_class, "phrases.delete-group", NULL, delete_group_activated);
  gtk_widget_class_install_action (widget_class, "phrases.group-up", NULL, group_up_activated);
  gtk_widget_class_install_action (widget_class, "phrases.group-down", NULL, group_down_activated);
  gtk_widget_class_install_action (widget_class, "phrases.import", NULL, import_activated);
  gtk_widget_class_install_action (widget_class, "phrases.export", NULL, export_activated);
}

/* As on the staff page: the window manages these while the page is shown. */
static void
add_page_shortcuts (KdPhrasesPage *self)
{
  static const struct { guint key; const char *action; } shortcuts[] = {
    { GDK_KEY_n, "phrases.new" },
    { GDK_KEY_s, "phrases.save" },
    { GDK_KEY_f, "phrases.find" },
    { GDK_KEY_z, "phrases.undo" },
    { GDK_KEY_d, "phrases.duplicate" },
  };
  GtkEventController *controller = gtk_shortcut_controller_new ();

  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (controller), GTK_SHORTCUT_SCOPE_MANAGED);
  for (guint i = 0; i < G_N_ELEMENTS (shortcuts); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (shortcuts[i].key, GDK_CONTROL_MASK),
                                                            gtk_named_action_new (shortcuts[i].action)));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  /* Delete on the list itself, not while typing in the editor. */
  controller = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Delete, 0),
                                                          gtk_named_action_new ("phrases.delete")));
  gtk_widget_add_controller (GTK_WIDGET (self->list_view), controller);
}

static void
kd_phrases_page_init (KdPhrasesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (gtk_text_view_get_buffer (self->body_view), "changed", G_CALLBACK (on_body_changed), self);
  add_page_shortcuts (self);
}
