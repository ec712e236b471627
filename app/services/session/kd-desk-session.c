/* kd-desk-session.c: signing in and out at the desk; only active staff can be at the desk. */
#include "kd-desk-session.h"
#include "kd-audit-repo.h"
#include "kd-clock.h"
#include "kd-service-job.h"
#include "kd-staff-repo.h"

#include <glib/gi18n-lib.h>

struct _KdDeskSession
{
  GObject         parent_instance;
  KdStore        *store;
  KdStaffService *staff_service;
  GSettings      *settings;
  KdStaff        *agent;
  gboolean        show_unmasked;
};

G_DEFINE_FINAL_TYPE (KdDeskSession, kd_desk_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_AGENT,
  PROP_SHOW_UNMASKED,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

typedef struct {
  char    *job_number;
  gint64   at;
  KdStaff *staff;   /* found: who signed in; NULL for a sign-out */
  GError  *refused; /* unknown or inactive: signed out instead */
} SignIn;

static void
sign_in_free (SignIn *s)
{
  g_free (s->job_number);
  g_clear_object (&s->staff);
  g_clear_error (&s->refused);
  g_free (s);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SignIn, sign_in_free)

/* Customers' contact data unmasked: only for the owner (who also reads
 * the privacy log), and only while they have asked for it. */
static void
update_show_unmasked (KdDeskSession *self)
{
  gboolean show = kd_desk_session_is_owner (self) && g_settings_get_boolean (self->settings, "show-full-phone");

  if (show == self->show_unmasked)
    return;
  self->show_unmasked = show;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_SHOW_UNMASKED]);
}

static void
set_agent (KdDeskSession *self,
           KdStaff       *staff)
{
  if (!g_set_object (&self->agent, staff))
    return;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_AGENT]);
  update_show_unmasked (self);
}

/* Looks the person up and records the sign-in in one transaction, so a
 * sign-in is never recorded for someone deactivated meanwhile. */
static gboolean
sign_in_job (KdConn   *conn,
             gpointer  data,
             GError  **error)
{
  SignIn *s = data;
  g_autoptr(KdStaff) staff = NULL;

  if (s->job_number == NULL || *s->job_number == '\0')
    return TRUE;  /* signing out records nothing */

  /* Someone who cannot be at the desk leaves nobody signed in, rather
   * than the previous agent still stamping remarks. */
  staff = kd_staff_repo_find_by_job_number (conn, s->job_number, &s->refused);
  if (staff == NULL && !g_error_matches (s->refused, KD_STORE_ERROR, KD_STORE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&s->refused));
      return FALSE;
    }
  if (staff == NULL)
    return TRUE;
  if (!kd_staff_get_active (staff))
    {
      g_set_error (&s->refused, KD_STORE_ERROR, KD_STORE_ERROR_INVALID,
                   _("%s is no longer active and cannot sign in."), kd_staff_get_name (staff));
      return TRUE;
    }
  if (!kd_staff_repo_record_sign_in (conn, staff, s->at, error))
    return FALSE;
  s->staff = g_steal_pointer (&staff);
  return TRUE;
}

static void
finish_sign_in (KdDeskSession *self,
                SignIn        *s)
{
  g_settings_set_string (self->settings, "signed-in-job-number", s->staff ? s->job_number : "");
  set_agent (self, s->staff);
}

static SignIn *
sign_in_new (const char *job_number)
{
  SignIn *s = g_new0 (SignIn, 1);

  s->job_number = g_strdup (job_number ? job_number : "");
  s->at = kd_clock_now_unix (NULL);
  return s;
}

/* In the caller's context, once the sign-in (or its refusal) is recorded. */
static gboolean
sign_in_done (gpointer   source_object,
              gpointer   data,
              GError   **error)
{
  SignIn *s = data;

  finish_sign_in (KD_DESK_SESSION (source_object), s);
  if (s->refused != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&s->refused));
      return FALSE;
    }
  return TRUE;
}

gboolean
kd_desk_session_sign_in (KdDeskSession  *self,
                         const char     *job_number,
                         GError        **error)
{
  g_autoptr(SignIn) s = sign_in_new (job_number);

  g_return_val_if_fail (KD_IS_DESK_SESSION (self), FALSE);

  if (self->agent != NULL && g_strcmp0 (kd_staff_get_job_number (self->agent), s->job_number) == 0)
    return TRUE;
  return kd_store_write (self->store, sign_in_job, s, error) && sign_in_done (self, s, error);
}

/* An empty @job_number signs out. */
void
kd_desk_session_sign_in_async (KdDeskSession       *self,
                               const char          *job_number,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (KD_IS_DESK_SESSION (self));

  if (self->agent != NULL && g_strcmp0 (kd_staff_get_job_number (self->agent), job_number) == 0)
    {
      g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

      g_task_set_source_tag (task, kd_desk_session_sign_in_async);
      g_task_return_boolean (task, TRUE);
      return;
    }
  kd_service_job_run_async (self, kd_desk_session_sign_in_async, self->store, KD_SERVICE_JOB_WRITE, sign_in_job,
                            sign_in_new (job_number), (GDestroyNotify) sign_in_free, sign_in_done,
                            cancellable, callback, user_data);
}

gboolean
kd_desk_session_sign_in_finish (KdDeskSession  *self,
                                GAsyncResult   *result,
                                GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* At start: whoever was signed in on this computer last, if still active.
 * Not recorded again: they did not sign in anew. */
void
kd_desk_session_restore (KdDeskSession *self)
{
  g_autofree char *job_number = NULL;
  g_autoptr(KdStaff) staff = NULL;

  g_return_if_fail (KD_IS_DESK_SESSION (self));

  job_number = g_settings_get_string (self->settings, "signed-in-job-number");
  if (*job_number != '\0')
    staff = kd_staff_service_find_by_job_number (self->staff_service, job_number, NULL);
  if (staff != NULL && !kd_staff_get_active (staff))
    g_clear_object (&staff);
  set_agent (self, staff);
}

gboolean
kd_desk_session_audit_record (KdDeskSession  *self,
                              KdConn         *conn,
                              const char     *action,
                              const char     *entity,
                              const gint64   *ids,
                              guint           n_ids,
                              const char     *detail,
                              GError        **error)
{
  g_return_val_if_fail (KD_IS_DESK_SESSION (self), FALSE);
  return kd_audit_repo_record (conn, self->agent, action, entity, ids, n_ids, detail, error);
}

typedef struct {
  KdStaff *agent;
  char    *action;
  char    *entity;
  char    *detail;
} AuditJob;

static void
audit_job_free (AuditJob *job)
{
  g_clear_object (&job->agent);
  g_free (job->action);
  g_free (job->entity);
  g_free (job->detail);
  g_free (job);
}

static gboolean
audit_job (KdConn   *conn,
           gpointer  data,
           GError  **error)
{
  AuditJob *job = data;
  return kd_audit_repo_record (conn, job->agent, job->action, job->entity, NULL, 0, job->detail, error);
}

static void
audit_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* Losing an audit row is worth a warning in the journal, not a dialog. */
  if (!kd_store_write_finish (KD_STORE (source), result, &error))
    g_warning ("Could not write the audit log: %s", error->message);
}

void
kd_desk_session_audit_async (KdDeskSession *self,
                             const char    *action,
                             const char    *entity,
                             const char    *detail)
{
  AuditJob *job;

  g_return_if_fail (KD_IS_DESK_SESSION (self));

  job = g_new0 (AuditJob, 1);
  job->agent = self->agent ? g_object_ref (self->agent) : NULL;
  job->action = g_strdup (action);
  job->entity = g_strdup (entity);
  job->detail = g_strdup (detail);
  kd_store_write_async (self->store, audit_job, job, (GDestroyNotify) audit_job_free, NULL, audit_done, NULL);
}

KdStaff *
kd_desk_session_get_agent (KdDeskSession *self)
{
  g_return_val_if_fail (KD_IS_DESK_SESSION (self), NULL);
  return self->agent;
}

/* The directory changed: the agent's name, or whether they are still active. */
static void
on_staff_changed (KdStore       *store,
                  const char    *table,
                  GArray        *ids,
                  KdDeskSession *self)
{
  g_autoptr(KdStaff) fresh = NULL;

  if (self->agent == NULL)
    return;
  fresh = kd_staff_service_find_by_job_number (self->staff_service, kd_staff_get_job_number (self->agent), NULL);
  if (fresh == NULL || !kd_staff_get_active (fresh) || kd_staff_get_id (fresh) != kd_staff_get_id (self->agent))
    {
      g_settings_set_string (self->settings, "signed-in-job-number", "");
      set_agent (self, NULL);
    }
  else
    kd_staff_assign (self->agent, fresh);
  update_show_unmasked (self);   /* the role may have changed */
}

gboolean
kd_desk_session_is_owner (KdDeskSession *self)
{
  g_return_val_if_fail (KD_IS_DESK_SESSION (self), FALSE);
  return self->agent != NULL && kd_staff_get_role (self->agent) == KD_ROLE_OWNER;
}

gboolean
kd_desk_session_get_show_unmasked (KdDeskSession *self)
{
  g_return_val_if_fail (KD_IS_DESK_SESSION (self), FALSE);
  return self->show_unmasked;
}

static void
kd_desk_session_dispose (GObject *object)
{
  KdDeskSession *self = KD_DESK_SESSION (object);

  g_clear_object (&self->agent);
  g_clear_object (&self->staff_service);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (kd_desk_session_parent_class)->dispose (object);
}

static void
kd_desk_session_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  KdDeskSession *self = KD_DESK_SESSION (object);

  switch (prop_id)
    {
    case PROP_AGENT:
      g_value_set_object (value, self->agent);
      break;    case PROP_SHOW_UNMASKED:
      g_value_set_boolean (value, self->show_unmasked);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kd_desk_session_class_init (KdDeskSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kd_desk_session_dispose;
  object_class->get_property = kd_desk_session_get_property;

  props[PROP_AGENT] =
    g_param_spec_object ("agent", NULL, NULL, KD_TYPE_STAFF,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  props[PROP_SHOW_UNMASKED] =
    g_param_spec_boolean ("show-unmasked", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
kd_desk_session_init (KdDeskSession *self)
{
}

KdDeskSession *
kd_desk_session_new (KdStore        *store,
                     KdStaffService *staff,
                     GSettings      *settings)
{
  KdDeskSession *self = g_object_new (KD_TYPE_DESK_SESSION, NULL);

  self->store = g_object_ref (store);
  self->staff_service = g_object_ref (staff);
  self->settings = g_object_ref (settings);
  g_signal_connect_object (store, "changed::staff", G_CALLBACK (on_staff_changed), self, 0);
  g_signal_connect_object (settings, "changed::show-full-phone", G_CALLBACK (update_show_unmasked), self, G_CONNECT_SWAPPED);
  return self;
}
