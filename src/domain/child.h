/* child.h - the child registry (barn): personnummer or samordningsnummer normalised to 12
 * digits, or a reserve identity when the number is unknown; name, birth date, guardians,
 * school, and protected identity (skyddad identitet).
 *
 * Only intake staff read or change children (see access.h).  A child with protected
 * identity never has address or school given out (they come back NULL and
 * address_hidden is set) unless the actor has the explicit right; every access to such a
 * child is flagged in the log. */
#ifndef SAMSYN_CHILD_H
#define SAMSYN_CHILD_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/tx.h"
#include "util/err.h"

#define CHILD_NAME_MAX 120
#define CHILD_ADDRESS_MAX 200
#define CHILD_SCHOOL_MAX 120
#define CHILD_MAX_AGE 20 /* samsyn serves children and young people 0-20 */

struct guardian {
	int64_t id;
	const char *name;
	const char *phone; /* may be NULL */
	bool custody;
};

struct child {
	int64_t id;
	const char *pnr;        /* 12 digits; NULL with a reserve identity */
	const char *pnr_display; /* "YYYYMMDD-NNNN", or "Reservidentitet R<id>" */
	const char *id_kind;    /* personnummer, samordningsnummer, reserve */
	const char *name;
	const char *birth_date; /* YYYY-MM-DD */
	int age;                /* today, Stockholm */
	bool protected_identity;
	bool details_hidden; /* protected and the actor lacks the right: the next two are NULL */
	const char *address;
	int64_t school_unit_id; /* 0: none */
	const char *school_name; /* the unit's name, or the free text */
	struct guardian *guardians;
	int nguardians;
	const char *created_at;
};

/* What a form or API body says about a child.  Either pnr, or name and birth_date (a
 * reserve identity).  name is required with a pnr too (samsyn has no population register). */
struct child_in {
	const char *pnr;
	const char *name;
	const char *birth_date;
	const char *school_name; /* free text; may be NULL */
};

/* Whole years from birth (YYYY-MM-DD) to today; -1 when either is not a date. */
int child_age_on(const char *birth, const char *today);

/* Checks in and, on success, gives the normalised identity: pnr_out (13 bytes) is the
 * 12 digits or "" for a reserve identity; birth_out (11 bytes) the birth date.  Errors
 * (SAMSYN_EINVAL, Swedish, field child_pnr / child_name / child_birth_date): a wrong
 * check digit, an impossible or future date, a child over CHILD_MAX_AGE, empty fields.
 * today is YYYY-MM-DD. */
int child_check(const struct child_in *in, const char *today, char pnr_out[13],
		char birth_out[11], const char **kind_out, struct err *e);

/* Finds the child with this pnr, or creates it (or a new reserve identity), and returns
 * its id.  Intake staff, or the report submission on the reporter's behalf (internal:
 * no policy check here; callers check).  Logged as a create when created. */
int child_resolve(struct tx *tx, const struct child_in *in, const char *today, int64_t *id_out,
		  struct err *e);

/* For the other domain modules: loads a child (with guardians, masked for the actor)
 * without any check or log row; the caller has checked and logs its own read. */
int child_load(struct tx *tx, int64_t id, struct child *out, struct err *e);

/* One child with guardians, for intake staff; logged as a read. */
int child_get(struct tx *tx, int64_t id, struct child *out, struct err *e);

/* Changes to a child by intake staff; has_* say which fields change.  Setting or lifting
 * protected identity, address and school are logged as an update. */
struct child_update {
	const char *name;
	const char *address;
	const char *school_name;
	int64_t school_unit_id;
	bool protected_identity;
	bool has_name, has_address, has_school_name, has_school_unit, has_protected;
};
int child_update(struct tx *tx, int64_t id, const struct child_update *in, struct child *out,
		 struct err *e);

/* Adds a guardian (name required, phone optional). */
int child_add_guardian(struct tx *tx, int64_t child_id, const char *name, const char *phone,
		       bool custody, struct guardian *out, struct err *e);

/* Children whose 12-digit number starts with the digits of q (at least 6), or whose name
 * contains q (at least 2 characters), for intake staff; at most 50, each a logged read.
 * The searchability rule (report.h): a child all of whose reports are hidden is not
 * found, since finding it would tell that a report was made. */
int child_search(struct tx *tx, const char *q, void (*fn)(const struct child *, void *),
		 void *arg, struct err *e);

#endif
