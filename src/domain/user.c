#include "domain/user.h"

#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/audit.h"
#include "domain/auth.h"
#include "domain/rows.h"
#include "domain/validate.h"
#include "util/timeutil.h"

/* The columns every user read selects, in user_from_row's order. */
#define USER_COLUMNS \
	"SELECT id, name, email, function_id, unit_id, role, active, created_at," \
	" protected_access FROM users"
static const char SQL_GET[] = USER_COLUMNS " WHERE id = ?";
static const char SQL_GET_EMAIL[] = USER_COLUMNS " WHERE email = ?";
static const char SQL_LIST[] = USER_COLUMNS;
static const char SQL_EMAIL_TAKEN[] = "SELECT COUNT(*) FROM users WHERE email = ? AND id <> ?";
static const char SQL_INSERT[] =
	"INSERT INTO users (name, email, function_id, unit_id, role, password_hash, active,"
	" created_at, updated_at, protected_access) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?)"
	" RETURNING id";
static const char SQL_UPDATE[] =
	"UPDATE users SET name = ?, email = ?, function_id = ?, unit_id = ?, role = ?,"
	" active = ?, updated_at = ?, protected_access = ? WHERE id = ?";
static const char SQL_SET_PASSWORD[] =
	"UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?";
static const char SQL_PASSWORD_HASH[] = "SELECT password_hash FROM users WHERE id = ?";
static const char SQL_REVOKE_TOKENS[] =
	"UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL";
static const char SQL_FUNCTION_OK[] = "SELECT COUNT(*) FROM functions WHERE id = ? AND active = 1";
static const char SQL_UNIT_OK[] = "SELECT COUNT(*) FROM units WHERE id = ? AND active = 1";
static const char SQL_COUNT[] = "SELECT COUNT(*) FROM users";

struct user_names {
	void (*fn)(const struct user *, void *);
	void *arg;
};

static bool user_may_manage(const struct tx *tx);
static int user_list_each(struct tx *tx, void (*fn)(const struct user *, void *), void *arg,
			  bool log, struct err *e);
static int user_list_quiet(struct tx *tx, void (*fn)(const struct user *, void *), void *arg,
			   struct err *e);
static void user_name_only(const struct user *u, void *arg);
static int user_validate(struct tx *tx, const struct user_in *in, const struct user *cur,
			 struct err *e);
static int user_fetch(struct tx *tx, const char *sql, int64_t id, const char *email,
		      struct user *out, struct err *e);
static void user_from_row(struct tx *tx, struct db_stmt *st, struct user *u);
static void user_from_row_any(struct tx *tx, struct db_stmt *st, void *u);

void
user_normalize_email(const char *email, char *out, size_t n)
{
	size_t len, start = 0, j = 0;

	if (n == 0)
		return;
	if (email == NULL) {
		out[0] = '\0';
		return;
	}
	len = strlen(email);
	while (start < len && isspace((unsigned char)email[start]))
		start++;
	while (len > start && isspace((unsigned char)email[len - 1]))
		len--;
	for (size_t i = start; i < len && j + 1 < n; i++)
		out[j++] = (char)tolower((unsigned char)email[i]);
	out[j] = '\0';
}

int
user_create(struct tx *tx, const struct user_in *in, struct user *out, struct err *e)
{
	char email[USER_EMAIL_MAX + 1], hash[AUTH_HASH_LEN], now[TIME_ISO_LEN];
	struct db_stmt *st = NULL;
	int64_t id;
	int rc;

	if (!user_may_manage(tx))
		return tx_deny(tx, "user", 0, NULL, 0);
	if ((rc = user_validate(tx, in, NULL, e)) != SAMSYN_OK)
		return rc;
	if (in->password_hash) {
		snprintf(hash, sizeof(hash), "%s", in->password_hash);
	} else if ((rc = auth_password_check(in->password, "password", e)) != SAMSYN_OK ||
		   (rc = auth_hash_password(in->password, hash, e)) != SAMSYN_OK) {
		return rc;
	}
	user_normalize_email(in->email, email, sizeof(email));
	time_now_iso(now);
	if ((rc = db_prepare(tx->db, SQL_INSERT, &st, e)) != SAMSYN_OK)
		goto cleanup;
	db_bind_text(st, 1, in->name);
	db_bind_text(st, 2, email);
	db_bind_id(st, 3, in->function_id);
	db_bind_id(st, 4, in->unit_id);
	db_bind_text(st, 5, in->role);
	db_bind_text(st, 6, hash);
	db_bind_text(st, 7, now);
	db_bind_text(st, 8, now);
	db_bind_int64(st, 9, in->has_protected_access && in->protected_access ? 1 : 0);
	if ((rc = db_step(st, e)) != DB_ROW) {
		if (rc == SAMSYN_ECONFLICT)
			err_set(e, rc, "email", "E-postadressen används redan av en annan användare.");
		goto cleanup;
	}
	id = db_column_int64(st, 0);
	db_finalize(st);
	st = NULL;
	if ((rc = audit_record(tx, "create", "user", id, "user", id, e)) != SAMSYN_OK)
		goto cleanup;
	rc = user_fetch(tx, SQL_GET, id, NULL, out, e);
cleanup:
	db_finalize(st);
	return rc;
}

int
user_get(struct tx *tx, int64_t id, struct user *out, struct err *e)
{
	int rc;

	if (!user_may_manage(tx) && tx->actor.user_id != id)
		return tx_deny(tx, "user", id, "user", id);
	if ((rc = user_fetch(tx, SQL_GET, id, NULL, out, e)) != SAMSYN_OK)
		return rc;
	return audit_record(tx, "read", "user", id, "user", id, e);
}

int
user_get_by_email(struct tx *tx, const char *email, struct user *out, struct err *e)
{
	char normal[USER_EMAIL_MAX + 1];
	int rc;

	if (!user_may_manage(tx))
		return tx_deny(tx, "user", 0, NULL, 0);
	user_normalize_email(email, normal, sizeof(normal));
	if ((rc = user_fetch(tx, SQL_GET_EMAIL, 0, normal, out, e)) != SAMSYN_OK)
		return rc;
	return audit_record(tx, "read", "user", out->id, "user", out->id, e);
}

int
user_list(struct tx *tx, void (*fn)(const struct user *, void *), void *arg, struct err *e)
{
	return user_list_each(tx, fn, arg, true, e);
}

static int
user_list_quiet(struct tx *tx, void (*fn)(const struct user *, void *), void *arg, struct err *e)
{
	struct user_names names = {.fn = fn, .arg = arg};

	return user_list_each(tx, user_name_only, &names, false, e);
}

static void
user_name_only(const struct user *u, void *arg)
{
	struct user_names *names = arg;
	struct user only = {.id = u->id, .name = u->name, .email = "", .role = ROLE_NONE,
			    .active = u->active};

	names->fn(&only, names->arg);
}

static int
user_list_each(struct tx *tx, void (*fn)(const struct user *, void *), void *arg, bool log,
	       struct err *e)
{
	struct user **items;
	size_t n;
	int rc;

	if (!user_may_manage(tx))
		return tx_deny(tx, "user", 0, NULL, 0);
	rc = rows_sorted(tx, SQL_LIST, sizeof(struct user), user_from_row_any,
			 offsetof(struct user, name), (void ***)&items, &n, e);
	for (size_t i = 0; i < n && rc == SAMSYN_OK; i++) {
		if (log)
			rc = audit_record(tx, "read", "user", items[i]->id, "user", items[i]->id,
					  e);
		if (rc == SAMSYN_OK)
			fn(items[i], arg);
	}
	return rc;
}

int
user_directory(struct tx *tx, void (*fn)(const struct user *, void *), void *arg, struct err *e)
{
	struct tx as_manager = *tx;
	int rc;

	if (tx->actor.role != ROLE_ADMIN && tx->actor.role != ROLE_AUDITOR)
		return tx_deny(tx, "user_directory", 0, NULL, 0);
	as_manager.actor.role = ROLE_ADMIN;
	rc = user_list_quiet(&as_manager, fn, arg, e);
	if (rc == SAMSYN_OK)
		rc = audit_record(tx, "read", NULL, 0, "user_directory", 0, e);
	return rc;
}

int
user_update(struct tx *tx, int64_t id, const struct user_in *in, struct user *out,
	    struct err *e)
{
	char email[USER_EMAIL_MAX + 1], now[TIME_ISO_LEN];
	struct db_stmt *st = NULL;
	struct user cur;
	int rc;

	if (!user_may_manage(tx))
		return tx_deny(tx, "user", id, "user", id);
	if ((rc = user_fetch(tx, SQL_GET, id, NULL, &cur, e)) != SAMSYN_OK)
		return rc;
	if ((rc = user_validate(tx, in, &cur, e)) != SAMSYN_OK)
		return rc;
	if (id == tx->actor.user_id && in->has_active && !in->active)
		return err_set(e, SAMSYN_ECONFLICT, "active",
			       "Du kan inte inaktivera dig själv. Be en annan administratör.");
	if (id == tx->actor.user_id && in->has_role && role_parse(in->role) != ROLE_ADMIN)
		return err_set(e, SAMSYN_ECONFLICT, "role",
			       "Du kan inte ta bort din egen administratörsroll.");
	if (in->has_name)
		cur.name = in->name;
	if (in->has_email) {
		user_normalize_email(in->email, email, sizeof(email));
		cur.email = email;
	}
	if (in->has_function)
		cur.function_id = in->function_id;
	if (in->has_unit)
		cur.unit_id = in->unit_id;
	if (in->has_role)
		cur.role = role_parse(in->role);
	if (in->has_protected_access)
		cur.protected_access = in->protected_access;
	time_now_iso(now);
	if ((rc = db_prepare(tx->db, SQL_UPDATE, &st, e)) != SAMSYN_OK)
		goto cleanup;
	db_bind_text(st, 1, cur.name);
	db_bind_text(st, 2, cur.email);
	db_bind_id(st, 3, cur.function_id);
	db_bind_id(st, 4, cur.unit_id);
	db_bind_text(st, 5, role_name(cur.role));
	db_bind_int64(st, 6, (in->has_active ? in->active : cur.active) ? 1 : 0);
	db_bind_text(st, 7, now);
	db_bind_int64(st, 8, cur.protected_access ? 1 : 0);
	db_bind_int64(st, 9, id);
	if ((rc = db_step(st, e)) != DB_DONE) {
		if (rc == SAMSYN_ECONFLICT)
			err_set(e, rc, "email", "E-postadressen används redan av en annan användare.");
		goto cleanup;
	}
	db_finalize(st);
	st = NULL;
	if (in->has_active && !in->active && cur.active) {
		if ((rc = auth_end_sessions(tx, id, 0, e)) != SAMSYN_OK)
			goto cleanup;
		if ((rc = db_prepare(tx->db, SQL_REVOKE_TOKENS, &st, e)) != SAMSYN_OK)
			goto cleanup;
		db_bind_text(st, 1, now);
		db_bind_int64(st, 2, id);
		if ((rc = db_step(st, e)) != DB_DONE)
			goto cleanup;
	}
	if ((rc = audit_record(tx, "update", "user", id, "user", id, e)) != SAMSYN_OK)
		goto cleanup;
	rc = user_fetch(tx, SQL_GET, id, NULL, out, e);
cleanup:
	db_finalize(st);
	return rc;
}

int
user_set_password(struct tx *tx, int64_t id, const char *password, const char *field,
		  struct err *e)
{
	char hash[AUTH_HASH_LEN];
	struct user cur;
	int rc;

	if (!user_may_manage(tx) && tx->actor.user_id != id)
		return tx_deny(tx, "user", id, "user", id);
	if ((rc = user_fetch(tx, SQL_GET, id, NULL, &cur, e)) != SAMSYN_OK)
		return rc;
	if ((rc = auth_password_check(password, field, e)) != SAMSYN_OK ||
	    (rc = auth_hash_password(password, hash, e)) != SAMSYN_OK)
		return rc;
	(void)cur;
	return user_store_password_hash(tx, id, NULL, hash, e);
}

int
user_store_password_hash(struct tx *tx, int64_t id, const char *seen_hash, const char *new_hash,
			 struct err *e)
{
	struct db_stmt *st = NULL;
	char now[TIME_ISO_LEN];
	int rc;

	struct user cur;

	if (!user_may_manage(tx) && tx->actor.user_id != id)
		return tx_deny(tx, "user", id, "user", id);
	if ((rc = user_fetch(tx, SQL_GET, id, NULL, &cur, e)) != SAMSYN_OK)
		return rc;
	if (seen_hash) {
		if ((rc = db_prepare(tx->db, SQL_PASSWORD_HASH, &st, e)) != SAMSYN_OK)
			goto cleanup;
		db_bind_int64(st, 1, id);
		rc = db_step(st, e);
		if (rc == DB_DONE || (rc == DB_ROW && strcmp(db_column_text(st, 0), seen_hash))) {
			rc = err_set(e, SAMSYN_ECONFLICT, NULL,
				     "Lösenordet ändrades samtidigt från annat håll. Försök igen.");
			goto cleanup;
		} else if (rc != DB_ROW) {
			goto cleanup;
		}
		db_finalize(st);
		st = NULL;
	}
	time_now_iso(now);
	if ((rc = db_prepare(tx->db, SQL_SET_PASSWORD, &st, e)) != SAMSYN_OK)
		goto cleanup;
	db_bind_text(st, 1, new_hash);
	db_bind_text(st, 2, now);
	db_bind_int64(st, 3, id);
	if ((rc = db_step(st, e)) != DB_DONE)
		goto cleanup;
	if (tx->actor.user_id != id && (rc = auth_end_sessions(tx, id, 0, e)) != SAMSYN_OK)
		goto cleanup;
	rc = audit_record(tx, "update", "user", id, "password", id, e);
cleanup:
	db_finalize(st);
	return rc;
}

int
user_count(struct db *db, int64_t *out, struct err *e)
{
	return db_query_int64(db, SQL_COUNT, out, e);
}

/* Administrators manage users; so does the operator at the command line. */
static bool
user_may_manage(const struct tx *tx)
{
	return tx->actor.role == ROLE_ADMIN ||
	       (tx->channel == CHANNEL_CLI && tx->actor.user_id == 0);
}

/* cur: the user as stored (NULL on create).  A function or unit that was deactivated
 * after it was given may stay; only a new choice must be active. */
static int
user_validate(struct tx *tx, const struct user_in *in, const struct user *cur, struct err *e)
{
	bool create = cur == NULL;
	int64_t self_id = cur ? cur->id : 0;
	char email[USER_EMAIL_MAX + 1];
	int64_t n;
	int rc;

	if ((create || in->has_name) &&
	    (rc = validate_line(in->name, "name", "Namnet", USER_NAME_MAX, e)) != SAMSYN_OK)
		return rc;
	if (create || in->has_email) {
		if ((rc = validate_email(in->email, "email", e)) != SAMSYN_OK)
			return rc;
		user_normalize_email(in->email, email, sizeof(email));
		if ((rc = db_count(tx->db, SQL_EMAIL_TAKEN, email, 1, self_id, 0, &n, e)) !=
		    SAMSYN_OK)
			return rc;
		if (n > 0)
			return err_set(e, SAMSYN_ECONFLICT, "email",
				       "E-postadressen används redan av en annan användare.");
	}
	if ((create || in->has_role) && role_parse(in->role) == ROLE_NONE)
		return err_set(e, SAMSYN_EINVAL, "role",
			       "Välj en roll: administratör, logggranskare eller medarbetare.");
	if ((create || in->has_function) && in->function_id != 0 &&
	    !(cur && in->function_id == cur->function_id)) {
		if ((rc = db_count(tx->db, SQL_FUNCTION_OK, NULL, 1, in->function_id, 0, &n, e)) !=
		    SAMSYN_OK)
			return rc;
		if (n == 0)
			return err_set(e, SAMSYN_EINVAL, "function_id",
				       "Funktionen finns inte eller är inaktiverad.");
	}
	if ((create || in->has_unit) && in->unit_id != 0 && !(cur && in->unit_id == cur->unit_id)) {
		if ((rc = db_count(tx->db, SQL_UNIT_OK, NULL, 1, in->unit_id, 0, &n, e)) !=
		    SAMSYN_OK)
			return rc;
		if (n == 0)
			return err_set(e, SAMSYN_EINVAL, "unit_id",
				       "Enheten finns inte eller är inaktiverad.");
	}
	return SAMSYN_OK;
}

static int
user_fetch(struct tx *tx, const char *sql, int64_t id, const char *email, struct user *out,
	   struct err *e)
{
	struct db_stmt *st = NULL;
	int rc;

	if ((rc = db_prepare(tx->db, sql, &st, e)) != SAMSYN_OK)
		goto cleanup;
	if (email)
		db_bind_text(st, 1, email);
	else
		db_bind_int64(st, 1, id);
	rc = db_step(st, e);
	if (rc == DB_ROW) {
		user_from_row(tx, st, out);
		rc = SAMSYN_OK;
	} else if (rc == DB_DONE) {
		rc = err_set(e, SAMSYN_ENOTFOUND, NULL, "Användaren finns inte.");
	}
cleanup:
	db_finalize(st);
	return rc;
}

static void
user_from_row_any(struct tx *tx, struct db_stmt *st, void *u)
{
	user_from_row(tx, st, u);
}

static void
user_from_row(struct tx *tx, struct db_stmt *st, struct user *u)
{
	u->id = db_column_int64(st, 0);
	u->name = arena_strdup(tx->arena, db_column_text(st, 1));
	u->email = arena_strdup(tx->arena, db_column_text(st, 2));
	u->function_id = db_column_null(st, 3) ? 0 : db_column_int64(st, 3);
	u->unit_id = db_column_null(st, 4) ? 0 : db_column_int64(st, 4);
	u->role = role_parse(db_column_text(st, 5));
	u->active = db_column_int64(st, 6) == 1;
	u->created_at = arena_strdup(tx->arena, db_column_text(st, 7));
	u->protected_access = db_column_int64(st, 8) == 1;
}
