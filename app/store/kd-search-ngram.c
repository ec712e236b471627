/* kd-search-ngram.c: the FTS5 tokenizer "kd_ngram" behind kd-search.h: every character and every pair of neighbours, so that substrings of any length, Chinese included, are an index lookup. */
#include "kd-store-private.h"

#include <string.h>

/* A document (or a column of one) is indexed as its characters, one
 * position each, with the pair starting at each character at the same
 * position ("尺码偏大" → 尺 尺码 | 码 码偏 | 偏 偏大 | 大). White space is no
 * token and no pair crosses it, so a match never spans two fields.
 *
 * A query of one character is its unigram; a longer one is the chain of
 * its pairs, one position each, which the document has exactly where the
 * query is a substring: 1- and 2-character queries are one posting list
 * (FTS5's trigram tokenizer cannot answer them at all), longer ones a
 * phrase of pairs. A space inside a query separates runs: the last
 * character of a run keeps its position so the next run follows on.
 *
 * Pinyin and initials (kd-search.c marks them with GRAMS, U+0002) are
 * indexed as the triple of letters starting at each letter, one position
 * each, and the last two letters of a run as a pair closed by END ("tuihuo"
 * → tui uih ihu huo uo$). Pinyin is all a few common letters, so its pairs
 * are in nearly every record: a chain of them read the whole index, where
 * the rarest triple of a query leaves a few candidates. A query of three
 * letters or more is the chain of its triples, one of two letters a prefix
 * of a triple (or of the closed pair at the end), a single letter is not
 * looked up here at all. U+0001 (PAIRS_ONLY: pairs alone) was written for
 * a while during development; a value with it is still tokenized as it was
 * indexed, so that deleting it removes exactly its tokens. */

#define PAIRS_ONLY 0x01
#define GRAMS      0x02
#define END        '$'   /* never in pinyin or initials (ASCII letters and digits) */

typedef struct {
  int unused;
} NgramTokenizer;

static NgramTokenizer the_tokenizer;

static int
ngram_create (void             *context,
              const char      **args,
              int               n_args,
              Fts5Tokenizer   **out)
{
  *out = (Fts5Tokenizer *) &the_tokenizer;
  return SQLITE_OK;
}

static void
ngram_delete (Fts5Tokenizer *tokenizer)
{
}

static int
char_len (const unsigned char *p,
          int                  left)
{
  int n = *p < 0x80 ? 1 : *p < 0xe0 ? 2 : *p < 0xf0 ? 3 : 4;

  return n <= left ? n : left;
}

static gboolean
is_space (const unsigned char *p,
          int                  n)
{
  if (n == 1)
    return *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f' || *p == '\v';
  /* U+3000 IDEOGRAPHIC SPACE (folding turns it into ' ', but be safe). */
  return n == 3 && p[0] == 0xe3 && p[1] == 0x80 && p[2] == 0x80;
}

typedef int (*TokenFunc) (void *, int, const char *, int, int, int);

static int
tokenize_pairs (void          *ctx,
                const char    *text,
                int            n_text,
                TokenFunc      token)
{
  const unsigned char *p = (const unsigned char *) text;
  int i = 1;

  while (i < n_text)
    {
      int n = char_len (p + i, n_text - i), m, rc;

      if (i + n < n_text && !is_space (p + i, n))
        {
          m = char_len (p + i + n, n_text - i - n);
          if (!is_space (p + i + n, m) && (rc = token (ctx, 0, text + i, n + m, i, i + n + m)) != SQLITE_OK)
            return rc;
        }
      i += n;
    }
  return SQLITE_OK;
}

/* The triples of a GRAMS value, and each run's last pair closed by END. */
static int
tokenize_grams (void          *ctx,
                const char    *text,
                int            n_text,
                TokenFunc      token)
{
  const unsigned char *p = (const unsigned char *) text;
  int i = 1;

  while (i < n_text)
    {
      int n = char_len (p + i, n_text - i), b, c, rc;

      if (is_space (p + i, n))
        {
          i += n;
          continue;
        }
      b = i + n;
      if (b >= n_text || is_space (p + b, char_len (p + b, n_text - b)))
        {
          i = b;          /* a single letter: nothing */
          continue;
        }
      c = b + char_len (p + b, n_text - b);
      if (c >= n_text || is_space (p + c, char_len (p + c, n_text - c)))
        {
          char pair[10];

          memcpy (pair, text + i, c - i);
          pair[c - i] = END;
          rc = token (ctx, 0, pair, c - i + 1, i, c);
        }
      else
        {
          int d = c + char_len (p + c, n_text - c);
          rc = token (ctx, 0, text + i, d - i, i, d);
        }
      if (rc != SQLITE_OK)
        return rc;
      i = b;
    }
  return SQLITE_OK;
}

/* A GRAMS query (kd-search.c: its letters without spaces): three or more
 * letters are the chain of their triples; fewer, the text itself (two
 * letters are asked as a prefix). */
static int
tokenize_grams_query (void          *ctx,
                      const char    *text,
                      int            n_text,
                      TokenFunc      token)
{
  const unsigned char *p = (const unsigned char *) text;
  int i = 1, n_chars = 0;

  for (int j = 1; j < n_text; j += char_len (p + j, n_text - j))
    n_chars++;
  if (n_chars < 3)
    return n_text > 1 ? token (ctx, 0, text + 1, n_text - 1, 1, n_text) : SQLITE_OK;
  for (int k = 0; k + 3 <= n_chars; k++)
    {
      int b = i + char_len (p + i, n_text - i);
      int c = b + char_len (p + b, n_text - b);
      int d = c + char_len (p + c, n_text - c);
      int rc = token (ctx, 0, text + i, d - i, i, d);

      if (rc != SQLITE_OK)
        return rc;
      i = b;
    }
  return SQLITE_OK;
}

static int
tokenize_document (void          *ctx,
                   const char    *text,
                   int            n_text,
                   TokenFunc      token)
{
  const unsigned char *p = (const unsigned char *) text;
  int i = 0;

  if (n_text > 0 && p[0] == GRAMS)
    return tokenize_grams (ctx, text, n_text, token);
  if (n_text > 0 && p[0] == PAIRS_ONLY)
    return tokenize_pairs (ctx, text, n_text, token);
  while (i < n_text)
    {
      int n = char_len (p + i, n_text - i), rc;

      if (is_space (p + i, n))
        {
          i += n;
          continue;
        }
      rc = token (ctx, 0, text + i, n, i, i + n);
      if (rc != SQLITE_OK)
        return rc;
      if (i + n < n_text)
        {
          int m = char_len (p + i + n, n_text - i - n);

          if (!is_space (p + i + n, m) &&
              (rc = token (ctx, FTS5_TOKEN_COLOCATED, text + i, n + m, i, i + n + m)) != SQLITE_OK)
            return rc;
        }
      i += n;
    }
  return SQLITE_OK;
}

static int
tokenize_query (void          *ctx,
                const char    *text,
                int            n_text,
                TokenFunc      token)
{
  const unsigned char *p = (const unsigned char *) text;
  int i = 0;

  while (i < n_text)
    {
      int start, n, rc;
      gboolean more;

      /* One run of non-space characters. */
      while (i < n_text && is_space (p + i, char_len (p + i, n_text - i)))
        i += char_len (p + i, n_text - i);
      if (i >= n_text)
        break;
      start = i;
      n = char_len (p + i, n_text - i);
      if (i + n >= n_text || is_space (p + i + n, char_len (p + i + n, n_text - i - n)))
        {
          /* A single character. */
          rc = token (ctx, 0, text + i, n, i, i + n);
          if (rc != SQLITE_OK)
            return rc;
          i += n;
          continue;
        }
      for (;;)
        {
          int m = char_len (p + i + n, n_text - i - n);

          rc = token (ctx, 0, text + i, n + m, i, i + n + m);
          if (rc != SQLITE_OK)
            return rc;
          i += n;
          n = m;
          if (i + n >= n_text || is_space (p + i + n, char_len (p + i + n, n_text - i - n)))
            break;
        }
      /* The run's last character, when another run follows. */
      more = FALSE;
      for (int j = i + n; j < n_text; j += char_len (p + j, n_text - j))
        if (!is_space (p + j, char_len (p + j, n_text - j)))
          {
            more = TRUE;
            break;
          }
      if (more && (rc = token (ctx, 0, text + i, n, i, i + n)) != SQLITE_OK)
        return rc;
      i += n;
      (void) start;
    }
  return SQLITE_OK;
}

static int
ngram_tokenize (Fts5Tokenizer *tokenizer,
                void          *ctx,
                int            flags,
                const char    *text,
                int            n_text,
                TokenFunc      token)
{
  if ((flags & FTS5_TOKENIZE_QUERY) != 0)
    return n_text > 0 && (unsigned char) text[0] == GRAMS ? tokenize_grams_query (ctx, text, n_text, token)
                                                          : tokenize_query (ctx, text, n_text, token);
  return tokenize_document (ctx, text, n_text, token);
}

static fts5_api *
get_fts5_api (sqlite3 *db)
{
  fts5_api *api = NULL;
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT fts5(?1)", -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_pointer (stmt, 1, &api, "fts5_api_ptr", NULL);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  return api;
}

static int
register_ngram (sqlite3                     *db,
                char                       **error_message,
                const sqlite3_api_routines  *api)
{
  static fts5_tokenizer tokenizer = { ngram_create, ngram_delete, ngram_tokenize };
  fts5_api *fts5 = get_fts5_api (db);

  if (fts5 == NULL)
    return SQLITE_ERROR;
  return fts5->xCreateTokenizer (fts5, "kd_ngram", NULL, &tokenizer, NULL);
}

/* Every connection this process opens gets the tokenizer, whatever opens
 * it (the store, a check, a backup, a restore). */
void
_kd_store_init_sqlite (void)
{
  static gsize done;

  if (g_once_init_enter (&done))
    {
      /* Before SQLite initializes (sqlite3_auto_extension() does): no
       * count of the memory in use, which took a global mutex around
       * every malloc and free, 38 a row of an order import, 4 % of its
       * writer (callgrind). Nothing here asks sqlite3_memory_used().
       * Refused, harmlessly, when something in the process initialized
       * SQLite first. */
      sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0);
      sqlite3_auto_extension ((void (*) (void)) register_ngram);
      g_once_init_leave (&done, 1);
    }
}
