/* kd-cli-orders.h: `kefu-desk import-orders` and `kefu-desk orders list`. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int kd_cli_import_orders (int argc, char **argv);
int kd_cli_orders        (int argc, char **argv);

G_END_DECLS
