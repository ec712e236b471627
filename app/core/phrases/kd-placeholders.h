/* kd-placeholders.h: {customer} {agent} {job_no} {shop} {order} {amount} in phrase bodies, and their fallbacks. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The values a body is expanded with; any may be NULL or "" (then the
 * placeholder's fallback is used: {customer} → 亲, …). Amount in fen. */
typedef struct {
  const char *customer_nickname;
  const char *customer_name;     /* preferred over the nickname when known */
  const char *agent_name;
  const char *job_number;
  const char *shop_name;
  const char *order_number;
  gint64      amount_fen;        /* < 0: unknown */
} KdPlaceholderValues;

void      kd_placeholder_values_init  (KdPlaceholderValues *values);
char     *kd_placeholders_expand      (const char                *body,
                                       const KdPlaceholderValues *values);
/* FALSE, with KD_VALIDATION_ERROR and a message naming the placeholder
 * (e.g. “{custmer}” is not a placeholder; did you mean {customer}?), and
 * its character offset in @body, when @body has an unknown one. */
gboolean  kd_placeholders_check       (const char                *body,
                                       glong                     *out_offset,
                                       GError                   **error);
/* The names, for the editor's insert menu: "customer", "agent", … */
const char * const *kd_placeholders_list (void);

G_END_DECLS
