/* yearly.h - the yearly report to the committees (årsrapport): per goal of the year's
 * cooperation plan, its activities with status and follow-up; meetings held against
 * required per group; deviations per routine and quarter; routines reviewed on time.
 * The same figures feed the printable page (with SVG charts drawn by the server) and the
 * JSON.  Readers as for plan.h; nothing is written. */
#ifndef SAMSYN_YEARLY_H
#define SAMSYN_YEARLY_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/group.h"
#include "domain/plan.h"
#include "domain/routine.h"
#include "domain/tx.h"
#include "util/err.h"

struct yearly_goal {
	int number;
	const char *text;
	struct activity **activities; /* rows naming this goal */
	int nactivities;
	int by_status[4]; /* planned, ongoing, done, cancelled */
};

struct yearly_report {
	int year;
	bool has_plan;              /* false: no activity plan for the year */
	struct coop_plan coop;      /* the cooperation plan of the year (id 0 if none) */
	struct yearly_goal *goals;
	int ngoals;
	int activities_total, by_status[4];
	struct group_cadence *groups;
	int ngroups;
	struct deviation_count *deviations;
	int ndeviations;
	/* Reviews of routines due in the year (routine_reviews_due), from the review
	 * history: each is on time, late, not reviewed (its day has passed) or not yet due
	 * (its day is today or later, in this year's report). */
	struct routine_due *reviews_due;
	int nreviews_due;
	int reviews_on_time, reviews_late, reviews_not_reviewed, reviews_not_yet_due;
	int64_t reviews_done; /* reviews done in the year, whenever due */
};

/* The report of a year (1990-2100, else 400 year).  A year without an activity plan gives
 * has_plan false and the goals of the cooperation plan in force (if any) without
 * activities; any other error of the database is returned as it is. */
int yearly_report(struct tx *tx, int year, struct yearly_report *out, struct err *e);

#endif
