/* web_rules.c - the rule page (Regler och frister): each deadline and rule with its legal
 * source under the old act (SFS 2001:453) and the new one (SFS 2025:400), and which act a
 * given day falls under. */
#include <string.h>

#include "domain/rules.h"
#include "util/timeutil.h"
#include "web/page.h"
#include "web/web_routes.h"

struct rules_view {
	struct http_req *r;
	const char *last_key;
	const char *day; /* highlight the rows in force this day */
};

static const char *
rules_length(struct http_req *r, const struct rule *rule)
{
	if (rule->months > 0)
		return arena_printf(&r->arena, "%d månader", rule->months);
	if (rule->days == 0)
		return strcmp(rule->day_kind ? rule->day_kind : "", "working") == 0
			       ? "samma dag (nästa arbetsdag efter kontorstid)"
			       : "genast";
	if (rule->days > 0)
		return arena_printf(&r->arena, "%d %s", rule->days,
				    strcmp(rule->day_kind ? rule->day_kind : "", "working") == 0
					    ? "arbetsdagar"
					    : "dagar");
	return "–";
}

static void
rules_row(const struct rule *rule, void *arg)
{
	struct rules_view *v = arg;
	struct buf *b = &v->r->out;
	bool in_force = strcmp(rule->valid_from, v->day) <= 0 &&
			(rule->valid_to == NULL || strcmp(rule->valid_to, v->day) >= 0);

	if (v->last_key == NULL || strcmp(v->last_key, rule->key) != 0) {
		if (v->last_key)
			html_raw(b, "</tbody>\n</table>\n");
		html_f(b, "<h2 id=\"%s\">%s</h2>\n", rule->key, rule->title);
		html_f(b, "<table>\n<caption>%s: källa och frist per period</caption>\n"
			  "<thead><tr><th scope=\"col\">Gäller</th><th scope=\"col\">Författning"
			  "</th><th scope=\"col\">Källa</th><th scope=\"col\">Frist</th>"
			  "<th scope=\"col\">Vad samsyn gör</th></tr></thead>\n<tbody>\n",
		       rule->title);
		v->last_key = rule->key;
	}
	html_raw(b, in_force ? "<tr class=\"in-force\">" : "<tr>");
	if (strcmp(rule->valid_from, "1900-01-01") == 0 && rule->valid_to == NULL)
		html_raw(b, "<td>alltid");
	else if (strcmp(rule->valid_from, "1900-01-01") == 0)
		html_f(b, "<td>till och med %s", rule->valid_to);
	else if (rule->valid_to == NULL)
		html_f(b, "<td>från %s", rule->valid_from);
	else
		html_f(b, "<td>%s – %s", rule->valid_from, rule->valid_to);
	html_f(b, "%s</td><td>%s</td><td>%s%s</td><td>%s</td><td>%s</td></tr>\n",
	       in_force ? " (gäller)" : "", rule->act, rule->source,
	       rule->confirmed ? "" : " (ej bekräftad)", rules_length(v->r, rule), rule->description);
}

int
web_rules(struct http_req *r)
{
	char today[TIME_ISO_LEN];
	const char *day = http_query(r, "datum");
	struct rules_view v = {.r = r};
	int status = 200, rc;

	time_now_iso(today);
	time_iso_to_local(today, today, sizeof(today), false);
	today[10] = '\0';
	if (day && *day && !time_valid_date(day)) {
		err_set(&r->err, SAMSYN_EINVAL, "datum", "Ange datumet som ÅÅÅÅ-MM-DD.");
		status = 400;
	}
	v.day = (day && *day && status == 200) ? day : today;
	page_begin(r, "Regler och frister");
	html_raw(&r->out,
		 "<p>Fristerna och reglerna som samsyn räknar med, med källa i den gamla "
		 "socialtjänstlagen (SFS 2001:453, till och med 2025-06-30) och den nya (SFS "
		 "2025:400, från 2025-07-01). Ett ärende bedöms efter den lag som gällde den dag "
		 "händelsen inträffade. Dagar räknas i svensk kalender med helgdagar.</p>\n");
	html_raw(&r->out, "<form method=\"get\" action=\"/regler\" class=\"filters\">\n<fieldset>\n"
			  "<legend>Vilken lag gäller en viss dag?</legend>\n");
	page_input(r, "datum", "Datum (ÅÅÅÅ-MM-DD)", "date", v.day, "off", false);
	html_raw(&r->out, "<button type=\"submit\">Visa</button>\n</fieldset>\n</form>\n");
	html_f(&r->out, "<p class=\"lead\" role=\"status\">Den %s gäller socialtjänstlagen %s. "
			"Raderna som gäller den dagen är markerade.</p>\n",
	       v.day, rules_act_on(v.day));
	if ((rc = rules_list(&r->tx, rules_row, &v, &r->err)) != SAMSYN_OK)
		return rc;
	if (v.last_key)
		html_raw(&r->out, "</tbody>\n</table>\n");
	page_end(r, status);
	return SAMSYN_OK;
}
