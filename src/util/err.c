#include "util/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const struct {
	int status;
	int exit_code;
	const char *name;
	const char *message;
} err_table[SAMSYN_RC_COUNT] = {
	[SAMSYN_OK] = {200, 0, "ok", "Klart."},
	[SAMSYN_EINVAL] = {400, 2, "invalid", "Uppgifterna är inte giltiga."},
	[SAMSYN_EUNKNOWNFIELD] = {400, 2, "unknown_field", "Okänt fält."},
	[SAMSYN_EBADJSON] = {400, 2, "bad_json", "Innehållet är inte giltig JSON."},
	[SAMSYN_EUNAUTH] = {401, 3, "unauthenticated", "Du behöver logga in."},
	[SAMSYN_ECREDENTIALS] = {401, 3, "bad_credentials", "Fel e-postadress eller lösenord."},
	[SAMSYN_EFORBIDDEN] = {403, 3, "forbidden", "Du har inte behörighet till detta."},
	[SAMSYN_ECSRF] = {403, 3, "csrf",
			  "Formuläret har gått ut eller kom inte från samsyn. Ladda om sidan och "
			  "försök igen."},
	[SAMSYN_ENOTFOUND] = {404, 4, "not_found", "Det som efterfrågades finns inte."},
	[SAMSYN_EMETHOD] = {405, 2, "method_not_allowed", "Metoden är inte tillåten här."},
	[SAMSYN_ECONFLICT] = {409, 5, "conflict", "Ändringen krockar med befintliga uppgifter."},
	[SAMSYN_ETOOBIG] = {413, 2, "too_large", "Innehållet är för stort."},
	[SAMSYN_EMEDIATYPE] = {415, 2, "unsupported_media_type",
			       "Innehållet har fel format (Content-Type)."},
	[SAMSYN_ETHROTTLED] = {429, 3, "too_many_attempts",
			       "För många misslyckade inloggningar. Vänta en stund och försök "
			       "igen."},
	[SAMSYN_EUNAVAILABLE] = {503, 6, "unavailable",
				 "Databasen går inte att nå just nu. Försök igen om en stund."},
	[SAMSYN_EDB] = {500, 6, "internal", "Ett fel uppstod i databasen."},
	[SAMSYN_ESCHEMA] = {503, 7, "unavailable",
			    "Databasens schema är nyare än det här programmet."},
	[SAMSYN_EIO] = {500, 8, "internal", "Ett fel uppstod vid läsning eller skrivning."},
	[SAMSYN_EINTERNAL] = {500, 1, "internal", "Ett internt fel uppstod i samsyn."},
};

static int
err_index(int code)
{
	return (code >= 0 && code < SAMSYN_RC_COUNT) ? code : SAMSYN_EINTERNAL;
}

void
err_clear(struct err *e)
{
	if (e == NULL)
		return;
	e->code = SAMSYN_OK;
	e->field[0] = '\0';
	e->message[0] = '\0';
}

void
err_utf8_tail(char *s)
{
	size_t n = strlen(s), i = n, need;
	unsigned char c;

	/* Step back over continuation bytes to the last lead byte, and cut a sequence that a
	 * truncating snprintf left unfinished. */
	while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80 && n - i < 3)
		i--;
	if (i == 0)
		return;
	c = (unsigned char)s[i - 1];
	need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
	if (n - (i - 1) < need)
		s[i - 1] = '\0';
}

int
err_set(struct err *e, int code, const char *field, const char *fmt, ...)
{
	va_list ap;

	if (e == NULL)
		return code;
	e->code = code;
	snprintf(e->field, sizeof(e->field), "%s", field ? field : "");
	if (fmt == NULL) {
		snprintf(e->message, sizeof(e->message), "%s", err_default_message(code));
	} else {
		va_start(ap, fmt);
		vsnprintf(e->message, sizeof(e->message), fmt, ap);
		va_end(ap);
	}
	err_utf8_tail(e->message);
	return code;
}

int
err_http_status(int code)
{
	return err_table[err_index(code)].status;
}

int
err_exit_code(int code)
{
	return err_table[err_index(code)].exit_code;
}

const char *
err_code_name(int code)
{
	return err_table[err_index(code)].name;
}

const char *
err_default_message(int code)
{
	return err_table[err_index(code)].message;
}

const char *
err_number(char buf[ERR_NUMBER_LEN], unsigned long long n)
{
	char digits[24];
	int len = snprintf(digits, sizeof(digits), "%llu", n), out = 0;

	for (int i = 0; i < len; i++) {
		if (len >= 5 && i > 0 && (len - i) % 3 == 0) {
			buf[out++] = (char)0xC2; /* U+00A0 in UTF-8 */
			buf[out++] = (char)0xA0;
		}
		buf[out++] = digits[i];
	}
	buf[out] = '\0';
	return buf;
}
