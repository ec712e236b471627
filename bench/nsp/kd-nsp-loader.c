/* kd-nsp-loader.c: the Curtois & Qu instance format (schedulingbenchmarks.org) → KdRosterModel. */
#include "kd-nsp-loader.h"
#include "kd-error.h"

#include <stdlib.h>

typedef struct {
  char  *text;
  int    line_no;
} Line;

enum { SEC_NONE, SEC_HORIZON, SEC_SHIFTS, SEC_STAFF, SEC_DAYS_OFF, SEC_ON, SEC_OFF, SEC_COVER, N_SECS };

static const char *section_names[N_SECS] = {
  NULL, "SECTION_HORIZON", "SECTION_SHIFTS", "SECTION_STAFF", "SECTION_DAYS_OFF",
  "SECTION_SHIFT_ON_REQUESTS", "SECTION_SHIFT_OFF_REQUESTS", "SECTION_COVER",
};

static gboolean
bad (GError    **error,
     const char *name,
     int         line_no,
     const char *what)
{
  g_set_error (error, KD_CORE_ERROR, KD_CORE_ERROR_INVALID, "%s:%d: %s", name, line_no, what);
  return FALSE;
}

static gboolean
parse_int (const char *s,
           int        *out)
{
  char *end = NULL;
  long v;

  if (s == NULL || *s == '\0')
    return FALSE;
  v = strtol (s, &end, 10);
  if (*end != '\0' || v < G_MININT || v > G_MAXINT)
    return FALSE;
  *out = (int) v;
  return TRUE;
}

/* Splits a data line on commas, trimming each field. */
static char **
fields_of (const char *text,
           int        *n)
{
  char **f = g_strsplit (text, ",", -1);

  for (int i = 0; f[i] != NULL; i++)
    g_strstrip (f[i]);
  *n = (int) g_strv_length (f);
  return f;
}

KdRosterModel *
kd_nsp_load_data (const char  *text,
                  const char  *name,
                  GError     **error)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GArray *sec[N_SECS] = { NULL };
  g_autoptr(KdRosterModel) m = NULL;
  int current = SEC_NONE;
  int horizon = 0;
  gboolean ok = FALSE;

  for (int i = 0; i < N_SECS; i++)
    sec[i] = g_array_new (FALSE, FALSE, sizeof (Line));

  for (int i = 0; lines[i] != NULL; i++)
    {
      char *l = g_strstrip (lines[i]);
      gboolean is_header = FALSE;

      if (*l == '\0' || *l == '#')
        continue;
      for (int s = 1; s < N_SECS; s++)
        if (g_str_equal (l, section_names[s]))
          {
            current = s;
            is_header = TRUE;
          }
      if (is_header)
        continue;
      if (current == SEC_NONE)
        {
          bad (error, name, i + 1, "data before the first section");
          goto out;
        }
      {
        Line line = { l, i + 1 };
        g_array_append_val (sec[current], line);
      }
    }

  if (sec[SEC_HORIZON]->len != 1
      || !parse_int (g_array_index (sec[SEC_HORIZON], Line, 0).text, &horizon)
      || horizon <= 0 || horizon > 3660)
    {
      bad (error, name, sec[SEC_HORIZON]->len ? g_array_index (sec[SEC_HORIZON], Line, 0).line_no : 0,
           "SECTION_HORIZON needs one positive number of days");
      goto out;
    }
  if (sec[SEC_SHIFTS]->len == 0 || sec[SEC_SHIFTS]->len > 100 || sec[SEC_STAFF]->len == 0)
    {
      bad (error, name, 0, "needs 1 to 100 shifts and at least one employee");
      goto out;
    }

  m = kd_roster_model_new (horizon, sec[SEC_STAFF]->len, sec[SEC_SHIFTS]->len, 0);
  m->first_weekday = 0;  /* every instance starts on a Monday */

  for (guint i = 0; i < sec[SEC_SHIFTS]->len; i++)
    {
      Line *l = &g_array_index (sec[SEC_SHIFTS], Line, i);
      int n;
      g_auto(GStrv) f = fields_of (l->text, &n);

      if (n < 2 || !parse_int (f[1], &m->shifts[i].length) || m->shifts[i].length <= 0)
        {
          bad (error, name, l->line_no, "a shift is: ID, length in minutes, forbidden followers");
          goto out;
        }
      m->shifts[i].code = g_strdup (f[0]);
      m->shifts[i].name = g_strdup (f[0]);
    }
  for (guint i = 0; i < sec[SEC_SHIFTS]->len; i++)
    {
      Line *l = &g_array_index (sec[SEC_SHIFTS], Line, i);
      int n;
      g_auto(GStrv) f = fields_of (l->text, &n);

      if (n >= 3 && *f[2] != '\0')
        {
          g_auto(GStrv) next = g_strsplit (f[2], "|", -1);
          for (int k = 0; next[k] != NULL; k++)
            {
              int b = kd_roster_model_find_shift (m, g_strstrip (next[k]));
              if (*next[k] == '\0')
                continue;
              if (b < 0)
                {
                  bad (error, name, l->line_no, "unknown shift in forbidden followers");
                  goto out;
                }
              m->forbidden[i * m->n_shifts + b] = 1;
            }
        }
    }

  for (guint p = 0; p < sec[SEC_STAFF]->len; p++)
    {
      Line *l = &g_array_index (sec[SEC_STAFF], Line, p);
      KdRosterPerson *person = &m->persons[p];
      int n;
      g_auto(GStrv) f = fields_of (l->text, &n);
      g_auto(GStrv) maxes = NULL;

      if (n != 8
          || !parse_int (f[2], &person->max_minutes) || !parse_int (f[3], &person->min_minutes)
          || !parse_int (f[4], &person->max_consecutive) || !parse_int (f[5], &person->min_consecutive)
          || !parse_int (f[6], &person->min_days_off) || !parse_int (f[7], &person->max_weekends))
        {
          bad (error, name, l->line_no, "an employee has 8 fields");
          goto out;
        }
      person->code = g_strdup (f[0]);
      person->name = g_strdup (f[0]);
      maxes = g_strsplit (f[1], "|", -1);
      for (int k = 0; maxes[k] != NULL; k++)
        {
          g_auto(GStrv) kv = g_strsplit (maxes[k], "=", 2);
          int s = kv[0] ? kd_roster_model_find_shift (m, g_strstrip (kv[0])) : -1;

          if (s < 0 || kv[1] == NULL || !parse_int (g_strstrip (kv[1]), &person->max_shifts[s]))
            {
              bad (error, name, l->line_no, "MaxShifts is ShiftID=count|…");
              goto out;
            }
        }
    }

  for (guint i = 0; i < sec[SEC_DAYS_OFF]->len; i++)
    {
      Line *l = &g_array_index (sec[SEC_DAYS_OFF], Line, i);
      int n;
      g_auto(GStrv) f = fields_of (l->text, &n);
      int p = kd_roster_model_find_person (m, f[0]);

      if (p < 0)
        {
          bad (error, name, l->line_no, "unknown employee");
          goto out;
        }
      for (int k = 1; k < n; k++)
        {
          int d;
          if (*f[k] == '\0')
            continue;
          if (!parse_int (f[k], &d) || d < 0 || d >= horizon)
            {
              bad (error, name, l->line_no, "day off outside the horizon");
              goto out;
            }
          m->unavailable[p * horizon + d] = KD_UNAVAILABLE_DAY_OFF;
        }
    }

  for (int which = SEC_ON; which <= SEC_OFF; which++)
    for (guint i = 0; i < sec[which]->len; i++)
      {
        Line *l = &g_array_index (sec[which], Line, i);
        int n, p, d = -1, s, w = 0;
        g_auto(GStrv) f = fields_of (l->text, &n);

        if (n != 4 || (p = kd_roster_model_find_person (m, f[0])) < 0
            || !parse_int (f[1], &d) || d < 0 || d >= horizon
            || (s = kd_roster_model_find_shift (m, f[2])) < 0 || !parse_int (f[3], &w) || w < 0)
          {
            bad (error, name, l->line_no, "a request is: EmployeeID, Day, ShiftID, Weight");
            goto out;
          }
        if (which == SEC_ON)
          kd_roster_model_add_shift_on (m, p, d, s, w);
        else
          kd_roster_model_add_shift_off (m, p, d, s, w);
      }

  for (guint i = 0; i < sec[SEC_COVER]->len; i++)
    {
      Line *l = &g_array_index (sec[SEC_COVER], Line, i);
      int n, d = -1, s, req = 0, wu = 0, wo = 0;
      g_auto(GStrv) f = fields_of (l->text, &n);

      if (n != 5 || !parse_int (f[0], &d) || d < 0 || d >= horizon
          || (s = kd_roster_model_find_shift (m, f[1])) < 0
          || !parse_int (f[2], &req) || !parse_int (f[3], &wu) || !parse_int (f[4], &wo)
          || req < 0 || wu < 0 || wo < 0)
        {
          bad (error, name, l->line_no, "a cover row is: Day, ShiftID, Requirement, WeightUnder, WeightOver");
          goto out;
        }
      m->cover_req[d * m->n_shifts + s] = req;
      m->w_under[d * m->n_shifts + s] = wu;
      m->w_over[d * m->n_shifts + s] = wo;
    }
  ok = TRUE;

out:
  for (int i = 0; i < N_SECS; i++)
    g_array_unref (sec[i]);
  return ok ? g_steal_pointer (&m) : NULL;
}

KdRosterModel *
kd_nsp_load_file (const char  *path,
                  GError     **error)
{
  g_autofree char *text = NULL;
  g_autofree char *base = g_path_get_basename (path);

  if (!g_file_get_contents (path, &text, NULL, error))
    return NULL;
  return kd_nsp_load_data (text, base, error);
}

/* Header "employee,0,1,…", then per employee its ID and per day the shift
 * ID or nothing. */
char *
kd_nsp_roster_to_csv (const KdRosterModel *m,
                      const KdRoster      *r)
{
  GString *s = g_string_new ("employee");

  for (int d = 0; d < m->n_days; d++)
    g_string_append_printf (s, ",%d", d);
  g_string_append_c (s, '\n');
  for (int p = 0; p < m->n_persons; p++)
    {
      g_string_append (s, m->persons[p].code);
      for (int d = 0; d < m->n_days; d++)
        {
          int v = kd_roster_get (r, p, d);
          g_string_append_c (s, ',');
          if (v >= 0)
            g_string_append (s, m->shifts[v].code);
        }
      g_string_append_c (s, '\n');
    }
  return g_string_free (s, FALSE);
}
