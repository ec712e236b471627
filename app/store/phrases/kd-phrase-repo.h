/* kd-phrase-repo.h: the phrase library in the database; run inside store jobs (kd_store_write/read). */
#pragma once

#include "kd-phrase.h"
#include "kd-phrase-csv.h"
#include "kd-query-model.h"
#include "kd-store.h"

G_BEGIN_DECLS

/* The search domain of phrases (kd-search.h). */
#define KD_PHRASE_SEARCH_DOMAIN "phrase"

/* The library as a KdQueryModel of KdPhrase (table "phrases"): sorts
 * "rank" (favourites, then use count, then recency; the default),
 * "position" (group order, then place in the group), "title", "shortcut";
 * filters "group" (int64 group id) and "favourite" (boolean). While
 * searching, an exact shortcut match comes first. */
const KdQuerySpec *kd_phrase_repo_query_spec       (void);

/* ---- groups */
GPtrArray     *kd_phrase_repo_list_groups          (KdConn         *conn,
                                                    GError        **error);
KdPhraseGroup *kd_phrase_repo_find_group           (KdConn         *conn,
                                                    gint64          id,
                                                    GError        **error);
/* NULL with no error when no group has @name. */
KdPhraseGroup *kd_phrase_repo_find_group_by_name   (KdConn         *conn,
                                                    const char     *name,
                                                    GError        **error);
/* A group without an id is added last; one with an id (undo) is put back
 * with that id and position. */
gboolean       kd_phrase_repo_insert_group         (KdConn         *conn,
                                                    KdPhraseGroup  *group,
                                                    GError        **error);
gboolean       kd_phrase_repo_rename_group         (KdConn         *conn,
                                                    KdPhraseGroup  *group,
                                                    GError        **error);
/* Deletes the group and every phrase in it; @out_removed (optional) gets
 * the phrases as they were, for undo (kd_phrase_repo_restore). */
gboolean       kd_phrase_repo_delete_group         (KdConn         *conn,
                                                    KdPhraseGroup  *group,
                                                    GPtrArray     **out_removed,
                                                    GError        **error);
gboolean       kd_phrase_repo_move_group           (KdConn         *conn,
                                                    gint64          group_id,
                                                    int             new_position,
                                                    GError        **error);

/* ---- phrases */
KdPhrase      *kd_phrase_repo_find_by_id           (KdConn         *conn,
                                                    gint64          id,
                                                    GError        **error);
/* Who other than @except_id has @shortcut (ignoring case); NULL with no
 * error when nobody does. */
KdPhrase      *kd_phrase_repo_find_by_shortcut     (KdConn         *conn,
                                                    const char     *shortcut,
                                                    gint64          except_id,
                                                    GError        **error);
/* A new phrase, last in its group, never used. @phrase gets its id and
 * its stored (trimmed) values. */
gboolean       kd_phrase_repo_insert               (KdConn         *conn,
                                                    KdPhrase       *phrase,
                                                    GError        **error);
/* Title, body, shortcut, favourite and group (a new group: last in it).
 * Use count and last use are the store's (record_use): an editor's stale
 * copy never resets them. */
gboolean       kd_phrase_repo_update               (KdConn         *conn,
                                                    KdPhrase       *phrase,
                                                    GError        **error);
gboolean       kd_phrase_repo_delete               (KdConn         *conn,
                                                    KdPhrase       *phrase,
                                                    GError        **error);
/* Undo of a delete: @phrase as it was (id, counts, position included). */
gboolean       kd_phrase_repo_restore              (KdConn         *conn,
                                                    KdPhrase       *phrase,
                                                    GError        **error);
gboolean       kd_phrase_repo_move                 (KdConn         *conn,
                                                    gint64          phrase_id,
                                                    gint64          to_group_id,
                                                    GError        **error);
gboolean       kd_phrase_repo_record_use           (KdConn         *conn,
                                                    gint64          phrase_id,
                                                    gint64          at_unix,
                                                    GError        **error);

/* The model's order, as a list: @query searched and ranked as the
 * KdQueryModel does (empty: every phrase by rank); at most @limit (0: all). */
GPtrArray     *kd_phrase_repo_search               (KdConn         *conn,
                                                    const char     *query,
                                                    guint           limit,
                                                    GError        **error);
/* Favourites in library order (group, then place): stable, for Ctrl+1…9. */
GPtrArray     *kd_phrase_repo_favourites           (KdConn         *conn,
                                                    guint           limit,
                                                    GError        **error);
/* Every phrase in library order, for export. */
GPtrArray     *kd_phrase_repo_list_all             (KdConn         *conn,
                                                    GError        **error);

/* Applies checked file rows (kd_phrase_csv_read_*) inside the caller's
 * transaction: a row whose shortcut a phrase has updates it (and moves it
 * to the row's group), the rest are added; groups are created as needed.
 * An error names @display_name and the row's line. */
gboolean       kd_phrase_repo_import               (KdConn         *conn,
                                                    GPtrArray      *records,
                                                    const char     *display_name,
                                                    guint          *out_added,
                                                    guint          *out_updated,
                                                    guint          *out_groups_added,
                                                    GError        **error);

/* Phrases without a search row (the starter library, written by the
 * migration) get one; run when the store opens. */
gboolean       kd_phrase_repo_fill_search          (KdConn         *conn,
                                                    GError        **error);
/* The demo shop's habits: a few favourites and use counts. */
gboolean       kd_phrase_repo_add_demo_usage       (KdConn         *conn,
                                                    gint64          now_unix,
                                                    GError        **error);

G_END_DECLS
