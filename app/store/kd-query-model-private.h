/* kd-query-model-private.h: how a repository describes its table to KdQueryModel (store/ only). */
#pragma once

#include "kd-query-model.h"
#include "kd-store-private.h"

G_BEGIN_DECLS

typedef struct {
  const char *name;       /* what callers pass to kd_query_model_set_sort() */
  const char *order_by;   /* trusted SQL: an expression, ideally indexed with id */
} KdQuerySort;

typedef struct {
  const char *name;       /* what callers pass to kd_query_model_set_filter() */
  const char *clause;     /* trusted SQL with exactly one "?" for the value */
  /* Optional, instead of @clause: the clause for @value (e.g. a list of
   * tag ids), its values appended to @params; NULL for no restriction.
   * @searching: a search narrows the rows too, so a clause checked per
   * row may beat one that lists every match. */
  char     *(*build)      (GVariant   *value,
                           gboolean    searching,
                           GPtrArray  *params);
  /* Optional: while a search is on, one clause for the search and this
   * filter together (both answered by the search index, kd-search.h),
   * instead of the spec's build_search() and this filter's clause; its
   * values appended to @params. NULL: the two apart, as without it. */
  char     *(*build_with_search) (GVariant   *value,
                                  const char *text,
                                  GPtrArray  *params);
  /* The clause lists its rows by id (id IN (SELECT …)), so they are all
   * looked up and sorted before the first comes out: the list's first
   * rows alone would cost as much as the whole list, on another reader. */
  gboolean    lists_ids;
} KdQueryFilter;

struct _KdQuerySpec
{
  const char          *table;    /* the "changed::" detail to follow */
  const char          *from;     /* trusted SQL: FROM what */
  const char          *columns;  /* trusted SQL: the select list read_row() expects */
  GType                item_type;

  /* Main thread: an empty row object for @id, filled in later. */
  GObject  *(*new_placeholder) (gint64 id);
  /* Reader thread: a new row object from the current row of @stmt. */
  GObject  *(*read_row)        (sqlite3_stmt *stmt);
  /* Main thread: copy @fresh into @target, notifying what changed. */
  void      (*assign)          (GObject      *target,
                                GObject      *fresh);
  /* Main thread: the WHERE clause for a search, its values appended to
   * @params (GVariant); NULL for no restriction. */
  char     *(*build_search)    (const char   *text,
                                GPtrArray    *params);
  /* Main thread, optional: while a search is on, an ORDER BY prefix that
   * ranks the matches (e.g. an exact shortcut first), its values appended
   * to @params; the sort order follows it. NULL for none. */
  char     *(*build_rank)      (const char   *text,
                                GPtrArray    *params);

  /* Reader thread, optional: append to @ids the records that match the
   * search @text, in the order the snapshot SQL would list them with no
   * filter on and the first sort ascending (build_rank's order, then
   * sorts[0], then id) — for a repository that orders its matches faster
   * than SQLite's sorter does (kd-phrase-repo.c). The model asks it only
   * then, instead of the SQL. */
  gboolean  (*search_ids)      (KdConn       *conn,
                                const char   *text,
                                GArray       *ids,
                                GError      **error);

  /* Main thread, optional: SQL for one number, how many rows the
   * filters keep (@filter_values: one per filter, NULL when off; no
   * search on), from something smaller than the rows (a tally kept by
   * the repository), its values appended to @params; NULL: count(*)
   * with the list's own WHERE. */
  char     *(*build_count)     (GVariant * const *filter_values,
                                GPtrArray        *params);

  /* Main thread, optional: SQL listing the ids of the rows the filters
   * keep (no search on) in the order @sort and @descending give (the
   * list's own ORDER BY, id last), faster than the list's own query (an
   * index of another table), its values appended to @params; an id may
   * come more than once, side by side. NULL: the list's own query. */
  char     *(*build_ids)       (GVariant * const  *filter_values,
                                const KdQuerySort *sort,
                                gboolean           descending,
                                GPtrArray         *params);

  const KdQuerySort   *sorts;
  guint                n_sorts;
  const KdQueryFilter *filters;
  guint                n_filters;
};

/* Tests: the turn between steps which, twice in a row, has the rest of a
 * change go at once (µs; 0: never; 1: every turn counts as slow). */
void _kd_query_model_set_slow_turn (KdQueryModel *self,
                                    gint64        us);
/* Tests: while @hold, a whole snapshot that comes is kept aside instead
 * of applied (the list stays at its first rows and count); letting go
 * applies the last one kept, if nothing newer was asked for since. */
void _kd_query_model_hold_snapshot (KdQueryModel *self,
                                    gboolean      hold);

G_END_DECLS
