/* kd-search-keys.h: what a text is searched by: folded text, pinyin and initials (ICU). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Starts opening the transliterators on a thread of their own, for the
 * next thread that folds (the main thread's first search); once. */
void      kd_search_keys_preload (void);
char     *kd_search_fold      (const char  *text);
/* Tests: the fold of the text as a whole, never character by character. */
char     *_kd_search_fold_whole (const char *text);
char     *kd_search_pinyin    (const char  *folded,
                               char       **out_initials);
gboolean  kd_search_is_latin  (const char  *folded);
char     *kd_search_squeeze   (const char  *folded);
char     *kd_search_highlight (const char  *text,
                               const char  *query,
                               gsize        max_chars);

G_END_DECLS
