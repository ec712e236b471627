/* kd-clock.h: the one injectable source of "now" for the whole application. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define KD_TYPE_CLOCK (kd_clock_get_type ())
G_DECLARE_FINAL_TYPE (KdClock, kd_clock, KD, CLOCK, GObject)

KdClock   *kd_clock_new_system       (void);
KdClock   *kd_clock_new_fixed        (GDateTime   *instant);
KdClock   *kd_clock_new_starting_at  (GDateTime   *instant);
KdClock   *kd_clock_get_default      (void);
void       kd_clock_set_default      (KdClock     *clock);
gboolean   kd_clock_init_default     (const char  *now_option,
                                      GError     **error);

gint64     kd_clock_now_unix         (KdClock     *self);
GDateTime *kd_clock_now_local        (KdClock     *self);
void       kd_clock_advance          (KdClock     *self,
                                      gint64       seconds);

GDateTime *kd_parse_iso8601          (const char  *text,
                                      GError     **error);

G_END_DECLS
