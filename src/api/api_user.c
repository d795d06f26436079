/* api_user.c - users and their API tokens. */
#include "api/api.h"
#include "api/api_json.h"
#include "api/api_routes.h"
#include "domain/auth.h"

#include <string.h>

static const struct api_field user_spec[] = {
	{"name", API_STRING, USER_NAME_MAX},
	{"email", API_STRING, USER_EMAIL_MAX},
	{"function_id", API_ID_OR_NULL, 0},
	{"unit_id", API_ID_OR_NULL, 0},
	{"role", API_STRING, 20},
	{"password", API_STRING, 1024},
	{"active", API_BOOL, 0},
	{"protected_access", API_BOOL, 0},
	{NULL, 0, 0},
};

static void
api_users_add(const struct user *u, void *arg)
{
	json_array_append_new(arg, api_user_json(u));
}

int
api_users_list(struct http_req *r)
{
	json_t *array = json_array();
	int rc = user_list(&r->tx, api_users_add, array, &r->err);

	if (rc != SAMSYN_OK) {
		json_decref(array);
		return rc;
	}
	api_reply(r, 200, json_pack("{s:o}", "users", array));
	return SAMSYN_OK;
}

static void
api_user_in(json_t *body, struct user_in *in)
{
	*in = (struct user_in){
		.name = api_str(body, "name"),
		.email = api_str(body, "email"),
		.role = api_str(body, "role"),
		.password = api_str(body, "password"),
		.function_id = api_int(body, "function_id"),
		.unit_id = api_int(body, "unit_id"),
		.active = api_bool(body, "active"),
		.protected_access = api_bool(body, "protected_access"),
		.has_name = api_has(body, "name"),
		.has_email = api_has(body, "email"),
		.has_role = api_has(body, "role"),
		.has_function = api_has(body, "function_id"),
		.has_unit = api_has(body, "unit_id"),
		.has_active = api_has(body, "active"),
		.has_protected_access = api_has(body, "protected_access"),
	};
}

/* The body, parsed once, and the new password's hash made before the transaction. */
struct api_user_state {
	json_t *body;
	struct auth_password_work work;
};

static void
api_user_state_free(void *state)
{
	json_decref(((struct api_user_state *)state)->body);
}

static int
api_user_state_prepare(struct http_req *r, const struct api_field *spec, const char *field)
{
	struct api_user_state *st = arena_alloc(&r->arena, sizeof(*st));
	int rc;
	enum role role = ROLE_NONE;

	memset(st, 0, sizeof(*st));
	if ((rc = api_body(r, spec, &st->body)) != SAMSYN_OK)
		return rc;
	r->state = st;
	r->state_free = api_user_state_free;
	/* Hash only for someone who may get this far; the transaction checks properly. */
	if (api_str(st->body, field) && http_peek_user(r, &role) > 0 && role == ROLE_ADMIN)
		auth_hash_prepare(api_str(st->body, field), field, &st->work);
	return SAMSYN_OK;
}

int
api_users_create_prepare(struct http_req *r)
{
	return api_user_state_prepare(r, user_spec, "password");
}

int
api_users_create(struct http_req *r)
{
	struct api_user_state *st = r->state;
	struct user_in in;
	struct user u;
	int rc;

	api_user_in(st->body, &in);
	if (in.has_active) {
		rc = err_set(&r->err, SAMSYN_EUNKNOWNFIELD, "active",
			     "En ny användare är alltid aktiv; fältet active tas inte emot här.");
	} else if (st->work.done && st->work.rc != SAMSYN_OK) {
		r->err = st->work.err;
		rc = st->work.rc;
	} else {
		in.password_hash = st->work.done ? st->work.new_hash : NULL;
		rc = user_create(&r->tx, &in, &u, &r->err);
	}
	if (rc == SAMSYN_OK)
		api_reply(r, 201, json_pack("{s:o}", "user", api_user_json(&u)));
	return rc;
}

int
api_users_get(struct http_req *r)
{
	struct user u;
	int rc = user_get(&r->tx, r->id[0], &u, &r->err);

	if (rc == SAMSYN_OK)
		api_reply(r, 200, json_pack("{s:o}", "user", api_user_json(&u)));
	return rc;
}

int
api_users_update(struct http_req *r)
{
	struct user_in in;
	struct user u;
	json_t *body;
	int rc;

	if ((rc = api_body(r, user_spec, &body)) != SAMSYN_OK)
		return rc;
	api_user_in(body, &in);
	if (api_has(body, "password"))
		rc = err_set(&r->err, SAMSYN_EUNKNOWNFIELD, "password",
			     "Byt lösenord med POST /api/v1/users/{id}/password.");
	else
		rc = user_update(&r->tx, r->id[0], &in, &u, &r->err);
	json_decref(body);
	if (rc == SAMSYN_OK)
		api_reply(r, 200, json_pack("{s:o}", "user", api_user_json(&u)));
	return rc;
}

int
api_users_password_prepare(struct http_req *r)
{
	static const struct api_field spec[] = {{"password", API_STRING, 1024}, {NULL, 0, 0}};

	return api_user_state_prepare(r, spec, "password");
}

int
api_users_password(struct http_req *r)
{
	struct api_user_state *st = r->state;
	int rc;

	if (!st->work.done)
		rc = err_set(&r->err, SAMSYN_EINVAL, "password", "Ange ett lösenord.");
	else if (st->work.rc != SAMSYN_OK)
		r->err = st->work.err, rc = st->work.rc;
	else
		rc = user_store_password_hash(&r->tx, r->id[0], NULL, st->work.new_hash, &r->err);
	if (rc == SAMSYN_OK)
		api_no_content(r);
	return rc;
}

static void
api_tokens_add(const struct api_token *t, void *arg)
{
	json_array_append_new(arg, api_token_json(t));
}

int
api_tokens_list(struct http_req *r)
{
	json_t *array = json_array();
	struct user u;
	int rc;

	if ((rc = user_get(&r->tx, r->id[0], &u, &r->err)) != SAMSYN_OK ||
	    (rc = auth_token_list(&r->tx, r->id[0], api_tokens_add, array, &r->err)) !=
		    SAMSYN_OK) {
		json_decref(array);
		return rc;
	}
	api_reply(r, 200, json_pack("{s:o}", "tokens", array));
	return SAMSYN_OK;
}

int
api_tokens_create(struct http_req *r)
{
	static const struct api_field spec[] = {
		{"name", API_STRING, 100}, {"days", API_INT, 0}, {NULL, 0, 0}};
	char secret[AUTH_TOKEN_LEN];
	struct api_token t;
	json_t *body;
	int64_t days;
	int rc;

	if ((rc = api_body(r, spec, &body)) != SAMSYN_OK)
		return rc;
	days = api_has(body, "days") ? api_int(body, "days") : 90;
	if (days < 1 || days > 365)
		rc = err_set(&r->err, SAMSYN_EINVAL, "days", "Giltighetstiden ska vara 1–365 dagar.");
	else
		rc = auth_token_issue(&r->tx, r->id[0], api_str(body, "name"), (int)days, &t,
				      secret, &r->err);
	json_decref(body);
	if (rc == SAMSYN_OK)
		api_reply(r, 201, json_pack("{s:o,s:s}", "token", api_token_json(&t), "secret",
					    secret));
	return rc;
}

int
api_tokens_revoke(struct http_req *r)
{
	int rc = auth_token_revoke(&r->tx, r->id[0], &r->err);

	if (rc == SAMSYN_OK)
		api_no_content(r);
	return rc;
}
