/* kd-ui-test-util.h: what the widget tests share: waiting for a condition, finding a widget, the store barrier. */
#pragma once

#include <gtk/gtk.h>

#include "kd-store.h"

typedef gboolean (*Cond) (gpointer data);

/* GTK delivers some signals late and the store answers from other threads:
 * spin until the condition holds (or 10 s pass). */
static inline gboolean
wait_for (Cond cond, gpointer data)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!cond (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  return TRUE;
}

typedef gboolean (*WidgetMatch) (GtkWidget *widget, gconstpointer data);

/* @widget or the first of its descendants (depth first) that @match accepts. */
static inline GtkWidget *
find_where (GtkWidget *widget, WidgetMatch match, gconstpointer data)
{
  if (match (widget, data))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_where (c, match, data);
      if (found)
        return found;
    }
  return NULL;
}

static inline gboolean
is_of_type (GtkWidget *widget, gconstpointer type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (type));
}

static inline GtkWidget *
find_descendant (GtkWidget *widget, GType type)
{
  return find_where (widget, is_of_type, GSIZE_TO_POINTER (type));
}

/* A write job that does nothing: once it has run, every write queued
 * before it has too. */
static inline gboolean
barrier_job (KdConn *conn, gpointer data, GError **error)
{
  return TRUE;
}

/* Pages still on their way hold the store until they land. */
static inline gboolean
only_ref (gpointer data)
{
  return G_OBJECT (data)->ref_count == 1;
}
