-- 0005: canned phrases (快捷短语): ordered groups, phrases, and the starter library of a new database.

-- Groups are a small ordered list (the sidebar).
CREATE TABLE phrase_groups (
  id        INTEGER PRIMARY KEY,
  name      TEXT    NOT NULL UNIQUE CHECK (length(name) > 0),
  position  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX phrase_groups_position ON phrase_groups (position, id);

-- shortcut: '' for none, otherwise unique ignoring case ("TH" is "th").
-- No ON DELETE CASCADE: the store deletes a group's phrases itself, with
-- their search rows (kd-phrase-repo.c).
CREATE TABLE phrases (
  id          INTEGER PRIMARY KEY,
  group_id    INTEGER NOT NULL REFERENCES phrase_groups (id),
  title       TEXT    NOT NULL DEFAULT '',
  body        TEXT    NOT NULL CHECK (length(body) > 0),
  shortcut    TEXT    NOT NULL DEFAULT '',
  favourite   INTEGER NOT NULL DEFAULT 0 CHECK (favourite IN (0, 1)),
  use_count   INTEGER NOT NULL DEFAULT 0 CHECK (use_count >= 0),
  last_used   INTEGER NOT NULL DEFAULT 0,   -- UTC Unix seconds, 0 never
  position    INTEGER NOT NULL DEFAULT 0,   -- in the group
  created_at  INTEGER NOT NULL DEFAULT 0,
  updated_at  INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX phrases_shortcut ON phrases (lower(shortcut)) WHERE shortcut <> '';
-- The rank order (favourites, use count, recency) and the group order.
CREATE INDEX phrases_rank ON phrases (favourite DESC, use_count DESC, last_used DESC, id);
CREATE INDEX phrases_group ON phrases (group_id, position, id);

-- What lists read: a phrase with its group's name and place, so that a
-- list's FROM has one unambiguous id.
CREATE VIEW phrase_rows AS
  SELECT p.id, p.group_id, g.name AS group_name, g.position AS group_position,
         p.title, p.body, p.shortcut, p.favourite, p.use_count, p.last_used, p.position
    FROM phrases p JOIN phrase_groups g ON g.id = p.group_id;

-- The starter library, written for Kefu Desk, for a shop's first day. Only
-- a new database gets it (this migration runs once per file; what the shop
-- deletes stays deleted). The store indexes these rows for search right
-- after migrating (kd_phrase_repo_fill_search).
INSERT INTO phrase_groups (id, name, position) VALUES (1, '问候', 0);
INSERT INTO phrase_groups (id, name, position) VALUES (2, '库存与尺码', 1);
INSERT INTO phrase_groups (id, name, position) VALUES (3, '发货与物流', 2);
INSERT INTO phrase_groups (id, name, position) VALUES (4, '色差', 3);
INSERT INTO phrase_groups (id, name, position) VALUES (5, '七天无理由退换', 4);
INSERT INTO phrase_groups (id, name, position) VALUES (6, '议价', 5);
INSERT INTO phrase_groups (id, name, position) VALUES (7, '正品保证', 6);
INSERT INTO phrase_groups (id, name, position) VALUES (8, '催付', 7);
INSERT INTO phrase_groups (id, name, position) VALUES (9, '致歉', 8);
INSERT INTO phrase_groups (id, name, position) VALUES (10, '告别', 9);

INSERT INTO phrases (group_id, shortcut, title, body, position, created_at, updated_at) VALUES
  (1, 'hy', '欢迎', '亲，您好！欢迎光临{shop}，我是{agent}，很高兴为您服务~
请问有什么可以帮您？', 0, 0, 0),
  (1, 'hy2', '在的', '在的亲，{agent}在线为您服务，您请说~', 1, 0, 0),
  (1, 'zs', '早上好', '早上好{customer}！新的一天从{shop}开始，有什么需要随时叫我哦~', 2, 0, 0),
  (1, 'ws', '晚上好', '晚上好{customer}，夜班{agent}在线，有问题尽管问~', 3, 0, 0),
  (1, 'hk', '老顾客回访', '{customer}，欢迎回来！感谢您一直以来对{shop}的支持，这次想看点什么呢？', 4, 0, 0),
  (1, 'mang', '咨询多请稍等', '亲，现在咨询的人比较多，回复稍慢请见谅，{agent}马上为您查看~', 5, 0, 0),
  (1, 'zx', '转接售后', '亲，您的问题需要售后同事来处理，我这边帮您转接，请稍等片刻~', 6, 0, 0),
  (2, 'yh', '有现货', '亲，这款目前有现货，拍下后按付款顺序发货，放心拍哦~', 0, 0, 0),
  (2, 'qh', '暂时缺货', '抱歉亲，您看中的这个颜色/尺码暂时缺货，预计3-5天补货。
可以先收藏加购，到货后第一时间通知您~', 1, 0, 0),
  (2, 'cm', '尺码推荐', '亲，方便告诉我您的身高、体重和平时穿的尺码吗？{agent}帮您推荐合适的码数~', 2, 0, 0),
  (2, 'cmb', '看尺码表', '亲，详情页最后有尺码表，建议平铺测量一件自己穿着合身的衣服对比着选。
手工测量有1-2厘米误差属于正常范围哦', 3, 0, 0),
  (2, 'pd', '版型偏小', '这款版型偏小一码，平时穿M的亲建议拍L；喜欢宽松一点的可以再大一码~', 4, 0, 0),
  (2, 'kc', '库存确认', '亲，页面能拍下就是有库存的，系统会实时锁定库存，不用担心超卖哦', 5, 0, 0),
  (2, 'yd', '预售说明', '这款是预售款，付款后约7天内发货，具体以页面写的发货时间为准，介意的亲请慎拍哦~', 6, 0, 0),
  (3, 'fh', '发货时间', '亲，当天16:00前付款的订单当天发出，16:00以后付款的次日发出，节假日顺延~', 0, 0, 0),
  (3, 'kd', '默认快递', '我们默认发中通或圆通，暂不支持指定快递；需要发顺丰的亲可以补差价，具体联系{agent}~', 1, 0, 0),
  (3, 'sf', '顺丰补差价', '亲，发顺丰需要补差价：江浙沪补5元，其他地区补10元。补完请备注一下，我们给您安排~', 2, 0, 0),
  (3, 'wl', '查物流', '亲，{order}已经发出啦，在“我的订单”里点“查看物流”就能看到实时进度；物流信息一般在发货后12小时内更新~', 3, 0, 0),
  (3, 'wlm', '物流慢催件', '亲，非常抱歉让您久等了！{order}的包裹我这边已经联系快递催件，有新进展第一时间告诉您~', 4, 0, 0),
  (3, 'dz', '修改地址', '亲，订单还没发货的话可以改地址，请把新的收件人、电话和详细地址发给我，{agent}帮您备注修改~', 5, 0, 0),
  (3, 'py', '偏远地区', '亲，新疆、西藏等偏远地区需要补运费，具体金额请联系客服确认后再拍哦', 6, 0, 0),
  (3, 'qs', '签收检查', '亲，收货时请当面检查外包装，如有破损可以拒收，并第一时间联系我们处理~', 7, 0, 0),
  (4, 'sc', '色差说明', '亲，我们的图片都是实物拍摄，但不同手机、电脑屏幕显示会有轻微色差，属于正常现象，请以收到的实物为准哦~', 0, 0, 0),
  (4, 'sc2', '色差较大', '非常抱歉亲，收到的颜色和图片差别较大的话，麻烦在自然光下拍张照片发给我，{agent}帮您核实处理~', 1, 0, 0),
  (4, 'scj', '参考买家秀', '这款最接近实物颜色的是详情页的“买家秀”和“细节图”，您可以参考一下~', 2, 0, 0),
  (4, 'scth', '不喜欢颜色可退换', '亲，如果实物颜色不喜欢，在不影响二次销售的情况下支持七天无理由退换，您放心~', 3, 0, 0),
  (4, 'dg', '灯光影响', '亲，灯光和拍摄角度也会让颜色看起来不一样，建议在白天自然光下看看实物哦~', 4, 0, 0),
  (4, 'ys', '颜色怎么选', '亲，浅色系显得温柔清爽，深色系更耐脏百搭；拿不准的话可以告诉我您的肤色和搭配习惯，帮您参考~', 5, 0, 0),
  (5, 'th7', '七天无理由', '亲，本店支持七天无理由退换货，商品吊牌、包装完好，不影响二次销售即可，从签收次日开始计算哦~', 0, 0, 0),
  (5, 'th', '退货流程', '亲，我是{agent}，退货请在“我的订单”里找到{order}，点“申请售后”选择“退货退款”，审核通过后按系统给出的地址寄回即可~', 1, 0, 0),
  (5, 'hh', '换货流程', '亲，需要换尺码或颜色的话，请在订单里申请换货。
寄回时在包裹里放张纸条，写上订单号和要换的款式，我们收到后尽快给您换新发出~', 2, 0, 0),
  (5, 'yfx', '运费险理赔', '亲，订单有运费险的话，退货寄回后运费险会自动理赔到您的支付宝，一般1-3天到账~', 3, 0, 0),
  (5, 'tk', '退款时间', '亲，我们收到退货并检查无误后1-2个工作日内给您退款，{amount}会原路退回，请留意账户~', 4, 0, 0),
  (5, 'thdz', '退货地址', '亲，请不要直接寄回发货地址，退货地址以售后申请通过后系统显示的为准，寄出后记得填写快递单号哦~', 5, 0, 0),
  (5, 'bkth', '不支持退换的商品', '亲，定制类商品和贴身衣物拆封后不支持七天无理由退换，页面上有说明，还请您理解~', 6, 0, 0),
  (6, 'yj', '不能再便宜', '亲，我们是小本经营，现在已经是活动价了，利润很薄，实在没办法再便宜了，还请理解哦~', 0, 0, 0),
  (6, 'yhq', '领优惠券', '亲，店铺首页可以领取满减优惠券，领券后下单更划算哦~', 1, 0, 0),
  (6, 'mz', '满减活动', '亲，现在全店满199减20，和朋友一起拍更优惠哦~', 2, 0, 0),
  (6, 'zp', '送小礼物', '价格确实不能再低了，亲下单的话{agent}给您备注送一份小礼物，您看可以吗？', 3, 0, 0),
  (6, 'bj', '七天保价', '亲，本店支持7天保价，付款后7天内降价的话可以联系客服退差价~', 4, 0, 0),
  (6, 'pl', '批量价格', '亲，一次拍10件以上可以联系{agent}申请批发价，具体看款式和数量哦~', 5, 0, 0),
  (7, 'zb', '正品保证', '亲，{shop}所有商品都是品牌方正规渠道进货，保证正品，假一赔十，请放心购买~', 0, 0, 0),
  (7, 'fp', '开发票', '亲，可以开具电子发票：收货后在订单里申请，或者把抬头和税号发给我，{agent}帮您登记~', 1, 0, 0),
  (7, 'jd', '支持鉴定', '亲，支持任何正规机构鉴定，如果鉴定不是正品，我们全额退款并承担鉴定费用~', 2, 0, 0),
  (7, 'sq', '品牌授权', '亲，我们有品牌方的正式授权书，您可以在店铺首页查看，放心选购哦~', 3, 0, 0),
  (7, 'zl', '质量问题', '亲，如果收到的商品有质量问题，请拍照发给我，确认后我们承担来回运费给您退换~', 4, 0, 0),
  (7, 'bx', '质保说明', '亲，这款支持一年质保，质保期内非人为损坏可以免费维修或更换~', 5, 0, 0),
  (8, 'cf', '拍下未付款', '{customer}您好，看到您拍下了宝贝还没有付款，库存有限，付款后我们会尽快为您安排发货哦~', 0, 0, 0),
  (8, 'cf2', '活动即将结束', '亲，您拍下的宝贝现在是活动价，活动今晚24点结束，付款后就能锁定优惠哦~', 1, 0, 0),
  (8, 'cf3', '付款遇到问题', '亲，付款时遇到什么问题了吗？如果支付不成功，可以换个付款方式试试，有需要{agent}随时帮您~', 2, 0, 0),
  (8, 'cfj', '核对订单金额', '亲，您的订单{order}应付{amount}，确认无误的话付款后当天安排发出~', 3, 0, 0),
  (8, 'cf4', '订单即将关闭', '亲，未付款的订单过一段时间会自动关闭，如果还需要的话请尽快付款哦~', 4, 0, 0),
  (8, 'cfdz', '付款前核对地址', '亲，付款前麻烦核对一下收货地址和电话，确认无误后付款，我们马上安排发货~', 5, 0, 0),
  (9, 'qy', '抱歉久等', '实在抱歉让您久等了，{agent}这就为您处理~', 0, 0, 0),
  (9, 'qy2', '发错货', '非常抱歉亲，是我们的失误给您发错了货。
麻烦您拍照确认一下，我们马上给您补发正确的商品，错发的包裹运费由我们承担~', 1, 0, 0),
  (9, 'qy3', '漏发', '亲，非常抱歉给您漏发了，请您拍下收到的商品和包装，{agent}核实后立刻给您补发~', 2, 0, 0),
  (9, 'qy4', '物流延误致歉', '亲，物流延误给您带来不便，真的非常抱歉，我们已经在跟快递公司沟通，会尽快给您答复~', 3, 0, 0),
  (9, 'qy5', '服务不周', '亲，对于这次不愉快的购物体验我们深表歉意，您的意见我们已经记录下来，会马上改进，感谢您的理解和包容~', 4, 0, 0),
  (9, 'bc', '补偿', '亲，为表歉意，{agent}给您申请了一张无门槛优惠券，希望您能再给我们一次机会~', 5, 0, 0),
  (10, 'zj', '再见', '感谢您的光临，{customer}，有任何问题随时找{agent}哦，祝您生活愉快~', 0, 0, 0),
  (10, 'hp', '求好评', '亲，收到宝贝满意的话麻烦给个五星好评哦，您的鼓励是我们最大的动力~', 1, 0, 0),
  (10, 'scd', '收藏店铺', '亲，喜欢的话可以收藏一下店铺，上新和活动会第一时间通知您~', 2, 0, 0),
  (10, 'wa', '晚安', '夜深了，{customer}早点休息，晚安~ 明天有问题随时来找我们~', 3, 0, 0),
  (10, 'gb', '报工号告别', '本次为您服务的是{agent}（工号{job_no}），如对服务满意请给个好评，祝您购物愉快！', 4, 0, 0),
  (10, 'xc', '期待再次光临', '期待您的再次光临，{shop}随时欢迎您~', 5, 0, 0);
