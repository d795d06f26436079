/* personnummer_test.c - parsing, century inference, check digit, age, display and the
 * free-text detector of util/personnummer.
 *
 * Every number of a person here is one of Skatteverket's test numbers (open data,
 * "Testpersonnummer", copied to tests/data/testpersonnummer.txt), or is derived from one where
 * a comment says so.  The few other numbers have dates that exist in no year, so they can
 * belong to nobody. */
#include <stdio.h>
#include <stdlib.h>

#include "test.h"
#include "util/err.h"
#include "util/personnummer.h"

/* A fixed today, so that the century of ten-digit numbers does not depend on the clock. */
#define TODAY "2026-11-26"
#define TEST_NUMBER_COUNT 41492

#define MSG_FORMAT "Ange personnumret som ÅÅÅÅMMDD-NNNN eller ÅÅMMDD-NNNN."
#define MSG_DATE "Datumet i personnumret finns inte."
#define MSG_FUTURE "Personnumret har ett födelsedatum i framtiden."
#define MSG_CHECK_DIGIT "Kontrollsiffran stämmer inte. Kontrollera personnumret."

/* Test numbers from the list, of many decades; the oldest two need '+' in ten digits. */
static const char *const sample_numbers[] = {
	"189001019802", "191001019809", "192701089167", "194401012390", "195401017966",
	"197601012391", "198501012382", "199801016685", "200001012384", "200601012396",
	"201201012380", "201811262391", "202401012394",
};
#define SAMPLE_COUNT (sizeof(sample_numbers) / sizeof(sample_numbers[0]))

static void check_parses_to(const char *text, const char *today, const char *digits);
static void check_rejected(const char *text, const char *today, const char *message);
static FILE *open_test_numbers(void);

static void
test_every_form_of_a_number_normalises_to_twelve_digits(void)
{
	for (size_t i = 0; i < SAMPLE_COUNT; i++) {
		const char *n = sample_numbers[i];
		char form[32];
		struct pnr p;
		struct err e;
		/* Born by 1926-11-26: 100 or older on TODAY. */
		char ten_separator = strncmp(n, "19261126", 8) <= 0 ? '+' : '-';

		check_parses_to(n, TODAY, n);
		snprintf(form, sizeof(form), "%.8s-%.4s", n, n + 8);
		check_parses_to(form, TODAY, n);
		snprintf(form, sizeof(form), "%.6s%c%.4s", n + 2, ten_separator, n + 8);
		check_parses_to(form, TODAY, n);
		if (ten_separator == '-') {
			snprintf(form, sizeof(form), "%.10s", n + 2);
			check_parses_to(form, TODAY, n);
		}
		CHECK_INT(pnr_parse(n, TODAY, &p, &e), SAMSYN_OK);
		CHECK_INT(p.kind, PNR_PERSONNUMMER);
	}
}

static void
test_parse_fills_in_the_birth_date(void)
{
	struct pnr p;
	struct err e;

	CHECK_INT(pnr_parse("850101-2382", TODAY, &p, &e), SAMSYN_OK);
	CHECK_STR(p.digits, "198501012382");
	CHECK_INT(p.year, 1985);
	CHECK_INT(p.month, 1);
	CHECK_INT(p.day, 1);
	CHECK_INT(p.kind, PNR_PERSONNUMMER);
}

static void
test_blanks_around_the_number_are_trimmed(void)
{
	check_parses_to("  120101-2380", TODAY, "201201012380");
	check_parses_to("120101-2380   ", TODAY, "201201012380");
	check_parses_to(" \t 201201012380 \t", TODAY, "201201012380");
	/* Blanks inside are not trimmed. */
	check_rejected("120101 -2380", TODAY, MSG_FORMAT);
	check_rejected("1201 01-2380", TODAY, MSG_FORMAT);
}

static void
test_ten_digits_get_the_latest_century_not_in_the_future(void)
{
	check_parses_to("241230-2396", TODAY, "202412302396");
	check_parses_to("181126-2391", TODAY, "201811262391");
	/* 2027-01-08 is after TODAY, so the century before. */
	check_parses_to("270108-9167", TODAY, "192701089167");
	check_parses_to("440101-2390", TODAY, "194401012390");
	/* 2000 was a leap year; 000229 lands there. */
	check_parses_to("000229-2399", TODAY, "200002292399");
}

static void
test_century_turns_on_the_birthday_itself(void)
{
	/* Born 2018-11-27: the day before, ten digits can only mean 1918; on the day, 2018. */
	check_parses_to("181127-2382", "2018-11-26", "191811272382");
	check_parses_to("181127-2382", "2018-11-27", "201811272382");
	check_parses_to("1811272382", "2018-11-27", "201811272382");
}

static void
test_plus_means_a_hundred_years_or_older(void)
{
	struct pnr p;
	struct err e;

	check_parses_to("100101+9809", TODAY, "191001019809");
	check_parses_to("900101+9802", TODAY, "189001019802");
	/* The same digits with '-' (or none) are someone born a century later. */
	check_parses_to("100101-9809", TODAY, "201001019809");
	check_parses_to("9001019802", TODAY, "199001019802");
	CHECK_INT(pnr_parse("100101+9809", TODAY, &p, &e), SAMSYN_OK);
	CHECK_INT(pnr_age_on(&p, TODAY), 116);
	/* '+' only belongs with two-digit years. */
	check_rejected("19100101+9809", TODAY, MSG_FORMAT);
}

static void
test_samordningsnummer_has_sixty_added_to_the_day(void)
{
	struct pnr p;
	struct err e;
	char shown[14];

	/* Not in Skatteverket's list: made from test number 201201012380 by adding 60 to the
	 * day (01 -> 61) and recomputing the check digit over 120161238 (-> 7). */
	CHECK(pnr_luhn_ok("1201612387"));
	CHECK_INT(pnr_parse("120161-2387", TODAY, &p, &e), SAMSYN_OK);
	CHECK_INT(p.kind, PNR_SAMORDNINGSNUMMER);
	CHECK_STR(p.digits, "201201612387");
	CHECK_INT(p.year, 2012);
	CHECK_INT(p.month, 1);
	CHECK_INT(p.day, 1);
	pnr_format(&p, shown);
	CHECK_STR(shown, "20120161-2387");
	check_parses_to("20120161-2387", TODAY, "201201612387");
	/* The original check digit does not fit the changed day. */
	check_rejected("120161-2380", TODAY, MSG_CHECK_DIGIT);
	/* Day 60 would be day 0; day 92 would be day 32 (invented, no such date). */
	check_rejected("120160-2388", TODAY, MSG_DATE);
	check_rejected("120192-2380", TODAY, MSG_DATE);
}

static void
test_wrong_check_digit_is_rejected(void)
{
	/* Test number 201201012380 with its last digit changed. */
	check_rejected("120101-2381", TODAY, MSG_CHECK_DIGIT);
	check_rejected("201201012389", TODAY, MSG_CHECK_DIGIT);
	/* Two neighbouring digits swapped (2380 -> 2830). */
	check_rejected("20120101-2830", TODAY, MSG_CHECK_DIGIT);
}

static void
test_impossible_dates_are_rejected(void)
{
	/* Invented numbers with a correct check digit, so only the date can be wrong; no year
	 * has these dates, so no one has these numbers. */
	check_rejected("260230-2388", TODAY, MSG_DATE);  /* 30 February */
	check_rejected("261301-2380", TODAY, MSG_DATE);  /* month 13 */
	check_rejected("230229-2384", TODAY, MSG_DATE);  /* 29 February, 2023 or 1923 */
	check_rejected("000001-2385", TODAY, MSG_DATE);  /* month 0 */
	check_rejected("260100-2385", TODAY, MSG_DATE);  /* day 0 */
	check_rejected("260132-2387", TODAY, MSG_DATE);  /* day 32 */
	check_rejected("20230229-2384", TODAY, MSG_DATE);
	/* Test number 200002292399 with '+' would be 1900-02-29, and 1900 was no leap year. */
	check_rejected("000229+2399", TODAY, MSG_DATE);
	/* Before personnummer could exist: a typing mistake, not a birth date. */
	check_rejected("17991231-2387", TODAY, MSG_DATE);
}

static void
test_future_birth_date_is_rejected(void)
{
	/* Test number 202412302396, checked on a day before its birth date. */
	check_rejected("20241230-2396", "2024-12-29", MSG_FUTURE);
	check_rejected("202412302396", "2024-12-29", MSG_FUTURE);
	check_parses_to("20241230-2396", "2024-12-30", "202412302396");
}

static void
test_letters_and_other_separators_are_rejected(void)
{
	check_rejected("12O101-2380", TODAY, MSG_FORMAT); /* letter O for zero */
	check_rejected("120101-238X", TODAY, MSG_FORMAT);
	check_rejected("120101/2380", TODAY, MSG_FORMAT);
	check_rejected("120101 2380", TODAY, MSG_FORMAT);
	check_rejected("120101_2380", TODAY, MSG_FORMAT);
	check_rejected("2012-01-01-2380", TODAY, MSG_FORMAT);
	check_rejected("+1201012380", TODAY, MSG_FORMAT);
	check_rejected("-120101238", TODAY, MSG_FORMAT);
	check_rejected("1201012-380", TODAY, MSG_FORMAT);
	check_rejected("12010123-80", TODAY, MSG_FORMAT);
	check_rejected("120101\xe2\x80\x93" "2380", TODAY, MSG_FORMAT); /* en dash */
	check_rejected("\xef\xbc\x91" "20101-2380", TODAY, MSG_FORMAT);  /* fullwidth 1 */
}

static void
test_wrong_length_is_rejected(void)
{
	check_rejected("12010-2380", TODAY, MSG_FORMAT);
	check_rejected("120101-238", TODAY, MSG_FORMAT);
	check_rejected("120101-23800", TODAY, MSG_FORMAT);
	check_rejected("12010123800", TODAY, MSG_FORMAT);
	check_rejected("120101238", TODAY, MSG_FORMAT);
	check_rejected("2012010123800", TODAY, MSG_FORMAT);
	check_rejected("20120101-23800", TODAY, MSG_FORMAT);
	check_rejected("1", TODAY, MSG_FORMAT);
}

static void
test_empty_and_blank_input_is_rejected(void)
{
	struct pnr p;
	struct err e;

	check_rejected("", TODAY, MSG_FORMAT);
	check_rejected("   ", TODAY, MSG_FORMAT);
	check_rejected("\t", TODAY, MSG_FORMAT);
	CHECK_INT(pnr_parse(NULL, TODAY, &p, &e), SAMSYN_EINVAL);
	CHECK_STR(e.field, "personnummer");
}

static void
test_nul_byte_ends_the_input(void)
{
	static const char with_nul[] = "120101\0-2380";
	static const char nul_then_more[] = "120101-2380\0" "0";

	check_rejected(with_nul, TODAY, MSG_FORMAT);
	/* What follows a NUL is not seen. */
	check_parses_to(nul_then_more, TODAY, "201201012380");
}

static void
test_failed_parse_leaves_the_result_alone(void)
{
	struct pnr p = {.digits = "unchanged", .year = -7};
	struct err e;

	CHECK_INT(pnr_parse("120101-2381", TODAY, &p, &e), SAMSYN_EINVAL);
	CHECK_STR(p.digits, "unchanged");
	CHECK_INT(p.year, -7);
	/* A NULL err is allowed. */
	CHECK_INT(pnr_parse("120101-2381", TODAY, &p, NULL), SAMSYN_EINVAL);
	CHECK_INT(pnr_parse("120101-2380", TODAY, &p, NULL), SAMSYN_OK);
}

static void
test_bad_today_is_the_callers_mistake(void)
{
	struct pnr p;
	struct err e;

	CHECK_INT(pnr_parse("120101-2380", "2026-02-30", &p, &e), SAMSYN_EINTERNAL);
	CHECK_INT(pnr_parse("120101-2380", "20261126", &p, &e), SAMSYN_EINTERNAL);
	CHECK_INT(pnr_parse("120101-2380", "2026-11-26 ", &p, &e), SAMSYN_EINTERNAL);
	CHECK_INT(pnr_parse("120101-2380", NULL, &p, &e), SAMSYN_EINTERNAL);
}

static void
test_error_messages_never_contain_the_number(void)
{
	static const char *const wrong[] = {
		"120101-2381", "260230-2388", "20241230-2396", "12O101-2380", "1201012",
	};
	struct pnr p;
	struct err e;

	for (size_t i = 0; i < sizeof(wrong) / sizeof(wrong[0]); i++) {
		err_clear(&e);
		pnr_parse(wrong[i], "2024-01-01", &p, &e);
		CHECK_INT(e.code, SAMSYN_EINVAL);
		CHECK_STR(e.field, "personnummer");
		CHECK(strpbrk(e.message, "0123456789") == NULL);
	}
}

static void
test_luhn_check_covers_ten_digits(void)
{
	CHECK(pnr_luhn_ok("1201012380"));
	CHECK(pnr_luhn_ok("9001019802"));
	CHECK(!pnr_luhn_ok("1201012381"));
	CHECK(!pnr_luhn_ok("1201012830"));
	CHECK(!pnr_luhn_ok("120101-238"));
	/* Exactly ten chars are read; no NUL is needed after them. */
	CHECK(pnr_luhn_ok((const char[10]){'1', '2', '0', '1', '0', '1', '2', '3', '8', '0'}));
}

static void
test_format_puts_a_dash_before_the_last_four(void)
{
	struct pnr p;
	struct err e;
	char shown[14];

	CHECK_INT(pnr_parse("9001019802", TODAY, &p, &e), SAMSYN_OK);
	pnr_format(&p, shown);
	CHECK_STR(shown, "19900101-9802");
	CHECK_INT(pnr_parse("900101+9802", TODAY, &p, &e), SAMSYN_OK);
	pnr_format(&p, shown);
	CHECK_STR(shown, "18900101-9802");
}

static void
test_age_goes_up_on_the_birthday_not_the_day_before(void)
{
	struct pnr p;
	struct err e;

	CHECK_INT(pnr_parse("181126-2391", TODAY, &p, &e), SAMSYN_OK);
	CHECK_INT(pnr_age_on(&p, "2026-11-25"), 7);
	CHECK_INT(pnr_age_on(&p, "2026-11-26"), 8);
	CHECK_INT(pnr_age_on(&p, "2018-11-26"), 0);
	CHECK_INT(pnr_age_on(&p, "2018-11-25"), -1);
	CHECK_INT(pnr_age_on(&p, "2026-11-31"), -1);
	CHECK_INT(pnr_age_on(&p, "26-11-26"), -1);
	CHECK_INT(pnr_parse("440101-2390", TODAY, &p, &e), SAMSYN_OK);
	CHECK_INT(pnr_age_on(&p, "2025-12-31"), 81);
	CHECK_INT(pnr_age_on(&p, "2026-01-01"), 82);
}

static void
test_leap_day_birthday_comes_on_first_of_march(void)
{
	struct pnr p;
	struct err e;

	CHECK_INT(pnr_parse("20000229-2399", TODAY, &p, &e), SAMSYN_OK);
	CHECK_INT(pnr_age_on(&p, "2001-02-28"), 0);
	CHECK_INT(pnr_age_on(&p, "2001-03-01"), 1);
	CHECK_INT(pnr_age_on(&p, "2004-02-28"), 3);
	CHECK_INT(pnr_age_on(&p, "2004-02-29"), 4);
}

static void
test_looks_like_finds_a_number_in_a_sentence(void)
{
	static const char *const texts[] = {
		"Mötet gällde eleven 120101-2380 i klass 3B.",
		"Barnet (201201012380) har flyttat.",
		"Pnr:20120101-2380, vårdnadshavare närvarande.",
		"1201012380",
		"Äldre anhörig 900101+9802 kontaktades.",
		"Samordningsnummer 120161-2387 enligt Migrationsverket.", /* made above */
		"slut på raden: 850101-2382",
		"850101-2382 i början",
	};

	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		if (!pnr_looks_like(texts[i], strlen(texts[i])))
			fprintf(stderr, "not found in: %s\n", texts[i]);
		CHECK(pnr_looks_like(texts[i], strlen(texts[i])));
	}
}

static void
test_looks_like_ignores_text_without_a_number(void)
{
	static const char *const texts[] = {
		"",
		"Mötet hölls 2026-11-26 kl. 14.00 i sal 3.",
		"Ring 070-123 45 67 eller 08-123 456 78.",
		"Fakturan på 12 345,00 kr betalades 20261126.",
		"Fel kontrollsiffra: 120101-2381.",
		"Kortnummer 4012011201012380 syns inte som personnummer.", /* 16 digits */
		"För långt: 1201012380123 och 120101-23801.",
		"Omöjligt datum 260230-2388 och 261301-2380.",
		"Mellanslag 120101 2380 räknas inte.",
		"Året 1799: 17991231-2387.",
	};

	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		if (pnr_looks_like(texts[i], strlen(texts[i])))
			fprintf(stderr, "found in: %s\n", texts[i]);
		CHECK(!pnr_looks_like(texts[i], strlen(texts[i])));
	}
	CHECK(!pnr_looks_like(NULL, 0));
}

static void
test_looks_like_reads_only_n_bytes_and_past_nul(void)
{
	static const char text[] = "Nr 120101-2380 här";
	static const char after_nul[] = "text\0" "120101-2380";

	CHECK(pnr_looks_like(text, strlen(text)));
	CHECK(!pnr_looks_like(text, 13)); /* cut before the last digit */
	CHECK(pnr_looks_like(text, 14));
	CHECK(pnr_looks_like(after_nul, sizeof(after_nul) - 1));
}

/* All of Skatteverket's test numbers, twelve digits as listed and again in ten digits with
 * the separator that a person of that age writes. */
static void
test_every_skatteverket_test_number_parses(void)
{
	FILE *f = open_test_numbers();
	char line[64];
	long count = 0, failed = 0;

	CHECK(f != NULL);
	if (f == NULL)
		return;
	while (fgets(line, sizeof(line), f) != NULL) {
		char ten[16], shown[14];
		struct pnr p, q;
		struct err e;
		bool ok;

		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '\0')
			continue;
		count++;
		err_clear(&e);
		ok = pnr_parse(line, TODAY, &p, &e) == SAMSYN_OK && strcmp(p.digits, line) == 0 &&
		     p.kind == PNR_PERSONNUMMER;
		if (ok) {
			snprintf(ten, sizeof(ten), "%.6s%c%.4s", line + 2,
				 pnr_age_on(&p, TODAY) >= 100 ? '+' : '-', line + 8);
			pnr_format(&p, shown);
			ok = pnr_parse(ten, TODAY, &q, &e) == SAMSYN_OK &&
			     strcmp(q.digits, line) == 0 &&
			     pnr_parse(shown, TODAY, &q, &e) == SAMSYN_OK &&
			     strcmp(q.digits, line) == 0 && pnr_looks_like(ten, strlen(ten));
		}
		if (!ok && failed++ < 10)
			fprintf(stderr, "test number %s: %s\n", line, e.message);
	}
	fclose(f);
	CHECK_INT(failed, 0);
	CHECK_INT(count, TEST_NUMBER_COUNT);
}

TEST_MAIN(T(test_every_form_of_a_number_normalises_to_twelve_digits),
	  T(test_parse_fills_in_the_birth_date),
	  T(test_blanks_around_the_number_are_trimmed),
	  T(test_ten_digits_get_the_latest_century_not_in_the_future),
	  T(test_century_turns_on_the_birthday_itself),
	  T(test_plus_means_a_hundred_years_or_older),
	  T(test_samordningsnummer_has_sixty_added_to_the_day),
	  T(test_wrong_check_digit_is_rejected),
	  T(test_impossible_dates_are_rejected),
	  T(test_future_birth_date_is_rejected),
	  T(test_letters_and_other_separators_are_rejected),
	  T(test_wrong_length_is_rejected),
	  T(test_empty_and_blank_input_is_rejected),
	  T(test_nul_byte_ends_the_input),
	  T(test_failed_parse_leaves_the_result_alone),
	  T(test_bad_today_is_the_callers_mistake),
	  T(test_error_messages_never_contain_the_number),
	  T(test_luhn_check_covers_ten_digits),
	  T(test_format_puts_a_dash_before_the_last_four),
	  T(test_age_goes_up_on_the_birthday_not_the_day_before),
	  T(test_leap_day_birthday_comes_on_first_of_march),
	  T(test_looks_like_finds_a_number_in_a_sentence),
	  T(test_looks_like_ignores_text_without_a_number),
	  T(test_looks_like_reads_only_n_bytes_and_past_nul),
	  T(test_every_skatteverket_test_number_parses))

static void
check_parses_to(const char *text, const char *today, const char *digits)
{
	struct pnr p;
	struct err e;
	int rc;

	err_clear(&e);
	rc = pnr_parse(text, today, &p, &e);
	if (rc != SAMSYN_OK) {
		fprintf(stderr, "\"%s\" on %s: %s\n", text, today, e.message);
		CHECK_INT(rc, SAMSYN_OK);
		return;
	}
	CHECK_STR(p.digits, digits);
}

static void
check_rejected(const char *text, const char *today, const char *message)
{
	struct pnr p;
	struct err e;

	err_clear(&e);
	if (pnr_parse(text, today, &p, &e) == SAMSYN_OK)
		fprintf(stderr, "\"%s\" on %s was accepted\n", text, today);
	CHECK_INT(e.code, SAMSYN_EINVAL);
	CHECK_STR(e.field, "personnummer");
	CHECK_STR(e.message, message);
}

/* The list is in tests/data (see its README).  Returns NULL after saying where it looked. */
static FILE *
open_test_numbers(void)
{
	/* tests/data/ beside this file's folder; __FILE__ is the path the compiler was given,
	 * relative to the build directory meson test runs in. */
	const char *slash = strrchr(__FILE__, '/');
	int dir_len = slash != NULL ? (int)(slash - __FILE__) : 1;
	const char *dir = slash != NULL ? __FILE__ : ".";
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%.*s/../data/testpersonnummer.txt", dir_len, dir);
	if ((f = fopen(path, "r")) == NULL)
		fprintf(stderr, "%s: cannot open Skatteverket's test numbers at %s\n", test_current,
			path);
	return f;
}
