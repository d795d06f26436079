#include "db/migrate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/embed.h"
#include "util/log.h"
#include "util/timeutil.h"

extern const struct embedded_file migration_files[];

static const char SQL_CREATE_TABLE[] =
	"CREATE TABLE IF NOT EXISTS schema_migrations ("
	" version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)";
static const char SQL_MAX_VERSION[] = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
static const char SQL_RECORD[] =
	"INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)";

static int64_t migrate_version_of(const char *name);
static const struct embedded_file *migrate_file_for(const char *backend, int64_t version);

int64_t
migrate_latest(void)
{
	int64_t latest = 0;

	for (const struct embedded_file *f = migration_files; f->name; f++) {
		int64_t v = migrate_version_of(f->name);

		if (v > latest)
			latest = v;
	}
	return latest;
}

int
migrate_current(struct db *db, int64_t *version, struct err *e)
{
	int rc;

	*version = 0;
	if ((rc = db_exec(db, SQL_CREATE_TABLE, e)) != SAMSYN_OK)
		return rc;
	return db_query_int64(db, SQL_MAX_VERSION, version, e);
}

int
migrate_run(struct db *db, int *applied, struct err *e)
{
	const char *backend = db_backend_of(db)->name;
	int64_t current, latest = migrate_latest();
	struct db_stmt *st = NULL;
	char now[TIME_ISO_LEN];
	int rc, count = 0;

	if (applied)
		*applied = 0;
	if ((rc = migrate_current(db, &current, e)) != SAMSYN_OK)
		return rc;
	if (current > latest)
		return err_set(e, SAMSYN_ESCHEMA, NULL,
			       "Databasens schema har version %lld men det här programmet känner "
			       "bara till version %lld. Uppgradera samsyn.",
			       (long long)current, (long long)latest);
	for (int64_t v = current + 1; v <= latest; v++) {
		const struct embedded_file *f = migrate_file_for(backend, v);

		if (f == NULL)
			return err_set(e, SAMSYN_EINTERNAL, NULL, "Migrering %lld saknas.",
				       (long long)v);
		if ((rc = db_begin(db, e)) != SAMSYN_OK)
			return rc;
		if ((rc = db_exec(db, (const char *)f->data, e)) != SAMSYN_OK)
			goto fail;
		time_now_iso(now);
		if ((rc = db_prepare(db, SQL_RECORD, &st, e)) != SAMSYN_OK)
			goto fail;
		db_bind_int64(st, 1, v);
		db_bind_text(st, 2, f->name);
		db_bind_text(st, 3, now);
		rc = db_step(st, e);
		db_finalize(st);
		st = NULL;
		if (rc != DB_DONE)
			goto fail;
		if ((rc = db_commit(db, e)) != SAMSYN_OK)
			return rc;
		log_info("migrated the database to version %lld (%s)", (long long)v, f->name);
		count++;
	}
	if (applied)
		*applied = count;
	return SAMSYN_OK;
fail:
	db_rollback(db);
	return rc;
}

static int64_t
migrate_version_of(const char *name)
{
	char *end;
	long long v = strtoll(name, &end, 10);

	return (end != name && *end == '_' && v > 0) ? v : 0;
}

/* The back end's own file for a version if it has one, else the shared one. */
static const struct embedded_file *
migrate_file_for(const char *backend, int64_t version)
{
	const struct embedded_file *shared = NULL, *own = NULL;
	char suffix[32];

	snprintf(suffix, sizeof(suffix), ".%s.sql", backend);
	for (const struct embedded_file *f = migration_files; f->name; f++) {
		size_t n = strlen(f->name), sn = strlen(suffix);
		const char *first_dot;

		if (migrate_version_of(f->name) != version)
			continue;
		first_dot = strchr(f->name, '.');
		if (n > sn && strcmp(f->name + n - sn, suffix) == 0)
			own = f;
		else if (first_dot && strcmp(first_dot, ".sql") == 0)
			shared = f;
	}
	return own ? own : shared;
}
