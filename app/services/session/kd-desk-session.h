/* kd-desk-session.h: who is signed in at this desk; remembered on this computer, recorded in the database. */
#pragma once

#include "kd-staff-service.h"

G_BEGIN_DECLS

#define KD_TYPE_DESK_SESSION (kd_desk_session_get_type ())
G_DECLARE_FINAL_TYPE (KdDeskSession, kd_desk_session, KD, DESK_SESSION, GObject)

KdDeskSession *kd_desk_session_new            (KdStore             *store,
                                               KdStaffService      *staff,
                                               GSettings           *settings);
KdStaff       *kd_desk_session_get_agent      (KdDeskSession       *self);
/* Whether the signed-in agent is the shop owner: the privacy log is
 * theirs to read. */
gboolean       kd_desk_session_is_owner       (KdDeskSession       *self);
/* Whether customers' phones and addresses are shown unmasked without a
 * Reveal: the owner is signed in and has turned on the "show-full-phone"
 * preference. Everyone else sees them masked until Reveal (audited).
 * Property "show-unmasked", notified when the agent, their role or the
 * preference change. */
gboolean       kd_desk_session_get_show_unmasked (KdDeskSession    *self);
void           kd_desk_session_restore        (KdDeskSession       *self);
gboolean       kd_desk_session_sign_in        (KdDeskSession       *self,
                                               const char          *job_number,
                                               GError             **error);
void           kd_desk_session_sign_in_async  (KdDeskSession       *self,
                                               const char          *job_number,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean       kd_desk_session_sign_in_finish (KdDeskSession       *self,
                                               GAsyncResult        *result,
                                               GError             **error);

/* The audit log, stamped with whoever is signed in now. _record runs
 * inside the caller's store job (it commits with the action); _async
 * records a UI-only event (unmasking contact data) on its own. */
gboolean       kd_desk_session_audit_record   (KdDeskSession       *self,
                                               KdConn              *conn,
                                               const char          *action,
                                               const char          *entity,
                                               const gint64        *ids,
                                               guint                n_ids,
                                               const char          *detail,
                                               GError             **error);
void           kd_desk_session_audit_async    (KdDeskSession       *self,
                                               const char          *action,
                                               const char          *entity,
                                               const char          *detail);

G_END_DECLS
