-- 0009: the search index by characters and pairs of characters (the kd_ngram tokenizer, kd-search-ngram.c) instead of trigrams.

-- Trigrams could not answer one- and two-character queries, the most
-- common ones in Chinese ("退", "尺码"), which then scanned every search
-- row of a domain; pairs answer every length from the index. The tokenizer
-- is the app's: the sqlite3 shell can read these tables but not write
-- search_rows (its triggers need kd_ngram).
DROP TRIGGER search_rows_ai;
DROP TRIGGER search_rows_ad;
DROP TRIGGER search_rows_au;
DROP TABLE search_fts;

-- A row's id is its record's id times 16 plus its domain's code
-- (kd-search.c), so the index gives record ids without a lookup.
CREATE TABLE search_rows_new (
  id        INTEGER PRIMARY KEY,
  domain    TEXT    NOT NULL,
  ref_id    INTEGER NOT NULL,
  text      TEXT    NOT NULL,
  pinyin    TEXT    NOT NULL,
  initials  TEXT    NOT NULL,
  UNIQUE (domain, ref_id)
);
INSERT INTO search_rows_new (id, domain, ref_id, text, pinyin, initials)
  SELECT ref_id * 16 + CASE domain WHEN 'phrase' THEN 1 WHEN 'customer' THEN 2 WHEN 'order' THEN 3
                                   WHEN 'remark' THEN 4 WHEN 'handover' THEN 5 END,
         domain, ref_id, text, pinyin, initials
  FROM search_rows
  WHERE domain IN ('phrase', 'customer', 'order', 'remark', 'handover');
DROP TABLE search_rows;
ALTER TABLE search_rows_new RENAME TO search_rows;

CREATE VIRTUAL TABLE search_ngram USING fts5 (
  text, pinyin, initials,
  content = 'search_rows', content_rowid = 'id', tokenize = 'kd_ngram'
);

CREATE TRIGGER search_rows_ai AFTER INSERT ON search_rows BEGIN
  INSERT INTO search_ngram (rowid, text, pinyin, initials) VALUES (new.id, new.text, new.pinyin, new.initials);
END;
CREATE TRIGGER search_rows_ad AFTER DELETE ON search_rows BEGIN
  INSERT INTO search_ngram (search_ngram, rowid, text, pinyin, initials)
    VALUES ('delete', old.id, old.text, old.pinyin, old.initials);
END;
CREATE TRIGGER search_rows_au AFTER UPDATE ON search_rows BEGIN
  INSERT INTO search_ngram (search_ngram, rowid, text, pinyin, initials)
    VALUES ('delete', old.id, old.text, old.pinyin, old.initials);
  INSERT INTO search_ngram (rowid, text, pinyin, initials) VALUES (new.id, new.text, new.pinyin, new.initials);
END;

INSERT INTO search_ngram (search_ngram) VALUES ('rebuild');
