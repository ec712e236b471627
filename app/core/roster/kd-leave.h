/* kd-leave.h: leave and swap requests, their kinds, statuses and the rules a request and its decision must meet. */
#pragma once

#include <glib-object.h>

#include "kd-staff.h"

G_BEGIN_DECLS

typedef enum {
  KD_LEAVE_ANNUAL,         /* 年假 */
  KD_LEAVE_SICK,           /* 病假 */
  KD_LEAVE_PERSONAL,       /* 事假 */
  KD_LEAVE_COMPENSATORY,   /* 调休 */
  KD_LEAVE_OTHER,          /* 其他 */
  KD_N_LEAVE_KINDS,
} KdLeaveKind;

const char *kd_leave_kind_to_key    (KdLeaveKind  kind);
gboolean    kd_leave_kind_from_key  (const char  *key,
                                     KdLeaveKind *out_kind);
const char *kd_leave_kind_get_label (KdLeaveKind  kind);
/* The one-character code of a leave day in the roster and its exports:
 * 年 病 事 调 假. Never an ASCII letter, so it cannot be taken for a shift. */
const char *kd_leave_kind_get_code  (KdLeaveKind  kind);
/* The Chinese name (年假, 病假, 事假, 调休, 其他) whatever the language:
 * exports are Chinese, like their 工号,姓名 header. */
const char *kd_leave_kind_get_zh_name (KdLeaveKind kind);
/* For a stored leave day: its kind key, or for days entered before
 * requests existed (kind ""), the reason ("年假" → 年); else 假. */
const char *kd_leave_day_code       (const char  *kind_key,
                                     const char  *reason);

/* The kind whose code is @code (年 → annual); FALSE for anything else. */
gboolean    kd_leave_kind_from_code (const char  *code,
                                     KdLeaveKind *out_kind);

typedef enum {
  KD_REQUEST_PENDING,
  KD_REQUEST_APPROVED,
  KD_REQUEST_REJECTED,
  KD_REQUEST_WITHDRAWN,
} KdRequestStatus;

const char *kd_request_status_to_key    (KdRequestStatus  status);
gboolean    kd_request_status_from_key  (const char      *key,
                                         KdRequestStatus *out_status);
const char *kd_request_status_get_label (KdRequestStatus  status);

/* The fields validation can refuse: the codes of KD_VALIDATION_ERROR. */
typedef enum {
  KD_REQUEST_FIELD_STAFF = 1,
  KD_REQUEST_FIELD_OTHER_STAFF,
  KD_REQUEST_FIELD_DAYS,
  KD_REQUEST_FIELD_KIND,
  KD_REQUEST_FIELD_REASON,
  KD_REQUEST_FIELD_DECIDER,
  KD_REQUEST_FIELD_STATUS,
} KdRequestField;

#define KD_LEAVE_MAX_DAYS     62   /* one request; longer leave is two */
#define KD_SWAP_MAX_DAYS      31
#define KD_REQUEST_REASON_MAX 200  /* characters */

/* "YYYY-MM-DD" strictly (zero-padded, a real date). */
gboolean kd_day_parse  (const char *text,
                        GDate      *out);
char    *kd_day_format (const GDate *date);

#define KD_TYPE_LEAVE_REQUEST (kd_leave_request_get_type ())
G_DECLARE_FINAL_TYPE (KdLeaveRequest, kd_leave_request, KD, LEAVE_REQUEST, GObject)

/* Plain fields: the store fills them, the service reads them. The
 * properties (staff-label, days-label, kind-label, reason, status-label,
 * decision-label) are what the lists show. */
struct _KdLeaveRequest
{
  GObject          parent_instance;
  gint64           id;
  gint64           staff_id;
  char            *staff_name;
  char            *staff_job_number;
  char            *first_day;      /* YYYY-MM-DD */
  char            *last_day;
  KdLeaveKind      kind;
  char            *reason;
  KdRequestStatus  status;
  gint64           created_at;
  gint64           decided_at;     /* 0: not decided */
  char            *decided_by_name;
  char            *decision_note;
};

KdLeaveRequest *kd_leave_request_new      (gint64          staff_id,
                                           const char     *first_day,
                                           const char     *last_day,
                                           KdLeaveKind     kind,
                                           const char     *reason);
void            kd_leave_request_assign   (KdLeaveRequest *self,
                                           KdLeaveRequest *other);
int             kd_leave_request_n_days   (KdLeaveRequest *self);
gboolean        kd_leave_request_validate (KdLeaveRequest *self,
                                           GError        **error);

#define KD_TYPE_SWAP_REQUEST (kd_swap_request_get_type ())
G_DECLARE_FINAL_TYPE (KdSwapRequest, kd_swap_request, KD, SWAP_REQUEST, GObject)

struct _KdSwapRequest
{
  GObject          parent_instance;
  gint64           id;
  gint64           staff_a;        /* who asks */
  gint64           staff_b;
  char            *a_name;
  char            *a_job_number;
  char            *b_name;
  char            *b_job_number;
  GStrv            days;           /* sorted YYYY-MM-DD */
  char            *reason;
  KdRequestStatus  status;
  gint64           created_at;
  gint64           decided_at;
  char            *decided_by_name;
  char            *decision_note;
};

/* @days: "2026-12-03,2026-12-05" or separated by spaces; sorted and
 * de-duplicated by kd_swap_request_validate(). */
KdSwapRequest  *kd_swap_request_new       (gint64          staff_a,
                                           gint64          staff_b,
                                           const char     *days,
                                           const char     *reason);
void            kd_swap_request_assign    (KdSwapRequest  *self,
                                           KdSwapRequest  *other);
char           *kd_swap_request_dup_days  (KdSwapRequest  *self);
gboolean        kd_swap_request_validate  (KdSwapRequest  *self,
                                           GError        **error);

/* Only a supervisor or the owner decides, and a supervisor not on their
 * own request (the owner may). @requester_ids ends with 0. */
gboolean kd_request_check_decider (KdStaff        *decider,
                                   const gint64   *requester_ids,
                                   GError        **error);
/* Only a pending request can be decided or withdrawn. */
gboolean kd_request_check_pending (KdRequestStatus status,
                                   GError        **error);

G_END_DECLS
