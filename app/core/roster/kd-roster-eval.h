/* kd-roster-eval.h: scoring a roster — hard violations by person, day and rule, soft penalty by term. */
#pragma once

#include "kd-roster-model.h"

G_BEGIN_DECLS

typedef enum {
  KD_RULE_UNAVAILABLE,      /* works on leave or a fixed day off */
  KD_RULE_SUCCESSION,       /* too little rest after the previous day's shift */
  KD_RULE_MAX_SHIFTS,       /* too many of one shift type (0 = not allowed at all) */
  KD_RULE_MAX_MINUTES,
  KD_RULE_MIN_MINUTES,
  KD_RULE_MAX_DAYS,         /* too few days off */
  KD_RULE_MIN_DAYS,
  KD_RULE_MAX_CONSECUTIVE,
  KD_RULE_MIN_CONSECUTIVE,
  KD_RULE_MIN_DAYS_OFF,
  KD_RULE_MAX_WEEKENDS,
  KD_RULE_MIN_COVER,        /* fewer people on a shift than the hard minimum */
  KD_RULE_LOCKED,           /* a locked cell holds another value */
  KD_N_RULES,
} KdRosterRule;

typedef struct {
  KdRosterRule rule;
  int          person;      /* -1 for cover */
  int          day;         /* the day the rule breaks (-1 for whole-horizon totals) */
  int          shift;       /* -1 when no shift is concerned */
  int          amount;      /* how far off: extra shifts, missing people, days … */
} KdRosterViolation;

typedef enum {
  KD_SOFT_SHIFT_ON,         /* requested shifts not granted */
  KD_SOFT_SHIFT_OFF,        /* shifts worked despite a request to be off */
  KD_SOFT_UNDER_COVER,
  KD_SOFT_OVER_COVER,
  KD_SOFT_SHORT_DAYS,       /* days worked below a person's target */
  KD_SOFT_FAIR_NIGHTS,      /* nights spread unevenly */
  KD_SOFT_FAIR_WEEKENDS,    /* weekend shifts spread unevenly */
  KD_SOFT_MONTH_END,        /* long working stretches at the horizon's end */
  KD_N_SOFT_TERMS,
} KdRosterSoftTerm;

typedef struct {
  GArray *violations;       /* of KdRosterViolation */
  int     hard_count;       /* violations->len */
  gint64  hard_magnitude;   /* summed amounts, weighted, for search */
  gint64  soft[KD_N_SOFT_TERMS];
  gint64  soft_total;
} KdRosterScore;

KdRosterScore *kd_roster_evaluate      (const KdRosterModel *model,
                                        const KdRoster      *roster);
void           kd_roster_score_free    (KdRosterScore       *score);
const char    *kd_roster_rule_to_string (KdRosterRule       rule);
const char    *kd_roster_soft_term_to_string (KdRosterSoftTerm term);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KdRosterScore, kd_roster_score_free)

/* What the solver needs to score one person's row quickly; the evaluator
 * itself is built from it so both agree by construction. */
typedef struct {
  int hard_count;
  int hard_mag;
  int soft_on;
  int soft_off;
  int soft_days;
  int soft_end;
  int nights;
  int weekend_shifts;
} KdRosterRowCost;

void    kd_roster_eval_row     (const KdRosterModel *model,
                                int                  person,
                                const gint8         *row,
                                KdRosterRowCost     *out,
                                GArray              *violations);
int     kd_roster_cover_cost   (const KdRosterModel *model,
                                int                  day,
                                int                  shift,
                                int                  count,
                                int                 *hard_mag,
                                int                 *under,
                                int                 *over);
int     kd_roster_month_end_units (const KdRosterModel *model,
                                   int                  person,
                                   int                  last,
                                   int                  run);
gint64  kd_roster_fair_cost    (gint64               sum_squares,
                                gint64               total,
                                int                  n_eligible);

G_END_DECLS
