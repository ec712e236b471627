/* kd-roster-shop.h: the shop's shift templates, rule settings, leave and locks → the roster model. */
#pragma once

#include "kd-roster-model.h"
#include "kd-staff.h"

G_BEGIN_DECLS

typedef struct {
  gint64    id;            /* the store's id; 0 when new */
  char     *code;          /* "D" */
  char     *name;          /* "白班" */
  char     *colour;        /* "#rrggbb" */
  int       start_minute;  /* 08:00 = 480 */
  int       length;        /* minutes; a shift may cross midnight */
  int       required;      /* people needed on it every day */
  gboolean  is_night;      /* capped and spread fairly */
  int       required_on[7];  /* by weekday, 0 = Monday; -1 = `required` */
} KdShiftTemplate;

KdShiftTemplate *kd_shift_template_new   (const char *code,
                                          const char *name,
                                          const char *colour,
                                          int         start_minute,
                                          int         length,
                                          int         required,
                                          gboolean    is_night);
void             kd_shift_template_free  (KdShiftTemplate *tmpl);
KdShiftTemplate *kd_shift_template_copy  (const KdShiftTemplate *tmpl);
/* People needed on a day of @weekday (0 = Monday … 6 = Sunday). */
int              kd_shift_template_required_on (const KdShiftTemplate *tmpl,
                                                int                    weekday);
/* Minutes from @start to @end (minutes after midnight); an end at or
 * before the start is on the next day. */
int              kd_shift_length_from_times (int start_minute,
                                             int end_minute);
/* Every field of a template as the shift editor and the store check it:
 * a one-letter code (A–Z), a name, times within the day, "#rrggbb", people
 * in range. The error's code is the failing KdShiftField. */
typedef enum {
  KD_SHIFT_FIELD_CODE = 1,
  KD_SHIFT_FIELD_NAME,
  KD_SHIFT_FIELD_TIMES,
  KD_SHIFT_FIELD_COLOUR,
  KD_SHIFT_FIELD_REQUIRED,
} KdShiftField;
gboolean         kd_shift_template_validate (const KdShiftTemplate *tmpl,
                                             GError               **error);
/* "HH:MM", 00:00–23:59 (also "H:MM"); and back. */
gboolean         kd_shift_parse_time        (const char *text,
                                             int        *minute);
char            *kd_shift_format_time       (int         minute);
/* Exactly "YYYY-MM-DD", a real day. */
gboolean         kd_roster_parse_day        (const char *text,
                                             GDate      *out);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KdShiftTemplate, kd_shift_template_free)

/* A day the shop marks: a public holiday or a promotion (Double 11). */
typedef enum {
  KD_SPECIAL_HOLIDAY,
  KD_SPECIAL_PROMOTION,
} KdSpecialKind;

typedef struct {
  GDate          day;
  char          *name;
  KdSpecialKind  kind;
} KdSpecialDay;

KdSpecialDay *kd_special_day_new  (const GDate  *day,
                                   const char   *name,
                                   KdSpecialKind kind);
void          kd_special_day_free (KdSpecialDay *special);
const char   *kd_special_kind_to_key   (KdSpecialKind kind);
gboolean      kd_special_kind_from_key (const char    *key,
                                        KdSpecialKind *out);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KdSpecialDay, kd_special_day_free)

/* On a special day a shift may need other numbers than usual (a promotion
 * raises them; an extra shift that is needed on no other day, such as
 * 00:00–02:00 all hands on Double 11, gets its people here). */
typedef struct {
  GDate  day;
  gint64 shift_id;
  int    required;
} KdDayRequirement;

typedef struct {
  int days_off;            /* per month, on top of leave */
  int max_consecutive;     /* working days in a row */
  int min_rest_hours;      /* between the end of one shift and the next */
  int max_nights;          /* night shifts per person per month; 0 = no cap */
  int fair_nights;         /* weight of spreading nights evenly; 0 = off */
  int fair_weekends;       /* weight of spreading weekend shifts evenly */
} KdRosterRules;

/* People a shift may need on a day. */
#define KD_SHIFT_REQUIRED_MAX 1000

void     kd_roster_rules_init_defaults    (KdRosterRules       *rules);
/* One setting as the store holds it (any 64-bit integer), refused with a
 * message naming the rule and its range when out of range; unknown keys
 * are left alone. */
gboolean kd_roster_rules_set              (KdRosterRules       *rules,
                                           const char          *key,
                                           gint64               value,
                                           GError             **error);
gboolean kd_roster_rules_check            (const KdRosterRules *rules,
                                           GError             **error);
gboolean kd_shift_template_check_required (const char          *name,
                                           gint64               required,
                                           GError             **error);

/* One cell of the stored roster. */
typedef struct {
  gint64    staff_id;
  GDate     day;
  gint64    shift_id;      /* 0 = day off */
  gboolean  locked;
} KdRosterAssignment;

typedef struct {
  gint64 staff_id;
  GDate  day;
} KdLeaveDay;

/* One cell written from the grid: a shift, a day off (shift_id 0), or
 * cleared back to not rostered (@clear). */
typedef struct {
  gint64    staff_id;
  GDate     day;
  gint64    shift_id;
  gboolean  locked;
  gboolean  clear;
} KdRosterCellWrite;

/* Everything the model of one month is built from. */
typedef struct {
  int            year;
  int            month;           /* 1..12 */
  GPtrArray     *templates;       /* KdShiftTemplate* */
  KdRosterRules  rules;
  GPtrArray     *staff;           /* KdStaff*: the rostered people */
  GArray        *assignments;     /* KdRosterAssignment: this month's locks and the previous month's tail */
  GArray        *leave;           /* KdLeaveDay */
  GPtrArray     *special_days;    /* KdSpecialDay*: this month's */
  GArray        *day_required;    /* KdDayRequirement: this month's */
} KdRosterMonth;

KdRosterMonth *kd_roster_month_new        (int                  year,
                                           int                  month);
void           kd_roster_month_free       (KdRosterMonth       *month);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KdRosterMonth, kd_roster_month_free)

/* What approving a request does to the stored cells, done to @month in
 * memory (kd-leave-repo does the same to the store), so that the rules
 * can be checked before the supervisor approves. A leave day becomes a
 * day off, unlocked; a swap exchanges the two people's cells of @day (a
 * cell not rostered counts as a day off), each keeping their own lock.
 * Only the days the month is built from matter: its own and the tail of
 * the previous month. */
void           kd_roster_month_add_leave_day (KdRosterMonth     *month,
                                              gint64             staff_id,
                                              const GDate       *day);
void           kd_roster_month_swap_day   (KdRosterMonth       *month,
                                           gint64               staff_a,
                                           gint64               staff_b,
                                           const GDate         *day);

KdRosterModel *kd_roster_shop_build_model (const KdRosterMonth *month,
                                           GError             **error);
gint64         kd_roster_shop_shift_id    (const KdRosterMonth *month,
                                           int                  shift_index);
/* People needed on (@date, template @shift_index): the special day's
 * number, else the weekday's, else the template's. */
int            kd_roster_shop_required    (const KdRosterMonth *month,
                                           int                  shift_index,
                                           const GDate         *date);
const KdSpecialDay *kd_roster_shop_special_day (const KdRosterMonth *month,
                                                const GDate         *date);

G_END_DECLS
