/* insert.c - raw durable SQLite insert rate: the ceiling for one-commit-per-request.
 *
 * WAL, synchronous=FULL, one row per transaction (BEGIN; INSERT; COMMIT), with a row
 * about the size of an access-log entry.  Stops after ROWS rows or SECONDS seconds,
 * whichever comes first, and prints rows/s.
 *
 * Usage: bench_insert [-n ROWS] [-t SECONDS] [DBFILE]
 *   defaults: -n 1000000 -t 5, DBFILE a fresh file in $TMPDIR (removed at the end).
 *   An existing DBFILE is used as it is (the table is created if missing). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* meson passes it; this is for a build by hand */
#endif
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		fprintf(stderr, "bench_insert: %s: %s\n", sql, msg ? msg : "?");
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	long long rows = 1000000, n = 0;
	double seconds = 5, t0, t1;
	char path[256];
	const char *file = NULL;
	sqlite3 *db = NULL;
	sqlite3_stmt *ins = NULL;
	int opt, rc = 1;

	while ((opt = getopt(argc, argv, "n:t:h")) != -1) {
		if (opt == 'n' && (rows = atoll(optarg)) > 0)
			continue;
		if (opt == 't' && (seconds = atof(optarg)) > 0)
			continue;
		fprintf(stderr, "usage: %s [-n ROWS] [-t SECONDS] [DBFILE]\n", argv[0]);
		return 2;
	}
	if (optind < argc) {
		file = argv[optind];
	} else {
		const char *t = getenv("TMPDIR");

		snprintf(path, sizeof(path) - 16, "%s/bench_insert.XXXXXX",
			 t && *t ? t : "/tmp");
		if (mkdtemp(path) == NULL) {
			perror("bench_insert: mkdtemp");
			return 1;
		}
		strcat(path, "/insert.db");
	}

	if (sqlite3_open(file ? file : path, &db) != SQLITE_OK) {
		fprintf(stderr, "bench_insert: open: %s\n", sqlite3_errmsg(db));
		goto out;
	}
	if (exec(db, "PRAGMA journal_mode=WAL") || exec(db, "PRAGMA synchronous=FULL") ||
	    exec(db, "CREATE TABLE IF NOT EXISTS bench_row (id INTEGER PRIMARY KEY, "
		     "at TEXT NOT NULL, user_id INTEGER NOT NULL, action TEXT NOT NULL, "
		     "record_id INTEGER NOT NULL, hash BLOB NOT NULL)"))
		goto out;
	if (sqlite3_prepare_v2(db, "INSERT INTO bench_row (at, user_id, action, record_id, hash) "
				   "VALUES ('2026-11-26T10:58:58.123456Z', 1, 'read', ?1, "
				   "randomblob(32))",
			       -1, &ins, NULL) != SQLITE_OK) {
		fprintf(stderr, "bench_insert: prepare: %s\n", sqlite3_errmsg(db));
		goto out;
	}

	t0 = now_s();
	t1 = t0;
	while (n < rows && t1 - t0 < seconds) {
		if (exec(db, "BEGIN"))
			goto out;
		sqlite3_bind_int64(ins, 1, n);
		if (sqlite3_step(ins) != SQLITE_DONE) {
			fprintf(stderr, "bench_insert: insert: %s\n", sqlite3_errmsg(db));
			goto out;
		}
		sqlite3_reset(ins);
		if (exec(db, "COMMIT"))
			goto out;
		n++;
		t1 = now_s();
	}
	t1 = now_s();
	printf("bench_insert: %lld rows in %.2f s: %.0f rows/s "
	       "(WAL, synchronous=FULL, 1 row per commit)\n",
	       n, t1 - t0, (double)n / (t1 - t0));
	rc = 0;
out:
	sqlite3_finalize(ins);
	sqlite3_close(db);
	if (file == NULL) {
		char f[300];
		static const char *const suffix[] = {"", "-wal", "-shm"};

		for (int i = 0; i < 3; i++) {
			snprintf(f, sizeof(f), "%s%s", path, suffix[i]);
			unlink(f);
		}
		*strrchr(path, '/') = '\0';
		rmdir(path);
	}
	return rc;
}
