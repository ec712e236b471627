/* kd-bench-roster-export.c: filling a 60-staff month, and the per-cell-query CSV baseline. */
#include "kd-bench-roster-export.h"
#include "kd-roster-repo.h"
#include "kd-staff-repo.h"
#include "kd-store-private.h"

#include <stdio.h>

typedef struct {
  int     year;
  int     month;
  int     n_staff;
  guint32 seed;
  const char *path;
} Job;

static gboolean
fill_job (KdConn   *conn,
          gpointer  data,
          GError  **error)
{
  Job *j = data;
  g_autoptr(GPtrArray) templates = kd_roster_repo_list_templates (conn, error);
  g_autoptr(GRand) rand = g_rand_new_with_seed (j->seed);
  int n_days = g_date_get_days_in_month (j->month, j->year);

  if (templates == NULL)
    return FALSE;
  for (int p = 0; p < j->n_staff; p++)
    {
      g_autofree char *job_no = g_strdup_printf ("%d", 101 + p);
      g_autofree char *name = g_strdup_printf ("客服%02d", p + 1);
      g_autoptr(KdStaff) s = kd_staff_new (job_no, name, KD_ROLE_PRESALE, "");

      if (!kd_staff_repo_insert (conn, s, error))
        return FALSE;
      for (int d = 1; d <= n_days; d++)
        {
          char day[11];
          int v = g_rand_int_range (rand, -1, templates->len);
          gint64 shift = v < 0 ? 0 : ((KdShiftTemplate *) g_ptr_array_index (templates, v))->id;

          g_snprintf (day, sizeof day, "%04d-%02d-%02d", j->year, j->month, d);
          if (!kd_roster_repo_set_assignment (conn, kd_staff_get_id (s), day, shift, FALSE, error))
            return FALSE;
          if (p % 5 == 0 && (d == 10 || d == 11) && !kd_roster_repo_add_leave (conn, kd_staff_get_id (s), day, "年假", error))
            return FALSE;
        }
    }
  return TRUE;
}

gboolean
kd_bench_roster_fill (KdStore  *store,
                      int       year,
                      int       month,
                      int       n_staff,
                      guint32   seed,
                      GError  **error)
{
  Job j = { year, month, n_staff, seed, NULL };
  return kd_store_write (store, fill_job, &j, error);
}

static char *
one_text (sqlite3    *db,
          const char *sql,
          gint64      staff_id,
          const char *day)
{
  sqlite3_stmt *stmt = NULL;
  char *out = NULL;

  sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  sqlite3_bind_int64 (stmt, 1, staff_id);
  sqlite3_bind_text (stmt, 2, day, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
    out = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return out;
}

static gboolean
naive_job (KdConn   *conn,
           gpointer  data,
           GError  **error)
{
  Job *j = data;
  sqlite3 *db = kd_conn_get_db (conn);
  sqlite3_stmt *people = NULL;
  int n_days = g_date_get_days_in_month (j->month, j->year);
  FILE *out = fopen (j->path, "wb");

  if (out == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot write %s", j->path);
      return FALSE;
    }
  fputs ("\xEF\xBB\xBF工号,姓名", out);
  for (int d = 1; d <= n_days; d++)
    fprintf (out, ",%04d-%02d-%02d", j->year, j->month, d);
  fputs ("\r\n", out);
  sqlite3_prepare_v2 (db, "SELECT id, job_number, name FROM staff WHERE active = 1 AND role <> 'owner' "
                          "ORDER BY job_number_key", -1, &people, NULL);
  while (sqlite3_step (people) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (people, 0);

      fprintf (out, "%s,%s", sqlite3_column_text (people, 1), sqlite3_column_text (people, 2));
      for (int d = 1; d <= n_days; d++)
        {
          char day[11];
          g_autofree char *leave = NULL;
          g_autofree char *code = NULL;

          g_snprintf (day, sizeof day, "%04d-%02d-%02d", j->year, j->month, d);
          leave = one_text (db, "SELECT reason FROM leave_days WHERE staff_id = ?1 AND day = ?2", id, day);
          if (leave == NULL)
            code = one_text (db, "SELECT t.code FROM roster_assignments a JOIN shift_templates t ON t.id = a.shift_id "
                                 "WHERE a.staff_id = ?1 AND a.day = ?2", id, day);
          fprintf (out, ",%s", leave ? "年" : code ? code : "");
        }
      fputs ("\r\n", out);
    }
  sqlite3_finalize (people);
  fclose (out);
  return TRUE;
}

gboolean
kd_bench_roster_naive_csv (KdStore     *store,
                           int          year,
                           int          month,
                           const char  *path,
                           GError     **error)
{
  Job j = { year, month, 0, 0, path };
  return kd_store_read (store, naive_job, &j, error);
}
