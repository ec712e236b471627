-- 0001: the shop's settings, the staff directory and who signed in at the desk.
PRAGMA application_id = 1262896211;

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE staff (
  id          INTEGER PRIMARY KEY,
  job_number  TEXT    NOT NULL UNIQUE CHECK (length(job_number) BETWEEN 1 AND 16),
  name        TEXT    NOT NULL CHECK (length(name) > 0),
  role        TEXT    NOT NULL CHECK (role IN ('pre-sale', 'after-sale', 'order-tracking',
                                               'complaints', 'supervisor', 'owner')),
  phone       TEXT    NOT NULL DEFAULT '',
  active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);

-- Who was at the desk when: the first history a staff member gathers.
-- Every table that refers to staff does so without ON DELETE, so a staff
-- member with history cannot be deleted, only deactivated.
CREATE TABLE desk_sign_ins (
  id            INTEGER PRIMARY KEY,
  staff_id      INTEGER NOT NULL REFERENCES staff (id),
  signed_in_at  INTEGER NOT NULL
);
CREATE INDEX desk_sign_ins_staff ON desk_sign_ins (staff_id);
