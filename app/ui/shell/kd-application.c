/* kd-application.c: opens the database, shows errors about it, owns app-wide actions. */
#include "kd-application.h"
#include "kd-backup-service.h"
#include "kd-clock.h"
#include "kd-context.h"
#include "kd-preferences-window.h"
#include "kd-store.h"
#include "kd-toast.h"
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
};

G_DEFINE_FINAL_TYPE (KdApplication, kd_application, ADW_TYPE_APPLICATION)

static void
kd_application_finalize (GObject *object)
{
  KdApplication *self = (KdApplication *) object;

  g_clear_object (&self->context);
  if (self->store != NULL)
    kd_store_close (self->store);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->backup_cancellable);
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
present_main_window (KdApplication *self)
{
  GtkWindow *window;

  if (self->context == NULL)
    self->context = kd_context_new (self->store, self->settings);
  window = GTK_WINDOW (kd_window_new (self, self->context));
  gtk_window_present (window);
  if (self->loading != NULL)
    gtk_window_destroy (g_steal_pointer (&self->loading));
}

static void
on_store_opened (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(KdApplication) self = user_data;
  g_autoptr(GError) error = NULL;

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
  if (self->backup_enabled)
    start_daily_backup (self);
  present_main_window (self);
  g_application_release (G_APPLICATION (self));
}

/* Opening checks the whole file (quick_check) and may migrate it: a worker
 * thread does it while a small window says so. */
static void
show_loading (KdApplication *self)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (self));
  GtkWidget *status = adw_status_page_new ();
  GtkWidget *spinner = gtk_spinner_new ();

  gtk_spinner_start (GTK_SPINNER (spinner));
  gtk_widget_set_size_request (spinner, 32, 32);
  adw_status_page_set_title (ADW_STATUS_PAGE (status), _("Opening the Database…"));
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

      self->opening = TRUE;
      g_application_hold (app);
      show_loading (self);
      kd_store_open_async (path, flags, NULL, on_store_opened, g_object_ref (self));
      return;
    }
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

  gtk_window_set_transient_for (prefs, parent);
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

static const GActionEntry app_actions[] = {
  { "quit", quit_activated },
  { "preferences", preferences_activated },
  { "about", about_activated },
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
    { "win.sign-in-menu", { "<Control>i", NULL } },
  };

  G_APPLICATION_CLASS (kd_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action, accels[i].accels);

  self->settings = g_settings_new (APP_ID);
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
