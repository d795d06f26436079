/* fuzz_personnummer.c - personnummer as typed into a form, and free text searched for one.
 *
 * Beyond not crashing, a number that pnr_parse accepts must hold together: twelve digits
 * that pass the check digit, a date that matches them, a display form that parses back
 * to the same number, and pnr_looks_like must see it. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/personnummer.h"

#define FUZZ_TODAY "2026-11-26"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool parsed_holds_together(const struct pnr *p, const char *text);
static int number_at(const char *digits, size_t n);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	struct pnr p;
	struct err e;

	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (pnr_parse(s, FUZZ_TODAY, &p, &e) == SAMSYN_OK && !parsed_holds_together(&p, s))
		__builtin_trap();
	/* The whole input, NULs and all, as free text. */
	pnr_looks_like(s, size);
	free(s);
	return 0;
}

static bool
parsed_holds_together(const struct pnr *p, const char *text)
{
	char shown[14];
	struct pnr again;
	struct err e;
	int day = p->day + (p->kind == PNR_SAMORDNINGSNUMMER ? 60 : 0);

	if (strlen(p->digits) != 12 || strspn(p->digits, "0123456789") != 12)
		return false;
	if (!pnr_luhn_ok(p->digits + 2))
		return false;
	if (number_at(p->digits, 4) != p->year || number_at(p->digits + 4, 2) != p->month ||
	    number_at(p->digits + 6, 2) != day)
		return false;
	if (pnr_age_on(p, FUZZ_TODAY) < 0)
		return false;
	pnr_format(p, shown);
	if (pnr_parse(shown, FUZZ_TODAY, &again, &e) != SAMSYN_OK ||
	    strcmp(again.digits, p->digits) != 0)
		return false;
	return pnr_looks_like(text, strlen(text));
}

static int
number_at(const char *digits, size_t n)
{
	int value = 0;

	for (size_t i = 0; i < n; i++)
		value = value * 10 + (digits[i] - '0');
	return value;
}
