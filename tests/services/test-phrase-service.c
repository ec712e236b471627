/* test-phrase-service.c: the phrase service over the real store: starter library, CRUD, groups, moves, uses, ranking, search against a brute-force reference, the query model, import and export. */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "kd-clock.h"
#include "kd-demo.h"
#include "kd-error.h"
#include "kd-phrase-csv.h"
#include "kd-phrase-service.h"
#include "kd-search-keys.h"
#include "kd-store.h"
#include "kd-test-util.h"

typedef struct {
  char            *dir;
  KdStore         *store;
  KdPhraseService *svc;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autofree char *path = NULL;

  g_assert_true (kd_clock_init_default ("2026-11-25T09:00:00+08:00", NULL));
  f->dir = g_dir_make_tmp ("kd-test-phrases-XXXXXX", NULL);
  path = g_build_filename (f->dir, "shop.db", NULL);
  f->store = kd_store_open_full (path, KD_STORE_OPEN_CREATE, NULL);
  g_assert_nonnull (f->store);
  f->svc = kd_phrase_service_new (f->store);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->svc);
  kd_store_close (f->store);
  g_assert_finalize_object (f->store);
  kd_test_rm_rf (f->dir);
  g_free (f->dir);
}

static char *
fixture_path (const char *name)
{
  const char *root = g_getenv ("KD_SOURCE_ROOT");
  return g_build_filename (root ? root : ".", "tests", "data", "phrases", name, NULL);
}

static KdPhraseGroup *
group_named (Fixture *f, const char *name)
{
  GListModel *groups = kd_phrase_service_get_groups (f->svc);

  for (guint i = 0; i < g_list_model_get_n_items (groups); i++)
    {
      g_autoptr(KdPhraseGroup) g = g_list_model_get_item (groups, i);
      if (g_str_equal (kd_phrase_group_get_name (g), name))
        return g_steal_pointer (&g);
    }
  return NULL;
}

static KdPhrase *
find_shortcut (Fixture *f, const char *shortcut)
{
  return kd_phrase_service_find_shortcut_holder (f->svc, shortcut, 0, NULL);
}

/* Group, shortcut, title and body of every phrase, in library order. */
static char *
dump (Fixture *f, gboolean with_title)
{
  g_autoptr(GPtrArray) all = kd_phrase_service_list_all (f->svc, NULL);
  GString *s = g_string_new (NULL);

  g_assert_nonnull (all);
  for (guint i = 0; i < all->len; i++)
    {
      KdPhrase *p = g_ptr_array_index (all, i);
      g_string_append_printf (s, "%s|%s|%s|%s\n", kd_phrase_get_group_name (p), kd_phrase_get_shortcut (p),
                              with_title ? kd_phrase_get_title (p) : "", kd_phrase_get_body (p));
    }
  return g_string_free (s, FALSE);
}

static void
delete_everything (Fixture *f)
{
  GListModel *groups = kd_phrase_service_get_groups (f->svc);

  while (g_list_model_get_n_items (groups) > 0)
    {
      g_autoptr(KdPhraseGroup) g = g_list_model_get_item (groups, 0);
      g_assert_true (kd_phrase_service_delete_group (f->svc, g, NULL, NULL));
    }
}

/* ---------------------------------------------------------------- starter library */

static void
check_starter (Fixture *f)
{
  static const char * const names[] = {
    "问候", "库存与尺码", "发货与物流", "色差", "七天无理由退换", "议价", "正品保证", "催付", "致歉", "告别",
  };
  GListModel *groups = kd_phrase_service_get_groups (f->svc);
  g_autoptr(GPtrArray) all = kd_phrase_service_list_all (f->svc, NULL);
  g_autoptr(GHashTable) used = g_hash_table_new (g_str_hash, g_str_equal);
  guint with_placeholder = 0;

  g_assert_cmpuint (g_list_model_get_n_items (groups), ==, G_N_ELEMENTS (names));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(KdPhraseGroup) g = g_list_model_get_item (groups, i);
      g_assert_cmpstr (kd_phrase_group_get_name (g), ==, names[i]);
      g_assert_cmpint (kd_phrase_group_get_n_phrases (g), >=, 5);
    }

  g_assert_cmpuint (all->len, >=, 60);
  for (guint i = 0; i < all->len; i++)
    {
      KdPhrase *p = g_ptr_array_index (all, i);
      g_autoptr(GError) error = NULL;

      g_assert_true (kd_phrase_validate (p, &error));
      g_assert_no_error (error);
      g_assert_true (kd_phrase_shortcut_is_valid (kd_phrase_get_shortcut (p)));
      g_assert_false (g_hash_table_contains (used, kd_phrase_get_shortcut (p)));
      g_hash_table_add (used, (gpointer) kd_phrase_get_shortcut (p));
      with_placeholder += strchr (kd_phrase_get_body (p), '{') != NULL;
    }
  g_assert_cmpuint (with_placeholder, >=, 25);

  /* Indexed for search, not just inserted. */
  {
    g_autoptr(GPtrArray) hits = kd_phrase_service_search (f->svc, "tuihuo", 0, NULL);
    g_assert_cmpuint (hits->len, >=, 3);
  }
}

static void
test_starter_new_db (Fixture *f, gconstpointer data)
{
  check_starter (f);
}

static void
test_starter_demo (void)
{
  g_autofree char *dir = g_dir_make_tmp ("kd-test-phrases-demo-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "demo.db", NULL);
  Fixture f = { 0 };
  g_autoptr(GPtrArray) favs = NULL;

  g_assert_true (kd_demo_write (path, NULL));
  f.store = kd_store_open (path, NULL);
  g_assert_nonnull (f.store);
  f.svc = kd_phrase_service_new (f.store);
  check_starter (&f);
  favs = kd_phrase_service_favourites (f.svc, 9, NULL);
  g_assert_cmpuint (favs->len, >=, 3);
  g_clear_pointer (&favs, g_ptr_array_unref);
  g_clear_object (&f.svc);
  kd_store_close (f.store);
  g_assert_finalize_object (f.store);
  kd_test_rm_rf (dir);
}

/* Deleted starter phrases stay deleted when the file is opened again. */
static void
test_starter_not_readded (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_strdup (kd_store_get_path (f->store));
  g_autoptr(GPtrArray) all = NULL;

  delete_everything (f);
  g_clear_object (&f->svc);
  kd_store_close (f->store);
  g_assert_finalize_object (f->store);

  f->store = kd_store_open (path, NULL);
  f->svc = kd_phrase_service_new (f->store);
  all = kd_phrase_service_list_all (f->svc, NULL);
  g_assert_cmpuint (all->len, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (kd_phrase_service_get_groups (f->svc)), ==, 0);
}

/* ---------------------------------------------------------------- CRUD */

static void
test_crud (Fixture *f, gconstpointer data)
{
  g_autoptr(KdPhraseGroup) greet = group_named (f, "问候");
  g_autoptr(KdPhrase) p = kd_phrase_new (kd_phrase_group_get_id (greet), "  新标题 ", "  {customer}您好  ", " New1 ");
  g_autoptr(KdPhrase) dup = NULL;
  g_autoptr(KdPhrase) again = NULL;
  gint64 before_use, after_use;
  g_autoptr(GError) error = NULL;
  int n_before = kd_phrase_group_get_n_phrases (greet);
  gint64 id;

  g_assert_true (kd_phrase_service_save (f->svc, p, &error));
  g_assert_no_error (error);
  id = kd_phrase_get_id (p);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpstr (kd_phrase_get_title (p), ==, "新标题");
  g_assert_cmpstr (kd_phrase_get_body (p), ==, "{customer}您好");
  g_assert_cmpstr (kd_phrase_get_shortcut (p), ==, "New1");
  g_assert_cmpstr (kd_phrase_get_group_name (p), ==, "问候");
  g_assert_cmpint (kd_phrase_get_position (p), ==, n_before);       /* last in its group */
  g_assert_cmpint (kd_phrase_group_get_n_phrases (greet), ==, n_before + 1);  /* the list followed */

  /* Shortcuts are unique ignoring case. */
  dup = kd_phrase_new (kd_phrase_group_get_id (greet), "", "别的", "NEW1");
  g_assert_false (kd_phrase_service_save (f->svc, dup, &error));
  g_assert_error (error, KD_STORE_ERROR, KD_STORE_ERROR_DUPLICATE);
  g_assert_nonnull (strstr (error->message, "NEW1"));
  g_clear_error (&error);
  kd_phrase_set_shortcut (dup, "hy");
  g_assert_false (kd_phrase_service_save (f->svc, dup, &error));
  g_assert_error (error, KD_STORE_ERROR, KD_STORE_ERROR_DUPLICATE);
  g_clear_error (&error);
  {
    g_autoptr(KdPhrase) holder = kd_phrase_service_find_shortcut_holder (f->svc, "new1", 0, NULL);
    g_autoptr(KdPhrase) self_only = kd_phrase_service_find_shortcut_holder (f->svc, "new1", id, NULL);
    g_assert_nonnull (holder);
    g_assert_cmpint (kd_phrase_get_id (holder), ==, id);
    g_assert_null (self_only);
  }

  /* Validation names the field; nothing is written. */
  kd_phrase_set_shortcut (dup, "ok2");
  kd_phrase_set_body (dup, "{custmer}");
  g_assert_false (kd_phrase_service_save (f->svc, dup, &error));
  g_assert_error (error, KD_VALIDATION_ERROR, KD_PHRASE_FIELD_BODY);
  g_clear_error (&error);
  kd_phrase_set_body (dup, "好");
  kd_phrase_set_group_id (dup, 999);
  g_assert_false (kd_phrase_service_save (f->svc, dup, &error));
  g_assert_error (error, KD_VALIDATION_ERROR, KD_PHRASE_FIELD_GROUP);
  g_clear_error (&error);

  /* Update keeps the counts the store keeps. The test clock starts at
   * 09:00 and runs on with real time: the use is stamped between the
   * clock's readings before and after it. */
  before_use = kd_clock_now_unix (NULL);
  g_assert_true (kd_phrase_service_record_use (f->svc, id, NULL));
  after_use = kd_clock_now_unix (NULL);
  kd_phrase_set_body (p, "改过的正文");
  kd_phrase_set_use_count (p, 0);       /* a stale editor copy */
  g_assert_true (kd_phrase_service_save (f->svc, p, &error));
  again = find_shortcut (f, "new1");
  g_assert_cmpstr (kd_phrase_get_body (again), ==, "改过的正文");
  g_assert_cmpint (kd_phrase_get_use_count (again), ==, 1);
  g_assert_cmpint (before_use, >=, 1795568400);
  g_assert_cmpint (kd_phrase_get_last_used (again), >=, before_use);
  g_assert_cmpint (kd_phrase_get_last_used (again), <=, after_use);

  /* Delete, then undo puts it back as it was. */
  g_assert_true (kd_phrase_service_delete (f->svc, again, &error));
  g_assert_null (find_shortcut (f, "new1"));
  {
    g_autoptr(GPtrArray) hits = kd_phrase_service_search (f->svc, "改过的正文", 0, NULL);
    g_assert_cmpuint (hits->len, ==, 0);     /* the search row went too */
  }
  g_assert_true (kd_phrase_service_restore (f->svc, again, &error));
  g_assert_no_error (error);
  {
    g_autoptr(KdPhrase) back = find_shortcut (f, "new1");
    g_autoptr(GPtrArray) hits = kd_phrase_service_search (f->svc, "改过的正文", 0, NULL);
    g_assert_cmpint (kd_phrase_get_id (back), ==, id);
    g_assert_cmpint (kd_phrase_get_use_count (back), ==, 1);
    g_assert_cmpint (kd_phrase_get_position (back), ==, n_before);
    g_assert_cmpuint (hits->len, ==, 1);
  }
}

/* ---------------------------------------------------------------- groups */

static void
test_groups (Fixture *f, gconstpointer data)
{
  GListModel *groups = kd_phrase_service_get_groups (f->svc);
  guint n = g_list_model_get_n_items (groups);
  g_autoptr(KdPhraseGroup) mine = kd_phrase_group_new (" 活动 ");
  g_autoptr(KdPhraseGroup) clash = kd_phrase_group_new ("问候");
  g_autoptr(KdPhraseGroup) color = group_named (f, "色差");
  g_autoptr(GPtrArray) removed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  /* Add: last. */
  g_assert_true (kd_phrase_service_save_group (f->svc, mine, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (kd_phrase_group_get_name (mine), ==, "活动");
  g_assert_cmpuint (g_list_model_get_n_items (groups), ==, n + 1);
  {
    g_autoptr(KdPhraseGroup) last = g_list_model_get_item (groups, n);
    g_assert_cmpint (kd_phrase_group_get_id (last), ==, kd_phrase_group_get_id (mine));
  }
  g_assert_false (kd_phrase_service_save_group (f->svc, clash, &error));
  g_assert_error (error, KD_STORE_ERROR, KD_STORE_ERROR_DUPLICATE);
  g_clear_error (&error);

  /* Rename: in place, phrases follow. */
  kd_phrase_group_set_name (color, "色差说明");
  g_assert_true (kd_phrase_service_save_group (f->svc, color, &error));
  {
    g_autoptr(KdPhrase) sc = find_shortcut (f, "sc");
    g_autoptr(KdPhraseGroup) in_list = g_list_model_get_item (groups, 3);
    g_assert_cmpstr (kd_phrase_get_group_name (sc), ==, "色差说明");
    g_assert_cmpstr (kd_phrase_group_get_name (in_list), ==, "色差说明");
  }

  /* Reorder: move the new group first. */
  g_assert_true (kd_phrase_service_move_group (f->svc, kd_phrase_group_get_id (mine), 0, &error));
  {
    g_autoptr(KdPhraseGroup) first = g_list_model_get_item (groups, 0);
    g_autoptr(KdPhraseGroup) second = g_list_model_get_item (groups, 1);
    g_assert_cmpstr (kd_phrase_group_get_name (first), ==, "活动");
    g_assert_cmpstr (kd_phrase_group_get_name (second), ==, "问候");
    g_assert_cmpint (kd_phrase_group_get_position (second), ==, 1);
  }
  g_assert_true (kd_phrase_service_move_group (f->svc, kd_phrase_group_get_id (mine), 99, &error));
  {
    g_autoptr(KdPhraseGroup) last = g_list_model_get_item (groups, n);
    g_assert_cmpstr (kd_phrase_group_get_name (last), ==, "活动");
  }

  /* Move a phrase into it: last there. */
  {
    g_autoptr(KdPhrase) yj = find_shortcut (f, "yj");
    g_autoptr(KdPhrase) moved = NULL;
    g_assert_true (kd_phrase_service_move_phrase (f->svc, kd_phrase_get_id (yj), kd_phrase_group_get_id (mine), &error));
    moved = find_shortcut (f, "yj");
    g_assert_cmpint (kd_phrase_get_group_id (moved), ==, kd_phrase_group_get_id (mine));
    g_assert_cmpstr (kd_phrase_get_group_name (moved), ==, "活动");
    g_assert_cmpint (kd_phrase_get_position (moved), ==, 0);
  }

  /* Delete with undo: the group, its place and its phrases come back. */
  before = dump (f, TRUE);
  {
    g_autoptr(KdPhraseGroup) copy = kd_phrase_group_copy (color);
    int n_phrases = kd_phrase_group_get_n_phrases (color);

    g_assert_true (kd_phrase_service_delete_group (f->svc, copy, &removed, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (removed->len, ==, (guint) n_phrases);
    g_assert_null (group_named (f, "色差说明"));
    g_assert_null (find_shortcut (f, "sc"));
    {
      g_autoptr(GPtrArray) hits = kd_phrase_service_search (f->svc, "色差", 0, NULL);
      for (guint i = 0; i < hits->len; i++)
        g_assert_cmpstr (kd_phrase_get_group_name (g_ptr_array_index (hits, i)), !=, "色差说明");
    }
    g_assert_true (kd_phrase_service_restore_group (f->svc, copy, removed, &error));
    g_assert_no_error (error);
  }
  after = dump (f, TRUE);
  g_assert_cmpstr (after, ==, before);
  {
    g_autoptr(KdPhraseGroup) back = g_list_model_get_item (groups, 3);
    g_assert_cmpstr (kd_phrase_group_get_name (back), ==, "色差说明");
  }
}

/* ---------------------------------------------------------------- ranking */

static char *
shortcuts_of (GPtrArray *list, guint max)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < list->len && i < max; i++)
    g_string_append_printf (s, "%s%s", i ? "," : "", kd_phrase_get_shortcut (g_ptr_array_index (list, i)));
  return g_string_free (s, FALSE);
}

static void
set_favourite (Fixture *f, const char *shortcut)
{
  g_autoptr(KdPhrase) p = find_shortcut (f, shortcut);

  kd_phrase_set_favourite (p, TRUE);
  g_assert_true (kd_phrase_service_save (f->svc, p, NULL));
}

static void
use (Fixture *f, const char *shortcut, guint times)
{
  g_autoptr(KdPhrase) p = find_shortcut (f, shortcut);

  for (guint i = 0; i < times; i++)
    g_assert_true (kd_phrase_service_record_use (f->svc, kd_phrase_get_id (p), NULL));
}

static void
test_ranking (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) hits = NULL;
  g_autofree char *order = NULL;

  /* 退货 is in th, yfx, tk (and more); make yfx a favourite, tk used most. */
  set_favourite (f, "yfx");
  use (f, "tk", 3);
  use (f, "thdz", 1);
  hits = kd_phrase_service_search (f->svc, "退货", 0, NULL);
  order = shortcuts_of (hits, 3);
  g_assert_cmpstr (order, ==, "yfx,tk,thdz");

  /* An exact shortcut beats everything, whatever the case typed. */
  g_clear_pointer (&hits, g_ptr_array_unref);
  g_clear_pointer (&order, g_free);
  hits = kd_phrase_service_search (f->svc, "TH", 0, NULL);
  order = shortcuts_of (hits, 1);
  g_assert_cmpstr (order, ==, "th");

  /* Recency breaks a tie in use count. */
  g_assert_true (kd_clock_init_default ("2026-11-25T10:00:00+08:00", NULL));
  use (f, "yfx", 3);
  g_clear_pointer (&hits, g_ptr_array_unref);
  g_clear_pointer (&order, g_free);
  hits = kd_phrase_service_search (f->svc, "", 3, NULL);
  order = shortcuts_of (hits, 3);
  g_assert_cmpstr (order, ==, "yfx,tk,thdz");
  use (f, "thdz", 2);  /* thdz: 3 uses, later than tk's */
  g_clear_pointer (&hits, g_ptr_array_unref);
  g_clear_pointer (&order, g_free);
  hits = kd_phrase_service_search (f->svc, "", 3, NULL);
  order = shortcuts_of (hits, 3);
  g_assert_cmpstr (order, ==, "yfx,thdz,tk");

  /* Favourites: library order, for Ctrl+1…9. */
  set_favourite (f, "hy");
  g_clear_pointer (&hits, g_ptr_array_unref);
  g_clear_pointer (&order, g_free);
  hits = kd_phrase_service_favourites (f->svc, 9, NULL);
  order = shortcuts_of (hits, 9);
  g_assert_cmpstr (order, ==, "hy,yfx");
}

/* ---------------------------------------------------------------- search against a reference */

typedef struct {
  gint64   id;
  char    *shortcut;
  gboolean favourite;
  int      use_count;
  gint64   last_used;
  char    *folded, *pinyin, *initials;
} Ref;

static void
ref_free (Ref *r)
{
  g_free (r->shortcut);
  g_free (r->folded);
  g_free (r->pinyin);
  g_free (r->initials);
  g_free (r);
}

static GPtrArray *
reference_library (Fixture *f)
{
  g_autoptr(GPtrArray) all = kd_phrase_service_list_all (f->svc, NULL);
  GPtrArray *refs = g_ptr_array_new_with_free_func ((GDestroyNotify) ref_free);

  for (guint i = 0; i < all->len; i++)
    {
      KdPhrase *p = g_ptr_array_index (all, i);
      g_autofree char *text = kd_phrase_dup_search_text (p);
      Ref *r = g_new0 (Ref, 1);

      r->id = kd_phrase_get_id (p);
      r->shortcut = g_ascii_strdown (kd_phrase_get_shortcut (p), -1);
      r->favourite = kd_phrase_get_favourite (p);
      r->use_count = kd_phrase_get_use_count (p);
      r->last_used = kd_phrase_get_last_used (p);
      r->folded = kd_search_fold (text);
      r->pinyin = kd_search_pinyin (r->folded, &r->initials);
      g_ptr_array_add (refs, r);
    }
  return refs;
}

static const char *rank_key;

static int
compare_rank (gconstpointer a, gconstpointer b)
{
  const Ref *x = *(const Ref **) a, *y = *(const Ref **) b;
  int ex = rank_key && g_str_equal (x->shortcut, rank_key);
  int ey = rank_key && g_str_equal (y->shortcut, rank_key);

  if (ex != ey) return ey - ex;
  if (x->favourite != y->favourite) return y->favourite - x->favourite;
  if (x->use_count != y->use_count) return y->use_count - x->use_count;
  if (x->last_used != y->last_used) return y->last_used > x->last_used ? 1 : -1;
  return x->id < y->id ? -1 : x->id > y->id;
}

/* The definition of a match and of the order, by brute force in C. */
static char *
reference_search (GPtrArray *refs, const char *query)
{
  g_autofree char *raw = kd_search_fold (query);
  g_autofree char *q = g_strstrip (g_strdup (raw));
  g_autofree char *sq = kd_search_squeeze (q);
  g_autofree char *trimmed = g_strstrip (g_strdup (query));
  g_autofree char *key = g_ascii_strdown (trimmed, -1);
  g_autoptr(GPtrArray) hits = g_ptr_array_new ();
  gboolean latin = kd_search_is_latin (q);
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < refs->len; i++)
    {
      Ref *r = g_ptr_array_index (refs, i);
      if (*q == '\0' || strstr (r->folded, q) != NULL ||
          (latin && strlen (sq) >= 2 && (strstr (r->pinyin, sq) != NULL || strstr (r->initials, sq) != NULL)))
        g_ptr_array_add (hits, r);
    }
  rank_key = kd_phrase_shortcut_is_valid (key) ? key : NULL;
  g_ptr_array_sort (hits, compare_rank);
  rank_key = NULL;
  for (guint i = 0; i < hits->len; i++)
    g_string_append_printf (s, "%s%" G_GINT64_FORMAT, i ? "," : "", ((Ref *) g_ptr_array_index (hits, i))->id);
  return g_string_free (s, FALSE);
}

static char *
service_search (Fixture *f, const char *query)
{
  g_autoptr(GPtrArray) hits = kd_phrase_service_search (f->svc, query, 0, NULL);
  GString *s = g_string_new (NULL);

  g_assert_nonnull (hits);
  for (guint i = 0; i < hits->len; i++)
    g_string_append_printf (s, "%s%" G_GINT64_FORMAT, i ? "," : "", kd_phrase_get_id (g_ptr_array_index (hits, i)));
  return g_string_free (s, FALSE);
}

static gboolean
contains_shortcut (Fixture *f, const char *query, const char *shortcut)
{
  g_autoptr(GPtrArray) hits = kd_phrase_service_search (f->svc, query, 0, NULL);

  for (guint i = 0; i < hits->len; i++)
    if (g_str_equal (kd_phrase_get_shortcut (g_ptr_array_index (hits, i)), shortcut))
      return TRUE;
  return FALSE;
}

static void
test_search_reference (Fixture *f, gconstpointer data)
{
  static const char * const queries[] = {
    "退", "货", "退货", "色差", "运费险", "七天无理由", "退貨", "運費險",   /* 1, 2, 3+, Traditional */
    "tuihuo", "tui huo", "TuiHuo", "th", "thh", "sf", "yfx",              /* pinyin, initials, shortcuts */
    "16:00", "m码", "ｍ码", "顺丰10元", "{order}", "hy2", "1-3天", "ＸＬ",   /* mixed, full-width */
    "不存在的词", "\"", "OR", "   ",
  };
  g_autoptr(GPtrArray) refs = NULL;
  GRand *rand = g_rand_new_with_seed (10);

  /* Some extra phrases so Traditional and mixed text are in the library. */
  {
    g_autoptr(KdPhraseGroup) g = group_named (f, "告别");
    const char *bodies[] = { "退貨請聯繫客服", "ＸＬ码还有库存", "Size M码偏小" };
    for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
      {
        g_autoptr(KdPhrase) p = kd_phrase_new (kd_phrase_group_get_id (g), "", bodies[i], "");
        g_assert_true (kd_phrase_service_save (f->svc, p, NULL));
      }
  }
  use (f, "tk", 2);
  set_favourite (f, "qs");
  refs = reference_library (f);

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autofree char *got = service_search (f, queries[i]);
      g_autofree char *want = reference_search (refs, queries[i]);
      g_assert_cmpstr (got, ==, want);
    }

  /* Random substrings (1–4 characters) of random phrases, and their pinyin. */
  for (guint round = 0; round < 200; round++)
    {
      Ref *r = g_ptr_array_index (refs, g_rand_int_range (rand, 0, refs->len));
      glong n = g_utf8_strlen (r->folded, -1);
      glong len = g_rand_int_range (rand, 1, 5);
      glong start = g_rand_int_range (rand, 0, MAX (1, n - len + 1));
      const char *a = g_utf8_offset_to_pointer (r->folded, start);
      const char *b = g_utf8_offset_to_pointer (r->folded, MIN (n, start + len));
      g_autofree char *q = g_strndup (a, b - a);
      g_autofree char *got = NULL, *want = NULL;

      if (round % 3 == 0)
        {
          g_autofree char *py = kd_search_pinyin (q, NULL);
          if (*py != '\0')
            {
              g_autofree char *got_py = service_search (f, py);
              g_autofree char *want_py = reference_search (refs, py);
              g_assert_cmpstr (got_py, ==, want_py);
            }
        }
      got = service_search (f, q);
      want = reference_search (refs, q);
      g_assert_cmpstr (got, ==, want);
    }
  g_rand_free (rand);

  /* What the issue asks by name. */
  g_assert_true (contains_shortcut (f, "tuihuo", "th"));
  g_assert_true (contains_shortcut (f, "tui huo", "th"));
  g_assert_true (contains_shortcut (f, "th", "th7"));       /* 退换 (七天无理由退换货) */
  g_assert_true (contains_shortcut (f, "th", "th"));        /* 退货 */
  g_assert_true (contains_shortcut (f, "退貨", "th"));
}

/* ---------------------------------------------------------------- the model */

static void
wait_loaded (KdQueryModel *model)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  do
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      if (!kd_query_model_get_loading (model))
        return;
      g_usleep (500);
    }
  while (g_get_monotonic_time () < deadline);
  g_assert_not_reached ();
}

static void
test_model (Fixture *f, gconstpointer data)
{
  g_autoptr(KdQueryModel) model = kd_phrase_service_create_model (f->svc);
  g_autoptr(KdPhraseGroup) greet = group_named (f, "问候");
  g_autoptr(GPtrArray) hits = NULL;

  g_assert_cmpstr (kd_query_model_get_sort_key (model), ==, "rank");
  wait_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), >=, 60);

  /* The model's order is the service search's. */
  kd_query_model_set_search (model, "th");
  wait_loaded (model);
  hits = kd_phrase_service_search (f->svc, "th", 0, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, hits->len);
  for (guint i = 0; i < hits->len; i++)
    g_assert_cmpint (kd_query_model_get_id (model, i), ==, kd_phrase_get_id (g_ptr_array_index (hits, i)));
  {
    g_autoptr(KdPhrase) first = g_list_model_get_item (G_LIST_MODEL (model), 0);
    g_assert_cmpint (kd_phrase_get_id (first), ==, kd_query_model_get_id (model, 0));
  }

  /* Filter by group, sorted by position. */
  kd_query_model_set_search (model, NULL);
  g_assert_true (kd_query_model_set_filter (model, "group", g_variant_new_int64 (kd_phrase_group_get_id (greet))));
  g_assert_true (kd_query_model_set_sort (model, "position", FALSE));
  wait_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==,
                    (guint) kd_phrase_group_get_n_phrases (greet));
  {
    g_autoptr(KdPhrase) hy = find_shortcut (f, "hy");
    g_assert_cmpint (kd_query_model_get_id (model, 0), ==, kd_phrase_get_id (hy));
  }

  /* A write shows up. */
  {
    g_autoptr(KdPhrase) p = kd_phrase_new (kd_phrase_group_get_id (greet), "", "新的问候", "xin");
    guint n = g_list_model_get_n_items (G_LIST_MODEL (model));
    g_assert_true (kd_phrase_service_save (f->svc, p, NULL));
    wait_loaded (model);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n + 1);
  }
}

/* ---------------------------------------------------------------- async */

static void
on_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static void
test_async (Fixture *f, gconstpointer data)
{
  g_autoptr(KdPhraseGroup) greet = group_named (f, "问候");
  g_autoptr(KdPhrase) p = kd_phrase_new (kd_phrase_group_get_id (greet), "", "异步保存", "async1");
  g_autoptr(KdPhrase) saved = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *good = fixture_path ("kefu-crlf.csv");
  g_autofree char *bad = fixture_path ("kefu-duplicate-shortcut.csv");
  g_autofree char *out = g_build_filename (f->dir, "async.csv", NULL);
  KdPhraseImportCounts counts = { 0 };
  GAsyncResult *res = NULL;
  guint n = 0;

  kd_phrase_service_save_async (f->svc, p, NULL, on_done, &res);
  saved = kd_phrase_service_save_finish (f->svc, wait_result (&res), &error);
  g_assert_no_error (error);
  g_assert_cmpint (kd_phrase_get_id (saved), >, 0);
  g_clear_object (&res);

  kd_phrase_service_record_use_async (f->svc, kd_phrase_get_id (saved));
  /* Writes run in queue order: once a later one is done, the use is counted. */
  g_assert_true (kd_phrase_service_move_phrase (f->svc, kd_phrase_get_id (saved), kd_phrase_get_group_id (saved), NULL));
  kd_phrase_service_find_shortcut_holder_async (f->svc, "ASYNC1", 0, NULL, on_done, &res);
  {
    g_autoptr(KdPhrase) holder = kd_phrase_service_find_shortcut_holder_finish (f->svc, wait_result (&res), &error);
    g_assert_no_error (error);
    g_assert_cmpint (kd_phrase_get_use_count (holder), ==, 1);
  }
  g_clear_object (&res);

  kd_phrase_service_delete_async (f->svc, saved, NULL, on_done, &res);
  g_assert_true (kd_phrase_service_delete_finish (f->svc, wait_result (&res), &error));
  g_clear_object (&res);
  kd_phrase_service_restore_async (f->svc, saved, NULL, on_done, &res);
  g_assert_true (kd_phrase_service_restore_finish (f->svc, wait_result (&res), &error));
  g_clear_object (&res);

  kd_phrase_service_import_async (f->svc, good, NULL, on_done, &res);
  g_assert_true (kd_phrase_service_import_finish (f->svc, wait_result (&res), &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.updated, ==, 2);
  g_clear_object (&res);

  kd_phrase_service_import_async (f->svc, bad, NULL, on_done, &res);
  g_assert_false (kd_phrase_service_import_finish (f->svc, wait_result (&res), &counts, &error));
  g_assert_error (error, KD_PHRASE_CSV_ERROR, KD_PHRASE_CSV_ERROR_DUPLICATE);
  g_clear_error (&error);
  g_clear_object (&res);

  kd_phrase_service_export_async (f->svc, out, KD_PHRASE_FORMAT_QIANNIU, NULL, on_done, &res);
  g_assert_true (kd_phrase_service_export_finish (f->svc, wait_result (&res), &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, >=, 60);
  g_clear_object (&res);
}

/* ---------------------------------------------------------------- import / export */

static void
test_import (Fixture *f, gconstpointer data)
{
  g_autofree char *gbk = fixture_path ("qianniu-gbk.csv");
  g_autofree char *before = NULL;
  KdPhraseImportCounts counts = { 0 };
  g_autoptr(GError) error = NULL;
  const char *refused[] = {
    "empty.csv", "kefu-no-header.csv", "kefu-duplicate-shortcut.csv", "kefu-unknown-placeholder.csv",
    "kefu-long-body.csv", "kefu-bad-quote.csv",
  };

  /* Qianniu GBK: hy is merged (title kept), fh and wfz added, 发货 and 未分组 created. */
  {
    g_autoptr(KdPhrase) hy_before = find_shortcut (f, "hy");
    g_autoptr(KdPhrase) hy = NULL;
    g_autoptr(KdPhrase) wfz = NULL;

    g_assert_true (kd_phrase_service_import (f->svc, gbk, &counts, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (counts.added, ==, 1);
    g_assert_cmpuint (counts.updated, ==, 2);
    g_assert_cmpuint (counts.groups_added, ==, 2);
    hy = find_shortcut (f, "hy");
    g_assert_cmpint (kd_phrase_get_id (hy), ==, kd_phrase_get_id (hy_before));
    g_assert_cmpstr (kd_phrase_get_body (hy), ==, "亲，您好,欢迎光临！\n有什么可以帮您？");
    g_assert_cmpstr (kd_phrase_get_title (hy), ==, kd_phrase_get_title (hy_before));
    wfz = find_shortcut (f, "wfz");
    g_assert_cmpstr (kd_phrase_get_group_name (wfz), ==, "未分组");
    g_assert_nonnull (group_named (f, "发货"));
  }

  /* Refused files change nothing and say where. */
  before = dump (f, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autofree char *path = fixture_path (refused[i]);
      g_autofree char *after = NULL;
      g_autofree char *where = g_strdup_printf ("%s:", refused[i]);

      g_assert_false (kd_phrase_service_import (f->svc, path, &counts, &error));
      g_assert_nonnull (error);
      g_assert_nonnull (strstr (error->message, where));
      g_clear_error (&error);
      after = dump (f, TRUE);
      g_assert_cmpstr (after, ==, before);
    }

  /* A file that only fails against the database (its shortcut case-folds
   * onto another row's during the merge) is all or nothing too. */
  {
    g_autofree char *path = g_build_filename (f->dir, "late.csv", NULL);
    g_autofree char *after = NULL;

    g_assert_true (g_file_set_contents (path, "group,shortcut,title,body\n新组,nw1,a,新的一条\n"
                                        "新组,nw2,b,\"{custmer}\"\n", -1, NULL));
    g_assert_false (kd_phrase_service_import (f->svc, path, &counts, &error));
    g_assert_nonnull (strstr (error->message, "late.csv:3: "));
    g_clear_error (&error);
    after = dump (f, TRUE);
    g_assert_cmpstr (after, ==, before);
    g_assert_null (group_named (f, "新组"));
  }

  /* Fixtures that import: CRLF, BOM, quoted newlines, header only, the 快捷编码 variant. */
  {
    const char *good[] = { "kefu-crlf.csv", "kefu-bom.csv", "kefu-quoted-newlines.csv", "header-only.csv",
                           "qianniu-kuaijie-bianma.csv", "qianniu-utf8.csv" };
    for (guint i = 0; i < G_N_ELEMENTS (good); i++)
      {
        g_autofree char *path = fixture_path (good[i]);
        g_assert_true (kd_phrase_service_import (f->svc, path, &counts, &error));
        g_assert_no_error (error);
      }
  }
  {
    g_autoptr(KdPhrase) th = find_shortcut (f, "th");
    g_assert_cmpstr (kd_phrase_get_body (th), ==, "退货请在订单里申请售后\n审核后寄回");
    g_assert_cmpstr (kd_phrase_get_group_name (th), ==, "售后");
  }
}

static void
round_trip (Fixture *f, KdPhraseFormat format)
{
  g_autofree char *path = g_build_filename (f->dir, format == KD_PHRASE_FORMAT_KEFU ? "out.csv" : "qn.csv", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  KdPhraseImportCounts counts = { 0 };
  guint n = 0;
  gboolean titles = format == KD_PHRASE_FORMAT_KEFU;

  /* Some awkward text first. */
  {
    g_autoptr(KdPhraseGroup) g = group_named (f, "问候");
    g_autoptr(KdPhrase) p = kd_phrase_new (kd_phrase_group_get_id (g), "引号, 逗号",
                                           "第一行\n第二行, 有逗号 \"引号\" 和 😊", "odd1");
    g_assert_true (kd_phrase_service_save (f->svc, p, NULL));
  }
  before = dump (f, titles);
  g_assert_true (kd_phrase_service_export (f->svc, path, format, &n, &error));
  g_assert_no_error (error);

  /* Never overwrites. */
  g_assert_false (kd_phrase_service_export (f->svc, path, format, &n, &error));
  g_assert_error (error, KD_STORE_ERROR, KD_STORE_ERROR_EXISTS);
  g_clear_error (&error);

  delete_everything (f);
  g_assert_true (kd_phrase_service_import (f->svc, path, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.added, ==, n);
  g_assert_cmpuint (counts.updated, ==, 0);
  g_assert_cmpuint (counts.groups_added, ==, 10);
  after = dump (f, titles);
  g_assert_cmpstr (after, ==, before);

  /* Importing the same file again only updates. */
  g_assert_true (kd_phrase_service_import (f->svc, path, &counts, &error));
  g_assert_cmpuint (counts.added, ==, 0);
  g_assert_cmpuint (counts.updated, ==, n);
}

static void
test_round_trip_kefu (Fixture *f, gconstpointer data)
{
  round_trip (f, KD_PHRASE_FORMAT_KEFU);
}

static void
test_round_trip_qianniu (Fixture *f, gconstpointer data)
{
  round_trip (f, KD_PHRASE_FORMAT_QIANNIU);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/phrase-service/starter/new-db", test_starter_new_db);
  g_test_add_func ("/phrase-service/starter/demo", test_starter_demo);
  ADD ("/phrase-service/starter/not-re-added", test_starter_not_readded);
  ADD ("/phrase-service/crud", test_crud);
  ADD ("/phrase-service/groups", test_groups);
  ADD ("/phrase-service/ranking", test_ranking);
  ADD ("/phrase-service/search-reference", test_search_reference);
  ADD ("/phrase-service/model", test_model);
  ADD ("/phrase-service/async", test_async);
  ADD ("/phrase-service/import", test_import);
  ADD ("/phrase-service/round-trip-kefu", test_round_trip_kefu);
  ADD ("/phrase-service/round-trip-qianniu", test_round_trip_qianniu);
  return g_test_run ();
}
