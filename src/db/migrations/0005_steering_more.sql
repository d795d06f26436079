-- 0005 the steering records, second part: the day a group was closed (the yearly report
-- of a past year lists the groups that existed then), the functions responsible for an
-- activity (besides the free text), and every review of a routine (whether it was on time
-- is kept, not recomputed from the routine's present dates).

ALTER TABLE steering_groups ADD COLUMN closed_on TEXT;
-- Groups closed before this column existed: the day is unknown; the day they were made
-- is the only one known, so they count in that year only.
UPDATE steering_groups SET closed_on = substr(created_at, 1, 10) WHERE active = 0;

-- A deleted activity's id is never given again (the access log names it; a row of the
-- plan can be deleted): AUTOINCREMENT, as reports have.  SQLite cannot add it to a table,
-- so activities is made anew, and activity_goals, which points at it, with it.
CREATE TABLE activities_new (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
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
INSERT INTO activities_new (id, plan_id, position, goals, description, activity, responsible,
    when_text, term, level, status, followup, updated_at)
  SELECT id, plan_id, position, goals, description, activity, responsible, when_text, term,
    level, status, followup, updated_at FROM activities;
CREATE TABLE activity_goals_new (
  activity_id INTEGER NOT NULL REFERENCES activities_new (id),
  goal INTEGER NOT NULL,
  PRIMARY KEY (activity_id, goal)
);
INSERT INTO activity_goals_new (activity_id, goal) SELECT activity_id, goal FROM activity_goals;
-- Nothing points at the old tables now; the renames carry activity_goals' reference along.
DROP TABLE activity_goals;
DROP TABLE activities;
ALTER TABLE activities_new RENAME TO activities;
ALTER TABLE activity_goals_new RENAME TO activity_goals;
CREATE INDEX activities_plan ON activities (plan_id, position);

CREATE TABLE activity_functions (
  activity_id INTEGER NOT NULL REFERENCES activities (id),
  function_id INTEGER NOT NULL REFERENCES functions (id),
  PRIMARY KEY (activity_id, function_id)
);
CREATE INDEX activity_functions_function ON activity_functions (function_id);

-- One row per review: the day it was done, the day it was due (the routine's next_review
-- before it), the next review it set, and who recorded it.
CREATE TABLE routine_reviews (
  id INTEGER PRIMARY KEY,
  routine_id INTEGER NOT NULL REFERENCES routines (id),
  reviewed_on TEXT NOT NULL,
  due_on TEXT,
  next_review TEXT NOT NULL,
  reviewed_by INTEGER REFERENCES users (id),
  recorded_at TEXT NOT NULL
);
CREATE INDEX routine_reviews_routine ON routine_reviews (routine_id, reviewed_on);
-- The last review of each routine so far, as the routine row holds it.
INSERT INTO routine_reviews (routine_id, reviewed_on, due_on, next_review, recorded_at)
  SELECT id, last_reviewed, NULL, next_review, updated_at FROM routines
  WHERE last_reviewed IS NOT NULL;
