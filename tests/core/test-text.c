/* test-text.c: phone masking and validation, job numbers, search folding. */
#include "kd-text.h"

static void
test_mask (void)
{
  struct { const char *in, *out; } cases[] = {
    { "13812345678", "138****5678" },
    { "02112345678", "021****5678" },
    { "1234567", "123****4567" },
    { "12345", "***45" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *masked = kd_phone_mask (cases[i].in);
      g_assert_cmpstr (masked, ==, cases[i].out);
    }
  {
    g_autofree char *masked = kd_phone_mask (NULL);
    g_assert_cmpstr (masked, ==, "");
  }
}

static void
test_phone_valid (void)
{
  g_assert_true (kd_phone_is_valid ("13812345678"));
  g_assert_true (kd_phone_is_valid (""));
  g_assert_false (kd_phone_is_valid ("138-1234-5678"));
  g_assert_false (kd_phone_is_valid ("1381234567a"));
  g_assert_false (kd_phone_is_valid ("1234"));
  g_assert_false (kd_phone_is_valid ("123456789012345678901"));
  g_assert_false (kd_phone_is_valid ("１３８１２３４５６７８"));  /* full-width digits */
}

static void
test_job_number (void)
{
  g_assert_true (kd_job_number_is_valid ("3"));
  g_assert_true (kd_job_number_is_valid ("KF-003"));
  g_assert_false (kd_job_number_is_valid (""));
  g_assert_false (kd_job_number_is_valid ("3 号"));
  g_assert_false (kd_job_number_is_valid ("12345678901234567"));
}

static void
test_normalize (void)
{
  g_autofree char *a = kd_text_normalize ("ＫＦ００３ 林晓");
  g_autofree char *needle = kd_text_normalize ("kf003");

  g_assert_cmpstr (a, ==, "kf003 林晓");
  g_assert_true (kd_text_matches (a, needle));
  g_assert_true (kd_text_matches (a, ""));
  g_assert_false (kd_text_matches (a, "张"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/text/mask", test_mask);
  g_test_add_func ("/text/phone-valid", test_phone_valid);
  g_test_add_func ("/text/job-number", test_job_number);
  g_test_add_func ("/text/normalize", test_normalize);
  return g_test_run ();
}
