/* utf8.h - UTF-8 validation. */
#ifndef SAMSYN_UTF8_H
#define SAMSYN_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* True when s[0..n) is well-formed UTF-8 (no overlongs, surrogates or NUL bytes). */
bool utf8_valid(const char *s, size_t n);

/* The number of code points in a valid UTF-8 string. */
size_t utf8_chars(const char *s);

#endif
