/* kd-columns.h: a text column in one line, and column-header sorting done by a KdQueryModel in SQL. */
#pragma once

#include <gtk/gtk.h>

#include "kd-query-model.h"

G_BEGIN_DECLS

GtkColumnViewColumn *kd_columns_append_text (GtkColumnView *view,
                                             const char    *title,
                                             GType          item_type,
                                             const char    *property,
                                             const char    *sort_key);
void                 kd_columns_use_slots   (GtkColumnView *view);
void                 kd_columns_bind_sort   (GtkColumnView *view,
                                             KdQueryModel  *model);
gboolean             kd_columns_get_sort    (GtkColumnView *view,
                                             const char   **sort_key,
                                             gboolean      *descending);

G_END_DECLS
