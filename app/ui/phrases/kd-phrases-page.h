/* kd-phrases-page.h: the Phrases page: groups, the library, the editor. */
#pragma once

#include <adwaita.h>

#include "kd-context.h"

G_BEGIN_DECLS

#define KD_TYPE_PHRASES_PAGE (kd_phrases_page_get_type ())
G_DECLARE_FINAL_TYPE (KdPhrasesPage, kd_phrases_page, KD, PHRASES_PAGE, GtkWidget)

G_END_DECLS
