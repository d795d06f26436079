#include "domain/steering.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "domain/audit.h"
#include "util/personnummer.h"

static const char SQL_CONVENER[] =
	"SELECT COUNT(*) FROM group_members m JOIN users u ON u.id = ?"
	" WHERE m.group_id = ? AND m.convener = 1"
	" AND (m.user_id = u.id OR (m.function_id IS NOT NULL AND m.function_id = u.function_id))";
static const char SQL_STYRGRUPP[] =
	"SELECT COUNT(*) FROM group_members m JOIN steering_groups g ON g.id = m.group_id"
	" JOIN users u ON u.id = ? WHERE g.kind = 'styrgrupp' AND g.active = 1"
	" AND (m.user_id = u.id OR (m.function_id IS NOT NULL AND m.function_id = u.function_id))";

int
steering_require_reader(struct tx *tx, const char *record_type, int64_t id, struct err *e)
{
	(void)e;
	if (tx->actor.role == ROLE_STAFF || tx->actor.role == ROLE_ADMIN ||
	    tx->channel == CHANNEL_CLI)
		return SAMSYN_OK;
	return tx_deny(tx, record_type, id, NULL, 0);
}

int
steering_can_edit_group(struct tx *tx, int64_t group_id, bool *out, struct err *e)
{
	int64_t n;
	int rc;

	*out = tx->actor.role == ROLE_ADMIN || tx->channel == CHANNEL_CLI;
	if (*out || tx->actor.role != ROLE_STAFF)
		return SAMSYN_OK;
	rc = db_count(tx->db, SQL_CONVENER, NULL, 2, tx->actor.user_id, group_id, &n, e);
	*out = n > 0;
	return rc;
}

int
steering_can_edit_plans(struct tx *tx, bool *out, struct err *e)
{
	int64_t n;
	int rc;

	*out = tx->actor.role == ROLE_ADMIN || tx->channel == CHANNEL_CLI;
	if (*out || tx->actor.role != ROLE_STAFF)
		return SAMSYN_OK;
	rc = db_count(tx->db, SQL_STYRGRUPP, NULL, 1, tx->actor.user_id, 0, &n, e);
	*out = n > 0;
	return rc;
}

int
steering_check_text(const struct steering_text *texts, int n, const char *rule, bool confirm,
		    bool *flagged, struct err *e)
{
	char where[160];
	size_t len = 0;
	int hits = 0, k = 0;
	bool hit[8];

	assert(n <= (int)(sizeof(hit) / sizeof(hit[0])));
	for (int i = 0; i < n; i++) {
		hit[i] = texts[i].text && pnr_looks_like(texts[i].text, strlen(texts[i].text));
		hits += hit[i];
	}
	*flagged = hits > 0;
	if (!*flagged || confirm)
		return SAMSYN_OK;
	/* "i rubriken", "i rubriken och protokollet", "i rubriken, protokollet och besluten":
	 * the user learns where to look without the number itself being repeated. */
	where[0] = '\0';
	for (int i = 0; i < n; i++) {
		int w;

		if (!hit[i])
			continue;
		w = snprintf(where + len, sizeof(where) - len, "%s%s",
			     k == 0 ? "" : k == hits - 1 ? " och " : ", ", texts[i].name);
		k++;
		if (w < 0 || (size_t)w >= sizeof(where) - len)
			break; /* the names are short constants: does not happen */
		len += (size_t)w;
	}
	return err_set(e, SAMSYN_ECONFLICT, "confirm_personal_data",
		       "Det ser ut att finnas ett personnummer i %s. %s Ta bort numret, eller "
		       "bekräfta att texten inte innehåller personuppgifter om ett barn.",
		       where, rule);
}

int
steering_log(struct tx *tx, const char *action, const char *record_type, int64_t id,
	     bool flagged, struct err *e)
{
	struct audit_event ev = {
		.action = action,
		.record_type = record_type,
		.record_id = id,
		.purpose = flagged ? "personnummer_confirmed" : NULL,
		.outcome = "ok",
	};

	return audit_append(tx, &ev, e);
}
