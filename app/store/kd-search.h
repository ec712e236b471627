/* kd-search.h: the one search interface of the store: CJK substrings, pinyin, initials, Simplified/Traditional alike.
 *
 * Every feature that searches text (phrases; customers' names and notes;
 * order remarks) keeps one search row per record in a domain of its own
 * ("phrase", "customer", …): the record's searchable text, folded once when
 * the record is written (kd_search_index_set, inside the same job), with its
 * pinyin and initials. A query is folded the same way and becomes a clause
 * for the feature's KdQuerySpec (kd_search_build_clause). How it is indexed
 * (FTS5 over characters and pairs of characters, kd-search-ngram.c) is
 * this file's business: a PostgreSQL store would use pg_trgm behind the
 * same functions. */
#pragma once

#include "kd-store.h"

G_BEGIN_DECLS

/* Replaces the search row of @ref_id in @domain (a string literal naming
 * the feature) with @text: the record's searchable fields joined by '\n'. */
gboolean  kd_search_index_set     (KdConn      *conn,
                                   const char  *domain,
                                   gint64       ref_id,
                                   const char  *text,
                                   GError     **error);
/* The same, with pinyin and initials computed from @pinyin_text only (for
 * customers: their nickname and name, not the whole note). */
gboolean  kd_search_index_set_full (KdConn     *conn,
                                   const char  *domain,
                                   gint64       ref_id,
                                   const char  *text,
                                   const char  *pinyin_text,
                                   GError     **error);

/* A search row's text folded, with its pinyin and initials, as
 * kd_search_index_set_full() computes them: what an import works out on
 * its reading thread, so that the store thread only writes it. Needs no
 * connection; any thread. */
typedef struct {
  char *folded;
  char *pinyin;     /* marked to be indexed as letter triples */
  char *initials;   /* the same */
} KdSearchText;

void      kd_search_text_prepare  (KdSearchText *out,
                                   const char   *text,
                                   const char   *pinyin_text);
void      kd_search_text_clear    (KdSearchText *text);
gboolean  kd_search_index_set_prepared (KdConn             *conn,
                                        const char         *domain,
                                        gint64              ref_id,
                                        const KdSearchText *text,
                                        GError            **error);
gboolean  kd_search_index_remove  (KdConn      *conn,
                                   const char  *domain,
                                   gint64       ref_id,
                                   GError     **error);

/* "(REF_EXPR << 4 | code)": the id of the search row of @domain's record
 * @ref_expr (trusted SQL, e.g. "p.id"), for a lookup of it by its key. */
char     *kd_search_row_id_sql    (const char  *domain,
                                   const char  *ref_expr);

/* Between these two, in one job, search rows are kept aside and indexed
 * by one statement at the end (an import writes thousands): SQLite 3.40's
 * FTS5 writes its pending terms out as a new segment at every statement
 * that touches it, so one row per statement costs a segment per row.
 * Searches in between do not see the rows kept aside. A job that ends
 * with the batch still open has it indexed before the commit. */
gboolean  kd_search_batch_begin   (KdConn      *conn,
                                   GError     **error);
gboolean  kd_search_batch_end     (KdConn      *conn,
                                   GError     **error);

/* After many rows were written again (a migration): the index merged
 * into one piece, without the entries of the rows' old text, which it
 * otherwise keeps beside their deletions until it merges by itself. */
gboolean  kd_search_optimize      (KdConn      *conn,
                                   GError     **error);

/* Replaces the keys of @ref_id's search row (written first) in @domain:
 * integers the record is filed under (a customer's tag ids), each > 0, so
 * that kd_search_build_clause_keyed() can ask for text and keys at once. */
gboolean  kd_search_index_set_keys (KdConn       *conn,
                                   const char    *domain,
                                   gint64         ref_id,
                                   const gint64  *keys,
                                   guint          n_keys,
                                   GError       **error);
/* A WHERE clause "ID_EXPR IN (…)" matching the records of @domain whose
 * text contains @query (folded: NFKC, case, Traditional→Simplified), or
 * whose pinyin ("tuihuo", "tui huo") or initials ("th") contain it (two
 * letters or more: a single letter is looked up in the text only); the
 * values are appended to @params (GVariant). NULL when @query folds to
 * nothing (no restriction). @id_expr is trusted SQL, e.g. "phrases.id". */
char     *kd_search_build_clause  (const char  *domain,
                                   const char  *id_expr,
                                   const char  *query,
                                   GPtrArray   *params);

/* The same as a SELECT of the matching record ids alone, in no order
 * (for a repository that orders them itself); NULL as above. */
char     *kd_search_build_ids     (const char  *domain,
                                   const char  *query,
                                   GPtrArray   *params);

/* The same, and the records must have all of @keys (@any: one of them);
 * n_keys 0: like kd_search_build_clause(). */
char     *kd_search_build_clause_keyed (const char   *domain,
                                        const char   *id_expr,
                                        const char   *query,
                                        const gint64 *keys,
                                        guint         n_keys,
                                        gboolean      any,
                                        GPtrArray    *params);
/* Only the keys: the records that have all of @keys (@any: one of them). */
char     *kd_search_build_keys_clause (const char   *domain,
                                       const char   *id_expr,
                                       const gint64 *keys,
                                       guint         n_keys,
                                       gboolean      any,
                                       GPtrArray    *params);
/* One search over several domains at once (an FTS5 query costs the same
 * whichever domain its matches are kept for): a SELECT of the matching
 * records as columns "domain" (the domain's name) and "ref_id", for a
 * feature whose records are found through another's (orders through their
 * buyers'); its values appended to @params. NULL when @query folds to
 * nothing. */
char     *kd_search_build_refs    (const char         *query,
                                   const char * const *names_of,
                                   guint               n_domains,
                                   GPtrArray          *params);
G_END_DECLS
