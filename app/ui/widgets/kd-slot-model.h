/* kd-slot-model.h: a list model of position slots over another, so that GTK 4.8 keeps its row widgets when the rows under them change. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define KD_TYPE_SLOT (kd_slot_get_type ())
G_DECLARE_FINAL_TYPE (KdSlot, kd_slot, KD, SLOT, GObject)

#define KD_TYPE_SLOT_MODEL (kd_slot_model_get_type ())
G_DECLARE_FINAL_TYPE (KdSlotModel, kd_slot_model, KD, SLOT_MODEL, GObject)

gpointer     kd_slot_get_item        (KdSlot      *self);
gpointer     kd_slot_unwrap          (gpointer     item);

KdSlotModel *kd_slot_model_new       (GListModel  *model);
GListModel  *kd_slot_model_get_model (KdSlotModel *self);
guint        kd_slot_model_get_n_live (KdSlotModel *self);

G_END_DECLS
