/* auth.h - passwords, sessions, API tokens, CSRF tokens and login throttling.
 *
 * Passwords: argon2id (libsodium crypto_pwhash_str) at 19 MiB and 2 passes or more.
 * Session and API tokens: 32 bytes from libsodium's random source, given to the client
 * once and stored only as a SHA-256 hash.  Logins are throttled per account and per
 * client address; the messages never tell whether an account exists. */
#ifndef SAMSYN_AUTH_H
#define SAMSYN_AUTH_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/tx.h"
#include "util/err.h"

#define AUTH_TOKEN_LEN 44  /* base64url of 32 bytes, plus NUL */
#define AUTH_HASH_LEN 128  /* crypto_pwhash_STRBYTES */
#define AUTH_PASSWORD_MIN 12
#define AUTH_PASSWORD_MAX 256

struct auth_config {
	int session_idle_seconds;
	int session_max_seconds;
	int login_max_failures; /* per account within the window */
	int ip_max_failures;    /* per client address within the window */
	int login_window_seconds;
	unsigned long long pwhash_ops; /* argon2id passes */
	size_t pwhash_mem;             /* bytes */
};

/* Sets the configuration (before threads start).  auth_init also initialises libsodium. */
int auth_init(const struct auth_config *cfg);
const struct auth_config *auth_config(void);
void auth_config_defaults(struct auth_config *cfg);

/* Checks a new password against the rules; field names the form field. */
int auth_password_check(const char *password, const char *field, struct err *e);
int auth_hash_password(const char *password, char out[AUTH_HASH_LEN], struct err *e);
bool auth_verify_password(const char *hash, const char *password);

struct auth_session {
	char token[AUTH_TOKEN_LEN]; /* for the cookie: shown to the client only */
	char csrf[AUTH_TOKEN_LEN];
};

/* The slow part of a password operation (argon2id, tens of milliseconds), done before the
 * request's transaction so that no lock is held while it runs.  The transaction phase
 * then checks that the stored hash is still the one the work was done against. */
struct auth_password_work {
	bool done;
	int rc;         /* the verdict, with err: SAMSYN_OK, ECREDENTIALS, ETHROTTLED, EINVAL */
	struct err err;
	int64_t user_id;
	char seen_hash[AUTH_HASH_LEN]; /* the stored hash the password was checked against */
	char new_hash[AUTH_HASH_LEN];  /* the hash of a new password, when one was given */
};

/* Phase 1 of a login, outside any transaction: throttling and the password check. */
void auth_login_prepare(struct db *db, const char *email, const char *password, const char *ip,
			struct auth_password_work *w);

/* Phase 2, in the transaction: on success tx->actor is the user, a session row exists and
 * out holds its token.  SAMSYN_ECREDENTIALS for any wrong or unknown account,
 * SAMSYN_ETHROTTLED after too many failures; both note a "login" denial in tx for the
 * access log. */
int auth_login(struct tx *tx, const struct auth_password_work *w, struct auth_session *out,
	       struct err *e);

/* Phase 1 of changing one's own password (user_id from auth_peek_user): the current
 * password checked (wrong guesses count against the account's throttle), the new one
 * checked against the rules and hashed. */
void auth_change_prepare(struct db *db, int64_t user_id, const char *current, const char *next,
			 struct auth_password_work *w);

/* Phase 1 for a new password set by someone else (an administrator): rules and hash. */
void auth_hash_prepare(const char *password, const char *field, struct auth_password_work *w);

/* Who a session cookie or bearer token belongs to, without touching anything; 0 when
 * nobody.  For phase 1 work only: the transaction authenticates properly. */
int64_t auth_peek_user(struct db *db, const char *cookie_token, const char *bearer_token,
		       enum role *role);

/* Finds the session of a cookie token; fills tx->actor and csrf (may be NULL).
 * SAMSYN_EUNAUTH when unknown, ended, idle too long or too old. */
int auth_session_resume(struct tx *tx, const char *token, char csrf[AUTH_TOKEN_LEN],
			struct err *e);
/* Ends the tx actor's session. */
int auth_logout(struct tx *tx, struct err *e);
/* Ends every session of a user except keep_session_id (0: all). */
int auth_end_sessions(struct tx *tx, int64_t user_id, int64_t keep_session_id, struct err *e);

/* Finds the user of a bearer token; fills tx->actor. */
int auth_token_resume(struct tx *tx, const char *token, struct err *e);

/* Phase 2 of changing the actor's own password; the actor's other sessions end. */
int auth_change_password(struct tx *tx, const struct auth_password_work *w, struct err *e);

struct api_token {
	int64_t id;
	int64_t user_id;
	const char *name;
	const char *created_at;
	const char *expires_at;
	const char *revoked_at; /* NULL while valid */
};

/* Issues a token for user_id valid for days (1..365); secret gets the only copy. */
int auth_token_issue(struct tx *tx, int64_t user_id, const char *name, int days,
		     struct api_token *out, char secret[AUTH_TOKEN_LEN], struct err *e);
int auth_token_list(struct tx *tx, int64_t user_id, void (*fn)(const struct api_token *, void *),
		    void *arg, struct err *e);
int auth_token_revoke(struct tx *tx, int64_t token_id, struct err *e);

/* Constant-time comparison of two NUL-terminated tokens. */
bool auth_token_equal(const char *a, const char *b);

/* Fills out with a fresh random token (base64url, 32 bytes of entropy). */
void auth_random_token(char out[AUTH_TOKEN_LEN]);

#endif
