/* rules.h - the legal rules and deadlines as dated data (table legal_rules).
 *
 * Each rule has one row per period with the act in force then and its source.  A case is
 * judged by the act in force on the day of the event: rules_for() picks the row whose
 * period holds that day.  Rules hold no personal data; reading them is not logged. */
#ifndef SAMSYN_RULES_H
#define SAMSYN_RULES_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/tx.h"
#include "util/err.h"

struct rule {
	int64_t id;
	const char *key;         /* "pre_assessment" */
	const char *act;         /* "SFS 2025:400" */
	const char *valid_from;  /* YYYY-MM-DD */
	const char *valid_to;    /* inclusive; NULL: in force */
	const char *title;       /* Swedish */
	const char *description; /* Swedish */
	const char *source;      /* chapter and section */
	int days;                /* -1 when the rule has no length in days */
	int months;              /* -1 when none */
	const char *day_kind;    /* "calendar", "working" or NULL */
	bool confirmed;          /* false: the source or date is not confirmed yet */
};

/* Every rule row, grouped by key in the order of the table, oldest period first. */
int rules_list(struct tx *tx, void (*fn)(const struct rule *, void *), void *arg,
	       struct err *e);

/* The row of key in force on day (YYYY-MM-DD).  SAMSYN_ENOTFOUND when none. */
int rules_for(struct tx *tx, const char *key, const char *day, struct rule *out,
	      struct err *e);

/* The social services act in force on day: "SFS 2001:453" until 2025-06-30, then
 * "SFS 2025:400". */
const char *rules_act_on(const char *day);

#endif
