-- 0004 the strategic and tactical level: groups (forums) with members and a required
-- cadence, meetings with agenda, attendance, minutes, decisions and action items, the
-- cooperation plan (samverkansplan) in versions by period, the yearly activity plan,
-- routines and deviations.  None of it holds personal data about children; minutes and
-- deviations that look as if they hold a personnummer need a logged confirmation.

CREATE TABLE steering_groups (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('namnd', 'tva_plus_tva', 'styrgrupp',
    'samverkansgrupp', 'operativ_grupp', 'arbetsgrupp', 'referensgrupp')),
  level TEXT NOT NULL CHECK (level IN ('strategic', 'tactical', 'operative')),
  meetings_per_year INTEGER NOT NULL DEFAULT 0 CHECK (meetings_per_year BETWEEN 0 AND 366),
  purpose TEXT,
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at TEXT NOT NULL,
  created_by INTEGER REFERENCES users (id)
);

-- A member is a person (user_id) or a function (function_id: whoever holds it).
CREATE TABLE group_members (
  id INTEGER PRIMARY KEY,
  group_id INTEGER NOT NULL REFERENCES steering_groups (id),
  user_id INTEGER REFERENCES users (id),
  function_id INTEGER REFERENCES functions (id),
  convener INTEGER NOT NULL DEFAULT 0 CHECK (convener IN (0, 1)),
  CHECK ((user_id IS NULL) <> (function_id IS NULL))
);
CREATE INDEX group_members_group ON group_members (group_id);
CREATE INDEX group_members_user ON group_members (user_id);

CREATE TABLE meetings (
  id INTEGER PRIMARY KEY,
  group_id INTEGER NOT NULL REFERENCES steering_groups (id),
  day TEXT NOT NULL,
  title TEXT,
  status TEXT NOT NULL CHECK (status IN ('planned', 'held', 'cancelled')),
  minutes TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX meetings_group ON meetings (group_id, day);

CREATE TABLE meeting_items (
  id INTEGER PRIMARY KEY,
  meeting_id INTEGER NOT NULL REFERENCES meetings (id),
  kind TEXT NOT NULL CHECK (kind IN ('agenda', 'decision')),
  position INTEGER NOT NULL,
  text TEXT NOT NULL
);
CREATE INDEX meeting_items_meeting ON meeting_items (meeting_id, kind, position);

CREATE TABLE meeting_attendance (
  meeting_id INTEGER NOT NULL REFERENCES meetings (id),
  user_id INTEGER NOT NULL REFERENCES users (id),
  present INTEGER NOT NULL CHECK (present IN (0, 1)),
  PRIMARY KEY (meeting_id, user_id)
);

CREATE TABLE action_items (
  id INTEGER PRIMARY KEY,
  meeting_id INTEGER NOT NULL REFERENCES meetings (id),
  text TEXT NOT NULL,
  owner_user_id INTEGER REFERENCES users (id),
  owner_text TEXT,
  due TEXT,
  done_at TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX action_items_open ON action_items (done_at, due);

-- The cooperation plan: one row per version; a new version for a new period replaces the
-- old one (the new row names it in replaces), which stays readable.
CREATE TABLE coop_plans (
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL,
  first_year INTEGER NOT NULL,
  last_year INTEGER NOT NULL,
  purpose TEXT NOT NULL,
  adopted_by TEXT,
  adopted_on TEXT,
  replaces INTEGER REFERENCES coop_plans (id),
  created_at TEXT NOT NULL,
  CHECK (last_year >= first_year)
);

CREATE TABLE coop_goals (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES coop_plans (id),
  kind TEXT NOT NULL CHECK (kind IN ('goal', 'strategy')),
  number INTEGER NOT NULL,
  text TEXT NOT NULL,
  UNIQUE (plan_id, kind, number)
);

-- The activity plan of a year, under a cooperation plan whose goals its rows name.
CREATE TABLE activity_plans (
  id INTEGER PRIMARY KEY,
  year INTEGER NOT NULL UNIQUE,
  coop_plan_id INTEGER NOT NULL REFERENCES coop_plans (id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE activities (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES activity_plans (id),
  position INTEGER NOT NULL,
  goals TEXT NOT NULL,
  description TEXT,
  activity TEXT NOT NULL,
  responsible TEXT,
  when_text TEXT,
  term TEXT CHECK (term IN ('vt', 'ht')),
  level TEXT CHECK (level IN ('framjande', 'forebyggande', 'atgardande')),
  status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'ongoing', 'done',
    'cancelled')),
  followup TEXT,
  updated_at TEXT NOT NULL
);
CREATE INDEX activities_plan ON activities (plan_id, position);

-- Which goal numbers an activity serves (activities.goals is the text as written).
CREATE TABLE activity_goals (
  activity_id INTEGER NOT NULL REFERENCES activities (id),
  goal INTEGER NOT NULL,
  PRIMARY KEY (activity_id, goal)
);

CREATE TABLE routines (
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL UNIQUE,
  scope TEXT,
  owner_function_id INTEGER REFERENCES functions (id),
  body TEXT,
  links TEXT,
  last_reviewed TEXT,
  next_review TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX routines_review ON routines (next_review);

CREATE TABLE deviations (
  id INTEGER PRIMARY KEY,
  routine_id INTEGER REFERENCES routines (id),
  filed_by INTEGER NOT NULL REFERENCES users (id),
  filed_at TEXT NOT NULL,
  description TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('filed', 'analysed', 'acted', 'closed')),
  analysis TEXT,
  action TEXT,
  closed_at TEXT,
  updated_at TEXT NOT NULL
);
CREATE INDEX deviations_routine ON deviations (routine_id, filed_at);
