/* kd-leave-page.c: leave and swap requests in two lists; a supervisor approves (the roster changes) or rejects, with Undo.
 * Over 800 lines on purpose: two lists and the approval dialog share the
 * page's selection and undo. */
#include "kd-leave-page.h"
#include "kd-columns.h"
#include "kd-toast.h"

#include <glib/gi18n.h>

struct _KdLeavePage
{
  GtkWidget           parent_instance;

  KdContext          *context;
  KdQueryModel       *leave_model;
  KdQueryModel       *swap_model;
  int                 busy;

  /* The last decision, for Undo. */
  KdRequestKind       undo_kind;
  gint64              undo_id;
  AdwToast           *undo_toast;   /* weak */

  AdwToast           *shown_toast;   /* weak: the last toast this page showed */

  GtkWidget          *box;
  GtkCheckButton     *show_decided;
  GtkStack           *kind_stack;
  GtkStack           *leave_content;
  GtkStack           *swap_content;
  GtkColumnView      *leave_view;
  GtkColumnView      *swap_view;
  GtkSingleSelection *leave_selection;
  GtkSingleSelection *swap_selection;
};

G_DEFINE_FINAL_TYPE (KdLeavePage, kd_leave_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static void
show_toast (KdLeavePage *self,
            AdwToast *toast)
{
  kd_toast_show_replacing (GTK_WIDGET (self), &self->shown_toast, toast);
}

static void
show_error (KdLeavePage *self,
            const GError *error)
{
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_toast (self, kd_toast_new (error->message));
}

static KdLeaveService *
service (KdLeavePage *self)
{
  return kd_context_get_leave_service (self->context);
}

static gboolean
showing_swaps (KdLeavePage *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->kind_stack), "swaps") == 0;
}

/* The selected request of the list on show, its id and whether it is pending. */
static gint64
selected (KdLeavePage     *self,
          KdRequestStatus *status)
{
  GObject *item = gtk_single_selection_get_selected_item (showing_swaps (self) ? self->swap_selection
                                                                               : self->leave_selection);
  if (item == NULL)
    return 0;
  if (KD_IS_LEAVE_REQUEST (item))
    {
      *status = KD_LEAVE_REQUEST (item)->status;
      return KD_LEAVE_REQUEST (item)->id;
    }
  *status = KD_SWAP_REQUEST (item)->status;
  return KD_SWAP_REQUEST (item)->id;
}

static void
update_content (GtkStack     *content,
                KdQueryModel *model)
{
  if (model == NULL || kd_query_model_get_loading (model))
    return;
  gtk_stack_set_visible_child_name (content, g_list_model_get_n_items (G_LIST_MODEL (model)) > 0 ? "list" : "empty");
}

static void
update_state (KdLeavePage *self)
{
  KdRequestStatus status = KD_REQUEST_PENDING;
  gboolean pending;

  if (self->leave_content == NULL)
    return;
  update_content (self->leave_content, self->leave_model);
  update_content (self->swap_content, self->swap_model);
  pending = selected (self, &status) != 0 && status == KD_REQUEST_PENDING;
  /* Only a supervisor or the owner decides (the service checks it again,
   * with the request's own people, in the decision's transaction). */
  if (self->context != NULL)
    {
      KdStaff *me = kd_desk_session_get_agent (kd_context_get_session (self->context));
      KdRole role = me ? kd_staff_get_role (me) : KD_ROLE_PRESALE;
      pending = pending && (role == KD_ROLE_SUPERVISOR || role == KD_ROLE_OWNER);
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "leave.approve", pending && self->busy == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "leave.reject", pending && self->busy == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "leave.undo", self->undo_id != 0 && self->busy == 0);
}

static void
on_selection_changed (KdLeavePage *self)
{
  update_state (self);
}

static void
on_kind_changed (KdLeavePage *self)
{
  update_state (self);
}

static void
apply_filter (KdLeavePage *self)
{
  gboolean all = gtk_check_button_get_active (self->show_decided);

  if (self->leave_model == NULL)
    return;
  kd_query_model_set_filter (self->leave_model, "status", all ? NULL : g_variant_new_string ("pending"));
  kd_query_model_set_filter (self->swap_model, "status", all ? NULL : g_variant_new_string ("pending"));
}

static void
on_show_decided_toggled (KdLeavePage *self)
{
  apply_filter (self);
}

static KdStaff *
agent (KdLeavePage *self)
{
  return kd_desk_session_get_agent (kd_context_get_session (self->context));
}

/* ---------------------------------------------------------------- deciding */

typedef struct {
  KdLeavePage     *self;
  KdRequestKind    kind;
  gint64           id;
  KdRequestStatus  decision;
} DecideData;

static void
decide_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autofree DecideData *d = user_data;
  g_autoptr(KdLeavePage) self = d->self;
  g_autoptr(GError) error = NULL;
  const char *text;
  AdwToast *toast;

  self->busy--;
  if (!kd_leave_service_finish (KD_LEAVE_SERVICE (source), result, &error))
    {
      show_error (self, error);
      update_state (self);
      return;
    }
  self->undo_kind = d->kind;
  self->undo_id = d->id;
  if (d->decision == KD_REQUEST_APPROVED)
    text = d->kind == KD_LEAVE_SERVICE_LEAVE ? _("Leave approved; the roster shows it") : _("Swap approved; the roster shows it");
  else
    text = d->kind == KD_LEAVE_SERVICE_LEAVE ? _("Leave rejected") : _("Swap rejected");
  toast = kd_toast_new_undo (GTK_WIDGET (self), text, "leave.undo");
  g_set_weak_pointer (&self->undo_toast, toast);
  show_toast (self, toast);
  update_state (self);
}

static void
decide_request (KdLeavePage     *self,
                KdRequestKind    kind,
                gint64           id,
                KdRequestStatus  decision,
                const char      *note,
                gboolean         confirmed)
{
  DecideData *d = g_new0 (DecideData, 1);

  d->self = g_object_ref (self);
  d->kind = kind;
  d->id = id;
  d->decision = decision;
  self->busy++;
  update_state (self);
  if (confirmed)
    kd_leave_service_approve_confirmed_async (service (self), kind, id, agent (self), note,
                                              kd_context_get_cancellable (self->context), decide_done, d);
  else
    kd_leave_service_decide_async (service (self), kind, id, decision, agent (self), note,
                                   kd_context_get_cancellable (self->context), decide_done, d);
}

static void
decide (KdLeavePage     *self,
        KdRequestStatus  decision,
        const char      *note)
{
  KdRequestStatus status = KD_REQUEST_PENDING;
  gint64 id = selected (self, &status);

  if (id == 0 || status != KD_REQUEST_PENDING)
    return;
  decide_request (self, showing_swaps (self) ? KD_LEAVE_SERVICE_SWAP : KD_LEAVE_SERVICE_LEAVE,
                  id, decision, note, FALSE);
}

static void
on_breaks_response (AdwMessageDialog *dialog,
                    const char       *response,
                    KdLeavePage      *self)
{
  if (g_strcmp0 (response, "approve") == 0)
    decide_request (self,
                    GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "kd-kind")),
                    *(gint64 *) g_object_get_data (G_OBJECT (dialog), "kd-id"),
                    KD_REQUEST_APPROVED, NULL, TRUE);
}

/* The supervisor sees what the approval would break before anything is
 * written, and approves anyway only on purpose (sick leave is granted
 * even when a shift ends up short; then the grid shows the gap). */
static void
show_breaks (KdLeavePage   *self,
             KdRequestKind  kind,
             gint64         id,
             GPtrArray     *broken)
{
  GtkWidget *window = GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (self)));
  g_autoptr(GString) text = g_string_new (NULL);
  GtkWidget *label, *scrolled;
  AdwMessageDialog *dialog;
  gint64 *idp = g_new (gint64, 1);

  for (guint i = 0; i < broken->len; i++)
    g_string_append_printf (text, "%s• %s", i ? "\n" : "", (const char *) g_ptr_array_index (broken, i));
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (window) ? GTK_WINDOW (window) : NULL,
                                                       _("Approve Despite the Rules?"),
                                                       kind == KD_LEAVE_SERVICE_LEAVE
                                                         ? _("With this leave the roster breaks these rules:")
                                                         : _("With this swap the roster breaks these rules:")));
  label = gtk_label_new (text->str);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Rules the approval breaks"), -1);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 240);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), label);
  adw_message_dialog_set_extra_child (dialog, scrolled);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "approve", _("_Approve Anyway"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "approve", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  *idp = id;
  g_object_set_data (G_OBJECT (dialog), "kd-kind", GINT_TO_POINTER (kind));
  g_object_set_data_full (G_OBJECT (dialog), "kd-id", idp, g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_breaks_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
check_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autofree DecideData *d = user_data;
  g_autoptr(KdLeavePage) self = d->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) broken = kd_leave_service_check_approval_finish (KD_LEAVE_SERVICE (source), result, &error);

  self->busy--;
  update_state (self);
  if (broken == NULL)
    show_error (self, error);
  else if (broken->len == 0)
    decide_request (self, d->kind, d->id, KD_REQUEST_APPROVED, NULL, FALSE);
  else if (gtk_widget_get_root (GTK_WIDGET (self)) != NULL)
    show_breaks (self, d->kind, d->id, broken);
}

static void
approve_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  KdLeavePage *self = KD_LEAVE_PAGE (widget);
  KdRequestStatus status = KD_REQUEST_PENDING;
  gint64 id = selected (self, &status);
  DecideData *d;

  if (id == 0 || status != KD_REQUEST_PENDING)
    return;
  d = g_new0 (DecideData, 1);
  d->self = g_object_ref (self);
  d->kind = showing_swaps (self) ? KD_LEAVE_SERVICE_SWAP : KD_LEAVE_SERVICE_LEAVE;
  d->id = id;
  d->decision = KD_REQUEST_APPROVED;
  self->busy++;
  update_state (self);
  kd_leave_service_check_approval_async (service (self), d->kind, id, kd_context_get_cancellable (self->context),
                                         check_done, d);
}

static void
on_reject_response (AdwMessageDialog *dialog,
                    const char       *response,
                    KdLeavePage      *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));

  if (g_strcmp0 (response, "reject") == 0)
    decide (self, KD_REQUEST_REJECTED, gtk_editable_get_text (entry));
}

/* A rejection says why, so the agent knows what to ask for instead. */
static void
reject_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  KdLeavePage *self = KD_LEAVE_PAGE (widget);
  GtkWidget *window = GTK_WIDGET (gtk_widget_get_root (widget));
  GtkWidget *entry = gtk_entry_new ();
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (window) ? GTK_WINDOW (window) : NULL,
                                                       _("Reject the Request?"),
                                                       _("The person sees the reason with the decision.")));
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Reason (optional)"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reason for rejecting"), -1);
  adw_message_dialog_set_extra_child (dialog, entry);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "reject", _("_Reject"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "reject", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "reject");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_reject_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
undo_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(KdLeavePage) self = user_data;
  g_autoptr(GError) error = NULL;

  self->busy--;
  if (!kd_leave_service_finish (KD_LEAVE_SERVICE (source), result, &error))
    show_error (self, error);
  update_state (self);
}

static void
undo_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  KdLeavePage *self = KD_LEAVE_PAGE (widget);
  gint64 id = self->undo_id;

  if (id == 0)
    return;
  self->undo_id = 0;
  if (self->undo_toast != NULL)
    adw_toast_dismiss (self->undo_toast);
  self->busy++;
  update_state (self);
  kd_leave_service_undo_decision_async (service (self), self->undo_kind, id, agent (self),
                                        kd_context_get_cancellable (self->context), undo_done, g_object_ref (self));
}

/* ---------------------------------------------------------------- asking */

typedef struct {
  KdLeavePage *self;
  gboolean     swap;
  GPtrArray   *staff;      /* KdStaff*, as in the drop-downs */
  GtkDropDown *who;
  GtkDropDown *other;      /* swap */
  GtkDropDown *kind;       /* leave */
  GtkEntry    *first;      /* leave: first day; swap: the days */
  GtkEntry    *last;
  GtkEntry    *reason;
  GtkLabel    *problem;
  AdwMessageDialog *dialog;
} AskForm;

static void
ask_form_free (AskForm *f)
{
  g_object_unref (f->self);
  g_ptr_array_unref (f->staff);
  g_free (f);
}

static gint64
staff_at (AskForm     *f,
          GtkDropDown *dd)
{
  guint i = gtk_drop_down_get_selected (dd);
  return i < f->staff->len ? kd_staff_get_id (g_ptr_array_index (f->staff, i)) : 0;
}

static GObject *
form_request (AskForm *f)
{
  const char *reason = gtk_editable_get_text (GTK_EDITABLE (f->reason));

  if (f->swap)
    return G_OBJECT (kd_swap_request_new (staff_at (f, f->who), staff_at (f, f->other),
                                          gtk_editable_get_text (GTK_EDITABLE (f->first)), reason));
  return G_OBJECT (kd_leave_request_new (staff_at (f, f->who), gtk_editable_get_text (GTK_EDITABLE (f->first)),
                                         *gtk_editable_get_text (GTK_EDITABLE (f->last)) != '\0'
                                           ? gtk_editable_get_text (GTK_EDITABLE (f->last)) : NULL,
                                         gtk_drop_down_get_selected (f->kind), reason));
}

/* The same rules as the store's, as you type; Submit waits for them. */
static void
form_check (AskForm *f)
{
  g_autoptr(GObject) request = form_request (f);
  g_autoptr(GError) error = NULL;
  gboolean ok = f->swap ? kd_swap_request_validate (KD_SWAP_REQUEST (request), &error)
                        : kd_leave_request_validate (KD_LEAVE_REQUEST (request), &error);

  gtk_label_set_text (f->problem, ok ? "" : error->message);
  adw_message_dialog_set_response_enabled (f->dialog, "submit", ok);
}

static void
submit_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(KdLeavePage) self = user_data;
  g_autoptr(GError) error = NULL;

  self->busy--;
  if (!kd_leave_service_finish (KD_LEAVE_SERVICE (source), result, &error))
    show_error (self, error);
  else
    show_toast (self, kd_toast_new (_("Request sent to the supervisor")));
  update_state (self);
}

static void
on_ask_response (AdwMessageDialog *dialog,
                 const char       *response,
                 AskForm          *f)
{
  g_autoptr(GObject) request = NULL;
  KdLeavePage *self = f->self;

  if (g_strcmp0 (response, "submit") != 0)
    return;
  request = form_request (f);
  self->busy++;
  if (f->swap)
    kd_leave_service_submit_swap_async (service (self), KD_SWAP_REQUEST (request), agent (self),
                                        kd_context_get_cancellable (self->context), submit_done, g_object_ref (self));
  else
    kd_leave_service_submit_leave_async (service (self), KD_LEAVE_REQUEST (request), agent (self),
                                         kd_context_get_cancellable (self->context), submit_done, g_object_ref (self));
  if (f->swap)
    gtk_stack_set_visible_child_name (self->kind_stack, "swaps");
  else
    gtk_stack_set_visible_child_name (self->kind_stack, "leave");
}

static GtkDropDown *
staff_drop_down (AskForm    *f,
                 const char *accessible)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  KdStaff *me = agent (f->self);
  GtkDropDown *dd;

  for (guint i = 0; i < f->staff->len; i++)
    {
      KdStaff *s = g_ptr_array_index (f->staff, i);
      /* Translators: a person in a list: name and job number */
      g_autofree char *label = g_strdup_printf (_("%s (No. %s)"), kd_staff_get_name (s), kd_staff_get_job_number (s));
      gtk_string_list_append (names, label);
    }
  dd = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&names)), NULL));
  for (guint i = 0; me != NULL && i < f->staff->len; i++)
    if (kd_staff_get_id (g_ptr_array_index (f->staff, i)) == kd_staff_get_id (me))
      gtk_drop_down_set_selected (dd, i);
  gtk_accessible_update_property (GTK_ACCESSIBLE (dd), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_signal_connect_swapped (dd, "notify::selected", G_CALLBACK (form_check), f);
  return dd;
}

static GtkEntry *
form_entry (AskForm    *f,
            const char *accessible,
            const char *text,
            const char *placeholder)
{
  GtkEntry *entry = GTK_ENTRY (gtk_entry_new ());

  gtk_editable_set_text (GTK_EDITABLE (entry), text ? text : "");
  gtk_entry_set_placeholder_text (entry, placeholder);
  gtk_entry_set_activates_default (entry, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_signal_connect_swapped (entry, "changed", G_CALLBACK (form_check), f);
  return entry;
}

static void
attach_row (GtkGrid    *grid,
            int         row,
            const char *label,
            GtkWidget  *field)
{
  GtkWidget *l = gtk_label_new_with_mnemonic (label);

  gtk_label_set_xalign (GTK_LABEL (l), 1);
  gtk_label_set_mnemonic_widget (GTK_LABEL (l), field);
  gtk_widget_set_hexpand (field, TRUE);
  gtk_grid_attach (grid, l, 0, row, 1, 1);
  gtk_grid_attach (grid, field, 1, row, 1, 1);
}

static void
ask (KdLeavePage *self,
     gboolean     swap)
{
  AskForm *f = g_new0 (AskForm, 1);
  GtkWidget *window = GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (self)));
  GtkGrid *grid = GTK_GRID (gtk_grid_new ());
  g_autoptr(GDateTime) tomorrow = NULL;
  g_autofree char *day = NULL;
  int row = 0;

  f->self = g_object_ref (self);
  f->swap = swap;
  f->staff = kd_staff_service_list (kd_context_get_staff_service (self->context), TRUE, NULL);
  if (f->staff == NULL)
    f->staff = g_ptr_array_new_with_free_func (g_object_unref);
  {
    g_autoptr(GDateTime) now = kd_clock_now_local (kd_context_get_clock (self->context));
    tomorrow = g_date_time_add_days (now, 1);
    day = g_date_time_format (tomorrow, "%Y-%m-%d");
  }

  f->dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (window) ? GTK_WINDOW (window) : NULL,
                                                          swap ? _("Ask to Swap Shifts") : _("Ask for Leave"),
                                                          swap ? _("On each day the two of you exchange shifts once a supervisor approves.")
                                                               : _("A supervisor approves or rejects it; approved days show in the roster as leave.")));
  gtk_grid_set_row_spacing (grid, 6);
  gtk_grid_set_column_spacing (grid, 12);
  f->who = staff_drop_down (f, swap ? _("Who asks") : _("Who takes leave"));
  attach_row (grid, row++, swap ? _("_Who asks") : _("_Who"), GTK_WIDGET (f->who));
  if (swap)
    {
      f->other = staff_drop_down (f, _("Swap with"));
      if (f->staff->len > 1)
        gtk_drop_down_set_selected (f->other, gtk_drop_down_get_selected (f->who) == 0 ? 1 : 0);
      attach_row (grid, row++, _("Swap _with"), GTK_WIDGET (f->other));
      f->first = form_entry (f, _("Days"), day, _("YYYY-MM-DD, YYYY-MM-DD…"));
      attach_row (grid, row++, _("_Days"), GTK_WIDGET (f->first));
    }
  else
    {
      g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);

      for (guint k = 0; k < KD_N_LEAVE_KINDS; k++)
        gtk_string_list_append (kinds, kd_leave_kind_get_label (k));
      f->kind = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&kinds)), NULL));
      gtk_accessible_update_property (GTK_ACCESSIBLE (f->kind), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Kind of leave"), -1);
      g_signal_connect_swapped (f->kind, "notify::selected", G_CALLBACK (form_check), f);
      attach_row (grid, row++, _("_Kind"), GTK_WIDGET (f->kind));
      f->first = form_entry (f, _("First day"), day, _("YYYY-MM-DD"));
      attach_row (grid, row++, _("_From"), GTK_WIDGET (f->first));
      f->last = form_entry (f, _("Last day"), day, _("YYYY-MM-DD (empty: one day)"));
      attach_row (grid, row++, _("_To"), GTK_WIDGET (f->last));
    }
  f->reason = form_entry (f, _("Reason"), "", _("Optional"));
  attach_row (grid, row++, _("_Reason"), GTK_WIDGET (f->reason));
  f->problem = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (f->problem, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (f->problem), "error");
  gtk_grid_attach (grid, GTK_WIDGET (f->problem), 0, row, 2, 1);

  adw_message_dialog_set_extra_child (f->dialog, GTK_WIDGET (grid));
  adw_message_dialog_add_responses (f->dialog, "cancel", _("_Cancel"), "submit", _("_Send"), NULL);
  adw_message_dialog_set_response_appearance (f->dialog, "submit", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (f->dialog, "submit");
  adw_message_dialog_set_close_response (f->dialog, "cancel");
  g_signal_connect_data (f->dialog, "response", G_CALLBACK (on_ask_response), f, (GClosureNotify) ask_form_free, 0);
  form_check (f);
  gtk_window_present (GTK_WINDOW (f->dialog));
}

static void
new_leave_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  ask (KD_LEAVE_PAGE (widget), FALSE);
}

static void
new_swap_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  ask (KD_LEAVE_PAGE (widget), TRUE);
}

/* ---------------------------------------------------------------- GObject */

static void
set_context (KdLeavePage *self,
             KdContext   *context)
{
  if (context == NULL || self->context != NULL)
    return;
  self->context = g_object_ref (context);
  self->leave_model = kd_leave_service_create_leave_model (service (self));
  self->swap_model = kd_leave_service_create_swap_model (service (self));
  g_signal_connect_object (self->leave_model, "notify::loading", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->swap_model, "notify::loading", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->leave_model, "items-changed", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->swap_model, "items-changed", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (kd_context_get_session (context), "notify::agent", G_CALLBACK (update_state), self,
                           G_CONNECT_SWAPPED);
  apply_filter (self);
  gtk_single_selection_set_model (self->leave_selection, G_LIST_MODEL (self->leave_model));
  gtk_single_selection_set_model (self->swap_selection, G_LIST_MODEL (self->swap_model));
  update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_CONTEXT]);
}

static void
kd_leave_page_dispose (GObject *object)
{
  KdLeavePage *self = KD_LEAVE_PAGE (object);

  g_clear_weak_pointer (&self->undo_toast);
  if (self->leave_selection != NULL)
    gtk_single_selection_set_model (self->leave_selection, NULL);
  if (self->swap_selection != NULL)
    gtk_single_selection_set_model (self->swap_selection, NULL);
  g_clear_weak_pointer (&self->shown_toast);
  gtk_widget_dispose_template (GTK_WIDGET (object), KD_TYPE_LEAVE_PAGE);
  self->leave_content = NULL;
  g_clear_object (&self->leave_model);
  g_clear_object (&self->swap_model);
  g_clear_object (&self->context);
  G_OBJECT_CLASS (kd_leave_page_parent_class)->dispose (object);
}

static void
kd_leave_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  KdLeavePage *self = KD_LEAVE_PAGE (object);

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
kd_leave_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  KdLeavePage *self = KD_LEAVE_PAGE (object);

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
kd_leave_page_class_init (KdLeavePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kd_leave_page_dispose;
  object_class->get_property = kd_leave_page_get_property;
  object_class->set_property = kd_leave_page_set_property;

  props[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, KD_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, props);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/schedule/kd-leave-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KdLeavePage, box);
  gtk_widget_class_bind_template_child (widget_class, KdLeavePage, show_decided);
  gtk_widget_class_bind_template_child (widget_class, KdLeavePage, kind_stack);
  gtk_widget_class_bind_template_child (widget_class, KdLeavePage, leave_content);
  gtk_widget_class_bind_template_child (widget_class, KdLeavePage, swap_content);
  gtk_widget_class_bind_template_child (widget_class, KdLeavePage, leave_view);
  gtk_widget_class_bind_template_child (widget_class, KdLeavePage, swap_view);
  gtk_widget_class_bind_template_child (widget_class, KdLeavePage, leave_selection);
  gtk_widget_class_bind_template_child (widget_class, KdLeavePage, swap_selection);
  gtk_widget_class_bind_template_callback (widget_class, on_selection_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_kind_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_show_decided_toggled);

  gtk_widget_class_install_action (widget_class, "leave.approve", NULL, approve_activated);
  gtk_widget_class_install_action (widget_class, "leave.reject", NULL, reject_activated);
  gtk_widget_class_install_action (widget_class, "leave.undo", NULL, undo_activated);
  gtk_widget_class_install_action (widget_class, "leave.new-leave", NULL, new_leave_activated);
  gtk_widget_class_install_action (widget_class, "leave.new-swap", NULL, new_swap_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "leave.new-leave", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "leave.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "leave.approve", NULL);
}

static void
kd_leave_page_init (KdLeavePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  kd_columns_append_text (self->leave_view, _("Who"), KD_TYPE_LEAVE_REQUEST, "staff-label", NULL);
  kd_columns_append_text (self->leave_view, _("Days"), KD_TYPE_LEAVE_REQUEST, "days-label", NULL);
  kd_columns_append_text (self->leave_view, _("Kind"), KD_TYPE_LEAVE_REQUEST, "kind-label", NULL);
  gtk_column_view_column_set_expand (kd_columns_append_text (self->leave_view, _("Reason"), KD_TYPE_LEAVE_REQUEST,
                                                             "reason", NULL), TRUE);
  kd_columns_append_text (self->leave_view, _("Status"), KD_TYPE_LEAVE_REQUEST, "status-label", NULL);
  gtk_column_view_column_set_expand (kd_columns_append_text (self->leave_view, _("Decision"), KD_TYPE_LEAVE_REQUEST,
                                                             "decision-label", NULL), TRUE);

  kd_columns_append_text (self->swap_view, _("Who asks"), KD_TYPE_SWAP_REQUEST, "a-label", NULL);
  kd_columns_append_text (self->swap_view, _("Swap with"), KD_TYPE_SWAP_REQUEST, "b-label", NULL);
  kd_columns_append_text (self->swap_view, _("Days"), KD_TYPE_SWAP_REQUEST, "days-label", NULL);
  gtk_column_view_column_set_expand (kd_columns_append_text (self->swap_view, _("Reason"), KD_TYPE_SWAP_REQUEST,
                                                             "reason", NULL), TRUE);
  kd_columns_append_text (self->swap_view, _("Status"), KD_TYPE_SWAP_REQUEST, "status-label", NULL);
  gtk_column_view_column_set_expand (kd_columns_append_text (self->swap_view, _("Decision"), KD_TYPE_SWAP_REQUEST,
                                                             "decision-label", NULL), TRUE);
  update_state (self);
}

GListModel *
_kd_leave_page_get_leave_model (KdLeavePage *self)
{
  return G_LIST_MODEL (self->leave_model);
}

GListModel *
_kd_leave_page_get_swap_model (KdLeavePage *self)
{
  return G_LIST_MODEL (self->swap_model);
}

void
_kd_leave_page_select_swap (KdLeavePage *self,
                            guint        position)
{
  gtk_stack_set_visible_child_name (self->kind_stack, "swaps");
  gtk_single_selection_set_selected (self->swap_selection, position);
}

gboolean
_kd_leave_page_is_busy (KdLeavePage *self)
{
  return self->busy > 0 || (self->leave_model && kd_query_model_get_loading (self->leave_model)) ||
         (self->swap_model && kd_query_model_get_loading (self->swap_model));
}

AdwToast *
_kd_leave_page_get_undo_toast (KdLeavePage *self)
{
  return self->undo_toast;
}
