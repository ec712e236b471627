/* test-leave-handover.c: leave and swap approval writing the roster (and undone exactly), who may decide, the handover book, and the roster exports read back (CSV bytes, libical, the xlsx's XML). */
#include <glib/gstdio.h>
#include <libical/ical.h>
#include <sqlite3.h>
#include <string.h>

#include "kd-clock.h"
#include "kd-demo.h"
#include "kd-error.h"
#include "kd-handover-service.h"
#include "kd-leave-service.h"
#include "kd-roster-export.h"
#include "kd-roster-repo.h"
#include "kd-staff-repo.h"
#include "kd-store-private.h"
#include "kd-test-util.h"

typedef struct {
  char              *dir;
  char              *db;
  KdStore           *store;
  KdLeaveService    *leave;
  KdHandoverService *handovers;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 ("2026-11-25T09:00:00+08:00", NULL);
  g_autoptr(KdClock) clock = kd_clock_new_fixed (now);

  kd_clock_set_default (clock);
  f->dir = g_dir_make_tmp ("kd-test-leave-XXXXXX", NULL);
  f->db = g_build_filename (f->dir, "shop.db", NULL);
  g_assert_true (kd_demo_write (f->db, NULL));
  f->store = kd_store_open (f->db, NULL);
  g_assert_nonnull (f->store);
  {
    /* These tests write their own cells: start from a demo without rostered months. */
    KdConn *conn = _kd_store_lend_writer (f->store);
    g_assert_true (kd_conn_exec (conn, "DELETE FROM roster_assignments", NULL));
    _kd_store_return_writer (f->store);
  }
  f->leave = kd_leave_service_new (f->store);
  f->handovers = kd_handover_service_new (f->store);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->leave);
  g_clear_object (&f->handovers);
  kd_store_close (f->store);
  g_clear_object (&f->store);
  kd_test_rm_rf (f->dir);
  g_free (f->db);
  g_free (f->dir);
  kd_clock_set_default (NULL);
}

typedef struct {
  const char *job;
  KdStaff    *out;
} FindJob;

static gboolean
find_job (KdConn *conn, gpointer data, GError **error)
{
  FindJob *j = data;
  j->out = kd_staff_repo_find_by_job_number (conn, j->job, error);
  return j->out != NULL;
}

static KdStaff *
staff (Fixture *f, const char *job)
{
  FindJob j = { job, NULL };
  g_assert_true (kd_store_read (f->store, find_job, &j, NULL));
  return j.out;
}

typedef struct {
  gint64      staff_id;
  const char *day;
  gint64      shift_id;
  gboolean    locked;
} CellJob;

static gboolean
set_cell_job (KdConn *conn, gpointer data, GError **error)
{
  CellJob *c = data;
  return kd_roster_repo_set_assignment (conn, c->staff_id, c->day, c->shift_id, c->locked, error);
}

static void
set_cell (Fixture *f, KdStaff *s, const char *day, gint64 shift_id, gboolean locked)
{
  CellJob c = { kd_staff_get_id (s), day, shift_id, locked };
  g_assert_true (kd_store_write (f->store, set_cell_job, &c, NULL));
}

/* What the database holds for one cell: "D", "N", "R", "off", "-" (no
 * row), with "!" when locked and "+leave:KIND" when a leave day. */
typedef struct {
  gint64      staff_id;
  const char *day;
  char       *out;
} ReadJob;

static gboolean
read_cell_job (KdConn *conn, gpointer data, GError **error)
{
  ReadJob *r = data;
  sqlite3 *db = kd_conn_get_db (conn);
  sqlite3_stmt *stmt;
  GString *s = g_string_new (NULL);

  sqlite3_prepare_v2 (db, "SELECT t.code, a.locked, a.shift_id IS NULL FROM roster_assignments a "
                          "LEFT JOIN shift_templates t ON t.id = a.shift_id WHERE a.staff_id = ?1 AND a.day = ?2",
                      -1, &stmt, NULL);
  sqlite3_bind_int64 (stmt, 1, r->staff_id);
  sqlite3_bind_text (stmt, 2, r->day, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_string_append (s, sqlite3_column_int (stmt, 2) ? "off" : (const char *) sqlite3_column_text (stmt, 0));
      if (sqlite3_column_int (stmt, 1))
        g_string_append_c (s, '!');
    }
  else
    g_string_append_c (s, '-');
  sqlite3_finalize (stmt);
  sqlite3_prepare_v2 (db, "SELECT kind FROM leave_days WHERE staff_id = ?1 AND day = ?2", -1, &stmt, NULL);
  sqlite3_bind_int64 (stmt, 1, r->staff_id);
  sqlite3_bind_text (stmt, 2, r->day, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (s, "+leave:%s", sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  r->out = g_string_free (s, FALSE);
  return TRUE;
}

static char *
cell (Fixture *f, KdStaff *s, const char *day)
{
  ReadJob r = { kd_staff_get_id (s), day, NULL };
  g_assert_true (kd_store_read (f->store, read_cell_job, &r, NULL));
  return r.out;
}

#define ASSERT_CELL(f, s, day, want) G_STMT_START { \
    g_autofree char *got_ = cell (f, s, day);         \
    g_assert_cmpstr (got_, ==, want);                 \
  } G_STMT_END

static gint64
shift_id (Fixture *f, const char *code)
{
  g_autoptr(KdRosterMonth) m = NULL;
  KdConn *conn = _kd_store_lend_writer (f->store);
  gint64 id = 0;

  m = kd_roster_repo_load_month (conn, 2026, 12, NULL);
  _kd_store_return_writer (f->store);
  for (guint i = 0; i < m->templates->len; i++)
    if (g_str_equal (((KdShiftTemplate *) g_ptr_array_index (m->templates, i))->code, code))
      id = ((KdShiftTemplate *) g_ptr_array_index (m->templates, i))->id;
  g_assert_cmpint (id, >, 0);
  return id;
}

/* ---------------------------------------------------------------- leave */

static void
test_leave_approval (Fixture *f, gconstpointer data)
{
  g_autoptr(KdStaff) zhang = staff (f, "5");
  g_autoptr(KdStaff) supervisor = staff (f, "2");
  g_autoptr(KdLeaveRequest) r = kd_leave_request_new (kd_staff_get_id (zhang), "2026-12-03", "2026-12-05",
                                                      KD_LEAVE_SICK, "感冒");
  g_autoptr(KdLeaveRequest) stored = NULL;
  g_autoptr(GError) error = NULL;

  set_cell (f, zhang, "2026-12-03", shift_id (f, "D"), TRUE);
  set_cell (f, zhang, "2026-12-04", shift_id (f, "N"), FALSE);
  set_cell (f, zhang, "2026-12-06", shift_id (f, "R"), FALSE);
  {
    /* The demo rosters December: make the 5th a day nobody rostered yet. */
    KdConn *conn = _kd_store_lend_writer (f->store);
    g_autofree char *sql = g_strdup_printf ("DELETE FROM roster_assignments WHERE staff_id = %" G_GINT64_FORMAT
                                            " AND day = '2026-12-05'", kd_staff_get_id (zhang));
    g_assert_true (kd_conn_exec (conn, sql, NULL));
    _kd_store_return_writer (f->store);
  }

  g_assert_true (kd_leave_service_submit_leave (f->leave, r, zhang, &error));
  g_assert_no_error (error);
  g_assert_cmpint (r->id, >, 0);
  /* Asking changes nothing in the roster. */
  ASSERT_CELL (f, zhang, "2026-12-03", "D!");

  /* Their 白班 and 晚班 go short: approving says so and writes nothing … */
  {
    g_autoptr(GPtrArray) broken = kd_leave_service_check_approval (f->leave, KD_LEAVE_SERVICE_LEAVE, r->id, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (broken->len, ==, 2);
    g_assert_nonnull (strstr (g_ptr_array_index (broken, 0), "2026-12-03"));
    g_assert_nonnull (strstr (g_ptr_array_index (broken, 1), "2026-12-04"));
  }
  g_assert_false (kd_leave_service_decide (f->leave, KD_LEAVE_SERVICE_LEAVE, r->id, KD_REQUEST_APPROVED,
                                           supervisor, "早日康复", &error));
  g_assert_error (error, KD_LEAVE_SERVICE_ERROR, KD_LEAVE_SERVICE_ERROR_BREAKS_RULES);
  g_assert_nonnull (strstr (error->message, "2026-12-03"));
  g_clear_error (&error);
  ASSERT_CELL (f, zhang, "2026-12-03", "D!");
  stored = kd_leave_service_get_leave (f->leave, r->id, NULL);
  g_assert_cmpint (stored->status, ==, KD_REQUEST_PENDING);
  g_clear_object (&stored);

  /* … until the supervisor confirms, having seen the list (an agent still may not). */
  {
    g_autoptr(KdStaff) agent = staff (f, "3");

    g_assert_false (kd_leave_service_approve_confirmed (f->leave, KD_LEAVE_SERVICE_LEAVE, r->id, agent, NULL, &error));
    g_assert_error (error, KD_VALIDATION_ERROR, KD_REQUEST_FIELD_DECIDER);
    g_clear_error (&error);
  }
  g_assert_true (kd_leave_service_approve_confirmed (f->leave, KD_LEAVE_SERVICE_LEAVE, r->id,
                                                     supervisor, "早日康复", &error));
  g_assert_no_error (error);
  ASSERT_CELL (f, zhang, "2026-12-03", "off+leave:sick");   /* the lock went: they cannot work it */
  ASSERT_CELL (f, zhang, "2026-12-04", "off+leave:sick");
  ASSERT_CELL (f, zhang, "2026-12-05", "-+leave:sick");     /* no roster yet: leave only */
  ASSERT_CELL (f, zhang, "2026-12-06", "R");                /* the day after is untouched */

  stored = kd_leave_service_get_leave (f->leave, r->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stored->status, ==, KD_REQUEST_APPROVED);
  g_assert_cmpstr (stored->decided_by_name, ==, "陈静");
  g_assert_cmpstr (stored->decision_note, ==, "早日康复");
  g_assert_cmpint (stored->decided_at, ==, kd_clock_now_unix (NULL));

  /* Deciding again is refused; the roster stays. */
  g_assert_false (kd_leave_service_decide (f->leave, KD_LEAVE_SERVICE_LEAVE, r->id, KD_REQUEST_REJECTED,
                                           supervisor, NULL, &error));
  g_assert_error (error, KD_VALIDATION_ERROR, KD_REQUEST_FIELD_STATUS);
  g_clear_error (&error);

  /* Undo puts every cell back exactly, lock included. */
  g_assert_true (kd_leave_service_undo_decision (f->leave, KD_LEAVE_SERVICE_LEAVE, r->id, supervisor, &error));
  g_assert_no_error (error);
  ASSERT_CELL (f, zhang, "2026-12-03", "D!");
  ASSERT_CELL (f, zhang, "2026-12-04", "N");
  ASSERT_CELL (f, zhang, "2026-12-05", "-");
  g_clear_object (&stored);
  stored = kd_leave_service_get_leave (f->leave, r->id, NULL);
  g_assert_cmpint (stored->status, ==, KD_REQUEST_PENDING);
  g_assert_cmpint (stored->decided_at, ==, 0);

  /* Rejecting keeps the history and leaves the roster alone. */
  g_assert_true (kd_leave_service_decide (f->leave, KD_LEAVE_SERVICE_LEAVE, r->id, KD_REQUEST_REJECTED,
                                          supervisor, "人手不足", &error));
  ASSERT_CELL (f, zhang, "2026-12-03", "D!");
  g_clear_object (&stored);
  stored = kd_leave_service_get_leave (f->leave, r->id, NULL);
  g_assert_cmpint (stored->status, ==, KD_REQUEST_REJECTED);
  g_assert_cmpstr (stored->decision_note, ==, "人手不足");
}

/* Leave the demo had before requests existed is put back by an undo. */
static void
test_leave_over_existing_leave (Fixture *f, gconstpointer data)
{
  g_autoptr(KdStaff) liu = staff (f, "6");
  g_autoptr(KdStaff) owner = staff (f, "1");
  g_autoptr(KdLeaveRequest) r = kd_leave_request_new (kd_staff_get_id (liu), "2026-12-16", "2026-12-17",
                                                      KD_LEAVE_COMPENSATORY, "");

  {
    /* The demo rosters December (a day off on leave days): make these two unrostered. */
    KdConn *conn = _kd_store_lend_writer (f->store);
    g_autofree char *sql = g_strdup_printf ("DELETE FROM roster_assignments WHERE staff_id = %" G_GINT64_FORMAT
                                            " AND day IN ('2026-12-16', '2026-12-17')", kd_staff_get_id (liu));
    g_assert_true (kd_conn_exec (conn, sql, NULL));
    _kd_store_return_writer (f->store);
  }
  ASSERT_CELL (f, liu, "2026-12-16", "-+leave:");
  g_assert_true (kd_leave_service_submit_leave (f->leave, r, liu, NULL));
  g_assert_true (kd_leave_service_decide (f->leave, KD_LEAVE_SERVICE_LEAVE, r->id, KD_REQUEST_APPROVED, owner, NULL, NULL));
  ASSERT_CELL (f, liu, "2026-12-16", "-+leave:compensatory");
  ASSERT_CELL (f, liu, "2026-12-17", "-+leave:compensatory");
  g_assert_true (kd_leave_service_undo_decision (f->leave, KD_LEAVE_SERVICE_LEAVE, r->id, owner, NULL));
  ASSERT_CELL (f, liu, "2026-12-16", "-+leave:");
  ASSERT_CELL (f, liu, "2026-12-17", "-");
}

static void
test_who_decides (Fixture *f, gconstpointer data)
{
  g_autoptr(KdStaff) agent = staff (f, "3");
  g_autoptr(KdStaff) supervisor = staff (f, "2");
  g_autoptr(KdStaff) owner = staff (f, "1");
  g_autoptr(KdLeaveRequest) own = kd_leave_request_new (kd_staff_get_id (supervisor), "2026-12-08", NULL,
                                                        KD_LEAVE_ANNUAL, "");
  g_autoptr(KdLeaveRequest) other = kd_leave_request_new (kd_staff_get_id (agent), "2026-12-08", NULL,
                                                          KD_LEAVE_ANNUAL, "");
  g_autoptr(GError) error = NULL;

  g_assert_true (kd_leave_service_submit_leave (f->leave, own, supervisor, NULL));
  g_assert_true (kd_leave_service_submit_leave (f->leave, other, agent, NULL));

  g_assert_false (kd_leave_service_decide (f->leave, KD_LEAVE_SERVICE_LEAVE, other->id, KD_REQUEST_APPROVED,
                                           agent, NULL, &error));
  g_assert_error (error, KD_VALIDATION_ERROR, KD_REQUEST_FIELD_DECIDER);
  g_clear_error (&error);
  g_assert_false (kd_leave_service_decide (f->leave, KD_LEAVE_SERVICE_LEAVE, other->id, KD_REQUEST_APPROVED,
                                           NULL, NULL, &error));
  g_assert_error (error, KD_VALIDATION_ERROR, KD_REQUEST_FIELD_DECIDER);
  g_clear_error (&error);
  ASSERT_CELL (f, agent, "2026-12-08", "-");

  g_assert_false (kd_leave_service_decide (f->leave, KD_LEAVE_SERVICE_LEAVE, own->id, KD_REQUEST_APPROVED,
                                           supervisor, NULL, &error));
  g_assert_error (error, KD_VALIDATION_ERROR, KD_REQUEST_FIELD_DECIDER);
  g_clear_error (&error);
  g_assert_true (kd_leave_service_decide (f->leave, KD_LEAVE_SERVICE_LEAVE, own->id, KD_REQUEST_APPROVED,
                                          owner, NULL, &error));
  g_assert_no_error (error);
  ASSERT_CELL (f, supervisor, "2026-12-08", "-+leave:annual");

  /* Anyone may withdraw a pending request; nothing changes in the roster. */
  g_assert_true (kd_leave_service_decide (f->leave, KD_LEAVE_SERVICE_LEAVE, other->id, KD_REQUEST_WITHDRAWN,
                                          agent, NULL, &error));
  ASSERT_CELL (f, agent, "2026-12-08", "-");
}

static void
test_leave_validation (void)
{
  g_autoptr(KdLeaveRequest) backwards = kd_leave_request_new (3, "2026-12-09", "2026-12-08", KD_LEAVE_ANNUAL, "");
  g_autoptr(KdLeaveRequest) feb30 = kd_leave_request_new (3, "2027-02-30", NULL, KD_LEAVE_ANNUAL, "");
  g_autoptr(KdLeaveRequest) unpadded = kd_leave_request_new (3, "2026-12-9", NULL, KD_LEAVE_ANNUAL, "");
  g_autoptr(KdLeaveRequest) too_long = kd_leave_request_new (3, "2026-01-01", "2026-03-04", KD_LEAVE_ANNUAL, "");
  g_autoptr(KdLeaveRequest) longest = kd_leave_request_new (3, "2026-01-01", "2026-03-03", KD_LEAVE_ANNUAL, "");
  g_autoptr(KdLeaveRequest) leap = kd_leave_request_new (3, "2028-02-29", NULL, KD_LEAVE_ANNUAL, "");
  g_autoptr(KdLeaveRequest) nobody = kd_leave_request_new (0, "2026-12-09", NULL, KD_LEAVE_ANNUAL, "");
  g_autoptr(GError) error = NULL;

  g_assert_false (kd_leave_request_validate (backwards, &error));
  g_assert_error (error, KD_VALIDATION_ERROR, KD_REQUEST_FIELD_DAYS);
  g_clear_error (&error);
  g_assert_false (kd_leave_request_validate (feb30, &error));
  g_assert_error (error, KD_VALIDATION_ERROR, KD_REQUEST_FIELD_DAYS);
  g_clear_error (&error);
  g_assert_false (kd_leave_request_validate (unpadded, &error));
  g_clear_error (&error);
  g_assert_false (kd_leave_request_validate (too_long, &error));
  g_clear_error (&error);
  g_assert_cmpint (kd_leave_request_n_days (longest), ==, KD_LEAVE_MAX_DAYS);
  g_assert_true (kd_leave_request_validate (longest, NULL));
  g_assert_true (kd_leave_request_validate (leap, NULL));
  g_assert_false (kd_leave_request_validate (nobody, &error));
  g_assert_error (error, KD_VALIDATION_ERROR, KD_REQUEST_FIELD_STAFF);

  g_assert_cmpstr (kd_leave_day_code ("", "年假"), ==, "年");
  g_assert_cmpstr (kd_leave_day_code ("sick", "随便"), ==, "病");
  g_assert_cmpstr (kd_leave_day_code ("", "陪产"), ==, "假");
}

/* ---------------------------------------------------------------- swaps */

static void
test_swap_approval (Fixture *f, gconstpointer data)
{
  g_autoptr(KdStaff) lin = staff (f, "3");
  g_autoptr(KdStaff) huang = staff (f, "7");
  g_autoptr(KdStaff) supervisor = staff (f, "2");
  g_autoptr(KdSwapRequest) s = kd_swap_request_new (kd_staff_get_id (lin), kd_staff_get_id (huang),
                                                    "2026-12-10，2026-12-09 2026-12-10", "家里有事");
  g_autoptr(KdSwapRequest) same = NULL;
  g_autoptr(KdSwapRequest) on_leave = NULL;
  g_autoptr(KdSwapRequest) stored = NULL;
  g_autoptr(GError) error = NULL;

  set_cell (f, lin, "2026-12-09", shift_id (f, "D"), FALSE);
  set_cell (f, huang, "2026-12-09", shift_id (f, "N"), TRUE);
  set_cell (f, lin, "2026-12-10", 0, FALSE);               /* off */
  /* 黄思远 has no row on the 10th: off too, until the swap gives them lin's. */

  g_assert_true (kd_leave_service_submit_swap (f->leave, s, lin, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (s->days), ==, 2);      /* sorted, the repeat dropped */
  g_assert_cmpstr (s->days[0], ==, "2026-12-09");

  g_assert_true (kd_leave_service_decide (f->leave, KD_LEAVE_SERVICE_SWAP, s->id, KD_REQUEST_APPROVED,
                                          supervisor, NULL, &error));
  g_assert_no_error (error);
  ASSERT_CELL (f, lin, "2026-12-09", "N");
  ASSERT_CELL (f, huang, "2026-12-09", "D!");   /* each cell keeps its lock */
  ASSERT_CELL (f, lin, "2026-12-10", "off");
  ASSERT_CELL (f, huang, "2026-12-10", "off");
  stored = kd_leave_service_get_swap (f->leave, s->id, NULL);
  g_assert_cmpint (stored->status, ==, KD_REQUEST_APPROVED);
  g_assert_cmpstr (stored->a_name, ==, "林晓");
  g_assert_cmpstr (stored->b_name, ==, "黄思远");

  g_assert_true (kd_leave_service_undo_decision (f->leave, KD_LEAVE_SERVICE_SWAP, s->id, supervisor, &error));
  g_assert_no_error (error);
  ASSERT_CELL (f, lin, "2026-12-09", "D");
  ASSERT_CELL (f, huang, "2026-12-09", "N!");
  ASSERT_CELL (f, huang, "2026-12-10", "-");

  /* The same shifts on every day: nothing to swap, and nothing written. */
  set_cell (f, huang, "2026-12-11", shift_id (f, "R"), FALSE);
  set_cell (f, lin, "2026-12-11", shift_id (f, "R"), FALSE);
  same = kd_swap_request_new (kd_staff_get_id (lin), kd_staff_get_id (huang), "2026-12-11", "");
  g_assert_true (kd_leave_service_submit_swap (f->leave, same, lin, NULL));
  g_assert_false (kd_leave_service_decide (f->leave, KD_LEAVE_SERVICE_SWAP, same->id, KD_REQUEST_APPROVED,
                                           supervisor, NULL, &error));
  g_assert_error (error, KD_VALIDATION_ERROR, KD_REQUEST_FIELD_DAYS);
  g_clear_error (&error);
  g_clear_object (&stored);
  stored = kd_leave_service_get_swap (f->leave, same->id, NULL);
  g_assert_cmpint (stored->status, ==, KD_REQUEST_PENDING);

  /* 孙浩然 is on leave on 2026-12-03 (the demo): that day cannot be swapped. */
  {
    g_autoptr(KdStaff) sun = staff (f, "11");
    set_cell (f, lin, "2026-12-02", shift_id (f, "D"), FALSE);
    on_leave = kd_swap_request_new (kd_staff_get_id (lin), kd_staff_get_id (sun), "2026-12-02,2026-12-03", "");
    g_assert_true (kd_leave_service_submit_swap (f->leave, on_leave, lin, NULL));
    g_assert_false (kd_leave_service_decide (f->leave, KD_LEAVE_SERVICE_SWAP, on_leave->id, KD_REQUEST_APPROVED,
                                             supervisor, NULL, &error));
    g_assert_error (error, KD_VALIDATION_ERROR, KD_REQUEST_FIELD_DAYS);
    g_assert_nonnull (strstr (error->message, "孙浩然"));
    g_assert_nonnull (strstr (error->message, "2026-12-03"));
    /* The whole approval rolled back: the 2nd is as it was. */
    ASSERT_CELL (f, lin, "2026-12-02", "D");
    ASSERT_CELL (f, sun, "2026-12-02", "-");
  }
}

/* A swap is checked against the rules before it is approved, across the
 * month boundary too: 林晓 would work 晚班 on New Year's Eve and 白班 at
 * 08:00 on 1 January, 7 h of rest. */
static void
test_swap_breaks_rules (Fixture *f, gconstpointer data)
{
  g_autoptr(KdStaff) lin = staff (f, "3");
  g_autoptr(KdStaff) huang = staff (f, "7");
  g_autoptr(KdStaff) supervisor = staff (f, "2");
  g_autoptr(KdSwapRequest) s = kd_swap_request_new (kd_staff_get_id (lin), kd_staff_get_id (huang), "2026-12-31", "");
  g_autoptr(KdSwapRequest) fine = kd_swap_request_new (kd_staff_get_id (lin), kd_staff_get_id (huang), "2026-12-30", "");
  g_autoptr(KdSwapRequest) stored = NULL;
  g_autoptr(GPtrArray) broken = NULL;
  g_autoptr(GError) error = NULL;

  set_cell (f, lin, "2026-12-30", shift_id (f, "R"), FALSE);
  set_cell (f, huang, "2026-12-30", 0, FALSE);
  set_cell (f, lin, "2026-12-31", shift_id (f, "D"), FALSE);
  set_cell (f, huang, "2026-12-31", shift_id (f, "N"), FALSE);
  set_cell (f, lin, "2027-01-01", shift_id (f, "D"), FALSE);

  g_assert_true (kd_leave_service_submit_swap (f->leave, s, lin, NULL));
  g_assert_true (kd_leave_service_submit_swap (f->leave, fine, lin, NULL));
  broken = kd_leave_service_check_approval (f->leave, KD_LEAVE_SERVICE_SWAP, s->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (broken->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (broken, 0), "2027-01-01"));
  g_assert_nonnull (strstr (g_ptr_array_index (broken, 0), "林晓"));

  g_assert_false (kd_leave_service_decide (f->leave, KD_LEAVE_SERVICE_SWAP, s->id, KD_REQUEST_APPROVED,
                                           supervisor, NULL, &error));
  g_assert_error (error, KD_LEAVE_SERVICE_ERROR, KD_LEAVE_SERVICE_ERROR_BREAKS_RULES);
  g_assert_nonnull (strstr (error->message, "林晓"));
  g_clear_error (&error);
  ASSERT_CELL (f, lin, "2026-12-31", "D");
  ASSERT_CELL (f, huang, "2026-12-31", "N");
  stored = kd_leave_service_get_swap (f->leave, s->id, NULL);
  g_assert_cmpint (stored->status, ==, KD_REQUEST_PENDING);

  /* The other day breaks nothing: approved straight away. */
  g_clear_pointer (&broken, g_ptr_array_unref);
  broken = kd_leave_service_check_approval (f->leave, KD_LEAVE_SERVICE_SWAP, fine->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (broken->len, ==, 0);
  g_assert_true (kd_leave_service_decide (f->leave, KD_LEAVE_SERVICE_SWAP, fine->id, KD_REQUEST_APPROVED,
                                          supervisor, NULL, &error));
  g_assert_no_error (error);
  ASSERT_CELL (f, lin, "2026-12-30", "off");
  ASSERT_CELL (f, huang, "2026-12-30", "R");

  g_assert_true (kd_leave_service_approve_confirmed (f->leave, KD_LEAVE_SERVICE_SWAP, s->id, supervisor, NULL, &error));
  g_assert_no_error (error);
  ASSERT_CELL (f, lin, "2026-12-31", "N");
  ASSERT_CELL (f, huang, "2026-12-31", "D");
}

static void
test_swap_validation (void)
{
  g_autoptr(KdSwapRequest) self_swap = kd_swap_request_new (3, 3, "2026-12-01", "");
  g_autoptr(KdSwapRequest) no_days = kd_swap_request_new (3, 4, " , ", "");
  g_autoptr(KdSwapRequest) bad_day = kd_swap_request_new (3, 4, "2026-12-01 12-02", "");
  g_autoptr(GError) error = NULL;

  g_assert_false (kd_swap_request_validate (self_swap, &error));
  g_assert_error (error, KD_VALIDATION_ERROR, KD_REQUEST_FIELD_OTHER_STAFF);
  g_clear_error (&error);
  g_assert_false (kd_swap_request_validate (no_days, &error));
  g_assert_error (error, KD_VALIDATION_ERROR, KD_REQUEST_FIELD_DAYS);
  g_clear_error (&error);
  g_assert_false (kd_swap_request_validate (bad_day, &error));
  g_assert_error (error, KD_VALIDATION_ERROR, KD_REQUEST_FIELD_DAYS);
}

/* ---------------------------------------------------------------- handovers */

static gboolean
model_loaded (gpointer data)
{
  g_main_context_iteration (NULL, FALSE);
  return !kd_query_model_get_loading (data);
}

static guint
search_count (Fixture *f, const char *query)
{
  g_autoptr(KdQueryModel) model = kd_handover_service_create_model (f->handovers);
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  kd_query_model_set_search (model, query);
  while (!model_loaded (model) && g_get_monotonic_time () < deadline)
    g_usleep (1000);
  g_assert_false (kd_query_model_get_loading (model));
  return g_list_model_get_n_items (G_LIST_MODEL (model));
}

static void
test_handovers (Fixture *f, gconstpointer data)
{
  g_autoptr(KdStaff) lin = staff (f, "3");
  g_autoptr(KdStaff) huang = staff (f, "7");
  g_autoptr(KdStaff) liu = staff (f, "6");
  g_autoptr(KdHandover) h = kd_handover_new (0, "2026-11-25", "D", "  交班备注  ");
  g_autoptr(KdHandover) empty = kd_handover_new (0, "2026-11-25", "", "");
  g_autoptr(KdHandover) read = NULL;
  g_autoptr(GPtrArray) open = NULL;
  g_autoptr(GError) error = NULL;
  guint demo_open;

  /* The demo has one open handover, by 林晓. */
  open = kd_handover_service_list_open (f->handovers, huang, &error);
  g_assert_no_error (error);
  demo_open = open->len;
  g_assert_cmpuint (demo_open, ==, 1);
  g_clear_pointer (&open, g_ptr_array_unref);

  kd_handover_add_item (h, "顾客要求换成灰色，等仓库回复", " 3581126690999999999 ", "");
  kd_handover_add_item (h, "   ", "", "");                       /* dropped */
  kd_handover_add_item (h, "发票待开", "", "Ｍｏｍｏ_家居");
  g_assert_false (kd_handover_service_write (f->handovers, h, NULL, &error));
  g_assert_error (error, KD_VALIDATION_ERROR, KD_HANDOVER_FIELD_AUTHOR);
  g_clear_error (&error);
  g_assert_false (kd_handover_service_write (f->handovers, empty, lin, &error));
  g_assert_error (error, KD_VALIDATION_ERROR, KD_HANDOVER_FIELD_ITEMS);
  g_clear_error (&error);
  g_assert_true (kd_handover_service_write (f->handovers, h, lin, &error));
  g_assert_no_error (error);

  read = kd_handover_service_get (f->handovers, h->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (read->items->len, ==, 2);
  g_assert_cmpstr (((KdHandoverItem *) g_ptr_array_index (read->items, 0))->order_no, ==, "3581126690999999999");
  g_assert_cmpstr (read->note, ==, "交班备注");
  g_assert_cmpstr (read->author_name, ==, "林晓");
  g_assert_cmpint (read->written_at, ==, kd_clock_now_unix (NULL));

  /* The author does not see their own as something to acknowledge. */
  open = kd_handover_service_list_open (f->handovers, lin, NULL);
  for (guint i = 0; i < open->len; i++)
    g_assert_cmpint (((KdHandover *) g_ptr_array_index (open, i))->author_id, !=, kd_staff_get_id (lin));
  g_clear_pointer (&open, g_ptr_array_unref);
  open = kd_handover_service_list_open (f->handovers, huang, NULL);
  g_assert_cmpuint (open->len, ==, demo_open + 1);
  g_assert_cmpint (((KdHandover *) g_ptr_array_index (open, open->len - 1))->id, ==, h->id);   /* oldest first */
  g_assert_cmpuint (((KdHandover *) g_ptr_array_index (open, open->len - 1))->items->len, ==, 2);
  g_clear_pointer (&open, g_ptr_array_unref);

  g_assert_false (kd_handover_service_acknowledge (f->handovers, h->id, lin, &error));
  g_assert_error (error, KD_VALIDATION_ERROR, KD_HANDOVER_FIELD_AUTHOR);
  g_clear_error (&error);
  g_assert_true (kd_handover_service_acknowledge (f->handovers, h->id, huang, &error));
  g_assert_no_error (error);
  g_assert_false (kd_handover_service_acknowledge (f->handovers, h->id, liu, &error));
  g_assert_error (error, KD_VALIDATION_ERROR, KD_HANDOVER_FIELD_AUTHOR);
  g_assert_nonnull (strstr (error->message, "黄思远"));
  g_clear_error (&error);
  open = kd_handover_service_list_open (f->handovers, liu, NULL);
  g_assert_cmpuint (open->len, ==, demo_open);
  g_clear_pointer (&open, g_ptr_array_unref);

  g_assert_true (kd_handover_service_unacknowledge (f->handovers, h->id, &error));
  open = kd_handover_service_list_open (f->handovers, liu, NULL);
  g_assert_cmpuint (open->len, ==, demo_open + 1);

  /* History search: text, order number, customer (full-width folded), author. */
  g_assert_cmpuint (search_count (f, "灰色"), ==, 1);
  g_assert_cmpuint (search_count (f, "3581126690999999999"), ==, 1);
  g_assert_cmpuint (search_count (f, "momo"), ==, 1);     /* ours, written full-width */
  {
    /* The demo's open handover names a demo buyer (first item). */
    g_autoptr(GPtrArray) demo = kd_handover_service_list_open (f->handovers, huang, NULL);
    g_autoptr(KdHandover) first = kd_handover_service_get (f->handovers,
                                                           ((KdHandover *) g_ptr_array_index (demo, 0))->id, NULL);
    const char *buyer = ((KdHandoverItem *) g_ptr_array_index (first->items, 0))->customer;

    g_assert_cmpstr (buyer, !=, "");
    g_assert_cmpuint (search_count (f, buyer), >=, 1);
  }
  g_assert_cmpuint (search_count (f, "林晓"), ==, 3);
  g_assert_cmpuint (search_count (f, "没有这回事"), ==, 0);
  g_assert_cmpuint (search_count (f, NULL), ==, 5);
}

static void
set_now (const char *iso)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 (iso, NULL);
  g_autoptr(KdClock) clock = kd_clock_new_fixed (now);

  kd_clock_set_default (clock);
}

static KdHandover *
write_plain (Fixture *f, KdStaff *author, const char *shift_code)
{
  g_autoptr(KdHandover) h = kd_handover_new (0, "2026-12-04", shift_code, "");
  g_autoptr(GError) error = NULL;

  kd_handover_add_item (h, "待跟进", "", "");
  g_assert_true (kd_handover_service_write (f->handovers, h, author, &error));
  g_assert_no_error (error);
  return kd_handover_service_get (f->handovers, h->id, NULL);
}

/* The shift handed over comes from the roster: the night written at
 * 00:30 is the previous day's 晚班; a 白班 ending at 17:00 written at
 * 17:40 is still that 白班; someone not on the roster writes off-roster;
 * a code given is kept. */
static void
test_handover_shift_from_roster (Fixture *f, gconstpointer data)
{
  g_autoptr(KdStaff) lin = staff (f, "3");
  g_autoptr(KdStaff) huang = staff (f, "7");
  g_autoptr(KdStaff) liu = staff (f, "6");
  KdHandover *h;

  set_cell (f, lin, "2026-12-03", shift_id (f, "N"), FALSE);
  set_cell (f, huang, "2026-12-04", shift_id (f, "D"), FALSE);
  set_cell (f, liu, "2026-12-04", 0, FALSE);

  set_now ("2026-12-04T00:30:00+08:00");
  h = write_plain (f, lin, "");
  g_assert_cmpstr (h->shift_code, ==, "N");
  g_assert_cmpstr (h->day, ==, "2026-12-03");
  g_object_unref (h);

  set_now ("2026-12-04T17:40:00+08:00");
  h = write_plain (f, huang, "");
  g_assert_cmpstr (h->shift_code, ==, "D");
  g_assert_cmpstr (h->day, ==, "2026-12-04");
  g_object_unref (h);

  /* Over an hour after the end: no longer that shift. */
  set_now ("2026-12-04T18:05:00+08:00");
  h = write_plain (f, huang, "");
  g_assert_cmpstr (h->shift_code, ==, "");
  g_object_unref (h);

  h = write_plain (f, liu, "");
  g_assert_cmpstr (h->shift_code, ==, "");
  g_assert_cmpstr (h->day, ==, "2026-12-04");
  g_object_unref (h);

  set_now ("2026-12-04T12:00:00+08:00");
  h = write_plain (f, huang, "R");
  g_assert_cmpstr (h->shift_code, ==, "R");
  g_object_unref (h);
}

/* ---------------------------------------------------------------- exports */

static void
fill_february (Fixture *f)
{
  g_autoptr(KdStaff) lin = staff (f, "3");
  g_autoptr(KdStaff) zhang = staff (f, "5");
  g_autoptr(KdStaff) supervisor = staff (f, "2");
  g_autoptr(KdLeaveRequest) r = kd_leave_request_new (kd_staff_get_id (zhang), "2027-02-27", "2027-02-28",
                                                      KD_LEAVE_ANNUAL, "");

  set_cell (f, lin, "2027-02-01", shift_id (f, "D"), FALSE);
  set_cell (f, lin, "2027-02-28", shift_id (f, "N"), FALSE);   /* ends 2027-03-01 01:00 */
  set_cell (f, lin, "2027-02-02", 0, FALSE);
  set_cell (f, zhang, "2027-02-27", shift_id (f, "R"), FALSE);
  set_cell (f, zhang, "2027-01-31", shift_id (f, "R"), FALSE); /* another month: not exported */
  g_assert_true (kd_leave_service_submit_leave (f->leave, r, zhang, NULL));
  /* Zhang's 常班 on the 27th goes short: approved knowingly. */
  g_assert_true (kd_leave_service_approve_confirmed (f->leave, KD_LEAVE_SERVICE_LEAVE, r->id, supervisor, NULL, NULL));
}

static void
test_export_csv (Fixture *f, gconstpointer data)
{
  g_autoptr(KdRosterExportData) all = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GString) want = g_string_new ("\xEF\xBB\xBF工号,姓名");
  g_autofree char *got = NULL;
  static const char *rows[] = { "2,陈静", "3,林晓", "5,张雨婷", "6,刘佳怡", "7,黄思远", "8,赵敏", "9,周文博",
                                "10,吴倩", "11,孙浩然", "12,郑可欣", "13,马俊" };
  g_autoptr(GError) error = NULL;

  fill_february (f);
  all = kd_roster_export_load (f->store, 2027, 2, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (all->n_days, ==, 28);
  g_assert_true (kd_roster_export_write_csv (all, out, &error));
  g_assert_true (g_output_stream_close (out, NULL, NULL));
  got = g_strndup (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out)),
                   g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)));

  for (int d = 1; d <= 28; d++)
    g_string_append_printf (want, ",2027-02-%02d", d);
  g_string_append (want, "\r\n");
  /* Natural job-number order: 2, 3, 5 … 10, 11 (not "10" before "2"). */
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_string_append (want, rows[i]);
      for (int d = 1; d <= 28; d++)
        {
          const char *v = "";
          if (i == 1 && d == 1) v = "D";
          if (i == 1 && d == 28) v = "N";
          if (i == 2 && d >= 27) v = "年";     /* leave wins over the R stored on the 27th */
          g_string_append_printf (want, ",%s", v);
        }
      g_string_append (want, "\r\n");
    }
  g_assert_cmpstr (got, ==, want->str);
}

static void
test_export_ics (Fixture *f, gconstpointer data)
{
  g_autoptr(KdRosterExportData) lin = NULL;
  g_autoptr(KdRosterExportData) all = NULL;
  g_autofree char *ics = NULL;
  g_autofree char *ics_all = NULL;
  icalcomponent *cal, *tz, *ev;
  int n_events = 0;
  gboolean saw_night = FALSE, saw_day = FALSE;
  g_autoptr(GError) error = NULL;

  fill_february (f);
  lin = kd_roster_export_load (f->store, 2027, 2, "3", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lin->staff->len, ==, 1);
  ics = kd_roster_export_dup_ics (lin, kd_clock_now_unix (NULL), &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (ics, "BEGIN:VCALENDAR\r\n"));

  cal = icalparser_parse_string (ics);
  g_assert_nonnull (cal);
  g_assert_cmpint (icalcomponent_isa (cal), ==, ICAL_VCALENDAR_COMPONENT);
  g_assert_cmpint (icalcomponent_count_errors (cal), ==, 0);
  g_assert_cmpstr (icalproperty_get_version (icalcomponent_get_first_property (cal, ICAL_VERSION_PROPERTY)), ==, "2.0");
  tz = icalcomponent_get_first_component (cal, ICAL_VTIMEZONE_COMPONENT);
  g_assert_nonnull (tz);
  {
    icaltimezone *zone = icaltimezone_new ();
    g_assert_true (icaltimezone_set_component (zone, icalcomponent_new_clone (tz)));
    g_assert_cmpstr (icaltimezone_get_location (zone), ==, "Asia/Shanghai");   /* TZ of the test env */
    icaltimezone_free (zone, 1);
  }
  for (ev = icalcomponent_get_first_component (cal, ICAL_VEVENT_COMPONENT); ev != NULL;
       ev = icalcomponent_get_next_component (cal, ICAL_VEVENT_COMPONENT))
    {
      struct icaltimetype start = icalcomponent_get_dtstart (ev);
      struct icaltimetype end = icalcomponent_get_dtend (ev);
      icalproperty *p = icalcomponent_get_first_property (ev, ICAL_DTSTART_PROPERTY);
      icalparameter *tzid = icalproperty_get_first_parameter (p, ICAL_TZID_PARAMETER);

      n_events++;
      g_assert_nonnull (icalcomponent_get_uid (ev));
      g_assert_nonnull (tzid);
      g_assert_nonnull (strstr (icalparameter_get_tzid (tzid), "Asia/Shanghai"));
      g_assert_false (start.is_date);
      if (start.day == 28)
        {
          /* The night shift ends on the next calendar day: March 1st, 01:00. */
          g_assert_cmpstr (icalcomponent_get_summary (ev), ==, "晚班 (N)");
          g_assert_cmpint (start.hour, ==, 17);
          g_assert_cmpint (end.month, ==, 3);
          g_assert_cmpint (end.day, ==, 1);
          g_assert_cmpint (end.hour, ==, 1);
          saw_night = TRUE;
        }
      else
        {
          g_assert_cmpint (start.day, ==, 1);
          g_assert_cmpint (start.hour, ==, 8);
          g_assert_cmpint (end.day, ==, 1);
          g_assert_cmpint (end.hour, ==, 17);
          saw_day = TRUE;
        }
    }
  g_assert_cmpint (n_events, ==, 2);
  g_assert_true (saw_night && saw_day);
  icalcomponent_free (cal);

  /* All of them: the leave as all-day events, each person named. */
  all = kd_roster_export_load (f->store, 2027, 2, NULL, NULL);
  ics_all = kd_roster_export_dup_ics (all, kd_clock_now_unix (NULL), NULL);
  cal = icalparser_parse_string (ics_all);
  n_events = 0;
  for (ev = icalcomponent_get_first_component (cal, ICAL_VEVENT_COMPONENT); ev != NULL;
       ev = icalcomponent_get_next_component (cal, ICAL_VEVENT_COMPONENT))
    {
      struct icaltimetype start = icalcomponent_get_dtstart (ev);

      n_events++;
      if (g_str_has_prefix (icalcomponent_get_summary (ev), "张雨婷"))
        {
          g_assert_true (start.is_date);
          g_assert_nonnull (strstr (icalcomponent_get_summary (ev), "年假"));
        }
    }
  g_assert_cmpint (n_events, ==, 4);
  icalcomponent_free (cal);
}

static char *
unzip_member (const char *zip, const char *member)
{
  g_autofree char *out = NULL;
  int status = 0;
  const char *argv[] = { "unzip", "-p", zip, member, NULL };

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &out, NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_steal_pointer (&out);
}

static void
test_export_xlsx (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "roster.xlsx", NULL);
  g_autofree char *sheet = NULL;
  g_autofree char *strings = NULL;
  g_autofree char *styles = NULL;
  g_autofree char *workbook = NULL;
  KdRosterExportCounts counts;
  g_autoptr(GError) error = NULL;
  g_autofree char *unzip = g_find_program_in_path ("unzip");

  if (unzip == NULL)
    {
      g_test_skip ("unzip is not installed");
      return;
    }
  fill_february (f);
  g_assert_true (kd_roster_export (f->store, 2027, 2, KD_ROSTER_EXPORT_XLSX, NULL, path, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpint (counts.staff, ==, 11);
  g_assert_cmpint (counts.shifts, ==, 2);
  g_assert_cmpint (counts.leave, ==, 2);
  /* Never over an existing file. */
  g_assert_false (kd_roster_export (f->store, 2027, 2, KD_ROSTER_EXPORT_XLSX, NULL, path, NULL, &error));
  g_assert_error (error, KD_STORE_ERROR, KD_STORE_ERROR_EXISTS);

  workbook = unzip_member (path, "xl/workbook.xml");
  g_assert_nonnull (strstr (workbook, "name=\"2027-02\""));
  strings = unzip_member (path, "xl/sharedStrings.xml");
  g_assert_nonnull (strstr (strings, "<t>工号</t>"));
  g_assert_nonnull (strstr (strings, "<t>2027-02-28</t>"));
  g_assert_nonnull (strstr (strings, "<t>林晓</t>"));
  g_assert_nonnull (strstr (strings, "<t>年</t>"));
  sheet = unzip_member (path, "xl/worksheets/sheet1.xml");
  /* 12 rows (header + 11 people), 30 columns to AD, panes frozen after 姓名. */
  g_assert_nonnull (strstr (sheet, "<row r=\"12\""));
  g_assert_null (strstr (sheet, "<row r=\"13\""));
  g_assert_nonnull (strstr (sheet, "r=\"AD1\""));
  g_assert_null (strstr (sheet, "r=\"AE1\""));
  g_assert_nonnull (strstr (sheet, "topLeftCell=\"C2\""));
  styles = unzip_member (path, "xl/styles.xml");
  g_assert_nonnull (strstr (styles, "FFF6D32D"));   /* 白班's yellow */
  g_assert_nonnull (strstr (styles, "FF613583"));   /* 晚班's purple */
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/leave/approval-updates-roster", test_leave_approval);
  ADD ("/leave/over-existing-leave", test_leave_over_existing_leave);
  ADD ("/leave/who-decides", test_who_decides);
  g_test_add_func ("/leave/validation", test_leave_validation);
  ADD ("/swap/approval-updates-roster", test_swap_approval);
  ADD ("/swap/approval-checks-rules", test_swap_breaks_rules);
  g_test_add_func ("/swap/validation", test_swap_validation);
  ADD ("/handover/write-ack-search", test_handovers);
  ADD ("/handover/shift-from-roster", test_handover_shift_from_roster);
  ADD ("/export/csv-exact", test_export_csv);
  ADD ("/export/ics-parsed-back", test_export_ics);
  ADD ("/export/xlsx-opened-back", test_export_xlsx);
  return g_test_run ();
}
