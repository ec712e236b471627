/* kd-customer-audit.h: the fields of the privacy-log rows kd_customer_service_list_audit() returns, for widgets (which cannot see the audit repository). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* @row is one element of kd_customer_service_list_audit*()'s array. */
gint64       kd_customer_audit_get_at         (gconstpointer row);
/* 0: nobody was signed in (the command line, the background monitor). */
gint64       kd_customer_audit_get_staff_id   (gconstpointer row);
const char  *kd_customer_audit_get_action     (gconstpointer row);
guint        kd_customer_audit_get_n_records  (gconstpointer row);
const char  *kd_customer_audit_get_detail     (gconstpointer row);
/* "customer.reveal" → "Revealed contact data" (translated); unknown
 * actions come back as they are. */
const char  *kd_customer_audit_action_label   (const char   *action);

G_END_DECLS
