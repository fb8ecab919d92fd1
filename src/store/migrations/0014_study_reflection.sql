-- 0014_study_reflection.sql — reflections (心得体会) reviewed by the branch
-- secretary and featured (精选) to the unit, and 学史力行: the links from
-- what was studied (a reflection or a study session) to what was done
-- (ledger items), and proposals of new items that a supervisor accepts
-- into the ledger.
--
-- plan_id names a study_plan row and source_id a reflection or a
-- study_session row; they are plain integers (those tables belong to
-- other migrations), checked by the domain code.

-- A reflection of one person.  unit_id/unit_path are the author's unit at
-- writing time (review scope and statistics follow them; moving the
-- member later does not move the reflection).  chars is the body length
-- in characters (the minimum length is the setting
-- study.reflection_min_chars).
--   status  draft (草稿) | submitted (待审核) | approved (已通过) |
--           returned (已退回: the author edits and submits again)
--   featured 1 = 精选: shown to every member of the unit's subtree
CREATE TABLE reflection (
  id             INTEGER PRIMARY KEY,
  person_id      INTEGER NOT NULL REFERENCES person(id),
  account_id     INTEGER NOT NULL REFERENCES account(id),
  unit_id        INTEGER NOT NULL REFERENCES unit(id),
  unit_path      TEXT NOT NULL,
  author_name    TEXT NOT NULL,
  material_id    INTEGER REFERENCES material(id),  -- NULL = not on a material
  plan_id        INTEGER,                          -- study_plan id or NULL
  title          TEXT NOT NULL,
  body           TEXT NOT NULL,
  chars          INTEGER NOT NULL DEFAULT 0,
  status         TEXT NOT NULL DEFAULT 'draft'
                 CHECK (status IN ('draft', 'submitted', 'approved',
                                   'returned')),
  submitted_at   INTEGER,                          -- ms, last submission
  review_comment TEXT NOT NULL DEFAULT '',
  reviewed_by    INTEGER REFERENCES account(id),
  reviewer_name  TEXT NOT NULL DEFAULT '',
  reviewed_at    INTEGER,                          -- ms
  featured       INTEGER NOT NULL DEFAULT 0,
  featured_at    INTEGER,                          -- ms
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL
);
CREATE INDEX reflection_unit_status_idx ON reflection(unit_path, status, id);
CREATE INDEX reflection_person_idx ON reflection(person_id, id);
CREATE INDEX reflection_unit_created_idx ON reflection(unit_id, created_at);
CREATE INDEX reflection_featured_idx ON reflection(featured, unit_path, id);

-- A citation: this reflection / study session led to (or relates to)
-- this ledger item.
CREATE TABLE action_link (
  id          INTEGER PRIMARY KEY,
  source_kind TEXT NOT NULL CHECK (source_kind IN ('reflection', 'session')),
  source_id   INTEGER NOT NULL,
  item_id     INTEGER NOT NULL REFERENCES ledger_item(id),
  unit_path   TEXT NOT NULL,          -- the source's unit (counting)
  created_by  INTEGER NOT NULL REFERENCES account(id),
  creator_name TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  UNIQUE (source_kind, source_id, item_id)
);
CREATE INDEX action_link_item_idx ON action_link(item_id, id);
CREATE INDEX action_link_unit_idx ON action_link(unit_path, created_at);

-- A proposal of a new ledger item (e.g. 为民办实事) from a reflection or a
-- session.  A supervisor (ledger.write) accepts it — the item is created
-- as a draft in the same transaction and item_id set — or rejects it with
-- a comment.
--   status  proposed (待处理) | accepted (已采纳) | rejected (未采纳)
CREATE TABLE action_proposal (
  id               INTEGER PRIMARY KEY,
  source_kind      TEXT NOT NULL CHECK (source_kind IN ('reflection',
                                                        'session')),
  source_id        INTEGER NOT NULL,
  unit_path        TEXT NOT NULL,     -- the source's unit (counting)
  type_id          INTEGER NOT NULL REFERENCES ledger_type(id),
  title            TEXT NOT NULL,
  description      TEXT NOT NULL DEFAULT '',
  lead_unit_id     INTEGER REFERENCES unit(id),  -- suggested; NULL = none
  status           TEXT NOT NULL DEFAULT 'proposed'
                   CHECK (status IN ('proposed', 'accepted', 'rejected')),
  item_id          INTEGER REFERENCES ledger_item(id),
  proposed_by      INTEGER NOT NULL REFERENCES account(id),
  proposer_name    TEXT NOT NULL,
  decided_by       INTEGER REFERENCES account(id),
  decider_name     TEXT NOT NULL DEFAULT '',
  decided_at       INTEGER,           -- ms
  decision_comment TEXT NOT NULL DEFAULT '',
  created_at       INTEGER NOT NULL
);
CREATE INDEX action_proposal_status_idx ON action_proposal(status, id);
CREATE INDEX action_proposal_source_idx ON action_proposal(source_kind,
                                                           source_id, id);
CREATE INDEX action_proposal_unit_idx ON action_proposal(unit_path,
                                                         decided_at);
