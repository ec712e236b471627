/* kd-schedule-page.c: hosts the staff directory and the month roster. */
#include "kd-schedule-page.h"
#include "kd-roster-page.h"
#include "kd-handover-page.h"
#include "kd-leave-page.h"
#include "kd-staff-list.h"

struct _KdSchedulePage
{
  GtkWidget    parent_instance;

  KdContext   *context;
  GtkWidget   *box;
  KdStaffList *staff_list;
  KdRosterPage *roster_page;
  KdLeavePage *leave_page;
  KdHandoverPage *handover_page;
};

G_DEFINE_FINAL_TYPE (KdSchedulePage, kd_schedule_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static void
kd_schedule_page_dispose (GObject *object)
{
  KdSchedulePage *self = KD_SCHEDULE_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), KD_TYPE_SCHEDULE_PAGE);
  g_clear_object (&self->context);
  G_OBJECT_CLASS (kd_schedule_page_parent_class)->dispose (object);
}

static void
kd_schedule_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  KdSchedulePage *self = KD_SCHEDULE_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kd_schedule_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  KdSchedulePage *self = KD_SCHEDULE_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      if (self->context == NULL && g_value_get_object (value) != NULL)
        {
          self->context = g_value_dup_object (value);
          g_object_set (self->staff_list, "context", self->context, NULL);
          g_object_set (self->roster_page, "context", self->context, NULL);
          g_object_set (self->leave_page, "context", self->context, NULL);
          g_object_set (self->handover_page, "context", self->context, NULL);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kd_schedule_page_class_init (KdSchedulePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kd_schedule_page_dispose;
  object_class->get_property = kd_schedule_page_get_property;
  object_class->set_property = kd_schedule_page_set_property;

  /* Set once, by the window, right after the template builds the page. */
  props[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, KD_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, props);

  g_type_ensure (KD_TYPE_STAFF_LIST);
  g_type_ensure (KD_TYPE_ROSTER_PAGE);
  g_type_ensure (KD_TYPE_LEAVE_PAGE);
  g_type_ensure (KD_TYPE_HANDOVER_PAGE);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/schedule/kd-schedule-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KdSchedulePage, box);
  gtk_widget_class_bind_template_child (widget_class, KdSchedulePage, staff_list);
  gtk_widget_class_bind_template_child (widget_class, KdSchedulePage, roster_page);
  gtk_widget_class_bind_template_child (widget_class, KdSchedulePage, leave_page);
  gtk_widget_class_bind_template_child (widget_class, KdSchedulePage, handover_page);
}

static void
kd_schedule_page_init (KdSchedulePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
