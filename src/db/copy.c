#include "db/copy.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "db/migrate.h"
#include "util/buf.h"

static const struct copy_table {
	const char *name;
	const char *columns;
	int ncolumns;
	/* Reference data that migrations install: the target's rows are replaced by the
	 * source's (which an operator may have edited), not counted as "not empty". */
	bool reference;
} tables[] = {
	{"sectors", "id, name, kind, active", 4, false},
	{"units", "id, name, sector_id, active", 4, false},
	{"functions", "id, name, active", 3, false},
	{"users", "id, name, email, function_id, unit_id, role, password_hash, active, "
		  "created_at, updated_at", 10, false},
	{"sessions", "id, token_hash, user_id, csrf_token, created_at, last_seen_at, ended_at", 7, false},
	{"api_tokens", "id, user_id, name, token_hash, created_by, created_at, expires_at, "
		       "revoked_at", 8, false},
	{"access_log", "id, at, user_id, unit_id, action, subject_type, subject_id, record_type, "
		       "record_id, purpose, outcome, channel, prev_hash, hash", 14, false},
	{"legal_rules", "id, rule_key, act, valid_from, valid_to, title, description, source, days, "
			"months, day_kind, confirmed", 12, true},
};

#define NTABLES (sizeof(tables) / sizeof(tables[0]))

const char *const copy_tables[] = {"sectors", "units", "functions", "users", "sessions",
				   "api_tokens", "access_log", "legal_rules", NULL};

static int copy_table(struct db *from, struct db *to, const struct copy_table *t,
		      int64_t *rows, struct err *e);

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
		if (rc == SAMSYN_OK)
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
	int rc;

	*rows = 0;
	buf_init(&select, 4096);
	buf_init(&insert, 4096);
	buf_printf(&select, "SELECT %s FROM %s ORDER BY id", t->columns, t->name);
	buf_printf(&insert, "INSERT INTO %s (%s) VALUES (", t->name, t->columns);
	for (int c = 0; c < t->ncolumns; c++)
		buf_puts(&insert, c ? ", ?" : "?");
	buf_puts(&insert, ")");
	/* Built from the table list above, never from input; prepared uncached because the
	 * text lives only as long as this call. */
	if ((rc = db_prepare_once(from, buf_cstr(&select), &get, e)) != SAMSYN_OK ||
	    (rc = db_prepare_once(to, buf_cstr(&insert), &put, e)) != SAMSYN_OK)
		goto cleanup;
	while ((rc = db_step(get, e)) == DB_ROW) {
		for (int c = 0; c < t->ncolumns; c++)
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
