/* kd-customer-repo.c: reading and writing customer profiles and contacts, with their search rows and sort keys; the list's query, tags and the bulk work in kd-customer-repo-{query,tags,bulk}.c. */
#include "config.h"

#include "kd-customer-repo.h"
#include "kd-customer-repo-private.h"
#include "kd-search.h"
#include "kd-search-keys.h"
#include "kd-error.h"
#include "kd-text.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* ---------------------------------------------------------------- helpers */

GArray *
_kd_customer_repo_collect_ids (KdConn        *conn,
             sqlite3_stmt  *stmt,
             GError       **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  if (!kd_conn_rows_done (conn, stmt, rc, "customers", error))
    return NULL;
  return g_steal_pointer (&ids);
}

/* A key that sorts Chinese by pinyin and everything else by its folded
 * text, the same in every locale. */
static char *
sort_key (const char *text)
{
  g_autofree char *folded = kd_search_fold (text);
  g_autofree char *pinyin = kd_search_pinyin (folded, NULL);

  return g_strdup_printf ("%s\x1f%s", pinyin, folded);
}

/* Width and case folded, Traditional and Simplified kept apart: 小魚兒
 * and 小鱼儿 are two Taobao accounts, ＬＵＣＹ and lucy one. */
char *
_kd_customer_repo_nickname_key (const char *nickname)
{
  g_autofree char *stripped = g_strstrip (g_strdup (nickname));
  return kd_text_normalize (stripped);
}

void
_kd_customer_repo_ids_from_text (GArray     *ids,
               const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text ? text : "", ",", -1);

  g_array_set_size (ids, 0);
  for (guint i = 0; parts[i] != NULL; i++)
    if (*parts[i] != '\0')
      {
        gint64 id = g_ascii_strtoll (parts[i], NULL, 10);
        g_array_append_val (ids, id);
      }
}

/* ---------------------------------------------------------------- one profile */

#define FULL_SELECT "SELECT c.id, c.nickname, c.real_name, c.gender, c.birthday, c.vip, c.first_contact, " \
                    "c.owner_id, (SELECT name FROM staff WHERE id = c.owner_id), c.notes, c.height_cm, c.weight_kg, " \
                    "c.usual_size, c.fit_notes, c.comm_style, c.buying_type, c.blacklisted, c.blacklist_reason, " \
                    "c.blacklisted_by, (SELECT name FROM staff WHERE id = c.blacklisted_by), c.blacklisted_at, " \
                    "c.tags_sort, c.order_count, c.total_paid, c.last_order_at, c.created_at, c.updated_at " \
                    "FROM customers c "

static KdCustomer *
full_row (sqlite3_stmt *stmt)
{
  KdCustomer *c = kd_customer_new (kd_stmt_text (stmt, 1));

  c->id = sqlite3_column_int64 (stmt, 0);
  kd_customer_set_text (&c->real_name, kd_stmt_text (stmt, 2));
  c->gender = (KdGender) sqlite3_column_int (stmt, 3);
  kd_customer_set_text (&c->birthday, kd_stmt_text (stmt, 4));
  c->vip = sqlite3_column_int (stmt, 5);
  kd_customer_set_text (&c->first_contact, kd_stmt_text (stmt, 6));
  c->owner_id = sqlite3_column_int64 (stmt, 7);
  kd_customer_set_text (&c->owner_name, kd_stmt_text (stmt, 8));
  kd_customer_set_text (&c->notes, kd_stmt_text (stmt, 9));
  c->height_cm = sqlite3_column_int (stmt, 10);
  c->weight_kg = sqlite3_column_int (stmt, 11);
  kd_customer_set_text (&c->usual_size, kd_stmt_text (stmt, 12));
  kd_customer_set_text (&c->fit_notes, kd_stmt_text (stmt, 13));
  c->comm_style = (KdCommStyle) sqlite3_column_int (stmt, 14);
  c->buying_type = (KdBuyingType) sqlite3_column_int (stmt, 15);
  c->blacklisted = sqlite3_column_int (stmt, 16);
  kd_customer_set_text (&c->blacklist_reason, kd_stmt_text (stmt, 17));
  c->blacklisted_by = sqlite3_column_int64 (stmt, 18);
  kd_customer_set_text (&c->blacklisted_by_name, kd_stmt_text (stmt, 19));
  c->blacklisted_at = sqlite3_column_int64 (stmt, 20);
  kd_customer_set_text (&c->tag_names, kd_stmt_text (stmt, 21));
  c->order_count = sqlite3_column_int (stmt, 22);
  c->total_paid = sqlite3_column_int64 (stmt, 23);
  c->last_order_at = sqlite3_column_int64 (stmt, 24);
  c->created_at = sqlite3_column_int64 (stmt, 25);
  c->updated_at = sqlite3_column_int64 (stmt, 26);
  return c;
}

static gboolean
load_details (KdConn      *conn,
              KdCustomer  *c,
              GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = kd_conn_prepare (conn, "SELECT kind, value, is_default FROM customer_contacts "
                                "WHERE customer_id = ? ORDER BY kind, position, id", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, c->id);
  g_array_set_size (c->phones, 0);
  g_array_set_size (c->addresses, 0);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    kd_customer_add_contact (sqlite3_column_int (stmt, 0) == 0 ? c->phones : c->addresses,
                             kd_stmt_text (stmt, 1), sqlite3_column_int (stmt, 2));
  if (!kd_conn_rows_done (conn, stmt, rc, "customer contacts", error))
    return FALSE;

  stmt = kd_conn_prepare (conn, "SELECT ct.tag_id FROM customer_tags ct JOIN tags t ON t.id = ct.tag_id "
                                "WHERE ct.customer_id = ? ORDER BY t.name COLLATE NOCASE", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, c->id);
  g_array_set_size (c->tag_ids, 0);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (c->tag_ids, id);
    }
  return kd_conn_rows_done (conn, stmt, rc, "customer tags", error);
}

static KdCustomer *
load_where (KdConn      *conn,
            const char  *sql,
            gint64       id,
            const char  *text,
            gint64       except_id,
            GError     **error)
{
  sqlite3_stmt *stmt = kd_conn_prepare (conn, sql, error);
  g_autoptr(KdCustomer) c = NULL;

  if (stmt == NULL)
    return NULL;
  if (text != NULL)
    {
      sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, except_id);
    }
  else
    sqlite3_bind_int64 (stmt, 1, id);
  c = kd_conn_step_one (conn, stmt, KD_ROW_READER (full_row), "customers", error);
  if (c != NULL && !load_details (conn, c, error))
    return NULL;
  return g_steal_pointer (&c);
}

KdCustomer *
kd_customer_repo_load (KdConn  *conn,
                       gint64   id,
                       GError **error)
{
  return load_where (conn, FULL_SELECT "WHERE c.id = ?", id, NULL, 0, error);
}

KdCustomer *
kd_customer_repo_find_nickname (KdConn      *conn,
                                const char  *nickname,
                                gint64       except_id,
                                GError     **error)
{
  g_autofree char *key = _kd_customer_repo_nickname_key (nickname ? nickname : "");

  return load_where (conn, FULL_SELECT "WHERE c.nickname_key = ? AND c.id <> ?", 0, key, except_id, error);
}

/* ---------------------------------------------------------------- writing */

gboolean
_kd_customer_repo_refresh_tags_sort (KdConn  *conn,
                   gint64   customer_id,
                   GError **error)
{
  sqlite3_stmt *stmt = kd_conn_prepare (conn,
    "UPDATE customers SET tags_sort = coalesce((SELECT group_concat(name, ' ') FROM "
    "(SELECT t.name FROM customer_tags ct JOIN tags t ON t.id = ct.tag_id "
    "WHERE ct.customer_id = ?1 ORDER BY t.name COLLATE NOCASE)), '') WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, customer_id);
  return kd_conn_step_done (conn, stmt, error);
}

/* The customer's tags changed: their sort key and their keys in the
 * search row (kd_search_index_set_keys), which the search row must
 * have already. */
gboolean
_kd_customer_repo_refresh_tags (KdConn  *conn,
              gint64   customer_id,
              GError **error)
{
  sqlite3_stmt *stmt;
  g_autoptr(GArray) ids = NULL;

  if (!_kd_customer_repo_refresh_tags_sort (conn, customer_id, error))
    return FALSE;
  stmt = kd_conn_prepare (conn, "SELECT tag_id FROM customer_tags WHERE customer_id = ? ORDER BY tag_id", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, customer_id);
  if ((ids = _kd_customer_repo_collect_ids (conn, stmt, error)) == NULL)
    return FALSE;
  return kd_search_index_set_keys (conn, KD_CUSTOMER_SEARCH_DOMAIN, customer_id,
                                   (const gint64 *) (gpointer) ids->data, ids->len, error);
}

static gboolean
write_search_row (KdConn      *conn,
                  KdCustomer  *c,
                  GError     **error)
{
  g_autofree char *pinyin_source = NULL;
  g_autofree char *text = kd_customer_dup_search_text (c, &pinyin_source);

  return kd_search_index_set_full (conn, KD_CUSTOMER_SEARCH_DOMAIN, c->id, text, pinyin_source, error);
}

static gboolean
write_contacts (KdConn      *conn,
                KdCustomer  *c,
                GError     **error)
{
  sqlite3_stmt *stmt = kd_conn_prepare (conn, "DELETE FROM customer_contacts WHERE customer_id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, c->id);
  if (!kd_conn_step_done (conn, stmt, error))
    return FALSE;

  for (int kind = 0; kind < 2; kind++)
    {
      GArray *list = kind == 0 ? c->phones : c->addresses;
      const char *def = kd_customer_get_default_contact (list);

      for (guint i = 0; i < list->len; i++)
        {
          KdContact *ct = &g_array_index (list, KdContact, i);

          stmt = kd_conn_prepare (conn, "INSERT INTO customer_contacts (customer_id, kind, value, is_default, position) "
                                        "VALUES (?, ?, ?, ?, ?)", error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, c->id);
          sqlite3_bind_int (stmt, 2, kind);
          sqlite3_bind_text (stmt, 3, ct->value, -1, SQLITE_TRANSIENT);
          sqlite3_bind_int (stmt, 4, ct->value == def);
          sqlite3_bind_int (stmt, 5, (int) i);
          if (!kd_conn_step_done (conn, stmt, error))
            return FALSE;
        }
    }
  return TRUE;
}

static gboolean
write_tags (KdConn      *conn,
            KdCustomer  *c,
            GError     **error)
{
  sqlite3_stmt *stmt = kd_conn_prepare (conn, "DELETE FROM customer_tags WHERE customer_id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, c->id);
  if (!kd_conn_step_done (conn, stmt, error))
    return FALSE;
  for (guint i = 0; i < c->tag_ids->len; i++)
    {
      stmt = kd_conn_prepare (conn, "INSERT OR IGNORE INTO customer_tags (customer_id, tag_id) VALUES (?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, c->id);
      sqlite3_bind_int64 (stmt, 2, g_array_index (c->tag_ids, gint64, i));
      if (!kd_conn_step_done (conn, stmt, error))
        return FALSE;
    }
  kd_conn_note_changed (conn, "tags", 0);
  return _kd_customer_repo_refresh_tags (conn, c->id, error);
}

gboolean
_kd_customer_repo_row_exists (KdConn      *conn,
            const char  *sql,
            gint64       id,
            gboolean    *exists,
            GError     **error)
{
  sqlite3_stmt *stmt = kd_conn_prepare (conn, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  *exists = rc == SQLITE_ROW;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      kd_conn_set_error (conn, error, rc, "customers");
      return FALSE;
    }
  return TRUE;
}

gboolean
kd_customer_repo_write (KdConn      *conn,
                        KdCustomer  *c,
                        gint64       now,
                        GError     **error)
{
  g_autofree char *nick = NULL;
  g_autofree char *key = NULL;
  g_autofree char *nick_sort = NULL;
  g_autofree char *name_sort = NULL;
  g_autoptr(KdCustomer) holder = NULL;
  g_autoptr(GError) local = NULL;
  gboolean exists = FALSE;
  sqlite3_stmt *stmt;

  kd_customer_normalize (c);
  if (!kd_customer_validate (c, error))
    return FALSE;

  nick = g_strstrip (g_strdup (c->nickname));
  kd_customer_set_text (&c->nickname, nick);
  key = _kd_customer_repo_nickname_key (nick);
  holder = kd_customer_repo_find_nickname (conn, nick, c->id, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (holder != NULL)
    {
      g_set_error (error, KD_VALIDATION_ERROR, KD_CUSTOMER_FIELD_NICKNAME,
                   _("The nickname “%s” already has a profile."), holder->nickname);
      return FALSE;
    }

  if (c->id != 0 && !_kd_customer_repo_row_exists (conn, "SELECT 1 FROM customers WHERE id = ?", c->id, &exists, error))
    return FALSE;
  nick_sort = sort_key (nick);
  name_sort = sort_key (c->real_name);

  if (exists)
    stmt = kd_conn_prepare (conn,
      "UPDATE customers SET nickname = ?2, nickname_key = ?3, nickname_sort = ?4, real_name = ?5, name_sort = ?6, "
      "gender = ?7, birthday = ?8, vip = ?9, first_contact = ?10, owner_id = nullif(?11, 0), notes = ?12, "
      "height_cm = ?13, weight_kg = ?14, usual_size = ?15, fit_notes = ?16, comm_style = ?17, buying_type = ?18, "
      "blacklisted = ?19, blacklist_reason = ?20, blacklisted_by = nullif(?21, 0), blacklisted_at = ?22, "
      "updated_at = ?23 WHERE id = ?1", error);
  else
    stmt = kd_conn_prepare (conn,
      "INSERT INTO customers (id, nickname, nickname_key, nickname_sort, real_name, name_sort, gender, birthday, vip, "
      "first_contact, owner_id, notes, height_cm, weight_kg, usual_size, fit_notes, comm_style, buying_type, "
      "blacklisted, blacklist_reason, blacklisted_by, blacklisted_at, updated_at, created_at) VALUES "
      "(nullif(?1, 0), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, nullif(?11, 0), ?12, ?13, ?14, ?15, ?16, ?17, ?18, "
      "?19, ?20, nullif(?21, 0), ?22, ?23, ?24)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, c->id);
  sqlite3_bind_text (stmt, 2, nick, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, nick_sort, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, c->real_name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, name_sort, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 7, c->gender);
  sqlite3_bind_text (stmt, 8, c->birthday, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 9, c->vip);
  sqlite3_bind_text (stmt, 10, c->first_contact, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 11, c->owner_id);
  sqlite3_bind_text (stmt, 12, c->notes, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 13, c->height_cm);
  sqlite3_bind_int (stmt, 14, c->weight_kg);
  sqlite3_bind_text (stmt, 15, c->usual_size, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 16, c->fit_notes, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 17, c->comm_style);
  sqlite3_bind_int (stmt, 18, c->buying_type);
  sqlite3_bind_int (stmt, 19, c->blacklisted);
  sqlite3_bind_text (stmt, 20, c->blacklisted ? c->blacklist_reason : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 21, c->blacklisted ? c->blacklisted_by : 0);
  sqlite3_bind_int64 (stmt, 22, c->blacklisted ? c->blacklisted_at : 0);
  sqlite3_bind_int64 (stmt, 23, now);
  if (!exists)
    sqlite3_bind_int64 (stmt, 24, c->created_at != 0 ? c->created_at : now);
  if (!kd_conn_step_done (conn, stmt, error))
    return FALSE;
  if (!exists)
    {
      c->id = sqlite3_last_insert_rowid (kd_conn_get_db (conn));
      if (c->created_at == 0)
        c->created_at = now;
    }
  c->updated_at = now;

  /* The search row first: the tags' keys go into it. */
  if (!write_contacts (conn, c, error) || !write_search_row (conn, c, error) || !write_tags (conn, c, error))
    return FALSE;
  if (!exists && !kd_customer_repo_refresh_summary (conn, c->id, error))
    return FALSE;
  kd_conn_note_changed (conn, "customers", c->id);
  return TRUE;
}

gboolean
kd_customer_repo_delete (KdConn  *conn,
                         gint64   id,
                         GError **error)
{
  gboolean has_orders = FALSE;
  sqlite3_stmt *stmt;

  if (!_kd_customer_repo_row_exists (conn, "SELECT 1 FROM orders WHERE customer_id = ? LIMIT 1", id, &has_orders, error))
    return FALSE;
  if (has_orders)
    {
      g_set_error_literal (error, KD_STORE_ERROR, KD_STORE_ERROR_INVALID,
                           _("This customer has orders and cannot be deleted; merge the profile into another instead."));
      return FALSE;
    }
  stmt = kd_conn_prepare (conn, "DELETE FROM customers WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!kd_conn_step_done (conn, stmt, error) ||
      !kd_search_index_remove (conn, KD_CUSTOMER_SEARCH_DOMAIN, id, error))
    return FALSE;
  kd_conn_note_changed (conn, "customers", id);
  kd_conn_note_changed (conn, "tags", 0);
  return TRUE;
}

gboolean
kd_customer_repo_set_tag (KdConn    *conn,
                          gint64     customer_id,
                          gint64     tag_id,
                          gboolean   add,
                          gboolean  *changed,
                          GError   **error)
{
  sqlite3_stmt *stmt = kd_conn_prepare (conn, add
      ? "INSERT OR IGNORE INTO customer_tags (customer_id, tag_id) SELECT id, ?2 FROM customers WHERE id = ?1"
      : "DELETE FROM customer_tags WHERE customer_id = ?1 AND tag_id = ?2", error);

  *changed = FALSE;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, customer_id);
  sqlite3_bind_int64 (stmt, 2, tag_id);
  if (!kd_conn_step_done (conn, stmt, error))
    return FALSE;
  *changed = sqlite3_changes (kd_conn_get_db (conn)) > 0;
  if (!*changed)
    return TRUE;
  kd_conn_note_changed (conn, "customers", customer_id);
  kd_conn_note_changed (conn, "tags", 0);
  return _kd_customer_repo_refresh_tags (conn, customer_id, error);
}

gboolean
kd_customer_repo_set_owner (KdConn    *conn,
                            gint64     customer_id,
                            gint64     owner_id,
                            gint64    *old_owner,
                            GError   **error)
{
  sqlite3_stmt *stmt = kd_conn_prepare (conn, "SELECT coalesce(owner_id, 0) FROM customers WHERE id = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, customer_id);
  rc = sqlite3_step (stmt);
  *old_owner = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    return FALSE;
  if (rc != SQLITE_ROW)
    {
      kd_conn_set_error (conn, error, rc, "customers");
      return FALSE;
    }
  stmt = kd_conn_prepare (conn, "UPDATE customers SET owner_id = nullif(?2, 0) WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, customer_id);
  sqlite3_bind_int64 (stmt, 2, owner_id);
  if (!kd_conn_step_done (conn, stmt, error))
    return FALSE;
  kd_conn_note_changed (conn, "customers", customer_id);
  return TRUE;
}

gboolean
kd_customer_repo_key_id (KdConn      *conn,
                         const char  *key,
                         gint64      *out_id,
                         GError     **error)
{
  sqlite3_stmt *stmt = kd_conn_prepare (conn, "SELECT id FROM customers WHERE nickname_key = ?", error);
  int rc;

  *out_id = 0;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      kd_conn_set_error (conn, error, rc, "customers");
      return FALSE;
    }
  return TRUE;
}

gboolean
kd_customer_repo_nickname_id (KdConn      *conn,
                              const char  *nickname,
                              gint64      *out_id,
                              GError     **error)
{
  g_autofree char *key = _kd_customer_repo_nickname_key (nickname);

  return kd_customer_repo_key_id (conn, key, out_id, error);
}

KdBarePrep *
kd_customer_repo_prepare_bare (const char *nickname)
{
  g_autoptr(KdCustomer) c = kd_customer_new (nickname);
  KdBarePrep *prep = g_new0 (KdBarePrep, 1);
  g_autofree char *text = NULL;
  g_autofree char *pinyin_source = NULL;

  /* Folded as kd_customer_repo_nickname_id() folds it. */
  prep->key = _kd_customer_repo_nickname_key (nickname);
  kd_customer_normalize (c);
  if (!kd_customer_validate_field (c, KD_CUSTOMER_FIELD_NICKNAME, &prep->error))
    return prep;
  prep->nickname = g_strdup (c->nickname);
  prep->nickname_sort = sort_key (c->nickname);
  text = kd_customer_dup_search_text (c, &pinyin_source);
  kd_search_text_prepare (&prep->search, text, pinyin_source);
  return prep;
}

void
kd_bare_prep_free (KdBarePrep *prep)
{
  if (prep == NULL)
    return;
  g_free (prep->key);
  g_free (prep->nickname);
  g_free (prep->nickname_sort);
  kd_search_text_clear (&prep->search);
  g_clear_error (&prep->error);
  g_free (prep);
}

gint64
kd_customer_repo_max_id (KdConn  *conn,
                         GError **error)
{
  gint64 id;

  return kd_conn_select_int64 (conn, "SELECT coalesce(max(id), 0) FROM customers", "customers", &id, error) ? id : -1;
}

gboolean
kd_customer_repo_add_bare (KdConn               *conn,
                           const KdBareCustomer *bare,
                           gint64                now,
                           gint64               *out_id,
                           GError              **error)
{
  g_autofree char *empty_sort = sort_key ("");
  const KdBarePrep *prep = bare->prep;
  sqlite3_stmt *stmt;
  gint64 id;

  if (prep->error != NULL)
    {
      g_propagate_error (error, g_error_copy (prep->error));
      return FALSE;
    }
  stmt = kd_conn_prepare (conn, "INSERT INTO customers (id, nickname, nickname_key, nickname_sort, name_sort, "
                                "order_count, total_paid, last_order_at, created_at, updated_at) "
                                "VALUES (nullif(?1, 0), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, bare->id);
  sqlite3_bind_text (stmt, 2, prep->nickname, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, prep->key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, prep->nickname_sort, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, empty_sort, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 6, bare->order_count);
  sqlite3_bind_int64 (stmt, 7, bare->total_paid);
  sqlite3_bind_int64 (stmt, 8, bare->last_order_at);
  sqlite3_bind_int64 (stmt, 9, now);
  if (!kd_conn_step_done (conn, stmt, error))
    return FALSE;
  id = sqlite3_last_insert_rowid (kd_conn_get_db (conn));
  if (!kd_search_index_set_prepared (conn, KD_CUSTOMER_SEARCH_DOMAIN, id, &prep->search, error))
    return FALSE;
  kd_conn_note_changed (conn, "customers", id);
  if (out_id != NULL)
    *out_id = id;
  return TRUE;
}

gboolean
kd_customer_repo_set_summary (KdConn               *conn,
                              const KdBareCustomer *bare,
                              GError              **error)
{
  sqlite3_stmt *stmt = kd_conn_prepare (conn, "UPDATE customers SET order_count = ?2, total_paid = ?3, "
                                              "last_order_at = ?4 WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, bare->id);
  sqlite3_bind_int (stmt, 2, bare->order_count);
  sqlite3_bind_int64 (stmt, 3, bare->total_paid);
  sqlite3_bind_int64 (stmt, 4, bare->last_order_at);
  return kd_conn_step_done (conn, stmt, error);
}

gboolean
kd_customer_repo_ensure (KdConn      *conn,
                         const char  *nickname,
                         gint64       now,
                         gint64      *out_id,
                         gboolean    *out_created,
                         GError     **error)
{
  KdBareCustomer bare = { 0, NULL, 0, 0, 0 };
  gboolean ok;

  if (out_created != NULL)
    *out_created = FALSE;
  if (!kd_customer_repo_nickname_id (conn, nickname, out_id, error))
    return FALSE;
  if (*out_id > 0)
    return TRUE;
  /* A profile with only the nickname: its rules, one insert, its search row. */
  bare.prep = kd_customer_repo_prepare_bare (nickname);
  ok = kd_customer_repo_add_bare (conn, &bare, now, out_id, error);
  kd_bare_prep_free (bare.prep);
  if (!ok)
    return FALSE;
  if (out_created != NULL)
    *out_created = TRUE;
  return TRUE;
}

/* The rule of the two statements below, for an order not written yet. */
void
kd_bare_customer_count_order (KdBareCustomer *bare,
                              const KdOrder  *order)
{
  bare->order_count++;
  if (order->status == KD_ORDER_PAID || order->status == KD_ORDER_SHIPPED || order->status == KD_ORDER_COMPLETED)
    bare->total_paid += order->paid;   /* status IN (1, 2, 3) */
  bare->last_order_at = MAX (bare->last_order_at, order->created_at);
}

gboolean
kd_customer_repo_refresh_summary (KdConn  *conn,
                                  gint64   customer_id,
                                  GError **error)
{
  sqlite3_stmt *stmt = kd_conn_prepare (conn,
    "UPDATE customers SET "
    "order_count = (SELECT count(*) FROM orders WHERE customer_id = ?1), "
    "total_paid = (SELECT coalesce(sum(paid), 0) FROM orders WHERE customer_id = ?1 AND status IN (1, 2, 3)), "
    "last_order_at = (SELECT coalesce(max(created_at), 0) FROM orders WHERE customer_id = ?1) "
    "WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, customer_id);
  if (!kd_conn_step_done (conn, stmt, error))
    return FALSE;
  kd_conn_note_changed (conn, "customers", customer_id);
  return TRUE;
}

gboolean
kd_customer_repo_refresh_summaries (KdConn  *conn,
                                    GArray  *ids,
                                    GError **error)
{
  sqlite3_stmt *stmt;

  if (ids->len == 0)
    return TRUE;
  if (!kd_conn_exec (conn, "CREATE TEMP TABLE IF NOT EXISTS kd_summary_ids (id INTEGER PRIMARY KEY)", error) ||
      !kd_conn_exec (conn, "DELETE FROM temp.kd_summary_ids", error))
    return FALSE;
  stmt = kd_conn_prepare (conn, "INSERT OR IGNORE INTO temp.kd_summary_ids (id) VALUES (?)", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    {
      sqlite3_bind_int64 (stmt, 1, g_array_index (ids, gint64, i));
      if (!kd_conn_step_done (conn, stmt, error))
        return FALSE;
    }
  stmt = kd_conn_prepare (conn,
    "UPDATE customers SET "
    "order_count = (SELECT count(*) FROM orders WHERE customer_id = customers.id), "
    "total_paid = (SELECT coalesce(sum(paid), 0) FROM orders WHERE customer_id = customers.id AND status IN (1, 2, 3)), "
    "last_order_at = (SELECT coalesce(max(created_at), 0) FROM orders WHERE customer_id = customers.id) "
    "WHERE id IN (SELECT id FROM temp.kd_summary_ids)", error);
  if (stmt == NULL || !kd_conn_step_done (conn, stmt, error) ||
      !kd_conn_exec (conn, "DELETE FROM temp.kd_summary_ids", error))
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    kd_conn_note_changed (conn, "customers", g_array_index (ids, gint64, i));
  return TRUE;
}

GArray *
kd_customer_repo_order_ids (KdConn  *conn,
                            gint64   customer_id,
                            GError **error)
{
  sqlite3_stmt *stmt = kd_conn_prepare (conn, "SELECT id FROM orders WHERE customer_id = ? ORDER BY id", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, customer_id);
  return _kd_customer_repo_collect_ids (conn, stmt, error);
}

gboolean
kd_customer_repo_move_orders (KdConn  *conn,
                              GArray  *order_ids,
                              gint64   to_customer_id,
                              GError **error)
{
  for (guint i = 0; order_ids != NULL && i < order_ids->len; i++)
    {
      sqlite3_stmt *stmt = kd_conn_prepare (conn, "UPDATE orders SET customer_id = ? WHERE id = ?", error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, to_customer_id);
      sqlite3_bind_int64 (stmt, 2, g_array_index (order_ids, gint64, i));
      if (!kd_conn_step_done (conn, stmt, error))
        return FALSE;
      kd_conn_note_changed (conn, "orders", g_array_index (order_ids, gint64, i));
    }
  return TRUE;
}

GPtrArray *
kd_customer_repo_list_orders (KdConn  *conn,
                              gint64   customer_id,
                              GError **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) kd_customer_order_free);
  sqlite3_stmt *stmt = kd_conn_prepare (conn,
    "SELECT o.id, o.order_no, o.status, o.status_text, o.created_at, o.total, o.paid, o.flag, "
    "(SELECT text FROM order_remarks r WHERE r.order_id = o.id ORDER BY r.at DESC, r.id DESC LIMIT 1) "
    "FROM orders o WHERE o.customer_id = ? ORDER BY o.created_at DESC, o.id DESC", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, customer_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KdCustomerOrder *o = g_new0 (KdCustomerOrder, 1);

      o->id = sqlite3_column_int64 (stmt, 0);
      o->order_no = g_strdup (kd_stmt_text (stmt, 1));
      o->status = sqlite3_column_int (stmt, 2);
      o->status_text = g_strdup (kd_stmt_text (stmt, 3));
      o->created_at = sqlite3_column_int64 (stmt, 4);
      o->total = sqlite3_column_int64 (stmt, 5);
      o->paid = sqlite3_column_int64 (stmt, 6);
      o->flag = sqlite3_column_int (stmt, 7);
      o->latest_remark = g_strdup (kd_stmt_text (stmt, 8));
      g_ptr_array_add (list, o);
    }
  if (!kd_conn_rows_done (conn, stmt, rc, "orders", error))
    return NULL;
  return g_steal_pointer (&list);
}

