/* plan_test.c - the when-column of the activity plan (domain/plan.c): dates, Swedish month
 * names, Vt and Ht with or without a year, and what is refused; and the parts of a
 * responsible text, which an import matches against the functions. */
#include <stdbool.h>

#include "domain/plan.h"
#include "test.h"
#include "util/arena.h"

static void
when(const char *text, bool ok, const char *term)
{
	const char *t = "unset";
	bool got = activity_parse_when(text, &t);

	if (got != ok)
		fprintf(stderr, "%s: \"%s\" parsed %s\n", test_current, text ? text : "(null)",
			got ? "ok" : "not ok");
	CHECK(got == ok);
	if (ok && term)
		CHECK_STR(t, term);
	if (ok && !term)
		CHECK(t == NULL);
}

static void
test_empty_is_no_time(void)
{
	when(NULL, true, NULL);
	when("", true, NULL);
	when("  ", true, NULL);
}

static void
test_dates_give_their_term(void)
{
	when("2015-02-10", true, "vt");
	when("2015-06-30", true, "vt");
	when("2015-07-01", true, "ht");
	when("2015-02-30", false, NULL);
}

static void
test_month_names_in_any_case(void)
{
	when("Februari", true, "vt");
	when("maj", true, "vt");
	when("SEPTEMBER", true, "ht");
	when("mars 2016", true, "vt");
	when("December.", true, "ht");
	when("Maj-juni", false, NULL);
	when("Smarch", false, NULL);
	when("feb", false, NULL);
}

static void
test_terms_with_and_without_year(void)
{
	when("Vt", true, "vt");
	when("ht", true, "ht");
	when("Ht 2016", true, "ht");
	when("Vt-16", true, "vt");
	when("vt16", true, "vt");
	when("Ht 201", false, NULL);
	when("Htx", false, NULL);
}

static void
test_term_words_in_any_case_with_and_without_year(void)
{
	when("vårtermin", true, "vt");
	when("Vårterminen", true, "vt");
	when("VÅRTERMINEN 2016", true, "vt");
	when("vårtermin-16", true, "vt");
	when("hösttermin", true, "ht");
	when("Höstterminen", true, "ht");
	when("HÖSTTERMIN 2016", true, "ht");
	when("höstterminen 16.", true, "ht");
	when("Vårterminerna", false, NULL);
	when("höstterminen 201", false, NULL);
	when("vårtermin x", false, NULL);
	when("hösten", false, NULL);
}

/* Splits text and checks the parts against want (NULL-terminated). */
static void
parts(const char *text, const char *const *want)
{
	struct arena a;
	const char **got;
	int n, k = 0;

	arena_init(&a);
	n = activity_responsible_parts(&a, text, &got);
	for (; want[k]; k++)
		if (k < n)
			CHECK_STR(got[k], want[k]);
	if (n != k)
		fprintf(stderr, "%s: \"%s\" gave %d parts\n", test_current,
			text ? text : "(null)", n);
	CHECK_INT(n, k);
	arena_release(&a);
}

static void
test_responsible_parts_split_at_comma_and_semicolon(void)
{
	parts("Socialchef, produktionschefer", (const char *const[]){"Socialchef",
								    "produktionschefer", NULL});
	parts("Rektor; Skolkurator,Elevcoach", (const char *const[]){"Rektor", "Skolkurator",
								    "Elevcoach", NULL});
	parts("Bitr produktionschef BoU och bitr sektionschef FBU",
	      (const char *const[]){"Bitr produktionschef BoU och bitr sektionschef FBU", NULL});
	parts("  Rektor \t;\n Skolsköterska\n", (const char *const[]){"Rektor", "Skolsköterska",
									  NULL});
}

static void
test_responsible_parts_leave_out_empty_ones(void)
{
	parts(NULL, (const char *const[]){NULL});
	parts("", (const char *const[]){NULL});
	parts(" , ;; ,", (const char *const[]){NULL});
	parts(",Rektor,,", (const char *const[]){"Rektor", NULL});
	parts(";", (const char *const[]){NULL});
}

TEST_MAIN(T(test_empty_is_no_time), T(test_dates_give_their_term),
	  T(test_month_names_in_any_case), T(test_terms_with_and_without_year),
	  T(test_term_words_in_any_case_with_and_without_year),
	  T(test_responsible_parts_split_at_comma_and_semicolon),
	  T(test_responsible_parts_leave_out_empty_ones))
