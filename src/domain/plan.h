/* plan.h - the cooperation plan (samverkansplan) and the yearly activity plan
 * (aktivitetsplan / handlingsplan).
 *
 * A cooperation plan covers a period of years (2020-2023) with a purpose, numbered goals
 * and strategies, and who adopted it and when.  A new plan for a new period replaces the
 * old one (it names it in `replaces`); the old one stays readable.  A plan whose last
 * year is this year or last year shows a reminder to revise it.
 *
 * An activity plan belongs to a year and to the cooperation plan of that year; its rows name
 * one or more of that plan's goal numbers ("1,2,3"), a description, the activity, who is
 * responsible (free text, and the organisation's functions it names), when (a date, a
 * month name, "Vt", "Ht", or empty), the level
 * (främjande, förebyggande, åtgärdande) where known, a status (planerad, pågår, klar,
 * inställd) and follow-up notes.  Import from CSV or XLSX is all-or-nothing: a file with
 * errors imports nothing and every error comes back with its line and column.  Export to
 * CSV and XLSX gives a file that imports to the same rows.
 *
 * Who may: every staff user and administrator reads; members of a styrgrupp (as a person
 * or through their function) and administrators edit plans, activities and imports.  Log
 * reviewers get SAMSYN_EFORBIDDEN.  Every write is access-logged.
 *
 * Texts are stored with LF line breaks: CRLF and a lone CR become LF on the way in. */
#ifndef SAMSYN_PLAN_H
#define SAMSYN_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/tx.h"
#include "util/buf.h"
#include "util/err.h"

#define PLAN_TEXT_MAX 20000
#define PLAN_IMPORT_MAX_BYTES (8u << 20) /* an upload larger than this is refused */
#define PLAN_IMPORT_MAX_ERRORS 200
#define ACTIVITY_MAX_FUNCTIONS 32 /* functions responsible for one activity */

struct coop_goal {
	int number;
	const char *text;
};

struct coop_plan {
	int64_t id;
	const char *title;
	int first_year, last_year;
	const char *purpose;
	const char *adopted_by; /* "Socialnämnden och barn- och utbildningsnämnden" */
	const char *adopted_on; /* YYYY-MM-DD or NULL */
	int64_t replaces;       /* 0: none */
	int64_t replaced_by;    /* 0: in force */
	struct coop_goal *goals, *strategies;
	int ngoals, nstrategies;
	bool revise_soon; /* in force and its last year is this year or has passed */
	const char *created_at;
	bool can_edit; /* the caller may change it: a plan editor, and the plan is in force */
};

/* goals and strategies: one per line, "1. text" or "text" (numbered in order).  adopted_on
 * is YYYY-MM-DD, not after today, or NULL/"" for not known.  coop_plan_update changes
 * only the fields marked has_*. */
struct coop_plan_in {
	const char *title, *purpose, *adopted_by, *adopted_on, *goals, *strategies;
	int first_year, last_year;
	int64_t replaces; /* 0: none; else the plan this one replaces (it must be in force) */
	bool has_title, has_purpose, has_adopted_by, has_adopted_on, has_goals, has_strategies,
		has_first_year, has_last_year;
};

/* Whether the caller may create and change plans: an administrator, or a member of an
 * active styrgrupp (as a person or through a function). */
int plan_can_edit(struct tx *tx, bool *out, struct err *e);

int coop_plan_list(struct tx *tx, void (*fn)(const struct coop_plan *, void *), void *arg,
		   struct err *e);
int coop_plan_get(struct tx *tx, int64_t id, struct coop_plan *out, struct err *e);
/* The plan whose period holds year (the newest, when a revised version covers the same
 * year); SAMSYN_ENOTFOUND if none.  A plan replaced for a later period still governs the
 * years of its own period. */
int coop_plan_for_year(struct tx *tx, int year, struct coop_plan *out, struct err *e);
int coop_plan_create(struct tx *tx, const struct coop_plan_in *in, struct coop_plan *out,
		     struct err *e);
/* Changes a plan in force (plan editors only; SAMSYN_EFORBIDDEN otherwise, logged).  A new
 * goals text replaces the goals, a new strategies text the strategies.  SAMSYN_ECONFLICT
 * for a replaced plan (field "id"), for a goal number that a row of an activity plan under
 * the plan names and the new goals leave out (field "goals", the numbers in the message),
 * and for a period that leaves out the year of an activity plan under it (field
 * "first_year" or "last_year"); SAMSYN_EINVAL for a field that is wrong. */
int coop_plan_update(struct tx *tx, int64_t id, const struct coop_plan_in *in,
		     struct coop_plan *out, struct err *e);

/* Labels (NULL-terminated value/label pairs). */
extern const char *const activity_statuses[]; /* planned Planerad, ongoing Pågår, done Klar,
					       * cancelled Inställd */
extern const char *const activity_levels[];   /* framjande Främjande, forebyggande
					       * Förebyggande, atgardande Åtgärdande */
const char *activity_status_label(const char *v);
const char *activity_level_label(const char *v);
/* The code of a value given as its code or its Swedish label, in any case ("Klar", "klar",
 * "done" give "done"), from pairs such as activity_statuses; NULL when neither.  The
 * result is one of the static strings of pairs. */
const char *plan_value_of(const char *const *pairs, const char *text);

/* A function (funktion) of the organisation, responsible for an activity. */
struct plan_function {
	int64_t id;
	const char *name;
};

struct activity {
	int64_t id;
	int position;
	const char *goals; /* as written, normalised "1,2,3" */
	int goal_numbers[16];
	int ngoal_numbers;
	const char *description, *activity, *when_text;
	const char *responsible;            /* free text, as written (NULL: none) */
	struct plan_function *functions;    /* the functions responsible, in Swedish order */
	int nfunctions;
	const char *term; /* vt, ht or NULL: from when_text (a month or a date gives its term) */
	const char *level, *status, *followup;
	const char *updated_at;
};

struct activity_plan {
	int64_t id;
	int year;
	int64_t coop_plan_id;
	const char *coop_plan_title;
	struct activity *rows;
	int nrows;
	bool can_edit;
};

/* A filter for listing rows; NULL or 0 fields are unset.  term: vt, ht, or "none" for the
 * rows without a term. */
struct activity_filter {
	int goal;
	const char *responsible;      /* the free text: a part of it, case-folded */
	bool responsible_whole;       /* responsible must equal one of the text's parts
				       * (activity_responsible_parts), not be inside it */
	int64_t responsible_function; /* a function responsible */
	const char *term;
	const char *status;
};

int activity_plan_list(struct tx *tx, void (*fn)(const struct activity_plan *, void *),
		       void *arg, struct err *e);
/* The plan of a year with its rows in order (filtered when f is not NULL). */
int activity_plan_get(struct tx *tx, int year, const struct activity_filter *f,
		      struct activity_plan *out, struct err *e);
/* Creates the (empty) plan of a year under the cooperation plan in force that year. */
int activity_plan_create(struct tx *tx, int year, struct activity_plan *out, struct err *e);

/* function_ids: the functions responsible (when has_functions), each an active function
 * or, on an update, one the activity already has; otherwise SAMSYN_EINVAL with field
 * "responsible_function_ids".  Without has_functions a new activity has none and a
 * changed one keeps its own. */
struct activity_in {
	const char *goals, *description, *activity, *responsible, *when_text, *level, *status,
		*followup;
	const int64_t *function_ids;
	int nfunction_ids;
	bool has_goals, has_description, has_activity, has_responsible, has_when, has_level,
		has_status, has_followup, has_functions;
};
int activity_create(struct tx *tx, int year, const struct activity_in *in,
		    struct activity *out, struct err *e);
/* Changes the fields marked has_* (status and follow-up are the usual ones). */
int activity_update(struct tx *tx, int64_t id, const struct activity_in *in,
		    struct activity *out, struct err *e);
/* Deletes a row of a plan with its goals and functions; the rows after it move up one
 * position.  Plan editors only (SAMSYN_EFORBIDDEN, logged, for others); SAMSYN_ENOTFOUND
 * for an unknown id.  The access log keeps the deletion ("delete", "activity", id). */
int activity_delete(struct tx *tx, int64_t id, struct err *e);

/* One error of an import: line and column as in the file (column 0: the whole line). */
struct import_error {
	int line, column;
	char message[200]; /* Swedish */
};
struct import_result {
	int imported; /* rows added */
	struct import_error *errors;
	int nerrors;
};
/* Imports a CSV or XLSX file (sniffed) into the year's plan (created if missing),
 * replacing its rows when replace, else adding after them.  All or nothing: with any error
 * nothing is written and SAMSYN_EINVAL returns with every error (at most
 * PLAN_IMPORT_MAX_ERRORS) in out.  The header row is Swedish: Mål;Beskrivning;Aktivitet;
 * Ansvarig;Datum plus optional Status;Uppföljning;Nivå, in any order, case-insensitive.
 * Each part of an Ansvarig cell (activity_responsible_parts) that is the name of an active
 * function, in any case, makes that function responsible; the text stays as written. */
int activity_import(struct tx *tx, int year, const void *data, size_t n, bool replace,
		    struct import_result *out, struct err *e);
/* Writes the year's plan as CSV (UTF-8 with BOM, semicolons) or XLSX into out; the
 * Ansvarig column is the free text only. */
int activity_export_csv(struct tx *tx, int year, struct buf *out, struct err *e);
int activity_export_xlsx(struct tx *tx, int year, struct buf *out, struct err *e);

/* Parses a when-text: "" (none), a date YYYY-MM-DD, a Swedish month name ("mars",
 * "Mars"), "Vt"/"Ht" or "vårtermin(en)"/"hösttermin(en)" in any case (optionally with a
 * year: "Vt 2016", "Ht-15", "Höstterminen 2016"); sets the term.  False for anything else
 * (an unknown month word). */
bool activity_parse_when(const char *text, const char **term);

/* The parts of a responsible text: split at ',' and ';', spaces and tabs around each
 * trimmed, empty ones left out ("Rektor; skolkurator" gives "Rektor" and "skolkurator").
 * Copies in the arena; returns how many (0 for NULL). */
int activity_responsible_parts(struct arena *a, const char *text, const char ***out);

/* The names of the functions responsible for act that its free text does not already name
 * as one of its parts (an import links "Rektor" from the text "Rektor"), so that a page
 * shows both without saying one twice.  Copies in the arena; returns how many. */
int activity_unnamed_functions(struct arena *a, const struct activity *act, const char ***out);

#endif
