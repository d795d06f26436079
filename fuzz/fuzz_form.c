/* fuzz_form.c - the URL-encoded form and query parser. */
#include <stdint.h>
#include <string.h>

#include "http/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	struct form_field *f;
	size_t n;

	arena_init(&a);
	if (http_urlencoded_parse(&a, (const char *)data, size, &f, &n) == SAMSYN_OK)
		for (size_t i = 0; i < n; i++)
			if (strlen(f[i].name) > size || strlen(f[i].value) > size)
				__builtin_trap();
	arena_release(&a);
	return 0;
}
