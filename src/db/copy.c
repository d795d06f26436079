#include "db/copy.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "db/migrate.h"
#include "util/buf.h"

/* The columns are listed, not "*": a column the program does not know of is not copied
 * by accident, and the order is the same on both back ends.  The first column is the
 * key the rows are read in order of. */
static const struct copy_table {
	const char *name;
	const char *columns;
	/* Reference data that migrations install: the target's rows are replaced by the
	 * source's (which an operator may have edited), not counted as "not empty". */
	bool reference;
} tables[] = {
	{"sectors", "id, name, kind, active", false},
	{"units", "id, name, sector_id, active, intake", false},
	{"functions", "id, name, active", false},
	{"users", "id, name, email, function_id, unit_id, role, password_hash, active, "
		  "created_at, updated_at, protected_access", false},
	{"sessions", "id, token_hash, user_id, csrf_token, created_at, last_seen_at, ended_at",
	 false},
	{"api_tokens", "id, user_id, name, token_hash, created_by, created_at, expires_at, "
		       "revoked_at", false},
	{"access_log", "id, at, user_id, unit_id, action, subject_type, subject_id, record_type, "
		       "record_id, purpose, outcome, channel, prev_hash, hash, flag", false},
	{"legal_rules", "id, rule_key, act, valid_from, valid_to, title, description, source, days, "
			"months, day_kind, confirmed", true},
	{"children", "id, pnr, id_kind, name, name_key, birth_date, protected_identity, address, "
		     "school_unit_id, school_name, created_at, updated_at", false},
	{"guardians", "id, child_id, name, phone, custody", false},
	{"reports", "id, number, status, reporter_id, reporter_unit_id, reporter_phone, client_key, "
		    "version, child_id, received_at, category, urgency, submitted_at, created_at, "
		    "updated_at",
	 false},
	{"report_versions", "id, report_id, version, child_id, child_pnr, child_name, "
			    "child_birth_date, child_school, received_at, category, observed, "
			    "child_words, guardians_know, urgency, reason, made_by, made_at", false},
	{"investigations", "id, child_id, opened_at, opened_by, basis, end_date, closed_at, "
			   "closed_by", false},
	{"investigation_extensions", "id, investigation_id, decided_at, decided_by, reasons, "
				     "previous_end, new_end", false},
	/* Keyed by report_id: one intake per report, and no id of its own. */
	{"intakes", "report_id, stage, protection_due, decision_due, protection_at, protection_by, "
		    "protection_needed, protection_reasoning, decision, decided_at, decided_by, "
		    "decision_reasons, child_heard, child_not_heard_reason, exceptional_reason, "
		    "investigation_id, meeting_offered_at, meeting_offered_by, meeting_offered_to, "
		    "guardians_informed_at, guardians_informed_by, feedback_due, pending, "
		    "pending_due", false},
	{"feedback", "id, report_id, outcome, message, sent_at, sent_by, read_at", false},
	{"mail_outbox", "id, user_id, kind, created_at, sent_at, attempts, last_error", false},
	{"steering_groups", "id, name, kind, level, meetings_per_year, purpose, active, created_at, "
			    "created_by, closed_on", false},
	{"group_members", "id, group_id, user_id, function_id, convener", false},
	{"meetings", "id, group_id, day, title, status, minutes, created_at, updated_at", false},
	{"meeting_items", "id, meeting_id, kind, position, text", false},
	/* Keyed by meeting and user, no id of its own. */
	{"meeting_attendance", "meeting_id, user_id, present", false},
	{"action_items", "id, meeting_id, text, owner_user_id, owner_text, due, done_at, "
			 "created_at", false},
	{"coop_plans", "id, title, first_year, last_year, purpose, adopted_by, adopted_on, "
		       "replaces, created_at", false},
	{"coop_goals", "id, plan_id, kind, number, text", false},
	{"activity_plans", "id, year, coop_plan_id, created_at, updated_at", false},
	{"activities", "id, plan_id, position, goals, description, activity, responsible, "
		       "when_text, term, level, status, followup, updated_at", false},
	{"activity_goals", "activity_id, goal", false},
	{"activity_functions", "activity_id, function_id", false},
	{"routines", "id, title, scope, owner_function_id, body, links, last_reviewed, "
		     "next_review, active, created_at, updated_at", false},
	{"deviations", "id, routine_id, filed_by, filed_at, description, status, analysis, "
		       "action, closed_at, updated_at", false},
	{"routine_reviews", "id, routine_id, reviewed_on, due_on, next_review, reviewed_by, "
			    "recorded_at", false},
};

#define NTABLES (sizeof(tables) / sizeof(tables[0]))

const char *const copy_tables[] = {"sectors", "units", "functions", "users", "sessions",
				   "api_tokens", "access_log", "legal_rules", "children",
				   "guardians", "reports", "report_versions", "investigations",
				   "investigation_extensions", "intakes", "feedback",
				   "mail_outbox", "steering_groups", "group_members",
				   "meetings", "meeting_items", "meeting_attendance",
				   "action_items", "coop_plans", "coop_goals", "activity_plans",
				   "activities", "activity_goals", "activity_functions",
				   "routines", "deviations", "routine_reviews", NULL};

static int copy_table(struct db *from, struct db *to, const struct copy_table *t,
		      int64_t *rows, struct err *e);
static bool copy_has_id(const struct copy_table *t);
static int copy_ncolumns(const struct copy_table *t);

int
copy_database(struct db *from, struct db *to, struct copy_result *out, struct err *e)
{
	int64_t version, n;
	int rc;

	out->rows = out->log_rows = 0;
	if ((rc = migrate_current(from, &version, e)) != SAMSYN_OK)
		return rc;
	if (version != migrate_latest())
		return err_set(e, SAMSYN_ESCHEMA, "from",
			       "Källdatabasen har schemaversion %lld men programmet %lld. Kör samsyn "
			       "migrate på källan först.",
			       (long long)version, (long long)migrate_latest());
	if ((rc = migrate_run(to, NULL, e)) != SAMSYN_OK)
		return rc;
	for (size_t i = 0; i < NTABLES; i++) {
		char sql[96];

		if (tables[i].reference)
			continue;
		snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM %s", tables[i].name);
		if ((rc = db_query_once(to, sql, &n, e)) != SAMSYN_OK)
			return rc;
		if (n > 0)
			return err_set(e, SAMSYN_ECONFLICT, "to",
				       "Måldatabasen är inte tom (tabellen %s har rader). samsyn copy "
				       "skriver bara till en tom databas.",
				       tables[i].name);
	}
	/* A consistent snapshot of the source, and all or nothing on the target. */
	if ((rc = db_begin(from, e)) != SAMSYN_OK)
		return rc;
	if ((rc = db_begin(to, e)) != SAMSYN_OK) {
		db_rollback(from);
		return rc;
	}
	for (size_t i = 0; i < NTABLES && rc == SAMSYN_OK; i++) {
		if (tables[i].reference) {
			char sql[96];

			snprintf(sql, sizeof(sql), "DELETE FROM %s", tables[i].name);
			if ((rc = db_exec(to, sql, e)) != SAMSYN_OK)
				break;
		}
		rc = copy_table(from, to, &tables[i], &n, e);
		out->rows += n;
		if (strcmp(tables[i].name, "access_log") == 0)
			out->log_rows = n;
		if (rc == SAMSYN_OK && copy_has_id(&tables[i]))
			rc = db_sync_ids(to, tables[i].name, e);
	}
	if (rc == SAMSYN_OK)
		rc = db_commit(to, e);
	else
		db_rollback(to);
	db_rollback(from);
	return rc;
}

static int
copy_table(struct db *from, struct db *to, const struct copy_table *t, int64_t *rows,
	   struct err *e)
{
	struct db_stmt *get = NULL, *put = NULL;
	struct buf select, insert;
	int rc, ncolumns = copy_ncolumns(t);

	*rows = 0;
	buf_init(&select, 4096);
	buf_init(&insert, 4096);
	buf_printf(&select, "SELECT %s FROM %s ORDER BY %.*s", t->columns, t->name,
		   (int)strcspn(t->columns, ","), t->columns);
	buf_printf(&insert, "INSERT INTO %s (%s) VALUES (", t->name, t->columns);
	for (int c = 0; c < ncolumns; c++)
		buf_puts(&insert, c ? ", ?" : "?");
	buf_puts(&insert, ")");
	/* Built from the table list above, never from input; prepared uncached because the
	 * text lives only as long as this call. */
	if ((rc = db_prepare_once(from, buf_cstr(&select), &get, e)) != SAMSYN_OK ||
	    (rc = db_prepare_once(to, buf_cstr(&insert), &put, e)) != SAMSYN_OK)
		goto cleanup;
	while ((rc = db_step(get, e)) == DB_ROW) {
		for (int c = 0; c < ncolumns; c++)
			db_bind_text(put, c + 1, db_column_text(get, c));
		if ((rc = db_step(put, e)) != DB_DONE)
			goto cleanup;
		db_reset(put);
		(*rows)++;
	}
	rc = rc == DB_DONE ? SAMSYN_OK : rc;
cleanup:
	db_finalize(get);
	db_finalize(put);
	buf_release(&select);
	buf_release(&insert);
	return rc;
}

/* Whether the table has a generated id whose sequence must follow the copied rows. */
static bool
copy_has_id(const struct copy_table *t)
{
	return strncmp(t->columns, "id,", 3) == 0;
}

static int
copy_ncolumns(const struct copy_table *t)
{
	int n = 1;

	for (const char *p = t->columns; *p; p++)
		n += *p == ',';
	return n;
}
