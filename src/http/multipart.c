/* multipart.c - multipart/form-data bodies (RFC 7578, RFC 2046 section 5.1).
 *
 * The shape of a body, with B the boundary from the Content-Type:
 *
 *	preamble (ignored) CRLF
 *	--B [spaces] CRLF
 *	Content-Disposition: form-data; name="file"; filename="plan.csv" CRLF
 *	Content-Type: text/csv CRLF
 *	CRLF
 *	the part's bytes
 *	CRLF --B [spaces] CRLF
 *	...
 *	CRLF --B-- epilogue (ignored)
 *
 * A delimiter is CRLF "--" B followed by "--" or by optional spaces and CRLF; the same
 * bytes followed by anything else are content.  Browsers quote names and file names and
 * write a '"' inside them as %22 (the HTML standard), so a quoted value runs to the next
 * '"' and a backslash is an ordinary character. */
#include "http/multipart.h"

#include <string.h>
#include <strings.h>

#include "util/utf8.h"

struct mp_cursor {
	const char *body;
	size_t n;
	const char *delim; /* CRLF "--" boundary */
	size_t dlen;
};

static int mp_boundary(struct arena *a, const char *content_type, const char **boundary,
		       struct err *e);
static const char *mp_skip_ows(const char *p);
static bool mp_bchar(char c);
static bool mp_find_delimiter(const struct mp_cursor *c, size_t from, size_t *at,
			      size_t *after, bool *last);
static bool mp_delimiter_end(const struct mp_cursor *c, size_t pos, size_t *after, bool *last);
static int mp_headers(struct arena *a, const char *h, size_t n, struct multipart_part *part,
		      struct err *e);
static int mp_disposition(struct arena *a, const char *v, struct multipart_part *part,
			  struct err *e);
static const char *mp_param_value(struct arena *a, const char **pp);
static int mp_malformed(struct err *e);

bool
multipart_is_form_data(const char *content_type)
{
	const char *p;
	size_t n = sizeof("multipart/form-data") - 1;

	if (content_type == NULL)
		return false;
	p = mp_skip_ows(content_type);
	return strncasecmp(p, "multipart/form-data", n) == 0 &&
	       (p[n] == '\0' || p[n] == ';' || p[n] == ' ' || p[n] == '\t');
}

int
multipart_parse(struct arena *a, const char *content_type, const char *body, size_t n,
		struct multipart_part **out, size_t *count, struct err *e)
{
	struct mp_cursor c = {.body = body, .n = n};
	struct multipart_part *parts;
	const char *boundary;
	size_t pos, after, k = 0;
	bool last = false;
	int rc;

	*out = NULL;
	*count = 0;
	if ((rc = mp_boundary(a, content_type, &boundary, e)) != SAMSYN_OK)
		return rc;
	c.delim = arena_printf(a, "\r\n--%s", boundary);
	c.dlen = strlen(c.delim);

	/* The first delimiter may open the body, without the CRLF before it. */
	if (n >= c.dlen - 2 && memcmp(body, c.delim + 2, c.dlen - 2) == 0 &&
	    mp_delimiter_end(&c, c.dlen - 2, &after, &last)) {
		pos = after;
	} else if (mp_find_delimiter(&c, 0, &pos, &after, &last)) {
		pos = after;
	} else {
		return mp_malformed(e);
	}

	parts = arena_alloc(a, MULTIPART_MAX_PARTS * sizeof(*parts));
	while (!last) {
		struct multipart_part *part;
		const char *hdr_end;
		size_t start, at;

		if (k == MULTIPART_MAX_PARTS)
			return err_set(e, SAMSYN_ETOOBIG, NULL,
				       "Formuläret har för många delar (högst %d).",
				       MULTIPART_MAX_PARTS);
		part = &parts[k];
		*part = (struct multipart_part){0};
		/* The header block ends with an empty line; a part must have headers. */
		if (n - pos >= 2 && body[pos] == '\r' && body[pos + 1] == '\n')
			return mp_malformed(e);
		{
			size_t room = n - pos < MULTIPART_MAX_HEADERS + 4 ? n - pos
									  : MULTIPART_MAX_HEADERS + 4;

			hdr_end = memmem(body + pos, room, "\r\n\r\n", 4);
			if (hdr_end == NULL)
				return room == n - pos
					       ? mp_malformed(e)
					       : err_set(e, SAMSYN_ETOOBIG, NULL,
							 "En del av formuläret har för långa "
							 "rubriker.");
		}
		if ((rc = mp_headers(a, body + pos, (size_t)(hdr_end - (body + pos)) + 2, part,
				     e)) != SAMSYN_OK)
			return rc;
		/* An empty part's delimiter follows the empty line at once. */
		start = (size_t)(hdr_end - body) + 4;
		if (!mp_find_delimiter(&c, start, &at, &after, &last))
			return mp_malformed(e);
		part->len = at - start;
		if (part->filename) {
			part->data = body + start;
		} else {
			if (!utf8_valid(body + start, part->len))
				return err_set(e, SAMSYN_EINVAL, part->name,
					       "Fältet är inte giltig UTF-8.");
			part->data = arena_strndup(a, body + start, part->len);
		}
		k++;
		pos = after;
	}
	*out = parts;
	*count = k;
	return SAMSYN_OK;
}

int
multipart_form_fields(struct arena *a, const char *content_type, const char *body, size_t n,
		      struct form_field **out, size_t *count, struct err *e)
{
	struct multipart_part *parts;
	struct form_field *f;
	size_t nparts, k = 0;
	int rc;

	*out = NULL;
	*count = 0;
	if ((rc = multipart_parse(a, content_type, body, n, &parts, &nparts, e)) != SAMSYN_OK)
		return rc;
	f = arena_alloc(a, (nparts + 1) * sizeof(*f));
	for (size_t i = 0; i < nparts; i++)
		if (parts[i].filename == NULL)
			f[k++] = (struct form_field){parts[i].name, parts[i].data};
	*out = f;
	*count = k;
	return SAMSYN_OK;
}

int
multipart_request_file(struct http_req *r, const char *name, struct multipart_part *out,
		       struct err *e)
{
	struct multipart_part *parts;
	size_t nparts;
	int rc;

	rc = multipart_parse(&r->arena, http_header(r, "Content-Type"), buf_cstr(&r->body),
			     r->body.len, &parts, &nparts, e);
	if (rc != SAMSYN_OK)
		return rc;
	for (size_t i = 0; i < nparts; i++) {
		if (parts[i].filename && strcmp(parts[i].name, name) == 0) {
			*out = parts[i];
			return SAMSYN_OK;
		}
	}
	return err_set(e, SAMSYN_ENOTFOUND, name, "Formuläret har ingen fil.");
}

/* The boundary parameter of a multipart/form-data Content-Type, checked against RFC
 * 2046's bchars and length. */
static int
mp_boundary(struct arena *a, const char *content_type, const char **boundary, struct err *e)
{
	const char *p;

	*boundary = NULL;
	if (!multipart_is_form_data(content_type))
		return err_set(e, SAMSYN_EMEDIATYPE, NULL,
			       "Formuläret ska skickas som multipart/form-data.");
	p = mp_skip_ows(content_type) + sizeof("multipart/form-data") - 1;
	for (;;) {
		const char *name, *value;
		size_t len;

		p = mp_skip_ows(p);
		if (*p == '\0')
			break;
		if (*p != ';')
			return mp_malformed(e);
		p = mp_skip_ows(p + 1);
		name = p;
		while (*p && *p != '=' && *p != ';' && *p != ' ' && *p != '\t')
			p++;
		len = (size_t)(p - name);
		if (*p != '=')
			return mp_malformed(e);
		p++;
		if ((value = mp_param_value(a, &p)) == NULL)
			return mp_malformed(e);
		if (len == 8 && strncasecmp(name, "boundary", 8) == 0) {
			size_t blen = strlen(value);

			if (*boundary != NULL || blen == 0 || blen > MULTIPART_MAX_BOUNDARY ||
			    value[blen - 1] == ' ')
				return mp_malformed(e);
			for (size_t i = 0; i < blen; i++)
				if (!mp_bchar(value[i]))
					return mp_malformed(e);
			*boundary = value;
		}
	}
	if (*boundary == NULL)
		return mp_malformed(e);
	return SAMSYN_OK;
}

static const char *
mp_skip_ows(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

static bool
mp_bchar(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c != '\0' && strchr("'()+_,-./:=? ", c) != NULL);
}

/* The next delimiter at or after from: *at is where its CRLF begins, *after the first
 * byte past its line, *last whether it is the closing one. */
static bool
mp_find_delimiter(const struct mp_cursor *c, size_t from, size_t *at, size_t *after,
		  bool *last)
{
	while (from < c->n) {
		const char *hit = memmem(c->body + from, c->n - from, c->delim, c->dlen);
		size_t pos;

		if (hit == NULL)
			return false;
		pos = (size_t)(hit - c->body);
		if (mp_delimiter_end(c, pos + c->dlen, after, last)) {
			*at = pos;
			return true;
		}
		from = pos + 1;
	}
	return false;
}

/* After the boundary at pos: "--" (the last one), or spaces and CRLF. */
static bool
mp_delimiter_end(const struct mp_cursor *c, size_t pos, size_t *after, bool *last)
{
	if (pos + 2 <= c->n && c->body[pos] == '-' && c->body[pos + 1] == '-') {
		*last = true;
		*after = pos + 2;
		return true;
	}
	while (pos < c->n && (c->body[pos] == ' ' || c->body[pos] == '\t'))
		pos++;
	if (pos + 2 <= c->n && c->body[pos] == '\r' && c->body[pos + 1] == '\n') {
		*last = false;
		*after = pos + 2;
		return true;
	}
	return false;
}

/* A part's header lines, each ending in CRLF (h[0..n) ends with one). */
static int
mp_headers(struct arena *a, const char *h, size_t n, struct multipart_part *part,
	   struct err *e)
{
	bool disposition = false;
	size_t i = 0;
	int rc;

	if (memchr(h, '\0', n) != NULL)
		return mp_malformed(e);
	while (i < n) {
		const char *line = h + i, *eol = memmem(line, n - i, "\r\n", 2), *colon;
		char *value;

		if (eol == NULL || eol == line || *line == ' ' || *line == '\t')
			return mp_malformed(e); /* no folded or empty lines here */
		colon = memchr(line, ':', (size_t)(eol - line));
		if (colon == NULL || colon == line)
			return mp_malformed(e);
		value = arena_strndup(a, colon + 1, (size_t)(eol - (colon + 1)));
		if (colon - line == 19 && strncasecmp(line, "Content-Disposition", 19) == 0) {
			if (disposition)
				return mp_malformed(e);
			disposition = true;
			if ((rc = mp_disposition(a, value, part, e)) != SAMSYN_OK)
				return rc;
		} else if (colon - line == 12 && strncasecmp(line, "Content-Type", 12) == 0) {
			if (!utf8_valid(value, strlen(value)))
				return mp_malformed(e);
			part->content_type = mp_skip_ows(value);
		}
		i = (size_t)(eol - h) + 2;
	}
	if (!disposition || part->name == NULL)
		return mp_malformed(e);
	return SAMSYN_OK;
}

/* form-data; name="x"; filename="y" */
static int
mp_disposition(struct arena *a, const char *v, struct multipart_part *part, struct err *e)
{
	const char *p = mp_skip_ows(v);

	if (strncasecmp(p, "form-data", 9) != 0)
		return mp_malformed(e);
	p += 9;
	for (;;) {
		const char *name, *value;
		size_t len;

		p = mp_skip_ows(p);
		if (*p == '\0')
			break;
		if (*p != ';')
			return mp_malformed(e);
		p = mp_skip_ows(p + 1);
		name = p;
		while (*p && *p != '=' && *p != ';' && *p != ' ' && *p != '\t')
			p++;
		len = (size_t)(p - name);
		p = mp_skip_ows(p);
		if (*p != '=')
			return mp_malformed(e);
		p = mp_skip_ows(p + 1);
		if ((value = mp_param_value(a, &p)) == NULL)
			return mp_malformed(e);
		if (strlen(value) > MULTIPART_MAX_NAME || !utf8_valid(value, strlen(value)))
			return mp_malformed(e);
		if (len == 4 && strncasecmp(name, "name", 4) == 0) {
			if (part->name != NULL || *value == '\0')
				return mp_malformed(e);
			part->name = value;
		} else if (len == 8 && strncasecmp(name, "filename", 8) == 0) {
			const char *base = value;

			if (part->filename != NULL)
				return mp_malformed(e);
			for (const char *q = value; *q; q++)
				if (*q == '/' || *q == '\\')
					base = q + 1;
			part->filename = base;
		}
		/* Other parameters (filename* among them, which RFC 7578 says not to
		 * send) are ignored. */
	}
	return SAMSYN_OK;
}

/* A parameter value at *pp: a quoted string or a token; NULL when malformed.  Moves *pp
 * past it. */
static const char *
mp_param_value(struct arena *a, const char **pp)
{
	const char *p = *pp, *start, *end;

	if (*p == '"') {
		start = p + 1;
		end = strchr(start, '"');
		if (end == NULL)
			return NULL;
		*pp = end + 1;
	} else {
		start = p;
		while (*p && *p != ';' && *p != ' ' && *p != '\t' && *p != '"')
			p++;
		end = p;
		if (end == start)
			return NULL;
		*pp = end;
	}
	return arena_strndup(a, start, (size_t)(end - start));
}

static int
mp_malformed(struct err *e)
{
	return err_set(e, SAMSYN_EINVAL, NULL,
		       "Formuläret kunde inte läsas (felaktig multipart/form-data).");
}
