/* kd-orders-page.c: the order-remark board: flag bar with counts, filters, the order list over a KdQueryModel, the detail pane, import with progress. */
#include "kd-orders-page-internal.h"
#include "kd-columns.h"
#include "kd-list-page.h"
#include "kd-orders-util.h"
#include "kd-toast.h"

#include <glib/gi18n.h>

/* The flag bar's buttons: "all", then none … purple. */

G_DEFINE_FINAL_TYPE (KdOrdersPage, kd_orders_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static void on_model_loading (KdOrdersPage *self);

/* After the user changed the search or a filter: once the answer is in,
 * its first match is shown (now, when the query did not change at all). */
void
_kd_orders_page_query_changed (KdOrdersPage *self)
{
  self->select_first = TRUE;
  if (!kd_query_model_get_loading (self->model))
    on_model_loading (self);
}

KdOrderService *
_kd_orders_page_service (KdOrdersPage *self)
{
  return kd_context_get_order_service (self->context);
}

GtkWindow *
_kd_orders_page_parent_window (KdOrdersPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static gboolean
any_filter (KdOrdersPage *self)
{
  return *gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) != '\0' ||
         gtk_drop_down_get_selected (self->status_dropdown) > 0 ||
         *gtk_editable_get_text (GTK_EDITABLE (self->agent_entry)) != '\0' ||
         *gtk_editable_get_text (GTK_EDITABLE (self->since_entry)) != '\0' ||
         *gtk_editable_get_text (GTK_EDITABLE (self->until_entry)) != '\0' ||
         gtk_toggle_button_get_active (self->attention_button) ||
         self->flag_filter != FLAG_ALL;
}

void
_kd_orders_page_update_state (KdOrdersPage *self)
{
  guint shown;
  g_autofree char *count = NULL;
  gboolean has_order;

  if (self->content_stack == NULL || self->selection == NULL)
    return;

  shown = self->model ? kd_query_model_get_n_matches (self->model) : 0;
  kd_list_page_show_state (self->content_stack, self->model, any_filter (self));

  /* Translators: the board's result count */
  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u order", "%u orders", shown), shown);
  gtk_label_set_text (self->count_label, count);

  has_order = kd_order_detail_get_order (self->detail) != NULL;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "orders.edit", has_order);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "orders.import", self->import_cancellable == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "orders.cancel-import", self->import_cancellable != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "orders.clear-filters", any_filter (self));
}

/* ---------------------------------------------------------------- filters */

/* "2026-11-25" → local midnight (or the next one: "until" is exclusive);
 * FALSE when it is no date. */
static gboolean
parse_day (const char *text,
           gboolean    end_of_day,
           gint64     *out)
{
  int y, m, d;
  char tail;
  g_autoptr(GDateTime) dt = NULL;

  if (sscanf (text, "%d-%d-%d%c", &y, &m, &d, &tail) != 3 || !g_date_valid_dmy (d, m, y))
    return FALSE;
  dt = g_date_time_new_local (y, m, d, 0, 0, 0);
  if (dt == NULL)
    return FALSE;
  *out = g_date_time_to_unix (dt) + (end_of_day ? 24 * 3600 : 0);
  return TRUE;
}

static void
apply_day_filter (KdOrdersPage *self,
                  GtkEntry     *entry,
                  const char   *name,
                  gboolean      end_of_day)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  gint64 when;

  if (*text == '\0')
    {
      gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
      kd_query_model_set_filter (self->model, name, NULL);
    }
  else if (parse_day (text, end_of_day, &when))
    {
      gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
      kd_query_model_set_filter (self->model, name, g_variant_new_int64 (when));
    }
  else
    gtk_widget_add_css_class (GTK_WIDGET (entry), "error");  /* half typed: keep the last filter */
}

static void
on_filters_changed (KdOrdersPage *self)
{
  guint status;
  g_autofree char *agent = NULL;

  if (self->model == NULL)
    return;

  status = gtk_drop_down_get_selected (self->status_dropdown);
  kd_query_model_set_filter (self->model, "status",
                             status > 0 && status != GTK_INVALID_LIST_POSITION ? g_variant_new_int64 (status - 1) : NULL);

  agent = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->agent_entry))));
  kd_query_model_set_filter (self->model, "agent", *agent ? g_variant_new_string (agent) : NULL);

  apply_day_filter (self, self->since_entry, "since", FALSE);
  apply_day_filter (self, self->until_entry, "until", TRUE);

  /* The store compares follow-up dates with today's local date. */
  if (gtk_toggle_button_get_active (self->attention_button))
    {
      g_autoptr(GDateTime) now = kd_clock_now_local (kd_context_get_clock (self->context));
      g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
      gint64 since = kd_order_service_last_shift_start (kd_context_get_roster_service (self->context), now);

      kd_query_model_set_filter (self->model, "attention", g_variant_new ("(sx)", today, since));
    }
  else
    kd_query_model_set_filter (self->model, "attention", NULL);
  _kd_orders_page_query_changed (self);
}

static void
clear_filters_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  KdOrdersPage *self = KD_ORDERS_PAGE (widget);

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_drop_down_set_selected (self->status_dropdown, 0);
  gtk_editable_set_text (GTK_EDITABLE (self->agent_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->since_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->until_entry), "");
  gtk_toggle_button_set_active (self->attention_button, FALSE);
  gtk_toggle_button_set_active (self->flag_buttons[0], TRUE);
  if (self->model != NULL)
    kd_query_model_set_search (self->model, "");
  on_filters_changed (self);
}

static void
build_status_dropdown (KdOrdersPage *self)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);

  gtk_string_list_append (list, _("Any status"));
  for (int s = 0; s < KD_N_ORDER_STATUSES; s++)
    gtk_string_list_append (list, kd_order_status_get_label (s));
  gtk_drop_down_set_model (self->status_dropdown, G_LIST_MODEL (list));
  gtk_drop_down_set_selected (self->status_dropdown, 0);
}

/* ---------------------------------------------------------------- list and selection */

/* The detail follows the selection, but keeps its order when the row goes
 * (a new remark changed its flag out of the filter; a search moved on):
 * the agent is still working on it. */
static void
show_selected (KdOrdersPage *self)
{
  guint position = gtk_single_selection_get_selected (self->selection);

  if (self->model != NULL && position != GTK_INVALID_LIST_POSITION)
    kd_order_detail_set_order_id (self->detail, kd_query_model_get_id (self->model, position));
  _kd_orders_page_update_state (self);
}

static void
apply_pending_selection (KdOrdersPage *self)
{
  guint position;

  if (self->select_id <= 0 || self->model == NULL || kd_query_model_get_loading (self->model))
    return;
  position = kd_query_model_find_id (self->model, self->select_id);
  self->select_id = 0;
  if (position != G_MAXUINT)
    {
      gtk_single_selection_set_selected (self->selection, position);
      gtk_widget_activate_action (GTK_WIDGET (self->column_view), "list.scroll-to-item", "u", position);
    }
}

static void
on_selection_changed (KdOrdersPage *self)
{
  show_selected (self);
}

static void
on_items_changed (KdOrdersPage *self)
{
  _kd_orders_page_update_state (self);
}

static void
on_model_loading (KdOrdersPage *self)
{
  /* The board opens on its newest order; a new search or filter shows its
   * first match (a write that moved the row away does not). */
  if (!kd_query_model_get_loading (self->model) && self->select_id <= 0 &&
      (self->select_first || kd_order_detail_get_order_id (self->detail) == 0))
    {
      self->select_first = FALSE;
      if (g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0)
        {
          gtk_single_selection_set_selected (self->selection, 0);
          show_selected (self);
        }
    }
  apply_pending_selection (self);
  _kd_orders_page_update_state (self);
}

static void
on_row_activated (GtkColumnView *view,
                  guint          position,
                  KdOrdersPage  *self)
{
  gtk_single_selection_set_selected (self->selection, position);
  show_selected (self);
  kd_order_detail_focus_remark (self->detail);
}

static void
on_search_changed (GtkSearchEntry *entry,
                   KdOrdersPage   *self)
{
  if (self->model != NULL)
    {
      kd_query_model_set_search (self->model, gtk_editable_get_text (GTK_EDITABLE (entry)));
      _kd_orders_page_query_changed (self);
    }
  _kd_orders_page_update_state (self);
}

static void
on_search_activate (GtkSearchEntry *entry,
                    KdOrdersPage   *self)
{
  on_search_changed (entry, self);
  /* The list takes the focus even when nothing matched. */
  if (!kd_list_page_select_first (GTK_SELECTION_MODEL (self->selection), GTK_WIDGET (self->column_view)))
    gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

static void
find_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  gtk_widget_grab_focus (GTK_WIDGET (KD_ORDERS_PAGE (widget)->search_entry));
}

/* Another page names an order (a handover's item): show it by searching for it. */
static void
search_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  KdOrdersPage *self = KD_ORDERS_PAGE (widget);

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), g_variant_get_string (param, NULL));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* The flag column: a dot in the flag's colour, its meaning as the tooltip. */
static GStrv
flag_to_classes (GObject *item,
                 int      flag,
                 gpointer user_data)
{
  GStrv classes = g_new0 (char *, 3);

  classes[0] = g_strdup ("kd-flag-dot");
  classes[1] = g_strconcat ("kd-flag-", kd_flag_to_key (CLAMP (flag, 0, KD_N_FLAGS - 1)), NULL);
  return classes;
}

static char *
flag_to_tooltip (GObject *item,
                 int      flag,
                 gpointer user_data)
{
  KdOrdersPage *self = user_data;

  return kd_orders_flag_tooltip (self != NULL && self->context != NULL ? _kd_orders_page_service (self) : NULL,
                                 CLAMP (flag, 0, KD_N_FLAGS - 1));
}

static void
setup_flag_cell (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  GtkWidget *dot = kd_orders_flag_dot_new (KD_FLAG_NONE);
  GtkExpression *flag_expr, *expr;

  gtk_list_item_set_child (item, dot);
  flag_expr = gtk_property_expression_new (KD_TYPE_ORDER,
                                           gtk_property_expression_new (GTK_TYPE_LIST_ITEM, NULL, "item"),
                                           "flag");
  expr = gtk_cclosure_expression_new (G_TYPE_STRV, NULL, 1, (GtkExpression *[]) { gtk_expression_ref (flag_expr) },
                                      G_CALLBACK (flag_to_classes), NULL, NULL);
  gtk_expression_bind (expr, dot, "css-classes", item);
  expr = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 1, (GtkExpression *[]) { flag_expr },
                                      G_CALLBACK (flag_to_tooltip), user_data, NULL);
  gtk_expression_bind (expr, dot, "tooltip-text", item);
}

static void
add_columns (KdOrdersPage *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *flag, *created;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_flag_cell), self);
  /* Widths fit a 19-digit number, a date and time, "Paid, awaiting shipment". */
  gtk_column_view_column_set_fixed_width (kd_columns_append_text (self->column_view, _("Order No."), KD_TYPE_ORDER,
                                                                  "order-no", "order-no"), 182);
  gtk_column_view_column_set_fixed_width (kd_columns_append_text (self->column_view, _("Buyer"), KD_TYPE_ORDER,
                                                                  "buyer", "buyer"), 92);
  gtk_column_view_column_set_fixed_width (kd_columns_append_text (self->column_view, _("Status"), KD_TYPE_ORDER,
                                                                  "status-text", "status"), 108);
  created = kd_columns_append_text (self->column_view, _("Created"), KD_TYPE_ORDER, "created-text", "created");
  gtk_column_view_column_set_fixed_width (created, 140);
  gtk_column_view_column_set_fixed_width (kd_columns_append_text (self->column_view, _("Total"), KD_TYPE_ORDER,
                                                                  "total-text", "total"), 78);

  /* A text column for its sort probe, then drawn as a dot instead. */
  flag = kd_columns_append_text (self->column_view, _("Flag"), KD_TYPE_ORDER, "flag", "flag");
  if (flag != NULL)
    {
      gtk_column_view_column_set_factory (flag, factory);
      gtk_column_view_column_set_fixed_width (flag, 46);
    }
  g_object_unref (factory);

  gtk_column_view_column_set_expand (kd_columns_append_text (self->column_view, _("Latest Remark"), KD_TYPE_ORDER,
                                                             "latest-remark", NULL), TRUE);
  gtk_column_view_column_set_fixed_width (kd_columns_append_text (self->column_view, _("Agent"), KD_TYPE_ORDER,
                                                                  "agent", NULL), 56);
  gtk_column_view_sort_by_column (self->column_view, created, GTK_SORT_DESCENDING);
}

/* ---------------------------------------------------------------- manual orders */

static void
on_dialog_saved (KdOrderDialog *dialog,
                 KdOrder       *saved,
                 KdOrdersPage  *self)
{
  /* Show the order just typed, even when a filter would hide it. */
  if (any_filter (self))
    clear_filters_activated (GTK_WIDGET (self), NULL, NULL);
  self->select_id = saved->id;
  apply_pending_selection (self);
  _kd_orders_page_count_flags (self);
}

static void
open_dialog (KdOrdersPage *self,
             KdOrder      *order)
{
  KdOrderDialog *dialog;
  GtkWindow *parent = _kd_orders_page_parent_window (self);

  if (self->context == NULL)
    return;
  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
  dialog = kd_order_dialog_new (self->context, order);
  if (parent != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (dialog), parent);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (on_dialog_saved), self, 0);
  g_set_weak_pointer (&self->dialog, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
new_activated (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  open_dialog (KD_ORDERS_PAGE (widget), NULL);
}

static void
edit_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  KdOrdersPage *self = KD_ORDERS_PAGE (widget);
  KdOrder *order = kd_order_detail_get_order (self->detail);

  if (order != NULL)
    open_dialog (self, order);
}

static void
copy_remark_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  gtk_widget_activate_action (GTK_WIDGET (KD_ORDERS_PAGE (widget)->detail), "detail.copy-remark", NULL);
}

/* ---------------------------------------------------------------- public */

void
kd_orders_page_show_order (KdOrdersPage *self,
                           gint64        order_id)
{
  g_return_if_fail (KD_IS_ORDERS_PAGE (self));

  if (self->model == NULL || order_id <= 0)
    return;
  /* Pending first, so that clearing the filters does not pick their first match. */
  self->select_id = order_id;
  if (any_filter (self))
    clear_filters_activated (GTK_WIDGET (self), NULL, NULL);
  self->select_first = FALSE;
  kd_order_detail_set_order_id (self->detail, order_id);
  apply_pending_selection (self);
  _kd_orders_page_update_state (self);
}

void
kd_orders_page_set_unpaid_count (KdOrdersPage *self,
                                 guint         n_unpaid)
{
  g_autofree char *label = NULL;

  g_return_if_fail (KD_IS_ORDERS_PAGE (self));

  if (n_unpaid > 0)
    /* Translators: the Orders page's button to the Unpaid page, with how many wait for a follow-up */
    label = g_strdup_printf (_("Unpaid (%u)"), n_unpaid);
  adw_button_content_set_label (self->unpaid_content, label ? label : _("Unpaid"));
  if (n_unpaid > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->unpaid_button), "destructive-action");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->unpaid_button), "destructive-action");
}

/* ---------------------------------------------------------------- private, for tests */

GtkWidget *
_kd_orders_page_get_search_entry (KdOrdersPage *self)
{
  return GTK_WIDGET (self->search_entry);
}

GListModel *
_kd_orders_page_get_visible_model (KdOrdersPage *self)
{
  return G_LIST_MODEL (self->selection);
}

GtkColumnView *
_kd_orders_page_get_column_view (KdOrdersPage *self)
{
  return self->column_view;
}

KdOrderDetail *
_kd_orders_page_get_detail (KdOrdersPage *self)
{
  return self->detail;
}

KdOrderDialog *
_kd_orders_page_get_dialog (KdOrdersPage *self)
{
  return self->dialog;
}

const char *
_kd_orders_page_get_state (KdOrdersPage *self)
{
  return gtk_stack_get_visible_child_name (self->content_stack);
}

const char *
_kd_orders_page_get_count_text (KdOrdersPage *self)
{
  return gtk_label_get_text (self->count_label);
}

const char *
_kd_orders_page_get_flag_label (KdOrdersPage *self,
                                KdFlag        flag)
{
  return gtk_label_get_text (self->flag_labels[flag + 1]);
}

const char *
_kd_orders_page_get_flag_tip (KdOrdersPage *self,
                              KdFlag        flag)
{
  return gtk_widget_get_tooltip_text (GTK_WIDGET (self->flag_buttons[flag + 1]));
}

int
_kd_orders_page_get_flag_count (KdOrdersPage *self,
                                KdFlag        flag)
{
  return self->have_counts && flag < KD_N_FLAGS ? (int) self->counts[flag] : -1;
}

gboolean
_kd_orders_page_is_busy (KdOrdersPage *self)
{
  return self->model == NULL || kd_query_model_get_loading (self->model) || self->counting || self->select_first ||
         self->import_cancellable != NULL || self->select_id > 0;
}

void
_kd_orders_page_import (KdOrdersPage       *self,
                        const char * const *paths,
                        gboolean            skip_bad_rows)
{
  _kd_orders_page_import_paths (self, paths, skip_bad_rows);
}

const char *
_kd_orders_page_get_import_result (KdOrdersPage *self,
                                   gboolean     *ok)
{
  if (ok != NULL)
    *ok = self->import_ok;
  return self->import_result;
}

/* ---------------------------------------------------------------- object */

static void
set_context (KdOrdersPage *self,
             KdContext    *context)
{
  KdStore *store;

  if (context == NULL || context == self->context)
    return;
  g_return_if_fail (self->context == NULL);

  self->context = g_object_ref (context);
  g_object_set (self->detail, "context", context, NULL);

  self->model = kd_order_service_create_model (_kd_orders_page_service (self));
  g_signal_connect_object (self->model, "notify::loading", G_CALLBACK (on_model_loading), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::n-matches", G_CALLBACK (_kd_orders_page_update_state), self, G_CONNECT_SWAPPED);
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->model));
  kd_columns_bind_sort (self->column_view, self->model);

  store = kd_context_get_store (context);
  g_signal_connect_object (store, "changed::orders", G_CALLBACK (_kd_orders_page_on_orders_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "changed::order_remarks", G_CALLBACK (_kd_orders_page_on_orders_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->detail, "notify::order-id", G_CALLBACK (_kd_orders_page_update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (_kd_orders_page_service (self), "flags-changed", G_CALLBACK (_kd_orders_page_on_flags_changed), self, G_CONNECT_SWAPPED);
  _kd_orders_page_update_flag_tips (self);
  _kd_orders_page_count_flags (self);
  on_filters_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_CONTEXT]);
}

static void
kd_orders_page_dispose (GObject *object)
{
  KdOrdersPage *self = KD_ORDERS_PAGE (object);

  if (self->import_cancellable != NULL)
    g_cancellable_cancel (self->import_cancellable);
  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
  g_clear_weak_pointer (&self->dialog);

  gtk_widget_dispose_template (GTK_WIDGET (self), KD_TYPE_ORDERS_PAGE);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);
  g_clear_object (&self->context);
  g_clear_pointer (&self->import_result, g_free);
  g_clear_pointer (&self->import_paths, g_strfreev);

  G_OBJECT_CLASS (kd_orders_page_parent_class)->dispose (object);
}

static void
kd_orders_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  KdOrdersPage *self = KD_ORDERS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kd_orders_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  KdOrdersPage *self = KD_ORDERS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      set_context (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kd_orders_page_class_init (KdOrdersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kd_orders_page_dispose;
  object_class->get_property = kd_orders_page_get_property;
  object_class->set_property = kd_orders_page_set_property;

  props[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, KD_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, props);

  g_type_ensure (KD_TYPE_ORDER);
  g_type_ensure (KD_TYPE_ORDER_DETAIL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/orders/kd-orders-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KdOrdersPage, box);
  gtk_widget_class_bind_template_child (widget_class, KdOrdersPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, KdOrdersPage, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KdOrdersPage, agent_entry);
  gtk_widget_class_bind_template_child (widget_class, KdOrdersPage, since_entry);
  gtk_widget_class_bind_template_child (widget_class, KdOrdersPage, until_entry);
  gtk_widget_class_bind_template_child (widget_class, KdOrdersPage, attention_button);
  gtk_widget_class_bind_template_child (widget_class, KdOrdersPage, unpaid_button);
  gtk_widget_class_bind_template_child (widget_class, KdOrdersPage, unpaid_content);
  gtk_widget_class_bind_template_child (widget_class, KdOrdersPage, flag_bar);
  gtk_widget_class_bind_template_child (widget_class, KdOrdersPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, KdOrdersPage, import_revealer);
  gtk_widget_class_bind_template_child (widget_class, KdOrdersPage, import_label);
  gtk_widget_class_bind_template_child (widget_class, KdOrdersPage, import_progress);
  gtk_widget_class_bind_template_child (widget_class, KdOrdersPage, paned);
  gtk_widget_class_bind_template_child (widget_class, KdOrdersPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, KdOrdersPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, KdOrdersPage, selection);
  gtk_widget_class_bind_template_child (widget_class, KdOrdersPage, detail);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  kd_list_page_bind_stop_search (widget_class);
  gtk_widget_class_bind_template_callback (widget_class, on_filters_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_selection_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_items_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);

  gtk_widget_class_install_action (widget_class, "orders.find", NULL, find_activated);
  gtk_widget_class_install_action (widget_class, "orders.search", "s", search_activated);
  gtk_widget_class_install_action (widget_class, "orders.import", NULL, _kd_orders_page_import_activated);
  gtk_widget_class_install_action (widget_class, "orders.cancel-import", NULL, _kd_orders_page_cancel_import_activated);
  gtk_widget_class_install_action (widget_class, "orders.new", NULL, new_activated);
  gtk_widget_class_install_action (widget_class, "orders.edit", NULL, edit_activated);
  gtk_widget_class_install_action (widget_class, "orders.clear-filters", NULL, clear_filters_activated);
  gtk_widget_class_install_action (widget_class, "orders.filter-flag", "i", _kd_orders_page_filter_flag_activated);
  gtk_widget_class_install_action (widget_class, "orders.copy-remark", NULL, copy_remark_activated);
}

/* As on the other pages, the window manages these while the page is
 * shown. Ctrl+I is the window's sign-in menu already, so Import is Ctrl+O;
 * Alt+1…5 switch pages, so the flags are Ctrl+0 (all) and Ctrl+1…5 (red …
 * purple; the same key again shows all). In the remark box Ctrl+0…5 choose
 * the new remark's flag instead (kd-order-detail.c). */
static void
add_page_shortcuts (KdOrdersPage *self)
{
  static const struct { guint key; GdkModifierType mods; const char *action; } shortcuts[] = {
    { GDK_KEY_f, GDK_CONTROL_MASK, "orders.find" },
    { GDK_KEY_o, GDK_CONTROL_MASK, "orders.import" },
    { GDK_KEY_n, GDK_CONTROL_MASK, "orders.new" },
    { GDK_KEY_e, GDK_CONTROL_MASK, "orders.edit" },
    { GDK_KEY_C, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "orders.copy-remark" },
  };
  GtkEventController *controller = gtk_shortcut_controller_new ();
  GtkShortcutController *sc = GTK_SHORTCUT_CONTROLLER (controller);

  gtk_shortcut_controller_set_scope (sc, GTK_SHORTCUT_SCOPE_MANAGED);
  for (guint i = 0; i < G_N_ELEMENTS (shortcuts); i++)
    gtk_shortcut_controller_add_shortcut (sc, gtk_shortcut_new (gtk_keyval_trigger_new (shortcuts[i].key, shortcuts[i].mods),
                                                                gtk_named_action_new (shortcuts[i].action)));
  for (int f = 0; f < KD_N_FLAGS; f++)
    {
      GtkShortcut *s = gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_0 + f, GDK_CONTROL_MASK),
                                         gtk_named_action_new ("orders.filter-flag"));
      /* Ctrl+0 is "all"; the flags have no "none" key (the bar has its button). */
      gtk_shortcut_set_arguments (s, g_variant_new_int32 (f == 0 ? FLAG_ALL : f));
      gtk_shortcut_controller_add_shortcut (sc, s);
    }
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

static void
kd_orders_page_init (KdOrdersPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->flag_filter = FLAG_ALL;
  _kd_orders_page_build_flag_bar (self);
  build_status_dropdown (self);
  add_columns (self);
  add_page_shortcuts (self);
  _kd_orders_page_update_state (self);
}
