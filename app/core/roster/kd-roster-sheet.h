/* kd-roster-sheet.h: one month as the grid shows it — cells, locks, leave — and its live check through the shared evaluator. */
#pragma once

#include "kd-roster-eval.h"
#include "kd-roster-shop.h"

G_BEGIN_DECLS

/* A cell nobody has rostered yet ("Fill" fills these). The evaluator
 * sees it as a day off. */
#define KD_SHEET_EMPTY (-3)

typedef enum {
  KD_SHEET_LOCKED    = 1 << 0,
  KD_SHEET_LEAVE     = 1 << 1,
  KD_SHEET_VIOLATION = 1 << 2,  /* set by kd_roster_sheet_check() */
} KdSheetFlags;

/* In KdRosterSheet.fair_bad: a person at an end of an uneven spread. */
typedef enum {
  KD_SHEET_FAIR_NIGHTS   = 1 << 0,
  KD_SHEET_FAIR_WEEKENDS = 1 << 1,
} KdSheetFairFlags;

typedef struct {
  KdRosterMonth  *month;       /* templates (with ids), rules, staff, leave, special days */
  KdRosterModel  *model;       /* the month's rules, without locks: the grid enforces those */
  int             n_persons;
  int             n_days;
  int             n_shifts;
  gint8          *cells;       /* [p * n_days + d]: shift index, KD_ROSTER_OFF or KD_SHEET_EMPTY */
  guint8         *flags;       /* [p * n_days + d]: KdSheetFlags */

  /* What kd_roster_sheet_check() found. */
  KdRosterScore  *score;
  GPtrArray      *messages;    /* char*, one per score->violations entry, translated */
  int            *targets;     /* [2 * i]: person and day of the cell to show for violation i */
  int            *cover;       /* [d * n_shifts + s]: people working it */
  int            *required;    /* [d * n_shifts + s] */
  int            *days;        /* [p]: working days */
  int            *nights;      /* [p] */
  int            *minutes;     /* [p] */
  guint8         *total_bad;   /* [p]: a month total (days off, minutes) is broken */
  int            *weekend_shifts; /* [p] */
  /* Fairness (the solver's soft terms, when the shop weighs them): nights
   * or weekend shifts more than one apart between the people who may work
   * them. Not rule violations (they do not count in score->hard_count). */
  GPtrArray      *notes;       /* char*, translated */
  guint8         *fair_bad;    /* [p]: KdSheetFairFlags, the most and the fewest */
} KdRosterSheet;

/* Takes @month. NULL with an error when its rules or templates are out of range. */
KdRosterSheet *kd_roster_sheet_new        (KdRosterMonth       *month,
                                           GError             **error);
void           kd_roster_sheet_free       (KdRosterSheet       *sheet);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KdRosterSheet, kd_roster_sheet_free)

static inline int
kd_roster_sheet_get (const KdRosterSheet *s, int p, int d)
{
  return s->cells[p * s->n_days + d];
}

static inline gboolean
kd_roster_sheet_is_locked (const KdRosterSheet *s, int p, int d)
{
  return (s->flags[p * s->n_days + d] & KD_SHEET_LOCKED) != 0;
}

void           kd_roster_sheet_set        (KdRosterSheet       *sheet,
                                           int                  person,
                                           int                  day,
                                           int                  value);
void           kd_roster_sheet_set_locked (KdRosterSheet       *sheet,
                                           int                  person,
                                           int                  day,
                                           gboolean             locked);
/* Re-checks every rule; cheap enough to run after every edit. */
void           kd_roster_sheet_check      (KdRosterSheet       *sheet);
/* The messages of @after's violations that @before does not have (a
 * message @before has twice and @after three times counts once): what a
 * change from @before to @after breaks. Both checked, of the same month. */
GPtrArray     *kd_roster_sheet_new_violations (const KdRosterSheet *before,
                                               const KdRosterSheet *after);
void           kd_roster_sheet_get_date   (const KdRosterSheet *sheet,
                                           int                  day,
                                           GDate               *out);
gint64         kd_roster_sheet_staff_id   (const KdRosterSheet *sheet,
                                           int                  person);
int            kd_roster_sheet_find_person (const KdRosterSheet *sheet,
                                            gint64               staff_id);
/* The shift whose code is @letter (case-insensitive), or -1. */
int            kd_roster_sheet_find_code  (const KdRosterSheet *sheet,
                                           gunichar             letter);
/* The store's cell for (@person, @day) holding @value and @locked. */
void           kd_roster_sheet_cell_write (const KdRosterSheet *sheet,
                                           int                  person,
                                           int                  day,
                                           int                  value,
                                           gboolean             locked,
                                           KdRosterCellWrite   *out);

G_END_DECLS
