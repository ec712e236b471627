/* kd-roster-repo.c: reading a month's roster inputs and writing solved rosters, each write one transaction.
 * Over 800 lines on purpose: the month's inputs (staff, shifts, rules,
 * requests, special days) are read in one job into one struct. */
#include "kd-roster-repo.h"
#include "kd-store-private.h"
#include "kd-clock.h"
#include "kd-staff-repo.h"
#include "kd-roster-solver.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

static void
format_day (const GDate *date,
            char         out[11])
{
  g_snprintf (out, 11, "%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date),
              g_date_get_day (date));
}

static gboolean
parse_day (const char *text,
           GDate      *out)
{
  int y, m, d;

  g_date_clear (out, 1);
  if (text == NULL || sscanf (text, "%4d-%2d-%2d", &y, &m, &d) != 3 || !g_date_valid_dmy (d, m, y))
    return FALSE;
  g_date_set_dmy (out, d, m, y);
  return TRUE;
}

/* A query over the days ?1 to ?2 (YYYY-MM-DD, inclusive). */
static sqlite3_stmt *
prepare_days (KdConn      *conn,
              const char  *sql,
              const char  *from,
              const char  *to,
              GError     **error)
{
  sqlite3_stmt *stmt = kd_conn_prepare (conn, sql, error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, from, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, to, -1, SQLITE_TRANSIENT);
  return stmt;
}

/* A row of (day, name, kind); NULL when the day is damaged (skipped). */
static KdSpecialDay *
special_day_from_row (sqlite3_stmt *stmt)
{
  KdSpecialKind kind = KD_SPECIAL_HOLIDAY;
  GDate day;

  if (!parse_day (kd_stmt_text (stmt, 0), &day))
    return NULL;
  kd_special_kind_from_key (kd_stmt_text (stmt, 2), &kind);
  return kd_special_day_new (&day, kd_stmt_text (stmt, 1), kind);
}

GPtrArray *
kd_roster_repo_list_templates (KdConn   *conn,
                               GError  **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) kd_shift_template_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = kd_conn_prepare (conn,
                           "SELECT id, code, name, colour, start_minute, length, required, is_night "
                           "FROM shift_templates WHERE active = 1 ORDER BY sort_order, id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KdShiftTemplate *t;

      /* Checked whole: sqlite3_column_int() would wrap 4294967298 to 2. */
      if (!kd_shift_template_check_required (kd_stmt_text (stmt, 2), sqlite3_column_int64 (stmt, 6), error))
        {
          sqlite3_reset (stmt);
          return NULL;
        }
      t = kd_shift_template_new (kd_stmt_text (stmt, 1), kd_stmt_text (stmt, 2),
                                 kd_stmt_text (stmt, 3), sqlite3_column_int (stmt, 4),
                                 sqlite3_column_int (stmt, 5), sqlite3_column_int (stmt, 6),
                                 sqlite3_column_int (stmt, 7));
      t->id = sqlite3_column_int64 (stmt, 0);
      g_ptr_array_add (list, t);
    }
  if (!kd_conn_rows_done (conn, stmt, rc, "shift_templates", error))
    return NULL;

  stmt = kd_conn_prepare (conn, "SELECT shift_id, weekday, required FROM shift_required_weekday", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      int weekday = sqlite3_column_int (stmt, 1);

      for (guint i = 0; i < list->len; i++)
        {
          KdShiftTemplate *t = g_ptr_array_index (list, i);
          if (t->id == id && weekday >= 1 && weekday <= 7)
            t->required_on[weekday - 1] = sqlite3_column_int (stmt, 2);
        }
    }
  if (!kd_conn_rows_done (conn, stmt, rc, "shift_required_weekday", error))
    return NULL;
  return g_steal_pointer (&list);
}

gboolean
kd_roster_repo_load_rules (KdConn         *conn,
                           KdRosterRules  *rules,
                           GError        **error)
{
  sqlite3_stmt *stmt;
  int rc;

  kd_roster_rules_init_defaults (rules);
  stmt = kd_conn_prepare (conn, "SELECT key, value FROM roster_rules", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      /* The whole 64-bit value: sqlite3_column_int() would wrap
       * 4294967298 to 2 and let it pass. */
      if (!kd_roster_rules_set (rules, kd_stmt_text (stmt, 0), sqlite3_column_int64 (stmt, 1), error))
        {
          sqlite3_reset (stmt);
          return FALSE;
        }
    }
  return kd_conn_rows_done (conn, stmt, rc, "roster_rules", error);
}

static gboolean
save_rules_txn (KdConn   *conn,
                gpointer  data,
                GError  **error)
{
  const KdRosterRules *r = data;
  const struct { const char *key; int value; } rows[] = {
    { "days_off", r->days_off },
    { "max_consecutive", r->max_consecutive },
    { "min_rest_hours", r->min_rest_hours },
    { "max_nights", r->max_nights },
    { "fair_nights", r->fair_nights },
    { "fair_weekends", r->fair_weekends },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      sqlite3_stmt *stmt = kd_conn_prepare (conn,
                                             "INSERT INTO roster_rules (key, value) VALUES (?1, ?2) "
                                             "ON CONFLICT (key) DO UPDATE SET value = excluded.value", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, rows[i].key, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 2, rows[i].value);
      if (!kd_conn_step_done (conn, stmt, error))
        return FALSE;
    }
  kd_conn_note_changed (conn, "roster_rules", 0);
  return TRUE;
}

gboolean
kd_roster_repo_save_rules (KdConn               *conn,
                           const KdRosterRules  *rules,
                           GError              **error)
{
  if (!kd_roster_rules_check (rules, error))
    return FALSE;
  return kd_conn_transaction (conn, save_rules_txn, (gpointer) rules, error);
}

/* The people on the roster: active staff; the owner does not take shifts. */
static gboolean
load_rostered_staff (KdConn     *conn,
                     GPtrArray  *out,
                     GError    **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = kd_conn_prepare (conn,
                           "SELECT id, job_number, name, role, phone FROM staff "
                           "WHERE active = 1 AND role <> 'owner' ORDER BY id", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KdRole role = KD_ROLE_PRESALE;
      KdStaff *staff;

      kd_role_from_key (kd_stmt_text (stmt, 3), &role);
      staff = kd_staff_new (kd_stmt_text (stmt, 1), kd_stmt_text (stmt, 2), role, kd_stmt_text (stmt, 4));
      kd_staff_set_id (staff, sqlite3_column_int64 (stmt, 0));
      g_ptr_array_add (out, staff);
    }
  return kd_conn_rows_done (conn, stmt, rc, "staff", error);
}

KdRosterMonth *
kd_roster_repo_load_month (KdConn   *conn,
                           int       year,
                           int       month,
                           GError  **error)
{
  g_autoptr(KdRosterMonth) m = NULL;
  g_autoptr(GPtrArray) templates = NULL;
  GDate from, to;
  char from_s[11], to_s[11];
  sqlite3_stmt *stmt;
  int rc;

  if (month < 1 || month > 12 || year < 1900 || year > 9999)
    {
      g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_INVALID, _("A month is written YYYY-MM."));
      return NULL;
    }
  m = kd_roster_month_new (year, month);
  templates = kd_roster_repo_list_templates (conn, error);
  if (templates == NULL)
    return NULL;
  g_ptr_array_extend_and_steal (m->templates, g_steal_pointer (&templates));
  if (!kd_roster_repo_load_rules (conn, &m->rules, error)
      || !load_rostered_staff (conn, m->staff, error))
    return NULL;

  /* Two weeks of the previous month carry "in a row" and rest across. */
  g_date_clear (&from, 1);
  g_date_set_dmy (&from, 1, month, year);
  to = from;
  g_date_subtract_days (&from, 14);
  g_date_add_days (&to, g_date_get_days_in_month (month, year) - 1);
  format_day (&from, from_s);
  format_day (&to, to_s);

  stmt = prepare_days (conn,
                       "SELECT staff_id, day, shift_id, locked FROM roster_assignments "
                       "WHERE day BETWEEN ?1 AND ?2", from_s, to_s, error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KdRosterAssignment a;

      a.staff_id = sqlite3_column_int64 (stmt, 0);
      if (!parse_day (kd_stmt_text (stmt, 1), &a.day))
        continue;
      a.shift_id = sqlite3_column_type (stmt, 2) == SQLITE_NULL ? 0 : sqlite3_column_int64 (stmt, 2);
      a.locked = sqlite3_column_int (stmt, 3);
      g_array_append_val (m->assignments, a);
    }
  if (!kd_conn_rows_done (conn, stmt, rc, "roster_assignments", error))
    return NULL;

  stmt = prepare_days (conn, "SELECT staff_id, day FROM leave_days WHERE day BETWEEN ?1 AND ?2",
                       from_s, to_s, error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KdLeaveDay l;

      l.staff_id = sqlite3_column_int64 (stmt, 0);
      if (!parse_day (kd_stmt_text (stmt, 1), &l.day))
        continue;
      g_array_append_val (m->leave, l);
    }
  if (!kd_conn_rows_done (conn, stmt, rc, "leave_days", error))
    return NULL;

  /* Special days of this month only. */
  g_date_add_days (&from, 14);
  format_day (&from, from_s);
  stmt = prepare_days (conn, "SELECT day, name, kind FROM roster_special_days WHERE day BETWEEN ?1 AND ?2 ORDER BY day",
                       from_s, to_s, error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KdSpecialDay *sd = special_day_from_row (stmt);

      if (sd != NULL)
        g_ptr_array_add (m->special_days, sd);
    }
  if (!kd_conn_rows_done (conn, stmt, rc, "roster_special_days", error))
    return NULL;

  stmt = prepare_days (conn, "SELECT day, shift_id, required FROM roster_special_required WHERE day BETWEEN ?1 AND ?2",
                       from_s, to_s, error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KdDayRequirement r;

      if (!parse_day (kd_stmt_text (stmt, 0), &r.day))
        continue;
      r.shift_id = sqlite3_column_int64 (stmt, 1);
      r.required = sqlite3_column_int (stmt, 2);
      g_array_append_val (m->day_required, r);
    }
  if (!kd_conn_rows_done (conn, stmt, rc, "roster_special_required", error))
    return NULL;
  return g_steal_pointer (&m);
}

typedef struct {
  const KdRosterMonth *month;
  const KdRosterModel *model;
  const KdRoster      *roster;
} SaveData;

static gboolean
upsert_cell (KdConn      *conn,
             gint64       staff_id,
             const char  *day,
             gint64       shift_id,
             gboolean     locked,
             gboolean     keep_locked,
             GError     **error)
{
  sqlite3_stmt *stmt;

  /* A solver run never overwrites a locked cell, even one locked since
   * the month was loaded. */
  if (keep_locked)
    stmt = kd_conn_prepare (conn,
                             "INSERT INTO roster_assignments (staff_id, day, shift_id, locked) VALUES (?1, ?2, ?3, 0) "
                             "ON CONFLICT (staff_id, day) DO UPDATE SET shift_id = excluded.shift_id "
                             "WHERE roster_assignments.locked = 0", error);
  else
    stmt = kd_conn_prepare (conn,
                             "INSERT INTO roster_assignments (staff_id, day, shift_id, locked) VALUES (?1, ?2, ?3, ?4) "
                             "ON CONFLICT (staff_id, day) DO UPDATE SET shift_id = excluded.shift_id, "
                             "locked = excluded.locked", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, staff_id);
  sqlite3_bind_text (stmt, 2, day, -1, SQLITE_TRANSIENT);
  if (shift_id != 0)
    sqlite3_bind_int64 (stmt, 3, shift_id);
  else
    sqlite3_bind_null (stmt, 3);
  if (!keep_locked)
    sqlite3_bind_int (stmt, 4, locked ? 1 : 0);
  return kd_conn_step_done (conn, stmt, error);
}

static gboolean
save_roster_txn (KdConn   *conn,
                 gpointer  data,
                 GError  **error)
{
  SaveData *s = data;

  for (int p = 0; p < s->model->n_persons; p++)
    for (int d = 0; d < s->model->n_days; d++)
      {
        GDate date = s->model->first_date;
        char day[11];
        int v = kd_roster_get (s->roster, p, d);

        if (s->model->locked[p * s->model->n_days + d] != KD_ROSTER_UNLOCKED)
          continue;
        g_date_add_days (&date, d);
        format_day (&date, day);
        if (!upsert_cell (conn, s->model->persons[p].staff_id, day,
                          kd_roster_shop_shift_id (s->month, v), FALSE, TRUE, error))
          return FALSE;
      }
  kd_conn_note_changed (conn, "roster_assignments", 0);
  return TRUE;
}

gboolean
kd_roster_repo_save_roster (KdConn               *conn,
                            const KdRosterMonth  *month,
                            const KdRosterModel  *model,
                            const KdRoster       *roster,
                            GError              **error)
{
  SaveData s = { month, model, roster };

  g_return_val_if_fail (g_date_valid (&model->first_date), FALSE);
  return kd_conn_transaction (conn, save_roster_txn, &s, error);
}

typedef struct {
  gint64      staff_id;
  const char *day;
  gint64      shift_id;
  gboolean    locked;
  const char *reason;
} CellData;

static gboolean
check_day (const char  *day,
           GError     **error)
{
  GDate date;

  if (!parse_day (day, &date))
    {
      g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_INVALID, _("“%s” is not a day written YYYY-MM-DD."), day);
      return FALSE;
    }
  return TRUE;
}

static gboolean
set_assignment_txn (KdConn   *conn,
                    gpointer  data,
                    GError  **error)
{
  CellData *c = data;

  kd_conn_note_changed (conn, "roster_assignments", c->staff_id);
  return upsert_cell (conn, c->staff_id, c->day, c->shift_id, c->locked, FALSE, error);
}

gboolean
kd_roster_repo_set_assignment (KdConn      *conn,
                               gint64       staff_id,
                               const char  *day,
                               gint64       shift_id,
                               gboolean     locked,
                               GError     **error)
{
  CellData c = { staff_id, day, shift_id, locked, NULL };

  if (!check_day (day, error))
    return FALSE;
  return kd_conn_transaction (conn, set_assignment_txn, &c, error);
}

static gboolean
add_leave_txn (KdConn   *conn,
               gpointer  data,
               GError  **error)
{
  CellData *c = data;
  sqlite3_stmt *stmt = kd_conn_prepare (conn,
                                         "INSERT INTO leave_days (staff_id, day, reason) VALUES (?1, ?2, ?3) "
                                         "ON CONFLICT (staff_id, day) DO UPDATE SET reason = excluded.reason", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, c->staff_id);
  sqlite3_bind_text (stmt, 2, c->day, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, c->reason ? c->reason : "", -1, SQLITE_TRANSIENT);
  return kd_conn_step_done (conn, stmt, error);
}

gboolean
kd_roster_repo_add_leave (KdConn      *conn,
                          gint64       staff_id,
                          const char  *day,
                          const char  *reason,
                          GError     **error)
{
  CellData c = { staff_id, day, 0, FALSE, reason };

  if (!check_day (day, error))
    return FALSE;
  return kd_conn_transaction (conn, add_leave_txn, &c, error);
}

/* Assignments stored for the month (work or day off). */
int
kd_roster_repo_count_month (KdConn   *conn,
                            int       year,
                            int       month,
                            GError  **error)
{
  g_autofree char *pattern = g_strdup_printf ("%04d-%02d-%%", year, month);
  sqlite3_stmt *stmt = kd_conn_prepare (conn, "SELECT count(*) FROM roster_assignments WHERE day LIKE ?1", error);
  int n = -1;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, pattern, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

/* The demo team's leave this month and next (relative to the clock), so
 * the roster has something to work around. */
gboolean
kd_roster_repo_add_demo (KdConn   *conn,
                         GError  **error)
{
  static const struct { const char *job_number; int month_offset; int day; const char *reason; } leave[] = {
    { "5", 0, 10, "年假" }, { "5", 0, 11, "年假" }, { "5", 0, 12, "年假" },
    { "8", 0, 20, "病假" }, { "8", 0, 21, "病假" },
    { "11", 1, 3, "事假" },
    { "6", 1, 15, "年假" }, { "6", 1, 16, "年假" },
  };
  g_autoptr(GDateTime) now = kd_clock_now_local (kd_clock_get_default ());

  for (guint i = 0; i < G_N_ELEMENTS (leave); i++)
    {
      g_autoptr(KdStaff) staff = kd_staff_repo_find_by_job_number (conn, leave[i].job_number, error);
      int y = g_date_time_get_year (now), m = g_date_time_get_month (now) + leave[i].month_offset;
      char day[11];

      if (staff == NULL)
        return FALSE;
      if (m > 12)
        {
          m -= 12;
          y++;
        }
      g_snprintf (day, sizeof day, "%04d-%02d-%02d", y, m, leave[i].day);
      if (!kd_roster_repo_add_leave (conn, kd_staff_get_id (staff), day, leave[i].reason, error))
        return FALSE;
    }

  /* A promotion next month that needs one more on the day shift, and the
   * rosters of this month and next, solved under the default rules. */
  {
    g_autoptr(GPtrArray) templates = kd_roster_repo_list_templates (conn, error);
    int y = g_date_time_get_year (now), m = g_date_time_get_month (now) % 12 + 1;
    g_autoptr(KdSpecialDay) promo = NULL;
    KdDayRequirement more = { { 0 }, 0, 3 };
    GDate day;

    if (templates == NULL)
      return FALSE;
    if (m == 1)
      y++;
    g_date_clear (&day, 1);
    g_date_set_dmy (&day, 11, m, y);
    promo = kd_special_day_new (&day, "店庆大促", KD_SPECIAL_PROMOTION);
    more.shift_id = ((KdShiftTemplate *) g_ptr_array_index (templates, 0))->id;
    if (!kd_roster_repo_set_special_day (conn, promo, &more, 1, error))
      return FALSE;
  }
  for (int k = 0; k < 2; k++)
    {
      int y = g_date_time_get_year (now), m = g_date_time_get_month (now) + k;

      if (m > 12)
        {
          m -= 12;
          y++;
        }
      if (!kd_roster_repo_solve_demo_month (conn, y, m, error))
        return FALSE;
    }
  return TRUE;
}

/* Fills @year-@month as `roster solve` would, on this thread and within a
 * step budget, so the demo is the same on every machine and quick. */
gboolean
kd_roster_repo_solve_demo_month (KdConn   *conn,
                                 int       year,
                                 int       month,
                                 GError  **error)
{
  g_autoptr(KdRosterMonth) mo = kd_roster_repo_load_month (conn, year, month, error);
  g_autoptr(KdRosterModel) model = NULL;

  if (mo == NULL)
    return FALSE;
  model = kd_roster_shop_build_model (mo, error);
  if (model == NULL)
    return FALSE;
  for (guint64 seed = 1; seed <= 4; seed++)
    {
      KdRosterSolverOptions opt;
      g_autoptr(KdRoster) roster = NULL;
      g_autoptr(KdRosterScore) score = NULL;

      kd_roster_solver_options_init (&opt);
      opt.seed = seed;
      opt.seconds = 30;
      opt.max_iterations = 20000 * seed;
      opt.n_threads = 1;
      opt.target_soft = 0;
      roster = kd_roster_solve (model, &opt, NULL, NULL, NULL);
      score = kd_roster_evaluate (model, roster);
      if (score->hard_count == 0)
        return kd_roster_repo_save_roster (conn, mo, model, roster, error);
    }
  g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_INVALID,
               _("The demo roster for %04d-%02d breaks a rule."), year, month);
  return FALSE;
}

typedef struct {
  const KdRosterCellWrite *cells;
  guint                    n_cells;
} CellsData;

static gboolean
set_cells_txn (KdConn   *conn,
               gpointer  data,
               GError  **error)
{
  CellsData *c = data;

  for (guint i = 0; i < c->n_cells; i++)
    {
      const KdRosterCellWrite *w = &c->cells[i];
      char day[11];

      if (!g_date_valid (&w->day))
        {
          g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_INVALID, _("A roster cell has no valid day."));
          return FALSE;
        }
      format_day (&w->day, day);
      if (w->clear)
        {
          sqlite3_stmt *stmt = kd_conn_prepare (conn,
                                                 "DELETE FROM roster_assignments WHERE staff_id = ?1 AND day = ?2", error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, w->staff_id);
          sqlite3_bind_text (stmt, 2, day, -1, SQLITE_TRANSIENT);
          if (!kd_conn_step_done (conn, stmt, error))
            return FALSE;
        }
      else if (!upsert_cell (conn, w->staff_id, day, w->shift_id, w->locked, FALSE, error))
        return FALSE;
      kd_conn_note_changed (conn, "roster_assignments", w->staff_id);
    }
  return TRUE;
}

/* Writes the cells in one transaction: all of them or none. */
gboolean
kd_roster_repo_set_cells (KdConn                   *conn,
                          const KdRosterCellWrite  *cells,
                          guint                     n_cells,
                          GError                  **error)
{
  CellsData c = { cells, n_cells };

  return kd_conn_transaction (conn, set_cells_txn, &c, error);
}

static gboolean
save_template_txn (KdConn   *conn,
                   gpointer  data,
                   GError  **error)
{
  KdShiftTemplate *t = data;
  sqlite3_stmt *stmt;

  if (t->id == 0)
    stmt = kd_conn_prepare (conn,
                             "INSERT INTO shift_templates (code, name, colour, start_minute, length, required, is_night, sort_order) "
                             "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, (SELECT coalesce(max(sort_order), 0) + 1 FROM shift_templates))",
                             error);
  else
    stmt = kd_conn_prepare (conn,
                             "UPDATE shift_templates SET code = ?1, name = ?2, colour = ?3, start_minute = ?4, "
                             "length = ?5, required = ?6, is_night = ?7 WHERE id = ?8", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, t->code, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, t->name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, t->colour, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 4, t->start_minute);
  sqlite3_bind_int (stmt, 5, t->length);
  sqlite3_bind_int (stmt, 6, t->required);
  sqlite3_bind_int (stmt, 7, t->is_night ? 1 : 0);
  if (t->id != 0)
    sqlite3_bind_int64 (stmt, 8, t->id);
  if (!kd_conn_step_done (conn, stmt, error))
    return FALSE;
  if (t->id == 0)
    t->id = sqlite3_last_insert_rowid (kd_conn_get_db (conn));

  stmt = kd_conn_prepare (conn, "DELETE FROM shift_required_weekday WHERE shift_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, t->id);
  if (!kd_conn_step_done (conn, stmt, error))
    return FALSE;
  for (int w = 0; w < 7; w++)
    {
      if (t->required_on[w] < 0)
        continue;
      stmt = kd_conn_prepare (conn, "INSERT INTO shift_required_weekday (shift_id, weekday, required) VALUES (?1, ?2, ?3)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, t->id);
      sqlite3_bind_int (stmt, 2, w + 1);
      sqlite3_bind_int (stmt, 3, t->required_on[w]);
      if (!kd_conn_step_done (conn, stmt, error))
        return FALSE;
    }
  kd_conn_note_changed (conn, "shift_templates", t->id);
  return TRUE;
}

/* Inserts (@tmpl->id 0; the new id is set) or updates a template and its
 * weekday numbers, after the core rules. */
gboolean
kd_roster_repo_save_template (KdConn           *conn,
                              KdShiftTemplate  *tmpl,
                              GError          **error)
{
  if (!kd_shift_template_validate (tmpl, error))
    return FALSE;
  return kd_conn_transaction (conn, save_template_txn, tmpl, error);
}

typedef struct {
  const KdSpecialDay     *special;
  const KdDayRequirement *required;
  guint                   n_required;
  const GDate            *remove;
} SpecialData;

static gboolean
special_day_txn (KdConn   *conn,
                 gpointer  data,
                 GError  **error)
{
  SpecialData *sd = data;
  sqlite3_stmt *stmt;
  char day[11];

  format_day (sd->special != NULL ? &sd->special->day : sd->remove, day);
  /* Its numbers go with it (ON DELETE CASCADE). */
  stmt = kd_conn_prepare (conn, "DELETE FROM roster_special_days WHERE day = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, day, -1, SQLITE_TRANSIENT);
  if (!kd_conn_step_done (conn, stmt, error))
    return FALSE;
  kd_conn_note_changed (conn, "roster_special_days", 0);
  if (sd->special == NULL)
    return TRUE;

  stmt = kd_conn_prepare (conn, "INSERT INTO roster_special_days (day, name, kind) VALUES (?1, ?2, ?3)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, day, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, sd->special->name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, kd_special_kind_to_key (sd->special->kind), -1, SQLITE_STATIC);
  if (!kd_conn_step_done (conn, stmt, error))
    return FALSE;
  for (guint i = 0; i < sd->n_required; i++)
    {
      if (!kd_shift_template_check_required (sd->special->name, sd->required[i].required, error))
        return FALSE;
      stmt = kd_conn_prepare (conn, "INSERT INTO roster_special_required (day, shift_id, required) VALUES (?1, ?2, ?3) "
                                     "ON CONFLICT (day, shift_id) DO UPDATE SET required = excluded.required", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, day, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, sd->required[i].shift_id);
      sqlite3_bind_int (stmt, 3, sd->required[i].required);
      if (!kd_conn_step_done (conn, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/* Marks @special's day (replacing what was marked there) with the shift
 * numbers in @required (their `day` fields are ignored). */
gboolean
kd_roster_repo_set_special_day (KdConn                  *conn,
                                const KdSpecialDay      *special,
                                const KdDayRequirement  *required,
                                guint                    n_required,
                                GError                 **error)
{
  SpecialData sd = { special, required, n_required, NULL };

  g_return_val_if_fail (g_date_valid (&special->day), FALSE);
  return kd_conn_transaction (conn, special_day_txn, &sd, error);
}

gboolean
kd_roster_repo_remove_special_day (KdConn       *conn,
                                   const GDate  *day,
                                   GError      **error)
{
  SpecialData sd = { NULL, NULL, 0, day };

  g_return_val_if_fail (g_date_valid (day), FALSE);
  return kd_conn_transaction (conn, special_day_txn, &sd, error);
}

/* Who works at @at: the shifts of its own day and of the day before that
 * run at that minute (a night shift after midnight is the previous day's
 * roster). Ordered by shift start, then staff id. */
GPtrArray *
kd_roster_repo_on_duty (KdConn     *conn,
                        GDateTime  *at,
                        GError    **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) kd_on_duty_free);
  g_autoptr(GDateTime) local = g_date_time_to_local (at);
  GDate today, yesterday;
  char today_s[11], yesterday_s[11];
  sqlite3_stmt *stmt;
  int minute, rc;

  kd_roster_duty_days (local, &today, &yesterday, &minute);
  format_day (&today, today_s);
  format_day (&yesterday, yesterday_s);
  stmt = kd_conn_prepare (conn,
                           "SELECT a.staff_id, s.job_number, s.name, t.code, t.name, a.day, t.start_minute, t.length "
                           "FROM roster_assignments a JOIN shift_templates t ON t.id = a.shift_id "
                           "JOIN staff s ON s.id = a.staff_id "
                           "WHERE a.day IN (?1, ?2) AND s.active = 1 "
                           "ORDER BY a.day, t.start_minute, a.staff_id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, yesterday_s, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, today_s, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GDate day;

      if (!parse_day (kd_stmt_text (stmt, 5), &day))
        continue;
      if (!kd_roster_duty_covers (&day, &today, sqlite3_column_int (stmt, 6), sqlite3_column_int (stmt, 7), minute))
        continue;
      g_ptr_array_add (out, kd_on_duty_new (sqlite3_column_int64 (stmt, 0), kd_stmt_text (stmt, 1),
                                            kd_stmt_text (stmt, 2), kd_stmt_text (stmt, 3), kd_stmt_text (stmt, 4),
                                            &day, sqlite3_column_int (stmt, 6), sqlite3_column_int (stmt, 7)));
    }
  if (!kd_conn_rows_done (conn, stmt, rc, "roster_assignments", error))
    return NULL;
  return g_steal_pointer (&out);
}

/* Every special day the shop has marked, by date, with their numbers. */
gboolean
kd_roster_repo_list_special_days (KdConn     *conn,
                                  GPtrArray **out_days,
                                  GArray    **out_required,
                                  GError    **error)
{
  g_autoptr(GPtrArray) days = g_ptr_array_new_with_free_func ((GDestroyNotify) kd_special_day_free);
  g_autoptr(GArray) required = g_array_new (FALSE, FALSE, sizeof (KdDayRequirement));
  sqlite3_stmt *stmt;
  int rc;

  stmt = kd_conn_prepare (conn, "SELECT day, name, kind FROM roster_special_days ORDER BY day", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KdSpecialDay *sd = special_day_from_row (stmt);

      if (sd != NULL)
        g_ptr_array_add (days, sd);
    }
  if (!kd_conn_rows_done (conn, stmt, rc, "roster_special_days", error))
    return FALSE;
  stmt = kd_conn_prepare (conn, "SELECT day, shift_id, required FROM roster_special_required ORDER BY day, shift_id", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KdDayRequirement r;

      if (!parse_day (kd_stmt_text (stmt, 0), &r.day))
        continue;
      r.shift_id = sqlite3_column_int64 (stmt, 1);
      r.required = sqlite3_column_int (stmt, 2);
      g_array_append_val (required, r);
    }
  if (!kd_conn_rows_done (conn, stmt, rc, "roster_special_required", error))
    return FALSE;
  *out_days = g_steal_pointer (&days);
  *out_required = g_steal_pointer (&required);
  return TRUE;
}

typedef struct {
  GPtrArray *days;
  int        added;
} HolidaysData;

static gboolean
add_holidays_txn (KdConn   *conn,
                  gpointer  data,
                  GError  **error)
{
  HolidaysData *h = data;

  h->added = 0;
  for (guint i = 0; i < h->days->len; i++)
    {
      const KdSpecialDay *sd = g_ptr_array_index (h->days, i);
      sqlite3_stmt *stmt;
      char day[11];

      format_day (&sd->day, day);
      /* A day the shop marked itself keeps its name and numbers. */
      stmt = kd_conn_prepare (conn, "INSERT INTO roster_special_days (day, name, kind) VALUES (?1, ?2, ?3) "
                                     "ON CONFLICT (day) DO NOTHING", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, day, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, sd->name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, kd_special_kind_to_key (sd->kind), -1, SQLITE_STATIC);
      if (!kd_conn_step_done (conn, stmt, error))
        return FALSE;
      h->added += sqlite3_changes (kd_conn_get_db (conn));
    }
  kd_conn_note_changed (conn, "roster_special_days", 0);
  return TRUE;
}

/* Marks every day of @days (KdSpecialDay*) not marked yet, in one
 * transaction; *@added says how many were new. */
gboolean
kd_roster_repo_add_holidays (KdConn     *conn,
                             GPtrArray  *days,
                             int        *added,
                             GError    **error)
{
  HolidaysData h = { days, 0 };

  if (!kd_conn_transaction (conn, add_holidays_txn, &h, error))
    return FALSE;
  if (added != NULL)
    *added = h.added;
  return TRUE;
}
