/* kd-store.h: the SQLite database of one shop: open, migrate, transact, back up. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define KD_STORE_ERROR (kd_store_error_quark ())

typedef enum {
  KD_STORE_ERROR_CANT_OPEN,     /* missing directory, permissions, locked */
  KD_STORE_ERROR_NOT_DATABASE,  /* not an SQLite file at all */
  KD_STORE_ERROR_CORRUPT,       /* truncated or failing quick_check */
  KD_STORE_ERROR_TOO_NEW,       /* written by a newer Kefu Desk */
  KD_STORE_ERROR_DUPLICATE,     /* a unique key already taken */
  KD_STORE_ERROR_NOT_FOUND,
  KD_STORE_ERROR_INVALID,       /* a value the schema refuses */
  KD_STORE_ERROR_EXISTS,        /* refusing to overwrite a file */
  KD_STORE_ERROR_FAILED,
} KdStoreError;

GQuark kd_store_error_quark (void);

#define KD_TYPE_STORE (kd_store_get_type ())
G_DECLARE_FINAL_TYPE (KdStore, kd_store, KD, STORE, GObject)

typedef gboolean (*KdStoreTransactionFunc) (KdStore  *store,
                                            gpointer  user_data,
                                            GError  **error);

KdStore    *kd_store_open               (const char              *path,
                                         GError                 **error);
const char *kd_store_get_path           (KdStore                 *self);
int         kd_store_get_schema_version (KdStore                 *self);
int         kd_store_get_latest_version (void);
gboolean    kd_store_transaction        (KdStore                 *self,
                                         KdStoreTransactionFunc   func,
                                         gpointer                 user_data,
                                         GError                 **error);
gboolean    kd_store_backup_file        (const char              *src_path,
                                         const char              *dest_path,
                                         GError                 **error);
gboolean    kd_store_backup             (KdStore                 *self,
                                         const char              *dest_path,
                                         GError                 **error);
char       *kd_store_get_setting        (KdStore                 *self,
                                         const char              *key,
                                         const char              *default_value);
gboolean    kd_store_set_setting        (KdStore                 *self,
                                         const char              *key,
                                         const char              *value,
                                         GError                 **error);
char       *kd_store_default_path       (void);

G_END_DECLS
