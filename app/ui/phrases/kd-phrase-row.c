/* kd-phrase-row.c: one phrase in a list: built in code, refreshed when the row object fills or the search changes. */
#include "kd-phrase-row.h"
#include "kd-context.h"
#include "kd-phrase.h"
#include "kd-phrase-service.h"
#include "kd-placeholders.h"
#include "kd-search-keys.h"

#define BODY_CHARS 120

typedef struct {
  GtkWidget *title;
  GtkWidget *shortcut;
  GtkWidget *body;
  GtkWidget *star;
} Row;

static void
refresh (GtkListItem *item)
{
  Row *row = g_object_get_data (G_OBJECT (item), "kd-row");
  GObject *source = g_object_get_data (G_OBJECT (item), "kd-search-source");
  KdPhrase *phrase = gtk_list_item_get_item (item);
  g_autofree char *query = NULL;
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  const char *shortcut;

  if (row == NULL || phrase == NULL)
    return;
  if (source != NULL)
    g_object_get (source, "search", &query, NULL);

  title = kd_search_highlight (kd_phrase_get_title (phrase), query, 60);
  body = kd_search_highlight (kd_phrase_get_body (phrase), query, BODY_CHARS);
  shortcut = kd_phrase_get_shortcut (phrase);

  gtk_label_set_markup (GTK_LABEL (row->title), title);
  gtk_widget_set_visible (row->title, *kd_phrase_get_title (phrase) != '\0');
  gtk_label_set_markup (GTK_LABEL (row->body), body);
  gtk_label_set_text (GTK_LABEL (row->shortcut), shortcut);
  gtk_widget_set_visible (row->shortcut, *shortcut != '\0');
  gtk_widget_set_visible (row->star, kd_phrase_get_favourite (phrase));
}

static void
on_item_notify (GObject     *phrase,
                GParamSpec  *pspec,
                GtkListItem *item)
{
  refresh (item);
}

static void
setup (GtkSignalListItemFactory *factory,
       GtkListItem              *item,
       gpointer                  user_data)
{
  Row *row = g_new0 (Row, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  row->title = gtk_label_new (NULL);
  row->shortcut = gtk_label_new (NULL);
  row->body = gtk_label_new (NULL);
  row->star = gtk_image_new_from_icon_name ("starred-symbolic");
  gtk_label_set_xalign (GTK_LABEL (row->title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (row->title), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (row->title, "heading");
  gtk_widget_add_css_class (row->shortcut, "kd-shortcut");
  gtk_label_set_xalign (GTK_LABEL (row->body), 0);
  gtk_label_set_wrap (GTK_LABEL (row->body), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (row->body), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (row->body), 2);
  gtk_label_set_ellipsize (GTK_LABEL (row->body), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (row->body, "dim-label");
  gtk_widget_set_hexpand (row->title, TRUE);

  gtk_box_append (GTK_BOX (top), row->title);
  gtk_box_append (GTK_BOX (top), row->star);
  gtk_box_append (GTK_BOX (top), row->shortcut);
  gtk_box_append (GTK_BOX (box), top);
  gtk_box_append (GTK_BOX (box), row->body);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_list_item_set_child (item, box);

  g_object_set_data_full (G_OBJECT (item), "kd-row", row, g_free);
  g_object_set_data (G_OBJECT (item), "kd-search-source", user_data);
  /* Rows that stay where they were still get the new highlight. */
  if (user_data != NULL)
    g_signal_connect_object (user_data, "notify::search", G_CALLBACK (on_item_notify), item, 0);
}

static void
bind (GtkSignalListItemFactory *factory,
      GtkListItem              *item,
      gpointer                  user_data)
{
  GObject *phrase = gtk_list_item_get_item (item);

  /* The row object is filled when its page lands: follow it. */
  g_signal_connect_object (phrase, "notify", G_CALLBACK (on_item_notify), item, 0);
  refresh (item);
}

static void
unbind (GtkSignalListItemFactory *factory,
        GtkListItem              *item,
        gpointer                  user_data)
{
  GObject *phrase = gtk_list_item_get_item (item);

  if (phrase != NULL)
    g_signal_handlers_disconnect_by_func (phrase, on_item_notify, item);
}

GtkListItemFactory *
kd_phrase_row_factory_new (GObject *search_source)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup), search_source);
  g_signal_connect (factory, "bind", G_CALLBACK (bind), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind), NULL);
  return factory;
}

char *
kd_phrase_expand_for_desk (GObject    *context,
                           const char *body)
{
  KdContext *ctx = KD_CONTEXT (context);
  KdStaff *agent = kd_desk_session_get_agent (kd_context_get_session (ctx));
  g_autofree char *shop = kd_store_get_setting (kd_context_get_store (ctx), "shop.name", NULL);
  KdPlaceholderValues values;

  kd_placeholder_values_init (&values);
  values.agent_name = agent ? kd_staff_get_name (agent) : NULL;
  values.job_number = agent ? kd_staff_get_job_number (agent) : NULL;
  values.shop_name = shop;
  return kd_placeholders_expand (body ? body : "", &values);
}

char *
kd_phrase_copy_expanded (GtkWidget *widget,
                         GObject   *context,
                         GObject   *phrase)
{
  KdPhrase *p = KD_PHRASE (phrase);
  char *text = kd_phrase_expand_for_desk (context, kd_phrase_get_body (p));

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
  if (kd_phrase_get_id (p) > 0)
    kd_phrase_service_record_use_async (kd_context_get_phrase_service (KD_CONTEXT (context)), kd_phrase_get_id (p));
  return text;
}
