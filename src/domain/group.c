#include "domain/group.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/audit.h"
#include "domain/rows.h"
#include "domain/steering.h"
#include "domain/validate.h"
#include "util/collate.h"
#include "util/timeutil.h"

const struct group_kind group_kinds[] = {
	{"namnd", "Nämnd", "strategic", 0},
	{"tva_plus_tva", "2+2", "strategic", 3},
	{"styrgrupp", "Styrgrupp", "strategic", 8},
	{"samverkansgrupp", "Samverkansgrupp", "tactical", 4},
	{"operativ_grupp", "Operativ grupp", "operative", 10},
	{"arbetsgrupp", "Arbetsgrupp", "tactical", 0},
	{"referensgrupp", "Referensgrupp", "tactical", 2},
	{NULL, NULL, NULL, 0},
};

static const char SQL_GROUPS[] =
	"SELECT id, name, kind, level, meetings_per_year, purpose, active, created_at, closed_on"
	" FROM steering_groups ORDER BY id";
static const char SQL_GROUP[] =
	"SELECT id, name, kind, level, meetings_per_year, purpose, active, created_at, closed_on"
	" FROM steering_groups WHERE id = ?";
static const char SQL_MEMBERS[] =
	"SELECT m.id, m.user_id, u.name, m.function_id, f.name, m.convener"
	" FROM group_members m LEFT JOIN users u ON u.id = m.user_id"
	" LEFT JOIN functions f ON f.id = m.function_id WHERE m.group_id = ? ORDER BY m.id";
static const char SQL_NAME_TAKEN[] =
	"SELECT COUNT(*) FROM steering_groups WHERE name = ? AND id <> ?";
static const char SQL_INSERT[] =
	"INSERT INTO steering_groups (name, kind, level, meetings_per_year, purpose, active,"
	" created_at, created_by) VALUES (?, ?, ?, ?, ?, 1, ?, ?) RETURNING id";
static const char SQL_UPDATE[] =
	"UPDATE steering_groups SET name = ?, kind = ?, level = ?, meetings_per_year = ?,"
	" purpose = ?, active = ?, closed_on = ? WHERE id = ?";
static const char SQL_MEMBER_INSERT[] =
	"INSERT INTO group_members (group_id, user_id, function_id, convener)"
	" VALUES (?, ?, ?, ?) RETURNING id";
static const char SQL_MEMBER_DUP[] =
	"SELECT COUNT(*) FROM group_members WHERE group_id = ? AND (user_id = ? OR function_id = ?)";
static const char SQL_USER_OK[] = "SELECT COUNT(*) FROM users WHERE id = ? AND active = 1";
static const char SQL_FUNCTION_OK[] = "SELECT COUNT(*) FROM functions WHERE id = ?";
static const char SQL_MEMBER_IN[] =
	"SELECT COUNT(*) FROM group_members WHERE id = ? AND group_id = ?";
static const char SQL_MEMBER_DELETE[] = "DELETE FROM group_members WHERE id = ? AND group_id = ?";
/* The sectors the conveners of a group come from: a person's unit's sector, and for a
 * function the sectors of the active users who hold it. */
static const char SQL_CONVENER_SECTORS[] =
	"SELECT DISTINCT s.kind FROM group_members gm"
	" JOIN users u ON u.id = gm.user_id"
	"  OR (gm.function_id IS NOT NULL AND u.function_id = gm.function_id AND u.active = 1)"
	" JOIN units n ON n.id = u.unit_id JOIN sectors s ON s.id = n.sector_id"
	" WHERE gm.group_id = ? AND gm.convener = 1";
/* The conveners of a group other than one member: 0 when that member is the last. */
static const char SQL_OTHER_CONVENERS[] =
	"SELECT COUNT(*) FROM group_members WHERE group_id = ? AND convener = 1 AND id <> ?";
static const char SQL_MEMBER_CONVENES[] =
	"SELECT COUNT(*) FROM group_members WHERE id = ? AND group_id = ? AND convener = 1";
/* The groups that existed in a year: made before it ended (created_at is UTC, compared
 * with the stored form of the first moment of the next year in Stockholm) and not closed
 * before it began, or that held a meeting in it. */
static const char SQL_CADENCE[] =
	"SELECT g.id, g.name, g.kind, g.level, g.meetings_per_year, g.closed_on,"
	" (SELECT COUNT(*) FROM meetings m WHERE m.group_id = g.id AND m.status = 'held'"
	"  AND m.day >= ? AND m.day <= ?),"
	" (SELECT COUNT(*) FROM meetings m WHERE m.group_id = g.id AND m.status = 'planned'"
	"  AND m.day >= ? AND m.day <= ?)"
	" FROM steering_groups g"
	" WHERE (g.created_at < ? AND (g.closed_on IS NULL OR g.closed_on >= ?))"
	" OR EXISTS (SELECT 1 FROM meetings m WHERE m.group_id = g.id AND m.status = 'held'"
	"  AND m.day >= ? AND m.day <= ?)"
	" ORDER BY g.id";
static const char SQL_PEOPLE[] =
	"SELECT u.id, u.name, f.name, n.name FROM users u"
	" LEFT JOIN functions f ON f.id = u.function_id LEFT JOIN units n ON n.id = u.unit_id"
	" WHERE u.active = 1";
static const char SQL_FUNCTIONS[] = "SELECT id, name FROM functions WHERE active = 1";
static const char SQL_CONVENES_ACTIVE[] =
	"SELECT COUNT(*) FROM group_members m JOIN steering_groups g ON g.id = m.group_id"
	" JOIN users u ON u.id = ? WHERE g.active = 1 AND m.convener = 1"
	" AND (m.user_id = u.id OR (m.function_id IS NOT NULL AND m.function_id = u.function_id))";

const struct group_kind *
group_kind_find(const char *kind)
{
	for (int i = 0; kind && group_kinds[i].kind; i++)
		if (strcmp(group_kinds[i].kind, kind) == 0)
			return &group_kinds[i];
	return NULL;
}

const char *
group_level_label(const char *level)
{
	if (level && strcmp(level, "strategic") == 0)
		return "Strategisk";
	if (level && strcmp(level, "tactical") == 0)
		return "Taktisk";
	if (level && strcmp(level, "operative") == 0)
		return "Operativ";
	return NULL;
}

static int group_insert_member(struct tx *tx, int64_t group_id, int64_t user_id,
			       int64_t function_id, bool convener, struct err *e);
static int group_require_styrgrupp_admin(struct tx *tx, const struct group *g, struct err *e);
static int group_convener_check(struct tx *tx, struct group *g, struct err *e);
static void group_person_from_row(struct tx *tx, struct db_stmt *st, void *item);
static void group_function_from_row(struct tx *tx, struct db_stmt *st, void *item);

static void
group_from_row(struct tx *tx, struct db_stmt *st, struct group *g)
{
	memset(g, 0, sizeof(*g));
	g->id = db_column_int64(st, 0);
	g->name = tx_text(tx, st, 1);
	g->kind = tx_text(tx, st, 2);
	g->level = tx_text(tx, st, 3);
	g->meetings_per_year = (int)db_column_int64(st, 4);
	g->purpose = tx_text(tx, st, 5);
	g->active = db_column_int64(st, 6) == 1;
	g->created_at = tx_text(tx, st, 7);
	g->closed_on = tx_text(tx, st, 8);
}

static int
group_members(struct tx *tx, struct group *g, struct err *e)
{
	struct db_stmt *st = NULL;
	size_t cap = 0;
	int rc;

	if ((rc = db_prepare(tx->db, SQL_MEMBERS, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_int64(st, 1, g->id);
	while ((rc = db_step(st, e)) == DB_ROW) {
		struct group_member *m;

		g->members = arena_grow(tx->arena, g->members, (size_t)g->nmembers, &cap,
					sizeof(*g->members));
		m = &g->members[g->nmembers++];
		m->id = db_column_int64(st, 0);
		m->user_id = db_column_int64(st, 1);
		m->user_name = tx_text(tx, st, 2);
		m->function_id = db_column_int64(st, 3);
		m->function_name = tx_text(tx, st, 4);
		m->convener = db_column_int64(st, 5) == 1;
	}
	db_finalize(st);
	if (rc != DB_DONE)
		return rc;
	return steering_can_edit_group(tx, g->id, &g->can_edit, e);
}

static int
group_load(struct tx *tx, int64_t id, struct group *out, struct err *e)
{
	struct db_stmt *st;
	int rc;

	if ((rc = db_row_by_id(tx->db, SQL_GROUP, id, "Gruppen finns inte.", &st, e)) != SAMSYN_OK)
		return rc;
	group_from_row(tx, st, out);
	db_finalize(st);
	if ((rc = group_members(tx, out, e)) != SAMSYN_OK)
		return rc;
	return group_convener_check(tx, out, e);
}

/* A samverkansgrupp has two conveners, one from the social services and one from the
 * schools and preschools: g->convener_warning says what is missing (NULL when nothing
 * is, and for every other kind).  A warning, not a refusal: a group is made first and
 * gets its members after. */
static int
group_convener_check(struct tx *tx, struct group *g, struct err *e)
{
	struct db_stmt *st = NULL;
	bool social = false, education = false;
	int rc;

	g->convener_warning = NULL;
	if (strcmp(g->kind, "samverkansgrupp") != 0)
		return SAMSYN_OK;
	if ((rc = db_prepare(tx->db, SQL_CONVENER_SECTORS, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_int64(st, 1, g->id);
	while ((rc = db_step(st, e)) == DB_ROW) {
		const char *kind = db_column_text(st, 0);

		social = social || (kind && strcmp(kind, "social") == 0);
		education = education || (kind && strcmp(kind, "education") == 0);
	}
	db_finalize(st);
	if (rc != DB_DONE)
		return rc;
	if (!social || !education)
		g->convener_warning = arena_printf(
			tx->arena,
			"En samverkansgrupp ska ha två sammankallande, en från socialtjänsten och en "
			"från skolan eller förskolan. Nu saknas %s.",
			!social && !education ? "båda"
			: !social	      ? "en sammankallande från socialtjänsten"
					      : "en sammankallande från skolan eller förskolan");
	return SAMSYN_OK;
}

int
group_list(struct tx *tx, void (*fn)(const struct group *, void *), void *arg, struct err *e)
{
	struct group *gs = NULL;
	struct db_stmt *st = NULL;
	size_t n = 0, cap = 0;
	int rc;

	if ((rc = steering_require_reader(tx, "group", 0, e)) != SAMSYN_OK ||
	    (rc = db_prepare(tx->db, SQL_GROUPS, &st, e)) != SAMSYN_OK)
		return rc;
	while ((rc = db_step(st, e)) == DB_ROW) {
		gs = arena_grow(tx->arena, gs, n, &cap, sizeof(*gs));
		group_from_row(tx, st, &gs[n++]);
	}
	db_finalize(st);
	if (rc != DB_DONE)
		return rc;
	for (size_t i = 0; i < n; i++) {
		if ((rc = group_members(tx, &gs[i], e)) != SAMSYN_OK ||
		    (rc = group_convener_check(tx, &gs[i], e)) != SAMSYN_OK)
			return rc;
		fn(&gs[i], arg);
	}
	return SAMSYN_OK;
}

int
group_get(struct tx *tx, int64_t id, struct group *out, struct err *e)
{
	int rc;

	if ((rc = steering_require_reader(tx, "group", id, e)) != SAMSYN_OK)
		return rc;
	return group_load(tx, id, out, e);
}

static int
group_validate(struct tx *tx, const struct group *g, struct err *e)
{
	int64_t n;
	int rc;

	if ((rc = validate_line(g->name, "name", "Namnet", GROUP_NAME_MAX, e)) != SAMSYN_OK)
		return rc;
	if (!group_kind_find(g->kind))
		return err_set(e, SAMSYN_EINVAL, "kind", "Välj vilket slags grupp det är.");
	if (!group_level_label(g->level))
		return err_set(e, SAMSYN_EINVAL, "level", "Välj nivå: strategisk, taktisk eller operativ.");
	if (g->meetings_per_year < 0 || g->meetings_per_year > 366)
		return err_set(e, SAMSYN_EINVAL, "meetings_per_year",
			       "Ange hur många möten per år gruppen ska ha (0–366).");
	if ((rc = validate_text(g->purpose, "purpose", "Syftet", GROUP_TEXT_MAX, false, e)) !=
	    SAMSYN_OK)
		return rc;
	if ((rc = db_count(tx->db, SQL_NAME_TAKEN, g->name, 1, g->id, 0, &n, e)) != SAMSYN_OK)
		return rc;
	if (n > 0)
		return err_set(e, SAMSYN_ECONFLICT, "name", "Det finns redan en grupp med det namnet.");
	return SAMSYN_OK;
}

int
group_create(struct tx *tx, const struct group_in *in, struct group *out, struct err *e)
{
	const struct group_kind *k = group_kind_find(in->kind);
	struct group g = {.name = in->name, .kind = in->kind, .purpose = in->purpose};
	struct db_stmt *st = NULL;
	char now[TIME_ISO_LEN];
	int64_t id = 0;
	int rc;

	if (tx->actor.role != ROLE_STAFF && tx->actor.role != ROLE_ADMIN &&
	    tx->channel != CHANNEL_CLI)
		return tx_deny(tx, "group", 0, NULL, 0);
	/* A styrgrupp's members edit the plans (steering.h): only an administrator makes one. */
	if (in->kind && strcmp(in->kind, "styrgrupp") == 0 && tx->actor.role != ROLE_ADMIN &&
	    tx->channel != CHANNEL_CLI) {
		err_set(e, SAMSYN_EFORBIDDEN, "kind",
			"Bara en administratör kan lägga upp en styrgrupp, eftersom dess "
			"medlemmar får ändra planerna.");
		return tx_deny(tx, "group", 0, NULL, 0);
	}
	g.level = in->has_level ? in->level : k ? k->level : NULL;
	g.meetings_per_year = in->has_meetings_per_year ? in->meetings_per_year
				: k ? k->meetings_per_year : 0;
	if ((rc = group_validate(tx, &g, e)) != SAMSYN_OK)
		return rc;
	time_now_iso(now);
	if ((rc = db_prepare(tx->db, SQL_INSERT, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_text(st, 1, g.name);
	db_bind_text(st, 2, g.kind);
	db_bind_text(st, 3, g.level);
	db_bind_int64(st, 4, g.meetings_per_year);
	db_bind_text(st, 5, validate_blank(g.purpose) ? NULL : g.purpose);
	db_bind_text(st, 6, now);
	db_bind_id(st, 7, tx->actor.user_id);
	if ((rc = db_step(st, e)) == DB_ROW) {
		id = db_column_int64(st, 0);
		rc = SAMSYN_OK;
	}
	db_finalize(st);
	if (rc != SAMSYN_OK || (rc = steering_log(tx, "create", "group", id, false, e)) != SAMSYN_OK)
		return rc;
	if (tx->actor.role == ROLE_STAFF &&
	    (rc = group_insert_member(tx, id, tx->actor.user_id, 0, true, e)) != SAMSYN_OK)
		return rc;
	return group_load(tx, id, out, e);
}

static int
group_require_editor(struct tx *tx, int64_t id, struct err *e)
{
	bool can;
	int rc;

	if ((rc = steering_can_edit_group(tx, id, &can, e)) != SAMSYN_OK)
		return rc;
	return can ? SAMSYN_OK : tx_deny(tx, "group", id, NULL, 0);
}

int
group_update(struct tx *tx, int64_t id, const struct group_in *in, struct group *out,
	     struct err *e)
{
	struct db_stmt *st = NULL;
	struct group g;
	char today[11];
	int rc;

	if ((rc = group_require_editor(tx, id, e)) != SAMSYN_OK ||
	    (rc = group_load(tx, id, &g, e)) != SAMSYN_OK)
		return rc;
	if (in->has_name)
		g.name = in->name;
	if (in->has_kind && strcmp(in->kind ? in->kind : "", g.kind) != 0 &&
	    (strcmp(g.kind, "styrgrupp") == 0 || (in->kind && strcmp(in->kind, "styrgrupp") == 0)) &&
	    tx->actor.role != ROLE_ADMIN && tx->channel != CHANNEL_CLI) {
		err_set(e, SAMSYN_EFORBIDDEN, "kind",
			"Bara en administratör kan göra en grupp till styrgrupp eller ändra en "
			"styrgrupp till något annat.");
		return tx_deny(tx, "group", id, NULL, 0);
	}
	/* Whether a styrgrupp is active says whether its members edit the plans
	 * (steering_can_edit_plans): switching it off or on is an administrator's, as its
	 * members are. */
	if (in->has_active && in->active != g.active && strcmp(g.kind, "styrgrupp") == 0 &&
	    tx->actor.role != ROLE_ADMIN && tx->channel != CHANNEL_CLI) {
		err_set(e, SAMSYN_EFORBIDDEN, "active",
			"Bara en administratör kan göra en styrgrupp inaktiv eller aktiv igen, "
			"eftersom dess medlemmar får ändra planerna.");
		return tx_deny(tx, "group", id, NULL, 0);
	}
	if (in->has_kind)
		g.kind = in->kind;
	if (in->has_level)
		g.level = in->level;
	if (in->has_purpose)
		g.purpose = in->purpose;
	if (in->has_meetings_per_year)
		g.meetings_per_year = in->meetings_per_year;
	if (in->has_active && in->active != g.active) {
		/* The day it closed says which years' reports still list it (group_cadence). */
		time_today(today);
		g.closed_on = in->active ? NULL : today;
		g.active = in->active;
	}
	if ((rc = group_validate(tx, &g, e)) != SAMSYN_OK ||
	    (rc = db_prepare(tx->db, SQL_UPDATE, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_text(st, 1, g.name);
	db_bind_text(st, 2, g.kind);
	db_bind_text(st, 3, g.level);
	db_bind_int64(st, 4, g.meetings_per_year);
	db_bind_text(st, 5, validate_blank(g.purpose) ? NULL : g.purpose);
	db_bind_int64(st, 6, g.active ? 1 : 0);
	db_bind_text(st, 7, g.closed_on);
	db_bind_int64(st, 8, id);
	if ((rc = db_run(st, e)) != SAMSYN_OK ||
	    (rc = steering_log(tx, "update", "group", id, false, e)) != SAMSYN_OK)
		return rc;
	return group_load(tx, id, out, e);
}

static int
group_insert_member(struct tx *tx, int64_t group_id, int64_t user_id, int64_t function_id,
		    bool convener, struct err *e)
{
	struct db_stmt *st = NULL;
	int64_t n, id = 0;
	int rc;

	if ((user_id > 0) == (function_id > 0))
		return err_set(e, SAMSYN_EINVAL, "user_id", "Välj en person eller en funktion.");
	if ((rc = db_count(tx->db, user_id > 0 ? SQL_USER_OK : SQL_FUNCTION_OK, NULL, 1,
			   user_id > 0 ? user_id : function_id, 0, &n, e)) != SAMSYN_OK)
		return rc;
	if (n == 0)
		return err_set(e, SAMSYN_EINVAL, user_id > 0 ? "user_id" : "function_id",
			       user_id > 0 ? "Välj en aktiv användare." : "Välj en funktion som finns.");
	if ((rc = db_prepare(tx->db, SQL_MEMBER_DUP, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_int64(st, 1, group_id);
	db_bind_int64(st, 2, user_id > 0 ? user_id : -1);
	db_bind_int64(st, 3, function_id > 0 ? function_id : -1);
	n = 0;
	if ((rc = db_step(st, e)) == DB_ROW)
		n = db_column_int64(st, 0);
	db_finalize(st);
	if (rc != DB_ROW)
		return rc;
	if (n > 0)
		return err_set(e, SAMSYN_ECONFLICT, user_id > 0 ? "user_id" : "function_id",
			       "Den finns redan med i gruppen.");
	if ((rc = db_prepare(tx->db, SQL_MEMBER_INSERT, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_int64(st, 1, group_id);
	db_bind_id(st, 2, user_id);
	db_bind_id(st, 3, function_id);
	db_bind_int64(st, 4, convener ? 1 : 0);
	if ((rc = db_step(st, e)) == DB_ROW) {
		id = db_column_int64(st, 0);
		rc = SAMSYN_OK;
	}
	db_finalize(st);
	if (rc != SAMSYN_OK)
		return rc;
	return steering_log(tx, "create", "group_member", id, false, e);
}

int
group_add_member(struct tx *tx, int64_t group_id, int64_t user_id, int64_t function_id,
		 bool convener, struct err *e)
{
	struct group g;
	int rc;

	if ((rc = group_require_editor(tx, group_id, e)) != SAMSYN_OK ||
	    (rc = group_load(tx, group_id, &g, e)) != SAMSYN_OK ||
	    (rc = group_require_styrgrupp_admin(tx, &g, e)) != SAMSYN_OK)
		return rc;
	return group_insert_member(tx, group_id, user_id, function_id, convener, e);
}

/* A styrgrupp's members edit the plans (steering.h): only an administrator changes who
 * they are. */
static int
group_require_styrgrupp_admin(struct tx *tx, const struct group *g, struct err *e)
{
	if (strcmp(g->kind, "styrgrupp") != 0 || tx->actor.role == ROLE_ADMIN ||
	    tx->channel == CHANNEL_CLI)
		return SAMSYN_OK;
	err_set(e, SAMSYN_EFORBIDDEN, "user_id",
		"Bara en administratör ändrar vilka som är med i styrgruppen, eftersom de får "
		"ändra planerna.");
	return tx_deny(tx, "group_member", g->id, NULL, 0);
}

int
group_remove_member(struct tx *tx, int64_t group_id, int64_t member_id, struct err *e)
{
	struct db_stmt *st = NULL;
	struct group g;
	int64_t n;
	int rc;

	if ((rc = group_require_editor(tx, group_id, e)) != SAMSYN_OK ||
	    (rc = group_load(tx, group_id, &g, e)) != SAMSYN_OK)
		return rc;
	if ((rc = group_require_styrgrupp_admin(tx, &g, e)) != SAMSYN_OK ||
	    (rc = db_count(tx->db, SQL_MEMBER_IN, NULL, 2, member_id, group_id, &n, e)) !=
		    SAMSYN_OK)
		return rc;
	if (n == 0)
		return err_set(e, SAMSYN_ENOTFOUND, NULL, "Medlemmen finns inte i gruppen.");
	/* A convener may not leave an active group without one: only an administrator could
	 * edit it then.  An administrator may (she can always edit it). */
	if (g.active && tx->actor.role != ROLE_ADMIN) {
		int64_t convenes, others;

		if ((rc = db_count(tx->db, SQL_MEMBER_CONVENES, NULL, 2, member_id, group_id,
				   &convenes, e)) != SAMSYN_OK ||
		    (rc = db_count(tx->db, SQL_OTHER_CONVENERS, NULL, 2, group_id, member_id,
				   &others, e)) != SAMSYN_OK)
			return rc;
		if (convenes > 0 && others == 0)
			return err_set(e, SAMSYN_ECONFLICT, "member",
				       "Gruppen måste ha minst en sammankallande. Gör någon annan "
				       "till sammankallande innan den här tas bort.");
	}
	if ((rc = db_prepare(tx->db, SQL_MEMBER_DELETE, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_int64(st, 1, member_id);
	db_bind_int64(st, 2, group_id);
	if ((rc = db_run(st, e)) != SAMSYN_OK)
		return rc;
	return steering_log(tx, "delete", "group_member", member_id, false, e);
}

int
group_cadence(struct tx *tx, int year, void (*fn)(const struct group_cadence *, void *),
	      void *arg, struct err *e)
{
	char from[11], to[11], start[TIME_ISO_LEN], next_year[TIME_ISO_LEN];
	struct db_stmt *st = NULL;
	int rc;

	if ((rc = steering_require_reader(tx, "group_cadence", 0, e)) != SAMSYN_OK)
		return rc;
	if (year < 1900 || year > 9999)
		return err_set(e, SAMSYN_EINVAL, "year", "Ange ett år, som 2026.");
	snprintf(from, sizeof(from), "%04d-01-01", year);
	snprintf(to, sizeof(to), "%04d-12-31", year);
	if (!time_local_day_bounds(to, start, next_year))
		return err_set(e, SAMSYN_EINVAL, "year", "Ange ett år, som 2026.");
	if ((rc = db_prepare(tx->db, SQL_CADENCE, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_text(st, 1, from);
	db_bind_text(st, 2, to);
	db_bind_text(st, 3, from);
	db_bind_text(st, 4, to);
	db_bind_text(st, 5, next_year);
	db_bind_text(st, 6, from);
	db_bind_text(st, 7, from);
	db_bind_text(st, 8, to);
	while ((rc = db_step(st, e)) == DB_ROW) {
		struct group_cadence c = {
			.group_id = db_column_int64(st, 0),
			.name = tx_text(tx, st, 1),
			.kind = tx_text(tx, st, 2),
			.level = tx_text(tx, st, 3),
			.required = (int)db_column_int64(st, 4),
			.closed_on = tx_text(tx, st, 5),
			.held = (int)db_column_int64(st, 6),
			.planned = (int)db_column_int64(st, 7),
		};

		c.gap = c.required > c.held ? c.required - c.held : 0;
		fn(&c, arg);
	}
	db_finalize(st);
	return rc == DB_DONE ? SAMSYN_OK : rc;
}

int
group_people_list(struct tx *tx, struct group_people *out, struct err *e)
{
	struct group_person **people = NULL;
	struct group_function **functions = NULL;
	size_t np = 0, nf = 0;
	bool may;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = steering_require_reader(tx, "user_directory", 0, e)) != SAMSYN_OK ||
	    (rc = group_people_may_read(tx, &may, e)) != SAMSYN_OK)
		return rc;
	if (!may) {
		err_set(e, SAMSYN_EFORBIDDEN, NULL,
			"Listan över personer är till för administratörer och för den som är "
			"sammankallande i en aktiv grupp.");
		return tx_deny(tx, "user_directory", 0, NULL, 0);
	}
	if ((rc = rows_sorted(tx, SQL_PEOPLE, sizeof(**people), group_person_from_row,
			      offsetof(struct group_person, name), (void ***)&people, &np, e)) !=
		    SAMSYN_OK ||
	    (rc = rows_sorted(tx, SQL_FUNCTIONS, sizeof(**functions), group_function_from_row,
			      offsetof(struct group_function, name), (void ***)&functions, &nf,
			      e)) != SAMSYN_OK)
		return rc;
	out->people = arena_alloc(tx->arena, (np ? np : 1) * sizeof(*out->people));
	for (size_t i = 0; i < np; i++)
		out->people[i] = *people[i];
	out->npeople = (int)np;
	out->functions = arena_alloc(tx->arena, (nf ? nf : 1) * sizeof(*out->functions));
	for (size_t i = 0; i < nf; i++)
		out->functions[i] = *functions[i];
	out->nfunctions = (int)nf;
	/* One read of the directory, as user_directory logs it: names of staff, not one row
	 * per person. */
	return audit_record(tx, "read", NULL, 0, "user_directory", 0, e);
}

/* The pickers are a directory of staff (name, function, unit), which GET /users keeps to
 * administrators and log reviewers: they are for those who add members and choose
 * action-item owners, the conveners of active groups. */
int
group_people_may_read(struct tx *tx, bool *out, struct err *e)
{
	int64_t n = 0;
	int rc;

	*out = tx->actor.role == ROLE_ADMIN || tx->channel == CHANNEL_CLI;
	if (*out || tx->actor.role != ROLE_STAFF)
		return SAMSYN_OK;
	rc = db_count(tx->db, SQL_CONVENES_ACTIVE, NULL, 1, tx->actor.user_id, 0, &n, e);
	*out = n > 0;
	return rc;
}

static void
group_person_from_row(struct tx *tx, struct db_stmt *st, void *item)
{
	struct group_person *p = item;

	p->id = db_column_int64(st, 0);
	p->name = tx_text(tx, st, 1);
	p->function = tx_text(tx, st, 2);
	p->unit = tx_text(tx, st, 3);
}

static void
group_function_from_row(struct tx *tx, struct db_stmt *st, void *item)
{
	struct group_function *f = item;

	f->id = db_column_int64(st, 0);
	f->name = tx_text(tx, st, 1);
}
