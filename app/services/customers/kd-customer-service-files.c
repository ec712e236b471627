/* kd-customer-service-files.c: the customer service's reads (profile, reveal, purchases, privacy log), the CLI's search, and CSV import and export. */
#include "config.h"

#include "kd-customer-service-private.h"
#include "kd-service-job.h"
#include "kd-audit-repo.h"
#include "kd-clock.h"
#include "kd-customer-csv.h"
#include "kd-customer-repo.h"
#include "kd-error.h"
#include "kd-staff-repo.h"

#include <glib/gi18n-lib.h>

/* ---------------------------------------------------------------- reads */

typedef struct {
  gint64             id;
  gint64             except_id;
  char              *text;
  KdCustomerChange  *stamp;     /* reveal: who and when */
  KdCustomer        *customer;
  GPtrArray         *list;
  guint              limit;
} ReadJob;

static void
read_job_free (ReadJob *job)
{
  g_free (job->text);
  g_clear_pointer (&job->stamp, kd_customer_change_unref);
  g_clear_object (&job->customer);
  g_clear_pointer (&job->list, g_ptr_array_unref);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReadJob, read_job_free)

static gboolean
load_job (KdConn   *conn,
          gpointer  data,
          GError  **error)
{
  ReadJob *job = data;
  g_autoptr(GError) local = NULL;

  job->customer = kd_customer_repo_load (conn, job->id, &local);
  if (job->customer != NULL)
    return TRUE;
  if (local != NULL)
    g_propagate_error (error, g_steal_pointer (&local));
  else
    g_set_error_literal (error, KD_STORE_ERROR, KD_STORE_ERROR_NOT_FOUND, _("This customer was deleted in the meantime."));
  return FALSE;
}

static gboolean
reveal_job (KdConn   *conn,
            gpointer  data,
            GError  **error)
{
  ReadJob *job = data;

  if (!load_job (conn, data, error))
    return FALSE;
  return kd_customer_change_audit (job->stamp, conn, "customer.reveal", &job->id, 1, job->customer->nickname, error);
}

static gboolean
find_nickname_job (KdConn   *conn,
                   gpointer  data,
                   GError  **error)
{
  ReadJob *job = data;
  g_autoptr(GError) local = NULL;

  job->customer = kd_customer_repo_find_nickname (conn, job->text, job->except_id, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return TRUE;
}

static gboolean
list_orders_job (KdConn   *conn,
                 gpointer  data,
                 GError  **error)
{
  ReadJob *job = data;

  job->list = kd_customer_repo_list_orders (conn, job->id, error);
  return job->list != NULL;
}

static gboolean
list_audit_job (KdConn   *conn,
                gpointer  data,
                GError  **error)
{
  ReadJob *job = data;

  job->list = kd_audit_repo_list (conn, "customer", 0, job->limit, error);
  return job->list != NULL;
}

static ReadJob *
read_job_new (gint64 id)
{
  ReadJob *job = g_new0 (ReadJob, 1);
  job->id = id;
  return job;
}

KdCustomer *
kd_customer_service_load (KdCustomerService  *self,
                          gint64              id,
                          GError            **error)
{
  g_autoptr(ReadJob) job = read_job_new (id);

  if (!kd_store_read (self->store, load_job, job, error))
    return NULL;
  return g_steal_pointer (&job->customer);
}

KdCustomer *
kd_customer_service_find_nickname (KdCustomerService  *self,
                                   const char         *nickname,
                                   gint64              except_id,
                                   GError            **error)
{
  g_autoptr(ReadJob) job = read_job_new (0);

  job->text = g_strdup (nickname);
  job->except_id = except_id;
  if (!kd_store_read (self->store, find_nickname_job, job, error))
    return NULL;
  return g_steal_pointer (&job->customer);
}

KdCustomer *
kd_customer_service_reveal (KdCustomerService  *self,
                            gint64              id,
                            GError            **error)
{
  g_autoptr(ReadJob) job = read_job_new (id);

  job->stamp = kd_customer_change_new (self, OP_UNDO);
  if (!kd_store_write (self->store, reveal_job, job, error))
    return NULL;
  return g_steal_pointer (&job->customer);
}

GPtrArray *
kd_customer_service_list_orders (KdCustomerService  *self,
                                 gint64              customer_id,
                                 GError            **error)
{
  g_autoptr(ReadJob) job = read_job_new (customer_id);

  if (!kd_store_read (self->store, list_orders_job, job, error))
    return NULL;
  return g_steal_pointer (&job->list);
}

/* The privacy log is the owner's: at a desk (a session) only they read it. */
static gboolean
may_read_audit (KdCustomerService  *self,
                GError            **error)
{
  if (self->session == NULL || kd_desk_session_is_owner (self->session))
    return TRUE;
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                       _("Only the shop owner can read the privacy log."));
  return FALSE;
}

GPtrArray *
kd_customer_service_list_audit (KdCustomerService  *self,
                                guint               limit,
                                GError            **error)
{
  g_autoptr(ReadJob) job = read_job_new (0);

  if (!may_read_audit (self, error))
    return NULL;
  job->limit = limit;
  if (!kd_store_read (self->store, list_audit_job, job, error))
    return NULL;
  return g_steal_pointer (&job->list);
}

static void
read_async (KdCustomerService   *self,
            gpointer             tag,
            KdStoreFunc          func,
            ReadJob             *job,
            gboolean             write,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  /* A reveal is a write: it records an audit row. */
  kd_service_job_run_async (self, tag, self->store, write ? KD_SERVICE_JOB_WRITE : KD_SERVICE_JOB_READ, func, job,
                            (GDestroyNotify) read_job_free, NULL, cancellable, callback, user_data);
}

static KdCustomer *
steal_customer (KdCustomerService  *self,
                GAsyncResult       *result,
                gpointer            tag,
                GError            **error)
{
  ReadJob *job = kd_service_job_finish (self, result, tag, error);
  return job ? g_steal_pointer (&job->customer) : NULL;
}

static GPtrArray *
steal_list (KdCustomerService  *self,
            GAsyncResult       *result,
            gpointer            tag,
            GError            **error)
{
  ReadJob *job = kd_service_job_finish (self, result, tag, error);
  return job ? g_steal_pointer (&job->list) : NULL;
}

void
kd_customer_service_load_async (KdCustomerService   *self,
                                gint64               id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  read_async (self, kd_customer_service_load_async, load_job, read_job_new (id), FALSE,
              cancellable, callback, user_data);
}

KdCustomer *
kd_customer_service_load_finish (KdCustomerService  *self,
                                 GAsyncResult       *result,
                                 GError            **error)
{
  return steal_customer (self, result, kd_customer_service_load_async, error);
}

void
kd_customer_service_reveal_async (KdCustomerService   *self,
                                  gint64               id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  ReadJob *job = read_job_new (id);

  job->stamp = kd_customer_change_new (self, OP_UNDO);
  read_async (self, kd_customer_service_reveal_async, reveal_job, job, TRUE, cancellable, callback, user_data);
}

KdCustomer *
kd_customer_service_reveal_finish (KdCustomerService  *self,
                                   GAsyncResult       *result,
                                   GError            **error)
{
  return steal_customer (self, result, kd_customer_service_reveal_async, error);
}

void
kd_customer_service_find_nickname_async (KdCustomerService   *self,
                                         const char          *nickname,
                                         gint64               except_id,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  ReadJob *job = read_job_new (0);

  job->text = g_strdup (nickname);
  job->except_id = except_id;
  read_async (self, kd_customer_service_find_nickname_async, find_nickname_job, job, FALSE,
              cancellable, callback, user_data);
}

KdCustomer *
kd_customer_service_find_nickname_finish (KdCustomerService  *self,
                                          GAsyncResult       *result,
                                          GError            **error)
{
  return steal_customer (self, result, kd_customer_service_find_nickname_async, error);
}

void
kd_customer_service_list_orders_async (KdCustomerService   *self,
                                       gint64               customer_id,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  read_async (self, kd_customer_service_list_orders_async, list_orders_job, read_job_new (customer_id), FALSE,
              cancellable, callback, user_data);
}

GPtrArray *
kd_customer_service_list_orders_finish (KdCustomerService  *self,
                                        GAsyncResult       *result,
                                        GError            **error)
{
  return steal_list (self, result, kd_customer_service_list_orders_async, error);
}

void
kd_customer_service_list_audit_async (KdCustomerService   *self,
                                      guint                limit,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  GError *error = NULL;
  ReadJob *job;

  if (!may_read_audit (self, &error))
    {
      g_task_report_error (self, callback, user_data, kd_customer_service_list_audit_async, error);
      return;
    }
  job = read_job_new (0);
  job->limit = limit;
  read_async (self, kd_customer_service_list_audit_async, list_audit_job, job, FALSE,
              cancellable, callback, user_data);
}

GPtrArray *
kd_customer_service_list_audit_finish (KdCustomerService  *self,
                                       GAsyncResult       *result,
                                       GError            **error)
{
  return steal_list (self, result, kd_customer_service_list_audit_async, error);
}

/* ---------------------------------------------------------------- lists and files */

typedef struct {
  char              *query;
  GArray            *tag_ids;
  gboolean           any;
  guint              limit;
  GPtrArray         *found;
} SearchJob;

static gboolean
search_job (KdConn   *conn,
            gpointer  data,
            GError  **error)
{
  SearchJob *job = data;
  g_autoptr(GArray) ids = kd_customer_repo_search_ids (conn, job->query, (const gint64 *) (gpointer) job->tag_ids->data,
                                                       job->tag_ids->len, job->any, job->limit, error);

  if (ids == NULL)
    return FALSE;
  job->found = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(GError) local = NULL;
      KdCustomer *c = kd_customer_repo_load (conn, g_array_index (ids, gint64, i), &local);

      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      if (c != NULL)
        g_ptr_array_add (job->found, c);
    }
  return TRUE;
}

GPtrArray *
kd_customer_service_search (KdCustomerService  *self,
                            const char         *query,
                            const gint64       *tag_ids,
                            guint               n_tags,
                            gboolean            any,
                            guint               limit,
                            GError            **error)
{
  SearchJob job = { (char *) query, kd_customer_ids_new (tag_ids, n_tags), any, limit, NULL };
  gboolean ok = kd_store_read (self->store, search_job, &job, error);

  g_array_unref (job.tag_ids);
  if (!ok)
    {
      g_clear_pointer (&job.found, g_ptr_array_unref);
      return NULL;
    }
  return job.found;
}

typedef struct {
  KdCustomerChange    *stamp;
  GArray              *ids;
  GFile               *file;
  GFileOutputStream   *out;
  char                *display_name;
  KdCustomerCsvWriter *writer;
  guint                n_written;
  GArray              *written;    /* ids, for the audit row */
  GPtrArray           *records;
  KdCustomerImportCounts counts;
  KdStore             *store;      /* the import thread's; not owned (the task holds the service) */
} FileJob;

static void
file_job_free (FileJob *job)
{
  g_clear_pointer (&job->stamp, kd_customer_change_unref);
  g_clear_pointer (&job->ids, g_array_unref);
  g_clear_pointer (&job->written, g_array_unref);
  g_clear_object (&job->file);
  g_clear_object (&job->out);
  g_free (job->display_name);
  g_clear_pointer (&job->writer, kd_customer_csv_writer_free);
  g_clear_pointer (&job->records, g_ptr_array_unref);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FileJob, file_job_free)

static gboolean
export_one (KdCustomer  *customer,
            gpointer     user_data,
            GError     **error)
{
  FileJob *job = user_data;

  if (!kd_customer_csv_writer_add (job->writer, customer, error))
    return FALSE;
  g_array_append_val (job->written, customer->id);
  job->n_written++;
  return TRUE;
}

static gboolean
id_maps (KdConn      *conn,
         GHashTable **owners,
         GHashTable **tags,
         GError     **error)
{
  g_autoptr(GPtrArray) staff = kd_staff_repo_list (conn, FALSE, error);
  g_autoptr(GPtrArray) tag_list = NULL;

  if (staff == NULL || (tag_list = kd_customer_repo_list_tags (conn, error)) == NULL)
    return FALSE;
  *owners = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  *tags = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  for (guint i = 0; i < staff->len; i++)
    {
      KdStaff *s = g_ptr_array_index (staff, i);
      g_hash_table_insert (*owners, g_memdup2 (&(gint64) { kd_staff_get_id (s) }, sizeof (gint64)),
                           g_strdup (kd_staff_get_job_number (s)));
    }
  for (guint i = 0; i < tag_list->len; i++)
    {
      KdTag *t = g_ptr_array_index (tag_list, i);
      g_hash_table_insert (*tags, g_memdup2 (&(gint64) { kd_tag_get_id (t) }, sizeof (gint64)),
                           g_strdup (kd_tag_get_name (t)));
    }
  return TRUE;
}

/* A write job: the file and the audit row succeed or fail together (the
 * file is deleted when the row cannot be written). */
static gboolean
export_job (KdConn   *conn,
            gpointer  data,
            GError  **error)
{
  FileJob *job = data;
  g_autoptr(GHashTable) owners = NULL;
  g_autoptr(GHashTable) tags = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *detail = NULL;

  if (!id_maps (conn, &owners, &tags, error))
    return FALSE;
  job->out = g_file_create (job->file, G_FILE_CREATE_NONE, NULL, &local);
  if (job->out == NULL)
    {
      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_EXISTS))
        g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_EXISTS,
                     _("“%s” already exists; customers are only exported to a new file."), job->display_name);
      else
        g_set_error (error, local->domain, local->code, _("Cannot write “%s”: %s"), job->display_name, local->message);
      return FALSE;
    }
  job->writer = kd_customer_csv_writer_new (G_OUTPUT_STREAM (job->out), owners, tags, NULL, &local);
  if (job->writer == NULL ||
      !kd_customer_repo_foreach (conn, job->ids, export_one, job, &local) ||
      !kd_customer_csv_writer_close (job->writer, &local) ||
      !g_output_stream_close (G_OUTPUT_STREAM (job->out), NULL, &local))
    goto failed;

  detail = g_path_get_basename (job->display_name);
  if (!kd_customer_change_audit (job->stamp, conn, "customers.export", job->written->len > 0 ? (const gint64 *) (gpointer) job->written->data : NULL,
              job->written->len, detail, &local))
    goto failed;
  return TRUE;

failed:
  g_file_delete (job->file, NULL, NULL);
  if (local->domain == KD_STORE_ERROR)
    g_propagate_error (error, g_steal_pointer (&local));
  else
    g_set_error (error, local->domain, local->code, _("Cannot write “%s”: %s"), job->display_name, local->message);
  return FALSE;
}

static FileJob *
export_job_new (KdCustomerService *self,
                const char        *path,
                GArray            *ids)
{
  FileJob *job = g_new0 (FileJob, 1);

  job->stamp = kd_customer_change_new (self, OP_UNDO);
  job->ids = ids ? g_array_ref (ids) : NULL;
  job->file = g_file_new_for_path (path);
  job->written = g_array_new (FALSE, FALSE, sizeof (gint64));
  job->display_name = g_filename_display_name (path);
  job->store = self->store;
  return job;
}

gboolean
kd_customer_service_export (KdCustomerService  *self,
                            const char         *path,
                            GArray             *ids,
                            guint              *n_written,
                            GError            **error)
{
  g_autoptr(FileJob) job = export_job_new (self, path, ids);

  if (!kd_store_write (self->store, export_job, job, error))
    return FALSE;
  /* An audit row for a file that exists: the count is the file's. */
  if (n_written != NULL)
    *n_written = job->n_written;
  return TRUE;
}

static gboolean
import_job (KdConn   *conn,
            gpointer  data,
            GError  **error)
{
  FileJob *job = data;

  if (!kd_customer_repo_import (conn, job->records, job->display_name, job->stamp->now, &job->counts.added,
                                &job->counts.updated, &job->counts.tags_added, error))
    return FALSE;
  {
    g_autofree char *detail = g_strdup_printf ("%s: +%u ~%u", job->display_name, job->counts.added, job->counts.updated);
    return kd_customer_change_audit (job->stamp, conn, "customers.import", NULL, 0, detail, error);
  }
}

gboolean
kd_customer_service_import (KdCustomerService       *self,
                            const char              *path,
                            KdCustomerImportCounts  *counts,
                            GError                 **error)
{
  g_autoptr(FileJob) job = export_job_new (self, path, NULL);

  job->records = kd_customer_csv_read_file (path, NULL, error);
  if (job->records == NULL || !kd_store_write (self->store, import_job, job, error))
    return FALSE;
  if (counts != NULL)
    *counts = job->counts;
  return TRUE;
}

void
kd_customer_service_export_async (KdCustomerService   *self,
                                  const char          *path,
                                  GArray              *ids,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  kd_service_job_run_async (self, kd_customer_service_export_async, self->store, KD_SERVICE_JOB_WRITE, export_job,
                            export_job_new (self, path, ids), (GDestroyNotify) file_job_free, NULL,
                            cancellable, callback, user_data);
}

gboolean
kd_customer_service_export_finish (KdCustomerService  *self,
                                   GAsyncResult       *result,
                                   guint              *n_written,
                                   GError            **error)
{
  FileJob *out = kd_service_job_finish (self, result, kd_customer_service_export_async, error);

  if (out == NULL)
    return FALSE;
  if (n_written != NULL)
    *n_written = out->n_written;
  return TRUE;
}

/* Reading and checking the file happens on a worker thread; the merge is one store job. */
static gboolean
import_thread (gpointer       data,
               GCancellable  *cancellable,
               GError       **error)
{
  FileJob *job = data;

  job->records = kd_customer_csv_read_file (g_file_peek_path (job->file), cancellable, error);
  return job->records != NULL && kd_store_write (job->store, import_job, job, error);
}

void
kd_customer_service_import_async (KdCustomerService   *self,
                                  const char          *path,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  kd_service_job_run_in_thread (self, kd_customer_service_import_async, import_thread,
                                export_job_new (self, path, NULL), (GDestroyNotify) file_job_free,
                                cancellable, callback, user_data);
}

gboolean
kd_customer_service_import_finish (KdCustomerService       *self,
                                   GAsyncResult            *result,
                                   KdCustomerImportCounts  *counts,
                                   GError                 **error)
{
  FileJob *out = kd_service_job_finish (self, result, kd_customer_service_import_async, error);

  if (out == NULL)
    return FALSE;
  if (counts != NULL)
    *counts = out->counts;
  return TRUE;
}

gboolean
kd_customer_service_ensure_in_job (KdConn      *conn,
                                   const char  *nickname,
                                   gint64      *out_id,
                                   GError     **error)
{
  return kd_customer_repo_ensure (conn, nickname, kd_clock_now_unix (NULL), out_id, NULL, error);
}
