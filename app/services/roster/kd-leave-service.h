/* kd-leave-service.h: leave and swap requests: asking, deciding (supervisors only), undoing a decision; for the window and tests. */
#pragma once

#include <gio/gio.h>

#include "kd-leave.h"
#include "kd-query-model.h"
#include "kd-store.h"

G_BEGIN_DECLS

typedef enum {
  KD_LEAVE_SERVICE_LEAVE,
  KD_LEAVE_SERVICE_SWAP,
} KdRequestKind;

#define KD_TYPE_LEAVE_SERVICE (kd_leave_service_get_type ())
G_DECLARE_FINAL_TYPE (KdLeaveService, kd_leave_service, KD, LEAVE_SERVICE, GObject)

KdLeaveService *kd_leave_service_new               (KdStore          *store);

/* KdQueryModels of KdLeaveRequest / KdSwapRequest, pending first then
 * newest; filters "status" (a status key) and "staff" (int64). */
KdQueryModel   *kd_leave_service_create_leave_model (KdLeaveService  *self);
KdQueryModel   *kd_leave_service_create_swap_model  (KdLeaveService  *self);

/* Synchronous (tests, CLI). @by is who is at the desk (may be NULL). */
gboolean        kd_leave_service_submit_leave      (KdLeaveService   *self,
                                                    KdLeaveRequest   *request,
                                                    KdStaff          *by,
                                                    GError          **error);
gboolean        kd_leave_service_submit_swap       (KdLeaveService   *self,
                                                    KdSwapRequest    *request,
                                                    KdStaff          *by,
                                                    GError          **error);
/* @decision: APPROVED, REJECTED, or WITHDRAWN (by anyone, of a pending
 * request). Approving or rejecting needs @decider to be a supervisor who
 * did not ask, or the owner; approving writes the roster. Audited. */
gboolean        kd_leave_service_decide            (KdLeaveService   *self,
                                                    KdRequestKind     kind,
                                                    gint64            id,
                                                    KdRequestStatus   decision,
                                                    KdStaff          *decider,
                                                    const char       *note,
                                                    GError          **error);
gboolean        kd_leave_service_undo_decision     (KdLeaveService   *self,
                                                    KdRequestKind     kind,
                                                    gint64            id,
                                                    KdStaff          *by,
                                                    GError          **error);
KdLeaveRequest *kd_leave_service_get_leave         (KdLeaveService   *self,
                                                    gint64            id,
                                                    GError          **error);
KdSwapRequest  *kd_leave_service_get_swap          (KdLeaveService   *self,
                                                    gint64            id,
                                                    GError          **error);

/* The same, one store job each, for the window. */
void            kd_leave_service_submit_leave_async (KdLeaveService  *self,
                                                    KdLeaveRequest   *request,
                                                    KdStaff          *by,
                                                    GCancellable     *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer          user_data);
void            kd_leave_service_submit_swap_async (KdLeaveService   *self,
                                                    KdSwapRequest    *request,
                                                    KdStaff          *by,
                                                    GCancellable     *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer          user_data);
void            kd_leave_service_decide_async      (KdLeaveService   *self,
                                                    KdRequestKind     kind,
                                                    gint64            id,
                                                    KdRequestStatus   decision,
                                                    KdStaff          *decider,
                                                    const char       *note,
                                                    GCancellable     *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer          user_data);
void            kd_leave_service_undo_decision_async (KdLeaveService *self,
                                                    KdRequestKind     kind,
                                                    gint64            id,
                                                    KdStaff          *by,
                                                    GCancellable     *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer          user_data);
/* For every _async above. */
gboolean        kd_leave_service_finish            (KdLeaveService   *self,
                                                    GAsyncResult     *result,
                                                    GError          **error);

G_END_DECLS
