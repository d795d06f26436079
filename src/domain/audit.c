#include "domain/audit.h"

#include <errno.h>
#include <sodium.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "util/buf.h"
#include "util/timeutil.h"

static const char GENESIS[] = "0000000000000000000000000000000000000000000000000000000000000000";

static const char SQL_LAST[] = "SELECT id, hash FROM access_log ORDER BY id DESC LIMIT 1";
static const char SQL_INSERT[] =
	"INSERT INTO access_log (id, at, user_id, unit_id, action, subject_type, subject_id,"
	" record_type, record_id, purpose, outcome, channel, prev_hash, hash, flag)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
/* The chain is read in batches, so that no back end holds the whole log in memory. */
#define AUDIT_BATCH 5000
static const char SQL_BATCH[] =
	"SELECT id, at, user_id, unit_id, action, subject_type, subject_id, record_type,"
	" record_id, purpose, outcome, channel, prev_hash, hash, flag FROM access_log"
	" WHERE id > ? ORDER BY id LIMIT 5000";
static const char SQL_QUERY[] =
	"SELECT a.id, a.at, a.user_id, a.unit_id, a.action, a.subject_type, a.subject_id,"
	" a.record_type, a.record_id, a.purpose, a.outcome, a.channel, u.name, a.flag"
	" FROM access_log a LEFT JOIN users u ON u.id = a.user_id"
	" WHERE (? = 0 OR a.user_id = ?)"
	" AND (CAST(? AS TEXT) IS NULL OR a.subject_type = ?)"
	" AND (? = 0 OR a.subject_id = ?)"
	" AND (CAST(? AS TEXT) IS NULL OR a.at >= ?)"
	" AND (CAST(? AS TEXT) IS NULL OR a.at < ?)"
	" AND (? = 0 OR a.id < ?)"
	" AND (? = 0 OR a.flag IS NOT NULL)"
	" ORDER BY a.id DESC LIMIT ?";

static void audit_field_text(struct buf *b, const char *s);
static void audit_field_int(struct buf *b, int64_t v);
static void audit_row_from(struct db_stmt *st, struct audit_entry *row);
static int64_t audit_column_id(struct db_stmt *st, int col);
static void audit_problem(void (*fn)(const struct audit_problem *, void *), void *arg,
			  int64_t id, const char *problem, const char *fmt, long long n);

int
audit_append(struct tx *tx, const struct audit_event *ev, struct err *e)
{
	struct db_stmt *st = NULL;
	struct audit_entry row;
	char prev[AUDIT_HASH_HEX], hash[AUDIT_HASH_HEX], at[TIME_ISO_LEN];
	int64_t last_id = 0;
	int rc;

	if ((rc = db_prepare(tx->db, SQL_LAST, &st, e)) != SAMSYN_OK)
		goto cleanup;
	rc = db_step(st, e);
	if (rc == DB_ROW) {
		last_id = db_column_int64(st, 0);
		snprintf(prev, sizeof(prev), "%s", db_column_text(st, 1));
	} else if (rc == DB_DONE) {
		snprintf(prev, sizeof(prev), "%s", GENESIS);
	} else {
		goto cleanup;
	}
	db_finalize(st);
	st = NULL;

	time_now_iso(at);
	row = (struct audit_entry){
		.id = last_id + 1,
		.at = at,
		.user_id = tx->actor.user_id,
		.unit_id = tx->actor.unit_id,
		.action = ev->action,
		.subject_type = ev->subject_type,
		.subject_id = ev->subject_id,
		.record_type = ev->record_type,
		.record_id = ev->record_id,
		.purpose = ev->purpose,
		.outcome = ev->outcome ? ev->outcome : "ok",
		.channel = channel_name(tx->channel),
		.flag = ev->flag,
	};
	audit_hash_row(&row, prev, hash);

	if ((rc = db_prepare(tx->db, SQL_INSERT, &st, e)) != SAMSYN_OK)
		goto cleanup;
	db_bind_int64(st, 1, row.id);
	db_bind_text(st, 2, row.at);
	db_bind_id(st, 3, row.user_id);
	db_bind_id(st, 4, row.unit_id);
	db_bind_text(st, 5, row.action);
	db_bind_text(st, 6, row.subject_type);
	db_bind_id(st, 7, row.subject_id);
	db_bind_text(st, 8, row.record_type);
	db_bind_id(st, 9, row.record_id);
	db_bind_text(st, 10, row.purpose);
	db_bind_text(st, 11, row.outcome);
	db_bind_text(st, 12, row.channel);
	db_bind_text(st, 13, prev);
	db_bind_text(st, 14, hash);
	db_bind_text(st, 15, row.flag);
	rc = db_step(st, e);
	rc = (rc == DB_DONE) ? SAMSYN_OK : rc;
	if (rc == SAMSYN_OK && tx->arena && strcmp(row.action, "read") == 0 &&
	    strcmp(row.outcome, "ok") == 0) {
		struct tx_read *read = arena_alloc(tx->arena, sizeof(*read));

		*read = (struct tx_read){
			.subject_type = ev->subject_type,
			.subject_id = ev->subject_id,
			.record_type = ev->record_type,
			.record_id = ev->record_id,
			.flag = ev->flag,
		};
		if (tx->reads_tail)
			tx->reads_tail->next = read;
		else
			tx->reads = read;
		tx->reads_tail = read;
	}
cleanup:
	db_finalize(st);
	return (rc == DB_ROW || rc == DB_DONE) ? SAMSYN_OK : rc;
}

int
audit_replay_reads(struct tx *tx, struct err *e)
{
	struct tx_read *read = tx->reads;
	int rc = SAMSYN_OK;

	tx->reads = tx->reads_tail = NULL;
	for (; read && rc == SAMSYN_OK; read = read->next) {
		struct audit_event ev = {
			.action = "read",
			.subject_type = read->subject_type,
			.subject_id = read->subject_id,
			.record_type = read->record_type,
			.record_id = read->record_id,
			.outcome = "ok",
			.flag = read->flag,
		};

		rc = audit_append(tx, &ev, e);
	}
	return rc;
}

int
audit_record(struct tx *tx, const char *action, const char *subject_type, int64_t subject_id,
	     const char *record_type, int64_t record_id, struct err *e)
{
	struct audit_event ev = {
		.action = action,
		.subject_type = subject_type,
		.subject_id = subject_id,
		.record_type = record_type,
		.record_id = record_id,
		.outcome = "ok",
	};

	return audit_append(tx, &ev, e);
}

void
audit_hash_row(const struct audit_entry *row, const char *prev_hash, char out[AUDIT_HASH_HEX])
{
	unsigned char digest[crypto_hash_sha256_BYTES];
	struct buf b;

	/* Each field is length-prefixed and NULL is distinct from "", so no two different
	 * rows serialise to the same bytes. */
	buf_init(&b, BUF_MAX_DEFAULT);
	buf_puts(&b, "samsyn-access-log-v1\n");
	audit_field_text(&b, prev_hash);
	audit_field_int(&b, row->id);
	audit_field_text(&b, row->at);
	audit_field_int(&b, row->user_id);
	audit_field_int(&b, row->unit_id);
	audit_field_text(&b, row->action);
	audit_field_text(&b, row->subject_type);
	audit_field_int(&b, row->subject_id);
	audit_field_text(&b, row->record_type);
	audit_field_int(&b, row->record_id);
	audit_field_text(&b, row->purpose);
	audit_field_text(&b, row->outcome);
	audit_field_text(&b, row->channel);
	/* The flag came later (migration 0003): it is hashed only when set, so rows written
	 * before it, and unflagged rows since, hash exactly as they always did. */
	if (row->flag != NULL) {
		buf_puts(&b, "flag\n");
		audit_field_text(&b, row->flag);
	}
	crypto_hash_sha256(digest, (const unsigned char *)buf_cstr(&b), b.len);
	buf_release(&b);
	sodium_bin2hex(out, AUDIT_HASH_HEX, digest, sizeof(digest));
}

int
audit_filter_check(const struct audit_filter *f, struct err *e)
{
	if (f->from_day && !time_valid_date(f->from_day))
		return err_set(e, SAMSYN_EINVAL, "from", "Ange datumet som ÅÅÅÅ-MM-DD.");
	if (f->to_day && !time_valid_date(f->to_day))
		return err_set(e, SAMSYN_EINVAL, "to", "Ange datumet som ÅÅÅÅ-MM-DD.");
	if (f->from_day && f->to_day && strcmp(f->from_day, f->to_day) > 0)
		return err_set(e, SAMSYN_EINVAL, "to",
			       "Slutdatumet kan inte ligga före startdatumet.");
	if (f->limit < 1 || f->limit > 500)
		return err_set(e, SAMSYN_EINVAL, "limit", "Antalet rader ska vara 1–500.");
	if (f->user_id < 0 || f->subject_id < 0 || f->before_id < 0)
		return err_set(e, SAMSYN_EINVAL, NULL, "Ett id ska vara ett positivt heltal.");
	return SAMSYN_OK;
}

static int
audit_parse_id(const char *s, const char *field, int64_t *out, struct err *e)
{
	char *end;
	long long v;

	*out = 0;
	if (s == NULL || *s == '\0')
		return SAMSYN_OK;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v <= 0 || s[0] == '+' || s[0] == ' ')
		return err_set(e, SAMSYN_EINVAL, field, "Ange ett positivt heltal.");
	*out = v;
	return SAMSYN_OK;
}

int
audit_filter_parse(const struct audit_filter_text *t, struct audit_filter *f, struct err *e)
{
	int64_t limit;
	int rc;

	*f = (struct audit_filter){.limit = 100};
	if ((rc = audit_parse_id(t->user_id, "user_id", &f->user_id, e)) != SAMSYN_OK ||
	    (rc = audit_parse_id(t->subject_id, "subject_id", &f->subject_id, e)) != SAMSYN_OK ||
	    (rc = audit_parse_id(t->before_id, "before_id", &f->before_id, e)) != SAMSYN_OK ||
	    (rc = audit_parse_id(t->limit, "limit", &limit, e)) != SAMSYN_OK)
		return rc;
	if (limit > 500)
		return err_set(e, SAMSYN_EINVAL, "limit", "Antalet rader ska vara 1–500.");
	if (limit > 0)
		f->limit = (int)limit;
	if (t->subject_type && *t->subject_type) {
		if (strcmp(t->subject_type, "user") != 0 && strcmp(t->subject_type, "child") != 0)
			return err_set(e, SAMSYN_EINVAL, "subject_type",
				       "Okänd sorts person. Välj user eller child.");
		f->subject_type = t->subject_type;
	}
	if (t->flagged && *t->flagged && strcmp(t->flagged, "0") != 0) {
		if (strcmp(t->flagged, "1") != 0)
			return err_set(e, SAMSYN_EINVAL, "flagged", "Ange flagged=1 eller utelämna det.");
		f->flagged_only = true;
	}
	f->from_day = (t->from && *t->from) ? t->from : NULL;
	f->to_day = (t->to && *t->to) ? t->to : NULL;
	return audit_filter_check(f, e);
}

int
audit_query(struct tx *tx, const struct audit_filter *f,
	    void (*fn)(const struct audit_entry *, void *), void *arg, struct err *e)
{
	char from[TIME_ISO_LEN], to[TIME_ISO_LEN], ignore[TIME_ISO_LEN];
	const char *from_at = NULL, *to_at = NULL;
	struct db_stmt *st = NULL;
	int rc;

	if ((rc = audit_filter_check(f, e)) != SAMSYN_OK)
		return rc;
	if (f->from_day && time_local_day_bounds(f->from_day, from, ignore))
		from_at = from;
	if (f->to_day && time_local_day_bounds(f->to_day, ignore, to))
		to_at = to;
	if ((rc = db_prepare(tx->db, SQL_QUERY, &st, e)) != SAMSYN_OK)
		goto cleanup;
	db_bind_int64(st, 1, f->user_id);
	db_bind_int64(st, 2, f->user_id);
	db_bind_text(st, 3, f->subject_type);
	db_bind_text(st, 4, f->subject_type);
	db_bind_int64(st, 5, f->subject_id);
	db_bind_int64(st, 6, f->subject_id);
	db_bind_text(st, 7, from_at);
	db_bind_text(st, 8, from_at);
	db_bind_text(st, 9, to_at);
	db_bind_text(st, 10, to_at);
	db_bind_int64(st, 11, f->before_id);
	db_bind_int64(st, 12, f->before_id);
	db_bind_int64(st, 13, f->flagged_only ? 1 : 0);
	db_bind_int64(st, 14, f->limit);
	while ((rc = db_step(st, e)) == DB_ROW) {
		struct audit_entry row;
		const char *name = db_column_text(st, 12);

		audit_row_from(st, &row);
		row.at = arena_strdup(tx->arena, row.at);
		row.action = arena_strdup(tx->arena, row.action);
		row.subject_type = arena_strdup(tx->arena, row.subject_type);
		row.record_type = arena_strdup(tx->arena, row.record_type);
		row.purpose = arena_strdup(tx->arena, row.purpose);
		row.outcome = arena_strdup(tx->arena, row.outcome);
		row.channel = arena_strdup(tx->arena, row.channel);
		row.flag = arena_strdup(tx->arena, db_column_text(st, 13));
		row.user_name = arena_strdup(tx->arena, name);
		fn(&row, arg);
	}
	if (rc != DB_DONE)
		goto cleanup;
	db_finalize(st);
	st = NULL;
	/* Reading the log says who looked at whom: that read is logged too. */
	rc = audit_record(tx, "read", f->subject_type, f->subject_id, "access_log", 0, e);
cleanup:
	db_finalize(st);
	return rc;
}

int
audit_verify(struct db *db, void (*fn)(const struct audit_problem *, void *), void *arg,
	     struct audit_verify_result *out, struct err *e)
{
	return audit_verify_head(db, NULL, fn, arg, out, e);
}

/* Where a walk along the chain has got to. */
struct audit_walk {
	void (*fn)(const struct audit_problem *, void *);
	void *arg;
	struct audit_verify_result *out;
	const char *expect_head;
	bool head_seen;
	int64_t expected_id;
	char expected_prev[AUDIT_HASH_HEX];
};

static void
audit_walk_row(struct audit_walk *w, struct db_stmt *st)
{
	const char *prev = db_column_text(st, 12), *stored = db_column_text(st, 13);
	char hash[AUDIT_HASH_HEX];
	struct audit_entry row;
	bool gap;

	audit_row_from(st, &row);
	row.flag = db_column_text(st, 14);
	w->out->rows++;
	gap = row.id != w->expected_id;
	if (gap) {
		w->out->ok = false;
		audit_problem(w->fn, w->arg, w->expected_id, "missing",
			      row.id - w->expected_id == 1
				      ? "Rad %lld saknas: den har tagits bort."
				      : "Rader från %lld saknas: de har tagits bort.",
			      (long long)w->expected_id);
	}
	audit_hash_row(&row, prev ? prev : "", hash);
	if (stored == NULL || strcmp(hash, stored) != 0) {
		w->out->ok = false;
		audit_problem(w->fn, w->arg, row.id, "changed",
			      "Rad %lld har ändrats efter att den skrevs.", (long long)row.id);
	} else if (!gap && (prev == NULL || strcmp(prev, w->expected_prev) != 0)) {
		/* Row k is intact but does not point at row k-1: k-1 was rewritten with a
		 * hash of its own making, or rows were moved. */
		w->out->ok = false;
		if (w->fn) {
			struct audit_problem p = {.id = row.id - 1, .problem = "changed"};

			snprintf(p.message, sizeof(p.message),
				 "Rad %lld har ändrats efter att den skrevs (rad %lld pekar på en "
				 "annan kontrollsumma), eller raderna har flyttats.",
				 (long long)row.id - 1, (long long)row.id);
			w->fn(&p, w->arg);
		}
	}
	if (w->expect_head && stored && strcmp(stored, w->expect_head) == 0)
		w->head_seen = true;
	snprintf(w->expected_prev, sizeof(w->expected_prev), "%s", stored ? stored : "");
	w->expected_id = row.id + 1;
}

int
audit_verify_head(struct db *db, const char *expect_head,
		  void (*fn)(const struct audit_problem *, void *), void *arg,
		  struct audit_verify_result *out, struct err *e)
{
	struct audit_walk w = {.fn = fn, .arg = arg, .out = out, .expected_id = 1};
	struct db_stmt *st = NULL;
	int64_t got = AUDIT_BATCH;
	int rc = DB_DONE;

	if (expect_head && *expect_head) {
		size_t n = strlen(expect_head);

		for (size_t i = 0; i < n; i++)
			if (!((expect_head[i] >= '0' && expect_head[i] <= '9') ||
			      (expect_head[i] >= 'a' && expect_head[i] <= 'f')))
				n = 0;
		if (n != AUDIT_HASH_HEX - 1)
			return err_set(e, SAMSYN_EINVAL, "head",
				       "Kontrollsumman ska vara 64 hexadecimala tecken (0-9, a-f).");
		w.expect_head = expect_head;
	}
	out->ok = true;
	out->rows = 0;
	snprintf(w.expected_prev, sizeof(w.expected_prev), "%s", GENESIS);
	snprintf(out->head, sizeof(out->head), "%s", GENESIS);
	while (got == AUDIT_BATCH) {
		if ((rc = db_prepare(db, SQL_BATCH, &st, e)) != SAMSYN_OK)
			goto cleanup;
		db_bind_int64(st, 1, w.expected_id - 1);
		for (got = 0; (rc = db_step(st, e)) == DB_ROW; got++)
			audit_walk_row(&w, st);
		db_finalize(st);
		st = NULL;
		if (rc != DB_DONE)
			goto cleanup;
	}
	rc = SAMSYN_OK;
	snprintf(out->head, sizeof(out->head), "%s", w.expected_prev);
	if (w.expect_head && !w.head_seen) {
		out->ok = false;
		audit_problem(fn, arg, w.expected_id, "truncated",
			      "Den sparade kontrollsumman finns inte i loggen: loggen har kortats "
			      "eller bytts ut (från rad %lld eller tidigare).",
			      (long long)w.expected_id);
	}
cleanup:
	db_finalize(st);
	return rc;
}

struct audit_check_ctx {
	struct arena *arena;
	struct audit_check *out;
	size_t cap;
};

static void
audit_check_add(const struct audit_problem *p, void *arg)
{
	struct audit_check_ctx *c = arg;

	c->out->problems = arena_grow(c->arena, c->out->problems, c->out->nproblems, &c->cap,
				      sizeof(*c->out->problems));
	c->out->problems[c->out->nproblems++] = *p;
}

void
audit_check_run(struct db *db, const char *expect_head, struct arena *a, struct audit_check *out)
{
	struct audit_check_ctx c = {.arena = a, .out = out};

	memset(out, 0, sizeof(*out));
	out->rc = audit_verify_head(db, expect_head, audit_check_add, &c, &out->res, &out->err);
	out->done = true;
}

static void
audit_field_text(struct buf *b, const char *s)
{
	if (s == NULL)
		buf_puts(b, "-\n");
	else
		buf_printf(b, "%zu:%s\n", strlen(s), s);
}

/* 0 stands for NULL (ids are positive); any other value is written out, so a NULL
 * changed into a 0 or a negative number no longer hashes the same. */
static void
audit_field_int(struct buf *b, int64_t v)
{
	if (v == 0)
		buf_puts(b, "-\n");
	else
		buf_printf(b, "i%lld\n", (long long)v);
}

/* A stored id: NULL is 0; a stored 0 (never written by samsyn) becomes -1. */
static int64_t
audit_column_id(struct db_stmt *st, int col)
{
	int64_t v;

	if (db_column_null(st, col))
		return 0;
	v = db_column_int64(st, col);
	return v == 0 ? -1 : v;
}

/* Columns 0..11 of SQL_BATCH and SQL_QUERY are the same; the flag is where each has it. */
static void
audit_row_from(struct db_stmt *st, struct audit_entry *row)
{
	row->id = db_column_int64(st, 0);
	row->at = db_column_text(st, 1);
	row->user_id = audit_column_id(st, 2);
	row->unit_id = audit_column_id(st, 3);
	row->action = db_column_text(st, 4);
	row->subject_type = db_column_text(st, 5);
	row->subject_id = audit_column_id(st, 6);
	row->record_type = db_column_text(st, 7);
	row->record_id = audit_column_id(st, 8);
	row->purpose = db_column_text(st, 9);
	row->outcome = db_column_text(st, 10);
	row->channel = db_column_text(st, 11);
	row->user_name = NULL;
	row->flag = NULL;
}

static void
audit_problem(void (*fn)(const struct audit_problem *, void *), void *arg, int64_t id,
	      const char *problem, const char *fmt, long long n)
{
	struct audit_problem p = {.id = id, .problem = problem};

	if (fn == NULL)
		return;
	snprintf(p.message, sizeof(p.message), fmt, n);
	fn(&p, arg);
}
