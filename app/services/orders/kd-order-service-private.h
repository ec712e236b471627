/* kd-order-service-private.h: the order service's fields, shared by kd-order-service.c and kd-order-import.c. */
#pragma once

#include "kd-order-service.h"

G_BEGIN_DECLS

struct _KdOrderService
{
  GObject        parent_instance;
  KdStore       *store;
  KdDeskSession *session;
  GTimeZone     *tz;
  char          *tz_name;
  /* The shop's flag names and meanings, "" for the default; read when first asked. */
  gboolean       have_flag_texts;
  char          *flag_names[KD_N_FLAGS];
  char          *flag_meanings[KD_N_FLAGS];
};

G_END_DECLS
