/* mailer.h - the thread of `samsyn serve` that sends queued mail (src/domain/outbox.h).
 *
 * Every few seconds it takes the unsent rows of mail_outbox one at a time and pipes each
 * message to mail_command, run as /bin/sh -c COMMAND with the message on standard input.
 * Exit status 0 marks the row sent; anything else counts a failed try. */
#ifndef SAMSYN_MAILER_H
#define SAMSYN_MAILER_H

#include "util/err.h"

struct mailer_config {
	const char *db_url;     /* the mailer opens a connection of its own */
	const char *command;    /* "" or NULL: no mailer is started, mail stays queued */
	const char *from;       /* mail_from */
	const char *public_url; /* public_url; "" for none */
	/* Held around each of the mailer's transactions, never while the command runs:
	 * the server's turn, so the mailer queues with the requests for the write lock
	 * (server_turn_take and server_turn_give).  May be NULL. */
	void (*lock)(void);
	void (*unlock)(void);
};

struct mailer;

/* Starts the mailer thread; *out is NULL (and SAMSYN_OK returned) when cfg->command is
 * empty.  The strings in cfg must live until mailer_stop. */
int mailer_start(struct mailer **out, const struct mailer_config *cfg, struct err *e);

/* Asks the thread to stop, waits for it (a mail command still running gets a few seconds
 * to finish, then is killed) and frees m.  mailer_stop(NULL) does nothing. */
void mailer_stop(struct mailer *m);

#endif
