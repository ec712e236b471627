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
} KdShiftTemplate;

KdShiftTemplate *kd_shift_template_new   (const char *code,
                                          const char *name,
                                          const char *colour,
                                          int         start_minute,
                                          int         length,
                                          int         required,
                                          gboolean    is_night);
void             kd_shift_template_free  (KdShiftTemplate *tmpl);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KdShiftTemplate, kd_shift_template_free)

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

/* Everything the model of one month is built from. */
typedef struct {
  int            year;
  int            month;           /* 1..12 */
  GPtrArray     *templates;       /* KdShiftTemplate* */
  KdRosterRules  rules;
  GPtrArray     *staff;           /* KdStaff*: the rostered people */
  GArray        *assignments;     /* KdRosterAssignment: this month's locks and the previous month's tail */
  GArray        *leave;           /* KdLeaveDay */
} KdRosterMonth;

KdRosterMonth *kd_roster_month_new        (int                  year,
                                           int                  month);
void           kd_roster_month_free       (KdRosterMonth       *month);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KdRosterMonth, kd_roster_month_free)

KdRosterModel *kd_roster_shop_build_model (const KdRosterMonth *month,
                                           GError             **error);
gint64         kd_roster_shop_shift_id    (const KdRosterMonth *month,
                                           int                  shift_index);

G_END_DECLS
