/* kd-text.c: masking, validation and search normalisation of short texts. */
#include "kd-text.h"

#include <string.h>

/* 13812345678 → 138****5678. Shorter numbers keep only their last two
 * digits visible so that a landline extension is not shown whole either. */
char *
kd_phone_mask (const char *phone)
{
  GString *out;
  gsize len;

  if (phone == NULL || *phone == '\0')
    return g_strdup ("");

  len = strlen (phone);
  out = g_string_sized_new (len + 4);

  if (len >= 7)
    {
      g_string_append_len (out, phone, 3);
      g_string_append (out, "****");
      g_string_append (out, phone + len - 4);
    }
  else
    {
      for (gsize i = 0; i + 2 < len; i++)
        g_string_append_c (out, '*');
      g_string_append (out, phone + (len > 2 ? len - 2 : 0));
    }

  return g_string_free (out, FALSE);
}

/* Digits only, 5 to 20 of them; empty means "no phone" and is allowed. */
gboolean
kd_phone_is_valid (const char *phone)
{
  gsize len = 0;

  if (phone == NULL || *phone == '\0')
    return TRUE;

  for (const char *p = phone; *p; p++, len++)
    if (!g_ascii_isdigit (*p))
      return FALSE;

  return len >= 5 && len <= 20;
}

/* Latin letters, digits and '-', 1 to 16 characters: what fits on a badge
 * and in a remark stamp. */
gboolean
kd_job_number_is_valid (const char *job_number)
{
  gsize len = 0;

  if (job_number == NULL || *job_number == '\0')
    return FALSE;

  for (const char *p = job_number; *p; p++, len++)
    if (!g_ascii_isalnum (*p) && *p != '-')
      return FALSE;

  return len <= 16;
}

/* Case-folded, NFKC-normalised text, so that full-width digits typed by a
 * Chinese input method match half-width ones. */
char *
kd_text_normalize (const char *text)
{
  g_autofree char *nfkc = NULL;

  if (text == NULL)
    return g_strdup ("");

  nfkc = g_utf8_normalize (text, -1, G_NORMALIZE_ALL_COMPOSE);
  if (nfkc == NULL)
    return g_strdup ("");

  return g_utf8_casefold (nfkc, -1);
}

gboolean
kd_text_matches (const char *haystack_normalized,
                 const char *needle_normalized)
{
  if (needle_normalized == NULL || *needle_normalized == '\0')
    return TRUE;
  if (haystack_normalized == NULL)
    return FALSE;
  return strstr (haystack_normalized, needle_normalized) != NULL;
}

/* A key that sorts the way people read numbered labels: "KF2" before
 * "KF10". Runs of digits are written as their length then the digits (so
 * no run is too long for a fixed width), the rest case-folded. The same on
 * every machine and in every locale, so it can be stored and indexed. */
char *
kd_text_natural_key (const char *text)
{
  g_autofree char *folded = kd_text_normalize (text);
  GString *key = g_string_sized_new (strlen (folded) + 8);
  const char *p = folded;

  while (*p != '\0')
    {
      if (g_ascii_isdigit (*p))
        {
          const char *start;
          gsize len;

          while (*p == '0' && g_ascii_isdigit (p[1]))
            p++;  /* "007" sorts with "7" */
          start = p;
          while (g_ascii_isdigit (*p))
            p++;
          len = (gsize) (p - start);
          g_string_append_printf (key, "%c%02" G_GSIZE_MODIFIER "u", 0x01, MIN (len, (gsize) 99));
          g_string_append_len (key, start, (gssize) len);
        }
      else
        g_string_append_c (key, *p++);
    }
  return g_string_free (key, FALSE);
}

void
kd_text_replace (char       **field,
                 const char  *value)
{
  char *copy = g_strdup (value);

  g_free (*field);
  *field = copy;
}

gboolean
kd_text_set (char       **field,
             const char  *value)
{
  if (value == NULL)
    value = "";
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  kd_text_replace (field, value);
  return TRUE;
}
