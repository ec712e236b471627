/* test-staff.c: the staff value object: properties, notifications, search. */
#include "kd-staff.h"
#include "kd-text.h"

static void
count_notify (GObject *obj, GParamSpec *pspec, guint *count)
{
  (*count)++;
}

static void
test_properties (void)
{
  g_autoptr(KdStaff) s = kd_staff_new ("3", "林晓", KD_ROLE_PRESALE, "13800003003");
  g_autofree char *masked = NULL;
  g_autofree char *role_label = NULL;
  guint notified = 0;

  g_assert_cmpstr (kd_staff_get_job_number (s), ==, "3");
  g_assert_true (kd_staff_get_active (s));
  g_object_get (s, "masked-phone", &masked, "role-label", &role_label, NULL);
  g_assert_cmpstr (masked, ==, "138****3003");
  g_assert_cmpstr (role_label, ==, "Pre-sale");

  g_signal_connect (s, "notify::name", G_CALLBACK (count_notify), &notified);
  kd_staff_set_name (s, "林晓");   /* unchanged: no notification */
  g_assert_cmpuint (notified, ==, 0);
  kd_staff_set_name (s, "林小晓");
  g_assert_cmpuint (notified, ==, 1);
}

static void
test_roles (void)
{
  for (KdRole r = 0; r < KD_N_ROLES; r++)
    {
      KdRole back = KD_N_ROLES;
      g_assert_true (kd_role_from_key (kd_role_to_key (r), &back));
      g_assert_cmpint (back, ==, r);
      g_assert_cmpstr (kd_role_get_label (r), !=, "");
    }
  {
    KdRole r;
    g_assert_false (kd_role_from_key ("janitor", &r));
  }
}

static void
test_matches (void)
{
  g_autoptr(KdStaff) s = kd_staff_new ("KF7", "黄思远", KD_ROLE_AFTERSALE, "15000003007");
  g_autofree char *n1 = kd_text_normalize ("kf7");
  g_autofree char *n2 = kd_text_normalize ("思远");
  g_autofree char *n3 = kd_text_normalize ("after");
  g_autofree char *n4 = kd_text_normalize ("3007");
  g_autofree char *n5 = kd_text_normalize ("林");

  g_assert_true (kd_staff_matches (s, n1));
  g_assert_true (kd_staff_matches (s, n2));
  g_assert_true (kd_staff_matches (s, n3));
  g_assert_true (kd_staff_matches (s, n4));
  g_assert_false (kd_staff_matches (s, n5));
}

static void
test_copy (void)
{
  g_autoptr(KdStaff) s = kd_staff_new ("9", "周文博", KD_ROLE_ORDER_TRACKING, "");
  g_autoptr(KdStaff) c = NULL;

  kd_staff_set_id (s, 42);
  kd_staff_set_active (s, FALSE);
  c = kd_staff_copy (s);
  g_assert_cmpint (kd_staff_get_id (c), ==, 42);
  g_assert_false (kd_staff_get_active (c));
  g_assert_cmpint (kd_staff_get_role (c), ==, KD_ROLE_ORDER_TRACKING);
  kd_staff_set_name (c, "x");
  g_assert_cmpstr (kd_staff_get_name (s), ==, "周文博");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/staff/properties", test_properties);
  g_test_add_func ("/staff/roles", test_roles);
  g_test_add_func ("/staff/matches", test_matches);
  g_test_add_func ("/staff/copy", test_copy);
  return g_test_run ();
}
