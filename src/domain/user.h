/* user.h - the people who use samsyn (användare).  Their records are personal data:
 * every read and write is access-logged.  Users are never deleted, only deactivated. */
#ifndef SAMSYN_USER_H
#define SAMSYN_USER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/tx.h"
#include "util/err.h"

#define USER_NAME_MAX 120  /* characters */
#define USER_EMAIL_MAX 254 /* bytes */

struct user {
	int64_t id;
	const char *name;
	const char *email;
	int64_t function_id; /* 0: none */
	int64_t unit_id;     /* 0: none */
	enum role role;
	bool active;
	bool protected_access; /* may see a protected child's address and school */
	const char *created_at;
};

/* Input for create and update.  For update only the fields marked has_* change. */
struct user_in {
	const char *name;
	const char *email;
	const char *role;
	const char *password; /* create only */
	const char *password_hash; /* create only: already hashed (auth_hash_prepare) */
	int64_t function_id;  /* 0: none */
	int64_t unit_id;      /* 0: none */
	bool active;
	bool protected_access;
	bool has_name, has_email, has_role, has_function, has_unit, has_active,
		has_protected_access;
};

/* Lower-cases and trims an address into out. */
void user_normalize_email(const char *email, char *out, size_t n);

/* Creates a user; the actor must be an administrator (or the CLI). */
int user_create(struct tx *tx, const struct user_in *in, struct user *out, struct err *e);
/* Reads one user; administrators read anyone, others only themselves. */
int user_get(struct tx *tx, int64_t id, struct user *out, struct err *e);
int user_get_by_email(struct tx *tx, const char *email, struct user *out, struct err *e);
/* Lists every user, sorted by name; each one listed is an access-logged read. */
int user_list(struct tx *tx, void (*fn)(const struct user *, void *), void *arg, struct err *e);
/* Calls fn with the id and name (only) of every user, in Swedish order, for pickers
 * such as the log review's filter; administrators and log reviewers only.  Logged as
 * one read of the directory, not one per person: no other detail leaves. */
int user_directory(struct tx *tx, void (*fn)(const struct user *, void *), void *arg,
		   struct err *e);
/* Changes the fields marked in in.  Deactivating ends the user's sessions and tokens. */
int user_update(struct tx *tx, int64_t id, const struct user_in *in, struct user *out,
		struct err *e);
/* Sets a new password and ends the user's other sessions. */
int user_set_password(struct tx *tx, int64_t id, const char *password, const char *field,
		      struct err *e);
/* Sets a hash made beforehand (auth_password_work), if the stored hash is still
 * seen_hash (NULL: whatever it is); SAMSYN_ECONFLICT when it changed meanwhile. */
int user_store_password_hash(struct tx *tx, int64_t id, const char *seen_hash,
			     const char *new_hash, struct err *e);
/* The number of users (for the "no administrator yet" hint). */
int user_count(struct db *db, int64_t *out, struct err *e);

#endif
