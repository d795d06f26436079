/* err.h - the one error enum of samsyn and the detail that travels with it. */
#ifndef SAMSYN_ERR_H
#define SAMSYN_ERR_H

enum samsyn_rc {
	SAMSYN_OK = 0,
	SAMSYN_EINVAL,        /* input is wrong: a field, a format, a value */
	SAMSYN_EUNKNOWNFIELD, /* input has a field the receiver does not take */
	SAMSYN_EBADJSON,      /* body is not a JSON object in valid UTF-8 */
	SAMSYN_EUNAUTH,       /* no valid session or token */
	SAMSYN_ECREDENTIALS,  /* login failed */
	SAMSYN_EFORBIDDEN,    /* policy says no */
	SAMSYN_ECSRF,         /* state change without the CSRF token */
	SAMSYN_ENOTFOUND,
	SAMSYN_EMETHOD,       /* path exists, method does not */
	SAMSYN_ECONFLICT,
	SAMSYN_ETOOBIG,
	SAMSYN_EMEDIATYPE,
	SAMSYN_ETHROTTLED,
	SAMSYN_EUNAVAILABLE, /* the database cannot be reached */
	SAMSYN_EDB,          /* the database failed in a way that is our fault */
	SAMSYN_ESCHEMA,      /* the database schema is newer than this program */
	SAMSYN_EIO,
	SAMSYN_EINTERNAL,
	SAMSYN_RC_COUNT
};

/* The detail of a failure: a Swedish message written for a person (never personal data)
 * and, when one input field is wrong, its name. */
struct err {
	int code;
	char field[48];
	char message[256];
};

void err_clear(struct err *e);

/* Sets e (if non-NULL) and returns code, so callers can write `return err_set(...)`.
 * field may be NULL. */
int err_set(struct err *e, int code, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Cuts a UTF-8 sequence left unfinished at the end of s (by a truncating snprintf). */
void err_utf8_tail(char *s);

/* Room for any number that err_number writes, with its NUL. */
#define ERR_NUMBER_LEN 40

/* n as a Swedish message writes it: from five digits on, groups of three apart with a
 * no-break space (U+00A0), "20 000"; shorter numbers as they are ("1024").  Writes into
 * buf (ERR_NUMBER_LEN bytes) and returns it. */
const char *err_number(char buf[ERR_NUMBER_LEN], unsigned long long n);

/* The one mapping from an error code to an HTTP status. */
int err_http_status(int code);

/* The one mapping from an error code to a CLI exit code. */
int err_exit_code(int code);

/* The API's error code string ("invalid", "not_found", ...). */
const char *err_code_name(int code);

/* A generic Swedish message for a code, used when no detail was set. */
const char *err_default_message(int code);

#endif
