/* group.h - the municipality's forums (nämnd, 2+2, styrgrupp, samverkansgrupp, operativ
 * grupp, arbetsgrupp, referensgrupp) with their level, members (persons or functions),
 * conveners and required meetings per year; their meetings with agenda, attendance,
 * minutes, decisions and action items.
 *
 * Who may do what (docs/DECISIONS.md, "Steering"): every staff user and administrator
 * reads all of it (it holds no personal data about children); any staff user may create
 * a group and becomes its convener; a group's conveners (and administrators) edit the
 * group, its members and its meetings; an action item's owner may mark it done.  Log
 * reviewers get SAMSYN_EFORBIDDEN.  Every write is access-logged.
 *
 * Free text in meetings (minutes, agenda, decisions, action items) must not hold personal
 * data about a child: text that looks like a personnummer (pnr_looks_like) is refused with
 * SAMSYN_ECONFLICT and field "confirm_personal_data" unless the caller passes
 * confirm = true, and a confirmed save is logged with purpose "personnummer_confirmed". */
#ifndef SAMSYN_GROUP_H
#define SAMSYN_GROUP_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/tx.h"
#include "util/err.h"

#define GROUP_NAME_MAX 120
#define GROUP_TEXT_MAX 20000

/* Kinds with Swedish labels and default levels and cadences (NULL-terminated). */
struct group_kind {
	const char *kind;  /* namnd, tva_plus_tva, styrgrupp, samverkansgrupp, operativ_grupp,
			    * arbetsgrupp, referensgrupp */
	const char *label; /* "Nämnd", "2+2", "Styrgrupp" ... */
	const char *level; /* strategic, tactical, operative */
	int meetings_per_year; /* a default: 2+2 three, styrgrupp eight */
};
extern const struct group_kind group_kinds[];
const struct group_kind *group_kind_find(const char *kind);
const char *group_level_label(const char *level); /* "Strategisk", "Taktisk", "Operativ" */

struct group_member {
	int64_t id;
	int64_t user_id;     /* 0 for a function */
	const char *user_name;
	int64_t function_id; /* 0 for a person */
	const char *function_name;
	bool convener;
};

struct group {
	int64_t id;
	const char *name;
	const char *kind;
	const char *level;
	int meetings_per_year;
	const char *purpose;
	bool active;
	const char *created_at;
	const char *closed_on; /* YYYY-MM-DD (Stockholm) the group was made inactive; NULL
				* while active */
	struct group_member *members;
	int nmembers;
	bool can_edit; /* the actor is a convener or an administrator */
	/* A samverkansgrupp without a convener from each of the social services and the
	 * schools: what is missing, in Swedish; NULL otherwise. */
	const char *convener_warning;
};

struct group_in {
	const char *name, *kind, *level, *purpose;
	int meetings_per_year;
	bool active;
	bool has_name, has_kind, has_level, has_purpose, has_meetings_per_year, has_active;
};

int group_list(struct tx *tx, void (*fn)(const struct group *, void *), void *arg,
	       struct err *e);
int group_get(struct tx *tx, int64_t id, struct group *out, struct err *e);
/* Creates a group; a staff creator becomes its first convener.  level and
 * meetings_per_year default from the kind. */
int group_create(struct tx *tx, const struct group_in *in, struct group *out, struct err *e);
/* Changes the fields marked in in.  Making the group inactive sets closed_on to today
 * (Stockholm); making it active again clears it.  Only an administrator changes a
 * styrgrupp's kind or makes it inactive or active (its members edit the plans):
 * SAMSYN_EFORBIDDEN with field kind or active, a logged denial, nothing written. */
int group_update(struct tx *tx, int64_t id, const struct group_in *in, struct group *out,
		 struct err *e);
/* Adds a member: a user or a function (exactly one of the ids > 0).  Only an
 * administrator adds to or removes from a styrgrupp (its members edit the plans). */
int group_add_member(struct tx *tx, int64_t group_id, int64_t user_id, int64_t function_id,
		     bool convener, struct err *e);
int group_remove_member(struct tx *tx, int64_t group_id, int64_t member_id, struct err *e);

/* The people a convener picks from (members, action-item owners): every active user
 * with only a name, function and unit (no e-mail nor anything else), and every active
 * function.  Both sorted in Swedish order.  Administrators, and staff who convene an
 * active group (group_people_may_read); others get SAMSYN_EFORBIDDEN and a logged
 * denial.  Logged as one read of the user directory. */
struct group_person {
	int64_t id;
	const char *name;
	const char *function; /* the function's name, or NULL */
	const char *unit;     /* the unit's name, or NULL */
};
struct group_function {
	int64_t id;
	const char *name;
};
struct group_people {
	struct group_person *people;
	int npeople;
	struct group_function *functions;
	int nfunctions;
};
int group_people_list(struct tx *tx, struct group_people *out, struct err *e);
/* Whether group_people_list would answer: an administrator, or staff who convene at
 * least one active group, as a person or by function.  Reads nothing personal and logs
 * nothing; the pages ask it before they show a picker. */
int group_people_may_read(struct tx *tx, bool *out, struct err *e);

/* Held against required, per group, for a year: meetings with status held whose day is in
 * the year.  gap = required - held when positive.  Only the groups that existed in the
 * year are listed: made in or before it and not closed before it, or that held a meeting
 * in it (meetings recorded for the years before a group was entered). */
struct group_cadence {
	int64_t group_id;
	const char *name, *kind, *level;
	const char *closed_on; /* NULL while active */
	int required, held, planned, gap;
};
int group_cadence(struct tx *tx, int year, void (*fn)(const struct group_cadence *, void *),
		  void *arg, struct err *e);

/* --- meetings ----------------------------------------------------------------------- */

struct meeting_item {
	int64_t id;
	const char *text;
};

struct action_item {
	int64_t id;
	int64_t meeting_id;
	int64_t group_id;
	const char *group_name;
	const char *meeting_day;
	const char *text;
	int64_t owner_user_id; /* 0: owner_text names the owner */
	const char *owner_name; /* the user's name, or owner_text */
	const char *due;        /* YYYY-MM-DD or NULL */
	const char *done_at;    /* NULL while open */
	bool overdue;
};

/* A meeting's attendance: the rows recorded for it, and the users who may attend now
 * but have no row yet (absent).  Who may attend: active users who are members of the
 * group as persons, or who hold a function that is a member. */
struct attendance {
	int64_t user_id;
	const char *user_name;
	bool present;
	bool member;   /* may attend now; false for a recorded user who left the group */
	bool recorded; /* a row is stored for the meeting */
};

struct meeting {
	int64_t id;
	int64_t group_id;
	const char *group_name;
	const char *day;    /* YYYY-MM-DD */
	const char *title;  /* may be NULL */
	const char *status; /* planned, held, cancelled */
	const char *minutes;
	struct meeting_item *agenda, *decisions;
	int nagenda, ndecisions;
	struct attendance *attendance;
	int nattendance;
	struct action_item *actions;
	int nactions;
	bool can_edit;
};

/* What a form or API body gives for a meeting.  agenda and decisions are one item per
 * line (blank lines ignored); present lists the user ids present.  Recording it stores
 * one row per user who may attend (present or not) and keeps the rows of users recorded
 * before who have left since; an id that is neither is SAMSYN_EINVAL on "present" and
 * nothing is written.  confirm: the writer confirmed that text that looks like a
 * personnummer is not personal data about a child. */
struct meeting_in {
	const char *day, *title, *status, *minutes, *agenda, *decisions;
	const int64_t *present;
	int npresent;
	bool confirm;
	bool has_day, has_title, has_status, has_minutes, has_agenda, has_decisions,
		has_present;
};

int meeting_list(struct tx *tx, int64_t group_id, void (*fn)(const struct meeting *, void *),
		 void *arg, struct err *e);
int meeting_get(struct tx *tx, int64_t id, struct meeting *out, struct err *e);
int meeting_create(struct tx *tx, int64_t group_id, const struct meeting_in *in,
		   struct meeting *out, struct err *e);
int meeting_update(struct tx *tx, int64_t id, const struct meeting_in *in, struct meeting *out,
		   struct err *e);

struct action_in {
	const char *text;
	int64_t owner_user_id;
	const char *owner_text;
	const char *due;
	bool confirm;
};
int action_create(struct tx *tx, int64_t meeting_id, const struct action_in *in,
		  struct action_item *out, struct err *e);
/* Marks done (done = true) or open again; conveners, administrators or the owner. */
int action_set_done(struct tx *tx, int64_t id, bool done, struct action_item *out,
		    struct err *e);
/* Open action items of every group, by due day (none last). */
int action_list_open(struct tx *tx, void (*fn)(const struct action_item *, void *), void *arg,
		     struct err *e);

#endif
