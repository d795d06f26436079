/* api.h - JSON in, JSON out, for every endpoint under /api/v1/. */
#ifndef SAMSYN_API_H
#define SAMSYN_API_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "http/http.h"

enum api_type { API_STRING, API_INT, API_BOOL, API_ID_OR_NULL };

/* One field an endpoint takes: its name, type and, for strings, the most characters. */
struct api_field {
	const char *name;
	enum api_type type;
	size_t max_chars;
};

/* Parses the request body as a JSON object whose fields all appear in spec (terminated
 * by a NULL name) with the declared types.  Sets *out (caller json_decref's) or fills
 * r->err: SAMSYN_EMEDIATYPE, SAMSYN_EBADJSON, SAMSYN_EUNKNOWNFIELD, SAMSYN_EINVAL. */
int api_body(struct http_req *r, const struct api_field *spec, json_t **out);

/* The same check on raw bytes (no request): exported for the fuzz target. */
int api_parse_object(const char *data, size_t n, const struct api_field *spec, json_t **out,
		     struct err *e);

/* Field access after api_body: the value, or NULL/0/false when absent or null. */
const char *api_str(json_t *o, const char *name);
int64_t api_int(json_t *o, const char *name);
bool api_bool(json_t *o, const char *name);
bool api_has(json_t *o, const char *name);

/* Replies with obj (the reference is taken). */
void api_reply(struct http_req *r, int status, json_t *obj);
void api_no_content(struct http_req *r);

/* The error renderer the server calls for API routes. */
void api_render_error(struct http_req *r, int code);

/* A stored time, or JSON null. */
json_t *api_time(const char *iso);
json_t *api_id(int64_t id);

#endif
