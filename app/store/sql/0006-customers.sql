-- 0006: customer profiles, their contacts and tags; the orders they place (read by purchase history now, filled by the order-remark board).

-- One profile per buyer nickname (旺旺/会员名), the key orders link by.
-- nickname_key is the nickname folded for uniqueness (case, width);
-- *_sort are pinyin-first keys written by the store (a Chinese list sorts
-- by pinyin whatever the reader's locale), indexed with the id.
CREATE TABLE customers (
  id                INTEGER PRIMARY KEY,
  nickname          TEXT    NOT NULL CHECK (length(nickname) BETWEEN 1 AND 64),
  nickname_key      TEXT    NOT NULL UNIQUE,
  nickname_sort     TEXT    NOT NULL DEFAULT '',
  real_name         TEXT    NOT NULL DEFAULT '',
  name_sort         TEXT    NOT NULL DEFAULT '',
  gender            INTEGER NOT NULL DEFAULT 0 CHECK (gender BETWEEN 0 AND 2),
  birthday          TEXT    NOT NULL DEFAULT '',
  vip               INTEGER NOT NULL DEFAULT 0 CHECK (vip BETWEEN 0 AND 5),
  first_contact     TEXT    NOT NULL DEFAULT '',
  owner_id          INTEGER REFERENCES staff (id) ON DELETE SET NULL,
  notes             TEXT    NOT NULL DEFAULT '',
  height_cm         INTEGER NOT NULL DEFAULT 0 CHECK (height_cm = 0 OR height_cm BETWEEN 50 AND 250),
  weight_kg         INTEGER NOT NULL DEFAULT 0 CHECK (weight_kg = 0 OR weight_kg BETWEEN 10 AND 300),
  usual_size        TEXT    NOT NULL DEFAULT '',
  fit_notes         TEXT    NOT NULL DEFAULT '',
  comm_style        INTEGER NOT NULL DEFAULT 0 CHECK (comm_style BETWEEN 0 AND 4),
  buying_type       INTEGER NOT NULL DEFAULT 0 CHECK (buying_type BETWEEN 0 AND 5),
  blacklisted       INTEGER NOT NULL DEFAULT 0 CHECK (blacklisted IN (0, 1)),
  blacklist_reason  TEXT    NOT NULL DEFAULT '',
  blacklisted_by    INTEGER REFERENCES staff (id) ON DELETE SET NULL,
  blacklisted_at    INTEGER NOT NULL DEFAULT 0,
  tags_sort         TEXT    NOT NULL DEFAULT '',   -- tag names in order, for sorting by tags
  -- The purchase summary, kept by the store whenever the buyer's orders change.
  order_count       INTEGER NOT NULL DEFAULT 0,
  total_paid        INTEGER NOT NULL DEFAULT 0,    -- fen
  last_order_at     INTEGER NOT NULL DEFAULT 0,
  created_at        INTEGER NOT NULL DEFAULT 0,
  updated_at        INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX customers_nickname_sort ON customers (nickname_sort, id);
CREATE INDEX customers_name_sort ON customers (name_sort, id);
CREATE INDEX customers_vip ON customers (vip, id);
CREATE INDEX customers_owner ON customers (owner_id, id);
CREATE INDEX customers_orders ON customers (order_count, id);
CREATE INDEX customers_paid ON customers (total_paid, id);
CREATE INDEX customers_last_order ON customers (last_order_at, id);
CREATE INDEX customers_blacklisted ON customers (blacklisted) WHERE blacklisted = 1;

-- Phones (digits) and addresses, several each, one default of each kind.
CREATE TABLE customer_contacts (
  id           INTEGER PRIMARY KEY,
  customer_id  INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  kind         INTEGER NOT NULL CHECK (kind IN (0, 1)),   -- 0 phone, 1 address
  value        TEXT    NOT NULL CHECK (length(value) > 0),
  is_default   INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
  position     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX customer_contacts_customer ON customer_contacts (customer_id, kind, position);

-- The shop's tags: a name and one of nine palette colours (kd-customer.c).
CREATE TABLE tags (
  id      INTEGER PRIMARY KEY,
  name    TEXT    NOT NULL UNIQUE COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 16),
  colour  INTEGER NOT NULL DEFAULT 0 CHECK (colour BETWEEN 0 AND 8)
);

CREATE TABLE customer_tags (
  customer_id  INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  tag_id       INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
  PRIMARY KEY (customer_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX customer_tags_tag ON customer_tags (tag_id, customer_id);

-- Orders as the Taobao order report has them (amounts in fen, times UTC
-- Unix seconds, 0 for none). status: 0 awaiting payment, 1 paid / awaiting
-- shipment, 2 shipped / awaiting confirmation, 3 completed, 4 closed,
-- 5 other (status_text keeps the report's words). flag: the current seller
-- flag (0 none … 5 purple), set by the latest remark.
CREATE TABLE orders (
  id                INTEGER PRIMARY KEY,
  order_no          TEXT    NOT NULL UNIQUE CHECK (length(order_no) BETWEEN 1 AND 32),
  customer_id       INTEGER NOT NULL REFERENCES customers (id),
  status            INTEGER NOT NULL DEFAULT 0 CHECK (status BETWEEN 0 AND 5),
  status_text       TEXT    NOT NULL DEFAULT '',
  created_at        INTEGER NOT NULL,
  paid_at           INTEGER NOT NULL DEFAULT 0,
  shipped_at        INTEGER NOT NULL DEFAULT 0,
  total             INTEGER NOT NULL DEFAULT 0,
  paid              INTEGER NOT NULL DEFAULT 0,
  postage           INTEGER NOT NULL DEFAULT 0,
  receiver_name     TEXT    NOT NULL DEFAULT '',
  receiver_phone    TEXT    NOT NULL DEFAULT '',
  receiver_address  TEXT    NOT NULL DEFAULT '',
  shipping_method   TEXT    NOT NULL DEFAULT '',
  courier           TEXT    NOT NULL DEFAULT '',
  tracking_no       TEXT    NOT NULL DEFAULT '',
  buyer_message     TEXT    NOT NULL DEFAULT '',
  close_reason      TEXT    NOT NULL DEFAULT '',
  taobao_memo       TEXT    NOT NULL DEFAULT '',
  flag              INTEGER NOT NULL DEFAULT 0 CHECK (flag BETWEEN 0 AND 5),
  updated_at        INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX orders_customer ON orders (customer_id, created_at);
CREATE INDEX orders_created ON orders (created_at, id);
CREATE INDEX orders_status ON orders (status, created_at);
CREATE INDEX orders_flag ON orders (flag, created_at);

CREATE TABLE order_items (
  id             INTEGER PRIMARY KEY,
  order_id       INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  title          TEXT    NOT NULL DEFAULT '',
  attributes     TEXT    NOT NULL DEFAULT '',
  quantity       INTEGER NOT NULL DEFAULT 1,
  price          INTEGER NOT NULL DEFAULT 0,
  merchant_code  TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX order_items_order ON order_items (order_id);

-- The shop's own remarks, append-only; the latest sets orders.flag.
CREATE TABLE order_remarks (
  id            INTEGER PRIMARY KEY,
  order_id      INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  flag          INTEGER NOT NULL DEFAULT 0 CHECK (flag BETWEEN 0 AND 5),
  text          TEXT    NOT NULL DEFAULT '',
  job_number    TEXT    NOT NULL DEFAULT '',
  staff_id      INTEGER REFERENCES staff (id),
  at            INTEGER NOT NULL,
  follow_up     TEXT    NOT NULL DEFAULT ''       -- YYYY-MM-DD or ''
);
CREATE INDEX order_remarks_order ON order_remarks (order_id, at);
CREATE INDEX order_remarks_at ON order_remarks (at);
CREATE INDEX order_remarks_job ON order_remarks (job_number, order_id);
