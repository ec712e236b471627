/* kd-error.h: the error domains of the core layer. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KD_CORE_ERROR (kd_core_error_quark ())

typedef enum {
  KD_CORE_ERROR_INVALID,
} KdCoreError;

GQuark kd_core_error_quark (void);

G_END_DECLS
