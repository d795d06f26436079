/* calendar_test.c - Swedish calendar days, public holidays and working days for deadlines.
 *
 * The Easter Sundays in test_easter_sunday_for_known_years were checked outside this code
 * with python-dateutil 2.9.0 (dateutil.easter.easter(year, EASTER_WESTERN)), which uses
 * Oudin's algorithm, not the anonymous Gregorian one in calendar.c.  The same algorithm is
 * written out again here (easter_oudin) so that the two are compared for 1900-2200 on every
 * run. */
#include <stdbool.h>
#include <time.h>

#include "test.h"
#include "util/calendar.h"
#include "util/timeutil.h"

static struct cal_date
day(const char *ymd)
{
	struct cal_date d = {0, 0, 0};

	if (!cal_parse(ymd, &d))
		fprintf(stderr, "%s: test date %s does not parse\n", test_current, ymd);
	return d;
}

static const char *
fmt(struct cal_date d, char out[CAL_DATE_LEN])
{
	cal_format(d, out);
	return out;
}

static const char *
holiday(const char *ymd)
{
	const char *name = "(unset)";

	if (!cal_is_public_holiday(day(ymd), &name))
		return name == NULL ? "(none)" : "(returned false but set a name)";
	return name;
}

static bool
working(const char *ymd)
{
	return cal_is_working_day(day(ymd));
}

/* Easter Sunday by Oudin's algorithm (1940), independent of calendar.c's. */
static struct cal_date
easter_oudin(int y)
{
	int g = y % 19, c = y / 100;
	int h = (c - c / 4 - (8 * c + 13) / 25 + 19 * g + 15) % 30;
	int i = h - (h / 28) * (1 - (h / 28) * (29 / (h + 1)) * ((21 - g) / 11));
	int j = (y + y / 4 + i + 2 - c + c / 4) % 7;
	int p = i - j;
	struct cal_date d = {y, 3 + (p + 26) / 30, 1 + (p + 27 + (p + 6) / 40) % 31};

	return d;
}

static void
test_setup_stockholm_time(void)
{
	time_init();
}

static void
test_parse_accepts_only_real_days_written_yyyy_mm_dd(void)
{
	struct cal_date d = {1, 2, 3};

	CHECK(cal_parse("2024-02-29", &d));
	CHECK_INT(d.year, 2024);
	CHECK_INT(d.month, 2);
	CHECK_INT(d.day, 29);
	CHECK(cal_parse("0001-01-01", &d));
	CHECK(cal_parse("9999-12-31", &d));
	d = (struct cal_date){1, 2, 3};
	CHECK(!cal_parse("2023-02-29", &d));
	CHECK(!cal_parse("2100-02-29", &d)); /* not a leap year: divisible by 100 */
	CHECK(cal_parse("2000-02-29", &d));  /* a leap year: divisible by 400 */
	d = (struct cal_date){1, 2, 3};
	CHECK(!cal_parse("2026-04-31", &d));
	CHECK(!cal_parse("2026-13-01", &d));
	CHECK(!cal_parse("2026-00-10", &d));
	CHECK(!cal_parse("2026-01-00", &d));
	CHECK(!cal_parse("0000-01-01", &d));
	CHECK(!cal_parse("2026-1-01", &d));
	CHECK(!cal_parse("26-01-01", &d));
	CHECK(!cal_parse("2026-01-01 ", &d));
	CHECK(!cal_parse(" 2026-01-01", &d));
	CHECK(!cal_parse("2026/01/01", &d));
	CHECK(!cal_parse("2026-01-0a", &d));
	CHECK(!cal_parse("+026-01-01", &d));
	CHECK(!cal_parse("", &d));
	CHECK(!cal_parse(NULL, &d));
	/* A refused string leaves the output alone. */
	CHECK_INT(d.year, 1);
	CHECK_INT(d.month, 2);
	CHECK_INT(d.day, 3);
}

static void
test_format_writes_yyyy_mm_dd_and_round_trips(void)
{
	char out[CAL_DATE_LEN];

	CHECK_STR(fmt(day("2026-06-19"), out), "2026-06-19");
	CHECK_STR(fmt(day("0001-01-01"), out), "0001-01-01");
	CHECK_STR(fmt(day("9999-12-31"), out), "9999-12-31");
	CHECK_STR(fmt((struct cal_date){987, 3, 4}, out), "0987-03-04");
	/* Past the last representable day the output is a marker cal_parse refuses. */
	CHECK_STR(fmt(cal_add_days(day("9999-12-31"), 1), out), "0000-00-00");
	CHECK_STR(fmt((struct cal_date){2026, 2, 30}, out), "0000-00-00");
}

static void
test_compare_orders_by_year_then_month_then_day(void)
{
	CHECK_INT(cal_compare(day("2026-01-31"), day("2026-02-01")), -1);
	CHECK_INT(cal_compare(day("2026-02-01"), day("2026-01-31")), 1);
	CHECK_INT(cal_compare(day("2025-12-31"), day("2026-01-01")), -1);
	CHECK_INT(cal_compare(day("2026-03-10"), day("2026-03-09")), 1);
	CHECK_INT(cal_compare(day("2026-03-10"), day("2026-03-10")), 0);
}

static void
test_weekday_is_1_for_monday_to_7_for_sunday(void)
{
	CHECK_INT(cal_weekday(day("2026-01-05")), 1);
	CHECK_INT(cal_weekday(day("2026-01-06")), 2);
	CHECK_INT(cal_weekday(day("2026-01-07")), 3);
	CHECK_INT(cal_weekday(day("2026-01-08")), 4);
	CHECK_INT(cal_weekday(day("2026-01-09")), 5);
	CHECK_INT(cal_weekday(day("2026-01-10")), 6);
	CHECK_INT(cal_weekday(day("2026-01-11")), 7);
	CHECK_INT(cal_weekday(day("1970-01-01")), 4);
	CHECK_INT(cal_weekday(day("1969-12-31")), 3);
	CHECK_INT(cal_weekday(day("1900-01-01")), 1);
	CHECK_INT(cal_weekday(day("2000-02-29")), 2);
	CHECK_INT(cal_weekday(day("0001-01-01")), 1);
	CHECK_INT(cal_weekday(day("9999-12-31")), 5);
}

static void
test_add_days_crosses_months_years_and_leap_days(void)
{
	char out[CAL_DATE_LEN];

	CHECK_STR(fmt(cal_add_days(day("2026-01-31"), 1), out), "2026-02-01");
	CHECK_STR(fmt(cal_add_days(day("2025-12-31"), 1), out), "2026-01-01");
	CHECK_STR(fmt(cal_add_days(day("2024-02-28"), 1), out), "2024-02-29");
	CHECK_STR(fmt(cal_add_days(day("2023-02-28"), 1), out), "2023-03-01");
	CHECK_STR(fmt(cal_add_days(day("2026-03-01"), -1), out), "2026-02-28");
	CHECK_STR(fmt(cal_add_days(day("2026-01-01"), -1), out), "2025-12-31");
	CHECK_STR(fmt(cal_add_days(day("2026-05-05"), 0), out), "2026-05-05");
	/* The pre-assessment's 14 days from receipt. */
	CHECK_STR(fmt(cal_add_days(day("2026-12-20"), 14), out), "2027-01-03");
	CHECK_STR(fmt(cal_add_days(day("1970-01-01"), -1), out), "1969-12-31");
	CHECK_STR(fmt(cal_add_days(day("2000-01-01"), 366), out), "2001-01-01");
	CHECK_STR(fmt(cal_add_days(day("1900-01-01"), 365), out), "1901-01-01");
}

static void
test_days_between_counts_calendar_days_across_summer_time_changes(void)
{
	/* 29 March 2026 has 23 hours in Stockholm and 25 October 2026 has 25; a date is not a
	 * time, so the count is still 2 across each. */
	CHECK_INT(cal_days_between(day("2026-03-28"), day("2026-03-30")), 2);
	CHECK_INT(cal_days_between(day("2026-10-24"), day("2026-10-26")), 2);
	CHECK_INT(cal_days_between(day("2026-03-01"), day("2026-11-01")), 245);
	CHECK_INT(cal_days_between(day("2026-11-01"), day("2026-03-01")), -245);
	CHECK_INT(cal_days_between(day("2026-07-01"), day("2026-07-01")), 0);
	CHECK_INT(cal_days_between(day("2024-01-01"), day("2025-01-01")), 366);
	CHECK_INT(cal_days_between(day("2025-01-01"), day("2026-01-01")), 365);
	CHECK_INT(cal_days_between(day("0001-01-01"), day("9999-12-31")), 3652058);
	for (int n = -800; n <= 800; n += 37)
		CHECK_INT(cal_days_between(day("2026-02-14"), cal_add_days(day("2026-02-14"), n)),
		          n);
}

static void
test_add_months_keeps_the_day_or_ends_on_the_months_last_day(void)
{
	char out[CAL_DATE_LEN];

	/* "Completed within four months" of opening. */
	CHECK_STR(fmt(cal_add_months(day("2026-03-15"), 4), out), "2026-07-15");
	CHECK_STR(fmt(cal_add_months(day("2025-10-31"), 4), out), "2026-02-28");
	CHECK_STR(fmt(cal_add_months(day("2023-10-31"), 4), out), "2024-02-29");
	CHECK_STR(fmt(cal_add_months(day("2024-01-31"), 1), out), "2024-02-29");
	CHECK_STR(fmt(cal_add_months(day("2025-01-31"), 1), out), "2025-02-28");
	CHECK_STR(fmt(cal_add_months(day("2100-01-31"), 1), out), "2100-02-28");
	CHECK_STR(fmt(cal_add_months(day("2000-01-31"), 1), out), "2000-02-29");
	CHECK_STR(fmt(cal_add_months(day("2024-02-29"), 12), out), "2025-02-28");
	CHECK_STR(fmt(cal_add_months(day("2024-02-29"), 48), out), "2028-02-29");
	CHECK_STR(fmt(cal_add_months(day("2026-05-31"), 4), out), "2026-09-30");
	CHECK_STR(fmt(cal_add_months(day("2026-08-31"), 4), out), "2026-12-31");
	CHECK_STR(fmt(cal_add_months(day("2026-09-30"), 4), out), "2027-01-30");
	CHECK_STR(fmt(cal_add_months(day("2026-12-15"), 1), out), "2027-01-15");
	CHECK_STR(fmt(cal_add_months(day("2026-01-15"), 0), out), "2026-01-15");
	CHECK_STR(fmt(cal_add_months(day("2026-03-31"), -1), out), "2026-02-28");
	CHECK_STR(fmt(cal_add_months(day("2026-01-15"), -1), out), "2025-12-15");
	CHECK_STR(fmt(cal_add_months(day("2026-01-15"), -13), out), "2024-12-15");
	CHECK_STR(fmt(cal_add_months(day("2026-01-15"), 24), out), "2028-01-15");
}

static void
test_easter_sunday_for_known_years(void)
{
	static const struct {
		int year;
		const char *easter;
	} known[] = {
	    {2024, "2024-03-31"}, {2025, "2025-04-20"}, {2026, "2026-04-05"}, {2027, "2027-03-28"},
	    {2038, "2038-04-25"}, {2000, "2000-04-23"}, {1943, "1943-04-25"}, {2008, "2008-03-23"},
	    {2285, "2285-03-22"}, {1900, "1900-04-15"}, {2200, "2200-04-06"},
	};
	char out[CAL_DATE_LEN];

	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		CHECK_STR(fmt(cal_easter_sunday(known[i].year), out), known[i].easter);
		CHECK_STR(holiday(known[i].easter), "Påskdagen");
	}
}

static void
test_easter_agrees_with_oudins_algorithm_from_1900_to_2200(void)
{
	char got[CAL_DATE_LEN], want[CAL_DATE_LEN];

	for (int y = 1900; y <= 2200; y++) {
		struct cal_date e = cal_easter_sunday(y);

		CHECK_STR(fmt(e, got), fmt(easter_oudin(y), want));
		CHECK_INT(cal_weekday(e), 7);
		/* Påskdagen lies between 22 March and 25 April. */
		CHECK(cal_compare(e, (struct cal_date){y, 3, 22}) >= 0);
		CHECK(cal_compare(e, (struct cal_date){y, 4, 25}) <= 0);
	}
}

static void
test_every_public_holiday_of_2026_by_name(void)
{
	static const struct {
		const char *date, *name;
	} expected[] = {
	    {"2026-01-01", "Nyårsdagen"},
	    {"2026-01-06", "Trettondedag jul"},
	    {"2026-04-03", "Långfredagen"},
	    {"2026-04-05", "Påskdagen"},
	    {"2026-04-06", "Annandag påsk"},
	    {"2026-05-01", "Första maj"},
	    {"2026-05-14", "Kristi himmelsfärdsdag"},
	    {"2026-05-24", "Pingstdagen"},
	    {"2026-06-06", "Nationaldagen"},
	    {"2026-06-20", "Midsommardagen"},
	    {"2026-10-31", "Alla helgons dag"},
	    {"2026-12-25", "Juldagen"},
	    {"2026-12-26", "Annandag jul"},
	};
	size_t n = sizeof(expected) / sizeof(expected[0]), found = 0;
	char out[CAL_DATE_LEN];

	for (size_t i = 0; i < n; i++)
		CHECK_STR(holiday(expected[i].date), expected[i].name);
	/* And no other day of the year is one. */
	for (struct cal_date d = day("2026-01-01"); d.year == 2026; d = cal_add_days(d, 1)) {
		const char *name;

		if (!cal_is_public_holiday(d, &name))
			continue;
		CHECK(found < n);
		if (found < n)
			CHECK_STR(fmt(d, out), expected[found].date);
		found++;
	}
	CHECK_INT(found, n);
	/* The name is optional. */
	CHECK(cal_is_public_holiday(day("2026-12-25"), NULL));
	CHECK(!cal_is_public_holiday(day("2026-12-27"), NULL));
}

static void
test_a_day_that_is_two_holidays_gets_the_fixed_ones_name(void)
{
	/* Easter 2008 was 23 March, so Kristi himmelsfärdsdag fell on 1 May. */
	CHECK_STR(holiday("2008-05-01"), "Första maj");
	/* Easter 2049 is 18 April, so Pingstdagen falls on 6 June. */
	CHECK_STR(holiday("2049-06-06"), "Nationaldagen");
	CHECK(!working("2008-05-01"));
}

static void
test_moving_feasts_follow_easter(void)
{
	/* Easter 2038 is 25 April, the latest possible: Pingstdagen is 13 June. */
	CHECK_STR(holiday("2038-04-23"), "Långfredagen");
	CHECK_STR(holiday("2038-04-26"), "Annandag påsk");
	CHECK_STR(holiday("2038-06-03"), "Kristi himmelsfärdsdag");
	CHECK_STR(holiday("2038-06-13"), "Pingstdagen");
	/* Easter 2285 is 22 March, the earliest possible. */
	CHECK_STR(holiday("2285-03-20"), "Långfredagen");
	CHECK_STR(holiday("2285-04-30"), "Kristi himmelsfärdsdag");
	/* Annandag pingst stopped being a holiday in 2005; Skärtorsdagen never was one. */
	CHECK_STR(holiday("2026-05-25"), "(none)");
	CHECK(working("2026-05-25"));
	CHECK_STR(holiday("2026-04-02"), "(none)");
	CHECK(working("2026-04-02"));
}

static void
test_midsummer_day_is_the_saturday_from_20_to_26_june(void)
{
	/* Earliest and latest possible days, and years between. */
	CHECK_STR(holiday("2015-06-20"), "Midsommardagen");
	CHECK_STR(holiday("2020-06-20"), "Midsommardagen");
	CHECK_STR(holiday("2021-06-26"), "Midsommardagen");
	CHECK_STR(holiday("2027-06-26"), "Midsommardagen");
	CHECK_STR(holiday("2025-06-21"), "Midsommardagen");
	CHECK_STR(holiday("2024-06-22"), "Midsommardagen");
	CHECK_STR(holiday("2023-06-24"), "Midsommardagen");
	CHECK_STR(holiday("2022-06-25"), "Midsommardagen");
	/* Saturdays just outside the window are ordinary Saturdays. */
	CHECK_STR(holiday("2015-06-27"), "(none)");
	CHECK_STR(holiday("2021-06-19"), "(none)");
	CHECK_STR(holiday("2026-06-27"), "(none)");
	/* The 20th on another weekday is no holiday. */
	CHECK_STR(holiday("2026-06-21"), "(none)");
	CHECK_STR(holiday("2025-06-20"), "(none)");
}

static void
test_midsummer_eve_is_the_friday_from_19_to_25_june_and_not_a_working_day(void)
{
	CHECK(!working("2015-06-19"));
	CHECK(!working("2021-06-25"));
	CHECK(!working("2025-06-20"));
	CHECK(!working("2026-06-19"));
	/* It is not an allmän helgdag itself. */
	CHECK_STR(holiday("2026-06-19"), "(none)");
	/* Fridays just outside the window are working days. */
	CHECK(working("2015-06-26"));
	CHECK(working("2021-06-18"));
	CHECK(working("2026-06-26"));
}

static void
test_all_saints_day_is_the_saturday_from_31_october_to_6_november(void)
{
	CHECK_STR(holiday("2015-10-31"), "Alla helgons dag");
	CHECK_STR(holiday("2020-10-31"), "Alla helgons dag");
	CHECK_STR(holiday("2026-10-31"), "Alla helgons dag");
	CHECK_STR(holiday("2021-11-06"), "Alla helgons dag");
	CHECK_STR(holiday("2027-11-06"), "Alla helgons dag");
	CHECK_STR(holiday("2025-11-01"), "Alla helgons dag");
	CHECK_STR(holiday("2024-11-02"), "Alla helgons dag");
	/* Saturdays just outside the window. */
	CHECK_STR(holiday("2021-10-30"), "(none)");
	CHECK_STR(holiday("2026-11-07"), "(none)");
	CHECK_STR(holiday("2015-11-07"), "(none)");
	/* Alla helgons afton is an ordinary Friday. */
	CHECK(working("2026-10-30"));
	CHECK(working("2025-10-31"));
}

static void
test_christmas_eve_and_new_years_eve_are_not_working_days(void)
{
	CHECK(!working("2026-12-24")); /* Thursday */
	CHECK(!working("2026-12-31")); /* Thursday */
	CHECK(!working("2025-12-24")); /* Wednesday */
	CHECK_STR(holiday("2026-12-24"), "(none)");
	CHECK_STR(holiday("2026-12-31"), "(none)");
	/* Other eves are ordinary days. */
	CHECK(working("2026-01-05")); /* trettondagsafton */
	CHECK(working("2026-04-30")); /* valborgsmässoafton */
	CHECK(working("2026-12-23"));
	CHECK(working("2026-12-30"));
}

static void
test_weekends_are_not_working_days_and_ordinary_sundays_have_no_name(void)
{
	CHECK(!working("2026-03-07")); /* Saturday */
	CHECK(!working("2026-03-08")); /* Sunday */
	CHECK_STR(holiday("2026-03-08"), "(none)");
	CHECK(working("2026-03-09"));
	CHECK(working("2026-03-06"));
}

static void
test_next_working_day_across_easter(void)
{
	char out[CAL_DATE_LEN];

	/* Skärtorsdagen 2 April 2026: Långfredagen to Annandag påsk are all off. */
	CHECK_STR(fmt(cal_next_working_day(day("2026-04-02")), out), "2026-04-07");
	CHECK_STR(fmt(cal_next_working_day(day("2026-04-03")), out), "2026-04-07");
	CHECK_STR(fmt(cal_next_working_day(day("2026-04-06")), out), "2026-04-07");
}

static void
test_next_working_day_across_midsummer(void)
{
	char out[CAL_DATE_LEN];

	/* 19 June 2026 is midsommarafton and the 20th midsommardagen. */
	CHECK_STR(fmt(cal_next_working_day(day("2026-06-18")), out), "2026-06-22");
}

static void
test_next_working_day_across_christmas_and_new_year(void)
{
	char out[CAL_DATE_LEN];

	/* 2026: julafton Thursday, juldagen Friday, annandag jul Saturday. */
	CHECK_STR(fmt(cal_next_working_day(day("2026-12-23")), out), "2026-12-28");
	/* Nyårsafton Thursday, nyårsdagen Friday. */
	CHECK_STR(fmt(cal_next_working_day(day("2026-12-30")), out), "2027-01-04");
	/* 2027: julafton Friday, juldagen Saturday, annandag jul Sunday. */
	CHECK_STR(fmt(cal_next_working_day(day("2027-12-23")), out), "2027-12-27");
	/* 2022: julafton Saturday, annandag jul Monday. */
	CHECK_STR(fmt(cal_next_working_day(day("2022-12-23")), out), "2022-12-27");
	/* Trettondedag jul, Tuesday 6 January 2026. */
	CHECK_STR(fmt(cal_next_working_day(day("2026-01-05")), out), "2026-01-07");
}

static void
test_next_working_day_is_strictly_after_a_working_day(void)
{
	char out[CAL_DATE_LEN];

	CHECK_STR(fmt(cal_next_working_day(day("2026-03-10")), out), "2026-03-11");
	CHECK_STR(fmt(cal_next_working_day(day("2026-03-13")), out), "2026-03-16");
}

static void
test_deadline_on_a_saturday_moves_to_monday(void)
{
	char out[CAL_DATE_LEN];

	CHECK_STR(fmt(cal_deadline(day("2026-03-14")), out), "2026-03-16");
	CHECK_STR(fmt(cal_deadline(day("2026-03-15")), out), "2026-03-16");
}

static void
test_deadline_on_a_working_day_stays(void)
{
	char out[CAL_DATE_LEN];

	CHECK_STR(fmt(cal_deadline(day("2026-03-16")), out), "2026-03-16");
	CHECK_STR(fmt(cal_deadline(day("2026-12-23")), out), "2026-12-23");
}

static void
test_deadline_on_a_holiday_or_eve_moves_to_the_next_working_day(void)
{
	char out[CAL_DATE_LEN];

	CHECK_STR(fmt(cal_deadline(day("2026-04-03")), out), "2026-04-07");
	CHECK_STR(fmt(cal_deadline(day("2026-06-19")), out), "2026-06-22");
	CHECK_STR(fmt(cal_deadline(day("2026-12-24")), out), "2026-12-28");
	CHECK_STR(fmt(cal_deadline(day("2026-12-31")), out), "2027-01-04");
	CHECK_STR(fmt(cal_deadline(day("2026-05-01")), out), "2026-05-04");
	CHECK_STR(fmt(cal_deadline(day("2026-05-14")), out), "2026-05-15");
	/* Four months from 31 October 2025 end on Saturday 28 February 2026, moved to Monday. */
	CHECK_STR(fmt(cal_deadline(cal_add_months(day("2025-10-31"), 4)), out), "2026-03-02");
}

static void
test_next_working_day_across_a_christmas_from_monday_to_wednesday(void)
{
	char out[CAL_DATE_LEN];

	/* 2029: julafton Monday, so Saturday 22 to Wednesday 26 December are all off. */
	CHECK_STR(fmt(cal_next_working_day(day("2029-12-21")), out), "2029-12-27");
	/* 2031: julafton Wednesday, then Thursday, Friday and the weekend. */
	CHECK_STR(fmt(cal_next_working_day(day("2031-12-23")), out), "2031-12-29");
}

static void
test_no_run_of_non_working_days_is_longer_than_five_from_1900_to_2200(void)
{
	int run = 0, longest = 0;

	for (struct cal_date d = day("1900-01-01"); d.year <= 2200; d = cal_add_days(d, 1)) {
		run = cal_is_working_day(d) ? 0 : run + 1;
		if (run > longest)
			longest = run;
	}
	CHECK_INT(longest, 5);
}

static void
test_date_of_a_moment_is_its_stockholm_day(void)
{
	struct cal_date d;
	char out[CAL_DATE_LEN];
	time_t t;

	/* 2026-06-30 23:30 UTC is 01:30 on 1 July in summer time (UTC+2). */
	CHECK(time_iso_to_unix("2026-06-30T23:30:00Z", &t));
	cal_date_of(t, &d);
	CHECK_STR(fmt(d, out), "2026-07-01");
	/* 2026-01-15 23:30 UTC is 00:30 on the 16th in winter time (UTC+1). */
	CHECK(time_iso_to_unix("2026-01-15T23:30:00Z", &t));
	cal_date_of(t, &d);
	CHECK_STR(fmt(d, out), "2026-01-16");
	/* An hour earlier it is still the 15th. */
	CHECK(time_iso_to_unix("2026-01-15T22:30:00Z", &t));
	cal_date_of(t, &d);
	CHECK_STR(fmt(d, out), "2026-01-15");
	/* The last moment of 30 June in Stockholm is 21:59:59 UTC. */
	CHECK(time_iso_to_unix("2026-06-30T21:59:59Z", &t));
	cal_date_of(t, &d);
	CHECK_STR(fmt(d, out), "2026-06-30");
}

static void
test_today_in_stockholm_is_a_valid_day_near_now(void)
{
	struct cal_date today, of_now;
	time_t before = time(NULL);

	cal_today_stockholm(&today);
	cal_date_of(before, &of_now);
	CHECK(cal_valid(today));
	/* The two can differ only when midnight passed between the calls. */
	CHECK(cal_days_between(of_now, today) == 0 || cal_days_between(of_now, today) == 1);
}

TEST_MAIN(T(test_setup_stockholm_time), T(test_parse_accepts_only_real_days_written_yyyy_mm_dd),
          T(test_format_writes_yyyy_mm_dd_and_round_trips),
          T(test_compare_orders_by_year_then_month_then_day),
          T(test_weekday_is_1_for_monday_to_7_for_sunday),
          T(test_add_days_crosses_months_years_and_leap_days),
          T(test_days_between_counts_calendar_days_across_summer_time_changes),
          T(test_add_months_keeps_the_day_or_ends_on_the_months_last_day),
          T(test_easter_sunday_for_known_years),
          T(test_easter_agrees_with_oudins_algorithm_from_1900_to_2200),
          T(test_every_public_holiday_of_2026_by_name),
          T(test_a_day_that_is_two_holidays_gets_the_fixed_ones_name),
          T(test_moving_feasts_follow_easter),
          T(test_midsummer_day_is_the_saturday_from_20_to_26_june),
          T(test_midsummer_eve_is_the_friday_from_19_to_25_june_and_not_a_working_day),
          T(test_all_saints_day_is_the_saturday_from_31_october_to_6_november),
          T(test_christmas_eve_and_new_years_eve_are_not_working_days),
          T(test_weekends_are_not_working_days_and_ordinary_sundays_have_no_name),
          T(test_next_working_day_across_easter), T(test_next_working_day_across_midsummer),
          T(test_next_working_day_across_christmas_and_new_year),
          T(test_next_working_day_is_strictly_after_a_working_day),
          T(test_deadline_on_a_saturday_moves_to_monday), T(test_deadline_on_a_working_day_stays),
          T(test_deadline_on_a_holiday_or_eve_moves_to_the_next_working_day),
          T(test_next_working_day_across_a_christmas_from_monday_to_wednesday),
          T(test_no_run_of_non_working_days_is_longer_than_five_from_1900_to_2200),
          T(test_date_of_a_moment_is_its_stockholm_day),
          T(test_today_in_stockholm_is_a_valid_day_near_now))
