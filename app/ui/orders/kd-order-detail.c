/* kd-order-detail.c: one order's fields, item lines, remark timeline and the add-remark box (flag picker, byte counter, Ctrl+Enter). */
#include "kd-order-detail-internal.h"
#include "kd-orders-util.h"
#include "kd-text.h"
#include "kd-toast.h"

#include <glib/gi18n.h>

G_DEFINE_FINAL_TYPE (KdOrderDetail, kd_order_detail, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_ORDER_ID,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

/* NULL before the context: the default names. */
KdOrderService *
_kd_order_detail_flag_service (KdOrderDetail *self)
{
  return self->context ? kd_context_get_order_service (self->context) : NULL;
}

static KdOrderService *
service (KdOrderDetail *self)
{
  return kd_context_get_order_service (self->context);
}

static char *
remark_text (KdOrderDetail *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->remark_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
show_error (KdOrderDetail *self,
            const char    *message)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL && *message != '\0');
}

/* "12-05" means the coming 5 December; "2026-12-05" as written; "" none.
 * NULL when it is no date at all. */
static char *
normalise_follow_up (KdOrderDetail *self,
                     const char    *text)
{
  g_autofree char *t = g_strstrip (g_strdup (text));
  guint month, day;
  char tail;

  if (*t == '\0')
    return g_strdup ("");
  if (sscanf (t, "%u-%u%c", &month, &day, &tail) == 2 && strlen (t) <= 5)
    {
      g_autoptr(GDateTime) now = kd_clock_now_local (kd_context_get_clock (self->context));
      int year = g_date_time_get_year (now);

      if ((int) month < g_date_time_get_month (now) ||
          ((int) month == g_date_time_get_month (now) && (int) day < g_date_time_get_day_of_month (now)))
        year++;
      if (!g_date_valid_dmy (day, month, year))
        return NULL;
      return g_strdup_printf ("%04d-%02u-%02u", year, month, day);
    }
  return g_steal_pointer (&t);
}

static void
update_form (KdOrderDetail *self)
{
  g_autofree char *text = NULL;
  g_autofree char *label = NULL;
  gssize left;
  gboolean can_save;

  if (self->remark_view == NULL)
    return;

  text = remark_text (self);
  /* Taobao counts the seller memo in UTF-8 bytes, not characters. */
  left = (gssize) KD_REMARK_MAX_BYTES - (gssize) strlen (text);
  if (left >= 0)
    {
      /* Translators: under the remark text; the UTF-8 bytes still free of Taobao's 1 000 */
      label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d byte left", "%d bytes left", (gulong) left), (int) left);
      gtk_widget_remove_css_class (GTK_WIDGET (self->bytes_label), "error");
    }
  else
    {
      /* Translators: under the remark text when it is longer than Taobao takes */
      label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d byte too many", "%d bytes too many", (gulong) -left), (int) -left);
      gtk_widget_add_css_class (GTK_WIDGET (self->bytes_label), "error");
    }
  gtk_label_set_text (self->bytes_label, label);

  can_save = self->order != NULL && !self->saving && left >= 0 &&
             (*text != '\0' || self->flag != self->order->flag);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "detail.save-remark", can_save);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "detail.copy-remark",
                                 self->remarks != NULL && self->remarks->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "detail.copy-confirmation", self->order != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "detail.open-customer",
                                 self->order != NULL && self->customer != NULL && self->customer->id > 0);
}

static void
on_form_changed (KdOrderDetail *self)
{
  show_error (self, NULL);
  gtk_widget_remove_css_class (GTK_WIDGET (self->follow_up_entry), "error");
  update_form (self);
}

static void
set_flag (KdOrderDetail *self,
          KdFlag         flag)
{
  g_autofree char *meaning = NULL;

  if (flag >= KD_N_FLAGS)
    return;
  self->flag = flag;
  if (!gtk_toggle_button_get_active (self->flag_buttons[flag]))
    gtk_toggle_button_set_active (self->flag_buttons[flag], TRUE);
  meaning = kd_orders_flag_tooltip (_kd_order_detail_flag_service (self), flag);
  gtk_label_set_text (self->flag_meaning, meaning);
  update_form (self);
}

static void
on_flag_toggled (GtkToggleButton *button,
                 KdOrderDetail   *self)
{
  if (gtk_toggle_button_get_active (button))
    set_flag (self, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "kd-flag")));
}

/* ---------------------------------------------------------------- loading */

static void
done_one (KdOrderDetail *self)
{
  g_assert (self->pending > 0);
  self->pending--;
}

static void
nickname_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(KdOrderDetail) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KdCustomer) customer = kd_customer_service_find_nickname_finish (KD_CUSTOMER_SERVICE (source), result, &error);

  done_one (self);
  if (self->context == NULL ||   /* disposed while reading */
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_set_object (&self->customer, customer);
  update_form (self);
  if (customer != NULL && customer->blacklisted)
    {
      g_autofree char *text = NULL;

      if (customer->blacklist_reason != NULL && *customer->blacklist_reason != '\0')
        /* Translators: the banner over an order whose buyer is blacklisted; nickname, reason */
        text = g_strdup_printf (_("%s is on the blacklist: %s"), customer->nickname, customer->blacklist_reason);
      else
        text = g_strdup_printf (_("%s is on the blacklist"), customer->nickname);
      gtk_label_set_text (self->blacklist_label, text);
      gtk_revealer_set_reveal_child (self->blacklist_revealer, TRUE);
    }
  else
    gtk_revealer_set_reveal_child (self->blacklist_revealer, FALSE);
}

static void
remarks_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(KdOrderDetail) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) remarks = kd_order_service_list_remarks_finish (KD_ORDER_SERVICE (source), result, &error);

  done_one (self);
  if (remarks == NULL)
    {
      kd_toast_show_error (GTK_WIDGET (self), error);
      return;
    }
  g_clear_pointer (&self->remarks, g_ptr_array_unref);
  self->remarks = g_steal_pointer (&remarks);
  _kd_order_detail_fill_timeline (self);
  update_form (self);
}

static void
load_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(KdOrderDetail) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KdOrder) order = kd_order_service_load_finish (KD_ORDER_SERVICE (source), result, &error);
  gboolean first = self->order == NULL;

  done_one (self);
  if (order == NULL)
    {
      if (error != NULL)
        kd_toast_show_error (GTK_WIDGET (self), error);
      else if (!g_cancellable_is_cancelled (self->loading))
        gtk_stack_set_visible_child_name (self->stack, "none");  /* gone */
      return;
    }

  g_set_object (&self->order, order);
  _kd_order_detail_fill_header (self);
  _kd_order_detail_fill_fields (self);
  _kd_order_detail_fill_items (self);
  gtk_stack_set_visible_child_name (self->stack, "order");
  if (first)
    set_flag (self, order->flag);
  update_form (self);

  if (first && order->buyer != NULL && *order->buyer != '\0')
    {
      self->pending++;
      kd_customer_service_find_nickname_async (kd_context_get_customer_service (self->context),
                                               order->buyer, 0, self->loading,
                                               nickname_done, g_object_ref (self));
    }
}

static void
reload (KdOrderDetail *self,
        gboolean       order,
        gboolean       remarks)
{
  if (self->order_id <= 0 || self->context == NULL)
    return;
  if (order)
    {
      self->pending++;
      kd_order_service_load_async (service (self), self->order_id, self->loading, load_done, g_object_ref (self));
    }
  if (remarks)
    {
      self->pending++;
      kd_order_service_list_remarks_async (service (self), self->order_id, self->loading,
                                           remarks_done, g_object_ref (self));
    }
}

void
kd_order_detail_set_order_id (KdOrderDetail *self,
                              gint64         id)
{
  g_return_if_fail (KD_IS_ORDER_DETAIL (self));

  if (id == self->order_id)
    return;

  g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  self->loading = g_cancellable_new ();
  self->order_id = id;
  g_clear_object (&self->order);
  g_clear_object (&self->customer);
  g_clear_pointer (&self->remarks, g_ptr_array_unref);
  gtk_revealer_set_reveal_child (self->blacklist_revealer, FALSE);
  show_error (self, NULL);
  /* A half-written remark belongs to the order it was written for. */
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->remark_view), "", -1);
  gtk_editable_set_text (GTK_EDITABLE (self->follow_up_entry), "");

  if (id <= 0)
    gtk_stack_set_visible_child_name (self->stack, "none");
  else
    reload (self, TRUE, TRUE);
  update_form (self);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_ORDER_ID]);
}

gint64
kd_order_detail_get_order_id (KdOrderDetail *self)
{
  g_return_val_if_fail (KD_IS_ORDER_DETAIL (self), 0);
  return self->order_id;
}

KdOrder *
kd_order_detail_get_order (KdOrderDetail *self)
{
  g_return_val_if_fail (KD_IS_ORDER_DETAIL (self), NULL);
  return self->order;
}

void
kd_order_detail_focus_remark (KdOrderDetail *self)
{
  g_return_if_fail (KD_IS_ORDER_DETAIL (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->remark_view));
}

/* An import, an edit or a remark elsewhere (another window, the CLI)
 * changed this order. */
static void
on_orders_changed (KdStore       *store,
                   const char    *table,
                   GArray        *ids,
                   KdOrderDetail *self)
{
  gboolean ours = ids == NULL || ids->len == 0;

  for (guint i = 0; !ours && i < ids->len; i++)
    ours = g_array_index (ids, gint64, i) == self->order_id;
  if (ours && self->order != NULL && !self->saving)
    reload (self, TRUE, TRUE);
}

/* ---------------------------------------------------------------- actions */

static void
add_remark_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(KdOrderDetail) self = user_data;
  g_autoptr(GError) error = NULL;
  KdRemark *remark = kd_order_service_add_remark_finish (KD_ORDER_SERVICE (source), result, &error);
  g_autofree char *title = NULL;

  done_one (self);
  self->saving = FALSE;
  if (self->context == NULL)   /* disposed while saving */
    {
      if (remark != NULL)
        kd_remark_free (remark);
      return;
    }
  if (remark == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error->message);
      update_form (self);
      return;
    }

  if (self->saving_for == self->order_id)
    {
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->remark_view), "", -1);
      gtk_editable_set_text (GTK_EDITABLE (self->follow_up_entry), "");
      reload (self, TRUE, TRUE);
    }
  /* Translators: after saving a remark; the agent's job number */
  title = g_strdup_printf (_("Remark saved as No. %s"), remark->job_number);
  kd_toast_show (GTK_WIDGET (self), kd_toast_new (title));
  kd_remark_free (remark);
  update_form (self);
}

static void
save_remark_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  KdOrderDetail *self = KD_ORDER_DETAIL (widget);
  g_autofree char *text = remark_text (self);
  g_autofree char *follow_up = NULL;
  g_autoptr(GError) error = NULL;

  if (self->order == NULL || self->saving)
    return;

  follow_up = normalise_follow_up (self, gtk_editable_get_text (GTK_EDITABLE (self->follow_up_entry)));
  if (follow_up == NULL || !kd_remark_validate (text, follow_up, &error))
    {
      if (follow_up == NULL || (error != NULL && error->code == KD_ORDER_FIELD_FOLLOW_UP))
        gtk_widget_add_css_class (GTK_WIDGET (self->follow_up_entry), "error");
      show_error (self, error ? error->message : _("The follow-up date is not a date (YYYY-MM-DD or MM-DD)"));
      return;
    }
  if (kd_desk_session_get_agent (kd_context_get_session (self->context)) == NULL)
    {
      show_error (self, _("Sign in first: every remark carries the job number of the agent who wrote it."));
      return;
    }

  self->saving = TRUE;
  self->saving_for = self->order_id;
  self->pending++;
  update_form (self);
  kd_order_service_add_remark_async (service (self), self->order_id, self->flag, g_strstrip (text), follow_up,
                                     kd_context_get_cancellable (self->context),
                                     add_remark_done, g_object_ref (self));
}

static void
copy_text (KdOrderDetail *self,
           const char    *text,
           const char    *toast)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  kd_toast_show (GTK_WIDGET (self), kd_toast_new (toast));
}

static void
copy_remark_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  KdOrderDetail *self = KD_ORDER_DETAIL (widget);
  KdRemark *latest;
  g_autofree char *line = NULL;

  if (self->remarks == NULL || self->remarks->len == 0)
    return;
  latest = g_ptr_array_index (self->remarks, self->remarks->len - 1);
  line = kd_remark_for_taobao (latest->job_number, latest->text);
  copy_text (self, line, _("Remark copied: paste it into the seller memo"));
}

static void
copy_confirmation_activated (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *param)
{
  KdOrderDetail *self = KD_ORDER_DETAIL (widget);
  g_autofree char *text = NULL;

  if (self->order == NULL)
    return;
  text = kd_order_confirmation_text (self->order);
  copy_text (self, text, _("Confirmation copied: paste it into the chat"));
}

/* Up to the window ("win.show-customer"), which turns to the Customers
 * page and opens the profile there. */
static void
open_customer_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  KdOrderDetail *self = KD_ORDER_DETAIL (widget);

  if (self->customer == NULL || self->customer->id <= 0)
    return;
  gtk_widget_activate_action (widget, "win.show-customer", "x", self->customer->id);
}

static void
set_flag_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  KdOrderDetail *self = KD_ORDER_DETAIL (widget);
  set_flag (self, (KdFlag) g_variant_get_int32 (param));
}

static void
on_follow_up_activate (KdOrderDetail *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "detail.save-remark", NULL);
}

/* ---------------------------------------------------------------- private, for tests */

GtkTextView *
_kd_order_detail_get_remark_view (KdOrderDetail *self)
{
  return self->remark_view;
}

GtkEditable *
_kd_order_detail_get_follow_up (KdOrderDetail *self)
{
  return GTK_EDITABLE (self->follow_up_entry);
}

const char *
_kd_order_detail_get_bytes_left (KdOrderDetail *self)
{
  return gtk_label_get_text (self->bytes_label);
}

const char *
_kd_order_detail_get_error (KdOrderDetail *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self->error_label)) ? gtk_label_get_text (self->error_label) : NULL;
}

KdFlag
_kd_order_detail_get_flag (KdOrderDetail *self)
{
  return self->flag;
}

GPtrArray *
_kd_order_detail_get_remarks (KdOrderDetail *self)
{
  return self->remarks;
}

gboolean
_kd_order_detail_is_busy (KdOrderDetail *self)
{
  return self->pending > 0;
}

const char *
_kd_order_detail_get_flag_meaning (KdOrderDetail *self)
{
  return gtk_label_get_text (self->flag_meaning);
}

gboolean
_kd_order_detail_blacklist_shown (KdOrderDetail *self)
{
  return gtk_revealer_get_reveal_child (self->blacklist_revealer);
}

/* ---------------------------------------------------------------- object */

static void update_flag_texts (KdOrderDetail *self);

static void
on_flags_changed (KdOrderDetail *self)
{
  if (self->context != NULL)   /* not once disposed: the picker is gone */
    update_flag_texts (self);
}

static void
set_context (KdOrderDetail *self,
             KdContext     *context)
{
  if (context == NULL || context == self->context)
    return;
  g_return_if_fail (self->context == NULL);

  self->context = g_object_ref (context);
  g_signal_connect_object (kd_context_get_store (context), "changed::orders",
                           G_CALLBACK (on_orders_changed), self, 0);
  g_signal_connect_object (service (self), "flags-changed", G_CALLBACK (on_flags_changed), self, G_CONNECT_SWAPPED);
  update_flag_texts (self);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_CONTEXT]);
}

static void
kd_order_detail_dispose (GObject *object)
{
  KdOrderDetail *self = KD_ORDER_DETAIL (object);

  g_cancellable_cancel (self->loading);
  gtk_widget_dispose_template (GTK_WIDGET (self), KD_TYPE_ORDER_DETAIL);
  g_clear_object (&self->loading);
  g_clear_object (&self->order);
  g_clear_object (&self->customer);
  g_clear_pointer (&self->remarks, g_ptr_array_unref);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (kd_order_detail_parent_class)->dispose (object);
}

static void
kd_order_detail_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  KdOrderDetail *self = KD_ORDER_DETAIL (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_ORDER_ID:
      g_value_set_int64 (value, self->order_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kd_order_detail_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  KdOrderDetail *self = KD_ORDER_DETAIL (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      set_context (self, g_value_get_object (value));
      break;
    case PROP_ORDER_ID:
      kd_order_detail_set_order_id (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kd_order_detail_class_init (KdOrderDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kd_order_detail_dispose;
  object_class->get_property = kd_order_detail_get_property;
  object_class->set_property = kd_order_detail_set_property;

  props[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, KD_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  props[PROP_ORDER_ID] =
    g_param_spec_int64 ("order-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, props);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/orders/kd-order-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, KdOrderDetail, stack);
  gtk_widget_class_bind_template_child (widget_class, KdOrderDetail, scroller);
  gtk_widget_class_bind_template_child (widget_class, KdOrderDetail, flag_dot);
  gtk_widget_class_bind_template_child (widget_class, KdOrderDetail, title_label);
  gtk_widget_class_bind_template_child (widget_class, KdOrderDetail, status_label);
  gtk_widget_class_bind_template_child (widget_class, KdOrderDetail, blacklist_revealer);
  gtk_widget_class_bind_template_child (widget_class, KdOrderDetail, blacklist_label);
  gtk_widget_class_bind_template_child (widget_class, KdOrderDetail, remark_box);
  gtk_widget_class_bind_template_child (widget_class, KdOrderDetail, flag_picker);
  gtk_widget_class_bind_template_child (widget_class, KdOrderDetail, flag_meaning);
  gtk_widget_class_bind_template_child (widget_class, KdOrderDetail, remark_view);
  gtk_widget_class_bind_template_child (widget_class, KdOrderDetail, follow_up_entry);
  gtk_widget_class_bind_template_child (widget_class, KdOrderDetail, bytes_label);
  gtk_widget_class_bind_template_child (widget_class, KdOrderDetail, error_label);
  gtk_widget_class_bind_template_child (widget_class, KdOrderDetail, timeline);
  gtk_widget_class_bind_template_child (widget_class, KdOrderDetail, items_list);
  gtk_widget_class_bind_template_child (widget_class, KdOrderDetail, fields_grid);
  gtk_widget_class_bind_template_callback (widget_class, on_form_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_follow_up_activate);

  gtk_widget_class_install_action (widget_class, "detail.save-remark", NULL, save_remark_activated);
  gtk_widget_class_install_action (widget_class, "detail.copy-remark", NULL, copy_remark_activated);
  gtk_widget_class_install_action (widget_class, "detail.copy-confirmation", NULL, copy_confirmation_activated);
  gtk_widget_class_install_action (widget_class, "detail.set-flag", "i", set_flag_activated);
  gtk_widget_class_install_action (widget_class, "detail.open-customer", NULL, open_customer_activated);
}

/* In the remark box (capture phase, ahead of the text view, which would
 * take Ctrl+Enter as a line break): Ctrl+Enter saves, Ctrl+0…5 choose the
 * flag (none, red, yellow, green, blue, purple). */
static void
add_remark_shortcuts (KdOrderDetail *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();
  GtkShortcutController *sc = GTK_SHORTCUT_CONTROLLER (controller);

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (sc, gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Return, GDK_CONTROL_MASK),
                                                              gtk_named_action_new ("detail.save-remark")));
  gtk_shortcut_controller_add_shortcut (sc, gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_KP_Enter, GDK_CONTROL_MASK),
                                                              gtk_named_action_new ("detail.save-remark")));
  for (int f = 0; f < KD_N_FLAGS; f++)
    {
      GtkShortcut *s = gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_0 + f, GDK_CONTROL_MASK),
                                         gtk_named_action_new ("detail.set-flag"));
      gtk_shortcut_set_arguments (s, g_variant_new_int32 (f));
      gtk_shortcut_controller_add_shortcut (sc, s);
    }
  gtk_widget_add_controller (self->remark_box, controller);
}

/* The picker's tooltips and names, the chosen flag's meaning, the
 * header's dot: the shop's names and meanings. */
static void
update_flag_texts (KdOrderDetail *self)
{
  g_autofree char *meaning = kd_orders_flag_tooltip (_kd_order_detail_flag_service (self), self->flag);

  for (int f = 0; f < KD_N_FLAGS; f++)
    {
      g_autofree char *tip = kd_orders_flag_tooltip (_kd_order_detail_flag_service (self), f);
      g_autofree char *full_tip = g_strdup_printf ("%s (Ctrl+%d)", tip, f);

      gtk_widget_set_tooltip_text (GTK_WIDGET (self->flag_buttons[f]), full_tip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->flag_buttons[f]), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      kd_orders_flag_name (_kd_order_detail_flag_service (self), f), -1);
    }
  gtk_label_set_text (self->flag_meaning, meaning);
  if (self->order != NULL)
    _kd_order_detail_fill_header (self);
}

static void
build_flag_picker (KdOrderDetail *self)
{
  GtkToggleButton *group = NULL;

  for (int f = 0; f < KD_N_FLAGS; f++)
    {
      GtkWidget *button = gtk_toggle_button_new ();

      /* Dots only: the chosen flag's name and meaning are spelled out below. */
      gtk_button_set_child (GTK_BUTTON (button), kd_orders_flag_dot_new (f));
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_add_css_class (button, "kd-flag-choice");
      g_object_set_data (G_OBJECT (button), "kd-flag", GINT_TO_POINTER (f));
      if (group != NULL)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), group);
      else
        group = GTK_TOGGLE_BUTTON (button);
      g_signal_connect (button, "toggled", G_CALLBACK (on_flag_toggled), self);
      self->flag_buttons[f] = GTK_TOGGLE_BUTTON (button);
      gtk_box_append (self->flag_picker, button);
    }
  update_flag_texts (self);
}

static void
kd_order_detail_init (KdOrderDetail *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->loading = g_cancellable_new ();
  build_flag_picker (self);
  set_flag (self, KD_FLAG_NONE);
  g_signal_connect_swapped (gtk_text_view_get_buffer (self->remark_view), "changed",
                            G_CALLBACK (on_form_changed), self);
  add_remark_shortcuts (self);
  update_form (self);
}
