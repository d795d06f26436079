/* demo.h - a fictional municipality (Demoby kommun) for trying samsyn out.  Loaded only
 * by `samsyn demo` (and so by `make run`), never by `samsyn serve`. */
#ifndef SAMSYN_DEMO_H
#define SAMSYN_DEMO_H

#include <stdbool.h>
#include <stdio.h>

#include "domain/tx.h"
#include "util/err.h"

struct demo_login {
	const char *email, *password, *role_label, *function;
};

/* The demo accounts and their passwords (also in the README). */
extern const struct demo_login demo_logins[];

/* Loads the demo organisation and users into an empty database; *loaded tells whether
 * it did (false when the database already had users).  Runs inside tx. */
int demo_load(struct tx *tx, bool *loaded, struct err *e);

#endif
