/* kd-cli.h: the command-line sub-commands (a contract: see README "Command line"). */
#pragma once

#include <glib.h>

#include "kd-store.h"

G_BEGIN_DECLS

/* Exit statuses of every sub-command. */
enum {
  KD_EXIT_OK = 0,
  KD_EXIT_BAD_INPUT = 1,
  KD_EXIT_USAGE = 2,
};

gboolean  kd_cli_is_subcommand  (const char  *name);
int       kd_cli_run            (int          argc,
                                 char       **argv);
char     *kd_cli_usage          (void);
KdStore  *kd_cli_open_store     (const char  *db_option,
                                 GError     **error);
/* A sub-command's options and the --now every one takes; FALSE with
 * @error for a usage error. */
gboolean  kd_cli_parse_options  (int          *argc,
                                 char       ***argv,
                                 const char   *parameter,
                                 GOptionEntry *entries,
                                 GError      **error);
/* kd_cli_parse_options(); on a usage error FALSE, the message printed
 * with @usage (see kd_cli_usage_error()) and *@status its exit status. */
gboolean  kd_cli_parse          (int          *argc,
                                 char       ***argv,
                                 const char   *parameter,
                                 GOptionEntry *entries,
                                 const char * const *usage,
                                 int          *status);
/* "kefu-desk: MESSAGE" (unless NULL) and @usage on stderr: N_() lines,
 * NULL-terminated, printed translated; NULL for every command's usage.
 * Returns KD_EXIT_USAGE. */
int       kd_cli_usage_error    (const char   *message,
                                 const char * const *usage);
/* "kefu-desk: MESSAGE" on stderr; returns KD_EXIT_BAD_INPUT. */
int       kd_cli_fail           (const GError *error);
/* Machine output, written whole and flushed. */
void      kd_cli_print          (const GString *out);
/* Exactly YYYY-MM: four digits, a dash, two digits, month 01–12. */
gboolean  kd_cli_parse_month    (const char   *text,
                                 int          *year,
                                 int          *month);
/* A whole decimal number more than 0 (no signs, spaces or exponents). */
gboolean  kd_cli_parse_limit    (const char   *text,
                                 guint        *limit);

G_END_DECLS
