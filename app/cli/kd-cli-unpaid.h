/* kd-cli-unpaid.h: `kefu-desk unpaid` and `kefu-desk unpaid report`. */
#pragma once

int kd_cli_unpaid (int argc, char **argv);
