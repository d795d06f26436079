/* audit.h - the access log (loggen): every read and write of personal data and every
 * denied request, append-only and hash-chained.
 *
 * Each row's hash is SHA-256 over the previous row's hash and the row's own fields
 * (id included), so a changed, removed or reordered row breaks the chain where it
 * happened.  Rows are appended inside the caller's transaction. */
#ifndef SAMSYN_AUDIT_H
#define SAMSYN_AUDIT_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/tx.h"
#include "util/err.h"

#define AUDIT_HASH_HEX 65

struct audit_event {
	const char *action;       /* read, create, update, login, logout, deny */
	const char *subject_type; /* the person concerned: "user" (later "child"); or NULL */
	int64_t subject_id;
	const char *record_type; /* what was touched: "user", "sector", a route pattern ... */
	int64_t record_id;
	const char *purpose; /* why, where the user gave a reason; may be NULL */
	const char *outcome; /* "ok" or "denied" */
	const char *flag;    /* "protected" for a child with protected identity; or NULL */
};

/* Appends one row for the tx's actor and channel. */
int audit_append(struct tx *tx, const struct audit_event *ev, struct err *e);

/* Logs again the reads noted in tx (after a rollback threw their rows away). */
int audit_replay_reads(struct tx *tx, struct err *e);

/* Shorthand for an "ok" row about a person. */
int audit_record(struct tx *tx, const char *action, const char *subject_type, int64_t subject_id,
		 const char *record_type, int64_t record_id, struct err *e);

struct audit_entry {
	int64_t id;
	const char *at;
	int64_t user_id;
	const char *user_name;
	int64_t unit_id;
	const char *action;
	const char *subject_type;
	int64_t subject_id;
	const char *record_type;
	int64_t record_id;
	const char *purpose;
	const char *outcome;
	const char *channel;
	const char *flag; /* NULL, or "protected" */
};

struct audit_filter {
	int64_t user_id;          /* 0: any */
	const char *subject_type; /* NULL: any */
	int64_t subject_id;       /* 0: any */
	const char *from_day;     /* YYYY-MM-DD, Stockholm; NULL: open */
	const char *to_day;       /* inclusive */
	int64_t before_id;        /* paging: rows with id < before_id; 0: from the newest */
	int limit;                /* 1..500 */
	bool flagged_only;        /* only rows with a flag (a child with protected identity) */
};

/* Validates a filter whose fields came from a user (dates, limit). */
int audit_filter_check(const struct audit_filter *f, struct err *e);

/* A filter as text, as it comes from a query string or a form; NULL or "" means unset. */
struct audit_filter_text {
	const char *user_id, *subject_type, *subject_id, *from, *to, *before_id, *limit;
	const char *flagged; /* "1": flagged rows only; "0" or unset: all */
};

/* Fills f from text, with the limit defaulting to 100; SAMSYN_EINVAL names the field. */
int audit_filter_parse(const struct audit_filter_text *t, struct audit_filter *f, struct err *e);

/* Calls fn for each entry matching f, newest first; strings live in tx->arena.
 * Only log reviewers may read the log (the route policy says so). */
int audit_query(struct tx *tx, const struct audit_filter *f,
		void (*fn)(const struct audit_entry *, void *), void *arg, struct err *e);

struct audit_problem {
	int64_t id;
	const char *problem; /* changed, missing, reordered */
	char message[160];   /* Swedish */
};

struct audit_verify_result {
	bool ok;
	int64_t rows;
	char head[AUDIT_HASH_HEX]; /* the last row's hash: record it to detect truncation */
};

/* Walks the whole chain; calls fn (may be NULL) for each problem found. */
int audit_verify(struct db *db, void (*fn)(const struct audit_problem *, void *), void *arg,
		 struct audit_verify_result *out, struct err *e);

/* The same, and a head recorded earlier (64 hex digits) must still be in the chain:
 * when it is not, the log was cut short or replaced ("truncated"). */
int audit_verify_head(struct db *db, const char *expect_head,
		      void (*fn)(const struct audit_problem *, void *), void *arg,
		      struct audit_verify_result *out, struct err *e);

/* A whole-chain check with its problems kept (in an arena), for the review page and the
 * API: it runs in a route's prepare step, outside any lock, since it reads every row. */
struct audit_check {
	bool done;
	int rc;
	struct err err;
	struct audit_verify_result res;
	struct audit_problem *problems;
	size_t nproblems;
};

void audit_check_run(struct db *db, const char *expect_head, struct arena *a,
		     struct audit_check *out);

/* The hash of one row, exposed for the tests. */
void audit_hash_row(const struct audit_entry *row, const char *prev_hash,
		    char out[AUDIT_HASH_HEX]);

#endif
