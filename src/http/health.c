/* health.c - /healthz for probes: 200 when the database answers, 503 otherwise. */
#include "http/health.h"

#include "db/db.h"
#include "http/server.h"

int
health_handler(struct http_req *r)
{
	struct db *db = server_db(&r->err);
	bool ok = db && db_ping(db, &r->err) == SAMSYN_OK;

	buf_puts(&r->out, ok ? "{\"status\":\"ok\"}" : "{\"status\":\"unavailable\"}");
	http_reply(r, ok ? 200 : 503, "application/json");
	return SAMSYN_OK;
}
