#include "domain/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/access.h"
#include "domain/audit.h"
#include "domain/intake.h"
#include "domain/validate.h"
#include "util/timeutil.h"

const char *const report_categories[] = {
	"neglect", "Omsorgssvikt",
	"violence", "Våld mot barnet",
	"witnessed_violence", "Barnet har bevittnat våld",
	"sexual_abuse", "Sexuella övergrepp",
	"own_behaviour", "Barnets eget beteende (till exempel missbruk eller brott)",
	"absence", "Skolfrånvaro",
	"other", "Annat",
	NULL, NULL,
};
const char *const report_urgencies[] = {
	"acute", "Akut – barnet kan behöva skydd i dag",
	"high", "Brådskande",
	"normal", "Normal",
	NULL, NULL,
};
const char *const report_guardians_know[] = {
	"yes", "Ja", "no", "Nej", "unknown", "Vet inte", NULL, NULL,
};

static const char SQL_REPORT[] =
	"SELECT r.id, r.number, r.status, r.reporter_id, u.name, u.email, r.reporter_unit_id,"
	" n.name, r.reporter_phone, r.created_at, r.submitted_at, r.version, r.received_at,"
	" i.investigation_id, f.outcome, f.message, f.sent_at, f.read_at, r.child_id"
	" FROM reports r JOIN users u ON u.id = r.reporter_id"
	" LEFT JOIN units n ON n.id = r.reporter_unit_id"
	" LEFT JOIN intakes i ON i.report_id = r.id"
	" LEFT JOIN feedback f ON f.report_id = r.id WHERE r.id = ?";
static const char SQL_VERSION[] =
	"SELECT v.version, v.child_id, v.child_pnr, v.child_name, v.child_birth_date,"
	" v.child_school, v.received_at, v.category, v.observed, v.child_words,"
	" v.guardians_know, v.urgency, v.reason, v.made_by, u.name, v.made_at"
	" FROM report_versions v JOIN users u ON u.id = v.made_by"
	" WHERE v.report_id = ? AND (? = 0 OR v.version = ?) ORDER BY v.version";
static const char SQL_BY_KEY[] = "SELECT id, reporter_id FROM reports WHERE client_key = ?";
static const char SQL_INSERT[] =
	"INSERT INTO reports (status, reporter_id, reporter_unit_id, reporter_phone, client_key,"
	" version, created_at, updated_at) VALUES ('draft', ?, ?, ?, ?, 1, ?, ?) RETURNING id";
static const char SQL_VERSION_INSERT[] =
	"INSERT INTO report_versions (report_id, version, child_id, child_pnr, child_name,"
	" child_birth_date, child_school, received_at, category, observed, child_words,"
	" guardians_know, urgency, reason, made_by, made_at)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_DRAFT_UPDATE[] =
	"UPDATE report_versions SET child_pnr = ?, child_name = ?, child_birth_date = ?,"
	" child_school = ?, category = ?, observed = ?, child_words = ?, guardians_know = ?,"
	" urgency = ?, made_at = ? WHERE report_id = ? AND version = 1";
static const char SQL_DRAFT_PHONE[] =
	"UPDATE reports SET reporter_phone = ?, updated_at = ? WHERE id = ?";
static const char SQL_DELETE_VERSIONS[] = "DELETE FROM report_versions WHERE report_id = ?";
static const char SQL_DELETE[] = "DELETE FROM reports WHERE id = ? AND status = 'draft'";
static const char SQL_SUBMIT_VERSION[] =
	"UPDATE report_versions SET child_id = ?, child_pnr = ?, received_at = ?, made_at = ?"
	" WHERE report_id = ? AND version = 1";
static const char SQL_CURRENT[] =
	"UPDATE reports SET status = 'submitted', number = COALESCE(number, ?), version = ?,"
	" child_id = ?, received_at = ?, category = ?, urgency = ?,"
	" submitted_at = COALESCE(submitted_at, ?), updated_at = ? WHERE id = ?";
static const char SQL_LAST_NUMBER[] =
	"SELECT MAX(number) FROM reports WHERE number >= ? AND number < ?";
static const char SQL_MINE[] =
	"SELECT r.id, r.number, r.status, r.received_at, r.created_at, v.category, v.urgency,"
	" v.child_name, f.outcome, f.read_at FROM reports r"
	" JOIN report_versions v ON v.report_id = r.id AND v.version = 1"
	" LEFT JOIN feedback f ON f.report_id = r.id WHERE r.reporter_id = ?"
	" ORDER BY CASE r.status WHEN 'draft' THEN 0 ELSE 1 END, r.id DESC LIMIT 500";
static const char SQL_FOR_CHILD[] =
	"SELECT r.id, r.number, r.status, r.received_at, r.created_at, r.category, r.urgency,"
	" c.name, f.outcome, f.read_at, c.protected_identity FROM reports r"
	" JOIN children c ON c.id = r.child_id"
	" LEFT JOIN intakes i ON i.report_id = r.id"
	" LEFT JOIN feedback f ON f.report_id = r.id"
	" WHERE r.child_id = ? AND r.status = 'submitted'"
	" AND (r.received_at >= ? OR i.investigation_id IS NOT NULL)"
	" ORDER BY r.received_at DESC, r.id DESC LIMIT 500";
static const char SQL_BY_NUMBER[] = "SELECT id FROM reports WHERE number = ?";
static const char SQL_FEEDBACK_READ[] =
	"UPDATE feedback SET read_at = ? WHERE report_id = ? AND read_at IS NULL";
static const char SQL_PROTECTED[] = "SELECT protected_identity FROM children WHERE id = ?";

static const char *
report_label(const char *const *pairs, const char *v)
{
	for (int i = 0; v && pairs[i]; i += 2)
		if (strcmp(pairs[i], v) == 0)
			return pairs[i + 1];
	return NULL;
}

const char *
report_category_label(const char *v)
{
	return report_label(report_categories, v);
}

const char *
report_urgency_label(const char *v)
{
	return report_label(report_urgencies, v);
}

const char *
report_guardians_know_label(const char *v)
{
	return report_label(report_guardians_know, v);
}

const char *
report_feedback_label(const char *outcome)
{
	if (outcome == NULL)
		return "–";
	if (strcmp(outcome, "opened") == 0)
		return "Socialtjänsten har inlett en utredning.";
	if (strcmp(outcome, "not_opened") == 0)
		return "Socialtjänsten har beslutat att inte inleda en utredning.";
	if (strcmp(outcome, "ongoing") == 0)
		return "En utredning om barnet pågår redan.";
	return outcome;
}

bool
report_category_is_violence(const char *c)
{
	return c && (strcmp(c, "violence") == 0 || strcmp(c, "witnessed_violence") == 0 ||
		     strcmp(c, "sexual_abuse") == 0);
}

/* NULL for an empty or blank value: drafts store what was given. */
static const char *
report_given(const char *s)
{
	return validate_blank(s) ? NULL : s;
}

/* Field checks that hold for drafts too: lengths, characters, enumerations. */
static int
report_check_shape(const struct report_in *in, struct err *e)
{
	int rc;

	if ((rc = validate_optional_line(in->child.pnr, "child_pnr", "Personnumret", 20, e)) ||
	    (rc = validate_optional_line(in->child.name, "child_name", "Barnets namn",
					 CHILD_NAME_MAX, e)) ||
	    (rc = validate_optional_line(in->child.birth_date, "child_birth_date",
					 "Födelsedatumet", 10, e)) ||
	    (rc = validate_optional_line(in->child.school_name, "child_school", "Skolan",
					 CHILD_SCHOOL_MAX, e)) ||
	    (rc = validate_text(in->observed, "observed", "Vad du har sett eller hört",
				REPORT_TEXT_MAX, false, e)) ||
	    (rc = validate_text(in->child_words, "child_words", "Barnets egna ord",
				REPORT_TEXT_MAX, false, e)) ||
	    (rc = validate_optional_line(in->reporter_phone, "reporter_phone", "Telefonnumret",
					 REPORT_PHONE_MAX, e)) ||
	    (rc = validate_optional_line(in->client_key, "client_key", "Formulärnyckeln",
					 REPORT_KEY_MAX, e)))
		return rc;
	if (report_given(in->category) && !report_category_label(in->category))
		return err_set(e, SAMSYN_EINVAL, "category", "Välj vad oron gäller.");
	if (report_given(in->urgency) && !report_urgency_label(in->urgency))
		return err_set(e, SAMSYN_EINVAL, "urgency", "Välj hur brådskande det är.");
	if (report_given(in->guardians_know) && !report_guardians_know_label(in->guardians_know))
		return err_set(e, SAMSYN_EINVAL, "guardians_know",
			       "Välj om vårdnadshavarna känner till oron.");
	return SAMSYN_OK;
}

/* What a submission needs besides the shape: every required field. */
static int
report_check_complete(const struct report_version *v, const char *today, struct err *e)
{
	struct child_in child = {.pnr = v->child_pnr, .name = v->child_name,
				 .birth_date = v->child_birth_date,
				 .school_name = v->child_school};
	char pnr[13], birth[11];
	const char *kind;
	int rc;

	if ((rc = child_check(&child, today, pnr, birth, &kind, e)) != SAMSYN_OK)
		return rc;
	if (!report_category_label(v->category))
		return err_set(e, SAMSYN_EINVAL, "category", "Välj vad oron gäller.");
	if ((rc = validate_text(v->observed, "observed", "Vad du har sett eller hört",
				REPORT_TEXT_MAX, true, e)) != SAMSYN_OK)
		return rc;
	if (!report_guardians_know_label(v->guardians_know))
		return err_set(e, SAMSYN_EINVAL, "guardians_know",
			       "Välj om vårdnadshavarna känner till oron.");
	if (!report_urgency_label(v->urgency))
		return err_set(e, SAMSYN_EINVAL, "urgency", "Välj hur brådskande det är.");
	return SAMSYN_OK;
}

static void
report_version_from(struct tx *tx, struct db_stmt *st, struct report_version *v)
{
	v->version = (int)db_column_int64(st, 0);
	v->child_id = db_column_int64(st, 1);
	v->child_pnr = tx_text(tx, st, 2);
	v->child_name = tx_text(tx, st, 3);
	v->child_birth_date = tx_text(tx, st, 4);
	v->child_school = tx_text(tx, st, 5);
	v->received_at = tx_text(tx, st, 6);
	v->category = tx_text(tx, st, 7);
	v->observed = tx_text(tx, st, 8);
	v->child_words = tx_text(tx, st, 9);
	v->guardians_know = tx_text(tx, st, 10);
	v->urgency = tx_text(tx, st, 11);
	v->reason = tx_text(tx, st, 12);
	v->made_by = db_column_int64(st, 13);
	v->made_by_name = tx_text(tx, st, 14);
	v->made_at = tx_text(tx, st, 15);
}

/* Calls fn for version `version` (0: every version, oldest first). */
static int
report_each_version(struct tx *tx, int64_t id, int version,
		    void (*fn)(const struct report_version *, void *), void *arg, struct err *e)
{
	struct db_stmt *st = NULL;
	int rc;

	if ((rc = db_prepare(tx->db, SQL_VERSION, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_int64(st, 1, id);
	db_bind_int64(st, 2, version);
	db_bind_int64(st, 3, version);
	while ((rc = db_step(st, e)) == DB_ROW) {
		struct report_version v;

		report_version_from(tx, st, &v);
		fn(&v, arg);
	}
	db_finalize(st);
	return rc == DB_DONE ? SAMSYN_OK : rc;
}

static void
report_keep_version(const struct report_version *v, void *arg)
{
	*(struct report_version *)arg = *v;
}

/* The stored report without checks or log rows; cur is filled with `version`. */
static int
report_load(struct tx *tx, int64_t id, int version, struct report *out, int64_t *current,
	    struct err *e)
{
	struct db_stmt *st;
	char from[TIME_ISO_LEN];
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = db_row_by_id(tx->db, SQL_REPORT, id, "Anmälan finns inte.", &st, e)) !=
	    SAMSYN_OK)
		return rc;
	out->id = db_column_int64(st, 0);
	out->number = tx_text(tx, st, 1);
	out->status = tx_text(tx, st, 2);
	out->reporter_id = db_column_int64(st, 3);
	out->reporter_name = tx_text(tx, st, 4);
	out->reporter_email = tx_text(tx, st, 5);
	out->reporter_unit_id = db_column_int64(st, 6);
	out->reporter_unit_name = tx_text(tx, st, 7);
	out->reporter_phone = tx_text(tx, st, 8);
	out->created_at = tx_text(tx, st, 9);
	out->submitted_at = tx_text(tx, st, 10);
	out->nversions = (int)db_column_int64(st, 11);
	*current = out->nversions;
	const char *received = tx_text(tx, st, 12);
	bool investigated = !db_column_null(st, 13);
	out->feedback_outcome = tx_text(tx, st, 14);
	out->feedback_message = tx_text(tx, st, 15);
	out->feedback_sent_at = tx_text(tx, st, 16);
	out->feedback_read_at = tx_text(tx, st, 17);
	out->child.id = 0;
	db_finalize(st);
	if (received && !investigated) {
		if ((rc = access_searchable_from(tx, from, e)) != SAMSYN_OK)
			return rc;
		out->hidden = strcmp(received, from) < 0;
	}
	out->cur.version = 0;
	rc = report_each_version(tx, id, version ? version : (int)*current, report_keep_version,
				 &out->cur, e);
	if (rc == SAMSYN_OK && out->cur.version == 0)
		rc = err_set(e, SAMSYN_EINTERNAL, NULL, "Anmälans innehåll saknas.");
	return rc;
}

static bool
report_is_draft(const struct report *r)
{
	return strcmp(r->status, "draft") == 0;
}

/* Loads a draft of the actor's for a change; others get 403, a submitted one 409. */
static int
report_own_draft(struct tx *tx, int64_t id, struct report *out, struct err *e)
{
	int64_t current;
	int rc;

	if ((rc = report_load(tx, id, 1, out, &current, e)) != SAMSYN_OK) {
		if (rc == SAMSYN_ENOTFOUND)
			tx_deny(tx, "report", id, NULL, 0);
		return rc == SAMSYN_ENOTFOUND ? SAMSYN_EFORBIDDEN : rc;
	}
	if (out->reporter_id != tx->actor.user_id)
		return tx_deny(tx, "report", id, out->cur.child_id ? "child" : NULL,
			       out->cur.child_id);
	if (!report_is_draft(out))
		return err_set(e, SAMSYN_ECONFLICT, NULL,
			       "Anmälan är redan skickad och kan inte ändras av dig. Kontakta "
			       "mottagningen om något behöver rättas.");
	return SAMSYN_OK;
}

static int
report_by_key(struct tx *tx, const char *key, int64_t *id, int64_t *owner, struct err *e)
{
	struct db_stmt *st = NULL;
	int rc;

	*id = 0;
	if ((rc = db_prepare(tx->db, SQL_BY_KEY, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_text(st, 1, key);
	if ((rc = db_step(st, e)) == DB_ROW) {
		*id = db_column_int64(st, 0);
		*owner = db_column_int64(st, 1);
	}
	db_finalize(st);
	return rc == DB_ROW || rc == DB_DONE ? SAMSYN_OK : rc;
}

int
report_create_draft(struct tx *tx, const struct report_in *in, struct report *out, bool *existed,
		    struct err *e)
{
	struct db_stmt *st = NULL;
	char now[TIME_ISO_LEN];
	int64_t id = 0, owner = 0;
	int rc;

	*existed = false;
	if (tx->actor.role != ROLE_STAFF)
		return tx_deny(tx, "report", 0, NULL, 0);
	if ((rc = report_check_shape(in, e)) != SAMSYN_OK)
		return rc;
	if (report_given(in->client_key)) {
		if ((rc = report_by_key(tx, in->client_key, &id, &owner, e)) != SAMSYN_OK)
			return rc;
		if (id > 0 && owner != tx->actor.user_id)
			return err_set(e, SAMSYN_ECONFLICT, "client_key",
				       "Formulärnyckeln används redan. Ladda om formuläret.");
		if (id > 0) {
			*existed = true;
			return report_get(tx, id, out, e);
		}
	}
	time_now_iso(now);
	if ((rc = db_prepare(tx->db, SQL_INSERT, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_int64(st, 1, tx->actor.user_id);
	db_bind_id(st, 2, tx->actor.unit_id);
	db_bind_text(st, 3, report_given(in->reporter_phone));
	db_bind_text(st, 4, report_given(in->client_key));
	db_bind_text(st, 5, now);
	db_bind_text(st, 6, now);
	if ((rc = db_step(st, e)) == DB_ROW) {
		id = db_column_int64(st, 0);
		rc = SAMSYN_OK;
	}
	db_finalize(st);
	if (rc != SAMSYN_OK)
		return rc;
	if ((rc = db_prepare(tx->db, SQL_VERSION_INSERT, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_int64(st, 1, id);
	db_bind_int64(st, 2, 1);
	db_bind_null(st, 3);
	db_bind_text(st, 4, report_given(in->child.pnr));
	db_bind_text(st, 5, report_given(in->child.name));
	db_bind_text(st, 6, report_given(in->child.birth_date));
	db_bind_text(st, 7, report_given(in->child.school_name));
	db_bind_null(st, 8);
	db_bind_text(st, 9, report_given(in->category));
	db_bind_text(st, 10, report_given(in->observed));
	db_bind_text(st, 11, report_given(in->child_words));
	db_bind_text(st, 12, report_given(in->guardians_know));
	db_bind_text(st, 13, report_given(in->urgency));
	db_bind_null(st, 14);
	db_bind_int64(st, 15, tx->actor.user_id);
	db_bind_text(st, 16, now);
	if ((rc = db_run(st, e)) != SAMSYN_OK)
		return rc;
	if ((rc = audit_record(tx, "create", NULL, 0, "report", id, e)) != SAMSYN_OK)
		return rc;
	return report_get(tx, id, out, e);
}

int
report_update_draft(struct tx *tx, int64_t id, const struct report_in *in, struct report *out,
		    struct err *e)
{
	struct db_stmt *st = NULL;
	char now[TIME_ISO_LEN];
	int rc;

	if ((rc = report_own_draft(tx, id, out, e)) != SAMSYN_OK)
		return rc;
	if ((rc = report_check_shape(in, e)) != SAMSYN_OK)
		return rc;
	time_now_iso(now);
	if ((rc = db_prepare(tx->db, SQL_DRAFT_UPDATE, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_text(st, 1, report_given(in->child.pnr));
	db_bind_text(st, 2, report_given(in->child.name));
	db_bind_text(st, 3, report_given(in->child.birth_date));
	db_bind_text(st, 4, report_given(in->child.school_name));
	db_bind_text(st, 5, report_given(in->category));
	db_bind_text(st, 6, report_given(in->observed));
	db_bind_text(st, 7, report_given(in->child_words));
	db_bind_text(st, 8, report_given(in->guardians_know));
	db_bind_text(st, 9, report_given(in->urgency));
	db_bind_text(st, 10, now);
	db_bind_int64(st, 11, id);
	if ((rc = db_run(st, e)) != SAMSYN_OK)
		return rc;
	if ((rc = db_prepare(tx->db, SQL_DRAFT_PHONE, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_text(st, 1, report_given(in->reporter_phone));
	db_bind_text(st, 2, now);
	db_bind_int64(st, 3, id);
	if ((rc = db_run(st, e)) != SAMSYN_OK)
		return rc;
	if ((rc = audit_record(tx, "update", NULL, 0, "report", id, e)) != SAMSYN_OK)
		return rc;
	return report_get(tx, id, out, e);
}

int
report_delete_draft(struct tx *tx, int64_t id, struct err *e)
{
	struct report r;
	struct db_stmt *st = NULL;
	int rc;

	if ((rc = report_own_draft(tx, id, &r, e)) != SAMSYN_OK)
		return rc;
	if ((rc = db_prepare(tx->db, SQL_DELETE_VERSIONS, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_int64(st, 1, id);
	if ((rc = db_run(st, e)) != SAMSYN_OK)
		return rc;
	if ((rc = db_prepare(tx->db, SQL_DELETE, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_int64(st, 1, id);
	if ((rc = db_run(st, e)) != SAMSYN_OK)
		return rc;
	return audit_record(tx, "delete", NULL, 0, "report", id, e);
}

/* The next number in the year of receipt: OA-YYYY-NNNNN. */
static int
report_next_number(struct tx *tx, const char *received_at, char out[32], struct err *e)
{
	char day[11], lo[16], hi[16];
	struct db_stmt *st = NULL;
	long next = 1;
	int rc;

	if (!time_local_day_hour(received_at, day, NULL))
		return err_set(e, SAMSYN_EINTERNAL, NULL, "Tiden då anmälan kom in är ogiltig.");
	snprintf(lo, sizeof(lo), "OA-%.4s-", day);
	snprintf(hi, sizeof(hi), "OA-%.4s.", day);
	if ((rc = db_prepare(tx->db, SQL_LAST_NUMBER, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_text(st, 1, lo);
	db_bind_text(st, 2, hi);
	if ((rc = db_step(st, e)) == DB_ROW) {
		const char *last = db_column_text(st, 0);

		if (last && strlen(last) > 8)
			next = strtol(last + 8, NULL, 10) + 1;
		rc = SAMSYN_OK;
	}
	db_finalize(st);
	snprintf(out, 32, "%s%06lu", lo, (unsigned long)next % 100000000ul);
	return rc;
}

/* Makes the reports row repeat version v (the current one). */
static int
report_set_current(struct tx *tx, int64_t id, const char *number, const struct report_version *v,
		   const char *now, struct err *e)
{
	struct db_stmt *st = NULL;
	int rc;

	if ((rc = db_prepare(tx->db, SQL_CURRENT, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_text(st, 1, number);
	db_bind_int64(st, 2, v->version);
	db_bind_id(st, 3, v->child_id);
	db_bind_text(st, 4, v->received_at);
	db_bind_text(st, 5, v->category);
	db_bind_text(st, 6, v->urgency);
	db_bind_text(st, 7, now);
	db_bind_text(st, 8, now);
	db_bind_int64(st, 9, id);
	return db_run(st, e);
}

int
report_submit(struct tx *tx, int64_t id, struct report *out, struct err *e)
{
	return report_submit_at(tx, id, NULL, out, e);
}

int
report_submit_at(struct tx *tx, int64_t id, const char *received_at, struct report *out,
		 struct err *e)
{
	struct report r;
	struct db_stmt *st = NULL;
	char now[TIME_ISO_LEN], today[11], number[32];
	struct child c;
	int64_t child_id;
	int rc;

	if ((rc = report_own_draft(tx, id, &r, e)) != SAMSYN_OK)
		return rc;
	time_now_iso(now);
	if (received_at)
		snprintf(now, sizeof(now), "%s", received_at);
	time_today(today);
	if ((rc = report_check_complete(&r.cur, today, e)) != SAMSYN_OK)
		return rc;
	struct child_in child = {.pnr = r.cur.child_pnr, .name = r.cur.child_name,
				 .birth_date = r.cur.child_birth_date,
				 .school_name = r.cur.child_school};
	if ((rc = child_resolve(tx, &child, today, &child_id, e)) != SAMSYN_OK ||
	    (rc = child_load(tx, child_id, &c, e)) != SAMSYN_OK ||
	    (rc = report_next_number(tx, now, number, e)) != SAMSYN_OK)
		return rc;
	if ((rc = db_prepare(tx->db, SQL_SUBMIT_VERSION, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_int64(st, 1, child_id);
	db_bind_text(st, 2, c.pnr);
	db_bind_text(st, 3, now);
	db_bind_text(st, 4, now);
	db_bind_int64(st, 5, id);
	if ((rc = db_run(st, e)) != SAMSYN_OK)
		return rc;
	r.cur.child_id = child_id;
	r.cur.received_at = now;
	if ((rc = report_set_current(tx, id, number, &r.cur, now, e)) != SAMSYN_OK ||
	    (rc = access_log_child(tx, "create", child_id, c.protected_identity, "report", id,
				   e)) != SAMSYN_OK ||
	    (rc = intake_open(tx, id, child_id, now, r.cur.category, e)) != SAMSYN_OK)
		return rc;
	return report_get(tx, id, out, e);
}

static int
report_child_protected(struct tx *tx, int64_t child_id, bool *out, struct err *e)
{
	struct db_stmt *st = NULL;
	int rc;

	*out = false;
	if (child_id <= 0)
		return SAMSYN_OK;
	if ((rc = db_prepare(tx->db, SQL_PROTECTED, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_int64(st, 1, child_id);
	if ((rc = db_step(st, e)) == DB_ROW)
		*out = db_column_int64(st, 0) == 1;
	db_finalize(st);
	return rc == DB_ROW || rc == DB_DONE ? SAMSYN_OK : rc;
}

/* The reporter's view: version 1 as she sent it, the feedback, read now. */
static int
report_get_as_reporter(struct tx *tx, int64_t id, struct report *out, struct err *e)
{
	struct db_stmt *st = NULL;
	char now[TIME_ISO_LEN];
	bool prot;
	int64_t current, child_id;
	int rc;

	if ((rc = report_load(tx, id, 1, out, &current, e)) != SAMSYN_OK)
		return rc;
	out->nversions = 1;
	/* Nothing of social services' file: not whether the child was known (the registry
	 * id), not whether the report is hidden (which tells whether it was investigated). */
	child_id = out->cur.child_id;
	out->cur.child_id = 0;
	out->hidden = false;
	if (out->feedback_sent_at && !out->feedback_read_at) {
		time_now_iso(now);
		if ((rc = db_prepare(tx->db, SQL_FEEDBACK_READ, &st, e)) != SAMSYN_OK)
			return rc;
		db_bind_text(st, 1, now);
		db_bind_int64(st, 2, id);
		if ((rc = db_run(st, e)) != SAMSYN_OK)
			return rc;
		out->feedback_read_at = arena_strdup(tx->arena, now);
	}
	if (report_is_draft(out))
		return audit_record(tx, "read", NULL, 0, "report", id, e);
	if ((rc = report_child_protected(tx, child_id, &prot, e)) != SAMSYN_OK)
		return rc;
	return access_log_child(tx, "read", child_id, prot, "report", id, e);
}

int
report_get(struct tx *tx, int64_t id, struct report *out, struct err *e)
{
	int64_t current;
	bool intake;
	int rc;

	if ((rc = access_is_intake(tx, &intake, e)) != SAMSYN_OK)
		return rc;
	if ((rc = report_load(tx, id, 0, out, &current, e)) != SAMSYN_OK) {
		if (rc != SAMSYN_ENOTFOUND || intake)
			return rc;
		/* Others learn nothing, not even whether the report exists. */
		return tx_deny(tx, "report", id, NULL, 0);
	}
	if (out->reporter_id == tx->actor.user_id && (!intake || report_is_draft(out)))
		return report_get_as_reporter(tx, id, out, e);
	if (!intake || report_is_draft(out))
		return tx_deny(tx, "report", id, out->cur.child_id ? "child" : NULL,
			       out->cur.child_id);
	if ((rc = child_load(tx, out->cur.child_id, &out->child, e)) != SAMSYN_OK)
		return rc;
	if (out->child.details_hidden)
		out->cur.child_school = NULL; /* the school the reporter named */
	return access_log_child(tx, "read", out->child.id, out->child.protected_identity,
				"report", id, e);
}

static const char SQL_VERSION_CHILDREN[] =
	"SELECT DISTINCT v.child_id, c.protected_identity FROM report_versions v"
	" JOIN children c ON c.id = v.child_id WHERE v.report_id = ? ORDER BY v.child_id";

/* Each child a report's versions name is a person whose data is read with them. */
static int
report_log_version_children(struct tx *tx, int64_t id, bool *any_protected, struct err *e)
{
	int64_t ids[64];
	bool prot[64];
	struct db_stmt *st = NULL;
	int rc, n = 0;

	*any_protected = false;
	if ((rc = db_prepare(tx->db, SQL_VERSION_CHILDREN, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_int64(st, 1, id);
	while (n < 64 && (rc = db_step(st, e)) == DB_ROW) {
		ids[n] = db_column_int64(st, 0);
		prot[n] = db_column_int64(st, 1) == 1;
		*any_protected |= prot[n];
		n++;
	}
	db_finalize(st);
	if (rc != DB_ROW && rc != DB_DONE)
		return rc;
	for (int i = 0; i < n; i++)
		if ((rc = access_log_child(tx, "read", ids[i], prot[i], "report_versions", id, e)) !=
		    SAMSYN_OK)
			return rc;
	return SAMSYN_OK;
}

struct report_mask {
	void (*fn)(const struct report_version *, void *);
	void *arg;
	bool hide_school;
};

static void
report_masked(const struct report_version *v, void *arg)
{
	struct report_mask *m = arg;
	struct report_version copy = *v;

	if (m->hide_school)
		copy.child_school = NULL;
	m->fn(&copy, m->arg);
}

int
report_versions(struct tx *tx, int64_t id, void (*fn)(const struct report_version *, void *),
		void *arg, struct err *e)
{
	struct report_mask mask = {.fn = fn, .arg = arg};
	struct report r;
	int64_t current;
	bool prot, sees;
	int rc;

	if ((rc = access_require_intake(tx, "report", id, e)) != SAMSYN_OK ||
	    (rc = report_load(tx, id, 0, &r, &current, e)) != SAMSYN_OK)
		return rc;
	if (report_is_draft(&r))
		return tx_deny(tx, "report", id, NULL, 0);
	if ((rc = report_log_version_children(tx, id, &prot, e)) != SAMSYN_OK ||
	    (rc = access_sees_protected(tx, &sees, e)) != SAMSYN_OK)
		return rc;
	/* Versions may name other children (corrections); any protected one hides them all. */
	mask.hide_school = !sees && prot;
	return report_each_version(tx, id, 0, report_masked, &mask, e);
}

static int
report_insert_version(struct tx *tx, int64_t id, const struct report_version *v, struct err *e)
{
	struct db_stmt *st = NULL;
	int rc;

	if ((rc = db_prepare(tx->db, SQL_VERSION_INSERT, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_int64(st, 1, id);
	db_bind_int64(st, 2, v->version);
	db_bind_id(st, 3, v->child_id);
	db_bind_text(st, 4, v->child_pnr);
	db_bind_text(st, 5, v->child_name);
	db_bind_text(st, 6, v->child_birth_date);
	db_bind_text(st, 7, v->child_school);
	db_bind_text(st, 8, v->received_at);
	db_bind_text(st, 9, v->category);
	db_bind_text(st, 10, v->observed);
	db_bind_text(st, 11, v->child_words);
	db_bind_text(st, 12, v->guardians_know);
	db_bind_text(st, 13, v->urgency);
	db_bind_text(st, 14, v->reason);
	db_bind_int64(st, 15, v->made_by);
	db_bind_text(st, 16, v->made_at);
	return db_run(st, e);
}

/* Applies a correction's fields to next (a copy of the current version). */
static int
report_apply_correction(struct tx *tx, const struct report_correction *in, const char *now,
			struct report_version *next, struct err *e)
{
	char today[11], *received;
	int64_t cur_child = next->child_id;
	struct child c;
	int rc;

	time_today(today);
	if (in->has_child) {
		if ((rc = child_resolve(tx, &in->child, today, &next->child_id, e)) != SAMSYN_OK ||
		    (rc = child_load(tx, next->child_id, &c, e)) != SAMSYN_OK)
			return rc;
		next->child_pnr = c.pnr;
		next->child_name = c.name;
		next->child_birth_date = c.birth_date;
		/* The school named belonged to the earlier child. */
		if (next->child_id != cur_child)
			next->child_school = in->child.school_name ? report_given(in->child.school_name)
								   : NULL;
	}
	if (in->has_child_school) {
		if ((rc = validate_optional_line(in->child_school, "child_school", "Skolan",
						 CHILD_SCHOOL_MAX, e)) != SAMSYN_OK)
			return rc;
		next->child_school = report_given(in->child_school);
	}
	if (in->has_received_at) {
		received = arena_alloc(tx->arena, TIME_ISO_LEN);
		if (!time_parse_local(in->received_at, received))
			return err_set(e, SAMSYN_EINVAL, "received_at",
				       "Ange tiden som ÅÅÅÅ-MM-DD TT:MM.");
		if (strcmp(received, now) > 0)
			return err_set(e, SAMSYN_EINVAL, "received_at",
				       "Tiden då anmälan kom in kan inte ligga i framtiden.");
		next->received_at = received;
	}
	if (in->has_category) {
		if (!report_category_label(in->category))
			return err_set(e, SAMSYN_EINVAL, "category", "Välj vad oron gäller.");
		next->category = in->category;
	}
	if (in->has_observed) {
		if ((rc = validate_text(in->observed, "observed", "Vad anmälaren har sett eller hört",
					REPORT_TEXT_MAX, true, e)) != SAMSYN_OK)
			return rc;
		next->observed = in->observed;
	}
	if (in->has_child_words) {
		if ((rc = validate_text(in->child_words, "child_words", "Barnets egna ord",
					REPORT_TEXT_MAX, false, e)) != SAMSYN_OK)
			return rc;
		next->child_words = report_given(in->child_words);
	}
	return SAMSYN_OK;
}

static bool
report_same(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
}

static bool
report_version_changed(const struct report_version *a, const struct report_version *b)
{
	return a->child_id != b->child_id || !report_same(a->child_school, b->child_school) ||
	       !report_same(a->received_at, b->received_at) ||
	       !report_same(a->category, b->category) || !report_same(a->observed, b->observed) ||
	       !report_same(a->child_words, b->child_words);
}

int
report_correct(struct tx *tx, int64_t id, const struct report_correction *in, struct report *out,
	       struct err *e)
{
	struct report r;
	struct report_version next;
	char now[TIME_ISO_LEN];
	int64_t current;
	bool prot;
	int rc;

	if ((rc = access_require_intake(tx, "report", id, e)) != SAMSYN_OK ||
	    (rc = report_load(tx, id, 0, &r, &current, e)) != SAMSYN_OK)
		return rc;
	if (report_is_draft(&r))
		return tx_deny(tx, "report", id, NULL, 0);
	if ((rc = validate_text(in->reason, "reason", "Skälet till rättelsen", REPORT_REASON_MAX,
				true, e)) != SAMSYN_OK)
		return rc;
	time_now_iso(now);
	next = r.cur;
	if ((rc = report_apply_correction(tx, in, now, &next, e)) != SAMSYN_OK ||
	    (rc = intake_check_correction(tx, id, in->has_received_at ? next.received_at : NULL,
					  next.child_id != r.cur.child_id, e)) != SAMSYN_OK)
		return rc;
	if (!report_version_changed(&r.cur, &next))
		return err_set(e, SAMSYN_EINVAL, "reason",
			       "Rättelsen ändrar ingenting. Ändra barnet, tiden, kategorin eller "
			       "texten.");
	next.version = r.cur.version + 1;
	next.reason = in->reason;
	next.made_by = tx->actor.user_id;
	next.made_at = now;
	if ((rc = report_insert_version(tx, id, &next, e)) != SAMSYN_OK ||
	    (rc = report_set_current(tx, id, r.number, &next, now, e)) != SAMSYN_OK ||
	    (rc = report_child_protected(tx, next.child_id, &prot, e)) != SAMSYN_OK ||
	    (rc = access_log_child(tx, "update", next.child_id, prot, "report", id, e)) !=
		    SAMSYN_OK)
		return rc;
	/* The earlier child's record changed too: log it as the person concerned. */
	if (next.child_id != r.cur.child_id &&
	    ((rc = report_child_protected(tx, r.cur.child_id, &prot, e)) != SAMSYN_OK ||
	     (rc = access_log_child(tx, "update", r.cur.child_id, prot, "report", id, e)) !=
		     SAMSYN_OK))
		return rc;
	if ((rc = intake_reconsider(tx, id, e)) != SAMSYN_OK)
		return rc;
	return report_get(tx, id, out, e);
}

static void
report_line_from(struct tx *tx, struct db_stmt *st, struct report_line *l)
{
	l->id = db_column_int64(st, 0);
	l->number = tx_text(tx, st, 1);
	l->status = tx_text(tx, st, 2);
	l->received_at = tx_text(tx, st, 3);
	l->created_at = tx_text(tx, st, 4);
	l->category = tx_text(tx, st, 5);
	l->urgency = tx_text(tx, st, 6);
	l->child_name = tx_text(tx, st, 7);
	l->feedback_outcome = tx_text(tx, st, 8);
	l->feedback_unread = l->feedback_outcome && db_column_null(st, 9);
}

int
report_list_mine(struct tx *tx, void (*fn)(const struct report_line *, void *), void *arg,
		 struct err *e)
{
	struct db_stmt *st = NULL;
	int rc;

	if (tx->actor.role != ROLE_STAFF)
		return tx_deny(tx, "report_list", 0, NULL, 0);
	if ((rc = audit_record(tx, "read", NULL, 0, "report_list", tx->actor.user_id, e)) !=
	    SAMSYN_OK)
		return rc;
	if ((rc = db_prepare(tx->db, SQL_MINE, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_int64(st, 1, tx->actor.user_id);
	while ((rc = db_step(st, e)) == DB_ROW) {
		struct report_line l;

		report_line_from(tx, st, &l);
		fn(&l, arg);
	}
	db_finalize(st);
	return rc == DB_DONE ? SAMSYN_OK : rc;
}

int
report_list_for_child(struct tx *tx, int64_t child_id,
		      void (*fn)(const struct report_line *, void *), void *arg, struct err *e)
{
	struct report_line *lines = NULL;
	struct db_stmt *st = NULL;
	char from[TIME_ISO_LEN];
	size_t n = 0, cap = 0;
	bool prot = false;
	int rc;

	if ((rc = access_require_intake(tx, "child", child_id, e)) != SAMSYN_OK ||
	    (rc = access_searchable_from(tx, from, e)) != SAMSYN_OK ||
	    (rc = db_prepare(tx->db, SQL_FOR_CHILD, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_int64(st, 1, child_id);
	db_bind_text(st, 2, from);
	while ((rc = db_step(st, e)) == DB_ROW) {
		lines = arena_grow(tx->arena, lines, n, &cap, sizeof(*lines));
		report_line_from(tx, st, &lines[n]);
		prot = db_column_int64(st, 10) == 1;
		n++;
	}
	db_finalize(st);
	if (rc != DB_DONE)
		return rc;
	/* Logged before anything is handed out, so a failure shows nothing unlogged. */
	for (size_t i = 0; i < n; i++)
		if ((rc = access_log_child(tx, "read", child_id, prot, "report", lines[i].id, e)) !=
		    SAMSYN_OK)
			return rc;
	for (size_t i = 0; i < n; i++)
		fn(&lines[i], arg);
	return SAMSYN_OK;
}

int
report_find_number(struct tx *tx, const char *number, int64_t *id_out, struct err *e)
{
	struct db_stmt *st = NULL;
	int rc;

	*id_out = 0;
	if ((rc = access_require_intake(tx, "report", 0, e)) != SAMSYN_OK)
		return rc;
	if (number == NULL || strlen(number) > 20)
		return err_set(e, SAMSYN_EINVAL, "number", "Ange ett anmälningsnummer, som OA-2026-000042.");
	if ((rc = db_prepare(tx->db, SQL_BY_NUMBER, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_text(st, 1, number);
	rc = db_step(st, e);
	if (rc == DB_ROW)
		*id_out = db_column_int64(st, 0);
	db_finalize(st);
	if (rc == DB_DONE)
		return err_set(e, SAMSYN_ENOTFOUND, "number", "Det finns ingen anmälan med det numret.");
	return rc == DB_ROW ? SAMSYN_OK : rc;
}
