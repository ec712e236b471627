/* kd-roster-sheet.c: the grid's month in memory, checked by the same evaluator the solver scores with. */
#include "kd-roster-sheet.h"
#include "kd-roster-explain.h"

#include <glib/gi18n-lib.h>
#include <string.h>

KdRosterSheet *
kd_roster_sheet_new (KdRosterMonth  *month,
                     GError        **error)
{
  g_autoptr(KdRosterMonth) owned = month;
  KdRosterSheet *s;
  KdRosterModel *model;
  int P, D, S;

  model = kd_roster_shop_build_model (month, error);
  if (model == NULL)
    return NULL;
  P = model->n_persons;
  D = model->n_days;
  S = model->n_shifts;

  s = g_new0 (KdRosterSheet, 1);
  s->month = g_steal_pointer (&owned);
  s->model = model;
  s->n_persons = P;
  s->n_days = D;
  s->n_shifts = S;
  s->cells = g_new (gint8, MAX (1, P * D));
  memset (s->cells, KD_SHEET_EMPTY, MAX (1, P * D));
  s->flags = g_new0 (guint8, MAX (1, P * D));
  s->cover = g_new0 (int, D * S);
  s->required = g_new0 (int, D * S);
  s->days = g_new0 (int, MAX (1, P));
  s->nights = g_new0 (int, MAX (1, P));
  s->minutes = g_new0 (int, MAX (1, P));
  s->total_bad = g_new0 (guint8, MAX (1, P));
  s->weekend_shifts = g_new0 (int, MAX (1, P));
  s->fair_bad = g_new0 (guint8, MAX (1, P));
  memcpy (s->required, model->cover_min, sizeof (int) * D * S);

  for (int i = 0; i < P * D; i++)
    {
      if (model->unavailable[i] == KD_UNAVAILABLE_LEAVE)
        s->flags[i] |= KD_SHEET_LEAVE;
      if (model->locked[i] != KD_ROSTER_UNLOCKED)
        s->flags[i] |= KD_SHEET_LOCKED;
    }
  /* The grid keeps its locks itself (a locked cell cannot be edited), so
   * the checks never report a lock as broken. */
  if (P * D > 0)   /* no staff yet: the model has no cells at all */
    memset (model->locked, KD_ROSTER_UNLOCKED, P * D);

  for (guint i = 0; i < month->assignments->len; i++)
    {
      const KdRosterAssignment *a = &g_array_index (month->assignments, KdRosterAssignment, i);
      int p = kd_roster_sheet_find_person (s, a->staff_id);
      int d = (int) g_date_days_between (&model->first_date, &a->day);
      int v = KD_ROSTER_OFF;

      if (p < 0 || d < 0 || d >= D)
        continue;
      if (a->shift_id != 0)
        {
          v = -1;
          for (int k = 0; k < S; k++)
            if (kd_roster_shop_shift_id (month, k) == a->shift_id)
              v = k;
          if (v < 0)
            continue;  /* a shift no longer offered: shown as not rostered */
        }
      s->cells[p * D + d] = (gint8) v;
    }
  kd_roster_sheet_check (s);
  return s;
}

void
kd_roster_sheet_free (KdRosterSheet *s)
{
  if (s == NULL)
    return;
  kd_roster_month_free (s->month);
  kd_roster_model_free (s->model);
  kd_roster_score_free (s->score);
  g_clear_pointer (&s->messages, g_ptr_array_unref);
  g_free (s->targets);
  g_free (s->cells);
  g_free (s->flags);
  g_free (s->cover);
  g_free (s->required);
  g_free (s->days);
  g_free (s->nights);
  g_free (s->minutes);
  g_free (s->total_bad);
  g_free (s->weekend_shifts);
  g_free (s->fair_bad);
  g_clear_pointer (&s->notes, g_ptr_array_unref);
  g_free (s);
}

void
kd_roster_sheet_set (KdRosterSheet *s,
                     int            p,
                     int            d,
                     int            value)
{
  g_return_if_fail (p >= 0 && p < s->n_persons && d >= 0 && d < s->n_days);
  g_return_if_fail (value == KD_SHEET_EMPTY || value == KD_ROSTER_OFF || (value >= 0 && value < s->n_shifts));
  s->cells[p * s->n_days + d] = (gint8) value;
}

void
kd_roster_sheet_set_locked (KdRosterSheet *s,
                            int            p,
                            int            d,
                            gboolean       locked)
{
  g_return_if_fail (p >= 0 && p < s->n_persons && d >= 0 && d < s->n_days);
  if (locked)
    s->flags[p * s->n_days + d] |= KD_SHEET_LOCKED;
  else
    s->flags[p * s->n_days + d] &= ~KD_SHEET_LOCKED;
}

static void
mark (KdRosterSheet *s,
      int            p,
      int            d)
{
  if (p >= 0 && p < s->n_persons && d >= 0 && d < s->n_days)
    s->flags[p * s->n_days + d] |= KD_SHEET_VIOLATION;
}

static gboolean
works (const KdRosterSheet *s, int p, int d)
{
  return kd_roster_sheet_get (s, p, d) >= 0;
}

/* Which cells a violation is about, and the one to show for it. */
static void
mark_violation (KdRosterSheet           *s,
                const KdRosterViolation *v,
                int                     *target)
{
  int p = v->person, d = v->day;

  target[0] = p;
  target[1] = MAX (d, 0);
  switch (v->rule)
    {
    case KD_RULE_SUCCESSION:
      mark (s, p, d - 1);
      mark (s, p, d);
      break;
    case KD_RULE_MAX_CONSECUTIVE:
      /* The days past the limit. */
      for (int k = d; k < s->n_days && k < d + v->amount && works (s, p, k); k++)
        mark (s, p, k);
      break;
    case KD_RULE_MIN_CONSECUTIVE:
    case KD_RULE_MIN_DAYS_OFF:
      {
        gboolean working = works (s, p, d);
        for (int k = d; k < s->n_days && works (s, p, k) == working; k++)
          mark (s, p, k);
      }
      break;
    case KD_RULE_MAX_MINUTES:
    case KD_RULE_MIN_MINUTES:
    case KD_RULE_MAX_DAYS:
    case KD_RULE_MIN_DAYS:
      s->total_bad[p] = TRUE;
      break;
    case KD_RULE_MIN_COVER:
      /* Show the first person who could take it: free that day, not on leave. */
      target[0] = 0;
      for (int q = 0; q < s->n_persons; q++)
        if (!works (s, q, d) && !(s->flags[q * s->n_days + d] & (KD_SHEET_LEAVE | KD_SHEET_LOCKED)))
          {
            target[0] = q;
            break;
          }
      break;
    case KD_RULE_LOCKED:
      break;
    case KD_RULE_UNAVAILABLE:
    case KD_RULE_MAX_SHIFTS:
    case KD_RULE_MAX_WEEKENDS:
    case KD_N_RULES:
    default:
      mark (s, p, d);
      break;
    }
  if (target[0] < 0)
    target[0] = 0;
}

static const char *
person_label (const KdRosterSheet *s,
              int                  p)
{
  return s->model->persons[p].name ? s->model->persons[p].name : s->model->persons[p].code;
}

/* The same people and counts the evaluator's fairness terms use: spread
 * as evenly as possible means at most one apart. */
static void
check_spread (KdRosterSheet    *s,
              const int        *counts,
              const gboolean   *eligible,
              KdSheetFairFlags  flag,
              gboolean          nights)
{
  int lo = -1, hi = -1, n = 0, total = 0;

  for (int p = 0; p < s->n_persons; p++)
    {
      if (!eligible[p])
        continue;
      n++;
      total += counts[p];
      if (lo < 0 || counts[p] < counts[lo])
        lo = p;
      if (hi < 0 || counts[p] > counts[hi])
        hi = p;
    }
  if (n < 2 || counts[hi] - counts[lo] < 2)
    return;
  for (int p = 0; p < s->n_persons; p++)
    if (eligible[p] && (counts[p] == counts[lo] || counts[p] == counts[hi]))
      s->fair_bad[p] |= flag;
  g_ptr_array_add (s->notes,
                   g_strdup_printf (nights
                                    /* TRANSLATORS: "Nights are uneven: 王芳 works 9, 李雷 works 3 (evenly: 6–7 each)" */
                                    ? _("Nights are uneven: %s works %d, %s works %d (evenly: %d–%d each)")
                                    : _("Weekend shifts are uneven: %s works %d, %s works %d (evenly: %d–%d each)"),
                                    person_label (s, hi), counts[hi], person_label (s, lo), counts[lo],
                                    total / n, total / n + (total % n != 0)));
}

static void
check_fairness (KdRosterSheet *s)
{
  const KdRosterModel *m = s->model;
  g_autofree gboolean *nights = g_new0 (gboolean, MAX (1, s->n_persons));
  g_autofree gboolean *weekends = g_new0 (gboolean, MAX (1, s->n_persons));

  g_clear_pointer (&s->notes, g_ptr_array_unref);
  s->notes = g_ptr_array_new_with_free_func (g_free);
  memset (s->fair_bad, 0, MAX (1, s->n_persons));
  for (int p = 0; p < s->n_persons; p++)
    {
      for (int k = 0; k < s->n_shifts; k++)
        if (m->shifts[k].is_night && m->persons[p].max_shifts[k] > 0)
          nights[p] = TRUE;
      weekends[p] = m->persons[p].max_weekends > 0;
    }
  if (m->fair_nights_weight > 0)
    check_spread (s, s->nights, nights, KD_SHEET_FAIR_NIGHTS, TRUE);
  if (m->fair_weekends_weight > 0)
    check_spread (s, s->weekend_shifts, weekends, KD_SHEET_FAIR_WEEKENDS, FALSE);
}

void
kd_roster_sheet_check (KdRosterSheet *s)
{
  const int P = s->n_persons, D = s->n_days, S = s->n_shifts;
  KdRoster roster = { D, P, NULL };
  g_autofree gint8 *cells = g_new (gint8, MAX (1, P * D));

  for (int i = 0; i < P * D; i++)
    {
      cells[i] = s->cells[i] == KD_SHEET_EMPTY ? KD_ROSTER_OFF : s->cells[i];
      s->flags[i] &= ~KD_SHEET_VIOLATION;
    }
  roster.cells = cells;

  g_clear_pointer (&s->score, kd_roster_score_free);
  g_clear_pointer (&s->messages, g_ptr_array_unref);
  s->score = kd_roster_evaluate (s->model, &roster);
  s->messages = kd_roster_explain_violations (s->model, &roster, s->score);

  memset (s->cover, 0, sizeof (int) * D * S);
  for (int p = 0; p < P; p++)
    {
      s->days[p] = s->nights[p] = s->minutes[p] = s->weekend_shifts[p] = 0;
      s->total_bad[p] = FALSE;
      for (int d = 0; d < D; d++)
        {
          int v = cells[p * D + d];

          if (v < 0)
            continue;
          s->cover[d * S + v]++;
          s->days[p]++;
          if (kd_roster_model_is_weekend (s->model, d))
            s->weekend_shifts[p]++;
          s->minutes[p] += s->model->shifts[v].length;
          if (s->model->shifts[v].is_night)
            s->nights[p]++;
        }
    }

  g_free (s->targets);
  s->targets = g_new0 (int, 2 * MAX (1, s->score->violations->len));
  for (guint i = 0; i < s->score->violations->len; i++)
    mark_violation (s, &g_array_index (s->score->violations, KdRosterViolation, i), &s->targets[2 * i]);
  check_fairness (s);
}

GPtrArray *
kd_roster_sheet_new_violations (const KdRosterSheet *before,
                                const KdRosterSheet *after)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) had = g_hash_table_new (g_str_hash, g_str_equal);

  /* Counted, so that a second break of the same kind on the same day shows. */
  for (guint i = 0; i < before->messages->len; i++)
    {
      const char *m = g_ptr_array_index (before->messages, i);
      g_hash_table_insert (had, (gpointer) m, GINT_TO_POINTER (GPOINTER_TO_INT (g_hash_table_lookup (had, m)) + 1));
    }
  for (guint i = 0; i < after->messages->len; i++)
    {
      const char *m = g_ptr_array_index (after->messages, i);
      int n = GPOINTER_TO_INT (g_hash_table_lookup (had, m));

      if (n > 0)
        g_hash_table_insert (had, (gpointer) m, GINT_TO_POINTER (n - 1));
      else
        g_ptr_array_add (out, g_strdup (m));
    }
  return out;
}

void
kd_roster_sheet_get_date (const KdRosterSheet *s,
                          int                  day,
                          GDate               *out)
{
  *out = s->model->first_date;
  g_date_add_days (out, day);
}

gint64
kd_roster_sheet_staff_id (const KdRosterSheet *s,
                          int                  p)
{
  return s->model->persons[p].staff_id;
}

int
kd_roster_sheet_find_person (const KdRosterSheet *s,
                             gint64               staff_id)
{
  for (int p = 0; p < s->n_persons; p++)
    if (s->model->persons[p].staff_id == staff_id)
      return p;
  return -1;
}

int
kd_roster_sheet_find_code (const KdRosterSheet *s,
                           gunichar             letter)
{
  gunichar up = g_unichar_toupper (letter);

  for (int k = 0; k < s->n_shifts; k++)
    {
      const char *code = s->model->shifts[k].code;
      if (code != NULL && g_utf8_get_char (code) == up && g_utf8_strlen (code, -1) == 1)
        return k;
    }
  return -1;
}

void
kd_roster_sheet_cell_write (const KdRosterSheet *s,
                            int                  p,
                            int                  d,
                            int                  value,
                            gboolean             locked,
                            KdRosterCellWrite   *out)
{
  memset (out, 0, sizeof *out);
  out->staff_id = kd_roster_sheet_staff_id (s, p);
  kd_roster_sheet_get_date (s, d, &out->day);
  out->clear = value == KD_SHEET_EMPTY;
  out->shift_id = value >= 0 ? kd_roster_shop_shift_id (s->month, value) : 0;
  out->locked = locked && !out->clear;
}
