/* web_routine.c - routines (rutiner) and deviations (avvikelser): the list of routines with
 * overdue reviews first, one routine with its links, its review history (Granskningar), a
 * form that records a review (today, or a day given) and its edit form; the deviations
 * with a form that any staff user files, a status filter and the counts per routine and
 * quarter of this year, and one deviation with the handler's form for analysis, action and
 * status.
 *
 * Links: a line of the links field that is an http(s) URL (alone or after "Title |")
 * becomes a link, any other line is text (routine_links_parse).
 *
 * The domain (routine.h) decides who may do what: members of a styrgrupp and
 * administrators edit routines and handle deviations; any staff user files one.  An
 * overdue review is written in words beside its colour (WCAG 1.4.1).  A deviation text
 * that looks like a personnummer comes back with a warning and a checkbox to confirm; the
 * form keeps what was typed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/org.h"
#include "domain/routine.h"
#include "domain/steering.h"
#include "util/timeutil.h"
#include "web/page.h"
#include "web/web_routes.h"

#define ROUTINES_MAX 2000   /* routines on one page or in one picker */
#define DEVIATIONS_MAX 5000 /* deviations on one page */
#define FUNCTIONS_MAX 2000  /* functions in the owner picker */

struct routine_rows {
	struct http_req *r;
	struct routine *rows;
	int n;
};

struct deviation_rows {
	struct http_req *r;
	struct deviation *rows;
	int n;
};

struct count_rows {
	struct http_req *r;
	struct deviation_count *rows;
	int n;
};

struct function_opts {
	struct http_req *r;
	struct page_option *opts;
	int n;
};

static int routines_page(struct http_req *r, bool failed, int status);
/* Which form of a routine's page was posted and failed (its values are shown again). */
enum routine_form_failed { ROUTINE_FORM_NONE, ROUTINE_FORM_EDIT, ROUTINE_FORM_REVIEW };

static int routine_page(struct http_req *r, enum routine_form_failed failed, int status);
static void routine_links(struct http_req *r, const struct routine *rt);
static void routine_reviews(struct http_req *r, const struct routine *rt);
static void routine_form(struct http_req *r, const struct routine *rt, bool posted,
			 const struct function_opts *functions);
static int routine_in_from_form(struct http_req *r, struct routine_in *in);
static int deviations_page(struct http_req *r, bool failed, int status);
static int deviation_page(struct http_req *r, bool failed, int status);
static void counts_table(struct http_req *r, int year, const struct count_rows *counts);
static void routine_gather(const struct routine *rt, void *arg);
static void deviation_gather(const struct deviation *d, void *arg);
static void count_gather(const struct deviation_count *c, void *arg);
static void function_gather(const struct org_item *it, void *arg);
static int functions_all(struct http_req *r, struct function_opts *fo);
static int form_failed(struct http_req *r, int rc, const char *const *known);
static const char *status_filter(struct http_req *r);
static const char *or_dash(const char *s);
static const char *form_or(struct http_req *r, bool posted, const char *name,
			   const char *fallback);
static const char *empty_null(const char *s);
static bool form_true(struct http_req *r, const char *name);
static int form_unreadable(struct http_req *r);
static int this_year(void);

static const char *const routine_fields[] = {
	"title", "scope", "owner_function_id", "body", "links", "last_reviewed", "next_review",
	"active", NULL,
};
static const char *const review_fields[] = {"reviewed_on", NULL};
static const char *const file_fields[] = {"routine_id", "description", "confirm", NULL};
static const char *const handle_fields[] = {"analysis", "action", "status", "confirm", NULL};

/* --- routines -------------------------------------------------------------------- */

int
web_routines(struct http_req *r)
{
	return routines_page(r, false, 200);
}

int
web_routines_create(struct http_req *r)
{
	struct routine_in in;
	struct routine rt;
	int rc;

	if (http_form_parse(r) != SAMSYN_OK)
		return form_unreadable(r);
	if ((rc = routine_in_from_form(r, &in)) == SAMSYN_OK) {
		in.active = true;
		in.has_active = true;
		rc = routine_create(&r->tx, &in, &rt, &r->err);
	}
	if (rc == SAMSYN_OK) {
		http_redirect(r, arena_printf(&r->arena, "/styrning/rutiner/%lld?klart=skapad",
					      (long long)rt.id));
		return SAMSYN_OK;
	}
	if ((rc = form_failed(r, rc, routine_fields)) != SAMSYN_EINVAL &&
	    rc != SAMSYN_ECONFLICT)
		return rc;
	if (routines_page(r, true, err_http_status(rc)) == SAMSYN_OK)
		r->rendered = true;
	return rc;
}

static int
routines_page(struct http_req *r, bool failed, int status)
{
	struct routine_rows list = {.r = r};
	struct function_opts functions = {.r = r};
	struct err saved = r->err, e;
	bool editor = false;
	int rc, overdue = 0;

	err_clear(&e);
	list.rows = arena_alloc(&r->arena, ROUTINES_MAX * sizeof(*list.rows));
	if ((rc = routine_list(&r->tx, routine_gather, &list, &e)) != SAMSYN_OK ||
	    (rc = steering_can_edit_plans(&r->tx, &editor, &e)) != SAMSYN_OK ||
	    (rc = functions_all(r, &functions)) != SAMSYN_OK) {
		if (e.code != SAMSYN_OK)
			r->err = e;
		return rc;
	}
	r->err = saved;
	for (int i = 0; i < list.n; i++)
		overdue += list.rows[i].overdue;
	page_begin(r, "Rutiner");
	page_notice(r);
	html_raw(&r->out, "<p><a href=\"/styrning\">Tillbaka till Styrning</a></p>\n"
			  "<p>Samverkans rutiner granskas en gång om året. Rutiner vars "
			  "granskning är försenad står först.</p>\n");
	if (overdue > 0)
		html_f(&r->out, "<p class=\"due overdue\"><strong>%d %s försenad "
				"granskning.</strong></p>\n",
		       overdue, overdue == 1 ? "rutin har" : "rutiner har");
	html_raw(&r->out, "<table>\n<caption>Rutiner, försenade granskningar först</caption>\n"
			  "<thead><tr><th scope=\"col\">Rutin</th><th scope=\"col\">Ägare</th>"
			  "<th scope=\"col\">Senast granskad</th>"
			  "<th scope=\"col\">Nästa granskning</th>"
			  "<th scope=\"col\">Avvikelser</th></tr></thead>\n<tbody>\n");
	for (int i = 0; i < list.n; i++) {
		const struct routine *rt = &list.rows[i];

		/* html_f escapes its %s arguments: the row's markup goes in raw. */
		html_raw(&r->out, rt->overdue ? "<tr class=\"overdue\">" : "<tr>");
		html_f(&r->out, "<td><a href=\"/styrning/rutiner/%lld\">%s</a>%s</td>"
				"<td>%s</td><td>%s</td><td>%s",
		       (long long)rt->id, rt->title,
		       rt->active ? "" : " (används inte)", or_dash(rt->owner_function_name),
		       or_dash(rt->last_reviewed), or_dash(rt->next_review));
		if (rt->overdue)
			html_raw(&r->out, " <strong>Granskning försenad</strong>");
		html_f(&r->out, "</td><td>%lld</td></tr>\n", (long long)rt->deviations);
	}
	if (list.n == 0)
		html_raw(&r->out, "<tr><td colspan=\"5\">Det finns inga rutiner ännu.</td></tr>\n");
	html_raw(&r->out, "</tbody>\n</table>\n");
	if (editor) {
		html_raw(&r->out, "<h2 id=\"ny\">Ny rutin</h2>\n<form method=\"post\" "
				  "action=\"/styrning/rutiner\" class=\"narrow\">\n");
		page_csrf(r);
		routine_form(r, NULL, failed, &functions);
		html_raw(&r->out, "<button type=\"submit\">Skapa rutinen</button>\n</form>\n");
	} else {
		html_raw(&r->out, "<p>Styrgruppens medlemmar och administratörer skapar och ändrar "
				  "rutiner.</p>\n");
	}
	page_end(r, status);
	return SAMSYN_OK;
}

/* The fields of a routine, empty or with rt's values (or the posted ones). */
static void
routine_form(struct http_req *r, const struct routine *rt, bool posted,
	     const struct function_opts *functions)
{
	const char *owner = "";

	if (rt && rt->owner_function_id > 0)
		owner = arena_printf(&r->arena, "%lld", (long long)rt->owner_function_id);
	page_input(r, "title", "Rubrik", "text", form_or(r, posted, "title", rt ? rt->title : ""),
		   "off", true);
	page_textarea(r, "scope", "Omfattning (vilka och vad rutinen gäller)",
		      form_or(r, posted, "scope", rt ? rt->scope : ""), false);
	page_select(r, "owner_function_id", "Ägare (funktion)", functions->opts, functions->n,
		    form_or(r, posted, "owner_function_id", owner));
	page_textarea(r, "body", "Rutinens text", form_or(r, posted, "body", rt ? rt->body : ""),
		      false);
	page_textarea(r, "links", "Länkar till dokument, en per rad",
		      form_or(r, posted, "links", rt ? rt->links : ""), false);
	page_input(r, "last_reviewed", "Senast granskad (ÅÅÅÅ-MM-DD)", "date",
		   form_or(r, posted, "last_reviewed", rt && rt->last_reviewed ? rt->last_reviewed
									 : ""),
		   "off", false);
	page_input(r, "next_review",
		   "Nästa granskning (ÅÅÅÅ-MM-DD, tomt betyder ett år efter senaste granskningen)",
		   "date", form_or(r, posted, "next_review", rt ? rt->next_review : ""), "off",
		   false);
	if (rt)
		page_checkbox(r, "active", "Rutinen används",
			      posted ? form_true(r, "active") : rt->active);
}

/* The routine's fields from the form; an empty date is left to the domain's default. */
static int
routine_in_from_form(struct http_req *r, struct routine_in *in)
{
	int64_t owner = page_form_id(r, "owner_function_id");

	memset(in, 0, sizeof(*in));
	if (owner < 0)
		return err_set(&r->err, SAMSYN_EINVAL, "owner_function_id",
			       "Välj en funktion i listan.");
	in->title = http_form(r, "title");
	in->scope = http_form(r, "scope");
	in->body = http_form(r, "body");
	in->links = http_form(r, "links");
	in->last_reviewed = empty_null(http_form(r, "last_reviewed"));
	in->next_review = empty_null(http_form(r, "next_review"));
	in->owner_function_id = owner;
	in->has_title = in->has_scope = in->has_body = in->has_links = in->has_owner = true;
	in->has_last_reviewed = true;
	in->has_next_review = in->next_review != NULL;
	return SAMSYN_OK;
}

int
web_routine(struct http_req *r)
{
	return routine_page(r, ROUTINE_FORM_NONE, 200);
}

int
web_routine_update(struct http_req *r)
{
	struct routine_in in;
	struct routine rt;
	int rc;

	if (http_form_parse(r) != SAMSYN_OK)
		return form_unreadable(r);
	if ((rc = routine_in_from_form(r, &in)) == SAMSYN_OK) {
		in.active = form_true(r, "active");
		in.has_active = true;
		rc = routine_update(&r->tx, r->id[0], &in, &rt, &r->err);
	}
	if (rc == SAMSYN_OK) {
		http_redirect(r, arena_printf(&r->arena, "/styrning/rutiner/%lld?klart=sparad",
					      (long long)rt.id));
		return SAMSYN_OK;
	}
	if ((rc = form_failed(r, rc, routine_fields)) != SAMSYN_EINVAL &&
	    rc != SAMSYN_ECONFLICT)
		return rc;
	if (routine_page(r, ROUTINE_FORM_EDIT, err_http_status(rc)) == SAMSYN_OK)
		r->rendered = true;
	return rc;
}

/* The review form: the day it was reviewed (empty: today); the next review a year on. */
int
web_routine_reviewed(struct http_req *r)
{
	struct routine_review_in in = {0};
	struct routine rt;
	int rc;

	if (http_form_parse(r) != SAMSYN_OK)
		return form_unreadable(r);
	in.reviewed_on = empty_null(http_form(r, "reviewed_on"));
	if ((rc = routine_reviewed(&r->tx, r->id[0], &in, &rt, &r->err)) == SAMSYN_OK) {
		http_redirect(r, arena_printf(&r->arena, "/styrning/rutiner/%lld?klart=granskad",
					      (long long)rt.id));
		return SAMSYN_OK;
	}
	if ((rc = form_failed(r, rc, review_fields)) != SAMSYN_EINVAL && rc != SAMSYN_ECONFLICT)
		return rc;
	if (routine_page(r, ROUTINE_FORM_REVIEW, err_http_status(rc)) == SAMSYN_OK)
		r->rendered = true;
	return rc;
}

static int
routine_page(struct http_req *r, enum routine_form_failed failed, int status)
{
	struct function_opts functions = {.r = r};
	struct routine rt;
	struct err saved = r->err;
	char today[11];
	int rc;

	if ((rc = routine_get(&r->tx, r->id[0], &rt, &r->err)) != SAMSYN_OK ||
	    (rc = functions_all(r, &functions)) != SAMSYN_OK)
		return rc;
	r->err = saved;
	time_today(today);
	page_begin(r, rt.title);
	page_notice(r);
	html_raw(&r->out, "<p><a href=\"/styrning/rutiner\">Tillbaka till Rutiner</a></p>\n");
	if (rt.overdue)
		html_f(&r->out, "<p class=\"due overdue\"><strong>Granskning försenad:</strong> "
				"rutinen skulle ha granskats senast %s.</p>\n",
		       rt.next_review);
	html_f(&r->out, "<dl class=\"facts\">\n<dt>Omfattning</dt><dd>%s</dd>\n"
			"<dt>Ägare</dt><dd>%s</dd>\n<dt>Senast granskad</dt><dd>%s</dd>\n"
			"<dt>Nästa granskning</dt><dd>%s</dd>\n<dt>Används</dt><dd>%s</dd>\n"
			"<dt>Avvikelser mot rutinen</dt><dd>%lld "
			"(<a href=\"/styrning/avvikelser\">Avvikelser</a>)</dd>\n</dl>\n",
	       or_dash(rt.scope), or_dash(rt.owner_function_name), or_dash(rt.last_reviewed),
	       or_dash(rt.next_review), rt.active ? "Ja" : "Nej", (long long)rt.deviations);
	html_f(&r->out, "<h2>Rutinens text</h2>\n<p class=\"text\">%s</p>\n", or_dash(rt.body));
	routine_links(r, &rt);
	routine_reviews(r, &rt);
	if (rt.can_edit) {
		html_f(&r->out, "<h2 id=\"granska\">Registrera en granskning</h2>\n<p>Nästa "
				"granskning blir ett år efter granskningsdagen.</p>\n"
				"<form method=\"post\" action=\"/styrning/rutiner/%lld/granskad\" "
				"class=\"narrow\">\n",
		       (long long)rt.id);
		page_csrf(r);
		page_input(r, "reviewed_on", "Granskad den (ÅÅÅÅ-MM-DD)", "date",
			   form_or(r, failed == ROUTINE_FORM_REVIEW, "reviewed_on", today), "off",
			   true);
		html_raw(&r->out, "<button type=\"submit\">Registrera granskningen</button>\n"
				  "</form>\n");
		html_f(&r->out, "<h2 id=\"andra\">Ändra rutinen</h2>\n<form method=\"post\" "
				"action=\"/styrning/rutiner/%lld\" class=\"narrow\">\n",
		       (long long)rt.id);
		page_csrf(r);
		routine_form(r, &rt, failed == ROUTINE_FORM_EDIT, &functions);
		html_raw(&r->out, "<button type=\"submit\">Spara ändringarna</button>\n</form>\n");
	}
	page_end(r, status);
	return SAMSYN_OK;
}

/* The links field: an http(s) line as a link with its title, any other line as text. */
static void
routine_links(struct http_req *r, const struct routine *rt)
{
	html_raw(&r->out, "<h2 id=\"lankar\">Länkar till dokument</h2>\n");
	if (rt->nlinks == 0) {
		html_raw(&r->out, "<p>Inga länkar.</p>\n");
		return;
	}
	html_raw(&r->out, "<ul class=\"documents\">\n");
	for (int i = 0; i < rt->nlinks; i++) {
		const struct routine_link *l = &rt->link_list[i];

		if (l->url)
			html_f(&r->out, "<li><a href=\"%s\">%s</a></li>\n", l->url, l->title);
		else
			html_f(&r->out, "<li>%s</li>\n", l->title);
	}
	html_raw(&r->out, "</ul>\n");
}

/* The review history, newest first: when, when it was due, on time in words. */
static void
routine_reviews(struct http_req *r, const struct routine *rt)
{
	html_raw(&r->out, "<h2 id=\"granskningar\">Granskningar</h2>\n<table>\n<caption>"
			  "Granskningar av rutinen, den senaste först</caption>\n<thead><tr>"
			  "<th scope=\"col\">Granskad</th>"
			  "<th scope=\"col\">Skulle granskas senast</th>"
			  "<th scope=\"col\">I tid</th>"
			  "<th scope=\"col\">Nästa granskning sattes till</th>"
			  "<th scope=\"col\">Registrerad av</th></tr></thead>\n<tbody>\n");
	for (int i = 0; i < rt->nreviews; i++) {
		const struct routine_review *v = &rt->reviews[i];
		const char *on_time = "Okänt (inget datum att jämföra med)";

		if (v->timeliness)
			on_time = strcmp(v->timeliness, "on_time") == 0 ? "Ja" : "Nej, försenad";

		const char *by = v->reviewed_by ? or_dash(v->reviewed_by_name)
						: "Inte registrerad i samsyn (uppgift om tidigare "
						  "granskning)";

		html_f(&r->out, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td>"
				"</tr>\n",
		       v->reviewed_on, or_dash(v->due_on), on_time, v->next_review, by);
	}
	if (rt->nreviews == 0)
		html_raw(&r->out, "<tr><td colspan=\"5\">Rutinen har inte granskats ännu.</td>"
				  "</tr>\n");
	html_raw(&r->out, "</tbody>\n</table>\n");
}

/* --- deviations ------------------------------------------------------------------ */

int
web_deviations(struct http_req *r)
{
	return deviations_page(r, false, 200);
}

int
web_deviations_file(struct http_req *r)
{
	struct deviation_in in;
	struct deviation d;
	int64_t routine_id;
	int rc = SAMSYN_OK;

	if (http_form_parse(r) != SAMSYN_OK)
		return form_unreadable(r);
	memset(&in, 0, sizeof(in));
	if ((routine_id = page_form_id(r, "routine_id")) < 0)
		rc = err_set(&r->err, SAMSYN_EINVAL, "routine_id", "Välj en rutin i listan.");
	if (rc == SAMSYN_OK) {
		in.routine_id = routine_id;
		in.description = http_form(r, "description");
		in.confirm = form_true(r, "confirm");
		rc = deviation_file(&r->tx, &in, &d, &r->err);
	}
	if (rc == SAMSYN_OK) {
		http_redirect(r, arena_printf(&r->arena,
					      "/styrning/avvikelser/%lld?klart=registrerad",
					      (long long)d.id));
		return SAMSYN_OK;
	}
	if ((rc = form_failed(r, rc, file_fields)) != SAMSYN_EINVAL && rc != SAMSYN_ECONFLICT)
		return rc;
	if (deviations_page(r, true, err_http_status(rc)) == SAMSYN_OK)
		r->rendered = true;
	return rc;
}

static int
deviations_page(struct http_req *r, bool failed, int status)
{
	struct routine_rows routines = {.r = r};
	struct deviation_rows list = {.r = r};
	struct count_rows counts = {.r = r};
	struct page_option *opts, *statuses, *pairs;
	const char *filter = status_filter(r);
	struct err saved = r->err, e;
	int rc, nstatus, year = this_year();

	err_clear(&e);
	routines.rows = arena_alloc(&r->arena, ROUTINES_MAX * sizeof(*routines.rows));
	list.rows = arena_alloc(&r->arena, DEVIATIONS_MAX * sizeof(*list.rows));
	counts.rows = arena_alloc(&r->arena, (ROUTINES_MAX + 1) * sizeof(*counts.rows));
	if ((rc = routine_list(&r->tx, routine_gather, &routines, &e)) != SAMSYN_OK ||
	    (rc = deviation_list(&r->tx, filter, deviation_gather, &list, &e)) != SAMSYN_OK ||
	    (rc = deviation_counts(&r->tx, year, count_gather, &counts, &e)) != SAMSYN_OK) {
		r->err = e;
		return rc;
	}
	r->err = saved;

	opts = arena_alloc(&r->arena, (size_t)(routines.n + 1) * sizeof(*opts));
	opts[0] = (struct page_option){"", "Samverkan i allmänhet"};
	for (int i = 0; i < routines.n; i++)
		opts[i + 1] = (struct page_option){
			arena_printf(&r->arena, "%lld", (long long)routines.rows[i].id),
			routines.rows[i].title};
	nstatus = page_pair_options(r, deviation_statuses, &pairs);
	statuses = arena_alloc(&r->arena, (size_t)(nstatus + 1) * sizeof(*statuses));
	statuses[0] = (struct page_option){"", "Alla"};
	memcpy(statuses + 1, pairs, (size_t)nstatus * sizeof(*pairs));

	page_begin(r, "Avvikelser");
	page_notice(r);
	html_raw(&r->out, "<p><a href=\"/styrning\">Tillbaka till Styrning</a></p>\n"
			  "<p>En avvikelse är när samverkan inte fungerade som en rutin säger. "
			  "All personal kan anmäla en avvikelse. Skriv inga personuppgifter om "
			  "barn.</p>\n"
			  "<h2 id=\"ny\">Anmäl en avvikelse</h2>\n<form method=\"post\" "
			  "action=\"/styrning/avvikelser\" class=\"narrow\">\n");
	page_csrf(r);
	page_select(r, "routine_id", "Rutin", opts, routines.n + 1,
		    form_or(r, failed, "routine_id", ""));
	page_textarea(r, "description", "Vad hände?", form_or(r, failed, "description", ""),
		      true);
	if (failed)
		page_confirm_personal_data(r);
	html_raw(&r->out, "<button type=\"submit\">Anmäl avvikelsen</button>\n</form>\n");

	html_raw(&r->out, "<h2 id=\"lista\">Anmälda avvikelser</h2>\n<form method=\"get\" "
			  "action=\"/styrning/avvikelser\" class=\"filters\">\n");
	page_select(r, "status", "Status", statuses, nstatus + 1, filter ? filter : "");
	html_raw(&r->out, "<button type=\"submit\">Visa</button>\n</form>\n"
			  "<table>\n<caption>Avvikelser, öppna först och de nyaste först"
			  "</caption>\n<thead><tr><th scope=\"col\">Avvikelse</th>"
			  "<th scope=\"col\">Anmäld</th><th scope=\"col\">Rutin</th>"
			  "<th scope=\"col\">Beskrivning</th><th scope=\"col\">Status</th>"
			  "</tr></thead>\n<tbody>\n");
	for (int i = 0; i < list.n; i++) {
		const struct deviation *d = &list.rows[i];

		html_f(&r->out, "<tr><td><a href=\"/styrning/avvikelser/%lld\">Nr %lld</a></td>"
				"<td>%s</td><td>%s</td><td class=\"text\">%s</td><td>%s</td>"
				"</tr>\n",
		       (long long)d->id, (long long)d->id, page_time(r, d->filed_at),
		       d->routine_id ? or_dash(d->routine_title) : "Samverkan i allmänhet",
		       d->description, deviation_status_label(d->status));
	}
	if (list.n == 0)
		html_f(&r->out, "<tr><td colspan=\"5\">%s</td></tr>\n",
		       filter ? "Inga avvikelser med den statusen." : "Inga avvikelser är anmälda.");
	html_raw(&r->out, "</tbody>\n</table>\n");
	counts_table(r, year, &counts);
	page_end(r, status);
	return SAMSYN_OK;
}

static void
counts_table(struct http_req *r, int year, const struct count_rows *counts)
{
	int quarter[4] = {0}, total = 0;

	html_f(&r->out, "<h2 id=\"antal\">Antal per rutin och kvartal %d</h2>\n<table>\n"
			"<caption>Avvikelser %d per rutin och kvartal</caption>\n<thead><tr>"
			"<th scope=\"col\">Rutin</th><th scope=\"col\">Kvartal 1</th>"
			"<th scope=\"col\">Kvartal 2</th><th scope=\"col\">Kvartal 3</th>"
			"<th scope=\"col\">Kvartal 4</th><th scope=\"col\">Totalt</th></tr></thead>\n"
			"<tbody>\n",
	       year, year);
	for (int i = 0; i < counts->n; i++) {
		const struct deviation_count *c = &counts->rows[i];

		html_f(&r->out, "<tr><th scope=\"row\">%s</th><td>%d</td><td>%d</td><td>%d</td>"
				"<td>%d</td><td>%d</td></tr>\n",
		       c->routine_id ? or_dash(c->routine_title) : "Samverkan i allmänhet",
		       c->quarter[0], c->quarter[1], c->quarter[2], c->quarter[3], c->total);
		for (int q = 0; q < 4; q++)
			quarter[q] += c->quarter[q];
		total += c->total;
	}
	if (counts->n == 0)
		html_f(&r->out, "<tr><td colspan=\"6\">Inga avvikelser %d.</td></tr>\n", year);
	html_f(&r->out, "</tbody>\n<tfoot><tr><th scope=\"row\">Alla</th><td>%d</td><td>%d</td>"
			"<td>%d</td><td>%d</td><td>%d</td></tr></tfoot>\n</table>\n",
	       quarter[0], quarter[1], quarter[2], quarter[3], total);
}

int
web_deviation(struct http_req *r)
{
	return deviation_page(r, false, 200);
}

int
web_deviation_handle(struct http_req *r)
{
	struct deviation_in in;
	struct deviation d;
	int rc;

	if (http_form_parse(r) != SAMSYN_OK)
		return form_unreadable(r);
	memset(&in, 0, sizeof(in));
	in.analysis = http_form(r, "analysis");
	in.action = http_form(r, "action");
	in.status = empty_null(http_form(r, "status"));
	in.has_analysis = in.analysis != NULL;
	in.has_action = in.action != NULL;
	in.has_status = in.status != NULL;
	in.confirm = form_true(r, "confirm");
	rc = deviation_handle(&r->tx, r->id[0], &in, &d, &r->err);
	if (rc == SAMSYN_OK) {
		http_redirect(r, arena_printf(&r->arena, "/styrning/avvikelser/%lld?klart=sparad",
					      (long long)d.id));
		return SAMSYN_OK;
	}
	if ((rc = form_failed(r, rc, handle_fields)) != SAMSYN_EINVAL && rc != SAMSYN_ECONFLICT)
		return rc;
	if (deviation_page(r, true, err_http_status(rc)) == SAMSYN_OK)
		r->rendered = true;
	return rc;
}

static int
deviation_page(struct http_req *r, bool failed, int status)
{
	struct page_option *statuses;
	struct deviation d;
	struct err saved = r->err;
	int rc, nstatus;

	if ((rc = deviation_get(&r->tx, r->id[0], &d, &r->err)) != SAMSYN_OK)
		return rc;
	r->err = saved;
	page_begin(r, arena_printf(&r->arena, "Avvikelse nr %lld", (long long)d.id));
	page_notice(r);
	html_raw(&r->out, "<p><a href=\"/styrning/avvikelser\">Tillbaka till Avvikelser</a>"
			  "</p>\n<dl class=\"facts\">\n");
	html_raw(&r->out, "<dt>Rutin</dt><dd>");
	if (d.routine_id)
		html_f(&r->out, "<a href=\"/styrning/rutiner/%lld\">%s</a>", (long long)d.routine_id,
		       or_dash(d.routine_title));
	else
		html_raw(&r->out, "Samverkan i allmänhet");
	html_f(&r->out, "</dd>\n<dt>Anmäld</dt><dd>%s av %s</dd>\n<dt>Status</dt><dd>%s</dd>\n"
			"<dt>Avslutad</dt><dd>%s</dd>\n</dl>\n"
			"<h2>Beskrivning</h2>\n<p class=\"text\">%s</p>\n"
			"<h2>Analys</h2>\n<p class=\"text\">%s</p>\n"
			"<h2>Åtgärd</h2>\n<p class=\"text\">%s</p>\n",
	       page_time(r, d.filed_at), or_dash(d.filed_by_name),
	       deviation_status_label(d.status), d.closed_at ? page_time(r, d.closed_at) : "–",
	       d.description, or_dash(d.analysis), or_dash(d.action));
	if (d.can_handle) {
		nstatus = page_pair_options(r, deviation_statuses, &statuses);
		html_f(&r->out, "<h2 id=\"hantera\">Hantera avvikelsen</h2>\n<p>Status går bara "
				"framåt: anmäld, analyserad, åtgärdad, avslutad.</p>\n"
				"<form method=\"post\" action=\"/styrning/avvikelser/%lld\" "
				"class=\"narrow\">\n",
		       (long long)d.id);
		page_csrf(r);
		page_textarea(r, "analysis", "Analys",
			      form_or(r, failed, "analysis", d.analysis ? d.analysis : ""), false);
		page_textarea(r, "action", "Beslutad åtgärd",
			      form_or(r, failed, "action", d.action ? d.action : ""), false);
		page_select(r, "status", "Status", statuses, nstatus,
			    form_or(r, failed, "status", d.status));
		if (failed)
			page_confirm_personal_data(r);
		html_raw(&r->out, "<button type=\"submit\">Spara</button>\n</form>\n");
	}
	page_end(r, status);
	return SAMSYN_OK;
}

/* --- helpers --------------------------------------------------------------------- */

static void
routine_gather(const struct routine *rt, void *arg)
{
	struct routine_rows *list = arg;

	if (list->n < ROUTINES_MAX)
		list->rows[list->n++] = *rt;
}

static void
deviation_gather(const struct deviation *d, void *arg)
{
	struct deviation_rows *list = arg;

	if (list->n < DEVIATIONS_MAX)
		list->rows[list->n++] = *d;
}

static void
count_gather(const struct deviation_count *c, void *arg)
{
	struct count_rows *list = arg;

	if (list->n < ROUTINES_MAX + 1)
		list->rows[list->n++] = *c;
}

static void
function_gather(const struct org_item *it, void *arg)
{
	struct function_opts *fo = arg;

	if (fo->n < FUNCTIONS_MAX + 1 && it->active)
		fo->opts[fo->n++] = (struct page_option){
			arena_printf(&fo->r->arena, "%lld", (long long)it->id), it->name};
}

/* The owner picker: "Ingen" and every active function. */
static int
functions_all(struct http_req *r, struct function_opts *fo)
{
	struct err e;
	int rc;

	err_clear(&e);
	fo->opts = arena_alloc(&r->arena, (FUNCTIONS_MAX + 1) * sizeof(*fo->opts));
	fo->opts[fo->n++] = (struct page_option){"", "Ingen"};
	if ((rc = org_list(&r->tx, ORG_FUNCTION, function_gather, fo, &e)) != SAMSYN_OK)
		r->err = e;
	return rc;
}

/* Prepares r->err for showing a form again: the personnummer warning becomes the
 * confirm box's error; a field the form lacks is dropped.  Returns rc. */
static int
form_failed(struct http_req *r, int rc, const char *const *known)
{
	if (rc != SAMSYN_EINVAL && rc != SAMSYN_ECONFLICT)
		return rc;
	if (strcmp(r->err.field, "confirm_personal_data") == 0) {
		/* The domain's warning names the texts and says what to do; it goes on the
		 * confirm box as it is. */
		snprintf(r->err.field, sizeof(r->err.field), "%s", "confirm");
		return rc;
	}
	for (int i = 0; known[i]; i++)
		if (strcmp(r->err.field, known[i]) == 0)
			return rc;
	r->err.field[0] = '\0';
	return rc;
}

/* ?status=... when it is one of the deviation statuses, else NULL (all). */
static const char *
status_filter(struct http_req *r)
{
	const char *s = http_query(r, "status");

	for (int i = 0; s && deviation_statuses[i]; i += 2)
		if (strcmp(deviation_statuses[i], s) == 0)
			return deviation_statuses[i];
	return NULL;
}

static const char *
or_dash(const char *s)
{
	return s && *s ? s : "–";
}

/* The posted value (or "") when the form was posted, else fallback. */
static const char *
form_or(struct http_req *r, bool posted, const char *name, const char *fallback)
{
	const char *v;

	if (!posted)
		return fallback ? fallback : "";
	v = http_form(r, name);
	return v ? v : "";
}

static const char *
empty_null(const char *s)
{
	return s && *s ? s : NULL;
}

static bool
form_true(struct http_req *r, const char *name)
{
	const char *v = http_form(r, name);

	return v && (strcmp(v, "true") == 0 || strcmp(v, "1") == 0);
}

static int
form_unreadable(struct http_req *r)
{
	return err_set(&r->err, SAMSYN_EINVAL, NULL, "Formuläret kunde inte läsas.");
}

static int
this_year(void)
{
	char today[11];

	time_today(today);
	return (int)strtol(today, NULL, 10);
}
