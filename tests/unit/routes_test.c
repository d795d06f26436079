/* routes_test.c - the route table: every route has a policy, a handler, a known method,
 * and no two routes share method and pattern. */
#include <string.h>

#include "domain/policy.h"
#include "http/http.h"
#include "test.h"

static void
test_every_route_has_a_policy(void)
{
	for (size_t i = 0; i < routes_count; i++) {
		if (routes[i].policy == POLICY_UNSET)
			fprintf(stderr, "route without policy: %s %s\n", routes[i].method,
				routes[i].pattern);
		CHECK(routes[i].policy != POLICY_UNSET);
		CHECK(routes[i].handler != NULL);
	}
}

static void
test_methods_are_known(void)
{
	static const char *const known[] = {"GET", "POST", "PATCH", "PUT", "DELETE"};

	for (size_t i = 0; i < routes_count; i++) {
		bool ok = false;

		for (size_t k = 0; k < sizeof(known) / sizeof(known[0]); k++)
			ok = ok || strcmp(routes[i].method, known[k]) == 0;
		CHECK(ok);
	}
}

static void
test_no_duplicate_routes(void)
{
	for (size_t i = 0; i < routes_count; i++)
		for (size_t k = i + 1; k < routes_count; k++)
			CHECK(!(strcmp(routes[i].method, routes[k].method) == 0 &&
				strcmp(routes[i].pattern, routes[k].pattern) == 0));
}

static void
test_api_routes_are_under_api_v1(void)
{
	for (size_t i = 0; i < routes_count; i++)
		if (routes[i].kind == ROUTE_API)
			CHECK(strncmp(routes[i].pattern, "/api/v1/", 8) == 0);
}

static void
test_only_health_and_static_skip_the_transaction(void)
{
	for (size_t i = 0; i < routes_count; i++)
		if (routes[i].flags & ROUTE_NO_TX)
			CHECK(routes[i].policy == POLICY_PUBLIC &&
			      (strcmp(routes[i].pattern, "/healthz") == 0 ||
			       strncmp(routes[i].pattern, "/static/", 8) == 0));
}

static void
test_policy_admits_by_role(void)
{
	struct actor nobody = {0}, admin = {.user_id = 1, .role = ROLE_ADMIN},
		     auditor = {.user_id = 2, .role = ROLE_AUDITOR},
		     staff = {.user_id = 3, .role = ROLE_STAFF};

	CHECK(policy_allows(POLICY_PUBLIC, &nobody));
	CHECK(!policy_allows(POLICY_AUTHENTICATED, &nobody));
	CHECK(policy_allows(POLICY_AUTHENTICATED, &staff));
	CHECK(policy_allows(POLICY_ADMIN, &admin));
	CHECK(!policy_allows(POLICY_ADMIN, &auditor));
	CHECK(!policy_allows(POLICY_ADMIN, &staff));
	CHECK(policy_allows(POLICY_AUDITOR, &auditor));
	CHECK(!policy_allows(POLICY_AUDITOR, &admin));
	CHECK(!policy_allows(POLICY_UNSET, &admin));
}

TEST_MAIN(T(test_every_route_has_a_policy), T(test_methods_are_known),
	  T(test_no_duplicate_routes), T(test_api_routes_are_under_api_v1),
	  T(test_only_health_and_static_skip_the_transaction), T(test_policy_admits_by_role))
