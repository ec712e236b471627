/* kd-phrase-repo-private.h: what the phrase repository's files share. */
#pragma once

#include "kd-store-private.h"

G_BEGIN_DECLS

/* A search's order after the exact shortcut (the phrases_rank index). */
#define KD_PHRASE_RANK_ORDER "favourite DESC, use_count DESC, last_used DESC"

/* What an agent types as a shortcut, as the unique index compares it. */
char     *_kd_phrase_shortcut_key   (const char  *text);

/* Reader thread: the phrases matching the search @text in the search's
 * order (the exact shortcut, then favourites, use count, last use, id),
 * appended to @ids (gint64); the phrase spec's search_ids(). */
gboolean  _kd_phrase_repo_search_ids (KdConn      *conn,
                                      const char  *text,
                                      GArray      *ids,
                                      GError     **error);

G_END_DECLS
