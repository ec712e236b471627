/* kd-nsp-loader.h: reads Curtois & Qu shift-scheduling benchmark instances into the roster model. */
#pragma once

#include "kd-roster-model.h"

G_BEGIN_DECLS

KdRosterModel *kd_nsp_load_file   (const char          *path,
                                   GError             **error);
KdRosterModel *kd_nsp_load_data   (const char          *text,
                                   const char          *name,
                                   GError             **error);
char          *kd_nsp_roster_to_csv (const KdRosterModel *model,
                                   const KdRoster      *roster);

G_END_DECLS
