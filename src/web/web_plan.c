/* web_plan.c - the cooperation plans (samverkansplaner) and the yearly activity plans
 * (aktivitetsplaner): lists, one plan and its corrections, the rows of a year's plan
 * filtered and grouped by goal, responsible, term or status, a form per row that changes
 * all its fields and one that deletes it, a new row, import from CSV or Excel and export
 * to both.
 *
 * The domain (plan.h) decides who may edit: members of a styrgrupp and administrators;
 * the forms are shown only to them.  The filter of the activity plan travels in the query
 * string (goal, responsible, term, status, view): the plan holds no personal data, and the
 * forms on the page post to addresses that carry the same query, so the page comes back
 * as it was.  An import with errors shows every error with its line and column and
 * imports nothing; one refused before it is read (too large, a broken upload) gets a page
 * of its own that leads back to the plan. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/org.h"
#include "domain/plan.h"
#include "http/multipart.h"
#include "util/collate.h"
#include "util/timeutil.h"
#include "web/page.h"
#include "web/web_routes.h"

#define PLANS_MAX 500
#define FILTER_TEXT_MAX 200

/* How the rows are shown: one list, or grouped under headings. */
enum plan_view { VIEW_LIST, VIEW_GOAL, VIEW_RESPONSIBLE, VIEW_TERM, VIEW_STATUS };

/* The activity plan's filter and view, from the query string. */
struct plan_filter {
	struct activity_filter f;
	enum plan_view view;
	const char *responsible; /* the responsible select's value ("f:12", "t:Rektor"), NULL */
	const char *term_value;  /* the term select's value: "", vt, ht or ingen */
	const char *query; /* the same as a query string ("" for none), unescaped for a URL */
};

/* The organisation's functions, for the boxes of an activity's form. */
struct fn_list {
	struct http_req *r;
	struct org_item *items;
	int n, cap;
};

/* One heading of the plan grouped by responsible: a function, or a part of the free text
 * (function_id 0) that is not the name of a function of the same row. */
struct resp_group {
	int64_t function_id;
	const char *name;
	const char *folded; /* a text part's name case-folded, for matching */
};

struct resp_groups {
	struct resp_group *items;
	int n;
};

/* What the activity plan page shows again after a failed post. */
struct plan_failure {
	enum { FAIL_NONE, FAIL_ROW, FAIL_NEW, FAIL_IMPORT, FAIL_DELETE } form;
	int64_t row;                     /* FAIL_ROW, FAIL_DELETE: the row whose form failed */
	const struct import_result *imp; /* FAIL_IMPORT: the errors, if any */
};

struct coop_list {
	struct http_req *r;
	struct coop_plan *plans;
	int n;
};

struct aplan_list {
	struct http_req *r;
	struct activity_plan *plans;
	int n;
};

static int coop_plans_page(struct http_req *r, bool failed, int status);
static void coop_gather(const struct coop_plan *p, void *arg);
static int coop_gather_all(struct http_req *r, struct coop_list *list);
static const struct coop_plan *coop_find(const struct coop_list *list, int64_t id);
static const char *coop_state(struct http_req *r, const struct coop_plan *p,
			      const struct coop_list *list);
static void coop_form(struct http_req *r, const struct coop_list *list, bool posted);
static int coop_page(struct http_req *r, bool posted, int status);
static void coop_edit_form(struct http_req *r, const struct coop_plan *cp, bool posted);
static const char *coop_items_text(struct http_req *r, const struct coop_goal *items, int n);
static bool plan_editor(struct http_req *r);
static void coop_items(struct http_req *r, const char *heading, const char *what,
		       const struct coop_goal *items, int n);
static int aplans_page(struct http_req *r, bool failed, int status);
static void aplan_gather(const struct activity_plan *p, void *arg);
static int aplan_gather_all(struct http_req *r, struct aplan_list *list);
static void aplan_create_form(struct http_req *r, bool posted, int year);
static int aplan_page(struct http_req *r, int year, const struct plan_failure *fail,
		      int status);
static void aplan_missing(struct http_req *r, int year, const struct plan_filter *pf,
			  const struct plan_failure *fail, int status);
static void filter_form(struct http_req *r, int year, const struct plan_filter *pf,
			const struct coop_plan *cp, const struct activity_plan *all);
static void rows_table(struct http_req *r, const struct activity_plan *ap,
		       const struct plan_filter *pf, const struct plan_failure *fail,
		       const char *caption, const bool *show, const struct fn_list *fns);
static void row_text_fields(struct http_req *r, const struct activity *a, bool posted);
static void row_delete_form(struct http_req *r, const struct activity_plan *ap,
			    const struct plan_filter *pf, const struct activity *a, bool failed);
static void row_form(struct http_req *r, const struct activity_plan *ap,
		     const struct plan_filter *pf, const struct activity *a,
		     const struct plan_failure *fail, const struct fn_list *fns);
static void rows_grouped(struct http_req *r, const struct activity_plan *ap,
			 const struct plan_filter *pf, const struct coop_plan *cp);
static void new_row_form(struct http_req *r, int year, const struct plan_filter *pf,
			 bool posted, const struct fn_list *fns);
static void fn_gather(const struct org_item *it, void *arg);
static void functions_fieldset(struct http_req *r, const char *name, const char *legend,
			       const struct fn_list *fns, const struct activity *a, bool posted);
static void responsible_functions(struct http_req *r, const struct activity *a);
static int form_ids(struct http_req *r, const char *name, const int64_t **out, int *n);
static void resp_groups_of(struct http_req *r, const struct activity_plan *ap,
			   struct resp_groups *out);
static bool resp_row_in(struct http_req *r, const struct activity *a,
			const struct resp_group *g);
static const char *fold(struct http_req *r, const char *s);
static void import_form(struct http_req *r, int year, const struct plan_filter *pf,
			const struct plan_failure *fail);
static void aplan_page_begin(struct http_req *r, int year, const struct plan_failure *fail);
static const char *import_error_text(struct http_req *r, const struct import_error *ie);
static bool names_line(const char *message, int line);
static void plan_filter_parse(struct http_req *r, struct plan_filter *pf);
static const char *plan_url(struct http_req *r, const char *path, const struct plan_filter *pf,
			    const char *extra);
static void url_encode(struct buf *b, const char *s);
static bool row_has_goal(const struct activity *a, int goal);
static int year_from_query(struct http_req *r);
static void map_new_field(struct err *e);
static const char *const *known_or_null(const char *const *fields, const char *field);
static const char *label_of(const char *const *pairs, const char *v);
static const char *or_dash(const char *s);
static bool parse_int(const char *s, int lo, int hi, int *out);
static const char *form_or(struct http_req *r, bool posted, const char *name,
			   const char *fallback);
static int form_unreadable(struct http_req *r);

static const char *const coop_fields[] = {
	"title", "first_year", "last_year", "purpose", "adopted_by", "adopted_on", "goals",
	"strategies", "replaces", NULL,
};

/* --- cooperation plans ----------------------------------------------------------- */

int
web_coop_plans(struct http_req *r)
{
	return coop_plans_page(r, false, 200);
}

int
web_coop_plans_create(struct http_req *r)
{
	struct coop_plan_in in;
	struct coop_plan cp;
	int64_t replaces;
	int rc = SAMSYN_OK;

	if (http_form_parse(r) != SAMSYN_OK)
		return form_unreadable(r);
	in = (struct coop_plan_in){
		.title = http_form(r, "title"),
		.purpose = http_form(r, "purpose"),
		.adopted_by = http_form(r, "adopted_by"),
		.adopted_on = http_form(r, "adopted_on"),
		.goals = http_form(r, "goals"),
		.strategies = http_form(r, "strategies"),
	};
	if (in.adopted_on && *in.adopted_on == '\0')
		in.adopted_on = NULL;
	replaces = page_form_id(r, "replaces");
	if (!parse_int(http_form(r, "first_year"), 1, 9999, &in.first_year))
		rc = err_set(&r->err, SAMSYN_EINVAL, "first_year",
			     "Ange första året med fyra siffror, som 2020.");
	else if (!parse_int(http_form(r, "last_year"), 1, 9999, &in.last_year))
		rc = err_set(&r->err, SAMSYN_EINVAL, "last_year",
			     "Ange sista året med fyra siffror, som 2023.");
	else if (replaces < 0)
		rc = err_set(&r->err, SAMSYN_EINVAL, "replaces", "Välj en plan i listan.");
	if (rc == SAMSYN_OK) {
		in.replaces = replaces;
		rc = coop_plan_create(&r->tx, &in, &cp, &r->err);
	}
	if (rc == SAMSYN_OK) {
		http_redirect(r, arena_printf(&r->arena,
					      "/styrning/samverkansplaner/%lld?klart=skapad",
					      (long long)cp.id));
		return SAMSYN_OK;
	}
	if (rc != SAMSYN_EINVAL && rc != SAMSYN_ECONFLICT)
		return rc;
	if (known_or_null(coop_fields, r->err.field) == NULL)
		r->err.field[0] = '\0';
	if (coop_plans_page(r, true, err_http_status(rc)) == SAMSYN_OK)
		r->rendered = true;
	return rc;
}

static int
coop_plans_page(struct http_req *r, bool failed, int status)
{
	struct coop_list list = {.r = r};
	bool editor;
	int rc;

	if ((rc = coop_gather_all(r, &list)) != SAMSYN_OK)
		return rc;
	editor = plan_editor(r);
	page_begin(r, "Samverkansplaner");
	page_notice(r);
	html_raw(&r->out, "<p><a href=\"/styrning\">Tillbaka till Styrning</a></p>\n"
			  "<p>Samverkansplanen antas av nämnderna för en period av år. En ny plan "
			  "för en ny period ersätter den gamla, som finns kvar att läsa.</p>\n"
			  "<table>\n<caption>Samverkansplaner, den senaste först</caption>\n"
			  "<thead><tr><th scope=\"col\">Plan</th><th scope=\"col\">Period</th>"
			  "<th scope=\"col\">Antagen</th><th scope=\"col\">Läge</th></tr></thead>\n"
			  "<tbody>\n");
	for (int i = 0; i < list.n; i++) {
		const struct coop_plan *p = &list.plans[i];

		bool by = p->adopted_by && *p->adopted_by, on = p->adopted_on && *p->adopted_on;

		html_f(&r->out, "<tr><td><a href=\"/styrning/samverkansplaner/%lld\">%s</a></td>"
				"<td>%d–%d</td><td>%s%s%s</td><td>",
		       (long long)p->id, p->title, p->first_year, p->last_year,
		       by ? p->adopted_by : "", by && on ? ", " : "",
		       on ? p->adopted_on : by ? "" : "–");
		html_raw(&r->out, coop_state(r, p, &list));
		html_raw(&r->out, "</td></tr>\n");
	}
	if (list.n == 0)
		html_raw(&r->out, "<tr><td colspan=\"4\">Det finns ingen samverkansplan ännu."
				  "</td></tr>\n");
	html_raw(&r->out, "</tbody>\n</table>\n");
	if (editor)
		coop_form(r, &list, failed);
	page_end(r, status);
	return SAMSYN_OK;
}

static int
coop_gather_all(struct http_req *r, struct coop_list *list)
{
	struct err e;
	int rc;

	err_clear(&e);
	list->plans = arena_alloc(&r->arena, PLANS_MAX * sizeof(*list->plans));
	if ((rc = coop_plan_list(&r->tx, coop_gather, list, &e)) != SAMSYN_OK)
		r->err = e;
	return rc;
}

static void
coop_gather(const struct coop_plan *p, void *arg)
{
	struct coop_list *list = arg;

	if (list->n < PLANS_MAX)
		list->plans[list->n++] = *p;
}

static const struct coop_plan *
coop_find(const struct coop_list *list, int64_t id)
{
	for (int i = 0; i < list->n; i++)
		if (list->plans[i].id == id)
			return &list->plans[i];
	return NULL;
}

/* The plan's state in words, as trusted markup (its title escaped here). */
static const char *
coop_state(struct http_req *r, const struct coop_plan *p, const struct coop_list *list)
{
	const struct coop_plan *next = p->replaced_by ? coop_find(list, p->replaced_by) : NULL;
	char today[11];
	struct buf b;
	const char *out;

	time_today(today);
	buf_init(&b, 4096);
	if (p->replaced_by)
		html_f(&b, "Ersatt av <a href=\"/styrning/samverkansplaner/%lld\">%s</a>",
		       (long long)p->replaced_by, next ? next->title : "en nyare plan");
	else if (p->revise_soon)
		html_f(&b, "<strong>Dags att revidera</strong> (gäller till och med %d)",
		       p->last_year);
	else if (p->first_year > (int)strtol(today, NULL, 10))
		html_f(&b, "Gäller från %d", p->first_year);
	else
		html_raw(&b, "Gäller");
	out = arena_strdup(&r->arena, buf_cstr(&b));
	buf_release(&b);
	return out;
}

static void
coop_form(struct http_req *r, const struct coop_list *list, bool posted)
{
	struct page_option *opts = arena_alloc(&r->arena, (size_t)(list->n + 1) * sizeof(*opts));
	int n = 0;

	opts[n++] = (struct page_option){"", "Ingen"};
	for (int i = 0; i < list->n; i++) {
		const struct coop_plan *p = &list->plans[i];

		if (p->replaced_by)
			continue;
		opts[n++] = (struct page_option){
			arena_printf(&r->arena, "%lld", (long long)p->id),
			arena_printf(&r->arena, "%s (%d–%d)", p->title, p->first_year,
				     p->last_year)};
	}
	html_raw(&r->out, "<h2 id=\"ny\">Ny samverkansplan</h2>\n<p>Styrgruppens medlemmar och "
			  "administratörer lägger in planen som nämnderna har antagit.</p>\n"
			  "<form method=\"post\" action=\"/styrning/samverkansplaner\" "
			  "class=\"narrow\">\n");
	page_csrf(r);
	page_input(r, "title", "Rubrik", "text", form_or(r, posted, "title", ""), "off", true);
	page_input(r, "first_year", "Första året", "number", form_or(r, posted, "first_year", ""),
		   "off", true);
	page_input(r, "last_year", "Sista året", "number", form_or(r, posted, "last_year", ""),
		   "off", true);
	page_textarea(r, "purpose", "Syfte", form_or(r, posted, "purpose", ""), true);
	page_input(r, "adopted_by", "Antagen av (vilka nämnder)", "text",
		   form_or(r, posted, "adopted_by", ""), "off", false);
	page_input(r, "adopted_on", "Antagen den (ÅÅÅÅ-MM-DD)", "date",
		   form_or(r, posted, "adopted_on", ""), "off", false);
	page_textarea(r, "goals", "Mål, ett per rad (”1. Text” eller bara texten)",
		      form_or(r, posted, "goals", ""), false);
	page_textarea(r, "strategies", "Strategier, en per rad",
		      form_or(r, posted, "strategies", ""), false);
	page_select(r, "replaces", "Ersätter", opts, n, form_or(r, posted, "replaces", ""));
	html_raw(&r->out, "<button type=\"submit\">Skapa samverkansplanen</button>\n</form>\n");
}

int
web_coop_plan(struct http_req *r)
{
	return coop_page(r, false, 200);
}

/* POST /styrning/samverkansplaner/{id}: changes to the plan in force (plan editors). */
int
web_coop_plan_update(struct http_req *r)
{
	struct coop_plan_in in;
	struct coop_plan cp;
	int rc = SAMSYN_OK;

	if (http_form_parse(r) != SAMSYN_OK)
		return form_unreadable(r);
	in = (struct coop_plan_in){
		.title = http_form(r, "title"),
		.purpose = http_form(r, "purpose"),
		.adopted_by = http_form(r, "adopted_by"),
		.adopted_on = http_form(r, "adopted_on"),
		.goals = http_form(r, "goals"),
		.strategies = http_form(r, "strategies"),
		.has_title = true, .has_purpose = true, .has_adopted_by = true,
		.has_adopted_on = true, .has_goals = true, .has_strategies = true,
		.has_first_year = true, .has_last_year = true,
	};
	if (!parse_int(http_form(r, "first_year"), 1, 9999, &in.first_year))
		rc = err_set(&r->err, SAMSYN_EINVAL, "first_year",
			     "Ange första året med fyra siffror, som 2020.");
	else if (!parse_int(http_form(r, "last_year"), 1, 9999, &in.last_year))
		rc = err_set(&r->err, SAMSYN_EINVAL, "last_year",
			     "Ange sista året med fyra siffror, som 2023.");
	else
		rc = coop_plan_update(&r->tx, r->id[0], &in, &cp, &r->err);
	if (rc == SAMSYN_OK) {
		http_redirect(r, arena_printf(&r->arena,
					      "/styrning/samverkansplaner/%lld?klart=sparad",
					      (long long)cp.id));
		return SAMSYN_OK;
	}
	if (rc != SAMSYN_EINVAL && rc != SAMSYN_ECONFLICT)
		return rc;
	if (known_or_null(coop_fields, r->err.field) == NULL)
		r->err.field[0] = '\0';
	if (coop_page(r, true, err_http_status(rc)) == SAMSYN_OK)
		r->rendered = true;
	return rc;
}

/* One plan; after a failed change (posted) the form shows what was sent, with the error. */
static int
coop_page(struct http_req *r, bool posted, int status)
{
	struct aplan_list aplans = {.r = r};
	struct coop_plan cp, other;
	struct err saved = r->err, e;
	int rc, shown = 0;

	err_clear(&e);
	if ((rc = coop_plan_get(&r->tx, r->id[0], &cp, &e)) != SAMSYN_OK ||
	    (rc = aplan_gather_all(r, &aplans)) != SAMSYN_OK) {
		if (!posted && rc != SAMSYN_OK && e.code != SAMSYN_OK)
			r->err = e;
		return rc;
	}
	r->err = saved;
	page_begin(r, cp.title);
	page_notice(r);
	html_raw(&r->out, "<p><a href=\"/styrning/samverkansplaner\">Tillbaka till "
			  "Samverkansplaner</a></p>\n");
	if (cp.revise_soon) {
		html_f(&r->out, "<div class=\"alert\" id=\"revidera\">\n<p><strong>Dags att "
				"revidera planen.</strong> Den gäller till och med %d. Ta fram en "
				"ny plan för nästa period och låt nämnderna anta den.</p>\n",
		       cp.last_year);
		if (cp.can_edit)
			html_raw(&r->out, "<p><a href=\"/styrning/samverkansplaner#ny\">Lägg in en "
					  "ny samverkansplan</a></p>\n");
		html_raw(&r->out, "</div>\n");
	}
	html_raw(&r->out, "<dl class=\"facts\">\n");
	html_f(&r->out, "<dt>Period</dt><dd>%d–%d</dd>\n", cp.first_year, cp.last_year);
	html_f(&r->out, "<dt>Antagen av</dt><dd>%s</dd>\n", or_dash(cp.adopted_by));
	html_f(&r->out, "<dt>Antagen den</dt><dd>%s</dd>\n", or_dash(cp.adopted_on));
	err_clear(&e);
	if (cp.replaces && coop_plan_get(&r->tx, cp.replaces, &other, &e) == SAMSYN_OK)
		html_f(&r->out, "<dt>Ersätter</dt><dd><a href=\"/styrning/samverkansplaner/%lld\">"
				"%s</a> (%d–%d)</dd>\n",
		       (long long)other.id, other.title, other.first_year, other.last_year);
	err_clear(&e);
	if (cp.replaced_by && coop_plan_get(&r->tx, cp.replaced_by, &other, &e) == SAMSYN_OK)
		html_f(&r->out, "<dt>Ersatt av</dt><dd><a href=\"/styrning/samverkansplaner/%lld\">"
				"%s</a> (%d–%d)</dd>\n",
		       (long long)other.id, other.title, other.first_year, other.last_year);
	html_raw(&r->out, "</dl>\n");
	if (cp.replaced_by)
		html_raw(&r->out, "<p>Planen är ersatt av en nyare plan. Den finns kvar att "
				  "läsa.</p>\n");
	html_f(&r->out, "<h2>Syfte</h2>\n<p class=\"text\">%s</p>\n", or_dash(cp.purpose));
	coop_items(r, "Mål", "Mål", cp.goals, cp.ngoals);
	coop_items(r, "Strategier", "Strategi", cp.strategies, cp.nstrategies);
	html_raw(&r->out, "<h2>Aktivitetsplaner under planen</h2>\n<ul>\n");
	for (int i = 0; i < aplans.n; i++) {
		if (aplans.plans[i].coop_plan_id != cp.id)
			continue;
		shown++;
		html_f(&r->out, "<li><a href=\"/styrning/aktivitetsplaner/%d\">Aktivitetsplan %d"
				"</a></li>\n",
		       aplans.plans[i].year, aplans.plans[i].year);
	}
	if (shown == 0)
		html_raw(&r->out, "<li>Inga ännu.</li>\n");
	html_raw(&r->out, "</ul>\n");
	if (cp.can_edit)
		coop_edit_form(r, &cp, posted);
	page_end(r, status);
	return SAMSYN_OK;
}

/* The plan's fields, to correct the plan in force.  Goals and strategies are edited as
 * text, one per line with its number, as they were entered. */
static void
coop_edit_form(struct http_req *r, const struct coop_plan *cp, bool posted)
{
	char first[16], last[16];

	snprintf(first, sizeof(first), "%d", cp->first_year);
	snprintf(last, sizeof(last), "%d", cp->last_year);
	html_f(&r->out, "<h2 id=\"andra\">Ändra planen</h2>\n<p>Rätta planen som den antogs. "
			"Ett mål som rader i aktivitetsplanerna har kan inte tas bort, men dess "
			"text kan ändras.</p>\n<form method=\"post\" "
			"action=\"/styrning/samverkansplaner/%lld\" class=\"narrow\">\n",
	       (long long)cp->id);
	page_csrf(r);
	page_input(r, "title", "Rubrik", "text", form_or(r, posted, "title", cp->title), "off",
		   true);
	page_input(r, "first_year", "Första året", "number",
		   form_or(r, posted, "first_year", first), "off", true);
	page_input(r, "last_year", "Sista året", "number", form_or(r, posted, "last_year", last),
		   "off", true);
	page_textarea(r, "purpose", "Syfte", form_or(r, posted, "purpose", cp->purpose), true);
	page_input(r, "adopted_by", "Antagen av (vilka nämnder)", "text",
		   form_or(r, posted, "adopted_by", cp->adopted_by ? cp->adopted_by : ""), "off",
		   false);
	page_input(r, "adopted_on", "Antagen den (ÅÅÅÅ-MM-DD)", "date",
		   form_or(r, posted, "adopted_on", cp->adopted_on ? cp->adopted_on : ""), "off",
		   false);
	page_textarea(r, "goals", "Mål, ett per rad (”1. Text”)",
		      form_or(r, posted, "goals", coop_items_text(r, cp->goals, cp->ngoals)),
		      true);
	page_textarea(r, "strategies", "Strategier, en per rad",
		      form_or(r, posted, "strategies",
			      coop_items_text(r, cp->strategies, cp->nstrategies)),
		      false);
	html_raw(&r->out, "<button type=\"submit\">Spara ändringarna</button>\n</form>\n");
}

/* "1. text" lines, as the form takes them back. */
static const char *
coop_items_text(struct http_req *r, const struct coop_goal *items, int n)
{
	struct buf b;
	const char *out;

	buf_init(&b, PLAN_TEXT_MAX * 4);
	for (int i = 0; i < n; i++)
		buf_printf(&b, "%s%d. %s", i ? "\n" : "", items[i].number, items[i].text);
	out = arena_strdup(&r->arena, buf_cstr(&b));
	buf_release(&b);
	return out;
}

static void
coop_items(struct http_req *r, const char *heading, const char *what,
	   const struct coop_goal *items, int n)
{
	html_f(&r->out, "<h2>%s</h2>\n", heading);
	if (n == 0) {
		html_raw(&r->out, "<p>Inga angivna.</p>\n");
		return;
	}
	html_raw(&r->out, "<ul class=\"numbered\">\n");
	for (int i = 0; i < n; i++)
		html_f(&r->out, "<li><strong>%s %d.</strong> %s</li>\n", what, items[i].number,
		       items[i].text);
	html_raw(&r->out, "</ul>\n");
}

/* --- activity plans -------------------------------------------------------------- */

int
web_activity_plans(struct http_req *r)
{
	return aplans_page(r, false, 200);
}

int
web_activity_plans_create(struct http_req *r)
{
	struct activity_plan ap;
	int year = 0, rc;

	if (http_form_parse(r) != SAMSYN_OK)
		return form_unreadable(r);
	if (!parse_int(http_form(r, "year"), 1, 9999, &year))
		rc = err_set(&r->err, SAMSYN_EINVAL, "year", "Ange året med fyra siffror, som 2026.");
	else
		rc = activity_plan_create(&r->tx, year, &ap, &r->err);
	if (rc == SAMSYN_OK) {
		http_redirect(r, arena_printf(&r->arena,
					      "/styrning/aktivitetsplaner/%d?klart=skapad", year));
		return SAMSYN_OK;
	}
	/* No cooperation plan for the year: a fault of the form's year, not a missing page. */
	if (rc == SAMSYN_ENOTFOUND && strcmp(r->err.field, "year") == 0)
		rc = r->err.code = SAMSYN_EINVAL;
	if (rc != SAMSYN_EINVAL && rc != SAMSYN_ECONFLICT)
		return rc;
	if (strcmp(r->err.field, "year") != 0)
		r->err.field[0] = '\0';
	if (aplans_page(r, true, err_http_status(rc)) == SAMSYN_OK)
		r->rendered = true;
	return rc;
}

static int
aplans_page(struct http_req *r, bool failed, int status)
{
	struct aplan_list list = {.r = r};
	char today[11];
	int rc, free_year;

	if ((rc = aplan_gather_all(r, &list)) != SAMSYN_OK)
		return rc;
	time_today(today);
	page_begin(r, "Aktivitetsplaner");
	page_notice(r);
	html_raw(&r->out, "<p><a href=\"/styrning\">Tillbaka till Styrning</a></p>\n"
			  "<p>Styrgruppen gör varje år en aktivitetsplan under samverkansplanen. "
			  "Varje aktivitet hör till ett eller flera av planens mål.</p>\n"
			  "<table>\n<caption>Aktivitetsplaner, den senaste först</caption>\n"
			  "<thead><tr><th scope=\"col\">År</th><th scope=\"col\">Samverkansplan</th>"
			  "</tr></thead>\n<tbody>\n");
	for (int i = 0; i < list.n; i++)
		html_f(&r->out, "<tr><td><a href=\"/styrning/aktivitetsplaner/%d\">Aktivitetsplan "
				"%d</a></td><td><a href=\"/styrning/samverkansplaner/%lld\">%s</a>"
				"</td></tr>\n",
		       list.plans[i].year, list.plans[i].year, (long long)list.plans[i].coop_plan_id,
		       list.plans[i].coop_plan_title);
	if (list.n == 0)
		html_raw(&r->out, "<tr><td colspan=\"2\">Det finns ingen aktivitetsplan ännu."
				  "</td></tr>\n");
	html_raw(&r->out, "</tbody>\n</table>\n");
	/* The form offers the first year from this one on that has no plan yet. */
	free_year = (int)strtol(today, NULL, 10);
	for (int i = 0; i < list.n; i++) {
		if (list.plans[i].year == free_year) {
			free_year++;
			i = -1; /* look again for the next year */
		}
	}
	if (plan_editor(r))
		aplan_create_form(r, failed, free_year);
	page_end(r, status);
	return SAMSYN_OK;
}

static int
aplan_gather_all(struct http_req *r, struct aplan_list *list)
{
	struct err e;
	int rc;

	err_clear(&e);
	list->plans = arena_alloc(&r->arena, PLANS_MAX * sizeof(*list->plans));
	if ((rc = activity_plan_list(&r->tx, aplan_gather, list, &e)) != SAMSYN_OK)
		r->err = e;
	return rc;
}

static void
aplan_gather(const struct activity_plan *p, void *arg)
{
	struct aplan_list *list = arg;

	if (list->n < PLANS_MAX)
		list->plans[list->n++] = *p;
}

static void
aplan_create_form(struct http_req *r, bool posted, int year)
{
	char y[16];

	snprintf(y, sizeof(y), "%d", year);
	html_raw(&r->out, "<h2 id=\"ny\">Ny aktivitetsplan</h2>\n<p>Planen hör till den "
			  "samverkansplan som gäller året. Du kan också importera raderna från en "
			  "fil på planens sida.</p>\n<form method=\"post\" "
			  "action=\"/styrning/aktivitetsplaner\" class=\"narrow\">\n");
	page_csrf(r);
	page_input(r, "year", "År", "number", form_or(r, posted, "year", y), "off", true);
	html_raw(&r->out, "<button type=\"submit\">Skapa aktivitetsplanen</button>\n</form>\n");
}

int
web_activity_plan(struct http_req *r)
{
	struct plan_failure none = {.form = FAIL_NONE};

	if (r->id[0] > 9999)
		return err_set(&r->err, SAMSYN_ENOTFOUND, NULL, "Det året finns inte.");
	return aplan_page(r, (int)r->id[0], &none, 200);
}

int
web_activities_create(struct http_req *r)
{
	struct plan_failure fail = {.form = FAIL_NEW};
	struct plan_filter pf;
	struct activity_in in;
	struct activity out;
	int year = (int)r->id[0], rc;

	if (http_form_parse(r) != SAMSYN_OK)
		return form_unreadable(r);
	if (r->id[0] > 9999)
		return err_set(&r->err, SAMSYN_ENOTFOUND, NULL, "Det året finns inte.");
	in = (struct activity_in){
		.goals = http_form(r, "new_goals"),
		.description = http_form(r, "new_description"),
		.activity = http_form(r, "new_activity"),
		.responsible = http_form(r, "new_responsible"),
		.when_text = http_form(r, "new_when"),
		.level = http_form(r, "new_level"),
		.status = http_form(r, "new_status"),
		.followup = http_form(r, "new_followup"),
		.has_goals = true, .has_description = true, .has_activity = true,
		.has_responsible = true, .has_when = true, .has_level = true, .has_status = true,
		.has_followup = true, .has_functions = true,
	};
	if ((rc = form_ids(r, "new_functions", &in.function_ids, &in.nfunction_ids)) ==
	    SAMSYN_OK)
		rc = activity_create(&r->tx, year, &in, &out, &r->err);
	plan_filter_parse(r, &pf);
	if (rc == SAMSYN_OK) {
		http_redirect(r, plan_url(r, arena_printf(&r->arena, "/styrning/aktivitetsplaner/%d",
							  year),
					  &pf,
					  arena_printf(&r->arena, "klart=aktivitet#rad-%lld",
						       (long long)out.id)));
		return SAMSYN_OK;
	}
	if (rc != SAMSYN_EINVAL && rc != SAMSYN_ECONFLICT)
		return rc;
	map_new_field(&r->err);
	if (aplan_page(r, year, &fail, err_http_status(rc)) == SAMSYN_OK)
		r->rendered = true;
	return rc;
}

/* The row form's fields: the domain's field name and the form's (with the row's id). */
static const char *const row_fields[][2] = {
	{"goals", "goals"},	   {"description", "description"}, {"activity", "activity"},
	{"responsible", "responsible"}, {"when_text", "when"},	   {"level", "level"},
	{"status", "status"},	   {"followup", "followup"},
};

/* POST /styrning/aktiviteter/{id}?ar=YYYY&...: a row's fields, as its form sends them. */
int
web_activity_update(struct http_req *r)
{
	struct plan_failure fail = {.form = FAIL_ROW, .row = r->id[0]};
	const char *v[sizeof(row_fields) / sizeof(row_fields[0])];
	long long id = (long long)r->id[0];
	struct plan_filter pf;
	struct activity_in in;
	struct activity out;
	const char *functions;
	int year = year_from_query(r), rc = SAMSYN_OK;

	if (http_form_parse(r) != SAMSYN_OK)
		return form_unreadable(r);
	for (size_t i = 0; i < sizeof(row_fields) / sizeof(row_fields[0]); i++)
		v[i] = http_form(r, arena_printf(&r->arena, "%s_%lld", row_fields[i][1], id));
	functions = arena_printf(&r->arena, "functions_%lld", id);
	in = (struct activity_in){
		.goals = v[0], .description = v[1], .activity = v[2], .responsible = v[3],
		.when_text = v[4], .level = v[5], .status = v[6], .followup = v[7],
		.has_goals = v[0] != NULL, .has_description = v[1] != NULL,
		.has_activity = v[2] != NULL, .has_responsible = v[3] != NULL,
		.has_when = v[4] != NULL, .has_level = v[5] != NULL,
		.has_status = v[6] != NULL, .has_followup = v[7] != NULL,
		/* The boxes of a form are sent only when ticked: the form says it had them. */
		.has_functions = http_form(r, arena_printf(&r->arena, "functions_shown_%lld",
							   id)) != NULL,
	};
	if (in.has_functions)
		rc = form_ids(r, functions, &in.function_ids, &in.nfunction_ids);
	if (rc == SAMSYN_OK)
		rc = activity_update(&r->tx, r->id[0], &in, &out, &r->err);
	plan_filter_parse(r, &pf);
	if (rc == SAMSYN_OK) {
		if (year > 0)
			http_redirect(r, plan_url(r, arena_printf(&r->arena,
								  "/styrning/aktivitetsplaner/%d",
								  year),
						  &pf,
						  arena_printf(&r->arena, "klart=sparad#rad-%lld",
							       (long long)out.id)));
		else
			http_redirect(r, "/styrning/aktivitetsplaner?klart=sparad");
		return SAMSYN_OK;
	}
	if ((rc != SAMSYN_EINVAL && rc != SAMSYN_ECONFLICT) || year <= 0)
		return rc;
	if (strcmp(r->err.field, "responsible_function_ids") == 0 ||
	    strcmp(r->err.field, functions) == 0) {
		snprintf(r->err.field, sizeof(r->err.field), "%s", functions);
	} else {
		size_t i = 0, n = sizeof(row_fields) / sizeof(row_fields[0]);

		while (i < n && strcmp(r->err.field, row_fields[i][0]) != 0)
			i++;
		if (i < n)
			snprintf(r->err.field, sizeof(r->err.field), "%s_%lld", row_fields[i][1],
				 id);
		else
			r->err.field[0] = '\0';
	}
	if (aplan_page(r, year, &fail, err_http_status(rc)) == SAMSYN_OK)
		r->rendered = true;
	return rc;
}

/* POST /styrning/aktiviteter/{id}/ta-bort?ar=YYYY&...: deletes the row when its box
 * "Ja, ta bort raden" is ticked (the confirmation, without JavaScript); else 400 and the
 * plan again with the reason beside the box. */
int
web_activity_delete(struct http_req *r)
{
	struct plan_failure fail = {.form = FAIL_DELETE, .row = r->id[0]};
	const char *box = arena_printf(&r->arena, "delete_%lld", (long long)r->id[0]);
	int year = year_from_query(r), rc;
	struct plan_filter pf;

	if (http_form_parse(r) != SAMSYN_OK)
		return form_unreadable(r);
	plan_filter_parse(r, &pf);
	/* A visitor who may not edit is refused by the domain (403, logged), box or not. */
	if (http_form(r, box) == NULL && plan_editor(r))
		rc = err_set(&r->err, SAMSYN_EINVAL, box,
			     "Kryssa i ”Ja, ta bort raden” om raden ska tas bort.");
	else
		rc = activity_delete(&r->tx, r->id[0], &r->err);
	if (rc == SAMSYN_OK) {
		http_redirect(r, year > 0 ? plan_url(r, arena_printf(&r->arena,
								     "/styrning/aktivitetsplaner/%d",
								     year),
						     &pf, "klart=rad-borttagen")
					  : "/styrning/aktivitetsplaner?klart=rad-borttagen");
		return SAMSYN_OK;
	}
	if (rc != SAMSYN_EINVAL || year <= 0)
		return rc;
	if (aplan_page(r, year, &fail, err_http_status(rc)) == SAMSYN_OK)
		r->rendered = true;
	return rc;
}

/* POST /styrning/aktivitetsplaner/{year}/import (multipart/form-data). */
int
web_activity_plan_import(struct http_req *r)
{
	struct import_result res = {0};
	struct plan_failure fail = {.form = FAIL_IMPORT, .imp = &res};
	struct multipart_part file;
	struct plan_filter pf;
	struct err e;
	int year = (int)r->id[0], rc;

	if (http_form_parse(r) != SAMSYN_OK)
		return form_unreadable(r);
	if (r->id[0] > 9999)
		return err_set(&r->err, SAMSYN_ENOTFOUND, NULL, "Det året finns inte.");
	err_clear(&e);
	rc = multipart_request_file(r, "file", &file, &e);
	if (rc == SAMSYN_OK && (file.filename[0] == '\0' || file.len == 0))
		rc = SAMSYN_ENOTFOUND;
	if (rc == SAMSYN_ENOTFOUND)
		rc = err_set(&r->err, SAMSYN_EINVAL, "file",
			     "Välj en fil att importera (CSV eller Excel).");
	else if (rc != SAMSYN_OK)
		rc = err_set(&r->err, rc, "file", "%s", e.message);
	else
		rc = activity_import(&r->tx, year, file.data, file.len,
				     http_form(r, "replace") != NULL, &res, &r->err);
	plan_filter_parse(r, &pf);
	if (rc == SAMSYN_OK) {
		http_redirect(r, plan_url(r, arena_printf(&r->arena, "/styrning/aktivitetsplaner/%d",
							  year),
					  &pf,
					  arena_printf(&r->arena, "klart=importerad&antal=%d",
						       res.imported)));
		return SAMSYN_OK;
	}
	/* No cooperation plan for the year: the file cannot be read against any goals. */
	if (rc == SAMSYN_ENOTFOUND && strcmp(r->err.field, "year") == 0)
		rc = r->err.code = SAMSYN_EINVAL;
	if (rc != SAMSYN_EINVAL && rc != SAMSYN_ETOOBIG && rc != SAMSYN_EMEDIATYPE)
		return rc;
	snprintf(r->err.field, sizeof(r->err.field), "file");
	if (aplan_page(r, year, &fail, err_http_status(rc)) == SAMSYN_OK)
		r->rendered = true;
	return rc;
}

/* The page's beginning.  After a failed import the error summary at the top lists the
 * first errors of the file too (the whole list is at the form, far down the page), each a
 * link to that list; a summary that already says the file's one error does not repeat it. */
static void
aplan_page_begin(struct http_req *r, int year, const struct plan_failure *fail)
{
	enum { SUMMARY_ERRORS = 5 };
	const struct import_result *imp = fail->form == FAIL_IMPORT ? fail->imp : NULL;
	struct err saved = r->err;
	struct buf *b = &r->out;
	int shown;

	if (imp == NULL || imp->nerrors == 0 || saved.code == SAMSYN_OK ||
	    strcmp(saved.field, "file") != 0 ||
	    (imp->nerrors == 1 && strstr(saved.message, imp->errors[0].message))) {
		page_begin(r, arena_printf(&r->arena, "Aktivitetsplan %d", year));
		return;
	}
	err_clear(&r->err); /* the summary is written here, not by page_begin */
	page_begin(r, arena_printf(&r->arena, "Aktivitetsplan %d", year));
	r->err = saved;
	shown = imp->nerrors < SUMMARY_ERRORS ? imp->nerrors : SUMMARY_ERRORS;
	html_f(b, "<div class=\"error-summary\" role=\"alert\">\n<p><a href=\"#f-file\">%s</a>"
		  "</p>\n<ul>\n",
	       saved.message);
	for (int i = 0; i < shown; i++)
		html_f(b, "<li><a href=\"#import-errors\">%s</a></li>\n",
		       import_error_text(r, &imp->errors[i]));
	html_raw(b, "</ul>\n");
	if (imp->nerrors > shown)
		html_f(b, "<p><a href=\"#import-errors\">och %s%d fel till</a></p>\n",
		       imp->nerrors >= PLAN_IMPORT_MAX_ERRORS ? "minst " : "",
		       imp->nerrors - shown);
	html_raw(b, "</div>\n");
}

/* An import error with its place: "Rad 4, kolumn 2: ...", unless the message names its
 * line itself ("Rad 4, kolumn Mål: ...", "Cellen på rad 4, kolumn 2 ..."); then the place
 * is not said twice. */
static const char *
import_error_text(struct http_req *r, const struct import_error *ie)
{
	if (ie->line <= 0 || names_line(ie->message, ie->line))
		return ie->message;
	if (ie->column > 0)
		return arena_printf(&r->arena, "Rad %d, kolumn %d: %s", ie->line, ie->column,
				    ie->message);
	return arena_printf(&r->arena, "Rad %d: %s", ie->line, ie->message);
}

/* True when message says "Rad N" at its start or "rad N" after "på" anywhere. */
static bool
names_line(const char *message, int line)
{
	char at_start[24], inside[24];
	const char *p;
	size_t n;

	snprintf(at_start, sizeof(at_start), "Rad %d", line);
	snprintf(inside, sizeof(inside), "på rad %d", line);
	n = strlen(at_start);
	if (strncmp(message, at_start, n) == 0 && (message[n] < '0' || message[n] > '9'))
		return true;
	n = strlen(inside);
	for (p = strstr(message, inside); p; p = strstr(p + 1, inside))
		if (p[n] < '0' || p[n] > '9')
			return true;
	return false;
}

/* The import's body refused before the handler ran (route.body_refused): too large (413)
 * or unreadable (400).  No transaction may be open and the body is gone, so the page
 * says why and leads back to the plan, where the form is. */
int
web_activity_plan_refused(struct http_req *r)
{
	bool too_big = r->err.code == SAMSYN_ETOOBIG;
	char message[sizeof(r->err.message)];
	int status = err_http_status(too_big ? SAMSYN_ETOOBIG : SAMSYN_EINVAL);

	snprintf(message, sizeof(message), "%s", r->err.message);
	err_clear(&r->err);
	page_begin(r, too_big ? "Filen är för stor" : "Filen kunde inte tas emot");
	html_f(&r->out, "<p>%s</p>\n", message);
	if (too_big)
		html_f(&r->out, "<p>En fil att importera får vara högst %d MB. Ta bort rader "
				"eller dela upp filen, och försök igen. Inget importerades.</p>\n",
		       (int)(PLAN_IMPORT_MAX_BYTES >> 20));
	if (r->nid > 0 && r->id[0] <= 9999)
		html_f(&r->out, "<p><a href=\"/styrning/aktivitetsplaner/%d#import\">Tillbaka till "
				"aktivitetsplanen %d</a></p>\n",
		       (int)r->id[0], (int)r->id[0]);
	else
		html_raw(&r->out, "<p><a href=\"/styrning/aktivitetsplaner\">Till "
				  "aktivitetsplanerna</a></p>\n");
	page_end(r, status);
	return SAMSYN_OK;
}

/* GET /styrning/aktivitetsplaner/{year}/export?format=csv|xlsx: the file itself. */
int
web_activity_plan_export(struct http_req *r)
{
	const char *format = http_query(r, "format");
	bool xlsx = format && strcmp(format, "xlsx") == 0;
	int year = (int)r->id[0], rc;

	if (format && !xlsx && strcmp(format, "csv") != 0)
		return err_set(&r->err, SAMSYN_EINVAL, NULL, "Välj CSV eller Excel.");
	if (r->id[0] > 9999)
		return err_set(&r->err, SAMSYN_ENOTFOUND, NULL, "Det året finns inte.");
	buf_reset(&r->out);
	rc = xlsx ? activity_export_xlsx(&r->tx, year, &r->out, &r->err)
		  : activity_export_csv(&r->tx, year, &r->out, &r->err);
	if (rc != SAMSYN_OK)
		return rc;
	r->content_disposition =
		arena_printf(&r->arena, "attachment; filename=\"aktivitetsplan-%d.%s\"", year,
			     xlsx ? "xlsx" : "csv");
	http_reply(r, 200,
		   xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
			: "text/csv; charset=utf-8");
	return SAMSYN_OK;
}

/* The year's plan: filter, rows (a list with a form per row, or grouped by goal), a new
 * row, import and export. */
static int
aplan_page(struct http_req *r, int year, const struct plan_failure *fail, int status)
{
	struct activity_plan ap, all;
	struct plan_filter pf;
	struct fn_list fns = {.r = r};
	struct coop_plan cp;
	struct err saved = r->err, e;
	const char *count, *notice;
	int rc;

	plan_filter_parse(r, &pf);
	err_clear(&e);
	rc = activity_plan_get(&r->tx, year, NULL, &all, &e);
	if (rc == SAMSYN_ENOTFOUND) {
		aplan_missing(r, year, &pf, fail, status == 200 ? 404 : status);
		return SAMSYN_OK;
	}
	if (rc == SAMSYN_OK)
		rc = activity_plan_get(&r->tx, year, &pf.f, &ap, &e);
	if (rc == SAMSYN_OK)
		rc = coop_plan_get(&r->tx, ap.coop_plan_id, &cp, &e);
	if (rc == SAMSYN_OK && ap.can_edit)
		rc = org_list(&r->tx, ORG_FUNCTION, fn_gather, &fns, &e);
	if (rc != SAMSYN_OK) {
		if (fail->form == FAIL_NONE)
			r->err = e;
		return rc;
	}
	r->err = saved;
	aplan_page_begin(r, year, fail);
	page_notice(r);
	notice = http_query(r, "klart");
	count = http_query(r, "antal");
	if (notice && strcmp(notice, "importerad") == 0 && count &&
	    strspn(count, "0123456789") == strlen(count) && *count && strlen(count) < 8)
		html_f(&r->out, "<p class=\"notice\" role=\"status\">Filen är importerad: %s %s.</p>\n",
		       count, strcmp(count, "1") == 0 ? "rad lades till" : "rader lades till");
	html_f(&r->out, "<p class=\"no-print\"><a href=\"/styrning/aktivitetsplaner\">Tillbaka "
			"till Aktivitetsplaner</a></p>\n<p>Under <a href=\"/styrning/"
			"samverkansplaner/%lld\">%s</a> (%d–%d).</p>\n",
	       (long long)cp.id, cp.title, cp.first_year, cp.last_year);
	filter_form(r, year, &pf, &cp, &all);
	if (pf.view != VIEW_LIST)
		rows_grouped(r, &ap, &pf, &cp);
	else
		rows_table(r, &ap, &pf, fail,
			   arena_printf(&r->arena, "Aktiviteter %d%s", year,
					pf.query[0] ? ", filtrerade" : ""),
			   NULL, ap.can_edit ? &fns : NULL);
	html_f(&r->out, "<h2 class=\"no-print\">Exportera</h2>\n<ul class=\"no-print\">\n"
			"<li><a href=\"/styrning/aktivitetsplaner/%d/export?format=csv\">Ladda ner "
			"som CSV<span class=\"visually-hidden\"> (aktivitetsplan %d)</span></a></li>\n"
			"<li><a href=\"/styrning/aktivitetsplaner/%d/export?format=xlsx\">Ladda ner "
			"som Excel<span class=\"visually-hidden\"> (aktivitetsplan %d)</span></a></li>\n"
			"</ul>\n<p class=\"no-print\">Filen har alla rader, utan filter, och kan "
			"importeras igen.</p>\n",
	       year, year, year, year);
	if (ap.can_edit) {
		new_row_form(r, year, &pf, fail->form == FAIL_NEW, &fns);
		import_form(r, year, &pf, fail);
	}
	page_end(r, status);
	return SAMSYN_OK;
}

/* No plan for the year yet: a way to make one, by hand or by import. */
static void
aplan_missing(struct http_req *r, int year, const struct plan_filter *pf,
	      const struct plan_failure *fail, int status)
{
	aplan_page_begin(r, year, fail);
	html_f(&r->out, "<p><a href=\"/styrning/aktivitetsplaner\">Tillbaka till "
			"Aktivitetsplaner</a></p>\n<p>Det finns ingen aktivitetsplan för %d ännu."
			"</p>\n",
	       year);
	if (plan_editor(r)) {
		html_raw(&r->out, "<form method=\"post\" action=\"/styrning/aktivitetsplaner\">\n");
		page_csrf(r);
		html_f(&r->out, "<input type=\"hidden\" name=\"year\" value=\"%d\">\n<button "
				"type=\"submit\">Skapa aktivitetsplanen för %d</button>\n</form>\n",
		       year, year);
		import_form(r, year, pf, fail);
	}
	page_end(r, status);
}

static void
filter_form(struct http_req *r, int year, const struct plan_filter *pf,
	    const struct coop_plan *cp, const struct activity_plan *all)
{
	struct page_option *goals, *statuses, *terms, *views;
	struct resp_groups groups;
	char goal[16] = "";
	int nstatus, n = 0;

	goals = arena_alloc(&r->arena, (size_t)(cp->ngoals + 1) * sizeof(*goals));
	goals[n++] = (struct page_option){"", "Alla mål"};
	for (int i = 0; i < cp->ngoals; i++)
		goals[n++] = (struct page_option){
			arena_printf(&r->arena, "%d", cp->goals[i].number),
			arena_printf(&r->arena, "Mål %d", cp->goals[i].number)};
	{
		struct page_option *pairs;
		int np = page_pair_options(r, activity_statuses, &pairs);

		statuses = arena_alloc(&r->arena, (size_t)(np + 1) * sizeof(*statuses));
		statuses[0] = (struct page_option){"", "Alla"};
		memcpy(statuses + 1, pairs, (size_t)np * sizeof(*pairs));
		nstatus = np + 1;
	}
	terms = arena_alloc(&r->arena, 4 * sizeof(*terms));
	terms[0] = (struct page_option){"", "Hela året"};
	terms[1] = (struct page_option){"vt", "Vårterminen"};
	terms[2] = (struct page_option){"ht", "Höstterminen"};
	terms[3] = (struct page_option){"ingen", "Ingen termin angiven"};
	views = arena_alloc(&r->arena, 5 * sizeof(*views));
	views[0] = (struct page_option){"lista", "En lista"};
	views[1] = (struct page_option){"mal", "Grupperad efter mål"};
	views[2] = (struct page_option){"ansvarig", "Grupperad efter ansvarig"};
	views[3] = (struct page_option){"termin", "Grupperad efter termin"};
	views[4] = (struct page_option){"status", "Grupperad efter status"};
	if (pf->f.goal > 0)
		snprintf(goal, sizeof(goal), "%d", pf->f.goal);

	html_f(&r->out, "<form method=\"get\" action=\"/styrning/aktivitetsplaner/%d\" "
			"class=\"filters no-print\">\n<fieldset>\n<legend>Filtrera och "
			"gruppera</legend>\n",
	       year);
	page_select(r, "mal", "Mål", goals, n, goal);
	/* Who is responsible: the functions, then the parts of the free text, that the
	 * plan's rows have (all of them, whatever the filter). */
	resp_groups_of(r, all, &groups);
	{
		struct page_option *who = arena_alloc(&r->arena, (size_t)(groups.n + 1) *
								     sizeof(*who));
		const char *chosen = pf->responsible ? pf->responsible : "";
		bool known = *chosen == '\0';

		who[0] = (struct page_option){"", "Alla"};
		for (int i = 0; i < groups.n; i++) {
			const struct resp_group *g = &groups.items[i];

			who[i + 1] = (struct page_option){
				g->function_id ? arena_printf(&r->arena, "f:%lld",
							      (long long)g->function_id)
					       : arena_printf(&r->arena, "t:%s", g->name),
				g->function_id ? arena_printf(&r->arena, "%s (funktion)", g->name)
					       : g->name};
			known |= strcmp(who[i + 1].value, chosen) == 0;
		}
		page_select(r, "ansvarig", "Ansvarig", who, groups.n + 1, known ? chosen : "");
	}
	page_select(r, "termin", "Termin", terms, 4, pf->term_value);
	page_select(r, "status", "Status", statuses, nstatus, pf->f.status ? pf->f.status : "");
	page_select(r, "visa", "Visa", views, 5, views[pf->view].value);
	html_raw(&r->out, "<button type=\"submit\">Visa</button>\n</fieldset>\n</form>\n");
	if (pf->query[0])
		html_f(&r->out, "<p class=\"no-print\"><a href=\"/styrning/aktivitetsplaner/%d\">"
				"Visa alla rader</a></p>\n",
		       year);
}

/* The rows as a table (those of one goal when goal > 0).  forms: a form per row for
 * status and follow-up (only in the list, where each row appears once). */
static void
rows_table(struct http_req *r, const struct activity_plan *ap, const struct plan_filter *pf,
	   const struct plan_failure *fail, const char *caption, const bool *show,
	   const struct fn_list *fns)
{
	struct buf *b = &r->out;
	bool forms = fns != NULL;
	int shown = 0;

	html_f(b, "<table class=\"plan\">\n<caption>%s</caption>\n<thead><tr>"
		  "<th scope=\"col\">Mål</th><th scope=\"col\">Beskrivning</th>"
		  "<th scope=\"col\">Aktivitet</th><th scope=\"col\">Ansvarig</th>"
		  "<th scope=\"col\">Datum</th><th scope=\"col\">Nivå</th>"
		  "<th scope=\"col\">Status</th><th scope=\"col\">Uppföljning</th>",
	       caption);
	if (forms)
		html_raw(b, "<th scope=\"col\" class=\"no-print\">Ändra</th>");
	html_raw(b, "</tr></thead>\n<tbody>\n");
	for (int i = 0; i < ap->nrows; i++) {
		const struct activity *a = &ap->rows[i];

		if (show && !show[i])
			continue;
		shown++;
		/* A row appears once in the list (it has an anchor there), maybe several
		 * times when grouped. */
		if (forms)
			html_f(b, "<tr id=\"rad-%lld\">", (long long)a->id);
		else
			html_raw(b, "<tr>");
		html_f(b, "<td>%s</td><td class=\"text\">%s</td><td class=\"text\">%s</td>"
			  "<td class=\"text\">%s",
		       a->goals, or_dash(a->description), a->activity,
		       a->responsible || a->nfunctions == 0 ? or_dash(a->responsible) : "");
		responsible_functions(r, a);
		html_f(b, "</td><td>%s</td><td>%s</td><td>%s</td><td class=\"text\">%s</td>",
		       or_dash(a->when_text), or_dash(label_of(activity_levels, a->level)),
		       label_of(activity_statuses, a->status), or_dash(a->followup));
		if (forms) {
			html_raw(b, "<td class=\"no-print\">");
			row_form(r, ap, pf, a, fail, fns);
			html_raw(b, "</td>");
		}
		html_raw(b, "</tr>\n");
	}
	if (shown == 0)
		html_f(b, "<tr><td colspan=\"%d\">%s</td></tr>\n", forms ? 9 : 8,
		       pf->query[0] ? "Inga rader med det filtret." : "Planen har inga rader ännu.");
	html_raw(b, "</tbody>\n</table>\n");
}

static void
row_form(struct http_req *r, const struct activity_plan *ap, const struct plan_filter *pf,
	 const struct activity *a, const struct plan_failure *fail, const struct fn_list *fns)
{
	bool posted = fail->form == FAIL_ROW && fail->row == a->id;
	bool delete_failed = fail->form == FAIL_DELETE && fail->row == a->id;
	struct page_option *statuses;
	int nstatus = page_pair_options(r, activity_statuses, &statuses);
	const char *status_name = arena_printf(&r->arena, "status_%lld", (long long)a->id);
	const char *followup_name = arena_printf(&r->arena, "followup_%lld", (long long)a->id);

	html_f(&r->out, "<details%s>\n<summary>Ändra<span class=\"visually-hidden\"> rad %d"
			"</span></summary>\n",
	       posted || delete_failed ? " open" : "", a->position);
	html_f(&r->out, "<form method=\"post\" action=\"%s\" class=\"row-form\">\n",
	       plan_url(r, arena_printf(&r->arena, "/styrning/aktiviteter/%lld", (long long)a->id),
			pf, arena_printf(&r->arena, "ar=%d", ap->year)));
	page_csrf(r);
	row_text_fields(r, a, posted);
	page_row_select(r, a->position, status_name, "Status", statuses, nstatus,
			form_or(r, posted, status_name, a->status));
	page_row_textarea(r, a->position, followup_name, "Uppföljning",
			  form_or(r, posted, followup_name, a->followup), false);
	functions_fieldset(r, arena_printf(&r->arena, "functions_%lld", (long long)a->id),
			   arena_printf(&r->arena, "Ansvariga funktioner<span "
					"class=\"visually-hidden\"> för rad %d</span>",
					a->position),
			   fns, a, posted);
	html_f(&r->out, "<input type=\"hidden\" name=\"functions_shown_%lld\" value=\"1\">\n"
			"<button type=\"submit\">Spara<span class=\"visually-hidden\"> rad %d"
			"</span></button>\n</form>\n",
	       (long long)a->id, a->position);
	row_delete_form(r, ap, pf, a, delete_failed);
	html_raw(&r->out, "</details>\n");
}

/* The row's delete form: a box to tick, so that the deletion is asked about without
 * JavaScript, and the button. */
static void
row_delete_form(struct http_req *r, const struct activity_plan *ap, const struct plan_filter *pf,
		const struct activity *a, bool failed)
{
	bool bad = failed && r->err.code != SAMSYN_OK;
	long long id = (long long)a->id;

	html_f(&r->out, "<form method=\"post\" action=\"%s\" class=\"row-form row-delete\">\n",
	       plan_url(r, arena_printf(&r->arena, "/styrning/aktiviteter/%lld/ta-bort", id), pf,
			arena_printf(&r->arena, "ar=%d", ap->year)));
	page_csrf(r);
	html_f(&r->out, "<p class=\"hint\" id=\"d-delete_%lld\">Raden tas bort helt, med sina mål "
			"och funktioner. Det går inte att ångra.</p>\n<div class=\"field check%s\">\n",
	       id, bad ? " bad confirm-box" : "");
	if (bad)
		html_f(&r->out, "<p class=\"field-error\" id=\"e-delete_%lld\">%s</p>\n", id,
		       r->err.message);
	html_f(&r->out, "<input id=\"f-delete_%lld\" name=\"delete_%lld\" type=\"checkbox\" "
			"value=\"1\" required aria-describedby=\"d-delete_%lld",
	       id, id, id);
	if (bad)
		html_f(&r->out, " e-delete_%lld\" aria-invalid=\"true", id);
	html_f(&r->out, "\">\n<label for=\"f-delete_%lld\">Ja, ta bort raden<span "
			"class=\"visually-hidden\">, rad %d</span></label>\n</div>\n<button "
			"type=\"submit\">Ta bort<span class=\"visually-hidden\"> rad %d</span>"
			"</button>\n</form>\n",
	       id, a->position, a->position);
}

/* The row form's goals, texts, when and level (status and follow-up follow). */
static void
row_text_fields(struct http_req *r, const struct activity *a, bool posted)
{
	struct page_option *levels, *pairs;
	int nlevels = page_pair_options(r, activity_levels, &pairs);
	long long id = (long long)a->id;
#define ROW_NAME(f) arena_printf(&r->arena, "%s_%lld", (f), id)
	const char *goals = ROW_NAME("goals"), *description = ROW_NAME("description"),
		   *activity = ROW_NAME("activity"), *responsible = ROW_NAME("responsible"),
		   *when = ROW_NAME("when"), *level = ROW_NAME("level");
#undef ROW_NAME

	levels = arena_alloc(&r->arena, (size_t)(nlevels + 1) * sizeof(*levels));
	levels[0] = (struct page_option){"", "Inte angiven"};
	memcpy(levels + 1, pairs, (size_t)nlevels * sizeof(*pairs));
	page_row_input(r, a->position, goals, "Mål (nummer, till exempel 1 eller 1,2,3)", "text",
		       form_or(r, posted, goals, a->goals), "off", true);
	page_row_textarea(r, a->position, description, "Beskrivning",
			  form_or(r, posted, description, a->description), false);
	page_row_textarea(r, a->position, activity, "Aktivitet",
			  form_or(r, posted, activity, a->activity), true);
	page_row_input(r, a->position, responsible, "Ansvarig (fritext)", "text",
		       form_or(r, posted, responsible, a->responsible), "off", false);
	page_row_input(r, a->position, when, "Datum (ÅÅÅÅ-MM-DD, en månad, Vt eller Ht)", "text",
		       form_or(r, posted, when, a->when_text), "off", false);
	page_row_select(r, a->position, level, "Nivå", levels, nlevels + 1,
			form_or(r, posted, level, a->level ? a->level : ""));
}

/* One table per goal of the cooperation plan; a row appears under each goal it names. */
static void
rows_grouped(struct http_req *r, const struct activity_plan *ap, const struct plan_filter *pf,
	     const struct coop_plan *cp)
{
	struct plan_failure none = {.form = FAIL_NONE};
	bool *show = arena_alloc(&r->arena, (size_t)(ap->nrows + 1) * sizeof(*show));
	int nothing = 0;

	html_raw(&r->out, "<p class=\"no-print\">Raderna ändrar du i listan "
			  "(Visa: En lista).</p>\n");
	if (pf->view == VIEW_GOAL) {
		/* One table per goal of the cooperation plan; a row under each goal it names. */
		for (int i = 0; i < cp->ngoals; i++) {
			const struct coop_goal *g = &cp->goals[i];

			if (pf->f.goal > 0 && pf->f.goal != g->number)
				continue;
			for (int k = 0; k < ap->nrows; k++)
				show[k] = row_has_goal(&ap->rows[k], g->number);
			html_f(&r->out, "<h2 id=\"mal-%d\">Mål %d</h2>\n<p>%s</p>\n", g->number,
			       g->number, g->text);
			rows_table(r, ap, pf, &none,
				   arena_printf(&r->arena, "Aktiviteter för mål %d", g->number),
				   show, NULL);
		}
		/* Rows whose goals the plan does not have (should the plan have changed). */
		for (int k = 0; k < ap->nrows; k++) {
			bool known = false;

			for (int i = 0; i < cp->ngoals && !known; i++)
				known = row_has_goal(&ap->rows[k], cp->goals[i].number);
			nothing += !known;
		}
		if (nothing > 0 && pf->f.goal == 0)
			html_f(&r->out, "<p>%d rader har inget av samverkansplanens mål och syns "
					"bara i listan.</p>\n",
			       nothing);
	} else if (pf->view == VIEW_RESPONSIBLE) {
		struct resp_groups groups;

		resp_groups_of(r, ap, &groups);
		for (int i = 0; i < groups.n; i++) {
			const struct resp_group *g = &groups.items[i];

			for (int k = 0; k < ap->nrows; k++)
				show[k] = resp_row_in(r, &ap->rows[k], g);
			html_f(&r->out, "<h2 id=\"ansvarig-%d\">%s%s</h2>\n", i + 1, g->name,
			       g->function_id ? " (funktion)" : "");
			rows_table(r, ap, pf, &none,
				   arena_printf(&r->arena, "Aktiviteter där %s är ansvarig",
						g->name),
				   show, NULL);
		}
		for (int k = 0; k < ap->nrows; k++) {
			show[k] = ap->rows[k].nfunctions == 0 && ap->rows[k].responsible == NULL;
			nothing += show[k];
		}
		if (nothing > 0 || groups.n == 0) {
			html_raw(&r->out,
				 "<h2 id=\"ansvarig-ingen\">Ingen ansvarig angiven</h2>\n");
			rows_table(r, ap, pf, &none, "Aktiviteter utan ansvarig", show, NULL);
		}
	} else if (pf->view == VIEW_TERM) {
		static const char *const terms[] = {"vt", "Vårterminen", "ht", "Höstterminen",
						    NULL, "Ingen termin angiven"};

		for (int i = 0; i < 6; i += 2) {
			if (pf->f.term && strcmp(pf->f.term, terms[i] ? terms[i] : "none") != 0)
				continue;
			for (int k = 0; k < ap->nrows; k++)
				show[k] = terms[i] ? ap->rows[k].term &&
							     strcmp(ap->rows[k].term, terms[i]) == 0
						   : ap->rows[k].term == NULL;
			html_f(&r->out, "<h2 id=\"termin-%s\">%s</h2>\n",
			       terms[i] ? terms[i] : "ingen", terms[i + 1]);
			rows_table(r, ap, pf, &none,
				   arena_printf(&r->arena, "Aktiviteter: %s", terms[i + 1]), show,
				   NULL);
		}
	} else {
		for (int i = 0; activity_statuses[i]; i += 2) {
			if (pf->f.status && strcmp(pf->f.status, activity_statuses[i]) != 0)
				continue;
			for (int k = 0; k < ap->nrows; k++)
				show[k] = strcmp(ap->rows[k].status, activity_statuses[i]) == 0;
			html_f(&r->out, "<h2 id=\"status-%s\">%s</h2>\n", activity_statuses[i],
			       activity_statuses[i + 1]);
			rows_table(r, ap, pf, &none,
				   arena_printf(&r->arena, "Aktiviteter med status %s",
						activity_statuses[i + 1]),
				   show, NULL);
		}
	}
}

static void
new_row_form(struct http_req *r, int year, const struct plan_filter *pf, bool posted,
	     const struct fn_list *fns)
{
	struct page_option *levels, *statuses, *pairs;
	int nlevels, nstatus;

	nlevels = page_pair_options(r, activity_levels, &pairs);
	levels = arena_alloc(&r->arena, (size_t)(nlevels + 1) * sizeof(*levels));
	levels[0] = (struct page_option){"", "Inte angiven"};
	memcpy(levels + 1, pairs, (size_t)nlevels * sizeof(*pairs));
	nstatus = page_pair_options(r, activity_statuses, &statuses);
	html_f(&r->out, "<h2 id=\"ny-rad\" class=\"no-print\">Ny aktivitet</h2>\n<form "
			"method=\"post\" action=\"%s\" class=\"narrow\">\n",
	       plan_url(r, arena_printf(&r->arena, "/styrning/aktivitetsplaner/%d/aktiviteter",
					year),
			pf, NULL));
	page_csrf(r);
	page_input(r, "new_goals", "Mål (nummer, till exempel 1 eller 1,2,3)", "text",
		   form_or(r, posted, "new_goals", ""), "off", true);
	page_textarea(r, "new_description", "Beskrivning",
		      form_or(r, posted, "new_description", ""), false);
	page_textarea(r, "new_activity", "Aktivitet", form_or(r, posted, "new_activity", ""),
		      true);
	page_input(r, "new_responsible", "Ansvarig (fritext)", "text",
		   form_or(r, posted, "new_responsible", ""), "off", false);
	functions_fieldset(r, "new_functions", "Ansvariga funktioner", fns, NULL, posted);
	page_input(r, "new_when", "Datum (ÅÅÅÅ-MM-DD, en månad, Vt eller Ht)", "text",
		   form_or(r, posted, "new_when", ""), "off", false);
	page_select(r, "new_level", "Nivå", levels, nlevels + 1,
		    form_or(r, posted, "new_level", ""));
	page_select(r, "new_status", "Status", statuses, nstatus,
		    form_or(r, posted, "new_status", "planned"));
	page_textarea(r, "new_followup", "Uppföljning", form_or(r, posted, "new_followup", ""),
		      false);
	html_raw(&r->out, "<button type=\"submit\">Lägg till aktiviteten</button>\n</form>\n");
}

/* The upload form; after a failed import, every error in a list beside the file field. */
static void
import_form(struct http_req *r, int year, const struct plan_filter *pf,
	    const struct plan_failure *fail)
{
	bool bad = fail->form == FAIL_IMPORT && r->err.code != SAMSYN_OK &&
		   strcmp(r->err.field, "file") == 0;
	const struct import_result *imp = fail->form == FAIL_IMPORT ? fail->imp : NULL;
	bool list = bad && imp && imp->nerrors > 0;
	struct buf *b = &r->out;

	html_f(b, "<h2 id=\"import\" class=\"no-print\">Importera från fil</h2>\n<p "
		  "class=\"no-print\">En CSV-fil med semikolon (som Excel sparar den) eller en "
		  "Excel-fil (.xlsx). Första raden är rubriker: Mål, Beskrivning, Aktivitet, "
		  "Ansvarig och Datum, och om du vill Status, Uppföljning och Nivå. En fil med "
		  "fel importeras inte alls.</p>\n<form method=\"post\" action=\"%s\" "
		  "enctype=\"multipart/form-data\" class=\"narrow\">\n",
	       plan_url(r, arena_printf(&r->arena, "/styrning/aktivitetsplaner/%d/import", year),
			pf, NULL));
	page_csrf(r);
	html_f(b, "<div class=\"field%s\">\n<label for=\"f-file\">Fil</label>\n", bad ? " bad" : "");
	if (bad)
		html_f(b, "<p class=\"field-error\" id=\"e-file\">%s</p>\n", r->err.message);
	if (list) {
		html_raw(b, "<ul class=\"import-errors\" id=\"import-errors\">\n");
		for (int i = 0; i < imp->nerrors; i++)
			html_f(b, "<li>%s</li>\n", import_error_text(r, &imp->errors[i]));
		html_raw(b, "</ul>\n");
	}
	html_raw(b, "<input id=\"f-file\" name=\"file\" type=\"file\" accept=\".csv,.xlsx,"
		    "text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\" "
		    "required");
	if (bad)
		html_f(b, " aria-invalid=\"true\" aria-describedby=\"e-file%s\"",
		       list ? " import-errors" : "");
	html_raw(b, ">\n</div>\n");
	page_checkbox(r, "replace", "Ersätt alla rader (annars läggs filens rader till efter "
				    "de som finns)",
		      fail->form == FAIL_IMPORT && http_form(r, "replace") != NULL);
	html_raw(b, "<button type=\"submit\">Importera</button>\n</form>\n");
}

/* --- helpers --------------------------------------------------------------------- */

static void
plan_filter_parse(struct http_req *r, struct plan_filter *pf)
{
	static const char *const views[] = {"lista", "mal", "ansvarig", "termin", "status"};
	const char *goal = http_query(r, "mal"), *resp = http_query(r, "ansvarig"),
		   *term = http_query(r, "termin"), *status = http_query(r, "status"),
		   *view = http_query(r, "visa");
	struct buf q;

	memset(pf, 0, sizeof(*pf));
	pf->term_value = "";
	if (goal && *goal && !parse_int(goal, 1, 999, &pf->f.goal))
		pf->f.goal = 0;
	/* "f:12" a function, "t:text" a part of the free text (whole); anything else, as an
	 * older link may have it, a part of the text. */
	if (resp && *resp && strlen(resp) <= FILTER_TEXT_MAX) {
		long long id = 0;
		char *end = NULL;

		if (strncmp(resp, "f:", 2) == 0 && resp[2] >= '1' && resp[2] <= '9')
			id = strtoll(resp + 2, &end, 10);
		if (id > 0 && end && *end == '\0') {
			pf->f.responsible_function = id;
			pf->responsible = resp;
		} else if (strncmp(resp, "t:", 2) == 0 && resp[2]) {
			pf->f.responsible = resp + 2;
			pf->f.responsible_whole = true;
			pf->responsible = resp;
		} else if (strncmp(resp, "f:", 2) != 0 && strncmp(resp, "t:", 2) != 0) {
			pf->f.responsible = resp;
			pf->responsible = resp;
		}
	}
	if (term && (strcmp(term, "vt") == 0 || strcmp(term, "ht") == 0)) {
		pf->f.term = term;
		pf->term_value = term;
	} else if (term && strcmp(term, "ingen") == 0) {
		pf->f.term = "none";
		pf->term_value = "ingen";
	}
	/* The code or the Swedish label ("klar" as well as "done"); the query keeps the code. */
	if (status && *status && strlen(status) < 64)
		pf->f.status = plan_value_of(activity_statuses, status);
	for (int i = 0; view && i < 5; i++)
		if (strcmp(view, views[i]) == 0)
			pf->view = (enum plan_view)i;

	buf_init(&q, 4096);
	if (pf->f.goal > 0)
		buf_printf(&q, "mal=%d", pf->f.goal);
	if (pf->responsible) {
		buf_puts(&q, q.len ? "&ansvarig=" : "ansvarig=");
		url_encode(&q, pf->responsible);
	}
	if (pf->term_value[0])
		buf_printf(&q, "%stermin=%s", q.len ? "&" : "", pf->term_value);
	if (pf->f.status)
		buf_printf(&q, "%sstatus=%s", q.len ? "&" : "", pf->f.status);
	if (pf->view != VIEW_LIST)
		buf_printf(&q, "%svisa=%s", q.len ? "&" : "", views[pf->view]);
	pf->query = arena_strdup(&r->arena, buf_cstr(&q));
	buf_release(&q);
}

/* path?extra&filter, where extra may end in "#anchor". */
static const char *
plan_url(struct http_req *r, const char *path, const struct plan_filter *pf, const char *extra)
{
	const char *anchor = extra ? strchr(extra, '#') : NULL;
	size_t elen = extra ? (anchor ? (size_t)(anchor - extra) : strlen(extra)) : 0;
	struct buf b;
	const char *out;

	buf_init(&b, 8192);
	buf_puts(&b, path);
	if (elen > 0 || pf->query[0])
		buf_putc(&b, '?');
	buf_append(&b, extra ? extra : "", elen);
	if (elen > 0 && pf->query[0])
		buf_putc(&b, '&');
	buf_puts(&b, pf->query);
	if (anchor)
		buf_puts(&b, anchor);
	out = arena_strdup(&r->arena, buf_cstr(&b));
	buf_release(&b);
	return out;
}

static void
url_encode(struct buf *b, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.' || *p == '~')
			buf_putc(b, (char)*p);
		else
			buf_printf(b, "%%%02X", *p);
	}
}

static bool
row_has_goal(const struct activity *a, int goal)
{
	for (int i = 0; i < a->ngoal_numbers; i++)
		if (a->goal_numbers[i] == goal)
			return true;
	return false;
}

/* ?ar=YYYY on a row form's address; 0 when absent or wrong. */
static int
year_from_query(struct http_req *r)
{
	int year = 0;

	if (!parse_int(http_query(r, "ar"), 1, 9999, &year))
		return 0;
	return year;
}

/* The domain's field names for a row, as the new-row form names them. */
static void
map_new_field(struct err *e)
{
	static const char *const fields[] = {
		"goals", "new_goals", "description", "new_description", "activity", "new_activity",
		"responsible", "new_responsible", "when_text", "new_when", "when", "new_when",
		"level", "new_level", "status", "new_status", "followup", "new_followup",
		"responsible_function_ids", "new_functions", "new_functions", "new_functions", NULL,
	};

	for (int i = 0; fields[i]; i += 2) {
		if (strcmp(e->field, fields[i]) == 0) {
			snprintf(e->field, sizeof(e->field), "%s", fields[i + 1]);
			return;
		}
	}
	e->field[0] = '\0';
}

static const char *const *
known_or_null(const char *const *fields, const char *field)
{
	for (int i = 0; fields[i]; i++)
		if (strcmp(fields[i], field) == 0)
			return &fields[i];
	return NULL;
}

/* The label of a value in a NULL-terminated list of value and label pairs; v itself
 * when the list lacks it (NULL for NULL). */
static const char *
label_of(const char *const *pairs, const char *v)
{
	for (int i = 0; v && pairs[i]; i += 2)
		if (strcmp(pairs[i], v) == 0)
			return pairs[i + 1];
	return v;
}

static const char *
or_dash(const char *s)
{
	return s && *s ? s : "–";
}

static bool
parse_int(const char *s, int lo, int hi, int *out)
{
	char *end;
	long v;

	if (s == NULL || *s == '\0')
		return false;
	v = strtol(s, &end, 10);
	if (*end != '\0' || v < lo || v > hi)
		return false;
	*out = (int)v;
	return true;
}

static const char *
form_or(struct http_req *r, bool posted, const char *name, const char *fallback)
{
	const char *v;

	if (!posted)
		return fallback;
	v = http_form(r, name);
	return v ? v : "";
}

static int
form_unreadable(struct http_req *r)
{
	return err_set(&r->err, SAMSYN_EINVAL, NULL, "Formuläret kunde inte läsas.");
}

/* Whether the visitor may create and change plans (the forms are shown only then; the
 * domain checks again on every post). */
static bool
plan_editor(struct http_req *r)
{
	struct err e;
	bool can = false;

	err_clear(&e);
	return plan_can_edit(&r->tx, &can, &e) == SAMSYN_OK && can;
}

static void
fn_gather(const struct org_item *it, void *arg)
{
	struct fn_list *fns = arg;

	if (fns->n == fns->cap) {
		struct org_item *more;

		fns->cap = fns->cap ? 2 * fns->cap : 32;
		more = arena_alloc(&fns->r->arena, (size_t)fns->cap * sizeof(*more));
		if (fns->n)
			memcpy(more, fns->items, (size_t)fns->n * sizeof(*more));
		fns->items = more;
	}
	fns->items[fns->n++] = *it;
}

/* The functions as boxes to tick, in a fieldset: the active ones, and those the activity
 * has that are no longer active.  After a failed post the boxes are as they were sent.
 * In a row's form (a given) each box's label ends with the row, for screen readers. */
static void
functions_fieldset(struct http_req *r, const char *name, const char *legend,
		   const struct fn_list *fns, const struct activity *a, bool posted)
{
	struct buf *b = &r->out;
	bool bad = r->err.code != SAMSYN_OK && strcmp(r->err.field, name) == 0;
	int shown = 0;

	html_f(b, "<fieldset class=\"field checks%s\">\n<legend>", bad ? " bad" : "");
	html_raw(b, legend); /* trusted markup from the callers (a visually hidden part) */
	html_raw(b, "</legend>\n");
	if (bad)
		html_f(b, "<p class=\"field-error\" id=\"e-%s\">%s</p>\n", name, r->err.message);
	for (int i = 0; fns && i < fns->n; i++) {
		const struct org_item *f = &fns->items[i];
		char value[24];
		bool has = false, checked;
		const char *id;

		for (int k = 0; a && k < a->nfunctions; k++)
			has |= a->functions[k].id == f->id;
		if (!f->active && !has)
			continue;
		snprintf(value, sizeof(value), "%lld", (long long)f->id);
		checked = has;
		if (posted) {
			checked = false;
			for (size_t k = 0; k < r->nform; k++)
				checked |= strcmp(r->form[k].name, name) == 0 &&
					   strcmp(r->form[k].value, value) == 0;
		}
		id = shown == 0 ? arena_printf(&r->arena, "f-%s", name)
				: arena_printf(&r->arena, "f-%s-%s", name, value);
		html_f(b, "<div class=\"check\">\n<input id=\"%s\" name=\"%s\" type=\"checkbox\" "
			  "value=\"%s\"%s",
		       id, name, value, checked ? " checked" : "");
		if (bad)
			html_f(b, " aria-invalid=\"true\" aria-describedby=\"e-%s\"", name);
		html_f(b, ">\n<label for=\"%s\">%s%s", id, f->name,
		       f->active ? "" : " (inte längre aktiv)");
		if (a)
			html_f(b, "<span class=\"visually-hidden\">, rad %d</span>", a->position);
		html_raw(b, "</label>\n</div>\n");
		shown++;
	}
	if (shown == 0)
		html_raw(b, "<p>Det finns inga funktioner att välja.</p>\n");
	html_raw(b, "</fieldset>\n");
}

/* After the free text in the Ansvarig cell: the functions responsible that the text does
 * not already name (an import links "Rektor" from the text "Rektor"). */
static void
responsible_functions(struct http_req *r, const struct activity *a)
{
	const char **extra;
	int nextra = activity_unnamed_functions(&r->arena, a, &extra);

	if (nextra == 0)
		return;
	if (a->responsible)
		html_raw(&r->out, "<br>");
	html_f(&r->out, "<span class=\"hint\">%s ", nextra == 1 ? "Funktion:" : "Funktioner:");
	for (int i = 0; i < nextra; i++)
		html_f(&r->out, "%s%s", i ? ", " : "", extra[i]);
	html_raw(&r->out, "</span>");
}

/* Every value of a repeated form field (ticked boxes) as ids; a value that is not one is
 * 400 on the field. */
static int
form_ids(struct http_req *r, const char *name, const int64_t **out, int *n)
{
	int64_t *ids = arena_alloc(&r->arena, (r->nform + 1) * sizeof(*ids));
	int count = 0;

	for (size_t i = 0; i < r->nform; i++) {
		long long v = 0;
		char *end = NULL;

		if (strcmp(r->form[i].name, name) != 0)
			continue;
		if (r->form[i].value[0] >= '1' && r->form[i].value[0] <= '9')
			v = strtoll(r->form[i].value, &end, 10);
		if (v <= 0 || end == NULL || *end != '\0')
			return err_set(&r->err, SAMSYN_EINVAL, name, "Välj funktioner i listan.");
		ids[count++] = v;
	}
	*out = ids;
	*n = count;
	return SAMSYN_OK;
}

/* The headings of the plan grouped by responsible: every function the rows have, then
 * every part of their free text that is not the name of a function of its own row; each
 * once, in Swedish order. */
static void
resp_groups_of(struct http_req *r, const struct activity_plan *ap, struct resp_groups *out)
{
	size_t cap = 0;
	int nfunctions;

	out->items = NULL;
	out->n = 0;
	for (int i = 0; i < ap->nrows; i++) {
		const struct activity *a = &ap->rows[i];

		for (int k = 0; k < a->nfunctions; k++) {
			bool seen = false;

			for (int j = 0; j < out->n && !seen; j++)
				seen = out->items[j].function_id == a->functions[k].id;
			if (seen)
				continue;
			out->items = arena_grow(&r->arena, out->items, (size_t)out->n, &cap,
						sizeof(*out->items));
			out->items[out->n++] = (struct resp_group){a->functions[k].id,
								   a->functions[k].name, NULL};
		}
	}
	nfunctions = out->n;
	for (int i = 0; i < ap->nrows; i++) {
		const struct activity *a = &ap->rows[i];
		const char **parts;
		int n = activity_responsible_parts(&r->arena, a->responsible, &parts);

		for (int k = 0; k < n; k++) {
			const char *folded = fold(r, parts[k]);
			bool seen = folded == NULL;

			for (int j = 0; j < a->nfunctions && !seen; j++) {
				const char *fn = fold(r, a->functions[j].name);

				seen = fn && strcmp(folded, fn) == 0;
			}
			for (int j = nfunctions; j < out->n && !seen; j++)
				seen = strcmp(out->items[j].folded, folded) == 0;
			if (seen)
				continue;
			out->items = arena_grow(&r->arena, out->items, (size_t)out->n, &cap,
						sizeof(*out->items));
			out->items[out->n++] = (struct resp_group){0, parts[k], folded};
		}
	}
	/* Functions first, then the texts, each in Swedish order (a short list). */
	for (int i = 1; i < out->n; i++) {
		struct resp_group x = out->items[i];
		int j = i;

		for (; j > 0 && (out->items[j - 1].function_id != 0) == (x.function_id != 0) &&
		       collate_sv(out->items[j - 1].name, x.name) > 0;
		     j--)
			out->items[j] = out->items[j - 1];
		out->items[j] = x;
	}
}

/* Whether a row belongs under a heading of the plan grouped by responsible. */
static bool
resp_row_in(struct http_req *r, const struct activity *a, const struct resp_group *g)
{
	const char **parts;
	int n;

	if (g->function_id) {
		for (int k = 0; k < a->nfunctions; k++)
			if (a->functions[k].id == g->function_id)
				return true;
		return false;
	}
	n = activity_responsible_parts(&r->arena, a->responsible, &parts);
	for (int k = 0; k < n; k++) {
		const char *folded = fold(r, parts[k]);

		if (folded && strcmp(folded, g->folded) == 0) {
			/* Under the function instead, when the row has one of that name. */
			for (int j = 0; j < a->nfunctions; j++) {
				const char *fn = fold(r, a->functions[j].name);

				if (fn && strcmp(fn, folded) == 0)
					return false;
			}
			return true;
		}
	}
	return false;
}

/* s case-folded in the request's arena, or NULL. */
static const char *
fold(struct http_req *r, const char *s)
{
	size_t n = 4 * strlen(s) + 16;
	char *out = arena_alloc(&r->arena, n);

	return collate_fold(s, out, n) ? out : NULL;
}
