/* kd-order-import.c: Taobao order and item reports imported through the order service: one store job, one transaction, progress and cancel, rows refused with their line and field, the rejects file. */
#include "config.h"

#include "kd-order-service-private.h"
#include "kd-service-job.h"
#include "kd-clock.h"
#include "kd-customer-repo.h"
#include "kd-error.h"
#include "kd-invoke.h"
#include "kd-order-report.h"
#include "kd-order-repo.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <glib/gstdio.h>

/* ---------------------------------------------------------------- import */

typedef struct {
  KdOrderService       *self;          /* not owned */
  KdConn               *conn;          /* while the job runs */
  GPtrArray            *paths;         /* in import order: order reports, then item reports */
  gboolean              skip_bad;
  char                 *rejects_path;
  KdOrderImportSummary  summary;
  guint                 tally[KD_N_ORDER_STATUSES];  /* new orders by status, added at the end */
  GHashTable           *customers;     /* gint64 set: summaries to refresh */
  GHashTable           *buyers;        /* nickname as in the report → customer id */
  /* Buyers without a profile get one at the end, ids from first_new on,
   * their purchase summary counted here (deferred_stale: a row that did
   * not add its order, so the database recounts them instead). */
  GPtrArray            *deferred;      /* of KdBareCustomer, by id */
  GHashTable           *deferred_keys; /* nickname key → KdBareCustomer (not owned) */
  gint64                first_new;
  gboolean              deferred_stale;
  GHashTable           *itemised;      /* gint64 set: orders whose items this import replaced */
  GCancellable         *cancellable;
  gint64                now;
  const char           *name;          /* of the file being read */
  GPtrArray            *rejects;       /* all files' */
  GStrv                 reject_header;
  guint64               done_before, total;
  guint                 order_reports; /* the first this many paths */
  gint64                last_order_id; /* before the import: its new orders come after */
  GPtrArray            *dropped;       /* definitions of the indexes built again at the end (bulk) */
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
  g_clear_pointer (&job->deferred_keys, g_hash_table_unref);
  g_clear_pointer (&job->deferred, g_ptr_array_unref);
  g_clear_pointer (&job->itemised, g_hash_table_unref);
  g_clear_object (&job->cancellable);
  g_clear_pointer (&job->rejects, g_ptr_array_unref);
  g_clear_pointer (&job->reject_header, g_strfreev);
  g_clear_pointer (&job->context, g_main_context_unref);
  g_clear_pointer (&job->dropped, g_ptr_array_unref);
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

static void
bare_customer_free (gpointer data)
{
  KdBareCustomer *bare = data;

  kd_bare_prep_free (bare->prep);   /* owned here */
  g_free (bare);
}

/* The customer id for a row's buyer: a profile there already (its
 * summary recounted at the end), or one this import will add. New
 * profiles are written at the end with their summary counted here: a
 * profile added now would be written three times (the profile, its
 * summary's indexes when the first order counts, again at the end); in a
 * bulk import, without those indexes, when first met (below). */
static gboolean
resolve_buyer (ImportJob    *job,
               const char   *buyer,
               KdBarePrep  **prepared,
               gint64       *out_id,
               gboolean     *out_created,
               GError      **error)
{
  gint64 *known = g_hash_table_lookup (job->buyers, buyer);
  g_autoptr(KdBarePrep) prep = NULL;
  KdBareCustomer *bare;

  *out_created = FALSE;
  if (known != NULL)
    {
      *out_id = *known;
      return TRUE;
    }
  /* Worked out by the reading thread the first time it met @buyer, or here. */
  prep = *prepared != NULL ? g_steal_pointer (prepared) : kd_customer_repo_prepare_bare (buyer);
  if (!kd_customer_repo_key_id (job->conn, prep->key, out_id, error))
    return FALSE;
  if (*out_id > 0)
    g_hash_table_add (job->customers, g_memdup2 (out_id, sizeof *out_id));
  else
    {
      if (prep->error != NULL)
        {
          g_propagate_error (error, g_error_copy (prep->error));
          return FALSE;
        }
      /* Another spelling of a buyer met before (case, width). */
      bare = g_hash_table_lookup (job->deferred_keys, prep->key);
      if (bare == NULL)
        {
          if (job->first_new == 0)
            {
              job->first_new = kd_customer_repo_max_id (job->conn, error) + 1;
              if (job->first_new <= 0)
                return FALSE;
            }
          bare = g_new0 (KdBareCustomer, 1);
          bare->id = job->first_new + job->deferred->len;
          bare->prep = g_steal_pointer (&prep);
          g_ptr_array_add (job->deferred, bare);
          g_hash_table_insert (job->deferred_keys, bare->prep->key, bare);
          *out_created = TRUE;
          /* Without the summary indexes (a bulk import) the profile is
           * written now and its summary set at the end, a row rewritten;
           * its orders then find it there, instead of SQLite's deferred
           * foreign-key check looking up each new buyer's orders. */
          if (job->dropped != NULL)
            {
              gint64 id = 0;

              if (!kd_customer_repo_add_bare (job->conn, bare, job->now, &id, error))
                return FALSE;
              g_assert (id == bare->id);
            }
        }
      *out_id = bare->id;
    }
  g_hash_table_insert (job->buyers, g_strdup (buyer), g_memdup2 (out_id, sizeof *out_id));
  return TRUE;
}

/* A new profile's summary, when every order of it is new. */
static void
count_for_new_buyer (ImportJob      *job,
                     gint64          customer_id,
                     KdOrderOutcome  outcome,
                     const KdOrder  *order)
{
  KdBareCustomer *bare;

  if (outcome != KD_ORDER_ADDED)
    {
      job->deferred_stale = TRUE;
      return;
    }
  if (job->first_new == 0 || customer_id < job->first_new)
    return;
  bare = g_ptr_array_index (job->deferred, customer_id - job->first_new);
  kd_bare_customer_count_order (bare, order);
}

static gboolean
add_new_buyers (ImportJob  *job,
                GError    **error)
{
  for (guint i = 0; i < job->deferred->len; i++)
    {
      KdBareCustomer *bare = g_ptr_array_index (job->deferred, i);
      gint64 id = bare->id;

      if (job->dropped != NULL)
        {
          /* Written when first met (resolve_buyer). */
          if (!kd_customer_repo_set_summary (job->conn, bare, error))
            return FALSE;
        }
      else
        {
          if (!kd_customer_repo_add_bare (job->conn, bare, job->now, &id, error))
            return FALSE;
          g_assert (id == bare->id);
        }
      if (job->deferred_stale)
        g_hash_table_add (job->customers, g_memdup2 (&id, sizeof id));
    }
  return TRUE;
}

static gboolean
on_report_row (const KdOrderReportRow  *row,
               const KdSearchText      *search,
               KdBarePrep             **buyer,
               gpointer                 user_data,
               GError                 **error)
{
  ImportJob *job = user_data;
  KdConn *conn = job->conn;

  job->summary.rows++;
  if (job->progress != NULL && job->summary.rows % 2000 == 0)
    {
      Progress *p = g_new (Progress, 1);
      p->func = job->progress;
      p->data = job->progress_data;
      p->done = job->done_before + row->offset;
      p->total = job->total;
      kd_invoke (job->context, report_progress, p, g_free);
    }

  if (row->order != NULL)
    {
      KdOrderOutcome outcome;
      gint64 customer_id = 0;
      gboolean created = FALSE, ignored;

      if (!resolve_buyer (job, row->order->buyer, buyer, &customer_id, &created, error) ||
          !kd_order_repo_upsert_prepared (conn, row->order, search, job->tally, job->now, &outcome, &customer_id, &ignored, error))
        return FALSE;
      count_for_new_buyer (job, customer_id, outcome, row->order);
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

/* ------------------------------------------------------ the reader thread */

/* The reports are read, and their rows turned into orders, on a thread of
 * their own while the store thread writes the rows before them: reading
 * (the CSV, the cells, times, money) is a fifth of a row's cost, and on
 * two cores it need not be the writer's. The reader runs at most
 * BATCHES_AHEAD batches ahead, so memory stays bounded whatever the size
 * of the file. */

#define BATCH_ROWS    256
#define BATCHES_AHEAD 8

typedef struct {
  gsize        line;
  guint64      offset;
  gboolean     status_unknown;
  KdOrder     *order;          /* an order report's row */
  KdSearchText search;         /* its search row if it is new, worked out here (folded NULL: by the store thread) */
  KdBarePrep  *buyer;          /* its buyer's profile if new, the first time the buyer is met */
  char        *order_no;       /* or an item report's */
  KdOrderItem  item;
} ReadRow;

typedef enum {
  BATCH_ROWS_READ,
  BATCH_END_OF_FILE,           /* one file read (or failed): its info */
  BATCH_END,                   /* the reader has stopped */
} BatchKind;

typedef struct {
  BatchKind          kind;
  GArray            *rows;     /* ReadRow */
  KdOrderReportInfo  info;
  GError            *error;
} Batch;

typedef struct {
  ImportJob    *job;
  GAsyncQueue  *batches;       /* Batch, to the store thread */
  GAsyncQueue  *room;          /* a token for each batch the reader may send: the batch written, to free */
  Batch        *filling;
  GHashTable   *seen_buyers;   /* the rows' buyers as written, every file's */
  GPtrArray    *spare;         /* orders of written batches, to read rows into again */
  int           stop;          /* atomic: the store thread has failed */
} Reader;

static void
read_row_clear (gpointer data)
{
  ReadRow *r = data;

  g_clear_object (&r->order);
  kd_search_text_clear (&r->search);
  kd_bare_prep_free (r->buyer);
  g_free (r->order_no);
  g_free (r->item.title);
  g_free (r->item.attributes);
  g_free (r->item.merchant_code);
}

static Batch *
batch_new (BatchKind kind)
{
  Batch *b = g_new0 (Batch, 1);

  b->kind = kind;
  if (kind == BATCH_ROWS_READ)
    {
      b->rows = g_array_sized_new (FALSE, FALSE, sizeof (ReadRow), BATCH_ROWS);
      g_array_set_clear_func (b->rows, read_row_clear);
    }
  return b;
}

static void
batch_free (Batch *b)
{
  g_clear_pointer (&b->rows, g_array_unref);
  kd_order_report_info_clear (&b->info);
  g_clear_error (&b->error);
  g_free (b);
}

static void
free_batch_or_token (gpointer data)
{
  if (data != GINT_TO_POINTER (1))
    batch_free (data);
}

/* The batch back from the store thread is freed here: its rows were
 * allocated on this thread, and freeing them is a tenth of a row's cost.
 * Its orders are kept to read rows into again (a new KdOrder and its
 * finalization were an eighth of this thread's work); the store thread
 * keeps no reference to them, which the count checks. */
static void
send_batch (Reader *r,
            Batch  *b)
{
  gpointer back = g_async_queue_pop (r->room);

  if (back != GINT_TO_POINTER (1) && ((Batch *) back)->rows != NULL)
    {
      GArray *rows = ((Batch *) back)->rows;

      for (guint i = 0; i < rows->len; i++)
        {
          ReadRow *rr = &g_array_index (rows, ReadRow, i);

          if (rr->order != NULL && G_OBJECT (rr->order)->ref_count == 1 && r->spare->len < 2 * BATCH_ROWS)
            g_ptr_array_add (r->spare, g_steal_pointer (&rr->order));
        }
    }
  free_batch_or_token (back);
  g_async_queue_push (r->batches, b);
}

static gboolean
on_row_read (KdOrderReportRow        *row,
             gpointer                 user_data,
             GError                 **error)
{
  Reader *r = user_data;
  ReadRow copy = { row->line, row->offset, row->status_unknown, NULL, { NULL, }, NULL, NULL, { NULL, } };

  if (g_atomic_int_get (&r->stop))
    return FALSE;   /* stops reading; the store thread has its error */
  if (row->order != NULL)
    {
      gboolean store_busy;

      copy.order = g_steal_pointer (&row->order);   /* the reader reads the next row into another */
      if (r->spare->len > 0)
        {
          KdOrder *next = g_ptr_array_steal_index_fast (r->spare, r->spare->len - 1);

          kd_order_clear (next);
          row->order = next;
        }
      /* A new order's search row and a new buyer's profile (the store
       * thread looks up each buyer once, by the same rule) are worked out
       * here while the store thread has batches waiting; while it waits
       * for this thread instead, it works them out itself, so that both
       * threads stay busy (this one was the slower: 500 ms against 320 of
       * the store thread's for 100 000 rows). */
      store_busy = g_async_queue_length (r->batches) > 0;
      if (store_busy)
        kd_order_repo_prepare_search (copy.order, &copy.search);
      if (g_hash_table_add (r->seen_buyers, g_strdup (copy.order->buyer)) && store_busy)
        copy.buyer = kd_customer_repo_prepare_bare (copy.order->buyer);
    }
  else
    {
      copy.order_no = g_strdup (row->order_no);
      copy.item.title = g_strdup (row->item->title);
      copy.item.attributes = g_strdup (row->item->attributes);
      copy.item.merchant_code = g_strdup (row->item->merchant_code);
      copy.item.quantity = row->item->quantity;
      copy.item.price = row->item->price;
    }
  if (r->filling == NULL)
    r->filling = batch_new (BATCH_ROWS_READ);
  g_array_append_val (r->filling->rows, copy);
  if (r->filling->rows->len == BATCH_ROWS)
    send_batch (r, g_steal_pointer (&r->filling));
  return TRUE;
}

static gpointer
reader_thread (gpointer data)
{
  Reader *r = data;
  ImportJob *job = r->job;

  for (guint i = 0; i < job->paths->len && !g_atomic_int_get (&r->stop); i++)
    {
      Batch *end = batch_new (BATCH_END_OF_FILE);
      gboolean ok = kd_order_report_read_file (g_ptr_array_index (job->paths, i), job->self->tz, job->skip_bad,
                                               on_row_read, r, &end->info, job->cancellable, &end->error);

      if (r->filling != NULL)
        send_batch (r, g_steal_pointer (&r->filling));
      send_batch (r, end);
      if (!ok)
        break;
    }
  send_batch (r, batch_new (BATCH_END));
  return NULL;
}

/* ------------------------------------------------------ the store thread */

static gboolean
write_rows (ImportJob   *job,
            const char  *name,
            GArray      *rows,
            GError     **error)
{
  for (guint i = 0; i < rows->len; i++)
    {
      ReadRow *rr = &g_array_index (rows, ReadRow, i);
      KdOrderReportRow row = { rr->line, rr->order, rr->order_no, rr->order != NULL ? NULL : &rr->item,
                               rr->status_unknown, rr->offset };

      if (!on_report_row (&row, rr->order != NULL && rr->search.folded != NULL ? &rr->search : NULL, &rr->buyer, job, error))
        {
          g_prefix_error (error, "%s:%zu: ", name, rr->line);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
end_of_file (ImportJob  *job,
             const char *path,
             Batch      *b,
             GError    **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInfo) fi = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, 0, NULL, NULL);

  if (fi != NULL)
    job->done_before += (guint64) g_file_info_get_size (fi);
  if (b->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&b->error));
      return FALSE;
    }
  if (b->info.rejects != NULL)
    {
      job->summary.rejected += b->info.rejects->len;
      for (guint r = 0; r < b->info.rejects->len; r++)
        g_ptr_array_add (job->rejects, g_steal_pointer (&g_ptr_array_index (b->info.rejects, r)));
      if (job->reject_header == NULL)
        job->reject_header = g_steal_pointer (&b->info.header);
    }
  return TRUE;
}

static gboolean
import_files (ImportJob  *job,
              KdConn     *conn,
              GError    **error)
{
  Reader r = { job, g_async_queue_new (), g_async_queue_new_full (free_batch_or_token), NULL,
               g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL),
               g_ptr_array_new_with_free_func (g_object_unref), 0 };
  g_autoptr(GError) local = NULL;
  GThread *thread;
  guint file = 0;
  g_autofree char *name = NULL;

  for (guint i = 0; i < BATCHES_AHEAD; i++)
    g_async_queue_push (r.room, GINT_TO_POINTER (1));
  thread = g_thread_new ("kd-order-read", reader_thread, &r);

  /* Every batch is taken, also after a failure, until the reader says it
   * has stopped: it may be waiting for room. */
  for (;;)
    {
      Batch *b = g_async_queue_pop (r.batches);
      BatchKind kind = b->kind;

      if (local == NULL && file < job->paths->len)
        {
          const char *path = g_ptr_array_index (job->paths, file);

          if (name == NULL)
            name = g_filename_display_name (path);
          if (kind == BATCH_ROWS_READ)
            write_rows (job, name, b->rows, &local);
          else if (kind == BATCH_END_OF_FILE)
            {
              end_of_file (job, path, b, &local);
              file++;
              g_clear_pointer (&name, g_free);
            }
          if (local != NULL)
            g_atomic_int_set (&r.stop, 1);
        }
      if (kind == BATCH_END)
        {
          batch_free (b);
          break;
        }
      g_async_queue_push (r.room, b);
    }
  g_thread_join (thread);
  g_hash_table_unref (r.seen_buyers);
  g_ptr_array_unref (r.spare);
  g_async_queue_unref (r.batches);
  g_async_queue_unref (r.room);   /* frees the batches the reader did not take back */
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }

  if (!add_new_buyers (job, error) || !kd_order_repo_add_tally (conn, job->tally, error) ||
      !kd_order_repo_add_unpaid_alerts (conn, job->last_order_id, error) ||
      (job->dropped != NULL && !kd_order_repo_build_indexes (conn, job->dropped, error)))
    return FALSE;
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

/* Below this many rows an import keeps the indexes as they are. */
#define BULK_MIN_ROWS 2000
/* An .xlsx report's bytes a row takes at least, compressed. */
#define XLSX_BYTES_PER_ROW 100

/* About how many rows the order reports have, counted up to @enough: their
 * lines (a quoted line break in a message counts twice, which does not
 * matter here), read at disk speed; an .xlsx report's from its size. */
static guint64
estimate_rows (ImportJob *job,
               guint64    enough)
{
  guint64 rows = 0;

  for (guint i = 0; i < job->order_reports; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_path (g_ptr_array_index (job->paths, i));
      g_autoptr(GFileInputStream) in = g_file_read (file, job->cancellable, NULL);
      g_autofree char *buffer = g_malloc (65536);
      gboolean first = TRUE;
      gssize n;

      if (in == NULL)
        continue;   /* the reader says why */
      while ((n = g_input_stream_read (G_INPUT_STREAM (in), buffer, 65536, job->cancellable, NULL)) > 0)
        {
          if (first && n >= 2 && buffer[0] == 'P' && buffer[1] == 'K')
            {
              g_autoptr(GFileInfo) fi = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, 0, NULL, NULL);

              if (fi != NULL)
                rows += (guint64) g_file_info_get_size (fi) / XLSX_BYTES_PER_ROW;
              break;
            }
          first = FALSE;
          for (const char *p = buffer; (p = memchr (p, '\n', (size_t) (buffer + n - p))) != NULL; p++)
            rows++;
          if (rows >= enough)
            return rows;
        }
    }
  return rows;
}

/* A report that brings at least as many orders as the board has (a
 * shop's history imported for the first time) is written without the
 * indexes that only order lists, which are built again at the end, one
 * sort each: on a board of 1 000 000 orders, a day's report keeps them. */
static gboolean
maybe_drop_indexes (ImportJob  *job,
                    KdConn     *conn,
                    GError    **error)
{
  guint64 enough;
  gint64 on_board = 0;

  if (job->order_reports == 0)
    return TRUE;
  if (!kd_order_repo_count (conn, &on_board, error))
    return FALSE;
  enough = MAX ((guint64) on_board, BULK_MIN_ROWS);
  if (estimate_rows (job, enough) < enough)
    return TRUE;
  job->dropped = kd_order_repo_drop_indexes (conn, error);
  return job->dropped != NULL;
}

static gboolean
import_job_run (KdConn   *conn,
                gpointer  data,
                GError  **error)
{
  ImportJob *job = data;

  job->conn = conn;
  memset (job->tally, 0, sizeof job->tally);
  g_clear_pointer (&job->dropped, g_ptr_array_unref);
  if (!kd_order_repo_import_begin (conn, error) || !kd_order_repo_last_id (conn, &job->last_order_id, error) ||
      !maybe_drop_indexes (job, conn, error))
    {
      kd_order_repo_import_abandon (conn);
      return FALSE;
    }
  if (!import_files (job, conn, error))
    {
      kd_order_repo_import_abandon (conn);
      return FALSE;
    }
  return TRUE;
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
  job->deferred = g_ptr_array_new_with_free_func (bare_customer_free);
  job->deferred_keys = g_hash_table_new (g_str_hash, g_str_equal);   /* keys: the preps' */
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
  job->order_reports = job->paths->len;
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

static gboolean
import_thread (gpointer       data,
               GCancellable  *cancellable,
               GError       **error)
{
  ImportJob *job = data;

  return kd_store_write (job->self->store, import_job_run, job, error) && write_rejects (job, error);
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
  GError *error = NULL;
  /* Telling the reports apart reads only their headers: fine here. */
  ImportJob *job = import_job_new (self, paths, skip_bad_rows, rejects_path, cancellable, &error);

  if (job == NULL)
    {
      g_task_report_error (self, callback, user_data, kd_order_service_import_async, error);
      return;
    }
  job->progress = progress;
  job->progress_data = progress_data;
  kd_service_job_run_in_thread (self, kd_order_service_import_async, import_thread, job,
                                (GDestroyNotify) import_job_free, cancellable, callback, user_data);
}

gboolean
kd_order_service_import_finish (KdOrderService        *self,
                                GAsyncResult          *result,
                                KdOrderImportSummary  *summary,
                                GError               **error)
{
  ImportJob *job = kd_service_job_finish (self, result, kd_order_service_import_async, error);

  if (job == NULL)
    return FALSE;
  if (summary != NULL)
    *summary = job->summary;
  return TRUE;
}
