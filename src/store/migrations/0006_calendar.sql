-- 0006_calendar.sql — the work calendar (工作日历), the ledger's
-- configurable health thresholds (台账设置) and extension requests
-- (延期申请).  Portable SQL: timestamps are integer Unix ms, dates are
-- 'YYYY-MM-DD' text.

-- Special days: statutory holidays on weekdays (法定节假日, kind holiday)
-- and make-up working days on weekends (调休上班, kind workday).  Every
-- other day follows the week: Monday–Friday work, weekends off.
CREATE TABLE work_calendar_day (
  day        TEXT PRIMARY KEY,             -- YYYY-MM-DD
  kind       TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
  name       TEXT NOT NULL DEFAULT '',     -- 国庆节, 春节调休 …
  updated_at INTEGER NOT NULL
);

-- The years whose special days are maintained (installed from the
-- built-in schedule, saved by an admin or imported).  A built-in year is
-- installed only when its year has no row here, so an admin's edits and
-- deletions are never undone at the next start.
CREATE TABLE work_calendar_year (
  year       INTEGER PRIMARY KEY,
  source     TEXT NOT NULL,                -- builtin | edit | import
  updated_at INTEGER NOT NULL
);

-- Ledger settings, one integer per key (warn_days, count_mode,
-- lag_threshold, lag_warn_threshold, extension_min_days); a missing key
-- takes its default.
CREATE TABLE ledger_setting (
  key        TEXT PRIMARY KEY,
  value      INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

-- Extension requests: filed by the lead unit before the due date,
-- approved or rejected by 督查室.  Approval moves the item's due_date; its
-- original_due_date is kept.
CREATE TABLE item_extension (
  id             INTEGER PRIMARY KEY,
  item_id        INTEGER NOT NULL REFERENCES ledger_item(id),
  requested_by   INTEGER NOT NULL REFERENCES account(id),
  requester_name TEXT NOT NULL,             -- name at the time
  unit_id        INTEGER NOT NULL REFERENCES unit(id),
  old_due_date   TEXT NOT NULL,             -- the due date when filed
  new_due_date   TEXT NOT NULL,             -- the date asked for
  reason         TEXT NOT NULL,
  state          TEXT NOT NULL DEFAULT 'submitted'
                 CHECK (state IN ('submitted', 'approved', 'rejected')),
  reviewed_by    INTEGER REFERENCES account(id),
  reviewer_name  TEXT,
  review_comment TEXT NOT NULL DEFAULT '',
  created_at     INTEGER NOT NULL,          -- ms
  reviewed_at    INTEGER                    -- ms; NULL while submitted
);
CREATE INDEX item_extension_item_idx ON item_extension(item_id, id);
CREATE INDEX item_extension_state_idx ON item_extension(state, id);
