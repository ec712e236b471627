/* kd-customer-editor-form.c: the profile window's form: one helper call a field, the form filled from and read into a KdCustomer, every field checked by core as you type. */
#include "kd-customer-editor-internal.h"
#include "kd-error.h"
#include "kd-tag-pills.h"
#include "kd-text.h"
#include "kd-toast.h"

#include <glib/gi18n.h>

/* ---------------------------------------------------------------- building the form */

static void
on_field_changed (KdCustomerEditor *self)
{
  if (!self->filling)
    _kd_customer_editor_validate (self);
}

static AdwPreferencesGroup *
add_group (KdCustomerEditor *self,
           const char       *title)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  gtk_box_append (self->form, group);
  return ADW_PREFERENCES_GROUP (group);
}

/* A message line under @group's rows, shown while its field is refused. */
static GtkLabel *
add_error (AdwPreferencesGroup *group)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_add_css_class (label, "error");
  gtk_widget_set_visible (label, FALSE);
  adw_preferences_group_add (group, label);
  return GTK_LABEL (label);
}

static AdwEntryRow *
add_entry (KdCustomerEditor    *self,
           AdwPreferencesGroup *group,
           const char          *title,
           int                  max_length)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_entry_row_set_activates_default (ADW_ENTRY_ROW (row), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  if (max_length > 0)
    gtk_editable_set_max_width_chars (GTK_EDITABLE (row), max_length);
  g_signal_connect_swapped (row, "changed", G_CALLBACK (on_field_changed), self);
  adw_preferences_group_add (group, row);
  return ADW_ENTRY_ROW (row);
}

static GtkSpinButton *
add_spin (KdCustomerEditor    *self,
          AdwPreferencesGroup *group,
          const char          *title,
          const char          *subtitle,
          double               upper)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (0, upper, 1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  g_signal_connect_swapped (spin, "value-changed", G_CALLBACK (on_field_changed), self);
  adw_preferences_group_add (group, row);
  return GTK_SPIN_BUTTON (spin);
}

static AdwComboRow *
add_combo (KdCustomerEditor    *self,
           AdwPreferencesGroup *group,
           const char          *title,
           GtkStringList       *choices)
{
  GtkWidget *row = adw_combo_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (choices));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  g_signal_connect_swapped (row, "notify::selected", G_CALLBACK (on_field_changed), self);
  adw_preferences_group_add (group, row);
  return ADW_COMBO_ROW (row);
}

static GtkTextView *
add_text_view (KdCustomerEditor *self,
               GtkWidget        *parent,
               const char       *label)
{
  GtkWidget *view = gtk_text_view_new ();

  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 8);
  gtk_widget_set_size_request (view, -1, 72);
  gtk_widget_add_css_class (view, "card");
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_signal_connect_swapped (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), "changed", G_CALLBACK (on_field_changed), self);
  if (GTK_IS_BOX (parent))
    gtk_box_append (GTK_BOX (parent), view);
  else if (ADW_IS_PREFERENCES_GROUP (parent))
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (parent), view);
  return GTK_TEXT_VIEW (view);
}

char *
_kd_customer_editor_view_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* A contact list: masked lines, or (revealed, or a new customer) a text
 * view with one per line, the first the default. */
static GtkStack *
add_contacts (KdCustomerEditor *self,
              GtkWidget        *box,
              const char       *heading,
              GtkLabel        **masked,
              GtkTextView     **view,
              GtkLabel        **error)
{
  GtkWidget *title = gtk_label_new (heading);
  GtkWidget *stack = gtk_stack_new ();
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *edit_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *hint = gtk_label_new (_("One per line; the first is the default."));
  GtkWidget *err = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (box), title);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), FALSE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL, heading, -1);
  gtk_stack_add_named (GTK_STACK (stack), label, "masked");
  gtk_label_set_xalign (GTK_LABEL (hint), 0);
  gtk_widget_add_css_class (hint, "dim-label");
  gtk_widget_add_css_class (hint, "caption");
  *view = add_text_view (self, edit_box, heading);
  gtk_box_append (GTK_BOX (edit_box), hint);
  gtk_stack_add_named (GTK_STACK (stack), edit_box, "edit");
  gtk_stack_set_vhomogeneous (GTK_STACK (stack), FALSE);
  gtk_box_append (GTK_BOX (box), stack);

  gtk_label_set_xalign (GTK_LABEL (err), 0);
  gtk_label_set_wrap (GTK_LABEL (err), TRUE);
  gtk_widget_add_css_class (err, "error");
  gtk_widget_set_visible (err, FALSE);
  gtk_box_append (GTK_BOX (box), err);

  *masked = GTK_LABEL (label);
  *error = GTK_LABEL (err);
  return GTK_STACK (stack);
}

static GtkStringList *
enum_labels (int          n,
             const char *(*label) (int))
{
  GtkStringList *list = gtk_string_list_new (NULL);

  for (int i = 0; i < n; i++)
    gtk_string_list_append (list, label (i));
  return list;
}

static const char *gender_label (int i) { return kd_gender_get_label ((KdGender) i); }
static const char *style_label (int i) { return kd_comm_style_get_label ((KdCommStyle) i); }
static const char *buying_label (int i) { return kd_buying_type_get_label ((KdBuyingType) i); }

static void
update_hints (KdCustomerEditor *self)
{
  guint style = adw_combo_row_get_selected (self->style_row);
  guint buying = adw_combo_row_get_selected (self->buying_row);

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->style_row),
                               style > 0 && style < KD_N_COMM_STYLES ? kd_comm_style_get_hint ((KdCommStyle) style) : "");
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->buying_row),
                               buying > 0 && buying < KD_N_BUYING_TYPES ? kd_buying_type_get_hint ((KdBuyingType) buying) : "");
}

void
_kd_customer_editor_build_form (KdCustomerEditor *self)
{
  AdwPreferencesGroup *g;
  GtkWidget *box, *row, *add_button;
  g_autoptr(GtkStringList) genders = enum_labels (KD_GENDER_MALE + 1, gender_label);
  g_autoptr(GtkStringList) styles = enum_labels (KD_N_COMM_STYLES, style_label);
  g_autoptr(GtkStringList) buying = enum_labels (KD_N_BUYING_TYPES, buying_label);
  g_autoptr(GtkStringList) owners = gtk_string_list_new (NULL);
  g_autoptr(GtkExpression) tag_name = NULL;

  g = add_group (self, _("Profile"));
  self->nickname_row = add_entry (self, g, _("Buyer nickname (旺旺)"), KD_CUSTOMER_NICKNAME_MAX);
  g_signal_connect_swapped (self->nickname_row, "changed", G_CALLBACK (_kd_customer_editor_on_nickname_changed), self);
  self->real_name_row = add_entry (self, g, _("Real name"), KD_CUSTOMER_NAME_MAX);
  self->gender_row = add_combo (self, g, _("Gender"), genders);
  self->birthday_row = add_entry (self, g, _("Birthday (YYYY-MM-DD)"), 10);
  self->vip_spin = add_spin (self, g, _("VIP level"), _("0 is not a VIP; 5 is the best customers"), KD_CUSTOMER_VIP_MAX);
  self->first_contact_row = add_entry (self, g, _("First contact (YYYY-MM-DD)"), 10);
  self->owner_row = add_combo (self, g, _("Agent in charge"), owners);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->owner_row), _("The agent who looks after this buyer"));
  self->nickname_error = add_error (g);
  self->real_name_error = add_error (g);
  self->birthday_error = add_error (g);
  self->first_contact_error = add_error (g);

  g = add_group (self, _("Contacts"));
  adw_preferences_group_set_description (g, _("Masked on screen; Reveal shows them for this customer and writes it to the privacy log."));
  self->reveal_button = gtk_button_new_with_mnemonic (_("_Reveal"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->reveal_button), "editor.reveal");
  gtk_widget_set_valign (self->reveal_button, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->reveal_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Reveal phones and addresses"), -1);
  adw_preferences_group_set_header_suffix (g, self->reveal_button);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  self->phones_stack = add_contacts (self, box, _("Phones"), &self->phones_masked, &self->phones_view, &self->phones_error);
  self->addresses_stack = add_contacts (self, box, _("Addresses"), &self->addresses_masked, &self->addresses_view,
                                        &self->addresses_error);
  adw_preferences_group_add (g, box);

  g = add_group (self, _("Size"));
  self->height_spin = add_spin (self, g, _("Height (cm)"), _("0 when not known"), 250);
  self->weight_spin = add_spin (self, g, _("Weight (kg)"), _("0 when not known"), 300);
  self->size_row = add_entry (self, g, _("Usual size"), KD_CUSTOMER_SIZE_MAX);
  self->fit_row = add_entry (self, g, _("Fit notes"), 40);
  self->height_error = add_error (g);
  self->weight_error = add_error (g);
  self->size_error = add_error (g);
  self->fit_error = add_error (g);

  g = add_group (self, _("How to Serve"));
  self->style_row = add_combo (self, g, _("Communication style"), styles);
  self->buying_row = add_combo (self, g, _("Buying type"), buying);
  g_signal_connect_swapped (self->style_row, "notify::selected", G_CALLBACK (update_hints), self);
  g_signal_connect_swapped (self->buying_row, "notify::selected", G_CALLBACK (update_hints), self);

  g = add_group (self, _("Tags"));
  self->tag_box = GTK_FLOW_BOX (gtk_flow_box_new ());
  gtk_flow_box_set_selection_mode (self->tag_box, GTK_SELECTION_NONE);
  gtk_flow_box_set_max_children_per_line (self->tag_box, 8);
  gtk_flow_box_set_row_spacing (self->tag_box, 4);
  gtk_flow_box_set_column_spacing (self->tag_box, 4);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->tag_box), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Tags of this customer"), -1);
  adw_preferences_group_add (g, GTK_WIDGET (self->tag_box));
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_margin_top (box, 6);
  tag_name = gtk_property_expression_new (KD_TYPE_TAG, NULL, "name");
  self->tag_drop_down = GTK_DROP_DOWN (gtk_drop_down_new (NULL, g_steal_pointer (&tag_name)));
  gtk_drop_down_set_enable_search (self->tag_drop_down, TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->tag_drop_down), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->tag_drop_down), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Tag to add"), -1);
  add_button = gtk_button_new_with_mnemonic (_("_Add Tag"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (add_button), "editor.add-tag");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->tag_drop_down));
  gtk_box_append (GTK_BOX (box), add_button);
  adw_preferences_group_add (g, box);

  g = add_group (self, _("Notes"));
  self->notes_view = add_text_view (self, GTK_WIDGET (g), _("Notes"));
  self->notes_error = add_error (g);

  g = add_group (self, _("Blacklist"));
  row = adw_action_row_new ();
  self->blacklist_row = ADW_ACTION_ROW (row);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Blacklisted"));
  self->blacklist_switch = GTK_SWITCH (gtk_switch_new ());
  gtk_widget_set_valign (GTK_WIDGET (self->blacklist_switch), GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->blacklist_switch), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Blacklisted"), -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (self->blacklist_switch));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), GTK_WIDGET (self->blacklist_switch));
  g_signal_connect_swapped (self->blacklist_switch, "notify::active", G_CALLBACK (on_field_changed), self);
  adw_preferences_group_add (g, row);
  self->reason_row = add_entry (self, g, _("Reason"), 40);
  self->reason_error = add_error (g);

  g = add_group (self, _("Purchase History"));
  self->orders_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->orders_list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->orders_list), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->orders_list), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Orders of this customer"), -1);
  gtk_widget_set_visible (GTK_WIDGET (self->orders_list), FALSE);
  adw_preferences_group_add (g, GTK_WIDGET (self->orders_list));
  self->orders_empty = gtk_label_new (_("No orders yet. Orders imported from the Taobao order report appear here with their status and remark flags."));
  gtk_label_set_wrap (GTK_LABEL (self->orders_empty), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->orders_empty), 0);
  gtk_widget_add_css_class (self->orders_empty, "dim-label");
  adw_preferences_group_add (g, self->orders_empty);
}

/* ---------------------------------------------------------------- form ⇄ record */

static char *
masked_lines (GArray   *contacts,
              gboolean  phones)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; contacts && i < contacts->len; i++)
    {
      KdContact *c = &g_array_index (contacts, KdContact, i);
      g_autofree char *masked = phones ? kd_phone_mask (c->value) : kd_address_mask (c->value);

      if (s->len > 0)
        g_string_append_c (s, '\n');
      g_string_append (s, masked);
      if (c->is_default && contacts->len > 1)
        /* Translators: after the default phone or address in a list */
        g_string_append (s, _(" (default)"));
    }
  if (s->len == 0)
    g_string_append (s, _("None"));
  return g_string_free (s, FALSE);
}

void
_kd_customer_editor_show_contacts (KdCustomerEditor *self)
{
  gboolean editable = self->revealed || self->id == 0;
  g_autofree char *phones = masked_lines (self->customer->phones, TRUE);
  g_autofree char *addresses = masked_lines (self->customer->addresses, FALSE);

  gtk_label_set_text (self->phones_masked, phones);
  gtk_label_set_text (self->addresses_masked, addresses);
  gtk_stack_set_visible_child_name (self->phones_stack, editable ? "edit" : "masked");
  gtk_stack_set_visible_child_name (self->addresses_stack, editable ? "edit" : "masked");
  gtk_widget_set_visible (self->reveal_button, !editable);
  if (editable)
    {
      g_autofree char *p = kd_customer_dup_contacts_text (self->customer->phones);
      g_autofree char *a = kd_customer_dup_contacts_text (self->customer->addresses);

      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->phones_view), p, -1);
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->addresses_view), a, -1);
    }
}

static void
on_remove_tag_clicked (GtkButton        *button,
                       KdCustomerEditor *self)
{
  gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (button), "kd-tag-id");

  for (guint i = 0; i < self->tag_ids->len; i++)
    if (g_array_index (self->tag_ids, gint64, i) == id)
      {
        g_array_remove_index (self->tag_ids, i);
        break;
      }
  /* Rebuilt from an idle: this button is inside what is rebuilt. */
  gtk_widget_activate_action (GTK_WIDGET (self), "editor.refresh-tags", NULL);
}

static void
rebuild_tags (KdCustomerEditor *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->tag_box))) != NULL)
    gtk_flow_box_remove (self->tag_box, child);

  for (guint i = 0; i < self->tag_ids->len; i++)
    {
      gint64 id = g_array_index (self->tag_ids, gint64, i);
      KdTag *tag = kd_customer_service_lookup_tag (_kd_customer_editor_service (self), id);
      GtkWidget *pill, *label, *remove;
      g_autofree char *remove_label = NULL;

      if (tag == NULL)
        continue;
      pill = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 2);
      gtk_widget_set_halign (pill, GTK_ALIGN_START);
      label = gtk_label_new (kd_tag_get_name (tag));
      remove = gtk_button_new_from_icon_name ("window-close-symbolic");
      /* Translators: the small × on a tag pill in the profile */
      remove_label = g_strdup_printf (_("Remove the tag “%s”"), kd_tag_get_name (tag));
      gtk_widget_set_tooltip_text (remove, remove_label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label, -1);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_add_css_class (remove, "circular");
      gtk_widget_add_css_class (remove, "kd-tag-remove");
      g_object_set_data_full (G_OBJECT (remove), "kd-tag-id", g_memdup2 (&id, sizeof id), g_free);
      g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_tag_clicked), self);
      gtk_box_append (GTK_BOX (pill), label);
      gtk_box_append (GTK_BOX (pill), remove);
      kd_tag_pills_style_label (pill, kd_tag_get_colour (tag));
      gtk_flow_box_append (self->tag_box, pill);
    }
  if (self->tag_ids->len == 0)
    {
      GtkWidget *none = gtk_label_new (_("No tags"));
      gtk_widget_add_css_class (none, "dim-label");
      gtk_flow_box_append (self->tag_box, none);
    }
}

void
_kd_customer_editor_refresh_tags_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  rebuild_tags (KD_CUSTOMER_EDITOR (widget));
}

void
_kd_customer_editor_add_tag_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  KdCustomerEditor *self = KD_CUSTOMER_EDITOR (widget);
  KdTag *tag = gtk_drop_down_get_selected_item (self->tag_drop_down);
  gint64 id;

  if (tag == NULL)
    return;
  id = kd_tag_get_id (tag);
  for (guint i = 0; i < self->tag_ids->len; i++)
    if (g_array_index (self->tag_ids, gint64, i) == id)
      return;
  g_array_append_val (self->tag_ids, id);
  rebuild_tags (self);
}

static void
fill_owners (KdCustomerEditor *self,
             KdCustomer       *c)
{
  g_autoptr(GPtrArray) staff = kd_staff_service_list (kd_context_get_staff_service (self->context), TRUE, NULL);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  gint64 nobody = 0;
  guint selected = 0;

  g_array_set_size (self->owner_ids, 0);
  g_array_append_val (self->owner_ids, nobody);
  gtk_string_list_append (names, _("Nobody"));
  for (guint i = 0; staff && i < staff->len; i++)
    {
      KdStaff *s = g_ptr_array_index (staff, i);
      gint64 id = kd_staff_get_id (s);

      g_array_append_val (self->owner_ids, id);
      gtk_string_list_append (names, kd_staff_get_name (s));
      if (id == c->owner_id)
        selected = self->owner_ids->len - 1;
    }
  /* An owner who has left stays the owner until someone changes it. */
  if (c->owner_id > 0 && selected == 0)
    {
      g_array_append_val (self->owner_ids, c->owner_id);
      gtk_string_list_append (names, *c->owner_name ? c->owner_name : _("(former staff)"));
      selected = self->owner_ids->len - 1;
    }
  adw_combo_row_set_model (self->owner_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->owner_row, selected);
}

static void
update_blacklist_info (KdCustomerEditor *self)
{
  KdCustomer *c = self->customer;
  g_autofree char *banner = NULL;

  if (c->blacklisted && c->blacklisted_at > 0)
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (c->blacklisted_at);
      g_autofree char *date = when ? g_date_time_format (when, "%Y-%m-%d %H:%M") : g_strdup ("");
      /* Translators: under the blacklist switch; who blacklisted the buyer and when */
      g_autofree char *text = g_strdup_printf (_("By %s on %s"),
                                               *c->blacklisted_by_name ? c->blacklisted_by_name : _("nobody signed in"), date);
      adw_action_row_set_subtitle (self->blacklist_row, text);
    }
  else
    adw_action_row_set_subtitle (self->blacklist_row, _("Warns every agent who opens this profile"));

  if (c->blacklisted)
    /* Translators: the warning over a blacklisted buyer's profile; %s is the reason */
    banner = g_strdup_printf (_("This buyer is blacklisted: %s"), c->blacklist_reason);
  gtk_label_set_text (self->banner_label, banner ? banner : "");
  gtk_revealer_set_reveal_child (self->banner, c->blacklisted);
}

void
_kd_customer_editor_fill_form (KdCustomerEditor *self)
{
  KdCustomer *c = self->customer;
  g_autoptr(GString) title = g_string_new (NULL);

  self->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->nickname_row), c->nickname);
  gtk_editable_set_text (GTK_EDITABLE (self->real_name_row), c->real_name);
  adw_combo_row_set_selected (self->gender_row, (guint) c->gender);
  gtk_editable_set_text (GTK_EDITABLE (self->birthday_row), c->birthday);
  gtk_spin_button_set_value (self->vip_spin, c->vip);
  gtk_editable_set_text (GTK_EDITABLE (self->first_contact_row), c->first_contact);
  fill_owners (self, c);
  _kd_customer_editor_show_contacts (self);
  gtk_spin_button_set_value (self->height_spin, c->height_cm);
  gtk_spin_button_set_value (self->weight_spin, c->weight_kg);
  gtk_editable_set_text (GTK_EDITABLE (self->size_row), c->usual_size);
  gtk_editable_set_text (GTK_EDITABLE (self->fit_row), c->fit_notes);
  adw_combo_row_set_selected (self->style_row, (guint) c->comm_style);
  adw_combo_row_set_selected (self->buying_row, (guint) c->buying_type);
  gtk_switch_set_active (self->blacklist_switch, c->blacklisted);
  gtk_editable_set_text (GTK_EDITABLE (self->reason_row), c->blacklist_reason);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->notes_view), c->notes, -1);
  g_array_set_size (self->tag_ids, 0);
  if (c->tag_ids != NULL)
    g_array_append_vals (self->tag_ids, c->tag_ids->data, c->tag_ids->len);
  rebuild_tags (self);
  update_blacklist_info (self);
  update_hints (self);
  self->filling = FALSE;

  if (self->id == 0)
    g_string_append (title, _("New Customer"));
  else
    g_string_append (title, c->nickname);
  gtk_window_set_title (GTK_WINDOW (self), title->str);
  gtk_stack_set_visible_child_name (self->stack, "form");
  _kd_customer_editor_validate (self);
}

/* The form as a record, for core's rules and for saving. */
KdCustomer *
_kd_customer_editor_customer_from_form (KdCustomerEditor *self)
{
  KdCustomer *c = kd_customer_copy (self->customer);
  g_autofree char *nick = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->nickname_row))));
  g_autofree char *notes = _kd_customer_editor_view_text (self->notes_view);
  guint owner = adw_combo_row_get_selected (self->owner_row);

  kd_customer_set_text (&c->nickname, nick);
  kd_customer_set_text (&c->real_name, gtk_editable_get_text (GTK_EDITABLE (self->real_name_row)));
  c->gender = (KdGender) MIN (adw_combo_row_get_selected (self->gender_row), (guint) KD_GENDER_MALE);
  kd_customer_set_text (&c->birthday, gtk_editable_get_text (GTK_EDITABLE (self->birthday_row)));
  c->vip = gtk_spin_button_get_value_as_int (self->vip_spin);
  kd_customer_set_text (&c->first_contact, gtk_editable_get_text (GTK_EDITABLE (self->first_contact_row)));
  c->owner_id = owner < self->owner_ids->len ? g_array_index (self->owner_ids, gint64, owner) : 0;
  /* Unrevealed contacts stay as they are stored. */
  if (self->revealed || self->id == 0)
    {
      g_autofree char *phones = _kd_customer_editor_view_text (self->phones_view);
      g_autofree char *addresses = _kd_customer_editor_view_text (self->addresses_view);

      kd_customer_set_contacts_from_text (c->phones, phones);
      kd_customer_set_contacts_from_text (c->addresses, addresses);
    }
  c->height_cm = gtk_spin_button_get_value_as_int (self->height_spin);
  c->weight_kg = gtk_spin_button_get_value_as_int (self->weight_spin);
  kd_customer_set_text (&c->usual_size, gtk_editable_get_text (GTK_EDITABLE (self->size_row)));
  kd_customer_set_text (&c->fit_notes, gtk_editable_get_text (GTK_EDITABLE (self->fit_row)));
  c->comm_style = (KdCommStyle) MIN (adw_combo_row_get_selected (self->style_row), (guint) KD_N_COMM_STYLES - 1);
  c->buying_type = (KdBuyingType) MIN (adw_combo_row_get_selected (self->buying_row), (guint) KD_N_BUYING_TYPES - 1);
  c->blacklisted = gtk_switch_get_active (self->blacklist_switch);
  kd_customer_set_text (&c->blacklist_reason, gtk_editable_get_text (GTK_EDITABLE (self->reason_row)));
  kd_customer_set_text (&c->notes, notes);
  g_array_set_size (c->tag_ids, 0);
  g_array_append_vals (c->tag_ids, self->tag_ids->data, self->tag_ids->len);
  return c;
}

/* Shows core's message for @field under its group; TRUE when valid. */
static gboolean
check_field (KdCustomer      *c,
             KdCustomerField  field,
             GtkLabel        *label,
             GtkWidget       *widget,
             gboolean         show)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = kd_customer_validate_field (c, field, &error);

  gtk_label_set_text (label, ok ? "" : error->message);
  gtk_widget_set_visible (GTK_WIDGET (label), !ok && show);
  if (!ok && show)
    gtk_widget_add_css_class (widget, "error");
  else
    gtk_widget_remove_css_class (widget, "error");
  return ok;
}

void
_kd_customer_editor_validate (KdCustomerEditor *self)
{
  g_autoptr(KdCustomer) c = NULL;
  gboolean ok = TRUE;
  /* An empty nickname on a new profile is not an error yet, only not saveable. */
  gboolean typed = self->id > 0 || *gtk_editable_get_text (GTK_EDITABLE (self->nickname_row)) != '\0';

  if (self->customer == NULL)
    {
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save", FALSE);
      return;
    }
  c = _kd_customer_editor_customer_from_form (self);
  ok &= check_field (c, KD_CUSTOMER_FIELD_NICKNAME, self->nickname_error, GTK_WIDGET (self->nickname_row), typed);
  if (ok && self->nick_holder != NULL)
    {
      /* Translators: under the nickname while another profile has it */
      g_autofree char *text = g_strdup_printf (_("“%s” already has a profile; merge the two instead."), self->nick_holder);
      gtk_label_set_text (self->nickname_error, text);
      gtk_widget_set_visible (GTK_WIDGET (self->nickname_error), TRUE);
      gtk_widget_add_css_class (GTK_WIDGET (self->nickname_row), "error");
      ok = FALSE;
    }
  ok &= check_field (c, KD_CUSTOMER_FIELD_REAL_NAME, self->real_name_error, GTK_WIDGET (self->real_name_row), TRUE);
  ok &= check_field (c, KD_CUSTOMER_FIELD_BIRTHDAY, self->birthday_error, GTK_WIDGET (self->birthday_row), TRUE);
  ok &= check_field (c, KD_CUSTOMER_FIELD_FIRST_CONTACT, self->first_contact_error, GTK_WIDGET (self->first_contact_row), TRUE);
  ok &= check_field (c, KD_CUSTOMER_FIELD_PHONES, self->phones_error, GTK_WIDGET (self->phones_view), TRUE);
  ok &= check_field (c, KD_CUSTOMER_FIELD_ADDRESSES, self->addresses_error, GTK_WIDGET (self->addresses_view), TRUE);
  ok &= check_field (c, KD_CUSTOMER_FIELD_HEIGHT, self->height_error, GTK_WIDGET (self->height_spin), TRUE);
  ok &= check_field (c, KD_CUSTOMER_FIELD_WEIGHT, self->weight_error, GTK_WIDGET (self->weight_spin), TRUE);
  ok &= check_field (c, KD_CUSTOMER_FIELD_USUAL_SIZE, self->size_error, GTK_WIDGET (self->size_row), TRUE);
  ok &= check_field (c, KD_CUSTOMER_FIELD_FIT_NOTES, self->fit_error, GTK_WIDGET (self->fit_row), TRUE);
  ok &= check_field (c, KD_CUSTOMER_FIELD_NOTES, self->notes_error, GTK_WIDGET (self->notes_view), TRUE);
  ok &= check_field (c, KD_CUSTOMER_FIELD_BLACKLIST_REASON, self->reason_error, GTK_WIDGET (self->reason_row),
                     c->blacklisted);
  ok &= kd_customer_validate (c, NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->reason_row), c->blacklisted);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save",
                                 ok && typed && self->nick_check == NULL && self->n_busy == 0);
}
