/* kd-invoke.h: run a function in a main context's own thread, never in the caller's. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Calls @func (@data) at once when the calling thread owns @context, and
 * otherwise from an idle source attached to it, so in the thread that
 * iterates it; @notify (if given) frees @data afterwards.
 *
 * Not g_main_context_invoke_full(): when no thread owns the context at
 * that moment (a thread that iterates it by hand, between two
 * iterations), that runs @func in the calling thread, beside the owner's
 * next iteration. The store thread completing a job that way once
 * refreshed a query model on the store thread while the main thread used
 * it (ASan: heap-use-after-free in the model's on_store_changed()). */
static inline void
kd_invoke (GMainContext   *context,
           GSourceFunc     func,
           gpointer        data,
           GDestroyNotify  notify)
{
  GSource *source;

  if (context == NULL)
    context = g_main_context_default ();
  if (g_main_context_is_owner (context))
    {
      func (data);
      if (notify != NULL)
        notify (data);
      return;
    }
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, data, notify);
  g_source_set_static_name (source, "[kefu-desk] kd_invoke");
  g_source_attach (source, context);
  g_source_unref (source);
}

G_END_DECLS
