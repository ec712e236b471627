/* kd-roster-model.c: building and querying the shift-scheduling model and rosters. */
#include "kd-roster-model.h"

#include <string.h>

KdRosterModel *
kd_roster_model_new (int n_days,
                     int n_persons,
                     int n_shifts,
                     int n_history)
{
  KdRosterModel *m = g_new0 (KdRosterModel, 1);
  gsize cells = (gsize) n_persons * n_days;
  gsize cost_cells = cells * (n_shifts + 1);

  g_return_val_if_fail (n_days > 0 && n_persons >= 0 && n_shifts > 0 && n_shifts < 120, NULL);

  m->n_days = n_days;
  m->n_persons = n_persons;
  m->n_shifts = n_shifts;
  m->n_history = n_history;
  g_date_clear (&m->first_date, 1);
  m->shifts = g_new0 (KdRosterShift, n_shifts);
  for (int s = 0; s < n_shifts; s++)
    m->shifts[s].start_minute = -1;
  m->persons = g_new0 (KdRosterPerson, n_persons);
  for (int p = 0; p < n_persons; p++)
    {
      KdRosterPerson *person = &m->persons[p];

      person->max_shifts = g_new (int, n_shifts);
      for (int s = 0; s < n_shifts; s++)
        person->max_shifts[s] = KD_ROSTER_UNLIMITED;
      person->max_minutes = KD_ROSTER_UNLIMITED;
      person->max_days = KD_ROSTER_UNLIMITED;
      person->max_consecutive = KD_ROSTER_UNLIMITED;
      person->max_weekends = KD_ROSTER_UNLIMITED;
    }
  m->forbidden = g_new0 (guint8, n_shifts * n_shifts);
  m->cover_req = g_new0 (int, n_days * n_shifts);
  m->cover_min = g_new0 (int, n_days * n_shifts);
  m->w_under = g_new0 (int, n_days * n_shifts);
  m->w_over = g_new0 (int, n_days * n_shifts);
  m->on_cost = g_new0 (int, cost_cells);
  m->off_cost = g_new0 (int, cost_cells);
  m->unavailable = g_new0 (guint8, cells);
  m->locked = g_new (gint8, cells);
  if (cells > 0)   /* no staff yet: g_new (…, 0) is NULL */
    memset (m->locked, KD_ROSTER_UNLOCKED, cells);
  m->history = g_new (gint8, MAX (1, n_persons * n_history));
  memset (m->history, KD_ROSTER_OFF, MAX (1, n_persons * n_history));
  return m;
}

void
kd_roster_model_free (KdRosterModel *m)
{
  if (m == NULL)
    return;
  for (int s = 0; s < m->n_shifts; s++)
    {
      g_free (m->shifts[s].code);
      g_free (m->shifts[s].name);
      g_free (m->shifts[s].colour);
    }
  for (int p = 0; p < m->n_persons; p++)
    {
      g_free (m->persons[p].code);
      g_free (m->persons[p].name);
      g_free (m->persons[p].max_shifts);
    }
  g_free (m->shifts);
  g_free (m->persons);
  g_free (m->forbidden);
  g_free (m->cover_req);
  g_free (m->cover_min);
  g_free (m->w_under);
  g_free (m->w_over);
  g_free (m->on_cost);
  g_free (m->off_cost);
  g_free (m->unavailable);
  g_free (m->locked);
  g_free (m->history);
  g_free (m);
}

gboolean
kd_roster_model_is_weekend (const KdRosterModel *m,
                            int                  day)
{
  return (day + m->first_weekday) % 7 >= 5;
}

/* Saturday and Sunday of the same week share an index, so a weekend that
 * straddles the start of the horizon still counts once. */
int
kd_roster_model_weekend_index (const KdRosterModel *m,
                               int                  day)
{
  return (day + m->first_weekday) / 7;
}

int
kd_roster_model_n_weekends (const KdRosterModel *m)
{
  return (m->n_days - 1 + m->first_weekday) / 7 + 1;
}

/* A request to work shift @shift is unmet by every other value of the cell. */
void
kd_roster_model_add_shift_on (KdRosterModel *m,
                              int            p,
                              int            d,
                              int            shift,
                              int            weight)
{
  for (int v = KD_ROSTER_OFF; v < m->n_shifts; v++)
    if (v != shift)
      m->on_cost[kd_roster_model_cell_cost_index (m, p, d, v)] += weight;
}

void
kd_roster_model_add_shift_off (KdRosterModel *m,
                               int            p,
                               int            d,
                               int            shift,
                               int            weight)
{
  m->off_cost[kd_roster_model_cell_cost_index (m, p, d, shift)] += weight;
}

/* Shift b may not follow shift a when fewer than @min_rest_minutes lie
 * between a's end and b's start on the next day; a night shift ending at
 * 01:00 thus forbids an 08:00 start the next day. */
void
kd_roster_model_forbid_by_rest (KdRosterModel *m,
                                int            min_rest_minutes)
{
  for (int a = 0; a < m->n_shifts; a++)
    for (int b = 0; b < m->n_shifts; b++)
      {
        const KdRosterShift *sa = &m->shifts[a];
        const KdRosterShift *sb = &m->shifts[b];
        int rest;

        if (sa->start_minute < 0 || sb->start_minute < 0)
          continue;
        rest = 24 * 60 + sb->start_minute - (sa->start_minute + sa->length);
        if (rest < min_rest_minutes)
          m->forbidden[a * m->n_shifts + b] = 1;
      }
}

int
kd_roster_model_find_shift (const KdRosterModel *m,
                            const char          *code)
{
  for (int s = 0; s < m->n_shifts; s++)
    if (g_strcmp0 (m->shifts[s].code, code) == 0)
      return s;
  return -1;
}

int
kd_roster_model_find_person (const KdRosterModel *m,
                             const char          *code)
{
  for (int p = 0; p < m->n_persons; p++)
    if (g_strcmp0 (m->persons[p].code, code) == 0)
      return p;
  return -1;
}

/* "2026-12-12" when the model has dates, else "day 12". */
char *
kd_roster_model_format_day (const KdRosterModel *m,
                            int                  day)
{
  if (g_date_valid (&m->first_date))
    {
      GDate date = m->first_date;
      g_date_add_days (&date, day);
      return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&date),
                              g_date_get_month (&date), g_date_get_day (&date));
    }
  return g_strdup_printf ("day %d", day);
}

KdRoster *
kd_roster_new (const KdRosterModel *m)
{
  KdRoster *r = g_new0 (KdRoster, 1);
  gsize n = (gsize) m->n_persons * m->n_days;

  r->n_days = m->n_days;
  r->n_persons = m->n_persons;
  r->cells = g_new (gint8, MAX (1, n));
  memset (r->cells, KD_ROSTER_OFF, MAX (1, n));
  return r;
}

KdRoster *
kd_roster_copy (const KdRoster *src)
{
  KdRoster *r = g_new0 (KdRoster, 1);
  gsize n = (gsize) src->n_persons * src->n_days;

  r->n_days = src->n_days;
  r->n_persons = src->n_persons;
  r->cells = g_memdup2 (src->cells, MAX (1, n));
  return r;
}

void
kd_roster_free (KdRoster *r)
{
  if (r == NULL)
    return;
  g_free (r->cells);
  g_free (r);
}

void
kd_roster_apply_locks (KdRoster            *r,
                       const KdRosterModel *m)
{
  for (int i = 0; i < m->n_persons * m->n_days; i++)
    if (m->locked[i] != KD_ROSTER_UNLOCKED)
      r->cells[i] = m->locked[i];
}

/* The greatest common divisor of the shift lengths (at least 1): every
 * total of minutes is a whole number of these, so the DPs that follow
 * minutes count in them. */
int
kd_roster_model_minute_unit (const KdRosterModel *m)
{
  int unit = 0;

  for (int s = 0; s < m->n_shifts; s++)
    {
      int a = unit, b = MAX (1, m->shifts[s].length);

      while (b != 0)
        {
          int t = a % b;
          a = b;
          b = t;
        }
      unit = a;
    }
  return MAX (1, unit);
}
