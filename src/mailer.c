/* mailer.c - sends queued mail while `samsyn serve` runs (see mailer.h).
 *
 * Why a connection of its own and the server's turn around each transaction: a
 * connection serves one thread at a time, so the mailer cannot borrow a request
 * thread's; and the turn is how the server keeps its writers from meeting in SQLite's
 * busy handler (server.c), so the mailer queues for it like any request, but only for
 * the milliseconds of its own short transactions.  The mail command, which may take
 * seconds, runs with neither the turn nor a transaction held. */
#include "mailer.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "db/db.h"
#include "domain/outbox.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/xalloc.h"

#define MAILER_INTERVAL 3         /* seconds between passes over the queue */
#define MAILER_COMMAND_SECONDS 60 /* a command still running then is killed */
#define MAILER_STOP_GRACE 5       /* seconds a running command gets once the server stops */
#define MAILER_MESSAGE_MAX (64 * 1024)
#define MAILER_REASON_MAX 128

/* After a pass in which every try failed the command itself is likely broken (not one
 * address): the next passes wait longer, so five tries span most of an hour. */
static const int backoff_seconds[] = {30, 120, 600, 1800};
#define MAILER_BACKOFF_LEVELS ((int)(sizeof(backoff_seconds) / sizeof(backoff_seconds[0])))

/* The mail command gets these from samsyn's environment and nothing else: the rest (a
 * database URL with its password, say) is none of its business. */
static const char *const env_kept[] = {"PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR",
				       "USER", "LOGNAME", NULL};
#define MAILER_ENV_MAX 9

enum mailer_outcome { MAIL_SENT, MAIL_FAILED, MAIL_DROPPED };

struct mailer {
	struct mailer_config cfg;
	char *argv[4]; /* sh -c COMMAND */
	char *envp[MAILER_ENV_MAX + 1];
	pthread_t thread;
	pthread_mutex_t mutex;
	pthread_cond_t cond;
	bool stopping;           /* under mutex */
	struct timespec stop_at; /* CLOCK_MONOTONIC, when stopping was set */
	struct db *db;
	bool db_down; /* logged once until it answers again */
};

/* One step on the database, in a transaction of its own. */
struct mailer_op {
	enum { OP_NEXT, OP_SENT, OP_FAILED } kind;
	int64_t id; /* OP_NEXT: the id to start after; otherwise the mail's */
	struct outbox_mail *mail;
	const char *reason;
	bool final;
};

static void *mailer_main(void *arg);
static void mailer_pass(struct mailer *m, int *sent, int *failed);
static enum mailer_outcome mailer_send(struct mailer *m, const struct outbox_mail *mail);
static void mailer_record(struct mailer *m, int64_t id, bool sent, const char *reason,
			  bool final);
static int mailer_op_run(struct mailer *m, struct mailer_op *op, struct err *e);
static bool mailer_connect(struct mailer *m);
static bool mailer_pipe(struct mailer *m, const char *msg, size_t len, char *reason);
static void mailer_child(int in, int out, int maxfd, char *const argv[], char *const envp[])
	__attribute__((noreturn));
static void mailer_write_all(int fd, const char *p, size_t n);
static int mailer_wait(struct mailer *m, pid_t pid, bool *killed);
static bool mailer_overdue(struct mailer *m, const struct timespec *start);
static bool mailer_stopping(struct mailer *m);
static void mailer_sleep(struct mailer *m, int seconds);
static void mailer_env(struct mailer *m);
static void mailer_free(struct mailer *m);
static int64_t elapsed_ms(const struct timespec *since);

int
mailer_start(struct mailer **out, const struct mailer_config *cfg, struct err *e)
{
	pthread_condattr_t attr;
	sigset_t all, old;
	struct mailer *m;
	int rc;

	*out = NULL;
	if (cfg->command == NULL || *cfg->command == '\0') {
		log_info("mail_command is not set: mail stays queued");
		return SAMSYN_OK;
	}
	m = xcalloc(1, sizeof(*m));
	m->cfg = *cfg;
	m->argv[0] = xstrdup("sh");
	m->argv[1] = xstrdup("-c");
	m->argv[2] = xstrdup(cfg->command);
	mailer_env(m);
	pthread_mutex_init(&m->mutex, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&m->cond, &attr);
	pthread_condattr_destroy(&attr);
	/* The thread takes no signal: SIGTERM and SIGINT are the server's to sigwait for. */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	rc = pthread_create(&m->thread, NULL, mailer_main, m);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		mailer_free(m);
		return err_set(e, SAMSYN_EINTERNAL, NULL, "E-postutskicket kunde inte starta.");
	}
	log_info("mailer: sending queued mail through mail_command every %d s", MAILER_INTERVAL);
	*out = m;
	return SAMSYN_OK;
}

void
mailer_stop(struct mailer *m)
{
	if (m == NULL)
		return;
	pthread_mutex_lock(&m->mutex);
	m->stopping = true;
	clock_gettime(CLOCK_MONOTONIC, &m->stop_at);
	pthread_cond_broadcast(&m->cond);
	pthread_mutex_unlock(&m->mutex);
	pthread_join(m->thread, NULL);
	mailer_free(m);
}

static void *
mailer_main(void *arg)
{
	struct mailer *m = arg;
	int level = 0;

	while (!mailer_stopping(m)) {
		int sent = 0, failed = 0;

		mailer_pass(m, &sent, &failed);
		if (failed > 0 && sent == 0)
			level = level < MAILER_BACKOFF_LEVELS ? level + 1 : level;
		else
			level = 0;
		mailer_sleep(m, level > 0 ? backoff_seconds[level - 1] : MAILER_INTERVAL);
	}
	db_close(m->db);
	m->db = NULL;
	return NULL;
}

/* Each due mail once, oldest first; a mail that fails waits for the next pass. */
static void
mailer_pass(struct mailer *m, int *sent, int *failed)
{
	struct outbox_mail mail;
	struct mailer_op next = {.kind = OP_NEXT, .mail = &mail};
	struct err e;

	if (!mailer_connect(m))
		return;
	while (!mailer_stopping(m)) {
		int rc = mailer_op_run(m, &next, &e);

		if (rc != SAMSYN_OK) {
			if (rc != SAMSYN_ENOTFOUND) {
				log_warn("mailer: cannot read the outbox (%s)", err_code_name(rc));
				(*failed)++; /* and wait longer before the next look */
			}
			return;
		}
		next.id = mail.id;
		switch (mailer_send(m, &mail)) {
		case MAIL_SENT:
			(*sent)++;
			break;
		case MAIL_FAILED:
			(*failed)++;
			break;
		case MAIL_DROPPED:
			break;
		}
	}
}

static enum mailer_outcome
mailer_send(struct mailer *m, const struct outbox_mail *mail)
{
	struct outbox_sender sender = {.from = m->cfg.from, .public_url = m->cfg.public_url};
	char reason[MAILER_REASON_MAX] = "";
	enum mailer_outcome outcome = MAIL_FAILED;
	struct buf msg;

	buf_init(&msg, MAILER_MESSAGE_MAX);
	if (!mail->active) {
		snprintf(reason, sizeof(reason), "Användaren är inaktiverad; inget skickades.");
		outcome = MAIL_DROPPED;
	} else if (outbox_message(&sender, mail, &msg) != SAMSYN_OK) {
		snprintf(reason, sizeof(reason), "Adressen kan inte stå i ett brevhuvud; inget "
						 "skickades.");
		outcome = MAIL_DROPPED;
	} else if (mailer_pipe(m, buf_cstr(&msg), msg.len, reason)) {
		outcome = MAIL_SENT;
	}
	buf_release(&msg);
	mailer_record(m, mail->id, outcome == MAIL_SENT, reason, outcome == MAIL_DROPPED);
	return outcome;
}

/* The log names the row, never the address. */
static void
mailer_record(struct mailer *m, int64_t id, bool sent, const char *reason, bool final)
{
	struct mailer_op op = {.kind = sent ? OP_SENT : OP_FAILED, .id = id, .reason = reason,
			       .final = final};
	struct err e;
	int rc;

	if (sent)
		log_info("mailer: mail %lld handed to mail_command", (long long)id);
	else
		log_warn("mailer: mail %lld not sent: %s", (long long)id, reason);
	if ((rc = mailer_op_run(m, &op, &e)) != SAMSYN_OK)
		log_warn("mailer: mail %lld: the result could not be stored (%s)%s", (long long)id,
			 err_code_name(rc), sent ? "; it will be sent again" : "");
}

static int
mailer_op_run(struct mailer *m, struct mailer_op *op, struct err *e)
{
	int rc, commit_rc;

	if (m->cfg.lock)
		m->cfg.lock();
	if ((rc = db_begin(m->db, e)) == SAMSYN_OK) {
		if (op->kind == OP_NEXT)
			rc = outbox_next(m->db, op->id, op->mail, e);
		else if (op->kind == OP_SENT)
			rc = outbox_mark_sent(m->db, op->id, e);
		else
			rc = outbox_mark_failed(m->db, op->id, op->reason, op->final, e);
		if (rc == SAMSYN_OK || rc == SAMSYN_ENOTFOUND) {
			if ((commit_rc = db_commit(m->db, e)) != SAMSYN_OK)
				rc = commit_rc;
		} else {
			db_rollback(m->db);
		}
	}
	if (m->cfg.unlock)
		m->cfg.unlock();
	return rc;
}

/* Opens the connection on first use and checks it before each pass. */
static bool
mailer_connect(struct mailer *m)
{
	struct err e;
	int rc;

	if (m->db == NULL)
		rc = db_open(&m->db, m->cfg.db_url, &e);
	else
		rc = db_ping(m->db, &e);
	if (rc != SAMSYN_OK && !m->db_down)
		log_warn("mailer: the database does not answer (%s); mail waits",
			 err_code_name(rc));
	m->db_down = rc != SAMSYN_OK;
	return rc == SAMSYN_OK;
}

/* Runs the command with the message on its standard input; true on exit status 0.
 * reason (MAILER_REASON_MAX bytes) says why not, without personal data. */
static bool
mailer_pipe(struct mailer *m, const char *msg, size_t len, char *reason)
{
	struct rlimit files;
	int fds[2], devnull, status, maxfd;
	bool killed = false;
	pid_t pid;

	maxfd = getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < 65536
			? (int)files.rlim_cur
			: 65536;
	if (pipe2(fds, O_CLOEXEC) != 0) {
		snprintf(reason, MAILER_REASON_MAX, "Kommandot kunde inte startas.");
		return false;
	}
	devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
	pid = fork();
	if (pid == 0)
		mailer_child(fds[0], devnull, maxfd, m->argv, m->envp);
	close(fds[0]);
	if (devnull >= 0)
		close(devnull);
	if (pid < 0) {
		close(fds[1]);
		snprintf(reason, MAILER_REASON_MAX, "Kommandot kunde inte startas.");
		return false;
	}
	setpgid(pid, pid); /* as the child does: whichever runs first */
	/* A message is far smaller than a pipe holds, so this never waits for a command
	 * that does not read; one that exits early just makes it fail (EPIPE). */
	mailer_write_all(fds[1], msg, len);
	close(fds[1]);
	status = mailer_wait(m, pid, &killed);
	if (killed)
		snprintf(reason, MAILER_REASON_MAX, "Kommandot var inte klart inom %d sekunder och "
						    "avbröts.",
			 mailer_stopping(m) ? MAILER_STOP_GRACE : MAILER_COMMAND_SECONDS);
	else if (status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return true;
	else if (status >= 0 && WIFEXITED(status))
		snprintf(reason, MAILER_REASON_MAX, "Kommandot avslutades med status %d.",
			 WEXITSTATUS(status));
	else if (status >= 0 && WIFSIGNALED(status))
		snprintf(reason, MAILER_REASON_MAX, "Kommandot avbröts av signal %d.",
			 WTERMSIG(status));
	else
		snprintf(reason, MAILER_REASON_MAX, "Kommandots utfall gick inte att läsa.");
	return false;
}

/* In the child of fork(): only async-signal-safe calls until execve.  Output goes to
 * /dev/null, since a mail program's complaints may quote the address. */
static void
mailer_child(int in, int out, int maxfd, char *const argv[], char *const envp[])
{
	struct sigaction dfl;
	sigset_t none;

	setpgid(0, 0); /* its own group, so a stuck command is killed with its children */
	memset(&dfl, 0, sizeof(dfl));
	dfl.sa_handler = SIG_DFL;
	sigaction(SIGPIPE, &dfl, NULL); /* the server ignores it; exec would keep that */
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if (out < 0 || dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(out, 2) < 0)
		_exit(126);
	for (int fd = 0; fd < 3; fd++)
		fcntl(fd, F_SETFD, 0);
	if (close_range(3, ~0U, 0) != 0)
		for (int fd = 3; fd < maxfd; fd++)
			close(fd);
	execve("/bin/sh", argv, envp);
	_exit(127);
}

static void
mailer_write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		p += w;
		n -= (size_t)w;
	}
}

/* The command's wait status, or -1; a command past its time is killed (*killed). */
static int
mailer_wait(struct mailer *m, pid_t pid, bool *killed)
{
	const struct timespec tick = {.tv_nsec = 10 * 1000 * 1000};
	struct timespec start;
	int status;

	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		pid_t r = waitpid(pid, &status, WNOHANG);

		if (r == pid)
			return status;
		if (r < 0 && errno != EINTR)
			return -1;
		if (mailer_overdue(m, &start)) {
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			*killed = true;
			while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
				;
			return status;
		}
		nanosleep(&tick, NULL);
	}
}

static bool
mailer_overdue(struct mailer *m, const struct timespec *start)
{
	bool overdue = elapsed_ms(start) > MAILER_COMMAND_SECONDS * 1000;

	pthread_mutex_lock(&m->mutex);
	if (m->stopping && elapsed_ms(&m->stop_at) > MAILER_STOP_GRACE * 1000)
		overdue = true;
	pthread_mutex_unlock(&m->mutex);
	return overdue;
}

static bool
mailer_stopping(struct mailer *m)
{
	bool stopping;

	pthread_mutex_lock(&m->mutex);
	stopping = m->stopping;
	pthread_mutex_unlock(&m->mutex);
	return stopping;
}

/* Waits seconds, or until mailer_stop. */
static void
mailer_sleep(struct mailer *m, int seconds)
{
	struct timespec until;

	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += seconds;
	pthread_mutex_lock(&m->mutex);
	while (!m->stopping && pthread_cond_timedwait(&m->cond, &m->mutex, &until) != ETIMEDOUT)
		;
	pthread_mutex_unlock(&m->mutex);
}

static void
mailer_env(struct mailer *m)
{
	int n = 0;

	for (int i = 0; env_kept[i] && n < MAILER_ENV_MAX; i++) {
		const char *v = getenv(env_kept[i]);
		size_t len;

		if (v == NULL)
			continue;
		len = strlen(env_kept[i]) + strlen(v) + 2;
		m->envp[n] = xmalloc(len);
		snprintf(m->envp[n], len, "%s=%s", env_kept[i], v);
		n++;
	}
	if (getenv("PATH") == NULL && n < MAILER_ENV_MAX)
		m->envp[n++] = xstrdup("PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin");
	m->envp[n] = NULL;
}

static void
mailer_free(struct mailer *m)
{
	for (int i = 0; m->argv[i]; i++)
		free(m->argv[i]);
	for (int i = 0; m->envp[i]; i++)
		free(m->envp[i]);
	pthread_cond_destroy(&m->cond);
	pthread_mutex_destroy(&m->mutex);
	free(m);
}

static int64_t
elapsed_ms(const struct timespec *since)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (int64_t)(now.tv_sec - since->tv_sec) * 1000 +
	       (now.tv_nsec - since->tv_nsec) / 1000000;
}
