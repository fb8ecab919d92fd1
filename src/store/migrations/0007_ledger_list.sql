-- 0007_ledger_list.sql — what the item list needs beyond 0003: archived
-- custom fields (a field removed after items used it keeps their values
-- but leaves the forms), item tags (标签), saved list views (我的视图) and
-- the indexes behind the list's sort orders (keyset pagination on
-- (sort key, id)).

-- 1 = removed by an admin after items had values for it: the values stay
-- (shown on the item), the field is no longer offered or validated.
ALTER TABLE ledger_field ADD COLUMN archived INTEGER NOT NULL DEFAULT 0;

-- Tags of an item: 1..20 characters each, at most 10 per item.
CREATE TABLE item_tag (
  item_id INTEGER NOT NULL REFERENCES ledger_item(id),
  tag     TEXT NOT NULL,
  PRIMARY KEY (item_id, tag)
);
CREATE INDEX item_tag_tag_idx ON item_tag(tag, item_id);

-- Saved views of a list page: the list's filter query string (validated
-- with the list's own parser when saved) and its sort.
CREATE TABLE saved_view (
  id         INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES account(id),
  page       TEXT NOT NULL,                -- 'items'
  name       TEXT NOT NULL,
  query      TEXT NOT NULL DEFAULT '',     -- type_id=3&tag=%E5%85%BB%E8%80%81
  sort       TEXT NOT NULL DEFAULT '',     -- '' = newest first, due_date, -progress …
  created_at INTEGER NOT NULL,             -- ms
  UNIQUE (account_id, page, name)
);

-- Sort orders of the item list (due_date and code have theirs in 0003).
CREATE INDEX ledger_item_updated_idx ON ledger_item(updated_at, id);
CREATE INDEX ledger_item_progress_idx ON ledger_item(progress, id);
