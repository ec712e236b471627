/* kd-customer-service-private.h: what the customer service's files share: a change (what was asked, how to put it back) and the service's fields. */
#pragma once

#include "kd-customer-service.h"
#include "kd-store.h"

G_BEGIN_DECLS

typedef enum {
  OP_SAVE,
  OP_DELETE,
  OP_TAG,
  OP_SET_OWNER,
  OP_SAVE_TAG,
  OP_DELETE_TAG,
  OP_MERGE_TAGS,
  OP_MERGE,
  OP_UNDO,
} KdCustomerOp;

struct _KdCustomerChange
{
  gatomicrefcount    ref;
  KdCustomerOp       op;
  KdDeskSession     *session;    /* for the audit log; may be NULL */
  gint64             agent_id;   /* who is signed in, taken on the caller's thread */
  gint64             now;

  /* What was asked. */
  KdCustomer        *customer;   /* save: in, then as stored; merge: the kept one as stored */
  GArray            *ids;        /* delete, tag, owner */
  gint64             tag_id;
  gboolean           add;
  gint64             owner_id;
  KdTag             *tag;        /* save tag: in, then as stored */
  gint64             from_id;    /* merge tags: from → into; merge: remove → keep */
  gint64             into_id;

  /* How to put it back. */
  gboolean           undoable;
  GPtrArray         *before;     /* KdCustomer written back whole */
  GArray            *created;    /* customer ids that did not exist */
  GArray            *changed;    /* tag: ids whose tags changed; owner: ids */
  GArray            *old_owners; /* owner: parallel to changed */
  KdTag             *tag_before; /* tag save (update), delete, merge: the tag as it was */
  gboolean           tag_created;
  GArray            *tag_members;/* delete/merge tags: who had tag_before */
  GArray            *into_added; /* merge tags: who got the kept tag from the merge */
  GArray            *order_ids;  /* merge: orders moved to the kept profile */
  GArray            *audit_rows; /* merge: audit rows rewritten, and what they said */
  GPtrArray         *audit_old;
  KdCustomerChange  *undo;       /* OP_UNDO: what is undone */

  guint              n_changed;
};

struct _KdCustomerService
{
  GObject        parent_instance;

  KdStore       *store;
  KdDeskSession *session;
  GListStore    *tags;
  GHashTable    *tags_by_id;    /* gint64 id → KdTag (in tags) */
  gulong         changed_id;
  guint          tags_generation;
  GMainContext  *context;
};

/* An array of gint64 holding @ids (may be NULL when @n is 0). */
GArray           *kd_customer_ids_new      (const gint64 *ids,
                                            guint         n);
GArray           *kd_customer_ids_empty    (void);
/* A change of kind @op, stamped on the caller's thread with who is signed in and the time. */
KdCustomerChange *kd_customer_change_new   (KdCustomerService *self,
                                            KdCustomerOp       op);
/* Writes an audit row for @ids through the desk session (who is signed in), inside @conn's job. */
gboolean          kd_customer_change_audit (KdCustomerChange *c,
                                            KdConn           *conn,
                                            const char       *action,
                                            const gint64     *ids,
                                            guint             n,
                                            const char       *detail,
                                            GError          **error);
/* The store job that carries out a change of kind @op (kd-customer-writes.c). */
KdStoreFunc       kd_customer_write_job    (KdCustomerOp op);

G_END_DECLS
