/* kd-customers-page-list.c: the customer list's cells (nickname, tags as pills, masked phone, VIP, orders, totals) and its filter bar (tags all-of/any-of, VIP, type, blacklist, owner). */
#include "kd-customers-page-internal.h"
#include "kd-columns.h"
#include "kd-customer-editor.h"
#include "kd-tag-manager.h"
#include "kd-tag-pills.h"
#include "kd-toast.h"
#include <glib/gi18n.h>

/* ---------------------------------------------------------------- cells */

/* Rows are created empty and filled when their page is read (every
 * property is notified then): the cells follow "notify". */
static void
update_nickname_cell (KdCustomer *customer,
                      GParamSpec *pspec,
                      GtkWidget  *box)
{
  GtkWidget *icon = gtk_widget_get_first_child (box);
  GtkWidget *label = gtk_widget_get_next_sibling (icon);

  gtk_label_set_text (GTK_LABEL (label), customer->nickname);
  gtk_widget_set_visible (icon, customer->blacklisted);
  if (customer->blacklisted)
    {
      gtk_widget_add_css_class (label, "kd-blacklisted");
      gtk_widget_set_tooltip_text (box, _("Blacklisted"));
    }
  else
    {
      gtk_widget_remove_css_class (label, "kd-blacklisted");
      gtk_widget_set_tooltip_text (box, NULL);
    }
}

static void
setup_nickname (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *icon = gtk_image_new_from_icon_name ("action-unavailable-symbolic");
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_add_css_class (icon, "error");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Blacklisted"), -1);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_item_set_child (item, box);
}

static void
bind_nickname (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  KdCustomer *customer = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);

  update_nickname_cell (customer, NULL, box);
  g_signal_connect_object (customer, "notify::nickname", G_CALLBACK (update_nickname_cell), box, 0);
}

static void
unbind_nickname (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  g_signal_handlers_disconnect_by_func (gtk_list_item_get_item (item), update_nickname_cell,
                                        gtk_list_item_get_child (item));
}

static void
update_tags_cell (KdCustomer *customer,
                  GParamSpec *pspec,
                  GtkWidget  *pills)
{
  KdCustomerService *svc = g_object_get_data (G_OBJECT (pills), "kd-service");
  kd_tag_pills_set_tags (KD_TAG_PILLS (pills), svc, customer->tag_ids);
}

static void
setup_tags (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            KdCustomersPage          *self)
{
  GtkWidget *pills = kd_tag_pills_new ();

  /* The page holds the context, and so the service, longer than its rows. */
  g_object_set_data (G_OBJECT (pills), "kd-service", self->context ? _kd_customers_page_service (self) : NULL);
  gtk_list_item_set_child (item, pills);
}

static void
bind_tags (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  KdCustomer *customer = gtk_list_item_get_item (item);
  GtkWidget *pills = gtk_list_item_get_child (item);

  update_tags_cell (customer, NULL, pills);
  g_signal_connect_object (customer, "notify::tags-text", G_CALLBACK (update_tags_cell), pills, 0);
}

static void
unbind_tags (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  g_signal_handlers_disconnect_by_func (gtk_list_item_get_item (item), update_tags_cell,
                                        gtk_list_item_get_child (item));
}

/* Counts and money read best aligned right, in tabular digits. */
static void
setup_numeric (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);
  GtkExpression *expr;

  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
  expr = gtk_property_expression_new (GTK_TYPE_LIST_ITEM, NULL, "item");
  expr = gtk_property_expression_new (KD_TYPE_CUSTOMER, expr, g_object_get_data (G_OBJECT (factory), "kd-property"));
  gtk_expression_bind (expr, label, "label", item);
}

static void
append_numeric (KdCustomersPage *self,
                const char      *title,
                const char      *property,
                const char      *sort_key)
{
  GtkColumnViewColumn *column = kd_columns_append_text (self->column_view, title, KD_TYPE_CUSTOMER, property, sort_key);
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_object_set_data_full (G_OBJECT (factory), "kd-property", g_strdup (property), g_free);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_numeric), NULL);
  gtk_column_view_column_set_factory (column, factory);
}

static GtkColumnViewColumn *
append_custom (KdCustomersPage *self,
               const char      *title,
               const char      *property,
               const char      *sort_key,
               GCallback        setup,
               GCallback        bind,
               GCallback        unbind)
{
  /* The shared helper makes the column and its header sorter; only the
   * cells are this page's own. */
  GtkColumnViewColumn *column = kd_columns_append_text (self->column_view, title, KD_TYPE_CUSTOMER, property, sort_key);
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", setup, self);
  g_signal_connect (factory, "bind", bind, self);
  g_signal_connect (factory, "unbind", unbind, self);
  gtk_column_view_column_set_factory (column, factory);
  return column;
}

void
_kd_customers_page_build_columns (KdCustomersPage *self)
{
  GtkColumnViewColumn *c;

  c = append_custom (self, _("Nickname"), "nickname", "nickname",
                     G_CALLBACK (setup_nickname), G_CALLBACK (bind_nickname), G_CALLBACK (unbind_nickname));
  gtk_column_view_column_set_expand (c, TRUE);
  gtk_column_view_column_set_fixed_width (c, 160);
  /* The service's default order (pinyin of the nickname), shown on its header. */
  gtk_column_view_sort_by_column (self->column_view, c, GTK_SORT_ASCENDING);
  kd_columns_append_text (self->column_view, _("Name"), KD_TYPE_CUSTOMER, "real-name", "name");
  /* Masked, unless the owner at the desk asked to see contact data. */
  c = kd_columns_append_text (self->column_view, _("Phone"), KD_TYPE_CUSTOMER, "masked-phone", NULL);
  g_object_bind_property (kd_context_get_session (self->context), "show-unmasked", c, "visible",
                          G_BINDING_SYNC_CREATE | G_BINDING_INVERT_BOOLEAN);
  self->phone_column = c;
  c = kd_columns_append_text (self->column_view, _("Phone"), KD_TYPE_CUSTOMER, "phone", NULL);
  g_object_bind_property (kd_context_get_session (self->context), "show-unmasked", c, "visible",
                          G_BINDING_SYNC_CREATE);
  self->full_phone_column = c;
  kd_columns_append_text (self->column_view, _("VIP"), KD_TYPE_CUSTOMER, "vip-text", "vip");
  c = append_custom (self, _("Tags"), "tags-text", "tags",
                     G_CALLBACK (setup_tags), G_CALLBACK (bind_tags), G_CALLBACK (unbind_tags));
  gtk_column_view_column_set_expand (c, TRUE);
  append_numeric (self, _("Orders"), "order-count-text", "orders");
  append_numeric (self, _("Total Paid"), "total-paid-text", "paid");
  kd_columns_append_text (self->column_view, _("Last Order"), KD_TYPE_CUSTOMER, "last-order-text", "last-order");
  kd_columns_append_text (self->column_view, _("Agent in Charge"), KD_TYPE_CUSTOMER, "owner-name", "owner");
}

/* ---------------------------------------------------------------- filters */

static void
apply_tag_filter (KdCustomersPage *self)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *label = NULL;

  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (self->tag_checks)); c; c = gtk_widget_get_next_sibling (c))
    if (gtk_check_button_get_active (GTK_CHECK_BUTTON (c)))
      {
        gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (c), "kd-tag-id");
        g_array_append_val (ids, id);
      }

  if (self->model != NULL)
    kd_customer_service_set_tag_filter (self->model, (const gint64 *) ids->data, ids->len,
                                        gtk_toggle_button_get_active (self->match_any_button));
  if (ids->len > 0)
    /* Translators: the tag filter button with %u tags chosen */
    label = g_strdup_printf (_("Tags (%u)"), ids->len);
  gtk_menu_button_set_label (self->tags_button, label ? label : _("Tags"));
  _kd_customers_page_update_state (self);
}

void
_kd_customers_page_on_tag_filter_changed (KdCustomersPage *self)
{
  if (!self->rebuilding_tags)
    apply_tag_filter (self);
}

/* The shop has tens of tags, not thousands: one check button each. */
void
_kd_customers_page_rebuild_tag_checks (KdCustomersPage *self)
{
  g_autoptr(GHashTable) active = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  GtkWidget *child;
  guint n = g_list_model_get_n_items (self->tags);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->tag_checks))) != NULL)
    {
      if (gtk_check_button_get_active (GTK_CHECK_BUTTON (child)))
        g_hash_table_add (active, g_memdup2 (g_object_get_data (G_OBJECT (child), "kd-tag-id"), sizeof (gint64)));
      gtk_box_remove (self->tag_checks, child);
    }

  self->rebuilding_tags = TRUE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KdTag) tag = g_list_model_get_item (self->tags, i);
      gint64 id = kd_tag_get_id (tag);
      /* Translators: a tag in the filter popover: its name and how many customers have it */
      g_autofree char *text = g_strdup_printf (_("%s (%d)"), kd_tag_get_name (tag), kd_tag_get_n_customers (tag));
      GtkWidget *check = gtk_check_button_new_with_label (text);

      g_object_set_data_full (G_OBJECT (check), "kd-tag-id", g_memdup2 (&id, sizeof id), g_free);
      gtk_widget_add_css_class (check, kd_tag_pills_colour_class (kd_tag_get_colour (tag)));
      gtk_widget_add_css_class (check, "kd-tag-check");
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), g_hash_table_contains (active, &id));
      g_signal_connect_swapped (check, "toggled", G_CALLBACK (_kd_customers_page_on_tag_filter_changed), self);
      gtk_box_append (self->tag_checks, check);
    }
  self->rebuilding_tags = FALSE;
  /* A deleted tag no longer filters. */
  if (g_hash_table_size (active) != _kd_customers_page_n_tag_filter (self))
    apply_tag_filter (self);
}

void
_kd_customers_page_on_tags_changed (KdCustomersPage *self)
{
  _kd_customers_page_rebuild_tag_checks (self);
}

void
_kd_customers_page_on_filter_changed (KdCustomersPage *self)
{
  guint vip, style, buying, owner;

  if (self->model == NULL)
    return;

  self->to_top = TRUE;
  vip = gtk_drop_down_get_selected (self->vip_filter);
  style = gtk_drop_down_get_selected (self->style_filter);
  buying = gtk_drop_down_get_selected (self->buying_filter);
  owner = gtk_drop_down_get_selected (self->owner_filter);

  kd_query_model_set_filter (self->model, "vip-min", vip > 0 && vip != GTK_INVALID_LIST_POSITION ? g_variant_new_int64 (vip) : NULL);
  kd_query_model_set_filter (self->model, "comm-style", style > 0 && style != GTK_INVALID_LIST_POSITION ? g_variant_new_int64 (style) : NULL);
  kd_query_model_set_filter (self->model, "buying-type", buying > 0 && buying != GTK_INVALID_LIST_POSITION ? g_variant_new_int64 (buying) : NULL);
  if (owner > 0 && owner != GTK_INVALID_LIST_POSITION && self->staff != NULL && owner - 1 < self->staff->len)
    kd_query_model_set_filter (self->model, "owner",
                               g_variant_new_int64 (kd_staff_get_id (g_ptr_array_index (self->staff, owner - 1))));
  else
    kd_query_model_set_filter (self->model, "owner", NULL);
  kd_query_model_set_filter (self->model, "blacklisted",
                             gtk_toggle_button_get_active (self->blacklist_filter) ? g_variant_new_boolean (TRUE) : NULL);
  _kd_customers_page_update_state (self);
}

void
_kd_customers_page_fill_filter_models (KdCustomersPage *self)
{
  g_autoptr(GtkStringList) vip = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) styles = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) buying = gtk_string_list_new (NULL);

  gtk_string_list_append (vip, _("Any VIP level"));
  for (int i = 1; i <= KD_CUSTOMER_VIP_MAX; i++)
    {
      /* Translators: a VIP filter choice: this level or higher */
      g_autofree char *text = g_strdup_printf (_("VIP%d or higher"), i);
      gtk_string_list_append (vip, text);
    }
  gtk_string_list_append (styles, _("Any style"));
  for (int i = 1; i < KD_N_COMM_STYLES; i++)
    gtk_string_list_append (styles, kd_comm_style_get_label ((KdCommStyle) i));
  gtk_string_list_append (buying, _("Any buying type"));
  for (int i = 1; i < KD_N_BUYING_TYPES; i++)
    gtk_string_list_append (buying, kd_buying_type_get_label ((KdBuyingType) i));

  gtk_drop_down_set_model (self->vip_filter, G_LIST_MODEL (vip));
  gtk_drop_down_set_model (self->style_filter, G_LIST_MODEL (styles));
  gtk_drop_down_set_model (self->buying_filter, G_LIST_MODEL (buying));
}

GtkStringList *
_kd_customers_page_staff_names (KdCustomersPage *self,
             const char      *first)
{
  GtkStringList *names = gtk_string_list_new (NULL);

  gtk_string_list_append (names, first);
  for (guint i = 0; self->staff && i < self->staff->len; i++)
    gtk_string_list_append (names, kd_staff_get_name (g_ptr_array_index (self->staff, i)));
  return names;
}

void
_kd_customers_page_load_staff (KdCustomersPage *self)
{
  g_autoptr(GtkStringList) names = NULL;

  g_clear_pointer (&self->staff, g_ptr_array_unref);
  /* A small indexed read (a shop has tens of staff), as the sign-in menu does. */
  self->staff = kd_staff_service_list (kd_context_get_staff_service (self->context), TRUE, NULL);
  names = _kd_customers_page_staff_names (self, _("Any owner"));
  gtk_drop_down_set_model (self->owner_filter, G_LIST_MODEL (names));
}

void
_kd_customers_page_clear_tag_filter_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  KdCustomersPage *self = KD_CUSTOMERS_PAGE (widget);

  self->rebuilding_tags = TRUE;
  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (self->tag_checks)); c; c = gtk_widget_get_next_sibling (c))
    gtk_check_button_set_active (GTK_CHECK_BUTTON (c), FALSE);
  self->rebuilding_tags = FALSE;
  apply_tag_filter (self);
}

void
_kd_customers_page_clear_filters_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  KdCustomersPage *self = KD_CUSTOMERS_PAGE (widget);

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  if (self->model != NULL)
    kd_query_model_set_search (self->model, "");
  gtk_drop_down_set_selected (self->vip_filter, 0);
  gtk_drop_down_set_selected (self->style_filter, 0);
  gtk_drop_down_set_selected (self->buying_filter, 0);
  gtk_drop_down_set_selected (self->owner_filter, 0);
  gtk_toggle_button_set_active (self->blacklist_filter, FALSE);
  _kd_customers_page_clear_tag_filter_activated (widget, NULL, NULL);
  _kd_customers_page_on_filter_changed (self);
}
