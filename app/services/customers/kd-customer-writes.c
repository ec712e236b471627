/* kd-customer-writes.c: the customer service's write jobs, run on the store thread: save, delete, tag, owner, tags, merge, and their undo. */
#include "config.h"

#include "kd-customer-service-private.h"
#include "kd-audit-repo.h"
#include "kd-clock.h"
#include "kd-customer-csv.h"
#include "kd-customer-repo.h"
#include "kd-error.h"
#include "kd-staff-repo.h"

#include <glib/gi18n-lib.h>

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
  c->created = kd_customer_ids_empty ();
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
    g_autoptr(GArray) gone = kd_customer_ids_empty ();
    for (guint i = 0; i < c->before->len; i++)
      g_array_append_val (gone, KD_CUSTOMER (g_ptr_array_index (c->before, i))->id);
    return kd_customer_change_audit (c, conn, "customer.delete", (const gint64 *) (gpointer) gone->data, gone->len, "", error);
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
  c->changed = kd_customer_ids_empty ();
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
  c->changed = kd_customer_ids_empty ();
  c->old_owners = kd_customer_ids_empty ();
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
  c->into_added = kd_customer_ids_empty ();
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
    if (!kd_customer_change_audit (c, conn, "customer.merge", pair, 2, detail, error))
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
          if (!kd_customer_change_audit (c, conn, "customer.unmerge", pair, 2, "", error))
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


KdStoreFunc
kd_customer_write_job (KdCustomerOp op)
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
