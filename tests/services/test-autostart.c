/* test-autostart.c: "Start at login" writes the autostart entry under a private XDG_CONFIG_HOME and removes it again. */
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "kd-autostart.h"
#include "kd-test-util.h"

static void
test_write_and_remove (void)
{
  g_autofree char *path = kd_autostart_get_path ();
  g_autofree char *expected = g_build_filename (g_get_user_config_dir (), "autostart",
                                                "io.github.kefudesk.KefuDesk.desktop", NULL);
  g_autoptr(GKeyFile) entry = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *exec = NULL;
  g_autofree char *type = NULL;
  g_autofree char *name = NULL;
  GStatBuf st;

  /* A private folder: never the user's own autostart folder. */
  g_assert_true (g_str_has_prefix (g_get_user_config_dir (), g_get_tmp_dir ()));
  g_assert_cmpstr (path, ==, expected);
  g_assert_false (kd_autostart_is_enabled ());

  /* The autostart folder does not exist yet on a new account. */
  g_assert_true (kd_autostart_set_enabled (TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (kd_autostart_is_enabled ());
  g_assert_true (g_key_file_load_from_file (entry, path, G_KEY_FILE_NONE, &error));
  g_assert_no_error (error);
  exec = g_key_file_get_string (entry, G_KEY_FILE_DESKTOP_GROUP, "Exec", NULL);
  type = g_key_file_get_string (entry, G_KEY_FILE_DESKTOP_GROUP, "Type", NULL);
  name = g_key_file_get_string (entry, G_KEY_FILE_DESKTOP_GROUP, "Name", NULL);
  g_assert_cmpstr (exec, ==, "kefu-desk --background");
  g_assert_cmpstr (type, ==, "Application");
  g_assert_cmpstr (name, ==, "Kefu Desk");
  g_assert_true (g_key_file_get_boolean (entry, G_KEY_FILE_DESKTOP_GROUP, "X-GNOME-Autostart-enabled", NULL));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0644);

  /* Writing it again is harmless. */
  g_assert_true (kd_autostart_set_enabled (TRUE, &error));
  g_assert_no_error (error);

  g_assert_true (kd_autostart_set_enabled (FALSE, &error));
  g_assert_no_error (error);
  g_assert_false (kd_autostart_is_enabled ());
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* Nothing to remove is not an error. */
  g_assert_true (kd_autostart_set_enabled (FALSE, &error));
  g_assert_no_error (error);
}

/* A file where the folder should be: a clear error, nothing written. */
static void
test_unwritable (void)
{
  g_autofree char *blocker = g_build_filename (g_get_user_config_dir (), "autostart", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (g_get_user_config_dir (), 0700), ==, 0);
  g_rmdir (blocker);   /* left empty by the test before */
  g_assert_true (g_file_set_contents (blocker, "not a folder", -1, NULL));
  g_assert_false (kd_autostart_set_enabled (TRUE, &error));
  g_assert_nonnull (error);
  g_assert_false (kd_autostart_is_enabled ());
  g_unlink (blocker);
}

int
main (int argc, char **argv)
{
  /* A private XDG_CONFIG_HOME set before GLib first reads it (GLib's own
   * G_TEST_OPTION_ISOLATE_DIRS leaks what it sets, which LeakSanitizer
   * reports). */
  g_autofree char *dir = g_dir_make_tmp ("kd-test-autostart-XXXXXX", NULL);
  g_autofree char *config = g_build_filename (dir, "config", NULL);
  int status;

  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/autostart/write-and-remove", test_write_and_remove);
  g_test_add_func ("/autostart/unwritable", test_unwritable);
  status = g_test_run ();
  kd_test_rm_rf (dir);
  return status;
}
