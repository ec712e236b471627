/* kd-handover.c: handovers, their items and the rules they follow. */
#include "kd-handover.h"
#include "kd-error.h"
#include "kd-text.h"

#include <glib/gi18n-lib.h>
#include <string.h>

KdHandoverItem *
kd_handover_item_new (const char *text,
                      const char *order_no,
                      const char *customer)
{
  KdHandoverItem *item = g_new0 (KdHandoverItem, 1);

  item->text = g_strdup (text ? text : "");
  item->order_no = g_strdup (order_no ? order_no : "");
  item->customer = g_strdup (customer ? customer : "");
  return item;
}

void
kd_handover_item_free (KdHandoverItem *item)
{
  if (item == NULL)
    return;
  g_free (item->text);
  g_free (item->order_no);
  g_free (item->customer);
  g_free (item);
}

G_DEFINE_FINAL_TYPE (KdHandover, kd_handover, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_AUTHOR_LABEL,
  PROP_WRITTEN_LABEL,
  PROP_SUMMARY,
  PROP_STATUS_LABEL,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static void
kd_handover_finalize (GObject *object)
{
  KdHandover *self = KD_HANDOVER (object);

  g_free (self->author_name);
  g_free (self->author_job_number);
  g_free (self->day);
  g_free (self->shift_code);
  g_free (self->note);
  g_free (self->acked_by_name);
  g_ptr_array_unref (self->items);
  G_OBJECT_CLASS (kd_handover_parent_class)->finalize (object);
}

static char *
format_time (gint64 unix_time)
{
  g_autoptr(GDateTime) t = g_date_time_new_from_unix_local (unix_time);
  return t ? g_date_time_format (t, "%Y-%m-%d %H:%M") : g_strdup ("");
}

static char *
summary (KdHandover *self)
{
  const char *first = "";
  int more;

  if (self->items->len > 0)
    first = ((KdHandoverItem *) g_ptr_array_index (self->items, 0))->text;
  else if (self->note != NULL)
    first = self->note;
  more = self->n_items - 1;
  if (more <= 0)
    return g_strdup (first);
  /* Translators: the first item of a handover and how many others it has */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s (+%d more)", "%s (+%d more)", more), first, more);
}

static void
kd_handover_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  KdHandover *self = KD_HANDOVER (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_AUTHOR_LABEL:
      /* Translators: a person in a list: name and job number */
      g_value_take_string (value, g_strdup_printf (_("%s (No. %s)"), self->author_name ? self->author_name : "",
                                                   self->author_job_number ? self->author_job_number : ""));
      break;
    case PROP_WRITTEN_LABEL:
      {
        g_autofree char *when = format_time (self->written_at);
        if (self->shift_code != NULL && *self->shift_code != '\0')
          g_value_take_string (value, g_strdup_printf ("%s · %s", when, self->shift_code));
        else
          g_value_set_string (value, when);
      }
      break;
    case PROP_SUMMARY:
      g_value_take_string (value, summary (self));
      break;
    case PROP_STATUS_LABEL:
      if (self->acked_at == 0)
        g_value_set_string (value, _("Open"));
      else
        {
          g_autofree char *when = format_time (self->acked_at);
          /* Translators: who acknowledged a handover, and when */
          g_value_take_string (value, g_strdup_printf (_("Acknowledged by %s, %s"),
                                                       self->acked_by_name ? self->acked_by_name : "", when));
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kd_handover_class_init (KdHandoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kd_handover_finalize;
  object_class->get_property = kd_handover_get_property;
  props[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  props[PROP_AUTHOR_LABEL] = g_param_spec_string ("author-label", NULL, NULL, NULL,
                                                  G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  props[PROP_WRITTEN_LABEL] = g_param_spec_string ("written-label", NULL, NULL, NULL,
                                                   G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  props[PROP_SUMMARY] = g_param_spec_string ("summary", NULL, NULL, NULL,
                                             G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  props[PROP_STATUS_LABEL] = g_param_spec_string ("status-label", NULL, NULL, NULL,
                                                  G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
kd_handover_init (KdHandover *self)
{
  self->items = g_ptr_array_new_with_free_func ((GDestroyNotify) kd_handover_item_free);
  self->note = g_strdup ("");
  self->shift_code = g_strdup ("");
}

KdHandover *
kd_handover_new (gint64      author_id,
                 const char *day,
                 const char *shift_code,
                 const char *note)
{
  KdHandover *self = g_object_new (KD_TYPE_HANDOVER, NULL);

  self->author_id = author_id;
  self->day = g_strdup (day);
  kd_text_replace (&self->shift_code, shift_code ? shift_code : "");
  kd_text_replace (&self->note, note ? note : "");
  return self;
}

void
kd_handover_add_item (KdHandover *self,
                      const char *text,
                      const char *order_no,
                      const char *customer)
{
  g_return_if_fail (KD_IS_HANDOVER (self));
  g_ptr_array_add (self->items, kd_handover_item_new (text, order_no, customer));
  self->n_items = self->items->len;
}

void
kd_handover_assign (KdHandover *self,
                    KdHandover *other)
{
  g_return_if_fail (KD_IS_HANDOVER (self) && KD_IS_HANDOVER (other));

  self->id = other->id;
  self->author_id = other->author_id;
  kd_text_replace (&self->author_name, other->author_name);
  kd_text_replace (&self->author_job_number, other->author_job_number);
  self->written_at = other->written_at;
  kd_text_replace (&self->day, other->day);
  kd_text_replace (&self->shift_code, other->shift_code);
  kd_text_replace (&self->note, other->note);
  self->acked_at = other->acked_at;
  self->acked_by = other->acked_by;
  kd_text_replace (&self->acked_by_name, other->acked_by_name);
  g_ptr_array_set_size (self->items, 0);
  for (guint i = 0; i < other->items->len; i++)
    {
      KdHandoverItem *it = g_ptr_array_index (other->items, i);
      g_ptr_array_add (self->items, kd_handover_item_new (it->text, it->order_no, it->customer));
    }
  self->n_items = other->n_items;
  for (guint i = 1; i < N_PROPS; i++)
    g_object_notify_by_pspec (G_OBJECT (self), props[i]);
}

static char *
trimmed (const char *text)
{
  return g_strstrip (g_strdup (text ? text : ""));
}

static gboolean
check_length (const char      *text,
              int              max,
              KdHandoverField  field,
              const char      *what,
              GError         **error)
{
  if (!g_utf8_validate (text, -1, NULL) || g_utf8_strlen (text, -1) > max)
    {
      /* Translators: %s is what is too long (an item, the note…), %d its limit */
      g_set_error (error, KD_VALIDATION_ERROR, field, _("%s is at most %d characters."), what, max);
      return FALSE;
    }
  return TRUE;
}

/* Order numbers are what the shop copies from Taobao: letters, digits, "-". */
static gboolean
order_no_is_valid (const char *s)
{
  for (; *s; s++)
    if (!g_ascii_isalnum (*s) && *s != '-')
      return FALSE;
  return TRUE;
}

gboolean
kd_handover_validate (KdHandover  *self,
                      GError     **error)
{
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func ((GDestroyNotify) kd_handover_item_free);
  g_autofree char *note = NULL;

  g_return_val_if_fail (KD_IS_HANDOVER (self), FALSE);

  if (self->author_id <= 0)
    {
      g_set_error (error, KD_VALIDATION_ERROR, KD_HANDOVER_FIELD_AUTHOR,
                   _("Sign in first: a handover is written by the agent at the desk."));
      return FALSE;
    }
  note = trimmed (self->note);
  if (!check_length (note, KD_HANDOVER_NOTE_MAX, KD_HANDOVER_FIELD_NOTE, _("The note"), error))
    return FALSE;
  for (guint i = 0; i < self->items->len; i++)
    {
      KdHandoverItem *it = g_ptr_array_index (self->items, i);
      g_autofree char *text = trimmed (it->text);
      g_autofree char *order_no = trimmed (it->order_no);
      g_autofree char *customer = trimmed (it->customer);

      if (*text == '\0')
        {
          if (*order_no != '\0' || *customer != '\0')
            {
              g_set_error (error, KD_VALIDATION_ERROR, KD_HANDOVER_FIELD_TEXT,
                           _("Item %u has an order or a customer but no text: say what is pending."), i + 1);
              return FALSE;
            }
          continue;
        }
      if (!check_length (text, KD_HANDOVER_TEXT_MAX, KD_HANDOVER_FIELD_TEXT, _("An item"), error) ||
          !check_length (customer, KD_HANDOVER_CUSTOMER_MAX, KD_HANDOVER_FIELD_CUSTOMER, _("A customer nickname"), error))
        return FALSE;
      if (strlen (order_no) > KD_HANDOVER_ORDER_MAX || !order_no_is_valid (order_no))
        {
          g_set_error (error, KD_VALIDATION_ERROR, KD_HANDOVER_FIELD_ORDER,
                       _("“%s” is not an order number (up to %d letters, digits or “-”)."),
                       order_no, KD_HANDOVER_ORDER_MAX);
          return FALSE;
        }
      g_ptr_array_add (kept, kd_handover_item_new (text, order_no, customer));
    }
  if (kept->len == 0)
    {
      g_set_error (error, KD_VALIDATION_ERROR, KD_HANDOVER_FIELD_ITEMS,
                   _("Write at least one pending item."));
      return FALSE;
    }
  if (kept->len > KD_HANDOVER_MAX_ITEMS)
    {
      g_set_error (error, KD_VALIDATION_ERROR, KD_HANDOVER_FIELD_ITEMS,
                   _("A handover has at most %d items."), KD_HANDOVER_MAX_ITEMS);
      return FALSE;
    }
  g_ptr_array_unref (self->items);
  self->items = g_steal_pointer (&kept);
  self->n_items = self->items->len;
  g_free (self->note);
  self->note = g_steal_pointer (&note);
  return TRUE;
}

char *
kd_handover_dup_search_text (KdHandover *self)
{
  g_autoptr(GString) s = g_string_new (NULL);

  g_string_append_printf (s, "%s\n%s\n%s\n", self->author_name ? self->author_name : "",
                          self->author_job_number ? self->author_job_number : "", self->note);
  for (guint i = 0; i < self->items->len; i++)
    {
      KdHandoverItem *it = g_ptr_array_index (self->items, i);
      g_string_append_printf (s, "%s\n%s\n%s\n", it->text, it->order_no, it->customer);
    }
  return kd_text_normalize (s->str);
}

char *
kd_handover_dup_text (KdHandover *self)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < self->items->len; i++)
    {
      KdHandoverItem *it = g_ptr_array_index (self->items, i);

      g_string_append_printf (s, "%u. %s", i + 1, it->text);
      if (*it->order_no != '\0')
        /* Translators: after a handover item: the order it is about */
        g_string_append_printf (s, _(" [order %s]"), it->order_no);
      if (*it->customer != '\0')
        /* Translators: after a handover item: the customer it is about */
        g_string_append_printf (s, _(" [customer %s]"), it->customer);
      g_string_append_c (s, '\n');
    }
  if (self->note != NULL && *self->note != '\0')
    g_string_append_printf (s, "%s\n", self->note);
  return g_string_free (s, FALSE);
}
