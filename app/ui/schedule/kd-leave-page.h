/* kd-leave-page.h: the Schedule page's leave and swap requests: asking, approving or rejecting, undo. */
#pragma once

#include <adwaita.h>

#include "kd-context.h"

G_BEGIN_DECLS

#define KD_TYPE_LEAVE_PAGE (kd_leave_page_get_type ())
G_DECLARE_FINAL_TYPE (KdLeavePage, kd_leave_page, KD, LEAVE_PAGE, GtkWidget)

/* Tests. */
GListModel *_kd_leave_page_get_leave_model (KdLeavePage *self);
GListModel *_kd_leave_page_get_swap_model  (KdLeavePage *self);
void        _kd_leave_page_select_swap     (KdLeavePage *self,
                                            guint        position);
gboolean    _kd_leave_page_is_busy         (KdLeavePage *self);
AdwToast   *_kd_leave_page_get_undo_toast  (KdLeavePage *self);

G_END_DECLS
