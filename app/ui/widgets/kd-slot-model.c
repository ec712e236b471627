/* kd-slot-model.c: a list model of position slots over another, so that GTK 4.8 keeps its row widgets when the rows under them change.
 *
 * GTK 4.8's list views build a new row widget for every row a change adds,
 * and reuse one only when the very same item object comes back in the same
 * change. In a GtkColumnView each new or dropped cell also makes its column
 * measure all its cells again (about 200 rows' worth), so a search that
 * replaces the rows on screen cost 8–16 ms of measuring per step, whatever
 * the step's size. This model hands the view one KdSlot per position
 * instead: when the rows under positions change, the slots at those
 * positions stay, their "item" changes, and the view only sets new text in
 * the cells it has. Rows past the change keep their slots (renumbered), a
 * row a small change moves (a refresh after a write) takes its slot along,
 * so a selection stays with it; only rows the change adds or removes
 * outright come or go.
 *
 * A slot lives as long as someone holds it (the view, for the rows it has
 * widgets for; the selection); the model keeps no reference, only a table
 * from position to live slot. Columns bind through the slot (see
 * kd_columns_use_slots()), and code that takes an item from the view
 * unwraps it with kd_slot_unwrap(). */
#include "kd-slot-model.h"

struct _KdSlot
{
  GObject      parent_instance;

  GObject     *item;
  KdSlotModel *owner;     /* no reference; NULL once dropped from its model */
  guint        position;
};

struct _KdSlotModel
{
  GObject     parent_instance;

  GListModel *model;
  GHashTable *slots;      /* position → KdSlot, no references */
};

enum {
  SLOT_PROP_0,
  SLOT_PROP_ITEM,
  SLOT_N_PROPS
};

static GParamSpec *slot_props[SLOT_N_PROPS];

G_DEFINE_FINAL_TYPE (KdSlot, kd_slot, G_TYPE_OBJECT)

static void
kd_slot_finalize (GObject *object)
{
  KdSlot *self = KD_SLOT (object);

  if (self->owner != NULL &&
      g_hash_table_lookup (self->owner->slots, GUINT_TO_POINTER (self->position)) == self)
    g_hash_table_remove (self->owner->slots, GUINT_TO_POINTER (self->position));
  g_clear_object (&self->item);

  G_OBJECT_CLASS (kd_slot_parent_class)->finalize (object);
}

static void
kd_slot_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  KdSlot *self = KD_SLOT (object);

  switch (prop_id)
    {
    case SLOT_PROP_ITEM:
      g_value_set_object (value, self->item);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
    }
}

static void
kd_slot_class_init (KdSlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kd_slot_finalize;
  object_class->get_property = kd_slot_get_property;

  slot_props[SLOT_PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, G_TYPE_OBJECT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, SLOT_N_PROPS, slot_props);
}

static void
kd_slot_init (KdSlot *self)
{
}

/* The row under the slot now (transfer none). */
gpointer
kd_slot_get_item (KdSlot *self)
{
  g_return_val_if_fail (KD_IS_SLOT (self), NULL);
  return self->item;
}

/* @item itself, or the row under it when it is a KdSlot (transfer none):
 * for code that takes items from a view that may show slots. */
gpointer
kd_slot_unwrap (gpointer item)
{
  if (item != NULL && KD_IS_SLOT (item))
    return KD_SLOT (item)->item;
  return item;
}

/* ---------------------------------------------------------------- the model */

static GType
kd_slot_model_get_item_type (GListModel *model)
{
  return KD_TYPE_SLOT;
}

static guint
kd_slot_model_get_n_items (GListModel *model)
{
  KdSlotModel *self = KD_SLOT_MODEL (model);
  return self->model != NULL ? g_list_model_get_n_items (self->model) : 0;
}

static gpointer
kd_slot_model_get_item (GListModel *model,
                        guint       position)
{
  KdSlotModel *self = KD_SLOT_MODEL (model);
  KdSlot *slot;
  GObject *item;

  slot = g_hash_table_lookup (self->slots, GUINT_TO_POINTER (position));
  if (slot != NULL)
    return g_object_ref (slot);
  if (self->model == NULL || (item = g_list_model_get_item (self->model, position)) == NULL)
    return NULL;
  slot = g_object_new (KD_TYPE_SLOT, NULL);
  slot->item = item;
  slot->owner = self;
  slot->position = position;
  g_hash_table_insert (self->slots, GUINT_TO_POINTER (position), slot);
  return slot;
}

static void
kd_slot_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = kd_slot_model_get_item_type;
  iface->get_n_items = kd_slot_model_get_n_items;
  iface->get_item = kd_slot_model_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (KdSlotModel, kd_slot_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, kd_slot_model_list_model_init))

/* Changes adding at most this many rows are searched for the rows that
 * held slots, so a slot follows its row when a refresh moves it. */
#define MATCH_LIMIT 512

/* A change of the rows at [position, position + removed): a held slot
 * whose row is among the first MATCH_LIMIT added ones moves there with it
 * (so a selection follows a row that a refresh moved); the other slots of
 * the first MIN (removed, added) positions stay where they are with the
 * rows now there; slots of positions removed outright leave the model;
 * slots past the change move with their rows. */
static void
on_items_changed (GListModel  *model,
                  guint        position,
                  guint        removed,
                  guint        added,
                  KdSlotModel *self)
{
  guint kept = MIN (removed, added);
  g_autoptr(GPtrArray) changed = g_ptr_array_new ();
  g_autoptr(GPtrArray) refill = g_ptr_array_new ();
  g_autoptr(GHashTable) claimed = g_hash_table_new (g_direct_hash, g_direct_equal);
  GHashTable *next = g_hash_table_new (g_direct_hash, g_direct_equal);
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->slots);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      KdSlot *slot = value;

      if (slot->position >= position + removed)
        slot->position = slot->position - removed + added;
      else if (slot->position >= position)
        {
          g_ptr_array_add (changed, slot);
          continue;
        }
      g_hash_table_insert (next, GUINT_TO_POINTER (slot->position), slot);
    }
  g_hash_table_unref (self->slots);
  self->slots = next;

  if (changed->len > 0 && added <= MATCH_LIMIT)
    {
      g_autoptr(GHashTable) by_item = g_hash_table_new (g_direct_hash, g_direct_equal);

      for (guint i = 0; i < changed->len; i++)
        {
          KdSlot *slot = g_ptr_array_index (changed, i);
          g_hash_table_insert (by_item, slot->item, slot);
        }
      for (guint q = position; q < position + added && g_hash_table_size (by_item) > 0; q++)
        {
          g_autoptr(GObject) item = g_list_model_get_item (model, q);
          KdSlot *slot = item != NULL ? g_hash_table_lookup (by_item, item) : NULL;

          if (slot == NULL)
            continue;
          g_hash_table_remove (by_item, item);
          slot->position = q;
          g_hash_table_insert (claimed, GUINT_TO_POINTER (q), slot);
        }
    }
  for (guint i = 0; i < changed->len; i++)
    {
      KdSlot *slot = g_ptr_array_index (changed, i);

      if (g_hash_table_lookup (claimed, GUINT_TO_POINTER (slot->position)) == slot)
        ;  /* followed its row */
      else if (slot->position < position + kept &&
               !g_hash_table_contains (claimed, GUINT_TO_POINTER (slot->position)))
        {
          g_hash_table_insert (claimed, GUINT_TO_POINTER (slot->position), slot);
          g_ptr_array_add (refill, slot);
        }
      else
        slot->owner = NULL;  /* its position is gone or taken: out of the model */
    }
  g_hash_table_iter_init (&iter, claimed);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_hash_table_insert (self->slots, GUINT_TO_POINTER (KD_SLOT (value)->position), value);

  /* Held while their rows change: a notify handler may drop the last
   * outside reference. */
  g_ptr_array_foreach (refill, (GFunc) (void (*) (void)) g_object_ref, NULL);
  for (guint i = 0; i < refill->len; i++)
    {
      KdSlot *slot = g_ptr_array_index (refill, i);
      GObject *item = g_list_model_get_item (model, slot->position);

      if (item == slot->item)
        {
          g_clear_object (&item);
          continue;
        }
      g_clear_object (&slot->item);
      slot->item = item;
      g_object_notify_by_pspec (G_OBJECT (slot), slot_props[SLOT_PROP_ITEM]);
    }
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
  g_ptr_array_foreach (refill, (GFunc) (void (*) (void)) g_object_unref, NULL);
}

static void
kd_slot_model_dispose (GObject *object)
{
  KdSlotModel *self = KD_SLOT_MODEL (object);
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->slots);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    KD_SLOT (value)->owner = NULL;
  g_hash_table_remove_all (self->slots);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, on_items_changed, self);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (kd_slot_model_parent_class)->dispose (object);
}

static void
kd_slot_model_finalize (GObject *object)
{
  KdSlotModel *self = KD_SLOT_MODEL (object);

  g_hash_table_unref (self->slots);
  G_OBJECT_CLASS (kd_slot_model_parent_class)->finalize (object);
}

static void
kd_slot_model_class_init (KdSlotModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kd_slot_model_dispose;
  object_class->finalize = kd_slot_model_finalize;
}

static void
kd_slot_model_init (KdSlotModel *self)
{
  self->slots = g_hash_table_new (g_direct_hash, g_direct_equal);
}

/* A slot model over @model (a reference is taken). */
KdSlotModel *
kd_slot_model_new (GListModel *model)
{
  KdSlotModel *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (model), NULL);
  self = g_object_new (KD_TYPE_SLOT_MODEL, NULL);
  self->model = g_object_ref (model);
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), self);
  return self;
}

GListModel *
kd_slot_model_get_model (KdSlotModel *self)
{
  g_return_val_if_fail (KD_IS_SLOT_MODEL (self), NULL);
  return self->model;
}

/* How many slots someone holds (tests: the view's rows and the selection). */
guint
kd_slot_model_get_n_live (KdSlotModel *self)
{
  g_return_val_if_fail (KD_IS_SLOT_MODEL (self), 0);
  return g_hash_table_size (self->slots);
}
