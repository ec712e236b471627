/* kd-clock.c: system, frozen and shifted clocks; --now and KEFU_DESK_NOW. */
#include "kd-clock.h"
#include "kd-error.h"

#include <glib/gi18n-lib.h>

typedef enum {
  CLOCK_SYSTEM,
  CLOCK_FIXED,
  CLOCK_SHIFTED,
} ClockKind;

struct _KdClock
{
  GObject   parent_instance;
  ClockKind kind;
  gint64    fixed_usec;   /* CLOCK_FIXED: the frozen instant */
  gint64    offset_usec;  /* CLOCK_SHIFTED: added to the real time */
};

G_DEFINE_FINAL_TYPE (KdClock, kd_clock, G_TYPE_OBJECT)

static KdClock *default_clock;

static void
kd_clock_class_init (KdClockClass *klass)
{
}

static void
kd_clock_init (KdClock *self)
{
}

KdClock *
kd_clock_new_system (void)
{
  KdClock *self = g_object_new (KD_TYPE_CLOCK, NULL);
  self->kind = CLOCK_SYSTEM;
  return self;
}

KdClock *
kd_clock_new_fixed (GDateTime *instant)
{
  KdClock *self = g_object_new (KD_TYPE_CLOCK, NULL);

  g_return_val_if_fail (instant != NULL, NULL);

  self->kind = CLOCK_FIXED;
  self->fixed_usec = g_date_time_to_unix (instant) * G_USEC_PER_SEC
                     + g_date_time_get_microsecond (instant);
  return self;
}

/* A clock that reads @instant now and then runs forward in real time, so
 * timers still fire in a GUI started with --now. */
KdClock *
kd_clock_new_starting_at (GDateTime *instant)
{
  KdClock *self = g_object_new (KD_TYPE_CLOCK, NULL);

  g_return_val_if_fail (instant != NULL, NULL);

  self->kind = CLOCK_SHIFTED;
  self->offset_usec = g_date_time_to_unix (instant) * G_USEC_PER_SEC
                      + g_date_time_get_microsecond (instant)
                      - g_get_real_time ();
  return self;
}

KdClock *
kd_clock_get_default (void)
{
  if (default_clock == NULL)
    default_clock = kd_clock_new_system ();
  return default_clock;
}

void
kd_clock_set_default (KdClock *clock)
{
  g_return_if_fail (clock == NULL || KD_IS_CLOCK (clock));

  if (clock != NULL)
    g_object_ref (clock);
  g_clear_object (&default_clock);
  default_clock = clock;
}

/* --now wins over KEFU_DESK_NOW; both accept ISO 8601 with an offset. */
gboolean
kd_clock_init_default (const char  *now_option,
                       GError     **error)
{
  const char *text = now_option;
  const char *source = "--now";
  g_autoptr(GDateTime) instant = NULL;
  g_autoptr(KdClock) clock = NULL;
  g_autoptr(GError) local_error = NULL;

  if (text == NULL || *text == '\0')
    {
      text = g_getenv ("KEFU_DESK_NOW");
      source = "KEFU_DESK_NOW";
    }

  if (text == NULL || *text == '\0')
    return TRUE;

  instant = kd_parse_iso8601 (text, &local_error);
  if (instant == NULL)
    {
      g_set_error (error, KD_CORE_ERROR, KD_CORE_ERROR_INVALID,
                   /* Translators: %s is "--now" or "KEFU_DESK_NOW", then the bad value and the reason */
                   _("%s: “%s” is not a time: %s"), source, text, local_error->message);
      return FALSE;
    }

  clock = kd_clock_new_starting_at (instant);
  kd_clock_set_default (clock);
  return TRUE;
}

static gint64
now_usec (KdClock *self)
{
  switch (self->kind)
    {
    case CLOCK_FIXED:
      return self->fixed_usec;
    case CLOCK_SHIFTED:
      return g_get_real_time () + self->offset_usec;
    case CLOCK_SYSTEM:
    default:
      return g_get_real_time ();
    }
}

gint64
kd_clock_now_unix (KdClock *self)
{
  if (self == NULL)
    self = kd_clock_get_default ();
  g_return_val_if_fail (KD_IS_CLOCK (self), 0);

  return now_usec (self) / G_USEC_PER_SEC;
}

GDateTime *
kd_clock_now_local (KdClock *self)
{
  g_autoptr(GDateTime) utc = NULL;

  if (self == NULL)
    self = kd_clock_get_default ();
  g_return_val_if_fail (KD_IS_CLOCK (self), NULL);

  utc = g_date_time_new_from_unix_utc (now_usec (self) / G_USEC_PER_SEC);
  return g_date_time_to_local (utc);
}

/* Moves a fixed or shifted clock; tests use it to let hours pass. */
void
kd_clock_advance (KdClock *self,
                  gint64   seconds)
{
  g_return_if_fail (KD_IS_CLOCK (self));

  switch (self->kind)
    {
    case CLOCK_FIXED:
      self->fixed_usec += seconds * G_USEC_PER_SEC;
      break;
    case CLOCK_SHIFTED:
      self->offset_usec += seconds * G_USEC_PER_SEC;
      break;
    case CLOCK_SYSTEM:
    default:
      g_warning ("kd_clock_advance() on the system clock does nothing");
      break;
    }
}

/* Strict ISO 8601: a date, 'T' or ' ', a time, and an explicit offset (Z or
 * ±HH:MM). A time without an offset is ambiguous for a shop whose PC may be
 * set to any zone, so it is refused. */
GDateTime *
kd_parse_iso8601 (const char  *text,
                  GError     **error)
{
  g_autoptr(GDateTime) parsed = NULL;
  gsize len;

  g_return_val_if_fail (text != NULL, NULL);

  len = strlen (text);
  if (len < 16 || !g_ascii_isdigit (text[0]))
    {
      g_set_error (error, KD_CORE_ERROR, KD_CORE_ERROR_INVALID,
                   _("expected a time like 2026-11-25T09:00:00+08:00"));
      return NULL;
    }

  if (text[len - 1] != 'Z' && text[len - 1] != 'z' &&
      !(len > 6 && (text[len - 6] == '+' || text[len - 6] == '-') && text[len - 3] == ':'))
    {
      g_set_error (error, KD_CORE_ERROR, KD_CORE_ERROR_INVALID,
                   _("the time needs an offset such as +08:00 or Z"));
      return NULL;
    }

  parsed = g_date_time_new_from_iso8601 (text, NULL);
  if (parsed == NULL)
    {
      g_set_error (error, KD_CORE_ERROR, KD_CORE_ERROR_INVALID,
                   _("expected a time like 2026-11-25T09:00:00+08:00"));
      return NULL;
    }

  /* GLib takes any offset up to ±24:00; the zones in use run from −12:00
   * to +14:00, so anything past them is a typo. */
  if (g_date_time_get_utc_offset (parsed) > 14 * G_TIME_SPAN_HOUR ||
      g_date_time_get_utc_offset (parsed) < -12 * G_TIME_SPAN_HOUR)
    {
      g_set_error (error, KD_CORE_ERROR, KD_CORE_ERROR_INVALID,
                   _("the offset must be between -12:00 and +14:00"));
      return NULL;
    }

  return g_steal_pointer (&parsed);
}
