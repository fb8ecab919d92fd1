-- 0003_ledger.sql — the ledger engine (台账): typed ledgers with custom
-- fields, items with their co-units, milestones, custom field values and
-- timeline.  Portable SQL: timestamps are integer Unix ms, dates are
-- 'YYYY-MM-DD' text, booleans 0/1, lists are rows (no JSON columns).

-- Ledger types (台账类型): 目标任务, 重点项目, 民生实事 …  code is the item
-- code prefix (MS in MS-2026-0012); built-in types are installed at start.
CREATE TABLE ledger_type (
  id          INTEGER PRIMARY KEY,
  code        TEXT NOT NULL UNIQUE,       -- 1-4 uppercase letters
  name        TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  builtin     INTEGER NOT NULL DEFAULT 0, -- installed by the program
  sort        INTEGER NOT NULL DEFAULT 0,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);

-- The custom fields of a type, in display order.
CREATE TABLE ledger_field (
  id         INTEGER PRIMARY KEY,
  type_id    INTEGER NOT NULL REFERENCES ledger_type(id),
  field_key  TEXT NOT NULL,               -- [a-z][a-z0-9_]*, stable
  label      TEXT NOT NULL,               -- 受益人数
  field_type TEXT NOT NULL,               -- ledger_field_type_code(): text, money …
  required   INTEGER NOT NULL DEFAULT 0,
  private    INTEGER NOT NULL DEFAULT 0,  -- value shown only to 督查室 and the lead unit
  options    TEXT NOT NULL DEFAULT '',    -- select options, one per line
  max_len    INTEGER NOT NULL DEFAULT 0,  -- characters; 0 = type default
  decimals   INTEGER NOT NULL DEFAULT -1, -- -1 = type default
  min_value  REAL,                        -- NULL = unbounded
  max_value  REAL,
  sort       INTEGER NOT NULL DEFAULT 0,
  UNIQUE (type_id, field_key)
);

-- The last sequence number handed out per type and year (item codes).
CREATE TABLE ledger_counter (
  type_id  INTEGER NOT NULL REFERENCES ledger_type(id),
  year     INTEGER NOT NULL,
  last_seq INTEGER NOT NULL,
  PRIMARY KEY (type_id, year)
);

-- Items (事项).  lead_unit_path copies the lead unit's path so scope
-- filters are index ranges; depth 0 goal, 1 task, 2 sub-task.
CREATE TABLE ledger_item (
  id                    INTEGER PRIMARY KEY,
  type_id               INTEGER NOT NULL REFERENCES ledger_type(id),
  code                  TEXT NOT NULL UNIQUE,    -- MS-2026-0012
  year                  INTEGER NOT NULL,        -- the code's year
  seq                   INTEGER NOT NULL,        -- the code's number
  title                 TEXT NOT NULL,
  description           TEXT NOT NULL DEFAULT '',
  parent_id             INTEGER REFERENCES ledger_item(id),
  depth                 INTEGER NOT NULL DEFAULT 0,
  lead_leader_person_id INTEGER REFERENCES person(id), -- 牵头领导
  lead_unit_id          INTEGER NOT NULL REFERENCES unit(id),
  lead_unit_path        TEXT NOT NULL,
  owner_account_id      INTEGER REFERENCES account(id), -- 责任人
  start_date            TEXT,                    -- YYYY-MM-DD
  due_date              TEXT NOT NULL,           -- the deadline in force
  original_due_date     TEXT,                    -- set at issue, never changed
  state                 TEXT NOT NULL,           -- ledger_state_code()
  health                TEXT NOT NULL,           -- ledger_health_code()
  progress              INTEGER NOT NULL DEFAULT 0, -- percent 0..100
  indicator_target      REAL,
  indicator_actual      REAL,
  indicator_unit        TEXT NOT NULL DEFAULT '',
  priority              TEXT NOT NULL DEFAULT 'normal', -- normal | high | urgent
  created_by            INTEGER NOT NULL,        -- account id
  created_at            INTEGER NOT NULL,
  updated_at            INTEGER NOT NULL,
  UNIQUE (type_id, year, seq)
);
CREATE INDEX ledger_item_path_idx ON ledger_item(lead_unit_path, id);
CREATE INDEX ledger_item_unit_idx ON ledger_item(lead_unit_id, id);
CREATE INDEX ledger_item_type_idx ON ledger_item(type_id, id);
CREATE INDEX ledger_item_state_idx ON ledger_item(state, id);
CREATE INDEX ledger_item_health_idx ON ledger_item(health, id);
CREATE INDEX ledger_item_leader_idx ON ledger_item(lead_leader_person_id, id);
CREATE INDEX ledger_item_owner_idx ON ledger_item(owner_account_id, id);
CREATE INDEX ledger_item_due_idx ON ledger_item(due_date, id);
CREATE INDEX ledger_item_parent_idx ON ledger_item(parent_id, id);

-- Co-units (配合单位) of an item; unit_path copies the unit's path.
CREATE TABLE item_co_unit (
  item_id   INTEGER NOT NULL REFERENCES ledger_item(id),
  unit_id   INTEGER NOT NULL REFERENCES unit(id),
  unit_path TEXT NOT NULL,
  PRIMARY KEY (item_id, unit_id)
);
CREATE INDEX item_co_unit_unit_idx ON item_co_unit(unit_id, item_id);
CREATE INDEX item_co_unit_path_idx ON item_co_unit(unit_path, item_id);

-- Milestones (节点) with their own due dates.
CREATE TABLE item_milestone (
  id       INTEGER PRIMARY KEY,
  item_id  INTEGER NOT NULL REFERENCES ledger_item(id),
  title    TEXT NOT NULL,
  due_date TEXT NOT NULL,                 -- YYYY-MM-DD
  done_at  INTEGER,                       -- ms; NULL while open
  sort     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX item_milestone_item_idx ON item_milestone(item_id, sort, id);

-- Custom field values, normalised by ledger_field_validate().
CREATE TABLE item_field (
  item_id   INTEGER NOT NULL REFERENCES ledger_item(id),
  field_key TEXT NOT NULL,
  value     TEXT NOT NULL,
  PRIMARY KEY (item_id, field_key)
);

-- The timeline of an item: every change, in order.
CREATE TABLE item_event (
  id         INTEGER PRIMARY KEY,
  item_id    INTEGER NOT NULL REFERENCES ledger_item(id),
  at         INTEGER NOT NULL,            -- ms
  account_id INTEGER NOT NULL,
  actor_name TEXT NOT NULL,               -- name at the time
  action     TEXT NOT NULL,               -- create, update, or ledger_action_code()
  from_state TEXT,                        -- NULL for create
  to_state   TEXT,
  comment    TEXT NOT NULL DEFAULT ''     -- reason / summary of changes
);
CREATE INDEX item_event_item_idx ON item_event(item_id, id);
