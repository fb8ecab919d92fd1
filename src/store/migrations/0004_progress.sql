-- 0004_progress.sql — progress reports (进展): submitted by the lead unit
-- or a co-unit, reviewed (通过/退回) by 督查室.  The item's progress and
-- indicator actual change only when a report is approved.

CREATE TABLE item_progress (
  id              INTEGER PRIMARY KEY,
  item_id         INTEGER NOT NULL REFERENCES ledger_item(id),
  submitted_by    INTEGER NOT NULL REFERENCES account(id),
  submitter_name  TEXT NOT NULL,             -- name at the time
  unit_id         INTEGER NOT NULL REFERENCES unit(id), -- the unit reporting
  text            TEXT NOT NULL,
  percent         INTEGER NOT NULL CHECK (percent BETWEEN 0 AND 100),
  indicator_value REAL,                      -- NULL = not reported
  state           TEXT NOT NULL DEFAULT 'submitted'
                  CHECK (state IN ('submitted', 'approved', 'returned')),
  review_comment  TEXT NOT NULL DEFAULT '',
  reviewed_by     INTEGER REFERENCES account(id),
  reviewer_name   TEXT,
  reviewed_at     INTEGER,                   -- ms; NULL while submitted
  created_at      INTEGER NOT NULL           -- ms
);
CREATE INDEX item_progress_item_idx ON item_progress(item_id, id);
CREATE INDEX item_progress_state_idx ON item_progress(state, id);
CREATE INDEX item_progress_unit_idx ON item_progress(unit_id, id);
