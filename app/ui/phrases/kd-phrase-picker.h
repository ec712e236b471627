/* kd-phrase-picker.h: the quick picker: type, arrows, Enter copies the expanded phrase and closes. */
#pragma once

#include <adwaita.h>

#include "kd-context.h"

G_BEGIN_DECLS

#define KD_TYPE_PHRASE_PICKER (kd_phrase_picker_get_type ())
G_DECLARE_FINAL_TYPE (KdPhrasePicker, kd_phrase_picker, KD, PHRASE_PICKER, AdwWindow)

KdPhrasePicker *kd_phrase_picker_new             (KdContext      *context);
const char     *kd_phrase_picker_get_last_copied (KdPhrasePicker *self);
GtkWidget      *_kd_phrase_picker_get_search_entry (KdPhrasePicker *self);
GListModel     *_kd_phrase_picker_get_visible_model (KdPhrasePicker *self);
gboolean        _kd_phrase_picker_is_busy        (KdPhrasePicker *self);

G_END_DECLS
