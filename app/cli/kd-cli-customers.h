/* kd-cli-customers.h: `kefu-desk customers import|export|search`. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int kd_cli_customers (int    argc,
                      char **argv);

G_END_DECLS
