/* kd-tag-pills.c: tag pills: one label per tag, coloured by a CSS class per palette index. */
#include "kd-tag-pills.h"

struct _KdTagPills
{
  GtkWidget parent_instance;
};

G_DEFINE_FINAL_TYPE (KdTagPills, kd_tag_pills, GTK_TYPE_WIDGET)

static const char *const colour_classes[KD_TAG_N_COLOURS] = {
  "kd-tag-0", "kd-tag-1", "kd-tag-2", "kd-tag-3", "kd-tag-4",
  "kd-tag-5", "kd-tag-6", "kd-tag-7", "kd-tag-8",
};

const char *
kd_tag_pills_colour_class (int colour)
{
  return colour_classes[CLAMP (colour, 0, KD_TAG_N_COLOURS - 1)];
}

void
kd_tag_pills_style_label (GtkWidget *label,
                          int        colour)
{
  for (int i = 0; i < KD_TAG_N_COLOURS; i++)
    if (i != colour)
      gtk_widget_remove_css_class (label, colour_classes[i]);
  gtk_widget_add_css_class (label, "kd-tag");
  gtk_widget_add_css_class (label, kd_tag_pills_colour_class (colour));
}

void
kd_tag_pills_set_tags (KdTagPills        *self,
                       KdCustomerService *service,
                       GArray            *tag_ids)
{
  GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self));
  guint n = tag_ids ? tag_ids->len : 0;
  g_autoptr(GString) names = g_string_new (NULL);

  g_return_if_fail (KD_IS_TAG_PILLS (self));

  for (guint i = 0; i < n; i++)
    {
      KdTag *tag = service ? kd_customer_service_lookup_tag (service, g_array_index (tag_ids, gint64, i)) : NULL;

      if (tag == NULL)
        continue;
      if (child == NULL)
        {
          child = gtk_label_new (NULL);
          gtk_widget_set_valign (child, GTK_ALIGN_CENTER);
          gtk_widget_set_parent (child, GTK_WIDGET (self));
        }
      gtk_label_set_text (GTK_LABEL (child), kd_tag_get_name (tag));
      kd_tag_pills_style_label (child, kd_tag_get_colour (tag));
      gtk_widget_set_visible (child, TRUE);
      if (names->len > 0)
        g_string_append (names, " ");
      g_string_append (names, kd_tag_get_name (tag));
      child = gtk_widget_get_next_sibling (child);
    }
  /* Spare labels stay for the next row bound here. */
  for (; child != NULL; child = gtk_widget_get_next_sibling (child))
    gtk_widget_set_visible (child, FALSE);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, names->str, -1);
}

GtkWidget *
kd_tag_pills_new (void)
{
  return g_object_new (KD_TYPE_TAG_PILLS, NULL);
}

static void
kd_tag_pills_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (kd_tag_pills_parent_class)->dispose (object);
}

static void
kd_tag_pills_class_init (KdTagPillsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kd_tag_pills_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "kd-tag-pills");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
kd_tag_pills_init (KdTagPills *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 4);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
}
