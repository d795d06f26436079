/* validate.h - checks shared by every domain module's input. */
#ifndef SAMSYN_VALIDATE_H
#define SAMSYN_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"

/* A required one-line text: valid UTF-8, not blank, no control characters, at most
 * max_chars characters.  what names the field in Swedish for the message ("Namnet"). */
int validate_line(const char *s, const char *field, const char *what, size_t max_chars,
		  struct err *e);

/* A plausible e-mail address (one @, a dot in the domain, no spaces), at most 254 bytes. */
int validate_email(const char *s, const char *field, struct err *e);

/* A multi-line text (line breaks and tabs allowed, other control characters not); with
 * required, blank is an error ("%s saknas."). */
int validate_text(const char *s, const char *field, const char *what, size_t max_chars,
		  bool required, struct err *e);

/* validate_line for a field that may be absent or empty. */
int validate_optional_line(const char *s, const char *field, const char *what, size_t max_chars,
			   struct err *e);

/* True for NULL, "" and white space only. */
bool validate_blank(const char *s);

#endif
