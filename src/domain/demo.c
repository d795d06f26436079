#include "domain/demo.h"

#include <string.h>

#include "domain/org.h"
#include "domain/user.h"

/* The people are invented; their names say what they do. */
static const struct {
	const char *name, *email, *password, *role, *function, *unit;
} demo_users[] = {
	{"Ada Administratör", "admin@demoby.example", "demo-admin-2026", "admin", NULL, NULL},
	{"Gustav Granskare", "granskare@demoby.example", "demo-granskare-2026", "auditor", NULL,
	 NULL},
	{"Sigrid Socialsekreterare", "socialsekreterare@demoby.example", "demo-social-2026", "staff",
	 "Socialsekreterare", "IFO Barn och unga"},
	{"Kalle Kurator", "kurator@demoby.example", "demo-kurator-2026", "staff", "Skolkurator",
	 "Elevhälsan Norrskolan"},
	{"Rut Rektor", "rektor@demoby.example", "demo-rektor-2026", "staff", "Rektor",
	 "Norrskolan"},
	{"Frida Fritidsledare", "fritid@demoby.example", "demo-fritid-2026", "staff",
	 "Fritidsledare", "Fritidsgården Ungdomshuset"},
	{"Ulla Utvecklingsledare", "utveckling@demoby.example", "demo-utveckling-2026", "staff",
	 "Utvecklingsledare", "Förvaltningsledning utbildning"},
};

const struct demo_login demo_logins[] = {
	{"admin@demoby.example", "demo-admin-2026", "Administratör", NULL},
	{"granskare@demoby.example", "demo-granskare-2026", "Logggranskare", NULL},
	{"socialsekreterare@demoby.example", "demo-social-2026", "Medarbetare",
	 "Socialsekreterare"},
	{"kurator@demoby.example", "demo-kurator-2026", "Medarbetare", "Skolkurator"},
	{"rektor@demoby.example", "demo-rektor-2026", "Medarbetare", "Rektor"},
	{"fritid@demoby.example", "demo-fritid-2026", "Medarbetare", "Fritidsledare"},
	{"utveckling@demoby.example", "demo-utveckling-2026", "Medarbetare", "Utvecklingsledare"},
	{NULL, NULL, NULL, NULL},
};

static const struct {
	const char *name, *kind;
} demo_sectors[] = {
	{"Socialtjänst", "social"},
	{"Utbildning", "education"},
	{"Kultur och fritid", "leisure"},
};

static const struct {
	const char *name;
	int sector; /* index in demo_sectors */
} demo_units[] = {
	{"IFO Barn och unga", 0},
	{"Familjeteamet", 0},
	{"Förvaltningsledning utbildning", 1},
	{"Norrskolan", 1},
	{"Elevhälsan Norrskolan", 1},
	{"Åkerbackens förskola", 1},
	{"Fritidsgården Ungdomshuset", 2},
	{"Fältgruppen", 2},
};

static const char *const demo_functions[] = {
	"Socialsekreterare", "Familjebehandlare", "Skolkurator", "Skolsköterska", "Rektor",
	"Förskolechef", "Elevcoach", "Fritidsledare", "Fältassistent", "Utvecklingsledare",
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static int64_t
demo_find(const char *name, const char *const *names, const int64_t *ids, size_t n)
{
	for (size_t i = 0; name && i < n; i++)
		if (strcmp(name, names[i]) == 0)
			return ids[i];
	return 0;
}

int
demo_load(struct tx *tx, bool *loaded, struct err *e)
{
	int64_t sector_ids[COUNT(demo_sectors)], unit_ids[COUNT(demo_units)],
		function_ids[COUNT(demo_functions)], users;
	const char *unit_names[COUNT(demo_units)];
	struct org_item item;
	struct user u;
	int rc;

	*loaded = false;
	if ((rc = user_count(tx->db, &users, e)) != SAMSYN_OK || users > 0)
		return rc;
	for (size_t i = 0; i < COUNT(demo_sectors); i++) {
		struct org_in in = {.name = demo_sectors[i].name, .kind = demo_sectors[i].kind};

		if ((rc = org_create(tx, ORG_SECTOR, &in, &item, e)) != SAMSYN_OK)
			return rc;
		sector_ids[i] = item.id;
	}
	for (size_t i = 0; i < COUNT(demo_units); i++) {
		struct org_in in = {.name = demo_units[i].name,
				    .sector_id = sector_ids[demo_units[i].sector]};

		if ((rc = org_create(tx, ORG_UNIT, &in, &item, e)) != SAMSYN_OK)
			return rc;
		unit_ids[i] = item.id;
		unit_names[i] = demo_units[i].name;
	}
	for (size_t i = 0; i < COUNT(demo_functions); i++) {
		struct org_in in = {.name = demo_functions[i]};

		if ((rc = org_create(tx, ORG_FUNCTION, &in, &item, e)) != SAMSYN_OK)
			return rc;
		function_ids[i] = item.id;
	}
	for (size_t i = 0; i < COUNT(demo_users); i++) {
		struct user_in in = {
			.name = demo_users[i].name,
			.email = demo_users[i].email,
			.password = demo_users[i].password,
			.role = demo_users[i].role,
			.function_id = demo_find(demo_users[i].function, demo_functions,
						 function_ids, COUNT(demo_functions)),
			.unit_id = demo_find(demo_users[i].unit, unit_names, unit_ids,
					     COUNT(demo_units)),
		};

		if ((rc = user_create(tx, &in, &u, e)) != SAMSYN_OK)
			return rc;
	}
	*loaded = true;
	return SAMSYN_OK;
}
