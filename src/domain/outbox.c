#include "domain/outbox.h"

#include <stdio.h>
#include <string.h>

#include "util/timeutil.h"

static const char SQL_QUEUE[] =
	"INSERT INTO mail_outbox (user_id, kind, created_at) VALUES (?, ?, ?)";
static const char SQL_NEXT[] =
	"SELECT o.id, u.email, u.active FROM mail_outbox o JOIN users u ON u.id = o.user_id"
	" WHERE o.sent_at IS NULL AND o.attempts < ? AND o.id > ? ORDER BY o.id LIMIT 1";
static const char SQL_SENT[] =
	"UPDATE mail_outbox SET sent_at = ? WHERE id = ? AND sent_at IS NULL";
static const char SQL_FAILED[] =
	"UPDATE mail_outbox SET attempts = CASE WHEN ? = 1 THEN ? ELSE attempts + 1 END,"
	" last_error = ? WHERE id = ?";

/* The kinds the schema allows.  Each has the same text: what a mail is about stays in
 * samsyn, behind the login. */
static const char *const outbox_kinds[] = {"feedback", NULL};

static const char SUBJECT[] = "Nytt att läsa i samsyn";

static bool outbox_header_safe(const char *s);
static void outbox_encoded_word(struct buf *b, const char *text);

int
outbox_queue(struct tx *tx, int64_t user_id, const char *kind, struct err *e)
{
	struct db_stmt *st = NULL;
	char now[TIME_ISO_LEN];
	bool known = false;
	int rc;

	for (int i = 0; kind && outbox_kinds[i]; i++)
		known = known || strcmp(kind, outbox_kinds[i]) == 0;
	if (!known || user_id <= 0)
		return err_set(e, SAMSYN_EINTERNAL, NULL, NULL);
	time_now_iso(now);
	if ((rc = db_prepare(tx->db, SQL_QUEUE, &st, e)) != SAMSYN_OK)
		goto cleanup;
	db_bind_int64(st, 1, user_id);
	db_bind_text(st, 2, kind);
	db_bind_text(st, 3, now);
	rc = db_step(st, e);
	rc = rc == DB_DONE ? SAMSYN_OK : rc;
cleanup:
	db_finalize(st);
	return rc;
}

int
outbox_next(struct db *db, int64_t after, struct outbox_mail *out, struct err *e)
{
	struct db_stmt *st = NULL;
	int rc;

	if ((rc = db_prepare(db, SQL_NEXT, &st, e)) != SAMSYN_OK)
		goto cleanup;
	db_bind_int64(st, 1, OUTBOX_MAX_ATTEMPTS);
	db_bind_int64(st, 2, after);
	rc = db_step(st, e);
	if (rc == DB_ROW) {
		const char *to = db_column_text(st, 1);

		out->id = db_column_int64(st, 0);
		snprintf(out->to, sizeof(out->to), "%s", to ? to : "");
		out->active = db_column_int64(st, 2) == 1;
		rc = SAMSYN_OK;
	} else if (rc == DB_DONE) {
		rc = SAMSYN_ENOTFOUND;
	}
cleanup:
	db_finalize(st);
	return rc;
}

int
outbox_message(const struct outbox_sender *s, const struct outbox_mail *m, struct buf *b)
{
	bool url = s->public_url && *s->public_url;

	if (!outbox_header_safe(s->from) || !outbox_header_safe(m->to) ||
	    (url && !outbox_header_safe(s->public_url)))
		return SAMSYN_EINVAL;
	buf_printf(b, "From: %s\nTo: %s\nSubject: ", s->from, m->to);
	outbox_encoded_word(b, SUBJECT);
	buf_puts(b, "\nMIME-Version: 1.0\n"
		    "Content-Type: text/plain; charset=UTF-8\n"
		    "Content-Transfer-Encoding: 8bit\n"
		    "Auto-Submitted: auto-generated\n"
		    "\n"
		    "Hej!\n"
		    "\n");
	if (url)
		buf_printf(b, "Det finns något nytt för dig att läsa i samsyn. Logga in här för "
			      "att läsa det:\n%s\n",
			   s->public_url);
	else
		buf_puts(b, "Det finns något nytt för dig att läsa i samsyn. Logga in i samsyn "
			    "för att läsa det.\n");
	buf_puts(b, "\n"
		    "Brevet skickades automatiskt. Svara inte på det.\n");
	return SAMSYN_OK;
}

int
outbox_mark_sent(struct db *db, int64_t id, struct err *e)
{
	struct db_stmt *st = NULL;
	char now[TIME_ISO_LEN];
	int rc;

	time_now_iso(now);
	if ((rc = db_prepare(db, SQL_SENT, &st, e)) != SAMSYN_OK)
		goto cleanup;
	db_bind_text(st, 1, now);
	db_bind_int64(st, 2, id);
	rc = db_step(st, e);
	rc = rc == DB_DONE ? SAMSYN_OK : rc;
cleanup:
	db_finalize(st);
	return rc;
}

int
outbox_mark_failed(struct db *db, int64_t id, const char *reason, bool final, struct err *e)
{
	struct db_stmt *st = NULL;
	int rc;

	if ((rc = db_prepare(db, SQL_FAILED, &st, e)) != SAMSYN_OK)
		goto cleanup;
	db_bind_int64(st, 1, final ? 1 : 0);
	db_bind_int64(st, 2, OUTBOX_MAX_ATTEMPTS);
	db_bind_text(st, 3, reason);
	db_bind_int64(st, 4, id);
	rc = db_step(st, e);
	rc = rc == DB_DONE ? SAMSYN_OK : rc;
cleanup:
	db_finalize(st);
	return rc;
}

/* No control character may reach a header: a line break would start a header (or the
 * body) of the sender's choosing. */
static bool
outbox_header_safe(const char *s)
{
	if (s == NULL || *s == '\0')
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return false;
	return true;
}

/* RFC 2047 "Q" encoding: a header holds ASCII only, so "läsa" travels as l=C3=A4sa. */
static void
outbox_encoded_word(struct buf *b, const char *text)
{
	buf_puts(b, "=?UTF-8?Q?");
	for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
		if (*p == ' ')
			buf_putc(b, '_');
		else if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			 (*p >= '0' && *p <= '9'))
			buf_putc(b, (char)*p);
		else
			buf_printf(b, "=%02X", *p);
	}
	buf_puts(b, "?=");
}
