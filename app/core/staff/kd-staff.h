/* kd-staff.h: a member of the shop's customer-service staff. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum {
  KD_ROLE_PRESALE,
  KD_ROLE_AFTERSALE,
  KD_ROLE_ORDER_TRACKING,
  KD_ROLE_COMPLAINTS,
  KD_ROLE_SUPERVISOR,
  KD_ROLE_OWNER,
  KD_N_ROLES,
} KdRole;

#define KD_TYPE_ROLE (kd_role_get_type ())
GType        kd_role_get_type      (void);
const char  *kd_role_to_key        (KdRole      role);
gboolean     kd_role_from_key      (const char *key,
                                    KdRole     *out_role);
const char  *kd_role_get_label     (KdRole      role);

/* The fields validation can refuse: the codes of KD_VALIDATION_ERROR. */
typedef enum {
  KD_STAFF_FIELD_JOB_NUMBER = 1,
  KD_STAFF_FIELD_NAME,
  KD_STAFF_FIELD_PHONE,
} KdStaffField;

/* What removing a staff member did. */
typedef enum {
  KD_STAFF_REMOVAL_FAILED,
  KD_STAFF_REMOVAL_DELETED,
  KD_STAFF_REMOVAL_DEACTIVATED,  /* had history, so only marked inactive */
} KdStaffRemoval;

#define KD_TYPE_STAFF (kd_staff_get_type ())
G_DECLARE_FINAL_TYPE (KdStaff, kd_staff, KD, STAFF, GObject)

KdStaff     *kd_staff_new          (const char *job_number,
                                    const char *name,
                                    KdRole      role,
                                    const char *phone);
KdStaff     *kd_staff_copy         (KdStaff    *self);
gint64       kd_staff_get_id       (KdStaff    *self);
void         kd_staff_set_id       (KdStaff    *self,
                                    gint64      id);
const char  *kd_staff_get_job_number (KdStaff  *self);
void         kd_staff_set_job_number (KdStaff  *self,
                                    const char *job_number);
const char  *kd_staff_get_name     (KdStaff    *self);
void         kd_staff_set_name     (KdStaff    *self,
                                    const char *name);
KdRole       kd_staff_get_role     (KdStaff    *self);
void         kd_staff_set_role     (KdStaff    *self,
                                    KdRole      role);
const char  *kd_staff_get_phone    (KdStaff    *self);
void         kd_staff_set_phone    (KdStaff    *self,
                                    const char *phone);
gboolean     kd_staff_get_active   (KdStaff    *self);
void         kd_staff_set_active   (KdStaff    *self,
                                    gboolean    active);
char        *kd_staff_dup_masked_phone (KdStaff *self);
gboolean     kd_staff_validate_field (KdStaff  *self,
                                    KdStaffField field,
                                    GError    **error);
gboolean     kd_staff_validate     (KdStaff    *self,
                                    GError    **error);
void         kd_staff_assign       (KdStaff    *self,
                                    KdStaff    *other);
char        *kd_staff_dup_search_text (KdStaff *self);
gboolean     kd_staff_matches      (KdStaff    *self,
                                    const char *needle_normalized);

G_END_DECLS
