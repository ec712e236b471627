/* kd-order-dialog.c: an order typed by hand (another channel), or edited; checked with core's kd_order_validate as you type. */
#include "kd-order-dialog-private.h"
#include "kd-error.h"
#include "kd-orders-util.h"
#include "kd-toast.h"

#include <glib/gi18n.h>

typedef enum {
  KIND_TEXT,
  KIND_TIME,
  KIND_MONEY,
} Kind;

typedef struct {
  const char *name;
  const char *title;
  Kind        kind;
  int         code;      /* the KdOrderField that refuses it; 0 none */
  gboolean    shipping;  /* in the second list */
  gsize       offset;    /* of the char * or gint64 in KdOrder */
} Field;

static const Field fields[] = {
  { "order-no",         N_("Order number"),                KIND_TEXT,  KD_ORDER_FIELD_ORDER_NO, FALSE, G_STRUCT_OFFSET (KdOrder, order_no) },
  { "buyer",            N_("Buyer nickname"),              KIND_TEXT,  KD_ORDER_FIELD_BUYER,    FALSE, G_STRUCT_OFFSET (KdOrder, buyer) },
  { "created",          N_("Created (YYYY-MM-DD HH:MM)"),  KIND_TIME,  KD_ORDER_FIELD_CREATED,  FALSE, G_STRUCT_OFFSET (KdOrder, created_at) },
  { "total",            N_("Total (yuan)"),                KIND_MONEY, KD_ORDER_FIELD_AMOUNT,   FALSE, G_STRUCT_OFFSET (KdOrder, total) },
  { "paid",             N_("Amount paid (yuan)"),          KIND_MONEY, KD_ORDER_FIELD_AMOUNT,   FALSE, G_STRUCT_OFFSET (KdOrder, paid) },
  { "postage",          N_("Postage (yuan)"),              KIND_MONEY, KD_ORDER_FIELD_AMOUNT,   FALSE, G_STRUCT_OFFSET (KdOrder, postage) },
  { "receiver-name",    N_("Receiver"),                    KIND_TEXT,  0,                       TRUE,  G_STRUCT_OFFSET (KdOrder, receiver_name) },
  { "receiver-phone",   N_("Phone"),                       KIND_TEXT,  0,                       TRUE,  G_STRUCT_OFFSET (KdOrder, receiver_phone) },
  { "receiver-address", N_("Address"),                     KIND_TEXT,  0,                       TRUE,  G_STRUCT_OFFSET (KdOrder, receiver_address) },
  { "shipping-method",  N_("Shipping method"),             KIND_TEXT,  0,                       TRUE,  G_STRUCT_OFFSET (KdOrder, shipping_method) },
  { "courier",          N_("Courier"),                     KIND_TEXT,  0,                       TRUE,  G_STRUCT_OFFSET (KdOrder, courier) },
  { "tracking-no",      N_("Tracking number"),             KIND_TEXT,  0,                       TRUE,  G_STRUCT_OFFSET (KdOrder, tracking_no) },
  { "buyer-message",    N_("Buyer message"),               KIND_TEXT,  0,                       TRUE,  G_STRUCT_OFFSET (KdOrder, buyer_message) },
};

struct _KdOrderDialog
{
  AdwWindow      parent_instance;

  KdContext     *context;
  KdOrder       *original;       /* NULL: a new order */
  KdOrder       *built;          /* what the fields say, when valid */
  gboolean       saving;

  AdwEntryRow   *rows[G_N_ELEMENTS (fields)];
  AdwComboRow   *status_row;

  GtkLabel      *error_label;
  GtkListBox    *order_list;
  GtkListBox    *shipping_list;
  GtkWidget     *save_button;
};

G_DEFINE_FINAL_TYPE (KdOrderDialog, kd_order_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char **
text_field (KdOrder     *order,
            const Field *field)
{
  return G_STRUCT_MEMBER_P (order, field->offset);
}

static gint64 *
int_field (KdOrder     *order,
           const Field *field)
{
  return G_STRUCT_MEMBER_P (order, field->offset);
}

static char *
money_text (gint64 fen)
{
  return g_strdup_printf ("%s%" G_GINT64_FORMAT ".%02d", fen < 0 ? "-" : "",
                          (fen < 0 ? -fen : fen) / 100, (int) ((fen < 0 ? -fen : fen) % 100));
}

static char *
time_text (gint64 unix_time)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (unix_time);
  return dt ? g_date_time_format (dt, "%Y-%m-%d %H:%M") : g_strdup ("");
}

static void
mark (KdOrderDialog *self,
      int            code,
      guint          only)
{
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      gboolean bad = only != G_MAXUINT ? i == only : (code != 0 && fields[i].code == code);

      if (bad)
        gtk_widget_add_css_class (GTK_WIDGET (self->rows[i]), "error");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (self->rows[i]), "error");
    }
}

static void
show_error (KdOrderDialog *self,
            const char    *message)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* Reads every field into a new order; on the first that does not parse
 * or that core refuses, marks it and says why. */
static void
validate (KdOrderDialog *self)
{
  g_autoptr(KdOrder) order = NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GError) error = NULL;
  guint status;

  g_clear_object (&self->built);
  order = self->original ? kd_order_copy (self->original) : kd_order_new ("", "");

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const Field *f = &fields[i];
      g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->rows[i]))));

      switch (f->kind)
        {
        case KIND_TEXT:
          kd_order_set_text (text_field (order, f), text);
          break;
        case KIND_TIME:
          if (!kd_order_time_parse (text, tz, int_field (order, f)))
            {
              /* Translators: the manual-order dialog; %s is the field's name */
              g_autofree char *msg = g_strdup_printf (_("%s: not a time, write it as 2026-11-25 09:30"), _(f->title));
              mark (self, 0, i);
              show_error (self, msg);
              return;
            }
          break;
        case KIND_MONEY:
          if (*text == '\0')
            *int_field (order, f) = 0;
          else if (!kd_money_parse (text, int_field (order, f)))
            {
              g_autofree char *msg = g_strdup_printf (_("%s: not an amount, write it as 128.50"), _(f->title));
              mark (self, 0, i);
              show_error (self, msg);
              return;
            }
          break;
        default:
          g_assert_not_reached ();
        }
    }

  status = adw_combo_row_get_selected (self->status_row);
  order->status = status < KD_N_ORDER_STATUSES ? (KdOrderStatus) status : KD_ORDER_OTHER;
  if (order->status != KD_ORDER_OTHER || order->status_text == NULL || *order->status_text == '\0')
    kd_order_set_text (&order->status_text, kd_order_status_get_label (order->status));

  if (!kd_order_validate (order, &error))
    {
      mark (self, error->code, G_MAXUINT);
      show_error (self, error->message);
      return;
    }

  mark (self, 0, G_MAXUINT);
  show_error (self, NULL);
  self->built = g_steal_pointer (&order);
}

static void
update_save (KdOrderDialog *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "order-dialog.save", self->built != NULL && !self->saving);
}

static void
on_field_changed (KdOrderDialog *self)
{
  validate (self);
  update_save (self);
}

static void
save_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(KdOrderDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KdOrder) saved = kd_order_service_save_finish (KD_ORDER_SERVICE (source), result, &error);

  self->saving = FALSE;
  if (self->context == NULL)   /* closed while saving */
    return;
  if (saved == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          show_error (self, error->message);
          if (error->domain == KD_VALIDATION_ERROR)
            mark (self, error->code, G_MAXUINT);
        }
      update_save (self);
      return;
    }
  g_signal_emit (self, signals[SAVED], 0, saved);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
save_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  KdOrderDialog *self = KD_ORDER_DIALOG (widget);

  validate (self);
  if (self->built == NULL || self->saving)
    return;
  self->saving = TRUE;
  update_save (self);
  kd_order_service_save_async (kd_context_get_order_service (self->context), self->built,
                               kd_context_get_cancellable (self->context), save_done, g_object_ref (self));
}

void
_kd_order_dialog_set_field (KdOrderDialog *self,
                            const char    *name,
                            const char    *text)
{
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (g_str_equal (fields[i].name, name))
      gtk_editable_set_text (GTK_EDITABLE (self->rows[i]), text);
}

const char *
_kd_order_dialog_get_error (KdOrderDialog *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self->error_label)) ? gtk_label_get_text (self->error_label) : NULL;
}

gboolean
_kd_order_dialog_can_save (KdOrderDialog *self)
{
  return self->built != NULL && !self->saving;
}

static void
kd_order_dialog_dispose (GObject *object)
{
  KdOrderDialog *self = KD_ORDER_DIALOG (object);

  g_clear_object (&self->built);
  g_clear_object (&self->original);
  g_clear_object (&self->context);
  gtk_widget_dispose_template (GTK_WIDGET (self), KD_TYPE_ORDER_DIALOG);

  G_OBJECT_CLASS (kd_order_dialog_parent_class)->dispose (object);
}

static void
kd_order_dialog_class_init (KdOrderDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kd_order_dialog_dispose;

  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 1, KD_TYPE_ORDER);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/orders/kd-order-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KdOrderDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, KdOrderDialog, order_list);
  gtk_widget_class_bind_template_child (widget_class, KdOrderDialog, shipping_list);
  gtk_widget_class_bind_template_child (widget_class, KdOrderDialog, save_button);

  gtk_widget_class_install_action (widget_class, "order-dialog.save", NULL, save_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "order-dialog.save", NULL);
}

static void
kd_order_dialog_init (KdOrderDialog *self)
{
  g_autoptr(GtkStringList) statuses = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      GtkWidget *row = adw_entry_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(fields[i].title));
      adw_entry_row_set_activates_default (ADW_ENTRY_ROW (row), TRUE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, _(fields[i].title), -1);
      if (fields[i].kind != KIND_TEXT)
        gtk_editable_set_alignment (GTK_EDITABLE (row), 0);
      g_signal_connect_swapped (row, "changed", G_CALLBACK (on_field_changed), self);
      self->rows[i] = ADW_ENTRY_ROW (row);
      gtk_list_box_append (fields[i].shipping ? self->shipping_list : self->order_list, row);
      if (g_str_equal (fields[i].name, "buyer"))
        {
          self->status_row = ADW_COMBO_ROW (adw_combo_row_new ());
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->status_row), _("Status"));
          gtk_list_box_append (self->order_list, GTK_WIDGET (self->status_row));
        }
    }
  for (int s = 0; s < KD_N_ORDER_STATUSES; s++)
    gtk_string_list_append (statuses, kd_order_status_get_label (s));
  adw_combo_row_set_model (self->status_row, G_LIST_MODEL (statuses));
  g_signal_connect_swapped (self->status_row, "notify::selected", G_CALLBACK (on_field_changed), self);
}

static void
fill (KdOrderDialog *self)
{
  KdOrder *o = self->original;

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const Field *f = &fields[i];
      g_autofree char *text = NULL;

      if (o == NULL)
        text = g_strdup ("");
      else if (f->kind == KIND_TEXT)
        text = g_strdup (*text_field (o, f) ? *text_field (o, f) : "");
      else if (f->kind == KIND_TIME)
        text = *int_field (o, f) ? time_text (*int_field (o, f)) : g_strdup ("");
      else
        text = money_text (*int_field (o, f));
      gtk_editable_set_text (GTK_EDITABLE (self->rows[i]), text);
    }
  if (o == NULL)
    {
      /* A new order was placed just now, awaiting payment. */
      g_autoptr(GDateTime) now = kd_clock_now_local (kd_context_get_clock (self->context));
      g_autofree char *text = g_date_time_format (now, "%Y-%m-%d %H:%M");
      _kd_order_dialog_set_field (self, "created", text);
      _kd_order_dialog_set_field (self, "total", "0.00");
      adw_combo_row_set_selected (self->status_row, KD_ORDER_AWAITING_PAYMENT);
    }
  else
    adw_combo_row_set_selected (self->status_row, o->status);
  /* Editing keeps the order number: other records point at it. */
  gtk_editable_set_editable (GTK_EDITABLE (self->rows[0]), o == NULL);
  gtk_window_set_title (GTK_WINDOW (self), o ? _("Edit Order") : _("New Order"));
  validate (self);
  /* A new, empty form says what is missing only once something is typed. */
  if (o == NULL && self->built == NULL)
    {
      mark (self, 0, G_MAXUINT);
      show_error (self, NULL);
    }
  update_save (self);
}

KdOrderDialog *
kd_order_dialog_new (KdContext *context,
                     KdOrder   *order)
{
  KdOrderDialog *self = g_object_new (KD_TYPE_ORDER_DIALOG, NULL);

  self->context = g_object_ref (context);
  self->original = order ? kd_order_copy (order) : NULL;
  fill (self);
  return self;
}
