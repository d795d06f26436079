/* copy_test.c - samsyn copy: every table is copied, a round trip SQLite -> PostgreSQL ->
 * SQLite gives the same rows and a verifying chain, and a non-empty target is refused. */
#include <stdlib.h>
#include <unistd.h>

#include "db/copy.h"
#include "db/db.h"
#include "db/migrate.h"
#include "domain/audit.h"
#include "domain/auth.h"
#include "domain/demo.h"
#include "test.h"
#include "util/buf.h"
#include "util/collate.h"
#include "util/timeutil.h"

static char path_a[64], path_b[64];
static const char *pg_url;

static void
remove_sqlite(const char *path)
{
	char other[80];

	unlink(path);
	snprintf(other, sizeof(other), "%s-wal", path);
	unlink(other);
	snprintf(other, sizeof(other), "%s-shm", path);
	unlink(other);
}

static struct db *
demo_db(const char *path)
{
	struct db *db = NULL;
	struct arena arena;
	struct tx tx = {.channel = CHANNEL_CLI};
	struct err e;
	bool loaded;

	remove_sqlite(path);
	CHECK_INT(db_open(&db, path, &e), SAMSYN_OK);
	CHECK_INT(migrate_run(db, NULL, &e), SAMSYN_OK);
	arena_init(&arena);
	tx.db = db;
	tx.arena = &arena;
	CHECK_INT(db_begin(db, &e), SAMSYN_OK);
	CHECK_INT(demo_load(&tx, &loaded, &e), SAMSYN_OK);
	CHECK_INT(db_commit(db, &e), SAMSYN_OK);
	arena_release(&arena);
	return db;
}

/* All rows of every table as text, for comparing two databases. */
static void
dump(struct db *db, struct buf *out)
{
	static const char *const selects[] = {
		"SELECT id, name, kind, active FROM sectors ORDER BY id",
		"SELECT id, name, sector_id, active FROM units ORDER BY id",
		"SELECT id, name, active FROM functions ORDER BY id",
		"SELECT id, name, email, function_id, unit_id, role, password_hash, active, "
		"created_at, updated_at FROM users ORDER BY id",
		"SELECT id, token_hash, user_id, csrf_token, created_at, last_seen_at, ended_at "
		"FROM sessions ORDER BY id",
		"SELECT id, user_id, name, token_hash, created_by, created_at, expires_at, "
		"revoked_at FROM api_tokens ORDER BY id",
		"SELECT id, at, user_id, unit_id, action, subject_type, subject_id, record_type, "
		"record_id, purpose, outcome, channel, prev_hash, hash FROM access_log ORDER BY id",
	};
	static const int columns[] = {4, 4, 3, 10, 7, 8, 14};
	struct err e;

	for (size_t t = 0; t < sizeof(selects) / sizeof(selects[0]); t++) {
		struct db_stmt *st = NULL;

		CHECK_INT(db_prepare(db, selects[t], &st, &e), SAMSYN_OK);
		while (st && db_step(st, &e) == DB_ROW) {
			for (int c = 0; c < columns[t]; c++) {
				const char *v = db_column_text(st, c);

				buf_printf(out, "%s|", v ? v : "<null>");
			}
			buf_putc(out, '\n');
		}
		db_finalize(st);
	}
}

static void
test_every_table_of_the_schema_is_copied(void)
{
	struct db *db = demo_db(path_a);
	struct db_stmt *st = NULL;
	struct err e;
	int tables = 0;

	CHECK_INT(db_prepare(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name "
				 "NOT LIKE 'sqlite_%' AND name <> 'schema_migrations'",
			     &st, &e),
		  SAMSYN_OK);
	while (st && db_step(st, &e) == DB_ROW) {
		const char *name = db_column_text(st, 0);
		bool listed = false;

		for (int i = 0; copy_tables[i]; i++)
			listed = listed || strcmp(copy_tables[i], name) == 0;
		if (!listed)
			fprintf(stderr, "table %s is not in copy_tables\n", name);
		CHECK(listed);
		tables++;
	}
	db_finalize(st);
	CHECK(tables >= 7);
	db_close(db);
	remove_sqlite(path_a);
}

static void
test_copy_refuses_a_target_that_is_not_empty(void)
{
	struct db *a = demo_db(path_a), *b = demo_db(path_b);
	struct copy_result res;
	struct err e;

	CHECK_INT(copy_database(a, b, &res, &e), SAMSYN_ECONFLICT);
	CHECK(strstr(e.message, "inte tom") != NULL);
	db_close(a);
	db_close(b);
	remove_sqlite(path_a);
	remove_sqlite(path_b);
}

static void
test_round_trip_sqlite_postgresql_sqlite_keeps_rows_and_chain(void)
{
	struct db *a, *pg = NULL, *b = NULL;
	struct audit_verify_result va, vb, vp;
	struct copy_result res;
	struct buf before, after;
	struct err e;

	if (pg_url == NULL || *pg_url == '\0') {
		printf("SKIP: SAMSYN_TEST_PG_URL is not set\n");
		return;
	}
	a = demo_db(path_a);
	CHECK_INT(db_open(&pg, pg_url, &e), SAMSYN_OK);
	CHECK_INT(db_exec(pg, "DROP SCHEMA public CASCADE; CREATE SCHEMA public", &e), SAMSYN_OK);
	remove_sqlite(path_b);
	CHECK_INT(db_open(&b, path_b, &e), SAMSYN_OK);

	CHECK_INT(copy_database(a, pg, &res, &e), SAMSYN_OK);
	CHECK(res.rows > 40);
	CHECK_INT(copy_database(pg, b, &res, &e), SAMSYN_OK);

	buf_init(&before, BUF_MAX_DEFAULT);
	buf_init(&after, BUF_MAX_DEFAULT);
	dump(a, &before);
	dump(b, &after);
	CHECK(before.len > 1000);
	CHECK_STR(buf_cstr(&after), buf_cstr(&before));
	CHECK_INT(audit_verify(a, NULL, NULL, &va, &e), SAMSYN_OK);
	CHECK_INT(audit_verify(pg, NULL, NULL, &vp, &e), SAMSYN_OK);
	CHECK_INT(audit_verify(b, NULL, NULL, &vb, &e), SAMSYN_OK);
	CHECK(va.ok && vp.ok && vb.ok);
	CHECK_STR(vp.head, va.head);
	CHECK_STR(vb.head, va.head);
	buf_release(&before);
	buf_release(&after);
	db_close(a);
	db_close(pg);
	db_close(b);
	remove_sqlite(path_a);
	remove_sqlite(path_b);
}

static void
setup(void)
{
	struct auth_config cfg;

	time_init();
	collate_init();
	auth_config_defaults(&cfg);
	auth_init(&cfg);
	pg_url = getenv("SAMSYN_TEST_PG_URL");
	snprintf(path_a, sizeof(path_a), "/tmp/samsyn-copy-a-%d.db", (int)getpid());
	snprintf(path_b, sizeof(path_b), "/tmp/samsyn-copy-b-%d.db", (int)getpid());
}

TEST_MAIN({"setup", setup}, T(test_every_table_of_the_schema_is_copied),
	  T(test_copy_refuses_a_target_that_is_not_empty),
	  T(test_round_trip_sqlite_postgresql_sqlite_keeps_rows_and_chain))
