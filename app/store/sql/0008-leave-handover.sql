-- 0008: leave and swap requests with their decisions, and the handover book (交接班).

-- A request is never deleted: pending, then approved or rejected by a
-- supervisor (or withdrawn); the decision says who and when.
CREATE TABLE leave_requests (
  id             INTEGER PRIMARY KEY,
  staff_id       INTEGER NOT NULL REFERENCES staff (id),
  first_day      TEXT    NOT NULL CHECK (first_day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  last_day       TEXT    NOT NULL CHECK (last_day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  kind           TEXT    NOT NULL CHECK (kind IN ('annual', 'sick', 'personal', 'compensatory', 'other')),
  reason         TEXT    NOT NULL DEFAULT '',
  status         TEXT    NOT NULL DEFAULT 'pending'
                         CHECK (status IN ('pending', 'approved', 'rejected', 'withdrawn')),
  created_at     INTEGER NOT NULL,                 -- UTC Unix seconds
  created_by     INTEGER REFERENCES staff (id),    -- who was at the desk
  decided_at     INTEGER,
  decided_by     INTEGER REFERENCES staff (id),
  decision_note  TEXT    NOT NULL DEFAULT '',
  CHECK (last_day >= first_day)
);
CREATE INDEX leave_requests_status ON leave_requests (status, first_day);
CREATE INDEX leave_requests_staff ON leave_requests (staff_id, first_day);

-- Two agents exchange their roster cells on each of the request's days.
CREATE TABLE swap_requests (
  id             INTEGER PRIMARY KEY,
  staff_a        INTEGER NOT NULL REFERENCES staff (id),  -- who asks
  staff_b        INTEGER NOT NULL REFERENCES staff (id),
  days           TEXT    NOT NULL CHECK (length(days) >= 10),  -- "2026-12-03,2026-12-05", sorted
  reason         TEXT    NOT NULL DEFAULT '',
  status         TEXT    NOT NULL DEFAULT 'pending'
                         CHECK (status IN ('pending', 'approved', 'rejected', 'withdrawn')),
  created_at     INTEGER NOT NULL,
  created_by     INTEGER REFERENCES staff (id),
  decided_at     INTEGER,
  decided_by     INTEGER REFERENCES staff (id),
  decision_note  TEXT    NOT NULL DEFAULT '',
  CHECK (staff_a <> staff_b)
);
CREATE INDEX swap_requests_status ON swap_requests (status, id);

-- What an approval changed in the roster, cell by cell, so that undoing
-- the decision puts every cell back exactly as it was.
CREATE TABLE request_cells (
  request_type   TEXT    NOT NULL CHECK (request_type IN ('leave', 'swap')),
  request_id     INTEGER NOT NULL,
  staff_id       INTEGER NOT NULL REFERENCES staff (id),
  day            TEXT    NOT NULL,
  had_row        INTEGER NOT NULL CHECK (had_row IN (0, 1)),
  shift_id       INTEGER,
  locked         INTEGER NOT NULL DEFAULT 0,
  had_leave      INTEGER NOT NULL DEFAULT 0 CHECK (had_leave IN (0, 1)),
  leave_reason   TEXT    NOT NULL DEFAULT '',
  leave_kind     TEXT    NOT NULL DEFAULT '',
  PRIMARY KEY (request_type, request_id, staff_id, day)
);

-- Which request a leave day came from, and its kind (for the leave code
-- in exports); days entered before 0008 have neither.
ALTER TABLE leave_days ADD COLUMN kind TEXT NOT NULL DEFAULT '';
ALTER TABLE leave_days ADD COLUMN request_id INTEGER REFERENCES leave_requests (id);

-- The handover book: at the end of a shift the outgoing agent writes what is
-- still open; the next agent acknowledges it. Order numbers and customer
-- nicknames are plain text until those tables exist.
CREATE TABLE handovers (
  id             INTEGER PRIMARY KEY,
  author_id      INTEGER NOT NULL REFERENCES staff (id),
  written_at     INTEGER NOT NULL,
  day            TEXT    NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  shift_code     TEXT    NOT NULL DEFAULT '',
  note           TEXT    NOT NULL DEFAULT '',
  acked_at       INTEGER,
  acked_by       INTEGER REFERENCES staff (id),
  search_text    TEXT    NOT NULL DEFAULT ''   -- normalised (kd_text_normalize) author, note and items
);
CREATE INDEX handovers_written ON handovers (written_at, id);
CREATE INDEX handovers_open ON handovers (acked_at, written_at);

CREATE TABLE handover_items (
  id             INTEGER PRIMARY KEY,
  handover_id    INTEGER NOT NULL REFERENCES handovers (id) ON DELETE CASCADE,
  position       INTEGER NOT NULL,
  text           TEXT    NOT NULL CHECK (length(text) > 0),
  order_no       TEXT    NOT NULL DEFAULT '',
  customer       TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX handover_items_handover ON handover_items (handover_id, position);

-- What lists read, with one unambiguous id each (KdQueryModel).
CREATE VIEW leave_request_rows AS
  SELECT r.id, r.staff_id, s.name AS staff_name, s.job_number AS staff_job_number,
         r.first_day, r.last_day, r.kind, r.reason, r.status, r.created_at,
         r.decided_at, d.name AS decided_by_name, r.decision_note
    FROM leave_requests r JOIN staff s ON s.id = r.staff_id LEFT JOIN staff d ON d.id = r.decided_by;

CREATE VIEW swap_request_rows AS
  SELECT r.id, r.staff_a, a.name AS a_name, a.job_number AS a_job_number,
         r.staff_b, b.name AS b_name, b.job_number AS b_job_number, r.days, r.reason, r.status,
         r.created_at, r.decided_at, d.name AS decided_by_name, r.decision_note
    FROM swap_requests r JOIN staff a ON a.id = r.staff_a JOIN staff b ON b.id = r.staff_b
         LEFT JOIN staff d ON d.id = r.decided_by;

CREATE VIEW handover_rows AS
  SELECT h.id, h.author_id, a.name AS author_name, a.job_number AS author_job_number,
         h.written_at, h.day, h.shift_code, h.note, h.acked_at, h.acked_by, k.name AS acked_by_name,
         (SELECT count(*) FROM handover_items i WHERE i.handover_id = h.id) AS n_items,
         (SELECT i.text FROM handover_items i WHERE i.handover_id = h.id ORDER BY i.position LIMIT 1) AS first_item,
         h.search_text
    FROM handovers h JOIN staff a ON a.id = h.author_id LEFT JOIN staff k ON k.id = h.acked_by;
