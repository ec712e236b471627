/* kd-bench-customers.h: SQL-level helpers for customers-bench: a synthetic customer base and a naive baseline query. */
#pragma once

#include "kd-store.h"

G_BEGIN_DECLS

/* Adds @n customers with @tags_each of @n_tags tags each, through the repository (one write job). */
gboolean kd_bench_customers_fill  (KdStore     *store,
                                   guint        n,
                                   guint        n_tags,
                                   guint        tags_each,
                                   guint32      seed,
                                   GError     **error);
/* The ids of the tags named "标签1" and "标签2". */
gboolean kd_bench_customers_tags  (KdStore     *store,
                                   gint64      *tag_a,
                                   gint64      *tag_b,
                                   GError     **error);
/* On a reader: the model's SQL (kd_customer_repo_search_ids) for @query
 * with the all-of filter on @tags, or the naive baseline: LIKE over
 * nickname, name, notes and phones, a per-row count of the tags, same order. */
gboolean kd_bench_customers_query (KdStore      *store,
                                   const char   *query,
                                   const gint64 *tags,
                                   guint         n_tags,
                                   gboolean      naive,
                                   guint        *n_rows,
                                   GError      **error);

G_END_DECLS
