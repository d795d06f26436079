/* db_pg.c - the PostgreSQL back end on libpq.
 *
 * Statements are prepared once per connection (named s1, s2 ...) with the `?` of the
 * shared SQL renumbered to $1, $2 ...; parameters travel as text.  A transaction takes
 * an advisory lock first, so write transactions are serialised as SQLite's BEGIN
 * IMMEDIATE serialises them: the access log's read-last-row-then-append stays strictly
 * ordered across threads and processes.  A lost connection answers SAMSYN_EUNAVAILABLE
 * (503) and is re-established at the start of the next transaction. */
#include <errno.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/xalloc.h"

#define PG_CACHE_SLOTS 128
#define PG_MAX_PARAMS 32
/* Any constant will do; every samsyn transaction takes the same one. */
#define PG_TX_LOCK "SELECT pg_advisory_xact_lock(7262341)"

struct db_stmt {
	struct db_stmt_base base;
	struct db *db;
	const char *sql; /* the cache key: the caller's string */
	char name[16];   /* "" when not prepared on the current connection */
	char *params[PG_MAX_PARAMS];
	int nparams;
	PGresult *res;
	int row, nrows;
	bool cached, in_use;
};

struct db {
	struct db_base base;
	PGconn *conn;
	unsigned long names;
	struct db_stmt cache[PG_CACHE_SLOTS];
};

static int pg_open(struct db **out, const char *url, struct err *e);
static void pg_close(struct db *db);
static int pg_prepare(struct db *db, const char *sql, bool cache, struct db_stmt **out,
		      struct err *e);
static void pg_reset(struct db_stmt *st);
static int pg_sync_ids(struct db *db, const char *table, struct err *e);
static void pg_finalize(struct db_stmt *st);
static int pg_bind_int64(struct db_stmt *st, int idx, int64_t v);
static int pg_bind_text(struct db_stmt *st, int idx, const char *s);
static int pg_bind_null(struct db_stmt *st, int idx);
static int pg_step(struct db_stmt *st, struct err *e);
static bool pg_column_null(struct db_stmt *st, int col);
static int64_t pg_column_int64(struct db_stmt *st, int col);
static const char *pg_column_text(struct db_stmt *st, int col);
static int pg_exec(struct db *db, const char *sql, struct err *e);
static int pg_begin(struct db *db, struct err *e);
static int pg_ping(struct db *db, struct err *e);

const struct db_backend db_backend_pg = {
	.name = "pg",
	.open = pg_open,
	.close = pg_close,
	.prepare = pg_prepare,
	.finalize = pg_finalize,
	.reset = pg_reset,
	.sync_ids = pg_sync_ids,
	.bind_int64 = pg_bind_int64,
	.bind_text = pg_bind_text,
	.bind_null = pg_bind_null,
	.step = pg_step,
	.column_null = pg_column_null,
	.column_int64 = pg_column_int64,
	.column_text = pg_column_text,
	.exec = pg_exec,
	.begin = pg_begin,
	.ping = pg_ping,
	.backup = NULL,
};

/* Maps a failed result (or a dead connection) to the program's codes.  The log gets the
 * SQLSTATE and, except for data errors whose text may quote a value, the message. */
static int
pg_error(struct db *db, PGresult *res, struct err *e)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	int code;

	if (PQstatus(db->conn) != CONNECTION_OK || state == NULL ||
	    strncmp(state, "08", 2) == 0 || strncmp(state, "57P", 3) == 0 ||
	    strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
	    strcmp(state, "55P03") == 0 || strncmp(state, "53", 2) == 0)
		code = SAMSYN_EUNAVAILABLE;
	else if (strncmp(state, "23", 2) == 0)
		code = SAMSYN_ECONFLICT;
	else
		code = SAMSYN_EDB;
	if (code != SAMSYN_ECONFLICT) {
		bool quote = state && strncmp(state, "22", 2) != 0 && msg;

		log_error("postgresql: %s%s%s", state ? state : "connection lost",
			  quote ? ": " : "", quote ? msg : "");
	}
	return err_set(e, code, NULL, NULL);
}

/* Notices ("relation already exists, skipping") are not for the operator's log. */
static void
pg_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

static int
pg_open(struct db **out, const char *url, struct err *e)
{
	struct db *db;
	PGresult *res;

	*out = NULL;
	db = xcalloc(1, sizeof(*db));
	db->base.backend = &db_backend_pg;
	for (int i = 0; i < PG_CACHE_SLOTS; i++) {
		db->cache[i].base.backend = &db_backend_pg;
		db->cache[i].db = db;
		db->cache[i].cached = true;
	}
	db->conn = PQconnectdb(url);
	if (db->conn == NULL || PQstatus(db->conn) != CONNECTION_OK) {
		const char *why = db->conn ? PQerrorMessage(db->conn) : "";
		int code = strstr(why, "password") || strstr(why, "authentication")
				   ? SAMSYN_EINVAL
				   : SAMSYN_EUNAVAILABLE;

		pg_close(db);
		if (code == SAMSYN_EINVAL)
			return err_set(e, code, "db",
				       "PostgreSQL nekade inloggningen: kontrollera användare och "
				       "lösenord i databasens adress.");
		return err_set(e, code, "db",
			       "PostgreSQL går inte att nå: kontrollera värd, port och "
			       "databasnamn, och att servern är igång.");
	}
	PQsetNoticeProcessor(db->conn, pg_notice, NULL);
	/* Times are written by samsyn as text; the session settings only guard against a
	 * server configured otherwise. */
	res = PQexec(db->conn, "SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC'");
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		PQclear(res);
		pg_close(db);
		return err_set(e, SAMSYN_EUNAVAILABLE, "db", "PostgreSQL svarade inte som väntat.");
	}
	PQclear(res);
	*out = db;
	return SAMSYN_OK;
}

static void
pg_clear_params(struct db_stmt *st)
{
	for (int i = 0; i < st->nparams; i++) {
		free(st->params[i]);
		st->params[i] = NULL;
	}
	st->nparams = 0;
	if (st->res)
		PQclear(st->res);
	st->res = NULL;
	st->row = -1;
	st->nrows = 0;
}

static void
pg_close(struct db *db)
{
	if (db == NULL)
		return;
	for (int i = 0; i < PG_CACHE_SLOTS; i++)
		pg_clear_params(&db->cache[i]);
	if (db->conn)
		PQfinish(db->conn);
	free(db);
}

/* "?" to "$n", outside quoted strings and identifiers. */
static char *
pg_renumber(const char *sql)
{
	struct buf b;
	char quote = 0;
	int n = 0;

	buf_init(&b, BUF_MAX_DEFAULT);
	for (const char *p = sql; *p; p++) {
		if (quote) {
			if (*p == quote)
				quote = 0;
			buf_putc(&b, *p);
		} else if (*p == '\'' || *p == '"') {
			quote = *p;
			buf_putc(&b, *p);
		} else if (*p == '?') {
			buf_printf(&b, "$%d", ++n);
		} else {
			buf_putc(&b, *p);
		}
	}
	return buf_detach(&b, NULL);
}

/* After a reconnect the server has forgotten every prepared statement. */
static void
pg_forget_prepared(struct db *db)
{
	for (int i = 0; i < PG_CACHE_SLOTS; i++)
		db->cache[i].name[0] = '\0';
}

static int
pg_prepare(struct db *db, const char *sql, bool cache, struct db_stmt **out, struct err *e)
{
	struct db_stmt *slot = NULL, *found = NULL;
	PGresult *res;
	char *text;

	*out = NULL;
	for (int i = 0; cache && i < PG_CACHE_SLOTS; i++) {
		struct db_stmt *c = &db->cache[i];

		if (c->sql == sql && !c->in_use) {
			found = c;
			break;
		}
		if (c->sql == NULL && slot == NULL)
			slot = c;
	}
	if (found == NULL) {
		if (slot == NULL) {
			slot = xcalloc(1, sizeof(*slot));
			slot->base.backend = &db_backend_pg;
			slot->db = db;
			slot->cached = false;
		}
		slot->sql = slot->cached ? sql : NULL;
		slot->name[0] = '\0';
		found = slot;
	}
	if (found->name[0] == '\0') {
		char name[16];

		snprintf(name, sizeof(name), "s%lu", ++db->names);
		text = pg_renumber(sql);
		res = PQprepare(db->conn, name, text, 0, NULL);
		free(text);
		if (PQresultStatus(res) != PGRES_COMMAND_OK) {
			int rc = pg_error(db, res, e);

			PQclear(res);
			if (!found->cached)
				free(found);
			else
				found->sql = NULL;
			return rc;
		}
		PQclear(res);
		snprintf(found->name, sizeof(found->name), "%s", name);
	}
	found->in_use = true;
	found->row = -1;
	*out = found;
	return SAMSYN_OK;
}

static void
pg_reset(struct db_stmt *st)
{
	pg_clear_params(st);
}

/* Identity columns keep their own counter; after rows came in with explicit ids it must
 * continue after the largest. */
static int
pg_sync_ids(struct db *db, const char *table, struct err *e)
{
	char sql[256];

	if (strcmp(table, "access_log") == 0)
		return SAMSYN_OK; /* ids there are assigned by samsyn */
	snprintf(sql, sizeof(sql),
		 "SELECT setval(pg_get_serial_sequence('%s', 'id'), COALESCE(MAX(id), 1),"
		 " MAX(id) IS NOT NULL) FROM %s",
		 table, table);
	return pg_exec(db, sql, e);
}

static void
pg_finalize(struct db_stmt *st)
{
	pg_clear_params(st);
	if (st->cached) {
		st->in_use = false;
		return;
	}
	if (st->name[0] && PQstatus(st->db->conn) == CONNECTION_OK) {
		char sql[48];
		PGresult *res;

		snprintf(sql, sizeof(sql), "DEALLOCATE %s", st->name);
		res = PQexec(st->db->conn, sql);
		PQclear(res);
	}
	free(st);
}

static int
pg_bind(struct db_stmt *st, int idx, char *value)
{
	if (idx < 1 || idx > PG_MAX_PARAMS) {
		free(value);
		return SAMSYN_EINTERNAL;
	}
	free(st->params[idx - 1]);
	st->params[idx - 1] = value;
	if (idx > st->nparams)
		st->nparams = idx;
	return SAMSYN_OK;
}

static int
pg_bind_int64(struct db_stmt *st, int idx, int64_t v)
{
	char text[24];

	snprintf(text, sizeof(text), "%lld", (long long)v);
	return pg_bind(st, idx, xstrdup(text));
}

static int
pg_bind_text(struct db_stmt *st, int idx, const char *s)
{
	return pg_bind(st, idx, s ? xstrdup(s) : NULL);
}

static int
pg_bind_null(struct db_stmt *st, int idx)
{
	return pg_bind(st, idx, NULL);
}

static int
pg_step(struct db_stmt *st, struct err *e)
{
	if (st->res == NULL) {
		ExecStatusType status;

		st->res = PQexecPrepared(st->db->conn, st->name, st->nparams,
					 (const char *const *)st->params, NULL, NULL, 0);
		status = PQresultStatus(st->res);
		if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
			int rc = pg_error(st->db, st->res, e);

			PQclear(st->res);
			st->res = NULL;
			return rc;
		}
		st->nrows = status == PGRES_TUPLES_OK ? PQntuples(st->res) : 0;
		st->row = -1;
	}
	if (st->row + 1 < st->nrows) {
		st->row++;
		return DB_ROW;
	}
	st->row = st->nrows;
	return DB_DONE;
}

static bool
pg_column_null(struct db_stmt *st, int col)
{
	return st->res == NULL || st->row < 0 || st->row >= st->nrows ||
	       PQgetisnull(st->res, st->row, col);
}

static int64_t
pg_column_int64(struct db_stmt *st, int col)
{
	const char *v = pg_column_text(st, col);

	return v ? strtoll(v, NULL, 10) : 0;
}

static const char *
pg_column_text(struct db_stmt *st, int col)
{
	if (pg_column_null(st, col))
		return NULL;
	return PQgetvalue(st->res, st->row, col);
}

static int
pg_exec(struct db *db, const char *sql, struct err *e)
{
	PGresult *res = PQexec(db->conn, sql);
	ExecStatusType status = PQresultStatus(res);
	int rc = SAMSYN_OK;

	if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
		rc = pg_error(db, res, e);
	PQclear(res);
	return rc;
}

static int
pg_run(struct db *db, const char *sql, struct err *e)
{
	struct db_stmt *st = NULL;
	int rc;

	if ((rc = pg_prepare(db, sql, true, &st, e)) != SAMSYN_OK)
		return rc;
	rc = pg_step(st, e);
	pg_finalize(st);
	return rc == DB_ROW || rc == DB_DONE ? SAMSYN_OK : rc;
}

/* A connection fit for a new transaction: reconnected if it was lost, idle if a fault
 * left a transaction behind. */
static int
pg_ready(struct db *db, struct err *e)
{
	if (PQstatus(db->conn) == CONNECTION_OK &&
	    PQtransactionStatus(db->conn) != PQTRANS_IDLE)
		pg_exec(db, "ROLLBACK", NULL);
	if (PQstatus(db->conn) != CONNECTION_OK) {
		PQreset(db->conn);
		pg_forget_prepared(db);
		if (PQstatus(db->conn) != CONNECTION_OK)
			return err_set(e, SAMSYN_EUNAVAILABLE, NULL, NULL);
		PQsetNoticeProcessor(db->conn, pg_notice, NULL);
		log_info("postgresql: reconnected");
	}
	return SAMSYN_OK;
}

static int
pg_ping(struct db *db, struct err *e)
{
	static const char sql[] = "SELECT 1";
	int rc;

	if ((rc = pg_ready(db, e)) != SAMSYN_OK)
		return rc;
	return pg_run(db, sql, e);
}

/* Every request starts here, so this is where a lost connection is re-established. */
static int
pg_begin(struct db *db, struct err *e)
{
	/* READ COMMITTED whatever the server's default: the snapshot must be taken after
	 * the lock below is granted, or the log's last row could be stale. */
	static const char sql_begin[] = "BEGIN ISOLATION LEVEL READ COMMITTED";
	static const char sql_lock[] = PG_TX_LOCK;
	int rc;

	if ((rc = pg_ready(db, e)) != SAMSYN_OK)
		return rc;
	if ((rc = pg_run(db, sql_begin, e)) != SAMSYN_OK)
		return rc;
	if ((rc = pg_run(db, sql_lock, e)) != SAMSYN_OK)
		pg_exec(db, "ROLLBACK", NULL);
	return rc;
}
