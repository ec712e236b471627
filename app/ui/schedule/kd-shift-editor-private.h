/* kd-shift-editor-private.h: the fields the widget tests fill in. */
#pragma once

#include "kd-shift-editor.h"

G_BEGIN_DECLS

typedef struct {
  gint64          id;
  AdwExpanderRow *row;
  AdwEntryRow    *code;
  AdwEntryRow    *name;
  AdwEntryRow    *start;
  AdwEntryRow    *end;
  GtkColorButton *colour;
  GtkSwitch      *night;
  GtkSpinButton  *required;
  GtkSpinButton  *weekday[7];
  GtkButton      *save;
} KdShiftRows;

/* [n_shifts + 1]: the last is the "new shift" form. */
GPtrArray     *_kd_shift_editor_get_shift_rows  (KdShiftEditor *self);
AdwEntryRow   *_kd_shift_editor_get_day_entry   (KdShiftEditor *self);
AdwEntryRow   *_kd_shift_editor_get_day_name    (KdShiftEditor *self);
GtkSwitch     *_kd_shift_editor_get_promotion   (KdShiftEditor *self);
/* People per shift on the new special day, by template. */
GPtrArray     *_kd_shift_editor_get_day_spins   (KdShiftEditor *self);
GtkButton     *_kd_shift_editor_get_add_day     (KdShiftEditor *self);
guint          _kd_shift_editor_get_n_days      (KdShiftEditor *self);
/* In the order of KdRosterRules: days_off, max_consecutive, min_rest_hours, max_nights, fair_nights, fair_weekends. */
GtkSpinButton *_kd_shift_editor_get_rule_spin  (KdShiftEditor *self,
                                                int            i);
GtkButton     *_kd_shift_editor_get_save_rules (KdShiftEditor *self);
/* What the file chooser's Import does with the file picked. */
void           _kd_shift_editor_import_file    (KdShiftEditor *self,
                                                GFile         *file);
gboolean       _kd_shift_editor_is_busy         (KdShiftEditor *self);

G_END_DECLS
