/* kd-demo.c: fills a database with the demo shop "小满家居旗舰店" and its team. */
#include "kd-demo.h"
#include "kd-clock.h"
#include "kd-customer-repo.h"
#include "kd-order-repo.h"
#include "kd-handover-repo.h"
#include "kd-leave-repo.h"
#include "kd-phrase-repo.h"
#include "kd-roster-repo.h"
#include "kd-staff-repo.h"
#include "kd-store-private.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <unistd.h>

typedef struct {
  const char *job_number;
  const char *name;
  KdRole      role;
  const char *phone;
  gboolean    active;
} DemoStaff;

/* Invented people and numbers; 1xx-0000-xxxx style numbers are not issued. */
static const DemoStaff demo_staff[] = {
  { "1",  "王丽娟", KD_ROLE_OWNER,          "13900001001", TRUE },
  { "2",  "陈静",   KD_ROLE_SUPERVISOR,     "13900001002", TRUE },
  { "3",  "林晓",   KD_ROLE_PRESALE,        "13800003003", TRUE },
  { "5",  "张雨婷", KD_ROLE_PRESALE,        "13800003005", TRUE },
  { "6",  "刘佳怡", KD_ROLE_PRESALE,        "15000003006", TRUE },
  { "7",  "黄思远", KD_ROLE_AFTERSALE,      "15000003007", TRUE },
  { "8",  "赵敏",   KD_ROLE_AFTERSALE,      "18600003008", TRUE },
  { "9",  "周文博", KD_ROLE_ORDER_TRACKING, "18600003009", TRUE },
  { "10", "吴倩",   KD_ROLE_COMPLAINTS,     "17700003010", TRUE },
  { "11", "孙浩然", KD_ROLE_PRESALE,        "17700003011", TRUE },
  { "12", "郑可欣", KD_ROLE_AFTERSALE,      "13300003012", TRUE },
  { "13", "马俊",   KD_ROLE_ORDER_TRACKING, "13300003013", TRUE },
  { "4",  "何晓峰", KD_ROLE_PRESALE,        "13100003004", FALSE },
};

static gboolean
populate_txn (KdConn   *conn,
              gpointer  data,
              GError  **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (demo_staff); i++)
    {
      const DemoStaff *d = &demo_staff[i];
      g_autoptr(KdStaff) staff = kd_staff_new (d->job_number, d->name, d->role, d->phone);

      kd_staff_set_active (staff, d->active);
      if (!kd_staff_repo_insert (conn, staff, error))
        return FALSE;
    }

  /* Leave first: the demo rosters are solved around the approved days. */
  if (!kd_leave_repo_add_demo (conn, error) ||
      !kd_roster_repo_add_demo (conn, error))
    return FALSE;
  /* The starter library came with the new file; the demo team has used it. */
  if (!kd_phrase_repo_add_demo_usage (conn, kd_clock_now_unix (NULL), error))
    return FALSE;
  if (!kd_customer_repo_add_demo (conn, kd_clock_now_unix (NULL), error) ||
      !kd_order_repo_add_demo (conn, kd_clock_now_unix (NULL), error))
    return FALSE;
  /* After the orders and customers: each handover names real ones. */
  if (!kd_handover_repo_add_demo (conn, kd_clock_now_unix (NULL), error))
    return FALSE;
  /* So that a new user sees an unpaid-order alert a few minutes after
   * opening the demo at any hour, not only during a shift. */
  if (!kd_conn_set_setting (conn, "unpaid.alert-any-hour", "1", error))
    return FALSE;
  return kd_conn_set_setting (conn, "shop.name", "小满家居旗舰店", error);
}

gboolean
kd_demo_populate (KdConn   *conn,
                  GError  **error)
{
  return kd_conn_transaction (conn, populate_txn, NULL, error);
}

/* Builds the demo beside @path and links it into place, so an existing file
 * is never overwritten and a failure leaves nothing behind. */
gboolean
kd_demo_write (const char  *path,
               GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  char *tmp_dir;  /* points into tmpl */
  g_autofree char *tmp_path = NULL;
  g_autofree char *tmpl = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  gboolean ok = FALSE;

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *name = g_filename_display_name (path);
      g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_EXISTS,
                   _("“%s” already exists; the demo is only written to a new file."), name);
      return FALSE;
    }

  tmp_dir = g_mkdtemp_full (tmpl, 0700);
  if (tmp_dir == NULL)
    {
      int saved = errno;
      g_autofree char *name = g_filename_display_name (dir);
      g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_CANT_OPEN,
                   _("Cannot write in “%s”: %s"), name, g_strerror (saved));
      return FALSE;
    }
  tmp_path = g_build_filename (tmp_dir, "demo.db", NULL);

  {
    g_autoptr(KdStore) store = kd_store_open_full (tmp_path, KD_STORE_OPEN_CREATE, error);
    if (store == NULL || !kd_store_write (store, populate_txn, NULL, error))
      goto out;
    kd_store_close (store);
    /* Closing the store checkpoints the WAL into the main file. */
  }

  /* Never replacing a file, and without link(), which FAT lacks. */
  ok = _kd_store_move_into_place (tmp_path, path, error);

out:
  {
    g_autofree char *wal = g_strconcat (tmp_path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (tmp_path, "-shm", NULL);
    g_unlink (wal);
    g_unlink (shm);
    g_unlink (tmp_path);
    g_rmdir (tmp_dir);
  }
  return ok;
}

/* A fresh demo database in a new private temporary folder, never the
 * user's own database. Returns its path. */
char *
kd_demo_create_temp (GError **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;

  dir = g_dir_make_tmp ("kefu-desk-demo-XXXXXX", NULL);
  if (dir == NULL)
    {
      g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_CANT_OPEN,
                   _("Cannot create a temporary folder for the demo."));
      return NULL;
    }
  path = g_build_filename (dir, "kefu-desk-demo.db", NULL);
  if (!kd_demo_write (path, error))
    return NULL;
  return g_steal_pointer (&path);
}
