-- 0010: unpaid-order alerts. One row per order while it awaits payment
-- (kept by triggers, whatever writes the order), then its alert's story:
-- first and last alerted, snoozed, followed up, cleared when paid or closed.

CREATE TABLE unpaid_alerts (
  order_id         INTEGER PRIMARY KEY REFERENCES orders (id) ON DELETE CASCADE,
  created_at       INTEGER NOT NULL,               -- the order's, copied for the partial index
  job_number       TEXT    NOT NULL DEFAULT '',    -- the routed agent
  reason           INTEGER NOT NULL DEFAULT 0 CHECK (reason BETWEEN 0 AND 4),
  first_alerted    INTEGER NOT NULL DEFAULT 0,
  last_alerted     INTEGER NOT NULL DEFAULT 0,
  snoozed_until    INTEGER NOT NULL DEFAULT 0,
  followed_up_at   INTEGER NOT NULL DEFAULT 0,
  followed_up_by   TEXT    NOT NULL DEFAULT '',
  note             TEXT    NOT NULL DEFAULT '' CHECK (length(note) <= 500),
  cleared_at       INTEGER NOT NULL DEFAULT 0,
  cleared_status   INTEGER NOT NULL DEFAULT 0
);

-- What a check reads: orders never alerted, by age; snoozes by their end.
-- Both hold only the rows still waiting, so a check does not grow with history.
CREATE INDEX unpaid_alerts_pending ON unpaid_alerts (created_at)
  WHERE first_alerted = 0 AND cleared_at = 0 AND followed_up_at = 0;
CREATE INDEX unpaid_alerts_snoozed ON unpaid_alerts (snoozed_until)
  WHERE snoozed_until > 0 AND cleared_at = 0 AND followed_up_at = 0;
-- The list and the report.
CREATE INDEX unpaid_alerts_open ON unpaid_alerts (created_at)
  WHERE cleared_at = 0;
CREATE INDEX unpaid_alerts_alerted ON unpaid_alerts (first_alerted)
  WHERE first_alerted > 0;

CREATE TRIGGER orders_unpaid_insert AFTER INSERT ON orders
  WHEN NEW.status = 0
BEGIN
  INSERT OR IGNORE INTO unpaid_alerts (order_id, created_at) VALUES (NEW.id, NEW.created_at);
END;

CREATE TRIGGER orders_unpaid_awaiting AFTER UPDATE OF status, created_at ON orders
  WHEN NEW.status = 0
BEGIN
  INSERT INTO unpaid_alerts (order_id, created_at) VALUES (NEW.id, NEW.created_at)
    ON CONFLICT (order_id) DO UPDATE SET created_at = excluded.created_at, cleared_at = 0, cleared_status = 0;
END;

-- Paid or closed: an alert never raised is forgotten; one raised is
-- cleared (its notification withdrawn) and kept for the report.
CREATE TRIGGER orders_unpaid_settled AFTER UPDATE OF status ON orders
  WHEN NEW.status <> 0 AND OLD.status = 0
BEGIN
  DELETE FROM unpaid_alerts WHERE order_id = NEW.id AND first_alerted = 0;
  UPDATE unpaid_alerts
     SET cleared_at = CASE WHEN NEW.updated_at > 0 THEN NEW.updated_at
                           ELSE CAST(strftime('%s', 'now') AS INTEGER) END,
         cleared_status = NEW.status
   WHERE order_id = NEW.id AND cleared_at = 0;
END;

-- Orders already waiting when this version arrives.
INSERT INTO unpaid_alerts (order_id, created_at)
  SELECT id, created_at FROM orders WHERE status = 0;
