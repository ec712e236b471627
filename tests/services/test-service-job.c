/* test-service-job.c: the shared _async/_finish helper of the services over a real store: results, errors, the done hook, cancelling, threads, freeing the job once. */
#include <glib/gstdio.h>

#include "kd-service-job.h"
#include "kd-store.h"
#include "kd-test-util.h"

typedef struct {
  char    *dir;
  KdStore *store;
  GObject *source;
} Fixture;

typedef struct {
  gboolean  fail;         /* the store job fails */
  gboolean  refuse;       /* the done hook fails */
  gboolean  ran;
  GThread  *ran_in;
  gpointer  done_source;
  guint     done_calls;
  char     *result;
  guint    *freed;        /* counts the frees, outlives the job */
} TestJob;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("kd-test-service-job-XXXXXX", NULL);
  path = g_build_filename (f->dir, "shop.db", NULL);
  f->store = kd_store_open_full (path, KD_STORE_OPEN_CREATE, NULL);
  g_assert_nonnull (f->store);
  f->source = g_object_new (G_TYPE_OBJECT, NULL);
}

/* A reader's task lets go of the store in its worker thread, a moment
 * after the result has reached the main context. */
static void
wait_last_ref (gpointer object)
{
  gint64 give_up = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (g_atomic_int_get (&G_OBJECT (object)->ref_count) > 1 && g_get_monotonic_time () < give_up)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_assert_finalize_object (f->source);
  wait_last_ref (f->store);
  g_assert_finalize_object (f->store);
  kd_test_rm_rf (f->dir);
  g_free (f->dir);
}

static TestJob *
test_job_new (guint *freed)
{
  TestJob *job = g_new0 (TestJob, 1);

  job->freed = freed;
  return job;
}

static void
test_job_free (TestJob *job)
{
  (*job->freed)++;
  g_free (job->result);
  g_free (job);
}

static gboolean
setting_job (KdConn   *conn,
             gpointer  data,
             GError  **error)
{
  TestJob *job = data;

  job->ran = TRUE;
  job->ran_in = g_thread_self ();
  if (job->fail)
    {
      g_set_error_literal (error, KD_STORE_ERROR, KD_STORE_ERROR_INVALID, "refused by the job");
      return FALSE;
    }
  if (!kd_conn_set_setting (conn, "test.key", "written", error))
    return FALSE;
  job->result = kd_conn_get_setting (conn, "test.key", "");
  return TRUE;
}

static gboolean
read_job (KdConn   *conn,
          gpointer  data,
          GError  **error)
{
  TestJob *job = data;

  job->ran = TRUE;
  job->ran_in = g_thread_self ();
  job->result = kd_conn_get_setting (conn, "test.key", "missing");
  return TRUE;
}

static gboolean
done_hook (gpointer   source_object,
           gpointer   data,
           GError   **error)
{
  TestJob *job = data;

  job->done_source = source_object;
  job->done_calls++;
  g_assert_true (job->ran);
  if (job->refuse)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, "refused by the hook");
      return FALSE;
    }
  return TRUE;
}

static void
got_result (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* A worker thread lets go of its task (and so of the job) a moment after
 * the result has reached the main context. */
static void
wait_freed (guint *freed,
            guint  count)
{
  gint64 give_up = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while ((guint) g_atomic_int_get (freed) < count && g_get_monotonic_time () < give_up)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_cmpuint (*freed, ==, count);
}

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

static void
test_write_result (Fixture *f, gconstpointer data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stored = NULL;
  guint freed = 0;
  TestJob *job = test_job_new (&freed);
  TestJob *got;

  kd_service_job_run_async (f->source, test_write_result, f->store, KD_SERVICE_JOB_WRITE, setting_job, job,
                            (GDestroyNotify) test_job_free, done_hook, NULL, got_result, &result);
  g_assert_cmpuint (freed, ==, 0);
  wait_for (&result);

  got = kd_service_job_finish (f->source, result, test_write_result, &error);
  g_assert_no_error (error);
  g_assert_true (got == job);
  g_assert_true (got->ran);
  g_assert_false (got->ran_in == g_thread_self ());
  g_assert_cmpuint (got->done_calls, ==, 1);
  g_assert_true (got->done_source == f->source);
  g_assert_cmpstr (got->result, ==, "written");
  g_assert_cmpuint (freed, ==, 0);   /* lent to the caller with the result */
  g_clear_object (&result);
  g_assert_cmpuint (freed, ==, 1);

  stored = kd_store_get_setting (f->store, "test.key", "");
  g_assert_cmpstr (stored, ==, "written");
}

static void
test_read_result (Fixture *f, gconstpointer data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint freed = 0;
  TestJob *got;

  g_assert_true (kd_store_set_setting (f->store, "test.key", "before", NULL));
  kd_service_job_run_async (f->source, NULL, f->store, KD_SERVICE_JOB_READ, read_job, test_job_new (&freed),
                            (GDestroyNotify) test_job_free, NULL, NULL, got_result, &result);
  wait_for (&result);
  /* Nothing to hand on: a plain boolean finish works too. */
  g_assert_true (g_task_propagate_boolean (G_TASK (result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_cmpuint (freed, ==, 1);

  result = NULL;
  kd_service_job_run_async (f->source, NULL, f->store, KD_SERVICE_JOB_READ, read_job, test_job_new (&freed),
                            (GDestroyNotify) test_job_free, NULL, NULL, got_result, &result);
  wait_for (&result);
  got = kd_service_job_finish (f->source, result, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (got);
  g_assert_cmpstr (got->result, ==, "before");
  g_assert_cmpuint (got->done_calls, ==, 0);
  g_clear_object (&result);
  g_assert_cmpuint (freed, ==, 2);
}

static void
test_job_fails (Fixture *f, gconstpointer data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stored = NULL;
  guint freed = 0;
  TestJob *job = test_job_new (&freed);

  job->fail = TRUE;
  kd_service_job_run_async (f->source, test_job_fails, f->store, KD_SERVICE_JOB_WRITE, setting_job, job,
                            (GDestroyNotify) test_job_free, done_hook, NULL, got_result, &result);
  wait_for (&result);
  g_assert_true (job->ran);
  g_assert_cmpuint (job->done_calls, ==, 0);
  g_assert_null (kd_service_job_finish (f->source, result, test_job_fails, &error));
  g_assert_error (error, KD_STORE_ERROR, KD_STORE_ERROR_INVALID);
  g_clear_object (&result);
  g_assert_cmpuint (freed, ==, 1);
  stored = kd_store_get_setting (f->store, "test.key", "none");
  g_assert_cmpstr (stored, ==, "none");
}

static void
test_done_refuses (Fixture *f, gconstpointer data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint freed = 0;
  TestJob *job = test_job_new (&freed);

  job->refuse = TRUE;
  kd_service_job_run_async (f->source, test_done_refuses, f->store, KD_SERVICE_JOB_WRITE, setting_job, job,
                            (GDestroyNotify) test_job_free, done_hook, NULL, got_result, &result);
  wait_for (&result);
  g_assert_cmpuint (job->done_calls, ==, 1);
  g_assert_null (kd_service_job_finish (f->source, result, test_done_refuses, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_clear_object (&result);
  g_assert_cmpuint (freed, ==, 1);
}

static void
test_cancelled (Fixture *f, gconstpointer data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  guint freed = 0;

  g_cancellable_cancel (cancellable);
  kd_service_job_run_async (f->source, test_cancelled, f->store, KD_SERVICE_JOB_WRITE, setting_job,
                            test_job_new (&freed), (GDestroyNotify) test_job_free, done_hook,
                            cancellable, got_result, &result);
  wait_for (&result);
  g_assert_null (kd_service_job_finish (f->source, result, test_cancelled, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_object (&result);
  g_assert_cmpuint (freed, ==, 1);
}

static gboolean
thread_func (gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  TestJob *job = data;

  job->ran = TRUE;
  job->ran_in = g_thread_self ();
  if (job->fail)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "disk full");
      return FALSE;
    }
  job->result = g_strdup ("from the thread");
  return TRUE;
}

static void
test_thread (Fixture *f, gconstpointer data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint freed = 0;
  TestJob *job = test_job_new (&freed);
  TestJob *got;

  kd_service_job_run_in_thread (NULL, test_thread, thread_func, job, (GDestroyNotify) test_job_free,
                                NULL, got_result, &result);
  wait_for (&result);
  got = kd_service_job_finish (NULL, result, test_thread, &error);
  g_assert_no_error (error);
  g_assert_true (got == job);
  g_assert_false (got->ran_in == g_thread_self ());
  g_assert_cmpstr (got->result, ==, "from the thread");
  g_clear_object (&result);
  wait_freed (&freed, 1);

  job = test_job_new (&freed);
  job->fail = TRUE;
  kd_service_job_run_in_thread (f->source, test_thread, thread_func, job, (GDestroyNotify) test_job_free,
                                NULL, got_result, &result);
  wait_for (&result);
  g_assert_null (kd_service_job_finish (f->source, result, test_thread, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  g_clear_object (&result);
  wait_freed (&freed, 2);
}

static void
test_sync (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  guint freed = 0;
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) test_job_free);
  TestJob *w = test_job_new (&freed);
  TestJob *r = test_job_new (&freed);
  TestJob *bad = test_job_new (&freed);

  g_ptr_array_add (jobs, w);
  g_ptr_array_add (jobs, r);
  g_ptr_array_add (jobs, bad);
  g_assert_true (kd_service_job_run (f->store, KD_SERVICE_JOB_WRITE, setting_job, w, &error));
  g_assert_no_error (error);
  g_assert_true (kd_service_job_run (f->store, KD_SERVICE_JOB_READ, read_job, r, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (r->result, ==, "written");
  bad->fail = TRUE;
  g_assert_false (kd_service_job_run (f->store, KD_SERVICE_JOB_WRITE, setting_job, bad, &error));
  g_assert_error (error, KD_STORE_ERROR, KD_STORE_ERROR_INVALID);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/service-job/write", Fixture, NULL, fixture_setup, test_write_result, fixture_teardown);
  g_test_add ("/service-job/read", Fixture, NULL, fixture_setup, test_read_result, fixture_teardown);
  g_test_add ("/service-job/job-fails", Fixture, NULL, fixture_setup, test_job_fails, fixture_teardown);
  g_test_add ("/service-job/done-refuses", Fixture, NULL, fixture_setup, test_done_refuses, fixture_teardown);
  g_test_add ("/service-job/cancelled", Fixture, NULL, fixture_setup, test_cancelled, fixture_teardown);
  g_test_add ("/service-job/thread", Fixture, NULL, fixture_setup, test_thread, fixture_teardown);
  g_test_add ("/service-job/sync", Fixture, NULL, fixture_setup, test_sync, fixture_teardown);
  return g_test_run ();
}
