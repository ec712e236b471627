/* kd-customer-service.c: customer behaviour on top of the repository: changes stamped and run as store jobs (kd-customer-writes.c), undo, the tag list; reads and files in kd-customer-service-files.c. */
#include "config.h"

#include "kd-customer-service-private.h"
#include "kd-service-job.h"
#include "kd-audit-repo.h"
#include "kd-clock.h"
#include "kd-customer-csv.h"
#include "kd-customer-repo.h"
#include "kd-error.h"
#include "kd-invoke.h"
#include "kd-staff-repo.h"

#include <glib/gi18n-lib.h>

/* ---------------------------------------------------------------- changes */

G_DEFINE_BOXED_TYPE (KdCustomerChange, kd_customer_change, kd_customer_change_ref, kd_customer_change_unref)

GArray *
kd_customer_ids_new (const gint64 *ids,
                     guint         n)
{
  GArray *a = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);
  if (n > 0)
    g_array_append_vals (a, ids, n);
  return a;
}

GArray *
kd_customer_ids_empty (void)
{
  return g_array_new (FALSE, FALSE, sizeof (gint64));
}

KdCustomerChange *
kd_customer_change_ref (KdCustomerChange *change)
{
  g_atomic_ref_count_inc (&change->ref);
  return change;
}

void
kd_customer_change_unref (KdCustomerChange *change)
{
  if (change == NULL || !g_atomic_ref_count_dec (&change->ref))
    return;
  g_clear_object (&change->session);
  g_clear_object (&change->customer);
  g_clear_pointer (&change->ids, g_array_unref);
  g_clear_object (&change->tag);
  g_clear_pointer (&change->before, g_ptr_array_unref);
  g_clear_pointer (&change->created, g_array_unref);
  g_clear_pointer (&change->changed, g_array_unref);
  g_clear_pointer (&change->old_owners, g_array_unref);
  g_clear_object (&change->tag_before);
  g_clear_pointer (&change->tag_members, g_array_unref);
  g_clear_pointer (&change->into_added, g_array_unref);
  g_clear_pointer (&change->order_ids, g_array_unref);
  g_clear_pointer (&change->audit_rows, g_array_unref);
  g_clear_pointer (&change->audit_old, g_ptr_array_unref);
  g_clear_pointer (&change->undo, kd_customer_change_unref);
  g_free (change);
}

KdCustomer *
kd_customer_change_get_customer (KdCustomerChange *change)
{
  return change->customer;
}

KdTag *
kd_customer_change_get_tag (KdCustomerChange *change)
{
  return change->tag;
}

guint
kd_customer_change_get_n_changed (KdCustomerChange *change)
{
  return change->n_changed;
}

gboolean
kd_customer_change_can_undo (KdCustomerChange *change)
{
  return change->undoable;
}

/* ---------------------------------------------------------------- the service */

G_DEFINE_FINAL_TYPE (KdCustomerService, kd_customer_service, G_TYPE_OBJECT)

KdCustomerChange *
kd_customer_change_new (KdCustomerService *self,
                        KdCustomerOp       op)
{
  KdCustomerChange *c = g_new0 (KdCustomerChange, 1);
  KdStaff *agent = self->session ? kd_desk_session_get_agent (self->session) : NULL;

  g_atomic_ref_count_init (&c->ref);
  c->op = op;
  c->session = self->session ? g_object_ref (self->session) : NULL;
  c->agent_id = agent ? kd_staff_get_id (agent) : 0;
  c->now = kd_clock_now_unix (NULL);
  return c;
}

gboolean
kd_customer_change_audit (KdCustomerChange *c,
                          KdConn           *conn,
                          const char       *action,
                          const gint64     *ids,
                          guint             n,
                          const char       *detail,
                          GError          **error)
{
  if (c->session != NULL)
    return kd_desk_session_audit_record (c->session, conn, action, "customer", ids, n, detail, error);
  return kd_audit_repo_record (conn, NULL, action, "customer", ids, n, detail, error);
}
/* ---------------------------------------------------------------- running writes */

static KdCustomerChange *
run (KdCustomerService *self,
     KdCustomerChange  *c,
     GError           **error)
{
  g_autoptr(KdCustomerChange) owned = c;

  if (!kd_store_write (self->store, kd_customer_write_job (c->op), c, error))
    return NULL;
  return g_steal_pointer (&owned);
}

static void
run_async (KdCustomerService   *self,
           KdCustomerChange    *c,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  kd_service_job_run_async (self, kd_customer_service_write_finish, self->store, KD_SERVICE_JOB_WRITE,
                            kd_customer_write_job (c->op), c, (GDestroyNotify) kd_customer_change_unref, NULL,
                            cancellable, callback, user_data);
}

KdCustomerChange *
kd_customer_service_write_finish (KdCustomerService  *self,
                                  GAsyncResult       *result,
                                  GError            **error)
{
  KdCustomerChange *c = kd_service_job_finish (self, result, kd_customer_service_write_finish, error);
  return c ? kd_customer_change_ref (c) : NULL;
}

static KdCustomerChange *
save_change (KdCustomerService *self,
             KdCustomer        *customer)
{
  KdCustomerChange *c = kd_customer_change_new (self, OP_SAVE);
  c->customer = kd_customer_copy (customer);
  return c;
}

static KdCustomerChange *
ids_change (KdCustomerService *self,
            KdCustomerOp       op,
            const gint64      *ids,
            guint              n)
{
  KdCustomerChange *c = kd_customer_change_new (self, op);
  c->ids = kd_customer_ids_new (ids, n);
  return c;
}

static KdCustomerChange *
tag_change (KdCustomerService *self,
            const gint64      *ids,
            guint              n,
            gint64             tag_id,
            gboolean           add)
{
  KdCustomerChange *c = ids_change (self, OP_TAG, ids, n);
  c->tag_id = tag_id;
  c->add = add;
  return c;
}

/* Tags @ids with a new tag, @tag (id 0), made in the same transaction. */
static KdCustomerChange *
tag_new_change (KdCustomerService *self,
                const gint64      *ids,
                guint              n,
                KdTag             *tag)
{
  KdCustomerChange *c = tag_change (self, ids, n, 0, TRUE);
  c->tag = kd_tag_copy (tag);
  kd_tag_set_id (c->tag, 0);
  return c;
}

static KdCustomerChange *
owner_change (KdCustomerService *self,
              const gint64      *ids,
              guint              n,
              gint64             owner_id)
{
  KdCustomerChange *c = ids_change (self, OP_SET_OWNER, ids, n);
  c->owner_id = owner_id;
  return c;
}

static KdCustomerChange *
tag_save_change (KdCustomerService *self,
                 KdTag             *tag)
{
  KdCustomerChange *c = kd_customer_change_new (self, OP_SAVE_TAG);
  c->tag = kd_tag_copy (tag);
  return c;
}

static KdCustomerChange *
pair_change (KdCustomerService *self,
             KdCustomerOp       op,
             gint64             from_id,
             gint64             into_id)
{
  KdCustomerChange *c = kd_customer_change_new (self, op);
  c->from_id = from_id;
  c->into_id = into_id;
  c->tag_id = from_id;
  return c;
}

static KdCustomerChange *
undo_change (KdCustomerService *self,
             KdCustomerChange  *change)
{
  KdCustomerChange *c = kd_customer_change_new (self, OP_UNDO);
  c->undo = kd_customer_change_ref (change);
  return c;
}

static gboolean
check_undoable (KdCustomerChange  *change,
                GError           **error)
{
  if (change->undoable)
    return TRUE;
  g_set_error_literal (error, KD_STORE_ERROR, KD_STORE_ERROR_INVALID, _("This cannot be undone."));
  return FALSE;
}

KdCustomerChange *
kd_customer_service_save (KdCustomerService  *self,
                          KdCustomer         *customer,
                          GError            **error)
{
  g_return_val_if_fail (KD_IS_CUSTOMER_SERVICE (self), NULL);
  g_return_val_if_fail (KD_IS_CUSTOMER (customer), NULL);
  return run (self, save_change (self, customer), error);
}

KdCustomerChange *
kd_customer_service_delete (KdCustomerService  *self,
                            const gint64       *ids,
                            guint               n,
                            GError            **error)
{
  return run (self, ids_change (self, OP_DELETE, ids, n), error);
}

KdCustomerChange *
kd_customer_service_tag (KdCustomerService  *self,
                         const gint64       *ids,
                         guint               n,
                         gint64              tag_id,
                         gboolean            add,
                         GError            **error)
{
  return run (self, tag_change (self, ids, n, tag_id, add), error);
}

KdCustomerChange *
kd_customer_service_tag_new (KdCustomerService  *self,
                             const gint64       *ids,
                             guint               n,
                             KdTag              *tag,
                             GError            **error)
{
  g_return_val_if_fail (KD_IS_TAG (tag), NULL);
  return run (self, tag_new_change (self, ids, n, tag), error);
}

KdCustomerChange *
kd_customer_service_set_owner (KdCustomerService  *self,
                               const gint64       *ids,
                               guint               n,
                               gint64              owner_id,
                               GError            **error)
{
  return run (self, owner_change (self, ids, n, owner_id), error);
}

KdCustomerChange *
kd_customer_service_save_tag (KdCustomerService  *self,
                              KdTag              *tag,
                              GError            **error)
{
  return run (self, tag_save_change (self, tag), error);
}

KdCustomerChange *
kd_customer_service_delete_tag (KdCustomerService  *self,
                                gint64              tag_id,
                                GError            **error)
{
  return run (self, pair_change (self, OP_DELETE_TAG, tag_id, 0), error);
}

KdCustomerChange *
kd_customer_service_merge_tags (KdCustomerService  *self,
                                gint64              from_id,
                                gint64              into_id,
                                GError            **error)
{
  return run (self, pair_change (self, OP_MERGE_TAGS, from_id, into_id), error);
}

KdCustomerChange *
kd_customer_service_merge (KdCustomerService  *self,
                           gint64              keep_id,
                           gint64              remove_id,
                           GError            **error)
{
  return run (self, pair_change (self, OP_MERGE, remove_id, keep_id), error);
}

KdCustomerChange *
kd_customer_service_undo (KdCustomerService  *self,
                          KdCustomerChange   *change,
                          GError            **error)
{
  if (!check_undoable (change, error))
    return NULL;
  return run (self, undo_change (self, change), error);
}

void
kd_customer_service_save_async (KdCustomerService  *self,
                                KdCustomer         *customer,
                                GCancellable       *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer            user_data)
{
  run_async (self, save_change (self, customer), cancellable, callback, user_data);
}

void
kd_customer_service_delete_async (KdCustomerService  *self,
                                  const gint64       *ids,
                                  guint               n,
                                  GCancellable       *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data)
{
  run_async (self, ids_change (self, OP_DELETE, ids, n), cancellable, callback, user_data);
}

void
kd_customer_service_tag_async (KdCustomerService  *self,
                               const gint64       *ids,
                               guint               n,
                               gint64              tag_id,
                               gboolean            add,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
  run_async (self, tag_change (self, ids, n, tag_id, add), cancellable, callback, user_data);
}

void
kd_customer_service_tag_new_async (KdCustomerService  *self,
                                   const gint64       *ids,
                                   guint               n,
                                   KdTag              *tag,
                                   GCancellable       *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer            user_data)
{
  run_async (self, tag_new_change (self, ids, n, tag), cancellable, callback, user_data);
}

void
kd_customer_service_set_owner_async (KdCustomerService  *self,
                                     const gint64       *ids,
                                     guint               n,
                                     gint64              owner_id,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data)
{
  run_async (self, owner_change (self, ids, n, owner_id), cancellable, callback, user_data);
}

void
kd_customer_service_save_tag_async (KdCustomerService  *self,
                                    KdTag              *tag,
                                    GCancellable       *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data)
{
  run_async (self, tag_save_change (self, tag), cancellable, callback, user_data);
}

void
kd_customer_service_delete_tag_async (KdCustomerService  *self,
                                      gint64              tag_id,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data)
{
  run_async (self, pair_change (self, OP_DELETE_TAG, tag_id, 0), cancellable, callback, user_data);
}

void
kd_customer_service_merge_tags_async (KdCustomerService  *self,
                                      gint64              from_id,
                                      gint64              into_id,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data)
{
  run_async (self, pair_change (self, OP_MERGE_TAGS, from_id, into_id), cancellable, callback, user_data);
}

void
kd_customer_service_merge_async (KdCustomerService  *self,
                                 gint64              keep_id,
                                 gint64              remove_id,
                                 GCancellable       *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer            user_data)
{
  run_async (self, pair_change (self, OP_MERGE, remove_id, keep_id), cancellable, callback, user_data);
}

void
kd_customer_service_undo_async (KdCustomerService  *self,
                                KdCustomerChange   *change,
                                GCancellable       *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer            user_data)
{
  GError *error = NULL;

  if (!check_undoable (change, &error))
    {
      g_task_report_error (self, callback, user_data, kd_customer_service_write_finish, error);
      return;
    }
  run_async (self, undo_change (self, change), cancellable, callback, user_data);
}

/* ---------------------------------------------------------------- model and tags */

KdQueryModel *
kd_customer_service_create_model (KdCustomerService *self)
{
  KdQueryModel *model;

  g_return_val_if_fail (KD_IS_CUSTOMER_SERVICE (self), NULL);
  model = kd_query_model_new (self->store, kd_customer_repo_query_spec ());
  kd_query_model_set_sort (model, "nickname", FALSE);
  return model;
}

void
kd_customer_service_set_tag_filter (KdQueryModel  *model,
                                    const gint64  *tag_ids,
                                    guint          n,
                                    gboolean       any)
{
  kd_query_model_set_filter (model, "tags", n > 0 ? kd_customer_repo_tag_filter_value (tag_ids, n, any) : NULL);
}

typedef struct {
  GWeakRef           self;      /* a pending read does not keep the service (and its store) alive */
  guint              generation;
  GPtrArray         *tags;
} TagsJob;

static void
tags_job_free (TagsJob *job)
{
  g_weak_ref_clear (&job->self);
  g_clear_pointer (&job->tags, g_ptr_array_unref);
  g_free (job);
}

static gboolean
list_tags_job (KdConn   *conn,
               gpointer  data,
               GError  **error)
{
  TagsJob *job = data;

  job->tags = kd_customer_repo_list_tags (conn, error);
  return job->tags != NULL;
}

static void
apply_tags (KdCustomerService *self,
            GPtrArray         *tags)
{
  GListModel *model = G_LIST_MODEL (self->tags);
  guint n_old = g_list_model_get_n_items (model);
  gboolean same = n_old == tags->len;

  for (guint i = 0; same && i < n_old; i++)
    {
      g_autoptr(KdTag) old = g_list_model_get_item (model, i);
      same = kd_tag_get_id (old) == kd_tag_get_id (g_ptr_array_index (tags, i));
    }
  if (same)
    {
      /* In place: pills and check buttons bound to a tag follow it. */
      for (guint i = 0; i < n_old; i++)
        {
          g_autoptr(KdTag) old = g_list_model_get_item (model, i);
          KdTag *fresh = g_ptr_array_index (tags, i);

          kd_tag_set_name (old, kd_tag_get_name (fresh));
          kd_tag_set_colour (old, kd_tag_get_colour (fresh));
          kd_tag_set_n_customers (old, kd_tag_get_n_customers (fresh));
        }
      return;
    }
  g_hash_table_remove_all (self->tags_by_id);
  for (guint i = 0; i < tags->len; i++)
    {
      KdTag *t = g_ptr_array_index (tags, i);
      g_hash_table_insert (self->tags_by_id, g_memdup2 (&(gint64) { kd_tag_get_id (t) }, sizeof (gint64)),
                           g_object_ref (t));
    }
  g_list_store_splice (self->tags, 0, n_old, tags->pdata, tags->len);
}

static void
tags_read (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  TagsJob *job;

  if (!kd_store_read_finish (KD_STORE (source), result, &error))
    {
      if (!g_error_matches (error, KD_STORE_ERROR, KD_STORE_ERROR_CLOSED) &&
          !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Reading the tags failed: %s", error->message);
      return;
    }
  job = kd_store_job_get_data (result);
  {
    g_autoptr(KdCustomerService) self = g_weak_ref_get (&job->self);
    if (self != NULL && job->generation == self->tags_generation)
      apply_tags (self, job->tags);
  }
}

static gboolean
reload_tags (gpointer data)
{
  KdCustomerService *self = data;
  TagsJob *job;

  if (self->store == NULL || kd_store_is_closed (self->store))
    return G_SOURCE_REMOVE;
  job = g_new0 (TagsJob, 1);
  g_weak_ref_init (&job->self, self);
  job->generation = ++self->tags_generation;
  kd_store_read_async (self->store, list_tags_job, job, (GDestroyNotify) tags_job_free, NULL, tags_read, NULL);
  return G_SOURCE_REMOVE;
}

static void
on_tags_changed (KdStore           *store,
                 const char        *table,
                 GArray            *ids,
                 KdCustomerService *self)
{
  /* Counts are read on a reader thread; the list belongs to the thread
   * that made the service. */
  kd_invoke (self->context, reload_tags, g_object_ref (self), g_object_unref);
}

GListModel *
kd_customer_service_get_tags (KdCustomerService *self)
{
  g_return_val_if_fail (KD_IS_CUSTOMER_SERVICE (self), NULL);
  return G_LIST_MODEL (self->tags);
}

KdTag *
kd_customer_service_lookup_tag (KdCustomerService *self,
                                gint64             tag_id)
{
  g_return_val_if_fail (KD_IS_CUSTOMER_SERVICE (self), NULL);
  return g_hash_table_lookup (self->tags_by_id, &tag_id);
}

static void
kd_customer_service_dispose (GObject *object)
{
  KdCustomerService *self = KD_CUSTOMER_SERVICE (object);

  if (self->changed_id != 0 && self->store != NULL)
    g_clear_signal_handler (&self->changed_id, self->store);
  g_clear_object (&self->store);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (kd_customer_service_parent_class)->dispose (object);
}

static void
kd_customer_service_finalize (GObject *object)
{
  KdCustomerService *self = KD_CUSTOMER_SERVICE (object);

  g_clear_object (&self->tags);
  g_clear_pointer (&self->tags_by_id, g_hash_table_unref);
  g_main_context_unref (self->context);
  G_OBJECT_CLASS (kd_customer_service_parent_class)->finalize (object);
}

static void
kd_customer_service_class_init (KdCustomerServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kd_customer_service_dispose;
  object_class->finalize = kd_customer_service_finalize;
}

static void
kd_customer_service_init (KdCustomerService *self)
{
  self->tags = g_list_store_new (KD_TYPE_TAG);
  self->tags_by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  self->context = g_main_context_ref_thread_default ();
}

KdCustomerService *
kd_customer_service_new (KdStore       *store,
                         KdDeskSession *session)
{
  KdCustomerService *self = g_object_new (KD_TYPE_CUSTOMER_SERVICE, NULL);
  g_autoptr(GPtrArray) tags = NULL;
  g_autoptr(GError) error = NULL;
  TagsJob job = { { { 0 } }, 0, NULL };

  self->store = g_object_ref (store);
  self->session = session ? g_object_ref (session) : NULL;
  self->changed_id = g_signal_connect (store, "changed::tags", G_CALLBACK (on_tags_changed), self);
  /* The first list now, so that the window (and the CLI) start with it. */
  if (kd_store_read (store, list_tags_job, &job, &error))
    {
      apply_tags (self, job.tags);
      g_ptr_array_unref (job.tags);
    }
  else if (!g_error_matches (error, KD_STORE_ERROR, KD_STORE_ERROR_CLOSED))
    g_warning ("Reading the tags failed: %s", error->message);
  return self;
}
