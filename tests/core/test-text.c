/* test-text.c: phone masking and validation, job numbers, search folding. */
#include <string.h>

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

static void
test_set (void)
{
  g_autofree char *field = NULL;
  const char *before;

  g_assert_true (kd_text_set (&field, NULL));   /* NULL field, NULL value: "" */
  g_assert_cmpstr (field, ==, "");
  g_assert_false (kd_text_set (&field, NULL));
  g_assert_false (kd_text_set (&field, ""));
  g_assert_true (kd_text_set (&field, "林晓"));
  g_assert_cmpstr (field, ==, "林晓");
  before = field;
  g_assert_false (kd_text_set (&field, "林晓"));
  g_assert_true (field == before);              /* unchanged, not copied again */
  g_assert_true (kd_text_set (&field, field + strlen ("林")));  /* a part of itself */
  g_assert_cmpstr (field, ==, "晓");

  kd_text_replace (&field, NULL);
  g_assert_null (field);
  kd_text_replace (&field, "x");
  g_assert_cmpstr (field, ==, "x");
  kd_text_replace (&field, field);
  g_assert_cmpstr (field, ==, "x");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/text/mask", test_mask);
  g_test_add_func ("/text/phone-valid", test_phone_valid);
  g_test_add_func ("/text/job-number", test_job_number);
  g_test_add_func ("/text/normalize", test_normalize);
  g_test_add_func ("/text/set", test_set);
  return g_test_run ();
}
