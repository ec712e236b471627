/* kd-customers-page-actions.c: the bulk actions' choosers (tag, untag, set owner), merging two profiles, CSV import and export with their progress. */
#include "kd-customers-page-internal.h"
#include "kd-list-page.h"
#include "kd-columns.h"
#include "kd-customer-editor.h"
#include "kd-tag-manager.h"
#include "kd-tag-pills.h"
#include "kd-toast.h"
#include <glib/gi18n.h>

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
      g_autoptr(GArray) ids = _kd_customers_page_selected_ids (self);

      if (!kd_tag_validate (fresh, &error))
        {
          _kd_customers_page_show_error (self, error);
          return;
        }
      if (ids->len == 0)
        return;
      /* Made and given in one write, so that Undo takes the new tag away too. */
      kd_customer_service_tag_new_async (_kd_customers_page_service (self), (const gint64 *) ids->data, ids->len, fresh, _kd_customers_page_cancellable (self),
                                         _kd_customers_page_write_done, _kd_customers_page_write_data_new (self, _kd_customers_page_describe_tagged, name, ids->len));
      return;
    }
  tag = gtk_drop_down_get_selected_item (cd->drop_down) ? g_object_ref (gtk_drop_down_get_selected_item (cd->drop_down)) : NULL;
  if (tag != NULL)
    _kd_customers_page_bulk_tag (self, kd_tag_get_id (tag), cd->add);
}

static GtkWidget *
message_dialog (KdCustomersPage *self,
                const char      *heading,
                const char      *body,
                const char      *apply_label)
{
  GtkWidget *dialog = adw_message_dialog_new (_kd_customers_page_parent_window (self), heading, body);

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
  guint n = _kd_customers_page_n_selected (self);
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

void
_kd_customers_page_tag_selected_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  choose_tag (KD_CUSTOMERS_PAGE (widget), TRUE);
}

void
_kd_customers_page_untag_selected_activated (GtkWidget *widget, const char *name, GVariant *param)
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

void
_kd_customers_page_owner_selected_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  KdCustomersPage *self = KD_CUSTOMERS_PAGE (widget);
  guint n = _kd_customers_page_n_selected (self);
  g_autofree char *heading = g_strdup_printf (ngettext ("Set the Owner of %u Customer", "Set the Owner of %u Customers", n), n);
  GtkWidget *dialog = message_dialog (self, heading, _("The agent who looks after these buyers."), _("_Set Owner"));
  g_autoptr(GtkStringList) names = _kd_customers_page_staff_names (self, _("Nobody"));
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
  kd_customer_service_merge_async (_kd_customers_page_service (self), keep->id, gone->id, _kd_customers_page_cancellable (self),
                                   _kd_customers_page_write_done, _kd_customers_page_write_data_new (self, _kd_customers_page_describe_merged, gone->nickname, 2));
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

void
_kd_customers_page_merge_selected_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  KdCustomersPage *self = KD_CUSTOMERS_PAGE (widget);
  g_autoptr(GArray) ids = _kd_customers_page_selected_ids (self);
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
  _kd_customers_page_update_state (self);
  if (!kd_customer_service_import_finish (KD_CUSTOMER_SERVICE (source), result, &counts, &error))
    {
      GtkWidget *dialog;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* One clear message naming the file and line; nothing was imported. */
      dialog = adw_message_dialog_new (_kd_customers_page_parent_window (self), _("Nothing Was Imported"), error->message);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
      g_free (self->last_toast);
      self->last_toast = g_strdup (error->message);
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }
  /* Translators: after a customer import */
  text = g_strdup_printf (_("Imported customers: %u added, %u updated"), counts.added, counts.updated);
  _kd_customers_page_show_toast (self, kd_toast_new (text), text);
}

void
_kd_customers_page_import_from (KdCustomersPage *self,
                                const char      *path)
{
  self->n_running++;
  _kd_customers_page_update_state (self);
  kd_customer_service_import_async (_kd_customers_page_service (self), path, _kd_customers_page_cancellable (self), import_done, g_object_ref (self));
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

void
_kd_customers_page_import_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  KdCustomersPage *self = KD_CUSTOMERS_PAGE (widget);
  GtkFileChooserNative *chooser = kd_list_page_csv_chooser (_kd_customers_page_parent_window (self), _("Import Customers"),
                                                            GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"),
                                                            _("Customer files (CSV)"));

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
  _kd_customers_page_update_state (self);
  if (!kd_customer_service_export_finish (KD_CUSTOMER_SERVICE (source), result, &n, &error))
    {
      _kd_customers_page_show_error (self, error);
      return;
    }
  /* Translators: after an export; it is written to the privacy log */
  text = g_strdup_printf (ngettext ("Exported %u customer (noted in the privacy log)",
                                    "Exported %u customers (noted in the privacy log)", n), n);
  _kd_customers_page_show_toast (self, kd_toast_new (text), text);
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
  _kd_customers_page_update_state (self);
  kd_customer_service_export_async (_kd_customers_page_service (self), path, ids, _kd_customers_page_cancellable (self), export_done, g_object_ref (self));
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

void
_kd_customers_page_export_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  KdCustomersPage *self = KD_CUSTOMERS_PAGE (widget);
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (_("Export the Customer List"), _kd_customers_page_parent_window (self),
                                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));

  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("customers.csv"));
  g_signal_connect (chooser, "response", G_CALLBACK (on_export_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
