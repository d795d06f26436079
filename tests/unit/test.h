/* test.h - a small harness: TEST(name) functions registered in a table, CHECK macros
 * that report file and line, one summary line per binary. */
#ifndef SAMSYN_TEST_H
#define SAMSYN_TEST_H

#include <stdio.h>
#include <string.h>

static int test_failures;
static const char *test_current;

#define CHECK(cond)                                                                       \
	do {                                                                               \
		if (!(cond)) {                                                             \
			fprintf(stderr, "%s:%d: %s: CHECK(%s) failed\n", __FILE__, __LINE__,   \
				test_current, #cond);                                      \
			test_failures++;                                                   \
		}                                                                          \
	} while (0)

#define CHECK_STR(a, b)                                                                   \
	do {                                                                               \
		const char *a_ = (a), *b_ = (b);                                           \
		if (a_ == NULL || b_ == NULL || strcmp(a_, b_) != 0) {                     \
			fprintf(stderr, "%s:%d: %s: \"%s\" != \"%s\"\n", __FILE__, __LINE__,   \
				test_current, a_ ? a_ : "(null)", b_ ? b_ : "(null)");     \
			test_failures++;                                                   \
		}                                                                          \
	} while (0)

#define CHECK_INT(a, b)                                                                   \
	do {                                                                               \
		long long a_ = (long long)(a), b_ = (long long)(b);                        \
		if (a_ != b_) {                                                            \
			fprintf(stderr, "%s:%d: %s: %s == %lld, expected %lld\n", __FILE__,    \
				__LINE__, test_current, #a, a_, b_);                       \
			test_failures++;                                                   \
		}                                                                          \
	} while (0)

struct test_case {
	const char *name;
	void (*fn)(void);
};

#define TEST_MAIN(...)                                                                    \
	int main(void)                                                                     \
	{                                                                                  \
		static const struct test_case cases[] = {__VA_ARGS__};                     \
		size_t n = sizeof(cases) / sizeof(cases[0]);                               \
		int failed_cases = 0;                                                      \
		for (size_t i = 0; i < n; i++) {                                           \
			int before = test_failures;                                        \
			test_current = cases[i].name;                                      \
			cases[i].fn();                                                     \
			if (test_failures != before)                                       \
				failed_cases++;                                            \
			printf("%s %s\n", test_failures != before ? "FAIL" : "ok  ",        \
			       cases[i].name);                                             \
		}                                                                          \
		printf("%zu passed, %d failed\n", n - (size_t)failed_cases, failed_cases);   \
		return failed_cases ? 1 : 0;                                               \
	}

#define T(fn) {#fn, fn}

#endif
