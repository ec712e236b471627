/* kd-handover-repo.h: the handover book in the store: writing, acknowledging, the open ones, the searchable history. */
#pragma once

#include "kd-handover.h"
#include "kd-query-model.h"
#include "kd-store.h"

G_BEGIN_DECLS

/* Rows are KdHandover with the first item only (n_items says how many);
 * search over author, note, items, order numbers and customers; filters
 * "open" (b: not acknowledged), "author" (x); sort "written". */
const KdQuerySpec *kd_handover_repo_query_spec   (void);

/* Validates (core), fills in the author's name and sets @handover's id. */
gboolean    kd_handover_repo_insert          (KdConn      *conn,
                                              KdHandover  *handover,
                                              gint64       now,
                                              GError     **error);
KdHandover *kd_handover_repo_get             (KdConn      *conn,
                                              gint64       id,
                                              GError     **error);
/* Not yet acknowledged, oldest first, with their items; @except_author's
 * own are left out (0: none left out). */
GPtrArray  *kd_handover_repo_list_open       (KdConn      *conn,
                                              gint64       except_author,
                                              GError     **error);
gboolean    kd_handover_repo_acknowledge     (KdConn      *conn,
                                              gint64       id,
                                              gint64       by,
                                              gint64       now,
                                              GError     **error);
gboolean    kd_handover_repo_unacknowledge   (KdConn      *conn,
                                              gint64       id,
                                              GError     **error);
gboolean    kd_handover_repo_add_demo        (KdConn      *conn,
                                              gint64       now,
                                              GError     **error);

G_END_DECLS
