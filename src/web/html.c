#include "web/html.h"

#include <assert.h>
#include <stdarg.h>
#include <string.h>

void
html_text(struct buf *b, const char *s)
{
	const char *run = s;

	if (s == NULL)
		return;
	for (; *s; s++) {
		const char *rep;

		switch (*s) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = "&quot;";
			break;
		case '\'':
			rep = "&#39;";
			break;
		default:
			continue;
		}
		buf_append(b, run, (size_t)(s - run));
		buf_puts(b, rep);
		run = s + 1;
	}
	buf_append(b, run, (size_t)(s - run));
}

void
html_raw(struct buf *b, const char *s)
{
	if (s)
		buf_puts(b, s);
}

void
html_f(struct buf *b, const char *fmt, ...)
{
	const char *run = fmt, *p;
	va_list ap;

	va_start(ap, fmt);
	for (p = fmt; *p; p++) {
		if (*p != '%')
			continue;
		buf_append(b, run, (size_t)(p - run));
		if (p[1] == 's') {
			html_text(b, va_arg(ap, const char *));
			p += 1;
		} else if (p[1] == 'd') {
			buf_printf(b, "%d", va_arg(ap, int));
			p += 1;
		} else if (strncmp(p + 1, "lld", 3) == 0) {
			buf_printf(b, "%lld", va_arg(ap, long long));
			p += 3;
		} else if (p[1] == '%') {
			buf_putc(b, '%');
			p += 1;
		} else {
			assert(!"html_f: unsupported conversion");
		}
		run = p + 1;
	}
	buf_append(b, run, (size_t)(p - run));
	va_end(ap);
}
