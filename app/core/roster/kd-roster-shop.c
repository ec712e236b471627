/* kd-roster-shop.c: turns the shop's month (templates, rules, staff, leave, locks, last month's tail) into a KdRosterModel. */
#include "kd-roster-shop.h"
#include "kd-error.h"
#include "kd-leave.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* Days of the previous month the model looks back on: enough for the
 * "in a row" rule and the rest between shifts. */
#define HISTORY_DAYS 14

KdShiftTemplate *
kd_shift_template_new (const char *code,
                       const char *name,
                       const char *colour,
                       int         start_minute,
                       int         length,
                       int         required,
                       gboolean    is_night)
{
  KdShiftTemplate *t = g_new0 (KdShiftTemplate, 1);

  t->code = g_strdup (code);
  t->name = g_strdup (name);
  t->colour = g_strdup (colour);
  t->start_minute = start_minute;
  t->length = length;
  t->required = required;
  t->is_night = is_night;
  for (int w = 0; w < 7; w++)
    t->required_on[w] = -1;
  return t;
}

KdShiftTemplate *
kd_shift_template_copy (const KdShiftTemplate *src)
{
  KdShiftTemplate *t = kd_shift_template_new (src->code, src->name, src->colour, src->start_minute,
                                              src->length, src->required, src->is_night);

  t->id = src->id;
  memcpy (t->required_on, src->required_on, sizeof t->required_on);
  return t;
}

int
kd_shift_template_required_on (const KdShiftTemplate *t,
                               int                    weekday)
{
  g_return_val_if_fail (weekday >= 0 && weekday < 7, t->required);
  return t->required_on[weekday] >= 0 ? t->required_on[weekday] : t->required;
}

int
kd_shift_length_from_times (int start_minute,
                            int end_minute)
{
  return end_minute > start_minute ? end_minute - start_minute : end_minute + 24 * 60 - start_minute;
}

gboolean
kd_shift_parse_time (const char *text,
                     int        *minute)
{
  int h = 0, m = 0, i = 0, digits = 0;

  if (text == NULL)
    return FALSE;
  while (g_ascii_isspace (text[i]))
    i++;
  for (; g_ascii_isdigit (text[i]) && digits < 2; i++, digits++)
    h = h * 10 + (text[i] - '0');
  if (digits == 0 || (text[i] != ':' && (guchar) text[i] != 0xef))
    return FALSE;
  /* A full-width colon (U+FF1A, typed by Chinese input methods) too. */
  if (text[i] == ':')
    i++;
  else if ((guchar) text[i] == 0xef && (guchar) text[i + 1] == 0xbc && (guchar) text[i + 2] == 0x9a)
    i += 3;
  else
    return FALSE;
  if (!g_ascii_isdigit (text[i]) || !g_ascii_isdigit (text[i + 1]))
    return FALSE;
  m = (text[i] - '0') * 10 + (text[i + 1] - '0');
  i += 2;
  while (g_ascii_isspace (text[i]))
    i++;
  if (text[i] != '\0' || h > 23 || m > 59)
    return FALSE;
  *minute = h * 60 + m;
  return TRUE;
}

/* The roster's days are the leave requests' days. */
gboolean
kd_roster_parse_day (const char *text,
                     GDate      *out)
{
  return kd_day_parse (text, out);
}

char *
kd_shift_format_time (int minute)
{
  minute = ((minute % (24 * 60)) + 24 * 60) % (24 * 60);
  return g_strdup_printf ("%02d:%02d", minute / 60, minute % 60);
}

static gboolean
has_text (const char *text)
{
  for (; *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return TRUE;
  return FALSE;
}

static gboolean
is_colour (const char *text)
{
  if (text == NULL || strlen (text) != 7 || text[0] != '#')
    return FALSE;
  for (int i = 1; i < 7; i++)
    if (!g_ascii_isxdigit (text[i]))
      return FALSE;
  return TRUE;
}

gboolean
kd_shift_template_validate (const KdShiftTemplate  *t,
                            GError                **error)
{
  if (t->code == NULL || strlen (t->code) != 1 || !g_ascii_isupper (t->code[0]))
    {
      g_set_error (error, KD_VALIDATION_ERROR, KD_SHIFT_FIELD_CODE,
                   _("A shift's code is one capital letter (A–Z), typed in the grid to set it."));
      return FALSE;
    }
  if (t->name == NULL || !has_text (t->name))
    {
      g_set_error (error, KD_VALIDATION_ERROR, KD_SHIFT_FIELD_NAME, _("The shift needs a name."));
      return FALSE;
    }
  if (t->start_minute < 0 || t->start_minute >= 24 * 60 || t->length <= 0 || t->length > 24 * 60)
    {
      g_set_error (error, KD_VALIDATION_ERROR, KD_SHIFT_FIELD_TIMES,
                   _("The shift “%s” needs a start between 00:00 and 23:59 and a length of at most 24 hours."),
                   t->name);
      return FALSE;
    }
  if (!is_colour (t->colour))
    {
      g_set_error (error, KD_VALIDATION_ERROR, KD_SHIFT_FIELD_COLOUR,
                   _("A shift's colour is written #rrggbb."));
      return FALSE;
    }
  for (int w = -1; w < 7; w++)
    {
      int required = w < 0 ? t->required : t->required_on[w];
      g_autoptr(GError) local = NULL;

      if (w >= 0 && required < 0)
        continue;
      if (!kd_shift_template_check_required (t->name, required, &local))
        {
          g_set_error_literal (error, KD_VALIDATION_ERROR, KD_SHIFT_FIELD_REQUIRED, local->message);
          return FALSE;
        }
    }
  return TRUE;
}

KdSpecialDay *
kd_special_day_new (const GDate   *day,
                    const char    *name,
                    KdSpecialKind  kind)
{
  KdSpecialDay *sd = g_new0 (KdSpecialDay, 1);

  sd->day = *day;
  sd->name = g_strdup (name ? name : "");
  sd->kind = kind;
  return sd;
}

void
kd_special_day_free (KdSpecialDay *sd)
{
  if (sd == NULL)
    return;
  g_free (sd->name);
  g_free (sd);
}

const char *
kd_special_kind_to_key (KdSpecialKind kind)
{
  return kind == KD_SPECIAL_PROMOTION ? "promotion" : "holiday";
}

gboolean
kd_special_kind_from_key (const char    *key,
                          KdSpecialKind *out)
{
  if (g_strcmp0 (key, "holiday") == 0)
    *out = KD_SPECIAL_HOLIDAY;
  else if (g_strcmp0 (key, "promotion") == 0)
    *out = KD_SPECIAL_PROMOTION;
  else
    return FALSE;
  return TRUE;
}

void
kd_shift_template_free (KdShiftTemplate *t)
{
  if (t == NULL)
    return;
  g_free (t->code);
  g_free (t->name);
  g_free (t->colour);
  g_free (t);
}

void
kd_roster_rules_init_defaults (KdRosterRules *rules)
{
  rules->days_off = 4;
  rules->max_consecutive = 6;
  rules->min_rest_hours = 11;
  rules->max_nights = 0;
  rules->fair_nights = 10;
  rules->fair_weekends = 5;
}

/* The rules' keys in the store and their ranges. */
static const struct {
  const char *key;
  gsize       offset;
  int         min, max;
} rule_ranges[] = {
  { "days_off",        G_STRUCT_OFFSET (KdRosterRules, days_off),        0, 31 },
  { "max_consecutive", G_STRUCT_OFFSET (KdRosterRules, max_consecutive), 0, 31 },
  { "min_rest_hours",  G_STRUCT_OFFSET (KdRosterRules, min_rest_hours),  0, 24 },
  { "max_nights",      G_STRUCT_OFFSET (KdRosterRules, max_nights),      0, 31 },
  { "fair_nights",     G_STRUCT_OFFSET (KdRosterRules, fair_nights),     0, 1000 },
  { "fair_weekends",   G_STRUCT_OFFSET (KdRosterRules, fair_weekends),   0, 1000 },
};

static gboolean
check_rule (guint i, gint64 value, GError **error)
{
  if (value < rule_ranges[i].min || value > rule_ranges[i].max)
    {
      /* %lld, not G_GINT64_FORMAT: xgettext cannot see through the macro. */
      g_set_error (error, KD_CORE_ERROR, KD_CORE_ERROR_INVALID,
                   _("The roster rule “%s” is %lld; it must be between %d and %d."),
                   rule_ranges[i].key, (long long) value, rule_ranges[i].min, rule_ranges[i].max);
      return FALSE;
    }
  return TRUE;
}

gboolean
kd_roster_rules_set (KdRosterRules  *rules,
                     const char     *key,
                     gint64          value,
                     GError        **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (rule_ranges); i++)
    if (g_str_equal (key, rule_ranges[i].key))
      {
        if (!check_rule (i, value, error))
          return FALSE;
        G_STRUCT_MEMBER (int, rules, rule_ranges[i].offset) = (int) value;
        return TRUE;
      }
  return TRUE;
}

gboolean
kd_roster_rules_check (const KdRosterRules  *rules,
                       GError              **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (rule_ranges); i++)
    if (!check_rule (i, G_STRUCT_MEMBER (int, rules, rule_ranges[i].offset), error))
      return FALSE;
  return TRUE;
}

gboolean
kd_shift_template_check_required (const char  *name,
                                  gint64       required,
                                  GError     **error)
{
  if (required < 0 || required > KD_SHIFT_REQUIRED_MAX)
    {
      g_set_error (error, KD_CORE_ERROR, KD_CORE_ERROR_INVALID,
                   _("The shift “%s” needs between %d and %d people, not %lld."),
                   name, 0, KD_SHIFT_REQUIRED_MAX, (long long) required);
      return FALSE;
    }
  return TRUE;
}

KdRosterMonth *
kd_roster_month_new (int year,
                     int month)
{
  KdRosterMonth *m = g_new0 (KdRosterMonth, 1);

  m->year = year;
  m->month = month;
  m->templates = g_ptr_array_new_with_free_func ((GDestroyNotify) kd_shift_template_free);
  kd_roster_rules_init_defaults (&m->rules);
  m->staff = g_ptr_array_new_with_free_func (g_object_unref);
  m->assignments = g_array_new (FALSE, FALSE, sizeof (KdRosterAssignment));
  m->leave = g_array_new (FALSE, FALSE, sizeof (KdLeaveDay));
  m->special_days = g_ptr_array_new_with_free_func ((GDestroyNotify) kd_special_day_free);
  m->day_required = g_array_new (FALSE, FALSE, sizeof (KdDayRequirement));
  return m;
}

void
kd_roster_month_free (KdRosterMonth *m)
{
  if (m == NULL)
    return;
  g_ptr_array_unref (m->templates);
  g_ptr_array_unref (m->staff);
  g_array_unref (m->assignments);
  g_array_unref (m->leave);
  g_ptr_array_unref (m->special_days);
  g_array_unref (m->day_required);
  g_free (m);
}

static KdRosterAssignment *
find_assignment (KdRosterMonth *m,
                 gint64         staff_id,
                 const GDate   *day)
{
  for (guint i = 0; i < m->assignments->len; i++)
    {
      KdRosterAssignment *a = &g_array_index (m->assignments, KdRosterAssignment, i);
      if (a->staff_id == staff_id && g_date_compare (&a->day, day) == 0)
        return a;
    }
  return NULL;
}

static KdRosterAssignment *
ensure_assignment (KdRosterMonth *m,
                   gint64         staff_id,
                   const GDate   *day)
{
  KdRosterAssignment *a = find_assignment (m, staff_id, day);
  KdRosterAssignment fresh = { staff_id, *day, 0, FALSE };

  if (a != NULL)
    return a;
  g_array_append_val (m->assignments, fresh);
  return &g_array_index (m->assignments, KdRosterAssignment, m->assignments->len - 1);
}

void
kd_roster_month_add_leave_day (KdRosterMonth *m,
                               gint64         staff_id,
                               const GDate   *day)
{
  KdRosterAssignment *a = find_assignment (m, staff_id, day);
  KdLeaveDay l = { staff_id, *day };

  if (a != NULL)
    {
      a->shift_id = 0;
      a->locked = FALSE;
    }
  for (guint i = 0; i < m->leave->len; i++)
    {
      const KdLeaveDay *o = &g_array_index (m->leave, KdLeaveDay, i);
      if (o->staff_id == staff_id && g_date_compare (&o->day, day) == 0)
        return;
    }
  g_array_append_val (m->leave, l);
}

void
kd_roster_month_swap_day (KdRosterMonth *m,
                          gint64         staff_a,
                          gint64         staff_b,
                          const GDate   *day)
{
  KdRosterAssignment *a, *b;
  gint64 shift_a, shift_b;

  a = find_assignment (m, staff_a, day);
  shift_a = a ? a->shift_id : 0;
  b = find_assignment (m, staff_b, day);
  shift_b = b ? b->shift_id : 0;
  /* The store writes both rows; so does this (ensure may move the array). */
  ensure_assignment (m, staff_a, day)->shift_id = shift_b;
  ensure_assignment (m, staff_b, day)->shift_id = shift_a;
}

gint64
kd_roster_shop_shift_id (const KdRosterMonth *month,
                         int                  shift_index)
{
  if (shift_index < 0 || shift_index >= (int) month->templates->len)
    return 0;
  return ((KdShiftTemplate *) g_ptr_array_index (month->templates, shift_index))->id;
}

int
kd_roster_shop_required (const KdRosterMonth *month,
                         int                  shift_index,
                         const GDate         *date)
{
  const KdShiftTemplate *t = g_ptr_array_index (month->templates, shift_index);

  for (guint i = 0; i < month->day_required->len; i++)
    {
      const KdDayRequirement *r = &g_array_index (month->day_required, KdDayRequirement, i);
      if (r->shift_id == t->id && g_date_compare (&r->day, date) == 0)
        return r->required;
    }
  return kd_shift_template_required_on (t, g_date_get_weekday (date) - G_DATE_MONDAY);
}

const KdSpecialDay *
kd_roster_shop_special_day (const KdRosterMonth *month,
                            const GDate         *date)
{
  for (guint i = 0; i < month->special_days->len; i++)
    {
      const KdSpecialDay *sd = g_ptr_array_index (month->special_days, i);
      if (g_date_compare (&sd->day, date) == 0)
        return sd;
    }
  return NULL;
}

static int
person_of (const KdRosterMonth *month,
           gint64               staff_id)
{
  for (guint i = 0; i < month->staff->len; i++)
    if (kd_staff_get_id (g_ptr_array_index (month->staff, i)) == staff_id)
      return (int) i;
  return -1;
}

static int
shift_of (const KdRosterMonth *month,
          gint64               shift_id)
{
  for (guint i = 0; i < month->templates->len; i++)
    if (((KdShiftTemplate *) g_ptr_array_index (month->templates, i))->id == shift_id)
      return (int) i;
  return -1;
}

KdRosterModel *
kd_roster_shop_build_model (const KdRosterMonth *month,
                            GError             **error)
{
  g_autoptr(KdRosterModel) m = NULL;
  GDate first;
  int n_days, P = month->staff->len, S = month->templates->len;
  g_autofree int *leave_days = NULL;

  if (month->month < 1 || month->month > 12 || month->year < 1900 || month->year > 9999)
    {
      g_set_error (error, KD_CORE_ERROR, KD_CORE_ERROR_INVALID, _("A month is written YYYY-MM."));
      return NULL;
    }
  if (S == 0)
    {
      g_set_error (error, KD_CORE_ERROR, KD_CORE_ERROR_INVALID,
                   _("There are no shift templates: add at least one shift first."));
      return NULL;
    }
  if (!kd_roster_rules_check (&month->rules, error))
    return NULL;
  for (int s = 0; s < S; s++)
    {
      const KdShiftTemplate *t = g_ptr_array_index (month->templates, s);
      if (!kd_shift_template_check_required (t->name, t->required, error))
        return NULL;
      if (t->length <= 0 || t->length > 24 * 60 || t->start_minute < 0 || t->start_minute >= 24 * 60)
        {
          g_set_error (error, KD_CORE_ERROR, KD_CORE_ERROR_INVALID,
                       _("The shift “%s” needs a start between 00:00 and 23:59 and a length of at most 24 hours."),
                       t->name);
          return NULL;
        }
    }

  g_date_clear (&first, 1);
  g_date_set_dmy (&first, 1, month->month, month->year);
  n_days = g_date_get_days_in_month (month->month, month->year);

  m = kd_roster_model_new (n_days, P, S, HISTORY_DAYS);
  m->first_date = first;
  m->first_weekday = g_date_get_weekday (&first) - G_DATE_MONDAY;
  m->fair_nights_weight = month->rules.fair_nights;
  m->fair_weekends_weight = month->rules.fair_weekends;
  m->w_target_days = 50;
  m->w_month_end = 20;

  for (int s = 0; s < S; s++)
    {
      const KdShiftTemplate *t = g_ptr_array_index (month->templates, s);
      KdRosterShift *shift = &m->shifts[s];

      shift->code = g_strdup (t->code);
      shift->name = g_strdup (t->name);
      shift->colour = g_strdup (t->colour);
      shift->start_minute = t->start_minute;
      shift->length = t->length;
      shift->is_night = t->is_night;
      for (int d = 0; d < n_days; d++)
        {
          GDate date = first;
          int required;

          g_date_add_days (&date, d);
          required = kd_roster_shop_required (month, s, &date);
          if (!kd_shift_template_check_required (t->name, required, error))
            return NULL;
          /* Cover is a hard rule in a shop: a shift nobody answers is a
           * shop that does not answer. Extra people cost nothing, except
           * on a shift nobody is needed on that day (an extra shift for
           * special days): filling working days with it helps nobody. */
          m->cover_req[d * S + s] = required;
          m->cover_min[d * S + s] = required;
          m->w_under[d * S + s] = 100;
          m->w_over[d * S + s] = required == 0 ? 200 : 0;
        }
    }
  kd_roster_model_forbid_by_rest (m, month->rules.min_rest_hours * 60);

  leave_days = g_new0 (int, MAX (1, P));
  for (guint i = 0; i < month->leave->len; i++)
    {
      const KdLeaveDay *l = &g_array_index (month->leave, KdLeaveDay, i);
      int p = person_of (month, l->staff_id);
      int d = g_date_valid (&l->day) ? (int) g_date_days_between (&first, &l->day) : -1;

      if (p < 0 || d < 0 || d >= n_days)
        continue;
      if (m->unavailable[p * n_days + d] == KD_UNAVAILABLE_NO)
        leave_days[p]++;
      m->unavailable[p * n_days + d] = KD_UNAVAILABLE_LEAVE;
    }

  for (int p = 0; p < P; p++)
    {
      KdStaff *staff = g_ptr_array_index (month->staff, p);
      KdRosterPerson *person = &m->persons[p];
      int work_days = MAX (0, n_days - month->rules.days_off - leave_days[p]);

      person->code = g_strdup (kd_staff_get_job_number (staff));
      person->name = g_strdup (kd_staff_get_name (staff));
      person->staff_id = kd_staff_get_id (staff);
      /* "4 days off a month": at least 4 (hard), and the rest are meant
       * to be worked (soft: a person who ended last month on a long run
       * may not fit 27 days with at most 6 in a row). Leave days come out
       * of the working days. */
      person->max_days = work_days;
      person->target_days = work_days;
      person->max_consecutive = month->rules.max_consecutive > 0 ? month->rules.max_consecutive : KD_ROSTER_UNLIMITED;
      for (int s = 0; s < S; s++)
        if (m->shifts[s].is_night && month->rules.max_nights > 0)
          person->max_shifts[s] = month->rules.max_nights;
    }

  for (guint i = 0; i < month->assignments->len; i++)
    {
      const KdRosterAssignment *a = &g_array_index (month->assignments, KdRosterAssignment, i);
      int p = person_of (month, a->staff_id);
      int v = a->shift_id != 0 ? shift_of (month, a->shift_id) : KD_ROSTER_OFF;
      int d = g_date_valid (&a->day) ? (int) g_date_days_between (&first, &a->day) : n_days;

      if (p < 0 || (a->shift_id != 0 && v < 0))
        continue;
      if (d < 0 && -d <= HISTORY_DAYS)
        m->history[p * HISTORY_DAYS + (-d - 1)] = (gint8) v;
      else if (d >= 0 && d < n_days && a->locked)
        m->locked[p * n_days + d] = (gint8) v;
    }

  return g_steal_pointer (&m);
}
