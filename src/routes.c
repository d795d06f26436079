/* routes.c - every route of samsyn, with its policy.  tests/unit/routes_test.c fails if
 * a route lacks a policy. */
#include "api/api_routes.h"
#include "domain/plan.h"
#include "http/health.h"
#include "http/http.h"
#include "http/static.h"
#include "web/web_routes.h"

#define API(m, p, h, pol) {m, "/api/v1" p, h, pol, ROUTE_API, 0, NULL, 0, NULL}
#define PAGE(m, p, h, pol) {m, p, h, pol, ROUTE_PAGE, 0, NULL, 0, NULL}
/* Routes that hash a password or read the whole log do it in a prepare step, before the
 * transaction and without its lock. */
#define API_HASHING(m, p, h, pol) {m, "/api/v1" p, h, pol, ROUTE_API, 0, h##_prepare, 0, NULL}
#define PAGE_HASHING(m, p, h, prep, pol) {m, p, h, pol, ROUTE_PAGE, 0, prep, 0, NULL}
/* Uploads of a file larger than the server's max_body: their own limit, and a page route's
 * own answer when the body is refused (too large, or unreadable). */
#define API_UPLOAD(m, p, h, pol, limit)                                                        \
	{m, "/api/v1" p, h, pol, ROUTE_API, 0, NULL, limit, NULL}
#define PAGE_UPLOAD(m, p, h, pol, limit, refused)                                               \
	{m, p, h, pol, ROUTE_PAGE, 0, NULL, limit, refused}

const struct route routes[] = {
	{"GET", "/healthz", health_handler, POLICY_PUBLIC, ROUTE_RAW, ROUTE_NO_TX, NULL, 0, NULL},
	{"GET", "/static/{file}", static_handler, POLICY_PUBLIC, ROUTE_RAW, ROUTE_NO_TX, NULL, 0,
	 NULL},

	{"POST", "/api/v1/session", api_session_create, POLICY_PUBLIC, ROUTE_API, ROUTE_NO_CSRF,
	 api_session_create_prepare, 0, NULL},
	API("GET", "/session", api_session_get, POLICY_AUTHENTICATED),
	API("DELETE", "/session", api_session_delete, POLICY_AUTHENTICATED),
	API_HASHING("POST", "/session/password", api_session_password, POLICY_AUTHENTICATED),

	API("GET", "/sectors", api_sectors_list, POLICY_ADMIN),
	API("POST", "/sectors", api_sectors_create, POLICY_ADMIN),
	API("PATCH", "/sectors/{id}", api_sectors_update, POLICY_ADMIN),
	API("GET", "/units", api_units_list, POLICY_ADMIN),
	API("POST", "/units", api_units_create, POLICY_ADMIN),
	API("PATCH", "/units/{id}", api_units_update, POLICY_ADMIN),
	API("GET", "/functions", api_functions_list, POLICY_ADMIN),
	API("POST", "/functions", api_functions_create, POLICY_ADMIN),
	API("PATCH", "/functions/{id}", api_functions_update, POLICY_ADMIN),

	API("GET", "/users", api_users_list, POLICY_ADMIN),
	API_HASHING("POST", "/users", api_users_create, POLICY_ADMIN),
	API("GET", "/users/{id}", api_users_get, POLICY_AUTHENTICATED),
	API("PATCH", "/users/{id}", api_users_update, POLICY_ADMIN),
	API_HASHING("POST", "/users/{id}/password", api_users_password, POLICY_ADMIN),
	API("GET", "/users/{id}/tokens", api_tokens_list, POLICY_ADMIN),
	API("POST", "/users/{id}/tokens", api_tokens_create, POLICY_ADMIN),
	API("DELETE", "/tokens/{id}", api_tokens_revoke, POLICY_ADMIN),

	API("GET", "/rules", api_rules_list, POLICY_AUTHENTICATED),

	/* Reports of concern, children and intake: any staff user may file a report; the
	 * domain decides who reads what (src/domain/access.h) and logs denials. */
	API("GET", "/reports", api_reports_mine, POLICY_AUTHENTICATED),
	API("POST", "/reports", api_reports_create, POLICY_AUTHENTICATED),
	API("GET", "/reports/{id}", api_reports_get, POLICY_AUTHENTICATED),
	API("PATCH", "/reports/{id}", api_reports_update, POLICY_AUTHENTICATED),
	API("DELETE", "/reports/{id}", api_reports_delete, POLICY_AUTHENTICATED),
	API("POST", "/reports/{id}/submit", api_reports_submit, POLICY_AUTHENTICATED),
	API("GET", "/reports/{id}/versions", api_reports_versions, POLICY_AUTHENTICATED),
	API("POST", "/reports/{id}/corrections", api_reports_correct, POLICY_AUTHENTICATED),
	API("GET", "/reports/{id}/intake", api_intake_get, POLICY_AUTHENTICATED),
	API("POST", "/reports/{id}/protection", api_intake_protection, POLICY_AUTHENTICATED),
	API("POST", "/reports/{id}/decision", api_intake_decision, POLICY_AUTHENTICATED),
	API("POST", "/reports/{id}/meeting", api_intake_meeting, POLICY_AUTHENTICATED),
	API("POST", "/reports/{id}/guardians-informed", api_intake_guardians,
	    POLICY_AUTHENTICATED),
	API("POST", "/reports/{id}/feedback", api_intake_feedback, POLICY_AUTHENTICATED),
	API("GET", "/intake/inbox", api_intake_inbox, POLICY_AUTHENTICATED),
	API("GET", "/investigations/{id}", api_investigations_get, POLICY_AUTHENTICATED),
	API("POST", "/investigations/{id}/extensions", api_investigations_extend,
	    POLICY_AUTHENTICATED),
	API("POST", "/investigations/{id}/close", api_investigations_close, POLICY_AUTHENTICATED),
	/* A search by personnummer is a POST: personal data stays out of URLs and logs. */
	API("POST", "/children/search", api_children_search, POLICY_AUTHENTICATED),
	API("GET", "/children/{id}", api_children_get, POLICY_AUTHENTICATED),
	API("PATCH", "/children/{id}", api_children_update, POLICY_AUTHENTICATED),
	API("POST", "/children/{id}/guardians", api_children_guardian, POLICY_AUTHENTICATED),

	/* Steering: groups, meetings, action items, the cooperation plan and the activity
	 * plan.  No personal data about children; the domain checks who may edit. */
	API("GET", "/groups", api_groups_list, POLICY_AUTHENTICATED),
	API("POST", "/groups", api_groups_create, POLICY_AUTHENTICATED),
	API("GET", "/groups/cadence", api_groups_cadence, POLICY_AUTHENTICATED),
	API("GET", "/groups/{id}", api_groups_get, POLICY_AUTHENTICATED),
	API("PATCH", "/groups/{id}", api_groups_update, POLICY_AUTHENTICATED),
	API("POST", "/groups/{id}/members", api_groups_add_member, POLICY_AUTHENTICATED),
	API("DELETE", "/groups/{id}/members/{id}", api_groups_remove_member, POLICY_AUTHENTICATED),
	/* The people and functions a convener picks from: names only, not the directory. */
	API("GET", "/steering/people", api_steering_people, POLICY_AUTHENTICATED),
	API("GET", "/groups/{id}/meetings", api_meetings_list, POLICY_AUTHENTICATED),
	API("POST", "/groups/{id}/meetings", api_meetings_create, POLICY_AUTHENTICATED),
	API("GET", "/meetings/{id}", api_meetings_get, POLICY_AUTHENTICATED),
	API("PATCH", "/meetings/{id}", api_meetings_update, POLICY_AUTHENTICATED),
	API("POST", "/meetings/{id}/actions", api_actions_create, POLICY_AUTHENTICATED),
	API("GET", "/actions", api_actions_open, POLICY_AUTHENTICATED),
	API("PATCH", "/actions/{id}", api_actions_update, POLICY_AUTHENTICATED),
	API("GET", "/coop-plans", api_coop_plans_list, POLICY_AUTHENTICATED),
	API("POST", "/coop-plans", api_coop_plans_create, POLICY_AUTHENTICATED),
	API("GET", "/coop-plans/{id}", api_coop_plans_get, POLICY_AUTHENTICATED),
	API("PATCH", "/coop-plans/{id}", api_coop_plans_update, POLICY_AUTHENTICATED),
	API("GET", "/activity-plans", api_activity_plans_list, POLICY_AUTHENTICATED),
	API("POST", "/activity-plans", api_activity_plans_create, POLICY_AUTHENTICATED),
	/* {id} is the year. */
	API("GET", "/activity-plans/{id}", api_activity_plans_get, POLICY_AUTHENTICATED),
	API("POST", "/activity-plans/{id}/activities", api_activities_create, POLICY_AUTHENTICATED),
	API_UPLOAD("POST", "/activity-plans/{id}/import", api_activity_plans_import,
		   POLICY_AUTHENTICATED, PLAN_IMPORT_MAX_BYTES),
	API("GET", "/activity-plans/{id}/export", api_activity_plans_export, POLICY_AUTHENTICATED),
	API("PATCH", "/activities/{id}", api_activities_update, POLICY_AUTHENTICATED),
	API("DELETE", "/activities/{id}", api_activities_delete, POLICY_AUTHENTICATED),
	API("GET", "/routines", api_routines_list, POLICY_AUTHENTICATED),
	API("POST", "/routines", api_routines_create, POLICY_AUTHENTICATED),
	API("GET", "/routines/{id}", api_routines_get, POLICY_AUTHENTICATED),
	API("PATCH", "/routines/{id}", api_routines_update, POLICY_AUTHENTICATED),
	API("POST", "/routines/{id}/reviewed", api_routines_reviewed, POLICY_AUTHENTICATED),
	API("GET", "/deviations", api_deviations_list, POLICY_AUTHENTICATED),
	API("POST", "/deviations", api_deviations_file, POLICY_AUTHENTICATED),
	API("GET", "/deviations/counts", api_deviations_counts, POLICY_AUTHENTICATED),
	API("GET", "/deviations/{id}", api_deviations_get, POLICY_AUTHENTICATED),
	API("PATCH", "/deviations/{id}", api_deviations_handle, POLICY_AUTHENTICATED),
	/* {id} is the year. */
	API("GET", "/yearly-report/{id}", api_yearly_report, POLICY_AUTHENTICATED),

	API("GET", "/audit", api_audit_list, POLICY_AUDITOR),
	API_HASHING("GET", "/audit/verify", api_audit_verify, POLICY_AUDITOR),

	{"GET", "/login", web_login_form, POLICY_PUBLIC, ROUTE_PAGE, 0, NULL, 0, NULL},
	{"POST", "/login", web_login, POLICY_PUBLIC, ROUTE_PAGE, ROUTE_NO_CSRF, web_login_prepare,
	 0, NULL},
	PAGE("POST", "/logout", web_logout, POLICY_AUTHENTICATED),
	PAGE("GET", "/", web_home, POLICY_AUTHENTICATED),
	PAGE("GET", "/password", web_password_form, POLICY_AUTHENTICATED),
	PAGE_HASHING("POST", "/password", web_password, web_password_prepare,
		     POLICY_AUTHENTICATED),

	PAGE("GET", "/admin/sectors", web_sectors, POLICY_ADMIN),
	PAGE("POST", "/admin/sectors", web_sectors_create, POLICY_ADMIN),
	PAGE("GET", "/admin/sectors/{id}", web_sector, POLICY_ADMIN),
	PAGE("POST", "/admin/sectors/{id}", web_sector_update, POLICY_ADMIN),
	PAGE("GET", "/admin/units", web_units, POLICY_ADMIN),
	PAGE("POST", "/admin/units", web_units_create, POLICY_ADMIN),
	PAGE("GET", "/admin/units/{id}", web_unit, POLICY_ADMIN),
	PAGE("POST", "/admin/units/{id}", web_unit_update, POLICY_ADMIN),
	PAGE("GET", "/admin/functions", web_functions, POLICY_ADMIN),
	PAGE("POST", "/admin/functions", web_functions_create, POLICY_ADMIN),
	PAGE("GET", "/admin/functions/{id}", web_function, POLICY_ADMIN),
	PAGE("POST", "/admin/functions/{id}", web_function_update, POLICY_ADMIN),

	PAGE("GET", "/admin/users", web_users, POLICY_ADMIN),
	PAGE("GET", "/admin/users/new", web_user_new, POLICY_ADMIN),
	PAGE_HASHING("POST", "/admin/users", web_users_create, web_new_password_prepare,
		     POLICY_ADMIN),
	PAGE("GET", "/admin/users/{id}", web_user, POLICY_ADMIN),
	PAGE("POST", "/admin/users/{id}", web_user_update, POLICY_ADMIN),
	PAGE_HASHING("POST", "/admin/users/{id}/password", web_user_password,
		     web_new_password_prepare, POLICY_ADMIN),
	PAGE("POST", "/admin/users/{id}/tokens", web_user_token, POLICY_ADMIN),
	PAGE("POST", "/admin/tokens/{id}/revoke", web_token_revoke, POLICY_ADMIN),

	PAGE_HASHING("GET", "/audit", web_audit, web_audit_prepare, POLICY_AUDITOR),
	PAGE("GET", "/regler", web_rules, POLICY_AUTHENTICATED),

	/* The reporter's pages. */
	PAGE("GET", "/anmalningar", web_reports_mine, POLICY_AUTHENTICATED),
	PAGE("GET", "/anmalningar/ny", web_report_new, POLICY_AUTHENTICATED),
	PAGE("POST", "/anmalningar", web_reports_create, POLICY_AUTHENTICATED),
	PAGE("GET", "/anmalningar/{id}", web_report, POLICY_AUTHENTICATED),
	PAGE("POST", "/anmalningar/{id}", web_report_update, POLICY_AUTHENTICATED),
	PAGE("POST", "/anmalningar/{id}/ta-bort", web_report_delete, POLICY_AUTHENTICATED),
	PAGE("GET", "/anmalningar/{id}/kvitto", web_report_receipt, POLICY_AUTHENTICATED),
	/* Intake (mottagning). */
	PAGE("GET", "/mottagning", web_intake_inbox, POLICY_AUTHENTICATED),
	PAGE("GET", "/mottagning/anmalningar/{id}", web_intake_report, POLICY_AUTHENTICATED),
	PAGE("POST", "/mottagning/anmalningar/{id}/skyddsbedomning", web_intake_protection,
	     POLICY_AUTHENTICATED),
	PAGE("POST", "/mottagning/anmalningar/{id}/beslut", web_intake_decision,
	     POLICY_AUTHENTICATED),
	PAGE("POST", "/mottagning/anmalningar/{id}/mote", web_intake_meeting, POLICY_AUTHENTICATED),
	PAGE("POST", "/mottagning/anmalningar/{id}/vardnadshavare", web_intake_guardians,
	     POLICY_AUTHENTICATED),
	PAGE("POST", "/mottagning/anmalningar/{id}/aterkoppling", web_intake_feedback,
	     POLICY_AUTHENTICATED),
	PAGE("GET", "/mottagning/anmalningar/{id}/rattelse", web_intake_correction_form,
	     POLICY_AUTHENTICATED),
	PAGE("POST", "/mottagning/anmalningar/{id}/rattelse", web_intake_correct,
	     POLICY_AUTHENTICATED),
	PAGE("GET", "/mottagning/anmalningar/{id}/versioner", web_intake_versions,
	     POLICY_AUTHENTICATED),
	PAGE("GET", "/mottagning/barn", web_children_search_form, POLICY_AUTHENTICATED),
	PAGE("POST", "/mottagning/barn", web_children_search, POLICY_AUTHENTICATED),
	PAGE("GET", "/mottagning/barn/{id}", web_child, POLICY_AUTHENTICATED),
	PAGE("POST", "/mottagning/barn/{id}", web_child_update, POLICY_AUTHENTICATED),
	PAGE("POST", "/mottagning/barn/{id}/vardnadshavare", web_child_guardian,
	     POLICY_AUTHENTICATED),
	PAGE("GET", "/mottagning/utredningar/{id}", web_investigation, POLICY_AUTHENTICATED),
	PAGE("POST", "/mottagning/utredningar/{id}/forlangning", web_investigation_extend,
	     POLICY_AUTHENTICATED),
	PAGE("POST", "/mottagning/utredningar/{id}/avsluta", web_investigation_close,
	     POLICY_AUTHENTICATED),

	/* Steering (styrning). */
	PAGE("GET", "/styrning", web_steering, POLICY_AUTHENTICATED),
	PAGE("GET", "/styrning/grupper", web_groups, POLICY_AUTHENTICATED),
	PAGE("POST", "/styrning/grupper", web_groups_create, POLICY_AUTHENTICATED),
	PAGE("GET", "/styrning/grupper/{id}", web_group, POLICY_AUTHENTICATED),
	PAGE("POST", "/styrning/grupper/{id}", web_group_update, POLICY_AUTHENTICATED),
	PAGE("POST", "/styrning/grupper/{id}/medlemmar", web_group_add_member, POLICY_AUTHENTICATED),
	PAGE("POST", "/styrning/grupper/{id}/medlemmar/{id}/ta-bort", web_group_remove_member,
	     POLICY_AUTHENTICATED),
	PAGE("POST", "/styrning/grupper/{id}/moten", web_meetings_create, POLICY_AUTHENTICATED),
	PAGE("GET", "/styrning/moten/{id}", web_meeting, POLICY_AUTHENTICATED),
	PAGE("POST", "/styrning/moten/{id}", web_meeting_update, POLICY_AUTHENTICATED),
	PAGE("POST", "/styrning/moten/{id}/atgarder", web_actions_create, POLICY_AUTHENTICATED),
	PAGE("GET", "/styrning/atgarder", web_actions_open, POLICY_AUTHENTICATED),
	PAGE("POST", "/styrning/atgarder/{id}", web_action_update, POLICY_AUTHENTICATED),
	PAGE("GET", "/styrning/samverkansplaner", web_coop_plans, POLICY_AUTHENTICATED),
	PAGE("POST", "/styrning/samverkansplaner", web_coop_plans_create, POLICY_AUTHENTICATED),
	PAGE("GET", "/styrning/samverkansplaner/{id}", web_coop_plan, POLICY_AUTHENTICATED),
	PAGE("POST", "/styrning/samverkansplaner/{id}", web_coop_plan_update, POLICY_AUTHENTICATED),
	PAGE("GET", "/styrning/aktivitetsplaner", web_activity_plans, POLICY_AUTHENTICATED),
	PAGE("POST", "/styrning/aktivitetsplaner", web_activity_plans_create, POLICY_AUTHENTICATED),
	PAGE("GET", "/styrning/aktivitetsplaner/{id}", web_activity_plan, POLICY_AUTHENTICATED),
	PAGE("POST", "/styrning/aktivitetsplaner/{id}/aktiviteter", web_activities_create,
	     POLICY_AUTHENTICATED),
	PAGE_UPLOAD("POST", "/styrning/aktivitetsplaner/{id}/import", web_activity_plan_import,
		    POLICY_AUTHENTICATED, PLAN_IMPORT_MAX_BYTES, web_activity_plan_refused),
	PAGE("GET", "/styrning/aktivitetsplaner/{id}/export", web_activity_plan_export,
	     POLICY_AUTHENTICATED),
	PAGE("POST", "/styrning/aktiviteter/{id}", web_activity_update, POLICY_AUTHENTICATED),
	PAGE("POST", "/styrning/aktiviteter/{id}/ta-bort", web_activity_delete,
	     POLICY_AUTHENTICATED),
	PAGE("GET", "/styrning/rutiner", web_routines, POLICY_AUTHENTICATED),
	PAGE("POST", "/styrning/rutiner", web_routines_create, POLICY_AUTHENTICATED),
	PAGE("GET", "/styrning/rutiner/{id}", web_routine, POLICY_AUTHENTICATED),
	PAGE("POST", "/styrning/rutiner/{id}", web_routine_update, POLICY_AUTHENTICATED),
	PAGE("POST", "/styrning/rutiner/{id}/granskad", web_routine_reviewed, POLICY_AUTHENTICATED),
	PAGE("GET", "/styrning/avvikelser", web_deviations, POLICY_AUTHENTICATED),
	PAGE("POST", "/styrning/avvikelser", web_deviations_file, POLICY_AUTHENTICATED),
	PAGE("GET", "/styrning/avvikelser/{id}", web_deviation, POLICY_AUTHENTICATED),
	PAGE("POST", "/styrning/avvikelser/{id}", web_deviation_handle, POLICY_AUTHENTICATED),
	PAGE("GET", "/styrning/arsrapport/{id}", web_yearly_report, POLICY_AUTHENTICATED),
};

const size_t routes_count = sizeof(routes) / sizeof(routes[0]);
