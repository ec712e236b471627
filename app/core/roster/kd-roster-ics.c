/* kd-roster-ics.c: enough of RFC 5545 for holiday calendars — unfolded lines, VEVENT, DTSTART/DTEND dates, SUMMARY text. */
#include "kd-roster-ics.h"
#include "kd-error.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* Lines with folding undone (a line break followed by a space or tab
 * continues the line), CR LF or LF; each with its first line number. */
static GPtrArray *
unfold (const char *text,
        gsize       length,
        GArray     *line_numbers)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  GString *cur = NULL;
  int line = 0;
  gsize i = 0;

  while (i < length)
    {
      gsize start = i, end;

      while (i < length && text[i] != '\n')
        i++;
      end = i;
      if (end > start && text[end - 1] == '\r')
        end--;
      line++;
      if (i < length)
        i++;
      if (cur != NULL && end > start && (text[start] == ' ' || text[start] == '\t'))
        {
          g_string_append_len (cur, text + start + 1, end - start - 1);
          continue;
        }
      if (cur != NULL)
        g_ptr_array_add (lines, g_string_free (cur, FALSE));
      cur = g_string_new_len (text + start, end - start);
      g_array_append_val (line_numbers, line);
    }
  if (cur != NULL)
    g_ptr_array_add (lines, g_string_free (cur, FALSE));
  return lines;
}

/* "NAME;PARAM=…:VALUE" → the name (upper case), the VALUE part and whether
 * a VALUE=DATE parameter was given. */
static gboolean
split (const char  *line,
       char       **name,
       const char **value,
       gboolean    *date_param)
{
  const char *colon = NULL, *semi;
  gboolean quoted = FALSE;

  for (const char *p = line; *p != '\0'; p++)
    {
      if (*p == '"')
        quoted = !quoted;
      else if (*p == ':' && !quoted)
        {
          colon = p;
          break;
        }
    }
  if (colon == NULL)
    return FALSE;
  semi = memchr (line, ';', colon - line);
  *name = g_ascii_strup (line, (semi != NULL ? semi : colon) - line);
  *value = colon + 1;
  *date_param = semi != NULL && g_strstr_len (semi, colon - semi, "VALUE=DATE") != NULL
                && g_strstr_len (semi, colon - semi, "VALUE=DATE-TIME") == NULL;
  return TRUE;
}

/* YYYYMMDD, optionally followed by THHMMSS[Z]; *midnight is TRUE for a
 * bare date or a time of 00:00:00. */
static gboolean
parse_date (const char *v,
            GDate      *out,
            gboolean   *has_time,
            gboolean   *midnight)
{
  int y, m, d;

  for (int i = 0; i < 8; i++)
    if (!g_ascii_isdigit (v[i]))
      return FALSE;
  y = (v[0] - '0') * 1000 + (v[1] - '0') * 100 + (v[2] - '0') * 10 + (v[3] - '0');
  m = (v[4] - '0') * 10 + (v[5] - '0');
  d = (v[6] - '0') * 10 + (v[7] - '0');
  if (y < 1900 || !g_date_valid_dmy (d, m, y))
    return FALSE;
  *has_time = v[8] == 'T';
  *midnight = TRUE;
  if (*has_time)
    {
      for (int i = 9; i < 15; i++)
        if (!g_ascii_isdigit (v[i]))
          return FALSE;
      *midnight = strncmp (v + 9, "000000", 6) == 0;
    }
  else if (v[8] != '\0')
    return FALSE;
  g_date_clear (out, 1);
  g_date_set_dmy (out, d, m, y);
  return TRUE;
}

static char *
unescape (const char *v)
{
  GString *s = g_string_new (NULL);

  for (; *v != '\0'; v++)
    {
      if (*v == '\\' && v[1] != '\0')
        {
          v++;
          g_string_append_c (s, *v == 'n' || *v == 'N' ? ' ' : *v);
        }
      else
        g_string_append_c (s, *v);
    }
  return g_strstrip (g_string_free (s, FALSE));
}

static GPtrArray *
bad_date (int line, GError **error)
{
  g_set_error (error, KD_CORE_ERROR, KD_CORE_ERROR_INVALID,
               _("Line %d of the calendar file has a date that cannot be read."), line);
  return NULL;
}

static gboolean
add_event (GPtrArray   *out,
           GHashTable  *seen,
           const GDate *start,
           const GDate *end,
           gboolean     end_exclusive,
           const char  *summary,
           int          line,
           GError     **error)
{
  GDate last = g_date_valid (end) ? *end : *start;
  int n;

  if (g_date_valid (end) && end_exclusive && g_date_compare (end, start) > 0)
    g_date_subtract_days (&last, 1);
  n = (int) g_date_days_between (start, &last) + 1;
  if (n < 1 || n > KD_ICS_MAX_DAYS)
    {
      g_set_error (error, KD_CORE_ERROR, KD_CORE_ERROR_INVALID,
                   _("The event ending on line %d of the calendar file lasts %d days; a holiday lasts 1 to %d."),
                   line, n, KD_ICS_MAX_DAYS);
      return FALSE;
    }
  for (int k = 0; k < n; k++)
    {
      GDate day = *start;
      guint key;

      g_date_add_days (&day, k);
      key = g_date_get_julian (&day);
      if (g_hash_table_contains (seen, GUINT_TO_POINTER (key)))
        continue;
      g_hash_table_add (seen, GUINT_TO_POINTER (key));
      g_ptr_array_add (out, kd_special_day_new (&day, summary, KD_SPECIAL_HOLIDAY));
    }
  return TRUE;
}

GPtrArray *
kd_roster_ics_parse_holidays (const char  *text,
                              gsize        length,
                              GError     **error)
{
  g_autoptr(GArray) numbers = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) kd_special_day_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  g_autofree char *summary = NULL;
  gboolean in_event = FALSE, end_exclusive = FALSE;
  int events = 0;
  GDate start, end;

  g_return_val_if_fail (text != NULL, NULL);
  /* A UTF-8 byte order mark is allowed before BEGIN:VCALENDAR. */
  if (length >= 3 && memcmp (text, "\xef\xbb\xbf", 3) == 0)
    {
      text += 3;
      length -= 3;
    }
  lines = unfold (text, length, numbers);
  g_date_clear (&start, 1);
  g_date_clear (&end, 1);
  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);
      int lineno = g_array_index (numbers, int, i);
      g_autofree char *name = NULL;
      const char *value;
      gboolean date_param, has_time, midnight;

      if (!split (line, &name, &value, &date_param))
        continue;
      if (g_str_equal (name, "BEGIN") && g_ascii_strcasecmp (value, "VEVENT") == 0)
        {
          in_event = TRUE;
          g_date_clear (&start, 1);
          g_date_clear (&end, 1);
          g_clear_pointer (&summary, g_free);
          end_exclusive = FALSE;
        }
      else if (!in_event)
        continue;
      else if (g_str_equal (name, "DTSTART"))
        {
          if (!parse_date (value, &start, &has_time, &midnight))
            return bad_date (lineno, error);
        }
      else if (g_str_equal (name, "DTEND"))
        {
          if (!parse_date (value, &end, &has_time, &midnight))
            return bad_date (lineno, error);
          /* An all-day event's end is the day after it; so is a timed
           * one ending at midnight. */
          end_exclusive = !has_time || midnight || date_param;
        }
      else if (g_str_equal (name, "SUMMARY"))
        {
          g_free (summary);
          summary = unescape (value);
        }
      else if (g_str_equal (name, "END") && g_ascii_strcasecmp (value, "VEVENT") == 0)
        {
          in_event = FALSE;
          events++;
          if (!g_date_valid (&start))
            return bad_date (lineno, error);
          if (!add_event (out, seen, &start, &end, end_exclusive, summary ? summary : "", lineno, error))
            return NULL;
        }
    }
  if (events == 0)
    {
      g_set_error (error, KD_CORE_ERROR, KD_CORE_ERROR_INVALID, _("The file holds no calendar events."));
      return NULL;
    }
  return g_steal_pointer (&out);
}
