-- 0004: the shared search index: one row per searchable record of every feature.

-- text: the record's searchable fields, folded (NFKC, case, Simplified);
-- pinyin: their pinyin without spaces ("tuihuo"); initials: the first
-- letter of each syllable or word ("th"). Written by the store when the
-- record is (kd-search.c), never by hand.
CREATE TABLE search_rows (
  id        INTEGER PRIMARY KEY,
  domain    TEXT    NOT NULL,
  ref_id    INTEGER NOT NULL,
  text      TEXT    NOT NULL,
  pinyin    TEXT    NOT NULL,
  initials  TEXT    NOT NULL,
  UNIQUE (domain, ref_id)
);

-- Substrings of three characters or more, Chinese included, through
-- trigrams; shorter queries scan the folded columns of one domain.
CREATE VIRTUAL TABLE search_fts USING fts5 (
  text, pinyin, initials,
  content = 'search_rows', content_rowid = 'id', tokenize = 'trigram'
);

CREATE TRIGGER search_rows_ai AFTER INSERT ON search_rows BEGIN
  INSERT INTO search_fts (rowid, text, pinyin, initials) VALUES (new.id, new.text, new.pinyin, new.initials);
END;
CREATE TRIGGER search_rows_ad AFTER DELETE ON search_rows BEGIN
  INSERT INTO search_fts (search_fts, rowid, text, pinyin, initials)
    VALUES ('delete', old.id, old.text, old.pinyin, old.initials);
END;
CREATE TRIGGER search_rows_au AFTER UPDATE ON search_rows BEGIN
  INSERT INTO search_fts (search_fts, rowid, text, pinyin, initials)
    VALUES ('delete', old.id, old.text, old.pinyin, old.initials);
  INSERT INTO search_fts (rowid, text, pinyin, initials) VALUES (new.id, new.text, new.pinyin, new.initials);
END;
