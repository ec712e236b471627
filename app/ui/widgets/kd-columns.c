/* kd-columns.c: column factories built in code, and which header the user sorted by on GTK 4.8.
 *
 * GTK 4.8 has no gtk_column_view_sorter_get_primary_sort_column() (4.10).
 * What it does have: the view's sorter consults the columns' sorters
 * primary first, inverting a descending one. So each column gets a probe
 * sorter that, when consulted, records its column and answers "smaller";
 * one comparison of two dummy objects through the view's sorter then tells
 * the primary column (the first probe called) and its direction (the sign
 * that comes back). The rows themselves are sorted by the query model in
 * SQL; the probes never see a real row. */
#include "kd-columns.h"
#include "kd-slot-model.h"

#define SORT_KEY_DATA "kd-sort-key"
#define PROBE_DATA "kd-sort-probe"
#define SLOTS_DATA "kd-slots"

typedef struct {
  GtkColumnViewColumn *hit;   /* the first probe consulted */
} Probe;

static int
probe_compare (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  GtkColumnViewColumn *column = user_data;
  Probe *probe = g_object_get_data (G_OBJECT (column), PROBE_DATA);

  if (probe != NULL && probe->hit == NULL)
    probe->hit = column;
  return GTK_ORDERING_SMALLER;
}

static void
setup_label (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);
  const char *property = user_data;
  GtkExpression *expr;

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);

  expr = gtk_property_expression_new (GTK_TYPE_LIST_ITEM, NULL, "item");
  if (g_object_get_data (G_OBJECT (factory), SLOTS_DATA) != NULL)
    expr = gtk_property_expression_new (KD_TYPE_SLOT, expr, "item");
  expr = gtk_property_expression_new (g_type_from_name (g_object_get_data (G_OBJECT (factory), "kd-item-type")),
                                      expr, property);
  gtk_expression_bind (expr, label, "label", item);
}

/* Columns appended to @view from now on read their rows through the
 * KdSlot items of a KdSlotModel (see kd-slot-model.c). */
void
kd_columns_use_slots (GtkColumnView *view)
{
  g_return_if_fail (GTK_IS_COLUMN_VIEW (view));
  g_object_set_data (G_OBJECT (view), SLOTS_DATA, GINT_TO_POINTER (TRUE));
}

/* Appends a resizable column showing @item_type's string @property in a
 * label; with a @sort_key the header sorts (see kd_columns_bind_sort()). */
GtkColumnViewColumn *
kd_columns_append_text (GtkColumnView *view,
                        const char    *title,
                        GType          item_type,
                        const char    *property,
                        const char    *sort_key)
{
  GtkListItemFactory *factory;
  GtkColumnViewColumn *column;
  gpointer klass;

  g_return_val_if_fail (GTK_IS_COLUMN_VIEW (view), NULL);
  klass = g_type_class_ref (item_type);
  if (g_object_class_find_property (klass, property) == NULL)
    {
      g_critical ("%s has no property “%s”", g_type_name (item_type), property);
      g_type_class_unref (klass);
      return NULL;
    }
  g_type_class_unref (klass);

  factory = gtk_signal_list_item_factory_new ();
  g_object_set_data (G_OBJECT (factory), "kd-item-type", (gpointer) g_type_name (item_type));
  g_object_set_data (G_OBJECT (factory), SLOTS_DATA, g_object_get_data (G_OBJECT (view), SLOTS_DATA));
  g_signal_connect_data (factory, "setup", G_CALLBACK (setup_label),
                         g_strdup (property), (GClosureNotify) (void (*) (void)) g_free, 0);

  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_resizable (column, TRUE);
  if (sort_key != NULL)
    {
      g_autoptr(GtkSorter) sorter = GTK_SORTER (gtk_custom_sorter_new (probe_compare, column, NULL));

      g_object_set_data_full (G_OBJECT (column), SORT_KEY_DATA, g_strdup (sort_key), g_free);
      gtk_column_view_column_set_sorter (column, sorter);
    }
  gtk_column_view_append_column (view, column);
  g_object_unref (column);  /* the view holds it */
  return column;
}

/* The header the user sorted by, and which way. FALSE when none is. */
gboolean
kd_columns_get_sort (GtkColumnView  *view,
                     const char    **sort_key,
                     gboolean       *descending)
{
  GListModel *columns = gtk_column_view_get_columns (view);
  g_autoptr(GObject) a = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr(GObject) b = g_object_new (G_TYPE_OBJECT, NULL);
  Probe probe = { NULL };
  GtkOrdering order;
  guint n = g_list_model_get_n_items (columns);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkColumnViewColumn) c = g_list_model_get_item (columns, i);
      g_object_set_data (G_OBJECT (c), PROBE_DATA, &probe);
    }
  order = gtk_sorter_compare (gtk_column_view_get_sorter (view), a, b);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkColumnViewColumn) c = g_list_model_get_item (columns, i);
      g_object_set_data (G_OBJECT (c), PROBE_DATA, NULL);
    }

  if (probe.hit == NULL || order == GTK_ORDERING_EQUAL)
    return FALSE;
  *sort_key = g_object_get_data (G_OBJECT (probe.hit), SORT_KEY_DATA);
  *descending = order == GTK_ORDERING_LARGER;
  return TRUE;
}

static void
on_sorter_changed (GtkSorter    *sorter,
                   GtkSorterChange change,
                   KdQueryModel *model)
{
  GtkColumnView *view = g_object_get_data (G_OBJECT (sorter), "kd-view");
  const char *key = NULL;
  gboolean descending = FALSE;

  if (kd_columns_get_sort (view, &key, &descending))
    kd_query_model_set_sort (model, key, descending);
  else
    kd_query_model_set_sort (model, NULL, FALSE);
}

/* Whenever the user clicks a header, @model sorts by that column's key. */
void
kd_columns_bind_sort (GtkColumnView *view,
                      KdQueryModel  *model)
{
  GtkSorter *sorter = gtk_column_view_get_sorter (view);

  g_object_set_data (G_OBJECT (sorter), "kd-view", view);
  g_signal_connect_object (sorter, "changed", G_CALLBACK (on_sorter_changed), model, 0);
  on_sorter_changed (sorter, GTK_SORTER_CHANGE_DIFFERENT, model);
}
