/* policy.h - who may call a route at all.  Every route names one policy; finer checks
 * on a record (a user reading herself) happen in the domain function that reads it. */
#ifndef SAMSYN_POLICY_H
#define SAMSYN_POLICY_H

#include <stdbool.h>

#include "domain/tx.h"

enum policy {
	POLICY_UNSET = 0,     /* a route with this is a bug; tests/unit/routes_test.c looks */
	POLICY_PUBLIC,        /* anyone, logged in or not: login page, health, static files */
	POLICY_AUTHENTICATED, /* any logged-in user; the domain checks the record */
	POLICY_ADMIN,         /* administrators */
	POLICY_AUDITOR,       /* log reviewers (logggranskare) */
};

/* True when actor may pass policy p.  An actor with user_id 0 is not logged in. */
bool policy_allows(enum policy p, const struct actor *actor);

/* True when the route needs a logged-in user. */
bool policy_needs_login(enum policy p);

const char *policy_name(enum policy p);

#endif
