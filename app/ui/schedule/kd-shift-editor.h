/* kd-shift-editor.h: the shop's shift templates (times, colour, people per weekday) and special days. */
#pragma once

#include <adwaita.h>

#include "kd-context.h"

G_BEGIN_DECLS

/* Days off, in a row, rest, nights cap, two fairness weights. */
#define KD_SHIFT_EDITOR_N_RULES 6

#define KD_TYPE_SHIFT_EDITOR (kd_shift_editor_get_type ())
G_DECLARE_FINAL_TYPE (KdShiftEditor, kd_shift_editor, KD, SHIFT_EDITOR, AdwPreferencesWindow)

GtkWidget *kd_shift_editor_new (GtkWindow *parent,
                                KdContext *context);

G_END_DECLS
