/* kd-unpaid-columns.c: the Unpaid page's columns and what their cells say: hours unpaid counting down, the routed agent and why, the alert's state, the note, the row's buttons. */
#include "kd-unpaid-page-internal.h"
#include "kd-toast.h"
#include <glib/gi18n.h>

/* ---------------------------------------------------------------- what the cells say */

static char *
format_agent (KdUnpaidOrder *o)
{
  if (*o->job_number == '\0')
    return g_strdup (_("Nobody on duty"));
  if (o->agent_name != NULL && *o->agent_name != '\0')
    /* Translators: the routed agent: name and job number */
    return g_strdup_printf (_("%s · No. %s"), o->agent_name, o->job_number);
  return g_strdup_printf (_("No. %s"), o->job_number);
}

static char *
format_unpaid (KdUnpaidOrder *o,
               gint64         now,
               int            threshold)
{
  gint64 due = kd_unpaid_due_at (o->created_at, threshold);

  if (now < due)
    {
      gint64 left = due - now;
      /* Translators: the countdown until an order counts as unpaid: hours, minutes, seconds */
      return g_strdup_printf (_("Due in %d:%02d:%02d"), (int) (left / 3600), (int) (left / 60 % 60), (int) (left % 60));
    }
  /* Translators: how long an order has been unpaid: whole hours, minutes */
  return g_strdup_printf (_("%d h %02d min"), kd_unpaid_hours_unpaid (o->created_at, now),
                          (int) ((now - o->created_at) / 60 % 60));
}

/* The state's second line: since when, until when, by whom. */
static char *
format_state_detail (KdUnpaidOrder *o,
                     KdUnpaidState  state)
{
  g_autofree char *at = NULL;

  switch (state)
    {
    case KD_UNPAID_ALERTED:
      at = _kd_unpaid_page_local_time (o->last_alerted, "%H:%M");
      /* Translators: when the alert was raised */
      return g_strdup_printf (_("at %s"), at);
    case KD_UNPAID_SNOOZED:
      at = _kd_unpaid_page_local_time (o->snoozed_until, "%H:%M");
      /* Translators: a snoozed alert comes back at this time */
      return g_strdup_printf (_("until %s"), at);
    case KD_UNPAID_FOLLOWED_UP:
      at = _kd_unpaid_page_local_time (o->followed_up_at, "%m-%d %H:%M");
      /* Translators: who followed up an unpaid order, and when */
      return g_strdup_printf (_("No. %s · %s"), o->followed_up_by, at);
    case KD_UNPAID_DUE_SOON:
    case KD_UNPAID_NEW:
    case KD_UNPAID_CLEARED:
    default:
      return g_strdup ("");
    }
}

char *
_kd_unpaid_page_cell_text (KdUnpaidPage   *self,
           KdUnpaidOrder  *o,
           KdUnpaidColumn  column)
{
  gint64 now = _kd_unpaid_page_now_unix (self);

  switch (column)
    {
    case KD_UNPAID_COL_ORDER:
      return g_strdup (o->order_no);
    case KD_UNPAID_COL_BUYER:
      return g_strdup (o->buyer);
    case KD_UNPAID_COL_AMOUNT:
      return g_strdup_printf ("¥%" G_GINT64_FORMAT ".%02" G_GINT64_FORMAT, o->total / 100, o->total % 100);
    case KD_UNPAID_COL_PLACED:
      return _kd_unpaid_page_local_time (o->created_at, "%m-%d %H:%M");
    case KD_UNPAID_COL_UNPAID:
      return format_unpaid (o, now, _kd_unpaid_page_hours (self));
    case KD_UNPAID_COL_AGENT:
      return format_agent (o);
    case KD_UNPAID_COL_STATE:
      return g_strdup (kd_unpaid_state_get_label (kd_unpaid_order_get_state (o, now, _kd_unpaid_page_hours (self))));
    case KD_UNPAID_COL_NOTE:
      return g_strdup (o->note ? o->note : "");
    case KD_UNPAID_COL_ACTIONS:
    case KD_UNPAID_N_COLS:
    default:
      return g_strdup ("");
    }
}

/* ---------------------------------------------------------------- columns */

static const char *
column_title (KdUnpaidColumn column)
{
  switch (column)
    {
    case KD_UNPAID_COL_ORDER: return _("Order number");
    case KD_UNPAID_COL_BUYER: return _("Buyer");
    case KD_UNPAID_COL_AMOUNT: return _("Amount");
    case KD_UNPAID_COL_PLACED: return _("Placed");
    case KD_UNPAID_COL_UNPAID: return _("Unpaid for");
    case KD_UNPAID_COL_AGENT: return _("Routed to");
    case KD_UNPAID_COL_STATE: return _("State");
    case KD_UNPAID_COL_NOTE: return _("Follow-up note");
    case KD_UNPAID_COL_ACTIONS: return "";
    case KD_UNPAID_N_COLS:
    default: g_assert_not_reached ();
    }
}

static GtkWidget *
dim_label (void)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "caption");
  return label;
}

static GtkWidget *
badge (const char *text,
       const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "kd-badge");
  gtk_widget_add_css_class (label, css_class);
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  return label;
}

static GtkWidget *
action_button (const char *icon,
               const char *tooltip,
               const char *action)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_tooltip_text (button, tooltip);
  /* The row's order id comes at bind; a target of the right type before. */
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_int64 (0));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_widget_add_css_class (button, "flat");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  return button;
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            KdUnpaidPage             *self)
{
  KdUnpaidColumn column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "column"));
  GtkWidget *main = gtk_label_new (NULL);
  GtkWidget *box;

  gtk_label_set_xalign (GTK_LABEL (main), 0);
  gtk_label_set_ellipsize (GTK_LABEL (main), PANGO_ELLIPSIZE_END);

  switch (column)
    {
    case KD_UNPAID_COL_BUYER:
      box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      gtk_box_append (GTK_BOX (box), main);
      gtk_box_append (GTK_BOX (box), badge (_("Blacklisted"), "error"));
      gtk_box_append (GTK_BOX (box), badge (_("Orders but does not pay"), "warning"));
      break;
    case KD_UNPAID_COL_AGENT:
    case KD_UNPAID_COL_STATE:
      box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (box), main);
      gtk_box_append (GTK_BOX (box), dim_label ());
      break;
    case KD_UNPAID_COL_ACTIONS:
      box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
      g_object_unref (g_object_ref_sink (main));
      main = NULL;
      gtk_box_append (GTK_BOX (box), action_button ("object-select-symbolic", _("Followed up…"), "unpaid.follow-up"));
      gtk_box_append (GTK_BOX (box), action_button ("alarm-symbolic", _("Snooze 1 hour"), "unpaid.snooze"));
      gtk_box_append (GTK_BOX (box), action_button ("go-jump-symbolic", _("Open order"), "unpaid.open-order"));
      break;
    case KD_UNPAID_COL_AMOUNT:
    case KD_UNPAID_COL_UNPAID:
      gtk_label_set_xalign (GTK_LABEL (main), 1);
      gtk_widget_add_css_class (main, "numeric");
      G_GNUC_FALLTHROUGH;
    case KD_UNPAID_COL_ORDER:
    case KD_UNPAID_COL_PLACED:
    case KD_UNPAID_COL_NOTE:
    case KD_UNPAID_N_COLS:
    default:
      box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
      gtk_widget_set_hexpand (main, TRUE);
      gtk_box_append (GTK_BOX (box), main);
      break;
    }
  if (main != NULL)
    g_object_set_data (G_OBJECT (box), "main", main);
  gtk_list_item_set_child (list_item, box);
}

void
_kd_unpaid_page_fill_cell (KdUnpaidPage   *self,
           GtkListItem    *list_item,
           KdUnpaidColumn  column)
{
  KdUnpaidOrder *o = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *main = g_object_get_data (G_OBJECT (box), "main");
  GtkWidget *second = main ? gtk_widget_get_next_sibling (main) : NULL;
  KdUnpaidState state = kd_unpaid_order_get_state (o, _kd_unpaid_page_now_unix (self), _kd_unpaid_page_hours (self));
  g_autofree char *text = _kd_unpaid_page_cell_text (self, o, column);

  if (main != NULL)
    gtk_label_set_text (GTK_LABEL (main), text);

  switch (column)
    {
    case KD_UNPAID_COL_BUYER:
      gtk_widget_set_visible (second, o->blacklisted);
      gtk_widget_set_visible (gtk_widget_get_next_sibling (second), o->no_pay_type);
      break;
    case KD_UNPAID_COL_AGENT:
      gtk_label_set_text (GTK_LABEL (second), kd_route_reason_get_label (o->reason));
      break;
    case KD_UNPAID_COL_STATE:
      {
        g_autofree char *detail = format_state_detail (o, state);
        gtk_label_set_text (GTK_LABEL (second), detail);
        gtk_widget_set_visible (second, *detail != '\0');
      }
      break;
    case KD_UNPAID_COL_UNPAID:
      if (state == KD_UNPAID_DUE_SOON)
        gtk_widget_remove_css_class (main, "error");
      else
        gtk_widget_add_css_class (main, "error");
      break;
    case KD_UNPAID_COL_NOTE:
      gtk_widget_set_tooltip_text (main, *text ? text : NULL);
      break;
    case KD_UNPAID_COL_ACTIONS:
      {
        GtkWidget *follow = gtk_widget_get_first_child (box);
        GtkWidget *snooze = gtk_widget_get_next_sibling (follow);
        GtkWidget *open = gtk_widget_get_next_sibling (snooze);
        GVariant *target = g_variant_ref_sink (g_variant_new_int64 (o->order_id));

        gtk_actionable_set_action_target_value (GTK_ACTIONABLE (follow), target);
        gtk_actionable_set_action_target_value (GTK_ACTIONABLE (snooze), target);
        gtk_actionable_set_action_target_value (GTK_ACTIONABLE (open), target);
        g_variant_unref (target);
        /* A follow-up ends the alert; a snooze only delays one already raised. */
        gtk_widget_set_sensitive (follow, state != KD_UNPAID_FOLLOWED_UP);
        gtk_widget_set_sensitive (snooze, state == KD_UNPAID_ALERTED || state == KD_UNPAID_NEW);
      }
      break;
    case KD_UNPAID_COL_ORDER:
    case KD_UNPAID_COL_AMOUNT:
    case KD_UNPAID_COL_PLACED:
    case KD_UNPAID_N_COLS:
    default:
      break;
    }
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           KdUnpaidPage             *self)
{
  KdUnpaidColumn column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "column"));

  _kd_unpaid_page_fill_cell (self, list_item, column);
  /* The clock changes these (and the state, and which buttons apply) without a new read. */
  if (column == KD_UNPAID_COL_UNPAID || column == KD_UNPAID_COL_STATE || column == KD_UNPAID_COL_ACTIONS)
    g_hash_table_insert (self->live, list_item, GINT_TO_POINTER (column));
}

static void
unbind_cell (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             KdUnpaidPage             *self)
{
  g_hash_table_remove (self->live, list_item);
}

void
_kd_unpaid_page_add_columns (KdUnpaidPage *self)
{
  for (KdUnpaidColumn c = 0; c < KD_UNPAID_N_COLS; c++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;

      g_object_set_data (G_OBJECT (factory), "column", GINT_TO_POINTER (c));
      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), self);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), self);
      g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell), self);
      column = gtk_column_view_column_new (column_title (c), factory);
      gtk_column_view_column_set_resizable (column, c != KD_UNPAID_COL_ACTIONS);
      gtk_column_view_column_set_expand (column, c == KD_UNPAID_COL_NOTE || c == KD_UNPAID_COL_BUYER);
      gtk_column_view_append_column (self->column_view, column);
      g_object_unref (column);
    }
}
