/* http.h - a request as handlers see it, the route table's shape and the replies.
 *
 * Handlers (src/web, src/api) get a struct http_req: the parsed request, the open
 * transaction with the authenticated actor (r->tx), an arena for everything they
 * allocate, and an output buffer.  They return SAMSYN_OK, or an error code with r->err
 * filled; the server then rolls back the handler's writes, logs a denial when there was
 * one, and renders the error (as JSON or as a page, by route kind) unless the handler
 * set r->rendered to show its own page (a form with its errors, say). */
#ifndef SAMSYN_HTTP_H
#define SAMSYN_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/auth.h"
#include "domain/policy.h"
#include "domain/tx.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/err.h"

struct http_req;
typedef int (*http_handler)(struct http_req *r);

enum route_kind { ROUTE_API, ROUTE_PAGE, ROUTE_RAW };

enum route_flags {
	ROUTE_NO_TX = 1,   /* no transaction and no authentication: health and static files */
	ROUTE_NO_CSRF = 2, /* the login forms, which have no session yet (see web_login.c) */
};

/* One route: the table in src/routes.c lists them all.  Path patterns are literal
 * segments and typed parameters: {id} (a positive integer, r->id[]) and {file} (a plain
 * file name, r->file).  A request that does not fit the types matches nothing. */
struct route {
	const char *method;
	const char *pattern;
	http_handler handler;
	enum policy policy;
	enum route_kind kind;
	unsigned flags;
	/* Optional slow work (password hashing) run before the transaction and without any
	 * lock; it may read through r->tx.db outside a transaction and leaves its result in
	 * r->state for the handler.  It must not write. */
	http_handler prepare;
	/* The largest body this route takes, in bytes: a file upload may need more than the
	 * server's max_body.  The larger of the two applies; 0 leaves the server's.  It is
	 * checked against Content-Length before anything is read, and while a chunked body
	 * comes in. */
	size_t max_body;
	/* Optional: renders this route's own answer when its body is refused before the
	 * handler runs (too large: r->err is SAMSYN_ETOOBIG; unreadable, so that no CSRF
	 * token could be read from it: SAMSYN_EINVAL), with r->err's message and a way
	 * back.  It runs without the body, maybe without a transaction, and must not touch
	 * the database.  NULL: the server's error answer. */
	http_handler body_refused;
};

extern const struct route routes[];
extern const size_t routes_count;

#define HTTP_MAX_IDS 2
#define HTTP_MAX_COOKIES 2

struct form_field {
	const char *name, *value;
};

struct http_req {
	void *conn; /* struct MHD_Connection, for http/ only */
	const char *method;
	const char *path; /* without the query string */
	const struct route *route;
	int64_t id[HTTP_MAX_IDS];
	int nid;
	const char *file;
	char ip[64];

	struct arena arena;
	struct buf body;
	bool body_too_big;
	/* Held to the server's max_body: the route takes more, but only from a caller it
	 * lets in, and the request's credentials did not look like one (server.c). */
	bool body_limited;
	size_t discarded; /* bytes of an oversized chunked body thrown away */

	struct tx tx;
	struct err err;
	bool via_cookie; /* authenticated by the session cookie (CSRF applies) */
	char csrf[AUTH_TOKEN_LEN];

	void *state; /* from the route's prepare to its handler */
	void (*state_free)(void *state); /* called when the request ends, if set */

	struct form_field *form;
	size_t nform;
	bool form_parsed;

	/* the reply */
	int status;
	struct buf out;
	const char *content_type;
	const char *content_disposition; /* a download's: attachment; filename="..." */
	const char *location;
	const char *allow; /* the Allow header of a 405 */
	const char *set_cookie[HTTP_MAX_COOKIES];
	int ncookies;
	bool rendered;
	bool cacheable; /* static files; everything else is Cache-Control: no-store */

	uint64_t start_us;
};

/* Request data.  Values are decoded, valid UTF-8, NULL when absent (or not UTF-8). */
const char *http_query(struct http_req *r, const char *name);
const char *http_header(struct http_req *r, const char *name);
const char *http_cookie(struct http_req *r, const char *name);
/* A field of an application/x-www-form-urlencoded body, or a plain (not file) field of a
 * multipart/form-data body (the first of that name). */
const char *http_form(struct http_req *r, const char *name);
/* Parses the form body; SAMSYN_EINVAL for a malformed or non-UTF-8 body. */
int http_form_parse(struct http_req *r);

/* Who the request's cookie or bearer token belongs to, for a prepare function; 0 for
 * nobody.  Authentication proper happens in the transaction. */
int64_t http_peek_user(struct http_req *r, enum role *role);

/* Replies.  The body goes in r->out; these set status and headers. */
void http_reply(struct http_req *r, int status, const char *content_type);
void http_redirect(struct http_req *r, const char *location);
void http_add_cookie(struct http_req *r, const char *cookie);

/* The session cookie's name and attributes under the running configuration. */
const char *http_session_cookie_name(void);
/* A Set-Cookie value that sets (token != NULL) or clears the session cookie. */
const char *http_session_cookie(struct http_req *r, const char *token);
bool http_tls(void);

/* The value of one hex digit, or -1. */
int http_hex_value(char c);

/* Parses a URL-encoded string (a form body or a query) into fields; exported for the
 * fuzz target.  Returns SAMSYN_OK or SAMSYN_EINVAL. */
int http_urlencoded_parse(struct arena *a, const char *s, size_t n, struct form_field **out,
			  size_t *count);

#endif
