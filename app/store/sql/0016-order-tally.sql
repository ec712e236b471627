-- 0016: how many orders have each status and flag, kept as the orders change.
--
-- The board's flag bar and a list filtered by status or flag only need
-- a count: counting a million orders of flag "none" read the whole
-- flag index (42 ms in the sqlite3 shell, 60 ms behind a list's first
-- rows). Here it is a sum over at most 6 × 6 rows.
--
-- Updates and deletions are followed by triggers (one order at a time).
-- New orders are counted by kd_order_repo_upsert_prepared(), the only
-- writer of new orders, as 0015 explains: a trigger on INSERT would have
-- every insert keep a statement journal.
CREATE TABLE order_tally (
  status INTEGER NOT NULL,
  flag   INTEGER NOT NULL,
  n      INTEGER NOT NULL,
  PRIMARY KEY (status, flag)
) WITHOUT ROWID;

INSERT INTO order_tally (status, flag, n)
  SELECT status, flag, count(*) FROM orders GROUP BY status, flag;

CREATE TRIGGER order_tally_update AFTER UPDATE OF status, flag ON orders
  WHEN OLD.status IS NOT NEW.status OR OLD.flag IS NOT NEW.flag
BEGIN
  UPDATE order_tally SET n = n - 1 WHERE status = OLD.status AND flag = OLD.flag;
  INSERT INTO order_tally (status, flag, n) VALUES (NEW.status, NEW.flag, 1)
    ON CONFLICT (status, flag) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER order_tally_delete AFTER DELETE ON orders
BEGIN
  UPDATE order_tally SET n = n - 1 WHERE status = OLD.status AND flag = OLD.flag;
END;

-- A list kept by status and flag together, newest first, had only the
-- index of one of them and checked the other in each row: a million
-- row lookups (2 s) for "paid, no flag". With this index every mix of
-- status, flag and a time range is one range of one index.
CREATE INDEX orders_status_flag ON orders (status, flag, created_at);
