/* intake_test.c - the intake deadlines computed from a time of receipt (domain/intake.c):
 * the protection assessment's day, the legal last day of a time limit and the working day
 * it moves to, and the time parsing used for event times.  The rules' lengths themselves
 * (14 days, four months) are data, checked through the API in tests/api/intake.test.mjs. */
#include <stdbool.h>

#include "domain/intake.h"
#include "test.h"
#include "util/timeutil.h"

static void
protection(const char *local, const char *expect)
{
	char iso[TIME_ISO_LEN], day[11];

	time_init();
	CHECK(time_parse_local(local, iso));
	intake_protection_day(iso, day);
	CHECK_STR(day, expect);
}

static void
test_protection_same_day_before_end_of_working_day(void)
{
	protection("2026-11-26T15:59", "2026-11-26");
	protection("2026-11-26 08:00", "2026-11-26");
}

static void
test_protection_next_working_day_when_late(void)
{
	protection("2026-11-26T16:00", "2026-11-27"); /* Thursday -> Friday */
	protection("2026-11-27T18:30", "2026-11-30"); /* Friday evening -> Monday */
	protection("2026-11-28T10:00", "2026-11-30"); /* Saturday -> Monday */
}

static void
test_protection_next_working_day_across_easter(void)
{
	/* Easter 2026: Good Friday 3 April, Easter Monday 6 April. */
	protection("2026-04-02T17:00", "2026-04-07");
	protection("2026-04-03T09:00", "2026-04-07");
}

static void
test_protection_next_working_day_across_midsummer(void)
{
	/* Midsummer Eve 2026 is Friday 19 June (not a working day), Midsummer Day Saturday. */
	protection("2026-06-18T16:30", "2026-06-22");
	protection("2026-06-19T08:00", "2026-06-22");
}

static void
test_protection_across_christmas_and_new_year(void)
{
	protection("2026-12-23T16:01", "2026-12-28");
	protection("2026-12-31T09:00", "2027-01-04");
}

static void
test_due_day_on_a_weekend_moves_to_monday(void)
{
	struct intake_due d;
	char moved[11];

	/* Received Saturday 2026-11-14: day 14 is Saturday 2026-11-28, legal day moves. */
	intake_due_for("2026-11-28", "2026-11-26", &d, moved);
	CHECK_STR(d.day, "2026-11-28");
	CHECK_STR(d.moved_to, "2026-11-30");
	CHECK_INT(d.days_left, 4);
	CHECK(!d.overdue);
	CHECK(!d.soon);
	intake_due_for("2026-11-28", "2026-11-30", &d, moved);
	CHECK_INT(d.days_left, 0);
	CHECK(!d.overdue);
	CHECK(d.soon);
	intake_due_for("2026-11-28", "2026-12-01", &d, moved);
	CHECK_INT(d.days_left, -1);
	CHECK(d.overdue);
}

static void
test_due_day_on_a_working_day_does_not_move(void)
{
	struct intake_due d;
	char moved[11];

	intake_due_for("2026-12-10", "2026-11-26", &d, moved);
	CHECK(d.moved_to == NULL);
	CHECK_INT(d.days_left, 14);
	intake_due_for("2026-11-29", "2026-11-26", &d, moved); /* Sunday -> Monday 30th */
	CHECK_STR(d.moved_to, "2026-11-30");
	CHECK_INT(d.days_left, 4);
	intake_due_for("2026-11-27", "2026-11-26", &d, moved);
	CHECK(d.soon);
	intake_due_for(NULL, "2026-11-26", &d, moved);
	CHECK(d.day == NULL);
	CHECK(!d.overdue);
}

static void
test_due_day_on_good_friday_moves_past_easter_monday(void)
{
	struct intake_due d;
	char moved[11];

	intake_due_for("2026-04-03", "2026-04-01", &d, moved);
	CHECK_STR(d.moved_to, "2026-04-07");
	CHECK_INT(d.days_left, 6);
}

static void
test_event_times_parse_in_stockholm(void)
{
	char iso[TIME_ISO_LEN];

	time_init();
	CHECK(time_parse_local("2026-11-26T10:15", iso)); /* winter: UTC+1 */
	CHECK_STR(iso, "2026-11-26T09:15:00.000000Z");
	CHECK(time_parse_local("2026-06-19 10:15:30", iso)); /* summer: UTC+2 */
	CHECK_STR(iso, "2026-06-19T08:15:30.000000Z");
	CHECK(time_parse_local("2026-06-19T08:15:30.000000Z", iso));
	CHECK_STR(iso, "2026-06-19T08:15:30.000000Z");
	CHECK(time_parse_local("2026-06-19T08:15:30Z", iso));
	CHECK_STR(iso, "2026-06-19T08:15:30.000000Z");
	CHECK(time_parse_local("2026-06-19T08:15:30.123456Z", iso));
	CHECK_STR(iso, "2026-06-19T08:15:30.123456Z");
	CHECK(!time_parse_local("2026-11-20T10:00:00junkZ", iso));
	CHECK(time_parse_local("2026-11-20T10:00:00.5Z", iso));
	CHECK_STR(iso, "2026-11-20T10:00:00.500000Z");
	CHECK(time_parse_local("2026-11-20T10:00:00.123Z", iso)); /* JavaScript's toISOString */
	CHECK_STR(iso, "2026-11-20T10:00:00.123000Z");
	CHECK(!time_parse_local("2026-11-20T10:00:00.Z", iso));
	CHECK(!time_parse_local("2026-03-29T02:30", iso)); /* skipped by summer time */
	CHECK(!time_parse_local("2026-02-30T10:00", iso));
	CHECK(!time_parse_local("2026-11-26", iso));
	CHECK(!time_parse_local("i går", iso));
	CHECK(!time_parse_local(NULL, iso));
}

TEST_MAIN(T(test_protection_same_day_before_end_of_working_day),
	  T(test_protection_next_working_day_when_late),
	  T(test_protection_next_working_day_across_easter),
	  T(test_protection_next_working_day_across_midsummer),
	  T(test_protection_across_christmas_and_new_year),
	  T(test_due_day_on_a_weekend_moves_to_monday),
	  T(test_due_day_on_a_working_day_does_not_move),
	  T(test_due_day_on_good_friday_moves_past_easter_monday),
	  T(test_event_times_parse_in_stockholm))
