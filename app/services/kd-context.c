/* kd-context.c: the store, settings, clock, desk session and services of one open database. */
#include "kd-context.h"

struct _KdContext
{
  GObject         parent_instance;
  KdStore        *store;
  GSettings      *settings;
  KdClock        *clock;
  KdStaffService *staff_service;
  KdRosterService *roster_service;
  KdPhraseService *phrase_service;
  KdCustomerService *customer_service;
  KdOrderService *order_service;
  KdLeaveService *leave_service;
  KdHandoverService *handover_service;
  KdUnpaidService *unpaid_service;
  KdDeskSession  *session;
  GCancellable   *cancellable;
};

G_DEFINE_FINAL_TYPE (KdContext, kd_context, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static void
on_hours_changed (GSettings  *settings,
                  const char *key,
                  KdContext  *self)
{
  kd_unpaid_service_set_hours (self->unpaid_service, g_settings_get_int (settings, key));
}

static void
kd_context_constructed (GObject *object)
{
  KdContext *self = KD_CONTEXT (object);

  G_OBJECT_CLASS (kd_context_parent_class)->constructed (object);

  g_assert (self->store != NULL);
  g_assert (self->settings != NULL);

  self->clock = g_object_ref (kd_clock_get_default ());
  self->staff_service = kd_staff_service_new (self->store);
  self->roster_service = kd_roster_service_new (self->store);
  self->phrase_service = kd_phrase_service_new (self->store);
  self->leave_service = kd_leave_service_new (self->store);
  self->handover_service = kd_handover_service_new (self->store);
  self->session = kd_desk_session_new (self->store, self->staff_service, self->settings);
  self->customer_service = kd_customer_service_new (self->store, self->session);
  self->order_service = kd_order_service_new (self->store, self->session);
  self->unpaid_service = kd_unpaid_service_new (self->store, self->session, self->clock);
  on_hours_changed (self->settings, "unpaid-alert-hours", self);
  g_signal_connect_object (self->settings, "changed::unpaid-alert-hours",
                           G_CALLBACK (on_hours_changed), self, 0);
  self->cancellable = g_cancellable_new ();
}

static void
kd_context_dispose (GObject *object)
{
  KdContext *self = KD_CONTEXT (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_clear_object (&self->staff_service);
  g_clear_object (&self->roster_service);
  g_clear_object (&self->phrase_service);
  g_clear_object (&self->customer_service);
  g_clear_object (&self->order_service);
  g_clear_object (&self->unpaid_service);
  g_clear_object (&self->leave_service);
  g_clear_object (&self->handover_service);
  g_clear_object (&self->clock);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (kd_context_parent_class)->dispose (object);
}

static void
kd_context_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  KdContext *self = KD_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kd_context_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  KdContext *self = KD_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kd_context_class_init (KdContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = kd_context_constructed;
  object_class->dispose = kd_context_dispose;
  object_class->get_property = kd_context_get_property;
  object_class->set_property = kd_context_set_property;

  props[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, KD_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  props[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
kd_context_init (KdContext *self)
{
}

KdContext *
kd_context_new (KdStore   *store,
                GSettings *settings)
{
  return g_object_new (KD_TYPE_CONTEXT, "store", store, "settings", settings, NULL);
}

KdStore *
kd_context_get_store (KdContext *self)
{
  g_return_val_if_fail (KD_IS_CONTEXT (self), NULL);
  return self->store;
}

GSettings *
kd_context_get_settings (KdContext *self)
{
  g_return_val_if_fail (KD_IS_CONTEXT (self), NULL);
  return self->settings;
}

KdClock *
kd_context_get_clock (KdContext *self)
{
  g_return_val_if_fail (KD_IS_CONTEXT (self), NULL);
  return self->clock;
}

KdDeskSession *
kd_context_get_session (KdContext *self)
{
  g_return_val_if_fail (KD_IS_CONTEXT (self), NULL);
  return self->session;
}

KdStaffService *
kd_context_get_staff_service (KdContext *self)
{
  g_return_val_if_fail (KD_IS_CONTEXT (self), NULL);
  return self->staff_service;
}

GCancellable *
kd_context_get_cancellable (KdContext *self)
{
  g_return_val_if_fail (KD_IS_CONTEXT (self), NULL);
  return self->cancellable;
}

KdRosterService *
kd_context_get_roster_service (KdContext *self)
{
  g_return_val_if_fail (KD_IS_CONTEXT (self), NULL);
  return self->roster_service;
}

KdPhraseService *
kd_context_get_phrase_service (KdContext *self)
{
  g_return_val_if_fail (KD_IS_CONTEXT (self), NULL);
  return self->phrase_service;
}

KdCustomerService *
kd_context_get_customer_service (KdContext *self)
{
  g_return_val_if_fail (KD_IS_CONTEXT (self), NULL);
  return self->customer_service;
}

KdOrderService *
kd_context_get_order_service (KdContext *self)
{
  g_return_val_if_fail (KD_IS_CONTEXT (self), NULL);
  return self->order_service;
}

KdLeaveService *
kd_context_get_leave_service (KdContext *self)
{
  g_return_val_if_fail (KD_IS_CONTEXT (self), NULL);
  return self->leave_service;
}

KdHandoverService *
kd_context_get_handover_service (KdContext *self)
{
  g_return_val_if_fail (KD_IS_CONTEXT (self), NULL);
  return self->handover_service;
}

KdUnpaidService *
kd_context_get_unpaid_service (KdContext *self)
{
  g_return_val_if_fail (KD_IS_CONTEXT (self), NULL);
  return self->unpaid_service;
}
