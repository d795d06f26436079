/* static.h - the CSS and images, compiled into the binary (no file system access, so no
 * path can reach outside them). */
#ifndef SAMSYN_STATIC_H
#define SAMSYN_STATIC_H

#include "http/http.h"

/* GET /static/{file} */
int static_handler(struct http_req *r);

#endif
