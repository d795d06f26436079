/* router.h - matches a method and path against the route table. */
#ifndef SAMSYN_ROUTER_H
#define SAMSYN_ROUTER_H

#include "http/http.h"

/* Finds the route for r->method and r->path and fills r->route, r->id and r->file.
 * SAMSYN_ENOTFOUND when no pattern fits, SAMSYN_EMETHOD when one fits another method. */
int router_match(struct http_req *r);

/* The methods the table has for r->path, as an Allow header ("GET, HEAD, POST"). */
const char *router_allowed(struct http_req *r);

/* True when s is a plain file name: [A-Za-z0-9_-] and inner dots, no "..". */
bool router_plain_file(const char *s);

#endif
