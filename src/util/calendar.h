/* calendar.h - the Swedish calendar that legal deadlines are counted in.
 *
 * A date here is a calendar day without a time of day, in the proleptic Gregorian
 * calendar, so counting days never meets a summer-time change.  Moments become days in
 * Europe/Stockholm (DOMAIN.md: "Count days in the Europe/Stockholm calendar").
 *
 * The functions that compute with a date (adding, counting, weekdays, holidays) expect a
 * valid one (cal_valid: a real day in the years 1-9999); that is asserted.  Dates from
 * cal_parse are always valid; cal_valid, cal_format and cal_compare take any struct. */
#ifndef SAMSYN_CALENDAR_H
#define SAMSYN_CALENDAR_H

#include <stdbool.h>
#include <time.h>

/* "YYYY-MM-DD" and its terminating NUL. */
#define CAL_DATE_LEN 11

struct cal_date {
	int year;  /* 1-9999 */
	int month; /* 1-12 */
	int day;   /* 1-31, no later than the month's last day */
};

/* True when d is a real calendar day in the years 1-9999. */
bool cal_valid(struct cal_date d);

/* Parses exactly "YYYY-MM-DD" (four, two and two digits, nothing before or after) into *out.
 * False, leaving *out untouched, when ymd is NULL, malformed or not a real calendar day
 * ("2023-02-29"), or the year is 0000. */
bool cal_parse(const char *ymd, struct cal_date *out);

/* Writes d as "YYYY-MM-DD".  A date outside the years 1-9999 (reached only by adding days
 * or months past 9999-12-31) is written "0000-00-00", which cal_parse refuses. */
void cal_format(struct cal_date d, char out[CAL_DATE_LEN]);

/* -1, 0 or 1 as a is before, the same day as, or after b. */
int cal_compare(struct cal_date a, struct cal_date b);

/* The day `days` calendar days after d (before it when negative). */
struct cal_date cal_add_days(struct cal_date d, int days);

/* The number of calendar days from a to b: positive when b is later, 0 on the same day.
 * cal_add_days(a, cal_days_between(a, b)) is b. */
int cal_days_between(struct cal_date a, struct cal_date b);

/* The day of the week as in ISO 8601 and Sweden: 1 = Monday ... 7 = Sunday. */
int cal_weekday(struct cal_date d);

/* The same day number `months` months later (earlier when negative), as in "completed
 * within four months" counted from the day an investigation opened.  When that month has
 * no such day, the result is the last day of that month: 2025-10-31 + 4 months is
 * 2026-02-28, 2024-01-31 + 1 month is 2024-02-29.  We chose the last day of the shorter
 * month rather than rolling over into the next month (2026-03-03), because a time limit
 * counted in months must not end in a later month than the one it names.  Adding months
 * in two steps can therefore end earlier than adding them at once (31 Jan + 1 + 1 month is
 * 28 or 29 March, 31 Jan + 2 months is 31 March); count from the original day. */
struct cal_date cal_add_months(struct cal_date d, int months);

/* Easter Sunday (påskdagen) of a year, by the Gregorian computus (the anonymous
 * Gregorian algorithm of Meeus, Jones and Butcher). */
struct cal_date cal_easter_sunday(int year);

/* True when d is one of the named Swedish public holidays (allmänna helgdagar) of lag
 * (1989:253) om allmänna helgdagar, and then sets *name (when name is not NULL) to its
 * Swedish name, a static string such as "Långfredagen"; otherwise sets *name to NULL.
 * The holidays (1 § and 2 § of the law as amended by SFS 2004:1320): Nyårsdagen (1 Jan),
 * Trettondedag jul (6 Jan), Långfredagen, Påskdagen, Annandag påsk, Första maj (1 May),
 * Kristi himmelsfärdsdag (Easter + 39 days), Pingstdagen (Easter + 49), Nationaldagen
 * (6 June), Midsommardagen (the Saturday 20-26 June), Alla helgons dag (the Saturday
 * 31 Oct-6 Nov), Juldagen (25 Dec) and Annandag jul (26 Dec).  A day that is two of them
 * gets the fixed one's name (1 May 2008 was also Kristi himmelsfärdsdag).
 * The law also makes every Sunday an allmän helgdag; an ordinary Sunday has no name and
 * gives false here (cal_is_working_day knows it is not a working day).
 * The current list is applied to every year; it is checked for 1900-2200.  Earlier lists
 * (before 2005 Annandag pingst instead of Nationaldagen, for example) are not modelled:
 * deadlines are counted in the present. */
bool cal_is_public_holiday(struct cal_date d, const char **name);

/* False on Saturdays, Sundays, the public holidays above, and the days that lag (1930:173)
 * om beräkning av lagstadgad tid, 2 §, treats the same: midsommarafton (the Friday
 * 19-25 June), julafton (24 Dec) and nyårsafton (31 Dec).  True on every other day. */
bool cal_is_working_day(struct cal_date d);

/* The first working day strictly after d. */
struct cal_date cal_next_working_day(struct cal_date d);

/* The day a time limit whose last day is last_day actually ends: last_day itself when it
 * is a working day, else the next working day (lag 1930:173, 2 §).  Show both when they
 * differ: "the legal day and the day it moves to". */
struct cal_date cal_deadline(struct cal_date last_day);

/* The Europe/Stockholm calendar day of the moment t.  Uses the process's local time zone,
 * which time_init() (util/timeutil.h) sets to Europe/Stockholm; call that first. */
void cal_date_of(time_t t, struct cal_date *out);

/* Today in Europe/Stockholm (cal_date_of the current moment). */
void cal_today_stockholm(struct cal_date *out);

#endif
