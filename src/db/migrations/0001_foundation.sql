-- 0001 foundation: the organisation, users, sessions, API tokens and the access log.
-- Written in the SQL that SQLite and PostgreSQL share; times are UTC ISO 8601 text.

CREATE TABLE sectors (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('social', 'education', 'leisure', 'health', 'other')),
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);

CREATE TABLE units (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  sector_id INTEGER NOT NULL REFERENCES sectors (id),
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  UNIQUE (sector_id, name)
);

-- A job role (funktion): socialsekreterare, skolkurator, rektor ...
CREATE TABLE functions (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);

-- Users are never deleted: the access log must always name who did what.
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  email TEXT NOT NULL UNIQUE,
  function_id INTEGER REFERENCES functions (id),
  unit_id INTEGER REFERENCES units (id),
  role TEXT NOT NULL CHECK (role IN ('admin', 'auditor', 'staff')),
  password_hash TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- Only a hash of the session token is kept: a copy of the database opens no session.
CREATE TABLE sessions (
  id INTEGER PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  user_id INTEGER NOT NULL REFERENCES users (id),
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  ended_at TEXT
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id),
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_by INTEGER REFERENCES users (id),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- The access log (loggen): append-only, every row chained to the one before by SHA-256.
CREATE TABLE access_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  user_id INTEGER,
  unit_id INTEGER,
  action TEXT NOT NULL,
  subject_type TEXT,
  subject_id INTEGER,
  record_type TEXT,
  record_id INTEGER,
  purpose TEXT,
  outcome TEXT NOT NULL,
  channel TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX access_log_user ON access_log (user_id, id);
CREATE INDEX access_log_subject ON access_log (subject_type, subject_id, id);
CREATE INDEX access_log_at ON access_log (at);

CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log
BEGIN
  SELECT RAISE(ABORT, 'access_log is append-only');
END;

CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log
BEGIN
  SELECT RAISE(ABORT, 'access_log is append-only');
END;
