-- 0005_attachment.sql — attachments (附件) and comments (评论) on ledger
-- items.  An attachment row points at a content-addressed file under the
-- files_dir setting (files_dir/ab/cd/<sha256>); the same bytes uploaded
-- twice are stored once and referenced by two rows.  The file is written
-- before the row, so a crash between the two leaves an unreferenced file
-- (harmless) and never a row without its file.
--   purpose 'item'      a document of the item itself
--           'progress'  attached to a progress report (progress_id set
--                       once the report is submitted with it)
--           'evidence'  closure evidence (销号佐证材料)

CREATE TABLE attachment (
  id            INTEGER PRIMARY KEY,
  item_id       INTEGER NOT NULL REFERENCES ledger_item(id),
  progress_id   INTEGER REFERENCES item_progress(id),   -- NULL = not linked
  purpose       TEXT NOT NULL CHECK (purpose IN ('item', 'progress', 'evidence')),
  sha256        TEXT NOT NULL,             -- 64 lowercase hex digits
  size          INTEGER NOT NULL CHECK (size > 0),
  mime          TEXT NOT NULL,             -- decided from the bytes
  filename      TEXT NOT NULL,             -- original name, sanitised
  uploaded_by   INTEGER NOT NULL REFERENCES account(id),
  uploader_name TEXT NOT NULL,             -- name at the time
  created_at    INTEGER NOT NULL           -- ms
);
CREATE INDEX attachment_item_idx ON attachment(item_id, purpose, id);
CREATE INDEX attachment_progress_idx ON attachment(progress_id, id);
CREATE INDEX attachment_sha256_idx ON attachment(sha256);

CREATE TABLE item_comment (
  id          INTEGER PRIMARY KEY,
  item_id     INTEGER NOT NULL REFERENCES ledger_item(id),
  account_id  INTEGER NOT NULL REFERENCES account(id),
  author_name TEXT NOT NULL,               -- name at the time
  text        TEXT NOT NULL,
  created_at  INTEGER NOT NULL             -- ms
);
CREATE INDEX item_comment_item_idx ON item_comment(item_id, id);
