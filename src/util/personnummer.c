/* personnummer.c - parsing and checking Swedish personal identity numbers.
 *
 * Everything works on fixed-size stack buffers: no allocation, no locale, no clock (the
 * caller passes today's date), so the same input gives the same answer everywhere. */
#include "util/personnummer.h"

#include <string.h>

#define PNR_FIELD "personnummer"

#define PNR_MSG_FORMAT "Ange personnumret som ÅÅÅÅMMDD-NNNN eller ÅÅMMDD-NNNN."
#define PNR_MSG_DATE "Datumet i personnumret finns inte."
#define PNR_MSG_FUTURE "Personnumret har ett födelsedatum i framtiden."
#define PNR_MSG_CHECK_DIGIT "Kontrollsiffran stämmer inte. Kontrollera personnumret."

/* Personnummer were introduced in 1947 and given to everyone alive then, so no number has
 * a birth year this early; a twelve-digit number before it is a typing mistake. */
#define PNR_MIN_YEAR 1800
/* The detector has no today; it takes twelve-digit numbers of these centuries. */
#define PNR_LOOKS_MAX_YEAR 2099

/* A samordningsnummer (coordination number) adds this to the day of birth. */
#define PNR_SAMORDNING_DAY_OFFSET 60

struct ymd {
	int year, month, day;
};

static bool is_digit(char c);
static bool is_blank(char c);
static int digits_value(const char *s, size_t n);
static void put_digits(char *dst, int value, size_t n);
static bool is_leap_year(int year);
static int days_in_month(int year, int month);
static bool ymd_parse(const char *text, struct ymd *out);
static int ymd_compare(const struct ymd *a, const struct ymd *b);
static bool month_day_split(const char *mmdd, int *month, int *day, enum pnr_kind *kind);
static bool separated_serial_at(const char *text, size_t n, size_t pos);
static bool looks_like_number(const char *date, size_t date_len, const char *serial);

int
pnr_parse(const char *text, const char *today_ymd, struct pnr *out, struct err *e)
{
	struct ymd today, birth;
	struct pnr p;
	const char *start, *end;
	char digits[12]; /* YYMMDDNNNC or YYYYMMDDNNNC, the separator left out */
	size_t len, date_len, ndigits = 0;
	char separator = '\0';

	if (!ymd_parse(today_ymd, &today))
		return err_set(e, SAMSYN_EINTERNAL, NULL,
			       "Dagens datum saknas eller är felaktigt.");
	if (text == NULL)
		return err_set(e, SAMSYN_EINVAL, PNR_FIELD, "%s", PNR_MSG_FORMAT);

	start = text;
	while (is_blank(*start))
		start++;
	end = start + strlen(start);
	while (end > start && is_blank(end[-1]))
		end--;
	len = (size_t)(end - start);

	/* The length alone says which form it must be; the separator has a fixed place. */
	switch (len) {
	case 10: /* YYMMDDNNNC */
		date_len = 6;
		break;
	case 11: /* YYMMDD-NNNC, YYMMDD+NNNC */
		date_len = 6;
		separator = start[6];
		if (separator != '-' && separator != '+')
			return err_set(e, SAMSYN_EINVAL, PNR_FIELD, "%s", PNR_MSG_FORMAT);
		break;
	case 12: /* YYYYMMDDNNNC */
		date_len = 8;
		break;
	case 13: /* YYYYMMDD-NNNC; a '+' is pointless when the century is written out */
		date_len = 8;
		separator = start[8];
		if (separator != '-')
			return err_set(e, SAMSYN_EINVAL, PNR_FIELD, "%s", PNR_MSG_FORMAT);
		break;
	default:
		return err_set(e, SAMSYN_EINVAL, PNR_FIELD, "%s", PNR_MSG_FORMAT);
	}
	for (size_t i = 0; i < len; i++) {
		if (separator != '\0' && i == date_len)
			continue;
		if (!is_digit(start[i]))
			return err_set(e, SAMSYN_EINVAL, PNR_FIELD, "%s", PNR_MSG_FORMAT);
		digits[ndigits++] = start[i];
	}

	if (!month_day_split(digits + date_len - 4, &birth.month, &birth.day, &p.kind))
		return err_set(e, SAMSYN_EINVAL, PNR_FIELD, "%s", PNR_MSG_DATE);
	if (date_len == 8) {
		birth.year = digits_value(digits, 4);
	} else {
		/* The latest century that does not put the birth in the future; '+' says the
		 * person has turned 100, so one century more. */
		birth.year = today.year - today.year % 100 + digits_value(digits, 2);
		if (ymd_compare(&birth, &today) > 0)
			birth.year -= 100;
		if (separator == '+')
			birth.year -= 100;
	}
	if (birth.year < PNR_MIN_YEAR || birth.day > days_in_month(birth.year, birth.month))
		return err_set(e, SAMSYN_EINVAL, PNR_FIELD, "%s", PNR_MSG_DATE);
	if (ymd_compare(&birth, &today) > 0)
		return err_set(e, SAMSYN_EINVAL, PNR_FIELD, "%s", PNR_MSG_FUTURE);
	/* The check digit covers YYMMDDNNNC: the last ten digits in either form. */
	if (!pnr_luhn_ok(digits + date_len - 6))
		return err_set(e, SAMSYN_EINVAL, PNR_FIELD, "%s", PNR_MSG_CHECK_DIGIT);

	put_digits(p.digits, birth.year, 4);
	memcpy(p.digits + 4, digits + date_len - 4, 8);
	p.digits[12] = '\0';
	p.year = birth.year;
	p.month = birth.month;
	p.day = birth.day;
	*out = p;
	return SAMSYN_OK;
}

int
pnr_age_on(const struct pnr *p, const char *ymd)
{
	struct ymd on, birth = {p->year, p->month, p->day};
	int age;

	if (!ymd_parse(ymd, &on) || ymd_compare(&on, &birth) < 0)
		return -1;
	age = on.year - birth.year;
	/* Comparing month and day also makes a 29 February birthday fall on 1 March. */
	if (on.month < birth.month || (on.month == birth.month && on.day < birth.day))
		age--;
	return age;
}

bool
pnr_luhn_ok(const char ten_digits[10])
{
	int sum = 0;

	for (size_t i = 0; i < 10; i++) {
		int d;

		if (!is_digit(ten_digits[i]))
			return false;
		d = ten_digits[i] - '0';
		/* Weights 2, 1, 2, 1, ... from the left; a two-digit product adds its digits. */
		if (i % 2 == 0) {
			d *= 2;
			if (d > 9)
				d -= 9;
		}
		sum += d;
	}
	return sum % 10 == 0;
}

void
pnr_format(const struct pnr *p, char out[14])
{
	memcpy(out, p->digits, 8);
	out[8] = '-';
	memcpy(out + 9, p->digits + 8, 4);
	out[13] = '\0';
}

bool
pnr_looks_like(const char *text, size_t n)
{
	size_t i = 0;

	/* Each byte is looked at a bounded number of times: the outer loop jumps past each
	 * run of digits, and only the four digits after a separator are read twice. */
	while (i < n) {
		size_t run_end, run_len;

		if (!is_digit(text[i])) {
			i++;
			continue;
		}
		run_end = i;
		while (run_end < n && is_digit(text[run_end]))
			run_end++;
		run_len = run_end - i;
		if ((run_len == 10 || run_len == 12) &&
		    looks_like_number(text + i, run_len - 4, text + run_end - 4))
			return true;
		if ((run_len == 6 || run_len == 8) && separated_serial_at(text, n, run_end) &&
		    looks_like_number(text + i, run_len, text + run_end + 1))
			return true;
		i = run_end;
	}
	return false;
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* The value of n (at most 4) digits that the caller has checked are digits. */
static int
digits_value(const char *s, size_t n)
{
	int value = 0;

	for (size_t i = 0; i < n; i++)
		value = value * 10 + (s[i] - '0');
	return value;
}

/* Writes value (0 <= value < 10^n) as n digits with leading zeros, no NUL. */
static void
put_digits(char *dst, int value, size_t n)
{
	for (size_t i = n; i > 0; i--) {
		dst[i - 1] = (char)('0' + value % 10);
		value /= 10;
	}
}

static bool
is_leap_year(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int
days_in_month(int year, int month)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (month == 2 && is_leap_year(year))
		return 29;
	return days[month - 1];
}

/* A real date written exactly YYYY-MM-DD. */
static bool
ymd_parse(const char *text, struct ymd *out)
{
	static const char pattern[] = "dddd-dd-dd";

	if (text == NULL)
		return false;
	for (size_t i = 0; i < sizeof(pattern) - 1; i++) {
		if (pattern[i] == 'd' ? !is_digit(text[i]) : text[i] != pattern[i])
			return false;
	}
	if (text[sizeof(pattern) - 1] != '\0')
		return false;
	out->year = digits_value(text, 4);
	out->month = digits_value(text + 5, 2);
	out->day = digits_value(text + 8, 2);
	return out->year >= 1 && out->month >= 1 && out->month <= 12 && out->day >= 1 &&
	       out->day <= days_in_month(out->year, out->month);
}

static int
ymd_compare(const struct ymd *a, const struct ymd *b)
{
	if (a->year != b->year)
		return a->year < b->year ? -1 : 1;
	if (a->month != b->month)
		return a->month < b->month ? -1 : 1;
	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	return 0;
}

/* Reads MMDD (checked digits): the month, the day of birth and whether it is a
 * samordningsnummer.  False when the month or day cannot be one in any year; the length of
 * the month is the caller's to check once the year is known. */
static bool
month_day_split(const char *mmdd, int *month, int *day, enum pnr_kind *kind)
{
	*month = digits_value(mmdd, 2);
	*day = digits_value(mmdd + 2, 2);
	*kind = PNR_PERSONNUMMER;
	if (*day > PNR_SAMORDNING_DAY_OFFSET) {
		*kind = PNR_SAMORDNINGSNUMMER;
		*day -= PNR_SAMORDNING_DAY_OFFSET;
	}
	return *month >= 1 && *month <= 12 && *day >= 1 && *day <= 31;
}

/* For pnr_looks_like: at text[pos] a '-' or '+' and then exactly four digits (no digit
 * after them), within the first n bytes. */
static bool
separated_serial_at(const char *text, size_t n, size_t pos)
{
	if (n - pos < 5 || (text[pos] != '-' && text[pos] != '+'))
		return false;
	for (size_t k = 1; k <= 4; k++) {
		if (!is_digit(text[pos + k]))
			return false;
	}
	return n - pos == 5 || !is_digit(text[pos + 5]);
}

/* For pnr_looks_like: date is YYMMDD or YYYYMMDD (date_len 6 or 8) and serial NNNC, all
 * digits.  A possible date and a correct check digit. */
static bool
looks_like_number(const char *date, size_t date_len, const char *serial)
{
	char ten[10];
	enum pnr_kind kind;
	int year, month, day;

	if (!month_day_split(date + date_len - 4, &month, &day, &kind))
		return false;
	if (date_len == 8) {
		year = digits_value(date, 4);
		if (year < PNR_MIN_YEAR || year > PNR_LOOKS_MAX_YEAR)
			return false;
	} else {
		/* Without the century any year YY is possible; 2000 + YY is a leap year exactly
		 * when some century makes YY one, so 29 February is judged right. */
		year = 2000 + digits_value(date, 2);
	}
	if (day > days_in_month(year, month))
		return false;
	memcpy(ten, date + date_len - 6, 6);
	memcpy(ten + 6, serial, 4);
	return pnr_luhn_ok(ten);
}
