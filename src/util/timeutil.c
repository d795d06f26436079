#include "util/timeutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include "util/calendar.h"

void
time_init(void)
{
	setenv("TZ", "Europe/Stockholm", 1);
	tzset();
}

static void
time_format(time_t t, long usec, char out[TIME_ISO_LEN])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	/* Years past 9999 do not occur; the cast keeps the compiler's range check calm. */
	snprintf(out, TIME_ISO_LEN, "%04u-%02u-%02uT%02u:%02u:%02u.%06luZ",
		 (unsigned)(tm.tm_year + 1900) % 10000u, (unsigned)(tm.tm_mon + 1) % 100u,
		 (unsigned)tm.tm_mday % 100u, (unsigned)tm.tm_hour % 100u,
		 (unsigned)tm.tm_min % 100u, (unsigned)tm.tm_sec % 100u,
		 (unsigned long)usec % 1000000ul);
}

void
time_now_iso(char out[TIME_ISO_LEN])
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	time_format(tv.tv_sec, (long)tv.tv_usec, out);
}

void
time_unix_to_iso(time_t t, char out[TIME_ISO_LEN])
{
	time_format(t, 0, out);
}

static bool
time_digits(const char *s, int n, int *out)
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

/* The calendar day at the start of s (YYYY-MM-DD, from 1800 on), through util/calendar. */
static bool
time_ymd(const char *s, int *y, int *m, int *d)
{
	char day[CAL_DATE_LEN];
	struct cal_date c;

	if (strnlen(s, CAL_DATE_LEN - 1) < CAL_DATE_LEN - 1)
		return false;
	memcpy(day, s, CAL_DATE_LEN - 1);
	day[CAL_DATE_LEN - 1] = '\0';
	if (!cal_parse(day, &c) || c.year < 1800)
		return false;
	*y = c.year;
	*m = c.month;
	*d = c.day;
	return true;
}

bool
time_valid_date(const char *ymd)
{
	int y, m, d;

	return ymd && strlen(ymd) == 10 && time_ymd(ymd, &y, &m, &d);
}

bool
time_iso_to_unix(const char *iso, time_t *out)
{
	struct tm tm;
	int y, mo, d, h, mi, s;

	if (iso == NULL || strlen(iso) < 20 || !time_ymd(iso, &y, &mo, &d) || iso[10] != 'T' ||
	    !time_digits(iso + 11, 2, &h) || iso[13] != ':' || !time_digits(iso + 14, 2, &mi) ||
	    iso[16] != ':' || !time_digits(iso + 17, 2, &s) || h > 23 || mi > 59 || s > 60)
		return false;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	*out = timegm(&tm);
	return true;
}

void
time_iso_to_local(const char *iso, char *out, size_t n, bool with_seconds)
{
	struct tm tm;
	time_t t;

	if (!time_iso_to_unix(iso, &t)) {
		snprintf(out, n, "%s", iso ? iso : "");
		return;
	}
	localtime_r(&t, &tm);
	snprintf(out, n, "%04u-%02u-%02u %02u:%02u", (unsigned)(tm.tm_year + 1900) % 10000u,
		 (unsigned)(tm.tm_mon + 1) % 100u, (unsigned)tm.tm_mday % 100u,
		 (unsigned)tm.tm_hour % 100u, (unsigned)tm.tm_min % 100u);
	if (with_seconds && strlen(out) + 3 < n)
		snprintf(out + strlen(out), n - strlen(out), ":%02u", (unsigned)tm.tm_sec % 100u);
}

static time_t
time_local_midnight(int y, int m, int d)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

bool
time_local_day_bounds(const char *ymd, char start[TIME_ISO_LEN], char end[TIME_ISO_LEN])
{
	int y, m, d;

	if (!time_valid_date(ymd))
		return false;
	time_ymd(ymd, &y, &m, &d);
	time_unix_to_iso(time_local_midnight(y, m, d), start);
	/* mktime normalises day 32 into the next month. */
	time_unix_to_iso(time_local_midnight(y, m, d + 1), end);
	return true;
}

bool
time_parse_local(const char *s, char out[TIME_ISO_LEN])
{
	struct tm tm;
	time_t t;
	int y, mo, d, h, mi, sec = 0;
	size_t n = s ? strlen(s) : 0;

	if (n >= 20 && s[n - 1] == 'Z') {
		/* Only the stored form itself, written again from its value. */
		if (n == 21 || n > 27 || !time_iso_to_unix(s, &t) ||
		    (n > 20 && (s[19] != '.' || strspn(s + 20, "0123456789") != n - 21)))
			return false;
		time_unix_to_iso(t, out); /* "...SS.000000Z"; then the fraction given */
		if (n > 20)
			memcpy(out + 20, s + 20, n - 21);
		return true;
	}
	if ((n != 16 && n != 19) || !time_ymd(s, &y, &mo, &d) || (s[10] != 'T' && s[10] != ' ') ||
	    !time_digits(s + 11, 2, &h) || s[13] != ':' || !time_digits(s + 14, 2, &mi) ||
	    h > 23 || mi > 59)
		return false;
	if (n == 19 && (s[16] != ':' || !time_digits(s + 17, 2, &sec) || sec > 59))
		return false;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	tm.tm_isdst = -1;
	t = mktime(&tm);
	/* mktime moves a skipped wall-clock time; such a time was never on a clock. */
	if (tm.tm_hour != h || tm.tm_min != mi || tm.tm_mday != d)
		return false;
	time_unix_to_iso(t, out);
	return true;
}

bool
time_local_day_hour(const char *iso, char day[11], int *hour)
{
	struct tm tm;
	time_t t;

	if (!time_iso_to_unix(iso, &t))
		return false;
	localtime_r(&t, &tm);
	snprintf(day, 11, "%04u-%02u-%02u", (unsigned)(tm.tm_year + 1900) % 10000u,
		 (unsigned)(tm.tm_mon + 1) % 100u, (unsigned)tm.tm_mday % 100u);
	if (hour)
		*hour = tm.tm_hour;
	return true;
}

void
time_today(char out[11])
{
	char now[TIME_ISO_LEN];

	time_now_iso(now);
	time_local_day_hour(now, out, NULL);
}
