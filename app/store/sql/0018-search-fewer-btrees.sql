-- 0018: search rows and their index with one b-tree fewer each.
--
-- FTS5 keeps, by default, every row's token count per column in a table
-- of its own (search_ngram_docsize), for ranking (bm25) and the xColumnSize
-- API. Kefu Desk uses neither: searches are filters, ordered by each
-- list's own sort, and matches are highlighted by the app. And search_rows
-- had an index of (domain, ref_id) that its id already is (ref_id * 16 +
-- the domain's code, 0009), which every writer looks rows up by. Each was
-- one more b-tree insert for every search row, a row per order and per
-- buyer an import adds. The rows are copied into a table without that
-- index, and the index is built again from them.
DROP TRIGGER search_rows_ai;
DROP TRIGGER search_rows_ad;
DROP TRIGGER search_rows_au;
DROP TABLE search_ngram;

CREATE TABLE search_rows_new (
  id        INTEGER PRIMARY KEY,   -- ref_id * 16 + the domain's code (kd-search.c)
  domain    TEXT    NOT NULL,
  ref_id    INTEGER NOT NULL,
  text      TEXT    NOT NULL,
  pinyin    TEXT    NOT NULL,
  initials  TEXT    NOT NULL,
  keys      TEXT    NOT NULL DEFAULT ''
);
INSERT INTO search_rows_new (id, domain, ref_id, text, pinyin, initials, keys)
  SELECT id, domain, ref_id, text, pinyin, initials, keys FROM search_rows;
DROP TABLE search_rows;
ALTER TABLE search_rows_new RENAME TO search_rows;

CREATE VIRTUAL TABLE search_ngram USING fts5 (
  text, pinyin, initials, keys,
  content = 'search_rows', content_rowid = 'id', tokenize = 'kd_ngram', columnsize = 0
);

CREATE TRIGGER search_rows_ai AFTER INSERT ON search_rows BEGIN
  INSERT INTO search_ngram (rowid, text, pinyin, initials, keys)
    VALUES (new.id, new.text, new.pinyin, new.initials, new.keys);
END;
CREATE TRIGGER search_rows_ad AFTER DELETE ON search_rows BEGIN
  INSERT INTO search_ngram (search_ngram, rowid, text, pinyin, initials, keys)
    VALUES ('delete', old.id, old.text, old.pinyin, old.initials, old.keys);
END;
CREATE TRIGGER search_rows_au AFTER UPDATE ON search_rows BEGIN
  INSERT INTO search_ngram (search_ngram, rowid, text, pinyin, initials, keys)
    VALUES ('delete', old.id, old.text, old.pinyin, old.initials, old.keys);
  INSERT INTO search_ngram (rowid, text, pinyin, initials, keys)
    VALUES (new.id, new.text, new.pinyin, new.initials, new.keys);
END;

INSERT INTO search_ngram (search_ngram) VALUES ('rebuild');
