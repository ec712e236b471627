-- 0012: search rows carry keys (for customers: their tag ids) in the index, so a search and a tag filter meet inside one FTS5 query.

-- A search combined with "has tags A and B" used to list every text match
-- (14 000 for one common character in 100 000 customers) and probe each
-- for its tags; with the tags in the same index row FTS5 intersects the
-- posting lists and only the real matches come out. A key is written as
-- two characters, one from plane 15 (U+F0000 + key / 65534) and one from
-- plane 16 (U+100000 + key % 65534), keys separated by spaces: the
-- tokenizer's pair of the two is the key's own token (kd-search.c writes
-- and queries the same), and no text folds to those characters.
ALTER TABLE search_rows ADD COLUMN keys TEXT NOT NULL DEFAULT '';

UPDATE search_rows SET keys = coalesce(
    (SELECT group_concat(char(983040 + tag_id / 65534, 1048576 + tag_id % 65534), ' ')
     FROM customer_tags WHERE customer_id = search_rows.ref_id), '')
  WHERE domain = 'customer';

DROP TRIGGER search_rows_ai;
DROP TRIGGER search_rows_ad;
DROP TRIGGER search_rows_au;
DROP TABLE search_ngram;

CREATE VIRTUAL TABLE search_ngram USING fts5 (
  text, pinyin, initials, keys,
  content = 'search_rows', content_rowid = 'id', tokenize = 'kd_ngram'
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
