-- 0013: orders found by their number through indexes of their own, and by their buyer through the customers' search rows, instead of both copied into every order's search row.

-- An order's search row had its number (19 digits: 37 tokens whose pairs
-- are in every order) and its buyer's nickname with pinyin and initials
-- (the same for all of a buyer's orders): half an import's indexing, and
-- posting lists of a million entries for a query such as "0012345" or
-- "maijia123". A number is now matched by its start (order_no's own
-- index) or its end (this reversed copy's index, for the last digits an
-- agent types); a buyer through the customers' rows (kd-order-repo.c).
-- The copy is written by the store (kd-order-repo.c) with the number; the
-- triggers below fill it for any other writer, in plain SQL (SQLite has
-- no reverse(); an order number has at most 32 characters, 0006's CHECK).
-- Not a generated column: evaluating this expression for every insert
-- cost an import more than the index of the copy itself.
ALTER TABLE orders ADD COLUMN order_no_rev TEXT NOT NULL DEFAULT '';
UPDATE orders SET order_no_rev =
    substr(order_no, 32, 1) || substr(order_no, 31, 1) || substr(order_no, 30, 1) || substr(order_no, 29, 1) ||
    substr(order_no, 28, 1) || substr(order_no, 27, 1) || substr(order_no, 26, 1) || substr(order_no, 25, 1) ||
    substr(order_no, 24, 1) || substr(order_no, 23, 1) || substr(order_no, 22, 1) || substr(order_no, 21, 1) ||
    substr(order_no, 20, 1) || substr(order_no, 19, 1) || substr(order_no, 18, 1) || substr(order_no, 17, 1) ||
    substr(order_no, 16, 1) || substr(order_no, 15, 1) || substr(order_no, 14, 1) || substr(order_no, 13, 1) ||
    substr(order_no, 12, 1) || substr(order_no, 11, 1) || substr(order_no, 10, 1) || substr(order_no, 9, 1) ||
    substr(order_no, 8, 1) || substr(order_no, 7, 1) || substr(order_no, 6, 1) || substr(order_no, 5, 1) ||
    substr(order_no, 4, 1) || substr(order_no, 3, 1) || substr(order_no, 2, 1) || substr(order_no, 1, 1);
CREATE INDEX orders_no_rev ON orders (order_no_rev);

CREATE TRIGGER orders_no_rev_insert AFTER INSERT ON orders
  WHEN NEW.order_no_rev = ''
BEGIN
  UPDATE orders SET order_no_rev =
      substr(NEW.order_no, 32, 1) || substr(NEW.order_no, 31, 1) || substr(NEW.order_no, 30, 1) || substr(NEW.order_no, 29, 1) ||
      substr(NEW.order_no, 28, 1) || substr(NEW.order_no, 27, 1) || substr(NEW.order_no, 26, 1) || substr(NEW.order_no, 25, 1) ||
      substr(NEW.order_no, 24, 1) || substr(NEW.order_no, 23, 1) || substr(NEW.order_no, 22, 1) || substr(NEW.order_no, 21, 1) ||
      substr(NEW.order_no, 20, 1) || substr(NEW.order_no, 19, 1) || substr(NEW.order_no, 18, 1) || substr(NEW.order_no, 17, 1) ||
      substr(NEW.order_no, 16, 1) || substr(NEW.order_no, 15, 1) || substr(NEW.order_no, 14, 1) || substr(NEW.order_no, 13, 1) ||
      substr(NEW.order_no, 12, 1) || substr(NEW.order_no, 11, 1) || substr(NEW.order_no, 10, 1) || substr(NEW.order_no, 9, 1) ||
      substr(NEW.order_no, 8, 1) || substr(NEW.order_no, 7, 1) || substr(NEW.order_no, 6, 1) || substr(NEW.order_no, 5, 1) ||
      substr(NEW.order_no, 4, 1) || substr(NEW.order_no, 3, 1) || substr(NEW.order_no, 2, 1) || substr(NEW.order_no, 1, 1)
  WHERE id = NEW.id;
END;

CREATE TRIGGER orders_no_rev_update AFTER UPDATE OF order_no ON orders
  WHEN NEW.order_no_rev = OLD.order_no_rev AND NEW.order_no <> OLD.order_no
BEGIN
  UPDATE orders SET order_no_rev =
      substr(NEW.order_no, 32, 1) || substr(NEW.order_no, 31, 1) || substr(NEW.order_no, 30, 1) || substr(NEW.order_no, 29, 1) ||
      substr(NEW.order_no, 28, 1) || substr(NEW.order_no, 27, 1) || substr(NEW.order_no, 26, 1) || substr(NEW.order_no, 25, 1) ||
      substr(NEW.order_no, 24, 1) || substr(NEW.order_no, 23, 1) || substr(NEW.order_no, 22, 1) || substr(NEW.order_no, 21, 1) ||
      substr(NEW.order_no, 20, 1) || substr(NEW.order_no, 19, 1) || substr(NEW.order_no, 18, 1) || substr(NEW.order_no, 17, 1) ||
      substr(NEW.order_no, 16, 1) || substr(NEW.order_no, 15, 1) || substr(NEW.order_no, 14, 1) || substr(NEW.order_no, 13, 1) ||
      substr(NEW.order_no, 12, 1) || substr(NEW.order_no, 11, 1) || substr(NEW.order_no, 10, 1) || substr(NEW.order_no, 9, 1) ||
      substr(NEW.order_no, 8, 1) || substr(NEW.order_no, 7, 1) || substr(NEW.order_no, 6, 1) || substr(NEW.order_no, 5, 1) ||
      substr(NEW.order_no, 4, 1) || substr(NEW.order_no, 3, 1) || substr(NEW.order_no, 2, 1) || substr(NEW.order_no, 1, 1)
  WHERE id = NEW.id;
END;

-- The orders whose search rows are written again without the number and
-- the buyer: pinyin needs the app (kd_order_repo_fill_search, run after
-- the migrations in the same transaction), not SQL.
CREATE TABLE order_search_refill (
  order_id  INTEGER PRIMARY KEY
);
INSERT INTO order_search_refill (order_id) SELECT id FROM orders;
