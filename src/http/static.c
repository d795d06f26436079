#include "http/static.h"

#include <string.h>

#include "util/embed.h"

extern const struct embedded_file static_files[];

static const char *
static_type(const char *name)
{
	const char *dot = strrchr(name, '.');

	if (dot && strcmp(dot, ".css") == 0)
		return "text/css; charset=utf-8";
	if (dot && strcmp(dot, ".svg") == 0)
		return "image/svg+xml";
	if (dot && strcmp(dot, ".js") == 0)
		return "text/javascript; charset=utf-8";
	if (dot && strcmp(dot, ".ico") == 0)
		return "image/x-icon";
	return "application/octet-stream";
}

int
static_handler(struct http_req *r)
{
	for (const struct embedded_file *f = static_files; f->name; f++) {
		if (r->file && strcmp(f->name, r->file) == 0) {
			buf_append(&r->out, f->data, f->len);
			r->cacheable = true;
			http_reply(r, 200, static_type(f->name));
			return SAMSYN_OK;
		}
	}
	return err_set(&r->err, SAMSYN_ENOTFOUND, NULL, NULL);
}
