/* kd-audit-repo.h: the audit log of privacy-relevant actions: who was at the desk, when, what, which records. */
#pragma once

#include "kd-staff.h"
#include "kd-store.h"

G_BEGIN_DECLS

typedef struct {
  gint64  id;
  gint64  at;          /* UTC Unix seconds */
  gint64  staff_id;    /* 0: nobody signed in (CLI, background) */
  char   *action;      /* e.g. "customer.unmask-phone", "customers.export", "customer.merge" */
  char   *entity;      /* e.g. "customer", "order", "staff" */
  char   *record_ids;  /* "12,15,40"; empty when only the count is kept */
  guint   n_records;
  char   *detail;
} KdAuditEntry;

void          kd_audit_entry_free  (KdAuditEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KdAuditEntry, kd_audit_entry_free)

/* Records one action in the caller's job, so it commits or rolls back with
 * the action itself. At most KD_AUDIT_MAX_IDS ids are listed; n_ids is
 * always kept whole. */
#define KD_AUDIT_MAX_IDS 200

gboolean      kd_audit_repo_record (KdConn        *conn,
                                    KdStaff       *agent,
                                    const char    *action,
                                    const char    *entity,
                                    const gint64  *ids,
                                    guint          n_ids,
                                    const char    *detail,
                                    GError       **error);
GPtrArray    *kd_audit_repo_list   (KdConn        *conn,
                                    const char    *entity,
                                    gint64         since,
                                    guint          limit,
                                    GError       **error);

G_END_DECLS
