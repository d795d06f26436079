#include "domain/org.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "domain/audit.h"
#include "domain/rows.h"
#include "domain/validate.h"

/* Each type's SQL selects the same columns: id, name, kind, sector_id, active, intake. */
static const struct org_sql {
	const char *name;
	const char *what; /* Swedish, for messages */
	const char *list, *get, *insert, *update, *name_taken;
} org_sql[] = {
	[ORG_SECTOR] = {
		.name = "sector",
		.what = "Sektorn",
		.list = "SELECT id, name, kind, 0, active, 0 FROM sectors",
		.get = "SELECT id, name, kind, 0, active, 0 FROM sectors WHERE id = ?",
		.insert = "INSERT INTO sectors (name, kind, active) VALUES (?, ?, 1) RETURNING id",
		.update = "UPDATE sectors SET name = ?, kind = ?, active = ? WHERE id = ?",
		.name_taken = "SELECT COUNT(*) FROM sectors WHERE name = ? AND id <> ?",
	},
	[ORG_UNIT] = {
		.name = "unit",
		.what = "Enheten",
		.list = "SELECT id, name, NULL, sector_id, active, intake FROM units",
		.get = "SELECT id, name, NULL, sector_id, active, intake FROM units WHERE id = ?",
		.insert = "INSERT INTO units (name, sector_id, active, intake) VALUES (?, ?, 1, ?)"
			  " RETURNING id",
		.update = "UPDATE units SET name = ?, sector_id = ?, intake = ?, active = ?"
			  " WHERE id = ?",
		.name_taken = "SELECT COUNT(*) FROM units WHERE name = ? AND sector_id = ?"
			      " AND id <> ?",
	},
	[ORG_FUNCTION] = {
		.name = "function",
		.what = "Funktionen",
		.list = "SELECT id, name, NULL, 0, active, 0 FROM functions",
		.get = "SELECT id, name, NULL, 0, active, 0 FROM functions WHERE id = ?",
		.insert = "INSERT INTO functions (name, active) VALUES (?, 1) RETURNING id",
		.update = "UPDATE functions SET name = ?, active = ? WHERE id = ?",
		.name_taken = "SELECT COUNT(*) FROM functions WHERE name = ? AND id <> ?",
	},
};

static const char SQL_SECTOR_OK[] = "SELECT COUNT(*) FROM sectors WHERE id = ? AND active = 1";

const char *const org_kinds[] = {"social", "education", "leisure", "health", "other", NULL};
static const char *const org_kind_labels[] = {"Socialtjänst", "Utbildning", "Kultur och fritid",
					      "Hälso- och sjukvård", "Annat"};

static int org_validate(struct tx *tx, enum org_type t, const struct org_item *next, int64_t id,
			struct err *e);
static void org_from_row(struct tx *tx, struct db_stmt *st, struct org_item *it);
static void org_from_row_any(struct tx *tx, struct db_stmt *st, void *it);

const char *
org_type_name(enum org_type t)
{
	return org_sql[t].name;
}

const char *
org_kind_label(const char *kind)
{
	for (int i = 0; kind && org_kinds[i]; i++)
		if (strcmp(kind, org_kinds[i]) == 0)
			return org_kind_labels[i];
	return NULL;
}

int
org_list(struct tx *tx, enum org_type t, void (*fn)(const struct org_item *, void *), void *arg,
	 struct err *e)
{
	struct org_item **items;
	size_t n;
	int rc = rows_sorted(tx, org_sql[t].list, sizeof(struct org_item), org_from_row_any,
			     offsetof(struct org_item, name), (void ***)&items, &n, e);

	for (size_t i = 0; rc == SAMSYN_OK && i < n; i++)
		fn(items[i], arg);
	return rc;
}

int
org_get(struct tx *tx, enum org_type t, int64_t id, struct org_item *out, struct err *e)
{
	struct db_stmt *st = NULL;
	int rc;

	if ((rc = db_prepare(tx->db, org_sql[t].get, &st, e)) != SAMSYN_OK)
		goto cleanup;
	db_bind_int64(st, 1, id);
	rc = db_step(st, e);
	if (rc == DB_ROW) {
		org_from_row(tx, st, out);
		rc = SAMSYN_OK;
	} else if (rc == DB_DONE) {
		rc = err_set(e, SAMSYN_ENOTFOUND, NULL, "%s finns inte.", org_sql[t].what);
	}
cleanup:
	db_finalize(st);
	return rc;
}

int
org_create(struct tx *tx, enum org_type t, const struct org_in *in, struct org_item *out,
	   struct err *e)
{
	struct org_item next = {.name = in->name, .kind = in->kind, .sector_id = in->sector_id,
				.active = true, .intake = in->has_intake && in->intake};
	struct db_stmt *st = NULL;
	int64_t id;
	int rc;

	if (tx->actor.role != ROLE_ADMIN && tx->channel != CHANNEL_CLI)
		return tx_deny(tx, org_sql[t].name, 0, NULL, 0);
	if ((rc = org_validate(tx, t, &next, 0, e)) != SAMSYN_OK)
		return rc;
	if ((rc = db_prepare(tx->db, org_sql[t].insert, &st, e)) != SAMSYN_OK)
		goto cleanup;
	db_bind_text(st, 1, next.name);
	if (t == ORG_SECTOR)
		db_bind_text(st, 2, next.kind);
	else if (t == ORG_UNIT) {
		db_bind_int64(st, 2, next.sector_id);
		db_bind_int64(st, 3, next.intake ? 1 : 0);
	}
	if ((rc = db_step(st, e)) != DB_ROW)
		goto cleanup;
	id = db_column_int64(st, 0);
	db_finalize(st);
	st = NULL;
	if ((rc = audit_record(tx, "create", NULL, 0, org_sql[t].name, id, e)) != SAMSYN_OK)
		goto cleanup;
	rc = org_get(tx, t, id, out, e);
cleanup:
	db_finalize(st);
	return rc;
}

int
org_update(struct tx *tx, enum org_type t, int64_t id, const struct org_in *in,
	   struct org_item *out, struct err *e)
{
	struct db_stmt *st = NULL;
	struct org_item next;
	int rc, idx = 1;

	if (tx->actor.role != ROLE_ADMIN && tx->channel != CHANNEL_CLI)
		return tx_deny(tx, org_sql[t].name, id, NULL, 0);
	if ((rc = org_get(tx, t, id, &next, e)) != SAMSYN_OK)
		return rc;
	if (in->has_name)
		next.name = in->name;
	if (in->has_kind)
		next.kind = in->kind;
	if (in->has_sector)
		next.sector_id = in->sector_id;
	if (in->has_active)
		next.active = in->active;
	if (in->has_intake)
		next.intake = in->intake;
	if ((rc = org_validate(tx, t, &next, id, e)) != SAMSYN_OK)
		return rc;
	if ((rc = db_prepare(tx->db, org_sql[t].update, &st, e)) != SAMSYN_OK)
		goto cleanup;
	db_bind_text(st, idx++, next.name);
	if (t == ORG_SECTOR)
		db_bind_text(st, idx++, next.kind);
	else if (t == ORG_UNIT) {
		db_bind_int64(st, idx++, next.sector_id);
		db_bind_int64(st, idx++, next.intake ? 1 : 0);
	}
	db_bind_int64(st, idx++, next.active ? 1 : 0);
	db_bind_int64(st, idx, id);
	if ((rc = db_step(st, e)) != DB_DONE)
		goto cleanup;
	db_finalize(st);
	st = NULL;
	if ((rc = audit_record(tx, "update", NULL, 0, org_sql[t].name, id, e)) != SAMSYN_OK)
		goto cleanup;
	rc = org_get(tx, t, id, out, e);
cleanup:
	db_finalize(st);
	return rc;
}

static int
org_validate(struct tx *tx, enum org_type t, const struct org_item *next, int64_t id,
	     struct err *e)
{
	int64_t n;
	int rc;

	if ((rc = validate_line(next->name, "name", "Namnet", ORG_NAME_MAX, e)) != SAMSYN_OK)
		return rc;
	if (t == ORG_SECTOR && org_kind_label(next->kind) == NULL)
		return err_set(e, SAMSYN_EINVAL, "kind", "Välj vilket slags sektor det är.");
	if (t == ORG_UNIT) {
		if ((rc = db_count(tx->db, SQL_SECTOR_OK, NULL, 1, next->sector_id, 0, &n, e)) !=
		    SAMSYN_OK)
			return rc;
		if (n == 0)
			return err_set(e, SAMSYN_EINVAL, "sector_id",
				       "Välj en sektor som finns och är aktiv.");
		rc = db_count(tx->db, org_sql[t].name_taken, next->name, 2, next->sector_id, id,
			      &n, e);
	} else {
		rc = db_count(tx->db, org_sql[t].name_taken, next->name, 1, id, 0, &n, e);
	}
	if (rc != SAMSYN_OK)
		return rc;
	if (n > 0)
		return err_set(e, SAMSYN_ECONFLICT, "name", "Det finns redan en med det namnet.");
	return SAMSYN_OK;
}

static void
org_from_row_any(struct tx *tx, struct db_stmt *st, void *it)
{
	org_from_row(tx, st, it);
}

static void
org_from_row(struct tx *tx, struct db_stmt *st, struct org_item *it)
{
	it->id = db_column_int64(st, 0);
	it->name = arena_strdup(tx->arena, db_column_text(st, 1));
	it->kind = arena_strdup(tx->arena, db_column_text(st, 2));
	it->sector_id = db_column_int64(st, 3);
	it->active = db_column_int64(st, 4) == 1;
	it->intake = db_column_int64(st, 5) == 1;
}
