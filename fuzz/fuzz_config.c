/* fuzz_config.c - the configuration file parser. */
#include <stdint.h>

#include "config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config c;
	struct err e;

	config_defaults(&c);
	config_parse(&c, (const char *)data, size, &e);
	return 0;
}
