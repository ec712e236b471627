/* kd-customer-repo.h: customers, their contacts and tags in the database; run inside store jobs (kd_store_write/read). */
#pragma once

#include "kd-customer.h"
#include "kd-customer-csv.h"
#include "kd-order.h"
#include "kd-query-model.h"
#include "kd-search.h"
#include "kd-store.h"

G_BEGIN_DECLS

/* The search domain of customers (kd-search.h). */
#define KD_CUSTOMER_SEARCH_DOMAIN "customer"

/* The list (table "customers"); see kd_customer_service_create_model. */
const KdQuerySpec *kd_customer_repo_query_spec    (void);
/* The tag filter's value: (bax) — any-of, tag ids. */
GVariant   *kd_customer_repo_tag_filter_value     (const gint64  *tag_ids,
                                                   guint          n,
                                                   gboolean       any);

/* The whole profile: contacts, tags, owner and blacklister names. NULL
 * with no error when there is no such customer. */
KdCustomer *kd_customer_repo_load                 (KdConn        *conn,
                                                   gint64         id,
                                                   GError       **error);
/* Who other than @except_id has @nickname (folded: case and width). */
KdCustomer *kd_customer_repo_find_nickname        (KdConn        *conn,
                                                   const char    *nickname,
                                                   gint64         except_id,
                                                   GError       **error);
/* Validates, then adds (id 0, or an id no row has: undo of a delete) or
 * replaces the profile with @customer, contacts and tags included; the
 * summary columns are the store's. @customer gets its id. */
gboolean    kd_customer_repo_write                (KdConn        *conn,
                                                   KdCustomer    *customer,
                                                   gint64         now,
                                                   GError       **error);
/* Refuses (KD_STORE_ERROR_INVALID) a customer who has orders. */
gboolean    kd_customer_repo_delete               (KdConn        *conn,
                                                   gint64         id,
                                                   GError       **error);
/* *changed: whether the customer's tags changed. */
gboolean    kd_customer_repo_set_tag              (KdConn        *conn,
                                                   gint64         customer_id,
                                                   gint64         tag_id,
                                                   gboolean       add,
                                                   gboolean      *changed,
                                                   GError       **error);
/* *old_owner: the owner before (0 nobody); FALSE with no error for no such customer. */
gboolean    kd_customer_repo_set_owner            (KdConn        *conn,
                                                   gint64         customer_id,
                                                   gint64         owner_id,
                                                   gint64        *old_owner,
                                                   GError       **error);
/* A profile with only its nickname, as an order import makes them:
 * what it stores worked out first (kd_customer_repo_prepare_bare, on any
 * thread: an import's reading thread), then written. */
typedef struct {
  char         *key;             /* what makes the nickname unique */
  char         *nickname;        /* as stored; NULL with error set */
  char         *nickname_sort;
  KdSearchText  search;
  GError       *error;           /* the nickname breaks a rule (the field and why) */
} KdBarePrep;

typedef struct {
  gint64      id;                /* chosen by the caller, or 0 for the next */
  KdBarePrep *prep;              /* not owned */
  int         order_count;       /* the purchase summary it starts with */
  gint64      total_paid;
  gint64      last_order_at;
} KdBareCustomer;

KdBarePrep *kd_customer_repo_prepare_bare         (const char    *nickname);
/* Adds @order to @bare's summary as kd_customer_repo_refresh_summary() counts it. */
void        kd_bare_customer_count_order          (KdBareCustomer *bare,
                                                   const KdOrder  *order);
void        kd_bare_prep_free                     (KdBarePrep    *prep);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KdBarePrep, kd_bare_prep_free)

/* The id of the profile whose nickname folds as @nickname's does, or 0. */
gboolean    kd_customer_repo_nickname_id          (KdConn        *conn,
                                                   const char    *nickname,
                                                   gint64        *out_id,
                                                   GError       **error);
/* The same by the key kd_customer_repo_prepare_bare() gave. */
gboolean    kd_customer_repo_key_id               (KdConn        *conn,
                                                   const char    *key,
                                                   gint64        *out_id,
                                                   GError       **error);
/* The highest profile id (0 with none; -1 on error): the ids after it are free. */
gint64      kd_customer_repo_max_id               (KdConn        *conn,
                                                   GError       **error);
/* Writes @bare and its search row; a prepared nickname that broke a rule
 * is its error. */
gboolean    kd_customer_repo_add_bare             (KdConn               *conn,
                                                   const KdBareCustomer *bare,
                                                   gint64                now,
                                                   gint64               *out_id,
                                                   GError              **error);
/* Sets the purchase summary of a profile added by kd_customer_repo_add_bare()
 * to @bare's (an import that added it before its orders). */
gboolean    kd_customer_repo_set_summary          (KdConn               *conn,
                                                   const KdBareCustomer *bare,
                                                   GError              **error);
/* The id of the profile for @nickname, created if missing. */
gboolean    kd_customer_repo_ensure               (KdConn        *conn,
                                                   const char    *nickname,
                                                   gint64         now,
                                                   gint64        *out_id,
                                                   gboolean      *out_created,
                                                   GError       **error);
/* Recounts orders, total paid (not closed or awaiting payment) and the last order. */
gboolean    kd_customer_repo_refresh_summary      (KdConn        *conn,
                                                   gint64         customer_id,
                                                   GError       **error);
/* The same for many buyers in one statement (an import's). */
gboolean    kd_customer_repo_refresh_summaries    (KdConn        *conn,
                                                   GArray        *ids,
                                                   GError       **error);
/* Order ids of a customer, and moving orders to another (merge/unmerge). */
GArray     *kd_customer_repo_order_ids            (KdConn        *conn,
                                                   gint64         customer_id,
                                                   GError       **error);
gboolean    kd_customer_repo_move_orders          (KdConn        *conn,
                                                   GArray        *order_ids,
                                                   gint64         to_customer_id,
                                                   GError       **error);
/* GPtrArray of KdCustomerOrder, newest first. */
GPtrArray  *kd_customer_repo_list_orders          (KdConn        *conn,
                                                   gint64         customer_id,
                                                   GError       **error);

/* Audit rows about customers naming @from_id get @to_id instead;
 * @out_rows (ids) and @out_old (their record_ids before) are for undo. */
gboolean    kd_customer_repo_move_audit           (KdConn        *conn,
                                                   gint64         from_id,
                                                   gint64         to_id,
                                                   GArray       **out_rows,
                                                   GPtrArray    **out_old,
                                                   GError       **error);
gboolean    kd_customer_repo_restore_audit        (KdConn        *conn,
                                                   GArray        *rows,
                                                   GPtrArray     *old,
                                                   GError       **error);

/* ---- tags */
GPtrArray  *kd_customer_repo_list_tags            (KdConn        *conn,
                                                   GError       **error);
KdTag      *kd_customer_repo_find_tag             (KdConn        *conn,
                                                   gint64         id,
                                                   const char    *name,
                                                   GError       **error);
/* Adds (id 0 or unknown id) or renames/recolours. */
gboolean    kd_customer_repo_write_tag            (KdConn        *conn,
                                                   KdTag         *tag,
                                                   GError       **error);
GArray     *kd_customer_repo_tag_customers        (KdConn        *conn,
                                                   gint64         tag_id,
                                                   GError       **error);
gboolean    kd_customer_repo_delete_tag           (KdConn        *conn,
                                                   gint64         tag_id,
                                                   GError       **error);

/* ---- lists */
/* Ids in the model's order for @query and the tag filter (n_tags 0: none). */
GArray     *kd_customer_repo_search_ids           (KdConn        *conn,
                                                   const char    *query,
                                                   const gint64  *tag_ids,
                                                   guint          n_tags,
                                                   gboolean       any,
                                                   guint          limit,
                                                   GError       **error);
/* Calls @func with each customer of @ids (NULL: all, by nickname), whole. */
typedef gboolean (*KdCustomerFunc) (KdCustomer *customer, gpointer user_data, GError **error);
gboolean    kd_customer_repo_foreach              (KdConn        *conn,
                                                   GArray        *ids,
                                                   KdCustomerFunc func,
                                                   gpointer       user_data,
                                                   GError       **error);
/* Merges checked file rows by nickname inside the caller's transaction. */
gboolean    kd_customer_repo_import               (KdConn        *conn,
                                                   GPtrArray     *records,
                                                   const char    *display_name,
                                                   gint64         now,
                                                   guint         *out_added,
                                                   guint         *out_updated,
                                                   guint         *out_tags_added,
                                                   GError       **error);

/* The demo shop's customers (about 300) and tags. */
gboolean    kd_customer_repo_add_demo             (KdConn        *conn,
                                                   gint64         now,
                                                   GError       **error);

G_END_DECLS
