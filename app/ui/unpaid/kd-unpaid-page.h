/* kd-unpaid-page.h: the Unpaid page: orders overdue or soon due with live countdowns, follow-up and snooze; the follow-up report. */
#pragma once

#include <adwaita.h>

#include "kd-context.h"

G_BEGIN_DECLS

#define KD_TYPE_UNPAID_PAGE (kd_unpaid_page_get_type ())
G_DECLARE_FINAL_TYPE (KdUnpaidPage, kd_unpaid_page, KD, UNPAID_PAGE, GtkWidget)

/* Shows the list; with @order_id > 0, that order selected and scrolled to
 * once the list has it (the agent filter is cleared if it hides it). */
void   kd_unpaid_page_show_order  (KdUnpaidPage *self,
                                   gint64        order_id);
/* Overdue orders neither followed up nor paid, as last read (any agent). */
guint  kd_unpaid_page_get_n_open  (KdUnpaidPage *self);

G_END_DECLS
