-- 0011_study.sql — the study module's core: the materials library
-- (学习资料) with its topic tree, tags, visibility and attachments, and the
-- reading records (学习记录) that heartbeats credit.  Plans, reflections,
-- sessions and the search index have their own migrations after this one.
--
-- A member (党员) is a person; an account studies as its person
-- (account.person_id).  Reading is credited to the person and to the
-- person's unit at the time, so moving a member does not move history.

-- Topic / category tree (党史、新中国史、全会精神、重要讲话 …), any depth.
-- path is the materialised path of ids ("/1/4/"), as for units.
CREATE TABLE study_topic (
  id         INTEGER PRIMARY KEY,
  parent_id  INTEGER REFERENCES study_topic(id),
  name       TEXT NOT NULL,
  sort       INTEGER NOT NULL DEFAULT 0,
  path       TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX study_topic_parent_idx ON study_topic(parent_id, sort, id);

-- A material.  body is Markdown; it is rendered with raw HTML suppressed,
-- so nothing stored can execute script.  body_chars counts the
-- characters of the body (reading-time estimate); min_seconds is the
-- reading time that marks it read (completed).
--   status  draft (草稿) | published (已发布) | withdrawn (已下架)
--   visible_all 1 = every unit; 0 = only the units in material_unit and
--               their subtrees.
-- owner_unit_id is the unit that manages it (its study.manage holders
-- within scope may edit it).
CREATE TABLE material (
  id              INTEGER PRIMARY KEY,
  topic_id        INTEGER REFERENCES study_topic(id),
  title           TEXT NOT NULL,
  source          TEXT NOT NULL DEFAULT '',   -- 来源, e.g. 人民日报
  author          TEXT NOT NULL DEFAULT '',
  publish_date    TEXT,                       -- YYYY-MM-DD of the original
  summary         TEXT NOT NULL DEFAULT '',
  body            TEXT NOT NULL,
  body_chars      INTEGER NOT NULL DEFAULT 0,
  min_seconds     INTEGER NOT NULL DEFAULT 60,
  status          TEXT NOT NULL DEFAULT 'draft'
                  CHECK (status IN ('draft', 'published', 'withdrawn')),
  visible_all     INTEGER NOT NULL DEFAULT 1,
  owner_unit_id   INTEGER NOT NULL REFERENCES unit(id),
  owner_unit_path TEXT NOT NULL,
  created_by      INTEGER NOT NULL REFERENCES account(id),
  creator_name    TEXT NOT NULL,
  published_at    INTEGER,                    -- ms, last publication
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL
);
CREATE INDEX material_status_idx ON material(status, published_at, id);
CREATE INDEX material_topic_idx ON material(topic_id, status, id);
CREATE INDEX material_owner_idx ON material(owner_unit_path, id);

CREATE TABLE material_tag (
  material_id INTEGER NOT NULL REFERENCES material(id),
  tag         TEXT NOT NULL,
  PRIMARY KEY (material_id, tag)
);
CREATE INDEX material_tag_tag_idx ON material_tag(tag, material_id);

-- Visibility when visible_all = 0: a person sees the material when the
-- person's unit_path starts with one of these unit paths.
CREATE TABLE material_unit (
  material_id INTEGER NOT NULL REFERENCES material(id),
  unit_id     INTEGER NOT NULL REFERENCES unit(id),
  unit_path   TEXT NOT NULL,
  PRIMARY KEY (material_id, unit_id)
);
CREATE INDEX material_unit_unit_idx ON material_unit(unit_id, material_id);

-- Attachments of a material (原文 PDF, 图片 …), content-addressed files
-- under files_dir as for ledger attachments (src/store/files.c).
CREATE TABLE material_file (
  id            INTEGER PRIMARY KEY,
  material_id   INTEGER NOT NULL REFERENCES material(id),
  sha256        TEXT NOT NULL,
  size          INTEGER NOT NULL CHECK (size > 0),
  mime          TEXT NOT NULL,
  filename      TEXT NOT NULL,
  uploaded_by   INTEGER NOT NULL REFERENCES account(id),
  uploader_name TEXT NOT NULL,
  created_at    INTEGER NOT NULL
);
CREATE INDEX material_file_material_idx ON material_file(material_id, id);

-- Reading record of one person on one material (the per-member history).
-- seconds is credited time; progress the furthest scroll position seen
-- (0–100); completed_at is set once seconds >= material.min_seconds.
CREATE TABLE reading (
  person_id    INTEGER NOT NULL REFERENCES person(id),
  material_id  INTEGER NOT NULL REFERENCES material(id),
  unit_id      INTEGER NOT NULL REFERENCES unit(id),  -- person's unit then
  seconds      INTEGER NOT NULL DEFAULT 0,
  progress     INTEGER NOT NULL DEFAULT 0,
  completed_at INTEGER,                               -- ms
  first_at     INTEGER NOT NULL,                      -- ms
  last_at      INTEGER NOT NULL,                      -- ms
  PRIMARY KEY (person_id, material_id)
);
CREATE INDEX reading_person_last_idx ON reading(person_id, last_at);
CREATE INDEX reading_material_idx ON reading(material_id, person_id);
CREATE INDEX reading_unit_idx ON reading(unit_id, last_at);

-- What each person is reading now: one material at a time.  A heartbeat
-- for another material moves the state; credit is never more than the
-- wall-clock time since the previous heartbeat (capped per heartbeat).
CREATE TABLE reading_state (
  person_id    INTEGER PRIMARY KEY REFERENCES person(id),
  material_id  INTEGER NOT NULL REFERENCES material(id),
  last_beat_at INTEGER NOT NULL                       -- ms
);

-- Study seconds per person per local day: the maintained aggregate the
-- statistics read (never the raw readings).
CREATE TABLE study_day (
  person_id INTEGER NOT NULL REFERENCES person(id),
  day       TEXT NOT NULL,                            -- YYYY-MM-DD, UTC+8
  unit_id   INTEGER NOT NULL REFERENCES unit(id),
  seconds   INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (person_id, day)
);
CREATE INDEX study_day_unit_idx ON study_day(unit_id, day, person_id);
