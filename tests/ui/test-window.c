/* test-window.c: the real main window built from its templates, driven through its actions. */
#include <adwaita.h>
#include <glib/gstdio.h>

#include "kd-demo.h"
#include "kd-store-private.h"
#include "kd-preferences-window.h"
#include "kd-staff-dialog-private.h"
#include "kd-staff-list-private.h"
#include "kd-slot-model.h"
#include "kd-context.h"
#include "kd-test-util.h"
#include "kd-ui-test-util.h"
#include "kd-window.h"

typedef struct {
  char      *dir;
  char      *path;
  KdStore   *store;
  KdContext *context;
  GSettings *settings;
  KdWindow  *window;
  KdStaffList *list;
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
  KdStaffDialog *dialog = _kd_staff_list_get_dialog (f->list);

  return !g_main_context_pending (NULL) && !_kd_staff_list_is_busy (f->list) &&
         (dialog == NULL || !kd_staff_dialog_is_busy (dialog));
}

/* Writes run on the store thread and lists refresh from reader threads:
 * wait until every write asked for has run, its answer has reached the
 * main loop, and the list and dialog have their data. */
static void
settle (Fixture *f)
{
  g_assert_true (kd_store_write (f->store, barrier_job, NULL, NULL));
  g_assert_true (wait_for (settled, f));
}

static KdStaff *
find_stored (Fixture *f, const char *job)
{
  return kd_staff_service_find_by_job_number (kd_context_get_staff_service (f->context), job, NULL);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("kd-test-ui-XXXXXX", NULL);
  f->path = g_build_filename (f->dir, "demo.db", NULL);
  g_assert_true (kd_demo_write (f->path, &error));
  f->store = kd_store_open (f->path, &error);
  g_assert_no_error (error);

  f->settings = g_settings_new (APP_ID);
  g_settings_reset (f->settings, "signed-in-job-number");
  g_settings_reset (f->settings, "show-full-phone");
  g_settings_reset (f->settings, "last-page");

  f->context = kd_context_new (f->store, f->settings);
  f->window = g_object_ref (kd_window_new (NULL, f->context));
  gtk_window_present (GTK_WINDOW (f->window));
  f->list = KD_STAFF_LIST (find_descendant (GTK_WIDGET (f->window), KD_TYPE_STAFF_LIST));
  g_assert_nonnull (f->list);
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
  /* Pages still on their way hold the store until they land. */
  g_assert_true (wait_for (only_ref, f->store));
  kd_store_close (f->store);
  g_assert_finalize_object (f->store);

  kd_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static guint
n_visible (Fixture *f)
{
  return g_list_model_get_n_items (_kd_staff_list_get_visible_model (f->list));
}

static KdStaff *
visible_by_job (Fixture *f, const char *job, guint *pos)
{
  GListModel *m = _kd_staff_list_get_visible_model (f->list);

  for (guint i = 0; i < g_list_model_get_n_items (m); i++)
    {
      g_autoptr(GObject) row = g_list_model_get_item (m, i);
      KdStaff *s = kd_slot_unwrap (row);

      if (g_strcmp0 (kd_staff_get_job_number (s), job) == 0)
        {
          if (pos)
            *pos = i;
          return g_object_ref (s);
        }
    }
  return NULL;
}

static void
select_job (Fixture *f, const char *job)
{
  guint pos = 0;
  g_autoptr(KdStaff) s = visible_by_job (f, job, &pos);
  GtkSingleSelection *sel = GTK_SINGLE_SELECTION (_kd_staff_list_get_visible_model (f->list));

  g_assert_nonnull (s);
  gtk_single_selection_set_selected (sel, pos);
}

static void
test_pages (Fixture *f, gconstpointer data)
{
  const char *pages[] = { "orders", "customers", "phrases", "schedule" };

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      gtk_widget_activate_action (GTK_WIDGET (f->window), "win.page", "s", pages[i]);
      g_assert_cmpstr (kd_window_get_visible_page (f->window), ==, pages[i]);
    }
  /* An unknown page changes nothing. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.page", "s", "nowhere");
  g_assert_cmpstr (kd_window_get_visible_page (f->window), ==, "schedule");
}

static void
test_directory_loaded (Fixture *f, gconstpointer data)
{
  g_autoptr(GObject) first = NULL;

  g_assert_cmpuint (n_visible (f), ==, 13);
  g_assert_cmpstr (_kd_staff_list_get_state (f->list), ==, "list");
  /* Sorted by job number as people read it: 1, 2, 3 … 10, not 1, 10, 11. */
  first = g_list_model_get_item (_kd_staff_list_get_visible_model (f->list), 9);
  g_assert_cmpstr (kd_staff_get_job_number (kd_slot_unwrap (first)), ==, "10");
}

static gboolean
dialog_gone (gpointer data)
{
  return _kd_staff_list_get_dialog (KD_STAFF_LIST (data)) == NULL;
}

static void
type_into (AdwEntryRow *row, const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static void
test_add_through_dialog (Fixture *f, gconstpointer data)
{
  KdStaffDialog *dialog;
  g_autoptr(KdStaff) stored = NULL;
  g_autoptr(KdStaff) shown = NULL;

  gtk_widget_activate_action (GTK_WIDGET (f->list), "staff.add", NULL);
  dialog = _kd_staff_list_get_dialog (f->list);
  g_assert_nonnull (dialog);
  g_assert_false (kd_staff_dialog_is_valid (dialog));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (dialog->save_button)));

  type_into (dialog->job_number_row, "KF-20");
  type_into (dialog->name_row, "欧阳娜娜");
  adw_combo_row_set_selected (dialog->role_row, KD_ROLE_COMPLAINTS);
  type_into (dialog->phone_row, "13800002020");
  settle (f);
  g_assert_true (kd_staff_dialog_is_valid (dialog));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (dialog->save_button)));

  gtk_widget_activate (GTK_WIDGET (dialog->save_button));
  g_assert_true (wait_for (dialog_gone, f->list));
  settle (f);

  shown = visible_by_job (f, "KF-20", NULL);
  g_assert_nonnull (shown);
  g_assert_cmpstr (kd_staff_get_name (shown), ==, "欧阳娜娜");
  g_assert_cmpuint (n_visible (f), ==, 14);

  stored = find_stored (f, "KF-20");
  g_assert_nonnull (stored);
  g_assert_cmpint (kd_staff_get_role (stored), ==, KD_ROLE_COMPLAINTS);
  g_assert_cmpstr (kd_staff_get_phone (stored), ==, "13800002020");
}

static void
test_edit_through_dialog (Fixture *f, gconstpointer data)
{
  KdStaffDialog *dialog;
  g_autoptr(KdStaff) stored = NULL;

  select_job (f, "7");
  gtk_widget_activate_action (GTK_WIDGET (f->list), "staff.edit", NULL);
  dialog = _kd_staff_list_get_dialog (f->list);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (dialog->name_row)), ==, "黄思远");
  settle (f);
  g_assert_true (kd_staff_dialog_is_valid (dialog));

  /* Keeping its own job number is not a clash. */
  type_into (dialog->name_row, "黄思源");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "staff-dialog.save", NULL);
  g_assert_true (wait_for (dialog_gone, f->list));
  settle (f);

  stored = find_stored (f, "7");
  g_assert_cmpstr (kd_staff_get_name (stored), ==, "黄思源");
  g_assert_cmpuint (n_visible (f), ==, 13);
}

static void
test_validation_errors (Fixture *f, gconstpointer data)
{
  KdStaffDialog *dialog;

  gtk_widget_activate_action (GTK_WIDGET (f->list), "staff.add", NULL);
  dialog = _kd_staff_list_get_dialog (f->list);

  /* Nothing touched yet: no red text at the user. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dialog->job_number_error)));

  type_into (dialog->job_number_row, "3");
  settle (f);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog->job_number_error)));
  g_assert_nonnull (strstr (gtk_label_get_text (dialog->job_number_error), "林晓"));

  type_into (dialog->job_number_row, "3 号");
  settle (f);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog->job_number_error)));
  g_assert_nonnull (strstr (gtk_label_get_text (dialog->job_number_error), "16"));

  type_into (dialog->name_row, "x");
  type_into (dialog->name_row, "   ");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog->name_error)));

  type_into (dialog->phone_row, "138-0000-1111");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog->phone_error)));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (dialog->phone_row), "error"));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (dialog->save_button)));

  /* Saving anyway (Ctrl+S) writes nothing. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "staff-dialog.save", NULL);
  settle (f);
  g_assert_nonnull (_kd_staff_list_get_dialog (f->list));
  g_assert_cmpuint (n_visible (f), ==, 13);

  type_into (dialog->job_number_row, "30");
  type_into (dialog->name_row, "钱多多");
  type_into (dialog->phone_row, "");
  settle (f);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dialog->job_number_error)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dialog->name_error)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dialog->phone_error)));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (dialog->save_button)));

  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_true (wait_for (dialog_gone, f->list));
  g_assert_null (find_stored (f, "30"));
}

/* The demo is rostered, and staff with roster history are only
 * deactivated: give 马俊 none, so he can be deleted. */
static gboolean
forget_roster_job (KdConn *conn, gpointer data, GError **error)
{
  return kd_conn_exec (conn, "DELETE FROM roster_assignments WHERE staff_id = "
                             "(SELECT id FROM staff WHERE job_number = '13')", error);
}

static void
test_delete_and_undo (Fixture *f, gconstpointer data)
{
  AdwToast *toast;
  g_autoptr(KdStaff) back = NULL;
  g_autoptr(KdStaff) gone = NULL;

  g_assert_true (kd_store_write (f->store, forget_roster_job, NULL, NULL));
  select_job (f, "13");
  gtk_widget_activate_action (GTK_WIDGET (f->list), "staff.delete", NULL);
  settle (f);
  g_assert_cmpuint (n_visible (f), ==, 12);
  gone = find_stored (f, "13");
  g_assert_null (gone);

  toast = _kd_staff_list_get_undo_toast (f->list);
  g_assert_nonnull (toast);
  g_assert_nonnull (strstr (adw_toast_get_title (toast), "马俊"));
  g_signal_emit_by_name (toast, "button-clicked");
  settle (f);

  g_assert_cmpuint (n_visible (f), ==, 13);
  back = find_stored (f, "13");
  g_assert_nonnull (back);
  g_assert_cmpstr (kd_staff_get_phone (back), ==, "13300003013");
}

static void
test_delete_with_history_deactivates (Fixture *f, gconstpointer data)
{
  g_autoptr(KdStaff) row = NULL;
  g_autoptr(KdStaff) stored = NULL;

  /* Signing in at the desk gives 林晓 history. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.sign-in", "s", "3");
  settle (f);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.sign-in", "s", "");
  settle (f);

  select_job (f, "3");
  gtk_widget_activate_action (GTK_WIDGET (f->list), "staff.delete", NULL);
  settle (f);
  g_assert_cmpuint (n_visible (f), ==, 13);
  row = visible_by_job (f, "3", NULL);
  g_assert_false (kd_staff_get_active (row));
  stored = find_stored (f, "3");
  g_assert_false (kd_staff_get_active (stored));
  g_clear_object (&stored);
  g_clear_object (&row);

  /* Ctrl+Z is the same undo as the toast's button. */
  gtk_widget_activate_action (GTK_WIDGET (f->list), "staff.undo-remove", NULL);
  settle (f);
  stored = find_stored (f, "3");
  g_assert_true (kd_staff_get_active (stored));
  row = visible_by_job (f, "3", NULL);
  g_assert_true (kd_staff_get_active (row));
}

typedef struct {
  Fixture *f;
  guint    expected;
} CountWait;

static gboolean
count_is (gpointer data)
{
  CountWait *w = data;
  return n_visible (w->f) == w->expected;
}

static void
test_search (Fixture *f, gconstpointer data)
{
  GtkWidget *entry = _kd_staff_list_get_search_entry (f->list);
  CountWait w = { f, 3 };

  /* By role: 黄思远, 赵敏 and 郑可欣 work after-sale. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "after");
  g_assert_true (wait_for (count_is, &w));

  w.expected = 1;
  gtk_editable_set_text (GTK_EDITABLE (entry), "思远");
  g_assert_true (wait_for (count_is, &w));

  w.expected = 0;
  gtk_editable_set_text (GTK_EDITABLE (entry), "zzz");
  g_assert_true (wait_for (count_is, &w));
  g_assert_cmpstr (_kd_staff_list_get_state (f->list), ==, "no-results");

  w.expected = 13;
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  g_assert_true (wait_for (count_is, &w));
  g_assert_cmpstr (_kd_staff_list_get_state (f->list), ==, "list");
}

static void
test_sign_in (Fixture *f, gconstpointer data)
{
  g_autofree char *saved = NULL;
  GtkMenuButton *button = GTK_MENU_BUTTON (find_descendant (GTK_WIDGET (f->window), GTK_TYPE_MENU_BUTTON));

  g_assert_null (kd_window_get_signed_in_staff (f->window));

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.sign-in", "s", "5");
  settle (f);
  g_assert_nonnull (kd_window_get_signed_in_staff (f->window));
  g_assert_cmpstr (kd_staff_get_name (kd_window_get_signed_in_staff (f->window)), ==, "张雨婷");
  saved = g_settings_get_string (f->settings, "signed-in-job-number");
  g_assert_cmpstr (saved, ==, "5");
  g_assert_nonnull (strstr (gtk_menu_button_get_label (button), "张雨婷"));

  /* The menu lists the active staff only (12 of the demo's 13), and Sign Out;
   * before them, whoever the demo's roster has on duty at this hour (nobody
   * between 01:00 and 08:00; see test-roster-grid for that section). */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.sign-in-menu", NULL);
  {
    GMenuModel *menu = gtk_menu_button_get_menu_model (button);
    g_autoptr(GMenuModel) people = NULL;
    int everyone = -1;

    g_assert_nonnull (menu);
    for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
      {
        g_autofree char *label = NULL;
        if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_LABEL, "s", &label)
            && g_str_equal (label, "Who Is at the Desk?"))
          everyone = i;
      }
    g_assert_cmpint (everyone, >=, 0);
    g_assert_cmpint (everyone, <=, 1);
    g_assert_cmpint (g_menu_model_get_n_items (menu), ==, everyone + 2);
    people = g_menu_model_get_item_link (menu, everyone, G_MENU_LINK_SECTION);
    g_assert_cmpint (g_menu_model_get_n_items (people), ==, 12);
    gtk_menu_button_popdown (button);
  }

  /* An inactive person cannot sign in. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.sign-in", "s", "4");
  settle (f);
  g_assert_null (kd_window_get_signed_in_staff (f->window));
}

static void
test_phone_masking_setting (Fixture *f, gconstpointer data)
{
  GtkColumnView *view = GTK_COLUMN_VIEW (find_descendant (GTK_WIDGET (f->list), GTK_TYPE_COLUMN_VIEW));
  GListModel *columns = gtk_column_view_get_columns (view);
  guint visible_phone_masked = 0, visible_phone_full = 0;

  g_settings_set_boolean (f->settings, "show-full-phone", TRUE);
  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) c = g_list_model_get_item (columns, i);
      const char *title = gtk_column_view_column_get_title (c);

      if (g_strcmp0 (title, "Phone") != 0)
        continue;
      if (gtk_column_view_column_get_visible (c))
        visible_phone_full++;
    }
  g_settings_set_boolean (f->settings, "show-full-phone", FALSE);
  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) c = g_list_model_get_item (columns, i);
      if (g_strcmp0 (gtk_column_view_column_get_title (c), "Phone") == 0 &&
          gtk_column_view_column_get_visible (c))
        visible_phone_masked++;
    }
  /* Exactly one phone column at a time, whichever the setting picks. */
  g_assert_cmpuint (visible_phone_full, ==, 1);
  g_assert_cmpuint (visible_phone_masked, ==, 1);
}

static void
test_window_state_saved (Fixture *f, gconstpointer data)
{
  gtk_window_set_default_size (GTK_WINDOW (f->window), 900, 650);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.page", "s", "phrases");
  gtk_window_close (GTK_WINDOW (f->window));

  g_assert_cmpint (g_settings_get_int (f->settings, "window-width"), ==, 900);
  g_assert_cmpint (g_settings_get_int (f->settings, "window-height"), ==, 650);
  g_assert_false (g_settings_get_boolean (f->settings, "window-maximized"));
  {
    g_autofree char *page = g_settings_get_string (f->settings, "last-page");
    g_assert_cmpstr (page, ==, "phrases");
  }
}

static gboolean
is_action_button (GtkWidget *widget, gconstpointer action)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0;
}

static GtkWidget *
find_action_button (GtkWidget *widget, const char *action)
{
  return find_where (widget, is_action_button, action);
}

/* Preferences → Backups → Restore names the application's action. */
static void
test_preferences_restore_button (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  KdPreferencesWindow *prefs = g_object_ref (kd_preferences_window_new (settings));

  g_assert_nonnull (find_action_button (GTK_WIDGET (prefs), "app.restore-backup"));
  gtk_window_destroy (GTK_WINDOW (prefs));
  g_assert_finalize_object (prefs);
}

static void
test_preferences_window (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  KdPreferencesWindow *prefs;
  GtkSwitch *sw;
  GtkSpinButton *spin;

  g_settings_reset (settings, "show-full-phone");
  g_settings_reset (settings, "unpaid-alert-hours");
  prefs = g_object_ref (kd_preferences_window_new (settings));
  sw = GTK_SWITCH (find_descendant (GTK_WIDGET (prefs), GTK_TYPE_SWITCH));
  spin = GTK_SPIN_BUTTON (find_descendant (GTK_WIDGET (prefs), GTK_TYPE_SPIN_BUTTON));
  g_assert_nonnull (sw);
  g_assert_nonnull (spin);

  g_assert_false (gtk_switch_get_active (sw));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (spin), ==, 12);

  gtk_switch_set_active (sw, TRUE);
  g_assert_true (g_settings_get_boolean (settings, "show-full-phone"));
  gtk_spin_button_set_value (spin, 24);
  g_assert_cmpint (g_settings_get_int (settings, "unpaid-alert-hours"), ==, 24);

  gtk_window_destroy (GTK_WINDOW (prefs));
  g_assert_finalize_object (prefs);
}

/* The .ui files that no other test builds: instantiating them is the only
 * real check of a template on GTK 4.8. */
static void
test_shortcuts_window_builds (void)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource (RESOURCE_BASE "/gtk/help-overlay.ui");
  GObject *window = gtk_builder_get_object (builder, "help_overlay");

  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (window));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(name, fn) g_test_add (name, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/ui/window/pages", test_pages);
  ADD ("/ui/staff/loaded-and-sorted", test_directory_loaded);
  ADD ("/ui/staff/add-through-dialog", test_add_through_dialog);
  ADD ("/ui/staff/edit-through-dialog", test_edit_through_dialog);
  ADD ("/ui/staff/validation-errors", test_validation_errors);
  ADD ("/ui/staff/delete-undo", test_delete_and_undo);
  ADD ("/ui/staff/delete-with-history-deactivates", test_delete_with_history_deactivates);
  ADD ("/ui/staff/search", test_search);
  ADD ("/ui/window/sign-in", test_sign_in);
  ADD ("/ui/staff/phone-masking-setting", test_phone_masking_setting);
  ADD ("/ui/window/state-saved", test_window_state_saved);
  g_test_add_func ("/ui/preferences/bound-to-settings", test_preferences_window);
  g_test_add_func ("/ui/preferences/restore-button", test_preferences_restore_button);
  g_test_add_func ("/ui/shortcuts-window/builds", test_shortcuts_window_builds);
  return g_test_run ();
}
