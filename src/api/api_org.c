/* api_org.c - sectors, units and functions. */
#include "api/api.h"
#include "api/api_json.h"
#include "api/api_routes.h"

struct api_list {
	enum org_type type;
	json_t *array;
};

static const char *const list_keys[] = {[ORG_SECTOR] = "sectors", [ORG_UNIT] = "units",
					[ORG_FUNCTION] = "functions"};
static const char *const item_keys[] = {[ORG_SECTOR] = "sector", [ORG_UNIT] = "unit",
					[ORG_FUNCTION] = "function"};

static const struct api_field specs[][5] = {
	[ORG_SECTOR] = {{"name", API_STRING, ORG_NAME_MAX}, {"kind", API_STRING, 20},
			{"active", API_BOOL, 0}, {NULL, 0, 0}},
	[ORG_UNIT] = {{"name", API_STRING, ORG_NAME_MAX}, {"sector_id", API_INT, 0},
		      {"intake", API_BOOL, 0}, {"active", API_BOOL, 0}, {NULL, 0, 0}},
	[ORG_FUNCTION] = {{"name", API_STRING, ORG_NAME_MAX}, {"active", API_BOOL, 0},
			  {NULL, 0, 0}},
};

static void
api_org_add(const struct org_item *it, void *arg)
{
	struct api_list *l = arg;

	json_array_append_new(l->array, api_org_json(l->type, it));
}

static int
api_org_list(struct http_req *r, enum org_type t)
{
	struct api_list l = {.type = t, .array = json_array()};
	int rc = org_list(&r->tx, t, api_org_add, &l, &r->err);

	if (rc != SAMSYN_OK) {
		json_decref(l.array);
		return rc;
	}
	api_reply(r, 200, json_pack("{s:o}", list_keys[t], l.array));
	return SAMSYN_OK;
}

/* create: every field but active is required; update: any subset. */
static int
api_org_write(struct http_req *r, enum org_type t, bool create)
{
	struct org_item out;
	struct org_in in;
	json_t *body;
	int rc;

	if ((rc = api_body(r, specs[t], &body)) != SAMSYN_OK)
		return rc;
	in = (struct org_in){
		.name = api_str(body, "name"),
		.kind = api_str(body, "kind"),
		.sector_id = api_int(body, "sector_id"),
		.active = api_bool(body, "active"),
		.intake = api_bool(body, "intake"),
		.has_name = api_has(body, "name"),
		.has_kind = api_has(body, "kind"),
		.has_sector = api_has(body, "sector_id"),
		.has_active = api_has(body, "active"),
		.has_intake = api_has(body, "intake"),
	};
	if (create && api_has(body, "active"))
		rc = err_set(&r->err, SAMSYN_EUNKNOWNFIELD, "active",
			     "En ny post är alltid aktiv; fältet active tas inte emot här.");
	else if (create)
		rc = org_create(&r->tx, t, &in, &out, &r->err);
	else
		rc = org_update(&r->tx, t, r->id[0], &in, &out, &r->err);
	json_decref(body);
	if (rc != SAMSYN_OK)
		return rc;
	api_reply(r, create ? 201 : 200, json_pack("{s:o}", item_keys[t], api_org_json(t, &out)));
	return SAMSYN_OK;
}

int
api_sectors_list(struct http_req *r)
{
	return api_org_list(r, ORG_SECTOR);
}

int
api_sectors_create(struct http_req *r)
{
	return api_org_write(r, ORG_SECTOR, true);
}

int
api_sectors_update(struct http_req *r)
{
	return api_org_write(r, ORG_SECTOR, false);
}

int
api_units_list(struct http_req *r)
{
	return api_org_list(r, ORG_UNIT);
}

int
api_units_create(struct http_req *r)
{
	return api_org_write(r, ORG_UNIT, true);
}

int
api_units_update(struct http_req *r)
{
	return api_org_write(r, ORG_UNIT, false);
}

int
api_functions_list(struct http_req *r)
{
	return api_org_list(r, ORG_FUNCTION);
}

int
api_functions_create(struct http_req *r)
{
	return api_org_write(r, ORG_FUNCTION, true);
}

int
api_functions_update(struct http_req *r)
{
	return api_org_write(r, ORG_FUNCTION, false);
}
