/* kd-roster-model.h: the general shift-scheduling model the roster solver works on. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A cell of a roster: a shift index, or one of these. */
#define KD_ROSTER_OFF       (-1)
#define KD_ROSTER_UNLOCKED  (-2)   /* only in KdRosterModel.locked */
#define KD_ROSTER_UNLIMITED (1 << 28)  /* room to add 1 without overflow */

typedef struct {
  char     *code;          /* short ID shown in the grid and files: "D", "N" */
  char     *name;          /* the shop's name: "白班" */
  char     *colour;        /* "#rrggbb", may be NULL */
  int       start_minute;  /* minutes after midnight of its day; -1 unknown */
  int       length;        /* minutes */
  gboolean  is_night;      /* counted by the night-fairness term */
} KdRosterShift;

typedef struct {
  char *code;              /* job number or benchmark ID */
  char *name;
  gint64 staff_id;         /* the store's id; 0 when not from the store */
  int  *max_shifts;        /* per shift type; 0 = may not work it */
  int   max_minutes;
  int   min_minutes;
  int   max_days;          /* working days in the horizon */
  int   min_days;
  int   target_days;       /* soft: days short of it cost w_target_days each; 0 = none */
  int   max_consecutive;   /* working days in a row */
  int   min_consecutive;   /* working stretches not touching the horizon's ends */
  int   min_days_off;      /* off stretches not touching the horizon's ends */
  int   max_weekends;
} KdRosterPerson;

typedef enum {
  KD_UNAVAILABLE_NO = 0,
  KD_UNAVAILABLE_DAY_OFF,  /* a fixed day off (benchmark days off) */
  KD_UNAVAILABLE_LEAVE,    /* approved leave */
} KdUnavailable;

typedef struct {
  int n_days;
  int n_persons;
  int n_shifts;
  int first_weekday;       /* weekday of day 0: 0 = Monday … 6 = Sunday */
  GDate first_date;        /* for messages; may be invalid (benchmarks) */

  KdRosterShift  *shifts;    /* [n_shifts] */
  KdRosterPerson *persons;   /* [n_persons] */

  guint8 *forbidden;       /* [a * n_shifts + b]: b may not follow a on the next day */
  int    *cover_req;       /* [d * n_shifts + s] soft target */
  int    *cover_min;       /* [d * n_shifts + s] hard minimum (0 = none) */
  int    *w_under;
  int    *w_over;
  int    *on_cost;         /* [(p * n_days + d) * (n_shifts + 1) + v + 1]: shift-on requests not met by value v */
  int    *off_cost;        /* same layout: shift-off requests broken by value v */
  guint8 *unavailable;     /* [p * n_days + d] KdUnavailable */
  gint8  *locked;          /* [p * n_days + d] KD_ROSTER_UNLOCKED or the fixed value */

  /* The previous month's tail: history[p * n_history + k] is the value k + 1
   * days before day 0, so rest and "in a row" rules hold across the boundary. */
  int    n_history;
  gint8 *history;

  int w_target_days;
  /* Soft: each day of a person's last working stretch beyond
   * max_consecutive - 3, and a last shift after which some shift may not
   * follow, cost this (0 = none). A month that ends with people on long
   * runs or nights leaves the next month's first days without them; this
   * keeps the next month feasible without knowing it. */
  int w_month_end;
  int fair_nights_weight;
  int fair_weekends_weight;
} KdRosterModel;

KdRosterModel *kd_roster_model_new             (int                  n_days,
                                                int                  n_persons,
                                                int                  n_shifts,
                                                int                  n_history);
void           kd_roster_model_free            (KdRosterModel       *model);
gboolean       kd_roster_model_is_weekend      (const KdRosterModel *model,
                                                int                  day);
int            kd_roster_model_weekend_index   (const KdRosterModel *model,
                                                int                  day);
int            kd_roster_model_n_weekends      (const KdRosterModel *model);
void           kd_roster_model_add_shift_on    (KdRosterModel       *model,
                                                int                  person,
                                                int                  day,
                                                int                  shift,
                                                int                  weight);
void           kd_roster_model_add_shift_off   (KdRosterModel       *model,
                                                int                  person,
                                                int                  day,
                                                int                  shift,
                                                int                  weight);
void           kd_roster_model_forbid_by_rest  (KdRosterModel       *model,
                                                int                  min_rest_minutes);
int            kd_roster_model_find_shift      (const KdRosterModel *model,
                                                const char          *code);
int            kd_roster_model_find_person     (const KdRosterModel *model,
                                                const char          *code);
char          *kd_roster_model_format_day      (const KdRosterModel *model,
                                                int                  day);
int            kd_roster_model_minute_unit     (const KdRosterModel *model);

static inline int
kd_roster_model_cell_cost_index (const KdRosterModel *m, int p, int d, int v)
{
  return (p * m->n_days + d) * (m->n_shifts + 1) + v + 1;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KdRosterModel, kd_roster_model_free)

/* A roster: cells[p * n_days + d] is a shift index or KD_ROSTER_OFF. */
typedef struct {
  int    n_days;
  int    n_persons;
  gint8 *cells;
} KdRoster;

KdRoster *kd_roster_new        (const KdRosterModel *model);
KdRoster *kd_roster_copy       (const KdRoster      *roster);
void      kd_roster_free       (KdRoster            *roster);
void      kd_roster_apply_locks (KdRoster           *roster,
                                 const KdRosterModel *model);

static inline int
kd_roster_get (const KdRoster *r, int p, int d)
{
  return r->cells[p * r->n_days + d];
}

static inline void
kd_roster_set (KdRoster *r, int p, int d, int v)
{
  r->cells[p * r->n_days + d] = (gint8) v;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KdRoster, kd_roster_free)

G_END_DECLS
