/* test-customers.c: the Customers page, the profile window and the privacy log, built from their templates on a demo database. */
#include <adwaita.h>
#include <glib/gstdio.h>

#include "kd-context.h"
#include "kd-customer-audit.h"
#include "kd-customer-editor-private.h"
#include "kd-customers-page-private.h"
#include "kd-demo.h"
#include "kd-preferences-window.h"
#include "kd-tag-manager.h"
#include "kd-test-util.h"
#include "kd-ui-test-util.h"
#include "kd-window.h"

typedef struct {
  char            *dir;
  char            *path;
  KdStore         *store;
  KdContext       *context;
  GSettings       *settings;
  KdWindow        *window;
  KdCustomersPage *page;
} Fixture;

static KdCustomerService *
service (Fixture *f)
{
  return kd_context_get_customer_service (f->context);
}

static gboolean
page_settled (gpointer data)
{
  Fixture *f = data;
  return !g_main_context_pending (NULL) && !_kd_customers_page_is_busy (f->page);
}

static void
settle (Fixture *f)
{
  g_assert_true (kd_store_write (f->store, barrier_job, NULL, NULL));
  g_assert_true (wait_for (page_settled, f));
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("kd-test-customers-XXXXXX", NULL);
  f->path = g_build_filename (f->dir, "demo.db", NULL);
  g_assert_true (kd_demo_write (f->path, &error));
  f->store = kd_store_open (f->path, &error);
  g_assert_no_error (error);

  f->settings = g_settings_new (APP_ID);
  g_settings_reset (f->settings, "signed-in-job-number");
  g_settings_reset (f->settings, "show-full-phone");
  g_settings_set_string (f->settings, "last-page", "customers");
  f->context = kd_context_new (f->store, f->settings);
  f->window = g_object_ref (kd_window_new (NULL, f->context));
  gtk_window_present (GTK_WINDOW (f->window));
  f->page = KD_CUSTOMERS_PAGE (find_descendant (GTK_WIDGET (f->window), KD_TYPE_CUSTOMERS_PAGE));
  g_assert_nonnull (f->page);
  /* 林晓, No. 3, is at the desk: the audit rows name her. */
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

static guint
n_listed (Fixture *f)
{
  return g_list_model_get_n_items (G_LIST_MODEL (_kd_customers_page_get_selection (f->page)));
}

static void
search (Fixture *f, const char *text)
{
  GtkWidget *entry = _kd_customers_page_get_search_entry (f->page);

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  g_signal_emit_by_name (entry, "search-changed");
  settle (f);
}

/* Ids of everyone with @tag_id, from the service (so from the database). */
static GHashTable *
ids_with_tag (Fixture *f, gint64 tag_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = kd_customer_service_search (service (f), "", &tag_id, 1, FALSE, 0, &error);
  GHashTable *ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < found->len; i++)
    {
      KdCustomer *c = g_ptr_array_index (found, i);
      g_hash_table_add (ids, g_memdup2 (&c->id, sizeof c->id));
    }
  return ids;
}

/* The demo lists its ~300 customers with a count; a search that matches
 * nobody shows the "no match" state. */
/* A search, then the search cleared: the list shows its first rows again,
 * not the rows around the search's first match (GTK keeps the row at the
 * top of the view where it was when rows come in above it). */
static void
test_cleared_search_from_top (Fixture *f, gconstpointer data)
{
  KdQueryModel *model = _kd_customers_page_get_model (f->page);
  GtkAdjustment *vadj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (_kd_customers_page_get_column_view (f->page)));
  guint n_all = n_listed (f), first_match;
  gint64 match;

  /* A nickname from the end of the list, so that its rows are far down. */
  match = kd_query_model_get_id (model, n_all - 1);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(KdCustomer) c = kd_customer_service_load (service (f), match, &error);

    g_assert_no_error (error);
    search (f, c->nickname);
  }
  g_assert_cmpuint (n_listed (f), >=, 1);
  search (f, "");
  g_assert_cmpuint (n_listed (f), ==, n_all);
  first_match = kd_query_model_find_id (model, match);
  g_assert_cmpuint (first_match, >, 30);
  g_assert_cmpfloat (gtk_adjustment_get_value (vadj), ==, 0.0);
}

static void
test_list_and_count (Fixture *f, gconstpointer data)
{
  guint all = n_listed (f);
  g_autofree char *expected = all >= 1000 ? g_strdup_printf ("%u\u202f%03u customers", all / 1000, all % 1000)
                                          : g_strdup_printf ("%u customers", all);

  g_assert_cmpuint (all, >=, 250);
  g_assert_cmpstr (_kd_customers_page_get_state (f->page), ==, "list");
  g_assert_cmpstr (_kd_customers_page_get_count_text (f->page), ==, expected);

  search (f, "没有这个买家zzz");
  g_assert_cmpuint (n_listed (f), ==, 0);
  g_assert_cmpstr (_kd_customers_page_get_state (f->page), ==, "no-results");
  gtk_widget_activate_action (GTK_WIDGET (f->page), "customers.clear-filters", NULL);
  settle (f);
  g_assert_cmpuint (n_listed (f), ==, all);
}

/* Ten customers tagged at once from the selection, the database agrees,
 * the tag filter finds exactly them; Undo takes the tag off all ten. */
static void
test_bulk_tag_and_undo (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KdTag) tag = kd_tag_new ("测试十人", 2);
  g_autoptr(KdCustomerChange) made = kd_customer_service_save_tag (service (f), tag, &error);
  GtkSelectionModel *selection = _kd_customers_page_get_selection (f->page);
  KdQueryModel *model = _kd_customers_page_get_model (f->page);
  KdTag *saved;
  gint64 tag_id, chosen[10];
  g_autoptr(GHashTable) tagged = NULL;

  g_assert_no_error (error);
  saved = kd_customer_change_get_tag (made);
  g_assert_nonnull (saved);
  tag_id = kd_tag_get_id (saved);
  settle (f);

  /* Rows 5 to 14, as a shift-click would select them. */
  g_assert_true (gtk_selection_model_select_range (selection, 5, 10, TRUE));
  for (guint i = 0; i < 10; i++)
    chosen[i] = kd_query_model_get_id (model, 5 + i);
  settle (f);
  g_assert_true (gtk_widget_is_visible (find_descendant (GTK_WIDGET (f->page), GTK_TYPE_ACTION_BAR)));

  gtk_widget_activate_action (GTK_WIDGET (f->page), "customers.tag", "x", tag_id);
  settle (f);

  tagged = ids_with_tag (f, tag_id);
  g_assert_cmpuint (g_hash_table_size (tagged), ==, 10);
  for (guint i = 0; i < 10; i++)
    g_assert_true (g_hash_table_contains (tagged, &chosen[i]));
  g_assert_cmpstr (_kd_customers_page_get_last_toast (f->page), ==, "Tagged 10 customers “测试十人”");
  /* The rows in the list show it too (re-read after the write). */
  for (guint i = 0; i < 10; i++)
    {
      g_autoptr(KdCustomer) row = g_list_model_get_item (G_LIST_MODEL (selection), 5 + i);
      settle (f);
      g_assert_true (kd_customer_has_tag (row, tag_id));
    }
  g_assert_cmpint (kd_tag_get_n_customers (kd_customer_service_lookup_tag (service (f), tag_id)), ==, 10);

  /* The page's own tag filter finds exactly the ten. */
  {
    /* One check button a tag in the Tags popover. */
    GtkWidget *check = gtk_widget_get_first_child (_kd_customers_page_get_tag_checks (f->page));

    while (check != NULL && !g_str_has_prefix (gtk_check_button_get_label (GTK_CHECK_BUTTON (check)), "测试十人"))
      check = gtk_widget_get_next_sibling (check);
    g_assert_nonnull (check);
    gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
    settle (f);
    g_assert_cmpuint (n_listed (f), ==, 10);
    gtk_widget_activate_action (GTK_WIDGET (f->page), "customers.clear-tag-filter", NULL);
    settle (f);
    g_assert_cmpuint (n_listed (f), >, 10);
  }

  /* Ctrl+Z's action, the same as the toast's Undo button. */
  gtk_widget_activate_action (GTK_WIDGET (f->page), "customers.undo", NULL);
  settle (f);
  g_clear_pointer (&tagged, g_hash_table_unref);
  tagged = ids_with_tag (f, tag_id);
  g_assert_cmpuint (g_hash_table_size (tagged), ==, 0);
  g_assert_cmpstr (_kd_customers_page_get_last_toast (f->page), ==, "Undone");
  for (guint i = 0; i < 10; i++)
    {
      g_autoptr(KdCustomer) c = kd_customer_service_load (service (f), chosen[i], &error);
      g_assert_no_error (error);
      g_assert_false (kd_customer_has_tag (c, tag_id));
    }
}

/* Two Chinese characters of a note find the customers whose note has them,
 * and only those. */
static void
test_search_note (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) everyone = kd_customer_service_search (service (f), "", NULL, 0, FALSE, 0, &error);
  g_autoptr(GHashTable) expected = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  KdQueryModel *model = _kd_customers_page_get_model (f->page);

  g_assert_no_error (error);
  /* The brute-force answer: every profile read whole. */
  for (guint i = 0; i < everyone->len; i++)
    {
      KdCustomer *c = g_ptr_array_index (everyone, i);
      g_autoptr(KdCustomer) full = kd_customer_service_load (service (f), c->id, &error);

      g_assert_no_error (error);
      if (strstr (full->notes, "甲醛") != NULL || strstr (full->nickname, "甲醛") != NULL || strstr (full->real_name, "甲醛") != NULL)
        g_hash_table_add (expected, g_memdup2 (&c->id, sizeof c->id));
    }
  g_assert_cmpuint (g_hash_table_size (expected), >, 0);

  search (f, "甲醛");
  g_assert_cmpuint (n_listed (f), ==, g_hash_table_size (expected));
  for (guint i = 0; i < n_listed (f); i++)
    {
      gint64 id = kd_query_model_get_id (model, i);
      g_assert_true (g_hash_table_contains (expected, &id));
    }
}

static gboolean
editor_settled (gpointer data)
{
  KdCustomerEditor *editor = data;
  return !g_main_context_pending (NULL) && !_kd_customer_editor_is_busy (editor);
}

static gboolean
audit_listed (gpointer data)
{
  return kd_preferences_window_get_n_audit_rows (data) >= 0;
}

/* The profile shows the phone masked; Reveal shows it whole and writes an
 * audit row naming the customer and who is signed in, which Preferences lists. */
static void
test_reveal_writes_audit (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  GtkSelectionModel *selection = _kd_customers_page_get_selection (f->page);
  KdQueryModel *model = _kd_customers_page_get_model (f->page);
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(KdCustomer) full = NULL;
  KdCustomerEditor *editor;
  gint64 id;
  KdPreferencesWindow *prefs;

  /* The privacy log is the owner's: agent No. 3 gets no Privacy Log page,
   * and the unmasked-data switch is off limits. */
  prefs = kd_preferences_window_new (f->settings);
  kd_preferences_window_set_context (prefs, f->context);
  gtk_window_present (GTK_WINDOW (prefs));
  g_assert_false (kd_preferences_window_has_privacy_log (prefs));
  g_assert_cmpint (kd_preferences_window_get_n_audit_rows (prefs), ==, -1);
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (find_descendant (GTK_WIDGET (prefs), GTK_TYPE_SWITCH))));
  gtk_window_destroy (GTK_WINDOW (prefs));
  g_assert_null (kd_customer_service_list_audit (service (f), 100, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);

  /* The owner, No. 1, at the desk from here on. */
  g_assert_true (kd_desk_session_sign_in (kd_context_get_session (f->context), "1", NULL));
  settle (f);
  before = kd_customer_service_list_audit (service (f), 100, &error);
  g_assert_no_error (error);
  g_assert_true (gtk_selection_model_select_item (selection, 0, TRUE));
  id = kd_query_model_get_id (model, 0);
  full = kd_customer_service_load (service (f), id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (full->phones->len, >, 0);

  gtk_widget_activate_action (GTK_WIDGET (f->page), "customers.edit", NULL);
  editor = _kd_customers_page_get_editor (f->page);
  g_assert_nonnull (editor);
  g_object_ref (editor);
  g_assert_true (wait_for (editor_settled, editor));
  g_assert_cmpint (kd_customer_editor_get_id (editor), ==, id);
  g_assert_nonnull (strstr (_kd_customer_editor_get_phones_text (editor), "****"));
  g_assert_false (_kd_customer_editor_is_revealed (editor));
  /* The purchase history lists the buyer's orders, as the service has them. */
  {
    g_autoptr(GPtrArray) orders = kd_customer_service_list_orders (service (f), id, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (_kd_customer_editor_get_n_orders (editor), ==, orders->len);
  }

  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.reveal", NULL);
  g_assert_true (wait_for (editor_settled, editor));
  g_assert_true (_kd_customer_editor_is_revealed (editor));
  g_assert_null (strstr (_kd_customer_editor_get_phones_text (editor), "****"));
  g_assert_nonnull (strstr (_kd_customer_editor_get_phones_text (editor),
                            g_array_index (full->phones, KdContact, 0).value));

  after = kd_customer_service_list_audit (service (f), 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, before->len + 1);
  g_assert_cmpstr (kd_customer_audit_get_action (g_ptr_array_index (after, 0)), ==, "customer.reveal");
  g_assert_cmpuint (kd_customer_audit_get_n_records (g_ptr_array_index (after, 0)), ==, 1);
  g_assert_cmpint (kd_customer_audit_get_staff_id (g_ptr_array_index (after, 0)), ==,
                   kd_staff_get_id (kd_desk_session_get_agent (kd_context_get_session (f->context))));
  g_assert_nonnull (strstr (kd_customer_audit_get_detail (g_ptr_array_index (after, 0)), full->nickname));

  prefs = kd_preferences_window_new (f->settings);
  kd_preferences_window_set_context (prefs, f->context);
  gtk_window_present (GTK_WINDOW (prefs));
  g_assert_true (kd_preferences_window_has_privacy_log (prefs));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (find_descendant (GTK_WIDGET (prefs), GTK_TYPE_SWITCH))));
  g_assert_true (wait_for (audit_listed, prefs));
  g_assert_cmpint (kd_preferences_window_get_n_audit_rows (prefs), ==, (int) after->len);
  gtk_window_destroy (GTK_WINDOW (prefs));

  gtk_window_destroy (GTK_WINDOW (editor));
  g_assert_finalize_object (editor);
}

/* "Show contact data unmasked" counts for the owner only: with it on, an
 * agent still sees 138****5678 and must Reveal; the owner sees the list's
 * phones whole, and a profile opens revealed, written to the privacy log. */
static void
test_unmasked_for_owner_only (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  GtkSelectionModel *selection = _kd_customers_page_get_selection (f->page);
  KdQueryModel *model = _kd_customers_page_get_model (f->page);
  KdDeskSession *session = kd_context_get_session (f->context);
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  KdCustomerEditor *editor;

  g_settings_set_boolean (f->settings, "show-full-phone", TRUE);
  settle (f);
  /* No. 3, an agent: masked everywhere. */
  g_assert_false (_kd_customers_page_shows_full_phones (f->page));
  g_assert_true (gtk_selection_model_select_item (selection, 0, TRUE));
  gtk_widget_activate_action (GTK_WIDGET (f->page), "customers.edit", NULL);
  editor = g_object_ref (_kd_customers_page_get_editor (f->page));
  g_assert_true (wait_for (editor_settled, editor));
  g_assert_false (_kd_customer_editor_is_revealed (editor));
  g_assert_nonnull (strstr (_kd_customer_editor_get_phones_text (editor), "****"));
  gtk_window_destroy (GTK_WINDOW (editor));
  g_assert_finalize_object (editor);

  /* The owner. */
  g_assert_true (kd_desk_session_sign_in (session, "1", NULL));
  settle (f);
  g_assert_true (_kd_customers_page_shows_full_phones (f->page));
  before = kd_customer_service_list_audit (service (f), 100, &error);
  g_assert_no_error (error);
  gtk_widget_activate_action (GTK_WIDGET (f->page), "customers.edit", NULL);
  editor = g_object_ref (_kd_customers_page_get_editor (f->page));
  g_assert_true (wait_for (editor_settled, editor));
  g_assert_cmpint (kd_customer_editor_get_id (editor), ==, kd_query_model_get_id (model, 0));
  g_assert_true (_kd_customer_editor_is_revealed (editor));
  g_assert_null (strstr (_kd_customer_editor_get_phones_text (editor), "****"));
  after = kd_customer_service_list_audit (service (f), 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, before->len + 1);
  g_assert_cmpstr (kd_customer_audit_get_action (g_ptr_array_index (after, 0)), ==, "customer.reveal");
  gtk_window_destroy (GTK_WINDOW (editor));
  g_assert_finalize_object (editor);

  /* The preference off: masked for the owner too. */
  g_settings_set_boolean (f->settings, "show-full-phone", FALSE);
  settle (f);
  g_assert_false (_kd_customers_page_shows_full_phones (f->page));
}

/* A nickname another profile has is refused as it is typed, and Save
 * stays off; a free one is accepted and saving adds the customer. */
static void
test_editor_nickname_unique (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  KdQueryModel *model = _kd_customers_page_get_model (f->page);
  g_autoptr(KdCustomer) taken = kd_customer_service_load (service (f), kd_query_model_get_id (model, 3), &error);
  g_autoptr(KdCustomer) added = NULL;
  KdCustomerEditor *editor;
  guint all = n_listed (f);

  g_assert_no_error (error);
  gtk_widget_activate_action (GTK_WIDGET (f->page), "customers.new", NULL);
  editor = g_object_ref (_kd_customers_page_get_editor (f->page));
  g_assert_true (wait_for (editor_settled, editor));

  gtk_editable_set_text (_kd_customer_editor_get_nickname (editor), taken->nickname);
  g_assert_true (wait_for (editor_settled, editor));
  g_assert_nonnull (_kd_customer_editor_get_nickname_error (editor));
  g_assert_nonnull (strstr (_kd_customer_editor_get_nickname_error (editor), taken->nickname));
  g_assert_false (_kd_customer_editor_can_save (editor));

  gtk_editable_set_text (_kd_customer_editor_get_nickname (editor), "界面测试新买家");
  g_assert_true (wait_for (editor_settled, editor));
  g_assert_null (_kd_customer_editor_get_nickname_error (editor));
  g_assert_cmpuint (_kd_customer_editor_get_n_orders (editor), ==, 0);
  g_assert_true (_kd_customer_editor_can_save (editor));

  /* Core's rule for height, shown under the field as it is typed; Save off. */
  gtk_spin_button_set_value (_kd_customer_editor_get_height (editor), 30);
  {
    g_autofree char *errors = _kd_customer_editor_dup_errors (editor);
    g_assert_cmpstr (errors, ==, "Height is 50 to 250 cm.\n");
  }
  g_assert_false (_kd_customer_editor_can_save (editor));
  gtk_spin_button_set_value (_kd_customer_editor_get_height (editor), 165);
  {
    g_autofree char *errors = _kd_customer_editor_dup_errors (editor);
    g_assert_cmpstr (errors, ==, "");
  }
  g_assert_true (_kd_customer_editor_can_save (editor));

  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL);
  settle (f);
  g_assert_true (wait_for (page_settled, f));
  added = kd_customer_service_find_nickname (service (f), "界面测试新买家", 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (added);
  g_assert_cmpuint (n_listed (f), ==, all + 1);
  g_assert_finalize_object (editor);

  /* Undo of a new profile removes it again. */
  gtk_widget_activate_action (GTK_WIDGET (f->page), "customers.undo", NULL);
  settle (f);
  g_clear_object (&added);
  added = kd_customer_service_find_nickname (service (f), "界面测试新买家", 0, &error);
  g_assert_no_error (error);
  g_assert_null (added);
  g_assert_cmpuint (n_listed (f), ==, all);
}

/* Export writes the list as filtered (one row each after the header) and
 * a privacy-log row; an import with a bad row names file and line and adds
 * nobody; a good one merges by nickname. */
static void
test_export_import (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = g_build_filename (f->dir, "filtered.csv", NULL);
  g_autofree char *bad = g_build_filename (f->dir, "bad.csv", NULL);
  g_autofree char *good = g_build_filename (f->dir, "good.csv", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(KdCustomer) added = NULL;
  guint listed, all, n_lines = 0;

  all = n_listed (f);
  search (f, "甲醛");
  listed = n_listed (f);
  g_assert_cmpuint (listed, >, 0);
  _kd_customers_page_export_to (f->page, out);
  settle (f);
  g_assert_true (g_file_get_contents (out, &text, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (text, "\xef\xbb\xbf"));  /* UTF-8 with BOM */
  /* Records, not lines: a quoted field may hold line breaks (several phones). */
  {
    gboolean quoted = FALSE;
    for (const char *p = text; *p != '\0'; p++)
      if (*p == '"')
        quoted = !quoted;
      else if (*p == '\n' && !quoted)
        n_lines++;
  }
  g_assert_cmpuint (n_lines, ==, listed + 1);
  g_assert_nonnull (strstr (_kd_customers_page_get_last_toast (f->page), "Exported"));
  /* The owner reads the log (agent No. 3 exported). */
  g_assert_true (kd_desk_session_sign_in (kd_context_get_session (f->context), "1", NULL));
  audit = kd_customer_service_list_audit (service (f), 10, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kd_customer_audit_get_action (g_ptr_array_index (audit, 0)), ==, "customers.export");
  g_assert_cmpuint (kd_customer_audit_get_n_records (g_ptr_array_index (audit, 0)), ==, listed);

  search (f, "");
  g_assert_true (g_file_set_contents (bad, "nickname,vip\n界面导入甲,3\n界面导入乙,9\n", -1, NULL));
  _kd_customers_page_import_from (f->page, bad);
  settle (f);
  g_assert_nonnull (strstr (_kd_customers_page_get_last_toast (f->page), "bad.csv:3"));
  g_assert_cmpuint (n_listed (f), ==, all);
  added = kd_customer_service_find_nickname (service (f), "界面导入甲", 0, &error);
  g_assert_no_error (error);
  g_assert_null (added);

  g_assert_true (g_file_set_contents (good, "nickname,vip\n界面导入甲,3\n界面导入乙,4\n", -1, NULL));
  _kd_customers_page_import_from (f->page, good);
  settle (f);
  g_assert_cmpstr (_kd_customers_page_get_last_toast (f->page), ==, "Imported customers: 2 added, 0 updated");
  g_assert_cmpuint (n_listed (f), ==, all + 2);
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* not ours */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);
      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return ADW_MESSAGE_DIALOG (w);
    }
  return NULL;
}

/* Merge of the two selected profiles through its dialog: the other one is
 * gone and its tags are on the kept one; Undo brings it back. */
static void
test_merge_two (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  GtkSelectionModel *selection = _kd_customers_page_get_selection (f->page);
  KdQueryModel *model = _kd_customers_page_get_model (f->page);
  g_autoptr(KdCustomer) a = NULL;
  g_autoptr(KdCustomer) b = NULL;
  g_autoptr(KdCustomer) kept = NULL;
  g_autoptr(KdCustomer) gone = NULL;
  AdwMessageDialog *dialog;
  guint all = n_listed (f);

  g_assert_true (gtk_selection_model_select_item (selection, 1, TRUE));
  g_assert_true (gtk_selection_model_select_item (selection, 2, FALSE));
  a = kd_customer_service_load (service (f), kd_query_model_get_id (model, 1), &error);
  b = kd_customer_service_load (service (f), kd_query_model_get_id (model, 2), &error);
  g_assert_no_error (error);
  settle (f);

  gtk_widget_activate_action (GTK_WIDGET (f->page), "customers.merge-selected", NULL);
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "apply");
  settle (f);
  g_assert_cmpuint (n_listed (f), ==, all - 1);
  g_assert_nonnull (strstr (_kd_customers_page_get_last_toast (f->page), "Merged"));

  /* The dialog proposes keeping the one with more orders (the first on a tie). */
  if (b->order_count > a->order_count)
    {
      KdCustomer *t = a;
      a = b;
      b = t;
    }
  kept = kd_customer_service_load (service (f), a->id, NULL);
  gone = kd_customer_service_load (service (f), b->id, NULL);
  g_assert_nonnull (kept);
  g_assert_null (gone);
  g_assert_cmpint (kept->order_count, ==, a->order_count + b->order_count);
  for (guint i = 0; i < b->tag_ids->len; i++)
    g_assert_true (kd_customer_has_tag (kept, g_array_index (b->tag_ids, gint64, i)));

  gtk_widget_activate_action (GTK_WIDGET (f->page), "customers.undo", NULL);
  settle (f);
  g_assert_cmpuint (n_listed (f), ==, all);
  g_clear_object (&gone);
  gone = kd_customer_service_load (service (f), b->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gone->nickname, ==, b->nickname);
}

static gboolean
tag_colour_is (gpointer data)
{
  gpointer *args = data;
  KdTag *tag = kd_customer_service_lookup_tag (args[0], *(gint64 *) args[1]);
  return !g_main_context_pending (NULL) && tag != NULL && kd_tag_get_colour (tag) == GPOINTER_TO_INT (args[2]);
}

static gboolean
tag_is_gone (gpointer data)
{
  gpointer *args = data;
  return !g_main_context_pending (NULL) && kd_customer_service_lookup_tag (args[0], *(gint64 *) args[1]) == NULL;
}

/* The tag that does not exist yet, typed into the Tag… dialog: made and
 * given to the selection in one write; Undo takes it off them and the
 * tag itself goes away too. */
static gint64
tag_named (Fixture *f, const char *name)
{
  GListModel *tags = kd_customer_service_get_tags (service (f));

  for (guint i = 0; i < g_list_model_get_n_items (tags); i++)
    {
      g_autoptr(KdTag) tag = g_list_model_get_item (tags, i);
      if (g_strcmp0 (kd_tag_get_name (tag), name) == 0)
        return kd_tag_get_id (tag);
    }
  return 0;
}

static void
test_new_tag_undo (Fixture *f, gconstpointer data)
{
  GtkSelectionModel *selection = _kd_customers_page_get_selection (f->page);
  guint n_tags = g_list_model_get_n_items (G_LIST_MODEL (kd_customer_service_get_tags (service (f))));
  AdwMessageDialog *dialog;
  GtkWidget *entry;
  g_autoptr(GHashTable) tagged = NULL;
  gint64 tag_id;

  g_assert_true (gtk_selection_model_select_range (selection, 0, 3, TRUE));
  settle (f);
  gtk_widget_activate_action (GTK_WIDGET (f->page), "customers.tag-selected", NULL);
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  entry = find_descendant (GTK_WIDGET (dialog), GTK_TYPE_ENTRY);
  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), "弹窗新标签");
  adw_message_dialog_response (dialog, "apply");
  settle (f);
  tag_id = tag_named (f, "弹窗新标签");
  g_assert_cmpint (tag_id, >, 0);
  tagged = ids_with_tag (f, tag_id);
  g_assert_cmpuint (g_hash_table_size (tagged), ==, 3);
  g_assert_cmpstr (_kd_customers_page_get_last_toast (f->page), ==, "Tagged 3 customers “弹窗新标签”");

  gtk_widget_activate_action (GTK_WIDGET (f->page), "customers.undo", NULL);
  settle (f);
  g_assert_cmpstr (_kd_customers_page_get_last_toast (f->page), ==, "Undone");
  g_assert_cmpint (tag_named (f, "弹窗新标签"), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (kd_customer_service_get_tags (service (f)))), ==, n_tags);
  g_clear_pointer (&tagged, g_hash_table_unref);
  tagged = ids_with_tag (f, tag_id);
  g_assert_cmpuint (g_hash_table_size (tagged), ==, 0);
}

/* The tag manager recolours a tag, deletes it (its customers lose it) and
 * Undo puts it back on every one of them. */
static void
test_tag_manager (Fixture *f, gconstpointer data)
{
  KdTagManager *manager = kd_tag_manager_new (f->context);
  g_autoptr(KdTag) tag = g_list_model_get_item (kd_customer_service_get_tags (service (f)), 0);
  gint64 id = kd_tag_get_id (tag);
  int colour = (kd_tag_get_colour (tag) + 4) % KD_TAG_N_COLOURS;
  int n = kd_tag_get_n_customers (tag);
  gpointer args[3] = { service (f), &id, GINT_TO_POINTER (colour) };
  g_autoptr(GHashTable) before = ids_with_tag (f, id);
  g_autoptr(GHashTable) after = NULL;

  g_object_ref_sink (manager);
  gtk_window_present (GTK_WINDOW (manager));
  g_assert_cmpint (n, >, 0);
  gtk_widget_activate_action (GTK_WIDGET (manager), "tags.recolour", "(xi)", id, colour);
  g_assert_true (wait_for (tag_colour_is, args));

  gtk_widget_activate_action (GTK_WIDGET (manager), "tags.delete", "x", id);
  g_assert_true (wait_for (tag_is_gone, args));
  after = ids_with_tag (f, id);
  g_assert_cmpuint (g_hash_table_size (after), ==, 0);

  gtk_widget_activate_action (GTK_WIDGET (manager), "tags.undo", NULL);
  g_assert_true (wait_for (tag_colour_is, args));
  g_clear_pointer (&after, g_hash_table_unref);
  after = ids_with_tag (f, id);
  g_assert_cmpuint (g_hash_table_size (after), ==, g_hash_table_size (before));
  g_assert_cmpint (kd_tag_get_n_customers (kd_customer_service_lookup_tag (service (f), id)), ==, n);
  settle (f);

  gtk_window_destroy (GTK_WINDOW (manager));
  g_assert_finalize_object (manager);
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/ui/customers/list-and-count", Fixture, NULL, fixture_setup, test_list_and_count, fixture_teardown);
  g_test_add ("/ui/customers/bulk-tag-and-undo", Fixture, NULL, fixture_setup, test_bulk_tag_and_undo, fixture_teardown);
  g_test_add ("/ui/customers/search-note", Fixture, NULL, fixture_setup, test_search_note, fixture_teardown);
  g_test_add ("/ui/customers/cleared-search-from-top", Fixture, NULL, fixture_setup, test_cleared_search_from_top, fixture_teardown);
  g_test_add ("/ui/customers/reveal-writes-audit", Fixture, NULL, fixture_setup, test_reveal_writes_audit, fixture_teardown);
  g_test_add ("/ui/customers/unmasked-for-owner-only", Fixture, NULL, fixture_setup, test_unmasked_for_owner_only, fixture_teardown);
  g_test_add ("/ui/customers/editor-nickname-unique", Fixture, NULL, fixture_setup, test_editor_nickname_unique, fixture_teardown);
  g_test_add ("/ui/customers/export-import", Fixture, NULL, fixture_setup, test_export_import, fixture_teardown);
  g_test_add ("/ui/customers/merge-two", Fixture, NULL, fixture_setup, test_merge_two, fixture_teardown);
  g_test_add ("/ui/customers/new-tag-undo", Fixture, NULL, fixture_setup, test_new_tag_undo, fixture_teardown);
  g_test_add ("/ui/customers/tag-manager", Fixture, NULL, fixture_setup, test_tag_manager, fixture_teardown);
  return g_test_run ();
}
