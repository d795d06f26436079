/* web_report.c - the reporter's pages: her reports of concern (Mina anmälningar), the
 * form for a new one (saved as a draft, sent deliberately), one report with its receipt
 * and feedback, and the printable receipt.
 *
 * The domain decides who reads what (report.h, access.h): a reporter gets her own
 * reports as she sent them; intake staff are sent on to the intake page.  A hidden
 * client_key, drawn when the form is shown, makes a second press of the button return
 * the report the first one made instead of filing it twice. */
#include <stdio.h>
#include <string.h>

#include "domain/access.h"
#include "domain/auth.h"
#include "domain/report.h"
#include "web/page.h"
#include "web/web_routes.h"

/* The fields of the report form, as the domain names them in its errors. */
static const char *const report_form_fields[] = {
	"child_pnr",   "child_name",     "child_birth_date", "child_school",   "category",
	"observed",    "child_words",    "guardians_know",   "urgency",        "reporter_phone",
	NULL,
};

static void report_in_from_form(struct http_req *r, struct report_in *in);
static bool report_sending(struct http_req *r);
static int report_save(struct http_req *r, int64_t id, const struct report_in *in,
		       struct report *rep);
static int report_form_error(struct http_req *r, int64_t id, int rc);
static void report_form_page(struct http_req *r, int64_t id, const struct report *rep,
			     int status);
static void report_fields(struct http_req *r, const struct report *rep);
static void report_sent_page(struct http_req *r, const struct report *rep);
static void report_feedback(struct http_req *r, const struct report *rep);
static void report_content(struct http_req *r, const struct report *rep);
static void report_row(const struct report_line *line, void *arg);
static const char *outcome_short(const char *outcome);
static const char *pnr_text(struct http_req *r, const char *pnr);
static const char *or_dash(const char *s);
static void keep_known_field(struct err *e, const char *const *fields);

struct report_rows {
	struct http_req *r;
	bool intake; /* submitted reports link to the intake page */
	int n;
};

int
web_reports_mine(struct http_req *r)
{
	struct report_rows rows = {.r = r};
	struct err e;
	int rc;

	err_clear(&e);
	if (access_is_intake(&r->tx, &rows.intake, &e) != SAMSYN_OK)
		rows.intake = false;
	page_begin(r, "Mina anmälningar");
	page_notice(r);
	html_raw(&r->out,
		 "<p><a class=\"button\" href=\"/anmalningar/ny\">Ny orosanmälan</a></p>\n"
		 "<p>Du ser de anmälningar du själv har skrivit, och socialtjänstens återkoppling "
		 "på dem. Ett utkast är inte skickat förrän du har tryckt på Skicka anmälan.</p>\n"
		 "<table>\n<caption>Dina orosanmälningar, utkast först</caption>\n"
		 "<thead><tr><th scope=\"col\">Anmälan</th><th scope=\"col\">Barn</th>"
		 "<th scope=\"col\">Oron gäller</th><th scope=\"col\">Datum</th>"
		 "<th scope=\"col\">Status</th></tr></thead>\n<tbody>\n");
	if ((rc = report_list_mine(&r->tx, report_row, &rows, &r->err)) != SAMSYN_OK)
		return rc;
	if (rows.n == 0)
		html_raw(&r->out, "<tr><td colspan=\"5\">Du har inga anmälningar.</td></tr>\n");
	html_raw(&r->out, "</tbody>\n</table>\n");
	page_end(r, 200);
	return SAMSYN_OK;
}

int
web_report_new(struct http_req *r)
{
	/* Staff file reports (report_create_draft); no form for anyone else. */
	if (r->tx.actor.role != ROLE_STAFF)
		return tx_deny(&r->tx, "report", 0, NULL, 0);
	report_form_page(r, 0, NULL, 200);
	return SAMSYN_OK;
}

/* POST /anmalningar: a new draft, sent at once when the button was "Skicka anmälan".
 * Should the sending fail, the server rolls the draft back too, and the form comes
 * again with the same client_key. */
int
web_reports_create(struct http_req *r)
{
	struct report_in in;
	struct report rep;
	bool existed = false;
	int rc;

	if (http_form_parse(r) != SAMSYN_OK)
		return err_set(&r->err, SAMSYN_EINVAL, NULL, "Formuläret kunde inte läsas.");
	report_in_from_form(r, &in);
	rc = report_create_draft(&r->tx, &in, &rep, &existed, &r->err);
	if (rc == SAMSYN_OK && existed && strcmp(rep.status, "draft") != 0) {
		/* The same form sent twice: the first press already sent it. */
		http_redirect(r, arena_printf(&r->arena, "/anmalningar/%lld?klart=skickad",
					      (long long)rep.id));
		return SAMSYN_OK;
	}
	if (rc == SAMSYN_OK && existed)
		rc = report_update_draft(&r->tx, rep.id, &in, &rep, &r->err);
	if (rc == SAMSYN_OK)
		rc = report_save(r, rep.id, NULL, &rep);
	return report_form_error(r, 0, rc);
}

int
web_report(struct http_req *r)
{
	struct report rep;
	bool intake = false;
	int rc;

	if ((rc = report_get(&r->tx, r->id[0], &rep, &r->err)) != SAMSYN_OK)
		return rc;
	if (strcmp(rep.status, "draft") == 0) {
		report_form_page(r, rep.id, &rep, 200);
		return SAMSYN_OK;
	}
	if ((rc = access_is_intake(&r->tx, &intake, &r->err)) != SAMSYN_OK)
		return rc;
	if (intake) {
		http_redirect(r, arena_printf(&r->arena, "/mottagning/anmalningar/%lld",
					      (long long)rep.id));
		return SAMSYN_OK;
	}
	/* report_get marked the feedback read: the reporter sees it now. */
	report_sent_page(r, &rep);
	return SAMSYN_OK;
}

/* POST /anmalningar/{id}: a draft saved again, or sent. */
int
web_report_update(struct http_req *r)
{
	struct report_in in;
	struct report rep;
	struct err e;
	int rc;

	if (http_form_parse(r) != SAMSYN_OK)
		return err_set(&r->err, SAMSYN_EINVAL, NULL, "Formuläret kunde inte läsas.");
	report_in_from_form(r, &in);
	in.client_key = NULL;
	rc = report_save(r, r->id[0], &in, &rep);
	if (rc == SAMSYN_ECONFLICT) {
		/* Sent already (a second press, another tab): show it as it was sent. */
		err_clear(&e);
		if (report_get(&r->tx, r->id[0], &rep, &e) == SAMSYN_OK &&
		    strcmp(rep.status, "draft") != 0) {
			err_clear(&r->err);
			http_redirect(r, arena_printf(&r->arena, "/anmalningar/%lld?klart=redan",
						      (long long)rep.id));
			return SAMSYN_OK;
		}
	}
	return report_form_error(r, r->id[0], rc);
}

int
web_report_delete(struct http_req *r)
{
	int rc = report_delete_draft(&r->tx, r->id[0], &r->err);

	if (rc == SAMSYN_OK)
		http_redirect(r, "/anmalningar?klart=borttagen");
	return rc;
}

/* A page to print: the number, the time of receipt and what was sent. */
int
web_report_receipt(struct http_req *r)
{
	struct report rep;
	int rc;

	if ((rc = report_get(&r->tx, r->id[0], &rep, &r->err)) != SAMSYN_OK)
		return rc;
	if (strcmp(rep.status, "draft") == 0)
		return err_set(&r->err, SAMSYN_ENOTFOUND, NULL,
			       "Ett utkast har inget kvitto. Kvittot finns när anmälan är "
			       "skickad.");
	page_begin(r, "Kvitto på orosanmälan");
	html_f(&r->out, "<p class=\"no-print\"><a href=\"/anmalningar/%lld\">Tillbaka till "
			"anmälan</a></p>\n<p class=\"no-print\">Skriv ut sidan med webbläsarens "
			"utskrift (Ctrl+P).</p>\n<div class=\"receipt\">\n<dl class=\"facts\">\n",
	       (long long)rep.id);
	html_f(&r->out, "<dt>Anmälans nummer</dt><dd>%s</dd>\n", rep.number);
	html_f(&r->out, "<dt>Mottagen av socialtjänsten</dt><dd>%s (svensk tid)</dd>\n",
	       page_time(r, rep.cur.received_at ? rep.cur.received_at : rep.submitted_at));
	html_f(&r->out, "<dt>Anmälare</dt><dd>%s</dd>\n", rep.reporter_name);
	if (rep.reporter_unit_name)
		html_f(&r->out, "<dt>Enhet</dt><dd>%s</dd>\n", rep.reporter_unit_name);
	html_raw(&r->out, "</dl>\n<h2>Det här skickades</h2>\n");
	report_content(r, &rep);
	html_raw(&r->out, "</div>\n");
	page_end(r, 200);
	return SAMSYN_OK;
}

static void
report_in_from_form(struct http_req *r, struct report_in *in)
{
	*in = (struct report_in){
		.child =
			{
				.pnr = http_form(r, "child_pnr"),
				.name = http_form(r, "child_name"),
				.birth_date = http_form(r, "child_birth_date"),
				.school_name = http_form(r, "child_school"),
			},
		.category = http_form(r, "category"),
		.observed = http_form(r, "observed"),
		.child_words = http_form(r, "child_words"),
		.guardians_know = http_form(r, "guardians_know"),
		.urgency = http_form(r, "urgency"),
		.reporter_phone = http_form(r, "reporter_phone"),
		.client_key = http_form(r, "client_key"),
	};
}

static bool
report_sending(struct http_req *r)
{
	const char *action = http_form(r, "action");

	return action && strcmp(action, "skicka") == 0;
}

/* Saves the draft id (with in, unless NULL), sends it when asked, and redirects to it. */
static int
report_save(struct http_req *r, int64_t id, const struct report_in *in, struct report *rep)
{
	int rc = SAMSYN_OK;

	if (in)
		rc = report_update_draft(&r->tx, id, in, rep, &r->err);
	if (rc == SAMSYN_OK && report_sending(r))
		rc = report_submit(&r->tx, id, rep, &r->err);
	if (rc == SAMSYN_OK)
		http_redirect(r, arena_printf(&r->arena, "/anmalningar/%lld?klart=%s",
					      (long long)id,
					      report_sending(r) ? "skickad" : "utkast"));
	return rc;
}

/* After a failed save: the form again, as typed, with the error beside its field. */
static int
report_form_error(struct http_req *r, int64_t id, int rc)
{
	if (rc != SAMSYN_EINVAL && rc != SAMSYN_ECONFLICT)
		return rc;
	keep_known_field(&r->err, report_form_fields);
	report_form_page(r, id, NULL, err_http_status(rc));
	r->rendered = true;
	return rc;
}

/* The form for a new report (id 0) or a draft; values come from the posted form when
 * there is one, else from rep. */
static void
report_form_page(struct http_req *r, int64_t id, const struct report *rep, int status)
{
	char key[AUTH_TOKEN_LEN];

	page_begin(r, id ? "Utkast till orosanmälan" : "Ny orosanmälan");
	page_notice(r);
	html_raw(&r->out,
		 "<p><a href=\"/anmalningar\">Tillbaka till Mina anmälningar</a></p>\n"
		 "<p class=\"alert\"><strong>Är barnet i akut fara?</strong> Ring 112.</p>\n"
		 "<p>Anmäl till socialtjänsten när du i ditt arbete får veta något som kan betyda "
		 "att ett barn far illa. Du behöver inte vara säker, och du behöver inget "
		 "samtycke.</p>\n<p>Du kan spara ett utkast och skicka det senare. För att skicka "
		 "behövs barnets namn och personnummer (eller födelsedatum när numret inte är "
		 "känt), vad oron gäller, vad du har sett eller hört, om vårdnadshavarna vet, hur "
		 "brådskande det är och ditt telefonnummer.</p>\n");
	if (id)
		html_f(&r->out, "<form method=\"post\" action=\"/anmalningar/%lld\" "
				"class=\"report-form\">\n",
		       (long long)id);
	else
		html_raw(&r->out,
			 "<form method=\"post\" action=\"/anmalningar\" class=\"report-form\">\n");
	page_csrf(r);
	if (id == 0) {
		auth_random_token(key);
		html_f(&r->out, "<input type=\"hidden\" name=\"client_key\" value=\"%s\">\n",
		       page_value(r, "client_key", key));
	}
	report_fields(r, rep);
	html_raw(&r->out, "<div class=\"buttons\">\n<button type=\"submit\" name=\"action\" "
			  "value=\"spara\" class=\"secondary\">Spara utkast</button>\n"
			  "<button type=\"submit\" name=\"action\" value=\"skicka\">Skicka "
			  "anmälan</button>\n</div>\n</form>\n");
	if (id) {
		html_f(&r->out, "<h2>Ta bort utkastet</h2>\n<form method=\"post\" "
				"action=\"/anmalningar/%lld/ta-bort\">\n",
		       (long long)id);
		page_csrf(r);
		html_raw(&r->out, "<button type=\"submit\" class=\"secondary\">Ta bort "
				  "utkastet</button>\n</form>\n");
	}
	page_end(r, status);
}

static void
report_fields(struct http_req *r, const struct report *rep)
{
	const struct report_version *v = rep ? &rep->cur : NULL;
	struct page_option *opts;
	int n;

	html_raw(&r->out, "<fieldset class=\"group\">\n<legend>Barnet</legend>\n");
	page_input(r, "child_name", "Barnets namn", "text",
		   page_value(r, "child_name", v ? v->child_name : ""), "off", false);
	page_input(r, "child_pnr", "Personnummer eller samordningsnummer (ÅÅÅÅMMDD-NNNN)", "text",
		   page_value(r, "child_pnr", v ? v->child_pnr : ""), "off", false);
	page_input(r, "child_birth_date", "Födelsedatum, när numret inte är känt (ÅÅÅÅ-MM-DD)",
		   "date", page_value(r, "child_birth_date", v ? v->child_birth_date : ""), "off",
		   false);
	page_input(r, "child_school", "Barnets skola eller förskola", "text",
		   page_value(r, "child_school", v ? v->child_school : ""), "off", false);
	html_raw(&r->out, "</fieldset>\n<fieldset class=\"group\">\n<legend>Oron</legend>\n");
	n = page_pair_options(r, report_categories, &opts);
	page_radios(r, "category", "Vad gäller oron?", opts, n,
		    page_value(r, "category", v ? v->category : NULL));
	page_textarea(r, "observed", "Vad har du sett eller hört?",
		      page_value(r, "observed", v ? v->observed : ""), false);
	page_textarea(r, "child_words", "Barnets egna ord, om barnet har berättat något",
		      page_value(r, "child_words", v ? v->child_words : ""), false);
	n = page_pair_options(r, report_guardians_know, &opts);
	page_radios(r, "guardians_know", "Vet vårdnadshavarna om din oro?", opts, n,
		    page_value(r, "guardians_know", v ? v->guardians_know : NULL));
	n = page_pair_options(r, report_urgencies, &opts);
	page_radios(r, "urgency", "Hur brådskande är det?", opts, n,
		    page_value(r, "urgency", v ? v->urgency : NULL));
	html_raw(&r->out, "</fieldset>\n<fieldset class=\"group\">\n<legend>Du som anmäler"
			  "</legend>\n");
	html_f(&r->out, "<p>%s</p>\n", r->tx.actor.name ? r->tx.actor.name : "");
	page_input(r, "reporter_phone", "Telefonnummer där socialtjänsten når dig", "tel",
		   page_value(r, "reporter_phone", rep ? rep->reporter_phone : ""), "tel", false);
	html_raw(&r->out, "</fieldset>\n");
}

/* A submitted report as its reporter sees it: feedback, receipt, what she sent. */
static void
report_sent_page(struct http_req *r, const struct report *rep)
{
	page_begin(r, arena_printf(&r->arena, "Orosanmälan %s", rep->number));
	page_notice(r);
	html_raw(&r->out, "<p><a href=\"/anmalningar\">Tillbaka till Mina anmälningar</a></p>\n");
	report_feedback(r, rep);
	html_f(&r->out, "<h2>Kvitto</h2>\n<p>Socialtjänsten tog emot anmälan %s (svensk tid). "
			"Anmälans nummer är %s.</p>\n",
	       page_time(r, rep->cur.received_at ? rep->cur.received_at : rep->submitted_at),
	       rep->number);
	html_f(&r->out, "<p><a href=\"/anmalningar/%lld/kvitto\">Kvitto att skriva ut</a></p>\n",
	       (long long)rep->id);
	html_raw(&r->out, "<h2>Det här skickade du</h2>\n");
	report_content(r, rep);
	page_end(r, 200);
}

static void
report_feedback(struct http_req *r, const struct report *rep)
{
	html_raw(&r->out, "<h2>Återkoppling</h2>\n");
	if (rep->feedback_outcome == NULL) {
		html_raw(&r->out, "<p>Ingen återkoppling ännu. Du får ett e-postmeddelande när "
				  "det finns något att läsa här.</p>\n");
		return;
	}
	html_f(&r->out, "<div class=\"feedback\">\n<p class=\"lead\">%s</p>\n",
	       report_feedback_label(rep->feedback_outcome));
	if (rep->feedback_message && *rep->feedback_message)
		html_f(&r->out, "<p class=\"text\">%s</p>\n", rep->feedback_message);
	html_f(&r->out, "<p>Skickad %s.</p>\n</div>\n", page_time(r, rep->feedback_sent_at));
}

/* What a report says, as the reader may see it. */
static void
report_content(struct http_req *r, const struct report *rep)
{
	const struct report_version *v = &rep->cur;

	html_raw(&r->out, "<dl class=\"facts\">\n");
	html_f(&r->out, "<dt>Barnets namn</dt><dd>%s</dd>\n", or_dash(v->child_name));
	if (v->child_pnr && *v->child_pnr)
		html_f(&r->out, "<dt>Personnummer</dt><dd>%s</dd>\n", pnr_text(r, v->child_pnr));
	else
		html_f(&r->out, "<dt>Födelsedatum</dt><dd>%s</dd>\n",
		       or_dash(v->child_birth_date));
	html_f(&r->out, "<dt>Skola eller förskola</dt><dd>%s</dd>\n", or_dash(v->child_school));
	html_f(&r->out, "<dt>Oron gäller</dt><dd>%s</dd>\n",
	       or_dash(report_category_label(v->category ? v->category : "")));
	html_f(&r->out, "<dt>Vad du har sett eller hört</dt><dd class=\"text\">%s</dd>\n",
	       or_dash(v->observed));
	html_f(&r->out, "<dt>Barnets egna ord</dt><dd class=\"text\">%s</dd>\n",
	       or_dash(v->child_words));
	html_f(&r->out, "<dt>Vet vårdnadshavarna om oron?</dt><dd>%s</dd>\n",
	       or_dash(report_guardians_know_label(v->guardians_know ? v->guardians_know : "")));
	html_f(&r->out, "<dt>Hur brådskande</dt><dd>%s</dd>\n",
	       or_dash(report_urgency_label(v->urgency ? v->urgency : "")));
	html_f(&r->out, "<dt>Anmälarens telefon</dt><dd>%s</dd>\n", or_dash(rep->reporter_phone));
	html_raw(&r->out, "</dl>\n");
}

static void
report_row(const struct report_line *line, void *arg)
{
	struct report_rows *rows = arg;
	struct http_req *r = rows->r;
	bool draft = strcmp(line->status, "draft") == 0;
	const char *category = report_category_label(line->category ? line->category : "");

	rows->n++;
	html_raw(&r->out, line->feedback_unread ? "<tr class=\"unread\">" : "<tr>");
	if (draft)
		html_f(&r->out, "<td><a href=\"/anmalningar/%lld\">Utkast<span "
				"class=\"visually-hidden\"> skapat %s</span></a></td>",
		       (long long)line->id, page_time(r, line->created_at));
	else
		html_f(&r->out, "<td><a href=\"%s/%lld\">%s</a></td>",
		       rows->intake ? "/mottagning/anmalningar" : "/anmalningar",
		       (long long)line->id, line->number);
	html_f(&r->out, "<td>%s</td><td>%s</td>", or_dash(line->child_name), or_dash(category));
	if (draft)
		html_f(&r->out, "<td>skapat %s</td><td>Utkast, inte skickat",
		       page_time(r, line->created_at));
	else if (line->feedback_outcome == NULL)
		html_f(&r->out, "<td>mottagen %s</td><td>Skickad, ingen återkoppling ännu",
		       page_time(r, line->received_at));
	else
		html_f(&r->out, "<td>mottagen %s</td><td>Återkoppling: %s",
		       page_time(r, line->received_at), outcome_short(line->feedback_outcome));
	if (line->feedback_unread)
		html_raw(&r->out, " <strong class=\"badge\">Ny</strong>");
	html_raw(&r->out, "</td></tr>\n");
}


static const char *
outcome_short(const char *outcome)
{
	if (strcmp(outcome, "opened") == 0)
		return "utredning inleds";
	if (strcmp(outcome, "not_opened") == 0)
		return "utredning inleds inte";
	if (strcmp(outcome, "ongoing") == 0)
		return "utredning pågår redan";
	return outcome;
}

/* Twelve digits shown as YYYYMMDD-NNNN; anything else (a draft as typed) as it is. */
static const char *
pnr_text(struct http_req *r, const char *pnr)
{
	if (strlen(pnr) != 12 || strspn(pnr, "0123456789") != 12)
		return pnr;
	return arena_printf(&r->arena, "%.8s-%s", pnr, pnr + 8);
}

static const char *
or_dash(const char *s)
{
	return s && *s ? s : "–";
}

/* The error summary links to the field only when the form has it. */
static void
keep_known_field(struct err *e, const char *const *fields)
{
	for (int i = 0; fields[i]; i++)
		if (strcmp(e->field, fields[i]) == 0)
			return;
	e->field[0] = '\0';
}
