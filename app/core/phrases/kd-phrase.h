/* kd-phrase.h: a canned phrase and its group; validation and placeholders (contract for the phrases feature). */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The fields validation can refuse: the codes of KD_VALIDATION_ERROR. */
typedef enum {
  KD_PHRASE_FIELD_TITLE = 1,
  KD_PHRASE_FIELD_BODY,
  KD_PHRASE_FIELD_SHORTCUT,
  KD_PHRASE_FIELD_GROUP,
} KdPhraseField;

/* Limits, in characters (title, body, group name) or ASCII letters/digits (shortcut). */
#define KD_PHRASE_TITLE_MAX       60
#define KD_PHRASE_BODY_MAX        2000
#define KD_PHRASE_SHORTCUT_MAX    16
#define KD_PHRASE_GROUP_NAME_MAX  30

#define KD_TYPE_PHRASE (kd_phrase_get_type ())
G_DECLARE_FINAL_TYPE (KdPhrase, kd_phrase, KD, PHRASE, GObject)

/* Properties (all notify): "id" (int64), "group-id" (int64), "group-name"
 * (string, read from the group when listed), "title", "body", "shortcut"
 * (strings, "" when none), "favourite" (boolean), "use-count" (int),
 * "last-used" (int64 unix, 0 never), "position" (int). */
KdPhrase    *kd_phrase_new              (gint64       group_id,
                                         const char  *title,
                                         const char  *body,
                                         const char  *shortcut);
KdPhrase    *kd_phrase_copy             (KdPhrase    *self);
void         kd_phrase_assign           (KdPhrase    *self,
                                         KdPhrase    *other);
gint64       kd_phrase_get_id           (KdPhrase    *self);
void         kd_phrase_set_id           (KdPhrase    *self,
                                         gint64       id);
gint64       kd_phrase_get_group_id     (KdPhrase    *self);
void         kd_phrase_set_group_id     (KdPhrase    *self,
                                         gint64       group_id);
const char  *kd_phrase_get_group_name   (KdPhrase    *self);
void         kd_phrase_set_group_name   (KdPhrase    *self,
                                         const char  *name);
const char  *kd_phrase_get_title        (KdPhrase    *self);
void         kd_phrase_set_title        (KdPhrase    *self,
                                         const char  *title);
const char  *kd_phrase_get_body         (KdPhrase    *self);
void         kd_phrase_set_body         (KdPhrase    *self,
                                         const char  *body);
const char  *kd_phrase_get_shortcut     (KdPhrase    *self);
void         kd_phrase_set_shortcut     (KdPhrase    *self,
                                         const char  *shortcut);
gboolean     kd_phrase_get_favourite    (KdPhrase    *self);
void         kd_phrase_set_favourite    (KdPhrase    *self,
                                         gboolean     favourite);
int          kd_phrase_get_use_count    (KdPhrase    *self);
void         kd_phrase_set_use_count    (KdPhrase    *self,
                                         int          count);
gint64       kd_phrase_get_last_used    (KdPhrase    *self);
void         kd_phrase_set_last_used    (KdPhrase    *self,
                                         gint64       at);
int          kd_phrase_get_position     (KdPhrase    *self);
void         kd_phrase_set_position     (KdPhrase    *self,
                                         int          position);

gboolean     kd_phrase_validate_field   (KdPhrase    *self,
                                         KdPhraseField field,
                                         GError     **error);
gboolean     kd_phrase_validate         (KdPhrase    *self,
                                         GError     **error);
/* 1–16 ASCII letters or digits (the empty "no shortcut" is not valid here). */
gboolean     kd_phrase_shortcut_is_valid (const char *shortcut);
/* Shortcut, title and body joined by '\n': what the search index holds. */
char        *kd_phrase_dup_search_text  (KdPhrase    *self);

/* Group: a small fixed list (GListStore is fine). Properties "id", "name",
 * "position", "n-phrases". */
#define KD_TYPE_PHRASE_GROUP (kd_phrase_group_get_type ())
G_DECLARE_FINAL_TYPE (KdPhraseGroup, kd_phrase_group, KD, PHRASE_GROUP, GObject)

KdPhraseGroup *kd_phrase_group_new      (const char    *name);
gint64       kd_phrase_group_get_id     (KdPhraseGroup *self);
void         kd_phrase_group_set_id     (KdPhraseGroup *self,
                                         gint64         id);
const char  *kd_phrase_group_get_name   (KdPhraseGroup *self);
void         kd_phrase_group_set_name   (KdPhraseGroup *self,
                                         const char    *name);
int          kd_phrase_group_get_position (KdPhraseGroup *self);
void         kd_phrase_group_set_position (KdPhraseGroup *self,
                                         int            position);
int          kd_phrase_group_get_n_phrases (KdPhraseGroup *self);
void         kd_phrase_group_set_n_phrases (KdPhraseGroup *self,
                                         int            n);
KdPhraseGroup *kd_phrase_group_copy     (KdPhraseGroup *self);
/* The name: required, at most 30 characters (after trimming); the error's
 * code is KD_PHRASE_FIELD_GROUP. Uniqueness is the store's. */
gboolean     kd_phrase_group_validate   (KdPhraseGroup *self,
                                         GError       **error);

G_END_DECLS
