#include "domain/routine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "domain/steering.h"
#include "domain/validate.h"
#include "util/calendar.h"
#include "util/timeutil.h"

/* What the personnummer warning says a deviation may not hold (steering_check_text). */
static const char PNR_RULE[] =
	"En avvikelse får inte innehålla personuppgifter om enskilda barn.";

const char *const deviation_statuses[] = {
	"filed", "Anmäld", "analysed", "Analyserad", "acted", "Åtgärdad", "closed", "Avslutad",
	NULL, NULL,
};

static const char SQL_ROUTINES[] =
	"SELECT r.id, r.title, r.scope, r.body, r.links, r.owner_function_id, f.name,"
	" r.last_reviewed, r.next_review, r.active,"
	" (SELECT COUNT(*) FROM deviations d WHERE d.routine_id = r.id)"
	" FROM routines r LEFT JOIN functions f ON f.id = r.owner_function_id"
	" ORDER BY r.next_review, r.id";
static const char SQL_ROUTINE[] =
	"SELECT r.id, r.title, r.scope, r.body, r.links, r.owner_function_id, f.name,"
	" r.last_reviewed, r.next_review, r.active,"
	" (SELECT COUNT(*) FROM deviations d WHERE d.routine_id = r.id)"
	" FROM routines r LEFT JOIN functions f ON f.id = r.owner_function_id WHERE r.id = ?";
static const char SQL_TITLE_TAKEN[] = "SELECT COUNT(*) FROM routines WHERE title = ? AND id <> ?";
static const char SQL_FUNCTION_OK[] = "SELECT COUNT(*) FROM functions WHERE id = ?";
static const char SQL_INSERT[] =
	"INSERT INTO routines (title, scope, owner_function_id, body, links, last_reviewed,"
	" next_review, active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
	" RETURNING id";
static const char SQL_UPDATE[] =
	"UPDATE routines SET title = ?, scope = ?, owner_function_id = ?, body = ?, links = ?,"
	" last_reviewed = ?, next_review = ?, active = ?, updated_at = ? WHERE id = ?";
static const char SQL_DEVIATIONS[] =
	"SELECT d.id, d.routine_id, r.title, d.filed_by, u.name, d.filed_at, d.description,"
	" d.status, d.analysis, d.action, d.closed_at FROM deviations d"
	" LEFT JOIN routines r ON r.id = d.routine_id JOIN users u ON u.id = d.filed_by"
	" WHERE (CAST(? AS TEXT) IS NULL OR d.status = ?)"
	" ORDER BY CASE WHEN d.status = 'closed' THEN 1 ELSE 0 END, d.filed_at DESC LIMIT 1000";
static const char SQL_DEVIATION[] =
	"SELECT d.id, d.routine_id, r.title, d.filed_by, u.name, d.filed_at, d.description,"
	" d.status, d.analysis, d.action, d.closed_at FROM deviations d"
	" LEFT JOIN routines r ON r.id = d.routine_id JOIN users u ON u.id = d.filed_by"
	" WHERE d.id = ?";
static const char SQL_DEVIATION_INSERT[] =
	"INSERT INTO deviations (routine_id, filed_by, filed_at, description, status, updated_at)"
	" VALUES (?, ?, ?, ?, 'filed', ?) RETURNING id";
static const char SQL_DEVIATION_UPDATE[] =
	"UPDATE deviations SET analysis = ?, action = ?, status = ?, closed_at = ?,"
	" updated_at = ? WHERE id = ?";
static const char SQL_ROUTINE_OK[] = "SELECT COUNT(*) FROM routines WHERE id = ?";
static const char SQL_REVIEW_SET[] =
	"UPDATE routines SET last_reviewed = ?, next_review = ?, updated_at = ? WHERE id = ?";
static const char SQL_REVIEW_INSERT[] =
	"INSERT INTO routine_reviews (routine_id, reviewed_on, due_on, next_review, reviewed_by,"
	" recorded_at) VALUES (?, ?, ?, ?, ?, ?)";
static const char SQL_REVIEWS[] =
	"SELECT v.id, v.reviewed_on, v.due_on, v.next_review, v.reviewed_by, u.name,"
	" v.recorded_at FROM routine_reviews v LEFT JOIN users u ON u.id = v.reviewed_by"
	" WHERE v.routine_id = ? ORDER BY v.reviewed_on DESC, v.id DESC";
/* The reviews due in a year: every recorded one whose due day falls in it, and the next
 * review of each active routine when it falls in it (not done yet). */
static const char SQL_DUE[] =
	"SELECT routine_id, title, due_on, reviewed_on FROM ("
	"SELECT v.routine_id AS routine_id, r.title AS title, v.due_on AS due_on,"
	" v.reviewed_on AS reviewed_on FROM routine_reviews v"
	" JOIN routines r ON r.id = v.routine_id WHERE v.due_on >= ? AND v.due_on <= ?"
	" UNION ALL SELECT r.id, r.title, r.next_review, NULL FROM routines r"
	" WHERE r.active = 1 AND r.next_review >= ? AND r.next_review <= ?) d"
	" ORDER BY due_on, routine_id, COALESCE(reviewed_on, '9999-12-31')";
static const char SQL_DONE[] =
	"SELECT COUNT(*) FROM routine_reviews WHERE reviewed_on >= ? AND reviewed_on <= ?";
static const char SQL_COUNTS[] =
	"SELECT d.routine_id, r.title, d.filed_at FROM deviations d"
	" LEFT JOIN routines r ON r.id = d.routine_id"
	" WHERE d.filed_at >= ? AND d.filed_at < ? ORDER BY COALESCE(d.routine_id, 0)";

static int routine_reviews_load(struct tx *tx, struct routine *r, struct err *e);
static int routine_review_insert(struct tx *tx, int64_t id, const char *reviewed_on,
				 const char *due_on, const char *next_review, int64_t by,
				 struct err *e);
static int routine_year_bounds(int year, char from[11], char to[11], struct err *e);

const char *
deviation_status_label(const char *v)
{
	for (int i = 0; v && deviation_statuses[i]; i += 2)
		if (strcmp(deviation_statuses[i], v) == 0)
			return deviation_statuses[i + 1];
	return NULL;
}

static void
routine_from_row(struct tx *tx, struct db_stmt *st, const char *today, bool can,
		 struct routine *r)
{
	r->id = db_column_int64(st, 0);
	r->title = tx_text(tx, st, 1);
	r->scope = tx_text(tx, st, 2);
	r->body = tx_text(tx, st, 3);
	r->links = tx_text(tx, st, 4);
	r->owner_function_id = db_column_int64(st, 5);
	r->owner_function_name = tx_text(tx, st, 6);
	r->last_reviewed = tx_text(tx, st, 7);
	r->next_review = tx_text(tx, st, 8);
	r->active = db_column_int64(st, 9) == 1;
	r->deviations = db_column_int64(st, 10);
	r->overdue = r->active && strcmp(r->next_review, today) < 0;
	r->can_edit = can;
	r->link_list = NULL;
	r->nlinks = 0;
	r->reviews = NULL;
	r->nreviews = 0;
	if (r->links) {
		struct routine_link *links = NULL;
		struct err ignore;

		/* Not strict: stored text is shown as it is, a bad line as plain text. */
		routine_links_parse(tx->arena, r->links, false, &links, &r->nlinks, &ignore);
		r->link_list = links;
	}
}

int
routine_list(struct tx *tx, void (*fn)(const struct routine *, void *), void *arg,
	     struct err *e)
{
	struct db_stmt *st = NULL;
	char today[11];
	bool can;
	int rc;

	if ((rc = steering_require_reader(tx, "routine", 0, e)) != SAMSYN_OK ||
	    (rc = steering_can_edit_plans(tx, &can, e)) != SAMSYN_OK ||
	    (rc = db_prepare(tx->db, SQL_ROUTINES, &st, e)) != SAMSYN_OK)
		return rc;
	time_today(today);
	while ((rc = db_step(st, e)) == DB_ROW) {
		struct routine r;

		routine_from_row(tx, st, today, can, &r);
		fn(&r, arg);
	}
	db_finalize(st);
	return rc == DB_DONE ? SAMSYN_OK : rc;
}

static int
routine_load(struct tx *tx, int64_t id, struct routine *out, struct err *e)
{
	struct db_stmt *st;
	char today[11];
	bool can;
	int rc;

	if ((rc = steering_can_edit_plans(tx, &can, e)) != SAMSYN_OK ||
	    (rc = db_row_by_id(tx->db, SQL_ROUTINE, id, "Rutinen finns inte.", &st, e)))
		return rc;
	time_today(today);
	routine_from_row(tx, st, today, can, out);
	db_finalize(st);
	return routine_reviews_load(tx, out, e);
}

/* The routine's review history, newest first. */
static int
routine_reviews_load(struct tx *tx, struct routine *r, struct err *e)
{
	struct routine_review *rows = NULL;
	struct db_stmt *st = NULL;
	size_t cap = 0;
	int rc, n = 0;

	if ((rc = db_prepare(tx->db, SQL_REVIEWS, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_int64(st, 1, r->id);
	while ((rc = db_step(st, e)) == DB_ROW) {
		struct routine_review *v;

		rows = arena_grow(tx->arena, rows, (size_t)n, &cap, sizeof(*rows));
		v = &rows[n++];
		v->id = db_column_int64(st, 0);
		v->reviewed_on = tx_text(tx, st, 1);
		v->due_on = tx_text(tx, st, 2);
		v->next_review = tx_text(tx, st, 3);
		v->reviewed_by = db_column_int64(st, 4);
		v->reviewed_by_name = tx_text(tx, st, 5);
		v->recorded_at = tx_text(tx, st, 6);
		if (v->due_on == NULL)
			v->timeliness = NULL;
		else
			v->timeliness =
				strcmp(v->reviewed_on, v->due_on) <= 0 ? "on_time" : "late";
	}
	db_finalize(st);
	if (rc != DB_DONE)
		return rc;
	r->reviews = rows;
	r->nreviews = n;
	return SAMSYN_OK;
}

int
routine_get(struct tx *tx, int64_t id, struct routine *out, struct err *e)
{
	int rc;

	if ((rc = steering_require_reader(tx, "routine", id, e)) != SAMSYN_OK)
		return rc;
	return routine_load(tx, id, out, e);
}

static void
routine_year_after(const char *day, char out[11])
{
	struct cal_date d;
	char today[11];

	if (!day || !cal_parse(day, &d)) {
		time_today(today);
		cal_parse(today, &d);
	}
	cal_format(cal_add_months(d, 12), out);
}

/* check_links: the links field is new or changed, so every line must pass (stored text
 * from before the check is shown as it is, see routine_from_row). */
static int
routine_check(struct tx *tx, const struct routine *r, bool check_links, struct err *e)
{
	struct routine_link *links;
	int64_t n;
	int rc, nlinks;

	if ((rc = validate_line(r->title, "title", "Rubriken", 200, e)) ||
	    (rc = validate_text(r->scope, "scope", "Omfattningen", 4000, false, e)) ||
	    (rc = validate_text(r->body, "body", "Rutinens text", 100000, false, e)) ||
	    (rc = validate_text(r->links, "links", "Länkarna", 4000, false, e)))
		return rc;
	if (check_links &&
	    (rc = routine_links_parse(tx->arena, r->links, true, &links, &nlinks, e)) != SAMSYN_OK)
		return rc;
	if (r->last_reviewed && *r->last_reviewed) {
		char today[11];

		if (!time_valid_date(r->last_reviewed))
			return err_set(e, SAMSYN_EINVAL, "last_reviewed",
				       "Ange datumet som ÅÅÅÅ-MM-DD.");
		time_today(today);
		if (strcmp(r->last_reviewed, today) > 0)
			return err_set(e, SAMSYN_EINVAL, "last_reviewed",
				       "Senast granskad kan inte ligga i framtiden.");
	}
	if (!time_valid_date(r->next_review))
		return err_set(e, SAMSYN_EINVAL, "next_review", "Ange datumet som ÅÅÅÅ-MM-DD.");
	if (r->owner_function_id > 0) {
		if ((rc = db_count(tx->db, SQL_FUNCTION_OK, NULL, 1, r->owner_function_id, 0, &n,
				   e)))
			return rc;
		if (n == 0)
			return err_set(e, SAMSYN_EINVAL, "owner_function_id",
				       "Välj en funktion som finns.");
	}
	if ((rc = db_count(tx->db, SQL_TITLE_TAKEN, r->title, 1, r->id, 0, &n, e)) != SAMSYN_OK)
		return rc;
	if (n > 0)
		return err_set(e, SAMSYN_ECONFLICT, "title", "Det finns redan en rutin med den rubriken.");
	return SAMSYN_OK;
}

static int
routine_require_editor(struct tx *tx, int64_t id, struct err *e)
{
	bool can;
	int rc;

	if ((rc = steering_can_edit_plans(tx, &can, e)) != SAMSYN_OK)
		return rc;
	return can ? SAMSYN_OK : tx_deny(tx, "routine", id, NULL, 0);
}

static const char *
routine_opt(const char *s)
{
	return validate_blank(s) ? NULL : s;
}

int
routine_create(struct tx *tx, const struct routine_in *in, struct routine *out, struct err *e)
{
	struct routine r = {.title = in->title, .scope = in->scope, .body = in->body,
			    .links = in->links, .owner_function_id = in->owner_function_id,
			    .last_reviewed = in->last_reviewed, .next_review = in->next_review};
	struct db_stmt *st = NULL;
	char now[TIME_ISO_LEN], next[11];
	int64_t id = 0;
	int rc;

	if ((rc = routine_require_editor(tx, 0, e)) != SAMSYN_OK)
		return rc;
	if (validate_blank(r.next_review)) {
		routine_year_after(routine_opt(r.last_reviewed), next);
		r.next_review = next;
	}
	if ((rc = routine_check(tx, &r, true, e)) != SAMSYN_OK)
		return rc;
	time_now_iso(now);
	if ((rc = db_prepare(tx->db, SQL_INSERT, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_text(st, 1, r.title);
	db_bind_text(st, 2, routine_opt(r.scope));
	db_bind_id(st, 3, r.owner_function_id);
	db_bind_text(st, 4, routine_opt(r.body));
	db_bind_text(st, 5, routine_opt(r.links));
	db_bind_text(st, 6, routine_opt(r.last_reviewed));
	db_bind_text(st, 7, r.next_review);
	db_bind_int64(st, 8, !in->has_active || in->active ? 1 : 0);
	db_bind_text(st, 9, now);
	db_bind_text(st, 10, now);
	if ((rc = db_step(st, e)) == DB_ROW) {
		id = db_column_int64(st, 0);
		rc = SAMSYN_OK;
	}
	db_finalize(st);
	if (rc != SAMSYN_OK)
		return rc;
	/* A review done before the routine came into samsyn: its due day and reviewer are not
	 * known. */
	if (routine_opt(r.last_reviewed) &&
	    (rc = routine_review_insert(tx, id, r.last_reviewed, NULL, r.next_review, 0, e)))
		return rc;
	if ((rc = steering_log(tx, "create", "routine", id, false, e)) != SAMSYN_OK)
		return rc;
	return routine_load(tx, id, out, e);
}

static int
routine_review_insert(struct tx *tx, int64_t id, const char *reviewed_on, const char *due_on,
		      const char *next_review, int64_t by, struct err *e)
{
	struct db_stmt *st = NULL;
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	if ((rc = db_prepare(tx->db, SQL_REVIEW_INSERT, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_int64(st, 1, id);
	db_bind_text(st, 2, reviewed_on);
	db_bind_text(st, 3, due_on);
	db_bind_text(st, 4, next_review);
	db_bind_id(st, 5, by);
	db_bind_text(st, 6, now);
	return db_run(st, e);
}

static int
routine_store(struct tx *tx, const struct routine *r, bool check_links, struct err *e)
{
	struct db_stmt *st = NULL;
	char now[TIME_ISO_LEN];
	int rc;

	if ((rc = routine_check(tx, r, check_links, e)) != SAMSYN_OK)
		return rc;
	time_now_iso(now);
	if ((rc = db_prepare(tx->db, SQL_UPDATE, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_text(st, 1, r->title);
	db_bind_text(st, 2, routine_opt(r->scope));
	db_bind_id(st, 3, r->owner_function_id);
	db_bind_text(st, 4, routine_opt(r->body));
	db_bind_text(st, 5, routine_opt(r->links));
	db_bind_text(st, 6, routine_opt(r->last_reviewed));
	db_bind_text(st, 7, r->next_review);
	db_bind_int64(st, 8, r->active ? 1 : 0);
	db_bind_text(st, 9, now);
	db_bind_int64(st, 10, r->id);
	if ((rc = db_run(st, e)) != SAMSYN_OK)
		return rc;
	return steering_log(tx, "update", "routine", r->id, false, e);
}

int
routine_update(struct tx *tx, int64_t id, const struct routine_in *in, struct routine *out,
	       struct err *e)
{
	struct routine r;
	int rc;

	if ((rc = routine_require_editor(tx, id, e)) != SAMSYN_OK ||
	    (rc = routine_load(tx, id, &r, e)) != SAMSYN_OK)
		return rc;
	if (in->has_title)
		r.title = in->title;
	if (in->has_scope)
		r.scope = in->scope;
	if (in->has_body)
		r.body = in->body;
	if (in->has_links)
		r.links = in->links;
	if (in->has_last_reviewed)
		r.last_reviewed = in->last_reviewed;
	if (in->has_next_review)
		r.next_review = in->next_review;
	if (in->has_owner)
		r.owner_function_id = in->owner_function_id;
	if (in->has_active)
		r.active = in->active;
	if ((rc = routine_store(tx, &r, in->has_links, e)) != SAMSYN_OK)
		return rc;
	return routine_load(tx, id, out, e);
}

int
routine_reviewed(struct tx *tx, int64_t id, const struct routine_review_in *in,
		 struct routine *out, struct err *e)
{
	const char *day, *next_day, *latest, *due;
	char today[11], next[11], now[TIME_ISO_LEN];
	struct db_stmt *st = NULL;
	struct routine r;
	int rc;

	if ((rc = routine_require_editor(tx, id, e)) != SAMSYN_OK ||
	    (rc = routine_load(tx, id, &r, e)) != SAMSYN_OK)
		return rc;
	time_today(today);
	day = in && !validate_blank(in->reviewed_on) ? in->reviewed_on : today;
	if (!time_valid_date(day))
		return err_set(e, SAMSYN_EINVAL, "reviewed_on",
			       "Ange granskningsdagen som ÅÅÅÅ-MM-DD.");
	if (strcmp(day, today) > 0)
		return err_set(e, SAMSYN_EINVAL, "reviewed_on",
			       "Granskningsdagen kan inte ligga i framtiden.");
	latest = r.last_reviewed;
	if (r.nreviews > 0 && (!latest || strcmp(r.reviews[0].reviewed_on, latest) > 0))
		latest = r.reviews[0].reviewed_on;
	if (latest && strcmp(day, latest) < 0)
		return err_set(e, SAMSYN_ECONFLICT, "reviewed_on",
			       "Rutinen granskades senast %s. En granskning kan inte registreras "
			       "före den.",
			       latest);
	if (in && !validate_blank(in->next_review)) {
		next_day = in->next_review;
		if (!time_valid_date(next_day))
			return err_set(e, SAMSYN_EINVAL, "next_review",
				       "Ange datumet som ÅÅÅÅ-MM-DD.");
		if (strcmp(next_day, day) <= 0)
			return err_set(e, SAMSYN_EINVAL, "next_review",
				       "Nästa granskning ska ligga efter granskningsdagen.");
	} else {
		routine_year_after(day, next);
		next_day = next;
	}
	due = r.next_review;
	time_now_iso(now);
	if ((rc = db_prepare(tx->db, SQL_REVIEW_SET, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_text(st, 1, day);
	db_bind_text(st, 2, next_day);
	db_bind_text(st, 3, now);
	db_bind_int64(st, 4, id);
	if ((rc = db_run(st, e)) != SAMSYN_OK ||
	    (rc = routine_review_insert(tx, id, day, due, next_day, tx->actor.user_id, e)) ||
	    (rc = steering_log(tx, "update", "routine", id, false, e)))
		return rc;
	return routine_load(tx, id, out, e);
}

/* --- links ---------------------------------------------------------------------------- */

static bool
link_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool
link_space(char c)
{
	return c == ' ' || c == '\t';
}

/* Length of the scheme when s starts with one followed by ':' (RFC 3986), else 0. */
static size_t
link_scheme(const char *s, size_t len)
{
	size_t i = 0;

	if (len == 0 || !link_alpha(s[0]))
		return 0;
	while (i < len && (link_alpha(s[i]) || (s[i] >= '0' && s[i] <= '9') || s[i] == '+' ||
			   s[i] == '-' || s[i] == '.'))
		i++;
	return i < len && s[i] == ':' ? i : 0;
}

static bool
link_scheme_is(const char *s, size_t n, const char *name)
{
	return strlen(name) == n && strncasecmp(s, name, n) == 0;
}

/* Whether s (trimmed) is meant as an address: a scheme and something right after its
 * colon ("Obs: läs" is text), or a scheme that is never harmless text. */
static bool
link_is_url(const char *s, size_t len)
{
	static const char *const always[] = {"javascript", "vbscript", "data", "file", NULL};
	size_t n = link_scheme(s, len);

	if (n == 0)
		return false;
	for (int i = 0; always[i]; i++)
		if (link_scheme_is(s, n, always[i]))
			return true;
	return n + 1 < len && !link_space(s[n + 1]);
}

/* SAMSYN_OK when s is an http(s) URL with a host and no spaces or control characters. */
static int
link_check(const char *s, size_t len, int line, struct err *e)
{
	size_t n = link_scheme(s, len), host;

	if (!link_scheme_is(s, n, "http") && !link_scheme_is(s, n, "https"))
		return err_set(e, SAMSYN_EINVAL, "links",
			       "Rad %d i länkarna: bara adresser som börjar med http:// eller "
			       "https:// kan bli länkar.",
			       line);
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] <= 0x20 || s[i] == 0x7f)
			return err_set(e, SAMSYN_EINVAL, "links",
				       "Rad %d i länkarna: adressen får inte innehålla mellanslag "
				       "(skriv %%20).",
				       line);
	host = n + 3;
	if (len < host || strncmp(s + n, "://", 3) != 0 || host == len || s[host] == '/' ||
	    s[host] == '?' || s[host] == '#')
		return err_set(e, SAMSYN_EINVAL, "links",
			       "Rad %d i länkarna: adressen saknar webbplats, skriv den som "
			       "https://webbplats/sida.",
			       line);
	return SAMSYN_OK;
}

static void
link_trim(const char **s, size_t *len)
{
	while (*len > 0 && link_space(**s)) {
		(*s)++;
		(*len)--;
	}
	while (*len > 0 && (link_space((*s)[*len - 1]) || (*s)[*len - 1] == '\r'))
		(*len)--;
}

int
routine_links_parse(struct arena *a, const char *text, bool strict, struct routine_link **out,
		    int *n, struct err *e)
{
	struct routine_link *links;
	const char *p = text ? text : "";
	int cap = 1, line = 0;

	for (const char *q = p; *q; q++)
		cap += *q == '\n';
	links = arena_alloc(a, sizeof(*links) * (size_t)cap);
	*out = links;
	*n = 0;
	while (*p) {
		size_t len = strcspn(p, "\n"), tlen, whole_len = len;
		const char *s = p, *target, *title = NULL, *bar = NULL;
		size_t title_len = 0;
		int rc;

		line++;
		p += len + (p[len] == '\n');
		link_trim(&s, &whole_len);
		if (whole_len == 0)
			continue;
		target = s;
		tlen = whole_len;
		/* A URL alone may hold a "|"; otherwise the last "|" ends the title. */
		if (!link_is_url(s, whole_len) || memchr(s, ' ', whole_len) ||
		    memchr(s, '\t', whole_len))
			for (size_t i = 0; i < whole_len; i++)
				if (s[i] == '|')
					bar = s + i;
		if (bar) {
			title = s;
			title_len = (size_t)(bar - s);
			link_trim(&title, &title_len);
			target = bar + 1;
			tlen = whole_len - (size_t)(target - s);
			link_trim(&target, &tlen);
		}
		links[*n].line = line;
		links[*n].url = NULL;
		links[*n].title = arena_strndup(a, s, whole_len);
		if (link_is_url(target, tlen)) {
			if ((rc = link_check(target, tlen, line, e)) == SAMSYN_OK) {
				links[*n].url = arena_strndup(a, target, tlen);
				links[*n].title = links[*n].url;
				if (title_len > 0)
					links[*n].title = arena_strndup(a, title, title_len);
			} else if (strict) {
				return rc;
			}
		}
		(*n)++;
	}
	return SAMSYN_OK;
}

/* --- reviews due in a year ------------------------------------------------------------ */

static int
routine_year_bounds(int year, char from[11], char to[11], struct err *e)
{
	if (year < 1990 || year > 2100)
		return err_set(e, SAMSYN_EINVAL, "year", "Ange ett år, som 2026.");
	snprintf(from, 11, "%04d-01-01", year);
	snprintf(to, 11, "%04d-12-31", year);
	return SAMSYN_OK;
}

int
routine_reviews_due(struct tx *tx, int year, void (*fn)(const struct routine_due *, void *),
		    void *arg, struct err *e)
{
	struct db_stmt *st = NULL;
	char from[11], to[11], today[11];
	int rc;

	if ((rc = steering_require_reader(tx, "routine", 0, e)) != SAMSYN_OK ||
	    (rc = routine_year_bounds(year, from, to, e)) != SAMSYN_OK ||
	    (rc = db_prepare(tx->db, SQL_DUE, &st, e)) != SAMSYN_OK)
		return rc;
	time_today(today);
	db_bind_text(st, 1, from);
	db_bind_text(st, 2, to);
	db_bind_text(st, 3, from);
	db_bind_text(st, 4, to);
	while ((rc = db_step(st, e)) == DB_ROW) {
		struct routine_due d = {
			.routine_id = db_column_int64(st, 0),
			.routine_title = tx_text(tx, st, 1),
			.due_on = tx_text(tx, st, 2),
			.reviewed_on = tx_text(tx, st, 3),
		};

		if (d.reviewed_on)
			d.status = strcmp(d.reviewed_on, d.due_on) <= 0 ? "on_time" : "late";
		else
			d.status = strcmp(d.due_on, today) < 0 ? "not_reviewed" : "not_yet_due";
		fn(&d, arg);
	}
	db_finalize(st);
	return rc == DB_DONE ? SAMSYN_OK : rc;
}

int
routine_reviews_done(struct tx *tx, int year, int64_t *n, struct err *e)
{
	struct db_stmt *st = NULL;
	char from[11], to[11];
	int rc;

	*n = 0;
	if ((rc = steering_require_reader(tx, "routine", 0, e)) != SAMSYN_OK ||
	    (rc = routine_year_bounds(year, from, to, e)) != SAMSYN_OK ||
	    (rc = db_prepare(tx->db, SQL_DONE, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_text(st, 1, from);
	db_bind_text(st, 2, to);
	if ((rc = db_step(st, e)) == DB_ROW) {
		*n = db_column_int64(st, 0);
		rc = DB_DONE;
	}
	db_finalize(st);
	return rc == DB_DONE ? SAMSYN_OK : rc;
}

/* --- deviations ----------------------------------------------------------------------- */

static void
deviation_from_row(struct tx *tx, struct db_stmt *st, bool can, struct deviation *d)
{
	d->id = db_column_int64(st, 0);
	d->routine_id = db_column_int64(st, 1);
	d->routine_title = tx_text(tx, st, 2);
	d->filed_by = db_column_int64(st, 3);
	d->filed_by_name = tx_text(tx, st, 4);
	d->filed_at = tx_text(tx, st, 5);
	d->description = tx_text(tx, st, 6);
	d->status = tx_text(tx, st, 7);
	d->analysis = tx_text(tx, st, 8);
	d->action = tx_text(tx, st, 9);
	d->closed_at = tx_text(tx, st, 10);
	d->can_handle = can;
}

int
deviation_list(struct tx *tx, const char *status, void (*fn)(const struct deviation *, void *),
	       void *arg, struct err *e)
{
	struct db_stmt *st = NULL;
	bool can;
	int rc;

	if ((rc = steering_require_reader(tx, "deviation", 0, e)) != SAMSYN_OK ||
	    (rc = steering_can_edit_plans(tx, &can, e)) != SAMSYN_OK)
		return rc;
	if (status && *status && !deviation_status_label(status))
		return err_set(e, SAMSYN_EINVAL, "status", "Okänd status.");
	if ((rc = db_prepare(tx->db, SQL_DEVIATIONS, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_text(st, 1, status && *status ? status : NULL);
	db_bind_text(st, 2, status && *status ? status : NULL);
	while ((rc = db_step(st, e)) == DB_ROW) {
		struct deviation d;

		deviation_from_row(tx, st, can, &d);
		fn(&d, arg);
	}
	db_finalize(st);
	return rc == DB_DONE ? SAMSYN_OK : rc;
}

static int
deviation_load(struct tx *tx, int64_t id, struct deviation *out, struct err *e)
{
	struct db_stmt *st;
	bool can;
	int rc;

	if ((rc = steering_can_edit_plans(tx, &can, e)) != SAMSYN_OK ||
	    (rc = db_row_by_id(tx->db, SQL_DEVIATION, id, "Avvikelsen finns inte.", &st, e)))
		return rc;
	deviation_from_row(tx, st, can, out);
	db_finalize(st);
	return SAMSYN_OK;
}

int
deviation_get(struct tx *tx, int64_t id, struct deviation *out, struct err *e)
{
	int rc;

	if ((rc = steering_require_reader(tx, "deviation", id, e)) != SAMSYN_OK)
		return rc;
	return deviation_load(tx, id, out, e);
}

int
deviation_file(struct tx *tx, const struct deviation_in *in, struct deviation *out,
	       struct err *e)
{
	const struct steering_text texts[] = {{"beskrivningen", in->description}};
	struct db_stmt *st = NULL;
	char now[TIME_ISO_LEN];
	int64_t id = 0, n;
	bool flagged;
	int rc;

	if (tx->actor.role != ROLE_STAFF && tx->actor.role != ROLE_ADMIN)
		return tx_deny(tx, "deviation", 0, NULL, 0);
	if ((rc = validate_text(in->description, "description", "Beskrivningen", 20000, true, e)))
		return rc;
	if (in->routine_id > 0) {
		if ((rc = db_count(tx->db, SQL_ROUTINE_OK, NULL, 1, in->routine_id, 0, &n, e)))
			return rc;
		if (n == 0)
			return err_set(e, SAMSYN_EINVAL, "routine_id", "Välj en rutin som finns.");
	}
	if ((rc = steering_check_text(texts, 1, PNR_RULE, in->confirm, &flagged, e)) != SAMSYN_OK)
		return rc;
	time_now_iso(now);
	if ((rc = db_prepare(tx->db, SQL_DEVIATION_INSERT, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_id(st, 1, in->routine_id);
	db_bind_int64(st, 2, tx->actor.user_id);
	db_bind_text(st, 3, now);
	db_bind_text(st, 4, in->description);
	db_bind_text(st, 5, now);
	if ((rc = db_step(st, e)) == DB_ROW) {
		id = db_column_int64(st, 0);
		rc = SAMSYN_OK;
	}
	db_finalize(st);
	if (rc != SAMSYN_OK || (rc = steering_log(tx, "create", "deviation", id, flagged, e)))
		return rc;
	return deviation_load(tx, id, out, e);
}

static int
deviation_rank(const char *s)
{
	for (int i = 0; deviation_statuses[i]; i += 2)
		if (strcmp(deviation_statuses[i], s) == 0)
			return i / 2;
	return -1;
}

int
deviation_handle(struct tx *tx, int64_t id, const struct deviation_in *in,
		 struct deviation *out, struct err *e)
{
	struct steering_text texts[] = {{"analysen", NULL}, {"den beslutade åtgärden", NULL}};
	struct db_stmt *st = NULL;
	char now[TIME_ISO_LEN];
	struct deviation d;
	bool flagged;
	int rc;

	if ((rc = steering_require_reader(tx, "deviation", id, e)) != SAMSYN_OK ||
	    (rc = deviation_load(tx, id, &d, e)) != SAMSYN_OK)
		return rc;
	if (!d.can_handle)
		return tx_deny(tx, "deviation", id, NULL, 0);
	if (in->has_analysis)
		d.analysis = in->analysis;
	if (in->has_action)
		d.action = in->action;
	if (in->has_status) {
		if (deviation_rank(in->status ? in->status : "") < 0)
			return err_set(e, SAMSYN_EINVAL, "status", "Okänd status.");
		if (deviation_rank(in->status) < deviation_rank(d.status))
			return err_set(e, SAMSYN_ECONFLICT, "status",
				       "En avvikelse går framåt: anmäld, analyserad, åtgärdad, "
				       "avslutad.");
		d.status = in->status;
	}
	texts[0].text = in->has_analysis ? d.analysis : NULL;
	texts[1].text = in->has_action ? d.action : NULL;
	if ((rc = validate_text(d.analysis, "analysis", "Analysen", 20000, false, e)) ||
	    (rc = validate_text(d.action, "action", "Åtgärden", 20000, false, e)) ||
	    (rc = steering_check_text(texts, 2, PNR_RULE, in->confirm, &flagged, e)))
		return rc;
	if (strcmp(d.status, "closed") == 0 && validate_blank(d.analysis))
		return err_set(e, SAMSYN_EINVAL, "analysis",
			       "En avvikelse avslutas med en analys.");
	time_now_iso(now);
	if ((rc = db_prepare(tx->db, SQL_DEVIATION_UPDATE, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_text(st, 1, routine_opt(d.analysis));
	db_bind_text(st, 2, routine_opt(d.action));
	db_bind_text(st, 3, d.status);
	db_bind_text(st, 4, strcmp(d.status, "closed") == 0 ? (d.closed_at ? d.closed_at : now)
							    : NULL);
	db_bind_text(st, 5, now);
	db_bind_int64(st, 6, id);
	if ((rc = db_run(st, e)) != SAMSYN_OK ||
	    (rc = steering_log(tx, "update", "deviation", id, flagged, e)))
		return rc;
	return deviation_load(tx, id, out, e);
}

int
deviation_counts(struct tx *tx, int year, void (*fn)(const struct deviation_count *, void *),
		 void *arg, struct err *e)
{
	struct deviation_count cur = {.routine_id = -1};
	struct db_stmt *st = NULL;
	char from[TIME_ISO_LEN], to[TIME_ISO_LEN], end[TIME_ISO_LEN], day[11];
	int rc;

	if ((rc = steering_require_reader(tx, "deviation", 0, e)) != SAMSYN_OK)
		return rc;
	if (year < 1990 || year > 2100)
		return err_set(e, SAMSYN_EINVAL, "year", "Ange ett år, som 2026.");
	snprintf(day, sizeof(day), "%04d-01-01", year);
	time_local_day_bounds(day, from, end);
	snprintf(day, sizeof(day), "%04d-12-31", year);
	time_local_day_bounds(day, end, to);
	if ((rc = db_prepare(tx->db, SQL_COUNTS, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_text(st, 1, from);
	db_bind_text(st, 2, to);
	while ((rc = db_step(st, e)) == DB_ROW) {
		int64_t rid = db_column_int64(st, 0);
		char local[11];
		int month;

		if (rid != cur.routine_id) {
			if (cur.routine_id >= 0)
				fn(&cur, arg);
			cur = (struct deviation_count){.routine_id = rid,
						       .routine_title = tx_text(tx, st, 1)};
		}
		month = time_local_day_hour(db_column_text(st, 2), local, NULL)
				? (int)strtol(local + 5, NULL, 10)
				: 0;
		if (month >= 1 && month <= 12)
			cur.quarter[(month - 1) / 3]++;
		cur.total++;
	}
	db_finalize(st);
	if (rc != DB_DONE)
		return rc;
	if (cur.routine_id >= 0)
		fn(&cur, arg);
	return SAMSYN_OK;
}
