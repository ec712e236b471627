-- 0018: the search index without its table of column sizes.
--
-- FTS5 keeps, by default, every row's token count per column in a table
-- of its own (search_ngram_docsize), for ranking (bm25) and the xColumnSize
-- API. Kefu Desk uses neither: searches are filters, ordered by each
-- list's own sort, and matches are highlighted by the app. That table was
-- one more b-tree insert for every search row, a row per order and per
-- buyer an import adds. The index is the same otherwise and is built
-- again from search_rows.
DROP TRIGGER search_rows_ai;
DROP TRIGGER search_rows_ad;
DROP TRIGGER search_rows_au;
DROP TABLE search_ngram;

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
