/* kd-handover-page.h: the handover book (交接班) on the Schedule page: write, acknowledge, search the history. */
#pragma once

#include <adwaita.h>

#include "kd-context.h"

G_BEGIN_DECLS

#define KD_TYPE_HANDOVER_PAGE (kd_handover_page_get_type ())
G_DECLARE_FINAL_TYPE (KdHandoverPage, kd_handover_page, KD, HANDOVER_PAGE, GtkWidget)

/* The dialog that asks for the pending items, as the page builds it
 * (tests fill it in and answer it). */
AdwMessageDialog *kd_handover_page_open_writer (KdHandoverPage *self);

/* Tests. */
GListModel *_kd_handover_page_get_model  (KdHandoverPage *self);
gboolean    _kd_handover_page_is_busy    (KdHandoverPage *self);
const char *_kd_handover_page_get_state  (KdHandoverPage *self);

G_END_DECLS
