/* server.h - the HTTP server: libmicrohttpd with an internal thread pool on epoll. */
#ifndef SAMSYN_SERVER_H
#define SAMSYN_SERVER_H

#include <stdbool.h>
#include <stddef.h>

#include "http/http.h"
#include "util/err.h"

struct server_config {
	const char *listen; /* "127.0.0.1:8080"; port 0 picks a free one */
	const char *db_url;
	unsigned threads;
	size_t max_body;          /* bytes; larger bodies get 413 before they are read */
	unsigned connection_timeout; /* seconds of silence before a connection is closed */
	unsigned per_ip_connections;
	unsigned max_connections;
	size_t connection_memory; /* bytes per connection for headers and buffers */
	bool tls;                 /* served behind a TLS proxy: Secure cookies */
	/* The reverse proxy's address: from it, X-Forwarded-For names the client. */
	const char *trusted_proxy;
	/* How errors look: JSON under /api/, a page elsewhere. */
	void (*render_api_error)(struct http_req *r, int code);
	void (*render_page_error)(struct http_req *r, int code);
};

void server_config_defaults(struct server_config *cfg);

/* Serves until SIGINT or SIGTERM, then lets requests in flight finish and returns. */
int server_run(const struct server_config *cfg, struct err *e);

/* The calling thread's database connection (opened on first use); NULL when the
 * database cannot be opened. */
struct db *server_db(struct err *e);

/* The turn that write transactions take in arrival order (see server.c), for a thread
 * outside the pool, such as the mailer's, to hold around each of its own short
 * transactions.  Never hold it across slow work: every request waits for it. */
void server_turn_take(void);
void server_turn_give(void);

#endif
