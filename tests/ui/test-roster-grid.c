/* test-roster-grid.c: the month roster in the real window on a demo database: edited by keyboard alone, checked live, undone, regenerated, printed to PDF. */
#include <adwaita.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "kd-clock.h"
#include "kd-context.h"
#include "kd-demo.h"
#include "kd-roster-page-private.h"
#include "kd-roster-paint.h"
#include "kd-roster-print.h"
#include "kd-shift-editor-private.h"
#include "kd-staff-repo.h"
#include "kd-test-util.h"
#include "kd-ui-test-util.h"
#include "kd-window.h"

typedef struct {
  char         *dir;
  char         *path;
  KdStore      *store;
  KdContext    *context;
  GSettings    *settings;
  KdWindow     *window;
  KdRosterPage *page;
  KdRosterGrid *grid;
} Fixture;

static gboolean
page_settled (gpointer data)
{
  Fixture *f = data;
  return !g_main_context_pending (NULL) && !_kd_roster_page_is_busy (f->page)
         && _kd_roster_page_get_sheet (f->page) != NULL;
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
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 ("2026-11-25T09:00:00+08:00", NULL);
  g_autoptr(KdClock) clock = kd_clock_new_fixed (now);
  g_autoptr(GError) error = NULL;
  KdRosterSolveOptions opt;

  /* The demo is rostered for the clock's month and the next. */
  kd_clock_set_default (clock);
  f->dir = g_dir_make_tmp ("kd-test-roster-grid-XXXXXX", NULL);
  f->path = g_build_filename (f->dir, "demo.db", NULL);
  g_assert_true (kd_demo_write (f->path, &error));
  f->store = kd_store_open (f->path, &error);
  g_assert_no_error (error);

  f->settings = g_settings_new (APP_ID);
  g_settings_set_string (f->settings, "last-page", "schedule");
  f->context = kd_context_new (f->store, f->settings);
  f->window = g_object_ref (kd_window_new (NULL, f->context));
  gtk_window_present (GTK_WINDOW (f->window));
  f->page = KD_ROSTER_PAGE (find_descendant (GTK_WIDGET (f->window), KD_TYPE_ROSTER_PAGE));
  g_assert_nonnull (f->page);
  f->grid = _kd_roster_page_get_grid (f->page);
  kd_roster_solve_options_init (&opt);
  opt.seconds = 60;
  opt.iterations = 20000;
  _kd_roster_page_set_solve_options (f->page, &opt);
  settle (f);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  /* Writes on their way hold the page until they land. */
  settle (f);
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_assert_finalize_object (f->window);
  g_assert_finalize_object (f->context);
  g_clear_object (&f->settings);
  g_assert_true (wait_for (only_ref, f->store));
  kd_store_close (f->store);
  g_assert_finalize_object (f->store);
  if (g_getenv ("KD_TEST_KEEP") == NULL)
    kd_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->path);
  kd_clock_set_default (NULL);
}

/* A key press as the grid's key controller receives it. */
static void
key (Fixture *f, guint keyval, GdkModifierType state)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (f->grid));
  gboolean handled = FALSE, found = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) c = g_list_model_get_item (controllers, i);
      if (GTK_IS_EVENT_CONTROLLER_KEY (c))
        {
          g_signal_emit_by_name (c, "key-pressed", keyval, 0, state, &handled);
          found = TRUE;
        }
    }
  g_assert_true (found);
  if (!handled)
    {
      /* Not the grid's: the page's shortcuts (Ctrl+Z) get it, as in the window. */
      if (keyval == GDK_KEY_z && state == GDK_CONTROL_MASK)
        g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->grid), "roster.undo", NULL));
      else
        g_assert_not_reached ();
    }
}

static int
cell (Fixture *f, int p, int d)
{
  return kd_roster_sheet_get (_kd_roster_page_get_sheet (f->page), p, d);
}

static gboolean
flagged (Fixture *f, int p, int d)
{
  KdRosterSheet *s = _kd_roster_page_get_sheet (f->page);
  return (s->flags[p * s->n_days + d] & KD_SHEET_VIOLATION) != 0;
}

static int
code (Fixture *f, char c)
{
  return kd_roster_sheet_find_code (_kd_roster_page_get_sheet (f->page), c);
}

/* What the store holds now, read the way the grid reads it. */
static KdRosterSheet *
stored (Fixture *f)
{
  int y, m;

  _kd_roster_page_get_month (f->page, &y, &m);
  return kd_roster_service_load_sheet (kd_context_get_roster_service (f->context), y, m, NULL);
}

/* The issues list is updated by splicing only what changed: it must
 * still be exactly the sheet's messages, then its fairness notes. */
static void
assert_issues_match (Fixture *f)
{
  KdRosterSheet *s = _kd_roster_page_get_sheet (f->page);
  GListModel *issues = _kd_roster_page_get_issues (f->page);

  g_assert_cmpuint (g_list_model_get_n_items (issues), ==, s->messages->len + s->notes->len);
  for (guint i = 0; i < s->messages->len; i++)
    g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (issues), i), ==, g_ptr_array_index (s->messages, i));
  for (guint i = 0; i < s->notes->len; i++)
    g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (issues), s->messages->len + i), ==,
                     g_ptr_array_index (s->notes, i));
}

static void
test_keyboard_editing (Fixture *f, gconstpointer data)
{
  KdRosterSheet *s = _kd_roster_page_get_sheet (f->page);
  int N = code (f, 'N'), D = code (f, 'D'), R = code (f, 'R');
  int p, d, p0, d0, p1, d1, before;
  g_autofree char *description = NULL;

  g_assert_cmpint (s->n_persons, ==, 11);
  g_assert_cmpint (s->n_days, ==, 30);                   /* November */
  g_assert_cmpint (s->score->hard_count, ==, 0);          /* the demo's roster */
  /* No rule broken; what the list has is fairness notes (the demo's
   * weekend shifts are 5–9 a person). */
  g_assert_cmpuint (g_list_model_get_n_items (_kd_roster_page_get_issues (f->page)), ==, s->notes->len);

  gtk_widget_grab_focus (GTK_WIDGET (f->grid));
  key (f, GDK_KEY_Home, GDK_CONTROL_MASK);
  key (f, GDK_KEY_Down, 0);
  key (f, GDK_KEY_Right, 0);
  key (f, GDK_KEY_Right, 0);
  kd_roster_grid_get_cursor (f->grid, &p, &d);
  g_assert_cmpint (p, ==, 1);
  g_assert_cmpint (d, ==, 2);

  /* A night on the 3rd, then a day shift on the 4th: 7 hours' rest. */
  key (f, GDK_KEY_n, 0);
  g_assert_cmpint (cell (f, 1, 2), ==, N);
  key (f, GDK_KEY_Right, 0);
  key (f, GDK_KEY_D, GDK_SHIFT_MASK);
  g_assert_cmpint (cell (f, 1, 3), ==, D);
  g_assert_true (flagged (f, 1, 2));
  g_assert_true (flagged (f, 1, 3));
  g_assert_cmpint (_kd_roster_page_get_sheet (f->page)->score->hard_count, >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (_kd_roster_page_get_issues (f->page)), >, 0);
  assert_issues_match (f);
  description = kd_roster_grid_describe_cursor (f->grid);
  g_assert_nonnull (strstr (description, "breaks a rule"));
  g_assert_nonnull (strstr (description, "2026-11-04"));

  /* Undo puts the 4th back; the rest rule holds again there. */
  before = _kd_roster_page_get_undo_depth (f->page);
  key (f, GDK_KEY_z, GDK_CONTROL_MASK);
  g_assert_cmpint (_kd_roster_page_get_undo_depth (f->page), ==, before - 1);
  g_assert_cmpint (cell (f, 1, 3), !=, D);
  g_assert_false (flagged (f, 1, 3) && cell (f, 1, 3) == D);
  assert_issues_match (f);

  /* Shift+Right twice selects three days; Delete makes them days off. */
  key (f, GDK_KEY_Right, 0);
  key (f, GDK_KEY_Right, GDK_SHIFT_MASK);
  key (f, GDK_KEY_Right, GDK_SHIFT_MASK);
  kd_roster_grid_get_selection (f->grid, &p0, &d0, &p1, &d1);
  g_assert_cmpint (d0, ==, 4);
  g_assert_cmpint (d1, ==, 6);
  g_assert_cmpint (p0, ==, 1);
  g_assert_cmpint (p1, ==, 1);
  key (f, GDK_KEY_Delete, 0);
  for (int k = 4; k <= 6; k++)
    g_assert_cmpint (cell (f, 1, k), ==, KD_ROSTER_OFF);

  /* Copy the three, paste them a row down. */
  key (f, GDK_KEY_c, GDK_CONTROL_MASK);
  key (f, GDK_KEY_Left, 0);
  key (f, GDK_KEY_Left, 0);
  key (f, GDK_KEY_Down, 0);
  kd_roster_grid_get_cursor (f->grid, &p, &d);
  g_assert_cmpint (p, ==, 2);
  g_assert_cmpint (d, ==, 4);
  key (f, GDK_KEY_v, GDK_CONTROL_MASK);
  for (int k = 4; k <= 6; k++)
    g_assert_cmpint (cell (f, 2, k), ==, KD_ROSTER_OFF);

  /* Lock the cell; a letter no longer changes it; unlock; R sets it. */
  key (f, GDK_KEY_l, GDK_CONTROL_MASK);
  g_assert_true (kd_roster_sheet_is_locked (_kd_roster_page_get_sheet (f->page), 2, 4));
  key (f, GDK_KEY_r, 0);
  g_assert_cmpint (cell (f, 2, 4), ==, KD_ROSTER_OFF);
  /* BackSpace clears back to not rostered, but not a locked cell either. */
  key (f, GDK_KEY_BackSpace, 0);
  g_assert_cmpint (cell (f, 2, 4), ==, KD_ROSTER_OFF);
  key (f, GDK_KEY_l, GDK_CONTROL_MASK);
  g_assert_false (kd_roster_sheet_is_locked (_kd_roster_page_get_sheet (f->page), 2, 4));
  key (f, GDK_KEY_r, 0);
  g_assert_cmpint (cell (f, 2, 4), ==, R);
  key (f, GDK_KEY_Right, 0);
  key (f, GDK_KEY_BackSpace, 0);
  g_assert_cmpint (cell (f, 2, 5), ==, KD_SHEET_EMPTY);
  /* A letter that is no shift's code changes nothing. */
  key (f, GDK_KEY_q, 0);
  g_assert_cmpint (cell (f, 2, 5), ==, KD_SHEET_EMPTY);
  /* The cursor stops at the month's end. */
  key (f, GDK_KEY_End, 0);
  key (f, GDK_KEY_Right, 0);
  kd_roster_grid_get_cursor (f->grid, &p, &d);
  g_assert_cmpint (d, ==, 29);

  /* Everything above was written: the store reads back what the grid shows. */
  settle (f);
  {
    g_autoptr(KdRosterSheet) back = stored (f);
    KdRosterSheet *now = _kd_roster_page_get_sheet (f->page);

    g_assert_cmpmem (back->cells, back->n_persons * back->n_days, now->cells, now->n_persons * now->n_days);
    g_assert_cmpmem (back->flags, back->n_persons * back->n_days, now->flags, now->n_persons * now->n_days);
    g_assert_cmpint (kd_roster_sheet_get (back, 2, 4), ==, R);
    g_assert_false (kd_roster_sheet_is_locked (back, 2, 4));
  }

  /* Undo everything, one step at a time: the demo's roster is back. */
  while (_kd_roster_page_get_undo_depth (f->page) > 0)
    key (f, GDK_KEY_z, GDK_CONTROL_MASK);
  settle (f);
  g_assert_cmpint (_kd_roster_page_get_sheet (f->page)->score->hard_count, ==, 0);
  {
    g_autoptr(KdRosterSheet) back = stored (f);
    g_assert_cmpint (back->score->hard_count, ==, 0);
    g_assert_cmpint (kd_roster_sheet_get (back, 2, 5), !=, KD_SHEET_EMPTY);
  }
}

/* Clicking a violation puts the cursor on its cell. */
static void
test_violation_focuses_cell (Fixture *f, gconstpointer data)
{
  KdRosterSheet *s;
  int p, d;
  guint i;

  kd_roster_grid_set_cursor (f->grid, 4, 10);
  key (f, GDK_KEY_n, 0);
  key (f, GDK_KEY_Right, 0);
  key (f, GDK_KEY_d, 0);
  kd_roster_grid_set_cursor (f->grid, 0, 0);
  s = _kd_roster_page_get_sheet (f->page);
  for (i = 0; i < s->score->violations->len; i++)
    if (g_array_index (s->score->violations, KdRosterViolation, i).rule == KD_RULE_SUCCESSION)
      break;
  g_assert_cmpuint (i, <, s->score->violations->len);
  /* As a click on the row does (the list activates on a single click). */
  g_signal_emit_by_name (_kd_roster_page_get_issue_view (f->page), "activate", i);
  kd_roster_grid_get_cursor (f->grid, &p, &d);
  g_assert_cmpint (p, ==, 4);
  g_assert_cmpint (d, ==, 11);
}

/* Regenerate next month in the background, then undo it. */
static void
test_regenerate_and_undo (Fixture *f, gconstpointer data)
{
  g_autoptr(GArray) before = NULL;
  KdRosterSheet *s;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "roster.next-month", NULL));
  settle (f);
  s = _kd_roster_page_get_sheet (f->page);
  g_assert_cmpint (s->n_days, ==, 31);
  g_assert_cmpint (s->score->hard_count, ==, 0);
  /* Break a rule by hand first, and lock one cell. */
  kd_roster_grid_set_cursor (f->grid, 0, 0);
  key (f, GDK_KEY_n, 0);
  key (f, GDK_KEY_l, GDK_CONTROL_MASK);
  key (f, GDK_KEY_Right, 0);
  key (f, GDK_KEY_d, 0);
  g_assert_cmpint (_kd_roster_page_get_sheet (f->page)->score->hard_count, >, 0);
  settle (f);
  s = _kd_roster_page_get_sheet (f->page);
  before = g_array_new (FALSE, FALSE, 1);
  g_array_append_vals (before, s->cells, s->n_persons * s->n_days);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "roster.regenerate", NULL));
  g_assert_true (_kd_roster_page_is_busy (f->page));
  /* No edits while it searches. */
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (f->grid)));
  settle (f);
  s = _kd_roster_page_get_sheet (f->page);
  g_assert_cmpint (s->score->hard_count, ==, 0);
  g_assert_cmpint (kd_roster_sheet_get (s, 0, 0), ==, code (f, 'N'));   /* the locked cell */
  g_assert_true (kd_roster_sheet_is_locked (s, 0, 0));
  for (int i = 0; i < s->n_persons * s->n_days; i++)
    g_assert_cmpint (s->cells[i], !=, KD_SHEET_EMPTY);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "roster.undo", NULL));
  settle (f);
  s = _kd_roster_page_get_sheet (f->page);
  g_assert_cmpmem (s->cells, s->n_persons * s->n_days, before->data, before->len);
  {
    g_autoptr(KdRosterSheet) back = stored (f);
    g_assert_cmpmem (back->cells, back->n_persons * back->n_days, before->data, before->len);
  }
}

/* Regenerate pressed right after an edit and a lock, before they are
 * written: the search starts once they have landed, and keeps the lock. */
static void
test_regenerate_right_after_edit (Fixture *f, gconstpointer data)
{
  KdRosterSheet *s;
  char want;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "roster.next-month", NULL));
  settle (f);
  kd_roster_grid_set_cursor (f->grid, 3, 5);
  /* A real edit: a shift the cell does not have already (the demo's
   * roster decides what is there). */
  {
    gboolean was_r = kd_roster_sheet_get (_kd_roster_page_get_sheet (f->page), 3, 5) == code (f, 'R');
    want = was_r ? 'D' : 'R';
    key (f, was_r ? GDK_KEY_d : GDK_KEY_r, 0);
  }
  key (f, GDK_KEY_l, GDK_CONTROL_MASK);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "roster.regenerate", NULL));
  g_assert_true (_kd_roster_page_is_busy (f->page));
  settle (f);
  s = _kd_roster_page_get_sheet (f->page);
  g_assert_cmpint (kd_roster_sheet_get (s, 3, 5), ==, code (f, want));
  g_assert_true (kd_roster_sheet_is_locked (s, 3, 5));
  g_assert_cmpint (s->score->hard_count, ==, 0);
  /* Undo of the regeneration, then of the lock and the edit. */
  g_assert_cmpint (_kd_roster_page_get_undo_depth (f->page), ==, 3);
}

static gboolean
add_staff_job (KdConn *conn, gpointer data, GError **error)
{
  for (int i = 0; i < GPOINTER_TO_INT (data); i++)
    {
      g_autofree char *job = g_strdup_printf ("%d", 100 + i);
      g_autofree char *name = g_strdup_printf ("测试%d", i);
      g_autoptr(KdStaff) s = kd_staff_new (job, name, KD_ROLE_PRESALE, "");
      if (!kd_staff_repo_insert (conn, s, error))
        return FALSE;
    }
  return TRUE;
}

static int
count (const char *hay, gsize len, const char *needle)
{
  int n = 0;
  gsize k = strlen (needle);

  for (gsize i = 0; i + k <= len; i++)
    if (memcmp (hay + i, needle, k) == 0 && (i + k == len || hay[i + k] != 's'))
      n++;
  return n;
}

/* The print export of 30 staff: one A4 landscape page, a real PDF. */
static void
test_print_pdf (Fixture *f, gconstpointer data)
{
  g_autofree char *pdf = g_build_filename (f->dir, "roster.pdf", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize len = 0;

  g_assert_true (kd_store_write (f->store, add_staff_job, GINT_TO_POINTER (19), NULL));
  settle (f);
  g_assert_cmpint (_kd_roster_page_get_sheet (f->page)->n_persons, ==, 30);
  g_assert_true (_kd_roster_page_export_pdf (f->page, pdf, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pdf, &contents, &len, NULL));
  g_assert_cmpuint (len, >, 4000);
  g_assert_true (g_str_has_prefix (contents, "%PDF-1."));
  g_assert_nonnull (g_strrstr_len (contents + len - 64, 64, "%%EOF"));
  g_assert_cmpint (count (contents, len, "/Type /Page"), ==, 1);
  /* Landscape A4: 842 × 595 points. */
  g_assert_cmpint (count (contents, len, "/MediaBox [ 0 0 841.889764 595.275591 ]"), ==, 1);
  /* Text in embedded fonts, not a picture of the screen. */
  g_assert_cmpint (count (contents, len, "/FontFile"), >, 0);

  /* The same page as a picture (what bench/ and the README look at). */
  {
    g_autofree char *png = g_build_filename (f->dir, "roster-print.png", NULL);
    g_autoptr(GdkTexture) texture = NULL;

    g_assert_true (kd_roster_print_render_png (_kd_roster_page_get_sheet (f->page), "小满家居旗舰店 排班表 2026-11", png, NULL));
    texture = gdk_texture_new_from_filename (png, NULL);
    g_assert_nonnull (texture);
    g_assert_cmpint (gdk_texture_get_width (texture), >, gdk_texture_get_height (texture));
  }

  /* 31 staff need a second page. */
  {
    g_autoptr(KdStaff) s = kd_staff_new ("200", "第三十一", KD_ROLE_PRESALE, "");
    g_autoptr(GError) e2 = NULL;
    g_assert_true (kd_staff_service_save (kd_context_get_staff_service (f->context), s, &e2));
    g_assert_no_error (e2);
  }
  /* The page reads the month again when the staff table changes. */
  settle (f);
  g_assert_cmpint (_kd_roster_page_get_sheet (f->page)->n_persons, ==, 31);
  g_assert_true (_kd_roster_page_export_pdf (f->page, pdf, NULL));
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (pdf, &contents, &len, NULL));
  g_assert_cmpint (count (contents, len, "/Type /Page"), ==, 2);
}

static gboolean
file_exists (gpointer path)
{
  return g_file_test (path, G_FILE_TEST_EXISTS) && !g_main_context_pending (NULL);
}

/* The export menu's calendar of one person: the person at the cursor, one
 * event per shift they work (and one per leave day). */
static void
test_export_one_person (Fixture *f, gconstpointer data)
{
  g_autofree char *one = g_build_filename (f->dir, "one.ics", NULL);
  g_autofree char *all = g_build_filename (f->dir, "all.ics", NULL);
  g_autofree char *text = NULL;
  KdRosterSheet *s = _kd_roster_page_get_sheet (f->page);
  int total = 0;
  gsize len;

  kd_roster_grid_set_cursor (f->grid, 2, 5);
  g_assert_true (_kd_roster_page_export_to (f->page, "ics-person", one));
  g_assert_true (wait_for (file_exists, one));
  g_assert_true (g_file_get_contents (one, &text, &len, NULL));
  g_assert_cmpint (s->days[2], >, 0);
  g_assert_cmpint (count (text, len, "-shift@kefu-desk"), ==, s->days[2]);
  g_assert_cmpint (count (text, len, "BEGIN:VEVENT"), >=, s->days[2]);   /* and their leave days */
  g_clear_pointer (&text, g_free);

  g_assert_true (_kd_roster_page_export_to (f->page, "ics", all));
  g_assert_true (wait_for (file_exists, all));
  g_assert_true (g_file_get_contents (all, &text, &len, NULL));
  for (int p = 0; p < s->n_persons; p++)
    total += s->days[p];
  g_assert_cmpint (count (text, len, "-shift@kefu-desk"), ==, total);
  g_assert_false (_kd_roster_page_export_to (f->page, "pdf", all));
}

/* The month picker and the arrows. */
static void
test_months (Fixture *f, gconstpointer data)
{
  int y, m;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "roster.prev-month", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "roster.prev-month", NULL));
  _kd_roster_page_get_month (f->page, &y, &m);
  g_assert_cmpint (y, ==, 2026);
  g_assert_cmpint (m, ==, 9);
  settle (f);
  g_assert_cmpint (_kd_roster_page_get_sheet (f->page)->n_days, ==, 30);
  /* Not rostered: every cell is empty and every place short. */
  g_assert_cmpint (_kd_roster_page_get_sheet (f->page)->cells[0], ==, KD_SHEET_EMPTY);
  _kd_roster_page_set_month (f->page, 2027, 2);
  settle (f);
  g_assert_cmpint (_kd_roster_page_get_sheet (f->page)->n_days, ==, 28);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "roster.this-month", NULL));
  settle (f);
  _kd_roster_page_get_month (f->page, &y, &m);
  g_assert_cmpint (m, ==, 11);
}

static gboolean
editor_idle (gpointer data)
{
  return !_kd_shift_editor_is_busy (data) && !g_main_context_pending (NULL);
}

/* Shifts and special days through their window: a weekday's number, a new
 * shift, a promotion day; the grid follows. */
static void
test_shift_editor (Fixture *f, gconstpointer data)
{
  KdShiftEditor *editor;
  GPtrArray *rows;
  KdShiftRows *n, *added;
  KdRosterSheet *s;
  g_autoptr(GPtrArray) templates = NULL;
  int S;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "roster.shifts", NULL));
  editor = KD_SHIFT_EDITOR (_kd_roster_page_get_shift_editor (f->page));
  g_assert_nonnull (editor);
  g_assert_true (wait_for (editor_idle, editor));
  rows = _kd_shift_editor_get_shift_rows (editor);
  g_assert_cmpuint (rows->len, ==, 4);   /* D, N, R and the new-shift form */
  n = g_ptr_array_index (rows, 1);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (n->code)), ==, "N");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (n->start)), ==, "17:00");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (n->end)), ==, "01:00");
  g_assert_cmpint (gtk_spin_button_get_value_as_int (n->weekday[5]), ==, 2);

  /* Saturdays need three on the night shift. */
  gtk_spin_button_set_value (n->weekday[5], 3);
  g_signal_emit_by_name (n->save, "clicked");
  g_assert_true (wait_for (editor_idle, editor));
  settle (f);
  templates = kd_roster_service_list_templates (kd_context_get_roster_service (f->context), NULL);
  g_assert_cmpint (((KdShiftTemplate *) g_ptr_array_index (templates, 1))->required_on[5], ==, 3);
  g_assert_cmpint (((KdShiftTemplate *) g_ptr_array_index (templates, 1))->required_on[4], ==, -1);
  g_assert_cmpint (((KdShiftTemplate *) g_ptr_array_index (templates, 1))->length, ==, 480);
  s = _kd_roster_page_get_sheet (f->page);
  S = s->n_shifts;
  /* 7 November 2026 is a Saturday, the 6th a Friday. */
  g_assert_cmpint (s->required[6 * S + 1], ==, 3);
  g_assert_cmpint (s->required[5 * S + 1], ==, 2);

  /* A code of two letters is refused; nothing is written. */
  rows = _kd_shift_editor_get_shift_rows (editor);
  added = g_ptr_array_index (rows, rows->len - 1);
  gtk_editable_set_text (GTK_EDITABLE (added->code), "MM");
  gtk_editable_set_text (GTK_EDITABLE (added->name), "午夜");
  gtk_editable_set_text (GTK_EDITABLE (added->start), "00:00");
  gtk_editable_set_text (GTK_EDITABLE (added->end), "02:00");
  g_signal_emit_by_name (added->save, "clicked");
  g_assert_true (wait_for (editor_idle, editor));
  g_assert_cmpuint (_kd_shift_editor_get_shift_rows (editor)->len, ==, 4);
  /* Then M, 00:00–02:00, needed on no ordinary day. */
  gtk_editable_set_text (GTK_EDITABLE (added->code), "M");
  g_signal_emit_by_name (added->save, "clicked");
  g_assert_true (wait_for (editor_idle, editor));
  settle (f);
  g_assert_cmpuint (_kd_shift_editor_get_shift_rows (editor)->len, ==, 5);
  s = _kd_roster_page_get_sheet (f->page);
  g_assert_cmpint (s->n_shifts, ==, 4);
  g_assert_cmpint (kd_roster_sheet_find_code (s, 'M'), ==, 3);
  g_assert_cmpint (s->model->shifts[3].length, ==, 120);

  /* Double 11: three on M that night. */
  g_assert_cmpuint (_kd_shift_editor_get_n_days (editor), ==, 1);   /* the demo's December promotion */
  gtk_editable_set_text (GTK_EDITABLE (_kd_shift_editor_get_day_entry (editor)), "2026-11-11");
  gtk_editable_set_text (GTK_EDITABLE (_kd_shift_editor_get_day_name (editor)), "双11");
  gtk_spin_button_set_value (g_ptr_array_index (_kd_shift_editor_get_day_spins (editor), 3), 3);
  g_signal_emit_by_name (_kd_shift_editor_get_add_day (editor), "clicked");
  g_assert_true (wait_for (editor_idle, editor));
  settle (f);
  g_assert_cmpuint (_kd_shift_editor_get_n_days (editor), ==, 2);
  s = _kd_roster_page_get_sheet (f->page);
  S = s->n_shifts;
  g_assert_cmpint (s->required[10 * S + 3], ==, 3);
  g_assert_cmpint (s->required[9 * S + 3], ==, 0);
  g_assert_cmpuint (s->month->special_days->len, ==, 1);
  /* Nobody works M on the 11th yet: the grid says so. */
  g_assert_cmpint (s->cover[10 * S + 3], ==, 0);
  g_assert_cmpint (s->score->hard_count, >, 0);

  /* A holiday calendar: 11 November is marked already and stays 双11;
   * 26–27 November are new. */
  {
    g_autofree char *path = g_build_filename (f->dir, "holidays.ics", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (path);
    const char *ics = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261111\r\nSUMMARY:光棍节\r\n"
                      "END:VEVENT\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261126\r\n"
                      "DTEND;VALUE=DATE:20261128\r\nSUMMARY:店休\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    const KdSpecialDay *sd;
    GDate d26;

    g_assert_true (g_file_set_contents (path, ics, -1, NULL));
    _kd_shift_editor_import_file (editor, file);
    g_assert_true (wait_for (editor_idle, editor));
    settle (f);
    g_assert_cmpuint (_kd_shift_editor_get_n_days (editor), ==, 4);
    s = _kd_roster_page_get_sheet (f->page);
    g_assert_cmpuint (s->month->special_days->len, ==, 3);
    g_date_clear (&d26, 1);
    g_date_set_dmy (&d26, 26, 11, 2026);
    sd = kd_roster_shop_special_day (s->month, &d26);
    g_assert_nonnull (sd);
    g_assert_cmpstr (sd->name, ==, "店休");
    g_assert_cmpint (sd->kind, ==, KD_SPECIAL_HOLIDAY);
    g_date_set_day (&d26, 11);
    g_assert_cmpstr (kd_roster_shop_special_day (s->month, &d26)->name, ==, "双11");
    g_assert_cmpint (s->required[10 * s->n_shifts + 3], ==, 3);
  }

  gtk_window_destroy (GTK_WINDOW (editor));
  g_assert_null (_kd_roster_page_get_shift_editor (f->page));
}

/* The rules, set in the same window: a cap of 4 nights breaks the demo's
 * roster, and the grid says so at once. */
static void
test_rules_in_editor (Fixture *f, gconstpointer data)
{
  KdShiftEditor *editor;
  KdRosterRules rules;
  KdRosterSheet *s;
  int capped = 0;

  g_assert_cmpint (_kd_roster_page_get_sheet (f->page)->score->hard_count, ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "roster.shifts", NULL));
  editor = KD_SHIFT_EDITOR (_kd_roster_page_get_shift_editor (f->page));
  g_assert_true (wait_for (editor_idle, editor));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (_kd_shift_editor_get_rule_spin (editor, 0)), ==, 4);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (_kd_shift_editor_get_rule_spin (editor, 1)), ==, 6);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (_kd_shift_editor_get_rule_spin (editor, 2)), ==, 11);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (_kd_shift_editor_get_rule_spin (editor, 3)), ==, 0);

  gtk_spin_button_set_value (_kd_shift_editor_get_rule_spin (editor, 3), 4);
  g_signal_emit_by_name (_kd_shift_editor_get_save_rules (editor), "clicked");
  g_assert_true (wait_for (editor_idle, editor));
  settle (f);
  g_assert_true (kd_roster_service_load_rules (kd_context_get_roster_service (f->context), &rules, NULL));
  g_assert_cmpint (rules.max_nights, ==, 4);
  g_assert_cmpint (rules.days_off, ==, 4);
  s = _kd_roster_page_get_sheet (f->page);
  for (guint i = 0; i < s->score->violations->len; i++)
    capped += g_array_index (s->score->violations, KdRosterViolation, i).rule == KD_RULE_MAX_SHIFTS;
  g_assert_cmpint (capped, >, 0);
  gtk_window_destroy (GTK_WINDOW (editor));
}

/* The sign-in menu offers who the roster has on duty first: at 09:00 on
 * 25 November, the demo's day and regular shifts of that day. */
static void
test_sign_in_suggests_on_duty (Fixture *f, gconstpointer data)
{
  GtkMenuButton *button = GTK_MENU_BUTTON (find_descendant (GTK_WIDGET (f->window), GTK_TYPE_MENU_BUTTON));
  g_autoptr(GDateTime) now = kd_clock_now_local (NULL);
  g_autoptr(GPtrArray) on_duty = kd_roster_service_on_duty (kd_context_get_roster_service (f->context), now, NULL);
  g_autofree char *label = NULL;
  g_autofree char *first = NULL;
  GMenuModel *menu, *section;

  g_assert_cmpuint (on_duty->len, >=, 4);
  for (guint i = 0; i < on_duty->len; i++)
    g_assert_cmpstr (((KdOnDuty *) g_ptr_array_index (on_duty, i))->shift_code, !=, "N");
  gtk_menu_button_popup (button);
  menu = gtk_menu_button_get_menu_model (button);
  g_assert_nonnull (menu);
  g_assert_true (g_menu_model_get_item_attribute (menu, 0, G_MENU_ATTRIBUTE_LABEL, "s", &label));
  g_assert_cmpstr (label, ==, "On Duty Now");
  section = g_menu_model_get_item_link (menu, 0, G_MENU_LINK_SECTION);
  g_assert_cmpint (g_menu_model_get_n_items (section), ==, on_duty->len);
  g_assert_true (g_menu_model_get_item_attribute (section, 0, G_MENU_ATTRIBUTE_LABEL, "s", &first));
  g_assert_nonnull (strstr (first, ((KdOnDuty *) g_ptr_array_index (on_duty, 0))->name));
  g_object_unref (section);
  gtk_menu_button_popdown (button);
}

static cairo_surface_t *
render_grid (KdRosterPaint *paint, const KdRosterSheet *sheet, int flat_scale, int *w, int *h)
{
  KdRosterPaintState st = { 0 };
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  cairo_surface_t *surface;
  double gw, gh;
  cairo_t *cr;

  kd_roster_paint_get_size (paint, sheet->n_persons, &gw, &gh);
  *w = (int) ceil (gw);
  *h = (int) ceil (gh);
  st.n_rows = sheet->n_persons;
  st.today = 3;
  st.selection = TRUE;
  st.sel_p0 = st.sel_p1 = st.cursor_p = 1;
  st.sel_d0 = st.sel_d1 = st.cursor_d = 2;
  st.focused = TRUE;
  st.flat_scale = flat_scale;
  kd_roster_paint_snapshot (paint, sheet, &st, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, *w * MAX (1, flat_scale), *h * MAX (1, flat_scale));
  cairo_surface_set_device_scale (surface, MAX (1, flat_scale), MAX (1, flat_scale));
  cr = cairo_create (surface);
  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

/* Under the cairo renderer the grid's parts are pre-drawn images (GTK
 * 4.8's cairo renderer walks every node on every frame): they must show
 * exactly what the node tree shows, at scale 1 and 2, and after an edit. */
static void
test_flat_parts_draw_the_same (Fixture *f, gconstpointer data)
{
  KdRosterSheet *sheet = _kd_roster_page_get_sheet (f->page);
  g_autoptr(KdRosterPaint) nodes = kd_roster_paint_new (gtk_widget_get_pango_context (GTK_WIDGET (f->grid)), FALSE);
  g_autoptr(KdRosterPaint) flat = kd_roster_paint_new (gtk_widget_get_pango_context (GTK_WIDGET (f->grid)), FALSE);

  kd_roster_paint_set_sheet (nodes, sheet);
  kd_roster_paint_set_sheet (flat, sheet);
  for (int round = 0; round < 3; round++)
    {
      int scale = round == 2 ? 2 : 1;
      int w, h, w2, h2, stride, differ = 0;
      cairo_surface_t *a, *b;
      const guint8 *pa, *pb;

      if (round == 1)
        {
          /* An edit: a cached part must not be reused where the row changed. */
          kd_roster_sheet_set (sheet, 0, 0, kd_roster_sheet_get (sheet, 0, 0) == KD_ROSTER_OFF ? 0 : KD_ROSTER_OFF);
          kd_roster_sheet_check (sheet);
        }
      a = render_grid (nodes, sheet, 0, &w, &h);
      if (scale == 2)
        {
          cairo_surface_t *big = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w * 2, h * 2);
          cairo_t *cr = cairo_create (big);
          g_autoptr(KdRosterPaint) again = kd_roster_paint_new (gtk_widget_get_pango_context (GTK_WIDGET (f->grid)), FALSE);
          KdRosterPaintState st = { 0 };

          /* The reference at scale 2: the same drawing straight onto a 2× surface. */
          kd_roster_paint_set_sheet (again, sheet);
          st.n_rows = sheet->n_persons;
          st.today = 3;
          st.selection = TRUE;
          st.sel_p0 = st.sel_p1 = st.cursor_p = 1;
          st.sel_d0 = st.sel_d1 = st.cursor_d = 2;
          st.focused = TRUE;
          cairo_scale (cr, 2, 2);
          kd_roster_paint_cairo (again, sheet, &st, cr);
          cairo_destroy (cr);
          cairo_surface_flush (big);
          cairo_surface_destroy (a);
          a = big;
        }
      b = render_grid (flat, sheet, scale, &w2, &h2);
      g_assert_cmpint (w, ==, w2);
      g_assert_cmpint (h, ==, h2);
      stride = cairo_image_surface_get_stride (a);
      g_assert_cmpint (stride, ==, cairo_image_surface_get_stride (b));
      pa = cairo_image_surface_get_data (a);
      pb = cairo_image_surface_get_data (b);
      for (int y = 0; y < h * scale; y++)
        for (int x = 0; x < w * scale * 4; x++)
          if (ABS ((int) pa[y * stride + x] - (int) pb[y * stride + x]) > 24)
            {
              differ++;
              break;
            }
      /* Rows with a pixel off (text antialiasing may round differently). */
      g_assert_cmpint (differ, <=, h * scale / 50);
      cairo_surface_destroy (a);
      cairo_surface_destroy (b);
    }
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_test_add ("/roster-grid/keyboard-editing", Fixture, NULL, fixture_setup, test_keyboard_editing, fixture_teardown);
  g_test_add ("/roster-grid/violation-focuses-cell", Fixture, NULL, fixture_setup, test_violation_focuses_cell, fixture_teardown);
  g_test_add ("/roster-grid/regenerate-and-undo", Fixture, NULL, fixture_setup, test_regenerate_and_undo, fixture_teardown);
  g_test_add ("/roster-grid/regenerate-right-after-edit", Fixture, NULL, fixture_setup, test_regenerate_right_after_edit, fixture_teardown);
  g_test_add ("/roster-grid/print-pdf", Fixture, NULL, fixture_setup, test_print_pdf, fixture_teardown);
  g_test_add ("/roster-grid/flat-parts-draw-the-same", Fixture, NULL, fixture_setup, test_flat_parts_draw_the_same, fixture_teardown);
  g_test_add ("/roster-grid/export-one-person", Fixture, NULL, fixture_setup, test_export_one_person, fixture_teardown);
  g_test_add ("/roster-grid/months", Fixture, NULL, fixture_setup, test_months, fixture_teardown);
  g_test_add ("/roster-grid/shift-editor", Fixture, NULL, fixture_setup, test_shift_editor, fixture_teardown);
  g_test_add ("/roster-grid/rules-in-editor", Fixture, NULL, fixture_setup, test_rules_in_editor, fixture_teardown);
  g_test_add ("/roster-grid/sign-in-suggests-on-duty", Fixture, NULL, fixture_setup, test_sign_in_suggests_on_duty, fixture_teardown);
  return g_test_run ();
}
