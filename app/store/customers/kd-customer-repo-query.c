/* kd-customer-repo-query.c: the customer list's query: columns, sort keys, filters (tags all-of/any-of, VIP, types, blacklist, owner) and the search, for KdQueryModel. */
#include "config.h"

#include "kd-customer-repo-private.h"
#include "kd-search.h"
#include "kd-search-keys.h"
#include "kd-error.h"
#include "kd-text.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* ---------------------------------------------------------------- the list */

#define TAG_IDS_SQL "(SELECT group_concat(tag_id) FROM (SELECT ct.tag_id FROM customer_tags ct " \
                    "JOIN tags t ON t.id = ct.tag_id WHERE ct.customer_id = customers.id ORDER BY t.name COLLATE NOCASE))"
#define LIST_COLUMNS "id, nickname, real_name, vip, owner_id, " \
                     "(SELECT name FROM staff WHERE staff.id = customers.owner_id), " \
                     "blacklisted, comm_style, buying_type, order_count, total_paid, last_order_at, " \
                     TAG_IDS_SQL ", tags_sort, " \
                     "(SELECT value FROM customer_contacts WHERE customer_id = customers.id AND kind = 0 " \
                     "ORDER BY is_default DESC, position LIMIT 1)"

static KdCustomer *
list_row (sqlite3_stmt *stmt)
{
  KdCustomer *c = kd_customer_new (kd_stmt_text (stmt, 1));
  const char *phone;

  c->id = sqlite3_column_int64 (stmt, 0);
  kd_customer_set_text (&c->real_name, kd_stmt_text (stmt, 2));
  c->vip = sqlite3_column_int (stmt, 3);
  c->owner_id = sqlite3_column_int64 (stmt, 4);
  kd_customer_set_text (&c->owner_name, kd_stmt_text (stmt, 5));
  c->blacklisted = sqlite3_column_int (stmt, 6);
  c->comm_style = (KdCommStyle) sqlite3_column_int (stmt, 7);
  c->buying_type = (KdBuyingType) sqlite3_column_int (stmt, 8);
  c->order_count = sqlite3_column_int (stmt, 9);
  c->total_paid = sqlite3_column_int64 (stmt, 10);
  c->last_order_at = sqlite3_column_int64 (stmt, 11);
  _kd_customer_repo_ids_from_text (c->tag_ids, kd_stmt_text (stmt, 12));
  kd_customer_set_text (&c->tag_names, kd_stmt_text (stmt, 13));
  phone = kd_stmt_text (stmt, 14);
  if (*phone != '\0')
    kd_customer_add_contact (c->phones, phone, TRUE);
  return c;
}

static GObject *
customer_placeholder (gint64 id)
{
  KdCustomer *c = kd_customer_new ("");
  c->id = id;
  return G_OBJECT (c);
}

static GObject *
customer_read_row (sqlite3_stmt *stmt)
{
  return G_OBJECT (list_row (stmt));
}

static void
customer_assign (GObject *target,
                 GObject *fresh)
{
  kd_customer_assign (KD_CUSTOMER (target), KD_CUSTOMER (fresh));
}

char *
_kd_customer_repo_customer_build_search (const char *text,
                       GPtrArray  *params)
{
  return kd_search_build_clause (KD_CUSTOMER_SEARCH_DOMAIN, "id", text, params);
}

/* The nickname typed exactly comes first. */
char *
_kd_customer_repo_customer_build_rank (const char *text,
                     GPtrArray  *params)
{
  g_autofree char *key = _kd_customer_repo_nickname_key (text);

  if (*key == '\0')
    return NULL;
  g_ptr_array_add (params, g_variant_ref_sink (g_variant_new_string (key)));
  return g_strdup ("(nickname_key = ?) DESC");
}

GVariant *
kd_customer_repo_tag_filter_value (const gint64 *tag_ids,
                                   guint         n,
                                   gboolean      any)
{
  return g_variant_new ("(b@ax)", any,
                        g_variant_new_fixed_array (G_VARIANT_TYPE_INT64, tag_ids, n, sizeof (gint64)));
}

/* All-of: an EXISTS per tag while a search narrows the rows (a few
 * index probes per match), else the intersection of the tags' lists;
 * any-of likewise with one EXISTS or one list. */
char *
_kd_customer_repo_build_tag_filter (GVariant  *value,
                  gboolean   searching,
                  GPtrArray *params)
{
  g_autoptr(GVariant) array = NULL;
  g_autoptr(GString) sql = g_string_new (NULL);
  gboolean any = FALSE;
  const gint64 *ids;
  gsize n = 0;

  if (!g_variant_is_of_type (value, G_VARIANT_TYPE ("(bax)")))
    return NULL;
  g_variant_get (value, "(b@ax)", &any, &array);
  ids = g_variant_get_fixed_array (array, &n, sizeof (gint64));
  if (n == 0)
    return NULL;
  for (gsize i = 0; i < n; i++)
    g_ptr_array_add (params, g_variant_ref_sink (g_variant_new_int64 (ids[i])));

  if (any)
    {
      g_string_append (sql, searching ? "EXISTS (SELECT 1 FROM customer_tags ct WHERE ct.customer_id = customers.id AND ct.tag_id IN ("
                                      : "id IN (SELECT customer_id FROM customer_tags WHERE tag_id IN (");
      for (gsize i = 0; i < n; i++)
        g_string_append (sql, i > 0 ? ", ?" : "?");
      g_string_append (sql, "))");
    }
  else if (searching)
    for (gsize i = 0; i < n; i++)
      g_string_append_printf (sql, "%sEXISTS (SELECT 1 FROM customer_tags ct WHERE ct.customer_id = customers.id "
                              "AND ct.tag_id = ?)", i > 0 ? " AND " : "");
  else if (n == 1)
    g_string_append (sql, "id IN (SELECT customer_id FROM customer_tags WHERE tag_id = ?)");
  else
    {
      /* Several tags: their keys in the search index, whose posting lists
       * FTS5 intersects (an INTERSECT of the tags' lists builds two
       * temporary b-trees of 33 000 rows each for two common tags). */
      g_ptr_array_set_size (params, params->len - n);
      g_free (g_string_free (g_steal_pointer (&sql), TRUE));
      return kd_search_build_keys_clause (KD_CUSTOMER_SEARCH_DOMAIN, "id", ids, (guint) n, FALSE, params);
    }
  return g_string_free (g_steal_pointer (&sql), FALSE);
}

/* A search with the tag filter: one FTS5 query over the text and the
 * tags' keys in the customers' search rows (_kd_customer_repo_refresh_tags), so the index
 * intersects them instead of every text match being probed for its tags
 * (a common character matches 14 000 of 100 000 customers). */
static char *
build_tag_search (GVariant   *value,
                  const char *text,
                  GPtrArray  *params)
{
  g_autoptr(GVariant) array = NULL;
  gboolean any = FALSE;
  const gint64 *ids;
  gsize n = 0;

  if (!g_variant_is_of_type (value, G_VARIANT_TYPE ("(bax)")))
    return NULL;
  g_variant_get (value, "(b@ax)", &any, &array);
  ids = g_variant_get_fixed_array (array, &n, sizeof (gint64));
  if (n == 0)
    return NULL;
  return kd_search_build_clause_keyed (KD_CUSTOMER_SEARCH_DOMAIN, "id", text, ids, (guint) n, any, params);
}

static const KdQuerySort customer_sorts[] = {
  { "nickname", "nickname_sort" },
  /* No name (or no tags) last, whichever way the rest goes. */
  { "name", "name_sort = '\x1f' ASC, name_sort" },
  { "vip", "vip" },
  { "tags", "tags_sort = '' ASC, tags_sort" },
  { "orders", "order_count" },
  { "paid", "total_paid" },
  { "last-order", "last_order_at" },
  { "owner", "(SELECT job_number_key FROM staff WHERE staff.id = customers.owner_id)" },
};

static const KdQueryFilter customer_filters[] = {
  { "tags", NULL, _kd_customer_repo_build_tag_filter, build_tag_search },
  { "vip-min", "vip >= ?", NULL },
  { "comm-style", "comm_style = ?", NULL },
  { "buying-type", "buying_type = ?", NULL },
  { "blacklisted", "blacklisted = ?", NULL },
  { "owner", "owner_id = ?", NULL },
};

const KdQuerySpec *
kd_customer_repo_query_spec (void)
{
  static KdQuerySpec spec = {
    .table = "customers",
    .from = "customers",
    .columns = LIST_COLUMNS,
    .new_placeholder = customer_placeholder,
    .read_row = customer_read_row,
    .assign = customer_assign,
    .build_search = _kd_customer_repo_customer_build_search,
    .build_rank = _kd_customer_repo_customer_build_rank,
    .sorts = customer_sorts,
    .n_sorts = G_N_ELEMENTS (customer_sorts),
    .filters = customer_filters,
    .n_filters = G_N_ELEMENTS (customer_filters),
  };

  if (spec.item_type == 0)
    spec.item_type = KD_TYPE_CUSTOMER;
  return &spec;
}
