/* buf.h - a bounded growable byte buffer, always NUL-terminated.
 *
 * Every buffer has a maximum; appending past it fails with SAMSYN_ETOOBIG and leaves the
 * buffer as it was, so input a client sends can never grow memory without bound. */
#ifndef SAMSYN_BUF_H
#define SAMSYN_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *data; /* NULL until the first append; buf_cstr() never returns NULL */
	size_t len;
	size_t cap;
	size_t max; /* the most bytes the buffer may hold, not counting the NUL */
};

#define BUF_MAX_DEFAULT ((size_t)64 * 1024 * 1024)

void buf_init(struct buf *b, size_t max);
void buf_release(struct buf *b);
void buf_reset(struct buf *b);

/* Return SAMSYN_OK or SAMSYN_ETOOBIG. */
int buf_append(struct buf *b, const void *data, size_t n);
int buf_puts(struct buf *b, const char *s);
int buf_putc(struct buf *b, char c);
int buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int buf_vprintf(struct buf *b, const char *fmt, va_list ap);

/* The contents as a C string; "" for an empty buffer. */
const char *buf_cstr(const struct buf *b);

/* Hands the allocation to the caller (free() it) and resets the buffer. */
char *buf_detach(struct buf *b, size_t *len);

#endif
