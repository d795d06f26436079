#include "domain/access.h"

#include "domain/audit.h"
#include "domain/rules.h"
#include "util/timeutil.h"

static const char SQL_INTAKE[] =
	"SELECT COUNT(*) FROM users u JOIN units n ON n.id = u.unit_id"
	" WHERE u.id = ? AND u.active = 1 AND n.intake = 1 AND n.active = 1";
static const char SQL_PROTECTED[] =
	"SELECT COUNT(*) FROM users WHERE id = ? AND active = 1 AND protected_access = 1";

static int
access_user_count(struct tx *tx, const char *sql, bool *out, struct err *e)
{
	int64_t n;
	int rc;

	*out = false;
	if (tx->actor.user_id <= 0 || tx->actor.role != ROLE_STAFF)
		return SAMSYN_OK;
	rc = db_count(tx->db, sql, NULL, 1, tx->actor.user_id, 0, &n, e);
	*out = n > 0;
	return rc;
}

int
access_is_intake(struct tx *tx, bool *out, struct err *e)
{
	return access_user_count(tx, SQL_INTAKE, out, e);
}

int
access_sees_protected(struct tx *tx, bool *out, struct err *e)
{
	return access_user_count(tx, SQL_PROTECTED, out, e);
}

int
access_require_intake(struct tx *tx, const char *record_type, int64_t record_id, struct err *e)
{
	bool intake;
	int rc;

	if ((rc = access_is_intake(tx, &intake, e)) != SAMSYN_OK)
		return rc;
	if (!intake)
		return tx_deny(tx, record_type, record_id, NULL, 0);
	return SAMSYN_OK;
}

int
access_log_child(struct tx *tx, const char *action, int64_t child_id, bool protected_identity,
		 const char *record_type, int64_t record_id, struct err *e)
{
	struct audit_event ev = {
		.action = action,
		.subject_type = child_id > 0 ? "child" : NULL,
		.subject_id = child_id,
		.record_type = record_type,
		.record_id = record_id,
		.outcome = "ok",
		.flag = protected_identity ? "protected" : NULL,
	};

	return audit_append(tx, &ev, e);
}

int
access_searchable_from(struct tx *tx, char out[32], struct err *e)
{
	char today[11], end[TIME_ISO_LEN];
	struct rule rule;
	int rc;

	time_today(today);
	if ((rc = rules_for(tx, "searchability", today, &rule, e)) != SAMSYN_OK)
		return rc;
	if (!time_local_day_bounds(rule.valid_from, out, end))
		return err_set(e, SAMSYN_EINTERNAL, NULL, "Regeln om sökbarhet har ett ogiltigt datum.");
	return SAMSYN_OK;
}
