#include "domain/rules.h"

#include <string.h>

#include "util/timeutil.h"

static const char SQL_LIST[] =
	"SELECT id, rule_key, act, valid_from, valid_to, title, description, source, days,"
	" months, day_kind, confirmed FROM legal_rules ORDER BY id";
static const char SQL_FOR[] =
	"SELECT id, rule_key, act, valid_from, valid_to, title, description, source, days,"
	" months, day_kind, confirmed FROM legal_rules"
	" WHERE rule_key = ? AND valid_from <= ? AND (valid_to IS NULL OR valid_to >= ?)"
	" ORDER BY valid_from DESC LIMIT 1";

static void
rules_from_row(struct tx *tx, struct db_stmt *st, struct rule *r)
{
	r->id = db_column_int64(st, 0);
	r->key = arena_strdup(tx->arena, db_column_text(st, 1));
	r->act = arena_strdup(tx->arena, db_column_text(st, 2));
	r->valid_from = arena_strdup(tx->arena, db_column_text(st, 3));
	r->valid_to = arena_strdup(tx->arena, db_column_text(st, 4));
	r->title = arena_strdup(tx->arena, db_column_text(st, 5));
	r->description = arena_strdup(tx->arena, db_column_text(st, 6));
	r->source = arena_strdup(tx->arena, db_column_text(st, 7));
	r->days = db_column_null(st, 8) ? -1 : (int)db_column_int64(st, 8);
	r->months = db_column_null(st, 9) ? -1 : (int)db_column_int64(st, 9);
	r->day_kind = arena_strdup(tx->arena, db_column_text(st, 10));
	r->confirmed = db_column_int64(st, 11) == 1;
}

int
rules_list(struct tx *tx, void (*fn)(const struct rule *, void *), void *arg, struct err *e)
{
	struct db_stmt *st = NULL;
	int rc;

	if ((rc = db_prepare(tx->db, SQL_LIST, &st, e)) != SAMSYN_OK)
		goto cleanup;
	while ((rc = db_step(st, e)) == DB_ROW) {
		struct rule r;

		rules_from_row(tx, st, &r);
		fn(&r, arg);
	}
	rc = rc == DB_DONE ? SAMSYN_OK : rc;
cleanup:
	db_finalize(st);
	return rc;
}

int
rules_for(struct tx *tx, const char *key, const char *day, struct rule *out, struct err *e)
{
	struct db_stmt *st = NULL;
	int rc;

	if (!time_valid_date(day))
		return err_set(e, SAMSYN_EINVAL, "date", "Ange datumet som ÅÅÅÅ-MM-DD.");
	if ((rc = db_prepare(tx->db, SQL_FOR, &st, e)) != SAMSYN_OK)
		goto cleanup;
	db_bind_text(st, 1, key);
	db_bind_text(st, 2, day);
	db_bind_text(st, 3, day);
	rc = db_step(st, e);
	if (rc == DB_ROW) {
		rules_from_row(tx, st, out);
		rc = SAMSYN_OK;
	} else if (rc == DB_DONE) {
		rc = err_set(e, SAMSYN_ENOTFOUND, "rule", "Ingen regel gäller för det datumet.");
	}
cleanup:
	db_finalize(st);
	return rc;
}

const char *
rules_act_on(const char *day)
{
	return strcmp(day, "2025-07-01") < 0 ? "SFS 2001:453" : "SFS 2025:400";
}
