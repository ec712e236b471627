/* kd-unpaid-notifier.c: the unpaid-order notifications and their buttons. */
#include "config.h"

#include "kd-unpaid-notifier.h"

#include <glib/gi18n-lib.h>
#include <libnotify/notify.h>

/* One notification on screen: a buyer's orders, or the summary (customer 0). */
typedef struct {
  KdUnpaidNotifier   *self;           /* not a reference */
  NotifyNotification *notification;
  gint64              customer_id;
  GArray             *order_ids;      /* gint64 */
  GPtrArray          *orders;         /* KdUnpaidOrder, a buyer's, as last shown */
} Shown;

struct _KdUnpaidNotifier
{
  GObject           parent_instance;

  KdUnpaidService  *service;
  gboolean          with_actions;
  GHashTable       *by_customer;      /* gint64* → Shown* (owned) */
  Shown            *summary;
  GCancellable     *cancellable;
  gboolean          warned;
};

G_DEFINE_FINAL_TYPE (KdUnpaidNotifier, kd_unpaid_notifier, G_TYPE_OBJECT)

enum {
  OPEN_ORDER,
  OPEN_LIST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
shown_free (Shown *shown)
{
  if (shown == NULL)
    return;
  g_signal_handlers_disconnect_by_data (shown->notification, shown);
  g_object_unref (shown->notification);
  g_array_unref (shown->order_ids);
  g_clear_pointer (&shown->orders, g_ptr_array_unref);
  g_free (shown);
}

static void
withdraw (Shown *shown)
{
  g_autoptr(GError) error = NULL;

  if (!notify_notification_close (shown->notification, &error))
    g_debug ("Could not withdraw a notification: %s", error->message);
}

static void
forget (KdUnpaidNotifier *self,
        Shown            *shown)
{
  if (shown == self->summary)
    {
      self->summary = NULL;
      shown_free (shown);
    }
  else
    g_hash_table_remove (self->by_customer, &shown->customer_id);
}

static void
kd_unpaid_notifier_dispose (GObject *object)
{
  KdUnpaidNotifier *self = (KdUnpaidNotifier *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_pointer (&self->by_customer, g_hash_table_unref);
  g_clear_pointer (&self->summary, shown_free);
  g_clear_object (&self->service);

  G_OBJECT_CLASS (kd_unpaid_notifier_parent_class)->dispose (object);
}

static void
kd_unpaid_notifier_finalize (GObject *object)
{
  KdUnpaidNotifier *self = (KdUnpaidNotifier *) object;

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (kd_unpaid_notifier_parent_class)->finalize (object);
}

static void
kd_unpaid_notifier_class_init (KdUnpaidNotifierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kd_unpaid_notifier_dispose;
  object_class->finalize = kd_unpaid_notifier_finalize;

  signals[OPEN_ORDER] = g_signal_new ("open-order", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[OPEN_LIST] = g_signal_new ("open-list", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kd_unpaid_notifier_init (KdUnpaidNotifier *self)
{
  self->by_customer = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify) shown_free);
  self->cancellable = g_cancellable_new ();
}

KdUnpaidNotifier *
kd_unpaid_notifier_new (KdUnpaidService *service,
                        gboolean         with_actions)
{
  KdUnpaidNotifier *self;

  g_return_val_if_fail (KD_IS_UNPAID_SERVICE (service), NULL);
  self = g_object_new (KD_TYPE_UNPAID_NOTIFIER, NULL);
  self->service = g_object_ref (service);
  self->with_actions = with_actions;
  if (!notify_is_initted ())
    notify_init (_("Kefu Desk"));
  return self;
}

/* ---------------------------------------------------------------- buttons */

typedef struct {
  KdUnpaidNotifier *self;
  gint64            customer_id;
  gboolean          snooze;
} Pending;

static void
on_action_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autofree Pending *pending = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = pending->snooze
                  ? kd_unpaid_service_snooze_finish (KD_UNPAID_SERVICE (source), result, &error)
                  : kd_unpaid_service_follow_up_finish (KD_UNPAID_SERVICE (source), result, &error);

  if (!ok && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("An unpaid-order alert could not be updated: %s", error->message);
  /* The notification closed itself when its button was pressed. */
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      Shown *shown = g_hash_table_lookup (pending->self->by_customer, &pending->customer_id);
      if (shown != NULL)
        forget (pending->self, shown);
    }
  g_object_unref (pending->self);
}

static void
on_action (NotifyNotification *notification,
           char               *action,
           gpointer            user_data)
{
  Shown *shown = user_data;
  KdUnpaidNotifier *self = shown->self;
  Pending *pending;

  if (g_str_equal (action, "open-list") || (g_str_equal (action, "default") && shown == self->summary))
    {
      g_signal_emit (self, signals[OPEN_LIST], 0);
      return;
    }
  if (g_str_equal (action, "open") || g_str_equal (action, "default"))
    {
      g_signal_emit (self, signals[OPEN_ORDER], 0, g_array_index (shown->order_ids, gint64, 0));
      return;
    }

  pending = g_new0 (Pending, 1);
  pending->self = g_object_ref (self);
  pending->customer_id = shown->customer_id;
  pending->snooze = g_str_equal (action, "snooze");
  if (pending->snooze)
    kd_unpaid_service_snooze_async (self->service, shown->order_ids, self->cancellable, on_action_done, pending);
  else if (g_str_equal (action, "followed-up"))
    /* By the agent the alert went to: the one named on it. */
    kd_unpaid_service_follow_up_async (self->service, shown->order_ids, NULL, NULL, self->cancellable,
                                       on_action_done, pending);
  else
    {
      g_object_unref (pending->self);
      g_free (pending);
      return;
    }
}

static void
on_closed (NotifyNotification *notification,
           Shown              *shown)
{
  /* Dismissed (or withdrawn): nothing more to update on screen. The alert
   * itself stays in the list. */
  forget (shown->self, shown);
}

/* ---------------------------------------------------------------- showing */

static gboolean
show_one (KdUnpaidNotifier *self,
          Shown            *shown)
{
  g_autoptr(GError) error = NULL;

  if (notify_notification_show (shown->notification, &error))
    return TRUE;
  if (!self->warned)
    {
      g_warning ("Unpaid-order alerts cannot be shown on the desktop (%s); they are listed in the window.",
                 error->message);
      self->warned = TRUE;
    }
  return FALSE;
}

static NotifyNotification *
new_notification (KdUnpaidNotifier *self,
                  const char       *title,
                  const char       *body,
                  Shown            *shown,
                  gboolean          summary)
{
  NotifyNotification *n = notify_notification_new (title, body, APP_ID);

  notify_notification_set_hint (n, "desktop-entry", g_variant_new_string (APP_ID));
  notify_notification_set_category (n, "im");
  notify_notification_set_urgency (n, NOTIFY_URGENCY_NORMAL);
  if (self->with_actions)
    {
      if (summary)
        {
          notify_notification_add_action (n, "default", _("Open the List"), on_action, shown, NULL);
          notify_notification_add_action (n, "open-list", _("Open the List"), on_action, shown, NULL);
        }
      else
        {
          notify_notification_add_action (n, "default", _("Open Order"), on_action, shown, NULL);
          notify_notification_add_action (n, "followed-up", _("Followed Up"), on_action, shown, NULL);
          notify_notification_add_action (n, "snooze", _("Snooze 1 Hour"), on_action, shown, NULL);
          notify_notification_add_action (n, "open", _("Open Order"), on_action, shown, NULL);
        }
    }
  return n;
}

gboolean
kd_unpaid_notifier_show (KdUnpaidNotifier *self,
                         GPtrArray        *raised)
{
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  gint64 now;
  int hours;
  gboolean ok = TRUE;

  g_return_val_if_fail (KD_IS_UNPAID_NOTIFIER (self), FALSE);
  if (raised == NULL || raised->len == 0)
    return TRUE;
  now = kd_clock_now_unix (kd_unpaid_service_get_clock (self->service));
  hours = kd_unpaid_service_get_hours (self->service);

  /* The check returns a buyer's orders next to each other. */
  for (guint i = 0; i < raised->len; i++)
    {
      KdUnpaidOrder *o = g_ptr_array_index (raised, i);
      GPtrArray *last = groups->len ? g_ptr_array_index (groups, groups->len - 1) : NULL;

      if (last == NULL || ((KdUnpaidOrder *) g_ptr_array_index (last, 0))->customer_id != o->customer_id)
        {
          last = g_ptr_array_new_with_free_func (g_object_unref);
          g_ptr_array_add (groups, last);
        }
      g_ptr_array_add (last, g_object_ref (o));
    }

  if (groups->len > KD_UNPAID_MAX_NOTIFICATIONS)
    {
      g_autofree char *title = kd_unpaid_format_summary (raised->len, hours);
      g_autofree char *body = g_strdup (_("Open the list to see who follows up on each."));

      if (self->summary == NULL)
        {
          self->summary = g_new0 (Shown, 1);
          self->summary->self = self;
          self->summary->order_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
          self->summary->notification = new_notification (self, title, body, self->summary, TRUE);
          g_signal_connect (self->summary->notification, "closed", G_CALLBACK (on_closed), self->summary);
        }
      else
        notify_notification_update (self->summary->notification, title, body, APP_ID);
      for (guint i = 0; i < raised->len; i++)
        g_array_append_val (self->summary->order_ids, ((KdUnpaidOrder *) g_ptr_array_index (raised, i))->order_id);
      return show_one (self, self->summary);
    }

  for (guint g = 0; g < groups->len; g++)
    {
      GPtrArray *group = g_ptr_array_index (groups, g);
      KdUnpaidOrder *first = g_ptr_array_index (group, 0);
      Shown *shown = g_hash_table_lookup (self->by_customer, &first->customer_id);
      g_autofree char *title = NULL;
      g_autofree char *body = NULL;

      if (shown == NULL)
        {
          shown = g_new0 (Shown, 1);
          shown->self = self;
          shown->customer_id = first->customer_id;
          shown->order_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
          g_hash_table_insert (self->by_customer, &shown->customer_id, shown);
        }
      else
        {
          /* The buyer's earlier notification is still up: it now tells
           * about every order of theirs that is due. */
          for (guint i = shown->orders->len; i > 0; i--)
            {
              KdUnpaidOrder *earlier = g_ptr_array_index (shown->orders, i - 1);
              gboolean again = FALSE;
              for (guint j = 0; j < group->len && !again; j++)
                again = ((KdUnpaidOrder *) g_ptr_array_index (group, j))->order_id == earlier->order_id;
              if (!again)
                g_ptr_array_insert (group, 0, g_object_ref (earlier));
            }
          g_array_set_size (shown->order_ids, 0);
        }
      for (guint i = 0; i < group->len; i++)
        g_array_append_val (shown->order_ids, ((KdUnpaidOrder *) g_ptr_array_index (group, i))->order_id);
      g_clear_pointer (&shown->orders, g_ptr_array_unref);
      shown->orders = g_ptr_array_ref (group);
      title = kd_unpaid_format_title (group, hours);
      body = kd_unpaid_format_body (group, now, tz);
      if (shown->notification == NULL)
        {
          shown->notification = new_notification (self, title, body, shown, FALSE);
          g_signal_connect (shown->notification, "closed", G_CALLBACK (on_closed), shown);
        }
      else
        notify_notification_update (shown->notification, title, body, APP_ID);
      ok &= show_one (self, shown);
    }
  return ok;
}

/* ---------------------------------------------------------------- withdrawing */

static void
on_still_open (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(KdUnpaidNotifier) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) open = kd_unpaid_service_still_open_finish (KD_UNPAID_SERVICE (source), result, &error);
  g_autoptr(GHashTable) is_open = NULL;
  g_autoptr(GPtrArray) gone = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;

  if (open == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Unpaid alerts not refreshed: %s", error->message);
      return;
    }
  is_open = g_hash_table_new (g_int64_hash, g_int64_equal);
  for (guint i = 0; i < open->len; i++)
    g_hash_table_add (is_open, &g_array_index (open, gint64, i));

  g_hash_table_iter_init (&iter, self->by_customer);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Shown *shown = value;
      gboolean any = FALSE;

      for (guint i = 0; i < shown->order_ids->len && !any; i++)
        any = g_hash_table_contains (is_open, &g_array_index (shown->order_ids, gint64, i));
      if (!any)
        g_ptr_array_add (gone, shown);
    }
  if (self->summary != NULL)
    {
      gboolean any = FALSE;
      for (guint i = 0; i < self->summary->order_ids->len && !any; i++)
        any = g_hash_table_contains (is_open, &g_array_index (self->summary->order_ids, gint64, i));
      if (!any)
        g_ptr_array_add (gone, self->summary);
    }
  for (guint i = 0; i < gone->len; i++)
    {
      Shown *shown = g_ptr_array_index (gone, i);
      withdraw (shown);
      forget (self, shown);
    }
}

void
kd_unpaid_notifier_refresh (KdUnpaidNotifier *self)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (KD_IS_UNPAID_NOTIFIER (self));
  g_hash_table_iter_init (&iter, self->by_customer);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_array_append_vals (ids, ((Shown *) value)->order_ids->data, ((Shown *) value)->order_ids->len);
  if (self->summary != NULL)
    g_array_append_vals (ids, self->summary->order_ids->data, self->summary->order_ids->len);
  if (ids->len == 0)
    return;
  kd_unpaid_service_still_open_async (self->service, ids, self->cancellable, on_still_open, g_object_ref (self));
}

guint
kd_unpaid_notifier_get_n_shown (KdUnpaidNotifier *self)
{
  g_return_val_if_fail (KD_IS_UNPAID_NOTIFIER (self), 0);
  return g_hash_table_size (self->by_customer) + (self->summary != NULL ? 1 : 0);
}

void
kd_unpaid_notifier_withdraw_all (KdUnpaidNotifier *self)
{
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (KD_IS_UNPAID_NOTIFIER (self));
  g_hash_table_iter_init (&iter, self->by_customer);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    withdraw (value);
  g_hash_table_remove_all (self->by_customer);
  if (self->summary != NULL)
    withdraw (self->summary);
  g_clear_pointer (&self->summary, shown_free);
}
