/* tx.h - who is acting, through which channel, inside which transaction.
 *
 * Every domain function that reads or writes data takes a struct tx: the request's (or
 * CLI command's) open transaction, the acting user, and an arena for what it returns.
 * Access-log rows are written through the same tx, so they commit or vanish together
 * with the data they describe. */
#ifndef SAMSYN_TX_H
#define SAMSYN_TX_H

#include <stdbool.h>
#include <stdint.h>

#include "db/db.h"
#include "util/arena.h"

enum role { ROLE_NONE = 0, ROLE_ADMIN, ROLE_AUDITOR, ROLE_STAFF };
enum channel { CHANNEL_WEB, CHANNEL_API, CHANNEL_CLI };

struct actor {
	int64_t user_id; /* 0: nobody (not logged in, or the operator's CLI) */
	int64_t unit_id;
	enum role role;
	const char *name;
	int64_t session_id; /* 0 with a bearer token or the CLI */
};

/* What a denied request was after; written to the access log after the rollback. */
struct tx_denial {
	bool set;
	const char *action; /* "deny" or "login" */
	const char *subject_type;
	int64_t subject_id;
	const char *record_type;
	int64_t record_id;
};

/* A read of personal data noted while a handler runs (see audit_append). */
struct tx_read {
	struct tx_read *next;
	const char *subject_type, *record_type;
	int64_t subject_id, record_id;
	const char *flag; /* the access-log row's flag, logged again with it */
};

struct tx {
	struct db *db;
	struct actor actor;
	enum channel channel;
	struct arena *arena;
	struct tx_denial denial;
	/* Reads logged so far, oldest first: when a handler fails after showing data (a
	 * form shown again with its error), its writes are rolled back and these reads are
	 * logged again, since the person did see the data. */
	struct tx_read *reads, *reads_tail;
};

/* Notes what a denied action was after, so the caller can log the denial once the
 * handler's writes are rolled back. Returns SAMSYN_EFORBIDDEN. */
int tx_deny(struct tx *tx, const char *record_type, int64_t record_id, const char *subject_type,
	    int64_t subject_id);

/* Column col of st's current row copied into the transaction's arena (NULL for NULL). */
const char *tx_text(struct tx *tx, struct db_stmt *st, int col);

const char *role_name(enum role r);       /* "admin" */
const char *role_label(enum role r);      /* "Administratör" */
enum role role_parse(const char *s);      /* ROLE_NONE when unknown */
const char *channel_name(enum channel c); /* "web" */

#endif
