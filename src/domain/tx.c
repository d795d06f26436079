#include "domain/tx.h"

#include <string.h>

#include "util/err.h"

static const struct {
	const char *name, *label;
} roles[] = {
	[ROLE_NONE] = {"", "Ingen"},
	[ROLE_ADMIN] = {"admin", "Administratör"},
	[ROLE_AUDITOR] = {"auditor", "Logggranskare"},
	[ROLE_STAFF] = {"staff", "Medarbetare"},
};

int
tx_deny(struct tx *tx, const char *record_type, int64_t record_id, const char *subject_type,
	int64_t subject_id)
{
	tx->denial.set = true;
	tx->denial.action = "deny";
	tx->denial.record_type = record_type;
	tx->denial.record_id = record_id;
	tx->denial.subject_type = subject_type;
	tx->denial.subject_id = subject_id;
	return SAMSYN_EFORBIDDEN;
}

const char *
role_name(enum role r)
{
	return (r >= ROLE_NONE && r <= ROLE_STAFF) ? roles[r].name : "";
}

const char *
role_label(enum role r)
{
	return (r >= ROLE_NONE && r <= ROLE_STAFF) ? roles[r].label : "";
}

enum role
role_parse(const char *s)
{
	for (int r = ROLE_ADMIN; r <= ROLE_STAFF; r++)
		if (s && strcmp(s, roles[r].name) == 0)
			return (enum role)r;
	return ROLE_NONE;
}

const char *
channel_name(enum channel c)
{
	switch (c) {
	case CHANNEL_WEB:
		return "web";
	case CHANNEL_API:
		return "api";
	case CHANNEL_CLI:
		return "cli";
	}
	return "web";
}

const char *
tx_text(struct tx *tx, struct db_stmt *st, int col)
{
	return arena_strdup(tx->arena, db_column_text(st, col));
}
