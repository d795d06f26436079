-- 0003 reports of concern (orosanmälningar), the children they concern, intake
-- (mottagning: skyddsbedömning, förhandsbedömning), investigations, feedback to the
-- reporter and the mail outbox.  Shared SQL; times are UTC ISO 8601 text, days are
-- Stockholm calendar days written YYYY-MM-DD.

-- A unit that receives reports (social services' child and youth intake): its staff see
-- every report and intake record.  Set by an administrator.
ALTER TABLE units ADD COLUMN intake INTEGER NOT NULL DEFAULT 0 CHECK (intake IN (0, 1));

-- The explicit right to see the address and school of a child with protected identity.
ALTER TABLE users ADD COLUMN protected_access INTEGER NOT NULL DEFAULT 0
  CHECK (protected_access IN (0, 1));

-- Marks a log row for the log review: 'protected' when it touched a child with protected
-- identity.  NULL on every other row (and on rows written before this migration).
ALTER TABLE access_log ADD COLUMN flag TEXT;

-- The child registry.  pnr holds a personnummer or samordningsnummer normalised to 12
-- digits; a child whose number is unknown gets a reserve identity (id_kind 'reserve',
-- pnr NULL) and is known by name and birth date.
CREATE TABLE children (
  id INTEGER PRIMARY KEY,
  pnr TEXT UNIQUE,
  id_kind TEXT NOT NULL CHECK (id_kind IN ('personnummer', 'samordningsnummer', 'reserve')),
  name TEXT NOT NULL,
  name_key TEXT NOT NULL,
  birth_date TEXT NOT NULL,
  protected_identity INTEGER NOT NULL DEFAULT 0 CHECK (protected_identity IN (0, 1)),
  address TEXT,
  school_unit_id INTEGER REFERENCES units (id),
  school_name TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK ((id_kind = 'reserve') = (pnr IS NULL))
);
-- name_key: the name case-folded by ICU (Å and å alike on both back ends), for search.
CREATE INDEX children_name ON children (name_key);

CREATE TABLE guardians (
  id INTEGER PRIMARY KEY,
  child_id INTEGER NOT NULL REFERENCES children (id),
  name TEXT NOT NULL,
  phone TEXT,
  custody INTEGER NOT NULL DEFAULT 1 CHECK (custody IN (0, 1))
);
CREATE INDEX guardians_child ON guardians (child_id);

-- A report.  Its content lives in report_versions: version 1 is what the reporter
-- submitted (a draft's version 1 changes in place until it is submitted); each correction
-- adds a version with its reason, and the earlier ones stay.  The columns child_id to
-- urgency here repeat the current version, for the inbox and the lists.
-- AUTOINCREMENT: a deleted draft's id is never given again (log rows name it).
CREATE TABLE reports (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  number TEXT UNIQUE,
  status TEXT NOT NULL CHECK (status IN ('draft', 'submitted')),
  reporter_id INTEGER NOT NULL REFERENCES users (id),
  reporter_unit_id INTEGER REFERENCES units (id),
  reporter_phone TEXT,
  client_key TEXT UNIQUE,
  version INTEGER NOT NULL DEFAULT 1,
  child_id INTEGER REFERENCES children (id),
  received_at TEXT,
  category TEXT,
  urgency TEXT,
  submitted_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX reports_reporter ON reports (reporter_id, id);
CREATE INDEX reports_child ON reports (child_id, received_at);

CREATE TABLE report_versions (
  id INTEGER PRIMARY KEY,
  report_id INTEGER NOT NULL REFERENCES reports (id),
  version INTEGER NOT NULL,
  child_id INTEGER REFERENCES children (id),
  child_pnr TEXT,
  child_name TEXT,
  child_birth_date TEXT,
  child_school TEXT,
  received_at TEXT,
  category TEXT CHECK (category IN ('neglect', 'violence', 'witnessed_violence',
    'sexual_abuse', 'own_behaviour', 'absence', 'other')),
  observed TEXT,
  child_words TEXT,
  guardians_know TEXT CHECK (guardians_know IN ('yes', 'no', 'unknown')),
  urgency TEXT CHECK (urgency IN ('acute', 'high', 'normal')),
  reason TEXT,
  made_by INTEGER NOT NULL REFERENCES users (id),
  made_at TEXT NOT NULL,
  UNIQUE (report_id, version)
);

-- An investigation of a child (utredning): four months from opening, or the end date of
-- the latest extension.
CREATE TABLE investigations (
  id INTEGER PRIMARY KEY,
  child_id INTEGER NOT NULL REFERENCES children (id),
  opened_at TEXT NOT NULL,
  opened_by INTEGER REFERENCES users (id),
  basis TEXT NOT NULL CHECK (basis IN ('decision', 'violence')),
  end_date TEXT NOT NULL,
  closed_at TEXT,
  closed_by INTEGER REFERENCES users (id)
);
CREATE INDEX investigations_child ON investigations (child_id);
-- The inbox lists open investigations by end date.
CREATE INDEX investigations_open ON investigations (end_date, id) WHERE closed_at IS NULL;

CREATE TABLE investigation_extensions (
  id INTEGER PRIMARY KEY,
  investigation_id INTEGER NOT NULL REFERENCES investigations (id),
  decided_at TEXT NOT NULL,
  decided_by INTEGER NOT NULL REFERENCES users (id),
  reasons TEXT NOT NULL,
  previous_end TEXT NOT NULL,
  new_end TEXT NOT NULL
);
CREATE INDEX investigation_extensions_inv ON investigation_extensions (investigation_id);

-- Intake of one submitted report.  stage: 'new' (protection assessment not recorded),
-- 'assessed' (awaiting the pre-assessment decision), 'decided'.  Due days are Stockholm
-- calendar days; decision 'investigate' with decided_by NULL is the violence rule's.
-- pending/pending_due: the next step the inbox shows (NULL when nothing is due).
CREATE TABLE intakes (
  report_id INTEGER PRIMARY KEY REFERENCES reports (id),
  stage TEXT NOT NULL CHECK (stage IN ('new', 'assessed', 'decided')),
  protection_due TEXT NOT NULL,
  decision_due TEXT,
  protection_at TEXT,
  protection_by INTEGER REFERENCES users (id),
  protection_needed INTEGER CHECK (protection_needed IN (0, 1)),
  protection_reasoning TEXT,
  decision TEXT CHECK (decision IN ('investigate', 'not_investigate', 'ongoing')),
  decided_at TEXT,
  decided_by INTEGER REFERENCES users (id),
  decision_reasons TEXT,
  child_heard INTEGER CHECK (child_heard IN (0, 1)),
  child_not_heard_reason TEXT,
  exceptional_reason TEXT,
  investigation_id INTEGER REFERENCES investigations (id),
  meeting_offered_at TEXT,
  meeting_offered_by INTEGER REFERENCES users (id),
  meeting_offered_to TEXT,
  guardians_informed_at TEXT,
  guardians_informed_by INTEGER REFERENCES users (id),
  feedback_due TEXT,
  pending TEXT CHECK (pending IN ('protection', 'decision', 'feedback')),
  pending_due TEXT
);
-- The inbox reads what is pending, by due day: one index serves it at any size.
CREATE INDEX intakes_pending ON intakes (pending, pending_due);

-- Feedback (återkoppling) to a professional reporter, once per report.
CREATE TABLE feedback (
  id INTEGER PRIMARY KEY,
  report_id INTEGER NOT NULL UNIQUE REFERENCES reports (id),
  outcome TEXT NOT NULL CHECK (outcome IN ('opened', 'not_opened', 'ongoing')),
  message TEXT,
  sent_at TEXT NOT NULL,
  sent_by INTEGER NOT NULL REFERENCES users (id),
  read_at TEXT
);

-- Mail to be sent.  It never holds what the mail is about: the text is fixed per kind
-- ("there is something to read in samsyn") and the address is read from users at sending.
CREATE TABLE mail_outbox (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id),
  kind TEXT NOT NULL CHECK (kind IN ('feedback')),
  created_at TEXT NOT NULL,
  sent_at TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT
);
CREATE INDEX mail_outbox_unsent ON mail_outbox (sent_at, id);

-- What a submitted report said is kept as written: corrections add versions.  (Drafts
-- change in place until they are submitted.)
CREATE TRIGGER report_versions_kept BEFORE UPDATE ON report_versions
WHEN (SELECT status FROM reports WHERE id = OLD.report_id) = 'submitted'
BEGIN
  SELECT RAISE(ABORT, 'a submitted report keeps its versions as written');
END;

CREATE TRIGGER report_versions_kept_delete BEFORE DELETE ON report_versions
WHEN (SELECT status FROM reports WHERE id = OLD.report_id) = 'submitted'
BEGIN
  SELECT RAISE(ABORT, 'a submitted report keeps its versions as written');
END;
