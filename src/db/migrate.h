/* migrate.h - numbered schema migrations, applied in order and recorded.
 *
 * Migrations live in src/db/migrations/NNNN_name.sql (shared SQL) and are compiled into
 * the binary.  A back end that needs different DDL has NNNN_name.<backend>.sql beside
 * it, which then replaces the shared file for that back end. */
#ifndef SAMSYN_MIGRATE_H
#define SAMSYN_MIGRATE_H

#include <stdint.h>

#include "db/db.h"

/* The newest schema version this program knows. */
int64_t migrate_latest(void);

/* The database's schema version (0 for an empty database). */
int migrate_current(struct db *db, int64_t *version, struct err *e);

/* Applies every migration newer than the database's version, each in its own
 * transaction; *applied (may be NULL) gets how many.  Refuses (SAMSYN_ESCHEMA) a
 * database whose schema is newer than this program. */
int migrate_run(struct db *db, int *applied, struct err *e);

#endif
