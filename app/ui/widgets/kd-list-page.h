/* kd-list-page.h: what every list page does the same: its content stack and its search entry. */
#pragma once

#include <gtk/gtk.h>

#include "kd-query-model.h"

G_BEGIN_DECLS

void kd_list_page_show_state (GtkStack     *content_stack,
                              KdQueryModel *model,
                              gboolean      filtered);

gboolean kd_list_page_select_first (GtkSelectionModel *selection,
                                    GtkWidget         *view);
void     kd_list_page_bind_stop_search (GtkWidgetClass *widget_class);
/* A file chooser for a CSV file (open or save), its one filter named
 * @filter_name; the caller connects "response" and shows it. */
GtkFileChooserNative *kd_list_page_csv_chooser (GtkWindow            *parent,
                                                const char           *title,
                                                GtkFileChooserAction  action,
                                                const char           *accept,
                                                const char           *filter_name);

G_END_DECLS
