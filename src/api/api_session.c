/* api_session.c - log in, who am I, log out, change my password. */
#include "api/api.h"
#include "api/api_json.h"
#include "api/api_routes.h"
#include "domain/auth.h"
#include "domain/user.h"

static json_t *
api_session_json(struct http_req *r, const char *csrf)
{
	struct user u;
	json_t *user = NULL;

	if (user_get(&r->tx, r->tx.actor.user_id, &u, &r->err) == SAMSYN_OK)
		user = api_user_json(&u);
	return json_pack("{s:o*,s:o}", "user", user, "csrf_token",
			 csrf ? json_string(csrf) : json_null());
}

/* Before the transaction: read the body and check the password (argon2id). */
int
api_session_create_prepare(struct http_req *r)
{
	static const struct api_field spec[] = {
		{"email", API_STRING, 254},
		{"password", API_STRING, 1024},
		{NULL, 0, 0},
	};
	struct auth_password_work *w;
	json_t *in;
	int rc;

	if ((rc = api_body(r, spec, &in)) != SAMSYN_OK)
		return rc;
	if (api_str(in, "email") == NULL || api_str(in, "password") == NULL) {
		err_set(&r->err, SAMSYN_EINVAL, api_str(in, "email") ? "password" : "email",
			"Ange både e-postadress och lösenord.");
		json_decref(in);
		return SAMSYN_EINVAL;
	}
	w = arena_alloc(&r->arena, sizeof(*w));
	auth_login_prepare(r->tx.db, api_str(in, "email"), api_str(in, "password"), r->ip, w);
	json_decref(in);
	r->state = w;
	return SAMSYN_OK;
}

int
api_session_create(struct http_req *r)
{
	struct auth_session s;
	int rc = auth_login(&r->tx, r->state, &s, &r->err);

	if (rc != SAMSYN_OK)
		return rc;
	http_add_cookie(r, http_session_cookie(r, s.token));
	api_reply(r, 200, api_session_json(r, s.csrf));
	return SAMSYN_OK;
}

int
api_session_get(struct http_req *r)
{
	api_reply(r, 200, api_session_json(r, r->via_cookie ? r->csrf : NULL));
	return SAMSYN_OK;
}

int
api_session_delete(struct http_req *r)
{
	int rc = auth_logout(&r->tx, &r->err);

	if (rc != SAMSYN_OK)
		return rc;
	http_add_cookie(r, http_session_cookie(r, NULL));
	api_no_content(r);
	return SAMSYN_OK;
}

int
api_session_password_prepare(struct http_req *r)
{
	static const struct api_field spec[] = {
		{"current_password", API_STRING, 1024},
		{"new_password", API_STRING, 1024},
		{NULL, 0, 0},
	};
	struct auth_password_work *w;
	json_t *in;
	int rc;

	if ((rc = api_body(r, spec, &in)) != SAMSYN_OK)
		return rc;
	w = arena_alloc(&r->arena, sizeof(*w));
	auth_change_prepare(r->tx.db, http_peek_user(r, NULL), api_str(in, "current_password"),
			    api_str(in, "new_password"), w);
	json_decref(in);
	r->state = w;
	return SAMSYN_OK;
}

int
api_session_password(struct http_req *r)
{
	int rc = auth_change_password(&r->tx, r->state, &r->err);

	if (rc == SAMSYN_OK)
		api_no_content(r);
	return rc;
}
