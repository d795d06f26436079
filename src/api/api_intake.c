/* api_intake.c - social services' intake (mottagning) of submitted reports: the
 * protection assessment, the pre-assessment decision, meeting, guardians, feedback, the
 * inbox, and investigations.  Intake staff only; the domain checks and logs
 * (src/domain/access.h). */
#include <errno.h>
#include <stdlib.h>

#include "api/api.h"
#include "api/api_report.h"
#include "api/api_routes.h"

#define API_TIME_MAX 40 /* a stored time or "YYYY-MM-DDTHH:MM" */
#define API_WORD_MAX 40
#define API_MEETING_TO_MAX 60   /* "child,guardian,reporter" */
#define API_FEEDBACK_MAX 2000   /* a short note; never details of the investigation */
#define API_INBOX_DEFAULT 100
#define API_INBOX_MAX 1000

static const struct api_field protection_spec[] = {
	{"at", API_STRING, API_TIME_MAX},
	{"needed", API_BOOL, 0},
	{"reasoning", API_STRING, INTAKE_TEXT_MAX},
	{NULL, 0, 0},
};

static const struct api_field decision_spec[] = {
	{"at", API_STRING, API_TIME_MAX},
	{"decision", API_STRING, API_WORD_MAX},
	{"reasons", API_STRING, INTAKE_TEXT_MAX},
	{"child_heard", API_BOOL, 0},
	{"child_not_heard_reason", API_STRING, INTAKE_TEXT_MAX},
	{"exceptional_reason", API_STRING, INTAKE_TEXT_MAX},
	{"investigation_id", API_ID_OR_NULL, 0},
	{NULL, 0, 0},
};

static const struct api_field meeting_spec[] = {
	{"at", API_STRING, API_TIME_MAX},
	{"to", API_STRING, API_MEETING_TO_MAX},
	{NULL, 0, 0},
};

static const struct api_field at_spec[] = {
	{"at", API_STRING, API_TIME_MAX},
	{NULL, 0, 0},
};

static const struct api_field feedback_spec[] = {
	{"message", API_STRING, API_FEEDBACK_MAX},
	{NULL, 0, 0},
};

static const struct api_field extension_spec[] = {
	{"at", API_STRING, API_TIME_MAX},
	{"reasons", API_STRING, INTAKE_TEXT_MAX},
	{"new_end", API_STRING, API_WORD_MAX},
	{NULL, 0, 0},
};

static const char *const inbox_kinds[] = {
	[INBOX_PROTECTION] = "protection",
	[INBOX_DECISION] = "decision",
	[INBOX_FEEDBACK] = "feedback",
	[INBOX_INVESTIGATION] = "investigation",
};

/* One recording step: the domain call for a parsed body. */
typedef int (*api_intake_step)(struct http_req *r, json_t *body, struct intake *out);
typedef int (*api_investigation_step)(struct http_req *r, json_t *body,
				      struct investigation *out);

static int api_intake_write(struct http_req *r, const struct api_field *spec,
			    api_intake_step step);
static int api_investigation_write(struct http_req *r, const struct api_field *spec,
				   api_investigation_step step);
static int api_step_protection(struct http_req *r, json_t *body, struct intake *out);
static int api_step_decision(struct http_req *r, json_t *body, struct intake *out);
static int api_step_meeting(struct http_req *r, json_t *body, struct intake *out);
static int api_step_guardians(struct http_req *r, json_t *body, struct intake *out);
static int api_step_feedback(struct http_req *r, json_t *body, struct intake *out);
static int api_step_extend(struct http_req *r, json_t *body, struct investigation *out);
static int api_step_close(struct http_req *r, json_t *body, struct investigation *out);
static int api_inbox_limit(struct http_req *r, int *out);
static void api_inbox_add(const struct inbox_line *l, void *arg);
static void api_reply_investigation(struct http_req *r, const struct investigation *inv);
static json_t *api_counts_json(const struct inbox_counts *c);
static json_t *api_intake_json(const struct intake *in);
static json_t *api_due_json(const struct intake_due *d);
static json_t *api_tristate(int v);
static json_t *api_extension_json(const struct investigation_extension *x);

/* GET /reports/{id}/intake */
int
api_intake_get(struct http_req *r)
{
	struct intake in;
	int rc = intake_get(&r->tx, r->id[0], &in, &r->err);

	if (rc == SAMSYN_OK)
		api_reply(r, 200, json_pack("{s:o}", "intake", api_intake_json(&in)));
	return rc;
}

/* POST /reports/{id}/protection {"at"?, "needed", "reasoning"} */
int
api_intake_protection(struct http_req *r)
{
	return api_intake_write(r, protection_spec, api_step_protection);
}

/* POST /reports/{id}/decision {"at"?, "decision", "reasons", "child_heard", ...} */
int
api_intake_decision(struct http_req *r)
{
	return api_intake_write(r, decision_spec, api_step_decision);
}

/* POST /reports/{id}/meeting {"at"?, "to"} */
int
api_intake_meeting(struct http_req *r)
{
	return api_intake_write(r, meeting_spec, api_step_meeting);
}

/* POST /reports/{id}/guardians-informed {"at"?} */
int
api_intake_guardians(struct http_req *r)
{
	return api_intake_write(r, at_spec, api_step_guardians);
}

/* POST /reports/{id}/feedback {"message"?} */
int
api_intake_feedback(struct http_req *r)
{
	return api_intake_write(r, feedback_spec, api_step_feedback);
}

/* GET /intake/inbox?limit=N */
int
api_intake_inbox(struct http_req *r)
{
	struct inbox_counts counts = {0};
	json_t *lines;
	int limit, rc;

	if ((rc = api_inbox_limit(r, &limit)) != SAMSYN_OK)
		return rc;
	lines = json_array();
	if ((rc = intake_inbox(&r->tx, limit, api_inbox_add, lines, &counts, &r->err)) !=
	    SAMSYN_OK) {
		json_decref(lines);
		return rc;
	}
	api_reply(r, 200,
		  json_pack("{s:o,s:o}", "counts", api_counts_json(&counts), "lines", lines));
	return SAMSYN_OK;
}

/* GET /investigations/{id} */
int
api_investigations_get(struct http_req *r)
{
	struct investigation inv;
	int rc = investigation_get(&r->tx, r->id[0], &inv, &r->err);

	if (rc == SAMSYN_OK)
		api_reply_investigation(r, &inv);
	return rc;
}

/* POST /investigations/{id}/extensions {"at"?, "reasons", "new_end"} */
int
api_investigations_extend(struct http_req *r)
{
	return api_investigation_write(r, extension_spec, api_step_extend);
}

/* POST /investigations/{id}/close {"at"?} */
int
api_investigations_close(struct http_req *r)
{
	return api_investigation_write(r, at_spec, api_step_close);
}

json_t *
api_investigation_json(const struct investigation *inv)
{
	json_t *extensions = json_array();

	for (int i = 0; i < inv->nextensions; i++)
		json_array_append_new(extensions, api_extension_json(&inv->extensions[i]));
	return json_pack("{s:I,s:o,s:o,s:o,s:s?,s:s?,s:o,s:o}", "id", (json_int_t)inv->id,
			 "child_id", api_id(inv->child_id), "opened_at", api_time(inv->opened_at),
			 "opened_by", api_id(inv->opened_by), "basis", inv->basis, "end_date",
			 inv->end_date, "closed_at", api_time(inv->closed_at), "extensions",
			 extensions);
}

/* Parses the body (an empty one is {}), runs step and replies with the intake record. */
static int
api_intake_write(struct http_req *r, const struct api_field *spec, api_intake_step step)
{
	struct intake out;
	json_t *body;
	int rc;

	if ((rc = api_body_or_empty(r, spec, &body)) != SAMSYN_OK)
		return rc;
	if ((rc = step(r, body, &out)) == SAMSYN_OK)
		api_reply(r, 200, json_pack("{s:o}", "intake", api_intake_json(&out)));
	json_decref(body);
	return rc;
}

static int
api_investigation_write(struct http_req *r, const struct api_field *spec,
			api_investigation_step step)
{
	struct investigation out;
	json_t *body;
	int rc;

	if ((rc = api_body_or_empty(r, spec, &body)) != SAMSYN_OK)
		return rc;
	if ((rc = step(r, body, &out)) == SAMSYN_OK)
		api_reply_investigation(r, &out);
	json_decref(body);
	return rc;
}

static int
api_step_protection(struct http_req *r, json_t *body, struct intake *out)
{
	struct intake_protection_in in = {
		.at = api_str(body, "at"),
		.needed = api_bool(body, "needed"),
		.has_needed = api_has(body, "needed"),
		.reasoning = api_str(body, "reasoning"),
	};

	return intake_assess(&r->tx, r->id[0], &in, out, &r->err);
}

static int
api_step_decision(struct http_req *r, json_t *body, struct intake *out)
{
	struct intake_decision_in in = {
		.at = api_str(body, "at"),
		.decision = api_str(body, "decision"),
		.reasons = api_str(body, "reasons"),
		.child_heard = api_bool(body, "child_heard"),
		.has_child_heard = api_has(body, "child_heard"),
		.child_not_heard_reason = api_str(body, "child_not_heard_reason"),
		.exceptional_reason = api_str(body, "exceptional_reason"),
		.investigation_id = api_int(body, "investigation_id"),
	};

	return intake_decide(&r->tx, r->id[0], &in, out, &r->err);
}

static int
api_step_meeting(struct http_req *r, json_t *body, struct intake *out)
{
	return intake_offer_meeting(&r->tx, r->id[0], api_str(body, "at"), api_str(body, "to"),
				    out, &r->err);
}

static int
api_step_guardians(struct http_req *r, json_t *body, struct intake *out)
{
	return intake_guardians_informed(&r->tx, r->id[0], api_str(body, "at"), out, &r->err);
}

static int
api_step_feedback(struct http_req *r, json_t *body, struct intake *out)
{
	return intake_send_feedback(&r->tx, r->id[0], api_str(body, "message"), out, &r->err);
}

static int
api_step_extend(struct http_req *r, json_t *body, struct investigation *out)
{
	return investigation_extend(&r->tx, r->id[0], api_str(body, "at"),
				    api_str(body, "reasons"), api_str(body, "new_end"), out,
				    &r->err);
}

static int
api_step_close(struct http_req *r, json_t *body, struct investigation *out)
{
	return investigation_close(&r->tx, r->id[0], api_str(body, "at"), out, &r->err);
}

/* ?limit=N, 1..API_INBOX_MAX; API_INBOX_DEFAULT when absent. */
static int
api_inbox_limit(struct http_req *r, int *out)
{
	const char *s = http_query(r, "limit");
	char *end = NULL;
	long long n = 0;

	*out = API_INBOX_DEFAULT;
	if (s == NULL)
		return SAMSYN_OK;
	errno = 0;
	if (*s >= '0' && *s <= '9')
		n = strtoll(s, &end, 10);
	if (end == NULL || *end != '\0' || errno != 0 || n < 1 || n > API_INBOX_MAX)
		return err_set(&r->err, SAMSYN_EINVAL, "limit",
			       "Ange limit som ett heltal från 1 till %d.", API_INBOX_MAX);
	*out = (int)n;
	return SAMSYN_OK;
}

static void
api_inbox_add(const struct inbox_line *l, void *arg)
{
	json_t *line = json_pack(
		"{s:s,s:o,s:o,s:s?,s:o,s:s?,s:s?,s:o,s:s?,s:i}", "kind", inbox_kinds[l->kind],
		"report_id", api_id(l->report_id), "investigation_id", api_id(l->investigation_id),
		"number", l->number, "received_at", api_time(l->received_at), "urgency",
		l->urgency, "category", l->category, "child_id", api_id(l->child_id),
		"child_name", l->child_name, "child_age", l->child_age);

	json_object_set_new(line, "due", api_due_json(&l->due));
	json_array_append_new(arg, line);
}

static void
api_reply_investigation(struct http_req *r, const struct investigation *inv)
{
	api_reply(r, 200, json_pack("{s:o}", "investigation", api_investigation_json(inv)));
}

static json_t *
api_counts_json(const struct inbox_counts *c)
{
	return json_pack("{s:I,s:I,s:I,s:I,s:I,s:I}", "protection", (json_int_t)c->protection,
			 "decision", (json_int_t)c->decision, "feedback", (json_int_t)c->feedback,
			 "investigations", (json_int_t)c->investigations, "overdue",
			 (json_int_t)c->overdue, "soon", (json_int_t)c->soon);
}

static json_t *
api_intake_json(const struct intake *in)
{
	json_t *o = json_pack("{s:I,s:s?,s:s?,s:o,s:o,s:o}", "report_id",
			      (json_int_t)in->report_id, "stage", in->stage, "act", in->act,
			      "protection_due", api_due_json(&in->protection_due), "decision_due",
			      api_due_json(&in->decision_due), "feedback_due",
			      api_due_json(&in->feedback_due));

	json_object_update_new(
		o, json_pack("{s:o,s:o,s:s?,s:o,s:s?}", "protection_at",
			     api_time(in->protection_at), "protection_by",
			     api_id(in->protection_by), "protection_by_name",
			     in->protection_by_name, "protection_needed",
			     api_tristate(in->protection_needed), "protection_reasoning",
			     in->protection_reasoning));
	json_object_update_new(
		o, json_pack("{s:s?,s:o,s:o,s:s?,s:s?,s:o,s:s?,s:s?,s:b,s:s?,s:o}", "decision",
			     in->decision, "decided_at", api_time(in->decided_at), "decided_by",
			     api_id(in->decided_by), "decided_by_name", in->decided_by_name,
			     "decision_reasons", in->decision_reasons, "child_heard",
			     api_tristate(in->child_heard), "child_not_heard_reason",
			     in->child_not_heard_reason, "exceptional_reason",
			     in->exceptional_reason, "by_violence_rule", in->by_violence_rule,
			     "violence_rule_source", in->violence_rule_source, "investigation_id",
			     api_id(in->investigation_id)));
	json_object_update_new(
		o, json_pack("{s:o,s:s?,s:o,s:o,s:s?}", "meeting_offered_at",
			     api_time(in->meeting_offered_at), "meeting_offered_to",
			     in->meeting_offered_to, "guardians_informed_at",
			     api_time(in->guardians_informed_at), "feedback_sent_at",
			     api_time(in->feedback_sent_at), "feedback_outcome",
			     in->feedback_outcome));
	return o;
}

/* A due day, or null when there is none (no decision due after the violence rule, say). */
static json_t *
api_due_json(const struct intake_due *d)
{
	if (d->day == NULL)
		return json_null();
	return json_pack("{s:s,s:s?,s:i,s:b,s:b}", "day", d->day, "moved_to", d->moved_to,
			 "days_left", d->days_left, "overdue", d->overdue, "soon", d->soon);
}

/* -1 (not recorded) as null, else a boolean. */
static json_t *
api_tristate(int v)
{
	return v < 0 ? json_null() : json_boolean(v);
}

static json_t *
api_extension_json(const struct investigation_extension *x)
{
	return json_pack("{s:I,s:o,s:o,s:s?,s:s?,s:s?,s:s?}", "id", (json_int_t)x->id,
			 "decided_at", api_time(x->decided_at), "decided_by",
			 api_id(x->decided_by), "decided_by_name", x->decided_by_name, "reasons",
			 x->reasons, "previous_end", x->previous_end, "new_end", x->new_end);
}
