/* kd-store-open.c: looking at a database file before it is used, creating one, migrating its schema. */
#include "kd-store-private.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kd-store-resources.h"

#define MIGRATIONS_PATH RESOURCE_BASE "/store/sql"
/* 'KFDS': marks the file as ours, so another program's SQLite file is refused. */
#define KD_APPLICATION_ID 0x4B464453

/* The store's own resource, registered once, from whichever thread opens
 * the first database.
 *
 * GLib registers static resources lazily: the first lookup from any thread
 * takes the list of pending ones and builds them while it holds the
 * registry's write lock. g_static_resource_get_resource() does not wait for
 * that: called while another thread (here, GTK loading a template on the
 * main thread) is still building ours, it returns NULL. A global lookup
 * takes the registry's read lock, so it waits until the other thread is done;
 * after it the resource is set. */
static GResource *
store_resource (void)
{
  static GResource *resource;

  if (g_once_init_enter (&resource))
    {
      GResource *built;

      kd_store_register_resource ();
      g_strfreev (g_resources_enumerate_children (MIGRATIONS_PATH, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL));
      built = kd_store_get_resource ();
      g_assert (built != NULL);
      g_once_init_leave (&resource, built);
    }
  return resource;
}

typedef struct {
  int   number;
  char *name;
} Migration;

static int
compare_migrations (gconstpointer a,
                    gconstpointer b)
{
  return ((const Migration *) a)->number - ((const Migration *) b)->number;
}

static void
clear_migration (gpointer data)
{
  g_free (((Migration *) data)->name);
}

/* The migrations are the resources named NNNN-description.sql, in order. */
static GArray *
list_migrations (void)
{
  g_auto(GStrv) children = NULL;
  GArray *migrations = g_array_new (FALSE, FALSE, sizeof (Migration));

  g_array_set_clear_func (migrations, clear_migration);
  children = g_resource_enumerate_children (store_resource (), MIGRATIONS_PATH,
                                            G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  for (guint i = 0; children != NULL && children[i] != NULL; i++)
    {
      Migration m;
      char *end = NULL;

      if (!g_str_has_suffix (children[i], ".sql"))
        continue;
      m.number = (int) g_ascii_strtoll (children[i], &end, 10);
      if (end == children[i] || *end != '-' || m.number <= 0)
        continue;
      m.name = g_strdup (children[i]);
      g_array_append_val (migrations, m);
    }
  g_array_sort (migrations, compare_migrations);
  return migrations;
}

int
kd_store_get_latest_version (void)
{
  g_autoptr(GArray) migrations = list_migrations ();

  if (migrations->len == 0)
    return 0;
  return g_array_index (migrations, Migration, migrations->len - 1).number;
}

static gboolean
db_exec (sqlite3     *db,
         const char  *sql,
      GError     **error)
{
  char *message = NULL;
  int rc = sqlite3_exec (db, sql, NULL, NULL, &message);

  if (rc != SQLITE_OK)
    {
      g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_FAILED, "%s", message ? message : sqlite3_errstr (rc));
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

static int
pragma_int (sqlite3    *db,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  int value = -1;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

/* The unix VFS's lock bytes (sqlite3's os.h): a reader holds a read lock
 * on the SHARED range; a writer in rollback-journal mode needs a write lock
 * on all of it to commit. */
#define SQLITE_PENDING_BYTE  0x40000000
#define SQLITE_SHARED_FIRST  (SQLITE_PENDING_BYTE + 2)
#define SQLITE_SHARED_SIZE   510
/* A connection to a WAL database holds a read lock on this byte of the
 * -shm file for as long as it is open (the "DMS" slot, sqlite3's os_unix.c). */
#define SQLITE_SHM_DMS_BYTE  128

static void
set_busy_error (const char  *path,
                GError     **error)
{
  _kd_store_set_busy_error (path, error);
}

void
_kd_store_set_busy_error (const char  *path,
                          GError     **error)
{
  g_autofree char *name = g_filename_display_name (path);

  g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_BUSY,
               _("“%s” is locked by another program (waited %d seconds). Close the other Kefu Desk "
                 "window or program using it, then try again."),
               name, KD_STORE_BUSY_TIMEOUT_MS / 1000);
}

static gboolean
set_read_only_error (const char  *path,
                     int          saved_errno,
                     gboolean     folder,
                     GError     **error)
{
  g_autofree char *name = g_filename_display_name (path);

  if (saved_errno == EROFS)
    g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_READ_ONLY,
                 _("Cannot write to “%s”: the file system is read-only. "
                   "Copy the file to a disk you can write to."), name);
  else if (folder)
    g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_READ_ONLY,
                 _("Cannot write to “%s”: the folder is read-only. Kefu Desk keeps a journal "
                   "beside the database; move the file to a folder you can write to."), name);
  else
    g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_READ_ONLY,
                 _("Cannot write to “%s”: the file is read-only. Make it writable "
                   "(chmod u+w) or open a copy."), name);
  return FALSE;
}

static char *
sidecar (const char *path,
         const char *suffix)
{
  return g_strconcat (path, suffix, NULL);
}

/* A file: URI for SQLite; the path is escaped byte for byte. */
static char *
file_uri (const char *path,
          const char *query)
{
  g_autofree char *abs = g_canonicalize_filename (path, NULL);
  g_autofree char *escaped = g_uri_escape_string (abs, "/", FALSE);

  return g_strdup_printf ("file:%s?%s", escaped, query);
}

/* The truth about writing, before any work is done: a read-only file or
 * folder is said to be so, not found "damaged" later, and no -wal/-shm is
 * made that the user could not remove. */
static gboolean
check_writable (const char  *path,
                GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  const char *suffixes[] = { "-wal", "-shm" };

  if (access (path, W_OK) != 0)
    return set_read_only_error (path, errno, FALSE, error);
  if (access (dir, W_OK | X_OK) != 0)
    return set_read_only_error (path, errno, TRUE, error);
  /* -wal/-shm left read-only by an earlier version keep failing otherwise. */
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = sidecar (path, suffixes[i]);

      if (g_file_test (file, G_FILE_TEST_EXISTS) && access (file, R_OK | W_OK) != 0)
        return set_read_only_error (file, errno, FALSE, error);
    }
  return TRUE;
}

static guint32
read_be32 (const guchar *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

static gboolean
read_prefix (const char *path,
             guchar     *buf,
             gsize       len,
             gsize      *got)
{
  FILE *fp = g_fopen (path, "rb");

  if (fp == NULL)
    return FALSE;
  *got = fread (buf, 1, len, fp);
  fclose (fp);
  return TRUE;
}

/* Another process has the database open: it holds the -shm's DMS byte.
 * (Only where no store of this process has the file open: closing the
 * descriptor drops this process's locks on the -shm.) */
gboolean
_kd_store_shm_in_use (const char *shm_path)
{
  struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET,
                      .l_start = SQLITE_SHM_DMS_BYTE, .l_len = 1 };
  int fd = g_open (shm_path, O_RDONLY | O_CLOEXEC, 0);
  gboolean in_use = FALSE;

  if (fd < 0)
    return FALSE;
  if (fcntl (fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK)
    in_use = TRUE;
  close (fd);
  return in_use;
}

/* A -wal file left from another copy of the database (a backup copied over
 * the file with the old -wal still beside it, or a -wal copied in from
 * elsewhere) would be replayed by SQLite on top of this file, mixing in
 * the other copy's rows. SQLite keeps nothing in the database file that
 * ties a WAL to it, so this checks what can be checked, and refuses with
 * both files untouched:
 *  - no verdict when the WAL holds no frame SQLite would use (bad header,
 *    or a first frame whose salts are not the header's), or when another
 *    process has the database open (it holds the -shm): that process's
 *    WAL is the database's by definition;
 *  - the database file must be in WAL mode (header bytes 18 and 19 are 2):
 *    a file in rollback-journal mode, such as every backup Kefu Desk
 *    writes, never has a WAL of its own;
 *  - the WAL's page size must be the database's;
 *  - an initialised -shm that indexes frames must carry the WAL's salts
 *    (SQLite copies them there whenever it starts a WAL);
 *  - the database file must not have been modified more than a minute
 *    after the WAL: SQLite writes the database file only in a checkpoint,
 *    which follows the commit that wrote the WAL. A file written later was
 *    put there by something else (a copy, a restore by hand). */
#define WAL_MTIME_SLACK_SECONDS 60

static gboolean
check_wal (const char    *path,
           const guchar  *db_header,
           gsize          db_header_len,
           GError       **error)
{
  g_autofree char *wal = sidecar (path, "-wal");
  g_autofree char *shm = sidecar (path, "-shm");
  g_autofree char *name = NULL;
  g_autofree char *wal_name = NULL;
  guchar hdr[32 + 24];
  guchar shm_hdr[96];
  gsize got = 0;
  guint32 magic, page_size, db_page_size;
  GStatBuf wal_st, db_st;
  gboolean stray = FALSE;

  if (g_stat (wal, &wal_st) != 0 || wal_st.st_size < (goffset) sizeof hdr)
    return TRUE;
  if (!read_prefix (wal, hdr, sizeof hdr, &got) || got < sizeof hdr)
    return TRUE;
  magic = read_be32 (hdr);
  if ((magic != 0x377f0682 && magic != 0x377f0683) || read_be32 (hdr + 4) != 3007000)
    return TRUE;
  if (memcmp (hdr + 16, hdr + 32 + 8, 8) != 0)
    return TRUE;  /* the first frame is not of this header: SQLite uses none */
  if (_kd_store_shm_in_use (shm))
    return TRUE;

  page_size = read_be32 (hdr + 8);
  db_page_size = db_header_len >= 100 ? (guint32) db_header[16] << 8 | db_header[17] : 0;
  if (db_page_size == 1)
    db_page_size = 65536;

  if (db_header_len < 100 || db_header[18] != 2 || db_header[19] != 2)
    stray = TRUE;
  else if (page_size != db_page_size)
    stray = TRUE;
  else if (read_prefix (shm, shm_hdr, sizeof shm_hdr, &got) && got == sizeof shm_hdr &&
           memcmp (shm_hdr, shm_hdr + 48, 48) == 0)
    {
      guint32 version, mx_frame;

      memcpy (&version, shm_hdr, 4);
      memcpy (&mx_frame, shm_hdr + 16, 4);
      if (version == 3007000 && shm_hdr[12] == 1 && mx_frame > 0 &&
          memcmp (shm_hdr + 32, hdr + 16, 8) != 0)
        stray = TRUE;
    }
  if (!stray && g_stat (path, &db_st) == 0 &&
      db_st.st_mtime > wal_st.st_mtime + WAL_MTIME_SLACK_SECONDS)
    stray = TRUE;

  if (!stray)
    return TRUE;

  name = g_filename_display_name (path);
  wal_name = g_filename_display_name (wal);
  g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_STRAY_WAL,
               _("“%s” does not belong to “%s”: it is the journal of another copy of the database "
                 "(for example, the file was replaced by a copy while its journal stayed). Both were "
                 "left untouched. Move “%s” out of the folder to open the file as it is."),
               wal_name, name, wal_name);
  return FALSE;
}

/* Waits, as SQLite's busy timeout would, for a read lock on the database
 * file's SHARED range. Returns the descriptor holding it (close it only
 * after the SQLite connection), or -1 with @error set when still locked. */
static int
lock_shared (const char  *path,
             GError     **error)
{
  struct flock fl = { .l_type = F_RDLCK, .l_whence = SEEK_SET,
                      .l_start = SQLITE_SHARED_FIRST, .l_len = SQLITE_SHARED_SIZE };
  gint64 deadline = g_get_monotonic_time () + (gint64) KD_STORE_BUSY_TIMEOUT_MS * 1000;
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);

  if (fd < 0)
    return fd;  /* sqlite3_open_v2() says why */
  while (fcntl (fd, F_SETLK, &fl) != 0)
    {
      if ((errno == EACCES || errno == EAGAIN) && g_get_monotonic_time () < deadline)
        {
          g_usleep (20 * 1000);
          continue;
        }
      if (errno == EACCES || errno == EAGAIN)
        {
          close (fd);
          set_busy_error (path, error);
          return -1;
        }
      break;  /* a file system without locks: read without one */
    }
  return fd;
}

/* A read-only connection to @path that creates no file beside it.
 *
 * With neither -wal nor -shm present, no connection to the database is open
 * anywhere (each keeps both open; the last to close removes them), so the
 * main file holds everything and SQLite reads it as immutable, creating
 * nothing; a read lock taken here, as SQLite's own readers take it, keeps a
 * rollback-journal writer (another program) from committing meanwhile.
 *
 * Otherwise SQLite must read the -wal, and may create the -shm (or an
 * empty -wal) to do so. *@had_wal and *@had_shm tell the caller what was
 * there before, so that a refusal can remove only what the check created;
 * a -wal without a -shm means nobody has the file open, so a -shm made
 * here is nobody else's. */
sqlite3 *
_kd_store_open_look (const char  *path,
                     int         *lock_fd,
                     gboolean    *had_wal,
                     gboolean    *had_shm,
                     GError     **error)
{
  g_autofree char *wal = sidecar (path, "-wal");
  g_autofree char *shm = sidecar (path, "-shm");
  g_autofree char *uri = NULL;
  sqlite3 *db = NULL;
  int rc;

  *lock_fd = -1;
  *had_wal = g_file_test (wal, G_FILE_TEST_EXISTS);
  *had_shm = g_file_test (shm, G_FILE_TEST_EXISTS);

  if (!*had_wal && !*had_shm)
    {
      GError *lock_error = NULL;

      *lock_fd = lock_shared (path, &lock_error);
      if (lock_error != NULL)
        {
          g_propagate_error (error, lock_error);
          return NULL;
        }
      uri = file_uri (path, "mode=ro&immutable=1");
    }
  else
    uri = file_uri (path, "mode=ro");

  _kd_store_init_sqlite ();

  rc = sqlite3_open_v2 (uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
  if (rc != SQLITE_OK)
    {
      g_autofree char *name = g_filename_display_name (path);

      g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_CANT_OPEN,
                   _("Cannot open “%s”: %s"), name, sqlite3_errstr (rc));
      sqlite3_close (db);
      if (*lock_fd >= 0)
        close (*lock_fd);
      *lock_fd = -1;
      return NULL;
    }
  sqlite3_extended_result_codes (db, 1);
  sqlite3_busy_timeout (db, KD_STORE_BUSY_TIMEOUT_MS);
  return db;
}

void
_kd_store_close_look (sqlite3 *db,
                      int      lock_fd)
{
  sqlite3_close (db);
  if (lock_fd >= 0)
    close (lock_fd);
}

/* Removes the -wal/-shm that a refused check made, and only those. */
static void
remove_new_sidecars (const char *path,
                     gboolean    had_wal,
                     gboolean    had_shm)
{
  g_autofree char *wal = sidecar (path, "-wal");
  g_autofree char *shm = sidecar (path, "-shm");
  GStatBuf st;

  if (!had_wal && !had_shm)
    return;  /* read as immutable: nothing was made */
  if (!had_wal && g_stat (wal, &st) == 0 && st.st_size == 0)
    g_unlink (wal);
  if (!had_shm && !_kd_store_shm_in_use (shm))
    g_unlink (shm);
}

/* Looks at an existing file without writing to it. Only when everything is
 * in order is it opened for writing; any refusal leaves it, and its folder,
 * exactly as they were. */
gboolean
_kd_store_check_file (const char        *path,
                      KdStoreOpenFlags   flags,
                      GError           **error)
{
  static const char header[16] = "SQLite format 3";
  g_autofree char *name = g_filename_display_name (path);
  guchar buf[100] = { 0 };
  gsize got = 0;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;
  gboolean had_wal = FALSE, had_shm = FALSE;
  int lock_fd = -1;
  int rc;
  int version;
  int app_id;
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    {
      int saved = errno;
      g_set_error (error, KD_STORE_ERROR,
                   saved == ENOENT ? KD_STORE_ERROR_NOT_FOUND : KD_STORE_ERROR_CANT_OPEN,
                   _("Cannot read “%s”: %s"), name, g_strerror (saved));
      return FALSE;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_CANT_OPEN,
                   _("“%s” is not a regular file."), name);
      return FALSE;
    }
  if (st.st_size == 0)
    {
      g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_NOT_DATABASE,
                   _("“%s” is empty: it is not a Kefu Desk database. It was left untouched."), name);
      return FALSE;
    }
  if (!(flags & KD_STORE_OPEN_READ_ONLY) && !check_writable (path, error))
    return FALSE;

  if (!read_prefix (path, buf, sizeof buf, &got))
    {
      int saved = errno;
      g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_CANT_OPEN,
                   _("Cannot read “%s”: %s"), name, g_strerror (saved));
      return FALSE;
    }
  if (got < sizeof header || memcmp (buf, header, sizeof header) != 0)
    {
      g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_NOT_DATABASE,
                   _("“%s” is not a Kefu Desk database (it is not an SQLite file). It was left untouched."),
                   name);
      return FALSE;
    }

  if (!check_wal (path, buf, got, error))
    return FALSE;

  db = _kd_store_open_look (path, &lock_fd, &had_wal, &had_shm, error);
  if (db == NULL)
    goto out;

  rc = sqlite3_prepare_v2 (db, "PRAGMA quick_check", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          const char *row = (const char *) sqlite3_column_text (stmt, 0);
          if (g_strcmp0 (row, "ok") != 0)
            {
              rc = SQLITE_CORRUPT;
              break;
            }
        }
    }
  if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
    {
      set_busy_error (path, error);
      goto out;
    }
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_CORRUPT,
                   _("“%s” is damaged (the integrity check failed). It was left untouched; "
                     "restore it from a backup."), name);
      goto out;
    }

  version = pragma_int (db, "PRAGMA user_version");
  app_id = pragma_int (db, "PRAGMA application_id");
  if (app_id != KD_APPLICATION_ID &&
      (app_id != 0 || version != 0 || pragma_int (db, "SELECT count(*) FROM sqlite_schema") > 0))
    {
      g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_NOT_DATABASE,
                   _("“%s” is an SQLite database of another program, not a Kefu Desk database. "
                     "It was left untouched."), name);
      goto out;
    }
  if (version > kd_store_get_latest_version ())
    {
      g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_TOO_NEW,
                   _("“%s” was written by a newer Kefu Desk (schema %d; this version knows up to %d). "
                     "It was left untouched; update Kefu Desk to open it."),
                   name, version, kd_store_get_latest_version ());
      goto out;
    }

  ok = TRUE;

out:
  sqlite3_finalize (stmt);
  if (db != NULL)
    _kd_store_close_look (db, lock_fd);
  if (!ok)
    remove_new_sidecars (path, had_wal, had_shm);
  return ok;
}

static gboolean
apply_migration (sqlite3          *db,
                 const Migration  *m,
                 gboolean          own_transaction,
                 GError          **error)
{
  g_autofree char *path = g_strdup_printf ("%s/%s", MIGRATIONS_PATH, m->name);
  g_autofree char *set_version = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize len;

  bytes = g_resource_lookup_data (store_resource (), path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return FALSE;
  sql = g_strndup (g_bytes_get_data (bytes, &len), g_bytes_get_size (bytes));

  if (own_transaction && !db_exec (db, "BEGIN IMMEDIATE", error))
    return FALSE;

  set_version = g_strdup_printf ("PRAGMA user_version = %d", m->number);
  if (!db_exec (db, sql, &local_error) || !db_exec (db, set_version, &local_error))
    {
      if (own_transaction)
        db_exec (db, "ROLLBACK", NULL);
      g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_FAILED,
                   _("Updating the database to schema %d (%s) failed: %s"),
                   m->number, m->name, local_error->message);
      return FALSE;
    }

  if (own_transaction && !db_exec (db, "COMMIT", error))
    {
      db_exec (db, "ROLLBACK", NULL);
      return FALSE;
    }

  return TRUE;
}

static gboolean
migrate (sqlite3  *db,
         gboolean  own_transactions,
         int      *schema_version,
         GError  **error)
{
  g_autoptr(GArray) migrations = list_migrations ();

  *schema_version = pragma_int (db, "PRAGMA user_version");

  for (guint i = 0; i < migrations->len; i++)
    {
      const Migration *m = &g_array_index (migrations, Migration, i);

      if (m->number <= *schema_version)
        continue;
      if (!apply_migration (db, m, own_transactions, error))
        return FALSE;
      *schema_version = m->number;
    }
  return TRUE;
}

gboolean
_kd_store_migrate (sqlite3  *db,
                   int      *schema_version,
                   GError  **error)
{
  return migrate (db, TRUE, schema_version, error);
}

gboolean
_kd_store_migrate_within (sqlite3  *db,
                          int      *schema_version,
                          GError  **error)
{
  return migrate (db, FALSE, schema_version, error);
}

/* Moves the complete file @tmp to the new name @dest, never replacing a
 * file: the name is claimed with O_CREAT | O_EXCL, then @tmp is renamed
 * over the empty claim. Unlike link(), this works on FAT and exFAT, which
 * have no hard links. */
gboolean
_kd_store_move_into_place (const char  *tmp,
                           const char  *dest,
                           GError     **error)
{
  int fd = g_open (dest, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      int saved = errno;
      g_autofree char *name = g_filename_display_name (dest);

      if (saved == EEXIST)
        g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_EXISTS,
                     _("“%s” already exists; choose another file name."), name);
      else
        g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_FAILED,
                     _("Cannot create “%s”: %s"), name, g_strerror (saved));
      return FALSE;
    }
  close (fd);
  if (g_rename (tmp, dest) != 0)
    {
      int saved = errno;
      g_autofree char *name = g_filename_display_name (dest);

      g_unlink (dest);
      g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_FAILED,
                   _("Cannot create “%s”: %s"), name, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

/* Removes a temporary database and whatever SQLite made beside it. */
void
_kd_store_remove_with_sidecars (const char *path)
{
  const char *suffixes[] = { "-wal", "-shm", "-journal", "" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      g_unlink (file);
    }
}

#define KD_STORE_PAGE_SIZE 16384

/* A new database is built beside @path under a temporary name and moved
 * into place complete, so a crash never leaves an empty or half-made file
 * where the database should be. */
gboolean
_kd_store_create_file (const char  *path,
                       GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *tmpl = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  sqlite3 *db = NULL;
  gboolean ok = FALSE;
  int version;
  int fd;
  int rc;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_autofree char *name = g_filename_display_name (dir);
      g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_CANT_OPEN,
                   _("Cannot create the folder “%s”: %s"), name, g_strerror (saved));
      return FALSE;
    }

  fd = g_mkstemp_full (tmpl, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;
      g_autofree char *name = g_filename_display_name (path);
      if (saved == EACCES || saved == EROFS || saved == EPERM)
        return set_read_only_error (path, saved, TRUE, error);
      g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_CANT_OPEN,
                   _("Cannot create “%s”: %s"), name, g_strerror (saved));
      return FALSE;
    }
  close (fd);

  _kd_store_init_sqlite ();

  rc = sqlite3_open_v2 (tmpl, &db, SQLITE_OPEN_READWRITE, NULL);
  if (rc != SQLITE_OK)
    {
      g_autofree char *name = g_filename_display_name (path);
      g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_CANT_OPEN,
                   _("Cannot create “%s”: %s"), name, sqlite3_errstr (rc));
      goto out;
    }
  sqlite3_busy_timeout (db, KD_STORE_BUSY_TIMEOUT_MS);
  /* Pages of 16 KiB instead of SQLite's 4: a commit writes a quarter as
   * many WAL frames (an import of 100 000 orders wrote 17 000 of 4 KiB, two
   * writes each) and every b-tree is a level shallower; the page cache is
   * sized in KiB, so it holds as much. Only a new file: the size of an
   * existing one stays (in WAL mode it could only change by VACUUM). */
  if (!db_exec (db, "PRAGMA page_size = " G_STRINGIFY (KD_STORE_PAGE_SIZE), error) ||
      !_kd_store_migrate (db, &version, error))
    goto out;
  sqlite3_close (db);
  db = NULL;
  ok = _kd_store_move_into_place (tmpl, path, error);

out:
  sqlite3_close (db);
  if (!ok)
    _kd_store_remove_with_sidecars (tmpl);
  return ok;
}
