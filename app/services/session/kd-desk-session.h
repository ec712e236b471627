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

G_END_DECLS
