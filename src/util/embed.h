/* embed.h - files compiled into the binary (tools/embed.py). */
#ifndef SAMSYN_EMBED_H
#define SAMSYN_EMBED_H

#include <stddef.h>

struct embedded_file {
	const char *name; /* base name; NULL ends the array */
	const unsigned char *data; /* NUL-terminated */
	size_t len;
};

#endif
