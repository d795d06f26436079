/* web_routes.h - the Swedish pages. */
#ifndef SAMSYN_WEB_ROUTES_H
#define SAMSYN_WEB_ROUTES_H

#include "http/http.h"

int web_login_form(struct http_req *r);
int web_login_prepare(struct http_req *r);
int web_login(struct http_req *r);
int web_logout(struct http_req *r);
int web_home(struct http_req *r);
int web_password_form(struct http_req *r);
int web_password_prepare(struct http_req *r);
int web_password(struct http_req *r);

int web_sectors(struct http_req *r);
int web_sectors_create(struct http_req *r);
int web_sector(struct http_req *r);
int web_sector_update(struct http_req *r);
int web_units(struct http_req *r);
int web_units_create(struct http_req *r);
int web_unit(struct http_req *r);
int web_unit_update(struct http_req *r);
int web_functions(struct http_req *r);
int web_functions_create(struct http_req *r);
int web_function(struct http_req *r);
int web_function_update(struct http_req *r);

int web_users(struct http_req *r);
int web_user_new(struct http_req *r);
int web_new_password_prepare(struct http_req *r);
int web_users_create(struct http_req *r);
int web_user(struct http_req *r);
int web_user_update(struct http_req *r);
int web_user_password(struct http_req *r);
int web_user_token(struct http_req *r);
int web_token_revoke(struct http_req *r);

int web_rules(struct http_req *r);
int web_audit_prepare(struct http_req *r);
int web_audit(struct http_req *r);

int web_reports_mine(struct http_req *r);
int web_report_new(struct http_req *r);
int web_reports_create(struct http_req *r);
int web_report(struct http_req *r);
int web_report_update(struct http_req *r);
int web_report_delete(struct http_req *r);
int web_report_receipt(struct http_req *r);
int web_intake_inbox(struct http_req *r);
int web_intake_report(struct http_req *r);
int web_intake_protection(struct http_req *r);
int web_intake_decision(struct http_req *r);
int web_intake_meeting(struct http_req *r);
int web_intake_guardians(struct http_req *r);
int web_intake_feedback(struct http_req *r);
int web_intake_correction_form(struct http_req *r);
int web_intake_correct(struct http_req *r);
int web_intake_versions(struct http_req *r);
int web_children_search_form(struct http_req *r);
int web_children_search(struct http_req *r);
int web_child(struct http_req *r);
int web_child_update(struct http_req *r);
int web_child_guardian(struct http_req *r);
int web_investigation(struct http_req *r);
int web_investigation_extend(struct http_req *r);
int web_investigation_close(struct http_req *r);

int web_steering(struct http_req *r);
int web_groups(struct http_req *r);
int web_groups_create(struct http_req *r);
int web_group(struct http_req *r);
int web_group_update(struct http_req *r);
int web_group_add_member(struct http_req *r);
int web_group_remove_member(struct http_req *r);
int web_meetings_create(struct http_req *r);
int web_meeting(struct http_req *r);
int web_meeting_update(struct http_req *r);
int web_actions_create(struct http_req *r);
int web_actions_open(struct http_req *r);
int web_action_update(struct http_req *r);
int web_coop_plans(struct http_req *r);
int web_coop_plans_create(struct http_req *r);
int web_coop_plan(struct http_req *r);
int web_coop_plan_update(struct http_req *r);
int web_activity_plans(struct http_req *r);
int web_activity_plans_create(struct http_req *r);
int web_activity_plan(struct http_req *r);
int web_activities_create(struct http_req *r);
int web_activity_plan_import(struct http_req *r);
/* The import page's answer to a body refused before the handler ran (route.body_refused). */
int web_activity_plan_refused(struct http_req *r);
int web_activity_plan_export(struct http_req *r);
int web_activity_update(struct http_req *r);
int web_activity_delete(struct http_req *r);

int web_routines(struct http_req *r);
int web_routines_create(struct http_req *r);
int web_routine(struct http_req *r);
int web_routine_update(struct http_req *r);
int web_routine_reviewed(struct http_req *r);
int web_deviations(struct http_req *r);
int web_deviations_file(struct http_req *r);
int web_deviation(struct http_req *r);
int web_deviation_handle(struct http_req *r);
int web_yearly_report(struct http_req *r);

#endif
