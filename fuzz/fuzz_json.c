/* fuzz_json.c - the API's JSON body check (jansson plus the field spec). */
#include <stdint.h>

#include "api/api.h"
#include "domain/user.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct api_field spec[] = {
		{"name", API_STRING, USER_NAME_MAX}, {"email", API_STRING, USER_EMAIL_MAX},
		{"unit_id", API_ID_OR_NULL, 0},      {"days", API_INT, 0},
		{"active", API_BOOL, 0},             {NULL, 0, 0},
	};
	struct err e;
	json_t *obj = NULL;

	if (api_parse_object((const char *)data, size, spec, &obj, &e) == SAMSYN_OK) {
		(void)api_str(obj, "name");
		(void)api_int(obj, "days");
		json_decref(obj);
	}
	return 0;
}
