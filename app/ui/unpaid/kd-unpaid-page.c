/* kd-unpaid-page.c: the Unpaid page: the service's list of orders overdue or due soon, live countdowns, follow-up, snooze, the agent filter; the report beside it. */
#include "kd-unpaid-page-internal.h"
#include "kd-toast.h"

#include <glib/gi18n.h>

G_DEFINE_FINAL_TYPE (KdUnpaidPage, kd_unpaid_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_N_OPEN,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static void reload (KdUnpaidPage *self);

gint64
_kd_unpaid_page_now_unix (KdUnpaidPage *self)
{
  return kd_clock_now_unix (kd_context_get_clock (self->context));
}

int
_kd_unpaid_page_hours (KdUnpaidPage *self)
{
  return kd_unpaid_service_get_hours (kd_context_get_unpaid_service (self->context));
}

char *
_kd_unpaid_page_local_time (gint64      when,
            const char *format)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (when);
  return dt ? g_date_time_format (dt, format) : g_strdup ("");
}

static const char *
selected_agent (KdUnpaidPage *self)
{
  guint i = gtk_drop_down_get_selected (self->agent_dropdown);
  return self->agents != NULL && i < self->agents->len ? g_ptr_array_index (self->agents, i) : NULL;
}

/* ---------------------------------------------------------------- state */

static void
update_state (KdUnpaidPage *self)
{
  GListModel *visible = G_LIST_MODEL (self->filtered);
  guint n = g_list_model_get_n_items (visible);
  guint overdue = 0, soon = 0, followed = 0;
  gint64 now;
  int threshold;
  g_autofree char *summary = NULL;
  const char *agent = selected_agent (self);

  if (self->context == NULL)
    return;
  now = _kd_unpaid_page_now_unix (self);
  threshold = _kd_unpaid_page_hours (self);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KdUnpaidOrder) o = g_list_model_get_item (visible, i);
      KdUnpaidState state = kd_unpaid_order_get_state (o, now, threshold);

      if (state == KD_UNPAID_DUE_SOON)
        soon++;
      else if (state == KD_UNPAID_FOLLOWED_UP)
        followed++;
      else if (state != KD_UNPAID_CLEARED)
        overdue++;
    }
  /* Translators: the Unpaid page's counts: waiting for a follow-up, followed up, due within the next hours */
  summary = g_strdup_printf (_("%u to follow up · %u followed up · %u due within %d hours"),
                             overdue, followed, soon, KD_UNPAID_SOON_HOURS);
  gtk_label_set_text (self->summary_label, summary);

  if (!self->loaded)
    return;
  if (n > 0)
    gtk_stack_set_visible_child_name (self->content_stack, "list");
  else
    {
      g_autofree char *description = NULL;

      if (agent != NULL)
        /* Translators: the empty Unpaid page while one agent's orders are shown */
        description = g_strdup_printf (_("No order routed to No. %s is overdue or due within %d hours."),
                                       agent, KD_UNPAID_SOON_HOURS);
      else
        /* Translators: the empty Unpaid page: the threshold in hours, then the look-ahead in hours */
        description = g_strdup_printf (_("Orders still awaiting payment %d hours after they were placed show up here, and those due within the next %d hours."),
                                       threshold, KD_UNPAID_SOON_HOURS);
      adw_status_page_set_description (self->empty_page, description);
      gtk_stack_set_visible_child_name (self->content_stack, "empty");
    }
}

static void
set_n_open (KdUnpaidPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->orders));
  gint64 now = _kd_unpaid_page_now_unix (self);
  int threshold = _kd_unpaid_page_hours (self);
  guint open = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KdUnpaidOrder) o = g_list_model_get_item (G_LIST_MODEL (self->orders), i);
      KdUnpaidState state = kd_unpaid_order_get_state (o, now, threshold);
      open += state == KD_UNPAID_NEW || state == KD_UNPAID_ALERTED || state == KD_UNPAID_SNOOZED;
    }
  if (open == self->n_open)
    return;
  self->n_open = open;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_N_OPEN]);
}

static guint
find_visible (KdUnpaidPage *self,
              gint64        order_id)
{
  GListModel *visible = G_LIST_MODEL (self->filtered);
  guint n = g_list_model_get_n_items (visible);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KdUnpaidOrder) o = g_list_model_get_item (visible, i);
      if (o->order_id == order_id)
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

static gboolean
listed (KdUnpaidPage *self,
        gint64        order_id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->orders));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KdUnpaidOrder) o = g_list_model_get_item (G_LIST_MODEL (self->orders), i);
      if (o->order_id == order_id)
        return TRUE;
    }
  return FALSE;
}

static void
select_order (KdUnpaidPage *self,
              gint64        order_id)
{
  guint position = find_visible (self, order_id);

  /* The filter hides it: show everyone's. */
  if (position == GTK_INVALID_LIST_POSITION && selected_agent (self) != NULL && listed (self, order_id))
    {
      gtk_drop_down_set_selected (self->agent_dropdown, 0);
      position = find_visible (self, order_id);
    }
  if (position == GTK_INVALID_LIST_POSITION)
    return;
  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self->column_view), "list.scroll-to-item", "u", position);
}

static gboolean
tick (gpointer user_data)
{
  KdUnpaidPage *self = user_data;
  GHashTableIter iter;
  gpointer item, column;

  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return G_SOURCE_CONTINUE;
  g_hash_table_iter_init (&iter, self->live);
  while (g_hash_table_iter_next (&iter, &item, &column))
    _kd_unpaid_page_fill_cell (self, item, GPOINTER_TO_INT (column));
  update_state (self);
  set_n_open (self);
  return G_SOURCE_CONTINUE;
}

/* ---------------------------------------------------------------- reading */

static void
list_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(KdUnpaidPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = kd_unpaid_service_list_finish (KD_UNPAID_SERVICE (source), result, &error);
  guint position = gtk_single_selection_get_selected (self->selection);
  gint64 keep = 0;

  if (list == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);

  if (list == NULL)
    kd_toast_show_error (GTK_WIDGET (self), error);
  else
    {
      /* The row the agent is on stays selected. */
      if (position != GTK_INVALID_LIST_POSITION)
        {
          g_autoptr(KdUnpaidOrder) o = g_list_model_get_item (G_LIST_MODEL (self->selection), position);
          keep = o ? o->order_id : 0;
        }
      g_list_store_splice (self->orders, 0, g_list_model_get_n_items (G_LIST_MODEL (self->orders)),
                           list->pdata, list->len);
      self->loaded = TRUE;
      if (self->select_id > 0)
        {
          select_order (self, self->select_id);
          self->select_id = 0;
        }
      else if (keep > 0)
        {
          position = find_visible (self, keep);
          if (position != GTK_INVALID_LIST_POSITION)
            gtk_single_selection_set_selected (self->selection, position);
        }
      set_n_open (self);
      update_state (self);
    }

  if (self->reload_again)
    {
      self->reload_again = FALSE;
      reload (self);
    }
}

static void
reload (KdUnpaidPage *self)
{
  if (self->context == NULL)
    return;
  if (self->cancellable != NULL)
    {
      self->reload_again = TRUE;
      return;
    }
  self->cancellable = g_cancellable_new ();
  /* Every agent's: the filter and the Orders page's count work on it. */
  kd_unpaid_service_list_async (kd_context_get_unpaid_service (self->context), NULL,
                                self->cancellable, list_done, g_object_ref (self));
}

static gboolean
minute_tick (gpointer user_data)
{
  reload (user_data);
  return G_SOURCE_CONTINUE;
}

static void
on_store_changed (KdUnpaidPage *self)
{
  reload (self);
}

/* ---------------------------------------------------------------- agent filter */

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  KdUnpaidPage *self = user_data;
  const char *agent = selected_agent (self);

  return agent == NULL || g_strcmp0 (KD_UNPAID_ORDER (item)->job_number, agent) == 0;
}

static void
on_agent_selected (KdUnpaidPage *self)
{
  if (self->filter != NULL)
    gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_state (self);
}

static void
build_agent_dropdown (KdUnpaidPage *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  /* A small indexed read of the active staff, as the sign-in menu does. */
  g_autoptr(GPtrArray) staff = kd_staff_service_list (kd_context_get_staff_service (self->context), TRUE, NULL);
  g_autofree char *before = g_strdup (selected_agent (self));
  guint selected = 0;

  g_clear_pointer (&self->agents, g_ptr_array_unref);
  self->agents = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->agents, NULL);
  gtk_string_list_append (labels, _("All agents"));
  for (guint i = 0; staff != NULL && i < staff->len; i++)
    {
      KdStaff *s = g_ptr_array_index (staff, i);
      /* Translators: an agent in the Unpaid page's filter: name and job number */
      g_autofree char *label = g_strdup_printf (_("%s · No. %s"), kd_staff_get_name (s), kd_staff_get_job_number (s));

      if (g_strcmp0 (before, kd_staff_get_job_number (s)) == 0)
        selected = self->agents->len;
      g_ptr_array_add (self->agents, g_strdup (kd_staff_get_job_number (s)));
      gtk_string_list_append (labels, label);
    }
  g_signal_handlers_block_by_func (self->agent_dropdown, on_agent_selected, self);
  gtk_drop_down_set_model (self->agent_dropdown, G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (self->agent_dropdown, selected);
  g_signal_handlers_unblock_by_func (self->agent_dropdown, on_agent_selected, self);
  on_agent_selected (self);
}

static void
on_staff_changed (KdUnpaidPage *self)
{
  build_agent_dropdown (self);
  reload (self);
}

/* ---------------------------------------------------------------- actions */

static KdUnpaidOrder *
lookup (KdUnpaidPage *self,
        gint64        order_id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->orders));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KdUnpaidOrder) o = g_list_model_get_item (G_LIST_MODEL (self->orders), i);
      if (o->order_id == order_id)
        return o;   /* the store keeps it */
    }
  return NULL;
}

static GArray *
one_id (gint64 id)
{
  GArray *ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), 1);
  g_array_append_val (ids, id);
  return ids;
}

static void
follow_up_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(KdUnpaidPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!kd_unpaid_service_follow_up_finish (KD_UNPAID_SERVICE (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        kd_toast_show_error (GTK_WIDGET (self), error);
      return;
    }
  kd_toast_show (GTK_WIDGET (self), kd_toast_new (_("Marked as followed up")));
}

static void
on_follow_up_response (AdwMessageDialog *dialog,
                       const char       *response,
                       KdUnpaidPage     *self)
{
  g_autoptr(GArray) ids = NULL;
  g_autofree char *note = NULL;
  KdStaff *agent;

  if (g_strcmp0 (response, "follow-up") != 0 || self->context == NULL)
    return;
  ids = one_id (self->dialog_order_id);
  note = g_strdup (gtk_editable_get_text (self->note_entry));
  /* Stamped with whoever is at the desk; nobody: the agent it was routed to. */
  agent = kd_desk_session_get_agent (kd_context_get_session (self->context));
  kd_unpaid_service_follow_up_async (kd_context_get_unpaid_service (self->context), ids,
                                     agent ? kd_staff_get_job_number (agent) : NULL, note,
                                     kd_context_get_cancellable (self->context),
                                     follow_up_done, g_object_ref (self));
}

static void
follow_up_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  KdUnpaidPage *self = KD_UNPAID_PAGE (widget);
  gint64 id = g_variant_get_int64 (param);
  KdUnpaidOrder *o = lookup (self, id);
  GtkRoot *root = gtk_widget_get_root (widget);
  KdStaff *agent;
  g_autofree char *body = NULL;
  g_autofree char *amount = NULL;
  GtkWidget *entry;

  if (o == NULL || self->dialog != NULL)
    return;
  agent = kd_desk_session_get_agent (kd_context_get_session (self->context));
  amount = _kd_unpaid_page_cell_text (self, o, KD_UNPAID_COL_AMOUNT);
  if (agent != NULL)
    /* Translators: the follow-up question: buyer, order number, amount, the agent's job number */
    body = g_strdup_printf (_("%s, order %s, %s. It is stamped with your job number, %s. A note says how the buyer was reminded (optional)."),
                            o->buyer, o->order_no, amount, kd_staff_get_job_number (agent));
  else
    /* Translators: the follow-up question while nobody is signed in */
    body = g_strdup_printf (_("%s, order %s, %s. Nobody is signed in: it is stamped with the agent it was routed to. A note says how the buyer was reminded (optional)."),
                            o->buyer, o->order_no, amount);

  self->dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                             _("Followed Up?"), body));
  g_object_add_weak_pointer (G_OBJECT (self->dialog), (gpointer *) &self->dialog);
  entry = gtk_entry_new ();
  gtk_entry_set_max_length (GTK_ENTRY (entry), 500);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Note, e.g. reminded in chat, will pay tonight"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Follow-up note"), -1);
  adw_message_dialog_set_extra_child (self->dialog, entry);
  self->note_entry = GTK_EDITABLE (entry);
  self->dialog_order_id = id;
  adw_message_dialog_add_responses (self->dialog, "cancel", _("_Cancel"), "follow-up", _("_Followed Up"), NULL);
  adw_message_dialog_set_response_appearance (self->dialog, "follow-up", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (self->dialog, "follow-up");
  adw_message_dialog_set_close_response (self->dialog, "cancel");
  g_signal_connect_object (self->dialog, "response", G_CALLBACK (on_follow_up_response), self, 0);
  gtk_window_present (GTK_WINDOW (self->dialog));
  gtk_widget_grab_focus (entry);
}

static void
snooze_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(KdUnpaidPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!kd_unpaid_service_snooze_finish (KD_UNPAID_SERVICE (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        kd_toast_show_error (GTK_WIDGET (self), error);
      return;
    }
  kd_toast_show (GTK_WIDGET (self), kd_toast_new (_("Snoozed: the alert comes back in an hour")));
}

static void
snooze_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  KdUnpaidPage *self = KD_UNPAID_PAGE (widget);
  g_autoptr(GArray) ids = one_id (g_variant_get_int64 (param));

  kd_unpaid_service_snooze_async (kd_context_get_unpaid_service (self->context), ids,
                                  kd_context_get_cancellable (self->context), snooze_done, g_object_ref (self));
}

static void
open_order_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  /* The window switches to the Orders page and shows it there. */
  gtk_widget_activate_action_variant (widget, "win.open-order", param);
}

static void
reload_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  reload (KD_UNPAID_PAGE (widget));
}

static void
on_row_activated (GtkColumnView *view,
                  guint          position,
                  KdUnpaidPage  *self)
{
  g_autoptr(KdUnpaidOrder) o = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  if (o != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "unpaid.follow-up", "x", o->order_id);
}

static void
on_view_changed (KdUnpaidPage *self)
{
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->view_stack), "report") == 0)
    kd_unpaid_report_reload (self->report);
  /* The agent filter is the list's. */
  gtk_widget_set_visible (GTK_WIDGET (self->agent_dropdown),
                          g_strcmp0 (gtk_stack_get_visible_child_name (self->view_stack), "report") != 0);
  gtk_widget_set_visible (GTK_WIDGET (self->summary_label), gtk_widget_get_visible (GTK_WIDGET (self->agent_dropdown)));
}

/* ---------------------------------------------------------------- public */

void
kd_unpaid_page_show_order (KdUnpaidPage *self,
                           gint64        order_id)
{
  g_return_if_fail (KD_IS_UNPAID_PAGE (self));

  gtk_stack_set_visible_child_name (self->view_stack, "orders");
  if (order_id <= 0)
    return;
  /* A notification names an order that may have come after the last read. */
  if (self->loaded && listed (self, order_id))
    select_order (self, order_id);
  else
    {
      self->select_id = order_id;
      reload (self);
    }
}

guint
kd_unpaid_page_get_n_open (KdUnpaidPage *self)
{
  g_return_val_if_fail (KD_IS_UNPAID_PAGE (self), 0);
  return self->n_open;
}

/* ---------------------------------------------------------------- private, for tests */

GListModel *
_kd_unpaid_page_get_visible_model (KdUnpaidPage *self)
{
  return G_LIST_MODEL (self->selection);
}

GtkColumnView *
_kd_unpaid_page_get_column_view (KdUnpaidPage *self)
{
  return self->column_view;
}

const char *
_kd_unpaid_page_get_state (KdUnpaidPage *self)
{
  return gtk_stack_get_visible_child_name (self->content_stack);
}

const char *
_kd_unpaid_page_get_empty_text (KdUnpaidPage *self)
{
  return adw_status_page_get_description (self->empty_page);
}

gboolean
_kd_unpaid_page_is_busy (KdUnpaidPage *self)
{
  return self->context == NULL || !self->loaded || self->cancellable != NULL || self->reload_again ||
         self->select_id > 0 || _kd_unpaid_report_is_busy (self->report);
}

const char *
_kd_unpaid_page_get_cell (KdUnpaidPage   *self,
                          KdUnpaidOrder  *order,
                          KdUnpaidColumn  column)
{
  g_free (self->cell_text);
  self->cell_text = _kd_unpaid_page_cell_text (self, order, column);
  return self->cell_text;
}

gboolean
_kd_unpaid_page_filter_agent (KdUnpaidPage *self,
                              const char   *job_number)
{
  for (guint i = 0; i < self->agents->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->agents, i), job_number) == 0)
      {
        gtk_drop_down_set_selected (self->agent_dropdown, i);
        return TRUE;
      }
  return FALSE;
}

AdwMessageDialog *
_kd_unpaid_page_get_dialog (KdUnpaidPage *self)
{
  return self->dialog;
}

GtkEditable *
_kd_unpaid_page_get_note_entry (KdUnpaidPage *self)
{
  return self->dialog ? self->note_entry : NULL;
}

void
_kd_unpaid_page_tick (KdUnpaidPage *self)
{
  tick (self);
}

KdUnpaidReport *
_kd_unpaid_page_get_report (KdUnpaidPage *self)
{
  return self->report;
}

void
_kd_unpaid_page_show_report (KdUnpaidPage *self)
{
  gtk_stack_set_visible_child_name (self->view_stack, "report");
}

/* ---------------------------------------------------------------- object */

static void
set_context (KdUnpaidPage *self,
             KdContext    *context)
{
  KdStore *store;

  if (context == NULL || context == self->context)
    return;
  g_return_if_fail (self->context == NULL);

  self->context = g_object_ref (context);
  g_object_set (self->report, "context", context, NULL);
  build_agent_dropdown (self);

  store = kd_context_get_store (context);
  g_signal_connect_object (store, "changed::unpaid_alerts", G_CALLBACK (on_store_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "changed::orders", G_CALLBACK (on_store_changed), self, G_CONNECT_SWAPPED);
  /* Blacklist and buyer types come from the profile. */
  g_signal_connect_object (store, "changed::customers", G_CALLBACK (on_store_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "changed::staff", G_CALLBACK (on_staff_changed), self, G_CONNECT_SWAPPED);
  self->tick_id = g_timeout_add_seconds (1, tick, self);
  self->minute_id = g_timeout_add_seconds (60, minute_tick, self);
  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_CONTEXT]);
}

static void
kd_unpaid_page_dispose (GObject *object)
{
  KdUnpaidPage *self = KD_UNPAID_PAGE (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_handle_id (&self->minute_id, g_source_remove);
  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
  g_clear_weak_pointer (&self->dialog);

  gtk_widget_dispose_template (GTK_WIDGET (self), KD_TYPE_UNPAID_PAGE);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->orders);
  g_clear_pointer (&self->agents, g_ptr_array_unref);
  g_clear_pointer (&self->live, g_hash_table_unref);
  g_clear_pointer (&self->cell_text, g_free);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (kd_unpaid_page_parent_class)->dispose (object);
}

static void
kd_unpaid_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  KdUnpaidPage *self = KD_UNPAID_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_N_OPEN:
      g_value_set_uint (value, self->n_open);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kd_unpaid_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  KdUnpaidPage *self = KD_UNPAID_PAGE (object);

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
kd_unpaid_page_class_init (KdUnpaidPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kd_unpaid_page_dispose;
  object_class->get_property = kd_unpaid_page_get_property;
  object_class->set_property = kd_unpaid_page_set_property;

  props[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, KD_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  props[PROP_N_OPEN] =
    g_param_spec_uint ("n-open", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, props);

  g_type_ensure (KD_TYPE_UNPAID_REPORT);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/unpaid/kd-unpaid-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KdUnpaidPage, box);
  gtk_widget_class_bind_template_child (widget_class, KdUnpaidPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, KdUnpaidPage, agent_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KdUnpaidPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, KdUnpaidPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, KdUnpaidPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, KdUnpaidPage, selection);
  gtk_widget_class_bind_template_child (widget_class, KdUnpaidPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, KdUnpaidPage, report);
  gtk_widget_class_bind_template_callback (widget_class, on_agent_selected);

  gtk_widget_class_install_action (widget_class, "unpaid.follow-up", "x", follow_up_activated);
  gtk_widget_class_install_action (widget_class, "unpaid.snooze", "x", snooze_activated);
  gtk_widget_class_install_action (widget_class, "unpaid.open-order", "x", open_order_activated);
  gtk_widget_class_install_action (widget_class, "unpaid.reload", NULL, reload_activated);
}

static void
kd_unpaid_page_init (KdUnpaidPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->live = g_hash_table_new (NULL, NULL);
  self->orders = g_list_store_new (KD_TYPE_UNPAID_ORDER);
  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->orders)),
                                              GTK_FILTER (g_object_ref (self->filter)));
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->filtered));
  g_signal_connect_object (self->filtered, "items-changed", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect (self->column_view, "activate", G_CALLBACK (on_row_activated), self);
  g_signal_connect_object (self->view_stack, "notify::visible-child-name", G_CALLBACK (on_view_changed), self,
                           G_CONNECT_SWAPPED);
  _kd_unpaid_page_add_columns (self);
  on_view_changed (self);
}
