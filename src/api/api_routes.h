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

int api_reports_mine(struct http_req *r);
int api_reports_create(struct http_req *r);
int api_reports_get(struct http_req *r);
int api_reports_update(struct http_req *r);
int api_reports_delete(struct http_req *r);
int api_reports_submit(struct http_req *r);
int api_reports_versions(struct http_req *r);
int api_reports_correct(struct http_req *r);
int api_intake_get(struct http_req *r);
int api_intake_protection(struct http_req *r);
int api_intake_decision(struct http_req *r);
int api_intake_meeting(struct http_req *r);
int api_intake_guardians(struct http_req *r);
int api_intake_feedback(struct http_req *r);
int api_intake_inbox(struct http_req *r);
int api_investigations_get(struct http_req *r);
int api_investigations_extend(struct http_req *r);
int api_investigations_close(struct http_req *r);
int api_children_search(struct http_req *r);
int api_children_get(struct http_req *r);
int api_children_update(struct http_req *r);
int api_children_guardian(struct http_req *r);

int api_groups_list(struct http_req *r);
int api_groups_create(struct http_req *r);
int api_groups_cadence(struct http_req *r);
int api_groups_get(struct http_req *r);
int api_groups_update(struct http_req *r);
int api_groups_add_member(struct http_req *r);
int api_groups_remove_member(struct http_req *r);
int api_steering_people(struct http_req *r);
int api_meetings_list(struct http_req *r);
int api_meetings_create(struct http_req *r);
int api_meetings_get(struct http_req *r);
int api_meetings_update(struct http_req *r);
int api_actions_create(struct http_req *r);
int api_actions_open(struct http_req *r);
int api_actions_update(struct http_req *r);
int api_coop_plans_list(struct http_req *r);
int api_coop_plans_create(struct http_req *r);
int api_coop_plans_get(struct http_req *r);
int api_coop_plans_update(struct http_req *r);
int api_activity_plans_list(struct http_req *r);
int api_activity_plans_create(struct http_req *r);
int api_activity_plans_get(struct http_req *r);
int api_activities_create(struct http_req *r);
int api_activity_plans_import(struct http_req *r);
int api_activity_plans_export(struct http_req *r);
int api_activities_update(struct http_req *r);
int api_activities_delete(struct http_req *r);

int api_routines_list(struct http_req *r);
int api_routines_create(struct http_req *r);
int api_routines_get(struct http_req *r);
int api_routines_update(struct http_req *r);
int api_routines_reviewed(struct http_req *r);
int api_deviations_list(struct http_req *r);
int api_deviations_file(struct http_req *r);
int api_deviations_counts(struct http_req *r);
int api_deviations_get(struct http_req *r);
int api_deviations_handle(struct http_req *r);
int api_yearly_report(struct http_req *r);

#endif
