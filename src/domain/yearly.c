#include "domain/yearly.h"

#include <stdlib.h>
#include <string.h>

#include "util/timeutil.h"

#include "domain/steering.h"

struct yearly_acc {
	struct tx *tx;
	struct yearly_report *r;
	size_t cap;
};

static int
yearly_status_index(const char *status)
{
	static const char *const order[] = {"planned", "ongoing", "done", "cancelled"};

	for (int i = 0; i < 4; i++)
		if (status && strcmp(status, order[i]) == 0)
			return i;
	return 0;
}

static void
yearly_group(const struct group_cadence *c, void *arg)
{
	struct yearly_acc *a = arg;
	struct yearly_report *r = a->r;

	r->groups = arena_grow(a->tx->arena, r->groups, (size_t)r->ngroups, &a->cap,
			       sizeof(*r->groups));
	r->groups[r->ngroups++] = *c;
}

static void
yearly_deviation(const struct deviation_count *c, void *arg)
{
	struct yearly_acc *a = arg;
	struct yearly_report *r = a->r;

	r->deviations = arena_grow(a->tx->arena, r->deviations, (size_t)r->ndeviations, &a->cap,
				   sizeof(*r->deviations));
	r->deviations[r->ndeviations++] = *c;
}

struct routine_acc {
	struct yearly_report *r;
	int year;
};

/* A routine counts as reviewed on time this year when it is not overdue today; for a past
 * year, when its last review fell in that year (earlier reviews are not kept). */
static void
yearly_routine(const struct routine *rt, void *arg)
{
	struct routine_acc *a = arg;

	char today[11];
	bool on_time;

	if (!rt->active)
		return;
	time_today(today);
	if (a->year < (int)strtol(today, NULL, 10))
		on_time = rt->last_reviewed &&
			  (int)strtol(rt->last_reviewed, NULL, 10) == a->year;
	else
		on_time = !rt->overdue;
	a->r->routines_total++;
	if (on_time)
		a->r->routines_reviewed_on_time++;
	else
		a->r->routines_overdue++;
}

static int
yearly_goals(struct tx *tx, struct yearly_report *r, const struct activity_plan *ap)
{
	r->ngoals = r->coop.ngoals;
	r->goals = arena_alloc(tx->arena, sizeof(*r->goals) * (size_t)(r->ngoals + 1));
	for (int g = 0; g < r->ngoals; g++) {
		struct yearly_goal *yg = &r->goals[g];

		memset(yg, 0, sizeof(*yg));
		yg->number = r->coop.goals[g].number;
		yg->text = r->coop.goals[g].text;
		yg->activities = arena_alloc(tx->arena, sizeof(*yg->activities) *
							     (size_t)(ap->nrows + 1));
		for (int i = 0; i < ap->nrows; i++) {
			struct activity *act = &ap->rows[i];
			bool hit = false;

			for (int k = 0; k < act->ngoal_numbers; k++)
				hit |= act->goal_numbers[k] == yg->number;
			if (!hit)
				continue;
			yg->activities[yg->nactivities++] = act;
			yg->by_status[yearly_status_index(act->status)]++;
		}
	}
	for (int i = 0; i < ap->nrows; i++) {
		r->activities_total++;
		r->by_status[yearly_status_index(ap->rows[i].status)]++;
	}
	return SAMSYN_OK;
}

int
yearly_report(struct tx *tx, int year, struct yearly_report *out, struct err *e)
{
	struct yearly_acc acc = {.tx = tx, .r = out};
	struct routine_acc racc = {.r = out, .year = year};
	struct activity_plan ap;
	struct err ignore;
	int rc;

	memset(out, 0, sizeof(*out));
	out->year = year;
	if ((rc = steering_require_reader(tx, "yearly_report", year, e)) != SAMSYN_OK)
		return rc;
	if (year < 1990 || year > 2100)
		return err_set(e, SAMSYN_EINVAL, "year", "Ange ett år, som 2026.");
	if (activity_plan_get(tx, year, NULL, &ap, &ignore) == SAMSYN_OK) {
		out->has_plan = true;
		if ((rc = coop_plan_get(tx, ap.coop_plan_id, &out->coop, e)) != SAMSYN_OK ||
		    (rc = yearly_goals(tx, out, &ap)) != SAMSYN_OK)
			return rc;
	} else if (coop_plan_for_year(tx, year, &out->coop, &ignore) == SAMSYN_OK) {
		struct activity_plan none = {.year = year};

		yearly_goals(tx, out, &none);
	} else {
		memset(&out->coop, 0, sizeof(out->coop));
	}
	if ((rc = group_cadence(tx, year, yearly_group, &acc, e)) != SAMSYN_OK)
		return rc;
	acc.cap = 0;
	if ((rc = deviation_counts(tx, year, yearly_deviation, &acc, e)) != SAMSYN_OK)
		return rc;
	return routine_list(tx, yearly_routine, &racc, e);
}
