/* test-backup-service.c: the daily backup: one a day per database, named by database and time, rotated by recorded time. */
#include <glib/gstdio.h>

#include "kd-backup-service.h"
#include "kd-demo.h"
#include "kd-staff-service.h"
#include "kd-store.h"
#include "kd-test-util.h"

typedef struct {
  char    *dir;
  char    *db;
  char    *backups;
  KdStore *store;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->dir = g_dir_make_tmp ("kd-test-backup-XXXXXX", NULL);
  f->db = g_build_filename (f->dir, "shop.db", NULL);
  f->backups = g_build_filename (f->dir, "backups", NULL);
  g_assert_true (kd_demo_write (f->db, NULL));
  f->store = kd_store_open (f->db, NULL);
  g_assert_nonnull (f->store);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->store);
  kd_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->db);
  g_free (f->backups);
}

static GDateTime *
at (const char *iso)
{
  GDateTime *dt = g_date_time_new_from_iso8601 (iso, NULL);
  g_assert_nonnull (dt);
  return dt;
}

/* A backup of @store's database recorded at @iso (UTC), as a file. */
static char *
backup_name (KdStore *store, const char *iso)
{
  g_autofree char *prefix = kd_backup_name_prefix (kd_store_get_path (store));
  g_autoptr(GDateTime) dt = at (iso);
  g_autoptr(GDateTime) utc = g_date_time_to_utc (dt);
  g_autofree char *stamp = g_date_time_format (utc, "%Y%m%dT%H%M%SZ");

  return g_strconcat (prefix, stamp, ".db", NULL);
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

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (d != NULL && g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static void
test_once_a_day (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *written = NULL;
  g_autofree char *again = NULL;
  g_autofree char *expected = backup_name (f->store, "2026-11-25T09:00:00+08:00");
  g_autoptr(GDateTime) morning = at ("2026-11-25T09:00:00+08:00");
  g_autoptr(GDateTime) evening = at ("2026-11-25T21:30:00+08:00");
  g_autoptr(KdStore) copy = NULL;
  g_autoptr(GPtrArray) staff = NULL;

  g_assert_true (kd_backup_daily (f->store, f->backups, morning, 14, &written, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (written);
  /* Named by the database and the time: shop-HASH-20261125T010000Z.db */
  g_assert_true (g_str_has_suffix (written, expected));
  g_assert_true (g_str_has_prefix (expected, "shop-"));
  g_assert_true (g_str_has_suffix (expected, "-20261125T010000Z.db"));

  /* The copy is a complete database. */
  copy = kd_store_open (written, &error);
  g_assert_no_error (error);
  {
    g_autoptr(KdStaffService) svc = kd_staff_service_new (copy);
    staff = kd_staff_service_list (svc, FALSE, NULL);
  }
  g_assert_cmpuint (staff->len, >=, 8);

  /* Later the same (local) day writes nothing. */
  g_assert_true (kd_backup_daily (f->store, f->backups, evening, 14, &again, NULL, &error));
  g_assert_null (again);
}

/* The repro: two databases, one backups folder, the same day. */
static void
test_named_by_database (Fixture *f, gconstpointer data)
{
  g_autofree char *other_dir = g_build_filename (f->dir, "other", NULL);
  g_autofree char *other_db = g_build_filename (other_dir, "shop.db", NULL);
  g_autoptr(KdStore) other = NULL;
  g_autoptr(GDateTime) now = at ("2026-11-25T09:00:00+08:00");
  g_autoptr(GDateTime) later = at ("2026-11-25T09:05:00+08:00");
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir (other_dir, 0700), ==, 0);
  other = kd_store_open_full (other_db, KD_STORE_OPEN_CREATE, NULL);
  g_assert_true (kd_store_set_setting (other, "shop.name", "the other shop", NULL));

  g_assert_true (kd_backup_daily (other, f->backups, now, 14, &first, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (kd_backup_daily (f->store, f->backups, later, 14, &second, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (first);
  g_assert_nonnull (second);
  g_assert_cmpstr (first, !=, second);
  g_assert_cmpuint (count_files (f->backups), ==, 2);
}

static void
test_rotation (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = at ("2026-11-25T09:00:00+08:00");
  const char *times[] = { "2026-10-30T09:00:00Z", "2026-11-01T09:00:00Z",
                          "2026-11-20T09:00:00Z", "2026-11-24T09:00:00Z" };
  char *names[G_N_ELEMENTS (times)];
  g_autofree char *today = backup_name (f->store, "2026-11-25T09:00:00+08:00");

  g_assert_cmpint (g_mkdir_with_parents (f->backups, 0700), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      names[i] = backup_name (f->store, times[i]);
      touch (f->backups, names[i]);
    }
  touch (f->backups, "notes.txt");
  touch (f->backups, "kefu-desk-2026-11-01.db");
  touch (f->backups, "another-12345678-20261001T000000Z.db");

  g_assert_true (kd_backup_daily (f->store, f->backups, now, 3, NULL, NULL, &error));
  g_assert_no_error (error);

  g_assert_false (exists (f->backups, names[0]));
  g_assert_false (exists (f->backups, names[1]));
  g_assert_true (exists (f->backups, names[2]));
  g_assert_true (exists (f->backups, names[3]));
  g_assert_true (exists (f->backups, today));
  /* Files that are not this database's backups are never touched. */
  g_assert_true (exists (f->backups, "notes.txt"));
  g_assert_true (exists (f->backups, "kefu-desk-2026-11-01.db"));
  g_assert_true (exists (f->backups, "another-12345678-20261001T000000Z.db"));
  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    g_free (names[i]);
}

/* The repro: after a spell of a clock set years ahead, the backups written
 * then must not push out the real ones, nor the one just written. */
static void
test_rotation_after_future_clock (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = at ("2026-11-25T09:00:00+08:00");
  g_autofree char *written = NULL;
  g_autofree char *real1 = backup_name (f->store, "2026-11-23T09:00:00Z");
  g_autofree char *real2 = backup_name (f->store, "2026-11-24T09:00:00Z");

  g_assert_cmpint (g_mkdir_with_parents (f->backups, 0700), ==, 0);
  for (int d = 1; d <= 5; d++)
    {
      g_autofree char *iso = g_strdup_printf ("2031-01-%02dT09:00:00Z", d);
      g_autofree char *name = backup_name (f->store, iso);
      touch (f->backups, name);
    }
  touch (f->backups, real1);
  touch (f->backups, real2);

  g_assert_true (kd_backup_daily (f->store, f->backups, now, 3, &written, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (written);
  g_assert_true (g_file_test (written, G_FILE_TEST_EXISTS));
  g_assert_true (exists (f->backups, real1));
  g_assert_true (exists (f->backups, real2));

  /* Once there are enough believable ones, the future-dated go. */
  {
    g_autoptr(GDateTime) tomorrow = at ("2026-11-26T09:00:00+08:00");
    g_autofree char *next = NULL;

    g_assert_true (kd_backup_daily (f->store, f->backups, tomorrow, 3, &next, NULL, &error));
    g_assert_nonnull (next);
    g_assert_cmpuint (count_files (f->backups), ==, 3);
    g_assert_false (exists (f->backups, real1));
    g_assert_true (g_file_test (written, G_FILE_TEST_EXISTS));
  }
}

/* A cancelled or failing backup leaves no file behind. */
static void
test_cancel_leaves_nothing (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GDateTime) now = at ("2026-11-25T09:00:00+08:00");
  g_autofree char *written = NULL;
  g_autofree char *bad = g_build_filename (f->dir, "bad.db", NULL);
  g_autofree char *dest = g_build_filename (f->backups, "x.db", NULL);

  g_cancellable_cancel (cancellable);
  g_assert_false (kd_backup_daily (f->store, f->backups, now, 3, &written, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (written);
  g_assert_cmpuint (count_files (f->backups), ==, 0);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (bad, "SQLite format 3\0 not really", 28, NULL));
  g_assert_false (kd_store_backup_file (bad, dest, NULL, &error));
  g_assert_nonnull (error);
  g_assert_cmpuint (count_files (f->backups), ==, 0);
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
  g_autoptr(GDateTime) now = at ("2026-12-01T10:00:00+08:00");

  kd_backup_daily_async (f->store, f->backups, now, 14, NULL, on_done, &written);
  while (written == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (g_str_has_suffix (written, "-20261201T020000Z.db"));
  g_assert_true (g_file_test (written, G_FILE_TEST_EXISTS));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(name, fn) g_test_add (name, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/backup/once-a-day", test_once_a_day);
  ADD ("/backup/named-by-database", test_named_by_database);
  ADD ("/backup/rotation", test_rotation);
  ADD ("/backup/rotation-after-future-clock", test_rotation_after_future_clock);
  ADD ("/backup/cancel-leaves-nothing", test_cancel_leaves_nothing);
  ADD ("/backup/async", test_async);
  return g_test_run ();
}
