/* kd-handover-service.h: the handover book (交接班): writing at shift end, acknowledging at sign-in, the searchable history. */
#pragma once

#include <gio/gio.h>

#include "kd-handover.h"
#include "kd-query-model.h"
#include "kd-staff.h"
#include "kd-store.h"

G_BEGIN_DECLS

#define KD_TYPE_HANDOVER_SERVICE (kd_handover_service_get_type ())
G_DECLARE_FINAL_TYPE (KdHandoverService, kd_handover_service, KD, HANDOVER_SERVICE, GObject)

KdHandoverService *kd_handover_service_new           (KdStore            *store);

/* A KdQueryModel of KdHandover, newest first; search with
 * kd_query_model_set_search() (author, note, items, order numbers,
 * customers); filter "open" (b). */
KdQueryModel *kd_handover_service_create_model       (KdHandoverService  *self);

/* Synchronous (tests, CLI). @handover's author is @author (who is at the
 * desk). A handover without a shift code gets the author's shift from the
 * roster: the one they are on duty for now, or that ended within the last
 * hour, and that shift's roster day; off the roster it stays as it is. */
gboolean      kd_handover_service_write              (KdHandoverService  *self,
                                                      KdHandover         *handover,
                                                      KdStaff            *author,
                                                      GError            **error);
KdHandover   *kd_handover_service_get                (KdHandoverService  *self,
                                                      gint64              id,
                                                      GError            **error);
/* What @agent has to acknowledge: open handovers by others, oldest first, with items. */
GPtrArray    *kd_handover_service_list_open          (KdHandoverService  *self,
                                                      KdStaff            *agent,
                                                      GError            **error);
gboolean      kd_handover_service_acknowledge        (KdHandoverService  *self,
                                                      gint64              id,
                                                      KdStaff            *agent,
                                                      GError            **error);
gboolean      kd_handover_service_unacknowledge      (KdHandoverService  *self,
                                                      gint64              id,
                                                      GError            **error);

void          kd_handover_service_write_async        (KdHandoverService  *self,
                                                      KdHandover         *handover,
                                                      KdStaff            *author,
                                                      GCancellable       *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer            user_data);
void          kd_handover_service_acknowledge_async  (KdHandoverService  *self,
                                                      gint64              id,
                                                      KdStaff            *agent,
                                                      GCancellable       *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer            user_data);
void          kd_handover_service_unacknowledge_async (KdHandoverService *self,
                                                      gint64              id,
                                                      GCancellable       *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer            user_data);
gboolean      kd_handover_service_finish             (KdHandoverService  *self,
                                                      GAsyncResult       *result,
                                                      GError            **error);
/* Reads on a reader thread; the result is a GPtrArray of KdHandover. */
void          kd_handover_service_list_open_async    (KdHandoverService  *self,
                                                      KdStaff            *agent,
                                                      GCancellable       *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer            user_data);
GPtrArray    *kd_handover_service_list_open_finish   (KdHandoverService  *self,
                                                      GAsyncResult       *result,
                                                      GError            **error);
void          kd_handover_service_get_async          (KdHandoverService  *self,
                                                      gint64              id,
                                                      GCancellable       *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer            user_data);
KdHandover   *kd_handover_service_get_finish         (KdHandoverService  *self,
                                                      GAsyncResult       *result,
                                                      GError            **error);

G_END_DECLS
