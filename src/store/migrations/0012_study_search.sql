-- 0012_study_search.sql — the Chinese full-text index of study materials
-- (学习资料全文检索).  Engine-specific by nature; the store interface
-- (store_fts_search, src/store/fts_search.c) is the only reader.
--
-- SQLite: an FTS5 table whose rowid is material.id, tokenized by
-- "luoshi_cjk" (src/store/fts_tokenizer.c: overlapping CJK bigrams for
-- recall plus friso words, colocated, for ranking).  The driver registers
-- the tokenizer on every connection before migrations run.  The table keeps
-- its own copy of the text (not external content: tags are not a material
-- column, and a regular table can always delete a row by rowid), and the
-- triggers below keep it in sync, so code that writes material or
-- material_tag rows needs no extra call.  Status, visibility, topic, tag
-- and date filters are applied by joining material at query time.

-- dialect: sqlite
CREATE VIRTUAL TABLE material_fts USING fts5(
  title, summary, body, tags, tokenize = 'luoshi_cjk'
);

INSERT INTO material_fts(rowid, title, summary, body, tags)
  SELECT m.id, m.title, m.summary, m.body,
         coalesce((SELECT group_concat(t.tag, ' ') FROM material_tag t
                   WHERE t.material_id = m.id), '')
  FROM material m;

CREATE TRIGGER material_fts_ai AFTER INSERT ON material BEGIN
  INSERT INTO material_fts(rowid, title, summary, body, tags)
  VALUES (new.id, new.title, new.summary, new.body,
          coalesce((SELECT group_concat(t.tag, ' ') FROM material_tag t
                    WHERE t.material_id = new.id), ''));
END;

CREATE TRIGGER material_fts_au AFTER UPDATE OF title, summary, body ON material
BEGIN
  UPDATE material_fts SET title = new.title, summary = new.summary,
                          body = new.body
  WHERE rowid = new.id;
END;

CREATE TRIGGER material_fts_ad AFTER DELETE ON material BEGIN
  DELETE FROM material_fts WHERE rowid = old.id;
END;

CREATE TRIGGER material_tag_fts_ai AFTER INSERT ON material_tag BEGIN
  UPDATE material_fts
  SET tags = coalesce((SELECT group_concat(t.tag, ' ') FROM material_tag t
                       WHERE t.material_id = new.material_id), '')
  WHERE rowid = new.material_id;
END;

CREATE TRIGGER material_tag_fts_ad AFTER DELETE ON material_tag BEGIN
  UPDATE material_fts
  SET tags = coalesce((SELECT group_concat(t.tag, ' ') FROM material_tag t
                       WHERE t.material_id = old.material_id), '')
  WHERE rowid = old.material_id;
END;

-- dialect: pg
-- PostgreSQL (future driver): no FTS5.  Plan: a generated tsvector column
-- on material (title weight A, summary B, body C, tags B) using the
-- zhparser text search configuration (SCWS segmentation) plus a pg_trgm
-- GIN index on title || body for bigram-like recall; the PG driver's
-- store_fts_search ranks with ts_rank_cd and highlights with ts_headline.
-- Nothing is created here until that driver exists.
