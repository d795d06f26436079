/* api_json.h - domain records as JSON. */
#ifndef SAMSYN_API_JSON_H
#define SAMSYN_API_JSON_H

#include <jansson.h>

#include "domain/audit.h"
#include "domain/auth.h"
#include "domain/org.h"
#include "domain/user.h"

json_t *api_user_json(const struct user *u);
json_t *api_org_json(enum org_type t, const struct org_item *it);
json_t *api_token_json(const struct api_token *t);
json_t *api_audit_json(const struct audit_entry *a);

#endif
