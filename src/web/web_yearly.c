/* web_yearly.c - the yearly report to the committees (årsrapport), /styrning/arsrapport/
 * {year}: per goal of the cooperation plan the activities with status and follow-up,
 * meetings held against required per group, deviations per routine and quarter, and
 * routines reviewed on time.  A printable page: the print stylesheet hides navigation and
 * forms and starts each section on a new page.
 *
 * The two charts are inline SVG drawn here, with integer geometry and no script.  Every bar
 * carries its label and its number as text (WCAG 1.4.1: no meaning in colour alone), the
 * <svg> has role="img" with a <title> and a <desc>, and the same figures follow in a data
 * table for screen readers and for copying.  Readers as for plan.h; nothing is written. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/yearly.h"
#include "web/page.h"
#include "web/web_routes.h"

/* Chart geometry in SVG user units. */
#define CHART_WIDTH 640
#define CHART_LABEL_X 8      /* bar labels, left aligned */
#define CHART_BAR_X 170      /* where bars start */
#define CHART_BAR_MAX 380    /* the longest bar */
#define CHART_BAR_HEIGHT 16
#define CHART_ROW 22         /* one bar and the space under it */
#define CHART_GROUP_HEAD 24  /* a group's heading line */
#define CHART_GROUP_GAP 8
#define CHART_NUMBER_GAP 6   /* between a bar's end and its number */
#define CHART_LINE_CHARS 45  /* a heading's line, in characters: wraps within CHART_WIDTH */
#define CHART_LINE_HEIGHT 16 /* between a heading's lines */

/* The statuses of yearly.h's by_status[], in its order, with their colours (dark enough
 * against white for 3:1; the meaning is in the text beside each bar). */
static const struct {
	const char *value, *fill;
} statuses[4] = {
	{"planned", "#4d5a6a"},
	{"ongoing", "#1f5fa8"},
	{"done", "#1d6b3a"},
	{"cancelled", "#8a2b2b"},
};

struct chart {
	struct buf *b;
	int y;   /* the next free line */
	int max; /* the largest value, for scaling (at least 1) */
};

static void report_head(struct http_req *r, const struct yearly_report *yr);
static void goals_section(struct http_req *r, const struct yearly_report *yr);
static void goal_activities(struct http_req *r, const struct yearly_goal *g);
static void status_chart(struct http_req *r, const struct yearly_report *yr);
static void status_table(struct http_req *r, const struct yearly_report *yr);
static void meetings_section(struct http_req *r, const struct yearly_report *yr);
static void meetings_chart(struct http_req *r, const struct yearly_report *yr);
static void deviations_section(struct http_req *r, const struct yearly_report *yr);
static void routines_section(struct http_req *r, const struct yearly_report *yr);
static int status_chart_height(const struct yearly_report *yr);
static int meetings_chart_height(const struct yearly_report *yr);
static void chart_begin(struct chart *c, const char *id, int height, const char *title,
			const char *desc);
static void chart_group(struct chart *c, const char *label);
static int chart_lines(struct buf *b, const char *label, int y);
static size_t chart_line_end(const char *s);
static void chart_bar(struct chart *c, const char *label, int value, const char *fill);
static void chart_end(struct chart *c);
static const char *status_label(int i);
static const char *review_status_label(const char *status);
static const char *or_dash(const char *s);

int
web_yearly_report(struct http_req *r)
{
	struct yearly_report yr;
	int rc;

	if (r->id[0] < 1900 || r->id[0] > 9999)
		return err_set(&r->err, SAMSYN_ENOTFOUND, NULL, "Det finns ingen rapport för det "
								"året.");
	/* Only a year without an activity plan is "no plan" (the page says so); a failing
	 * database is the error page, as on every page. */
	if ((rc = yearly_report(&r->tx, (int)r->id[0], &yr, &r->err)) != SAMSYN_OK)
		return rc;
	page_begin(r, arena_printf(&r->arena, "Årsrapport %d", yr.year));
	report_head(r, &yr);
	goals_section(r, &yr);
	meetings_section(r, &yr);
	deviations_section(r, &yr);
	routines_section(r, &yr);
	page_end(r, 200);
	return SAMSYN_OK;
}

static void
report_head(struct http_req *r, const struct yearly_report *yr)
{
	struct buf *b = &r->out;

	html_f(b, "<p class=\"no-print\"><a href=\"/styrning\">Tillbaka till Styrning</a> · "
		  "<a href=\"/styrning/arsrapport/%d\">Föregående år</a> · "
		  "<a href=\"/styrning/arsrapport/%d\">Nästa år</a></p>\n",
	       yr->year - 1, yr->year + 1);
	html_raw(b, "<p class=\"no-print print-hint\"><strong>Skriv ut:</strong> Använd "
		    "webbläsarens utskrift (Ctrl+P, på Mac Cmd+P). Menyer och formulär skrivs "
		    "inte ut och varje avsnitt börjar på en ny sida.</p>\n");
	html_f(b, "<p class=\"report-intro\">Rapport till nämnderna om samverkan under %d.", yr->year);
	if (yr->coop.id)
		html_f(b, " Samverkansplan: <strong>%s</strong> (%d–%d)%s%s.", yr->coop.title,
		       yr->coop.first_year, yr->coop.last_year,
		       yr->coop.adopted_by ? ", antagen av " : "",
		       yr->coop.adopted_by ? yr->coop.adopted_by : "");
	else
		html_raw(b, " Det finns ingen samverkansplan för året.");
	html_raw(b, "</p>\n");
	if (!yr->has_plan)
		html_f(b, "<p>Det finns ingen aktivitetsplan för %d.</p>\n", yr->year);
	html_f(b, "<dl class=\"counts\">\n<div><dt>Aktiviteter</dt><dd>%d</dd></div>\n"
		  "<div><dt>Klara</dt><dd>%d</dd></div>\n<div><dt>Grupper</dt><dd>%d</dd></div>\n"
		  "<div><dt>Granskningar av rutiner i tid</dt><dd>%d av %d</dd></div>\n</dl>\n",
	       yr->activities_total, yr->by_status[2], yr->ngroups, yr->reviews_on_time,
	       yr->nreviews_due);
}

/* --- goals and activities ---------------------------------------------------------- */

static void
goals_section(struct http_req *r, const struct yearly_report *yr)
{
	struct buf *b = &r->out;

	html_raw(b, "<section class=\"report-section\" aria-labelledby=\"mal\">\n"
		    "<h2 id=\"mal\">Mål och aktiviteter</h2>\n");
	if (yr->ngoals == 0)
		html_raw(b, "<p>Samverkansplanen har inga mål att redovisa.</p>\n");
	for (int i = 0; i < yr->ngoals; i++)
		goal_activities(r, &yr->goals[i]);
	status_chart(r, yr);
	status_table(r, yr);
	html_raw(b, "</section>\n");
}

static void
goal_activities(struct http_req *r, const struct yearly_goal *g)
{
	struct buf *b = &r->out;

	html_f(b, "<h3 id=\"mal-%d\">Mål %d</h3>\n<p>%s</p>\n", g->number, g->number,
	       or_dash(g->text));
	if (g->nactivities == 0) {
		html_raw(b, "<p>Inga aktiviteter under målet.</p>\n");
		return;
	}
	html_f(b, "<table class=\"plan\">\n<caption>Aktiviteter för mål %d</caption>\n<thead><tr>"
		  "<th scope=\"col\">Aktivitet</th><th scope=\"col\">Ansvarig</th>"
		  "<th scope=\"col\">Datum</th><th scope=\"col\">Status</th>"
		  "<th scope=\"col\">Uppföljning</th></tr></thead>\n<tbody>\n",
	       g->number);
	for (int i = 0; i < g->nactivities; i++) {
		const struct activity *a = g->activities[i];
		const char **extra;
		int nextra = activity_unnamed_functions(&r->arena, a, &extra);

		html_f(b, "<tr><td class=\"text\">%s</td><td class=\"text\">", a->activity);
		if (a->responsible || nextra == 0)
			html_f(b, "%s", or_dash(a->responsible));
		for (int k = 0; k < nextra; k++)
			html_f(b, "%s%s", k ? ", " : a->responsible ? "; " : "", extra[k]);
		html_f(b, "</td><td>%s</td><td>%s</td><td class=\"text\">%s</td></tr>\n",
		       or_dash(a->when_text), or_dash(activity_status_label(a->status)),
		       or_dash(a->followup));
	}
	html_raw(b, "</tbody>\n</table>\n");
}

static void
status_chart(struct http_req *r, const struct yearly_report *yr)
{
	struct chart c = {.b = &r->out, .max = 1};
	char label[64];

	if (yr->ngoals == 0)
		return;
	for (int i = 0; i < yr->ngoals; i++)
		for (int s = 0; s < 4; s++)
			if (yr->goals[i].by_status[s] > c.max)
				c.max = yr->goals[i].by_status[s];
	html_raw(&r->out, "<h3 id=\"diagram-status\">Aktiviteter per mål och status</h3>\n");
	chart_begin(&c, "status", status_chart_height(yr),
		    arena_printf(&r->arena, "Aktiviteter per mål och status %d", yr->year),
		    "Liggande staplar: för varje mål antalet aktiviteter som är planerade, pågår, "
		    "är klara och är inställda. Samma siffror finns i tabellen under diagrammet.");
	for (int i = 0; i < yr->ngoals; i++) {
		const struct yearly_goal *g = &yr->goals[i];

		snprintf(label, sizeof(label), "Mål %d", g->number);
		chart_group(&c, label);
		for (int s = 0; s < 4; s++)
			chart_bar(&c, status_label(s), g->by_status[s], statuses[s].fill);
	}
	chart_end(&c);
}

static int
status_chart_height(const struct yearly_report *yr)
{
	return yr->ngoals * (CHART_GROUP_HEAD + 4 * CHART_ROW + CHART_GROUP_GAP) + CHART_GROUP_GAP;
}

static void
status_table(struct http_req *r, const struct yearly_report *yr)
{
	struct buf *b = &r->out;

	html_raw(b, "<table>\n<caption>Aktiviteter per mål och status (diagrammets siffror)"
		    "</caption>\n<thead><tr><th scope=\"col\">Mål</th>");
	for (int s = 0; s < 4; s++)
		html_f(b, "<th scope=\"col\">%s</th>", status_label(s));
	html_raw(b, "<th scope=\"col\">Totalt</th></tr></thead>\n<tbody>\n");
	for (int i = 0; i < yr->ngoals; i++) {
		const struct yearly_goal *g = &yr->goals[i];

		html_f(b, "<tr><th scope=\"row\">Mål %d</th>", g->number);
		for (int s = 0; s < 4; s++)
			html_f(b, "<td>%d</td>", g->by_status[s]);
		html_f(b, "<td>%d</td></tr>\n", g->nactivities);
	}
	if (yr->ngoals == 0)
		html_raw(b, "<tr><td colspan=\"6\">Inga mål.</td></tr>\n");
	html_raw(b, "</tbody>\n<tfoot><tr><th scope=\"row\">Hela planen</th>");
	for (int s = 0; s < 4; s++)
		html_f(b, "<td>%d</td>", yr->by_status[s]);
	html_f(b, "<td>%d</td></tr></tfoot>\n</table>\n<p class=\"hint\">En aktivitet som hör "
		  "till flera mål räknas under varje mål men en gång för hela planen.</p>\n",
	       yr->activities_total);
}

/* --- meetings ---------------------------------------------------------------------- */

static void
meetings_section(struct http_req *r, const struct yearly_report *yr)
{
	struct buf *b = &r->out;

	html_f(b, "<section class=\"report-section\" aria-labelledby=\"moten\">\n"
		  "<h2 id=\"moten\">Möten %d: hållna mot krav per grupp</h2>\n",
	       yr->year);
	meetings_chart(r, yr);
	html_raw(b, "<table>\n<caption>Möten per grupp: krav, hållna och planerade</caption>\n"
		    "<thead><tr><th scope=\"col\">Grupp</th><th scope=\"col\">Krav per år</th>"
		    "<th scope=\"col\">Hållna</th><th scope=\"col\">Planerade</th>"
		    "<th scope=\"col\">Läge</th></tr></thead>\n<tbody>\n");
	for (int i = 0; i < yr->ngroups; i++) {
		const struct group_cadence *g = &yr->groups[i];

		html_f(b, "<tr><th scope=\"row\">%s</th><td>%d</td><td>%d</td><td>%d</td>",
		       g->name, g->required, g->held, g->planned);
		if (g->gap > 0)
			html_f(b, "<td class=\"gap\"><strong>%d %s saknas</strong></td></tr>\n",
			       g->gap, g->gap == 1 ? "möte" : "möten");
		else if (g->required > 0)
			html_raw(b, "<td>Kravet är uppfyllt</td></tr>\n");
		else
			html_raw(b, "<td>Inget krav</td></tr>\n");
	}
	if (yr->ngroups == 0)
		html_raw(b, "<tr><td colspan=\"5\">Inga grupper.</td></tr>\n");
	html_raw(b, "</tbody>\n</table>\n</section>\n");
}

static void
meetings_chart(struct http_req *r, const struct yearly_report *yr)
{
	struct chart c = {.b = &r->out, .max = 1};

	if (yr->ngroups == 0)
		return;
	for (int i = 0; i < yr->ngroups; i++) {
		if (yr->groups[i].held > c.max)
			c.max = yr->groups[i].held;
		if (yr->groups[i].required > c.max)
			c.max = yr->groups[i].required;
	}
	chart_begin(&c, "moten", meetings_chart_height(yr),
		    arena_printf(&r->arena, "Hållna möten mot krav per grupp %d", yr->year),
		    "Liggande staplar: för varje grupp antalet möten som krävs per år och antalet "
		    "som hållits. Samma siffror finns i tabellen under diagrammet.");
	for (int i = 0; i < yr->ngroups; i++) {
		const struct group_cadence *g = &yr->groups[i];

		chart_group(&c, g->name);
		chart_bar(&c, "Krav", g->required, "#4d5a6a");
		chart_bar(&c, g->gap > 0 ? "Hållna (under kravet)" : "Hållna", g->held,
			  g->gap > 0 ? "#8a2b2b" : "#1d6b3a");
	}
	chart_end(&c);
}

static int
meetings_chart_height(const struct yearly_report *yr)
{
	int height = yr->ngroups * (CHART_GROUP_HEAD + 2 * CHART_ROW + CHART_GROUP_GAP) +
		     CHART_GROUP_GAP;

	/* A long name takes more lines than its heading's one. */
	for (int i = 0; i < yr->ngroups; i++)
		height += (chart_lines(NULL, yr->groups[i].name, 0) - 1) * CHART_LINE_HEIGHT;
	return height;
}

/* --- deviations and routines ------------------------------------------------------- */

static void
deviations_section(struct http_req *r, const struct yearly_report *yr)
{
	struct buf *b = &r->out;
	int quarter[4] = {0}, total = 0;

	html_f(b, "<section class=\"report-section\" aria-labelledby=\"avvikelser\">\n"
		  "<h2 id=\"avvikelser\">Avvikelser %d</h2>\n<table>\n<caption>Avvikelser per "
		  "rutin och kvartal %d</caption>\n<thead><tr><th scope=\"col\">Rutin</th>"
		  "<th scope=\"col\">Kvartal 1</th><th scope=\"col\">Kvartal 2</th>"
		  "<th scope=\"col\">Kvartal 3</th><th scope=\"col\">Kvartal 4</th>"
		  "<th scope=\"col\">Totalt</th></tr></thead>\n<tbody>\n",
	       yr->year, yr->year);
	for (int i = 0; i < yr->ndeviations; i++) {
		const struct deviation_count *d = &yr->deviations[i];

		html_f(b, "<tr><th scope=\"row\">%s</th><td>%d</td><td>%d</td><td>%d</td>"
			  "<td>%d</td><td>%d</td></tr>\n",
		       d->routine_id ? or_dash(d->routine_title) : "Samverkan i allmänhet",
		       d->quarter[0], d->quarter[1], d->quarter[2], d->quarter[3], d->total);
		for (int q = 0; q < 4; q++)
			quarter[q] += d->quarter[q];
		total += d->total;
	}
	if (yr->ndeviations == 0)
		html_f(b, "<tr><td colspan=\"6\">Inga avvikelser anmäldes %d.</td></tr>\n",
		       yr->year);
	html_f(b, "</tbody>\n<tfoot><tr><th scope=\"row\">Alla</th><td>%d</td><td>%d</td>"
		  "<td>%d</td><td>%d</td><td>%d</td></tr></tfoot>\n</table>\n</section>\n",
	       quarter[0], quarter[1], quarter[2], quarter[3], total);
}

/* Reviews due in the year, from the review history (yearly.h): the counts, then each. */
static void
routines_section(struct http_req *r, const struct yearly_report *yr)
{
	struct buf *b = &r->out;

	html_f(b, "<section class=\"report-section\" aria-labelledby=\"rutiner\">\n"
		  "<h2 id=\"rutiner\">Granskning av rutiner</h2>\n<p>En granskning räknas till "
		  "det år den skulle göras. Den är gjord i tid om den gjordes senast den dagen."
		  "</p>\n<table>\n<caption>Granskningar av rutiner som skulle göras %d</caption>\n"
		  "<tbody>\n<tr><th scope=\"row\">Gjorda i tid</th><td>%d</td></tr>\n"
		  "<tr><th scope=\"row\">Gjorda för sent</th><td>%d</td></tr>\n"
		  "<tr><th scope=\"row\">Inte gjorda, dagen har passerat</th><td>%d</td></tr>\n"
		  "<tr><th scope=\"row\">Inte aktuella ännu</th><td>%d</td></tr>\n</tbody>\n"
		  "<tfoot><tr><th scope=\"row\">Alla som skulle göras %d</th><td>%d</td></tr>"
		  "</tfoot>\n</table>\n<p>Granskningar gjorda under %d, oavsett när de skulle "
		  "göras: %lld.</p>\n",
	       yr->year, yr->reviews_on_time, yr->reviews_late, yr->reviews_not_reviewed,
	       yr->reviews_not_yet_due, yr->year, yr->nreviews_due, yr->year,
	       (long long)yr->reviews_done);
	html_f(b, "<table>\n<caption>Rutinernas granskningar %d</caption>\n<thead><tr>"
		  "<th scope=\"col\">Rutin</th><th scope=\"col\">Skulle granskas senast</th>"
		  "<th scope=\"col\">Granskad</th><th scope=\"col\">Läge</th></tr></thead>\n"
		  "<tbody>\n",
	       yr->year);
	for (int i = 0; i < yr->nreviews_due; i++) {
		const struct routine_due *d = &yr->reviews_due[i];

		html_f(b, "<tr><th scope=\"row\"><a href=\"/styrning/rutiner/%lld\">%s</a></th>"
			  "<td>%s</td><td>%s</td><td>%s</td></tr>\n",
		       (long long)d->routine_id, or_dash(d->routine_title), d->due_on,
		       or_dash(d->reviewed_on), review_status_label(d->status));
	}
	if (yr->nreviews_due == 0)
		html_f(b, "<tr><td colspan=\"4\">Ingen rutin skulle granskas %d.</td></tr>\n",
		       yr->year);
	html_raw(b, "</tbody>\n</table>\n</section>\n");
}

static const char *
review_status_label(const char *status)
{
	static const char *const labels[] = {
		"on_time", "I tid", "late", "För sent", "not_reviewed", "Inte gjord",
		"not_yet_due", "Inte aktuell ännu", NULL,
	};

	for (int i = 0; labels[i]; i += 2)
		if (strcmp(labels[i], status) == 0)
			return labels[i + 1];
	return "–";
}

/* --- the SVG chart ----------------------------------------------------------------- */

static void
chart_begin(struct chart *c, const char *id, int height, const char *title, const char *desc)
{
	html_f(c->b, "<figure class=\"chart\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
		     "role=\"img\" aria-labelledby=\"svg-%s-title svg-%s-desc\" "
		     "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" id=\"svg-%s\">\n"
		     "<title id=\"svg-%s-title\">%s</title>\n<desc id=\"svg-%s-desc\">%s</desc>\n",
	       id, id, CHART_WIDTH, height, CHART_WIDTH, height, id, id, title, id, desc);
	c->y = CHART_GROUP_GAP;
}

/* A group's heading (a goal, a group): one line, or a line per <tspan> when the label is
 * longer than CHART_LINE_CHARS, so that a long group name is not cut at the chart's edge.
 * The chart's height counts the extra lines (meetings_chart_height). */
static void
chart_group(struct chart *c, const char *label)
{
	int lines;

	html_f(c->b, "<text x=\"%d\" y=\"%d\" class=\"chart-group\" font-weight=\"bold\">",
	       CHART_LABEL_X, c->y + CHART_GROUP_HEAD - 8);
	lines = chart_lines(c->b, label, c->y + CHART_GROUP_HEAD - 8);
	html_raw(c->b, "</text>\n");
	c->y += CHART_GROUP_HEAD + (lines - 1) * CHART_LINE_HEIGHT;
}

/* Splits label at spaces into lines of at most CHART_LINE_CHARS characters (a longer word
 * is cut), writes them to b (when not NULL) as <tspan>s from y down, or the label as it is
 * when it fits on one line; returns the number of lines (at least 1). */
static int
chart_lines(struct buf *b, const char *label, int y)
{
	char line[CHART_LINE_CHARS * 4 + 1]; /* UTF-8: at most four bytes a character */
	const char *p = label + strspn(label, " ");
	int n = 0;

	if (p[chart_line_end(p)] == '\0') {
		if (b)
			html_f(b, "%s", label);
		return 1;
	}
	while (*p) {
		size_t len = chart_line_end(p);

		memcpy(line, p, len);
		line[len] = '\0';
		if (b)
			html_f(b, "<tspan x=\"%d\" y=\"%d\">%s</tspan>", CHART_LABEL_X,
			       y + n * CHART_LINE_HEIGHT, line);
		n++;
		p += len;
		p += strspn(p, " ");
	}
	return n;
}

/* The length in bytes of the line that starts at s: the words that fit in CHART_LINE_CHARS
 * characters, or the first CHART_LINE_CHARS characters of a longer first word. */
static size_t
chart_line_end(const char *s)
{
	size_t end = 0, i = 0;
	int chars = 0;

	while (s[i]) {
		size_t word = i;
		int word_chars = 0;

		if (i > 0) { /* the space before a word after the first */
			word += strspn(s + i, " ");
			word_chars = 1;
		}
		i = word;
		while (s[i] && s[i] != ' ') {
			if (((unsigned char)s[i] & 0xC0) != 0x80) {
				if (chars + word_chars == CHART_LINE_CHARS)
					return end > 0 ? end : i; /* the first word is cut */
				word_chars++;
			}
			i++;
		}
		chars += word_chars;
		end = i;
	}
	return end;
}

/* One bar: its label at the left, the bar, its number after the bar's end. */
static void
chart_bar(struct chart *c, const char *label, int value, const char *fill)
{
	int len = value > 0 ? value * CHART_BAR_MAX / c->max : 0;
	int text_y = c->y + CHART_BAR_HEIGHT - 3;

	if (value > 0 && len < 2)
		len = 2;
	html_f(c->b, "<text x=\"%d\" y=\"%d\">%s</text>\n", CHART_LABEL_X + 12, text_y, label);
	html_f(c->b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" "
		     "stroke=\"#000\" stroke-width=\"1\"></rect>\n",
	       CHART_BAR_X, c->y, len, CHART_BAR_HEIGHT, fill);
	html_f(c->b, "<text x=\"%d\" y=\"%d\">%d</text>\n", CHART_BAR_X + len + CHART_NUMBER_GAP,
	       text_y, value);
	c->y += CHART_ROW;
}

static void
chart_end(struct chart *c)
{
	html_raw(c->b, "</svg>\n</figure>\n");
}

static const char *
status_label(int i)
{
	return or_dash(activity_status_label(statuses[i].value));
}

static const char *
or_dash(const char *s)
{
	return s && *s ? s : "–";
}
