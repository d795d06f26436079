#include "domain/yearly.h"

#include <string.h>

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

static void
yearly_review(const struct routine_due *d, void *arg)
{
	struct yearly_acc *a = arg;
	struct yearly_report *r = a->r;

	r->reviews_due = arena_grow(a->tx->arena, r->reviews_due, (size_t)r->nreviews_due,
				    &a->cap, sizeof(*r->reviews_due));
	r->reviews_due[r->nreviews_due++] = *d;
	if (strcmp(d->status, "on_time") == 0)
		r->reviews_on_time++;
	else if (strcmp(d->status, "late") == 0)
		r->reviews_late++;
	else if (strcmp(d->status, "not_reviewed") == 0)
		r->reviews_not_reviewed++;
	else
		r->reviews_not_yet_due++;
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

/* The activity plan of the year and its cooperation plan's goals.  Only ENOTFOUND means
 * "none": any other failure (the database) is the report's error. */
static int
yearly_plans(struct tx *tx, int year, struct yearly_report *out, struct err *e)
{
	struct activity_plan ap;
	struct err missing;
	int rc;

	err_clear(&missing);
	rc = activity_plan_get(tx, year, NULL, &ap, &missing);
	if (rc == SAMSYN_OK) {
		out->has_plan = true;
		if ((rc = coop_plan_get(tx, ap.coop_plan_id, &out->coop, e)) != SAMSYN_OK)
			return rc;
		return yearly_goals(tx, out, &ap);
	}
	if (rc != SAMSYN_ENOTFOUND) {
		*e = missing;
		return rc;
	}
	err_clear(&missing);
	rc = coop_plan_for_year(tx, year, &out->coop, &missing);
	if (rc == SAMSYN_OK) {
		struct activity_plan none = {.year = year};

		return yearly_goals(tx, out, &none);
	}
	memset(&out->coop, 0, sizeof(out->coop));
	if (rc != SAMSYN_ENOTFOUND) {
		*e = missing;
		return rc;
	}
	return SAMSYN_OK;
}

int
yearly_report(struct tx *tx, int year, struct yearly_report *out, struct err *e)
{
	struct yearly_acc acc = {.tx = tx, .r = out};
	int rc;

	memset(out, 0, sizeof(*out));
	out->year = year;
	if ((rc = steering_require_reader(tx, "yearly_report", year, e)) != SAMSYN_OK)
		return rc;
	if (year < 1990 || year > 2100)
		return err_set(e, SAMSYN_EINVAL, "year", "Ange ett år, som 2026.");
	if ((rc = yearly_plans(tx, year, out, e)) != SAMSYN_OK ||
	    (rc = group_cadence(tx, year, yearly_group, &acc, e)) != SAMSYN_OK)
		return rc;
	acc.cap = 0;
	if ((rc = deviation_counts(tx, year, yearly_deviation, &acc, e)) != SAMSYN_OK)
		return rc;
	acc.cap = 0;
	if ((rc = routine_reviews_due(tx, year, yearly_review, &acc, e)) != SAMSYN_OK)
		return rc;
	return routine_reviews_done(tx, year, &out->reviews_done, e);
}
