#include "web/page.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/access.h"
#include "util/timeutil.h"

struct nav_item {
	const char *href, *label;
	enum role role; /* ROLE_NONE: everyone logged in */
	bool intake;    /* only for staff of a unit that receives reports */
	bool steering;  /* staff and administrators: log reviewers have no part in steering */
};

static const struct nav_item nav[] = {
	{"/", "Start", ROLE_NONE, false, false},
	{"/mottagning", "Mottagning", ROLE_STAFF, true, false},
	{"/anmalningar", "Mina anmälningar", ROLE_STAFF, false, false},
	{"/styrning", "Styrning", ROLE_NONE, false, true},
	{"/admin/users", "Användare", ROLE_ADMIN, false, false},
	{"/admin/sectors", "Sektorer", ROLE_ADMIN, false, false},
	{"/admin/units", "Enheter", ROLE_ADMIN, false, false},
	{"/admin/functions", "Funktioner", ROLE_ADMIN, false, false},
	{"/audit", "Loggkontroll", ROLE_AUDITOR, false, false},
	{"/regler", "Regler och frister", ROLE_NONE, false, false},
	{"/password", "Byt lösenord", ROLE_NONE, false, false},
};

static const struct {
	const char *code, *text;
} notices[] = {
	{"sparad", "Ändringarna är sparade."},
	{"granskad", "Rutinen är markerad som granskad."},
	{"skapad", "Posten är skapad."},
	{"losenord", "Lösenordet är bytt."},
	{"utloggad", "Du är utloggad."},
	{"aterkallad", "Nyckeln är återkallad."},
	{"utkast", "Utkastet är sparat. Det är inte skickat."},
	{"skickad", "Anmälan är skickad till socialtjänsten."},
	{"redan", "Anmälan var redan skickad. Så här ser den ut."},
	{"borttagen", "Utkastet är borttaget."},
	{"registrerad", "Uppgiften är registrerad."},
	{"aterkopplad", "Återkopplingen är skickad till anmälaren."},
	{"rattad", "Rättelsen är sparad som en ny version."},
	{"vardnadshavare", "Vårdnadshavaren är tillagd."},
	{"forlangd", "Utredningstiden är förlängd."},
	{"avslutad", "Utredningen är avslutad."},
	{"medlem", "Medlemmen är tillagd."},
	{"medlem-borttagen", "Medlemmen är borttagen ur gruppen."},
	{"atgard", "Åtgärden är tillagd."},
	{"atgard-klar", "Åtgärden är markerad som klar."},
	{"atgard-oppen", "Åtgärden är öppen igen."},
	{"aktivitet", "Aktiviteten är tillagd."},
	{"rad-borttagen", "Raden är borttagen."},
};

/* Whether the actor works in an intake unit, for the menu.  An error page may be drawn
 * after the transaction ended or with the database gone: then the link is left out. */
static bool
page_actor_is_intake(struct http_req *r)
{
	bool intake = false;
	struct err e;

	if (r->tx.db == NULL || r->tx.actor.role != ROLE_STAFF)
		return false;
	err_clear(&e);
	if (access_is_intake(&r->tx, &intake, &e) != SAMSYN_OK)
		return false;
	return intake;
}

void
page_begin(struct http_req *r, const char *title)
{
	struct buf *b = &r->out;
	const struct actor *a = &r->tx.actor;
	bool intake;

	buf_reset(b);
	html_f(b,
	       "<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n"
	       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	       "<title>%s – samsyn</title>\n"
	       "<link rel=\"stylesheet\" href=\"/static/samsyn.css\">\n</head>\n<body>\n"
	       "<a class=\"skip\" href=\"#main\">Hoppa till innehållet</a>\n"
	       "<header class=\"top\">\n<p class=\"brand\"><a href=\"/\">samsyn</a></p>\n",
	       title);
	if (a->user_id > 0) {
		intake = page_actor_is_intake(r);
		html_raw(b, "<nav aria-label=\"Huvudmeny\">\n<ul>\n");
		for (size_t i = 0; i < sizeof(nav) / sizeof(nav[0]); i++) {
			if (nav[i].role != ROLE_NONE && nav[i].role != a->role)
				continue;
			if (nav[i].intake && !intake)
				continue;
			if (nav[i].steering && a->role != ROLE_STAFF && a->role != ROLE_ADMIN)
				continue;
			html_f(b, "<li><a href=\"%s\"", nav[i].href);
			if (strcmp(r->path, nav[i].href) == 0)
				html_raw(b, " aria-current=\"page\"");
			html_f(b, ">%s</a></li>\n", nav[i].label);
		}
		html_raw(b, "</ul>\n</nav>\n");
		html_f(b,
		       "<form class=\"logout\" method=\"post\" action=\"/logout\">\n"
		       "<p>Inloggad som %s</p>\n",
		       a->name ? a->name : "");
		page_csrf(r);
		html_raw(b, "<button type=\"submit\">Logga ut</button>\n</form>\n");
	}
	html_raw(b, "</header>\n<main id=\"main\">\n");
	html_f(b, "<h1>%s</h1>\n", title);
	if (r->err.code != SAMSYN_OK && r->err.message[0]) {
		html_raw(b, "<div class=\"error-summary\" role=\"alert\">\n");
		if (r->err.field[0])
			html_f(b, "<p><a href=\"#f-%s\">%s</a></p>\n", r->err.field,
			       r->err.message);
		else
			html_f(b, "<p>%s</p>\n", r->err.message);
		html_raw(b, "</div>\n");
	}
}

void
page_end(struct http_req *r, int status)
{
	html_raw(&r->out, "</main>\n<footer class=\"foot\"><p>samsyn – samverkan kring barn och "
			  "unga</p></footer>\n</body>\n</html>\n");
	http_reply(r, status, "text/html; charset=utf-8");
}

void
page_render_error(struct http_req *r, int code)
{
	int status = err_http_status(code);
	const char *message = r->err.message[0] ? r->err.message : err_default_message(code);
	char saved[sizeof(r->err.message)];

	if (code == SAMSYN_EUNAUTH && strcmp(r->method, "GET") == 0) {
		http_redirect(r, "/login");
		return;
	}
	/* The page shows the message once, in its body, not in the error summary. */
	snprintf(saved, sizeof(saved), "%s", message);
	err_clear(&r->err);
	page_begin(r, status == 404 ? "Sidan finns inte" : status == 403 ? "Ingen behörighet"
					: status >= 500 ? "Något gick fel"
							: "Det gick inte");
	html_f(&r->out, "<p>%s</p>\n", saved);
	if (code == SAMSYN_EUNAUTH || code == SAMSYN_ECSRF)
		html_raw(&r->out, "<p><a href=\"/login\">Till inloggningen</a></p>\n");
	else
		html_raw(&r->out, "<p><a href=\"/\">Till startsidan</a></p>\n");
	page_end(r, status);
}

void
page_csrf(struct http_req *r)
{
	if (r->csrf[0])
		html_f(&r->out, "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">\n", r->csrf);
}

static bool
page_field_error(struct http_req *r, const char *name)
{
	return r->err.code != SAMSYN_OK && strcmp(r->err.field, name) == 0;
}

static void
page_error_text(struct http_req *r, const char *name)
{
	if (page_field_error(r, name))
		html_f(&r->out, "<p class=\"field-error\" id=\"e-%s\">%s</p>\n", name,
		       r->err.message);
}

/* A field's beginning: its <div> and <label>; row > 0 ends the label with ", rad N" that
 * only screen readers get. */
static void
page_field_begin(struct http_req *r, const char *name, const char *label, int row)
{
	html_f(&r->out, "<div class=\"field%s\">\n<label for=\"f-%s\">%s",
	       page_field_error(r, name) ? " bad" : "", name, label);
	if (row > 0)
		html_f(&r->out, "<span class=\"visually-hidden\">, rad %d</span>", row);
	html_raw(&r->out, "</label>\n");
	page_error_text(r, name);
}

void
page_input(struct http_req *r, const char *name, const char *label, const char *type,
	   const char *value, const char *autocomplete, bool required)
{
	page_row_input(r, 0, name, label, type, value, autocomplete, required);
}

void
page_row_input(struct http_req *r, int row, const char *name, const char *label,
	       const char *type, const char *value, const char *autocomplete, bool required)
{
	struct buf *b = &r->out;
	bool bad = page_field_error(r, name);

	page_field_begin(r, name, label, row);
	html_f(b, "<input id=\"f-%s\" name=\"%s\" type=\"%s\" value=\"%s\"", name, name, type,
	       value ? value : "");
	if (autocomplete)
		html_f(b, " autocomplete=\"%s\"", autocomplete);
	if (required)
		html_raw(b, " required");
	if (bad)
		html_f(b, " aria-invalid=\"true\" aria-describedby=\"e-%s\"", name);
	html_raw(b, ">\n</div>\n");
}

void
page_select(struct http_req *r, const char *name, const char *label,
	    const struct page_option *options, int n, const char *selected)
{
	page_row_select(r, 0, name, label, options, n, selected);
}

void
page_row_select(struct http_req *r, int row, const char *name, const char *label,
		const struct page_option *options, int n, const char *selected)
{
	struct buf *b = &r->out;
	bool bad = page_field_error(r, name);

	page_field_begin(r, name, label, row);
	html_f(b, "<select id=\"f-%s\" name=\"%s\"", name, name);
	if (bad)
		html_f(b, " aria-invalid=\"true\" aria-describedby=\"e-%s\"", name);
	html_raw(b, ">\n");
	for (int i = 0; i < n; i++)
		html_f(b, "<option value=\"%s\"%s>%s</option>\n", options[i].value,
		       selected && strcmp(selected, options[i].value) == 0 ? " selected" : "",
		       options[i].label);
	html_raw(b, "</select>\n</div>\n");
}

void
page_checkbox(struct http_req *r, const char *name, const char *label, bool checked)
{
	html_f(&r->out,
	       "<div class=\"field check\">\n<input id=\"f-%s\" name=\"%s\" type=\"checkbox\" "
	       "value=\"1\"%s>\n<label for=\"f-%s\">%s</label>\n</div>\n",
	       name, name, checked ? " checked" : "", name, label);
}

int
page_pair_options(struct http_req *r, const char *const *pairs, struct page_option **out)
{
	int n = 0;

	while (pairs[2 * n] && pairs[2 * n + 1])
		n++;
	*out = arena_alloc(&r->arena, (size_t)(n + 1) * sizeof(**out));
	for (int i = 0; i < n; i++)
		(*out)[i] = (struct page_option){pairs[2 * i], pairs[2 * i + 1]};
	return n;
}

void
page_textarea(struct http_req *r, const char *name, const char *label, const char *value,
	      bool required)
{
	page_row_textarea(r, 0, name, label, value, required);
}

void
page_row_textarea(struct http_req *r, int row, const char *name, const char *label,
		  const char *value, bool required)
{
	struct buf *b = &r->out;
	bool bad = page_field_error(r, name);

	page_field_begin(r, name, label, row);
	html_f(b, "<textarea id=\"f-%s\" name=\"%s\" rows=\"6\"", name, name);
	if (required)
		html_raw(b, " required");
	if (bad)
		html_f(b, " aria-invalid=\"true\" aria-describedby=\"e-%s\"", name);
	/* The parser drops one newline right after <textarea>: write one, so a value's own
	 * leading newline survives. */
	html_f(b, ">\n%s</textarea>\n</div>\n", value ? value : "");
}

void
page_radios(struct http_req *r, const char *name, const char *legend,
	    const struct page_option *options, int n, const char *selected)
{
	struct buf *b = &r->out;
	bool bad = page_field_error(r, name);

	html_f(b, "<fieldset class=\"field radios%s\">\n<legend>%s</legend>\n", bad ? " bad" : "",
	       legend);
	page_error_text(r, name);
	for (int i = 0; i < n; i++) {
		const char *id = i == 0 ? arena_printf(&r->arena, "f-%s", name)
					: arena_printf(&r->arena, "f-%s-%d", name, i);

		html_f(b, "<div class=\"check\">\n<input id=\"%s\" name=\"%s\" type=\"radio\" "
			  "value=\"%s\"%s",
		       id, name, options[i].value,
		       selected && strcmp(selected, options[i].value) == 0 ? " checked" : "");
		if (bad)
			html_f(b, " aria-invalid=\"true\" aria-describedby=\"e-%s\"", name);
		html_f(b, ">\n<label for=\"%s\">%s</label>\n</div>\n", id, options[i].label);
	}
	html_raw(b, "</fieldset>\n");
}

void
page_confirm_personal_data(struct http_req *r)
{
	if (r->err.code != SAMSYN_ECONFLICT || strcmp(r->err.field, "confirm") != 0)
		return;
	html_f(&r->out,
	       "<div class=\"field check bad confirm-box\">\n<p class=\"field-error\" "
	       "id=\"e-confirm\">%s</p>\n<input id=\"f-confirm\" name=\"confirm\" "
	       "type=\"checkbox\" value=\"true\" aria-invalid=\"true\" "
	       "aria-describedby=\"e-confirm\">\n<label for=\"f-confirm\">%s</label>\n</div>\n",
	       r->err.message,
	       "Jag har kontrollerat att texten inte innehåller personuppgifter om ett barn");
}

void
page_notice(struct http_req *r)
{
	const char *code = http_query(r, "klart");

	for (size_t i = 0; code && i < sizeof(notices) / sizeof(notices[0]); i++)
		if (strcmp(code, notices[i].code) == 0)
			html_f(&r->out, "<p class=\"notice\" role=\"status\">%s</p>\n",
			       notices[i].text);
}

const char *
page_value(struct http_req *r, const char *name, const char *fallback)
{
	const char *v = r->form_parsed ? http_form(r, name) : NULL;

	return v ? v : fallback;
}

int64_t
page_form_id(struct http_req *r, const char *name)
{
	const char *v = http_form(r, name);
	char *end;
	long long id;

	if (v == NULL || *v == '\0')
		return 0;
	id = strtoll(v, &end, 10);
	return (*end == '\0' && id > 0) ? id : -1;
}

const char *
page_time(struct http_req *r, const char *iso)
{
	char local[32];

	if (iso == NULL)
		return "";
	time_iso_to_local(iso, local, sizeof(local), false);
	return arena_strdup(&r->arena, local);
}
