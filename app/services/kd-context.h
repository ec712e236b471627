/* kd-context.h: what every window, page and dialog needs, handed down as one construct-only property. */
#pragma once

#include <gio/gio.h>

#include "kd-clock.h"
#include "kd-customer-service.h"
#include "kd-desk-session.h"
#include "kd-order-service.h"
#include "kd-handover-service.h"
#include "kd-leave-service.h"
#include "kd-phrase-service.h"
#include "kd-roster-service.h"
#include "kd-staff-service.h"
#include "kd-store.h"
#include "kd-unpaid-service.h"

G_BEGIN_DECLS

#define KD_TYPE_CONTEXT (kd_context_get_type ())
G_DECLARE_FINAL_TYPE (KdContext, kd_context, KD, CONTEXT, GObject)

KdContext      *kd_context_new               (KdStore    *store,
                                              GSettings  *settings);
KdStore        *kd_context_get_store         (KdContext  *self);
GSettings      *kd_context_get_settings      (KdContext  *self);
KdClock        *kd_context_get_clock         (KdContext  *self);
KdDeskSession  *kd_context_get_session       (KdContext  *self);
KdStaffService *kd_context_get_staff_service (KdContext  *self);
KdRosterService *kd_context_get_roster_service (KdContext *self);
KdPhraseService *kd_context_get_phrase_service (KdContext *self);
KdCustomerService *kd_context_get_customer_service (KdContext *self);
KdOrderService *kd_context_get_order_service (KdContext *self);
KdLeaveService *kd_context_get_leave_service (KdContext *self);
KdHandoverService *kd_context_get_handover_service (KdContext *self);
KdUnpaidService *kd_context_get_unpaid_service (KdContext *self);
/* The window's: cancelled when it closes, so its pending work stops. */
GCancellable   *kd_context_get_cancellable   (KdContext  *self);

G_END_DECLS
