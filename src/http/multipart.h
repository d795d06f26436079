/* multipart.h - multipart/form-data bodies (RFC 7578), as an HTML form with a file input
 * sends them.
 *
 * The parser reads a body that is already in memory and bounded by the server's
 * max_body.  It allocates only from the arena it is given: names and plain fields are
 * copied there (NUL-terminated); a file's bytes are not copied, its part points into the
 * body, which must outlive the parts.  Limits keep a hostile body cheap: at most
 * MULTIPART_MAX_PARTS parts, MULTIPART_MAX_HEADERS bytes of headers per part, and a
 * search for the delimiter that is linear in the body (memmem). */
#ifndef SAMSYN_MULTIPART_H
#define SAMSYN_MULTIPART_H

#include <stdbool.h>
#include <stddef.h>

#include "http/http.h"
#include "util/arena.h"
#include "util/err.h"

#define MULTIPART_MAX_PARTS 32
#define MULTIPART_MAX_HEADERS 2048 /* bytes of one part's header block */
#define MULTIPART_MAX_NAME 200     /* bytes of a field name or file name */
#define MULTIPART_MAX_BOUNDARY 70  /* RFC 2046 */

struct multipart_part {
	const char *name;         /* the form field's name: valid UTF-8, NUL-terminated */
	const char *filename;     /* NULL for a plain field; "" for a file input left empty.
				   * Any folder part a client sent is cut off. */
	const char *content_type; /* the part's own Content-Type, or NULL */
	const char *data;         /* a plain field: a NUL-terminated copy in valid UTF-8;
				   * a file: the bytes in the body, not NUL-terminated */
	size_t len;
};

/* True when a Content-Type header value names multipart/form-data. */
bool multipart_is_form_data(const char *content_type);

/* Parses body[0..n) under the given Content-Type header value into parts (in the arena,
 * in the order sent).  SAMSYN_EMEDIATYPE when the type is not multipart/form-data;
 * SAMSYN_EINVAL for a missing or malformed boundary, a part without a form-data
 * Content-Disposition and a name, a plain field that is not UTF-8, or a body that ends
 * before the closing delimiter; SAMSYN_ETOOBIG past the limits above.  The Swedish
 * message in e never quotes the body. */
int multipart_parse(struct arena *a, const char *content_type, const char *body, size_t n,
		    struct multipart_part **out, size_t *count, struct err *e);

/* The plain fields of a multipart body as form fields (files left out), for
 * http_form_parse.  Same errors as multipart_parse. */
int multipart_form_fields(struct arena *a, const char *content_type, const char *body,
			  size_t n, struct form_field **out, size_t *count, struct err *e);

/* The file part called name in the request's body: SAMSYN_OK with *out, SAMSYN_ENOTFOUND
 * when the form has no such file part, or multipart_parse's errors. */
int multipart_request_file(struct http_req *r, const char *name, struct multipart_part *out,
			   struct err *e);

#endif
