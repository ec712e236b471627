/* kd-phrase.c: the canned phrase and phrase group value objects, and the one set of phrase rules. */
#include "kd-phrase.h"
#include "kd-error.h"
#include "kd-text.h"
#include "kd-placeholders.h"

#include <glib/gi18n-lib.h>

/* ================================================================ KdPhrase */

struct _KdPhrase
{
  GObject   parent_instance;
  gint64    id;
  gint64    group_id;
  char     *group_name;
  char     *title;
  char     *body;
  char     *shortcut;
  gboolean  favourite;
  int       use_count;
  gint64    last_used;
  int       position;
};

G_DEFINE_FINAL_TYPE (KdPhrase, kd_phrase, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_GROUP_ID,
  PROP_GROUP_NAME,
  PROP_TITLE,
  PROP_BODY,
  PROP_SHORTCUT,
  PROP_FAVOURITE,
  PROP_USE_COUNT,
  PROP_LAST_USED,
  PROP_POSITION,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static void
kd_phrase_finalize (GObject *object)
{
  KdPhrase *self = (KdPhrase *) object;

  g_clear_pointer (&self->group_name, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->body, g_free);
  g_clear_pointer (&self->shortcut, g_free);

  G_OBJECT_CLASS (kd_phrase_parent_class)->finalize (object);
}

static void
kd_phrase_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  KdPhrase *self = KD_PHRASE (object);

  switch (prop_id)
    {
    case PROP_ID:         g_value_set_int64 (value, self->id); break;
    case PROP_GROUP_ID:   g_value_set_int64 (value, self->group_id); break;
    case PROP_GROUP_NAME: g_value_set_string (value, self->group_name); break;
    case PROP_TITLE:      g_value_set_string (value, self->title); break;
    case PROP_BODY:       g_value_set_string (value, self->body); break;
    case PROP_SHORTCUT:   g_value_set_string (value, self->shortcut); break;
    case PROP_FAVOURITE:  g_value_set_boolean (value, self->favourite); break;
    case PROP_USE_COUNT:  g_value_set_int (value, self->use_count); break;
    case PROP_LAST_USED:  g_value_set_int64 (value, self->last_used); break;
    case PROP_POSITION:   g_value_set_int (value, self->position); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kd_phrase_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  KdPhrase *self = KD_PHRASE (object);

  switch (prop_id)
    {
    case PROP_ID:         kd_phrase_set_id (self, g_value_get_int64 (value)); break;
    case PROP_GROUP_ID:   kd_phrase_set_group_id (self, g_value_get_int64 (value)); break;
    case PROP_GROUP_NAME: kd_phrase_set_group_name (self, g_value_get_string (value)); break;
    case PROP_TITLE:      kd_phrase_set_title (self, g_value_get_string (value)); break;
    case PROP_BODY:       kd_phrase_set_body (self, g_value_get_string (value)); break;
    case PROP_SHORTCUT:   kd_phrase_set_shortcut (self, g_value_get_string (value)); break;
    case PROP_FAVOURITE:  kd_phrase_set_favourite (self, g_value_get_boolean (value)); break;
    case PROP_USE_COUNT:  kd_phrase_set_use_count (self, g_value_get_int (value)); break;
    case PROP_LAST_USED:  kd_phrase_set_last_used (self, g_value_get_int64 (value)); break;
    case PROP_POSITION:   kd_phrase_set_position (self, g_value_get_int (value)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

#define RW (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY)

static void
kd_phrase_class_init (KdPhraseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kd_phrase_finalize;
  object_class->get_property = kd_phrase_get_property;
  object_class->set_property = kd_phrase_set_property;

  props[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, RW);
  props[PROP_GROUP_ID] = g_param_spec_int64 ("group-id", NULL, NULL, 0, G_MAXINT64, 0, RW);
  props[PROP_GROUP_NAME] = g_param_spec_string ("group-name", NULL, NULL, "", RW);
  props[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, "", RW);
  props[PROP_BODY] = g_param_spec_string ("body", NULL, NULL, "", RW);
  props[PROP_SHORTCUT] = g_param_spec_string ("shortcut", NULL, NULL, "", RW);
  props[PROP_FAVOURITE] = g_param_spec_boolean ("favourite", NULL, NULL, FALSE, RW);
  props[PROP_USE_COUNT] = g_param_spec_int ("use-count", NULL, NULL, 0, G_MAXINT, 0, RW);
  props[PROP_LAST_USED] = g_param_spec_int64 ("last-used", NULL, NULL, 0, G_MAXINT64, 0, RW);
  props[PROP_POSITION] = g_param_spec_int ("position", NULL, NULL, 0, G_MAXINT, 0, RW);

  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
kd_phrase_init (KdPhrase *self)
{
  self->group_name = g_strdup ("");
  self->title = g_strdup ("");
  self->body = g_strdup ("");
  self->shortcut = g_strdup ("");
}

KdPhrase *
kd_phrase_new (gint64      group_id,
               const char *title,
               const char *body,
               const char *shortcut)
{
  KdPhrase *self = g_object_new (KD_TYPE_PHRASE, NULL);

  self->group_id = MAX (group_id, 0);
  kd_phrase_set_title (self, title);
  kd_phrase_set_body (self, body);
  kd_phrase_set_shortcut (self, shortcut);
  return self;
}

KdPhrase *
kd_phrase_copy (KdPhrase *self)
{
  KdPhrase *copy;

  g_return_val_if_fail (KD_IS_PHRASE (self), NULL);

  copy = g_object_new (KD_TYPE_PHRASE, NULL);
  kd_phrase_assign (copy, self);
  return copy;
}

/* Takes every value of @other, notifying what changed: a row object that
 * a list already shows is filled in place when its page arrives. */
void
kd_phrase_assign (KdPhrase *self,
                  KdPhrase *other)
{
  g_return_if_fail (KD_IS_PHRASE (self));
  g_return_if_fail (KD_IS_PHRASE (other));

  g_object_freeze_notify (G_OBJECT (self));
  kd_phrase_set_id (self, other->id);
  kd_phrase_set_group_id (self, other->group_id);
  kd_phrase_set_group_name (self, other->group_name);
  kd_phrase_set_title (self, other->title);
  kd_phrase_set_body (self, other->body);
  kd_phrase_set_shortcut (self, other->shortcut);
  kd_phrase_set_favourite (self, other->favourite);
  kd_phrase_set_use_count (self, other->use_count);
  kd_phrase_set_last_used (self, other->last_used);
  kd_phrase_set_position (self, other->position);
  g_object_thaw_notify (G_OBJECT (self));
}

#define INT_ACCESSORS(type, name, field, prop, min)                     \
  type                                                                  \
  kd_phrase_get_##name (KdPhrase *self)                                 \
  {                                                                     \
    g_return_val_if_fail (KD_IS_PHRASE (self), 0);                      \
    return self->field;                                                 \
  }                                                                     \
  void                                                                  \
  kd_phrase_set_##name (KdPhrase *self, type value)                     \
  {                                                                     \
    g_return_if_fail (KD_IS_PHRASE (self));                             \
    value = MAX (value, min);                                           \
    if (self->field == value)                                           \
      return;                                                           \
    self->field = value;                                                \
    g_object_notify_by_pspec (G_OBJECT (self), props[prop]);            \
  }

#define STR_ACCESSORS(name, field, prop)                                \
  const char *                                                          \
  kd_phrase_get_##name (KdPhrase *self)                                 \
  {                                                                     \
    g_return_val_if_fail (KD_IS_PHRASE (self), NULL);                   \
    return self->field;                                                 \
  }                                                                     \
  void                                                                  \
  kd_phrase_set_##name (KdPhrase *self, const char *value)              \
  {                                                                     \
    g_return_if_fail (KD_IS_PHRASE (self));                             \
    if (kd_text_set (&self->field, value))                              \
      g_object_notify_by_pspec (G_OBJECT (self), props[prop]);          \
  }

INT_ACCESSORS (gint64, id, id, PROP_ID, 0)
INT_ACCESSORS (gint64, group_id, group_id, PROP_GROUP_ID, 0)
INT_ACCESSORS (int, use_count, use_count, PROP_USE_COUNT, 0)
INT_ACCESSORS (gint64, last_used, last_used, PROP_LAST_USED, 0)
INT_ACCESSORS (int, position, position, PROP_POSITION, 0)
STR_ACCESSORS (group_name, group_name, PROP_GROUP_NAME)
STR_ACCESSORS (title, title, PROP_TITLE)
STR_ACCESSORS (body, body, PROP_BODY)
STR_ACCESSORS (shortcut, shortcut, PROP_SHORTCUT)

gboolean
kd_phrase_get_favourite (KdPhrase *self)
{
  g_return_val_if_fail (KD_IS_PHRASE (self), FALSE);
  return self->favourite;
}

void
kd_phrase_set_favourite (KdPhrase *self,
                         gboolean  favourite)
{
  g_return_if_fail (KD_IS_PHRASE (self));
  favourite = !!favourite;
  if (self->favourite == favourite)
    return;
  self->favourite = favourite;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_FAVOURITE]);
}

/* A shortcut is what an agent types in the picker: ASCII letters and
 * digits only, so it never depends on the input method's state. */
gboolean
kd_phrase_shortcut_is_valid (const char *shortcut)
{
  gsize n = 0;

  if (shortcut == NULL)
    return FALSE;
  for (const char *p = shortcut; *p != '\0'; p++, n++)
    if (!g_ascii_isalnum (*p))
      return FALSE;
  return n >= 1 && n <= KD_PHRASE_SHORTCUT_MAX;
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

/* The one set of phrase rules: the editor shows them inline, the store
 * checks them again before every write (CLI, imports, an editor's bug).
 * The error's code is the failing field. Shortcut uniqueness needs the
 * database and is the store's to check. */
gboolean
kd_phrase_validate_field (KdPhrase       *self,
                          KdPhraseField   field,
                          GError        **error)
{
  g_return_val_if_fail (KD_IS_PHRASE (self), FALSE);

  switch (field)
    {
    case KD_PHRASE_FIELD_TITLE:
      if (!g_utf8_validate (self->title, -1, NULL))
        {
          g_set_error_literal (error, KD_VALIDATION_ERROR, field, _("The title is not valid text."));
          return FALSE;
        }
      if (g_utf8_strlen (self->title, -1) > KD_PHRASE_TITLE_MAX)
        {
          g_set_error (error, KD_VALIDATION_ERROR, field,
                       _("A title is at most %d characters."), KD_PHRASE_TITLE_MAX);
          return FALSE;
        }
      return TRUE;

    case KD_PHRASE_FIELD_BODY:
      {
        glong offset = 0;

        if (!g_utf8_validate (self->body, -1, NULL))
          {
            g_set_error_literal (error, KD_VALIDATION_ERROR, field, _("The text is not valid text."));
            return FALSE;
          }
        if (is_blank (self->body))
          {
            g_set_error_literal (error, KD_VALIDATION_ERROR, field, _("The phrase text is required."));
            return FALSE;
          }
        if (g_utf8_strlen (self->body, -1) > KD_PHRASE_BODY_MAX)
          {
            g_set_error (error, KD_VALIDATION_ERROR, field,
                         _("A phrase is at most %d characters; this one has %ld."),
                         KD_PHRASE_BODY_MAX, (long) g_utf8_strlen (self->body, -1));
            return FALSE;
          }
        return kd_placeholders_check (self->body, &offset, error);
      }

    case KD_PHRASE_FIELD_SHORTCUT:
      if (*self->shortcut != '\0' && !kd_phrase_shortcut_is_valid (self->shortcut))
        {
          g_set_error (error, KD_VALIDATION_ERROR, field,
                       _("A shortcut is 1 to %d letters or digits (a–z, 0–9), e.g. hy or th7."),
                       KD_PHRASE_SHORTCUT_MAX);
          return FALSE;
        }
      return TRUE;

    case KD_PHRASE_FIELD_GROUP:
      if (self->group_id <= 0)
        {
          g_set_error_literal (error, KD_VALIDATION_ERROR, field, _("Choose a group for the phrase."));
          return FALSE;
        }
      return TRUE;

    default:
      g_return_val_if_reached (FALSE);
    }
}

gboolean
kd_phrase_validate (KdPhrase  *self,
                    GError   **error)
{
  return kd_phrase_validate_field (self, KD_PHRASE_FIELD_GROUP, error) &&
         kd_phrase_validate_field (self, KD_PHRASE_FIELD_SHORTCUT, error) &&
         kd_phrase_validate_field (self, KD_PHRASE_FIELD_TITLE, error) &&
         kd_phrase_validate_field (self, KD_PHRASE_FIELD_BODY, error);
}

/* What the search index holds for the phrase: shortcut, title and body,
 * one per line (kd_search_index_set folds it). */
char *
kd_phrase_dup_search_text (KdPhrase *self)
{
  g_return_val_if_fail (KD_IS_PHRASE (self), NULL);
  return g_strjoin ("\n", self->shortcut, self->title, self->body, NULL);
}

/* ================================================================ KdPhraseGroup */

struct _KdPhraseGroup
{
  GObject  parent_instance;
  gint64   id;
  char    *name;
  int      position;
  int      n_phrases;
};

G_DEFINE_FINAL_TYPE (KdPhraseGroup, kd_phrase_group, G_TYPE_OBJECT)

enum {
  GPROP_0,
  GPROP_ID,
  GPROP_NAME,
  GPROP_POSITION,
  GPROP_N_PHRASES,
  N_GPROPS
};

static GParamSpec *gprops[N_GPROPS];

static void
kd_phrase_group_finalize (GObject *object)
{
  KdPhraseGroup *self = (KdPhraseGroup *) object;

  g_clear_pointer (&self->name, g_free);
  G_OBJECT_CLASS (kd_phrase_group_parent_class)->finalize (object);
}

static void
kd_phrase_group_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  KdPhraseGroup *self = KD_PHRASE_GROUP (object);

  switch (prop_id)
    {
    case GPROP_ID:        g_value_set_int64 (value, self->id); break;
    case GPROP_NAME:      g_value_set_string (value, self->name); break;
    case GPROP_POSITION:  g_value_set_int (value, self->position); break;
    case GPROP_N_PHRASES: g_value_set_int (value, self->n_phrases); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kd_phrase_group_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  KdPhraseGroup *self = KD_PHRASE_GROUP (object);

  switch (prop_id)
    {
    case GPROP_ID:        kd_phrase_group_set_id (self, g_value_get_int64 (value)); break;
    case GPROP_NAME:      kd_phrase_group_set_name (self, g_value_get_string (value)); break;
    case GPROP_POSITION:  kd_phrase_group_set_position (self, g_value_get_int (value)); break;
    case GPROP_N_PHRASES: kd_phrase_group_set_n_phrases (self, g_value_get_int (value)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kd_phrase_group_class_init (KdPhraseGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kd_phrase_group_finalize;
  object_class->get_property = kd_phrase_group_get_property;
  object_class->set_property = kd_phrase_group_set_property;

  gprops[GPROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, RW);
  gprops[GPROP_NAME] = g_param_spec_string ("name", NULL, NULL, "", RW);
  gprops[GPROP_POSITION] = g_param_spec_int ("position", NULL, NULL, 0, G_MAXINT, 0, RW);
  gprops[GPROP_N_PHRASES] = g_param_spec_int ("n-phrases", NULL, NULL, 0, G_MAXINT, 0, RW);

  g_object_class_install_properties (object_class, N_GPROPS, gprops);
}

static void
kd_phrase_group_init (KdPhraseGroup *self)
{
  self->name = g_strdup ("");
}

KdPhraseGroup *
kd_phrase_group_new (const char *name)
{
  KdPhraseGroup *self = g_object_new (KD_TYPE_PHRASE_GROUP, NULL);

  kd_phrase_group_set_name (self, name);
  return self;
}

KdPhraseGroup *
kd_phrase_group_copy (KdPhraseGroup *self)
{
  KdPhraseGroup *copy;

  g_return_val_if_fail (KD_IS_PHRASE_GROUP (self), NULL);

  copy = kd_phrase_group_new (self->name);
  copy->id = self->id;
  copy->position = self->position;
  copy->n_phrases = self->n_phrases;
  return copy;
}

gint64
kd_phrase_group_get_id (KdPhraseGroup *self)
{
  g_return_val_if_fail (KD_IS_PHRASE_GROUP (self), 0);
  return self->id;
}

void
kd_phrase_group_set_id (KdPhraseGroup *self,
                        gint64         id)
{
  g_return_if_fail (KD_IS_PHRASE_GROUP (self));
  id = MAX (id, 0);
  if (self->id == id)
    return;
  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), gprops[GPROP_ID]);
}

const char *
kd_phrase_group_get_name (KdPhraseGroup *self)
{
  g_return_val_if_fail (KD_IS_PHRASE_GROUP (self), NULL);
  return self->name;
}

void
kd_phrase_group_set_name (KdPhraseGroup *self,
                          const char    *name)
{
  g_return_if_fail (KD_IS_PHRASE_GROUP (self));
  if (!kd_text_set (&self->name, name))
    return;
  g_object_notify_by_pspec (G_OBJECT (self), gprops[GPROP_NAME]);
}

int
kd_phrase_group_get_position (KdPhraseGroup *self)
{
  g_return_val_if_fail (KD_IS_PHRASE_GROUP (self), 0);
  return self->position;
}

void
kd_phrase_group_set_position (KdPhraseGroup *self,
                              int            position)
{
  g_return_if_fail (KD_IS_PHRASE_GROUP (self));
  position = MAX (position, 0);
  if (self->position == position)
    return;
  self->position = position;
  g_object_notify_by_pspec (G_OBJECT (self), gprops[GPROP_POSITION]);
}

int
kd_phrase_group_get_n_phrases (KdPhraseGroup *self)
{
  g_return_val_if_fail (KD_IS_PHRASE_GROUP (self), 0);
  return self->n_phrases;
}

void
kd_phrase_group_set_n_phrases (KdPhraseGroup *self,
                               int            n)
{
  g_return_if_fail (KD_IS_PHRASE_GROUP (self));
  n = MAX (n, 0);
  if (self->n_phrases == n)
    return;
  self->n_phrases = n;
  g_object_notify_by_pspec (G_OBJECT (self), gprops[GPROP_N_PHRASES]);
}

/* A group name: the sidebar's row and the import file's group column.
 * Surrounding spaces are not part of it (the store trims). */
gboolean
kd_phrase_group_validate (KdPhraseGroup  *self,
                          GError        **error)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (KD_IS_PHRASE_GROUP (self), FALSE);

  if (!g_utf8_validate (self->name, -1, NULL))
    {
      g_set_error_literal (error, KD_VALIDATION_ERROR, KD_PHRASE_FIELD_GROUP,
                           _("The group name is not valid text."));
      return FALSE;
    }
  name = g_strstrip (g_strdup (self->name));
  if (*name == '\0')
    {
      g_set_error_literal (error, KD_VALIDATION_ERROR, KD_PHRASE_FIELD_GROUP,
                           _("The group name is required."));
      return FALSE;
    }
  if (g_utf8_strlen (name, -1) > KD_PHRASE_GROUP_NAME_MAX)
    {
      g_set_error (error, KD_VALIDATION_ERROR, KD_PHRASE_FIELD_GROUP,
                   _("A group name is at most %d characters."), KD_PHRASE_GROUP_NAME_MAX);
      return FALSE;
    }
  return TRUE;
}
