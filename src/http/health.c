/* health.c - /healthz for probes: 200 when the database answers, 503 otherwise. */
#include "http/health.h"

#include "db/db.h"
#include "http/server.h"

int
health_handler(struct http_req *r)
{
	struct db *db = server_db(&r->err);
	int64_t one = 0;
	bool ok = db && db_query_int64(db, "SELECT 1", &one, &r->err) == SAMSYN_OK && one == 1;

	buf_puts(&r->out, ok ? "{\"status\":\"ok\"}" : "{\"status\":\"unavailable\"}");
	http_reply(r, ok ? 200 : 503, "application/json");
	return SAMSYN_OK;
}
