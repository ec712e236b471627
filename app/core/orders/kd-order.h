/* kd-order.h: an order as the Taobao order report has it, its item lines, the shop's remarks and seller flags (contract for the order-remark board). */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* orders.status (0006-customers.sql). */
typedef enum {
  KD_ORDER_AWAITING_PAYMENT,
  KD_ORDER_PAID,              /* paid, awaiting shipment */
  KD_ORDER_SHIPPED,           /* shipped, awaiting confirmation */
  KD_ORDER_COMPLETED,
  KD_ORDER_CLOSED,
  KD_ORDER_OTHER,             /* the report's words kept in status_text */
  KD_N_ORDER_STATUSES,
} KdOrderStatus;

/* Taobao's seller_flag values. */
typedef enum {
  KD_FLAG_NONE,
  KD_FLAG_RED,
  KD_FLAG_YELLOW,
  KD_FLAG_GREEN,
  KD_FLAG_BLUE,
  KD_FLAG_PURPLE,
  KD_N_FLAGS,
} KdFlag;

/* The fields validation can refuse: the codes of KD_VALIDATION_ERROR. */
typedef enum {
  KD_ORDER_FIELD_ORDER_NO = 1,
  KD_ORDER_FIELD_BUYER,
  KD_ORDER_FIELD_CREATED,
  KD_ORDER_FIELD_AMOUNT,
  KD_ORDER_FIELD_REMARK,
  KD_ORDER_FIELD_FOLLOW_UP,
  KD_ORDER_FIELD_FLAG_NAME,
  KD_ORDER_FIELD_FLAG_MEANING,
} KdOrderField;

/* What the shop may call a flag (Preferences), in characters. */
#define KD_FLAG_NAME_MAX_CHARS    16
#define KD_FLAG_MEANING_MAX_CHARS 60

/* seller_memo's limit, in UTF-8 bytes. */
#define KD_REMARK_MAX_BYTES 1000

const char  *kd_order_status_to_key      (KdOrderStatus  status);   /* "awaiting-payment", "paid", … */
gboolean     kd_order_status_from_key    (const char    *key,
                                          KdOrderStatus *out);
const char  *kd_order_status_get_label   (KdOrderStatus  status);
/* The report's 订单状态 ("买家已付款，等待卖家发货", full- or half-width
 * commas); FALSE (and KD_ORDER_OTHER) for words it does not know. */
gboolean     kd_order_status_from_taobao (const char    *text,
                                          KdOrderStatus *out);
const char  *kd_flag_to_key              (KdFlag         flag);     /* "none", "red", … */
gboolean     kd_flag_from_key            (const char    *key,
                                          KdFlag        *out);
/* The default meaning, e.g. "Red: standard order, ready to ship". */
const char  *kd_flag_get_label           (KdFlag         flag);
const char  *kd_flag_get_default_meaning (KdFlag         flag);
const char  *kd_flag_get_colour          (KdFlag         flag);
/* The shop's own name and meaning for a flag: trimmed, on one line, not
 * too long; empty means the default. */
gboolean     kd_flag_validate_texts      (const char    *name,
                                          const char    *meaning,
                                          GError       **error);

/* "201.12", "0.00", "0元", "¥1,280.5" → fen, exactly (no floating point). */
gboolean     kd_money_parse              (const char    *text,
                                          gint64        *out_fen);
/* "2017-07-08 00:42:32" (also "2017/7/8 0:42", seconds optional) in @tz → UTC Unix seconds. */
gboolean     kd_order_time_parse         (const char    *text,
                                          GTimeZone     *tz,
                                          gint64        *out_unix);
/* 1 to 32 ASCII digits: Taobao numbers have 16 to 19 today. */
gboolean     kd_order_no_is_valid        (const char    *text);

typedef struct {
  char   *title;
  char   *attributes;     /* "颜色分类：20厘米锅;尺码：M" as in the report */
  int     quantity;
  gint64  price;          /* fen */
  char   *merchant_code;
} KdOrderItem;

void         kd_order_item_free          (KdOrderItem   *item);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KdOrderItem, kd_order_item_free)
/* "颜色分类：20厘米锅；尺码：M" → ["颜色分类", "20厘米锅", "尺码", "M"] (pairs). */
GStrv        kd_order_item_split_attributes (const char *attributes);

typedef struct {
  gint64  id;
  gint64  order_id;
  KdFlag  flag;
  char   *text;
  char   *job_number;
  gint64  at;             /* UTC Unix seconds */
  char   *follow_up;      /* YYYY-MM-DD or "" */
} KdRemark;

void         kd_remark_free              (KdRemark      *remark);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KdRemark, kd_remark_free)
/* Text at most 1 000 UTF-8 bytes; follow-up a real date or empty. */
gboolean     kd_remark_validate          (const char    *text,
                                          const char    *follow_up,
                                          GError       **error);
/* "3号 · 发顺丰，尺码待确认" as Taobao's seller memo takes it: job number
 * first, one line, cut to 1 000 bytes on a character boundary. */
char        *kd_remark_for_taobao        (const char    *job_number,
                                          const char    *text);

#define KD_TYPE_ORDER (kd_order_get_type ())
G_DECLARE_FINAL_TYPE (KdOrder, kd_order, KD, ORDER, GObject)

/* A plain record like KdCustomer: fields public to core/store/services,
 * list properties for widgets (notified by kd_order_assign): "id",
 * "order-no", "buyer", "status-text", "created-text", "total-text",
 * "flag" (int), "latest-remark", "agent". Times UTC Unix seconds, 0 none;
 * amounts in fen. */
struct _KdOrder
{
  GObject        parent_instance;

  gint64         id;
  char          *order_no;
  gint64         customer_id;
  char          *buyer;            /* the buyer's nickname */
  KdOrderStatus  status;
  char          *status_text;
  gint64         created_at;
  gint64         paid_at;
  gint64         shipped_at;
  gint64         total;
  gint64         paid;
  gint64         postage;
  char          *receiver_name;
  char          *receiver_phone;
  char          *receiver_address;
  char          *shipping_method;
  char          *courier;
  char          *tracking_no;
  char          *buyer_message;
  char          *close_reason;
  char          *taobao_memo;
  KdFlag         flag;
  char          *latest_remark;    /* as listed */
  char          *agent;            /* job number on the latest remark, as listed */
  GPtrArray     *items;            /* of KdOrderItem, when loaded */
};

KdOrder     *kd_order_new                (const char    *order_no,
                                          const char    *buyer);
KdOrder     *kd_order_copy               (KdOrder       *self);
/* Back to what kd_order_new ("", "") gives, keeping its allocations where
 * it can: an import's reading thread reads its next rows into orders the
 * store thread is done with. */
void         kd_order_clear              (KdOrder       *self);
void         kd_order_assign             (KdOrder       *self,
                                          KdOrder       *other);
void         kd_order_set_text           (char         **field,
                                          const char    *value);
gboolean     kd_order_validate           (KdOrder       *self,
                                          GError       **error);
/* The service manual's confirmation for the chat (zh_CN, for the buyer). */
char        *kd_order_confirmation_text  (KdOrder       *self);

G_END_DECLS
