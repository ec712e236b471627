/* kd-cli-phrases.h: the "phrases" sub-command (import, export, search). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int   kd_cli_phrases              (int          argc,
                                   char       **argv);
/* One search line: shortcut, group, title, body, tab-separated, with "\\"
 * as "\\\\", tab as "\\t", line feed as "\\n" and carriage return as "\\r". */
char *kd_cli_phrases_escape_field (const char  *text);

G_END_DECLS
