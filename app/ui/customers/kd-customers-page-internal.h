/* kd-customers-page-internal.h: what the Customers page's three files share (kd-customers-page.c: search, writes and undo, the editor, context; -list.c: cells and filters; -actions.c: bulk choosers, merge, import/export). */
#pragma once

#include "kd-customers-page-private.h"
#include "kd-customer-editor.h"
#include "kd-tag-manager.h"

G_BEGIN_DECLS

/* A write on its way: how its toast describes it. */
typedef char *(*DescribeFunc) (KdCustomerChange *change, gpointer data);

typedef struct {
  KdCustomersPage *self;
  DescribeFunc     describe;
  char            *what;       /* a tag or an owner name, for the toast */
  guint            n_asked;
} WriteData;

struct _KdCustomersPage
{
  GtkWidget            parent_instance;

  KdContext           *context;
  GtkColumnViewColumn *phone_column;        /* masked */
  GtkColumnViewColumn *full_phone_column;   /* for the owner who asked for it */
  KdQueryModel        *model;
  GListModel          *tags;          /* the service's */
  GPtrArray           *staff;         /* KdStaff, active: owner filter and "Set owner" */

  KdCustomerChange    *last_change;   /* what Undo reverses */
  AdwToast            *undo_toast;    /* weak */
  KdCustomerEditor    *editor;        /* weak */
  KdTagManager        *tag_manager;   /* weak */
  char                *last_toast;
  gint64               select_id;     /* select once the model has it */
  gboolean             to_top;        /* a new search or filter: its first rows in view */
  guint                to_top_id;     /* the idle that scrolls there */
  guint                to_top_tick;   /* the frame that checks it stayed there */
  guint                n_running;     /* imports and exports on their way */
  guint                n_writing;     /* writes on their way */
  gboolean             rebuilding_tags;

  GtkWidget           *box;
  GtkSearchEntry      *search_entry;
  GtkSpinner          *busy_spinner;
  GtkMenuButton       *tags_button;
  GtkToggleButton     *match_all_button;
  GtkToggleButton     *match_any_button;
  GtkBox              *tag_checks;
  GtkDropDown         *vip_filter;
  GtkDropDown         *style_filter;
  GtkDropDown         *buying_filter;
  GtkDropDown         *owner_filter;
  GtkToggleButton     *blacklist_filter;
  GtkLabel            *count_label;
  GtkStack            *content_stack;
  GtkColumnView       *column_view;
  GtkMultiSelection   *selection;
  GtkRevealer         *action_revealer;
  GtkLabel            *selected_label;
};

/* kd-customers-page.c */
KdCustomerService *_kd_customers_page_service (KdCustomersPage *self);
GCancellable *_kd_customers_page_cancellable (KdCustomersPage *self);
GtkWindow *_kd_customers_page_parent_window (KdCustomersPage *self);
void _kd_customers_page_show_toast (KdCustomersPage *self,
                                    AdwToast        *toast,
                                    const char      *text);
void _kd_customers_page_show_error (KdCustomersPage *self,
                                    const GError    *error);
GArray *_kd_customers_page_selected_ids (KdCustomersPage *self);
guint _kd_customers_page_n_selected (KdCustomersPage *self);
guint _kd_customers_page_n_tag_filter (KdCustomersPage *self);
void _kd_customers_page_update_state (KdCustomersPage *self);
void _kd_customers_page_write_done (GObject      *source,
                                    GAsyncResult *result,
                                    gpointer      user_data);
WriteData *_kd_customers_page_write_data_new (KdCustomersPage *self,
                                              DescribeFunc     describe,
                                              const char      *what,
                                              guint            n_asked);
char *_kd_customers_page_describe_tagged (KdCustomerChange *change, gpointer data);
char *_kd_customers_page_describe_merged (KdCustomerChange *change, gpointer data);
void _kd_customers_page_bulk_tag (KdCustomersPage *self,
                                  gint64           tag_id,
                                  gboolean         add);

/* kd-customers-page-list.c */
void _kd_customers_page_build_columns (KdCustomersPage *self);
void _kd_customers_page_on_tag_filter_changed (KdCustomersPage *self);
void _kd_customers_page_rebuild_tag_checks (KdCustomersPage *self);
void _kd_customers_page_on_tags_changed (KdCustomersPage *self);
void _kd_customers_page_on_filter_changed (KdCustomersPage *self);
void _kd_customers_page_fill_filter_models (KdCustomersPage *self);
GtkStringList *_kd_customers_page_staff_names (KdCustomersPage *self,
                                               const char      *first);
void _kd_customers_page_load_staff (KdCustomersPage *self);
void _kd_customers_page_clear_tag_filter_activated (GtkWidget *widget, const char *name, GVariant *param);
void _kd_customers_page_clear_filters_activated (GtkWidget *widget, const char *name, GVariant *param);

/* kd-customers-page-actions.c */
void _kd_customers_page_tag_selected_activated (GtkWidget *widget, const char *name, GVariant *param);
void _kd_customers_page_untag_selected_activated (GtkWidget *widget, const char *name, GVariant *param);
void _kd_customers_page_owner_selected_activated (GtkWidget *widget, const char *name, GVariant *param);
void _kd_customers_page_merge_selected_activated (GtkWidget *widget, const char *name, GVariant *param);
void _kd_customers_page_import_activated (GtkWidget *widget, const char *name, GVariant *param);
void _kd_customers_page_export_activated (GtkWidget *widget, const char *name, GVariant *param);

G_END_DECLS
