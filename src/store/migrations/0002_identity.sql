-- 0002_identity.sql — organisations, people, accounts, roles with data
-- scope, sessions and the audit log.

-- The org tree (单位/党组织), any depth.  path is the materialised path of
-- ids ("/1/5/23/") so that a subtree is one index range:
--   path >= '/1/5/' AND path < '/1/50'   ('0' is the byte after '/').
CREATE TABLE unit (
  id         INTEGER PRIMARY KEY,
  parent_id  INTEGER REFERENCES unit(id),
  name       TEXT NOT NULL,
  kind       TEXT NOT NULL,           -- 区委 区政府 部门 乡镇 街道 党委 党总支 党支部 其他
  code       TEXT UNIQUE,             -- optional organisation code
  sort       INTEGER NOT NULL DEFAULT 0,
  path       TEXT NOT NULL UNIQUE,
  depth      INTEGER NOT NULL,        -- root = 0
  pinyin     TEXT NOT NULL DEFAULT '',
  initials   TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX unit_parent_idx ON unit(parent_id, sort, id);

-- People (人员): Party members, cadres, leaders.  unit_path copies the
-- unit's path so lists filtered by a subtree are one index range, in org
-- order, keyset-paginated on (unit_path, id).
CREATE TABLE person (
  id         INTEGER PRIMARY KEY,
  unit_id    INTEGER NOT NULL REFERENCES unit(id),
  unit_path  TEXT NOT NULL,
  name       TEXT NOT NULL,
  pinyin     TEXT NOT NULL,           -- zhangwei
  initials   TEXT NOT NULL,           -- zw
  gender     TEXT,                    -- 男 / 女
  birth_date TEXT,                    -- YYYY-MM-DD
  joined_at  TEXT,                    -- date joined the Party, YYYY-MM-DD
  position   TEXT,                    -- 职务
  phone      TEXT,                    -- shown masked in lists
  is_leader  INTEGER NOT NULL DEFAULT 0, -- 区级领导
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX person_unit_path_idx ON person(unit_path, id);
CREATE INDEX person_unit_idx ON person(unit_id, id);
CREATE INDEX person_pinyin_idx ON person(pinyin);
CREATE INDEX person_initials_idx ON person(initials);
CREATE INDEX person_name_idx ON person(name);

-- Accounts.  Passwords are argon2id PHC strings.  A locked account has
-- locked_until in the future.  TOTP secrets are base32.
CREATE TABLE account (
  id            INTEGER PRIMARY KEY,
  username      TEXT NOT NULL UNIQUE,
  person_id     INTEGER UNIQUE REFERENCES person(id),
  name          TEXT NOT NULL,
  unit_id       INTEGER NOT NULL REFERENCES unit(id),
  password_hash TEXT NOT NULL,
  must_change   INTEGER NOT NULL DEFAULT 1,   -- forced change at next login
  password_changed_at INTEGER NOT NULL,
  status        TEXT NOT NULL DEFAULT 'active', -- active | disabled
  failed_count  INTEGER NOT NULL DEFAULT 0,   -- consecutive failures
  last_failed_at INTEGER NOT NULL DEFAULT 0,  -- ms of the last failure
  locked_until  INTEGER NOT NULL DEFAULT 0,   -- ms
  totp_secret   TEXT,
  totp_enabled  INTEGER NOT NULL DEFAULT 0,
  totp_last_step INTEGER NOT NULL DEFAULT 0,  -- single use of codes
  last_login_at INTEGER,
  last_login_ip TEXT,
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
);
CREATE INDEX account_unit_idx ON account(unit_id, id);

-- Earlier password hashes (reuse check).
CREATE TABLE password_history (
  id         INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES account(id),
  hash       TEXT NOT NULL,
  changed_at INTEGER NOT NULL
);
CREATE INDEX password_history_account_idx ON password_history(account_id, id);

-- Roles: built-in (code fixed, permissions fixed) and custom.
-- admin_kind marks the three separated admin roles (三员).
CREATE TABLE role (
  id         INTEGER PRIMARY KEY,
  code       TEXT NOT NULL UNIQUE,
  name       TEXT NOT NULL,
  builtin    INTEGER NOT NULL DEFAULT 0,
  admin_kind TEXT,                     -- sysadmin | secadmin | auditor | NULL
  created_at INTEGER NOT NULL
);
CREATE TABLE role_permission (
  role_id    INTEGER NOT NULL REFERENCES role(id),
  permission TEXT NOT NULL,
  PRIMARY KEY (role_id, permission)
);

-- A role granted to an account with a data scope:
-- all | subtree (own unit and below) | unit (own unit) | self.
CREATE TABLE account_role (
  account_id INTEGER NOT NULL REFERENCES account(id),
  role_id    INTEGER NOT NULL REFERENCES role(id),
  scope      TEXT NOT NULL,
  PRIMARY KEY (account_id, role_id)
);
CREATE INDEX account_role_role_idx ON account_role(role_id);

-- Sessions: the cookie carries a random token; only its SHA-256 is kept.
CREATE TABLE session (
  id           INTEGER PRIMARY KEY,
  token_hash   TEXT NOT NULL UNIQUE,
  account_id   INTEGER NOT NULL REFERENCES account(id),
  csrf_token   TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL,        -- absolute end
  ip           TEXT NOT NULL,
  user_agent   TEXT,
  revoked_at   INTEGER                  -- logout or revocation
);
CREATE INDEX session_account_idx ON session(account_id, id);

-- Login failures per client address (the per-IP throttle).
CREATE TABLE login_failure (
  id  INTEGER PRIMARY KEY,
  ip  TEXT NOT NULL,
  at  INTEGER NOT NULL
);
CREATE INDEX login_failure_ip_idx ON login_failure(ip, at);

-- The audit log: append-only, hash-chained (src/domain/audit/chain.h).
-- Written in the same transaction as the change it records.
CREATE TABLE audit_log (
  id          INTEGER PRIMARY KEY,
  at          INTEGER NOT NULL,          -- ms
  account_id  INTEGER,                   -- NULL for anonymous events
  username    TEXT,
  ip          TEXT,
  action      TEXT NOT NULL,             -- auth.login, unit.create, ...
  object_type TEXT,
  object_id   TEXT,
  result      TEXT NOT NULL,             -- ok | fail | deny
  before_json TEXT,
  after_json  TEXT,
  detail      TEXT,
  prev_hash   TEXT NOT NULL,
  hash        TEXT NOT NULL
);
CREATE INDEX audit_log_at_idx ON audit_log(at);
CREATE INDEX audit_log_user_idx ON audit_log(username, id);
CREATE INDEX audit_log_action_idx ON audit_log(action, id);
