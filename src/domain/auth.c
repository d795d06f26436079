#include "domain/auth.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "domain/audit.h"
#include "domain/user.h"
#include "util/timeutil.h"
#include "util/utf8.h"

#define THROTTLE_SLOTS 4096

struct throttle_slot {
	uint64_t key;
	time_t window_start;
	int failures;
};

static struct auth_config config;
static struct throttle_slot throttle[THROTTLE_SLOTS];
static pthread_mutex_t throttle_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned char throttle_secret[crypto_shorthash_KEYBYTES];
/* A real hash of a random password, checked when an account does not exist, so a wrong
 * e-mail address costs the same time as a wrong password. */
static char dummy_hash[AUTH_HASH_LEN];

static const char SQL_LOGIN_USER[] =
	"SELECT id, unit_id, role, name, password_hash, active FROM users WHERE email = ?";
static const char SQL_LOGIN_USER_ID[] =
	"SELECT id, unit_id, role, name, password_hash, active FROM users WHERE id = ?";
static const char SQL_SESSION_PEEK[] =
	"SELECT s.user_id, u.role, u.active FROM sessions s JOIN users u ON u.id = s.user_id"
	" WHERE s.token_hash = ? AND s.ended_at IS NULL";
static const char SQL_TOKEN_PEEK[] =
	"SELECT t.user_id, u.role, u.active FROM api_tokens t JOIN users u ON u.id = t.user_id"
	" WHERE t.token_hash = ? AND t.revoked_at IS NULL";
static const char SQL_SESSION_INSERT[] =
	"INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at)"
	" VALUES (?, ?, ?, ?, ?) RETURNING id";
static const char SQL_SESSION_FIND[] =
	"SELECT s.id, s.user_id, s.csrf_token, s.created_at, s.last_seen_at, u.unit_id, u.role,"
	" u.name, u.active FROM sessions s JOIN users u ON u.id = s.user_id"
	" WHERE s.token_hash = ? AND s.ended_at IS NULL";
static const char SQL_SESSION_TOUCH[] = "UPDATE sessions SET last_seen_at = ? WHERE id = ?";
static const char SQL_SESSION_END[] =
	"UPDATE sessions SET ended_at = ? WHERE id = ? AND ended_at IS NULL";
static const char SQL_SESSION_END_USER[] = "UPDATE sessions SET ended_at = ?"
					   " WHERE user_id = ? AND id <> ? AND ended_at IS NULL";
static const char SQL_TOKEN_FIND[] =
	"SELECT t.user_id, u.unit_id, u.role, u.name, u.active FROM api_tokens t"
	" JOIN users u ON u.id = t.user_id"
	" WHERE t.token_hash = ? AND t.revoked_at IS NULL AND t.expires_at > ?";
static const char SQL_TOKEN_INSERT[] =
	"INSERT INTO api_tokens (user_id, name, token_hash, created_by, created_at, expires_at)"
	" VALUES (?, ?, ?, ?, ?, ?) RETURNING id";
static const char SQL_TOKEN_LIST[] =
	"SELECT id, user_id, name, created_at, expires_at, revoked_at FROM api_tokens"
	" WHERE user_id = ? ORDER BY id DESC";
static const char SQL_TOKEN_USER[] = "SELECT user_id FROM api_tokens WHERE id = ?";
static const char SQL_TOKEN_REVOKE[] =
	"UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL";
static const char SQL_PASSWORD_OF[] = "SELECT password_hash FROM users WHERE id = ?";

static void auth_sha256_hex(const char *token, char out[65]);
static uint64_t throttle_key(const char *kind, const char *value);
static bool throttle_blocked(uint64_t key, int max, time_t now);
static void throttle_fail(uint64_t key, time_t now);
static void throttle_clear(uint64_t key);
static int auth_fill_actor(struct tx *tx, struct db_stmt *st, int col_user, int col_unit,
			   int col_role, int col_name);

void
auth_config_defaults(struct auth_config *cfg)
{
	cfg->session_idle_seconds = 30 * 60;
	cfg->session_max_seconds = 12 * 60 * 60;
	cfg->login_max_failures = 5;
	cfg->ip_max_failures = 100;
	cfg->login_window_seconds = 15 * 60;
	cfg->pwhash_ops = 2;
	cfg->pwhash_mem = (size_t)19 * 1024 * 1024;
}

int
auth_init(const struct auth_config *cfg)
{
	char pw[AUTH_TOKEN_LEN];

	if (sodium_init() < 0)
		return SAMSYN_EINTERNAL;
	config = *cfg;
	if (config.pwhash_ops < 2)
		config.pwhash_ops = 2;
	if (config.pwhash_mem < (size_t)19 * 1024 * 1024)
		config.pwhash_mem = (size_t)19 * 1024 * 1024;
	randombytes_buf(throttle_secret, sizeof(throttle_secret));
	auth_random_token(pw);
	return auth_hash_password(pw, dummy_hash, NULL);
}

const struct auth_config *
auth_config(void)
{
	return &config;
}

int
auth_password_check(const char *password, const char *field, struct err *e)
{
	size_t n;

	if (password == NULL || *password == '\0')
		return err_set(e, SAMSYN_EINVAL, field, "Ange ett lösenord.");
	n = strlen(password);
	if (!utf8_valid(password, n))
		return err_set(e, SAMSYN_EINVAL, field, "Lösenordet innehåller ogiltiga tecken.");
	if (utf8_chars(password) < AUTH_PASSWORD_MIN)
		return err_set(e, SAMSYN_EINVAL, field,
			       "Lösenordet måste ha minst %d tecken.", AUTH_PASSWORD_MIN);
	if (n > AUTH_PASSWORD_MAX)
		return err_set(e, SAMSYN_EINVAL, field,
			       "Lösenordet får ha högst %d tecken.", AUTH_PASSWORD_MAX);
	return SAMSYN_OK;
}

int
auth_hash_password(const char *password, char out[AUTH_HASH_LEN], struct err *e)
{
	if (crypto_pwhash_str_alg(out, password, strlen(password), config.pwhash_ops,
				  config.pwhash_mem, crypto_pwhash_ALG_ARGON2ID13) != 0)
		return err_set(e, SAMSYN_EINTERNAL, NULL, "Lösenordet kunde inte sparas.");
	return SAMSYN_OK;
}

bool
auth_verify_password(const char *hash, const char *password)
{
	return hash && password &&
	       crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

void
auth_random_token(char out[AUTH_TOKEN_LEN])
{
	unsigned char raw[32];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, AUTH_TOKEN_LEN, raw, sizeof(raw),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

bool
auth_token_equal(const char *a, const char *b)
{
	size_t n;

	if (a == NULL || b == NULL)
		return false;
	n = strlen(a);
	return n > 0 && n == strlen(b) && sodium_memcmp(a, b, n) == 0;
}

void
auth_login_prepare(struct db *db, const char *email, const char *password, const char *ip,
		   struct auth_password_work *w)
{
	char normal[USER_EMAIL_MAX + 1];
	struct db_stmt *st = NULL;
	uint64_t account_key, ip_key;
	time_t t = time(NULL);
	bool ok = false;
	int rc;

	memset(w, 0, sizeof(*w));
	w->done = true;
	user_normalize_email(email, normal, sizeof(normal));
	account_key = throttle_key("account", normal);
	ip_key = throttle_key("ip", ip ? ip : "");
	if (throttle_blocked(account_key, config.login_max_failures, t) ||
	    throttle_blocked(ip_key, config.ip_max_failures, t)) {
		w->rc = err_set(&w->err, SAMSYN_ETHROTTLED, NULL, NULL);
		return;
	}
	if ((rc = db_prepare(db, SQL_LOGIN_USER, &st, &w->err)) != SAMSYN_OK)
		goto cleanup;
	db_bind_text(st, 1, normal);
	rc = db_step(st, &w->err);
	if (rc == DB_ROW) {
		w->user_id = db_column_int64(st, 0);
		snprintf(w->seen_hash, sizeof(w->seen_hash), "%s", db_column_text(st, 4));
		ok = auth_verify_password(w->seen_hash, password ? password : "") &&
		     db_column_int64(st, 5) == 1;
		rc = SAMSYN_OK;
	} else if (rc == DB_DONE) {
		auth_verify_password(dummy_hash, password ? password : "");
		rc = SAMSYN_OK;
	} else {
		goto cleanup;
	}
	if (ok) {
		throttle_clear(account_key);
	} else {
		throttle_fail(account_key, t);
		throttle_fail(ip_key, t);
		rc = err_set(&w->err, SAMSYN_ECREDENTIALS, NULL, NULL);
	}
cleanup:
	db_finalize(st);
	w->rc = rc;
}

int
auth_login(struct tx *tx, const struct auth_password_work *w, struct auth_session *out,
	   struct err *e)
{
	char token_hash[65], now[TIME_ISO_LEN];
	struct db_stmt *st = NULL;
	int rc;

	tx->denial = (struct tx_denial){.set = true, .action = "login", .record_type = "session"};
	if (w->user_id > 0) {
		tx->denial.subject_type = "user";
		tx->denial.subject_id = w->user_id;
	}
	if (!w->done)
		return err_set(e, SAMSYN_EINTERNAL, NULL, NULL);
	if (w->rc != SAMSYN_OK) {
		if (e)
			*e = w->err;
		return w->rc;
	}
	/* The account as it is now: still active, still the password that was checked. */
	if ((rc = db_prepare(tx->db, SQL_LOGIN_USER_ID, &st, e)) != SAMSYN_OK)
		goto cleanup;
	db_bind_int64(st, 1, w->user_id);
	rc = db_step(st, e);
	if (rc == DB_ROW && db_column_int64(st, 5) == 1 &&
	    strcmp(db_column_text(st, 4), w->seen_hash) == 0) {
		auth_fill_actor(tx, st, 0, 1, 2, 3);
	} else if (rc == DB_ROW || rc == DB_DONE) {
		rc = err_set(e, SAMSYN_ECREDENTIALS, NULL, NULL);
		goto cleanup;
	} else {
		goto cleanup;
	}
	db_finalize(st);
	st = NULL;

	auth_random_token(out->token);
	auth_random_token(out->csrf);
	auth_sha256_hex(out->token, token_hash);
	time_now_iso(now);
	if ((rc = db_prepare(tx->db, SQL_SESSION_INSERT, &st, e)) != SAMSYN_OK)
		goto cleanup;
	db_bind_text(st, 1, token_hash);
	db_bind_int64(st, 2, w->user_id);
	db_bind_text(st, 3, out->csrf);
	db_bind_text(st, 4, now);
	db_bind_text(st, 5, now);
	if ((rc = db_step(st, e)) != DB_ROW)
		goto cleanup;
	tx->actor.session_id = db_column_int64(st, 0);
	db_finalize(st);
	st = NULL;
	tx->denial.set = false;
	rc = audit_record(tx, "login", "user", w->user_id, "session", tx->actor.session_id, e);
cleanup:
	db_finalize(st);
	return rc;
}

int
auth_session_resume(struct tx *tx, const char *token, char csrf[AUTH_TOKEN_LEN], struct err *e)
{
	char token_hash[65], now[TIME_ISO_LEN];
	struct db_stmt *st = NULL;
	time_t created, seen, t = time(NULL);
	int64_t session_id = 0;
	bool expired = false, touch = false;
	int rc;

	if (token == NULL || strlen(token) != AUTH_TOKEN_LEN - 1)
		return err_set(e, SAMSYN_EUNAUTH, NULL, NULL);
	auth_sha256_hex(token, token_hash);
	if ((rc = db_prepare(tx->db, SQL_SESSION_FIND, &st, e)) != SAMSYN_OK)
		goto cleanup;
	db_bind_text(st, 1, token_hash);
	rc = db_step(st, e);
	if (rc == DB_DONE) {
		rc = err_set(e, SAMSYN_EUNAUTH, NULL, NULL);
		goto cleanup;
	} else if (rc != DB_ROW) {
		goto cleanup;
	}
	session_id = db_column_int64(st, 0);
	if (!time_iso_to_unix(db_column_text(st, 3), &created) ||
	    !time_iso_to_unix(db_column_text(st, 4), &seen) || db_column_int64(st, 8) != 1 ||
	    t - seen > config.session_idle_seconds || t - created > config.session_max_seconds) {
		expired = true;
	} else {
		int step = config.session_idle_seconds / 4;

		/* Touch the session now and then rather than on every request. */
		touch = t - seen >= (step < 60 ? step : 60);
		if ((rc = auth_fill_actor(tx, st, 1, 5, 6, 7)) != SAMSYN_OK)
			goto cleanup;
		tx->actor.session_id = session_id;
		if (csrf)
			snprintf(csrf, AUTH_TOKEN_LEN, "%s", db_column_text(st, 2));
	}
	db_finalize(st);
	st = NULL;
	time_now_iso(now);
	if (expired || touch) {
		if ((rc = db_prepare(tx->db, expired ? SQL_SESSION_END : SQL_SESSION_TOUCH, &st,
				     e)) != SAMSYN_OK)
			goto cleanup;
		db_bind_text(st, 1, now);
		db_bind_int64(st, 2, session_id);
		if ((rc = db_step(st, e)) != DB_DONE)
			goto cleanup;
	}
	rc = expired ? err_set(e, SAMSYN_EUNAUTH, NULL,
			       "Du har varit inaktiv för länge och har loggats ut. Logga in igen.")
		     : SAMSYN_OK;
	if (expired)
		tx->actor = (struct actor){0};
cleanup:
	db_finalize(st);
	return rc;
}

int
auth_logout(struct tx *tx, struct err *e)
{
	struct db_stmt *st = NULL;
	char now[TIME_ISO_LEN];
	int rc;

	if (tx->actor.session_id == 0)
		return SAMSYN_OK;
	time_now_iso(now);
	if ((rc = db_prepare(tx->db, SQL_SESSION_END, &st, e)) != SAMSYN_OK)
		goto cleanup;
	db_bind_text(st, 1, now);
	db_bind_int64(st, 2, tx->actor.session_id);
	if ((rc = db_step(st, e)) != DB_DONE)
		goto cleanup;
	rc = audit_record(tx, "logout", "user", tx->actor.user_id, "session",
			  tx->actor.session_id, e);
cleanup:
	db_finalize(st);
	return rc;
}

int
auth_end_sessions(struct tx *tx, int64_t user_id, int64_t keep_session_id, struct err *e)
{
	struct db_stmt *st = NULL;
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	if ((rc = db_prepare(tx->db, SQL_SESSION_END_USER, &st, e)) != SAMSYN_OK)
		goto cleanup;
	db_bind_text(st, 1, now);
	db_bind_int64(st, 2, user_id);
	db_bind_int64(st, 3, keep_session_id);
	rc = db_step(st, e) == DB_DONE ? SAMSYN_OK : (e ? e->code : SAMSYN_EDB);
cleanup:
	db_finalize(st);
	return rc;
}

int
auth_token_resume(struct tx *tx, const char *token, struct err *e)
{
	char token_hash[65], now[TIME_ISO_LEN];
	struct db_stmt *st = NULL;
	int rc;

	if (token == NULL || strlen(token) != AUTH_TOKEN_LEN - 1)
		return err_set(e, SAMSYN_EUNAUTH, NULL, NULL);
	auth_sha256_hex(token, token_hash);
	time_now_iso(now);
	if ((rc = db_prepare(tx->db, SQL_TOKEN_FIND, &st, e)) != SAMSYN_OK)
		goto cleanup;
	db_bind_text(st, 1, token_hash);
	db_bind_text(st, 2, now);
	rc = db_step(st, e);
	if (rc == DB_ROW && db_column_int64(st, 4) == 1) {
		rc = auth_fill_actor(tx, st, 0, 1, 2, 3);
		tx->actor.session_id = 0;
	} else if (rc == DB_ROW || rc == DB_DONE) {
		rc = err_set(e, SAMSYN_EUNAUTH, NULL, NULL);
	}
cleanup:
	db_finalize(st);
	return rc;
}

void
auth_change_prepare(struct db *db, int64_t user_id, const char *current, const char *next,
		    struct auth_password_work *w)
{
	struct db_stmt *st = NULL;
	char key[32];
	uint64_t account_key;
	time_t t = time(NULL);
	int rc;

	memset(w, 0, sizeof(*w));
	w->done = true;
	w->user_id = user_id;
	snprintf(key, sizeof(key), "%lld", (long long)user_id);
	account_key = throttle_key("user", key);
	if (user_id <= 0) {
		w->rc = err_set(&w->err, SAMSYN_EUNAUTH, NULL, NULL);
		return;
	}
	if (throttle_blocked(account_key, config.login_max_failures, t)) {
		w->rc = err_set(&w->err, SAMSYN_ETHROTTLED, NULL, NULL);
		return;
	}
	if ((rc = db_prepare(db, SQL_PASSWORD_OF, &st, &w->err)) != SAMSYN_OK)
		goto cleanup;
	db_bind_int64(st, 1, user_id);
	if ((rc = db_step(st, &w->err)) != DB_ROW) {
		rc = rc == DB_DONE ? err_set(&w->err, SAMSYN_EUNAUTH, NULL, NULL) : rc;
		goto cleanup;
	}
	snprintf(w->seen_hash, sizeof(w->seen_hash), "%s", db_column_text(st, 0));
	if (!auth_verify_password(w->seen_hash, current ? current : "")) {
		throttle_fail(account_key, t);
		rc = err_set(&w->err, SAMSYN_EINVAL, "current_password",
			     "Det nuvarande lösenordet stämmer inte.");
		goto cleanup;
	}
	throttle_clear(account_key);
	if ((rc = auth_password_check(next, "new_password", &w->err)) == SAMSYN_OK)
		rc = auth_hash_password(next, w->new_hash, &w->err);
cleanup:
	db_finalize(st);
	w->rc = rc;
}

void
auth_hash_prepare(const char *password, const char *field, struct auth_password_work *w)
{
	memset(w, 0, sizeof(*w));
	w->done = true;
	if ((w->rc = auth_password_check(password, field, &w->err)) == SAMSYN_OK)
		w->rc = auth_hash_password(password, w->new_hash, &w->err);
}

int64_t
auth_peek_user(struct db *db, const char *cookie_token, const char *bearer_token,
	       enum role *role)
{
	const char *token = bearer_token ? bearer_token : cookie_token;
	struct db_stmt *st = NULL;
	char token_hash[65];
	int64_t user_id = 0;

	if (token == NULL || strlen(token) != AUTH_TOKEN_LEN - 1)
		return 0;
	auth_sha256_hex(token, token_hash);
	if (db_prepare(db, bearer_token ? SQL_TOKEN_PEEK : SQL_SESSION_PEEK, &st, NULL) ==
		    SAMSYN_OK) {
		db_bind_text(st, 1, token_hash);
		if (db_step(st, NULL) == DB_ROW && db_column_int64(st, 2) == 1) {
			user_id = db_column_int64(st, 0);
			if (role)
				*role = role_parse(db_column_text(st, 1));
		}
	}
	db_finalize(st);
	return user_id;
}

int
auth_change_password(struct tx *tx, const struct auth_password_work *w, struct err *e)
{
	int rc;

	if (!w->done)
		return err_set(e, SAMSYN_EINTERNAL, NULL, NULL);
	if (w->rc != SAMSYN_OK) {
		if (e)
			*e = w->err;
		return w->rc;
	}
	if (w->user_id != tx->actor.user_id)
		return tx_deny(tx, "password", w->user_id, "user", w->user_id);
	if ((rc = user_store_password_hash(tx, tx->actor.user_id, w->seen_hash, w->new_hash, e)) !=
	    SAMSYN_OK)
		return rc;
	return auth_end_sessions(tx, tx->actor.user_id, tx->actor.session_id, e);
}

int
auth_token_issue(struct tx *tx, int64_t user_id, const char *name, int days,
		 struct api_token *out, char secret[AUTH_TOKEN_LEN], struct err *e)
{
	char token_hash[65], now[TIME_ISO_LEN], expires[TIME_ISO_LEN];
	struct db_stmt *st = NULL;
	struct user u;
	int rc;

	if (name == NULL || *name == '\0')
		return err_set(e, SAMSYN_EINVAL, "name", "Ge nyckeln ett namn.");
	if (!utf8_valid(name, strlen(name)) || utf8_chars(name) > 100)
		return err_set(e, SAMSYN_EINVAL, "name", "Namnet får ha högst 100 tecken.");
	if (days < 1 || days > 365)
		return err_set(e, SAMSYN_EINVAL, "days", "Giltighetstiden ska vara 1–365 dagar.");
	if ((rc = user_get(tx, user_id, &u, e)) != SAMSYN_OK)
		return rc;
	/* A token acts as its user: an administrator who could issue one for a log reviewer
	 * or another administrator could act as them, and the log would name them. */
	if (u.role != ROLE_STAFF && u.id != tx->actor.user_id && tx->channel != CHANNEL_CLI) {
		tx_deny(tx, "api_token", 0, "user", user_id);
		return err_set(e, SAMSYN_EFORBIDDEN, NULL,
			       "API-nycklar ges bara till medarbetare och till dig själv, aldrig "
			       "till en annan administratör eller en logggranskare.");
	}
	if (!u.active)
		return err_set(e, SAMSYN_ECONFLICT, NULL,
			       "Användaren är inaktiverad och kan inte få en nyckel.");
	auth_random_token(secret);
	auth_sha256_hex(secret, token_hash);
	time_now_iso(now);
	time_unix_to_iso(time(NULL) + (time_t)days * 86400, expires);
	if ((rc = db_prepare(tx->db, SQL_TOKEN_INSERT, &st, e)) != SAMSYN_OK)
		goto cleanup;
	db_bind_int64(st, 1, user_id);
	db_bind_text(st, 2, name);
	db_bind_text(st, 3, token_hash);
	db_bind_id(st, 4, tx->actor.user_id);
	db_bind_text(st, 5, now);
	db_bind_text(st, 6, expires);
	if ((rc = db_step(st, e)) != DB_ROW)
		goto cleanup;
	*out = (struct api_token){
		.id = db_column_int64(st, 0),
		.user_id = user_id,
		.name = arena_strdup(tx->arena, name),
		.created_at = arena_strdup(tx->arena, now),
		.expires_at = arena_strdup(tx->arena, expires),
	};
	db_finalize(st);
	st = NULL;
	rc = audit_record(tx, "create", "user", user_id, "api_token", out->id, e);
cleanup:
	db_finalize(st);
	return rc;
}

int
auth_token_list(struct tx *tx, int64_t user_id, void (*fn)(const struct api_token *, void *),
		void *arg, struct err *e)
{
	struct db_stmt *st = NULL;
	int rc;

	if ((rc = db_prepare(tx->db, SQL_TOKEN_LIST, &st, e)) != SAMSYN_OK)
		goto cleanup;
	db_bind_int64(st, 1, user_id);
	while ((rc = db_step(st, e)) == DB_ROW) {
		struct api_token t = {
			.id = db_column_int64(st, 0),
			.user_id = db_column_int64(st, 1),
			.name = arena_strdup(tx->arena, db_column_text(st, 2)),
			.created_at = arena_strdup(tx->arena, db_column_text(st, 3)),
			.expires_at = arena_strdup(tx->arena, db_column_text(st, 4)),
			.revoked_at = arena_strdup(tx->arena, db_column_text(st, 5)),
		};
		fn(&t, arg);
	}
	if (rc == DB_DONE)
		rc = audit_record(tx, "read", "user", user_id, "api_token", 0, e);
cleanup:
	db_finalize(st);
	return rc;
}

int
auth_token_revoke(struct tx *tx, int64_t token_id, struct err *e)
{
	struct db_stmt *st = NULL;
	char now[TIME_ISO_LEN];
	int64_t user_id;
	int rc;

	if ((rc = db_prepare(tx->db, SQL_TOKEN_USER, &st, e)) != SAMSYN_OK)
		goto cleanup;
	db_bind_int64(st, 1, token_id);
	if ((rc = db_step(st, e)) != DB_ROW) {
		rc = rc == DB_DONE ? err_set(e, SAMSYN_ENOTFOUND, NULL, "Nyckeln finns inte.") : rc;
		goto cleanup;
	}
	user_id = db_column_int64(st, 0);
	db_finalize(st);
	st = NULL;
	time_now_iso(now);
	if ((rc = db_prepare(tx->db, SQL_TOKEN_REVOKE, &st, e)) != SAMSYN_OK)
		goto cleanup;
	db_bind_text(st, 1, now);
	db_bind_int64(st, 2, token_id);
	if ((rc = db_step(st, e)) != DB_DONE)
		goto cleanup;
	db_finalize(st);
	st = NULL;
	rc = audit_record(tx, "update", "user", user_id, "api_token", token_id, e);
cleanup:
	db_finalize(st);
	return rc;
}

static int
auth_fill_actor(struct tx *tx, struct db_stmt *st, int col_user, int col_unit, int col_role,
		int col_name)
{
	tx->actor.user_id = db_column_int64(st, col_user);
	tx->actor.unit_id = db_column_null(st, col_unit) ? 0 : db_column_int64(st, col_unit);
	tx->actor.role = role_parse(db_column_text(st, col_role));
	tx->actor.name = arena_strdup(tx->arena, db_column_text(st, col_name));
	return SAMSYN_OK;
}

static void
auth_sha256_hex(const char *token, char out[65])
{
	unsigned char digest[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(digest, (const unsigned char *)token, strlen(token));
	sodium_bin2hex(out, 65, digest, sizeof(digest));
}

static uint64_t
throttle_key(const char *kind, const char *value)
{
	unsigned char out[crypto_shorthash_BYTES];
	char joined[512];
	uint64_t key;

	snprintf(joined, sizeof(joined), "%s\n%s", kind, value);
	crypto_shorthash(out, (const unsigned char *)joined, strlen(joined), throttle_secret);
	memcpy(&key, out, sizeof(key));
	return key ? key : 1;
}

/* The slot for key, or the stalest slot of its neighbourhood to reuse. */
static struct throttle_slot *
throttle_slot_for(uint64_t key, bool create)
{
	struct throttle_slot *oldest = NULL;

	for (int i = 0; i < 8; i++) {
		struct throttle_slot *s = &throttle[(key + (uint64_t)i) % THROTTLE_SLOTS];

		if (s->key == key)
			return s;
		if (oldest == NULL || s->window_start < oldest->window_start)
			oldest = s;
	}
	if (!create)
		return NULL;
	*oldest = (struct throttle_slot){.key = key};
	return oldest;
}

static bool
throttle_blocked(uint64_t key, int max, time_t now)
{
	struct throttle_slot *s;
	bool blocked = false;

	pthread_mutex_lock(&throttle_lock);
	s = throttle_slot_for(key, false);
	if (s && now - s->window_start < config.login_window_seconds)
		blocked = s->failures >= max;
	pthread_mutex_unlock(&throttle_lock);
	return blocked;
}

static void
throttle_fail(uint64_t key, time_t now)
{
	struct throttle_slot *s;

	pthread_mutex_lock(&throttle_lock);
	s = throttle_slot_for(key, true);
	if (now - s->window_start >= config.login_window_seconds) {
		s->window_start = now;
		s->failures = 0;
	}
	s->failures++;
	pthread_mutex_unlock(&throttle_lock);
}

static void
throttle_clear(uint64_t key)
{
	struct throttle_slot *s;

	pthread_mutex_lock(&throttle_lock);
	if ((s = throttle_slot_for(key, false)) != NULL)
		s->failures = 0;
	pthread_mutex_unlock(&throttle_lock);
}
