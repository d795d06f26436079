/* intake.h - social services' handling of a submitted report (mottagning): the
 * protection assessment, the pre-assessment decision, the meeting offer, informing the
 * guardians, the investigation with its end date and extensions, and feedback to the
 * reporter.  Intake staff only (access.h); every read and write is access-logged with the
 * child as the person concerned.
 *
 * Deadlines come from the dated rules (rules.h) in force on the day of the event, and are
 * counted in Stockholm calendar days with Swedish public holidays (util/calendar.h):
 *   - protection assessment: the day of receipt, or the next working day when the report
 *     came after the end of the working day (INTAKE_DAY_END) or on a non-working day;
 *   - pre-assessment: 14 days after the day of receipt; a decision later than that needs a
 *     recorded exceptional reason; when the last day is not a working day the decision
 *     may be made on the next working day (lag 1930:173), and both days are shown;
 *   - violence (report_category_is_violence): an investigation opens at submission,
 *     without pre-assessment (or the report is linked to the child's open investigation);
 *   - investigation: ends four months after it opened, or at an extension's new end;
 *   - feedback: the "feedback" rule's days after the decision (one week from 2026-01-15);
 *     no due day under a rule without days.
 * Event times (protection assessment, decision ...) are given by the worker (recording
 * afterwards is normal), must not be before the report's receipt nor in the future. */
#ifndef SAMSYN_INTAKE_H
#define SAMSYN_INTAKE_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/report.h"
#include "domain/tx.h"
#include "util/err.h"

#define INTAKE_DAY_END_HOUR 16 /* a report received at or after 16:00 is "late in the day" */
#define INTAKE_TEXT_MAX 20000
#define INTAKE_SOON_DAYS 3 /* the inbox highlights what is due within this many days */

/* Opens intake for a just-submitted report (called by report_submit in its transaction).
 * received_at is the stored time of receipt. */
int intake_open(struct tx *tx, int64_t report_id, int64_t child_id, const char *received_at,
		const char *category, struct err *e);

/* After a correction of the time of receipt or the category (report_correct): due days
 * that are not yet met follow the new time of receipt, and a report now about violence
 * that has no decision yet opens an investigation at once. */
int intake_reconsider(struct tx *tx, int64_t report_id, struct err *e);

/* Whether a correction may be made: a new time of receipt (stored form, or NULL) must not
 * come after anything already recorded; the child cannot change once a decision is made
 * (the decision and any investigation concern the child it was made about). */
int intake_check_correction(struct tx *tx, int64_t report_id, const char *received_at,
			    bool child_changes, struct err *e);

struct investigation {
	int64_t id;
	int64_t child_id;
	const char *opened_at;
	int64_t opened_by; /* 0: opened by the violence rule at submission */
	const char *basis; /* decision, violence */
	const char *end_date; /* YYYY-MM-DD: four months, or the latest extension */
	const char *closed_at;
	struct investigation_extension *extensions;
	int nextensions;
};

struct investigation_extension {
	int64_t id;
	const char *decided_at;
	int64_t decided_by;
	const char *decided_by_name;
	const char *reasons;
	const char *previous_end, *new_end;
};

/* A due day as the inbox and the pages show it. */
struct intake_due {
	const char *day;       /* YYYY-MM-DD, the legal last day; NULL: none */
	const char *moved_to;  /* the next working day when day is not one; else NULL */
	int days_left;         /* from today to moved_to (or day); negative when overdue */
	bool overdue, soon;    /* soon: 0 <= days_left <= INTAKE_SOON_DAYS */
};

struct intake {
	int64_t report_id;
	const char *stage; /* new, assessed, decided */
	struct intake_due protection_due, decision_due, feedback_due;
	/* The rule rows that set the deadlines, for the page to cite (act and source). */
	const char *act; /* the act in force on the day of receipt */
	const char *protection_at;
	int64_t protection_by;
	const char *protection_by_name;
	int protection_needed; /* -1: not recorded */
	const char *protection_reasoning;
	const char *decision; /* investigate, not_investigate, ongoing; NULL before */
	const char *decided_at;
	int64_t decided_by; /* 0 with a decision by the violence rule */
	const char *decided_by_name;
	const char *decision_reasons;
	int child_heard; /* -1: not recorded */
	const char *child_not_heard_reason;
	const char *exceptional_reason;
	bool by_violence_rule; /* opened at submission: the page says why */
	const char *violence_rule_source;
	int64_t investigation_id;
	const char *meeting_offered_at;
	const char *meeting_offered_to; /* comma-separated: child,guardian,reporter */
	const char *guardians_informed_at;
	const char *feedback_sent_at;
	const char *feedback_outcome;
};

/* The intake record of a report. */
int intake_get(struct tx *tx, int64_t report_id, struct intake *out, struct err *e);

/* at: stored time or local "YYYY-MM-DDTHH:MM" (Stockholm); NULL or "" means now. */
struct intake_protection_in {
	const char *at;
	bool needed;
	bool has_needed;
	const char *reasoning;
};
/* Records the protection assessment (once: a second gets SAMSYN_ECONFLICT). */
int intake_assess(struct tx *tx, int64_t report_id, const struct intake_protection_in *in,
		  struct intake *out, struct err *e);

struct intake_decision_in {
	const char *at;
	const char *decision; /* investigate, not_investigate, ongoing */
	const char *reasons;  /* required for not_investigate; optional otherwise */
	bool child_heard, has_child_heard; /* required for not_investigate */
	const char *child_not_heard_reason; /* required when not heard */
	const char *exceptional_reason;     /* required past the 14th day */
	int64_t investigation_id;           /* ongoing: the child's open investigation */
};
/* Records the pre-assessment decision: once per report, after the protection assessment,
 * not before receipt.  investigate opens an investigation (four months).  Sets the
 * feedback due day. */
int intake_decide(struct tx *tx, int64_t report_id, const struct intake_decision_in *in,
		  struct intake *out, struct err *e);

/* Records that a meeting was offered; to names at least one of child, guardian, reporter
 * (comma-separated). */
int intake_offer_meeting(struct tx *tx, int64_t report_id, const char *at, const char *to,
			 struct intake *out, struct err *e);
/* Records that the guardians were informed that an investigation was opened. */
int intake_guardians_informed(struct tx *tx, int64_t report_id, const char *at,
			      struct intake *out, struct err *e);

/* The feedback outcome a decision gives: investigate -> opened, not_investigate ->
 * not_opened, ongoing -> ongoing. */
const char *intake_outcome_of(const char *decision);

/* Feedback to the reporter: the outcome follows the decision (opened / not_opened /
 * ongoing); message is an optional short note (no details of the investigation).  Once
 * per report, after the decision.  Queues a mail that says only that there is something
 * to read. */
int intake_send_feedback(struct tx *tx, int64_t report_id, const char *message,
			 struct intake *out, struct err *e);

int investigation_get(struct tx *tx, int64_t id, struct investigation *out, struct err *e);
/* An extension: reasons required, new_end (YYYY-MM-DD) after the current end. */
int investigation_extend(struct tx *tx, int64_t id, const char *at, const char *reasons,
			 const char *new_end, struct investigation *out, struct err *e);
/* Completes an investigation; it leaves the inbox. */
int investigation_close(struct tx *tx, int64_t id, const char *at, struct investigation *out,
			struct err *e);
/* The open investigations of a child (for the "ongoing" choice). */
int investigation_list_open(struct tx *tx, int64_t child_id,
			    void (*fn)(const struct investigation *, void *), void *arg,
			    struct err *e);

/* One line of the intake inbox. */
enum inbox_kind {
	INBOX_PROTECTION, /* protection assessment due */
	INBOX_DECISION,   /* pre-assessment decision due */
	INBOX_FEEDBACK,   /* feedback to the reporter due */
	INBOX_INVESTIGATION, /* open investigation, with its end date */
};
struct inbox_line {
	enum inbox_kind kind;
	int64_t report_id;        /* 0 for an investigation */
	int64_t investigation_id; /* INBOX_INVESTIGATION */
	const char *number;
	const char *received_at;
	const char *urgency;
	const char *category;
	int64_t child_id;
	const char *child_name;
	int child_age;
	struct intake_due due;
};
struct inbox_counts {
	int64_t protection, decision, feedback, investigations; /* lines of each kind */
	int64_t overdue, soon;
};
/* The inbox, sorted by urgency (acute first) then due day; at most limit lines (1..1000),
 * counts over all.  One logged read for the inbox (the list shows names); opening a
 * report logs the read of that child. */
int intake_inbox(struct tx *tx, int limit, void (*fn)(const struct inbox_line *, void *),
		 void *arg, struct inbox_counts *counts, struct err *e);

/* Computes a due day (exported for the tests): the legal last day and where a
 * non-working day moves it. today: YYYY-MM-DD. */
void intake_due_for(const char *day, const char *today, struct intake_due *out, char moved[11]);
/* The protection assessment's due day for a stored receipt time (Stockholm). */
void intake_protection_day(const char *received_at, char out[11]);

#endif
