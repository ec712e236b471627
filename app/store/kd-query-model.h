/* kd-query-model.h: a GListModel over an SQL query, read in pages on reader connections. */
#pragma once

#include <gio/gio.h>

#include "kd-store.h"

G_BEGIN_DECLS

/* What a repository tells the model about its table (kd-query-model-private.h). */
typedef struct _KdQuerySpec KdQuerySpec;

#define KD_TYPE_QUERY_MODEL (kd_query_model_get_type ())
G_DECLARE_FINAL_TYPE (KdQueryModel, kd_query_model, KD, QUERY_MODEL, GObject)

KdQueryModel *kd_query_model_new            (KdStore            *store,
                                             const KdQuerySpec  *spec);
KdStore      *kd_query_model_get_store      (KdQueryModel       *self);

void          kd_query_model_set_search     (KdQueryModel       *self,
                                             const char         *text);
const char   *kd_query_model_get_search     (KdQueryModel       *self);
gboolean      kd_query_model_set_sort       (KdQueryModel       *self,
                                             const char         *key,
                                             gboolean            descending);
const char   *kd_query_model_get_sort_key   (KdQueryModel       *self);
gboolean      kd_query_model_get_sort_descending (KdQueryModel  *self);
gboolean      kd_query_model_set_filter     (KdQueryModel       *self,
                                             const char         *name,
                                             GVariant           *value);
void          kd_query_model_refresh        (KdQueryModel       *self);

gboolean      kd_query_model_get_loading    (KdQueryModel       *self);
gint64        kd_query_model_get_id         (KdQueryModel       *self,
                                             guint               position);
guint         kd_query_model_find_id        (KdQueryModel       *self,
                                             gint64              id);
guint         kd_query_model_get_n_matches  (KdQueryModel       *self);
guint         kd_query_model_get_n_known    (KdQueryModel       *self);
guint         kd_query_model_get_n_cached   (KdQueryModel       *self);
guint         kd_query_model_get_n_pages_read (KdQueryModel     *self);

G_END_DECLS
