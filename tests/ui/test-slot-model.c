/* test-slot-model.c: KdSlotModel keeps a slot per position across changes, and a real GtkColumnView keeps its row widgets over it. */
#include <gtk/gtk.h>

#include "kd-columns.h"
#include "kd-slot-model.h"
#include "kd-ui-test-util.h"

static GListStore *
strings (const char *prefix,
         guint       n)
{
  GListStore *store = g_list_store_new (GTK_TYPE_STRING_OBJECT);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *s = g_strdup_printf ("%s%u", prefix, i);
      g_autoptr(GtkStringObject) o = gtk_string_object_new (s);
      g_list_store_append (store, o);
    }
  return store;
}

static const char *
slot_string (KdSlot *slot)
{
  return gtk_string_object_get_string (kd_slot_get_item (slot));
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
test_positions (void)
{
  g_autoptr(GListStore) inner = strings ("s", 10);
  g_autoptr(KdSlotModel) slots = kd_slot_model_new (G_LIST_MODEL (inner));
  g_autoptr(KdSlot) at2 = g_list_model_get_item (G_LIST_MODEL (slots), 2);
  g_autoptr(KdSlot) at4 = g_list_model_get_item (G_LIST_MODEL (slots), 4);
  g_autoptr(KdSlot) at5 = g_list_model_get_item (G_LIST_MODEL (slots), 5);
  g_autoptr(KdSlot) at8 = g_list_model_get_item (G_LIST_MODEL (slots), 8);
  g_autoptr(GtkStringObject) fresh = gtk_string_object_new ("new");
  g_autoptr(KdSlot) again = NULL;
  guint notified4 = 0, notified8 = 0;

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (slots)) == KD_TYPE_SLOT);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (slots)), ==, 10);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (slots), 10));
  g_assert_cmpuint (kd_slot_model_get_n_live (slots), ==, 4);
  /* The same position gives the same slot while it is held. */
  again = g_list_model_get_item (G_LIST_MODEL (slots), 4);
  g_assert_true (again == at4);
  g_clear_object (&again);
  g_assert_cmpstr (slot_string (at4), ==, "s4");

  g_signal_connect (at4, "notify::item", G_CALLBACK (count_notify), &notified4);
  g_signal_connect (at8, "notify::item", G_CALLBACK (count_notify), &notified8);

  /* s4, s5, s6 out, "new" in: items-changed (4, 3, 1). */
  g_list_store_splice (inner, 4, 3, (gpointer *) &fresh, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (slots)), ==, 8);

  /* Before the change: untouched. */
  g_assert_cmpstr (slot_string (at2), ==, "s2");
  /* The first position of the change keeps its slot, with the new row. */
  again = g_list_model_get_item (G_LIST_MODEL (slots), 4);
  g_assert_true (again == at4);
  g_clear_object (&again);
  g_assert_cmpstr (slot_string (at4), ==, "new");
  g_assert_cmpuint (notified4, ==, 1);
  /* A position removed outright: its slot left the model with its old row;
   * the position now has a fresh slot. */
  g_assert_cmpstr (slot_string (at5), ==, "s5");
  again = g_list_model_get_item (G_LIST_MODEL (slots), 5);
  g_assert_true (again != at5);
  g_assert_cmpstr (slot_string (again), ==, "s7");
  g_clear_object (&again);
  /* Past the change: the slot moved with its row (8 → 6), unchanged. */
  again = g_list_model_get_item (G_LIST_MODEL (slots), 6);
  g_assert_true (again == at8);
  g_clear_object (&again);
  g_assert_cmpstr (slot_string (at8), ==, "s8");
  g_assert_cmpuint (notified8, ==, 0);

  /* Unwrapping. */
  g_assert_true (kd_slot_unwrap (at8) == kd_slot_get_item (at8));
  g_assert_true (kd_slot_unwrap (fresh) == (gpointer) fresh);
  g_assert_null (kd_slot_unwrap (NULL));

  /* Slots nobody holds leave the table. */
  g_clear_object (&at2);
  g_clear_object (&at4);
  g_clear_object (&at5);
  g_clear_object (&at8);
  g_assert_cmpuint (kd_slot_model_get_n_live (slots), ==, 0);
}

/* A refresh that moves a row: its slot goes with it, and so does a
 * selection. */
static void
test_follows_moved_row (void)
{
  g_autoptr(GListStore) inner = strings ("s", 10);
  g_autoptr(KdSlotModel) slots = kd_slot_model_new (G_LIST_MODEL (inner));
  g_autoptr(GtkSingleSelection) selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (slots)));
  g_autoptr(KdSlot) at3 = g_list_model_get_item (G_LIST_MODEL (slots), 3);
  g_autoptr(KdSlot) at5 = g_list_model_get_item (G_LIST_MODEL (slots), 5);
  g_autoptr(KdSlot) again = NULL;
  gpointer moved[5];
  GObject *s3 = kd_slot_get_item (at3), *s5 = kd_slot_get_item (at5);

  gtk_single_selection_set_selected (selection, 3);
  g_assert_true (kd_slot_unwrap (gtk_single_selection_get_selected_item (selection)) == s3);

  /* s3 from position 3 to 7: items-changed (3, 5, 5), s4…s7 one up. */
  for (guint i = 0; i < 4; i++)
    moved[i] = g_list_model_get_item (G_LIST_MODEL (inner), 4 + i);
  moved[4] = g_object_ref (s3);
  g_list_store_splice (inner, 3, 5, moved, 5);
  for (guint i = 0; i < 5; i++)
    g_object_unref (moved[i]);

  again = g_list_model_get_item (G_LIST_MODEL (slots), 7);
  g_assert_true (again == at3);
  g_clear_object (&again);
  g_assert_true (kd_slot_get_item (at3) == s3);
  again = g_list_model_get_item (G_LIST_MODEL (slots), 4);
  g_assert_true (again == at5);
  g_clear_object (&again);
  g_assert_true (kd_slot_get_item (at5) == s5);
  again = g_list_model_get_item (G_LIST_MODEL (slots), 3);
  g_assert_cmpstr (slot_string (again), ==, "s4");
  g_clear_object (&again);

  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, 7);
  g_assert_true (kd_slot_unwrap (gtk_single_selection_get_selected_item (selection)) == s3);
}

/* The model may go before the slots someone still holds. */
static void
test_model_gone_first (void)
{
  g_autoptr(GListStore) inner = strings ("s", 3);
  KdSlotModel *slots = kd_slot_model_new (G_LIST_MODEL (inner));
  g_autoptr(KdSlot) held = g_list_model_get_item (G_LIST_MODEL (slots), 1);

  g_object_unref (slots);
  g_assert_cmpstr (slot_string (held), ==, "s1");
  /* The store changing now reaches no model. */
  g_list_store_remove_all (inner);
  g_assert_cmpstr (slot_string (held), ==, "s1");
}

typedef struct {
  GtkWidget  *root;
  const char *text;
} Find;

static gboolean
is_label_with (GtkWidget     *widget,
               gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0;
}

static GtkWidget *
label_with_text (GtkWidget  *widget,
                 const char *text)
{
  return find_where (widget, is_label_with, text);
}

static gboolean
text_shown (gpointer data)
{
  Find *f = data;
  return label_with_text (f->root, f->text) != NULL;
}

/* Replaces every row of a 300-row list in one change and tells whether
 * the label that showed the first row is the one that shows it now. */
static gboolean
first_label_kept (gboolean with_slots)
{
  g_autoptr(GListStore) inner = strings ("a", 300);
  g_autoptr(GListStore) replacement = strings ("b", 300);
  g_autoptr(KdSlotModel) slots = kd_slot_model_new (G_LIST_MODEL (inner));
  GtkWidget *window = gtk_window_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkColumnView *view = GTK_COLUMN_VIEW (gtk_column_view_new (NULL));
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  GtkNoSelection *selection;
  GtkWidget *before, *after;
  Find find = { GTK_WIDGET (view), "a0" };

  if (with_slots)
    kd_columns_use_slots (view);
  kd_columns_append_text (view, "Text", GTK_TYPE_STRING_OBJECT, "string", NULL);
  selection = gtk_no_selection_new (with_slots ? g_object_ref (G_LIST_MODEL (slots))
                                               : g_object_ref (G_LIST_MODEL (inner)));
  gtk_column_view_set_model (view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (view));
  gtk_window_set_child (GTK_WINDOW (window), scrolled);
  gtk_window_set_default_size (GTK_WINDOW (window), 400, 600);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (wait_for (text_shown, &find));
  before = label_with_text (GTK_WIDGET (view), "a0");

  for (guint i = 0; i < 300; i++)
    g_ptr_array_add (items, g_list_model_get_item (G_LIST_MODEL (replacement), i));
  g_list_store_splice (inner, 0, 300, items->pdata, items->len);
  find.text = "b0";
  g_assert_true (wait_for (text_shown, &find));
  after = label_with_text (GTK_WIDGET (view), "b0");
  g_assert_null (label_with_text (GTK_WIDGET (view), "a0"));

  gtk_window_destroy (GTK_WINDOW (window));
  return before == after;
}

static void
test_view_keeps_widgets (void)
{
  g_assert_true (first_label_kept (TRUE));
  /* Why the slots: over the plain store, GTK 4.8 built a new row. */
  g_assert_false (first_label_kept (FALSE));
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  g_test_add_func ("/slot-model/positions", test_positions);
  g_test_add_func ("/slot-model/follows-moved-row", test_follows_moved_row);
  g_test_add_func ("/slot-model/model-gone-first", test_model_gone_first);
  g_test_add_func ("/slot-model/view-keeps-widgets", test_view_keeps_widgets);
  return g_test_run ();
}
