/* kd-order-detail-fill.c: the order detail filled in: the fields, the item lines, the remark timeline, the customer link with its blacklist banner. */
#include "kd-order-detail-internal.h"
#include "kd-orders-util.h"
#include "kd-text.h"
#include "kd-toast.h"
#include <glib/gi18n.h>

/* ---------------------------------------------------------------- filling in */

static void
clear_box (GtkWidget *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (box)) != NULL)
    {
      if (GTK_IS_LIST_BOX (box))
        gtk_list_box_remove (GTK_LIST_BOX (box), child);
      else if (GTK_IS_GRID (box))
        gtk_grid_remove (GTK_GRID (box), child);
      else
        gtk_widget_unparent (child);
    }
}

static void
add_field (KdOrderDetail *self,
           int           *row,
           const char    *name,
           const char    *value)
{
  GtkWidget *key, *val;

  if (value == NULL || *value == '\0')
    return;
  key = gtk_label_new (name);
  gtk_label_set_xalign (GTK_LABEL (key), 1);
  gtk_label_set_yalign (GTK_LABEL (key), 0);
  gtk_widget_add_css_class (key, "dim-label");
  val = gtk_label_new (value);
  gtk_label_set_xalign (GTK_LABEL (val), 0);
  gtk_label_set_wrap (GTK_LABEL (val), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (val), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (val), TRUE);
  gtk_widget_set_hexpand (val, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (val), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  gtk_grid_attach (self->fields_grid, key, 0, *row, 1, 1);
  gtk_grid_attach (self->fields_grid, val, 1, *row, 1, 1);
  (*row)++;
}

static void
add_time_field (KdOrderDetail *self,
                int           *row,
                const char    *name,
                gint64         at)
{
  g_autofree char *text = kd_orders_format_time (at);
  add_field (self, row, name, text);
}

static void
add_money_field (KdOrderDetail *self,
                 int           *row,
                 const char    *name,
                 gint64         fen,
                 gboolean       always)
{
  g_autofree char *text = NULL;

  if (fen == 0 && !always)
    return;
  text = kd_money_format (fen);
  add_field (self, row, name, text);
}

void
_kd_order_detail_fill_fields (KdOrderDetail *self)
{
  KdOrder *o = self->order;
  /* The buyer's contact data: unmasked for the owner who asked for it only. */
  gboolean full_phone = kd_desk_session_get_show_unmasked (kd_context_get_session (self->context));
  g_autofree char *phone = NULL;
  g_autofree char *address = NULL;
  g_autofree char *status = NULL;
  int row = 0;

  clear_box (GTK_WIDGET (self->fields_grid));
  status = kd_orders_status_text (o);
  phone = full_phone || o->receiver_phone == NULL ? g_strdup (o->receiver_phone) : kd_phone_mask (o->receiver_phone);
  address = full_phone || o->receiver_address == NULL ? g_strdup (o->receiver_address) : kd_address_mask (o->receiver_address);

  add_field (self, &row, _("Order number"), o->order_no);
  add_field (self, &row, _("Buyer"), o->buyer);
  add_field (self, &row, _("Status"), status);
  add_time_field (self, &row, _("Created"), o->created_at);
  add_time_field (self, &row, _("Paid"), o->paid_at);
  add_time_field (self, &row, _("Shipped"), o->shipped_at);
  add_money_field (self, &row, _("Total"), o->total, TRUE);
  add_money_field (self, &row, _("Amount paid"), o->paid, FALSE);
  add_money_field (self, &row, _("Postage"), o->postage, FALSE);
  add_field (self, &row, _("Receiver"), o->receiver_name);
  add_field (self, &row, _("Phone"), phone);
  add_field (self, &row, _("Address"), address);
  add_field (self, &row, _("Shipping method"), o->shipping_method);
  add_field (self, &row, _("Courier"), o->courier);
  add_field (self, &row, _("Tracking number"), o->tracking_no);
  add_field (self, &row, _("Buyer message"), o->buyer_message);
  add_field (self, &row, _("Close reason"), o->close_reason);
  add_field (self, &row, _("Taobao memo"), o->taobao_memo);
}

void
_kd_order_detail_fill_items (KdOrderDetail *self)
{
  GPtrArray *items = self->order->items;

  clear_box (GTK_WIDGET (self->items_list));
  if (items == NULL || items->len == 0)
    {
      GtkWidget *label = gtk_label_new (_("No item lines (the item report was not imported)"));
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_set_margin_top (label, 8);
      gtk_widget_set_margin_bottom (label, 8);
      gtk_list_box_append (self->items_list, label);
      return;
    }
  for (guint i = 0; i < items->len; i++)
    {
      KdOrderItem *item = g_ptr_array_index (items, i);
      g_autofree char *price = kd_money_format (item->price);
      g_auto(GStrv) pairs = kd_order_item_split_attributes (item->attributes);
      g_autoptr(GString) sub = g_string_new (NULL);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *qty;
      g_autofree char *qty_text = NULL;
      g_autofree char *title = g_markup_escape_text (item->title ? item->title : "", -1);

      for (guint p = 0; pairs != NULL && pairs[p] != NULL && pairs[p + 1] != NULL; p += 2)
        g_string_append_printf (sub, "%s%s：%s", sub->len ? "；" : "", pairs[p], pairs[p + 1]);
      if (item->merchant_code != NULL && *item->merchant_code != '\0')
        /* Translators: an item line's merchant code (商家编码) */
        g_string_append_printf (sub, "%s%s %s", sub->len ? " · " : "", _("Code"), item->merchant_code);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      {
        g_autofree char *escaped = g_markup_escape_text (sub->str, -1);
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
      }
      /* Translators: an item line: quantity × unit price */
      qty_text = g_strdup_printf (_("%d × %s"), item->quantity, price);
      qty = gtk_label_new (qty_text);
      gtk_widget_add_css_class (qty, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), qty);
      gtk_list_box_append (self->items_list, row);
    }
}

void
_kd_order_detail_fill_timeline (KdOrderDetail *self)
{
  clear_box (GTK_WIDGET (self->timeline));
  if (self->remarks == NULL || self->remarks->len == 0)
    {
      GtkWidget *label = gtk_label_new (_("No remarks yet"));
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_set_margin_top (label, 8);
      gtk_widget_set_margin_bottom (label, 8);
      gtk_list_box_append (self->timeline, label);
      return;
    }
  /* Newest at the top: what the next agent needs first. */
  for (guint i = self->remarks->len; i-- > 0;)
    {
      KdRemark *r = g_ptr_array_index (self->remarks, i);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *head = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *dot = kd_orders_flag_dot_new (r->flag);
      GtkWidget *who, *text;
      g_autofree char *when = kd_orders_format_time (r->at);
      g_autofree char *meta = NULL;

      if (r->follow_up != NULL && *r->follow_up != '\0')
        /* Translators: a remark's heading: job number, time, follow-up date */
        meta = g_strdup_printf (_("No. %s · %s · follow up %s"), r->job_number, when, r->follow_up);
      else
        /* Translators: a remark's heading: job number and time */
        meta = g_strdup_printf (_("No. %s · %s"), r->job_number, when);
      who = gtk_label_new (meta);
      gtk_label_set_xalign (GTK_LABEL (who), 0);
      gtk_widget_add_css_class (who, "caption");
      gtk_widget_add_css_class (who, "dim-label");
      gtk_box_append (GTK_BOX (head), dot);
      gtk_box_append (GTK_BOX (head), who);

      text = gtk_label_new (r->text && *r->text ? r->text : _("(flag only)"));
      gtk_label_set_xalign (GTK_LABEL (text), 0);
      gtk_label_set_wrap (GTK_LABEL (text), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (text), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_selectable (GTK_LABEL (text), TRUE);

      gtk_box_append (GTK_BOX (box), head);
      gtk_box_append (GTK_BOX (box), text);
      gtk_widget_add_css_class (box, "kd-remark");
      gtk_list_box_append (self->timeline, box);
    }
}

void
_kd_order_detail_fill_header (KdOrderDetail *self)
{
  g_autofree char *status = kd_orders_status_text (self->order);
  g_autofree char *tip = kd_orders_flag_tooltip (_kd_order_detail_flag_service (self), self->order->flag);

  gtk_label_set_text (self->title_label, self->order->order_no);
  gtk_label_set_text (self->status_label, status);
  kd_orders_flag_dot_set (self->flag_dot, self->order->flag);
  gtk_widget_set_tooltip_text (self->flag_dot, tip);
}
