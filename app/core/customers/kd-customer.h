/* kd-customer.h: a buyer's profile and the shop's tags; validation, masking, customer types (contract for the customers feature). */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The fields validation can refuse: the codes of KD_VALIDATION_ERROR. */
typedef enum {
  KD_CUSTOMER_FIELD_NICKNAME = 1,
  KD_CUSTOMER_FIELD_REAL_NAME,
  KD_CUSTOMER_FIELD_PHONES,
  KD_CUSTOMER_FIELD_ADDRESSES,
  KD_CUSTOMER_FIELD_GENDER,
  KD_CUSTOMER_FIELD_BIRTHDAY,
  KD_CUSTOMER_FIELD_VIP,
  KD_CUSTOMER_FIELD_FIRST_CONTACT,
  KD_CUSTOMER_FIELD_NOTES,
  KD_CUSTOMER_FIELD_HEIGHT,
  KD_CUSTOMER_FIELD_WEIGHT,
  KD_CUSTOMER_FIELD_USUAL_SIZE,
  KD_CUSTOMER_FIELD_FIT_NOTES,
  KD_CUSTOMER_FIELD_COMM_STYLE,
  KD_CUSTOMER_FIELD_BUYING_TYPE,
  KD_CUSTOMER_FIELD_BLACKLIST_REASON,
  KD_CUSTOMER_FIELD_TAG_NAME,
  KD_CUSTOMER_FIELD_TAG_COLOUR,
} KdCustomerField;

#define KD_CUSTOMER_NICKNAME_MAX   64
#define KD_CUSTOMER_NAME_MAX       30
#define KD_CUSTOMER_NOTES_MAX      2000
#define KD_CUSTOMER_ADDRESS_MAX    200
#define KD_CUSTOMER_SIZE_MAX       20
#define KD_CUSTOMER_FIT_NOTES_MAX  200
#define KD_CUSTOMER_REASON_MAX     200
#define KD_CUSTOMER_MAX_CONTACTS   5
#define KD_CUSTOMER_VIP_MAX        5
#define KD_TAG_NAME_MAX            16
#define KD_TAG_N_COLOURS           9

typedef enum {
  KD_GENDER_UNKNOWN,
  KD_GENDER_FEMALE,
  KD_GENDER_MALE,
} KdGender;

/* How a buyer talks (沟通风格); 0 is "not set". */
typedef enum {
  KD_COMM_STYLE_NONE,
  KD_COMM_STYLE_AMIABLE,
  KD_COMM_STYLE_DOMINANT,
  KD_COMM_STYLE_ANALYTICAL,
  KD_COMM_STYLE_SELF_CENTRED,
  KD_N_COMM_STYLES,
} KdCommStyle;

/* How a buyer buys (购买类型); 0 is "not set". */
typedef enum {
  KD_BUYING_NONE,
  KD_BUYING_SOCIABLE,
  KD_BUYING_DECISIVE,
  KD_BUYING_POLITE,
  KD_BUYING_BARGAINER,
  KD_BUYING_NO_PAY,
  KD_N_BUYING_TYPES,
} KdBuyingType;

const char  *kd_gender_get_label        (KdGender      gender);
const char  *kd_comm_style_get_label    (KdCommStyle   style);
/* One line on how to serve a buyer of that type (translated). */
const char  *kd_comm_style_get_hint     (KdCommStyle   style);
const char  *kd_buying_type_get_label   (KdBuyingType  type);
const char  *kd_buying_type_get_hint    (KdBuyingType  type);
/* Stable keys for files and the CLI ("amiable", "bargainer", …; "" for none). */
const char  *kd_comm_style_to_key       (KdCommStyle   style);
gboolean     kd_comm_style_from_key     (const char   *key,
                                         KdCommStyle  *out);
const char  *kd_buying_type_to_key      (KdBuyingType  type);
gboolean     kd_buying_type_from_key    (const char   *key,
                                         KdBuyingType *out);

/* The tag palette: nine fixed colours, by index. */
const char  *kd_tag_colour_get_hex      (int           colour);
const char  *kd_tag_colour_get_label    (int           colour);

/* A phone number or an address of a customer; one of each kind is the default. */
typedef struct {
  char     *value;
  gboolean  is_default;
} KdContact;

/* ------------------------------------------------------------------ tags */

#define KD_TYPE_TAG (kd_tag_get_type ())
G_DECLARE_FINAL_TYPE (KdTag, kd_tag, KD, TAG, GObject)

/* Properties (notify): "id" (int64), "name", "colour" (int 0–8),
 * "n-customers" (int, as listed). */
KdTag       *kd_tag_new                 (const char   *name,
                                         int           colour);
KdTag       *kd_tag_copy                (KdTag        *self);
gint64       kd_tag_get_id              (KdTag        *self);
void         kd_tag_set_id              (KdTag        *self,
                                         gint64        id);
const char  *kd_tag_get_name            (KdTag        *self);
void         kd_tag_set_name            (KdTag        *self,
                                         const char   *name);
int          kd_tag_get_colour          (KdTag        *self);
void         kd_tag_set_colour          (KdTag        *self,
                                         int           colour);
int          kd_tag_get_n_customers     (KdTag        *self);
void         kd_tag_set_n_customers     (KdTag        *self,
                                         int           n);
/* Name required, at most 16 characters, no ';' or ',' (the file separator). */
gboolean     kd_tag_validate            (KdTag        *self,
                                         GError      **error);

/* ------------------------------------------------------------------ customers */

#define KD_TYPE_CUSTOMER (kd_customer_get_type ())
G_DECLARE_FINAL_TYPE (KdCustomer, kd_customer, KD, CUSTOMER, GObject)

/* A plain record: core, store and services read and write the fields;
 * widgets bind the properties, which kd_customer_assign() notifies. Text
 * fields are never NULL ("" when unknown); dates are "YYYY-MM-DD" or "";
 * height and weight 0 when unknown; times UTC Unix seconds, 0 for never. */
struct _KdCustomer
{
  GObject       parent_instance;

  gint64        id;
  char         *nickname;
  char         *real_name;
  GArray       *phones;          /* of KdContact */
  GArray       *addresses;       /* of KdContact */
  KdGender      gender;
  char         *birthday;
  int           vip;
  char         *first_contact;
  gint64        owner_id;        /* staff id, 0 for nobody */
  char         *owner_name;      /* as listed */
  char         *notes;
  int           height_cm;
  int           weight_kg;
  char         *usual_size;
  char         *fit_notes;
  KdCommStyle   comm_style;
  KdBuyingType  buying_type;
  gboolean      blacklisted;
  char         *blacklist_reason;
  gint64        blacklisted_by;  /* staff id */
  char         *blacklisted_by_name;
  gint64        blacklisted_at;
  GArray       *tag_ids;         /* of gint64, in tag-name order */
  char         *tag_names;       /* "VIP 尺码偏大", as listed */
  int           order_count;
  gint64        total_paid;      /* fen */
  gint64        last_order_at;
  gint64        created_at;
  gint64        updated_at;
};

/* Properties for lists (read-only, notified by assign): "id", "nickname",
 * "real-name", "vip" (int), "vip-text" ("VIP3", "" for 0), "masked-phone"
 * (the default phone, masked), "tags-text", "order-count" (int),
 * "order-count-text", "total-paid-text" ("¥1,280.00"), "last-order-text"
 * (local date or ""), "owner-name", "blacklisted" (boolean), "types-text". */
KdCustomer  *kd_customer_new            (const char   *nickname);
KdCustomer  *kd_customer_copy           (KdCustomer   *self);
void         kd_customer_assign         (KdCustomer   *self,
                                         KdCustomer   *other);
gint64       kd_customer_get_id         (KdCustomer   *self);

void         kd_customer_set_text       (char        **field,
                                         const char   *value);
/* Replaces a contact list with the lines of @text (one per line, the first
 * is the default); empty lines are dropped. */
void         kd_customer_set_contacts_from_text (GArray   *contacts,
                                                 const char *text);
char        *kd_customer_dup_contacts_text      (GArray   *contacts);
void         kd_customer_add_contact    (GArray       *contacts,
                                         const char   *value,
                                         gboolean      is_default);
/* The default (or first) contact, NULL when none. */
const char  *kd_customer_get_default_contact (GArray  *contacts);
gboolean     kd_customer_has_tag        (KdCustomer   *self,
                                         gint64        tag_id);

/* Trims the texts and reduces phones to their digits ("139-0000 5678"
 * → "13900005678"): what is stored. Validation accepts either form. */
void         kd_customer_normalize      (KdCustomer   *self);
char        *kd_customer_phone_digits   (const char   *phone);
gboolean     kd_customer_validate_field (KdCustomer   *self,
                                         KdCustomerField field,
                                         GError      **error);
gboolean     kd_customer_validate       (KdCustomer   *self,
                                         GError      **error);
/* Nickname, name, phone digits and notes joined by '\n': what the search
 * index holds; *out_pinyin_source (nickname and name) is what pinyin and
 * initials are computed from. */
char        *kd_customer_dup_search_text (KdCustomer  *self,
                                          char       **out_pinyin_source);

/* One order of a buyer, for the profile's purchase history. */
typedef struct {
  gint64  id;
  char   *order_no;
  int     status;        /* 0 awaiting payment … 5 other (0006-customers.sql) */
  char   *status_text;   /* the report's words for "other" */
  gint64  created_at;
  gint64  total;         /* fen */
  gint64  paid;          /* fen */
  int     flag;          /* 0 none, 1 red … 5 purple */
  char   *latest_remark;
} KdCustomerOrder;
void               kd_customer_order_free            (KdCustomerOrder *order);

/* "浙江省杭州市西湖区文三路90号" → "浙江省杭州市西湖区****": the address
 * up to its district (区/县/旗, or a county-level 市), the rest hidden. */
char        *kd_address_mask            (const char   *address);
/* 12800 → "¥128.00", 128000000 → "¥1,280,000.00". */
char        *kd_money_format            (gint64        fen);
/* "2026-02-30" is not a date; "" is allowed (unknown). */
gboolean     kd_date_text_is_valid      (const char   *text);

G_END_DECLS
