/* kd-roster-print.h: the month grid on A4 landscape through GtkPrintOperation, drawn by the screen's painter. */
#pragma once

#include <gtk/gtk.h>

#include "kd-roster-sheet.h"

G_BEGIN_DECLS

/* Staff rows on one page: 30 fit A4 landscape, more go on to further pages. */
#define KD_ROSTER_PRINT_ROWS_PER_PAGE 30

/* Shows the print dialog, or with @export_filename writes a PDF without
 * asking. @sheet must stay as it is until this returns. */
GtkPrintOperationResult kd_roster_print_run (GtkWindow           *parent,
                                             const KdRosterSheet *sheet,
                                             const char          *title,
                                             const char          *export_filename,
                                             GError             **error);

gboolean kd_roster_print_render_png (const KdRosterSheet  *sheet,
                                     const char           *title,
                                     const char           *filename,
                                     GError              **error);

G_END_DECLS
