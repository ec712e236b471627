/* kd-leave.c: leave and swap requests and the rules they and their decisions follow. */
#include "kd-leave.h"
#include "kd-error.h"
#include "kd-text.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

static const struct { const char *key; const char *label; const char *code; const char *reason; } leave_kinds[] = {
  [KD_LEAVE_ANNUAL]       = { "annual",       N_("Annual leave"),       "年", "年假" },
  [KD_LEAVE_SICK]         = { "sick",         N_("Sick leave"),         "病", "病假" },
  [KD_LEAVE_PERSONAL]     = { "personal",     N_("Personal leave"),     "事", "事假" },
  [KD_LEAVE_COMPENSATORY] = { "compensatory", N_("Time off in lieu"),   "调", "调休" },
  [KD_LEAVE_OTHER]        = { "other",        N_("Other leave"),        "假", "其他" },
};

const char *
kd_leave_kind_to_key (KdLeaveKind kind)
{
  g_return_val_if_fail (kind < KD_N_LEAVE_KINDS, "other");
  return leave_kinds[kind].key;
}

gboolean
kd_leave_kind_from_key (const char  *key,
                        KdLeaveKind *out_kind)
{
  for (guint i = 0; i < KD_N_LEAVE_KINDS; i++)
    if (g_strcmp0 (key, leave_kinds[i].key) == 0)
      {
        *out_kind = i;
        return TRUE;
      }
  return FALSE;
}

const char *
kd_leave_kind_get_label (KdLeaveKind kind)
{
  g_return_val_if_fail (kind < KD_N_LEAVE_KINDS, "");
  return _(leave_kinds[kind].label);
}

const char *
kd_leave_kind_get_code (KdLeaveKind kind)
{
  g_return_val_if_fail (kind < KD_N_LEAVE_KINDS, "假");
  return leave_kinds[kind].code;
}

const char *
kd_leave_kind_get_zh_name (KdLeaveKind kind)
{
  g_return_val_if_fail (kind < KD_N_LEAVE_KINDS, "其他");
  return leave_kinds[kind].reason;
}

gboolean
kd_leave_kind_from_code (const char  *code,
                         KdLeaveKind *out_kind)
{
  for (guint i = 0; i < KD_N_LEAVE_KINDS; i++)
    if (g_strcmp0 (code, leave_kinds[i].code) == 0)
      {
        *out_kind = i;
        return TRUE;
      }
  return FALSE;
}

const char *
kd_leave_day_code (const char *kind_key,
                   const char *reason)
{
  KdLeaveKind kind;

  if (kind_key != NULL && kd_leave_kind_from_key (kind_key, &kind))
    return leave_kinds[kind].code;
  for (guint i = 0; i < KD_N_LEAVE_KINDS; i++)
    if (reason != NULL && g_str_has_prefix (reason, leave_kinds[i].reason))
      return leave_kinds[i].code;
  return leave_kinds[KD_LEAVE_OTHER].code;
}

static const struct { const char *key; const char *label; } statuses[] = {
  [KD_REQUEST_PENDING]   = { "pending",   N_("Pending") },
  [KD_REQUEST_APPROVED]  = { "approved",  N_("Approved") },
  [KD_REQUEST_REJECTED]  = { "rejected",  N_("Rejected") },
  [KD_REQUEST_WITHDRAWN] = { "withdrawn", N_("Withdrawn") },
};

const char *
kd_request_status_to_key (KdRequestStatus status)
{
  g_return_val_if_fail (status <= KD_REQUEST_WITHDRAWN, "pending");
  return statuses[status].key;
}

gboolean
kd_request_status_from_key (const char      *key,
                            KdRequestStatus *out_status)
{
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    if (g_strcmp0 (key, statuses[i].key) == 0)
      {
        *out_status = i;
        return TRUE;
      }
  return FALSE;
}

const char *
kd_request_status_get_label (KdRequestStatus status)
{
  g_return_val_if_fail (status <= KD_REQUEST_WITHDRAWN, "");
  return _(statuses[status].label);
}

gboolean
kd_day_parse (const char *text,
              GDate      *out)
{
  int y, m, d;

  g_date_clear (out, 1);
  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;
  y = atoi (text);
  m = atoi (text + 5);
  d = atoi (text + 8);
  if (y < 1900 || !g_date_valid_dmy (d, m, y))
    return FALSE;
  g_date_set_dmy (out, d, m, y);
  return TRUE;
}

char *
kd_day_format (const GDate *date)
{
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

static char *
format_decision (KdRequestStatus  status,
                 gint64           decided_at,
                 const char      *by,
                 const char      *note)
{
  g_autoptr(GDateTime) at = NULL;
  g_autofree char *when = NULL;

  if (status == KD_REQUEST_PENDING || decided_at == 0)
    return g_strdup ("");
  at = g_date_time_new_from_unix_local (decided_at);
  when = at ? g_date_time_format (at, "%Y-%m-%d %H:%M") : g_strdup ("");
  if (note != NULL && *note != '\0')
    /* Translators: who decided a request, when, and their note */
    return g_strdup_printf (_("%s, %s: %s"), by ? by : "", when, note);
  /* Translators: who decided a request and when */
  return g_strdup_printf (_("%s, %s"), by ? by : "", when);
}

static char *
format_person (const char *name,
               const char *job_number)
{
  /* Translators: a person in a list: name and job number */
  return g_strdup_printf (_("%s (No. %s)"), name ? name : "", job_number ? job_number : "");
}

static gboolean
check_reason (const char  *reason,
              GError     **error)
{
  if (reason != NULL && (!g_utf8_validate (reason, -1, NULL) || g_utf8_strlen (reason, -1) > KD_REQUEST_REASON_MAX))
    {
      g_set_error (error, KD_VALIDATION_ERROR, KD_REQUEST_FIELD_REASON,
                   _("The reason is at most %d characters."), KD_REQUEST_REASON_MAX);
      return FALSE;
    }
  return TRUE;
}

/* ---------------------------------------------------------------- leave */

G_DEFINE_FINAL_TYPE (KdLeaveRequest, kd_leave_request, G_TYPE_OBJECT)

enum {
  LEAVE_PROP_0,
  LEAVE_PROP_ID,
  LEAVE_PROP_STAFF_LABEL,
  LEAVE_PROP_DAYS_LABEL,
  LEAVE_PROP_KIND_LABEL,
  LEAVE_PROP_REASON,
  LEAVE_PROP_STATUS_LABEL,
  LEAVE_PROP_DECISION_LABEL,
  LEAVE_N_PROPS
};

static GParamSpec *leave_props[LEAVE_N_PROPS];

static void
kd_leave_request_finalize (GObject *object)
{
  KdLeaveRequest *self = KD_LEAVE_REQUEST (object);

  g_free (self->staff_name);
  g_free (self->staff_job_number);
  g_free (self->first_day);
  g_free (self->last_day);
  g_free (self->reason);
  g_free (self->decided_by_name);
  g_free (self->decision_note);
  G_OBJECT_CLASS (kd_leave_request_parent_class)->finalize (object);
}

static char *
leave_days_label (KdLeaveRequest *self)
{
  int n = kd_leave_request_n_days (self);

  if (g_strcmp0 (self->first_day, self->last_day) == 0)
    return g_strdup (self->first_day ? self->first_day : "");
  /* Translators: a leave's first and last day and how many days it is */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s – %s (%d day)", "%s – %s (%d days)", n),
                          self->first_day, self->last_day, n);
}

static void
kd_leave_request_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  KdLeaveRequest *self = KD_LEAVE_REQUEST (object);

  switch (prop_id)
    {
    case LEAVE_PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case LEAVE_PROP_STAFF_LABEL:
      g_value_take_string (value, format_person (self->staff_name, self->staff_job_number));
      break;
    case LEAVE_PROP_DAYS_LABEL:
      g_value_take_string (value, leave_days_label (self));
      break;
    case LEAVE_PROP_KIND_LABEL:
      g_value_set_string (value, kd_leave_kind_get_label (self->kind));
      break;
    case LEAVE_PROP_REASON:
      g_value_set_string (value, self->reason);
      break;
    case LEAVE_PROP_STATUS_LABEL:
      g_value_set_string (value, kd_request_status_get_label (self->status));
      break;
    case LEAVE_PROP_DECISION_LABEL:
      g_value_take_string (value, format_decision (self->status, self->decided_at,
                                                   self->decided_by_name, self->decision_note));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
label_pspec (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
}

/* KdQueryModel reads "id". */
static GParamSpec *
id_pspec (void)
{
  return g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
}

static void
kd_leave_request_class_init (KdLeaveRequestClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kd_leave_request_finalize;
  object_class->get_property = kd_leave_request_get_property;
  leave_props[LEAVE_PROP_ID] = id_pspec ();
  leave_props[LEAVE_PROP_STAFF_LABEL] = label_pspec ("staff-label");
  leave_props[LEAVE_PROP_DAYS_LABEL] = label_pspec ("days-label");
  leave_props[LEAVE_PROP_KIND_LABEL] = label_pspec ("kind-label");
  leave_props[LEAVE_PROP_REASON] = label_pspec ("reason");
  leave_props[LEAVE_PROP_STATUS_LABEL] = label_pspec ("status-label");
  leave_props[LEAVE_PROP_DECISION_LABEL] = label_pspec ("decision-label");
  g_object_class_install_properties (object_class, LEAVE_N_PROPS, leave_props);
}

static void
kd_leave_request_init (KdLeaveRequest *self)
{
  self->reason = g_strdup ("");
  self->decision_note = g_strdup ("");
}

KdLeaveRequest *
kd_leave_request_new (gint64       staff_id,
                      const char  *first_day,
                      const char  *last_day,
                      KdLeaveKind  kind,
                      const char  *reason)
{
  KdLeaveRequest *self = g_object_new (KD_TYPE_LEAVE_REQUEST, NULL);

  self->staff_id = staff_id;
  self->first_day = g_strdup (first_day);
  self->last_day = g_strdup (last_day ? last_day : first_day);
  self->kind = kind;
  kd_text_replace (&self->reason, reason ? reason : "");
  return self;
}

/* Copies @other's fields and notifies every label (a list row refreshed in place). */
void
kd_leave_request_assign (KdLeaveRequest *self,
                         KdLeaveRequest *other)
{
  g_return_if_fail (KD_IS_LEAVE_REQUEST (self) && KD_IS_LEAVE_REQUEST (other));

  self->id = other->id;
  self->staff_id = other->staff_id;
  kd_text_replace (&self->staff_name, other->staff_name);
  kd_text_replace (&self->staff_job_number, other->staff_job_number);
  kd_text_replace (&self->first_day, other->first_day);
  kd_text_replace (&self->last_day, other->last_day);
  self->kind = other->kind;
  kd_text_replace (&self->reason, other->reason);
  self->status = other->status;
  self->created_at = other->created_at;
  self->decided_at = other->decided_at;
  kd_text_replace (&self->decided_by_name, other->decided_by_name);
  kd_text_replace (&self->decision_note, other->decision_note);
  for (guint i = 1; i < LEAVE_N_PROPS; i++)
    g_object_notify_by_pspec (G_OBJECT (self), leave_props[i]);
}

int
kd_leave_request_n_days (KdLeaveRequest *self)
{
  GDate a, b;

  if (!kd_day_parse (self->first_day, &a) || !kd_day_parse (self->last_day, &b))
    return 0;
  return g_date_days_between (&a, &b) + 1;
}

gboolean
kd_leave_request_validate (KdLeaveRequest  *self,
                           GError         **error)
{
  GDate a, b;

  g_return_val_if_fail (KD_IS_LEAVE_REQUEST (self), FALSE);

  if (self->staff_id <= 0)
    {
      g_set_error (error, KD_VALIDATION_ERROR, KD_REQUEST_FIELD_STAFF, _("Choose who takes the leave."));
      return FALSE;
    }
  if (!kd_day_parse (self->first_day, &a))
    {
      g_set_error (error, KD_VALIDATION_ERROR, KD_REQUEST_FIELD_DAYS,
                   _("“%s” is not a day written YYYY-MM-DD."), self->first_day ? self->first_day : "");
      return FALSE;
    }
  if (!kd_day_parse (self->last_day, &b))
    {
      g_set_error (error, KD_VALIDATION_ERROR, KD_REQUEST_FIELD_DAYS,
                   _("“%s” is not a day written YYYY-MM-DD."), self->last_day ? self->last_day : "");
      return FALSE;
    }
  if (g_date_compare (&b, &a) < 0)
    {
      g_set_error (error, KD_VALIDATION_ERROR, KD_REQUEST_FIELD_DAYS,
                   _("The last day of the leave is before its first day."));
      return FALSE;
    }
  if (g_date_days_between (&a, &b) + 1 > KD_LEAVE_MAX_DAYS)
    {
      g_set_error (error, KD_VALIDATION_ERROR, KD_REQUEST_FIELD_DAYS,
                   _("One request covers at most %d days; ask for longer leave in two."), KD_LEAVE_MAX_DAYS);
      return FALSE;
    }
  if (self->kind >= KD_N_LEAVE_KINDS)
    {
      g_set_error (error, KD_VALIDATION_ERROR, KD_REQUEST_FIELD_KIND, _("Choose the kind of leave."));
      return FALSE;
    }
  return check_reason (self->reason, error);
}

/* ---------------------------------------------------------------- swaps */

G_DEFINE_FINAL_TYPE (KdSwapRequest, kd_swap_request, G_TYPE_OBJECT)

enum {
  SWAP_PROP_0,
  SWAP_PROP_ID,
  SWAP_PROP_A_LABEL,
  SWAP_PROP_B_LABEL,
  SWAP_PROP_DAYS_LABEL,
  SWAP_PROP_REASON,
  SWAP_PROP_STATUS_LABEL,
  SWAP_PROP_DECISION_LABEL,
  SWAP_N_PROPS
};

static GParamSpec *swap_props[SWAP_N_PROPS];

static void
kd_swap_request_finalize (GObject *object)
{
  KdSwapRequest *self = KD_SWAP_REQUEST (object);

  g_free (self->a_name);
  g_free (self->a_job_number);
  g_free (self->b_name);
  g_free (self->b_job_number);
  g_strfreev (self->days);
  g_free (self->reason);
  g_free (self->decided_by_name);
  g_free (self->decision_note);
  G_OBJECT_CLASS (kd_swap_request_parent_class)->finalize (object);
}

static void
kd_swap_request_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  KdSwapRequest *self = KD_SWAP_REQUEST (object);

  switch (prop_id)
    {
    case SWAP_PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case SWAP_PROP_A_LABEL:
      g_value_take_string (value, format_person (self->a_name, self->a_job_number));
      break;
    case SWAP_PROP_B_LABEL:
      g_value_take_string (value, format_person (self->b_name, self->b_job_number));
      break;
    case SWAP_PROP_DAYS_LABEL:
      g_value_take_string (value, self->days ? g_strjoinv (", ", self->days) : g_strdup (""));
      break;
    case SWAP_PROP_REASON:
      g_value_set_string (value, self->reason);
      break;
    case SWAP_PROP_STATUS_LABEL:
      g_value_set_string (value, kd_request_status_get_label (self->status));
      break;
    case SWAP_PROP_DECISION_LABEL:
      g_value_take_string (value, format_decision (self->status, self->decided_at,
                                                   self->decided_by_name, self->decision_note));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kd_swap_request_class_init (KdSwapRequestClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kd_swap_request_finalize;
  object_class->get_property = kd_swap_request_get_property;
  swap_props[SWAP_PROP_ID] = id_pspec ();
  swap_props[SWAP_PROP_A_LABEL] = label_pspec ("a-label");
  swap_props[SWAP_PROP_B_LABEL] = label_pspec ("b-label");
  swap_props[SWAP_PROP_DAYS_LABEL] = label_pspec ("days-label");
  swap_props[SWAP_PROP_REASON] = label_pspec ("reason");
  swap_props[SWAP_PROP_STATUS_LABEL] = label_pspec ("status-label");
  swap_props[SWAP_PROP_DECISION_LABEL] = label_pspec ("decision-label");
  g_object_class_install_properties (object_class, SWAP_N_PROPS, swap_props);
}

static void
kd_swap_request_init (KdSwapRequest *self)
{
  self->reason = g_strdup ("");
  self->decision_note = g_strdup ("");
  self->days = g_new0 (char *, 1);
}

static GStrv
split_days (const char *days)
{
  g_auto(GStrv) parts = g_regex_split_simple ("[\\s,，、;]+", days ? days : "", 0, 0);
  GPtrArray *out = g_ptr_array_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    if (*parts[i] != '\0')
      g_ptr_array_add (out, g_strdup (parts[i]));
  g_ptr_array_add (out, NULL);
  return (GStrv) g_ptr_array_free (out, FALSE);
}

KdSwapRequest *
kd_swap_request_new (gint64      staff_a,
                     gint64      staff_b,
                     const char *days,
                     const char *reason)
{
  KdSwapRequest *self = g_object_new (KD_TYPE_SWAP_REQUEST, NULL);

  self->staff_a = staff_a;
  self->staff_b = staff_b;
  g_strfreev (self->days);
  self->days = split_days (days);
  kd_text_replace (&self->reason, reason ? reason : "");
  return self;
}

void
kd_swap_request_assign (KdSwapRequest *self,
                        KdSwapRequest *other)
{
  g_return_if_fail (KD_IS_SWAP_REQUEST (self) && KD_IS_SWAP_REQUEST (other));

  self->id = other->id;
  self->staff_a = other->staff_a;
  self->staff_b = other->staff_b;
  kd_text_replace (&self->a_name, other->a_name);
  kd_text_replace (&self->a_job_number, other->a_job_number);
  kd_text_replace (&self->b_name, other->b_name);
  kd_text_replace (&self->b_job_number, other->b_job_number);
  g_strfreev (self->days);
  self->days = g_strdupv (other->days);
  kd_text_replace (&self->reason, other->reason);
  self->status = other->status;
  self->created_at = other->created_at;
  self->decided_at = other->decided_at;
  kd_text_replace (&self->decided_by_name, other->decided_by_name);
  kd_text_replace (&self->decision_note, other->decision_note);
  for (guint i = 1; i < SWAP_N_PROPS; i++)
    g_object_notify_by_pspec (G_OBJECT (self), swap_props[i]);
}

char *
kd_swap_request_dup_days (KdSwapRequest *self)
{
  return g_strjoinv (",", self->days);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/* Also sorts the days and drops repeats, so the stored text is canonical. */
gboolean
kd_swap_request_validate (KdSwapRequest  *self,
                          GError        **error)
{
  guint n, w = 0;

  g_return_val_if_fail (KD_IS_SWAP_REQUEST (self), FALSE);

  if (self->staff_a <= 0)
    {
      g_set_error (error, KD_VALIDATION_ERROR, KD_REQUEST_FIELD_STAFF, _("Choose who asks for the swap."));
      return FALSE;
    }
  if (self->staff_b <= 0)
    {
      g_set_error (error, KD_VALIDATION_ERROR, KD_REQUEST_FIELD_OTHER_STAFF, _("Choose who to swap with."));
      return FALSE;
    }
  if (self->staff_a == self->staff_b)
    {
      g_set_error (error, KD_VALIDATION_ERROR, KD_REQUEST_FIELD_OTHER_STAFF,
                   _("A swap needs two different people."));
      return FALSE;
    }
  n = g_strv_length (self->days);
  if (n == 0)
    {
      g_set_error (error, KD_VALIDATION_ERROR, KD_REQUEST_FIELD_DAYS, _("Give the days to swap, YYYY-MM-DD."));
      return FALSE;
    }
  for (guint i = 0; i < n; i++)
    {
      GDate d;

      if (!kd_day_parse (self->days[i], &d))
        {
          g_set_error (error, KD_VALIDATION_ERROR, KD_REQUEST_FIELD_DAYS,
                       _("“%s” is not a day written YYYY-MM-DD."), self->days[i]);
          return FALSE;
        }
    }
  qsort (self->days, n, sizeof (char *), compare_strings);
  for (guint i = 0; i < n; i++)
    {
      if (w > 0 && strcmp (self->days[w - 1], self->days[i]) == 0)
        {
          g_free (self->days[i]);
          continue;
        }
      self->days[w++] = self->days[i];
    }
  self->days[w] = NULL;
  if (w > KD_SWAP_MAX_DAYS)
    {
      g_set_error (error, KD_VALIDATION_ERROR, KD_REQUEST_FIELD_DAYS,
                   _("One swap covers at most %d days."), KD_SWAP_MAX_DAYS);
      return FALSE;
    }
  return check_reason (self->reason, error);
}

/* ---------------------------------------------------------------- decisions */

gboolean
kd_request_check_decider (KdStaff       *decider,
                          const gint64  *requester_ids,
                          GError       **error)
{
  KdRole role;

  if (decider == NULL)
    {
      g_set_error (error, KD_VALIDATION_ERROR, KD_REQUEST_FIELD_DECIDER,
                   _("Sign in as a supervisor to decide requests."));
      return FALSE;
    }
  role = kd_staff_get_role (decider);
  if (role != KD_ROLE_SUPERVISOR && role != KD_ROLE_OWNER)
    {
      g_set_error (error, KD_VALIDATION_ERROR, KD_REQUEST_FIELD_DECIDER,
                   _("Only a supervisor or the owner decides requests; %s is signed in."),
                   kd_staff_get_name (decider));
      return FALSE;
    }
  if (role == KD_ROLE_SUPERVISOR)
    for (guint i = 0; requester_ids != NULL && requester_ids[i] != 0; i++)
      if (requester_ids[i] == kd_staff_get_id (decider))
        {
          g_set_error (error, KD_VALIDATION_ERROR, KD_REQUEST_FIELD_DECIDER,
                       _("A supervisor does not decide their own request; ask another supervisor or the owner."));
          return FALSE;
        }
  return TRUE;
}

gboolean
kd_request_check_pending (KdRequestStatus   status,
                          GError          **error)
{
  if (status != KD_REQUEST_PENDING)
    {
      g_set_error (error, KD_VALIDATION_ERROR, KD_REQUEST_FIELD_STATUS,
                   _("This request was already %s."), kd_request_status_get_label (status));
      return FALSE;
    }
  return TRUE;
}
