/* links_test.c - the links field of a routine (domain/routine.c routine_links_parse):
 * "Title | URL", a URL alone, plain text, and which URLs are refused. */
#include <stdbool.h>

#include "domain/routine.h"
#include "test.h"
#include "util/arena.h"

static struct arena arena;

static int
parse(const char *text, bool strict, struct routine_link **out, int *n)
{
	struct err e = {0};

	return routine_links_parse(&arena, text, strict, out, n, &e);
}

static void
test_title_and_url(void)
{
	struct routine_link *l = NULL;
	int n = 0;

	CHECK_INT(parse("Frånvarorutinen | https://demoby.example/a.pdf\n\n"
			"http://demoby.example/b\nPärmen på expeditionen",
			true, &l, &n), SAMSYN_OK);
	CHECK_INT(n, 3);
	if (n != 3)
		return;
	CHECK_STR(l[0].title, "Frånvarorutinen");
	CHECK_STR(l[0].url, "https://demoby.example/a.pdf");
	CHECK_INT(l[0].line, 1);
	CHECK_STR(l[1].title, "http://demoby.example/b");
	CHECK_STR(l[1].url, "http://demoby.example/b");
	CHECK_INT(l[1].line, 3);
	CHECK_STR(l[2].title, "Pärmen på expeditionen");
	CHECK(l[2].url == NULL);
}

static void
test_a_colon_in_text_is_text(void)
{
	struct routine_link *l = NULL;
	int n = 0;

	CHECK_INT(parse("Obs: ring rektor först", true, &l, &n), SAMSYN_OK);
	CHECK_INT(n, 1);
	if (n == 1)
		CHECK(l[0].url == NULL);
}

static void
test_other_schemes_are_refused_when_saving(void)
{
	static const char *const bad[] = {
		"javascript:alert(1)", "Klicka | javascript:alert(1)", "JavaScript:x",
		"data:text/html,x", "file:///etc/passwd", "ftp://demoby.example/x",
		"https://", "https://demoby.example/a b",
	};
	struct routine_link *l = NULL;
	int n = 0;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int rc = parse(bad[i], true, &l, &n);

		if (rc != SAMSYN_EINVAL)
			fprintf(stderr, "%s: \"%s\" gave %d\n", test_current, bad[i], rc);
		CHECK_INT(rc, SAMSYN_EINVAL);
		/* Stored text read back is never a link. */
		CHECK_INT(parse(bad[i], false, &l, &n), SAMSYN_OK);
		for (int k = 0; k < n; k++)
			CHECK(l[k].url == NULL);
	}
}

static void
test_empty_field(void)
{
	struct routine_link *l = NULL;
	int n = -1;

	CHECK_INT(parse(NULL, true, &l, &n), SAMSYN_OK);
	CHECK_INT(n, 0);
	CHECK_INT(parse(" \n\n", true, &l, &n), SAMSYN_OK);
	CHECK_INT(n, 0);
}

static void
setup(void)
{
	arena_init(&arena);
}

static void
test_release(void)
{
	arena_release(&arena);
}

TEST_MAIN(T(setup), T(test_title_and_url), T(test_a_colon_in_text_is_text),
	  T(test_other_schemes_are_refused_when_saving), T(test_empty_field), T(test_release))
