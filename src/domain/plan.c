#include "domain/plan.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/steering.h"
#include "domain/validate.h"
#include "util/calendar.h"
#include "util/collate.h"
#include "util/table.h"
#include "util/timeutil.h"

#define PLAN_MAX_ROWS 2000 /* activities in one import */
#define PLAN_MAX_ROWS_TEXT "2 000"
#define ACTIVITY_RESPONSIBLE_MAX 1000 /* characters of the responsible text */
#define ACTIVITY_WHEN_MAX 100	      /* characters of the when-column */

const char *const activity_statuses[] = {
	"planned", "Planerad", "ongoing", "Pågår", "done", "Klar", "cancelled", "Inställd",
	NULL, NULL,
};
const char *const activity_levels[] = {
	"framjande", "Främjande", "forebyggande", "Förebyggande", "atgardande", "Åtgärdande",
	NULL, NULL,
};

static const char SQL_PLANS[] =
	"SELECT id, title, first_year, last_year, purpose, adopted_by, adopted_on, replaces,"
	" created_at, (SELECT n.id FROM coop_plans n WHERE n.replaces = p.id)"
	" FROM coop_plans p ORDER BY p.first_year DESC, p.id DESC";
static const char SQL_PLAN[] =
	"SELECT id, title, first_year, last_year, purpose, adopted_by, adopted_on, replaces,"
	" created_at, (SELECT n.id FROM coop_plans n WHERE n.replaces = p.id)"
	" FROM coop_plans p WHERE id = ?";
static const char SQL_PLAN_FOR_YEAR[] =
	"SELECT p.id FROM coop_plans p WHERE p.first_year <= ? AND p.last_year >= ?"
	" ORDER BY p.id DESC LIMIT 1";
static const char SQL_GOALS[] =
	"SELECT kind, number, text FROM coop_goals WHERE plan_id = ? ORDER BY kind, number";
static const char SQL_PLAN_INSERT[] =
	"INSERT INTO coop_plans (title, first_year, last_year, purpose, adopted_by, adopted_on,"
	" replaces, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char SQL_GOAL_INSERT[] =
	"INSERT INTO coop_goals (plan_id, kind, number, text) VALUES (?, ?, ?, ?)";
static const char SQL_PLAN_UPDATE[] =
	"UPDATE coop_plans SET title = ?, first_year = ?, last_year = ?, purpose = ?,"
	" adopted_by = ?, adopted_on = ? WHERE id = ?";
static const char SQL_GOALS_DELETE[] = "DELETE FROM coop_goals WHERE plan_id = ? AND kind = ?";
/* The goal numbers that rows of the plan's activity plans name. */
static const char SQL_GOALS_USED[] =
	"SELECT DISTINCT g.goal FROM activity_goals g JOIN activities a ON a.id = g.activity_id"
	" JOIN activity_plans p ON p.id = a.plan_id WHERE p.coop_plan_id = ? ORDER BY g.goal";
static const char SQL_YEARS_OUTSIDE[] =
	"SELECT year FROM activity_plans WHERE coop_plan_id = ? AND (year < ? OR year > ?)"
	" ORDER BY year";
static const char SQL_APLANS[] =
	"SELECT a.id, a.year, a.coop_plan_id, p.title FROM activity_plans a"
	" JOIN coop_plans p ON p.id = a.coop_plan_id ORDER BY a.year DESC";
static const char SQL_APLAN[] =
	"SELECT a.id, a.year, a.coop_plan_id, p.title FROM activity_plans a"
	" JOIN coop_plans p ON p.id = a.coop_plan_id WHERE a.year = ?";
static const char SQL_APLAN_INSERT[] =
	"INSERT INTO activity_plans (year, coop_plan_id, created_at, updated_at)"
	" VALUES (?, ?, ?, ?) RETURNING id";
static const char SQL_ROWS[] =
	"SELECT id, position, goals, description, activity, responsible, when_text, term, level,"
	" status, followup, updated_at FROM activities WHERE plan_id = ? ORDER BY position, id";
static const char SQL_ROW[] =
	"SELECT id, position, goals, description, activity, responsible, when_text, term, level,"
	" status, followup, updated_at, plan_id FROM activities WHERE id = ?";
static const char SQL_ROW_INSERT[] =
	"INSERT INTO activities (plan_id, position, goals, description, activity, responsible,"
	" when_text, term, level, status, followup, updated_at)"
	" VALUES (?, (SELECT COALESCE(MAX(position), 0) + 1 FROM activities WHERE plan_id = ?),"
	" ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char SQL_ROW_UPDATE[] =
	"UPDATE activities SET goals = ?, description = ?, activity = ?, responsible = ?,"
	" when_text = ?, term = ?, level = ?, status = ?, followup = ?, updated_at = ?"
	" WHERE id = ?";
static const char SQL_ROW_GOALS_DELETE[] = "DELETE FROM activity_goals WHERE activity_id = ?";
static const char SQL_ROW_GOAL_INSERT[] =
	"INSERT INTO activity_goals (activity_id, goal) VALUES (?, ?)";
static const char SQL_PLAN_GOALS_DELETE[] =
	"DELETE FROM activity_goals WHERE activity_id IN"
	" (SELECT id FROM activities WHERE plan_id = ?)";
static const char SQL_PLAN_ROWS_DELETE[] = "DELETE FROM activities WHERE plan_id = ?";
static const char SQL_ROW_DELETE[] = "DELETE FROM activities WHERE id = ?";
/* The rows after a deleted one move up, so the positions stay 1, 2, 3 ... */
static const char SQL_ROWS_MOVE_UP[] =
	"UPDATE activities SET position = position - 1 WHERE plan_id = ? AND position > ?";
static const char SQL_APLAN_TOUCH[] = "UPDATE activity_plans SET updated_at = ? WHERE id = ?";
/* The functions responsible for the rows of a plan, or for one row: by activity, so that
 * each row's are together. */
static const char SQL_PLAN_FUNCTIONS[] =
	"SELECT af.activity_id, f.id, f.name FROM activity_functions af"
	" JOIN functions f ON f.id = af.function_id JOIN activities a ON a.id = af.activity_id"
	" WHERE a.plan_id = ? ORDER BY af.activity_id, f.id";
static const char SQL_ROW_FUNCTIONS[] =
	"SELECT af.activity_id, f.id, f.name FROM activity_functions af"
	" JOIN functions f ON f.id = af.function_id WHERE af.activity_id = ? ORDER BY f.id";
static const char SQL_ROW_FUNCTIONS_DELETE[] =
	"DELETE FROM activity_functions WHERE activity_id = ?";
static const char SQL_ROW_FUNCTION_INSERT[] =
	"INSERT INTO activity_functions (activity_id, function_id) VALUES (?, ?)";
static const char SQL_PLAN_FUNCTIONS_DELETE[] =
	"DELETE FROM activity_functions WHERE activity_id IN"
	" (SELECT id FROM activities WHERE plan_id = ?)";
/* A function as a choice: its name, whether active, and whether the activity has it. */
static const char SQL_FUNCTION_CHOICE[] =
	"SELECT f.name, f.active, (SELECT COUNT(*) FROM activity_functions af"
	" WHERE af.function_id = f.id AND af.activity_id = ?) FROM functions f WHERE f.id = ?";
static const char SQL_ACTIVE_FUNCTIONS[] = "SELECT id, name FROM functions WHERE active = 1";

static const char *const months[] = {"januari", "februari", "mars",	"april",
				     "maj",	"juni",	    "juli",	"augusti",
				     "september", "oktober", "november", "december"};

/* The words of a term in a when-text, case-folded; a longer word before its beginning. */
static const struct {
	const char *word, *term;
} term_words[] = {
	{"vårterminen", "vt"},
	{"vårtermin", "vt"},
	{"vt", "vt"},
	{"höstterminen", "ht"},
	{"hösttermin", "ht"},
	{"ht", "ht"},
};

static const char *
plan_label(const char *const *pairs, const char *v)
{
	for (int i = 0; v && pairs[i]; i += 2)
		if (strcmp(pairs[i], v) == 0)
			return pairs[i + 1];
	return NULL;
}

const char *
activity_status_label(const char *v)
{
	return plan_label(activity_statuses, v);
}

const char *
activity_level_label(const char *v)
{
	return plan_label(activity_levels, v);
}

const char *
plan_value_of(const char *const *pairs, const char *text)
{
	char a[64], b[64];

	if (!collate_fold(text, a, sizeof(a)))
		return NULL;
	for (int i = 0; pairs[i]; i += 2) {
		if (strcmp(a, pairs[i]) == 0)
			return pairs[i];
		if (collate_fold(pairs[i + 1], b, sizeof(b)) && strcmp(a, b) == 0)
			return pairs[i];
	}
	return NULL;
}

/* At most 40 bytes of s, cut at a character boundary, for quoting input in a message. */
static const char *
plan_clip(char out[48], const char *s)
{
	snprintf(out, 48, "%.40s", s ? s : "");
	err_utf8_tail(out);
	return out;
}

/* s with every CRLF and lone CR made LF, in the arena (NULL stays NULL): a text stored from
 * a form (browsers send CRLF), an XLSX cell (_x000D_) or the API reads back the same after
 * an export to CSV and an import, which gives every line break as LF.
 *
 * A text that would still have more than max_chars characters is given back as it is,
 * not copied: the length check that follows refuses it anyway (it has at least as many
 * characters), and an import must not copy a long text only to refuse it. */
static const char *
plan_lf(struct arena *a, const char *s, size_t max_chars)
{
	size_t chars = 0;
	char *out, *w;

	if (s == NULL || strchr(s, '\r') == NULL)
		return s;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		/* A character begins at every byte but a continuation byte; CRLF is one. */
		if ((*p & 0xC0) != 0x80 && !(*p == '\n' && p > (const unsigned char *)s &&
					      p[-1] == '\r') &&
		    ++chars > max_chars)
			return s;
	}
	out = w = arena_strdup(a, s);
	for (const char *p = s; *p; p++) {
		if (*p != '\r')
			*w++ = *p;
		else if (p[1] != '\n')
			*w++ = '\n';
	}
	*w = '\0';
	return out;
}

/* s case-folded (ICU) in the arena, for matching names; NULL when it cannot be. */
static const char *
plan_fold(struct arena *a, const char *s)
{
	size_t n = 4 * strlen(s) + 16; /* folding may lengthen a text (ß to ss) */
	char *out = arena_alloc(a, n);

	return collate_fold(s, out, n) ? out : NULL;
}

static int
plan_this_year(void)
{
	char today[11];

	time_today(today);
	return (int)strtol(today, NULL, 10);
}

/* --- the cooperation plan ----------------------------------------------------------- */

static void
coop_from_row(struct tx *tx, struct db_stmt *st, struct coop_plan *p)
{
	memset(p, 0, sizeof(*p));
	p->id = db_column_int64(st, 0);
	p->title = tx_text(tx, st, 1);
	p->first_year = (int)db_column_int64(st, 2);
	p->last_year = (int)db_column_int64(st, 3);
	p->purpose = tx_text(tx, st, 4);
	p->adopted_by = tx_text(tx, st, 5);
	p->adopted_on = tx_text(tx, st, 6);
	p->replaces = db_column_int64(st, 7);
	p->created_at = tx_text(tx, st, 8);
	p->replaced_by = db_column_int64(st, 9);
	p->revise_soon = p->replaced_by == 0 && p->last_year <= plan_this_year();
}

static int
coop_goals_load(struct tx *tx, struct coop_plan *p, struct err *e)
{
	struct db_stmt *st = NULL;
	int rc, ng = 0, ns = 0;

	p->goals = arena_alloc(tx->arena, sizeof(*p->goals) * 64);
	p->strategies = arena_alloc(tx->arena, sizeof(*p->strategies) * 64);
	if ((rc = db_prepare(tx->db, SQL_GOALS, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_int64(st, 1, p->id);
	while ((rc = db_step(st, e)) == DB_ROW) {
		struct coop_goal g = {(int)db_column_int64(st, 1), tx_text(tx, st, 2)};

		if (strcmp(db_column_text(st, 0), "goal") == 0 && ng < 64)
			p->goals[ng++] = g;
		else if (ns < 64)
			p->strategies[ns++] = g;
	}
	db_finalize(st);
	p->ngoals = ng;
	p->nstrategies = ns;
	return rc == DB_DONE ? SAMSYN_OK : rc;
}

static int
coop_load(struct tx *tx, int64_t id, struct coop_plan *out, struct err *e)
{
	struct db_stmt *st;
	int rc;

	if ((rc = db_row_by_id(tx->db, SQL_PLAN, id, "Samverkansplanen finns inte.", &st, e)) !=
	    SAMSYN_OK)
		return rc;
	coop_from_row(tx, st, out);
	db_finalize(st);
	return coop_goals_load(tx, out, e);
}

int
coop_plan_get(struct tx *tx, int64_t id, struct coop_plan *out, struct err *e)
{

	bool can;
	int rc;

	if ((rc = steering_require_reader(tx, "coop_plan", id, e)) != SAMSYN_OK ||
	    (rc = coop_load(tx, id, out, e)) != SAMSYN_OK ||
	    (rc = steering_can_edit_plans(tx, &can, e)) != SAMSYN_OK)
		return rc;
	out->can_edit = can && out->replaced_by == 0;
	return SAMSYN_OK;
}

int
coop_plan_list(struct tx *tx, void (*fn)(const struct coop_plan *, void *), void *arg,
	       struct err *e)
{
	struct db_stmt *st = NULL;
	struct coop_plan *ps = NULL;
	size_t n = 0, cap = 0;
	bool can;
	int rc;

	if ((rc = steering_require_reader(tx, "coop_plan", 0, e)) != SAMSYN_OK ||
	    (rc = steering_can_edit_plans(tx, &can, e)) != SAMSYN_OK ||
	    (rc = db_prepare(tx->db, SQL_PLANS, &st, e)) != SAMSYN_OK)
		return rc;
	while ((rc = db_step(st, e)) == DB_ROW) {
		ps = arena_grow(tx->arena, ps, n, &cap, sizeof(*ps));
		coop_from_row(tx, st, &ps[n++]);
	}
	db_finalize(st);
	if (rc != DB_DONE)
		return rc;
	for (size_t i = 0; i < n; i++) {
		if ((rc = coop_goals_load(tx, &ps[i], e)) != SAMSYN_OK)
			return rc;
		ps[i].can_edit = can && ps[i].replaced_by == 0;
		fn(&ps[i], arg);
	}
	return SAMSYN_OK;
}

int
coop_plan_for_year(struct tx *tx, int year, struct coop_plan *out, struct err *e)
{
	struct db_stmt *st = NULL;
	int64_t id = 0;
	int rc;

	if ((rc = db_prepare(tx->db, SQL_PLAN_FOR_YEAR, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_int64(st, 1, year);
	db_bind_int64(st, 2, year);
	if ((rc = db_step(st, e)) == DB_ROW)
		id = db_column_int64(st, 0);
	db_finalize(st);
	if (rc == DB_DONE)
		return err_set(e, SAMSYN_ENOTFOUND, "year",
			       "Det finns ingen gällande samverkansplan för år %d. Lägg in "
			       "samverkansplanen först.",
			       year);
	if (rc != DB_ROW)
		return rc;
	return coop_load(tx, id, out, e);
}

/* Parses "1. text", "1) text", "Mål 1: text" or "text" lines into numbered items.  "Mål "
 * is taken away only before such a number, so that "Mål två" or "Mål 2 Samordning" stay
 * the item's text (numbered by their place). */
static int
coop_parse_lines(struct tx *tx, const char *text, const char *field, struct coop_goal *out,
		 int *n, struct err *e)
{
	const char *noun = strcmp(field, "strategies") == 0 ? "Strategi" : "Mål";

	*n = 0;
	for (const char *p = text ? text : ""; *p;) {
		size_t len = strcspn(p, "\r\n");
		char *line = arena_strndup(tx->arena, p, len), *s = line, *digits, *end;
		long num = 0;

		p += len;
		p += strspn(p, "\r\n");
		s += strspn(s, " \t");
		if (validate_blank(s))
			continue;
		digits = s;
		if (strncmp(s, "Mål ", 5) == 0 || strncmp(s, "mål ", 5) == 0)
			digits = s + 5;
		end = digits;
		if (*digits >= '0' && *digits <= '9')
			num = strtol(digits, &end, 10);
		if (end != digits && (*end == '.' || *end == ')' || *end == ':') && num > 0 &&
		    num < 100) {
			s = end + 1 + strspn(end + 1, " \t");
		} else {
			num = *n + 1;
		}
		if (*n == 64)
			return err_set(e, SAMSYN_EINVAL, field, "Högst 64 rader.");
		for (int i = 0; i < *n; i++)
			if (out[i].number == num)
				return err_set(e, SAMSYN_EINVAL, field,
					       "Nummer %ld förekommer två gånger.", num);
		if (validate_blank(s))
			return err_set(e, SAMSYN_EINVAL, field, "%s %ld saknar text.", noun, num);
		out[(*n)++] = (struct coop_goal){(int)num, s};
	}
	return SAMSYN_OK;
}

/* The fields every version has, checked; for a new plan and a changed one alike. */
static int
coop_check_fields(const struct coop_plan_in *in, struct err *e)
{
	char today[11];
	int rc;

	if ((rc = validate_line(in->title, "title", "Rubriken", 200, e)) ||
	    (rc = validate_text(in->purpose, "purpose", "Syftet", PLAN_TEXT_MAX, true, e)) ||
	    (rc = validate_optional_line(in->adopted_by, "adopted_by", "Vem som antog planen", 200,
					 e)))
		return rc;
	if (in->first_year < 1990 || in->first_year > 2100)
		return err_set(e, SAMSYN_EINVAL, "first_year", "Ange första året, som 2020.");
	if (in->last_year < in->first_year || in->last_year > in->first_year + 10)
		return err_set(e, SAMSYN_EINVAL, "last_year",
			       "Sista året ska ligga mellan första året och tio år senare.");
	if (in->adopted_on && *in->adopted_on && !time_valid_date(in->adopted_on))
		return err_set(e, SAMSYN_EINVAL, "adopted_on", "Ange datumet som ÅÅÅÅ-MM-DD.");
	time_today(today);
	if (in->adopted_on && *in->adopted_on && strcmp(in->adopted_on, today) > 0)
		return err_set(e, SAMSYN_EINVAL, "adopted_on",
			       "Planen kan inte vara antagen ett datum som inte har kommit än.");
	return SAMSYN_OK;
}

static int
coop_check(struct tx *tx, const struct coop_plan_in *in, struct err *e)
{
	struct coop_plan old;
	int rc;

	if ((rc = coop_check_fields(in, e)) != SAMSYN_OK)
		return rc;
	if (in->replaces > 0) {
		if ((rc = coop_load(tx, in->replaces, &old, e)) == SAMSYN_ENOTFOUND)
			return err_set(e, SAMSYN_EINVAL, "replaces", "Välj en plan som finns.");
		if (rc != SAMSYN_OK)
			return rc;
		if (old.replaced_by)
			return err_set(e, SAMSYN_ECONFLICT, "replaces",
				       "Den planen är redan ersatt av en annan.");
	}
	return SAMSYN_OK;
}

static int
coop_insert_items(struct tx *tx, int64_t id, const char *kind, const struct coop_goal *items,
		  int n, struct err *e)
{
	struct db_stmt *st = NULL;
	int rc;

	for (int i = 0; i < n; i++) {
		if ((rc = db_prepare(tx->db, SQL_GOAL_INSERT, &st, e)) != SAMSYN_OK)
			return rc;
		db_bind_int64(st, 1, id);
		db_bind_text(st, 2, kind);
		db_bind_int64(st, 3, items[i].number);
		db_bind_text(st, 4, items[i].text);
		if ((rc = db_run(st, e)) != SAMSYN_OK)
			return rc;
	}
	return SAMSYN_OK;
}

int
plan_can_edit(struct tx *tx, bool *out, struct err *e)
{
	return steering_can_edit_plans(tx, out, e);
}

static int
plan_require_editor(struct tx *tx, const char *record_type, int64_t id, struct err *e)
{
	bool can;
	int rc;

	if ((rc = steering_can_edit_plans(tx, &can, e)) != SAMSYN_OK)
		return rc;
	return can ? SAMSYN_OK : tx_deny(tx, record_type, id, NULL, 0);
}

int
coop_plan_create(struct tx *tx, const struct coop_plan_in *in, struct coop_plan *out,
		 struct err *e)
{
	struct coop_goal goals[64], strategies[64];
	struct db_stmt *st = NULL;
	char now[TIME_ISO_LEN];
	int64_t id = 0;
	int rc, ng, ns;

	if ((rc = plan_require_editor(tx, "coop_plan", 0, e)) != SAMSYN_OK ||
	    (rc = coop_check(tx, in, e)) != SAMSYN_OK ||
	    (rc = validate_text(in->goals, "goals", "Målen", PLAN_TEXT_MAX, true, e)) ||
	    (rc = validate_text(in->strategies, "strategies", "Strategierna", PLAN_TEXT_MAX, false,
				e)) ||
	    (rc = coop_parse_lines(tx, in->goals, "goals", goals, &ng, e)) ||
	    (rc = coop_parse_lines(tx, in->strategies, "strategies", strategies, &ns, e)))
		return rc;
	time_now_iso(now);
	if ((rc = db_prepare(tx->db, SQL_PLAN_INSERT, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_text(st, 1, in->title);
	db_bind_int64(st, 2, in->first_year);
	db_bind_int64(st, 3, in->last_year);
	db_bind_text(st, 4, plan_lf(tx->arena, in->purpose, PLAN_TEXT_MAX));
	db_bind_text(st, 5, validate_blank(in->adopted_by) ? NULL : in->adopted_by);
	db_bind_text(st, 6, in->adopted_on && *in->adopted_on ? in->adopted_on : NULL);
	db_bind_id(st, 7, in->replaces);
	db_bind_text(st, 8, now);
	if ((rc = db_step(st, e)) == DB_ROW) {
		id = db_column_int64(st, 0);
		rc = SAMSYN_OK;
	}
	db_finalize(st);
	if (rc != SAMSYN_OK || (rc = coop_insert_items(tx, id, "goal", goals, ng, e)) ||
	    (rc = coop_insert_items(tx, id, "strategy", strategies, ns, e)) ||
	    (rc = steering_log(tx, "create", "coop_plan", id, false, e)) ||
	    (rc = coop_load(tx, id, out, e)))
		return rc;
	out->can_edit = true;
	return SAMSYN_OK;
}

/* "2", "2 och 4", "2, 3 och 4": numbers as a Swedish list. */
static const char *
coop_number_list(struct tx *tx, const int *nums, int n)
{
	struct buf b;
	const char *out;

	buf_init(&b, 4096);
	for (int i = 0; i < n; i++)
		buf_printf(&b, "%s%d", i == 0 ? "" : i == n - 1 ? " och " : ", ", nums[i]);
	out = arena_strdup(tx->arena, buf_cstr(&b));
	buf_release(&b);
	return out;
}

/* A goal that rows of the plan's activity plans name may not go: SAMSYN_ECONFLICT naming
 * every such number that the new goals leave out. */
static int
coop_check_goals_kept(struct tx *tx, int64_t id, const struct coop_goal *goals, int ng,
		      struct err *e)
{
	struct db_stmt *st = NULL;
	int missing[100], nmissing = 0, rc;

	if ((rc = db_prepare(tx->db, SQL_GOALS_USED, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_int64(st, 1, id);
	while ((rc = db_step(st, e)) == DB_ROW) {
		int goal = (int)db_column_int64(st, 0);
		bool kept = false;

		for (int i = 0; i < ng && !kept; i++)
			kept = goals[i].number == goal;
		if (!kept && nmissing < 100)
			missing[nmissing++] = goal;
	}
	db_finalize(st);
	if (rc != DB_DONE)
		return rc;
	if (nmissing == 1)
		return err_set(e, SAMSYN_ECONFLICT, "goals",
			       "Mål %d används av aktiviteter i aktivitetsplanerna under planen "
			       "och kan inte tas bort.",
			       missing[0]);
	if (nmissing > 1)
		return err_set(e, SAMSYN_ECONFLICT, "goals",
			       "Målen %s används av aktiviteter i aktivitetsplanerna under planen "
			       "och kan inte tas bort.",
			       coop_number_list(tx, missing, nmissing));
	return SAMSYN_OK;
}

/* An activity plan belongs to the cooperation plan whose period holds its year: the
 * period may not leave one out. */
static int
coop_check_years_kept(struct tx *tx, int64_t id, int first_year, int last_year, struct err *e)
{
	struct db_stmt *st = NULL;
	int rc, year = 0;

	if ((rc = db_prepare(tx->db, SQL_YEARS_OUTSIDE, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_int64(st, 1, id);
	db_bind_int64(st, 2, first_year);
	db_bind_int64(st, 3, last_year);
	if ((rc = db_step(st, e)) == DB_ROW)
		year = (int)db_column_int64(st, 0);
	db_finalize(st);
	if (rc == DB_DONE)
		return SAMSYN_OK;
	if (rc != DB_ROW)
		return rc;
	return err_set(e, SAMSYN_ECONFLICT, year < first_year ? "first_year" : "last_year",
		       "Aktivitetsplanen för %d hör till samverkansplanen: perioden måste "
		       "omfatta %d.",
		       year, year);
}

static int
coop_replace_items(struct tx *tx, int64_t id, const char *kind, const struct coop_goal *items,
		   int n, struct err *e)
{
	struct db_stmt *st = NULL;
	int rc;

	if ((rc = db_prepare(tx->db, SQL_GOALS_DELETE, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_int64(st, 1, id);
	db_bind_text(st, 2, kind);
	if ((rc = db_run(st, e)) != SAMSYN_OK)
		return rc;
	return coop_insert_items(tx, id, kind, items, n, e);
}

int
coop_plan_update(struct tx *tx, int64_t id, const struct coop_plan_in *in,
		 struct coop_plan *out, struct err *e)
{
	struct coop_goal goals[64], strategies[64];
	struct coop_plan_in next;
	struct coop_plan cur;
	struct db_stmt *st = NULL;
	int rc, ng = 0, ns = 0;

	if ((rc = plan_require_editor(tx, "coop_plan", id, e)) != SAMSYN_OK ||
	    (rc = coop_load(tx, id, &cur, e)) != SAMSYN_OK)
		return rc;
	if (cur.replaced_by)
		return err_set(e, SAMSYN_ECONFLICT, "id",
			       "Planen är ersatt av en nyare version och ändras inte längre. "
			       "Ändra den plan som gäller.");
	next = (struct coop_plan_in){
		.title = in->has_title ? in->title : cur.title,
		.purpose = in->has_purpose ? in->purpose : cur.purpose,
		.adopted_by = in->has_adopted_by ? in->adopted_by : cur.adopted_by,
		.adopted_on = in->has_adopted_on ? in->adopted_on : cur.adopted_on,
		.first_year = in->has_first_year ? in->first_year : cur.first_year,
		.last_year = in->has_last_year ? in->last_year : cur.last_year,
	};
	if ((rc = coop_check_fields(&next, e)) != SAMSYN_OK)
		return rc;
	if (in->has_goals &&
	    ((rc = validate_text(in->goals, "goals", "Målen", PLAN_TEXT_MAX, true, e)) ||
	     (rc = coop_parse_lines(tx, in->goals, "goals", goals, &ng, e)) ||
	     (rc = coop_check_goals_kept(tx, id, goals, ng, e))))
		return rc;
	if (in->has_strategies &&
	    ((rc = validate_text(in->strategies, "strategies", "Strategierna", PLAN_TEXT_MAX,
				 false, e)) ||
	     (rc = coop_parse_lines(tx, in->strategies, "strategies", strategies, &ns, e))))
		return rc;
	if ((rc = coop_check_years_kept(tx, id, next.first_year, next.last_year, e)) != SAMSYN_OK)
		return rc;
	if ((rc = db_prepare(tx->db, SQL_PLAN_UPDATE, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_text(st, 1, next.title);
	db_bind_int64(st, 2, next.first_year);
	db_bind_int64(st, 3, next.last_year);
	db_bind_text(st, 4, plan_lf(tx->arena, next.purpose, PLAN_TEXT_MAX));
	db_bind_text(st, 5, validate_blank(next.adopted_by) ? NULL : next.adopted_by);
	db_bind_text(st, 6, next.adopted_on && *next.adopted_on ? next.adopted_on : NULL);
	db_bind_int64(st, 7, id);
	if ((rc = db_run(st, e)) != SAMSYN_OK ||
	    (in->has_goals && (rc = coop_replace_items(tx, id, "goal", goals, ng, e))) ||
	    (in->has_strategies &&
	     (rc = coop_replace_items(tx, id, "strategy", strategies, ns, e))) ||
	    (rc = steering_log(tx, "update", "coop_plan", id, false, e)) ||
	    (rc = coop_load(tx, id, out, e)))
		return rc;
	out->can_edit = true;
	return SAMSYN_OK;
}

/* --- activities ------------------------------------------------------------------------ */

bool
activity_parse_when(const char *text, const char **term)
{
	char folded[64], *s = folded;
	size_t len;

	*term = NULL;
	if (text == NULL || validate_blank(text))
		return true;
	if (time_valid_date(text)) {
		*term = (int)strtol(text + 5, NULL, 10) <= 6 ? "vt" : "ht";
		return true;
	}
	if (!collate_fold(text, folded, sizeof(folded)))
		return false;
	s += strspn(s, " \t");
	len = strlen(s);
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '.'))
		s[--len] = '\0';
	/* "vt", "ht" or the words ("vårterminen"), optionally with a year: "vt 2016",
	 * "ht-15", "vt16", "hösttermin 2016". */
	for (size_t i = 0; i < sizeof(term_words) / sizeof(term_words[0]); i++) {
		size_t wl = strlen(term_words[i].word);
		const char *y = s + wl;
		size_t nd;

		if (strncmp(s, term_words[i].word, wl) != 0)
			continue;
		y += strspn(y, " -");
		nd = strspn(y, "0123456789");
		if (y[nd] == '\0' && (nd == 0 || nd == 2 || nd == 4)) {
			*term = term_words[i].term;
			return true;
		}
		return false;
	}
	for (int m = 0; m < 12; m++) {
		size_t ml = strlen(months[m]);
		const char *y = s + ml;

		if (strncmp(s, months[m], ml) != 0)
			continue;
		y += strspn(y, " ");
		if (*y == '\0' || (strspn(y, "0123456789") == 4 && y[4] == '\0')) {
			*term = m < 6 ? "vt" : "ht";
			return true;
		}
	}
	return false;
}

/* "1, 2,3" -> numbers; every one must be a goal of the plan.  Sets *bad to the first
 * number that is not, 0 when the text is malformed. */
static bool
activity_parse_goals(const char *text, const struct coop_plan *cp, int *nums, int *n, int *bad)
{
	const char *p = text ? text : "";

	*n = 0;
	*bad = 0;
	while (*p) {
		char *end;
		long v;
		bool known = false;

		p += strspn(p, " \t");
		v = strtol(p, &end, 10);
		if (end == p || v <= 0 || v > 99 || *n == 16)
			return false;
		for (int i = 0; i < cp->ngoals; i++)
			known |= cp->goals[i].number == v;
		if (!known) {
			*bad = (int)v;
			return false;
		}
		for (int i = 0; i < *n; i++)
			if (nums[i] == v)
				return false;
		nums[(*n)++] = (int)v;
		p = end + strspn(end, " \t");
		if (*p == ',' || *p == ';' || *p == '.')
			p++;
		else if (*p)
			return false;
	}
	return *n > 0;
}

static void
activity_from_row(struct tx *tx, struct db_stmt *st, struct activity *a)
{
	const char *p;

	memset(a, 0, sizeof(*a));
	a->id = db_column_int64(st, 0);
	a->position = (int)db_column_int64(st, 1);
	a->goals = tx_text(tx, st, 2);
	a->description = tx_text(tx, st, 3);
	a->activity = tx_text(tx, st, 4);
	a->responsible = tx_text(tx, st, 5);
	a->when_text = tx_text(tx, st, 6);
	a->term = tx_text(tx, st, 7);
	a->level = tx_text(tx, st, 8);
	a->status = tx_text(tx, st, 9);
	a->followup = tx_text(tx, st, 10);
	a->updated_at = tx_text(tx, st, 11);
	for (p = a->goals; p && *p && a->ngoal_numbers < 16;) {
		a->goal_numbers[a->ngoal_numbers++] = (int)strtol(p, NULL, 10);
		p += strcspn(p, ",");
		p += *p == ',';
	}
}

int
activity_responsible_parts(struct arena *a, const char *text, const char ***out)
{
	const char **parts;
	int n = 0;

	*out = NULL;
	if (text == NULL)
		return 0;
	parts = arena_alloc(a, sizeof(*parts) * (strlen(text) / 2 + 2));
	for (const char *p = text;;) {
		size_t len = strcspn(p, ",;");
		const char *start = p, *end = p + len;

		while (start < end && strchr(" \t\r\n", *start))
			start++;
		while (end > start && strchr(" \t\r\n", end[-1]))
			end--;
		if (end > start)
			parts[n++] = arena_strndup(a, start, (size_t)(end - start));
		if (p[len] == '\0')
			break;
		p += len + 1;
	}
	*out = parts;
	return n;
}

int
activity_unnamed_functions(struct arena *a, const struct activity *act, const char ***out)
{
	const char **parts, **names = arena_alloc(a, sizeof(*names) * (size_t)(act->nfunctions + 1));
	int nparts = activity_responsible_parts(a, act->responsible, &parts), n = 0;

	for (int i = 0; i < act->nfunctions; i++) {
		const char *name = plan_fold(a, act->functions[i].name);
		bool named = false;

		for (int k = 0; k < nparts && name && !named; k++) {
			const char *part = plan_fold(a, parts[k]);

			named = part && strcmp(name, part) == 0;
		}
		if (!named)
			names[n++] = act->functions[i].name;
	}
	*out = names;
	return n;
}

/* The free text matches: as a part of it (case-folded), or as one of its parts whole. */
static bool
activity_matches_text(struct arena *ar, const struct activity *a, const char *needle_text,
		      bool whole)
{
	const char *needle = plan_fold(ar, needle_text), *hay, **parts;
	int n;

	if (a->responsible == NULL || needle == NULL)
		return false;
	if (!whole)
		return (hay = plan_fold(ar, a->responsible)) != NULL && strstr(hay, needle) != NULL;
	n = activity_responsible_parts(ar, a->responsible, &parts);
	for (int i = 0; i < n; i++)
		if ((hay = plan_fold(ar, parts[i])) != NULL && strcmp(hay, needle) == 0)
			return true;
	return false;
}

static bool
activity_matches(struct arena *ar, const struct activity *a, const struct activity_filter *f)
{
	bool goal = f->goal == 0, function = f->responsible_function == 0;

	for (int i = 0; i < a->ngoal_numbers; i++)
		goal |= a->goal_numbers[i] == f->goal;
	for (int i = 0; i < a->nfunctions; i++)
		function |= a->functions[i].id == f->responsible_function;
	if (!goal || !function || (f->status && *f->status && strcmp(a->status, f->status) != 0))
		return false;
	if (f->term && strcmp(f->term, "none") == 0 && a->term != NULL)
		return false;
	if (f->term && *f->term && strcmp(f->term, "none") != 0 &&
	    !(a->term && strcmp(a->term, f->term) == 0))
		return false;
	if (f->responsible && *f->responsible)
		return activity_matches_text(ar, a, f->responsible, f->responsible_whole);
	return true;
}

/* Orders a row's functions by name, in Swedish order (a handful: insertion sort). */
static void
activity_sort_functions(struct plan_function *fs, int n)
{
	for (int i = 1; i < n; i++) {
		struct plan_function x = fs[i];
		int j = i;

		for (; j > 0 && collate_sv(fs[j - 1].name, x.name) > 0; j--)
			fs[j] = fs[j - 1];
		fs[j] = x;
	}
}

/* Gives each row its functions: one query for the plan's rows (plan_id), or for the one
 * row when plan_id is 0. */
static int
activity_functions_load(struct tx *tx, int64_t plan_id, struct activity *rows, int nrows,
			struct err *e)
{
	struct db_stmt *st = NULL;
	struct plan_function *fs = NULL;
	int64_t *owner = NULL;
	size_t n = 0, cap = 0, owner_cap = 0;
	int rc;

	if (nrows == 0)
		return SAMSYN_OK;
	if ((rc = db_prepare(tx->db, plan_id ? SQL_PLAN_FUNCTIONS : SQL_ROW_FUNCTIONS, &st, e)) !=
	    SAMSYN_OK)
		return rc;
	db_bind_int64(st, 1, plan_id ? plan_id : rows[0].id);
	while ((rc = db_step(st, e)) == DB_ROW) {
		fs = arena_grow(tx->arena, fs, n, &cap, sizeof(*fs));
		owner = arena_grow(tx->arena, owner, n, &owner_cap, sizeof(*owner));
		owner[n] = db_column_int64(st, 0);
		fs[n].id = db_column_int64(st, 1);
		fs[n].name = tx_text(tx, st, 2);
		n++;
	}
	db_finalize(st);
	if (rc != DB_DONE)
		return rc;
	for (int i = 0; i < nrows; i++) {
		size_t lo = 0, hi = n;

		/* The first of the row's, in owner order. */
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (owner[mid] < rows[i].id)
				lo = mid + 1;
			else
				hi = mid;
		}
		rows[i].functions = fs ? fs + lo : NULL;
		rows[i].nfunctions = 0;
		while (lo + (size_t)rows[i].nfunctions < n &&
		       owner[lo + (size_t)rows[i].nfunctions] == rows[i].id)
			rows[i].nfunctions++;
		activity_sort_functions(rows[i].functions, rows[i].nfunctions);
	}
	return SAMSYN_OK;
}

static int
aplan_load(struct tx *tx, int year, const struct activity_filter *f, struct activity_plan *out,
	   struct err *e)
{
	struct db_stmt *st = NULL;
	size_t cap = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = db_prepare(tx->db, SQL_APLAN, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_int64(st, 1, year);
	rc = db_step(st, e);
	if (rc == DB_ROW) {
		out->id = db_column_int64(st, 0);
		out->year = (int)db_column_int64(st, 1);
		out->coop_plan_id = db_column_int64(st, 2);
		out->coop_plan_title = tx_text(tx, st, 3);
	}
	db_finalize(st);
	if (rc == DB_DONE)
		return err_set(e, SAMSYN_ENOTFOUND, NULL, "Det finns ingen aktivitetsplan för %d.",
			       year);
	if (rc != DB_ROW || (rc = db_prepare(tx->db, SQL_ROWS, &st, e)) != SAMSYN_OK)
		return rc == DB_ROW ? SAMSYN_OK : rc;
	db_bind_int64(st, 1, out->id);
	while ((rc = db_step(st, e)) == DB_ROW) {
		out->rows = arena_grow(tx->arena, out->rows, (size_t)out->nrows, &cap,
				       sizeof(*out->rows));
		activity_from_row(tx, st, &out->rows[out->nrows++]);
	}
	db_finalize(st);
	if (rc != DB_DONE ||
	    (rc = activity_functions_load(tx, out->id, out->rows, out->nrows, e)) != SAMSYN_OK)
		return rc;
	if (f) {
		int kept = 0;

		for (int i = 0; i < out->nrows; i++)
			if (activity_matches(tx->arena, &out->rows[i], f))
				out->rows[kept++] = out->rows[i];
		out->nrows = kept;
	}
	return steering_can_edit_plans(tx, &out->can_edit, e);
}

int
activity_plan_get(struct tx *tx, int year, const struct activity_filter *f,
		  struct activity_plan *out, struct err *e)
{
	int rc;

	if ((rc = steering_require_reader(tx, "activity_plan", year, e)) != SAMSYN_OK)
		return rc;
	return aplan_load(tx, year, f, out, e);
}

int
activity_plan_list(struct tx *tx, void (*fn)(const struct activity_plan *, void *), void *arg,
		   struct err *e)
{
	struct db_stmt *st = NULL;
	bool can;
	int rc;

	if ((rc = steering_require_reader(tx, "activity_plan", 0, e)) != SAMSYN_OK ||
	    (rc = steering_can_edit_plans(tx, &can, e)) != SAMSYN_OK ||
	    (rc = db_prepare(tx->db, SQL_APLANS, &st, e)) != SAMSYN_OK)
		return rc;
	while ((rc = db_step(st, e)) == DB_ROW) {
		struct activity_plan p = {.id = db_column_int64(st, 0),
					  .year = (int)db_column_int64(st, 1),
					  .coop_plan_id = db_column_int64(st, 2),
					  .coop_plan_title = tx_text(tx, st, 3),
					  .can_edit = can};

		fn(&p, arg);
	}
	db_finalize(st);
	return rc == DB_DONE ? SAMSYN_OK : rc;
}

static int
aplan_insert(struct tx *tx, int year, struct err *e)
{
	struct coop_plan cp;
	struct db_stmt *st = NULL;
	char now[TIME_ISO_LEN];
	int64_t id = 0;
	int rc;

	if (year < 1990 || year > 2100)
		return err_set(e, SAMSYN_EINVAL, "year", "Ange ett år, som 2026.");
	if ((rc = coop_plan_for_year(tx, year, &cp, e)) != SAMSYN_OK)
		return rc;
	time_now_iso(now);
	if ((rc = db_prepare(tx->db, SQL_APLAN_INSERT, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_int64(st, 1, year);
	db_bind_int64(st, 2, cp.id);
	db_bind_text(st, 3, now);
	db_bind_text(st, 4, now);
	if ((rc = db_step(st, e)) == DB_ROW) {
		id = db_column_int64(st, 0);
		rc = SAMSYN_OK;
	}
	db_finalize(st);
	if (rc != SAMSYN_OK)
		return rc;
	return steering_log(tx, "create", "activity_plan", id, false, e);
}

int
activity_plan_create(struct tx *tx, int year, struct activity_plan *out, struct err *e)
{
	struct activity_plan existing;
	struct err ignore;
	int rc;

	if ((rc = plan_require_editor(tx, "activity_plan", 0, e)) != SAMSYN_OK)
		return rc;
	if (aplan_load(tx, year, NULL, &existing, &ignore) == SAMSYN_OK)
		return err_set(e, SAMSYN_ECONFLICT, "year", "Det finns redan en aktivitetsplan för %d.",
			       year);
	if ((rc = aplan_insert(tx, year, e)) != SAMSYN_OK)
		return rc;
	return aplan_load(tx, year, NULL, out, e);
}

/* The values of one activity, checked.  Errors name the field; the importer maps them to
 * columns. */
struct activity_vals {
	char goals[64];
	int nums[16], nnums;
	int64_t fids[ACTIVITY_MAX_FUNCTIONS]; /* the functions responsible */
	int nfids;
	const char *description, *activity, *responsible, *when_text, *term, *level, *status,
		*followup;
};

/* The free texts of an activity with their line breaks made LF (plan_lf), each with its
 * column's limit.  A second pass over the same texts copies nothing: it finds no CR, or a
 * text left as it was for being too long, counted again only up to its limit. */
static void
activity_lf(struct arena *a, struct activity_in *in)
{
	in->description = plan_lf(a, in->description, PLAN_TEXT_MAX);
	in->activity = plan_lf(a, in->activity, PLAN_TEXT_MAX);
	in->responsible = plan_lf(a, in->responsible, ACTIVITY_RESPONSIBLE_MAX);
	in->when_text = plan_lf(a, in->when_text, ACTIVITY_WHEN_MAX);
	in->followup = plan_lf(a, in->followup, PLAN_TEXT_MAX);
}

static int
activity_check(struct arena *a, const struct activity_in *raw, const struct coop_plan *cp,
	       struct activity_vals *v, struct err *e)
{
	struct activity_in lf = *raw, *in = &lf;
	char clip[48];
	int bad, rc;
	size_t len = 0;

	v->nfids = 0;
	activity_lf(a, &lf);

	if (!activity_parse_goals(in->goals, cp, v->nums, &v->nnums, &bad))
		return bad ? err_set(e, SAMSYN_EINVAL, "goals",
				     "Mål %d finns inte i samverkansplanen (%s).", bad, cp->title)
			   : err_set(e, SAMSYN_EINVAL, "goals",
				     "Ange ett eller flera målnummer, som 1 eller 1,2,3.");
	v->goals[0] = '\0';
	for (int i = 0; i < v->nnums; i++)
		len += (size_t)snprintf(v->goals + len, sizeof(v->goals) - len, "%s%d",
					i ? "," : "", v->nums[i] % 100);
	if ((rc = validate_text(in->activity, "activity", "Aktiviteten", PLAN_TEXT_MAX, true, e)) ||
	    (rc = validate_text(in->description, "description", "Beskrivningen", PLAN_TEXT_MAX,
				false, e)) ||
	    (rc = validate_text(in->responsible, "responsible", "Ansvarig",
				ACTIVITY_RESPONSIBLE_MAX, false, e)) ||
	    (rc = validate_text(in->followup, "followup", "Uppföljningen", PLAN_TEXT_MAX, false,
				e)) ||
	    (rc = validate_text(in->when_text, "when_text", "Datum", ACTIVITY_WHEN_MAX, false, e)))
		return rc;
	if (!activity_parse_when(in->when_text, &v->term))
		return err_set(e, SAMSYN_EINVAL, "when_text",
			       "”%s” känns inte igen. Skriv datum som ÅÅÅÅ-MM-DD (t.ex. "
			       "2026-05-20), en månad (t.ex. maj), Vt eller Ht.",
			       plan_clip(clip, in->when_text));
	v->level = NULL;
	if (!validate_blank(in->level) && !(v->level = plan_value_of(activity_levels, in->level)))
		return err_set(e, SAMSYN_EINVAL, "level",
			       "Nivån är främjande, förebyggande eller åtgärdande.");
	v->status = "planned";
	if (!validate_blank(in->status) &&
	    !(v->status = plan_value_of(activity_statuses, in->status)))
		return err_set(e, SAMSYN_EINVAL, "status",
			       "Status är planerad, pågår, klar eller inställd.");
	v->description = validate_blank(in->description) ? NULL : in->description;
	v->activity = in->activity;
	v->responsible = validate_blank(in->responsible) ? NULL : in->responsible;
	v->when_text = validate_blank(in->when_text) ? NULL : in->when_text;
	v->followup = validate_blank(in->followup) ? NULL : in->followup;
	return SAMSYN_OK;
}

static int
activity_set_goals(struct tx *tx, int64_t id, const struct activity_vals *v, struct err *e)
{
	struct db_stmt *st = NULL;
	int rc;

	if ((rc = db_prepare(tx->db, SQL_ROW_GOALS_DELETE, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_int64(st, 1, id);
	if ((rc = db_run(st, e)) != SAMSYN_OK)
		return rc;
	for (int i = 0; i < v->nnums; i++) {
		if ((rc = db_prepare(tx->db, SQL_ROW_GOAL_INSERT, &st, e)) != SAMSYN_OK)
			return rc;
		db_bind_int64(st, 1, id);
		db_bind_int64(st, 2, v->nums[i]);
		if ((rc = db_run(st, e)) != SAMSYN_OK)
			return rc;
	}
	return SAMSYN_OK;
}

static int
activity_set_functions(struct tx *tx, int64_t id, const struct activity_vals *v, struct err *e)
{
	struct db_stmt *st = NULL;
	int rc;

	if ((rc = db_prepare(tx->db, SQL_ROW_FUNCTIONS_DELETE, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_int64(st, 1, id);
	if ((rc = db_run(st, e)) != SAMSYN_OK)
		return rc;
	for (int i = 0; i < v->nfids; i++) {
		if ((rc = db_prepare(tx->db, SQL_ROW_FUNCTION_INSERT, &st, e)) != SAMSYN_OK)
			return rc;
		db_bind_int64(st, 1, id);
		db_bind_int64(st, 2, v->fids[i]);
		if ((rc = db_run(st, e)) != SAMSYN_OK)
			return rc;
	}
	return SAMSYN_OK;
}

/* The functions given for an activity (id 0: a new one): each an active function, or one
 * the activity already has (a function made inactive since stays until it is taken
 * away); none twice. */
static int
activity_check_functions(struct tx *tx, int64_t id, const struct activity_in *in,
			 struct activity_vals *v, struct err *e)
{
	struct db_stmt *st = NULL;
	int rc;

	v->nfids = 0;
	if (in->nfunction_ids > ACTIVITY_MAX_FUNCTIONS)
		return err_set(e, SAMSYN_EINVAL, "responsible_function_ids",
			       "Högst %d funktioner kan vara ansvariga för en aktivitet.",
			       ACTIVITY_MAX_FUNCTIONS);
	for (int i = 0; i < in->nfunction_ids; i++) {
		int64_t fid = in->function_ids[i];
		bool active = false, linked = false;

		for (int k = 0; k < v->nfids; k++)
			if (v->fids[k] == fid)
				return err_set(e, SAMSYN_EINVAL, "responsible_function_ids",
					       "Samma funktion står två gånger.");
		if ((rc = db_prepare(tx->db, SQL_FUNCTION_CHOICE, &st, e)) != SAMSYN_OK)
			return rc;
		db_bind_int64(st, 1, id);
		db_bind_int64(st, 2, fid);
		if ((rc = db_step(st, e)) == DB_ROW) {
			active = db_column_int64(st, 1) != 0;
			linked = db_column_int64(st, 2) > 0;
		}
		db_finalize(st);
		if (rc != DB_ROW && rc != DB_DONE)
			return rc;
		if (rc == DB_DONE)
			return err_set(e, SAMSYN_EINVAL, "responsible_function_ids",
				       "Det finns ingen funktion med id %lld.", (long long)fid);
		if (!active && !linked)
			return err_set(e, SAMSYN_EINVAL, "responsible_function_ids",
				       "Funktionen med id %lld är inte längre aktiv och kan inte "
				       "göras ansvarig.",
				       (long long)fid);
		v->fids[v->nfids++] = fid;
	}
	return SAMSYN_OK;
}

static void
activity_bind(struct db_stmt *st, int idx, const struct activity_vals *v, const char *now)
{
	db_bind_text(st, idx++, v->goals);
	db_bind_text(st, idx++, v->description);
	db_bind_text(st, idx++, v->activity);
	db_bind_text(st, idx++, v->responsible);
	db_bind_text(st, idx++, v->when_text);
	db_bind_text(st, idx++, v->term);
	db_bind_text(st, idx++, v->level);
	db_bind_text(st, idx++, v->status);
	db_bind_text(st, idx++, v->followup);
	db_bind_text(st, idx, now);
}

static int
activity_insert(struct tx *tx, int64_t plan_id, const struct activity_vals *v, int64_t *id,
		struct err *e)
{
	struct db_stmt *st = NULL;
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	if ((rc = db_prepare(tx->db, SQL_ROW_INSERT, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_int64(st, 1, plan_id);
	db_bind_int64(st, 2, plan_id);
	activity_bind(st, 3, v, now);
	if ((rc = db_step(st, e)) == DB_ROW) {
		*id = db_column_int64(st, 0);
		rc = SAMSYN_OK;
	}
	db_finalize(st);
	if (rc != SAMSYN_OK || (rc = activity_set_goals(tx, *id, v, e)) != SAMSYN_OK)
		return rc;
	return activity_set_functions(tx, *id, v, e);
}

static int
activity_load(struct tx *tx, int64_t id, struct activity *out, int64_t *plan_id, struct err *e)
{
	struct db_stmt *st;
	int rc;

	if ((rc = db_row_by_id(tx->db, SQL_ROW, id, "Aktiviteten finns inte.", &st, e)) !=
	    SAMSYN_OK)
		return rc;
	activity_from_row(tx, st, out);
	*plan_id = db_column_int64(st, 12);
	db_finalize(st);
	return activity_functions_load(tx, 0, out, 1, e);
}

int
activity_create(struct tx *tx, int year, const struct activity_in *in, struct activity *out,
		struct err *e)
{
	struct activity_plan ap;
	struct activity_vals v;
	struct coop_plan cp;
	int64_t id = 0, plan_id;
	int rc;

	if ((rc = plan_require_editor(tx, "activity", 0, e)) != SAMSYN_OK ||
	    (rc = aplan_load(tx, year, NULL, &ap, e)) != SAMSYN_OK ||
	    (rc = coop_load(tx, ap.coop_plan_id, &cp, e)) != SAMSYN_OK ||
	    (rc = activity_check(tx->arena, in, &cp, &v, e)) != SAMSYN_OK ||
	    (rc = activity_check_functions(tx, 0, in, &v, e)) != SAMSYN_OK ||
	    (rc = activity_insert(tx, ap.id, &v, &id, e)) != SAMSYN_OK ||
	    (rc = steering_log(tx, "create", "activity", id, false, e)) != SAMSYN_OK)
		return rc;
	return activity_load(tx, id, out, &plan_id, e);
}

int
activity_update(struct tx *tx, int64_t id, const struct activity_in *in, struct activity *out,
		struct err *e)
{
	struct activity cur;
	struct activity_in next;
	struct activity_vals v;
	struct db_stmt *st = NULL;
	struct coop_plan cp;
	char now[TIME_ISO_LEN];
	int64_t plan_id, coop_id = 0;
	int rc;

	if ((rc = plan_require_editor(tx, "activity", id, e)) != SAMSYN_OK ||
	    (rc = activity_load(tx, id, &cur, &plan_id, e)) != SAMSYN_OK)
		return rc;
	if ((rc = db_prepare(tx->db, "SELECT coop_plan_id FROM activity_plans WHERE id = ?", &st,
			     e)) != SAMSYN_OK)
		return rc;
	db_bind_int64(st, 1, plan_id);
	if ((rc = db_step(st, e)) == DB_ROW)
		coop_id = db_column_int64(st, 0);
	db_finalize(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? err_set(e, SAMSYN_EINTERNAL, NULL, "Planen saknas.") : rc;
	if ((rc = coop_load(tx, coop_id, &cp, e)) != SAMSYN_OK)
		return rc;
	next = (struct activity_in){
		.goals = in->has_goals ? in->goals : cur.goals,
		.description = in->has_description ? in->description : cur.description,
		.activity = in->has_activity ? in->activity : cur.activity,
		.responsible = in->has_responsible ? in->responsible : cur.responsible,
		.when_text = in->has_when ? in->when_text : cur.when_text,
		.level = in->has_level ? in->level : cur.level,
		.status = in->has_status ? in->status : cur.status,
		.followup = in->has_followup ? in->followup : cur.followup,
	};
	if ((rc = activity_check(tx->arena, &next, &cp, &v, e)) != SAMSYN_OK ||
	    (in->has_functions && (rc = activity_check_functions(tx, id, in, &v, e)) != SAMSYN_OK))
		return rc;
	time_now_iso(now);
	if ((rc = db_prepare(tx->db, SQL_ROW_UPDATE, &st, e)) != SAMSYN_OK)
		return rc;
	activity_bind(st, 1, &v, now);
	db_bind_int64(st, 11, id);
	if ((rc = db_run(st, e)) != SAMSYN_OK || (rc = activity_set_goals(tx, id, &v, e)) ||
	    (in->has_functions && (rc = activity_set_functions(tx, id, &v, e))) ||
	    (rc = steering_log(tx, "update", "activity", id, false, e)))
		return rc;
	return activity_load(tx, id, out, &plan_id, e);
}

int
activity_delete(struct tx *tx, int64_t id, struct err *e)
{
	static const char *const deletes[] = {SQL_ROW_FUNCTIONS_DELETE, SQL_ROW_GOALS_DELETE,
					      SQL_ROW_DELETE};
	struct activity cur;
	struct db_stmt *st = NULL;
	int64_t plan_id;
	int rc;

	if ((rc = plan_require_editor(tx, "activity", id, e)) != SAMSYN_OK ||
	    (rc = activity_load(tx, id, &cur, &plan_id, e)) != SAMSYN_OK)
		return rc;
	for (size_t i = 0; i < sizeof(deletes) / sizeof(deletes[0]); i++) {
		if ((rc = db_prepare(tx->db, deletes[i], &st, e)) != SAMSYN_OK)
			return rc;
		db_bind_int64(st, 1, id);
		if ((rc = db_run(st, e)) != SAMSYN_OK)
			return rc;
	}
	if ((rc = db_prepare(tx->db, SQL_ROWS_MOVE_UP, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_int64(st, 1, plan_id);
	db_bind_int64(st, 2, cur.position);
	if ((rc = db_run(st, e)) != SAMSYN_OK)
		return rc;
	return steering_log(tx, "delete", "activity", id, false, e);
}

/* --- import and export ----------------------------------------------------------------- */

enum { COL_GOALS, COL_DESCRIPTION, COL_ACTIVITY, COL_RESPONSIBLE, COL_WHEN, COL_STATUS,
       COL_FOLLOWUP, COL_LEVEL, NCOLS };

static const struct {
	const char *header; /* as written in the file; matched case-folded */
	const char *field;  /* the field name activity_check reports */
	bool required;
} import_cols[NCOLS] = {
	[COL_GOALS] = {"Mål", "goals", true},
	[COL_DESCRIPTION] = {"Beskrivning", "description", true},
	[COL_ACTIVITY] = {"Aktivitet", "activity", true},
	[COL_RESPONSIBLE] = {"Ansvarig", "responsible", true},
	[COL_WHEN] = {"Datum", "when_text", true},
	[COL_STATUS] = {"Status", "status", false},
	[COL_FOLLOWUP] = {"Uppföljning", "followup", false},
	[COL_LEVEL] = {"Nivå", "level", false},
};

static void
import_add(struct tx *tx, struct import_result *out, int line, int column, const char *msg)
{
	if (out->nerrors >= PLAN_IMPORT_MAX_ERRORS)
		return;
	if (out->errors == NULL)
		out->errors = arena_alloc(tx->arena,
					  sizeof(*out->errors) * PLAN_IMPORT_MAX_ERRORS);
	out->errors[out->nerrors].line = line;
	out->errors[out->nerrors].column = column;
	snprintf(out->errors[out->nerrors].message, sizeof(out->errors[0].message), "%s", msg);
	err_utf8_tail(out->errors[out->nerrors].message);
	out->nerrors++;
}

/* Finds each column in the header row; errors for unknown, repeated or missing ones. */
static void
import_header(struct tx *tx, const struct table_row *h, int *col, struct import_result *out)
{
	char a[128], b[128], clip[48];

	for (int k = 0; k < NCOLS; k++)
		col[k] = -1;
	for (size_t i = 0; i < table_row_width(h); i++) {
		const char *cell = table_cell(h, i);
		int found = -1;

		cell += strspn(cell, " ");
		for (int k = 0; k < NCOLS && collate_fold(cell, a, sizeof(a)); k++) {
			size_t n = strlen(a);

			while (n && a[n - 1] == ' ')
				a[--n] = '\0';
			if (collate_fold(import_cols[k].header, b, sizeof(b)) && strcmp(a, b) == 0)
				found = k;
		}
		if (found < 0 && *cell)
			import_add(tx, out, h->line, (int)i + 1,
				   arena_printf(tx->arena,
						"Okänd kolumn ”%s”. Kolumnerna heter "
						"Mål, Beskrivning, Aktivitet, Ansvarig och Datum, "
						"och kan följas av Status, Uppföljning och Nivå.",
						plan_clip(clip, cell)));
		else if (found >= 0 && col[found] >= 0)
			import_add(tx, out, h->line, (int)i + 1,
				   arena_printf(tx->arena, "Kolumnen %s finns två gånger.",
						import_cols[found].header));
		else if (found >= 0)
			col[found] = (int)i;
	}
	for (int k = 0; k < NCOLS; k++)
		if (import_cols[k].required && col[k] < 0)
			import_add(tx, out, h->line, 0,
				   arena_printf(tx->arena, "Kolumnen %s saknas i rubrikraden.",
						import_cols[k].header));
}

/* A date typed into Excel comes back as its day number (days since 1899-12-30): give it
 * back as YYYY-MM-DD.  Anything else is left as it is. */
static const char *
import_excel_date(struct tx *tx, const char *text)
{
	struct cal_date d = {1899, 12, 30};
	char *out;
	long n;

	if (!text || strlen(text) != 5 || strspn(text, "0123456789") != 5)
		return text;
	n = strtol(text, NULL, 10);
	if (n < 30000 || n > 80000) /* 1982 .. 2119 */
		return text;
	out = arena_alloc(tx->arena, CAL_DATE_LEN);
	cal_format(cal_add_days(d, (int)n), out);
	return out;
}

static const char *
import_cell(const struct table_row *r, const int *col, int k)
{
	return col[k] < 0 ? NULL : table_cell(r, (size_t)col[k]);
}

/* Checks one row, reporting every field that is wrong: after each error the field is
 * replaced by a harmless value and the row checked again. */
static void
import_row(struct tx *tx, const struct table_row *r, const int *col, const struct coop_plan *cp,
	   struct activity_vals *v, struct import_result *out, bool *ok)
{
	struct activity_in in = {
		.goals = import_cell(r, col, COL_GOALS),
		.description = import_cell(r, col, COL_DESCRIPTION),
		.activity = import_cell(r, col, COL_ACTIVITY),
		.responsible = import_cell(r, col, COL_RESPONSIBLE),
		.when_text = import_cell(r, col, COL_WHEN),
		.status = import_cell(r, col, COL_STATUS),
		.followup = import_cell(r, col, COL_FOLLOWUP),
		.level = import_cell(r, col, COL_LEVEL),
	};
	char first_goal[8];
	struct err e;

	*ok = true;
	in.when_text = import_excel_date(tx, in.when_text);
	/* Once for the row, not again for each of its errors below (activity_check then finds
	 * nothing to convert): a row of long texts with many errors would copy them each
	 * time, and the rows of an XLSX file may all point at the same long text. */
	activity_lf(tx->arena, &in);
	snprintf(first_goal, sizeof(first_goal), "%d", cp->ngoals ? cp->goals[0].number : 1);
	for (int tries = 0; tries < NCOLS; tries++) {
		int k;

		err_clear(&e);
		if (activity_check(tx->arena, &in, cp, v, &e) == SAMSYN_OK)
			return;
		*ok = false;
		for (k = 0; k < NCOLS && strcmp(import_cols[k].field, e.field) != 0; k++)
			;
		import_add(tx, out, r->line, k < NCOLS && col[k] >= 0 ? col[k] + 1 : 0,
			   arena_printf(tx->arena, "Rad %d, kolumn %s: %s", r->line,
					k < NCOLS ? import_cols[k].header : "?", e.message));
		switch (k) {
		case COL_GOALS: in.goals = first_goal; break;
		case COL_ACTIVITY: in.activity = "-"; break;
		case COL_DESCRIPTION: in.description = NULL; break;
		case COL_RESPONSIBLE: in.responsible = NULL; break;
		case COL_WHEN: in.when_text = NULL; break;
		case COL_STATUS: in.status = NULL; break;
		case COL_FOLLOWUP: in.followup = NULL; break;
		case COL_LEVEL: in.level = NULL; break;
		default: return;
		}
	}
}

/* The active functions, their names case-folded, for linking an Ansvarig cell's parts. */
struct import_functions {
	int64_t *ids;
	const char **folded;
	size_t n;
};

static int
import_functions_load(struct tx *tx, struct import_functions *fns, struct err *e)
{
	struct db_stmt *st = NULL;
	size_t cap = 0, cap2 = 0;
	int rc;

	memset(fns, 0, sizeof(*fns));
	if ((rc = db_prepare(tx->db, SQL_ACTIVE_FUNCTIONS, &st, e)) != SAMSYN_OK)
		return rc;
	while ((rc = db_step(st, e)) == DB_ROW) {
		const char *folded = plan_fold(tx->arena, db_column_text(st, 1));

		if (folded == NULL)
			continue;
		fns->ids = arena_grow(tx->arena, fns->ids, fns->n, &cap, sizeof(*fns->ids));
		fns->folded = arena_grow(tx->arena, fns->folded, fns->n, &cap2,
					 sizeof(*fns->folded));
		fns->ids[fns->n] = db_column_int64(st, 0);
		fns->folded[fns->n++] = folded;
	}
	db_finalize(st);
	return rc == DB_DONE ? SAMSYN_OK : rc;
}

/* Each part of the row's responsible text that names an active function links it. */
static void
import_link_functions(struct tx *tx, const struct import_functions *fns,
		      struct activity_vals *v)
{
	const char **parts;
	int n = activity_responsible_parts(tx->arena, v->responsible, &parts);

	v->nfids = 0;
	for (int i = 0; i < n && fns->n > 0; i++) {
		const char *folded = plan_fold(tx->arena, parts[i]);

		for (size_t k = 0; folded && k < fns->n; k++) {
			bool seen = false;

			if (strcmp(folded, fns->folded[k]) != 0)
				continue;
			for (int j = 0; j < v->nfids; j++)
				seen |= v->fids[j] == fns->ids[k];
			if (!seen && v->nfids < ACTIVITY_MAX_FUNCTIONS)
				v->fids[v->nfids++] = fns->ids[k];
		}
	}
}

static int
import_clear(struct tx *tx, int64_t plan_id, struct err *e)
{
	struct db_stmt *st = NULL;
	int rc;

	if ((rc = db_prepare(tx->db, SQL_PLAN_FUNCTIONS_DELETE, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_int64(st, 1, plan_id);
	if ((rc = db_run(st, e)) != SAMSYN_OK ||
	    (rc = db_prepare(tx->db, SQL_PLAN_GOALS_DELETE, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_int64(st, 1, plan_id);
	if ((rc = db_run(st, e)) != SAMSYN_OK ||
	    (rc = db_prepare(tx->db, SQL_PLAN_ROWS_DELETE, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_int64(st, 1, plan_id);
	return db_run(st, e);
}

int
activity_import(struct tx *tx, int year, const void *data, size_t n, bool replace,
		struct import_result *out, struct err *e)
{
	struct import_functions fns;
	struct activity_vals *vals;
	struct activity_plan ap;
	struct table_error terr;
	struct coop_plan cp;
	struct table t;
	struct err ignore;
	struct db_stmt *st = NULL;
	char now[TIME_ISO_LEN];
	int col[NCOLS], nvals = 0, rc;
	size_t first = 0, nrows = 0;
	bool have_plan;

	memset(out, 0, sizeof(*out));
	if ((rc = plan_require_editor(tx, "activity_plan", year, e)) != SAMSYN_OK)
		return rc;
	if (n > PLAN_IMPORT_MAX_BYTES)
		return err_set(e, SAMSYN_ETOOBIG, "file", "Filen är för stor.");
	/* Nothing is written before the whole file is checked: a handler may answer an
	 * import error without a rollback. */
	have_plan = aplan_load(tx, year, NULL, &ap, &ignore) == SAMSYN_OK;
	if ((rc = have_plan ? coop_load(tx, ap.coop_plan_id, &cp, e)
			    : coop_plan_for_year(tx, year, &cp, e)) != SAMSYN_OK ||
	    (rc = import_functions_load(tx, &fns, e)) != SAMSYN_OK)
		return rc;
	if ((rc = table_read(data, n, tx->arena, &t, &terr)) != SAMSYN_OK) {
		import_add(tx, out, terr.line, terr.column, terr.message);
		return err_set(e, rc, "file", "%s Inget importerades.", terr.message);
	}
	while (first < t.nrows && table_row_blank(&t.rows[first]))
		first++;
	if (first == t.nrows) {
		import_add(tx, out, 0, 0, "Filen är tom.");
		return err_set(e, SAMSYN_EINVAL, "file", "Filen är tom. Inget importerades.");
	}
	import_header(tx, &t.rows[first], col, out);
	/* The rows that hold something are counted before anything is set aside for them: a
	 * file of a million blank lines costs its pointers, not a million rows of values. */
	for (size_t i = first + 1; i < t.nrows; i++) {
		if (table_row_blank(&t.rows[i]))
			continue;
		if (++nrows == PLAN_MAX_ROWS + 1) {
			import_add(tx, out, t.rows[i].line, 0,
				   arena_printf(tx->arena,
						"Rad %d: filen har fler än " PLAN_MAX_ROWS_TEXT
						" aktiviteter. Högst " PLAN_MAX_ROWS_TEXT " rader "
						"importeras på en gång: dela upp filen.",
						t.rows[i].line));
			return err_set(e, SAMSYN_EINVAL, "file",
				       "Filen har fler än " PLAN_MAX_ROWS_TEXT " aktiviteter. "
				       "Inget importerades.");
		}
	}
	vals = arena_alloc(tx->arena, sizeof(*vals) * (nrows ? nrows : 1));
	for (size_t i = first + 1; i < t.nrows; i++) {
		const struct table_row *r = &t.rows[i];
		size_t width = table_row_width(r), hw = table_row_width(&t.rows[first]);
		bool ok;

		if (table_row_blank(r))
			continue;
		if (width > hw) {
			import_add(tx, out, r->line, (int)hw + 1,
				   arena_printf(tx->arena,
						"Rad %d har %zu celler men rubrikraden har %zu.",
						r->line, width, hw));
			continue;
		}
		if (col[COL_GOALS] < 0 || col[COL_ACTIVITY] < 0)
			break; /* the header is wrong: the rows cannot be read */
		import_row(tx, r, col, &cp, &vals[nvals], out, &ok);
		if (ok)
			import_link_functions(tx, &fns, &vals[nvals++]);
	}
	if (out->nerrors == 0 && nvals == 0)
		import_add(tx, out, t.rows[first].line, 0,
			   "Filen har en rubrikrad men inga aktiviteter.");
	if (out->nerrors > 0)
		return err_set(e, SAMSYN_EINVAL, "file",
			       "Filen har %d fel%s. Inget importerades.", out->nerrors,
			       out->nerrors >= PLAN_IMPORT_MAX_ERRORS ? " eller fler" : "");
	if (!have_plan && ((rc = aplan_insert(tx, year, e)) != SAMSYN_OK ||
			   (rc = aplan_load(tx, year, NULL, &ap, e)) != SAMSYN_OK))
		return rc;
	if (replace && (rc = import_clear(tx, ap.id, e)) != SAMSYN_OK)
		return rc;
	for (int i = 0; i < nvals; i++) {
		int64_t id;

		if ((rc = activity_insert(tx, ap.id, &vals[i], &id, e)) != SAMSYN_OK)
			return rc;
	}
	time_now_iso(now);
	if ((rc = db_prepare(tx->db, SQL_APLAN_TOUCH, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_text(st, 1, now);
	db_bind_int64(st, 2, ap.id);
	if ((rc = db_run(st, e)) != SAMSYN_OK)
		return rc;
	out->imported = nvals;
	return steering_log(tx, "update", "activity_plan", ap.id, false, e);
}

/* The plan as a table with the import's header, for either file format. */
static int
export_table(struct tx *tx, int year, struct table *t, struct err *e)
{
	struct activity_plan ap;
	int rc;

	if ((rc = activity_plan_get(tx, year, NULL, &ap, e)) != SAMSYN_OK)
		return rc;
	t->nrows = (size_t)ap.nrows + 1;
	t->rows = arena_alloc(tx->arena, sizeof(*t->rows) * t->nrows);
	for (size_t i = 0; i < t->nrows; i++) {
		const char **c = arena_alloc(tx->arena, sizeof(*c) * NCOLS);
		const struct activity *a = i ? &ap.rows[i - 1] : NULL;

		for (int k = 0; k < NCOLS; k++)
			c[k] = "";
		if (!a) {
			for (int k = 0; k < NCOLS; k++)
				c[k] = import_cols[k].header;
		} else {
			c[COL_GOALS] = a->goals;
			c[COL_DESCRIPTION] = a->description ? a->description : "";
			c[COL_ACTIVITY] = a->activity;
			c[COL_RESPONSIBLE] = a->responsible ? a->responsible : "";
			c[COL_WHEN] = a->when_text ? a->when_text : "";
			c[COL_STATUS] = activity_status_label(a->status);
			c[COL_FOLLOWUP] = a->followup ? a->followup : "";
			c[COL_LEVEL] = a->level ? activity_level_label(a->level) : "";
		}
		t->rows[i] = (struct table_row){.line = (int)i + 1, .ncells = NCOLS, .cells = c};
	}
	return SAMSYN_OK;
}

int
activity_export_csv(struct tx *tx, int year, struct buf *out, struct err *e)
{
	struct table t;
	int rc;

	if ((rc = export_table(tx, year, &t, e)) != SAMSYN_OK)
		return rc;
	if ((rc = table_write_csv(&t, out)) != SAMSYN_OK)
		return err_set(e, rc, NULL, "Filen blev för stor.");
	return SAMSYN_OK;
}

int
activity_export_xlsx(struct tx *tx, int year, struct buf *out, struct err *e)
{
	struct table t;
	int rc;

	if ((rc = export_table(tx, year, &t, e)) != SAMSYN_OK)
		return rc;
	return table_write_xlsx(&t, arena_printf(tx->arena, "Aktivitetsplan %d", year), out, e);
}
