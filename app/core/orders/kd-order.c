/* kd-order.c: orders, statuses and flags, money and times as the Taobao report writes them, remarks. */
#include "config.h"

#include "kd-order.h"
#include "kd-customer.h"
#include "kd-error.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

/* ---------------------------------------------------------------- statuses and flags */

static const struct {
  const char *key;
  const char *label;
} statuses[KD_N_ORDER_STATUSES] = {
  { "awaiting-payment", N_("Awaiting payment") },
  { "paid", N_("Paid, awaiting shipment") },
  { "shipped", N_("Shipped") },
  { "completed", N_("Completed") },
  { "closed", N_("Closed") },
  { "other", N_("Other") },
};

const char *
kd_order_status_to_key (KdOrderStatus status)
{
  return (guint) status < KD_N_ORDER_STATUSES ? statuses[status].key : "other";
}

gboolean
kd_order_status_from_key (const char    *key,
                          KdOrderStatus *out)
{
  for (guint i = 0; i < KD_N_ORDER_STATUSES; i++)
    if (g_strcmp0 (key, statuses[i].key) == 0)
      {
        *out = (KdOrderStatus) i;
        return TRUE;
      }
  return FALSE;
}

const char *
kd_order_status_get_label (KdOrderStatus status)
{
  return _(statuses[(guint) status < KD_N_ORDER_STATUSES ? status : KD_ORDER_OTHER].label);
}

/* The report's words, commas made half-width. */
static const struct {
  const char    *text;
  KdOrderStatus  status;
} taobao_statuses[] = {
  { "没有创建支付宝交易", KD_ORDER_AWAITING_PAYMENT },
  { "等待买家付款", KD_ORDER_AWAITING_PAYMENT },
  { "等待买家确认货到付款订单信息", KD_ORDER_AWAITING_PAYMENT },
  { "买家已付款,等待卖家发货", KD_ORDER_PAID },
  { "买家已确认,等待卖家发货", KD_ORDER_PAID },
  { "卖家部分发货", KD_ORDER_PAID },
  { "卖家已发货,等待买家确认", KD_ORDER_SHIPPED },
  { "卖家已发货,等待买家确认收货并付款", KD_ORDER_SHIPPED },
  { "买家已签收", KD_ORDER_SHIPPED },
  { "买家已签收,回款至卖家", KD_ORDER_COMPLETED },
  { "交易成功", KD_ORDER_COMPLETED },
  { "交易关闭", KD_ORDER_CLOSED },
  { "交易被淘宝关闭", KD_ORDER_CLOSED },
};

gboolean
kd_order_status_from_taobao (const char    *text,
                             KdOrderStatus *out)
{
  g_autoptr(GString) s = g_string_new (text ? text : "");

  g_string_replace (s, "，", ",", 0);
  g_strstrip (s->str);
  s->len = strlen (s->str);
  for (guint i = 0; i < G_N_ELEMENTS (taobao_statuses); i++)
    if (g_str_equal (s->str, taobao_statuses[i].text))
      {
        *out = taobao_statuses[i].status;
        return TRUE;
      }
  *out = KD_ORDER_OTHER;
  return FALSE;
}

static const struct {
  const char *key;
  const char *label;
  const char *meaning;
  const char *colour;
} flags[KD_N_FLAGS] = {
  { "none", N_("No flag"), "", "#c0bfbc" },
  { "red", N_("Red"), N_("Standard order, ready to ship"), "#e01b24" },
  { "yellow", N_("Yellow"), N_("Special courier request"), "#f5c211" },
  { "green", N_("Green"), N_("Ship later"), "#2ec27e" },
  { "blue", N_("Blue"), N_("Gift or refund information"), "#3584e4" },
  /* Taobao calls 5 purple in one place and pink in another: purple here. */
  { "purple", N_("Purple"), N_("Anything else"), "#9141ac" },
};

const char *
kd_flag_to_key (KdFlag flag)
{
  return (guint) flag < KD_N_FLAGS ? flags[flag].key : "none";
}

gboolean
kd_flag_from_key (const char *key,
                  KdFlag     *out)
{
  for (guint i = 0; i < KD_N_FLAGS; i++)
    if (g_strcmp0 (key, flags[i].key) == 0)
      {
        *out = (KdFlag) i;
        return TRUE;
      }
  if (g_strcmp0 (key, "pink") == 0)
    {
      *out = KD_FLAG_PURPLE;
      return TRUE;
    }
  return FALSE;
}

const char *
kd_flag_get_label (KdFlag flag)
{
  return _(flags[(guint) flag < KD_N_FLAGS ? flag : 0].label);
}

const char *
kd_flag_get_default_meaning (KdFlag flag)
{
  guint f = (guint) flag < KD_N_FLAGS ? flag : 0;
  return *flags[f].meaning ? _(flags[f].meaning) : "";
}

const char *
kd_flag_get_colour (KdFlag flag)
{
  return flags[(guint) flag < KD_N_FLAGS ? flag : 0].colour;
}

gboolean
kd_flag_validate_texts (const char  *name,
                        const char  *meaning,
                        GError     **error)
{
  const struct { const char *text; int field; glong max; } texts[] = {
    { name, KD_ORDER_FIELD_FLAG_NAME, KD_FLAG_NAME_MAX_CHARS },
    { meaning, KD_ORDER_FIELD_FLAG_MEANING, KD_FLAG_MEANING_MAX_CHARS },
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      const char *t = texts[i].text ? texts[i].text : "";

      if (!g_utf8_validate (t, -1, NULL) || strpbrk (t, "\r\n\t") != NULL)
        {
          g_set_error_literal (error, KD_VALIDATION_ERROR, texts[i].field,
                               i == 0 ? _("A flag's name is one line of text.") : _("A flag's meaning is one line of text."));
          return FALSE;
        }
      if (g_utf8_strlen (t, -1) > texts[i].max)
        {
          g_set_error (error, KD_VALIDATION_ERROR, texts[i].field,
                       i == 0 ? _("A flag's name has at most %ld characters.") : _("A flag's meaning has at most %ld characters."),
                       texts[i].max);
          return FALSE;
        }
    }
  return TRUE;
}

/* ---------------------------------------------------------------- money, times, numbers */

gboolean
kd_money_parse (const char *text,
                gint64     *out_fen)
{
  /* No amount needs more (an import reads four a row: no allocation). */
  char s[64];
  gsize len = 0;
  guint64 yuan = 0;
  int fen = 0, decimals = 0;
  gboolean digits = FALSE, point = FALSE;
  const char *p;

  /* Spaces, a yuan sign or a trailing 元, thousands separators. */
  for (p = text ? text : ""; *p != '\0'; p++)
    if (*p != ' ' && *p != ',' && *p != '\t')
      {
        if (len + 1 >= sizeof s)
          return FALSE;
        s[len++] = *p;
      }
  s[len] = '\0';
  p = s;
  if (g_str_has_prefix (p, "¥"))
    p += strlen ("¥");
  else if (g_str_has_prefix (p, "￥"))
    p += strlen ("￥");
  if (len >= strlen ("元") && strcmp (s + len - strlen ("元"), "元") == 0 && s + len - strlen ("元") >= p)
    s[len - strlen ("元")] = '\0';

  for (; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        {
          digits = TRUE;
          if (!point)
            {
              if (yuan > G_MAXINT64 / 1000)
                return FALSE;
              yuan = yuan * 10 + (guint64) (*p - '0');
            }
          else if (decimals < 2)
            {
              fen = fen * 10 + (*p - '0');
              decimals++;
            }
          else if (*p != '0')
            return FALSE;  /* a third decimal that is not 0: not money */
        }
      else if (*p == '.' && !point)
        point = TRUE;
      else
        return FALSE;
    }
  if (!digits)
    return FALSE;
  if (decimals == 1)
    fen *= 10;
  *out_fen = (gint64) yuan * 100 + fen;
  return TRUE;
}

gboolean
kd_order_time_parse (const char *text,
                     GTimeZone  *tz,
                     gint64     *out_unix)
{
  int y, mo, d, h = 0, mi = 0, sec = 0, n = 0;
  char sep1, sep2;
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *t = g_strstrip (g_strdup (text ? text : ""));

#define D(i) (t[i] - '0')
  /* The reports' own form first, without sscanf: an import reads two a row. */
  if (strlen (t) == 19 && g_ascii_isdigit (t[0]) && g_ascii_isdigit (t[1]) && g_ascii_isdigit (t[2]) &&
      g_ascii_isdigit (t[3]) && g_ascii_isdigit (t[5]) && g_ascii_isdigit (t[6]) && g_ascii_isdigit (t[8]) &&
      g_ascii_isdigit (t[9]) && t[10] == ' ' && g_ascii_isdigit (t[11]) && g_ascii_isdigit (t[12]) && t[13] == ':' &&
      g_ascii_isdigit (t[14]) && g_ascii_isdigit (t[15]) && t[16] == ':' && g_ascii_isdigit (t[17]) &&
      g_ascii_isdigit (t[18]))
    {
      y = D (0) * 1000 + D (1) * 100 + D (2) * 10 + D (3);
      sep1 = t[4];
      mo = D (5) * 10 + D (6);
      sep2 = t[7];
      d = D (8) * 10 + D (9);
      h = D (11) * 10 + D (12);
      mi = D (14) * 10 + D (15);
      sec = D (17) * 10 + D (18);
    }
#undef D
  else if (sscanf (t, "%4d%c%2d%c%2d %2d:%2d:%2d%n", &y, &sep1, &mo, &sep2, &d, &h, &mi, &sec, &n) == 8 && t[n] == '\0')
    ;
  else if (sscanf (t, "%4d%c%2d%c%2d %2d:%2d%n", &y, &sep1, &mo, &sep2, &d, &h, &mi, &n) == 7 && t[n] == '\0')
    sec = 0;
  else if (sscanf (t, "%4d%c%2d%c%2d%n", &y, &sep1, &mo, &sep2, &d, &n) == 5 && t[n] == '\0')
    h = mi = sec = 0;
  else
    return FALSE;
  if (sep1 != sep2 || (sep1 != '-' && sep1 != '/'))
    return FALSE;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 59 || y < 1990 || y > 2100 ||
      !g_date_valid_dmy ((GDateDay) d, (GDateMonth) mo, (GDateYear) y))
    return FALSE;
  dt = g_date_time_new (tz, y, mo, d, h, mi, sec);
  if (dt == NULL)
    return FALSE;
  *out_unix = g_date_time_to_unix (dt);
  return TRUE;
}

gboolean
kd_order_no_is_valid (const char *text)
{
  gsize n = 0;

  for (const char *p = text ? text : ""; *p != '\0'; p++, n++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return n >= 1 && n <= 32;
}

/* ---------------------------------------------------------------- items and remarks */

void
kd_order_item_free (KdOrderItem *item)
{
  if (item == NULL)
    return;
  g_free (item->title);
  g_free (item->attributes);
  g_free (item->merchant_code);
  g_free (item);
}

GStrv
kd_order_item_split_attributes (const char *attributes)
{
  g_autoptr(GString) s = g_string_new (attributes ? attributes : "");
  g_autoptr(GStrvBuilder) out = g_strv_builder_new ();
  g_auto(GStrv) parts = NULL;

  g_string_replace (s, "；", ";", 0);
  g_string_replace (s, "：", ":", 0);
  parts = g_strsplit (s->str, ";", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *colon = strchr (g_strstrip (parts[i]), ':');

      if (*parts[i] == '\0')
        continue;
      if (colon != NULL)
        {
          *colon = '\0';
          g_strv_builder_add (out, g_strstrip (parts[i]));
          g_strv_builder_add (out, g_strstrip (colon + 1));
        }
      else
        {
          g_strv_builder_add (out, "");
          g_strv_builder_add (out, parts[i]);
        }
    }
  return g_strv_builder_end (out);
}

void
kd_remark_free (KdRemark *remark)
{
  if (remark == NULL)
    return;
  g_free (remark->text);
  g_free (remark->job_number);
  g_free (remark->follow_up);
  g_free (remark);
}

gboolean
kd_remark_validate (const char  *text,
                    const char  *follow_up,
                    GError     **error)
{
  gsize bytes = strlen (text ? text : "");

  if (bytes > KD_REMARK_MAX_BYTES)
    {
      g_set_error (error, KD_VALIDATION_ERROR, KD_ORDER_FIELD_REMARK,
                   _("A remark has at most %d bytes (Taobao’s limit); this one has %zu."), KD_REMARK_MAX_BYTES, bytes);
      return FALSE;
    }
  if (!kd_date_text_is_valid (follow_up))
    {
      g_set_error (error, KD_VALIDATION_ERROR, KD_ORDER_FIELD_FOLLOW_UP,
                   _("“%s” is not a date (YYYY-MM-DD)."), follow_up);
      return FALSE;
    }
  return TRUE;
}

char *
kd_remark_for_taobao (const char *job_number,
                      const char *text)
{
  g_autoptr(GString) s = g_string_new (NULL);
  const char *end;

  if (job_number != NULL && *job_number != '\0')
    g_string_append_printf (s, "%s号 ", job_number);
  for (const char *p = text ? text : ""; *p != '\0'; p++)
    g_string_append_c (s, *p == '\n' || *p == '\r' || *p == '\t' ? ' ' : *p);
  g_strstrip (s->str);
  s->len = strlen (s->str);
  if (s->len <= KD_REMARK_MAX_BYTES)
    return g_string_free (g_steal_pointer (&s), FALSE);
  /* Cut on a character boundary. */
  end = s->str + KD_REMARK_MAX_BYTES;
  while (end > s->str && ((guchar) *end & 0xc0) == 0x80)
    end--;
  return g_strndup (s->str, end - s->str);
}

/* ---------------------------------------------------------------- the order */

G_DEFINE_FINAL_TYPE (KdOrder, kd_order, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_ORDER_NO,
  PROP_BUYER,
  PROP_STATUS_TEXT,
  PROP_CREATED_TEXT,
  PROP_TOTAL_TEXT,
  PROP_FLAG,
  PROP_LATEST_REMARK,
  PROP_AGENT,
  N_PROPS
};
static GParamSpec *props[N_PROPS];

/* The text fields, never NULL: "" when empty. */
static const gsize text_offsets[] = {
  G_STRUCT_OFFSET (KdOrder, order_no), G_STRUCT_OFFSET (KdOrder, buyer), G_STRUCT_OFFSET (KdOrder, status_text),
  G_STRUCT_OFFSET (KdOrder, receiver_name), G_STRUCT_OFFSET (KdOrder, receiver_phone),
  G_STRUCT_OFFSET (KdOrder, receiver_address), G_STRUCT_OFFSET (KdOrder, shipping_method),
  G_STRUCT_OFFSET (KdOrder, courier), G_STRUCT_OFFSET (KdOrder, tracking_no),
  G_STRUCT_OFFSET (KdOrder, buyer_message), G_STRUCT_OFFSET (KdOrder, close_reason),
  G_STRUCT_OFFSET (KdOrder, taobao_memo), G_STRUCT_OFFSET (KdOrder, latest_remark), G_STRUCT_OFFSET (KdOrder, agent),
};

static void
kd_order_finalize (GObject *object)
{
  KdOrder *self = KD_ORDER (object);
  for (guint i = 0; i < G_N_ELEMENTS (text_offsets); i++)
    g_free (G_STRUCT_MEMBER (char *, self, text_offsets[i]));
  g_ptr_array_unref (self->items);
  G_OBJECT_CLASS (kd_order_parent_class)->finalize (object);
}

static void
kd_order_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  KdOrder *self = KD_ORDER (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_int64 (value, self->id); break;
    case PROP_ORDER_NO: g_value_set_string (value, self->order_no); break;
    case PROP_BUYER: g_value_set_string (value, self->buyer); break;
    case PROP_STATUS_TEXT:
      /* A row not read yet (a list's placeholder) shows nothing, not "awaiting payment". */
      if (*self->order_no == '\0')
        g_value_set_string (value, "");
      else
        g_value_set_string (value, self->status == KD_ORDER_OTHER && *self->status_text != '\0'
                                     ? self->status_text : kd_order_status_get_label (self->status));
      break;
    case PROP_CREATED_TEXT:
      if (self->created_at > 0)
        {
          g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (self->created_at);
          g_value_take_string (value, dt ? g_date_time_format (dt, "%Y-%m-%d %H:%M") : g_strdup (""));
        }
      else
        g_value_set_string (value, "");
      break;
    case PROP_TOTAL_TEXT:
      g_value_take_string (value, *self->order_no == '\0' ? g_strdup ("") : kd_money_format (self->total));
      break;
    case PROP_FLAG: g_value_set_int (value, self->flag); break;
    case PROP_LATEST_REMARK: g_value_set_string (value, self->latest_remark); break;
    case PROP_AGENT: g_value_set_string (value, self->agent); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
ro_string (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, "", G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
}

static void
kd_order_class_init (KdOrderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kd_order_finalize;
  object_class->get_property = kd_order_get_property;
  props[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  props[PROP_ORDER_NO] = ro_string ("order-no");
  props[PROP_BUYER] = ro_string ("buyer");
  props[PROP_STATUS_TEXT] = ro_string ("status-text");
  props[PROP_CREATED_TEXT] = ro_string ("created-text");
  props[PROP_TOTAL_TEXT] = ro_string ("total-text");
  props[PROP_FLAG] = g_param_spec_int ("flag", NULL, NULL, 0, KD_N_FLAGS - 1, 0,
                                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  props[PROP_LATEST_REMARK] = ro_string ("latest-remark");
  props[PROP_AGENT] = ro_string ("agent");
  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
kd_order_init (KdOrder *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (text_offsets); i++)
    G_STRUCT_MEMBER (char *, self, text_offsets[i]) = g_strdup ("");
  self->items = g_ptr_array_new_with_free_func ((GDestroyNotify) kd_order_item_free);
}

KdOrder *
kd_order_new (const char *order_no,
              const char *buyer)
{
  KdOrder *self = g_object_new (KD_TYPE_ORDER, NULL);

  kd_order_set_text (&self->order_no, order_no);
  kd_order_set_text (&self->buyer, buyer);
  return self;
}

void
kd_order_clear (KdOrder *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (text_offsets); i++)
    {
      char **field = &G_STRUCT_MEMBER (char *, self, text_offsets[i]);

      if (**field != '\0')
        kd_order_set_text (field, "");
    }
  self->id = 0;
  self->customer_id = 0;
  self->status = 0;
  self->created_at = self->paid_at = self->shipped_at = 0;
  self->total = self->paid = self->postage = 0;
  self->flag = 0;
  g_ptr_array_set_size (self->items, 0);
}

void
kd_order_set_text (char       **field,
                   const char  *value)
{
  char *old = *field;

  *field = g_strdup (value ? value : "");
  g_free (old);
}

static void
copy_fields (KdOrder *to,
             KdOrder *from)
{
  for (guint i = 0; i < G_N_ELEMENTS (text_offsets); i++)
    kd_order_set_text (&G_STRUCT_MEMBER (char *, to, text_offsets[i]), G_STRUCT_MEMBER (char *, from, text_offsets[i]));
  to->id = from->id;
  to->customer_id = from->customer_id;
  to->status = from->status;
  to->created_at = from->created_at;
  to->paid_at = from->paid_at;
  to->shipped_at = from->shipped_at;
  to->total = from->total;
  to->paid = from->paid;
  to->postage = from->postage;
  to->flag = from->flag;
  if (to->items != from->items)
    {
      g_ptr_array_set_size (to->items, 0);
      for (guint i = 0; i < from->items->len; i++)
        {
          KdOrderItem *src = g_ptr_array_index (from->items, i);
          KdOrderItem *it = g_new0 (KdOrderItem, 1);

          it->title = g_strdup (src->title);
          it->attributes = g_strdup (src->attributes);
          it->quantity = src->quantity;
          it->price = src->price;
          it->merchant_code = g_strdup (src->merchant_code);
          g_ptr_array_add (to->items, it);
        }
    }
}

KdOrder *
kd_order_copy (KdOrder *self)
{
  KdOrder *copy = g_object_new (KD_TYPE_ORDER, NULL);

  copy_fields (copy, self);
  return copy;
}

void
kd_order_assign (KdOrder *self,
                 KdOrder *other)
{
  copy_fields (self, other);
  g_object_freeze_notify (G_OBJECT (self));
  for (guint i = 1; i < N_PROPS; i++)
    g_object_notify_by_pspec (G_OBJECT (self), props[i]);
  g_object_thaw_notify (G_OBJECT (self));
}

gboolean
kd_order_validate (KdOrder  *self,
                   GError  **error)
{
  g_autofree char *no = g_strstrip (g_strdup (self->order_no));
  g_autofree char *buyer = g_strstrip (g_strdup (self->buyer));

  if (!kd_order_no_is_valid (no))
    {
      g_set_error_literal (error, KD_VALIDATION_ERROR, KD_ORDER_FIELD_ORDER_NO,
                           _("The order number is 1 to 32 digits."));
      return FALSE;
    }
  if (*buyer == '\0' || g_utf8_strlen (buyer, -1) > KD_CUSTOMER_NICKNAME_MAX || strpbrk (buyer, "\t\n\r"))
    {
      g_set_error_literal (error, KD_VALIDATION_ERROR, KD_ORDER_FIELD_BUYER,
                           _("The buyer nickname is required (one line, at most 64 characters)."));
      return FALSE;
    }
  if (self->created_at <= 0)
    {
      g_set_error_literal (error, KD_VALIDATION_ERROR, KD_ORDER_FIELD_CREATED, _("The order needs the time it was placed."));
      return FALSE;
    }
  if (self->total < 0 || self->paid < 0 || self->postage < 0)
    {
      g_set_error_literal (error, KD_VALIDATION_ERROR, KD_ORDER_FIELD_AMOUNT, _("Amounts cannot be negative."));
      return FALSE;
    }
  return TRUE;
}

char *
kd_order_confirmation_text (KdOrder *self)
{
  g_autoptr(GString) s = g_string_new ("亲，跟您核对一下订单信息：\n");
  g_autofree char *total = kd_money_format (self->total);

  for (guint i = 0; i < self->items->len; i++)
    {
      KdOrderItem *it = g_ptr_array_index (self->items, i);

      g_string_append_printf (s, "宝贝：%s", it->title);
      if (*it->merchant_code != '\0')
        g_string_append_printf (s, "（货号 %s）", it->merchant_code);
      if (*it->attributes != '\0')
        g_string_append_printf (s, "，%s", it->attributes);
      g_string_append_printf (s, "，数量 %d\n", it->quantity);
    }
  g_string_append_printf (s, "收货人：%s\n", *self->receiver_name ? self->receiver_name : "（待确认）");
  g_string_append_printf (s, "电话：%s\n", *self->receiver_phone ? self->receiver_phone : "（待确认）");
  g_string_append_printf (s, "地址：%s\n", *self->receiver_address ? self->receiver_address : "（待确认）");
  g_string_append_printf (s, "配送方式：%s\n", *self->shipping_method ? self->shipping_method : "快递");
  g_string_append_printf (s, "订单金额：%s\n", total);
  if (*self->buyer_message != '\0')
    g_string_append_printf (s, "您的留言：%s\n", self->buyer_message);
  g_string_append (s, "以上信息无误的话我们尽快为您安排发货哦~");
  return g_string_free (g_steal_pointer (&s), FALSE);
}
