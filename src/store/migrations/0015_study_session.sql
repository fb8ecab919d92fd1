-- 0015_study_session.sql — study sessions (专题学习、组织生活会、三会一课:
-- 支部党员大会、支部委员会、党小组会、党课; 主题党日) scheduled by a unit
-- (usually a branch): topic, time, place, materials, check-in by a
-- per-session code or by the secretary, attendance with absence reasons,
-- minutes (会议记录) and photos.
--
-- Expected attendees are the persons of the session's unit subtree
-- (person.unit_path starting with study_session.unit_path) at the time.
-- Attendance rows are created lazily: a person without a row is "not
-- recorded" (未签到) until the session is held; finishing it stores every
-- expected person still without a row as absent.
--   kind    study (专题学习) | life (组织生活会) | member_meeting (支部党员大会)
--           | committee (支部委员会) | group (党小组会) | lecture (党课)
--           | party_day (主题党日)
--   status  planned | held | cancelled
-- unit_path is read by other study parts (reflections citing a session)
-- for their access checks: keep it.
CREATE TABLE study_session (
  id                 INTEGER PRIMARY KEY,
  unit_id            INTEGER NOT NULL REFERENCES unit(id),
  unit_path          TEXT NOT NULL,
  kind               TEXT NOT NULL,
  title              TEXT NOT NULL,              -- topic (主题)
  starts_at          INTEGER NOT NULL,           -- ms
  ends_at            INTEGER NOT NULL,           -- ms
  place              TEXT NOT NULL DEFAULT '',
  host_name          TEXT NOT NULL DEFAULT '',   -- 主持人
  status             TEXT NOT NULL DEFAULT 'planned'
                     CHECK (status IN ('planned', 'held', 'cancelled')),
  checkin_code       TEXT NOT NULL,              -- 6 digits
  checkin_open       INTEGER NOT NULL DEFAULT 0,
  minutes            TEXT NOT NULL DEFAULT '',   -- Markdown
  minutes_updated_at INTEGER,                    -- ms
  cancel_reason      TEXT NOT NULL DEFAULT '',
  held_at            INTEGER,                    -- ms, when finished
  created_by         INTEGER NOT NULL REFERENCES account(id),
  creator_name       TEXT NOT NULL,
  created_at         INTEGER NOT NULL,
  updated_at         INTEGER NOT NULL
);
CREATE INDEX study_session_unit_idx ON study_session(unit_path, starts_at, id);
CREATE INDEX study_session_starts_idx ON study_session(starts_at, id);

CREATE TABLE session_material (
  session_id  INTEGER NOT NULL REFERENCES study_session(id),
  material_id INTEGER NOT NULL REFERENCES material(id),
  sort        INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (session_id, material_id)
);

-- status present (出席) | absent (缺席) | leave (请假);
-- method code (签到码) | secretary (书记登记) | auto (结束时未签到记缺席)
CREATE TABLE session_attendance (
  session_id    INTEGER NOT NULL REFERENCES study_session(id),
  person_id     INTEGER NOT NULL REFERENCES person(id),
  unit_id       INTEGER NOT NULL REFERENCES unit(id),  -- person's unit then
  status        TEXT NOT NULL
                CHECK (status IN ('present', 'absent', 'leave')),
  reason        TEXT NOT NULL DEFAULT '',
  method        TEXT NOT NULL
                CHECK (method IN ('code', 'secretary', 'member', 'auto')),
  checked_in_at INTEGER,                               -- ms
  recorded_by   INTEGER REFERENCES account(id),
  updated_at    INTEGER NOT NULL,
  PRIMARY KEY (session_id, person_id)
);
CREATE INDEX session_attendance_person_idx ON session_attendance(person_id, session_id);

-- Wrong check-in codes per person per session (after 5: 429).
CREATE TABLE session_checkin_fail (
  session_id INTEGER NOT NULL REFERENCES study_session(id),
  person_id  INTEGER NOT NULL REFERENCES person(id),
  n          INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (session_id, person_id)
);

-- Photos, content-addressed files under files_dir (src/store/files.c).
CREATE TABLE session_photo (
  id            INTEGER PRIMARY KEY,
  session_id    INTEGER NOT NULL REFERENCES study_session(id),
  sha256        TEXT NOT NULL,
  size          INTEGER NOT NULL CHECK (size > 0),
  mime          TEXT NOT NULL,
  filename      TEXT NOT NULL,
  uploaded_by   INTEGER NOT NULL REFERENCES account(id),
  uploader_name TEXT NOT NULL,
  created_at    INTEGER NOT NULL
);
CREATE INDEX session_photo_session_idx ON session_photo(session_id, id);
