-- 0002: the roster: shift templates, rule settings, assignments per person and day, leave days.

-- A shift may cross midnight (start + length past 24:00); it belongs to the
-- day it starts on. Rest rules follow from start and length.
CREATE TABLE shift_templates (
  id            INTEGER PRIMARY KEY,
  code          TEXT    NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 8),
  name          TEXT    NOT NULL CHECK (length(name) > 0),
  colour        TEXT    NOT NULL DEFAULT '#3584e4',
  start_minute  INTEGER NOT NULL CHECK (start_minute BETWEEN 0 AND 1439),
  length        INTEGER NOT NULL CHECK (length BETWEEN 1 AND 1440),
  required      INTEGER NOT NULL DEFAULT 2 CHECK (required >= 0),
  is_night      INTEGER NOT NULL DEFAULT 0 CHECK (is_night IN (0, 1)),
  sort_order    INTEGER NOT NULL DEFAULT 0,
  active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);

-- The defaults every shop starts with; names are the shop's own words and
-- can be renamed in the app.
INSERT INTO shift_templates (code, name, colour, start_minute, length, required, is_night, sort_order) VALUES
  ('D', '白班', '#f6d32d', 480, 540, 2, 0, 1),
  ('N', '晚班', '#613583', 1020, 480, 2, 1, 2),
  ('R', '常班', '#33d17a', 540, 540, 2, 0, 3);

-- Rule settings as integers under fixed keys (see kd-roster-repo.c).
CREATE TABLE roster_rules (
  key    TEXT    PRIMARY KEY,
  value  INTEGER NOT NULL
);
INSERT INTO roster_rules (key, value) VALUES
  ('days_off', 4),
  ('max_consecutive', 6),
  ('min_rest_hours', 11),
  ('max_nights', 0),
  ('fair_nights', 10),
  ('fair_weekends', 5);

-- One row per person and day that has been rostered; shift_id NULL is a
-- day off. Staff with roster history are deactivated, never deleted.
CREATE TABLE roster_assignments (
  staff_id  INTEGER NOT NULL REFERENCES staff (id),
  day       TEXT    NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  shift_id  INTEGER REFERENCES shift_templates (id),
  locked    INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),
  PRIMARY KEY (staff_id, day)
);
CREATE INDEX roster_assignments_day ON roster_assignments (day);

CREATE TABLE leave_days (
  staff_id  INTEGER NOT NULL REFERENCES staff (id),
  day       TEXT    NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  reason    TEXT    NOT NULL DEFAULT '',
  PRIMARY KEY (staff_id, day)
);
CREATE INDEX leave_days_day ON leave_days (day);
