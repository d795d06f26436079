/* org.h - the organisation: sectors (sektorer/förvaltningar), units (enheter) and
 * functions (funktioner, job roles).  One shape serves all three. */
#ifndef SAMSYN_ORG_H
#define SAMSYN_ORG_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/tx.h"
#include "util/err.h"

#define ORG_NAME_MAX 120

enum org_type { ORG_SECTOR, ORG_UNIT, ORG_FUNCTION };

struct org_item {
	int64_t id;
	const char *name;
	const char *kind;  /* sectors: social, education, leisure, health, other */
	int64_t sector_id; /* units */
	bool active;
	bool intake; /* units: receives reports of concern (mottagning), see access.h */
};

struct org_in {
	const char *name;
	const char *kind;
	int64_t sector_id;
	bool active;
	bool intake;
	bool has_name, has_kind, has_sector, has_active, has_intake;
};

/* "sector", "unit", "function": the record type in the access log and the API. */
const char *org_type_name(enum org_type t);
/* The Swedish label of a sector kind ("Socialtjänst" for "social"); NULL if unknown. */
const char *org_kind_label(const char *kind);
extern const char *const org_kinds[]; /* NULL-terminated */

/* Lists all items of a type in Swedish order of name (reading needs no special right). */
int org_list(struct tx *tx, enum org_type t, void (*fn)(const struct org_item *, void *),
	     void *arg, struct err *e);
int org_get(struct tx *tx, enum org_type t, int64_t id, struct org_item *out, struct err *e);
/* Administrators only; each write is access-logged. */
int org_create(struct tx *tx, enum org_type t, const struct org_in *in, struct org_item *out,
	       struct err *e);
int org_update(struct tx *tx, enum org_type t, int64_t id, const struct org_in *in,
	       struct org_item *out, struct err *e);

#endif
