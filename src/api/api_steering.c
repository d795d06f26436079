/* api_steering.c - the strategic and tactical level: groups (forums) with members and
 * cadence, meetings with agenda, attendance, minutes, decisions and action items, the
 * cooperation plan (samverkansplan) and the yearly activity plan with its import and
 * export (docs/API.md, "Steering").
 *
 * Who may do what is the domain's business (src/domain/group.h, plan.h): these handlers
 * parse, call and render.  None of it holds personal data about children; free text that
 * looks like a personnummer comes back from the domain as 409 with field
 * "confirm_personal_data" until the body says confirm: true. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api/api.h"
#include "api/api_routes.h"
#include "domain/group.h"
#include "domain/plan.h"
#include "util/timeutil.h"
#include "util/utf8.h"

#define API_WORD_MAX 40     /* an enumerated value */
#define API_DATE_MAX 20     /* YYYY-MM-DD; the domain says what is wrong with it */
#define API_TITLE_MAX 200   /* a meeting's or a plan's title, an action's owner */
#define API_FILTER_MAX 200  /* the responsible filter of an activity plan */
#define API_PRESENT_MAX 500 /* user ids in a meeting's attendance */
#define API_YEAR_MIN 1900
#define API_YEAR_MAX 9999
#define API_GOAL_MAX 999
#define API_CADENCE_MAX 366 /* meetings a year */

#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

static const struct api_field group_spec[] = {
	{"name", API_STRING, GROUP_NAME_MAX},
	{"kind", API_STRING, API_WORD_MAX},
	{"level", API_STRING, API_WORD_MAX},
	{"purpose", API_STRING, GROUP_TEXT_MAX},
	{"meetings_per_year", API_INT, 0},
	{"active", API_BOOL, 0},
	{NULL, 0, 0},
};

static const struct api_field member_spec[] = {
	{"user_id", API_ID_OR_NULL, 0},
	{"function_id", API_ID_OR_NULL, 0},
	{"convener", API_BOOL, 0},
	{NULL, 0, 0},
};

/* "present" is a list of user ids, which api_body has no type for: api_meeting_body takes
 * it out of the object before the rest is checked against this spec. */
static const struct api_field meeting_spec[] = {
	{"day", API_STRING, API_DATE_MAX},
	{"title", API_STRING, API_TITLE_MAX},
	{"status", API_STRING, API_WORD_MAX},
	{"minutes", API_STRING, GROUP_TEXT_MAX},
	{"agenda", API_STRING, GROUP_TEXT_MAX},
	{"decisions", API_STRING, GROUP_TEXT_MAX},
	{"confirm", API_BOOL, 0},
	{NULL, 0, 0},
};

static const struct api_field action_spec[] = {
	{"text", API_STRING, GROUP_TEXT_MAX},
	{"owner_user_id", API_ID_OR_NULL, 0},
	{"owner_text", API_STRING, API_TITLE_MAX},
	{"due", API_STRING, API_DATE_MAX},
	{"confirm", API_BOOL, 0},
	{NULL, 0, 0},
};

static const struct api_field done_spec[] = {
	{"done", API_BOOL, 0},
	{NULL, 0, 0},
};

static const struct api_field coop_plan_spec[] = {
	{"title", API_STRING, API_TITLE_MAX},
	{"first_year", API_INT, 0},
	{"last_year", API_INT, 0},
	{"purpose", API_STRING, PLAN_TEXT_MAX},
	{"adopted_by", API_STRING, API_TITLE_MAX},
	{"adopted_on", API_STRING, API_DATE_MAX},
	{"goals", API_STRING, PLAN_TEXT_MAX},
	{"strategies", API_STRING, PLAN_TEXT_MAX},
	{"replaces", API_ID_OR_NULL, 0},
	{NULL, 0, 0},
};

/* PATCH /coop-plans/{id}: the fields of a version; "replaces" is set once, by POST. */
static const struct api_field coop_plan_patch_spec[] = {
	{"title", API_STRING, API_TITLE_MAX},
	{"first_year", API_INT, 0},
	{"last_year", API_INT, 0},
	{"purpose", API_STRING, PLAN_TEXT_MAX},
	{"adopted_by", API_STRING, API_TITLE_MAX},
	{"adopted_on", API_STRING, API_DATE_MAX},
	{"goals", API_STRING, PLAN_TEXT_MAX},
	{"strategies", API_STRING, PLAN_TEXT_MAX},
	{NULL, 0, 0},
};

static const struct api_field activity_plan_spec[] = {
	{"year", API_INT, 0},
	{NULL, 0, 0},
};

static const struct api_field activity_spec[] = {
	{"goals", API_STRING, API_TITLE_MAX},
	{"description", API_STRING, PLAN_TEXT_MAX},
	{"activity", API_STRING, PLAN_TEXT_MAX},
	{"responsible", API_STRING, PLAN_TEXT_MAX},
	{"when_text", API_STRING, API_TITLE_MAX},
	{"level", API_STRING, API_WORD_MAX},
	{"status", API_STRING, API_WORD_MAX},
	{"followup", API_STRING, PLAN_TEXT_MAX},
	{NULL, 0, 0},
};

static int api_group_write(struct http_req *r, bool create);
static int api_meeting_write(struct http_req *r, bool create);
static int api_activity_write(struct http_req *r, bool create);
static int api_activity_body(struct http_req *r, json_t **body, struct activity_in *in);
static int api_function_ids(struct http_req *r, json_t *array, struct activity_in *in);
static int api_meeting_body(struct http_req *r, json_t **body, struct meeting_in *in);
static bool api_is_json(struct http_req *r);
static int api_ids(struct http_req *r, json_t *array, const char *name, const int64_t **out,
		   int *n);
static int api_int_field(struct http_req *r, json_t *body, const char *name, int min,
			 int max, int *out);
static int api_int_query(struct http_req *r, const char *name, int min, int max, int *out);
static int api_path_year(struct http_req *r, int *out);
static bool api_is_value(const char *const *pairs, const char *v);
static bool api_import_type(const char *type);
static void api_reply_import_errors(struct http_req *r, int code,
				    const struct import_result *res);
static void api_group_add(const struct group *g, void *arg);
static void api_cadence_add(const struct group_cadence *c, void *arg);
static void api_meeting_add(const struct meeting *m, void *arg);
static void api_action_add(const struct action_item *a, void *arg);
static void api_coop_plan_add(const struct coop_plan *p, void *arg);
static void api_activity_plan_add(const struct activity_plan *p, void *arg);
static json_t *api_group_json(const struct group *g);
static json_t *api_member_json(const struct group_member *m);
static json_t *api_kinds_json(void);
static json_t *api_cadence_json(const struct group_cadence *c);
static json_t *api_meeting_json(const struct meeting *m);
static json_t *api_items_json(const struct meeting_item *items, int n);
static json_t *api_action_json(const struct action_item *a);
static json_t *api_coop_plan_json(const struct coop_plan *p);
static json_t *api_goals_json(const struct coop_goal *goals, int n);
static json_t *api_activity_plan_json(const struct activity_plan *p, bool with_rows);
static json_t *api_activity_json(const struct activity *a);
static json_t *api_functions_json(const struct plan_function *fs, int n);

/* --- groups ----------------------------------------------------------------------- */

/* GET /groups: every group, with the kinds a group may have. */
int
api_groups_list(struct http_req *r)
{
	json_t *array = json_array();
	int rc = group_list(&r->tx, api_group_add, array, &r->err);

	if (rc != SAMSYN_OK) {
		json_decref(array);
		return rc;
	}
	api_reply(r, 200, json_pack("{s:o,s:o}", "groups", array, "kinds", api_kinds_json()));
	return SAMSYN_OK;
}

/* POST /groups: the creator (staff) becomes its first convener. */
int
api_groups_create(struct http_req *r)
{
	return api_group_write(r, true);
}

/* GET /groups/cadence?year=YYYY: held against required per group (default this year). */
int
api_groups_cadence(struct http_req *r)
{
	char today[11];
	json_t *array;
	int year = 0, rc;

	time_today(today); /* YYYY-MM-DD */
	year = 0;
	for (int i = 0; i < 4; i++)
		year = year * 10 + (today[i] - '0');
	if ((rc = api_int_query(r, "year", API_YEAR_MIN, API_YEAR_MAX, &year)) != SAMSYN_OK)
		return rc;
	array = json_array();
	if ((rc = group_cadence(&r->tx, year, api_cadence_add, array, &r->err)) != SAMSYN_OK) {
		json_decref(array);
		return rc;
	}
	api_reply(r, 200, json_pack("{s:i,s:o}", "year", year, "groups", array));
	return SAMSYN_OK;
}

/* GET /groups/{id} */
int
api_groups_get(struct http_req *r)
{
	struct group g;
	int rc = group_get(&r->tx, r->id[0], &g, &r->err);

	if (rc == SAMSYN_OK)
		api_reply(r, 200, json_pack("{s:o}", "group", api_group_json(&g)));
	return rc;
}

/* PATCH /groups/{id}: the fields given change (conveners and administrators). */
int
api_groups_update(struct http_req *r)
{
	return api_group_write(r, false);
}

/* POST /groups/{id}/members {"user_id" | "function_id", "convener"?} -> the group. */
int
api_groups_add_member(struct http_req *r)
{
	struct group g;
	json_t *body;
	int rc;

	if ((rc = api_body(r, member_spec, &body)) != SAMSYN_OK)
		return rc;
	rc = group_add_member(&r->tx, r->id[0], api_int(body, "user_id"),
			      api_int(body, "function_id"), api_bool(body, "convener"), &r->err);
	json_decref(body);
	if (rc == SAMSYN_OK)
		rc = group_get(&r->tx, r->id[0], &g, &r->err);
	if (rc == SAMSYN_OK)
		api_reply(r, 201, json_pack("{s:o}", "group", api_group_json(&g)));
	return rc;
}

/* DELETE /groups/{id}/members/{id} */
int
api_groups_remove_member(struct http_req *r)
{
	int rc = group_remove_member(&r->tx, r->id[0], r->id[1], &r->err);

	if (rc == SAMSYN_OK)
		api_no_content(r);
	return rc;
}

/* GET /steering/people: the people and functions a convener picks from (members,
 * action-item owners); only names, functions and units.  One read of the directory in
 * the access log. */
int
api_steering_people(struct http_req *r)
{
	json_t *people, *functions;
	struct group_people gp;
	int rc = group_people_list(&r->tx, &gp, &r->err);

	if (rc != SAMSYN_OK)
		return rc;
	people = json_array();
	functions = json_array();
	for (int i = 0; i < gp.npeople; i++)
		json_array_append_new(people,
				      json_pack("{s:I,s:s?,s:s?,s:s?}", "id",
						(json_int_t)gp.people[i].id, "name",
						gp.people[i].name, "function",
						gp.people[i].function, "unit", gp.people[i].unit));
	for (int i = 0; i < gp.nfunctions; i++)
		json_array_append_new(functions,
				      json_pack("{s:I,s:s?}", "id", (json_int_t)gp.functions[i].id,
						"name", gp.functions[i].name));
	api_reply(r, 200, json_pack("{s:o,s:o}", "people", people, "functions", functions));
	return SAMSYN_OK;
}

/* --- meetings and action items ---------------------------------------------------- */

/* GET /groups/{id}/meetings */
int
api_meetings_list(struct http_req *r)
{
	json_t *array = json_array();
	int rc = meeting_list(&r->tx, r->id[0], api_meeting_add, array, &r->err);

	if (rc != SAMSYN_OK) {
		json_decref(array);
		return rc;
	}
	api_reply(r, 200, json_pack("{s:o}", "meetings", array));
	return SAMSYN_OK;
}

/* POST /groups/{id}/meetings */
int
api_meetings_create(struct http_req *r)
{
	return api_meeting_write(r, true);
}

/* GET /meetings/{id} */
int
api_meetings_get(struct http_req *r)
{
	struct meeting m;
	int rc = meeting_get(&r->tx, r->id[0], &m, &r->err);

	if (rc == SAMSYN_OK)
		api_reply(r, 200, json_pack("{s:o}", "meeting", api_meeting_json(&m)));
	return rc;
}

/* PATCH /meetings/{id} */
int
api_meetings_update(struct http_req *r)
{
	return api_meeting_write(r, false);
}

/* POST /meetings/{id}/actions {"text", "owner_user_id"?, "owner_text"?, "due"?,
 * "confirm"?} */
int
api_actions_create(struct http_req *r)
{
	struct action_item out;
	struct action_in in;
	json_t *body;
	int rc;

	if ((rc = api_body(r, action_spec, &body)) != SAMSYN_OK)
		return rc;
	in = (struct action_in){
		.text = api_str(body, "text"),
		.owner_user_id = api_int(body, "owner_user_id"),
		.owner_text = api_str(body, "owner_text"),
		.due = api_str(body, "due"),
		.confirm = api_bool(body, "confirm"),
	};
	if ((rc = action_create(&r->tx, r->id[0], &in, &out, &r->err)) == SAMSYN_OK)
		api_reply(r, 201, json_pack("{s:o}", "action", api_action_json(&out)));
	json_decref(body);
	return rc;
}

/* GET /actions: the open action items of every group, by due day. */
int
api_actions_open(struct http_req *r)
{
	json_t *array = json_array();
	int rc = action_list_open(&r->tx, api_action_add, array, &r->err);

	if (rc != SAMSYN_OK) {
		json_decref(array);
		return rc;
	}
	api_reply(r, 200, json_pack("{s:o}", "actions", array));
	return SAMSYN_OK;
}

/* PATCH /actions/{id} {"done": bool} */
int
api_actions_update(struct http_req *r)
{
	struct action_item out;
	json_t *body;
	int rc;

	if ((rc = api_body(r, done_spec, &body)) != SAMSYN_OK)
		return rc;
	if (!api_has(body, "done"))
		rc = err_set(&r->err, SAMSYN_EINVAL, "done", "Ange done (true eller false).");
	else
		rc = action_set_done(&r->tx, r->id[0], api_bool(body, "done"), &out, &r->err);
	json_decref(body);
	if (rc == SAMSYN_OK)
		api_reply(r, 200, json_pack("{s:o}", "action", api_action_json(&out)));
	return rc;
}

/* --- the cooperation plan --------------------------------------------------------- */

/* GET /coop-plans: every version, the replaced ones too. */
int
api_coop_plans_list(struct http_req *r)
{
	json_t *array = json_array();
	int rc = coop_plan_list(&r->tx, api_coop_plan_add, array, &r->err);

	if (rc != SAMSYN_OK) {
		json_decref(array);
		return rc;
	}
	api_reply(r, 200, json_pack("{s:o}", "coop_plans", array));
	return SAMSYN_OK;
}

/* POST /coop-plans: a new plan, or with "replaces" a new version for a new period. */
int
api_coop_plans_create(struct http_req *r)
{
	struct coop_plan_in in;
	struct coop_plan out;
	json_t *body;
	int rc;

	if ((rc = api_body(r, coop_plan_spec, &body)) != SAMSYN_OK)
		return rc;
	in = (struct coop_plan_in){
		.title = api_str(body, "title"),
		.purpose = api_str(body, "purpose"),
		.adopted_by = api_str(body, "adopted_by"),
		.adopted_on = api_str(body, "adopted_on"),
		.goals = api_str(body, "goals"),
		.strategies = api_str(body, "strategies"),
		.replaces = api_int(body, "replaces"),
	};
	if ((rc = api_int_field(r, body, "first_year", API_YEAR_MIN, API_YEAR_MAX,
				&in.first_year)) == SAMSYN_OK &&
	    (rc = api_int_field(r, body, "last_year", API_YEAR_MIN, API_YEAR_MAX,
				&in.last_year)) == SAMSYN_OK)
		rc = coop_plan_create(&r->tx, &in, &out, &r->err);
	json_decref(body);
	if (rc == SAMSYN_OK)
		api_reply(r, 201, json_pack("{s:o}", "coop_plan", api_coop_plan_json(&out)));
	return rc;
}

/* GET /coop-plans/{id} */
int
api_coop_plans_get(struct http_req *r)
{
	struct coop_plan p;
	int rc = coop_plan_get(&r->tx, r->id[0], &p, &r->err);

	if (rc == SAMSYN_OK)
		api_reply(r, 200, json_pack("{s:o}", "coop_plan", api_coop_plan_json(&p)));
	return rc;
}

/* PATCH /coop-plans/{id}: the fields given change (plan editors; a plan in force). */
int
api_coop_plans_update(struct http_req *r)
{
	struct coop_plan_in in;
	struct coop_plan out;
	json_t *body;
	int rc;

	if ((rc = api_body(r, coop_plan_patch_spec, &body)) != SAMSYN_OK)
		return rc;
	in = (struct coop_plan_in){
		.title = api_str(body, "title"),
		.purpose = api_str(body, "purpose"),
		.adopted_by = api_str(body, "adopted_by"),
		.adopted_on = api_str(body, "adopted_on"),
		.goals = api_str(body, "goals"),
		.strategies = api_str(body, "strategies"),
		.has_title = api_has(body, "title"),
		.has_purpose = api_has(body, "purpose"),
		.has_adopted_by = api_has(body, "adopted_by"),
		.has_adopted_on = api_has(body, "adopted_on"),
		.has_goals = api_has(body, "goals"),
		.has_strategies = api_has(body, "strategies"),
		.has_first_year = api_has(body, "first_year"),
		.has_last_year = api_has(body, "last_year"),
	};
	if ((rc = api_int_field(r, body, "first_year", API_YEAR_MIN, API_YEAR_MAX,
				&in.first_year)) == SAMSYN_OK &&
	    (rc = api_int_field(r, body, "last_year", API_YEAR_MIN, API_YEAR_MAX,
				&in.last_year)) == SAMSYN_OK)
		rc = coop_plan_update(&r->tx, r->id[0], &in, &out, &r->err);
	json_decref(body);
	if (rc == SAMSYN_OK)
		api_reply(r, 200, json_pack("{s:o}", "coop_plan", api_coop_plan_json(&out)));
	return rc;
}

/* --- the activity plan ------------------------------------------------------------ */

/* GET /activity-plans: the plans of every year, without their rows. */
int
api_activity_plans_list(struct http_req *r)
{
	json_t *array = json_array();
	int rc = activity_plan_list(&r->tx, api_activity_plan_add, array, &r->err);

	if (rc != SAMSYN_OK) {
		json_decref(array);
		return rc;
	}
	api_reply(r, 200, json_pack("{s:o}", "activity_plans", array));
	return SAMSYN_OK;
}

/* POST /activity-plans {"year"}: an empty plan under the cooperation plan in force. */
int
api_activity_plans_create(struct http_req *r)
{
	struct activity_plan out;
	json_t *body;
	int year = 0, rc;

	if ((rc = api_body(r, activity_plan_spec, &body)) != SAMSYN_OK)
		return rc;
	if (!api_has(body, "year"))
		rc = err_set(&r->err, SAMSYN_EINVAL, "year", "Ange året planen gäller.");
	else if ((rc = api_int_field(r, body, "year", API_YEAR_MIN, API_YEAR_MAX, &year)) ==
		 SAMSYN_OK)
		rc = activity_plan_create(&r->tx, year, &out, &r->err);
	json_decref(body);
	if (rc == SAMSYN_OK)
		api_reply(r, 201,
			  json_pack("{s:o}", "activity_plan", api_activity_plan_json(&out, true)));
	return rc;
}

/* GET /activity-plans/{year}?goal=&responsible=&responsible_function=&term=&status= */
int
api_activity_plans_get(struct http_req *r)
{
	struct activity_filter f = {0};
	struct activity_plan p;
	const char *fid = http_query(r, "responsible_function");
	bool filtered;
	int year = 0, rc;

	if ((rc = api_path_year(r, &year)) != SAMSYN_OK ||
	    (rc = api_int_query(r, "goal", 1, API_GOAL_MAX, &f.goal)) != SAMSYN_OK)
		return rc;
	if (fid && *fid) {
		char *end = NULL;
		long long v = 0;

		errno = 0;
		if (*fid >= '1' && *fid <= '9')
			v = strtoll(fid, &end, 10);
		if (end == NULL || *end != '\0' || errno != 0 || v <= 0)
			return err_set(&r->err, SAMSYN_EINVAL, "responsible_function",
				       "Ange responsible_function som en funktions id "
				       "(ett heltal).");
		f.responsible_function = v;
	}
	f.responsible = http_query(r, "responsible");
	f.term = http_query(r, "term");
	f.status = http_query(r, "status");
	if (f.responsible && f.responsible[0] == '\0')
		f.responsible = NULL;
	if (f.term && f.term[0] == '\0')
		f.term = NULL;
	if (f.status && f.status[0] == '\0')
		f.status = NULL;
	if (f.responsible && utf8_chars(f.responsible) > API_FILTER_MAX)
		return err_set(&r->err, SAMSYN_EINVAL, "responsible",
			       "Filtret får ha högst %d tecken.", API_FILTER_MAX);
	if (f.term && strcmp(f.term, "vt") != 0 && strcmp(f.term, "ht") != 0 &&
	    strcmp(f.term, "none") != 0)
		return err_set(&r->err, SAMSYN_EINVAL, "term",
			       "Ange termin som vt, ht eller none (utan termin).");
	if (f.status && !api_is_value(activity_statuses, f.status))
		return err_set(&r->err, SAMSYN_EINVAL, "status",
			       "Okänd status: ange planned, ongoing, done eller cancelled.");
	filtered = f.goal || f.responsible || f.responsible_function || f.term || f.status;
	if ((rc = activity_plan_get(&r->tx, year, filtered ? &f : NULL, &p, &r->err)) ==
	    SAMSYN_OK)
		api_reply(r, 200,
			  json_pack("{s:o}", "activity_plan", api_activity_plan_json(&p, true)));
	return rc;
}

/* POST /activity-plans/{year}/activities: a row added last. */
int
api_activities_create(struct http_req *r)
{
	return api_activity_write(r, true);
}

/* POST /activity-plans/{year}/import[?replace=1]: the body is the file itself, CSV or
 * XLSX (the domain tells them apart by their bytes). */
int
api_activity_plans_import(struct http_req *r)
{
	const char *replace = http_query(r, "replace");
	struct import_result res = {0};
	struct activity_plan p;
	int year = 0, rc;

	if ((rc = api_path_year(r, &year)) != SAMSYN_OK)
		return rc;
	if (!api_import_type(http_header(r, "Content-Type")))
		return err_set(&r->err, SAMSYN_EMEDIATYPE, NULL,
			       "Skicka filen som text/csv eller som " XLSX_TYPE ".");
	if (replace && strcmp(replace, "0") != 0 && strcmp(replace, "1") != 0)
		return err_set(&r->err, SAMSYN_EINVAL, "replace", "Ange replace som 0 eller 1.");
	/* The server's max_body usually refuses a larger file before it is read. */
	if (r->body.len > PLAN_IMPORT_MAX_BYTES)
		return err_set(&r->err, SAMSYN_ETOOBIG, NULL,
			       "Filen är större än %u MB.", PLAN_IMPORT_MAX_BYTES >> 20);
	rc = activity_import(&r->tx, year, buf_cstr(&r->body), r->body.len,
			     replace && strcmp(replace, "1") == 0, &res, &r->err);
	if (rc != SAMSYN_OK && res.nerrors > 0) {
		/* The errors of the file, each with its line and column, are more than the
		 * generic renderer (r->err) can say: reply here and mark the reply rendered.
		 * Returning the error keeps the server's rule that a failed handler's writes
		 * are rolled back (the domain writes nothing on error anyway). */
		api_reply_import_errors(r, rc, &res);
		r->rendered = true;
		return rc;
	}
	if (rc == SAMSYN_OK)
		rc = activity_plan_get(&r->tx, year, NULL, &p, &r->err);
	if (rc == SAMSYN_OK)
		api_reply(r, 200,
			  json_pack("{s:i,s:o}", "imported", res.imported, "activity_plan",
				    api_activity_plan_json(&p, true)));
	return rc;
}

/* GET /activity-plans/{year}/export?format=csv|xlsx: the file. */
int
api_activity_plans_export(struct http_req *r)
{
	const char *format = http_query(r, "format");
	bool xlsx;
	int year = 0, rc;

	if ((rc = api_path_year(r, &year)) != SAMSYN_OK)
		return rc;
	if (format == NULL || format[0] == '\0')
		format = "csv";
	if (strcmp(format, "csv") != 0 && strcmp(format, "xlsx") != 0)
		return err_set(&r->err, SAMSYN_EINVAL, "format", "Ange format som csv eller xlsx.");
	xlsx = strcmp(format, "xlsx") == 0;
	buf_reset(&r->out);
	rc = xlsx ? activity_export_xlsx(&r->tx, year, &r->out, &r->err)
		  : activity_export_csv(&r->tx, year, &r->out, &r->err);
	if (rc == SAMSYN_OK) {
		http_reply(r, 200, xlsx ? XLSX_TYPE : "text/csv; charset=utf-8");
		r->content_disposition =
			arena_printf(&r->arena, "attachment; filename=\"aktivitetsplan-%d.%s\"",
				     year, format);
	}
	return rc;
}

/* PATCH /activities/{id}: the fields given change (status and follow-up, usually). */
int
api_activities_update(struct http_req *r)
{
	return api_activity_write(r, false);
}

/* DELETE /activities/{id}: the row is gone, with its goals and functions. */
int
api_activities_delete(struct http_req *r)
{
	int rc = activity_delete(&r->tx, r->id[0], &r->err);

	if (rc == SAMSYN_OK)
		api_no_content(r);
	return rc;
}

/* --- helpers ---------------------------------------------------------------------- */

/* A new row of the year in the path, or a change to the row in the path. */
static int
api_activity_write(struct http_req *r, bool create)
{
	struct activity_in in, functions;
	struct activity out;
	json_t *body;
	int year = 0, rc;

	if (create && (rc = api_path_year(r, &year)) != SAMSYN_OK)
		return rc;
	if ((rc = api_activity_body(r, &body, &functions)) != SAMSYN_OK)
		return rc;
	in = (struct activity_in){
		.function_ids = functions.function_ids,
		.nfunction_ids = functions.nfunction_ids,
		.has_functions = functions.has_functions,
		.goals = api_str(body, "goals"),
		.description = api_str(body, "description"),
		.activity = api_str(body, "activity"),
		.responsible = api_str(body, "responsible"),
		.when_text = api_str(body, "when_text"),
		.level = api_str(body, "level"),
		.status = api_str(body, "status"),
		.followup = api_str(body, "followup"),
		.has_goals = api_has(body, "goals"),
		.has_description = api_has(body, "description"),
		.has_activity = api_has(body, "activity"),
		.has_responsible = api_has(body, "responsible"),
		.has_when = api_has(body, "when_text"),
		.has_level = api_has(body, "level"),
		.has_status = api_has(body, "status"),
		.has_followup = api_has(body, "followup"),
	};
	rc = create ? activity_create(&r->tx, year, &in, &out, &r->err)
		    : activity_update(&r->tx, r->id[0], &in, &out, &r->err);
	json_decref(body);
	if (rc == SAMSYN_OK)
		api_reply(r, create ? 201 : 200,
			  json_pack("{s:o}", "activity", api_activity_json(&out)));
	return rc;
}

/* An activity's body: api_body's checks for every field but "responsible_function_ids",
 * a list of ids that api_body has no type for (taken out first, as a meeting's "present"
 * is).  Fills the function ids of in; the caller reads the rest from *body. */
static int
api_activity_body(struct http_req *r, json_t **body, struct activity_in *in)
{
	json_t *raw, *list = NULL;
	char *rest = NULL;
	int rc;

	*body = NULL;
	*in = (struct activity_in){0};
	raw = api_is_json(r) ? json_loadb(buf_cstr(&r->body), r->body.len,
					  JSON_REJECT_DUPLICATES, NULL)
			     : NULL;
	if (json_is_object(raw))
		list = json_object_get(raw, "responsible_function_ids");
	if (list == NULL) {
		rc = api_body(r, activity_spec, body);
	} else if ((rc = api_function_ids(r, list, in)) == SAMSYN_OK) {
		json_object_del(raw, "responsible_function_ids");
		if ((rest = json_dumps(raw, JSON_COMPACT)) == NULL)
			rc = err_set(&r->err, SAMSYN_EINTERNAL, NULL, NULL);
		else
			rc = api_parse_object(rest, strlen(rest), activity_spec, body, &r->err);
	}
	free(rest);
	json_decref(raw);
	return rc;
}

/* "responsible_function_ids": an array of positive ids (the domain checks each one). */
static int
api_function_ids(struct http_req *r, json_t *array, struct activity_in *in)
{
	int64_t *ids;
	size_t i, count;
	json_t *v;

	if (!json_is_array(array))
		return err_set(&r->err, SAMSYN_EINVAL, "responsible_function_ids",
			       "Fältet ska vara en lista av funktioners id (heltal).");
	count = json_array_size(array);
	if (count > ACTIVITY_MAX_FUNCTIONS)
		return err_set(&r->err, SAMSYN_EINVAL, "responsible_function_ids",
			       "Högst %d funktioner kan vara ansvariga för en aktivitet.",
			       ACTIVITY_MAX_FUNCTIONS);
	ids = arena_alloc(&r->arena, (count ? count : 1) * sizeof(*ids));
	json_array_foreach(array, i, v) {
		if (!json_is_integer(v) || json_integer_value(v) <= 0)
			return err_set(&r->err, SAMSYN_EINVAL, "responsible_function_ids",
				       "Fältet ska vara en lista av funktioners id (heltal).");
		ids[i] = (int64_t)json_integer_value(v);
	}
	in->function_ids = ids;
	in->nfunction_ids = (int)count;
	in->has_functions = true;
	return SAMSYN_OK;
}

static int
api_group_write(struct http_req *r, bool create)
{
	struct group_in in;
	struct group out;
	json_t *body;
	int rc;

	if ((rc = api_body(r, group_spec, &body)) != SAMSYN_OK)
		return rc;
	in = (struct group_in){
		.name = api_str(body, "name"),
		.kind = api_str(body, "kind"),
		.level = api_str(body, "level"),
		.purpose = api_str(body, "purpose"),
		.active = api_bool(body, "active"),
		.has_name = api_has(body, "name"),
		.has_kind = api_has(body, "kind"),
		.has_level = api_has(body, "level"),
		.has_purpose = api_has(body, "purpose"),
		.has_meetings_per_year = api_has(body, "meetings_per_year"),
		.has_active = api_has(body, "active"),
	};
	if (in.has_meetings_per_year)
		rc = api_int_field(r, body, "meetings_per_year", 0, API_CADENCE_MAX,
				   &in.meetings_per_year);
	if (rc == SAMSYN_OK)
		rc = create ? group_create(&r->tx, &in, &out, &r->err)
			    : group_update(&r->tx, r->id[0], &in, &out, &r->err);
	json_decref(body);
	if (rc == SAMSYN_OK)
		api_reply(r, create ? 201 : 200, json_pack("{s:o}", "group", api_group_json(&out)));
	return rc;
}

static int
api_meeting_write(struct http_req *r, bool create)
{
	struct meeting_in in;
	struct meeting out;
	json_t *body;
	int rc;

	if ((rc = api_meeting_body(r, &body, &in)) != SAMSYN_OK)
		return rc;
	rc = create ? meeting_create(&r->tx, r->id[0], &in, &out, &r->err)
		    : meeting_update(&r->tx, r->id[0], &in, &out, &r->err);
	json_decref(body);
	if (rc == SAMSYN_OK)
		api_reply(r, create ? 201 : 200,
			  json_pack("{s:o}", "meeting", api_meeting_json(&out)));
	return rc;
}

/* A meeting's body: api_body's checks for every field but "present", a list of user ids
 * that api_body has no type for.  A body with "present" is parsed here, the list taken
 * out, and the rest checked by api_parse_object; any other body (one that is not a JSON
 * object too) goes to api_body as it is, for the usual checks and errors. */
static int
api_meeting_body(struct http_req *r, json_t **body, struct meeting_in *in)
{
	const int64_t *present = NULL;
	json_t *raw, *list = NULL;
	char *rest = NULL;
	int npresent = 0, rc;

	*body = NULL;
	*in = (struct meeting_in){0};
	raw = api_is_json(r) ? json_loadb(buf_cstr(&r->body), r->body.len,
					  JSON_REJECT_DUPLICATES, NULL)
			     : NULL;
	if (json_is_object(raw))
		list = json_object_get(raw, "present");
	if (list == NULL) {
		rc = api_body(r, meeting_spec, body);
	} else if ((rc = api_ids(r, list, "present", &present, &npresent)) == SAMSYN_OK) {
		json_object_del(raw, "present");
		if ((rest = json_dumps(raw, JSON_COMPACT)) == NULL)
			rc = err_set(&r->err, SAMSYN_EINTERNAL, NULL, NULL);
		else
			rc = api_parse_object(rest, strlen(rest), meeting_spec, body, &r->err);
		in->has_present = true;
	}
	if (rc != SAMSYN_OK)
		goto cleanup;
	in->day = api_str(*body, "day");
	in->title = api_str(*body, "title");
	in->status = api_str(*body, "status");
	in->minutes = api_str(*body, "minutes");
	in->agenda = api_str(*body, "agenda");
	in->decisions = api_str(*body, "decisions");
	in->present = present;
	in->npresent = npresent;
	in->confirm = api_bool(*body, "confirm");
	in->has_day = api_has(*body, "day");
	in->has_title = api_has(*body, "title");
	in->has_status = api_has(*body, "status");
	in->has_minutes = api_has(*body, "minutes");
	in->has_agenda = api_has(*body, "agenda");
	in->has_decisions = api_has(*body, "decisions");
cleanup:
	free(rest);
	json_decref(raw);
	return rc;
}

/* The Content-Type test of api_body (which gives the error when it fails). */
static bool
api_is_json(struct http_req *r)
{
	const char *type = http_header(r, "Content-Type");

	return type && strncmp(type, "application/json", 16) == 0 &&
	       (type[16] == '\0' || type[16] == ';');
}

/* A JSON array of distinct positive ids, copied into the request's arena. */
static int
api_ids(struct http_req *r, json_t *array, const char *name, const int64_t **out, int *n)
{
	int64_t *ids;
	size_t i, count;
	json_t *v;

	if (!json_is_array(array))
		return err_set(&r->err, SAMSYN_EINVAL, name,
			       "Fältet ska vara en lista av användar-id (heltal).");
	count = json_array_size(array);
	if (count > API_PRESENT_MAX)
		return err_set(&r->err, SAMSYN_EINVAL, name, "Listan får ha högst %d id.",
			       API_PRESENT_MAX);
	ids = arena_alloc(&r->arena, (count ? count : 1) * sizeof(*ids));
	json_array_foreach(array, i, v) {
		if (!json_is_integer(v) || json_integer_value(v) <= 0)
			return err_set(&r->err, SAMSYN_EINVAL, name,
				       "Fältet ska vara en lista av användar-id (heltal).");
		ids[i] = (int64_t)json_integer_value(v);
		for (size_t j = 0; j < i; j++)
			if (ids[j] == ids[i])
				return err_set(&r->err, SAMSYN_EINVAL, name,
					       "Samma id står två gånger i listan.");
	}
	*out = ids;
	*n = (int)count;
	return SAMSYN_OK;
}

/* An integer field of a checked body within [min, max]; an absent field leaves *out. */
static int
api_int_field(struct http_req *r, json_t *body, const char *name, int min, int max, int *out)
{
	int64_t v;

	if (!api_has(body, name))
		return SAMSYN_OK;
	v = api_int(body, name);
	if (v < min || v > max)
		return err_set(&r->err, SAMSYN_EINVAL, name, "Ange ett heltal från %d till %d.",
			       min, max);
	*out = (int)v;
	return SAMSYN_OK;
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
		return err_set(&r->err, SAMSYN_EINVAL, name, "Ange %s som ett heltal från %d till %d.",
			       name, min, max);
	*out = (int)n;
	return SAMSYN_OK;
}

/* The year in /activity-plans/{year}; a year no plan can have is not found. */
static int
api_path_year(struct http_req *r, int *out)
{
	if (r->id[0] < API_YEAR_MIN || r->id[0] > API_YEAR_MAX)
		return err_set(&r->err, SAMSYN_ENOTFOUND, NULL,
			       "Det finns ingen aktivitetsplan för det året.");
	*out = (int)r->id[0];
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

/* text/csv or the XLSX type, with parameters allowed after a ';'. */
static bool
api_import_type(const char *type)
{
	static const char *const types[] = {"text/csv", XLSX_TYPE, NULL};

	if (type == NULL)
		return false;
	for (int i = 0; types[i]; i++) {
		size_t n = strlen(types[i]);

		if (strncasecmp(type, types[i], n) == 0 &&
		    (type[n] == '\0' || type[n] == ';' || type[n] == ' '))
			return true;
	}
	return false;
}

/* The error object of docs/API.md (400, or 413 for a file too large once unpacked) and
 * every error of the file. */
static void
api_reply_import_errors(struct http_req *r, int code, const struct import_result *res)
{
	json_t *errors = json_array(), *error;

	for (int i = 0; i < res->nerrors; i++)
		json_array_append_new(errors,
				      json_pack("{s:i,s:i,s:s}", "line", res->errors[i].line,
						"column", res->errors[i].column, "message",
						res->errors[i].message));
	error = json_pack("{s:s,s:s}", "code", err_code_name(code), "message",
			  r->err.message[0] ? r->err.message
					    : "Filen har fel och har inte lästs in.");
	if (r->err.field[0] && utf8_valid(r->err.field, strlen(r->err.field)))
		json_object_set_new(error, "field", json_string(r->err.field));
	api_reply(r, err_http_status(code), json_pack("{s:o,s:o}", "error", error, "errors", errors));
}

static void
api_group_add(const struct group *g, void *arg)
{
	json_array_append_new(arg, api_group_json(g));
}

static void
api_cadence_add(const struct group_cadence *c, void *arg)
{
	json_array_append_new(arg, api_cadence_json(c));
}

static void
api_meeting_add(const struct meeting *m, void *arg)
{
	json_array_append_new(arg, api_meeting_json(m));
}

static void
api_action_add(const struct action_item *a, void *arg)
{
	json_array_append_new(arg, api_action_json(a));
}

static void
api_coop_plan_add(const struct coop_plan *p, void *arg)
{
	json_array_append_new(arg, api_coop_plan_json(p));
}

static void
api_activity_plan_add(const struct activity_plan *p, void *arg)
{
	json_array_append_new(arg, api_activity_plan_json(p, false));
}

static json_t *
api_group_json(const struct group *g)
{
	json_t *members = json_array();

	for (int i = 0; i < g->nmembers; i++)
		json_array_append_new(members, api_member_json(&g->members[i]));
	return json_pack("{s:I,s:s?,s:s?,s:s?,s:i,s:s?,s:b,s:o,s:s?,s:o,s:b,s:s?}", "id",
			 (json_int_t)g->id, "name", g->name, "kind", g->kind, "level", g->level,
			 "meetings_per_year", g->meetings_per_year, "purpose", g->purpose, "active",
			 g->active, "created_at", api_time(g->created_at), "closed_on",
			 g->closed_on, "members", members, "can_edit", g->can_edit,
			 "convener_warning", g->convener_warning);
}

static json_t *
api_member_json(const struct group_member *m)
{
	return json_pack("{s:I,s:o,s:s?,s:o,s:s?,s:b}", "id", (json_int_t)m->id, "user_id",
			 api_id(m->user_id), "user_name", m->user_id ? m->user_name : NULL,
			 "function_id", api_id(m->function_id), "function_name",
			 m->function_id ? m->function_name : NULL, "convener", m->convener);
}

static json_t *
api_kinds_json(void)
{
	json_t *array = json_array();

	for (const struct group_kind *k = group_kinds; k->kind; k++)
		json_array_append_new(array,
				      json_pack("{s:s,s:s?,s:s?,s:i}", "kind", k->kind, "label",
						k->label, "level", k->level, "meetings_per_year",
						k->meetings_per_year));
	return array;
}

static json_t *
api_cadence_json(const struct group_cadence *c)
{
	return json_pack("{s:I,s:s?,s:s?,s:s?,s:s?,s:i,s:i,s:i,s:i}", "group_id",
			 (json_int_t)c->group_id, "name", c->name, "kind", c->kind, "level",
			 c->level, "closed_on", c->closed_on, "required", c->required, "held",
			 c->held, "planned", c->planned, "gap", c->gap);
}

static json_t *
api_meeting_json(const struct meeting *m)
{
	json_t *attendance = json_array(), *actions = json_array();

	for (int i = 0; i < m->nattendance; i++)
		json_array_append_new(attendance,
				      json_pack("{s:I,s:s?,s:b,s:b}", "user_id",
						(json_int_t)m->attendance[i].user_id, "user_name",
						m->attendance[i].user_name, "present",
						m->attendance[i].present, "member",
						m->attendance[i].member));
	for (int i = 0; i < m->nactions; i++)
		json_array_append_new(actions, api_action_json(&m->actions[i]));
	return json_pack("{s:I,s:I,s:s?,s:s?,s:s?,s:s?,s:s?,s:o,s:o,s:o,s:o,s:b}", "id",
			 (json_int_t)m->id, "group_id", (json_int_t)m->group_id, "group_name",
			 m->group_name, "day", m->day, "title", m->title, "status", m->status,
			 "minutes", m->minutes, "agenda", api_items_json(m->agenda, m->nagenda),
			 "decisions", api_items_json(m->decisions, m->ndecisions), "attendance",
			 attendance, "actions", actions, "can_edit", m->can_edit);
}

static json_t *
api_items_json(const struct meeting_item *items, int n)
{
	json_t *array = json_array();

	for (int i = 0; i < n; i++)
		json_array_append_new(array, json_pack("{s:I,s:s?}", "id", (json_int_t)items[i].id,
						       "text", items[i].text));
	return array;
}

static json_t *
api_action_json(const struct action_item *a)
{
	return json_pack("{s:I,s:I,s:I,s:s?,s:s?,s:s?,s:o,s:s?,s:s?,s:o,s:b,s:b}", "id",
			 (json_int_t)a->id, "meeting_id", (json_int_t)a->meeting_id, "group_id",
			 (json_int_t)a->group_id, "group_name", a->group_name, "meeting_day",
			 a->meeting_day, "text", a->text, "owner_user_id", api_id(a->owner_user_id),
			 "owner_name", a->owner_name, "due", a->due, "done_at",
			 api_time(a->done_at), "done", a->done_at != NULL, "overdue", a->overdue);
}

static json_t *
api_coop_plan_json(const struct coop_plan *p)
{
	json_t *o = json_pack("{s:I,s:s?,s:i,s:i,s:s?,s:s?,s:s?,s:o,s:o,s:b}", "id",
			      (json_int_t)p->id, "title", p->title, "first_year", p->first_year,
			      "last_year", p->last_year, "purpose", p->purpose, "adopted_by",
			      p->adopted_by, "adopted_on", p->adopted_on, "replaces",
			      api_id(p->replaces), "replaced_by", api_id(p->replaced_by),
			      "in_force", p->replaced_by == 0);

	json_object_update_new(o, json_pack("{s:o,s:o,s:b,s:o,s:b}", "goals",
					    api_goals_json(p->goals, p->ngoals), "strategies",
					    api_goals_json(p->strategies, p->nstrategies),
					    "revise_soon", p->revise_soon, "created_at",
					    api_time(p->created_at), "can_edit", p->can_edit));
	return o;
}

static json_t *
api_goals_json(const struct coop_goal *goals, int n)
{
	json_t *array = json_array();

	for (int i = 0; i < n; i++)
		json_array_append_new(array, json_pack("{s:i,s:s?}", "number", goals[i].number,
						       "text", goals[i].text));
	return array;
}

static json_t *
api_activity_plan_json(const struct activity_plan *p, bool with_rows)
{
	json_t *o = json_pack("{s:I,s:i,s:o,s:s?,s:b}", "id", (json_int_t)p->id, "year", p->year,
			      "coop_plan_id", api_id(p->coop_plan_id), "coop_plan_title",
			      p->coop_plan_title, "can_edit", p->can_edit);

	if (with_rows) {
		json_t *rows = json_array();

		for (int i = 0; i < p->nrows; i++)
			json_array_append_new(rows, api_activity_json(&p->rows[i]));
		json_object_set_new(o, "rows", rows);
	}
	return o;
}

static json_t *
api_activity_json(const struct activity *a)
{
	json_t *numbers = json_array();
	int n = a->ngoal_numbers;

	if (n > (int)(sizeof(a->goal_numbers) / sizeof(a->goal_numbers[0])))
		n = (int)(sizeof(a->goal_numbers) / sizeof(a->goal_numbers[0]));
	for (int i = 0; i < n; i++)
		json_array_append_new(numbers, json_integer(a->goal_numbers[i]));
	return json_pack("{s:I,s:i,s:s?,s:o,s:s?,s:s?,s:s?,s:o,s:s?,s:s?,s:s?,s:s?,s:s?,s:o}",
			 "id", (json_int_t)a->id, "position", a->position, "goals", a->goals,
			 "goal_numbers", numbers, "description", a->description, "activity",
			 a->activity, "responsible", a->responsible, "responsible_functions",
			 api_functions_json(a->functions, a->nfunctions), "when_text",
			 a->when_text, "term", a->term, "level", a->level, "status", a->status,
			 "followup", a->followup, "updated_at", api_time(a->updated_at));
}

static json_t *
api_functions_json(const struct plan_function *fs, int n)
{
	json_t *array = json_array();

	for (int i = 0; i < n; i++)
		json_array_append_new(array, json_pack("{s:I,s:s?}", "id", (json_int_t)fs[i].id,
						       "name", fs[i].name));
	return array;
}
