/* kd-orders-util.c: flag names, tooltips and dots, times and status as the order widgets show them. */
#include "kd-orders-util.h"

#include <glib/gi18n.h>

const char *
kd_orders_flag_name (KdOrderService *service,
                     KdFlag          flag)
{
  return service ? kd_order_service_get_flag_name (service, flag) : kd_flag_get_label (flag);
}

char *
kd_orders_flag_tooltip (KdOrderService *service,
                        KdFlag          flag)
{
  const char *name = kd_orders_flag_name (service, flag);
  const char *meaning = service ? kd_order_service_get_flag_meaning (service, flag) : kd_flag_get_default_meaning (flag);

  if (meaning == NULL || *meaning == '\0')
    return g_strdup (name);
  /* Translators: a flag's tooltip: its name and what the shop means by it */
  return g_strdup_printf (_("%s — %s"), name, meaning);
}

void
kd_orders_flag_dot_set (GtkWidget *dot,
                        KdFlag     flag)
{
  for (int f = 0; f < KD_N_FLAGS; f++)
    {
      g_autofree char *cls = g_strconcat ("kd-flag-", kd_flag_to_key (f), NULL);
      if (f == (int) flag)
        gtk_widget_add_css_class (dot, cls);
      else
        gtk_widget_remove_css_class (dot, cls);
    }
}

GtkWidget *
kd_orders_flag_dot_new (KdFlag flag)
{
  /* An empty box has no natural size: the CSS gives it exactly 12 × 12. */
  GtkWidget *dot = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

  gtk_widget_add_css_class (dot, "kd-flag-dot");
  gtk_widget_set_valign (dot, GTK_ALIGN_CENTER);
  gtk_widget_set_halign (dot, GTK_ALIGN_CENTER);
  kd_orders_flag_dot_set (dot, flag);
  return dot;
}

char *
kd_orders_format_time (gint64 unix_time)
{
  g_autoptr(GDateTime) dt = NULL;

  if (unix_time == 0)
    return g_strdup ("");
  dt = g_date_time_new_from_unix_local (unix_time);
  return dt ? g_date_time_format (dt, "%Y-%m-%d %H:%M") : g_strdup ("");
}

char *
kd_orders_status_text (KdOrder *order)
{
  if (order->status == KD_ORDER_OTHER && order->status_text != NULL && *order->status_text != '\0')
    return g_strdup (order->status_text);
  return g_strdup (kd_order_status_get_label (order->status));
}
