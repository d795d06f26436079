#include "domain/intake.h"

#include <stdio.h>
#include <string.h>

#include "domain/access.h"
#include "domain/outbox.h"
#include "domain/rules.h"
#include "domain/validate.h"
#include "util/calendar.h"
#include "util/timeutil.h"

#define INTAKE_FEEDBACK_MAX 2000

static const char SQL_INSERT[] =
	"INSERT INTO intakes (report_id, stage, protection_due, decision_due, decision,"
	" decided_at, investigation_id, feedback_due, pending, pending_due)"
	" VALUES (?, 'new', ?, ?, ?, ?, ?, ?, 'protection', ?)";
static const char SQL_GET[] =
	"SELECT i.report_id, i.stage, i.protection_due, i.decision_due, i.protection_at,"
	" i.protection_by, pu.name, i.protection_needed, i.protection_reasoning, i.decision,"
	" i.decided_at, i.decided_by, du.name, i.decision_reasons, i.child_heard,"
	" i.child_not_heard_reason, i.exceptional_reason, i.investigation_id,"
	" i.meeting_offered_at, i.meeting_offered_to, i.guardians_informed_at, i.feedback_due,"
	" f.sent_at, f.outcome, r.received_at, r.child_id, c.protected_identity, r.category,"
	" r.reporter_id"
	" FROM intakes i JOIN reports r ON r.id = i.report_id"
	" JOIN children c ON c.id = r.child_id"
	" LEFT JOIN users pu ON pu.id = i.protection_by"
	" LEFT JOIN users du ON du.id = i.decided_by"
	" LEFT JOIN feedback f ON f.report_id = i.report_id WHERE i.report_id = ?";
static const char SQL_ASSESS[] =
	"UPDATE intakes SET protection_at = ?, protection_by = ?, protection_needed = ?,"
	" protection_reasoning = ? WHERE report_id = ?";
static const char SQL_DECIDE[] =
	"UPDATE intakes SET decision = ?, decided_at = ?, decided_by = ?, decision_reasons = ?,"
	" child_heard = ?, child_not_heard_reason = ?, exceptional_reason = ?,"
	" investigation_id = ?, feedback_due = ? WHERE report_id = ?";
static const char SQL_MEETING[] =
	"UPDATE intakes SET meeting_offered_at = ?, meeting_offered_by = ?,"
	" meeting_offered_to = ? WHERE report_id = ?";
static const char SQL_GUARDIANS[] =
	"UPDATE intakes SET guardians_informed_at = ?, guardians_informed_by = ?"
	" WHERE report_id = ?";
static const char SQL_DUES[] =
	"UPDATE intakes SET protection_due = ?, decision_due = ? WHERE report_id = ?";
static const char SQL_STAGE[] =
	"UPDATE intakes SET stage = ?, pending = ?, pending_due = ? WHERE report_id = ?";
static const char SQL_FEEDBACK[] =
	"INSERT INTO feedback (report_id, outcome, message, sent_at, sent_by)"
	" VALUES (?, ?, ?, ?, ?)";
static const char SQL_INV_INSERT[] =
	"INSERT INTO investigations (child_id, opened_at, opened_by, basis, end_date)"
	" VALUES (?, ?, ?, ?, ?) RETURNING id";
static const char SQL_INV_GET[] =
	"SELECT v.id, v.child_id, v.opened_at, v.opened_by, v.basis, v.end_date, v.closed_at,"
	" c.protected_identity FROM investigations v JOIN children c ON c.id = v.child_id"
	" WHERE v.id = ?";
static const char SQL_INV_OPEN[] =
	"SELECT id FROM investigations WHERE child_id = ? AND closed_at IS NULL ORDER BY id";
static const char SQL_EXTENSIONS[] =
	"SELECT x.id, x.decided_at, x.decided_by, u.name, x.reasons, x.previous_end, x.new_end"
	" FROM investigation_extensions x JOIN users u ON u.id = x.decided_by"
	" WHERE x.investigation_id = ? ORDER BY x.id";
static const char SQL_EXTEND[] =
	"INSERT INTO investigation_extensions (investigation_id, decided_at, decided_by, reasons,"
	" previous_end, new_end) VALUES (?, ?, ?, ?, ?, ?)";
static const char SQL_INV_END[] = "UPDATE investigations SET end_date = ? WHERE id = ?";
static const char SQL_INV_CLOSE[] =
	"UPDATE investigations SET closed_at = ?, closed_by = ? WHERE id = ?";

/* --- days ------------------------------------------------------------------------- */

static void
intake_day_string(struct cal_date d, char out[11])
{
	cal_format(d, out);
}

void
intake_protection_day(const char *received_at, char out[11])
{
	struct cal_date d;
	int hour = 0;

	if (!time_local_day_hour(received_at, out, &hour) || !cal_parse(out, &d)) {
		snprintf(out, 11, "1970-01-01"); /* never for a stored time; keeps out defined */
		return;
	}
	if (hour >= INTAKE_DAY_END_HOUR || !cal_is_working_day(d))
		intake_day_string(cal_next_working_day(d), out);
}

void
intake_due_for(const char *day, const char *today, struct intake_due *out, char moved[11])
{
	struct cal_date d, t, m;

	memset(out, 0, sizeof(*out));
	moved[0] = '\0';
	if (day == NULL || !cal_parse(day, &d) || !cal_parse(today, &t))
		return;
	out->day = day;
	m = cal_deadline(d);
	if (cal_compare(m, d) != 0) {
		intake_day_string(m, moved);
		out->moved_to = moved;
	}
	out->days_left = cal_days_between(t, m);
	out->overdue = out->days_left < 0;
	out->soon = !out->overdue && out->days_left <= INTAKE_SOON_DAYS;
}

/* day plus the rule's length (days or months) in force on day; "" when the rule has
 * none. */
static int
intake_rule_day(struct tx *tx, const char *key, const char *day, char out[11], struct err *e)
{
	struct rule rule;
	struct cal_date d;
	int rc;

	out[0] = '\0';
	if ((rc = rules_for(tx, key, day, &rule, e)) != SAMSYN_OK)
		return rc;
	if (!cal_parse(day, &d))
		return err_set(e, SAMSYN_EINTERNAL, NULL, "Ogiltigt datum.");
	if (rule.months > 0)
		intake_day_string(cal_add_months(d, rule.months), out);
	else if (rule.days > 0)
		intake_day_string(cal_add_days(d, rule.days), out);
	return SAMSYN_OK;
}

/* An event time given by a worker: not before receipt, not in the future. */
static int
intake_event_time(struct tx *tx, const char *at, const char *received_at, const char *field,
		  const char **out, struct err *e)
{
	char now[TIME_ISO_LEN], *t = arena_alloc(tx->arena, TIME_ISO_LEN);

	time_now_iso(now);
	if (validate_blank(at))
		snprintf(t, TIME_ISO_LEN, "%s", now);
	else if (!time_parse_local(at, t))
		return err_set(e, SAMSYN_EINVAL, field, "Ange tiden som ÅÅÅÅ-MM-DD TT:MM.");
	if (strcmp(t, now) > 0)
		return err_set(e, SAMSYN_EINVAL, field, "Tiden kan inte ligga i framtiden.");
	/* People give minutes: the minute the report came in counts as not before it. */
	if (received_at && strcmp(t, received_at) < 0 && strncmp(t, received_at, 16) == 0)
		snprintf(t, TIME_ISO_LEN, "%s", received_at);
	if (received_at && strcmp(t, received_at) < 0)
		return err_set(e, SAMSYN_EINVAL, field,
			       "Tiden kan inte ligga före den tid då anmälan kom in.");
	*out = t;
	return SAMSYN_OK;
}

/* --- investigations ----------------------------------------------------------------- */

static int
intake_new_investigation(struct tx *tx, int64_t child_id, const char *opened_at,
			 int64_t opened_by, const char *basis, int64_t *id, struct err *e)
{
	char day[11], end[11];
	struct db_stmt *st = NULL;
	int rc;

	time_local_day_hour(opened_at, day, NULL);
	if ((rc = intake_rule_day(tx, "investigation", day, end, e)) != SAMSYN_OK)
		return rc;
	if ((rc = db_prepare(tx->db, SQL_INV_INSERT, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_int64(st, 1, child_id);
	db_bind_text(st, 2, opened_at);
	db_bind_id(st, 3, opened_by);
	db_bind_text(st, 4, basis);
	db_bind_text(st, 5, end);
	if ((rc = db_step(st, e)) == DB_ROW) {
		*id = db_column_int64(st, 0);
		rc = SAMSYN_OK;
	}
	db_finalize(st);
	return rc;
}

static int
intake_open_investigation_of(struct tx *tx, int64_t child_id, int64_t *id, struct err *e)
{
	struct db_stmt *st = NULL;
	int rc;

	*id = 0;
	if ((rc = db_prepare(tx->db, SQL_INV_OPEN, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_int64(st, 1, child_id);
	if ((rc = db_step(st, e)) == DB_ROW)
		*id = db_column_int64(st, 0);
	db_finalize(st);
	return rc == DB_ROW || rc == DB_DONE ? SAMSYN_OK : rc;
}

/* --- the intake record ---------------------------------------------------------------- */

struct intake_row {
	struct intake in;
	const char *protection_due, *decision_due, *feedback_due;
	const char *received_at;
	int64_t child_id, reporter_id;
	bool protected_identity;
	const char *category;
};

static void
intake_from_row(struct tx *tx, struct db_stmt *st, struct intake_row *row)
{
	struct intake *in = &row->in;

	memset(row, 0, sizeof(*row));
	in->report_id = db_column_int64(st, 0);
	in->stage = tx_text(tx, st, 1);
	row->protection_due = tx_text(tx, st, 2);
	row->decision_due = tx_text(tx, st, 3);
	in->protection_at = tx_text(tx, st, 4);
	in->protection_by = db_column_int64(st, 5);
	in->protection_by_name = tx_text(tx, st, 6);
	in->protection_needed = db_column_null(st, 7) ? -1 : (int)db_column_int64(st, 7);
	in->protection_reasoning = tx_text(tx, st, 8);
	in->decision = tx_text(tx, st, 9);
	in->decided_at = tx_text(tx, st, 10);
	in->decided_by = db_column_int64(st, 11);
	in->decided_by_name = tx_text(tx, st, 12);
	in->decision_reasons = tx_text(tx, st, 13);
	in->child_heard = db_column_null(st, 14) ? -1 : (int)db_column_int64(st, 14);
	in->child_not_heard_reason = tx_text(tx, st, 15);
	in->exceptional_reason = tx_text(tx, st, 16);
	in->investigation_id = db_column_int64(st, 17);
	in->meeting_offered_at = tx_text(tx, st, 18);
	in->meeting_offered_to = tx_text(tx, st, 19);
	in->guardians_informed_at = tx_text(tx, st, 20);
	row->feedback_due = tx_text(tx, st, 21);
	in->feedback_sent_at = tx_text(tx, st, 22);
	in->feedback_outcome = tx_text(tx, st, 23);
	row->received_at = tx_text(tx, st, 24);
	row->child_id = db_column_int64(st, 25);
	row->protected_identity = db_column_int64(st, 26) == 1;
	row->category = tx_text(tx, st, 27);
	row->reporter_id = db_column_int64(st, 28);
	in->by_violence_rule = in->decision && in->decided_by == 0;
}

/* Loads the record (intake staff only) and fills the shown due days and rule facts. */
static int
intake_load(struct tx *tx, int64_t report_id, struct intake_row *row, struct err *e)
{
	struct db_stmt *st;
	char today[11], day[11];
	struct rule rule;
	int rc;

	if ((rc = access_require_intake(tx, "intake", report_id, e)) != SAMSYN_OK ||
	    (rc = db_row_by_id(tx->db, SQL_GET, report_id,
			       "Anmälan finns inte eller är inte skickad än.", &st, e)))
		return rc;
	intake_from_row(tx, st, row);
	db_finalize(st);
	time_today(today);
	time_local_day_hour(row->received_at, day, NULL);
	row->in.act = rules_act_on(day);
	if (!row->in.protection_at)
		intake_due_for(row->protection_due, today, &row->in.protection_due,
			       arena_alloc(tx->arena, 11));
	if (!row->in.decision)
		intake_due_for(row->decision_due, today, &row->in.decision_due,
			       arena_alloc(tx->arena, 11));
	if (!row->in.feedback_sent_at)
		intake_due_for(row->feedback_due, today, &row->in.feedback_due,
			       arena_alloc(tx->arena, 11));
	if (row->in.by_violence_rule) {
		if ((rc = rules_for(tx, "violence", day, &rule, e)) != SAMSYN_OK)
			return rc;
		row->in.violence_rule_source = rule.source;
	}
	return SAMSYN_OK;
}

/* Sets stage and the pending step from what is recorded. */
static int
intake_restage(struct tx *tx, int64_t report_id, struct err *e)
{
	struct intake_row row;
	struct db_stmt *st = NULL;
	const char *stage, *pending = NULL, *due = NULL;
	int rc;

	if ((rc = intake_load(tx, report_id, &row, e)) != SAMSYN_OK)
		return rc;
	stage = !row.in.protection_at ? "new" : !row.in.decision ? "assessed" : "decided";
	if (!row.in.protection_at) {
		pending = "protection";
		due = row.protection_due;
	} else if (!row.in.decision) {
		pending = "decision";
		due = row.decision_due;
	} else if (!row.in.feedback_sent_at && row.feedback_due) {
		pending = "feedback";
		due = row.feedback_due;
	}
	if ((rc = db_prepare(tx->db, SQL_STAGE, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_text(st, 1, stage);
	db_bind_text(st, 2, pending);
	db_bind_text(st, 3, due);
	db_bind_int64(st, 4, report_id);
	return db_run(st, e);
}

/* The violence rule: an investigation at once, or the child's open one. */
static int
intake_violence(struct tx *tx, int64_t child_id, const char *at, const char **decision,
		int64_t *inv, struct err *e)
{
	int rc;

	if ((rc = intake_open_investigation_of(tx, child_id, inv, e)) != SAMSYN_OK)
		return rc;
	if (*inv > 0) {
		*decision = "ongoing";
		return SAMSYN_OK;
	}
	*decision = "investigate";
	return intake_new_investigation(tx, child_id, at, 0, "violence", inv, e);
}

int
intake_open(struct tx *tx, int64_t report_id, int64_t child_id, const char *received_at,
	    const char *category, struct err *e)
{
	char day[11], protect[11], decide[11], feedback[11];
	const char *decision = NULL;
	struct db_stmt *st = NULL;
	int64_t inv = 0;
	int rc;

	time_local_day_hour(received_at, day, NULL);
	intake_protection_day(received_at, protect);
	feedback[0] = decide[0] = '\0';
	if (report_category_is_violence(category)) {
		if ((rc = intake_violence(tx, child_id, received_at, &decision, &inv, e)) !=
			    SAMSYN_OK ||
		    (rc = intake_rule_day(tx, "feedback", day, feedback, e)) != SAMSYN_OK)
			return rc;
	} else if ((rc = intake_rule_day(tx, "pre_assessment", day, decide, e)) != SAMSYN_OK) {
		return rc;
	}
	if ((rc = db_prepare(tx->db, SQL_INSERT, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_int64(st, 1, report_id);
	db_bind_text(st, 2, protect);
	db_bind_text(st, 3, *decide ? decide : NULL);
	db_bind_text(st, 4, decision);
	db_bind_text(st, 5, decision ? received_at : NULL);
	db_bind_id(st, 6, inv);
	db_bind_text(st, 7, *feedback ? feedback : NULL);
	db_bind_text(st, 8, protect);
	return db_run(st, e);
}

int
intake_get(struct tx *tx, int64_t report_id, struct intake *out, struct err *e)
{
	struct intake_row row;
	int rc;

	if ((rc = intake_load(tx, report_id, &row, e)) != SAMSYN_OK)
		return rc;
	*out = row.in;
	return access_log_child(tx, "read", row.child_id, row.protected_identity, "intake",
				report_id, e);
}

/* After a write: the stage follows, the write is logged, out is read back. */
static int
intake_written(struct tx *tx, const struct intake_row *row, const char *record_type,
	       struct intake *out, struct err *e)
{
	int rc;

	if ((rc = intake_restage(tx, row->in.report_id, e)) != SAMSYN_OK ||
	    (rc = access_log_child(tx, "update", row->child_id, row->protected_identity,
				   record_type, row->in.report_id, e)) != SAMSYN_OK)
		return rc;
	return intake_get(tx, row->in.report_id, out, e);
}

int
intake_assess(struct tx *tx, int64_t report_id, const struct intake_protection_in *in,
	      struct intake *out, struct err *e)
{
	struct intake_row row;
	struct db_stmt *st = NULL;
	const char *at;
	int rc;

	if ((rc = intake_load(tx, report_id, &row, e)) != SAMSYN_OK)
		return rc;
	if (row.in.protection_at)
		return err_set(e, SAMSYN_ECONFLICT, NULL, "Skyddsbedömningen är redan gjord.");
	if ((rc = intake_event_time(tx, in->at, row.received_at, "at", &at, e)) != SAMSYN_OK)
		return rc;
	if (!in->has_needed)
		return err_set(e, SAMSYN_EINVAL, "needed",
			       "Ange om barnet behöver skydd omedelbart.");
	if ((rc = validate_text(in->reasoning, "reasoning", "Motiveringen", INTAKE_TEXT_MAX,
				true, e)) != SAMSYN_OK)
		return rc;
	if ((rc = db_prepare(tx->db, SQL_ASSESS, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_text(st, 1, at);
	db_bind_int64(st, 2, tx->actor.user_id);
	db_bind_int64(st, 3, in->needed ? 1 : 0);
	db_bind_text(st, 4, in->reasoning);
	db_bind_int64(st, 5, report_id);
	if ((rc = db_run(st, e)) != SAMSYN_OK)
		return rc;
	return intake_written(tx, &row, "protection_assessment", out, e);
}

static int
intake_check_decision(struct tx *tx, const struct intake_row *row,
		      const struct intake_decision_in *in, const char *at, struct err *e)
{
	struct investigation inv;
	char day[11], limit[11];
	int rc;

	if (!in->decision || (strcmp(in->decision, "investigate") != 0 &&
			      strcmp(in->decision, "not_investigate") != 0 &&
			      strcmp(in->decision, "ongoing") != 0))
		return err_set(e, SAMSYN_EINVAL, "decision", "Välj ett beslut.");
	if ((rc = validate_text(in->reasons, "reasons", "Skälen", INTAKE_TEXT_MAX,
				strcmp(in->decision, "not_investigate") == 0, e)) != SAMSYN_OK)
		return rc;
	if (strcmp(in->decision, "not_investigate") == 0) {
		if (!in->has_child_heard)
			return err_set(e, SAMSYN_EINVAL, "child_heard",
				       "Ange om barnet har fått komma till tals.");
		if (!in->child_heard &&
		    (rc = validate_text(in->child_not_heard_reason, "child_not_heard_reason",
					"Skälet till att barnet inte har hörts", INTAKE_TEXT_MAX,
					true, e)) != SAMSYN_OK)
			return rc;
	}
	if (strcmp(in->decision, "ongoing") == 0) {
		if (in->investigation_id <= 0)
			return err_set(e, SAMSYN_EINVAL, "investigation_id",
				       "Välj den pågående utredningen.");
		rc = investigation_get(tx, in->investigation_id, &inv, e);
		if (rc == SAMSYN_ENOTFOUND || (rc == SAMSYN_OK && (inv.child_id != row->child_id ||
								   inv.closed_at)))
			return err_set(e, SAMSYN_EINVAL, "investigation_id",
				       "Välj en pågående utredning om samma barn.");
		if (rc != SAMSYN_OK)
			return rc;
	}
	/* Past the due day (moved to the next working day when it is not one), only with an
	 * exceptional reason. */
	time_local_day_hour(at, day, NULL);
	intake_due_for(row->decision_due, day, &(struct intake_due){0}, limit);
	if (!*limit && row->decision_due)
		snprintf(limit, sizeof(limit), "%s", row->decision_due);
	if (*limit && strcmp(day, limit) > 0)
		return validate_text(in->exceptional_reason, "exceptional_reason",
				     "Synnerliga skäl för att beslutet fattas efter fristen",
				     INTAKE_TEXT_MAX, true, e);
	return validate_text(in->exceptional_reason, "exceptional_reason", "Synnerliga skäl",
			     INTAKE_TEXT_MAX, false, e);
}

int
intake_decide(struct tx *tx, int64_t report_id, const struct intake_decision_in *in,
	      struct intake *out, struct err *e)
{
	struct intake_row row;
	struct db_stmt *st = NULL;
	char day[11], feedback[11];
	const char *at;
	int64_t inv = in->investigation_id;
	bool not_inv;
	int rc;

	if ((rc = intake_load(tx, report_id, &row, e)) != SAMSYN_OK)
		return rc;
	if (row.in.decision)
		return err_set(e, SAMSYN_ECONFLICT, NULL,
			       "Beslutet är redan fattat. Ett beslut kan inte fattas två gånger.");
	if (!row.in.protection_at)
		return err_set(e, SAMSYN_ECONFLICT, NULL, "Gör skyddsbedömningen först.");
	if ((rc = intake_event_time(tx, in->at, row.received_at, "at", &at, e)) != SAMSYN_OK ||
	    (rc = intake_check_decision(tx, &row, in, at, e)) != SAMSYN_OK)
		return rc;
	time_local_day_hour(at, day, NULL);
	if ((rc = intake_rule_day(tx, "feedback", day, feedback, e)) != SAMSYN_OK)
		return rc;
	if (strcmp(in->decision, "investigate") == 0 &&
	    (rc = intake_new_investigation(tx, row.child_id, at, tx->actor.user_id, "decision",
					   &inv, e)) != SAMSYN_OK)
		return rc;
	not_inv = strcmp(in->decision, "not_investigate") == 0;
	if ((rc = db_prepare(tx->db, SQL_DECIDE, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_text(st, 1, in->decision);
	db_bind_text(st, 2, at);
	db_bind_int64(st, 3, tx->actor.user_id);
	db_bind_text(st, 4, validate_blank(in->reasons) ? NULL : in->reasons);
	if (not_inv)
		db_bind_int64(st, 5, in->child_heard ? 1 : 0);
	else
		db_bind_null(st, 5);
	db_bind_text(st, 6, not_inv && !in->child_heard ? in->child_not_heard_reason : NULL);
	db_bind_text(st, 7, validate_blank(in->exceptional_reason) ? NULL : in->exceptional_reason);
	db_bind_id(st, 8, not_inv ? 0 : inv);
	db_bind_text(st, 9, *feedback ? feedback : NULL);
	db_bind_int64(st, 10, report_id);
	if ((rc = db_run(st, e)) != SAMSYN_OK)
		return rc;
	return intake_written(tx, &row, "pre_assessment", out, e);
}

static bool
intake_meeting_to_ok(const char *to)
{
	static const char *const who[] = {"child", "guardian", "reporter"};
	const char *p = to;
	int n = 0;

	while (p && *p) {
		size_t len = strcspn(p, ",");
		bool found = false;

		for (size_t i = 0; i < sizeof(who) / sizeof(who[0]); i++)
			found |= strlen(who[i]) == len && strncmp(p, who[i], len) == 0;
		if (!found)
			return false;
		n++;
		p += len;
		if (*p == ',')
			p++;
	}
	return n > 0;
}

int
intake_offer_meeting(struct tx *tx, int64_t report_id, const char *at, const char *to,
		     struct intake *out, struct err *e)
{
	struct intake_row row;
	struct db_stmt *st = NULL;
	const char *t;
	int rc;

	if ((rc = intake_load(tx, report_id, &row, e)) != SAMSYN_OK)
		return rc;
	if (row.in.meeting_offered_at)
		return err_set(e, SAMSYN_ECONFLICT, NULL, "Erbjudandet om möte är redan registrerat.");
	if ((rc = intake_event_time(tx, at, row.received_at, "at", &t, e)) != SAMSYN_OK)
		return rc;
	if (!intake_meeting_to_ok(to))
		return err_set(e, SAMSYN_EINVAL, "to",
			       "Välj vem som erbjöds möte: barnet, vårdnadshavaren eller anmälaren.");
	if ((rc = db_prepare(tx->db, SQL_MEETING, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_text(st, 1, t);
	db_bind_int64(st, 2, tx->actor.user_id);
	db_bind_text(st, 3, to);
	db_bind_int64(st, 4, report_id);
	if ((rc = db_run(st, e)) != SAMSYN_OK)
		return rc;
	return intake_written(tx, &row, "meeting_offer", out, e);
}

int
intake_guardians_informed(struct tx *tx, int64_t report_id, const char *at, struct intake *out,
			  struct err *e)
{
	struct intake_row row;
	struct db_stmt *st = NULL;
	const char *t;
	int rc;

	if ((rc = intake_load(tx, report_id, &row, e)) != SAMSYN_OK)
		return rc;
	if (row.in.guardians_informed_at)
		return err_set(e, SAMSYN_ECONFLICT, NULL, "Det är redan registrerat.");
	if (!row.in.decision || strcmp(row.in.decision, "investigate") != 0)
		return err_set(e, SAMSYN_ECONFLICT, NULL,
			       "Vårdnadshavarna informeras när en utredning har inletts.");
	if ((rc = intake_event_time(tx, at, row.received_at, "at", &t, e)) != SAMSYN_OK)
		return rc;
	if ((rc = db_prepare(tx->db, SQL_GUARDIANS, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_text(st, 1, t);
	db_bind_int64(st, 2, tx->actor.user_id);
	db_bind_int64(st, 3, report_id);
	if ((rc = db_run(st, e)) != SAMSYN_OK)
		return rc;
	return intake_written(tx, &row, "guardians_informed", out, e);
}

const char *
intake_outcome_of(const char *decision)
{
	if (decision && strcmp(decision, "investigate") == 0)
		return "opened";
	if (decision && strcmp(decision, "not_investigate") == 0)
		return "not_opened";
	return "ongoing";
}

int
intake_send_feedback(struct tx *tx, int64_t report_id, const char *message, struct intake *out,
		     struct err *e)
{
	struct intake_row row;
	struct db_stmt *st = NULL;
	char now[TIME_ISO_LEN];
	const char *outcome;
	int rc;

	if ((rc = intake_load(tx, report_id, &row, e)) != SAMSYN_OK)
		return rc;
	if (row.in.feedback_sent_at)
		return err_set(e, SAMSYN_ECONFLICT, NULL, "Återkopplingen är redan skickad.");
	if (!row.in.decision)
		return err_set(e, SAMSYN_ECONFLICT, NULL,
			       "Återkoppling skickas när beslutet om utredning är fattat.");
	if ((rc = validate_text(message, "message", "Meddelandet", INTAKE_FEEDBACK_MAX, false,
				e)) != SAMSYN_OK)
		return rc;
	outcome = intake_outcome_of(row.in.decision);
	time_now_iso(now);
	if ((rc = db_prepare(tx->db, SQL_FEEDBACK, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_int64(st, 1, report_id);
	db_bind_text(st, 2, outcome);
	db_bind_text(st, 3, validate_blank(message) ? NULL : message);
	db_bind_text(st, 4, now);
	db_bind_int64(st, 5, tx->actor.user_id);
	if ((rc = db_run(st, e)) != SAMSYN_OK ||
	    (rc = outbox_queue(tx, row.reporter_id, "feedback", e)) != SAMSYN_OK)
		return rc;
	return intake_written(tx, &row, "feedback", out, e);
}

static const char *
intake_earliest(const char *a, const char *b)
{
	return !a ? b : !b ? a : strcmp(a, b) < 0 ? a : b;
}

int
intake_check_correction(struct tx *tx, int64_t report_id, const char *received_at,
			bool child_changes, struct err *e)
{
	struct intake_row row;
	const char *first;
	int rc;

	if ((rc = intake_load(tx, report_id, &row, e)) != SAMSYN_OK)
		return rc;
	if (child_changes && row.in.decision)
		return err_set(e, SAMSYN_ECONFLICT, "child_pnr",
			       "Beslutet om utredning är redan fattat om barnet i anmälan. Barnet "
			       "kan inte bytas efter beslutet.");
	first = intake_earliest(row.in.protection_at, row.in.decided_at);
	first = intake_earliest(first, row.in.meeting_offered_at);
	first = intake_earliest(first, row.in.guardians_informed_at);
	if (received_at && first && strcmp(received_at, first) > 0)
		return err_set(e, SAMSYN_EINVAL, "received_at",
			       "Anmälan kan inte ha kommit in efter det som redan är registrerat "
			       "om den (första händelsen %.10s).",
			       first);
	return SAMSYN_OK;
}

int
intake_reconsider(struct tx *tx, int64_t report_id, struct err *e)
{
	struct intake_row row;
	struct db_stmt *st = NULL;
	char day[11], protect[11], decide[11], feedback[11], today[11], now[TIME_ISO_LEN];
	const char *decision;
	int64_t inv;
	int rc;

	if ((rc = intake_load(tx, report_id, &row, e)) != SAMSYN_OK)
		return rc;
	time_local_day_hour(row.received_at, day, NULL);
	intake_protection_day(row.received_at, protect);
	if ((rc = intake_rule_day(tx, "pre_assessment", day, decide, e)) != SAMSYN_OK ||
	    (rc = db_prepare(tx->db, SQL_DUES, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_text(st, 1, protect);
	db_bind_text(st, 2, row.in.decision && row.in.by_violence_rule ? NULL : decide);
	db_bind_int64(st, 3, report_id);
	if ((rc = db_run(st, e)) != SAMSYN_OK)
		return rc;
	if (!row.in.decision && report_category_is_violence(row.category)) {
		/* Opened now, when the violence came to light through the correction. */
		time_now_iso(now);
		time_today(today);
		if ((rc = intake_violence(tx, row.child_id, now, &decision, &inv, e)) !=
			    SAMSYN_OK ||
		    (rc = intake_rule_day(tx, "feedback", today, feedback, e)) != SAMSYN_OK ||
		    (rc = db_prepare(tx->db, SQL_DECIDE, &st, e)) != SAMSYN_OK)
			return rc;
		db_bind_text(st, 1, decision);
		db_bind_text(st, 2, now);
		db_bind_null(st, 3);
		for (int i = 4; i <= 7; i++)
			db_bind_null(st, i);
		db_bind_id(st, 8, inv);
		db_bind_text(st, 9, *feedback ? feedback : NULL);
		db_bind_int64(st, 10, report_id);
		if ((rc = db_run(st, e)) != SAMSYN_OK)
			return rc;
	}
	return intake_restage(tx, report_id, e);
}

/* --- investigations ------------------------------------------------------------------ */

static int
investigation_extensions(struct tx *tx, struct investigation *inv, struct err *e)
{
	struct db_stmt *st = NULL;
	size_t cap = 0;
	int rc;

	inv->extensions = NULL;
	inv->nextensions = 0;
	if ((rc = db_prepare(tx->db, SQL_EXTENSIONS, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_int64(st, 1, inv->id);
	while ((rc = db_step(st, e)) == DB_ROW) {
		struct investigation_extension *x;

		inv->extensions = arena_grow(tx->arena, inv->extensions, (size_t)inv->nextensions,
					     &cap, sizeof(*inv->extensions));
		x = &inv->extensions[inv->nextensions++];
		x->id = db_column_int64(st, 0);
		x->decided_at = tx_text(tx, st, 1);
		x->decided_by = db_column_int64(st, 2);
		x->decided_by_name = tx_text(tx, st, 3);
		x->reasons = tx_text(tx, st, 4);
		x->previous_end = tx_text(tx, st, 5);
		x->new_end = tx_text(tx, st, 6);
	}
	db_finalize(st);
	return rc == DB_DONE ? SAMSYN_OK : rc;
}

static int
investigation_load(struct tx *tx, int64_t id, struct investigation *out, bool *prot,
		   struct err *e)
{
	struct db_stmt *st;
	int rc;

	if ((rc = access_require_intake(tx, "investigation", id, e)) != SAMSYN_OK ||
	    (rc = db_row_by_id(tx->db, SQL_INV_GET, id, "Utredningen finns inte.", &st, e)) !=
		    SAMSYN_OK)
		return rc;
	memset(out, 0, sizeof(*out));
	out->id = db_column_int64(st, 0);
	out->child_id = db_column_int64(st, 1);
	out->opened_at = tx_text(tx, st, 2);
	out->opened_by = db_column_int64(st, 3);
	out->basis = tx_text(tx, st, 4);
	out->end_date = tx_text(tx, st, 5);
	out->closed_at = tx_text(tx, st, 6);
	*prot = db_column_int64(st, 7) == 1;
	db_finalize(st);
	return investigation_extensions(tx, out, e);
}

int
investigation_get(struct tx *tx, int64_t id, struct investigation *out, struct err *e)
{
	bool prot;
	int rc;

	if ((rc = investigation_load(tx, id, out, &prot, e)) != SAMSYN_OK)
		return rc;
	return access_log_child(tx, "read", out->child_id, prot, "investigation", id, e);
}

int
investigation_extend(struct tx *tx, int64_t id, const char *at, const char *reasons,
		     const char *new_end, struct investigation *out, struct err *e)
{
	struct investigation inv;
	struct db_stmt *st = NULL;
	const char *t;
	bool prot;
	int rc;

	if ((rc = investigation_load(tx, id, &inv, &prot, e)) != SAMSYN_OK)
		return rc;
	if (inv.closed_at)
		return err_set(e, SAMSYN_ECONFLICT, NULL, "Utredningen är redan avslutad.");
	if ((rc = intake_event_time(tx, at, inv.opened_at, "at", &t, e)) != SAMSYN_OK ||
	    (rc = validate_text(reasons, "reasons", "Skälen till förlängningen",
				INTAKE_TEXT_MAX, true, e)) != SAMSYN_OK)
		return rc;
	if (!time_valid_date(new_end))
		return err_set(e, SAMSYN_EINVAL, "new_end", "Ange det nya slutdatumet som ÅÅÅÅ-MM-DD.");
	if (strcmp(new_end, inv.end_date) <= 0)
		return err_set(e, SAMSYN_EINVAL, "new_end",
			       "Det nya slutdatumet måste ligga efter det nuvarande (%s).",
			       inv.end_date);
	if ((rc = db_prepare(tx->db, SQL_EXTEND, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_int64(st, 1, id);
	db_bind_text(st, 2, t);
	db_bind_int64(st, 3, tx->actor.user_id);
	db_bind_text(st, 4, reasons);
	db_bind_text(st, 5, inv.end_date);
	db_bind_text(st, 6, new_end);
	if ((rc = db_run(st, e)) != SAMSYN_OK ||
	    (rc = db_prepare(tx->db, SQL_INV_END, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_text(st, 1, new_end);
	db_bind_int64(st, 2, id);
	if ((rc = db_run(st, e)) != SAMSYN_OK ||
	    (rc = access_log_child(tx, "update", inv.child_id, prot, "investigation", id, e)) !=
		    SAMSYN_OK)
		return rc;
	return investigation_get(tx, id, out, e);
}

int
investigation_close(struct tx *tx, int64_t id, const char *at, struct investigation *out,
		    struct err *e)
{
	struct investigation inv;
	struct db_stmt *st = NULL;
	const char *t;
	bool prot;
	int rc;

	if ((rc = investigation_load(tx, id, &inv, &prot, e)) != SAMSYN_OK)
		return rc;
	if (inv.closed_at)
		return err_set(e, SAMSYN_ECONFLICT, NULL, "Utredningen är redan avslutad.");
	if ((rc = intake_event_time(tx, at, inv.opened_at, "at", &t, e)) != SAMSYN_OK ||
	    (rc = db_prepare(tx->db, SQL_INV_CLOSE, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_text(st, 1, t);
	db_bind_int64(st, 2, tx->actor.user_id);
	db_bind_int64(st, 3, id);
	if ((rc = db_run(st, e)) != SAMSYN_OK ||
	    (rc = access_log_child(tx, "update", inv.child_id, prot, "investigation", id, e)) !=
		    SAMSYN_OK)
		return rc;
	return investigation_get(tx, id, out, e);
}

int
investigation_list_open(struct tx *tx, int64_t child_id,
			void (*fn)(const struct investigation *, void *), void *arg,
			struct err *e)
{
	struct db_stmt *st = NULL;
	int64_t ids[64];
	int rc, n = 0;

	if ((rc = access_require_intake(tx, "child", child_id, e)) != SAMSYN_OK ||
	    (rc = db_prepare(tx->db, SQL_INV_OPEN, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_int64(st, 1, child_id);
	while (n < 64 && (rc = db_step(st, e)) == DB_ROW)
		ids[n++] = db_column_int64(st, 0);
	db_finalize(st);
	if (rc != DB_ROW && rc != DB_DONE)
		return rc;
	for (int i = 0; i < n; i++) {
		struct investigation inv;

		if ((rc = investigation_get(tx, ids[i], &inv, e)) != SAMSYN_OK)
			return rc;
		fn(&inv, arg);
	}
	return SAMSYN_OK;
}

/* --- the inbox ------------------------------------------------------------------------ */

/* Each half is ordered and cut to the limit before the two are merged, so a request
 * sorts at most twice the limit, whatever the size of the database. */
#define INBOX_COLUMNS                                                                      \
	"kind, report_id, inv_id, number, received_at, urgency, category, child_id,"       \
	" child_name, birth_date, prot, due"
static const char SQL_INBOX[] =
	"SELECT " INBOX_COLUMNS " FROM (SELECT " INBOX_COLUMNS " FROM ("
	"SELECT i.pending AS kind, r.id AS report_id, 0 AS inv_id, r.number AS number,"
	" r.received_at AS received_at, r.urgency AS urgency, r.category AS category,"
	" c.id AS child_id, c.name AS child_name, c.birth_date AS birth_date,"
	" c.protected_identity AS prot, i.pending_due AS due"
	" FROM intakes i JOIN reports r ON r.id = i.report_id"
	" JOIN children c ON c.id = r.child_id WHERE i.pending IS NOT NULL"
	" ORDER BY CASE WHEN r.urgency = 'acute' THEN 0 ELSE 1 END, i.pending_due,"
	" CASE WHEN r.urgency = 'high' THEN 0 ELSE 1 END, r.id LIMIT ?) p"
	" UNION ALL SELECT " INBOX_COLUMNS " FROM ("
	"SELECT 'investigation' AS kind, 0 AS report_id, v.id AS inv_id, NULL AS number,"
	" v.opened_at AS received_at, 'normal' AS urgency, NULL AS category,"
	" c.id AS child_id, c.name AS child_name, c.birth_date AS birth_date,"
	" c.protected_identity AS prot, v.end_date AS due"
	" FROM investigations v JOIN children c ON c.id = v.child_id"
	" WHERE v.closed_at IS NULL ORDER BY v.end_date, v.id LIMIT ?) v) x"
	" ORDER BY CASE WHEN urgency = 'acute' THEN 0 ELSE 1 END, due,"
	" CASE WHEN urgency = 'high' THEN 0 ELSE 1 END, report_id, inv_id LIMIT ?";
/* The counts need no joins: the pending steps and open investigations carry their dues. */
static const char SQL_INBOX_COUNTS[] =
	"SELECT pending, COUNT(*), SUM(CASE WHEN pending_due < ? THEN 1 ELSE 0 END),"
	" SUM(CASE WHEN pending_due >= ? AND pending_due <= ? THEN 1 ELSE 0 END)"
	" FROM intakes WHERE pending IS NOT NULL GROUP BY pending"
	" UNION ALL SELECT 'investigation', COUNT(*),"
	" SUM(CASE WHEN end_date < ? THEN 1 ELSE 0 END),"
	" SUM(CASE WHEN end_date >= ? AND end_date <= ? THEN 1 ELSE 0 END)"
	" FROM investigations WHERE closed_at IS NULL";

static enum inbox_kind
inbox_kind_of(const char *k)
{
	if (strcmp(k, "protection") == 0)
		return INBOX_PROTECTION;
	if (strcmp(k, "decision") == 0)
		return INBOX_DECISION;
	if (strcmp(k, "feedback") == 0)
		return INBOX_FEEDBACK;
	return INBOX_INVESTIGATION;
}

/* The first day whose due day has not passed today (a last day on a weekend before today
 * moves to today), and the last day that is due within INTAKE_SOON_DAYS. */
static void
inbox_bounds(const char *today, char first[11], char soon[11])
{
	struct cal_date t, d;

	cal_parse(today, &t);
	d = t;
	while (!cal_is_working_day(cal_add_days(d, -1)))
		d = cal_add_days(d, -1);
	cal_format(d, first);
	d = cal_add_days(t, INTAKE_SOON_DAYS);
	while (!cal_is_working_day(d))
		d = cal_add_days(d, -1);
	cal_format(d, soon);
}

static int
inbox_counts(struct tx *tx, const char *today, struct inbox_counts *c, struct err *e)
{
	struct db_stmt *st = NULL;
	char first[11], soon[11];
	int rc;

	memset(c, 0, sizeof(*c));
	inbox_bounds(today, first, soon);
	if ((rc = db_prepare(tx->db, SQL_INBOX_COUNTS, &st, e)) != SAMSYN_OK)
		return rc;
	for (int i = 0; i < 2; i++) {
		db_bind_text(st, 3 * i + 1, first);
		db_bind_text(st, 3 * i + 2, first);
		db_bind_text(st, 3 * i + 3, soon);
	}
	while ((rc = db_step(st, e)) == DB_ROW) {
		int64_t n = db_column_int64(st, 1);

		if (n == 0) /* the investigations' row when none is open */
			continue;

		switch (inbox_kind_of(db_column_text(st, 0))) {
		case INBOX_PROTECTION: c->protection = n; break;
		case INBOX_DECISION: c->decision = n; break;
		case INBOX_FEEDBACK: c->feedback = n; break;
		case INBOX_INVESTIGATION: c->investigations = n; break;
		}
		c->overdue += db_column_int64(st, 2);
		c->soon += db_column_int64(st, 3);
	}
	db_finalize(st);
	return rc == DB_DONE ? SAMSYN_OK : rc;
}

int
intake_inbox(struct tx *tx, int limit, void (*fn)(const struct inbox_line *, void *), void *arg,
	     struct inbox_counts *counts, struct err *e)
{
	struct inbox_line *lines;
	struct db_stmt *st = NULL;
	char today[11];
	int rc, n = 0;
	bool *prot;

	if ((rc = access_require_intake(tx, "intake_inbox", 0, e)) != SAMSYN_OK)
		return rc;
	if (limit < 1 || limit > 1000)
		return err_set(e, SAMSYN_EINVAL, "limit", "Ange ett antal mellan 1 och 1000.");
	time_today(today);
	if ((rc = inbox_counts(tx, today, counts, e)) != SAMSYN_OK ||
	    (rc = db_prepare(tx->db, SQL_INBOX, &st, e)) != SAMSYN_OK)
		return rc;
	lines = arena_alloc(tx->arena, sizeof(*lines) * (size_t)limit);
	prot = arena_alloc(tx->arena, sizeof(*prot) * (size_t)limit);
	db_bind_int64(st, 1, limit);
	db_bind_int64(st, 2, limit);
	db_bind_int64(st, 3, limit);
	while (n < limit && (rc = db_step(st, e)) == DB_ROW) {
		struct inbox_line *l = &lines[n];

		memset(l, 0, sizeof(*l));
		l->kind = inbox_kind_of(db_column_text(st, 0));
		l->report_id = db_column_int64(st, 1);
		l->investigation_id = db_column_int64(st, 2);
		l->number = tx_text(tx, st, 3);
		l->received_at = tx_text(tx, st, 4);
		l->urgency = tx_text(tx, st, 5);
		l->category = tx_text(tx, st, 6);
		l->child_id = db_column_int64(st, 7);
		l->child_name = tx_text(tx, st, 8);
		l->child_age = child_age_on(db_column_text(st, 9), today);
		prot[n] = db_column_int64(st, 10) == 1;
		intake_due_for(tx_text(tx, st, 11), today, &l->due,
			       arena_alloc(tx->arena, 11));
		n++;
	}
	db_finalize(st);
	if (rc != DB_ROW && rc != DB_DONE)
		return rc;
	/* Each child named in the inbox is a person whose data was read. */
	for (int i = 0; i < n; i++)
		if ((rc = access_log_child(tx, "read", lines[i].child_id, prot[i], "intake_inbox",
					   lines[i].report_id ? lines[i].report_id
							      : lines[i].investigation_id,
					   e)) != SAMSYN_OK)
			return rc;
	for (int i = 0; i < n; i++)
		fn(&lines[i], arg);
	return SAMSYN_OK;
}
