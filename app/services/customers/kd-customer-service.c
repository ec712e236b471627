/* kd-customer-service.c: customer behaviour on top of the repository: validation, stamping, audit, undo, files. */
#include "config.h"

#include "kd-customer-service.h"
#include "kd-audit-repo.h"
#include "kd-clock.h"
#include "kd-customer-csv.h"
#include "kd-customer-repo.h"
#include "kd-error.h"
#include "kd-staff-repo.h"

#include <glib/gi18n-lib.h>

/* ---------------------------------------------------------------- changes */

typedef enum {
  OP_SAVE,
  OP_DELETE,
  OP_TAG,
  OP_SET_OWNER,
  OP_SAVE_TAG,
  OP_DELETE_TAG,
  OP_MERGE_TAGS,
  OP_MERGE,
  OP_UNDO,
} Op;

struct _KdCustomerChange
{
  gatomicrefcount    ref;
  Op                 op;
  KdDeskSession     *session;    /* for the audit log; may be NULL */
  gint64             agent_id;   /* who is signed in, taken on the caller's thread */
  gint64             now;

  /* What was asked. */
  KdCustomer        *customer;   /* save: in, then as stored; merge: the kept one as stored */
  GArray            *ids;        /* delete, tag, owner */
  gint64             tag_id;
  gboolean           add;
  gint64             owner_id;
  KdTag             *tag;        /* save tag: in, then as stored */
  gint64             from_id;    /* merge tags: from → into; merge: remove → keep */
  gint64             into_id;

  /* How to put it back. */
  gboolean           undoable;
  GPtrArray         *before;     /* KdCustomer written back whole */
  GArray            *created;    /* customer ids that did not exist */
  GArray            *changed;    /* tag: ids whose tags changed; owner: ids */
  GArray            *old_owners; /* owner: parallel to changed */
  KdTag             *tag_before; /* tag save (update), delete, merge: the tag as it was */
  gboolean           tag_created;
  GArray            *tag_members;/* delete/merge tags: who had tag_before */
  GArray            *into_added; /* merge tags: who got the kept tag from the merge */
  GArray            *order_ids;  /* merge: orders moved to the kept profile */
  GArray            *audit_rows; /* merge: audit rows rewritten, and what they said */
  GPtrArray         *audit_old;
  KdCustomerChange  *undo;       /* OP_UNDO: what is undone */

  guint              n_changed;
};

G_DEFINE_BOXED_TYPE (KdCustomerChange, kd_customer_change, kd_customer_change_ref, kd_customer_change_unref)

static GArray *
id_array (const gint64 *ids,
          guint         n)
{
  GArray *a = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);
  if (n > 0)
    g_array_append_vals (a, ids, n);
  return a;
}

static GArray *
empty_ids (void)
{
  return g_array_new (FALSE, FALSE, sizeof (gint64));
}

static KdCustomerChange *
change_new (KdCustomerService *self,
            Op                 op);

KdCustomerChange *
kd_customer_change_ref (KdCustomerChange *change)
{
  g_atomic_ref_count_inc (&change->ref);
  return change;
}

void
kd_customer_change_unref (KdCustomerChange *change)
{
  if (change == NULL || !g_atomic_ref_count_dec (&change->ref))
    return;
  g_clear_object (&change->session);
  g_clear_object (&change->customer);
  g_clear_pointer (&change->ids, g_array_unref);
  g_clear_object (&change->tag);
  g_clear_pointer (&change->before, g_ptr_array_unref);
  g_clear_pointer (&change->created, g_array_unref);
  g_clear_pointer (&change->changed, g_array_unref);
  g_clear_pointer (&change->old_owners, g_array_unref);
  g_clear_object (&change->tag_before);
  g_clear_pointer (&change->tag_members, g_array_unref);
  g_clear_pointer (&change->into_added, g_array_unref);
  g_clear_pointer (&change->order_ids, g_array_unref);
  g_clear_pointer (&change->audit_rows, g_array_unref);
  g_clear_pointer (&change->audit_old, g_ptr_array_unref);
  g_clear_pointer (&change->undo, kd_customer_change_unref);
  g_free (change);
}

KdCustomer *
kd_customer_change_get_customer (KdCustomerChange *change)
{
  return change->customer;
}

KdTag *
kd_customer_change_get_tag (KdCustomerChange *change)
{
  return change->tag;
}

guint
kd_customer_change_get_n_changed (KdCustomerChange *change)
{
  return change->n_changed;
}

gboolean
kd_customer_change_can_undo (KdCustomerChange *change)
{
  return change->undoable;
}

/* ---------------------------------------------------------------- the service */

struct _KdCustomerService
{
  GObject        parent_instance;

  KdStore       *store;
  KdDeskSession *session;
  GListStore    *tags;
  GHashTable    *tags_by_id;    /* gint64 id → KdTag (in tags) */
  gulong         changed_id;
  guint          tags_generation;
  GMainContext  *context;
};

G_DEFINE_FINAL_TYPE (KdCustomerService, kd_customer_service, G_TYPE_OBJECT)

static KdCustomerChange *
change_new (KdCustomerService *self,
            Op                 op)
{
  KdCustomerChange *c = g_new0 (KdCustomerChange, 1);
  KdStaff *agent = self->session ? kd_desk_session_get_agent (self->session) : NULL;

  g_atomic_ref_count_init (&c->ref);
  c->op = op;
  c->session = self->session ? g_object_ref (self->session) : NULL;
  c->agent_id = agent ? kd_staff_get_id (agent) : 0;
  c->now = kd_clock_now_unix (NULL);
  return c;
}

static gboolean
audit (KdCustomerChange *c,
       KdConn           *conn,
       const char       *action,
       const gint64     *ids,
       guint             n,
       const char       *detail,
       GError          **error)
{
  if (c->session != NULL)
    return kd_desk_session_audit_record (c->session, conn, action, "customer", ids, n, detail, error);
  return kd_audit_repo_record (conn, NULL, action, "customer", ids, n, detail, error);
}

/* ---------------------------------------------------------------- write jobs */

static gboolean
save_job (KdConn   *conn,
          gpointer  data,
          GError  **error)
{
  KdCustomerChange *c = data;
  KdCustomer *in = c->customer;
  g_autoptr(KdCustomer) old = NULL;
  g_autoptr(GError) local = NULL;

  if (in->id != 0)
    {
      old = kd_customer_repo_load (conn, in->id, &local);
      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      if (old == NULL)
        {
          g_set_error_literal (error, KD_STORE_ERROR, KD_STORE_ERROR_NOT_FOUND,
                               _("This customer was deleted in the meantime."));
          return FALSE;
        }
    }

  /* Blacklisting is stamped once, by whoever is at the desk. */
  if (in->blacklisted && (old == NULL || !old->blacklisted))
    {
      in->blacklisted_by = c->agent_id;
      in->blacklisted_at = c->now;
    }
  else if (in->blacklisted)
    {
      in->blacklisted_by = old->blacklisted_by;
      in->blacklisted_at = old->blacklisted_at;
    }
  if (old != NULL)
    in->created_at = old->created_at;

  if (!kd_customer_repo_write (conn, in, c->now, error))
    return FALSE;
  c->before = g_ptr_array_new_with_free_func (g_object_unref);
  c->created = empty_ids ();
  if (old != NULL)
    g_ptr_array_add (c->before, g_steal_pointer (&old));
  else
    g_array_append_val (c->created, in->id);
  c->n_changed = 1;
  c->undoable = TRUE;

  /* As the list and the form will show it (names of owner and blacklister). */
  {
    g_autoptr(KdCustomer) stored = kd_customer_repo_load (conn, in->id, error);
    if (stored == NULL)
      return FALSE;
    g_set_object (&c->customer, stored);
  }
  return TRUE;
}

static gboolean
delete_job (KdConn   *conn,
            gpointer  data,
            GError  **error)
{
  KdCustomerChange *c = data;

  c->before = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < c->ids->len; i++)
    {
      gint64 id = g_array_index (c->ids, gint64, i);
      g_autoptr(GError) local = NULL;
      g_autoptr(KdCustomer) old = kd_customer_repo_load (conn, id, &local);

      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      if (old == NULL)
        continue;
      if (!kd_customer_repo_delete (conn, id, &local))
        {
          if (c->ids->len > 1)
            g_prefix_error (&local, "%s: ", old->nickname);
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      g_ptr_array_add (c->before, g_steal_pointer (&old));
    }
  c->n_changed = c->before->len;
  c->undoable = TRUE;
  {
    g_autoptr(GArray) gone = empty_ids ();
    for (guint i = 0; i < c->before->len; i++)
      g_array_append_val (gone, KD_CUSTOMER (g_ptr_array_index (c->before, i))->id);
    return audit (c, conn, "customer.delete", (const gint64 *) (gpointer) gone->data, gone->len, "", error);
  }
}

static gboolean
tag_job (KdConn   *conn,
         gpointer  data,
         GError  **error)
{
  KdCustomerChange *c = data;
  g_autoptr(GError) local = NULL;
  g_autoptr(KdTag) tag = NULL;

  /* A tag made for this bulk action (the Tag… dialog's new name): made
   * in the same transaction, and its undo takes the tag away again. */
  if (c->tag != NULL)
    {
      if (!kd_customer_repo_write_tag (conn, c->tag, error))
        return FALSE;
      c->tag_created = TRUE;
      c->tag_id = kd_tag_get_id (c->tag);
    }
  tag = kd_customer_repo_find_tag (conn, c->tag_id, NULL, &local);
  if (tag == NULL)
    {
      if (local != NULL)
        g_propagate_error (error, g_steal_pointer (&local));
      else
        g_set_error_literal (error, KD_STORE_ERROR, KD_STORE_ERROR_NOT_FOUND, _("This tag was deleted in the meantime."));
      return FALSE;
    }
  c->changed = empty_ids ();
  for (guint i = 0; i < c->ids->len; i++)
    {
      gint64 id = g_array_index (c->ids, gint64, i);
      gboolean changed = FALSE;

      if (!kd_customer_repo_set_tag (conn, id, c->tag_id, c->add, &changed, error))
        return FALSE;
      if (changed)
        g_array_append_val (c->changed, id);
    }
  c->n_changed = c->changed->len;
  c->undoable = TRUE;
  return TRUE;
}

static gboolean
owner_job (KdConn   *conn,
           gpointer  data,
           GError  **error)
{
  KdCustomerChange *c = data;

  if (c->owner_id != 0)
    {
      g_autoptr(GError) local = NULL;
      g_autoptr(KdStaff) owner = kd_staff_repo_find_by_id (conn, c->owner_id, &local);

      if (owner == NULL)
        {
          if (local != NULL)
            g_propagate_error (error, g_steal_pointer (&local));
          else
            g_set_error_literal (error, KD_STORE_ERROR, KD_STORE_ERROR_NOT_FOUND, _("No such staff member."));
          return FALSE;
        }
    }
  c->changed = empty_ids ();
  c->old_owners = empty_ids ();
  for (guint i = 0; i < c->ids->len; i++)
    {
      gint64 id = g_array_index (c->ids, gint64, i), old = 0;
      g_autoptr(GError) local = NULL;

      if (!kd_customer_repo_set_owner (conn, id, c->owner_id, &old, &local))
        {
          if (local != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local));
              return FALSE;
            }
          continue;  /* deleted meanwhile */
        }
      if (old == c->owner_id)
        continue;
      g_array_append_val (c->changed, id);
      g_array_append_val (c->old_owners, old);
    }
  c->n_changed = c->changed->len;
  c->undoable = TRUE;
  return TRUE;
}

static gboolean
save_tag_job (KdConn   *conn,
              gpointer  data,
              GError  **error)
{
  KdCustomerChange *c = data;
  g_autoptr(GError) local = NULL;

  if (kd_tag_get_id (c->tag) != 0)
    {
      c->tag_before = kd_customer_repo_find_tag (conn, kd_tag_get_id (c->tag), NULL, &local);
      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
    }
  c->tag_created = c->tag_before == NULL;
  if (!kd_customer_repo_write_tag (conn, c->tag, error))
    return FALSE;
  c->undoable = TRUE;
  return TRUE;
}

static gboolean
delete_tag_job (KdConn   *conn,
                gpointer  data,
                GError  **error)
{
  KdCustomerChange *c = data;
  g_autoptr(GError) local = NULL;

  c->tag_before = kd_customer_repo_find_tag (conn, c->tag_id, NULL, &local);
  if (c->tag_before == NULL)
    {
      if (local != NULL)
        g_propagate_error (error, g_steal_pointer (&local));
      else
        g_set_error_literal (error, KD_STORE_ERROR, KD_STORE_ERROR_NOT_FOUND, _("This tag was deleted in the meantime."));
      return FALSE;
    }
  c->tag_members = kd_customer_repo_tag_customers (conn, c->tag_id, error);
  if (c->tag_members == NULL || !kd_customer_repo_delete_tag (conn, c->tag_id, error))
    return FALSE;
  c->n_changed = c->tag_members->len;
  c->undoable = TRUE;
  return TRUE;
}

static gboolean
merge_tags_job (KdConn   *conn,
                gpointer  data,
                GError  **error)
{
  KdCustomerChange *c = data;
  g_autoptr(GError) local = NULL;
  g_autoptr(KdTag) into = NULL;

  if (c->from_id == c->into_id)
    {
      g_set_error_literal (error, KD_VALIDATION_ERROR, KD_CUSTOMER_FIELD_TAG_NAME, _("Pick two different tags."));
      return FALSE;
    }
  c->tag_before = kd_customer_repo_find_tag (conn, c->from_id, NULL, &local);
  if (local == NULL)
    into = kd_customer_repo_find_tag (conn, c->into_id, NULL, &local);
  if (c->tag_before == NULL || into == NULL)
    {
      if (local != NULL)
        g_propagate_error (error, g_steal_pointer (&local));
      else
        g_set_error_literal (error, KD_STORE_ERROR, KD_STORE_ERROR_NOT_FOUND, _("This tag was deleted in the meantime."));
      return FALSE;
    }
  c->tag_members = kd_customer_repo_tag_customers (conn, c->from_id, error);
  if (c->tag_members == NULL)
    return FALSE;
  c->into_added = empty_ids ();
  for (guint i = 0; i < c->tag_members->len; i++)
    {
      gint64 id = g_array_index (c->tag_members, gint64, i);
      gboolean changed = FALSE;

      if (!kd_customer_repo_set_tag (conn, id, c->into_id, TRUE, &changed, error))
        return FALSE;
      if (changed)
        g_array_append_val (c->into_added, id);
    }
  if (!kd_customer_repo_delete_tag (conn, c->from_id, error))
    return FALSE;
  c->tag = g_steal_pointer (&into);
  c->n_changed = c->tag_members->len;
  c->undoable = TRUE;
  return TRUE;
}

static char *
join_text (const char *a,
           const char *b)
{
  if (*a == '\0')
    return g_strdup (b);
  if (*b == '\0' || g_strcmp0 (a, b) == 0)
    return g_strdup (a);
  return g_strdup_printf ("%s\n%s", a, b);
}

static void
add_contacts (GArray *to,
              GArray *from)
{
  for (guint i = 0; i < from->len; i++)
    {
      const char *v = g_array_index (from, KdContact, i).value;
      gboolean seen = FALSE;

      for (guint j = 0; j < to->len && !seen; j++)
        seen = g_str_equal (g_array_index (to, KdContact, j).value, v);
      if (!seen && to->len < KD_CUSTOMER_MAX_CONTACTS)
        kd_customer_add_contact (to, v, FALSE);
    }
}

static gboolean
merge_job (KdConn   *conn,
           gpointer  data,
           GError  **error)
{
  KdCustomerChange *c = data;
  g_autoptr(GError) local = NULL;
  g_autoptr(KdCustomer) keep = NULL;
  g_autoptr(KdCustomer) gone = NULL;
  g_autoptr(KdCustomer) merged = NULL;
  g_autofree char *notes = NULL;
  gint64 pair[2] = { c->into_id, c->from_id };

  if (c->into_id == c->from_id)
    {
      g_set_error_literal (error, KD_VALIDATION_ERROR, KD_CUSTOMER_FIELD_NICKNAME, _("Pick two different customers."));
      return FALSE;
    }
  keep = kd_customer_repo_load (conn, c->into_id, &local);
  if (local == NULL)
    gone = kd_customer_repo_load (conn, c->from_id, &local);
  if (keep == NULL || gone == NULL)
    {
      if (local != NULL)
        g_propagate_error (error, g_steal_pointer (&local));
      else
        g_set_error_literal (error, KD_STORE_ERROR, KD_STORE_ERROR_NOT_FOUND,
                             _("One of the customers was deleted in the meantime."));
      return FALSE;
    }

  merged = kd_customer_copy (keep);
#define TAKE_TEXT(f) if (*merged->f == '\0') kd_customer_set_text (&merged->f, gone->f)
#define TAKE_INT(f) if (merged->f == 0) merged->f = gone->f
  TAKE_TEXT (real_name);
  TAKE_TEXT (birthday);
  TAKE_TEXT (first_contact);
  TAKE_TEXT (usual_size);
  TAKE_TEXT (fit_notes);
  TAKE_INT (gender);
  TAKE_INT (height_cm);
  TAKE_INT (weight_kg);
  TAKE_INT (owner_id);
  TAKE_INT (comm_style);
  TAKE_INT (buying_type);
#undef TAKE_TEXT
#undef TAKE_INT
  merged->vip = MAX (keep->vip, gone->vip);
  if (*gone->first_contact != '\0' && *keep->first_contact != '\0' &&
      g_strcmp0 (gone->first_contact, keep->first_contact) < 0)
    kd_customer_set_text (&merged->first_contact, gone->first_contact);
  notes = join_text (keep->notes, gone->notes);
  if (g_utf8_strlen (notes, -1) <= KD_CUSTOMER_NOTES_MAX)
    kd_customer_set_text (&merged->notes, notes);
  if (gone->blacklisted && !keep->blacklisted)
    {
      merged->blacklisted = TRUE;
      kd_customer_set_text (&merged->blacklist_reason, gone->blacklist_reason);
      merged->blacklisted_by = gone->blacklisted_by;
      merged->blacklisted_at = gone->blacklisted_at;
    }
  add_contacts (merged->phones, gone->phones);
  add_contacts (merged->addresses, gone->addresses);
  for (guint i = 0; i < gone->tag_ids->len; i++)
    if (!kd_customer_has_tag (merged, g_array_index (gone->tag_ids, gint64, i)))
      g_array_append_val (merged->tag_ids, g_array_index (gone->tag_ids, gint64, i));

  c->order_ids = kd_customer_repo_order_ids (conn, gone->id, error);
  if (c->order_ids == NULL ||
      !kd_customer_repo_move_orders (conn, c->order_ids, keep->id, error) ||
      !kd_customer_repo_move_audit (conn, gone->id, keep->id, &c->audit_rows, &c->audit_old, error) ||
      !kd_customer_repo_delete (conn, gone->id, error) ||
      !kd_customer_repo_write (conn, merged, c->now, error) ||
      !kd_customer_repo_refresh_summary (conn, keep->id, error))
    return FALSE;

  {
    g_autofree char *detail = g_strdup_printf ("%s ← %s", keep->nickname, gone->nickname);
    if (!audit (c, conn, "customer.merge", pair, 2, detail, error))
      return FALSE;
  }
  c->before = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (c->before, g_steal_pointer (&keep));
  g_ptr_array_add (c->before, g_steal_pointer (&gone));
  c->customer = kd_customer_repo_load (conn, c->into_id, error);
  c->n_changed = 2;
  c->undoable = TRUE;
  return c->customer != NULL;
}

static gboolean
undo_job (KdConn   *conn,
          gpointer  data,
          GError  **error)
{
  KdCustomerChange *c = data;
  KdCustomerChange *u = c->undo;
  gint64 now = c->now;

  switch (u->op)
    {
    case OP_SAVE:
    case OP_DELETE:
      for (guint i = 0; u->created != NULL && i < u->created->len; i++)
        if (!kd_customer_repo_delete (conn, g_array_index (u->created, gint64, i), error))
          return FALSE;
      for (guint i = 0; u->before != NULL && i < u->before->len; i++)
        {
          g_autoptr(KdCustomer) back = kd_customer_copy (g_ptr_array_index (u->before, i));

          if (!kd_customer_repo_write (conn, back, now, error) ||
              !kd_customer_repo_refresh_summary (conn, back->id, error))
            return FALSE;
          if (i == 0)
            g_set_object (&c->customer, back);
        }
      c->n_changed = (u->created ? u->created->len : 0) + (u->before ? u->before->len : 0);
      break;

    case OP_TAG:
      for (guint i = 0; i < u->changed->len; i++)
        {
          gboolean changed = FALSE;
          if (!kd_customer_repo_set_tag (conn, g_array_index (u->changed, gint64, i), u->tag_id, !u->add, &changed, error))
            return FALSE;
        }
      if (u->tag_created && !kd_customer_repo_delete_tag (conn, u->tag_id, error))
        return FALSE;
      c->n_changed = u->changed->len;
      break;

    case OP_SET_OWNER:
      for (guint i = 0; i < u->changed->len; i++)
        {
          gint64 old = 0;
          if (!kd_customer_repo_set_owner (conn, g_array_index (u->changed, gint64, i),
                                           g_array_index (u->old_owners, gint64, i), &old, error) &&
              error != NULL && *error != NULL)
            return FALSE;
        }
      c->n_changed = u->changed->len;
      break;

    case OP_SAVE_TAG:
      if (u->tag_created)
        {
          if (!kd_customer_repo_delete_tag (conn, kd_tag_get_id (u->tag), error))
            return FALSE;
        }
      else
        {
          g_autoptr(KdTag) back = kd_tag_copy (u->tag_before);
          if (!kd_customer_repo_write_tag (conn, back, error))
            return FALSE;
          c->tag = g_steal_pointer (&back);
        }
      break;

    case OP_MERGE_TAGS:
      for (guint i = 0; i < u->into_added->len; i++)
        {
          gboolean changed = FALSE;
          if (!kd_customer_repo_set_tag (conn, g_array_index (u->into_added, gint64, i), u->into_id, FALSE,
                                         &changed, error))
            return FALSE;
        }
      G_GNUC_FALLTHROUGH;
    case OP_DELETE_TAG:
      {
        g_autoptr(KdTag) back = kd_tag_copy (u->tag_before);

        if (!kd_customer_repo_write_tag (conn, back, error))
          return FALSE;
        for (guint i = 0; i < u->tag_members->len; i++)
          {
            gboolean changed = FALSE;
            if (!kd_customer_repo_set_tag (conn, g_array_index (u->tag_members, gint64, i), kd_tag_get_id (back),
                                           TRUE, &changed, error))
              return FALSE;
          }
        c->n_changed = u->tag_members->len;
        c->tag = g_steal_pointer (&back);
      }
      break;

    case OP_MERGE:
      {
        g_autoptr(KdCustomer) keep = kd_customer_copy (g_ptr_array_index (u->before, 0));
        g_autoptr(KdCustomer) gone = kd_customer_copy (g_ptr_array_index (u->before, 1));

        if (!kd_customer_repo_write (conn, keep, now, error) ||
            !kd_customer_repo_write (conn, gone, now, error) ||
            !kd_customer_repo_move_orders (conn, u->order_ids, gone->id, error) ||
            !kd_customer_repo_restore_audit (conn, u->audit_rows, u->audit_old, error) ||
            !kd_customer_repo_refresh_summary (conn, keep->id, error) ||
            !kd_customer_repo_refresh_summary (conn, gone->id, error))
          return FALSE;
        {
          gint64 pair[2] = { keep->id, gone->id };
          if (!audit (c, conn, "customer.unmerge", pair, 2, "", error))
            return FALSE;
        }
        c->customer = g_steal_pointer (&keep);
        c->n_changed = 2;
      }
      break;

    case OP_UNDO:
    default:
      g_set_error_literal (error, KD_STORE_ERROR, KD_STORE_ERROR_INVALID, _("This cannot be undone."));
      return FALSE;
    }
  return TRUE;
}

/* ---------------------------------------------------------------- running writes */

static KdStoreFunc
job_of (Op op)
{
  switch (op)
    {
    case OP_SAVE: return save_job;
    case OP_DELETE: return delete_job;
    case OP_TAG: return tag_job;
    case OP_SET_OWNER: return owner_job;
    case OP_SAVE_TAG: return save_tag_job;
    case OP_DELETE_TAG: return delete_tag_job;
    case OP_MERGE_TAGS: return merge_tags_job;
    case OP_MERGE: return merge_job;
    case OP_UNDO: default: return undo_job;
    }
}

static KdCustomerChange *
run (KdCustomerService *self,
     KdCustomerChange  *c,
     GError           **error)
{
  g_autoptr(KdCustomerChange) owned = c;

  if (!kd_store_write (self->store, job_of (c->op), c, error))
    return NULL;
  return g_steal_pointer (&owned);
}

static void
write_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!kd_store_write_finish (KD_STORE (source), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, kd_customer_change_ref (kd_store_job_get_data (result)),
                           (GDestroyNotify) kd_customer_change_unref);
}

static void
run_async (KdCustomerService   *self,
           KdCustomerChange    *c,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, kd_customer_service_write_finish);
  kd_store_write_async (self->store, job_of (c->op), c, (GDestroyNotify) kd_customer_change_unref,
                        cancellable, write_done, task);
}

KdCustomerChange *
kd_customer_service_write_finish (KdCustomerService  *self,
                                  GAsyncResult       *result,
                                  GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static KdCustomerChange *
save_change (KdCustomerService *self,
             KdCustomer        *customer)
{
  KdCustomerChange *c = change_new (self, OP_SAVE);
  c->customer = kd_customer_copy (customer);
  return c;
}

static KdCustomerChange *
ids_change (KdCustomerService *self,
            Op                 op,
            const gint64      *ids,
            guint              n)
{
  KdCustomerChange *c = change_new (self, op);
  c->ids = id_array (ids, n);
  return c;
}

static KdCustomerChange *
tag_change (KdCustomerService *self,
            const gint64      *ids,
            guint              n,
            gint64             tag_id,
            gboolean           add)
{
  KdCustomerChange *c = ids_change (self, OP_TAG, ids, n);
  c->tag_id = tag_id;
  c->add = add;
  return c;
}

/* Tags @ids with a new tag, @tag (id 0), made in the same transaction. */
static KdCustomerChange *
tag_new_change (KdCustomerService *self,
                const gint64      *ids,
                guint              n,
                KdTag             *tag)
{
  KdCustomerChange *c = tag_change (self, ids, n, 0, TRUE);
  c->tag = kd_tag_copy (tag);
  kd_tag_set_id (c->tag, 0);
  return c;
}

static KdCustomerChange *
owner_change (KdCustomerService *self,
              const gint64      *ids,
              guint              n,
              gint64             owner_id)
{
  KdCustomerChange *c = ids_change (self, OP_SET_OWNER, ids, n);
  c->owner_id = owner_id;
  return c;
}

static KdCustomerChange *
tag_save_change (KdCustomerService *self,
                 KdTag             *tag)
{
  KdCustomerChange *c = change_new (self, OP_SAVE_TAG);
  c->tag = kd_tag_copy (tag);
  return c;
}

static KdCustomerChange *
pair_change (KdCustomerService *self,
             Op                 op,
             gint64             from_id,
             gint64             into_id)
{
  KdCustomerChange *c = change_new (self, op);
  c->from_id = from_id;
  c->into_id = into_id;
  c->tag_id = from_id;
  return c;
}

static KdCustomerChange *
undo_change (KdCustomerService *self,
             KdCustomerChange  *change)
{
  KdCustomerChange *c = change_new (self, OP_UNDO);
  c->undo = kd_customer_change_ref (change);
  return c;
}

static gboolean
check_undoable (KdCustomerChange  *change,
                GError           **error)
{
  if (change->undoable)
    return TRUE;
  g_set_error_literal (error, KD_STORE_ERROR, KD_STORE_ERROR_INVALID, _("This cannot be undone."));
  return FALSE;
}

KdCustomerChange *
kd_customer_service_save (KdCustomerService  *self,
                          KdCustomer         *customer,
                          GError            **error)
{
  g_return_val_if_fail (KD_IS_CUSTOMER_SERVICE (self), NULL);
  g_return_val_if_fail (KD_IS_CUSTOMER (customer), NULL);
  return run (self, save_change (self, customer), error);
}

KdCustomerChange *
kd_customer_service_delete (KdCustomerService  *self,
                            const gint64       *ids,
                            guint               n,
                            GError            **error)
{
  return run (self, ids_change (self, OP_DELETE, ids, n), error);
}

KdCustomerChange *
kd_customer_service_tag (KdCustomerService  *self,
                         const gint64       *ids,
                         guint               n,
                         gint64              tag_id,
                         gboolean            add,
                         GError            **error)
{
  return run (self, tag_change (self, ids, n, tag_id, add), error);
}

KdCustomerChange *
kd_customer_service_tag_new (KdCustomerService  *self,
                             const gint64       *ids,
                             guint               n,
                             KdTag              *tag,
                             GError            **error)
{
  g_return_val_if_fail (KD_IS_TAG (tag), NULL);
  return run (self, tag_new_change (self, ids, n, tag), error);
}

KdCustomerChange *
kd_customer_service_set_owner (KdCustomerService  *self,
                               const gint64       *ids,
                               guint               n,
                               gint64              owner_id,
                               GError            **error)
{
  return run (self, owner_change (self, ids, n, owner_id), error);
}

KdCustomerChange *
kd_customer_service_save_tag (KdCustomerService  *self,
                              KdTag              *tag,
                              GError            **error)
{
  return run (self, tag_save_change (self, tag), error);
}

KdCustomerChange *
kd_customer_service_delete_tag (KdCustomerService  *self,
                                gint64              tag_id,
                                GError            **error)
{
  return run (self, pair_change (self, OP_DELETE_TAG, tag_id, 0), error);
}

KdCustomerChange *
kd_customer_service_merge_tags (KdCustomerService  *self,
                                gint64              from_id,
                                gint64              into_id,
                                GError            **error)
{
  return run (self, pair_change (self, OP_MERGE_TAGS, from_id, into_id), error);
}

KdCustomerChange *
kd_customer_service_merge (KdCustomerService  *self,
                           gint64              keep_id,
                           gint64              remove_id,
                           GError            **error)
{
  return run (self, pair_change (self, OP_MERGE, remove_id, keep_id), error);
}

KdCustomerChange *
kd_customer_service_undo (KdCustomerService  *self,
                          KdCustomerChange   *change,
                          GError            **error)
{
  if (!check_undoable (change, error))
    return NULL;
  return run (self, undo_change (self, change), error);
}

void
kd_customer_service_save_async (KdCustomerService  *self,
                                KdCustomer         *customer,
                                GCancellable       *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer            user_data)
{
  run_async (self, save_change (self, customer), cancellable, callback, user_data);
}

void
kd_customer_service_delete_async (KdCustomerService  *self,
                                  const gint64       *ids,
                                  guint               n,
                                  GCancellable       *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data)
{
  run_async (self, ids_change (self, OP_DELETE, ids, n), cancellable, callback, user_data);
}

void
kd_customer_service_tag_async (KdCustomerService  *self,
                               const gint64       *ids,
                               guint               n,
                               gint64              tag_id,
                               gboolean            add,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
  run_async (self, tag_change (self, ids, n, tag_id, add), cancellable, callback, user_data);
}

void
kd_customer_service_tag_new_async (KdCustomerService  *self,
                                   const gint64       *ids,
                                   guint               n,
                                   KdTag              *tag,
                                   GCancellable       *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer            user_data)
{
  run_async (self, tag_new_change (self, ids, n, tag), cancellable, callback, user_data);
}

void
kd_customer_service_set_owner_async (KdCustomerService  *self,
                                     const gint64       *ids,
                                     guint               n,
                                     gint64              owner_id,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data)
{
  run_async (self, owner_change (self, ids, n, owner_id), cancellable, callback, user_data);
}

void
kd_customer_service_save_tag_async (KdCustomerService  *self,
                                    KdTag              *tag,
                                    GCancellable       *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data)
{
  run_async (self, tag_save_change (self, tag), cancellable, callback, user_data);
}

void
kd_customer_service_delete_tag_async (KdCustomerService  *self,
                                      gint64              tag_id,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data)
{
  run_async (self, pair_change (self, OP_DELETE_TAG, tag_id, 0), cancellable, callback, user_data);
}

void
kd_customer_service_merge_tags_async (KdCustomerService  *self,
                                      gint64              from_id,
                                      gint64              into_id,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data)
{
  run_async (self, pair_change (self, OP_MERGE_TAGS, from_id, into_id), cancellable, callback, user_data);
}

void
kd_customer_service_merge_async (KdCustomerService  *self,
                                 gint64              keep_id,
                                 gint64              remove_id,
                                 GCancellable       *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer            user_data)
{
  run_async (self, pair_change (self, OP_MERGE, remove_id, keep_id), cancellable, callback, user_data);
}

void
kd_customer_service_undo_async (KdCustomerService  *self,
                                KdCustomerChange   *change,
                                GCancellable       *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer            user_data)
{
  GError *error = NULL;

  if (!check_undoable (change, &error))
    {
      g_task_report_error (self, callback, user_data, kd_customer_service_write_finish, error);
      return;
    }
  run_async (self, undo_change (self, change), cancellable, callback, user_data);
}

/* ---------------------------------------------------------------- reads */

typedef struct {
  gint64             id;
  gint64             except_id;
  char              *text;
  KdCustomerChange  *stamp;     /* reveal: who and when */
  KdCustomer        *customer;
  GPtrArray         *list;
  guint              limit;
} ReadJob;

static void
read_job_free (ReadJob *job)
{
  g_free (job->text);
  g_clear_pointer (&job->stamp, kd_customer_change_unref);
  g_clear_object (&job->customer);
  g_clear_pointer (&job->list, g_ptr_array_unref);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReadJob, read_job_free)

static gboolean
load_job (KdConn   *conn,
          gpointer  data,
          GError  **error)
{
  ReadJob *job = data;
  g_autoptr(GError) local = NULL;

  job->customer = kd_customer_repo_load (conn, job->id, &local);
  if (job->customer != NULL)
    return TRUE;
  if (local != NULL)
    g_propagate_error (error, g_steal_pointer (&local));
  else
    g_set_error_literal (error, KD_STORE_ERROR, KD_STORE_ERROR_NOT_FOUND, _("This customer was deleted in the meantime."));
  return FALSE;
}

static gboolean
reveal_job (KdConn   *conn,
            gpointer  data,
            GError  **error)
{
  ReadJob *job = data;

  if (!load_job (conn, data, error))
    return FALSE;
  return audit (job->stamp, conn, "customer.reveal", &job->id, 1, job->customer->nickname, error);
}

static gboolean
find_nickname_job (KdConn   *conn,
                   gpointer  data,
                   GError  **error)
{
  ReadJob *job = data;
  g_autoptr(GError) local = NULL;

  job->customer = kd_customer_repo_find_nickname (conn, job->text, job->except_id, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return TRUE;
}

static gboolean
list_orders_job (KdConn   *conn,
                 gpointer  data,
                 GError  **error)
{
  ReadJob *job = data;

  job->list = kd_customer_repo_list_orders (conn, job->id, error);
  return job->list != NULL;
}

static gboolean
list_audit_job (KdConn   *conn,
                gpointer  data,
                GError  **error)
{
  ReadJob *job = data;

  job->list = kd_audit_repo_list (conn, "customer", 0, job->limit, error);
  return job->list != NULL;
}

static ReadJob *
read_job_new (gint64 id)
{
  ReadJob *job = g_new0 (ReadJob, 1);
  job->id = id;
  return job;
}

KdCustomer *
kd_customer_service_load (KdCustomerService  *self,
                          gint64              id,
                          GError            **error)
{
  g_autoptr(ReadJob) job = read_job_new (id);

  if (!kd_store_read (self->store, load_job, job, error))
    return NULL;
  return g_steal_pointer (&job->customer);
}

KdCustomer *
kd_customer_service_find_nickname (KdCustomerService  *self,
                                   const char         *nickname,
                                   gint64              except_id,
                                   GError            **error)
{
  g_autoptr(ReadJob) job = read_job_new (0);

  job->text = g_strdup (nickname);
  job->except_id = except_id;
  if (!kd_store_read (self->store, find_nickname_job, job, error))
    return NULL;
  return g_steal_pointer (&job->customer);
}

KdCustomer *
kd_customer_service_reveal (KdCustomerService  *self,
                            gint64              id,
                            GError            **error)
{
  g_autoptr(ReadJob) job = read_job_new (id);

  job->stamp = change_new (self, OP_UNDO);
  if (!kd_store_write (self->store, reveal_job, job, error))
    return NULL;
  return g_steal_pointer (&job->customer);
}

GPtrArray *
kd_customer_service_list_orders (KdCustomerService  *self,
                                 gint64              customer_id,
                                 GError            **error)
{
  g_autoptr(ReadJob) job = read_job_new (customer_id);

  if (!kd_store_read (self->store, list_orders_job, job, error))
    return NULL;
  return g_steal_pointer (&job->list);
}

/* The privacy log is the owner's: at a desk (a session) only they read it. */
static gboolean
may_read_audit (KdCustomerService  *self,
                GError            **error)
{
  if (self->session == NULL || kd_desk_session_is_owner (self->session))
    return TRUE;
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                       _("Only the shop owner can read the privacy log."));
  return FALSE;
}

GPtrArray *
kd_customer_service_list_audit (KdCustomerService  *self,
                                guint               limit,
                                GError            **error)
{
  g_autoptr(ReadJob) job = read_job_new (0);

  if (!may_read_audit (self, error))
    return NULL;
  job->limit = limit;
  if (!kd_store_read (self->store, list_audit_job, job, error))
    return NULL;
  return g_steal_pointer (&job->list);
}

static void
read_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  gboolean ok = g_task_get_task_data (task) != NULL
                  ? kd_store_write_finish (KD_STORE (source), result, &error)
                  : kd_store_read_finish (KD_STORE (source), result, &error);
  ReadJob *job;

  if (!ok)
    {
      g_task_return_error (task, error);
      return;
    }
  job = kd_store_job_get_data (result);
  if (job->list != NULL)
    g_task_return_pointer (task, g_steal_pointer (&job->list), (GDestroyNotify) g_ptr_array_unref);
  else
    g_task_return_pointer (task, g_steal_pointer (&job->customer), g_object_unref);
}

static void
read_async (KdCustomerService   *self,
            gpointer             tag,
            KdStoreFunc          func,
            ReadJob             *job,
            gboolean             write,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, tag);
  /* Task data marks a write (reveal records an audit row). */
  if (write)
    {
      g_task_set_task_data (task, GINT_TO_POINTER (1), NULL);
      kd_store_write_async (self->store, func, job, (GDestroyNotify) read_job_free, cancellable, read_done, task);
    }
  else
    kd_store_read_async (self->store, func, job, (GDestroyNotify) read_job_free, cancellable, read_done, task);
}

static gpointer
read_finish (KdCustomerService  *self,
             GAsyncResult       *result,
             gpointer            tag,
             GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tag, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
kd_customer_service_load_async (KdCustomerService   *self,
                                gint64               id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  read_async (self, kd_customer_service_load_async, load_job, read_job_new (id), FALSE,
              cancellable, callback, user_data);
}

KdCustomer *
kd_customer_service_load_finish (KdCustomerService  *self,
                                 GAsyncResult       *result,
                                 GError            **error)
{
  return read_finish (self, result, kd_customer_service_load_async, error);
}

void
kd_customer_service_reveal_async (KdCustomerService   *self,
                                  gint64               id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  ReadJob *job = read_job_new (id);

  job->stamp = change_new (self, OP_UNDO);
  read_async (self, kd_customer_service_reveal_async, reveal_job, job, TRUE, cancellable, callback, user_data);
}

KdCustomer *
kd_customer_service_reveal_finish (KdCustomerService  *self,
                                   GAsyncResult       *result,
                                   GError            **error)
{
  return read_finish (self, result, kd_customer_service_reveal_async, error);
}

void
kd_customer_service_find_nickname_async (KdCustomerService   *self,
                                         const char          *nickname,
                                         gint64               except_id,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  ReadJob *job = read_job_new (0);

  job->text = g_strdup (nickname);
  job->except_id = except_id;
  read_async (self, kd_customer_service_find_nickname_async, find_nickname_job, job, FALSE,
              cancellable, callback, user_data);
}

KdCustomer *
kd_customer_service_find_nickname_finish (KdCustomerService  *self,
                                          GAsyncResult       *result,
                                          GError            **error)
{
  return read_finish (self, result, kd_customer_service_find_nickname_async, error);
}

void
kd_customer_service_list_orders_async (KdCustomerService   *self,
                                       gint64               customer_id,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  read_async (self, kd_customer_service_list_orders_async, list_orders_job, read_job_new (customer_id), FALSE,
              cancellable, callback, user_data);
}

GPtrArray *
kd_customer_service_list_orders_finish (KdCustomerService  *self,
                                        GAsyncResult       *result,
                                        GError            **error)
{
  return read_finish (self, result, kd_customer_service_list_orders_async, error);
}

void
kd_customer_service_list_audit_async (KdCustomerService   *self,
                                      guint                limit,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  GError *error = NULL;
  ReadJob *job;

  if (!may_read_audit (self, &error))
    {
      g_task_report_error (self, callback, user_data, kd_customer_service_list_audit_async, error);
      return;
    }
  job = read_job_new (0);
  job->limit = limit;
  read_async (self, kd_customer_service_list_audit_async, list_audit_job, job, FALSE,
              cancellable, callback, user_data);
}

GPtrArray *
kd_customer_service_list_audit_finish (KdCustomerService  *self,
                                       GAsyncResult       *result,
                                       GError            **error)
{
  return read_finish (self, result, kd_customer_service_list_audit_async, error);
}

/* ---------------------------------------------------------------- lists and files */

typedef struct {
  char              *query;
  GArray            *tag_ids;
  gboolean           any;
  guint              limit;
  GPtrArray         *found;
} SearchJob;

static gboolean
search_job (KdConn   *conn,
            gpointer  data,
            GError  **error)
{
  SearchJob *job = data;
  g_autoptr(GArray) ids = kd_customer_repo_search_ids (conn, job->query, (const gint64 *) (gpointer) job->tag_ids->data,
                                                       job->tag_ids->len, job->any, job->limit, error);

  if (ids == NULL)
    return FALSE;
  job->found = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(GError) local = NULL;
      KdCustomer *c = kd_customer_repo_load (conn, g_array_index (ids, gint64, i), &local);

      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      if (c != NULL)
        g_ptr_array_add (job->found, c);
    }
  return TRUE;
}

GPtrArray *
kd_customer_service_search (KdCustomerService  *self,
                            const char         *query,
                            const gint64       *tag_ids,
                            guint               n_tags,
                            gboolean            any,
                            guint               limit,
                            GError            **error)
{
  SearchJob job = { (char *) query, id_array (tag_ids, n_tags), any, limit, NULL };
  gboolean ok = kd_store_read (self->store, search_job, &job, error);

  g_array_unref (job.tag_ids);
  if (!ok)
    {
      g_clear_pointer (&job.found, g_ptr_array_unref);
      return NULL;
    }
  return job.found;
}

typedef struct {
  KdCustomerChange    *stamp;
  GArray              *ids;
  GFile               *file;
  GFileOutputStream   *out;
  char                *display_name;
  KdCustomerCsvWriter *writer;
  guint                n_written;
  GArray              *written;    /* ids, for the audit row */
  GPtrArray           *records;
  KdCustomerImportCounts counts;
} FileJob;

static void
file_job_free (FileJob *job)
{
  g_clear_pointer (&job->stamp, kd_customer_change_unref);
  g_clear_pointer (&job->ids, g_array_unref);
  g_clear_pointer (&job->written, g_array_unref);
  g_clear_object (&job->file);
  g_clear_object (&job->out);
  g_free (job->display_name);
  g_clear_pointer (&job->writer, kd_customer_csv_writer_free);
  g_clear_pointer (&job->records, g_ptr_array_unref);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FileJob, file_job_free)

static gboolean
export_one (KdCustomer  *customer,
            gpointer     user_data,
            GError     **error)
{
  FileJob *job = user_data;

  if (!kd_customer_csv_writer_add (job->writer, customer, error))
    return FALSE;
  g_array_append_val (job->written, customer->id);
  job->n_written++;
  return TRUE;
}

static gboolean
id_maps (KdConn      *conn,
         GHashTable **owners,
         GHashTable **tags,
         GError     **error)
{
  g_autoptr(GPtrArray) staff = kd_staff_repo_list (conn, FALSE, error);
  g_autoptr(GPtrArray) tag_list = NULL;

  if (staff == NULL || (tag_list = kd_customer_repo_list_tags (conn, error)) == NULL)
    return FALSE;
  *owners = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  *tags = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  for (guint i = 0; i < staff->len; i++)
    {
      KdStaff *s = g_ptr_array_index (staff, i);
      g_hash_table_insert (*owners, g_memdup2 (&(gint64) { kd_staff_get_id (s) }, sizeof (gint64)),
                           g_strdup (kd_staff_get_job_number (s)));
    }
  for (guint i = 0; i < tag_list->len; i++)
    {
      KdTag *t = g_ptr_array_index (tag_list, i);
      g_hash_table_insert (*tags, g_memdup2 (&(gint64) { kd_tag_get_id (t) }, sizeof (gint64)),
                           g_strdup (kd_tag_get_name (t)));
    }
  return TRUE;
}

/* A write job: the file and the audit row succeed or fail together (the
 * file is deleted when the row cannot be written). */
static gboolean
export_job (KdConn   *conn,
            gpointer  data,
            GError  **error)
{
  FileJob *job = data;
  g_autoptr(GHashTable) owners = NULL;
  g_autoptr(GHashTable) tags = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *detail = NULL;

  if (!id_maps (conn, &owners, &tags, error))
    return FALSE;
  job->out = g_file_create (job->file, G_FILE_CREATE_NONE, NULL, &local);
  if (job->out == NULL)
    {
      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_EXISTS))
        g_set_error (error, KD_STORE_ERROR, KD_STORE_ERROR_EXISTS,
                     _("“%s” already exists; customers are only exported to a new file."), job->display_name);
      else
        g_set_error (error, local->domain, local->code, _("Cannot write “%s”: %s"), job->display_name, local->message);
      return FALSE;
    }
  job->writer = kd_customer_csv_writer_new (G_OUTPUT_STREAM (job->out), owners, tags, NULL, &local);
  if (job->writer == NULL ||
      !kd_customer_repo_foreach (conn, job->ids, export_one, job, &local) ||
      !kd_customer_csv_writer_close (job->writer, &local) ||
      !g_output_stream_close (G_OUTPUT_STREAM (job->out), NULL, &local))
    goto failed;

  detail = g_path_get_basename (job->display_name);
  if (!audit (job->stamp, conn, "customers.export", job->written->len > 0 ? (const gint64 *) (gpointer) job->written->data : NULL,
              job->written->len, detail, &local))
    goto failed;
  return TRUE;

failed:
  g_file_delete (job->file, NULL, NULL);
  if (local->domain == KD_STORE_ERROR)
    g_propagate_error (error, g_steal_pointer (&local));
  else
    g_set_error (error, local->domain, local->code, _("Cannot write “%s”: %s"), job->display_name, local->message);
  return FALSE;
}

static FileJob *
export_job_new (KdCustomerService *self,
                const char        *path,
                GArray            *ids)
{
  FileJob *job = g_new0 (FileJob, 1);

  job->stamp = change_new (self, OP_UNDO);
  job->ids = ids ? g_array_ref (ids) : NULL;
  job->file = g_file_new_for_path (path);
  job->written = g_array_new (FALSE, FALSE, sizeof (gint64));
  job->display_name = g_filename_display_name (path);
  return job;
}

gboolean
kd_customer_service_export (KdCustomerService  *self,
                            const char         *path,
                            GArray             *ids,
                            guint              *n_written,
                            GError            **error)
{
  g_autoptr(FileJob) job = export_job_new (self, path, ids);

  if (!kd_store_write (self->store, export_job, job, error))
    return FALSE;
  /* An audit row for a file that exists: the count is the file's. */
  if (n_written != NULL)
    *n_written = job->n_written;
  return TRUE;
}

static gboolean
import_job (KdConn   *conn,
            gpointer  data,
            GError  **error)
{
  FileJob *job = data;

  if (!kd_customer_repo_import (conn, job->records, job->display_name, job->stamp->now, &job->counts.added,
                                &job->counts.updated, &job->counts.tags_added, error))
    return FALSE;
  {
    g_autofree char *detail = g_strdup_printf ("%s: +%u ~%u", job->display_name, job->counts.added, job->counts.updated);
    return audit (job->stamp, conn, "customers.import", NULL, 0, detail, error);
  }
}

gboolean
kd_customer_service_import (KdCustomerService       *self,
                            const char              *path,
                            KdCustomerImportCounts  *counts,
                            GError                 **error)
{
  g_autoptr(FileJob) job = export_job_new (self, path, NULL);

  job->records = kd_customer_csv_read_file (path, NULL, error);
  if (job->records == NULL || !kd_store_write (self->store, import_job, job, error))
    return FALSE;
  if (counts != NULL)
    *counts = job->counts;
  return TRUE;
}

static void
file_write_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!kd_store_write_finish (KD_STORE (source), result, &error))
    g_task_return_error (task, error);
  else
    {
      FileJob *job = kd_store_job_get_data (result);
      FileJob *out = g_new0 (FileJob, 1);

      out->n_written = job->n_written;
      out->counts = job->counts;
      g_task_return_pointer (task, out, (GDestroyNotify) file_job_free);
    }
}

void
kd_customer_service_export_async (KdCustomerService   *self,
                                  const char          *path,
                                  GArray              *ids,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, kd_customer_service_export_async);
  kd_store_write_async (self->store, export_job, export_job_new (self, path, ids), (GDestroyNotify) file_job_free,
                        cancellable, file_write_done, task);
}

gboolean
kd_customer_service_export_finish (KdCustomerService  *self,
                                   GAsyncResult       *result,
                                   guint              *n_written,
                                   GError            **error)
{
  g_autoptr(FileJob) out = read_finish (self, result, kd_customer_service_export_async, error);

  if (out == NULL)
    return FALSE;
  if (n_written != NULL)
    *n_written = out->n_written;
  return TRUE;
}

/* Reading and checking the file happens on a worker thread; the merge is one store job. */
static void
import_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  KdCustomerService *self = source;
  FileJob *job = data;
  GError *error = NULL;

  job->records = kd_customer_csv_read_file (g_file_peek_path (job->file), cancellable, &error);
  if (job->records == NULL || !kd_store_write (self->store, import_job, job, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  {
    FileJob *out = g_new0 (FileJob, 1);
    out->counts = job->counts;
    g_task_return_pointer (task, out, (GDestroyNotify) file_job_free);
  }
}

void
kd_customer_service_import_async (KdCustomerService   *self,
                                  const char          *path,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, kd_customer_service_import_async);
  g_task_set_task_data (task, export_job_new (self, path, NULL), (GDestroyNotify) file_job_free);
  g_task_run_in_thread (task, import_thread);
}

gboolean
kd_customer_service_import_finish (KdCustomerService       *self,
                                   GAsyncResult            *result,
                                   KdCustomerImportCounts  *counts,
                                   GError                 **error)
{
  g_autoptr(FileJob) out = read_finish (self, result, kd_customer_service_import_async, error);

  if (out == NULL)
    return FALSE;
  if (counts != NULL)
    *counts = out->counts;
  return TRUE;
}

gboolean
kd_customer_service_ensure_in_job (KdConn      *conn,
                                   const char  *nickname,
                                   gint64      *out_id,
                                   GError     **error)
{
  return kd_customer_repo_ensure (conn, nickname, kd_clock_now_unix (NULL), out_id, NULL, error);
}

/* ---------------------------------------------------------------- model and tags */

KdQueryModel *
kd_customer_service_create_model (KdCustomerService *self)
{
  KdQueryModel *model;

  g_return_val_if_fail (KD_IS_CUSTOMER_SERVICE (self), NULL);
  model = kd_query_model_new (self->store, kd_customer_repo_query_spec ());
  kd_query_model_set_sort (model, "nickname", FALSE);
  return model;
}

void
kd_customer_service_set_tag_filter (KdQueryModel  *model,
                                    const gint64  *tag_ids,
                                    guint          n,
                                    gboolean       any)
{
  kd_query_model_set_filter (model, "tags", n > 0 ? kd_customer_repo_tag_filter_value (tag_ids, n, any) : NULL);
}

typedef struct {
  GWeakRef           self;      /* a pending read does not keep the service (and its store) alive */
  guint              generation;
  GPtrArray         *tags;
} TagsJob;

static void
tags_job_free (TagsJob *job)
{
  g_weak_ref_clear (&job->self);
  g_clear_pointer (&job->tags, g_ptr_array_unref);
  g_free (job);
}

static gboolean
list_tags_job (KdConn   *conn,
               gpointer  data,
               GError  **error)
{
  TagsJob *job = data;

  job->tags = kd_customer_repo_list_tags (conn, error);
  return job->tags != NULL;
}

static void
apply_tags (KdCustomerService *self,
            GPtrArray         *tags)
{
  GListModel *model = G_LIST_MODEL (self->tags);
  guint n_old = g_list_model_get_n_items (model);
  gboolean same = n_old == tags->len;

  for (guint i = 0; same && i < n_old; i++)
    {
      g_autoptr(KdTag) old = g_list_model_get_item (model, i);
      same = kd_tag_get_id (old) == kd_tag_get_id (g_ptr_array_index (tags, i));
    }
  if (same)
    {
      /* In place: pills and check buttons bound to a tag follow it. */
      for (guint i = 0; i < n_old; i++)
        {
          g_autoptr(KdTag) old = g_list_model_get_item (model, i);
          KdTag *fresh = g_ptr_array_index (tags, i);

          kd_tag_set_name (old, kd_tag_get_name (fresh));
          kd_tag_set_colour (old, kd_tag_get_colour (fresh));
          kd_tag_set_n_customers (old, kd_tag_get_n_customers (fresh));
        }
      return;
    }
  g_hash_table_remove_all (self->tags_by_id);
  for (guint i = 0; i < tags->len; i++)
    {
      KdTag *t = g_ptr_array_index (tags, i);
      g_hash_table_insert (self->tags_by_id, g_memdup2 (&(gint64) { kd_tag_get_id (t) }, sizeof (gint64)),
                           g_object_ref (t));
    }
  g_list_store_splice (self->tags, 0, n_old, tags->pdata, tags->len);
}

static void
tags_read (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  TagsJob *job;

  if (!kd_store_read_finish (KD_STORE (source), result, &error))
    {
      if (!g_error_matches (error, KD_STORE_ERROR, KD_STORE_ERROR_CLOSED) &&
          !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Reading the tags failed: %s", error->message);
      return;
    }
  job = kd_store_job_get_data (result);
  {
    g_autoptr(KdCustomerService) self = g_weak_ref_get (&job->self);
    if (self != NULL && job->generation == self->tags_generation)
      apply_tags (self, job->tags);
  }
}

static gboolean
reload_tags (gpointer data)
{
  KdCustomerService *self = data;
  TagsJob *job;

  if (self->store == NULL || kd_store_is_closed (self->store))
    return G_SOURCE_REMOVE;
  job = g_new0 (TagsJob, 1);
  g_weak_ref_init (&job->self, self);
  job->generation = ++self->tags_generation;
  kd_store_read_async (self->store, list_tags_job, job, (GDestroyNotify) tags_job_free, NULL, tags_read, NULL);
  return G_SOURCE_REMOVE;
}

static void
on_tags_changed (KdStore           *store,
                 const char        *table,
                 GArray            *ids,
                 KdCustomerService *self)
{
  /* Counts are read on a reader thread; the list belongs to the thread
   * that made the service. */
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, reload_tags, g_object_ref (self), g_object_unref);
}

GListModel *
kd_customer_service_get_tags (KdCustomerService *self)
{
  g_return_val_if_fail (KD_IS_CUSTOMER_SERVICE (self), NULL);
  return G_LIST_MODEL (self->tags);
}

KdTag *
kd_customer_service_lookup_tag (KdCustomerService *self,
                                gint64             tag_id)
{
  g_return_val_if_fail (KD_IS_CUSTOMER_SERVICE (self), NULL);
  return g_hash_table_lookup (self->tags_by_id, &tag_id);
}

static void
kd_customer_service_dispose (GObject *object)
{
  KdCustomerService *self = KD_CUSTOMER_SERVICE (object);

  if (self->changed_id != 0 && self->store != NULL)
    g_clear_signal_handler (&self->changed_id, self->store);
  g_clear_object (&self->store);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (kd_customer_service_parent_class)->dispose (object);
}

static void
kd_customer_service_finalize (GObject *object)
{
  KdCustomerService *self = KD_CUSTOMER_SERVICE (object);

  g_clear_object (&self->tags);
  g_clear_pointer (&self->tags_by_id, g_hash_table_unref);
  g_main_context_unref (self->context);
  G_OBJECT_CLASS (kd_customer_service_parent_class)->finalize (object);
}

static void
kd_customer_service_class_init (KdCustomerServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kd_customer_service_dispose;
  object_class->finalize = kd_customer_service_finalize;
}

static void
kd_customer_service_init (KdCustomerService *self)
{
  self->tags = g_list_store_new (KD_TYPE_TAG);
  self->tags_by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  self->context = g_main_context_ref_thread_default ();
}

KdCustomerService *
kd_customer_service_new (KdStore       *store,
                         KdDeskSession *session)
{
  KdCustomerService *self = g_object_new (KD_TYPE_CUSTOMER_SERVICE, NULL);
  g_autoptr(GPtrArray) tags = NULL;
  g_autoptr(GError) error = NULL;
  TagsJob job = { { { 0 } }, 0, NULL };

  self->store = g_object_ref (store);
  self->session = session ? g_object_ref (session) : NULL;
  self->changed_id = g_signal_connect (store, "changed::tags", G_CALLBACK (on_tags_changed), self);
  /* The first list now, so that the window (and the CLI) start with it. */
  if (kd_store_read (store, list_tags_job, &job, &error))
    {
      apply_tags (self, job.tags);
      g_ptr_array_unref (job.tags);
    }
  else if (!g_error_matches (error, KD_STORE_ERROR, KD_STORE_ERROR_CLOSED))
    g_warning ("Reading the tags failed: %s", error->message);
  return self;
}
