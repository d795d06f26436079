/* api_routine.c - routines (rutiner) with their yearly review, deviations (avvikelser)
 * filed against a routine or the cooperation in general, and the yearly report to the
 * committees (docs/API.md, "Steering").
 *
 * Who may do what is the domain's business (src/domain/routine.h, yearly.h): these
 * handlers parse, call and render.  A deviation's text that looks like a personnummer
 * comes back from the domain as 409 with field "confirm_personal_data" until the body
 * says confirm: true. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/api_routes.h"
#include "domain/routine.h"
#include "domain/yearly.h"
#include "util/timeutil.h"

#define API_WORD_MAX 40     /* an enumerated value */
#define API_DATE_MAX 20     /* YYYY-MM-DD; the domain says what is wrong with it */
#define API_TITLE_MAX 200   /* a routine's title */
#define API_SCOPE_MAX 4000  /* a routine's scope and its links */
#define API_BODY_MAX 100000 /* a routine's text */
#define API_TEXT_MAX 20000  /* a deviation's description, analysis and action */
#define API_YEAR_MIN 1900
#define API_YEAR_MAX 9999

static const struct api_field routine_spec[] = {
	{"title", API_STRING, API_TITLE_MAX},
	{"scope", API_STRING, API_SCOPE_MAX},
	{"body", API_STRING, API_BODY_MAX},
	{"links", API_STRING, API_SCOPE_MAX},
	{"last_reviewed", API_STRING, API_DATE_MAX},
	{"next_review", API_STRING, API_DATE_MAX},
	{"owner_function_id", API_ID_OR_NULL, 0},
	{"active", API_BOOL, 0},
	{NULL, 0, 0},
};

static const struct api_field review_spec[] = {
	{"reviewed_on", API_STRING, API_DATE_MAX},
	{"next_review", API_STRING, API_DATE_MAX},
	{NULL, 0, 0},
};

static const struct api_field deviation_file_spec[] = {
	{"routine_id", API_ID_OR_NULL, 0},
	{"description", API_STRING, API_TEXT_MAX},
	{"confirm", API_BOOL, 0},
	{NULL, 0, 0},
};

static const struct api_field deviation_handle_spec[] = {
	{"analysis", API_STRING, API_TEXT_MAX},
	{"action", API_STRING, API_TEXT_MAX},
	{"status", API_STRING, API_WORD_MAX},
	{"confirm", API_BOOL, 0},
	{NULL, 0, 0},
};

static int api_routine_write(struct http_req *r, bool create);
static int api_int_query(struct http_req *r, const char *name, int min, int max, int *out);
static bool api_is_value(const char *const *pairs, const char *v);
static int api_this_year(void);
static void api_routine_add(const struct routine *rt, void *arg);
static void api_deviation_add(const struct deviation *d, void *arg);
static void api_count_add(const struct deviation_count *c, void *arg);
static json_t *api_routine_json(const struct routine *rt, bool with_reviews);
static json_t *api_review_json(const struct routine_review *v);
static json_t *api_routines_yearly_json(const struct yearly_report *y);
static json_t *api_deviation_json(const struct deviation *d);
static json_t *api_count_json(const struct deviation_count *c);
static json_t *api_yearly_json(const struct yearly_report *y);
static json_t *api_yearly_goal_json(const struct yearly_goal *g);
static json_t *api_by_status_json(const int by_status[4]);

/* --- routines --------------------------------------------------------------------- */

/* GET /routines: every routine, overdue reviews first. */
int
api_routines_list(struct http_req *r)
{
	json_t *array = json_array();
	int rc = routine_list(&r->tx, api_routine_add, array, &r->err);

	if (rc != SAMSYN_OK) {
		json_decref(array);
		return rc;
	}
	api_reply(r, 200, json_pack("{s:o}", "routines", array));
	return SAMSYN_OK;
}

/* POST /routines: next_review defaults to a year after last_reviewed (or today). */
int
api_routines_create(struct http_req *r)
{
	return api_routine_write(r, true);
}

/* GET /routines/{id} */
int
api_routines_get(struct http_req *r)
{
	struct routine rt;
	int rc = routine_get(&r->tx, r->id[0], &rt, &r->err);

	if (rc == SAMSYN_OK)
		api_reply(r, 200, json_pack("{s:o}", "routine", api_routine_json(&rt, true)));
	return rc;
}

/* PATCH /routines/{id}: the fields given change. */
int
api_routines_update(struct http_req *r)
{
	return api_routine_write(r, false);
}

/* POST /routines/{id}/reviewed {"reviewed_on"?, "next_review"?}: reviewed that day
 * (today), next review as given (a year on).  The body may be left out. */
int
api_routines_reviewed(struct http_req *r)
{
	struct routine_review_in in = {0};
	struct routine rt;
	json_t *body = NULL;
	int rc;

	if (r->body.len > 0) {
		if ((rc = api_body(r, review_spec, &body)) != SAMSYN_OK)
			return rc;
		in.reviewed_on = api_str(body, "reviewed_on");
		in.next_review = api_str(body, "next_review");
	}
	rc = routine_reviewed(&r->tx, r->id[0], &in, &rt, &r->err);
	if (rc == SAMSYN_OK)
		api_reply(r, 200, json_pack("{s:o}", "routine", api_routine_json(&rt, true)));
	json_decref(body);
	return rc;
}

/* --- deviations ------------------------------------------------------------------- */

/* GET /deviations?status=: open ones first, newest first. */
int
api_deviations_list(struct http_req *r)
{
	const char *status = http_query(r, "status");
	json_t *array;
	int rc;

	if (status && status[0] == '\0')
		status = NULL;
	if (status && !api_is_value(deviation_statuses, status))
		return err_set(&r->err, SAMSYN_EINVAL, "status",
			       "Okänd status: ange filed, analysed, acted eller closed.");
	array = json_array();
	rc = deviation_list(&r->tx, status, api_deviation_add, array, &r->err);
	if (rc != SAMSYN_OK) {
		json_decref(array);
		return rc;
	}
	api_reply(r, 200, json_pack("{s:o}", "deviations", array));
	return SAMSYN_OK;
}

/* POST /deviations {"routine_id"?, "description", "confirm"?}: any staff user. */
int
api_deviations_file(struct http_req *r)
{
	struct deviation_in in;
	struct deviation out;
	json_t *body;
	int rc;

	if ((rc = api_body(r, deviation_file_spec, &body)) != SAMSYN_OK)
		return rc;
	in = (struct deviation_in){
	    .routine_id = api_int(body, "routine_id"),
	    .description = api_str(body, "description"),
	    .confirm = api_bool(body, "confirm"),
	};
	if ((rc = deviation_file(&r->tx, &in, &out, &r->err)) == SAMSYN_OK)
		api_reply(r, 201, json_pack("{s:o}", "deviation", api_deviation_json(&out)));
	json_decref(body);
	return rc;
}

/* GET /deviations/counts?year=YYYY: per routine and quarter (default this year). */
int
api_deviations_counts(struct http_req *r)
{
	json_t *array;
	int year = api_this_year(), rc;

	if ((rc = api_int_query(r, "year", API_YEAR_MIN, API_YEAR_MAX, &year)) != SAMSYN_OK)
		return rc;
	array = json_array();
	if ((rc = deviation_counts(&r->tx, year, api_count_add, array, &r->err)) != SAMSYN_OK) {
		json_decref(array);
		return rc;
	}
	api_reply(r, 200, json_pack("{s:i,s:o}", "year", year, "counts", array));
	return SAMSYN_OK;
}

/* GET /deviations/{id} */
int
api_deviations_get(struct http_req *r)
{
	struct deviation d;
	int rc = deviation_get(&r->tx, r->id[0], &d, &r->err);

	if (rc == SAMSYN_OK)
		api_reply(r, 200, json_pack("{s:o}", "deviation", api_deviation_json(&d)));
	return rc;
}

/* PATCH /deviations/{id} {"analysis"?, "action"?, "status"?, "confirm"?}: forward only. */
int
api_deviations_handle(struct http_req *r)
{
	struct deviation_in in;
	struct deviation out;
	json_t *body;
	int rc;

	if ((rc = api_body(r, deviation_handle_spec, &body)) != SAMSYN_OK)
		return rc;
	in = (struct deviation_in){
	    .analysis = api_str(body, "analysis"),
	    .action = api_str(body, "action"),
	    .status = api_str(body, "status"),
	    .confirm = api_bool(body, "confirm"),
	    .has_analysis = api_has(body, "analysis"),
	    .has_action = api_has(body, "action"),
	    .has_status = api_has(body, "status"),
	};
	if ((rc = deviation_handle(&r->tx, r->id[0], &in, &out, &r->err)) == SAMSYN_OK)
		api_reply(r, 200, json_pack("{s:o}", "deviation", api_deviation_json(&out)));
	json_decref(body);
	return rc;
}

/* --- the yearly report ------------------------------------------------------------ */

/* GET /yearly-report/{year}: the figures of the printable report. */
int
api_yearly_report(struct http_req *r)
{
	struct yearly_report y;
	int rc;

	if (r->id[0] < API_YEAR_MIN || r->id[0] > API_YEAR_MAX)
		return err_set(&r->err, SAMSYN_ENOTFOUND, NULL,
			       "Det finns ingen rapport för det året.");
	if ((rc = yearly_report(&r->tx, (int)r->id[0], &y, &r->err)) == SAMSYN_OK)
		api_reply(r, 200, json_pack("{s:o}", "yearly_report", api_yearly_json(&y)));
	return rc;
}

static int
api_routine_write(struct http_req *r, bool create)
{
	struct routine_in in;
	struct routine out;
	json_t *body;
	int rc;

	if ((rc = api_body(r, routine_spec, &body)) != SAMSYN_OK)
		return rc;
	in = (struct routine_in){
	    .title = api_str(body, "title"),
	    .scope = api_str(body, "scope"),
	    .body = api_str(body, "body"),
	    .links = api_str(body, "links"),
	    .last_reviewed = api_str(body, "last_reviewed"),
	    .next_review = api_str(body, "next_review"),
	    .owner_function_id = api_int(body, "owner_function_id"),
	    .active = api_bool(body, "active"),
	    .has_title = api_has(body, "title"),
	    .has_scope = api_has(body, "scope"),
	    .has_body = api_has(body, "body"),
	    .has_links = api_has(body, "links"),
	    .has_last_reviewed = api_has(body, "last_reviewed"),
	    .has_next_review = api_has(body, "next_review"),
	    .has_owner = api_has(body, "owner_function_id"),
	    .has_active = api_has(body, "active"),
	};
	if (!create) {
		rc = routine_update(&r->tx, r->id[0], &in, &out, &r->err);
	} else if ((rc = routine_create(&r->tx, &in, &out, &r->err)) == SAMSYN_OK &&
		   in.has_active && !in.active) {
		/* routine_create makes every routine active; "active": false on create is
		 * applied as an update in the same transaction. */
		struct routine_in off = {.active = false, .has_active = true};

		rc = routine_update(&r->tx, out.id, &off, &out, &r->err);
	}
	json_decref(body);
	if (rc == SAMSYN_OK)
		api_reply(r, create ? 201 : 200,
			  json_pack("{s:o}", "routine", api_routine_json(&out, true)));
	return rc;
}

/* An integer query parameter within [min, max]; absent or empty leaves *out. */
static int
api_int_query(struct http_req *r, const char *name, int min, int max, int *out)
{
	const char *s = http_query(r, name);
	char *end = NULL;
	long long n = 0;

	if (s == NULL || s[0] == '\0')
		return SAMSYN_OK;
	errno = 0;
	if (*s >= '0' && *s <= '9')
		n = strtoll(s, &end, 10);
	if (end == NULL || *end != '\0' || errno != 0 || n < min || n > max)
		return err_set(&r->err, SAMSYN_EINVAL, name,
			       "Ange %s som ett heltal från %d till %d.", name, min, max);
	*out = (int)n;
	return SAMSYN_OK;
}

/* True when v is one of the values of a NULL-terminated value/label list. */
static bool
api_is_value(const char *const *pairs, const char *v)
{
	for (int i = 0; pairs[i]; i += 2)
		if (strcmp(pairs[i], v) == 0)
			return true;
	return false;
}

static int
api_this_year(void)
{
	char today[11];
	int year = 0;

	time_today(today); /* YYYY-MM-DD */
	for (int i = 0; i < 4; i++)
		year = year * 10 + (today[i] - '0');
	return year;
}

static void
api_routine_add(const struct routine *rt, void *arg)
{
	json_array_append_new(arg, api_routine_json(rt, false));
}

static void
api_deviation_add(const struct deviation *d, void *arg)
{
	json_array_append_new(arg, api_deviation_json(d));
}

static void
api_count_add(const struct deviation_count *c, void *arg)
{
	json_array_append_new(arg, api_count_json(c));
}

/* with_reviews: rt has its review history (routine_get and the writes; not the list). */
static json_t *
api_routine_json(const struct routine *rt, bool with_reviews)
{
	json_t *links = json_array();
	json_t *o =
	    json_pack("{s:I,s:s?,s:s?,s:s?,s:s?,s:o,s:s?}", "id", (json_int_t)rt->id, "title",
		      rt->title, "scope", rt->scope, "body", rt->body, "links", rt->links,
		      "owner_function_id", api_id(rt->owner_function_id), "owner_function_name",
		      rt->owner_function_id ? rt->owner_function_name : NULL);

	json_object_update_new(o,
			       json_pack("{s:s?,s:s?,s:b,s:b,s:I,s:b}", "last_reviewed",
					 rt->last_reviewed, "next_review", rt->next_review,
					 "overdue", rt->overdue, "active", rt->active, "deviations",
					 (json_int_t)rt->deviations, "can_edit", rt->can_edit));
	for (int i = 0; i < rt->nlinks; i++)
		json_array_append_new(links, json_pack("{s:s?,s:s?}", "title",
						       rt->link_list[i].title, "url",
						       rt->link_list[i].url));
	json_object_set_new(o, "link_list", links);
	if (with_reviews) {
		json_t *reviews = json_array();

		for (int i = 0; i < rt->nreviews; i++)
			json_array_append_new(reviews, api_review_json(&rt->reviews[i]));
		json_object_set_new(o, "reviews", reviews);
	}
	return o;
}

static json_t *
api_review_json(const struct routine_review *v)
{
	json_t *on_time = v->timeliness ? json_boolean(strcmp(v->timeliness, "on_time") == 0)
					: json_null();

	return json_pack("{s:I,s:s?,s:s?,s:o,s:s?,s:o,s:s?,s:o}", "id", (json_int_t)v->id,
			 "reviewed_on", v->reviewed_on, "due_on", v->due_on, "on_time", on_time,
			 "next_review", v->next_review, "reviewed_by", api_id(v->reviewed_by),
			 "reviewed_by_name", v->reviewed_by ? v->reviewed_by_name : NULL,
			 "recorded_at", api_time(v->recorded_at));
}

static json_t *
api_deviation_json(const struct deviation *d)
{
	json_t *o =
	    json_pack("{s:I,s:o,s:s?,s:I,s:s?,s:o}", "id", (json_int_t)d->id, "routine_id",
		      api_id(d->routine_id), "routine_title",
		      d->routine_id ? d->routine_title : NULL, "filed_by", (json_int_t)d->filed_by,
		      "filed_by_name", d->filed_by_name, "filed_at", api_time(d->filed_at));

	json_object_update_new(o,
			       json_pack("{s:s?,s:s?,s:s?,s:s?,s:s?,s:o,s:b}", "description",
					 d->description, "status", d->status, "status_label",
					 d->status ? deviation_status_label(d->status) : NULL,
					 "analysis", d->analysis, "action", d->action, "closed_at",
					 api_time(d->closed_at), "can_handle", d->can_handle));
	return o;
}

static json_t *
api_count_json(const struct deviation_count *c)
{
	return json_pack("{s:o,s:s?,s:[iiii],s:i}", "routine_id", api_id(c->routine_id),
			 "routine_title", c->routine_id ? c->routine_title : NULL, "quarters",
			 c->quarter[0], c->quarter[1], c->quarter[2], c->quarter[3], "total",
			 c->total);
}

static json_t *
api_yearly_json(const struct yearly_report *y)
{
	json_t *goals = json_array(), *groups = json_array(), *deviations = json_array();
	json_t *coop = json_null();

	for (int i = 0; i < y->ngoals; i++)
		json_array_append_new(goals, api_yearly_goal_json(&y->goals[i]));
	for (int i = 0; i < y->ngroups; i++) {
		const struct group_cadence *c = &y->groups[i];

		json_array_append_new(groups, json_pack("{s:I,s:s?,s:s?,s:s?,s:i,s:i,s:i,s:i}",
							"group_id", (json_int_t)c->group_id, "name",
							c->name, "kind", c->kind, "level", c->level,
							"required", c->required, "held", c->held,
							"planned", c->planned, "gap", c->gap));
	}
	for (int i = 0; i < y->ndeviations; i++)
		json_array_append_new(deviations, api_count_json(&y->deviations[i]));
	if (y->coop.id > 0) {
		json_decref(coop);
		coop = json_pack("{s:I,s:s?,s:i,s:i}", "id", (json_int_t)y->coop.id, "title",
				 y->coop.title, "first_year", y->coop.first_year, "last_year",
				 y->coop.last_year);
	}
	return json_pack("{s:i,s:b,s:o,s:o,s:i,s:o,s:o,s:o,s:o}", "year", y->year, "has_plan",
			 y->has_plan, "coop_plan", coop, "goals", goals, "activities_total",
			 y->activities_total, "by_status", api_by_status_json(y->by_status),
			 "groups", groups, "deviations", deviations, "routines",
			 api_routines_yearly_json(y));
}

static json_t *
api_routines_yearly_json(const struct yearly_report *y)
{
	json_t *reviews = json_array();

	for (int i = 0; i < y->nreviews_due; i++) {
		const struct routine_due *d = &y->reviews_due[i];

		json_t *o = json_pack("{s:I,s:s?,s:s?,s:s?,s:s?}", "routine_id",
				      (json_int_t)d->routine_id, "routine_title", d->routine_title,
				      "due_on", d->due_on, "reviewed_on", d->reviewed_on, "status",
				      d->status);

		json_array_append_new(reviews, o);
	}
	return json_pack("{s:i,s:i,s:i,s:i,s:i,s:I,s:o}", "due", y->nreviews_due, "on_time",
			 y->reviews_on_time, "late", y->reviews_late, "not_reviewed",
			 y->reviews_not_reviewed, "not_yet_due", y->reviews_not_yet_due,
			 "reviews_done", (json_int_t)y->reviews_done, "reviews", reviews);
}

static json_t *
api_yearly_goal_json(const struct yearly_goal *g)
{
	json_t *activities = json_array();

	for (int i = 0; i < g->nactivities; i++) {
		const struct activity *a = g->activities[i];
		json_t *functions = json_array();

		for (int k = 0; k < a->nfunctions; k++)
			json_array_append_new(functions,
					      json_pack("{s:I,s:s}", "id",
							(json_int_t)a->functions[k].id, "name",
							a->functions[k].name));
		json_array_append_new(activities,
				      json_pack("{s:I,s:s?,s:s?,s:s?,s:o,s:s?,s:s?,s:s?}", "id",
						(json_int_t)a->id, "goals", a->goals, "activity",
						a->activity, "responsible", a->responsible,
						"responsible_functions", functions, "when_text",
						a->when_text, "status", a->status, "followup",
						a->followup));
	}
	return json_pack("{s:i,s:s?,s:o,s:o}", "number", g->number, "text", g->text, "activities",
			 activities, "by_status", api_by_status_json(g->by_status));
}

static json_t *
api_by_status_json(const int by_status[4])
{
	return json_pack("{s:i,s:i,s:i,s:i}", "planned", by_status[0], "ongoing", by_status[1],
			 "done", by_status[2], "cancelled", by_status[3]);
}
