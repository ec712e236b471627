/* kd-unpaid-page-private.h: what the Unpaid page's tests look at. */
#pragma once

#include "kd-unpaid-page.h"
#include "kd-unpaid-report.h"

G_BEGIN_DECLS

/* The list's columns, as their cells show them. */
typedef enum {
  KD_UNPAID_COL_ORDER,
  KD_UNPAID_COL_BUYER,
  KD_UNPAID_COL_AMOUNT,
  KD_UNPAID_COL_PLACED,
  KD_UNPAID_COL_UNPAID,
  KD_UNPAID_COL_AGENT,
  KD_UNPAID_COL_STATE,
  KD_UNPAID_COL_NOTE,
  KD_UNPAID_COL_ACTIONS,
  KD_UNPAID_N_COLS
} KdUnpaidColumn;

GListModel       *_kd_unpaid_page_get_visible_model (KdUnpaidPage   *self);
GtkColumnView    *_kd_unpaid_page_get_column_view   (KdUnpaidPage   *self);
/* "list" or "empty". */
const char       *_kd_unpaid_page_get_state         (KdUnpaidPage   *self);
const char       *_kd_unpaid_page_get_empty_text    (KdUnpaidPage   *self);
gboolean          _kd_unpaid_page_is_busy           (KdUnpaidPage   *self);
/* The text of @column's cell for @order (owned by the page until the next call). */
const char       *_kd_unpaid_page_get_cell          (KdUnpaidPage   *self,
                                                     KdUnpaidOrder  *order,
                                                     KdUnpaidColumn  column);
/* @job_number NULL: all agents. FALSE when the dropdown has no such agent. */
gboolean          _kd_unpaid_page_filter_agent      (KdUnpaidPage   *self,
                                                     const char     *job_number);
/* The follow-up question while it is open. */
AdwMessageDialog *_kd_unpaid_page_get_dialog        (KdUnpaidPage   *self);
GtkEditable      *_kd_unpaid_page_get_note_entry    (KdUnpaidPage   *self);
void              _kd_unpaid_page_tick              (KdUnpaidPage   *self);
KdUnpaidReport   *_kd_unpaid_page_get_report        (KdUnpaidPage   *self);
void              _kd_unpaid_page_show_report       (KdUnpaidPage   *self);

GListModel       *_kd_unpaid_report_get_rows        (KdUnpaidReport *self);
gboolean          _kd_unpaid_report_is_busy         (KdUnpaidReport *self);
void              _kd_unpaid_report_set_range       (KdUnpaidReport *self,
                                                     const char     *since,
                                                     const char     *until,
                                                     KdUnpaidPeriod  period);
/* Columns: period, agent, routed, followed up, paid, recovered, median. */
const char       *_kd_unpaid_report_get_cell        (KdUnpaidReport *self,
                                                     guint           position,
                                                     guint           column);
guint             _kd_unpaid_report_draw_chart      (KdUnpaidReport *self,
                                                     cairo_t        *cr,
                                                     int             width,
                                                     int             height);
/* Bars the widget drew the last time GTK painted it. */
guint             _kd_unpaid_report_get_n_drawn     (KdUnpaidReport *self);
gboolean          _kd_unpaid_report_export          (KdUnpaidReport *self,
                                                     const char     *path,
                                                     GError        **error);

G_END_DECLS
