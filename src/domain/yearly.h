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
	int routines_total, routines_reviewed_on_time, routines_overdue;
};

int yearly_report(struct tx *tx, int year, struct yearly_report *out, struct err *e);

#endif
