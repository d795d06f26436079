/* api_report.h - what api_report.c and api_intake.c share: reports of concern, children
 * and investigations as JSON (docs/API.md, "Reports of concern and intake"). */
#ifndef SAMSYN_API_REPORT_H
#define SAMSYN_API_REPORT_H

#include <jansson.h>

#include "api/api.h"
#include "domain/child.h"
#include "domain/intake.h"
#include "domain/report.h"
#include "http/http.h"

/* A string that may be NULL: the string, or JSON null. */
json_t *api_nullable(const char *s);

/* A child; address, school and school unit are null when details_hidden. */
json_t *api_child_json(const struct child *c);
/* An investigation with its extensions. */
json_t *api_investigation_json(const struct investigation *inv);

/* Like api_body, but an empty body counts as {} (actions whose fields are all
 * optional: submit, close, guardians informed ...). */
int api_body_or_empty(struct http_req *r, const struct api_field *spec, json_t **out);

#endif
