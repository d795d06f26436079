/* web_intake.c - intake (mottagning) for social services' child and youth unit: the
 * inbox sorted by urgency and due day; one report with the child, the rules in force and
 * a form for each step in the order the law gives them (skyddsbedömning,
 * förhandsbedömning, erbjudande om möte, information till vårdnadshavarna,
 * återkoppling); and corrections, which add a version instead of overwriting.
 *
 * Intake staff only: the domain (intake.h, access.h) answers SAMSYN_EFORBIDDEN to anyone
 * else and logs it.  A due day is always shown in words ("Försenad 2 dagar", "3 dagar
 * kvar") beside its colour (WCAG 1.4.1). */
#include <stdio.h>
#include <string.h>

#include "domain/access.h"
#include "domain/child.h"
#include "domain/intake.h"
#include "domain/report.h"
#include "domain/rules.h"
#include "util/calendar.h"
#include "util/timeutil.h"
#include "web/page.h"
#include "web/web_routes.h"

#define INBOX_LIMIT 100
#define OPEN_INVESTIGATIONS_MAX 50

/* A domain error's field, renamed to the form's field of the same meaning. */
struct field_map {
	const char *domain, *form;
};

static const struct field_map protection_fields[] = {
	{"at", "protection_at"},
	{"needed", "protection_needed"},
	{"reasoning", "protection_reasoning"},
	{NULL, NULL},
};
static const struct field_map decision_fields[] = {
	{"at", "decision_at"},
	{"decision", "decision"},
	{"reasons", "decision_reasons"},
	{"child_heard", "child_heard"},
	{"child_not_heard_reason", "child_not_heard_reason"},
	{"exceptional_reason", "exceptional_reason"},
	{"investigation_id", "investigation_id"},
	{NULL, NULL},
};
static const struct field_map meeting_fields[] = {
	{"at", "meeting_at"},
	{"to", "meeting_to"},
	{NULL, NULL},
};
static const struct field_map guardians_fields[] = {
	{"at", "guardians_at"},
	{NULL, NULL},
};
static const struct field_map feedback_fields[] = {
	{"message", "feedback_message"},
	{NULL, NULL},
};
static const struct field_map extension_fields[] = {
	{"at", "extension_at"},
	{"reasons", "extension_reasons"},
	{"new_end", "new_end"},
	{NULL, NULL},
};
static const struct field_map close_fields[] = {
	{"at", "close_at"},
	{NULL, NULL},
};
static const struct field_map correction_fields[] = {
	{"child_pnr", "child_pnr"},
	{"child_name", "child_name"},
	{"child_birth_date", "child_birth_date"},
	{"child_school", "child_school"},
	{"received_at", "received_at"},
	{"category", "category"},
	{"observed", "observed"},
	{"child_words", "child_words"},
	{"reason", "reason"},
	{NULL, NULL},
};

static const struct page_option yes_no[] = {{"ja", "Ja"}, {"nej", "Nej"}};
static const struct page_option decision_options[] = {
	{"investigate", "Inled utredning"},
	{"not_investigate", "Inled inte utredning"},
	{"ongoing", "Utredning pågår redan"},
};

static const char *const inbox_kinds[] = {
	[INBOX_PROTECTION] = "Skyddsbedömning",
	[INBOX_DECISION] = "Förhandsbedömning",
	[INBOX_FEEDBACK] = "Återkoppling",
	[INBOX_INVESTIGATION] = "Utredning",
};

/* One report's intake page, loaded once. */
struct intake_view {
	struct http_req *r;
	struct report rep;
	struct intake in;
	const char *day; /* the day of receipt, Stockholm: the rules in force that day apply */
};

struct inbox_view {
	struct http_req *r;
	struct buf rows;
	int n;
};

struct list_view {
	struct http_req *r;
	int64_t skip; /* a report not to list (the one on the page) */
	int n;
	struct page_option *opts;
};

struct versions_view {
	struct http_req *r;
	int nversions;
	bool have_prev;
	struct report_version prev;
};

static void inbox_row(const struct inbox_line *line, void *arg);
static void inbox_counts_list(struct http_req *r, const struct inbox_counts *c, int shown);
static int intake_page(struct http_req *r, int status);
static void violence_box(struct intake_view *v);
static void intake_report_section(struct intake_view *v);
static int intake_child_section(struct intake_view *v);
static void step_protection(struct intake_view *v);
static void step_decision(struct intake_view *v);
static void step_decision_form(struct intake_view *v);
static int investigation_options(struct intake_view *v, struct list_view *lv);
static void step_meeting(struct intake_view *v);
static void step_guardians(struct intake_view *v);
static void step_feedback(struct intake_view *v);
static void step_investigation(struct intake_view *v);
static void earlier_row(const struct report_line *line, void *arg);
static void open_investigation_option(const struct investigation *inv, void *arg);
static int step_done(struct http_req *r, int rc, const struct field_map *map,
		     const char *anchor, const char *notice);
static int correction_page(struct http_req *r, const struct report *rep, int status);
static void correction_from_form(struct http_req *r, const struct report *rep,
				 struct report_correction *c);
static void version_section(const struct report_version *ver, void *arg);
static void version_fact(struct versions_view *vv, const char *label, const char *value,
			 const char *before);
static void version_keep(struct versions_view *vv, const struct report_version *ver);
static int investigation_page(struct http_req *r, int status);
static void investigation_facts(struct http_req *r, const struct investigation *inv,
				const struct child *ch);
static void investigation_extensions(struct http_req *r, const struct investigation *inv);
static void investigation_forms(struct http_req *r, const struct investigation *inv);
static int investigation_done(struct http_req *r, int rc, const struct field_map *map,
			      const char *notice);
static void step_form_start(struct intake_view *v, const char *path);
static void time_input(struct http_req *r, const char *name, const char *label);
static const char *local_input(struct http_req *r, const char *iso);
static const char *local_day(struct http_req *r, const char *iso);
static void rule_source(struct http_req *r, const char *key, const char *day);
static void due_paragraph(struct http_req *r, const char *what, const struct intake_due *d);
static const char *due_words(struct http_req *r, const struct intake_due *d);
static const char *due_day(struct http_req *r, const struct intake_due *d);
static const char *day_off(const char *ymd);
static const char *due_class(const struct intake_due *d);
static const char *decision_label(const char *decision);
static const char *meeting_to_text(struct http_req *r, const char *to);
static const char *yes_no_text(int v);
static const char *pnr_text(struct http_req *r, const char *pnr);
static const char *or_dash(const char *s);
static bool text_same(const char *a, const char *b);
static bool form_yes(struct http_req *r, const char *name, bool *has);
static int form_unreadable(struct http_req *r);
static void map_field(struct err *e, const struct field_map *map);

int
web_intake_inbox(struct http_req *r)
{
	struct inbox_view v = {.r = r};
	struct inbox_counts counts;
	int rc;

	memset(&counts, 0, sizeof(counts));
	buf_init(&v.rows, BUF_MAX_DEFAULT);
	if ((rc = intake_inbox(&r->tx, INBOX_LIMIT, inbox_row, &v, &counts, &r->err)) !=
	    SAMSYN_OK)
		goto cleanup;
	page_begin(r, "Mottagning");
	page_notice(r);
	html_raw(&r->out, "<p><a href=\"/mottagning/barn\">Sök barn</a></p>\n");
	inbox_counts_list(r, &counts, v.n);
	html_raw(&r->out,
		 "<table class=\"inbox\">\n<caption>Att göra, mest brådskande först, sedan efter "
		 "sista dag</caption>\n<thead><tr><th scope=\"col\">Ärende</th>"
		 "<th scope=\"col\">Nummer</th><th scope=\"col\">Barn</th>"
		 "<th scope=\"col\">Mottagen</th><th scope=\"col\">Brådska</th>"
		 "<th scope=\"col\">Sista dag</th><th scope=\"col\">Läge</th></tr></thead>\n"
		 "<tbody>\n");
	html_raw(&r->out, buf_cstr(&v.rows));
	if (v.n == 0)
		html_raw(&r->out, "<tr><td colspan=\"7\">Inget att göra just nu.</td></tr>\n");
	html_raw(&r->out, "</tbody>\n</table>\n");
	page_end(r, 200);
cleanup:
	buf_release(&v.rows);
	return rc;
}

int
web_intake_report(struct http_req *r)
{
	return intake_page(r, 200);
}

int
web_intake_protection(struct http_req *r)
{
	struct intake_protection_in in;
	struct intake out;
	int rc;

	if (http_form_parse(r) != SAMSYN_OK)
		return form_unreadable(r);
	in = (struct intake_protection_in){
		.at = http_form(r, "protection_at"),
		.reasoning = http_form(r, "protection_reasoning"),
	};
	in.needed = form_yes(r, "protection_needed", &in.has_needed);
	rc = intake_assess(&r->tx, r->id[0], &in, &out, &r->err);
	return step_done(r, rc, protection_fields, "skydd", "registrerad");
}

int
web_intake_decision(struct http_req *r)
{
	struct intake_decision_in in;
	struct intake out;
	int rc;

	if (http_form_parse(r) != SAMSYN_OK)
		return form_unreadable(r);
	in = (struct intake_decision_in){
		.at = http_form(r, "decision_at"),
		.decision = http_form(r, "decision"),
		.reasons = http_form(r, "decision_reasons"),
		.child_not_heard_reason = http_form(r, "child_not_heard_reason"),
		.exceptional_reason = http_form(r, "exceptional_reason"),
		.investigation_id = page_form_id(r, "investigation_id"),
	};
	in.child_heard = form_yes(r, "child_heard", &in.has_child_heard);
	if (in.investigation_id < 0)
		rc = err_set(&r->err, SAMSYN_EINVAL, "investigation_id",
			     "Välj en pågående utredning i listan.");
	else
		rc = intake_decide(&r->tx, r->id[0], &in, &out, &r->err);
	return step_done(r, rc, decision_fields, "beslut", "registrerad");
}

int
web_intake_meeting(struct http_req *r)
{
	static const char *const who[] = {"child", "guardian", "reporter"};
	char to[64] = "";
	struct intake out;
	size_t n = 0;
	int rc;

	if (http_form_parse(r) != SAMSYN_OK)
		return form_unreadable(r);
	for (size_t i = 0; i < sizeof(who) / sizeof(who[0]); i++) {
		if (http_form(r, arena_printf(&r->arena, "meeting_%s", who[i])) == NULL)
			continue;
		n += (size_t)snprintf(to + n, sizeof(to) - n, "%s%s", n ? "," : "", who[i]);
	}
	rc = intake_offer_meeting(&r->tx, r->id[0], http_form(r, "meeting_at"), to, &out,
				  &r->err);
	return step_done(r, rc, meeting_fields, "mote", "registrerad");
}

int
web_intake_guardians(struct http_req *r)
{
	struct intake out;
	int rc;

	if (http_form_parse(r) != SAMSYN_OK)
		return form_unreadable(r);
	rc = intake_guardians_informed(&r->tx, r->id[0], http_form(r, "guardians_at"), &out,
				       &r->err);
	return step_done(r, rc, guardians_fields, "vardnadshavare", "registrerad");
}

int
web_intake_feedback(struct http_req *r)
{
	struct intake out;
	int rc;

	if (http_form_parse(r) != SAMSYN_OK)
		return form_unreadable(r);
	rc = intake_send_feedback(&r->tx, r->id[0], http_form(r, "feedback_message"), &out,
				  &r->err);
	return step_done(r, rc, feedback_fields, "aterkoppling", "aterkopplad");
}

int
web_intake_correction_form(struct http_req *r)
{
	struct report rep;
	int rc;

	if ((rc = access_require_intake(&r->tx, "report", r->id[0], &r->err)) != SAMSYN_OK)
		return rc;
	if ((rc = report_get(&r->tx, r->id[0], &rep, &r->err)) != SAMSYN_OK)
		return rc;
	return correction_page(r, &rep, 200);
}

int
web_intake_correct(struct http_req *r)
{
	struct report_correction c;
	struct report rep, out;
	int rc;

	if (http_form_parse(r) != SAMSYN_OK)
		return form_unreadable(r);
	if ((rc = access_require_intake(&r->tx, "report", r->id[0], &r->err)) != SAMSYN_OK)
		return rc;
	if ((rc = report_get(&r->tx, r->id[0], &rep, &r->err)) != SAMSYN_OK)
		return rc;
	correction_from_form(r, &rep, &c);
	if (!c.has_child && !c.has_child_school && !c.has_received_at && !c.has_category &&
	    !c.has_observed && !c.has_child_words)
		rc = err_set(&r->err, SAMSYN_EINVAL, NULL,
			     "Ingen uppgift är ändrad. Ändra det som ska rättas.");
	else
		rc = report_correct(&r->tx, r->id[0], &c, &out, &r->err);
	if (rc == SAMSYN_EINVAL || rc == SAMSYN_ECONFLICT) {
		map_field(&r->err, correction_fields);
		if (correction_page(r, &rep, err_http_status(rc)) == SAMSYN_OK)
			r->rendered = true;
		return rc;
	}
	if (rc == SAMSYN_OK)
		http_redirect(r, arena_printf(&r->arena,
					      "/mottagning/anmalningar/%lld?klart=rattad",
					      (long long)r->id[0]));
	return rc;
}

/* Every version in order, each change marked against the one before. */
int
web_intake_versions(struct http_req *r)
{
	struct versions_view vv = {.r = r};
	struct report rep;
	int rc;

	if ((rc = access_require_intake(&r->tx, "report", r->id[0], &r->err)) != SAMSYN_OK)
		return rc;
	if ((rc = report_get(&r->tx, r->id[0], &rep, &r->err)) != SAMSYN_OK)
		return rc;
	vv.nversions = rep.nversions;
	page_begin(r, arena_printf(&r->arena, "Versioner av anmälan %s", or_dash(rep.number)));
	html_f(&r->out, "<p><a href=\"/mottagning/anmalningar/%lld\">Tillbaka till anmälan</a>"
			"</p>\n<p>En rättelse skriver aldrig över: varje version finns kvar. "
			"Uppgifter som ändrades mot versionen före är markerade med "
			"<strong>Ändrad</strong>.</p>\n",
	       (long long)rep.id);
	if ((rc = report_versions(&r->tx, rep.id, version_section, &vv, &r->err)) != SAMSYN_OK)
		return rc;
	page_end(r, 200);
	return SAMSYN_OK;
}

int
web_investigation(struct http_req *r)
{
	return investigation_page(r, 200);
}

int
web_investigation_extend(struct http_req *r)
{
	struct investigation out;
	int rc;

	if (http_form_parse(r) != SAMSYN_OK)
		return form_unreadable(r);
	rc = investigation_extend(&r->tx, r->id[0], http_form(r, "extension_at"),
				  http_form(r, "extension_reasons"), http_form(r, "new_end"), &out,
				  &r->err);
	return investigation_done(r, rc, extension_fields, "forlangd");
}

int
web_investigation_close(struct http_req *r)
{
	struct investigation out;
	int rc;

	if (http_form_parse(r) != SAMSYN_OK)
		return form_unreadable(r);
	rc = investigation_close(&r->tx, r->id[0], http_form(r, "close_at"), &out, &r->err);
	return investigation_done(r, rc, close_fields, "avslutad");
}

static void
inbox_row(const struct inbox_line *line, void *arg)
{
	struct inbox_view *v = arg;
	struct http_req *r = v->r;
	struct buf *b = &v->rows;
	const char *kind = (size_t)line->kind < sizeof(inbox_kinds) / sizeof(inbox_kinds[0])
				   ? inbox_kinds[line->kind]
				   : "";

	v->n++;
	html_raw(b, line->due.overdue ? "<tr class=\"overdue\">"
		    : line->due.soon  ? "<tr class=\"soon\">"
				      : "<tr>");
	html_f(b, "<td>%s</td>", kind);
	if (line->kind == INBOX_INVESTIGATION)
		html_f(b, "<td><a href=\"/mottagning/utredningar/%lld\">%s</a></td>",
		       (long long)line->investigation_id,
		       line->number ? line->number
				    : arena_printf(&r->arena, "Utredning %lld",
						   (long long)line->investigation_id));
	else
		html_f(b, "<td><a href=\"/mottagning/anmalningar/%lld\">%s</a></td>",
		       (long long)line->report_id, or_dash(line->number));
	html_f(b, "<td>%s, %d år</td><td>%s</td><td>%s</td>", or_dash(line->child_name),
	       line->child_age, page_time(r, line->received_at),
	       or_dash(report_urgency_label(line->urgency ? line->urgency : "")));
	html_f(b, "<td>%s</td><td>", due_day(r, &line->due));
	if (line->due.overdue || line->due.soon)
		html_f(b, "<strong>%s</strong></td></tr>\n", due_words(r, &line->due));
	else
		html_f(b, "%s</td></tr>\n", due_words(r, &line->due));
}

static void
inbox_counts_list(struct http_req *r, const struct inbox_counts *c, int shown)
{
	long long total =
		(long long)(c->protection + c->decision + c->feedback + c->investigations);

	html_raw(&r->out, "<h2>Läget</h2>\n<dl class=\"counts\">\n");
	html_f(&r->out, "<div><dt>Skyddsbedömningar att göra</dt><dd>%lld</dd></div>\n",
	       (long long)c->protection);
	html_f(&r->out, "<div><dt>Förhandsbedömningar att besluta</dt><dd>%lld</dd></div>\n",
	       (long long)c->decision);
	html_f(&r->out, "<div><dt>Återkopplingar att skicka</dt><dd>%lld</dd></div>\n",
	       (long long)c->feedback);
	html_f(&r->out, "<div><dt>Pågående utredningar</dt><dd>%lld</dd></div>\n",
	       (long long)c->investigations);
	html_f(&r->out, "<div class=\"overdue\"><dt>Försenade</dt><dd>%lld</dd></div>\n",
	       (long long)c->overdue);
	html_f(&r->out, "<div class=\"soon\"><dt>Sista dag inom %d dagar</dt><dd>%lld</dd>"
			"</div>\n",
	       INTAKE_SOON_DAYS, (long long)c->soon);
	html_raw(&r->out, "</dl>\n");
	if (total > shown)
		html_f(&r->out, "<p>Tabellen visar de %d mest brådskande av %lld rader.</p>\n",
		       shown, total);
}

/* The report's intake page; after a failed step it is drawn again with the error, the
 * posted values kept by page_value. */
static int
intake_page(struct http_req *r, int status)
{
	struct intake_view v = {.r = r};
	struct err e;
	int rc;

	err_clear(&e);
	if ((rc = intake_get(&r->tx, r->id[0], &v.in, &e)) != SAMSYN_OK ||
	    (rc = report_get(&r->tx, r->id[0], &v.rep, &e)) != SAMSYN_OK) {
		if (status == 200)
			r->err = e;
		return rc;
	}
	v.day = local_day(r, v.rep.cur.received_at);
	page_begin(r, arena_printf(&r->arena, "Anmälan %s", or_dash(v.rep.number)));
	page_notice(r);
	html_raw(&r->out, "<p><a href=\"/mottagning\">Tillbaka till mottagningen</a></p>\n");
	if (v.in.by_violence_rule)
		violence_box(&v);
	intake_report_section(&v);
	if ((rc = intake_child_section(&v)) != SAMSYN_OK)
		return rc;
	html_f(&r->out, "<p>Anmälan kom in %s: då gällde socialtjänstlagen %s. <a "
			"href=\"/regler?datum=%s\">Regler och frister den dagen</a></p>\n",
	       v.day, or_dash(v.in.act), v.day);
	step_protection(&v);
	step_decision(&v);
	step_meeting(&v);
	step_guardians(&v);
	step_feedback(&v);
	step_investigation(&v);
	page_end(r, status);
	return SAMSYN_OK;
}

/* Why there is no pre-assessment: the report concerns violence. */
static void
violence_box(struct intake_view *v)
{
	struct http_req *r = v->r;
	bool linked = v->in.decision && strcmp(v->in.decision, "ongoing") == 0;

	html_f(&r->out, "<div class=\"rule-box\" role=\"note\">\n<p><strong>%s</strong> "
			"Anmälan gäller våld (%s). När ett barn kan ha utsatts för eller "
			"bevittnat våld inleds en utredning utan dröjsmål, utan "
			"förhandsbedömning.%s</p>\n"
			"<p>Källa: %s</p>\n</div>\n",
	       linked ? "Kopplad direkt till pågående utredning." : "Utredning inledd direkt.",
	       or_dash(report_category_label(v->rep.cur.category ? v->rep.cur.category : "")),
	       linked ? " Barnet hade redan en pågående utredning, och anmälan kopplades till den."
		      : "",
	       or_dash(v->in.violence_rule_source));
}

static void
intake_report_section(struct intake_view *v)
{
	struct http_req *r = v->r;
	const struct report *rep = &v->rep;
	const struct report_version *c = &rep->cur;

	html_raw(&r->out, "<h2>Anmälan</h2>\n<dl class=\"facts\">\n");
	html_f(&r->out, "<dt>Mottagen</dt><dd>%s</dd>\n", page_time(r, c->received_at));
	html_f(&r->out, "<dt>Oron gäller</dt><dd>%s</dd>\n",
	       or_dash(report_category_label(c->category ? c->category : "")));
	html_f(&r->out, "<dt>Brådska</dt><dd>%s</dd>\n",
	       or_dash(report_urgency_label(c->urgency ? c->urgency : "")));
	html_f(&r->out, "<dt>Vad anmälaren har sett eller hört</dt><dd class=\"text\">%s</dd>\n",
	       or_dash(c->observed));
	html_f(&r->out, "<dt>Barnets egna ord</dt><dd class=\"text\">%s</dd>\n",
	       or_dash(c->child_words));
	html_f(&r->out, "<dt>Vet vårdnadshavarna om oron?</dt><dd>%s</dd>\n",
	       or_dash(report_guardians_know_label(c->guardians_know ? c->guardians_know : "")));
	html_f(&r->out, "<dt>Anmälare</dt><dd>%s", or_dash(rep->reporter_name));
	if (rep->reporter_unit_name)
		html_f(&r->out, ", %s", rep->reporter_unit_name);
	html_f(&r->out, "<br>Telefon %s", or_dash(rep->reporter_phone));
	if (rep->reporter_email)
		html_f(&r->out, "<br>E-post %s", rep->reporter_email);
	html_f(&r->out, "</dd>\n<dt>Version</dt><dd>%d av %d", c->version, rep->nversions);
	if (rep->nversions > 1)
		html_f(&r->out, " (<a href=\"/mottagning/anmalningar/%lld/versioner\">alla "
				"versioner</a>)",
		       (long long)rep->id);
	html_f(&r->out, "</dd>\n</dl>\n<p><a href=\"/mottagning/anmalningar/%lld/rattelse\">"
			"Rätta anmälan</a> (sparas som en ny version med skäl)</p>\n",
	       (long long)rep->id);
}

static int
intake_child_section(struct intake_view *v)
{
	struct http_req *r = v->r;
	const struct child *ch = &v->rep.child;
	struct list_view lv = {.r = r, .skip = v->rep.id};
	struct err e;
	int rc;

	html_raw(&r->out, "<h2>Barnet</h2>\n");
	if (ch->id == 0) {
		html_raw(&r->out, "<p>Barnet är inte kopplat till registret.</p>\n");
		return SAMSYN_OK;
	}
	html_f(&r->out, "<dl class=\"facts\">\n<dt>Namn</dt><dd><a "
			"href=\"/mottagning/barn/%lld\">%s</a></dd>\n<dt>Identitet</dt>"
			"<dd>%s</dd>\n<dt>Ålder</dt><dd>%d år (född %s)</dd>\n",
	       (long long)ch->id, ch->name, or_dash(ch->pnr_display), ch->age,
	       or_dash(ch->birth_date));
	if (ch->protected_identity)
		html_raw(&r->out, "<dt>Skydd</dt><dd><strong>Skyddad identitet</strong></dd>\n");
	if (ch->details_hidden)
		html_raw(&r->out, "<dt>Adress och skola</dt><dd>Adress och skola visas inte"
				  "</dd>\n");
	else
		html_f(&r->out, "<dt>Skola</dt><dd>%s</dd>\n", or_dash(ch->school_name));
	html_raw(&r->out, "</dl>\n<table>\n<caption>Barnets tidigare anmälningar</caption>\n"
			  "<thead><tr><th scope=\"col\">Anmälan</th>"
			  "<th scope=\"col\">Mottagen</th><th scope=\"col\">Oron gäller</th>"
			  "</tr></thead>\n<tbody>\n");
	/* r->err may hold a step's error that the forms below still show: keep it. */
	err_clear(&e);
	if ((rc = report_list_for_child(&r->tx, ch->id, earlier_row, &lv, &e)) != SAMSYN_OK) {
		r->err = e;
		return rc;
	}
	if (lv.n == 0)
		html_raw(&r->out, "<tr><td colspan=\"3\">Inga tidigare anmälningar.</td></tr>\n");
	html_raw(&r->out, "</tbody>\n</table>\n");
	return SAMSYN_OK;
}

static void
earlier_row(const struct report_line *line, void *arg)
{
	struct list_view *lv = arg;
	struct http_req *r = lv->r;

	if (line->id == lv->skip)
		return;
	lv->n++;
	html_f(&r->out, "<tr><td><a href=\"/mottagning/anmalningar/%lld\">%s</a></td><td>%s</td>"
			"<td>%s</td></tr>\n",
	       (long long)line->id, or_dash(line->number), page_time(r, line->received_at),
	       or_dash(report_category_label(line->category ? line->category : "")));
}

static void
step_protection(struct intake_view *v)
{
	struct http_req *r = v->r;
	const struct intake *in = &v->in;

	html_raw(&r->out, "<section aria-labelledby=\"skydd\">\n<h2 id=\"skydd\">1. "
			  "Skyddsbedömning</h2>\n");
	rule_source(r, "protection_assessment", v->day);
	if (in->protection_needed != -1) {
		html_f(&r->out, "<dl class=\"facts\">\n<dt>Gjord</dt><dd>%s av %s</dd>\n"
				"<dt>Behövs omedelbart skydd?</dt><dd>%s</dd>\n<dt>Bedömning</dt>"
				"<dd class=\"text\">%s</dd>\n</dl>\n</section>\n",
		       page_time(r, in->protection_at), or_dash(in->protection_by_name),
		       yes_no_text(in->protection_needed), or_dash(in->protection_reasoning));
		return;
	}
	due_paragraph(r, "Skyddsbedömningen ska göras senast", &in->protection_due);
	step_form_start(v, "skyddsbedomning");
	time_input(r, "protection_at", "Tidpunkt för skyddsbedömningen");
	page_radios(r, "protection_needed", "Behövs omedelbart skydd?", yes_no, 2,
		    page_value(r, "protection_needed", NULL));
	page_textarea(r, "protection_reasoning", "Bedömning och skäl",
		      page_value(r, "protection_reasoning", ""), false);
	html_raw(&r->out, "<button type=\"submit\">Registrera skyddsbedömningen</button>\n"
			  "</form>\n</section>\n");
}

static void
step_decision(struct intake_view *v)
{
	struct http_req *r = v->r;
	const struct intake *in = &v->in;

	html_raw(&r->out, "<section aria-labelledby=\"beslut\">\n<h2 id=\"beslut\">2. "
			  "Förhandsbedömning</h2>\n");
	if (in->by_violence_rule) {
		html_raw(&r->out, "<p>Ingen förhandsbedömning: anmälan gäller våld, och "
				  "utredningen inleddes direkt när anmälan kom in (se rutan "
				  "överst).</p>\n"
				  "</section>\n");
		return;
	}
	rule_source(r, "pre_assessment", v->day);
	if (in->decision) {
		html_f(&r->out, "<dl class=\"facts\">\n<dt>Beslut</dt><dd>%s</dd>\n<dt>Fattat</dt>"
				"<dd>%s av %s</dd>\n<dt>Skäl</dt><dd class=\"text\">%s</dd>\n",
		       decision_label(in->decision), page_time(r, in->decided_at),
		       or_dash(in->decided_by_name), or_dash(in->decision_reasons));
		if (in->child_heard != -1)
			html_f(&r->out, "<dt>Har barnet hörts?</dt><dd>%s</dd>\n",
			       yes_no_text(in->child_heard));
		if (in->child_not_heard_reason)
			html_f(&r->out, "<dt>Varför barnet inte hördes</dt><dd class=\"text\">%s"
					"</dd>\n",
			       in->child_not_heard_reason);
		if (in->exceptional_reason)
			html_f(&r->out, "<dt>Synnerliga skäl för beslut efter fristen</dt>"
					"<dd class=\"text\">%s</dd>\n",
			       in->exceptional_reason);
		html_raw(&r->out, "</dl>\n</section>\n");
		return;
	}
	due_paragraph(r, "Beslutet ska fattas senast", &in->decision_due);
	if (in->protection_needed == -1) {
		html_raw(&r->out, "<p>Beslutet registreras efter skyddsbedömningen.</p>\n"
				  "</section>\n");
		return;
	}
	step_decision_form(v);
}

static void
step_decision_form(struct intake_view *v)
{
	struct http_req *r = v->r;
	struct list_view lv = {.r = r};
	bool late = v->in.decision_due.overdue ||
		    (r->err.code != SAMSYN_OK && strcmp(r->err.field, "exceptional_reason") == 0);

	step_form_start(v, "beslut");
	time_input(r, "decision_at", "Tidpunkt för beslutet");
	page_radios(r, "decision", "Beslut", decision_options, 3, page_value(r, "decision", NULL));
	if (investigation_options(v, &lv) > 1)
		page_select(r, "investigation_id",
			    "Pågående utredning (när utredning pågår redan)", lv.opts, lv.n,
			    page_value(r, "investigation_id", ""));
	else
		html_raw(&r->out, "<p>Barnet har ingen pågående utredning.</p>\n");
	page_textarea(r, "decision_reasons", "Skäl (krävs när utredning inte inleds)",
		      page_value(r, "decision_reasons", ""), false);
	page_radios(r, "child_heard", "Har barnet hörts?", yes_no, 2,
		    page_value(r, "child_heard", NULL));
	page_textarea(r, "child_not_heard_reason", "Om barnet inte har hörts: varför?",
		      page_value(r, "child_not_heard_reason", ""), false);
	if (late) {
		html_f(&r->out, "<p><strong>Fristen har gått ut.</strong> Sista dag var %s. Ett "
				"beslut efter fristen kräver synnerliga skäl.</p>\n",
		       due_day(r, &v->in.decision_due));
		page_textarea(r, "exceptional_reason", "Synnerliga skäl till att beslutet "
						       "fattas efter fristen",
			      page_value(r, "exceptional_reason", ""), false);
	}
	html_raw(&r->out, "<button type=\"submit\">Registrera beslutet</button>\n</form>\n"
			  "</section>\n");
}

/* Options for the child's open investigations, "none" first; returns how many. */
static int
investigation_options(struct intake_view *v, struct list_view *lv)
{
	struct err e;

	lv->opts = arena_alloc(&v->r->arena, (OPEN_INVESTIGATIONS_MAX + 1) * sizeof(*lv->opts));
	lv->opts[0] = (struct page_option){"", "Ingen vald"};
	lv->n = 1;
	err_clear(&e);
	if (v->rep.child.id)
		investigation_list_open(&v->r->tx, v->rep.child.id, open_investigation_option, lv,
					&e);
	return lv->n;
}

static void
open_investigation_option(const struct investigation *inv, void *arg)
{
	struct list_view *lv = arg;

	if (lv->n > OPEN_INVESTIGATIONS_MAX)
		return;
	lv->opts[lv->n].value = arena_printf(&lv->r->arena, "%lld", (long long)inv->id);
	lv->opts[lv->n].label = arena_printf(&lv->r->arena, "Utredning inledd %s, slutdatum %s",
					     local_day(lv->r, inv->opened_at), inv->end_date);
	lv->n++;
}

static void
step_meeting(struct intake_view *v)
{
	static const struct page_option who[] = {
		{"child", "Barnet"}, {"guardian", "Vårdnadshavare"}, {"reporter", "Anmälaren"}};
	struct http_req *r = v->r;
	bool bad = r->err.code != SAMSYN_OK && strcmp(r->err.field, "meeting_to") == 0;

	html_raw(&r->out, "<section aria-labelledby=\"mote\">\n<h2 id=\"mote\">3. Erbjudande om "
			  "möte</h2>\n");
	rule_source(r, "meeting", v->day);
	if (v->in.meeting_offered_at) {
		html_f(&r->out, "<p>Möte erbjudet %s till %s.</p>\n</section>\n",
		       page_time(r, v->in.meeting_offered_at),
		       meeting_to_text(r, v->in.meeting_offered_to));
		return;
	}
	step_form_start(v, "mote");
	time_input(r, "meeting_at", "Tidpunkt för erbjudandet");
	html_f(&r->out, "<fieldset class=\"field checks%s\">\n<legend>Mötet erbjöds</legend>\n",
	       bad ? " bad" : "");
	if (bad)
		html_f(&r->out, "<p class=\"field-error\" id=\"e-meeting_to\">%s</p>\n",
		       r->err.message);
	for (int i = 0; i < 3; i++) {
		const char *name = arena_printf(&r->arena, "meeting_%s", who[i].value);
		const char *id = i == 0 ? "f-meeting_to" : arena_printf(&r->arena, "f-%s", name);

		html_f(&r->out, "<div class=\"check\">\n<input id=\"%s\" name=\"%s\" "
				"type=\"checkbox\" value=\"1\"%s",
		       id, name, r->form_parsed && http_form(r, name) ? " checked" : "");
		if (bad)
			html_raw(&r->out,
				 " aria-invalid=\"true\" aria-describedby=\"e-meeting_to\"");
		html_f(&r->out, ">\n<label for=\"%s\">%s</label>\n</div>\n", id, who[i].label);
	}
	html_raw(&r->out, "</fieldset>\n<button type=\"submit\">Registrera erbjudandet</button>\n"
			  "</form>\n</section>\n");
}

static void
step_guardians(struct intake_view *v)
{
	struct http_req *r = v->r;
	const struct intake *in = &v->in;

	html_raw(&r->out, "<section aria-labelledby=\"vardnadshavare\">\n<h2 "
			  "id=\"vardnadshavare\">4. Information till vårdnadshavarna</h2>\n");
	rule_source(r, "guardians_informed", v->day);
	if (in->guardians_informed_at) {
		html_f(&r->out, "<p>Vårdnadshavarna informerades %s om att en utredning har "
				"inletts.</p>\n</section>\n",
		       page_time(r, in->guardians_informed_at));
		return;
	}
	if (in->decision == NULL || strcmp(in->decision, "investigate") != 0) {
		html_raw(&r->out, "<p>Gäller när en utredning har inletts.</p>\n</section>\n");
		return;
	}
	html_raw(&r->out, "<p>Vårdnadshavarna ska genast få veta att en utredning har inletts, "
			  "om inte särskilda skäl talar emot det.</p>\n");
	step_form_start(v, "vardnadshavare");
	time_input(r, "guardians_at", "Tidpunkt då vårdnadshavarna informerades");
	html_raw(&r->out, "<button type=\"submit\">Registrera att vårdnadshavarna är "
			  "informerade</button>\n</form>\n</section>\n");
}

static void
step_feedback(struct intake_view *v)
{
	struct http_req *r = v->r;
	const struct intake *in = &v->in;

	html_raw(&r->out, "<section aria-labelledby=\"aterkoppling\">\n<h2 id=\"aterkoppling\">5. "
			  "Återkoppling till anmälaren</h2>\n");
	rule_source(r, "feedback", in->decided_at ? local_day(r, in->decided_at) : v->day);
	if (in->feedback_sent_at) {
		html_f(&r->out, "<p>Återkoppling skickad %s: %s</p>\n",
		       page_time(r, in->feedback_sent_at), report_feedback_label(in->feedback_outcome));
		if (v->rep.feedback_message && *v->rep.feedback_message)
			html_f(&r->out, "<p>Meddelande: <span class=\"text\">%s</span></p>\n",
			       v->rep.feedback_message);
		html_raw(&r->out, "</section>\n");
		return;
	}
	if (in->decision == NULL) {
		html_raw(&r->out, "<p>Återkoppling kan skickas när beslutet är fattat.</p>\n"
				  "</section>\n");
		return;
	}
	if (in->feedback_due.day)
		due_paragraph(r, "Återkopplingen ska skickas senast", &in->feedback_due);
	else
		html_raw(&r->out, "<p>Regeln som gällde vid beslutet har ingen frist för "
				  "återkopplingen.</p>\n");
	html_f(&r->out, "<p>Anmälaren får veta: <strong>%s</strong> Inga andra uppgifter om "
			"barnet eller utredningen lämnas. Ett e-postmeddelande säger bara att det "
			"finns något att läsa i samsyn.</p>\n",
	       report_feedback_label(intake_outcome_of(in->decision)));
	step_form_start(v, "aterkoppling");
	page_textarea(r, "feedback_message", "Kort meddelande till anmälaren (frivilligt)",
		      page_value(r, "feedback_message", ""), false);
	html_raw(&r->out, "<button type=\"submit\">Skicka återkoppling</button>\n</form>\n"
			  "</section>\n");
}

static void
step_investigation(struct intake_view *v)
{
	struct http_req *r = v->r;

	html_raw(&r->out, "<section aria-labelledby=\"utredning\">\n<h2 id=\"utredning\">6. "
			  "Utredning</h2>\n");
	if (v->in.investigation_id)
		html_f(&r->out, "<p><a href=\"/mottagning/utredningar/%lld\">Utredningen med "
				"slutdatum och förlängningar</a></p>\n",
		       (long long)v->in.investigation_id);
	else
		html_raw(&r->out, "<p>Ingen utredning är kopplad till anmälan.</p>\n");
	html_raw(&r->out, "</section>\n");
}

/* After a step's POST: on to the page (at the step), or the page again with the error. */
static int
step_done(struct http_req *r, int rc, const struct field_map *map, const char *anchor,
	  const char *notice)
{
	if (rc == SAMSYN_OK) {
		http_redirect(r, arena_printf(&r->arena,
					      "/mottagning/anmalningar/%lld?klart=%s#%s",
					      (long long)r->id[0], notice, anchor));
		return SAMSYN_OK;
	}
	if (rc != SAMSYN_EINVAL && rc != SAMSYN_ECONFLICT)
		return rc;
	/* A conflict is about the state (already recorded), not about one field. */
	if (rc == SAMSYN_ECONFLICT)
		r->err.field[0] = '\0';
	map_field(&r->err, map);
	if (intake_page(r, err_http_status(rc)) == SAMSYN_OK)
		r->rendered = true;
	return rc;
}

/* The investigation page; after a failed form it is drawn again with the error. */
static int
investigation_page(struct http_req *r, int status)
{
	struct investigation inv;
	struct child ch;
	struct err e;
	int rc;

	err_clear(&e);
	if ((rc = investigation_get(&r->tx, r->id[0], &inv, &e)) != SAMSYN_OK ||
	    (rc = child_get(&r->tx, inv.child_id, &ch, &e)) != SAMSYN_OK) {
		if (status == 200)
			r->err = e;
		return rc;
	}
	page_begin(r, arena_printf(&r->arena, "Utredning om %s", ch.name));
	page_notice(r);
	html_raw(&r->out, "<p><a href=\"/mottagning\">Tillbaka till mottagningen</a></p>\n");
	investigation_facts(r, &inv, &ch);
	investigation_extensions(r, &inv);
	if (inv.closed_at == NULL)
		investigation_forms(r, &inv);
	page_end(r, status);
	return SAMSYN_OK;
}

static void
investigation_facts(struct http_req *r, const struct investigation *inv, const struct child *ch)
{
	const char *opened_day = local_day(r, inv->opened_at);
	struct intake_due due;
	struct cal_date today;
	char today_text[CAL_DATE_LEN], moved[CAL_DATE_LEN];

	cal_today_stockholm(&today);
	cal_format(today, today_text);
	intake_due_for(inv->end_date, today_text, &due, moved);
	html_f(&r->out, "<dl class=\"facts\">\n<dt>Barn</dt><dd><a href=\"/mottagning/barn/%lld\">"
			"%s</a></dd>\n<dt>Inledd</dt><dd>%s</dd>\n<dt>Grund</dt><dd>%s</dd>\n",
	       (long long)ch->id, ch->name, page_time(r, inv->opened_at),
	       strcmp(inv->basis ? inv->basis : "", "violence") == 0
		       ? "Anmälan gällde våld: utredningen inleddes direkt, utan förhandsbedömning"
		       : "Beslut efter förhandsbedömning");
	if (inv->closed_at)
		html_f(&r->out, "<dt>Slutdatum</dt><dd>%s</dd>\n<dt>Avslutad</dt><dd>%s</dd>\n",
		       inv->end_date, page_time(r, inv->closed_at));
	else
		html_f(&r->out, "<dt>Slutdatum</dt><dd class=\"due%s\">%s. <strong>%s.</strong>"
				"</dd>\n<dt>Status</dt><dd>Pågår</dd>\n",
		       due_class(&due), due_day(r, &due), due_words(r, &due));
	html_raw(&r->out, "</dl>\n");
	rule_source(r, "investigation", opened_day);
}

static void
investigation_extensions(struct http_req *r, const struct investigation *inv)
{
	html_raw(&r->out, "<h2>Förlängningar</h2>\n<table>\n<caption>Beslut om förlängd "
			  "utredningstid</caption>\n<thead><tr><th scope=\"col\">Beslutad</th>"
			  "<th scope=\"col\">Av</th><th scope=\"col\">Tidigare slutdatum</th>"
			  "<th scope=\"col\">Nytt slutdatum</th><th scope=\"col\">Skäl</th></tr>"
			  "</thead>\n<tbody>\n");
	for (int i = 0; i < inv->nextensions; i++) {
		const struct investigation_extension *x = &inv->extensions[i];

		html_f(&r->out, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td>"
				"<td class=\"text\">%s</td></tr>\n",
		       page_time(r, x->decided_at), or_dash(x->decided_by_name),
		       or_dash(x->previous_end), or_dash(x->new_end), or_dash(x->reasons));
	}
	if (inv->nextensions == 0)
		html_raw(&r->out, "<tr><td colspan=\"5\">Ingen förlängning.</td></tr>\n");
	html_raw(&r->out, "</tbody>\n</table>\n");
}

static void
investigation_forms(struct http_req *r, const struct investigation *inv)
{
	char today[TIME_ISO_LEN];

	time_now_iso(today);
	html_raw(&r->out, "<h2>Förläng utredningstiden</h2>\n");
	rule_source(r, "extension", local_day(r, today));
	html_f(&r->out, "<p>Utredningstiden kan förlängas en viss tid när det finns särskilda "
			"skäl. Beslutet dokumenteras med skälen och det nya slutdatumet.</p>\n"
			"<form method=\"post\" "
			"action=\"/mottagning/utredningar/%lld/forlangning\" class=\"narrow\">\n",
	       (long long)inv->id);
	page_csrf(r);
	time_input(r, "extension_at", "Tidpunkt för beslutet om förlängning");
	page_textarea(r, "extension_reasons", "Särskilda skäl till förlängningen",
		      page_value(r, "extension_reasons", ""), true);
	page_input(r, "new_end", "Nytt slutdatum (ÅÅÅÅ-MM-DD)", "date",
		   page_value(r, "new_end", ""), "off", true);
	html_raw(&r->out, "<button type=\"submit\">Förläng utredningstiden</button>\n</form>\n");
	html_f(&r->out, "<h2>Avsluta utredningen</h2>\n<form method=\"post\" "
			"action=\"/mottagning/utredningar/%lld/avsluta\" class=\"narrow\">\n",
	       (long long)inv->id);
	page_csrf(r);
	time_input(r, "close_at", "Tidpunkt då utredningen avslutades");
	html_raw(&r->out, "<button type=\"submit\">Avsluta utredningen</button>\n</form>\n");
}

static int
investigation_done(struct http_req *r, int rc, const struct field_map *map, const char *notice)
{
	if (rc == SAMSYN_OK) {
		http_redirect(r, arena_printf(&r->arena, "/mottagning/utredningar/%lld?klart=%s",
					      (long long)r->id[0], notice));
		return SAMSYN_OK;
	}
	if (rc != SAMSYN_EINVAL && rc != SAMSYN_ECONFLICT)
		return rc;
	if (rc == SAMSYN_ECONFLICT)
		r->err.field[0] = '\0';
	map_field(&r->err, map);
	if (investigation_page(r, err_http_status(rc)) == SAMSYN_OK)
		r->rendered = true;
	return rc;
}

static int
correction_page(struct http_req *r, const struct report *rep, int status)
{
	const struct report_version *c = &rep->cur;
	struct page_option *opts;
	int n;

	page_begin(r, arena_printf(&r->arena, "Rätta anmälan %s", or_dash(rep->number)));
	html_f(&r->out, "<p><a href=\"/mottagning/anmalningar/%lld\">Tillbaka till anmälan</a>"
			"</p>\n<p>En rättelse skriver aldrig över. Den sparas som version %d, och "
			"de tidigare versionerna går fortfarande att läsa. Ändra det som är fel "
			"och skriv varför.</p>\n<form method=\"post\" "
			"action=\"/mottagning/anmalningar/%lld/rattelse\">\n",
	       (long long)rep->id, rep->nversions + 1, (long long)rep->id);
	page_csrf(r);
	html_raw(&r->out, "<fieldset class=\"group\">\n<legend>Barnet</legend>\n");
	page_input(r, "child_name", "Barnets namn", "text",
		   page_value(r, "child_name", c->child_name), "off", false);
	page_input(r, "child_pnr", "Personnummer eller samordningsnummer", "text",
		   page_value(r, "child_pnr", c->child_pnr), "off", false);
	page_input(r, "child_birth_date", "Födelsedatum, när numret inte är känt (ÅÅÅÅ-MM-DD)",
		   "date", page_value(r, "child_birth_date", c->child_birth_date), "off", false);
	if (!rep->child.details_hidden)
		page_input(r, "child_school", "Barnets skola eller förskola", "text",
			   page_value(r, "child_school", c->child_school), "off", false);
	html_raw(&r->out, "</fieldset>\n");
	page_input(r, "received_at", "Tidpunkt då anmälan kom in (svensk tid)", "datetime-local",
		   page_value(r, "received_at", local_input(r, c->received_at)), "off", true);
	n = page_pair_options(r, report_categories, &opts);
	page_radios(r, "category", "Vad gäller oron?", opts, n,
		    page_value(r, "category", c->category));
	page_textarea(r, "observed", "Vad anmälaren har sett eller hört",
		      page_value(r, "observed", c->observed), false);
	page_textarea(r, "child_words", "Barnets egna ord",
		      page_value(r, "child_words", c->child_words), false);
	page_textarea(r, "reason", "Skäl till rättelsen", page_value(r, "reason", ""), true);
	html_raw(&r->out, "<button type=\"submit\">Spara rättelsen</button>\n</form>\n");
	page_end(r, status);
	return SAMSYN_OK;
}

/* A field counts as corrected only when it differs from the current version. */
static void
correction_from_form(struct http_req *r, const struct report *rep, struct report_correction *c)
{
	const struct report_version *cur = &rep->cur;

	*c = (struct report_correction){
		.child =
			{
				.pnr = http_form(r, "child_pnr"),
				.name = http_form(r, "child_name"),
				.birth_date = http_form(r, "child_birth_date"),
			},
		.child_school = http_form(r, "child_school"),
		.received_at = http_form(r, "received_at"),
		.category = http_form(r, "category"),
		.observed = http_form(r, "observed"),
		.child_words = http_form(r, "child_words"),
		.reason = http_form(r, "reason"),
	};
	c->has_child = !text_same(c->child.pnr, cur->child_pnr) ||
		       !text_same(c->child.name, cur->child_name) ||
		       !text_same(c->child.birth_date, cur->child_birth_date);
	/* A protected child's school is not in the form: absent means unchanged. */
	c->has_child_school = c->child_school && !text_same(c->child_school, cur->child_school);
	c->has_received_at = !text_same(c->received_at, local_input(r, cur->received_at));
	c->has_category = !text_same(c->category, cur->category);
	c->has_observed = !text_same(c->observed, cur->observed);
	c->has_child_words = !text_same(c->child_words, cur->child_words);
}

static void
version_section(const struct report_version *ver, void *arg)
{
	struct versions_view *vv = arg;
	struct http_req *r = vv->r;
	const struct report_version *p = vv->have_prev ? &vv->prev : NULL;

	html_f(&r->out, "<section aria-labelledby=\"v%d\">\n<h2 id=\"v%d\">Version %d%s</h2>\n",
	       ver->version, ver->version, ver->version,
	       ver->version == vv->nversions ? " (gällande)" : "");
	if (ver->reason)
		html_f(&r->out, "<p>Rättad %s av %s. Skäl: %s</p>\n", page_time(r, ver->made_at),
		       or_dash(ver->made_by_name), ver->reason);
	else
		html_f(&r->out, "<p>Anmälan som den skickades av %s, %s.</p>\n",
		       or_dash(ver->made_by_name), page_time(r, ver->made_at));
	html_raw(&r->out, "<dl class=\"facts\">\n");
	version_fact(vv, "Barnets namn", ver->child_name, p ? p->child_name : NULL);
	version_fact(vv, "Personnummer", pnr_text(r, ver->child_pnr),
		     p ? pnr_text(r, p->child_pnr) : NULL);
	version_fact(vv, "Födelsedatum", ver->child_birth_date, p ? p->child_birth_date : NULL);
	version_fact(vv, "Skola eller förskola", ver->child_school, p ? p->child_school : NULL);
	version_fact(vv, "Mottagen", page_time(r, ver->received_at),
		     p ? page_time(r, p->received_at) : NULL);
	version_fact(vv, "Oron gäller", report_category_label(ver->category ? ver->category : ""),
		     p ? report_category_label(p->category ? p->category : "") : NULL);
	version_fact(vv, "Vad anmälaren har sett eller hört", ver->observed,
		     p ? p->observed : NULL);
	version_fact(vv, "Barnets egna ord", ver->child_words, p ? p->child_words : NULL);
	html_raw(&r->out, "</dl>\n</section>\n");
	version_keep(vv, ver);
}

/* One fact of a version; before is the version before's value (NULL for the first). */
static void
version_fact(struct versions_view *vv, const char *label, const char *value, const char *before)
{
	bool changed = vv->have_prev && !text_same(value, before);

	html_f(&vv->r->out, "<dt>%s", label);
	if (changed)
		html_raw(&vv->r->out, " <strong class=\"badge\">Ändrad</strong>");
	html_f(&vv->r->out, "</dt><dd class=\"text\">%s</dd>\n", or_dash(value));
}

/* A copy of the version for comparing with the next: what the callback gets is not
 * promised to outlive it. */
static void
version_keep(struct versions_view *vv, const struct report_version *ver)
{
	struct arena *a = &vv->r->arena;

	vv->prev = *ver;
	vv->prev.child_pnr = ver->child_pnr ? arena_strdup(a, ver->child_pnr) : NULL;
	vv->prev.child_name = ver->child_name ? arena_strdup(a, ver->child_name) : NULL;
	vv->prev.child_birth_date =
		ver->child_birth_date ? arena_strdup(a, ver->child_birth_date) : NULL;
	vv->prev.child_school = ver->child_school ? arena_strdup(a, ver->child_school) : NULL;
	vv->prev.received_at = ver->received_at ? arena_strdup(a, ver->received_at) : NULL;
	vv->prev.category = ver->category ? arena_strdup(a, ver->category) : NULL;
	vv->prev.observed = ver->observed ? arena_strdup(a, ver->observed) : NULL;
	vv->prev.child_words = ver->child_words ? arena_strdup(a, ver->child_words) : NULL;
	vv->have_prev = true;
}

static void
step_form_start(struct intake_view *v, const char *path)
{
	html_f(&v->r->out, "<form method=\"post\" action=\"/mottagning/anmalningar/%lld/%s\" "
			   "class=\"narrow\">\n",
	       (long long)v->rep.id, path);
	page_csrf(v->r);
}

/* A time field for an event the worker records: empty means now (the domain's rule);
 * an earlier time may be given, as recording afterwards is normal. */
static void
time_input(struct http_req *r, const char *name, const char *label)
{
	page_input(r, name, arena_printf(&r->arena, "%s, om inte just nu (svensk tid)", label),
		   "datetime-local", page_value(r, name, ""), "off", false);
}

/* A stored time as a datetime-local value, "YYYY-MM-DDTHH:MM" in Stockholm. */
static const char *
local_input(struct http_req *r, const char *iso)
{
	char *s;

	if (iso == NULL || *iso == '\0')
		return "";
	s = arena_strdup(&r->arena, page_time(r, iso));
	if (strlen(s) > 10 && s[10] == ' ')
		s[10] = 'T';
	return s;
}

/* The Stockholm day of a stored time, YYYY-MM-DD. */
static const char *
local_day(struct http_req *r, const char *iso)
{
	const char *t = page_time(r, iso);

	return strlen(t) >= 10 ? arena_strndup(&r->arena, t, 10) : "";
}

/* "Källa: ..." for the rule of key in force on day. */
static void
rule_source(struct http_req *r, const char *key, const char *day)
{
	struct rule rule;
	struct err e;

	err_clear(&e);
	if (day == NULL || *day == '\0' || rules_for(&r->tx, key, day, &rule, &e) != SAMSYN_OK)
		return;
	html_f(&r->out, "<p class=\"source\">Källa: %s%s</p>\n", rule.source,
	       rule.confirmed ? "" : " (ej bekräftad)");
}

static void
due_paragraph(struct http_req *r, const char *what, const struct intake_due *d)
{
	if (d->day == NULL)
		return;
	html_f(&r->out, "<p class=\"due%s\">%s %s. <strong>%s.</strong></p>\n", due_class(d),
	       what, due_day(r, d), due_words(r, d));
}

/* " overdue", " soon" or "": classes after "due". */
static const char *
due_class(const struct intake_due *d)
{
	return d->overdue ? " overdue" : d->soon ? " soon" : "";
}

/* The state of a due day in words, so that it never rests on colour alone. */
static const char *
due_words(struct http_req *r, const struct intake_due *d)
{
	if (d->day == NULL)
		return "Ingen frist";
	if (d->overdue)
		return d->days_left == -1
			       ? "Försenad 1 dag"
			       : arena_printf(&r->arena, "Försenad %d dagar", -d->days_left);
	if (d->days_left == 0)
		return "Sista dagen i dag";
	if (d->days_left == 1)
		return "1 dag kvar";
	return arena_printf(&r->arena, "%d dagar kvar", d->days_left);
}

/* The legal last day, and the working day it moves to when it is not one. */
static const char *
due_day(struct http_req *r, const struct intake_due *d)
{
	if (d->day == NULL)
		return "–";
	if (d->moved_to)
		return arena_printf(&r->arena, "%s (%s, flyttas till %s)", d->day, day_off(d->day),
				    d->moved_to);
	return d->day;
}

/* Why a day is not a working day (lag 1930:173, 2 §): its holiday name or weekday. */
static const char *
day_off(const char *ymd)
{
	const char *name = NULL;
	struct cal_date d;

	if (!cal_parse(ymd, &d))
		return "inte arbetsdag";
	if (cal_is_public_holiday(d, &name) && name)
		return name;
	if (cal_weekday(d) == 6)
		return "lördag";
	if (cal_weekday(d) == 7)
		return "söndag";
	if (d.month == 12 && d.day == 24)
		return "julafton";
	if (d.month == 12 && d.day == 31)
		return "nyårsafton";
	if (d.month == 6)
		return "midsommarafton";
	return "inte arbetsdag";
}

static const char *
decision_label(const char *decision)
{
	if (strcmp(decision, "investigate") == 0)
		return "Utredning inleds";
	if (strcmp(decision, "not_investigate") == 0)
		return "Utredning inleds inte";
	if (strcmp(decision, "ongoing") == 0)
		return "Utredning pågår redan";
	return decision;
}


/* "child,guardian,reporter" in Swedish. */
static const char *
meeting_to_text(struct http_req *r, const char *to)
{
	static const struct page_option words[] = {
		{"child", "barnet"}, {"guardian", "vårdnadshavare"}, {"reporter", "anmälaren"}};
	const char *out = "";

	for (size_t i = 0; to && i < sizeof(words) / sizeof(words[0]); i++)
		if (strstr(to, words[i].value))
			out = arena_printf(&r->arena, "%s%s%s", out, *out ? ", " : "",
					   words[i].label);
	return *out ? out : "–";
}

static const char *
yes_no_text(int v)
{
	return v == 1 ? "Ja" : v == 0 ? "Nej" : "–";
}

/* Twelve digits shown as YYYYMMDD-NNNN; anything else as it is. */
static const char *
pnr_text(struct http_req *r, const char *pnr)
{
	size_t n = pnr ? strlen(pnr) : 0;

	if (n != 12 || strspn(pnr, "0123456789") != 12)
		return pnr;
	return arena_printf(&r->arena, "%.8s-%s", pnr, pnr + 8);
}

static const char *
or_dash(const char *s)
{
	return s && *s ? s : "–";
}

/* Equal texts, NULL as "", and a browser's CR LF as LF. */
static bool
text_same(const char *a, const char *b)
{
	a = a ? a : "";
	b = b ? b : "";
	while (*a || *b) {
		if (*a == '\r') {
			a++;
			continue;
		}
		if (*b == '\r') {
			b++;
			continue;
		}
		if (*a != *b)
			return false;
		a++;
		b++;
	}
	return true;
}

/* A ja/nej radio group: *has tells whether one was chosen. */
static bool
form_yes(struct http_req *r, const char *name, bool *has)
{
	const char *v = http_form(r, name);

	*has = v != NULL && (strcmp(v, "ja") == 0 || strcmp(v, "nej") == 0);
	return v != NULL && strcmp(v, "ja") == 0;
}

static int
form_unreadable(struct http_req *r)
{
	return err_set(&r->err, SAMSYN_EINVAL, NULL, "Formuläret kunde inte läsas.");
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
