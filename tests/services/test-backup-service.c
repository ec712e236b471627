/* test-backup-service.c: the daily backup: written once a day, readable, rotated, off the main thread. */
#include <glib/gstdio.h>

#include "kd-backup-service.h"
#include "kd-demo.h"
#include "kd-staff-service.h"
#include "kd-store.h"
#include "kd-test-util.h"

typedef struct {
  char *dir;
  char *db;
  char *backups;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->dir = g_dir_make_tmp ("kd-test-backup-XXXXXX", NULL);
  f->db = g_build_filename (f->dir, "shop.db", NULL);
  f->backups = g_build_filename (f->dir, "backups", NULL);
  g_assert_true (kd_demo_write (f->db, NULL));
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  kd_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->db);
  g_free (f->backups);
}

static void
touch (const char *dir, const char *name)
{
  g_autofree char *p = g_build_filename (dir, name, NULL);
  g_assert_true (g_file_set_contents (p, "old", -1, NULL));
}

static gboolean
exists (const char *dir, const char *name)
{
  g_autofree char *p = g_build_filename (dir, name, NULL);
  return g_file_test (p, G_FILE_TEST_EXISTS);
}

static void
test_once_a_day (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *written = NULL;
  g_autofree char *again = NULL;
  g_autoptr(KdStore) copy = NULL;
  g_autoptr(GPtrArray) staff = NULL;

  g_assert_true (kd_backup_daily (f->db, f->backups, "2026-11-25", 14, &written, &error));
  g_assert_no_error (error);
  g_assert_nonnull (written);
  g_assert_true (g_str_has_suffix (written, "kefu-desk-2026-11-25.db"));

  /* The copy is a complete database. */
  copy = kd_store_open (written, &error);
  g_assert_no_error (error);
  {
    g_autoptr(KdStaffService) svc = kd_staff_service_new (copy);
    staff = kd_staff_service_list (svc, FALSE, NULL);
  }
  g_assert_cmpuint (staff->len, >=, 8);

  /* The same day again writes nothing. */
  g_assert_true (kd_backup_daily (f->db, f->backups, "2026-11-25", 14, &again, &error));
  g_assert_null (again);
}

static void
test_rotation (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (f->backups, 0700), ==, 0);
  touch (f->backups, "kefu-desk-2026-10-30.db");
  touch (f->backups, "kefu-desk-2026-11-01.db");
  touch (f->backups, "kefu-desk-2026-11-20.db");
  touch (f->backups, "kefu-desk-2026-11-24.db");
  touch (f->backups, "notes.txt");
  touch (f->backups, "kefu-desk-latest.db");

  g_assert_true (kd_backup_daily (f->db, f->backups, "2026-11-25", 3, NULL, &error));
  g_assert_no_error (error);

  g_assert_false (exists (f->backups, "kefu-desk-2026-10-30.db"));
  g_assert_false (exists (f->backups, "kefu-desk-2026-11-01.db"));
  g_assert_true (exists (f->backups, "kefu-desk-2026-11-20.db"));
  g_assert_true (exists (f->backups, "kefu-desk-2026-11-24.db"));
  g_assert_true (exists (f->backups, "kefu-desk-2026-11-25.db"));
  /* Files that are not daily backups are never touched. */
  g_assert_true (exists (f->backups, "notes.txt"));
  g_assert_true (exists (f->backups, "kefu-desk-latest.db"));
}

static void
test_bad_day (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (kd_backup_daily (f->db, f->backups, "../../x", 3, NULL, &error));
  g_assert_nonnull (error);
}

static void
on_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  char **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = kd_backup_daily_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_async (Fixture *f, gconstpointer data)
{
  g_autofree char *written = NULL;

  kd_backup_daily_async (f->db, f->backups, "2026-12-01", 14, NULL, on_done, &written);
  while (written == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (g_str_has_suffix (written, "kefu-desk-2026-12-01.db"));
  g_assert_true (g_file_test (written, G_FILE_TEST_EXISTS));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(name, fn) g_test_add (name, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/backup/once-a-day", test_once_a_day);
  ADD ("/backup/rotation", test_rotation);
  ADD ("/backup/bad-day", test_bad_day);
  ADD ("/backup/async", test_async);
  return g_test_run ();
}
