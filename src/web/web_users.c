/* web_users.c - the administrator's pages for users and their API tokens. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/auth.h"
#include "domain/org.h"
#include "domain/user.h"
#include "web/page.h"
#include "web/web_routes.h"

#define OPTIONS_MAX 512

struct choices {
	struct http_req *r;
	struct page_option *opts;
	int n;
	int64_t keep; /* the user's current choice: offered even when inactive; -1: all */
};

static const struct page_option role_options[] = {
	{"staff", "Medarbetare"},
	{"admin", "Administratör"},
	{"auditor", "Logggranskare"},
};

static void
choice_add(const struct org_item *it, void *arg)
{
	struct choices *c = arg;

	if (c->n >= OPTIONS_MAX || (!it->active && c->keep != -1 && it->id != c->keep))
		return;
	c->opts[c->n].value = arena_printf(&c->r->arena, "%lld", (long long)it->id);
	c->opts[c->n].label =
		it->active ? it->name : arena_printf(&c->r->arena, "%s (inaktiverad)", it->name);
	c->n++;
}

/* Options for a function or unit select, "none" first. */
static void
choices_load(struct http_req *r, enum org_type t, struct choices *c, int64_t keep)
{
	struct err e;

	c->r = r;
	c->keep = keep;
	c->opts = arena_alloc(&r->arena, (OPTIONS_MAX + 1) * sizeof(*c->opts));
	c->opts[0] = (struct page_option){"", "Ingen"};
	c->n = 1;
	org_list(&r->tx, t, choice_add, c, &e);
}

static const char *
choice_label(const struct choices *c, int64_t id)
{
	char key[24];

	snprintf(key, sizeof(key), "%lld", (long long)id);
	for (int i = 1; i < c->n; i++)
		if (strcmp(c->opts[i].value, key) == 0)
			return c->opts[i].label;
	return "";
}

static const char *
id_text(struct http_req *r, int64_t id)
{
	return id > 0 ? arena_printf(&r->arena, "%lld", (long long)id) : "";
}

struct user_rows {
	struct http_req *r;
	struct choices functions, units;
};

static void
user_row(const struct user *u, void *arg)
{
	struct user_rows *rows = arg;

	html_f(&rows->r->out,
	       "<tr><td><a href=\"/admin/users/%lld\">%s</a></td><td>%s</td><td>%s</td>"
	       "<td>%s</td><td>%s</td><td>%s</td></tr>\n",
	       (long long)u->id, u->name, u->email, role_label(u->role),
	       choice_label(&rows->functions, u->function_id), choice_label(&rows->units, u->unit_id),
	       u->active ? "Aktiv" : "Inaktiverad");
}

int
web_users(struct http_req *r)
{
	struct user_rows rows = {.r = r};
	int rc;

	/* The list shows every name, inactive ones too. */
	choices_load(r, ORG_FUNCTION, &rows.functions, -1);
	choices_load(r, ORG_UNIT, &rows.units, -1);
	page_begin(r, "Användare");
	page_notice(r);
	html_raw(&r->out, "<p><a class=\"button\" href=\"/admin/users/new\">Ny användare</a></p>\n"
			  "<table>\n<caption>Alla användare, aktiva och inaktiverade</caption>\n"
			  "<thead><tr><th scope=\"col\">Namn</th><th scope=\"col\">E-post</th>"
			  "<th scope=\"col\">Roll</th><th scope=\"col\">Funktion</th>"
			  "<th scope=\"col\">Enhet</th><th scope=\"col\">Status</th></tr></thead>\n"
			  "<tbody>\n");
	if ((rc = user_list(&r->tx, user_row, &rows, &r->err)) != SAMSYN_OK)
		return rc;
	html_raw(&r->out, "</tbody>\n</table>\n");
	page_end(r, 200);
	return SAMSYN_OK;
}

/* The fields of the new-user and edit forms. */
static void
user_fields(struct http_req *r, const struct user *u, bool create)
{
	struct choices functions, units;

	choices_load(r, ORG_FUNCTION, &functions, u ? u->function_id : 0);
	choices_load(r, ORG_UNIT, &units, u ? u->unit_id : 0);
	page_input(r, "name", "Namn", "text", page_value(r, "name", u ? u->name : ""), "off",
		   true);
	page_input(r, "email", "E-postadress", "email", page_value(r, "email", u ? u->email : ""),
		   "off", true);
	page_select(r, "role", "Roll", role_options, 3,
		    page_value(r, "role", u ? role_name(u->role) : "staff"));
	page_select(r, "function_id", "Funktion", functions.opts, functions.n,
		    page_value(r, "function_id", u ? id_text(r, u->function_id) : ""));
	page_select(r, "unit_id", "Enhet", units.opts, units.n,
		    page_value(r, "unit_id", u ? id_text(r, u->unit_id) : ""));
	page_checkbox(r, "protected_access",
		      "Får se adress och skola för barn med skyddad identitet",
		      r->form_parsed && http_form(r, "name") ? http_form(r, "protected_access") != NULL
							     : u != NULL && u->protected_access);
	if (create)
		page_input(r, "password", "Första lösenord (minst 12 tecken)", "password", "",
			   "new-password", true);
}

static void
user_new_page(struct http_req *r, int status)
{
	page_begin(r, "Ny användare");
	html_raw(&r->out, "<p><a href=\"/admin/users\">Tillbaka till användarna</a></p>\n"
			  "<form method=\"post\" action=\"/admin/users\" class=\"narrow\">\n");
	page_csrf(r);
	user_fields(r, NULL, true);
	html_raw(&r->out, "<button type=\"submit\">Skapa användare</button>\n</form>\n");
	page_end(r, status);
}

int
web_user_new(struct http_req *r)
{
	user_new_page(r, 200);
	return SAMSYN_OK;
}

static void
user_in_from_form(struct http_req *r, struct user_in *in, bool update)
{
	*in = (struct user_in){
		.name = http_form(r, "name"),
		.email = http_form(r, "email"),
		.role = http_form(r, "role"),
		.password = http_form(r, "password"),
		.function_id = page_form_id(r, "function_id"),
		.unit_id = page_form_id(r, "unit_id"),
		.active = http_form(r, "active") != NULL,
		.protected_access = http_form(r, "protected_access") != NULL,
		.has_name = true,
		.has_email = true,
		.has_role = true,
		.has_function = true,
		.has_unit = true,
		.has_active = update,
		.has_protected_access = true,
	};
}

static int
user_form_id_check(struct http_req *r, const struct user_in *in)
{
	if (in->function_id < 0)
		return err_set(&r->err, SAMSYN_EINVAL, "function_id", "Välj en funktion i listan.");
	if (in->unit_id < 0)
		return err_set(&r->err, SAMSYN_EINVAL, "unit_id", "Välj en enhet i listan.");
	return SAMSYN_OK;
}

/* Before the transaction: the new password (field "password" or "new_password") hashed,
 * for an administrator only. */
int
web_new_password_prepare(struct http_req *r)
{
	struct auth_password_work *w = arena_alloc(&r->arena, sizeof(*w));
	const char *field = http_form(r, "password") ? "password" : "new_password";
	enum role role = ROLE_NONE;

	memset(w, 0, sizeof(*w));
	r->state = w;
	if (http_form_parse(r) != SAMSYN_OK)
		return err_set(&r->err, SAMSYN_EINVAL, NULL, "Formuläret kunde inte läsas.");
	if (http_form(r, field) && http_peek_user(r, &role) > 0 && role == ROLE_ADMIN)
		auth_hash_prepare(http_form(r, field), field, w);
	return SAMSYN_OK;
}

int
web_users_create(struct http_req *r)
{
	struct auth_password_work *w = r->state;
	struct user_in in;
	struct user u;
	int rc;

	user_in_from_form(r, &in, false);
	if ((rc = user_form_id_check(r, &in)) == SAMSYN_OK) {
		in.password_hash = w->done && w->rc == SAMSYN_OK ? w->new_hash : NULL;
		rc = user_create(&r->tx, &in, &u, &r->err);
	}
	if (rc == SAMSYN_EINVAL || rc == SAMSYN_ECONFLICT) {
		user_new_page(r, err_http_status(rc));
		r->rendered = true;
		return rc;
	}
	if (rc == SAMSYN_OK)
		http_redirect(r, arena_printf(&r->arena, "/admin/users/%lld?klart=skapad",
					      (long long)u.id));
	return rc;
}

struct token_rows {
	struct http_req *r;
	int n;
};

static void
token_row(const struct api_token *t, void *arg)
{
	struct token_rows *rows = arg;
	struct http_req *r = rows->r;

	rows->n++;
	html_f(&r->out, "<tr><td>%s</td><td>%s</td><td>%s</td><td>", t->name,
	       page_time(r, t->created_at), page_time(r, t->expires_at));
	if (t->revoked_at) {
		html_f(&r->out, "Återkallad %s", page_time(r, t->revoked_at));
	} else {
		html_f(&r->out,
		       "<form method=\"post\" action=\"/admin/tokens/%lld/revoke\" class=\"inline\">\n",
		       (long long)t->id);
		page_csrf(r);
		html_f(&r->out, "<input type=\"hidden\" name=\"user_id\" value=\"%lld\">\n",
		       (long long)t->user_id);
		html_f(&r->out, "<button type=\"submit\" class=\"secondary\">Återkalla <span "
				"class=\"visually-hidden\">%s</span></button>\n</form>",
		       t->name);
	}
	html_raw(&r->out, "</td></tr>\n");
}

/* The user page: details form, password reset, API tokens.  secret is a just-issued
 * token to show once. */
static int
user_page(struct http_req *r, int status, const char *secret)
{
	struct token_rows rows = {.r = r};
	struct user u;
	struct err e;
	int rc;

	err_clear(&e);
	if ((rc = user_get(&r->tx, r->id[0], &u, &e)) != SAMSYN_OK) {
		r->err = e;
		return rc;
	}
	page_begin(r, u.name);
	page_notice(r);
	html_raw(&r->out, "<p><a href=\"/admin/users\">Tillbaka till användarna</a></p>\n");
	if (secret) {
		html_raw(&r->out, "<div class=\"secret\" role=\"status\">\n<h2>Ny API-nyckel</h2>\n"
				  "<p>Kopiera nyckeln nu. Den visas bara den här gången.</p>\n");
		html_f(&r->out, "<p><code>%s</code></p>\n</div>\n", secret);
	}
	html_f(&r->out, "<p>Skapad %s. Status: %s.</p>\n", page_time(r, u.created_at),
	       u.active ? "aktiv" : "inaktiverad");
	html_f(&r->out, "<h2>Uppgifter</h2>\n<form method=\"post\" action=\"/admin/users/%lld\" "
			"class=\"narrow\">\n",
	       (long long)u.id);
	page_csrf(r);
	user_fields(r, &u, false);
	page_checkbox(r, "active", "Aktiv (kan logga in)",
		      r->form_parsed && http_form(r, "name") ? http_form(r, "active") != NULL
							     : u.active);
	html_raw(&r->out, "<button type=\"submit\">Spara</button>\n</form>\n");

	html_f(&r->out, "<h2>Nytt lösenord</h2>\n<form method=\"post\" "
			"action=\"/admin/users/%lld/password\" class=\"narrow\">\n",
	       (long long)u.id);
	page_csrf(r);
	page_input(r, "new_password", "Nytt lösenord (minst 12 tecken)", "password", "",
		   "new-password", true);
	html_raw(&r->out, "<button type=\"submit\">Sätt lösenord</button>\n</form>\n");

	html_raw(&r->out, "<h2>API-nycklar</h2>\n<table>\n<caption>Nycklar för "
			  "API-klienter</caption>\n<thead><tr><th scope=\"col\">Namn</th>"
			  "<th scope=\"col\">Skapad</th><th scope=\"col\">Gäller till</th>"
			  "<th scope=\"col\">Status</th></tr></thead>\n<tbody>\n");
	if ((rc = auth_token_list(&r->tx, u.id, token_row, &rows, &e)) != SAMSYN_OK)
		return rc;
	if (rows.n == 0)
		html_raw(&r->out, "<tr><td colspan=\"4\">Inga nycklar.</td></tr>\n");
	html_raw(&r->out, "</tbody>\n</table>\n");
	html_f(&r->out, "<form method=\"post\" action=\"/admin/users/%lld/tokens\" "
			"class=\"narrow\">\n",
	       (long long)u.id);
	page_csrf(r);
	page_input(r, "token_name", "Nyckelns namn", "text", "", "off", true);
	page_input(r, "days", "Giltig antal dagar (1–365)", "number", "90", "off", true);
	html_raw(&r->out, "<button type=\"submit\">Skapa nyckel</button>\n</form>\n");
	page_end(r, status);
	return SAMSYN_OK;
}

int
web_user(struct http_req *r)
{
	return user_page(r, 200, NULL);
}

/* Shows the user page again with r->err beside its field. */
static int
user_page_error(struct http_req *r, int rc)
{
	if (user_page(r, err_http_status(rc), NULL) == SAMSYN_OK)
		r->rendered = true;
	return rc;
}

int
web_user_update(struct http_req *r)
{
	struct user_in in;
	struct user u;
	int rc;

	if (http_form_parse(r) != SAMSYN_OK)
		return err_set(&r->err, SAMSYN_EINVAL, NULL, "Formuläret kunde inte läsas.");
	user_in_from_form(r, &in, true);
	if ((rc = user_form_id_check(r, &in)) == SAMSYN_OK)
		rc = user_update(&r->tx, r->id[0], &in, &u, &r->err);
	if (rc == SAMSYN_EINVAL || rc == SAMSYN_ECONFLICT)
		return user_page_error(r, rc);
	if (rc == SAMSYN_OK)
		http_redirect(r, arena_printf(&r->arena, "/admin/users/%lld?klart=sparad",
					      (long long)r->id[0]));
	return rc;
}

int
web_user_password(struct http_req *r)
{
	struct auth_password_work *w = r->state;
	int rc;

	if (w->done && w->rc == SAMSYN_OK)
		rc = user_store_password_hash(&r->tx, r->id[0], NULL, w->new_hash, &r->err);
	else
		rc = user_set_password(&r->tx, r->id[0], http_form(r, "new_password"),
				       "new_password", &r->err);

	if (rc == SAMSYN_EINVAL)
		return user_page_error(r, rc);
	if (rc == SAMSYN_OK)
		http_redirect(r, arena_printf(&r->arena, "/admin/users/%lld?klart=losenord",
					      (long long)r->id[0]));
	return rc;
}

int
web_user_token(struct http_req *r)
{
	char secret[AUTH_TOKEN_LEN];
	const char *days_text = http_form(r, "days");
	struct api_token t;
	long days = 0;
	char *end = NULL;
	int rc;

	if (days_text)
		days = strtol(days_text, &end, 10);
	if (days_text == NULL || end == days_text || *end != '\0' || days < 1 || days > 365)
		rc = err_set(&r->err, SAMSYN_EINVAL, "days", "Giltighetstiden ska vara 1–365 dagar.");
	else
		rc = auth_token_issue(&r->tx, r->id[0], http_form(r, "token_name"), (int)days, &t,
				      secret, &r->err);
	if (rc == SAMSYN_EINVAL && strcmp(r->err.field, "name") == 0)
		snprintf(r->err.field, sizeof(r->err.field), "%s", "token_name");
	if (rc == SAMSYN_EINVAL || rc == SAMSYN_ECONFLICT)
		return user_page_error(r, rc);
	if (rc != SAMSYN_OK)
		return rc;
	/* The secret is shown in this response only; it is never put in a URL. */
	return user_page(r, 201, secret);
}

int
web_token_revoke(struct http_req *r)
{
	int64_t user_id = 0;
	int rc = auth_token_revoke(&r->tx, r->id[0], &r->err);

	if (rc != SAMSYN_OK)
		return rc;
	user_id = page_form_id(r, "user_id");
	http_redirect(r, user_id > 0 ? arena_printf(&r->arena, "/admin/users/%lld?klart=aterkallad",
						   (long long)user_id)
				     : "/admin/users?klart=aterkallad");
	return SAMSYN_OK;
}
