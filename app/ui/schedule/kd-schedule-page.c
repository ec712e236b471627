/* kd-schedule-page.c: hosts the staff directory and, later, the month roster. */
#include "kd-schedule-page.h"
#include "kd-staff-list.h"

struct _KdSchedulePage
{
  GtkWidget    parent_instance;
  GtkWidget   *box;
  KdStaffList *staff_list;
};

G_DEFINE_FINAL_TYPE (KdSchedulePage, kd_schedule_page, GTK_TYPE_WIDGET)

void
kd_schedule_page_set_store (KdSchedulePage *self,
                            KdStore        *store)
{
  g_return_if_fail (KD_IS_SCHEDULE_PAGE (self));
  kd_staff_list_set_store (self->staff_list, store);
}

void
kd_schedule_page_set_settings (KdSchedulePage *self,
                               GSettings      *settings)
{
  g_return_if_fail (KD_IS_SCHEDULE_PAGE (self));
  kd_staff_list_set_settings (self->staff_list, settings);
}

static void
kd_schedule_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KD_TYPE_SCHEDULE_PAGE);
  G_OBJECT_CLASS (kd_schedule_page_parent_class)->dispose (object);
}

static void
kd_schedule_page_class_init (KdSchedulePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kd_schedule_page_dispose;

  g_type_ensure (KD_TYPE_STAFF_LIST);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/schedule/kd-schedule-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KdSchedulePage, box);
  gtk_widget_class_bind_template_child (widget_class, KdSchedulePage, staff_list);
}

static void
kd_schedule_page_init (KdSchedulePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
