/* test-query-model.c: KdQueryModel over the staff table: snapshot, pages, search, filter, sort, exact change ranges, bounded cache. */
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "kd-query-model-private.h"
#include "kd-staff-repo.h"
#include "kd-test-util.h"

typedef struct {
  char    *dir;
  KdStore *store;
} Fixture;

typedef struct {
  guint   n;
  guint   position, removed, added;
} Changes;

static gboolean
fill_job (KdConn *conn, gpointer data, GError **error)
{
  guint n = GPOINTER_TO_UINT (data);

  for (guint i = 1; i <= n; i++)
    {
      g_autofree char *job = g_strdup_printf ("%u", i);
      g_autofree char *name = g_strdup_printf ("员工%05u", (n - i) % n);
      g_autoptr(KdStaff) s = kd_staff_new (job, name, i % 7 == 0 ? KD_ROLE_AFTERSALE : KD_ROLE_PRESALE,
                                           i % 2 ? "13800001234" : "");
      kd_staff_set_active (s, i % 10 != 0);
      if (!kd_staff_repo_insert (conn, s, error))
        return FALSE;
    }
  return TRUE;
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("kd-test-qm-XXXXXX", NULL);
  path = g_build_filename (f->dir, "shop.db", NULL);
  f->store = kd_store_open_full (path, KD_STORE_OPEN_CREATE, NULL);
  g_assert_nonnull (f->store);
  g_assert_true (kd_store_write (f->store, fill_job, GUINT_TO_POINTER (data ? GPOINTER_TO_UINT (data) : 30), NULL));
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  /* A first-rows read may still be on its way when the whole list has
   * landed: it holds the store until it returns. */
  while (G_OBJECT (f->store)->ref_count > 1 && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (500);
    }
  kd_store_close (f->store);
  g_assert_finalize_object (f->store);
  kd_test_rm_rf (f->dir);
  g_free (f->dir);
}

static void
wait_loaded (KdQueryModel *model)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  do
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      if (!kd_query_model_get_loading (model))
        return;
      g_usleep (500);
    }
  while (g_get_monotonic_time () < deadline);
  g_assert_not_reached ();
}

static void
on_items_changed (GListModel *model, guint position, guint removed, guint added, Changes *c)
{
  c->n++;
  c->position = position;
  c->removed = removed;
  c->added = added;
}

static KdStaff *
item (KdQueryModel *model, guint position)
{
  return g_list_model_get_item (G_LIST_MODEL (model), position);
}

static const char *
job_at (KdQueryModel *model, guint position)
{
  g_autoptr(KdStaff) s = item (model, position);
  /* The row object outlives this reference: the model's cache holds it. */
  return kd_staff_get_job_number (s);
}

static KdQueryModel *
new_model (Fixture *f)
{
  KdQueryModel *model = kd_query_model_new (f->store, kd_staff_repo_query_spec ());

  g_assert_true (kd_query_model_get_loading (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  wait_loaded (model);
  return model;
}

/* Rows come empty at once and are filled when their page lands. */
static void
test_snapshot_and_pages (Fixture *f, gconstpointer data)
{
  g_autoptr(KdQueryModel) model = new_model (f);
  g_autoptr(KdStaff) first = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 30);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (model)) == KD_TYPE_STAFF);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), 30));

  first = item (model, 0);
  g_assert_cmpint (kd_staff_get_id (first), >, 0);
  g_assert_cmpstr (kd_staff_get_job_number (first), ==, "");   /* not read yet */
  g_assert_true (kd_query_model_get_loading (model));
  wait_loaded (model);
  g_assert_cmpstr (kd_staff_get_job_number (first), ==, "1");

  /* Sorted by job number as people read it: 9 before 10. */
  for (guint i = 0; i < 30; i++)
    g_object_unref (item (model, i));
  wait_loaded (model);
  g_assert_cmpstr (job_at (model, 8), ==, "9");
  g_assert_cmpstr (job_at (model, 9), ==, "10");
  g_assert_cmpstr (job_at (model, 29), ==, "30");
  g_assert_cmpuint (kd_query_model_find_id (model, kd_staff_get_id (first)), ==, 0);
  g_assert_cmpuint (kd_query_model_find_id (model, 4242), ==, G_MAXUINT);
}

static void
fill_all (KdQueryModel *model)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
    g_object_unref (item (model, i));
  wait_loaded (model);
}

static void
test_search_and_filter (Fixture *f, gconstpointer data)
{
  g_autoptr(KdQueryModel) model = new_model (f);

  /* Full-width digits typed by an input method find the same rows: job
   * number 29, and job number 1 whose name is 员工00029. */
  kd_query_model_set_search (model, "２９");
  wait_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2);
  fill_all (model);
  g_assert_cmpstr (job_at (model, 0), ==, "1");
  g_assert_cmpstr (job_at (model, 1), ==, "29");

  /* By role label, in the reader's language ("after-sale": every 7th). */
  kd_query_model_set_search (model, "after");
  wait_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 4);

  /* Name (Chinese) and phone digits. */
  kd_query_model_set_search (model, "员工0000");
  wait_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 10);
  kd_query_model_set_search (model, "0001234");
  wait_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 15);

  /* A search is bound, never spliced into the SQL. */
  kd_query_model_set_search (model, "' OR 1=1 --");
  wait_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);

  kd_query_model_set_search (model, NULL);
  g_assert_true (kd_query_model_set_filter (model, "active", g_variant_new_boolean (TRUE)));
  wait_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 27);
  g_assert_false (kd_query_model_set_filter (model, "no-such-filter", g_variant_new_boolean (TRUE)));
  g_assert_true (kd_query_model_set_filter (model, "active", NULL));
  wait_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 30);
}

static void
test_sort (Fixture *f, gconstpointer data)
{
  g_autoptr(KdQueryModel) model = new_model (f);

  g_assert_true (kd_query_model_set_sort (model, "job-number", TRUE));
  wait_loaded (model);
  fill_all (model);
  g_assert_cmpstr (job_at (model, 0), ==, "30");
  g_assert_cmpstr (job_at (model, 29), ==, "1");

  /* Names run the other way from job numbers in the fixture. */
  g_assert_true (kd_query_model_set_sort (model, "name", FALSE));
  wait_loaded (model);
  fill_all (model);
  g_assert_cmpstr (job_at (model, 0), ==, "30");
  g_assert_cmpstr (job_at (model, 29), ==, "1");
  g_assert_cmpstr (kd_query_model_get_sort_key (model), ==, "name");

  g_assert_false (kd_query_model_set_sort (model, "salary", FALSE));
  g_assert_cmpstr (kd_query_model_get_sort_key (model), ==, "name");
}

typedef struct {
  KdStaff *staff;
} Edit;

static gboolean
insert_job (KdConn *conn, gpointer data, GError **error)
{
  return kd_staff_repo_insert (conn, data, error);
}

static gboolean
update_job (KdConn *conn, gpointer data, GError **error)
{
  return kd_staff_repo_update (conn, data, error);
}

static gboolean
remove_job (KdConn *conn, gpointer data, GError **error)
{
  return kd_staff_repo_remove (conn, data, error) == KD_STAFF_REMOVAL_DELETED;
}

/* A write is reported as the one range that changed; rows elsewhere keep
 * their objects (so a selection and scroll position stay), and an edited
 * row is updated in place. */
static void
test_exact_changes (Fixture *f, gconstpointer data)
{
  g_autoptr(KdQueryModel) model = new_model (f);
  Changes c = { 0 };
  g_autoptr(KdStaff) row0 = NULL;
  g_autoptr(KdStaff) row20 = NULL;
  g_autoptr(KdStaff) fresh = kd_staff_new ("15-a", "新人", KD_ROLE_PRESALE, "");
  g_autoptr(KdStaff) edited = NULL;

  fill_all (model);
  row0 = item (model, 0);
  row20 = item (model, 20);
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), &c);

  /* "15-a" sorts right after "15", at position 15. */
  g_assert_true (kd_store_write (f->store, insert_job, fresh, NULL));
  wait_loaded (model);
  g_assert_cmpuint (c.n, ==, 1);
  g_assert_cmpuint (c.position, ==, 15);
  g_assert_cmpuint (c.removed, ==, 0);
  g_assert_cmpuint (c.added, ==, 1);
  {
    g_autoptr(KdStaff) again0 = item (model, 0);
    g_autoptr(KdStaff) moved20 = item (model, 21);
    g_assert_true (again0 == row0);
    g_assert_true (moved20 == row20);
  }

  /* Renaming keeps the position: no items-changed, the same object notifies. */
  c.n = 0;
  edited = kd_staff_copy (row20);
  kd_staff_set_name (edited, "改名了");
  g_assert_true (kd_store_write (f->store, update_job, edited, NULL));
  wait_loaded (model);
  g_assert_cmpuint (c.n, ==, 0);
  g_assert_cmpstr (kd_staff_get_name (row20), ==, "改名了");

  /* A new job number moves the row: one range covers the move. */
  kd_staff_set_job_number (edited, "0");
  g_assert_true (kd_store_write (f->store, update_job, edited, NULL));
  wait_loaded (model);
  g_assert_cmpuint (c.n, ==, 1);
  g_assert_cmpuint (c.position, ==, 0);
  g_assert_cmpuint (c.removed, ==, 22);
  g_assert_cmpuint (c.added, ==, 22);
  {
    g_autoptr(KdStaff) now0 = item (model, 0);
    g_assert_true (now0 == row20);
    g_assert_cmpstr (kd_staff_get_job_number (now0), ==, "0");
  }

  /* Deleting: removed at its place. */
  c.n = 0;
  g_assert_true (kd_store_write (f->store, remove_job, fresh, NULL));
  wait_loaded (model);
  g_assert_cmpuint (c.n, ==, 1);
  g_assert_cmpuint (c.position, ==, 16);
  g_assert_cmpuint (c.removed, ==, 1);
  g_assert_cmpuint (c.added, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 30);
  g_signal_handlers_disconnect_by_data (model, &c);
}

/* Reading every row of a long list keeps a bounded number of them. */
static void
test_cache_bounded (Fixture *f, gconstpointer data)
{
  g_autoptr(KdQueryModel) model = new_model (f);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (model));

  g_assert_cmpuint (n, ==, 20000);
  for (guint i = 0; i < n; i++)
    {
      g_object_unref (item (model, i));
      if (i % 1000 == 999)
        wait_loaded (model);
    }
  wait_loaded (model);
  g_assert_cmpuint (kd_query_model_get_n_cached (model), <=, 64 * 128);
  g_assert_cmpuint (kd_query_model_get_n_cached (model), >, 0);
  /* The last rows read are the ones kept, and are filled. */
  g_assert_cmpstr (job_at (model, n - 1), ==, "20000");
}

/* GtkSingleSelection asks for every added row when the selected one was
 * replaced (a new search): that must not read every page. The rows a
 * list shows (held) are read; the scan's are not. */
static void
test_selection_scan (Fixture *f, gconstpointer data)
{
  g_autoptr(KdQueryModel) model = new_model (f);
  g_autoptr(GPtrArray) shown = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (model));
  guint before = kd_query_model_get_n_pages_read (model);

  for (guint i = 0; i < n; i++)
    g_object_unref (item (model, i));
  /* Then the view binds its visible rows, in the middle. */
  for (guint i = 10000; i < 10040; i++)
    g_ptr_array_add (shown, item (model, i));
  wait_loaded (model);

  for (guint i = 0; i < shown->len; i++)
    {
      g_autofree char *expected = g_strdup_printf ("%u", 10001 + i);
      g_assert_cmpstr (kd_staff_get_job_number (g_ptr_array_index (shown, i)), ==, expected);
    }
  g_assert_cmpuint (kd_query_model_get_n_pages_read (model) - before, <=, 8 + 2);
  g_assert_cmpuint (kd_query_model_get_n_cached (model), <=, 64 * 128);
}

/* Random reads, as a scrollbar drag makes: every row asked for and held
 * is filled, however many were asked for and let go before it. */
static void
test_random_reads_fill (Fixture *f, gconstpointer data)
{
  g_autoptr(KdQueryModel) model = new_model (f);
  GRand *rand = g_rand_new_with_seed (11);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (model));

  for (guint round = 0; round < 20; round++)
    {
      g_autoptr(KdStaff) held = NULL;
      guint pos;
      gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

      for (guint i = 0; i < 200; i++)
        g_object_unref (item (model, g_rand_int_range (rand, 0, n)));
      pos = g_rand_int_range (rand, 0, n);
      held = item (model, pos);
      while (*kd_staff_get_job_number (held) == '\0' && g_get_monotonic_time () < deadline)
        {
          g_main_context_iteration (NULL, FALSE);
          g_usleep (200);
        }
      g_assert_cmpstr (kd_staff_get_job_number (held), !=, "");
      wait_loaded (model);
    }
  g_rand_free (rand);
}

typedef struct {
  guint n;         /* what the model said it had */
  guint emissions;
} Tracker;

/* A view asks n_items on every items-changed: it must be the old count
 * less the removed plus the added, at that very moment. */
static void
check_consistent (GListModel *model, guint position, guint removed, guint added, Tracker *t)
{
  g_assert_cmpuint (position + removed, <=, t->n);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, t->n - removed + added);
  t->n = g_list_model_get_n_items (model);
  t->emissions++;
}

static void
test_consistent_counts (Fixture *f, gconstpointer data)
{
  g_autoptr(KdQueryModel) model = new_model (f);
  Tracker t = { g_list_model_get_n_items (G_LIST_MODEL (model)), 0 };
  const char *queries[] = { "员工1", "员工12", "", "zz", "138", "" };

  g_signal_connect (model, "items-changed", G_CALLBACK (check_consistent), &t);
  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      kd_query_model_set_search (model, queries[i]);
      wait_loaded (model);
    }
  g_assert_cmpuint (t.emissions, >=, G_N_ELEMENTS (queries));
  g_assert_cmpuint (t.n, ==, 20000);
  g_signal_handlers_disconnect_by_data (model, &t);
}

static gboolean
touch_all_job (KdConn *conn, gpointer data, GError **error)
{
  if (!kd_conn_exec (conn, "UPDATE staff SET name = name || '!'", error))
    return FALSE;
  kd_conn_note_changed (conn, "staff", 0);
  return TRUE;
}

/* "Any row changed" (an import): every row is read again. */
static void
test_change_all (Fixture *f, gconstpointer data)
{
  g_autoptr(KdQueryModel) model = new_model (f);
  Changes c = { 0 };

  fill_all (model);
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), &c);
  g_assert_true (kd_store_write (f->store, touch_all_job, NULL, NULL));
  wait_loaded (model);
  g_assert_cmpuint (c.n, ==, 1);
  g_assert_cmpuint (c.removed, ==, 30);
  g_assert_cmpuint (c.added, ==, 30);
  fill_all (model);
  {
    g_autoptr(KdStaff) s = item (model, 0);
    g_assert_true (g_str_has_suffix (kd_staff_get_name (s), "!"));
  }
  g_signal_handlers_disconnect_by_data (model, &c);
}


/* Iterates until @cond holds, at most 10 s. */
static gboolean
iterate_until (gboolean (*cond) (KdQueryModel *), KdQueryModel *model)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!cond (model) && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (200);
    }
  return cond (model);
}

static gboolean
counted_not_listed (KdQueryModel *model)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (model));
  return n > 0 && kd_query_model_get_n_known (model) < n;
}

/* Until @staff has a job number (is filled), at most ten seconds. */
static gboolean
iterate_until_filled (KdStaff *staff)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (*kd_staff_get_job_number (staff) == '\0' && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (200);
    }
  return *kd_staff_get_job_number (staff) != '\0';
}

static gboolean
first_rows_only (KdQueryModel *model)
{
  return g_list_model_get_n_items (G_LIST_MODEL (model)) == 256 && kd_query_model_get_n_known (model) == 256;
}

/* A long list has its count and first rows before the snapshot of every
 * id; a row asked for further down comes empty and is filled by a read of
 * its position (from the start or from the end of the list), before the
 * snapshot; the snapshot then only brings the ids. */
static void
test_count_first (Fixture *f, gconstpointer data)
{
  g_autoptr(KdQueryModel) model = kd_query_model_new (f->store, kd_staff_repo_query_spec ());
  Tracker t = { 0, 0 };
  g_autoptr(KdStaff) far = NULL;
  g_autoptr(KdStaff) near = NULL;
  g_autoptr(KdStaff) last = NULL;
  guint emissions;

  g_signal_connect (model, "items-changed", G_CALLBACK (check_consistent), &t);
  _kd_query_model_hold_snapshot (model, TRUE);
  g_assert_true (iterate_until (counted_not_listed, model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 20000);
  g_assert_cmpuint (kd_query_model_get_n_known (model), ==, 256);
  g_assert_true (kd_query_model_get_loading (model));
  g_assert_cmpint (kd_query_model_get_id (model, 255), >, 0);
  g_assert_cmpint (kd_query_model_get_id (model, 256), ==, 0);

  far = item (model, 12345);
  near = item (model, 5);
  g_assert_nonnull (far);
  g_assert_cmpstr (kd_staff_get_job_number (far), ==, "");
  /* A long list's first rows come whole with their ids: no page read. */
  g_assert_cmpstr (kd_staff_get_job_number (near), ==, "6");
  g_assert_cmpuint (kd_query_model_get_n_pages_read (model), ==, 0);
  /* Asked for again before the snapshot: the same object. */
  {
    g_autoptr(KdStaff) again = item (model, 12345);
    g_assert_true (again == far);
  }
  last = item (model, 19999);
  g_assert_true (iterate_until_filled (far));
  g_assert_true (iterate_until_filled (last));
  g_assert_cmpstr (kd_staff_get_job_number (far), ==, "12346");
  g_assert_cmpstr (kd_staff_get_job_number (last), ==, "20000");
  g_assert_cmpuint (kd_query_model_get_n_known (model), ==, 256);
  g_assert_cmpuint (kd_query_model_get_n_pages_read (model), ==, 2);

  emissions = t.emissions;
  _kd_query_model_hold_snapshot (model, FALSE);
  wait_loaded (model);
  g_assert_cmpuint (kd_query_model_get_n_known (model), ==, 20000);
  g_assert_cmpstr (kd_staff_get_job_number (far), ==, "12346");
  g_assert_cmpstr (kd_staff_get_job_number (near), ==, "6");
  {
    g_autoptr(KdStaff) again = item (model, 12345);
    g_assert_true (again == far);
    g_assert_cmpint (kd_staff_get_id (far), ==, kd_query_model_get_id (model, 12345));
    g_assert_cmpint (kd_staff_get_id (last), ==, kd_query_model_get_id (model, 19999));
  }
  /* Nothing moved when the snapshot only brought the ids, and the rows
   * read by position are not read again. */
  g_assert_cmpuint (t.emissions, ==, emissions);
  g_assert_cmpuint (kd_query_model_get_n_pages_read (model), ==, 2);
  g_assert_cmpuint (t.n, ==, 20000);

  /* A filter: its first rows and count again, then the rest. */
  _kd_query_model_hold_snapshot (model, TRUE);
  g_assert_true (kd_query_model_set_filter (model, "active", g_variant_new_boolean (TRUE)));
  g_assert_true (iterate_until (counted_not_listed, model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 18000);
  _kd_query_model_hold_snapshot (model, FALSE);
  wait_loaded (model);
  g_assert_cmpuint (kd_query_model_get_n_known (model), ==, 18000);
  g_assert_cmpuint (t.n, ==, 18000);

  /* A search is not counted (it may be a scan as long as the list): its
   * first rows, then the whole list. */
  _kd_query_model_hold_snapshot (model, TRUE);
  kd_query_model_set_search (model, "员工1");
  g_assert_true (iterate_until (first_rows_only, model));
  g_assert_cmpuint (kd_query_model_get_n_known (model), ==, 256);
  _kd_query_model_hold_snapshot (model, FALSE);
  wait_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 9000);
  g_assert_cmpuint (kd_query_model_get_n_known (model), ==, 9000);
  g_assert_cmpuint (t.n, ==, 9000);
  g_signal_handlers_disconnect_by_data (model, &t);
}

/* A write that lands between the count and the snapshot: the list becomes
 * the new snapshot, reported as a change that covers every position not
 * known before, so a view asks for those rows again and gets them filled. */
static void
test_change_during_snapshot (Fixture *f, gconstpointer data)
{
  g_autoptr(KdQueryModel) model = kd_query_model_new (f->store, kd_staff_repo_query_spec ());
  g_autoptr(KdStaff) fresh = kd_staff_new ("15-a", "新人", KD_ROLE_PRESALE, "");
  Tracker t = { 0, 0 };
  g_autoptr(KdStaff) far = NULL;
  g_autoptr(KdStaff) first = NULL;

  g_signal_connect (model, "items-changed", G_CALLBACK (check_consistent), &t);
  _kd_query_model_hold_snapshot (model, TRUE);
  g_assert_true (iterate_until (counted_not_listed, model));
  first = item (model, 0);
  far = item (model, 15000);

  g_assert_true (kd_store_write (f->store, insert_job, fresh, NULL));
  _kd_query_model_hold_snapshot (model, FALSE);
  wait_loaded (model);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 20001);
  g_assert_cmpuint (kd_query_model_get_n_known (model), ==, 20001);
  g_assert_cmpuint (t.n, ==, 20001);
  {
    g_autoptr(KdStaff) at15 = item (model, 15);
    g_autoptr(KdStaff) at15000 = item (model, 15000);
    g_autoptr(KdStaff) last = item (model, 20000);

    g_assert_true (at15000 != far);   /* the view was told to ask again */
    wait_loaded (model);
    g_assert_cmpstr (kd_staff_get_job_number (at15), ==, "15-a");
    g_assert_cmpstr (kd_staff_get_job_number (at15000), ==, "15000");
    g_assert_cmpstr (kd_staff_get_job_number (last), ==, "20000");
  }
  {
    g_autoptr(KdStaff) again = item (model, 0);
    g_assert_true (again == first);   /* kept: before the change */
    g_assert_cmpstr (kd_staff_get_job_number (first), ==, "1");
  }
  g_signal_handlers_disconnect_by_data (model, &t);
}

typedef struct {
  Tracker  t;
  guint    largest_step;   /* rows removed or added among the first 256 in one emission */
  guint    added_in_window; /* rows added among the first 256, all emissions */
} Steps;

static void
record_step (GListModel *model, guint position, guint removed, guint added, Steps *s)
{
  if (position < 256)
    {
      s->largest_step = MAX (s->largest_step, MIN (MAX (removed, added), 256 - position));
      s->added_in_window += MIN (added, 256 - position);
    }
  check_consistent (model, position, removed, added, &s->t);
}

/* A search that replaces the first rows of a long list is reported a few
 * rows at a time where a view at the top has row widgets (GTK 4.8 rebuilds
 * one for each row in a changed range), the list consistent after each
 * step; it ends as the one list of the search. */
static void
test_stepped_changes (Fixture *f, gconstpointer data)
{
  g_autoptr(KdQueryModel) model = new_model (f);
  Steps s = { { g_list_model_get_n_items (G_LIST_MODEL (model)), 0 }, 0 };

  /* Every turn in steps, however long a loaded machine makes one. */
  _kd_query_model_set_slow_turn (model, 0);
  g_signal_connect (model, "items-changed", G_CALLBACK (record_step), &s);
  /* Names run against job numbers: 员工0… are job numbers 10001 to 20000,
   * the second half of the list. */
  kd_query_model_set_search (model, "员工0");
  wait_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 10000);
  g_assert_cmpuint (s.t.n, ==, 10000);
  g_assert_cmpuint (s.t.emissions, >, 3);
  g_assert_cmpuint (s.largest_step, <=, 8);
  {
    g_autoptr(KdStaff) top = item (model, 0);
    g_autoptr(KdStaff) last = item (model, 9999);

    wait_loaded (model);
    g_assert_cmpstr (kd_staff_get_job_number (top), ==, "10001");
    g_assert_cmpstr (kd_staff_get_name (top), ==, "员工09999");
    g_assert_cmpstr (kd_staff_get_job_number (last), ==, "20000");
  }

  /* And back to every row. */
  s.t.emissions = 0;
  s.largest_step = 0;
  kd_query_model_set_search (model, "");
  wait_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 20000);
  g_assert_cmpuint (s.t.n, ==, 20000);
  g_assert_cmpuint (s.t.emissions, >, 3);
  g_assert_cmpuint (s.largest_step, <=, 8);
  g_assert_cmpstr (job_at (model, 0), ==, "1");  /* came whole with the first rows */

  /* A search with no match: the rows past the window go at once, those
   * in it 8 a turn from the bottom up, and no old row is pulled into the
   * window (each would be a new row widget). */
  s.t.emissions = 0;
  s.largest_step = 0;
  s.added_in_window = 0;
  kd_query_model_set_search (model, "没有这个人");
  wait_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  g_assert_cmpuint (s.t.n, ==, 0);
  g_assert_cmpuint (s.t.emissions, >, 3);
  g_assert_cmpuint (s.t.emissions, <=, 2 + 256 / 8);
  g_assert_cmpuint (s.largest_step, <=, 8);
  g_assert_cmpuint (s.added_in_window, ==, 0);

  /* Back to every row, then one match: it is on top after the first
   * step, and the only row ever added inside the window. */
  kd_query_model_set_search (model, "");
  wait_loaded (model);
  s.t.emissions = 0;
  s.largest_step = 0;
  s.added_in_window = 0;
  kd_query_model_set_search (model, "员工09999");
  wait_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  g_assert_cmpuint (s.t.n, ==, 1);
  g_assert_cmpuint (s.largest_step, <=, 8);
  g_assert_cmpuint (s.added_in_window, ==, 1);
  g_assert_cmpstr (job_at (model, 0), ==, "10001");
  g_signal_handlers_disconnect_by_data (model, &s);
}

typedef struct {
  guint    emissions;      /* items-changed while the steps ran */
  guint    stale_items;    /* of them, with n-items not yet the search's count */
  guint    wrong_matches;  /* of them, with n-matches neither the count before nor the search's */
  guint    before;         /* the count before the search */
  guint    expected;
  gboolean reached;        /* n-matches was the search's count once */
} Matches;

static void
record_matches (GListModel *model, guint position, guint removed, guint added, Matches *m)
{
  guint n = kd_query_model_get_n_matches (KD_QUERY_MODEL (model));

  m->emissions++;
  m->stale_items += g_list_model_get_n_items (model) != m->expected;
  /* The count before, until the search's own is known; never one in
   * between, and never back. */
  m->wrong_matches += n != m->expected && (n != m->before || m->reached);
  m->reached |= n == m->expected;
}

static void
count_notify (GObject *object, GParamSpec *pspec, guint *n)
{
  (*n)++;
}

/* While a search's change is shown in steps, n-items still counts old
 * rows; n-matches (what a result count shows) is the count before until
 * the search's is known, then the search's, and is notified when it
 * changes. */
static void
test_n_matches (Fixture *f, gconstpointer data)
{
  g_autoptr(KdQueryModel) model = new_model (f);
  Matches m = { 0, 0, 0, 20000, 10000, FALSE };
  guint notified = 0;

  _kd_query_model_set_slow_turn (model, 0);

  g_assert_cmpuint (kd_query_model_get_n_matches (model), ==, 20000);
  g_signal_connect (model, "items-changed", G_CALLBACK (record_matches), &m);
  g_signal_connect (model, "notify::n-matches", G_CALLBACK (count_notify), &notified);
  kd_query_model_set_search (model, "员工0");
  wait_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 10000);
  g_assert_cmpuint (kd_query_model_get_n_matches (model), ==, 10000);
  g_assert_cmpuint (m.emissions, >, 3);
  g_assert_cmpuint (m.stale_items, >, 0);     /* the steps did leave old rows a while */
  g_assert_cmpuint (m.wrong_matches, ==, 0);
  g_assert_true (m.reached);
  g_assert_cmpuint (notified, ==, 1);

  /* No match: the count is 0 from the first step on. */
  m = (Matches) { 0, 0, 0, 10000, 0, FALSE };
  notified = 0;
  kd_query_model_set_search (model, "没有这个人");
  wait_loaded (model);
  g_assert_cmpuint (kd_query_model_get_n_matches (model), ==, 0);
  g_assert_cmpuint (m.emissions, >, 1);
  g_assert_cmpuint (m.stale_items, >, 0);
  g_assert_cmpuint (m.wrong_matches, ==, 0);
  g_assert_true (m.reached);
  g_assert_cmpuint (notified, ==, 1);
  g_signal_handlers_disconnect_by_data (model, &m);
  g_signal_handlers_disconnect_by_data (model, &notified);
}

/* When the turns between steps are long all the same (a view whose rows
 * are costly), the rest of the change goes at once after two of them:
 * the same list at the end, in far fewer emissions. */
static void
test_slow_turns (Fixture *f, gconstpointer data)
{
  g_autoptr(KdQueryModel) model = new_model (f);
  Steps stepped = { { 20000, 0 }, 0 };
  Steps slow = { { 0, 0 }, 0 };

  _kd_query_model_set_slow_turn (model, 0);
  g_signal_connect (model, "items-changed", G_CALLBACK (record_step), &stepped);
  kd_query_model_set_search (model, "员工0");
  wait_loaded (model);
  g_signal_handlers_disconnect_by_data (model, &stepped);
  g_assert_cmpuint (stepped.t.n, ==, 10000);
  kd_query_model_set_search (model, "");
  wait_loaded (model);

  _kd_query_model_set_slow_turn (model, 1);
  slow.t.n = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_signal_connect (model, "items-changed", G_CALLBACK (record_step), &slow);
  kd_query_model_set_search (model, "员工0");
  wait_loaded (model);
  g_signal_handlers_disconnect_by_data (model, &slow);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 10000);
  g_assert_cmpuint (slow.t.n, ==, 10000);
  g_assert_cmpuint (slow.t.emissions, <=, 4);
  g_assert_cmpuint (slow.t.emissions * 4, <, stepped.t.emissions);
  g_assert_cmpuint (slow.largest_step, >, 8);
  {
    g_autoptr(KdStaff) top = item (model, 0);
    g_autoptr(KdStaff) last = item (model, 9999);

    wait_loaded (model);
    g_assert_cmpstr (kd_staff_get_job_number (top), ==, "10001");
    g_assert_cmpstr (kd_staff_get_job_number (last), ==, "20000");
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(name, n, fn) g_test_add (name, Fixture, GUINT_TO_POINTER (n), fixture_setup, fn, fixture_teardown)
  ADD ("/query-model/snapshot-and-pages", 30, test_snapshot_and_pages);
  ADD ("/query-model/search-and-filter", 30, test_search_and_filter);
  ADD ("/query-model/sort", 30, test_sort);
  ADD ("/query-model/exact-changes", 30, test_exact_changes);
  ADD ("/query-model/cache-bounded", 20000, test_cache_bounded);
  ADD ("/query-model/change-all", 30, test_change_all);
  ADD ("/query-model/selection-scan", 20000, test_selection_scan);
  ADD ("/query-model/consistent-counts", 20000, test_consistent_counts);
  ADD ("/query-model/random-reads-fill", 20000, test_random_reads_fill);
  ADD ("/query-model/count-first", 20000, test_count_first);
  ADD ("/query-model/change-during-snapshot", 20000, test_change_during_snapshot);
  ADD ("/query-model/stepped-changes", 20000, test_stepped_changes);
  ADD ("/query-model/n-matches", 20000, test_n_matches);
  ADD ("/query-model/slow-turns", 20000, test_slow_turns);
  return g_test_run ();
}
