/* report.h - reports of concern (orosanmälningar).
 *
 * Any staff user files a report: it is saved as a draft (changed in place, seen only by
 * its author) and submitted deliberately.  Submitting validates everything, resolves the
 * child in the registry, gives the report its number ("OA-2026-000042") and time of
 * receipt, and opens its intake record (intake.h): due days for the protection assessment
 * and the pre-assessment, or, when the report concerns violence, an investigation at once.
 *
 * After submission nothing is overwritten: intake staff correct the child, the time of
 * receipt, the category or the texts with a reason, which adds a version; every version
 * stays readable.  The reporter reads her own reports as she sent them (version 1) and
 * the feedback; intake staff read all reports and every version (access.h).
 *
 * Searchability (dated rule "searchability"): a report received before 2025-07-01 that
 * did not lead to an investigation is not listed with the child's other reports and not
 * found by name or personnummer; it is still reached by its number or id. */
#ifndef SAMSYN_REPORT_H
#define SAMSYN_REPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/child.h"
#include "domain/tx.h"
#include "util/err.h"

#define REPORT_TEXT_MAX 20000  /* characters, observed and child_words */
#define REPORT_REASON_MAX 2000 /* a correction's reason */
#define REPORT_PHONE_MAX 40
#define REPORT_KEY_MAX 64

/* Values of the enumerated fields, with Swedish labels (NULL-terminated pairs). */
extern const char *const report_categories[]; /* neglect, violence, witnessed_violence, ... */
extern const char *const report_urgencies[];  /* acute, high, normal */
extern const char *const report_guardians_know[]; /* yes, no, unknown */
const char *report_category_label(const char *v);   /* NULL if unknown */
const char *report_urgency_label(const char *v);
const char *report_guardians_know_label(const char *v);
/* What feedback tells the reporter, in Swedish, for an outcome (opened, not_opened,
 * ongoing); "–" for NULL. */
const char *report_feedback_label(const char *outcome);
/* True for the categories the violence rule covers (violence, witnessed_violence,
 * sexual_abuse). */
bool report_category_is_violence(const char *category);

/* One version of a report's content. */
struct report_version {
	int version;
	int64_t child_id;            /* 0 in a draft */
	const char *child_pnr;       /* as typed (draft) or the child's 12 digits */
	const char *child_name;
	const char *child_birth_date;
	const char *child_school;
	const char *received_at;     /* stored time; NULL in a draft */
	const char *category;
	const char *observed;        /* what was seen or heard */
	const char *child_words;     /* the child's own words; may be NULL */
	const char *guardians_know;
	const char *urgency;
	const char *reason;          /* a correction's reason; NULL for version 1 */
	int64_t made_by;
	const char *made_by_name;
	const char *made_at;
};

struct report {
	int64_t id;
	const char *number;   /* NULL in a draft */
	const char *status;   /* draft, submitted */
	int64_t reporter_id;
	const char *reporter_name;
	const char *reporter_email;
	int64_t reporter_unit_id;
	const char *reporter_unit_name;
	const char *reporter_phone;
	const char *created_at;
	const char *submitted_at;
	bool hidden;          /* the searchability rule hides it from child lists and search */
	/* The version shown: the current one for intake staff, version 1 for the reporter. */
	struct report_version cur;
	int nversions;        /* how many versions exist (intake staff); 1 for the reporter */
	/* The child, for intake staff once submitted (child_id != 0); else id 0. */
	struct child child;
	/* Feedback, once sent: outcome is NULL before. */
	const char *feedback_outcome; /* opened, not_opened, ongoing */
	const char *feedback_message;
	const char *feedback_sent_at;
	const char *feedback_read_at;
};

/* The content a reporter writes. */
struct report_in {
	struct child_in child;
	const char *category;
	const char *observed;
	const char *child_words;
	const char *guardians_know;
	const char *urgency;
	const char *reporter_phone;
	const char *client_key; /* optional: a second create with the same key returns the first */
};

/* Creates a draft for the actor (any staff).  Fields may be empty in a draft but what is
 * given must be well formed (enumerations, lengths, UTF-8).  With a client_key already
 * used by this actor, returns that report and sets *existed. */
int report_create_draft(struct tx *tx, const struct report_in *in, struct report *out,
			bool *existed, struct err *e);
/* Replaces a draft's content; only its author, only while it is a draft
 * (SAMSYN_ECONFLICT "redan skickad" after). */
int report_update_draft(struct tx *tx, int64_t id, const struct report_in *in,
			struct report *out, struct err *e);
/* Deletes a draft (its author); a submitted report is never deleted. */
int report_delete_draft(struct tx *tx, int64_t id, struct err *e);
/* Submits a draft: validates every field (each error names its field), then in the same
 * transaction resolves the child, numbers the report, sets the time of receipt and opens
 * intake (intake_open).  A second submit gets SAMSYN_ECONFLICT and changes nothing. */
int report_submit(struct tx *tx, int64_t id, struct report *out, struct err *e);
/* The same with a time of receipt in the past (stored form), for the demo data and the
 * benchmarks only: people submit with report_submit. */
int report_submit_at(struct tx *tx, int64_t id, const char *received_at, struct report *out,
		     struct err *e);

/* One report (see struct report for what each reader gets); logged as a read about the
 * child once submitted.  The reporter reading her report marks its feedback read.
 * Others: SAMSYN_EFORBIDDEN, logged; they get it for a report that does not exist too
 * (intake staff get SAMSYN_ENOTFOUND), so nobody learns which reports exist. */
int report_get(struct tx *tx, int64_t id, struct report *out, struct err *e);
/* Every version, oldest first, for intake staff. */
int report_versions(struct tx *tx, int64_t id, void (*fn)(const struct report_version *, void *),
		    void *arg, struct err *e);

/* A correction by intake staff: the fields marked has_* change, reason is required;
 * adds a version.  received_at takes a stored time or local "YYYY-MM-DDTHH:MM". */
struct report_correction {
	struct child_in child; /* has_child: the child as a whole (may be another child) */
	const char *child_school; /* has_child_school: the school the report names */
	const char *received_at;
	const char *category;
	const char *observed;
	const char *child_words;
	const char *reason;
	bool has_child, has_child_school, has_received_at, has_category, has_observed,
		has_child_words;
};
int report_correct(struct tx *tx, int64_t id, const struct report_correction *in,
		   struct report *out, struct err *e);

/* A line in a list of reports. */
struct report_line {
	int64_t id;
	const char *number;
	const char *status;
	const char *received_at;
	const char *created_at;
	const char *category;
	const char *urgency;
	const char *child_name; /* as the list's reader may see it */
	const char *feedback_outcome; /* NULL before feedback */
	bool feedback_unread;
};

/* The actor's own reports, drafts first, then newest first.  Not logged per report: the
 * author reads what she wrote; one read row for the list. */
int report_list_mine(struct tx *tx, void (*fn)(const struct report_line *, void *), void *arg,
		     struct err *e);
/* The submitted reports of one child, newest first, without the hidden ones; intake
 * staff; each a logged read. */
int report_list_for_child(struct tx *tx, int64_t child_id,
			  void (*fn)(const struct report_line *, void *), void *arg,
			  struct err *e);
/* Looks a report up by its number ("OA-2026-000042"), for intake staff. */
int report_find_number(struct tx *tx, const char *number, int64_t *id_out, struct err *e);

#endif
