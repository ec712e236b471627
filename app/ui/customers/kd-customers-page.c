/* kd-customers-page.c: the customer list over a KdQueryModel: search, filters, multi-selection, bulk actions with undo. */
#include "kd-customers-page-private.h"
#include "kd-columns.h"
#include "kd-customer-editor.h"
#include "kd-tag-manager.h"
#include "kd-tag-pills.h"
#include "kd-toast.h"

#include <glib/gi18n.h>

struct _KdCustomersPage
{
  GtkWidget            parent_instance;

  KdContext           *context;
  GtkColumnViewColumn *phone_column;        /* masked */
  GtkColumnViewColumn *full_phone_column;   /* for the owner who asked for it */
  KdQueryModel        *model;
  GListModel          *tags;          /* the service's */
  GPtrArray           *staff;         /* KdStaff, active: owner filter and "Set owner" */

  KdCustomerChange    *last_change;   /* what Undo reverses */
  AdwToast            *undo_toast;    /* weak */
  KdCustomerEditor    *editor;        /* weak */
  KdTagManager        *tag_manager;   /* weak */
  char                *last_toast;
  gint64               select_id;     /* select once the model has it */
  guint                n_running;     /* imports and exports on their way */
  guint                n_writing;     /* writes on their way */
  gboolean             rebuilding_tags;

  GtkWidget           *box;
  GtkSearchEntry      *search_entry;
  GtkSpinner          *busy_spinner;
  GtkMenuButton       *tags_button;
  GtkToggleButton     *match_all_button;
  GtkToggleButton     *match_any_button;
  GtkBox              *tag_checks;
  GtkDropDown         *vip_filter;
  GtkDropDown         *style_filter;
  GtkDropDown         *buying_filter;
  GtkDropDown         *owner_filter;
  GtkToggleButton     *blacklist_filter;
  GtkLabel            *count_label;
  GtkStack            *content_stack;
  GtkColumnView       *column_view;
  GtkMultiSelection   *selection;
  GtkRevealer         *action_revealer;
  GtkLabel            *selected_label;
};

G_DEFINE_FINAL_TYPE (KdCustomersPage, kd_customers_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static KdCustomerService *
service (KdCustomersPage *self)
{
  return kd_context_get_customer_service (self->context);
}

static GCancellable *
cancellable (KdCustomersPage *self)
{
  return kd_context_get_cancellable (self->context);
}

static GtkWindow *
parent_window (KdCustomersPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
show_toast (KdCustomersPage *self,
            AdwToast        *toast,
            const char      *text)
{
  g_free (self->last_toast);
  self->last_toast = g_strdup (text);
  kd_toast_show (GTK_WIDGET (self), toast);
}

static void
show_error (KdCustomersPage *self,
            const GError    *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  show_toast (self, kd_toast_new (error->message), error->message);
}

/* "1 234": digits grouped by threes with a narrow no-break space, as the
 * count reads in both Chinese and English. */
static char *
format_count (guint n)
{
  g_autofree char *digits = g_strdup_printf ("%u", n);
  GString *s = g_string_new (NULL);
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append (s, "\u202f");
      g_string_append_c (s, digits[i]);
    }
  return g_string_free (s, FALSE);
}

/* The selected rows' ids, in list order. */
static GArray *
selected_ids (KdCustomersPage *self)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GtkBitset) set = NULL;
  GtkBitsetIter iter;
  guint position;

  if (self->model == NULL)
    return ids;
  set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  if (gtk_bitset_iter_init_first (&iter, set, &position))
    do
      {
        gint64 id = kd_query_model_get_id (self->model, position);
        if (id > 0)
          g_array_append_val (ids, id);
      }
    while (gtk_bitset_iter_next (&iter, &position));
  return ids;
}

static guint
n_selected (KdCustomersPage *self)
{
  g_autoptr(GtkBitset) set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  return (guint) gtk_bitset_get_size (set);
}

/* The first selected customer (a row object: filled once its page is read). */
static KdCustomer *
first_selected (KdCustomersPage *self)
{
  g_autoptr(GtkBitset) set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));

  if (gtk_bitset_is_empty (set))
    return NULL;
  return g_list_model_get_item (G_LIST_MODEL (self->selection), gtk_bitset_get_minimum (set));
}

static gboolean
has_filters (KdCustomersPage *self)
{
  return gtk_drop_down_get_selected (self->vip_filter) > 0 ||
         gtk_drop_down_get_selected (self->style_filter) > 0 ||
         gtk_drop_down_get_selected (self->buying_filter) > 0 ||
         gtk_drop_down_get_selected (self->owner_filter) > 0 ||
         gtk_toggle_button_get_active (self->blacklist_filter);
}

static guint
n_tag_filter (KdCustomersPage *self)
{
  guint n = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (self->tag_checks)); c; c = gtk_widget_get_next_sibling (c))
    if (gtk_check_button_get_active (GTK_CHECK_BUTTON (c)))
      n++;
  return n;
}

static void
update_state (KdCustomersPage *self)
{
  guint shown, selected;
  g_autofree char *count = NULL;
  g_autofree char *count_text = NULL;
  const char *search;

  if (self->content_stack == NULL || self->model == NULL)
    return;

  shown = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  selected = n_selected (self);
  search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (shown == 0 && kd_query_model_get_loading (self->model))
    ;  /* keep what is shown until the answer is in */
  else if (shown == 0 && *search == '\0' && !has_filters (self) && n_tag_filter (self) == 0)
    gtk_stack_set_visible_child_name (self->content_stack, "empty");
  else if (shown == 0)
    gtk_stack_set_visible_child_name (self->content_stack, "no-results");
  else
    gtk_stack_set_visible_child_name (self->content_stack, "list");

  count = format_count (shown);
  /* Translators: the result count over the customer list; %s is a number like "1 234" */
  count_text = g_strdup_printf (ngettext ("%s customer", "%s customers", shown), count);
  gtk_label_set_text (self->count_label, count_text);

  gtk_revealer_set_reveal_child (self->action_revealer, selected > 0);
  if (selected > 0)
    {
      /* Translators: in the bar under the list while customers are selected */
      g_autofree char *text = g_strdup_printf (ngettext ("%u selected", "%u selected", selected), selected);
      gtk_label_set_text (self->selected_label, text);
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customers.edit", selected >= 1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customers.delete", selected >= 1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customers.tag-selected", selected >= 1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customers.untag-selected", selected >= 1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customers.owner-selected", selected >= 1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customers.tag", selected >= 1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customers.untag", selected >= 1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customers.set-owner", selected >= 1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customers.merge-selected", selected == 2);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customers.undo", self->last_change != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customers.export", self->n_running == 0 && shown > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customers.import", self->n_running == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->busy_spinner), self->n_running > 0);
  gtk_spinner_set_spinning (self->busy_spinner, self->n_running > 0);
}

static void
select_when_ready (KdCustomersPage *self)
{
  guint position;

  if (self->select_id == 0 || self->model == NULL || kd_query_model_get_loading (self->model))
    return;
  position = kd_query_model_find_id (self->model, self->select_id);
  self->select_id = 0;
  if (position != G_MAXUINT)
    {
      gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
      gtk_widget_activate_action (GTK_WIDGET (self->column_view), "list.scroll-to-item", "u", position);
    }
}

static void
on_model_loading (KdCustomersPage *self)
{
  select_when_ready (self);
  update_state (self);
}

static void
on_selection_changed (KdCustomersPage *self)
{
  update_state (self);
}

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
  g_object_set_data (G_OBJECT (pills), "kd-service", self->context ? service (self) : NULL);
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

static void
build_columns (KdCustomersPage *self)
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
  update_state (self);
}

static void
on_tag_filter_changed (KdCustomersPage *self)
{
  if (!self->rebuilding_tags)
    apply_tag_filter (self);
}

/* The shop has tens of tags, not thousands: one check button each. */
static void
rebuild_tag_checks (KdCustomersPage *self)
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
      g_signal_connect_swapped (check, "toggled", G_CALLBACK (on_tag_filter_changed), self);
      gtk_box_append (self->tag_checks, check);
    }
  self->rebuilding_tags = FALSE;
  /* A deleted tag no longer filters. */
  if (g_hash_table_size (active) != n_tag_filter (self))
    apply_tag_filter (self);
}

static void
on_tags_changed (KdCustomersPage *self)
{
  rebuild_tag_checks (self);
}

static void
on_filter_changed (KdCustomersPage *self)
{
  guint vip, style, buying, owner;

  if (self->model == NULL)
    return;

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
  update_state (self);
}

static void
fill_filter_models (KdCustomersPage *self)
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

static GtkStringList *
staff_names (KdCustomersPage *self,
             const char      *first)
{
  GtkStringList *names = gtk_string_list_new (NULL);

  gtk_string_list_append (names, first);
  for (guint i = 0; self->staff && i < self->staff->len; i++)
    gtk_string_list_append (names, kd_staff_get_name (g_ptr_array_index (self->staff, i)));
  return names;
}

static void
load_staff (KdCustomersPage *self)
{
  g_autoptr(GtkStringList) names = NULL;

  g_clear_pointer (&self->staff, g_ptr_array_unref);
  /* A small indexed read (a shop has tens of staff), as the sign-in menu does. */
  self->staff = kd_staff_service_list (kd_context_get_staff_service (self->context), TRUE, NULL);
  names = staff_names (self, _("Any owner"));
  gtk_drop_down_set_model (self->owner_filter, G_LIST_MODEL (names));
}

static void
clear_tag_filter_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  KdCustomersPage *self = KD_CUSTOMERS_PAGE (widget);

  self->rebuilding_tags = TRUE;
  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (self->tag_checks)); c; c = gtk_widget_get_next_sibling (c))
    gtk_check_button_set_active (GTK_CHECK_BUTTON (c), FALSE);
  self->rebuilding_tags = FALSE;
  apply_tag_filter (self);
}

static void
clear_filters_activated (GtkWidget *widget, const char *name, GVariant *param)
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
  clear_tag_filter_activated (widget, NULL, NULL);
  on_filter_changed (self);
}

/* ---------------------------------------------------------------- search */

static void
on_search_changed (GtkSearchEntry  *entry,
                   KdCustomersPage *self)
{
  if (self->model != NULL)
    kd_query_model_set_search (self->model, gtk_editable_get_text (GTK_EDITABLE (entry)));
  gtk_widget_activate_action (GTK_WIDGET (self->column_view), "list.scroll-to-item", "u", 0);
  update_state (self);
}

static void
on_search_activate (GtkSearchEntry  *entry,
                    KdCustomersPage *self)
{
  on_search_changed (entry, self);
  if (g_list_model_get_n_items (G_LIST_MODEL (self->selection)) > 0)
    {
      gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), 0, TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
    }
}

static void
on_stop_search (GtkSearchEntry  *entry,
                KdCustomersPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

static void
find_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  gtk_widget_grab_focus (GTK_WIDGET (KD_CUSTOMERS_PAGE (widget)->search_entry));
}

/* Another page names a customer (a handover's item): show them by searching. */
static void
search_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  KdCustomersPage *self = KD_CUSTOMERS_PAGE (widget);

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), g_variant_get_string (param, NULL));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* ---------------------------------------------------------------- writes and undo */

typedef char *(*DescribeFunc) (KdCustomerChange *change, gpointer data);

typedef struct {
  KdCustomersPage *self;
  DescribeFunc     describe;
  char            *what;       /* a tag or an owner name, for the toast */
  guint            n_asked;
} WriteData;

static void
write_data_free (WriteData *wd)
{
  g_clear_object (&wd->self);
  g_free (wd->what);
  g_free (wd);
}

/* Keeps @change for Undo and says what it did in a toast with Undo. */
static void
remember_change (KdCustomersPage  *self,
                 KdCustomerChange *change,
                 const char       *text)
{
  AdwToast *toast;

  g_clear_pointer (&self->last_change, kd_customer_change_unref);
  if (!kd_customer_change_can_undo (change))
    {
      show_toast (self, kd_toast_new (text), text);
      update_state (self);
      return;
    }
  self->last_change = kd_customer_change_ref (change);
  if (self->undo_toast != NULL)
    adw_toast_dismiss (self->undo_toast);
  toast = kd_toast_new_undo (GTK_WIDGET (self), text, "customers.undo");
  g_set_weak_pointer (&self->undo_toast, toast);
  show_toast (self, toast, text);
  update_state (self);
}

static void
write_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  WriteData *wd = user_data;
  KdCustomersPage *self = wd->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(KdCustomerChange) change = kd_customer_service_write_finish (KD_CUSTOMER_SERVICE (source), result, &error);
  g_autofree char *text = NULL;

  self->n_writing--;
  if (change == NULL)
    show_error (self, error);
  else
    {
      text = wd->describe (change, wd);
      remember_change (self, change, text);
    }
  update_state (self);
  write_data_free (wd);
}

static WriteData *
write_data_new (KdCustomersPage *self,
                DescribeFunc     describe,
                const char      *what,
                guint            n_asked)
{
  WriteData *wd = g_new0 (WriteData, 1);

  wd->self = g_object_ref (self);
  wd->describe = describe;
  wd->what = g_strdup (what);
  wd->n_asked = n_asked;
  self->n_writing++;
  return wd;
}

static char *
describe_tagged (KdCustomerChange *change, gpointer data)
{
  WriteData *wd = data;
  guint n = kd_customer_change_get_n_changed (change);
  /* Translators: after a bulk tag; %u is how many customers got the tag, %s the tag */
  return g_strdup_printf (ngettext ("Tagged %u customer “%s”", "Tagged %u customers “%s”", n), n, wd->what);
}

static char *
describe_untagged (KdCustomerChange *change, gpointer data)
{
  WriteData *wd = data;
  guint n = kd_customer_change_get_n_changed (change);
  /* Translators: after a bulk untag; %s is the tag */
  return g_strdup_printf (ngettext ("Removed the tag “%s” from %u customer", "Removed the tag “%s” from %u customers", n), wd->what, n);
}

static char *
describe_owner (KdCustomerChange *change, gpointer data)
{
  WriteData *wd = data;
  guint n = kd_customer_change_get_n_changed (change);
  /* Translators: after "Set owner"; %s is a staff name or "nobody" */
  return g_strdup_printf (ngettext ("%u customer now belongs to %s", "%u customers now belong to %s", n), n, wd->what);
}

static char *
describe_deleted (KdCustomerChange *change, gpointer data)
{
  guint n = kd_customer_change_get_n_changed (change);
  return g_strdup_printf (ngettext ("Deleted %u customer", "Deleted %u customers", n), n);
}

static char *
describe_merged (KdCustomerChange *change, gpointer data)
{
  WriteData *wd = data;
  KdCustomer *kept = kd_customer_change_get_customer (change);
  /* Translators: after merging two profiles; the removed and the kept nickname */
  return g_strdup_printf (_("Merged “%s” into “%s”"), wd->what, kept ? kept->nickname : "");
}

static void
bulk_tag (KdCustomersPage *self,
          gint64           tag_id,
          gboolean         add)
{
  g_autoptr(GArray) ids = selected_ids (self);
  KdTag *tag = kd_customer_service_lookup_tag (service (self), tag_id);

  if (ids->len == 0 || tag == NULL)
    return;
  kd_customer_service_tag_async (service (self), (const gint64 *) ids->data, ids->len, tag_id, add, cancellable (self),
                                 write_done, write_data_new (self, add ? describe_tagged : describe_untagged,
                                                             kd_tag_get_name (tag), ids->len));
}

static void
tag_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  bulk_tag (KD_CUSTOMERS_PAGE (widget), g_variant_get_int64 (param), TRUE);
}

static void
untag_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  bulk_tag (KD_CUSTOMERS_PAGE (widget), g_variant_get_int64 (param), FALSE);
}

static void
set_owner_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  KdCustomersPage *self = KD_CUSTOMERS_PAGE (widget);
  g_autoptr(GArray) ids = selected_ids (self);
  gint64 owner_id = g_variant_get_int64 (param);
  const char *owner_name = _("nobody");

  if (ids->len == 0)
    return;
  for (guint i = 0; self->staff && i < self->staff->len; i++)
    if (kd_staff_get_id (g_ptr_array_index (self->staff, i)) == owner_id)
      owner_name = kd_staff_get_name (g_ptr_array_index (self->staff, i));
  kd_customer_service_set_owner_async (service (self), (const gint64 *) ids->data, ids->len, owner_id, cancellable (self),
                                       write_done, write_data_new (self, describe_owner, owner_name, ids->len));
}

static void
delete_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  KdCustomersPage *self = KD_CUSTOMERS_PAGE (widget);
  g_autoptr(GArray) ids = selected_ids (self);

  if (ids->len == 0)
    return;
  kd_customer_service_delete_async (service (self), (const gint64 *) ids->data, ids->len, cancellable (self),
                                    write_done, write_data_new (self, describe_deleted, NULL, ids->len));
}

static void
undo_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(KdCustomersPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KdCustomerChange) change = kd_customer_service_write_finish (KD_CUSTOMER_SERVICE (source), result, &error);

  self->n_writing--;
  if (change == NULL)
    show_error (self, error);
  else
    show_toast (self, kd_toast_new (_("Undone")), _("Undone"));
  update_state (self);
}

static void
undo_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  KdCustomersPage *self = KD_CUSTOMERS_PAGE (widget);
  g_autoptr(KdCustomerChange) change = g_steal_pointer (&self->last_change);

  if (change == NULL)
    return;
  if (self->undo_toast != NULL)
    adw_toast_dismiss (self->undo_toast);
  self->n_writing++;
  kd_customer_service_undo_async (service (self), change, cancellable (self), undo_done, g_object_ref (self));
  update_state (self);
}

/* ---------------------------------------------------------------- choosers */

typedef struct {
  KdCustomersPage *self;
  GtkDropDown     *drop_down;
  GtkEditable     *new_name;     /* the tag chooser's "new tag" entry */
  gboolean         add;
} ChooseData;

static void
choose_data_free (ChooseData *cd)
{
  g_clear_object (&cd->self);
  g_free (cd);
}

static void
on_tag_chosen (AdwMessageDialog *dialog,
               const char       *response,
               ChooseData       *cd)
{
  KdCustomersPage *self = cd->self;
  g_autoptr(KdTag) tag = NULL;
  g_autofree char *name = NULL;

  if (g_strcmp0 (response, "apply") != 0)
    return;
  name = cd->new_name ? g_strstrip (g_strdup (gtk_editable_get_text (cd->new_name))) : g_strdup ("");
  if (*name != '\0')
    {
      g_autoptr(KdTag) fresh = kd_tag_new (name, (int) (g_list_model_get_n_items (self->tags) % KD_TAG_N_COLOURS));
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) ids = selected_ids (self);

      if (!kd_tag_validate (fresh, &error))
        {
          show_error (self, error);
          return;
        }
      if (ids->len == 0)
        return;
      /* Made and given in one write, so that Undo takes the new tag away too. */
      kd_customer_service_tag_new_async (service (self), (const gint64 *) ids->data, ids->len, fresh, cancellable (self),
                                         write_done, write_data_new (self, describe_tagged, name, ids->len));
      return;
    }
  tag = gtk_drop_down_get_selected_item (cd->drop_down) ? g_object_ref (gtk_drop_down_get_selected_item (cd->drop_down)) : NULL;
  if (tag != NULL)
    bulk_tag (self, kd_tag_get_id (tag), cd->add);
}

static GtkWidget *
message_dialog (KdCustomersPage *self,
                const char      *heading,
                const char      *body,
                const char      *apply_label)
{
  GtkWidget *dialog = adw_message_dialog_new (parent_window (self), heading, body);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "apply", apply_label, NULL);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "apply");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "apply", ADW_RESPONSE_SUGGESTED);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  return dialog;
}

static void
choose_tag (KdCustomersPage *self,
            gboolean         add)
{
  guint n = n_selected (self);
  g_autofree char *heading = add ? g_strdup_printf (ngettext ("Tag %u Customer", "Tag %u Customers", n), n)
                                 : g_strdup_printf (ngettext ("Untag %u Customer", "Untag %u Customers", n), n);
  GtkWidget *dialog = message_dialog (self, heading, NULL, add ? _("_Tag") : _("_Untag"));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  g_autoptr(GtkExpression) expr = gtk_property_expression_new (KD_TYPE_TAG, NULL, "name");
  GtkWidget *drop_down = gtk_drop_down_new (g_object_ref (self->tags), g_steal_pointer (&expr));
  ChooseData *cd = g_new0 (ChooseData, 1);

  gtk_drop_down_set_enable_search (GTK_DROP_DOWN (drop_down), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (drop_down), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Tag"), -1);
  gtk_box_append (GTK_BOX (box), drop_down);
  cd->self = g_object_ref (self);
  cd->drop_down = GTK_DROP_DOWN (drop_down);
  cd->add = add;
  if (add)
    {
      GtkWidget *entry = gtk_entry_new ();
      gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Or a new tag"));
      gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
      gtk_entry_set_max_length (GTK_ENTRY (entry), KD_TAG_NAME_MAX);
      gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("New tag name"), -1);
      gtk_box_append (GTK_BOX (box), entry);
      cd->new_name = GTK_EDITABLE (entry);
    }
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_tag_chosen), cd,
                         (GClosureNotify) (void (*) (void)) choose_data_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
tag_selected_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  choose_tag (KD_CUSTOMERS_PAGE (widget), TRUE);
}

static void
untag_selected_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  choose_tag (KD_CUSTOMERS_PAGE (widget), FALSE);
}

static void
on_owner_chosen (AdwMessageDialog *dialog,
                 const char       *response,
                 ChooseData       *cd)
{
  KdCustomersPage *self = cd->self;
  guint pos = gtk_drop_down_get_selected (cd->drop_down);
  gint64 owner_id = 0;

  if (g_strcmp0 (response, "apply") != 0)
    return;
  if (pos > 0 && pos != GTK_INVALID_LIST_POSITION && self->staff && pos - 1 < self->staff->len)
    owner_id = kd_staff_get_id (g_ptr_array_index (self->staff, pos - 1));
  gtk_widget_activate_action (GTK_WIDGET (self), "customers.set-owner", "x", owner_id);
}

static void
owner_selected_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  KdCustomersPage *self = KD_CUSTOMERS_PAGE (widget);
  guint n = n_selected (self);
  g_autofree char *heading = g_strdup_printf (ngettext ("Set the Owner of %u Customer", "Set the Owner of %u Customers", n), n);
  GtkWidget *dialog = message_dialog (self, heading, _("The agent who looks after these buyers."), _("_Set Owner"));
  g_autoptr(GtkStringList) names = staff_names (self, _("Nobody"));
  GtkWidget *drop_down = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&names)), NULL);
  ChooseData *cd = g_new0 (ChooseData, 1);

  gtk_accessible_update_property (GTK_ACCESSIBLE (drop_down), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Agent in Charge"), -1);
  cd->self = g_object_ref (self);
  cd->drop_down = GTK_DROP_DOWN (drop_down);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), drop_down);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_owner_chosen), cd,
                         (GClosureNotify) (void (*) (void)) choose_data_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---------------------------------------------------------------- merge */

typedef struct {
  KdCustomersPage *self;
  KdCustomer      *a;
  KdCustomer      *b;
  GtkCheckButton  *keep_a;
  GtkLabel        *moves;
} MergeData;

static void
merge_data_free (MergeData *md)
{
  g_clear_object (&md->self);
  g_clear_object (&md->a);
  g_clear_object (&md->b);
  g_free (md);
}

static void
update_merge_text (MergeData *md)
{
  gboolean keep_a = gtk_check_button_get_active (md->keep_a);
  KdCustomer *keep = keep_a ? md->a : md->b;
  KdCustomer *gone = keep_a ? md->b : md->a;
  guint n_tags = gone->tag_ids ? gone->tag_ids->len : 0;
  /* Translators: what a merge moves; the removed nickname, its numbers of orders and tags, the kept nickname */
  g_autofree char *text = g_strdup_printf (_("“%s” has %d orders and %u tags. Its tags, contacts, notes, orders, remarks "
                                             "and privacy-log rows move to “%s”, empty fields there take its values, "
                                             "and “%s” is deleted."),
                                           gone->nickname, gone->order_count, n_tags, keep->nickname, gone->nickname);
  gtk_label_set_text (md->moves, text);
}

static void
on_merge_response (AdwMessageDialog *dialog,
                   const char       *response,
                   MergeData        *md)
{
  KdCustomersPage *self = md->self;
  gboolean keep_a = gtk_check_button_get_active (md->keep_a);
  KdCustomer *keep = keep_a ? md->a : md->b;
  KdCustomer *gone = keep_a ? md->b : md->a;

  if (g_strcmp0 (response, "apply") != 0)
    return;
  kd_customer_service_merge_async (service (self), keep->id, gone->id, cancellable (self),
                                   write_done, write_data_new (self, describe_merged, gone->nickname, 2));
}

static void
merge_loaded (KdCustomersPage *self,
              KdCustomer      *a,
              KdCustomer      *b)
{
  GtkWidget *dialog = message_dialog (self, _("Merge Two Profiles"),
                                      _("Keep the profile the buyer uses now; the other one is folded into it."),
                                      _("_Merge"));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  g_autofree char *label_a = g_strdup_printf (_("Keep “%s”"), a->nickname);
  g_autofree char *label_b = g_strdup_printf (_("Keep “%s”"), b->nickname);
  GtkWidget *keep_a = gtk_check_button_new_with_label (label_a);
  GtkWidget *keep_b = gtk_check_button_new_with_label (label_b);
  GtkWidget *moves = gtk_label_new (NULL);
  MergeData *md = g_new0 (MergeData, 1);

  gtk_check_button_set_group (GTK_CHECK_BUTTON (keep_b), GTK_CHECK_BUTTON (keep_a));
  /* The one with more history is the likely keeper. */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (a->order_count >= b->order_count ? keep_a : keep_b), TRUE);
  gtk_label_set_wrap (GTK_LABEL (moves), TRUE);
  gtk_label_set_xalign (GTK_LABEL (moves), 0);
  gtk_label_set_max_width_chars (GTK_LABEL (moves), 40);
  gtk_widget_add_css_class (moves, "dim-label");
  gtk_box_append (GTK_BOX (box), keep_a);
  gtk_box_append (GTK_BOX (box), keep_b);
  gtk_box_append (GTK_BOX (box), moves);

  md->self = g_object_ref (self);
  md->a = g_object_ref (a);
  md->b = g_object_ref (b);
  md->keep_a = GTK_CHECK_BUTTON (keep_a);
  md->moves = GTK_LABEL (moves);
  update_merge_text (md);
  g_signal_connect_swapped (keep_a, "toggled", G_CALLBACK (update_merge_text), md);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "apply", ADW_RESPONSE_DESTRUCTIVE);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_merge_response), md,
                         (GClosureNotify) (void (*) (void)) merge_data_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
merge_selected_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  KdCustomersPage *self = KD_CUSTOMERS_PAGE (widget);
  g_autoptr(GArray) ids = selected_ids (self);
  g_autoptr(GtkBitset) set = NULL;
  g_autoptr(KdCustomer) a = NULL;
  g_autoptr(KdCustomer) b = NULL;

  if (ids->len != 2)
    return;
  set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  /* Selected rows are on screen, so their pages are in. */
  a = g_list_model_get_item (G_LIST_MODEL (self->selection), gtk_bitset_get_minimum (set));
  b = g_list_model_get_item (G_LIST_MODEL (self->selection), gtk_bitset_get_maximum (set));
  if (a == NULL || b == NULL || a->id == 0 || b->id == 0)
    return;
  merge_loaded (self, a, b);
}

/* ---------------------------------------------------------------- editor */

static void
on_editor_saved (KdCustomerEditor *editor,
                 KdCustomerChange *change,
                 KdCustomersPage  *self)
{
  KdCustomer *saved = kd_customer_change_get_customer (change);
  /* Translators: after saving a profile; %s is the nickname */
  g_autofree char *text = g_strdup_printf (_("Saved “%s”"), saved ? saved->nickname : "");

  remember_change (self, change, text);
  if (saved != NULL)
    {
      gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
      self->select_id = saved->id;
      select_when_ready (self);
    }
}

static void
open_editor (KdCustomersPage *self,
             gint64           id)
{
  KdCustomerEditor *editor;

  if (self->context == NULL)
    return;
  if (self->editor != NULL)
    gtk_window_destroy (GTK_WINDOW (self->editor));
  editor = kd_customer_editor_new (self->context, id);
  if (parent_window (self) != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (editor), parent_window (self));
  g_signal_connect_object (editor, "saved", G_CALLBACK (on_editor_saved), self, 0);
  g_set_weak_pointer (&self->editor, editor);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
new_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  open_editor (KD_CUSTOMERS_PAGE (widget), 0);
}

static void
edit_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  KdCustomersPage *self = KD_CUSTOMERS_PAGE (widget);
  g_autoptr(KdCustomer) customer = first_selected (self);

  if (customer != NULL && customer->id > 0)
    open_editor (self, customer->id);
}

static void
open_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  gint64 id = g_variant_get_int64 (param);

  if (id > 0)
    open_editor (KD_CUSTOMERS_PAGE (widget), id);
}

static void
on_row_activated (GtkColumnView   *view,
                  guint            position,
                  KdCustomersPage *self)
{
  gint64 id = self->model ? kd_query_model_get_id (self->model, position) : 0;

  if (id > 0)
    open_editor (self, id);
}

static void
select_all_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  KdCustomersPage *self = KD_CUSTOMERS_PAGE (widget);
  gtk_selection_model_select_all (GTK_SELECTION_MODEL (self->selection));
}

/* ---------------------------------------------------------------- tags */

static void
on_tags_edited (KdCustomersPage *self)
{
  /* A renamed or recoloured tag: the rows re-read show it. */
  if (self->model != NULL)
    kd_query_model_refresh (self->model);
}

static void
manage_tags_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  KdCustomersPage *self = KD_CUSTOMERS_PAGE (widget);
  KdTagManager *manager;

  if (self->tag_manager != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->tag_manager));
      return;
    }
  manager = kd_tag_manager_new (self->context);
  if (parent_window (self) != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (manager), parent_window (self));
  g_signal_connect_object (manager, "tags-edited", G_CALLBACK (on_tags_edited), self, G_CONNECT_SWAPPED);
  g_set_weak_pointer (&self->tag_manager, manager);
  gtk_window_present (GTK_WINDOW (manager));
}

/* ---------------------------------------------------------------- import / export */

static void
import_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(KdCustomersPage) self = user_data;
  g_autoptr(GError) error = NULL;
  KdCustomerImportCounts counts = { 0 };
  g_autofree char *text = NULL;

  self->n_running--;
  update_state (self);
  if (!kd_customer_service_import_finish (KD_CUSTOMER_SERVICE (source), result, &counts, &error))
    {
      GtkWidget *dialog;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* One clear message naming the file and line; nothing was imported. */
      dialog = adw_message_dialog_new (parent_window (self), _("Nothing Was Imported"), error->message);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
      g_free (self->last_toast);
      self->last_toast = g_strdup (error->message);
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }
  /* Translators: after a customer import */
  text = g_strdup_printf (_("Imported customers: %u added, %u updated"), counts.added, counts.updated);
  show_toast (self, kd_toast_new (text), text);
}

void
_kd_customers_page_import_from (KdCustomersPage *self,
                                const char      *path)
{
  self->n_running++;
  update_state (self);
  kd_customer_service_import_async (service (self), path, cancellable (self), import_done, g_object_ref (self));
}

static void
on_import_response (GtkNativeDialog *chooser,
                    int              response,
                    KdCustomersPage *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);

      _kd_customers_page_import_from (self, path);
    }
  g_object_unref (chooser);
}

static void
import_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  KdCustomersPage *self = KD_CUSTOMERS_PAGE (widget);
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (_("Import Customers"), parent_window (self),
                                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), _("_Cancel"));
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Customer files (CSV)"));
  gtk_file_filter_add_pattern (filter, "*.csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_unref (filter);
  g_signal_connect (chooser, "response", G_CALLBACK (on_import_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
export_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(KdCustomersPage) self = user_data;
  g_autoptr(GError) error = NULL;
  guint n = 0;
  g_autofree char *text = NULL;

  self->n_running--;
  update_state (self);
  if (!kd_customer_service_export_finish (KD_CUSTOMER_SERVICE (source), result, &n, &error))
    {
      show_error (self, error);
      return;
    }
  /* Translators: after an export; it is written to the privacy log */
  text = g_strdup_printf (ngettext ("Exported %u customer (noted in the privacy log)",
                                    "Exported %u customers (noted in the privacy log)", n), n);
  show_toast (self, kd_toast_new (text), text);
}

/* The filtered list as it is now, in its order. */
static GArray *
listed_ids (KdCustomersPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  GArray *ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);

  for (guint i = 0; i < n; i++)
    {
      gint64 id = kd_query_model_get_id (self->model, i);
      if (id > 0)
        g_array_append_val (ids, id);
    }
  return ids;
}

void
_kd_customers_page_export_to (KdCustomersPage *self,
                              const char      *path)
{
  g_autoptr(GArray) ids = listed_ids (self);

  self->n_running++;
  update_state (self);
  kd_customer_service_export_async (service (self), path, ids, cancellable (self), export_done, g_object_ref (self));
}

static void
on_export_response (GtkNativeDialog *chooser,
                    int              response,
                    KdCustomersPage *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);

      /* The chooser has asked before replacing a file; the service
       * refuses to write over one. */
      if (g_file_query_exists (file, NULL))
        g_file_delete (file, NULL, NULL);
      _kd_customers_page_export_to (self, path);
    }
  g_object_unref (chooser);
}

static void
export_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  KdCustomersPage *self = KD_CUSTOMERS_PAGE (widget);
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (_("Export the Customer List"), parent_window (self),
                                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));

  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("customers.csv"));
  g_signal_connect (chooser, "response", G_CALLBACK (on_export_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---------------------------------------------------------------- context */

static void
set_context (KdCustomersPage *self,
             KdContext       *context)
{
  if (context == NULL || context == self->context)
    return;
  g_return_if_fail (self->context == NULL);

  self->context = g_object_ref (context);
  self->model = kd_customer_service_create_model (service (self));
  self->tags = g_object_ref (kd_customer_service_get_tags (service (self)));
  build_columns (self);
  gtk_multi_selection_set_model (self->selection, G_LIST_MODEL (self->model));
  kd_columns_bind_sort (self->column_view, self->model);
  g_signal_connect_object (self->model, "notify::loading", G_CALLBACK (on_model_loading), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->tags, "items-changed", G_CALLBACK (on_tags_changed), self, G_CONNECT_SWAPPED);
  load_staff (self);
  rebuild_tag_checks (self);
  on_filter_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_CONTEXT]);
}

GtkWidget *
_kd_customers_page_get_search_entry (KdCustomersPage *self)
{
  return GTK_WIDGET (self->search_entry);
}

gboolean
_kd_customers_page_shows_full_phones (KdCustomersPage *self)
{
  return gtk_column_view_column_get_visible (self->full_phone_column) &&
         !gtk_column_view_column_get_visible (self->phone_column);
}

GtkSelectionModel *
_kd_customers_page_get_selection (KdCustomersPage *self)
{
  return GTK_SELECTION_MODEL (self->selection);
}

KdQueryModel *
_kd_customers_page_get_model (KdCustomersPage *self)
{
  return self->model;
}

gboolean
_kd_customers_page_is_busy (KdCustomersPage *self)
{
  return self->model == NULL || kd_query_model_get_loading (self->model) || self->select_id != 0 ||
         self->n_running > 0 || self->n_writing > 0;
}

const char *
_kd_customers_page_get_count_text (KdCustomersPage *self)
{
  return gtk_label_get_text (self->count_label);
}

const char *
_kd_customers_page_get_state (KdCustomersPage *self)
{
  return gtk_stack_get_visible_child_name (self->content_stack);
}

KdCustomerEditor *
_kd_customers_page_get_editor (KdCustomersPage *self)
{
  return self->editor;
}

GtkWidget *
_kd_customers_page_get_tag_checks (KdCustomersPage *self)
{
  return GTK_WIDGET (self->tag_checks);
}

const char *
_kd_customers_page_get_last_toast (KdCustomersPage *self)
{
  return self->last_toast;
}

/* ---------------------------------------------------------------- GObject */

static void
kd_customers_page_dispose (GObject *object)
{
  KdCustomersPage *self = KD_CUSTOMERS_PAGE (object);

  if (self->editor != NULL)
    gtk_window_destroy (GTK_WINDOW (self->editor));
  if (self->tag_manager != NULL)
    gtk_window_destroy (GTK_WINDOW (self->tag_manager));
  g_clear_weak_pointer (&self->editor);
  g_clear_weak_pointer (&self->tag_manager);
  g_clear_weak_pointer (&self->undo_toast);
  gtk_widget_dispose_template (GTK_WIDGET (self), KD_TYPE_CUSTOMERS_PAGE);
  g_clear_pointer (&self->last_change, kd_customer_change_unref);
  g_clear_pointer (&self->staff, g_ptr_array_unref);
  g_clear_pointer (&self->last_toast, g_free);
  /* The model may outlive the page (a page read on its way holds it). */
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  if (self->tags != NULL)
    g_signal_handlers_disconnect_by_data (self->tags, self);
  g_clear_object (&self->model);
  g_clear_object (&self->tags);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (kd_customers_page_parent_class)->dispose (object);
}

static void
kd_customers_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, KD_CUSTOMERS_PAGE (object)->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kd_customers_page_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_CONTEXT:
      set_context (KD_CUSTOMERS_PAGE (object), g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kd_customers_page_class_init (KdCustomersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kd_customers_page_dispose;
  object_class->get_property = kd_customers_page_get_property;
  object_class->set_property = kd_customers_page_set_property;

  /* Set once, by the window, right after the template builds the page. */
  props[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, KD_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, props);

  g_type_ensure (KD_TYPE_CUSTOMER);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/customers/kd-customers-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KdCustomersPage, box);
  gtk_widget_class_bind_template_child (widget_class, KdCustomersPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, KdCustomersPage, busy_spinner);
  gtk_widget_class_bind_template_child (widget_class, KdCustomersPage, tags_button);
  gtk_widget_class_bind_template_child (widget_class, KdCustomersPage, match_all_button);
  gtk_widget_class_bind_template_child (widget_class, KdCustomersPage, match_any_button);
  gtk_widget_class_bind_template_child (widget_class, KdCustomersPage, tag_checks);
  gtk_widget_class_bind_template_child (widget_class, KdCustomersPage, vip_filter);
  gtk_widget_class_bind_template_child (widget_class, KdCustomersPage, style_filter);
  gtk_widget_class_bind_template_child (widget_class, KdCustomersPage, buying_filter);
  gtk_widget_class_bind_template_child (widget_class, KdCustomersPage, owner_filter);
  gtk_widget_class_bind_template_child (widget_class, KdCustomersPage, blacklist_filter);
  gtk_widget_class_bind_template_child (widget_class, KdCustomersPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, KdCustomersPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, KdCustomersPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, KdCustomersPage, selection);
  gtk_widget_class_bind_template_child (widget_class, KdCustomersPage, action_revealer);
  gtk_widget_class_bind_template_child (widget_class, KdCustomersPage, selected_label);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_selection_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_tag_filter_changed);

  gtk_widget_class_install_action (widget_class, "customers.new", NULL, new_activated);
  gtk_widget_class_install_action (widget_class, "customers.edit", NULL, edit_activated);
  /* A profile by its id (an order's buyer, from the Orders page). */
  gtk_widget_class_install_action (widget_class, "customers.open", "x", open_activated);
  gtk_widget_class_install_action (widget_class, "customers.delete", NULL, delete_activated);
  gtk_widget_class_install_action (widget_class, "customers.undo", NULL, undo_activated);
  gtk_widget_class_install_action (widget_class, "customers.find", NULL, find_activated);
  gtk_widget_class_install_action (widget_class, "customers.search", "s", search_activated);
  gtk_widget_class_install_action (widget_class, "customers.select-all", NULL, select_all_activated);
  /* With a tag or staff id: what tests and the choosers below call. */
  gtk_widget_class_install_action (widget_class, "customers.tag", "x", tag_activated);
  gtk_widget_class_install_action (widget_class, "customers.untag", "x", untag_activated);
  gtk_widget_class_install_action (widget_class, "customers.set-owner", "x", set_owner_activated);
  gtk_widget_class_install_action (widget_class, "customers.tag-selected", NULL, tag_selected_activated);
  gtk_widget_class_install_action (widget_class, "customers.untag-selected", NULL, untag_selected_activated);
  gtk_widget_class_install_action (widget_class, "customers.owner-selected", NULL, owner_selected_activated);
  gtk_widget_class_install_action (widget_class, "customers.merge-selected", NULL, merge_selected_activated);
  gtk_widget_class_install_action (widget_class, "customers.manage-tags", NULL, manage_tags_activated);
  gtk_widget_class_install_action (widget_class, "customers.clear-tag-filter", NULL, clear_tag_filter_activated);
  gtk_widget_class_install_action (widget_class, "customers.clear-filters", NULL, clear_filters_activated);
  gtk_widget_class_install_action (widget_class, "customers.import", NULL, import_activated);
  gtk_widget_class_install_action (widget_class, "customers.export", NULL, export_activated);
}

/* As on the other pages: the window manages these while the page is
 * shown; a focused entry still gets its own Ctrl+A and Ctrl+Z first.
 * Delete and Ctrl+E stay on the list itself. */
static void
add_page_shortcuts (KdCustomersPage *self)
{
  static const struct { guint key; const char *action; } shortcuts[] = {
    { GDK_KEY_n, "customers.new" },
    { GDK_KEY_f, "customers.find" },
    { GDK_KEY_z, "customers.undo" },
    { GDK_KEY_a, "customers.select-all" },
    { GDK_KEY_e, "customers.edit" },
  };
  GtkEventController *controller = gtk_shortcut_controller_new ();

  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (controller), GTK_SHORTCUT_SCOPE_MANAGED);
  for (guint i = 0; i < G_N_ELEMENTS (shortcuts); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (shortcuts[i].key, GDK_CONTROL_MASK),
                                                            gtk_named_action_new (shortcuts[i].action)));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Delete, 0),
                                                          gtk_named_action_new ("customers.delete")));
  gtk_widget_add_controller (GTK_WIDGET (self->column_view), controller);
}

static void
kd_customers_page_init (KdCustomersPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  fill_filter_models (self);
  add_page_shortcuts (self);
  update_state (self);
}
