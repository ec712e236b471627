/* kd-handover-inbox.c: what the previous shift handed over, shown to the agent who signs in; each handover acknowledged on its own. */
#include "kd-handover-inbox.h"
#include "kd-toast.h"

#include <glib/gi18n.h>

#define INBOX_KEY "kd-handover-inbox"

typedef struct {
  GWeakRef   parent;
  KdContext *context;
  gint64     agent_id;
} Check;

static void
check_free (Check *c)
{
  g_weak_ref_clear (&c->parent);
  g_object_unref (c->context);
  g_free (c);
}

typedef struct {
  KdContext *context;
  GtkWidget *button;
  GtkWidget *dialog;
  gint64     id;
} Ack;

static void
ack_free (Ack *a)
{
  g_object_unref (a->context);
  g_object_unref (a->button);
  g_object_unref (a->dialog);
  g_free (a);
}

/* Every handover acknowledged: the dialog has done its job. */
static gboolean
all_done (GtkWidget *dialog)
{
  GPtrArray *buttons = g_object_get_data (G_OBJECT (dialog), "kd-ack-buttons");

  for (guint i = 0; buttons != NULL && i < buttons->len; i++)
    if (gtk_widget_get_sensitive (g_ptr_array_index (buttons, i)))
      return FALSE;
  return TRUE;
}

static void
ack_done (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Ack *a = user_data;
  g_autoptr(GError) error = NULL;

  if (!kd_handover_service_finish (KD_HANDOVER_SERVICE (source), result, &error))
    {
      gtk_widget_set_sensitive (a->button, TRUE);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_button_set_label (GTK_BUTTON (a->button), error->message);
    }
  else
    {
      gtk_button_set_label (GTK_BUTTON (a->button), _("Acknowledged"));
      if (all_done (a->dialog))
        gtk_window_close (GTK_WINDOW (a->dialog));
    }
  ack_free (a);
}

static void
on_ack_clicked (GtkButton *button,
                GtkWidget *dialog)
{
  KdContext *context = g_object_get_data (G_OBJECT (dialog), "kd-context");
  Ack *a = g_new0 (Ack, 1);

  a->context = g_object_ref (context);
  a->button = g_object_ref (GTK_WIDGET (button));
  a->dialog = g_object_ref (dialog);
  a->id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "kd-handover-id"));
  gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
  kd_handover_service_acknowledge_async (kd_context_get_handover_service (context), a->id,
                                         kd_desk_session_get_agent (kd_context_get_session (context)),
                                         kd_context_get_cancellable (context), ack_done, a);
}

static GtkWidget *
handover_card (KdHandover *h,
               GtkWidget  *dialog,
               GPtrArray  *buttons)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *head = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  g_autoptr(GDateTime) at = g_date_time_new_from_unix_local (h->written_at);
  g_autofree char *when = g_date_time_format (at, "%m-%d %H:%M");
  /* Translators: the head of a handover: who wrote it and when */
  g_autofree char *title = g_strdup_printf (_("From %s, %s"), h->author_name, when);
  g_autofree char *text = kd_handover_dup_text (h);
  /* Translators: the accessible name of a handover's Acknowledge button */
  g_autofree char *accessible = g_strdup_printf (_("Acknowledge the handover from %s"), h->author_name);
  GtkWidget *label = gtk_label_new (title);
  GtkWidget *body = gtk_label_new (text);
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Acknowledge"));

  gtk_widget_add_css_class (card, "card");
  gtk_widget_set_margin_bottom (card, 6);
  gtk_widget_add_css_class (label, "heading");
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_set_margin_start (head, 12);
  gtk_widget_set_margin_end (head, 12);
  gtk_widget_set_margin_top (head, 12);
  gtk_box_append (GTK_BOX (head), label);
  gtk_widget_set_name (button, "kd-ack-button");
  gtk_widget_add_css_class (button, "suggested-action");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_object_set_data (G_OBJECT (button), "kd-handover-id", GSIZE_TO_POINTER ((gsize) h->id));
  g_signal_connect (button, "clicked", G_CALLBACK (on_ack_clicked), dialog);
  gtk_box_append (GTK_BOX (head), button);
  g_ptr_array_add (buttons, button);
  gtk_box_append (GTK_BOX (card), head);

  gtk_label_set_xalign (GTK_LABEL (body), 0);
  gtk_label_set_wrap (GTK_LABEL (body), TRUE);
  gtk_label_set_selectable (GTK_LABEL (body), TRUE);
  gtk_widget_set_margin_start (body, 12);
  gtk_widget_set_margin_end (body, 12);
  gtk_widget_set_margin_bottom (body, 12);
  gtk_box_append (GTK_BOX (card), body);
  return card;
}

static void
on_dialog_destroy (GtkWidget *dialog,
                   GtkWindow *parent)
{
  if (g_object_get_data (G_OBJECT (parent), INBOX_KEY) == dialog)
    g_object_set_data (G_OBJECT (parent), INBOX_KEY, NULL);
}

static void
present (GtkWindow *parent,
         KdContext *context,
         GPtrArray *open)
{
  g_autofree char *heading = NULL;
  GtkWidget *dialog, *list, *scroller;
  GPtrArray *buttons = g_ptr_array_new ();
  GtkWidget *old = g_object_get_data (G_OBJECT (parent), INBOX_KEY);

  if (old != NULL)
    gtk_window_destroy (GTK_WINDOW (old));
  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Handover to Acknowledge", "%u Handovers to Acknowledge",
                                          open->len), open->len);
  dialog = adw_message_dialog_new (parent, heading,
                                   _("The previous shift left these open. Read each one and acknowledge it to take it over."));
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  gtk_window_set_modal (GTK_WINDOW (dialog), FALSE);
  g_object_set_data_full (G_OBJECT (dialog), "kd-context", g_object_ref (context), g_object_unref);
  g_object_set_data_full (G_OBJECT (dialog), "kd-ack-buttons", buttons, (GDestroyNotify) g_ptr_array_unref);

  list = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  for (guint i = 0; i < open->len; i++)
    gtk_box_append (GTK_BOX (list), handover_card (g_ptr_array_index (open, i), dialog, buttons));
  /* A message dialog gives a scrolled child little height: two handovers
   * are shown whole, more scroll in a taller box. */
  if (open->len <= 2)
    scroller = list;
  else
    {
      scroller = gtk_scrolled_window_new ();
      gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
      gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 360);
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), list);
    }
  gtk_widget_set_size_request (scroller, 480, -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scroller);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "later", _("_Later"));
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "later");

  g_object_set_data (G_OBJECT (parent), INBOX_KEY, dialog);
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (on_dialog_destroy), parent, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
list_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Check *c = user_data;
  g_autoptr(GtkWindow) parent = g_weak_ref_get (&c->parent);
  g_autoptr(GPtrArray) open = kd_handover_service_list_open_finish (KD_HANDOVER_SERVICE (source), result, NULL);
  KdStaff *now = kd_desk_session_get_agent (kd_context_get_session (c->context));

  /* Shown only if the same agent is still at the desk and the window is open. */
  if (parent != NULL && open != NULL && open->len > 0 && now != NULL && kd_staff_get_id (now) == c->agent_id &&
      gtk_widget_get_visible (GTK_WIDGET (parent)))
    present (parent, c->context, open);
  check_free (c);
}

void
kd_handover_inbox_check (GtkWindow *parent,
                         KdContext *context)
{
  KdStaff *agent = kd_desk_session_get_agent (kd_context_get_session (context));
  GtkWidget *old = g_object_get_data (G_OBJECT (parent), INBOX_KEY);
  Check *c;

  /* Someone else at the desk: the previous agent's list is not theirs. */
  if (old != NULL)
    gtk_window_destroy (GTK_WINDOW (old));
  if (agent == NULL)
    return;
  c = g_new0 (Check, 1);
  g_weak_ref_init (&c->parent, parent);
  c->context = g_object_ref (context);
  c->agent_id = kd_staff_get_id (agent);
  kd_handover_service_list_open_async (kd_context_get_handover_service (context), agent,
                                       kd_context_get_cancellable (context), list_done, c);
}

GtkWindow *
_kd_handover_inbox_get_dialog (GtkWindow *parent)
{
  return g_object_get_data (G_OBJECT (parent), INBOX_KEY);
}
