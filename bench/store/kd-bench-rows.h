/* kd-bench-rows.h: a synthetic million-row table for query-model-bench, its KdQuerySpec, and SQL-level paging timings. */
#pragma once

#include "kd-query-model.h"
#include "kd-store.h"

G_BEGIN_DECLS

#define KD_TYPE_BENCH_ROW (kd_bench_row_get_type ())
G_DECLARE_FINAL_TYPE (KdBenchRow, kd_bench_row, KD, BENCH_ROW, GObject)

KdBenchRow *kd_bench_row_new         (gint64      id,
                                      gint64      sort_key,
                                      const char *name,
                                      const char *city,
                                      const char *word);
gint64      kd_bench_row_get_id      (KdBenchRow *self);
gint64      kd_bench_row_get_sort_key (KdBenchRow *self);
const char *kd_bench_row_get_name    (KdBenchRow *self);
const char *kd_bench_row_get_city    (KdBenchRow *self);
const char *kd_bench_row_get_word    (KdBenchRow *self);
gboolean    kd_bench_row_is_filled   (KdBenchRow *self);

/* Creates table bench_rows with @n_rows rows from @seed: id, sort_key (a
 * random integer, indexed with id), name, city, word (pinyin syllables,
 * indexed) and search_text (word, name and city, lower case). One write job. */
gboolean    kd_bench_rows_create     (KdStore    *store,
                                      guint       n_rows,
                                      guint32     seed,
                                      GError    **error);
/* The words in the table (for search queries). */
const char *kd_bench_rows_word       (guint       index);
guint       kd_bench_rows_n_words    (void);

/* Search by substring of search_text (instr(), as the staff directory
 * does: a scan) or by prefix of the indexed word column. */
const KdQuerySpec *kd_bench_rows_spec_substring (void);
const KdQuerySpec *kd_bench_rows_spec_prefix    (void);

/* Every row, in sort_key order, read synchronously on a reader: the old
 * approach's load into a GListStore. */
GPtrArray  *kd_bench_rows_read_all   (KdStore    *store,
                                      GError    **error);

typedef struct {
  double snapshot_ms;     /* SELECT id ... ORDER BY sort_key, id: all ids into a GArray */
  double keyset_ms;       /* WHERE (sort_key, id) > (?, ?) ORDER BY sort_key, id LIMIT 128 */
  double offset_ms;       /* ORDER BY sort_key, id LIMIT 128 OFFSET @position */
  double in_ms;           /* WHERE id IN (128 ids from the snapshot at @position) */
  double offset_small_ms; /* LIMIT 128 OFFSET 1000, for scale */
  guint  n_ids;
} KdBenchPaging;

/* Medians over @reps repetitions, each on a reader connection inside one
 * read transaction, the page's columns read as text. */
gboolean    kd_bench_rows_paging     (KdStore       *store,
                                      guint          position,
                                      guint          reps,
                                      KdBenchPaging *out,
                                      GError       **error);

G_END_DECLS
