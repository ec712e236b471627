/* kd-toast.c: toast titles are Pango markup in libadwaita 1.2, so every text is escaped here, once. */
#include "kd-toast.h"

#include <glib/gi18n.h>

AdwToast *
kd_toast_new (const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text ? text : "", -1);
  return adw_toast_new (escaped);
}

static void
on_undo_clicked (AdwToast  *toast,
                 GtkWidget *owner)
{
  gtk_widget_activate_action (owner, g_object_get_data (G_OBJECT (toast), "kd-undo-action"), NULL);
}

/* A destructive action's toast: high priority, and its Undo button
 * activates @owner's @undo_action, so the shortcut (Ctrl+Z) and the button
 * do one and the same thing. */
AdwToast *
kd_toast_new_undo (GtkWidget  *owner,
                   const char *text,
                   const char *undo_action)
{
  AdwToast *toast = kd_toast_new (text);

  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_object_set_data_full (G_OBJECT (toast), "kd-undo-action", g_strdup (undo_action), g_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_undo_clicked), owner, 0);
  return toast;
}

/* Shows @toast (floating, taken) in the overlay around @widget; dropped
 * when the widget is not in a window with one (a test, a dialog closing). */
void
kd_toast_show (GtkWidget *widget,
               AdwToast  *toast)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

void
kd_toast_show_error (GtkWidget    *widget,
                     const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  kd_toast_show (widget, kd_toast_new (error->message));
}

/* libadwaita 1.2 asserts when a high-priority toast pushes back one that
 * is on screen and that one comes back: the owner's previous toast
 * (*@shown, a weak pointer the owner clears in dispose) goes first, so at
 * most one of its toasts is ever queued. */
void
kd_toast_show_replacing (GtkWidget  *widget,
                         AdwToast  **shown,
                         AdwToast   *toast)
{
  if (*shown != NULL)
    {
      AdwToast *previous = *shown;

      g_clear_weak_pointer (shown);
      adw_toast_dismiss (previous);
    }
  g_set_weak_pointer (shown, toast);
  kd_toast_show (widget, toast);
}
