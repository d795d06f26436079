/* personnummer.h - Swedish personal identity numbers (personnummer) and coordination
 * numbers (samordningsnummer): parsing, the Luhn check digit, age, display, and a detector
 * for numbers in free text.
 *
 * A number is YYMMDD-NNNC or YYYYMMDDNNNC; C is a Luhn check digit over the ten digits
 * YYMMDDNNN; a '+' separator means the person is 100 or older; a samordningsnummer adds 60
 * to the day.  Nothing here keeps or logs a number, and no error message contains one. */
#ifndef SAMSYN_PERSONNUMMER_H
#define SAMSYN_PERSONNUMMER_H

#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"

enum pnr_kind {
	PNR_PERSONNUMMER,
	PNR_SAMORDNINGSNUMMER, /* coordination number: the day plus 60 */
};

struct pnr {
	char digits[13]; /* normalised YYYYMMDDNNNC, NUL-terminated; a samordningsnummer
			  * keeps its day plus 60 here */
	enum pnr_kind kind;
	int year, month, day; /* the birth date (for a samordningsnummer: day minus 60) */
};

/* Parses a personnummer or samordningsnummer typed by a person, after trimming blanks
 * (spaces and tabs) around it.  Takes YYMMDD-NNNC, YYMMDDNNNC, YYMMDD+NNNC, YYYYMMDD-NNNC
 * and YYYYMMDDNNNC; nothing else.
 *
 * today_ymd ("YYYY-MM-DD") is passed in so that results do not depend on the clock.  A
 * ten-digit number gets the latest century that puts the birth date on or before today;
 * with '+', the century before that.
 *
 * Returns SAMSYN_OK and fills *out, or SAMSYN_EINVAL with field "personnummer" and a
 * Swedish message that tells which rule failed (format, a date that does not exist, a date
 * in the future, the check digit); *out is then untouched.  Returns SAMSYN_EINTERNAL when
 * today_ymd is not a real date written YYYY-MM-DD, which is the caller's mistake. */
int pnr_parse(const char *text, const char *today_ymd, struct pnr *out, struct err *e);

/* Whole years of age on ymd ("YYYY-MM-DD").  Someone born on 29 February becomes a year
 * older on 1 March in years without that day.  -1 when ymd is not a real date or is before
 * the birth date. */
int pnr_age_on(const struct pnr *p, const char *ymd);

/* True when the last of ten digits (YYMMDDNNNC) is the Luhn check digit of the first nine.
 * Reads exactly ten chars, which need not be NUL-terminated; false if any is not a digit. */
bool pnr_luhn_ok(const char ten_digits[10]);

/* Writes "YYYYMMDD-NNNN" and a NUL, for display. */
void pnr_format(const struct pnr *p, char out[14]);

/* True when the first n bytes of text (which may hold NULs) contain something that looks
 * like a personnummer or samordningsnummer: 10 or 12 digits, or 6 or 8 digits, '-' or '+'
 * and 4 digits, not next to other digits, with a possible date (a twelve-digit one in the
 * years 1800-2099) and a correct check digit.  Meant for warning that a text holds
 * personal data, so it errs towards yes; it does not know today's date.  Linear in n; does
 * not allocate. */
bool pnr_looks_like(const char *text, size_t n);

#endif
