/* web_steering.c - steering (styrning): the overview of this year's meetings held
 * against required, the groups with their members and meetings, one meeting with its
 * agenda, attendance, minutes, decisions and action items, and every open action item.
 *
 * The domain (group.h) decides who may do what: staff and administrators read; a
 * group's conveners and administrators edit it; an action item's owner may mark it done.
 * A gap between held and required meetings is always written in words beside its colour
 * (WCAG 1.4.1).  Free text in meetings that looks like a personnummer comes back with a
 * warning and a checkbox to confirm; the form keeps what was typed.
 *
 * A page with several forms shows the posted values only in the form that failed
 * (enum steer_form), so that another form's checkbox is not cleared by the post. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/group.h"
#include "domain/plan.h"
#include "util/timeutil.h"
#include "web/page.h"
#include "web/web_routes.h"

#define STEERING_ACTIONS_SHOWN 10
#define ACTIONS_MAX 5000 /* open action items on one page */

static const struct page_option meeting_statuses[] = {
	{"planned", "Planerat"},
	{"held", "Hållet"},
	{"cancelled", "Inställt"},
};
#define NSTATUSES ((int)(sizeof(meeting_statuses) / sizeof(meeting_statuses[0])))

/* The form a page shows again after a failed post. */
enum steer_form {
	FORM_NONE,
	FORM_GROUP_CREATE,
	FORM_GROUP_EDIT,
	FORM_MEMBER,
	FORM_MEETING_CREATE,
	FORM_MEETING_EDIT,
	FORM_ACTION,
};

/* Options for a picker; ids as text for page_select. */
struct picker {
	struct http_req *r;
	struct page_option *opts;
	int n, cap;
};

/* Held against required: rows drawn as they come, or one group's line kept. */
struct cadence_view {
	struct http_req *r;
	int64_t only;
	struct group_cadence line;
	bool found;
	int n;
};

/* Action items gathered from the domain's list, and who may close which. */
struct action_list {
	struct http_req *r;
	struct action_item *items;
	int n;
	size_t cap;
};

struct action_view {
	struct http_req *r;
	const char *back;   /* where the done buttons return */
	const char *caption;
	int64_t *editable;  /* groups whose items the actor may mark done */
	int neditable;
	bool show_group;
};

struct editable_list {
	struct http_req *r;
	int64_t *ids;
	int n;
	size_t cap;
};

/* Rows drawn by a list callback, counted for the "none yet" line. */
struct row_count {
	struct http_req *r;
	int n;
};

static int overview_year(struct http_req *r, int *year);
static void cadence_table(struct http_req *r, int year);
static void cadence_row(const struct group_cadence *c, void *arg);
static const char *gap_words(struct http_req *r, const struct group_cadence *c);
static int plans_section(struct http_req *r, int year);
static int groups_page(struct http_req *r, enum steer_form failed, int status);
static void group_row(const struct group *g, void *arg);
static void group_fields(struct http_req *r, const struct group *g, bool posted, bool edit);
static int group_in_from_form(struct http_req *r, struct group_in *in, bool edit);
static bool group_refused_field(struct http_req *r, int rc);
static int group_page(struct http_req *r, int64_t id, enum steer_form failed, int status);
static void group_facts(struct http_req *r, const struct group *g);
static void group_cadence_line(struct http_req *r, const struct group *g);
static int members_section(struct http_req *r, const struct group *g, enum steer_form failed);
static bool members_may_change(struct http_req *r, const struct group *g);
static int steer_pickers(struct http_req *r, struct picker *people, struct picker *functions);
static int steer_may_pick(struct http_req *r, bool *out);
static const char *person_label(struct http_req *r, const struct group_person *p);
static void meeting_row(const struct meeting *m, void *arg);
static void meeting_create_form(struct http_req *r, const struct group *g, bool posted);
static int meeting_in_from_form(struct http_req *r, struct meeting_in *in, bool edit);
static void meeting_in_changed_only(struct meeting_in *in, const struct meeting *m);
static bool same_text(const char *form, const char *stored);
static bool same_items(const char *form, const struct meeting_item *items, int n);
static bool text_blank(const char *s, size_t len);
static int meeting_page(struct http_req *r, int64_t id, enum steer_form failed, int status);
static void meeting_facts(struct http_req *r, const struct meeting *m);
static void meeting_items_list(struct http_req *r, const char *heading,
			       const struct meeting_item *items, int n, const char *empty);
static void meeting_attendance(struct http_req *r, const struct meeting *m);
static void action_form(struct http_req *r, const struct meeting *m,
			const struct picker *owners, bool posted);
static void meeting_edit_form(struct http_req *r, const struct meeting *m, bool posted);
static void meeting_present_fields(struct http_req *r, const struct meeting *m, bool posted);
static bool meeting_present(const struct meeting *m, int64_t user_id, bool posted,
			    struct http_req *r);
static const char *items_text(struct http_req *r, const struct meeting_item *items, int n);
static int actions_gather(struct http_req *r, struct action_list *list);
static void action_gather(const struct action_item *a, void *arg);
static void actions_table(struct http_req *r, const struct action_view *av,
			  const struct action_item *items, int n);
static void action_row(struct http_req *r, const struct action_view *av,
		       const struct action_item *a);
static bool action_may_close(const struct action_view *av, const struct action_item *a,
			     int64_t actor);
static int editable_groups(struct http_req *r, struct action_view *av);
static void editable_group(const struct group *g, void *arg);
static int form_failed(struct http_req *r, int rc, const char *const *known);
static const char *meeting_status_label(const char *status);
static const char *member_name(const struct group_member *m);
static const char *kind_label(const char *kind);
static const char *level_words(const char *level);
static const char *or_dash(const char *s);
static bool parse_int(const char *s, int lo, int hi, int *out);
static bool form_true(struct http_req *r, const char *name);
static const char *form_or(struct http_req *r, bool posted, const char *name,
			   const char *fallback);
static const char *safe_back(struct http_req *r);
static void picker_init(struct picker *p, struct http_req *r, const char *none, int cap);
static void picker_add(struct picker *p, int64_t id, const char *label);
static int form_unreadable(struct http_req *r);

/* Field names the forms have, so that the error summary never links to nothing. */
static const char *const group_form_fields[] = {
	"name", "kind", "level", "meetings_per_year", "purpose", "active", "user_id",
	"function_id", "day", "title", "agenda", "status", "confirm", NULL,
};
static const char *const meeting_form_fields[] = {
	"day", "title", "status", "present", "minutes", "agenda", "decisions", "text",
	"owner_user_id", "owner_text", "due", "confirm", NULL,
};

/* --- the overview ---------------------------------------------------------------- */

int
web_steering(struct http_req *r)
{
	struct action_view av = {.r = r, .back = "/styrning", .show_group = true,
				 .caption = "Öppna åtgärder i alla grupper, ordnade efter när de ska "
					    "vara klara"};
	struct action_list list = {.r = r};
	int year, rc;

	if ((rc = overview_year(r, &year)) != SAMSYN_OK ||
	    (rc = editable_groups(r, &av)) != SAMSYN_OK ||
	    (rc = actions_gather(r, &list)) != SAMSYN_OK)
		return rc;
	page_begin(r, "Styrning");
	page_notice(r);
	html_raw(&r->out,
		 "<p>Här följer ni upp samverkan på strategisk och taktisk nivå: gruppernas möten, "
		 "beslut och åtgärder, samverkansplanen och årets aktivitetsplan. Här finns inga "
		 "uppgifter om enskilda barn.</p>\n"
		 "<ul class=\"links no-print\">\n"
		 "<li><a href=\"/styrning/grupper\">Grupper och möten</a></li>\n"
		 "<li><a href=\"/styrning/atgarder\">Öppna åtgärder</a></li>\n"
		 "<li><a href=\"/styrning/samverkansplaner\">Samverkansplaner</a></li>\n"
		 "<li><a href=\"/styrning/aktivitetsplaner\">Aktivitetsplaner</a></li>\n"
		 "<li><a href=\"/styrning/rutiner\">Rutiner</a></li>\n"
		 "<li><a href=\"/styrning/avvikelser\">Avvikelser</a></li>\n");
	html_f(&r->out, "<li><a href=\"/styrning/arsrapport/%d\">Årsrapport %d</a></li>\n</ul>\n",
	       year, year);
	cadence_table(r, year);
	html_f(&r->out, "<form method=\"get\" action=\"/styrning\" class=\"filters\">\n"
			"<fieldset>\n<legend>Visa ett annat år</legend>\n<div class=\"field\">\n"
			"<label for=\"f-ar\">År</label>\n<input id=\"f-ar\" name=\"ar\" "
			"type=\"number\" min=\"1900\" max=\"9999\" value=\"%d\">\n</div>\n"
			"<button type=\"submit\">Visa</button>\n</fieldset>\n</form>\n",
	       year);
	html_raw(&r->out, "<h2>Öppna åtgärder</h2>\n");
	actions_table(r, &av, list.items, list.n < STEERING_ACTIONS_SHOWN ? list.n
									 : STEERING_ACTIONS_SHOWN);
	if (list.n > STEERING_ACTIONS_SHOWN)
		html_f(&r->out, "<p><a href=\"/styrning/atgarder\">Alla %d öppna åtgärder</a></p>\n",
		       list.n);
	if ((rc = plans_section(r, year)) != SAMSYN_OK)
		return rc;
	page_end(r, 200);
	return SAMSYN_OK;
}

/* The year to show: ?ar=YYYY, else this year. */
static int
overview_year(struct http_req *r, int *year)
{
	const char *q = http_query(r, "ar");
	char today[11];

	time_today(today);
	*year = (int)strtol(today, NULL, 10);
	if (q && *q && !parse_int(q, 1900, 9999, year))
		return err_set(&r->err, SAMSYN_EINVAL, NULL, "Ange året med fyra siffror, som %d.",
			       *year);
	return SAMSYN_OK;
}

/* Held against required for every group that existed in the year (group_cadence). */
static void
cadence_table(struct http_req *r, int year)
{
	struct cadence_view cv = {.r = r};
	struct buf *b = &r->out;
	struct err e;

	err_clear(&e);
	html_f(b, "<h2>Möten %d: hållna mot krav</h2>\n", year);
	html_f(b,
	       "<table class=\"cadence\">\n<caption>Mötena %d i varje grupp som fanns det året. "
	       "Läge säger hur många möten som saknas för att nå kravet.</caption>\n<thead><tr>"
	       "<th scope=\"col\">Grupp</th><th scope=\"col\">Nivå</th>"
	       "<th scope=\"col\">Krav per år</th><th scope=\"col\">Hållna</th>"
	       "<th scope=\"col\">Planerade</th><th scope=\"col\">Läge</th></tr></thead>\n"
	       "<tbody>\n",
	       year);
	if (group_cadence(&r->tx, year, cadence_row, &cv, &e) != SAMSYN_OK)
		html_f(b, "<tr><td colspan=\"6\">%s</td></tr>\n",
		       e.message[0] ? e.message : "Mötena kunde inte räknas.");
	else if (cv.n == 0)
		html_f(b, "<tr><td colspan=\"6\">Det fanns inga grupper %d.</td></tr>\n", year);
	html_raw(b, "</tbody>\n</table>\n");
}

static void
cadence_row(const struct group_cadence *c, void *arg)
{
	struct cadence_view *cv = arg;
	struct http_req *r = cv->r;

	if (cv->only) {
		if (c->group_id == cv->only) {
			cv->line = *c;
			cv->found = true;
		}
		return;
	}
	cv->n++;
	html_raw(&r->out, c->gap > 0 ? "<tr class=\"gap\">" : "<tr>");
	html_f(&r->out, "<td><a href=\"/styrning/grupper/%lld\">%s</a>", (long long)c->group_id,
	       c->name);
	if (c->closed_on)
		html_f(&r->out, " (stängd %s)", c->closed_on);
	html_raw(&r->out, "</td>");
	html_f(&r->out, "<td>%s</td><td>%d</td><td>%d</td><td>%d</td>",
	       or_dash(group_level_label(c->level)), c->required, c->held, c->planned);
	if (c->gap > 0)
		html_f(&r->out, "<td class=\"gap\"><strong>%s</strong></td></tr>\n",
		       gap_words(r, c));
	else
		html_f(&r->out, "<td>%s</td></tr>\n", gap_words(r, c));
}

static const char *
gap_words(struct http_req *r, const struct group_cadence *c)
{
	if (c->required == 0)
		return "Inget krav på antal möten";
	if (c->gap == 0)
		return "Kravet är uppfyllt";
	return c->gap == 1 ? "1 möte saknas" : arena_printf(&r->arena, "%d möten saknas", c->gap);
}

/* The cooperation plan in force and the year's activity plan. */
static int
plans_section(struct http_req *r, int year)
{
	struct activity_plan ap;
	struct coop_plan cp;
	struct err e;
	int rc;

	html_raw(&r->out, "<h2>Planer</h2>\n");
	err_clear(&e);
	rc = coop_plan_for_year(&r->tx, year, &cp, &e);
	if (rc == SAMSYN_OK) {
		html_f(&r->out, "<p>Samverkansplan för %d: <a href=\"/styrning/samverkansplaner/"
				"%lld\">%s</a> (%d–%d).</p>\n",
		       year, (long long)cp.id, cp.title, cp.first_year, cp.last_year);
		if (cp.revise_soon)
			html_f(&r->out, "<p class=\"alert\"><strong>Dags att revidera "
					"samverkansplanen.</strong> Den gäller till och med %d.</p>\n",
			       cp.last_year);
	} else if (rc == SAMSYN_ENOTFOUND) {
		html_f(&r->out, "<p>Ingen samverkansplan gäller %d. Se <a href=\"/styrning/"
				"samverkansplaner\">Samverkansplaner</a>.</p>\n",
		       year);
	} else {
		r->err = e;
		return rc;
	}
	err_clear(&e);
	rc = activity_plan_get(&r->tx, year, NULL, &ap, &e);
	if (rc == SAMSYN_OK) {
		html_f(&r->out, "<p><a href=\"/styrning/aktivitetsplaner/%d\">Aktivitetsplan %d</a>"
				" har %d ",
		       year, year, ap.nrows);
		html_raw(&r->out, ap.nrows == 1 ? "aktivitet.</p>\n" : "aktiviteter.</p>\n");
	} else if (rc == SAMSYN_ENOTFOUND) {
		html_f(&r->out, "<p>Det finns ingen aktivitetsplan för %d ännu. Se <a href=\""
				"/styrning/aktivitetsplaner\">Aktivitetsplaner</a>.</p>\n",
		       year);
	} else {
		r->err = e;
		return rc;
	}
	return SAMSYN_OK;
}

/* --- groups ---------------------------------------------------------------------- */

int
web_groups(struct http_req *r)
{
	return groups_page(r, FORM_NONE, 200);
}

int
web_groups_create(struct http_req *r)
{
	struct group_in in;
	struct group g;
	int rc;

	if (http_form_parse(r) != SAMSYN_OK)
		return form_unreadable(r);
	if ((rc = group_in_from_form(r, &in, false)) == SAMSYN_OK)
		rc = group_create(&r->tx, &in, &g, &r->err);
	if (rc == SAMSYN_OK) {
		http_redirect(r, arena_printf(&r->arena, "/styrning/grupper/%lld?klart=skapad",
					      (long long)g.id));
		return SAMSYN_OK;
	}
	if ((rc = form_failed(r, rc, group_form_fields)) != SAMSYN_EINVAL &&
	    rc != SAMSYN_ECONFLICT && !group_refused_field(r, rc))
		return rc;
	if (groups_page(r, FORM_GROUP_CREATE, err_http_status(rc)) == SAMSYN_OK)
		r->rendered = true;
	return rc;
}

static int
groups_page(struct http_req *r, enum steer_form failed, int status)
{
	struct row_count rows = {.r = r};
	struct err saved = r->err, e;
	int rc;

	err_clear(&e);
	page_begin(r, "Grupper");
	page_notice(r);
	html_raw(&r->out, "<p><a href=\"/styrning\">Tillbaka till Styrning</a></p>\n"
			  "<p>Kommunens forum för samverkan, med nivå, medlemmar och hur många "
			  "möten de ska ha per år.</p>\n"
			  "<table>\n<caption>Grupper</caption>\n<thead><tr>"
			  "<th scope=\"col\">Namn</th><th scope=\"col\">Slag</th>"
			  "<th scope=\"col\">Nivå</th><th scope=\"col\">Möten per år</th>"
			  "<th scope=\"col\">Sammankallande</th><th scope=\"col\">Status</th>"
			  "</tr></thead>\n<tbody>\n");
	if ((rc = group_list(&r->tx, group_row, &rows, &e)) != SAMSYN_OK) {
		r->err = e;
		return rc;
	}
	if (rows.n == 0)
		html_raw(&r->out, "<tr><td colspan=\"6\">Det finns inga grupper ännu.</td></tr>\n");
	html_raw(&r->out, "</tbody>\n</table>\n");
	r->err = saved;
	html_raw(&r->out, "<h2 id=\"ny\">Ny grupp</h2>\n<p>Du blir själv sammankallande i "
			  "gruppen du skapar. Nivå och antal möten följer gruppens slag om du inte "
			  "anger något annat.</p>\n"
			  "<form method=\"post\" action=\"/styrning/grupper\" class=\"narrow\">\n");
	page_csrf(r);
	group_fields(r, NULL, failed == FORM_GROUP_CREATE, false);
	html_raw(&r->out, "<button type=\"submit\">Skapa gruppen</button>\n</form>\n");
	page_end(r, status);
	return SAMSYN_OK;
}

static void
group_row(const struct group *g, void *arg)
{
	struct row_count *rows = arg;
	struct http_req *r = rows->r;
	int conveners = 0;

	rows->n++;
	html_f(&r->out, "<tr><td><a href=\"/styrning/grupper/%lld\">%s</a></td><td>%s</td>"
			"<td>%s</td><td>%d</td><td>",
	       (long long)g->id, g->name, kind_label(g->kind), or_dash(group_level_label(g->level)),
	       g->meetings_per_year);
	for (int i = 0; i < g->nmembers; i++) {
		if (!g->members[i].convener)
			continue;
		html_f(&r->out, "%s%s", conveners++ ? ", " : "", member_name(&g->members[i]));
	}
	if (conveners == 0)
		html_raw(&r->out, "–");
	if (g->convener_warning)
		html_raw(&r->out, "<br><strong>Sammankallande saknas från en sektor.</strong>");
	if (g->active || !g->closed_on)
		html_f(&r->out, "</td><td>%s</td></tr>\n", g->active ? "Aktiv" : "Inaktiv");
	else
		html_f(&r->out, "</td><td>Inaktiv sedan %s</td></tr>\n", g->closed_on);
}

/* The create and edit forms' fields; values from the post when posted, else from g.
 * Only an administrator makes a styrgrupp, changes one into something else or switches
 * one off or on (group_update): others are offered the other kinds, and on a styrgrupp
 * neither another kind nor the box "Aktiv". */
static void
group_fields(struct http_req *r, const struct group *g, bool posted, bool edit)
{
	struct page_option kinds[16], levels[4];
	bool admin = r->tx.actor.role == ROLE_ADMIN;
	bool styrgrupp = g && strcmp(g->kind, "styrgrupp") == 0;
	char count[16] = "";
	int nkinds = 0;

	for (int i = 0; group_kinds[i].kind && nkinds < 16; i++) {
		const struct group_kind *k = &group_kinds[i];

		if (!admin && (strcmp(k->kind, "styrgrupp") == 0) != styrgrupp)
			continue;
		kinds[nkinds].value = k->kind;
		kinds[nkinds].label =
			k->meetings_per_year > 0
				? arena_printf(&r->arena, "%s – %s nivå, %d möten per år", k->label,
					       level_words(k->level), k->meetings_per_year)
				: arena_printf(&r->arena, "%s – %s nivå, inget krav på antal möten",
					       k->label, level_words(k->level));
		nkinds++;
	}
	levels[0] = (struct page_option){"", "Som slaget anger"};
	levels[1] = (struct page_option){"strategic", "Strategisk"};
	levels[2] = (struct page_option){"tactical", "Taktisk"};
	levels[3] = (struct page_option){"operative", "Operativ"};
	if (g)
		snprintf(count, sizeof(count), "%d", g->meetings_per_year);

	page_input(r, "name", "Namn", "text", form_or(r, posted, "name", g ? g->name : ""), "off",
		   true);
	page_select(r, "kind", "Slag", kinds, nkinds,
		    form_or(r, posted, "kind", g ? g->kind : "arbetsgrupp"));
	if (!admin) {
		const char *what = !edit ? "lägger upp en styrgrupp"
				   : styrgrupp ? "ändrar en styrgrupp till ett annat slag"
					       : "gör en grupp till styrgrupp";

		html_f(&r->out, "<p class=\"hint\">Bara en administratör %s, eftersom "
				"styrgruppens medlemmar får ändra planerna.</p>\n",
		       what);
	}
	/* Editing shows the level the group has; creating may leave it to the kind. */
	page_select(r, "level", "Nivå", edit ? levels + 1 : levels, edit ? 3 : 4,
		    form_or(r, posted, "level", g ? g->level : ""));
	page_input(r, "meetings_per_year",
		   edit ? "Möten per år" : "Möten per år (lämna tomt för slagets antal)", "number",
		   form_or(r, posted, "meetings_per_year", count), "off", edit);
	page_textarea(r, "purpose", "Syfte och uppdrag",
		      form_or(r, posted, "purpose", g ? g->purpose : ""), false);
	if (edit && styrgrupp && !admin) {
		/* The id lets the error summary land here if a refusal still comes. */
		html_f(&r->out, "<p id=\"f-active\">Styrgruppen är %s. Bara en administratör gör "
				"den inaktiv eller aktiv igen, eftersom dess medlemmar får ändra "
				"planerna.</p>\n",
		       g->active ? "aktiv" : "inaktiv");
	} else if (edit) {
		/* Says that the box was shown, so that an unticked box means inactive. */
		html_raw(&r->out, "<input type=\"hidden\" name=\"active_shown\" value=\"1\">\n");
		page_checkbox(r, "active", "Aktiv",
			      posted ? http_form(r, "active") != NULL : g && g->active);
	}
}

static int
group_in_from_form(struct http_req *r, struct group_in *in, bool edit)
{
	const char *level = http_form(r, "level"), *count = http_form(r, "meetings_per_year");

	*in = (struct group_in){
		.name = http_form(r, "name"),
		.kind = http_form(r, "kind"),
		.level = level,
		.purpose = http_form(r, "purpose"),
		.active = http_form(r, "active") != NULL,
		.has_name = true,
		.has_kind = true,
		.has_level = level && *level,
		.has_purpose = true,
		.has_meetings_per_year = count && *count,
		.has_active = edit && http_form(r, "active_shown") != NULL,
	};
	if (in->has_meetings_per_year && !parse_int(count, 0, 366, &in->meetings_per_year))
		return err_set(&r->err, SAMSYN_EINVAL, "meetings_per_year",
			       "Ange antalet möten per år som ett heltal 0–366.");
	if (edit && !in->has_meetings_per_year)
		return err_set(&r->err, SAMSYN_EINVAL, "meetings_per_year",
			       "Ange hur många möten per år gruppen ska ha (0–366).");
	return SAMSYN_OK;
}

/* A refusal of one field of the group form (a styrgrupp's kind or whether it is active,
 * group_update): the form comes back with the message on that field and what was typed,
 * as for bad input, instead of an error page.  The denial is logged all the same. */
static bool
group_refused_field(struct http_req *r, int rc)
{
	return rc == SAMSYN_EFORBIDDEN &&
	       (strcmp(r->err.field, "kind") == 0 || strcmp(r->err.field, "active") == 0);
}

int
web_group(struct http_req *r)
{
	return group_page(r, r->id[0], FORM_NONE, 200);
}

int
web_group_update(struct http_req *r)
{
	struct group_in in;
	struct group g;
	int rc;

	if (http_form_parse(r) != SAMSYN_OK)
		return form_unreadable(r);
	if ((rc = group_in_from_form(r, &in, true)) == SAMSYN_OK)
		rc = group_update(&r->tx, r->id[0], &in, &g, &r->err);
	if (rc == SAMSYN_OK) {
		http_redirect(r, arena_printf(&r->arena, "/styrning/grupper/%lld?klart=sparad",
					      (long long)r->id[0]));
		return SAMSYN_OK;
	}
	if ((rc = form_failed(r, rc, group_form_fields)) != SAMSYN_EINVAL &&
	    rc != SAMSYN_ECONFLICT && !group_refused_field(r, rc))
		return rc;
	if (group_page(r, r->id[0], FORM_GROUP_EDIT, err_http_status(rc)) == SAMSYN_OK)
		r->rendered = true;
	return rc;
}

int
web_group_add_member(struct http_req *r)
{
	int64_t user_id, function_id;
	int rc;

	if (http_form_parse(r) != SAMSYN_OK)
		return form_unreadable(r);
	user_id = page_form_id(r, "user_id");
	function_id = page_form_id(r, "function_id");
	if (user_id < 0 || function_id < 0)
		rc = err_set(&r->err, SAMSYN_EINVAL, user_id < 0 ? "user_id" : "function_id",
			     "Välj i listan.");
	else if ((user_id > 0) == (function_id > 0))
		rc = err_set(&r->err, SAMSYN_EINVAL, "user_id",
			     "Välj antingen en person eller en funktion.");
	else
		rc = group_add_member(&r->tx, r->id[0], user_id, function_id,
				      http_form(r, "convener") != NULL, &r->err);
	if (rc == SAMSYN_OK) {
		http_redirect(r, arena_printf(&r->arena,
					      "/styrning/grupper/%lld?klart=medlem#medlemmar",
					      (long long)r->id[0]));
		return SAMSYN_OK;
	}
	if ((rc = form_failed(r, rc, group_form_fields)) != SAMSYN_EINVAL &&
	    rc != SAMSYN_ECONFLICT)
		return rc;
	if (group_page(r, r->id[0], FORM_MEMBER, err_http_status(rc)) == SAMSYN_OK)
		r->rendered = true;
	return rc;
}

int
web_group_remove_member(struct http_req *r)
{
	int rc = group_remove_member(&r->tx, r->id[0], r->id[1], &r->err);

	if (rc == SAMSYN_OK) {
		http_redirect(r, arena_printf(&r->arena,
					      "/styrning/grupper/%lld?klart=medlem-borttagen"
					      "#medlemmar",
					      (long long)r->id[0]));
		return SAMSYN_OK;
	}
	/* The last convener stays: the group page again, the reason at its top. */
	if ((rc = form_failed(r, rc, group_form_fields)) != SAMSYN_ECONFLICT)
		return rc;
	if (group_page(r, r->id[0], FORM_MEMBER, err_http_status(rc)) == SAMSYN_OK)
		r->rendered = true;
	return rc;
}

int
web_meetings_create(struct http_req *r)
{
	struct meeting_in in;
	struct meeting m;
	int rc;

	if (http_form_parse(r) != SAMSYN_OK)
		return form_unreadable(r);
	if ((rc = meeting_in_from_form(r, &in, false)) == SAMSYN_OK)
		rc = meeting_create(&r->tx, r->id[0], &in, &m, &r->err);
	if (rc == SAMSYN_OK) {
		http_redirect(r, arena_printf(&r->arena, "/styrning/moten/%lld?klart=skapad",
					      (long long)m.id));
		return SAMSYN_OK;
	}
	if ((rc = form_failed(r, rc, group_form_fields)) != SAMSYN_EINVAL &&
	    rc != SAMSYN_ECONFLICT)
		return rc;
	if (group_page(r, r->id[0], FORM_MEETING_CREATE, err_http_status(rc)) == SAMSYN_OK)
		r->rendered = true;
	return rc;
}

/* One group: facts, held against required this year, members, meetings, and the forms
 * its conveners use. */
static int
group_page(struct http_req *r, int64_t id, enum steer_form failed, int status)
{
	struct row_count rows = {.r = r};
	struct err saved = r->err, e;
	struct group g;
	int rc;

	err_clear(&e);
	if ((rc = group_get(&r->tx, id, &g, &e)) != SAMSYN_OK) {
		if (failed == FORM_NONE)
			r->err = e;
		return rc;
	}
	page_begin(r, g.name);
	page_notice(r);
	html_raw(&r->out, "<p><a href=\"/styrning/grupper\">Tillbaka till Grupper</a></p>\n");
	group_facts(r, &g);
	if ((rc = members_section(r, &g, failed)) != SAMSYN_OK)
		return rc;

	html_raw(&r->out, "<h2 id=\"moten\">Möten</h2>\n<table>\n<caption>Gruppens möten"
			  "</caption>\n<thead><tr><th scope=\"col\">Dag</th>"
			  "<th scope=\"col\">Rubrik</th><th scope=\"col\">Status</th></tr>"
			  "</thead>\n<tbody>\n");
	if ((rc = meeting_list(&r->tx, g.id, meeting_row, &rows, &e)) != SAMSYN_OK) {
		r->err = e;
		return rc;
	}
	if (rows.n == 0)
		html_raw(&r->out, "<tr><td colspan=\"3\">Inga möten ännu.</td></tr>\n");
	html_raw(&r->out, "</tbody>\n</table>\n");
	r->err = saved;
	if (g.can_edit) {
		meeting_create_form(r, &g, failed == FORM_MEETING_CREATE);
		html_f(&r->out, "<h2 id=\"andra\">Ändra gruppen</h2>\n<form method=\"post\" "
				"action=\"/styrning/grupper/%lld\" class=\"narrow\">\n",
		       (long long)g.id);
		page_csrf(r);
		group_fields(r, &g, failed == FORM_GROUP_EDIT, true);
		html_raw(&r->out, "<button type=\"submit\">Spara gruppen</button>\n</form>\n");
	}
	page_end(r, status);
	return SAMSYN_OK;
}

static void
group_facts(struct http_req *r, const struct group *g)
{
	struct buf *b = &r->out;

	html_raw(b, "<dl class=\"facts\">\n");
	html_f(b, "<dt>Slag</dt><dd>%s</dd>\n", kind_label(g->kind));
	html_f(b, "<dt>Nivå</dt><dd>%s</dd>\n", or_dash(group_level_label(g->level)));
	html_f(b, "<dt>Möten per år</dt><dd>%d</dd>\n", g->meetings_per_year);
	html_f(b, "<dt>Syfte och uppdrag</dt><dd class=\"text\">%s</dd>\n", or_dash(g->purpose));
	if (g->active || !g->closed_on)
		html_f(b, "<dt>Status</dt><dd>%s</dd>\n", g->active ? "Aktiv" : "Inaktiv");
	else
		html_f(b, "<dt>Status</dt><dd>Inaktiv sedan %s</dd>\n", g->closed_on);
	html_raw(b, "</dl>\n");
	if (g->convener_warning)
		html_f(b, "<p class=\"alert\" id=\"sammankallande\"><strong>Sammankallande:</strong> "
			  "%s</p>\n", g->convener_warning);
	group_cadence_line(r, g);
}

/* This year's held against required, as a sentence: "I år: 2 av 8 möten hållna, 1
 * planerat. 6 möten saknas." */
static void
group_cadence_line(struct http_req *r, const struct group *g)
{
	struct cadence_view cv = {.r = r, .only = g->id};
	char today[11];
	struct err e;
	int year;

	time_today(today);
	year = (int)strtol(today, NULL, 10);
	err_clear(&e);
	if (group_cadence(&r->tx, year, cadence_row, &cv, &e) != SAMSYN_OK || !cv.found)
		return;
	html_f(&r->out, "<p class=\"cadence-line%s\" id=\"i-ar\">Möten %d: %d hållna av %d "
			"som krävs, %d planerade. ",
	       cv.line.gap > 0 ? " gap" : "", year, cv.line.held, cv.line.required,
	       cv.line.planned);
	if (cv.line.gap > 0)
		html_f(&r->out, "<strong>%s.</strong></p>\n", gap_words(r, &cv.line));
	else
		html_f(&r->out, "%s.</p>\n", gap_words(r, &cv.line));
}

static int
members_section(struct http_req *r, const struct group *g, enum steer_form failed)
{
	struct picker people, functions;
	struct buf *b = &r->out;
	bool posted = failed == FORM_MEMBER, change = members_may_change(r, g), pick;
	int rc;

	html_raw(b, "<h2 id=\"medlemmar\">Medlemmar</h2>\n<table>\n<caption>Gruppens medlemmar: "
		    "personer och funktioner</caption>\n<thead><tr><th scope=\"col\">Medlem</th>"
		    "<th scope=\"col\">Slag</th><th scope=\"col\">Sammankallande</th>");
	if (change)
		html_raw(b, "<th scope=\"col\" class=\"no-print\">Ta bort</th>");
	html_raw(b, "</tr></thead>\n<tbody>\n");
	for (int i = 0; i < g->nmembers; i++) {
		const struct group_member *m = &g->members[i];

		html_f(b, "<tr><td>%s</td><td>%s</td><td>%s</td>", member_name(m),
		       m->user_id > 0 ? "Person" : "Funktion", m->convener ? "Ja" : "Nej");
		if (change) {
			html_f(b, "<td class=\"no-print\"><form method=\"post\" action=\"/styrning/"
				  "grupper/%lld/medlemmar/%lld/ta-bort\" class=\"inline\">\n",
			       (long long)g->id, (long long)m->id);
			page_csrf(r);
			html_f(b, "<button type=\"submit\" class=\"secondary\">Ta bort<span "
				  "class=\"visually-hidden\"> %s</span></button>\n</form></td>",
			       member_name(m));
		}
		html_raw(b, "</tr>\n");
	}
	if (g->nmembers == 0)
		html_f(b, "<tr><td colspan=\"%d\">Gruppen har inga medlemmar.</td></tr>\n",
		       change ? 4 : 3);
	html_raw(b, "</tbody>\n</table>\n");
	if (g->can_edit && !change)
		html_raw(b, "<p>Bara en administratör ändrar vilka som är med i styrgruppen, "
			    "eftersom dess medlemmar får ändra planerna.</p>\n");
	if (!change)
		return SAMSYN_OK;
	if ((rc = steer_may_pick(r, &pick)) != SAMSYN_OK)
		return rc;
	if (!pick) {
		/* A convener of no active group: this one is inactive (group_people_may_read). */
		html_raw(b, "<p>Gruppen är inaktiv. Gör den aktiv igen för att lägga till "
			    "medlemmar.</p>\n");
		return SAMSYN_OK;
	}
	if ((rc = steer_pickers(r, &people, &functions)) != SAMSYN_OK)
		return rc;
	html_f(b, "<h3>Lägg till en medlem</h3>\n<p>Välj antingen en person eller en funktion. "
		  "En funktion som medlem betyder den som har funktionen.</p>\n"
		  "<form method=\"post\" action=\"/styrning/grupper/%lld/medlemmar\" "
		  "class=\"narrow\">\n",
	       (long long)g->id);
	page_csrf(r);
	page_select(r, "user_id", "Person", people.opts, people.n,
		    form_or(r, posted, "user_id", ""));
	page_select(r, "function_id", "Funktion", functions.opts, functions.n,
		    form_or(r, posted, "function_id", ""));
	page_checkbox(r, "convener", "Sammankallande", posted && http_form(r, "convener") != NULL);
	html_raw(b, "<button type=\"submit\">Lägg till medlemmen</button>\n</form>\n");
	return SAMSYN_OK;
}

/* The domain decides (group_add_member); this only spares a form that would be refused:
 * a group's conveners and administrators change its members, only an administrator a
 * styrgrupp's. */
static bool
members_may_change(struct http_req *r, const struct group *g)
{
	return g->can_edit && (strcmp(g->kind, "styrgrupp") != 0 ||
			       r->tx.actor.role == ROLE_ADMIN);
}

/* The people and functions to pick from: every active user (by name, function and unit)
 * and every active function, which a convener of an active group may read though she
 * may not read the directory of users (group_people_list).  functions may be NULL. */
static int
steer_pickers(struct http_req *r, struct picker *people, struct picker *functions)
{
	struct group_people gp;
	struct err e;
	int rc;

	err_clear(&e);
	if ((rc = group_people_list(&r->tx, &gp, &e)) != SAMSYN_OK) {
		r->err = e;
		return rc;
	}
	picker_init(people, r, "Ingen person vald", gp.npeople);
	for (int i = 0; i < gp.npeople; i++)
		picker_add(people, gp.people[i].id, person_label(r, &gp.people[i]));
	if (functions) {
		picker_init(functions, r, "Ingen funktion vald", gp.nfunctions);
		for (int i = 0; i < gp.nfunctions; i++)
			picker_add(functions, gp.functions[i].id, gp.functions[i].name);
	}
	return SAMSYN_OK;
}

/* Whether the actor may have the pickers: administrators, and conveners of an active
 * group (group_people_may_read). */
static int
steer_may_pick(struct http_req *r, bool *out)
{
	struct err e;
	int rc;

	err_clear(&e);
	if ((rc = group_people_may_read(&r->tx, out, &e)) != SAMSYN_OK)
		r->err = e;
	return rc;
}

/* "Rut Rektor (Rektor, Norra skolan)": the function and unit tell apart people with the
 * same name. */
static const char *
person_label(struct http_req *r, const struct group_person *p)
{
	const char *name = or_dash(p->name);

	if (p->function && p->unit)
		return arena_printf(&r->arena, "%s (%s, %s)", name, p->function, p->unit);
	if (p->function || p->unit)
		return arena_printf(&r->arena, "%s (%s)", name,
				    p->function ? p->function : p->unit);
	return name;
}

static void
meeting_row(const struct meeting *m, void *arg)
{
	struct row_count *rows = arg;
	struct http_req *r = rows->r;

	rows->n++;
	html_f(&r->out, "<tr><td><a href=\"/styrning/moten/%lld\">%s</a></td><td>%s</td>"
			"<td>%s</td></tr>\n",
	       (long long)m->id, m->day, or_dash(m->title), meeting_status_label(m->status));
}

static void
meeting_create_form(struct http_req *r, const struct group *g, bool posted)
{
	char today[11];

	time_today(today);
	html_f(&r->out, "<h3 id=\"nytt-mote\">Nytt möte</h3>\n<form method=\"post\" "
			"action=\"/styrning/grupper/%lld/moten\" class=\"narrow\">\n",
	       (long long)g->id);
	page_csrf(r);
	page_input(r, "day", "Dag (ÅÅÅÅ-MM-DD)", "date", form_or(r, posted, "day", today), "off",
		   true);
	page_input(r, "title", "Rubrik", "text", form_or(r, posted, "title", ""), "off", false);
	page_select(r, "status", "Status", meeting_statuses, NSTATUSES,
		    form_or(r, posted, "status", "planned"));
	page_textarea(r, "agenda", "Dagordning, en punkt per rad",
		      form_or(r, posted, "agenda", ""), false);
	if (posted)
		page_confirm_personal_data(r);
	html_raw(&r->out, "<button type=\"submit\">Skapa mötet</button>\n</form>\n");
}

/* The meeting forms' fields.  edit: the meeting page's form, which also has minutes,
 * decisions and attendance. */
static int
meeting_in_from_form(struct http_req *r, struct meeting_in *in, bool edit)
{
	int64_t *present = NULL;
	int npresent = 0;

	if (edit) {
		present = arena_alloc(&r->arena, (r->nform + 1) * sizeof(*present));
		for (size_t i = 0; i < r->nform; i++) {
			char *end;
			long long id;

			if (strcmp(r->form[i].name, "present") != 0)
				continue;
			id = strtoll(r->form[i].value, &end, 10);
			if (*r->form[i].value == '\0' || *end != '\0' || id <= 0)
				return err_set(&r->err, SAMSYN_EINVAL, NULL,
					       "Närvaron kunde inte läsas.");
			present[npresent++] = id;
		}
	}
	*in = (struct meeting_in){
		.day = http_form(r, "day"),
		.title = http_form(r, "title"),
		.status = http_form(r, "status"),
		.minutes = http_form(r, "minutes"),
		.agenda = http_form(r, "agenda"),
		.decisions = http_form(r, "decisions"),
		.present = present,
		.npresent = npresent,
		.confirm = form_true(r, "confirm"),
		.has_day = true,
		.has_title = true,
		.has_status = http_form(r, "status") != NULL,
		.has_minutes = edit,
		.has_agenda = true,
		.has_decisions = edit,
		.has_present = edit,
	};
	return SAMSYN_OK;
}

/* The meeting page's form sends all four texts on every save.  Only those that differ
 * from what is stored are marked as given, so that a personnummer confirmed before is not
 * asked about again when something else changes (meeting_check checks only the texts a
 * write gives), and a text changed is checked again. */
static void
meeting_in_changed_only(struct meeting_in *in, const struct meeting *m)
{
	if (in->has_title && same_text(in->title, m->title))
		in->has_title = false;
	if (in->has_minutes && same_text(in->minutes, m->minutes))
		in->has_minutes = false;
	if (in->has_agenda && same_items(in->agenda, m->agenda, m->nagenda))
		in->has_agenda = false;
	if (in->has_decisions && same_items(in->decisions, m->decisions, m->ndecisions))
		in->has_decisions = false;
}

/* The same text, but for line breaks (a browser sends a textarea's as CRLF, the API may
 * have stored LF); blank is the same as none, as the domain stores it. */
static bool
same_text(const char *form, const char *stored)
{
	const char *a = form ? form : "", *b = stored ? stored : "";

	if (text_blank(a, strlen(a)) && text_blank(b, strlen(b)))
		return true;
	for (;;) {
		while (*a == '\r')
			a++;
		while (*b == '\r')
			b++;
		if (*a != *b)
			return false;
		if (*a == '\0')
			return true;
		a++;
		b++;
	}
}

/* The same list: the form's non-blank lines, split as meeting_set_items splits them, are
 * the stored items in order. */
static bool
same_items(const char *form, const struct meeting_item *items, int n)
{
	int k = 0;

	for (const char *p = form ? form : ""; *p;) {
		size_t len = strcspn(p, "\r\n");

		if (!text_blank(p, len)) {
			if (k == n || !items[k].text || strlen(items[k].text) != len ||
			    memcmp(items[k].text, p, len) != 0)
				return false;
			k++;
		}
		p += len;
		p += strspn(p, "\r\n");
	}
	return k == n;
}

/* Only spaces, tabs and line breaks (the domain's validate_blank). */
static bool
text_blank(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\n' && s[i] != '\r' && s[i] != '\t')
			return false;
	return true;
}

/* --- meetings -------------------------------------------------------------------- */

int
web_meeting(struct http_req *r)
{
	return meeting_page(r, r->id[0], FORM_NONE, 200);
}

int
web_meeting_update(struct http_req *r)
{
	struct meeting_in in;
	struct meeting m;
	int rc;

	if (http_form_parse(r) != SAMSYN_OK)
		return form_unreadable(r);
	if ((rc = meeting_in_from_form(r, &in, true)) == SAMSYN_OK &&
	    (rc = meeting_get(&r->tx, r->id[0], &m, &r->err)) == SAMSYN_OK) {
		meeting_in_changed_only(&in, &m);
		rc = meeting_update(&r->tx, r->id[0], &in, &m, &r->err);
	}
	if (rc == SAMSYN_OK) {
		http_redirect(r, arena_printf(&r->arena, "/styrning/moten/%lld?klart=sparad",
					      (long long)r->id[0]));
		return SAMSYN_OK;
	}
	if ((rc = form_failed(r, rc, meeting_form_fields)) != SAMSYN_EINVAL &&
	    rc != SAMSYN_ECONFLICT)
		return rc;
	if (meeting_page(r, r->id[0], FORM_MEETING_EDIT, err_http_status(rc)) == SAMSYN_OK)
		r->rendered = true;
	return rc;
}

int
web_actions_create(struct http_req *r)
{
	struct action_item out;
	struct action_in in;
	int rc;

	if (http_form_parse(r) != SAMSYN_OK)
		return form_unreadable(r);
	in = (struct action_in){
		.text = http_form(r, "text"),
		.owner_user_id = page_form_id(r, "owner_user_id"),
		.owner_text = http_form(r, "owner_text"),
		.due = http_form(r, "due"),
		.confirm = form_true(r, "confirm"),
	};
	if (in.due && *in.due == '\0')
		in.due = NULL;
	if (in.owner_text && *in.owner_text == '\0')
		in.owner_text = NULL;
	if (in.owner_user_id < 0)
		rc = err_set(&r->err, SAMSYN_EINVAL, "owner_user_id", "Välj en person i listan.");
	else
		rc = action_create(&r->tx, r->id[0], &in, &out, &r->err);
	if (rc == SAMSYN_OK) {
		http_redirect(r, arena_printf(&r->arena,
					      "/styrning/moten/%lld?klart=atgard#atgarder",
					      (long long)r->id[0]));
		return SAMSYN_OK;
	}
	if ((rc = form_failed(r, rc, meeting_form_fields)) != SAMSYN_EINVAL &&
	    rc != SAMSYN_ECONFLICT)
		return rc;
	if (meeting_page(r, r->id[0], FORM_ACTION, err_http_status(rc)) == SAMSYN_OK)
		r->rendered = true;
	return rc;
}

/* A meeting: facts, agenda, attendance, minutes, decisions, action items, and for its
 * group's conveners the forms. */
static int
meeting_page(struct http_req *r, int64_t id, enum steer_form failed, int status)
{
	struct action_view av = {.r = r, .caption = "Åtgärder från mötet"};
	struct err saved = r->err, e;
	struct picker owners;
	struct meeting m;
	struct group g;
	bool pick = false;
	int rc;

	err_clear(&e);
	if ((rc = meeting_get(&r->tx, id, &m, &e)) != SAMSYN_OK ||
	    (rc = group_get(&r->tx, m.group_id, &g, &e)) != SAMSYN_OK) {
		if (failed == FORM_NONE)
			r->err = e;
		return rc;
	}
	if (m.can_edit && ((rc = steer_may_pick(r, &pick)) != SAMSYN_OK ||
			   (pick && (rc = steer_pickers(r, &owners, NULL)) != SAMSYN_OK))) {
		if (failed != FORM_NONE)
			r->err = saved;
		return rc;
	}
	av.back = arena_printf(&r->arena, "/styrning/moten/%lld", (long long)m.id);
	if (g.can_edit) {
		av.editable = arena_alloc(&r->arena, sizeof(*av.editable));
		av.editable[0] = g.id;
		av.neditable = 1;
	}
	r->err = saved;
	page_begin(r, arena_printf(&r->arena, "%s – möte %s", m.group_name, m.day));
	page_notice(r);
	html_f(&r->out, "<p><a href=\"/styrning/grupper/%lld\">Tillbaka till %s</a></p>\n",
	       (long long)g.id, g.name);
	meeting_facts(r, &m);
	meeting_items_list(r, "Dagordning", m.agenda, m.nagenda, "Ingen dagordning.");
	meeting_attendance(r, &m);
	html_f(&r->out, "<h2>Protokoll</h2>\n<p class=\"text\">%s</p>\n",
	       m.minutes && *m.minutes ? m.minutes : "Inget protokoll ännu.");
	meeting_items_list(r, "Beslut", m.decisions, m.ndecisions, "Inga beslut.");
	html_raw(&r->out, "<h2 id=\"atgarder\">Åtgärder</h2>\n");
	actions_table(r, &av, m.actions, m.nactions);
	if (m.can_edit) {
		action_form(r, &m, pick ? &owners : NULL, failed == FORM_ACTION);
		meeting_edit_form(r, &m, failed == FORM_MEETING_EDIT);
	}
	page_end(r, status);
	return SAMSYN_OK;
}

static void
meeting_facts(struct http_req *r, const struct meeting *m)
{
	struct buf *b = &r->out;

	html_raw(b, "<dl class=\"facts\">\n");
	html_f(b, "<dt>Grupp</dt><dd><a href=\"/styrning/grupper/%lld\">%s</a></dd>\n",
	       (long long)m->group_id, m->group_name);
	html_f(b, "<dt>Dag</dt><dd>%s</dd>\n", m->day);
	html_f(b, "<dt>Rubrik</dt><dd>%s</dd>\n", or_dash(m->title));
	html_f(b, "<dt>Status</dt><dd>%s</dd>\n", meeting_status_label(m->status));
	html_raw(b, "</dl>\n");
}

static void
meeting_items_list(struct http_req *r, const char *heading, const struct meeting_item *items,
		   int n, const char *empty)
{
	html_f(&r->out, "<h2>%s</h2>\n", heading);
	if (n == 0) {
		html_f(&r->out, "<p>%s</p>\n", empty);
		return;
	}
	html_raw(&r->out, "<ol>\n");
	for (int i = 0; i < n; i++)
		html_f(&r->out, "<li>%s</li>\n", items[i].text);
	html_raw(&r->out, "</ol>\n");
}

/* Who was there, once attendance is recorded; those who have left the group since are
 * named as such. */
static void
meeting_attendance(struct http_req *r, const struct meeting *m)
{
	int present = 0, recorded = 0;

	html_raw(&r->out, "<h2>Närvaro</h2>\n");
	for (int i = 0; i < m->nattendance; i++) {
		present += m->attendance[i].present;
		recorded += m->attendance[i].recorded;
	}
	if (recorded == 0) {
		html_raw(&r->out, "<p>Ingen närvaro är registrerad.</p>\n");
		return;
	}
	html_f(&r->out, "<p>%d av %d närvarande.</p>\n<ul>\n", present, m->nattendance);
	for (int i = 0; i < m->nattendance; i++)
		html_f(&r->out, "<li>%s%s: %s</li>\n", m->attendance[i].user_name,
		       m->attendance[i].member ? "" : " (inte längre medlem)",
		       m->attendance[i].present ? "närvarande" : "frånvarande");
	html_raw(&r->out, "</ul>\n");
}

/* A new action item: text, an owner (a user, or free text), a due day.  owners is NULL
 * for a convener who may not have the picker (group_people_may_read): free text only. */
static void
action_form(struct http_req *r, const struct meeting *m, const struct picker *owners,
	    bool posted)
{
	html_f(&r->out, "<h3 id=\"ny-atgard\">Ny åtgärd</h3>\n<form method=\"post\" "
			"action=\"/styrning/moten/%lld/atgarder\" class=\"narrow\">\n",
	       (long long)m->id);
	page_csrf(r);
	page_textarea(r, "text", "Åtgärd", form_or(r, posted, "text", ""), true);
	if (owners)
		page_select(r, "owner_user_id", "Ansvarig person", owners->opts, owners->n,
			    form_or(r, posted, "owner_user_id", ""));
	page_input(r, "owner_text",
		   owners ? "Eller ansvarig i fritext, till exempel en funktion"
			  : "Ansvarig, till exempel en funktion",
		   "text", form_or(r, posted, "owner_text", ""), "off", false);
	page_input(r, "due", "Klart senast (ÅÅÅÅ-MM-DD)", "date", form_or(r, posted, "due", ""),
		   "off", false);
	if (posted)
		page_confirm_personal_data(r);
	html_raw(&r->out, "<button type=\"submit\">Lägg till åtgärden</button>\n</form>\n");
}

static void
meeting_edit_form(struct http_req *r, const struct meeting *m, bool posted)
{
	html_f(&r->out, "<h2 id=\"andra\">Ändra mötet</h2>\n<form method=\"post\" "
			"action=\"/styrning/moten/%lld\" class=\"meeting-form\">\n",
	       (long long)m->id);
	page_csrf(r);
	page_input(r, "day", "Dag (ÅÅÅÅ-MM-DD)", "date", form_or(r, posted, "day", m->day), "off",
		   true);
	page_input(r, "title", "Rubrik", "text", form_or(r, posted, "title", m->title), "off",
		   false);
	page_select(r, "status", "Status", meeting_statuses, NSTATUSES,
		    form_or(r, posted, "status", m->status));

	meeting_present_fields(r, m, posted);
	page_textarea(r, "agenda", "Dagordning, en punkt per rad",
		      form_or(r, posted, "agenda", items_text(r, m->agenda, m->nagenda)), false);
	page_textarea(r, "minutes", "Protokoll", form_or(r, posted, "minutes", m->minutes), false);
	page_textarea(r, "decisions", "Beslut, ett per rad",
		      form_or(r, posted, "decisions", items_text(r, m->decisions, m->ndecisions)),
		      false);
	html_raw(&r->out, "<p class=\"hint\">Skriv inga personuppgifter om enskilda barn i "
			  "protokollet.</p>\n");
	if (posted)
		page_confirm_personal_data(r);
	html_raw(&r->out, "<button type=\"submit\">Spara mötet</button>\n</form>\n");
}

/* A box for everyone in the meeting's attendance: who may attend now (members as persons
 * and holders of member functions) and who was recorded before and has left since.  The
 * first box is #f-present, where the error summary links. */
static void
meeting_present_fields(struct http_req *r, const struct meeting *m, bool posted)
{
	bool bad = strcmp(r->err.field, "present") == 0 && r->err.message[0];
	struct buf *b = &r->out;

	html_raw(b, "<fieldset class=\"checks\">\n<legend>Närvarande</legend>\n");
	if (bad)
		html_f(b, "<p class=\"field-error\" id=\"e-present\">%s</p>\n", r->err.message);
	for (int i = 0; i < m->nattendance; i++) {
		const struct attendance *at = &m->attendance[i];
		const char *id = i == 0 ? "f-present"
				       : arena_printf(&r->arena, "f-present-%lld",
						      (long long)at->user_id);

		html_f(b, "<div class=\"check\">\n<input id=\"%s\" name=\"present\" "
			  "type=\"checkbox\" value=\"%lld\"%s",
		       id, (long long)at->user_id,
		       meeting_present(m, at->user_id, posted, r) ? " checked" : "");
		if (bad)
			html_raw(b, " aria-invalid=\"true\" aria-describedby=\"e-present\"");
		html_f(b, ">\n<label for=\"%s\">%s%s</label>\n</div>\n", id, at->user_name,
		       at->member ? "" : " (inte längre medlem)");
	}
	if (m->nattendance == 0)
		html_raw(b, "<p id=\"f-present\">Ingen kan registreras som närvarande ännu. "
			    "Lägg till personer, eller funktioner som någon har, som medlemmar på "
			    "gruppens sida.</p>\n");
	html_raw(b, "</fieldset>\n");
}

static bool
meeting_present(const struct meeting *m, int64_t user_id, bool posted, struct http_req *r)
{
	if (posted) {
		for (size_t i = 0; i < r->nform; i++) {
			char *end;

			if (strcmp(r->form[i].name, "present") == 0 &&
			    strtoll(r->form[i].value, &end, 10) == user_id && *end == '\0')
				return true;
		}
		return false;
	}
	for (int i = 0; i < m->nattendance; i++)
		if (m->attendance[i].user_id == user_id)
			return m->attendance[i].present;
	return false;
}

/* Items one per line, as the form takes them. */
static const char *
items_text(struct http_req *r, const struct meeting_item *items, int n)
{
	struct buf b;
	const char *out;

	buf_init(&b, BUF_MAX_DEFAULT);
	for (int i = 0; i < n; i++)
		buf_printf(&b, "%s%s", i ? "\n" : "", items[i].text ? items[i].text : "");
	out = arena_strdup(&r->arena, buf_cstr(&b));
	buf_release(&b);
	return out;
}

/* --- action items ---------------------------------------------------------------- */

int
web_actions_open(struct http_req *r)
{
	struct action_view av = {.r = r, .back = "/styrning/atgarder", .show_group = true,
				 .caption = "Öppna åtgärder i alla grupper, ordnade efter när de ska "
					    "vara klara"};
	struct action_list list = {.r = r};
	int rc;

	if ((rc = editable_groups(r, &av)) != SAMSYN_OK ||
	    (rc = actions_gather(r, &list)) != SAMSYN_OK)
		return rc;
	page_begin(r, "Öppna åtgärder");
	page_notice(r);
	html_raw(&r->out, "<p><a href=\"/styrning\">Tillbaka till Styrning</a></p>\n"
			  "<p>Åtgärder som grupperna har beslutat och som inte är klara. En åtgärd "
			  "markeras som klar av gruppens sammankallande eller av den som är "
			  "ansvarig.</p>\n");
	actions_table(r, &av, list.items, list.n);
	page_end(r, 200);
	return SAMSYN_OK;
}

/* POST /styrning/atgarder/{id}: done=1 marks done, done=0 opens again. */
int
web_action_update(struct http_req *r)
{
	struct action_item out;
	const char *done;
	int rc;

	if (http_form_parse(r) != SAMSYN_OK)
		return form_unreadable(r);
	done = http_form(r, "done");
	if (done == NULL || (strcmp(done, "1") != 0 && strcmp(done, "0") != 0))
		return err_set(&r->err, SAMSYN_EINVAL, NULL, "Formuläret kunde inte läsas.");
	rc = action_set_done(&r->tx, r->id[0], strcmp(done, "1") == 0, &out, &r->err);
	if (rc == SAMSYN_OK)
		http_redirect(r, arena_printf(&r->arena, "%s?klart=%s", safe_back(r),
					      strcmp(done, "1") == 0 ? "atgard-klar"
								     : "atgard-oppen"));
	return rc;
}

static int
actions_gather(struct http_req *r, struct action_list *list)
{
	return action_list_open(&r->tx, action_gather, list, &r->err);
}

static void
action_gather(const struct action_item *a, void *arg)
{
	struct action_list *list = arg;

	if (list->n == ACTIONS_MAX)
		return;
	list->items = arena_grow(&list->r->arena, list->items, (size_t)list->n, &list->cap,
				 sizeof(*list->items));
	list->items[list->n++] = *a;
}

static void
actions_table(struct http_req *r, const struct action_view *av, const struct action_item *items,
	      int n)
{
	struct buf *b = &r->out;
	int cols = av->show_group ? 6 : 5;

	html_f(b, "<table class=\"actions\">\n<caption>%s</caption>\n<thead><tr>"
		  "<th scope=\"col\">Åtgärd</th>",
	       av->caption);
	if (av->show_group)
		html_raw(b, "<th scope=\"col\">Grupp och möte</th>");
	html_raw(b, "<th scope=\"col\">Ansvarig</th><th scope=\"col\">Klart senast</th>"
		    "<th scope=\"col\">Läge</th><th scope=\"col\" class=\"no-print\">Ändra</th>"
		    "</tr></thead>\n<tbody>\n");
	for (int i = 0; i < n; i++)
		action_row(r, av, &items[i]);
	if (n == 0)
		html_f(b, "<tr><td colspan=\"%d\">Inga åtgärder.</td></tr>\n", cols);
	html_raw(b, "</tbody>\n</table>\n");
}

static void
action_row(struct http_req *r, const struct action_view *av, const struct action_item *a)
{
	struct buf *b = &r->out;
	bool done = a->done_at != NULL;

	html_raw(b, !done && a->overdue ? "<tr class=\"overdue\">" : "<tr>");
	html_f(b, "<td class=\"text\">%s</td>", a->text);
	if (av->show_group)
		html_f(b, "<td><a href=\"/styrning/grupper/%lld\">%s</a>, <a href=\"/styrning/"
			  "moten/%lld\">möte %s</a></td>",
		       (long long)a->group_id, a->group_name, (long long)a->meeting_id,
		       a->meeting_day);
	html_f(b, "<td>%s</td><td>%s</td>", or_dash(a->owner_name), or_dash(a->due));
	if (done)
		html_f(b, "<td>Klar %s</td>", page_time(r, a->done_at));
	else if (a->overdue)
		html_raw(b, "<td><strong>Försenad</strong></td>");
	else
		html_raw(b, "<td>Öppen</td>");
	html_raw(b, "<td class=\"no-print\">");
	if (action_may_close(av, a, r->tx.actor.user_id)) {
		html_f(b, "<form method=\"post\" action=\"/styrning/atgarder/%lld\" "
			  "class=\"inline\">\n",
		       (long long)a->id);
		page_csrf(r);
		/* The name says which item (the visible text starts it, WCAG 2.5.3). */
		html_f(b, "<input type=\"hidden\" name=\"back\" value=\"%s\">\n"
			  "<input type=\"hidden\" name=\"done\" value=\"%s\">\n"
			  "<button type=\"submit\" class=\"secondary\" aria-label=\"%s: %s\">%s"
			  "</button>\n</form>",
		       av->back, done ? "0" : "1", done ? "Öppna igen" : "Markera som klar",
		       a->text, done ? "Öppna igen" : "Markera som klar");
	} else {
		html_raw(b, "–");
	}
	html_raw(b, "</td></tr>\n");
}

/* The domain decides (action_set_done); this only spares a button that would be
 * refused: conveners of the group, administrators and the owner. */
static bool
action_may_close(const struct action_view *av, const struct action_item *a, int64_t actor)
{
	if (a->owner_user_id > 0 && a->owner_user_id == actor)
		return true;
	for (int i = 0; i < av->neditable; i++)
		if (av->editable[i] == a->group_id)
			return true;
	return false;
}

/* The groups whose action items the actor may mark done (group.can_edit). */
static int
editable_groups(struct http_req *r, struct action_view *av)
{
	struct editable_list list = {.r = r};
	int rc;

	if ((rc = group_list(&r->tx, editable_group, &list, &r->err)) != SAMSYN_OK)
		return rc;
	av->editable = list.ids;
	av->neditable = list.n;
	return SAMSYN_OK;
}

static void
editable_group(const struct group *g, void *arg)
{
	struct editable_list *list = arg;

	if (!g->can_edit)
		return;
	list->ids = arena_grow(&list->r->arena, list->ids, (size_t)list->n, &list->cap,
			       sizeof(*list->ids));
	list->ids[list->n++] = g->id;
}

/* --- helpers --------------------------------------------------------------------- */

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

static const char *
meeting_status_label(const char *status)
{
	for (int i = 0; status && i < NSTATUSES; i++)
		if (strcmp(status, meeting_statuses[i].value) == 0)
			return meeting_statuses[i].label;
	return or_dash(status);
}

static const char *
member_name(const struct group_member *m)
{
	if (m->user_id > 0)
		return or_dash(m->user_name);
	return or_dash(m->function_name);
}

static const char *
kind_label(const char *kind)
{
	const struct group_kind *k = group_kind_find(kind);

	return k ? k->label : or_dash(kind);
}

/* "strategisk" as in "strategisk nivå". */
static const char *
level_words(const char *level)
{
	if (level && strcmp(level, "strategic") == 0)
		return "strategisk";
	if (level && strcmp(level, "tactical") == 0)
		return "taktisk";
	if (level && strcmp(level, "operative") == 0)
		return "operativ";
	return "okänd";
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

static bool
form_true(struct http_req *r, const char *name)
{
	const char *v = http_form(r, name);

	return v && (strcmp(v, "true") == 0 || strcmp(v, "1") == 0);
}

/* The posted value (or "") when the form was posted, else fallback. */
static const char *
form_or(struct http_req *r, bool posted, const char *name, const char *fallback)
{
	const char *v;

	if (!posted)
		return fallback;
	v = http_form(r, name);
	return v ? v : "";
}

/* Where a done button returns: a steering page, never another site. */
static const char *
safe_back(struct http_req *r)
{
	const char *back = http_form(r, "back");

	if (back == NULL || strncmp(back, "/styrning", 9) != 0 ||
	    strspn(back, "abcdefghijklmnopqrstuvwxyz0123456789/-") != strlen(back) ||
	    strstr(back, "//") != NULL)
		return "/styrning/atgarder";
	return back;
}

static void
picker_init(struct picker *p, struct http_req *r, const char *none, int cap)
{
	p->r = r;
	p->n = 0;
	p->cap = cap + 1;
	p->opts = arena_alloc(&r->arena, (size_t)p->cap * sizeof(*p->opts));
	p->opts[p->n++] = (struct page_option){"", none};
}

static void
picker_add(struct picker *p, int64_t id, const char *label)
{
	if (id <= 0 || p->n >= p->cap)
		return;
	p->opts[p->n++] = (struct page_option){
		arena_printf(&p->r->arena, "%lld", (long long)id), or_dash(label)};
}

static int
form_unreadable(struct http_req *r)
{
	return err_set(&r->err, SAMSYN_EINVAL, NULL, "Formuläret kunde inte läsas.");
}
