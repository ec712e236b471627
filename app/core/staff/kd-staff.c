/* kd-staff.c: the staff value object shown in lists and stored by the store. */
#include "kd-staff.h"
#include "kd-error.h"
#include "kd-text.h"

#include <glib/gi18n-lib.h>

struct _KdStaff
{
  GObject  parent_instance;
  gint64   id;
  char    *job_number;
  char    *name;
  char    *phone;
  KdRole   role;
  gboolean active;
};

G_DEFINE_FINAL_TYPE (KdStaff, kd_staff, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (KdRole, kd_role,
  G_DEFINE_ENUM_VALUE (KD_ROLE_PRESALE, "pre-sale"),
  G_DEFINE_ENUM_VALUE (KD_ROLE_AFTERSALE, "after-sale"),
  G_DEFINE_ENUM_VALUE (KD_ROLE_ORDER_TRACKING, "order-tracking"),
  G_DEFINE_ENUM_VALUE (KD_ROLE_COMPLAINTS, "complaints"),
  G_DEFINE_ENUM_VALUE (KD_ROLE_SUPERVISOR, "supervisor"),
  G_DEFINE_ENUM_VALUE (KD_ROLE_OWNER, "owner"))

enum {
  PROP_0,
  PROP_ID,
  PROP_JOB_NUMBER,
  PROP_NAME,
  PROP_ROLE,
  PROP_ROLE_LABEL,
  PROP_PHONE,
  PROP_MASKED_PHONE,
  PROP_ACTIVE,
  PROP_ACTIVE_LABEL,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

/* The keys are what the database stores: stable, English, never shown. */
static const char * const role_keys[KD_N_ROLES] = {
  "pre-sale", "after-sale", "order-tracking", "complaints", "supervisor", "owner",
};

const char *
kd_role_to_key (KdRole role)
{
  g_return_val_if_fail (role < KD_N_ROLES, "pre-sale");
  return role_keys[role];
}

gboolean
kd_role_from_key (const char *key,
                  KdRole     *out_role)
{
  for (guint i = 0; i < KD_N_ROLES; i++)
    if (g_strcmp0 (key, role_keys[i]) == 0)
      {
        *out_role = (KdRole) i;
        return TRUE;
      }
  return FALSE;
}

const char *
kd_role_get_label (KdRole role)
{
  switch (role)
    {
    case KD_ROLE_PRESALE:        return _("Pre-sale");
    case KD_ROLE_AFTERSALE:      return _("After-sale");
    case KD_ROLE_ORDER_TRACKING: return _("Order tracking");
    case KD_ROLE_COMPLAINTS:     return _("Complaints");
    case KD_ROLE_SUPERVISOR:     return _("Supervisor");
    case KD_ROLE_OWNER:          return _("Owner");
    case KD_N_ROLES:
    default:
      g_return_val_if_reached ("");
    }
}

static void
kd_staff_finalize (GObject *object)
{
  KdStaff *self = (KdStaff *) object;

  g_clear_pointer (&self->job_number, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->phone, g_free);

  G_OBJECT_CLASS (kd_staff_parent_class)->finalize (object);
}

static void
kd_staff_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  KdStaff *self = KD_STAFF (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_JOB_NUMBER:
      g_value_set_string (value, self->job_number);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_ROLE:
      g_value_set_enum (value, self->role);
      break;
    case PROP_ROLE_LABEL:
      g_value_set_string (value, kd_role_get_label (self->role));
      break;
    case PROP_PHONE:
      g_value_set_string (value, self->phone);
      break;
    case PROP_MASKED_PHONE:
      g_value_take_string (value, kd_staff_dup_masked_phone (self));
      break;
    case PROP_ACTIVE:
      g_value_set_boolean (value, self->active);
      break;
    case PROP_ACTIVE_LABEL:
      g_value_set_string (value, self->active ? _("Active") : _("Inactive"));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kd_staff_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  KdStaff *self = KD_STAFF (object);

  switch (prop_id)
    {
    case PROP_ID:
      kd_staff_set_id (self, g_value_get_int64 (value));
      break;
    case PROP_JOB_NUMBER:
      kd_staff_set_job_number (self, g_value_get_string (value));
      break;
    case PROP_NAME:
      kd_staff_set_name (self, g_value_get_string (value));
      break;
    case PROP_ROLE:
      kd_staff_set_role (self, g_value_get_enum (value));
      break;
    case PROP_PHONE:
      kd_staff_set_phone (self, g_value_get_string (value));
      break;
    case PROP_ACTIVE:
      kd_staff_set_active (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kd_staff_class_init (KdStaffClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kd_staff_finalize;
  object_class->get_property = kd_staff_get_property;
  object_class->set_property = kd_staff_set_property;

  props[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  props[PROP_JOB_NUMBER] =
    g_param_spec_string ("job-number", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  props[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  props[PROP_ROLE] =
    g_param_spec_enum ("role", NULL, NULL, KD_TYPE_ROLE, KD_ROLE_PRESALE,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  props[PROP_ROLE_LABEL] =
    g_param_spec_string ("role-label", NULL, NULL, "",
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  props[PROP_PHONE] =
    g_param_spec_string ("phone", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  props[PROP_MASKED_PHONE] =
    g_param_spec_string ("masked-phone", NULL, NULL, "",
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  props[PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  props[PROP_ACTIVE_LABEL] =
    g_param_spec_string ("active-label", NULL, NULL, "",
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
kd_staff_init (KdStaff *self)
{
  self->job_number = g_strdup ("");
  self->name = g_strdup ("");
  self->phone = g_strdup ("");
  self->active = TRUE;
}

KdStaff *
kd_staff_new (const char *job_number,
              const char *name,
              KdRole      role,
              const char *phone)
{
  return g_object_new (KD_TYPE_STAFF,
                       "job-number", job_number ? job_number : "",
                       "name", name ? name : "",
                       "role", role,
                       "phone", phone ? phone : "",
                       NULL);
}

KdStaff *
kd_staff_copy (KdStaff *self)
{
  KdStaff *copy;

  g_return_val_if_fail (KD_IS_STAFF (self), NULL);

  copy = kd_staff_new (self->job_number, self->name, self->role, self->phone);
  copy->id = self->id;
  copy->active = self->active;
  return copy;
}

gint64
kd_staff_get_id (KdStaff *self)
{
  g_return_val_if_fail (KD_IS_STAFF (self), 0);
  return self->id;
}

void
kd_staff_set_id (KdStaff *self,
                 gint64   id)
{
  g_return_if_fail (KD_IS_STAFF (self));
  if (self->id == id)
    return;
  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_ID]);
}

const char *
kd_staff_get_job_number (KdStaff *self)
{
  g_return_val_if_fail (KD_IS_STAFF (self), NULL);
  return self->job_number;
}

void
kd_staff_set_job_number (KdStaff    *self,
                         const char *job_number)
{
  g_return_if_fail (KD_IS_STAFF (self));
  if (!kd_text_set (&self->job_number, job_number))
    return;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_JOB_NUMBER]);
}

const char *
kd_staff_get_name (KdStaff *self)
{
  g_return_val_if_fail (KD_IS_STAFF (self), NULL);
  return self->name;
}

void
kd_staff_set_name (KdStaff    *self,
                   const char *name)
{
  g_return_if_fail (KD_IS_STAFF (self));
  if (!kd_text_set (&self->name, name))
    return;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_NAME]);
}

KdRole
kd_staff_get_role (KdStaff *self)
{
  g_return_val_if_fail (KD_IS_STAFF (self), KD_ROLE_PRESALE);
  return self->role;
}

void
kd_staff_set_role (KdStaff *self,
                   KdRole   role)
{
  g_return_if_fail (KD_IS_STAFF (self));
  g_return_if_fail (role < KD_N_ROLES);
  if (self->role == role)
    return;
  self->role = role;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_ROLE]);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_ROLE_LABEL]);
}

const char *
kd_staff_get_phone (KdStaff *self)
{
  g_return_val_if_fail (KD_IS_STAFF (self), NULL);
  return self->phone;
}

void
kd_staff_set_phone (KdStaff    *self,
                    const char *phone)
{
  g_return_if_fail (KD_IS_STAFF (self));
  if (!kd_text_set (&self->phone, phone))
    return;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_PHONE]);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_MASKED_PHONE]);
}

gboolean
kd_staff_get_active (KdStaff *self)
{
  g_return_val_if_fail (KD_IS_STAFF (self), FALSE);
  return self->active;
}

void
kd_staff_set_active (KdStaff  *self,
                     gboolean  active)
{
  g_return_if_fail (KD_IS_STAFF (self));
  active = !!active;
  if (self->active == active)
    return;
  self->active = active;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_ACTIVE]);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_ACTIVE_LABEL]);
}

char *
kd_staff_dup_masked_phone (KdStaff *self)
{
  g_return_val_if_fail (KD_IS_STAFF (self), NULL);
  return kd_phone_mask (self->phone);
}

/* Search over what an agent would type: job number, name, role, phone. */
gboolean
kd_staff_matches (KdStaff    *self,
                  const char *needle_normalized)
{
  g_autofree char *hay = NULL;
  g_autofree char *norm = NULL;

  g_return_val_if_fail (KD_IS_STAFF (self), FALSE);

  if (needle_normalized == NULL || *needle_normalized == '\0')
    return TRUE;

  hay = g_strjoin ("\n", self->job_number, self->name,
                   kd_role_get_label (self->role), self->phone, NULL);
  norm = kd_text_normalize (hay);
  return kd_text_matches (norm, needle_normalized);
}

/* The one set of staff rules: the dialog shows them inline, the store
 * checks them again before any write (CLI, imports, a dialog's bug). The
 * error's code is the failing field. Uniqueness needs the database and is
 * the staff service's to check. */
gboolean
kd_staff_validate_field (KdStaff       *self,
                         KdStaffField   field,
                         GError       **error)
{
  g_return_val_if_fail (KD_IS_STAFF (self), FALSE);

  switch (field)
    {
    case KD_STAFF_FIELD_JOB_NUMBER:
      if (self->job_number == NULL || *self->job_number == '\0')
        {
          g_set_error_literal (error, KD_VALIDATION_ERROR, field, _("The job number is required."));
          return FALSE;
        }
      if (!kd_job_number_is_valid (self->job_number))
        {
          g_set_error_literal (error, KD_VALIDATION_ERROR, field,
                               _("A job number is 1 to 16 letters, digits or “-”."));
          return FALSE;
        }
      return TRUE;

    case KD_STAFF_FIELD_NAME:
      {
        g_autofree char *name = g_strstrip (g_strdup (self->name ? self->name : ""));

        if (*name == '\0')
          {
            g_set_error_literal (error, KD_VALIDATION_ERROR, field, _("The name is required."));
            return FALSE;
          }
        if (!g_utf8_validate (name, -1, NULL))
          {
            g_set_error_literal (error, KD_VALIDATION_ERROR, field,
                                 _("The name is not valid text."));
            return FALSE;
          }
        return TRUE;
      }

    case KD_STAFF_FIELD_PHONE:
      if (!kd_phone_is_valid (self->phone))
        {
          g_set_error_literal (error, KD_VALIDATION_ERROR, field,
                               _("A phone number is 5 to 20 digits, nothing else."));
          return FALSE;
        }
      return TRUE;

    default:
      g_return_val_if_reached (FALSE);
    }
}

gboolean
kd_staff_validate (KdStaff  *self,
                   GError  **error)
{
  return kd_staff_validate_field (self, KD_STAFF_FIELD_JOB_NUMBER, error) &&
         kd_staff_validate_field (self, KD_STAFF_FIELD_NAME, error) &&
         kd_staff_validate_field (self, KD_STAFF_FIELD_PHONE, error);
}

/* Takes every value of @other, notifying what changed: a row object that
 * a list already shows is filled in place when its page arrives. */
void
kd_staff_assign (KdStaff *self,
                 KdStaff *other)
{
  g_return_if_fail (KD_IS_STAFF (self));
  g_return_if_fail (KD_IS_STAFF (other));

  g_object_freeze_notify (G_OBJECT (self));
  kd_staff_set_id (self, other->id);
  kd_staff_set_job_number (self, other->job_number);
  kd_staff_set_name (self, other->name);
  kd_staff_set_role (self, other->role);
  kd_staff_set_phone (self, other->phone);
  kd_staff_set_active (self, other->active);
  g_object_thaw_notify (G_OBJECT (self));
}

/* What a search looks in, normalised once when the row is written: the job
 * number, the name and the phone's digits (roles are matched by label at
 * query time, in the reader's language). */
char *
kd_staff_dup_search_text (KdStaff *self)
{
  g_autofree char *hay = NULL;

  g_return_val_if_fail (KD_IS_STAFF (self), NULL);

  hay = g_strjoin ("\n", self->job_number ? self->job_number : "",
                   self->name ? self->name : "", self->phone ? self->phone : "", NULL);
  return kd_text_normalize (hay);
}
