/* request.c - reading a request and shaping the reply. */
#include <microhttpd.h>
#include <string.h>

#include "http/http.h"
#include "http/multipart.h"
#include "util/utf8.h"


static const char *
http_lookup(struct http_req *r, enum MHD_ValueKind kind, const char *name)
{
	const char *v = MHD_lookup_connection_value(r->conn, kind, name);

	return (v && utf8_valid(v, strlen(v))) ? v : NULL;
}

const char *
http_query(struct http_req *r, const char *name)
{
	return http_lookup(r, MHD_GET_ARGUMENT_KIND, name);
}

const char *
http_header(struct http_req *r, const char *name)
{
	return http_lookup(r, MHD_HEADER_KIND, name);
}

const char *
http_cookie(struct http_req *r, const char *name)
{
	return http_lookup(r, MHD_COOKIE_KIND, name);
}

int
http_form_parse(struct http_req *r)
{
	const char *type;
	struct err e;

	if (r->form_parsed)
		return SAMSYN_OK;
	r->form_parsed = true;
	/* A form with a file input comes as multipart/form-data: its plain fields (the
	 * CSRF token among them) are read the same way; its files through multipart.h. */
	type = http_header(r, MHD_HTTP_HEADER_CONTENT_TYPE);
	if (multipart_is_form_data(type))
		return multipart_form_fields(&r->arena, type, buf_cstr(&r->body), r->body.len,
					     &r->form, &r->nform, &e) == SAMSYN_OK
			       ? SAMSYN_OK
			       : SAMSYN_EINVAL;
	return http_urlencoded_parse(&r->arena, buf_cstr(&r->body), r->body.len, &r->form,
				     &r->nform);
}

const char *
http_form(struct http_req *r, const char *name)
{
	if (http_form_parse(r) != SAMSYN_OK)
		return NULL;
	for (size_t i = 0; i < r->nform; i++)
		if (strcmp(r->form[i].name, name) == 0)
			return r->form[i].value;
	return NULL;
}

void
http_reply(struct http_req *r, int status, const char *content_type)
{
	r->status = status;
	r->content_type = content_type;
}

void
http_redirect(struct http_req *r, const char *location)
{
	r->status = 303;
	r->location = arena_strdup(&r->arena, location);
	r->content_type = "text/plain; charset=utf-8";
	buf_reset(&r->out);
}

void
http_add_cookie(struct http_req *r, const char *cookie)
{
	if (r->ncookies < HTTP_MAX_COOKIES)
		r->set_cookie[r->ncookies++] = arena_strdup(&r->arena, cookie);
}

const char *
http_session_cookie_name(void)
{
	/* Browsers refuse a __Host- cookie without Secure, and Secure needs TLS. */
	return http_tls() ? "__Host-samsyn" : "samsyn";
}

const char *
http_session_cookie(struct http_req *r, const char *token)
{
	return arena_printf(&r->arena, "%s=%s; Path=/; HttpOnly; SameSite=Strict%s%s",
			    http_session_cookie_name(), token ? token : "",
			    token ? "" : "; Max-Age=0", http_tls() ? "; Secure" : "");
}

/* Decodes one component in place ('+' is a space, %XX a byte). */
static bool
http_decode(char *s)
{
	char *w = s;

	for (const char *p = s; *p; p++) {
		if (*p == '+') {
			*w++ = ' ';
		} else if (*p == '%') {
			int hi = http_hex_value(p[1]), lo = hi < 0 ? -1 : http_hex_value(p[2]);

			if (hi < 0 || lo < 0)
				return false;
			*w++ = (char)(hi * 16 + lo);
			p += 2;
		} else {
			*w++ = *p;
		}
	}
	*w = '\0';
	return utf8_valid(s, (size_t)(w - s));
}

int
http_urlencoded_parse(struct arena *a, const char *s, size_t n, struct form_field **out,
		      size_t *count)
{
	size_t fields = 1, k = 0, start = 0;
	struct form_field *f;

	*out = NULL;
	*count = 0;
	if (memchr(s, '\0', n) != NULL)
		return SAMSYN_EINVAL;
	for (size_t i = 0; i < n; i++)
		if (s[i] == '&')
			fields++;
	if (fields > 1000)
		return SAMSYN_EINVAL;
	f = arena_alloc(a, fields * sizeof(*f));
	for (size_t i = 0; i <= n; i++) {
		char *pair, *eq;

		if (i < n && s[i] != '&')
			continue;
		if (i > start) {
			pair = arena_strndup(a, s + start, i - start);
			eq = strchr(pair, '=');
			if (eq)
				*eq = '\0';
			f[k].name = pair;
			f[k].value = eq ? eq + 1 : "";
			if (!http_decode(pair) || (eq && !http_decode(eq + 1)))
				return SAMSYN_EINVAL;
			k++;
		}
		start = i + 1;
	}
	*out = f;
	*count = k;
	return SAMSYN_OK;
}

int
http_hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}
