/* kd-search.c: the search rows behind kd-search.h: FTS5 trigrams for 3+ characters, a folded scan for shorter queries. */
#include "kd-search.h"
#include "kd-store-private.h"
#include "kd-search-keys.h"

#include <string.h>

gboolean
kd_search_index_set (KdConn      *conn,
                     const char  *domain,
                     gint64       ref_id,
                     const char  *text,
                     GError     **error)
{
  return kd_search_index_set_full (conn, domain, ref_id, text, NULL, error);
}

gboolean
kd_search_index_set_full (KdConn      *conn,
                          const char  *domain,
                          gint64       ref_id,
                          const char  *text,
                          const char  *pinyin_text,
                          GError     **error)
{
  g_autofree char *folded = kd_search_fold (text);
  g_autofree char *folded_pinyin_text = pinyin_text ? kd_search_fold (pinyin_text) : NULL;
  g_autofree char *initials = NULL;
  g_autofree char *pinyin = kd_search_pinyin (folded_pinyin_text ? folded_pinyin_text : folded, &initials);
  sqlite3_stmt *stmt;

  stmt = kd_conn_prepare (conn,
                          "INSERT INTO search_rows (domain, ref_id, text, pinyin, initials) VALUES (?1, ?2, ?3, ?4, ?5) "
                          "ON CONFLICT (domain, ref_id) DO UPDATE SET text = excluded.text, "
                          "pinyin = excluded.pinyin, initials = excluded.initials", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, domain, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, ref_id);
  sqlite3_bind_text (stmt, 3, folded, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, pinyin, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, initials, -1, SQLITE_TRANSIENT);
  return kd_conn_step_done (conn, stmt, error);
}

gboolean
kd_search_index_remove (KdConn      *conn,
                        const char  *domain,
                        gint64       ref_id,
                        GError     **error)
{
  sqlite3_stmt *stmt = kd_conn_prepare (conn, "DELETE FROM search_rows WHERE domain = ?1 AND ref_id = ?2", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, domain, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, ref_id);
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

char *
kd_search_build_clause (const char *domain,
                        const char *id_expr,
                        const char *query,
                        GPtrArray  *params)
{
  g_autofree char *raw = kd_search_fold (query);
  g_autofree char *folded = g_strstrip (g_strdup (raw));
  g_autofree char *squeezed = NULL;
  gboolean latin;
  glong n_text, n_squeezed = 0;

  if (*folded == '\0')
    return NULL;

  latin = kd_search_is_latin (folded);
  n_text = g_utf8_strlen (folded, -1);
  if (latin)
    {
      squeezed = kd_search_squeeze (folded);
      n_squeezed = (glong) strlen (squeezed);
    }

  /* Long enough for trigrams everywhere: one FTS5 query drives it. */
  if (n_text >= 3 && (!latin || n_squeezed >= 3))
    {
      g_autoptr(GString) match = g_string_new (NULL);
      g_autofree char *text_part = fts_phrase ("text", folded);

      g_string_append (match, text_part);
      if (latin)
        {
          g_autofree char *pinyin_part = fts_phrase ("pinyin", squeezed);
          g_autofree char *initials_part = fts_phrase ("initials", squeezed);
          g_string_append_printf (match, " OR %s OR %s", pinyin_part, initials_part);
        }
      /* The MATCH in a subquery of its own, so it runs once: as a join,
       * SQLite drove it from search_rows and ran the MATCH again for every
       * row of the domain (230 ms instead of 2 at 3 000 phrases). */
      g_ptr_array_add (params, str (domain));
      g_ptr_array_add (params, str (match->str));
      return g_strdup_printf ("%s IN (SELECT ref_id FROM search_rows WHERE domain = ? AND id IN "
                              "(SELECT rowid FROM search_fts WHERE search_fts MATCH ?))", id_expr);
    }

  /* One or two characters (or letters): a scan of one domain's folded
   * columns, a few milliseconds for ten thousand records. */
  g_ptr_array_add (params, str (domain));
  g_ptr_array_add (params, str (folded));
  if (!latin)
    return g_strdup_printf ("%s IN (SELECT ref_id FROM search_rows WHERE domain = ? AND instr(text, ?) > 0)",
                            id_expr);
  g_ptr_array_add (params, str (squeezed));
  g_ptr_array_add (params, str (squeezed));
  return g_strdup_printf ("%s IN (SELECT ref_id FROM search_rows WHERE domain = ? AND "
                          "(instr(text, ?) > 0 OR instr(pinyin, ?) > 0 OR instr(initials, ?) > 0))", id_expr);
}
