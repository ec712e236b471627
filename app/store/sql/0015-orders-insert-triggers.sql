-- 0015: an order's reversed number and its unpaid alert written by the store with the order, not by triggers on INSERT.
--
-- Any trigger on the table makes every INSERT into orders a statement
-- that may write more than one table and may abort, so SQLite keeps a
-- statement journal for it: the original of every page the insert
-- touches (the row and six indexes, some 35 KB) copied before the
-- write. An import of 100 000 orders copied 3.5 GB that way. The only
-- writer of new orders is kd_order_repo_upsert_report(), which now binds
-- order_no_rev and adds the alert of an order awaiting payment itself.
-- The triggers on UPDATE stay: an update is one order at a time.
DROP TRIGGER IF EXISTS orders_no_rev_insert;
DROP TRIGGER IF EXISTS orders_unpaid_insert;
