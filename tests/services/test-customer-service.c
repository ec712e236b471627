/* test-customer-service.c: customers over the real store: validation and uniqueness, search (CJK, pinyin, phone digits, Traditional), tag filters, tags (merge, delete cascade), bulk writes and their undo, profile merge with orders and audit rows, reveal and export audit, the customer file, purchase history. */
#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gio.h>
#include <gio/gsettingsbackend.h>
#include <glib/gstdio.h>
#include <string.h>

#include "kd-clock.h"
#include "kd-customer-csv.h"
#include "kd-customer-repo.h"
#include "kd-audit-repo.h"
#include "kd-customer-service.h"
#include "kd-demo.h"
#include "kd-error.h"
#include "kd-query-model.h"
#include "kd-staff-service.h"
#include "kd-store-private.h"
#include "kd-store.h"
#include "kd-test-util.h"

typedef struct {
  char              *dir;
  KdStore           *store;
  KdStaffService    *staff;
  KdDeskSession     *session;
  GSettings         *settings;
  KdCustomerService *svc;
  gint64             agent_id;
} Fixture;

static gboolean
exec_job (KdConn *conn, gpointer data, GError **error)
{
  return kd_conn_exec (conn, data, error);
}

static void
exec (Fixture *f, const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_assert_true (kd_store_write (f->store, exec_job, (gpointer) sql, &error));
  g_assert_no_error (error);
}

typedef struct {
  const char *sql;
  gint64      value;
} Scalar;

static gboolean
scalar_job (KdConn *conn, gpointer data, GError **error)
{
  Scalar *s = data;
  sqlite3_stmt *stmt = kd_conn_prepare (conn, s->sql, error);

  if (stmt == NULL)
    return FALSE;
  s->value = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : -1;
  sqlite3_reset (stmt);
  return TRUE;
}

static gint64
scalar (Fixture *f, const char *sql)
{
  Scalar s = { sql, 0 };
  g_assert_true (kd_store_read (f->store, scalar_job, &s, NULL));
  return s.value;
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autofree char *path = NULL;
  g_autoptr(KdStaff) agent = kd_staff_new ("3", "林晓", KD_ROLE_PRESALE, "");
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();

  g_assert_true (kd_clock_init_default ("2026-11-25T09:00:00+08:00", NULL));
  f->dir = g_dir_make_tmp ("kd-test-customers-XXXXXX", NULL);
  path = g_build_filename (f->dir, "shop.db", NULL);
  f->store = kd_store_open_full (path, KD_STORE_OPEN_CREATE, NULL);
  g_assert_nonnull (f->store);
  f->staff = kd_staff_service_new (f->store);
  g_assert_true (kd_staff_service_save (f->staff, agent, NULL));
  f->agent_id = kd_staff_get_id (agent);
  f->settings = g_settings_new_with_backend ("io.github.kefudesk.KefuDesk", backend);
  f->session = kd_desk_session_new (f->store, f->staff, f->settings);
  g_assert_true (kd_desk_session_sign_in (f->session, "3", NULL));
  f->svc = kd_customer_service_new (f->store, f->session);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->svc);
  g_clear_object (&f->session);
  g_clear_object (&f->settings);
  g_clear_object (&f->staff);
  kd_store_close (f->store);
  /* Let the reads the store's "changed" started come back (closed): a read
   * still on a reader thread holds the store until its callback has run. */
  {
    gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
    while (G_OBJECT (f->store)->ref_count > 1 && g_get_monotonic_time () < end)
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
  }
  g_assert_finalize_object (f->store);
  kd_test_rm_rf (f->dir);
  g_free (f->dir);
}

static gint64
add_customer (Fixture *f, const char *nickname, const char *name, const char *phone, const char *notes)
{
  g_autoptr(KdCustomer) c = kd_customer_new (nickname);
  g_autoptr(KdCustomerChange) change = NULL;
  g_autoptr(GError) error = NULL;

  kd_customer_set_text (&c->real_name, name);
  kd_customer_set_text (&c->notes, notes);
  if (phone != NULL)
    kd_customer_add_contact (c->phones, phone, TRUE);
  change = kd_customer_service_save (f->svc, c, &error);
  g_assert_no_error (error);
  g_assert_nonnull (change);
  return kd_customer_change_get_customer (change)->id;
}

static gint64
add_tag (Fixture *f, const char *name, int colour)
{
  g_autoptr(KdTag) tag = kd_tag_new (name, colour);
  g_autoptr(KdCustomerChange) change = kd_customer_service_save_tag (f->svc, tag, NULL);

  g_assert_nonnull (change);
  return kd_tag_get_id (kd_customer_change_get_tag (change));
}

/* Nicknames found for @query, joined by ',' in the model's order. */
static char *
found (Fixture *f, const char *query, const gint64 *tags, guint n_tags, gboolean any)
{
  g_autoptr(GPtrArray) list = kd_customer_service_search (f->svc, query, tags, n_tags, any, 0, NULL);
  GString *s = g_string_new (NULL);

  g_assert_nonnull (list);
  for (guint i = 0; i < list->len; i++)
    g_string_append_printf (s, "%s%s", i ? "," : "", KD_CUSTOMER (g_ptr_array_index (list, i))->nickname);
  return g_string_free (s, FALSE);
}

/* Every customer's search row holds the keys of their tags, as the
 * migration writes them (0012) and the repository keeps them. */
#define KEYS_MISMATCHED "SELECT count(*) FROM search_rows s WHERE domain = 'customer' AND keys <> coalesce(" \
  "(SELECT group_concat(char(983040 + tag_id / 65534, 1048576 + tag_id % 65534), ' ') FROM " \
  "(SELECT tag_id FROM customer_tags WHERE customer_id = s.ref_id ORDER BY tag_id)), '')"

#define assert_found_tagged(f, q, tag, want) G_STMT_START { gint64 tag_ = (tag); \
  g_autofree char *got_ = found (f, q, &tag_, 1, FALSE); \
  g_assert_cmpstr (got_, ==, want); } G_STMT_END

#define assert_found(f, q, want) G_STMT_START { g_autofree char *got_ = found (f, q, NULL, 0, FALSE); \
  g_assert_cmpstr (got_, ==, want); } G_STMT_END

/* ---------------------------------------------------------------- profiles */

static void
test_save_and_validate (Fixture *f, gconstpointer data)
{
  g_autoptr(KdCustomer) c = kd_customer_new ("  小鱼儿  ");
  g_autoptr(KdCustomer) dup = kd_customer_new ("小魚兒");  /* Traditional: a different nickname */
  g_autoptr(KdCustomer) same = kd_customer_new ("ＬＵＣＹ");
  g_autoptr(KdCustomerChange) change = NULL;
  g_autoptr(KdCustomer) loaded = NULL;
  g_autoptr(GError) error = NULL;

  kd_customer_add_contact (c->phones, "13800001234", TRUE);
  kd_customer_add_contact (c->phones, "13900005678", FALSE);
  kd_customer_add_contact (c->addresses, "浙江省杭州市西湖区文三路90号", TRUE);
  c->height_cm = 40;
  g_assert_null (kd_customer_service_save (f->svc, c, &error));
  g_assert_error (error, KD_VALIDATION_ERROR, KD_CUSTOMER_FIELD_HEIGHT);
  g_clear_error (&error);
  c->height_cm = 165;
  kd_customer_set_text (&c->birthday, "2023-02-29");
  g_assert_null (kd_customer_service_save (f->svc, c, &error));
  g_assert_error (error, KD_VALIDATION_ERROR, KD_CUSTOMER_FIELD_BIRTHDAY);
  g_clear_error (&error);
  kd_customer_set_text (&c->birthday, "2024-02-29");
  c->blacklisted = TRUE;
  g_assert_null (kd_customer_service_save (f->svc, c, &error));
  g_assert_error (error, KD_VALIDATION_ERROR, KD_CUSTOMER_FIELD_BLACKLIST_REASON);
  g_clear_error (&error);
  kd_customer_set_text (&c->blacklist_reason, "恶意退货");

  change = kd_customer_service_save (f->svc, c, &error);
  g_assert_no_error (error);
  loaded = kd_customer_service_load (f->svc, kd_customer_change_get_customer (change)->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (loaded->nickname, ==, "小鱼儿");
  g_assert_cmpuint (loaded->phones->len, ==, 2);
  g_assert_cmpstr (kd_customer_get_default_contact (loaded->phones), ==, "13800001234");
  g_assert_cmpstr (kd_customer_get_default_contact (loaded->addresses), ==, "浙江省杭州市西湖区文三路90号");
  /* Blacklisting is stamped with whoever is signed in. */
  g_assert_true (loaded->blacklisted);
  g_assert_cmpint (loaded->blacklisted_by, ==, f->agent_id);
  g_assert_cmpstr (loaded->blacklisted_by_name, ==, "林晓");
  g_assert_cmpint (loaded->blacklisted_at, ==, kd_clock_now_unix (NULL));

  /* Uniqueness ignores case and width, not Traditional/Simplified. */
  g_clear_pointer (&change, kd_customer_change_unref);
  g_assert_nonnull ((change = kd_customer_service_save (f->svc, dup, &error)));
  g_assert_no_error (error);
  add_customer (f, "lucy", "", NULL, "");
  g_assert_null (kd_customer_service_save (f->svc, same, &error));
  g_assert_error (error, KD_VALIDATION_ERROR, KD_CUSTOMER_FIELD_NICKNAME);
  g_clear_error (&error);
  {
    g_autoptr(KdCustomer) holder = kd_customer_service_find_nickname (f->svc, "LUCY", 0, &error);
    g_assert_no_error (error);
    g_assert_nonnull (holder);
    g_assert_cmpstr (holder->nickname, ==, "lucy");
  }
}

static void
test_search (Fixture *f, gconstpointer data)
{
  add_customer (f, "爱吃草莓的猫", "杨晨", "13800001234", "尺码偏大，建议拍小一码");
  add_customer (f, "晚风", "李思琪", "139-0000-5678", "喜欢讲价，送个小礼品就会下单");
  add_customer (f, "tb_8823", "", "17700009999", "收货地址是公司");
  add_customer (f, "小鹿", "王静", NULL, "對顏色很敏感");

  assert_found (f, "尺码", "爱吃草莓的猫");         /* two characters of a note */
  assert_found (f, "草", "爱吃草莓的猫");           /* one */
  assert_found (f, "讲价", "晚风");
  assert_found (f, "颜色", "小鹿");                  /* Simplified finds Traditional */
  assert_found (f, "講價", "晚风");                  /* and the reverse */
  assert_found (f, "yangchen", "爱吃草莓的猫");      /* pinyin of the name */
  assert_found (f, "yang chen", "爱吃草莓的猫");
  assert_found (f, "lsq", "晚风");                   /* initials of the name */
  assert_found (f, "5678", "晚风");                  /* phone digits, typed with dashes */
  assert_found (f, "13900005678", "晚风");
  assert_found (f, "８８２３", "tb_8823");           /* full-width digits */
  assert_found (f, "TB_", "tb_8823");
  assert_found (f, "退货", "");
  /* Pinyin comes from nickname and name only: "songge" is in a note. */
  assert_found (f, "songge", "");
}

static void
test_tag_filters (Fixture *f, gconstpointer data)
{
  gint64 vip = add_tag (f, "VIP", 3), bargain = add_tag (f, "爱讲价", 4), big = add_tag (f, "尺码偏大", 1);
  gint64 a = add_customer (f, "阿猫", "", NULL, "老客户");
  gint64 b = add_customer (f, "白兔", "", NULL, "老客户");
  gint64 c = add_customer (f, "橙子", "", NULL, "新客");
  gint64 both[] = { vip, bargain };
  gint64 ab[] = { a, b }, bc[] = { b, c };
  g_autoptr(KdCustomerChange) t1 = kd_customer_service_tag (f->svc, ab, 2, vip, TRUE, NULL);
  g_autoptr(KdCustomerChange) t2 = kd_customer_service_tag (f->svc, bc, 2, bargain, TRUE, NULL);
  g_autofree char *all_of = found (f, "", both, 2, FALSE);
  g_autofree char *any_of = found (f, "", both, 2, TRUE);
  g_autofree char *with_text = found (f, "老客", both, 2, TRUE);
  g_autofree char *none = found (f, "", &big, 1, FALSE);

  g_assert_cmpuint (kd_customer_change_get_n_changed (t1), ==, 2);
  g_assert_cmpstr (all_of, ==, "白兔");
  g_assert_cmpstr (any_of, ==, "阿猫,白兔,橙子");
  g_assert_cmpstr (with_text, ==, "阿猫,白兔");
  g_assert_cmpstr (none, ==, "");
  /* Text and all-of / any-of tags answered by the search index together. */
  {
    g_autofree char *text_all = found (f, "老客", both, 2, FALSE);
    g_autofree char *pinyin_any = found (f, "chengzi", both, 2, TRUE);
    g_autofree char *pinyin_all = found (f, "chengzi", both, 2, FALSE);
    g_assert_cmpstr (text_all, ==, "白兔");
    g_assert_cmpstr (pinyin_any, ==, "橙子");
    g_assert_cmpstr (pinyin_all, ==, "");
  }
  g_assert_cmpint (scalar (f, KEYS_MISMATCHED), ==, 0);

  /* The same through the query model the window uses. */
  {
    g_autoptr(KdQueryModel) model = kd_customer_service_create_model (f->svc);
    g_autoptr(GMainContext) ctx = g_main_context_ref_thread_default ();

    kd_customer_service_set_tag_filter (model, both, 2, FALSE);
    g_list_model_get_n_items (G_LIST_MODEL (model));
    while (kd_query_model_get_loading (model))
      g_main_context_iteration (ctx, TRUE);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
    g_assert_cmpint (kd_query_model_get_id (model, 0), ==, b);
    kd_query_model_set_search (model, "客");
    while (kd_query_model_get_loading (model))
      g_main_context_iteration (ctx, TRUE);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
    g_assert_cmpint (kd_query_model_get_id (model, 0), ==, b);
    kd_query_model_set_search (model, "新客");
    while (kd_query_model_get_loading (model))
      g_main_context_iteration (ctx, TRUE);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
    kd_query_model_set_search (model, NULL);

    kd_customer_service_set_tag_filter (model, both, 2, TRUE);
    kd_query_model_set_filter (model, "vip-min", g_variant_new_int64 (0));
    while (kd_query_model_get_loading (model))
      g_main_context_iteration (ctx, TRUE);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 3);
    g_assert_true (kd_query_model_set_sort (model, "tags", FALSE));
    while (kd_query_model_get_loading (model))
      g_main_context_iteration (ctx, TRUE);
    /* "VIP 爱讲价" sorts before "VIP", which sorts before "爱讲价"? By the tag text: */
    {
      g_autoptr(KdCustomer) first = g_list_model_get_item (G_LIST_MODEL (model), 0);
      while (kd_query_model_get_loading (model) || *first->nickname == '\0')
        g_main_context_iteration (ctx, TRUE);
      g_assert_cmpstr (first->nickname, ==, "阿猫");   /* "VIP" < "VIP 爱讲价" < "爱讲价" */
      g_assert_cmpstr (first->tag_names, ==, "VIP");
    }

    /* A customer without tags is last whichever way the tags sort. */
    add_customer (f, "丁香", "", NULL, "");
    kd_customer_service_set_tag_filter (model, NULL, 0, TRUE);
    kd_query_model_set_filter (model, "vip-min", NULL);
    for (int descending = 0; descending < 2; descending++)
      {
        g_autoptr(KdCustomer) first = NULL;
        g_autoptr(KdCustomer) last = NULL;

        g_assert_true (kd_query_model_set_sort (model, "tags", descending));
        while (kd_query_model_get_loading (model))
          g_main_context_iteration (ctx, TRUE);
        g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 4);
        first = g_list_model_get_item (G_LIST_MODEL (model), 0);
        last = g_list_model_get_item (G_LIST_MODEL (model), 3);
        while (kd_query_model_get_loading (model) || *first->nickname == '\0' || *last->nickname == '\0')
          g_main_context_iteration (ctx, TRUE);
        g_assert_cmpstr (last->nickname, ==, "丁香");
        g_assert_cmpstr (first->nickname, ==, descending ? "橙子" : "阿猫");   /* "爱讲价" last of the tagged */
      }
  }
}

static void
test_tag_merge_and_delete (Fixture *f, gconstpointer data)
{
  gint64 vip = add_tag (f, "VIP", 3), old_vip = add_tag (f, "老VIP", 5);
  gint64 a = add_customer (f, "阿猫", "", NULL, "");
  gint64 b = add_customer (f, "白兔", "", NULL, "");
  gint64 c = add_customer (f, "橙子", "", NULL, "");
  gint64 ab[] = { a, b }, bc[] = { b, c };
  g_autoptr(KdCustomerChange) t1 = kd_customer_service_tag (f->svc, ab, 2, vip, TRUE, NULL);
  g_autoptr(KdCustomerChange) t2 = kd_customer_service_tag (f->svc, bc, 2, old_vip, TRUE, NULL);
  g_autoptr(KdCustomerChange) merge = NULL, undo = NULL, del = NULL, undo_del = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KdTag) dup = kd_tag_new ("vip", 0);

  /* Names are unique ignoring case. */
  g_assert_null (kd_customer_service_save_tag (f->svc, dup, &error));
  g_assert_error (error, KD_VALIDATION_ERROR, KD_CUSTOMER_FIELD_TAG_NAME);
  g_clear_error (&error);

  merge = kd_customer_service_merge_tags (f->svc, old_vip, vip, &error);
  g_assert_no_error (error);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM tags"), ==, 1);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM customer_tags"), ==, 3);   /* b had both: once */
  {
    g_autofree char *everyone = found (f, "", &vip, 1, FALSE);
    g_assert_cmpstr (everyone, ==, "阿猫,白兔,橙子");
  }
  assert_found_tagged (f, "橙", vip, "橙子");
  g_assert_cmpint (scalar (f, KEYS_MISMATCHED), ==, 0);
  undo = kd_customer_service_undo (f->svc, merge, &error);
  g_assert_no_error (error);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM tags"), ==, 2);
  {
    g_autofree char *with_vip = found (f, "", &vip, 1, FALSE);
    g_autofree char *with_old = found (f, "", &old_vip, 1, FALSE);
    g_assert_cmpstr (with_vip, ==, "阿猫,白兔");
    g_assert_cmpstr (with_old, ==, "白兔,橙子");
  }
  assert_found_tagged (f, "橙", vip, "");
  assert_found_tagged (f, "橙", old_vip, "橙子");
  g_assert_cmpint (scalar (f, KEYS_MISMATCHED), ==, 0);
  g_assert_false (kd_customer_change_can_undo (undo));

  /* Deleting a tag takes it off every customer; undo puts it back on them. */
  del = kd_customer_service_delete_tag (f->svc, vip, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kd_customer_change_get_n_changed (del), ==, 2);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM customer_tags WHERE tag_id NOT IN (SELECT id FROM tags)"), ==, 0);
  {
    g_autoptr(KdCustomer) loaded = kd_customer_service_load (f->svc, a, NULL);
    g_assert_cmpuint (loaded->tag_ids->len, ==, 0);
    g_assert_cmpstr (loaded->tag_names, ==, "");
  }
  assert_found_tagged (f, "猫", vip, "");
  g_assert_cmpint (scalar (f, KEYS_MISMATCHED), ==, 0);
  undo_del = kd_customer_service_undo (f->svc, del, &error);
  g_assert_no_error (error);
  {
    g_autoptr(KdCustomer) loaded = kd_customer_service_load (f->svc, b, NULL);
    g_assert_cmpstr (loaded->tag_names, ==, "VIP 老VIP");
  }
  assert_found_tagged (f, "兔", vip, "白兔");
  g_assert_cmpint (scalar (f, KEYS_MISMATCHED), ==, 0);
  /* Deleting a customer takes their tag rows with them. */
  {
    g_autoptr(KdCustomerChange) gone = kd_customer_service_delete (f->svc, &b, 1, &error);
    g_assert_no_error (error);
    g_assert_cmpint (scalar (f, "SELECT count(*) FROM customer_tags WHERE customer_id NOT IN (SELECT id FROM customers)"), ==, 0);
  }
}

static void
test_bulk_and_undo (Fixture *f, gconstpointer data)
{
  gint64 vip = add_tag (f, "VIP", 3);
  gint64 ids[12];
  g_autoptr(KdCustomerChange) pre = NULL, tag = NULL, undo = NULL, owner = NULL, undo_owner = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *nick = g_strdup_printf ("买家%02u", i);
      ids[i] = add_customer (f, nick, "", NULL, "");
    }
  pre = kd_customer_service_tag (f->svc, ids, 2, vip, TRUE, NULL);
  tag = kd_customer_service_tag (f->svc, ids, 10, vip, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kd_customer_change_get_n_changed (tag), ==, 8);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM customer_tags"), ==, 10);
  undo = kd_customer_service_undo (f->svc, tag, &error);
  g_assert_no_error (error);
  /* Only what the bulk tag did is undone: the two tagged before keep it. */
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM customer_tags"), ==, 2);

  owner = kd_customer_service_set_owner (f->svc, ids, 12, f->agent_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM customers WHERE owner_id IS NOT NULL"), ==, 12);
  {
    g_autoptr(KdCustomer) c = kd_customer_service_load (f->svc, ids[3], NULL);
    g_assert_cmpstr (c->owner_name, ==, "林晓");
  }
  undo_owner = kd_customer_service_undo (f->svc, owner, &error);
  g_assert_no_error (error);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM customers WHERE owner_id IS NOT NULL"), ==, 0);

  /* Delete several with undo: contacts and tags come back with the same ids. */
  {
    g_autoptr(KdCustomer) c = kd_customer_service_load (f->svc, ids[0], NULL);
    g_autoptr(KdCustomerChange) del = NULL, back = NULL;

    kd_customer_add_contact (c->phones, "13800001111", TRUE);
    g_clear_pointer (&pre, kd_customer_change_unref);
    pre = kd_customer_service_save (f->svc, c, &error);
    g_assert_no_error (error);
    del = kd_customer_service_delete (f->svc, ids, 3, &error);
    g_assert_no_error (error);
    g_assert_cmpint (scalar (f, "SELECT count(*) FROM customers"), ==, 9);
    assert_found (f, "买家00", "");
    back = kd_customer_service_undo (f->svc, del, &error);
    g_assert_no_error (error);
    g_assert_cmpint (scalar (f, "SELECT count(*) FROM customers"), ==, 12);
    {
      g_autoptr(KdCustomer) again = kd_customer_service_load (f->svc, ids[0], NULL);
      g_assert_cmpstr (kd_customer_get_default_contact (again->phones), ==, "13800001111");
      g_assert_true (kd_customer_has_tag (again, vip));
    }
    assert_found (f, "1111", "买家00");
  }

  /* Undo of an edit puts the old values back. */
  {
    g_autoptr(KdCustomer) c = kd_customer_service_load (f->svc, ids[5], NULL);
    g_autoptr(KdCustomerChange) edit = NULL, back = NULL;

    kd_customer_set_text (&c->notes, "改过的备注");
    c->vip = 4;
    edit = kd_customer_service_save (f->svc, c, &error);
    g_assert_no_error (error);
    assert_found (f, "改过", "买家05");
    back = kd_customer_service_undo (f->svc, edit, &error);
    g_assert_no_error (error);
    assert_found (f, "改过", "");
    g_clear_object (&c);
    c = kd_customer_service_load (f->svc, ids[5], NULL);
    g_assert_cmpint (c->vip, ==, 0);
  }
}

static void
insert_order (Fixture *f, const char *order_no, gint64 customer_id, int status, gint64 created, gint64 paid)
{
  g_autofree char *sql = g_strdup_printf ("INSERT INTO orders (order_no, customer_id, status, created_at, total, paid) "
                                          "VALUES ('%s', %" G_GINT64_FORMAT ", %d, %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT
                                          ", %" G_GINT64_FORMAT ")", order_no, customer_id, status, created, paid, paid);
  exec (f, sql);
}

static gboolean
refresh_job (KdConn *conn, gpointer data, GError **error)
{
  return kd_customer_repo_refresh_summary (conn, *(gint64 *) data, error);
}

/* A tag made for a bulk action (the Tag… dialog's new name) goes with its
 * undo: off the customers, and out of the tag list. */
static void
test_tag_new_and_undo (Fixture *f, gconstpointer data)
{
  gint64 a = add_customer (f, "阿猫", "", NULL, "");
  gint64 b = add_customer (f, "白兔", "", NULL, "");
  gint64 ab[] = { a, b };
  g_autoptr(KdTag) fresh = kd_tag_new ("新来的", 2);
  g_autoptr(KdTag) dup = kd_tag_new ("新来的", 1);
  g_autoptr(KdCustomerChange) made = NULL, undone = NULL;
  g_autoptr(GError) error = NULL;
  gint64 tag_id;

  made = kd_customer_service_tag_new (f->svc, ab, 2, fresh, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kd_customer_change_get_n_changed (made), ==, 2);
  tag_id = kd_tag_get_id (kd_customer_change_get_tag (made));
  g_assert_cmpint (tag_id, >, 0);
  g_assert_cmpint (kd_tag_get_id (fresh), ==, 0);   /* the caller's copy is left alone */
  assert_found_tagged (f, "", tag_id, "阿猫,白兔");
  assert_found_tagged (f, "兔", tag_id, "白兔");
  /* The name is still unique, and a refused one writes nothing. */
  g_assert_null (kd_customer_service_tag_new (f->svc, ab, 2, dup, &error));
  g_assert_error (error, KD_VALIDATION_ERROR, KD_CUSTOMER_FIELD_TAG_NAME);
  g_clear_error (&error);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM tags"), ==, 1);

  undone = kd_customer_service_undo (f->svc, made, &error);
  g_assert_no_error (error);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM tags"), ==, 0);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM customer_tags"), ==, 0);
  g_assert_cmpint (scalar (f, KEYS_MISMATCHED), ==, 0);
}

static void
test_history_and_merge (Fixture *f, gconstpointer data)
{
  gint64 vip = add_tag (f, "VIP", 3), big = add_tag (f, "尺码偏大", 1);
  gint64 keep = add_customer (f, "小满的新号", "", "13800001234", "喜欢纯棉");
  gint64 gone = add_customer (f, "小满的旧号", "张小满", "13900005678", "尺码偏大");
  gint64 other = add_customer (f, "路人", "", NULL, "");
  g_autoptr(KdCustomerChange) t1 = kd_customer_service_tag (f->svc, &keep, 1, vip, TRUE, NULL);
  g_autoptr(KdCustomerChange) t2 = kd_customer_service_tag (f->svc, &gone, 1, big, TRUE, NULL);
  g_autoptr(KdCustomerChange) merge = NULL, undo = NULL;
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(GError) error = NULL;
  gint64 t0 = kd_clock_now_unix (NULL);

  insert_order (f, "3515313147329357901", gone, 3, t0 - 86400 * 3, 12800);
  insert_order (f, "3515313147329357902", gone, 0, t0 - 3600, 5000);
  insert_order (f, "3515313147329357903", keep, 1, t0 - 86400, 9900);
  exec (f, "INSERT INTO order_remarks (order_id, flag, text, job_number, at) "
           "SELECT id, 1, '3号客服, 发顺丰', '3', 100 FROM orders WHERE order_no = '3515313147329357901'");
  g_assert_true (kd_store_write (f->store, refresh_job, &gone, NULL));
  g_assert_true (kd_store_write (f->store, refresh_job, &keep, NULL));

  /* History: newest first, with the latest remark; the summary counts paid orders only. */
  orders = kd_customer_service_list_orders (f->svc, gone, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (orders->len, ==, 2);
  g_assert_cmpstr (((KdCustomerOrder *) orders->pdata[0])->order_no, ==, "3515313147329357902");
  g_assert_cmpstr (((KdCustomerOrder *) orders->pdata[1])->latest_remark, ==, "3号客服, 发顺丰");
  {
    g_autoptr(KdCustomer) c = kd_customer_service_load (f->svc, gone, NULL);
    g_assert_cmpint (c->order_count, ==, 2);
    g_assert_cmpint (c->total_paid, ==, 12800);
    g_assert_cmpint (c->last_order_at, ==, t0 - 3600);
  }
  /* Someone with orders is merged, not deleted. */
  g_assert_null (kd_customer_service_delete (f->svc, &gone, 1, &error));
  g_assert_error (error, KD_STORE_ERROR, KD_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* An audit row naming the old profile, and one naming both. */
  {
    g_autoptr(KdCustomer) r = kd_customer_service_reveal (f->svc, gone, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (kd_customer_get_default_contact (r->phones), ==, "13900005678");
  }
  {
    g_autofree char *sql = g_strdup_printf ("INSERT INTO audit_log (at, action, entity, record_ids, n_records) VALUES "
                                            "(1, 'customers.export', 'customer', '%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT
                                            ",%" G_GINT64_FORMAT "', 3)", other, gone, keep);
    exec (f, sql);
  }

  merge = kd_customer_service_merge (f->svc, keep, gone, &error);
  g_assert_no_error (error);
  {
    KdCustomer *m = kd_customer_change_get_customer (merge);
    g_assert_cmpint (m->id, ==, keep);
    g_assert_cmpstr (m->real_name, ==, "张小满");            /* an empty field takes the other's */
    g_assert_cmpstr (m->notes, ==, "喜欢纯棉\n尺码偏大");
    g_assert_cmpuint (m->phones->len, ==, 2);
    g_assert_true (kd_customer_has_tag (m, vip) && kd_customer_has_tag (m, big));
    g_assert_cmpint (m->order_count, ==, 3);
    g_assert_cmpint (m->total_paid, ==, 12800 + 9900);
  }
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM customers"), ==, 2);
  g_assert_cmpint (scalar (f, "SELECT count(DISTINCT customer_id) FROM orders"), ==, 1);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM audit_log WHERE record_ids = '%" G_GINT64_FORMAT "'", keep);
    g_autofree char *both = g_strdup_printf ("SELECT count(*) FROM audit_log WHERE record_ids = '%" G_GINT64_FORMAT ",%"
                                             G_GINT64_FORMAT "'", other, keep);
    g_assert_cmpint (scalar (f, sql), ==, 1);      /* the reveal row follows the profile */
    g_assert_cmpint (scalar (f, both), ==, 1);     /* the export row names the kept one once */
  }
  assert_found (f, "旧号", "");
  assert_found (f, "5678", "小满的新号");

  undo = kd_customer_service_undo (f->svc, merge, &error);
  g_assert_no_error (error);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM customers"), ==, 3);
  {
    g_autoptr(KdCustomer) k = kd_customer_service_load (f->svc, keep, NULL);
    g_autoptr(KdCustomer) g = kd_customer_service_load (f->svc, gone, NULL);
    g_assert_cmpstr (k->notes, ==, "喜欢纯棉");
    g_assert_cmpint (k->order_count, ==, 1);
    g_assert_cmpint (g->order_count, ==, 2);
    g_assert_true (kd_customer_has_tag (g, big));
    g_assert_false (kd_customer_has_tag (k, big));
  }
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM audit_log WHERE action = 'customer.reveal' "
                                            "AND record_ids = '%" G_GINT64_FORMAT "'", gone);
    g_assert_cmpint (scalar (f, sql), ==, 1);
  }
  assert_found (f, "旧号", "小满的旧号");
  g_assert_cmpint (scalar (f, KEYS_MISMATCHED), ==, 0);
}

static void
test_reveal_audit (Fixture *f, gconstpointer data)
{
  gint64 id = add_customer (f, "晚风", "", "13900005678", "");
  g_autoptr(KdCustomer) c = kd_customer_service_reveal (f->svc, id, NULL);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(KdStaff) owner = kd_staff_new ("1", "王丽娟", KD_ROLE_OWNER, "");
  g_autoptr(GError) error = NULL;
  KdAuditEntry *e;

  g_assert_nonnull (c);
  /* The privacy log is the owner's: agent No. 3 cannot read it. */
  g_assert_false (kd_desk_session_is_owner (f->session));
  g_assert_null (kd_customer_service_list_audit (f->svc, 10, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);
  g_assert_true (kd_staff_service_save (f->staff, owner, NULL));
  g_assert_true (kd_desk_session_sign_in (f->session, "1", NULL));
  g_assert_true (kd_desk_session_is_owner (f->session));
  rows = kd_customer_service_list_audit (f->svc, 10, &error);
  g_assert_no_error (error);
  g_assert_nonnull (rows);
  g_assert_cmpuint (rows->len, ==, 1);
  e = g_ptr_array_index (rows, 0);
  g_assert_cmpstr (e->action, ==, "customer.reveal");
  g_assert_cmpint (e->staff_id, ==, f->agent_id);
  g_assert_cmpint (e->at, ==, kd_clock_now_unix (NULL));
  {
    g_autofree char *want = g_strdup_printf ("%" G_GINT64_FORMAT, id);
    g_assert_cmpstr (e->record_ids, ==, want);
  }
}

/* ---------------------------------------------------------------- files */

static char *
write_file (Fixture *f, const char *name, const char *text)
{
  char *path = g_build_filename (f->dir, name, NULL);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

static void
count_notify (GObject *object, GParamSpec *pspec, guint *n)
{
  (*n)++;
}

/* Contact data unmasked without Reveal: only for the owner, only with the
 * preference on; signing out, another agent or the preference off masks it. */
static void
test_show_unmasked (Fixture *f, gconstpointer data)
{
  g_autoptr(KdStaff) owner = kd_staff_new ("1", "王丽娟", KD_ROLE_OWNER, "");
  guint notified = 0;

  g_signal_connect (f->session, "notify::show-unmasked", G_CALLBACK (count_notify), &notified);
  g_assert_true (kd_staff_service_save (f->staff, owner, NULL));

  g_settings_set_boolean (f->settings, "show-full-phone", TRUE);
  g_assert_false (kd_desk_session_get_show_unmasked (f->session));   /* No. 3 is an agent */
  g_assert_cmpuint (notified, ==, 0);

  g_assert_true (kd_desk_session_sign_in (f->session, "1", NULL));
  g_assert_true (kd_desk_session_get_show_unmasked (f->session));
  g_assert_cmpuint (notified, ==, 1);

  g_settings_set_boolean (f->settings, "show-full-phone", FALSE);
  g_assert_false (kd_desk_session_get_show_unmasked (f->session));
  g_assert_cmpuint (notified, ==, 2);
  g_settings_set_boolean (f->settings, "show-full-phone", TRUE);
  g_assert_true (kd_desk_session_get_show_unmasked (f->session));

  /* The owner made an agent: masked again. */
  kd_staff_set_role (owner, KD_ROLE_SUPERVISOR);
  g_assert_true (kd_staff_service_save (f->staff, owner, NULL));
  {
    gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
    while (kd_desk_session_get_show_unmasked (f->session) && g_get_monotonic_time () < end)
      g_main_context_iteration (NULL, FALSE);
  }
  g_assert_false (kd_desk_session_get_show_unmasked (f->session));

  kd_staff_set_role (owner, KD_ROLE_OWNER);
  g_assert_true (kd_staff_service_save (f->staff, owner, NULL));
  g_assert_true (kd_desk_session_sign_in (f->session, "3", NULL));
  g_assert_false (kd_desk_session_get_show_unmasked (f->session));
  g_signal_handlers_disconnect_by_func (f->session, count_notify, &notified);
}

static void
test_export_import (Fixture *f, gconstpointer data)
{
  gint64 vip = add_tag (f, "VIP", 3);
  gint64 a = add_customer (f, "阿猫", "李婷", "13800001234", "=HYPERLINK(\"x\")");
  g_autoptr(KdCustomerChange) t = kd_customer_service_tag (f->svc, &a, 1, vip, TRUE, NULL);
  g_autofree char *out = g_build_filename (f->dir, "out.csv", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  add_customer (f, "白兔", "", NULL, "");
  g_assert_true (kd_customer_service_export (f->svc, out, NULL, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);
  g_assert_true (g_file_get_contents (out, &text, NULL, NULL));
  g_assert_true (g_str_has_prefix (text, "\xEF\xBB\xBFnickname,real_name,phones,"));
  g_assert_nonnull (strstr (text, "\r\n阿猫,李婷,13800001234,"));
  g_assert_nonnull (strstr (text, ",VIP,"));
  g_assert_nonnull (strstr (text, "'=HYPERLINK"));   /* a formula is not run by a spreadsheet */
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM audit_log WHERE action = 'customers.export'"), ==, 1);
  /* Never over an existing file. */
  g_assert_false (kd_customer_service_export (f->svc, out, NULL, NULL, &error));
  g_assert_error (error, KD_STORE_ERROR, KD_STORE_ERROR_EXISTS);
  g_clear_error (&error);

  /* Round trip into an empty shop: the same profiles. */
  {
    KdCustomerImportCounts counts = { 0 };
    g_autoptr(GPtrArray) list = NULL;

    exec (f, "DELETE FROM customers; DELETE FROM tags;");
    g_assert_true (kd_customer_service_import (f->svc, out, &counts, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (counts.added, ==, 2);
    g_assert_cmpuint (counts.tags_added, ==, 1);
    list = kd_customer_service_search (f->svc, "阿猫", NULL, 0, FALSE, 0, NULL);
    g_assert_cmpuint (list->len, ==, 1);
    g_assert_cmpstr (KD_CUSTOMER (list->pdata[0])->notes, ==, "=HYPERLINK(\"x\")");
    g_assert_cmpstr (KD_CUSTOMER (list->pdata[0])->tag_names, ==, "VIP");
  }

  /* Merge by nickname: an empty cell keeps the stored value. */
  {
    g_autofree char *path = write_file (f, "merge.csv", "nickname,vip,notes,tags\r\n阿猫,3,,尺码偏大\r\n新客,,,\r\n");
    KdCustomerImportCounts counts = { 0 };
    g_autoptr(GPtrArray) list = NULL;

    g_assert_true (kd_customer_service_import (f->svc, path, &counts, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (counts.added, ==, 1);
    g_assert_cmpuint (counts.updated, ==, 1);
    list = kd_customer_service_search (f->svc, "阿猫", NULL, 0, FALSE, 0, NULL);
    g_assert_cmpint (KD_CUSTOMER (list->pdata[0])->vip, ==, 3);
    g_assert_cmpstr (KD_CUSTOMER (list->pdata[0])->notes, ==, "=HYPERLINK(\"x\")");
    g_assert_cmpstr (KD_CUSTOMER (list->pdata[0])->tag_names, ==, "VIP 尺码偏大");
  }

  /* A bad row refuses the file by line and column, and nothing is imported. */
  {
    g_autofree char *path = write_file (f, "bad.csv", "nickname,height_cm\n甲,170\n乙,171\n丙,三米\n");
    gint64 before = scalar (f, "SELECT count(*) FROM customers");

    g_assert_false (kd_customer_service_import (f->svc, path, NULL, &error));
    g_assert_nonnull (error);
    g_test_message ("%s", error->message);
    g_assert_nonnull (strstr (error->message, "/bad.csv:4: height_cm: "));
    g_clear_error (&error);
    g_assert_cmpint (scalar (f, "SELECT count(*) FROM customers"), ==, before);
  }
  {
    g_autofree char *path = write_file (f, "dup.csv", "nickname\n甲\nLUCY\nlucy\n");
    g_assert_false (kd_customer_service_import (f->svc, path, NULL, &error));
    g_assert_nonnull (strstr (error->message, "/dup.csv:4: nickname: "));
    g_clear_error (&error);
  }
  {
    g_autofree char *path = write_file (f, "owner.csv", "nickname,owner\n甲,3\n乙,99\n");
    gint64 before = scalar (f, "SELECT count(*) FROM customers");
    g_assert_false (kd_customer_service_import (f->svc, path, NULL, &error));
    g_assert_nonnull (strstr (error->message, "/owner.csv:3: owner: "));
    g_clear_error (&error);
    g_assert_cmpint (scalar (f, "SELECT count(*) FROM customers"), ==, before);
  }
  {
    g_autofree char *path = write_file (f, "nohead.csv", "name,phone\n甲,1\n");
    g_assert_false (kd_customer_service_import (f->svc, path, NULL, &error));
    g_assert_error (error, KD_CUSTOMER_CSV_ERROR, KD_CUSTOMER_CSV_ERROR_HEADER);
  }
  g_assert_cmpint (scalar (f, KEYS_MISMATCHED), ==, 0);
}

static gboolean
ensure_job (KdConn *conn, gpointer data, GError **error)
{
  gint64 *ids = data;
  return kd_customer_service_ensure_in_job (conn, "新买家", &ids[0], error) &&
         kd_customer_service_ensure_in_job (conn, " 新买家 ", &ids[1], error) &&
         kd_customer_service_ensure_in_job (conn, "阿猫", &ids[2], error);
}

static void
test_ensure (Fixture *f, gconstpointer data)
{
  gint64 a = add_customer (f, "阿猫", "", NULL, "");
  gint64 ids[3] = { 0, };

  g_assert_true (kd_store_write (f->store, ensure_job, ids, NULL));
  g_assert_cmpint (ids[0], >, 0);
  g_assert_cmpint (ids[1], ==, ids[0]);   /* exactly one profile per nickname */
  g_assert_cmpint (ids[2], ==, a);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM customers"), ==, 2);
}

static void
test_demo (void)
{
  g_autofree char *dir = g_dir_make_tmp ("kd-test-customers-demo-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "demo.db", NULL);
  g_autoptr(KdStore) store = NULL;
  g_autoptr(KdCustomerService) svc = NULL;
  g_autoptr(GPtrArray) all = NULL;
  guint blacklisted = 0, tagged = 0, sized = 0, typed = 0;

  g_assert_true (kd_demo_write (path, NULL));
  store = kd_store_open (path, NULL);
  svc = kd_customer_service_new (store, NULL);
  all = kd_customer_service_search (svc, "", NULL, 0, FALSE, 0, NULL);
  g_assert_cmpuint (all->len, >=, 280);
  for (guint i = 0; i < all->len; i++)
    {
      KdCustomer *c = g_ptr_array_index (all, i);
      g_autoptr(GError) error = NULL;

      g_assert_true (kd_customer_validate (c, &error));
      blacklisted += c->blacklisted;
      tagged += c->tag_ids->len > 0;
      sized += c->height_cm > 0;
      typed += c->comm_style != 0 || c->buying_type != 0;
    }
  g_assert_cmpuint (blacklisted, >=, 2);
  g_assert_cmpuint (tagged, >=, 100);
  g_assert_cmpuint (sized, >=, 100);
  g_assert_cmpuint (typed, >=, 100);
  g_assert_cmpuint (g_list_model_get_n_items (kd_customer_service_get_tags (svc)), >=, 8);
  g_clear_object (&svc);
  kd_store_close (store);
  kd_test_rm_rf (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/customer-service/save-and-validate", test_save_and_validate);
  ADD ("/customer-service/search", test_search);
  ADD ("/customer-service/tag-filters", test_tag_filters);
  ADD ("/customer-service/tag-merge-and-delete", test_tag_merge_and_delete);
  ADD ("/customer-service/bulk-and-undo", test_bulk_and_undo);
  ADD ("/customer-service/tag-new-and-undo", test_tag_new_and_undo);
  ADD ("/customer-service/history-and-merge", test_history_and_merge);
  ADD ("/customer-service/reveal-audit", test_reveal_audit);
  ADD ("/customer-service/show-unmasked", test_show_unmasked);
  ADD ("/customer-service/export-import", test_export_import);
  ADD ("/customer-service/ensure", test_ensure);
  g_test_add_func ("/customer-service/demo", test_demo);
  return g_test_run ();
}
