/* kd-cli-roster.h: the "roster" sub-command (solve a month into the database). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int kd_cli_roster (int    argc,
                   char **argv);

G_END_DECLS
