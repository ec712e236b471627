/* kd-backup-service.h: one automatic backup a day per database, the oldest rotated away. */
#pragma once

#include <gio/gio.h>

#include "kd-store.h"

G_BEGIN_DECLS

#define KD_BACKUP_KEEP_DEFAULT 14

char     *kd_backup_default_dir   (void);
char     *kd_backup_name_prefix   (const char           *db_path);
gboolean  kd_backup_daily         (KdStore              *store,
                                   const char           *backup_dir,
                                   GDateTime            *now,
                                   guint                 keep,
                                   char                **out_written,
                                   GCancellable         *cancellable,
                                   GError              **error);
void      kd_backup_daily_async   (KdStore              *store,
                                   const char           *backup_dir,
                                   GDateTime            *now,
                                   guint                 keep,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data);
char     *kd_backup_daily_finish  (GAsyncResult         *result,
                                   GError              **error);

G_END_DECLS
