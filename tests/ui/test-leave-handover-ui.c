/* test-leave-handover-ui.c: the real window: a supervisor approves leave (the roster shows it) and undoes it; an agent's approval is refused; a swap that breaks a rule is approved only after the supervisor sees the list; a handover's orders and customers link to their pages; the agent who signs in acknowledges the open handover; a handover written through the dialog. */
#include <adwaita.h>
#include <glib/gstdio.h>

#include "kd-context.h"
#include "kd-demo.h"
#include "kd-handover-inbox.h"
#include "kd-handover-page.h"
#include "kd-leave-page.h"
#include "kd-customers-page-private.h"
#include "kd-orders-page-private.h"
#include "kd-roster-service.h"
#include "kd-roster-export.h"
#include "kd-test-util.h"
#include "kd-ui-test-util.h"
#include "kd-window.h"

typedef struct {
  char           *dir;
  char           *path;
  KdStore        *store;
  KdContext      *context;
  GSettings      *settings;
  KdWindow       *window;
  KdLeavePage    *leave_page;
  KdHandoverPage *handover_page;
} Fixture;

static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;
  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
}

static gboolean
settled (gpointer data)
{
  Fixture *f = data;
  return !g_main_context_pending (NULL) && !_kd_leave_page_is_busy (f->leave_page) &&
         !_kd_handover_page_is_busy (f->handover_page);
}

static void
settle (Fixture *f)
{
  g_assert_true (kd_store_write (f->store, barrier_job, NULL, NULL));
  g_assert_true (wait_for (settled, f));
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 ("2026-11-25T09:00:00+08:00", NULL);
  g_autoptr(KdClock) clock = kd_clock_new_fixed (now);
  g_autoptr(GError) error = NULL;

  kd_clock_set_default (clock);
  f->dir = g_dir_make_tmp ("kd-test-ui-leave-XXXXXX", NULL);
  f->path = g_build_filename (f->dir, "demo.db", NULL);
  g_assert_true (kd_demo_write (f->path, &error));
  f->store = kd_store_open (f->path, &error);
  g_assert_no_error (error);

  f->settings = g_settings_new (APP_ID);
  g_settings_reset (f->settings, "signed-in-job-number");
  g_settings_reset (f->settings, "last-page");
  f->context = kd_context_new (f->store, f->settings);
  f->window = g_object_ref (kd_window_new (NULL, f->context));
  gtk_window_present (GTK_WINDOW (f->window));
  f->leave_page = KD_LEAVE_PAGE (find_descendant (GTK_WIDGET (f->window), KD_TYPE_LEAVE_PAGE));
  f->handover_page = KD_HANDOVER_PAGE (find_descendant (GTK_WIDGET (f->window), KD_TYPE_HANDOVER_PAGE));
  g_assert_nonnull (f->leave_page);
  g_assert_nonnull (f->handover_page);
  settle (f);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  spin (50);
  g_assert_finalize_object (f->window);
  g_assert_finalize_object (f->context);
  g_clear_object (&f->settings);
  g_assert_true (wait_for (only_ref, f->store));
  kd_store_close (f->store);
  g_assert_finalize_object (f->store);
  kd_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->path);
  kd_clock_set_default (NULL);
}

static void
sign_in (Fixture *f, const char *job)
{
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.sign-in", "s", job);
  settle (f);
  g_assert_cmpstr (kd_staff_get_job_number (kd_window_get_signed_in_staff (f->window)), ==, job);
}

/* Selects the leave request of @name in the page's list; its id. */
static gint64
select_leave_of (Fixture *f, const char *name)
{
  GtkColumnView *view = GTK_COLUMN_VIEW (find_descendant (GTK_WIDGET (f->leave_page), GTK_TYPE_COLUMN_VIEW));
  GtkSingleSelection *sel = GTK_SINGLE_SELECTION (gtk_column_view_get_model (view));
  GListModel *m = _kd_leave_page_get_leave_model (f->leave_page);

  for (guint i = 0; i < g_list_model_get_n_items (m); i++)
    {
      g_autoptr(KdLeaveRequest) r = g_list_model_get_item (m, i);
      if (g_strcmp0 (r->staff_name, name) == 0)
        {
          gtk_single_selection_set_selected (sel, i);
          return r->id;
        }
    }
  g_assert_not_reached ();
}

/* The roster as exported: the leave code of @job on December @day, or "". */
static char *
december_code (Fixture *f, const char *job, int day)
{
  g_autoptr(KdRosterExportData) data = kd_roster_export_load (f->store, 2026, 12, job, NULL);
  const char *code;

  g_assert_nonnull (data);
  code = data->leave[day - 1];
  return g_strdup (code ? code : "");
}

static gboolean
is_actionable_for (GtkWidget *widget, gconstpointer action)
{
  return GTK_IS_ACTIONABLE (widget) && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0;
}

static GtkWidget *
find_action_button (GtkWidget *widget, const char *action)
{
  return find_where (widget, is_actionable_for, action);
}

static KdRequestStatus
leave_status (Fixture *f, gint64 id)
{
  g_autoptr(KdLeaveRequest) r = kd_leave_service_get_leave (kd_context_get_leave_service (f->context), id, NULL);
  return r->status;
}

static void
test_approve_leave (Fixture *f, gconstpointer data)
{
  GListModel *m = _kd_leave_page_get_leave_model (f->leave_page);
  gint64 id;
  AdwToast *toast;
  char *code;

  /* Pending only by default: the demo's 郑可欣 (Dec 8–9) and 赵敏 (Dec 12). */
  g_assert_cmpuint (g_list_model_get_n_items (m), ==, 2);

  /* An agent cannot approve: the action is off, and nothing changes. */
  sign_in (f, "3");
  id = select_leave_of (f, "郑可欣");
  settle (f);
  g_assert_false (gtk_widget_is_sensitive (find_action_button (GTK_WIDGET (f->leave_page), "leave.approve")));
  gtk_widget_activate_action (GTK_WIDGET (f->leave_page), "leave.approve", NULL);
  settle (f);
  g_assert_cmpint (leave_status (f, id), ==, KD_REQUEST_PENDING);
  code = december_code (f, "12", 8);
  g_assert_cmpstr (code, ==, "");
  g_free (code);

  /* The supervisor approves: the roster has the leave, the list drops it. */
  sign_in (f, "2");
  id = select_leave_of (f, "郑可欣");
  settle (f);
  g_assert_true (gtk_widget_is_sensitive (find_action_button (GTK_WIDGET (f->leave_page), "leave.approve")));
  gtk_widget_activate_action (GTK_WIDGET (f->leave_page), "leave.approve", NULL);
  settle (f);
  g_assert_cmpint (leave_status (f, id), ==, KD_REQUEST_APPROVED);
  code = december_code (f, "12", 8);
  g_assert_cmpstr (code, ==, "年");
  g_free (code);
  code = december_code (f, "12", 9);
  g_assert_cmpstr (code, ==, "年");
  g_free (code);
  g_assert_cmpuint (g_list_model_get_n_items (m), ==, 1);

  /* The toast's Undo puts it back. */
  toast = _kd_leave_page_get_undo_toast (f->leave_page);
  g_assert_nonnull (toast);
  g_signal_emit_by_name (toast, "button-clicked");
  settle (f);
  g_assert_cmpint (leave_status (f, id), ==, KD_REQUEST_PENDING);
  code = december_code (f, "12", 8);
  g_assert_cmpstr (code, ==, "");
  g_free (code);
  g_assert_cmpuint (g_list_model_get_n_items (m), ==, 2);
}

static AdwMessageDialog *
find_dialog (const char *heading)
{
  g_autoptr(GList) windows = gtk_window_list_toplevels ();

  for (GList *l = windows; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) &&
        g_strcmp0 (adw_message_dialog_get_heading (l->data), heading) == 0)
      return l->data;
  return NULL;
}

static void
test_reject_with_reason (Fixture *f, gconstpointer data)
{
  AdwMessageDialog *dialog;
  g_autoptr(KdLeaveRequest) stored = NULL;
  gint64 id;
  char *code;

  sign_in (f, "2");
  id = select_leave_of (f, "郑可欣");
  settle (f);
  gtk_widget_activate_action (GTK_WIDGET (f->leave_page), "leave.reject", NULL);
  dialog = find_dialog ("Reject the Request?");
  g_assert_nonnull (dialog);
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)), "大促期间不批年假");
  adw_message_dialog_response (dialog, "reject");
  settle (f);
  gtk_window_destroy (GTK_WINDOW (dialog));
  settle (f);

  stored = kd_leave_service_get_leave (kd_context_get_leave_service (f->context), id, NULL);
  g_assert_cmpint (stored->status, ==, KD_REQUEST_REJECTED);
  g_assert_cmpstr (stored->decision_note, ==, "大促期间不批年假");
  g_assert_cmpstr (stored->decided_by_name, ==, "陈静");
  code = december_code (f, "12", 8);
  g_assert_cmpstr (code, ==, "");     /* the roster is untouched */
  g_free (code);
}

static gboolean
breaks_dialog_shown (gpointer data)
{
  return find_dialog ("Approve Despite the Rules?") != NULL;
}

static void
set_december_cell (Fixture *f, const char *job, int day, const char *code)
{
  KdRosterService *roster = kd_context_get_roster_service (f->context);
  g_autoptr(KdRosterSheet) sheet = kd_roster_service_load_sheet (roster, 2026, 12, NULL);
  KdRosterCellWrite w;
  int p = -1;

  g_assert_nonnull (sheet);
  for (int i = 0; i < sheet->n_persons; i++)
    if (g_strcmp0 (sheet->model->persons[i].code, job) == 0)
      p = i;
  g_assert_cmpint (p, >=, 0);
  kd_roster_sheet_cell_write (sheet, p, day - 1, code ? kd_roster_sheet_find_code (sheet, code[0]) : KD_ROSTER_OFF,
                              FALSE, &w);
  g_assert_true (kd_roster_service_set_cells (roster, &w, 1, NULL));
}

static char *
december_shift (Fixture *f, const char *job, int day)
{
  g_autoptr(KdRosterExportData) data = kd_roster_export_load (f->store, 2026, 12, job, NULL);
  int v;

  g_assert_nonnull (data);
  v = data->shift[day - 1];
  return g_strdup (v >= 0 ? ((KdShiftTemplate *) g_ptr_array_index (data->source->templates, v))->code : "");
}

/* The demo's swap (林晓 and 黄思远 on December 5) after a 晚班 for 林晓
 * on the 4th: 林晓 would start 白班 at 08:00 after 7 h of rest. */
static void
test_swap_breaking_rules (Fixture *f, gconstpointer data)
{
  GListModel *m = _kd_leave_page_get_swap_model (f->leave_page);
  g_autoptr(KdSwapRequest) stored = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *list;
  const char *text;
  gint64 id;
  char *code;

  set_december_cell (f, "3", 4, "N");
  set_december_cell (f, "3", 5, NULL);
  set_december_cell (f, "7", 5, "D");
  sign_in (f, "2");
  g_assert_cmpuint (g_list_model_get_n_items (m), ==, 1);
  {
    g_autoptr(KdSwapRequest) r = g_list_model_get_item (m, 0);
    id = r->id;
  }
  _kd_leave_page_select_swap (f->leave_page, 0);
  settle (f);

  /* Cancel: nothing written. */
  gtk_widget_activate_action (GTK_WIDGET (f->leave_page), "leave.approve", NULL);
  g_assert_true (wait_for (breaks_dialog_shown, NULL));
  dialog = find_dialog ("Approve Despite the Rules?");
  list = find_descendant (adw_message_dialog_get_extra_child (dialog), GTK_TYPE_LABEL);
  text = gtk_label_get_text (GTK_LABEL (list));
  g_assert_nonnull (strstr (text, "2026-12-05"));
  g_assert_nonnull (strstr (text, "林晓"));
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  settle (f);
  stored = kd_leave_service_get_swap (kd_context_get_leave_service (f->context), id, NULL);
  g_assert_cmpint (stored->status, ==, KD_REQUEST_PENDING);
  code = december_shift (f, "3", 5);
  g_assert_cmpstr (code, ==, "");
  g_free (code);

  /* Approve Anyway: written, the grid shows the swap. */
  gtk_widget_activate_action (GTK_WIDGET (f->leave_page), "leave.approve", NULL);
  g_assert_true (wait_for (breaks_dialog_shown, NULL));
  dialog = find_dialog ("Approve Despite the Rules?");
  adw_message_dialog_response (dialog, "approve");
  gtk_window_destroy (GTK_WINDOW (dialog));
  settle (f);
  g_clear_object (&stored);
  stored = kd_leave_service_get_swap (kd_context_get_leave_service (f->context), id, NULL);
  g_assert_cmpint (stored->status, ==, KD_REQUEST_APPROVED);
  code = december_shift (f, "3", 5);
  g_assert_cmpstr (code, ==, "D");
  g_free (code);
  code = december_shift (f, "7", 5);
  g_assert_cmpstr (code, ==, "");
  g_free (code);
}

static gboolean
inbox_shown (gpointer data)
{
  return _kd_handover_inbox_get_dialog (data) != NULL;
}

static gboolean
inbox_gone (gpointer data)
{
  return _kd_handover_inbox_get_dialog (data) == NULL;
}

static gboolean
is_named (GtkWidget *widget, gconstpointer name)
{
  return g_strcmp0 (gtk_widget_get_name (widget), name) == 0;
}

static GtkWidget *
find_named (GtkWidget *widget, const char *name)
{
  return find_where (widget, is_named, name);
}

static void
test_acknowledge_at_sign_in (Fixture *f, gconstpointer data)
{
  KdHandoverService *handovers = kd_context_get_handover_service (f->context);
  GtkWindow *inbox;
  GtkWidget *button;
  g_autoptr(GPtrArray) open = NULL;
  g_autoptr(KdStaff) huang = NULL;

  /* 林晓 wrote the open one: signing in as her shows nothing. */
  sign_in (f, "3");
  spin (200);
  g_assert_null (_kd_handover_inbox_get_dialog (GTK_WINDOW (f->window)));

  /* 黄思远 takes over: the dialog lists it with its button. */
  sign_in (f, "7");
  g_assert_true (wait_for (inbox_shown, f->window));
  inbox = _kd_handover_inbox_get_dialog (GTK_WINDOW (f->window));
  button = find_named (GTK_WIDGET (inbox), "kd-ack-button");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  settle (f);
  /* The only one acknowledged: the dialog closed itself. */
  g_assert_true (wait_for (inbox_gone, f->window));

  huang = g_object_ref (kd_window_get_signed_in_staff (f->window));
  open = kd_handover_service_list_open (handovers, huang, NULL);
  g_assert_cmpuint (open->len, ==, 0);
  g_clear_pointer (&open, g_ptr_array_unref);

  /* The history shows who acknowledged it. */
  {
    GListModel *m = _kd_handover_page_get_model (f->handover_page);
    g_autoptr(KdHandover) newest = NULL;
    g_autofree char *status = NULL;

    g_assert_cmpuint (g_list_model_get_n_items (m), ==, 4);
    newest = g_list_model_get_item (m, 0);
    g_object_get (newest, "status-label", &status, NULL);
    g_assert_nonnull (strstr (status, "黄思远"));
  }

  /* Signing in again later shows nothing more. */
  sign_in (f, "3");
  sign_in (f, "7");
  spin (200);
  g_assert_null (_kd_handover_inbox_get_dialog (GTK_WINDOW (f->window)));
}

static void
test_write_handover (Fixture *f, gconstpointer data)
{
  AdwMessageDialog *dialog;
  GtkWidget *entry;
  GListModel *m = _kd_handover_page_get_model (f->handover_page);
  g_autoptr(KdHandover) newest = NULL;
  g_autoptr(KdHandover) stored = NULL;

  sign_in (f, "3");
  g_assert_cmpuint (g_list_model_get_n_items (m), ==, 4);
  dialog = kd_handover_page_open_writer (f->handover_page);
  /* Nothing typed yet: nothing to hand over. */
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "submit"));
  entry = find_descendant (GTK_WIDGET (dialog), GTK_TYPE_ENTRY);   /* the first item's text */
  gtk_editable_set_text (GTK_EDITABLE (entry), "顾客要发票，明天上午开");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "submit"));
  adw_message_dialog_response (dialog, "submit");
  settle (f);
  gtk_window_destroy (GTK_WINDOW (dialog));
  settle (f);

  g_assert_cmpuint (g_list_model_get_n_items (m), ==, 5);
  newest = g_list_model_get_item (m, 0);
  stored = kd_handover_service_get (kd_context_get_handover_service (f->context), newest->id, NULL);
  g_assert_cmpstr (stored->author_name, ==, "林晓");
  g_assert_cmpuint (stored->items->len, ==, 1);
  g_assert_cmpstr (((KdHandoverItem *) g_ptr_array_index (stored->items, 0))->text, ==, "顾客要发票，明天上午开");
  g_assert_cmpint (stored->acked_at, ==, 0);
  /* The shift handed over is 林晓's on the roster at the clock's 09:00. */
  {
    g_autoptr(GDateTime) now = kd_clock_now_local (NULL);
    g_autoptr(GPtrArray) duty = kd_roster_service_on_duty (kd_context_get_roster_service (f->context), now, NULL);
    const char *want = "";

    for (guint i = 0; duty != NULL && i < duty->len; i++)
      if (((KdOnDuty *) g_ptr_array_index (duty, i))->staff_id == stored->author_id)
        want = ((KdOnDuty *) g_ptr_array_index (duty, i))->shift_code;
    g_assert_cmpstr (stored->shift_code, ==, want);
    g_assert_cmpstr (want, !=, "");   /* the demo rosters 林晓 that morning */
  }
}

static GtkFlowBox *
handover_links (Fixture *f)
{
  return GTK_FLOW_BOX (find_descendant (GTK_WIDGET (f->handover_page), GTK_TYPE_FLOW_BOX));
}

static gboolean
links_shown (gpointer data)
{
  return gtk_widget_get_first_child (GTK_WIDGET (handover_links (data))) != NULL;
}

/* The button in the selected handover's links whose label is @label. */
static GtkWidget *
link_button (Fixture *f, const char *label)
{
  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (handover_links (f))); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *button = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (c));
      if (g_strcmp0 (gtk_button_get_label (GTK_BUTTON (button)), label) == 0)
        return button;
    }
  return NULL;
}

static void
press_link (GtkWidget *button)
{
  gtk_widget_activate_action_variant (button, gtk_actionable_get_action_name (GTK_ACTIONABLE (button)),
                                      gtk_actionable_get_action_target_value (GTK_ACTIONABLE (button)));
}

typedef struct {
  GListModel *model;
  guint       n;
} Rows;

static gboolean
has_rows (gpointer data)
{
  Rows *r = data;
  return g_list_model_get_n_items (r->model) == r->n;
}

static gboolean
order_filled (gpointer data)
{
  return *((KdOrder *) data)->order_no != '\0';
}

/* A handover's orders and customers are links: each shows its order on
 * the Orders page, or its customer on the Customers page, and the demo's
 * are real rows there. */
static void
test_handover_links (Fixture *f, gconstpointer data)
{
  GtkColumnView *view = GTK_COLUMN_VIEW (find_descendant (GTK_WIDGET (f->handover_page), GTK_TYPE_COLUMN_VIEW));
  KdWindow *w = f->window;
  GtkWidget *orders = find_descendant (GTK_WIDGET (w), KD_TYPE_ORDERS_PAGE);
  GtkWidget *customers = find_descendant (GTK_WIDGET (w), KD_TYPE_CUSTOMERS_PAGE);
  GListModel *order_rows = _kd_orders_page_get_visible_model (KD_ORDERS_PAGE (orders));
  g_autoptr(KdHandover) newest = NULL, stored = NULL;
  g_autofree char *order_label = NULL, *customer_label = NULL, *last_label = NULL;
  const KdHandoverItem *first, *last;
  guint n = 0;

  sign_in (f, "3");
  gtk_widget_activate_action (GTK_WIDGET (w), "win.page", "s", "schedule");
  /* The newest: the demo's open handover by 林晓, two orders and three customers. */
  newest = g_list_model_get_item (G_LIST_MODEL (gtk_column_view_get_model (view)), 0);
  stored = kd_handover_service_get (kd_context_get_handover_service (f->context), newest->id, NULL);
  g_assert_cmpuint (stored->items->len, ==, 3);
  first = g_ptr_array_index (stored->items, 0);
  last = g_ptr_array_index (stored->items, 2);
  g_assert_cmpstr (first->order_no, !=, "");
  g_assert_cmpstr (first->customer, !=, "");
  g_assert_cmpstr (last->customer, !=, "");
  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (gtk_column_view_get_model (view)), 0);
  g_assert_true (wait_for (links_shown, f));
  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (handover_links (f))); c; c = gtk_widget_get_next_sibling (c))
    n++;
  g_assert_cmpuint (n, ==, 5);
  order_label = g_strdup_printf ("Order %s", first->order_no);
  customer_label = g_strdup_printf ("Customer %s", first->customer);
  last_label = g_strdup_printf ("Customer %s", last->customer);
  g_assert_nonnull (link_button (f, customer_label));

  press_link (link_button (f, order_label));
  g_assert_cmpstr (kd_window_get_visible_page (w), ==, "orders");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (_kd_orders_page_get_search_entry (KD_ORDERS_PAGE (orders)))),
                   ==, first->order_no);
  {
    Rows r = { order_rows, 1 };
    g_autoptr(KdOrder) order = NULL;

    g_assert_true (wait_for (has_rows, &r));
    order = g_list_model_get_item (order_rows, 0);
    g_assert_true (wait_for (order_filled, order));
    g_assert_cmpstr (order->order_no, ==, first->order_no);
  }

  gtk_widget_activate_action (GTK_WIDGET (w), "win.page", "s", "schedule");
  press_link (link_button (f, last_label));
  g_assert_cmpstr (kd_window_get_visible_page (w), ==, "customers");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (_kd_customers_page_get_search_entry (KD_CUSTOMERS_PAGE (customers)))),
                   ==, last->customer);
  {
    Rows r = { G_LIST_MODEL (_kd_customers_page_get_model (KD_CUSTOMERS_PAGE (customers))), 1 };

    g_assert_true (wait_for (has_rows, &r));
  }
  settle (f);
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(name, fn) g_test_add (name, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/ui/leave/approve-updates-roster-and-undo", test_approve_leave);
  ADD ("/ui/leave/swap-breaking-rules-asks-first", test_swap_breaking_rules);
  ADD ("/ui/leave/reject-with-reason", test_reject_with_reason);
  ADD ("/ui/handover/acknowledge-at-sign-in", test_acknowledge_at_sign_in);
  ADD ("/ui/handover/write", test_write_handover);
  ADD ("/ui/handover/links", test_handover_links);
  return g_test_run ();
}
