/* kd-customer-audit.c: read access to privacy-log rows for the Preferences window. */
#include "config.h"

#include "kd-customer-audit.h"
#include "kd-audit-repo.h"

#include <glib/gi18n.h>

gint64
kd_customer_audit_get_at (gconstpointer row)
{
  return ((const KdAuditEntry *) row)->at;
}

gint64
kd_customer_audit_get_staff_id (gconstpointer row)
{
  return ((const KdAuditEntry *) row)->staff_id;
}

const char *
kd_customer_audit_get_action (gconstpointer row)
{
  return ((const KdAuditEntry *) row)->action;
}

guint
kd_customer_audit_get_n_records (gconstpointer row)
{
  return ((const KdAuditEntry *) row)->n_records;
}

const char *
kd_customer_audit_get_detail (gconstpointer row)
{
  const char *detail = ((const KdAuditEntry *) row)->detail;
  return detail ? detail : "";
}

const char *
kd_customer_audit_action_label (const char *action)
{
  static const struct { const char *action; const char *label; } labels[] = {
    { "customer.reveal", N_("Revealed contact data") },
    { "customers.export", N_("Exported customers") },
    { "customers.import", N_("Imported customers") },
    { "customer.merge", N_("Merged two profiles") },
    { "customer.unmerge", N_("Undid a merge") },
    { "customer.delete", N_("Deleted customers") },
    { "contacts.show-unmasked", N_("Turned on unmasked contact data") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (action, labels[i].action) == 0)
      return _(labels[i].label);
  return action;
}
