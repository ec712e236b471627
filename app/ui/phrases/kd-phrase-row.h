/* kd-phrase-row.h: list rows for phrases (page and picker): title, shortcut pill, body with the matches in bold. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A factory whose rows show KdPhrase items; @search_source is any object
 * with a string "search" property (the query model) used for highlighting. */
GtkListItemFactory *kd_phrase_row_factory_new (GObject *search_source);

/* Expands @phrase for the desk now (the signed-in agent, the shop's name;
 * no customer or order yet: their fallbacks), puts it on @widget's
 * clipboard, counts a use, and returns the text. */
char *kd_phrase_copy_expanded (GtkWidget *widget,
                               GObject   *context,
                               GObject   *phrase);
/* The expansion alone, for a preview. */
char *kd_phrase_expand_for_desk (GObject    *context,
                                 const char *body);

G_END_DECLS
