/* kd-backup-service.c: daily copies of each database in a backups folder, the newest two weeks kept. */
#include "kd-backup-service.h"
#include "kd-service-job.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#define STAMP_LEN 16            /* YYYYmmddTHHMMSSZ */
#define BACKUP_SUFFIX ".db"
/* A backup dated more than this after now was written under a clock that
 * was ahead (or now's is behind): it proves nothing about being recent. */
#define FUTURE_SLACK_SECONDS (24 * 60 * 60)

char *
kd_backup_default_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "kefu-desk", "backups", NULL);
}

/* STEM-HASH-: the database file's name without .db (characters FAT
 * refuses replaced) and 8 hex digits of its absolute path, so that every
 * database gets backups of its own in a shared folder, two shop.db in
 * different folders included. */
char *
kd_backup_name_prefix (const char *db_path)
{
  g_autofree char *abs = g_canonicalize_filename (db_path, NULL);
  g_autofree char *base = g_path_get_basename (abs);
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, abs, -1);
  g_autofree char *stem = NULL;

  if (g_str_has_suffix (base, BACKUP_SUFFIX) && strlen (base) > strlen (BACKUP_SUFFIX))
    base[strlen (base) - strlen (BACKUP_SUFFIX)] = '\0';
  stem = g_utf8_make_valid (base, -1);
  for (char *p = stem; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || strchr ("\\/:*?\"<>|", *p) != NULL)
      *p = '_';
  hash[8] = '\0';
  return g_strdup_printf ("%s-%s-", stem, hash);
}

typedef struct {
  char   *name;
  gint64  time;   /* UTC Unix seconds, from the name */
} Backup;

static void
backup_clear (gpointer data)
{
  g_free (((Backup *) data)->name);
}

/* PREFIX + YYYYmmddTHHMMSSZ + .db → the time recorded in the name, or -1. */
static gint64
parse_backup_name (const char *name,
                   const char *prefix)
{
  const char *s;
  int f[6];
  static const int width[6] = { 4, 2, 2, 2, 2, 2 };
  g_autoptr(GDateTime) dt = NULL;

  if (!g_str_has_prefix (name, prefix))
    return -1;
  s = name + strlen (prefix);
  if (strlen (s) != STAMP_LEN + strlen (BACKUP_SUFFIX) || strcmp (s + STAMP_LEN, BACKUP_SUFFIX) != 0 ||
      s[8] != 'T' || s[15] != 'Z')
    return -1;
  for (int i = 0, pos = 0; i < 6; i++)
    {
      if (i == 3)
        pos++;  /* the T */
      f[i] = 0;
      for (int k = 0; k < width[i]; k++, pos++)
        {
          if (!g_ascii_isdigit (s[pos]))
            return -1;
          f[i] = f[i] * 10 + (s[pos] - '0');
        }
    }
  dt = g_date_time_new_utc (f[0], f[1], f[2], f[3], f[4], f[5]);
  return dt ? g_date_time_to_unix (dt) : -1;
}

static GArray *
list_backups (const char *backup_dir,
              const char *prefix)
{
  g_autoptr(GDir) dir = g_dir_open (backup_dir, 0, NULL);
  GArray *backups = g_array_new (FALSE, FALSE, sizeof (Backup));
  const char *name;

  g_array_set_clear_func (backups, backup_clear);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      Backup b = { NULL, parse_backup_name (name, prefix) };

      if (b.time < 0)
        continue;
      b.name = g_strdup (name);
      g_array_append_val (backups, b);
    }
  return backups;
}

static int
newest_first (gconstpointer a,
              gconstpointer b)
{
  gint64 ta = ((const Backup *) a)->time, tb = ((const Backup *) b)->time;
  return ta < tb ? 1 : ta > tb ? -1 : 0;
}

/* Keeps the @keep newest backups of the database by the time recorded in
 * their names (not by name order across databases, not by mtime, which a
 * copy resets). Backups dated in the future are not counted as newest:
 * after a spell of a clock running ahead they would otherwise push every
 * real backup out, the one just written first. They go once @keep backups
 * with believable times exist. */
static void
rotate (const char *backup_dir,
        const char *prefix,
        gint64      now,
        guint       keep)
{
  g_autoptr(GArray) backups = list_backups (backup_dir, prefix);
  guint sane = 0;

  g_array_sort (backups, newest_first);
  for (guint i = 0; i < backups->len; i++)
    if (g_array_index (backups, Backup, i).time <= now + FUTURE_SLACK_SECONDS)
      sane++;

  for (guint i = 0, kept = 0; i < backups->len; i++)
    {
      const Backup *b = &g_array_index (backups, Backup, i);
      gboolean future = b->time > now + FUTURE_SLACK_SECONDS;
      g_autofree char *path = NULL;

      if (future ? sane < keep : kept++ < keep)
        continue;
      path = g_build_filename (backup_dir, b->name, NULL);
      g_unlink (path);
    }
}

/* Writes today's backup of @store unless one with a believable time was
 * written today (local time), then keeps the newest @keep.
 * @out_written gets the new file's path, or NULL when today's was there. */
gboolean
kd_backup_daily (KdStore       *store,
                 const char    *backup_dir,
                 GDateTime     *now,
                 guint          keep,
                 char         **out_written,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autofree char *prefix = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *name = NULL;
  g_autofree char *dest = NULL;
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GArray) backups = NULL;
  gint64 now_unix;
  gboolean today_done = FALSE;

  g_return_val_if_fail (KD_IS_STORE (store), FALSE);
  g_return_val_if_fail (now != NULL, FALSE);
  g_return_val_if_fail (keep > 0, FALSE);

  if (out_written != NULL)
    *out_written = NULL;

  if (g_mkdir_with_parents (backup_dir, 0700) != 0)
    {
      int saved = errno;
      g_autofree char *dir_name = g_filename_display_name (backup_dir);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot create the folder “%s”: %s"), dir_name, g_strerror (saved));
      return FALSE;
    }

  prefix = kd_backup_name_prefix (kd_store_get_path (store));
  now_unix = g_date_time_to_unix (now);
  utc = g_date_time_to_utc (now);
  local = g_date_time_to_local (now);

  backups = list_backups (backup_dir, prefix);
  for (guint i = 0; i < backups->len && !today_done; i++)
    {
      const Backup *b = &g_array_index (backups, Backup, i);
      g_autoptr(GDateTime) when = NULL;

      if (b->time > now_unix + FUTURE_SLACK_SECONDS)
        continue;
      when = g_date_time_new_from_unix_local (b->time);
      today_done = g_date_time_get_year (when) == g_date_time_get_year (local) &&
                   g_date_time_get_day_of_year (when) == g_date_time_get_day_of_year (local);
    }

  if (!today_done)
    {
      stamp = g_date_time_format (utc, "%Y%m%dT%H%M%SZ");
      name = g_strconcat (prefix, stamp, BACKUP_SUFFIX, NULL);
      dest = g_build_filename (backup_dir, name, NULL);
      if (!kd_store_backup (store, dest, cancellable, error))
        return FALSE;
      if (out_written != NULL)
        *out_written = g_strdup (dest);
    }

  rotate (backup_dir, prefix, now_unix, keep);
  return TRUE;
}

typedef struct {
  KdStore   *store;
  char      *backup_dir;
  GDateTime *now;
  guint      keep;
  char      *written;
} BackupJob;

static void
backup_job_free (gpointer data)
{
  BackupJob *job = data;

  g_object_unref (job->store);
  g_free (job->backup_dir);
  g_date_time_unref (job->now);
  g_free (job->written);
  g_free (job);
}

static gboolean
backup_thread (gpointer       data,
               GCancellable  *cancellable,
               GError       **error)
{
  BackupJob *job = data;

  return kd_backup_daily (job->store, job->backup_dir, job->now, job->keep, &job->written, cancellable, error);
}

/* The copy runs in a worker thread on a connection of its own. */
void
kd_backup_daily_async (KdStore             *store,
                       const char          *backup_dir,
                       GDateTime           *now,
                       guint                keep,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  BackupJob *job = g_new0 (BackupJob, 1);

  job->store = g_object_ref (store);
  job->backup_dir = g_strdup (backup_dir);
  job->now = g_date_time_ref (now);
  job->keep = keep;
  kd_service_job_run_in_thread (NULL, kd_backup_daily_async, backup_thread, job, backup_job_free,
                                cancellable, callback, user_data);
}

/* Returns the path written, "" when today's backup already existed. */
char *
kd_backup_daily_finish (GAsyncResult  *result,
                        GError       **error)
{
  BackupJob *job = kd_service_job_finish (NULL, result, kd_backup_daily_async, error);

  if (job == NULL)
    return NULL;
  return job->written ? g_steal_pointer (&job->written) : g_strdup ("");
}
