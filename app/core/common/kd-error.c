/* kd-error.c: error quarks of the core layer. */
#include "kd-error.h"

G_DEFINE_QUARK (kd-core-error-quark, kd_core_error)
G_DEFINE_QUARK (kd-validation-error-quark, kd_validation_error)
