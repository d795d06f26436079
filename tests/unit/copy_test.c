/* copy_test.c - samsyn copy: every table is copied, a copy SQLite -> SQLite and a round
 * trip SQLite -> PostgreSQL -> SQLite give the same rows and a verifying chain, and a
 * non-empty target is refused. */
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

/* A row in every table of migration 0003 with every column filled where the schema
 * allows, and its flags set, so that a copy that drops a table or a column shows.  Ids
 * far above the demo's.  The personnummer is one of Skatteverket's test numbers
 * (tests/data). */
static const char FILL[] =
	"UPDATE units SET intake = 1 WHERE id = (SELECT MIN(id) FROM units);"
	"UPDATE users SET protected_access = 1 WHERE id = (SELECT MIN(id) FROM users);"
	"INSERT INTO children (id, pnr, id_kind, name, name_key, birth_date, protected_identity,"
	" address, school_unit_id, school_name, created_at, updated_at) VALUES (900001,"
	" '201709272395', 'personnummer', 'Testbarn Testsson', 'testbarn testsson', '2017-09-27', 1,"
	" 'Testgatan 1',"
	" (SELECT MIN(id) FROM units), NULL, '2026-01-05T08:00:00Z', '2026-01-05T08:00:00Z');"
	"INSERT INTO guardians (id, child_id, name, phone, custody)"
	" VALUES (900001, 900001, 'Testförälder Testsson', '070-000 00 00', 1);"
	"INSERT INTO reports (id, number, status, reporter_id, reporter_unit_id, reporter_phone,"
	" client_key, version, child_id, received_at, category, urgency, submitted_at, created_at,"
	" updated_at) VALUES (900001, 'TEST-900001', 'submitted', (SELECT MIN(id) FROM users), NULL,"
	" NULL, 'key-900001', 1, 900001, '2026-01-05T08:00:00Z', 'violence', 'high',"
	" '2026-01-05T08:00:00Z', '2026-01-05T08:00:00Z', '2026-01-05T08:00:00Z');"
	"INSERT INTO report_versions (id, report_id, version, child_id, child_pnr, child_name,"
	" child_birth_date, child_school, received_at, category, observed, child_words,"
	" guardians_know, urgency, reason, made_by, made_at) VALUES (900001, 900001, 1, 900001,"
	" '201709272395', 'Testbarn Testsson', '2017-09-27', 'Testskolan',"
	" '2026-01-05T08:00:00Z', 'violence', 'Sett', 'Sagt', 'no', 'high', NULL,"
	" (SELECT MIN(id) FROM users), '2026-01-05T08:00:00Z');"
	"INSERT INTO investigations (id, child_id, opened_at, opened_by, basis, end_date,"
	" closed_at, closed_by) VALUES (900001, 900001, '2026-01-05T08:00:00Z', NULL,"
	" 'violence', '2026-05-05', NULL, NULL);"
	"INSERT INTO investigation_extensions (id, investigation_id, decided_at, decided_by,"
	" reasons, previous_end, new_end) VALUES (900001, 900001, '2026-04-01T08:00:00Z',"
	" (SELECT MIN(id) FROM users), 'Skäl', '2026-05-05', '2026-07-05');"
	"INSERT INTO intakes (report_id, stage, protection_due, decision_due, protection_at,"
	" protection_by, protection_needed, protection_reasoning, decision, decided_at,"
	" decided_by, decision_reasons, child_heard, child_not_heard_reason, exceptional_reason,"
	" investigation_id, meeting_offered_at, meeting_offered_by, meeting_offered_to,"
	" guardians_informed_at, guardians_informed_by, feedback_due) VALUES (900001,"
	" 'decided', '2026-01-05', '2026-01-19', '2026-01-05T09:00:00Z',"
	" (SELECT MIN(id) FROM users), 0, 'Ingen akut fara', 'investigate',"
	" '2026-01-05T08:00:00Z', NULL, NULL, 1, NULL, NULL, 900001, NULL, NULL, NULL, NULL,"
	" NULL, '2026-01-26');"
	"INSERT INTO feedback (id, report_id, outcome, message, sent_at, sent_by, read_at)"
	" VALUES (900001, 900001, 'opened', NULL, '2026-01-06T08:00:00Z',"
	" (SELECT MIN(id) FROM users), NULL);"
	"INSERT INTO mail_outbox (id, user_id, kind, created_at, sent_at, attempts, last_error)"
	" VALUES (900001, (SELECT MIN(id) FROM users), 'feedback', '2026-01-06T08:00:00Z', NULL,"
	" 2, 'Kommandot avslutades med status 1.')";

/* The demo database with FILL and a flagged access-log row (appended, so it verifies). */
static struct db *
filled_db(const char *path)
{
	struct db *db = demo_db(path);
	struct audit_event ev = {.action = "read", .subject_type = "child",
				 .subject_id = 900001, .record_type = "child", .record_id = 900001,
				 .outcome = "ok", .flag = "protected"};
	struct tx tx = {.db = db, .channel = CHANNEL_CLI};
	struct arena arena;
	struct err e;

	arena_init(&arena);
	tx.arena = &arena;
	CHECK_INT(db_exec(db, FILL, &e), SAMSYN_OK);
	CHECK_INT(db_begin(db, &e), SAMSYN_OK);
	CHECK_INT(audit_append(&tx, &ev, &e), SAMSYN_OK);
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
		"SELECT id, name, sector_id, active, intake FROM units ORDER BY id",
		"SELECT id, name, active FROM functions ORDER BY id",
		"SELECT id, name, email, function_id, unit_id, role, password_hash, active, "
		"created_at, updated_at, protected_access FROM users ORDER BY id",
		"SELECT id, token_hash, user_id, csrf_token, created_at, last_seen_at, ended_at "
		"FROM sessions ORDER BY id",
		"SELECT id, user_id, name, token_hash, created_by, created_at, expires_at, "
		"revoked_at FROM api_tokens ORDER BY id",
		"SELECT id, at, user_id, unit_id, action, subject_type, subject_id, record_type, "
		"record_id, purpose, outcome, channel, prev_hash, hash, flag FROM access_log "
		"ORDER BY id",
		"SELECT id, pnr, id_kind, name, birth_date, protected_identity, address, "
		"school_unit_id, school_name, created_at, updated_at FROM children ORDER BY id",
		"SELECT id, child_id, name, phone, custody FROM guardians ORDER BY id",
		"SELECT id, number, status, reporter_id, reporter_unit_id, reporter_phone, "
		"client_key, version, child_id, received_at, category, urgency, created_at, "
		"updated_at FROM reports ORDER BY id",
		"SELECT id, report_id, version, child_id, child_pnr, child_name, child_birth_date, "
		"child_school, received_at, category, observed, child_words, guardians_know, "
		"urgency, reason, made_by, made_at FROM report_versions ORDER BY id",
		"SELECT id, child_id, opened_at, opened_by, basis, end_date, closed_at, closed_by "
		"FROM investigations ORDER BY id",
		"SELECT id, investigation_id, decided_at, decided_by, reasons, previous_end, "
		"new_end FROM investigation_extensions ORDER BY id",
		"SELECT report_id, stage, protection_due, decision_due, protection_at, "
		"protection_by, protection_needed, protection_reasoning, decision, decided_at, "
		"decided_by, decision_reasons, child_heard, child_not_heard_reason, "
		"exceptional_reason, investigation_id, meeting_offered_at, meeting_offered_by, "
		"meeting_offered_to, guardians_informed_at, guardians_informed_by, feedback_due "
		"FROM intakes ORDER BY report_id",
		"SELECT id, report_id, outcome, message, sent_at, sent_by, read_at FROM feedback "
		"ORDER BY id",
		"SELECT id, user_id, kind, created_at, sent_at, attempts, last_error "
		"FROM mail_outbox ORDER BY id",
	};
	static const int columns[] = {4, 5, 3, 11, 7, 8, 15, 11, 5, 14, 17, 8, 7, 22, 7, 7};
	_Static_assert(sizeof(columns) / sizeof(columns[0]) == sizeof(selects) / sizeof(selects[0]),
		       "one column count per select");
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
	CHECK(tables >= 16);
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
test_copy_sqlite_to_sqlite_keeps_every_row_and_the_chain(void)
{
	struct db *a = filled_db(path_a), *b = NULL;
	struct audit_verify_result va, vb;
	struct copy_result res;
	struct buf before, after;
	struct err e;

	remove_sqlite(path_b);
	CHECK_INT(db_open(&b, path_b, &e), SAMSYN_OK);
	CHECK_INT(copy_database(a, b, &res, &e), SAMSYN_OK);
	buf_init(&before, BUF_MAX_DEFAULT);
	buf_init(&after, BUF_MAX_DEFAULT);
	dump(a, &before);
	dump(b, &after);
	CHECK(strstr(buf_cstr(&before), "|protected|") != NULL);
	CHECK(strstr(buf_cstr(&before), "Testbarn Testsson") != NULL);
	CHECK_STR(buf_cstr(&after), buf_cstr(&before));
	CHECK_INT(audit_verify(a, NULL, NULL, &va, &e), SAMSYN_OK);
	CHECK_INT(audit_verify(b, NULL, NULL, &vb, &e), SAMSYN_OK);
	CHECK(va.ok && vb.ok);
	CHECK_STR(vb.head, va.head);
	buf_release(&before);
	buf_release(&after);
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
	a = filled_db(path_a);
	CHECK_INT(db_open(&pg, pg_url, &e), SAMSYN_OK);
	CHECK_INT(db_exec(pg, "DROP SCHEMA public CASCADE; CREATE SCHEMA public", &e), SAMSYN_OK);
	remove_sqlite(path_b);
	CHECK_INT(db_open(&b, path_b, &e), SAMSYN_OK);

	CHECK_INT(copy_database(a, pg, &res, &e), SAMSYN_OK);
	CHECK(res.rows > 40);
	/* The generated ids follow the copied rows: a new row gets the next id. */
	CHECK_INT(db_exec(pg, "INSERT INTO guardians (child_id, name) VALUES (900001, 'Ny');"
			      "DELETE FROM guardians WHERE id = 900002", &e),
		  SAMSYN_OK);
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
	  T(test_copy_sqlite_to_sqlite_keeps_every_row_and_the_chain),
	  T(test_round_trip_sqlite_postgresql_sqlite_keeps_rows_and_chain))
