/* copy.h - moving a municipality's whole database from one back end to another
 * (samsyn copy --from sqlite:var/samsyn.db --to postgresql://...). */
#ifndef SAMSYN_COPY_H
#define SAMSYN_COPY_H

#include <stdint.h>

#include "db/db.h"

/* The tables copied, in an order that satisfies their foreign keys; NULL-terminated.
 * Every table of the schema must be here (tests/unit/copy_test.c checks). */
extern const char *const copy_tables[];

struct copy_result {
	int64_t rows;      /* all rows copied */
	int64_t log_rows;  /* of which access-log rows */
};

/* Copies every row of every table from `from` to `to`, ids kept, in one transaction on
 * the target.  Both must have this program's schema version (the target is migrated
 * first; the source must be migrated already) and the target must be empty. */
int copy_database(struct db *from, struct db *to, struct copy_result *out, struct err *e);

#endif
