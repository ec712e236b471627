/* kd-leave-repo.h: leave and swap requests in the store; approving one writes the roster (leave_days, roster_assignments) in the same transaction. */
#pragma once

#include "kd-leave.h"
#include "kd-query-model.h"
#include "kd-store.h"

G_BEGIN_DECLS

typedef enum {
  KD_REQUEST_TYPE_LEAVE,
  KD_REQUEST_TYPE_SWAP,
} KdRequestType;

const KdQuerySpec *kd_leave_repo_leave_query_spec (void);   /* filters "status" (s), "staff" (x) */
const KdQuerySpec *kd_leave_repo_swap_query_spec  (void);   /* filters "status" (s), "staff" (x) */

/* Validates (core), stores as pending and sets @request's id. */
gboolean        kd_leave_repo_insert_leave  (KdConn          *conn,
                                             KdLeaveRequest  *request,
                                             gint64           created_by,
                                             gint64           now,
                                             GError         **error);
gboolean        kd_leave_repo_insert_swap   (KdConn          *conn,
                                             KdSwapRequest   *request,
                                             gint64           created_by,
                                             gint64           now,
                                             GError         **error);
KdLeaveRequest *kd_leave_repo_get_leave     (KdConn          *conn,
                                             gint64           id,
                                             GError         **error);
KdSwapRequest  *kd_leave_repo_get_swap      (KdConn          *conn,
                                             gint64           id,
                                             GError         **error);
GPtrArray      *kd_leave_repo_list_leave    (KdConn          *conn,
                                             const char      *status_key,   /* NULL: all */
                                             GError         **error);

/* A pending request approved (the roster changes, every changed cell kept
 * in request_cells), rejected or withdrawn. The decider's rights are the
 * service's to check; this checks the request is still pending and, for a
 * swap, that neither person is on leave on its days. */
gboolean        kd_leave_repo_decide        (KdConn          *conn,
                                             KdRequestType    type,
                                             gint64           id,
                                             KdRequestStatus  decision,
                                             gint64           decided_by,
                                             const char      *note,
                                             gint64           now,
                                             GError         **error);
/* Undoes a decision: the roster cells back as they were, the request pending again. */
gboolean        kd_leave_repo_undo_decision (KdConn          *conn,
                                             KdRequestType    type,
                                             gint64           id,
                                             GError         **error);
/* Leave days between @from and @to (YYYY-MM-DD, inclusive) with their
 * one-character code (kd_leave_day_code): KdLeaveDayCode items. */
typedef struct {
  gint64      staff_id;
  char        day[11];
  const char *code;       /* static */
} KdLeaveDayCode;

GArray         *kd_leave_repo_leave_codes   (KdConn          *conn,
                                             const char      *from,
                                             const char      *to,
                                             GError         **error);
/* The demo's requests: one approved, one pending, one rejected leave and a pending swap. */
gboolean        kd_leave_repo_add_demo      (KdConn          *conn,
                                             GError         **error);

G_END_DECLS
