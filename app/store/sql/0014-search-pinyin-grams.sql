-- 0014: pinyin and initials indexed as letter triples.
--
-- They were indexed like the text, every letter and every pair of
-- letters. Pinyin is a few common letters over and over, so a pair such
-- as "ng" or "sh" is in nearly every record, and a query of pinyin (a
-- chain of pairs) read the posting lists of the whole index. The value
-- now starts with U+0002, which the tokenizer (kd-search-ngram.c) reads
-- as "the triple at each letter, and the last pair closed by $"; the
-- queries (kd-search.c) ask for triples. Rewriting the value makes the
-- update trigger take the old tokens out (tokenized as they were put in)
-- and the new ones in. U+0001 marked values written in between.
UPDATE search_rows
   SET pinyin   = CASE WHEN pinyin = '' OR pinyin = char(1) THEN '' ELSE char(2) || ltrim(pinyin, char(1)) END,
       initials = CASE WHEN initials = '' OR initials = char(1) THEN '' ELSE char(2) || ltrim(initials, char(1)) END
 WHERE (pinyin <> '' AND substr(pinyin, 1, 1) <> char(2))
    OR (initials <> '' AND substr(initials, 1, 1) <> char(2));
