/* api_audit.c - the access log for log reviewers. */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/api_json.h"
#include "api/api_routes.h"
#include "domain/audit.h"

struct api_audit_page {
	json_t *array;
	int64_t last_id;
	int count;
};

static void
api_audit_add(const struct audit_entry *a, void *arg)
{
	struct api_audit_page *p = arg;

	json_array_append_new(p->array, api_audit_json(a));
	p->last_id = a->id;
	p->count++;
}

int
api_audit_list(struct http_req *r)
{
	struct api_audit_page page = {.array = json_array()};
	struct audit_filter f;
	int rc;

	struct audit_filter_text t = {
		.user_id = http_query(r, "user_id"),
		.subject_type = http_query(r, "subject_type"),
		.subject_id = http_query(r, "subject_id"),
		.from = http_query(r, "from"),
		.to = http_query(r, "to"),
		.before_id = http_query(r, "before_id"),
		.limit = http_query(r, "limit"),
		.flagged = http_query(r, "flagged"),
	};

	if ((rc = audit_filter_parse(&t, &f, &r->err)) != SAMSYN_OK ||
	    (rc = audit_query(&r->tx, &f, api_audit_add, &page, &r->err)) != SAMSYN_OK) {
		json_decref(page.array);
		return rc;
	}
	api_reply(r, 200, json_pack("{s:o,s:o}", "entries", page.array, "next_before_id",
				    page.count == f.limit ? json_integer(page.last_id)
							  : json_null()));
	return SAMSYN_OK;
}

/* Before the transaction and without a lock: the whole chain is read. */
int
api_audit_verify_prepare(struct http_req *r)
{
	struct audit_check *check = arena_alloc(&r->arena, sizeof(*check));
	enum role role = ROLE_NONE;

	memset(check, 0, sizeof(*check));
	r->state = check;
	if (http_peek_user(r, &role) > 0 && role == ROLE_AUDITOR)
		audit_check_run(r->tx.db, http_query(r, "head"), &r->arena, check);
	return SAMSYN_OK;
}

int
api_audit_verify(struct http_req *r)
{
	struct audit_check *check = r->state;
	json_t *problems;

	if (!check->done)
		return err_set(&r->err, SAMSYN_EUNAVAILABLE, NULL, "Kontrollen kunde inte göras.");
	if (check->rc != SAMSYN_OK) {
		r->err = check->err;
		return check->rc;
	}
	problems = json_array();
	for (size_t i = 0; i < check->nproblems; i++)
		json_array_append_new(problems,
				      json_pack("{s:I,s:s,s:s}", "id", (json_int_t)check->problems[i].id,
						"problem", check->problems[i].problem, "message",
						check->problems[i].message));
	api_reply(r, 200, json_pack("{s:b,s:I,s:s,s:o}", "ok", check->res.ok, "rows",
				    (json_int_t)check->res.rows, "head", check->res.head, "problems",
				    problems));
	return SAMSYN_OK;
}
