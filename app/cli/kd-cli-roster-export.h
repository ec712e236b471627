/* kd-cli-roster-export.h: `kefu-desk roster export`. */
#pragma once

int kd_cli_roster_export (int    argc,
                          char **argv);
