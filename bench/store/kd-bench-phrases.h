/* kd-bench-phrases.h: SQL-level helpers for phrases-bench: a synthetic library, the model's snapshot SQL and a naive LIKE scan. */
#pragma once

#include "kd-store.h"

G_BEGIN_DECLS

/* Adds @n synthetic phrases (one write job) spread over the starter groups. */
gboolean kd_bench_phrases_fill       (KdStore     *store,
                                      guint        n,
                                      guint32      seed,
                                      GError     **error);
/* Runs, on a reader, the KdQueryModel snapshot SQL of the phrase list for
 * @query (search clause, rank, rank sort), or the naive baseline
 * `shortcut LIKE '%q%' OR title LIKE … OR body LIKE …` with the same order.
 * *@n_rows gets the number of ids read. */
gboolean kd_bench_phrases_query      (KdStore     *store,
                                      const char  *query,
                                      gboolean     naive_like,
                                      guint       *n_rows,
                                      GError     **error);

G_END_DECLS
