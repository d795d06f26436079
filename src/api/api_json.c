#include "api/api_json.h"

#include "api/api.h"

json_t *
api_user_json(const struct user *u)
{
	return json_pack("{s:I,s:s,s:s,s:o,s:o,s:s,s:b,s:b,s:o}", "id", (json_int_t)u->id,
			 "name", u->name, "email", u->email, "function_id",
			 api_id(u->function_id), "unit_id", api_id(u->unit_id), "role",
			 role_name(u->role), "active", u->active, "protected_access",
			 u->protected_access, "created_at", api_time(u->created_at));
}

json_t *
api_org_json(enum org_type t, const struct org_item *it)
{
	json_t *o = json_pack("{s:I,s:s,s:b}", "id", (json_int_t)it->id, "name", it->name,
			      "active", it->active);

	if (t == ORG_SECTOR)
		json_object_set_new(o, "kind", json_string(it->kind ? it->kind : "other"));
	if (t == ORG_UNIT) {
		json_object_set_new(o, "sector_id", json_integer(it->sector_id));
		json_object_set_new(o, "intake", json_boolean(it->intake));
	}
	return o;
}

json_t *
api_token_json(const struct api_token *t)
{
	return json_pack("{s:I,s:I,s:s,s:o,s:o,s:o}", "id", (json_int_t)t->id, "user_id",
			 (json_int_t)t->user_id, "name", t->name, "created_at",
			 api_time(t->created_at), "expires_at", api_time(t->expires_at),
			 "revoked_at", api_time(t->revoked_at));
}

static json_t *
api_text(const char *s)
{
	return s ? json_string(s) : json_null();
}

json_t *
api_audit_json(const struct audit_entry *a)
{
	return json_pack("{s:I,s:s,s:o,s:o,s:o,s:s,s:o,s:o,s:o,s:o,s:o,s:s,s:s,s:o}", "id",
			 (json_int_t)a->id, "at", a->at, "user_id", api_id(a->user_id),
			 "user_name", api_text(a->user_name), "unit_id", api_id(a->unit_id),
			 "action", a->action, "subject_type", api_text(a->subject_type),
			 "subject_id", api_id(a->subject_id), "record_type",
			 api_text(a->record_type), "record_id", api_id(a->record_id), "purpose",
			 api_text(a->purpose), "outcome", a->outcome, "channel", a->channel,
			 "flag", api_text(a->flag));
}
