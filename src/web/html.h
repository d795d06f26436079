/* html.h - building HTML that is escaped by default.
 *
 * html_f() formats like printf but escapes every %s argument; the format string itself
 * is trusted markup and must be a literal.  Inserting markup from a variable takes the
 * deliberately named html_raw(). */
#ifndef SAMSYN_HTML_H
#define SAMSYN_HTML_H

#include "util/buf.h"

/* Escapes s for text and attribute values ("&<>\"'"). */
void html_text(struct buf *b, const char *s);

/* Conversions: %s (escaped text), %d (int), %lld (long long), %% ; nothing else. */
void html_f(struct buf *b, const char *fmt, ...);

/* Appends s unescaped.  Only for markup the program itself made. */
void html_raw(struct buf *b, const char *s);

#endif
