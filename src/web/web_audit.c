/* web_audit.c - the log reviewer's page (loggkontroll): filter the access log by user,
 * by person concerned, by date and to flagged rows only, and see whether the chain
 * verifies. */
#include <stdio.h>
#include <string.h>

#include "domain/audit.h"
#include "domain/user.h"
#include "util/timeutil.h"
#include "web/page.h"
#include "web/web_routes.h"

#define PEOPLE_MAX 2000

static const struct {
	const char *code, *label;
} actions[] = {
	{"read", "Läste"},     {"create", "Skapade"},  {"update", "Ändrade"},
	{"login", "Loggade in"}, {"logout", "Loggade ut"}, {"deny", "Nekades"},
	{"delete", "Tog bort"},
};

static const struct {
	const char *code, *label;
} record_types[] = {
	{"user", "Användare"},      {"session", "Inloggning"},  {"api_token", "API-nyckel"},
	{"password", "Lösenord"},   {"sector", "Sektor"},       {"unit", "Enhet"},
	{"function", "Funktion"},   {"user_directory", "Användarlistan"},
	{"access_log", "Loggen"},
	/* Reports of concern and intake (migration 0003). */
	{"child", "Barn"},
	{"child_search", "Sökning efter barn"},
	{"guardian", "Vårdnadshavare"},
	{"report", "Orosanmälan"},
	{"report_list", "Lista över anmälningar"},
	{"report_versions", "Anmälans versioner"},
	{"intake", "Mottagning"},
	{"intake_inbox", "Mottagningens inkorg"},
	{"protection_assessment", "Skyddsbedömning"},
	{"pre_assessment", "Förhandsbedömning"},
	{"feedback", "Återkoppling"},
	{"investigation", "Utredning"},
};

/* A log row's <tr>, by [denied][flagged]. */
static const char *const tr_open[2][2] = {
	{"<tr>", "<tr class=\"flagged\">"},
	{"<tr class=\"denied\">", "<tr class=\"denied flagged\">"},
};

/* The Swedish text of a row's flag: shown as text, so that it does not rest on colour. */
static const struct {
	const char *code, *label;
} flags[] = {
	{"protected", "Skyddad identitet"},
};

struct audit_view {
	struct http_req *r;
	int64_t last_id;
	int count;
	struct page_option *people;
	int npeople;
};

static const char *
audit_action_label(const char *code)
{
	for (size_t i = 0; code && i < sizeof(actions) / sizeof(actions[0]); i++)
		if (strcmp(actions[i].code, code) == 0)
			return actions[i].label;
	return code ? code : "";
}

static const char *
audit_record_label(const char *code)
{
	for (size_t i = 0; code && i < sizeof(record_types) / sizeof(record_types[0]); i++)
		if (strcmp(record_types[i].code, code) == 0)
			return record_types[i].label;
	return code ? code : "–"; /* a route pattern, for denied requests */
}

static const char *
audit_flag_label(const char *code)
{
	for (size_t i = 0; code && i < sizeof(flags) / sizeof(flags[0]); i++)
		if (strcmp(flags[i].code, code) == 0)
			return flags[i].label;
	return code ? code : "";
}

static const char *
audit_person(struct audit_view *v, const char *type, int64_t id)
{
	char key[24];

	if (type == NULL || id <= 0)
		return "–";
	if (strcmp(type, "child") == 0)
		return arena_printf(&v->r->arena, "Barn %lld", (long long)id);
	snprintf(key, sizeof(key), "%lld", (long long)id);
	for (int i = 1; strcmp(type, "user") == 0 && i < v->npeople; i++)
		if (strcmp(v->people[i].value, key) == 0)
			return v->people[i].label;
	return arena_printf(&v->r->arena, "%s %lld", type, (long long)id);
}

static const char *
audit_who(const struct audit_entry *a)
{
	if (a->user_name)
		return a->user_name;
	return strcmp(a->channel, "cli") == 0 ? "Driftpersonal (kommandorad)" : "Okänd";
}

static void
audit_row(const struct audit_entry *a, void *arg)
{
	struct audit_view *v = arg;
	struct http_req *r = v->r;
	char at[32];

	time_iso_to_local(a->at, at, sizeof(at), true);
	v->last_id = a->id;
	v->count++;
	/* Markup is written raw: html_f would escape the quotes of an attribute. */
	html_raw(&r->out, tr_open[strcmp(a->outcome, "ok") != 0][a->flag != NULL]);
	html_f(&r->out, "<td>%lld</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td>",
	       (long long)a->id, at, audit_who(a), audit_action_label(a->action),
	       audit_person(v, a->subject_type, a->subject_id));
	if (a->record_type && a->record_id > 0)
		html_f(&r->out, "<td>%s %lld</td>", audit_record_label(a->record_type),
		       (long long)a->record_id);
	else
		html_f(&r->out, "<td>%s</td>", audit_record_label(a->record_type));
	html_f(&r->out, "<td>%s</td><td>%s</td>",
	       strcmp(a->outcome, "ok") == 0 ? "Tillåten" : "Nekad", a->channel);
	if (a->flag)
		html_f(&r->out, "<td><strong class=\"flag\">%s</strong></td></tr>\n",
		       audit_flag_label(a->flag));
	else
		html_raw(&r->out, "<td></td></tr>\n");
}

static void
audit_person_option(const struct user *u, void *arg)
{
	struct audit_view *v = arg;

	if (v->npeople >= PEOPLE_MAX)
		return;
	v->people[v->npeople].value = arena_printf(&v->r->arena, "%lld", (long long)u->id);
	v->people[v->npeople].label = u->name;
	v->npeople++;
}

int
web_audit_prepare(struct http_req *r)
{
	struct audit_check *check = arena_alloc(&r->arena, sizeof(*check));
	enum role role = ROLE_NONE;

	memset(check, 0, sizeof(*check));
	r->state = check;
	if (http_peek_user(r, &role) > 0 && role == ROLE_AUDITOR)
		audit_check_run(r->tx.db, NULL, &r->arena, check);
	return SAMSYN_OK;
}

/* The people the filter can name: every user (the persons concerned in this version). */
static int
audit_load_people(struct audit_view *v)
{
	struct err e;

	v->people = arena_alloc(&v->r->arena, (PEOPLE_MAX + 1) * sizeof(*v->people));
	v->people[0] = (struct page_option){"", "Alla"};
	v->npeople = 1;
	return user_directory(&v->r->tx, audit_person_option, v, &e);
}

int
web_audit(struct http_req *r)
{
	struct audit_view v = {.r = r};
	struct audit_check *check = r->state;
	struct audit_filter f;
	struct audit_filter_text t = {
		.user_id = http_query(r, "user_id"),
		.subject_type = http_query(r, "subject_id") && *http_query(r, "subject_id")
					? "user"
					: NULL,
		.subject_id = http_query(r, "subject_id"),
		.from = http_query(r, "from"),
		.to = http_query(r, "to"),
		.before_id = http_query(r, "before_id"),
		.limit = http_query(r, "limit"),
		.flagged = http_query(r, "flagged"),
	};
	struct err e;
	int rc, status = 200;

	err_clear(&e);
	if ((rc = audit_load_people(&v)) != SAMSYN_OK)
		return rc;
	if (audit_filter_parse(&t, &f, &r->err) != SAMSYN_OK) {
		status = 400;
		f = (struct audit_filter){.limit = 100};
	}
	page_begin(r, "Loggkontroll");

	if (!check->done || check->rc != SAMSYN_OK) {
		html_raw(&r->out, "<div class=\"chain broken\" role=\"alert\"><p><strong>Loggkedjan "
				  "kunde inte kontrolleras just nu.</strong> Ladda om sidan om en "
				  "stund.</p></div>\n");
	} else {
		if (check->res.ok) {
			html_f(&r->out, "<div class=\"chain ok\" role=\"status\"><p><strong>Loggkedjan "
					"är hel.</strong> %lld rader är kontrollerade.</p>",
			       (long long)check->res.rows);
		} else {
			html_raw(&r->out, "<div class=\"chain broken\" role=\"alert\"><p><strong>"
					  "Loggkedjan är bruten.</strong> Loggen har ändrats utanför "
					  "samsyn:</p>\n<ul>\n");
			for (size_t i = 0; i < check->nproblems; i++)
				html_f(&r->out, "<li>%s</li>\n", check->problems[i].message);
			html_raw(&r->out, "</ul>");
		}
		html_f(&r->out, "<p class=\"small\">Kontrollsumma för sista raden: "
				"<code>%s</code></p></div>\n",
		       check->res.head);
	}

	html_raw(&r->out, "<form method=\"get\" action=\"/audit\" class=\"filters\">\n"
			  "<fieldset>\n<legend>Filtrera loggen</legend>\n");
	page_select(r, "user_id", "Användare (vem)", v.people, v.npeople, t.user_id);
	page_select(r, "subject_id", "Person som berörs", v.people, v.npeople, t.subject_id);
	page_input(r, "from", "Från och med (ÅÅÅÅ-MM-DD)", "date", t.from ? t.from : "", "off",
		   false);
	page_input(r, "to", "Till och med (ÅÅÅÅ-MM-DD)", "date", t.to ? t.to : "", "off", false);
	page_checkbox(r, "flagged", "Endast flaggade", f.flagged_only);
	html_raw(&r->out, "<button type=\"submit\">Visa</button>\n</fieldset>\n</form>\n");

	html_raw(&r->out, "<table class=\"log\">\n<caption>Loggrader, nyaste först</caption>\n"
			  "<thead><tr><th scope=\"col\">Rad</th><th scope=\"col\">Tid</th>"
			  "<th scope=\"col\">Användare</th><th scope=\"col\">Händelse</th>"
			  "<th scope=\"col\">Person som berörs</th><th scope=\"col\">Uppgift</th>"
			  "<th scope=\"col\">Utfall</th><th scope=\"col\">Kanal</th>"
			  "<th scope=\"col\">Flagga</th></tr></thead>\n<tbody>\n");
	if (status == 200 && (rc = audit_query(&r->tx, &f, audit_row, &v, &e)) != SAMSYN_OK)
		return rc;
	if (v.count == 0)
		html_raw(&r->out, "<tr><td colspan=\"9\">Inga rader matchar.</td></tr>\n");
	html_raw(&r->out, "</tbody>\n</table>\n");
	if (v.count == f.limit) {
		html_f(&r->out, "<p><a href=\"/audit?user_id=%s&amp;subject_id=%s&amp;from=%s&amp;"
				"to=%s&amp;flagged=%s&amp;before_id=%lld\">Äldre rader</a></p>\n",
		       t.user_id ? t.user_id : "", t.subject_id ? t.subject_id : "",
		       t.from ? t.from : "", t.to ? t.to : "", f.flagged_only ? "1" : "",
		       (long long)v.last_id);
	}
	page_end(r, status);
	return SAMSYN_OK;
}
