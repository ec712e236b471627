/* kd-tag-manager.h: the shop's tags: add, rename, recolour, merge two, delete with undo. */
#pragma once

#include <adwaita.h>

#include "kd-context.h"

G_BEGIN_DECLS

#define KD_TYPE_TAG_MANAGER (kd_tag_manager_get_type ())
G_DECLARE_FINAL_TYPE (KdTagManager, kd_tag_manager, KD, TAG_MANAGER, AdwWindow)

/* Signal "tags-edited" after each write (lists showing pills re-read). */
KdTagManager *kd_tag_manager_new (KdContext *context);

G_END_DECLS
