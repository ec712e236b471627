-- 0003: what the shared data path needs: staff search and sort keys, the audit log.

-- Normalised once when a row is written (core: kd_staff_dup_search_text,
-- kd_text_natural_key), so that a search or a sort is SQL over an index
-- instead of a pass over every row in C. Rows written before this schema
-- are filled in by the store right after the migration.
ALTER TABLE staff ADD COLUMN search_text    TEXT NOT NULL DEFAULT '';
ALTER TABLE staff ADD COLUMN job_number_key TEXT NOT NULL DEFAULT '';
CREATE INDEX staff_job_number_key ON staff (job_number_key, id);
CREATE INDEX staff_active ON staff (active, job_number_key);

-- Privacy-relevant actions: who was signed in at the desk, when, what they
-- did and to which records (unmasking a phone, exporting customers, merging
-- profiles, deleting). Append-only; nothing in the app updates or deletes it.
CREATE TABLE audit_log (
  id          INTEGER PRIMARY KEY,
  at          INTEGER NOT NULL,                  -- UTC Unix seconds
  staff_id    INTEGER REFERENCES staff (id),     -- NULL: nobody signed in (CLI, background)
  action      TEXT    NOT NULL CHECK (length(action) > 0),
  entity      TEXT    NOT NULL CHECK (length(entity) > 0),
  record_ids  TEXT    NOT NULL DEFAULT '',       -- "12,15,40"; empty when n_records says it all
  n_records   INTEGER NOT NULL DEFAULT 0 CHECK (n_records >= 0),
  detail      TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_entity ON audit_log (entity, at);
CREATE INDEX audit_log_staff ON audit_log (staff_id, at);
