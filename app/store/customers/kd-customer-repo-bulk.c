/* kd-customer-repo-bulk.c: the customer repository's work on many rows at once: audit rows moved by a merge, the CLI's search and export walk, the CSV import's merge by nickname. */
#include "config.h"

#include "kd-customer-repo-private.h"
#include "kd-search.h"
#include "kd-search-keys.h"
#include "kd-error.h"
#include "kd-text.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* ---------------------------------------------------------------- audit rows */

gboolean
kd_customer_repo_move_audit (KdConn      *conn,
                             gint64       from_id,
                             gint64       to_id,
                             GArray     **out_rows,
                             GPtrArray  **out_old,
                             GError     **error)
{
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) old = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) fresh = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *from = g_strdup_printf ("%" G_GINT64_FORMAT, from_id);
  g_autofree char *to = g_strdup_printf ("%" G_GINT64_FORMAT, to_id);
  g_autofree char *pattern = g_strdup_printf ("*%s*", from);
  sqlite3_stmt *stmt;
  int rc;

  stmt = kd_conn_prepare (conn, "SELECT id, record_ids FROM audit_log WHERE entity = 'customer' "
                                "AND record_ids GLOB ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, pattern, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_auto(GStrv) parts = g_strsplit (kd_stmt_text (stmt, 1), ",", -1);
      gboolean hit = FALSE, have_to = FALSE;
      g_autoptr(GString) out = g_string_new (NULL);
      gint64 id = sqlite3_column_int64 (stmt, 0);

      for (guint i = 0; parts[i] != NULL; i++)
        {
          hit |= g_str_equal (parts[i], from);
          have_to |= g_str_equal (parts[i], to);
        }
      if (!hit)
        continue;
      for (guint i = 0; parts[i] != NULL; i++)
        {
          const char *part = g_str_equal (parts[i], from) ? to : parts[i];

          if (g_str_equal (parts[i], from) && have_to)
            continue;  /* the kept customer is named already */
          if (out->len > 0)
            g_string_append_c (out, ',');
          g_string_append (out, part);
          if (g_str_equal (part, to))
            have_to = TRUE;
        }
      g_array_append_val (rows, id);
      g_ptr_array_add (old, g_strdup (kd_stmt_text (stmt, 1)));
      g_ptr_array_add (fresh, g_string_free (g_steal_pointer (&out), FALSE));
    }
  if (!kd_conn_rows_done (conn, stmt, rc, "audit log", error))
    return FALSE;
  if (!kd_customer_repo_restore_audit (conn, rows, fresh, error))
    return FALSE;
  *out_rows = g_steal_pointer (&rows);
  *out_old = g_steal_pointer (&old);
  return TRUE;
}

gboolean
kd_customer_repo_restore_audit (KdConn     *conn,
                                GArray     *rows,
                                GPtrArray  *old,
                                GError    **error)
{
  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      sqlite3_stmt *stmt = kd_conn_prepare (conn, "UPDATE audit_log SET record_ids = ? WHERE id = ?", error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, g_ptr_array_index (old, i), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, g_array_index (rows, gint64, i));
      if (!kd_conn_step_done (conn, stmt, error))
        return FALSE;
    }
  if (rows != NULL && rows->len > 0)
    kd_conn_note_changed (conn, "audit_log", 0);
  return TRUE;
}

/* ---------------------------------------------------------------- lists */

GArray *
kd_customer_repo_search_ids (KdConn        *conn,
                             const char    *query,
                             const gint64  *tag_ids,
                             guint          n_tags,
                             gboolean       any,
                             guint          limit,
                             GError       **error)
{
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  g_autoptr(GString) sql = g_string_new ("SELECT id FROM customers");
  g_autofree char *search = NULL;
  g_autofree char *rank = NULL;
  g_autofree char *tags = NULL;
  gboolean where = FALSE;
  sqlite3_stmt *stmt;

  /* As the list's model does it (build_sql in kd-query-model.c). */
  if (query != NULL && *query != '\0')
    search = n_tags > 0 ? kd_search_build_clause_keyed (KD_CUSTOMER_SEARCH_DOMAIN, "id", query, tag_ids, n_tags, any, params)
                        : _kd_customer_repo_customer_build_search (query, params);
  if (search == NULL && n_tags > 0)
    {
      g_autoptr(GVariant) v = g_variant_ref_sink (kd_customer_repo_tag_filter_value (tag_ids, n_tags, any));
      tags = _kd_customer_repo_build_tag_filter (v, FALSE, params);
      g_string_append_printf (sql, " WHERE (%s)", tags);
      where = TRUE;
    }
  if (search != NULL)
    {
      g_string_append_printf (sql, " %s (%s)", where ? "AND" : "WHERE", search);
      rank = _kd_customer_repo_customer_build_rank (query, params);
    }
  g_string_append (sql, " ORDER BY ");
  if (rank != NULL)
    g_string_append_printf (sql, "%s, ", rank);
  g_string_append (sql, "nickname_sort, id");
  if (limit > 0)
    g_string_append_printf (sql, " LIMIT %u", limit);

  stmt = kd_conn_prepare (conn, sql->str, error);
  if (stmt == NULL)
    return NULL;
  for (guint i = 0; i < params->len; i++)
    kd_stmt_bind_variant (stmt, (int) i + 1, g_ptr_array_index (params, i));
  return _kd_customer_repo_collect_ids (conn, stmt, error);
}

gboolean
kd_customer_repo_foreach (KdConn         *conn,
                          GArray         *ids,
                          KdCustomerFunc  func,
                          gpointer        user_data,
                          GError        **error)
{
  g_autoptr(GArray) all = NULL;

  if (ids == NULL)
    {
      sqlite3_stmt *stmt = kd_conn_prepare (conn, "SELECT id FROM customers ORDER BY nickname_sort, id", error);

      if (stmt == NULL || (all = _kd_customer_repo_collect_ids (conn, stmt, error)) == NULL)
        return FALSE;
      ids = all;
    }
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(GError) local = NULL;
      g_autoptr(KdCustomer) c = kd_customer_repo_load (conn, g_array_index (ids, gint64, i), &local);

      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      if (c != NULL && !func (c, user_data, error))
        return FALSE;
    }
  return TRUE;
}

/* ---------------------------------------------------------------- import */

static gboolean
import_records (KdConn      *conn,
                GPtrArray   *records,
                const char  *display_name,
                gint64       now,
                guint       *out_added,
                guint       *out_updated,
                guint       *out_tags_added,
                GError     **error)
{
  g_autoptr(GHashTable) tag_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  guint added = 0, updated = 0, tags_added = 0;
  int next_colour = 0;

  for (guint r = 0; r < records->len; r++)
    {
      KdCustomerRecord *rec = g_ptr_array_index (records, r);
      KdCustomer *in = rec->customer;
      g_autoptr(KdCustomer) c = NULL;
      g_autoptr(GError) local = NULL;
      gint64 owner_id = 0;

#define HAS(col) ((rec->present & (1u << (col))) != 0)
      if (HAS (KD_CUSTOMER_COL_OWNER))
        {
          sqlite3_stmt *stmt = kd_conn_prepare (conn, "SELECT id FROM staff WHERE job_number = ? COLLATE NOCASE", error);
          int rc;

          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_text (stmt, 1, rec->owner_job_number, -1, SQLITE_TRANSIENT);
          rc = sqlite3_step (stmt);
          owner_id = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
          sqlite3_reset (stmt);
          if (rc == SQLITE_DONE)
            {
              g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_INVALID,
                           _("%s:%zu: owner: no staff member has the job number “%s”"),
                           display_name, rec->line, rec->owner_job_number);
              return FALSE;
            }
          if (rc != SQLITE_ROW)
            {
              kd_conn_set_error (conn, error, rc, "staff");
              return FALSE;
            }
        }

      c = kd_customer_repo_find_nickname (conn, in->nickname, 0, &local);
      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      if (c == NULL)
        {
          c = kd_customer_copy (in);
          c->id = 0;
          g_array_set_size (c->tag_ids, 0);
          added++;
        }
      else
        {
          if (HAS (KD_CUSTOMER_COL_REAL_NAME)) kd_customer_set_text (&c->real_name, in->real_name);
          if (HAS (KD_CUSTOMER_COL_PHONES))
            for (guint i = 0; i < in->phones->len; i++)
              {
                const char *v = g_array_index (in->phones, KdContact, i).value;
                gboolean seen = FALSE;
                for (guint j = 0; j < c->phones->len && !seen; j++)
                  seen = g_str_equal (g_array_index (c->phones, KdContact, j).value, v);
                if (!seen)
                  kd_customer_add_contact (c->phones, v, FALSE);
              }
          if (HAS (KD_CUSTOMER_COL_ADDRESSES))
            for (guint i = 0; i < in->addresses->len; i++)
              {
                const char *v = g_array_index (in->addresses, KdContact, i).value;
                gboolean seen = FALSE;
                for (guint j = 0; j < c->addresses->len && !seen; j++)
                  seen = g_str_equal (g_array_index (c->addresses, KdContact, j).value, v);
                if (!seen)
                  kd_customer_add_contact (c->addresses, v, FALSE);
              }
          if (HAS (KD_CUSTOMER_COL_GENDER)) c->gender = in->gender;
          if (HAS (KD_CUSTOMER_COL_BIRTHDAY)) kd_customer_set_text (&c->birthday, in->birthday);
          if (HAS (KD_CUSTOMER_COL_VIP)) c->vip = in->vip;
          if (HAS (KD_CUSTOMER_COL_FIRST_CONTACT)) kd_customer_set_text (&c->first_contact, in->first_contact);
          if (HAS (KD_CUSTOMER_COL_HEIGHT)) c->height_cm = in->height_cm;
          if (HAS (KD_CUSTOMER_COL_WEIGHT)) c->weight_kg = in->weight_kg;
          if (HAS (KD_CUSTOMER_COL_USUAL_SIZE)) kd_customer_set_text (&c->usual_size, in->usual_size);
          if (HAS (KD_CUSTOMER_COL_FIT_NOTES)) kd_customer_set_text (&c->fit_notes, in->fit_notes);
          if (HAS (KD_CUSTOMER_COL_COMM_STYLE)) c->comm_style = in->comm_style;
          if (HAS (KD_CUSTOMER_COL_BUYING_TYPE)) c->buying_type = in->buying_type;
          if (HAS (KD_CUSTOMER_COL_BLACKLISTED)) c->blacklisted = in->blacklisted;
          if (HAS (KD_CUSTOMER_COL_BLACKLIST_REASON)) kd_customer_set_text (&c->blacklist_reason, in->blacklist_reason);
          if (HAS (KD_CUSTOMER_COL_NOTES)) kd_customer_set_text (&c->notes, in->notes);
          updated++;
        }
      if (HAS (KD_CUSTOMER_COL_OWNER))
        c->owner_id = owner_id;
      if (c->blacklisted && c->blacklisted_at == 0)
        c->blacklisted_at = now;

      for (guint t = 0; rec->tags != NULL && rec->tags[t] != NULL; t++)
        {
          g_autofree char *key = g_utf8_casefold (rec->tags[t], -1);
          gint64 *id = g_hash_table_lookup (tag_ids, key);

          if (id == NULL)
            {
              g_autoptr(KdTag) tag = kd_customer_repo_find_tag (conn, 0, rec->tags[t], &local);

              if (local != NULL)
                {
                  g_propagate_error (error, g_steal_pointer (&local));
                  return FALSE;
                }
              if (tag == NULL)
                {
                  tag = kd_tag_new (rec->tags[t], next_colour);
                  next_colour = (next_colour + 1) % KD_TAG_N_COLOURS;
                  if (!kd_customer_repo_write_tag (conn, tag, error))
                    return FALSE;
                  tags_added++;
                }
              id = g_new (gint64, 1);
              *id = kd_tag_get_id (tag);
              g_hash_table_insert (tag_ids, g_steal_pointer (&key), id);
            }
          if (!kd_customer_has_tag (c, *id))
            g_array_append_val (c->tag_ids, *id);
        }
#undef HAS
      if (!kd_customer_repo_write (conn, c, now, &local))
        {
          g_set_error (error, local->domain, local->code, "%s:%zu: %s", display_name, rec->line, local->message);
          return FALSE;
        }
    }
  *out_added = added;
  *out_updated = updated;
  *out_tags_added = tags_added;
  return TRUE;
}

/* One transaction (the caller's job). The search rows, tags' keys
 * included, wait in the search batch and are indexed by one statement at
 * the end: indexing each customer's row by a statement of its own made
 * FTS5 write its pending terms out after every one (10 000 customers:
 * 3.9 s). The pages the import touches stay in memory meanwhile. */
gboolean
kd_customer_repo_import (KdConn      *conn,
                         GPtrArray   *records,
                         const char  *display_name,
                         gint64       now,
                         guint       *out_added,
                         guint       *out_updated,
                         guint       *out_tags_added,
                         GError     **error)
{
  gboolean ok;

  ok = kd_conn_begin_bulk (conn, 65536, error) &&
       kd_search_batch_begin (conn, error) &&
       import_records (conn, records, display_name, now, out_added, out_updated, out_tags_added, error) &&
       kd_search_batch_end (conn, error);
  kd_conn_end_bulk (conn);
  return ok;
}
