/* kd-unpaid-monitor.c: when to check for unpaid orders. */
#include "config.h"

#include "kd-unpaid-monitor.h"

#include <errno.h>
#include <glib-unix.h>
#include <sys/timerfd.h>
#include <unistd.h>

struct _KdUnpaidMonitor
{
  GObject           parent_instance;

  KdUnpaidService  *service;
  KdStore          *store;
  KdUnpaidNotifier *notifier;
  GCancellable     *cancellable;

  guint             tick_id;
  guint             soon_id;
  gboolean          running;      /* a check is under way */
  gboolean          again;        /* another was asked for meanwhile */
  guint             n_checks;

  GDBusConnection  *system_bus;
  guint             sleep_sub;
  int               clock_fd;     /* timerfd cancelled when the wall clock is set */
  guint             clock_id;
};

G_DEFINE_FINAL_TYPE (KdUnpaidMonitor, kd_unpaid_monitor, G_TYPE_OBJECT)

enum {
  CHECKED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void arm_clock_watch (KdUnpaidMonitor *self);

static void
kd_unpaid_monitor_dispose (GObject *object)
{
  KdUnpaidMonitor *self = (KdUnpaidMonitor *) object;

  kd_unpaid_monitor_stop (self);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  g_clear_object (&self->service);
  g_clear_object (&self->notifier);

  G_OBJECT_CLASS (kd_unpaid_monitor_parent_class)->dispose (object);
}

static void
kd_unpaid_monitor_finalize (GObject *object)
{
  KdUnpaidMonitor *self = (KdUnpaidMonitor *) object;

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (kd_unpaid_monitor_parent_class)->finalize (object);
}

static void
kd_unpaid_monitor_class_init (KdUnpaidMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kd_unpaid_monitor_dispose;
  object_class->finalize = kd_unpaid_monitor_finalize;

  /* (guint n_raised, guint n_waiting) after every check that worked. */
  signals[CHECKED] = g_signal_new ("checked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
}

static void
kd_unpaid_monitor_init (KdUnpaidMonitor *self)
{
  self->clock_fd = -1;
  self->cancellable = g_cancellable_new ();
}

/* ---------------------------------------------------------------- the check */

static void start_check (KdUnpaidMonitor *self);

static void
on_checked (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(KdUnpaidMonitor) self = user_data;
  g_autoptr(GError) error = NULL;
  guint waiting = 0;
  g_autoptr(GPtrArray) raised = kd_unpaid_service_check_finish (KD_UNPAID_SERVICE (source), result,
                                                                &waiting, &error);

  self->running = FALSE;
  if (raised == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          !g_error_matches (error, KD_STORE_ERROR, KD_STORE_ERROR_CLOSED))
        g_warning ("The unpaid-order check failed: %s", error->message);
      return;
    }
  self->n_checks++;
  if (self->notifier != NULL && raised->len > 0)
    kd_unpaid_notifier_show (self->notifier, raised);
  g_signal_emit (self, signals[CHECKED], 0, raised->len, waiting);
  if (self->again)
    {
      self->again = FALSE;
      start_check (self);
    }
}

static void
start_check (KdUnpaidMonitor *self)
{
  if (self->running)
    {
      self->again = TRUE;
      return;
    }
  if (kd_store_is_closed (self->store))
    return;
  self->running = TRUE;
  kd_unpaid_service_check_async (self->service, self->cancellable, on_checked, g_object_ref (self));
}

static gboolean
on_tick (gpointer user_data)
{
  KdUnpaidMonitor *self = user_data;

  start_check (self);
  /* Paid or followed up from another program (an import from the command
   * line): its notification goes. */
  if (self->notifier != NULL)
    kd_unpaid_notifier_refresh (self->notifier);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_soon (gpointer user_data)
{
  KdUnpaidMonitor *self = user_data;

  self->soon_id = 0;
  start_check (self);
  if (self->notifier != NULL)
    kd_unpaid_notifier_refresh (self->notifier);
  return G_SOURCE_REMOVE;
}

void
kd_unpaid_monitor_check_soon (KdUnpaidMonitor *self)
{
  g_return_if_fail (KD_IS_UNPAID_MONITOR (self));
  /* An import writes in several steps: one check after the last. */
  if (self->soon_id == 0)
    self->soon_id = g_timeout_add (300, on_soon, self);
}

/* ---------------------------------------------------------------- what starts one */

static void
on_store_changed (KdStore         *store,
                  const char      *table,
                  GArray          *ids,
                  KdUnpaidMonitor *self)
{
  if (g_strcmp0 (table, "orders") == 0)
    kd_unpaid_monitor_check_soon (self);
  else if (self->notifier != NULL)
    /* Followed up or snoozed from the list: its notification goes. */
    kd_unpaid_notifier_refresh (self->notifier);
}

static void
on_prepare_for_sleep (GDBusConnection *connection,
                      const char      *sender,
                      const char      *path,
                      const char      *interface,
                      const char      *signal,
                      GVariant        *parameters,
                      gpointer         user_data)
{
  KdUnpaidMonitor *self = user_data;
  gboolean going_to_sleep = TRUE;

  if (g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(b)")))
    g_variant_get (parameters, "(b)", &going_to_sleep);
  if (!going_to_sleep)
    kd_unpaid_monitor_check_soon (self);
}

static void
on_system_bus (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(KdUnpaidMonitor) self = user_data;
  g_autoptr(GError) error = NULL;
  GDBusConnection *bus = g_bus_get_finish (result, &error);

  if (bus == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("No system bus, so no resume-from-suspend checks: %s", error->message);
      return;
    }
  if (self->tick_id == 0)
    {
      /* Stopped meanwhile. */
      g_object_unref (bus);
      return;
    }
  self->system_bus = bus;
  self->sleep_sub = g_dbus_connection_signal_subscribe (bus, "org.freedesktop.login1",
                                                        "org.freedesktop.login1.Manager", "PrepareForSleep",
                                                        "/org/freedesktop/login1", NULL,
                                                        G_DBUS_SIGNAL_FLAGS_NONE, on_prepare_for_sleep,
                                                        self, NULL);
}

/* A timerfd on the real-time clock, far in the future, with
 * TFD_TIMER_CANCEL_ON_SET: reading it fails with ECANCELED as soon as the
 * clock is set (by hand, or by NTP stepping it). */
static gboolean
on_clock_set (int          fd,
              GIOCondition condition,
              gpointer     user_data)
{
  KdUnpaidMonitor *self = user_data;
  guint64 expirations;

  if (read (fd, &expirations, sizeof expirations) < 0 && errno == ECANCELED)
    kd_unpaid_monitor_check_soon (self);
  /* Re-armed relative to the new time. */
  arm_clock_watch (self);
  return G_SOURCE_CONTINUE;
}

static void
arm_clock_watch (KdUnpaidMonitor *self)
{
  struct itimerspec spec = { 0 };
  struct timespec now;

  if (self->clock_fd < 0)
    {
      self->clock_fd = timerfd_create (CLOCK_REALTIME, TFD_NONBLOCK | TFD_CLOEXEC);
      if (self->clock_fd < 0)
        return;
      self->clock_id = g_unix_fd_add (self->clock_fd, G_IO_IN, on_clock_set, self);
    }
  clock_gettime (CLOCK_REALTIME, &now);
  spec.it_value.tv_sec = now.tv_sec + 10 * 365 * 24 * 3600;
  if (timerfd_settime (self->clock_fd, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, &spec, NULL) < 0)
    g_debug ("The wall clock is not watched: %s", g_strerror (errno));
}

/* ---------------------------------------------------------------- public */

KdUnpaidMonitor *
kd_unpaid_monitor_new (KdUnpaidService  *service,
                       KdStore          *store,
                       KdUnpaidNotifier *notifier)
{
  KdUnpaidMonitor *self;

  g_return_val_if_fail (KD_IS_UNPAID_SERVICE (service), NULL);
  g_return_val_if_fail (KD_IS_STORE (store), NULL);
  self = g_object_new (KD_TYPE_UNPAID_MONITOR, NULL);
  self->service = g_object_ref (service);
  self->store = g_object_ref (store);
  self->notifier = notifier ? g_object_ref (notifier) : NULL;
  return self;
}

void
kd_unpaid_monitor_start (KdUnpaidMonitor *self,
                         guint            interval_seconds)
{
  g_return_if_fail (KD_IS_UNPAID_MONITOR (self));
  g_return_if_fail (interval_seconds > 0);

  if (self->tick_id != 0)
    return;
  g_cancellable_reset (self->cancellable);
  self->tick_id = g_timeout_add_seconds (interval_seconds, on_tick, self);
  g_signal_connect_object (self->store, "changed::orders", G_CALLBACK (on_store_changed), self, 0);
  g_signal_connect_object (self->store, "changed::unpaid_alerts", G_CALLBACK (on_store_changed), self, 0);
  g_bus_get (G_BUS_TYPE_SYSTEM, self->cancellable, on_system_bus, g_object_ref (self));
  arm_clock_watch (self);
  start_check (self);
}

void
kd_unpaid_monitor_stop (KdUnpaidMonitor *self)
{
  g_return_if_fail (KD_IS_UNPAID_MONITOR (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_handle_id (&self->soon_id, g_source_remove);
  g_clear_handle_id (&self->clock_id, g_source_remove);
  if (self->clock_fd >= 0)
    {
      close (self->clock_fd);
      self->clock_fd = -1;
    }
  if (self->system_bus != NULL && self->sleep_sub != 0)
    g_dbus_connection_signal_unsubscribe (self->system_bus, self->sleep_sub);
  self->sleep_sub = 0;
  g_clear_object (&self->system_bus);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
}

guint
kd_unpaid_monitor_get_n_checks (KdUnpaidMonitor *self)
{
  g_return_val_if_fail (KD_IS_UNPAID_MONITOR (self), 0);
  return self->n_checks;
}
