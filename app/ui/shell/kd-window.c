/* kd-window.c: the main window's shell: page switching, sign-in, window state. */
#include "kd-window.h"
#include "kd-orders-page.h"
#include "kd-customers-page.h"
#include "kd-handover-inbox.h"
#include "kd-phrases-page.h"
#include "kd-schedule-page.h"
#include "kd-toast.h"
#include "kd-unpaid-page.h"

#include <glib/gi18n.h>

struct _KdWindow
{
  AdwApplicationWindow  parent_instance;

  KdContext            *context;
  GSettings            *settings;   /* the context's */
  KdStaff              *signed_in;  /* the session's agent, mirrored */

  AdwToastOverlay      *toast_overlay;
  AdwViewStack         *stack;
  GtkMenuButton        *sign_in_button;
  KdSchedulePage       *schedule_page;
  AdwBin               *phrases_bin;
  KdPhrasesPage        *phrases_page;  /* made when first shown, in phrases_bin */
  KdOrdersPage         *orders_page;
  KdCustomersPage      *customers_page;
  KdUnpaidPage         *unpaid_page;
};

G_DEFINE_FINAL_TYPE (KdWindow, kd_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_SIGNED_IN_STAFF,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

KdStaff *
kd_window_get_signed_in_staff (KdWindow *self)
{
  g_return_val_if_fail (KD_IS_WINDOW (self), NULL);
  return self->signed_in;
}

const char *
kd_window_get_visible_page (KdWindow *self)
{
  g_return_val_if_fail (KD_IS_WINDOW (self), NULL);
  return adw_view_stack_get_visible_child_name (self->stack);
}

void
kd_window_add_toast (KdWindow *self,
                     AdwToast *toast)
{
  g_return_if_fail (KD_IS_WINDOW (self));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
update_sign_in_button (KdWindow *self)
{
  g_autofree char *label = NULL;

  if (self->signed_in != NULL)
    /* Translators: the header-bar button naming the agent at the desk; %s are name and job number */
    label = g_strdup_printf (_("On duty: %s · No. %s"),
                             kd_staff_get_name (self->signed_in),
                             kd_staff_get_job_number (self->signed_in));
  else
    label = g_strdup (_("Sign In"));

  gtk_menu_button_set_label (self->sign_in_button, label);
}

static void
set_signed_in (KdWindow *self,
               KdStaff  *staff)
{
  if (!g_set_object (&self->signed_in, staff))
    return;

  update_sign_in_button (self);
  g_action_group_change_action_state (G_ACTION_GROUP (self), "sign-in",
                                      g_variant_new_string (staff ? kd_staff_get_job_number (staff) : ""));
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_SIGNED_IN_STAFF]);
}

static void
on_agent_changed (KdWindow *self)
{
  KdStaff *before = self->signed_in;
  KdStaff *agent = kd_desk_session_get_agent (kd_context_get_session (self->context));

  /* Whoever comes to the desk first sees what the last shift handed over. */
  if ((agent ? kd_staff_get_id (agent) : 0) != (before ? kd_staff_get_id (before) : 0))
    kd_handover_inbox_check (GTK_WINDOW (self), self->context);
  set_signed_in (self, agent);
  update_sign_in_button (self);
}

static void
sign_in_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(KdWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!kd_desk_session_sign_in_finish (KD_DESK_SESSION (source), result, &error))
    {
      kd_toast_show_error (GTK_WIDGET (self), error);
      on_agent_changed (self);  /* the menu's radio back to who is really in */
    }
}

static void
sign_in_change_state (GSimpleAction *action,
                      GVariant      *value,
                      gpointer       user_data)
{
  KdWindow *self = user_data;
  const char *job_number = g_variant_get_string (value, NULL);

  g_simple_action_set_state (action, value);

  if (self->signed_in != NULL && g_strcmp0 (kd_staff_get_job_number (self->signed_in), job_number) == 0)
    return;
  if (self->signed_in == NULL && *job_number == '\0')
    return;

  kd_desk_session_sign_in_async (kd_context_get_session (self->context), job_number,
                                 kd_context_get_cancellable (self->context),
                                 sign_in_done, g_object_ref (self));
}

static void
page_change_state (GSimpleAction *action,
                   GVariant      *value,
                   gpointer       user_data)
{
  KdWindow *self = user_data;
  const char *name = g_variant_get_string (value, NULL);

  if (adw_view_stack_get_child_by_name (self->stack, name) == NULL)
    return;
  adw_view_stack_set_visible_child_name (self->stack, name);
  g_simple_action_set_state (action, value);
}

/* From an order's detail: the buyer's profile, on the Customers page. */
static void
show_customer_activated (GSimpleAction *action,
                         GVariant      *param,
                         gpointer       user_data)
{
  KdWindow *self = user_data;

  g_action_group_change_action_state (G_ACTION_GROUP (self), "page", g_variant_new_string ("customers"));
  gtk_widget_activate_action (GTK_WIDGET (self->customers_page), "customers.open", "x", g_variant_get_int64 (param));
}

static void
sign_in_menu_activated (GSimpleAction *action,
                        GVariant      *param,
                        gpointer       user_data)
{
  KdWindow *self = user_data;
  gtk_menu_button_popup (self->sign_in_button);
}

/* 0: the Unpaid page's list; an order id: that order selected in it (a
 * notification's "Open order" and its summary come here). */
static void
show_unpaid_activated (GSimpleAction *action,
                       GVariant      *param,
                       gpointer       user_data)
{
  KdWindow *self = user_data;

  adw_view_stack_set_visible_child_name (self->stack, "unpaid");
  kd_unpaid_page_show_order (self->unpaid_page, g_variant_get_int64 (param));
  gtk_window_present (GTK_WINDOW (self));
}

/* The order on the Orders page, whatever its filters hid. */
static void
open_order_activated (GSimpleAction *action,
                      GVariant      *param,
                      gpointer       user_data)
{
  KdWindow *self = user_data;

  adw_view_stack_set_visible_child_name (self->stack, "orders");
  kd_orders_page_show_order (self->orders_page, g_variant_get_int64 (param));
}

static void
on_n_unpaid_changed (KdWindow *self)
{
  kd_orders_page_set_unpaid_count (self->orders_page, kd_unpaid_page_get_n_open (self->unpaid_page));
}

/* win.search-order / win.search-customer: another page links to an order
 * or a customer by its text (a handover's items); their page searches for it. */
static void
show_on_page (KdWindow   *self,
              const char *page,
              const char *action,
              GVariant   *param)
{
  GtkWidget *child = adw_view_stack_get_child_by_name (self->stack, page);

  if (child == NULL)
    return;
  g_action_group_activate_action (G_ACTION_GROUP (self), "page", g_variant_new_string (page));
  gtk_widget_activate_action_variant (child, action, param);
}

static void
search_order_activated (GSimpleAction *action,
                        GVariant      *param,
                        gpointer       user_data)
{
  show_on_page (user_data, "orders", "orders.search", param);
}

static void
search_customer_activated (GSimpleAction *action,
                           GVariant      *param,
                           gpointer       user_data)
{
  show_on_page (user_data, "customers", "customers.search", param);
}

static const GActionEntry win_actions[] = {
  { "sign-in", NULL, "s", "''", sign_in_change_state },
  { "page", NULL, "s", "'orders'", page_change_state },
  { "sign-in-menu", sign_in_menu_activated },
  { "show-unpaid", show_unpaid_activated, "x" },
  { "open-order", open_order_activated, "x" },
  { "show-customer", show_customer_activated, "x" },
  { "search-order", search_order_activated, "s" },
  { "search-customer", search_customer_activated, "s" },
};

/* The staff list is read when the menu opens, so a person added a moment
 * ago on the Schedule page can sign in straight away. */
static void
build_sign_in_menu (GtkMenuButton *button,
                    gpointer       user_data)
{
  KdWindow *self = user_data;
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) people = g_menu_new ();
  g_autoptr(GMenu) sign_out = g_menu_new ();
  /* A small indexed read of the active staff (a shop has tens of them). */
  g_autoptr(GPtrArray) staff = kd_staff_service_list (kd_context_get_staff_service (self->context), TRUE, NULL);
  guint n = staff ? staff->len : 0;

  for (guint i = 0; i < n; i++)
    {
      KdStaff *s = g_ptr_array_index (staff, i);
      g_autofree char *label = NULL;
      g_autoptr(GMenuItem) item = NULL;

      /* Translators: a sign-in menu entry: name, job number, role */
      label = g_strdup_printf (_("%s · No. %s · %s"), kd_staff_get_name (s),
                               kd_staff_get_job_number (s), kd_role_get_label (kd_staff_get_role (s)));
      item = g_menu_item_new (label, NULL);
      g_menu_item_set_action_and_target_value (item, "win.sign-in",
                                               g_variant_new_string (kd_staff_get_job_number (s)));
      g_menu_append_item (people, item);
    }

  /* Whoever the roster has on duty right now comes first (a night shift
   * after midnight is yesterday's roster). */
  {
    g_autoptr(GDateTime) now = kd_clock_now_local (kd_context_get_clock (self->context));
    g_autoptr(GPtrArray) on_duty = kd_roster_service_on_duty (kd_context_get_roster_service (self->context), now, NULL);
    g_autoptr(GMenu) duty = g_menu_new ();

    for (guint i = 0; on_duty != NULL && i < on_duty->len; i++)
      {
        const KdOnDuty *d = g_ptr_array_index (on_duty, i);
        g_autofree char *start = g_strdup_printf ("%02d:%02d", d->start_minute / 60, d->start_minute % 60);
        int end_minute = (d->start_minute + d->length) % (24 * 60);
        g_autofree char *end = g_strdup_printf ("%02d:%02d", end_minute / 60, end_minute % 60);
        /* Translators: an on-duty sign-in entry: name, job number, shift, its times */
        g_autofree char *label = g_strdup_printf (_("%s · No. %s · %s %s–%s"), d->name, d->job_number,
                                                  d->shift_name, start, end);
        g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

        g_menu_item_set_action_and_target_value (item, "win.sign-in", g_variant_new_string (d->job_number));
        g_menu_append_item (duty, item);
      }
    if (g_menu_model_get_n_items (G_MENU_MODEL (duty)) > 0)
      g_menu_append_section (menu, _("On Duty Now"), G_MENU_MODEL (duty));
  }
  g_menu_append_section (menu, _("Who Is at the Desk?"), G_MENU_MODEL (people));
  /* Only offered to someone signed in: as a radio item it would otherwise
   * look chosen when nobody is at the desk. */
  if (self->signed_in != NULL)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_("Sign Out"), NULL);
      g_menu_item_set_action_and_target_value (item, "win.sign-in", g_variant_new_string (""));
      g_menu_append_item (sign_out, item);
      g_menu_append_section (menu, NULL, G_MENU_MODEL (sign_out));
    }

  gtk_menu_button_set_menu_model (button, G_MENU_MODEL (menu));
}

static gboolean
kd_window_close_request (GtkWindow *window)
{
  KdWindow *self = KD_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_delay (self->settings);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  g_settings_set_string (self->settings, "last-page", adw_view_stack_get_visible_child_name (self->stack));
  g_settings_apply (self->settings);

  return GTK_WINDOW_CLASS (kd_window_parent_class)->close_request (window);
}

/* The Phrases page is made when first shown: nothing else in the window
 * needs it, and with its list, editor and preview it was the page that
 * cost the most memory while hidden (some 16 MB of RSS at start,
 * bench/RESULTS.md). */
static void
ensure_phrases_page (KdWindow *self)
{
  if (self->phrases_page != NULL)
    return;
  self->phrases_page = g_object_new (KD_TYPE_PHRASES_PAGE, "context", self->context, NULL);
  adw_bin_set_child (self->phrases_bin, GTK_WIDGET (self->phrases_page));
}

static void
on_visible_page_changed (KdWindow *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->stack);
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "page");

  /* The template's first page is shown before the context is set. */
  if (g_strcmp0 (name, "phrases") == 0 && self->context != NULL)
    ensure_phrases_page (self);
  if (name != NULL)
    g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_string (name));
}

/* Showing every phone number unmasked is a privacy-relevant choice. */
static void
on_show_full_phone_changed (GSettings  *settings,
                            const char *key,
                            KdWindow   *self)
{
  if (g_settings_get_boolean (settings, key))
    kd_desk_session_audit_async (kd_context_get_session (self->context),
                                 "contacts.show-unmasked", "staff", "Preferences: show contact data unmasked");
}

static void
kd_window_constructed (GObject *object)
{
  KdWindow *self = KD_WINDOW (object);
  g_autofree char *last_page = NULL;
  KdDeskSession *session;

  G_OBJECT_CLASS (kd_window_parent_class)->constructed (object);

  g_assert (self->context != NULL);
  self->settings = g_object_ref (kd_context_get_settings (self->context));

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  last_page = g_settings_get_string (self->settings, "last-page");
  if (adw_view_stack_get_child_by_name (self->stack, last_page) != NULL)
    adw_view_stack_set_visible_child_name (self->stack, last_page);
  on_visible_page_changed (self);

  g_object_set (self->schedule_page, "context", self->context, NULL);
  g_object_set (self->orders_page, "context", self->context, NULL);
  g_object_set (self->customers_page, "context", self->context, NULL);
  g_object_set (self->unpaid_page, "context", self->context, NULL);
  g_signal_connect_object (self->unpaid_page, "notify::n-open", G_CALLBACK (on_n_unpaid_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::show-full-phone",
                           G_CALLBACK (on_show_full_phone_changed), self, 0);

  session = kd_context_get_session (self->context);
  g_signal_connect_object (session, "notify::agent", G_CALLBACK (on_agent_changed), self, G_CONNECT_SWAPPED);
  kd_desk_session_restore (session);
  on_agent_changed (self);
}

static void
kd_window_dispose (GObject *object)
{
  KdWindow *self = KD_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KD_TYPE_WINDOW);
  self->phrases_page = NULL;  /* was phrases_bin's */
  /* Work started from this window stops with it. */
  if (self->context != NULL)
    g_cancellable_cancel (kd_context_get_cancellable (self->context));
  g_clear_object (&self->signed_in);
  g_clear_object (&self->settings);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (kd_window_parent_class)->dispose (object);
}

static void
kd_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  KdWindow *self = KD_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_SIGNED_IN_STAFF:
      g_value_set_object (value, self->signed_in);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kd_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  KdWindow *self = KD_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kd_window_class_init (KdWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = kd_window_constructed;
  object_class->dispose = kd_window_dispose;
  object_class->get_property = kd_window_get_property;
  object_class->set_property = kd_window_set_property;
  window_class->close_request = kd_window_close_request;

  props[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, KD_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  props[PROP_SIGNED_IN_STAFF] =
    g_param_spec_object ("signed-in-staff", NULL, NULL, KD_TYPE_STAFF,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, props);

  g_type_ensure (KD_TYPE_SCHEDULE_PAGE);
  g_type_ensure (KD_TYPE_PHRASES_PAGE);
  g_type_ensure (KD_TYPE_ORDERS_PAGE);
  g_type_ensure (KD_TYPE_CUSTOMERS_PAGE);
  g_type_ensure (KD_TYPE_UNPAID_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/shell/kd-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KdWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, KdWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, KdWindow, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, KdWindow, schedule_page);
  gtk_widget_class_bind_template_child (widget_class, KdWindow, phrases_bin);
  gtk_widget_class_bind_template_child (widget_class, KdWindow, orders_page);
  gtk_widget_class_bind_template_child (widget_class, KdWindow, customers_page);
  gtk_widget_class_bind_template_child (widget_class, KdWindow, unpaid_page);
  gtk_widget_class_bind_template_callback (widget_class, on_visible_page_changed);
}

static void
kd_window_init (KdWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_action_map_add_action_entries (G_ACTION_MAP (self), win_actions,
                                   G_N_ELEMENTS (win_actions), self);
  gtk_menu_button_set_create_popup_func (self->sign_in_button, build_sign_in_menu, self, NULL);
}

KdWindow *
kd_window_new (KdApplication *app,
               KdContext     *context)
{
  return g_object_new (KD_TYPE_WINDOW,
                       "application", app,
                       "context", context,
                       NULL);
}

KdContext *
kd_window_get_context (KdWindow *self)
{
  g_return_val_if_fail (KD_IS_WINDOW (self), NULL);
  return self->context;
}
