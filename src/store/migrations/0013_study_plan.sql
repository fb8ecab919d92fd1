-- 0013_study_plan.sql — study plans (学习计划) and the in-app
-- notification inbox (消息中心, also used by supervision).
--
-- A plan is assigned to units (plan_unit): subtree = 1 takes every person
-- whose unit_path is in the unit's subtree, subtree = 0 only the persons
-- of that unit itself.  The domain keeps the assignment free of overlap
-- (a unit covered by another assigned subtree is dropped), so members are
-- the plain union of the rows.  path_hi is the upper bound of the subtree
-- range ("/1/5/" → "/1/50"), so members are one person_unit_path_idx
-- range per row.
--   status  draft (草稿) | published (已发布) | closed (已结束)
CREATE TABLE study_plan (
  id              INTEGER PRIMARY KEY,
  title           TEXT NOT NULL,
  description     TEXT NOT NULL DEFAULT '',
  start_date      TEXT NOT NULL,              -- YYYY-MM-DD
  due_date        TEXT NOT NULL,              -- YYYY-MM-DD
  min_minutes     INTEGER NOT NULL DEFAULT 0,
  status          TEXT NOT NULL DEFAULT 'draft'
                  CHECK (status IN ('draft', 'published', 'closed')),
  owner_unit_id   INTEGER NOT NULL REFERENCES unit(id),
  owner_unit_path TEXT NOT NULL,
  created_by      INTEGER NOT NULL REFERENCES account(id),
  creator_name    TEXT NOT NULL,
  published_at    INTEGER,                    -- ms
  closed_at       INTEGER,                    -- ms
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL
);
CREATE INDEX study_plan_owner_idx ON study_plan(owner_unit_path, id);
CREATE INDEX study_plan_due_idx ON study_plan(status, due_date, id);

CREATE TABLE plan_unit (
  plan_id   INTEGER NOT NULL REFERENCES study_plan(id),
  unit_id   INTEGER NOT NULL REFERENCES unit(id),
  unit_path TEXT NOT NULL,
  path_hi   TEXT NOT NULL,
  subtree   INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (plan_id, unit_id)
);
CREATE INDEX plan_unit_unit_idx ON plan_unit(unit_id, plan_id);

-- Required materials, in the order the plan lists them.
CREATE TABLE plan_material (
  plan_id     INTEGER NOT NULL REFERENCES study_plan(id),
  material_id INTEGER NOT NULL REFERENCES material(id),
  sort        INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (plan_id, material_id)
);
CREATE INDEX plan_material_material_idx ON plan_material(material_id, plan_id);

-- Deadline reminders already sent: one per plan, person and threshold
-- (days before the due date: 3, 1), so a reminder run is idempotent.
CREATE TABLE plan_reminder (
  plan_id   INTEGER NOT NULL REFERENCES study_plan(id),
  person_id INTEGER NOT NULL REFERENCES person(id),
  threshold INTEGER NOT NULL,
  sent_at   INTEGER NOT NULL,                 -- ms
  PRIMARY KEY (plan_id, person_id, threshold)
);

-- In-app notifications (消息中心), per account, newest first.  link is a
-- web route ("/study/my-plans"); object_type/object_id name what it is
-- about ("study_plan", 12).  read_at NULL = unread.
CREATE TABLE notification (
  id          INTEGER PRIMARY KEY,
  account_id  INTEGER NOT NULL REFERENCES account(id),
  kind        TEXT NOT NULL,                  -- plan.published, plan.due_soon …
  title       TEXT NOT NULL,
  body        TEXT NOT NULL DEFAULT '',
  link        TEXT NOT NULL DEFAULT '',
  object_type TEXT NOT NULL DEFAULT '',
  object_id   INTEGER NOT NULL DEFAULT 0,
  created_at  INTEGER NOT NULL,               -- ms
  read_at     INTEGER                         -- ms
);
CREATE INDEX notification_account_idx ON notification(account_id, id);
CREATE INDEX notification_unread_idx ON notification(account_id, read_at);
