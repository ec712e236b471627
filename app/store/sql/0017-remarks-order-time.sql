-- 0017: a remark carries its order's time, so an agent's orders are listed from the remarks.
--
-- The board's agent filter listed the orders by id from the agent's
-- remarks and looked each one up for its time to sort them: one agent's
-- 20 000 orders of a million took 40 ms in the sqlite3 shell, half of it
-- reading table pages. With the order's time beside the job number, the
-- list newest first is one range of one index (kd_order_repo_query_spec's
-- build_ids). The time follows the order when a report changes it.
ALTER TABLE order_remarks ADD COLUMN order_created_at INTEGER NOT NULL DEFAULT 0;

UPDATE order_remarks
   SET order_created_at = (SELECT created_at FROM orders WHERE orders.id = order_remarks.order_id);

CREATE INDEX order_remarks_job_time ON order_remarks (job_number, order_created_at, order_id);

CREATE TRIGGER order_remarks_order_time AFTER UPDATE OF created_at ON orders
  WHEN OLD.created_at IS NOT NEW.created_at
BEGIN
  UPDATE order_remarks SET order_created_at = NEW.created_at WHERE order_id = NEW.id;
END;

-- A remark written without the copy (by plain SQL) gets it all the same;
-- kd_order_repo_add_remark() writes it itself. An order's time is never 0.
CREATE TRIGGER order_remarks_time_insert AFTER INSERT ON order_remarks
  WHEN NEW.order_created_at = 0
BEGIN
  UPDATE order_remarks SET order_created_at = (SELECT created_at FROM orders WHERE orders.id = NEW.order_id)
   WHERE id = NEW.id;
END;
