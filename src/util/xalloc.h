/* xalloc.h - allocation that aborts on out-of-memory.  Sizes a client chose must be
 * checked before they reach these (see buf.h), so running out here is the program's fault. */
#ifndef SAMSYN_XALLOC_H
#define SAMSYN_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
