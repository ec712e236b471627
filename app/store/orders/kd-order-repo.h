/* kd-order-repo.h: orders, item lines and remarks in the database; run inside store jobs (kd_store_write/read). */
#pragma once

#include "kd-order.h"
#include "kd-query-model.h"
#include "kd-search.h"
#include "kd-store.h"

G_BEGIN_DECLS

#define KD_ORDER_SEARCH_DOMAIN "order"

typedef enum {
  KD_ORDER_ADDED,
  KD_ORDER_UPDATED,
  KD_ORDER_UNCHANGED,
} KdOrderOutcome;

/* The board's list (table "orders"); see kd_order_service_create_model. */
const KdQuerySpec *kd_order_repo_query_spec  (void);

/* Around the rows of one import job: their search rows (orders' and new
 * buyers') are indexed in one go at the end (kd_search_batch_begin), and
 * foreign keys are checked at the commit (an order may name a buyer
 * added later in the same transaction). */
gboolean   kd_order_repo_import_begin    (KdConn          *conn,
                                          GError         **error);
gboolean   kd_order_repo_import_end      (KdConn          *conn,
                                          GError         **error);
/* After an import that failed: the page cache back to its default size
 * and its memory given back (kd_order_repo_import_end does the same). */
void       kd_order_repo_import_abandon  (KdConn          *conn);

/* An import about to add as many orders as the board has, or more (the
 * first reports of a shop's history): the orders' and buyers' indexes
 * that only order and filter lists are dropped inside its transaction and
 * returned as their definitions, which kd_order_repo_build_indexes()
 * builds again before it ends, one sort each instead of a walk down each
 * index for every row. Kept: unique indexes, and the one SQLite's
 * foreign-key check reads for every buyer added (orders_customer). */
GPtrArray *kd_order_repo_drop_indexes    (KdConn          *conn,
                                          GError         **error);
gboolean   kd_order_repo_build_indexes   (KdConn          *conn,
                                          GPtrArray       *definitions,
                                          GError         **error);
/* Orders on the board (from the tally, without a count). */
gboolean   kd_order_repo_count           (KdConn          *conn,
                                          gint64          *n,
                                          GError         **error);

/* A row of an order report: added, or the report's fields updated in
 * place (status, times, amounts, receiver, courier, close reason, memo);
 * the shop's remarks and flag are never touched. The buyer gets a profile,
 * created if missing (*customer_created). *customer_id for the summary;
 * a buyer the caller has already looked up (*customer_id > 0 on the way
 * in, an import's earlier row) is taken as it is. An order that changes
 * buyers has the previous buyer's summary recounted here. */
gboolean   kd_order_repo_upsert_report   (KdConn          *conn,
                                          KdOrder         *row,
                                          gint64           now,
                                          KdOrderOutcome  *outcome,
                                          gint64          *customer_id,
                                          gboolean        *customer_created,
                                          GError         **error);
/* The same, with the search row a new order gets worked out before
 * (kd_order_repo_prepare_search, on an import's reading thread); NULL:
 * worked out here. A new order is counted in @tally (one count per
 * status, KD_N_ORDER_STATUSES of them), which the caller adds to the
 * orders' tally before its transaction ends (kd_order_repo_add_tally),
 * with the unpaid-order alerts of the new orders awaiting payment
 * (kd_order_repo_add_unpaid_alerts); NULL: both added at once. */
gboolean   kd_order_repo_upsert_prepared (KdConn             *conn,
                                          KdOrder            *row,
                                          const KdSearchText *search,
                                          guint              *tally,
                                          gint64              now,
                                          KdOrderOutcome     *outcome,
                                          gint64             *customer_id,
                                          gboolean           *customer_created,
                                          GError            **error);
/* The highest order id so far (0: none); an import's new orders come after it. */
gboolean   kd_order_repo_last_id         (KdConn             *conn,
                                          gint64             *id,
                                          GError            **error);
/* The unpaid-order alerts of the orders after @after_id awaiting payment,
 * in one statement: an import's (kd_order_repo_upsert_prepared with a
 * @tally leaves them to this). */
gboolean   kd_order_repo_add_unpaid_alerts (KdConn           *conn,
                                          gint64              after_id,
                                          GError            **error);
/* New orders (no flag yet) counted by status, into order_tally (0016). */
gboolean   kd_order_repo_add_tally       (KdConn             *conn,
                                          const guint        *tally,
                                          GError            **error);
/* What kd_order_repo_upsert_prepared() writes as a new order's search row. */
void       kd_order_repo_prepare_search  (const KdOrder      *o,
                                          KdSearchText       *out);
/* After the migrations: the search rows 0013-orders-search.sql left to
 * be written again (none, once done). */
gboolean   kd_order_repo_fill_search     (KdConn          *conn,
                                          GError         **error);
/* The order's id for @order_no, 0 with no error when there is none. */
gint64     kd_order_repo_find_id         (KdConn          *conn,
                                          const char      *order_no,
                                          GError         **error);
gboolean   kd_order_repo_clear_items     (KdConn          *conn,
                                          gint64           order_id,
                                          GError         **error);
gboolean   kd_order_repo_add_item        (KdConn          *conn,
                                          gint64           order_id,
                                          const KdOrderItem *item,
                                          GError         **error);
/* With its item lines; NULL without error when there is none. */
KdOrder   *kd_order_repo_load            (KdConn          *conn,
                                          gint64           id,
                                          GError         **error);
/* Adds (id 0) or updates a hand-typed order; the buyer's profile is made if missing. */
gboolean   kd_order_repo_save            (KdConn          *conn,
                                          KdOrder         *order,
                                          gint64           now,
                                          GError         **error);
gboolean   kd_order_repo_add_remark      (KdConn          *conn,
                                          KdRemark        *remark,
                                          gint64           staff_id,
                                          GError         **error);
GPtrArray *kd_order_repo_list_remarks    (KdConn          *conn,
                                          gint64           order_id,
                                          GError         **error);
gboolean   kd_order_repo_count_flags     (KdConn          *conn,
                                          guint           *counts,
                                          GError         **error);
/* Ids for the CLI's filters (flag/status -1: any; agent/search NULL: any; since 0: any), newest first. */
GArray    *kd_order_repo_list_ids        (KdConn          *conn,
                                          int              flag,
                                          int              status,
                                          const char      *agent,
                                          const char      *search,
                                          gint64           since,
                                          guint            limit,
                                          GError         **error);
/* The demo shop's ~2 000 orders of the last 60 days, with remarks. */
gboolean   kd_order_repo_add_demo        (KdConn          *conn,
                                          gint64           now,
                                          GError         **error);

G_END_DECLS
