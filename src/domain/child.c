#include "domain/child.h"

#include <stdio.h>
#include <string.h>

#include "domain/access.h"
#include "domain/validate.h"
#include "util/calendar.h"
#include "util/collate.h"
#include "util/personnummer.h"
#include "util/utf8.h"
#include "util/timeutil.h"

#define CHILD_SEARCH_MAX 50

static const char SQL_GET[] =
	"SELECT c.id, c.pnr, c.id_kind, c.name, c.birth_date, c.protected_identity, c.address,"
	" c.school_unit_id, COALESCE(u.name, c.school_name), c.created_at"
	" FROM children c LEFT JOIN units u ON u.id = c.school_unit_id WHERE c.id = ?";
static const char SQL_GUARDIANS[] =
	"SELECT id, name, phone, custody FROM guardians WHERE child_id = ? ORDER BY id";
static const char SQL_BY_PNR[] = "SELECT id FROM children WHERE pnr = ?";
static const char SQL_INSERT[] =
	"INSERT INTO children (pnr, id_kind, name, name_key, birth_date, school_name,"
	" created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char SQL_UPDATE[] =
	"UPDATE children SET name = ?, name_key = ?, address = ?, school_name = ?,"
	" school_unit_id = ?, protected_identity = ?, updated_at = ? WHERE id = ?";
static const char SQL_STORED[] =
	"SELECT name, protected_identity, address, school_unit_id, school_name FROM children"
	" WHERE id = ?";
static const char SQL_UNIT_OK[] = "SELECT COUNT(*) FROM units WHERE id = ? AND active = 1";
static const char SQL_GUARDIAN_INSERT[] =
	"INSERT INTO guardians (child_id, name, phone, custody) VALUES (?, ?, ?, ?) RETURNING id";
/* The searchability rule: a child is found when it has no reports, or one that is not
 * hidden (received from 2025-07-01, or it led to an investigation). */
static const char SQL_SEARCH[] =
	"SELECT c.id FROM children c WHERE (c.pnr LIKE ? OR c.name_key LIKE ?)"
	" AND (NOT EXISTS (SELECT 1 FROM reports r WHERE r.child_id = c.id"
	"  AND r.status = 'submitted')"
	" OR EXISTS (SELECT 1 FROM reports r LEFT JOIN intakes i ON i.report_id = r.id"
	"  WHERE r.child_id = c.id AND r.status = 'submitted' AND (r.received_at >= ?"
	"  OR i.investigation_id IS NOT NULL)))"
	" ORDER BY c.id LIMIT 50";


static const char *child_name_key(struct tx *tx, const char *name);

int
child_age_on(const char *birth, const char *today)
{
	struct cal_date b, t;
	int age;

	if (!cal_parse(birth, &b) || !cal_parse(today, &t))
		return -1;
	age = t.year - b.year;
	if (t.month < b.month || (t.month == b.month && t.day < b.day))
		age--;
	return age;
}

int
child_check(const struct child_in *in, const char *today, char pnr_out[13], char birth_out[11],
	    const char **kind_out, struct err *e)
{
	struct pnr p;
	int rc, age;

	if ((rc = validate_line(in->name, "child_name", "Barnets namn", CHILD_NAME_MAX, e)) !=
	    SAMSYN_OK)
		return rc;
	if ((rc = validate_optional_line(in->school_name, "child_school", "Skolan",
					 CHILD_SCHOOL_MAX, e)) != SAMSYN_OK)
		return rc;
	if (!validate_blank(in->pnr)) {
		if (pnr_parse(in->pnr, today, &p, e) != SAMSYN_OK) {
			snprintf(e->field, sizeof(e->field), "child_pnr");
			return SAMSYN_EINVAL;
		}
		snprintf(pnr_out, 13, "%s", p.digits);
		snprintf(birth_out, 11, "%04u-%02u-%02u", (unsigned)p.year % 10000u,
			 (unsigned)p.month % 100u, (unsigned)p.day % 100u);
		*kind_out = p.kind == PNR_SAMORDNINGSNUMMER ? "samordningsnummer" : "personnummer";
	} else {
		if (validate_blank(in->birth_date))
			return err_set(e, SAMSYN_EINVAL, "child_pnr",
				       "Ange barnets personnummer eller samordningsnummer, eller "
				       "födelsedatum när numret inte är känt.");
		if (!time_valid_date(in->birth_date))
			return err_set(e, SAMSYN_EINVAL, "child_birth_date",
				       "Ange födelsedatumet som ÅÅÅÅ-MM-DD.");
		if (strcmp(in->birth_date, today) > 0)
			return err_set(e, SAMSYN_EINVAL, "child_birth_date",
				       "Födelsedatumet kan inte ligga i framtiden.");
		pnr_out[0] = '\0';
		snprintf(birth_out, 11, "%s", in->birth_date);
		*kind_out = "reserve";
	}
	age = child_age_on(birth_out, today);
	if (age > CHILD_MAX_AGE)
		return err_set(e, SAMSYN_EINVAL, *pnr_out ? "child_pnr" : "child_birth_date",
			       "Barnet är %d år. samsyn gäller barn och unga upp till %d år.",
			       age, CHILD_MAX_AGE);
	return SAMSYN_OK;
}

int
child_resolve(struct tx *tx, const struct child_in *in, const char *today, int64_t *id_out,
	      struct err *e)
{
	char pnr[13], birth[11], now[TIME_ISO_LEN];
	const char *kind;
	struct db_stmt *st = NULL;
	int rc;

	if ((rc = child_check(in, today, pnr, birth, &kind, e)) != SAMSYN_OK)
		return rc;
	if (*pnr) {
		if ((rc = db_prepare(tx->db, SQL_BY_PNR, &st, e)) != SAMSYN_OK)
			return rc;
		db_bind_text(st, 1, pnr);
		rc = db_step(st, e);
		if (rc == DB_ROW)
			*id_out = db_column_int64(st, 0);
		db_finalize(st);
		if (rc == DB_ROW)
			return SAMSYN_OK;
		if (rc != DB_DONE)
			return rc;
	}
	time_now_iso(now);
	if ((rc = db_prepare(tx->db, SQL_INSERT, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_text(st, 1, *pnr ? pnr : NULL);
	db_bind_text(st, 2, kind);
	db_bind_text(st, 3, in->name);
	db_bind_text(st, 4, child_name_key(tx, in->name));
	db_bind_text(st, 5, birth);
	db_bind_text(st, 6, validate_blank(in->school_name) ? NULL : in->school_name);
	db_bind_text(st, 7, now);
	db_bind_text(st, 8, now);
	if ((rc = db_step(st, e)) == DB_ROW) {
		*id_out = db_column_int64(st, 0);
		rc = SAMSYN_OK;
	}
	db_finalize(st);
	if (rc != SAMSYN_OK)
		return rc;
	return access_log_child(tx, "create", *id_out, false, "child", *id_out, e);
}

/* The name case-folded for search; the name itself if folding fails (it cannot for the
 * valid UTF-8 lines validate_line lets through, short of 500 characters). */
static const char *
child_name_key(struct tx *tx, const char *name)
{
	char *key = arena_alloc(tx->arena, 2048);

	return collate_fold(name, key, 2048) ? key : name;
}

static int
child_guardians(struct tx *tx, struct child *c, struct err *e)
{
	struct db_stmt *st = NULL;
	size_t cap = 0;
	int rc;

	c->guardians = NULL;
	c->nguardians = 0;
	if ((rc = db_prepare(tx->db, SQL_GUARDIANS, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_int64(st, 1, c->id);
	while ((rc = db_step(st, e)) == DB_ROW) {
		struct guardian *g;

		c->guardians = arena_grow(tx->arena, c->guardians, (size_t)c->nguardians, &cap,
					  sizeof(*c->guardians));
		g = &c->guardians[c->nguardians++];
		g->id = db_column_int64(st, 0);
		g->name = arena_strdup(tx->arena, db_column_text(st, 1));
		g->phone = arena_strdup(tx->arena, db_column_text(st, 2));
		g->custody = db_column_int64(st, 3) == 1;
	}
	db_finalize(st);
	return rc == DB_DONE ? SAMSYN_OK : rc;
}

static void
child_display(struct tx *tx, struct child *c)
{
	if (c->pnr && strlen(c->pnr) == 12)
		c->pnr_display = arena_printf(tx->arena, "%.8s-%.4s", c->pnr, c->pnr + 8);
	else
		c->pnr_display = arena_printf(tx->arena, "Reservidentitet R%lld",
					      (long long)c->id);
}

int
child_load(struct tx *tx, int64_t id, struct child *out, struct err *e)
{
	struct db_stmt *st = NULL;
	char today[11];
	bool sees;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = db_row_by_id(tx->db, SQL_GET, id, "Barnet finns inte.", &st, e)) != SAMSYN_OK)
		return rc;
	out->id = db_column_int64(st, 0);
	out->pnr = arena_strdup(tx->arena, db_column_text(st, 1));
	out->id_kind = arena_strdup(tx->arena, db_column_text(st, 2));
	out->name = arena_strdup(tx->arena, db_column_text(st, 3));
	out->birth_date = arena_strdup(tx->arena, db_column_text(st, 4));
	out->protected_identity = db_column_int64(st, 5) == 1;
	out->address = arena_strdup(tx->arena, db_column_text(st, 6));
	out->school_unit_id = db_column_int64(st, 7);
	out->school_name = arena_strdup(tx->arena, db_column_text(st, 8));
	out->created_at = arena_strdup(tx->arena, db_column_text(st, 9));
	db_finalize(st);
	time_today(today);
	out->age = child_age_on(out->birth_date, today);
	child_display(tx, out);
	if (out->protected_identity) {
		if ((rc = access_sees_protected(tx, &sees, e)) != SAMSYN_OK)
			return rc;
		if (!sees) {
			out->details_hidden = true;
			out->address = NULL;
			out->school_name = NULL;
			out->school_unit_id = 0;
		}
	}
	return child_guardians(tx, out, e);
}

int
child_get(struct tx *tx, int64_t id, struct child *out, struct err *e)
{
	int rc;

	if ((rc = access_require_intake(tx, "child", id, e)) != SAMSYN_OK)
		return rc;
	if ((rc = child_load(tx, id, out, e)) != SAMSYN_OK)
		return rc;
	return access_log_child(tx, "read", id, out->protected_identity, "child", id, e);
}

static int
child_unit_ok(struct tx *tx, int64_t unit_id, struct err *e)
{
	int64_t n;
	int rc;

	if ((rc = db_count(tx->db, SQL_UNIT_OK, NULL, 1, unit_id, 0, &n, e)) != SAMSYN_OK)
		return rc;
	return n > 0 ? SAMSYN_OK
		     : err_set(e, SAMSYN_EINVAL, "school_unit_id",
			       "Välj en enhet som finns och är aktiv.");
}

/* Reads the stored row unmasked: an update keeps what the actor cannot see. */
static int
child_stored(struct tx *tx, int64_t id, struct child *cur, struct err *e)
{
	struct db_stmt *st;
	int rc;

	if ((rc = db_row_by_id(tx->db, SQL_STORED, id, "Barnet finns inte.", &st, e)) != SAMSYN_OK)
		return rc;
	cur->id = id;
	cur->name = arena_strdup(tx->arena, db_column_text(st, 0));
	cur->protected_identity = db_column_int64(st, 1) == 1;
	cur->address = arena_strdup(tx->arena, db_column_text(st, 2));
	cur->school_unit_id = db_column_int64(st, 3);
	cur->school_name = arena_strdup(tx->arena, db_column_text(st, 4));
	db_finalize(st);
	return SAMSYN_OK;
}

static int
child_update_check(struct tx *tx, int64_t id, const struct child_update *in, bool was_protected,
		   struct err *e)
{
	bool sees;
	int rc;

	if (in->has_name &&
	    (rc = validate_line(in->name, "name", "Barnets namn", CHILD_NAME_MAX, e)) != SAMSYN_OK)
		return rc;
	if (in->has_address && (rc = validate_optional_line(in->address, "address", "Adressen",
							    CHILD_ADDRESS_MAX, e)) != SAMSYN_OK)
		return rc;
	if (in->has_school_name &&
	    (rc = validate_optional_line(in->school_name, "school_name", "Skolan",
					 CHILD_SCHOOL_MAX, e)) != SAMSYN_OK)
		return rc;
	if (in->has_school_unit && in->school_unit_id > 0 &&
	    (rc = child_unit_ok(tx, in->school_unit_id, e)) != SAMSYN_OK)
		return rc;
	/* Anyone in intake may protect a child; lifting the protection, or changing a
	 * protected child's address or school, needs the right.  A refusal is a logged
	 * denial about the child. */
	bool lifts = was_protected && in->has_protected && !in->protected_identity;
	bool touches = (in->has_address || in->has_school_name || in->has_school_unit) &&
		       (was_protected || (in->has_protected && in->protected_identity));
	if (!lifts && !touches)
		return SAMSYN_OK;
	if ((rc = access_sees_protected(tx, &sees, e)) != SAMSYN_OK)
		return rc;
	if (!sees) {
		err_set(e, SAMSYN_EFORBIDDEN, lifts ? "protected_identity" : "address",
			"Barnet har skyddad identitet. Skyddet, adressen och skolan ändras bara av "
			"den som har behörighet för skyddade uppgifter.");
		return tx_deny(tx, "child", id, "child", id);
	}
	return SAMSYN_OK;
}

int
child_update(struct tx *tx, int64_t id, const struct child_update *in, struct child *out,
	     struct err *e)
{
	struct child cur = {0};
	struct db_stmt *st = NULL;
	char now[TIME_ISO_LEN];
	bool prot;
	int rc;

	if ((rc = access_require_intake(tx, "child", id, e)) != SAMSYN_OK)
		return rc;
	if ((rc = child_stored(tx, id, &cur, e)) != SAMSYN_OK)
		return rc;
	if ((rc = child_update_check(tx, id, in, cur.protected_identity, e)) != SAMSYN_OK)
		return rc;
	prot = in->has_protected ? in->protected_identity : cur.protected_identity;
	time_now_iso(now);
	if ((rc = db_prepare(tx->db, SQL_UPDATE, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_text(st, 1, in->has_name ? in->name : cur.name);
	db_bind_text(st, 2, child_name_key(tx, in->has_name ? in->name : cur.name));
	db_bind_text(st, 3, in->has_address ? (validate_blank(in->address) ? NULL : in->address)
					    : cur.address);
	db_bind_text(st, 4, in->has_school_name
				    ? (validate_blank(in->school_name) ? NULL : in->school_name)
				    : cur.school_name);
	db_bind_id(st, 5, in->has_school_unit ? in->school_unit_id : cur.school_unit_id);
	db_bind_int64(st, 6, prot ? 1 : 0);
	db_bind_text(st, 7, now);
	db_bind_int64(st, 8, id);
	rc = db_step(st, e);
	db_finalize(st);
	if (rc != DB_DONE)
		return rc;
	if ((rc = access_log_child(tx, "update", id, prot || cur.protected_identity, "child", id,
				   e)) != SAMSYN_OK)
		return rc;
	return child_load(tx, id, out, e);
}

int
child_add_guardian(struct tx *tx, int64_t child_id, const char *name, const char *phone,
		   bool custody, struct guardian *out, struct err *e)
{
	struct child cur = {0};
	struct db_stmt *st = NULL;
	int rc;

	if ((rc = access_require_intake(tx, "child", child_id, e)) != SAMSYN_OK)
		return rc;
	if ((rc = child_stored(tx, child_id, &cur, e)) != SAMSYN_OK)
		return rc;
	if ((rc = validate_line(name, "name", "Vårdnadshavarens namn", CHILD_NAME_MAX, e)) !=
	    SAMSYN_OK ||
	    (rc = validate_optional_line(phone, "phone", "Telefonnumret", 40, e)) != SAMSYN_OK)
		return rc;
	if ((rc = db_prepare(tx->db, SQL_GUARDIAN_INSERT, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_int64(st, 1, child_id);
	db_bind_text(st, 2, name);
	db_bind_text(st, 3, validate_blank(phone) ? NULL : phone);
	db_bind_int64(st, 4, custody ? 1 : 0);
	if ((rc = db_step(st, e)) == DB_ROW) {
		*out = (struct guardian){.id = db_column_int64(st, 0),
					 .name = arena_strdup(tx->arena, name),
					 .phone = validate_blank(phone) ? NULL
									: arena_strdup(tx->arena, phone),
					 .custody = custody};
		rc = SAMSYN_OK;
	}
	db_finalize(st);
	if (rc != SAMSYN_OK)
		return rc;
	return access_log_child(tx, "create", child_id, cur.protected_identity, "guardian",
				out->id, e);
}

/* q as a LIKE pattern: digits of a number (prefix), or a name (substring); NULL when q
 * is too short to search by. */
static const char *
child_search_pattern(struct tx *tx, const char *q, bool *by_number)
{
	char digits[16];
	size_t nd = 0, len = strlen(q);
	bool only_digits = true;

	for (const char *p = q; *p; p++) {
		if (*p >= '0' && *p <= '9') {
			if (nd < sizeof(digits) - 1)
				digits[nd++] = *p;
		} else if (*p != '-' && *p != '+' && *p != ' ') {
			only_digits = false;
		}
	}
	digits[nd] = '\0';
	*by_number = only_digits && nd > 0;
	if (*by_number) {
		/* Six or ten digits leave out the century: match any. */
		if (nd < 6)
			return NULL;
		return arena_printf(tx->arena, "%s%s%%", (nd == 6 || nd == 10) ? "__" : "",
				    digits);
	}
	char *key = arena_alloc(tx->arena, 1024);

	if (len < 2 || strchr(q, '%') || strchr(q, '_') || !collate_fold(q, key, 1024))
		return NULL;
	return arena_printf(tx->arena, "%%%s%%", key);
}

int
child_search(struct tx *tx, const char *q, void (*fn)(const struct child *, void *), void *arg,
	     struct err *e)
{
	int64_t ids[CHILD_SEARCH_MAX];
	char from[TIME_ISO_LEN];
	struct db_stmt *st = NULL;
	const char *pattern;
	bool by_number;
	int rc, n = 0;

	if ((rc = access_require_intake(tx, "child_search", 0, e)) != SAMSYN_OK)
		return rc;
	if (q == NULL || validate_blank(q) || !utf8_valid(q, strlen(q)) ||
	    (pattern = child_search_pattern(tx, q, &by_number)) == NULL)
		return err_set(e, SAMSYN_EINVAL, "q",
			       "Sök på minst sex siffror av personnumret eller minst två "
			       "bokstäver av namnet.");
	if ((rc = access_searchable_from(tx, from, e)) != SAMSYN_OK ||
	    (rc = db_prepare(tx->db, SQL_SEARCH, &st, e)) != SAMSYN_OK)
		return rc;
	db_bind_text(st, 1, by_number ? pattern : "-");
	db_bind_text(st, 2, by_number ? "-" : pattern);
	db_bind_text(st, 3, from);
	while (n < CHILD_SEARCH_MAX && (rc = db_step(st, e)) == DB_ROW)
		ids[n++] = db_column_int64(st, 0);
	db_finalize(st);
	if (rc != DB_ROW && rc != DB_DONE)
		return rc;
	for (int i = 0; i < n; i++) {
		struct child c;

		if ((rc = child_load(tx, ids[i], &c, e)) != SAMSYN_OK ||
		    (rc = access_log_child(tx, "read", c.id, c.protected_identity, "child_search",
					   0, e)) != SAMSYN_OK)
			return rc;
		fn(&c, arg);
	}
	return SAMSYN_OK;
}
