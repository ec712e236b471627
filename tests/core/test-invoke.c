/* test-invoke.c: kd_invoke() runs in the thread that iterates the context, even while nobody owns it. */
#include <glib.h>

#include "kd-invoke.h"

typedef struct {
  GThread *ran_in;
  gint     calls;
  gint     freed;
} Call;

static gboolean
record (gpointer data)
{
  Call *c = data;

  c->ran_in = g_thread_self ();
  g_atomic_int_inc (&c->calls);
  return G_SOURCE_REMOVE;
}

static void
count_free (gpointer data)
{
  Call *c = data;
  g_atomic_int_inc (&c->freed);
}

static gpointer
invoke_from_worker (gpointer data)
{
  kd_invoke (NULL, record, data, count_free);
  return NULL;
}

/* The main thread does not own the default context between iterations:
 * g_main_context_invoke_full() would run the call in the worker; this
 * waits for the main thread's next iteration. */
static void
test_not_in_caller (void)
{
  Call c = { NULL, 0, 0 };
  GThread *worker;

  g_assert_false (g_main_context_is_owner (g_main_context_default ()));
  worker = g_thread_new ("invoke", invoke_from_worker, &c);
  g_thread_join (worker);
  g_assert_cmpint (g_atomic_int_get (&c.calls), ==, 0);
  g_assert_cmpint (g_atomic_int_get (&c.freed), ==, 0);

  while (g_atomic_int_get (&c.calls) == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (c.ran_in == g_thread_self ());
  g_assert_cmpint (c.calls, ==, 1);
  g_assert_cmpint (c.freed, ==, 1);
}

/* The owner calling: at once, in its own thread. */
static void
test_owner_at_once (void)
{
  Call c = { NULL, 0, 0 };
  GMainContext *context = g_main_context_new ();

  g_assert_true (g_main_context_acquire (context));
  kd_invoke (context, record, &c, count_free);
  g_assert_cmpint (c.calls, ==, 1);
  g_assert_cmpint (c.freed, ==, 1);
  g_assert_true (c.ran_in == g_thread_self ());
  g_main_context_release (context);
  g_main_context_unref (context);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/invoke/not-in-caller", test_not_in_caller);
  g_test_add_func ("/invoke/owner-at-once", test_owner_at_once);
  return g_test_run ();
}
