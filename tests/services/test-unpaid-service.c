/* test-unpaid-service.c: unpaid-order alerts over the real store: once per order (and not again after a restart), a buyer's orders together, snooze, follow-up by the routed agent, payment clears, routing with and without a roster and between shifts, the list with orders due soon, the report. */
#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gio.h>
#include <gio/gsettingsbackend.h>
#include <glib/gstdio.h>
#include <string.h>

#include "kd-clock.h"
#include "kd-order-service.h"
#include "kd-roster-service.h"
#include "kd-staff-service.h"
#include "kd-store-private.h"
#include "kd-test-util.h"
#include "kd-unpaid-service.h"

typedef struct {
  char            *dir;
  char            *path;
  KdStore         *store;
  KdStaffService  *staff;
  GSettings       *settings;
  KdDeskSession   *session;
  KdOrderService  *orders;
  KdRosterService *roster;
  KdUnpaidService *svc;
  KdClock         *clock;
  gint64           staff_ids[3];   /* 3 林晓, 5 周敏, 6 王芳 */
} Fixture;

/* Monday 30 November 2026, 10:00 in Shanghai (the test's local zone). */
#define T0_TEXT "2026-11-30T10:00:00+08:00"

static gint64
at (const char *iso)
{
  g_autoptr(GDateTime) dt = kd_parse_iso8601 (iso, NULL);
  g_assert_nonnull (dt);
  return g_date_time_to_unix (dt);
}

static void
open_services (Fixture *f)
{
  f->store = kd_store_open_full (f->path, KD_STORE_OPEN_CREATE, NULL);
  g_assert_nonnull (f->store);
  f->staff = kd_staff_service_new (f->store);
  f->session = kd_desk_session_new (f->store, f->staff, f->settings);
  f->orders = kd_order_service_new (f->store, f->session);
  f->roster = kd_roster_service_new (f->store);
  f->svc = kd_unpaid_service_new (f->store, f->session, f->clock);
}

static void
close_services (Fixture *f)
{
  g_clear_object (&f->svc);
  g_clear_object (&f->roster);
  g_clear_object (&f->orders);
  g_clear_object (&f->session);
  g_clear_object (&f->staff);
  kd_store_close (f->store);
  {
    gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
    while (G_OBJECT (f->store)->ref_count > 1 && g_get_monotonic_time () < end)
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
  }
  g_assert_finalize_object (f->store);
  f->store = NULL;
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();
  static const struct { const char *job, *name; } people[] = { { "3", "林晓" }, { "5", "周敏" }, { "6", "王芳" } };
  g_autoptr(GDateTime) t0 = kd_parse_iso8601 (T0_TEXT, NULL);

  f->clock = kd_clock_new_fixed (t0);
  kd_clock_set_default (f->clock);
  f->dir = g_dir_make_tmp ("kd-test-unpaid-XXXXXX", NULL);
  f->path = g_build_filename (f->dir, "shop.db", NULL);
  f->settings = g_settings_new_with_backend ("io.github.kefudesk.KefuDesk", backend);
  open_services (f);
  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    {
      g_autoptr(KdStaff) s = kd_staff_new (people[i].job, people[i].name, KD_ROLE_PRESALE, "");
      g_assert_true (kd_staff_service_save (f->staff, s, NULL));
      f->staff_ids[i] = kd_staff_get_id (s);
      g_assert_cmpint (f->staff_ids[i], >, 0);
    }
  g_assert_true (kd_desk_session_sign_in (f->session, "3", NULL));
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  close_services (f);
  g_clear_object (&f->settings);
  kd_clock_set_default (NULL);
  g_clear_object (&f->clock);
  kd_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

/* An order awaiting payment, placed at @created. */
static gint64
add_order (Fixture *f, const char *no, const char *buyer, gint64 created, gint64 total)
{
  g_autoptr(KdOrder) o = kd_order_new (no, buyer);
  g_autoptr(GError) error = NULL;

  o->created_at = created;
  o->total = total;
  o->status = KD_ORDER_AWAITING_PAYMENT;
  g_assert_true (kd_order_service_save (f->orders, o, &error));
  g_assert_no_error (error);
  return o->id;
}

static void
set_status (Fixture *f, gint64 id, KdOrderStatus status)
{
  g_autoptr(KdOrder) o = kd_order_service_load (f->orders, id, NULL);
  g_assert_nonnull (o);
  o->status = status;
  if (status == KD_ORDER_PAID)
    o->paid_at = o->paid = kd_clock_now_unix (f->clock);
  g_assert_true (kd_order_service_save (f->orders, o, NULL));
}

/* Rosters @staff on @day ("2026-11-30") for the shift with @code. */
static void
roster (Fixture *f, guint who, int year, int month, int day, const char *code)
{
  g_autoptr(GPtrArray) templates = kd_roster_service_list_templates (f->roster, NULL);
  KdRosterCellWrite w = { 0 };

  g_assert_nonnull (templates);
  for (guint i = 0; i < templates->len; i++)
    {
      KdShiftTemplate *t = g_ptr_array_index (templates, i);
      if (g_str_equal (t->code, code))
        w.shift_id = t->id;
    }
  g_assert_cmpint (w.shift_id, >, 0);
  w.staff_id = f->staff_ids[who];
  g_date_clear (&w.day, 1);
  g_date_set_dmy (&w.day, day, month, year);
  g_assert_true (kd_roster_service_set_cells (f->roster, &w, 1, NULL));
}

static gboolean
exec_job (KdConn *conn, gpointer data, GError **error)
{
  return kd_conn_exec (conn, data, error);
}

static void
test_once_and_restart (Fixture *f, gconstpointer data)
{
  gint64 now = at (T0_TEXT);
  g_autoptr(GPtrArray) raised = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GPtrArray) later = NULL;
  g_autoptr(GError) error = NULL;
  KdUnpaidOrder *o;
  guint waiting = 99;

  add_order (f, "1001", "tb_小鹿", now - 12 * 3600, 12800);       /* exactly 12 h */
  add_order (f, "1002", "tb_阿木", now - 12 * 3600 + 1, 4900);    /* 11:59:59 */
  add_order (f, "1003", "tb_阿木", now - 2 * 3600, 4900);         /* due in 10 h */

  raised = kd_unpaid_service_check (f->svc, now, &waiting, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (raised->len, ==, 1);
  g_assert_cmpuint (waiting, ==, 0);
  o = g_ptr_array_index (raised, 0);
  g_assert_cmpstr (o->order_no, ==, "1001");
  g_assert_cmpstr (o->buyer, ==, "tb_小鹿");
  /* No roster: the signed-in agent. */
  g_assert_cmpstr (o->job_number, ==, "3");
  g_assert_cmpstr (o->agent_name, ==, "林晓");
  g_assert_cmpint (o->reason, ==, KD_ROUTE_SIGNED_IN);
  g_assert_cmpint (o->first_alerted, ==, now);

  again = kd_unpaid_service_check (f->svc, now, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->len, ==, 0);

  /* A restart remembers what was raised: only 1002, now due, comes. */
  close_services (f);
  open_services (f);
  kd_desk_session_restore (f->session);
  later = kd_unpaid_service_check (f->svc, now + 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (later->len, ==, 1);
  g_assert_cmpstr (((KdUnpaidOrder *) g_ptr_array_index (later, 0))->order_no, ==, "1002");
  g_clear_pointer (&later, g_ptr_array_unref);
  later = kd_unpaid_service_check (f->svc, now + 120, NULL, &error);
  g_assert_cmpuint (later->len, ==, 0);
}

static void
test_buyer_grouped (Fixture *f, gconstpointer data)
{
  gint64 now = at (T0_TEXT);
  g_autoptr(GPtrArray) raised = NULL;
  gint64 buyer = 0;

  add_order (f, "2001", "tb_小鹿", now - 20 * 3600, 100);
  add_order (f, "2002", "tb_阿木", now - 19 * 3600, 200);
  add_order (f, "2003", "tb_小鹿", now - 18 * 3600, 300);
  add_order (f, "2004", "tb_小鹿", now - 13 * 3600, 400);

  raised = kd_unpaid_service_check (f->svc, now, NULL, NULL);
  g_assert_cmpuint (raised->len, ==, 4);
  /* The buyer's three come together, oldest first, then the other buyer. */
  for (guint i = 0; i < 3; i++)
    {
      KdUnpaidOrder *o = g_ptr_array_index (raised, i);
      g_assert_cmpstr (o->buyer, ==, "tb_小鹿");
      if (i == 0)
        buyer = o->customer_id;
      g_assert_cmpint (o->customer_id, ==, buyer);
    }
  g_assert_cmpstr (((KdUnpaidOrder *) g_ptr_array_index (raised, 0))->order_no, ==, "2001");
  g_assert_cmpstr (((KdUnpaidOrder *) g_ptr_array_index (raised, 2))->order_no, ==, "2004");
  g_assert_cmpstr (((KdUnpaidOrder *) g_ptr_array_index (raised, 3))->buyer, ==, "tb_阿木");
}

static void
test_snooze_follow_up (Fixture *f, gconstpointer data)
{
  gint64 now = at (T0_TEXT);
  gint64 a = add_order (f, "3001", "tb_小鹿", now - 13 * 3600, 100);
  gint64 b = add_order (f, "3002", "tb_阿木", now - 13 * 3600, 200);
  g_autoptr(GPtrArray) raised = kd_unpaid_service_check (f->svc, now, NULL, NULL);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(KdUnpaidOrder) loaded = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (raised->len, ==, 2);
  g_clear_pointer (&raised, g_ptr_array_unref);

  /* Snooze 1 hour: silent until it ends, then raised once more. */
  g_assert_true (kd_unpaid_service_snooze (f->svc, a, &error));
  g_assert_no_error (error);
  loaded = kd_unpaid_service_load (f->svc, a, NULL);
  g_assert_cmpint (kd_unpaid_order_get_state (loaded, now + 60, 12), ==, KD_UNPAID_SNOOZED);
  raised = kd_unpaid_service_check (f->svc, now + 3599, NULL, NULL);
  g_assert_cmpuint (raised->len, ==, 0);
  g_clear_pointer (&raised, g_ptr_array_unref);
  raised = kd_unpaid_service_check (f->svc, now + 3600, NULL, NULL);
  g_assert_cmpuint (raised->len, ==, 1);
  g_assert_cmpint (((KdUnpaidOrder *) g_ptr_array_index (raised, 0))->order_id, ==, a);
  g_assert_cmpstr (((KdUnpaidOrder *) g_ptr_array_index (raised, 0))->job_number, ==, "3");
  g_clear_pointer (&raised, g_ptr_array_unref);
  raised = kd_unpaid_service_check (f->svc, now + 3700, NULL, NULL);
  g_assert_cmpuint (raised->len, ==, 0);

  /* Followed up (the notification's button: by the routed agent), with a note. */
  kd_clock_advance (f->clock, 4000);
  g_assert_true (kd_unpaid_service_follow_up (f->svc, b, NULL, "  已旺旺提醒  ", &error));
  g_assert_no_error (error);
  g_clear_object (&loaded);
  loaded = kd_unpaid_service_load (f->svc, b, NULL);
  g_assert_cmpstr (loaded->followed_up_by, ==, "3");
  g_assert_cmpstr (loaded->note, ==, "已旺旺提醒");
  g_assert_cmpint (loaded->followed_up_at, ==, now + 4000);
  g_assert_cmpint (kd_unpaid_order_get_state (loaded, now + 5000, 12), ==, KD_UNPAID_FOLLOWED_UP);
  /* Never again, even after a snooze would have ended. */
  g_clear_pointer (&raised, g_ptr_array_unref);
  raised = kd_unpaid_service_check (f->svc, now + 90000, NULL, NULL);
  g_assert_cmpuint (raised->len, ==, 0);
  /* Still on the list, as followed up. */
  list = kd_unpaid_service_list (f->svc, now + 5000, NULL, NULL);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpint (((KdUnpaidOrder *) g_ptr_array_index (list, 1))->followed_up_at, >, 0);

  /* A note longer than 500 characters is refused whole. */
  {
    g_autoptr(GString) long_note = g_string_new (NULL);
    for (guint i = 0; i < 501; i++)
      g_string_append (long_note, "催");
    g_assert_false (kd_unpaid_service_follow_up (f->svc, a, NULL, long_note->str, &error));
    g_assert_error (error, KD_STORE_ERROR, KD_STORE_ERROR_INVALID);
  }
}

static void
test_payment_clears (Fixture *f, gconstpointer data)
{
  gint64 now = at (T0_TEXT);
  gint64 a = add_order (f, "4001", "tb_小鹿", now - 13 * 3600, 12800);
  gint64 b = add_order (f, "4002", "tb_阿木", now - 14 * 3600, 200);
  gint64 never = add_order (f, "4003", "tb_阿木", now - 2 * 3600, 300);
  g_autoptr(GPtrArray) raised = kd_unpaid_service_check (f->svc, now, NULL, NULL);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) open = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(KdUnpaidOrder) cleared = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (raised->len, ==, 2);
  g_array_append_val (ids, a);
  g_array_append_val (ids, b);

  /* Paid after the alert (a later import, or typed in): cleared, kept for
   * the report, its notification to be withdrawn. */
  kd_clock_advance (f->clock, 600);
  set_status (f, a, KD_ORDER_PAID);
  set_status (f, never, KD_ORDER_CLOSED);
  open = kd_unpaid_service_still_open (f->svc, ids, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (open->len, ==, 1);
  g_assert_cmpint (g_array_index (open, gint64, 0), ==, b);
  cleared = kd_unpaid_service_load (f->svc, a, NULL);
  g_assert_nonnull (cleared);
  g_assert_cmpint (cleared->cleared_at, ==, now + 600);
  g_assert_cmpint (cleared->cleared_status, ==, KD_ORDER_PAID);
  /* A never-raised order that closed leaves nothing behind. */
  g_assert_null (kd_unpaid_service_load (f->svc, never, &error));
  g_assert_no_error (error);
  list = kd_unpaid_service_list (f->svc, now + 600, NULL, NULL);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpint (((KdUnpaidOrder *) g_ptr_array_index (list, 0))->order_id, ==, b);
  /* Follow-up of a paid order is refused. */
  g_assert_false (kd_unpaid_service_follow_up (f->svc, a, NULL, NULL, &error));
  g_assert_error (error, KD_STORE_ERROR, KD_STORE_ERROR_NOT_FOUND);
}

static void
test_routing_roster (Fixture *f, gconstpointer data)
{
  gint64 now = at (T0_TEXT);     /* Monday 10:00: the day shift */
  gint64 a, b, c;
  g_autoptr(GPtrArray) raised = NULL;
  g_autoptr(GError) error = NULL;
  guint waiting = 0;

  /* 5 (周敏) works the day shift on the 30th, 6 (王芳) the night shift. */
  roster (f, 1, 2026, 11, 30, "D");
  roster (f, 2, 2026, 11, 30, "N");
  a = add_order (f, "5001", "tb_小鹿", now - 13 * 3600, 100);
  b = add_order (f, "5002", "tb_阿木", now - 13 * 3600, 100);
  /* 6 served 阿木 (the latest remark's job number), but is not on duty at 10:00. */
  {
    KdRemark *remark;

    g_assert_true (kd_desk_session_sign_in (f->session, "6", NULL));
    remark = kd_order_service_add_remark (f->orders, b, KD_FLAG_RED, "已核对地址", "", &error);
    g_assert_no_error (error);
    g_assert_nonnull (remark);
    kd_remark_free (remark);
    g_assert_true (kd_desk_session_sign_in (f->session, "3", NULL));
  }
  raised = kd_unpaid_service_check (f->svc, now, &waiting, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (raised->len, ==, 2);
  for (guint i = 0; i < raised->len; i++)
    {
      KdUnpaidOrder *o = g_ptr_array_index (raised, i);
      g_assert_cmpstr (o->job_number, ==, "5");
      g_assert_cmpstr (o->agent_name, ==, "周敏");
      g_assert_cmpint (o->reason, ==, KD_ROUTE_ON_DUTY);
    }
  g_clear_pointer (&raised, g_ptr_array_unref);

  /* At 20:00 the night shift (3 and 6): the new order 6 remarked on goes
   * to 6, although 3 comes first on the roster. */
  roster (f, 0, 2026, 11, 30, "N");
  c = add_order (f, "5003", "tb_阿木", now - 3 * 3600, 100);
  g_assert_true (kd_desk_session_sign_in (f->session, "6", NULL));
  {
    KdRemark *remark = kd_order_service_add_remark (f->orders, c, KD_FLAG_YELLOW, "客户要求发邮政", "", NULL);
    g_assert_nonnull (remark);
    kd_remark_free (remark);
  }
  g_assert_true (kd_desk_session_sign_in (f->session, "3", NULL));
  raised = kd_unpaid_service_check (f->svc, at ("2026-11-30T20:00:00+08:00"), NULL, NULL);
  g_assert_cmpuint (raised->len, ==, 1);
  g_assert_cmpint (((KdUnpaidOrder *) g_ptr_array_index (raised, 0))->order_id, ==, c);
  g_assert_cmpstr (((KdUnpaidOrder *) g_ptr_array_index (raised, 0))->job_number, ==, "6");
  g_assert_cmpint (((KdUnpaidOrder *) g_ptr_array_index (raised, 0))->reason, ==, KD_ROUTE_SERVED);
  g_clear_pointer (&raised, g_ptr_array_unref);
  (void) a;

  /* At 00:30 the night shift still runs (it ends 01:00 on the 1st): a
   * batch of two new buyers is spread over 3 and 6. */
  add_order (f, "5004", "tb_新客", at ("2026-11-30T12:30:00+08:00"), 100);
  add_order (f, "5005", "tb_又一位", at ("2026-11-30T12:20:00+08:00"), 100);
  raised = kd_unpaid_service_check (f->svc, at ("2026-12-01T00:30:00+08:00"), NULL, NULL);
  g_assert_cmpuint (raised->len, ==, 2);
  g_assert_cmpstr (((KdUnpaidOrder *) g_ptr_array_index (raised, 0))->job_number, ==, "3");
  g_assert_cmpstr (((KdUnpaidOrder *) g_ptr_array_index (raised, 1))->job_number, ==, "6");
  g_clear_pointer (&raised, g_ptr_array_unref);
}

static void
test_quiet_hours (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) raised = NULL;
  g_autoptr(GPtrArray) list = NULL;
  gboolean any_hour = TRUE;
  guint waiting = 0;

  /* A roster this month, nobody on at 03:00 on the 30th; 5 starts at 08:00. */
  roster (f, 1, 2026, 11, 30, "D");
  add_order (f, "6001", "tb_小鹿", at ("2026-11-29T14:00:00+08:00"), 100);
  raised = kd_unpaid_service_check (f->svc, at ("2026-11-30T03:00:00+08:00"), &waiting, NULL);
  g_assert_cmpuint (raised->len, ==, 0);
  g_assert_cmpuint (waiting, ==, 1);
  /* The list shows it waiting. */
  list = kd_unpaid_service_list (f->svc, at ("2026-11-30T03:00:00+08:00"), NULL, NULL);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpint (((KdUnpaidOrder *) g_ptr_array_index (list, 0))->reason, ==, KD_ROUTE_WAIT);
  g_clear_pointer (&raised, g_ptr_array_unref);
  raised = kd_unpaid_service_check (f->svc, at ("2026-11-30T07:59:59+08:00"), &waiting, NULL);
  g_assert_cmpuint (raised->len, ==, 0);
  g_clear_pointer (&raised, g_ptr_array_unref);
  raised = kd_unpaid_service_check (f->svc, at ("2026-11-30T08:00:00+08:00"), &waiting, NULL);
  g_assert_cmpuint (raised->len, ==, 1);
  g_assert_cmpuint (waiting, ==, 0);
  g_assert_cmpstr (((KdUnpaidOrder *) g_ptr_array_index (raised, 0))->job_number, ==, "5");
  g_clear_pointer (&raised, g_ptr_array_unref);

  /* "Alert at any hour": raised at 03:00 the next night, to the desk's agent. */
  g_assert_true (kd_unpaid_service_get_any_hour (f->svc, &any_hour, NULL));
  g_assert_false (any_hour);
  g_assert_true (kd_unpaid_service_set_any_hour (f->svc, TRUE, NULL));
  g_assert_true (kd_unpaid_service_get_any_hour (f->svc, &any_hour, NULL));
  g_assert_true (any_hour);
  add_order (f, "6002", "tb_阿木", at ("2026-11-30T14:00:00+08:00"), 100);
  raised = kd_unpaid_service_check (f->svc, at ("2026-12-01T03:00:00+08:00"), &waiting, NULL);
  /* December has no roster yet: the signed-in agent. */
  g_assert_cmpuint (raised->len, ==, 1);
  g_assert_cmpstr (((KdUnpaidOrder *) g_ptr_array_index (raised, 0))->job_number, ==, "3");
}

static void
test_list_due_soon_and_agent (Fixture *f, gconstpointer data)
{
  gint64 now = at (T0_TEXT);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) mine = NULL;
  g_autoptr(GPtrArray) raised = NULL;
  g_autoptr(GPtrArray) others = NULL;

  add_order (f, "7001", "tb_小鹿", now - 13 * 3600, 100);     /* overdue */
  add_order (f, "7002", "tb_阿木", now - 10 * 3600, 100);     /* due in 2 h */
  add_order (f, "7003", "tb_新客", now - 8 * 3600, 100);      /* due in 4 h: not listed */
  all = kd_unpaid_service_list (f->svc, now, NULL, NULL);
  g_assert_cmpuint (all->len, ==, 2);
  g_assert_cmpint (kd_unpaid_order_get_state (g_ptr_array_index (all, 0), now, 12), ==, KD_UNPAID_NEW);
  g_assert_cmpint (kd_unpaid_order_get_state (g_ptr_array_index (all, 1), now, 12), ==, KD_UNPAID_DUE_SOON);
  /* Not raised yet, but the list already says who would get it. */
  g_assert_cmpstr (((KdUnpaidOrder *) g_ptr_array_index (all, 0))->job_number, ==, "3");

  raised = kd_unpaid_service_check (f->svc, now, NULL, NULL);
  g_assert_cmpuint (raised->len, ==, 1);
  mine = kd_unpaid_service_list (f->svc, now, "3", NULL);
  g_assert_cmpuint (mine->len, ==, 2);
  others = kd_unpaid_service_list (f->svc, now, "6", NULL);
  g_assert_cmpuint (others->len, ==, 0);
  /* A shorter threshold lists more. */
  kd_unpaid_service_set_hours (f->svc, 9);
  g_clear_pointer (&all, g_ptr_array_unref);
  all = kd_unpaid_service_list (f->svc, now, NULL, NULL);
  g_assert_cmpuint (all->len, ==, 3);
}

static void
test_report (Fixture *f, gconstpointer data)
{
  gint64 now = at (T0_TEXT);
  gint64 a = add_order (f, "8001", "tb_小鹿", now - 13 * 3600, 12800);
  gint64 b = add_order (f, "8002", "tb_阿木", now - 13 * 3600, 4900);
  g_autoptr(GPtrArray) raised = kd_unpaid_service_check (f->svc, now, NULL, NULL);
  g_autoptr(GPtrArray) rows = NULL;
  KdUnpaidReportRow *r;

  g_assert_cmpuint (raised->len, ==, 2);
  kd_clock_advance (f->clock, 20 * 60);
  g_assert_true (kd_unpaid_service_follow_up (f->svc, a, NULL, NULL, NULL));
  g_assert_true (kd_unpaid_service_follow_up (f->svc, b, NULL, NULL, NULL));
  kd_clock_advance (f->clock, 3600);
  set_status (f, a, KD_ORDER_PAID);

  rows = kd_unpaid_service_report (f->svc, at ("2026-11-30T00:00:00+08:00"), at ("2026-12-01T00:00:00+08:00"),
                                   KD_UNPAID_BY_DAY, NULL);
  g_assert_cmpuint (rows->len, ==, 1);
  r = g_ptr_array_index (rows, 0);
  g_assert_cmpstr (r->period, ==, "2026-11-30");
  g_assert_cmpstr (r->job_number, ==, "3");
  g_assert_cmpuint (r->routed, ==, 2);
  g_assert_cmpuint (r->followed_up, ==, 2);
  g_assert_cmpuint (r->paid_after, ==, 1);
  g_assert_cmpint (r->recovered, ==, 12800);
  g_assert_cmpint (r->median_minutes, ==, 20);
  /* Outside the range: nothing. */
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = kd_unpaid_service_report (f->svc, at ("2026-12-01T00:00:00+08:00"), at ("2026-12-02T00:00:00+08:00"),
                                   KD_UNPAID_BY_DAY, NULL);
  g_assert_cmpuint (rows->len, ==, 0);
}

static void
test_blacklisted_words (Fixture *f, gconstpointer data)
{
  gint64 now = at (T0_TEXT);
  g_autoptr(GPtrArray) raised = NULL;

  add_order (f, "9001", "tb_黑名单", now - 13 * 3600, 100);
  g_assert_true (kd_store_write (f->store, exec_job,
                                 (gpointer) "UPDATE customers SET blacklisted = 1, buying_type = 5 WHERE nickname = 'tb_黑名单'", NULL));
  raised = kd_unpaid_service_check (f->svc, now, NULL, NULL);
  g_assert_cmpuint (raised->len, ==, 1);
  g_assert_true (((KdUnpaidOrder *) g_ptr_array_index (raised, 0))->blacklisted);
  g_assert_true (((KdUnpaidOrder *) g_ptr_array_index (raised, 0))->no_pay_type);
}

int
main (int argc, char **argv)
{
  /* The roster's shifts are in local time: the shop's. */
  g_setenv ("TZ", "Asia/Shanghai", TRUE);
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/unpaid-service/once-and-restart", test_once_and_restart);
  ADD ("/unpaid-service/buyer-grouped", test_buyer_grouped);
  ADD ("/unpaid-service/snooze-follow-up", test_snooze_follow_up);
  ADD ("/unpaid-service/payment-clears", test_payment_clears);
  ADD ("/unpaid-service/routing-roster", test_routing_roster);
  ADD ("/unpaid-service/quiet-hours", test_quiet_hours);
  ADD ("/unpaid-service/list-due-soon-agent", test_list_due_soon_and_agent);
  ADD ("/unpaid-service/report", test_report);
  ADD ("/unpaid-service/blacklisted", test_blacklisted_words);
  return g_test_run ();
}
