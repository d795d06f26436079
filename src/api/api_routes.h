/* api_routes.h - the handlers of /api/v1/ (see docs/API.md). */
#ifndef SAMSYN_API_ROUTES_H
#define SAMSYN_API_ROUTES_H

#include "http/http.h"

int api_session_create_prepare(struct http_req *r);
int api_session_create(struct http_req *r);
int api_session_get(struct http_req *r);
int api_session_delete(struct http_req *r);
int api_session_password_prepare(struct http_req *r);
int api_session_password(struct http_req *r);

int api_sectors_list(struct http_req *r);
int api_sectors_create(struct http_req *r);
int api_sectors_update(struct http_req *r);
int api_units_list(struct http_req *r);
int api_units_create(struct http_req *r);
int api_units_update(struct http_req *r);
int api_functions_list(struct http_req *r);
int api_functions_create(struct http_req *r);
int api_functions_update(struct http_req *r);

int api_users_list(struct http_req *r);
int api_users_create_prepare(struct http_req *r);
int api_users_create(struct http_req *r);
int api_users_get(struct http_req *r);
int api_users_update(struct http_req *r);
int api_users_password_prepare(struct http_req *r);
int api_users_password(struct http_req *r);
int api_tokens_list(struct http_req *r);
int api_tokens_create(struct http_req *r);
int api_tokens_revoke(struct http_req *r);

int api_audit_list(struct http_req *r);
int api_rules_list(struct http_req *r);
int api_audit_verify_prepare(struct http_req *r);
int api_audit_verify(struct http_req *r);

#endif
