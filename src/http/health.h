#ifndef SAMSYN_HEALTH_H
#define SAMSYN_HEALTH_H

#include "http/http.h"

/* GET /healthz: no authentication, no personal data. */
int health_handler(struct http_req *r);

#endif
