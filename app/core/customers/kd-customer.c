/* kd-customer.c: the customer record, its tags, validation rules and the privacy masks.
 * Over 800 lines on purpose: the record's many fields, each with its
 * validation rule and message, in the order the editor shows them. */
#include "config.h"

#include "kd-customer.h"
#include "kd-error.h"
#include "kd-text.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

/* ---------------------------------------------------------------- types */

const char *
kd_gender_get_label (KdGender gender)
{
  switch (gender)
    {
    case KD_GENDER_FEMALE: return _("Female");
    case KD_GENDER_MALE:   return _("Male");
    case KD_GENDER_UNKNOWN:
    default:               return _("Not known");
    }
}

static const struct {
  const char *key;
  const char *label;
  const char *hint;
} comm_styles[KD_N_COMM_STYLES] = {
  { "", N_("Not set"), "" },
  { "amiable", N_("Amiable"), N_("Easy-going and chatty: be warm, recommend with confidence, close the sale for them.") },
  { "dominant", N_("Dominant"), N_("Wants control: answer briefly and exactly, offer choices, never argue.") },
  { "analytical", N_("Analytical"), N_("Compares details: give facts, sizes and materials, and time to decide.") },
  { "self-centred", N_("Self-centred"), N_("Feels special: listen first, use their name, show extra care.") },
}, buying_types[KD_N_BUYING_TYPES] = {
  { "", N_("Not set"), "" },
  { "sociable", N_("Sociable"), N_("Likes to chat before buying: be friendly, then steer back to the item.") },
  { "decisive", N_("Decisive buyer"), N_("Knows what they want: confirm size and address quickly, don't slow them down.") },
  { "polite", N_("Polite"), N_("Courteous and undemanding: answer fully, a small gift keeps them coming back.") },
  { "bargainer", N_("Bargainer"), N_("Always asks for a discount: explain the value, offer a gift or coupon instead of a lower price.") },
  { "no-pay", N_("Orders but does not pay"), N_("Often leaves orders unpaid: remind them within the hour, don't reserve stock for long.") },
};

const char *
kd_comm_style_get_label (KdCommStyle style)
{
  return (guint) style < KD_N_COMM_STYLES ? _(comm_styles[style].label) : "";
}

const char *
kd_comm_style_get_hint (KdCommStyle style)
{
  return (guint) style < KD_N_COMM_STYLES && style != KD_COMM_STYLE_NONE ? _(comm_styles[style].hint) : "";
}

const char *
kd_comm_style_to_key (KdCommStyle style)
{
  return (guint) style < KD_N_COMM_STYLES ? comm_styles[style].key : "";
}

gboolean
kd_comm_style_from_key (const char  *key,
                        KdCommStyle *out)
{
  for (guint i = 0; i < KD_N_COMM_STYLES; i++)
    if (g_strcmp0 (key ? key : "", comm_styles[i].key) == 0)
      {
        *out = (KdCommStyle) i;
        return TRUE;
      }
  return FALSE;
}

const char *
kd_buying_type_get_label (KdBuyingType type)
{
  return (guint) type < KD_N_BUYING_TYPES ? _(buying_types[type].label) : "";
}

const char *
kd_buying_type_get_hint (KdBuyingType type)
{
  return (guint) type < KD_N_BUYING_TYPES && type != KD_BUYING_NONE ? _(buying_types[type].hint) : "";
}

const char *
kd_buying_type_to_key (KdBuyingType type)
{
  return (guint) type < KD_N_BUYING_TYPES ? buying_types[type].key : "";
}

gboolean
kd_buying_type_from_key (const char   *key,
                         KdBuyingType *out)
{
  for (guint i = 0; i < KD_N_BUYING_TYPES; i++)
    if (g_strcmp0 (key ? key : "", buying_types[i].key) == 0)
      {
        *out = (KdBuyingType) i;
        return TRUE;
      }
  return FALSE;
}

static const struct {
  const char *hex;
  const char *label;
} palette[KD_TAG_N_COLOURS] = {
  { "#3584e4", N_("Blue") },
  { "#2190a4", N_("Teal") },
  { "#3a944a", N_("Green") },
  { "#c88800", N_("Yellow") },
  { "#ed5b00", N_("Orange") },
  { "#e62d42", N_("Red") },
  { "#d56199", N_("Pink") },
  { "#9141ac", N_("Purple") },
  { "#6f8396", N_("Slate") },
};

const char *
kd_tag_colour_get_hex (int colour)
{
  return palette[CLAMP (colour, 0, KD_TAG_N_COLOURS - 1)].hex;
}

const char *
kd_tag_colour_get_label (int colour)
{
  return _(palette[CLAMP (colour, 0, KD_TAG_N_COLOURS - 1)].label);
}

/* ---------------------------------------------------------------- tags */

struct _KdTag
{
  GObject  parent_instance;
  gint64   id;
  char    *name;
  int      colour;
  int      n_customers;
};

G_DEFINE_FINAL_TYPE (KdTag, kd_tag, G_TYPE_OBJECT)

enum { TAG_PROP_0, TAG_PROP_ID, TAG_PROP_NAME, TAG_PROP_COLOUR, TAG_PROP_N_CUSTOMERS, TAG_N_PROPS };
static GParamSpec *tag_props[TAG_N_PROPS];

static void
kd_tag_finalize (GObject *object)
{
  g_free (KD_TAG (object)->name);
  G_OBJECT_CLASS (kd_tag_parent_class)->finalize (object);
}

static void
kd_tag_get_property (GObject    *object,
                     guint       prop_id,
                     GValue     *value,
                     GParamSpec *pspec)
{
  KdTag *self = KD_TAG (object);

  switch (prop_id)
    {
    case TAG_PROP_ID: g_value_set_int64 (value, self->id); break;
    case TAG_PROP_NAME: g_value_set_string (value, self->name); break;
    case TAG_PROP_COLOUR: g_value_set_int (value, self->colour); break;
    case TAG_PROP_N_CUSTOMERS: g_value_set_int (value, self->n_customers); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kd_tag_class_init (KdTagClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kd_tag_finalize;
  object_class->get_property = kd_tag_get_property;
  tag_props[TAG_PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  tag_props[TAG_PROP_NAME] = g_param_spec_string ("name", NULL, NULL, "",
                                                  G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  tag_props[TAG_PROP_COLOUR] = g_param_spec_int ("colour", NULL, NULL, 0, KD_TAG_N_COLOURS - 1, 0,
                                                 G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  tag_props[TAG_PROP_N_CUSTOMERS] = g_param_spec_int ("n-customers", NULL, NULL, 0, G_MAXINT, 0,
                                                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, TAG_N_PROPS, tag_props);
}

static void
kd_tag_init (KdTag *self)
{
  self->name = g_strdup ("");
}

KdTag *
kd_tag_new (const char *name,
            int         colour)
{
  KdTag *self = g_object_new (KD_TYPE_TAG, NULL);

  kd_tag_set_name (self, name);
  kd_tag_set_colour (self, colour);
  return self;
}

KdTag *
kd_tag_copy (KdTag *self)
{
  KdTag *copy = kd_tag_new (self->name, self->colour);

  copy->id = self->id;
  copy->n_customers = self->n_customers;
  return copy;
}

gint64 kd_tag_get_id (KdTag *self) { return self->id; }
const char *kd_tag_get_name (KdTag *self) { return self->name; }
int kd_tag_get_colour (KdTag *self) { return self->colour; }
int kd_tag_get_n_customers (KdTag *self) { return self->n_customers; }

void
kd_tag_set_id (KdTag  *self,
               gint64  id)
{
  if (self->id == id)
    return;
  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), tag_props[TAG_PROP_ID]);
}

void
kd_tag_set_name (KdTag      *self,
                 const char *name)
{
  if (g_strcmp0 (self->name, name ? name : "") == 0)
    return;
  kd_text_replace (&self->name, name ? name : "");
  g_object_notify_by_pspec (G_OBJECT (self), tag_props[TAG_PROP_NAME]);
}

void
kd_tag_set_colour (KdTag *self,
                   int    colour)
{
  colour = CLAMP (colour, 0, KD_TAG_N_COLOURS - 1);
  if (self->colour == colour)
    return;
  self->colour = colour;
  g_object_notify_by_pspec (G_OBJECT (self), tag_props[TAG_PROP_COLOUR]);
}

void
kd_tag_set_n_customers (KdTag *self,
                        int    n)
{
  if (self->n_customers == n)
    return;
  self->n_customers = n;
  g_object_notify_by_pspec (G_OBJECT (self), tag_props[TAG_PROP_N_CUSTOMERS]);
}

gboolean
kd_tag_validate (KdTag   *self,
                 GError **error)
{
  g_autofree char *name = g_strstrip (g_strdup (self->name));

  if (*name == '\0')
    {
      g_set_error_literal (error, KD_VALIDATION_ERROR, KD_CUSTOMER_FIELD_TAG_NAME, _("The tag needs a name."));
      return FALSE;
    }
  if (g_utf8_strlen (name, -1) > KD_TAG_NAME_MAX)
    {
      g_set_error (error, KD_VALIDATION_ERROR, KD_CUSTOMER_FIELD_TAG_NAME,
                   _("A tag name has at most %d characters."), KD_TAG_NAME_MAX);
      return FALSE;
    }
  if (strpbrk (name, ";,\n") != NULL || strstr (name, "；") != NULL || strstr (name, "，") != NULL)
    {
      g_set_error_literal (error, KD_VALIDATION_ERROR, KD_CUSTOMER_FIELD_TAG_NAME,
                           _("A tag name cannot contain commas or semicolons."));
      return FALSE;
    }
  if (self->colour < 0 || self->colour >= KD_TAG_N_COLOURS)
    {
      g_set_error_literal (error, KD_VALIDATION_ERROR, KD_CUSTOMER_FIELD_TAG_COLOUR, _("Pick one of the nine colours."));
      return FALSE;
    }
  return TRUE;
}

/* ---------------------------------------------------------------- customers */

G_DEFINE_FINAL_TYPE (KdCustomer, kd_customer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NICKNAME,
  PROP_REAL_NAME,
  PROP_VIP,
  PROP_VIP_TEXT,
  PROP_MASKED_PHONE,
  PROP_PHONE,
  PROP_TAGS_TEXT,
  PROP_ORDER_COUNT,
  PROP_ORDER_COUNT_TEXT,
  PROP_TOTAL_PAID_TEXT,
  PROP_LAST_ORDER_TEXT,
  PROP_OWNER_NAME,
  PROP_BLACKLISTED,
  PROP_TYPES_TEXT,
  N_PROPS
};
static GParamSpec *props[N_PROPS];

static void
contact_clear (gpointer data)
{
  g_free (((KdContact *) data)->value);
}

static GArray *
contacts_new (void)
{
  GArray *a = g_array_new (FALSE, TRUE, sizeof (KdContact));
  g_array_set_clear_func (a, contact_clear);
  return a;
}

static void
kd_customer_finalize (GObject *object)
{
  KdCustomer *self = KD_CUSTOMER (object);

  g_free (self->nickname);
  g_free (self->real_name);
  g_array_unref (self->phones);
  g_array_unref (self->addresses);
  g_free (self->birthday);
  g_free (self->first_contact);
  g_free (self->owner_name);
  g_free (self->notes);
  g_free (self->usual_size);
  g_free (self->fit_notes);
  g_free (self->blacklist_reason);
  g_free (self->blacklisted_by_name);
  g_array_unref (self->tag_ids);
  g_free (self->tag_names);
  G_OBJECT_CLASS (kd_customer_parent_class)->finalize (object);
}

static char *
types_text (KdCustomer *self)
{
  if (self->comm_style != KD_COMM_STYLE_NONE && self->buying_type != KD_BUYING_NONE)
    return g_strdup_printf ("%s · %s", kd_comm_style_get_label (self->comm_style),
                            kd_buying_type_get_label (self->buying_type));
  if (self->comm_style != KD_COMM_STYLE_NONE)
    return g_strdup (kd_comm_style_get_label (self->comm_style));
  if (self->buying_type != KD_BUYING_NONE)
    return g_strdup (kd_buying_type_get_label (self->buying_type));
  return g_strdup ("");
}

static void
kd_customer_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  KdCustomer *self = KD_CUSTOMER (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_int64 (value, self->id); break;
    case PROP_NICKNAME: g_value_set_string (value, self->nickname); break;
    case PROP_REAL_NAME: g_value_set_string (value, self->real_name); break;
    case PROP_VIP: g_value_set_int (value, self->vip); break;
    case PROP_VIP_TEXT:
      g_value_take_string (value, self->vip > 0 ? g_strdup_printf ("VIP%d", self->vip) : g_strdup (""));
      break;
    case PROP_MASKED_PHONE:
      g_value_take_string (value, kd_phone_mask (kd_customer_get_default_contact (self->phones)));
      break;
    case PROP_PHONE:
      g_value_set_string (value, kd_customer_get_default_contact (self->phones));
      break;
    case PROP_TAGS_TEXT: g_value_set_string (value, self->tag_names); break;
    case PROP_ORDER_COUNT: g_value_set_int (value, self->order_count); break;
    case PROP_ORDER_COUNT_TEXT:
      g_value_take_string (value, self->order_count > 0 ? g_strdup_printf ("%d", self->order_count) : g_strdup (""));
      break;
    case PROP_TOTAL_PAID_TEXT:
      g_value_take_string (value, self->order_count > 0 ? kd_money_format (self->total_paid) : g_strdup (""));
      break;
    case PROP_LAST_ORDER_TEXT:
      if (self->last_order_at > 0)
        {
          g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (self->last_order_at);
          g_value_take_string (value, dt ? g_date_time_format (dt, "%Y-%m-%d") : g_strdup (""));
        }
      else
        g_value_set_string (value, "");
      break;
    case PROP_OWNER_NAME: g_value_set_string (value, self->owner_name); break;
    case PROP_BLACKLISTED: g_value_set_boolean (value, self->blacklisted); break;
    case PROP_TYPES_TEXT: g_value_take_string (value, types_text (self)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
ro_string (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, "", G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
}

static GParamSpec *
ro_int (const char *name,
        int         max)
{
  return g_param_spec_int (name, NULL, NULL, 0, max, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
}

static void
kd_customer_class_init (KdCustomerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kd_customer_finalize;
  object_class->get_property = kd_customer_get_property;
  props[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  props[PROP_NICKNAME] = ro_string ("nickname");
  props[PROP_REAL_NAME] = ro_string ("real-name");
  props[PROP_VIP] = ro_int ("vip", KD_CUSTOMER_VIP_MAX);
  props[PROP_VIP_TEXT] = ro_string ("vip-text");
  props[PROP_MASKED_PHONE] = ro_string ("masked-phone");
  /* In full: for a desk that shows contact data unmasked (kd-desk-session.h). */
  props[PROP_PHONE] = ro_string ("phone");
  props[PROP_TAGS_TEXT] = ro_string ("tags-text");
  props[PROP_ORDER_COUNT] = ro_int ("order-count", G_MAXINT);
  props[PROP_ORDER_COUNT_TEXT] = ro_string ("order-count-text");
  props[PROP_TOTAL_PAID_TEXT] = ro_string ("total-paid-text");
  props[PROP_LAST_ORDER_TEXT] = ro_string ("last-order-text");
  props[PROP_OWNER_NAME] = ro_string ("owner-name");
  props[PROP_BLACKLISTED] = g_param_spec_boolean ("blacklisted", NULL, NULL, FALSE,
                                                  G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  props[PROP_TYPES_TEXT] = ro_string ("types-text");
  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
kd_customer_init (KdCustomer *self)
{
  self->nickname = g_strdup ("");
  self->real_name = g_strdup ("");
  self->phones = contacts_new ();
  self->addresses = contacts_new ();
  self->birthday = g_strdup ("");
  self->first_contact = g_strdup ("");
  self->owner_name = g_strdup ("");
  self->notes = g_strdup ("");
  self->usual_size = g_strdup ("");
  self->fit_notes = g_strdup ("");
  self->blacklist_reason = g_strdup ("");
  self->blacklisted_by_name = g_strdup ("");
  self->tag_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->tag_names = g_strdup ("");
}

KdCustomer *
kd_customer_new (const char *nickname)
{
  KdCustomer *self = g_object_new (KD_TYPE_CUSTOMER, NULL);

  kd_customer_set_text (&self->nickname, nickname);
  return self;
}

gint64
kd_customer_get_id (KdCustomer *self)
{
  g_return_val_if_fail (KD_IS_CUSTOMER (self), 0);
  return self->id;
}

void
kd_customer_set_text (char       **field,
                      const char  *value)
{
  char *old = *field;

  *field = g_strdup (value ? value : "");
  g_free (old);
}

void
kd_customer_add_contact (GArray     *contacts,
                         const char *value,
                         gboolean    is_default)
{
  KdContact c = { g_strdup (value ? value : ""), is_default };

  if (is_default)
    for (guint i = 0; i < contacts->len; i++)
      g_array_index (contacts, KdContact, i).is_default = FALSE;
  g_array_append_val (contacts, c);
}

static void
copy_contacts (GArray *to,
               GArray *from)
{
  if (to == from)
    return;
  g_array_set_size (to, 0);
  for (guint i = 0; i < from->len; i++)
    {
      KdContact *c = &g_array_index (from, KdContact, i);
      kd_customer_add_contact (to, c->value, c->is_default);
    }
}

void
kd_customer_set_contacts_from_text (GArray     *contacts,
                                    const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text ? text : "", "\n", -1);

  g_array_set_size (contacts, 0);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strstrip (lines[i]);
      if (*lines[i] != '\0')
        kd_customer_add_contact (contacts, lines[i], contacts->len == 0);
    }
}

/* The default first, one per line. */
char *
kd_customer_dup_contacts_text (GArray *contacts)
{
  GString *s = g_string_new (NULL);
  const char *def = kd_customer_get_default_contact (contacts);

  if (def != NULL)
    g_string_append (s, def);
  for (guint i = 0; i < contacts->len; i++)
    {
      KdContact *c = &g_array_index (contacts, KdContact, i);
      if (c->value == def)
        continue;
      g_string_append_printf (s, "\n%s", c->value);
    }
  return g_string_free (s, FALSE);
}

const char *
kd_customer_get_default_contact (GArray *contacts)
{
  for (guint i = 0; i < contacts->len; i++)
    if (g_array_index (contacts, KdContact, i).is_default)
      return g_array_index (contacts, KdContact, i).value;
  return contacts->len > 0 ? g_array_index (contacts, KdContact, 0).value : NULL;
}

gboolean
kd_customer_has_tag (KdCustomer *self,
                     gint64      tag_id)
{
  for (guint i = 0; i < self->tag_ids->len; i++)
    if (g_array_index (self->tag_ids, gint64, i) == tag_id)
      return TRUE;
  return FALSE;
}

static void
copy_fields (KdCustomer *to,
             KdCustomer *from)
{
  to->id = from->id;
  kd_customer_set_text (&to->nickname, from->nickname);
  kd_customer_set_text (&to->real_name, from->real_name);
  copy_contacts (to->phones, from->phones);
  copy_contacts (to->addresses, from->addresses);
  to->gender = from->gender;
  kd_customer_set_text (&to->birthday, from->birthday);
  to->vip = from->vip;
  kd_customer_set_text (&to->first_contact, from->first_contact);
  to->owner_id = from->owner_id;
  kd_customer_set_text (&to->owner_name, from->owner_name);
  kd_customer_set_text (&to->notes, from->notes);
  to->height_cm = from->height_cm;
  to->weight_kg = from->weight_kg;
  kd_customer_set_text (&to->usual_size, from->usual_size);
  kd_customer_set_text (&to->fit_notes, from->fit_notes);
  to->comm_style = from->comm_style;
  to->buying_type = from->buying_type;
  to->blacklisted = from->blacklisted;
  kd_customer_set_text (&to->blacklist_reason, from->blacklist_reason);
  to->blacklisted_by = from->blacklisted_by;
  kd_customer_set_text (&to->blacklisted_by_name, from->blacklisted_by_name);
  to->blacklisted_at = from->blacklisted_at;
  if (to->tag_ids != from->tag_ids)
    {
      g_array_set_size (to->tag_ids, 0);
      g_array_append_vals (to->tag_ids, from->tag_ids->data, from->tag_ids->len);
    }
  kd_customer_set_text (&to->tag_names, from->tag_names);
  to->order_count = from->order_count;
  to->total_paid = from->total_paid;
  to->last_order_at = from->last_order_at;
  to->created_at = from->created_at;
  to->updated_at = from->updated_at;
}

KdCustomer *
kd_customer_copy (KdCustomer *self)
{
  KdCustomer *copy = g_object_new (KD_TYPE_CUSTOMER, NULL);

  copy_fields (copy, self);
  return copy;
}

/* Every property is notified: a list row shows what it binds. */
void
kd_customer_assign (KdCustomer *self,
                    KdCustomer *other)
{
  g_return_if_fail (KD_IS_CUSTOMER (self));
  g_return_if_fail (KD_IS_CUSTOMER (other));

  copy_fields (self, other);
  g_object_freeze_notify (G_OBJECT (self));
  for (guint i = 1; i < N_PROPS; i++)
    g_object_notify_by_pspec (G_OBJECT (self), props[i]);
  g_object_thaw_notify (G_OBJECT (self));
}

/* ---------------------------------------------------------------- validation */

char *
kd_customer_phone_digits (const char *phone)
{
  GString *s = g_string_new (NULL);

  for (const char *p = phone ? phone : ""; *p != '\0'; p++)
    if (*p != ' ' && *p != '-')
      g_string_append_c (s, *p);
  return g_string_free (s, FALSE);
}

void
kd_customer_normalize (KdCustomer *self)
{
  char **texts[] = {
    &self->nickname, &self->real_name, &self->birthday, &self->first_contact, &self->notes,
    &self->usual_size, &self->fit_notes, &self->blacklist_reason,
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    g_strstrip (*texts[i]);
  for (guint i = 0; i < self->phones->len; i++)
    {
      KdContact *c = &g_array_index (self->phones, KdContact, i);
      char *digits = kd_customer_phone_digits (c->value);

      g_free (c->value);
      c->value = digits;
    }
  for (guint i = 0; i < self->addresses->len; i++)
    g_strstrip (g_array_index (self->addresses, KdContact, i).value);
}

gboolean
kd_date_text_is_valid (const char *text)
{
  int y, m, d;
  char tail;

  if (text == NULL || *text == '\0')
    return TRUE;
  if (strlen (text) != 10 || sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 ||
      text[4] != '-' || text[7] != '-')
    return FALSE;
  return y >= 1900 && y <= 2100 && g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y);
}

static gboolean
too_long (const char  *text,
          int          max,
          KdCustomerField field,
          const char  *what,
          GError     **error)
{
  if (g_utf8_strlen (text, -1) <= max)
    return FALSE;
  /* Translators: the first %s is a field ("The note"), %d a number of characters. */
  g_set_error (error, KD_VALIDATION_ERROR, field, _("%s has at most %d characters."), what, max);
  return TRUE;
}

static gboolean
validate_contacts (GArray          *contacts,
                   gboolean         phones,
                   GError         **error)
{
  KdCustomerField field = phones ? KD_CUSTOMER_FIELD_PHONES : KD_CUSTOMER_FIELD_ADDRESSES;

  if (contacts->len > KD_CUSTOMER_MAX_CONTACTS)
    {
      g_set_error (error, KD_VALIDATION_ERROR, field,
                   phones ? _("At most %d phone numbers.") : _("At most %d addresses."), KD_CUSTOMER_MAX_CONTACTS);
      return FALSE;
    }
  for (guint i = 0; i < contacts->len; i++)
    {
      const char *v = g_array_index (contacts, KdContact, i).value;
      g_autofree char *digits = phones ? kd_customer_phone_digits (v) : NULL;

      if (phones && (*digits == '\0' || !kd_phone_is_valid (digits)))
        {
          g_set_error (error, KD_VALIDATION_ERROR, field,
                       _("“%s” is not a phone number (5–20 digits; spaces and “-” are left out)."), v);
          return FALSE;
        }
      if (!phones && (*v == '\0' || too_long (v, KD_CUSTOMER_ADDRESS_MAX, field, _("An address"), error)))
        {
          if (*v == '\0')
            g_set_error_literal (error, KD_VALIDATION_ERROR, field, _("An address cannot be empty."));
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
kd_customer_validate_field (KdCustomer      *self,
                            KdCustomerField  field,
                            GError         **error)
{
  g_return_val_if_fail (KD_IS_CUSTOMER (self), FALSE);

  switch (field)
    {
    case KD_CUSTOMER_FIELD_NICKNAME:
      {
        g_autofree char *nick = g_strstrip (g_strdup (self->nickname));
        if (*nick == '\0')
          {
            g_set_error_literal (error, KD_VALIDATION_ERROR, field, _("The buyer nickname is required."));
            return FALSE;
          }
        if (strpbrk (nick, "\t\n\r") != NULL)
          {
            g_set_error_literal (error, KD_VALIDATION_ERROR, field, _("A nickname is one line without tabs."));
            return FALSE;
          }
        return !too_long (nick, KD_CUSTOMER_NICKNAME_MAX, field, _("The nickname"), error);
      }
    case KD_CUSTOMER_FIELD_REAL_NAME:
      return !too_long (self->real_name, KD_CUSTOMER_NAME_MAX, field, _("The name"), error);
    case KD_CUSTOMER_FIELD_PHONES:
      return validate_contacts (self->phones, TRUE, error);
    case KD_CUSTOMER_FIELD_ADDRESSES:
      return validate_contacts (self->addresses, FALSE, error);
    case KD_CUSTOMER_FIELD_GENDER:
      if ((guint) self->gender > KD_GENDER_MALE)
        {
          g_set_error_literal (error, KD_VALIDATION_ERROR, field, _("Gender is female, male or not known."));
          return FALSE;
        }
      return TRUE;
    case KD_CUSTOMER_FIELD_BIRTHDAY:
    case KD_CUSTOMER_FIELD_FIRST_CONTACT:
      {
        const char *d = field == KD_CUSTOMER_FIELD_BIRTHDAY ? self->birthday : self->first_contact;
        if (!kd_date_text_is_valid (d))
          {
            g_set_error (error, KD_VALIDATION_ERROR, field, _("“%s” is not a date (YYYY-MM-DD)."), d);
            return FALSE;
          }
        return TRUE;
      }
    case KD_CUSTOMER_FIELD_VIP:
      if (self->vip < 0 || self->vip > KD_CUSTOMER_VIP_MAX)
        {
          g_set_error (error, KD_VALIDATION_ERROR, field, _("The VIP level is 0 to %d."), KD_CUSTOMER_VIP_MAX);
          return FALSE;
        }
      return TRUE;
    case KD_CUSTOMER_FIELD_NOTES:
      return !too_long (self->notes, KD_CUSTOMER_NOTES_MAX, field, _("The note"), error);
    case KD_CUSTOMER_FIELD_HEIGHT:
      if (self->height_cm != 0 && (self->height_cm < 50 || self->height_cm > 250))
        {
          g_set_error_literal (error, KD_VALIDATION_ERROR, field, _("Height is 50 to 250 cm."));
          return FALSE;
        }
      return TRUE;
    case KD_CUSTOMER_FIELD_WEIGHT:
      if (self->weight_kg != 0 && (self->weight_kg < 10 || self->weight_kg > 300))
        {
          g_set_error_literal (error, KD_VALIDATION_ERROR, field, _("Weight is 10 to 300 kg."));
          return FALSE;
        }
      return TRUE;
    case KD_CUSTOMER_FIELD_USUAL_SIZE:
      return !too_long (self->usual_size, KD_CUSTOMER_SIZE_MAX, field, _("The usual size"), error);
    case KD_CUSTOMER_FIELD_FIT_NOTES:
      return !too_long (self->fit_notes, KD_CUSTOMER_FIT_NOTES_MAX, field, _("The fit note"), error);
    case KD_CUSTOMER_FIELD_COMM_STYLE:
      if ((guint) self->comm_style >= KD_N_COMM_STYLES)
        {
          g_set_error_literal (error, KD_VALIDATION_ERROR, field, _("Unknown communication style."));
          return FALSE;
        }
      return TRUE;
    case KD_CUSTOMER_FIELD_BUYING_TYPE:
      if ((guint) self->buying_type >= KD_N_BUYING_TYPES)
        {
          g_set_error_literal (error, KD_VALIDATION_ERROR, field, _("Unknown buying type."));
          return FALSE;
        }
      return TRUE;
    case KD_CUSTOMER_FIELD_BLACKLIST_REASON:
      if (self->blacklisted && *g_strstrip (self->blacklist_reason) == '\0')
        {
          g_set_error_literal (error, KD_VALIDATION_ERROR, field, _("Say why the buyer is blacklisted."));
          return FALSE;
        }
      return !too_long (self->blacklist_reason, KD_CUSTOMER_REASON_MAX, field, _("The reason"), error);
    case KD_CUSTOMER_FIELD_TAG_NAME:
    case KD_CUSTOMER_FIELD_TAG_COLOUR:
    default:
      return TRUE;
    }
}

gboolean
kd_customer_validate (KdCustomer  *self,
                      GError     **error)
{
  for (int f = KD_CUSTOMER_FIELD_NICKNAME; f <= KD_CUSTOMER_FIELD_BLACKLIST_REASON; f++)
    if (!kd_customer_validate_field (self, (KdCustomerField) f, error))
      return FALSE;
  return TRUE;
}

/* Digits only, as stored. */
static void
append_digits (GString    *s,
               const char *phone)
{
  for (const char *p = phone; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (s, *p);
}

char *
kd_customer_dup_search_text (KdCustomer  *self,
                             char       **out_pinyin_source)
{
  GString *s = g_string_new (self->nickname);

  g_string_append_printf (s, "\n%s", self->real_name);
  for (guint i = 0; i < self->phones->len; i++)
    {
      g_string_append_c (s, '\n');
      append_digits (s, g_array_index (self->phones, KdContact, i).value);
    }
  g_string_append_printf (s, "\n%s", self->notes);
  if (out_pinyin_source != NULL)
    *out_pinyin_source = g_strdup_printf ("%s\n%s", self->nickname, self->real_name);
  return g_string_free (s, FALSE);
}

/* ---------------------------------------------------------------- privacy and money */

char *
kd_address_mask (const char *address)
{
  const char *cut = NULL;
  const char *p;
  int n = 0;

  if (address == NULL || *address == '\0')
    return g_strdup ("");

  /* The first district-level word within the first 20 characters: 区, 县,
   * 旗 (區, 縣 as typed in Traditional); failing that the last 市 (a
   * county-level city or a municipality). */
  for (p = address; *p != '\0' && n < 20; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (c == 0x533A /* 区 */ || c == 0x5340 /* 區 */ || c == 0x53BF /* 县 */ || c == 0x7E23 /* 縣 */ ||
          c == 0x65D7 /* 旗 */)
        {
          /* "自治区" is a province, not a district. */
          if ((c == 0x533A || c == 0x5340) && p - address >= 6 && strncmp (p - 6, "自治", 6) == 0)
            continue;
          cut = g_utf8_next_char (p);
          break;
        }
      if (c == 0x5E02 /* 市 */)
        cut = g_utf8_next_char (p);
    }
  if (cut == NULL)
    {
      /* No administrative words: the first six characters. */
      cut = address;
      for (int i = 0; i < 6 && *cut != '\0'; i++)
        cut = g_utf8_next_char (cut);
    }
  if (*cut == '\0')
    return g_strdup (address);
  return g_strdup_printf ("%.*s****", (int) (cut - address), address);
}

char *
kd_money_format (gint64 fen)
{
  g_autoptr(GString) digits = g_string_new (NULL);
  gboolean negative = fen < 0;
  guint64 v = negative ? (guint64) (-(fen + 1)) + 1 : (guint64) fen;
  g_autofree char *yuan = g_strdup_printf ("%" G_GUINT64_FORMAT, v / 100);
  gsize len = strlen (yuan);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (digits, ',');
      g_string_append_c (digits, yuan[i]);
    }
  return g_strdup_printf ("%s¥%s.%02u", negative ? "-" : "", digits->str, (guint) (v % 100));
}

void
kd_customer_order_free (KdCustomerOrder *order)
{
  if (order == NULL)
    return;
  g_free (order->order_no);
  g_free (order->status_text);
  g_free (order->latest_remark);
  g_free (order);
}
