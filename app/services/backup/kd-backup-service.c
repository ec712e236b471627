/* kd-backup-service.c: daily copies of the database in a backups folder, kept for two weeks. */
#include "kd-backup-service.h"
#include "kd-store.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#define BACKUP_PREFIX "kefu-desk-"
#define BACKUP_SUFFIX ".db"

char *
kd_backup_default_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "kefu-desk", "backups", NULL);
}

/* kefu-desk-YYYY-MM-DD.db: names that sort by date. */
static gboolean
is_backup_name (const char *name)
{
  gsize len = strlen (name);

  if (len != strlen (BACKUP_PREFIX) + 10 + strlen (BACKUP_SUFFIX))
    return FALSE;
  if (!g_str_has_prefix (name, BACKUP_PREFIX) || !g_str_has_suffix (name, BACKUP_SUFFIX))
    return FALSE;
  for (gsize i = 0; i < 10; i++)
    {
      char c = name[strlen (BACKUP_PREFIX) + i];
      if (!(g_ascii_isdigit (c) || ((i == 4 || i == 7) && c == '-')))
        return FALSE;
    }
  return TRUE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
rotate (const char *backup_dir,
        guint       keep)
{
  g_autoptr(GDir) dir = g_dir_open (backup_dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    if (is_backup_name (name))
      g_ptr_array_add (names, g_strdup (name));

  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i + keep < names->len; i++)
    {
      g_autofree char *path = g_build_filename (backup_dir, g_ptr_array_index (names, i), NULL);
      g_unlink (path);
    }
}

/* Writes today's backup unless it exists, then keeps the newest @keep.
 * @out_written gets the new file's path, or NULL when today's was there. */
gboolean
kd_backup_daily (const char  *db_path,
                 const char  *backup_dir,
                 const char  *today,
                 guint        keep,
                 char       **out_written,
                 GError     **error)
{
  g_autofree char *name = g_strdup_printf (BACKUP_PREFIX "%s" BACKUP_SUFFIX, today);
  g_autofree char *dest = g_build_filename (backup_dir, name, NULL);

  g_return_val_if_fail (keep > 0, FALSE);

  if (out_written != NULL)
    *out_written = NULL;
  if (!is_backup_name (name))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "bad day “%s”", today);
      return FALSE;
    }

  if (g_mkdir_with_parents (backup_dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot create the folder “%s”: %s"), backup_dir, g_strerror (saved));
      return FALSE;
    }

  if (!g_file_test (dest, G_FILE_TEST_EXISTS))
    {
      if (!kd_store_backup_file (db_path, dest, error))
        return FALSE;
      if (out_written != NULL)
        *out_written = g_strdup (dest);
    }

  rotate (backup_dir, keep);
  return TRUE;
}

typedef struct {
  char  *db_path;
  char  *backup_dir;
  char  *today;
  guint  keep;
} BackupJob;

static void
backup_job_free (gpointer data)
{
  BackupJob *job = data;

  g_free (job->db_path);
  g_free (job->backup_dir);
  g_free (job->today);
  g_free (job);
}

static void
backup_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  BackupJob *job = task_data;
  g_autoptr(GError) error = NULL;
  char *written = NULL;

  if (!kd_backup_daily (job->db_path, job->backup_dir, job->today, job->keep, &written, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, written ? written : g_strdup (""), g_free);
}

/* The copy runs in a worker thread on a connection of its own. */
void
kd_backup_daily_async (const char          *db_path,
                       const char          *backup_dir,
                       const char          *today,
                       guint                keep,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  BackupJob *job = g_new0 (BackupJob, 1);

  job->db_path = g_strdup (db_path);
  job->backup_dir = g_strdup (backup_dir);
  job->today = g_strdup (today);
  job->keep = keep;
  g_task_set_source_tag (task, kd_backup_daily_async);
  g_task_set_task_data (task, job, backup_job_free);
  g_task_run_in_thread (task, backup_thread);
}

/* Returns the path written, "" when today's backup already existed. */
char *
kd_backup_daily_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
