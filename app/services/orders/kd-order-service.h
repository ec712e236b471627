/* kd-order-service.h: orders, their import from Taobao reports, remarks and the board's lists; shared by the window (async) and the CLI (sync). */
#pragma once

#include <gio/gio.h>

#include "kd-desk-session.h"
#include "kd-order.h"
#include "kd-query-model.h"
#include "kd-roster-service.h"
#include "kd-store.h"

G_BEGIN_DECLS

typedef struct {
  guint rows;        /* data rows read, both reports */
  guint added;
  guint updated;
  guint unchanged;
  guint items;       /* item lines attached */
  guint customers;   /* buyer profiles created */
  guint warnings;    /* unknown statuses kept as "other" */
  guint rejected;    /* bad rows skipped (--skip-bad-rows only) */
} KdOrderImportSummary;

/* Called in the caller's main context while an import runs: @done of @total bytes read. */
typedef void (*KdOrderProgressFunc) (guint64   done,
                                     guint64   total,
                                     gpointer  user_data);

#define KD_TYPE_ORDER_SERVICE (kd_order_service_get_type ())
G_DECLARE_FINAL_TYPE (KdOrderService, kd_order_service, KD, ORDER_SERVICE, GObject)

/* @session stamps remarks with the signed-in agent's job number. */
KdOrderService *kd_order_service_new            (KdStore        *store,
                                                 KdDeskSession  *session);
/* The shop's time zone for report times (Preferences; default Asia/Shanghai):
 * the database's "shop.time-zone" setting is followed; set_time_zone sets
 * it for this service only, save_time_zone for the shop. */
void            kd_order_service_set_time_zone  (KdOrderService *self,
                                                 const char     *identifier);
const char     *kd_order_service_get_time_zone  (KdOrderService *self);
gboolean        kd_order_service_save_time_zone (KdOrderService *self,
                                                 const char     *identifier,
                                                 GError        **error);
void            kd_order_service_save_time_zone_async  (KdOrderService      *self,
                                                        const char          *identifier,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
gboolean        kd_order_service_save_time_zone_finish (KdOrderService  *self,
                                                        GAsyncResult    *result,
                                                        GError         **error);

/* A KdQueryModel of KdOrder (list fields: buyer, latest remark and its
 * job number). Search over order number, buyer, receiver and remark text
 * (kd-search.h). Sorts "created" (default, newest first), "order-no",
 * "buyer", "total", "status", "flag". Filters "status" (int64
 * KdOrderStatus), "flag" (int64 KdFlag), "agent" (string: job number on
 * any remark), "since" / "until" (int64 UTC, created), "customer" (int64),
 * "attention" (string: today as YYYY-MM-DD; green orders whose follow-up
 * date has come; or "(sx)": today and a UTC time, and also the orders with
 * a remark written since, kd_order_service_last_shift_start). */
KdQueryModel   *kd_order_service_create_model   (KdOrderService *self);

/* The shop's name and meaning for @flag (Preferences), the defaults
 * ("Green", "ship later") until the shop sets its own. "flags-changed" is
 * emitted when they change. */
const char     *kd_order_service_get_flag_name    (KdOrderService *self,
                                                   KdFlag          flag);
const char     *kd_order_service_get_flag_meaning (KdOrderService *self,
                                                   KdFlag          flag);
/* Trimmed; empty (or the default typed back) means the default. */
gboolean        kd_order_service_set_flag_texts   (KdOrderService *self,
                                                   KdFlag          flag,
                                                   const char     *name,
                                                   const char     *meaning,
                                                   GError        **error);
void            kd_order_service_set_flag_texts_async  (KdOrderService      *self,
                                                        KdFlag               flag,
                                                        const char          *name,
                                                        const char          *meaning,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
gboolean        kd_order_service_set_flag_texts_finish (KdOrderService  *self,
                                                        GAsyncResult    *result,
                                                        GError         **error);

/* Where "the last shift" starts for the needs-attention view at @now: the
 * shift that ran before the one on duty now, by the roster (the earliest
 * start among the people on duty just before the current shift began);
 * with nobody on duty, 12 hours before @now. UTC Unix seconds. */
gint64          kd_order_service_last_shift_start (KdRosterService *roster,
                                                   GDateTime       *now);

/* ---- synchronous (CLI, tests) */

/* Every file (order report or item report, CSV or .xlsx, told apart by
 * its header) in one transaction. A bad row refuses everything
 * ("FILE:LINE: column: reason") unless @skip_bad_rows, which writes the
 * rejected rows with their reasons to @rejects_path (if given). Buyers get
 * a customer profile, created if missing. */
gboolean        kd_order_service_import         (KdOrderService       *self,
                                                 const char * const   *paths,
                                                 gboolean              skip_bad_rows,
                                                 const char           *rejects_path,
                                                 KdOrderImportSummary *summary,
                                                 GCancellable         *cancellable,
                                                 GError              **error);
/* The order with its item lines; NULL without error when there is none. */
KdOrder        *kd_order_service_load           (KdOrderService *self,
                                                 gint64          id,
                                                 GError        **error);
KdOrder        *kd_order_service_find           (KdOrderService *self,
                                                 const char     *order_no,
                                                 GError        **error);
/* Oldest first. */
GPtrArray      *kd_order_service_list_remarks   (KdOrderService *self,
                                                 gint64          order_id,
                                                 GError        **error);
/* Appends a remark stamped with the signed-in agent's job number (an
 * error when nobody is signed in) and sets the order's flag. */
KdRemark       *kd_order_service_add_remark     (KdOrderService *self,
                                                 gint64          order_id,
                                                 KdFlag          flag,
                                                 const char     *text,
                                                 const char     *follow_up,
                                                 GError        **error);
/* Adds (id 0) or updates an order typed by hand; the buyer's profile is
 * created if missing. */
gboolean        kd_order_service_save           (KdOrderService *self,
                                                 KdOrder        *order,
                                                 GError        **error);
/* Orders per flag (none … purple) among all orders. */
gboolean        kd_order_service_count_flags    (KdOrderService *self,
                                                 guint           counts[KD_N_FLAGS],
                                                 GError        **error);
/* As the CLI's `orders list` filters: each may be NULL / -1 / 0 for any. */
GPtrArray      *kd_order_service_list           (KdOrderService *self,
                                                 int             flag,
                                                 int             status,
                                                 const char     *agent,
                                                 const char     *search,
                                                 gint64          since,
                                                 guint           limit,
                                                 GError        **error);

/* ---- asynchronous (the window) */

void            kd_order_service_import_async   (KdOrderService       *self,
                                                 const char * const   *paths,
                                                 gboolean              skip_bad_rows,
                                                 const char           *rejects_path,
                                                 KdOrderProgressFunc   progress,
                                                 gpointer              progress_data,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean        kd_order_service_import_finish  (KdOrderService       *self,
                                                 GAsyncResult         *result,
                                                 KdOrderImportSummary *summary,
                                                 GError              **error);
void            kd_order_service_load_async     (KdOrderService *self,
                                                 gint64          id,
                                                 GCancellable   *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer        user_data);
KdOrder        *kd_order_service_load_finish    (KdOrderService *self,
                                                 GAsyncResult   *result,
                                                 GError        **error);
void            kd_order_service_list_remarks_async  (KdOrderService *self,
                                                      gint64          order_id,
                                                      GCancellable   *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer        user_data);
GPtrArray      *kd_order_service_list_remarks_finish (KdOrderService *self,
                                                      GAsyncResult   *result,
                                                      GError        **error);
void            kd_order_service_add_remark_async    (KdOrderService *self,
                                                      gint64          order_id,
                                                      KdFlag          flag,
                                                      const char     *text,
                                                      const char     *follow_up,
                                                      GCancellable   *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer        user_data);
KdRemark       *kd_order_service_add_remark_finish   (KdOrderService *self,
                                                      GAsyncResult   *result,
                                                      GError        **error);
void            kd_order_service_save_async     (KdOrderService *self,
                                                 KdOrder        *order,
                                                 GCancellable   *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer        user_data);
KdOrder        *kd_order_service_save_finish    (KdOrderService *self,
                                                 GAsyncResult   *result,
                                                 GError        **error);
void            kd_order_service_count_flags_async  (KdOrderService *self,
                                                     GCancellable   *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer        user_data);
gboolean        kd_order_service_count_flags_finish (KdOrderService *self,
                                                     GAsyncResult   *result,
                                                     guint           counts[KD_N_FLAGS],
                                                     GError        **error);

G_END_DECLS
