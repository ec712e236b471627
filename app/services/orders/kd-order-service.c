/* kd-order-service.c: the order-remark board's behaviour: report imports in one transaction, remarks stamped with the agent's job number, the board's lists. */
#include "config.h"

#include "kd-order-service.h"
#include "kd-clock.h"
#include "kd-customer-repo.h"
#include "kd-error.h"
#include "kd-order-report.h"
#include "kd-order-repo.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

struct _KdOrderService
{
  GObject        parent_instance;
  KdStore       *store;
  KdDeskSession *session;
  GTimeZone     *tz;
  char          *tz_name;
  /* The shop's flag names and meanings, "" for the default; read when first asked. */
  gboolean       have_flag_texts;
  char          *flag_names[KD_N_FLAGS];
  char          *flag_meanings[KD_N_FLAGS];
};

G_DEFINE_FINAL_TYPE (KdOrderService, kd_order_service, G_TYPE_OBJECT)

enum {
  FLAGS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
clear_flag_texts (KdOrderService *self)
{
  for (int f = 0; f < KD_N_FLAGS; f++)
    {
      g_clear_pointer (&self->flag_names[f], g_free);
      g_clear_pointer (&self->flag_meanings[f], g_free);
    }
  self->have_flag_texts = FALSE;
}

static void
kd_order_service_dispose (GObject *object)
{
  KdOrderService *self = KD_ORDER_SERVICE (object);

  g_clear_object (&self->store);
  g_clear_object (&self->session);
  g_clear_pointer (&self->tz, g_time_zone_unref);
  g_clear_pointer (&self->tz_name, g_free);
  clear_flag_texts (self);
  G_OBJECT_CLASS (kd_order_service_parent_class)->dispose (object);
}

static void
kd_order_service_class_init (KdOrderServiceClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kd_order_service_dispose;

  /* The shop's flag names or meanings changed (here or in another window). */
  signals[FLAGS_CHANGED] =
    g_signal_new ("flags-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kd_order_service_init (KdOrderService *self)
{
}

#define TIME_ZONE_KEY "shop.time-zone"

/* The shop's time zone from the database's settings, when set there. */
static void
load_time_zone (KdOrderService *self)
{
  g_autofree char *name = kd_store_get_setting (self->store, TIME_ZONE_KEY, "");

  if (*name != '\0' && g_strcmp0 (name, self->tz_name) != 0)
    kd_order_service_set_time_zone (self, name);
}

static void
on_settings_changed (KdOrderService *self)
{
  /* Any setting: read the flags again when next asked. */
  load_time_zone (self);
  clear_flag_texts (self);
  g_signal_emit (self, signals[FLAGS_CHANGED], 0);
}

KdOrderService *
kd_order_service_new (KdStore       *store,
                      KdDeskSession *session)
{
  KdOrderService *self = g_object_new (KD_TYPE_ORDER_SERVICE, NULL);

  self->store = g_object_ref (store);
  self->session = session ? g_object_ref (session) : NULL;
  kd_order_service_set_time_zone (self, "Asia/Shanghai");
  load_time_zone (self);
  g_signal_connect_object (store, "changed::settings", G_CALLBACK (on_settings_changed), self, G_CONNECT_SWAPPED);
  return self;
}

/* ---------------------------------------------------------------- the shop's flags */

static char *
flag_key (KdFlag      flag,
          const char *what)
{
  return g_strdup_printf ("orders.flag.%s.%s", kd_flag_to_key (flag), what);
}

static void
load_flag_texts (KdOrderService *self)
{
  if (self->have_flag_texts)
    return;
  for (int f = 0; f < KD_N_FLAGS; f++)
    {
      g_autofree char *name_key = flag_key (f, "name");
      g_autofree char *meaning_key = flag_key (f, "meaning");

      self->flag_names[f] = kd_store_get_setting (self->store, name_key, "");
      self->flag_meanings[f] = kd_store_get_setting (self->store, meaning_key, "");
    }
  self->have_flag_texts = TRUE;
}

const char *
kd_order_service_get_flag_name (KdOrderService *self,
                                KdFlag          flag)
{
  g_return_val_if_fail (KD_IS_ORDER_SERVICE (self), NULL);
  if ((guint) flag >= KD_N_FLAGS)
    flag = KD_FLAG_NONE;
  load_flag_texts (self);
  return *self->flag_names[flag] != '\0' ? self->flag_names[flag] : kd_flag_get_label (flag);
}

const char *
kd_order_service_get_flag_meaning (KdOrderService *self,
                                   KdFlag          flag)
{
  g_return_val_if_fail (KD_IS_ORDER_SERVICE (self), NULL);
  if ((guint) flag >= KD_N_FLAGS)
    flag = KD_FLAG_NONE;
  load_flag_texts (self);
  return *self->flag_meanings[flag] != '\0' ? self->flag_meanings[flag] : kd_flag_get_default_meaning (flag);
}

typedef struct {
  KdFlag  flag;
  char   *name;
  char   *meaning;
} FlagTexts;

static void
flag_texts_free (FlagTexts *t)
{
  g_free (t->name);
  g_free (t->meaning);
  g_free (t);
}

static FlagTexts *
flag_texts_new (KdFlag      flag,
                const char *name,
                const char *meaning,
                GError    **error)
{
  FlagTexts *t;

  if ((guint) flag >= KD_N_FLAGS)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "no such flag");
      return NULL;
    }
  t = g_new0 (FlagTexts, 1);
  t->flag = flag;
  t->name = g_strstrip (g_strdup (name ? name : ""));
  t->meaning = g_strstrip (g_strdup (meaning ? meaning : ""));
  /* The default typed back is the default, in whatever language it is read later. */
  if (g_str_equal (t->name, kd_flag_get_label (flag)))
    t->name[0] = '\0';
  if (g_str_equal (t->meaning, kd_flag_get_default_meaning (flag)))
    t->meaning[0] = '\0';
  if (!kd_flag_validate_texts (t->name, t->meaning, error))
    {
      flag_texts_free (t);
      return NULL;
    }
  return t;
}

static gboolean
set_flag_texts_job (KdConn   *conn,
                    gpointer  data,
                    GError  **error)
{
  FlagTexts *t = data;
  g_autofree char *name_key = flag_key (t->flag, "name");
  g_autofree char *meaning_key = flag_key (t->flag, "meaning");

  return kd_conn_set_setting (conn, name_key, t->name, error) &&
         kd_conn_set_setting (conn, meaning_key, t->meaning, error);
}

gboolean
kd_order_service_set_flag_texts (KdOrderService  *self,
                                 KdFlag           flag,
                                 const char      *name,
                                 const char      *meaning,
                                 GError         **error)
{
  FlagTexts *t = flag_texts_new (flag, name, meaning, error);
  gboolean ok;

  if (t == NULL)
    return FALSE;
  ok = kd_store_write (self->store, set_flag_texts_job, t, error);
  flag_texts_free (t);
  return ok;
}

static void
store_write_done (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (kd_store_write_finish (KD_STORE (source), result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
kd_order_service_set_flag_texts_async (KdOrderService      *self,
                                       KdFlag               flag,
                                       const char          *name,
                                       const char          *meaning,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  GError *error = NULL;
  FlagTexts *t;

  g_task_set_source_tag (task, kd_order_service_set_flag_texts_async);
  t = flag_texts_new (flag, name, meaning, &error);
  if (t == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  kd_store_write_async (self->store, set_flag_texts_job, t, (GDestroyNotify) flag_texts_free, cancellable,
                        store_write_done, g_steal_pointer (&task));
}

gboolean
kd_order_service_set_flag_texts_finish (KdOrderService  *self,
                                        GAsyncResult    *result,
                                        GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
kd_order_service_set_time_zone (KdOrderService *self,
                                const char     *identifier)
{
  GTimeZone *tz = g_time_zone_new_identifier (identifier ? identifier : "Asia/Shanghai");

  if (tz == NULL)
    tz = g_time_zone_new_offset (8 * 3600);
  g_clear_pointer (&self->tz, g_time_zone_unref);
  self->tz = tz;
  {
    char *name = g_strdup (identifier ? identifier : "Asia/Shanghai");
    g_free (self->tz_name);
    self->tz_name = name;
  }
}

const char *
kd_order_service_get_time_zone (KdOrderService *self)
{
  g_return_val_if_fail (KD_IS_ORDER_SERVICE (self), NULL);
  return self->tz_name;
}

static gboolean
save_time_zone_job (KdConn   *conn,
                    gpointer  data,
                    GError  **error)
{
  return kd_conn_set_setting (conn, TIME_ZONE_KEY, data, error);
}

static char *
checked_time_zone (const char  *identifier,
                   GError     **error)
{
  g_autofree char *name = g_strstrip (g_strdup (identifier ? identifier : ""));
  g_autoptr(GTimeZone) tz = *name != '\0' ? g_time_zone_new_identifier (name) : NULL;

  if (tz == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a time zone; write one such as Asia/Shanghai."), name);
      return NULL;
    }
  return g_steal_pointer (&name);
}

gboolean
kd_order_service_save_time_zone (KdOrderService  *self,
                                 const char      *identifier,
                                 GError         **error)
{
  g_autofree char *name = checked_time_zone (identifier, error);

  if (name == NULL || !kd_store_write (self->store, save_time_zone_job, name, error))
    return FALSE;
  kd_order_service_set_time_zone (self, name);
  return TRUE;
}

void
kd_order_service_save_time_zone_async (KdOrderService      *self,
                                       const char          *identifier,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  GError *error = NULL;
  char *name;

  g_task_set_source_tag (task, kd_order_service_save_time_zone_async);
  name = checked_time_zone (identifier, &error);
  if (name == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* The service follows the setting when the store says it changed. */
  kd_store_write_async (self->store, save_time_zone_job, name, g_free, cancellable,
                        store_write_done, g_steal_pointer (&task));
}

gboolean
kd_order_service_save_time_zone_finish (KdOrderService  *self,
                                        GAsyncResult    *result,
                                        GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

KdQueryModel *
kd_order_service_create_model (KdOrderService *self)
{
  KdQueryModel *model = kd_query_model_new (self->store, kd_order_repo_query_spec ());

  kd_query_model_set_sort (model, "created", TRUE);
  return model;
}

/* The earliest start (UTC) of the shifts running at @at, by the roster. */
static gboolean
earliest_start (KdRosterService *roster,
                GDateTime       *at,
                gint64          *out)
{
  g_autoptr(GPtrArray) duty = kd_roster_service_on_duty (roster, at, NULL);
  gint64 best = G_MAXINT64;

  for (guint i = 0; duty != NULL && i < duty->len; i++)
    {
      const KdOnDuty *d = g_ptr_array_index (duty, i);
      g_autoptr(GDateTime) midnight = g_date_time_new (g_date_time_get_timezone (at), g_date_get_year (&d->day),
                                                       g_date_get_month (&d->day), g_date_get_day (&d->day), 0, 0, 0);

      if (midnight != NULL)
        best = MIN (best, g_date_time_to_unix (midnight) + (gint64) d->start_minute * 60);
    }
  if (best == G_MAXINT64)
    return FALSE;
  *out = best;
  return TRUE;
}

gint64
kd_order_service_last_shift_start (KdRosterService *roster,
                                   GDateTime       *now)
{
  gint64 current, previous;

  if (roster == NULL || !earliest_start (roster, now, &current))
    return g_date_time_to_unix (now) - 12 * 3600;
  /* Back from the current shift's start to the last time someone was on
   * duty (a night shift ending at 01:00 before a day shift at 08:00). */
  for (gint64 t = current - 60; t > current - 24 * 3600; t -= 3600)
    {
      g_autoptr(GDateTime) at = g_date_time_add_seconds (now, (gdouble) (t - g_date_time_to_unix (now)));

      if (at != NULL && earliest_start (roster, at, &previous) && previous < current)
        return previous;
    }
  return current;
}

/* ---------------------------------------------------------------- import */

typedef struct {
  KdOrderService       *self;          /* not owned */
  KdConn               *conn;          /* while the job runs */
  GPtrArray            *paths;         /* in import order: order reports, then item reports */
  gboolean              skip_bad;
  char                 *rejects_path;
  KdOrderImportSummary  summary;
  GHashTable           *customers;     /* gint64 set: summaries to refresh */
  GHashTable           *buyers;        /* nickname as in the report → customer id */
  GHashTable           *itemised;      /* gint64 set: orders whose items this import replaced */
  GCancellable         *cancellable;
  gint64                now;
  const char           *name;          /* of the file being read */
  GPtrArray            *rejects;       /* all files' */
  GStrv                 reject_header;
  GFileInputStream     *in;            /* of the file being read, for progress */
  guint64               done_before, total;
  KdOrderProgressFunc   progress;
  gpointer              progress_data;
  GMainContext         *context;
} ImportJob;

static void
import_job_free (ImportJob *job)
{
  g_clear_pointer (&job->paths, g_ptr_array_unref);
  g_free (job->rejects_path);
  g_clear_pointer (&job->customers, g_hash_table_unref);
  g_clear_pointer (&job->buyers, g_hash_table_unref);
  g_clear_pointer (&job->itemised, g_hash_table_unref);
  g_clear_object (&job->cancellable);
  g_clear_pointer (&job->rejects, g_ptr_array_unref);
  g_clear_pointer (&job->reject_header, g_strfreev);
  g_clear_pointer (&job->context, g_main_context_unref);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ImportJob, import_job_free)

typedef struct {
  KdOrderProgressFunc func;
  gpointer            data;
  guint64             done, total;
} Progress;

static gboolean
report_progress (gpointer data)
{
  Progress *p = data;
  p->func (p->done, p->total, p->data);
  return G_SOURCE_REMOVE;
}

static gboolean
on_report_row (const KdOrderReportRow  *row,
               gpointer                 user_data,
               GError                 **error)
{
  ImportJob *job = user_data;
  KdConn *conn = job->conn;

  job->summary.rows++;
  if (job->progress != NULL && job->summary.rows % 2000 == 0 && job->in != NULL)
    {
      Progress *p = g_new (Progress, 1);
      p->func = job->progress;
      p->data = job->progress_data;
      p->done = job->done_before + (guint64) g_seekable_tell (G_SEEKABLE (job->in));
      p->total = job->total;
      g_main_context_invoke_full (job->context, G_PRIORITY_DEFAULT, report_progress, p, g_free);
    }

  if (row->order != NULL)
    {
      KdOrderOutcome outcome;
      gint64 *known = g_hash_table_lookup (job->buyers, row->order->buyer);
      gint64 customer_id = known ? *known : 0;
      gboolean created = FALSE;

      if (!kd_order_repo_upsert_report (conn, row->order, job->now, &outcome, &customer_id, &created, error))
        return FALSE;
      if (known == NULL)
        {
          g_hash_table_insert (job->buyers, g_strdup (row->order->buyer), g_memdup2 (&customer_id, sizeof customer_id));
          g_hash_table_add (job->customers, g_memdup2 (&customer_id, sizeof customer_id));
        }
      job->summary.added += outcome == KD_ORDER_ADDED;
      job->summary.updated += outcome == KD_ORDER_UPDATED;
      job->summary.unchanged += outcome == KD_ORDER_UNCHANGED;
      job->summary.customers += created;
      job->summary.warnings += row->status_unknown;
      return TRUE;
    }

  {
    g_autoptr(GError) local = NULL;
    gint64 order_id = kd_order_repo_find_id (conn, row->order_no, &local);

    if (local != NULL)
      {
        g_propagate_error (error, g_steal_pointer (&local));
        return FALSE;
      }
    if (order_id == 0)
      {
        if (job->skip_bad)
          {
            KdOrderReportReject *r = g_new0 (KdOrderReportReject, 1);
            r->line = row->line;
            r->reason = g_strdup_printf (_("订单编号: the order %s is not in the database; import its order report too"),
                                         row->order_no);
            r->fields = g_new0 (char *, 1);
            g_ptr_array_add (job->rejects, r);
            job->summary.rejected++;
            return TRUE;
          }
        g_set_error (error, KD_ORDER_REPORT_ERROR, KD_ORDER_REPORT_ERROR_VALUE,
                     _("订单编号: the order %s is not in the database; import its order report too"), row->order_no);
        return FALSE;
      }
    /* A re-imported item report replaces the order's lines, once. */
    if (!g_hash_table_contains (job->itemised, &order_id))
      {
        if (!kd_order_repo_clear_items (conn, order_id, error))
          return FALSE;
        g_hash_table_add (job->itemised, g_memdup2 (&order_id, sizeof order_id));
      }
    if (!kd_order_repo_add_item (conn, order_id, row->item, error))
      return FALSE;
    job->summary.items++;
    return TRUE;
  }
}

static gboolean
import_job_run (KdConn   *conn,
                gpointer  data,
                GError  **error)
{
  ImportJob *job = data;

  job->conn = conn;
  if (!kd_order_repo_import_begin (conn, error))
    return FALSE;
  for (guint i = 0; i < job->paths->len; i++)
    {
      const char *path = g_ptr_array_index (job->paths, i);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      KdOrderReportInfo info = { 0 };
      gboolean ok;

      job->in = g_file_read (file, NULL, NULL);
      ok = kd_order_report_read_file (path, job->self->tz, job->skip_bad, on_report_row, job, &info,
                                      job->cancellable, error);
      if (job->in != NULL)
        {
          GFileInfo *fi = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, 0, NULL, NULL);
          if (fi != NULL)
            {
              job->done_before += (guint64) g_file_info_get_size (fi);
              g_object_unref (fi);
            }
        }
      g_clear_object (&job->in);
      if (ok && info.rejects != NULL)
        {
          job->summary.rejected += info.rejects->len;
          for (guint r = 0; r < info.rejects->len; r++)
            g_ptr_array_add (job->rejects, g_steal_pointer (&g_ptr_array_index (info.rejects, r)));
          if (job->reject_header == NULL)
            job->reject_header = g_steal_pointer (&info.header);
        }
      kd_order_report_info_clear (&info);
      if (!ok)
        return FALSE;
    }

  {
    g_autoptr(GArray) ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), g_hash_table_size (job->customers));
    GHashTableIter it;
    gpointer key;

    g_hash_table_iter_init (&it, job->customers);
    while (g_hash_table_iter_next (&it, &key, NULL))
      g_array_append_val (ids, *(gint64 *) key);
    if (!kd_customer_repo_refresh_summaries (conn, ids, error))
      return FALSE;
  }
  return kd_order_repo_import_end (conn, error);
}

/* Which files are order reports and which item reports: order reports go first. */
static ImportJob *
import_job_new (KdOrderService      *self,
                const char * const  *paths,
                gboolean             skip_bad_rows,
                const char          *rejects_path,
                GCancellable        *cancellable,
                GError             **error)
{
  g_autoptr(ImportJob) job = g_new0 (ImportJob, 1);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_free);

  job->self = self;
  job->paths = g_ptr_array_new_with_free_func (g_free);
  job->skip_bad = skip_bad_rows;
  job->rejects_path = g_strdup (rejects_path);
  job->customers = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  job->buyers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  job->itemised = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  job->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  job->now = kd_clock_now_unix (NULL);
  job->rejects = g_ptr_array_new_with_free_func ((GDestroyNotify) kd_order_report_reject_free);
  job->context = g_main_context_ref_thread_default ();

  for (guint i = 0; paths != NULL && paths[i] != NULL; i++)
    {
      KdOrderReportInfo info = { 0 };
      gboolean ok = kd_order_report_read_file (paths[i], self->tz, FALSE, NULL, NULL, &info, cancellable, error);
      KdOrderReportKind kind = info.kind;
      g_autoptr(GFile) file = g_file_new_for_path (paths[i]);
      g_autoptr(GFileInfo) fi = NULL;

      kd_order_report_info_clear (&info);
      if (!ok)
        return NULL;
      g_ptr_array_add (kind == KD_ORDER_REPORT_ORDERS ? job->paths : items, g_strdup (paths[i]));
      fi = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, 0, NULL, NULL);
      if (fi != NULL)
        job->total += (guint64) g_file_info_get_size (fi);
    }
  for (guint i = 0; i < items->len; i++)
    g_ptr_array_add (job->paths, g_strdup (g_ptr_array_index (items, i)));
  if (job->paths->len == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("No report to import."));
      return NULL;
    }
  return g_steal_pointer (&job);
}

static gboolean
write_rejects (ImportJob  *job,
               GError    **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileOutputStream) out = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *name = NULL;

  if (job->rejects_path == NULL || job->rejects->len == 0)
    return TRUE;
  file = g_file_new_for_path (job->rejects_path);
  name = g_filename_display_name (job->rejects_path);
  out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &local);
  if (out == NULL ||
      !kd_order_report_write_rejects (G_OUTPUT_STREAM (out), (const char * const *) job->reject_header,
                                      job->rejects, NULL, &local) ||
      !g_output_stream_close (G_OUTPUT_STREAM (out), NULL, &local))
    {
      g_set_error (error, local->domain, local->code, _("Cannot write the rejected rows to “%s”: %s"), name,
                   local->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
kd_order_service_import (KdOrderService        *self,
                         const char * const    *paths,
                         gboolean               skip_bad_rows,
                         const char            *rejects_path,
                         KdOrderImportSummary  *summary,
                         GCancellable          *cancellable,
                         GError               **error)
{
  g_autoptr(ImportJob) job = import_job_new (self, paths, skip_bad_rows, rejects_path, cancellable, error);

  if (job == NULL || !kd_store_write (self->store, import_job_run, job, error) || !write_rejects (job, error))
    return FALSE;
  if (summary != NULL)
    *summary = job->summary;
  return TRUE;
}

static void
import_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  ImportJob *job = data;
  GError *error = NULL;

  if (!kd_store_write (job->self->store, import_job_run, job, &error) || !write_rejects (job, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
kd_order_service_import_async (KdOrderService       *self,
                               const char * const   *paths,
                               gboolean              skip_bad_rows,
                               const char           *rejects_path,
                               KdOrderProgressFunc   progress,
                               gpointer              progress_data,
                               GCancellable         *cancellable,
                               GAsyncReadyCallback   callback,
                               gpointer              user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  GError *error = NULL;
  ImportJob *job;

  g_task_set_source_tag (task, kd_order_service_import_async);
  /* Telling the reports apart reads only their headers: fine here. */
  job = import_job_new (self, paths, skip_bad_rows, rejects_path, cancellable, &error);
  if (job == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  job->progress = progress;
  job->progress_data = progress_data;
  g_task_set_task_data (task, job, (GDestroyNotify) import_job_free);
  g_task_run_in_thread (task, import_thread);
}

gboolean
kd_order_service_import_finish (KdOrderService        *self,
                                GAsyncResult          *result,
                                KdOrderImportSummary  *summary,
                                GError               **error)
{
  ImportJob *job;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  job = g_task_get_task_data (G_TASK (result));
  if (summary != NULL)
    *summary = job->summary;
  return TRUE;
}

/* ---------------------------------------------------------------- everything else: one job type */

typedef enum {
  JOB_LOAD,
  JOB_FIND,
  JOB_REMARKS,
  JOB_ADD_REMARK,
  JOB_SAVE,
  JOB_COUNT,
  JOB_LIST,
} JobKind;

typedef struct {
  JobKind    kind;
  gint64     id;
  char      *text;
  char      *follow_up;
  char      *agent;
  KdFlag     flag;
  int        status;
  gint64     since;
  guint      limit;
  gint64     staff_id;
  char      *job_number;
  gint64     now;
  KdOrder   *order;
  KdRemark  *remark;
  GPtrArray *list;
  guint      counts[KD_N_FLAGS];
} Job;

static void
job_free (Job *job)
{
  g_free (job->text);
  g_free (job->follow_up);
  g_free (job->agent);
  g_free (job->job_number);
  g_clear_object (&job->order);
  g_clear_pointer (&job->remark, kd_remark_free);
  g_clear_pointer (&job->list, g_ptr_array_unref);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

static Job *
job_new (JobKind kind)
{
  Job *job = g_new0 (Job, 1);
  job->kind = kind;
  job->now = kd_clock_now_unix (NULL);
  return job;
}

static gboolean
not_found (GError **error)
{
  g_set_error_literal (error, KD_STORE_ERROR, KD_STORE_ERROR_NOT_FOUND, _("This order is not on the board."));
  return FALSE;
}

static gboolean
run_job (KdConn   *conn,
         gpointer  data,
         GError  **error)
{
  Job *job = data;
  g_autoptr(GError) local = NULL;

  switch (job->kind)
    {
    case JOB_FIND:
      job->id = kd_order_repo_find_id (conn, job->text, &local);
      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      if (job->id == 0)
        return TRUE;
      G_GNUC_FALLTHROUGH;
    case JOB_LOAD:
      job->order = kd_order_repo_load (conn, job->id, &local);
      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      return TRUE;
    case JOB_REMARKS:
      job->list = kd_order_repo_list_remarks (conn, job->id, error);
      return job->list != NULL;
    case JOB_ADD_REMARK:
      job->remark = g_new0 (KdRemark, 1);
      job->remark->order_id = job->id;
      job->remark->flag = job->flag;
      job->remark->text = g_strdup (job->text ? g_strstrip (job->text) : "");
      job->remark->job_number = g_strdup (job->job_number);
      job->remark->at = job->now;
      job->remark->follow_up = g_strdup (job->follow_up ? job->follow_up : "");
      return kd_order_repo_add_remark (conn, job->remark, job->staff_id, error);
    case JOB_SAVE:
      if (!kd_order_repo_save (conn, job->order, job->now, error))
        return FALSE;
      {
        KdOrder *stored = kd_order_repo_load (conn, job->order->id, error);
        if (stored == NULL)
          return FALSE;
        g_clear_object (&job->order);
        job->order = stored;
      }
      return TRUE;
    case JOB_COUNT:
      return kd_order_repo_count_flags (conn, job->counts, error);
    case JOB_LIST:
      {
        g_autoptr(GArray) ids = kd_order_repo_list_ids (conn, job->flag, job->status, job->agent, job->text,
                                                         job->since, job->limit, error);
        if (ids == NULL)
          return FALSE;
        job->list = g_ptr_array_new_with_free_func (g_object_unref);
        for (guint i = 0; i < ids->len; i++)
          {
            KdOrder *o = kd_order_repo_load (conn, g_array_index (ids, gint64, i), error);
            if (o == NULL)
              return FALSE;
            g_ptr_array_add (job->list, o);
          }
        return TRUE;
      }
    default:
      return FALSE;
    }
}

static gboolean
is_write (JobKind kind)
{
  return kind == JOB_ADD_REMARK || kind == JOB_SAVE;
}

static gboolean
run_sync (KdOrderService *self,
          Job            *job,
          GError        **error)
{
  return is_write (job->kind) ? kd_store_write (self->store, run_job, job, error)
                              : kd_store_read (self->store, run_job, job, error);
}

static void
job_done (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Job *job = kd_store_job_get_data (result);
  GError *error = NULL;
  gboolean ok = is_write (job->kind) ? kd_store_write_finish (KD_STORE (source), result, &error)
                                     : kd_store_read_finish (KD_STORE (source), result, &error);
  Job *out;

  if (!ok)
    {
      g_task_return_error (task, error);
      return;
    }
  out = job_new (job->kind);
  out->order = g_steal_pointer (&job->order);
  out->remark = g_steal_pointer (&job->remark);
  out->list = g_steal_pointer (&job->list);
  memcpy (out->counts, job->counts, sizeof out->counts);
  g_task_return_pointer (task, out, (GDestroyNotify) job_free);
}

static void
run_async (KdOrderService      *self,
           Job                 *job,
           gpointer             tag,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, tag);
  if (is_write (job->kind))
    kd_store_write_async (self->store, run_job, job, (GDestroyNotify) job_free, cancellable, job_done, task);
  else
    kd_store_read_async (self->store, run_job, job, (GDestroyNotify) job_free, cancellable, job_done, task);
}

static Job *
finish (KdOrderService  *self,
        GAsyncResult    *result,
        gpointer         tag,
        GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tag, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static Job *
remark_job (KdOrderService  *self,
            gint64           order_id,
            KdFlag           flag,
            const char      *text,
            const char      *follow_up,
            GError         **error)
{
  KdStaff *agent = self->session ? kd_desk_session_get_agent (self->session) : NULL;
  Job *job;

  if (agent == NULL)
    {
      g_set_error_literal (error, KD_VALIDATION_ERROR, KD_ORDER_FIELD_REMARK,
                           _("Sign in first: a remark carries your job number."));
      return NULL;
    }
  if ((guint) flag >= KD_N_FLAGS)
    {
      g_set_error_literal (error, KD_VALIDATION_ERROR, KD_ORDER_FIELD_REMARK, _("Unknown flag."));
      return NULL;
    }
  job = job_new (JOB_ADD_REMARK);
  job->id = order_id;
  job->flag = flag;
  job->text = g_strdup (text);
  job->follow_up = g_strdup (follow_up);
  job->staff_id = kd_staff_get_id (agent);
  job->job_number = g_strdup (kd_staff_get_job_number (agent));
  return job;
}

KdOrder *
kd_order_service_load (KdOrderService  *self,
                       gint64           id,
                       GError         **error)
{
  g_autoptr(Job) job = job_new (JOB_LOAD);

  job->id = id;
  return run_sync (self, job, error) ? g_steal_pointer (&job->order) : NULL;
}

KdOrder *
kd_order_service_find (KdOrderService  *self,
                       const char      *order_no,
                       GError         **error)
{
  g_autoptr(Job) job = job_new (JOB_FIND);

  job->text = g_strstrip (g_strdup (order_no));
  return run_sync (self, job, error) ? g_steal_pointer (&job->order) : NULL;
}

GPtrArray *
kd_order_service_list_remarks (KdOrderService  *self,
                               gint64           order_id,
                               GError         **error)
{
  g_autoptr(Job) job = job_new (JOB_REMARKS);

  job->id = order_id;
  return run_sync (self, job, error) ? g_steal_pointer (&job->list) : NULL;
}

KdRemark *
kd_order_service_add_remark (KdOrderService  *self,
                             gint64           order_id,
                             KdFlag           flag,
                             const char      *text,
                             const char      *follow_up,
                             GError         **error)
{
  g_autoptr(Job) job = remark_job (self, order_id, flag, text, follow_up, error);

  if (job == NULL || !run_sync (self, job, error))
    return NULL;
  return g_steal_pointer (&job->remark);
}

gboolean
kd_order_service_save (KdOrderService  *self,
                       KdOrder         *order,
                       GError         **error)
{
  g_autoptr(Job) job = job_new (JOB_SAVE);

  job->order = kd_order_copy (order);
  if (!run_sync (self, job, error))
    return FALSE;
  kd_order_assign (order, job->order);
  return TRUE;
}

gboolean
kd_order_service_count_flags (KdOrderService  *self,
                              guint            counts[KD_N_FLAGS],
                              GError         **error)
{
  g_autoptr(Job) job = job_new (JOB_COUNT);

  if (!run_sync (self, job, error))
    return FALSE;
  memcpy (counts, job->counts, sizeof job->counts);
  return TRUE;
}

GPtrArray *
kd_order_service_list (KdOrderService  *self,
                       int              flag,
                       int              status,
                       const char      *agent,
                       const char      *search,
                       gint64           since,
                       guint            limit,
                       GError         **error)
{
  g_autoptr(Job) job = job_new (JOB_LIST);

  job->flag = (KdFlag) flag;
  job->status = status;
  job->agent = g_strdup (agent);
  job->text = g_strdup (search);
  job->since = since;
  job->limit = limit;
  return run_sync (self, job, error) ? g_steal_pointer (&job->list) : NULL;
}

void
kd_order_service_load_async (KdOrderService      *self,
                             gint64               id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  Job *job = job_new (JOB_LOAD);

  job->id = id;
  run_async (self, job, kd_order_service_load_async, cancellable, callback, user_data);
}

KdOrder *
kd_order_service_load_finish (KdOrderService  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_autoptr(Job) job = finish (self, result, kd_order_service_load_async, error);

  if (job == NULL)
    return NULL;
  if (job->order == NULL)
    {
      not_found (error);
      return NULL;
    }
  return g_steal_pointer (&job->order);
}

void
kd_order_service_list_remarks_async (KdOrderService      *self,
                                     gint64               order_id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  Job *job = job_new (JOB_REMARKS);

  job->id = order_id;
  run_async (self, job, kd_order_service_list_remarks_async, cancellable, callback, user_data);
}

GPtrArray *
kd_order_service_list_remarks_finish (KdOrderService  *self,
                                      GAsyncResult    *result,
                                      GError         **error)
{
  g_autoptr(Job) job = finish (self, result, kd_order_service_list_remarks_async, error);
  return job ? g_steal_pointer (&job->list) : NULL;
}

void
kd_order_service_add_remark_async (KdOrderService      *self,
                                   gint64               order_id,
                                   KdFlag               flag,
                                   const char          *text,
                                   const char          *follow_up,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  GError *error = NULL;
  Job *job = remark_job (self, order_id, flag, text, follow_up, &error);

  if (job == NULL)
    {
      g_task_report_error (self, callback, user_data, kd_order_service_add_remark_async, error);
      return;
    }
  run_async (self, job, kd_order_service_add_remark_async, cancellable, callback, user_data);
}

KdRemark *
kd_order_service_add_remark_finish (KdOrderService  *self,
                                    GAsyncResult    *result,
                                    GError         **error)
{
  g_autoptr(Job) job = finish (self, result, kd_order_service_add_remark_async, error);
  return job ? g_steal_pointer (&job->remark) : NULL;
}

void
kd_order_service_save_async (KdOrderService      *self,
                             KdOrder             *order,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  Job *job = job_new (JOB_SAVE);

  job->order = kd_order_copy (order);
  run_async (self, job, kd_order_service_save_async, cancellable, callback, user_data);
}

KdOrder *
kd_order_service_save_finish (KdOrderService  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_autoptr(Job) job = finish (self, result, kd_order_service_save_async, error);
  return job ? g_steal_pointer (&job->order) : NULL;
}

void
kd_order_service_count_flags_async (KdOrderService      *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  run_async (self, job_new (JOB_COUNT), kd_order_service_count_flags_async, cancellable, callback, user_data);
}

gboolean
kd_order_service_count_flags_finish (KdOrderService  *self,
                                     GAsyncResult    *result,
                                     guint            counts[KD_N_FLAGS],
                                     GError         **error)
{
  g_autoptr(Job) job = finish (self, result, kd_order_service_count_flags_async, error);

  if (job == NULL)
    return FALSE;
  memcpy (counts, job->counts, sizeof job->counts);
  return TRUE;
}
