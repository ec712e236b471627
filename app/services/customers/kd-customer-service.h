/* kd-customer-service.h: customer profiles and tags, shared by the window (async) and the CLI (sync). */
#pragma once

#include <gio/gio.h>

#include "kd-customer.h"
#include "kd-desk-session.h"
#include "kd-query-model.h"
#include "kd-store.h"

G_BEGIN_DECLS

/* ------------------------------------------------------------------ changes */

/* What one write did, enough to undo it (kd_customer_service_undo*).
 * Every write returns one; an undo returns one that cannot be undone. */
typedef struct _KdCustomerChange KdCustomerChange;

#define KD_TYPE_CUSTOMER_CHANGE (kd_customer_change_get_type ())
GType              kd_customer_change_get_type       (void) G_GNUC_CONST;
KdCustomerChange  *kd_customer_change_ref            (KdCustomerChange *change);
void               kd_customer_change_unref          (KdCustomerChange *change);
/* The customer as stored after a save or merge (NULL otherwise). */
KdCustomer        *kd_customer_change_get_customer   (KdCustomerChange *change);
/* The tag as stored after a tag save (NULL otherwise). */
KdTag             *kd_customer_change_get_tag        (KdCustomerChange *change);
/* How many customers the write changed (a bulk tag of 10 where 3 already
 * had it: 7). */
guint              kd_customer_change_get_n_changed  (KdCustomerChange *change);
gboolean           kd_customer_change_can_undo       (KdCustomerChange *change);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KdCustomerChange, kd_customer_change_unref)

typedef struct {
  guint added;
  guint updated;         /* merged by nickname */
  guint tags_added;
} KdCustomerImportCounts;

/* ------------------------------------------------------------------ service */

#define KD_TYPE_CUSTOMER_SERVICE (kd_customer_service_get_type ())
G_DECLARE_FINAL_TYPE (KdCustomerService, kd_customer_service, KD, CUSTOMER_SERVICE, GObject)

/* @session stamps blacklisting and the audit log with who is signed in (may be NULL: nobody). */
KdCustomerService *kd_customer_service_new           (KdStore            *store,
                                                      KdDeskSession      *session);

/* A KdQueryModel of KdCustomer (list fields: no contacts beyond the
 * default phone, tag ids and names). Search over nickname, name, phone
 * digits and notes (kd-search.h; pinyin and initials of nickname and
 * name). Sorts "nickname" (default, pinyin order), "name", "vip", "tags",
 * "orders", "paid", "last-order", "owner". Filters: "vip-min" (int64),
 * "comm-style" (int64), "buying-type" (int64), "blacklisted" (boolean),
 * "owner" (int64 staff id); tags through set_tag_filter. */
KdQueryModel      *kd_customer_service_create_model  (KdCustomerService  *self);
/* Only customers with all (@any FALSE) or any of the @n tags; n 0: off. */
void               kd_customer_service_set_tag_filter (KdQueryModel      *model,
                                                       const gint64      *tag_ids,
                                                       guint              n,
                                                       gboolean           any);

/* The shop's tags, a GListStore of KdTag by name, kept up to date (with
 * n-customers) after every write; lookup is by id (NULL: unknown). */
GListModel        *kd_customer_service_get_tags      (KdCustomerService  *self);
KdTag             *kd_customer_service_lookup_tag    (KdCustomerService  *self,
                                                      gint64              tag_id);

/* ---- synchronous (CLI, tests) */

KdCustomer        *kd_customer_service_load          (KdCustomerService  *self,
                                                      gint64              id,
                                                      GError            **error);
/* NULL with no error when nobody (other than @except_id) has @nickname. */
KdCustomer        *kd_customer_service_find_nickname (KdCustomerService  *self,
                                                      const char         *nickname,
                                                      gint64              except_id,
                                                      GError            **error);
/* Adds (id 0) or updates; contacts and tags as in @customer. Blacklisting
 * is stamped with the signed-in agent and the time. */
KdCustomerChange  *kd_customer_service_save          (KdCustomerService  *self,
                                                      KdCustomer         *customer,
                                                      GError            **error);
/* Customers with orders cannot be deleted (merge them instead). */
KdCustomerChange  *kd_customer_service_delete        (KdCustomerService  *self,
                                                      const gint64       *ids,
                                                      guint               n,
                                                      GError            **error);
KdCustomerChange  *kd_customer_service_tag           (KdCustomerService  *self,
                                                      const gint64       *ids,
                                                      guint               n,
                                                      gint64              tag_id,
                                                      gboolean            add,
                                                      GError            **error);
/* Makes @tag (a new name, validated as save_tag does) and tags @ids with
 * it in one transaction; the change's tag is the tag as stored, and its
 * undo takes the tag off them and deletes it. */
KdCustomerChange  *kd_customer_service_tag_new       (KdCustomerService  *self,
                                                      const gint64       *ids,
                                                      guint               n,
                                                      KdTag              *tag,
                                                      GError            **error);
/* @owner_id 0: nobody. */
KdCustomerChange  *kd_customer_service_set_owner     (KdCustomerService  *self,
                                                      const gint64       *ids,
                                                      guint               n,
                                                      gint64              owner_id,
                                                      GError            **error);
KdCustomerChange  *kd_customer_service_save_tag      (KdCustomerService  *self,
                                                      KdTag              *tag,
                                                      GError            **error);
KdCustomerChange  *kd_customer_service_delete_tag    (KdCustomerService  *self,
                                                      gint64              tag_id,
                                                      GError            **error);
/* Customers tagged @from_id get @into_id; @from_id is deleted. */
KdCustomerChange  *kd_customer_service_merge_tags    (KdCustomerService  *self,
                                                      gint64              from_id,
                                                      gint64              into_id,
                                                      GError            **error);
/* @remove_id's tags, contacts, notes (appended), orders (and so their
 * remarks) and audit rows move to @keep_id, then it is deleted; empty
 * fields of the kept profile take the removed one's values. */
KdCustomerChange  *kd_customer_service_merge         (KdCustomerService  *self,
                                                      gint64              keep_id,
                                                      gint64              remove_id,
                                                      GError            **error);
KdCustomerChange  *kd_customer_service_undo          (KdCustomerService  *self,
                                                      KdCustomerChange   *change,
                                                      GError            **error);
/* The full profile, unmasked, with an audit row "customer.reveal". */
KdCustomer        *kd_customer_service_reveal        (KdCustomerService  *self,
                                                      gint64              id,
                                                      GError            **error);
/* Newest first. */
GPtrArray         *kd_customer_service_list_orders   (KdCustomerService  *self,
                                                      gint64              customer_id,
                                                      GError            **error);
/* The model's order; @query empty: everyone. */
GPtrArray         *kd_customer_service_search        (KdCustomerService  *self,
                                                      const char         *query,
                                                      const gint64       *tag_ids,
                                                      guint               n_tags,
                                                      gboolean            any,
                                                      guint               limit,
                                                      GError            **error);
/* Writes @ids (NULL: every customer, by nickname) to a new file @path
 * (an existing one is KD_STORE_ERROR_EXISTS), with an audit row
 * "customers.export". */
gboolean           kd_customer_service_export        (KdCustomerService  *self,
                                                      const char         *path,
                                                      GArray             *ids,
                                                      guint              *n_written,
                                                      GError            **error);
/* The file is checked whole first ("FILE:LINE: column: reason"), then
 * merged by nickname in one transaction: nothing is imported on error. */
gboolean           kd_customer_service_import        (KdCustomerService  *self,
                                                      const char         *path,
                                                      KdCustomerImportCounts *counts,
                                                      GError            **error);
/* Every buyer nickname gets exactly one profile: the id of @nickname's,
 * created if missing (for the order import; runs in the caller's job). */
gboolean           kd_customer_service_ensure_in_job (KdConn             *conn,
                                                      const char         *nickname,
                                                      gint64             *out_id,
                                                      GError            **error);
/* The audit rows about customers, newest first (Preferences). With a
 * session, only the owner signed in may read them: anyone else gets
 * G_IO_ERROR_PERMISSION_DENIED (the CLI, without one, reads the file). */
GPtrArray         *kd_customer_service_list_audit    (KdCustomerService  *self,
                                                      guint               limit,
                                                      GError            **error);

/* ---- asynchronous (the window); each is one store job */

void               kd_customer_service_load_async    (KdCustomerService  *self,
                                                      gint64              id,
                                                      GCancellable       *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer            user_data);
KdCustomer        *kd_customer_service_load_finish   (KdCustomerService  *self,
                                                      GAsyncResult       *result,
                                                      GError            **error);
void               kd_customer_service_reveal_async  (KdCustomerService  *self,
                                                      gint64              id,
                                                      GCancellable       *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer            user_data);
KdCustomer        *kd_customer_service_reveal_finish (KdCustomerService  *self,
                                                      GAsyncResult       *result,
                                                      GError            **error);
void               kd_customer_service_find_nickname_async  (KdCustomerService *self,
                                                             const char        *nickname,
                                                             gint64             except_id,
                                                             GCancellable      *cancellable,
                                                             GAsyncReadyCallback callback,
                                                             gpointer           user_data);
KdCustomer        *kd_customer_service_find_nickname_finish (KdCustomerService *self,
                                                             GAsyncResult      *result,
                                                             GError           **error);
void               kd_customer_service_list_orders_async  (KdCustomerService *self,
                                                           gint64             customer_id,
                                                           GCancellable      *cancellable,
                                                           GAsyncReadyCallback callback,
                                                           gpointer           user_data);
GPtrArray         *kd_customer_service_list_orders_finish (KdCustomerService *self,
                                                           GAsyncResult      *result,
                                                           GError           **error);
void               kd_customer_service_list_audit_async  (KdCustomerService *self,
                                                          guint              limit,
                                                          GCancellable      *cancellable,
                                                          GAsyncReadyCallback callback,
                                                          gpointer           user_data);
GPtrArray         *kd_customer_service_list_audit_finish (KdCustomerService *self,
                                                          GAsyncResult      *result,
                                                          GError           **error);

/* The writes: same arguments as the synchronous forms; all finish with
 * kd_customer_service_write_finish. */
void               kd_customer_service_save_async    (KdCustomerService  *self,
                                                      KdCustomer         *customer,
                                                      GCancellable       *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer            user_data);
void               kd_customer_service_delete_async  (KdCustomerService  *self,
                                                      const gint64       *ids,
                                                      guint               n,
                                                      GCancellable       *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer            user_data);
void               kd_customer_service_tag_async     (KdCustomerService  *self,
                                                      const gint64       *ids,
                                                      guint               n,
                                                      gint64              tag_id,
                                                      gboolean            add,
                                                      GCancellable       *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer            user_data);
void               kd_customer_service_tag_new_async (KdCustomerService  *self,
                                                      const gint64       *ids,
                                                      guint               n,
                                                      KdTag              *tag,
                                                      GCancellable       *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer            user_data);
void               kd_customer_service_set_owner_async (KdCustomerService *self,
                                                        const gint64      *ids,
                                                        guint              n,
                                                        gint64             owner_id,
                                                        GCancellable      *cancellable,
                                                        GAsyncReadyCallback callback,
                                                        gpointer           user_data);
void               kd_customer_service_save_tag_async (KdCustomerService  *self,
                                                       KdTag              *tag,
                                                       GCancellable       *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer            user_data);
void               kd_customer_service_delete_tag_async (KdCustomerService *self,
                                                         gint64             tag_id,
                                                         GCancellable      *cancellable,
                                                         GAsyncReadyCallback callback,
                                                         gpointer           user_data);
void               kd_customer_service_merge_tags_async (KdCustomerService *self,
                                                         gint64             from_id,
                                                         gint64             into_id,
                                                         GCancellable      *cancellable,
                                                         GAsyncReadyCallback callback,
                                                         gpointer           user_data);
void               kd_customer_service_merge_async   (KdCustomerService  *self,
                                                      gint64              keep_id,
                                                      gint64              remove_id,
                                                      GCancellable       *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer            user_data);
void               kd_customer_service_undo_async    (KdCustomerService  *self,
                                                      KdCustomerChange   *change,
                                                      GCancellable       *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer            user_data);
KdCustomerChange  *kd_customer_service_write_finish  (KdCustomerService  *self,
                                                      GAsyncResult       *result,
                                                      GError            **error);

void               kd_customer_service_export_async  (KdCustomerService  *self,
                                                      const char         *path,
                                                      GArray             *ids,
                                                      GCancellable       *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer            user_data);
gboolean           kd_customer_service_export_finish (KdCustomerService  *self,
                                                      GAsyncResult       *result,
                                                      guint              *n_written,
                                                      GError            **error);
void               kd_customer_service_import_async  (KdCustomerService  *self,
                                                      const char         *path,
                                                      GCancellable       *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer            user_data);
gboolean           kd_customer_service_import_finish (KdCustomerService  *self,
                                                      GAsyncResult       *result,
                                                      KdCustomerImportCounts *counts,
                                                      GError            **error);

G_END_DECLS
