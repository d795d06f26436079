/* calendar.c - Swedish calendar days, public holidays and working days for deadlines.
 *
 * Arithmetic goes through a day number (days since 1970-01-01, negative before), so adding
 * days, counting days and finding the weekday are exact and never touch time zones. */
#include "util/calendar.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#define CAL_YEAR_MIN 1
#define CAL_YEAR_MAX 9999

static bool cal_is_leap_year(int year);
static int cal_days_in_month(int year, int month);
static bool cal_digits(const char *s, int n, int *out);
static long long cal_day_number(struct cal_date d);
static struct cal_date cal_from_day_number(long long z);
static long long cal_floor_div(long long a, long long b);
static const char *cal_holiday_name(struct cal_date d);

bool
cal_valid(struct cal_date d)
{
	return d.year >= CAL_YEAR_MIN && d.year <= CAL_YEAR_MAX && d.month >= 1 && d.month <= 12 &&
	       d.day >= 1 && d.day <= cal_days_in_month(d.year, d.month);
}

bool
cal_parse(const char *ymd, struct cal_date *out)
{
	struct cal_date d;

	if (ymd == NULL || strlen(ymd) != CAL_DATE_LEN - 1)
		return false;
	if (!cal_digits(ymd, 4, &d.year) || ymd[4] != '-' || !cal_digits(ymd + 5, 2, &d.month) ||
	    ymd[7] != '-' || !cal_digits(ymd + 8, 2, &d.day))
		return false;
	if (!cal_valid(d))
		return false;
	*out = d;
	return true;
}

void
cal_format(struct cal_date d, char out[CAL_DATE_LEN])
{
	if (!cal_valid(d)) {
		/* Only reachable by arithmetic past 9999-12-31 or before 0001-01-01. */
		memcpy(out, "0000-00-00", CAL_DATE_LEN);
		return;
	}
	/* The ranges are checked above; the casts and moduli keep the compiler's
	 * format-truncation check calm. */
	snprintf(out, CAL_DATE_LEN, "%04u-%02u-%02u", (unsigned)d.year % 10000u,
	         (unsigned)d.month % 100u, (unsigned)d.day % 100u);
}

int
cal_compare(struct cal_date a, struct cal_date b)
{
	if (a.year != b.year)
		return a.year < b.year ? -1 : 1;
	if (a.month != b.month)
		return a.month < b.month ? -1 : 1;
	if (a.day != b.day)
		return a.day < b.day ? -1 : 1;
	return 0;
}

struct cal_date
cal_add_days(struct cal_date d, int days)
{
	return cal_from_day_number(cal_day_number(d) + days);
}

int
cal_days_between(struct cal_date a, struct cal_date b)
{
	/* Both lie in 1-9999, so the difference (under 3.7 million) fits an int. */
	return (int)(cal_day_number(b) - cal_day_number(a));
}

int
cal_weekday(struct cal_date d)
{
	/* Day 0, 1970-01-01, was a Thursday (4). */
	return (int)((cal_day_number(d) % 7 + 7 + 3) % 7) + 1;
}

struct cal_date
cal_add_months(struct cal_date d, int months)
{
	long long index;
	struct cal_date out;
	int last;

	assert(cal_valid(d));
	index = (long long)d.year * 12 + (d.month - 1) + months;
	out.year = (int)cal_floor_div(index, 12);
	out.month = (int)(index - (long long)out.year * 12) + 1;
	/* A month too short for the day ends the period on its last day (see the header). */
	last = cal_days_in_month(out.year, out.month);
	out.day = d.day <= last ? d.day : last;
	return out;
}

struct cal_date
cal_easter_sunday(int year)
{
	/* The anonymous Gregorian algorithm ("Meeus/Jones/Butcher"), as in Meeus,
	 * Astronomical Algorithms, ch. 8.  The letters are the algorithm's own. */
	int a = year % 19; /* place in the 19-year lunar (Metonic) cycle */
	int b = year / 100, c = year % 100;
	int d = b / 4, e = b % 4;
	int f = (b + 8) / 25;
	int g = (b - f + 1) / 3;
	/* h: days from 21 March to the paschal full moon; l: days from it to the Sunday
	 * after; m: the Gregorian rule's correction for two rare cases of h. */
	int h = (19 * a + b - d - g + 15) % 30;
	int i = c / 4, k = c % 4;
	int l = (32 + 2 * e + 2 * i - h - k) % 7;
	int m = (a + 11 * h + 22 * l) / 451;
	struct cal_date easter;

	assert(year >= CAL_YEAR_MIN && year <= CAL_YEAR_MAX);
	easter.year = year;
	easter.month = (h + l - 7 * m + 114) / 31;
	easter.day = (h + l - 7 * m + 114) % 31 + 1;
	return easter;
}

bool
cal_is_public_holiday(struct cal_date d, const char **name)
{
	const char *found = cal_holiday_name(d);

	if (name != NULL)
		*name = found;
	return found != NULL;
}

bool
cal_is_working_day(struct cal_date d)
{
	int weekday = cal_weekday(d);

	if (weekday >= 6 || cal_holiday_name(d) != NULL)
		return false;
	/* Lag (1930:173) 2 §: midsommarafton, julafton and nyårsafton count as holidays. */
	if (d.month == 6 && d.day >= 19 && d.day <= 25 && weekday == 5)
		return false;
	if (d.month == 12 && (d.day == 24 || d.day == 31))
		return false;
	return true;
}

struct cal_date
cal_next_working_day(struct cal_date d)
{
	/* Non-working days come in runs of at most five (julafton on a Monday: Saturday
	 * 22 to Wednesday 26 December), so this loop is short. */
	do
		d = cal_add_days(d, 1);
	while (!cal_is_working_day(d));
	return d;
}

struct cal_date
cal_deadline(struct cal_date last_day)
{
	return cal_is_working_day(last_day) ? last_day : cal_next_working_day(last_day);
}

void
cal_date_of(time_t t, struct cal_date *out)
{
	struct tm tm;

	if (localtime_r(&t, &tm) == NULL) {
		/* Fails only when the year does not fit an int: not a moment samsyn meets.
		 * A recognisable day rather than garbage. */
		out->year = 1970;
		out->month = 1;
		out->day = 1;
		return;
	}
	out->year = tm.tm_year + 1900;
	out->month = tm.tm_mon + 1;
	out->day = tm.tm_mday;
}

void
cal_today_stockholm(struct cal_date *out)
{
	cal_date_of(time(NULL), out);
}

static bool
cal_is_leap_year(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int
cal_days_in_month(int year, int month)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	assert(month >= 1 && month <= 12);
	return days[month - 1] + (month == 2 && cal_is_leap_year(year));
}

static bool
cal_digits(const char *s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

static long long
cal_floor_div(long long a, long long b)
{
	long long q = a / b;

	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* Days since 1970-01-01.  Howard Hinnant's days_from_civil: years begin on 1 March, so
 * the leap day is the last day of its year and month lengths follow a simple formula. */
static long long
cal_day_number(struct cal_date d)
{
	long long y = d.year - (d.month <= 2);
	long long era = cal_floor_div(y, 400);
	long long year_of_era = y - era * 400;                                /* 0-399 */
	long long month_from_march = d.month > 2 ? d.month - 3 : d.month + 9; /* 0-11 */
	long long day_of_year = (153 * month_from_march + 2) / 5 + d.day - 1; /* 0-365 */
	long long day_of_era =
	    year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year; /* 0-146096 */

	assert(cal_valid(d));
	return era * 146097 + day_of_era - 719468;
}

/* The inverse of cal_day_number (Hinnant's civil_from_days).  Day numbers outside 1-9999
 * give dates outside it, which cal_valid refuses. */
static struct cal_date
cal_from_day_number(long long z)
{
	long long shifted = z + 719468;
	long long era = cal_floor_div(shifted, 146097);
	long long day_of_era = shifted - era * 146097;
	long long year_of_era =
	    (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
	long long day_of_year =
	    day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
	long long month_from_march = (5 * day_of_year + 2) / 153;
	struct cal_date d;

	d.day = (int)(day_of_year - (153 * month_from_march + 2) / 5 + 1);
	d.month = (int)(month_from_march < 10 ? month_from_march + 3 : month_from_march - 9);
	d.year = (int)(year_of_era + era * 400 + (d.month <= 2));
	return d;
}

/* The name of the public holiday d is, or NULL. */
static const char *
cal_holiday_name(struct cal_date d)
{
	int weekday = cal_weekday(d);
	int from_easter;

	switch (d.month) {
	case 1:
		if (d.day == 1)
			return "Nyårsdagen";
		if (d.day == 6)
			return "Trettondedag jul";
		break;
	case 5:
		if (d.day == 1)
			return "Första maj";
		break;
	case 6:
		if (d.day == 6)
			return "Nationaldagen";
		if (d.day >= 20 && d.day <= 26 && weekday == 6)
			return "Midsommardagen";
		break;
	case 10:
		if (d.day == 31 && weekday == 6)
			return "Alla helgons dag";
		break;
	case 11:
		if (d.day <= 6 && weekday == 6)
			return "Alla helgons dag";
		break;
	case 12:
		if (d.day == 25)
			return "Juldagen";
		if (d.day == 26)
			return "Annandag jul";
		break;
	default:
		break;
	}
	/* The moving feasts lie between 20 March (Långfredagen) and 13 June (Pingstdagen). */
	if (d.month < 3 || d.month > 6)
		return NULL;
	from_easter = cal_days_between(cal_easter_sunday(d.year), d);
	switch (from_easter) {
	case -2:
		return "Långfredagen";
	case 0:
		return "Påskdagen";
	case 1:
		return "Annandag påsk";
	case 39:
		return "Kristi himmelsfärdsdag";
	case 49:
		return "Pingstdagen";
	default:
		return NULL;
	}
}
