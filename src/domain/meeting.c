/* meeting.c - meetings of the groups in group.h and their action items. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "domain/group.h"
#include "domain/steering.h"
#include "domain/validate.h"
#include "util/collate.h"
#include "util/timeutil.h"

/* What the personnummer warning says the record may not hold (steering_check_text). */
static const char PNR_RULE[] =
	"Protokoll får inte innehålla personuppgifter om enskilda barn.";

static const char SQL_MEETING[] =
	"SELECT m.id, m.group_id, g.name, m.day, m.title, m.status, m.minutes"
	" FROM meetings m JOIN steering_groups g ON g.id = m.group_id WHERE m.id = ?";
static const char SQL_MEETINGS[] =
	"SELECT m.id FROM meetings m WHERE m.group_id = ? ORDER BY m.day DESC, m.id DESC";
static const char SQL_ITEMS[] =
	"SELECT id, kind, text FROM meeting_items WHERE meeting_id = ? ORDER BY kind, position";
/* The rows recorded for a meeting and the users who may attend it now without one: active
 * users who are members as persons or hold a function that is a member.  Parameters: the
 * group, the meeting. */
static const char SQL_ATTENDANCE[] =
	"SELECT id, name, present, member, recorded FROM ("
	" SELECT u.id AS id, u.name AS name, COALESCE(a.present, 0) AS present,"
	"  CASE WHEN u.active = 1 AND EXISTS (SELECT 1 FROM group_members gm"
	"   WHERE gm.group_id = ? AND (gm.user_id = u.id OR (gm.function_id IS NOT NULL"
	"   AND gm.function_id = u.function_id))) THEN 1 ELSE 0 END AS member,"
	"  CASE WHEN a.user_id IS NULL THEN 0 ELSE 1 END AS recorded"
	" FROM users u LEFT JOIN meeting_attendance a ON a.meeting_id = ? AND a.user_id = u.id"
	") x WHERE member = 1 OR recorded = 1";
static const char SQL_ACTIONS_OF[] =
	"SELECT x.id, x.meeting_id, m.group_id, g.name, m.day, x.text, x.owner_user_id,"
	" COALESCE(u.name, x.owner_text), x.due, x.done_at FROM action_items x"
	" JOIN meetings m ON m.id = x.meeting_id JOIN steering_groups g ON g.id = m.group_id"
	" LEFT JOIN users u ON u.id = x.owner_user_id WHERE x.meeting_id = ? ORDER BY x.id";
static const char SQL_ACTION[] =
	"SELECT x.id, x.meeting_id, m.group_id, g.name, m.day, x.text, x.owner_user_id,"
	" COALESCE(u.name, x.owner_text), x.due, x.done_at FROM action_items x"
	" JOIN meetings m ON m.id = x.meeting_id JOIN steering_groups g ON g.id = m.group_id"
	" LEFT JOIN users u ON u.id = x.owner_user_id WHERE x.id = ?";
static const char SQL_OPEN_ACTIONS[] =
	"SELECT x.id, x.meeting_id, m.group_id, g.name, m.day, x.text, x.owner_user_id,"
	" COALESCE(u.name, x.owner_text), x.due, x.done_at FROM action_items x"
	" JOIN meetings m ON m.id = x.meeting_id JOIN steering_groups g ON g.id = m.group_id"
	" LEFT JOIN users u ON u.id = x.owner_user_id WHERE x.done_at IS NULL"
	" ORDER BY CASE WHEN x.due IS NULL THEN 1 ELSE 0 END, x.due, x.id LIMIT 1000";
static const char SQL_INSERT[] =
	"INSERT INTO meetings (group_id, day, title, status, minutes, created_at, updated_at)"
	" VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char SQL_UPDATE[] =
	"UPDATE meetings SET day = ?, title = ?, status = ?, minutes = ?, updated_at = ?"
	" WHERE id = ?";
static const char SQL_ITEMS_DELETE[] =
	"DELETE FROM meeting_items WHERE meeting_id = ? AND kind = ?";
static const char SQL_ITEM_INSERT[] =
	"INSERT INTO meeting_items (meeting_id, kind, position, text) VALUES (?, ?, ?, ?)";
static const char SQL_ATTEND_DELETE[] = "DELETE FROM meeting_attendance WHERE meeting_id = ?";
static const char SQL_ATTEND_INSERT[] =
	"INSERT INTO meeting_attendance (meeting_id, user_id, present) VALUES (?, ?, ?)";
static const char SQL_ACTION_INSERT[] =
	"INSERT INTO action_items (meeting_id, text, owner_user_id, owner_text, due, created_at)"
	" VALUES (?, ?, ?, ?, ?, ?) RETURNING id";
static const char SQL_ACTION_DONE[] = "UPDATE action_items SET done_at = ? WHERE id = ?";
static const char SQL_USER_OK[] = "SELECT COUNT(*) FROM users WHERE id = ? AND active = 1";

static void
action_from_row(struct tx *tx, struct db_stmt *st, const char *today, struct action_item *a)
{
	a->id = db_column_int64(st, 0);
	a->meeting_id = db_column_int64(st, 1);
	a->group_id = db_column_int64(st, 2);
	a->group_name = tx_text(tx, st, 3);
	a->meeting_day = tx_text(tx, st, 4);
	a->text = tx_text(tx, st, 5);
	a->owner_user_id = db_column_int64(st, 6);
	a->owner_name = tx_text(tx, st, 7);
	a->due = tx_text(tx, st, 8);
	a->done_at = tx_text(tx, st, 9);
	a->overdue = !a->done_at && a->due && strcmp(a->due, today) < 0;
}

/* A meeting's attendance (group.h, struct attendance) in Swedish order of names.  A
 * meeting not yet made (id 0) has no rows: the list is who may attend. */
static int
meeting_attendance(struct tx *tx, int64_t meeting_id, int64_t group_id,
		   struct attendance **out, int *n, struct err *e)
{
	struct attendance *rows = NULL, **sorted;
	struct db_stmt *st = NULL;
	size_t count = 0, cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = db_prepare(tx->db, SQL_ATTENDANCE, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_int64(st, 1, group_id);
	db_bind_int64(st, 2, meeting_id);
	while ((rc = db_step(st, e)) == DB_ROW) {
		rows = arena_grow(tx->arena, rows, count, &cap, sizeof(*rows));
		rows[count++] = (struct attendance){
			.user_id = db_column_int64(st, 0),
			.user_name = tx_text(tx, st, 1),
			.present = db_column_int64(st, 2) == 1,
			.member = db_column_int64(st, 3) == 1,
			.recorded = db_column_int64(st, 4) == 1,
		};
	}
	db_finalize(st);
	if (rc != DB_DONE)
		return rc;
	sorted = arena_alloc(tx->arena, (count ? count : 1) * sizeof(*sorted));
	for (size_t i = 0; i < count; i++)
		sorted[i] = &rows[i];
	collate_sort((void **)sorted, count, offsetof(struct attendance, user_name));
	*out = arena_alloc(tx->arena, (count ? count : 1) * sizeof(**out));
	for (size_t i = 0; i < count; i++)
		(*out)[i] = *sorted[i];
	*n = (int)count;
	return SAMSYN_OK;
}

static int
meeting_parts(struct tx *tx, struct meeting *m, struct err *e)
{
	struct db_stmt *st = NULL;
	size_t cap_a = 0, cap_d = 0, cap_x = 0;
	int rc;
	char today[11];

	time_today(today);
	if ((rc = db_prepare(tx->db, SQL_ITEMS, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_int64(st, 1, m->id);
	while ((rc = db_step(st, e)) == DB_ROW) {
		struct meeting_item it = {db_column_int64(st, 0), tx_text(tx, st, 2)};

		if (strcmp(db_column_text(st, 1), "agenda") == 0) {
			m->agenda = arena_grow(tx->arena, m->agenda, (size_t)m->nagenda, &cap_a,
					       sizeof(it));
			m->agenda[m->nagenda++] = it;
		} else {
			m->decisions = arena_grow(tx->arena, m->decisions, (size_t)m->ndecisions,
						  &cap_d, sizeof(it));
			m->decisions[m->ndecisions++] = it;
		}
	}
	db_finalize(st);
	if (rc != DB_DONE)
		return rc;
	if ((rc = meeting_attendance(tx, m->id, m->group_id, &m->attendance, &m->nattendance,
				     e)) != SAMSYN_OK ||
	    (rc = db_prepare(tx->db, SQL_ACTIONS_OF, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_int64(st, 1, m->id);
	while ((rc = db_step(st, e)) == DB_ROW) {
		m->actions = arena_grow(tx->arena, m->actions, (size_t)m->nactions, &cap_x,
					sizeof(*m->actions));
		action_from_row(tx, st, today, &m->actions[m->nactions++]);
	}
	db_finalize(st);
	if (rc != DB_DONE)
		return rc;
	return steering_can_edit_group(tx, m->group_id, &m->can_edit, e);
}

static int
meeting_load(struct tx *tx, int64_t id, struct meeting *m, struct err *e)
{
	struct db_stmt *st;
	int rc;

	memset(m, 0, sizeof(*m));
	if ((rc = db_row_by_id(tx->db, SQL_MEETING, id, "Mötet finns inte.", &st, e)) != SAMSYN_OK)
		return rc;
	m->id = db_column_int64(st, 0);
	m->group_id = db_column_int64(st, 1);
	m->group_name = tx_text(tx, st, 2);
	m->day = tx_text(tx, st, 3);
	m->title = tx_text(tx, st, 4);
	m->status = tx_text(tx, st, 5);
	m->minutes = tx_text(tx, st, 6);
	db_finalize(st);
	return meeting_parts(tx, m, e);
}

int
meeting_get(struct tx *tx, int64_t id, struct meeting *out, struct err *e)
{
	int rc;

	if ((rc = steering_require_reader(tx, "meeting", id, e)) != SAMSYN_OK)
		return rc;
	return meeting_load(tx, id, out, e);
}

int
meeting_list(struct tx *tx, int64_t group_id, void (*fn)(const struct meeting *, void *),
	     void *arg, struct err *e)
{
	struct db_stmt *st = NULL;
	int64_t *ids = NULL;
	struct group g;
	size_t n = 0, cap = 0;
	int rc;

	if ((rc = group_get(tx, group_id, &g, e)) != SAMSYN_OK ||
	    (rc = db_prepare(tx->db, SQL_MEETINGS, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_int64(st, 1, group_id);
	while ((rc = db_step(st, e)) == DB_ROW) {
		ids = arena_grow(tx->arena, ids, n, &cap, sizeof(*ids));
		ids[n++] = db_column_int64(st, 0);
	}
	db_finalize(st);
	if (rc != DB_DONE)
		return rc;
	for (size_t i = 0; i < n; i++) {
		struct meeting m;

		if ((rc = meeting_load(tx, ids[i], &m, e)) != SAMSYN_OK)
			return rc;
		fn(&m, arg);
	}
	return SAMSYN_OK;
}

static const char *
meeting_status_ok(const char *s)
{
	static const char *const ok[] = {"planned", "held", "cancelled"};

	for (size_t i = 0; s && i < sizeof(ok) / sizeof(ok[0]); i++)
		if (strcmp(s, ok[i]) == 0)
			return ok[i];
	return NULL;
}

/* Replaces the items of a kind with one per non-blank line of text. */
static int
meeting_set_items(struct tx *tx, int64_t id, const char *kind, const char *text, struct err *e)
{
	struct db_stmt *st = NULL;
	int rc, pos = 0;

	if ((rc = db_prepare(tx->db, SQL_ITEMS_DELETE, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_int64(st, 1, id);
	db_bind_text(st, 2, kind);
	if ((rc = db_run(st, e)) != SAMSYN_OK)
		return rc;
	for (const char *p = text ? text : ""; *p;) {
		size_t len = strcspn(p, "\r\n");
		char *line = arena_strndup(tx->arena, p, len);

		p += len;
		p += strspn(p, "\r\n");
		if (validate_blank(line))
			continue;
		if ((rc = db_prepare(tx->db, SQL_ITEM_INSERT, &st, e)) != SAMSYN_OK)
			return rc;
		db_bind_int64(st, 1, id);
		db_bind_text(st, 2, kind);
		db_bind_int64(st, 3, ++pos);
		db_bind_text(st, 4, line);
		if ((rc = db_run(st, e)) != SAMSYN_OK)
			return rc;
	}
	return SAMSYN_OK;
}

/* Who may be marked present: the users of the meeting's attendance list (who may attend
 * now, and who was recorded before).  *list is that list, for meeting_set_present. */
static int
meeting_check_present(struct tx *tx, const struct meeting *m, const struct meeting_in *in,
		      struct attendance **list, int *n, struct err *e)
{
	int rc;

	if ((rc = meeting_attendance(tx, m->id, m->group_id, list, n, e)) != SAMSYN_OK)
		return rc;
	for (int i = 0; i < in->npresent; i++) {
		bool known = false;

		for (int k = 0; k < *n && !known; k++)
			known = (*list)[k].user_id == in->present[i];
		if (!known)
			return err_set(e, SAMSYN_EINVAL, "present",
				       "Bara gruppens medlemmar kan markeras som närvarande, som "
				       "personer eller genom sin funktion. Någon av de valda är "
				       "inte medlem i gruppen.");
	}
	return SAMSYN_OK;
}

/* One row per user of the list, present or not: a held meeting keeps who was there after
 * members leave or functions change hands. */
static int
meeting_set_present(struct tx *tx, const struct meeting *m, const struct meeting_in *in,
		    const struct attendance *list, int n, struct err *e)
{
	struct db_stmt *st = NULL;
	int rc;

	if ((rc = db_prepare(tx->db, SQL_ATTEND_DELETE, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_int64(st, 1, m->id);
	if ((rc = db_run(st, e)) != SAMSYN_OK)
		return rc;
	for (int k = 0; k < n; k++) {
		bool present = false;

		for (int i = 0; i < in->npresent && !present; i++)
			present = in->present[i] == list[k].user_id;
		if ((rc = db_prepare(tx->db, SQL_ATTEND_INSERT, &st, e)) != SAMSYN_OK)
			return rc;
		db_bind_int64(st, 1, m->id);
		db_bind_int64(st, 2, list[k].user_id);
		db_bind_int64(st, 3, present ? 1 : 0);
		if ((rc = db_run(st, e)) != SAMSYN_OK)
			return rc;
	}
	return SAMSYN_OK;
}

/* Only the texts this write gives are checked for personnummer: a text confirmed before
 * does not stop a later change of something else. */
static int
meeting_check(const struct meeting *m, const struct meeting_in *in, bool create,
	      bool *flagged, struct err *e)
{
	const struct steering_text texts[] = {
		{"rubriken", create || in->has_title ? m->title : NULL},
		{"dagordningen", in->has_agenda ? in->agenda : NULL},
		{"protokollet", create || in->has_minutes ? m->minutes : NULL},
		{"besluten", in->has_decisions ? in->decisions : NULL},
	};
	char today[11];
	int rc;

	if (!time_valid_date(m->day))
		return err_set(e, SAMSYN_EINVAL, "day", "Ange mötesdagen som ÅÅÅÅ-MM-DD.");
	if (!meeting_status_ok(m->status))
		return err_set(e, SAMSYN_EINVAL, "status", "Välj planerat, hållet eller inställt.");
	time_today(today);
	if (strcmp(m->status, "held") == 0 && strcmp(m->day, today) > 0)
		return err_set(e, SAMSYN_EINVAL, "status",
			       "Ett möte som ligger i framtiden kan inte vara hållet.");
	if ((rc = validate_optional_line(m->title, "title", "Rubriken", 200, e)) ||
	    (rc = validate_text(m->minutes, "minutes", "Protokollet", GROUP_TEXT_MAX, false, e)) ||
	    (rc = validate_text(in->agenda, "agenda", "Dagordningen", GROUP_TEXT_MAX, false, e)) ||
	    (rc = validate_text(in->decisions, "decisions", "Besluten", GROUP_TEXT_MAX, false, e)))
		return rc;
	return steering_check_text(texts, 4, PNR_RULE, in->confirm, flagged, e);
}

static int
meeting_write(struct tx *tx, struct meeting *m, const struct meeting_in *in, bool create,
	      struct err *e)
{
	struct attendance *list = NULL;
	struct db_stmt *st = NULL;
	char now[TIME_ISO_LEN];
	bool flagged;
	int nlist = 0, rc;

	if ((rc = meeting_check(m, in, create, &flagged, e)) != SAMSYN_OK ||
	    (in->has_present &&
	     (rc = meeting_check_present(tx, m, in, &list, &nlist, e)) != SAMSYN_OK))
		return rc;
	time_now_iso(now);
	if ((rc = db_prepare(tx->db, create ? SQL_INSERT : SQL_UPDATE, &st, e)) != SAMSYN_OK)
		return rc;
	if (create) {
		db_bind_int64(st, 1, m->group_id);
		db_bind_text(st, 2, m->day);
		db_bind_text(st, 3, validate_blank(m->title) ? NULL : m->title);
		db_bind_text(st, 4, m->status);
		db_bind_text(st, 5, validate_blank(m->minutes) ? NULL : m->minutes);
		db_bind_text(st, 6, now);
		db_bind_text(st, 7, now);
		if ((rc = db_step(st, e)) == DB_ROW) {
			m->id = db_column_int64(st, 0);
			rc = SAMSYN_OK;
		}
		db_finalize(st);
	} else {
		db_bind_text(st, 1, m->day);
		db_bind_text(st, 2, validate_blank(m->title) ? NULL : m->title);
		db_bind_text(st, 3, m->status);
		db_bind_text(st, 4, validate_blank(m->minutes) ? NULL : m->minutes);
		db_bind_text(st, 5, now);
		db_bind_int64(st, 6, m->id);
		rc = db_run(st, e);
	}
	if (rc != SAMSYN_OK ||
	    (in->has_agenda && (rc = meeting_set_items(tx, m->id, "agenda", in->agenda, e))) ||
	    (in->has_decisions &&
	     (rc = meeting_set_items(tx, m->id, "decision", in->decisions, e))) ||
	    (in->has_present && (rc = meeting_set_present(tx, m, in, list, nlist, e))))
		return rc;
	return steering_log(tx, create ? "create" : "update", "meeting", m->id, flagged, e);
}

static int
meeting_require_editor(struct tx *tx, int64_t group_id, int64_t meeting_id, struct err *e)
{
	bool can;
	int rc;

	if ((rc = steering_can_edit_group(tx, group_id, &can, e)) != SAMSYN_OK)
		return rc;
	return can ? SAMSYN_OK : tx_deny(tx, "meeting", meeting_id, NULL, 0);
}

int
meeting_create(struct tx *tx, int64_t group_id, const struct meeting_in *in,
	       struct meeting *out, struct err *e)
{
	struct meeting m = {.group_id = group_id};
	struct group g;
	int rc;

	if ((rc = group_get(tx, group_id, &g, e)) != SAMSYN_OK ||
	    (rc = meeting_require_editor(tx, group_id, 0, e)) != SAMSYN_OK)
		return rc;
	m.day = in->day;
	m.title = in->title;
	m.status = in->has_status ? in->status : "planned";
	m.minutes = in->minutes;
	if ((rc = meeting_write(tx, &m, in, true, e)) != SAMSYN_OK)
		return rc;
	return meeting_load(tx, m.id, out, e);
}

int
meeting_update(struct tx *tx, int64_t id, const struct meeting_in *in, struct meeting *out,
	       struct err *e)
{
	struct meeting m;
	int rc;

	if ((rc = meeting_get(tx, id, &m, e)) != SAMSYN_OK ||
	    (rc = meeting_require_editor(tx, m.group_id, id, e)) != SAMSYN_OK)
		return rc;
	if (in->has_day)
		m.day = in->day;
	if (in->has_title)
		m.title = in->title;
	if (in->has_status)
		m.status = in->status;
	if (in->has_minutes)
		m.minutes = in->minutes;
	if ((rc = meeting_write(tx, &m, in, false, e)) != SAMSYN_OK)
		return rc;
	return meeting_load(tx, id, out, e);
}

static int
action_load(struct tx *tx, int64_t id, struct action_item *out, struct err *e)
{
	struct db_stmt *st;
	char today[11];
	int rc;

	time_today(today);
	if ((rc = db_row_by_id(tx->db, SQL_ACTION, id, "Åtgärden finns inte.", &st, e)) !=
	    SAMSYN_OK)
		return rc;
	action_from_row(tx, st, today, out);
	db_finalize(st);
	return SAMSYN_OK;
}

int
action_create(struct tx *tx, int64_t meeting_id, const struct action_in *in,
	      struct action_item *out, struct err *e)
{
	const struct steering_text texts[] = {
		{"åtgärden", in->text},
		{"fältet för ansvarig", in->owner_text},
	};
	struct db_stmt *st = NULL;
	char now[TIME_ISO_LEN];
	struct meeting m;
	int64_t id = 0, ok;
	bool flagged;
	int rc;

	if ((rc = meeting_get(tx, meeting_id, &m, e)) != SAMSYN_OK ||
	    (rc = meeting_require_editor(tx, m.group_id, meeting_id, e)) != SAMSYN_OK)
		return rc;
	if ((rc = validate_line(in->text, "text", "Åtgärden", 500, e)) ||
	    (rc = validate_optional_line(in->owner_text, "owner_text", "Ansvarig", 120, e)))
		return rc;
	if (in->due && *in->due && !time_valid_date(in->due))
		return err_set(e, SAMSYN_EINVAL, "due", "Ange datumet som ÅÅÅÅ-MM-DD.");
	if (in->owner_user_id > 0 && !validate_blank(in->owner_text))
		return err_set(e, SAMSYN_EINVAL, "owner_text",
			       "Välj en person eller skriv en ansvarig i fritext, inte båda.");
	if (in->owner_user_id > 0) {
		if ((rc = db_count(tx->db, SQL_USER_OK, NULL, 1, in->owner_user_id, 0, &ok, e)) !=
		    SAMSYN_OK)
			return rc;
		if (ok == 0)
			return err_set(e, SAMSYN_EINVAL, "owner_user_id", "Välj en aktiv användare.");
	} else if (validate_blank(in->owner_text)) {
		return err_set(e, SAMSYN_EINVAL, "owner_user_id", "Ange vem som är ansvarig.");
	}
	if ((rc = steering_check_text(texts, 2, PNR_RULE, in->confirm, &flagged, e)) != SAMSYN_OK)
		return rc;
	time_now_iso(now);
	if ((rc = db_prepare(tx->db, SQL_ACTION_INSERT, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_int64(st, 1, meeting_id);
	db_bind_text(st, 2, in->text);
	db_bind_id(st, 3, in->owner_user_id);
	db_bind_text(st, 4, in->owner_user_id > 0 || validate_blank(in->owner_text)
				    ? NULL
				    : in->owner_text);
	db_bind_text(st, 5, in->due && *in->due ? in->due : NULL);
	db_bind_text(st, 6, now);
	if ((rc = db_step(st, e)) == DB_ROW) {
		id = db_column_int64(st, 0);
		rc = SAMSYN_OK;
	}
	db_finalize(st);
	if (rc != SAMSYN_OK || (rc = steering_log(tx, "create", "action_item", id, flagged, e)))
		return rc;
	return action_load(tx, id, out, e);
}

int
action_set_done(struct tx *tx, int64_t id, bool done, struct action_item *out, struct err *e)
{
	struct db_stmt *st = NULL;
	char now[TIME_ISO_LEN];
	bool can;
	int rc;

	if ((rc = steering_require_reader(tx, "action_item", id, e)) != SAMSYN_OK ||
	    (rc = action_load(tx, id, out, e)) != SAMSYN_OK ||
	    (rc = steering_can_edit_group(tx, out->group_id, &can, e)) != SAMSYN_OK)
		return rc;
	if (!can && out->owner_user_id != tx->actor.user_id)
		return tx_deny(tx, "action_item", id, NULL, 0);
	time_now_iso(now);
	if ((rc = db_prepare(tx->db, SQL_ACTION_DONE, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_text(st, 1, done ? now : NULL);
	db_bind_int64(st, 2, id);
	if ((rc = db_run(st, e)) != SAMSYN_OK ||
	    (rc = steering_log(tx, "update", "action_item", id, false, e)) != SAMSYN_OK)
		return rc;
	return action_load(tx, id, out, e);
}

int
action_list_open(struct tx *tx, void (*fn)(const struct action_item *, void *), void *arg,
		 struct err *e)
{
	struct db_stmt *st = NULL;
	char today[11];
	int rc;

	if ((rc = steering_require_reader(tx, "action_item", 0, e)) != SAMSYN_OK ||
	    (rc = db_prepare(tx->db, SQL_OPEN_ACTIONS, &st, e)) != SAMSYN_OK)
		return rc;
	time_today(today);
	while ((rc = db_step(st, e)) == DB_ROW) {
		struct action_item a;

		action_from_row(tx, st, today, &a);
		fn(&a, arg);
	}
	db_finalize(st);
	return rc == DB_DONE ? SAMSYN_OK : rc;
}
