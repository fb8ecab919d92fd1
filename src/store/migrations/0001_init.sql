-- 0001_init.sql — the platform's first tables.
-- Conventions (DESIGN.md "Portable SQL"): timestamps are integer Unix
-- milliseconds (UTC), booleans 0/1, ids integer primary keys.

-- Settings changed at run time through the API (not the start-up config).
CREATE TABLE setting (
  key        TEXT PRIMARY KEY,      -- dotted name, e.g. "password.expiry_days"
  value      TEXT NOT NULL,         -- the value as text
  updated_at INTEGER NOT NULL       -- ms
);

-- Errors reported by browsers running the web UI (window.onerror and
-- failed API calls), so operators see what users hit.
CREATE TABLE client_error (
  id         INTEGER PRIMARY KEY,
  at         INTEGER NOT NULL,      -- ms, server time of receipt
  ip         TEXT NOT NULL,         -- peer address
  url        TEXT NOT NULL,         -- page the error happened on
  message    TEXT NOT NULL,         -- error text (bounded by the API)
  stack      TEXT,                  -- optional stack trace
  user_agent TEXT                   -- browser
);
CREATE INDEX client_error_at_idx ON client_error(at);
