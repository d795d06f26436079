/* routine.h - routines (rutiner) with an owner function and a yearly review, and deviations
 * (avvikelser) filed against a routine or the cooperation in general, analysed, acted on
 * and closed.
 *
 * Who may: every staff user and administrator reads; members of a styrgrupp and
 * administrators create and edit routines and handle deviations (analysis, action,
 * closing); any staff user files a deviation.  Deviation texts get the same personnummer
 * check as minutes (group.h): no personal data about a child.  Every write is logged. */
#ifndef SAMSYN_ROUTINE_H
#define SAMSYN_ROUTINE_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/tx.h"
#include "util/arena.h"
#include "util/err.h"

/* One non-empty line of a routine's links field (länkar till dokument): "Title | URL",
 * "URL" or any other text.  Only http and https URLs become links. */
struct routine_link {
	int line;          /* 1-based line in the field */
	const char *title; /* the link text: the title, or the URL when the line has none; for
			    * a plain-text line the whole line */
	const char *url;   /* http(s) URL, or NULL: the line is plain text */
};

/* One recorded review (granskning) of a routine: a row of routine_reviews. */
struct routine_review {
	int64_t id;
	const char *reviewed_on; /* YYYY-MM-DD */
	const char *due_on;      /* the next_review the review answered; NULL: not known (a
				  * review known only from the routine's dates) */
	const char *next_review; /* the next review it set */
	int64_t reviewed_by;     /* 0: not recorded in samsyn */
	const char *reviewed_by_name;
	const char *recorded_at; /* ISO UTC */
	const char *timeliness;  /* "on_time" (reviewed_on <= due_on), "late", or NULL when
				  * due_on is NULL */
};

struct routine {
	int64_t id;
	const char *title, *scope, *body, *links;
	const struct routine_link *link_list; /* links parsed, line by line */
	int nlinks;
	int64_t owner_function_id; /* 0: none */
	const char *owner_function_name;
	const char *last_reviewed; /* YYYY-MM-DD or NULL */
	const char *next_review;   /* YYYY-MM-DD */
	bool overdue;              /* next_review has passed */
	bool active;
	int64_t deviations; /* filed against it, all time */
	bool can_edit;
	/* The review history, newest first: filled by routine_get and the writes, not by
	 * routine_list (NULL, 0 there). */
	const struct routine_review *reviews;
	int nreviews;
};

struct routine_in {
	const char *title, *scope, *body, *links, *last_reviewed, *next_review;
	int64_t owner_function_id;
	bool active;
	bool has_title, has_scope, has_body, has_links, has_last_reviewed, has_next_review,
		has_owner, has_active;
};

/* Every routine, overdue reviews first, then by next review. */
int routine_list(struct tx *tx, void (*fn)(const struct routine *, void *), void *arg,
		 struct err *e);
int routine_get(struct tx *tx, int64_t id, struct routine *out, struct err *e);
/* next_review defaults to a year after last_reviewed (or after today).  A last_reviewed
 * given here is a review done before the routine came into samsyn: it goes into the
 * history without a due day or a reviewer.  Links: see routine_links_parse. */
int routine_create(struct tx *tx, const struct routine_in *in, struct routine *out,
		   struct err *e);
/* The fields given change.  Changing last_reviewed or next_review corrects the routine's
 * dates; it records no review (routine_reviewed does). */
int routine_update(struct tx *tx, int64_t id, const struct routine_in *in, struct routine *out,
		   struct err *e);

struct routine_review_in {
	const char *reviewed_on; /* NULL or "": today */
	const char *next_review; /* NULL or "": a year after reviewed_on */
};
/* Records a review (in may be NULL: today, next a year on): a routine_reviews row with
 * due_on the routine's next_review before it, and the routine's last_reviewed and
 * next_review set, under one access-log row.  A day in the future or not YYYY-MM-DD: 400
 * reviewed_on; a day before the routine's last review: 409 reviewed_on; a next review not
 * after the review day: 400 next_review. */
int routine_reviewed(struct tx *tx, int64_t id, const struct routine_review_in *in,
		     struct routine *out, struct err *e);

/* Splits a links field into lines (empty lines skipped; *out in arena a, *n of them).  A
 * line is "Title | URL" (split at its last "|"), a URL alone, or text.  A URL is a word
 * with a scheme ("x:" followed by something other than a space; javascript:, vbscript:,
 * data: and file: always count).  strict: a URL that is not http(s) with a host and no
 * spaces or control characters is 400 links naming the line; not strict (reading stored
 * text): such a line is plain text. */
int routine_links_parse(struct arena *a, const char *text, bool strict,
			struct routine_link **out, int *n, struct err *e);

/* One review of a routine due in a year, for the yearly report: from the history (each
 * review whose due_on falls in the year) and, for active routines, the next review still
 * to be done when it falls in the year. */
struct routine_due {
	int64_t routine_id;
	const char *routine_title;
	const char *due_on;      /* YYYY-MM-DD, in the year */
	const char *reviewed_on; /* NULL: not reviewed */
	const char *status;      /* "on_time" (reviewed on or before due_on), "late"
				  * (reviewed after it), "not_reviewed" (due_on has passed,
				  * no review yet), "not_yet_due" (due_on is today or later) */
};
/* Reviews due in year, by due day then routine title. */
int routine_reviews_due(struct tx *tx, int year, void (*fn)(const struct routine_due *, void *),
			void *arg, struct err *e);
/* How many reviews were done in year (reviewed_on in it), whenever they were due. */
int routine_reviews_done(struct tx *tx, int year, int64_t *n, struct err *e);

extern const char *const deviation_statuses[]; /* filed Anmäld, analysed Analyserad,
					       * acted Åtgärdad, closed Avslutad */
const char *deviation_status_label(const char *v);

struct deviation {
	int64_t id;
	int64_t routine_id; /* 0: the cooperation in general */
	const char *routine_title;
	int64_t filed_by;
	const char *filed_by_name;
	const char *filed_at;
	const char *description, *status, *analysis, *action, *closed_at;
	bool can_handle;
};

struct deviation_in {
	int64_t routine_id;
	const char *description, *analysis, *action, *status;
	bool confirm;
	bool has_analysis, has_action, has_status;
};

/* Open deviations first, newest first; status NULL for all. */
int deviation_list(struct tx *tx, const char *status,
		   void (*fn)(const struct deviation *, void *), void *arg, struct err *e);
int deviation_get(struct tx *tx, int64_t id, struct deviation *out, struct err *e);
int deviation_file(struct tx *tx, const struct deviation_in *in, struct deviation *out,
		   struct err *e);
/* Analysis, action and status (forward only: filed → analysed → acted → closed). */
int deviation_handle(struct tx *tx, int64_t id, const struct deviation_in *in,
		     struct deviation *out, struct err *e);

/* Deviations per routine (routine_id 0 = general) and quarter of a year. */
struct deviation_count {
	int64_t routine_id;
	const char *routine_title;
	int quarter[4];
	int total;
};
int deviation_counts(struct tx *tx, int year, void (*fn)(const struct deviation_count *, void *),
		     void *arg, struct err *e);

#endif
