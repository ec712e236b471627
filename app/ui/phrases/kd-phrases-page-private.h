/* kd-phrases-page-private.h: what the page's tests look at. */
#pragma once

#include "kd-phrases-page.h"

G_BEGIN_DECLS

GtkWidget  *_kd_phrases_page_get_search_entry  (KdPhrasesPage *self);
GListModel *_kd_phrases_page_get_visible_model (KdPhrasesPage *self);
gboolean    _kd_phrases_page_is_busy           (KdPhrasesPage *self);
KdPhrase   *_kd_phrases_page_get_editing       (KdPhrasesPage *self);
void        _kd_phrases_page_fill_editor       (KdPhrasesPage *self,
                                                const char    *title,
                                                const char    *shortcut,
                                                const char    *body);
const char *_kd_phrases_page_get_preview       (KdPhrasesPage *self);
const char *_kd_phrases_page_get_error         (KdPhrasesPage *self);

G_END_DECLS
