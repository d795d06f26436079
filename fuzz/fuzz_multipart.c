/* fuzz_multipart.c - the multipart/form-data parser (file uploads).  The input's first
 * line is the Content-Type header value, the rest the body. */
#include <stdint.h>
#include <string.h>

#include "http/multipart.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *nl = memchr(data, '\n', size);
	struct multipart_part *parts;
	struct form_field *fields;
	size_t nparts, nfields, tlen;
	struct arena a;
	struct err e;
	char *type;

	if (nl == NULL)
		return 0;
	tlen = (size_t)(nl - (const char *)data);
	arena_init(&a);
	type = arena_strndup(&a, (const char *)data, tlen);
	if (strlen(type) == tlen &&
	    multipart_parse(&a, type, nl + 1, size - tlen - 1, &parts, &nparts, &e) ==
		    SAMSYN_OK) {
		if (nparts > MULTIPART_MAX_PARTS)
			__builtin_trap();
		for (size_t i = 0; i < nparts; i++) {
			const char *body = nl + 1;

			/* Every part lies inside the body (files) or is a copy of one (fields). */
			if (parts[i].len > size || strlen(parts[i].name) > MULTIPART_MAX_NAME)
				__builtin_trap();
			if (parts[i].filename &&
			    (parts[i].data < body || parts[i].data + parts[i].len > body +
								(size - tlen - 1)))
				__builtin_trap();
			if (parts[i].filename == NULL && strlen(parts[i].data) != parts[i].len)
				__builtin_trap();
		}
		if (multipart_form_fields(&a, type, nl + 1, size - tlen - 1, &fields, &nfields,
					  &e) != SAMSYN_OK ||
		    nfields > nparts)
			__builtin_trap();
	}
	arena_release(&a);
	return 0;
}
