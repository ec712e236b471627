/* kd-text.h: small text rules shared by every layer: phones, job numbers, search. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char     *kd_phone_mask            (const char *phone);
gboolean  kd_phone_is_valid        (const char *phone);
gboolean  kd_job_number_is_valid   (const char *job_number);
char     *kd_text_normalize        (const char *text);
char     *kd_text_natural_key      (const char *text);
gboolean  kd_text_matches          (const char *haystack_normalized,
                                    const char *needle_normalized);

/* *@field freed and replaced by a copy of @value (NULL stays NULL). */
void      kd_text_replace          (char      **field,
                                    const char *value);
/* A property setter's string: *@field becomes a copy of @value (NULL
 * taken as ""). FALSE, and nothing done, when it already was that. */
gboolean  kd_text_set              (char      **field,
                                    const char *value);

G_END_DECLS
