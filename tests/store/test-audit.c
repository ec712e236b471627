/* test-audit.c: the audit log: who, when, what, which records; it commits or rolls back with the action. */
#include <glib/gstdio.h>

#include "kd-audit-repo.h"
#include "kd-clock.h"
#include "kd-staff-repo.h"
#include "kd-store-private.h"
#include "kd-test-util.h"

typedef struct {
  char    *dir;
  KdStore *store;
  KdStaff *agent;
} Fixture;

static gboolean
add_agent_job (KdConn *conn, gpointer data, GError **error)
{
  return kd_staff_repo_insert (conn, data, error);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autofree char *path = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 ("2026-12-01T09:00:00+08:00", NULL);
  g_autoptr(KdClock) clock = kd_clock_new_fixed (now);

  kd_clock_set_default (clock);
  f->dir = g_dir_make_tmp ("kd-test-audit-XXXXXX", NULL);
  path = g_build_filename (f->dir, "shop.db", NULL);
  f->store = kd_store_open_full (path, KD_STORE_OPEN_CREATE, NULL);
  f->agent = kd_staff_new ("3", "林晓", KD_ROLE_PRESALE, "");
  g_assert_true (kd_store_write (f->store, add_agent_job, f->agent, NULL));
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->agent);
  kd_store_close (f->store);
  g_assert_finalize_object (f->store);
  kd_clock_set_default (NULL);
  kd_test_rm_rf (f->dir);
  g_free (f->dir);
}

typedef struct {
  Fixture  *f;
  gboolean  fail;
  guint     n_ids;
} RecordJob;

static gboolean
record_job (KdConn *conn, gpointer data, GError **error)
{
  RecordJob *job = data;
  g_autofree gint64 *ids = g_new (gint64, MAX (job->n_ids, 1));

  for (guint i = 0; i < job->n_ids; i++)
    ids[i] = 1000 + i;
  if (!kd_audit_repo_record (conn, job->f->agent, "customers.export", "customer", ids, job->n_ids,
                             "导出到 客户.csv", error))
    return FALSE;
  if (!kd_audit_repo_record (conn, NULL, "customer.unmask-phone", "customer", ids, MIN (job->n_ids, 1),
                             "bad \xff text", error))
    return FALSE;
  if (job->fail)
    {
      g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_FAILED, "the export failed");
      return FALSE;
    }
  return TRUE;
}

typedef struct {
  const char *entity;
  GPtrArray  *list;
} ListJob;

static gboolean
list_job (KdConn *conn, gpointer data, GError **error)
{
  ListJob *job = data;
  job->list = kd_audit_repo_list (conn, job->entity, 0, 0, error);
  return job->list != NULL;
}

static void
test_record_and_list (Fixture *f, gconstpointer data)
{
  RecordJob rec = { f, FALSE, 250 };
  ListJob list = { "customer", NULL };
  KdAuditEntry *newest, *oldest;
  g_auto(GStrv) ids = NULL;

  g_assert_true (kd_store_write (f->store, record_job, &rec, NULL));
  g_assert_true (kd_store_read (f->store, list_job, &list, NULL));
  g_assert_cmpuint (list.list->len, ==, 2);

  /* Newest first. */
  newest = g_ptr_array_index (list.list, 0);
  oldest = g_ptr_array_index (list.list, 1);
  g_assert_cmpstr (newest->action, ==, "customer.unmask-phone");
  g_assert_cmpint (newest->staff_id, ==, 0);          /* nobody signed in */
  g_assert_cmpstr (newest->detail, ==, "bad \xef\xbf\xbd text");  /* made valid UTF-8 */
  g_assert_cmpstr (oldest->action, ==, "customers.export");
  g_assert_cmpint (oldest->staff_id, ==, kd_staff_get_id (f->agent));
  g_assert_cmpint (oldest->at, ==, 1796086800);         /* 2026-12-01 01:00 UTC */
  g_assert_cmpstr (oldest->detail, ==, "导出到 客户.csv");

  /* Every record counted, the first KD_AUDIT_MAX_IDS named. */
  g_assert_cmpuint (oldest->n_records, ==, 250);
  ids = g_strsplit (oldest->record_ids, ",", -1);
  g_assert_cmpuint (g_strv_length (ids), ==, KD_AUDIT_MAX_IDS);
  g_assert_cmpstr (ids[0], ==, "1000");
  g_assert_cmpstr (ids[KD_AUDIT_MAX_IDS - 1], ==, "1199");
  g_ptr_array_unref (list.list);

  list.entity = "order";
  g_assert_true (kd_store_read (f->store, list_job, &list, NULL));
  g_assert_cmpuint (list.list->len, ==, 0);
  g_ptr_array_unref (list.list);
}

/* An action that fails leaves no audit row claiming it happened. */
static void
test_rolls_back_with_the_action (Fixture *f, gconstpointer data)
{
  RecordJob rec = { f, TRUE, 3 };
  ListJob list = { NULL, NULL };
  g_autoptr(GError) error = NULL;

  g_assert_false (kd_store_write (f->store, record_job, &rec, &error));
  g_assert_error (error, KD_STORE_ERROR, KD_STORE_ERROR_FAILED);
  g_assert_true (kd_store_read (f->store, list_job, &list, NULL));
  g_assert_cmpuint (list.list->len, ==, 0);
  g_ptr_array_unref (list.list);
}

/* Audit rows are history: the agent can only be deactivated now. */
static gboolean
remove_agent_job (KdConn *conn, gpointer data, GError **error)
{
  return kd_staff_repo_remove (conn, data, error) == KD_STAFF_REMOVAL_DEACTIVATED;
}

static void
test_is_history (Fixture *f, gconstpointer data)
{
  RecordJob rec = { f, FALSE, 1 };

  g_assert_true (kd_store_write (f->store, record_job, &rec, NULL));
  g_assert_true (kd_store_write (f->store, remove_agent_job, f->agent, NULL));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(name, fn) g_test_add (name, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/audit/record-and-list", test_record_and_list);
  ADD ("/audit/rolls-back-with-the-action", test_rolls_back_with_the_action);
  ADD ("/audit/is-history", test_is_history);
  return g_test_run ();
}
