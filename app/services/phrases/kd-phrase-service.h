/* kd-phrase-service.h: the phrase library's behaviour, shared by the window, the picker (async) and the CLI (sync). */
#pragma once

#include <gio/gio.h>

#include "kd-phrase.h"
#include "kd-placeholders.h"
#include "kd-query-model.h"
#include "kd-store.h"

G_BEGIN_DECLS

typedef enum {
  KD_PHRASE_FORMAT_KEFU,       /* group,shortcut,title,body */
  KD_PHRASE_FORMAT_QIANNIU,    /* 快捷短语编码,快捷短语,快捷短语分组 (GBK on export) */
} KdPhraseFormat;

typedef struct {
  guint added;
  guint updated;               /* matched by shortcut */
  guint groups_added;
} KdPhraseImportCounts;

#define KD_TYPE_PHRASE_SERVICE (kd_phrase_service_get_type ())
G_DECLARE_FINAL_TYPE (KdPhraseService, kd_phrase_service, KD, PHRASE_SERVICE, GObject)

KdPhraseService *kd_phrase_service_new          (KdStore              *store);

/* A KdQueryModel of KdPhrase: filter "group" (int64 group id), search over
 * shortcut, title and body (kd-search.h), ranked while searching: exact
 * shortcut first, then favourites, use count, recency; sorts "rank" (the
 * default: favourites, use count, recency), "position" (in the group),
 * "title", "shortcut". */
KdQueryModel    *kd_phrase_service_create_model (KdPhraseService      *self);

/* Groups: a GListStore of KdPhraseGroup in order, kept up to date on
 * every write (the service listens to the store's "changed"). */
GListModel      *kd_phrase_service_get_groups   (KdPhraseService      *self);

/* Synchronous (CLI, tests). */
gboolean   kd_phrase_service_save          (KdPhraseService *self, KdPhrase *phrase, GError **error);
gboolean   kd_phrase_service_delete        (KdPhraseService *self, KdPhrase *phrase, GError **error);
gboolean   kd_phrase_service_restore       (KdPhraseService *self, KdPhrase *phrase, GError **error);
gboolean   kd_phrase_service_record_use    (KdPhraseService *self, gint64 phrase_id, GError **error);
GPtrArray *kd_phrase_service_search        (KdPhraseService *self, const char *query, guint limit, GError **error);
GPtrArray *kd_phrase_service_favourites    (KdPhraseService *self, guint limit, GError **error);
gboolean   kd_phrase_service_save_group    (KdPhraseService *self, KdPhraseGroup *group, GError **error);
/* Deletes the group and its phrases; @out_removed gets what Undo needs. */
gboolean   kd_phrase_service_delete_group  (KdPhraseService *self, KdPhraseGroup *group, GPtrArray **out_removed, GError **error);
gboolean   kd_phrase_service_restore_group (KdPhraseService *self, KdPhraseGroup *group, GPtrArray *phrases, GError **error);
gboolean   kd_phrase_service_move_group    (KdPhraseService *self, gint64 group_id, int new_position, GError **error);
gboolean   kd_phrase_service_move_phrase   (KdPhraseService *self, gint64 phrase_id, gint64 to_group_id, GError **error);
/* The whole file is checked first ("FILE:LINE: reason" for the first problem), then applied in one transaction. */
gboolean   kd_phrase_service_import        (KdPhraseService *self, const char *path, KdPhraseImportCounts *counts, GError **error);
/* Never overwrites: an existing @path is KD_STORE_ERROR_EXISTS. */
gboolean   kd_phrase_service_export        (KdPhraseService *self, const char *path, KdPhraseFormat format, guint *n_written, GError **error);
/* Added beside the contract: every phrase in library order; who holds a shortcut (NULL, no error: nobody). */
GPtrArray *kd_phrase_service_list_all      (KdPhraseService *self, GError **error);
KdPhrase  *kd_phrase_service_find_shortcut_holder (KdPhraseService *self, const char *shortcut, gint64 except_id, GError **error);

/* Asynchronous forms for the window: one store job each. */
void       kd_phrase_service_save_async    (KdPhraseService *self, KdPhrase *phrase, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
KdPhrase  *kd_phrase_service_save_finish   (KdPhraseService *self, GAsyncResult *result, GError **error);
void       kd_phrase_service_delete_async  (KdPhraseService *self, KdPhrase *phrase, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
gboolean   kd_phrase_service_delete_finish (KdPhraseService *self, GAsyncResult *result, GError **error);
void       kd_phrase_service_restore_async (KdPhraseService *self, KdPhrase *phrase, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
gboolean   kd_phrase_service_restore_finish (KdPhraseService *self, GAsyncResult *result, GError **error);
void       kd_phrase_service_record_use_async (KdPhraseService *self, gint64 phrase_id);
void       kd_phrase_service_find_shortcut_holder_async (KdPhraseService *self, const char *shortcut, gint64 except_id, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
KdPhrase  *kd_phrase_service_find_shortcut_holder_finish (KdPhraseService *self, GAsyncResult *result, GError **error);
void       kd_phrase_service_import_async  (KdPhraseService *self, const char *path, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
gboolean   kd_phrase_service_import_finish (KdPhraseService *self, GAsyncResult *result, KdPhraseImportCounts *counts, GError **error);
void       kd_phrase_service_export_async  (KdPhraseService *self, const char *path, KdPhraseFormat format, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
gboolean   kd_phrase_service_export_finish (KdPhraseService *self, GAsyncResult *result, guint *n_written, GError **error);

G_END_DECLS
