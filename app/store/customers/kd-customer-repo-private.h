/* kd-customer-repo-private.h: what the customer repository's four files share (kd-customer-repo.c: profiles and their rows; -query.c: the list's query; -tags.c: tags; -bulk.c: audit moves, lists, import). */
#pragma once

#include "kd-customer-repo.h"
#include "kd-query-model-private.h"

G_BEGIN_DECLS

/* kd-customer-repo.c */
GArray *_kd_customer_repo_collect_ids (KdConn        *conn,
                                       sqlite3_stmt  *stmt,
                                       GError       **error);
char *_kd_customer_repo_nickname_key (const char *nickname);
void _kd_customer_repo_ids_from_text (GArray     *ids,
                                      const char *text);
gboolean _kd_customer_repo_refresh_tags_sort (KdConn  *conn,
                                              gint64   customer_id,
                                              GError **error);
gboolean _kd_customer_repo_refresh_tags (KdConn  *conn,
                                         gint64   customer_id,
                                         GError **error);
gboolean _kd_customer_repo_row_exists (KdConn      *conn,
                                       const char  *sql,
                                       gint64       id,
                                       gboolean    *exists,
                                       GError     **error);

/* kd-customer-repo-query.c */
char *_kd_customer_repo_customer_build_search (const char *text,
                                               GPtrArray  *params);
char *_kd_customer_repo_customer_build_rank (const char *text,
                                             GPtrArray  *params);
char *_kd_customer_repo_build_tag_filter (GVariant  *value,
                                          gboolean   searching,
                                          GPtrArray *params);

G_END_DECLS
