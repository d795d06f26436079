/* http_test.c - the router and the form parser, without a server. */
#include "http/http.h"
#include "http/router.h"
#include "test.h"

static int
match(struct http_req *r, const char *method, const char *path)
{
	r->method = method;
	r->path = path;
	r->route = NULL;
	return router_match(r);
}

static void
test_router_matches_typed_parameters(void)
{
	struct http_req r = {0};

	arena_init(&r.arena);
	CHECK_INT(match(&r, "GET", "/api/v1/users/42"), SAMSYN_OK);
	CHECK_INT(r.id[0], 42);
	CHECK_INT(match(&r, "GET", "/api/v1/users/abc"), SAMSYN_ENOTFOUND);
	CHECK_INT(match(&r, "GET", "/api/v1/users/0"), SAMSYN_ENOTFOUND);
	CHECK_INT(match(&r, "GET", "/api/v1/users/-1"), SAMSYN_ENOTFOUND);
	CHECK_INT(match(&r, "GET", "/api/v1/users/99999999999999999999"), SAMSYN_ENOTFOUND);
	CHECK_INT(match(&r, "PUT", "/api/v1/users/4"), SAMSYN_EMETHOD);
	CHECK_INT(match(&r, "HEAD", "/healthz"), SAMSYN_OK);
	CHECK_INT(match(&r, "GET", "/static/samsyn.css"), SAMSYN_OK);
	CHECK_STR(r.file, "samsyn.css");
	arena_release(&r.arena);
}

static void
test_static_paths_cannot_leave_the_static_files(void)
{
	struct http_req r = {0};

	arena_init(&r.arena);
	CHECK_INT(match(&r, "GET", "/static/../etc/passwd"), SAMSYN_ENOTFOUND);
	CHECK_INT(match(&r, "GET", "/static/..%2fsamsyn.db"), SAMSYN_ENOTFOUND);
	CHECK_INT(match(&r, "GET", "/static/.hidden"), SAMSYN_ENOTFOUND);
	CHECK_INT(match(&r, "GET", "/static/a/b.css"), SAMSYN_ENOTFOUND);
	CHECK(!router_plain_file(".."));
	CHECK(router_plain_file("samsyn.css"));
	arena_release(&r.arena);
}

static void
test_form_parser_decodes_plus_and_percent(void)
{
	struct arena a;
	struct form_field *f;
	size_t n;
	const char body[] = "name=%C3%85sa+%C3%96berg&empty=&flag&x=a%26b";

	arena_init(&a);
	CHECK_INT(http_urlencoded_parse(&a, body, strlen(body), &f, &n), SAMSYN_OK);
	CHECK_INT(n, 4);
	CHECK_STR(f[0].value, "Åsa Öberg");
	CHECK_STR(f[1].value, "");
	CHECK_STR(f[2].name, "flag");
	CHECK_STR(f[3].value, "a&b");
	arena_release(&a);
}

static void
test_form_parser_rejects_bad_escapes_and_invalid_utf8(void)
{
	struct arena a;
	struct form_field *f;
	size_t n;

	arena_init(&a);
	CHECK_INT(http_urlencoded_parse(&a, "a=%zz", 5, &f, &n), SAMSYN_EINVAL);
	CHECK_INT(http_urlencoded_parse(&a, "a=%", 3, &f, &n), SAMSYN_EINVAL);
	CHECK_INT(http_urlencoded_parse(&a, "a=%ff", 5, &f, &n), SAMSYN_EINVAL);
	CHECK_INT(http_urlencoded_parse(&a, "a=%00", 5, &f, &n), SAMSYN_EINVAL);
	arena_release(&a);
}

TEST_MAIN(T(test_router_matches_typed_parameters),
	  T(test_static_paths_cannot_leave_the_static_files),
	  T(test_form_parser_decodes_plus_and_percent),
	  T(test_form_parser_rejects_bad_escapes_and_invalid_utf8))
