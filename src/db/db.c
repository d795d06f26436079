#include "db/db.h"

#include <string.h>

static const char SQL_COMMIT[] = "COMMIT";
static const char SQL_ROLLBACK[] = "ROLLBACK";
static const char SQL_SAVEPOINT[] = "SAVEPOINT handler";
static const char SQL_ROLLBACK_TO[] = "ROLLBACK TO SAVEPOINT handler";
static const char SQL_RELEASE[] = "RELEASE SAVEPOINT handler";

static const struct db_backend *
db_backend_for_url(const char *url)
{
	if (strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0)
		return &db_backend_pg;
	return &db_backend_sqlite;
}

int
db_open(struct db **out, const char *url, struct err *e)
{
	const struct db_backend *be;

	*out = NULL;
	if (url == NULL || *url == '\0')
		return err_set(e, SAMSYN_EINVAL, "db", "Ingen databas angavs.");
	be = db_backend_for_url(url);
	return be->open(out, url, e);
}

void
db_close(struct db *db)
{
	if (db)
		db_backend_of(db)->close(db);
}

const struct db_backend *
db_backend_of(const struct db *db)
{
	return ((const struct db_base *)(const void *)db)->backend;
}

static const struct db_backend *
db_stmt_backend(const struct db_stmt *st)
{
	return ((const struct db_stmt_base *)(const void *)st)->backend;
}

int
db_prepare(struct db *db, const char *sql, struct db_stmt **out, struct err *e)
{
	return db_backend_of(db)->prepare(db, sql, true, out, e);
}

int
db_prepare_once(struct db *db, const char *sql, struct db_stmt **out, struct err *e)
{
	return db_backend_of(db)->prepare(db, sql, false, out, e);
}

void
db_reset(struct db_stmt *st)
{
	db_stmt_backend(st)->reset(st);
}

int
db_sync_ids(struct db *db, const char *table, struct err *e)
{
	const struct db_backend *be = db_backend_of(db);

	return be->sync_ids ? be->sync_ids(db, table, e) : SAMSYN_OK;
}

void
db_finalize(struct db_stmt *st)
{
	if (st)
		db_stmt_backend(st)->finalize(st);
}

int
db_bind_int64(struct db_stmt *st, int idx, int64_t v)
{
	return db_stmt_backend(st)->bind_int64(st, idx, v);
}

int
db_bind_text(struct db_stmt *st, int idx, const char *s)
{
	return db_stmt_backend(st)->bind_text(st, idx, s);
}

int
db_bind_null(struct db_stmt *st, int idx)
{
	return db_stmt_backend(st)->bind_null(st, idx);
}

int
db_bind_id(struct db_stmt *st, int idx, int64_t v)
{
	return v > 0 ? db_bind_int64(st, idx, v) : db_bind_null(st, idx);
}

int
db_step(struct db_stmt *st, struct err *e)
{
	return db_stmt_backend(st)->step(st, e);
}

bool
db_column_null(struct db_stmt *st, int col)
{
	return db_stmt_backend(st)->column_null(st, col);
}

int64_t
db_column_int64(struct db_stmt *st, int col)
{
	return db_stmt_backend(st)->column_int64(st, col);
}

const char *
db_column_text(struct db_stmt *st, int col)
{
	return db_stmt_backend(st)->column_text(st, col);
}

int
db_exec(struct db *db, const char *sql, struct err *e)
{
	return db_backend_of(db)->exec(db, sql, e);
}

int
db_begin(struct db *db, struct err *e)
{
	struct db_base *b = (struct db_base *)(void *)db;
	int rc;

	if (b->tx_depth != 0)
		return err_set(e, SAMSYN_EINTERNAL, NULL, NULL);
	if ((rc = b->backend->begin(db, e)) == SAMSYN_OK)
		b->tx_depth = 1;
	return rc;
}

/* One statement through the statement cache: transaction control runs on every request,
 * and parsing it each time costs more than running it. */
static int
db_exec_cached(struct db *db, const char *sql, struct err *e)
{
	struct db_stmt *st = NULL;
	int rc;

	if ((rc = db_prepare(db, sql, &st, e)) != SAMSYN_OK)
		return rc;
	rc = db_step(st, e);
	db_finalize(st);
	return rc == DB_DONE || rc == DB_ROW ? SAMSYN_OK : rc;
}

int
db_commit(struct db *db, struct err *e)
{
	struct db_base *b = (struct db_base *)(void *)db;
	int rc = db_exec_cached(db, SQL_COMMIT, e);

	if (rc != SAMSYN_OK)
		db_rollback(db);
	b->tx_depth = 0;
	return rc;
}

int
db_rollback(struct db *db)
{
	struct db_base *b = (struct db_base *)(void *)db;
	int rc = SAMSYN_OK;

	if (b->tx_depth > 0)
		rc = db_exec_cached(db, SQL_ROLLBACK, NULL);
	b->tx_depth = 0;
	return rc;
}

int
db_savepoint(struct db *db, struct err *e)
{
	return db_exec_cached(db, SQL_SAVEPOINT, e);
}

int
db_rollback_savepoint(struct db *db, struct err *e)
{
	int rc = db_exec_cached(db, SQL_ROLLBACK_TO, e);

	if (rc == SAMSYN_OK)
		rc = db_exec_cached(db, SQL_RELEASE, e);
	return rc;
}

int
db_release_savepoint(struct db *db, struct err *e)
{
	return db_exec_cached(db, SQL_RELEASE, e);
}

bool
db_in_transaction(const struct db *db)
{
	return ((const struct db_base *)(const void *)db)->tx_depth > 0;
}

int
db_backup(struct db *db, const char *path, struct err *e)
{
	const struct db_backend *be = db_backend_of(db);

	if (be->backup == NULL)
		return err_set(e, SAMSYN_EINVAL, NULL,
			       "Databasen %s säkerhetskopieras med sina egna verktyg.", be->name);
	return be->backup(db, path, e);
}

int
db_ping(struct db *db, struct err *e)
{
	return db_backend_of(db)->ping(db, e);
}

static int
db_query_first(struct db *db, const char *sql, bool cache, const char *text, int nints,
	       int64_t a, int64_t b, int64_t *out, struct err *e)
{
	struct db_stmt *st = NULL;
	int rc, idx = 1;

	*out = 0;
	if ((rc = db_backend_of(db)->prepare(db, sql, cache, &st, e)) != SAMSYN_OK)
		goto cleanup;
	if (text)
		db_bind_text(st, idx++, text);
	if (nints >= 1)
		db_bind_int64(st, idx++, a);
	if (nints >= 2)
		db_bind_int64(st, idx, b);
	rc = db_step(st, e);
	if (rc == DB_ROW) {
		*out = db_column_int64(st, 0);
		rc = SAMSYN_OK;
	} else if (rc == DB_DONE) {
		rc = SAMSYN_OK;
	}
cleanup:
	db_finalize(st);
	return rc;
}

int
db_query_int64(struct db *db, const char *sql, int64_t *out, struct err *e)
{
	return db_query_first(db, sql, true, NULL, 0, 0, 0, out, e);
}

int
db_query_once(struct db *db, const char *sql, int64_t *out, struct err *e)
{
	return db_query_first(db, sql, false, NULL, 0, 0, 0, out, e);
}

int
db_count(struct db *db, const char *sql, const char *text, int nints, int64_t a, int64_t b,
	 int64_t *out, struct err *e)
{
	return db_query_first(db, sql, true, text, nints, a, b, out, e);
}

int
db_row_by_id(struct db *db, const char *sql, int64_t id, const char *missing,
	     struct db_stmt **out, struct err *e)
{
	struct db_stmt *st = NULL;
	int rc;

	*out = NULL;
	if ((rc = db_prepare(db, sql, &st, e)) != SAMSYN_OK)
		goto cleanup;
	db_bind_int64(st, 1, id);
	rc = db_step(st, e);
	if (rc == DB_ROW) {
		*out = st; /* the caller finalizes it */
		st = NULL;
		rc = SAMSYN_OK;
	} else if (rc == DB_DONE) {
		rc = err_set(e, SAMSYN_ENOTFOUND, NULL, "%s", missing);
	}
cleanup:
	db_finalize(st);
	return rc;
}

int
db_run(struct db_stmt *st, struct err *e)
{
	int rc = db_step(st, e);

	db_finalize(st);
	return rc == DB_DONE ? SAMSYN_OK : rc;
}
