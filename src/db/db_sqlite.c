/* db_sqlite.c - the SQLite back end: WAL, synchronous=FULL, foreign keys, busy timeout. */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/db.h"
#include "util/log.h"
#include "util/xalloc.h"

#define SQLITE_CACHE_SLOTS 96
#define SQLITE_BUSY_MS 10000

struct db_stmt {
	struct db_stmt_base base;
	sqlite3_stmt *st;
	struct db *db;
	const char *sql; /* the cache key: the caller's string */
	bool cached, in_use;
};

struct db {
	struct db_base base;
	sqlite3 *conn;
	struct db_stmt cache[SQLITE_CACHE_SLOTS];
};

static int sqlite_open(struct db **out, const char *url, struct err *e);
static void sqlite_close(struct db *db);
static int sqlite_prepare(struct db *db, const char *sql, bool cache, struct db_stmt **out,
			  struct err *e);
static void sqlite_reset(struct db_stmt *st);
static void sqlite_finalize(struct db_stmt *st);
static int sqlite_bind_int64(struct db_stmt *st, int idx, int64_t v);
static int sqlite_bind_text(struct db_stmt *st, int idx, const char *s);
static int sqlite_bind_null(struct db_stmt *st, int idx);
static int sqlite_step(struct db_stmt *st, struct err *e);
static bool sqlite_column_null(struct db_stmt *st, int col);
static int64_t sqlite_column_int64(struct db_stmt *st, int col);
static const char *sqlite_column_text(struct db_stmt *st, int col);
static int sqlite_exec(struct db *db, const char *sql, struct err *e);
static int sqlite_begin(struct db *db, struct err *e);
static int sqlite_backup(struct db *db, const char *path, struct err *e);
static int sqlite_ping(struct db *db, struct err *e);

const struct db_backend db_backend_sqlite = {
	.name = "sqlite",
	.open = sqlite_open,
	.close = sqlite_close,
	.prepare = sqlite_prepare,
	.finalize = sqlite_finalize,
	.reset = sqlite_reset,
	.bind_int64 = sqlite_bind_int64,
	.bind_text = sqlite_bind_text,
	.bind_null = sqlite_bind_null,
	.step = sqlite_step,
	.column_null = sqlite_column_null,
	.column_int64 = sqlite_column_int64,
	.column_text = sqlite_column_text,
	.exec = sqlite_exec,
	.begin = sqlite_begin,
	.ping = sqlite_ping,
	.backup = sqlite_backup,
};

/* Maps an SQLite result to the program's error codes and logs the engine's words (they
 * name tables and constraints, never values). */
static int
sqlite_error(sqlite3 *conn, int src, struct err *e)
{
	int code;

	switch (src & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		code = SAMSYN_EUNAVAILABLE;
		break;
	case SQLITE_CONSTRAINT:
		code = SAMSYN_ECONFLICT;
		break;
	case SQLITE_FULL:
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN:
	case SQLITE_READONLY:
		code = SAMSYN_EIO;
		break;
	default:
		code = SAMSYN_EDB;
	}
	if (code != SAMSYN_ECONFLICT)
		log_error("sqlite: %s (%d)", conn ? sqlite3_errmsg(conn) : sqlite3_errstr(src),
			  src);
	return err_set(e, code, NULL, NULL);
}

static const char *
sqlite_path_of(const char *url)
{
	if (strncmp(url, "sqlite://", 9) == 0)
		return url + 9;
	if (strncmp(url, "sqlite:", 7) == 0)
		return url + 7;
	return url;
}

static int
sqlite_open(struct db **out, const char *url, struct err *e)
{
	static const char *pragmas = "PRAGMA journal_mode=WAL;"
				     "PRAGMA synchronous=FULL;"
				     "PRAGMA foreign_keys=ON;"
				     "PRAGMA trusted_schema=OFF;";
	const char *path = sqlite_path_of(url);
	struct db *db;
	int src;

	*out = NULL;
	if (*path == '\0')
		return err_set(e, SAMSYN_EINVAL, "db", "Databasens sökväg saknas.");
	db = xcalloc(1, sizeof(*db));
	db->base.backend = &db_backend_sqlite;
	src = sqlite3_open_v2(path, &db->conn,
			      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
			      NULL);
	if (src != SQLITE_OK) {
		sqlite_close(db);
		return err_set(e, SAMSYN_EIO, "db",
			       "Databasfilen går inte att öppna. Finns mappen, och får samsyn "
			       "skriva där?");
	}
	sqlite3_busy_timeout(db->conn, SQLITE_BUSY_MS);
	sqlite3_extended_result_codes(db->conn, 1);
	if ((src = sqlite3_exec(db->conn, pragmas, NULL, NULL, NULL)) != SQLITE_OK) {
		int rc = sqlite_error(db->conn, src, e);

		sqlite_close(db);
		if (rc == SAMSYN_EDB)
			err_set(e, SAMSYN_EIO, "db", "Filen är inte en SQLite-databas.");
		return e ? e->code : rc;
	}
	for (int i = 0; i < SQLITE_CACHE_SLOTS; i++) {
		db->cache[i].base.backend = &db_backend_sqlite;
		db->cache[i].db = db;
		db->cache[i].cached = true;
	}
	*out = db;
	return SAMSYN_OK;
}

static void
sqlite_close(struct db *db)
{
	if (db == NULL)
		return;
	for (int i = 0; i < SQLITE_CACHE_SLOTS; i++)
		if (db->cache[i].st)
			sqlite3_finalize(db->cache[i].st);
	sqlite3_close(db->conn);
	free(db);
}

static int
sqlite_prepare(struct db *db, const char *sql, bool cache, struct db_stmt **out, struct err *e)
{
	struct db_stmt *slot = NULL;
	sqlite3_stmt *raw = NULL;
	int src;

	*out = NULL;
	for (int i = 0; cache && i < SQLITE_CACHE_SLOTS; i++) {
		struct db_stmt *c = &db->cache[i];

		if (c->sql == sql && !c->in_use) {
			c->in_use = true;
			*out = c;
			return SAMSYN_OK;
		}
		if (c->sql == NULL && slot == NULL)
			slot = c;
	}
	src = sqlite3_prepare_v2(db->conn, sql, -1, &raw, NULL);
	if (src != SQLITE_OK)
		return sqlite_error(db->conn, src, e);
	if (slot == NULL) {
		slot = xcalloc(1, sizeof(*slot));
		slot->base.backend = &db_backend_sqlite;
		slot->db = db;
		slot->cached = false;
	}
	slot->st = raw;
	slot->sql = slot->cached ? sql : NULL;
	slot->in_use = true;
	*out = slot;
	return SAMSYN_OK;
}

static void
sqlite_reset(struct db_stmt *st)
{
	sqlite3_reset(st->st);
	sqlite3_clear_bindings(st->st);
}

static void
sqlite_finalize(struct db_stmt *st)
{
	if (st->cached) {
		sqlite3_reset(st->st);
		sqlite3_clear_bindings(st->st);
		st->in_use = false;
		return;
	}
	sqlite3_finalize(st->st);
	free(st);
}

static int
sqlite_bind_int64(struct db_stmt *st, int idx, int64_t v)
{
	return sqlite3_bind_int64(st->st, idx, v) == SQLITE_OK ? SAMSYN_OK : SAMSYN_EDB;
}

static int
sqlite_bind_text(struct db_stmt *st, int idx, const char *s)
{
	int src = s ? sqlite3_bind_text(st->st, idx, s, -1, SQLITE_TRANSIENT)
		    : sqlite3_bind_null(st->st, idx);

	return src == SQLITE_OK ? SAMSYN_OK : SAMSYN_EDB;
}

static int
sqlite_bind_null(struct db_stmt *st, int idx)
{
	return sqlite3_bind_null(st->st, idx) == SQLITE_OK ? SAMSYN_OK : SAMSYN_EDB;
}

static int
sqlite_step(struct db_stmt *st, struct err *e)
{
	int src = sqlite3_step(st->st);

	if (src == SQLITE_ROW)
		return DB_ROW;
	if (src == SQLITE_DONE)
		return DB_DONE;
	return sqlite_error(st->db->conn, src, e);
}

static bool
sqlite_column_null(struct db_stmt *st, int col)
{
	return sqlite3_column_type(st->st, col) == SQLITE_NULL;
}

static int64_t
sqlite_column_int64(struct db_stmt *st, int col)
{
	return sqlite3_column_int64(st->st, col);
}

static const char *
sqlite_column_text(struct db_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(st->st, col);
}

static int
sqlite_exec(struct db *db, const char *sql, struct err *e)
{
	int src = sqlite3_exec(db->conn, sql, NULL, NULL, NULL);

	return src == SQLITE_OK ? SAMSYN_OK : sqlite_error(db->conn, src, e);
}

static int
sqlite_begin(struct db *db, struct err *e)
{
	static const char sql[] = "BEGIN IMMEDIATE";
	struct db_stmt *st = NULL;
	int rc;

	if ((rc = sqlite_prepare(db, sql, true, &st, e)) != SAMSYN_OK)
		return rc;
	rc = sqlite_step(st, e);
	sqlite_finalize(st);
	return rc == DB_DONE ? SAMSYN_OK : rc;
}

static int
sqlite_backup(struct db *db, const char *path, struct err *e)
{
	sqlite3 *dst = NULL;
	sqlite3_backup *bk;
	int src, rc = SAMSYN_OK;

	if (access(path, F_OK) == 0)
		return err_set(e, SAMSYN_ECONFLICT, "file",
			       "Filen finns redan. Välj ett nytt namn för säkerhetskopian.");
	src = sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (src != SQLITE_OK) {
		rc = err_set(e, SAMSYN_EIO, "file", "Säkerhetskopian går inte att skapa där.");
		goto cleanup;
	}
	bk = sqlite3_backup_init(dst, "main", db->conn, "main");
	if (bk == NULL) {
		rc = sqlite_error(dst, sqlite3_errcode(dst), e);
		goto cleanup;
	}
	/* Copy in steps, so writers are not held off for the whole copy. */
	do {
		src = sqlite3_backup_step(bk, 256);
		if (src == SQLITE_BUSY || src == SQLITE_LOCKED)
			sqlite3_sleep(20);
	} while (src == SQLITE_OK || src == SQLITE_BUSY || src == SQLITE_LOCKED);
	sqlite3_backup_finish(bk);
	if (src != SQLITE_DONE)
		rc = sqlite_error(dst, src, e);
cleanup:
	sqlite3_close(dst);
	if (rc != SAMSYN_OK)
		unlink(path);
	return rc;
}

static int
sqlite_ping(struct db *db, struct err *e)
{
	int64_t one = 0;
	int rc = db_query_int64(db, "SELECT 1", &one, e);

	return rc == SAMSYN_OK && one != 1 ? err_set(e, SAMSYN_EUNAVAILABLE, NULL, NULL) : rc;
}
