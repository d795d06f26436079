/* api_report.c - reports of concern (orosanmälningar) and the child registry.
 *
 * Who may do what is the domain's business (src/domain/access.h): these handlers parse,
 * call and render.  Personal data never travels in a URL: a search by personnummer is a
 * POST with the number in the body. */
#include <string.h>

#include "api/api.h"
#include "api/api_report.h"
#include "api/api_routes.h"

#define API_PNR_MAX 20  /* "YYYYMMDD-NNNN" and a little room for spaces */
#define API_DATE_MAX 20 /* YYYY-MM-DD; the domain says what is wrong with it */
#define API_WORD_MAX 40 /* an enumerated value */
#define API_TIME_MAX 40 /* a stored time or "YYYY-MM-DDTHH:MM" */
#define API_QUERY_MAX CHILD_NAME_MAX
#define API_GUARDIAN_PHONE_MAX 40

/* A report's content, as POST /reports and PATCH /reports/{id} take it. */
static const struct api_field report_spec[] = {
	{"child_pnr", API_STRING, API_PNR_MAX},
	{"child_name", API_STRING, CHILD_NAME_MAX},
	{"child_birth_date", API_STRING, API_DATE_MAX},
	{"child_school", API_STRING, CHILD_SCHOOL_MAX},
	{"category", API_STRING, API_WORD_MAX},
	{"observed", API_STRING, REPORT_TEXT_MAX},
	{"child_words", API_STRING, REPORT_TEXT_MAX},
	{"guardians_know", API_STRING, API_WORD_MAX},
	{"urgency", API_STRING, API_WORD_MAX},
	{"reporter_phone", API_STRING, REPORT_PHONE_MAX},
	{"client_key", API_STRING, REPORT_KEY_MAX},
	{NULL, 0, 0},
};

static const struct api_field correction_spec[] = {
	{"child_pnr", API_STRING, API_PNR_MAX},
	{"child_name", API_STRING, CHILD_NAME_MAX},
	{"child_birth_date", API_STRING, API_DATE_MAX},
	{"child_school", API_STRING, CHILD_SCHOOL_MAX},
	{"received_at", API_STRING, API_TIME_MAX},
	{"category", API_STRING, API_WORD_MAX},
	{"observed", API_STRING, REPORT_TEXT_MAX},
	{"child_words", API_STRING, REPORT_TEXT_MAX},
	{"reason", API_STRING, REPORT_REASON_MAX},
	{NULL, 0, 0},
};

static const struct api_field child_spec[] = {
	{"name", API_STRING, CHILD_NAME_MAX},
	{"address", API_STRING, CHILD_ADDRESS_MAX},
	{"school_name", API_STRING, CHILD_SCHOOL_MAX},
	{"school_unit_id", API_ID_OR_NULL, 0},
	{"protected_identity", API_BOOL, 0},
	{NULL, 0, 0},
};

static const struct api_field guardian_spec[] = {
	{"name", API_STRING, CHILD_NAME_MAX},
	{"phone", API_STRING, API_GUARDIAN_PHONE_MAX},
	{"custody", API_BOOL, 0},
	{NULL, 0, 0},
};

static const struct api_field search_spec[] = {
	{"q", API_STRING, API_QUERY_MAX},
	{NULL, 0, 0},
};

static const struct api_field no_fields[] = {{NULL, 0, 0}};

static const char *api_pick(json_t *body, const char *name, const char *old);
static void api_report_in_from(const struct report *rep, struct report_in *in);
static void api_report_in(json_t *body, struct report_in *in);
static void api_correction_in(json_t *body, struct report_correction *in);
static json_t *api_report_json(const struct report *rep);
static json_t *api_version_json(const struct report_version *v, bool hide_school);
static json_t *api_feedback_json(const struct report *rep);
static json_t *api_line_json(const struct report_line *l);
static json_t *api_guardian_json(const struct guardian *g);
static void api_line_add(const struct report_line *l, void *arg);
static void api_version_add(const struct report_version *v, void *arg);
static void api_child_add(const struct child *c, void *arg);
static void api_investigation_add(const struct investigation *inv, void *arg);
static void api_reply_report(struct http_req *r, int status, const struct report *rep);

/* GET /reports: the actor's own reports. */
int
api_reports_mine(struct http_req *r)
{
	json_t *array = json_array();
	int rc = report_list_mine(&r->tx, api_line_add, array, &r->err);

	if (rc != SAMSYN_OK) {
		json_decref(array);
		return rc;
	}
	api_reply(r, 200, json_pack("{s:o}", "reports", array));
	return SAMSYN_OK;
}

/* POST /reports: a new draft (201), or the draft made earlier with the same client_key
 * (200), so that a client may safely send the same create twice. */
int
api_reports_create(struct http_req *r)
{
	struct report_in in = {0};
	struct report rep;
	bool existed = false;
	json_t *body;
	int rc;

	if ((rc = api_body(r, report_spec, &body)) != SAMSYN_OK)
		return rc;
	api_report_in(body, &in);
	in.client_key = api_str(body, "client_key");
	rc = report_create_draft(&r->tx, &in, &rep, &existed, &r->err);
	if (rc == SAMSYN_OK)
		api_reply_report(r, existed ? 200 : 201, &rep);
	json_decref(body);
	return rc;
}

/* GET /reports/{id}.  The reporter's read marks the feedback read (report_get does). */
int
api_reports_get(struct http_req *r)
{
	struct report rep;
	int rc = report_get(&r->tx, r->id[0], &rep, &r->err);

	if (rc == SAMSYN_OK)
		api_reply_report(r, 200, &rep);
	return rc;
}

/* PATCH /reports/{id}: the fields given change, the others keep the draft's value. */
int
api_reports_update(struct http_req *r)
{
	struct report_in in;
	struct report cur, rep;
	json_t *body;
	int rc;

	if ((rc = api_body(r, report_spec, &body)) != SAMSYN_OK)
		return rc;
	if (api_has(body, "client_key"))
		rc = err_set(&r->err, SAMSYN_EUNKNOWNFIELD, "client_key",
			     "Nyckeln (client_key) anges bara när utkastet skapas.");
	else
		rc = report_get(&r->tx, r->id[0], &cur, &r->err);
	if (rc == SAMSYN_OK) {
		api_report_in_from(&cur, &in);
		api_report_in(body, &in);
		rc = report_update_draft(&r->tx, r->id[0], &in, &rep, &r->err);
	}
	if (rc == SAMSYN_OK)
		api_reply_report(r, 200, &rep);
	json_decref(body);
	return rc;
}

/* DELETE /reports/{id}: only a draft, only by its author. */
int
api_reports_delete(struct http_req *r)
{
	int rc = report_delete_draft(&r->tx, r->id[0], &r->err);

	if (rc == SAMSYN_OK)
		api_no_content(r);
	return rc;
}

/* POST /reports/{id}/submit: no fields; the reply has the number and time of receipt. */
int
api_reports_submit(struct http_req *r)
{
	struct report rep;
	json_t *body;
	int rc;

	if ((rc = api_body_or_empty(r, no_fields, &body)) != SAMSYN_OK)
		return rc;
	json_decref(body);
	if ((rc = report_submit(&r->tx, r->id[0], &rep, &r->err)) == SAMSYN_OK)
		api_reply_report(r, 200, &rep);
	return rc;
}

/* GET /reports/{id}/versions: every version, oldest first (intake staff). */
int
api_reports_versions(struct http_req *r)
{
	json_t *array = json_array();
	int rc = report_versions(&r->tx, r->id[0], api_version_add, array, &r->err);

	if (rc != SAMSYN_OK) {
		json_decref(array);
		return rc;
	}
	api_reply(r, 200, json_pack("{s:o}", "versions", array));
	return SAMSYN_OK;
}

/* POST /reports/{id}/corrections: a new version with a reason (intake staff). */
int
api_reports_correct(struct http_req *r)
{
	struct report_correction in;
	struct report rep;
	json_t *body;
	int rc;

	if ((rc = api_body(r, correction_spec, &body)) != SAMSYN_OK)
		return rc;
	api_correction_in(body, &in);
	if ((rc = report_correct(&r->tx, r->id[0], &in, &rep, &r->err)) == SAMSYN_OK)
		api_reply_report(r, 200, &rep);
	json_decref(body);
	return rc;
}

/* POST /children/search {"q"}: by personnummer digits or name (intake staff). */
int
api_children_search(struct http_req *r)
{
	json_t *body, *array;
	int rc;

	if ((rc = api_body(r, search_spec, &body)) != SAMSYN_OK)
		return rc;
	array = json_array();
	rc = child_search(&r->tx, api_str(body, "q") ? api_str(body, "q") : "", api_child_add,
			  array, &r->err);
	json_decref(body);
	if (rc != SAMSYN_OK) {
		json_decref(array);
		return rc;
	}
	api_reply(r, 200, json_pack("{s:o}", "children", array));
	return SAMSYN_OK;
}

/* GET /children/{id}: the child, its reports (without those the searchability rule
 * hides) and its open investigations. */
int
api_children_get(struct http_req *r)
{
	json_t *reports = json_array(), *investigations = json_array();
	struct child c;
	int rc;

	if ((rc = child_get(&r->tx, r->id[0], &c, &r->err)) != SAMSYN_OK ||
	    (rc = report_list_for_child(&r->tx, c.id, api_line_add, reports, &r->err)) !=
		    SAMSYN_OK ||
	    (rc = investigation_list_open(&r->tx, c.id, api_investigation_add, investigations,
					  &r->err)) != SAMSYN_OK) {
		json_decref(reports);
		json_decref(investigations);
		return rc;
	}
	api_reply(r, 200, json_pack("{s:o,s:o,s:o}", "child", api_child_json(&c), "reports",
				    reports, "investigations", investigations));
	return SAMSYN_OK;
}

/* PATCH /children/{id}: any of name, address, school, protected identity. */
int
api_children_update(struct http_req *r)
{
	struct child_update in;
	struct child c;
	json_t *body;
	int rc;

	if ((rc = api_body(r, child_spec, &body)) != SAMSYN_OK)
		return rc;
	in = (struct child_update){
		.name = api_str(body, "name"),
		.address = api_str(body, "address"),
		.school_name = api_str(body, "school_name"),
		.school_unit_id = api_int(body, "school_unit_id"),
		.protected_identity = api_bool(body, "protected_identity"),
		.has_name = api_has(body, "name"),
		.has_address = api_has(body, "address"),
		.has_school_name = api_has(body, "school_name"),
		.has_school_unit = api_has(body, "school_unit_id"),
		.has_protected = api_has(body, "protected_identity"),
	};
	if ((rc = child_update(&r->tx, r->id[0], &in, &c, &r->err)) == SAMSYN_OK)
		api_reply(r, 200, json_pack("{s:o}", "child", api_child_json(&c)));
	json_decref(body);
	return rc;
}

/* POST /children/{id}/guardians: custody is true unless the body says false. */
int
api_children_guardian(struct http_req *r)
{
	struct guardian g;
	json_t *body;
	int rc;

	if ((rc = api_body(r, guardian_spec, &body)) != SAMSYN_OK)
		return rc;
	rc = child_add_guardian(&r->tx, r->id[0], api_str(body, "name"), api_str(body, "phone"),
				api_has(body, "custody") ? api_bool(body, "custody") : true, &g,
				&r->err);
	if (rc == SAMSYN_OK)
		api_reply(r, 201, json_pack("{s:o}", "guardian", api_guardian_json(&g)));
	json_decref(body);
	return rc;
}

json_t *
api_nullable(const char *s)
{
	return s ? json_string(s) : json_null();
}

int
api_body_or_empty(struct http_req *r, const struct api_field *spec, json_t **out)
{
	if (r->body.len == 0) {
		*out = json_object();
		return SAMSYN_OK;
	}
	return api_body(r, spec, out);
}

json_t *
api_child_json(const struct child *c)
{
	bool hidden = c->details_hidden;
	json_t *guardians = json_array();

	for (int i = 0; i < c->nguardians; i++)
		json_array_append_new(guardians, api_guardian_json(&c->guardians[i]));
	return json_pack("{s:I,s:s?,s:s?,s:s?,s:s?,s:s?,s:i,s:b,s:b,s:s?,s:o,s:s?,s:o,s:o}",
			 "id", (json_int_t)c->id, "pnr", c->pnr, "pnr_display", c->pnr_display,
			 "id_kind", c->id_kind, "name", c->name, "birth_date", c->birth_date,
			 "age", c->age, "protected_identity", c->protected_identity,
			 "details_hidden", hidden, "address", hidden ? NULL : c->address,
			 "school_unit_id", hidden ? json_null() : api_id(c->school_unit_id),
			 "school_name", hidden ? NULL : c->school_name, "guardians", guardians,
			 "created_at", api_time(c->created_at));
}

/* A field given in body replaces old; an absent one keeps it. */
static const char *
api_pick(json_t *body, const char *name, const char *old)
{
	return api_has(body, name) ? api_str(body, name) : old;
}

/* A draft's content as report_update_draft takes it. */
static void
api_report_in_from(const struct report *rep, struct report_in *in)
{
	const struct report_version *v = &rep->cur;

	*in = (struct report_in){
		.child = {.pnr = v->child_pnr,
			  .name = v->child_name,
			  .birth_date = v->child_birth_date,
			  .school_name = v->child_school},
		.category = v->category,
		.observed = v->observed,
		.child_words = v->child_words,
		.guardians_know = v->guardians_know,
		.urgency = v->urgency,
		.reporter_phone = rep->reporter_phone,
	};
}

static void
api_report_in(json_t *body, struct report_in *in)
{
	in->child.pnr = api_pick(body, "child_pnr", in->child.pnr);
	in->child.name = api_pick(body, "child_name", in->child.name);
	in->child.birth_date = api_pick(body, "child_birth_date", in->child.birth_date);
	in->child.school_name = api_pick(body, "child_school", in->child.school_name);
	in->category = api_pick(body, "category", in->category);
	in->observed = api_pick(body, "observed", in->observed);
	in->child_words = api_pick(body, "child_words", in->child_words);
	in->guardians_know = api_pick(body, "guardians_know", in->guardians_know);
	in->urgency = api_pick(body, "urgency", in->urgency);
	in->reporter_phone = api_pick(body, "reporter_phone", in->reporter_phone);
}

/* Any child_* field corrects the child as a whole: the fields not given are empty. */
static void
api_correction_in(json_t *body, struct report_correction *in)
{
	*in = (struct report_correction){
		.child = {.pnr = api_str(body, "child_pnr"),
			  .name = api_str(body, "child_name"),
			  .birth_date = api_str(body, "child_birth_date"),
			  .school_name = api_str(body, "child_school")},
		.received_at = api_str(body, "received_at"),
		.category = api_str(body, "category"),
		.observed = api_str(body, "observed"),
		.child_words = api_str(body, "child_words"),
		.reason = api_str(body, "reason"),
		.child_school = api_str(body, "child_school"),
		.has_child = api_has(body, "child_pnr") || api_has(body, "child_name") ||
			     api_has(body, "child_birth_date"),
		.has_child_school = api_has(body, "child_school"),
		.has_received_at = api_has(body, "received_at"),
		.has_category = api_has(body, "category"),
		.has_observed = api_has(body, "observed"),
		.has_child_words = api_has(body, "child_words"),
	};
}

static void
api_reply_report(struct http_req *r, int status, const struct report *rep)
{
	api_reply(r, status, json_pack("{s:o}", "report", api_report_json(rep)));
}

static json_t *
api_report_json(const struct report *rep)
{
	json_t *o = json_pack("{s:I,s:s?,s:s?,s:o,s:o,s:b,s:i}", "id", (json_int_t)rep->id,
			      "number", rep->number, "status", rep->status, "created_at",
			      api_time(rep->created_at), "submitted_at",
			      api_time(rep->submitted_at), "hidden", rep->hidden, "nversions",
			      rep->nversions);

	json_object_update_new(
		o, json_pack("{s:o,s:s?,s:s?,s:o,s:s?,s:s?}", "reporter_id",
			     api_id(rep->reporter_id), "reporter_name", rep->reporter_name,
			     "reporter_email", rep->reporter_email, "reporter_unit_id",
			     api_id(rep->reporter_unit_id), "reporter_unit_name",
			     rep->reporter_unit_name, "reporter_phone", rep->reporter_phone));
	/* The school the reporter typed must not show what the registry hides. */
	json_object_set_new(o, "content", api_version_json(&rep->cur, rep->child.details_hidden));
	json_object_set_new(o, "child", rep->child.id ? api_child_json(&rep->child) : json_null());
	json_object_set_new(o, "feedback", api_feedback_json(rep));
	return o;
}

static json_t *
api_version_json(const struct report_version *v, bool hide_school)
{
	return json_pack("{s:i,s:o,s:s?,s:s?,s:s?,s:s?,s:o,s:s?,s:s?,s:s?,s:s?,s:s?,s:s?,s:o,"
			 "s:s?,s:o}",
			 "version", v->version, "child_id", api_id(v->child_id), "child_pnr",
			 v->child_pnr, "child_name", v->child_name, "child_birth_date",
			 v->child_birth_date, "child_school", hide_school ? NULL : v->child_school,
			 "received_at", api_time(v->received_at), "category", v->category,
			 "observed", v->observed, "child_words", v->child_words, "guardians_know",
			 v->guardians_know, "urgency", v->urgency, "reason", v->reason, "made_by",
			 api_id(v->made_by), "made_by_name", v->made_by_name, "made_at",
			 api_time(v->made_at));
}

static json_t *
api_feedback_json(const struct report *rep)
{
	if (rep->feedback_outcome == NULL)
		return json_null();
	return json_pack("{s:s,s:s?,s:o,s:o}", "outcome", rep->feedback_outcome, "message",
			 rep->feedback_message, "sent_at", api_time(rep->feedback_sent_at),
			 "read_at", api_time(rep->feedback_read_at));
}

static json_t *
api_line_json(const struct report_line *l)
{
	return json_pack("{s:I,s:s?,s:s?,s:o,s:o,s:s?,s:s?,s:s?,s:s?,s:b}", "id",
			 (json_int_t)l->id, "number", l->number, "status", l->status,
			 "received_at", api_time(l->received_at), "created_at",
			 api_time(l->created_at), "category", l->category, "urgency", l->urgency,
			 "child_name", l->child_name, "feedback_outcome", l->feedback_outcome,
			 "feedback_unread", l->feedback_unread);
}

static json_t *
api_guardian_json(const struct guardian *g)
{
	return json_pack("{s:I,s:s?,s:s?,s:b}", "id", (json_int_t)g->id, "name", g->name,
			 "phone", g->phone, "custody", g->custody);
}

static void
api_line_add(const struct report_line *l, void *arg)
{
	json_array_append_new(arg, api_line_json(l));
}

static void
api_version_add(const struct report_version *v, void *arg)
{
	json_array_append_new(arg, api_version_json(v, false));
}

static void
api_child_add(const struct child *c, void *arg)
{
	json_array_append_new(arg, api_child_json(c));
}

static void
api_investigation_add(const struct investigation *inv, void *arg)
{
	json_array_append_new(arg, api_investigation_json(inv));
}
