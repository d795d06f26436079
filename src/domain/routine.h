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
#include "util/err.h"

struct routine {
	int64_t id;
	const char *title, *scope, *body, *links;
	int64_t owner_function_id; /* 0: none */
	const char *owner_function_name;
	const char *last_reviewed; /* YYYY-MM-DD or NULL */
	const char *next_review;   /* YYYY-MM-DD */
	bool overdue;              /* next_review has passed */
	bool active;
	int64_t deviations; /* filed against it, all time */
	bool can_edit;
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
/* next_review defaults to a year after last_reviewed (or after today). */
int routine_create(struct tx *tx, const struct routine_in *in, struct routine *out,
		   struct err *e);
int routine_update(struct tx *tx, int64_t id, const struct routine_in *in, struct routine *out,
		   struct err *e);
/* Records a review today: last_reviewed today, next_review a year on. */
int routine_reviewed(struct tx *tx, int64_t id, struct routine *out, struct err *e);

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
