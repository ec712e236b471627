/* kd-orders-page-bar.c: the board's flag bar: one button a flag with its count, Ctrl+1…6, the counts read again after every change. */
#include "kd-orders-page-internal.h"
#include "kd-columns.h"
#include "kd-orders-util.h"
#include "kd-toast.h"
#include <glib/gi18n.h>

/* ---------------------------------------------------------------- flag bar */

static void
show_counts (KdOrdersPage *self)
{
  guint all = 0;

  for (int f = 0; f < KD_N_FLAGS; f++)
    all += self->counts[f];
  for (int i = 0; i <= KD_N_FLAGS; i++)
    {
      guint n = i == 0 ? all : self->counts[i - 1];
      const char *name = i == 0 ? _("All") : kd_orders_flag_name (self->context ? _kd_orders_page_service (self) : NULL, i - 1);
      g_autofree char *text = NULL;
      g_autofree char *a11y = NULL;

      text = self->have_counts ? g_strdup_printf ("%s %u", name, n) : g_strdup (name);
      gtk_label_set_text (self->flag_labels[i], text);
      /* Translators: a flag-bar button's accessible name: flag and number of orders */
      a11y = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: %u order", "%s: %u orders", n), name, n);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->flag_buttons[i]), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      a11y, -1);
    }
}

static void
count_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(KdOrdersPage) self = user_data;
  g_autoptr(GError) error = NULL;
  guint counts[KD_N_FLAGS] = { 0 };

  self->counting = FALSE;
  if (self->context == NULL)   /* disposed while counting: the labels are gone */
    return;
  if (kd_order_service_count_flags_finish (KD_ORDER_SERVICE (source), result, counts, &error))
    {
      memcpy (self->counts, counts, sizeof counts);
      self->have_counts = TRUE;
      show_counts (self);
      _kd_orders_page_update_state (self);
    }
  else
    kd_toast_show_error (GTK_WIDGET (self), error);

  if (self->count_again && self->context != NULL)
    _kd_orders_page_count_flags (self);
}

void
_kd_orders_page_count_flags (KdOrdersPage *self)
{
  if (self->counting)
    {
      self->count_again = TRUE;
      return;
    }
  self->counting = TRUE;
  self->count_again = FALSE;
  kd_order_service_count_flags_async (_kd_orders_page_service (self), kd_context_get_cancellable (self->context),
                                      count_done, g_object_ref (self));
}

void
_kd_orders_page_on_orders_changed (KdOrdersPage *self)
{
  _kd_orders_page_count_flags (self);
}

static void
apply_flag_filter (KdOrdersPage *self)
{
  if (self->model == NULL)
    return;
  kd_query_model_set_filter (self->model, "flag",
                             self->flag_filter == FLAG_ALL ? NULL : g_variant_new_int64 (self->flag_filter));
  _kd_orders_page_query_changed (self);
}

static void
on_flag_button_toggled (GtkToggleButton *button,
                        KdOrdersPage    *self)
{
  if (!gtk_toggle_button_get_active (button))
    return;
  self->flag_filter = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "kd-flag"));
  apply_flag_filter (self);
}

void
_kd_orders_page_filter_flag_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  KdOrdersPage *self = KD_ORDERS_PAGE (widget);
  int flag = g_variant_get_int32 (param);

  /* The same key again goes back to all. */
  if (flag == self->flag_filter)
    flag = FLAG_ALL;
  if (flag < FLAG_ALL || flag >= KD_N_FLAGS)
    return;
  gtk_toggle_button_set_active (self->flag_buttons[flag + 1], TRUE);
}

/* The flag bar's tooltips: the shop's names and meanings. */
void
_kd_orders_page_update_flag_tips (KdOrdersPage *self)
{
  KdOrderService *svc = self->context ? _kd_orders_page_service (self) : NULL;

  for (int i = 0; i <= KD_N_FLAGS; i++)
    {
      int flag = i - 1;
      g_autofree char *tip = NULL;

      if (self->flag_buttons[i] == NULL)
        continue;
      if (flag == FLAG_ALL)
        tip = g_strdup (_("Every order, whatever its flag (Ctrl+0)"));
      else if (flag == KD_FLAG_NONE)
        tip = kd_orders_flag_tooltip (svc, flag);
      else
        {
          g_autofree char *meaning = kd_orders_flag_tooltip (svc, flag);
          tip = g_strdup_printf ("%s (Ctrl+%d)", meaning, flag);
        }
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->flag_buttons[i]), tip);
    }
}

void
_kd_orders_page_on_flags_changed (KdOrdersPage *self)
{
  if (self->context == NULL)   /* disposed: the flag bar is gone */
    return;
  _kd_orders_page_update_flag_tips (self);
  show_counts (self);
  /* The rows' flag tooltips follow as their cells are bound again. */
}

void
_kd_orders_page_build_flag_bar (KdOrdersPage *self)
{
  GtkToggleButton *group = NULL;

  for (int i = 0; i <= KD_N_FLAGS; i++)
    {
      int flag = i - 1;
      GtkWidget *button = gtk_toggle_button_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 5);
      GtkWidget *label = gtk_label_new (NULL);

      if (flag != FLAG_ALL)
        gtk_box_append (GTK_BOX (box), kd_orders_flag_dot_new (flag));
      gtk_box_append (GTK_BOX (box), label);
      gtk_widget_add_css_class (label, "numeric");
      gtk_button_set_child (GTK_BUTTON (button), box);
      gtk_widget_add_css_class (button, "kd-flag-filter");
      g_object_set_data (G_OBJECT (button), "kd-flag", GINT_TO_POINTER (flag));
      if (group != NULL)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), group);
      else
        group = GTK_TOGGLE_BUTTON (button);
      self->flag_buttons[i] = GTK_TOGGLE_BUTTON (button);
      self->flag_labels[i] = GTK_LABEL (label);
      gtk_box_append (self->flag_bar, button);
    }
  gtk_toggle_button_set_active (self->flag_buttons[0], TRUE);
  _kd_orders_page_update_flag_tips (self);
  for (int i = 0; i <= KD_N_FLAGS; i++)
    g_signal_connect (self->flag_buttons[i], "toggled", G_CALLBACK (on_flag_button_toggled), self);
  show_counts (self);
}
