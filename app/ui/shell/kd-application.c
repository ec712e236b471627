/* kd-application.c: opens the database, shows errors about it, owns app-wide actions. */
#include "kd-application.h"
#include "kd-backup-service.h"
#include "kd-clock.h"
#include "kd-context.h"
#include "kd-phrase-picker.h"
#include "kd-preferences-window.h"
#include "kd-store.h"
#include "kd-toast.h"
#include "kd-unpaid-monitor.h"
#include "kd-unpaid-notifier.h"
#include "kd-window.h"

#include <glib/gi18n.h>

struct _KdApplication
{
  AdwApplication  parent_instance;
  char           *db_path;
  KdStore        *store;
  KdContext      *context;
  GSettings      *settings;
  GtkWindow      *loading;     /* shown while the database is opened and checked */
  gboolean        opening;
  gboolean        backup_enabled;
  GCancellable   *backup_cancellable;
  char           *restored_message;   /* a toast for the reopened window */
  gboolean        picker_only;   /* started by --picker: no main window */
  gboolean        picker_pending;
  gboolean        background;    /* held so the clipboard outlives the picker */
  gboolean        start_hidden;  /* --background: no window at start */
  gboolean        monitor_held;  /* held so alerts arrive with the window closed */
  KdUnpaidNotifier *notifier;
  KdUnpaidMonitor *monitor;
};

G_DEFINE_FINAL_TYPE (KdApplication, kd_application, ADW_TYPE_APPLICATION)

static void
kd_application_finalize (GObject *object)
{
  KdApplication *self = (KdApplication *) object;

  g_clear_object (&self->monitor);
  g_clear_object (&self->notifier);
  g_clear_object (&self->context);
  if (self->store != NULL)
    kd_store_close (self->store);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->backup_cancellable);
  g_clear_pointer (&self->restored_message, g_free);
  g_clear_pointer (&self->db_path, g_free);

  G_OBJECT_CLASS (kd_application_parent_class)->finalize (object);
}

static void
on_error_response (AdwMessageDialog *dialog,
                   const char       *response,
                   KdApplication    *self)
{
  g_application_release (G_APPLICATION (self));
}

/* The database could not be opened: say why in a dialog of its own (there
 * is no main window to put it on) and quit when it is dismissed. */
static void
show_open_error (KdApplication *self,
                 const GError  *error)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (NULL, _("Cannot Open the Database"), NULL);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  g_signal_connect (dialog, "response", G_CALLBACK (on_error_response), self);
  g_application_hold (G_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_daily_backup_done (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(KdApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *written = kd_backup_daily_finish (result, &error);
  GtkWindow *window;

  if (written != NULL)
    {
      if (*written != '\0')
        g_debug ("Daily backup written to %s", written);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_warning ("Daily backup failed: %s", error->message);
  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (KD_IS_WINDOW (window))
    {
      g_autofree char *title = g_strdup_printf (_("The daily backup failed: %s"), error->message);
      kd_window_add_toast (KD_WINDOW (window), kd_toast_new (title));
    }
}

/* Once a day, the first start copies the database into the backups folder. */
static void
start_daily_backup (KdApplication *self)
{
  g_autoptr(GDateTime) now = kd_clock_now_local (NULL);
  g_autofree char *dir = kd_backup_default_dir ();

  g_cancellable_cancel (self->backup_cancellable);
  g_clear_object (&self->backup_cancellable);
  self->backup_cancellable = g_cancellable_new ();
  kd_backup_daily_async (self->store, dir, now, KD_BACKUP_KEEP_DEFAULT,
                         self->backup_cancellable, on_daily_backup_done, g_object_ref (self));
}

static void
show_picker (KdApplication *self)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  KdPhrasePicker *picker;

  if (self->context == NULL)
    self->context = kd_context_new (self->store, self->settings);
  picker = kd_phrase_picker_new (self->context);
  gtk_window_set_application (GTK_WINDOW (picker), GTK_APPLICATION (self));
  if (KD_IS_WINDOW (parent))
    gtk_window_set_transient_for (GTK_WINDOW (picker), parent);
  /* What the picker copies is owned by this process: it keeps running in
   * the background when it was started for the picker alone (Ctrl+Q or
   * closing the main window ends it). */
  if (self->picker_only && !self->background)
    {
      self->background = TRUE;
      g_application_hold (G_APPLICATION (self));
    }
  /* From now on, starting the app again shows its window. */
  self->picker_only = FALSE;
  gtk_window_present (GTK_WINDOW (picker));
}

static void
present_main_window (KdApplication *self)
{
  GtkWindow *window;

  if (self->context == NULL)
    self->context = kd_context_new (self->store, self->settings);
  window = GTK_WINDOW (kd_window_new (self, self->context));
  gtk_window_present (window);
  if (self->restored_message != NULL)
    {
      g_autofree char *message = g_steal_pointer (&self->restored_message);
      kd_window_add_toast (KD_WINDOW (window), kd_toast_new (message));
    }
  if (self->loading != NULL)
    gtk_window_destroy (g_steal_pointer (&self->loading));
}

/* ---------------------------------------------------------------- unpaid-order alerts */

/* A notification's Open Order (the order on the Orders page) or, for the
 * summary, its list (the Unpaid page): in the window, opened if closed. */
static void
show_unpaid (KdApplication *self,
             const char    *action,
             gint64         order_id)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (!KD_IS_WINDOW (window))
    {
      present_main_window (self);
      window = gtk_application_get_active_window (GTK_APPLICATION (self));
    }
  else
    gtk_window_present (window);
  if (window != NULL && g_action_group_has_action (G_ACTION_GROUP (window), action))
    g_action_group_activate_action (G_ACTION_GROUP (window), action, g_variant_new_int64 (order_id));
}

static void
on_open_order (KdUnpaidNotifier *notifier,
               gint64            order_id,
               KdApplication    *self)
{
  show_unpaid (self, "open-order", order_id);
}

static void
on_open_list (KdUnpaidNotifier *notifier,
              KdApplication    *self)
{
  show_unpaid (self, "show-unpaid", 0);
}

/* "Keep checking when the window is closed": the application holds itself. */
static void
update_monitor_hold (KdApplication *self)
{
  gboolean want = self->monitor != NULL && g_settings_get_boolean (self->settings, "keep-running");

  if (want && !self->monitor_held)
    g_application_hold (G_APPLICATION (self));
  else if (!want && self->monitor_held)
    g_application_release (G_APPLICATION (self));
  self->monitor_held = want;
}

static void
on_keep_running_changed (GSettings     *settings,
                         const char    *key,
                         KdApplication *self)
{
  update_monitor_hold (self);
}

static void
start_monitor (KdApplication *self)
{
  KdUnpaidService *service;

  if (self->context == NULL)
    self->context = kd_context_new (self->store, self->settings);
  service = kd_context_get_unpaid_service (self->context);
  self->notifier = kd_unpaid_notifier_new (service, TRUE);
  g_signal_connect_object (self->notifier, "open-order", G_CALLBACK (on_open_order), self, 0);
  g_signal_connect_object (self->notifier, "open-list", G_CALLBACK (on_open_list), self, 0);
  self->monitor = kd_unpaid_monitor_new (service, self->store, self->notifier);
  /* Every minute; tests shorten it (a change made by another process, such
   * as `kefu-desk import-orders`, is seen at the next check). */
  {
    const char *env = g_getenv ("KEFU_DESK_UNPAID_CHECK_SECONDS");
    guint64 seconds = 60;

    if (env != NULL && !g_ascii_string_to_unsigned (env, 10, 1, 3600, &seconds, NULL))
      seconds = 60;
    kd_unpaid_monitor_start (self->monitor, (guint) seconds);
  }
  update_monitor_hold (self);
}

/* Before the store closes (restore, quit). */
static void
stop_monitor (KdApplication *self)
{
  if (self->monitor != NULL)
    kd_unpaid_monitor_stop (self->monitor);
  /* Their buttons would reach nobody. The list keeps every alert. */
  if (self->notifier != NULL)
    kd_unpaid_notifier_withdraw_all (self->notifier);
  g_clear_object (&self->monitor);
  g_clear_object (&self->notifier);
  update_monitor_hold (self);
}

static void
on_store_opened (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(KdApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean only_picker;

  self->opening = FALSE;
  self->store = kd_store_open_finish (result, &error);
  if (self->store == NULL)
    {
      show_open_error (self, error);
      if (self->loading != NULL)
        gtk_window_destroy (g_steal_pointer (&self->loading));
      g_application_release (G_APPLICATION (self));
      return;
    }
  only_picker = self->picker_only || self->start_hidden;
  self->start_hidden = FALSE;
  if (self->backup_enabled)
    start_daily_backup (self);
  start_monitor (self);
  if (self->picker_only || self->picker_pending)
    {
      self->picker_pending = FALSE;
      if (self->loading != NULL)
        gtk_window_destroy (g_steal_pointer (&self->loading));
      show_picker (self);
    }
  if (!only_picker)
    present_main_window (self);
  g_application_release (G_APPLICATION (self));
}

/* Opening checks the whole file (quick_check) and may migrate it: a worker
 * thread does it while a small window says so. */
static void
show_loading (KdApplication *self,
              const char    *title)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (self));
  GtkWidget *status = adw_status_page_new ();
  GtkWidget *spinner = gtk_spinner_new ();

  gtk_spinner_start (GTK_SPINNER (spinner));
  gtk_widget_set_size_request (spinner, 32, 32);
  adw_status_page_set_title (ADW_STATUS_PAGE (status), title);
  adw_status_page_set_child (ADW_STATUS_PAGE (status), spinner);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), status);
  gtk_window_set_title (GTK_WINDOW (window), _("Kefu Desk"));
  gtk_window_set_default_size (GTK_WINDOW (window), 480, 320);
  self->loading = GTK_WINDOW (window);
  gtk_window_present (GTK_WINDOW (window));
}

static void
kd_application_activate (GApplication *app)
{
  KdApplication *self = KD_APPLICATION (app);
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }
  if (self->opening)
    return;

  if (self->store == NULL)
    {
      g_autofree char *path = self->db_path ? g_strdup (self->db_path) : kd_store_default_path ();
      /* Only the everyday database is created when missing; a file named
       * with --db must exist. */
      KdStoreOpenFlags flags = self->db_path ? KD_STORE_OPEN_NONE : KD_STORE_OPEN_CREATE;

      if (self->picker_only)
        self->picker_pending = TRUE;

      self->opening = TRUE;
      g_application_hold (app);
      if (!self->picker_only && !self->start_hidden)
        show_loading (self, _("Opening the Database…"));
      kd_store_open_async (path, flags, NULL, on_store_opened, g_object_ref (self));
      return;
    }
  if (self->picker_only)
    show_picker (self);
  else
    present_main_window (self);
}

/* Every connection is closed before the process ends, so the write-ahead
 * log is checkpointed into the file: the file alone has every change. */
static void
kd_application_shutdown (GApplication *app)
{
  KdApplication *self = KD_APPLICATION (app);

  G_APPLICATION_CLASS (kd_application_parent_class)->shutdown (app);
  g_cancellable_cancel (self->backup_cancellable);
  stop_monitor (self);
  g_clear_object (&self->context);
  if (self->store != NULL)
    kd_store_close (self->store);
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *param,
                       gpointer       user_data)
{
  KdApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWindow *prefs = GTK_WINDOW (kd_preferences_window_new (self->settings));

  if (self->context != NULL)
    kd_preferences_window_set_context (KD_PREFERENCES_WINDOW (prefs), self->context);

  gtk_window_set_transient_for (prefs, parent);
  /* Its Restore button names app.restore-backup. */
  gtk_window_set_application (prefs, GTK_APPLICATION (self));
  gtk_window_present (prefs);
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       user_data)
{
  KdApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  const char *developers[] = { "Kefu Desk developers", NULL };

  adw_show_about_window (parent,
                         "application-name", _("Kefu Desk"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "developer-name", _("Kefu Desk developers"),
                         "developers", developers,
                         "comments", _("Rosters, customers, canned phrases and order remarks for an online shop's customer-service team"),
                         "website", "https://github.com/kefudesk/kefu-desk",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         /* Translators: put your names here, one per line */
                         "translator-credits", _("translator-credits"),
                         NULL);
}


/* ---------------------------------------------------------------- restore */

/* The database is opened in this process, so restoring underneath it
 * would leave the window writing to the file kept aside. Instead the
 * window closes its store (every connection, the WAL checkpointed), the
 * backup is put in place in a worker thread, and the database is opened
 * again in a new window: no restart needed, and nothing the user did
 * before the restore is lost (it is in the file kept aside). */

static char *
current_db_path (KdApplication *self)
{
  if (self->store != NULL)
    return g_strdup (kd_store_get_path (self->store));
  return self->db_path ? g_strdup (self->db_path) : kd_store_default_path ();
}

static void
reopen_store (KdApplication *self)
{
  g_autofree char *path = current_db_path (self);

  g_clear_object (&self->store);
  self->opening = TRUE;
  /* Held until on_store_opened() releases it. */
  kd_store_open_async (path, KD_STORE_OPEN_NONE, NULL, on_store_opened, g_object_ref (self));
}

static void
on_restore_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(KdApplication) self = KD_APPLICATION (user_data);
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = g_task_propagate_pointer (G_TASK (result), &error);
  const char *backup = g_object_get_data (G_OBJECT (result), "kd-backup");

  if (error != NULL)
    {
      /* The database is as it was: say why, and open it again. */
      self->restored_message = g_strdup_printf (_("The backup was not restored: %s"), error->message);
    }
  else
    {
      g_autofree char *backup_name = g_filename_display_name (backup);
      g_autofree char *kept_name = kept && *kept ? g_filename_display_name (kept) : NULL;

      if (kept_name != NULL)
        self->restored_message = g_strdup_printf (_("Restored from “%s”. The previous database was kept as “%s”."),
                                                  backup_name, kept_name);
      else
        self->restored_message = g_strdup_printf (_("Restored from “%s”."), backup_name);
    }
  reopen_store (self);
}

typedef struct {
  char *db_path;
  char *backup_path;
} RestoreJob;

static void
restore_job_free (gpointer data)
{
  RestoreJob *job = data;

  g_free (job->db_path);
  g_free (job->backup_path);
  g_free (job);
}

static void
restore_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  RestoreJob *job = task_data;
  GError *error = NULL;
  char *kept = NULL;

  if (kd_store_restore_file (job->db_path, job->backup_path, &kept, cancellable, &error))
    g_task_return_pointer (task, kept ? kept : g_strdup (""), g_free);
  else
    g_task_return_error (task, error);
}

static void
start_restore (KdApplication *self,
               const char    *backup_path)
{
  g_autoptr(GTask) task = NULL;
  RestoreJob *job = g_new0 (RestoreJob, 1);
  GList *windows;

  job->db_path = current_db_path (self);
  job->backup_path = g_strdup (backup_path);

  /* Hold the application while no window is shown. */
  g_application_hold (G_APPLICATION (self));
  g_cancellable_cancel (self->backup_cancellable);

  show_loading (self, _("Restoring the Backup…"));
  windows = g_list_copy_deep (gtk_application_get_windows (GTK_APPLICATION (self)),
                              (GCopyFunc) g_object_ref, NULL);
  for (GList *l = windows; l != NULL; l = l->next)
    if (l->data != self->loading)
      gtk_window_destroy (GTK_WINDOW (l->data));
  g_list_free_full (windows, g_object_unref);
  stop_monitor (self);
  g_clear_object (&self->context);
  if (self->store != NULL)
    kd_store_close (self->store);

  task = g_task_new (NULL, NULL, on_restore_done, g_object_ref (self));
  g_task_set_source_tag (task, start_restore);
  g_object_set_data_full (G_OBJECT (task), "kd-backup", g_strdup (backup_path), g_free);
  g_task_set_task_data (task, job, restore_job_free);
  g_task_run_in_thread (task, restore_thread);
}

typedef struct {
  KdApplication *self;
  char          *backup;
} RestoreLater;

static gboolean
start_restore_idle (gpointer data)
{
  RestoreLater *later = data;

  start_restore (later->self, later->backup);
  g_object_unref (later->self);
  g_free (later->backup);
  g_free (later);
  return G_SOURCE_REMOVE;
}

/* Once the dialog has finished its response: the windows are closed then. */
static void
on_restore_confirmed (AdwMessageDialog *dialog,
                      const char       *response,
                      KdApplication    *self)
{
  RestoreLater *later;

  if (g_strcmp0 (response, "restore") != 0)
    return;
  later = g_new0 (RestoreLater, 1);
  later->self = g_object_ref (self);
  later->backup = g_strdup (g_object_get_data (G_OBJECT (dialog), "kd-backup"));
  g_idle_add (start_restore_idle, later);
}

/* app.restore-from (s): asks, then restores the backup file given. */
static void
restore_from_activated (GSimpleAction *action,
                        GVariant      *param,
                        gpointer       user_data)
{
  KdApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  const char *backup = g_variant_get_string (param, NULL);
  g_autofree char *db = current_db_path (self);
  g_autofree char *db_name = g_filename_display_name (db);
  g_autofree char *backup_name = g_filename_display_name (backup);
  GtkWidget *dialog;

  if (self->store == NULL || self->opening)
    return;

  dialog = adw_message_dialog_new (parent, _("Restore This Backup?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("“%s” will be replaced by a copy of the backup “%s”. The current "
                                    "file is kept beside it as a .before-restore file. The window "
                                    "closes and opens again on the restored data."),
                                  db_name, backup_name);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "restore", _("_Restore"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "restore",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "kd-backup", g_strdup (backup), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_restore_confirmed), self, 0);
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_backup_chosen (GtkNativeDialog *chooser,
                  int              response,
                  KdApplication   *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;

      if (path != NULL)
        g_action_group_activate_action (G_ACTION_GROUP (self), "restore-from",
                                        g_variant_new_string (path));
    }
  g_object_unref (chooser);
}

/* app.restore-backup: Preferences → Backups → Restore. */
static void
restore_backup_activated (GSimpleAction *action,
                          GVariant      *param,
                          gpointer       user_data)
{
  KdApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *dir = kd_backup_default_dir ();
  g_autoptr(GFile) folder = g_file_new_for_path (dir);

  chooser = gtk_file_chooser_native_new (_("Choose a Backup"), parent, GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (filter, _("Kefu Desk databases"));
  gtk_file_filter_add_pattern (filter, "*.db");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  if (g_file_test (dir, G_FILE_TEST_IS_DIR))
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
  g_signal_connect (chooser, "response", G_CALLBACK (on_backup_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Ctrl+K anywhere in the app, and `kefu-desk --picker` (a desktop-wide
 * shortcut), which reaches the running instance through this action. */
static void
picker_activated (GSimpleAction *action,
                  GVariant      *param,
                  gpointer       user_data)
{
  KdApplication *self = user_data;

  if (self->store == NULL)
    {
      /* Still opening, or not started: the picker follows the store. */
      self->picker_pending = TRUE;
      if (!self->opening)
        {
          self->picker_only = gtk_application_get_active_window (GTK_APPLICATION (self)) == NULL;
          g_application_activate (G_APPLICATION (self));
        }
      return;
    }
  show_picker (self);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated },
  { "picker", picker_activated },
  { "preferences", preferences_activated },
  { "about", about_activated },
  { "restore-backup", restore_backup_activated },
  { "restore-from", restore_from_activated, "s" },
};

static void
kd_application_startup (GApplication *app)
{
  KdApplication *self = KD_APPLICATION (app);
  static const struct { const char *action; const char *accels[3]; } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "win.show-help-overlay", { "<Control>question", NULL } },
    { "win.page::orders", { "<Alt>1", NULL } },
    { "win.page::customers", { "<Alt>2", NULL } },
    { "win.page::phrases", { "<Alt>3", NULL } },
    { "win.page::schedule", { "<Alt>4", NULL } },
    { "win.page::unpaid", { "<Alt>5", NULL } },
    { "win.sign-in-menu", { "<Control>i", NULL } },
    { "app.picker", { "<Control>k", NULL } },
  };

  G_APPLICATION_CLASS (kd_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action, accels[i].accels);

  self->settings = g_settings_new (APP_ID);
  g_signal_connect_object (self->settings, "changed::keep-running",
                           G_CALLBACK (on_keep_running_changed), self, 0);
}

static void
kd_application_class_init (KdApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = kd_application_finalize;
  app_class->activate = kd_application_activate;
  app_class->startup = kd_application_startup;
  app_class->shutdown = kd_application_shutdown;
}

static void
kd_application_init (KdApplication *self)
{
}

KdApplication *
kd_application_new (const char *db_path,
                    gboolean    backup_enabled)
{
  KdApplication *self;

  /* One window per desk for the everyday database; a demo or another file
   * named with --db gets its own process, or it would only raise the
   * window already showing the shop's real data. */
  self = g_object_new (KD_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", db_path != NULL ? G_APPLICATION_NON_UNIQUE : G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", RESOURCE_BASE,
                       NULL);
  self->db_path = g_strdup (db_path);
  self->backup_enabled = backup_enabled;
  return self;
}

void
kd_application_set_background (KdApplication *self,
                               gboolean       background)
{
  g_return_if_fail (KD_IS_APPLICATION (self));
  self->start_hidden = background;
}

/* `kefu-desk --picker`: the picker of the running instance, or of a new one
 * that then stays in the background. Returns the exit status. */
int
kd_application_run_picker (KdApplication *self)
{
  g_autoptr(GError) error = NULL;
  char *argv[] = { (char *) "kefu-desk", NULL };

  if (!g_application_register (G_APPLICATION (self), NULL, &error))
    {
      g_printerr ("kefu-desk: %s\n", error->message);
      return 1;
    }
  if (g_application_get_is_remote (G_APPLICATION (self)))
    {
      g_action_group_activate_action (G_ACTION_GROUP (self), "picker", NULL);
      return 0;
    }
  self->picker_only = TRUE;
  return g_application_run (G_APPLICATION (self), 1, argv);
}
