/* kd-phrase-service.c: phrase library writes and reads as store jobs; the async forms wrap them in GTasks for the window and the picker.
 * Over 800 lines on purpose: every phrase and group operation in its
 * sync and async forms, over one job struct. */
#include "kd-phrase-service.h"
#include "kd-invoke.h"
#include "kd-phrase-csv.h"
#include "kd-phrase-repo.h"
#include "kd-service-job.h"
#include "kd-clock.h"

#include <glib/gi18n-lib.h>

struct _KdPhraseService
{
  GObject       parent_instance;
  KdStore      *store;
  GListStore   *groups;
  GMainContext *context;   /* where @groups lives */
  GThread      *thread;    /* the thread that owns @context */
  gulong        changed_ids[2];
};

G_DEFINE_FINAL_TYPE (KdPhraseService, kd_phrase_service, G_TYPE_OBJECT)

G_STATIC_ASSERT ((int) KD_PHRASE_FORMAT_KEFU == (int) KD_PHRASE_CSV_KEFU);
G_STATIC_ASSERT ((int) KD_PHRASE_FORMAT_QIANNIU == (int) KD_PHRASE_CSV_QIANNIU);

typedef struct {
  KdPhrase             *phrase;     /* a copy, owned by the job */
  KdPhraseGroup        *group;      /* a copy */
  GPtrArray            *phrases;    /* in: to restore; out: removed, found */
  gint64                id;
  gint64                group_id;
  int                   position;
  char                 *text;       /* query, shortcut */
  guint                 limit;
  GPtrArray            *records;    /* KdPhraseRecord, to import */
  char                 *display_name;
  KdPhraseImportCounts  counts;
  KdStore              *store;      /* the import thread's; not owned (the task holds the service) */
} PhraseJob;

static void
phrase_job_free (PhraseJob *job)
{
  g_clear_object (&job->phrase);
  g_clear_object (&job->group);
  g_clear_pointer (&job->phrases, g_ptr_array_unref);
  g_clear_pointer (&job->records, g_ptr_array_unref);
  g_free (job->text);
  g_free (job->display_name);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PhraseJob, phrase_job_free)

static PhraseJob *
phrase_job_new (KdPhrase *phrase)
{
  PhraseJob *job = g_new0 (PhraseJob, 1);

  if (phrase != NULL)
    job->phrase = kd_phrase_copy (phrase);
  return job;
}

/* ---------------------------------------------------------------- jobs */

static gboolean
save_job (KdConn *conn, gpointer data, GError **error)
{
  PhraseJob *job = data;

  if (kd_phrase_get_id (job->phrase) > 0)
    return kd_phrase_repo_update (conn, job->phrase, error);
  return kd_phrase_repo_insert (conn, job->phrase, error);
}

static gboolean
delete_job (KdConn *conn, gpointer data, GError **error)
{
  PhraseJob *job = data;
  return kd_phrase_repo_delete (conn, job->phrase, error);
}

static gboolean
restore_job (KdConn *conn, gpointer data, GError **error)
{
  PhraseJob *job = data;
  return kd_phrase_repo_restore (conn, job->phrase, error);
}

static gboolean
record_use_job (KdConn *conn, gpointer data, GError **error)
{
  PhraseJob *job = data;
  return kd_phrase_repo_record_use (conn, job->id, kd_clock_now_unix (NULL), error);
}

static gboolean
search_job (KdConn *conn, gpointer data, GError **error)
{
  PhraseJob *job = data;

  job->phrases = kd_phrase_repo_search (conn, job->text, job->limit, error);
  return job->phrases != NULL;
}

static gboolean
favourites_job (KdConn *conn, gpointer data, GError **error)
{
  PhraseJob *job = data;

  job->phrases = kd_phrase_repo_favourites (conn, job->limit, error);
  return job->phrases != NULL;
}

static gboolean
list_all_job (KdConn *conn, gpointer data, GError **error)
{
  PhraseJob *job = data;

  job->phrases = kd_phrase_repo_list_all (conn, error);
  return job->phrases != NULL;
}

static gboolean
find_shortcut_job (KdConn *conn, gpointer data, GError **error)
{
  PhraseJob *job = data;
  g_autoptr(GError) local = NULL;

  g_clear_object (&job->phrase);
  job->phrase = kd_phrase_repo_find_by_shortcut (conn, job->text, job->id, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return TRUE;
}

static gboolean
list_groups_job (KdConn *conn, gpointer data, GError **error)
{
  PhraseJob *job = data;

  job->phrases = kd_phrase_repo_list_groups (conn, error);
  return job->phrases != NULL;
}

static gboolean
save_group_job (KdConn *conn, gpointer data, GError **error)
{
  PhraseJob *job = data;

  if (kd_phrase_group_get_id (job->group) > 0)
    return kd_phrase_repo_rename_group (conn, job->group, error);
  return kd_phrase_repo_insert_group (conn, job->group, error);
}

static gboolean
delete_group_job (KdConn *conn, gpointer data, GError **error)
{
  PhraseJob *job = data;

  g_clear_pointer (&job->phrases, g_ptr_array_unref);
  return kd_phrase_repo_delete_group (conn, job->group, &job->phrases, error);
}

static gboolean
restore_group_job (KdConn *conn, gpointer data, GError **error)
{
  PhraseJob *job = data;

  if (!kd_phrase_repo_insert_group (conn, job->group, error))
    return FALSE;
  for (guint i = 0; job->phrases != NULL && i < job->phrases->len; i++)
    {
      g_autoptr(KdPhrase) p = kd_phrase_copy (g_ptr_array_index (job->phrases, i));

      kd_phrase_set_group_id (p, kd_phrase_group_get_id (job->group));
      if (!kd_phrase_repo_restore (conn, p, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
move_group_job (KdConn *conn, gpointer data, GError **error)
{
  PhraseJob *job = data;
  return kd_phrase_repo_move_group (conn, job->group_id, job->position, error);
}

static gboolean
move_phrase_job (KdConn *conn, gpointer data, GError **error)
{
  PhraseJob *job = data;
  return kd_phrase_repo_move (conn, job->id, job->group_id, error);
}

static gboolean
import_job (KdConn *conn, gpointer data, GError **error)
{
  PhraseJob *job = data;

  return kd_phrase_repo_import (conn, job->records, job->display_name, &job->counts.added,
                                &job->counts.updated, &job->counts.groups_added, error);
}

/* ---------------------------------------------------------------- groups list */

static void
reload_groups (KdPhraseService *self)
{
  g_autoptr(PhraseJob) job = phrase_job_new (NULL);
  g_autoptr(GError) error = NULL;
  GListModel *model = G_LIST_MODEL (self->groups);
  guint n_old = g_list_model_get_n_items (model);
  gboolean same_ids;

  if (self->store == NULL || kd_store_is_closed (self->store))
    return;
  /* A few dozen rows: well under a frame. */
  if (!kd_store_read (self->store, list_groups_job, job, &error))
    {
      if (!g_error_matches (error, KD_STORE_ERROR, KD_STORE_ERROR_CLOSED))
        g_warning ("Reading the phrase groups failed: %s", error->message);
      return;
    }

  same_ids = n_old == job->phrases->len;
  for (guint i = 0; same_ids && i < n_old; i++)
    {
      g_autoptr(KdPhraseGroup) old = g_list_model_get_item (model, i);
      same_ids = kd_phrase_group_get_id (old) == kd_phrase_group_get_id (g_ptr_array_index (job->phrases, i));
    }

  if (same_ids)
    {
      /* In place, so that a sidebar keeps its selection. */
      for (guint i = 0; i < n_old; i++)
        {
          g_autoptr(KdPhraseGroup) old = g_list_model_get_item (model, i);
          KdPhraseGroup *fresh = g_ptr_array_index (job->phrases, i);

          kd_phrase_group_set_name (old, kd_phrase_group_get_name (fresh));
          kd_phrase_group_set_position (old, kd_phrase_group_get_position (fresh));
          kd_phrase_group_set_n_phrases (old, kd_phrase_group_get_n_phrases (fresh));
        }
      return;
    }
  g_list_store_splice (self->groups, 0, n_old, job->phrases->pdata, job->phrases->len);
}

static gboolean
reload_groups_idle (gpointer data)
{
  reload_groups (data);
  return G_SOURCE_REMOVE;
}

static void
on_store_changed (KdStore         *store,
                  const char      *table,
                  GArray          *ids,
                  KdPhraseService *self)
{
  /* "changed" comes in the thread that waited for the write; the list
   * belongs to the thread that made the service. */
  if (g_thread_self () == self->thread)
    reload_groups (self);
  else
    kd_invoke (self->context, reload_groups_idle, g_object_ref (self), g_object_unref);
}

GListModel *
kd_phrase_service_get_groups (KdPhraseService *self)
{
  g_return_val_if_fail (KD_IS_PHRASE_SERVICE (self), NULL);
  return G_LIST_MODEL (self->groups);
}

KdQueryModel *
kd_phrase_service_create_model (KdPhraseService *self)
{
  g_return_val_if_fail (KD_IS_PHRASE_SERVICE (self), NULL);
  return kd_query_model_new (self->store, kd_phrase_repo_query_spec ());
}

/* ---------------------------------------------------------------- sync */

/* On success @phrase has its id and its stored values (trimmed, group
 * name, position, counts). */
gboolean
kd_phrase_service_save (KdPhraseService  *self,
                        KdPhrase         *phrase,
                        GError          **error)
{
  g_autoptr(PhraseJob) job = NULL;

  g_return_val_if_fail (KD_IS_PHRASE_SERVICE (self), FALSE);
  g_return_val_if_fail (KD_IS_PHRASE (phrase), FALSE);

  job = phrase_job_new (phrase);
  if (!kd_store_write (self->store, save_job, job, error))
    return FALSE;
  kd_phrase_assign (phrase, job->phrase);
  return TRUE;
}

gboolean
kd_phrase_service_delete (KdPhraseService  *self,
                          KdPhrase         *phrase,
                          GError          **error)
{
  g_autoptr(PhraseJob) job = NULL;

  g_return_val_if_fail (KD_IS_PHRASE_SERVICE (self), FALSE);
  g_return_val_if_fail (KD_IS_PHRASE (phrase), FALSE);

  job = phrase_job_new (phrase);
  return kd_store_write (self->store, delete_job, job, error);
}

/* Undo of a delete: @phrase is the copy taken before, put back as it was. */
gboolean
kd_phrase_service_restore (KdPhraseService  *self,
                           KdPhrase         *phrase,
                           GError          **error)
{
  g_autoptr(PhraseJob) job = NULL;

  g_return_val_if_fail (KD_IS_PHRASE_SERVICE (self), FALSE);
  g_return_val_if_fail (KD_IS_PHRASE (phrase), FALSE);

  job = phrase_job_new (phrase);
  if (!kd_store_write (self->store, restore_job, job, error))
    return FALSE;
  kd_phrase_assign (phrase, job->phrase);
  return TRUE;
}

gboolean
kd_phrase_service_record_use (KdPhraseService  *self,
                              gint64            phrase_id,
                              GError          **error)
{
  g_autoptr(PhraseJob) job = phrase_job_new (NULL);

  g_return_val_if_fail (KD_IS_PHRASE_SERVICE (self), FALSE);

  job->id = phrase_id;
  return kd_store_write (self->store, record_use_job, job, error);
}

/* The model's order: exact shortcut, favourites, use count, recency. */
GPtrArray *
kd_phrase_service_search (KdPhraseService  *self,
                          const char       *query,
                          guint             limit,
                          GError          **error)
{
  g_autoptr(PhraseJob) job = phrase_job_new (NULL);

  g_return_val_if_fail (KD_IS_PHRASE_SERVICE (self), NULL);

  job->text = g_strdup (query ? query : "");
  job->limit = limit;
  if (!kd_store_read (self->store, search_job, job, error))
    return NULL;
  return g_steal_pointer (&job->phrases);
}

/* In library order (group, then place), so Ctrl+1…9 stay put as use counts grow. */
GPtrArray *
kd_phrase_service_favourites (KdPhraseService  *self,
                              guint             limit,
                              GError          **error)
{
  g_autoptr(PhraseJob) job = phrase_job_new (NULL);

  g_return_val_if_fail (KD_IS_PHRASE_SERVICE (self), NULL);

  job->limit = limit;
  if (!kd_store_read (self->store, favourites_job, job, error))
    return NULL;
  return g_steal_pointer (&job->phrases);
}

GPtrArray *
kd_phrase_service_list_all (KdPhraseService  *self,
                            GError          **error)
{
  g_autoptr(PhraseJob) job = phrase_job_new (NULL);

  g_return_val_if_fail (KD_IS_PHRASE_SERVICE (self), NULL);

  if (!kd_store_read (self->store, list_all_job, job, error))
    return NULL;
  return g_steal_pointer (&job->phrases);
}

KdPhrase *
kd_phrase_service_find_shortcut_holder (KdPhraseService  *self,
                                        const char       *shortcut,
                                        gint64            except_id,
                                        GError          **error)
{
  g_autoptr(PhraseJob) job = phrase_job_new (NULL);

  g_return_val_if_fail (KD_IS_PHRASE_SERVICE (self), NULL);

  job->text = g_strdup (shortcut);
  job->id = except_id;
  if (!kd_store_read (self->store, find_shortcut_job, job, error))
    return NULL;
  return g_steal_pointer (&job->phrase);
}

/* A new group (no id) is added last; one with an id is renamed. */
gboolean
kd_phrase_service_save_group (KdPhraseService  *self,
                              KdPhraseGroup    *group,
                              GError          **error)
{
  g_autoptr(PhraseJob) job = phrase_job_new (NULL);

  g_return_val_if_fail (KD_IS_PHRASE_SERVICE (self), FALSE);
  g_return_val_if_fail (KD_IS_PHRASE_GROUP (group), FALSE);

  job->group = kd_phrase_group_copy (group);
  if (!kd_store_write (self->store, save_group_job, job, error))
    return FALSE;
  kd_phrase_group_set_id (group, kd_phrase_group_get_id (job->group));
  kd_phrase_group_set_name (group, kd_phrase_group_get_name (job->group));
  kd_phrase_group_set_position (group, kd_phrase_group_get_position (job->group));
  return TRUE;
}

gboolean
kd_phrase_service_delete_group (KdPhraseService  *self,
                                KdPhraseGroup    *group,
                                GPtrArray       **out_removed,
                                GError          **error)
{
  g_autoptr(PhraseJob) job = phrase_job_new (NULL);

  g_return_val_if_fail (KD_IS_PHRASE_SERVICE (self), FALSE);
  g_return_val_if_fail (KD_IS_PHRASE_GROUP (group), FALSE);

  if (out_removed != NULL)
    *out_removed = NULL;
  job->group = kd_phrase_group_copy (group);
  if (!kd_store_write (self->store, delete_group_job, job, error))
    return FALSE;
  if (out_removed != NULL)
    *out_removed = g_steal_pointer (&job->phrases);
  return TRUE;
}

/* Undo of delete_group: @group as it was (id, position) and the phrases
 * delete_group gave back. */
gboolean
kd_phrase_service_restore_group (KdPhraseService  *self,
                                 KdPhraseGroup    *group,
                                 GPtrArray        *phrases,
                                 GError          **error)
{
  g_autoptr(PhraseJob) job = phrase_job_new (NULL);

  g_return_val_if_fail (KD_IS_PHRASE_SERVICE (self), FALSE);
  g_return_val_if_fail (KD_IS_PHRASE_GROUP (group), FALSE);

  job->group = kd_phrase_group_copy (group);
  job->phrases = phrases ? g_ptr_array_ref (phrases) : NULL;
  if (!kd_store_write (self->store, restore_group_job, job, error))
    return FALSE;
  kd_phrase_group_set_id (group, kd_phrase_group_get_id (job->group));
  return TRUE;
}

gboolean
kd_phrase_service_move_group (KdPhraseService  *self,
                              gint64            group_id,
                              int               new_position,
                              GError          **error)
{
  g_autoptr(PhraseJob) job = phrase_job_new (NULL);

  g_return_val_if_fail (KD_IS_PHRASE_SERVICE (self), FALSE);

  job->group_id = group_id;
  job->position = new_position;
  return kd_store_write (self->store, move_group_job, job, error);
}

/* To the end of @to_group_id. */
gboolean
kd_phrase_service_move_phrase (KdPhraseService  *self,
                               gint64            phrase_id,
                               gint64            to_group_id,
                               GError          **error)
{
  g_autoptr(PhraseJob) job = phrase_job_new (NULL);

  g_return_val_if_fail (KD_IS_PHRASE_SERVICE (self), FALSE);

  job->id = phrase_id;
  job->group_id = to_group_id;
  return kd_store_write (self->store, move_phrase_job, job, error);
}

/* The whole file is read and checked first (outside the writer), then
 * applied in one transaction: all rows or none. */
gboolean
kd_phrase_service_import (KdPhraseService       *self,
                          const char            *path,
                          KdPhraseImportCounts  *counts,
                          GError               **error)
{
  g_autoptr(PhraseJob) job = phrase_job_new (NULL);

  g_return_val_if_fail (KD_IS_PHRASE_SERVICE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  job->records = kd_phrase_csv_read_file (path, NULL, NULL, error);
  if (job->records == NULL)
    return FALSE;
  job->display_name = g_filename_display_name (path);
  if (!kd_store_write (self->store, import_job, job, error))
    return FALSE;
  if (counts != NULL)
    *counts = job->counts;
  return TRUE;
}

/* Never replaces a file; a failed export leaves none behind. */
gboolean
kd_phrase_service_export (KdPhraseService  *self,
                          const char       *path,
                          KdPhraseFormat    format,
                          guint            *n_written,
                          GError          **error)
{
  g_autoptr(PhraseJob) job = phrase_job_new (NULL);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileOutputStream) out = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (KD_IS_PHRASE_SERVICE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  name = g_filename_display_name (path);
  file = g_file_new_for_path (path);
  if (!kd_store_read (self->store, list_all_job, job, error))
    return FALSE;

  out = g_file_create (file, G_FILE_CREATE_PRIVATE, NULL, &local);
  if (out == NULL)
    {
      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_EXISTS))
        g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_EXISTS,
                     _("“%s” already exists; phrases are only exported to a new file."), name);
      else
        g_set_error (error, local->domain, local->code, _("Cannot write “%s”: %s"), name, local->message);
      return FALSE;
    }
  if (!kd_phrase_csv_write (G_OUTPUT_STREAM (out), (KdPhraseCsvFormat) format, job->phrases, NULL, &local) ||
      !g_output_stream_close (G_OUTPUT_STREAM (out), NULL, &local))
    {
      g_file_delete (file, NULL, NULL);
      g_set_error (error, local->domain, local->code, _("Cannot write “%s”: %s"), name, local->message);
      return FALSE;
    }
  if (n_written != NULL)
    *n_written = job->phrases->len;
  return TRUE;
}

/* ---------------------------------------------------------------- async */

static void
run_write_async (KdPhraseService     *self,
                 gpointer             source_tag,
                 KdStoreFunc          func,
                 PhraseJob           *job,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  kd_service_job_run_async (self, source_tag, self->store, KD_SERVICE_JOB_WRITE, func, job,
                            (GDestroyNotify) phrase_job_free, NULL, cancellable, callback, user_data);
}

void
kd_phrase_service_save_async (KdPhraseService     *self,
                              KdPhrase            *phrase,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (KD_IS_PHRASE_SERVICE (self));
  g_return_if_fail (KD_IS_PHRASE (phrase));
  run_write_async (self, kd_phrase_service_save_async, save_job, phrase_job_new (phrase),
                   cancellable, callback, user_data);
}

/* The saved phrase as stored (id, trimmed values, group name, position). */
KdPhrase *
kd_phrase_service_save_finish (KdPhraseService  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  PhraseJob *job = kd_service_job_finish (self, result, kd_phrase_service_save_async, error);
  return job ? g_steal_pointer (&job->phrase) : NULL;
}

void
kd_phrase_service_delete_async (KdPhraseService     *self,
                                KdPhrase            *phrase,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (KD_IS_PHRASE_SERVICE (self));
  g_return_if_fail (KD_IS_PHRASE (phrase));
  run_write_async (self, kd_phrase_service_delete_async, delete_job, phrase_job_new (phrase),
                   cancellable, callback, user_data);
}

gboolean
kd_phrase_service_delete_finish (KdPhraseService  *self,
                                 GAsyncResult     *result,
                                 GError          **error)
{
  PhraseJob *job = kd_service_job_finish (self, result, kd_phrase_service_delete_async, error);
  return job != NULL;
}

void
kd_phrase_service_restore_async (KdPhraseService     *self,
                                 KdPhrase            *phrase,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (KD_IS_PHRASE_SERVICE (self));
  g_return_if_fail (KD_IS_PHRASE (phrase));
  run_write_async (self, kd_phrase_service_restore_async, restore_job, phrase_job_new (phrase),
                   cancellable, callback, user_data);
}

gboolean
kd_phrase_service_restore_finish (KdPhraseService  *self,
                                  GAsyncResult     *result,
                                  GError          **error)
{
  PhraseJob *job = kd_service_job_finish (self, result, kd_phrase_service_restore_async, error);
  return job != NULL;
}

static void
record_use_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!kd_store_write_finish (KD_STORE (source), result, &error) &&
      !g_error_matches (error, KD_STORE_ERROR, KD_STORE_ERROR_CLOSED))
    g_warning ("Counting a use of a phrase failed: %s", error->message);
}

/* Fire and forget: the picker has closed by the time it is written. */
void
kd_phrase_service_record_use_async (KdPhraseService *self,
                                    gint64           phrase_id)
{
  PhraseJob *job;

  g_return_if_fail (KD_IS_PHRASE_SERVICE (self));

  job = phrase_job_new (NULL);
  job->id = phrase_id;
  kd_store_write_async (self->store, record_use_job, job, (GDestroyNotify) phrase_job_free,
                        NULL, record_use_done, NULL);
}

/* Who other than @except_id has @shortcut, as the editor types (the unique index answers). */
void
kd_phrase_service_find_shortcut_holder_async (KdPhraseService     *self,
                                              const char          *shortcut,
                                              gint64               except_id,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
  PhraseJob *job;

  g_return_if_fail (KD_IS_PHRASE_SERVICE (self));

  job = phrase_job_new (NULL);
  job->text = g_strdup (shortcut);
  job->id = except_id;
  kd_service_job_run_async (self, kd_phrase_service_find_shortcut_holder_async, self->store, KD_SERVICE_JOB_READ,
                            find_shortcut_job, job, (GDestroyNotify) phrase_job_free, NULL,
                            cancellable, callback, user_data);
}

/* NULL with no error when nobody else has the shortcut. */
KdPhrase *
kd_phrase_service_find_shortcut_holder_finish (KdPhraseService  *self,
                                               GAsyncResult     *result,
                                               GError          **error)
{
  PhraseJob *job = kd_service_job_finish (self, result, kd_phrase_service_find_shortcut_holder_async, error);
  return job ? g_steal_pointer (&job->phrase) : NULL;
}

/* Import: the file is read on a worker thread, then written as one store job. */
static gboolean
import_thread (gpointer       data,
               GCancellable  *cancellable,
               GError       **error)
{
  PhraseJob *job = data;

  job->records = kd_phrase_csv_read_file (job->text, NULL, cancellable, error);
  if (job->records == NULL)
    return FALSE;
  job->display_name = g_filename_display_name (job->text);
  return kd_store_write (job->store, import_job, job, error);
}

void
kd_phrase_service_import_async (KdPhraseService     *self,
                                const char          *path,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  PhraseJob *job;

  g_return_if_fail (KD_IS_PHRASE_SERVICE (self));
  g_return_if_fail (path != NULL);

  job = phrase_job_new (NULL);
  job->text = g_strdup (path);
  job->store = self->store;
  kd_service_job_run_in_thread (self, kd_phrase_service_import_async, import_thread, job,
                                (GDestroyNotify) phrase_job_free, cancellable, callback, user_data);
}

gboolean
kd_phrase_service_import_finish (KdPhraseService       *self,
                                 GAsyncResult          *result,
                                 KdPhraseImportCounts  *counts,
                                 GError               **error)
{
  PhraseJob *job = kd_service_job_finish (self, result, kd_phrase_service_import_async, error);

  if (job == NULL)
    return FALSE;
  if (counts != NULL)
    *counts = job->counts;
  return TRUE;
}

typedef struct {
  KdPhraseService *self;     /* not owned: the task holds it */
  char            *path;
  KdPhraseFormat   format;
  guint            n_written;
} ExportData;

static void
export_data_free (ExportData *ed)
{
  g_free (ed->path);
  g_free (ed);
}

static gboolean
export_thread (gpointer       data,
               GCancellable  *cancellable,
               GError       **error)
{
  ExportData *ed = data;

  /* A read (no "changed") and a file write: fine off the main thread. */
  return kd_phrase_service_export (ed->self, ed->path, ed->format, &ed->n_written, error);
}

void
kd_phrase_service_export_async (KdPhraseService     *self,
                                const char          *path,
                                KdPhraseFormat       format,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  ExportData *ed;

  g_return_if_fail (KD_IS_PHRASE_SERVICE (self));
  g_return_if_fail (path != NULL);

  ed = g_new0 (ExportData, 1);
  ed->self = self;
  ed->path = g_strdup (path);
  ed->format = format;
  kd_service_job_run_in_thread (self, kd_phrase_service_export_async, export_thread, ed,
                                (GDestroyNotify) export_data_free, cancellable, callback, user_data);
}

gboolean
kd_phrase_service_export_finish (KdPhraseService  *self,
                                 GAsyncResult     *result,
                                 guint            *n_written,
                                 GError          **error)
{
  ExportData *ed = kd_service_job_finish (self, result, kd_phrase_service_export_async, error);

  if (ed == NULL)
    return FALSE;
  if (n_written != NULL)
    *n_written = ed->n_written;
  return TRUE;
}

/* ---------------------------------------------------------------- GObject */

static void
kd_phrase_service_dispose (GObject *object)
{
  KdPhraseService *self = KD_PHRASE_SERVICE (object);

  for (guint i = 0; i < G_N_ELEMENTS (self->changed_ids); i++)
    if (self->changed_ids[i] != 0 && self->store != NULL)
      g_clear_signal_handler (&self->changed_ids[i], self->store);
  g_clear_object (&self->store);
  g_clear_object (&self->groups);
  g_clear_pointer (&self->context, g_main_context_unref);
  G_OBJECT_CLASS (kd_phrase_service_parent_class)->dispose (object);
}

static void
kd_phrase_service_class_init (KdPhraseServiceClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kd_phrase_service_dispose;
}

static void
kd_phrase_service_init (KdPhraseService *self)
{
  self->groups = g_list_store_new (KD_TYPE_PHRASE_GROUP);
  self->context = g_main_context_ref_thread_default ();
  self->thread = g_thread_self ();
}

KdPhraseService *
kd_phrase_service_new (KdStore *store)
{
  KdPhraseService *self;

  g_return_val_if_fail (KD_IS_STORE (store), NULL);

  self = g_object_new (KD_TYPE_PHRASE_SERVICE, NULL);
  self->store = g_object_ref (store);
  self->changed_ids[0] = g_signal_connect (store, "changed::phrase_groups", G_CALLBACK (on_store_changed), self);
  self->changed_ids[1] = g_signal_connect (store, "changed::phrases", G_CALLBACK (on_store_changed), self);
  reload_groups (self);
  return self;
}
