/* kd-tag-pills.h: a customer's tags as small coloured pills, in a list cell or a profile. */
#pragma once

#include <gtk/gtk.h>

#include "kd-customer-service.h"

G_BEGIN_DECLS

#define KD_TYPE_TAG_PILLS (kd_tag_pills_get_type ())
G_DECLARE_FINAL_TYPE (KdTagPills, kd_tag_pills, KD, TAG_PILLS, GtkWidget)

GtkWidget  *kd_tag_pills_new        (void);
/* Shows the tags of @tag_ids (NULL: none) as the service knows them;
 * the labels already there are reused, so rebinding a row allocates
 * nothing once it has its pills. */
void        kd_tag_pills_set_tags   (KdTagPills        *self,
                                     KdCustomerService *service,
                                     GArray            *tag_ids);
/* The CSS class of a palette colour: "kd-tag-0" … "kd-tag-8" (style.css). */
const char *kd_tag_pills_colour_class (int colour);
/* Styles @label as a pill of @colour. */
void        kd_tag_pills_style_label (GtkWidget        *label,
                                      int               colour);

G_END_DECLS
