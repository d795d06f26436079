/* web_login.c - logging in and out, the start page, changing one's password.
 *
 * The login form has no session yet, so it carries its own CSRF defence: GET /login
 * sets a random SameSite=Strict cookie and puts the same value in the form; POST /login
 * accepts only when the two agree (a cross-site form cannot send the cookie). */
#include <stdio.h>
#include <string.h>

#include "domain/access.h"
#include "domain/auth.h"
#include "domain/org.h"
#include "domain/user.h"
#include "web/page.h"
#include "web/web_routes.h"

#define LOGIN_COOKIE "samsyn_login"

static void
login_page(struct http_req *r, int status, const char *email)
{
	char token[AUTH_TOKEN_LEN];

	auth_random_token(token);
	http_add_cookie(r, arena_printf(&r->arena, "%s=%s; Path=/login; HttpOnly; SameSite=Strict%s",
					LOGIN_COOKIE, token, http_tls() ? "; Secure" : ""));
	page_begin(r, "Logga in");
	page_notice(r);
	html_raw(&r->out, "<form method=\"post\" action=\"/login\" class=\"narrow\">\n");
	html_f(&r->out, "<input type=\"hidden\" name=\"_login\" value=\"%s\">\n", token);
	page_input(r, "email", "E-postadress", "email", email, "username", true);
	page_input(r, "password", "Lösenord", "password", "", "current-password", true);
	html_raw(&r->out, "<button type=\"submit\">Logga in</button>\n</form>\n");
	page_end(r, status);
}

int
web_login_form(struct http_req *r)
{
	if (r->tx.actor.user_id > 0) {
		http_redirect(r, "/");
		return SAMSYN_OK;
	}
	login_page(r, 200, "");
	return SAMSYN_OK;
}

/* What the login form's prepare step found, for the handler. */
struct web_login_state {
	int rc; /* SAMSYN_OK, or a form problem found before any password check */
	const char *email;
	struct auth_password_work work;
};

int
web_login_prepare(struct http_req *r)
{
	struct web_login_state *st = arena_alloc(&r->arena, sizeof(*st));
	const char *password;

	memset(st, 0, sizeof(*st));
	r->state = st;
	if (http_form_parse(r) != SAMSYN_OK)
		return err_set(&r->err, SAMSYN_EINVAL, NULL, "Formuläret kunde inte läsas.");
	st->email = http_form(r, "email");
	password = http_form(r, "password");
	if (!auth_token_equal(http_cookie(r, LOGIN_COOKIE), http_form(r, "_login"))) {
		st->rc = err_set(&r->err, SAMSYN_ECSRF, NULL,
				 "Inloggningsformuläret har gått ut. Försök igen.");
		return SAMSYN_OK;
	}
	if (st->email == NULL || *st->email == '\0') {
		st->rc = err_set(&r->err, SAMSYN_EINVAL, "email", "Ange din e-postadress.");
		return SAMSYN_OK;
	}
	auth_login_prepare(r->tx.db, st->email, password ? password : "", r->ip, &st->work);
	return SAMSYN_OK;
}

int
web_login(struct http_req *r)
{
	struct web_login_state *st = r->state;
	struct auth_session s;
	int rc;

	if (st->rc != SAMSYN_OK) {
		login_page(r, err_http_status(st->rc), st->rc == SAMSYN_EINVAL ? "" : st->email);
		r->rendered = true;
		return st->rc;
	}
	rc = auth_login(&r->tx, &st->work, &s, &r->err);
	if (rc == SAMSYN_ECREDENTIALS || rc == SAMSYN_ETHROTTLED) {
		/* The summary links to the password field: the usual thing to fix. */
		snprintf(r->err.field, sizeof(r->err.field), "%s", "password");
		login_page(r, err_http_status(rc), st->email);
		r->rendered = true;
		return rc;
	}
	if (rc != SAMSYN_OK)
		return rc;
	http_add_cookie(r, http_session_cookie(r, s.token));
	http_redirect(r, "/");
	return SAMSYN_OK;
}

int
web_logout(struct http_req *r)
{
	int rc = auth_logout(&r->tx, &r->err);

	if (rc != SAMSYN_OK)
		return rc;
	http_add_cookie(r, http_session_cookie(r, NULL));
	http_redirect(r, "/login?klart=utloggad");
	return SAMSYN_OK;
}

/* A staff member's work: filing reports of concern, and intake for its staff. */
static void
home_staff(struct http_req *r)
{
	bool intake = false;
	struct err e;

	err_clear(&e);
	if (access_is_intake(&r->tx, &intake, &e) != SAMSYN_OK)
		intake = false;
	html_raw(&r->out, "<h2>Ditt arbete</h2>\n"
			  "<p><a class=\"button\" href=\"/anmalningar/ny\">Ny orosanmälan</a></p>\n"
			  "<ul class=\"links\">\n<li><a href=\"/anmalningar\">Mina anmälningar</a> – "
			  "utkast, kvitton och återkoppling</li>\n");
	if (intake)
		html_raw(&r->out, "<li><a href=\"/mottagning\">Mottagning</a> – nya anmälningar, "
				  "frister och utredningar</li>\n");
	html_raw(&r->out, "</ul>\n");
}

int
web_home(struct http_req *r)
{
	struct org_item unit, function;
	struct user u;
	int rc;

	if ((rc = user_get(&r->tx, r->tx.actor.user_id, &u, &r->err)) != SAMSYN_OK)
		return rc;
	page_begin(r, "Start");
	page_notice(r);
	html_f(&r->out, "<p class=\"lead\">Välkommen, %s.</p>\n", u.name);
	html_raw(&r->out, "<dl class=\"facts\">\n");
	html_f(&r->out, "<dt>Roll</dt><dd>%s</dd>\n", role_label(u.role));
	if (u.function_id && org_get(&r->tx, ORG_FUNCTION, u.function_id, &function, &r->err) ==
				     SAMSYN_OK)
		html_f(&r->out, "<dt>Funktion</dt><dd>%s</dd>\n", function.name);
	if (u.unit_id && org_get(&r->tx, ORG_UNIT, u.unit_id, &unit, &r->err) == SAMSYN_OK)
		html_f(&r->out, "<dt>Enhet</dt><dd>%s</dd>\n", unit.name);
	html_raw(&r->out, "</dl>\n");
	err_clear(&r->err);
	switch (u.role) {
	case ROLE_ADMIN:
		html_raw(&r->out,
			 "<h2>Administration</h2>\n<ul class=\"links\">\n"
			 "<li><a href=\"/admin/users\">Användare</a> – lägg till, ändra och "
			 "inaktivera konton</li>\n"
			 "<li><a href=\"/admin/sectors\">Sektorer</a>, <a "
			 "href=\"/admin/units\">enheter</a> och <a "
			 "href=\"/admin/functions\">funktioner</a> – kommunens organisation</li>\n"
			 "</ul>\n");
		break;
	case ROLE_AUDITOR:
		html_raw(&r->out,
			 "<h2>Loggkontroll</h2>\n<p><a href=\"/audit\">Granska loggen</a> – "
			 "vem har läst eller ändrat personuppgifter, och stämmer loggkedjan?</p>\n");
		break;
	default:
		home_staff(r);
	}
	page_end(r, 200);
	return SAMSYN_OK;
}

static void
password_page(struct http_req *r, int status)
{
	page_begin(r, "Byt lösenord");
	page_notice(r);
	html_raw(&r->out, "<form method=\"post\" action=\"/password\" class=\"narrow\">\n");
	page_csrf(r);
	page_input(r, "current_password", "Nuvarande lösenord", "password", "",
		   "current-password", true);
	page_input(r, "new_password", "Nytt lösenord (minst 12 tecken)", "password", "",
		   "new-password", true);
	html_raw(&r->out, "<button type=\"submit\">Byt lösenord</button>\n</form>\n");
	page_end(r, status);
}

int
web_password_form(struct http_req *r)
{
	password_page(r, 200);
	return SAMSYN_OK;
}

int
web_password_prepare(struct http_req *r)
{
	struct auth_password_work *w = arena_alloc(&r->arena, sizeof(*w));

	if (http_form_parse(r) != SAMSYN_OK)
		return err_set(&r->err, SAMSYN_EINVAL, NULL, "Formuläret kunde inte läsas.");
	auth_change_prepare(r->tx.db, http_peek_user(r, NULL), http_form(r, "current_password"),
			    http_form(r, "new_password"), w);
	r->state = w;
	return SAMSYN_OK;
}

int
web_password(struct http_req *r)
{
	int rc = auth_change_password(&r->tx, r->state, &r->err);

	if (rc == SAMSYN_EINVAL || rc == SAMSYN_ETHROTTLED) {
		password_page(r, err_http_status(rc));
		r->rendered = true;
		return rc;
	}
	if (rc == SAMSYN_OK)
		http_redirect(r, "/password?klart=losenord");
	return rc;
}
