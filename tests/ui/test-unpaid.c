/* test-unpaid.c: the Unpaid page on hand-made overdue orders: rows, states, routed agents, a live countdown, follow-up stamped with the signed-in agent, snooze, the agent filter, Open order, the empty state; the report's numbers, chart and CSV on a hand-built history. */
#include <adwaita.h>
#include <glib/gstdio.h>

#include "kd-context.h"
#include "kd-autostart.h"
#include "kd-order-detail.h"
#include "kd-preferences-window.h"
#include "kd-orders-page-private.h"
#include "kd-test-util.h"
#include "kd-ui-test-util.h"
#include "kd-unpaid-chart.h"
#include "kd-unpaid-page-private.h"
#include "kd-window.h"

typedef struct {
  char         *dir;
  char         *path;
  KdClock      *clock;
  KdStore      *store;
  KdContext    *context;
  GSettings    *settings;
  KdWindow     *window;
  KdUnpaidPage *page;
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
  return !g_main_context_pending (NULL) && !_kd_unpaid_page_is_busy (f->page);
}

static void
settle (Fixture *f)
{
  /* Twice: a write's "changed" starts the list's read of its own. */
  for (int i = 0; i < 2; i++)
    {
      g_assert_true (kd_store_write (f->store, barrier_job, NULL, NULL));
      g_assert_true (wait_for (settled, f));
    }
}

static gint64
now (Fixture *f)
{
  return kd_clock_now_unix (f->clock);
}

static void
add_staff (Fixture *f, const char *job, const char *name)
{
  g_autoptr(KdStaff) s = kd_staff_new (job, name, KD_ROLE_PRESALE, "");
  g_autoptr(GError) error = NULL;

  g_assert_true (kd_staff_service_save (kd_context_get_staff_service (f->context), s, &error));
  g_assert_no_error (error);
}

static void
sign_in (Fixture *f, const char *job)
{
  g_assert_true (kd_desk_session_sign_in (kd_context_get_session (f->context), job, NULL));
}

/* An order placed @ago seconds before now, still awaiting payment. */
static gint64
add_order (Fixture *f, const char *no, const char *buyer, gint64 ago, gint64 total)
{
  KdOrderService *orders = kd_context_get_order_service (f->context);
  g_autoptr(KdOrder) o = kd_order_new (no, buyer);
  g_autoptr(GError) error = NULL;

  o->status = KD_ORDER_AWAITING_PAYMENT;
  o->created_at = now (f) - ago;
  o->total = total;
  g_assert_true (kd_order_service_save (orders, o, &error));
  g_assert_no_error (error);
  g_assert_cmpint (o->id, >, 0);
  return o->id;
}

static void
pay_order (Fixture *f, gint64 id)
{
  KdOrderService *orders = kd_context_get_order_service (f->context);
  g_autoptr(KdOrder) o = kd_order_service_load (orders, id, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (o);
  o->status = KD_ORDER_PAID;
  o->paid_at = now (f);
  o->paid = o->total;
  g_assert_true (kd_order_service_save (orders, o, &error));
  g_assert_no_error (error);
}

static void
open_window (Fixture *f)
{
  f->window = g_object_ref (kd_window_new (NULL, f->context));
  gtk_window_present (GTK_WINDOW (f->window));
  f->page = KD_UNPAID_PAGE (find_descendant (GTK_WIDGET (f->window), KD_TYPE_UNPAID_PAGE));
  g_assert_nonnull (f->page);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-unpaid", "x", (gint64) 0);
  g_assert_cmpstr (kd_window_get_visible_page (f->window), ==, "unpaid");
  settle (f);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GDateTime) start = g_date_time_new_from_iso8601 ("2026-11-25T09:00:00+08:00", NULL);
  g_autoptr(GError) error = NULL;

  f->clock = kd_clock_new_fixed (start);
  kd_clock_set_default (f->clock);
  f->dir = g_dir_make_tmp ("kd-test-ui-unpaid-XXXXXX", NULL);
  f->path = g_build_filename (f->dir, "shop.db", NULL);
  f->store = kd_store_open_full (f->path, KD_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);

  f->settings = g_settings_new (APP_ID);
  g_settings_reset (f->settings, "signed-in-job-number");
  g_settings_reset (f->settings, "unpaid-alert-hours");
  g_settings_set_string (f->settings, "last-page", "orders");
  f->context = kd_context_new (f->store, f->settings);
  add_staff (f, "3", "林晓");
  add_staff (f, "7", "黄思远");
  add_staff (f, "9", "周文博");
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  if (f->window != NULL)
    {
      gtk_window_destroy (GTK_WINDOW (f->window));
      spin (50);
      g_assert_finalize_object (f->window);
    }
  g_assert_finalize_object (f->context);
  g_clear_object (&f->settings);
  g_assert_true (wait_for (only_ref, f->store));
  kd_store_close (f->store);
  g_assert_finalize_object (f->store);
  kd_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->path);
  kd_clock_set_default (NULL);
  g_clear_object (&f->clock);
}

static guint
n_rows (Fixture *f)
{
  return g_list_model_get_n_items (_kd_unpaid_page_get_visible_model (f->page));
}

static KdUnpaidOrder *
row (Fixture *f, guint i)
{
  GListModel *m = _kd_unpaid_page_get_visible_model (f->page);
  KdUnpaidOrder *o = g_list_model_get_item (m, i);

  g_assert_nonnull (o);
  g_object_unref (o);   /* the model keeps it */
  return o;
}

static KdUnpaidOrder *
row_of (Fixture *f, gint64 id)
{
  for (guint i = 0; i < n_rows (f); i++)
    if (row (f, i)->order_id == id)
      return row (f, i);
  return NULL;
}

static const char *
cell (Fixture *f, gint64 id, KdUnpaidColumn column)
{
  KdUnpaidOrder *o = row_of (f, id);

  g_assert_nonnull (o);
  return _kd_unpaid_page_get_cell (f->page, o, column);
}

static gboolean
is_mapped_label (GtkWidget *widget, gconstpointer text)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

static gboolean
has_label (GtkWidget *widget, const char *text)
{
  return find_where (widget, is_mapped_label, text) != NULL;
}

typedef struct { GtkWidget *widget; const char *text; } LabelWait;

static gboolean
label_shown (gpointer data)
{
  LabelWait *w = data;
  return has_label (w->widget, w->text);
}

/* As the dialog's button does: the response, then the dialog closes. */
static void
respond (Fixture *f, const char *response)
{
  AdwMessageDialog *dialog = _kd_unpaid_page_get_dialog (f->page);

  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, response);
  gtk_window_close (GTK_WINDOW (dialog));
}

typedef struct {
  gint64 a, b, c, d;
} Orders;

/* Two orders alerted while No. 3 was at the desk (no roster: the signed-in
 * agent gets them); then No. 7 signs in: one more overdue, not alerted yet,
 * and one due in two hours, both previewed for No. 7. A paid one and one
 * placed an hour ago are not listed. */
static Orders
make_orders (Fixture *f)
{
  KdUnpaidService *unpaid = kd_context_get_unpaid_service (f->context);
  KdCustomerService *customers = kd_context_get_customer_service (f->context);
  g_autoptr(KdCustomer) buyer = NULL;
  g_autoptr(KdCustomerChange) change = NULL;
  g_autoptr(GPtrArray) raised = NULL;
  g_autoptr(GError) error = NULL;
  gint64 paid;
  Orders o;

  o.a = add_order (f, "1001", "晚风2019", 14 * 3600, 41500);
  o.b = add_order (f, "1002", "星河不吃香菜", 13 * 3600, 60100);
  paid = add_order (f, "1005", "momo妈妈", 20 * 3600, 22280);
  pay_order (f, paid);
  add_order (f, "1006", "tb_酱", 3600, 5000);

  /* 星河不吃香菜 is blacklisted (by No. 3) and typed "orders but does not pay". */
  sign_in (f, "3");
  buyer = kd_customer_service_find_nickname (customers, "星河不吃香菜", 0, NULL);
  g_assert_nonnull (buyer);
  buyer->blacklisted = TRUE;
  g_free (buyer->blacklist_reason);
  buyer->blacklist_reason = g_strdup ("拍下不付款三次");
  buyer->buying_type = KD_BUYING_NO_PAY;
  change = kd_customer_service_save (customers, buyer, &error);
  g_assert_no_error (error);

  raised = kd_unpaid_service_check (unpaid, now (f), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (raised->len, ==, 2);

  sign_in (f, "7");
  o.c = add_order (f, "1003", "橘子w", 12 * 3600 + 1800, 70200);
  o.d = add_order (f, "1004", "柚子小姐姐", 10 * 3600, 59800);
  return o;
}

static void
test_list (Fixture *f, gconstpointer data)
{
  KdUnpaidService *unpaid = kd_context_get_unpaid_service (f->context);
  Orders o = make_orders (f);
  g_autoptr(KdUnpaidOrder) loaded = NULL;
  LabelWait wait;
  KdOrderDetail *detail;
  KdOrdersPage *orders_page;

  open_window (f);
  g_assert_cmpstr (_kd_unpaid_page_get_state (f->page), ==, "list");

  /* Oldest first; the paid order and the young one are not there. */
  g_assert_cmpuint (n_rows (f), ==, 4);
  g_assert_cmpint (row (f, 0)->order_id, ==, o.a);
  g_assert_cmpint (row (f, 1)->order_id, ==, o.b);
  g_assert_cmpint (row (f, 2)->order_id, ==, o.c);
  g_assert_cmpint (row (f, 3)->order_id, ==, o.d);

  g_assert_cmpstr (cell (f, o.a, KD_UNPAID_COL_ORDER), ==, "1001");
  g_assert_cmpstr (cell (f, o.a, KD_UNPAID_COL_BUYER), ==, "晚风2019");
  g_assert_cmpstr (cell (f, o.a, KD_UNPAID_COL_AMOUNT), ==, "¥415.00");
  g_assert_cmpstr (cell (f, o.a, KD_UNPAID_COL_UNPAID), ==, "14 h 00 min");
  g_assert_cmpstr (cell (f, o.c, KD_UNPAID_COL_UNPAID), ==, "12 h 30 min");
  g_assert_cmpstr (cell (f, o.d, KD_UNPAID_COL_UNPAID), ==, "Due in 2:00:00");

  g_assert_cmpstr (cell (f, o.a, KD_UNPAID_COL_STATE), ==, kd_unpaid_state_get_label (KD_UNPAID_ALERTED));
  g_assert_cmpstr (cell (f, o.c, KD_UNPAID_COL_STATE), ==, kd_unpaid_state_get_label (KD_UNPAID_NEW));
  g_assert_cmpstr (cell (f, o.d, KD_UNPAID_COL_STATE), ==, kd_unpaid_state_get_label (KD_UNPAID_DUE_SOON));

  g_assert_cmpstr (cell (f, o.a, KD_UNPAID_COL_AGENT), ==, "林晓 · No. 3");
  g_assert_cmpstr (cell (f, o.b, KD_UNPAID_COL_AGENT), ==, "林晓 · No. 3");
  g_assert_cmpstr (cell (f, o.c, KD_UNPAID_COL_AGENT), ==, "黄思远 · No. 7");
  g_assert_cmpint (row_of (f, o.a)->reason, ==, KD_ROUTE_SIGNED_IN);
  g_assert_true (row_of (f, o.b)->blacklisted);
  g_assert_true (row_of (f, o.b)->no_pay_type);
  g_assert_false (row_of (f, o.a)->blacklisted);

  /* On screen too: the cells, the badge, why it went to No. 3. */
  wait.widget = GTK_WIDGET (_kd_unpaid_page_get_column_view (f->page));
  wait.text = "黄思远 · No. 7";
  g_assert_true (wait_for (label_shown, &wait));
  wait.text = kd_route_reason_get_label (KD_ROUTE_SIGNED_IN);
  g_assert_true (wait_for (label_shown, &wait));
  wait.text = "Blacklisted";
  g_assert_true (wait_for (label_shown, &wait));

  /* The countdown runs on the clock alone, without a new read. */
  kd_clock_advance (f->clock, 5);
  _kd_unpaid_page_tick (f->page);
  wait.text = "Due in 1:59:55";
  g_assert_true (wait_for (label_shown, &wait));

  /* Followed up by whoever is at the desk (No. 7), with a note. */
  gtk_widget_activate_action (GTK_WIDGET (f->page), "unpaid.follow-up", "x", o.a);
  g_assert_nonnull (_kd_unpaid_page_get_dialog (f->page));
  gtk_editable_set_text (_kd_unpaid_page_get_note_entry (f->page), "旺旺已提醒，今晚付款");
  respond (f, "follow-up");
  settle (f);
  g_assert_null (_kd_unpaid_page_get_dialog (f->page));
  loaded = kd_unpaid_service_load (unpaid, o.a, NULL);
  g_assert_nonnull (loaded);
  g_assert_cmpstr (loaded->followed_up_by, ==, "7");
  g_assert_cmpstr (loaded->note, ==, "旺旺已提醒，今晚付款");
  g_assert_cmpint (loaded->followed_up_at, ==, now (f));
  g_assert_cmpstr (cell (f, o.a, KD_UNPAID_COL_STATE), ==, kd_unpaid_state_get_label (KD_UNPAID_FOLLOWED_UP));
  g_assert_cmpstr (cell (f, o.a, KD_UNPAID_COL_NOTE), ==, "旺旺已提醒，今晚付款");
  g_clear_object (&loaded);

  /* Cancel writes nothing. */
  gtk_widget_activate_action (GTK_WIDGET (f->page), "unpaid.follow-up", "x", o.c);
  respond (f, "cancel");
  settle (f);
  loaded = kd_unpaid_service_load (unpaid, o.c, NULL);
  g_assert_cmpint (loaded->followed_up_at, ==, 0);
  g_clear_object (&loaded);

  /* Snooze: an hour. */
  gtk_widget_activate_action (GTK_WIDGET (f->page), "unpaid.snooze", "x", o.b);
  settle (f);
  loaded = kd_unpaid_service_load (unpaid, o.b, NULL);
  g_assert_cmpint (loaded->snoozed_until, ==, now (f) + 3600);
  g_assert_cmpstr (cell (f, o.b, KD_UNPAID_COL_STATE), ==, kd_unpaid_state_get_label (KD_UNPAID_SNOOZED));
  g_clear_object (&loaded);

  /* Open order: the Orders page shows it. */
  gtk_widget_activate_action (GTK_WIDGET (f->page), "unpaid.open-order", "x", o.c);
  g_assert_cmpstr (kd_window_get_visible_page (f->window), ==, "orders");
  orders_page = KD_ORDERS_PAGE (find_descendant (GTK_WIDGET (f->window), KD_TYPE_ORDERS_PAGE));
  detail = _kd_orders_page_get_detail (orders_page);
  g_assert_cmpint (kd_order_detail_get_order_id (detail), ==, o.c);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-unpaid", "x", (gint64) 0);
  settle (f);
}

static void
test_filter (Fixture *f, gconstpointer data)
{
  Orders o = make_orders (f);
  GtkSingleSelection *selection;

  open_window (f);
  g_assert_cmpuint (n_rows (f), ==, 4);
  /* Three overdue ones wait for a follow-up: the Orders page's button says so. */
  g_assert_cmpuint (kd_unpaid_page_get_n_open (f->page), ==, 3);

  g_assert_true (_kd_unpaid_page_filter_agent (f->page, "3"));
  settle (f);
  g_assert_cmpuint (n_rows (f), ==, 2);
  g_assert_cmpint (row (f, 0)->order_id, ==, o.a);
  g_assert_cmpint (row (f, 1)->order_id, ==, o.b);

  g_assert_true (_kd_unpaid_page_filter_agent (f->page, "7"));
  settle (f);
  g_assert_cmpuint (n_rows (f), ==, 2);
  g_assert_cmpint (row (f, 0)->order_id, ==, o.c);
  g_assert_cmpint (row (f, 1)->order_id, ==, o.d);

  /* Nobody sent anything to No. 9. */
  g_assert_true (_kd_unpaid_page_filter_agent (f->page, "9"));
  settle (f);
  g_assert_cmpuint (n_rows (f), ==, 0);
  g_assert_cmpstr (_kd_unpaid_page_get_state (f->page), ==, "empty");
  g_assert_nonnull (strstr (_kd_unpaid_page_get_empty_text (f->page), "No. 9"));

  /* A notification's order: shown although the filter hid it. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-unpaid", "x", o.b);
  settle (f);
  g_assert_cmpstr (_kd_unpaid_page_get_state (f->page), ==, "list");
  g_assert_cmpuint (n_rows (f), ==, 4);
  selection = GTK_SINGLE_SELECTION (_kd_unpaid_page_get_visible_model (f->page));
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, 1);

  /* An order placed after the last read: read again, then selected. */
  {
    gint64 e = add_order (f, "1007", "慢慢妈妈", 15 * 3600, 9900);
    gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-unpaid", "x", e);
    settle (f);
    g_assert_cmpuint (n_rows (f), ==, 5);
    g_assert_cmpint (row (f, gtk_single_selection_get_selected (selection))->order_id, ==, e);
  }
}

static void
test_empty (Fixture *f, gconstpointer data)
{
  add_order (f, "1006", "tb_酱", 3600, 5000);
  open_window (f);
  g_assert_cmpuint (n_rows (f), ==, 0);
  g_assert_cmpstr (_kd_unpaid_page_get_state (f->page), ==, "empty");
  g_assert_nonnull (strstr (_kd_unpaid_page_get_empty_text (f->page), "12 hours"));
  g_assert_cmpuint (kd_unpaid_page_get_n_open (f->page), ==, 0);

  /* Once past the threshold it shows up by itself (the minute's read;
   * here a write to the orders). */
  kd_clock_advance (f->clock, 11 * 3600 + 60);
  add_order (f, "1008", "安静的家", 60, 100);
  settle (f);
  g_assert_cmpuint (n_rows (f), ==, 1);
  g_assert_cmpstr (_kd_unpaid_page_get_state (f->page), ==, "list");
}

static gboolean
report_settled (gpointer data)
{
  Fixture *f = data;
  return settled (f) && !_kd_unpaid_report_is_busy (_kd_unpaid_page_get_report (f->page));
}

static gboolean
chart_drawn (gpointer data)
{
  Fixture *f = data;
  return _kd_unpaid_report_get_n_drawn (_kd_unpaid_page_get_report (f->page)) > 0;
}

/* Monday 23rd: two alerts to No. 3, followed up after 30 and 90 minutes,
 * the first paid that afternoon (¥100.00). Tuesday 24th: one alert to
 * No. 7, never followed up. */
static void
make_history (Fixture *f)
{
  KdUnpaidService *unpaid = kd_context_get_unpaid_service (f->context);
  g_autoptr(GPtrArray) raised = NULL;
  g_autoptr(GError) error = NULL;
  gint64 p1, p2;

  kd_clock_advance (f->clock, -2 * 24 * 3600 + 3600);    /* 11-23 10:00 */
  p1 = add_order (f, "2001", "晚风2019", 14 * 3600, 10000);
  p2 = add_order (f, "2002", "橘子w", 14 * 3600, 20000);
  sign_in (f, "3");
  raised = kd_unpaid_service_check (unpaid, now (f), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (raised->len, ==, 2);
  g_clear_pointer (&raised, g_ptr_array_unref);
  kd_clock_advance (f->clock, 30 * 60);
  g_assert_true (kd_unpaid_service_follow_up (unpaid, p1, "3", NULL, &error));
  kd_clock_advance (f->clock, 60 * 60);
  g_assert_true (kd_unpaid_service_follow_up (unpaid, p2, "3", NULL, &error));
  kd_clock_advance (f->clock, 3 * 3600 + 30 * 60);     /* 15:00 */
  pay_order (f, p1);

  kd_clock_advance (f->clock, 18 * 3600);              /* 11-24 09:00 */
  add_order (f, "2003", "柚子小姐姐", 13 * 3600, 30000);
  sign_in (f, "7");
  raised = kd_unpaid_service_check (unpaid, now (f), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (raised->len, ==, 1);

  kd_clock_advance (f->clock, 24 * 3600);              /* back to 11-25 09:00 */
}

static void
test_report (Fixture *f, gconstpointer data)
{
  KdUnpaidReport *report;
  GListModel *rows;
  cairo_surface_t *surface;
  cairo_t *cr;
  GdkRGBA routed;
  gboolean found = FALSE;
  g_autofree char *csv_path = NULL;
  g_autofree char *csv = NULL;
  g_autoptr(GError) error = NULL;

  make_history (f);
  open_window (f);
  report = _kd_unpaid_page_get_report (f->page);
  rows = _kd_unpaid_report_get_rows (report);
  _kd_unpaid_page_show_report (f->page);
  _kd_unpaid_report_set_range (report, "2026-11-23", "2026-11-24", KD_UNPAID_BY_DAY);
  g_assert_true (wait_for (report_settled, f));

  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 2);
  g_assert_cmpstr (_kd_unpaid_report_get_cell (report, 0, 0), ==, "2026-11-23");
  g_assert_cmpstr (_kd_unpaid_report_get_cell (report, 0, 1), ==, "林晓 · No. 3");
  g_assert_cmpstr (_kd_unpaid_report_get_cell (report, 0, 2), ==, "2");
  g_assert_cmpstr (_kd_unpaid_report_get_cell (report, 0, 3), ==, "2");
  g_assert_cmpstr (_kd_unpaid_report_get_cell (report, 0, 4), ==, "1");
  g_assert_cmpstr (_kd_unpaid_report_get_cell (report, 0, 5), ==, "¥100.00");
  g_assert_cmpstr (_kd_unpaid_report_get_cell (report, 0, 6), ==, "60");
  g_assert_cmpstr (_kd_unpaid_report_get_cell (report, 1, 0), ==, "2026-11-24");
  g_assert_cmpstr (_kd_unpaid_report_get_cell (report, 1, 1), ==, "黄思远 · No. 7");
  g_assert_cmpstr (_kd_unpaid_report_get_cell (report, 1, 2), ==, "1");
  g_assert_cmpstr (_kd_unpaid_report_get_cell (report, 1, 3), ==, "0");
  g_assert_cmpstr (_kd_unpaid_report_get_cell (report, 1, 5), ==, "¥0.00");
  g_assert_cmpstr (_kd_unpaid_report_get_cell (report, 1, 6), ==, "—");

  /* The window painted the chart: No. 3's two bars, No. 7's one. */
  g_assert_true (wait_for (chart_drawn, f));
  g_assert_cmpuint (_kd_unpaid_report_get_n_drawn (report), ==, 3);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 600, 240);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  g_assert_cmpuint (_kd_unpaid_report_draw_chart (report, cr, 600, 240), ==, 3);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  kd_unpaid_chart_get_colours (&routed, NULL);
  for (int y = 0; y < 240 && !found; y++)
    {
      const guint32 *line = (const guint32 *) (cairo_image_surface_get_data (surface) + y * cairo_image_surface_get_stride (surface));
      for (int x = 0; x < 600 && !found; x++)
        found = line[x] == (0xff000000u | ((guint32) (routed.red * 255 + 0.5) << 16) |
                            ((guint32) (routed.green * 255 + 0.5) << 8) | (guint32) (routed.blue * 255 + 0.5)) ||
                (line[x] & 0xffffff) == (((guint32) (routed.red * 255 + 0.5) << 16) |
                                         ((guint32) (routed.green * 255 + 0.5) << 8) | (guint32) (routed.blue * 255 + 0.5));
    }
  cairo_surface_destroy (surface);
  g_assert_true (found);

  /* CSV: the table's columns and numbers. */
  csv_path = g_build_filename (f->dir, "report.csv", NULL);
  g_assert_true (_kd_unpaid_report_export (report, csv_path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  g_assert_nonnull (strstr (csv, "Period,Agent,Routed,Followed up,Paid within 24 h,Amount recovered,Median minutes to follow-up\r\n"));
  g_assert_nonnull (strstr (csv, "2026-11-23,林晓 · No. 3,2,2,1,100.00,60\r\n"));
  g_assert_nonnull (strstr (csv, "2026-11-24,黄思远 · No. 7,1,0,0,0.00,\r\n"));

  /* By month: one period, an agent a line. */
  _kd_unpaid_report_set_range (report, "2026-11-01", "2026-11-25", KD_UNPAID_BY_MONTH);
  g_assert_true (wait_for (report_settled, f));
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 2);
  g_assert_cmpstr (_kd_unpaid_report_get_cell (report, 0, 0), ==, "2026-11-01");
  g_assert_cmpstr (_kd_unpaid_report_get_cell (report, 1, 0), ==, "2026-11-01");

  /* A range without alerts. */
  _kd_unpaid_report_set_range (report, "2026-10-01", "2026-10-31", KD_UNPAID_BY_WEEK);
  g_assert_true (wait_for (report_settled, f));
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 0);
}

/* The switch in the preferences row titled @title. */
static GtkSwitch *
find_row_switch (GtkWidget  *widget,
                 const char *title)
{
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkSwitch *found;

      if (ADW_IS_PREFERENCES_ROW (c) && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (c)), title) == 0)
        return GTK_SWITCH (find_descendant (c, GTK_TYPE_SWITCH));
      found = find_row_switch (c, title);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_preferences (Fixture *f, gconstpointer data)
{
  KdPreferencesWindow *prefs = kd_preferences_window_new (f->settings);
  GtkSwitch *keep, *any_hour, *login;
  gboolean value = TRUE;

  kd_preferences_window_set_context (prefs, f->context);
  gtk_window_present (GTK_WINDOW (prefs));
  spin (50);
  keep = find_row_switch (GTK_WIDGET (prefs), "Keep checking when the window is closed");
  any_hour = find_row_switch (GTK_WIDGET (prefs), "Alert at any hour");
  login = find_row_switch (GTK_WIDGET (prefs), "Start at login");
  g_assert_nonnull (keep);
  g_assert_nonnull (any_hour);
  g_assert_nonnull (login);

  /* Keep checking: on by default, bound to the setting. */
  g_assert_true (gtk_switch_get_active (keep));
  gtk_switch_set_active (keep, FALSE);
  g_assert_false (g_settings_get_boolean (f->settings, "keep-running"));
  gtk_switch_set_active (keep, TRUE);
  g_assert_true (g_settings_get_boolean (f->settings, "keep-running"));

  /* Alert at any hour: the shop's setting, in the database. */
  g_assert_false (gtk_switch_get_active (any_hour));
  gtk_switch_set_active (any_hour, TRUE);
  g_assert_true (kd_unpaid_service_get_any_hour (kd_context_get_unpaid_service (f->context), &value, NULL));
  g_assert_true (value);
  gtk_switch_set_active (any_hour, FALSE);
  g_assert_true (kd_unpaid_service_get_any_hour (kd_context_get_unpaid_service (f->context), &value, NULL));
  g_assert_false (value);

  /* Start at login: the autostart entry written and removed. */
  g_assert_false (gtk_switch_get_active (login));
  g_assert_false (kd_autostart_is_enabled ());
  gtk_switch_set_active (login, TRUE);
  g_assert_true (kd_autostart_is_enabled ());
  gtk_switch_set_active (login, FALSE);
  g_assert_false (kd_autostart_is_enabled ());

  gtk_window_destroy (GTK_WINDOW (prefs));
  spin (50);
}

int
main (int argc, char **argv)
{
  /* "Start at login" writes into a private XDG_CONFIG_HOME. */
  g_autofree char *config = g_dir_make_tmp ("kd-test-ui-unpaid-config-XXXXXX", NULL);
  int status;

  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/unpaid/list", Fixture, NULL, fixture_setup, test_list, fixture_teardown);
  g_test_add ("/unpaid/filter", Fixture, NULL, fixture_setup, test_filter, fixture_teardown);
  g_test_add ("/unpaid/empty", Fixture, NULL, fixture_setup, test_empty, fixture_teardown);
  g_test_add ("/unpaid/report", Fixture, NULL, fixture_setup, test_report, fixture_teardown);
  g_test_add ("/unpaid/preferences", Fixture, NULL, fixture_setup, test_preferences, fixture_teardown);
  status = g_test_run ();
  kd_test_rm_rf (config);
  return status;
}
