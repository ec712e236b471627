/* kd-demo.h: the demo shop used by --demo, the README and the tests. */
#pragma once

#include "kd-store.h"

G_BEGIN_DECLS

gboolean  kd_demo_populate   (KdConn      *conn,
                              GError     **error);
gboolean  kd_demo_write      (const char  *path,
                              GError     **error);
char     *kd_demo_create_temp (GError    **error);

G_END_DECLS
