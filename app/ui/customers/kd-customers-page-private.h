/* kd-customers-page-private.h: what the page's tests look at. */
#pragma once

#include "kd-customers-page.h"
#include "kd-customer-editor.h"

G_BEGIN_DECLS

GtkWidget        *_kd_customers_page_get_search_entry (KdCustomersPage *self);
GtkSelectionModel *_kd_customers_page_get_selection   (KdCustomersPage *self);
KdQueryModel     *_kd_customers_page_get_model        (KdCustomersPage *self);
GtkWidget        *_kd_customers_page_get_column_view  (KdCustomersPage *self);
gboolean          _kd_customers_page_is_busy          (KdCustomersPage *self);
const char       *_kd_customers_page_get_count_text   (KdCustomersPage *self);
const char       *_kd_customers_page_get_state        (KdCustomersPage *self);
/* Whether the Phone column shows numbers in full (the owner's preference). */
gboolean          _kd_customers_page_shows_full_phones (KdCustomersPage *self);
KdCustomerEditor *_kd_customers_page_get_editor       (KdCustomersPage *self);
/* The title of the last toast shown (plain text), NULL before any. */
const char       *_kd_customers_page_get_last_toast   (KdCustomersPage *self);

/* The box of the Tags popover's check buttons, one a tag. */
GtkWidget        *_kd_customers_page_get_tag_checks   (KdCustomersPage *self);
/* Exports the filtered list to @path, as the Export menu does. */
void              _kd_customers_page_export_to        (KdCustomersPage *self,
                                                       const char      *path);

/* Imports @path, as the Import menu does (errors in a dialog; its text is
 * also the last toast's). */
void              _kd_customers_page_import_from      (KdCustomersPage *self,
                                                       const char      *path);

G_END_DECLS
