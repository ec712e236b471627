/* kd-store-private.h: what the repositories of store/ share; nothing outside store/ includes it. */
#pragma once

#include <sqlite3.h>

#include "kd-store.h"

G_BEGIN_DECLS

sqlite3      *kd_store_get_db       (KdStore      *self);
sqlite3_stmt *kd_store_prepare      (KdStore      *self,
                                     const char   *sql,
                                     GError      **error);
gboolean      kd_store_step_done    (KdStore      *self,
                                     sqlite3_stmt *stmt,
                                     GError      **error);
void          kd_store_set_sqlite_error (KdStore  *self,
                                     GError      **error,
                                     int           rc,
                                     const char   *what);
const char   *kd_stmt_text          (sqlite3_stmt *stmt,
                                     int           column);

G_END_DECLS
