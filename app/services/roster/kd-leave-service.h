/* kd-leave-service.h: leave and swap requests: asking, deciding (supervisors only), undoing a decision; for the window and tests. */
#pragma once

#include <gio/gio.h>

#include "kd-leave.h"
#include "kd-query-model.h"
#include "kd-store.h"

G_BEGIN_DECLS

#define KD_LEAVE_SERVICE_ERROR (kd_leave_service_error_quark ())

typedef enum {
  KD_LEAVE_SERVICE_ERROR_BREAKS_RULES,  /* approving would break roster rules; confirm first */
} KdLeaveServiceError;

GQuark kd_leave_service_error_quark (void);

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
 * did not ask, or the owner; approving writes the roster. Audited.
 * Approving is refused (KD_LEAVE_SERVICE_ERROR_BREAKS_RULES, the rules
 * named) when the roster would break rules it does not break now; the
 * supervisor sees kd_leave_service_check_approval()'s list and then
 * approves with kd_leave_service_approve_confirmed(). */
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
/* Approves although the roster then breaks the rules listed by
 * kd_leave_service_check_approval(): the supervisor has seen them. */
gboolean        kd_leave_service_approve_confirmed (KdLeaveService *self,
                                                    KdRequestKind     kind,
                                                    gint64            id,
                                                    KdStaff          *decider,
                                                    const char       *note,
                                                    GError          **error);
/* What approving request @id would break (char*, translated): the rule
 * violations the roster would have afterwards that it does not have now,
 * in every month the request touches and the month after (rest and days
 * in a row carry across). Empty when approving breaks nothing. Reads
 * only. */
GPtrArray      *kd_leave_service_check_approval    (KdLeaveService   *self,
                                                    KdRequestKind     kind,
                                                    gint64            id,
                                                    GError          **error);
void            kd_leave_service_check_approval_async (KdLeaveService *self,
                                                    KdRequestKind     kind,
                                                    gint64            id,
                                                    GCancellable     *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer          user_data);
GPtrArray      *kd_leave_service_check_approval_finish (KdLeaveService *self,
                                                    GAsyncResult     *result,
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
void            kd_leave_service_approve_confirmed_async (KdLeaveService *self,
                                                    KdRequestKind     kind,
                                                    gint64            id,
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
