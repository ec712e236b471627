/* kd-customer-demo.c: the demo shop's customers: about 300 invented buyers with tags, types, sizes and notes. */
#include "config.h"

#include "kd-customer-repo.h"
#include "kd-store-private.h"

#include <string.h>

/* Everything below is invented by this team for the demo shop, a home and
 * loungewear store: nicknames, names, notes; 1xx-0000-xxxx style phone
 * numbers are not issued to anyone. */
static const char * const nick_heads[] = {
  "爱吃草莓的", "晚风", "tb_", "小鹿", "阿猫", "安静的", "橘子", "momo", "懒羊羊", "风铃",
  "木子", "sunny", "糖糖", "大白", "柚子", "豆豆", "星河", "一只", "lucky", "慢慢",
};
static const char * const nick_tails[] = {
  "猫", "_88", "2019", "小姐姐", "酱", "家", "妈妈", "的窝", "不吃香菜", "同学",
  "_zz", "宝宝", "在路上", "小铺", "0521", "爱睡觉", "w", "家的狗", "Yang", "也",
};
static const char * const surnames[] = {
  "李", "王", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗",
};
static const char * const given[] = {
  "婷", "静怡", "思琪", "晓燕", "子涵", "雨欣", "建国", "伟", "佳慧", "梦瑶",
  "晨", "海燕", "志强", "丽", "欣然", "浩", "秀英", "文静", "一鸣", "可",
};
static const char * const cities[] = {
  "浙江省杭州市西湖区文三路", "江苏省苏州市工业园区星湖街", "广东省深圳市南山区科技园南路",
  "上海市浦东新区张杨路", "北京市朝阳区望京西路", "四川省成都市武侯区天府大道",
  "湖北省武汉市洪山区珞喻路", "山东省青岛市市南区香港中路", "福建省厦门市思明区湖滨南路",
  "广西壮族自治区南宁市青秀区民族大道", "河南省郑州市金水区花园路", "陕西省西安市雁塔区小寨东路",
};
static const char * const notes[] = {
  "尺码偏大，建议拍小一码",
  "喜欢讲价，送个小礼品就会下单",
  "收货地址是公司，只能工作日送达",
  "对颜色很敏感，发货前拍实物图给她确认",
  "老客户，每年双十一都会囤四件套",
  "上次物流慢给过中评，发顺丰",
  "只在晚上十点后回复消息",
  "买给父母的，要求不放价格单",
  "皮肤敏感，只要纯棉款",
  "退过两次货，理由都是不喜欢，注意沟通",
  "拍下后经常忘记付款，要及时催付",
  "喜欢新品，上新先通知",
  "要求开发票，抬头是公司",
  "家里有小孩，问过甲醛检测报告",
  "1.8米床，被套要220×240",
  "说话直接，不要发长段文字",
  "经常问优惠券，可以推荐满减活动",
  "送礼用，需要礼盒包装和贺卡",
  "习惯用电话沟通，不爱打字",
  "对比了好几家，关心面料克重",
};
static const char * const sizes[] = { "S", "M", "L", "XL", "XXL", "160/84A", "165/88A", "170/92A" };
static const char * const fit_notes[] = {
  "肩宽，上衣要大一码", "腿长，裤子选加长", "喜欢宽松", "腰围偏小", "", "",
};

static const struct {
  const char *name;
  int         colour;
} demo_tags[] = {
  { "VIP老客", 3 }, { "爱讲价", 4 }, { "尺码偏大", 1 }, { "尺码偏小", 2 }, { "要发顺丰", 0 },
  { "拍下不付款", 5 }, { "差评风险", 7 }, { "学生党", 6 }, { "回头客", 2 }, { "送礼", 8 },
};

static const char * const blacklist_reasons[] = {
  "多次恶意退货，收到后调包",
  "辱骂客服，威胁差评",
  "用多个账号领券后拍下不付款",
};

/* A small deterministic generator: the same demo every time. */
static guint32
next (guint32 *state)
{
  *state = *state * 1103515245u + 12345u;
  return (*state >> 8) & 0xffffff;
}

static gint64
staff_id (KdConn     *conn,
          const char *job_number)
{
  sqlite3_stmt *stmt = kd_conn_prepare (conn, "SELECT id FROM staff WHERE job_number = ?", NULL);
  gint64 id = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, job_number, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return id;
}

gboolean
kd_customer_repo_add_demo (KdConn  *conn,
                           gint64   now,
                           GError **error)
{
  static const char * const owners[] = { "3", "5", "6", "11", "7", "8" };
  gint64 tag_ids[G_N_ELEMENTS (demo_tags)];
  gint64 owner_ids[G_N_ELEMENTS (owners)];
  guint32 seed = 20261201;
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (demo_tags); i++)
    {
      g_autoptr(KdTag) tag = kd_tag_new (demo_tags[i].name, demo_tags[i].colour);

      if (!kd_customer_repo_write_tag (conn, tag, error))
        return FALSE;
      tag_ids[i] = kd_tag_get_id (tag);
    }
  for (guint i = 0; i < G_N_ELEMENTS (owners); i++)
    owner_ids[i] = staff_id (conn, owners[i]);

  for (guint h = 0; h < G_N_ELEMENTS (nick_heads) && n < 300; h++)
    for (guint t = 0; t < G_N_ELEMENTS (nick_tails) && n < 300; t++)
      {
        g_autofree char *nick = NULL;
        g_autoptr(KdCustomer) c = NULL;
        guint r = next (&seed);

        /* Not every head with every tail: 300 of the 400. */
        if (r % 4 == 0)
          continue;
        nick = g_strconcat (nick_heads[h], nick_tails[(t + h) % G_N_ELEMENTS (nick_tails)], NULL);
        c = kd_customer_new (nick);
        if (next (&seed) % 3 != 0)
          {
            g_autofree char *name = g_strconcat (surnames[next (&seed) % G_N_ELEMENTS (surnames)],
                                                 given[next (&seed) % G_N_ELEMENTS (given)], NULL);
            kd_customer_set_text (&c->real_name, name);
          }
        {
          g_autofree char *phone = g_strdup_printf ("1%u%u0000%04u", 3 + next (&seed) % 6,
                                                    next (&seed) % 10, n + 1);
          kd_customer_add_contact (c->phones, phone, TRUE);
          if (next (&seed) % 7 == 0)
            {
              g_autofree char *second = g_strdup_printf ("1770000%04u", 9000 - n);
              kd_customer_add_contact (c->phones, second, FALSE);
            }
        }
        {
          g_autofree char *addr = g_strdup_printf ("%s%u号%u栋%u室", cities[next (&seed) % G_N_ELEMENTS (cities)],
                                                   10 + next (&seed) % 300, 1 + next (&seed) % 12,
                                                   101 + next (&seed) % 1500);
          kd_customer_add_contact (c->addresses, addr, TRUE);
        }
        c->gender = next (&seed) % 5 == 0 ? KD_GENDER_MALE : next (&seed) % 4 == 0 ? KD_GENDER_UNKNOWN : KD_GENDER_FEMALE;
        c->vip = (int) (next (&seed) % 10);
        c->vip = c->vip > 5 ? 0 : c->vip;
        if (next (&seed) % 2 == 0)
          {
            g_autofree char *bd = g_strdup_printf ("%u-%02u-%02u", 1975 + next (&seed) % 30,
                                                   1 + next (&seed) % 12, 1 + next (&seed) % 28);
            kd_customer_set_text (&c->birthday, bd);
          }
        {
          g_autoptr(GDateTime) first = g_date_time_new_from_unix_local (now - (gint64) (next (&seed) % 900) * 86400);
          g_autofree char *fc = g_date_time_format (first, "%Y-%m-%d");
          kd_customer_set_text (&c->first_contact, fc);
        }
        c->owner_id = next (&seed) % 3 == 0 ? 0 : owner_ids[next (&seed) % G_N_ELEMENTS (owners)];
        if (next (&seed) % 3 != 0)
          kd_customer_set_text (&c->notes, notes[next (&seed) % G_N_ELEMENTS (notes)]);
        if (next (&seed) % 2 == 0)
          {
            c->height_cm = 150 + (int) (next (&seed) % 35);
            c->weight_kg = 42 + (int) (next (&seed) % 40);
            kd_customer_set_text (&c->usual_size, sizes[next (&seed) % G_N_ELEMENTS (sizes)]);
            kd_customer_set_text (&c->fit_notes, fit_notes[next (&seed) % G_N_ELEMENTS (fit_notes)]);
          }
        c->comm_style = (KdCommStyle) (next (&seed) % KD_N_COMM_STYLES);
        c->buying_type = (KdBuyingType) (next (&seed) % KD_N_BUYING_TYPES);
        for (guint k = 0; k < G_N_ELEMENTS (demo_tags); k++)
          if (next (&seed) % 6 == 0)
            g_array_append_val (c->tag_ids, tag_ids[k]);
        if (c->buying_type == KD_BUYING_NO_PAY && !kd_customer_has_tag (c, tag_ids[5]))
          g_array_append_val (c->tag_ids, tag_ids[5]);
        if (n % 97 == 13)
          {
            c->blacklisted = TRUE;
            kd_customer_set_text (&c->blacklist_reason, blacklist_reasons[(n / 97) % G_N_ELEMENTS (blacklist_reasons)]);
            c->blacklisted_by = staff_id (conn, "2");
            c->blacklisted_at = now - (gint64) (n % 40) * 86400;
          }
        c->created_at = now - (gint64) (next (&seed) % 900) * 86400;
        if (!kd_customer_repo_write (conn, c, now, error))
          return FALSE;
        n++;
      }
  return TRUE;
}
