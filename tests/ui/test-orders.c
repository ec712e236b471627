/* test-orders.c: the Orders page on a demo database: a remark added by keyboard, the flag bar, search, import, the manual order dialog. */
#include <adwaita.h>
#include <glib/gstdio.h>

#include "kd-context.h"
#include "kd-customers-page-private.h"
#include "kd-customer-editor-private.h"
#include "kd-demo.h"
#include "kd-order-detail-private.h"
#include "kd-order-dialog-private.h"
#include "kd-orders-page-private.h"
#include "kd-test-util.h"
#include "kd-ui-test-util.h"
#include "kd-preferences-window.h"
#include "kd-window.h"

typedef struct {
  char          *dir;
  char          *path;
  KdStore       *store;
  KdContext     *context;
  GSettings     *settings;
  KdWindow      *window;
  KdOrdersPage  *page;
  KdOrderDetail *detail;
} Fixture;

/* The demo (2 000 orders) is written once; each test opens a copy. */
static char *demo_template;

static gboolean
page_settled (gpointer data)
{
  Fixture *f = data;
  return !g_main_context_pending (NULL) && !_kd_orders_page_is_busy (f->page) &&
         !_kd_order_detail_is_busy (f->detail);
}

static void
settle (Fixture *f)
{
  /* Twice: a write's "changed" starts reads (counts, the detail) of its own. */
  for (int i = 0; i < 2; i++)
    {
      g_assert_true (kd_store_write (f->store, barrier_job, NULL, NULL));
      g_assert_true (wait_for (page_settled, f));
    }
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("kd-test-orders-XXXXXX", NULL);
  f->path = g_build_filename (f->dir, "demo.db", NULL);
  {
    g_autoptr(GFile) from = g_file_new_for_path (demo_template);
    g_autoptr(GFile) to = g_file_new_for_path (f->path);
    g_assert_true (g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
  }
  f->store = kd_store_open (f->path, &error);
  g_assert_no_error (error);

  f->settings = g_settings_new (APP_ID);
  g_settings_reset (f->settings, "signed-in-job-number");
  g_settings_set_string (f->settings, "last-page", "orders");
  f->context = kd_context_new (f->store, f->settings);
  f->window = g_object_ref (kd_window_new (NULL, f->context));
  gtk_window_present (GTK_WINDOW (f->window));
  f->page = KD_ORDERS_PAGE (find_descendant (GTK_WIDGET (f->window), KD_TYPE_ORDERS_PAGE));
  g_assert_nonnull (f->page);
  f->detail = _kd_orders_page_get_detail (f->page);
  /* 林晓, No. 3, is at the desk. */
  g_assert_true (kd_desk_session_sign_in (kd_context_get_session (f->context), "3", NULL));
  settle (f);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_assert_finalize_object (f->window);
  g_assert_finalize_object (f->context);
  g_clear_object (&f->settings);
  g_assert_true (wait_for (only_ref, f->store));
  kd_store_close (f->store);
  g_assert_finalize_object (f->store);
  kd_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

/* A key press as GTK would route it to the shortcut controllers: capture
 * phase from the window down to the focus, then bubble back up. A page's
 * managed controller sits on the page, an ancestor of the focus, so it is
 * met on the way up as the window would consult it. Returns whether a
 * shortcut took the key. */
static gboolean
try_controllers (GtkWidget *widget, guint keyval, GdkModifierType mods, gboolean capture)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) c = g_list_model_get_item (controllers, i);
      gboolean is_capture = gtk_event_controller_get_propagation_phase (c) == GTK_PHASE_CAPTURE;

      if (!GTK_IS_SHORTCUT_CONTROLLER (c) || is_capture != capture)
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (c)); j++)
        {
          g_autoptr(GtkShortcut) s = g_list_model_get_item (G_LIST_MODEL (c), j);
          GtkShortcutTrigger *t = gtk_shortcut_get_trigger (s);

          if (GTK_IS_KEYVAL_TRIGGER (t) &&
              gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (t)) == gdk_keyval_to_lower (keyval) &&
              gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (t)) == mods &&
              gtk_shortcut_action_activate (gtk_shortcut_get_action (s), GTK_SHORTCUT_ACTION_EXCLUSIVE,
                                            widget, gtk_shortcut_get_arguments (s)))
            return TRUE;
        }
    }
  return FALSE;
}

static gboolean
press (Fixture *f, guint keyval, GdkModifierType mods)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (f->window));
  g_autoptr(GPtrArray) chain = g_ptr_array_new ();

  g_assert_nonnull (focus);
  for (GtkWidget *w = focus; w != NULL; w = gtk_widget_get_parent (w))
    g_ptr_array_add (chain, w);
  for (guint i = chain->len; i-- > 0;)
    if (try_controllers (g_ptr_array_index (chain, i), keyval, mods, TRUE))
      return TRUE;
  for (guint i = 0; i < chain->len; i++)
    if (try_controllers (g_ptr_array_index (chain, i), keyval, mods, FALSE))
      return TRUE;
  return FALSE;
}

static guint
n_visible (Fixture *f)
{
  return g_list_model_get_n_items (_kd_orders_page_get_visible_model (f->page));
}

static void
search (Fixture *f, const char *text)
{
  GtkWidget *entry = _kd_orders_page_get_search_entry (f->page);

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  g_signal_emit_by_name (entry, "search-changed");
  settle (f);
}

static int
count_of (Fixture *f, KdFlag flag)
{
  return _kd_orders_page_get_flag_count (f->page, flag);
}

/* Enter on a row puts the keyboard in the remark box; typing counts the
 * bytes left; Ctrl+3 picks green; Ctrl+Enter saves. The remark is stored
 * with the signed-in agent's job number, and the flag bar counts it. */
static void
test_remark_by_keyboard (Fixture *f, gconstpointer data)
{
  KdOrderService *service = kd_context_get_order_service (f->context);
  const char *text = "3号客服，发顺丰，尺码待确认后再发";
  GtkTextView *view = _kd_order_detail_get_remark_view (f->detail);
  g_autoptr(GPtrArray) remarks = NULL;
  g_autofree char *expected_left = NULL;
  KdRemark *last;
  KdOrder *order;
  int green_before, old_before;
  KdFlag old_flag;
  gint64 id;

  g_assert_cmpuint (n_visible (f), >=, 1000);
  g_assert_cmpstr (_kd_orders_page_get_state (f->page), ==, "list");
  green_before = count_of (f, KD_FLAG_GREEN);
  g_assert_cmpint (green_before, >, 0);

  /* An order that is not green yet: the first red one. */
  gtk_widget_activate_action (GTK_WIDGET (f->page), "orders.filter-flag", "i", KD_FLAG_RED);
  settle (f);
  g_assert_cmpuint (n_visible (f), ==, (guint) count_of (f, KD_FLAG_RED));
  g_signal_emit_by_name (_kd_orders_page_get_column_view (f->page), "activate", 0);
  settle (f);
  order = kd_order_detail_get_order (f->detail);
  g_assert_nonnull (order);
  id = order->id;
  old_flag = order->flag;
  g_assert_cmpint (old_flag, ==, KD_FLAG_RED);
  old_before = count_of (f, old_flag);
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (view)));

  /* Typing: the counter counts UTF-8 bytes (3 a character here), not characters. */
  gtk_text_buffer_insert_at_cursor (gtk_text_view_get_buffer (view), text, -1);
  expected_left = g_strdup_printf ("%d", (int) (KD_REMARK_MAX_BYTES - strlen (text)));
  g_assert_nonnull (strstr (_kd_order_detail_get_bytes_left (f->detail), expected_left));

  g_assert_true (press (f, GDK_KEY_3, GDK_CONTROL_MASK));
  g_assert_cmpint (_kd_order_detail_get_flag (f->detail), ==, KD_FLAG_GREEN);
  gtk_editable_set_text (_kd_order_detail_get_follow_up (f->detail), "2026-12-05");
  gtk_widget_grab_focus (GTK_WIDGET (view));
  g_assert_true (press (f, GDK_KEY_Return, GDK_CONTROL_MASK));
  settle (f);
  g_assert_null (_kd_order_detail_get_error (f->detail));

  remarks = kd_order_service_list_remarks (service, id, NULL);
  g_assert_nonnull (remarks);
  g_assert_cmpuint (remarks->len, >, 0);
  last = g_ptr_array_index (remarks, remarks->len - 1);
  g_assert_cmpstr (last->job_number, ==, "3");
  g_assert_cmpint (last->flag, ==, KD_FLAG_GREEN);
  g_assert_cmpstr (last->text, ==, text);
  g_assert_cmpstr (last->follow_up, ==, "2026-12-05");

  /* The flag bar counted it: one more green, one fewer red. */
  g_assert_cmpint (count_of (f, KD_FLAG_GREEN), ==, green_before + 1);
  g_assert_cmpint (count_of (f, old_flag), ==, old_before - 1);
  /* The timeline shows it, the box is empty again. */
  g_assert_cmpuint (_kd_order_detail_get_remarks (f->detail)->len, ==, remarks->len);
  {
    GtkTextIter s, e;
    g_autofree char *left = NULL;
    gtk_text_buffer_get_bounds (gtk_text_view_get_buffer (view), &s, &e);
    left = gtk_text_buffer_get_text (gtk_text_view_get_buffer (view), &s, &e, FALSE);
    g_assert_cmpstr (left, ==, "");
  }
  g_assert_cmpint (kd_order_detail_get_order (f->detail)->flag, ==, KD_FLAG_GREEN);
}

/* Over the limit the counter says so and Save is off; nobody signed in,
 * Save says to sign in and writes nothing. */
static void
test_remark_limits (Fixture *f, gconstpointer data)
{
  KdOrderService *service = kd_context_get_order_service (f->context);
  GtkTextView *view = _kd_order_detail_get_remark_view (f->detail);
  g_autoptr(GString) long_text = g_string_new (NULL);
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  gint64 id;

  g_assert_nonnull (kd_order_detail_get_order (f->detail));
  id = kd_order_detail_get_order_id (f->detail);
  for (int i = 0; i < 334; i++)
    g_string_append (long_text, "字");   /* 1 002 bytes */
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), long_text->str, -1);
  g_assert_nonnull (strstr (_kd_order_detail_get_bytes_left (f->detail), "2"));
  g_assert_nonnull (strstr (_kd_order_detail_get_bytes_left (f->detail), "many"));
  before = kd_order_service_list_remarks (service, id, NULL);
  gtk_widget_activate_action (GTK_WIDGET (f->detail), "detail.save-remark", NULL);
  settle (f);
  after = kd_order_service_list_remarks (service, id, NULL);
  g_assert_cmpuint (after->len, ==, before->len);
  g_clear_pointer (&after, g_ptr_array_unref);

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), "待发", -1);
  g_assert_true (kd_desk_session_sign_in (kd_context_get_session (f->context), "", NULL));
  gtk_widget_activate_action (GTK_WIDGET (f->detail), "detail.save-remark", NULL);
  settle (f);
  g_assert_nonnull (_kd_order_detail_get_error (f->detail));
  after = kd_order_service_list_remarks (service, id, NULL);
  g_assert_cmpuint (after->len, ==, before->len);
}

/* Searching by a full order number finds that order; Ctrl+0…5 filter by
 * flag from anywhere on the page; the same key again shows all. */
static void
test_search_and_flags (Fixture *f, gconstpointer data)
{
  KdOrderService *service = kd_context_get_order_service (f->context);
  g_autoptr(GPtrArray) some = kd_order_service_list (service, -1, -1, NULL, NULL, 0, 5, NULL);
  KdOrder *target;
  guint all = n_visible (f);

  g_assert_nonnull (some);
  g_assert_cmpuint (some->len, ==, 5);
  target = g_ptr_array_index (some, 3);
  search (f, target->order_no);
  g_assert_cmpuint (n_visible (f), >=, 1);
  g_assert_cmpint (kd_query_model_get_id (KD_QUERY_MODEL (gtk_single_selection_get_model (
                     GTK_SINGLE_SELECTION (_kd_orders_page_get_visible_model (f->page)))), 0), ==, target->id);
  g_assert_cmpint (kd_order_detail_get_order_id (f->detail), ==, target->id);
  g_assert_cmpstr (kd_order_detail_get_order (f->detail)->order_no, ==, target->order_no);

  search (f, "没有这种订单zzz");
  g_assert_cmpuint (n_visible (f), ==, 0);
  g_assert_cmpstr (_kd_orders_page_get_state (f->page), ==, "no-results");
  gtk_widget_activate_action (GTK_WIDGET (f->page), "orders.clear-filters", NULL);
  settle (f);
  g_assert_cmpuint (n_visible (f), ==, all);

  gtk_widget_grab_focus (_kd_orders_page_get_search_entry (f->page));
  g_assert_true (press (f, GDK_KEY_4, GDK_CONTROL_MASK));
  settle (f);
  g_assert_cmpuint (n_visible (f), ==, (guint) count_of (f, KD_FLAG_BLUE));
  g_assert_true (press (f, GDK_KEY_4, GDK_CONTROL_MASK));
  settle (f);
  g_assert_cmpuint (n_visible (f), ==, all);
}

typedef struct {
  char     *text;
  gboolean  done;
} ClipRead;

static void
clipboard_read (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ClipRead *r = user_data;
  r->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);
  r->done = TRUE;
}

static gboolean
clip_done (gpointer data)
{
  return ((ClipRead *) data)->done;
}

static char *
clipboard_text (Fixture *f)
{
  ClipRead r = { NULL, FALSE };

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (f->window)), NULL, clipboard_read, &r);
  g_assert_true (wait_for (clip_done, &r));
  return r.text;
}

/* Ctrl+Shift+C copies the latest remark as Taobao's seller memo takes it;
 * Copy Confirmation the service manual's text for this order. */
static void
test_copy (Fixture *f, gconstpointer data)
{
  KdOrderService *service = kd_context_get_order_service (f->context);
  g_autoptr(KdRemark) remark = kd_order_service_add_remark (service, kd_order_detail_get_order_id (f->detail),
                                                            KD_FLAG_YELLOW, "发顺丰，赠小礼品", "", NULL);
  g_autofree char *expected = NULL;
  g_autofree char *copied = NULL;
  g_autofree char *confirmation = NULL;
  g_autofree char *copied_confirmation = NULL;

  g_assert_nonnull (remark);
  /* Written elsewhere (the CLI, another window): the pane follows the store. */
  settle (f);
  g_assert_cmpint (remark->order_id, ==, kd_order_detail_get_order_id (f->detail));
  gtk_widget_grab_focus (_kd_orders_page_get_search_entry (f->page));
  g_assert_true (press (f, GDK_KEY_C, GDK_CONTROL_MASK | GDK_SHIFT_MASK));
  copied = clipboard_text (f);
  expected = kd_remark_for_taobao ("3", "发顺丰，赠小礼品");
  g_assert_cmpstr (copied, ==, expected);
  g_assert_nonnull (strstr (copied, "3"));

  gtk_widget_activate_action (GTK_WIDGET (f->detail), "detail.copy-confirmation", NULL);
  copied_confirmation = clipboard_text (f);
  confirmation = kd_order_confirmation_text (kd_order_detail_get_order (f->detail));
  g_assert_cmpstr (copied_confirmation, ==, confirmation);
  g_assert_cmpuint (strlen (confirmation), >, 10);
}

/* An order of a blacklisted buyer shows the warning banner; another does not. */
static void
test_blacklist_banner (Fixture *f, gconstpointer data)
{
  KdOrderService *service = kd_context_get_order_service (f->context);
  KdCustomerService *customers = kd_context_get_customer_service (f->context);
  g_autoptr(GPtrArray) all = kd_order_service_list (service, -1, -1, NULL, NULL, 0, 0, NULL);
  gint64 bad = 0, good = 0;

  g_assert_nonnull (all);
  for (guint i = 0; i < all->len && (bad == 0 || good == 0); i++)
    {
      KdOrder *o = g_ptr_array_index (all, i);
      g_autoptr(KdCustomer) c = kd_customer_service_find_nickname (customers, o->buyer, 0, NULL);

      if (c != NULL && c->blacklisted && bad == 0)
        bad = o->id;
      else if (c != NULL && !c->blacklisted && good == 0)
        good = o->id;
    }
  g_assert_cmpint (bad, >, 0);
  g_assert_cmpint (good, >, 0);

  kd_order_detail_set_order_id (f->detail, bad);
  settle (f);
  g_assert_true (_kd_order_detail_blacklist_shown (f->detail));
  kd_order_detail_set_order_id (f->detail, good);
  settle (f);
  g_assert_false (_kd_order_detail_blacklist_shown (f->detail));
}

static gboolean
editor_ready (gpointer data)
{
  KdCustomersPage *page = data;
  KdCustomerEditor *editor = _kd_customers_page_get_editor (page);
  return editor != NULL && !_kd_customer_editor_is_busy (editor);
}

/* Open Buyer turns to the Customers page with the buyer's profile open. */
static void
test_open_buyer (Fixture *f, gconstpointer data)
{
  KdOrderService *service = kd_context_get_order_service (f->context);
  KdCustomerService *customers = kd_context_get_customer_service (f->context);
  g_autoptr(GPtrArray) some = kd_order_service_list (service, -1, -1, NULL, NULL, 0, 1, NULL);
  KdOrder *order;
  g_autoptr(KdCustomer) buyer = NULL;
  KdCustomersPage *page = KD_CUSTOMERS_PAGE (find_descendant (GTK_WIDGET (f->window), KD_TYPE_CUSTOMERS_PAGE));
  AdwViewStack *stack = ADW_VIEW_STACK (find_descendant (GTK_WIDGET (f->window), ADW_TYPE_VIEW_STACK));
  KdCustomerEditor *editor;

  g_assert_nonnull (some);
  g_assert_cmpuint (some->len, ==, 1);
  order = g_ptr_array_index (some, 0);
  buyer = kd_customer_service_find_nickname (customers, order->buyer, 0, NULL);
  g_assert_nonnull (buyer);

  kd_order_detail_set_order_id (f->detail, 0);
  settle (f);
  /* No order shown: nothing to open. */
  gtk_widget_activate_action (GTK_WIDGET (f->detail), "detail.open-customer", NULL);
  settle (f);
  g_assert_null (_kd_customers_page_get_editor (page));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "orders");
  kd_order_detail_set_order_id (f->detail, order->id);
  settle (f);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->detail), "detail.open-customer", NULL));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "customers");
  g_assert_true (wait_for (editor_ready, page));
  editor = _kd_customers_page_get_editor (page);
  g_assert_cmpint (kd_customer_editor_get_id (editor), ==, buyer->id);
  g_assert_cmpstr (gtk_editable_get_text (_kd_customer_editor_get_nickname (editor)), ==, order->buyer);
  gtk_window_destroy (GTK_WINDOW (editor));
}

static gboolean
flag_named (gpointer data)
{
  Fixture *f = data;
  return g_str_has_prefix (_kd_orders_page_get_flag_label (f->page, KD_FLAG_GREEN), "缓发 ");
}

/* The shop renames green in Preferences: the flag bar and the remark box
 * show its name and meaning. */
static void
test_flag_preferences (Fixture *f, gconstpointer data)
{
  KdPreferencesWindow *prefs = kd_preferences_window_new (f->settings);
  AdwEntryRow *name, *meaning;

  kd_preferences_window_set_context (prefs, f->context);
  gtk_window_set_transient_for (GTK_WINDOW (prefs), GTK_WINDOW (f->window));
  gtk_window_present (GTK_WINDOW (prefs));
  name = kd_preferences_window_get_flag_entry (prefs, KD_FLAG_GREEN, FALSE);
  meaning = kd_preferences_window_get_flag_entry (prefs, KD_FLAG_GREEN, TRUE);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name)), ==, kd_flag_get_label (KD_FLAG_GREEN));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (kd_preferences_window_get_time_zone_entry (prefs))), ==,
                   "Asia/Shanghai");

  gtk_editable_set_text (GTK_EDITABLE (name), "缓发");
  gtk_editable_set_text (GTK_EDITABLE (meaning), "顾客要求晚点发货");
  g_signal_emit_by_name (meaning, "apply");
  g_assert_true (wait_for (flag_named, f));
  settle (f);
  g_assert_nonnull (strstr (_kd_orders_page_get_flag_tip (f->page, KD_FLAG_GREEN), "顾客要求晚点发货"));
  gtk_widget_activate_action (GTK_WIDGET (f->detail), "detail.set-flag", "i", KD_FLAG_GREEN);
  g_assert_cmpstr (_kd_order_detail_get_flag_meaning (f->detail), ==, "缓发 — 顾客要求晚点发货");
  gtk_window_destroy (GTK_WINDOW (prefs));
}

static char *
fixture_path (const char *name)
{
  return g_build_filename (g_getenv ("KD_SOURCE_ROOT"), "tests", "data", "orders", name, NULL);
}

/* A report with a bad row is refused with file:line and changes nothing;
 * the good report imports and the summary counts it. */
static void
test_import (Fixture *f, gconstpointer data)
{
  g_autofree char *bad = fixture_path ("bad-scientific.csv");
  g_autofree char *good = fixture_path ("report-later-utf8.csv");
  const char *bad_paths[] = { bad, NULL };
  const char *good_paths[] = { good, NULL };
  guint all = n_visible (f);
  const char *result;
  gboolean ok = TRUE;

  _kd_orders_page_import (f->page, bad_paths, FALSE);
  settle (f);
  result = _kd_orders_page_get_import_result (f->page, &ok);
  g_assert_false (ok);
  g_assert_nonnull (result);
  g_assert_nonnull (strstr (result, "bad-scientific.csv:"));
  g_assert_cmpuint (n_visible (f), ==, all);

  _kd_orders_page_import (f->page, good_paths, FALSE);
  settle (f);
  result = _kd_orders_page_get_import_result (f->page, &ok);
  g_assert_true (ok);
  g_assert_nonnull (result);
  g_assert_cmpuint (n_visible (f), >, all);
  g_assert_nonnull (strstr (result, "added"));
}

static gboolean
dialog_gone (gpointer data)
{
  return _kd_orders_page_get_dialog (((Fixture *) data)->page) == NULL;
}

/* Ctrl+N opens the manual order; a number that is not digits is refused
 * inline; a good one saves, and the new order is shown. */
static void
test_manual_order (Fixture *f, gconstpointer data)
{
  KdOrderService *service = kd_context_get_order_service (f->context);
  KdOrderDialog *dialog;
  g_autoptr(KdOrder) found = NULL;

  gtk_widget_grab_focus (_kd_orders_page_get_search_entry (f->page));
  g_assert_true (press (f, GDK_KEY_n, GDK_CONTROL_MASK));
  dialog = _kd_orders_page_get_dialog (f->page);
  g_assert_nonnull (dialog);
  g_assert_false (_kd_order_dialog_can_save (dialog));

  _kd_order_dialog_set_field (dialog, "order-no", "12ab");
  _kd_order_dialog_set_field (dialog, "buyer", "线下客户小周");
  g_assert_false (_kd_order_dialog_can_save (dialog));
  g_assert_nonnull (_kd_order_dialog_get_error (dialog));

  _kd_order_dialog_set_field (dialog, "order-no", "9000000000000001");
  _kd_order_dialog_set_field (dialog, "total", "12x");
  g_assert_false (_kd_order_dialog_can_save (dialog));
  _kd_order_dialog_set_field (dialog, "total", "128.50");
  g_assert_null (_kd_order_dialog_get_error (dialog));
  g_assert_true (_kd_order_dialog_can_save (dialog));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "order-dialog.save", NULL);
  g_assert_true (wait_for (dialog_gone, f));
  settle (f);

  found = kd_order_service_find (service, "9000000000000001", NULL);
  g_assert_nonnull (found);
  g_assert_cmpint (found->total, ==, 12850);
  g_assert_cmpstr (found->buyer, ==, "线下客户小周");
  g_assert_cmpint (kd_order_detail_get_order_id (f->detail), ==, found->id);
}

/* The rows of the list are read in pages by the service's model: after a
 * scroll through the first page every cell has its order. */
static void
test_rows_fill (Fixture *f, gconstpointer data)
{
  GListModel *model = _kd_orders_page_get_visible_model (f->page);

  for (guint i = 0; i < 20; i++)
    g_object_unref (g_list_model_get_item (model, i));
  settle (f);
  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(KdOrder) order = g_list_model_get_item (model, i);
      g_assert_true (kd_order_no_is_valid (order->order_no));
      g_assert_cmpstr (order->buyer, !=, "");
    }
}

int
main (int argc, char **argv)
{
  g_autofree char *demo_dir = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  demo_dir = g_dir_make_tmp ("kd-test-orders-demo-XXXXXX", NULL);
  demo_template = g_build_filename (demo_dir, "demo.db", NULL);
  g_assert_true (kd_demo_write (demo_template, &error));
  g_assert_no_error (error);


  g_test_add ("/orders/remark-by-keyboard", Fixture, NULL, fixture_setup, test_remark_by_keyboard, fixture_teardown);
  g_test_add ("/orders/remark-limits", Fixture, NULL, fixture_setup, test_remark_limits, fixture_teardown);
  g_test_add ("/orders/search-and-flags", Fixture, NULL, fixture_setup, test_search_and_flags, fixture_teardown);
  g_test_add ("/orders/copy", Fixture, NULL, fixture_setup, test_copy, fixture_teardown);
  g_test_add ("/orders/blacklist-banner", Fixture, NULL, fixture_setup, test_blacklist_banner, fixture_teardown);
  g_test_add ("/orders/import", Fixture, NULL, fixture_setup, test_import, fixture_teardown);
  g_test_add ("/orders/open-buyer", Fixture, NULL, fixture_setup, test_open_buyer, fixture_teardown);
  g_test_add ("/orders/flag-preferences", Fixture, NULL, fixture_setup, test_flag_preferences, fixture_teardown);
  g_test_add ("/orders/manual-order", Fixture, NULL, fixture_setup, test_manual_order, fixture_teardown);
  g_test_add ("/orders/rows-fill", Fixture, NULL, fixture_setup, test_rows_fill, fixture_teardown);
  status = g_test_run ();
  kd_test_rm_rf (demo_dir);
  g_free (demo_template);
  return status;
}
