/* db.h - the one database interface of samsyn.
 *
 * Domain code talks to this interface only.  Queries are written once in the SQL that
 * SQLite and PostgreSQL share, with `?` placeholders (numbered from 1 when binding).
 * A back end is a const struct of function pointers chosen by the URL at open time:
 *   sqlite:PATH, or a plain path             -> db_backend_sqlite
 *   postgresql://... or postgres://...       -> db_backend_pg (libpq connection URI)
 *
 * A connection is used by one thread at a time.  Statements are cached per connection
 * by their SQL text: db_finalize() on a cached statement only resets it, so preparing
 * the same string literal again is cheap. */
#ifndef SAMSYN_DB_H
#define SAMSYN_DB_H

#include <stdbool.h>
#include <stdint.h>

#include "util/err.h"

struct db;
struct db_stmt;

/* db_step() returns one of these, or a SAMSYN_E* code. */
enum { DB_ROW = 100, DB_DONE = 101 };

struct db_backend {
	const char *name;
	int (*open)(struct db **out, const char *url, struct err *e);
	void (*close)(struct db *db);
	/* cache: sql is a string literal that may be kept and reused by its address. */
	int (*prepare)(struct db *db, const char *sql, bool cache, struct db_stmt **out,
		       struct err *e);
	void (*finalize)(struct db_stmt *st);
	/* Readies a statement to run again with new bindings. */
	void (*reset)(struct db_stmt *st);
	int (*bind_int64)(struct db_stmt *st, int idx, int64_t v);
	int (*bind_text)(struct db_stmt *st, int idx, const char *s);
	int (*bind_null)(struct db_stmt *st, int idx);
	int (*step)(struct db_stmt *st, struct err *e);
	bool (*column_null)(struct db_stmt *st, int col);
	int64_t (*column_int64)(struct db_stmt *st, int col);
	const char *(*column_text)(struct db_stmt *st, int col);
	int (*exec)(struct db *db, const char *sql, struct err *e);
	int (*begin)(struct db *db, struct err *e);
	/* After rows were inserted with explicit ids: let the next generated id follow them.
	 * NULL when the back end needs nothing. */
	int (*sync_ids)(struct db *db, const char *table, struct err *e);
	/* Answers whether the database is reachable, reconnecting first if need be. */
	int (*ping)(struct db *db, struct err *e);
	/* Copies the whole database to a new file (an online backup); may be NULL. */
	int (*backup)(struct db *db, const char *path, struct err *e);
};

extern const struct db_backend db_backend_sqlite, db_backend_pg;

/* Opens a connection for url (see above).  The caller owns *out; close with db_close. */
int db_open(struct db **out, const char *url, struct err *e);
void db_close(struct db *db);
const struct db_backend *db_backend_of(const struct db *db);

/* Every back end's struct db starts with this. */
struct db_base {
	const struct db_backend *backend;
	int tx_depth;
};
struct db_stmt_base {
	const struct db_backend *backend;
};

/* sql must be a string literal (or otherwise live and unchanged for the program's life):
 * the statement is cached by its address. */
int db_prepare(struct db *db, const char *sql, struct db_stmt **out, struct err *e);
/* For SQL built at run time (never from input): prepared for this one use. */
int db_prepare_once(struct db *db, const char *sql, struct db_stmt **out, struct err *e);
void db_finalize(struct db_stmt *st);
void db_reset(struct db_stmt *st);
int db_bind_int64(struct db_stmt *st, int idx, int64_t v);
int db_bind_text(struct db_stmt *st, int idx, const char *s); /* NULL binds NULL */
int db_bind_null(struct db_stmt *st, int idx);
/* Binds v, or NULL when v <= 0 (ids are positive). */
int db_bind_id(struct db_stmt *st, int idx, int64_t v);
int db_step(struct db_stmt *st, struct err *e);
bool db_column_null(struct db_stmt *st, int col);
int64_t db_column_int64(struct db_stmt *st, int col);
/* Valid until the next step, reset or finalize; NULL for SQL NULL. */
const char *db_column_text(struct db_stmt *st, int col);

int db_exec(struct db *db, const char *sql, struct err *e);

/* Transactions.  db_begin takes the write lock at once (BEGIN IMMEDIATE on SQLite), so
 * read-then-append sequences such as the access-log chain are serialised. */
int db_begin(struct db *db, struct err *e);
int db_commit(struct db *db, struct err *e);
int db_rollback(struct db *db);
int db_savepoint(struct db *db, struct err *e);
int db_rollback_savepoint(struct db *db, struct err *e);
int db_release_savepoint(struct db *db, struct err *e);
bool db_in_transaction(const struct db *db);

int db_backup(struct db *db, const char *path, struct err *e);

/* SAMSYN_OK when the database answers (reconnecting a lost connection first). */
int db_ping(struct db *db, struct err *e);

/* Runs sql with no parameters and returns the first column of the first row.  The
 * _once form is for SQL built at run time. */
int db_query_int64(struct db *db, const char *sql, int64_t *out, struct err *e);
int db_query_once(struct db *db, const char *sql, int64_t *out, struct err *e);

/* Steps st once and finalizes it: SAMSYN_OK when it is done (an INSERT, UPDATE or DELETE
 * without RETURNING), else the step's code. */
int db_run(struct db_stmt *st, struct err *e);

/* Runs the cached statement sql and returns the first column of its first row in *out
 * (0 when there is no row): the shape of every "SELECT COUNT(*) ..." check.  text, when
 * not NULL, is bound first at index 1; the first nints (0 to 2) of a and b follow at the
 * next indexes.  Returns SAMSYN_OK or the error of the prepare or step. */
int db_count(struct db *db, const char *sql, const char *text, int nints, int64_t a, int64_t b,
	     int64_t *out, struct err *e);

/* Runs the cached statement sql with id bound at index 1.  On a row: SAMSYN_OK, and *out is
 * the statement positioned on it; the caller reads its columns, then calls db_finalize.
 * No row: SAMSYN_ENOTFOUND with missing as e's message, *out NULL.  Any other failure: its
 * code, *out NULL. */
int db_row_by_id(struct db *db, const char *sql, int64_t id, const char *missing,
		 struct db_stmt **out, struct err *e);

/* See struct db_backend.sync_ids. */
int db_sync_ids(struct db *db, const char *table, struct err *e);

#endif
