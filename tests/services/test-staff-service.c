/* test-staff-service.c: the staff service over the real store: insert, validation, uniqueness, delete vs deactivate, undo, demo. */
#include <glib/gstdio.h>

#include "kd-demo.h"
#include "kd-error.h"
#include "kd-staff-repo.h"
#include "kd-staff-service.h"
#include "kd-store.h"
#include "kd-test-util.h"

typedef struct {
  char           *dir;
  KdStore        *store;
  KdStaffService *svc;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("kd-test-staff-XXXXXX", NULL);
  path = g_build_filename (f->dir, "shop.db", NULL);
  f->store = kd_store_open_full (path, KD_STORE_OPEN_CREATE, NULL);
  g_assert_nonnull (f->store);
  f->svc = kd_staff_service_new (f->store);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->svc);
  g_assert_finalize_object (f->store);
  kd_test_rm_rf (f->dir);
  g_free (f->dir);
}

static guint
count_staff (KdStaffService *svc)
{
  g_autoptr(GPtrArray) list = kd_staff_service_list (svc, FALSE, NULL);
  g_assert_nonnull (list);
  return list->len;
}

static gboolean
sign_in_job (KdConn   *conn,
             gpointer  data,
             GError  **error)
{
  return kd_staff_repo_record_sign_in (conn, data, 1795568400, error);
}

static void
test_insert_and_list (Fixture *f, gconstpointer data)
{
  g_autoptr(KdStaff) s = kd_staff_new ("3", "  林晓 ", KD_ROLE_PRESALE, "13800003003");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  KdStaff *got;

  g_assert_true (kd_staff_service_save (f->svc, s, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kd_staff_get_id (s), >, 0);
  g_assert_cmpstr (kd_staff_get_name (s), ==, "林晓");  /* trimmed */

  list = kd_staff_service_list (f->svc, FALSE, &error);
  g_assert_cmpuint (list->len, ==, 1);
  got = g_ptr_array_index (list, 0);
  g_assert_cmpstr (kd_staff_get_job_number (got), ==, "3");
  g_assert_cmpstr (kd_staff_get_name (got), ==, "林晓");
  g_assert_cmpint (kd_staff_get_role (got), ==, KD_ROLE_PRESALE);
  g_assert_cmpstr (kd_staff_get_phone (got), ==, "13800003003");
  g_assert_true (kd_staff_get_active (got));
}

static void
test_validation (Fixture *f, gconstpointer data)
{
  struct { const char *job, *name, *phone; KdStaffField field; } bad[] = {
    { "", "林晓", "", KD_STAFF_FIELD_JOB_NUMBER },
    { "3 号", "林晓", "", KD_STAFF_FIELD_JOB_NUMBER },
    { "12345678901234567", "林晓", "", KD_STAFF_FIELD_JOB_NUMBER },
    { "3", "   ", "", KD_STAFF_FIELD_NAME },
    { "3", "林\xff晓", "", KD_STAFF_FIELD_NAME },
    { "3", "林晓", "138-0000-1111", KD_STAFF_FIELD_PHONE },
    { "3", "林晓", "1234", KD_STAFF_FIELD_PHONE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(KdStaff) s = kd_staff_new (bad[i].job, bad[i].name, KD_ROLE_PRESALE, bad[i].phone);
      g_autoptr(GError) error = NULL;

      g_assert_false (kd_staff_service_save (f->svc, s, &error));
      g_assert_error (error, KD_VALIDATION_ERROR, (gint) bad[i].field);
    }
  g_assert_cmpuint (count_staff (f->svc), ==, 0);
}

static void
test_unique_job_number (Fixture *f, gconstpointer data)
{
  g_autoptr(KdStaff) a = kd_staff_new ("5", "张雨婷", KD_ROLE_PRESALE, "");
  g_autoptr(KdStaff) b = kd_staff_new ("5", "刘佳怡", KD_ROLE_AFTERSALE, "");
  g_autoptr(KdStaff) c = kd_staff_new ("6", "刘佳怡", KD_ROLE_AFTERSALE, "");
  g_autoptr(GError) error = NULL;

  g_assert_true (kd_staff_service_save (f->svc, a, NULL));
  g_assert_false (kd_staff_service_save (f->svc, b, &error));
  g_assert_error (error, KD_STORE_ERROR, KD_STORE_ERROR_DUPLICATE);
  g_assert_nonnull (strstr (error->message, "5"));
  g_clear_error (&error);

  /* Renaming into a taken job number is refused too. */
  g_assert_true (kd_staff_service_save (f->svc, c, NULL));
  kd_staff_set_job_number (c, "5");
  g_assert_false (kd_staff_service_save (f->svc, c, &error));
  g_assert_error (error, KD_STORE_ERROR, KD_STORE_ERROR_DUPLICATE);
  g_assert_cmpuint (count_staff (f->svc), ==, 2);
}

static void
test_update (Fixture *f, gconstpointer data)
{
  g_autoptr(KdStaff) s = kd_staff_new ("7", "黄思远", KD_ROLE_AFTERSALE, "");
  g_autoptr(KdStaff) got = NULL;

  g_assert_true (kd_staff_service_save (f->svc, s, NULL));
  kd_staff_set_role (s, KD_ROLE_SUPERVISOR);
  kd_staff_set_phone (s, "15000003007");
  g_assert_true (kd_staff_service_save (f->svc, s, NULL));
  got = kd_staff_service_find_by_job_number (f->svc, "7", NULL);
  g_assert_cmpint (kd_staff_get_role (got), ==, KD_ROLE_SUPERVISOR);
  g_assert_cmpstr (kd_staff_get_phone (got), ==, "15000003007");
}

static void
test_delete_and_undo (Fixture *f, gconstpointer data)
{
  g_autoptr(KdStaff) s = kd_staff_new ("8", "赵敏", KD_ROLE_AFTERSALE, "18600003008");
  g_autoptr(KdStaff) before = NULL;
  g_autoptr(KdStaff) back = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (kd_staff_service_save (f->svc, s, NULL));
  before = kd_staff_copy (s);

  g_assert_cmpint (kd_staff_service_remove (f->svc, s, &error), ==, KD_STAFF_REMOVAL_DELETED);
  g_assert_no_error (error);
  g_assert_cmpuint (count_staff (f->svc), ==, 0);

  g_assert_true (kd_staff_service_restore (f->svc, before, KD_STAFF_REMOVAL_DELETED, &error));
  g_assert_no_error (error);
  back = kd_staff_service_find_by_job_number (f->svc, "8", NULL);
  g_assert_nonnull (back);
  g_assert_cmpint (kd_staff_get_id (back), ==, kd_staff_get_id (before));
  g_assert_cmpstr (kd_staff_get_phone (back), ==, "18600003008");
}

static void
test_history_deactivates (Fixture *f, gconstpointer data)
{
  g_autoptr(KdStaff) s = kd_staff_new ("9", "周文博", KD_ROLE_ORDER_TRACKING, "");
  g_autoptr(KdStaff) before = NULL;
  g_autoptr(KdStaff) got = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (kd_staff_service_save (f->svc, s, NULL));
  g_assert_true (kd_store_write (f->store, sign_in_job, s, NULL));
  before = kd_staff_copy (s);

  g_assert_cmpint (kd_staff_service_remove (f->svc, s, &error), ==, KD_STAFF_REMOVAL_DEACTIVATED);
  g_assert_no_error (error);
  g_assert_false (kd_staff_get_active (s));
  got = kd_staff_service_find_by_job_number (f->svc, "9", NULL);
  g_assert_nonnull (got);
  g_assert_false (kd_staff_get_active (got));
  g_clear_object (&got);

  g_assert_true (kd_staff_service_restore (f->svc, before, KD_STAFF_REMOVAL_DEACTIVATED, &error));
  got = kd_staff_service_find_by_job_number (f->svc, "9", NULL);
  g_assert_true (kd_staff_get_active (got));
}

static void
test_find_missing (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KdStaff) s = kd_staff_service_find_by_job_number (f->svc, "404", &error);

  g_assert_null (s);
  g_assert_error (error, KD_STORE_ERROR, KD_STORE_ERROR_NOT_FOUND);
}

static void
test_demo (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "demo.db", NULL);
  g_autoptr(KdStore) demo = NULL;
  guint active = 0;

  g_assert_true (kd_demo_write (path, &error));
  g_assert_no_error (error);
  /* Never overwrites. */
  g_assert_false (kd_demo_write (path, &error));
  g_assert_error (error, KD_STORE_ERROR, KD_STORE_ERROR_EXISTS);

  demo = kd_store_open (path, NULL);
  {
    g_autoptr(KdStaffService) svc = kd_staff_service_new (demo);
    g_autoptr(GPtrArray) list = kd_staff_service_list (svc, FALSE, NULL);

    g_assert_cmpuint (list->len, >=, 8);
    for (guint i = 0; i < list->len; i++)
      {
        KdStaff *s = g_ptr_array_index (list, i);
        g_autoptr(GError) verr = NULL;
        g_assert_true (kd_staff_validate (s, &verr));
        active += kd_staff_get_active (s);
      }
  }
  g_assert_cmpuint (active, >=, 8);
  g_assert_finalize_object (g_steal_pointer (&demo));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(name, fn) g_test_add (name, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/staff-service/insert-list", test_insert_and_list);
  ADD ("/staff-service/validation", test_validation);
  ADD ("/staff-service/unique-job-number", test_unique_job_number);
  ADD ("/staff-service/update", test_update);
  ADD ("/staff-service/delete-undo", test_delete_and_undo);
  ADD ("/staff-service/history-deactivates", test_history_deactivates);
  ADD ("/staff-service/find-missing", test_find_missing);
  ADD ("/staff-service/demo", test_demo);
  return g_test_run ();
}
