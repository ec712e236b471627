/* kd-phrase-picker.c: a compact window over the phrase list; Enter copies, counts a use and closes. */
#include "kd-phrase-picker.h"
#include "kd-phrase-row.h"
#include "kd-phrase-service.h"

#include <glib/gi18n.h>

struct _KdPhrasePicker
{
  AdwWindow           parent_instance;

  KdContext          *context;
  KdQueryModel       *model;
  char               *last_copied;
  gboolean            to_top;      /* a new search: the best match, at the top */

  GtkSearchEntry     *search_entry;
  GtkListView        *list_view;
  GtkSingleSelection *selection;
};

G_DEFINE_FINAL_TYPE (KdPhrasePicker, kd_phrase_picker, ADW_TYPE_WINDOW)

static void
copy_and_close (KdPhrasePicker *self,
                KdPhrase       *phrase)
{
  if (phrase == NULL)
    return;
  g_free (self->last_copied);
  self->last_copied = kd_phrase_copy_expanded (GTK_WIDGET (self), G_OBJECT (self->context), G_OBJECT (phrase));
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
copy_selected (KdPhrasePicker *self)
{
  KdPhrase *phrase = gtk_single_selection_get_selected_item (self->selection);

  /* Typed and Enter at once: the first match, once the answer is in. */
  if (phrase == NULL && g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0)
    {
      g_autoptr(KdPhrase) first = g_list_model_get_item (G_LIST_MODEL (self->model), 0);
      copy_and_close (self, first);
      return;
    }
  copy_and_close (self, phrase);
}

static void
on_search_changed (GtkSearchEntry *entry,
                   KdPhrasePicker *self)
{
  self->to_top = TRUE;
  kd_query_model_set_search (self->model, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

/* After a new search the best match is selected and shown, even when the
 * row selected before is still in the list further down. */
static void
on_results_changed (KdPhrasePicker *self)
{
  if (self->model == NULL || !self->to_top || g_list_model_get_n_items (G_LIST_MODEL (self->model)) == 0)
    return;
  gtk_single_selection_set_selected (self->selection, 0);
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", 0);
  if (!kd_query_model_get_loading (self->model))
    self->to_top = FALSE;
}

static void
on_activate_entry (GtkSearchEntry *entry,
                   KdPhrasePicker *self)
{
  on_search_changed (entry, self);
  copy_selected (self);
}

static void
on_stop_search (GtkSearchEntry *entry,
                KdPhrasePicker *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_row_activated (GtkListView    *view,
                  guint           position,
                  KdPhrasePicker *self)
{
  g_autoptr(KdPhrase) phrase = g_list_model_get_item (G_LIST_MODEL (self->selection), position);
  copy_and_close (self, phrase);
}

/* Up and Down move in the list while the focus stays in the entry. */
static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                KdPhrasePicker        *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  guint pos = gtk_single_selection_get_selected (self->selection);

  if (keyval == GDK_KEY_Down || keyval == GDK_KEY_Up)
    {
      if (n == 0)
        return TRUE;
      if (pos == GTK_INVALID_LIST_POSITION)
        pos = 0;
      else if (keyval == GDK_KEY_Down && pos + 1 < n)
        pos++;
      else if (keyval == GDK_KEY_Up && pos > 0)
        pos--;
      gtk_single_selection_set_selected (self->selection, pos);
      gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", pos);
      return TRUE;
    }
  if ((state & GDK_CONTROL_MASK) && keyval >= GDK_KEY_1 && keyval <= GDK_KEY_9)
    {
      g_autoptr(GPtrArray) favourites = kd_phrase_service_favourites (kd_context_get_phrase_service (self->context), 9, NULL);
      guint i = keyval - GDK_KEY_1;

      if (favourites != NULL && i < favourites->len)
        copy_and_close (self, g_ptr_array_index (favourites, i));
      return TRUE;
    }
  if (keyval == GDK_KEY_Escape)
    {
      gtk_window_close (GTK_WINDOW (self));
      return TRUE;
    }
  return FALSE;
}

const char *
kd_phrase_picker_get_last_copied (KdPhrasePicker *self)
{
  g_return_val_if_fail (KD_IS_PHRASE_PICKER (self), NULL);
  return self->last_copied;
}

GtkWidget *
_kd_phrase_picker_get_search_entry (KdPhrasePicker *self)
{
  return GTK_WIDGET (self->search_entry);
}

GListModel *
_kd_phrase_picker_get_visible_model (KdPhrasePicker *self)
{
  return G_LIST_MODEL (self->selection);
}

gboolean
_kd_phrase_picker_is_busy (KdPhrasePicker *self)
{
  return kd_query_model_get_loading (self->model);
}

static void
kd_phrase_picker_dispose (GObject *object)
{
  KdPhrasePicker *self = KD_PHRASE_PICKER (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KD_TYPE_PHRASE_PICKER);
  /* The model may outlive the window (a page read on its way holds it). */
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);
  g_clear_object (&self->context);
  g_clear_pointer (&self->last_copied, g_free);
  G_OBJECT_CLASS (kd_phrase_picker_parent_class)->dispose (object);
}

static void
kd_phrase_picker_class_init (KdPhrasePickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kd_phrase_picker_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/phrases/kd-phrase-picker.ui");
  gtk_widget_class_bind_template_child (widget_class, KdPhrasePicker, search_entry);
  gtk_widget_class_bind_template_child (widget_class, KdPhrasePicker, list_view);
  gtk_widget_class_bind_template_child (widget_class, KdPhrasePicker, selection);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_activate_entry);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
}

static void
kd_phrase_picker_init (KdPhrasePicker *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
}

KdPhrasePicker *
kd_phrase_picker_new (KdContext *context)
{
  KdPhrasePicker *self;
  g_autoptr(GtkListItemFactory) factory = NULL;

  g_return_val_if_fail (KD_IS_CONTEXT (context), NULL);

  self = g_object_new (KD_TYPE_PHRASE_PICKER, NULL);
  self->context = g_object_ref (context);
  self->model = kd_phrase_service_create_model (kd_context_get_phrase_service (context));
  factory = kd_phrase_row_factory_new (G_OBJECT (self->model));
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->model));
  g_signal_connect_object (self->model, "items-changed", G_CALLBACK (on_results_changed), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect_object (self->model, "notify::loading", G_CALLBACK (on_results_changed), self, G_CONNECT_SWAPPED);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  return self;
}
