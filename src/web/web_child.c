/* web_child.c - the child registry for intake staff (barn): a search by name or number,
 * and one child with guardians, reports and open investigations, and a form to change
 * the child's details.
 *
 * A search is a POST form, so that a personnummer never appears in a URL, a log of
 * requests or the browser's history.  A child with protected identity (skyddad
 * identitet) shows that it is protected; when the reader lacks the explicit right the
 * domain gives no address or school, and the page says that they are not shown instead
 * of offering fields that would overwrite them.  (The investigation pages under
 * /mottagning/utredningar are in web_intake.c, beside the due-day helpers they share.) */
#include <stdio.h>
#include <string.h>

#include "domain/access.h"
#include "domain/child.h"
#include "domain/intake.h"
#include "domain/report.h"
#include "web/page.h"
#include "web/web_routes.h"

#define SEARCH_MAX 50 /* child_search gives at most this many */

struct field_map {
	const char *domain, *form;
};

static const struct field_map search_fields[] = {
	{"q", "q"},
	{NULL, NULL},
};
static const struct field_map update_fields[] = {
	{"name", "name"},
	{"address", "address"},
	{"school_name", "school_name"},
	{"school", "school_name"},
	{"protected_identity", "protected_identity"},
	{NULL, NULL},
};
static const struct field_map guardian_fields[] = {
	{"name", "guardian_name"},
	{"phone", "guardian_phone"},
	{"custody", "guardian_custody"},
	{NULL, NULL},
};

struct child_rows {
	struct http_req *r;
	struct buf *out;
	int n;
};

static void search_page(struct http_req *r, int status, const char *results, int n);
static void search_row(const struct child *ch, void *arg);
static int child_page(struct http_req *r, int status);
static void child_facts(struct http_req *r, const struct child *ch);
static void child_guardians(struct http_req *r, const struct child *ch);
static int child_reports(struct http_req *r, const struct child *ch);
static void report_row(const struct report_line *line, void *arg);
static int child_investigations(struct http_req *r, const struct child *ch);
static void investigation_row(const struct investigation *inv, void *arg);
static void child_edit_form(struct http_req *r, const struct child *ch);
static int child_form_error(struct http_req *r, int rc, const struct field_map *map);
static const char *id_kind_label(const char *kind);
static const char *or_dash(const char *s);
static bool text_same(const char *a, const char *b);
static void map_field(struct err *e, const struct field_map *map);

int
web_children_search_form(struct http_req *r)
{
	int rc;

	if ((rc = access_require_intake(&r->tx, "child", 0, &r->err)) != SAMSYN_OK)
		return rc;
	search_page(r, 200, NULL, 0);
	return SAMSYN_OK;
}

int
web_children_search(struct http_req *r)
{
	struct buf rows;
	struct child_rows cr = {.r = r, .out = &rows};
	int rc;

	if (http_form_parse(r) != SAMSYN_OK)
		return err_set(&r->err, SAMSYN_EINVAL, NULL, "Formuläret kunde inte läsas.");
	buf_init(&rows, BUF_MAX_DEFAULT);
	rc = child_search(&r->tx, http_form(r, "q") ? http_form(r, "q") : "", search_row, &cr,
			  &r->err);
	if (rc == SAMSYN_OK) {
		search_page(r, 200, buf_cstr(&rows), cr.n);
	} else if (rc == SAMSYN_EINVAL) {
		map_field(&r->err, search_fields);
		search_page(r, err_http_status(rc), NULL, 0);
		r->rendered = true;
	}
	buf_release(&rows);
	return rc;
}

int
web_child(struct http_req *r)
{
	return child_page(r, 200);
}

int
web_child_update(struct http_req *r)
{
	struct child_update in;
	struct child before, out;
	struct err e;
	int rc;

	if (http_form_parse(r) != SAMSYN_OK)
		return err_set(&r->err, SAMSYN_EINVAL, NULL, "Formuläret kunde inte läsas.");
	/* Address and school count as changed only when the form showed them and they
	 * differ: marking a child protected must not need the right to see its address. */
	err_clear(&e);
	if ((rc = child_get(&r->tx, r->id[0], &before, &e)) != SAMSYN_OK) {
		r->err = e;
		return rc;
	}
	in = (struct child_update){
		.name = http_form(r, "name"),
		.address = http_form(r, "address"),
		.school_name = http_form(r, "school_name"),
		.protected_identity = http_form(r, "protected_identity") != NULL,
		.has_name = true,
		.has_address = !before.details_hidden &&
			       !text_same(http_form(r, "address"), before.address),
		.has_school_name = !before.details_hidden &&
				   !text_same(http_form(r, "school_name"), before.school_name),
		.has_protected = true,
	};
	rc = child_update(&r->tx, r->id[0], &in, &out, &r->err);
	if (rc == SAMSYN_OK)
		http_redirect(r, arena_printf(&r->arena, "/mottagning/barn/%lld?klart=sparad",
					      (long long)r->id[0]));
	return child_form_error(r, rc, update_fields);
}

int
web_child_guardian(struct http_req *r)
{
	struct guardian g;
	int rc;

	if (http_form_parse(r) != SAMSYN_OK)
		return err_set(&r->err, SAMSYN_EINVAL, NULL, "Formuläret kunde inte läsas.");
	rc = child_add_guardian(&r->tx, r->id[0], http_form(r, "guardian_name"),
				http_form(r, "guardian_phone"),
				http_form(r, "guardian_custody") != NULL, &g, &r->err);
	if (rc == SAMSYN_OK)
		http_redirect(r, arena_printf(&r->arena,
					      "/mottagning/barn/%lld?klart=vardnadshavare#vardnad",
					      (long long)r->id[0]));
	return child_form_error(r, rc, guardian_fields);
}

static void
search_page(struct http_req *r, int status, const char *results, int n)
{
	page_begin(r, "Sök barn");
	html_raw(&r->out,
		 "<p><a href=\"/mottagning\">Tillbaka till mottagningen</a></p>\n"
		 "<form method=\"post\" action=\"/mottagning/barn\" class=\"narrow\">\n");
	page_csrf(r);
	page_input(r, "q", "Namn (minst 2 tecken) eller personnummer (minst 6 siffror)", "search",
		   page_value(r, "q", ""), "off", true);
	html_raw(&r->out, "<button type=\"submit\">Sök</button>\n</form>\n");
	if (results) {
		html_raw(&r->out,
			 "<table>\n<caption>Sökträffar</caption>\n<thead><tr><th scope=\"col\">"
			 "Namn</th><th scope=\"col\">Identitet</th><th scope=\"col\">Född</th>"
			 "<th scope=\"col\">Ålder</th><th scope=\"col\">Skydd</th></tr></thead>\n"
			 "<tbody>\n");
		html_raw(&r->out, results);
		if (n == 0)
			html_raw(&r->out, "<tr><td colspan=\"5\">Inga barn hittades.</td></tr>\n");
		html_raw(&r->out, "</tbody>\n</table>\n");
		if (n >= SEARCH_MAX)
			html_f(&r->out, "<p>Sökningen visar högst %d barn. Skriv mer för att "
					"få färre träffar.</p>\n",
			       SEARCH_MAX);
		html_raw(&r->out, "<p>En anmälan som kom in före 2025-07-01 och inte ledde till "
				  "utredning går inte att söka fram på namn eller personnummer, "
				  "bara på sitt nummer.</p>\n");
	}
	page_end(r, status);
}

static void
search_row(const struct child *ch, void *arg)
{
	struct child_rows *cr = arg;

	cr->n++;
	html_f(cr->out, "<tr><td><a href=\"/mottagning/barn/%lld\">%s</a></td><td>%s</td>"
			"<td>%s</td><td>%d år</td><td>%s</td></tr>\n",
	       (long long)ch->id, ch->name, or_dash(ch->pnr_display), or_dash(ch->birth_date),
	       ch->age, ch->protected_identity ? "Skyddad identitet" : "–");
}

/* The child page; after a failed form it is drawn again with the error. */
static int
child_page(struct http_req *r, int status)
{
	struct child ch;
	struct err e;
	int rc;

	err_clear(&e);
	if ((rc = child_get(&r->tx, r->id[0], &ch, &e)) != SAMSYN_OK) {
		if (status == 200)
			r->err = e;
		return rc;
	}
	page_begin(r, ch.name);
	page_notice(r);
	html_raw(&r->out, "<p><a href=\"/mottagning\">Tillbaka till mottagningen</a> · <a "
			  "href=\"/mottagning/barn\">Sök barn</a></p>\n");
	child_facts(r, &ch);
	child_guardians(r, &ch);
	if ((rc = child_reports(r, &ch)) != SAMSYN_OK ||
	    (rc = child_investigations(r, &ch)) != SAMSYN_OK)
		return rc;
	child_edit_form(r, &ch);
	page_end(r, status);
	return SAMSYN_OK;
}

static void
child_facts(struct http_req *r, const struct child *ch)
{
	html_raw(&r->out, "<dl class=\"facts\">\n");
	if (ch->protected_identity)
		html_raw(&r->out, "<dt>Skydd</dt><dd><strong>Skyddad identitet</strong></dd>\n");
	html_f(&r->out, "<dt>%s</dt><dd>%s</dd>\n", id_kind_label(ch->id_kind),
	       or_dash(ch->pnr_display));
	html_f(&r->out, "<dt>Född</dt><dd>%s (%d år)</dd>\n", or_dash(ch->birth_date), ch->age);
	if (ch->details_hidden) {
		html_raw(&r->out, "<dt>Adress och skola</dt><dd>Adress och skola visas inte"
				  "</dd>\n");
	} else {
		html_f(&r->out, "<dt>Adress</dt><dd>%s</dd>\n", or_dash(ch->address));
		html_f(&r->out, "<dt>Skola</dt><dd>%s</dd>\n", or_dash(ch->school_name));
	}
	html_f(&r->out, "<dt>I registret sedan</dt><dd>%s</dd>\n</dl>\n",
	       page_time(r, ch->created_at));
}

static void
child_guardians(struct http_req *r, const struct child *ch)
{
	html_raw(&r->out, "<h2 id=\"vardnad\">Vårdnadshavare</h2>\n<table>\n<caption>Barnets "
			  "vårdnadshavare</caption>\n<thead><tr><th scope=\"col\">Namn</th>"
			  "<th scope=\"col\">Telefon</th><th scope=\"col\">Har vårdnaden</th></tr>"
			  "</thead>\n<tbody>\n");
	for (int i = 0; i < ch->nguardians; i++)
		html_f(&r->out, "<tr><td>%s</td><td>%s</td><td>%s</td></tr>\n",
		       ch->guardians[i].name, or_dash(ch->guardians[i].phone),
		       ch->guardians[i].custody ? "Ja" : "Nej");
	if (ch->nguardians == 0)
		html_raw(&r->out, "<tr><td colspan=\"3\">Inga vårdnadshavare registrerade.</td>"
				  "</tr>\n");
	html_f(&r->out, "</tbody>\n</table>\n<h3>Lägg till vårdnadshavare</h3>\n<form "
			"method=\"post\" action=\"/mottagning/barn/%lld/vardnadshavare\" "
			"class=\"narrow\">\n",
	       (long long)ch->id);
	page_csrf(r);
	page_input(r, "guardian_name", "Vårdnadshavarens namn", "text",
		   page_value(r, "guardian_name", ""), "off", true);
	page_input(r, "guardian_phone", "Vårdnadshavarens telefon", "tel",
		   page_value(r, "guardian_phone", ""), "off", false);
	page_checkbox(r, "guardian_custody", "Har vårdnaden om barnet",
		      r->form_parsed && http_form(r, "guardian_name")
			      ? http_form(r, "guardian_custody") != NULL
			      : true);
	html_raw(&r->out, "<button type=\"submit\">Lägg till vårdnadshavare</button>\n</form>\n");
}

static int
child_reports(struct http_req *r, const struct child *ch)
{
	struct child_rows cr = {.r = r, .out = &r->out};
	struct err e;
	int rc;

	html_raw(&r->out, "<h2>Anmälningar</h2>\n<table>\n<caption>Anmälningar om barnet, "
			  "nyast först</caption>\n<thead><tr><th scope=\"col\">Anmälan</th>"
			  "<th scope=\"col\">Mottagen</th><th scope=\"col\">Oron gäller</th>"
			  "<th scope=\"col\">Brådska</th></tr></thead>\n<tbody>\n");
	/* r->err may hold a form's error that the page still shows: keep it. */
	err_clear(&e);
	if ((rc = report_list_for_child(&r->tx, ch->id, report_row, &cr, &e)) != SAMSYN_OK) {
		r->err = e;
		return rc;
	}
	if (cr.n == 0)
		html_raw(&r->out, "<tr><td colspan=\"4\">Inga anmälningar som får visas.</td>"
				  "</tr>\n");
	html_raw(&r->out, "</tbody>\n</table>\n");
	return SAMSYN_OK;
}

static void
report_row(const struct report_line *line, void *arg)
{
	struct child_rows *cr = arg;
	struct http_req *r = cr->r;

	cr->n++;
	html_f(&r->out, "<tr><td><a href=\"/mottagning/anmalningar/%lld\">%s</a></td><td>%s</td>"
			"<td>%s</td><td>%s</td></tr>\n",
	       (long long)line->id, or_dash(line->number), page_time(r, line->received_at),
	       or_dash(report_category_label(line->category ? line->category : "")),
	       or_dash(report_urgency_label(line->urgency ? line->urgency : "")));
}

static int
child_investigations(struct http_req *r, const struct child *ch)
{
	struct child_rows cr = {.r = r, .out = &r->out};
	struct err e;
	int rc;

	html_raw(&r->out, "<h2>Pågående utredningar</h2>\n<table>\n<caption>Barnets pågående "
			  "utredningar</caption>\n<thead><tr><th scope=\"col\">Utredning</th>"
			  "<th scope=\"col\">Grund</th><th scope=\"col\">Slutdatum</th></tr>"
			  "</thead>\n<tbody>\n");
	err_clear(&e);
	if ((rc = investigation_list_open(&r->tx, ch->id, investigation_row, &cr, &e)) !=
	    SAMSYN_OK) {
		r->err = e;
		return rc;
	}
	if (cr.n == 0)
		html_raw(&r->out, "<tr><td colspan=\"3\">Ingen pågående utredning.</td></tr>\n");
	html_raw(&r->out, "</tbody>\n</table>\n");
	return SAMSYN_OK;
}

static void
investigation_row(const struct investigation *inv, void *arg)
{
	struct child_rows *cr = arg;
	struct http_req *r = cr->r;

	cr->n++;
	html_f(&r->out, "<tr><td><a href=\"/mottagning/utredningar/%lld\">Inledd %s</a></td>"
			"<td>%s</td><td>%s</td></tr>\n",
	       (long long)inv->id, page_time(r, inv->opened_at),
	       strcmp(inv->basis ? inv->basis : "", "violence") == 0
		       ? "Våld: inledd direkt vid anmälan"
		       : "Beslut efter förhandsbedömning",
	       or_dash(inv->end_date));
}

static void
child_edit_form(struct http_req *r, const struct child *ch)
{
	/* The values typed into this form, when it is the one that was sent. */
	bool sent = r->form_parsed && http_form(r, "name") != NULL;

	html_f(&r->out, "<h2>Ändra uppgifter</h2>\n<form method=\"post\" "
			"action=\"/mottagning/barn/%lld\" class=\"narrow\">\n",
	       (long long)ch->id);
	page_csrf(r);
	page_input(r, "name", "Namn", "text", page_value(r, "name", ch->name), "off", true);
	if (ch->details_hidden) {
		html_raw(&r->out, "<p>Adress och skola visas inte: barnet har skyddad identitet "
				  "och du har inte behörighet att se dem.</p>\n");
	} else {
		page_input(r, "address", "Adress", "text", page_value(r, "address", ch->address),
			   "off", false);
		page_input(r, "school_name", "Skola eller förskola", "text",
			   page_value(r, "school_name", ch->school_name), "off", false);
	}
	page_checkbox(r, "protected_identity",
		      "Skyddad identitet (adress och skola visas bara för den som har särskild "
		      "behörighet)",
		      sent ? http_form(r, "protected_identity") != NULL : ch->protected_identity);
	html_raw(&r->out, "<button type=\"submit\">Spara</button>\n</form>\n");
}

/* After a failed form: the child page again with the error beside its field. */
static int
child_form_error(struct http_req *r, int rc, const struct field_map *map)
{
	/* A refusal that names a field (the address of a protected child) is about what was
	 * typed, not about the page: the form comes again, with the typing. */
	bool field_refused = rc == SAMSYN_EFORBIDDEN && r->err.field[0] && !r->tx.denial.set;

	if (rc != SAMSYN_EINVAL && rc != SAMSYN_ECONFLICT && !field_refused)
		return rc;
	map_field(&r->err, map);
	if (child_page(r, err_http_status(rc)) == SAMSYN_OK)
		r->rendered = true;
	return rc;
}

static const char *
id_kind_label(const char *kind)
{
	if (kind && strcmp(kind, "samordningsnummer") == 0)
		return "Samordningsnummer";
	if (kind && strcmp(kind, "reserve") == 0)
		return "Reservidentitet";
	return "Personnummer";
}

static const char *
or_dash(const char *s)
{
	return s && *s ? s : "–";
}

/* Equal texts, NULL as "". */
static bool
text_same(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* Renames the error's field to the form's; a field the form lacks is dropped, so the
 * error summary never links to nothing. */
static void
map_field(struct err *e, const struct field_map *map)
{
	for (int i = 0; map[i].domain; i++) {
		if (strcmp(e->field, map[i].domain) == 0 || strcmp(e->field, map[i].form) == 0) {
			snprintf(e->field, sizeof(e->field), "%s", map[i].form);
			return;
		}
	}
	e->field[0] = '\0';
}
