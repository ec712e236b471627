/* kd-error.h: the error domains of the core layer. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KD_CORE_ERROR (kd_core_error_quark ())

typedef enum {
  KD_CORE_ERROR_INVALID,
} KdCoreError;

GQuark kd_core_error_quark (void);

/* A value a user typed or a file held that the rules refuse. The code is
 * the failing field, in the entity's own field enum (KdStaffField, …), so
 * a form can put the message under the right entry. */
#define KD_VALIDATION_ERROR (kd_validation_error_quark ())

GQuark kd_validation_error_quark (void);

G_END_DECLS
