/* audit_test.c - the access log's chain against a real SQLite database: appends verify,
 * and a changed, removed or reordered row is found and named. */
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

#include "db/db.h"
#include "db/migrate.h"
#include "domain/audit.h"
#include "domain/auth.h"
#include "domain/demo.h"
#include "domain/user.h"
#include "test.h"
#include "util/collate.h"
#include "util/timeutil.h"

static char path[64];
static const char *pg_url; /* NULL: the cases run on SQLite */
static bool skip;          /* PostgreSQL wanted but SAMSYN_TEST_PG_URL not set */

/* An empty database on the current back end. */
static struct db *
open_empty(void)
{
	struct db *db = NULL;
	struct err e;

	if (pg_url == NULL) {
		snprintf(path, sizeof(path), "/tmp/samsyn-unit-test-%d.db", (int)getpid());
		unlink(path);
		CHECK_INT(db_open(&db, path, &e), SAMSYN_OK);
		return db;
	}
	CHECK_INT(db_open(&db, pg_url, &e), SAMSYN_OK);
	if (db)
		CHECK_INT(db_exec(db, "DROP SCHEMA public CASCADE; CREATE SCHEMA public", &e),
			  SAMSYN_OK);
	return db;
}

struct found {
	int n;
	long long ids[16];
	const char *kinds[16];
};

static void
collect(const struct audit_problem *p, void *arg)
{
	struct found *f = arg;

	if (f->n < 16) {
		f->ids[f->n] = p->id;
		f->kinds[f->n] = p->problem;
		f->n++;
	}
}

/* A fresh database with five access-log rows. */
static struct db *
fresh(void)
{
	struct db *db = open_empty();
	struct arena arena;
	struct tx tx = {.channel = CHANNEL_CLI};
	struct err e;

	CHECK_INT(migrate_run(db, NULL, &e), SAMSYN_OK);
	arena_init(&arena);
	tx.db = db;
	tx.arena = &arena;
	CHECK_INT(db_begin(db, &e), SAMSYN_OK);
	for (int i = 1; i <= 5; i++)
		CHECK_INT(audit_record(&tx, "read", "user", i, "user", i, &e), SAMSYN_OK);
	CHECK_INT(db_commit(db, &e), SAMSYN_OK);
	arena_release(&arena);
	return db;
}

static void
finish(struct db *db)
{
	char wal[80], shm[80];

	db_close(db);
	if (pg_url)
		return;
	snprintf(wal, sizeof(wal), "%s-wal", path);
	snprintf(shm, sizeof(shm), "%s-shm", path);
	unlink(path);
	unlink(wal);
	unlink(shm);
}

static void
test_intact_chain_verifies(void)
{
	if (skip)
		return;
	struct db *db = fresh();
	struct audit_verify_result res;
	struct found f = {0};
	struct err e;

	CHECK_INT(audit_verify(db, collect, &f, &res, &e), SAMSYN_OK);
	CHECK(res.ok);
	CHECK_INT(res.rows, 5);
	CHECK_INT(f.n, 0);
	CHECK(strlen(res.head) == 64);
	finish(db);
}

static void
test_log_rejects_update_and_delete(void)
{
	if (skip)
		return;
	struct db *db = fresh();
	struct err e;

	CHECK_INT(db_exec(db, "UPDATE access_log SET action = 'update' WHERE id = 2", &e),
		  SAMSYN_ECONFLICT);
	CHECK_INT(db_exec(db, "DELETE FROM access_log WHERE id = 2", &e), SAMSYN_ECONFLICT);
	finish(db);
}

static void
drop_triggers(struct db *db)
{
	struct err e;

	CHECK_INT(db_exec(db,
			  pg_url ? "DROP TRIGGER access_log_no_update ON access_log;"
				   "DROP TRIGGER access_log_no_delete ON access_log"
				 : "DROP TRIGGER access_log_no_update; DROP TRIGGER "
				   "access_log_no_delete",
			  &e),
		  SAMSYN_OK);
}

static void
test_changed_row_is_named(void)
{
	if (skip)
		return;
	struct db *db = fresh();
	struct audit_verify_result res;
	struct found f = {0};
	struct err e;

	drop_triggers(db);
	CHECK_INT(db_exec(db, "UPDATE access_log SET subject_id = 9 WHERE id = 3", &e), SAMSYN_OK);
	CHECK_INT(audit_verify(db, collect, &f, &res, &e), SAMSYN_OK);
	CHECK(!res.ok);
	CHECK_INT(f.n, 1);
	CHECK_INT(f.ids[0], 3);
	CHECK_STR(f.kinds[0], "changed");
	finish(db);
}

static void
test_removed_row_is_named(void)
{
	if (skip)
		return;
	struct db *db = fresh();
	struct audit_verify_result res;
	struct found f = {0};
	struct err e;

	drop_triggers(db);
	CHECK_INT(db_exec(db, "DELETE FROM access_log WHERE id = 4", &e), SAMSYN_OK);
	CHECK_INT(audit_verify(db, collect, &f, &res, &e), SAMSYN_OK);
	CHECK(!res.ok);
	CHECK(f.n >= 1);
	CHECK_INT(f.ids[0], 4);
	CHECK_STR(f.kinds[0], "missing");
	finish(db);
}

static void
test_reordered_rows_are_named(void)
{
	if (skip)
		return;
	struct db *db = fresh();
	struct audit_verify_result res;
	struct found f = {0};
	struct err e;

	drop_triggers(db);
	/* Swap rows 2 and 3 whole, hashes and all. */
	CHECK_INT(db_exec(db, "UPDATE access_log SET id = 100 WHERE id = 2;"
			      "UPDATE access_log SET id = 2 WHERE id = 3;"
			      "UPDATE access_log SET id = 3 WHERE id = 100",
			  &e),
		  SAMSYN_OK);
	CHECK_INT(audit_verify(db, collect, &f, &res, &e), SAMSYN_OK);
	CHECK(!res.ok);
	CHECK(f.n >= 1);
	CHECK_INT(f.ids[0], 2);
	finish(db);
}

static void
test_truncated_log_is_found_with_a_recorded_head(void)
{
	struct db *db;
	struct audit_verify_result res;
	struct found f = {0};
	char head[AUDIT_HASH_HEX];
	struct err e;

	if (skip)
		return;
	db = fresh();
	CHECK_INT(audit_verify(db, NULL, NULL, &res, &e), SAMSYN_OK);
	snprintf(head, sizeof(head), "%s", res.head);
	CHECK_INT(audit_verify_head(db, head, collect, &f, &res, &e), SAMSYN_OK);
	CHECK(res.ok);
	drop_triggers(db);
	CHECK_INT(db_exec(db, "DELETE FROM access_log WHERE id = 5", &e), SAMSYN_OK);
	/* Without the recorded head the shorter chain looks whole ... */
	CHECK_INT(audit_verify(db, NULL, NULL, &res, &e), SAMSYN_OK);
	CHECK(res.ok);
	/* ... with it, the cut is found. */
	CHECK_INT(audit_verify_head(db, head, collect, &f, &res, &e), SAMSYN_OK);
	CHECK(!res.ok);
	CHECK_INT(f.n, 1);
	CHECK_STR(f.kinds[0], "truncated");
	CHECK_INT(audit_verify_head(db, "nothex", NULL, NULL, &res, &e), SAMSYN_EINVAL);
	finish(db);
}

static void
test_null_id_turned_into_a_number_is_named(void)
{
	struct db *db;
	struct audit_verify_result res;
	struct found f = {0};
	struct err e;

	if (skip)
		return;
	db = fresh();
	drop_triggers(db);
	/* Rows written by the CLI have no user and no unit. */
	CHECK_INT(db_exec(db, "UPDATE access_log SET unit_id = -7 WHERE id = 2;"
			      "UPDATE access_log SET user_id = 0 WHERE id = 4",
			  &e),
		  SAMSYN_OK);
	CHECK_INT(audit_verify(db, collect, &f, &res, &e), SAMSYN_OK);
	CHECK(!res.ok);
	CHECK_INT(f.n, 2);
	CHECK_INT(f.ids[0], 2);
	CHECK_INT(f.ids[1], 4);
	finish(db);
}

static void
test_chain_longer_than_a_read_batch_verifies_and_names_a_change(void)
{
	struct db *db;
	struct arena arena;
	struct tx tx = {.channel = CHANNEL_CLI};
	struct audit_verify_result res;
	struct found f = {0};
	struct err e;

	if (skip)
		return;
	db = fresh();
	arena_init(&arena);
	tx.db = db;
	tx.arena = &arena;
	CHECK_INT(db_begin(db, &e), SAMSYN_OK);
	for (int i = 0; i < 12000; i++)
		if (audit_record(&tx, "read", "user", 1 + i % 50, "user", 1 + i % 50, &e) != SAMSYN_OK)
			break;
	CHECK_INT(db_commit(db, &e), SAMSYN_OK);
	arena_release(&arena);
	CHECK_INT(audit_verify(db, NULL, NULL, &res, &e), SAMSYN_OK);
	CHECK(res.ok);
	CHECK_INT(res.rows, 12005);
	drop_triggers(db);
	CHECK_INT(db_exec(db, "UPDATE access_log SET action = 'update' WHERE id = 7001", &e),
		  SAMSYN_OK);
	CHECK_INT(audit_verify(db, collect, &f, &res, &e), SAMSYN_OK);
	CHECK(!res.ok);
	CHECK_INT(f.n, 1);
	CHECK_INT(f.ids[0], 7001);
	finish(db);
}

static void
test_hash_covers_every_field(void)
{
	struct audit_entry a = {.id = 1, .at = "2026-01-01T00:00:00.000000Z", .user_id = 1,
				.action = "read", .subject_type = "user", .subject_id = 2,
				.record_type = "user", .record_id = 2, .outcome = "ok",
				.channel = "web"};
	struct audit_entry b = a;
	char ha[AUDIT_HASH_HEX], hb[AUDIT_HASH_HEX];

	audit_hash_row(&a, "0", ha);
	audit_hash_row(&b, "0", hb);
	CHECK_STR(ha, hb);
	b.purpose = "";
	audit_hash_row(&b, "0", hb);
	CHECK(strcmp(ha, hb) != 0); /* NULL and "" differ */
	b = a;
	b.channel = "api";
	audit_hash_row(&b, "0", hb);
	CHECK(strcmp(ha, hb) != 0);
	audit_hash_row(&a, "1", hb);
	CHECK(strcmp(ha, hb) != 0);
}

/* A row without a flag hashes as every row did before the flag existed (this digest was
 * computed from the v1 serialisation by hand), so old logs still verify. */
static void
test_row_without_flag_keeps_its_old_hash(void)
{
	struct audit_entry a = {.id = 1, .at = "2026-01-01T00:00:00.000000Z", .user_id = 1,
				.action = "read", .subject_type = "user", .subject_id = 2,
				.record_type = "user", .record_id = 2, .outcome = "ok",
				.channel = "web"};
	char h[AUDIT_HASH_HEX];

	audit_hash_row(&a, "0", h);
	CHECK_STR(h, "e52ee33f539fdc1cd3b0da2a0451eec90043de7c6bbeee1e663d290e19990503");
	a.flag = "protected";
	audit_hash_row(&a, "0", h);
	CHECK(strcmp(h, "e52ee33f539fdc1cd3b0da2a0451eec90043de7c6bbeee1e663d290e19990503") != 0);
}

/* Appends, in a transaction of its own, a read of child 7 with flag (NULL: none). */
static void
append_child_read(struct db *db, const char *flag)
{
	struct arena arena;
	struct tx tx = {.db = db, .channel = CHANNEL_API};
	struct audit_event ev = {.action = "read", .subject_type = "child", .subject_id = 7,
				 .record_type = "child", .record_id = 7, .outcome = "ok",
				 .flag = flag};
	struct err e;

	arena_init(&arena);
	tx.arena = &arena;
	CHECK_INT(db_begin(db, &e), SAMSYN_OK);
	CHECK_INT(audit_append(&tx, &ev, &e), SAMSYN_OK);
	CHECK_INT(db_commit(db, &e), SAMSYN_OK);
	arena_release(&arena);
}

struct flagged_rows {
	int n;
	long long ids[8];
	const char *flags[8];
};

static void
collect_rows(const struct audit_entry *a, void *arg)
{
	struct flagged_rows *rows = arg;

	if (rows->n < 8) {
		rows->ids[rows->n] = a->id;
		rows->flags[rows->n] = a->flag;
		rows->n++;
	}
}

static void
test_flagged_row_verifies_and_is_found_by_the_filter(void)
{
	struct db *db;
	struct arena arena;
	struct tx tx = {.channel = CHANNEL_CLI};
	struct audit_filter f = {.limit = 100, .flagged_only = true};
	struct audit_verify_result res;
	struct flagged_rows rows = {0};
	struct err e;

	if (skip)
		return;
	db = fresh();
	append_child_read(db, "protected"); /* row 6 */
	append_child_read(db, NULL);        /* row 7 */
	CHECK_INT(audit_verify(db, NULL, NULL, &res, &e), SAMSYN_OK);
	CHECK(res.ok);
	CHECK_INT(res.rows, 7);
	arena_init(&arena);
	tx.db = db;
	tx.arena = &arena;
	CHECK_INT(db_begin(db, &e), SAMSYN_OK);
	CHECK_INT(audit_query(&tx, &f, collect_rows, &rows, &e), SAMSYN_OK);
	CHECK_INT(db_commit(db, &e), SAMSYN_OK);
	CHECK_INT(rows.n, 1);
	CHECK_INT(rows.ids[0], 6);
	CHECK_STR(rows.flags[0], "protected");
	arena_release(&arena);
	finish(db);
}

static void
test_changed_flag_breaks_the_chain(void)
{
	struct db *db;
	struct audit_verify_result res;
	struct found f = {0};
	struct err e;

	if (skip)
		return;
	db = fresh();
	append_child_read(db, "protected"); /* row 6 */
	append_child_read(db, NULL);        /* row 7 */
	drop_triggers(db);
	/* Hiding that a protected child was looked at, and flagging a row that was not. */
	CHECK_INT(db_exec(db, "UPDATE access_log SET flag = NULL WHERE id = 6;"
			      "UPDATE access_log SET flag = 'protected' WHERE id = 3",
			  &e),
		  SAMSYN_OK);
	CHECK_INT(audit_verify(db, collect, &f, &res, &e), SAMSYN_OK);
	CHECK(!res.ok);
	CHECK_INT(f.n, 2);
	CHECK_INT(f.ids[0], 3);
	CHECK_INT(f.ids[1], 6);
	CHECK_STR(f.kinds[1], "changed");
	finish(db);
}

static void
test_filter_text_takes_flagged(void)
{
	struct audit_filter_text t = {.flagged = "1"};
	struct audit_filter f;
	struct err e;

	CHECK_INT(audit_filter_parse(&t, &f, &e), SAMSYN_OK);
	CHECK(f.flagged_only);
	t.flagged = "0";
	CHECK_INT(audit_filter_parse(&t, &f, &e), SAMSYN_OK);
	CHECK(!f.flagged_only);
	t.flagged = "yes";
	CHECK_INT(audit_filter_parse(&t, &f, &e), SAMSYN_EINVAL);
	CHECK_STR(e.field, "flagged");
	t = (struct audit_filter_text){.subject_type = "child", .subject_id = "7"};
	CHECK_INT(audit_filter_parse(&t, &f, &e), SAMSYN_OK);
	CHECK_STR(f.subject_type, "child");
}

static void
test_demo_load_writes_users_and_their_log_rows(void)
{
	if (skip)
		return;
	struct db *db = fresh();
	struct arena arena;
	struct tx tx = {.db = db, .channel = CHANNEL_CLI};
	struct audit_verify_result res;
	struct err e;
	bool loaded = false;
	int64_t users = 0;

	arena_init(&arena);
	tx.arena = &arena;
	CHECK_INT(db_begin(db, &e), SAMSYN_OK);
	CHECK_INT(demo_load(&tx, &loaded, &e), SAMSYN_OK);
	CHECK_INT(db_commit(db, &e), SAMSYN_OK);
	CHECK(loaded);
	CHECK_INT(user_count(db, &users, &e), SAMSYN_OK);
	CHECK(users >= 4);
	CHECK_INT(audit_verify(db, NULL, NULL, &res, &e), SAMSYN_OK);
	CHECK(res.ok);
	CHECK(res.rows > 5 + users);
	arena_release(&arena);
	finish(db);
}

static void
setup(void)
{
	struct auth_config cfg;

	time_init();
	collate_init();
	auth_config_defaults(&cfg);
	auth_init(&cfg);
}

static void
on_postgresql(void)
{
	pg_url = getenv("SAMSYN_TEST_PG_URL");
	skip = pg_url == NULL || *pg_url == '\0';
	if (skip)
		printf("SKIP the PostgreSQL cases: SAMSYN_TEST_PG_URL is not set\n");
}

#define DB_CASES                                                                          \
	T(test_intact_chain_verifies), T(test_log_rejects_update_and_delete),              \
		T(test_changed_row_is_named), T(test_removed_row_is_named),                \
		T(test_reordered_rows_are_named),                                          \
		T(test_truncated_log_is_found_with_a_recorded_head),                       \
		T(test_chain_longer_than_a_read_batch_verifies_and_names_a_change),         \
		T(test_null_id_turned_into_a_number_is_named),                             \
		T(test_flagged_row_verifies_and_is_found_by_the_filter),                   \
		T(test_changed_flag_breaks_the_chain),                                     \
		T(test_demo_load_writes_users_and_their_log_rows)

TEST_MAIN({"setup", setup}, T(test_hash_covers_every_field),
	  T(test_row_without_flag_keeps_its_old_hash), T(test_filter_text_takes_flagged), DB_CASES,
	  T(on_postgresql), DB_CASES)
