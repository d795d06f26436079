/* outbox.h - mail that samsyn sends (utkorg).
 *
 * A mail never says what it is about: its text is fixed per kind ("there is something
 * to read in samsyn, log in to read it") and names no child, report or outcome.  Rows are
 * queued in the transaction that causes them (mail_outbox) and sent afterwards by the
 * server's mailer, which pipes each message to the configured mail_command (for example
 * "/usr/sbin/sendmail -t -i"); without one, mail stays queued (docs/OPERATIONS.md).
 *
 * The sending side below works on a struct db in the caller's transaction: the mailer
 * (src/mailer.c) runs each step in a short transaction of its own and never holds one
 * while the mail command runs. */
#ifndef SAMSYN_OUTBOX_H
#define SAMSYN_OUTBOX_H

#include <stdbool.h>
#include <stdint.h>

#include "db/db.h"
#include "domain/tx.h"
#include "domain/user.h"
#include "util/buf.h"
#include "util/err.h"

/* A mail is tried this many times; after that it stays in the table, unsent. */
#define OUTBOX_MAX_ATTEMPTS 5

/* Queues one mail of kind ("feedback") to user_id. */
int outbox_queue(struct tx *tx, int64_t user_id, const char *kind, struct err *e);

/* One queued mail, with the address read from users when it is sent. */
struct outbox_mail {
	int64_t id;
	char to[USER_EMAIL_MAX + 1];
	bool active; /* the user may still log in */
};

/* The oldest unsent mail with fewer than OUTBOX_MAX_ATTEMPTS tries and an id above
 * after; SAMSYN_ENOTFOUND when there is none. */
int outbox_next(struct db *db, int64_t after, struct outbox_mail *out, struct err *e);

struct outbox_sender {
	const char *from;       /* the From address (config mail_from) */
	const char *public_url; /* where to log in (config public_url); NULL or "" for none */
};

/* Writes the whole message, headers and body, into b (which the caller owns).
 * SAMSYN_EINVAL when an address cannot stand in a header (a control character). */
int outbox_message(const struct outbox_sender *s, const struct outbox_mail *m, struct buf *b);

/* Records that the mail was handed over (sent_at). */
int outbox_mark_sent(struct db *db, int64_t id, struct err *e);
/* Records a failed try: attempts + 1 and the reason, which must hold no personal data.
 * final: no more tries (attempts set to OUTBOX_MAX_ATTEMPTS). */
int outbox_mark_failed(struct db *db, int64_t id, const char *reason, bool final,
		       struct err *e);

#endif
