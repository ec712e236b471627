/* kd-customer-editor.c: the profile window: every field checked by core as you type, contacts masked until Reveal, purchase history. */
#include "kd-customer-editor-internal.h"
#include "kd-error.h"
#include "kd-tag-pills.h"
#include "kd-text.h"
#include "kd-toast.h"

#include <glib/gi18n.h>

G_DEFINE_FINAL_TYPE (KdCustomerEditor, kd_customer_editor, ADW_TYPE_WINDOW)

enum {
  SIGNAL_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

KdCustomerService *
_kd_customer_editor_service (KdCustomerEditor *self)
{
  return kd_context_get_customer_service (self->context);
}

static GCancellable *
cancellable (KdCustomerEditor *self)
{
  return kd_context_get_cancellable (self->context);
}

/* ---------------------------------------------------------------- nickname uniqueness */

static void
nickname_checked (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(KdCustomerEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KdCustomer) holder = kd_customer_service_find_nickname_finish (KD_CUSTOMER_SERVICE (source), result, &error);

  /* A newer keystroke has its own check on the way. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->nick_check);
  g_clear_pointer (&self->nick_holder, g_free);
  if (holder != NULL)
    self->nick_holder = g_strdup (holder->nickname);
  _kd_customer_editor_validate (self);
}

void
_kd_customer_editor_on_nickname_changed (KdCustomerEditor *self)
{
  g_autofree char *nick = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->nickname_row))));

  if (self->filling || self->context == NULL)
    return;
  if (self->nick_check != NULL)
    g_cancellable_cancel (self->nick_check);
  g_clear_object (&self->nick_check);
  g_clear_pointer (&self->nick_holder, g_free);
  if (*nick != '\0' && (self->customer == NULL || g_strcmp0 (nick, self->customer->nickname) != 0 || self->id == 0))
    {
      self->nick_check = g_cancellable_new ();
      kd_customer_service_find_nickname_async (_kd_customer_editor_service (self), nick, self->id, self->nick_check,
                                               nickname_checked, g_object_ref (self));
    }
  _kd_customer_editor_validate (self);
}

/* ---------------------------------------------------------------- purchase history */

static const char *
status_label (KdCustomerOrder *o)
{
  switch (o->status)
    {
    case 0: return _("Awaiting payment");
    case 1: return _("Paid, awaiting shipment");
    case 2: return _("Shipped");
    case 3: return _("Completed");
    case 4: return _("Closed");
    default: return *o->status_text ? o->status_text : _("Other");
    }
}

static const char *
flag_label (int flag)
{
  switch (flag)
    {
    case 1: return _("Red flag");
    case 2: return _("Yellow flag");
    case 3: return _("Green flag");
    case 4: return _("Blue flag");
    case 5: return _("Purple flag");
    default: return _("No flag");
    }
}

static void
orders_loaded (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(KdCustomerEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) orders = kd_customer_service_list_orders_finish (KD_CUSTOMER_SERVICE (source), result, &error);

  self->n_busy--;
  if (orders == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_label_set_text (GTK_LABEL (self->orders_empty), error->message);
      _kd_customer_editor_validate (self);
      return;
    }
  self->n_orders = orders->len;
  for (guint i = 0; i < orders->len; i++)
    {
      KdCustomerOrder *o = g_ptr_array_index (orders, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *flag = gtk_label_new (NULL);
      GtkWidget *amount;
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (o->created_at);
      g_autofree char *date = when ? g_date_time_format (when, "%Y-%m-%d %H:%M") : g_strdup ("");
      g_autofree char *money = kd_money_format (o->total);
      g_autofree char *subtitle = NULL;
      g_autofree char *flag_class = g_strdup_printf ("kd-flag-%d", CLAMP (o->flag, 0, 5));

      /* Translators: an order's line in the purchase history: status · created */
      subtitle = g_strdup_printf (_("%s · %s"), status_label (o), date);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), o->order_no);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_add_css_class (flag, "kd-flag");
      gtk_widget_add_css_class (flag, flag_class);
      gtk_widget_set_valign (flag, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (flag, flag_label (o->flag));
      gtk_accessible_update_property (GTK_ACCESSIBLE (flag), GTK_ACCESSIBLE_PROPERTY_LABEL, flag_label (o->flag), -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), flag);
      amount = gtk_label_new (money);
      gtk_widget_add_css_class (amount, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), amount);
      if (o->latest_remark && *o->latest_remark)
        gtk_widget_set_tooltip_text (row, o->latest_remark);
      gtk_list_box_append (self->orders_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->orders_list), orders->len > 0);
  gtk_widget_set_visible (self->orders_empty, orders->len == 0);
  _kd_customer_editor_validate (self);
}

/* ---------------------------------------------------------------- load, reveal, save */

static void revealed (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data);

static void
loaded (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(KdCustomerEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KdCustomer) customer = kd_customer_service_load_finish (KD_CUSTOMER_SERVICE (source), result, &error);

  self->n_busy--;
  if (customer == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          adw_status_page_set_description (self->gone_page, error->message);
          gtk_stack_set_visible_child_name (self->stack, "gone");
        }
      return;
    }
  g_set_object (&self->customer, customer);
  _kd_customer_editor_fill_form (self);
  self->n_busy++;
  kd_customer_service_list_orders_async (_kd_customer_editor_service (self), self->id, cancellable (self), orders_loaded, g_object_ref (self));
  /* The owner who asked to see contact data unmasked: revealed at once,
   * and written to the privacy log like any reveal. */
  if (kd_desk_session_get_show_unmasked (kd_context_get_session (self->context)))
    {
      self->n_busy++;
      kd_customer_service_reveal_async (_kd_customer_editor_service (self), self->id, cancellable (self), revealed, g_object_ref (self));
    }
}

static void
revealed (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(KdCustomerEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KdCustomer) full = kd_customer_service_reveal_finish (KD_CUSTOMER_SERVICE (source), result, &error);

  self->n_busy--;
  if (full == NULL)
    {
      kd_toast_show_error (GTK_WIDGET (self->form), error);
      _kd_customer_editor_validate (self);
      return;
    }
  /* Only the contacts: whatever else was typed meanwhile stays. */
  self->filling = TRUE;
  self->revealed = TRUE;
  kd_customer_set_contacts_from_text (self->customer->phones, "");
  kd_customer_set_contacts_from_text (self->customer->addresses, "");
  for (guint i = 0; i < full->phones->len; i++)
    {
      KdContact *c = &g_array_index (full->phones, KdContact, i);
      kd_customer_add_contact (self->customer->phones, c->value, c->is_default);
    }
  for (guint i = 0; i < full->addresses->len; i++)
    {
      KdContact *c = &g_array_index (full->addresses, KdContact, i);
      kd_customer_add_contact (self->customer->addresses, c->value, c->is_default);
    }
  _kd_customer_editor_show_contacts (self);
  self->filling = FALSE;
  kd_toast_show (GTK_WIDGET (self->form), kd_toast_new (_("Contacts revealed; this is written to the privacy log")));
  _kd_customer_editor_validate (self);
}

static void
reveal_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  KdCustomerEditor *self = KD_CUSTOMER_EDITOR (widget);

  if (self->id == 0 || self->revealed || self->n_busy > 0)
    return;
  self->n_busy++;
  _kd_customer_editor_validate (self);
  kd_customer_service_reveal_async (_kd_customer_editor_service (self), self->id, cancellable (self), revealed, g_object_ref (self));
}

static void
saved (GObject      *source,
       GAsyncResult *result,
       gpointer      user_data)
{
  g_autoptr(KdCustomerEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KdCustomerChange) change = kd_customer_service_write_finish (KD_CUSTOMER_SERVICE (source), result, &error);

  self->n_busy--;
  if (change == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          gtk_label_set_text (self->save_error, error->message);
          gtk_widget_set_visible (GTK_WIDGET (self->save_error), TRUE);
        }
      _kd_customer_editor_validate (self);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_SAVED], 0, change);
  gtk_window_close (GTK_WINDOW (self));
}

static void
save_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  KdCustomerEditor *self = KD_CUSTOMER_EDITOR (widget);
  g_autoptr(KdCustomer) c = NULL;

  _kd_customer_editor_validate (self);
  if (!gtk_widget_is_sensitive (self->save_button) || self->customer == NULL || self->n_busy > 0 || self->nick_check != NULL)
    return;
  c = _kd_customer_editor_customer_from_form (self);
  if (!kd_customer_validate (c, NULL))
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->save_error), FALSE);
  self->n_busy++;
  _kd_customer_editor_validate (self);
  kd_customer_service_save_async (_kd_customer_editor_service (self), c, cancellable (self), saved, g_object_ref (self));
}

/* ---------------------------------------------------------------- tests */

gboolean
_kd_customer_editor_is_busy (KdCustomerEditor *self)
{
  return self->customer == NULL || self->n_busy > 0 || self->nick_check != NULL;
}

gboolean
_kd_customer_editor_is_revealed (KdCustomerEditor *self)
{
  return self->revealed;
}

const char *
_kd_customer_editor_get_phones_text (KdCustomerEditor *self)
{
  static char *shown;

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->phones_stack), "masked") == 0)
    return gtk_label_get_text (self->phones_masked);
  g_free (shown);
  shown = _kd_customer_editor_view_text (self->phones_view);
  return shown;
}

GtkEditable *
_kd_customer_editor_get_nickname (KdCustomerEditor *self)
{
  return GTK_EDITABLE (self->nickname_row);
}

const char *
_kd_customer_editor_get_nickname_error (KdCustomerEditor *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self->nickname_error)) ? gtk_label_get_text (self->nickname_error) : NULL;
}

guint
_kd_customer_editor_get_n_orders (KdCustomerEditor *self)
{
  return self->n_orders;
}

gboolean
_kd_customer_editor_can_save (KdCustomerEditor *self)
{
  return gtk_widget_is_sensitive (self->save_button);
}

GtkSpinButton *
_kd_customer_editor_get_height (KdCustomerEditor *self)
{
  return self->height_spin;
}

char *
_kd_customer_editor_dup_errors (KdCustomerEditor *self)
{
  GtkLabel *labels[] = {
    self->nickname_error, self->real_name_error, self->birthday_error, self->first_contact_error,
    self->phones_error, self->addresses_error, self->height_error, self->weight_error, self->size_error,
    self->fit_error, self->notes_error, self->reason_error, self->save_error,
  };
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (gtk_widget_get_visible (GTK_WIDGET (labels[i])))
      g_string_append_printf (s, "%s\n", gtk_label_get_text (labels[i]));
  return g_string_free (s, FALSE);
}

/* ---------------------------------------------------------------- GObject */

gint64
kd_customer_editor_get_id (KdCustomerEditor *self)
{
  g_return_val_if_fail (KD_IS_CUSTOMER_EDITOR (self), 0);
  return self->id;
}

static void
kd_customer_editor_dispose (GObject *object)
{
  KdCustomerEditor *self = KD_CUSTOMER_EDITOR (object);

  if (self->nick_check != NULL)
    g_cancellable_cancel (self->nick_check);
  g_clear_object (&self->nick_check);
  gtk_widget_dispose_template (GTK_WIDGET (self), KD_TYPE_CUSTOMER_EDITOR);
  g_clear_object (&self->customer);
  g_clear_pointer (&self->owner_ids, g_array_unref);
  g_clear_pointer (&self->tag_ids, g_array_unref);
  g_clear_pointer (&self->nick_holder, g_free);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (kd_customer_editor_parent_class)->dispose (object);
}

static void
kd_customer_editor_class_init (KdCustomerEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kd_customer_editor_dispose;

  signals[SIGNAL_SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 1, KD_TYPE_CUSTOMER_CHANGE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/customers/kd-customer-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, KdCustomerEditor, banner);
  gtk_widget_class_bind_template_child (widget_class, KdCustomerEditor, banner_label);
  gtk_widget_class_bind_template_child (widget_class, KdCustomerEditor, stack);
  gtk_widget_class_bind_template_child (widget_class, KdCustomerEditor, form);
  gtk_widget_class_bind_template_child (widget_class, KdCustomerEditor, gone_page);
  gtk_widget_class_bind_template_child (widget_class, KdCustomerEditor, save_error);
  gtk_widget_class_bind_template_child (widget_class, KdCustomerEditor, save_button);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_activated);
  gtk_widget_class_install_action (widget_class, "editor.reveal", NULL, reveal_activated);
  gtk_widget_class_install_action (widget_class, "editor.add-tag", NULL, _kd_customer_editor_add_tag_activated);
  gtk_widget_class_install_action (widget_class, "editor.refresh-tags", NULL, _kd_customer_editor_refresh_tags_activated);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "editor.save", NULL);
}

static void
kd_customer_editor_init (KdCustomerEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->owner_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->tag_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  _kd_customer_editor_build_form (self);
}

KdCustomerEditor *
kd_customer_editor_new (KdContext *context,
                        gint64     id)
{
  KdCustomerEditor *self = g_object_new (KD_TYPE_CUSTOMER_EDITOR, NULL);

  self->context = g_object_ref (context);
  self->id = id;
  gtk_drop_down_set_model (self->tag_drop_down, kd_customer_service_get_tags (_kd_customer_editor_service (self)));
  if (id == 0)
    {
      g_autoptr(GDateTime) now = kd_clock_now_local (kd_context_get_clock (context));

      self->customer = kd_customer_new ("");
      if (now != NULL)
        {
          g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
          kd_customer_set_text (&self->customer->first_contact, today);
        }
      _kd_customer_editor_fill_form (self);
      gtk_widget_set_visible (self->orders_empty, TRUE);
    }
  else
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Customer"));
      gtk_stack_set_visible_child_name (self->stack, "loading");
      self->n_busy++;
      kd_customer_service_load_async (_kd_customer_editor_service (self), id, cancellable (self), loaded, g_object_ref (self));
    }
  return self;
}
