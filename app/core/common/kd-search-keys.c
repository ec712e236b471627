/* kd-search-keys.c: folding (NFKC, case, Traditional→Simplified) and pinyin through ICU transliterators.
 *
 * A transliterator is not safe to share between threads; each thread that
 * folds (the store thread when a record is written, the main thread when a
 * query is typed) opens its own once and keeps it. */
#include "kd-search-keys.h"

#include <string.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

/* A character's cached string (its fold, its pinyin), kept per thread
 * and owned here: the Basic Multilingual Plane by code point, 256 blocks
 * of 256, a block allocated when one of its characters is first cached
 * (Han text fills some 80 of them); the rest in a hash table. An import
 * folds and romanises every character of every record, and a hash table
 * lookup for each cost more than the rest of the work. */
typedef struct {
  char      **blocks[256];
  GHashTable *astral;   /* gunichar → char * */
} CharCache;

static inline const char *
char_cache_get (const CharCache *cache,
                gunichar         c)
{
  if (c > 0xFFFF)
    return cache->astral != NULL ? g_hash_table_lookup (cache->astral, GUINT_TO_POINTER (c)) : NULL;
  return cache->blocks[c >> 8] != NULL ? cache->blocks[c >> 8][c & 0xFF] : NULL;
}

/* Keeps @value (taken) for @c, which was not cached yet; returns it. */
static const char *
char_cache_put (CharCache *cache,
                gunichar   c,
                char      *value)
{
  if (c > 0xFFFF)
    {
      if (cache->astral == NULL)
        cache->astral = g_hash_table_new_full (NULL, NULL, NULL, g_free);
      g_hash_table_insert (cache->astral, GUINT_TO_POINTER (c), value);
      return value;
    }
  if (cache->blocks[c >> 8] == NULL)
    cache->blocks[c >> 8] = g_new0 (char *, 256);
  cache->blocks[c >> 8][c & 0xFF] = value;
  return value;
}

static void
char_cache_clear (CharCache *cache)
{
  for (guint i = 0; i < G_N_ELEMENTS (cache->blocks); i++)
    {
      if (cache->blocks[i] == NULL)
        continue;
      for (guint j = 0; j < 256; j++)
        g_free (cache->blocks[i][j]);
      g_clear_pointer (&cache->blocks[i], g_free);
    }
  g_clear_pointer (&cache->astral, g_hash_table_unref);
}

/* Appends a short cached string (a character's fold or pinyin): the same
 * as g_string_append() without its general checks, which cost more than
 * the copy at a call per character. */
static inline void
append_short (GString    *s,
              const char *value)
{
  gsize n = strlen (value);

  if (G_UNLIKELY (s->len + n >= s->allocated_len))
    {
      g_string_append_len (s, value, (gssize) n);
      return;
    }
  memcpy (s->str + s->len, value, n);
  s->len += n;
  s->str[s->len] = '\0';
}

typedef struct {
  UTransliterator *to_simplified;
  UTransliterator *to_pinyin;
  CharCache        pinyin;   /* its pinyin (ASCII, lower case) */
  GHashTable      *simple;   /* gunichar → its Simplified form (UTF-8) */
  CharCache        fold;     /* the whole fold of it alone (per_char_fold()) */
} Transliterators;

static void
transliterators_free (gpointer data)
{
  Transliterators *t = data;

  if (t->to_simplified != NULL)
    utrans_close (t->to_simplified);
  if (t->to_pinyin != NULL)
    utrans_close (t->to_pinyin);
  char_cache_clear (&t->pinyin);
  g_clear_pointer (&t->simple, g_hash_table_unref);
  char_cache_clear (&t->fold);
  g_free (t);
}

static GPrivate per_thread = G_PRIVATE_INIT (transliterators_free);

/* Opening the pinyin transliterator takes ICU 150–200 ms: the first
 * keystroke of a search would wait that long on the main thread. One set
 * is opened ahead on a thread of its own (kd_search_keys_preload) and
 * handed to the first thread that needs one; a transliterator may move
 * between threads, it only must not be used by two at once. */
static GMutex spare_lock;
static GCond spare_cond;
static gboolean spare_opening;
static Transliterators *spare;

static Transliterators *transliterators_new (void);

static UTransliterator *
open_transliterator (const char *id)
{
  UChar uid[64];
  UErrorCode status = U_ZERO_ERROR;
  UTransliterator *t;

  u_uastrcpy (uid, id);
  t = utrans_openU (uid, -1, UTRANS_FORWARD, NULL, 0, NULL, &status);
  if (U_FAILURE (status))
    {
      /* ICU without its data: searching still works on the text itself. */
      g_warning ("ICU transliterator “%s” is not available: %s", id, u_errorName (status));
      return NULL;
    }
  return t;
}

static Transliterators *
transliterators_new (void)
{
  Transliterators *t = g_new0 (Transliterators, 1);

  t->to_simplified = open_transliterator ("Traditional-Simplified");
  t->to_pinyin = open_transliterator ("Han-Latin; Latin-ASCII; Lower");
  t->simple = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  return t;
}

static char *transliterate (UTransliterator *t,
                            const char      *text);

static gpointer
preload_thread (gpointer data)
{
  Transliterators *t = transliterators_new ();

  /* ICU reads the rules' data on first use, not when opening. */
  g_free (transliterate (t->to_simplified, "退貨尺碼"));
  g_free (transliterate (t->to_pinyin, "退货尺码"));

  g_mutex_lock (&spare_lock);
  spare = t;
  spare_opening = FALSE;
  g_cond_broadcast (&spare_cond);
  g_mutex_unlock (&spare_lock);
  return NULL;
}

void
kd_search_keys_preload (void)
{
  static gsize started;

  if (g_once_init_enter (&started))
    {
      g_mutex_lock (&spare_lock);
      spare_opening = TRUE;
      g_mutex_unlock (&spare_lock);
      g_thread_unref (g_thread_new ("kd-search-keys", preload_thread, NULL));
      g_once_init_leave (&started, 1);
    }
}

static Transliterators *
get_transliterators (void)
{
  Transliterators *t = g_private_get (&per_thread);

  if (t == NULL)
    {
      /* The one being opened ahead is nearer done than a new one. */
      g_mutex_lock (&spare_lock);
      while (spare_opening)
        g_cond_wait (&spare_cond, &spare_lock);
      t = g_steal_pointer (&spare);
      g_mutex_unlock (&spare_lock);
      if (t == NULL)
        t = transliterators_new ();
      g_private_set (&per_thread, t);
    }
  return t;
}

/* Runs @t over UTF-8 @text; NULL on failure. */
static char *
transliterate (UTransliterator *t,
               const char      *text)
{
  UErrorCode status = U_ZERO_ERROR;
  g_autofree UChar *buf = NULL;
  int32_t len = 0, capacity, limit;
  char *out;
  int32_t out_len = 0;

  if (t == NULL)
    return NULL;

  u_strFromUTF8 (NULL, 0, &len, text, -1, &status);
  if (status != U_BUFFER_OVERFLOW_ERROR && U_FAILURE (status))
    return NULL;
  status = U_ZERO_ERROR;
  /* Pinyin is longer than the characters it spells: room for 8 per one. */
  capacity = len * 8 + 16;
  buf = g_new (UChar, capacity);
  u_strFromUTF8 (buf, capacity, &len, text, -1, &status);
  limit = len;
  utrans_transUChars (t, buf, &len, capacity, 0, &limit, &status);
  if (U_FAILURE (status))
    return NULL;

  u_strToUTF8 (NULL, 0, &out_len, buf, len, &status);
  if (status != U_BUFFER_OVERFLOW_ERROR && U_FAILURE (status))
    return NULL;
  status = U_ZERO_ERROR;
  out = g_malloc (out_len + 1);
  u_strToUTF8 (out, out_len + 1, NULL, buf, len, &status);
  if (U_FAILURE (status))
    {
      g_free (out);
      return NULL;
    }
  return out;
}

/* @c in Simplified characters, looked up once per thread: ICU's
 * transliterator is slow per call, and an import folds tens of thousands
 * of phrases made of a few thousand characters. */
static const char *
simplified (Transliterators *t,
            gunichar         c)
{
  const char *mapped = g_hash_table_lookup (t->simple, GUINT_TO_POINTER (c));

  if (mapped == NULL)
    {
      char one[8] = { 0 };
      char *s;

      g_unichar_to_utf8 (c, one);
      s = transliterate (t->to_simplified, one);
      mapped = s ? s : g_strdup (one);
      g_hash_table_insert (t->simple, GUINT_TO_POINTER (c), (gpointer) mapped);
    }
  return mapped;
}

/* Only ASCII and CJK Unified Ideographs (and Extension A), which no
 * normalisation or case folding changes, ASCII capitals aside. */
static gboolean
is_fold_plain (const char *text)
{
  for (const guchar *p = (const guchar *) text; *p != '\0'; )
    {
      if (*p < 0x80)
        p++;
      else if (*p >= 0xE3 && *p <= 0xE9 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80)
        {
          gunichar c = ((gunichar) (*p & 0x0F) << 12) | ((gunichar) (p[1] & 0x3F) << 6) | (p[2] & 0x3F);

          if (!((c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF)))
            return FALSE;
          p += 3;
        }
      else
        return FALSE;
    }
  return TRUE;
}

/* The same as the full fold below for text is_fold_plain() accepts. */
static char *
fold_plain (const char      *text,
            Transliterators *t)
{
  GString *out = g_string_sized_new (strlen (text));

  for (const char *p = text; *p != '\0'; )
    {
      gunichar c;

      if ((guchar) *p < 0x80)
        {
          g_string_append_c (out, g_ascii_tolower (*p));
          p++;
          continue;
        }
      if (t->to_simplified == NULL)
        {
          g_string_append_len (out, p, 3);
          p += 3;
          continue;
        }
      c = g_utf8_get_char (p);
      g_string_append (out, simplified (t, c));
      p += 3;
    }
  return g_string_free (out, FALSE);
}

/* Characters whose NFKC form does not depend on their neighbours: no
 * combining mark, nothing that composes with one (kana before a voicing
 * mark, Hangul jamo), in the blocks shop text is written in — CJK
 * punctuation, full-width forms, kana, ideographs, general punctuation. */
static gboolean
folds_alone (gunichar c)
{
  return (c >= 0x00A0 && c <= 0x00FF && c != 0x00A8 && c != 0x00AF && c != 0x00B4 && c != 0x00B8) ||
         (c >= 0x2000 && c <= 0x206F) ||
         (c >= 0x2E80 && c <= 0x2FDF) ||
         (c >= 0x3000 && c <= 0x30FF && c != 0x3099 && c != 0x309A && !(c >= 0x302A && c <= 0x302F)) ||
         (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
         (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0xFE30 && c <= 0xFE4F) ||
         (c >= 0xFF01 && c <= 0xFF65);
}

/* The fold of @c alone, kept per thread. */
static const char *
per_char_fold (Transliterators *t,
               gunichar         c)
{
  const char *mapped = char_cache_get (&t->fold, c);
  char one[8] = { 0 };
  g_autofree char *nfkc = NULL;
  g_autofree char *folded = NULL;
  GString *out;

  if (mapped != NULL)
    return mapped;
  g_unichar_to_utf8 (c, one);
  nfkc = g_utf8_normalize (one, -1, G_NORMALIZE_ALL_COMPOSE);
  folded = g_utf8_casefold (nfkc ? nfkc : one, -1);
  out = g_string_new (NULL);
  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar d = g_utf8_get_char (p);

      if (d < 0x2E80 || t->to_simplified == NULL)
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
      else
        g_string_append (out, simplified (t, d));
    }
  return char_cache_put (&t->fold, c, g_string_free (out, FALSE));
}

/* The fold of @text when every character of it folds alone (ASCII, or
 * folds_alone()), one cached lookup a character; NULL otherwise. */
static char *
fold_by_char (const char      *text,
              Transliterators *t)
{
  GString *out = g_string_sized_new (strlen (text));

  for (const char *p = text; *p != '\0'; )
    {
      gunichar c;

      if ((guchar) *p < 0x80)
        {
          g_string_append_c (out, g_ascii_tolower (*p));
          p++;
          continue;
        }
      c = g_utf8_get_char_validated (p, -1);
      if (c == (gunichar) -1 || c == (gunichar) -2 || !folds_alone (c))
        {
          g_string_free (out, TRUE);
          return NULL;
        }
      append_short (out, per_char_fold (t, c));
      p = g_utf8_next_char (p);
    }
  return g_string_free (out, FALSE);
}

/* The fold as a whole: NFKC of the text, case folding, Simplified. */
static char *
fold_whole (const char      *text,
            Transliterators *t)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  g_autofree char *nfkc = g_utf8_normalize (valid, -1, G_NORMALIZE_ALL_COMPOSE);
  g_autofree char *folded = g_utf8_casefold (nfkc ? nfkc : valid, -1);
  GString *out;

  /* Traditional → Simplified one character at a time (simplified ()). */
  if (t->to_simplified == NULL)
    return g_steal_pointer (&folded);
  out = g_string_sized_new (strlen (folded));
  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x2E80)   /* below the CJK blocks: nothing to simplify */
        {
          g_string_append_len (out, p, g_utf8_next_char (p) - p);
          continue;
        }
      g_string_append (out, simplified (t, c));
    }
  return g_string_free (out, FALSE);
}

char *
_kd_search_fold_whole (const char *text)
{
  return fold_whole (text ? text : "", get_transliterators ());
}

/* NFKC (full-width letters and digits become ASCII), case-folded, and in
 * Simplified characters, so 退貨 and 退货, ＴＨ and th are the same. */
char *
kd_search_fold (const char *text)
{
  Transliterators *t;
  char *by_char;

  if (text == NULL)
    return g_strdup ("");

  /* Most of what an import folds is ASCII and common Han characters
   * (order numbers, "买家123"): NFKC and case folding leave those as they
   * are but for ASCII capitals, and looking that up is far cheaper than
   * normalising. */
  if (is_fold_plain (text))
    return fold_plain (text, get_transliterators ());

  /* Shop text with CJK punctuation and full-width forms: NFKC and case
   * folding of each character alone, cached, give the same. */
  t = get_transliterators ();
  by_char = fold_by_char (text, t);
  if (by_char != NULL)
    return by_char;
  return fold_whole (text, t);
}

/* The romanisation of one non-ASCII character (a Han character's
 * pinyin, "é" → "e"), kept: a library has a few thousand distinct
 * characters and tens of thousands of phrases, and ICU's Han-Latin is
 * slow per call. */
static const char *
char_pinyin (Transliterators *t,
             gunichar         c)
{
  const char *cached = char_cache_get (&t->pinyin, c);
  char one[8] = { 0 };
  g_autofree char *out = NULL;
  GString *clean;

  if (cached != NULL)
    return cached;
  g_unichar_to_utf8 (c, one);
  out = transliterate (t->to_pinyin, one);
  clean = g_string_new (NULL);
  for (const char *p = out ? out : ""; *p != '\0'; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (clean, g_ascii_tolower (*p));
  return char_cache_put (&t->pinyin, c, g_string_free (clean, FALSE));
}

/* The pinyin of @folded with no spaces ("tuihuo"), and the initial of each
 * syllable or word ("th"). Every Han character is a syllable of its own
 * (ICU's Han-Latin reads them one by one too); runs of ASCII letters and
 * digits are words; everything else separates words. */
char *
kd_search_pinyin (const char  *folded,
                  char       **out_initials)
{
  Transliterators *t = get_transliterators ();
  GString *pinyin = g_string_new (NULL);
  GString *initials = g_string_new (NULL);
  gboolean in_word = FALSE;

  for (const char *p = folded ? folded : ""; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x80)
        {
          if (g_ascii_isalnum ((char) c))
            {
              g_string_append_c (pinyin, g_ascii_tolower ((char) c));
              if (!in_word)
                g_string_append_c (initials, g_ascii_tolower ((char) c));
              in_word = TRUE;
            }
          else
            in_word = FALSE;
          continue;
        }

      {
        const char *latin = char_pinyin (t, c);

        if (*latin != '\0')
          {
            append_short (pinyin, latin);
            g_string_append_c (initials, latin[0]);
          }
        in_word = FALSE;
      }
    }

  if (out_initials != NULL)
    *out_initials = g_string_free (initials, FALSE);
  else
    g_string_free (initials, TRUE);
  return g_string_free (pinyin, FALSE);
}

/* Only ASCII letters, digits and spaces: a query that may be pinyin. */
gboolean
kd_search_is_latin (const char *folded)
{
  gboolean letters = FALSE;

  for (const char *p = folded; *p != '\0'; p++)
    {
      if (g_ascii_isalpha (*p))
        letters = TRUE;
      else if (!g_ascii_isdigit (*p) && *p != ' ' && *p != '\'')
        return FALSE;
    }
  return letters;
}

/* @folded without spaces and apostrophes ("tui huo", "xi'an"). */
char *
kd_search_squeeze (const char *folded)
{
  GString *s = g_string_new (NULL);

  for (const char *p = folded; *p != '\0'; p++)
    if (*p != ' ' && *p != '\'')
      g_string_append_c (s, *p);
  return g_string_free (s, FALSE);
}

/* Pango markup of @text (at most @max_chars characters, "…" after) with
 * every match of @query in bold: matched as the search matches, folded,
 * so ＸＬ in the text lights up for "xl" and 退貨 for 退货. Character by
 * character, so a fold that changes a length cannot shift the marks. */
char *
kd_search_highlight (const char *text,
                     const char *query,
                     gsize       max_chars)
{
  g_autofree char *needle_raw = kd_search_fold (query ? query : "");
  g_autofree char *needle = g_strstrip (g_strdup (needle_raw));
  g_autoptr(GPtrArray) chars = g_ptr_array_new_with_free_func (g_free);   /* folded, one per char */
  g_autoptr(GString) folded = g_string_new (NULL);
  g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (gsize));   /* folded offset of char i */
  g_autofree gboolean *bold = NULL;
  g_autofree char *valid = g_utf8_make_valid (text ? text : "", -1);
  GString *out = g_string_new (NULL);
  const char *p;
  gsize n = 0;

  /* Nothing to mark: only escape and cut (no folding at all). */
  if (*needle == '\0')
    {
      for (p = valid; *p != '\0' && n < max_chars; p = g_utf8_next_char (p), n++)
        {
          g_autofree char *escaped = g_markup_escape_text (p, g_utf8_next_char (p) - p);
          g_string_append (out, *p == '\n' ? " " : escaped);
        }
      if (*p != '\0')
        g_string_append (out, "…");
      return g_string_free (out, FALSE);
    }

  {
    /* Folding the whole text is one ICU call; it keeps one character per
     * character in practice (NFKC of full-width forms, case, Traditional
     * → Simplified), and then character i of the fold is character i of
     * the text. Otherwise each character is folded alone. */
    const char *end = valid;
    g_autofree char *head = NULL;
    g_autofree char *whole = NULL;

    for (gsize i = 0; *end != '\0' && i < max_chars; i++)
      end = g_utf8_next_char (end);
    head = g_strndup (valid, end - valid);
    whole = kd_search_fold (head);

    if (g_utf8_strlen (whole, -1) == g_utf8_strlen (head, -1))
      {
        for (const char *q = whole; *q != '\0'; q = g_utf8_next_char (q), n++)
          {
            g_array_append_val (starts, folded->len);
            g_string_append_len (folded, q, g_utf8_next_char (q) - q);
          }
        p = end;
      }
    else
      {
        for (p = valid; *p != '\0' && n < max_chars; p = g_utf8_next_char (p), n++)
          {
            char one[8] = { 0 };
            char *f;

            g_unichar_to_utf8 (g_utf8_get_char (p), one);
            f = kd_search_fold (one);
            g_array_append_val (starts, folded->len);
            g_string_append (folded, f);
            g_ptr_array_add (chars, f);
          }
      }
  }

  bold = g_new0 (gboolean, MAX (n, 1));
  if (*needle != '\0')
    for (const char *hit = strstr (folded->str, needle); hit != NULL; hit = strstr (hit + 1, needle))
      {
        gsize from = (gsize) (hit - folded->str), to = from + strlen (needle);
        for (gsize i = 0; i < n; i++)
          if (g_array_index (starts, gsize, i) >= from && g_array_index (starts, gsize, i) < to)
            bold[i] = TRUE;
      }

  p = valid;
  for (gsize i = 0; i < n; i++, p = g_utf8_next_char (p))
    {
      g_autofree char *escaped = g_markup_escape_text (p, g_utf8_next_char (p) - p);

      if (bold[i] && (i == 0 || !bold[i - 1]))
        g_string_append (out, "<b>");
      g_string_append (out, *p == '\n' ? " " : escaped);
      if (bold[i] && (i + 1 == n || !bold[i + 1]))
        g_string_append (out, "</b>");
    }
  if (*p != '\0')
    g_string_append (out, "…");
  return g_string_free (out, FALSE);
}
