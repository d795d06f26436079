/* api_rules.c - the legal rules (GET /api/v1/rules). */
#include <string.h>

#include "api/api.h"
#include "api/api_routes.h"
#include "domain/rules.h"
#include "util/timeutil.h"

static json_t *
api_rule_json(const struct rule *r)
{
	return json_pack("{s:I,s:s,s:s,s:s,s:o,s:s,s:s,s:s,s:o,s:o,s:o,s:b}", "id",
			 (json_int_t)r->id, "key", r->key, "act", r->act, "valid_from",
			 r->valid_from, "valid_to", r->valid_to ? json_string(r->valid_to) : json_null(),
			 "title", r->title, "description", r->description, "source", r->source,
			 "days", r->days >= 0 ? json_integer(r->days) : json_null(), "months",
			 r->months >= 0 ? json_integer(r->months) : json_null(), "day_kind",
			 r->day_kind ? json_string(r->day_kind) : json_null(), "confirmed",
			 r->confirmed);
}

static void
api_rules_add(const struct rule *r, void *arg)
{
	json_array_append_new(arg, api_rule_json(r));
}

/* GET /api/v1/rules                         every row
 * GET /api/v1/rules?key=K&date=YYYY-MM-DD   the row of K in force that day */
int
api_rules_list(struct http_req *r)
{
	const char *key = http_query(r, "key"), *date = http_query(r, "date");
	struct rule rule;
	json_t *array;
	int rc;

	if (key || date) {
		if (key == NULL || *key == '\0')
			return err_set(&r->err, SAMSYN_EINVAL, "key", "Ange vilken regel (key).");
		if (date == NULL || !time_valid_date(date))
			return err_set(&r->err, SAMSYN_EINVAL, "date", "Ange datumet som ÅÅÅÅ-MM-DD.");
		if ((rc = rules_for(&r->tx, key, date, &rule, &r->err)) != SAMSYN_OK)
			return rc;
		api_reply(r, 200, json_pack("{s:o,s:s}", "rule", api_rule_json(&rule),
					    "social_services_act", rules_act_on(date)));
		return SAMSYN_OK;
	}
	array = json_array();
	if ((rc = rules_list(&r->tx, api_rules_add, array, &r->err)) != SAMSYN_OK) {
		json_decref(array);
		return rc;
	}
	api_reply(r, 200, json_pack("{s:o}", "rules", array));
	return SAMSYN_OK;
}
