/* kd-handover-page.c: the handover history (newest first, searchable), writing a handover, acknowledging one with Undo. */
#include "kd-handover-page.h"
#include "kd-columns.h"
#include "kd-toast.h"

#include <glib/gi18n.h>

struct _KdHandoverPage
{
  GtkWidget           parent_instance;

  KdContext          *context;
  KdQueryModel       *model;
  int                 busy;
  gint64              detail_id;
  gint64              undo_id;
  GCancellable       *detail_cancellable;

  AdwToast           *shown_toast;   /* weak: the last toast this page showed */

  GtkWidget          *box;
  GtkSearchEntry     *search_entry;
  GtkCheckButton     *only_open;
  GtkStack           *content_stack;
  GtkColumnView      *column_view;
  GtkSingleSelection *selection;
  GtkLabel           *detail;
  GtkFlowBox         *links;
};

G_DEFINE_FINAL_TYPE (KdHandoverPage, kd_handover_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static void
show_toast (KdHandoverPage *self,
            AdwToast *toast)
{
  kd_toast_show_replacing (GTK_WIDGET (self), &self->shown_toast, toast);
}

static void
show_error (KdHandoverPage *self,
            const GError *error)
{
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_toast (self, kd_toast_new (error->message));
}

static KdHandoverService *
service (KdHandoverPage *self)
{
  return kd_context_get_handover_service (self->context);
}

static KdStaff *
agent (KdHandoverPage *self)
{
  return kd_desk_session_get_agent (kd_context_get_session (self->context));
}

static KdHandover *
selected (KdHandoverPage *self)
{
  return gtk_single_selection_get_selected_item (self->selection);
}

static void
clear_links (KdHandoverPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->links))) != NULL)
    gtk_flow_box_remove (self->links, child);
}

static void
add_link (KdHandoverPage *self,
          GHashTable     *seen,
          const char     *action,
          const char     *value,
          const char     *label)
{
  g_autofree char *key = g_strconcat (action, ":", value, NULL);
  GtkWidget *button;

  if (*value == '\0' || g_hash_table_contains (seen, key))
    return;
  g_hash_table_add (seen, g_steal_pointer (&key));
  button = gtk_button_new_with_label (label);
  gtk_widget_add_css_class (button, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_string (value));
  gtk_flow_box_append (self->links, button);
}

/* Each order and customer an item names, as a button that shows it on
 * its page. */
static void
set_links (KdHandoverPage *self,
           KdHandover     *h)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  clear_links (self);
  for (guint i = 0; h != NULL && h->items != NULL && i < h->items->len; i++)
    {
      KdHandoverItem *it = g_ptr_array_index (h->items, i);
      /* Translators: a button that shows the order on the Orders page. */
      g_autofree char *order = g_strdup_printf (_("Order %s"), it->order_no ? it->order_no : "");
      /* Translators: a button that shows the customer on the Customers page. */
      g_autofree char *customer = g_strdup_printf (_("Customer %s"), it->customer ? it->customer : "");

      add_link (self, seen, "win.search-order", it->order_no ? it->order_no : "", order);
      add_link (self, seen, "win.search-customer", it->customer ? it->customer : "", customer);
    }
}

static void
detail_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(KdHandoverPage) self = user_data;
  g_autoptr(KdHandover) h = kd_handover_service_get_finish (KD_HANDOVER_SERVICE (source), result, NULL);
  g_autofree char *text = NULL;

  if (h == NULL || self->detail == NULL || h->id != self->detail_id)
    return;
  text = kd_handover_dup_text (h);
  gtk_label_set_text (self->detail, text);
  set_links (self, h);
}

static void
update_state (KdHandoverPage *self)
{
  KdHandover *h;
  guint n;

  if (self->content_stack == NULL || self->model == NULL)
    return;
  h = selected (self);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  if (!kd_query_model_get_loading (self->model))
    {
      const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
      gboolean filtered = *search != '\0' || gtk_check_button_get_active (self->only_open);
      gtk_stack_set_visible_child_name (self->content_stack, n > 0 ? "list" : filtered ? "no-results" : "empty");
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "handover.acknowledge",
                                 h != NULL && h->acked_at == 0 && self->busy == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "handover.undo", self->undo_id != 0 && self->busy == 0);

  if ((h ? h->id : 0) != self->detail_id)
    {
      self->detail_id = h ? h->id : 0;
      g_cancellable_cancel (self->detail_cancellable);
      g_clear_object (&self->detail_cancellable);
      gtk_label_set_text (self->detail, "");
      clear_links (self);
      if (h != NULL)
        {
          self->detail_cancellable = g_cancellable_new ();
          kd_handover_service_get_async (service (self), h->id, self->detail_cancellable, detail_done,
                                         g_object_ref (self));
        }
    }
}

static void
on_selection_changed (KdHandoverPage *self)
{
  update_state (self);
}

static void
on_search_changed (KdHandoverPage *self)
{
  if (self->model != NULL)
    kd_query_model_set_search (self->model, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
on_only_open_toggled (KdHandoverPage *self)
{
  if (self->model != NULL)
    kd_query_model_set_filter (self->model, "open",
                               gtk_check_button_get_active (self->only_open) ? g_variant_new_boolean (TRUE) : NULL);
}

/* ---------------------------------------------------------------- acknowledging */

static void
ack_done (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(KdHandoverPage) self = user_data;
  g_autoptr(GError) error = NULL;

  self->busy--;
  if (!kd_handover_service_finish (KD_HANDOVER_SERVICE (source), result, &error))
    {
      self->undo_id = 0;
      show_error (self, error);
    }
  else
    show_toast (self, kd_toast_new_undo (GTK_WIDGET (self), _("Handover acknowledged"), "handover.undo"));
  update_state (self);
}

static void
acknowledge_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  KdHandoverPage *self = KD_HANDOVER_PAGE (widget);
  KdHandover *h = selected (self);

  if (h == NULL || h->acked_at != 0)
    return;
  self->undo_id = h->id;
  self->busy++;
  update_state (self);
  kd_handover_service_acknowledge_async (service (self), h->id, agent (self), kd_context_get_cancellable (self->context),
                                         ack_done, g_object_ref (self));
}

static void
undo_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(KdHandoverPage) self = user_data;
  g_autoptr(GError) error = NULL;

  self->busy--;
  if (!kd_handover_service_finish (KD_HANDOVER_SERVICE (source), result, &error))
    show_error (self, error);
  update_state (self);
}

static void
undo_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  KdHandoverPage *self = KD_HANDOVER_PAGE (widget);
  gint64 id = self->undo_id;

  if (id == 0)
    return;
  self->undo_id = 0;
  self->busy++;
  update_state (self);
  kd_handover_service_unacknowledge_async (service (self), id, kd_context_get_cancellable (self->context),
                                           undo_done, g_object_ref (self));
}

/* ---------------------------------------------------------------- writing */

typedef struct {
  GtkEntry *text;
  GtkEntry *order_no;
  GtkEntry *customer;
} ItemRow;

typedef struct {
  KdHandoverPage   *self;
  AdwMessageDialog *dialog;
  GtkBox           *items;
  GArray           *rows;      /* ItemRow */
  GtkEntry         *note;
  GtkLabel         *problem;
} Writer;

static void
writer_free (Writer *w)
{
  g_object_unref (w->self);
  g_array_unref (w->rows);
  g_free (w);
}

static KdHandover *
writer_handover (Writer *w)
{
  g_autoptr(GDateTime) now = kd_clock_now_local (kd_context_get_clock (w->self->context));
  g_autofree char *day = g_date_time_format (now, "%Y-%m-%d");
  KdStaff *me = agent (w->self);
  KdHandover *h = kd_handover_new (me ? kd_staff_get_id (me) : 0, day, "",
                                   gtk_editable_get_text (GTK_EDITABLE (w->note)));

  for (guint i = 0; i < w->rows->len; i++)
    {
      ItemRow *r = &g_array_index (w->rows, ItemRow, i);
      kd_handover_add_item (h, gtk_editable_get_text (GTK_EDITABLE (r->text)),
                            gtk_editable_get_text (GTK_EDITABLE (r->order_no)),
                            gtk_editable_get_text (GTK_EDITABLE (r->customer)));
    }
  return h;
}

static void
writer_check (Writer *w)
{
  g_autoptr(KdHandover) h = writer_handover (w);
  g_autoptr(GError) error = NULL;
  gboolean ok = kd_handover_validate (h, &error);

  gtk_label_set_text (w->problem, ok ? "" : error->message);
  adw_message_dialog_set_response_enabled (w->dialog, "submit", ok);
}

static GtkEntry *
writer_entry (Writer     *w,
              const char *placeholder,
              const char *accessible)
{
  GtkEntry *entry = GTK_ENTRY (gtk_entry_new ());

  gtk_entry_set_placeholder_text (entry, placeholder);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_signal_connect_swapped (entry, "changed", G_CALLBACK (writer_check), w);
  return entry;
}

static void
writer_add_row (Writer *w)
{
  GtkBox *row = GTK_BOX (gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6));
  ItemRow r;
  g_autofree char *label = g_strdup_printf (_("Pending item %u"), w->rows->len + 1);

  r.text = writer_entry (w, _("What is pending"), label);
  r.order_no = writer_entry (w, _("Order number"), _("Order number"));
  r.customer = writer_entry (w, _("Customer nickname"), _("Customer nickname"));
  gtk_widget_set_hexpand (GTK_WIDGET (r.text), TRUE);
  gtk_editable_set_width_chars (GTK_EDITABLE (r.text), 30);
  gtk_editable_set_width_chars (GTK_EDITABLE (r.order_no), 20);
  gtk_editable_set_width_chars (GTK_EDITABLE (r.customer), 12);
  gtk_box_append (row, GTK_WIDGET (r.text));
  gtk_box_append (row, GTK_WIDGET (r.order_no));
  gtk_box_append (row, GTK_WIDGET (r.customer));
  gtk_box_append (w->items, GTK_WIDGET (row));
  g_array_append_val (w->rows, r);
  gtk_widget_grab_focus (GTK_WIDGET (r.text));
}

static void
write_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(KdHandoverPage) self = user_data;
  g_autoptr(GError) error = NULL;

  self->busy--;
  if (!kd_handover_service_finish (KD_HANDOVER_SERVICE (source), result, &error))
    show_error (self, error);
  else
    show_toast (self, kd_toast_new (_("Handover written; the next agent sees it at sign-in")));
  update_state (self);
}

static void
on_writer_response (AdwMessageDialog *dialog,
                    const char       *response,
                    Writer           *w)
{
  g_autoptr(KdHandover) h = NULL;
  KdHandoverPage *self = w->self;

  if (g_strcmp0 (response, "submit") != 0)
    return;
  h = writer_handover (w);
  self->busy++;
  kd_handover_service_write_async (service (self), h, agent (self), kd_context_get_cancellable (self->context),
                                   write_done, g_object_ref (self));
}

AdwMessageDialog *
kd_handover_page_open_writer (KdHandoverPage *self)
{
  Writer *w = g_new0 (Writer, 1);
  GtkWidget *window = GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (self)));
  GtkBox *content = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 6));
  GtkWidget *add = gtk_button_new_with_mnemonic (_("_Add Item"));
  KdStaff *me = agent (self);
  g_autofree char *body = NULL;

  g_return_val_if_fail (KD_IS_HANDOVER_PAGE (self), NULL);
  w->self = g_object_ref (self);
  w->rows = g_array_new (FALSE, FALSE, sizeof (ItemRow));
  if (me != NULL)
    /* Translators: %s is the agent's name */
    body = g_strdup_printf (_("What is still open at the end of %s's shift: each item can name an order or a customer."),
                            kd_staff_get_name (me));
  else
    body = g_strdup (_("Sign in first: a handover is written by the agent at the desk."));
  w->dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (window) ? GTK_WINDOW (window) : NULL,
                                                          _("Write Handover"), body));
  w->items = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 6));
  gtk_box_append (content, GTK_WIDGET (w->items));
  for (int i = 0; i < 3; i++)
    writer_add_row (w);
  gtk_widget_set_halign (add, GTK_ALIGN_START);
  g_signal_connect_swapped (add, "clicked", G_CALLBACK (writer_add_row), w);
  gtk_box_append (content, add);
  w->note = writer_entry (w, _("Note for the next shift (optional)"), _("Note"));
  gtk_box_append (content, GTK_WIDGET (w->note));
  w->problem = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (w->problem, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (w->problem), "error");
  gtk_box_append (content, GTK_WIDGET (w->problem));
  adw_message_dialog_set_extra_child (w->dialog, GTK_WIDGET (content));
  adw_message_dialog_add_responses (w->dialog, "cancel", _("_Cancel"), "submit", _("_Hand Over"), NULL);
  adw_message_dialog_set_response_appearance (w->dialog, "submit", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (w->dialog, "cancel");
  g_signal_connect_data (w->dialog, "response", G_CALLBACK (on_writer_response), w, (GClosureNotify) writer_free, 0);
  g_object_set_data (G_OBJECT (w->dialog), "kd-handover-writer", w);
  writer_check (w);
  gtk_window_present (GTK_WINDOW (w->dialog));
  gtk_widget_grab_focus (GTK_WIDGET (g_array_index (w->rows, ItemRow, 0).text));
  return w->dialog;
}

static void
new_activated (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  kd_handover_page_open_writer (KD_HANDOVER_PAGE (widget));
}

/* ---------------------------------------------------------------- GObject */

static void
set_context (KdHandoverPage *self,
             KdContext      *context)
{
  if (context == NULL || self->context != NULL)
    return;
  self->context = g_object_ref (context);
  self->model = kd_handover_service_create_model (service (self));
  g_signal_connect_object (self->model, "notify::loading", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "items-changed", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->model));
  update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_CONTEXT]);
}

static void
kd_handover_page_dispose (GObject *object)
{
  KdHandoverPage *self = KD_HANDOVER_PAGE (object);

  g_cancellable_cancel (self->detail_cancellable);
  g_clear_object (&self->detail_cancellable);
  if (self->selection != NULL)
    gtk_single_selection_set_model (self->selection, NULL);
  g_clear_weak_pointer (&self->shown_toast);
  gtk_widget_dispose_template (GTK_WIDGET (object), KD_TYPE_HANDOVER_PAGE);
  self->content_stack = NULL;
  self->detail = NULL;
  g_clear_object (&self->model);
  g_clear_object (&self->context);
  G_OBJECT_CLASS (kd_handover_page_parent_class)->dispose (object);
}

static void
kd_handover_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  KdHandoverPage *self = KD_HANDOVER_PAGE (object);

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
kd_handover_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  KdHandoverPage *self = KD_HANDOVER_PAGE (object);

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
kd_handover_page_class_init (KdHandoverPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kd_handover_page_dispose;
  object_class->get_property = kd_handover_page_get_property;
  object_class->set_property = kd_handover_page_set_property;

  props[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, KD_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, props);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/schedule/kd-handover-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KdHandoverPage, box);
  gtk_widget_class_bind_template_child (widget_class, KdHandoverPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, KdHandoverPage, only_open);
  gtk_widget_class_bind_template_child (widget_class, KdHandoverPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, KdHandoverPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, KdHandoverPage, selection);
  gtk_widget_class_bind_template_child (widget_class, KdHandoverPage, detail);
  gtk_widget_class_bind_template_child (widget_class, KdHandoverPage, links);
  gtk_widget_class_bind_template_callback (widget_class, on_selection_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_only_open_toggled);

  gtk_widget_class_install_action (widget_class, "handover.new", NULL, new_activated);
  gtk_widget_class_install_action (widget_class, "handover.acknowledge", NULL, acknowledge_activated);
  gtk_widget_class_install_action (widget_class, "handover.undo", NULL, undo_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "handover.new", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "handover.undo", NULL);
}

static void
kd_handover_page_init (KdHandoverPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  kd_columns_append_text (self->column_view, _("Written"), KD_TYPE_HANDOVER, "written-label", NULL);
  kd_columns_append_text (self->column_view, _("By"), KD_TYPE_HANDOVER, "author-label", NULL);
  gtk_column_view_column_set_expand (kd_columns_append_text (self->column_view, _("Pending items"), KD_TYPE_HANDOVER,
                                                             "summary", NULL), TRUE);
  kd_columns_append_text (self->column_view, _("Status"), KD_TYPE_HANDOVER, "status-label", NULL);
}

GListModel *
_kd_handover_page_get_model (KdHandoverPage *self)
{
  return G_LIST_MODEL (self->model);
}

gboolean
_kd_handover_page_is_busy (KdHandoverPage *self)
{
  return self->busy > 0 || (self->model != NULL && kd_query_model_get_loading (self->model));
}

const char *
_kd_handover_page_get_state (KdHandoverPage *self)
{
  return gtk_stack_get_visible_child_name (self->content_stack);
}
