#include "http/router.h"

#include <stdlib.h>
#include <string.h>

static bool router_fit(const char *pattern, const char *path, struct http_req *r);

int
router_match(struct http_req *r)
{
	const char *method = strcmp(r->method, "HEAD") == 0 ? "GET" : r->method;
	bool path_known = false;

	for (size_t i = 0; i < routes_count; i++) {
		const struct route *rt = &routes[i];

		if (!router_fit(rt->pattern, r->path, r))
			continue;
		if (strcmp(rt->method, method) == 0) {
			r->route = rt;
			return SAMSYN_OK;
		}
		path_known = true;
	}
	r->nid = 0;
	r->file = NULL;
	return path_known ? SAMSYN_EMETHOD : SAMSYN_ENOTFOUND;
}

const char *
router_allowed(struct http_req *r)
{
	struct buf b;
	const char *out;

	buf_init(&b, 256);
	for (size_t i = 0; i < routes_count; i++) {
		if (!router_fit(routes[i].pattern, r->path, r) || strstr(buf_cstr(&b), routes[i].method))
			continue;
		buf_printf(&b, "%s%s", b.len ? ", " : "", routes[i].method);
		if (strcmp(routes[i].method, "GET") == 0)
			buf_puts(&b, ", HEAD");
	}
	r->nid = 0;
	r->file = NULL;
	out = arena_strdup(&r->arena, buf_cstr(&b));
	buf_release(&b);
	return out;
}

bool
router_plain_file(const char *s)
{
	if (s == NULL || *s == '\0' || *s == '.' || strstr(s, "..") != NULL)
		return false;
	for (; *s; s++) {
		char c = *s;

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_' || c == '.'))
			return false;
	}
	return true;
}

/* Segment by segment; parameters are checked by type as they are read. */
static bool
router_fit(const char *pattern, const char *path, struct http_req *r)
{
	const char *p = pattern, *s = path;

	r->nid = 0;
	r->file = NULL;
	while (*p && *s) {
		if (*p != '{') {
			if (*p != *s)
				return false;
			p++, s++;
			continue;
		}
		const char *close = strchr(p, '}');
		size_t len = strcspn(s, "/");

		if (close == NULL || len == 0 || len > 200)
			return false;
		if (strncmp(p, "{id}", 4) == 0) {
			char digits[24], *end;
			long long v;

			if (len > 18 || r->nid >= HTTP_MAX_IDS || s[0] == '0')
				return false;
			memcpy(digits, s, len);
			digits[len] = '\0';
			for (size_t k = 0; k < len; k++)
				if (digits[k] < '0' || digits[k] > '9')
					return false;
			v = strtoll(digits, &end, 10);
			if (*end != '\0' || v <= 0)
				return false;
			r->id[r->nid++] = v;
		} else if (strncmp(p, "{file}", 6) == 0) {
			char *name = arena_strndup(&r->arena, s, len);

			if (!router_plain_file(name))
				return false;
			r->file = name;
		} else {
			return false;
		}
		p = close + 1;
		s += len;
	}
	return *p == '\0' && *s == '\0';
}
