/* kd-list-page.c: the list pages' content stack ("list", "empty" or "no-results") and search entry. */
#include "kd-list-page.h"

#include <glib/gi18n.h>

/* "empty" when there is nothing at all yet (the page says how to start),
 * "no-results" when the search or a filter (@filtered) hides every row.
 * While the model has no rows and is still loading, what is shown stays:
 * no flash of "empty" before the first answer. */
void
kd_list_page_show_state (GtkStack     *content_stack,
                         KdQueryModel *model,
                         gboolean      filtered)
{
  guint shown;

  g_return_if_fail (GTK_IS_STACK (content_stack));

  if (model == NULL)
    return;
  shown = g_list_model_get_n_items (G_LIST_MODEL (model));
  if (shown == 0 && kd_query_model_get_loading (model))
    return;
  if (shown > 0)
    gtk_stack_set_visible_child_name (content_stack, "list");
  else
    gtk_stack_set_visible_child_name (content_stack, filtered ? "no-results" : "empty");
}

/* Enter in the search entry: the first row selected and the focus in
 * @view, so the arrows and Enter go on from there. FALSE, and nothing
 * done, when no row is shown. */
gboolean
kd_list_page_select_first (GtkSelectionModel *selection,
                           GtkWidget         *view)
{
  g_return_val_if_fail (GTK_IS_SELECTION_MODEL (selection), FALSE);

  if (g_list_model_get_n_items (G_LIST_MODEL (selection)) == 0)
    return FALSE;
  gtk_selection_model_select_item (selection, 0, TRUE);
  gtk_widget_grab_focus (view);
  return TRUE;
}

static void
on_stop_search (GtkSearchEntry *entry,
                gpointer        page)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

/* Escape in the search entry empties it: the template's "stop-search"
 * handler named on_stop_search. */
void
kd_list_page_bind_stop_search (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);
}

GtkFileChooserNative *
kd_list_page_csv_chooser (GtkWindow            *parent,
                          const char           *title,
                          GtkFileChooserAction  action,
                          const char           *accept,
                          const char           *filter_name)
{
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (title, parent, action, accept, _("_Cancel"));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, filter_name);
  gtk_file_filter_add_pattern (filter, "*.csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  return chooser;
}
