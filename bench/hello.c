/* hello.c - the bare libmicrohttpd server that bench/run.sh compares samsyn against.
 *
 * Same daemon options as samsyn's defaults (src/http/server.c): internal polling thread,
 * epoll, a pool of 2 threads, the same timeout and connection limits.  Answers "ok" to every request on the handler's second call, as
 * samsyn does: libmicrohttpd 0.9.75 closes a keep-alive connection after a reply given
 * on the first call.
 *
 * Usage: bench_hello [PORT]   (0 or none = any free port; prints the port on stdout)
 * Stops on SIGTERM or SIGINT. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* meson passes it; this is for a build by hand */
#endif
#include <arpa/inet.h>
#include <microhttpd.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char OK[] = "ok";
static struct MHD_Response *ok_response;
static int first_call_marker;

static enum MHD_Result
hello_access(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
	     const char *version, const char *upload_data, size_t *upload_data_size,
	     void **con_cls)
{
	(void)cls;
	(void)url;
	(void)method;
	(void)version;
	(void)upload_data;
	if (*con_cls == NULL) {
		*con_cls = &first_call_marker;
		return MHD_YES;
	}
	if (*upload_data_size > 0) {
		*upload_data_size = 0;
		return MHD_YES;
	}
	return MHD_queue_response(conn, MHD_HTTP_OK, ok_response);
}

int
main(int argc, char **argv)
{
	struct sockaddr_in sa;
	struct MHD_Daemon *d;
	const union MHD_DaemonInfo *info;
	sigset_t signals;
	char *end;
	long port = 0;
	int sig;

	if (argc > 2 || (argc == 2 && strcmp(argv[1], "-h") == 0)) {
		fprintf(stderr, "usage: %s [PORT]\n", argv[0]);
		return 2;
	}
	if (argc == 2) {
		port = strtol(argv[1], &end, 10);
		if (*argv[1] == '\0' || *end != '\0' || port < 0 || port > 65535) {
			fprintf(stderr, "bench_hello: bad port '%s'\n", argv[1]);
			return 2;
		}
	}
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);

	/* The pool threads inherit this mask; only sigwait below sees the signals. */
	sigemptyset(&signals);
	sigaddset(&signals, SIGINT);
	sigaddset(&signals, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &signals, NULL);
	signal(SIGPIPE, SIG_IGN);

	ok_response = MHD_create_response_from_buffer(sizeof(OK) - 1, (void *)OK,
						      MHD_RESPMEM_PERSISTENT);
	if (ok_response == NULL)
		return 1;
	MHD_add_response_header(ok_response, MHD_HTTP_HEADER_CONTENT_TYPE,
				"text/plain; charset=utf-8");
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC |
				     MHD_USE_ERROR_LOG,
			     0, NULL, NULL, hello_access, NULL, MHD_OPTION_SOCK_ADDR,
			     (struct sockaddr *)&sa, MHD_OPTION_THREAD_POOL_SIZE, 2u,
			     MHD_OPTION_CONNECTION_TIMEOUT, 30u,
			     MHD_OPTION_PER_IP_CONNECTION_LIMIT, 64u,
			     MHD_OPTION_CONNECTION_LIMIT, 1024u,
			     MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)64 * 1024,
			     MHD_OPTION_SIGPIPE_HANDLED_BY_APP, 1, MHD_OPTION_END);
	if (d == NULL) {
		fprintf(stderr, "bench_hello: cannot listen on 127.0.0.1:%ld\n", port);
		return 1;
	}
	info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	printf("%u\n", info ? (unsigned)info->port : 0u);
	fflush(stdout);

	while (sigwait(&signals, &sig) != 0)
		;
	MHD_stop_daemon(d);
	MHD_destroy_response(ok_response);
	return 0;
}
