/* kd-customer-editor-internal.h: what the profile window's two files share (kd-customer-editor.c: loading, saving, revealing, purchases; kd-customer-editor-form.c: the form and its validation). */
#pragma once

#include "kd-customer-editor-private.h"

G_BEGIN_DECLS

struct _KdCustomerEditor
{
  AdwWindow          parent_instance;

  KdContext         *context;
  gint64             id;
  KdCustomer        *customer;       /* as loaded, contacts unmasked; or a new one */
  GArray            *owner_ids;      /* gint64 per owner choice; [0] is nobody */
  GArray            *tag_ids;        /* as edited */
  GCancellable      *nick_check;     /* a uniqueness check on its way */
  char              *nick_holder;    /* who has the typed nickname, NULL: nobody */
  gboolean           revealed;
  gboolean           filling;
  guint              n_busy;         /* loads, reveals, saves on their way */
  guint              n_orders;

  /* the template's */
  GtkRevealer       *banner;
  GtkLabel          *banner_label;
  GtkStack          *stack;
  GtkBox            *form;
  AdwStatusPage     *gone_page;
  GtkLabel          *save_error;
  GtkWidget         *save_button;

  /* built in code, one helper call a field */
  AdwEntryRow       *nickname_row;
  GtkLabel          *nickname_error;
  AdwEntryRow       *real_name_row;
  GtkLabel          *real_name_error;
  AdwComboRow       *gender_row;
  AdwEntryRow       *birthday_row;
  GtkLabel          *birthday_error;
  GtkSpinButton     *vip_spin;
  AdwEntryRow       *first_contact_row;
  GtkLabel          *first_contact_error;
  AdwComboRow       *owner_row;

  GtkWidget         *reveal_button;
  GtkStack          *phones_stack;
  GtkLabel          *phones_masked;
  GtkTextView       *phones_view;
  GtkLabel          *phones_error;
  GtkStack          *addresses_stack;
  GtkLabel          *addresses_masked;
  GtkTextView       *addresses_view;
  GtkLabel          *addresses_error;

  GtkSpinButton     *height_spin;
  GtkLabel          *height_error;
  GtkSpinButton     *weight_spin;
  GtkLabel          *weight_error;
  AdwEntryRow       *size_row;
  GtkLabel          *size_error;
  AdwEntryRow       *fit_row;
  GtkLabel          *fit_error;

  AdwComboRow       *style_row;
  AdwComboRow       *buying_row;

  AdwActionRow      *blacklist_row;
  GtkSwitch         *blacklist_switch;
  AdwEntryRow       *reason_row;
  GtkLabel          *reason_error;

  GtkFlowBox        *tag_box;
  GtkDropDown       *tag_drop_down;

  GtkTextView       *notes_view;
  GtkLabel          *notes_error;

  GtkListBox        *orders_list;
  GtkWidget         *orders_empty;
};

/* kd-customer-editor.c */
KdCustomerService *_kd_customer_editor_service             (KdCustomerEditor *self);
void               _kd_customer_editor_on_nickname_changed (KdCustomerEditor *self);

/* kd-customer-editor-form.c */
void               _kd_customer_editor_build_form          (KdCustomerEditor *self);
void               _kd_customer_editor_fill_form           (KdCustomerEditor *self);
KdCustomer        *_kd_customer_editor_customer_from_form  (KdCustomerEditor *self);
void               _kd_customer_editor_validate            (KdCustomerEditor *self);
void               _kd_customer_editor_show_contacts       (KdCustomerEditor *self);
char              *_kd_customer_editor_view_text           (GtkTextView      *view);
void               _kd_customer_editor_refresh_tags_activated (GtkWidget  *widget,
                                                               const char *name,
                                                               GVariant   *param);
void               _kd_customer_editor_add_tag_activated   (GtkWidget        *widget,
                                                            const char       *name,
                                                            GVariant         *param);

G_END_DECLS
