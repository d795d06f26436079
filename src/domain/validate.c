#include "domain/validate.h"

#include <string.h>

#include "util/utf8.h"

int
validate_line(const char *s, const char *field, const char *what, size_t max_chars,
	      struct err *e)
{
	char num[ERR_NUMBER_LEN];
	bool blank = true;
	size_t n;

	if (s == NULL)
		return err_set(e, SAMSYN_EINVAL, field, "%s saknas.", what);
	n = strlen(s);
	if (!utf8_valid(s, n))
		return err_set(e, SAMSYN_EINVAL, field, "%s innehåller ogiltiga tecken.", what);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x20 || *p == 0x7f)
			return err_set(e, SAMSYN_EINVAL, field,
				       "%s får inte innehålla radbrytningar eller styrtecken.",
				       what);
		if (*p != ' ')
			blank = false;
	}
	if (blank)
		return err_set(e, SAMSYN_EINVAL, field, "%s saknas.", what);
	if (utf8_chars(s) > max_chars)
		return err_set(e, SAMSYN_EINVAL, field, "%s får ha högst %s tecken.", what,
			       err_number(num, max_chars));
	return SAMSYN_OK;
}

int
validate_email(const char *s, const char *field, struct err *e)
{
	const char *at, *dot;

	if (s == NULL || *s == '\0')
		return err_set(e, SAMSYN_EINVAL, field, "Ange en e-postadress.");
	if (strlen(s) > 254 || !utf8_valid(s, strlen(s)))
		return err_set(e, SAMSYN_EINVAL, field, "E-postadressen är för lång.");
	at = strchr(s, '@');
	if (at == NULL || at == s || strchr(at + 1, '@') != NULL)
		return err_set(e, SAMSYN_EINVAL, field,
			       "E-postadressen ska se ut som namn@exempel.se.");
	dot = strrchr(at, '.');
	if (dot == NULL || dot == at + 1 || dot[1] == '\0')
		return err_set(e, SAMSYN_EINVAL, field,
			       "E-postadressen ska se ut som namn@exempel.se.");
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p <= 0x20 || *p == 0x7f || *p == '<' || *p == '>' || *p == ',' || *p == ';')
			return err_set(e, SAMSYN_EINVAL, field,
				       "E-postadressen innehåller otillåtna tecken.");
	return SAMSYN_OK;
}

int
validate_text(const char *s, const char *field, const char *what, size_t max_chars,
	      bool required, struct err *e)
{
	char num[ERR_NUMBER_LEN];
	bool blank = true;
	size_t n = s ? strlen(s) : 0;

	if (!utf8_valid(s ? s : "", n))
		return err_set(e, SAMSYN_EINVAL, field, "%s innehåller ogiltiga tecken.", what);
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		if ((*p < 0x20 && *p != '\n' && *p != '\r' && *p != '\t') || *p == 0x7f)
			return err_set(e, SAMSYN_EINVAL, field, "%s innehåller styrtecken.", what);
		if (*p != ' ' && *p != '\n' && *p != '\r' && *p != '\t')
			blank = false;
	}
	if (blank && required)
		return err_set(e, SAMSYN_EINVAL, field, "%s saknas.", what);
	if (n > 0 && utf8_chars(s) > max_chars)
		return err_set(e, SAMSYN_EINVAL, field, "%s får ha högst %s tecken.", what,
			       err_number(num, max_chars));
	return SAMSYN_OK;
}

int
validate_optional_line(const char *s, const char *field, const char *what, size_t max_chars,
		       struct err *e)
{
	if (s == NULL || *s == '\0')
		return SAMSYN_OK;
	return validate_line(s, field, what, max_chars, e);
}

bool
validate_blank(const char *s)
{
	for (; s && *s; s++)
		if (*s != ' ' && *s != '\n' && *s != '\r' && *s != '\t')
			return false;
	return true;
}
