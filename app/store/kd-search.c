/* kd-search.c: the search rows behind kd-search.h: one FTS5 index of characters and pairs of characters (kd-search-ngram.c). */
#include "kd-search.h"
#include "kd-store-private.h"
#include "kd-search-keys.h"

#include <string.h>

/* A search row's id is its record's id shifted left by DOMAIN_BITS with
 * the domain's code below, so that the FTS5 index gives the record ids of
 * one domain by arithmetic on its rowids, without a lookup per match. */
#define DOMAIN_BITS 4

static const char * const domains[] = {
  NULL,         /* 0: never used */
  "phrase",
  "customer",
  "order",
  "remark",
  "handover",
};

static gint64
domain_code (const char *domain)
{
  for (guint i = 1; i < G_N_ELEMENTS (domains); i++)
    if (g_str_equal (domain, domains[i]))
      return i;
  g_error ("kd-search: unknown search domain “%s”: add it to the list in kd-search.c", domain);
}

static gint64
row_id (const char *domain,
        gint64      ref_id)
{
  return (ref_id << DOMAIN_BITS) | domain_code (domain);
}

char *
kd_search_row_id_sql (const char *domain,
                      const char *ref_expr)
{
  return g_strdup_printf ("((%s) << %d | %" G_GINT64_FORMAT ")", ref_expr, DOMAIN_BITS, domain_code (domain));
}

gboolean
kd_search_index_set (KdConn      *conn,
                     const char  *domain,
                     gint64       ref_id,
                     const char  *text,
                     GError     **error)
{
  return kd_search_index_set_full (conn, domain, ref_id, text, NULL, error);
}

void
kd_search_text_prepare (KdSearchText *out,
                        const char   *text,
                        const char   *pinyin_text)
{
  g_autofree char *folded_pinyin_text = NULL;
  g_autofree char *initials = NULL;
  g_autofree char *pinyin = NULL;

  out->folded = kd_search_fold (text);
  /* The same text twice (an order's receiver): folded once. */
  if (pinyin_text != NULL && pinyin_text != text && strcmp (pinyin_text, text) != 0)
    folded_pinyin_text = kd_search_fold (pinyin_text);
  pinyin = kd_search_pinyin (folded_pinyin_text ? folded_pinyin_text : out->folded, &initials);
  /* Marked to be indexed as letter triples (kd-search-ngram.c). */
  out->pinyin = *pinyin != '\0' ? g_strconcat ("\x02", pinyin, NULL) : g_strdup ("");
  out->initials = *initials != '\0' ? g_strconcat ("\x02", initials, NULL) : g_strdup ("");
}

void
kd_search_text_clear (KdSearchText *text)
{
  g_clear_pointer (&text->folded, g_free);
  g_clear_pointer (&text->pinyin, g_free);
  g_clear_pointer (&text->initials, g_free);
}

gboolean
kd_search_index_set_prepared (KdConn             *conn,
                              const char         *domain,
                              gint64              ref_id,
                              const KdSearchText *text,
                              GError            **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (ref_id > 0 && ref_id < (G_GINT64_CONSTANT (1) << (62 - DOMAIN_BITS)), FALSE);
  if (conn->search_batch)
    /* The keys a pending row may have been given stay (set_keys()). */
    stmt = kd_conn_prepare (conn,
                            "INSERT INTO temp.kd_search_pending (id, domain, ref_id, text, pinyin, initials) "
                            "VALUES (?6, ?1, ?2, ?3, ?4, ?5) ON CONFLICT (id) DO UPDATE SET text = excluded.text, "
                            "pinyin = excluded.pinyin, initials = excluded.initials", error);
  else
    stmt = kd_conn_prepare (conn,
                            "INSERT INTO search_rows (id, domain, ref_id, text, pinyin, initials) VALUES (?6, ?1, ?2, ?3, ?4, ?5) "
                            "ON CONFLICT (id) DO UPDATE SET text = excluded.text, "
                            "pinyin = excluded.pinyin, initials = excluded.initials", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, domain, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, ref_id);
  sqlite3_bind_int64 (stmt, 6, row_id (domain, ref_id));
  /* Not copied: @text outlives the step, and the next use binds again. */
  sqlite3_bind_text (stmt, 3, text->folded, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, text->pinyin, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, text->initials, -1, SQLITE_STATIC);
  return kd_conn_step_done (conn, stmt, error);
}

gboolean
kd_search_index_set_full (KdConn      *conn,
                          const char  *domain,
                          gint64       ref_id,
                          const char  *text,
                          const char  *pinyin_text,
                          GError     **error)
{
  KdSearchText prepared;
  gboolean ok;

  kd_search_text_prepare (&prepared, text, pinyin_text);
  ok = kd_search_index_set_prepared (conn, domain, ref_id, &prepared, error);
  kd_search_text_clear (&prepared);
  return ok;
}

gboolean
kd_search_index_remove (KdConn      *conn,
                        const char  *domain,
                        gint64       ref_id,
                        GError     **error)
{
  sqlite3_stmt *stmt;

  if (conn->search_batch)
    {
      stmt = kd_conn_prepare (conn, "DELETE FROM temp.kd_search_pending WHERE id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, row_id (domain, ref_id));
      if (!kd_conn_step_done (conn, stmt, error))
        return FALSE;
    }
  stmt = kd_conn_prepare (conn, "DELETE FROM search_rows WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, row_id (domain, ref_id));
  return kd_conn_step_done (conn, stmt, error);
}

/* Bytes of pending terms FTS5 holds before writing a segment: its own
 * default (FTS5_DEFAULT_HASHSIZE), and what a batch may use. */
#define DEFAULT_HASH_SIZE 1048576
#define BATCH_HASH_SIZE 33554432

gboolean
kd_search_batch_begin (KdConn  *conn,
                       GError **error)
{
  g_return_val_if_fail (!conn->search_batch, FALSE);
  /* A temporary table: this connection's alone, gone with a rollback;
   * keys NULL: the row's keys as they are (a new row has none). */
  if (!kd_conn_exec (conn, "CREATE TEMP TABLE IF NOT EXISTS kd_search_pending ("
                           "id INTEGER PRIMARY KEY, domain TEXT NOT NULL, ref_id INTEGER NOT NULL, "
                           "text TEXT NOT NULL, pinyin TEXT NOT NULL, initials TEXT NOT NULL, keys TEXT)", error))
    return FALSE;
  conn->search_batch = TRUE;
  return TRUE;
}

gboolean
kd_search_batch_end (KdConn  *conn,
                     GError **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (conn->search_batch, FALSE);
  conn->search_batch = FALSE;
  /* FTS5 keeps the terms of a statement in a hash table of 1 MB and
   * writes a segment each time it is full: 10 000 phrases made some thirty
   * segments, merged again and again while being written. For this one
   * statement the table may hold BATCH_HASH_SIZE (a few segments, merged
   * once), then it is back to FTS5's default. */
  if (!kd_conn_exec (conn, "INSERT INTO search_ngram (search_ngram, rank) "
                           "VALUES ('hashsize', " G_STRINGIFY (BATCH_HASH_SIZE) ")", error))
    return FALSE;
  /* The rows whose keys stay as they are, then those given keys. An
   * upsert after a SELECT needs a WHERE to parse. */
  stmt = kd_conn_prepare (conn,
                          "INSERT INTO search_rows (id, domain, ref_id, text, pinyin, initials) "
                          "SELECT id, domain, ref_id, text, pinyin, initials FROM temp.kd_search_pending "
                          "WHERE keys IS NULL "
                          "ON CONFLICT (id) DO UPDATE SET text = excluded.text, "
                          "pinyin = excluded.pinyin, initials = excluded.initials", error);
  if (stmt == NULL || !kd_conn_step_done (conn, stmt, error))
    return FALSE;
  stmt = kd_conn_prepare (conn,
                          "INSERT INTO search_rows (id, domain, ref_id, text, pinyin, initials, keys) "
                          "SELECT id, domain, ref_id, text, pinyin, initials, keys FROM temp.kd_search_pending "
                          "WHERE keys IS NOT NULL "
                          "ON CONFLICT (id) DO UPDATE SET text = excluded.text, "
                          "pinyin = excluded.pinyin, initials = excluded.initials, keys = excluded.keys", error);
  if (stmt == NULL || !kd_conn_step_done (conn, stmt, error))
    return FALSE;
  return kd_conn_exec (conn, "INSERT INTO search_ngram (search_ngram, rank) "
                             "VALUES ('hashsize', " G_STRINGIFY (DEFAULT_HASH_SIZE) ")", error) &&
         kd_conn_exec (conn, "DELETE FROM temp.kd_search_pending", error);
}

gboolean
kd_search_optimize (KdConn  *conn,
                    GError **error)
{
  return kd_conn_exec (conn, "INSERT INTO search_ngram (search_ngram) VALUES ('optimize')", error);
}

/* A key as the index holds it (0012-customers-extra.sql writes the same
 * in SQL): two characters from planes 15 and 16, whose pair is a token of
 * its own; no folded text has them. */
#define KEY_RADIX 65534

static void
append_key (GString *s,
            gint64   key)
{
  g_string_append_unichar (s, 0xF0000 + (gunichar) (key / KEY_RADIX));
  g_string_append_unichar (s, 0x100000 + (gunichar) (key % KEY_RADIX));
}

gboolean
kd_search_index_set_keys (KdConn        *conn,
                          const char    *domain,
                          gint64         ref_id,
                          const gint64  *keys,
                          guint          n_keys,
                          GError       **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  sqlite3_stmt *stmt;

  for (guint i = 0; i < n_keys; i++)
    {
      g_return_val_if_fail (keys[i] > 0 && keys[i] < (gint64) KEY_RADIX * KEY_RADIX, FALSE);
      if (i > 0)
        g_string_append_c (text, ' ');
      append_key (text, keys[i]);
    }
  if (conn->search_batch)
    {
      /* A row waiting in the batch takes its keys with it. */
      stmt = kd_conn_prepare (conn, "UPDATE temp.kd_search_pending SET keys = ?2 WHERE id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, row_id (domain, ref_id));
      sqlite3_bind_text (stmt, 2, text->str, (int) text->len, SQLITE_TRANSIENT);
      if (!kd_conn_step_done (conn, stmt, error))
        return FALSE;
      if (sqlite3_changes (kd_conn_get_db (conn)) > 0)
        return TRUE;
    }
  stmt = kd_conn_prepare (conn, "UPDATE search_rows SET keys = ?2 WHERE id = ?1 AND keys <> ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, row_id (domain, ref_id));
  sqlite3_bind_text (stmt, 2, text->str, (int) text->len, SQLITE_TRANSIENT);
  return kd_conn_step_done (conn, stmt, error);
}

static GVariant *
str (const char *s)
{
  return g_variant_ref_sink (g_variant_new_string (s));
}

/* An FTS5 phrase: the text in double quotes, its own quotes doubled, so a
 * query is never read as FTS5 syntax. */
static char *
fts_phrase (const char *column,
            const char *text)
{
  g_autoptr(GString) s = g_string_new (NULL);

  g_string_append_printf (s, "{%s} : \"", column);
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (s, '"');
      g_string_append_c (s, *p);
    }
  g_string_append_c (s, '"');
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* "ID_EXPR IN (the matching ids of @domain)", or with @id_expr NULL the
 * SELECT of those ids alone; its one value is the MATCH expression. */
static char *
in_ids (const char *id_expr,
        const char *domain)
{
  g_autofree char *select = g_strdup_printf ("SELECT rowid >> %d FROM search_ngram WHERE search_ngram MATCH ? "
                                             "AND (rowid & %d) = %" G_GINT64_FORMAT, DOMAIN_BITS,
                                             (1 << DOMAIN_BITS) - 1, domain_code (domain));

  if (id_expr == NULL)
    return g_steal_pointer (&select);
  return g_strdup_printf ("%s IN (%s)", id_expr, select);
}

char *
kd_search_build_keys_clause (const char   *domain,
                             const char   *id_expr,
                             const gint64 *keys,
                             guint         n_keys,
                             gboolean      any,
                             GPtrArray    *params)
{
  g_autoptr(GString) match = g_string_new (NULL);

  if (n_keys == 0)
    return NULL;
  for (guint i = 0; i < n_keys; i++)
    {
      if (i > 0)
        g_string_append (match, any ? " OR " : " AND ");
      g_string_append (match, "{keys} : \"");
      append_key (match, keys[i]);
      g_string_append_c (match, '"');
    }
  g_ptr_array_add (params, str (match->str));
  return in_ids (id_expr, domain);
}

char *
kd_search_build_clause (const char *domain,
                        const char *id_expr,
                        const char *query,
                        GPtrArray  *params)
{
  return kd_search_build_clause_keyed (domain, id_expr, query, NULL, 0, FALSE, params);
}

char *
kd_search_build_ids (const char *domain,
                     const char *query,
                     GPtrArray  *params)
{
  return kd_search_build_clause_keyed (domain, NULL, query, NULL, 0, FALSE, params);
}

char *
kd_search_build_clause_keyed (const char   *domain,
                              const char   *id_expr,
                              const char   *query,
                              const gint64 *keys,
                              guint         n_keys,
                              gboolean      any,
                              GPtrArray    *params)
{
  g_autofree char *raw = kd_search_fold (query);
  g_autofree char *folded = g_strstrip (g_strdup (raw));
  g_autofree char *squeezed = NULL;
  gboolean latin;
  glong n_squeezed = 0;

  if (*folded == '\0')
    return NULL;

  latin = kd_search_is_latin (folded);
  if (latin)
    {
      squeezed = kd_search_squeeze (folded);
      n_squeezed = (glong) strlen (squeezed);
    }

  /* One FTS5 query over characters and their pairs (kd-search-ngram.c)
   * answers every length; Latin text is also looked up as pinyin and
   * initials, without its spaces ("tui huo" → "tuihuo"). */
  {
    g_autoptr(GString) match = g_string_new (NULL);

    /* Pinyin and initials are indexed as letter triples (marked, see
     * kd-search-ngram.c): three letters or more are the chain of their
     * triples, two a prefix of one, one is looked up in the text only. */
    if (latin && n_squeezed >= 2)
      {
        g_autofree char *text_part = fts_phrase ("text", folded);
        g_autofree char *marked = g_strconcat ("\x02", squeezed, NULL);
        g_autofree char *pinyin_part = fts_phrase ("pinyin initials", marked);
        g_string_append_printf (match, "(%s OR %s%s)", text_part, pinyin_part, n_squeezed == 2 ? " *" : "");
      }
    else
      {
        g_autofree char *text_part = fts_phrase ("text", folded);
        g_string_append_printf (match, "(%s)", text_part);
      }
    /* The keys inside the same query: FTS5 intersects the posting lists
     * instead of every text match being probed for them. */
    if (n_keys > 0)
      {
        g_string_append (match, " AND (");
        for (guint i = 0; i < n_keys; i++)
          {
            if (i > 0)
              g_string_append (match, any ? " OR " : " AND ");
            g_string_append (match, "{keys} : \"");
            append_key (match, keys[i]);
            g_string_append_c (match, '"');
          }
        g_string_append_c (match, ')');
      }
    /* The record ids straight from the index's rowids (row_id above). */
    g_ptr_array_add (params, str (match->str));
    return in_ids (id_expr, domain);
  }
}

char *
kd_search_build_refs (const char         *query,
                      const char * const *names_of,
                      guint               n_domains,
                      GPtrArray          *params)
{
  g_autoptr(GPtrArray) own = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  g_autofree char *clause = NULL;
  g_autoptr(GString) names = g_string_new ("CASE rowid & 15");
  g_autoptr(GString) codes = g_string_new (NULL);

  G_STATIC_ASSERT (DOMAIN_BITS == 4);
  g_return_val_if_fail (n_domains > 0, NULL);
  /* The same MATCH expression as one domain's clause (its one parameter). */
  clause = kd_search_build_clause (names_of[0], "0", query, own);
  if (clause == NULL)
    return NULL;
  g_assert (own->len == 1);
  g_ptr_array_add (params, g_variant_ref (g_ptr_array_index (own, 0)));
  for (guint i = 0; i < n_domains; i++)
    {
      gint64 code = domain_code (names_of[i]);

      g_string_append_printf (names, " WHEN %" G_GINT64_FORMAT " THEN '%s'", code, names_of[i]);
      g_string_append_printf (codes, "%s%" G_GINT64_FORMAT, i > 0 ? ", " : "", code);
    }
  return g_strdup_printf ("SELECT %s END AS domain, rowid >> %d AS ref_id FROM search_ngram "
                          "WHERE search_ngram MATCH ? AND (rowid & %d) IN (%s)",
                          names->str, DOMAIN_BITS, (1 << DOMAIN_BITS) - 1, codes->str);
}
