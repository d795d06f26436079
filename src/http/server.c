/* server.c - libmicrohttpd glue: one request, one transaction, one log line. */
#include "http/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "db/db.h"
#include "domain/audit.h"
#include "domain/auth.h"
#include "http/router.h"
#include "util/log.h"
#include "util/utf8.h"
#include "util/xalloc.h"

static const char CSP[] = "default-src 'self'; script-src 'self'; style-src 'self'; "
			  "img-src 'self' data:; object-src 'none'; base-uri 'none'; "
			  "form-action 'self'; frame-ancestors 'none'";

/* How much of a chunked body past its limit is read and thrown away before the
 * connection is closed: enough for the 413 to reach a client that sends a little too
 * much, and not more, however large the route's limit. */
#define SERVER_DISCARD_MAX ((size_t)1024 * 1024)

static struct server_config config;
/* Write transactions take turns in arrival order (a ticket lock).  Left to SQLite's busy
 * handler, a waiting thread naps up to 100 ms while the other thread takes the lock
 * again and again: multi-second stalls under load. */
static pthread_mutex_t turn_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t turn_cond = PTHREAD_COND_INITIALIZER;
static unsigned long turn_next, turn_serving;
static pthread_key_t db_key;
static atomic_int in_flight;

static enum MHD_Result server_access(void *cls, struct MHD_Connection *conn, const char *url,
				     const char *method, const char *version,
				     const char *upload_data, size_t *upload_data_size,
				     void **con_cls);
static void server_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			     enum MHD_RequestTerminationCode toe);
static void server_mhd_log(void *cls, const char *fmt, va_list ap);
static void server_dispatch(struct http_req *r);
static void server_run_handler_turn(struct http_req *r);
static void turn_take(void);
static void turn_give(void);
static void server_identify(struct http_req *r);
static enum MHD_Result server_send(struct http_req *r);
static void server_error(struct http_req *r, int code);
static size_t server_body_limit(struct http_req *r);
static void server_refuse_too_big(struct http_req *r);
static void server_refuse_body(struct http_req *r, int code);
static void server_db_destroy(void *p);
static size_t server_unescape(void *cls, struct MHD_Connection *conn, char *s);
static int server_parse_listen(const char *listen, struct sockaddr_in *sa, struct err *e);
static uint64_t now_us(void);
static void server_client_address(struct http_req *r);
static const char *server_log_safe(struct http_req *r, const char *s);

bool
http_tls(void)
{
	return config.tls;
}

void
server_config_defaults(struct server_config *cfg)
{
	*cfg = (struct server_config){
		.listen = "127.0.0.1:8080",
		.db_url = "var/samsyn.db",
		.threads = 2,
		.max_body = 1024 * 1024,
		.connection_timeout = 30,
		.per_ip_connections = 64,
		.max_connections = 1024,
		.connection_memory = 64 * 1024,
		.tls = false,
	};
}

struct db *
server_db(struct err *e)
{
	struct db *db = pthread_getspecific(db_key);

	if (db == NULL && db_open(&db, config.db_url, e) == SAMSYN_OK)
		pthread_setspecific(db_key, db);
	return db;
}

int
server_run(const struct server_config *cfg, struct err *e)
{
	struct sockaddr_in sa;
	struct MHD_Daemon *d;
	const union MHD_DaemonInfo *info;
	sigset_t signals;
	int sig = 0, waited;
	unsigned flags;

	config = *cfg;
	if (server_parse_listen(cfg->listen, &sa, e) != SAMSYN_OK)
		return e->code;
	if (pthread_key_create(&db_key, server_db_destroy) != 0)
		return err_set(e, SAMSYN_EINTERNAL, NULL, NULL);

	/* Every thread MHD starts inherits this mask; only sigwait below sees the signals. */
	sigemptyset(&signals);
	sigaddset(&signals, SIGINT);
	sigaddset(&signals, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &signals, NULL);
	signal(SIGPIPE, SIG_IGN);

	flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG;
	d = MHD_start_daemon(
		flags, 0, NULL, NULL, server_access, NULL, MHD_OPTION_EXTERNAL_LOGGER,
		server_mhd_log, NULL, MHD_OPTION_UNESCAPE_CALLBACK, server_unescape, NULL,
		MHD_OPTION_SOCK_ADDR,
		(struct sockaddr *)&sa, MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)cfg->threads,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)cfg->connection_timeout,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned int)cfg->per_ip_connections,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned int)cfg->max_connections,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)cfg->connection_memory,
		MHD_OPTION_NOTIFY_COMPLETED, server_completed, NULL,
		MHD_OPTION_SIGPIPE_HANDLED_BY_APP, 1, MHD_OPTION_END);
	if (d == NULL) {
		pthread_sigmask(SIG_UNBLOCK, &signals, NULL);
		return err_set(e, SAMSYN_EIO, "listen",
			       "Kan inte lyssna på %s: adressen används redan eller är fel.",
			       cfg->listen);
	}
	info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	{
		char host[INET_ADDRSTRLEN];

		inet_ntop(AF_INET, &sa.sin_addr, host, sizeof(host));
		log_info("listening on http://%s:%u (%u threads)", host,
			 info ? (unsigned)info->port : 0, cfg->threads);
	}

	while (sigwait(&signals, &sig) != 0)
		;
	log_info("stopping on signal %d: finishing requests in flight", sig);
	{
		/* Quiescing hands the listening socket back; closing it makes new
		 * connections fail at once instead of waiting in the kernel's backlog. */
		MHD_socket listen_fd = MHD_quiesce_daemon(d);

		if (listen_fd != MHD_INVALID_SOCKET)
			close(listen_fd);
	}
	for (waited = 0; atomic_load(&in_flight) > 0 && waited < 300; waited++)
		usleep(100 * 1000);
	MHD_stop_daemon(d);
	/* The signals stay blocked: a second SIGTERM while stopping changes nothing. */
	log_info("stopped");
	return SAMSYN_OK;
}

static enum MHD_Result
server_access(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
	      const char *version, const char *upload_data, size_t *upload_data_size,
	      void **con_cls)
{
	struct http_req *r = *con_cls;

	(void)cls;
	(void)version;
	if (r == NULL) {
		const union MHD_ConnectionInfo *ci;
		const char *length;

		r = xcalloc(1, sizeof(*r));
		atomic_fetch_add(&in_flight, 1);
		r->start_us = now_us();
		r->conn = conn;
		arena_init(&r->arena);
		buf_init(&r->out, BUF_MAX_DEFAULT);
		r->method = arena_strdup(&r->arena, method);
		r->path = arena_strdup(&r->arena, url);
		/* The route decides how large a body may be (an upload may take more, but
		 * only for a caller it would let in). */
		router_match(r);
		buf_init(&r->body, server_body_limit(r));
		ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET)
			inet_ntop(AF_INET, &((struct sockaddr_in *)ci->client_addr)->sin_addr,
				  r->ip, sizeof(r->ip));
		else if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((struct sockaddr_in6 *)ci->client_addr)->sin6_addr,
				  r->ip, sizeof(r->ip));
		server_client_address(r);
		*con_cls = r;
		/* Refuse an announced oversized body before reading any of it. */
		length = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
						     MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (length) {
			char *end;
			unsigned long long n;

			errno = 0;
			n = strtoull(length, &end, 10);
			if (errno != 0 || end == length || *end != '\0' || n > r->body.max) {
				r->body_too_big = true;
				/* A caller held to the server's limit is asked who they are
				 * first: 401 (or 403), logged as a denial, not a 413. */
				if (r->body_limited)
					server_dispatch(r);
				else
					server_refuse_too_big(r);
				return server_send(r);
			}
		}
		/* Answer on a later call: 0.9.75 closes the connection after a reply given
		 * on the first call, and keep-alive is worth much more than one call. */
		return MHD_YES;
	}
	if (*upload_data_size > 0) {
		if (!r->body_too_big &&
		    buf_append(&r->body, upload_data, *upload_data_size) != SAMSYN_OK)
			r->body_too_big = true;
		if (r->body_too_big) {
			/* A chunked body past the limit is discarded as it comes, but not for
			 * ever: past a fixed amount more (whatever the limit) the connection
			 * is closed. */
			r->discarded += *upload_data_size;
			if (r->discarded > SERVER_DISCARD_MAX) {
				*upload_data_size = 0;
				return MHD_NO;
			}
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (r->status != 0)
		return MHD_YES; /* answered already (the 413 above) */
	server_dispatch(r);
	return server_send(r);
}

static void
server_dispatch(struct http_req *r)
{
	int rc;

	if ((rc = router_match(r)) != SAMSYN_OK) {
		if (rc == SAMSYN_EMETHOD)
			r->allow = router_allowed(r);
		server_identify(r);
		server_error(r, rc);
		return;
	}
	if (r->body_too_big && !r->body_limited) {
		server_refuse_too_big(r);
		return;
	}
	r->tx.arena = &r->arena;
	r->tx.channel = r->route->kind == ROUTE_API ? CHANNEL_API : CHANNEL_WEB;
	if (r->route->flags & ROUTE_NO_TX) {
		rc = r->route->handler(r);
		if (rc != SAMSYN_OK && !r->rendered)
			server_error(r, rc);
		return;
	}
	if (r->route->prepare && !r->body_too_big) {
		if ((r->tx.db = server_db(&r->err)) == NULL) {
			server_error(r, SAMSYN_EUNAVAILABLE);
			return;
		}
		if ((rc = r->route->prepare(r)) != SAMSYN_OK) {
			if (!r->rendered)
				server_error(r, rc);
			return;
		}
	}
	turn_take();
	server_run_handler_turn(r);
	turn_give();
}

int64_t
http_peek_user(struct http_req *r, enum role *role)
{
	const char *auth = http_header(r, MHD_HTTP_HEADER_AUTHORIZATION);
	struct db *db = r->tx.db ? r->tx.db : server_db(NULL);

	if (db == NULL)
		return 0;
	return auth_peek_user(db, http_cookie(r, http_session_cookie_name()),
			      auth && strncmp(auth, "Bearer ", 7) == 0 ? auth + 7 : NULL, role);
}

static void
turn_take(void)
{
	unsigned long mine;

	pthread_mutex_lock(&turn_mutex);
	mine = turn_next++;
	while (mine != turn_serving)
		pthread_cond_wait(&turn_cond, &turn_mutex);
	pthread_mutex_unlock(&turn_mutex);
}

static void
turn_give(void)
{
	pthread_mutex_lock(&turn_mutex);
	turn_serving++;
	pthread_cond_broadcast(&turn_cond);
	pthread_mutex_unlock(&turn_mutex);
}

void
server_turn_take(void)
{
	turn_take();
}

void
server_turn_give(void)
{
	turn_give();
}

/* Authentication, CSRF, policy and the handler, all in one transaction; the caller holds
 * the turn. */
static void
server_run_handler_turn(struct http_req *r)
{
	const struct route *rt = r->route;
	const char *auth, *cookie, *sent;
	struct err e;
	int rc, auth_rc = SAMSYN_OK;
	bool denial = false;

	err_clear(&e);
	if ((r->tx.db = server_db(&r->err)) == NULL) {
		server_error(r, SAMSYN_EUNAVAILABLE);
		return;
	}
	if ((rc = db_begin(r->tx.db, &r->err)) != SAMSYN_OK) {
		server_error(r, rc);
		return;
	}

	auth = http_header(r, MHD_HTTP_HEADER_AUTHORIZATION);
	cookie = http_cookie(r, http_session_cookie_name());
	if (auth && strncmp(auth, "Bearer ", 7) == 0) {
		auth_rc = auth_token_resume(&r->tx, auth + 7, &r->err);
	} else if (cookie) {
		auth_rc = auth_session_resume(&r->tx, cookie, r->csrf, &r->err);
		r->via_cookie = auth_rc == SAMSYN_OK;
		if (auth_rc == SAMSYN_EUNAUTH)
			http_add_cookie(r, http_session_cookie(r, NULL));
	} else if (auth) {
		auth_rc = err_set(&r->err, SAMSYN_EUNAUTH, NULL, NULL);
	}
	if (auth_rc != SAMSYN_OK && auth_rc != SAMSYN_EUNAUTH) {
		rc = auth_rc;
		goto rollback;
	}
	if (r->tx.actor.user_id == 0 && (policy_needs_login(rt->policy) || auth)) {
		/* Every denied request is logged, the unauthenticated ones too. */
		tx_deny(&r->tx, rt->pattern, r->nid ? r->id[0] : 0, NULL, 0);
		rc = auth_rc != SAMSYN_OK ? auth_rc : err_set(&r->err, SAMSYN_EUNAUTH, NULL, NULL);
		denial = true;
		goto finish;
	}
	if (r->body_too_big) {
		/* Held to the server's limit (server_body_limit) yet logged in after all: the
		 * session began between the two looks.  Too big all the same. */
		server_refuse_too_big(r);
		rc = SAMSYN_ETOOBIG;
		goto finish;
	}
	if (r->via_cookie && strcmp(r->method, "GET") != 0 && strcmp(r->method, "HEAD") != 0 &&
	    !(rt->flags & ROUTE_NO_CSRF)) {
		sent = http_header(r, "X-CSRF-Token");
		if (sent == NULL && rt->kind == ROUTE_PAGE && http_form_parse(r) != SAMSYN_OK) {
			/* A body that cannot be read (a cut-off upload, a broken multipart
			 * body) is the client's fault, not a forgery: 400, and nothing runs. */
			rc = err_set(&r->err, SAMSYN_EINVAL, NULL,
				     "Formuläret kunde inte läsas: det som skickades var trasigt "
				     "eller ofullständigt. Inget sparades. Försök igen.");
			server_refuse_body(r, rc);
			goto finish;
		}
		if (sent == NULL && rt->kind == ROUTE_PAGE)
			sent = http_form(r, "_csrf");
		if (!auth_token_equal(sent, r->csrf)) {
			tx_deny(&r->tx, rt->pattern, r->nid ? r->id[0] : 0, NULL, 0);
			rc = err_set(&r->err, SAMSYN_ECSRF, NULL, NULL);
			denial = true;
			goto finish;
		}
	}
	if (!policy_allows(rt->policy, &r->tx.actor)) {
		tx_deny(&r->tx, rt->pattern, r->nid ? r->id[0] : 0, NULL, 0);
		rc = err_set(&r->err, SAMSYN_EFORBIDDEN, NULL, NULL);
		denial = true;
		goto finish;
	}

	if ((rc = db_savepoint(r->tx.db, &r->err)) != SAMSYN_OK)
		goto rollback;
	r->tx.reads = r->tx.reads_tail = NULL; /* only the handler's own reads */
	rc = rt->handler(r);
	if (rc == SAMSYN_OK) {
		rc = db_release_savepoint(r->tx.db, &r->err);
	} else {
		if (db_rollback_savepoint(r->tx.db, &e) != SAMSYN_OK) {
			rc = e.code;
			goto rollback;
		}
		denial = r->tx.denial.set;
		/* A page shown with its error may show personal data it read: log the reads
		 * again, as the rollback took their rows with the rest. */
		if (r->rendered && audit_replay_reads(&r->tx, &e) != SAMSYN_OK) {
			rc = e.code;
			goto rollback;
		}
	}

finish:
	if (denial) {
		struct audit_event ev = {
			.action = r->tx.denial.action ? r->tx.denial.action : "deny",
			.subject_type = r->tx.denial.subject_type,
			.subject_id = r->tx.denial.subject_id,
			.record_type = r->tx.denial.record_type,
			.record_id = r->tx.denial.record_id,
			.outcome = "denied",
		};
		int arc = audit_append(&r->tx, &ev, &e);

		if (arc != SAMSYN_OK) {
			rc = arc;
			goto rollback;
		}
	}
	if (db_commit(r->tx.db, &e) != SAMSYN_OK) {
		server_error(r, e.code);
		return;
	}
	if (rc != SAMSYN_OK && !r->rendered)
		server_error(r, rc);
	return;
rollback:
	db_rollback(r->tx.db);
	r->rendered = false;
	server_error(r, rc);
}

/* For an error page on a path with no route: who is asking, so the page can show the
 * menu to a logged-in user.  Any failure here just leaves the visitor anonymous. */
static void
server_identify(struct http_req *r)
{
	const char *cookie = http_cookie(r, http_session_cookie_name());
	struct err e;

	if (cookie == NULL || strncmp(r->path, "/api/", 5) == 0 ||
	    (r->tx.db = server_db(&e)) == NULL)
		return;
	turn_take();
	if (db_begin(r->tx.db, &e) == SAMSYN_OK) {
		r->tx.arena = &r->arena;
		if (auth_session_resume(&r->tx, cookie, r->csrf, &e) == SAMSYN_OK)
			r->via_cookie = true;
		if (db_commit(r->tx.db, &e) != SAMSYN_OK)
			r->tx.actor = (struct actor){0};
	}
	turn_give();
}

/* The largest body the request's route takes: the server's max_body, or the route's own
 * limit when that is larger (an upload) and the request carries a session cookie or bearer
 * token that looks valid for a user the route's policy lets in.  Anyone else is held to
 * the server's limit (r->body_limited), so that an anonymous client cannot make the
 * server hold the larger body: logging in proper happens once the body is read.  Unknown
 * routes get the server's. */
static size_t
server_body_limit(struct http_req *r)
{
	size_t route_max = r->route ? r->route->max_body : 0;
	struct actor peeked = {0};

	if (route_max <= config.max_body)
		return config.max_body;
	if (policy_needs_login(r->route->policy))
		peeked.user_id = http_peek_user(r, &peeked.role);
	if (policy_allows(r->route->policy, &peeked))
		return route_max;
	r->body_limited = true;
	return config.max_body;
}

/* A body over the route's limit, announced or found while reading: 413 with the limit in
 * words, as a page with the visitor's menu on page routes. */
static void
server_refuse_too_big(struct http_req *r)
{
	size_t limit = r->body.max;

	if (limit >= 1024 * 1024 && limit % (1024 * 1024) == 0)
		err_set(&r->err, SAMSYN_ETOOBIG, NULL,
			"Det som skickades är för stort: högst %zu MB tas emot.",
			limit / (1024 * 1024));
	else
		err_set(&r->err, SAMSYN_ETOOBIG, NULL,
			"Det som skickades är för stort: högst %zu KiB tas emot.", limit / 1024);
	if (r->route && r->route->kind == ROUTE_PAGE && r->tx.actor.user_id == 0)
		server_identify(r);
	server_refuse_body(r, SAMSYN_ETOOBIG);
}

/* A body refused before the handler: the route's own page when it has one (with a way
 * back to where the visitor came from), else the usual error.  Either way the answer is
 * made here (r->rendered), not again when the transaction ends. */
static void
server_refuse_body(struct http_req *r, int code)
{
	if (!(r->route && r->route->body_refused && r->route->body_refused(r) == SAMSYN_OK &&
	      r->status != 0))
		server_error(r, code);
	r->rendered = true;
}

/* Renders an error by route kind; keeps a detail the handler set for the same code. */
static void
server_error(struct http_req *r, int code)
{
	bool api = r->route ? r->route->kind == ROUTE_API : strncmp(r->path, "/api/", 5) == 0;

	if (r->err.code != code)
		err_set(&r->err, code, NULL, NULL);
	if (code == SAMSYN_EUNAVAILABLE || code == SAMSYN_EDB || code == SAMSYN_EIO ||
	    code == SAMSYN_EINTERNAL)
		err_set(&r->err, code, NULL, NULL);
	buf_reset(&r->out);
	r->location = NULL;
	r->content_disposition = NULL;
	/* A cookie set by a handler whose work is being thrown away must not reach the
	 * client (a session that was never committed, say); clearing ones may. */
	{
		int kept = 0;

		for (int i = 0; i < r->ncookies; i++)
			if (strstr(r->set_cookie[i], "Max-Age=0"))
				r->set_cookie[kept++] = r->set_cookie[i];
		r->ncookies = kept;
	}
	if (api && config.render_api_error)
		config.render_api_error(r, code);
	else if (!api && config.render_page_error)
		config.render_page_error(r, code);
	else {
		buf_puts(&r->out, err_default_message(code));
		http_reply(r, err_http_status(code), "text/plain; charset=utf-8");
	}
}

static enum MHD_Result
server_send(struct http_req *r)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;
	size_t len;
	char *body;

	if (r->status == 0)
		server_error(r, SAMSYN_EINTERNAL);
	body = buf_detach(&r->out, &len);
	resp = MHD_create_response_from_buffer_with_free_callback(len, body, free);
	if (resp == NULL) {
		free(body);
		return MHD_NO;
	}
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
				r->content_type ? r->content_type : "text/plain; charset=utf-8");
	MHD_add_response_header(resp, "Content-Security-Policy", CSP);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Cross-Origin-Opener-Policy", "same-origin");
	MHD_add_response_header(resp, "Permissions-Policy", "camera=(), microphone=(), geolocation=()");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL,
				r->cacheable ? "public, max-age=3600" : "no-store");
	if (config.tls)
		MHD_add_response_header(resp, "Strict-Transport-Security", "max-age=31536000");
	if (r->location)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_LOCATION, r->location);
	if (r->content_disposition)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_DISPOSITION,
					r->content_disposition);
	if (r->allow)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, r->allow);
	for (int i = 0; i < r->ncookies; i++)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_SET_COOKIE, r->set_cookie[i]);
	ret = MHD_queue_response(r->conn, (unsigned int)r->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static void
server_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
		 enum MHD_RequestTerminationCode toe)
{
	struct http_req *r = *con_cls;

	(void)cls;
	(void)conn;
	if (r == NULL)
		return;
	/* The path is logged without its query string; no personal data goes in paths.
	 * Control bytes are escaped, so a decoded %0A cannot forge a line of its own. */
	fprintf(stderr, "samsyn: %s %s %d %lluus user=%lld%s\n", r->method,
		server_log_safe(r, r->path), r->status,
		(unsigned long long)(now_us() - r->start_us), (long long)r->tx.actor.user_id,
		toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " aborted");
	if (r->state_free)
		r->state_free(r->state);
	arena_release(&r->arena);
	buf_release(&r->body);
	buf_release(&r->out);
	free(r);
	*con_cls = NULL;
	atomic_fetch_sub(&in_flight, 1);
}

static void
server_mhd_log(void *cls, const char *fmt, va_list ap)
{
	char line[512];
	size_t n;

	(void)cls;
	vsnprintf(line, sizeof(line), fmt, ap);
	n = strlen(line);
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	log_warn("http: %s", line);
}

/* Decodes %HH in paths and query values, except %00: a NUL would cut the C string the
 * router sees, so "/users/1%00abc" would pass for "/users/1".  Left as text it matches
 * no route and fails every check. */
static size_t
server_unescape(void *cls, struct MHD_Connection *conn, char *s)
{
	char *w = s;

	(void)cls;
	(void)conn;
	for (const char *p = s; *p; p++) {
		int hi, lo;

		if (*p == '%' && (hi = http_hex_value(p[1])) >= 0 &&
		    (lo = http_hex_value(p[2])) >= 0 &&
		    (hi | lo) != 0) {
			*w++ = (char)(hi * 16 + lo);
			p += 2;
		} else {
			*w++ = *p;
		}
	}
	*w = '\0';
	return (size_t)(w - s);
}

static void
server_db_destroy(void *p)
{
	db_close(p);
}

static int
server_parse_listen(const char *listen, struct sockaddr_in *sa, struct err *e)
{
	const char *colon = listen ? strrchr(listen, ':') : NULL;
	char host[64], *end;
	long port;

	if (colon == NULL || (size_t)(colon - listen) >= sizeof(host))
		return err_set(e, SAMSYN_EINVAL, "listen", "Ange adressen som ADRESS:PORT.");
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = '\0';
	errno = 0;
	port = strtol(colon + 1, &end, 10);
	if (errno || *end != '\0' || end == colon + 1 || port < 0 || port > 65535)
		return err_set(e, SAMSYN_EINVAL, "listen", "Porten ska vara ett tal 0–65535.");
	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	sa->sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, *host ? host : "127.0.0.1", &sa->sin_addr) != 1)
		return err_set(e, SAMSYN_EINVAL, "listen",
			       "Adressen ska vara en IPv4-adress, t.ex. 127.0.0.1.");
	return SAMSYN_OK;
}

/* Behind the configured proxy the client is the last address the proxy added to
 * X-Forwarded-For (earlier ones come from the client and prove nothing). */
static void
server_client_address(struct http_req *r)
{
	const char *xff, *last;
	char candidate[64];
	unsigned char addr[16];
	size_t n;

	if (config.trusted_proxy == NULL || *config.trusted_proxy == '\0' ||
	    strcmp(r->ip, config.trusted_proxy) != 0)
		return;
	xff = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "X-Forwarded-For");
	if (xff == NULL)
		return;
	last = strrchr(xff, ',');
	last = last ? last + 1 : xff;
	while (*last == ' ')
		last++;
	n = strcspn(last, " ");
	if (n == 0 || n >= sizeof(candidate))
		return;
	memcpy(candidate, last, n);
	candidate[n] = '\0';
	if (inet_pton(AF_INET, candidate, addr) == 1 || inet_pton(AF_INET6, candidate, addr) == 1)
		snprintf(r->ip, sizeof(r->ip), "%s", candidate);
}

static const char *
server_log_safe(struct http_req *r, const char *s)
{
	struct buf b;
	const char *out;
	bool plain = true;

	for (const unsigned char *p = (const unsigned char *)s; *p && plain; p++)
		plain = *p >= 0x20 && *p != 0x7f && *p != ' ';
	if (plain)
		return s;
	buf_init(&b, 4096);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x20 || *p == 0x7f || *p == ' ' || *p == '\\')
			buf_printf(&b, "\\x%02x", *p);
		else
			buf_putc(&b, (char)*p);
	}
	out = arena_strdup(&r->arena, buf_cstr(&b));
	buf_release(&b);
	return out;
}

static uint64_t
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}
