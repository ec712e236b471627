/* kd-backup-service.h: one automatic backup a day, the oldest rotated away. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define KD_BACKUP_KEEP_DEFAULT 14

char     *kd_backup_default_dir   (void);
gboolean  kd_backup_daily         (const char           *db_path,
                                   const char           *backup_dir,
                                   const char           *today,
                                   guint                 keep,
                                   char                **out_written,
                                   GError              **error);
void      kd_backup_daily_async   (const char           *db_path,
                                   const char           *backup_dir,
                                   const char           *today,
                                   guint                 keep,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data);
char     *kd_backup_daily_finish  (GAsyncResult         *result,
                                   GError              **error);

G_END_DECLS
