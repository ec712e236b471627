/* test-phrases.c: the Phrases page and the quick picker, built from their templates on a demo database. */
#include <adwaita.h>
#include <glib/gstdio.h>

#include "kd-context.h"
#include "kd-demo.h"
#include "kd-phrase-picker.h"
#include "kd-phrases-page-private.h"
#include "kd-test-util.h"
#include "kd-ui-test-util.h"
#include "kd-window.h"

typedef struct {
  char          *dir;
  char          *path;
  KdStore       *store;
  KdContext     *context;
  GSettings     *settings;
  KdWindow      *window;
  KdPhrasesPage *page;
} Fixture;

static gboolean
page_settled (gpointer data)
{
  Fixture *f = data;
  return !g_main_context_pending (NULL) && !_kd_phrases_page_is_busy (f->page);
}

static void
settle (Fixture *f)
{
  g_assert_true (kd_store_write (f->store, barrier_job, NULL, NULL));
  g_assert_true (wait_for (page_settled, f));
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("kd-test-phrases-XXXXXX", NULL);
  f->path = g_build_filename (f->dir, "demo.db", NULL);
  g_assert_true (kd_demo_write (f->path, &error));
  f->store = kd_store_open (f->path, &error);
  g_assert_no_error (error);

  f->settings = g_settings_new (APP_ID);
  g_settings_reset (f->settings, "signed-in-job-number");
  g_settings_set_string (f->settings, "last-page", "phrases");
  f->context = kd_context_new (f->store, f->settings);
  f->window = g_object_ref (kd_window_new (NULL, f->context));
  gtk_window_present (GTK_WINDOW (f->window));
  f->page = KD_PHRASES_PAGE (find_descendant (GTK_WIDGET (f->window), KD_TYPE_PHRASES_PAGE));
  g_assert_nonnull (f->page);
  /* 林晓, No. 3, is at the desk. */
  g_assert_true (kd_desk_session_sign_in (kd_context_get_session (f->context), "3", NULL));
  settle (f);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_assert_finalize_object (f->window);
  g_assert_finalize_object (f->context);
  g_clear_object (&f->settings);
  g_assert_true (wait_for (only_ref, f->store));
  kd_store_close (f->store);
  g_assert_finalize_object (f->store);
  kd_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static guint
n_visible (Fixture *f)
{
  return g_list_model_get_n_items (_kd_phrases_page_get_visible_model (f->page));
}

static void
fill_visible (Fixture *f)
{
  for (guint i = 0; i < n_visible (f); i++)
    g_object_unref (g_list_model_get_item (_kd_phrases_page_get_visible_model (f->page), i));
  settle (f);
}

/* The demo has the starter library; searching by characters, pinyin and
 * initials narrows it. */
static void
test_library_and_search (Fixture *f, gconstpointer data)
{
  GtkWidget *entry = _kd_phrases_page_get_search_entry (f->page);
  guint all = n_visible (f);

  g_assert_cmpuint (all, >=, 60);
  gtk_editable_set_text (GTK_EDITABLE (entry), "退货");
  g_signal_emit_by_name (entry, "search-changed");
  settle (f);
  g_assert_cmpuint (n_visible (f), >, 0);
  g_assert_cmpuint (n_visible (f), <, all);
  fill_visible (f);
  {
    g_autoptr(KdPhrase) first = g_list_model_get_item (_kd_phrases_page_get_visible_model (f->page), 0);
    g_autofree char *text = g_strconcat (kd_phrase_get_title (first), kd_phrase_get_body (first), kd_phrase_get_shortcut (first), NULL);
    g_assert_nonnull (strstr (text, "退"));
  }

  {
    guint by_chars = n_visible (f);
    gtk_editable_set_text (GTK_EDITABLE (entry), "tuihuo");
    g_signal_emit_by_name (entry, "search-changed");
    settle (f);
    g_assert_cmpuint (n_visible (f), >=, by_chars);
  }

  gtk_editable_set_text (GTK_EDITABLE (entry), "没有这种短语zzz");
  g_signal_emit_by_name (entry, "search-changed");
  settle (f);
  g_assert_cmpuint (n_visible (f), ==, 0);
}

/* A new phrase: an unknown placeholder is refused inline; the preview
 * shows the signed-in agent's name; saved, it appears in the list. */
static void
test_editor_add (Fixture *f, gconstpointer data)
{
  guint before = n_visible (f);
  KdPhrase *saved;

  gtk_widget_activate_action (GTK_WIDGET (f->page), "phrases.new", NULL);
  _kd_phrases_page_fill_editor (f->page, "测试问候", "zzt1", "{custmer}您好，我是{agent}");
  g_assert_nonnull (_kd_phrases_page_get_error (f->page));
  g_assert_nonnull (strstr (_kd_phrases_page_get_error (f->page), "custmer"));
  gtk_widget_activate_action (GTK_WIDGET (f->page), "phrases.save", NULL);
  settle (f);
  g_assert_cmpuint (n_visible (f), ==, before);

  _kd_phrases_page_fill_editor (f->page, "测试问候", "zzt1", "{customer}您好，我是{agent}（{job_no}号）");
  g_assert_null (_kd_phrases_page_get_error (f->page));
  g_assert_nonnull (strstr (_kd_phrases_page_get_preview (f->page), "林晓"));
  g_assert_nonnull (strstr (_kd_phrases_page_get_preview (f->page), "亲"));
  gtk_widget_activate_action (GTK_WIDGET (f->page), "phrases.save", NULL);
  settle (f);
  g_assert_cmpuint (n_visible (f), ==, before + 1);
  saved = _kd_phrases_page_get_editing (f->page);
  g_assert_nonnull (saved);
  g_assert_cmpint (kd_phrase_get_id (saved), >, 0);

  /* Delete, then Undo. */
  gtk_widget_activate_action (GTK_WIDGET (f->page), "phrases.delete", NULL);
  settle (f);
  g_assert_cmpuint (n_visible (f), ==, before);
  gtk_widget_activate_action (GTK_WIDGET (f->page), "phrases.undo", NULL);
  settle (f);
  g_assert_cmpuint (n_visible (f), ==, before + 1);
}

static void
mark_destroyed (gboolean *flag)
{
  *flag = TRUE;
}



typedef struct {
  char     *text;
  gboolean  done;
} ClipRead;

static void
clipboard_read (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ClipRead *r = user_data;
  r->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);
  r->done = TRUE;
}

static gboolean
clip_done (gpointer data)
{
  return ((ClipRead *) data)->done;
}

static gboolean
picker_settled (gpointer data)
{
  return !g_main_context_pending (NULL) && !_kd_phrase_picker_is_busy (data);
}

/* The picker filters as you type; Enter copies the expanded text, counts
 * a use and closes; the clipboard still holds it after the picker is gone. */
static void
test_picker_copies (Fixture *f, gconstpointer data)
{
  KdPhrasePicker *picker = g_object_ref (kd_phrase_picker_new (f->context));
  GtkWidget *entry = _kd_phrase_picker_get_search_entry (picker);
  gboolean destroyed = FALSE;
  ClipRead r = { NULL, FALSE };
  g_autofree char *copied = NULL;

  g_signal_connect_swapped (picker, "destroy", G_CALLBACK (mark_destroyed), &destroyed);
  gtk_window_present (GTK_WINDOW (picker));
  gtk_editable_set_text (GTK_EDITABLE (entry), "th");
  g_signal_emit_by_name (entry, "search-changed");
  g_assert_true (wait_for (picker_settled, picker));
  g_assert_cmpuint (g_list_model_get_n_items (_kd_phrase_picker_get_visible_model (picker)), >, 0);
  {
    for (guint i = 0; i < g_list_model_get_n_items (_kd_phrase_picker_get_visible_model (picker)); i++)
      g_object_unref (g_list_model_get_item (_kd_phrase_picker_get_visible_model (picker), i));
    g_assert_true (wait_for (picker_settled, picker));
  }
  /* The phrase whose shortcut is exactly what was typed comes first. */
  {
    g_autoptr(KdPhrase) first = g_list_model_get_item (_kd_phrase_picker_get_visible_model (picker), 0);
    g_assert_cmpstr (kd_phrase_get_shortcut (first), ==, "th");
  }

  g_signal_emit_by_name (entry, "activate");
  copied = g_strdup (kd_phrase_picker_get_last_copied (picker));
  g_assert_nonnull (copied);
  g_assert_cmpstr (copied, !=, "");
  /* Destroyed: GTK let go of it, only this test's reference is left. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (picker)));
  g_assert_finalize_object (picker);
  g_assert_true (destroyed);

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (f->window)), NULL, clipboard_read, &r);
  g_assert_true (wait_for (clip_done, &r));
  g_assert_cmpstr (r.text, ==, copied);
  /* Expanded: no placeholder left. */
  g_assert_null (strstr (r.text, "{agent}"));
  g_assert_null (strstr (r.text, "{customer}"));
  g_free (r.text);
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(name, fn) g_test_add (name, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/ui/phrases/library-and-search", test_library_and_search);
  ADD ("/ui/phrases/editor-add", test_editor_add);
  ADD ("/ui/phrases/picker-copies", test_picker_copies);
  return g_test_run ();
}
