-- 0007: the roster grid: people needed per weekday, the shop's special days (holidays, promotions) and their numbers.

-- A weekday that needs other numbers than the template's `required`
-- (1 = Monday … 7 = Sunday, as ISO 8601).
CREATE TABLE shift_required_weekday (
  shift_id  INTEGER NOT NULL REFERENCES shift_templates (id) ON DELETE CASCADE,
  weekday   INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
  required  INTEGER NOT NULL CHECK (required BETWEEN 0 AND 1000),
  PRIMARY KEY (shift_id, weekday)
);

-- Days the shop marks in the grid: public holidays and promotions.
CREATE TABLE roster_special_days (
  day   TEXT PRIMARY KEY CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  name  TEXT NOT NULL DEFAULT '',
  kind  TEXT NOT NULL CHECK (kind IN ('holiday', 'promotion'))
);

-- On a special day a shift may need other numbers (a promotion raises
-- them; a shift needed on no other day gets its people here).
CREATE TABLE roster_special_required (
  day       TEXT    NOT NULL REFERENCES roster_special_days (day) ON DELETE CASCADE,
  shift_id  INTEGER NOT NULL REFERENCES shift_templates (id) ON DELETE CASCADE,
  required  INTEGER NOT NULL CHECK (required BETWEEN 0 AND 1000),
  PRIMARY KEY (day, shift_id)
);
