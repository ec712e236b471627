/* kd-placeholders.c: expanding {customer} {agent} {job_no} {shop} {order} {amount} in a phrase, and refusing unknown ones.
 *
 * The syntax, decided once for the editor, the store, imports and the picker:
 *
 *  - a placeholder is `{name}` where name is an ASCII identifier (a letter
 *    or "_", then letters, digits or "_", at most 32): `{customer}`;
 *  - `{{` is a literal `{` and `}}` a literal `}` (so `{{customer}}` shows
 *    as `{customer}`);
 *  - any other brace is plain text and left alone: `{`, `}`, `{ }`,
 *    `{尺码}`, `{12}` — Chinese text uses braces rarely, and a single one
 *    must not make a phrase unsaveable;
 *  - a placeholder-looking `{word}` that is not one of the six names is an
 *    error (kd_placeholders_check), with a suggestion when one is close;
 *    expansion leaves it as it is.
 *
 * Names are case-sensitive: `{Customer}` is unknown (and suggested as
 * `{customer}`), so what the editor accepts is exactly what expands.
 *
 * The fallbacks are Chinese whatever the window's language: they stand
 * inside Chinese sentences that go to buyers, not in the interface. */
#include "kd-placeholders.h"
#include "kd-error.h"
#include "kd-phrase.h"

#include <glib/gi18n-lib.h>
#include <string.h>

typedef enum {
  PH_CUSTOMER,
  PH_AGENT,
  PH_JOB_NO,
  PH_SHOP,
  PH_ORDER,
  PH_AMOUNT,
  N_PH,
} Placeholder;

static const char * const names[N_PH + 1] = {
  "customer", "agent", "job_no", "shop", "order", "amount", NULL,
};

/* What people write when they guess. */
static const struct { const char *alias; Placeholder ph; } aliases[] = {
  { "buyer", PH_CUSTOMER }, { "nick", PH_CUSTOMER }, { "nickname", PH_CUSTOMER },
  { "name", PH_CUSTOMER }, { "client", PH_CUSTOMER }, { "user", PH_CUSTOMER },
  { "staff", PH_AGENT }, { "kefu", PH_AGENT }, { "me", PH_AGENT },
  { "job", PH_JOB_NO }, { "job_number", PH_JOB_NO }, { "gonghao", PH_JOB_NO }, { "id", PH_JOB_NO },
  { "store", PH_SHOP }, { "shop_name", PH_SHOP },
  { "order_no", PH_ORDER }, { "order_id", PH_ORDER }, { "order_number", PH_ORDER }, { "tid", PH_ORDER },
  { "price", PH_AMOUNT }, { "money", PH_AMOUNT }, { "total", PH_AMOUNT }, { "payment", PH_AMOUNT },
};

#define NAME_MAX_LEN 32

const char * const *
kd_placeholders_list (void)
{
  return names;
}

void
kd_placeholder_values_init (KdPlaceholderValues *values)
{
  g_return_if_fail (values != NULL);
  memset (values, 0, sizeof *values);
  values->amount_fen = -1;
}

/* If @p starts `{identifier}`, its length in bytes (braces included) and
 * the identifier's span; 0 otherwise. */
static gsize
scan_placeholder (const char  *p,
                  const char **name,
                  gsize       *name_len)
{
  gsize n = 0;

  if (p[0] != '{')
    return 0;
  if (!(g_ascii_isalpha (p[1]) || p[1] == '_'))
    return 0;
  for (n = 1; g_ascii_isalnum (p[1 + n]) || p[1 + n] == '_'; n++)
    if (n >= NAME_MAX_LEN)
      return 0;
  if (p[1 + n] != '}')
    return 0;
  *name = p + 1;
  *name_len = n;
  return n + 2;
}

static int
lookup (const char *name,
        gsize       len)
{
  for (int i = 0; i < N_PH; i++)
    if (strlen (names[i]) == len && strncmp (names[i], name, len) == 0)
      return i;
  return -1;
}

static gboolean
has_text (const char *s)
{
  if (s == NULL)
    return FALSE;
  for (; *s != '\0'; s = g_utf8_next_char (s))
    if (!g_unichar_isspace (g_utf8_get_char (s)))
      return TRUE;
  return FALSE;
}

static void
append_value (GString                   *out,
              Placeholder                ph,
              const KdPlaceholderValues *v)
{
  switch (ph)
    {
    case PH_CUSTOMER:
      if (has_text (v->customer_name))
        g_string_append (out, v->customer_name);
      else if (has_text (v->customer_nickname))
        g_string_append (out, v->customer_nickname);
      else
        g_string_append (out, "亲");
      break;
    case PH_AGENT:
      g_string_append (out, has_text (v->agent_name) ? v->agent_name : "客服");
      break;
    case PH_JOB_NO:
      if (has_text (v->job_number))
        g_string_append (out, v->job_number);
      break;
    case PH_SHOP:
      g_string_append (out, has_text (v->shop_name) ? v->shop_name : "本店");
      break;
    case PH_ORDER:
      g_string_append (out, has_text (v->order_number) ? v->order_number : "您的订单");
      break;
    case PH_AMOUNT:
      if (v->amount_fen >= 0)
        g_string_append_printf (out, "¥%" G_GINT64_FORMAT ".%02d",
                                v->amount_fen / 100, (int) (v->amount_fen % 100));
      break;
    case N_PH:
    default:
      g_assert_not_reached ();
    }
}

/* @body with every placeholder replaced by its value or fallback, `{{` and
 * `}}` unescaped; anything else as it was. NULL values: all fallbacks. */
char *
kd_placeholders_expand (const char                *body,
                        const KdPlaceholderValues *values)
{
  KdPlaceholderValues none;
  GString *out;

  if (body == NULL)
    return g_strdup ("");
  if (values == NULL)
    {
      kd_placeholder_values_init (&none);
      values = &none;
    }

  out = g_string_sized_new (strlen (body) + 16);
  for (const char *p = body; *p != '\0';)
    {
      const char *name;
      gsize name_len, len;
      int ph;

      if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}'))
        {
          g_string_append_c (out, p[0]);
          p += 2;
          continue;
        }
      if ((len = scan_placeholder (p, &name, &name_len)) > 0 &&
          (ph = lookup (name, name_len)) >= 0)
        {
          append_value (out, (Placeholder) ph, values);
          p += len;
          continue;
        }
      g_string_append_c (out, *p);
      p++;
    }
  return g_string_free (out, FALSE);
}

static guint
edit_distance (const char *a,
               const char *b)
{
  gsize la = strlen (a), lb = strlen (b);
  guint row[NAME_MAX_LEN + 2];

  if (lb > NAME_MAX_LEN)
    return G_MAXUINT;
  for (gsize j = 0; j <= lb; j++)
    row[j] = (guint) j;
  for (gsize i = 1; i <= la; i++)
    {
      guint diag = row[0];
      row[0] = (guint) i;
      for (gsize j = 1; j <= lb; j++)
        {
          guint up = row[j];
          guint cost = g_ascii_tolower (a[i - 1]) == g_ascii_tolower (b[j - 1]) ? 0 : 1;
          row[j] = MIN (MIN (row[j] + 1, row[j - 1] + 1), diag + cost);
          diag = up;
        }
    }
  return row[lb];
}

/* The known name an unknown one most likely meant, or NULL. */
static const char *
suggest (const char *unknown)
{
  g_autofree char *lower = g_ascii_strdown (unknown, -1);
  const char *best = NULL;
  guint best_d = 3;  /* at most two edits away */

  for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
    if (g_str_equal (lower, aliases[i].alias))
      return names[aliases[i].ph];
  for (int i = 0; i < N_PH; i++)
    {
      guint d = edit_distance (lower, names[i]);
      if (d < best_d)
        {
          best_d = d;
          best = names[i];
        }
    }
  return best;
}

gboolean
kd_placeholders_check (const char  *body,
                       glong       *out_offset,
                       GError     **error)
{
  glong chars = 0;

  if (out_offset != NULL)
    *out_offset = -1;
  if (body == NULL)
    return TRUE;

  for (const char *p = body; *p != '\0';)
    {
      const char *name;
      gsize name_len, len;

      if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}'))
        {
          p += 2;
          chars += 2;
          continue;
        }
      if ((len = scan_placeholder (p, &name, &name_len)) > 0)
        {
          if (lookup (name, name_len) < 0)
            {
              g_autofree char *unknown = g_strndup (name, name_len);
              const char *better = suggest (unknown);

              if (out_offset != NULL)
                *out_offset = chars;
              if (better != NULL)
                g_set_error (error, KD_VALIDATION_ERROR, KD_PHRASE_FIELD_BODY,
                             _("“{%s}” is not a placeholder; did you mean {%s}?"), unknown, better);
              else
                g_set_error (error, KD_VALIDATION_ERROR, KD_PHRASE_FIELD_BODY,
                             _("“{%s}” is not a placeholder. The placeholders are {customer}, {agent}, "
                               "{job_no}, {shop}, {order} and {amount}; write {{ for a brace."), unknown);
              return FALSE;
            }
          p += len;
          chars += (glong) len;  /* ASCII only */
          continue;
        }
      p = g_utf8_next_char (p);
      chars++;
    }
  return TRUE;
}
